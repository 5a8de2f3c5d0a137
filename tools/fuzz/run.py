"""The differential fuzzer: generate, run on every engine and CPython, shrink.

    python tools/fuzz/run.py --seeds 0:5000 --jobs 2
    python tools/fuzz/run.py --seeds 1234 --show        # print one program
    python tools/fuzz/run.py --seeds 0:500 --flag assign-order

For each seed, `gen.generate(seed)` makes a program; `check` runs it:

1. `cwrite` with stage0 (`python -m stage0`, run in this process), stage1
   (`build/stage1/spy`) and stage2 (`build/bin/spy`): all three must
   accept it and write the same C (when they do not, each engine also
   builds and runs its own);
2. `build/bin/spy build`: the C compiler must print nothing (no warning
   may reach the user), and the executable runs;
3. CPython runs the same text after `shim.PRELUDE`;

and the program passes when the stdout and the exit status agree. A
failing seed is shrunk (`shrink`: drop whole functions, then statements,
then replace a compound statement by one of its blocks, while the same kind
of failure remains) and the reproducer is written to `--out`
(`seed-N.spy`, with the failure in its header).

`--flag NAME` turns on a feature of `gen.KNOWN_BUGS` (`--all-flags`: every
one); a program that uses such a feature and that every engine rejects
with the text of `gen.ACCEPTED_ERRORS[NAME]` counts as agreeing.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# gen and shim beside this file; stage0, and the corpus harness's way of
# running it in this process
for _p in (str(Path(__file__).resolve().parent), str(ROOT), str(ROOT / "tests")):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import gen  # noqa: E402
import harness  # noqa: E402
import shim  # noqa: E402

RUN_TIMEOUT = 20
BUILD_TIMEOUT = 120


@dataclass(frozen=True)
class Engine:
    name: str
    argv: tuple[str, ...]


def engines() -> list[Engine]:
    """stage0, stage1 and stage2; stage2 (`build/bin/spy`) builds the
    executable."""
    return [
        Engine("stage0", (sys.executable, "-m", "stage0")),
        Engine("stage1", (str(ROOT / "build" / "stage1" / "spy"),)),
        Engine("stage2", (str(ROOT / "build" / "bin" / "spy"),)),
    ]


def missing_engines() -> list[str]:
    return [e.argv[0] for e in engines()[1:] if not os.path.exists(e.argv[0])]


@dataclass
class Outcome:
    """What one program did: `failures` are short kinds such as
    `stdout:stage2` or `cc-output:stage2`, `details` the evidence."""

    failures: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    accepted: str = ""

    def fail(self, kind: str, detail: str) -> None:
        self.failures.append(kind)
        self.details.append("== " + kind + "\n" + detail.rstrip("\n"))


def run(argv: list[str], timeout: int, cwd: Path = ROOT) -> tuple[int, str, str]:
    try:
        p = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            cwd=cwd,
        )
    except subprocess.TimeoutExpired:
        return -1000, "", "timeout"
    return p.returncode, p.stdout, p.stderr


def cwrite(e: Engine, prog: Path, outdir: Path) -> tuple[int, str, str]:
    argv = ["cwrite", str(prog), "-o", str(outdir)]
    if e.name == "stage0":
        # in this process: starting Python is most of a subprocess's time
        r = harness.stage0_in_process(argv, BUILD_TIMEOUT)
        if r.timed_out:
            return -1000, r.stdout, "timeout"
        if r.error:
            return 1000, r.stdout, r.stderr + r.error
        return r.status or 0, r.stdout, r.stderr
    return run(list(e.argv) + argv, BUILD_TIMEOUT)


def read_c(folder: Path) -> str:
    return "".join(
        p.read_text() for p in sorted(folder.glob("*.c")) + sorted(folder.glob("*.h"))
    )


def check(
    text: str, features: set[str], work: Path, only: list[str] | None = None
) -> Outcome:
    """Run `text` on the engines (or those named in `only`) and CPython."""
    out = Outcome()
    work.mkdir(parents=True, exist_ok=True)
    prog = work / "fz.spy"
    prog.write_text(text)
    py = work / "fz_py.py"
    py.write_text(shim.python_source(text))
    pstatus, pout, perr = run([sys.executable, str(py)], RUN_TIMEOUT, cwd=work)
    if pstatus == -1000:
        out.fail("python-timeout", "")
        return out
    engs = [e for e in engines() if only is None or e.name in only]
    csrc: dict[str, str] = {}
    rejected: dict[str, str] = {}
    for e in engs:
        cdir = work / ("c_" + e.name)
        shutil.rmtree(cdir, ignore_errors=True)
        status, _, err = cwrite(e, prog, cdir)
        if status != 0:
            rejected[e.name] = err
        else:
            csrc[e.name] = read_c(cdir)
    if rejected:
        for f in sorted(features):
            want = gen.ACCEPTED_ERRORS.get(f)
            if (
                want
                and len(rejected) == len(engs)
                and all(want in err for err in rejected.values())
            ):
                out.accepted = f
                return out
        for name, err in rejected.items():
            out.fail("rejected:" + name, err)
        return out
    builders = [engs[-1]]
    first = csrc[engs[-1].name]
    for e in engs[:-1]:
        if csrc[e.name] != first:
            out.fail("c-differs:" + e.name, "")
            builders.append(e)
    for e in builders:
        exe = work / ("exe_" + e.name)
        status, bout, berr = run(
            list(e.argv) + ["build", str(prog), "-o", str(exe)], BUILD_TIMEOUT
        )
        if status != 0:
            out.fail("build-failed:" + e.name, berr)
            continue
        if berr != "" or bout != "":
            out.fail("cc-output:" + e.name, berr + bout)
        status, sout, serr = run([str(exe)], RUN_TIMEOUT, cwd=work)
        if status == -1000:
            out.fail("timeout:" + e.name, "")
        elif status < 0 or status >= 128:
            out.fail("crash:" + e.name, "signal/status %d\n%s" % (status, serr[-2000:]))
        elif status != pstatus:
            out.fail(
                "status:" + e.name,
                "spy %d, python %d\nspy stderr:\n%s\npython stderr:\n%s"
                % (status, pstatus, serr[-1500:], perr[-1500:]),
            )
        elif sout != pout:
            out.fail("stdout:" + e.name, diff(sout, pout))
    return out


def diff(spy: str, python: str) -> str:
    a, b = spy.splitlines(), python.splitlines()
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else "<end>"
        y = b[i] if i < len(b) else "<end>"
        if x != y:
            return "line %d\n  spy:    %s\n  python: %s" % (i + 1, x[:400], y[:400])
    return "same lines, different bytes"


# ---------------------------------------------------------------- shrinking


def kind_of(failure: str) -> str:
    return failure.split(":")[0]


def signature(o: Outcome) -> str:
    """What a shrunk program must still show: the kind of the first
    failure, and for a rejection its message."""
    if not o.failures:
        return ""
    kind = kind_of(o.failures[0])
    if kind == "rejected":
        for line in o.details[0].splitlines():
            if line.startswith("error:"):
                return kind + "|" + line
    return kind


SHRINK_BUDGET = 300  # checks per shrink


def still_fails(
    p: gen.Program, want: str, work: Path, only: list[str], budget: list[int]
) -> bool:
    budget[0] -= 1
    if budget[0] < 0:
        return False
    o = check(p.render(), p.features(), work, only)
    return signature(o) == want


def shrink(p: gen.Program, want: str, work: Path, only: list[str]) -> gen.Program:
    """The smallest program found that still fails with signature `want`."""
    budget = [SHRINK_BUDGET]
    return shrink_with(p, lambda q: still_fails(q, want, work, only, budget))


def shrink_with(p: gen.Program, fails: Callable[[gen.Program], bool]) -> gen.Program:
    """Remove functions and statements while `fails` holds (greedy, to a
    fixed point)."""
    changed = True
    while changed:
        changed = False
        for i in range(len(p.funcs) - 1, -1, -1):
            cand = gen.Program(
                p.seed,
                p.decls,
                p.funcs[:i] + p.funcs[i + 1 :],
                p.main_pre,
                p.main_post,
                p.uses,
            )
            if fails(cand):
                p, changed = cand, True
        for f in p.funcs:
            for cand_body in block_variants(f.body):
                old = f.body
                f.body = cand_body
                if fails(p):
                    changed = True
                    break
                f.body = old
    return p


def block_variants(block: list[gen.Node]) -> list[list[gen.Node]]:
    """Smaller versions of `block`: one statement dropped, one compound
    replaced by one of its blocks, or one inner block made smaller."""
    out: list[list[gen.Node]] = []
    for i, n in enumerate(block):
        if not n.fixed:
            out.append(block[:i] + block[i + 1 :])
    for i, n in enumerate(block):
        if isinstance(n, gen.Compound):
            for b in n.bodies:
                inner = [s for s in b if not s.fixed]
                out.append(block[:i] + inner + block[i + 1 :])
            for j, b in enumerate(n.bodies):
                for smaller in block_variants(b):
                    bodies = n.bodies[:j] + [smaller] + n.bodies[j + 1 :]
                    c = gen.Compound(n.heads, bodies, n.pre, n.uses, n.fixed)
                    out.append(block[:i] + [c] + block[i + 1 :])
    return out


# ---------------------------------------------------------------- driver


@dataclass
class SeedResult:
    seed: int
    failures: list[str]
    details: list[str]
    features: list[str]
    accepted: str
    reproducer: str = ""


def run_seed(
    seed: int, flags: list[str], nfuncs: int, out_dir: str, do_shrink: bool
) -> SeedResult:
    p = gen.generate(seed, set(flags), nfuncs)
    with tempfile.TemporaryDirectory(prefix="spyfuzz-") as tmp:
        work = Path(tmp)
        o = check(p.render(), p.features(), work)
        res = SeedResult(seed, o.failures, o.details, sorted(p.features()), o.accepted)
        if o.failures and out_dir:
            want = signature(o)
            only = sorted(
                {f.split(":")[1] for f in o.failures if ":" in f} | {"stage2"}
            )
            small = shrink(p, want, work, only) if do_shrink else p
            final = check(small.render(), small.features(), work, only)
            path = Path(out_dir) / ("seed-%d.spy" % seed)
            path.parent.mkdir(parents=True, exist_ok=True)
            head = "# fuzz seed %d, flags %s\n# failure: %s\n# features: %s\n" % (
                seed,
                ",".join(flags) or "-",
                " ".join(final.failures or o.failures),
                ",".join(sorted(small.features())) or "-",
            )
            note = "".join(
                "# " + line + "\n"
                for line in "\n".join(final.details or o.details).splitlines()[:30]
            )
            path.write_text(head + note + small.render())
            res.reproducer = str(path)
    return res


def parse_seeds(text: str) -> list[int]:
    seeds: list[int] = []
    for part in text.split(","):
        if ":" in part:
            a, b = part.split(":")
            seeds.extend(range(int(a), int(b)))
        else:
            seeds.append(int(part))
    return seeds


def main() -> int:
    ap = argparse.ArgumentParser(
        description="differential fuzzer: SPy engines against CPython"
    )
    ap.add_argument(
        "--seeds", default="0:100", help="A:B (half-open), or N, or a comma list"
    )
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument(
        "--flag", action="append", default=[], choices=sorted(gen.KNOWN_BUGS)
    )
    ap.add_argument(
        "--all-flags", action="store_true", help="turn on every KNOWN_BUGS feature"
    )
    ap.add_argument(
        "--funcs", type=int, default=4, help="generated functions per program"
    )
    ap.add_argument(
        "--out", default="fuzz-findings", help="folder for shrunk reproducers"
    )
    ap.add_argument("--no-shrink", action="store_true")
    ap.add_argument(
        "--show", action="store_true", help="print the programs, run nothing"
    )
    args = ap.parse_args()
    flags = sorted(gen.KNOWN_BUGS) if args.all_flags else args.flag
    seeds = parse_seeds(args.seeds)
    if args.show:
        for s in seeds:
            print(gen.generate(s, set(flags), args.funcs).render(), end="")
        return 0
    if missing_engines():
        print(
            "missing: " + ", ".join(missing_engines()) + " (run `make bootstrap`)",
            file=sys.stderr,
        )
        return 2
    bad = 0
    accepted = 0
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futs = [
            pool.submit(run_seed, s, flags, args.funcs, args.out, not args.no_shrink)
            for s in seeds
        ]
        for fut in futs:
            r = fut.result()
            if r.accepted:
                accepted += 1
            if r.failures:
                bad += 1
                print(
                    "seed %d: %s  [%s] -> %s"
                    % (
                        r.seed,
                        " ".join(r.failures),
                        ",".join(r.features),
                        r.reproducer,
                    ),
                    flush=True,
                )
    print(
        "%d programs, %d failed, %d rejected as accepted" % (len(seeds), bad, accepted)
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
