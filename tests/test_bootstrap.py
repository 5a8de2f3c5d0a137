"""The bootstrap, as tests (docs/architecture.md section 8).

- Fixed point: for every corpus program, `build/stage1/spy cwrite` and
  `build/stage2/spy cwrite` write identical C, or fail with identical
  stderr and status; and stage1 compiles the programs as stage0 does (the
  same C, or the same error).
- `make install PREFIX=DIR` gives a `DIR/bin/spy` that builds and runs a
  program from any folder.
- `build/bin/spy` needs no Python: it builds and runs a program with a
  `PATH` holding only the C compiler (`cc`, `as`, `ld`) and a `python3`
  that fails, and links no libpython.

Skipped until `make bootstrap` has built the stages.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

import harness
from stage0.build import C_FLAGS, C_WARNINGS

ROOT = harness.ROOT
SPY1 = ROOT / "build" / "stage1" / "spy"
SPY2 = ROOT / "build" / "stage2" / "spy"
SPY_BIN = ROOT / "build" / "bin" / "spy"
CHUNKS = 16

PROGRAMS = harness.program_paths()

HELLO = 'def main() -> None:\n    print("hello from spy")\n'
HELLO_RUN = (0, "hello from spy\n", "")


def build_and_run_hello(
    spy: Path, workdir: Path, env: dict[str, str]
) -> tuple[int, str, str]:
    """`spy build -x hello.spy` in a fresh folder: status, stdout, stderr."""
    workdir.mkdir()
    (workdir / "hello.spy").write_text(HELLO)
    proc = subprocess.run(
        [str(spy), "build", "-x", "hello.spy"],
        cwd=workdir,
        capture_output=True,
        text=True,
        env=env,
    )
    return proc.returncode, proc.stdout, proc.stderr


def need(path: Path) -> None:
    if not path.exists():
        pytest.skip("%s does not exist: run `make bootstrap`" % path.relative_to(ROOT))


Run = Callable[[list[str]], tuple[int, str, str]]


def stage1(argv: list[str]) -> tuple[int, str, str]:
    return harness.native_cli(SPY1, argv)


def stage2(argv: list[str]) -> tuple[int, str, str]:
    return harness.native_cli(SPY2, argv)


def cwrite(run: Run, prog: Path, outdir: Path) -> tuple[int, str, dict]:
    """Status, stderr and the written files of one `cwrite`."""
    outdir.mkdir(parents=True, exist_ok=True)
    status, _, stderr = run(["cwrite", str(prog), "-o", str(outdir)])
    files = {p.name: p.read_bytes() for p in sorted(outdir.iterdir())}
    return status, stderr, files


def compare(label: str, a: tuple[int, str, dict], b: tuple[int, str, dict]) -> str:
    if a == b:
        return ""
    if a[0] != b[0] or a[1] != b[1]:
        return "%s: status/stderr differ:\n%s\n---\n%s" % (label, a[1], b[1])
    return "%s: the C differs (%s)" % (label, ", ".join(sorted(a[2])))


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_fixed_point_corpus(chunk: int, tmp_path: Path) -> None:
    need(SPY1)
    need(SPY2)
    problems: list[str] = []
    for i, prog in enumerate(PROGRAMS):
        if i % CHUNKS != chunk:
            continue
        name = str(prog.relative_to(harness.PROGRAMS))
        out = tmp_path / str(i)
        one = cwrite(stage1, prog, out / "1")
        two = cwrite(stage2, prog, out / "2")
        problems.append(compare(name + " (stage1 vs stage2)", one, two))
        if harness.twins_agree_on(prog):
            zero = cwrite(harness.stage0_cli, prog, out / "0")
            problems.append(compare(name + " (stage0 vs stage1)", zero, one))
    problems = [p for p in problems if p != ""]
    assert problems == [], "\n\n".join(problems)


def test_fixed_point_selfhost(tmp_path: Path) -> None:
    need(SPY1)
    need(SPY2)
    main = ROOT / "selfhost" / "main.spy"
    one = cwrite(stage1, main, tmp_path / "1")
    two = cwrite(stage2, main, tmp_path / "2")
    assert one[0] == 0, one[1]
    assert compare("selfhost/main.spy", one, two) == ""


def test_make_install(tmp_path: Path) -> None:
    need(SPY2)
    prefix = tmp_path / "prefix"
    proc = subprocess.run(
        ["make", "-s", "install", "PREFIX=" + str(prefix)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    spy = prefix / "bin" / "spy"
    assert (prefix / "lib" / "spy" / "libspy.a").exists()
    assert (prefix / "lib" / "spy" / "stdlib" / "_list.spy").exists()
    env = dict(os.environ)
    env.pop("SPY_HOME", None)
    assert build_and_run_hello(spy, tmp_path / "elsewhere", env) == HELLO_RUN


def test_no_python_needed(tmp_path: Path) -> None:
    need(SPY_BIN)
    tools = tmp_path / "tools"
    tools.mkdir()
    # the C compiler: its driver, assembler and linker
    for tool in ("cc", "as", "ld"):
        path = shutil.which(tool)
        assert path is not None, tool
        os.symlink(path, tools / tool)
    fake = tools / "python3"
    fake.write_text("#!/bin/sh\necho 'python3 must not run' >&2\nexit 97\n")
    fake.chmod(0o755)
    env = {"PATH": str(tools), "HOME": str(tmp_path)}
    assert build_and_run_hello(SPY_BIN, tmp_path / "work", env) == HELLO_RUN
    if shutil.which("ldd") is not None:
        libs = subprocess.run(["ldd", str(SPY_BIN)], capture_output=True, text=True)
        assert "python" not in libs.stdout


@pytest.mark.parametrize("twin", ["native", "stage0"])
def test_build_x_uses_the_cache(tmp_path: Path, twin: str) -> None:
    """`build -x` without `-o` leaves nothing in the current folder and
    compiles an unchanged program once (a C compiler that logs its runs
    tells); a changed program is compiled again; `-o` builds as before."""
    if twin == "native":
        need(SPY_BIN)
        spy = [str(SPY_BIN)]
    else:
        spy = [sys.executable, "-m", "stage0"]
    log = tmp_path / "cc.log"
    cc = tmp_path / "logcc"
    cc.write_text('#!/bin/sh\necho run >> "%s"\nexec cc "$@"\n' % log)
    cc.chmod(0o755)
    env = dict(os.environ)
    env.update({"SPY_CACHE_DIR": str(tmp_path / "cache"), "CC": str(cc)})
    env["PYTHONPATH"] = str(ROOT)
    work = tmp_path / "work"
    work.mkdir()
    prog = work / "hello.spy"

    def run(*args: str) -> tuple[int, str, str]:
        proc = subprocess.run(
            [*spy, "build", *args], cwd=work, capture_output=True, text=True, env=env
        )
        return proc.returncode, proc.stdout, proc.stderr

    def cc_runs() -> int:
        return len(log.read_text().splitlines()) if log.exists() else 0

    prog.write_text(HELLO)
    assert run("-x", "hello.spy") == HELLO_RUN
    assert run("-x", "hello.spy") == HELLO_RUN
    assert cc_runs() == 1
    assert sorted(p.name for p in work.iterdir()) == ["hello.spy"]
    prog.write_text(HELLO.replace("hello from spy", "changed"))
    assert run("-x", "hello.spy") == (0, "changed\n", "")
    assert cc_runs() == 2
    assert run("-x", "-o", "hello", "hello.spy") == (0, "changed\n", "")
    assert cc_runs() == 3
    assert (work / "hello").exists()


# programs with what a split must share between its C files: class tables
# and dispatchers, globals, string literals, small inline functions
SPLIT_PROGRAMS = [
    "big/evaluator",
    "classes/cast_ok",
    "classes/default_repr_class",
    "classes/template_method",
]


@pytest.mark.parametrize("name", SPLIT_PROGRAMS)
def test_split_c_builds_the_same_program(name: str, tmp_path: Path) -> None:
    """`cwrite --split 3`: stage0 and stage2 write the same files, which
    compile warning-free into a program that runs as the corpus expects."""
    need(SPY2)
    progs = {p.name: p for p in harness.discover()}
    prog = progs[name]
    argv = ["cwrite", str(prog.path), "--split", "3", "-o"]
    status, _, err = harness.native_cli(SPY2, argv + [str(tmp_path / "2")])
    assert status == 0, err
    status, _, err = harness.stage0_cli(argv + [str(tmp_path / "0")])
    assert status == 0, err
    stem = prog.path.stem
    names = sorted(p.name for p in (tmp_path / "2").iterdir())
    assert names == sorted(
        [stem + ".h", stem + ".c", stem + "-1.c", stem + "-2.c", stem + "-3.c"]
    )
    for n in names:
        two = (tmp_path / "2" / n).read_bytes()
        assert two == (tmp_path / "0" / n).read_bytes(), n
    home = ROOT / "build" / "lib" / "spy"
    c_files = [str(tmp_path / "2" / n) for n in names if n.endswith(".c")]
    exe = tmp_path / "prog"
    cc = ["cc", "-O1", "-Werror"] + C_FLAGS + C_WARNINGS
    cc += ["-I" + str(home / "include")] + c_files
    cc += [str(home / "libspy.a"), "-lm", "-o", str(exe)]
    res = harness.run_command(cc, tmp_path, dict(os.environ), 120)
    assert res.status == 0, res.stderr
    res = harness.run_command([str(exe)], prog.path.parent, dict(os.environ), 60)
    assert harness.check_run(prog, res) == []
