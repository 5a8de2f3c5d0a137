/*
 * test_numeric.c -- the integer and float helpers of spy.h, and the math
 * module, against CPython semantics.
 *
 * 8-bit operations are checked exhaustively against a straightforward
 * reference computed in wide arithmetic; wider ones on edge cases; the
 * tables (true division, float //, %, **, math) come from CPython 3.11.
 *
 * Compiled as `spy build --release` compiles programs (SPY_RELEASE), so
 * spy_T_add... wrap; the checked operations are called by their own names
 * (spy_T_cadd...) and compared with exact results wherever those fit (an
 * overflow panics: libspy/tests/check_panic.py checks one).
 */
#define SPY_RELEASE 1

#include <math.h>

#include "check.h"

/* bit-exact float comparison (NaN equals NaN, -0.0 differs from 0.0) */
static void check_f64_at(const char *file, int line, double got, double want,
                         const char *what) {
    check_count++;
    if (!(got == want && signbit(got) == signbit(want)) &&
        !(isnan(got) && isnan(want))) {
        check_failures++;
        fprintf(stderr, "%s:%d: FAILED: %s = %a, want %a\n", file, line, what,
                got, want);
    }
}
#define CHECK_F64(got, want) check_f64_at(__FILE__, __LINE__, (got), (want), #got)

/* ===================================================================== */
/* 8-bit, exhaustively                                                   */
/* ===================================================================== */

static long wrap_i8(long x) {
    long m = ((x % 256) + 256) % 256;
    return m >= 128 ? m - 256 : m;
}

static void test_i8_exhaustive(void) {
    long a, b, bad = 0;
    for (a = -128; a <= 127; a++) {
        for (b = -128; b <= 127; b++) {
            int8_t x = (int8_t)a, y = (int8_t)b;
            if (spy_i8_add(x, y) != wrap_i8(a + b) ||
                spy_i8_sub(x, y) != wrap_i8(a - b) ||
                spy_i8_mul(x, y) != wrap_i8(a * b))
                bad++;
            if (b != 0) {
                long q = (long)floor((double)a / (double)b);
                if (spy_i8_floordiv(x, y) != wrap_i8(q) ||
                    spy_i8_mod(x, y) != a - b * q ||
                    spy_i8_truediv(x, y) != (double)a / (double)b)
                    bad++;
            }
            if (b >= 0) {
                long p = 1, k;
                for (k = 0; k < b; k++)
                    p = wrap_i8(p * a);
                if (spy_i8_pow(x, y) != p)
                    bad++;
                if (spy_i8_shl(x, y) != (b >= 8 ? 0 : wrap_i8(a * (1L << b))))
                    bad++;
                if (spy_i8_shr(x, y) !=
                    (b >= 8 ? (a < 0 ? -1 : 0)
                            : (long)floor((double)a / (double)(1L << b))))
                    bad++;
            }
        }
        if (spy_i8_neg((int8_t)a) != wrap_i8(-a))
            bad++;
    }
    CHECK(bad == 0);
}

static void test_u8_exhaustive(void) {
    long a, b, bad = 0;
    for (a = 0; a <= 255; a++) {
        for (b = 0; b <= 255; b++) {
            uint8_t x = (uint8_t)a, y = (uint8_t)b;
            long p = 1, k;
            if (spy_u8_add(x, y) != (a + b) % 256 ||
                spy_u8_sub(x, y) != (a - b + 256) % 256 ||
                spy_u8_mul(x, y) != (a * b) % 256)
                bad++;
            if (b != 0 && (spy_u8_floordiv(x, y) != a / b ||
                           spy_u8_mod(x, y) != a % b))
                bad++;
            for (k = 0; k < b; k++)
                p = (p * a) % 256;
            if (spy_u8_pow(x, y) != p)
                bad++;
            if (spy_u8_shl(x, y) != (b >= 8 ? 0 : (a << b) % 256) ||
                spy_u8_shr(x, y) != (b >= 8 ? 0 : a >> b))
                bad++;
        }
    }
    CHECK(bad == 0);
}

static long exact_pow(long a, long b, long lo, long hi, int *fits) {
    long p = 1, k;
    *fits = 1;
    for (k = 0; k < b; k++) {
        p = p * a;
        if (p < lo || p > hi) { /* |p| only grows once |a| >= 2 */
            *fits = a == 0 || a == 1 || a == -1;
            if (!*fits)
                return 0;
        }
    }
    return p;
}

static void test_checked_8bit(void) {
    long a, b, bad = 0, fitting = 0;
    int fits;
    for (a = -128; a <= 127; a++) {
        for (b = -128; b <= 127; b++) {
            int8_t x = (int8_t)a, y = (int8_t)b;
            long p;
            if (a + b >= -128 && a + b <= 127 && ++fitting)
                bad += spy_i8_cadd(x, y) != a + b;
            if (a - b >= -128 && a - b <= 127)
                bad += spy_i8_csub(x, y) != a - b;
            if (a * b >= -128 && a * b <= 127)
                bad += spy_i8_cmul(x, y) != a * b;
            if (b >= 0 && b < 8 && a * (1L << b) >= -128 && a * (1L << b) <= 127)
                bad += spy_i8_cshl(x, y) != a * (1L << b);
            if (b >= 0) {
                p = exact_pow(a, b, -128, 127, &fits);
                if (fits)
                    bad += spy_i8_cpow(x, y) != p;
            }
        }
        if (-a <= 127)
            bad += spy_i8_cneg((int8_t)a) != -a;
    }
    for (a = 0; a <= 255; a++) {
        for (b = 0; b <= 255; b++) {
            uint8_t x = (uint8_t)a, y = (uint8_t)b;
            long p;
            if (a + b <= 255)
                bad += spy_u8_cadd(x, y) != a + b;
            if (a >= b)
                bad += spy_u8_csub(x, y) != a - b;
            if (a * b <= 255)
                bad += spy_u8_cmul(x, y) != a * b;
            if (b < 8 && (a << b) <= 255)
                bad += spy_u8_cshl(x, y) != (a << b);
            p = exact_pow(a, b, 0, 255, &fits);
            if (fits)
                bad += spy_u8_cpow(x, y) != p;
        }
    }
    CHECK(bad == 0);
    CHECK(fitting > 30000);
    CHECK(spy_i8_cshl(0, 100) == 0);
    CHECK(spy_i64_cpow(-2, 63) == INT64_MIN);
    CHECK(spy_i64_cmul(INT64_MIN, 1) == INT64_MIN);
    CHECK(spy_u64_cpow(2, 63) == UINT64_C(9223372036854775808));
    CHECK(spy_i32_cshl(-1, 31) == INT32_MIN);
}

