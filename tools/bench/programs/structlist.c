/* An array of N points (a C struct, a @struct in SPy), put through ROUNDS
   rounds of whole-array passes: the centroid, the point nearest to the
   origin, the points within RADIUS of the origin, then every point rotated
   and shifted in place.  Floats are printed as Python's repr() does. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 2000000
#define ROUNDS 48
#define RADIUS 40.0

typedef struct {
    double x, y;
} Point;

static Point point_add(Point a, Point b) {
    return (Point){a.x + b.x, a.y + b.y};
}

static double point_dist2(Point a, Point b) {
    double dx = a.x - b.x;
    double dy = a.y - b.y;
    return dx * dx + dy * dy;
}

/* by the angle whose cosine is 0.8 and sine 0.6 */
static Point point_rotated(Point p) {
    return (Point){0.8 * p.x - 0.6 * p.y, 0.6 * p.x + 0.8 * p.y};
}

/* repr(v) of a finite double, as CPython writes it: the shortest digits
   that read back as v, positional when the exponent is in [-4, 16). */
static void float_repr(char *out, double v) {
    char sci[40];
    for (int prec = 0; prec < 17; prec++) {
        snprintf(sci, sizeof sci, "%.*e", prec, v);
        if (strtod(sci, NULL) == v)
            break;
    }
    /* sci is [-]D[.DDD]e(+|-)XX: collect the digits and the exponent */
    char digits[24];
    int ndigits = 0;
    const char *s = sci;
    if (*s == '-')
        *out++ = *s++;
    for (; *s != 'e'; s++) {
        if (*s != '.')
            digits[ndigits++] = *s;
    }
    int exp = atoi(s + 1);
    while (ndigits > 1 && digits[ndigits - 1] == '0')
        ndigits--;
    if (exp < -4 || exp >= 16) {
        *out++ = digits[0];
        if (ndigits > 1) {
            *out++ = '.';
            memcpy(out, digits + 1, (size_t)ndigits - 1);
            out += ndigits - 1;
        }
        sprintf(out, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
        return;
    }
    if (exp < 0) {
        *out++ = '0';
        *out++ = '.';
        for (int i = -1; i > exp; i--)
            *out++ = '0';
        memcpy(out, digits, (size_t)ndigits);
        out += ndigits;
    } else {
        for (int i = 0; i <= exp; i++)
            *out++ = i < ndigits ? digits[i] : '0';
        *out++ = '.';
        if (ndigits > exp + 1) {
            memcpy(out, digits + exp + 1, (size_t)(ndigits - exp - 1));
            out += ndigits - exp - 1;
        } else {
            *out++ = '0';
        }
    }
    *out = '\0';
}

/* Point.__repr__ */
static const char *point_repr(char *out, Point p) {
    char x[40], y[40];
    float_repr(x, p.x);
    float_repr(y, p.y);
    sprintf(out, "Point(%s, %s)", x, y);
    return out;
}

/* the linear congruential generator of all three versions */
static int64_t rng_state = 2024;

static double rng_uniform(void) {
    rng_state = (rng_state * 1103515245 + 12345) % 2147483648LL;
    return rng_state / 2147483648.0;
}

static Point centroid(const Point *pts, int32_t n) {
    double sx = 0.0;
    double sy = 0.0;
    for (int32_t i = 0; i < n; i++) {
        sx += pts[i].x;
        sy += pts[i].y;
    }
    return (Point){sx / n, sy / n};
}

static int32_t nearest(const Point *pts, int32_t n, Point target) {
    int32_t best = 0;
    double best_d = point_dist2(pts[0], target);
    for (int32_t i = 1; i < n; i++) {
        double d = point_dist2(pts[i], target);
        if (d < best_d) {
            best = i;
            best_d = d;
        }
    }
    return best;
}

static int32_t count_within(const Point *pts, int32_t n, Point center,
                            double radius) {
    double r2 = radius * radius;
    int32_t count = 0;
    for (int32_t i = 0; i < n; i++) {
        if (point_dist2(pts[i], center) <= r2)
            count++;
    }
    return count;
}

static void move(Point *pts, int32_t n, Point shift) {
    for (int32_t i = 0; i < n; i++)
        pts[i] = point_add(point_rotated(pts[i]), shift);
}

int main(void) {
    Point *pts = malloc(sizeof(Point) * N);
    if (pts == NULL)
        return 1;
    for (int32_t i = 0; i < N; i++) {
        double x = rng_uniform() * 200.0 - 100.0;
        double y = rng_uniform() * 100.0 - 20.0;
        pts[i] = (Point){x, y};
    }
    Point origin = {0.0, 0.0};
    char b1[100], b2[100];
    for (int32_t r = 0; r < ROUNDS; r++) {
        Point c = centroid(pts, N);
        int32_t i = nearest(pts, N, origin);
        int32_t inside = count_within(pts, N, origin, RADIUS);
        printf("round %d centroid %s\n", r, point_repr(b1, c));
        printf("  nearest %d %s within %d\n", i, point_repr(b1, pts[i]), inside);
        move(pts, N, (Point){1.5, -0.25});
    }
    Point c = centroid(pts, N);
    printf("final centroid %s\n", point_repr(b1, c));
    printf("  first %s last %s\n", point_repr(b1, pts[0]),
           point_repr(b2, pts[N - 1]));
    free(pts);
    return 0;
}
