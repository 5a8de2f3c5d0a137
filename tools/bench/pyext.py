"""SPy as Python's companion: the kernels of tools/bench/pyext/ called from
Python, as a SPy extension module (`spy build --target pyext`, by default
and with --release), in pure Python, with NumPy where it applies, and as
the same kernel in Cython (typed memoryviews, no bounds checks). Plus the
cost of one call of `add(i32, i32)` against a hand-written cffi module
and a Cython `cpdef` function.

    python tools/bench/pyext.py [--repeat N] [--spy PATH]

Everything runs in this process: the modules are built into a temporary
folder (Cython with `cc -O2`, as cffi builds the others), each kernel
runs --repeat times on fresh copies of the same data, the best time
counts, and every version's result is checked against the others.
Needs NumPy and Cython (`make bench` installs them).
"""

import argparse
import importlib
import os
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent / "pyext"
CALLS = 1_000_000


def build_modules(spy: str, out: Path) -> None:
    for name, flags in (("kernels", []), ("kernels_release", ["--release"])):
        folder = out / name
        source = folder / (name + ".spy")
        folder.mkdir()
        source.write_text((HERE / "kernels.spy").read_text())
        argv = [spy, "build", "--target", "pyext", str(source), "-o", str(out)]
        subprocess.run(argv + ["--python", sys.executable, *flags], check=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cython",
            "-3",
            str(HERE / "kernels_cy.pyx"),
            "-o",
            str(out / "kernels_cy.c"),
        ],
        check=True,
    )
    include = sysconfig.get_paths()["include"]
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    cc = os.environ.get("CC", "cc").split()
    subprocess.run(
        cc
        + [
            "-O2",
            "-shared",
            "-fPIC",
            "-I" + include,
            str(out / "kernels_cy.c"),
            "-o",
            str(out / ("kernels_cy" + suffix)),
        ],
        check=True,
    )
    from cffi import FFI

    ffi = FFI()
    ffi.cdef("int32_t add(int32_t a, int32_t b);")
    ffi.set_source(
        "hand_cffi",
        "int32_t add(int32_t a, int32_t b) { return a + b; }",
        extra_compile_args=["-O2"],
    )
    ffi.compile(tmpdir=str(out))


def best(
    f: Callable[[], Any], make: Callable[[], tuple[Any, ...]], repeat: int
) -> tuple[float, Any]:
    """The best time of f(*make()) over repeat runs (make is not timed),
    and the arguments of the last run with its result."""
    times = []
    for _ in range(repeat):
        args = make()
        start = time.perf_counter()
        result = f(*args)
        times.append(time.perf_counter() - start)
    return min(times), (args, result)


