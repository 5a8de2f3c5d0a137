/*
 * format.c -- numbers to str: integers, bool, and floats exactly as
 * CPython's repr(float).
 *
 * Float repr has two steps.
 *   1. Shortest digits: the fewest significant digits d1..dn (and decimal
 *      exponent) that read back (strtod) as the same double; among those of
 *      that length, the nearest to the exact value.  For a given n we take
 *      the correctly rounded n-digit decimal from "%.*e"; if it does not
 *      round-trip, only its neighbour on the other side of the exact value
 *      can (the round-trip interval is convex and contains the value), so
 *      we try that one too.  17 digits always round-trip; n is found by
 *      binary search.
 *   2. Layout, as CPython's float_repr_style 'short' with format code 'r':
 *      with the value = d1.d2...dn * 10^e, fixed notation when
 *      -4 <= e < 16 (an integral value gets ".0"), else d1.d2...dne+XX with
 *      a sign and at least two exponent digits.  inf, -inf, nan, -0.0.
 *
 * For the format mini-language (stdlib/_format.spy), C's own "%.*e" and
 * "%.*f", which glibc and musl round exactly (half to even on the exact
 * binary value), give the digits of a given precision; and round(x, n) is
 * that decimal read back with strtod (also exact).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ===================================================================== */
/* Integers                                                              */
/* ===================================================================== */

/* decimal digits of v, right-aligned ending at end; returns the start */
static char *format_u64_backwards(uint64_t v, char *end) {
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    return end;
}

spy_Str *spy_str_from_u64(uint64_t v) {
    char buf[24];
    char *start = format_u64_backwards(v, buf + sizeof buf);
    int32_t n = (int32_t)(buf + sizeof buf - start);
    return spy__str_make(start, n, n, 1);
}

spy_Str *spy_str_from_i64(int64_t v) {
    char buf[24];
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char *start = format_u64_backwards(mag, buf + sizeof buf);
    int32_t n;
    if (v < 0)
        *--start = '-';
    n = (int32_t)(buf + sizeof buf - start);
    return spy__str_make(start, n, n, 1);
}

static spy_Str str_true = SPY_STR_LIT("True", 4, 4, 1);
static spy_Str str_false = SPY_STR_LIT("False", 5, 5, 1);

spy_Str *spy_str_from_bool(bool v) {
    return v ? &str_true : &str_false;
}

/* ===================================================================== */
/* Float: shortest round-trip digits                                     */
/* ===================================================================== */

typedef struct Decimal {
    char digits[20]; /* significant digits, no dot, not NUL-terminated */
    int ndigits;
    int exp; /* value = d1.d2...dn * 10^exp */
} Decimal;

/* parse snprintf's "d.ddde+XX" (or "de+XX") */
static void decimal_parse(const char *text, Decimal *d) {
    const char *p = text;
    d->ndigits = 0;
    for (; *p != 'e'; p++)
        if (*p != '.')
            d->digits[d->ndigits++] = *p;
    d->exp = atoi(p + 1);
}

static double decimal_value(const Decimal *d) {
    char buf[40];
    int i, n = 0;
    buf[n++] = d->digits[0];
    buf[n++] = '.';
    for (i = 1; i < d->ndigits; i++)
        buf[n++] = d->digits[i];
    snprintf(buf + n, sizeof buf - (size_t)n, "e%d", d->exp);
    return strtod(buf, NULL);
}

/* the next n-digit decimal up (dir > 0) or down (dir < 0) */
static void decimal_step(Decimal *d, int dir) {
    int i = d->ndigits - 1;
    char lo = dir > 0 ? '9' : '0', hi = dir > 0 ? '0' : '9';
    while (i >= 0 && d->digits[i] == lo) /* carry or borrow */
        d->digits[i--] = hi;
    if (i >= 0) {
        d->digits[i] = (char)(d->digits[i] + dir);
        if (d->digits[0] != '0')
            return;
        /* 1.00..0 - 1 unit: the n-digit grid below is 9.99..9e(exp-1) */
        for (i = 0; i < d->ndigits; i++)
            d->digits[i] = '9';
        d->exp--;
        return;
    }
    /* 9.99..9 + 1 unit = 1.00..0e(exp+1) */
    d->digits[0] = '1';
    for (i = 1; i < d->ndigits; i++)
        d->digits[i] = '0';
    d->exp++;
}

/* Is there a prec-digit decimal that reads back as x?  If so, put the
   nearest such decimal in *out. */
static bool try_digits(double x, int prec, Decimal *out) {
    char text[40];
    double y;
    snprintf(text, sizeof text, "%.*e", prec - 1, x);
    decimal_parse(text, out);
    y = strtod(text, NULL);
    if (y == x)
        return true;
    decimal_step(out, y < x ? 1 : -1);
    return decimal_value(out) == x;
}

/* Shortest digits of a finite x > 0.  Success is monotonic in the number
   of digits (an n-digit decimal is also an (n+1)-digit one, and
   try_digits finds one whenever one exists), so binary search works. */
static void shortest_digits(double x, Decimal *out) {
    int lo = 1, hi = 17;
    bool have_hi = false; /* *out holds the result for hi */
    Decimal probe;
    if (x < 9007199254740992.0 && x == (double)(int64_t)x) {
        /* an integer below 2^53: neighbours are at most 1 apart, so its
           own digits are the shortest */
        char buf[24];
        int i, n = snprintf(buf, sizeof buf, "%lld", (long long)x);
        for (i = 0; i < n; i++)
            out->digits[i] = buf[i];
        out->ndigits = n;
        out->exp = n - 1;
        while (out->ndigits > 1 && out->digits[out->ndigits - 1] == '0')
            out->ndigits--;
        return;
    }
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (try_digits(x, mid, &probe)) {
            *out = probe;
            hi = mid;
            have_hi = true;
        } else {
            lo = mid + 1;
        }
    }
    if (!have_hi)
        try_digits(x, 17, out); /* 17 digits always read back */
    while (out->ndigits > 1 && out->digits[out->ndigits - 1] == '0')
        out->ndigits--;
}

