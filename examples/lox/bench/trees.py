"""Trees: build one complete binary tree of Node objects, then walk it over
and over with recursive methods that sum the values, add 1 to or take 1
from every value and mirror the tree, and with a loop that follows left
links down to a leaf (trees.lox in Python). The checksum wraps at a million
to stay exact when printed; numbers print as C's %g, as in Lox."""


class Node:
    def __init__(self, depth, value):
        self.value = value
        if depth > 0:
            self.left = Node(depth - 1, value + 1)
            self.right = Node(depth - 1, value + 2)
        else:
            self.left = None
            self.right = None

    def sum(self):
        if self.left is None:
            return self.value
        return self.value + self.left.sum() + self.right.sum()

    def bump(self, by):
        self.value = self.value + by
        if self.left is not None:
            self.left.bump(by)
            self.right.bump(by)

    def mirror(self):
        if self.left is not None:
            left = self.left
            self.left = self.right
            self.right = left
            self.left.mirror()
            self.right.mirror()

    def leftmost(self):
        node = self
        while node.left is not None:
            node = node.left
        return node.value


def main(depth, passes):
    tree = Node(depth, 0)
    checksum = 0
    by = 1
    for _ in range(passes):
        checksum = checksum + tree.sum() + tree.leftmost()
        if checksum >= 1000000:
            checksum = checksum - 1000000
        tree.bump(by)
        by = -by
        tree.mirror()
    print("%g" % tree.sum())
    print("%g" % tree.leftmost())
    print("%g" % checksum)


main(12, 350)
