"""Method-heavy object code: small classes, bound-method calls, properties, attribute traffic."""
from benchmarks.workloads import Workload

SOURCE = '''
class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def scale(self, k):
        return Vec(self.x * k, self.y * k)

    def dot(self, other):
        return self.x * other.x + self.y * other.y

    @property
    def norm2(self):
        return self.dot(self)


class Particle:
    def __init__(self, pos, vel):
        self.pos = pos
        self.vel = vel

    def step(self, dt):
        self.pos = self.pos.add(self.vel.scale(dt))
        if self.pos.x > 50:
            self.vel = Vec(-self.vel.x, self.vel.y)

    def energy(self):
        return 0.5 * self.vel.norm2


def simulate(n):
    particles = [Particle(Vec(i, -i), Vec(1.0 + i % 3, 0.5)) for i in range(50)]
    for _ in range(n // 50):
        for p in particles:
            p.step(0.1)
    return round(sum(p.energy() for p in particles), 6)

result = simulate(N)
'''

WORKLOAD = Workload(
    "methods",
    "method-heavy object code (bound methods, properties)",
    SOURCE,
    {"full": 16000, "quick": 100},
)
