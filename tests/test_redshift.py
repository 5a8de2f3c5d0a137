"""Unit tests of redshift: blue code is folded, generics are specialised."""

import os
import textwrap

import pytest

from stage0.cli import main as spy_main


def redshift(tmp_path: str, source: str, capsys: pytest.CaptureFixture[str]) -> str:
    path = os.path.join(str(tmp_path), "prog.spy")
    with open(path, "w") as f:
        f.write(textwrap.dedent(source))
    status = spy_main(["redshift", path])
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


def test_blue_calls_fold_and_generics_specialise(tmp_path, capsys):
    out = redshift(
        tmp_path,
        """
        @blue
        def fib(n):
            if n < 2:
                return n
            return fib(n - 1) + fib(n - 2)

        def add[T](x: T, y: T) -> T:
            return x + y

        def main() -> None:
            print(fib(20), add[i32](3, 4), add[f64](1.5, 2.0))
        """,
        capsys,
    )
    assert "fib" not in out
    assert "'6765'" in out
    assert "def `prog::add[i32]`(x: i32, y: i32) -> i32:" in out
    assert "def `prog::add[f64]`(x: f64, y: f64) -> f64:" in out
    assert "`prog::add[i32]`(3, 4)" in out
    assert "`operator::i32_add`(x, y)" in out


def test_blue_generic_memoized(tmp_path, capsys):
    out = redshift(
        tmp_path,
        """
        @blue.generic
        def box(T):
            def ident(x: T) -> T:
                return x
            return ident

        def main() -> None:
            print(box[i32] is box[i32], box[i32](1), box[i64](2))
        """,
        capsys,
    )
    assert "'True'" in out
    assert out.count("def `prog::box[i32]::ident`") == 1
    assert "def `prog::box[i64]::ident`(x: i64) -> i64:" in out


def test_single_assignment_local_is_blue(tmp_path, capsys):
    out = redshift(
        tmp_path,
        """
        from __spy__ import COLOR

        def main() -> None:
            x = 6 * 7
            y = 0
            y = y + x
            print(COLOR(x), COLOR(y), x)
        """,
        capsys,
    )
    assert "y: i32" in out
    assert "x: i32" not in out
    assert "`operator::i32_add`(y, 42)" in out
    assert "'blue', 'red', '42'" in out


def test_blue_if_keeps_one_branch(tmp_path, capsys):
    out = redshift(
        tmp_path,
        """
        DEBUG = False

        def main() -> None:
            if DEBUG:
                print("debug")
            else:
                print("release")
        """,
        capsys,
    )
    assert "debug" not in out
    assert "'release'" in out
    assert "if" not in out


def test_literals_take_context_type(tmp_path, capsys):
    out = redshift(
        tmp_path,
        """
        def f(x: i64) -> i64:
            return x & 0xFFFFFFFF

        def main() -> None:
            print(f(3))
        """,
        capsys,
    )
    assert "`operator::i64_and`(x, 4294967295)" in out


def test_augmented_assignment_prefers_the_inplace_method(tmp_path, capsys):
    out = redshift(
        tmp_path,
        """
        class Acc:
            n: i32

            def __init__(self, n: i32) -> None:
                self.n = n

            def __or__(self, o: Acc) -> Acc:
                return Acc(self.n | o.n)

            def __ior__(self, o: Acc) -> Acc:
                self.n = self.n | o.n
                return self

            def __xor__(self, o: Acc) -> Acc:
                return Acc(self.n ^ o.n)

        def main() -> None:
            a = Acc(1)
            a |= Acc(2)
            a ^= Acc(3)
            print((a | a).n)
        """,
        capsys,
    )
    assert "a = a.`__ior__`(`prog::Acc::__construct__`(2))" in out
    assert "a = a.`__xor__`(`prog::Acc::__construct__`(3))" in out
    assert "a.`__or__`(a)" in out
