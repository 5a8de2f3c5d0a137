"""Unit tests of stage0's definite assignment (stage0/flow.py): the shapes
the analysis accepts and the reason it gives for each one it refuses. The
corpus (tests/programs/definite/) runs the same rule on every engine."""

import textwrap

import pytest

from stage0.errors import SPyError
from stage0.flow import check_module
from stage0.parser import parse_module
from stage0.scope import analyze_module

BUILTINS = ["print", "range", "len", "str", "bool", "i32", "ValueError", "blue"]


def check(source: str) -> None:
    tree = parse_module(textwrap.dedent(source), "t.spy")
    check_module(tree, analyze_module(tree, BUILTINS))


def error_of(source: str) -> tuple[str, int, int]:
    with pytest.raises(SPyError) as info:
        check(source)
    loc = info.value.loc
    assert loc is not None
    return info.value.message, loc.line, loc.col


def reason(keyword: str, line: int, outcome: str) -> str:
    return "it is not assigned when the `%s` at line %d %s" % (keyword, line, outcome)


def may(name: str, why: str) -> str:
    return "'%s' may be used before it is assigned: %s" % (name, why)


ACCEPTED = {
    "if_else": """
        def f(c: bool) -> i32:
            if c:
                x = 1
            else:
                x = 2
            return x
        """,
    "elif_return_raise": """
        def f(n: i32) -> i32:
            if n == 0:
                x = 1
            elif n == 1:
                return 5
            else:
                raise ValueError("no")
            return x
        """,
    "while_true_break": """
        def f(n: i32) -> i32:
            while True:
                x = n
                if x > 3:
                    break
                n += 1
            return x
        """,
    "while_true_no_break": """
        def f(n: i32) -> i32:
            while True:
                if n > 3:
                    return n
                n += 1
                x = n
            return x
        """,
    "assigned_before_loop": """
        def f(n: i32) -> i32:
            x = 0
            for i in range(n):
                if i > 2:
                    continue
                x = i
            return x
        """,
    "tuple_and_for_target": """
        def f() -> i32:
            a, b = 1, 2
            t = 0
            for i in range(a):
                t += i + b
            return t
        """,
    "dead_code_after_return": """
        def f() -> i32:
            return 1
            print(x)
            x = 2
        """,
    "nested_def_reads_parent": """
        @blue
        def f(k):
            m = k
            def g() -> i32:
                return m
            return g
        """,
    "globals_are_not_locals": """
        var total: i32 = 0
        N = 3
        def f() -> i32:
            total = total + N
            return total
        """,
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_accepted(name: str) -> None:
    check(ACCEPTED[name])


def test_if_without_else() -> None:
    src = """
        def f(c: i32) -> str:
            if c < 0:
                s = "-"
            return s + "x"
        """
    assert error_of(src) == (may("s", reason("if", 3, "is false")), 5, 12)


def test_else_only() -> None:
    src = """
        def f(c: bool) -> i32:
            if c:
                pass
            else:
                x = 1
            return x
        """
    assert error_of(src)[0] == may("x", reason("if", 3, "is true"))


def test_elif_false_and_true() -> None:
    src = """
        def f(n: i32) -> i32:
            if n == 0:
                x = 1
            elif n == 1:
                x = 2
            return x
        """
    assert error_of(src)[0] == may("x", reason("elif", 5, "is false"))
    src = """
        def f(n: i32) -> i32:
            if n == 0:
                x = 1
            elif n == 1:
                pass
            else:
                x = 3
            return x
        """
    assert error_of(src)[0] == may("x", reason("elif", 5, "is true"))


def test_if_under_else_is_not_elif() -> None:
    src = """
        def f(n: i32) -> i32:
            if n == 0:
                x = 1
            else:
                if n == 1:
                    x = 2
            return x
        """
    assert error_of(src)[0] == may("x", reason("if", 6, "is false"))


def test_blue_if_true_has_two_paths() -> None:
    src = """
        def f() -> i32:
            if True:
                x = 1
            return x
        """
    assert error_of(src)[0] == may("x", reason("if", 3, "is false"))


def test_loops_may_run_zero_times() -> None:
    src = """
        def f(n: i32) -> i32:
            while n > 0:
                x = n
                n -= 1
            return x
        """
    assert error_of(src)[0] == may("x", reason("while", 3, "runs zero times"))
    src = """
        def f(n: i32) -> i32:
            for i in range(n):
                pass
            return i
        """
    assert error_of(src)[0] == may("i", reason("for", 3, "runs zero times"))


def test_break_before_assignment() -> None:
    src = """
        def f(n: i32) -> i32:
            while True:
                if n > 3:
                    break
                x = n
                n += 1
            return x
        """
    assert error_of(src)[0] == may("x", reason("break", 5, "leaves the loop"))


def test_never_assigned_before_read() -> None:
    src = """
        def f() -> i32:
            for i in range(3):
                x += i
            return 0
        """
    assert error_of(src) == ("'x' is used before it is assigned", 4, 9)
    src = """
        def f() -> None:
            n: i32
            print(n)
        """
    assert error_of(src) == ("'n' is used before it is assigned", 4, 11)


def test_blue_and_nested_functions_are_checked() -> None:
    src = """
        @blue
        def f(k):
            def g(x: i32) -> i32:
                if x > k:
                    y = x
                return y
            return g
        """
    assert error_of(src)[0] == may("y", reason("if", 5, "is false"))


def test_nested_def_is_a_local() -> None:
    src = """
        @blue
        def f():
            h = g
            def g() -> i32:
                return 1
            return h
        """
    assert error_of(src) == ("'g' is used before it is assigned", 4, 9)