/* ===================================================================== */
/* wider integers: edge cases                                            */
/* ===================================================================== */

static void test_wide_ints(void) {
    CHECK(spy_i32_add(INT32_MAX, 1) == INT32_MIN);
    CHECK(spy_i32_sub(INT32_MIN, 1) == INT32_MAX);
    CHECK(spy_i32_mul(65536, 65536) == 0);
    CHECK(spy_i32_mul(65536, 32768) == INT32_MIN);
    CHECK(spy_i32_neg(INT32_MIN) == INT32_MIN);
    CHECK(spy_i32_pow(46341, 2) == -2147479015);
    CHECK(spy_i32_pow(7, 77) == -1031769369);
    CHECK(spy_u32_pow(7, 77) == 3263197927u);
    CHECK(spy_i32_pow(0, 0) == 1);
    CHECK(spy_i16_pow(12345, 3) == 25449);
    CHECK(spy_i16_mul(300, 300) == 24464);
    CHECK(spy_u16_mul(256, 256) == 0);
    CHECK(spy_u16_mul(65535, 65535) == 1);
    CHECK(spy_i32_floordiv(-7, 2) == -4);
    CHECK(spy_i32_floordiv(7, -2) == -4);
    CHECK(spy_i32_floordiv(-7, -2) == 3);
    CHECK(spy_i32_mod(-7, 2) == 1);
    CHECK(spy_i32_mod(7, -2) == -1);
    CHECK(spy_i32_mod(-7, -2) == -1);
    CHECK(spy_i32_floordiv(INT32_MIN, -1) == INT32_MIN);
    CHECK(spy_i32_mod(INT32_MIN, -1) == 0);
    CHECK(spy_i64_floordiv(INT64_MIN, -1) == INT64_MIN);
    CHECK(spy_i64_mod(INT64_MIN, -1) == 0);
    CHECK(spy_i64_floordiv(INT64_MIN, 2) == INT64_MIN / 2);
    CHECK(spy_i64_mod(INT64_MIN, INT64_MAX) == INT64_MAX - 1);
    CHECK(spy_i64_floordiv(INT64_MIN, INT64_MAX) == -2);
    CHECK(spy_i64_add(INT64_MAX, 1) == INT64_MIN);
    CHECK(spy_i64_mul(INT64_MIN, -1) == INT64_MIN);
    CHECK(spy_i64_pow(3, 40) == INT64_C(-6289078614652622815));
    CHECK(spy_i64_pow(-2, 63) == INT64_MIN);
    CHECK(spy_i64_pow(2, 64) == 0);
    CHECK(spy_u64_pow(3, 40) == UINT64_C(12157665459056928801));
    CHECK(spy_u64_sub(0, 1) == UINT64_MAX);
    CHECK(spy_u64_floordiv(UINT64_MAX, 10) == UINT64_C(1844674407370955161));
    CHECK(spy_u64_mod(UINT64_MAX, 10) == 5);
    CHECK(spy_i64_shl(1, 63) == INT64_MIN);
    CHECK(spy_i64_shl(1, 64) == 0);
    CHECK(spy_i64_shl(-1, 1000) == 0);
    CHECK(spy_i64_shr(-1, 100) == -1);
    CHECK(spy_i64_shr(INT64_MIN, 63) == -1);
    CHECK(spy_i64_shr(INT64_MAX, 62) == 1);
    CHECK(spy_i32_shr(-5, 1) == -3);
    CHECK(spy_i32_shl(3, 31) == INT32_MIN);
    CHECK(spy_u64_shr(UINT64_MAX, 63) == 1);
    CHECK(spy_u64_shl(UINT64_MAX, 64) == 0);
    CHECK(spy_u16_shl(0x8001, 1) == 2);
    CHECK(spy_u32_shl(1, 32) == 0);
    CHECK_PANIC(spy_i32_floordiv(1, 0),
                "ZeroDivisionError: integer division or modulo by zero");
    CHECK_PANIC(spy_u8_floordiv(1, 0),
                "ZeroDivisionError: integer division or modulo by zero");
    CHECK_PANIC(spy_i64_mod(1, 0), "ZeroDivisionError: integer modulo by zero");
    CHECK_PANIC(spy_u64_mod(1, 0), "ZeroDivisionError: integer modulo by zero");
    CHECK_PANIC(spy_i16_truediv(1, 0), "ZeroDivisionError: division by zero");
    CHECK_PANIC(spy_i64_truediv(1, 0), "ZeroDivisionError: division by zero");
    CHECK_PANIC(spy_u64_truediv(1, 0), "ZeroDivisionError: division by zero");
    CHECK_PANIC(spy_i32_pow(2, -1),
                "ValueError: integer ** negative exponent is not supported");
    CHECK_PANIC(spy_i64_shl(1, -1), "ValueError: negative shift count");
    CHECK_PANIC(spy_i8_shr(1, -1), "ValueError: negative shift count");
}

/* ===================================================================== */
/* true division of 64-bit integers: correctly rounded                   */
/* ===================================================================== */

