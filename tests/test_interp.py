"""The interpreter's command line: `spy FILE.spy [ARGS...]` and
`spy redshift -x FILE.spy [ARGS...]` run a program in the native `spy`,
with no C compiler (docs/architecture.md section 7).

Each test compares the interpreter with what a compiled program (or
`spy build`) does with the same source: output, stderr and exit status.
The corpus runs on the interpreter too, as the engine `interp`
(tests/harness.py); these tests cover what the corpus cannot: the
command line itself, a `PATH` with no tools, argv, deep recursion,
SPY_GC_STATS, and the compiler itself running in the interpreter.

Skipped until `make bootstrap` has built `build/bin/spy`.
"""

import os
import re
import subprocess
from pathlib import Path

import pytest

import harness

ROOT = harness.ROOT
SPY = ROOT / "build" / "bin" / "spy"
MAIN = ROOT / "selfhost" / "main.spy"

# the compiler compiling itself in the interpreter is slow
SELFHOST_TIMEOUT = 900
TIMEOUT = 120

pytestmark = pytest.mark.skipif(
    not SPY.exists(), reason="build/bin/spy does not exist: run `make bootstrap`"
)

HELLO = 'def main() -> None:\n    print("hello from spy")\n'

ARGS = """\
def main(argv: list[str]) -> i32:
    print(len(argv))
    for a in argv:
        print("[" + a + "]")
    return 40 + len(argv)
"""

PANIC = """\
def check(n: i32) -> i32:
    if n > 2:
        raise ValueError("too big: " + str(n))
    return n


def loop(k: i32) -> i32:
    total = 0
    for i in range(k):
        total += check(i)
        print("ok", i)
    return total


def main() -> None:
    print("before")
    print(loop(5))
"""

# the error is in a function that main calls only after printing
COMPILE_ERROR = """\
def later() -> i32:
    return "not a number"


def main() -> None:
    print("must not print")
    print(later())
"""

# the print after the call keeps the C compiler from making it a loop
RECURSION = """\
def down(n: i32) -> i32:
    r = down(n + 1)
    print(r)
    return r


def main() -> None:
    print("start")
    print(down(0))
"""

# enough garbage for a few collections
ALLOCATE = """\
def main() -> None:
    n = 0
    for i in range(200000):
        xs: list[str] = []
        xs.append(str(i) + "!")
        n += len(xs)
    print(n)
"""


def clean_env() -> dict[str, str]:
    """The environment without the runtime switches a test sets itself;
    `spy` finds its runtime relative to its own executable."""
    env = dict(os.environ)
    for key in ("SPY_HOME", "SPY_GC_STRESS", "SPY_GC_STATS"):
        env.pop(key, None)
    return env


def run(
    argv: list[str],
    cwd: Path,
    env: dict[str, str] | None = None,
    timeout: float = TIMEOUT,
) -> tuple[int, str, str]:
    """Status, stdout and stderr of one command."""
    p = subprocess.run(
        argv,
        cwd=cwd,
        env=clean_env() if env is None else env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
    )
    return p.returncode, harness._decode(p.stdout), harness._decode(p.stderr)


