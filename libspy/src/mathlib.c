/*
 * mathlib.c -- SPy's math module: libm plus the error checks of CPython's
 * Modules/mathmodule.c (domain errors -> ValueError "math domain error",
 * overflow -> OverflowError "math range error").
 */
#include <math.h>

#include "internal.h"

static void domain_error(void) {
    spy_panic("ValueError", "math domain error");
}

static void range_error(void) {
    spy_panic("OverflowError", "math range error");
}

/* CPython's math_1: NaN out of a non-NaN argument is a domain error; an
   infinite result from a finite argument is an overflow (if the function
   can overflow) or a domain error (if it cannot, e.g. a pole). */
static double check1(double x, double r, int can_overflow) {
    if (isnan(r) && !isnan(x))
        domain_error();
    if (isinf(r) && isfinite(x)) {
        if (can_overflow)
            range_error();
        domain_error();
    }
    return r;
}

double spy_math_sqrt(double x) {
    return check1(x, sqrt(x), 0);
}

/* SPy's floor and ceil return f64, so they are C's: inf, nan and the sign
   of zero pass through (Python's return int and raise instead).  stage0
   folds blue calls the same way. */
double spy_math_floor(double x) {
    return floor(x);
}

double spy_math_ceil(double x) {
    return ceil(x);
}

double spy_math_fabs(double x) {
    return fabs(x);
}

double spy_math_sin(double x) {
    return check1(x, sin(x), 0);
}

double spy_math_cos(double x) {
    return check1(x, cos(x), 0);
}

double spy_math_tan(double x) {
    return check1(x, tan(x), 0);
}

/* C99 Annex F atan2 already has Python's special cases */
double spy_math_atan2(double y, double x) {
    return atan2(y, x);
}

double spy_math_exp(double x) {
    return check1(x, exp(x), 1);
}

double spy_math_log(double x) {
    if (isnan(x) || (isinf(x) && x > 0))
        return x;
    if (x <= 0.0) /* log(0) is a domain error in Python, not -inf */
        domain_error();
    return log(x);
}

/* CPython's math_pow */
double spy_math_pow(double x, double y) {
    double r;
    if (!isfinite(x) || !isfinite(y)) {
        if (isnan(x))
            return y == 0.0 ? 1.0 : x;
        if (isnan(y))
            return x == 1.0 ? 1.0 : y;
        if (isinf(x)) {
            int odd_y = isfinite(y) && fmod(fabs(y), 2.0) == 1.0;
            if (y > 0.0)
                return odd_y ? x : fabs(x);
            if (y == 0.0)
                return 1.0;
            return odd_y ? copysign(0.0, x) : 0.0;
        }
        /* y is infinite */
        if (fabs(x) == 1.0)
            return 1.0;
        if (y > 0.0 && fabs(x) > 1.0)
            return y;
        if (y < 0.0 && fabs(x) < 1.0)
            return -y;
        return 0.0;
    }
    r = pow(x, y);
    if (isnan(r))
        domain_error();
    if (isinf(r)) {
        if (x == 0.0)
            domain_error();
        range_error();
    }
    return r;
}