/* ===================================================================== */
/* Float: layout                                                         */
/* ===================================================================== */

int spy__format_f64(double v, char *buf) {
    Decimal d;
    char *p = buf;
    int i;
    if (v != v) {
        strcpy(buf, "nan");
        return 3;
    }
    if (signbit(v)) {
        *p++ = '-';
        v = -v;
    }
    if (isinf(v)) {
        strcpy(p, "inf");
        return (int)(p - buf) + 3;
    }
    if (v == 0.0) {
        strcpy(p, "0.0");
        return (int)(p - buf) + 3;
    }
    shortest_digits(v, &d);
    if (d.exp >= -4 && d.exp < 16) {
        if (d.exp < 0) { /* 0.000ddd */
            *p++ = '0';
            *p++ = '.';
            for (i = -1; i > d.exp; i--)
                *p++ = '0';
            for (i = 0; i < d.ndigits; i++)
                *p++ = d.digits[i];
        } else { /* ddd.ddd, at least one digit after the dot */
            for (i = 0; i <= d.exp; i++)
                *p++ = i < d.ndigits ? d.digits[i] : '0';
            *p++ = '.';
            if (d.ndigits <= d.exp + 1)
                *p++ = '0';
            for (; i < d.ndigits; i++)
                *p++ = d.digits[i];
        }
        *p = '\0';
    } else {
        *p++ = d.digits[0];
        if (d.ndigits > 1) {
            *p++ = '.';
            for (i = 1; i < d.ndigits; i++)
                *p++ = d.digits[i];
        }
        p += sprintf(p, "e%c%02d", d.exp < 0 ? '-' : '+',
                     d.exp < 0 ? -d.exp : d.exp);
    }
    return (int)(p - buf);
}

spy_Str *spy_str_from_f64(double v) {
    char buf[SPY__F64_BUFSIZE];
    int n = spy__format_f64(v, buf);
    return spy__str_make(buf, n, n, 1);
}

/* ===================================================================== */
/* Float: digits of a given precision, and round(x, n)                   */
/* ===================================================================== */

/* snprintf of x with "%.*e" (exp) or "%.*f", as a str */
static spy_Str *printf_f64(double x, int32_t precision, bool exp) {
    char small[64];
    spy_Str *s;
    int n;
    if (precision < 0)
        precision = 0;
    n = exp ? snprintf(small, sizeof small, "%.*e", (int)precision, x)
            : snprintf(small, sizeof small, "%.*f", (int)precision, x);
    if (n < 0)
        spy_panic("MemoryError", "");
    if ((size_t)n < sizeof small)
        return spy__str_make(small, n, n, 1);
    s = spy__str_alloc(n);
    if (exp)
        snprintf((char *)s->utf8, (size_t)n + 1, "%.*e", (int)precision, x);
    else
        snprintf((char *)s->utf8, (size_t)n + 1, "%.*f", (int)precision, x);
    s->length = n;
    s->is_ascii = 1;
    return s;
}

spy_Str *spy_str_from_f64_e(double x, int32_t precision) {
    return printf_f64(x, precision, true);
}

spy_Str *spy_str_from_f64_f(double x, int32_t precision) {
    return printf_f64(x, precision, false);
}

/* x rounded to a multiple of 10^k (k >= 1), half to even on the exact
   value.  The integer part of x prints exactly with "%.0f"; what lies
   below it only matters to tell a tie from a value above the tie. */
static double round_to_tens(double x, int k) {
    char digits[400], text[420];
    double t = trunc(x), r;
    bool frac = x != t, up;
    int n = snprintf(digits, sizeof digits, "%.0f", fabs(t));
    int keep = n - k, i, pos = 0;
    if (keep < 0)
        return 0.0 * x; /* below 10^(k-1): rounds to zero, keeps the sign */
    if (digits[keep] != '5') {
        up = digits[keep] > '5';
    } else {
        bool above = frac;
        for (i = keep + 1; i < n; i++)
            if (digits[i] != '0')
                above = true;
        up = above || (keep > 0 && (digits[keep - 1] - '0') % 2 == 1);
    }
    if (signbit(x))
        text[pos++] = '-';
    text[pos++] = '0'; /* room for a carry out of the first digit */
    memcpy(text + pos, digits, (size_t)keep);
    if (up) {
        i = pos + keep - 1;
        while (text[i] == '9')
            text[i--] = '0';
        text[i]++;
    }
    snprintf(text + pos + keep, sizeof text - (size_t)(pos + keep), "e%d", k);
    r = strtod(text, NULL);
    if (isinf(r))
        spy_panic("OverflowError", "rounded value too large to represent");
    return r;
}

double spy_f64_round(double x, int32_t ndigits) {
    char text[700];
    if (!isfinite(x) || ndigits > 323)
        return x; /* 323: every double is a multiple of 10^-323 or below */
    if (ndigits < -308)
        return 0.0 * x;
    if (ndigits < 0)
        return round_to_tens(x, -ndigits);
    snprintf(text, sizeof text, "%.*f", (int)ndigits, x);
    return strtod(text, NULL);
}
