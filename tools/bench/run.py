"""Benchmark runner: SPy (built by stage0) against CPython and plain C.

Each benchmark NAME has three versions of one algorithm side by side in
tools/bench/programs/: NAME.spy, NAME.py and NAME.c. The runner builds the
SPy one with `python -m stage0 build` (or another `spy` given by --spy),
compiles the C one with `cc -O2`, runs each version several times, checks
that the three print the same output and prints a table of the best wall
times.

    python tools/bench/run.py [NAME...] [--repeat N] [--python-repeat N]
                              [--no-python] [--spy PATH] [-O LEVEL]

The programs are sized to take about half a second in C; CPython is some
fifty times slower, so by default it runs once (--python-repeat).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROGRAMS = HERE / "programs"
ROOT = HERE.parent.parent


def benchmark_names() -> list[str]:
    names = []
    for spy in sorted(PROGRAMS.glob("*.spy")):
        if spy.with_suffix(".py").exists() and spy.with_suffix(".c").exists():
            names.append(spy.stem)
    return names


class Failure(Exception):
    pass


def build_spy(name: str, outdir: Path, spy: str | None, opt: str) -> list[str]:
    exe = outdir / (name + "-spy")
    src = PROGRAMS / (name + ".spy")
    env = dict(os.environ)
    if spy is None:
        argv = [sys.executable, "-m", "stage0"]
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    else:
        argv = [spy]
    argv += ["build", str(src), "-o", str(exe), "-O" + opt]
    p = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    if p.returncode != 0:
        raise Failure("SPy build failed:\n" + p.stderr)
    return [str(exe)]


def build_c(name: str, outdir: Path) -> list[str]:
    exe = outdir / (name + "-c")
    cc = os.environ.get("CC", "cc")
    src = PROGRAMS / (name + ".c")
    argv = [cc, "-O2", "-std=c99", "-ffp-contract=off", str(src), "-o", str(exe)]
    p = subprocess.run(argv, capture_output=True, text=True, check=False)
    if p.returncode != 0:
        raise Failure("C build failed:\n" + p.stderr)
    return [str(exe)]


def best_time(argv: list[str], repeat: int) -> tuple[float, str]:
    """The best wall time of `repeat` runs, and the output of the last one."""
    best = float("inf")
    output = ""
    for _ in range(repeat):
        t0 = time.perf_counter()
        p = subprocess.run(argv, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - t0
        if p.returncode != 0:
            raise Failure("%s exited with %d:\n%s" % (argv[0], p.returncode, p.stderr))
        best = min(best, elapsed)
        output = p.stdout
    return best, output


def fmt_time(t: float | None) -> str:
    return "-" if t is None else "%.3f" % t


def fmt_ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0.0:
        return "-"
    return "%.1fx" % (a / b)


def run_one(name: str, args: argparse.Namespace, outdir: Path) -> list[str]:
    """Build and time one benchmark; return its table row."""
    notes = []
    times: dict[str, float | None] = {"spy": None, "py": None, "c": None}
    outputs: dict[str, str] = {}
    commands = {}
    try:
        commands["spy"] = build_spy(name, outdir, args.spy, args.opt)
    except Failure as e:
        notes.append(str(e).splitlines()[0])
        print(e, file=sys.stderr)
    try:
        commands["c"] = build_c(name, outdir)
    except Failure as e:
        notes.append(str(e).splitlines()[0])
        print(e, file=sys.stderr)
    if not args.no_python:
        commands["py"] = [sys.executable, str(PROGRAMS / (name + ".py"))]
    for key in ("c", "spy", "py"):
        if key not in commands:
            continue
        repeat = args.python_repeat if key == "py" else args.repeat
        print("  %s: running %s (%dx)" % (name, key, repeat), file=sys.stderr)
        try:
            times[key], outputs[key] = best_time(commands[key], repeat)
        except Failure as e:
            notes.append("%s run failed" % key)
            print(e, file=sys.stderr)
    if len(set(outputs.values())) > 1:
        shown = ", ".join("%s=%r" % (k, v.strip()) for k, v in sorted(outputs.items()))
        notes.append("OUTPUTS DIFFER: " + shown)
    return [
        name,
        fmt_time(times["spy"]),
        fmt_time(times["py"]),
        fmt_time(times["c"]),
        fmt_ratio(times["py"], times["spy"]),
        fmt_ratio(times["spy"], times["c"]),
        "; ".join(notes) if notes else "ok",
    ]


def print_table(rows: list[list[str]]) -> None:
    header = ["benchmark", "SPy s", "CPython s", "C s", "CPython/SPy", "SPy/C", "check"]
    table = [header] + rows
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for n, row in enumerate(table):
        cells = [row[0].ljust(widths[0])]
        cells += [row[i].rjust(widths[i]) for i in range(1, len(row) - 1)]
        cells.append(row[-1])
        print(" | ".join(cells))
        if n == 0:
            print("-|-".join("-" * w for w in widths))


def main(argv: list[str]) -> int:
    all_names = benchmark_names()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of SPy and C (best)")
    ap.add_argument("--python-repeat", type=int, default=1, help="runs of CPython")
    ap.add_argument("--no-python", action="store_true", help="skip CPython")
    ap.add_argument("--spy", help="a native spy to build with instead of stage0")
    ap.add_argument("-O", dest="opt", default="2", help="SPy optimisation level")
    args = ap.parse_args(argv)
    names = args.names or all_names
    for n in names:
        if n not in all_names:
            ap.error("unknown benchmark %r (have: %s)" % (n, ", ".join(all_names)))
    rows = []
    with tempfile.TemporaryDirectory(prefix="spy-bench-") as tmp:
        for name in names:
            rows.append(run_one(name, args, Path(tmp)))
    print_table(rows)
    return 0 if all(r[-1] == "ok" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
