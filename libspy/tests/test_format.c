/*
 * test_format.c -- numbers to text: spy_str_from_f64 against CPython's
 * repr(float), integer formatting at the extremes, and the parsers
 * spy_str_to_f64 / spy_str_to_i64 on valid input; the "%.*e"/"%.*f" digits
 * of stdlib/_format.spy and round(x, n) (spy_f64_round).
 *
 * The expected strings were produced by CPython 3.11 (repr(x)); each value
 * is written as a C99 hex float so that it is exact.
 */
#include <math.h>

#include "check.h"

typedef struct FloatCase {
    double value;
    const char *repr;
} FloatCase;

static const FloatCase float_cases[] = {
    {0x1.999999999999ap-4, "0.1"},
    {0x1.5555555555555p-2, "0.3333333333333333"},
    {0x1.1c37937e08000p+53, "1e+16"},
    {0x1.c6bf526340000p+49, "1000000000000000.0"},
    {0x1.b69b4ba630f35p+56, "1.2345678901234568e+17"},
    {0x1.a36e2eb1c432dp-14, "0.0001"},
    {0x1.4f8b588e368f1p-17, "1e-05"},
    {0x0.0000000000001p-1022, "5e-324"},
    {0x1.fffffffffffffp+1023, "1.7976931348623157e+308"},
    {-0.0, "-0.0"},
    {0.0, "0.0"},
    {INFINITY, "inf"},
    {-INFINITY, "-inf"},
    {NAN, "nan"},
    {0x1.3333333333334p-2, "0.30000000000000004"},
    {0x1.4000000000000p+1, "2.5"},
    {0x1.9000000000000p+6, "100.0"},
    {0x1.0f0cf064dd592p+73, "1e+22"},
    {0x1.52d02c7e14af6p+76, "1e+23"},
    {0x1.0000000000000p+0, "1.0"},
    {-0x1.0000000000000p+0, "-1.0"},
    {0x1.8000000000000p+0, "1.5"},
    {0x1.0000000000000p-1, "0.5"},
    {0x1.0000000000000p+53, "9007199254740992.0"},
    {0x1.0000000000001p+53, "9007199254740994.0"},
    {0x1.0000000000000p+63, "9.223372036854776e+18"},
    {0x1.0000000000000p+64, "1.8446744073709552e+19"},
    {0x1.ad7f29abcaf48p-24, "1e-07"},
    {0x1.edd2f1a9fbe77p+6, "123.456"},
    {0x1.52d02c7e14af6p+76, "1e+23"},
    {0x1.b1ae4d6e2ef50p+69, "1e+21"},
    {0x1.56e1fc2f8f359p-997, "1e-300"},
    {0x1.0000000000000p-1022, "2.2250738585072014e-308"},
    {0x0.fffffffffffffp-1022, "2.225073858507201e-308"},
    {0x1.249ad2594c37dp+332, "1e+100"},
    {0x1.5ee2a2eb5a5c4p+53, "1.2345678901234568e+16"},
    {0x1.0624dd2f1a9fcp-10, "0.001"},
    {0x1.02c9dedbc309dp-13, "0.0001234"},
    {0x1.81cd6e631f8a1p+13, "12345.6789"},
    {0x0.0000000000002p-1022, "1e-323"},
    {0x0.0000000000003p-1022, "1.5e-323"},
    {0x1.0000000000000p-44, "5.684341886080802e-14"},
    {0x1.0000000000000p+70, "1.1805916207174113e+21"},
    {0x1.2492492492492p-3, "0.14285714285714285"},
    {0x1.921fb54442d18p+1, "3.141592653589793"},
    {0x1.5bf0a8b145769p+1, "2.718281828459045"},
    {0x1.1de784a000000p+28, "299792458.0"},
    {0x1.fe185ca57c517p+78, "6.02214076e+23"},
    {0x1.7a4da290c1653p-63, "1.602176634e-19"},
    {0x1.0000000000000p-2, "0.25"},
    {0x1.91eb851eb851fp+1, "3.14"},
    {0x1.c6bf526340002p+49, "1000000000000000.2"},
    {0x1.c6bf52633ffffp+49, "999999999999999.9"},
    {0x1.1c37937e07fffp+53, "9999999999999998.0"},
    {0x1.1c37937e07fffp+53, "9999999999999998.0"},
    {0x1.3333333333334p-2, "0.30000000000000004"},
    {0x1.35c28f5c28f5dp+0, "1.2100000000000002"},
    {0x1.0aaaaaaaaaaabp+5, "33.333333333333336"},
    {-0x1.4f8b588e368f1p-17, "-1e-05"},
    {-0x1.aabdf2145b430p+66, "-1.23e+20"},
    {0x1.1666666666666p+2, "4.35"},
    {0x1.1eb851eb851ecp-5, "0.035"},
    {0x1.59e05f1e2674dp-52, "3e-16"},
    {0x1.0000000000000p-1022, "2.2250738585072014e-308"},
    {0x1.0000000000000p-1000, "9.332636185032189e-302"},
    {0x1.0000000000000p-500, "3.054936363499605e-151"},
    {0x1.0000000000000p-100, "7.888609052210118e-31"},
    {0x1.0000000000000p+100, "1.2676506002282294e+30"},
    {0x1.0000000000000p+500, "3.273390607896142e+150"},
    {0x1.0000000000000p+1000, "1.0715086071862673e+301"},
    {0x1.0000000000000p+1023, "8.98846567431158e+307"},
    {0x1.a302cee759402p-14, "9.990000000000002e-05"},
    {0x1.4f8b588e368f1p-17, "1e-05"},
    {0x1.a36d1bd105b06p-14, "9.9999e-05"},
    {0x1.d6f3454000000p+26, "123456789.0"},
    {0x1.18b54f22aeb03p+50, "1234567890123456.8"},
    {0x1.5ee2a2eb5a5c4p+53, "1.2345678901234568e+16"},
    {-0x0.0000000000001p-1022, "-5e-324"},
    {0x1.1000000000000p+3, "8.5"},
    {0x1.ddd4baa009303p+999, "1e+301"},
    {0x1.a36e2eb1c432dp-15, "5e-05"},
    {0x1.0000000000000p-20, "9.5367431640625e-07"},
    {0x1.7af4c4a80aaabp+51, "3333333333333333.5"},
    {0x1.0000000000000p+52, "4503599627370496.0"},
    {0x1.80d43de9cc603p-31, "7e-10"},
    {0x1.0000000000001p+0, "1.0000000000000002"},
    {0x1.fffffffffffffp-1, "0.9999999999999999"},
    {0x1.0000000000000p+52, "4503599627370496.0"},
    {0x1.0c6f7a0b5ed8dp-20, "1e-06"},
    {-0x1.1433a6aa79987p-70, "-9.1387497028769e-22"},
    {-0x1.6f86c029a7245p+288, "-7.139820454309632e+86"},
    {-0x1.778e7d340bbcdp+217, "-3.089900467300506e+65"},
    {-0x1.a58ba4c73a942p+431, "-9.131299887434701e+129"},
    {-0x1.971105e503a67p+745, "-2.942877356480083e+224"},
    {0x1.ec40a3193ca54p+83, "1.8596773229471727e+25"},
    {0x1.caa5090e5e945p+763, "8.692067227002291e+229"},
    {0x1.11cb929645f8bp+505, "1.1202983176732331e+152"},
    {-0x1.9e3b11fcff454p+509, "-2.71187804877673e+153"},
    {0x1.6cb5c6ed4e94bp+46, "100250739757989.17"},
    {-0x1.1250e8fe46024p-502, "-8.183770430730414e-152"},
    {-0x1.cea0c2ca1c789p-566, "-7.481942688750341e-171"},
    {0x1.2b7a48d9fe5b9p-258, "2.525722336173709e-78"},
    {-0x1.74d7a5adad121p-48, "-5.1742273216317384e-15"},
    {-0x1.d58e4f543bbcfp-70, "-1.5536301412264183e-21"},
    {-0x1.26aee175f0cd2p-896, "-2.1789094907487126e-270"},
    {-0x1.28d42fa882692p-59, "-2.011390540120253e-18"},
    {-0x1.5fb986980a81fp-675, "-8.764271883973625e-204"},
    {0x1.4857e8101e89ap-341, "2.863253393402251e-103"},
    {0x1.9af4125ece845p-181, "5.2374923668024025e-55"},
    {0x1.d748bb80e3b0dp-705, "1.0936941514836716e-212"},
    {-0x1.a3ce030a1f6d5p+357, "-4.8141078806962144e+107"},
    {0x1.122dc57708107p+296, "1.3635548534927665e+89"},
    {0x1.6714a06057c82p+856, "6.739508595758605e+257"},
    {-0x1.40f6e68936750p+8, "-320.9644552"},
    {0x1.decc677b395c4p+9, "957.596908"},
    {-0x1.f08b851eb851fp+9, "-993.09"},
    {0x1.0ed5c28f5c28fp+9, "541.67"},
    {-0x1.aad99ccfaeff6p+8, "-426.850049"},
    {-0x1.8a1ae147ae148p+9, "-788.21"},
    {0x1.d929fbe76c8b4p+8, "473.164"},
    {0x1.cc2b9bbadc098p+9, "920.34069"},
};

