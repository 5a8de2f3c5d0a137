"""Benchmark runner: compiled SPy and SPy's interpreter against CPython and
plain C.

Each benchmark NAME has three versions of one algorithm side by side in
tools/bench/programs/: NAME.spy, NAME.py and NAME.c. The runner builds the
SPy one twice with `build/bin/spy build` (or another `spy` given by --spy;
`--spy stage0` is `python -m stage0`): a default build, with tracebacks and
overflow checks, and a `--release` one. It compiles the C one with
`cc -O2`, runs each version several times, runs NAME.spy in the interpreter
too (`build/bin/spy NAME.spy`, or the `spy` given by --interp), checks that
all of them print the same output and prints a table of the best wall
times and of the peak resident memory (max RSS) of each version. Every run
goes through maxrss.c, a small launcher that times the program and reads
its rusage with wait4, like /usr/bin/time -v.

    python tools/bench/run.py [NAME...] [--repeat N] [--python-repeat N]
                              [--interp-repeat N] [--no-python] [--no-interp]
                              [--no-release] [--spy PATH] [--interp PATH]
                              [-O LEVEL] [--timeout SECONDS] [--skip-missing]
                              [--gc-stats] [--startup-repeat N] [--no-startup]

The programs are sized to take from a third of a second to a second and a
half in C; CPython and the interpreter are from a few to a few hundred
times slower, so by default they run once (--python-repeat,
--interp-repeat).

A second table compares start-up: hello.spy in the interpreter
(`spy hello.spy`), hello.py in CPython, and hello.spy and hello.c compiled,
from tools/bench/startup/: the median wall time from start to exit of
--startup-repeat runs, and the peak RSS.

--skip-missing is for programs that use features the compiler does not
support yet: a SPy build failure then shows the compiler's first error line
in the table and does not fail the run (the C and CPython versions are still
run and compared). --gc-stats runs the SPy programs with SPY_GC_STATS=1 and
prints the collector statistics they write to stderr after the table.
"""

import argparse
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROGRAMS = HERE / "programs"
STARTUP = HERE / "startup"
ROOT = HERE.parent.parent
NATIVE_SPY = ROOT / "build" / "bin" / "spy"

# the columns of a benchmark's row: compiled SPy (default build and
# --release), the interpreter, CPython, C
KEYS = ("spy", "release", "interp", "py", "c")


def benchmark_names() -> list[str]:
    names = []
    for spy in sorted(PROGRAMS.glob("*.spy")):
        if spy.with_suffix(".py").exists() and spy.with_suffix(".c").exists():
            names.append(spy.stem)
    return names


class Failure(Exception):
    pass


class BuildFailure(Failure):
    """A failed build; `summary` is the first error line of the compiler."""

    def __init__(self, message: str, summary: str) -> None:
        Failure.__init__(self, message)
        self.summary = summary


