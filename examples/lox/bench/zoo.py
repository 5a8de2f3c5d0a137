"""The zoo: six kinds of animal, subclasses of Animal that inherit some of
its methods and override others, each method returning a number; a loop
calls every method of each animal by name, then a loop walks the ring of
animals and calls the methods at one call site that sees every class
(zoo.lox in Python). The sums wrap at a million to stay exact when
printed; numbers print as C's %g, as in Lox."""


class Animal:
    def __init__(self, weight):
        self.weight = weight
        self.next = None

    def legs(self):
        return 4

    def mass(self):
        return self.weight

    def speed(self):
        return 10


class Lion(Animal):
    def speed(self):
        return 80


class Zebra(Animal):
    def mass(self):
        return self.weight + 20

    def speed(self):
        return 65


class Owl(Animal):
    def legs(self):
        return 2

    def speed(self):
        return 40


class Snake(Animal):
    def legs(self):
        return 0

    def speed(self):
        return self.weight - 3


class Spider(Animal):
    def legs(self):
        return 8

    def mass(self):
        return 1

    def speed(self):
        return 2


class Tortoise(Animal):
    def speed(self):
        return 1


def main(n):
    lion = Lion(190)
    zebra = Zebra(380)
    owl = Owl(2)
    snake = Snake(9)
    spider = Spider(0)
    tortoise = Tortoise(150)

    total = 0
    for _ in range(n):
        total = total + lion.legs() + lion.mass() + lion.speed()
        total = total + zebra.legs() + zebra.mass() + zebra.speed()
        total = total + owl.legs() + owl.mass() + owl.speed()
        total = total + snake.legs() + snake.mass() + snake.speed()
        total = total + spider.legs() + spider.mass() + spider.speed()
        total = total + tortoise.legs() + tortoise.mass() + tortoise.speed()
        if total >= 1000000:
            total -= 1000000
    print("%g" % total)

    lion.next = zebra
    zebra.next = owl
    owl.next = snake
    snake.next = spider
    spider.next = tortoise
    tortoise.next = lion
    animal = lion
    total = 0
    for _ in range(6 * n):
        total = total + animal.legs() + animal.mass() + animal.speed()
        if total >= 1000000:
            total -= 1000000
        animal = animal.next
    print("%g" % total)


main(150000)
