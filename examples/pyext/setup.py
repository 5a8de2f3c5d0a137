"""The wheel's build: `spy` writes the extension module's sources beside
geometry.spy (`--no-compile`), then setuptools compiles them with cffi
(cffi_modules). `$SPY` names the spy command (default: `spy` on PATH)."""

import os
import subprocess

from setuptools import setup

SPY = os.environ.get("SPY", "spy")
subprocess.run(
    [
        SPY,
        "build",
        "--target",
        "pyext",
        "--no-compile",
        "spygeo/geometry.spy",
        "-o",
        "spygeo",
    ],
    check=True,
)
setup(cffi_modules=["spygeo/_build_geometry.py:ffibuilder"])
