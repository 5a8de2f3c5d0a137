"""Unit tests of stage0/parser.py and stage0/unparse.py."""

import os
import random
import sys
import warnings

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from stage0 import ast  # noqa: E402
from stage0.errors import SPyError  # noqa: E402
from stage0.lexer import tokenize  # noqa: E402
from stage0.parser import build_parser, parse_module  # noqa: E402
from stage0.unparse import unparse_expr, unparse_module  # noqa: E402


def parse(src: str) -> ast.Module:
    return parse_module(src, "t.spy")


def stmt(src: str) -> ast.Stmt:
    mod = parse(src)
    assert len(mod.body) == 1
    return mod.body[0]


def expr(src: str) -> ast.Expr:
    s = stmt(src + "\n")
    assert isinstance(s, ast.ExprStmt)
    return s.value


def sx(e: ast.Node | None) -> str:
    """A compact S-expression of an expression, to compare shapes."""
    if e is None:
        return "_"
    if isinstance(e, ast.Name):
        return e.id
    if isinstance(e, ast.Int | ast.Float | ast.Str | ast.Bool):
        return repr(e.value)
    if isinstance(e, ast.NoneLit):
        return "None"
    if isinstance(e, ast.BinOp | ast.BoolOp):
        return "(%s %s %s)" % (e.op, sx(e.left), sx(e.right))
    if isinstance(e, ast.UnaryOp):
        return "(%s %s)" % (e.op, sx(e.operand))
    if isinstance(e, ast.Compare):
        parts = [sx(e.left)]
        for op, c in zip(e.ops, e.comparators):
            parts.append(op)
            parts.append(sx(c))
        return "(cmp " + " ".join(parts) + ")"
    if isinstance(e, ast.IfExp):
        return "(if %s %s %s)" % (sx(e.test), sx(e.body), sx(e.orelse))
    if isinstance(e, ast.Call):
        args = [sx(a) for a in e.args] + [
            k.name + "=" + sx(k.value) for k in e.keywords
        ]
        return "(call %s%s)" % (sx(e.func), "".join(" " + a for a in args))
    if isinstance(e, ast.Attribute):
        return "(. %s %s)" % (sx(e.value), e.attr)
    if isinstance(e, ast.Subscript):
        return "([] %s %s)" % (sx(e.value), sx(e.index))
    if isinstance(e, ast.Slice):
        return "(slice %s %s %s)" % (sx(e.lower), sx(e.upper), sx(e.step))
    if isinstance(e, ast.Tuple):
        return "(tuple%s)" % "".join(" " + sx(i) for i in e.items)
    if isinstance(e, ast.List):
        return "(list%s)" % "".join(" " + sx(i) for i in e.items)
    if isinstance(e, ast.Dict):
        items = [sx(k) + ":" + sx(v) for k, v in zip(e.keys, e.values)]
        return "(dict%s)" % "".join(" " + i for i in items)
    raise AssertionError(type(e).__name__)


def error(src: str) -> tuple[str, int, int]:
    with pytest.raises(SPyError) as exc:
        parse(src)
    err = exc.value
    assert err.loc is not None
    return err.message, err.loc.line, err.loc.col


def span(n: ast.Node) -> tuple[int, int, int, int]:
    return (n.loc.line, n.loc.col, n.loc.end_line, n.loc.end_col)


# ------------------------------------------------------------- statements


def test_module_and_docstrings():
    mod = parse('"""Doc."""\nx = 1\n')
    assert mod.docstring == "Doc."
    assert len(mod.body) == 1 and mod.filename == "t.spy"
    assert parse("").body == [] and parse("").docstring is None
    f = stmt('def f():\n    "doc"\n    return 1\n')
    assert isinstance(f, ast.FuncDef) and f.docstring == "doc"
    assert len(f.body) == 1 and isinstance(f.body[0], ast.Return)
    c = stmt("class C:\n    'doc'\n    x: i32\n")
    assert isinstance(c, ast.ClassDef) and c.docstring == "doc" and len(c.body) == 1


def test_funcdef():
    f = stmt("def add[T, U,](x: T, y: U = 1, z=2,) -> T:\n    return x\n")
    assert isinstance(f, ast.FuncDef)
    assert (f.name, f.type_params) == ("add", ["T", "U"])
    assert [(p.name, sx(p.annotation), sx(p.default)) for p in f.params] == [
        ("x", "T", "_"),
        ("y", "U", "1"),
        ("z", "_", "2"),
    ]
    assert sx(f.return_type) == "T" and f.decorators == []
    g = stmt("def g(): pass\n")
    assert isinstance(g, ast.FuncDef) and g.params == [] and g.return_type is None
    assert isinstance(g.body[0], ast.Pass)


