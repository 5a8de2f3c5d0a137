"""The C we emit depends only on the input, and compiles warning-free.

For every corpus program that compiles: `cwrite` into two different
folders gives byte-identical files, and the C passes
`cc -std=c99 -Wall -Wextra -Werror`. stage0 writes the C of L1 programs,
`build/bin/spy` that of L2 programs.
"""

import contextlib
import glob
import io
import os
import subprocess

import pytest

from pathlib import Path

from stage0.build import C_WARNINGS
from stage0.cli import main as spy_main
from tests.harness import native_cli, read_pending, runs_on_stage0

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PENDING = set(read_pending())
PROGRAMS = sorted(
    p
    for p in glob.glob(
        os.path.join(ROOT, "tests", "programs", "**", "*.spy"), recursive=True
    )
    if not os.path.basename(p).startswith("_")
    and os.path.relpath(p, os.path.join(ROOT, "tests", "programs"))[:-4] not in PENDING
)


def expects_compile_error(path: str) -> bool:
    with open(path, encoding="utf-8", errors="replace") as f:
        return "# expect-error:" in f.read()


SPY_BIN = Path(ROOT) / "build" / "bin" / "spy"


def cwrite(path: str, outdir: str) -> dict[str, bytes]:
    argv = ["cwrite", path, "-o", outdir]
    if runs_on_stage0(Path(path)):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            status = spy_main(argv)
        assert status == 0, err.getvalue()
    else:
        if not SPY_BIN.exists():
            pytest.skip("build/bin/spy does not exist: run `make bootstrap`")
        status, _, stderr = native_cli(SPY_BIN, argv)
        assert status == 0, stderr
    files: dict[str, bytes] = {}
    for name in sorted(os.listdir(outdir)):
        with open(os.path.join(outdir, name), "rb") as f:
            files[name] = f.read()
    return files


@pytest.mark.parametrize(
    "path",
    [p for p in PROGRAMS if not expects_compile_error(p)],
    ids=lambda p: os.path.relpath(p, os.path.join(ROOT, "tests", "programs")),
)
def test_cwrite_is_deterministic_and_warning_free(path: str, tmp_path) -> None:
    first = cwrite(path, str(tmp_path / "a"))
    second = cwrite(path, str(tmp_path / "elsewhere" / "b"))
    assert first == second
    for name in first:
        assert str(tmp_path).encode() not in first[name]
        cmd = [
            os.environ.get("CC", "cc"),
            "-std=c99",
            *C_WARNINGS,
            "-Werror",
            "-O2",
            "-c",
            "-o",
            str(tmp_path / (name + ".o")),
            "-I" + os.path.join(ROOT, "libspy", "include"),
            str(tmp_path / "a" / name),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
