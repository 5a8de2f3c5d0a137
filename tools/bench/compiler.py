"""Compiler speed: the native `spy` (stage2) against stage0 on the same
job, writing the C of the selfhost compiler itself, run side by side
through the launcher of run.py (best wall time of --repeat runs, peak RSS);
and the selfhost compiler run from its source by the interpreter,
`build/bin/spy selfhost/main.spy cwrite ...` (--interp-repeat runs).

    python tools/bench/compiler.py [--spy build/stage2/spy] [--repeat N]
                                   [--interp build/bin/spy] [--interp-repeat N]
                                   [--no-interp] [--timeout SECONDS]

The ratio column compares each row with stage0.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

from run import (
    NATIVE_SPY,
    ROOT,
    Failure,
    first_error,
    fmt_mib,
    start_runner,
)

SELFHOST = ROOT / "selfhost"


def count_lines(folder: Path) -> int:
    return sum(len(p.read_text().splitlines()) for p in folder.rglob("*.spy"))


def ratio(base: float, t: float) -> str:
    """How t compares with stage0's time base."""
    if t <= base:
        return "%.1fx faster" % (base / t)
    return "%.1fx slower" % (t / base)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spy", default=str(ROOT / "build" / "stage2" / "spy"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--interp", default=str(NATIVE_SPY))
    ap.add_argument("--interp-repeat", type=int, default=1)
    ap.add_argument("--no-interp", action="store_true")
    ap.add_argument("--timeout", type=float, default=900.0)
    args = ap.parse_args(argv)
    source = str(SELFHOST / "main.spy")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    # the interpreted compiler, like the native one, finds its runtime next
    # to the executable
    env.pop("SPY_HOME", None)
    rows = [["compiler", "cwrite selfhost/main.spy", "peak RSS MiB", "ratio"]]
    jobs = [
        ("stage0 (CPython)", [sys.executable, "-m", "stage0"], args.repeat),
        ("spy (stage2)", [args.spy], args.repeat),
    ]
    if not args.no_interp:
        jobs.append(
            (
                "spy selfhost/main.spy (interpreter)",
                [args.interp, source],
                args.interp_repeat,
            )
        )
    failed = False
    with tempfile.TemporaryDirectory(prefix="spy-bench-") as tmp:
        outdir = Path(tmp)
        runner = start_runner(outdir, args.timeout)
        if runner is None:
            return 1
        base: float | None = None
        for label, prefix, repeat in jobs:
            print("  %s (%dx)" % (label, repeat), file=sys.stderr)
            argv_ = prefix + ["cwrite", source, "-o", str(outdir / "c")]
            try:
                m = runner.measure(argv_, repeat, env)
            except Failure as e:
                print(e, file=sys.stderr)
                head, _, rest = str(e).partition("\n")
                why = head.rstrip(":") + (": " + first_error(rest) if rest else "")
                rows.append([label, "-", "-", "failed: " + why])
                failed = True
                continue
            shown = ""
            if label.startswith("stage0"):
                base = m.best
            elif base is not None:
                shown = ratio(base, m.best)
            rows.append([label, "%.3f s" % m.best, fmt_mib(m.peak_mib), shown])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(" | ".join(row[i].ljust(widths[i]) for i in range(len(row))).rstrip())
    print("\nselfhost/: %d lines of SPy" % count_lines(SELFHOST))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
