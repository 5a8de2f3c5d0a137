"""pytest setup: make the repo root (for `stage0`) and tests/ (for `harness`)
importable. Nothing else happens here."""

import sys
from pathlib import Path

_TESTS = Path(__file__).resolve().parent
for _p in (str(_TESTS.parent), str(_TESTS)):
    if _p not in sys.path:
        sys.path.insert(0, _p)
