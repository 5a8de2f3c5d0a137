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
