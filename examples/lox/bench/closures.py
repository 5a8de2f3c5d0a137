"""Closures: make closures and call them -- a counter over a local of the
function that made it, an adder over a parameter, a closure that applies
another one twice -- with a long-lived closure over a local of main adding
each result to it; then call one counter many times (closures.lox in
Python). The total wraps at a million to stay exact when printed; numbers
print as C's %g, as in Lox."""


def make_counter():
    count = 0

    def increment():
        nonlocal count
        count = count + 1
        return count

    return increment


def make_adder(n):
    def add(x):
        return x + n

    return add


def twice(f):
    def apply(x):
        return f(f(x))

    return apply


def main(n):
    total = 0

    def add_to_total(x):
        nonlocal total
        total = total + x
        if total >= 1000000:
            total = total - 1000000

    for i in range(n):
        counter = make_counter()
        counter()
        counter()
        add = make_adder(i)
        add_twice = twice(add)
        add_to_total(add(counter()))
        add_to_total(add_twice(counter()))
    print("%g" % total)

    counter = make_counter()
    for _ in range(n):
        counter()
        counter()
    print("%g" % counter())


main(350000)
