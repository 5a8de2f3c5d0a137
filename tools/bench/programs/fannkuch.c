/* Fannkuch-redux, ROUNDS times over the permutations of 0..N-1: for every
   permutation, in the counting order, flip the prefix as long as the first
   item says (reverse the first k + 1 items while k = perm[0] is not 0) and
   count the flips; print a checksum of the counts (added for the even
   permutations of the order, subtracted for the odd ones) and the largest
   count. */
#include <stdint.h>
#include <stdio.h>

#define N 10
#define ROUNDS 4

static void fannkuch(int32_t n) {
    int32_t perm1[N]; /* the current permutation */
    int32_t perm[N];  /* the copy that is flipped */
    int32_t count[N]; /* the counters that drive the order */
    for (int32_t i = 0; i < n; i++)
        perm1[i] = i;
    int32_t checksum = 0;
    int32_t max_flips = 0;
    int32_t perm_index = 0;
    int32_t r = n;
    for (;;) {
        while (r != 1) {
            count[r - 1] = r;
            r--;
        }
        for (int32_t i = 0; i < n; i++)
            perm[i] = perm1[i];
        int32_t flips = 0;
        int32_t k = perm[0];
        while (k != 0) {
            int32_t i = 0;
            int32_t j = k;
            while (i < j) {
                int32_t t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
                i++;
                j--;
            }
            flips++;
            k = perm[0];
        }
        if (flips > max_flips)
            max_flips = flips;
        if (perm_index % 2 == 0)
            checksum += flips;
        else
            checksum -= flips;
        /* the next permutation: rotate the first r + 1 items left by one,
           for r = 1, 2, ... until a counter does not run out */
        for (;;) {
            if (r == n) {
                printf("%d\nPfannkuchen(%d) = %d\n", checksum, n, max_flips);
                return;
            }
            int32_t first = perm1[0];
            for (int32_t i = 0; i < r; i++)
                perm1[i] = perm1[i + 1];
            perm1[r] = first;
            count[r]--;
            if (count[r] > 0)
                break;
            r++;
        }
        perm_index++;
    }
}

int main(void) {
    for (int32_t i = 0; i < ROUNDS; i++)
        fannkuch(N);
    return 0;
}
