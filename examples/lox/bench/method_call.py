"""Method calls: a Toggle flips its state on each activate(); an NthToggle,
its subclass, flips only every nth call, through super().activate()
(method_call.lox in Python)."""


class Toggle:
    def __init__(self, state):
        self.state = state

    def value(self):
        return self.state

    def activate(self):
        self.state = not self.state
        return self


class NthToggle(Toggle):
    def __init__(self, state, max_counter):
        super().__init__(state)
        self.count_max = max_counter
        self.counter = 0

    def activate(self):
        self.counter += 1
        if self.counter >= self.count_max:
            super().activate()
            self.counter = 0
        return self


def lox(value):
    """A value as Lox prints it: lowercase booleans, numbers as C's %g."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "%g" % value


def main(n):
    toggle = Toggle(True)
    trues = 0
    for _ in range(n):
        if toggle.activate().value():
            trues += 1
        if toggle.activate().value():
            trues += 1
        if toggle.activate().value():
            trues += 1
        if toggle.activate().value():
            trues += 1
        if toggle.activate().value():
            trues += 1
    print(lox(toggle.value()))
    print(lox(trues))

    ntoggle = NthToggle(True, 3)
    trues = 0
    for _ in range(n):
        if ntoggle.activate().value():
            trues += 1
        if ntoggle.activate().value():
            trues += 1
        if ntoggle.activate().value():
            trues += 1
        if ntoggle.activate().value():
            trues += 1
        if ntoggle.activate().value():
            trues += 1
    print(lox(ntoggle.value()))
    print(lox(trues))


main(300000)
