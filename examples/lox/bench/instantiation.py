"""Instantiation: create many small, short-lived instances -- of a class
without __init__, of one whose __init__ sets two fields and of a subclass
whose __init__ calls super().__init__ -- and read their fields
(instantiation.lox in Python). Numbers print as C's %g, as in Lox."""


class Empty:
    pass


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Point3(Point):
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z


def main(n):
    empties = 0
    total = 0
    for i in range(n):
        e = Empty()
        if e is not None:
            empties += 1
        p = Point(i, 1)
        q = Point(2, i)
        r = Point3(p.y, q.x, 3)
        total += r.x + r.y + r.z + p.x - q.y
    print("%g" % empties)
    print("%g" % total)


main(400000)