static const struct { int64_t a, b; double q; } i64_truediv_cases[] = {
    {INT64_C(9223372036854775807), INT64_C(3), 0x1.5555555555555p+61},
    {INT64_C(9223372036854775807), INT64_C(-7), -0x1.2492492492492p+60},
    {INT64_C(9223372036854775807), INT64_C(9007199254740993), 0x1.fffffffffffffp+9},
    {INT64_C(9223372036854775807), INT64_C(1000000000000000003), 0x1.2725dd1d243acp+3},
    {INT64_C(9223372036854775807), INT64_C(9223372036854775807), 0x1.0000000000000p+0},
    {INT64_C(9223372036854775807), INT64_MIN, -0x1.0000000000000p+0},
    {INT64_C(9223372036854775807), INT64_C(1), 0x1.0000000000000p+63},
    {INT64_C(9223372036854775807), INT64_C(1152921504606846981), 0x1.0000000000000p+3},
    {INT64_MIN, INT64_C(3), -0x1.5555555555555p+61},
    {INT64_MIN, INT64_C(-7), 0x1.2492492492492p+60},
    {INT64_MIN, INT64_C(9007199254740993), -0x1.fffffffffffffp+9},
    {INT64_MIN, INT64_C(1000000000000000003), -0x1.2725dd1d243acp+3},
    {INT64_MIN, INT64_C(9223372036854775807), -0x1.0000000000000p+0},
    {INT64_MIN, INT64_MIN, 0x1.0000000000000p+0},
    {INT64_MIN, INT64_C(1), -0x1.0000000000000p+63},
    {INT64_MIN, INT64_C(1152921504606846981), -0x1.0000000000000p+3},
    {INT64_C(9007199254740993), INT64_C(3), 0x1.5555555555556p+51},
    {INT64_C(9007199254740993), INT64_C(-7), -0x1.2492492492493p+50},
    {INT64_C(9007199254740993), INT64_C(9007199254740993), 0x1.0000000000000p+0},
    {INT64_C(9007199254740993), INT64_C(1000000000000000003), 0x1.2725dd1d243acp-7},
    {INT64_C(9007199254740993), INT64_C(9223372036854775807), 0x1.0000000000001p-10},
    {INT64_C(9007199254740993), INT64_MIN, -0x1.0000000000000p-10},
    {INT64_C(9007199254740993), INT64_C(1), 0x1.0000000000000p+53},
    {INT64_C(9007199254740993), INT64_C(1152921504606846981), 0x1.0000000000000p-7},
    {INT64_C(4611686018427400249), INT64_C(3), 0x1.5555555555565p+60},
    {INT64_C(4611686018427400249), INT64_C(-7), -0x1.24924924924a0p+59},
    {INT64_C(4611686018427400249), INT64_C(9007199254740993), 0x1.000000000000cp+9},
    {INT64_C(4611686018427400249), INT64_C(1000000000000000003), 0x1.2725dd1d243bap+2},
    {INT64_C(4611686018427400249), INT64_C(9223372036854775807), 0x1.000000000000cp-1},
    {INT64_C(4611686018427400249), INT64_MIN, -0x1.000000000000cp-1},
    {INT64_C(4611686018427400249), INT64_C(1), 0x1.000000000000cp+62},
    {INT64_C(4611686018427400249), INT64_C(1152921504606846981), 0x1.000000000000cp+2},
    {INT64_C(-2305843009213693959), INT64_C(3), -0x1.5555555555555p+59},
    {INT64_C(-2305843009213693959), INT64_C(-7), 0x1.2492492492492p+58},
    {INT64_C(-2305843009213693959), INT64_C(9007199254740993), -0x1.fffffffffffffp+7},
    {INT64_C(-2305843009213693959), INT64_C(1000000000000000003), -0x1.2725dd1d243acp+1},
    {INT64_C(-2305843009213693959), INT64_C(9223372036854775807), -0x1.0000000000000p-2},
    {INT64_C(-2305843009213693959), INT64_MIN, 0x1.0000000000000p-2},
    {INT64_C(-2305843009213693959), INT64_C(1), -0x1.0000000000000p+61},
    {INT64_C(-2305843009213693959), INT64_C(1152921504606846981), -0x1.0000000000000p+1},
    {INT64_C(1000000000000000003), INT64_C(3), 0x1.280f39a348555p+58},
    {INT64_C(1000000000000000003), INT64_C(-7), -0x1.fb87d085a0925p+56},
    {INT64_C(1000000000000000003), INT64_C(9007199254740993), 0x1.bc16d674ec7ffp+6},
    {INT64_C(1000000000000000003), INT64_C(1000000000000000003), 0x1.0000000000000p+0},
    {INT64_C(1000000000000000003), INT64_C(9223372036854775807), 0x1.bc16d674ec800p-4},
    {INT64_C(1000000000000000003), INT64_MIN, -0x1.bc16d674ec800p-4},
    {INT64_C(1000000000000000003), INT64_C(1), 0x1.bc16d674ec800p+59},
    {INT64_C(1000000000000000003), INT64_C(1152921504606846981), 0x1.bc16d674ec800p-1},
    {INT64_C(3), INT64_C(3), 0x1.0000000000000p+0},
    {INT64_C(3), INT64_C(-7), -0x1.b6db6db6db6dbp-2},
    {INT64_C(3), INT64_C(9007199254740993), 0x1.7ffffffffffffp-52},
    {INT64_C(3), INT64_C(1000000000000000003), 0x1.bab8cbabb6581p-59},
    {INT64_C(3), INT64_C(9223372036854775807), 0x1.8000000000000p-62},
    {INT64_C(3), INT64_MIN, -0x1.8000000000000p-62},
    {INT64_C(3), INT64_C(1), 0x1.8000000000000p+1},
    {INT64_C(3), INT64_C(1152921504606846981), 0x1.8000000000000p-59},
    {INT64_C(-7), INT64_C(3), -0x1.2aaaaaaaaaaabp+1},
    {INT64_C(-7), INT64_C(-7), 0x1.0000000000000p+0},
    {INT64_C(-7), INT64_C(9007199254740993), -0x1.bffffffffffffp-51},
    {INT64_C(-7), INT64_C(1000000000000000003), -0x1.024121797fb36p-57},
    {INT64_C(-7), INT64_C(9223372036854775807), -0x1.c000000000000p-61},
    {INT64_C(-7), INT64_MIN, 0x1.c000000000000p-61},
    {INT64_C(-7), INT64_C(1), -0x1.c000000000000p+2},
    {INT64_C(-7), INT64_C(1152921504606846981), -0x1.c000000000000p-58},
    {INT64_C(18014398509481983), INT64_C(3), 0x1.5555555555555p+52},
    {INT64_C(18014398509481983), INT64_C(-7), -0x1.2492492492492p+51},
    {INT64_C(18014398509481983), INT64_C(9007199254740993), 0x1.fffffffffffffp+0},
    {INT64_C(18014398509481983), INT64_C(1000000000000000003), 0x1.2725dd1d243abp-6},
    {INT64_C(18014398509481983), INT64_C(9223372036854775807), 0x1.0000000000000p-9},
    {INT64_C(18014398509481983), INT64_MIN, -0x1.0000000000000p-9},
    {INT64_C(18014398509481983), INT64_C(1), 0x1.0000000000000p+54},
    {INT64_C(18014398509481983), INT64_C(1152921504606846981), 0x1.fffffffffffffp-7},
    {INT64_C(123456789123456789), INT64_C(3), 0x1.246787c88aea1p+55},
    {INT64_C(123456789123456789), INT64_C(-7), -0x1.f543c43337482p+53},
    {INT64_C(123456789123456789), INT64_C(9007199254740993), 0x1.b69b4bacd05f0p+3},
    {INT64_C(123456789123456789), INT64_C(1000000000000000003), 0x1.f9add37c1215ep-4},
    {INT64_C(123456789123456789), INT64_C(9223372036854775807), 0x1.b69b4bacd05f1p-7},
    {INT64_C(123456789123456789), INT64_MIN, -0x1.b69b4bacd05f1p-7},
    {INT64_C(123456789123456789), INT64_C(1), 0x1.b69b4bacd05f1p+56},
    {INT64_C(123456789123456789), INT64_C(1152921504606846981), 0x1.b69b4bacd05f1p-4},
    {INT64_C(0), INT64_C(3), 0.0},
    {INT64_C(0), INT64_C(-7), -0.0},
    {INT64_C(0), INT64_C(9007199254740993), 0.0},
    {INT64_C(0), INT64_C(1000000000000000003), 0.0},
    {INT64_C(0), INT64_C(9223372036854775807), 0.0},
    {INT64_C(0), INT64_MIN, -0.0},
    {INT64_C(0), INT64_C(1), 0.0},
    {INT64_C(0), INT64_C(1152921504606846981), 0.0},
};
static const struct { uint64_t a, b; double q; } u64_truediv_cases[] = {
    {UINT64_C(18446744073709551615), UINT64_C(3), 0x1.5555555555555p+62},
    {UINT64_C(18446744073709551615), UINT64_C(18446744073709551615), 0x1.0000000000000p+0},
    {UINT64_C(18446744073709551615), UINT64_C(10000000000000000007), 0x1.d83c94fb6d2acp+0},
    {UINT64_C(9223372036854775809), UINT64_C(3), 0x1.5555555555555p+61},
    {UINT64_C(12345678901234567890), UINT64_C(7), 0x1.879cf142196b8p+60},
    {UINT64_C(18446744073709551614), UINT64_C(9007199254740993), 0x1.fffffffffffffp+10},
    {UINT64_C(9007199254740993), UINT64_C(18446744073709551615), 0x1.0000000000001p-11},
    {UINT64_C(3), UINT64_C(18446744073709551615), 0x1.8000000000000p-63},
};

