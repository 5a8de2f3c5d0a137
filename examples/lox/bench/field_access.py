"""Field reads and writes: bodies bouncing in a square box, moved by a loop
that reads and writes their fields from outside, then by a method through
self (field_access.lox in Python). Numbers print as C's %g, as in Lox."""


class Body:
    def __init__(self, x, y, vx, vy):
        self.x = x
        self.y = y
        self.vx = vx
        self.vy = vy
        self.bounces = 0

    def move(self, size):
        self.x = self.x + self.vx
        if self.x < 0 or self.x > size:
            self.vx = -self.vx
            self.bounces = self.bounces + 1
        self.y = self.y + self.vy
        if self.y < 0 or self.y > size:
            self.vy = -self.vy
            self.bounces = self.bounces + 1


def show(body):
    print("%g" % body.x)
    print("%g" % body.y)
    print("%g" % body.bounces)


def main(n):
    size = 1000

    a = Body(0, 0, 3, 7)
    b = Body(500, 250, 11, -5)
    for _ in range(n):
        a.x = a.x + a.vx
        if a.x < 0 or a.x > size:
            a.vx = -a.vx
            a.bounces = a.bounces + 1
        a.y = a.y + a.vy
        if a.y < 0 or a.y > size:
            a.vy = -a.vy
            a.bounces = a.bounces + 1
        b.x = b.x + b.vx
        if b.x < 0 or b.x > size:
            b.vx = -b.vx
            b.bounces = b.bounces + 1
        b.y = b.y + b.vy
        if b.y < 0 or b.y > size:
            b.vy = -b.vy
            b.bounces = b.bounces + 1
    show(a)
    show(b)

    c = Body(10, 990, 13, -2)
    d = Body(999, 1, -1, 17)
    for _ in range(n):
        c.move(size)
        d.move(size)
    show(c)
    show(d)


main(800000)
