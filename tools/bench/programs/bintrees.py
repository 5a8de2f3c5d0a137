"""The binary-trees benchmark: allocate complete binary trees, walk them to
count their nodes and drop them, while one long-lived tree stays
allocated."""

MIN_DEPTH = 4
MAX_DEPTH = 16


class Node:
    __slots__ = ("left", "right")

    def __init__(self, left, right):
        self.left = left
        self.right = right


def make(depth):
    if depth == 0:
        return Node(None, None)
    return Node(make(depth - 1), make(depth - 1))


def check(node):
    """The number of nodes."""
    if node.left is None:
        return 1
    return 1 + check(node.left) + check(node.right)


def main():
    stretch_depth = MAX_DEPTH + 1
    stretch = make(stretch_depth)
    print(
        "stretch tree of depth "
        + str(stretch_depth)
        + "\t check: "
        + str(check(stretch))
    )
    stretch = None
    long_lived = make(MAX_DEPTH)
    for depth in range(MIN_DEPTH, MAX_DEPTH + 1, 2):
        iterations = 1 << (MAX_DEPTH - depth + MIN_DEPTH)
        total = 0
        for i in range(iterations):
            total += check(make(depth))
        print(
            str(iterations)
            + "\t trees of depth "
            + str(depth)
            + "\t check: "
            + str(total)
        )
    print(
        "long lived tree of depth "
        + str(MAX_DEPTH)
        + "\t check: "
        + str(check(long_lived))
    )


main()