static void test_truediv(void) {
    size_t i;
    for (i = 0; i < sizeof i64_truediv_cases / sizeof i64_truediv_cases[0];
         i++)
        CHECK_F64(spy_i64_truediv(i64_truediv_cases[i].a,
                                  i64_truediv_cases[i].b),
                  i64_truediv_cases[i].q);
    for (i = 0; i < sizeof u64_truediv_cases / sizeof u64_truediv_cases[0];
         i++)
        CHECK_F64(spy_u64_truediv(u64_truediv_cases[i].a,
                                  u64_truediv_cases[i].b),
                  u64_truediv_cases[i].q);
    CHECK_F64(spy_i32_truediv(-7, 2), -3.5);
    CHECK_F64(spy_i32_truediv(0, -5), -0.0);
    CHECK_F64(spy_u8_truediv(1, 3), 1.0 / 3.0);
}

/* ===================================================================== */
/* float -> integer                                                      */
/* ===================================================================== */

static void test_f64_to_int(void) {
    CHECK(spy_f64_to_i32(2147483647.9) == INT32_MAX);
    CHECK(spy_f64_to_i32(-2147483648.9) == INT32_MIN);
    CHECK(spy_f64_to_i32(-1.9) == -1);
    CHECK(spy_f64_to_i32(-0.0) == 0);
    CHECK(spy_f64_to_u8(255.9) == 255);
    CHECK(spy_f64_to_u8(-0.9) == 0);
    CHECK(spy_f64_to_i8(-128.5) == -128);
    CHECK(spy_f64_to_i64(-9223372036854775808.0) == INT64_MIN);
    CHECK(spy_f64_to_i64(9223372036854774784.0) == INT64_C(9223372036854774784));
    CHECK(spy_f64_to_u64(18446744073709549568.0) ==
          UINT64_C(18446744073709549568));
    CHECK(spy_f64_to_u64(-0.5) == 0);
    CHECK(spy_f64_to_u32(4294967295.5) == UINT32_MAX);
    CHECK(spy_f64_to_i16(-32768.99) == -32768);
    CHECK(spy_f64_to_u16(65535.0) == 65535);
    CHECK_PANIC(spy_f64_to_i32(2147483648.0),
                "ValueError: float out of range for i32");
    CHECK_PANIC(spy_f64_to_i32(-2147483649.0),
                "ValueError: float out of range for i32");
    CHECK_PANIC(spy_f64_to_u8(256.0), "ValueError: float out of range for u8");
    CHECK_PANIC(spy_f64_to_u8(-1.0), "ValueError: float out of range for u8");
    CHECK_PANIC(spy_f64_to_i64(9223372036854775808.0),
                "ValueError: float out of range for i64");
    CHECK_PANIC(spy_f64_to_u64(18446744073709551616.0),
                "ValueError: float out of range for u64");
    CHECK_PANIC(spy_f64_to_i64(NAN),
                "ValueError: cannot convert float NaN to integer");
    CHECK_PANIC(spy_f64_to_i16(INFINITY),
                "ValueError: cannot convert float infinity to integer");
    CHECK_PANIC(spy_f64_to_u32(-INFINITY),
                "ValueError: cannot convert float infinity to integer");
}

