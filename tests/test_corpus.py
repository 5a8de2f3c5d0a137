"""The program corpus: every program on every engine (tests/harness.py does
the work), then checks of the corpus itself and of the harness, which need
no compiler."""

import sys
from pathlib import Path

import pytest

import harness
from harness import Engine, Program, Result

CASES = harness.cases()

PENDING_MARK = pytest.mark.xfail(strict=False, reason="pending: not implemented yet")


def _case_param(case: harness.Case) -> object:
    # programs listed in tests/programs/PENDING run, but may fail
    marks = [PENDING_MARK] if case.prog.pending else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_case_param(c) for c in CASES])
def test_program(case: harness.Case) -> None:
    reason = case.engine.unavailable_reason() or case.prog.engine_skip_reason(
        case.engine
    )
    if reason is not None:
        pytest.skip(reason)
    failure = harness.check(case.engine, case.prog, case.gc_stress)
    if failure is not None:
        pytest.fail(failure, pytrace=False)


# ---------------------------------------------------------------- the corpus

PROGRAMS = harness.discover()


def test_corpus_size() -> None:
    kinds = [p.kind for p in PROGRAMS]
    assert len(PROGRAMS) >= 85
    assert kinds.count("compile-error") >= 15
    assert kinds.count("panic") >= 15


def test_pending_entries_exist() -> None:
    names = {p.name for p in PROGRAMS}
    entries = harness.read_pending()
    stale = [e for e in entries if e not in names]
    assert stale == [], "PENDING names programs that do not exist: %s" % stale
    dups = sorted({e for e in entries if entries.count(e) > 1})
    assert dups == [], "PENDING lists programs twice: %s" % dups


@pytest.mark.parametrize("prog", PROGRAMS, ids=[p.name for p in PROGRAMS])
def test_corpus_headers(prog: Program) -> None:
    assert prog.header_error is None, prog.header_error
    # a program may be invalid UTF-8 on purpose: an invalid byte reads as
    # one U+FFFD, one column, as the compiler counts it
    text = prog.path.read_text(encoding="utf-8", errors="replace")
    assert text.endswith("\n"), "a program ends with a newline"
    if prog.expect_error_at is not None:
        # the expected location points at a token of an existing line
        fname, line, col = prog.expect_error_at
        target = prog.path.parent / fname
        assert target.exists(), "%s does not exist" % fname
        lines = target.read_text(encoding="utf-8", errors="replace").split("\n")
        assert 1 <= line <= len(lines), "line %d is outside %s" % (line, fname)
        src = lines[line - 1]
        assert 1 <= col <= len(src) + 1, "column %d is outside line %d" % (col, line)
        if col > 1 and col <= len(src):
            # columns point at a token (column 1 may be an indentation token)
            assert not src[col - 1].isspace(), "column %d is a blank" % col
    if prog.kind != "compile-error" and prog.expected_stdout:
        assert prog.expected_stdout.endswith("\n")


# ---------------------------------------------------------------- the harness


def make_prog(tmp_path: Path, source: str, out: str | None = None) -> Program:
    path = tmp_path / "prog.spy"
    path.write_text(source, encoding="utf-8")
    if out is not None:
        path.with_suffix(".out").write_text(out, encoding="utf-8")
    prog = Program(path, "tmp/prog")
    harness._fill_program(prog, harness.read_headers(path))
    return prog


def res(status: int | None, stdout: str = "", stderr: str = "") -> Result:
    return Result(["spy"], status, stdout, stderr)


def test_headers_parse(tmp_path: Path) -> None:
    prog = make_prog(
        tmp_path,
        "# expect-panic: ValueError: boom\n"
        "# expect-panic-line: 5\n"
        "# expect-traceback: main:9, f:5\n"
        "# engines: !stage1-build\n"
        "def main() -> None:\n    pass\n",
        "x\n",
    )
    assert prog.kind == "panic"
    assert prog.expect_panic == "ValueError: boom"
    assert prog.expect_panic_line == 5
    assert prog.expect_traceback == [("main", 9), ("f", 5)]
    assert prog.expected_stdout == "x\n"
    stage1 = Engine("stage1-build", (), tmp_path, ())
    assert prog.engine_skip_reason(stage1) is not None


