"""Binary trees, after the benchmarks game: build complete binary trees of
Tree objects, count their nodes with a recursive method and drop them,
while one long-lived tree stays allocated (binary_trees.lox in Python).

The output is the Lox program's: one value per line, numbers as C's %g."""


class Tree:
    def __init__(self, left, right):
        self.left = left
        self.right = right

    def check(self):
        """The number of nodes."""
        if self.left is None:
            return 1
        return 1 + self.left.check() + self.right.check()


def bottom_up(depth):
    if depth == 0:
        return Tree(None, None)
    return Tree(bottom_up(depth - 1), bottom_up(depth - 1))


def main(max_depth):
    min_depth = 4
    stretch_depth = max_depth + 1
    print("%g" % stretch_depth)
    print("%g" % bottom_up(stretch_depth).check())

    long_lived = bottom_up(max_depth)

    for depth in range(min_depth, max_depth + 1, 2):
        iterations = 2 ** (max_depth - depth + min_depth)
        total = 0
        for _ in range(iterations):
            total += bottom_up(depth).check()
        print("%g" % iterations)
        print("%g" % depth)
        print("%g" % total)

    print("%g" % max_depth)
    print("%g" % long_lived.check())


main(13)
