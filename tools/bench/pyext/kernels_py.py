"""The pure-Python side of tools/bench/pyext.py (kernels.spy's code)."""


def add(a, b):
    return a + b


def smooth(src, dst):
    n = len(src)
    dst[0] = src[0]
    dst[n - 1] = src[n - 1]
    for i in range(1, n - 1):
        dst[i] = (src[i - 1] + 2.0 * src[i] + src[i + 1]) * 0.25


def long_words(text, n):
    count = 0
    for word in text.split():
        if len(word) > n:
            count += 1
    return count


def simulate(xs, ys, vxs, vys, steps):
    dt = 0.01
    for _ in range(steps):
        for i in range(len(xs)):
            x, y, vx, vy = xs[i], ys[i], vxs[i], vys[i]
            drag = 0.1 * (vx * vx + vy * vy)
            ax = -x - vx * drag
            ay = -y - vy * drag
            vx += ax * dt
            vy += ay * dt
            xs[i] = x + vx * dt
            ys[i] = y + vy * dt
            vxs[i] = vx
            vys[i] = vy