static void test_float_repr(void) {
    size_t i;
    for (i = 0; i < sizeof float_cases / sizeof float_cases[0]; i++) {
        spy_Str *s = spy_str_from_f64(float_cases[i].value);
        CHECK_STR(s, float_cases[i].repr);
        CHECK(s->is_ascii == 1);
    }
}

/* every repr must read back as the same double */
static void test_float_roundtrip(void) {
    uint64_t bits = 0x9E3779B97F4A7C15u;
    int i, bad = 0;
    for (i = 0; i < 100000; i++) {
        double x, y;
        bits ^= bits << 13;
        bits ^= bits >> 7;
        bits ^= bits << 17;
        memcpy(&x, &bits, sizeof x);
        if (isnan(x))
            continue;
        y = spy_str_to_f64(spy_str_from_f64(x));
        if (memcmp(&x, &y, sizeof x) != 0)
            bad++;
    }
    CHECK(bad == 0);
}

static void test_int_format(void) {
    CHECK_STR(spy_str_from_i64(0), "0");
    CHECK_STR(spy_str_from_i64(-1), "-1");
    CHECK_STR(spy_str_from_i64(42), "42");
    CHECK_STR(spy_str_from_i64(INT64_MAX), "9223372036854775807");
    CHECK_STR(spy_str_from_i64(INT64_MIN), "-9223372036854775808");
    CHECK_STR(spy_str_from_i64(INT32_MIN), "-2147483648");
    CHECK_STR(spy_str_from_u64(0), "0");
    CHECK_STR(spy_str_from_u64(UINT64_MAX), "18446744073709551615");
    CHECK_STR(spy_str_from_u64((uint64_t)1 << 63), "9223372036854775808");
    CHECK_STR(spy_str_from_bool(true), "True");
    CHECK_STR(spy_str_from_bool(false), "False");
}