def per_call(f: Callable[[int, int], int] | None) -> float:
    """Seconds per call of f(1, 2) in a loop (None: the loop alone)."""
    start = time.perf_counter()
    if f is None:
        for _ in range(CALLS):
            pass
    else:
        for _ in range(CALLS):
            f(1, 2)
    return (time.perf_counter() - start) / CALLS


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--spy", default=str(ROOT / "build" / "bin" / "spy"))
    args = parser.parse_args(argv)
    out = Path(tempfile.mkdtemp(prefix="spy-bench-pyext-"))
    build_modules(args.spy, out)
    sys.path.insert(0, str(out))
    sys.path.insert(0, str(HERE))
    spy = importlib.import_module("kernels")
    spy_release = importlib.import_module("kernels_release")
    cy = importlib.import_module("kernels_cy")
    py = importlib.import_module("kernels_py")
    hand = importlib.import_module("hand_cffi")

    rng = np.random.default_rng(7)
    signal = rng.standard_normal(1_000_000)
    words = ["spy", "python", "compile", "redshift", "a", "blue", "interpreter", "red"]
    text = " ".join(words[i] for i in rng.integers(0, len(words), 200_000))
    particles = rng.standard_normal((4, 20_000))

    def smooth_np(src: np.ndarray, dst: np.ndarray) -> None:
        dst[0], dst[-1] = src[0], src[-1]
        dst[1:-1] = (src[:-2] + 2.0 * src[1:-1] + src[2:]) * 0.25

    def simulate_np(
        xs: np.ndarray, ys: np.ndarray, vxs: np.ndarray, vys: np.ndarray, steps: int
    ) -> None:
        for _ in range(steps):
            drag = 0.1 * (vxs * vxs + vys * vys)
            vxs += (-xs - vxs * drag) * 0.01
            vys += (-ys - vys * drag) * 0.01
            xs += vxs * 0.01
            ys += vys * 0.01

    kernels: list[
        tuple[str, str, Callable[[bool], tuple[Any, ...]], Callable[..., Any] | None]
    ] = [
        (
            "smooth",
            "1M floats, one pass",
            lambda lists: (
                (signal.tolist(), [0.0] * len(signal))
                if lists
                else (signal.copy(), np.empty_like(signal))
            ),
            smooth_np,
        ),
        ("long_words", "200k words", lambda lists: (text, 4), None),
        (
            "simulate",
            "20k particles, 20 steps",
            lambda lists: (
                tuple(p.tolist() for p in particles.copy()) + (20,)
                if lists
                else tuple(particles.copy()) + (20,)
            ),
            simulate_np,
        ),
    ]
    header = [
        "kernel",
        "data",
        "Python s",
        "NumPy s",
        "Cython s",
        "SPy s",
        "SPy release s",
        "SPy/Cython",
        "release/Cython",
        "Python/SPy",
    ]
    rows = []
    for name, data, make, numpy_version in kernels:
        t_py, (py_args, py_result) = best(
            getattr(py, name), lambda: make(True), max(1, args.repeat // 2)
        )
        t_cy, (cy_args, cy_result) = best(
            getattr(cy, name), lambda: make(False), args.repeat
        )
        t_spy, (spy_args, spy_result) = best(
            getattr(spy, name), lambda: make(False), args.repeat
        )
        t_rel, (rel_args, rel_result) = best(
            getattr(spy_release, name), lambda: make(False), args.repeat
        )
        t_np = None
        if numpy_version is not None:
            t_np, (np_args, _) = best(numpy_version, lambda: make(False), args.repeat)
        # the same result everywhere: the returned value, or the arrays
        assert py_result == cy_result == spy_result == rel_result, name
        for got in (cy_args, spy_args, rel_args) + (
            (np_args,) if numpy_version else ()
        ):
            for a, b in zip(got, py_args):
                if isinstance(a, np.ndarray):
                    assert np.allclose(a, b, rtol=1e-9, atol=1e-12), name
        rows.append(
            [
                name,
                data,
                "%.4f" % t_py,
                "-" if t_np is None else "%.4f" % t_np,
                "%.4f" % t_cy,
                "%.4f" % t_spy,
                "%.4f" % t_rel,
                "%.2fx" % (t_spy / t_cy),
                "%.2fx" % (t_rel / t_cy),
                "%.1fx" % (t_py / t_spy),
            ]
        )

    # rounds of every variant in turn, the best of each: a noisy machine
    # slows a round, not one variant
    variants = [
        ("loop alone", None),
        ("Python def", py.add),
        ("hand cffi", hand.lib.add),
        ("Cython cpdef", cy.add),
        ("SPy", spy.add),
        ("SPy release", spy_release.add),
    ]
    calls = {label: 1.0 for label, _ in variants}
    for _ in range(args.repeat):
        for label, f in variants:
            calls[label] = min(calls[label], per_call(f))
    print_table(header, rows)
    print()
    base = calls["loop alone"]
    print_table(
        ["add(1, 2)", "ns per call", "/ hand cffi"],
        [
            [
                label,
                "%.0f" % ((t - base) * 1e9),
                "%.2fx" % ((t - base) / (calls["hand cffi"] - base)),
            ]
            for label, t in calls.items()
            if label != "loop alone"
        ],
    )
    return 0


def print_table(header: list[str], rows: list[list[str]]) -> None:
    """A markdown table, columns aligned."""
    table = [header] + rows
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for n, row in enumerate(table):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
