/*
 * numeric.c -- the out-of-line parts of the number helpers in spy.h:
 * correctly rounded 64-bit integer true division, and float //, %, ** with
 * CPython's semantics (Objects/floatobject.c is the reference for the
 * behaviour; the code here is our own).
 */
#include <math.h>

#include "internal.h"

/* ===================================================================== */
/* Integer true division                                                 */
/* ===================================================================== */

/*
 * a / b rounded once, to nearest-even, like Python's int.__truediv__.
 * We build q, a 54-bit prefix of the binary quotient (53 bits + a guard
 * bit) and a sticky flag for everything below it, then round.
 */
double spy__u64_truediv(uint64_t a, uint64_t b, int negative) {
    const uint64_t two53 = (uint64_t)1 << 53, two54 = (uint64_t)1 << 54;
    uint64_t q, r, mant;
    int e = 0, sticky = 0;
    double v;
    if (a == 0)
        return negative ? -0.0 : 0.0;
    q = a / b;
    r = a % b;
    while (q >= two54) { /* too many bits: drop into sticky */
        sticky |= (int)(q & 1);
        q >>= 1;
        e++;
    }
    while (q < two53) { /* too few: long division, one bit at a time */
        int top = (int)(r >> 63);
        r <<= 1;
        q <<= 1;
        e--;
        if (top || r >= b) {
            r -= b; /* wraps back into range when top is set */
            q |= 1;
        }
    }
    sticky |= r != 0;
    mant = q >> 1; /* 53 bits; q & 1 is the guard bit */
    if ((q & 1) && (sticky || (mant & 1)))
        mant++; /* may become 2^53: still exact */
    v = ldexp((double)mant, e + 1);
    return negative ? -v : v;
}

/* ===================================================================== */
/* Float operators                                                       */
/* ===================================================================== */

double spy_f64_mod(double a, double b) {
    double m;
    if (b == 0.0)
        spy_panic("ZeroDivisionError", "float modulo");
    m = fmod(a, b);
    if (m != 0.0) {
        if ((b < 0) != (m < 0))
            m += b;
    } else {
        m = copysign(0.0, b);
    }
    return m;
}

double spy_f64_floordiv(double a, double b) {
    double m, div, floordiv;
    if (b == 0.0)
        spy_panic("ZeroDivisionError", "float floor division by zero");
    m = fmod(a, b);
    div = (a - m) / b;
    if (m != 0.0 && (b < 0) != (m < 0))
        div -= 1.0;
    if (div != 0.0) {
        floordiv = floor(div);
        if (div - floordiv > 0.5)
            floordiv += 1.0;
    } else {
        floordiv = copysign(0.0, a / b);
    }
    return floordiv;
}

static int is_odd_integer(double x) {
    return fmod(fabs(x), 2.0) == 1.0;
}

double spy_f64_pow(double v, double w) {
    int negate = 0;
    double r;
    if (w == 0.0)
        return 1.0;
    if (isnan(v))
        return v;
    if (isnan(w))
        return v == 1.0 ? 1.0 : w;
    if (isinf(w)) {
        v = fabs(v);
        if (v == 1.0)
            return 1.0;
        return (w > 0.0) == (v > 1.0) ? fabs(w) : 0.0;
    }
    if (isinf(v)) {
        int odd = is_odd_integer(w);
        if (w > 0.0)
            return odd ? v : fabs(v);
        return odd ? copysign(0.0, v) : 0.0;
    }
    if (v == 0.0) {
        if (w < 0.0)
            spy_panic("ZeroDivisionError",
                      "0.0 cannot be raised to a negative power");
        return is_odd_integer(w) ? v : 0.0;
    }
    if (v < 0.0) {
        if (w != floor(w))
            spy_panic("ValueError", "math domain error");
        v = -v;
        negate = is_odd_integer(w);
    }
    if (v == 1.0)
        return negate ? -1.0 : 1.0;
    r = pow(v, w);
    if (isinf(r))
        spy_panic("OverflowError", "(34, 'Numerical result out of range')");
    return negate ? -r : r;
}