def write(folder: Path, name: str, source: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(source, encoding="utf-8")
    return path


def compiled(
    tmp_path: Path, name: str, source: str, args: list[str] | None = None
) -> tuple[int, str, str]:
    """Build `source` with `spy build` and run the executable in tmp_path:
    status, stdout, stderr."""
    prog = write(tmp_path, name, source)
    exe = tmp_path / (prog.stem + "-exe")
    status, out, err = run([str(SPY), "build", name, "-o", str(exe)], tmp_path)
    assert (status, out, err) == (0, "", ""), err
    return run([str(exe)] + (args or []), tmp_path)


def test_runs_without_tools(tmp_path: Path) -> None:
    # (a) no cc, gcc, as, ld nor python3 on PATH: the interpreter needs none
    empty = tmp_path / "empty"
    empty.mkdir()
    prog = write(tmp_path, "hello.spy", HELLO)
    env = {"PATH": str(empty), "HOME": str(tmp_path)}
    assert run([str(SPY), prog.name], tmp_path, env) == (0, "hello from spy\n", "")
    assert run([str(SPY), str(prog)], empty, env) == (0, "hello from spy\n", "")


def test_argv(tmp_path: Path) -> None:
    # (c) argv[0] is the path as given; the arguments follow untouched,
    # options included
    write(tmp_path, "args.spy", ARGS)
    args = ["x", "y z", "", "-o", "--help", "build"]
    status, out, err = run([str(SPY), "args.spy"] + args, tmp_path)
    assert err == ""
    assert out.splitlines() == [str(1 + len(args)), "[args.spy]"] + [
        "[" + a + "]" for a in args
    ]
    assert status == 41 + len(args)
    status, out, err = run([str(SPY), "./args.spy"], tmp_path)
    assert (status, out, err) == (41, "1\n[./args.spy]\n", "")
    status, out, err = run([str(SPY), str(tmp_path / "args.spy"), "a"], ROOT)
    assert (status, out, err) == (42, "2\n[%s]\n[a]\n" % (tmp_path / "args.spy"), "")


@pytest.mark.parametrize("code", [0, 1, 3, 77, 255])
def test_exit_status(tmp_path: Path, code: int) -> None:
    # (d) main's i32 result is the exit status, as for a compiled program
    source = "def main() -> i32:\n    print(%d)\n    return %d\n" % (code, code)
    want = compiled(tmp_path, "status.spy", source)
    assert want == (code, "%d\n" % code, "")
    assert run([str(SPY), "status.spy"], tmp_path) == want


def test_compile_error_runs_nothing(tmp_path: Path) -> None:
    # (e) the same message as `spy build`, status 1, and nothing ran
    write(tmp_path, "bad.spy", COMPILE_ERROR)
    status, out, err = run([str(SPY), "build", "bad.spy", "-o", "bad"], tmp_path)
    assert status == 1 and out == ""
    assert err.startswith("error: mismatched types"), err
    assert "--> bad.spy:2:12" in err
    assert run([str(SPY), "bad.spy"], tmp_path) == (1, "", err)
    assert run([str(SPY), "redshift", "-x", "bad.spy"], tmp_path) == (1, "", err)
    assert not (tmp_path / "bad").exists()


def test_panic_traceback(tmp_path: Path) -> None:
    # (f) the same stdout, traceback, message and status as compiled code
    want = compiled(tmp_path, "panic.spy", PANIC)
    status, out, err = want
    assert status == 1 and out == "before\nok 0\nok 1\nok 2\n"
    assert err.startswith("Traceback (most recent call last):\n")
    assert err.endswith("ValueError: too big: 3\n")
    assert run([str(SPY), "panic.spy"], tmp_path) == want


def test_deep_recursion(tmp_path: Path) -> None:
    # (g) RecursionError with a traceback, status 1, no signal
    write(tmp_path, "rec.spy", RECURSION)
    status, out, err = run([str(SPY), "rec.spy"], tmp_path)
    assert status == 1, (status, err[-2000:])
    assert out == "start\n"
    lines = err.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[1] == '  File "rec.spy", line 9, in main'
    assert lines[2] == '  File "rec.spy", line 2, in down'
    assert re.fullmatch(r"  \[Previous line repeated \d+ more times\]", lines[-2])
    assert lines[-1] == "RecursionError: maximum recursion depth exceeded"
    # the compiled program stops with the same error (at another depth, and
    # without a traceback: neither function may panic in C, so neither
    # has a traceback frame)
    cstatus, cout, cerr = compiled(tmp_path, "rec2.spy", RECURSION)
    assert (cstatus, cout) == (1, "start\n")
    assert cerr.splitlines()[-1] == lines[-1]


def test_help_lists_the_interpreter_first(tmp_path: Path) -> None:
    # (h)
    status, out, err = run([str(SPY), "--help"], tmp_path)
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "usage:"
    assert lines[1].split() == ["spy", "FILE.spy", "[ARGS...]"]
    words = [ln.split() for ln in lines]
    assert ["spy", "redshift", "-x", "FILE.spy", "[ARGS...]"] in words


def gc_stats_shape(stderr: str) -> list[str]:
    """The lines of SPY_GC_STATS's report, numbers replaced by N."""
    return [
        re.sub(r"\d+(\.\d+)?", "N", ln)
        for ln in stderr.splitlines()
        if ln.startswith("spy gc:")
    ]


def test_gc_stats(tmp_path: Path) -> None:
    # (i) the same report as a compiled program prints
    env = clean_env()
    env["SPY_GC_STATS"] = "1"
    prog = write(tmp_path, "alloc.spy", ALLOCATE)
    exe = tmp_path / "alloc"
    assert run([str(SPY), "build", prog.name, "-o", str(exe)], tmp_path)[0] == 0
    cstatus, cout, cerr = run([str(exe)], tmp_path, env)
    istatus, iout, ierr = run([str(SPY), prog.name], tmp_path, env)
    assert (istatus, iout) == (cstatus, cout) == (0, "200000\n")
    shape = gc_stats_shape(cerr)
    assert len(shape) >= 3, cerr
    assert gc_stats_shape(ierr) == shape
    # every line of stderr is the report
    assert len(ierr.splitlines()) == len(shape), ierr
    collections = re.search(r"spy gc: collections: (\d+)", ierr)
    assert collections is not None and int(collections.group(1)) > 0


@pytest.mark.parametrize(
    "source, args",
    [(ARGS, ["a", "-x", "b c"]), (PANIC, []), (COMPILE_ERROR, []), (HELLO, [])],
    ids=["args", "panic", "compile-error", "hello"],
)
def test_redshift_x_is_the_interpreter(
    tmp_path: Path, source: str, args: list[str]
) -> None:
    # (j) `spy redshift -x FILE.spy ARGS` is `spy FILE.spy ARGS`
    write(tmp_path, "prog.spy", source)
    plain = run([str(SPY), "prog.spy"] + args, tmp_path)
    assert run([str(SPY), "redshift", "-x", "prog.spy"] + args, tmp_path) == plain


def test_gc_stress(tmp_path: Path) -> None:
    env = clean_env()
    env["SPY_GC_STRESS"] = "1"
    write(tmp_path, "alloc.spy", ALLOCATE)
    assert run([str(SPY), "alloc.spy"], tmp_path, env) == (0, "200000\n", "")


# ---------------------------------------------------------- the compiler


def written(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["parse", "tests/programs/big/evaluator.spy"],
        ["redshift", "tests/programs/big/evaluator.spy"],
        ["redshift", "--externs", "tests/programs/osfiles/files_basic.spy"],
        ["frobnicate"],
    ],
    ids=["version", "parse", "redshift", "externs", "usage-error"],
)
def test_compiler_in_interpreter_prints(argv: list[str]) -> None:
    # the compiler's source, run by the interpreter, prints what the native
    # compiler prints; it finds its runtime next to build/bin/spy
    native = run([str(SPY)] + argv, ROOT)
    interpreted = run(
        [str(SPY), "selfhost/main.spy"] + argv, ROOT, timeout=SELFHOST_TIMEOUT
    )
    assert interpreted == native


def test_compiler_in_interpreter_compiles_itself(tmp_path: Path) -> None:
    # (b) the compiler, interpreted, writes the compiler's C byte for byte as
    # the native compiler does. Run from the repository, with no SPY_HOME:
    # both find the runtime (stdlib/) in build/lib/spy, next to build/bin/spy
    # (os.executable() is the interpreter's executable)
    one, two = tmp_path / "interp", tmp_path / "native"
    status, out, err = run(
        [str(SPY), "selfhost/main.spy", "cwrite", "selfhost/main.spy", "-o", str(one)],
        ROOT,
        timeout=SELFHOST_TIMEOUT,
    )
    assert (status, out, err) == (0, "", ""), err[-3000:]
    native = run([str(SPY), "cwrite", str(MAIN), "-o", str(two)], ROOT)
    assert native == (0, "", "")
    a, b = written(one), written(two)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == [], "different C: %s" % ", ".join(different)
