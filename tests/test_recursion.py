"""Runaway recursion stops with RecursionError in every build, at every
optimisation level, whatever the C compiler inlines or turns into loops:
the programs of tests/programs/recursion, built at -O0 and -O2, with and
without --release (the corpus runs them with the default flags, and in
the interpreter). A default build shows the traceback, collapsed; a
release build has none. Deep but finite recursion works in each."""

import subprocess
from pathlib import Path

import pytest

import harness

RECURSION = harness.PROGRAMS / "recursion"
RUNAWAY = ["runaway_tail_call", "runaway_mutual", "runaway_methods"]
BUILDS = [
    ("O0", ["-O0"]),
    ("O2", ["-O2"]),
    ("release-O0", ["--release", "-O0"]),
    ("release-O2", ["--release", "-O2"]),
]


def build(tmp_path: Path, name: str, flags: list[str]) -> Path:
    spy = harness.ROOT / "build" / "bin" / "spy"
    if not spy.exists():
        pytest.skip("build/bin/spy does not exist: run `make bootstrap`")
    exe = tmp_path / name
    src = RECURSION / (name + ".spy")
    res = subprocess.run(
        [str(spy), "build", *flags, str(src), "-o", str(exe)],
        capture_output=True,
        text=True,
    )
    assert (res.returncode, res.stderr) == (0, "")
    return exe


@pytest.mark.parametrize("label,flags", BUILDS, ids=[b[0] for b in BUILDS])
@pytest.mark.parametrize("name", RUNAWAY)
def test_runaway_recursion_stops(
    tmp_path: Path, name: str, label: str, flags: list[str]
) -> None:
    exe = build(tmp_path, name, flags)
    run = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60)
    lines = run.stderr.splitlines()
    assert run.returncode == 1, run.stderr[-500:]
    assert run.stdout == "start\n"
    assert lines[-1] == "RecursionError: maximum recursion depth exceeded"
    if "--release" in flags:
        assert len(lines) == 1
    else:
        assert lines[0] == "Traceback (most recent call last):"
        assert any(line.startswith("  [Previous ") for line in lines)
        assert len(lines) < 40


@pytest.mark.parametrize("label,flags", BUILDS, ids=[b[0] for b in BUILDS])
def test_deep_recursion_works(tmp_path: Path, label: str, flags: list[str]) -> None:
    exe = build(tmp_path, "deep_but_finite", flags)
    run = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60)
    expected = (RECURSION / "deep_but_finite.out").read_text()
    assert (run.returncode, run.stdout, run.stderr) == (0, expected, "")
