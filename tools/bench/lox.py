"""Lox benchmarks: the Lox VM written in SPy against CPython (and clox).

The VM is build/bin/lox (or --lox); a reference clox, the book's C VM, can
be added with --clox.

Each benchmark NAME is one algorithm twice, in examples/lox/bench/: NAME.lox
and NAME.py, the same work written the same way (classes where the Lox has
classes, recursion where it recurses). The runner runs `lox NAME.lox` and
`python NAME.py` --repeat times each, through the launcher of run.py
(maxrss.c: wall time and peak RSS from wait4), keeps the best wall time and
the largest RSS, checks that every implementation prints exactly what
CPython prints and prints a markdown table: the times, the ratio
CPython/lox (above 1: lox is faster), the peak memory, and the geometric
mean of the ratios over the benchmarks whose outputs agree.

    python tools/bench/lox.py [--only NAME,...] [--repeat N] [--lox PATH]
                              [--python PATH] [--clox PATH] [--timeout SECONDS]

--clox PATH adds the columns of a reference clox binary (the book's VM,
built by whoever has it): its time, the ratio lox/clox (above 1: lox is
slower) and its peak memory.

An output that differs from CPython's marks the row (OUTPUTS DIFFER in the
check column), is shown as a diff on stderr, leaves the row out of the
geometric means and makes the exit status 1, as does a failed run.
"""

import argparse
import difflib
import shutil
import sys
import tempfile
from pathlib import Path

from run import (
    ROOT,
    Failure,
    Measure,
    Runner,
    fmt_mib,
    fmt_ratio,
    fmt_time,
    geomean,
    print_table,
    start_runner,
)

BENCH = ROOT / "examples" / "lox" / "bench"
NATIVE_LOX = ROOT / "build" / "bin" / "lox"

# the implementations, in the order they run; "py" is the reference output
KEYS = ("lox", "py", "clox")


def benchmark_names() -> list[str]:
    lox = sorted(BENCH.glob("*.lox"))
    return [p.stem for p in lox if p.with_suffix(".py").exists()]


def runnable(program: str) -> bool:
    """Whether program is a file, or a command found in $PATH."""
    return Path(program).is_file() or shutil.which(program) is not None


def summary(e: Failure) -> str:
    """The first line of a failure and the first line of what the program
    wrote to stderr: `lox exited with 70: Undefined variable 'x'.`"""
    lines = [line.strip() for line in str(e).splitlines() if line.strip()]
    if not lines:
        return "failed"
    first = lines[0]
    if len(lines) > 1:
        first = "%s %s" % (first, lines[1])
    return first


class Row:
    """One benchmark's line of the table."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.times: dict[str, float | None] = dict.fromkeys(KEYS)
        self.mib: dict[str, float | None] = dict.fromkeys(KEYS)
        # the implementations whose output is not CPython's
        self.differ: set[str] = set()
        self.notes: list[str] = []
        self.failed = False

    def note(self, text: str) -> None:
        self.notes.append(text)
        self.failed = True

    def agreed(self, key: str) -> float | None:
        """The time of `key` if its output is CPython's, else None."""
        if key in self.differ:
            return None
        return self.times[key]

    def cells(self, clox: bool) -> list[str]:
        t = self.times
        cells = [self.name, fmt_time(t["lox"]), fmt_time(t["py"])]
        cells.append(fmt_ratio(t["py"], t["lox"], 2))
        if clox:
            cells += [fmt_time(t["clox"]), fmt_ratio(t["lox"], t["clox"], 2)]
        cells += [fmt_mib(self.mib["lox"]), fmt_mib(self.mib["py"])]
        if clox:
            cells.append(fmt_mib(self.mib["clox"]))
        cells.append("; ".join(self.notes) if self.notes else "ok")
        return cells


def header(clox: bool) -> list[str]:
    cells = ["benchmark", "lox s", "CPython s", "CPython/lox"]
    if clox:
        cells += ["clox s", "lox/clox"]
    cells += ["lox MiB", "CPython MiB"]
    if clox:
        cells.append("clox MiB")
    return cells + ["check"]


