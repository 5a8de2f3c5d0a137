"""Memoised recursion: the Collatz sequence length of every n in 1..N, each
computed from the length of its successor and remembered in a dict, which
ends up holding the values above N met on the way too."""

N = 1_000_000


def collatz_len(n, memo):
    """The number of terms from n down to 1, both counted."""
    if n == 1:
        return 1
    if n in memo:
        return memo[n]
    nxt = n // 2 if n % 2 == 0 else 3 * n + 1
    length = 1 + collatz_len(nxt, memo)
    memo[n] = length
    return length


def main():
    memo = {}
    best = 1
    best_len = 1
    total = 0
    for i in range(1, N + 1):
        length = collatz_len(i, memo)
        total += length
        if length > best_len:
            best = i
            best_len = length
    print("longest below", N + 1, "starts at", best, "with", best_len, "terms")
    print("total terms", total, "memo entries", len(memo))
    highest = 0
    for n in memo:
        highest = max(highest, n)
    print("highest value met", highest)


main()
