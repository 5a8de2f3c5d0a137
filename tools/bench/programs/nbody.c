/* The n-body benchmark: the sun and the four giant planets, as an array of
   five structs, moved forward STEPS steps of DT (days) by a simple
   symplectic integrator. The total energy is printed before and after, as
   Python's repr() prints a float. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEPS 10000000
#define DT 0.01
#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24
#define NBODIES 5

typedef struct {
    double x, y, z;
    double vx, vy, vz;
    double mass;
} Body;

/* positions in AU; velocities in AU per year and masses in solar masses
   become AU per day (times DAYS_PER_YEAR) and times SOLAR_MASS */
static Body make_body(double x, double y, double z, double vx, double vy,
                      double vz, double mass) {
    Body b = {x,
              y,
              z,
              vx * DAYS_PER_YEAR,
              vy * DAYS_PER_YEAR,
              vz * DAYS_PER_YEAR,
              mass * SOLAR_MASS};
    return b;
}

static void make_bodies(Body *bodies) {
    Body sun = make_body(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0);
    Body jupiter = make_body(
        4.84143144246472090e+00, -1.16032004402742839e+00,
        -1.03622044471123109e-01, 1.66007664274403694e-03,
        7.69901118419740425e-03, -6.90460016972063023e-05,
        9.54791938424326609e-04);
    Body saturn = make_body(
        8.34336671824457987e+00, 4.12479856412430479e+00,
        -4.03523417114321381e-01, -2.76742510726862411e-03,
        4.99852801234917238e-03, 2.30417297573763929e-05,
        2.85885980666130812e-04);
    Body uranus = make_body(
        1.28943695621391310e+01, -1.51111514016986312e+01,
        -2.23307578892655734e-01, 2.96460137564761618e-03,
        2.37847173959480950e-03, -2.96589568540237556e-05,
        4.36624404335156298e-05);
    Body neptune = make_body(
        1.53796971148509165e+01, -2.59193146099879641e+01,
        1.79258772950371181e-01, 2.68067772490389322e-03,
        1.62824170038242295e-03, -9.51592254519715870e-05,
        5.15138902046506363e-05);
    bodies[0] = sun;
    bodies[1] = jupiter;
    bodies[2] = saturn;
    bodies[3] = uranus;
    bodies[4] = neptune;
}

/* give the sun the velocity that makes the total momentum zero */
static void offset_momentum(Body *bodies, int n) {
    double px = 0.0;
    double py = 0.0;
    double pz = 0.0;
    for (int i = 0; i < n; i++) {
        px += bodies[i].vx * bodies[i].mass;
        py += bodies[i].vy * bodies[i].mass;
        pz += bodies[i].vz * bodies[i].mass;
    }
    bodies[0].vx = -px / SOLAR_MASS;
    bodies[0].vy = -py / SOLAR_MASS;
    bodies[0].vz = -pz / SOLAR_MASS;
}

/* kinetic plus potential energy */
static double energy(const Body *bodies, int n) {
    double e = 0.0;
    for (int i = 0; i < n; i++) {
        const Body *b = &bodies[i];
        e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
        for (int j = i + 1; j < n; j++) {
            const Body *o = &bodies[j];
            double dx = b->x - o->x;
            double dy = b->y - o->y;
            double dz = b->z - o->z;
            e -= b->mass * o->mass / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

/* one step: update every pair's velocities, then every position */
static void advance(Body *bodies, int n, double dt) {
    for (int i = 0; i < n; i++) {
        Body *b = &bodies[i];
        for (int j = i + 1; j < n; j++) {
            Body *o = &bodies[j];
            double dx = b->x - o->x;
            double dy = b->y - o->y;
            double dz = b->z - o->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * sqrt(d2));
            double bm = b->mass * mag;
            double om = o->mass * mag;
            b->vx -= dx * om;
            b->vy -= dy * om;
            b->vz -= dz * om;
            o->vx += dx * bm;
            o->vy += dy * bm;
            o->vz += dz * bm;
        }
    }
    for (int i = 0; i < n; i++) {
        Body *b = &bodies[i];
        b->x += dt * b->vx;
        b->y += dt * b->vy;
        b->z += dt * b->vz;
    }
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

static void print_float(double v) {
    char buf[32];
    float_repr(buf, v);
    puts(buf);
}

int main(void) {
    Body bodies[NBODIES];
    make_bodies(bodies);
    offset_momentum(bodies, NBODIES);
    print_float(energy(bodies, NBODIES));
    for (int step = 0; step < STEPS; step++)
        advance(bodies, NBODIES, DT);
    print_float(energy(bodies, NBODIES));
    return 0;
}