def geomean_cells(rows: list[Row], clox: bool) -> list[str]:
    """The last line of the table: the geometric mean of each ratio, over
    the rows whose outputs agree."""
    py_lox = geomean([(r.agreed("py"), r.agreed("lox")) for r in rows])
    cells = ["geometric mean", "", "", fmt_ratio(py_lox, 1.0, 2)]
    if clox:
        lox_clox = geomean([(r.agreed("lox"), r.agreed("clox")) for r in rows])
        cells += ["", fmt_ratio(lox_clox, 1.0, 2)]
    cells += ["", ""]
    if clox:
        cells.append("")
    return cells + [""]


def show_diff(name: str, key: str, expected: str, got: str) -> None:
    """A unified diff of an implementation's output against CPython's, on
    stderr."""
    print(
        "\n*** %s: the output of %s differs from CPython's:" % (name, key),
        file=sys.stderr,
    )
    diff = difflib.unified_diff(
        expected.splitlines(keepends=True),
        got.splitlines(keepends=True),
        "CPython",
        key,
    )
    lines = list(diff)
    for line in lines[:40]:
        sys.stderr.write(line if line.endswith("\n") else line + "\n")
    if len(lines) > 40:
        print("... (%d more lines)" % (len(lines) - 40), file=sys.stderr)


def run_one(
    name: str, commands: dict[str, list[str]], repeat: int, runner: Runner
) -> Row:
    """Time one benchmark with each implementation and compare outputs."""
    row = Row(name)
    outputs: dict[str, str] = {}
    for key in KEYS:
        if key not in commands:
            continue
        ext = ".py" if key == "py" else ".lox"
        argv = commands[key] + [str(BENCH / (name + ext))]
        print("  %s: running %s (%dx)" % (name, key, repeat), file=sys.stderr)
        try:
            m: Measure = runner.measure(argv, repeat, None)
        except Failure as e:
            row.note("%s: %s" % (key, summary(e)))
            print(e, file=sys.stderr)
            continue
        row.times[key] = m.best
        row.mib[key] = m.peak_mib
        outputs[key] = m.stdout
    expected = outputs.get("py")
    if expected is not None:
        for key, out in outputs.items():
            if key != "py" and out != expected:
                row.differ.add(key)
                show_diff(name, key, expected, out)
    if row.differ:
        row.note("OUTPUTS DIFFER: " + ", ".join(k for k in KEYS if k in row.differ))
    return row


def main(argv: list[str]) -> int:
    all_names = benchmark_names()
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument(
        "--only",
        default="",
        metavar="NAME,...",
        help="benchmarks to run, comma-separated (default: all: %s)"
        % ", ".join(all_names),
    )
    ap.add_argument(
        "--repeat", type=int, default=3, help="runs of each program (the best counts)"
    )
    ap.add_argument(
        "--lox", default=str(NATIVE_LOX), help="the Lox VM (default: build/bin/lox)"
    )
    ap.add_argument(
        "--python",
        default=sys.executable,
        help="the CPython that runs the .py versions (default: this one)",
    )
    ap.add_argument("--clox", help="a reference clox binary, for more columns")
    ap.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        help="seconds after which one run is killed and counted as failed",
    )
    args = ap.parse_args(argv)
    names = [n for n in args.only.split(",") if n] or all_names
    for n in names:
        if n not in all_names:
            ap.error("unknown benchmark %r (have: %s)" % (n, ", ".join(all_names)))
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    if not runnable(args.lox):
        ap.error("no Lox VM: %s does not exist (build it, or give --lox)" % args.lox)
    if not runnable(args.python):
        ap.error("no CPython: %s does not exist" % args.python)
    if args.clox is not None and not runnable(args.clox):
        ap.error("no clox: %s does not exist" % args.clox)
    commands = {"lox": [args.lox], "py": [args.python]}
    if args.clox is not None:
        commands["clox"] = [args.clox]
    clox = args.clox is not None
    rows = []
    with tempfile.TemporaryDirectory(prefix="lox-bench-") as tmp:
        outdir = Path(tmp)
        runner = start_runner(outdir, args.timeout)
        if runner is None:
            return 1
        for name in names:
            rows.append(run_one(name, commands, args.repeat, runner))
    table = [r.cells(clox) for r in rows] + [geomean_cells(rows, clox)]
    print_table(table, header(clox))
    failed = [r.name for r in rows if r.failed]
    if failed:
        print("\nFAILED: %s" % ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