def test_headers_reject_mistakes(tmp_path: Path) -> None:
    for header in (
        "# expect-eror: typo\n",
        "# expect-error: mismatched types\n",
        "# expect-error: x\n# expect-error-at: 3\n",
        "# expect-panic-line: 3\n",
        "# expect-panic: E\n# expect-exit: 2\n",
    ):
        path = tmp_path / "bad.spy"
        path.write_text(header + "def main() -> None:\n    pass\n")
        prog = Program(path, "bad")
        with pytest.raises(ValueError):
            harness._fill_program(prog, harness.read_headers(path))


def test_check_build_prints_nothing(tmp_path: Path) -> None:
    prog = make_prog(tmp_path, "def main() -> None:\n    pass\n")
    assert harness.check_build(prog, res(0)) == []
    warning = "prog.c:3:5: warning: self-comparison always evaluates to true\n"
    assert harness.check_build(prog, res(0, stderr=warning)) != []


def test_check_compile_error(tmp_path: Path) -> None:
    prog = make_prog(
        tmp_path,
        "# expect-error: mismatched types\n# expect-error-at: 4:12\n",
    )
    good = (
        "error: mismatched types: expected `i32`, got `str`\n  --> /x/y/prog.spy:4:12\n"
    )
    assert harness.check_build(prog, res(1, stderr=good)) == []
    assert harness.check_build(prog, res(0, stderr=good)) != []
    wrong_col = good.replace(":4:12", ":4:11")
    assert harness.check_build(prog, res(1, stderr=wrong_col)) != []
    other_file = good.replace("/x/y/prog.spy", "/x/y/myprog.spy")
    assert harness.check_build(prog, res(1, stderr=other_file)) != []
    relative = good.replace("/x/y/prog.spy", "prog.spy")
    assert harness.check_build(prog, res(1, stderr=relative)) == []
    wrong_msg = good.replace("mismatched", "unmatched")
    assert harness.check_build(prog, res(1, stderr=wrong_msg)) != []
    crash = good + "Traceback (most recent call last):\n"
    assert harness.check_build(prog, res(1, stderr=crash)) != []
    assert harness.check_build(prog, res(None)) != []


def test_check_compile_error_in_other_file(tmp_path: Path) -> None:
    prog = make_prog(
        tmp_path, "# expect-error: import cycle\n# expect-error-at: _b.spy:3:8\n"
    )
    err = "error: import cycle: _a -> _b -> _a\n  --> dir/_b.spy:3:8\n"
    assert harness.check_build(prog, res(1, stderr=err)) == []
    assert (
        harness.check_build(prog, res(1, stderr=err.replace("_b.spy", "_a.spy"))) != []
    )


def test_check_run(tmp_path: Path) -> None:
    prog = make_prog(tmp_path, "# expect-exit: 3\n", "hello\n")
    assert harness.check_run(prog, res(3, "hello\n")) == []
    assert harness.check_run(prog, res(0, "hello\n")) != []
    assert harness.check_run(prog, res(3, "hello")) != []
    assert harness.check_run(prog, res(3, "hello\n", "warning\n")) != []
    assert harness.check_run(prog, res(None, "hello\n")) != []


def test_check_panic(tmp_path: Path) -> None:
    prog = make_prog(
        tmp_path,
        "# expect-panic: ZeroDivisionError: division by zero\n"
        "# expect-panic-line: 5\n"
        "# expect-traceback: main:12, divide:5\n",
        "before\n",
    )
    stderr = (
        "Traceback (most recent call last):\n"
        '  File "prog.spy", line 12, in main\n'
        '  File "prog.spy", line 5, in divide\n'
        "ZeroDivisionError: division by zero\n"
    )
    assert harness.check_run(prog, res(1, "before\n", stderr)) == []
    assert harness.check_run(prog, res(2, "before\n", stderr)) != []
    assert harness.check_run(prog, res(1, "", stderr)) != []
    assert (
        harness.check_run(prog, res(1, "before\n", stderr.replace("line 5", "line 6")))
        != []
    )
    no_tb = stderr.split("\n", 1)[1]
    assert harness.check_run(prog, res(1, "before\n", no_tb)) != []
    other = stderr.replace("division by zero", "float division by zero")
    assert harness.check_run(prog, res(1, "before\n", other)) != []