def test_ellipsis_body_is_a_name():
    f = stmt("def f(x: f64) -> f64: ...\n")
    assert isinstance(f, ast.FuncDef)
    body = f.body[0]
    assert isinstance(body, ast.ExprStmt) and sx(body.value) == "..."


def test_decorators():
    src = '@blue\n@blue.generic\n@extern("c_name")\ndef f(T):\n    pass\n'
    f = stmt(src)
    assert isinstance(f, ast.FuncDef)
    assert [sx(d) for d in f.decorators] == [
        "blue",
        "(. blue generic)",
        "(call extern 'c_name')",
    ]
    c = stmt("@struct\nclass P:\n    x: f64\n")
    assert isinstance(c, ast.ClassDef) and [sx(d) for d in c.decorators] == ["struct"]


def test_classdef():
    c = stmt(
        "class Box[T](Base, Other,):\n    item: T\n"
        "    def get(self) -> T:\n        return self.item\n"
    )
    assert isinstance(c, ast.ClassDef)
    assert (c.name, c.type_params, [sx(b) for b in c.bases]) == (
        "Box",
        ["T"],
        ["Base", "Other"],
    )
    assert isinstance(c.body[0], ast.AnnAssign) and isinstance(c.body[1], ast.FuncDef)
    assert stmt("class E():\n    pass\n").bases == []


def test_return_and_simple_keywords():
    r = stmt("return a, b\n")
    assert isinstance(r, ast.Return) and sx(r.value) == "(tuple a b)"
    r2 = stmt("return\n")
    assert isinstance(r2, ast.Return) and r2.value is None
    body = parse("while x:\n    pass\n    break\n    continue\n").body[0]
    assert isinstance(body, ast.While)
    assert [type(s).__name__ for s in body.body] == ["Pass", "Break", "Continue"]


def test_assignments():
    a = stmt("a, b = f()\n")
    assert isinstance(a, ast.Assign) and sx(a.target) == "(tuple a b)"
    a = stmt("x = 1, 2\n")
    assert isinstance(a, ast.Assign) and sx(a.value) == "(tuple 1 2)"
    a = stmt("obj.attr[i] = v\n")
    assert isinstance(a, ast.Assign) and sx(a.target) == "([] (. obj attr) i)"
    a = stmt("(a, b), c = t\n")
    assert isinstance(a, ast.Assign) and sx(a.target) == "(tuple (tuple a b) c)"
    ann = stmt("x: i32 = 5\n")
    assert isinstance(ann, ast.AnnAssign)
    assert (sx(ann.target), sx(ann.annotation), sx(ann.value)) == ("x", "i32", "5")
    ann = stmt("x: list[str]\n")
    assert isinstance(ann, ast.AnnAssign) and ann.value is None


@pytest.mark.parametrize(
    "op", ["+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^"]
)
def test_augmented_assignment(op):
    a = stmt("x.y %s= 2\n" % op)
    assert isinstance(a, ast.AugAssign)
    assert (sx(a.target), a.op, sx(a.value)) == ("(. x y)", op, "2")


def test_var_and_const():
    v = stmt("var x: i32 = 0\n")
    assert isinstance(v, ast.VarDef) and (v.name, sx(v.annotation), sx(v.value)) == (
        "x",
        "i32",
        "0",
    )
    v = stmt("var y = 1\n")
    assert isinstance(v, ast.VarDef) and v.annotation is None and sx(v.value) == "1"
    v = stmt("var z: str\n")
    assert isinstance(v, ast.VarDef) and v.value is None
    c = stmt("const K = 3\n")
    assert isinstance(c, ast.ConstDef) and (c.name, c.annotation, sx(c.value)) == (
        "K",
        None,
        "3",
    )
    c = stmt("const K: f64 = 1.5\n")
    assert isinstance(c, ast.ConstDef) and sx(c.annotation) == "f64"
    f = stmt("def f() -> None:\n    const Z = 1\n    var = 2\n")
    assert isinstance(f, ast.FuncDef) and isinstance(f.body[0], ast.ConstDef)


