"""WASI benchmarks: the programs of run.py as WASI modules under wasmtime,
against the same programs compiled natively.

Each benchmark NAME.spy of tools/bench/programs/ (and hello.spy of
tools/bench/startup/) is built twice with `build/bin/spy build --release
-O2` (or the `spy` given by --spy): natively, and with `--target wasi`.
The runner runs both --repeat times through the launcher of run.py
(maxrss.c), the module with the runner of `make wasi`
(build/lib/spy/wasm32-wasi/run, or $SPY_WASM_RUNNER), checks that they
print the same output and prints a markdown table: the best wall times,
the ratio wasm/native (above 1: the module is slower), and the sizes of
the executable and of the module.

    python tools/bench/wasi.py [NAME...] [--repeat N] [--spy PATH]
                               [--timeout SECONDS]

A module's time includes the runner's start (Python and wasmtime, about a
tenth of a second: the hello row shows it); wasmtime compiles a module
once and keeps the machine code in its cache, so every timed run but the
first of a fresh module reuses it, and the runner runs each module once
before timing it.
"""

import argparse
import math
import os
import sys
import tempfile
from pathlib import Path

from run import (
    NATIVE_SPY,
    PROGRAMS,
    ROOT,
    STARTUP,
    Failure,
    Runner,
    benchmark_names,
    build_spy_file,
    fmt_ratio,
    fmt_time,
    print_table,
    start_runner,
)

RUNNER = ROOT / "build" / "lib" / "spy" / "wasm32-wasi" / "run"
HEADER = [
    "benchmark",
    "native s",
    "wasm s",
    "wasm/native",
    "native KiB",
    "wasm KiB",
    "check",
]


def runner_argv() -> list[str]:
    words = os.environ.get("SPY_WASM_RUNNER", "").split()
    return words if words else [str(RUNNER)]


def kib(path: str) -> str:
    return "%.1f" % (os.path.getsize(path) / 1024.0)


def run_one(
    src: Path, args: argparse.Namespace, outdir: Path, runner: Runner
) -> tuple[list[str], float | None]:
    """The table row of one program, and its ratio wasm/native."""
    try:
        native = build_spy_file(src, outdir, args.spy, "2", True)
        wasm = build_spy_file(src, outdir, args.spy, "2", True, "wasi")
        wasm_argv = runner_argv() + wasm
        runner.measure(wasm_argv, 1, None)  # wasmtime compiles and caches it
        n = runner.measure(native, args.repeat, None)
        w = runner.measure(wasm_argv, args.repeat, None)
    except Failure as e:
        print("%s: %s" % (src.stem, e), file=sys.stderr)
        return [src.stem, "-", "-", "-", "-", "-", "FAILED"], None
    check = "ok" if n.stdout == w.stdout else "OUTPUTS DIFFER"
    cells = [
        src.stem,
        fmt_time(n.best),
        fmt_time(w.best),
        fmt_ratio(w.best, n.best, 2),
        kib(native[0]),
        kib(wasm[0]),
        check,
    ]
    return cells, (w.best / n.best if check == "ok" else None)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="benchmarks (default: all)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--spy", default=str(NATIVE_SPY))
    ap.add_argument("--timeout", type=float, default=120.0)
    args = ap.parse_args(argv)
    names = args.names or benchmark_names()
    rows: list[list[str]] = []
    ratios: list[float] = []
    with tempfile.TemporaryDirectory(prefix="spy-bench-wasi-") as tmp:
        outdir = Path(tmp)
        runner = start_runner(outdir, args.timeout)
        if runner is None:
            return 1
        sources = [STARTUP / "hello.spy"] + [PROGRAMS / (n + ".spy") for n in names]
        for src in sources:
            cells, ratio = run_one(src, args, outdir, runner)
            rows.append(cells)
            if ratio is not None and src.parent == PROGRAMS:
                ratios.append(ratio)
    if ratios:
        mean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        rows.append(["geomean", "", "", "%.2fx" % mean, "", "", ""])
    print_table(rows, HEADER)
    return 1 if any(r[-1] != "ok" and r[-1] != "" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
