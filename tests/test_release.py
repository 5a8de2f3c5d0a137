"""`spy build --release`: the same C, compiled with SPY_RELEASE, so integer
arithmetic wraps where the default build raises OverflowError (as the
interpreter does)."""

import subprocess
from pathlib import Path

import pytest

import harness

PROGRAM = """\
def factorial(n: int) -> int:
    r = 1
    for i in range(2, n + 1):
        r = r * i
    return r


def main() -> None:
    print(factorial(12))
    print(factorial(19))
"""


def test_release_wraps_and_default_raises(tmp_path: Path) -> None:
    spy = harness.ROOT / "build" / "bin" / "spy"
    if not spy.exists():
        pytest.skip("build/bin/spy does not exist: run `make bootstrap`")
    src = tmp_path / "fact.spy"
    src.write_text(PROGRAM)
    runs = {}
    for name, flags in [("default", []), ("release", ["--release"])]:
        exe = tmp_path / name
        build = subprocess.run([str(spy), "build", *flags, str(src), "-o", str(exe)])
        assert build.returncode == 0
        runs[name] = subprocess.run([str(exe)], capture_output=True, text=True)
    interp = subprocess.run([str(spy), str(src)], capture_output=True, text=True)
    default = runs["default"]
    assert (default.returncode, default.stdout) == (1, "479001600\n")
    assert default.stderr.splitlines()[-1] == (
        "OverflowError: i32 multiplication overflows"
    )
    assert (interp.returncode, interp.stdout, interp.stderr) == (
        default.returncode,
        default.stdout,
        default.stderr,
    )
    release = runs["release"]
    assert (release.returncode, release.stdout, release.stderr) == (
        0,
        "479001600\n109641728\n",
        "",
    )


def test_release_panics_without_traceback(tmp_path: Path) -> None:
    """--release keeps no traceback frames: a panic prints its message."""
    spy = harness.ROOT / "build" / "bin" / "spy"
    if not spy.exists():
        pytest.skip("build/bin/spy does not exist: run `make bootstrap`")
    src = tmp_path / "index.spy"
    src.write_text(
        "def at(xs: list[int], i: int) -> int:\n    return xs[i]\n\n\n"
        "def main() -> None:\n    print(at([1, 2], 5))\n"
    )
    exe = tmp_path / "index"
    build = [str(spy), "build", "--release", str(src), "-o", str(exe)]
    assert subprocess.run(build).returncode == 0
    run = subprocess.run([str(exe)], capture_output=True, text=True)
    assert (run.returncode, run.stderr) == (1, "IndexError: list index out of range\n")