/* ===================================================================== */
/* float operators                                                       */
/* ===================================================================== */

static const struct { double a, b, floordiv, mod; } f64_divmod_cases[] = {
    {0x1.e000000000000p+2, 0x1.0000000000000p+1, 0x1.8000000000000p+1, 0x1.8000000000000p+0},
    {0x1.e000000000000p+2, -0x1.0000000000000p+1, -0x1.0000000000000p+2, -0x1.0000000000000p-1},
    {0x1.e000000000000p+2, 0x1.999999999999ap-4, 0x1.2800000000000p+6, 0x1.999999999997cp-4},
    {0x1.e000000000000p+2, -0x1.8000000000000p+1, -0x1.8000000000000p+1, -0x1.8000000000000p+0},
    {0x1.e000000000000p+2, INFINITY, 0.0, 0x1.e000000000000p+2},
    {0x1.e000000000000p+2, -INFINITY, -0x1.0000000000000p+0, -INFINITY},
    {0x1.e000000000000p+2, 0x1.56e1fc2f8f359p-997, 0x1.665f8bf806e42p+999, 0x1.ef63dbeb6f3cep-998},
    {-0x1.e000000000000p+2, 0x1.0000000000000p+1, -0x1.0000000000000p+2, 0x1.0000000000000p-1},
    {-0x1.e000000000000p+2, -0x1.0000000000000p+1, 0x1.8000000000000p+1, -0x1.8000000000000p+0},
    {-0x1.e000000000000p+2, 0x1.999999999999ap-4, -0x1.2c00000000000p+6, 0x1.e000000000000p-52},
    {-0x1.e000000000000p+2, -0x1.8000000000000p+1, 0x1.0000000000000p+1, -0x1.8000000000000p+0},
    {-0x1.e000000000000p+2, INFINITY, -0x1.0000000000000p+0, INFINITY},
    {-0x1.e000000000000p+2, -INFINITY, 0.0, -0x1.e000000000000p+2},
    {-0x1.e000000000000p+2, 0x1.56e1fc2f8f359p-997, -0x1.665f8bf806e42p+999, 0x1.7cc038e75e5c8p-999},
    {0x1.0000000000000p+0, 0x1.0000000000000p+1, 0.0, 0x1.0000000000000p+0},
    {0x1.0000000000000p+0, -0x1.0000000000000p+1, -0x1.0000000000000p+0, -0x1.0000000000000p+0},
    {0x1.0000000000000p+0, 0x1.999999999999ap-4, 0x1.2000000000000p+3, 0x1.9999999999996p-4},
    {0x1.0000000000000p+0, -0x1.8000000000000p+1, -0x1.0000000000000p+0, -0x1.0000000000000p+1},
    {0x1.0000000000000p+0, INFINITY, 0.0, 0x1.0000000000000p+0},
    {0x1.0000000000000p+0, -INFINITY, -0x1.0000000000000p+0, -INFINITY},
    {0x1.0000000000000p+0, 0x1.56e1fc2f8f359p-997, 0x1.7e43c8800759bp+996, 0x1.33550b9c24a66p-997},
    {-0x1.0000000000000p+0, 0x1.0000000000000p+1, -0x1.0000000000000p+0, 0x1.0000000000000p+0},
    {-0x1.0000000000000p+0, -0x1.0000000000000p+1, 0.0, -0x1.0000000000000p+0},
    {-0x1.0000000000000p+0, 0x1.999999999999ap-4, -0x1.4000000000000p+3, 0x1.0000000000000p-54},
    {-0x1.0000000000000p+0, -0x1.8000000000000p+1, 0.0, -0x1.0000000000000p+0},
    {-0x1.0000000000000p+0, INFINITY, -0x1.0000000000000p+0, INFINITY},
    {-0x1.0000000000000p+0, -INFINITY, 0.0, -0x1.0000000000000p+0},
    {-0x1.0000000000000p+0, 0x1.56e1fc2f8f359p-997, -0x1.7e43c8800759bp+996, 0x1.1c67849b54798p-1000},
    {0.0, 0x1.0000000000000p+1, 0.0, 0.0},
    {0.0, -0x1.0000000000000p+1, -0.0, -0.0},
    {0.0, 0x1.999999999999ap-4, 0.0, 0.0},
    {0.0, -0x1.8000000000000p+1, -0.0, -0.0},
    {0.0, INFINITY, 0.0, 0.0},
    {0.0, -INFINITY, -0.0, -0.0},
    {0.0, 0x1.56e1fc2f8f359p-997, 0.0, 0.0},
    {-0.0, 0x1.0000000000000p+1, -0.0, 0.0},
    {-0.0, -0x1.0000000000000p+1, 0.0, -0.0},
    {-0.0, 0x1.999999999999ap-4, -0.0, 0.0},
    {-0.0, -0x1.8000000000000p+1, 0.0, -0.0},
    {-0.0, INFINITY, -0.0, 0.0},
    {-0.0, -INFINITY, 0.0, -0.0},
    {-0.0, 0x1.56e1fc2f8f359p-997, -0.0, 0.0},
    {0x1.1ccf385ebc8a0p+1023, 0x1.0000000000000p+1, 0x1.1ccf385ebc8a0p+1022, 0.0},
    {0x1.1ccf385ebc8a0p+1023, -0x1.0000000000000p+1, -0x1.1ccf385ebc8a0p+1022, -0.0},
    {0x1.1ccf385ebc8a0p+1023, 0x1.999999999999ap-4, INFINITY, 0x1.f32984eb743e8p-5},
    {0x1.1ccf385ebc8a0p+1023, -0x1.8000000000000p+1, -0x1.7bbef5d3a60d5p+1021, -0x1.0000000000000p+0},
    {0x1.1ccf385ebc8a0p+1023, INFINITY, 0.0, 0x1.1ccf385ebc8a0p+1023},
    {0x1.1ccf385ebc8a0p+1023, -INFINITY, -0x1.0000000000000p+0, -INFINITY},
    {0x1.1ccf385ebc8a0p+1023, 0x1.56e1fc2f8f359p-997, INFINITY, 0x1.9e2240f9c9620p-999},
    {0x0.0000000000001p-1022, 0x1.0000000000000p+1, 0.0, 0x0.0000000000001p-1022},
    {0x0.0000000000001p-1022, -0x1.0000000000000p+1, -0x1.0000000000000p+0, -0x1.0000000000000p+1},
    {0x0.0000000000001p-1022, 0x1.999999999999ap-4, 0.0, 0x0.0000000000001p-1022},
    {0x0.0000000000001p-1022, -0x1.8000000000000p+1, -0x1.0000000000000p+0, -0x1.8000000000000p+1},
    {0x0.0000000000001p-1022, INFINITY, 0.0, 0x0.0000000000001p-1022},
    {0x0.0000000000001p-1022, -INFINITY, -0x1.0000000000000p+0, -INFINITY},
    {0x0.0000000000001p-1022, 0x1.56e1fc2f8f359p-997, 0.0, 0x0.0000000000001p-1022},
    {INFINITY, 0x1.0000000000000p+1, NAN, NAN},
    {INFINITY, -0x1.0000000000000p+1, NAN, NAN},
    {INFINITY, 0x1.999999999999ap-4, NAN, NAN},
    {INFINITY, -0x1.8000000000000p+1, NAN, NAN},
    {INFINITY, INFINITY, NAN, NAN},
    {INFINITY, -INFINITY, NAN, NAN},
    {INFINITY, 0x1.56e1fc2f8f359p-997, NAN, NAN},
    {0x1.3333333333333p-2, 0x1.0000000000000p+1, 0.0, 0x1.3333333333333p-2},
    {0x1.3333333333333p-2, -0x1.0000000000000p+1, -0x1.0000000000000p+0, -0x1.b333333333333p+0},
    {0x1.3333333333333p-2, 0x1.999999999999ap-4, 0x1.0000000000000p+1, 0x1.9999999999998p-4},
    {0x1.3333333333333p-2, -0x1.8000000000000p+1, -0x1.0000000000000p+0, -0x1.599999999999ap+1},
    {0x1.3333333333333p-2, INFINITY, 0.0, 0x1.3333333333333p-2},
    {0x1.3333333333333p-2, -INFINITY, -0x1.0000000000000p+0, -INFINITY},
    {0x1.3333333333333p-2, 0x1.56e1fc2f8f359p-997, 0x1.cab7bd666f387p+994, 0x1.e6b28649fcc18p-1000},
    {-0x1.56e1fc2f8f359p-997, 0x1.0000000000000p+1, -0x1.0000000000000p+0, 0x1.0000000000000p+1},
    {-0x1.56e1fc2f8f359p-997, -0x1.0000000000000p+1, 0.0, -0x1.56e1fc2f8f359p-997},
    {-0x1.56e1fc2f8f359p-997, 0x1.999999999999ap-4, -0x1.0000000000000p+0, 0x1.999999999999ap-4},
    {-0x1.56e1fc2f8f359p-997, -0x1.8000000000000p+1, 0.0, -0x1.56e1fc2f8f359p-997},
    {-0x1.56e1fc2f8f359p-997, INFINITY, -0x1.0000000000000p+0, INFINITY},
    {-0x1.56e1fc2f8f359p-997, -INFINITY, 0.0, -0x1.56e1fc2f8f359p-997},
    {-0x1.56e1fc2f8f359p-997, 0x1.56e1fc2f8f359p-997, -0x1.0000000000000p+0, 0.0},
};
static const struct { double a, b, r; } f64_pow_cases[] = {
    {0x1.0000000000000p+1, 0x1.4000000000000p+3, 0x1.0000000000000p+10},
    {-0x1.0000000000000p+1, 0x1.8000000000000p+1, -0x1.0000000000000p+3},
    {-0x1.0000000000000p+1, 0x1.0000000000000p+1, 0x1.0000000000000p+2},
    {0.0, 0.0, 0x1.0000000000000p+0},
    {NAN, 0.0, 0x1.0000000000000p+0},
    {0x1.0000000000000p+0, NAN, 0x1.0000000000000p+0},
    {NAN, 0x1.0000000000000p+0, NAN},
    {-0.0, 0x1.8000000000000p+1, -0.0},
    {-0.0, 0x1.0000000000000p+1, 0.0},
    {0.0, 0x1.4000000000000p+2, 0.0},
    {INFINITY, -0x1.0000000000000p+0, 0.0},
    {-INFINITY, 0x1.8000000000000p+1, -INFINITY},
    {-INFINITY, -0x1.8000000000000p+1, -0.0},
    {-INFINITY, 0x1.0000000000000p+1, INFINITY},
    {0x1.0000000000000p-1, INFINITY, 0.0},
    {0x1.0000000000000p+1, INFINITY, INFINITY},
    {0x1.0000000000000p+1, -INFINITY, 0.0},
    {-0x1.0000000000000p+0, INFINITY, 0x1.0000000000000p+0},
    {0x1.0000000000000p+0, -INFINITY, 0x1.0000000000000p+0},
    {0x1.4000000000000p+3, -0x1.0000000000000p+1, 0x1.47ae147ae147bp-7},
    {0x1.0000000000000p+1, 0x1.0000000000000p-1, 0x1.6a09e667f3bcdp+0},
    {-0x1.0000000000000p+0, 0x1.4000000000000p+2, -0x1.0000000000000p+0},
    {-0x1.0000000000000p+0, 0x1.0000000000000p+2, 0x1.0000000000000p+0},
    {0x1.8000000000000p+0, 0x1.4000000000000p+1, 0x1.60b9fd68a4554p+1},
    {0x1.4000000000000p+3, 0x1.3400000000000p+8, 0x1.1ccf385ebc8a0p+1023},
    {-0x1.0000000000000p+1, -0x1.8000000000000p+1, -0x1.0000000000000p-3},
    {0x1.0000000000000p-1, 0x1.0cc0000000000p+10, 0.0},
};

