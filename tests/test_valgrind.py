"""A representative subset of the corpus runs clean under valgrind memcheck:
no invalid reads or writes in the runtime, the GC or the generated code."""

import os
import shutil
import subprocess

import pytest

from stage0.cli import main as spy_main

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUBSET = [
    "big/evaluator",
    "big/codegen",
    "classes/bst",
    "dicts/growth",
    "lists/reverse_sort",
    "strmethods/csv_report",
    "unsafe/struct_items",
    "osfiles/iterate_lines",
]


@pytest.mark.skipif(
    shutil.which("valgrind") is None, reason="valgrind is not installed"
)
@pytest.mark.parametrize("name", SUBSET)
def test_memcheck(name: str, tmp_path) -> None:
    src = os.path.join(ROOT, "tests", "programs", name + ".spy")
    exe = str(tmp_path / "prog")
    assert spy_main(["build", src, "-o", exe, "-O1", "-g"]) == 0
    proc = subprocess.run(
        ["valgrind", "--error-exitcode=99", "--quiet", exe],
        cwd=str(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Invalid read" not in proc.stderr, proc.stderr
    assert "Invalid write" not in proc.stderr, proc.stderr
    assert proc.returncode != 99, proc.stderr
