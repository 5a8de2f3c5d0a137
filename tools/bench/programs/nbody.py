"""The n-body benchmark: the sun and the four giant planets, as a list of
five Body objects, moved forward STEPS steps of DT (days) by a simple
symplectic integrator. The total energy is printed before and after."""

import math

STEPS = 10_000_000
DT = 0.01
PI = 3.141592653589793
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24


class Body:
    __slots__ = ("mass", "vx", "vy", "vz", "x", "y", "z")

    def __init__(
        self, x: float, y: float, z: float, vx: float, vy: float, vz: float, mass: float
    ) -> None:
        self.x = x
        self.y = y
        self.z = z
        self.vx = vx
        self.vy = vy
        self.vz = vz
        self.mass = mass


def make_body(
    x: float, y: float, z: float, vx: float, vy: float, vz: float, mass: float
) -> Body:
    """Positions in AU, velocities in AU per year and masses in solar masses
    become AU per day (times DAYS_PER_YEAR) and times SOLAR_MASS."""
    return Body(
        x,
        y,
        z,
        vx * DAYS_PER_YEAR,
        vy * DAYS_PER_YEAR,
        vz * DAYS_PER_YEAR,
        mass * SOLAR_MASS,
    )


def make_bodies() -> list[Body]:
    sun = make_body(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0)
    jupiter = make_body(
        4.84143144246472090e00,
        -1.16032004402742839e00,
        -1.03622044471123109e-01,
        1.66007664274403694e-03,
        7.69901118419740425e-03,
        -6.90460016972063023e-05,
        9.54791938424326609e-04,
    )
    saturn = make_body(
        8.34336671824457987e00,
        4.12479856412430479e00,
        -4.03523417114321381e-01,
        -2.76742510726862411e-03,
        4.99852801234917238e-03,
        2.30417297573763929e-05,
        2.85885980666130812e-04,
    )
    uranus = make_body(
        1.28943695621391310e01,
        -1.51111514016986312e01,
        -2.23307578892655734e-01,
        2.96460137564761618e-03,
        2.37847173959480950e-03,
        -2.96589568540237556e-05,
        4.36624404335156298e-05,
    )
    neptune = make_body(
        1.53796971148509165e01,
        -2.59193146099879641e01,
        1.79258772950371181e-01,
        2.68067772490389322e-03,
        1.62824170038242295e-03,
        -9.51592254519715870e-05,
        5.15138902046506363e-05,
    )
    return [sun, jupiter, saturn, uranus, neptune]


def offset_momentum(bodies: list[Body]) -> None:
    """Give the sun the velocity that makes the total momentum zero."""
    px = 0.0
    py = 0.0
    pz = 0.0
    for b in bodies:
        px += b.vx * b.mass
        py += b.vy * b.mass
        pz += b.vz * b.mass
    sun = bodies[0]
    sun.vx = -px / SOLAR_MASS
    sun.vy = -py / SOLAR_MASS
    sun.vz = -pz / SOLAR_MASS


def energy(bodies: list[Body]) -> float:
    """Kinetic plus potential energy."""
    e = 0.0
    n = len(bodies)
    for i in range(n):
        b = bodies[i]
        e += 0.5 * b.mass * (b.vx * b.vx + b.vy * b.vy + b.vz * b.vz)
        for j in range(i + 1, n):
            o = bodies[j]
            dx = b.x - o.x
            dy = b.y - o.y
            dz = b.z - o.z
            e -= b.mass * o.mass / math.sqrt(dx * dx + dy * dy + dz * dz)
    return e


def advance(bodies: list[Body], dt: float) -> None:
    """One step: update every pair's velocities, then every position."""
    n = len(bodies)
    for i in range(n):
        b = bodies[i]
        for j in range(i + 1, n):
            o = bodies[j]
            dx = b.x - o.x
            dy = b.y - o.y
            dz = b.z - o.z
            d2 = dx * dx + dy * dy + dz * dz
            mag = dt / (d2 * math.sqrt(d2))
            bm = b.mass * mag
            om = o.mass * mag
            b.vx -= dx * om
            b.vy -= dy * om
            b.vz -= dz * om
            o.vx += dx * bm
            o.vy += dy * bm
            o.vz += dz * bm
    for b in bodies:
        b.x += dt * b.vx
        b.y += dt * b.vy
        b.z += dt * b.vz


def main() -> None:
    bodies = make_bodies()
    offset_momentum(bodies)
    print(energy(bodies))
    for step in range(STEPS):
        advance(bodies, DT)
    print(energy(bodies))


main()