def test_var_and_const_stay_names_elsewhere():
    a = stmt("var = 3\n")
    assert isinstance(a, ast.Assign) and sx(a.target) == "var"
    a = stmt("const: i32 = 3\n")
    assert isinstance(a, ast.AnnAssign) and a.target.id == "const"
    e = expr("var + const.x")
    assert sx(e) == "(+ var (. const x))"


def test_if_elif_else():
    s = stmt("if a:\n    x\nelif b:\n    y\nelif c: z\nelse:\n    w\n")
    assert isinstance(s, ast.If) and sx(s.test) == "a"
    elif1 = s.orelse[0]
    assert len(s.orelse) == 1 and isinstance(elif1, ast.If) and sx(elif1.test) == "b"
    elif2 = elif1.orelse[0]
    assert isinstance(elif2, ast.If) and sx(elif2.test) == "c"
    assert isinstance(elif2.orelse[0], ast.ExprStmt) and len(elif2.orelse) == 1
    assert stmt("if a: pass\n").orelse == []


def test_while_and_for():
    w = stmt("while i < 10:\n    i += 1\n")
    assert isinstance(w, ast.While) and sx(w.test) == "(cmp i < 10)"
    f = stmt("for k, v in d.items():\n    pass\n")
    assert isinstance(f, ast.For) and sx(f.target) == "(tuple k v)"
    assert sx(f.iter) == "(call (. d items))"
    f = stmt("for x in 1, 2: pass\n")
    assert isinstance(f, ast.For) and sx(f.iter) == "(tuple 1 2)"


def test_assert_raise_expr_stmt():
    a = stmt("assert x > 0, 'msg'\n")
    assert isinstance(a, ast.Assert) and sx(a.msg) == "'msg'"
    assert stmt("assert x\n").msg is None  # type: ignore[attr-defined]
    r = stmt("raise ValueError('bad')\n")
    assert isinstance(r, ast.Raise) and sx(r.exc) == "(call ValueError 'bad')"
    e = stmt("print(1)\n")
    assert isinstance(e, ast.ExprStmt)


def test_imports():
    i = stmt("import a.b as c, d\n")
    assert isinstance(i, ast.Import)
    assert [(a.name, a.asname) for a in i.names] == [("a.b", "c"), ("d", "")]
    f = stmt("from a.b import x, y as z\n")
    assert isinstance(f, ast.ImportFrom) and f.module == "a.b"
    assert [(a.name, a.asname) for a in f.names] == [("x", ""), ("y", "z")]
    f = stmt("from m import (\n    x,\n    y,\n)\n")
    assert isinstance(f, ast.ImportFrom) and [a.name for a in f.names] == ["x", "y"]
    f = stmt("from __spy__ import COLOR\n")
    assert isinstance(f, ast.ImportFrom) and f.module == "__spy__"


def test_semicolons_and_one_line_bodies():
    mod = parse("a = 1; b = 2;\nif x: c = 3; d = 4\n")
    assert len(mod.body) == 3
    s = mod.body[2]
    assert isinstance(s, ast.If) and len(s.body) == 2


# ------------------------------------------------------------ expressions


@pytest.mark.parametrize(
    "src, shape",
    [
        ("-x**2", "(- (** x 2))"),
        ("2**-1", "(** 2 (- 1))"),
        ("2**3**4", "(** 2 (** 3 4))"),
        ("-2**-x*3", "(* (- (** 2 (- x))) 3)"),
        ("a or b and not c", "(or a (and b (not c)))"),
        ("not a == b", "(not (cmp a == b))"),
        ("a and b and c", "(and (and a b) c)"),
        ("a - b - c", "(- (- a b) c)"),
        ("a + b * c % d", "(+ a (% (* b c) d))"),
        ("a | b ^ c & d << e + f", "(| a (^ b (& c (<< d (+ e f)))))"),
        ("~a // b", "(// (~ a) b)"),
        ("1 < x <= 3 != y", "(cmp 1 < x <= 3 != y)"),
        ("a is not None", "(cmp a is not None)"),
        ("k not in d and k in e", "(and (cmp k not in d) (cmp k in e))"),
        ("(a < b) < c", "(cmp (cmp a < b) < c)"),
        ("a if c else b", "(if c a b)"),
        ("a if c else b if d else e", "(if c a (if d b e))"),
        ("x or y if c else z", "(if c (or x y) z)"),
        ("f(a, b, key=v,)", "(call f a b key=v)"),
        ("f()(1).x[0]", "([] (. (call (call f) 1) x) 0)"),
        ("a[i, j]", "([] a (tuple i j))"),
        ("a[x:y:z]", "([] a (slice x y z))"),
        ("a[::-1]", "([] a (slice _ _ (- 1)))"),
        ("a[:]", "([] a (slice _ _ _))"),
        ("a[1:]", "([] a (slice 1 _ _))"),
        ("a[:2, ::3]", "([] a (tuple (slice _ 2 _) (slice _ _ 3)))"),
        ("a[1,]", "([] a (tuple 1))"),
        ("(a)", "a"),
        ("(a,)", "(tuple a)"),
        ("()", "(tuple)"),
        ("(a, b,)", "(tuple a b)"),
        ("[a, b,]", "(list a b)"),
        ("[]", "(list)"),
        ("{'k': v, 1: 2,}", "(dict 'k':v 1:2)"),
        ("{}", "(dict)"),
        ("True, False, None", "(tuple True False None)"),
        ("['ab' \"cd\" 'ef']", "(list 'abcdef')"),
        ("[('ab'\n 'cd'), r'\\n']", "(list 'abcd' '\\\\n')"),
    ],
)
def test_expression_shapes(src, shape):
    assert sx(expr(src)) == shape


