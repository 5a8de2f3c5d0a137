"""Corpus programs marked `# python: same` are Python too: CPython runs
each with a small shim for SPy's own names (the integer and float types,
`@struct`, `@blue`) and must print exactly the program's `.out` and exit
with its status. This keeps the L2 features honest about being Python's."""

import subprocess
import sys
from pathlib import Path

import pytest

import harness

SHIM = r"""
import dataclasses, sys
for _name in ("i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64"):
    globals()[_name] = int
f64 = float
def struct(cls):
    return dataclasses.dataclass(frozen=True)(cls)
def blue(f):
    return f
"""

RUNNER = r"""
import builtins, runpy, sys
shim = {}
exec(compile(SHIM, "shim", "exec"), shim)
for name, value in shim.items():
    if not name.startswith("__"):
        setattr(builtins, name, value)
ns = runpy.run_path(sys.argv[1], run_name="__main__")
main = ns["main"]
status = main(sys.argv[1:]) if main.__code__.co_argcount else main()
sys.exit(status or 0)
"""

PROGRAMS = [p for p in harness.discover() if p.python_same]


def test_some_programs_are_checked() -> None:
    assert len(PROGRAMS) >= 10


@pytest.mark.parametrize("prog", PROGRAMS, ids=lambda p: p.name)
def test_cpython_prints_the_same(prog: harness.Program, tmp_path: Path) -> None:
    assert prog.kind != "compile-error", "`python: same` is for programs that run"
    source = "from __future__ import annotations\n" + prog.path.read_text()
    script = tmp_path / prog.path.name
    script.write_text(source)
    proc = subprocess.run(
        [sys.executable, "-c", "SHIM = %r\n" % SHIM + RUNNER, str(script)],
        capture_output=True,
        text=True,
        cwd=prog.path.parent,
        timeout=60,
    )
    assert proc.stdout == prog.expected_stdout
    if prog.kind == "panic":
        # an uncaught exception: the same last line, status 1
        assert proc.stderr.splitlines()[-1] == prog.expect_panic
        assert proc.returncode == 1
        return
    assert proc.stderr == ""
    assert proc.returncode == prog.expect_exit


INPUT_PROGRAM = """\
def main() -> None:
    name = input("Name: ")
    n = int(input())
    print(f"hi {name}, {n * 2}")
    while True:
        line = input("> ")
        if line == "quit":
            break
        print(line.upper())
    input("more? ")
"""


def test_input_reads_stdin_like_cpython(tmp_path: Path) -> None:
    """input() with no corpus header for stdin: CPython, the interpreter and
    the compiled program read the same lines and stop with EOFError."""
    spy = harness.ROOT / "build" / "bin" / "spy"
    if not spy.exists():
        pytest.skip("build/bin/spy does not exist: run `make bootstrap`")
    src = tmp_path / "ask.spy"
    src.write_text(INPUT_PROGRAM)
    stdin = "ada\n21\nabc\nquit\n"
    exe = tmp_path / "ask"
    build = subprocess.run([str(spy), "build", str(src), "-o", str(exe)])
    assert build.returncode == 0
    runs = {}
    for name, argv in [
        ("python", [sys.executable, "-c", INPUT_PROGRAM + "main()\n"]),
        ("interp", [str(spy), str(src)]),
        ("compiled", [str(exe)]),
    ]:
        proc = subprocess.run(argv, input=stdin, capture_output=True, text=True)
        runs[name] = (proc.returncode, proc.stdout, proc.stderr.splitlines()[-1])
    assert runs["python"] == (
        1,
        "Name: hi ada, 42\n> ABC\n> more? ",
        "EOFError: EOF when reading a line",
    )
    assert runs["interp"] == runs["python"]
    assert runs["compiled"] == runs["python"]
