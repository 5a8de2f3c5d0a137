/* Float loop: total escape count of the Mandelbrot set over a SIZE x SIZE
   grid, at most MAX_ITER iterations per point. */
#include <stdint.h>
#include <stdio.h>

#define SIZE 2000
#define MAX_ITER 300

int main(void) {
    int64_t count = 0;
    for (int py = 0; py < SIZE; py++) {
        double y0 = -1.5 + 3.0 * py / SIZE;
        for (int px = 0; px < SIZE; px++) {
            double x0 = -2.25 + 3.0 * px / SIZE;
            double x = 0.0;
            double y = 0.0;
            int it = 0;
            while (it < MAX_ITER && x * x + y * y <= 4.0) {
                double xt = x * x - y * y + x0;
                y = 2.0 * x * y + y0;
                x = xt;
                it++;
            }
            count += it;
        }
    }
    printf("%lld\n", (long long)count);
    return 0;
}