static double parse_f64(const char *text) {
    return spy_str_to_f64(spy_str_from_cstr(text));
}

static void test_parse_f64(void) {
    CHECK(parse_f64("1.5") == 1.5);
    CHECK(parse_f64("  -2.25\n") == -2.25);
    CHECK(parse_f64("1_000.000_1") == 1000.0001);
    CHECK(parse_f64("1e1_0") == 1e10);
    CHECK(parse_f64(".5") == 0.5);
    CHECK(parse_f64("5.") == 5.0);
    CHECK(parse_f64("+1E-3") == 1e-3);
    CHECK(parse_f64("0.1") == 0.1);
    CHECK(parse_f64("1e400") == INFINITY);
    CHECK(parse_f64("-1e400") == -INFINITY);
    CHECK(parse_f64("1e-400") == 0.0);
    CHECK(parse_f64("inf") == INFINITY);
    CHECK(parse_f64("-Infinity") == -INFINITY);
    CHECK(parse_f64("+iNF") == INFINITY);
    CHECK(isnan(parse_f64("nan")));
    CHECK(isnan(parse_f64("-NaN")));
    CHECK(parse_f64("\xc2\xa0" "7\xe3\x80\x80") == 7.0); /* U+00A0, U+3000 */
    CHECK(parse_f64("2.2250738585072011e-308") == 0x0.fffffffffffffp-1022);
    CHECK(parse_f64("00012") == 12.0);
    CHECK_PANIC(parse_f64(""), "ValueError: could not convert string to float: ''");
    CHECK_PANIC(parse_f64(" 1x "),
                "ValueError: could not convert string to float: ' 1x '");
    CHECK_PANIC(parse_f64("1__0"),
                "ValueError: could not convert string to float: '1__0'");
    CHECK_PANIC(parse_f64("_1"),
                "ValueError: could not convert string to float: '_1'");
    CHECK_PANIC(parse_f64("1_"),
                "ValueError: could not convert string to float: '1_'");
    CHECK_PANIC(parse_f64("1_.5"),
                "ValueError: could not convert string to float: '1_.5'");
    CHECK_PANIC(parse_f64("1e"),
                "ValueError: could not convert string to float: '1e'");
    CHECK_PANIC(parse_f64("."),
                "ValueError: could not convert string to float: '.'");
    CHECK_PANIC(parse_f64("0x10"),
                "ValueError: could not convert string to float: '0x10'");
    CHECK_PANIC(parse_f64("infinit"),
                "ValueError: could not convert string to float: 'infinit'");
    CHECK_PANIC(parse_f64("- 1"),
                "ValueError: could not convert string to float: '- 1'");
}