def test_number_values():
    assert sx(expr("[0xff, 0o17, 0b101, 1_000, 0]")) == "(list 255 15 5 1000 0)"
    assert sx(expr("[1.5, 1e-3, .5, 1., 1_0.5]")) == "(list 1.5 0.001 0.5 1.0 10.5)"
    big = expr("18446744073709551615")  # u64 max, the largest literal
    assert isinstance(big, ast.Int) and big.value == 18446744073709551615
    with pytest.raises(SPyError, match="integer literal too large"):
        expr("18446744073709551616")
    assert isinstance(expr("1e400"), ast.Float)


def test_keywords_are_nodes():
    c = expr("f(1, sep='')")
    assert isinstance(c, ast.Call) and isinstance(c.keywords[0], ast.Keyword)
    assert span(c.keywords[0]) == (1, 6, 1, 12)


# -------------------------------------------------------------- locations


def test_locations():
    mod = parse("def f(x: i32) -> i32:\n    y = x + f(1)\n    return y\n")
    f = mod.body[0]
    assert isinstance(f, ast.FuncDef)
    assert span(f) == (1, 1, 3, 13)
    assert span(f.params[0]) == (1, 7, 1, 13)
    a = f.body[0]
    assert isinstance(a, ast.Assign)
    assert span(a) == (2, 5, 2, 17)
    assert span(a.value) == (2, 9, 2, 17)
    assert isinstance(a.value, ast.BinOp)
    assert span(a.value.right) == (2, 13, 2, 17)
    assert span(f.body[1]) == (3, 5, 3, 13)
    assert span(mod) == (1, 1, 3, 13)


