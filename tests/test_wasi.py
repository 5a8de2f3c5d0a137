"""`spy build --target wasi`: what a WASI module does beyond the corpus
(which runs on the `wasi` engine): the command line of the target, the
runner, and the size of a small module. Skipped until `make wasi`."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import harness

SPY = harness.ROOT / "build" / "bin" / "spy"
WASI_HOME = harness.WASI_HOME
RUN = WASI_HOME / "run"

pytestmark = pytest.mark.skipif(
    not (SPY.exists() and (WASI_HOME / "libspy.a").exists()),
    reason="needs build/bin/spy and `make wasi`",
)

ARGS_PROGRAM = """
import os

def main(argv: list[str]) -> i32:
    print(len(argv), argv[1], argv[2])
    os.write_stderr("to stderr\\n")
    if argv[1] == "boom":
        raise IndexError("boom went " + argv[2])
    return 7
"""


def write(folder: Path, name: str, source: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def spy(argv: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ)
    full.pop("SPY_HOME", None)
    full.update(env)
    return subprocess.run(
        [str(SPY)] + argv,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full,
        timeout=120,
    )


def test_argv_status_stderr_and_panics(tmp_path: Path) -> None:
    prog = write(tmp_path, "args.spy", ARGS_PROGRAM)
    p = spy(["build", "--target", "wasi", str(prog), "-o", "args.wasm"], tmp_path)
    assert (p.returncode, p.stderr) == (0, "")
    wasm = tmp_path / "args.wasm"
    assert wasm.read_bytes()[:4] == b"\0asm"
    run = subprocess.run(
        [str(RUN), str(wasm), "x", "y z"], capture_output=True, text=True
    )
    assert (run.returncode, run.stdout, run.stderr) == (7, "3 x y z\n", "to stderr\n")
    run = subprocess.run(
        [str(RUN), str(wasm), "boom", "off"], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert run.stdout == "3 boom off\n"
    assert run.stderr.splitlines()[-1] == "IndexError: boom went off"
    assert "in main" in run.stderr


def test_build_x_runs_the_module_and_names_it(tmp_path: Path) -> None:
    prog = write(tmp_path, "args.spy", ARGS_PROGRAM)
    p = spy(["build", "-x", "--target", "wasi", str(prog), "a", "b"], tmp_path)
    assert (p.returncode, p.stdout, p.stderr) == (7, "3 a b\n", "to stderr\n")
    assert os.listdir(tmp_path) == ["args.spy"]  # -x alone builds into the cache
    p = spy(["build", "--target", "wasi", str(prog)], tmp_path)
    assert p.returncode == 0
    assert (tmp_path / "args.wasm").exists()


def test_the_runner_can_be_replaced(tmp_path: Path) -> None:
    prog = write(tmp_path, "args.spy", ARGS_PROGRAM)
    fake = write(tmp_path, "fake_runner.py", "import sys\nprint('ran', sys.argv[2:])\n")
    runner = sys.executable + " " + str(fake)
    p = spy(
        ["build", "-x", "--target", "wasi", str(prog), "q"],
        tmp_path,
        SPY_WASM_RUNNER=runner,
    )
    assert (p.returncode, p.stdout) == (0, "ran ['q']\n")


def test_without_make_wasi_the_error_says_so(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    for name in ("include", "stdlib", "libspy.a"):
        os.symlink(WASI_HOME.parent / name, home / name)
    prog = write(tmp_path, "args.spy", ARGS_PROGRAM)
    p = spy(["build", "--target", "wasi", str(prog)], tmp_path, SPY_HOME=str(home))
    assert p.returncode == 1
    assert "error: the WASI target is not built: run `make wasi`" in p.stderr
    assert "Traceback" not in p.stderr


def test_processes_are_refused(tmp_path: Path) -> None:
    prog = write(
        tmp_path,
        "spawn.spy",
        """
        import os

        def main() -> None:
            print("before")
            os.spawn(["true"])
        """,
    )
    p = spy(["build", "-x", "--target", "wasi", str(prog)], tmp_path)
    assert p.returncode == 1
    assert p.stdout == "before\n"
    assert p.stderr.splitlines()[-1] == "OSError: WASI cannot start processes"


def test_runaway_recursion_in_a_release_module(tmp_path: Path) -> None:
    # no traceback frames in --release, yet the depth check stays
    prog = write(
        tmp_path,
        "deep.spy",
        """
        def f(n: i32) -> i32:
            return f(n + 1) + 1

        def main() -> None:
            print(f(0))
        """,
    )
    p = spy(["build", "-x", "--release", "--target", "wasi", str(prog)], tmp_path)
    assert p.returncode == 1
    assert p.stderr == "RecursionError: maximum recursion depth exceeded\n"


def test_hello_is_small(tmp_path: Path) -> None:
    hello = harness.ROOT / "examples" / "hello.spy"
    p = spy(
        ["build", "--release", "--target", "wasi", str(hello), "-o", "h.wasm"], tmp_path
    )
    assert p.returncode == 0
    assert (tmp_path / "h.wasm").stat().st_size <= 30 * 1024
    run = subprocess.run(
        [str(RUN), str(tmp_path / "h.wasm")], capture_output=True, text=True
    )
    assert run.stdout == "Hello, SPy!\n"


SPY_WASM = harness.ROOT / "build" / "wasi" / "spy.wasm"
needs_spy_wasm = pytest.mark.skipif(not SPY_WASM.exists(), reason="needs `make wasi`")


@needs_spy_wasm
def test_spy_wasm_writes_the_c_of_the_native_spy(tmp_path: Path) -> None:
    """The fixed point across targets: spy.wasm, on wasmtime, writes for
    selfhost exactly the C that the native spy writes."""
    main = harness.ROOT / "selfhost" / "main.spy"
    argv = ["cwrite", str(main), "-o"]
    p = subprocess.run(
        [str(RUN), str(SPY_WASM)] + argv + [str(tmp_path / "wasm")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (p.returncode, p.stderr) == (0, "")
    p = spy(argv + [str(tmp_path / "native")], tmp_path)
    assert (p.returncode, p.stderr) == (0, "")
    native = sorted(os.listdir(tmp_path / "native"))
    assert sorted(os.listdir(tmp_path / "wasm")) == native
    for name in native:
        wasm_c = (tmp_path / "wasm" / name).read_bytes()
        assert wasm_c == (tmp_path / "native" / name).read_bytes(), name


@needs_spy_wasm
def test_spy_wasm_interprets_a_program(tmp_path: Path) -> None:
    prog = write(tmp_path, "args.spy", ARGS_PROGRAM)
    p = subprocess.run(
        [str(RUN), str(SPY_WASM), "args.spy", "x", "y"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert (p.returncode, p.stdout, p.stderr) == (7, "3 x y\n", "to stderr\n")
    assert prog.exists()