static int64_t parse_i64(const char *text) {
    return spy_str_to_i64(spy_str_from_cstr(text));
}

static void test_parse_i64(void) {
    CHECK(parse_i64("0") == 0);
    CHECK(parse_i64("-0") == 0);
    CHECK(parse_i64("  +42\t\n") == 42);
    CHECK(parse_i64("007") == 7);
    CHECK(parse_i64("1_000_000") == 1000000);
    CHECK(parse_i64("9223372036854775807") == INT64_MAX);
    CHECK(parse_i64("-9223372036854775808") == INT64_MIN);
    CHECK(parse_i64("\xe2\x80\x83-5\xe2\x80\xa8") == -5); /* U+2003, U+2028 */
    CHECK_PANIC(parse_i64("9223372036854775808"),
                "ValueError: invalid literal for int() with base 10: "
                "'9223372036854775808'");
    CHECK_PANIC(parse_i64("-9223372036854775809"),
                "ValueError: invalid literal for int() with base 10: "
                "'-9223372036854775809'");
    CHECK_PANIC(parse_i64("99999999999999999999999"),
                "ValueError: invalid literal for int() with base 10: "
                "'99999999999999999999999'");
    CHECK_PANIC(parse_i64(""),
                "ValueError: invalid literal for int() with base 10: ''");
    CHECK_PANIC(parse_i64("x"),
                "ValueError: invalid literal for int() with base 10: 'x'");
    CHECK_PANIC(parse_i64(" 1 2 "),
                "ValueError: invalid literal for int() with base 10: ' 1 2 '");
    CHECK_PANIC(parse_i64("1__0"),
                "ValueError: invalid literal for int() with base 10: '1__0'");
    CHECK_PANIC(parse_i64("_1"),
                "ValueError: invalid literal for int() with base 10: '_1'");
    CHECK_PANIC(parse_i64("1_"),
                "ValueError: invalid literal for int() with base 10: '1_'");
    CHECK_PANIC(parse_i64("+"),
                "ValueError: invalid literal for int() with base 10: '+'");
    CHECK_PANIC(parse_i64("1.0"),
                "ValueError: invalid literal for int() with base 10: '1.0'");
    CHECK_PANIC(parse_i64("0x1f"),
                "ValueError: invalid literal for int() with base 10: '0x1f'");
    CHECK_PANIC(parse_i64("it's"),
                "ValueError: invalid literal for int() with base 10: \"it's\"");
}