def first_error(stderr: str) -> str:
    """The compiler's first error line, with its location when it has one:
    `error: msg (file.spy:12:15)`; the last line of a traceback."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if not lines:
        return "no error message"
    if lines[0].startswith("Traceback"):
        return "compiler crash: " + lines[-1]
    for i, line in enumerate(lines):
        if line.startswith("error"):
            if i + 1 < len(lines) and lines[i + 1].startswith("-->"):
                where = os.path.basename(lines[i + 1][3:].strip())
                return "%s (%s)" % (line, where)
            return line
    return lines[0]


def build_spy(
    name: str, outdir: Path, spy: str, opt: str, release: bool = False
) -> list[str]:
    return build_spy_file(PROGRAMS / (name + ".spy"), outdir, spy, opt, release)


def build_spy_file(
    src: Path,
    outdir: Path,
    spy: str,
    opt: str,
    release: bool = False,
    target: str = "native",
) -> list[str]:
    exe = outdir / (src.stem + ("-release" if release else "-spy"))
    if target == "wasi":
        exe = exe.with_name(exe.name + ".wasm")
    env = dict(os.environ)
    if spy == "stage0":
        argv = [sys.executable, "-m", "stage0"]
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    else:
        argv = [spy]
    argv += ["build", str(src), "-o", str(exe), "-O" + opt]
    if release:
        argv.append("--release")
    if target != "native":
        argv += ["--target", target]
    try:
        p = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    except OSError as e:
        raise Failure("cannot run the SPy compiler: %s" % e) from e
    if p.returncode != 0:
        raise BuildFailure("SPy build failed:\n" + p.stderr, first_error(p.stderr))
    return [str(exe)]


def build_c(name: str, outdir: Path) -> list[str]:
    return build_c_file(PROGRAMS / (name + ".c"), outdir)


def build_c_file(src: Path, outdir: Path) -> list[str]:
    exe = outdir / (src.stem + "-c")
    cc = os.environ.get("CC", "cc")
    argv = [cc, "-O2", "-std=c99", "-ffp-contract=off", str(src), "-o", str(exe), "-lm"]
    p = subprocess.run(argv, capture_output=True, text=True, check=False)
    if p.returncode != 0:
        raise Failure("C build failed:\n" + p.stderr)
    return [str(exe)]


def build_launcher(outdir: Path) -> str:
    """Compile maxrss.c, which runs one program and reports its wall time
    and max RSS (why not measure from here: see its comment)."""
    exe = outdir / "maxrss"
    cc = os.environ.get("CC", "cc")
    argv = [cc, "-O2", str(HERE / "maxrss.c"), "-o", str(exe)]
    p = subprocess.run(argv, capture_output=True, text=True, check=False)
    if p.returncode != 0:
        raise Failure("cannot build the launcher maxrss.c:\n" + p.stderr)
    return str(exe)


class Measure:
    """What `measure` found over the runs of one program."""

    def __init__(self) -> None:
        self.best = float("inf")  # wall seconds, the best run
        self.times: list[float] = []  # wall seconds of every run
        self.peak_mib = 0.0  # max RSS, the largest of the runs
        self.stdout = ""  # of the last run
        self.stderr = ""

    def median(self) -> float:
        return statistics.median(self.times)


class Runner:
    """Runs programs through the launcher, with a time limit."""

    def __init__(self, launcher: str, outdir: Path, timeout: float) -> None:
        self.launcher = launcher
        self.report = outdir / "maxrss.report"
        self.timeout = timeout

    def run_once(
        self, argv: list[str], env: dict[str, str] | None
    ) -> tuple[float, int, str, str, float]:
        """Run argv to completion: (wall seconds, exit status, stdout,
        stderr, max RSS in MiB). A run longer than the time limit is killed
        with its process group."""
        self.report.unlink(missing_ok=True)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            p = subprocess.Popen(
                [self.launcher, str(self.report), *argv],
                stdout=out,
                stderr=err,
                env=env,
                start_new_session=True,
            )
            try:
                status = p.wait(self.timeout)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
                raise Failure("timed out after %g s" % self.timeout) from None
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode("utf-8", "replace")
            stderr = err.read().decode("utf-8", "replace")
        try:
            seconds, maxrss = self.report.read_text().split()
        except (OSError, ValueError):
            raise Failure("the launcher failed:\n" + stderr) from None
        return float(seconds), status, stdout, stderr, maxrss_mib(int(maxrss))

    def measure(
        self, argv: list[str], repeat: int, env: dict[str, str] | None
    ) -> Measure:
        """Run argv `repeat` times: the best wall time, the peak RSS and the
        output of the last run."""
        m = Measure()
        for _ in range(repeat):
            elapsed, status, m.stdout, m.stderr, mib = self.run_once(argv, env)
            if status != 0:
                msg = "%s exited with %d:\n%s" % (argv[0], status, m.stderr)
                raise Failure(msg)
            m.best = min(m.best, elapsed)
            m.times.append(elapsed)
            m.peak_mib = max(m.peak_mib, mib)
        return m


def start_runner(outdir: Path, timeout: float) -> Runner | None:
    """A Runner whose launcher is built in outdir; None, after printing
    why, when the launcher does not build."""
    try:
        return Runner(build_launcher(outdir), outdir, timeout)
    except Failure as e:
        print(e, file=sys.stderr)
        return None


def maxrss_mib(maxrss: int) -> float:
    """ru_maxrss in MiB: Linux counts it in KiB, macOS in bytes."""
    if sys.platform == "darwin":
        return maxrss / (1024.0 * 1024.0)
    return maxrss / 1024.0


def fmt_time(t: float | None) -> str:
    return "-" if t is None else "%.3f" % t


def fmt_mib(m: float | None) -> str:
    return "-" if m is None else "%.1f" % m


def fmt_ratio(a: float | None, b: float | None, digits: int = 1) -> str:
    if a is None or b is None or b == 0.0:
        return "-"
    return "%.*fx" % (digits, a / b)


class Row:
    """One benchmark's line of the table."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.times: dict[str, float | None] = dict.fromkeys(KEYS)
        self.mib: dict[str, float | None] = dict.fromkeys(KEYS)
        self.notes: list[str] = []
        self.failed = False  # counts against the exit status
        self.gc_stats = ""  # what the SPy program wrote to stderr

    def note(self, text: str, failed: bool = True) -> None:
        self.notes.append(text)
        self.failed = self.failed or failed

    def cells(self) -> list[str]:
        t = self.times
        return [
            self.name,
            fmt_time(t["spy"]),
            fmt_time(t["release"]),
            fmt_time(t["interp"]),
            fmt_time(t["py"]),
            fmt_time(t["c"]),
            fmt_ratio(t["py"], t["spy"]),
            fmt_ratio(t["spy"], t["release"], 2),
            fmt_ratio(t["release"], t["c"], 2),
            fmt_ratio(t["py"], t["interp"]),
            fmt_mib(self.mib["spy"]),
            fmt_mib(self.mib["release"]),
            fmt_mib(self.mib["interp"]),
            fmt_mib(self.mib["py"]),
            fmt_mib(self.mib["c"]),
            "; ".join(self.notes) if self.notes else "ok",
        ]


