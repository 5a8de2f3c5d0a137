"""The C we emit depends only on the input.

For every corpus program that compiles: `cwrite` into two different
folders gives byte-identical files that do not mention the folder. stage0
writes the C of L1 programs, `build/bin/spy` that of L2 programs. (That
the C compiles warning-free is checked by the corpus: a build of a program
must print nothing, tests/harness.py.)
"""

import contextlib
import glob
import io
import os

import pytest

from pathlib import Path

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
def test_cwrite_is_deterministic(path: str, tmp_path) -> None:
    first = cwrite(path, str(tmp_path / "a"))
    second = cwrite(path, str(tmp_path / "elsewhere" / "b"))
    assert first == second
    for name in first:
        assert str(tmp_path).encode() not in first[name]
