"""String equality: == and != on strings that are equal and unequal, short
and long, literals and strings concatenated at run time, with three words
rotating through three variables (string_equality.lox in Python). The
operands of + are variables so that CPython does not fold them into one
constant. The counts wrap at a million to stay exact when printed;
numbers print as C's %g, as in Lox."""


def main(n):
    hello = "hello"
    world = "world"
    hel = "hel"
    app = "app"
    le = "le!"
    made = hel + "lo"
    long1 = "the quick brown fox jumps over the lazy dog"
    long2 = "the quick brown fox jumps over the lazy cat"
    lazy = "lazy dog"
    long3 = "the quick brown fox jumps over the " + lazy
    w1 = "apple"
    w2 = "banana"
    w3 = "cherry"
    equal = 0
    unequal = 0
    for _ in range(n):
        fresh = w1 + "!"
        fresh2 = app + le
        greeting = hello + " " + world
        if hello == made:
            equal += 1
        if hello == world:
            equal += 1
        if long1 == long2:
            equal += 1
        if long1 == long3:
            equal += 1
        if w1 == w2:
            equal += 1
        if w1 == "banana":
            equal += 1
        if fresh == fresh2:
            equal += 1
        if fresh == "cherry!":
            equal += 1
        if fresh == long1:
            equal += 1
        if w2 == hello:
            equal += 1
        if long2 == long3:
            equal += 1
        if world == made:
            equal += 1
        if fresh != hello:
            unequal += 1
        if w3 != "apple":
            unequal += 1
        if long2 != long3:
            unequal += 1
        if made != hello:
            unequal += 1
        if fresh2 != fresh2:
            unequal += 1
        if w1 != w1:
            unequal += 1
        if greeting != "hello world":
            unequal += 1
        if greeting == world:
            equal += 1
        if equal >= 1000000:
            equal -= 1000000
        if unequal >= 1000000:
            unequal -= 1000000
        w1, w2, w3 = w2, w3, w1
    print("%g" % equal)
    print("%g" % unequal)


main(900000)
