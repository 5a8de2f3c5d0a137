"""Recursive Fibonacci: the cost of calling a global function, of returning
and of arithmetic and comparisons on numbers (fib.lox in Python)."""


def fib(n):
    if n < 2:
        return n
    return fib(n - 2) + fib(n - 1)


# Lox prints numbers with C's %g
print("%g" % fib(33))