def test_more_locations():
    mod = parse(
        "x = 1\n(a + b) * c\nobj.attr[i:j]\nif a:\n    pass\nelif b:\n    pass\n"
    )
    e = mod.body[1]
    assert isinstance(e, ast.ExprStmt) and span(e.value) == (2, 1, 2, 12)
    assert isinstance(e.value, ast.BinOp) and span(e.value.left) == (2, 1, 2, 8)
    s = mod.body[2]
    assert isinstance(s, ast.ExprStmt) and isinstance(s.value, ast.Subscript)
    assert span(s.value) == (3, 1, 3, 14) and span(s.value.index) == (3, 10, 3, 13)
    assert span(s.value.value) == (3, 1, 3, 9)
    i = mod.body[3]
    assert isinstance(i, ast.If) and span(i) == (4, 1, 7, 9)
    assert span(i.orelse[0]) == (6, 1, 7, 9)
    cmp = expr("a < b < c")
    assert span(cmp) == (1, 1, 1, 10)
    a = stmt("x = ('a'\n 'b')\n")
    assert isinstance(a, ast.Assign) and span(a.value) == (1, 5, 2, 6)


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "src, message, line, col",
    [
        ("try:\n    pass\nexcept:\n    pass\n", "`try` is not supported yet", 1, 1),
        ("with f as g:\n    pass\n", "`with` is not supported yet", 1, 1),
        ("del x\n", "`del` is not supported yet", 1, 1),
        (
            "def f():\n    global x\n",
            "`global` is not needed: declare the name `var x = ...` at module level and functions assign it",
            2,
            5,
        ),
        ("def f():\n    nonlocal x\n", "`nonlocal` is not supported yet", 2, 5),
        ("f = lambda x: x\n", "`lambda` is not supported yet", 1, 5),
        ("def f():\n    yield 1\n", "`yield` is not supported yet", 2, 5),
        ("async def f():\n    pass\n", "`async` is not supported yet", 1, 1),
        ("x = await y\n", "`await` is not supported yet", 1, 5),
        ("x = [a for a in b]\n", "comprehensions are not supported yet", 1, 5),
        ("x = {k: v for k in b}\n", "comprehensions are not supported yet", 1, 5),
        ("x = {a for a in b}\n", "comprehensions are not supported yet", 1, 5),
        ("x = (a for a in b)\n", "generator expressions are not supported yet", 1, 5),
        ("f(a for a in b)\n", "generator expressions are not supported yet", 1, 3),
        ("def f(*args):\n    pass\n", "`*args` parameters are not supported yet", 1, 7),
        (
            "def f(a, **kw):\n    pass\n",
            "`**kwargs` parameters are not supported yet",
            1,
            10,
        ),
        ("f(*a)\n", "star expressions (`*x`) are not supported yet", 1, 3),
        ("a, *b = c\n", "star expressions (`*x`) are not supported yet", 1, 4),
        ("f(**k)\n", "`**` unpacking is not supported yet", 1, 3),
        (
            "if (n := 3):\n    pass\n",
            "the walrus operator `:=` is not supported yet",
            1,
            7,
        ),
        ("x = {1, 2}\n", "set literals are not supported yet", 1, 5),
        ("x = {1}\n", "set literals are not supported yet", 1, 5),
        ("@deco\nx = 1\n", "a decorator must be followed by `def` or `class`", 1, 2),
        (
            "while a:\n    pass\nelse:\n    pass\n",
            "`while ... else` is not supported yet",
            3,
            1,
        ),
        (
            "for a in b:\n    pass\nelse:\n    pass\n",
            "`for ... else` is not supported yet",
            3,
            1,
        ),
        ("a = b = c\n", "chained assignment `a = b = c` is not supported yet", 1, 1),
        ("raise\n", "a bare `raise` is not supported yet", 1, 1),
        ("from . import x\n", "relative imports are not supported yet", 1, 1),
        ("from m import *\n", "`from ... import *` is not supported yet", 1, 1),
        (
            "def f[T: int](x: T):\n    pass\n",
            "bounds on type parameters are not supported yet",
            1,
            8,
        ),
        ("x = a @ b\n", "the `@` operator is not supported", 1, 7),
    ],
)
def test_unsupported_constructs(src, message, line, col):
    assert error(src) == (message, line, col)


@pytest.mark.parametrize(
    "src, message, line, col",
    [
        ("x = = 1\n", "invalid syntax", 1, 5),
        ("x = 1\nprint(x) print(y)\n", "invalid syntax", 2, 10),
        ("x = 1 +\n", "invalid syntax", 1, 8),
        ("x = 1 +", "invalid syntax", 1, 7),  # end of input: at the last token
        ("def f(x):\n    return x +", "invalid syntax", 2, 14),
        ("if x:\n", "expected an indented block", 1, 5),
        ("if x:\npass\n", "expected an indented block", 2, 1),
        ("x = 1\n  y = 2\n", "unexpected indent", 2, 1),
        (
            "f() = 3\n",
            "invalid target of assignment: cannot assign to a function call",
            1,
            1,
        ),
        (
            "1 += x\n",
            "invalid target of augmented assignment: cannot assign to a literal",
            1,
            1,
        ),
        (
            "a, b += 1\n",
            "invalid target of augmented assignment: cannot assign to this expression",
            1,
            1,
        ),
        (
            "for f() in x:\n    pass\n",
            "invalid target of for loop: cannot assign to a function call",
            1,
            5,
        ),
        ("a.b: int = 3\n", "only a plain name can have an annotation here", 1, 1),
        ("var x\n", "a `var` needs a type or a value", 1, 1),
        ("const X: int\n", "a `const` needs a value", 1, 1),
        (
            "def f(a=1, b):\n    pass\n",
            "a parameter without a default follows one with a default",
            1,
            12,
        ),
        ("f(a=1, 2)\n", "positional argument follows keyword argument", 1, 8),
        ("x = a[1:2:3:4]\n", "invalid syntax", 1, 12),
        ("x = var y\n", "invalid syntax", 1, 9),
        ("x = (1 +\n", "'(' was never closed", 1, 5),
    ],
)
def test_syntax_errors(src, message, line, col):
    assert error(src) == (message, line, col)


