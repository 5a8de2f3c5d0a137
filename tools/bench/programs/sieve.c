/* Sieve of Eratosthenes over a table of about N flags (bytes here,
   list[bool] in SPy), ROUNDS times with a slightly smaller limit each time:
   count the primes up to the limit, sum them, find the largest and count
   the twin pairs. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 20000000
#define ROUNDS 8

static bool *sieve(int32_t n) {
    bool *is_prime = malloc((size_t)n + 1);
    if (is_prime == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    for (int32_t i = 0; i <= n; i++)
        is_prime[i] = true;
    is_prime[0] = false;
    is_prime[1] = false;
    for (int32_t i = 2; i * i <= n; i++) {
        if (is_prime[i]) {
            for (int32_t j = i * i; j <= n; j += i)
                is_prime[j] = false;
        }
    }
    return is_prime;
}

int main(void) {
    for (int32_t r = 0; r < ROUNDS; r++) {
        int32_t limit = N - 100000 * r;
        bool *is_prime = sieve(limit);
        int32_t count = 0;
        int32_t twins = 0;
        int32_t largest = 0;
        int64_t total = 0;
        for (int32_t i = 2; i <= limit; i++) {
            if (is_prime[i]) {
                count++;
                total += i;
                largest = i;
                if (i >= 4 && is_prime[i - 2])
                    twins++;
            }
        }
        printf("limit %d primes %d sum %lld\n", limit, count, (long long)total);
        printf("  largest %d twins %d\n", largest, twins);
        free(is_prime);
    }
    return 0;
}
