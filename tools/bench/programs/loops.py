"""Nested integer loops: sum of (i * j) % 7 over an N x N grid."""

N = 24000


def main():
    total = 0
    for i in range(N):
        for j in range(N):
            total += (i * j) % 7
    print(total)


main()
