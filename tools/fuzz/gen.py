"""The fuzzer's generator: random, well-typed SPy programs from a seed.

`generate(seed, flags)` -> Program, a small tree (functions made of
statements, compound statements holding blocks) that `render()` turns into
the text of a `.spy` file. The same text is valid Python once `shim.py`'s
prelude is put in front of it, so the differential runner (`run.py`) can
compare what the SPy engines print with what CPython prints. The shrinker
(`run.py`) removes functions and statements of the tree and renders again.

Everything is deterministic from the seed (one `random.Random(seed)`).

How the programs stay inside the part of SPy that agrees with Python:
- every integer expression carries a bound on its absolute value, checked
  while it is built, so no i32/i64 operation can wrap (SPy wraps, Python
  does not); a value stored in a variable, list, dict or field is kept
  under VB (i32) or VB64 (i64) by a `% M` where the bound says so;
- floats use + - * / (by non-zero literals), %, abs, min, max and
  math.sqrt, which IEEE makes bit-identical in C and CPython, and they stay
  bounded too, so no inf or nan reaches a conversion;
- strings are ASCII (upper/lower keep their length) and bounded in length;
  lists are never empty (indices are taken modulo the length) and bounded;
- a dict is not changed while a loop walks it (Python raises on that).

Features that the compilers get wrong today, for bugs being fixed, are
switched by the names in KNOWN_BUGS (see that dict); the generator can make
them all, and `run.py --flag NAME` turns one on.
"""

import random
import re
from dataclasses import dataclass, field

# A feature whose name maps to False is generated only when asked for
# (`run.py --flag NAME`, or `--all-flags`). Flip one to True when the fix
# for its bug has landed.
KNOWN_BUGS: dict[str, bool] = {
    # `xs[i()] = v()`: Python evaluates v() first, then the target's
    # container and index; SPy evaluates the target first.
    "assign-order": True,
    # `xs[i()] += 1` and `get(o).n += 1`: the target's container and index
    # must be evaluated once; SPy evaluates them twice.
    "aug-target-effects": True,
    # a local assigned on some paths only, then read: Python raises
    # UnboundLocalError; SPy must reject it (today it reads garbage).
    "maybe-unassigned": True,
    # a class field that __init__ does not set, then read: Python raises
    # AttributeError; SPy must reject it or panic the same way.
    "unset-field": True,
    # shapes gcc warns about: `min(n, n)`, an i64 constant compared with
    # `len(s)`, `30 != (n | -539)`; no C compiler output is allowed.
    "gcc-warnings": True,
    # found by this fuzzer: str() or print() of a tuple display whose items
    # have effects evaluated the items twice (every engine).
    "tuple-display-effects": True,
}

# The compile errors that are an acceptable answer to a feature: when a
# program uses it and every SPy engine rejects the program with this text,
# the program counts as agreeing (the analysis chose to reject it).
ACCEPTED_ERRORS: dict[str, str] = {
    "maybe-unassigned": "before it is assigned",
    "unset-field": "does not assign",
}

VB = 1 << 20  # bound of a stored i32
VB64 = 1 << 40  # bound of a stored i64
M32 = 1000003  # stored i32s are reduced modulo this when needed
M64 = 1000000000039  # written i64(M64): a bare literal is an i32
LIM32 = (1 << 31) - 1
LIM64 = (1 << 63) - 1
FB = 1.0e6  # bound of a stored f64
FLIM = 1.0e15
SL = 40  # bound of a stored str's length
LL = 24  # bound of a stored list's length
GROW = 12  # appends and dict inserts are guarded by len(x) < GROW

WORDS = ["", "a", "ab", "xyz", "spam", "a,b", "b,a,c", " pad ", "Hello", "q'r", "--"]
FLOATS = ["0.5", "1.25", "3.0", "0.1", "2.75", "1e-3", "100.0", "0.2", "7.5"]
INT_TYPES = ("i32", "i64")


# ---------------------------------------------------------------- the tree


@dataclass
class Stmt:
    """A simple statement: one or more lines rendered together.

    `fixed` statements are never removed by the shrinker (a loop counter's
    increment); `uses` names the KNOWN_BUGS features the statement needs.
    """

    lines: list[str]
    fixed: bool = False
    uses: set[str] = field(default_factory=set)


@dataclass
class Compound:
    """`if`/`elif`/`else`, `for`, `while`: `pre` lines, then each header
    with its block."""

    heads: list[str]
    bodies: list[list["Stmt | Compound"]]
    pre: list[str] = field(default_factory=list)
    uses: set[str] = field(default_factory=set)
    fixed: bool = False


Node = Stmt | Compound


@dataclass
class Func:
    name: str
    header: str
    body: list[Node]
    # the statement of main that calls it, removed with it
    call: list[Node]
    removable: bool = True


@dataclass
class Program:
    seed: int
    decls: list[str]  # fixed text: helpers, structs, classes
    funcs: list[Func]
    main_pre: list[str]
    main_post: list[str]
    uses: set[str] = field(default_factory=set)

    def render(self) -> str:
        out: list[str] = ["# generated by tools/fuzz/gen.py, seed %d" % self.seed]
        out.append("import math")
        out.append("")
        for d in self.decls:
            out.append("")
            out.extend(d.rstrip("\n").split("\n"))
            out.append("")
        for f in self.funcs:
            out.append("")
            out.append(f.header)
            render_block(f.body, 1, out)
            out.append("")
        out.append("")
        out.append("def main() -> None:")
        body = ["    " + line for line in self.main_pre]
        for f in self.funcs:
            sub: list[str] = []
            render_block(f.call, 1, sub)
            body.extend(sub)
        body.extend("    " + line for line in self.main_post)
        out.extend(body)
        return "\n".join(out) + "\n"

    def features(self) -> set[str]:
        found = set(self.uses)
        for f in self.funcs:
            collect_uses(f.body, found)
        return found


def collect_uses(block: list[Node], found: set[str]) -> None:
    for n in block:
        found |= n.uses
        if isinstance(n, Compound):
            for b in n.bodies:
                collect_uses(b, found)


def render_block(block: list[Node], depth: int, out: list[str]) -> None:
    pad = "    " * depth
    if not block:
        out.append(pad + "pass")
        return
    for n in block:
        if isinstance(n, Stmt):
            out.extend(pad + line for line in n.lines)
            continue
        out.extend(pad + line for line in n.pre)
        for head, body in zip(n.heads, n.bodies):
            out.append(pad + head)
            render_block(body, depth + 1, out)


# ---------------------------------------------------------------- expressions


