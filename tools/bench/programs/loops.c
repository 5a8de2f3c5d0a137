/* Nested integer loops: sum of (i * j) % 7 over an N x N grid, in int64. */
#include <stdint.h>
#include <stdio.h>

#define N 24000

int main(void) {
    int64_t total = 0;
    for (int64_t i = 0; i < N; i++) {
        for (int64_t j = 0; j < N; j++) {
            total += (i * j) % 7;
        }
    }
    printf("%lld\n", (long long)total);
    return 0;
}