def test_deep_nesting_gives_spyerror():
    for src in [
        "x = " + "(" * 1000 + "1" + ")" * 1000 + "\n",
        "x = " + "[" * 1000 + "]" * 1000 + "\n",
        "x = " + "-" * 1000 + "1\n",
        "x = " + "not " * 1000 + "a\n",
        "x = " + "2 ** " * 1000 + "2\n",
        "x = " + " + ".join(["a"] * 1000) + "\n",
        "x = " + "f(" * 1000 + ")" * 1000 + "\n",
        "x = a" + ".b" * 1000 + "\n",
    ]:
        with pytest.raises(SPyError) as exc:
            parse(src)
        assert exc.value.message == "too deeply nested"
    # long elif chains are fine
    parse("if a: pass\n" + "elif a: pass\n" * 500)


def test_nested_ifs_count_as_levels():
    # an `if` in the body of an `if` is a level (only an `elif` is not):
    # 2 ** 2 ** ... 150 deep inside 70 nested blocks is deeper than MAX_DEPTH
    src = ""
    for i in range(70):
        src += " " * i + "if a:\n"
    deep = src + " " * 70 + "x = " + "2 ** " * 150 + "2\n"
    with pytest.raises(SPyError) as exc:
        parse(deep)
    assert exc.value.message == "too deeply nested"
    parse(src + " " * 70 + "x = " + "2 ** " * 20 + "2\n")


# ----------------------------------------------------------- round trips

EVERYTHING = '''\
"""Module docstring."""

from __spy__ import COLOR, STATIC_TYPE
from unsafe import (gc_alloc, gc_ptr as ptr,)
import math, os.path as osp

N = 10
N2: i32 = 20
var counter: i32 = 0
var flag = True
var later: str
const K = 3
const K2: f64 = 1.5
var = 3

@struct
class Point:
    """A point."""
    x: f64
    y: f64

    def length(self) -> f64:
        return (self.x**2 + self.y**2) ** 0.5

class Box[T](Base, Other):
    item: T

@blue.generic
def make(T):
    def inner(x: T, y: T = 0) -> T:
        const Z = 1
        return x + y + Z
    return inner

@extern("c_name")
def f[T, U](a: T, b: list[U],) -> tuple[T, U]: ...

def main(argv: list[str]) -> i32:
    x = -x**2 + 2**-1 - ~y + (-1) ** 2 + (1).real
    a, b = f(1, 2, key=3)
    t = 1, 2
    t1 = (1,)
    e = ()
    l = [1, 2, 3,]
    d = {"a": 1, 'b': 2}
    d2 = {}
    s = "ab" "cd" 'e\\n\\t\\x00\\u00e9"\\''
    z = a if c else b if d else e
    z2 = (a if c else b) if d else e
    ok = not a or b and not c
    ok2 = (a or b) and not (c and d)
    cmp = 1 < x <= 3 != y is not None
    cmp2 = (1 < x) < 3
    m = k in d and k not in d or k is None
    sl = l[1:2] + l[::-1] + l[:] + l[1:] + l[:2:3] + m[1, 2] + m[1:2, ::3] + m[(),]
    big = 0xff + 0o17 + 0b101 + 1_000_000 + 1.5e-3 + .5 + 1. + 1e300
    ops = (a | b) ^ (c & d) << (e >> f) // g % h / i * (j - k)
    x += 1; x -= 1; x *= 2
    x //= 3; x **= 2; x >>= 1; x <<= 1; x |= 1; x &= 1; x ^= 1; x %= 2; x /= 2
    obj.attr.sub[0] = 5
    (a, b), c = t
    if x:
        pass
    elif y: return 1
    elif z:
        return 2
    else:
        while True:
            break
    for k, v in d.items():
        continue
    for i in range(10): print(i)
    assert x > 0
    assert x > 0, "msg"
    raise ValueError("bad")
    return a, b
'''

