"""Compiler speed: the native `spy` (stage2) against stage0 on the same
job, writing the C of the selfhost compiler itself, run side by side
through the launcher of run.py (best wall time of --repeat runs, peak RSS).

    python tools/bench/compiler.py [--spy build/stage2/spy] [--repeat N]
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

from run import ROOT, Failure, Runner, build_launcher, fmt_mib

SELFHOST = ROOT / "selfhost"


def count_lines(folder: Path) -> int:
    return sum(len(p.read_text().splitlines()) for p in folder.rglob("*.spy"))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spy", default=str(ROOT / "build" / "stage2" / "spy"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=300.0)
    args = ap.parse_args(argv)
    source = str(SELFHOST / "main.spy")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    rows = [["compiler", "cwrite selfhost/main.spy", "peak RSS MiB", "ratio"]]
    with tempfile.TemporaryDirectory(prefix="spy-bench-") as tmp:
        outdir = Path(tmp)
        try:
            runner = Runner(build_launcher(outdir), outdir, args.timeout)
            jobs = [
                ("stage0 (CPython)", [sys.executable, "-m", "stage0"]),
                ("spy (stage2)", [args.spy]),
            ]
            times: list[float] = []
            for label, prefix in jobs:
                argv_ = prefix + ["cwrite", source, "-o", str(outdir / "c")]
                m = runner.measure(argv_, args.repeat, env)
                times.append(m.best)
                rows.append([label, "%.3f s" % m.best, fmt_mib(m.peak_mib), ""])
        except Failure as e:
            print(e, file=sys.stderr)
            return 1
    rows[2][3] = "%.0fx faster" % (times[0] / times[1])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(" | ".join(row[i].ljust(widths[i]) for i in range(len(row))).rstrip())
    print("\nselfhost/: %d lines of SPy" % count_lines(SELFHOST))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
