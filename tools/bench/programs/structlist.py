"""A list of N points (a small value class here, a @struct in SPy), put
through ROUNDS rounds of whole-list passes: the centroid, the point nearest
to the origin, the points within RADIUS of the origin, then every point
rotated and shifted in place."""

N = 2_000_000
ROUNDS = 48
RADIUS = 40.0


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)

    def __repr__(self):
        return "Point(" + str(self.x) + ", " + str(self.y) + ")"

    def dist2(self, other):
        dx = self.x - other.x
        dy = self.y - other.y
        return dx * dx + dy * dy

    def rotated(self):
        # by the angle whose cosine is 0.8 and sine 0.6
        return Point(0.8 * self.x - 0.6 * self.y, 0.6 * self.x + 0.8 * self.y)


class Random:
    """A linear congruential generator, the same in all three versions."""

    def __init__(self, seed):
        self.state = seed

    def uniform(self):
        """The next number in [0, 1)."""
        self.state = (self.state * 1103515245 + 12345) % 2147483648
        return self.state / 2147483648.0


def make_points(n, rng):
    pts = []
    for i in range(n):
        x = rng.uniform() * 200.0 - 100.0
        y = rng.uniform() * 100.0 - 20.0
        pts.append(Point(x, y))
    return pts


def centroid(pts):
    sx = 0.0
    sy = 0.0
    for p in pts:
        sx += p.x
        sy += p.y
    n = len(pts)
    return Point(sx / n, sy / n)


def nearest(pts, target):
    best = 0
    best_d = pts[0].dist2(target)
    for i in range(1, len(pts)):
        d = pts[i].dist2(target)
        if d < best_d:
            best = i
            best_d = d
    return best


def count_within(pts, center, radius):
    r2 = radius * radius
    count = 0
    for p in pts:
        if p.dist2(center) <= r2:
            count += 1
    return count


def move(pts, shift):
    for i in range(len(pts)):
        pts[i] = pts[i].rotated() + shift


def main():
    rng = Random(2024)
    pts = make_points(N, rng)
    origin = Point(0.0, 0.0)
    for r in range(ROUNDS):
        c = centroid(pts)
        i = nearest(pts, origin)
        inside = count_within(pts, origin, RADIUS)
        print("round", r, "centroid", c)
        print("  nearest", i, pts[i], "within", inside)
        move(pts, Point(1.5, -0.25))
    c = centroid(pts)
    print("final centroid", c)
    print("  first", pts[0], "last", pts[-1])


main()