static void test_f64_ops(void) {
    size_t i;
    for (i = 0; i < sizeof f64_divmod_cases / sizeof f64_divmod_cases[0];
         i++) {
        CHECK_F64(spy_f64_floordiv(f64_divmod_cases[i].a, f64_divmod_cases[i].b),
                  f64_divmod_cases[i].floordiv);
        CHECK_F64(spy_f64_mod(f64_divmod_cases[i].a, f64_divmod_cases[i].b),
                  f64_divmod_cases[i].mod);
    }
    for (i = 0; i < sizeof f64_pow_cases / sizeof f64_pow_cases[0]; i++)
        CHECK_F64(spy_f64_pow(f64_pow_cases[i].a, f64_pow_cases[i].b),
                  f64_pow_cases[i].r);
    CHECK_F64(spy_f64_truediv(1.0, 4.0), 0.25);
    CHECK_F64(spy_f64_truediv(-0.0, 4.0), -0.0);
    CHECK_PANIC(spy_f64_truediv(1.0, 0.0),
                "ZeroDivisionError: float division by zero");
    CHECK_PANIC(spy_f64_truediv(1.0, -0.0),
                "ZeroDivisionError: float division by zero");
    CHECK_PANIC(spy_f64_floordiv(1.0, 0.0),
                "ZeroDivisionError: float floor division by zero");
    CHECK_PANIC(spy_f64_mod(1.0, 0.0), "ZeroDivisionError: float modulo");
    CHECK_PANIC(spy_f64_pow(0.0, -1.0),
                "ZeroDivisionError: 0.0 cannot be raised to a negative power");
    CHECK_PANIC(spy_f64_pow(-0.0, -2.0),
                "ZeroDivisionError: 0.0 cannot be raised to a negative power");
    CHECK_PANIC(spy_f64_pow(-8.0, 1.0 / 3.0), "ValueError: math domain error");
    CHECK_PANIC(spy_f64_pow(10.0, 400.0),
                "OverflowError: (34, 'Numerical result out of range')");
    CHECK_PANIC(spy_f64_pow(0.5, -1075.0),
                "OverflowError: (34, 'Numerical result out of range')");
}