@dataclass
class E:
    """An expression: its text, its bound (numbers) or maximum length
    (str and lists), and whether evaluating it has a side effect."""

    text: str
    bound: float = 0
    effects: bool = False
    # "lit" for an integer literal, "wide" for an i32 value made i64: gcc
    # warns when it compares the two (KNOWN_BUGS["gcc-warnings"])
    shape: str = ""


def p(e: E) -> str:
    return "(" + e.text + ")"


@dataclass
class Var:
    name: str
    ty: str
    assignable: bool = True


@dataclass
class Scope:
    vars: list[Var]
    # dicts and lists being walked by an enclosing loop: not to be resized
    frozen: set[str] = field(default_factory=set)
    in_loop: bool = False
    ret: str = "None"


STRUCT = "Pt"
BASE = "Node"
SUB = "Leaf"


class Gen:
    def __init__(self, seed: int, flags: set[str]) -> None:
        self.r = random.Random(seed)
        self.seed = seed
        self.flags = flags
        self.counter = 0
        # (name, param types, return type) of generated functions so far
        self.funcs: list[tuple[str, list[str], str]] = []
        self.depth = 0
        self.uses: set[str] = set()
        # method bodies have no trace list: no effect helpers, no calls
        self.pure = False
        # a possibly-unassigned local makes every engine reject the whole
        # program, so it is drawn once per program, rarely unless asked for
        self.unassigned = "maybe-unassigned" in flags

    def on(self, flag: str) -> bool:
        return KNOWN_BUGS.get(flag, False) or flag in self.flags

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        # the underscore keeps `i32`, `u8`... from being made
        return "%s_%d" % (prefix, self.counter)

    def chance(self, x: float) -> bool:
        return self.r.random() < x

    def dicts_open(self, sc: Scope) -> list[Var]:
        """The dicts that may get new keys: none while a loop walks one
        (another variable may be an alias of it)."""
        ds = self.vars_of(sc, "dict[str, i32]")
        if any(d.name in sc.frozen for d in ds):
            return []
        return ds

    def vars_of(self, sc: Scope, ty: str, assignable: bool = False) -> list[Var]:
        return [v for v in sc.vars if v.ty == ty and (v.assignable or not assignable)]

    # ---- integers

    def int_lit(self, ty: str) -> E:
        n = self.r.choice([0, 1, 2, 3, 5, 7, 10, 42, 100, 255, 1000, 4096, 65535])
        if self.chance(0.1):
            n = self.r.randint(0, 1 << 18)
        if ty == "i64" and self.chance(0.2):
            # a literal takes its type from its context, and a bare one is
            # an i32: write the conversion
            n = self.r.randint(1 << 31, 1 << 38)
            sign = "-" if self.chance(0.3) else ""
            return E("i64(%s%d)" % (sign, n), n, shape="lit")
        if self.chance(0.3):
            return E("-%d" % n if n else "0", n, shape="lit")
        return E(str(n), n, shape="lit")

    def int_expr(self, sc: Scope, ty: str, d: int) -> E:
        lim = LIM32 if ty == "i32" else LIM64
        if d <= 0 or self.chance(0.25):
            return self.int_leaf(sc, ty)
        k = self.r.randrange(14)
        if k <= 3:
            op = self.r.choice(["+", "-", "*", "+", "-"])
            a = self.int_expr(sc, ty, d - 1)
            b = self.int_expr(sc, ty, d - 1)
            if op == "*":
                a, b = self.fit_mul(a, b, lim)
                return E(
                    "%s * %s" % (p(a), p(b)), a.bound * b.bound, a.effects or b.effects
                )
            return E(
                "%s %s %s" % (p(a), op, p(b)), a.bound + b.bound, a.effects or b.effects
            )
        if k == 4:
            a = self.int_expr(sc, ty, d - 1)
            op = self.r.choice(["//", "%"])
            if self.chance(0.7):
                n = self.r.choice([1, 2, 3, 7, 10, 16, 1000])
                if self.chance(0.3):
                    n = -n
                b = E("(%d)" % n if n < 0 else str(n), abs(n))
            else:
                c = self.int_expr(sc, ty, d - 1)
                b = E("(%s %% 7) + 1" % p(c), 7, c.effects)
            bound = a.bound if op == "//" else b.bound
            return E("%s %s %s" % (p(a), op, p(b)), bound, a.effects or b.effects)
        if k == 5:
            a = self.int_expr(sc, ty, d - 1)
            b = self.int_expr(sc, ty, d - 1)
            op = self.r.choice(["&", "|", "^"])
            if op == "|" and not self.on("gcc-warnings"):
                # `n | -539` compared with a constant makes gcc warn
                b = self.int_nonlit(sc, ty, d - 1)
            bound = pow2(max(a.bound, b.bound))
            return E("%s %s %s" % (p(a), op, p(b)), bound, a.effects or b.effects)
        if k == 6:
            a = self.int_expr(sc, ty, d - 1)
            n = self.r.randint(0, 5)
            if self.chance(0.5) and a.bound * (1 << n) <= lim:
                return E("%s << %d" % (p(a), n), a.bound * (1 << n), a.effects)
            return E("%s >> %d" % (p(a), n), a.bound, a.effects)
        if k == 7:
            a = self.int_expr(sc, ty, d - 1)
            return E(self.r.choice(["-", "abs"]) + p(a), a.bound, a.effects)
        if k == 8:
            a = self.int_expr(sc, ty, d - 1)
            b = self.int_expr(sc, ty, d - 1)
            if a.text == b.text and not self.on("gcc-warnings"):
                b = E("%s + 1" % p(b), b.bound + 1, b.effects)
            fn = self.r.choice(["min", "max"])
            return E(
                "%s(%s, %s)" % (fn, a.text, b.text),
                max(a.bound, b.bound),
                a.effects or b.effects,
            )
        if k == 9:
            c = self.bool_expr(sc, d - 1)
            a = self.int_expr(sc, ty, d - 1)
            b = self.int_expr(sc, ty, d - 1)
            return E(
                "%s if %s else %s" % (p(a), p(c), p(b)),
                max(a.bound, b.bound),
                a.effects or b.effects or c.effects,
            )
        if k == 10 and not self.pure:
            return self.call_returning(sc, ty, d) or self.int_leaf(sc, ty)
        if k == 11 and not self.pure:
            a = self.int_expr(sc, ty, d - 1)
            return E(
                "fx(tr, %s)" % a.text if ty == "i32" else "fx64(tr, %s)" % a.text,
                a.bound,
                True,
            )
        if k == 12 or k == 11:
            if ty == "i64":
                a = self.int_expr(sc, "i32", d - 1)
                return E("i64(%s)" % a.text, a.bound, a.effects, "wide")
            a = self.int_expr(sc, "i64", d - 1)
            if a.bound > LIM32:
                a = E("%s %% %d" % (p(a), M32), M32, a.effects)
            return E("i32(%s)" % a.text, a.bound, a.effects)
        f = self.float_expr(sc, d - 1)
        if f.bound > FB:
            f = E("%s %% 1000.0" % p(f), 1000.0, f.effects)
        return E("%s(%s)" % (ty, f.text), f.bound, f.effects)

    def int_nonlit(self, sc: Scope, ty: str, d: int) -> E:
        vs = self.vars_of(sc, ty)
        if vs:
            return E(self.r.choice(vs).name, VB if ty == "i32" else VB64)
        return E("len(%s)" % self.str_expr(sc, 0).text, SL + 100)

    def fit_mul(self, a: E, b: E, lim: int) -> tuple[E, E]:
        while a.bound * b.bound > lim:
            if a.bound >= b.bound:
                a = E("%s %% 1009" % p(a), 1009, a.effects)
            else:
                b = E("%s %% 1009" % p(b), 1009, b.effects)
        return a, b

    def int_leaf(self, sc: Scope, ty: str) -> E:
        k = self.r.randrange(10)
        vb = VB if ty == "i32" else VB64
        vs = self.vars_of(sc, ty)
        if ty == "i64" and self.chance(0.3) and self.vars_of(sc, "i32"):
            return E(
                "i64(%s)" % self.r.choice(self.vars_of(sc, "i32")).name,
                VB,
                shape="wide",
            )
        if k <= 3 and vs:
            return E(self.r.choice(vs).name, vb)
        if k == 4:
            s = self.str_expr(sc, 1)
            if ty == "i64" and not self.on("gcc-warnings"):
                return E("i64(len(%s))" % s.text, s.bound, s.effects, "wide")
            return E(
                "len(%s)" % s.text, s.bound, s.effects, "wide" if ty == "i64" else ""
            )
        if k == 5 and ty == "i32":
            xs = self.vars_of(sc, "list[i32]")
            if xs:
                x = self.r.choice(xs).name
                i = self.int_expr(sc, "i32", 1)
                return E("%s[%s %% len(%s)]" % (x, p(i), x), VB, i.effects)
        if k == 6 and ty == "i32":
            ds = self.vars_of(sc, "dict[str, i32]")
            if ds:
                key = self.str_expr(sc, 1)
                return E(
                    "%s.get(%s, 0)" % (self.r.choice(ds).name, key.text),
                    VB,
                    key.effects,
                )
        if k == 7 and ty == "i32":
            objs = (
                self.vars_of(sc, STRUCT)
                + self.vars_of(sc, BASE)
                + self.vars_of(sc, "tuple[i32, str]")
            )
            if objs:
                o = self.r.choice(objs)
                if o.ty == STRUCT:
                    return E("%s.%s" % (o.name, self.r.choice(["x", "y"])), VB)
                if o.ty == "tuple[i32, str]":
                    return E("%s[0]" % o.name, VB)
                if self.chance(0.5):
                    a = self.int_expr(sc, "i32", 1)
                    return E("%s.weigh(%s)" % (o.name, a.text), VB, True)
                return E("%s.n" % o.name, VB)
        if k == 8 and ty == "i32":
            s = self.str_expr(sc, 1)
            w = E(repr(self.r.choice(WORDS[1:6])))
            m = self.r.choice(["find", "count", "rfind"])
            return E("%s.%s(%s)" % (p(s), m, w.text), SL * 8, s.effects)
        return self.int_lit(ty)

    # ---- floats

    def float_expr(self, sc: Scope, d: int) -> E:
        if d <= 0 or self.chance(0.3):
            vs = self.vars_of(sc, "f64")
            if vs and self.chance(0.6):
                return E(self.r.choice(vs).name, FB)
            if self.chance(0.3):
                a = self.int_expr(sc, "i32", 1)
                return E("f64(%s)" % a.text, a.bound, a.effects)
            lit = self.r.choice(FLOATS)
            return E(lit, float(lit))
        k = self.r.randrange(8)
        if k <= 2:
            a = self.float_expr(sc, d - 1)
            b = self.float_expr(sc, d - 1)
            op = self.r.choice(["+", "-", "*"])
            bound = a.bound * b.bound if op == "*" else a.bound + b.bound
            if bound > FLIM:
                a = E("%s %% 1000.0" % p(a), 1000.0, a.effects)
                b = E("%s %% 1000.0" % p(b), 1000.0, b.effects)
                bound = 1e6 if op == "*" else 2000.0
            return E("%s %s %s" % (p(a), op, p(b)), bound, a.effects or b.effects)
        if k == 3:
            a = self.float_expr(sc, d - 1)
            lit = self.r.choice(["2.0", "4.0", "0.5", "3.0", "10.0", "-8.0"])
            return E(
                "%s / %s" % (p(a), lit), a.bound / min(abs(float(lit)), 1.0), a.effects
            )
        if k == 4:
            a = self.int_expr(sc, "i32", d - 1)
            n = self.r.choice([2, 3, 7, 10])
            return E("%s / %d" % (p(a), n), a.bound, a.effects)
        if k == 5:
            a = self.float_expr(sc, d - 1)
            m = self.r.choice(["2.5", "1000.0", "7.0", "-3.5"])
            return E("%s %% %s" % (p(a), m), abs(float(m)), a.effects)
        if k == 6:
            a = self.float_expr(sc, d - 1)
            if self.chance(0.5):
                return E("math.sqrt(abs(%s))" % a.text, max(a.bound, 1.0), a.effects)
            return E("-" + p(a), a.bound, a.effects)
        a = self.float_expr(sc, d - 1)
        b = self.float_expr(sc, d - 1)
        return E(
            "%s(%s, %s)" % (self.r.choice(["min", "max"]), a.text, b.text),
            max(a.bound, b.bound),
            a.effects or b.effects,
        )

    # ---- booleans

    def bool_expr(self, sc: Scope, d: int) -> E:
        k = self.r.randrange(10)
        if d <= 0 or k == 0:
            vs = self.vars_of(sc, "bool")
            if vs and self.chance(0.5):
                return E(self.r.choice(vs).name)
            return E(self.r.choice(["True", "False"]))
        if k <= 3:
            ty = self.r.choice(INT_TYPES)
            a = self.int_expr(sc, ty, d - 1)
            b = self.int_expr(sc, ty, d - 1)
            tries = 0
            while (
                ty == "i64"
                and gcc_warns(a.text, b.text)
                and not self.on("gcc-warnings")
            ):
                a = self.int_expr(sc, ty, d - 1)
                b = self.int_expr(sc, ty, d - 1)
                tries += 1
                if tries > 5:
                    return E("True")
            op = self.r.choice(["<", "<=", "==", "!=", ">", ">="])
            if self.chance(0.15):
                c = self.int_expr(sc, ty, d - 1)
                return E(
                    "%s < %s <= %s" % (p(a), p(b), p(c)),
                    0,
                    a.effects or b.effects or c.effects,
                )
            return E("%s %s %s" % (p(a), op, p(b)), 0, a.effects or b.effects)
        if k == 4:
            a = self.float_expr(sc, d - 1)
            b = self.float_expr(sc, d - 1)
            return E(
                "%s %s %s" % (p(a), self.r.choice(["<", ">=", "=="]), p(b)),
                0,
                a.effects or b.effects,
            )
        if k == 5:
            a = self.str_expr(sc, d - 1)
            b = self.str_expr(sc, d - 1)
            op = self.r.choice(["==", "!=", "<", "in", "not in"])
            return E("%s %s %s" % (p(a), op, p(b)), 0, a.effects or b.effects)
        if k == 6:
            a = self.bool_expr(sc, d - 1)
            b = self.bool_expr(sc, d - 1)
            return E(
                "%s %s %s" % (p(a), self.r.choice(["and", "or"]), p(b)),
                0,
                a.effects or b.effects,
            )
        if k == 7:
            a = self.bool_expr(sc, d - 1)
            return E("not " + p(a), 0, a.effects)
        if k == 8:
            xs = self.vars_of(sc, "list[i32]")
            ds = self.vars_of(sc, "dict[str, i32]")
            if xs and self.chance(0.5):
                a = self.int_expr(sc, "i32", d - 1)
                return E("%s in %s" % (p(a), self.r.choice(xs).name), 0, a.effects)
            if ds:
                a = self.str_expr(sc, d - 1)
                return E("%s in %s" % (p(a), self.r.choice(ds).name), 0, a.effects)
        objs = self.vars_of(sc, BASE)
        if objs:
            o = self.r.choice(objs).name
            return E("isinstance(%s, %s)" % (o, SUB))
        return E(self.r.choice(["True", "False"]))

    # ---- strings

    def str_expr(self, sc: Scope, d: int) -> E:
        if d <= 0 or self.chance(0.25):
            vs = self.vars_of(sc, "str")
            if vs and self.chance(0.6):
                return E(self.r.choice(vs).name, SL)
            w = self.r.choice(WORDS)
            return E(repr(w), len(w))
        k = self.r.randrange(13)
        if k <= 2:
            a = self.str_expr(sc, d - 1)
            b = self.str_expr(sc, d - 1)
            return E(
                "%s + %s" % (p(a), p(b)), a.bound + b.bound, a.effects or b.effects
            )
        if k == 3:
            a = self.str_expr(sc, d - 1)
            i = self.int_expr(sc, "i32", d - 1)
            j = self.int_expr(sc, "i32", d - 1)
            if self.chance(0.3):
                step = self.r.choice(["-1", "2", "-2", "3"])
                return E(
                    "%s[%s:%s:%s]" % (p(a), p(i), p(j), step),
                    a.bound,
                    a.effects or i.effects or j.effects,
                )
            if self.chance(0.5):
                return E("%s[%s:]" % (p(a), p(i)), a.bound, a.effects or i.effects)
            return E(
                "%s[%s:%s]" % (p(a), p(i), p(j)),
                a.bound,
                a.effects or i.effects or j.effects,
            )
        if k == 4:
            a = self.str_expr(sc, d - 1)
            i = self.int_expr(sc, "i32", d - 1)
            return E(
                '(%s + "z")[%s %% (len(%s) + 1)]' % (p(a), p(i), p(a)),
                1,
                a.effects or i.effects,
            )
        if k == 5:
            a = self.str_expr(sc, d - 1)
            m = self.r.choice(
                [
                    "upper()",
                    "lower()",
                    "strip()",
                    "lstrip()",
                    'rstrip("-")',
                    'replace("a", "<>")',
                    'replace("ab", "")',
                ]
            )
            grow = 2 if "<>" in m else 1
            return E("%s.%s" % (p(a), m), a.bound * grow, a.effects)
        if k == 6:
            a = self.int_expr(sc, self.r.choice(INT_TYPES), d - 1)
            return E("str(%s)" % a.text, 21, a.effects)
        if k == 7:
            a = self.float_expr(sc, d - 1)
            return E("str(%s)" % a.text, 24, a.effects)
        if k == 8 and not self.pure:
            a = self.str_expr(sc, d - 1)
            return E("fs(tr, %s)" % a.text, a.bound, True)
        if k == 9:
            a = self.str_expr(sc, d - 1)
            n = self.r.randint(0, 3)
            return E("%s * %d" % (p(a), n), a.bound * n, a.effects)
        if k == 10:
            ls = self.vars_of(sc, "list[str]")
            sep = self.r.choice(["", ",", "-", " "])
            if ls:
                return E(
                    "%r.join(%s)" % (sep, self.r.choice(ls).name), (SL + 1) * LL, False
                )
            a = self.str_expr(sc, d - 1)
            return E('%r.join(%s.split(","))' % (sep, p(a)), a.bound, a.effects)
        if k == 11:
            objs = (
                self.vars_of(sc, BASE)
                + self.vars_of(sc, STRUCT)
                + self.vars_of(sc, "tuple[i32, str]")
            )
            if objs:
                o = self.r.choice(objs)
                if o.ty == STRUCT:
                    return E("%s.label()" % o.name, SL + 21)
                if o.ty == "tuple[i32, str]":
                    return E("%s[1]" % o.name, SL)
                if self.chance(0.5):
                    return E("%s.kind()" % o.name, SL + 10)
                return E("%s.tag" % o.name, SL)
        if k == 12:
            a = self.str_expr(sc, d - 1)
            b = self.str_expr(sc, d - 1)
            c = self.bool_expr(sc, d - 1)
            return E(
                "%s if %s else %s" % (p(a), p(c), p(b)),
                max(a.bound, b.bound),
                a.effects or b.effects or c.effects,
            )
        a = self.int_expr(sc, "i32", d - 1)
        return E("chr(65 + %s %% 26)" % p(a), 1, a.effects)

    def bounded_str(self, sc: Scope, d: int) -> E:
        s = self.str_expr(sc, d)
        if s.bound > SL:
            return E("%s[:%d]" % (p(s), SL), SL, s.effects)
        return s

    # ---- lists, dicts, tuples, objects

    def list_expr(self, sc: Scope, ty: str, d: int) -> E:
        """A non-empty list of at most LL items."""
        item = ty[5:-1]
        vs = self.vars_of(sc, ty)
        k = self.r.randrange(5)
        if k <= 1 and vs:
            return E(self.r.choice(vs).name, LL)
        if k == 2 and vs:
            a = self.r.choice(vs).name
            b = self.stored(sc, item, d)
            return E("(%s + [%s])[:%d]" % (a, b.text, LL), LL, b.effects)
        if k == 3 and item == "str":
            s = self.str_expr(sc, d)
            sep = self.r.choice(['","', '"a"', '" "'])
            return E("%s.split(%s)[:%d]" % (p(s), sep, LL), LL, s.effects)
        n = self.r.randint(1, 4)
        items = [self.stored(sc, item, d) for _ in range(n)]
        return E(
            "[%s]" % ", ".join(i.text for i in items), n, any(i.effects for i in items)
        )

    def dict_expr(self, sc: Scope, d: int) -> E:
        vs = self.vars_of(sc, "dict[str, i32]")
        if vs and self.chance(0.5):
            return E(self.r.choice(vs).name, GROW + 4)
        n = self.r.randint(1, 3)
        keys = self.r.sample(["a", "b", "k", "spam", ""], n)
        items = [(k, self.stored(sc, "i32", d)) for k in keys]
        return E(
            "{%s}" % ", ".join("%r: %s" % (k, v.text) for k, v in items),
            n,
            any(v.effects for _, v in items),
        )

    def obj_expr(self, sc: Scope, ty: str, d: int) -> E:
        vs = self.vars_of(sc, ty)
        if vs and self.chance(0.5):
            return E(self.r.choice(vs).name)
        if ty == STRUCT:
            a = self.stored(sc, "i32", d)
            b = self.stored(sc, "i32", d)
            c = self.stored(sc, "str", d)
            return E(
                "%s(%s, %s, %s)" % (STRUCT, a.text, b.text, c.text),
                0,
                a.effects or b.effects or c.effects,
            )
        if ty == "tuple[i32, str]":
            a = self.stored(sc, "i32", d)
            c = self.stored(sc, "str", d)
            if a.effects or c.effects:
                if not self.on("tuple-display-effects"):
                    a, c = self.int_lit("i32"), E(repr(self.r.choice(WORDS)))
                else:
                    self.uses.add("tuple-display-effects")
            return E("(%s, %s)" % (a.text, c.text), 0, a.effects or c.effects)
        a = self.stored(sc, "i32", d)
        c = self.stored(sc, "str", d)
        cls = self.r.choice([BASE, SUB])
        return E("%s(%s, %s)" % (cls, a.text, c.text), 0, a.effects or c.effects)

    def stored(self, sc: Scope, ty: str, d: int) -> E:
        """An expression of type `ty` whose value may be stored."""
        if ty == "i32" or ty == "i64":
            e = self.int_expr(sc, ty, d)
            vb, m = (VB, str(M32)) if ty == "i32" else (VB64, "i64(%d)" % M64)
            if e.bound > vb:
                return E("%s %% %s" % (p(e), m), vb, e.effects)
            return e
        if ty == "f64":
            e = self.float_expr(sc, d)
            if e.bound > FB:
                return E("%s %% 1000.0" % p(e), 1000.0, e.effects)
            return e
        if ty == "bool":
            return self.bool_expr(sc, d)
        if ty == "str":
            return self.bounded_str(sc, d)
        if ty.startswith("list["):
            return self.list_expr(sc, ty, d)
        if ty.startswith("dict["):
            return self.dict_expr(sc, d)
        return self.obj_expr(sc, ty, d)

    def any_printable(self, sc: Scope, d: int) -> E:
        ty = self.r.choice(
            [
                "i32",
                "i64",
                "f64",
                "bool",
                "str",
                "str",
                "list[i32]",
                "list[str]",
                "dict[str, i32]",
                "tuple[i32, str]",
            ]
        )
        if ty.startswith("list") or ty.startswith("dict") or ty.startswith("tuple"):
            vs = self.vars_of(sc, ty)
            if vs:
                return E(self.r.choice(vs).name)
        return self.stored(sc, ty, d)

    def call_returning(self, sc: Scope, ty: str, d: int) -> E | None:
        cands = [f for f in self.funcs if f[2] == ty]
        if not cands:
            return None
        name, params, _ = self.r.choice(cands)
        # a loop over a dict must not see the callee insert into it
        hide = set(sc.frozen)
        if not self.dicts_open(sc):
            hide |= {v.name for v in sc.vars if v.ty == "dict[str, i32]"}
        sc = Scope(
            [v for v in sc.vars if v.name not in hide], set(), sc.in_loop, sc.ret
        )
        args = [self.stored(sc, t, d - 1) for t in params]
        text = "%s(%s)" % (name, ", ".join(["tr"] + [a.text for a in args]))
        return E(text, VB if ty == "i32" else VB64, True)

    # ---- statements

    def block(self, sc: Scope, n: int) -> list[Node]:
        sc = Scope(list(sc.vars), set(sc.frozen), sc.in_loop, sc.ret)
        out: list[Node] = []
        for _ in range(n):
            out.extend(self.stmt(sc))
        return out

    def stmt(self, sc: Scope) -> list[Node]:
        k = self.r.randrange(20)
        nested = self.depth < 3
        if k <= 2:
            return [self.declare(sc)]
        if k == 3:
            return self.assign(sc)
        if k == 4 or k == 5:
            return self.aug_assign(sc)
        if k == 6:
            e = self.any_printable(sc, 2)
            return [Stmt(["print(%s)" % e.text])]
        if k == 7 and nested:
            return [self.if_stmt(sc)]
        if k == 8 and nested:
            return [self.for_range(sc)]
        if k == 9 and nested:
            return [self.for_each(sc)]
        if k == 10 and nested:
            return [self.while_stmt(sc)]
        if k == 11 and sc.in_loop:
            c = self.bool_expr(sc, 2)
            return [
                Compound(
                    ["if %s:" % c.text],
                    [[Stmt([self.r.choice(["break", "continue"])])]],
                )
            ]
        if k == 12 and self.depth > 0:
            c = self.bool_expr(sc, 2)
            return [Compound(["if %s:" % c.text], [[self.return_stmt(sc)]])]
        if k == 13:
            return self.grow(sc)
        if k == 14:
            e = self.int_expr(sc, "i32", 2)
            return [Stmt(["fx(tr, %s)" % e.text])]
        if k == 15:
            return self.attr_assign(sc)
        if k == 16:
            return self.unpack(sc)
        if k == 17 and self.unassigned:
            return self.maybe_unassigned(sc)
        return [self.declare(sc)]

    def declare(self, sc: Scope) -> Node:
        ty = self.r.choice(
            [
                "i32",
                "i32",
                "i64",
                "f64",
                "bool",
                "str",
                "str",
                "list[i32]",
                "list[str]",
                "dict[str, i32]",
                STRUCT,
                BASE,
                "tuple[i32, str]",
            ]
        )
        e = self.stored(sc, ty, 2)
        name = self.fresh("v")
        sc.vars.append(Var(name, ty))
        if ty in ("i32", "f64", "bool", "str") and not self.chance(0.3):
            return Stmt(["%s = %s" % (name, e.text)])
        return Stmt(["%s: %s = %s" % (name, ty, e.text)])

    def assign(self, sc: Scope) -> list[Node]:
        k = self.r.randrange(3)
        xs = self.vars_of(sc, "list[i32]") + self.vars_of(sc, "list[str]")
        if k == 0 and xs:
            x = self.r.choice(xs)
            item = x.ty[5:-1]
            i = self.int_expr(sc, "i32", 1)
            v = self.stored(sc, item, 2)
            uses: set[str] = set()
            if i.effects and v.effects:
                if not self.on("assign-order"):
                    i = self.pure_index()
                else:
                    uses.add("assign-order")
            return [
                Stmt(
                    ["%s[%s %% len(%s)] = %s" % (x.name, p(i), x.name, v.text)],
                    uses=uses,
                )
            ]
        ds = self.dicts_open(sc)
        if k == 1 and ds:
            dv = self.r.choice(ds).name
            key = self.str_expr(sc, 1)
            v = self.stored(sc, "i32", 2)
            uses = set()
            if key.effects and v.effects:
                if not self.on("assign-order"):
                    key = E(repr(self.r.choice(["a", "b", "k"])))
                else:
                    uses.add("assign-order")
            return [
                Compound(
                    ["if len(%s) < %d:" % (dv, GROW)],
                    [[Stmt(["%s[%s] = %s" % (dv, key.text, v.text)], uses=uses)]],
                )
            ]
        vs = [v for v in sc.vars if v.assignable]
        if not vs:
            return [self.declare(sc)]
        t = self.r.choice(vs)
        e = self.stored(sc, t.ty, 2)
        return [Stmt(["%s = %s" % (t.name, e.text)])]

    def pure_index(self) -> E:
        return E(str(self.r.randint(-3, 5)))

    def aug_assign(self, sc: Scope) -> list[Node]:
        """`x op= e` on a local, a list item, a dict item."""
        k = self.r.randrange(3)
        uses: set[str] = set()
        xs = self.vars_of(sc, "list[i32]")
        ds = self.dicts_open(sc)
        if k == 0 and xs:
            x = self.r.choice(xs).name
            i = self.int_expr(sc, "i32", 1)
            if i.effects:
                if self.on("aug-target-effects"):
                    uses.add("aug-target-effects")
                else:
                    i = self.pure_index()
            target = "%s[%s %% len(%s)]" % (x, p(i), x)
            return [self.int_aug(sc, target, "i32", uses)]
        if k == 1 and ds:
            dv = self.r.choice(ds).name
            key = self.str_expr(sc, 1)
            if key.effects:
                if self.on("aug-target-effects"):
                    uses.add("aug-target-effects")
                else:
                    key = E(repr(self.r.choice(["a", "b", "k"])))
            # the key must be there: guard with `in`
            g = Compound(
                ["if %s in %s:" % (p(key), dv)],
                [[self.int_aug(sc, "%s[%s]" % (dv, key.text), "i32", uses)]],
            )
            if key.effects:
                # the guard would call key twice in both languages: keep it
                # simple with a fixed key known to be there
                g = Compound(
                    ["if len(%s) < %d:" % (dv, GROW)],
                    [
                        [
                            Stmt(['%s["a"] = %s.get("a", 0)' % (dv, dv)]),
                            self.int_aug(sc, '%s[fs(tr, "a")]' % dv, "i32", uses),
                        ]
                    ],
                )
            return [g]
        ty = self.r.choice(["i32", "i64", "f64", "str"])
        vs = self.vars_of(sc, ty, assignable=True)
        if not vs:
            return [self.declare(sc)]
        t = self.r.choice(vs).name
        if ty == "str":
            e = self.str_expr(sc, 1)
            return [Stmt(["%s += %s" % (t, e.text), "%s = %s[:%d]" % (t, t, SL)])]
        if ty == "f64":
            e = self.float_expr(sc, 1)
            if e.bound > FB:
                e = E("%s %% 1000.0" % p(e), 1000.0, e.effects)
            op = self.r.choice(["+=", "-=", "*="])
            if op == "*=":
                e = E("%s %% 100.0" % p(e), 100.0, e.effects)
            return [Stmt(["%s %s %s" % (t, op, e.text), "%s %%= 1000.0" % t])]
        return [self.int_aug(sc, t, ty, uses)]

    def int_aug(self, sc: Scope, target: str, ty: str, uses: set[str]) -> Stmt:
        m = str(M32) if ty == "i32" else "i64(%d)" % M64
        op = self.r.choice(["+=", "-=", "*=", "%=", "//=", "&=", "|=", "^="])
        if op in ("%=", "//="):
            n = self.r.choice([3, 7, 10, 1000, -7])
            return Stmt(
                ["%s %s %s" % (target, op, "(%d)" % n if n < 0 else n)], uses=uses
            )
        e = self.stored(sc, ty, 1)
        if op == "*=":
            e = E("%s %% 1000" % p(e), 1000, e.effects)
        if op in ("&=", "|=", "^="):
            return Stmt(["%s %s %s" % (target, op, e.text)], uses=uses)
        return Stmt(
            ["%s %s %s" % (target, op, e.text), "%s %%= %s" % (target, m)], uses=uses
        )

    def attr_assign(self, sc: Scope) -> list[Node]:
        objs = self.vars_of(sc, BASE)
        if not objs:
            return [self.declare(sc)]
        o = self.r.choice(objs).name
        uses: set[str] = set()
        k = self.r.randrange(4)
        if k == 0:
            v = self.stored(sc, "i32", 2)
            return [Stmt(["%s.n = %s" % (o, v.text)])]
        if k == 1:
            v = self.bounded_str(sc, 2)
            return [Stmt(["%s.tag = %s" % (o, v.text)])]
        if k == 2:
            # the object through a call with an effect
            v = self.stored(sc, "i32", 1)
            if v.effects:
                if not self.on("assign-order"):
                    return [Stmt(["%s.n = %s" % (o, v.text)])]
                uses.add("assign-order")
            return [Stmt(["pick(tr, %s).n = %s" % (o, v.text)], uses=uses)]
        target = "%s.n" % o
        if self.chance(0.5):
            if self.on("aug-target-effects"):
                target = "pick(tr, %s).n" % o
                uses.add("aug-target-effects")
        return [self.int_aug(sc, target, "i32", uses)]

    def unpack(self, sc: Scope) -> list[Node]:
        ts = self.vars_of(sc, "tuple[i32, str]")
        if not ts:
            return [self.declare(sc)]
        a, b = self.fresh("u"), self.fresh("u")
        t = self.r.choice(ts).name
        sc.vars.append(Var(a, "i32"))
        sc.vars.append(Var(b, "str"))
        return [Stmt(["%s, %s = %s" % (a, b, t)])]

    def grow(self, sc: Scope) -> list[Node]:
        xs = [
            x
            for x in self.vars_of(sc, "list[i32]") + self.vars_of(sc, "list[str]")
            if x.name not in sc.frozen
        ]
        if not xs:
            return [self.declare(sc)]
        x = self.r.choice(xs)
        item = x.ty[5:-1]
        v = self.stored(sc, item, 2)
        k = self.r.randrange(4)
        if k == 0:
            return [
                Compound(["if len(%s) > 1:" % x.name], [[Stmt(["%s.pop()" % x.name])]])
            ]
        if k == 1:
            i = self.int_expr(sc, "i32", 1)
            return [
                Compound(
                    ["if len(%s) < %d:" % (x.name, GROW)],
                    [
                        [
                            Stmt(
                                [
                                    "%s.insert(%s %% len(%s), %s)"
                                    % (x.name, p(i), x.name, v.text)
                                ]
                            )
                        ]
                    ],
                )
            ]
        if k == 2 and item == "i32":
            return [
                Stmt(
                    [
                        "%s.reverse()" % x.name
                        if self.chance(0.5)
                        else "%s.sort()" % x.name
                    ]
                )
            ]
        return [
            Compound(
                ["if len(%s) < %d:" % (x.name, GROW)],
                [[Stmt(["%s.append(%s)" % (x.name, v.text)])]],
            )
        ]

    def if_stmt(self, sc: Scope) -> Node:
        self.depth += 1
        heads = ["if %s:" % self.bool_expr(sc, 2).text]
        bodies = [self.block(sc, self.r.randint(1, 3))]
        while self.chance(0.3):
            heads.append("elif %s:" % self.bool_expr(sc, 2).text)
            bodies.append(self.block(sc, self.r.randint(1, 2)))
        if self.chance(0.5):
            heads.append("else:")
            bodies.append(self.block(sc, self.r.randint(1, 3)))
        self.depth -= 1
        return Compound(heads, bodies)

    def loop_scope(self, sc: Scope) -> Scope:
        return Scope(list(sc.vars), set(sc.frozen), True, sc.ret)

    def for_range(self, sc: Scope) -> Node:
        self.depth += 1
        i = self.fresh("i")
        k = self.r.randrange(3)
        if k == 0:
            rng = "range(%d)" % self.r.randint(0, 5)
        elif k == 1:
            a = self.int_expr(sc, "i32", 1)
            rng = "range(%s %% 6)" % p(a)
        else:
            a = self.r.randint(-3, 3)
            rng = "range(%d, %d, %d)" % (
                a,
                a + self.r.randint(-6, 6),
                self.r.choice([1, 2, -1, -2, 3]),
            )
        inner = self.loop_scope(sc)
        inner.vars.append(Var(i, "i32", assignable=self.chance(0.3)))
        body = self.block(inner, self.r.randint(1, 4))
        self.depth -= 1
        return Compound(["for %s in %s:" % (i, rng)], [body])

    def for_each(self, sc: Scope) -> Node:
        self.depth += 1
        cands = (
            self.vars_of(sc, "list[i32]")
            + self.vars_of(sc, "list[str]")
            + self.vars_of(sc, "str")
            + self.vars_of(sc, "dict[str, i32]")
        )
        inner = self.loop_scope(sc)
        x = self.fresh("e")
        if not cands:
            s = self.str_expr(sc, 1)
            inner.vars.append(Var(x, "str", False))
            head = "for %s in %s:" % (x, s.text)
        else:
            c = self.r.choice(cands)
            if c.ty == "dict[str, i32]":
                inner.frozen.add(c.name)
                if self.chance(0.5):
                    y = self.fresh("e")
                    inner.vars.append(Var(x, "str", False))
                    inner.vars.append(Var(y, "i32", False))
                    head = "for %s, %s in %s.items():" % (x, y, c.name)
                else:
                    inner.vars.append(Var(x, "str", False))
                    head = "for %s in %s:" % (x, c.name)
            else:
                item = "str" if c.ty == "str" else c.ty[5:-1]
                if c.ty != "str":
                    # Python walks a growing list: stay out of that corner
                    inner.frozen.add(c.name)
                inner.vars.append(Var(x, item, False))
                head = "for %s in %s:" % (x, c.name)
        body = self.block(inner, self.r.randint(1, 4))
        self.depth -= 1
        return Compound([head], [body])

    def while_stmt(self, sc: Scope) -> Node:
        self.depth += 1
        w = self.fresh("w")
        n = self.r.randint(0, 5)
        inner = self.loop_scope(sc)
        inner.vars.append(Var(w, "i32", False))
        c = "%s < %d" % (w, n)
        if self.chance(0.3):
            c = "%s and %s" % (c, p(self.bool_expr(inner, 1)))
        body: list[Node] = [Stmt(["%s += 1" % w], fixed=True)]
        body += self.block(inner, self.r.randint(1, 4))
        self.depth -= 1
        return Compound(["while %s:" % c], [body], pre=["%s = 0" % w], fixed=False)

    def return_stmt(self, sc: Scope) -> Stmt:
        if sc.ret == "None":
            return Stmt(["return"])
        return Stmt(["return %s" % self.stored(sc, sc.ret, 2).text])

    def maybe_unassigned(self, sc: Scope) -> list[Node]:
        ty = self.r.choice(["i32", "str", "list[i32]"])
        name = self.fresh("m")
        c = self.bool_expr(sc, 1)
        e = self.stored(sc, ty, 1)
        sc.vars.append(Var(name, ty))
        first = Compound(
            ["if %s:" % c.text],
            [[Stmt(["%s: %s = %s" % (name, ty, e.text)])]],
            uses={"maybe-unassigned"},
        )
        return [first, Stmt(["print(%s)" % name], uses={"maybe-unassigned"})]

    # ---- functions and the program

    def function(self, idx: int) -> Func:
        name = "f%d" % idx
        nparams = self.r.randint(0, 3)
        ptys = [
            self.r.choice(
                [
                    "i32",
                    "i64",
                    "f64",
                    "str",
                    "bool",
                    "list[i32]",
                    "list[str]",
                    "dict[str, i32]",
                    STRUCT,
                    BASE,
                    "tuple[i32, str]",
                ]
            )
            for _ in range(nparams)
        ]
        ret = self.r.choice(["i32", "i32", "i64", "f64", "str", "bool", "None"])
        params = [Var("p%d" % j, t) for j, t in enumerate(ptys)]
        sc = Scope(list(params), set(), False, ret)
        self.depth = 0
        body: list[Node] = []
        for _ in range(self.r.randint(2, 7)):
            body.extend(self.stmt(sc))
        if ret != "None":
            # sc holds the parameters and the top-level locals
            body.append(Stmt(["return %s" % self.stored(sc, ret, 2).text], fixed=True))
        sig = ", ".join(["tr: list[i32]"] + ["%s: %s" % (v.name, v.ty) for v in params])
        header = "def %s(%s) -> %s:" % (name, sig, ret)
        # the call from main, with fresh arguments
        msc = Scope([Var(n, t) for n, t in MAIN_VARS], set(), False, "None")
        args = [self.stored(msc, t, 1).text for t in ptys]
        call = "%s(%s)" % (name, ", ".join(["tr"] + args))
        callnode: Node = Stmt(
            [
                "print(%r, %s)" % (name, call) if ret != "None" else call,
                "print(tr)",
                "tr.clear()",
            ]
        )
        self.funcs.append((name, ptys, ret))
        return Func(name, header, body, [callnode])