def run_one(name: str, args: argparse.Namespace, outdir: Path, runner: Runner) -> Row:
    """Build, time and check one benchmark."""
    row = Row(name)
    outputs: dict[str, str] = {}
    commands = {}
    envs: dict[str, dict[str, str] | None] = dict.fromkeys(KEYS)
    builds = [("spy", False)] + ([] if args.no_release else [("release", True)])
    for key, release in builds:
        try:
            commands[key] = build_spy(name, outdir, args.spy, args.opt, release)
        except BuildFailure as e:
            if args.skip_missing:
                row.note("SPy: " + e.summary, failed=False)
            else:
                row.note("SPy build failed: " + e.summary)
                print(e, file=sys.stderr)
            break
        except Failure as e:
            row.note(str(e).splitlines()[0])
            print(e, file=sys.stderr)
            break
    try:
        commands["c"] = build_c(name, outdir)
    except Failure as e:
        row.note(str(e).splitlines()[0])
        print(e, file=sys.stderr)
    if not args.no_python:
        commands["py"] = [sys.executable, str(PROGRAMS / (name + ".py"))]
    if args.interp is not None:
        commands["interp"] = [args.interp, str(PROGRAMS / (name + ".spy"))]
    if args.gc_stats:
        envs["spy"] = dict(os.environ, SPY_GC_STATS="1")
    for key in ("c", "release", "spy", "interp", "py"):
        if key not in commands:
            continue
        repeat = args.repeat
        if key == "py":
            repeat = args.python_repeat
        elif key == "interp":
            repeat = args.interp_repeat
        print("  %s: running %s (%dx)" % (name, key, repeat), file=sys.stderr)
        try:
            m = runner.measure(commands[key], repeat, envs[key])
        except Failure as e:
            row.note("%s run failed: %s" % (key, str(e).splitlines()[0]))
            print(e, file=sys.stderr)
            continue
        row.times[key] = m.best
        row.mib[key] = m.peak_mib
        outputs[key] = m.stdout
        if key == "spy":
            row.gc_stats = m.stderr
    if len(set(outputs.values())) > 1:
        shown = ", ".join("%s=%r" % (k, v.strip()) for k, v in sorted(outputs.items()))
        row.note("OUTPUTS DIFFER: " + shown)
    return row


def geomean(pairs: list[tuple[float | None, float | None]]) -> float | None:
    """The geometric mean of the ratios a/b of the pairs that have both."""
    ratios = [a / b for a, b in pairs if a is not None and b]
    if not ratios:
        return None
    return math.exp(sum(math.log(r) for r in ratios) / len(ratios))


def geomean_cells(rows: list[Row]) -> list[str]:
    """The last line of the table: the geometric mean of each ratio column."""

    def ratio(a: str, b: str, digits: int = 1) -> str:
        m = geomean([(r.times[a], r.times[b]) for r in rows])
        return fmt_ratio(m, 1.0, digits)

    means = {
        "CPython/SPy": ratio("py", "spy"),
        "SPy/release": ratio("spy", "release", 2),
        "release/C": ratio("release", "c", 2),
        "CPython/interp": ratio("py", "interp"),
    }
    return ["geometric mean"] + [means.get(h, "") for h in BENCH_HEADER[1:]]


BENCH_HEADER = [
    "benchmark",
    "SPy s",
    "release s",
    "interp s",
    "CPython s",
    "C s",
    "CPython/SPy",
    "SPy/release",
    "release/C",
    "CPython/interp",
    "SPy MiB",
    "release MiB",
    "interp MiB",
    "CPython MiB",
    "C MiB",
    "check",
]

STARTUP_HEADER = ["hello, start to exit", "median s", "MiB", "check"]