FAKE_COMPILER = """\
import os
import sys
# a fake engine: `build PROG -o EXE` writes a shell script that cats PROG.out
_, cmd, prog, _o, exe = sys.argv
src = open(prog).read()
if "COMPILE_ERROR" in src:
    sys.stderr.write("error: bad thing\\n  --> " + prog + ":2:1\\n")
    sys.exit(1)
with open(exe, "w") as f:
    f.write("#!/bin/sh\\ncat '" + prog[:-4] + ".out'\\n")
os.chmod(exe, 0o755)
with open(exe + ".count", "a") as f:
    f.write("built\\n")
"""


def test_fake_engine_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiler = tmp_path / "fakespy.py"
    compiler.write_text(FAKE_COMPILER)
    engine = Engine(
        "fake-build", (sys.executable, str(compiler)), compiler, (compiler,)
    )
    monkeypatch.setenv("SPY_TEST_CACHE", str(tmp_path / "cache"))
    (tmp_path / "p").mkdir()
    prog = make_prog(tmp_path / "p", "# a program\n", "out\n")
    assert harness.check(engine, prog, False) is None
    assert harness.check(engine, prog, True) is None
    # one build served both runs
    counts = list((tmp_path / "cache").glob("*/prog.count"))
    assert len(counts) == 1 and counts[0].read_text() == "built\n"
    # a wrong expectation is reported with the command and a diff
    prog.expected_stdout = "other\n"
    failure = harness.check(engine, prog, False)
    assert failure is not None and "stdout differs" in failure and "-other" in failure
    # compile errors
    (tmp_path / "q").mkdir()
    bad = make_prog(
        tmp_path / "q",
        "# expect-error: bad thing\n# expect-error-at: 2:1\nCOMPILE_ERROR\n",
    )
    assert harness.check(engine, bad, False) is None


FAKE_RUNNER = """\
import os
import sys
# a fake engine that runs programs directly: `PROG` prints PROG.out, with
# the folder it runs in and the GC mode on stderr when asked to
prog = sys.argv[1]
src = open(prog).read()
if "COMPILE_ERROR" in src:
    sys.stderr.write("error: bad thing\\n  --> " + prog + ":2:1\\n")
    sys.exit(1)
sys.stdout.write(open(prog[:-4] + ".out").read())
if "SHOW_ENV" in src:
    sys.stderr.write(os.getcwd() + " " + os.environ.get("SPY_GC_STRESS", "-") + "\\n")
"""


def test_fake_direct_engine(tmp_path: Path) -> None:
    runner = tmp_path / "fakerun.py"
    runner.write_text(FAKE_RUNNER)
    engine = Engine(
        "fake-run", (sys.executable, str(runner)), runner, (), runs_directly=True
    )
    (tmp_path / "p").mkdir()
    prog = make_prog(tmp_path / "p", "# a program\n", "out\n")
    assert harness.check(engine, prog, False) is None
    assert harness.check(engine, prog, True) is None
    prog.expected_stdout = "other\n"
    failure = harness.check(engine, prog, False)
    assert failure is not None and "stdout differs" in failure and "-other" in failure
    # the run happens in an empty folder, with SPY_GC_STRESS=1 when asked
    (tmp_path / "r").mkdir()
    show = make_prog(tmp_path / "r", "# SHOW_ENV\n", "out\n")
    res = harness.run_direct(engine, show, True)
    cwd, stress = res.stderr.split()
    assert Path(cwd) != tmp_path / "r" and stress == "1"
    assert "SPY_GC_STRESS=1" in res.command()
    plain = harness.run_direct(engine, show, False)
    assert plain.stderr.split()[1] == "-"
    # a compile error is checked as a build is
    (tmp_path / "q").mkdir()
    bad = make_prog(
        tmp_path / "q",
        "# expect-error: bad thing\n# expect-error-at: 2:1\nCOMPILE_ERROR\n",
    )
    assert harness.check(engine, bad, False) is None
    bad.expect_error = "other thing"
    assert harness.check(engine, bad, False) is not None


def test_read_pending(tmp_path: Path) -> None:
    path = tmp_path / "PENDING"
    assert harness.read_pending(path) == []
    path.write_text(
        "# features in progress\n"
        "lists/append.spy\n"
        "\n"
        "  dicts/items   # a comment after the entry\n"
    )
    assert harness.read_pending(path) == ["lists/append", "dicts/items"]


def test_unavailable_engine(tmp_path: Path) -> None:
    engine = Engine("ghost-build", ("ghost",), tmp_path / "missing", ())
    reason = engine.unavailable_reason()
    assert reason is not None and "does not exist" in reason