# locals of main that the calls may use as arguments
MAIN_VARS = [
    ("g_n", "i32"),
    ("g_s", "str"),
    ("g_xs", "list[i32]"),
    ("g_d", "dict[str, i32]"),
    ("g_o", BASE),
]
MAIN_PRE = [
    "tr: list[i32] = []",
    "g_n = 7",
    'g_s = "a,b"',
    "g_xs = [3, 1, 2]",
    'g_d = {"a": 1, "k": 2}',
    'g_o: %s = %s(5, "leaf")' % (BASE, SUB),
]
MAIN_POST = ["print(g_n, g_s, g_xs, g_d, g_o.n, g_o.tag)"]


HELPERS = """\
def fx(tr: list[i32], v: i32) -> i32:
    tr.append(v)
    return v


def fx64(tr: list[i32], v: i64) -> i64:
    tr.append(-1)
    return v


def fs(tr: list[i32], s: str) -> str:
    tr.append(len(s) + 1000)
    return s


def pick(tr: list[i32], o: Node) -> Node:
    tr.append(-2)
    return o
"""


def gcc_warns(a: str, b: str) -> bool:
    """Whether comparing `a` with `b` (i64) may make gcc warn that the
    comparison is always true or false: an i32 widened to i64 on one side,
    a constant beyond i32 on the other."""

    def wide(t: str) -> bool:
        return re.search(r"i64\((?![-\d])", t) is not None or "len(" in t

    def big(t: str) -> bool:
        return re.search(r"\d{10,}", t) is not None

    return (wide(a) and big(b)) or (wide(b) and big(a))


