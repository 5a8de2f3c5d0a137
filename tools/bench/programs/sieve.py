"""Sieve of Eratosthenes over a list of about N bools, ROUNDS times with a
slightly smaller limit each time: count the primes up to the limit, sum
them, find the largest and count the twin pairs."""

N = 20_000_000
ROUNDS = 8


def sieve(n):
    is_prime = [True] * (n + 1)
    is_prime[0] = False
    is_prime[1] = False
    i = 2
    while i * i <= n:
        if is_prime[i]:
            for j in range(i * i, n + 1, i):
                is_prime[j] = False
        i += 1
    return is_prime


def main():
    for r in range(ROUNDS):
        limit = N - 100_000 * r
        is_prime = sieve(limit)
        count = 0
        twins = 0
        largest = 0
        total = 0
        for i in range(2, limit + 1):
            if is_prime[i]:
                count += 1
                total += i
                largest = i
                if i >= 4 and is_prime[i - 2]:
                    twins += 1
        print("limit", limit, "primes", count, "sum", total)
        print("  largest", largest, "twins", twins)


main()