PROGRAMS = [
    EVERYTHING,
    "def main() -> None:\n    print('hello')\n",
    "import math\n\ndef area(r: f64) -> f64:\n    return math.pi * r ** 2\n",
    "def fib(n: i32) -> i32:\n    if n < 2:\n        return n\n"
    "    return fib(n - 1) + fib(n - 2)\n",
    "@blue\ndef make(n):\n    if n == 0:\n        return 'zero'\n"
    "    else:\n        return 'many'\n"
    "X = make(3)\n",
    "class Expr:\n    loc: Loc\n    def __init__(self, loc: Loc) -> None:\n"
    "        self.loc = loc\n\nclass Num(Expr):\n    value: i64\n",
    "def g() -> None:\n    'only a docstring'\n",
    "",
]


@pytest.mark.parametrize("src", PROGRAMS)
def test_round_trip(src):
    text = unparse_module(parse(src))
    again = unparse_module(parse_module(text, "again.spy"))
    assert again == text


def test_unparse_text():
    text = unparse_module(parse(EVERYTHING))
    assert '"""' not in text and "Module docstring" not in text
    assert (
        "@extern('c_name')\ndef f[T, U](a: T, b: list[U]) -> tuple[T, U]:\n    ...\n"
        in text
    )
    assert "    x = -x ** 2 + 2 ** -1 - ~y + (-1) ** 2 + (1).real\n" in text
    assert "    elif y:\n        return 1\n" in text
    assert "    return a, b\n" in text
    assert "    z2 = (a if c else b) if d else e\n" in text
    assert (
        unparse_module(parse("def g() -> None:\n    'doc'\n"))
        == "def g() -> None:\n    pass\n"
    )


def test_unparse_redshift_nodes():
    loc = expr("x").loc
    call = ast.Call(loc, ast.FQNConst(loc, "operator::i32_add"), [ast.Int(loc, 1)], [])
    assert unparse_expr(call) == "`operator::i32_add`(1)"

    class W_Thing:
        def spy_repr(self) -> str:
            return "<thing>"

    assert unparse_expr(ast.BlueConst(loc, W_Thing())) == "<thing>"
    assert unparse_expr(ast.BlueConst(loc, 42)) == "42"
    neg = ast.BinOp(loc, "**", ast.Int(loc, -2), ast.Float(loc, -0.5))
    assert unparse_expr(neg) == "(-2) ** -0.5"


# ------------------------------------------------------------------ fuzz


def mutate(rng: random.Random, src: str, spans: list[tuple[int, int]]) -> str:
    kind = rng.randrange(5)
    if kind == 0:  # truncate
        return src[: rng.randrange(len(src))]
    if kind == 1:  # delete a token
        a, b = rng.choice(spans)
        return src[:a] + src[b:]
    if kind == 2:  # swap two tokens
        (a1, b1), (a2, b2) = sorted(rng.sample(spans, 2))
        if b1 > a2:
            return src
        return src[:a1] + src[a2:b2] + src[b1:a2] + src[a1:b1] + src[b2:]
    if kind == 3:  # random bytes
        p = rng.randrange(len(src))
        noise = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 6)))
        return src[:p] + noise.decode("latin-1") + src[p:]
    # insert a token-ish piece of text
    p = rng.randrange(len(src))
    pieces = [
        "(",
        ")",
        ":",
        "\n",
        "    ",
        ",",
        "=",
        "\\",
        '"',
        "'''",
        "var ",
        "@",
        "*",
        "if ",
        "[",
        "\t",
        "...",
    ]
    return src[:p] + rng.choice(pieces) + src[p:]


def test_fuzz_mutations_only_raise_spyerror():
    lines = EVERYTHING.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    spans = []
    for t in tokenize(EVERYTHING, "e.spy"):
        if t.name not in ("NEWLINE", "INDENT", "DEDENT", "EOF"):
            a = starts[t.loc.line - 1] + t.loc.col - 1
            b = starts[t.loc.end_line - 1] + t.loc.end_col - 1
            spans.append((a, b))
    rng = random.Random(2024)
    parsed = 0
    for _ in range(300):
        src = mutate(rng, EVERYTHING, spans)
        try:
            mod = parse_module(src, "m.spy")
        except SPyError as e:
            assert isinstance(e.message, str) and e.message != ""
            continue
        parsed += 1
        text = unparse_module(mod)
        assert unparse_module(parse_module(text, "again.spy")) == text
    assert parsed > 10


# ---------------------------------------------------------------- tables


def test_grammar_has_no_conflicts():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parser = build_parser()
    assert parser.lr_table.sr_conflicts == []
    assert parser.lr_table.rr_conflicts == []