def pow2(b: float) -> float:
    n = 1
    while n < b:
        n *= 2
    return float(n)


def classes(g: Gen) -> list[str]:
    """The struct Pt and the classes Node and Leaf(Node), with method bodies
    drawn at random."""
    g.pure = True
    ssc = Scope(
        [
            Var("self.x", "i32", False),
            Var("self.y", "i32", False),
            Var("self.name", "str", False),
        ],
        set(),
        False,
        "i32",
    )
    label = g.str_expr(ssc, 2)
    pt = (
        "@struct\nclass %s:\n    x: i32\n    y: i32\n    name: str\n\n"
        "    def label(self) -> str:\n        return str(self.x) + %s\n"
        % (STRUCT, p(E(label.text)))
    )
    bsc = Scope(
        [
            Var("self.n", "i32", False),
            Var("self.tag", "str", False),
            Var("k", "i32", False),
        ],
        set(),
        False,
        "i32",
    )
    w1 = g.stored(bsc, "i32", 2)
    w2 = g.stored(bsc, "i32", 2)
    ksc = Scope(bsc.vars[:2], set(), False, "str")
    k1 = g.bounded_str(ksc, 1)
    k2 = g.bounded_str(ksc, 1)
    super_call = "%s.weigh(self, k)" % BASE if g.chance(0.5) else "k"
    fields = "    n: i32\n    tag: str\n"
    init = "        self.n = n\n        self.tag = tag\n"
    extra = ""
    if g.on("unset-field") and g.chance(0.3):
        fields += "    note: str\n"
        extra = '\n    def noted(self) -> str:\n        return self.note + "!"\n'
        g.uses.add("unset-field")
    node = (
        "class %s:\n%s\n    def __init__(self, n: i32, tag: str) -> None:\n%s\n"
        "    def weigh(self, k: i32) -> i32:\n        return %s\n\n"
        '    def kind(self) -> str:\n        return "node:" + %s\n%s'
        % (BASE, fields, init, w1.text, p(E(k1.text)), extra)
    )
    leaf = (
        "class %s(%s):\n    def weigh(self, k: i32) -> i32:\n        return (%s + %s) %% %d\n\n"
        '    def kind(self) -> str:\n        return "leaf:" + %s\n'
        % (SUB, BASE, p(w2), super_call, M32, p(E(k2.text)))
    )
    g.pure = False
    return [pt, node, leaf]


def generate(seed: int, flags: set[str] | None = None, nfuncs: int = 4) -> Program:
    """The program of `seed`, with the KNOWN_BUGS features in `flags` on."""
    g = Gen(seed, set(flags or ()))
    if g.on("maybe-unassigned") and g.chance(0.1):
        g.unassigned = True
    decls = [HELPERS] + classes(g)
    funcs = [g.function(i) for i in range(nfuncs)]
    post = list(MAIN_POST)
    if "unset-field" in g.uses:
        post.append("print(g_o.noted())")
    return Program(seed, decls, funcs, list(MAIN_PRE), post, set(g.uses))


if __name__ == "__main__":
    import sys

    print(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 0).render(), end="")
