# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The Cython side of tools/bench/pyext.py: what a careful Cython
programmer writes (typed memoryviews, no bounds checks, C structs)."""


cpdef int add(int a, int b):
    return a + b


def smooth(double[::1] src, double[::1] dst):
    cdef Py_ssize_t i, n = src.shape[0]
    dst[0] = src[0]
    dst[n - 1] = src[n - 1]
    for i in range(1, n - 1):
        dst[i] = (src[i - 1] + 2.0 * src[i] + src[i + 1]) * 0.25


def long_words(str text, int n):
    cdef int count = 0
    cdef str word
    for word in text.split():
        if len(word) > n:
            count += 1
    return count


cdef struct Vec:
    double x
    double y


cdef inline Vec vadd(Vec a, Vec b) noexcept:
    return Vec(a.x + b.x, a.y + b.y)


cdef inline Vec vscale(Vec a, double k) noexcept:
    return Vec(a.x * k, a.y * k)


def simulate(double[::1] xs, double[::1] ys, double[::1] vxs, double[::1] vys, int steps):
    cdef double dt = 0.01, drag
    cdef Py_ssize_t i, n = xs.shape[0]
    cdef int s
    cdef Vec pos, vel, acc
    for s in range(steps):
        for i in range(n):
            pos = Vec(xs[i], ys[i])
            vel = Vec(vxs[i], vys[i])
            drag = 0.1 * (vel.x * vel.x + vel.y * vel.y)
            acc = vadd(vscale(pos, -1.0), vscale(vel, -drag))
            vel = vadd(vel, vscale(acc, dt))
            pos = vadd(pos, vscale(vel, dt))
            xs[i] = pos.x
            ys[i] = pos.y
            vxs[i] = vel.x
            vys[i] = vel.y
