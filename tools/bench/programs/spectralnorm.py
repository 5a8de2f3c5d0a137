"""The spectral-norm benchmark: the largest singular value of the infinite
matrix A with A(i, j) = 1 / ((i + j) * (i + j + 1) / 2 + i + 1), cut to
N x N, found by the power method: ITERATIONS rounds of u = AtA v and
v = AtA u, then sqrt(u.v / v.v)."""

import math

N = 3000
ITERATIONS = 10


def eval_a(i: int, j: int) -> float:
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def mul_av(v: list[float], out: list[float], n: int) -> None:
    """out = A v"""
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += eval_a(i, j) * v[j]
        out[i] = s


def mul_atv(v: list[float], out: list[float], n: int) -> None:
    """out = A^T v"""
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += eval_a(j, i) * v[j]
        out[i] = s


def mul_atav(v: list[float], out: list[float], tmp: list[float], n: int) -> None:
    """out = A^T A v, with tmp for A v"""
    mul_av(v, tmp, n)
    mul_atv(tmp, out, n)


def main() -> None:
    u = [1.0] * N
    v = [0.0] * N
    tmp = [0.0] * N
    for r in range(ITERATIONS):
        mul_atav(u, v, tmp, N)
        mul_atav(v, u, tmp, N)
    vbv = 0.0
    vv = 0.0
    for i in range(N):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    print(math.sqrt(vbv / vv))


main()