/* ===================================================================== */
/* math                                                                  */
/* ===================================================================== */

static void test_math_values(void) {
    CHECK_F64(spy_math_sqrt(0x1.0000000000000p+1), 0x1.6a09e667f3bcdp+0);
    CHECK_F64(spy_math_sqrt(0.0), 0.0);
    CHECK_F64(spy_math_sqrt(-0.0), -0.0);
    CHECK_F64(spy_math_sqrt(INFINITY), INFINITY);
    CHECK_F64(spy_math_sqrt(0x1.56e1fc2f8f359p-997), 0x1.a2fe76a3f9475p-499);
    CHECK_F64(spy_math_exp(0x1.0000000000000p+0), 0x1.5bf0a8b145769p+1);
    CHECK_F64(spy_math_exp(-INFINITY), 0.0);
    CHECK_F64(spy_math_exp(0x1.6280000000000p+9), 0x1.d422d2be5dc9bp+1022);
    CHECK_F64(spy_math_exp(-0x1.f400000000000p+9), 0.0);
    CHECK_F64(spy_math_exp(0x1.0000000000000p-1), 0x1.a61298e1e069cp+0);
    CHECK_F64(spy_math_exp(NAN), NAN);
    CHECK_F64(spy_math_log(0x1.0000000000000p+1), 0x1.62e42fefa39efp-1);
    CHECK_F64(spy_math_log(INFINITY), INFINITY);
    CHECK_F64(spy_math_log(0x1.56e1fc2f8f359p-997), -0x1.5963447f87fb5p+9);
    CHECK_F64(spy_math_log(0x0.0000000000001p-1022), -0x1.74385446d71c3p+9);
    CHECK_F64(spy_math_log(0x1.0000000000000p+0), 0.0);
    CHECK_F64(spy_math_sin(0x1.0000000000000p+0), 0x1.aed548f090ceep-1);
    CHECK_F64(spy_math_sin(-0.0), -0.0);
    CHECK_F64(spy_math_sin(0x1.0f0cf064dd592p+73), -0x1.b453ab76bf397p-1);
    CHECK_F64(spy_math_cos(0x1.0000000000000p+0), 0x1.14a280fb5068cp-1);
    CHECK_F64(spy_math_cos(0x1.0f0cf064dd592p+73), 0x1.0be2cef01c8f4p-1);
    CHECK_F64(spy_math_tan(0x1.0000000000000p+0), 0x1.8eb245cbee3a6p+0);
    CHECK_F64(spy_math_tan(0x1.921fb54442d18p+0), 0x1.d02967c31cdb5p+53);
    CHECK_F64(spy_math_floor(-0x1.8000000000000p+0), -0x1.0000000000000p+1);
    CHECK_F64(spy_math_floor(0x1.4000000000000p+1), 0x1.0000000000000p+1);
    CHECK_F64(spy_math_floor(-0.0), -0.0);
    CHECK_F64(spy_math_floor(-0x1.0000000000000p-1), -0x1.0000000000000p+0);
    CHECK_F64(spy_math_floor(INFINITY), INFINITY);
    CHECK_F64(spy_math_floor(NAN), NAN);
    CHECK_F64(spy_math_floor(0x1.7e43c8800759cp+996), 0x1.7e43c8800759cp+996);
    CHECK_F64(spy_math_ceil(-0x1.8000000000000p+0), -0x1.0000000000000p+0);
    CHECK_F64(spy_math_ceil(0x1.4000000000000p+1), 0x1.8000000000000p+1);
    CHECK_F64(spy_math_ceil(0x1.999999999999ap-3), 0x1.0000000000000p+0);
    CHECK_F64(spy_math_ceil(-0x1.0000000000000p-1), -0.0);
    CHECK_F64(spy_math_ceil(-INFINITY), -INFINITY);
    CHECK_F64(spy_math_fabs(-0x1.8000000000000p+1), 0x1.8000000000000p+1);
    CHECK_F64(spy_math_fabs(-0.0), 0.0);
    CHECK_F64(spy_math_fabs(-INFINITY), INFINITY);
    CHECK_F64(spy_math_atan2(0x1.0000000000000p+0, 0x1.0000000000000p+0), 0x1.921fb54442d18p-1);
    CHECK_F64(spy_math_atan2(-0.0, -0x1.0000000000000p+0), -0x1.921fb54442d18p+1);
    CHECK_F64(spy_math_atan2(0.0, -0.0), 0x1.921fb54442d18p+1);
    CHECK_F64(spy_math_atan2(INFINITY, INFINITY), 0x1.921fb54442d18p-1);
    CHECK_F64(spy_math_atan2(-0x1.0000000000000p+0, 0.0), -0x1.921fb54442d18p+0);
    CHECK_F64(spy_math_pow(0x1.0000000000000p+1, 0x1.0000000000000p-1), 0x1.6a09e667f3bcdp+0);
    CHECK_F64(spy_math_pow(INFINITY, -0x1.0000000000000p+0), 0.0);
    CHECK_F64(spy_math_pow(-INFINITY, 0x1.8000000000000p+1), -INFINITY);
    CHECK_F64(spy_math_pow(0x1.0000000000000p-1, INFINITY), 0.0);
    CHECK_F64(spy_math_pow(0x1.0000000000000p+1, -INFINITY), 0.0);
    CHECK_F64(spy_math_pow(NAN, 0.0), 0x1.0000000000000p+0);
    CHECK_F64(spy_math_pow(0x1.0000000000000p+0, NAN), 0x1.0000000000000p+0);
    CHECK_F64(spy_math_pow(-0x1.0000000000000p+1, 0x1.8000000000000p+1), -0x1.0000000000000p+3);
    CHECK_F64(spy_math_pow(0x1.4000000000000p+3, -0x1.0000000000000p+1), 0x1.47ae147ae147bp-7);
    CHECK_F64(spy_math_pow(0.0, 0.0), 0x1.0000000000000p+0);
    CHECK_F64(spy_math_pow(-0.0, 0x1.8000000000000p+1), -0.0);
}

