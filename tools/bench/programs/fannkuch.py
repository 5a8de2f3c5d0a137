"""Fannkuch-redux, ROUNDS times over the permutations of 0..N-1: for every
permutation, in the counting order, flip the prefix as long as the first
item says (reverse the first k + 1 items while k = perm[0] is not 0) and
count the flips; print a checksum of the counts (added for the even
permutations of the order, subtracted for the odd ones) and the largest
count."""

N = 10
ROUNDS = 4


def fannkuch(n):
    perm1 = []  # the current permutation
    for i in range(n):
        perm1.append(i)
    perm = [0] * n  # the copy that is flipped
    count = [0] * n  # the counters that drive the order
    checksum = 0
    max_flips = 0
    perm_index = 0
    r = n
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        for i in range(n):
            perm[i] = perm1[i]
        flips = 0
        k = perm[0]
        while k != 0:
            i = 0
            j = k
            while i < j:
                t = perm[i]
                perm[i] = perm[j]
                perm[j] = t
                i += 1
                j -= 1
            flips += 1
            k = perm[0]
        max_flips = max(max_flips, flips)
        if perm_index % 2 == 0:
            checksum += flips
        else:
            checksum -= flips
        # the next permutation: rotate the first r + 1 items left by one,
        # for r = 1, 2, ... until a counter does not run out
        while True:
            if r == n:
                print(checksum)
                print("Pfannkuchen(" + str(n) + ") =", max_flips)
                return
            first = perm1[0]
            for i in range(r):
                perm1[i] = perm1[i + 1]
            perm1[r] = first
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        perm_index += 1


def main():
    for i in range(ROUNDS):
        fannkuch(N)


main()
