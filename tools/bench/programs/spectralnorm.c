/* The spectral-norm benchmark: the largest singular value of the infinite
   matrix A with A(i, j) = 1 / ((i + j) * (i + j + 1) / 2 + i + 1), cut to
   N x N, found by the power method: ITERATIONS rounds of u = AtA v and
   v = AtA u, then sqrt(u.v / v.v), printed as Python's repr() prints a
   float. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 3000
#define ITERATIONS 10

static double eval_a(int i, int j) {
    return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1);
}

/* out = A v */
static void mul_av(const double *v, double *out, int n) {
    for (int i = 0; i < n; i++) {
        double s = 0.0;
        for (int j = 0; j < n; j++)
            s += eval_a(i, j) * v[j];
        out[i] = s;
    }
}

/* out = A^T v */
static void mul_atv(const double *v, double *out, int n) {
    for (int i = 0; i < n; i++) {
        double s = 0.0;
        for (int j = 0; j < n; j++)
            s += eval_a(j, i) * v[j];
        out[i] = s;
    }
}

/* out = A^T A v, with tmp for A v */
static void mul_atav(const double *v, double *out, double *tmp, int n) {
    mul_av(v, tmp, n);
    mul_atv(tmp, out, n);
}
/* Write repr(v) of a finite double to out, as Python writes it: the fewest
   significant digits that read back as v, positional when the decimal
   exponent is in [-4, 16) and scientific otherwise. */
static void float_repr(char *out, double v) {
    char sci[32];
    for (int prec = 0; prec <= 16; prec++) {
        snprintf(sci, sizeof sci, "%.*e", prec, v);
        if (strtod(sci, NULL) == v)
            break;
    }
    /* sci is [-]D[.DDD]e<sign>XX: take its digits and its exponent */
    const char *s = sci;
    if (*s == '-')
        *out++ = *s++;
    char digits[20];
    int nd = 0;
    for (; *s != 'e'; s++) {
        if (*s != '.')
            digits[nd++] = *s;
    }
    int exp = atoi(s + 1);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    if (exp >= -4 && exp < 16) {
        /* the digit at each decimal position k, from the highest down to
           at least the first after the point; digits[0] is at exp */
        int hi = exp > 0 ? exp : 0;
        int lo = exp - nd + 1 < -1 ? exp - nd + 1 : -1;
        for (int k = hi; k >= lo; k--) {
            int i = exp - k;
            *out++ = i >= 0 && i < nd ? digits[i] : '0';
            if (k == 0)
                *out++ = '.';
        }
        *out = '\0';
    } else {
        *out++ = digits[0];
        if (nd > 1) {
            *out++ = '.';
            memcpy(out, digits + 1, (size_t)(nd - 1));
            out += nd - 1;
        }
        sprintf(out, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    }
}

int main(void) {
    double *u = malloc(sizeof(double) * N);
    double *v = malloc(sizeof(double) * N);
    double *tmp = malloc(sizeof(double) * N);
    if (u == NULL || v == NULL || tmp == NULL)
        return 1;
    for (int i = 0; i < N; i++)
        u[i] = 1.0;
    for (int r = 0; r < ITERATIONS; r++) {
        mul_atav(u, v, tmp, N);
        mul_atav(v, u, tmp, N);
    }
    double vbv = 0.0;
    double vv = 0.0;
    for (int i = 0; i < N; i++) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    char buf[32];
    float_repr(buf, sqrt(vbv / vv));
    puts(buf);
    free(u);
    free(v);
    free(tmp);
    return 0;
}
