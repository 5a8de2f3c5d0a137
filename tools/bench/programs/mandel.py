"""Float loop: total escape count of the Mandelbrot set over a SIZE x SIZE
grid, at most MAX_ITER iterations per point."""

SIZE = 2000
MAX_ITER = 300


def main():
    count = 0
    for py in range(SIZE):
        y0 = -1.5 + 3.0 * py / SIZE
        for px in range(SIZE):
            x0 = -2.25 + 3.0 * px / SIZE
            x = 0.0
            y = 0.0
            it = 0
            while it < MAX_ITER and x * x + y * y <= 4.0:
                xt = x * x - y * y + x0
                y = 2.0 * x * y + y0
                x = xt
                it += 1
            count += it
    print(count)


main()