static void test_printf_digits(void) {
    spy_Str *big;
    CHECK_STR(spy_str_from_f64_e(1.5, 2), "1.50e+00");
    CHECK_STR(spy_str_from_f64_e(-0.0, 0), "-0e+00");
    CHECK_STR(spy_str_from_f64_e(2.5, 0), "2e+00"); /* half to even */
    CHECK_STR(spy_str_from_f64_e(0x0.0000000000001p-1022, 3), "4.941e-324");
    CHECK_STR(spy_str_from_f64_e(0.1, 60),
              "1.000000000000000055511151231257827021181583404541015625000000"
              "e-01");
    CHECK_STR(spy_str_from_f64_f(0.125, 2), "0.12");
    CHECK_STR(spy_str_from_f64_f(0.375, 2), "0.38");
    CHECK_STR(spy_str_from_f64_f(-0.001, 2), "-0.00");
    CHECK_STR(spy_str_from_f64_f(1234.5, -3), "1234"); /* as precision 0 */
    CHECK_STR(spy_str_from_f64_f(1e22, 1), "10000000000000000000000.0");
    big = spy_str_from_f64_f(1e300, 3);
    CHECK(big->nbytes == 305 && big->length == 305 && big->is_ascii);
    CHECK(memcmp(big->utf8, "1000000000000000052", 19) == 0);
    CHECK(memcmp(big->utf8 + 301, ".000", 5) == 0);
}

/* round(x, n) against CPython 3.11 (hex floats are exact) */
static void test_round(void) {
    CHECK(spy_f64_round(2.675, 2) == 0x1.55c28f5c28f5cp+1); /* 2.67 */
    CHECK(spy_f64_round(0.125, 2) == 0x1.eb851eb851eb8p-4); /* 0.12 */
    CHECK(spy_f64_round(0.5, 0) == 0.0);
    CHECK(spy_f64_round(1.5, 0) == 2.0);
    CHECK(spy_f64_round(-0.4, 0) == 0.0 && signbit(spy_f64_round(-0.4, 0)));
    CHECK(spy_f64_round(15.0, -1) == 20.0);
    CHECK(spy_f64_round(25.0, -1) == 20.0);
    CHECK(spy_f64_round(9.5, -1) == 10.0);
    CHECK(spy_f64_round(-97.0, -1) == -100.0);
    CHECK(spy_f64_round(149.5, -2) == 100.0);
    CHECK(spy_f64_round(150.0, -2) == 200.0);
    CHECK(spy_f64_round(250.0, -2) == 200.0);
    CHECK(spy_f64_round(95.0, -2) == 100.0);
    CHECK(spy_f64_round(123456789.0, -3) == 123457000.0);
    CHECK(spy_f64_round(-5.0, -1) == 0.0 && signbit(spy_f64_round(-5.0, -1)));
    CHECK(signbit(spy_f64_round(-0.0, -1)));
    CHECK(spy_f64_round(1e22, -21) == 1e22);
    CHECK(spy_f64_round(5e307, -308) == 1e308);
    CHECK(spy_f64_round(1e308, -308) == 1e308);
    CHECK(spy_f64_round(0x0.0000000000001p-1022, 323) == 0.0);
    CHECK(spy_f64_round(0x0.0000000000001p-1022, 324) ==
          0x0.0000000000001p-1022);
    CHECK(spy_f64_round(1.2345e-300, 302) == 0x1.a5beebf2d16d6p-997);
    CHECK(spy_f64_round(0.1, 20) == 0.1);
    CHECK(spy_f64_round(7.0, -400) == 0.0);
    CHECK(signbit(spy_f64_round(-7.0, -400)));
    CHECK(spy_f64_round(INFINITY, -2) == INFINITY);
    CHECK(isnan(spy_f64_round(NAN, 2)));
    CHECK_PANIC(spy_f64_round(0x1.fffffffffffffp+1023, -308),
                "OverflowError: rounded value too large to represent");
}

static int32_t run(void) {
    test_float_repr();
    test_float_roundtrip();
    test_int_format();
    test_parse_f64();
    test_parse_i64();
    test_printf_digits();
    test_round();
    return check_report("test_format");
}

int main(int argc, char **argv) {
    return spy_runtime_main(argc, argv, run);
}
