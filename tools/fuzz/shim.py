"""The CPython side of the fuzzer: a generated SPy program as Python.

`python_source(spy_text)` puts PRELUDE in front of the program and a call
of `main()` after it. The prelude gives the SPy names that generated
programs use a Python meaning: the integer and float types are `int` and
`float` (the generator keeps integers far from wrapping), `@struct` is a
frozen dataclass, `@blue` is the identity, `cast` checks `isinstance`.
Annotations are never evaluated (`from __future__ import annotations`).
"""

PRELUDE = """\
from __future__ import annotations
import dataclasses as _dataclasses
import sys as _sys

i8 = i16 = i32 = i64 = u8 = u16 = u32 = u64 = int
f64 = float


def struct(cls):
    return _dataclasses.dataclass(frozen=True)(cls)


def blue(f):
    return f


def cast(t, x):
    if not isinstance(x, t):
        raise TypeError("cannot cast")
    return x

"""

EPILOGUE = """

_status = main()
_sys.stdout.flush()
_sys.exit(_status if _status is not None else 0)
"""


def python_source(spy_text: str) -> str:
    """The Python program that computes what `spy_text` should print."""
    return PRELUDE + spy_text + EPILOGUE
