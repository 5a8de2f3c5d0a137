"""Equality: == and != on numbers, None and booleans, alike and mixed, in a
loop (equality.lox in Python). Booleans are never compared with numbers,
since in Python True == 1 but in Lox true != 1. None and the booleans are
compared with ==, not `is`, to do what the Lox program does. The count of
true comparisons wraps at a million; numbers print as C's %g, as in Lox."""


def main(n):
    one = 1
    two = 2
    half = 0.5
    yes = True
    no = False
    none = None
    word = "word"
    hits = 0
    for i in range(n):
        if i == one:
            hits += 1
        if one == one:
            hits += 1
        if one == two:
            hits += 1
        if half == 0.5:
            hits += 1
        if half != one:
            hits += 1
        if none == None:  # noqa: E711
            hits += 1
        if none == no:
            hits += 1
        if none != none:
            hits += 1
        if one == none:
            hits += 1
        if yes == True:  # noqa: E712
            hits += 1
        if yes == no:
            hits += 1
        if no != yes:
            hits += 1
        if yes == (not no):
            hits += 1
        if no == None:  # noqa: E711
            hits += 1
        if word == one:
            hits += 1
        if word != none:
            hits += 1
        if hits >= 1000000:
            hits -= 1000000
    print("%g" % hits)


main(900000)