static void test_math_errors(void) {
    CHECK_PANIC(spy_math_sqrt(-1.0), "ValueError: math domain error");
    CHECK_PANIC(spy_math_log(0.0), "ValueError: math domain error");
    CHECK_PANIC(spy_math_log(-1.0), "ValueError: math domain error");
    CHECK_PANIC(spy_math_log(-INFINITY), "ValueError: math domain error");
    CHECK_PANIC(spy_math_exp(1000.0), "OverflowError: math range error");
    CHECK_PANIC(spy_math_sin(INFINITY), "ValueError: math domain error");
    CHECK_PANIC(spy_math_cos(-INFINITY), "ValueError: math domain error");
    CHECK_PANIC(spy_math_tan(INFINITY), "ValueError: math domain error");
    CHECK_PANIC(spy_math_pow(0.0, -1.0), "ValueError: math domain error");
    CHECK_PANIC(spy_math_pow(-8.0, 1.0 / 3.0), "ValueError: math domain error");
    CHECK_PANIC(spy_math_pow(10.0, 400.0), "OverflowError: math range error");
    CHECK(spy_time_time() > 1.5e9);
    CHECK(spy_time_perf_counter() <= spy_time_perf_counter());
}

static int32_t run(void) {
    test_i8_exhaustive();
    test_u8_exhaustive();
    test_checked_8bit();
    test_wide_ints();
    test_truediv();
    test_f64_to_int();
    test_f64_ops();
    test_math_values();
    test_math_errors();
    return check_report("test_numeric");
}

int main(int argc, char **argv) {
    return spy_runtime_main(argc, argv, run);
}
