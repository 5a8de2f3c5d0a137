"""The command line: usage errors, and the phase-printing commands."""

import os
import textwrap

import pytest

from stage0.cli import main as spy_main

SOURCE = """
import math

N = 4

@blue
def square(x):
    return x * x

def main() -> None:
    total = 0
    for i in range(N):
        total += i
    print(total, square(N), math.sqrt(16.0))
"""


def write(tmp_path, source: str) -> str:
    path = os.path.join(str(tmp_path), "prog.spy")
    with open(path, "w") as f:
        f.write(textwrap.dedent(source))
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = spy_main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_usage_errors_exit_2(capsys):
    assert run([], capsys)[0] == 2
    assert run(["frobnicate", "x.spy"], capsys)[0] == 2
    assert run(["cwrite", "x.spy"], capsys)[0] == 2
    assert run(["build", "x.spy", "--bogus"], capsys)[0] == 2
    # --split is cwrite's, from 1 to 64
    assert run(["cwrite", "x.spy", "-o", "d", "--split", "0"], capsys)[0] == 2
    assert run(["cwrite", "x.spy", "-o", "d", "--split", "65"], capsys)[0] == 2
    assert run(["cwrite", "x.spy", "-o", "d", "--split", "x"], capsys)[0] == 2
    assert run(["build", "x.spy", "--split", "2"], capsys)[0] == 2


def test_version_and_help(capsys):
    status, out, _ = run(["--version"], capsys)
    assert status == 0 and out.startswith("spy")
    status, out, _ = run(["--help"], capsys)
    assert status == 0 and "cwrite" in out


def test_missing_file_is_an_error(tmp_path, capsys):
    status, _, err = run(
        ["cwrite", str(tmp_path / "nope.spy"), "-o", str(tmp_path)], capsys
    )
    assert status == 1
    assert err.startswith("error: cannot read")


def test_parse_prints_source(tmp_path, capsys):
    status, out, _ = run(["parse", write(tmp_path, SOURCE)], capsys)
    assert status == 0
    assert "def main() -> None:" in out
    assert "total += i" in out


def test_symtable(tmp_path, capsys):
    status, out, _ = run(["symtable", write(tmp_path, SOURCE)], capsys)
    assert status == 0
    assert "main (red):" in out
    assert "square (blue):" in out
    assert "total: local plain" in out
    assert "N: global plain" in out
    assert "print: builtin def" in out


def test_imports(tmp_path, capsys):
    status, out, _ = run(["imports", write(tmp_path, SOURCE)], capsys)
    assert status == 0
    lines = out.splitlines()
    # the stdlib modules of the builtin types come first, then the program's
    assert lines[0].startswith("_list <- ")
    assert lines[-2:] == ["math <- __spy__", "prog <- math"]


def test_colorize(tmp_path, capsys):
    status, out, _ = run(["colorize", write(tmp_path, SOURCE)], capsys)
    assert status == 0
    assert "12:20 blue N" in out
    assert "13:18 red i" in out
    assert "14:18 blue square(N)" in out
