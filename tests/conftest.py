"""pytest setup: make the repo root (for `stage0`) and tests/ (for `harness`)
importable, let Python cache stage0's bytecode, and start the longest tests
first."""

import os
import sys
from pathlib import Path

import pytest

_TESTS = Path(__file__).resolve().parent
for _p in (str(_TESTS.parent), str(_TESTS)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

# Hundreds of tests start `python -m stage0`; without its cached bytecode
# each start compiles stage0 again (0.33 s instead of 0.14 s). Some
# machines set PYTHONDONTWRITEBYTECODE for everything.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

# Tests that take a minute or more alone: with `pytest -n auto`, one of them
# started last keeps one core busy after the others have finished.
LONGEST_FIRST = ("test_sanitized_selfhost",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.name not in LONGEST_FIRST)