def startup_rows(
    args: argparse.Namespace, outdir: Path, runner: Runner
) -> list[list[str]]:
    """The start-up table: one hello world each way, run --startup-repeat
    times; a row per way with its median wall time and peak RSS."""
    hello_spy = STARTUP / "hello.spy"
    ways: list[tuple[str, list[str] | Failure]] = []
    if args.interp is not None:
        ways.append(("spy hello.spy (interpreter)", [args.interp, str(hello_spy)]))
    try:
        spy_cmd: list[str] | Failure = build_spy_file(
            hello_spy, outdir, args.spy, args.opt
        )
    except Failure as e:
        spy_cmd = e
    ways.append(("hello.spy compiled", spy_cmd))
    if not args.no_python:
        ways.append(("python3 hello.py", [sys.executable, str(STARTUP / "hello.py")]))
    try:
        c_cmd: list[str] | Failure = build_c_file(STARTUP / "hello.c", outdir)
    except Failure as e:
        c_cmd = e
    ways.append(("hello.c compiled", c_cmd))
    rows = []
    outputs = set()
    for label, cmd in ways:
        if isinstance(cmd, Failure):
            rows.append([label, "-", "-", str(cmd).splitlines()[0]])
            continue
        print("  startup: %s (%dx)" % (label, args.startup_repeat), file=sys.stderr)
        try:
            m = runner.measure(cmd, args.startup_repeat, None)
        except Failure as e:
            rows.append([label, "-", "-", str(e).splitlines()[0]])
            continue
        outputs.add(m.stdout)
        rows.append([label, fmt_time(m.median()), fmt_mib(m.peak_mib), "ok"])
    if len(outputs) > 1:
        for row in rows:
            if row[-1] == "ok":
                row[-1] = "OUTPUTS DIFFER"
    return rows


def print_table(rows: list[list[str]], header: list[str] = BENCH_HEADER) -> None:
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
    ap.add_argument(
        "--interp-repeat", type=int, default=1, help="runs of the interpreter"
    )
    ap.add_argument("--no-python", action="store_true", help="skip CPython")
    ap.add_argument("--no-interp", action="store_true", help="skip the interpreter")
    ap.add_argument(
        "--spy",
        default=str(NATIVE_SPY),
        help="the spy that builds the programs (default: build/bin/spy; "
        "stage0: python -m stage0)",
    )
    ap.add_argument(
        "--no-release", action="store_true", help="skip the --release builds"
    )
    ap.add_argument(
        "--interp",
        default=str(NATIVE_SPY),
        help="the native spy whose interpreter runs the programs "
        "(default: build/bin/spy)",
    )
    ap.add_argument(
        "--startup-repeat",
        type=int,
        default=21,
        help="runs of each hello world of the start-up table (median)",
    )
    ap.add_argument("--no-startup", action="store_true", help="skip the start-up table")
    ap.add_argument("-O", dest="opt", default="2", help="SPy optimisation level")
    ap.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        help="seconds after which one run is killed and counted as failed",
    )
    ap.add_argument(
        "--skip-missing",
        action="store_true",
        help="a SPy build failure shows the compiler's first error in the table "
        "and does not fail the run",
    )
    ap.add_argument(
        "--gc-stats",
        action="store_true",
        help="run SPy programs with SPY_GC_STATS=1 and print their GC statistics",
    )
    args = ap.parse_args(argv)
    names = args.names or all_names
    for n in names:
        if n not in all_names:
            ap.error("unknown benchmark %r (have: %s)" % (n, ", ".join(all_names)))
    if args.no_interp:
        args.interp = None
    elif not Path(args.interp).exists():
        print(
            "no interpreter: %s does not exist (run `make bootstrap`)" % args.interp,
            file=sys.stderr,
        )
        args.interp = None
    if args.spy != "stage0" and not Path(args.spy).exists():
        ap.error("no compiler: %s does not exist (run `make bootstrap`)" % args.spy)
    rows = []
    started: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="spy-bench-") as tmp:
        outdir = Path(tmp)
        runner = start_runner(outdir, args.timeout)
        if runner is None:
            return 1
        for name in names:
            rows.append(run_one(name, args, outdir, runner))
        if not args.no_startup:
            started = startup_rows(args, outdir, runner)
    print_table([r.cells() for r in rows] + [geomean_cells(rows)])
    if started:
        print()
        print_table(started, STARTUP_HEADER)
    if args.gc_stats:
        for r in rows:
            if r.times["spy"] is not None:
                print("\nGC statistics of %s (SPy, last run):" % r.name)
                print(r.gc_stats.rstrip() or "(nothing on stderr)")
    return 1 if any(r.failed for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
