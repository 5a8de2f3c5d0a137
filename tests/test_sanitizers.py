"""Every corpus program that runs, built under AddressSanitizer and UBSan:
the C that stage0 writes, compiled with the sanitizer flags at -O0 (four
times faster to compile than -O1, and the checks are the same) and linked
against `build/libspy/libspy-san.a` (the runtime built with the same
flags, libspy/meson.build), must behave as its header says (the harness's
checks) and the sanitizers must report nothing. Runs with and without
SPY_GC_STRESS=1, so that the collector runs at every allocation, and with
SPY_CHECK_UNCHECKED, so that `unsafe.unchecked` items are bounds-checked.

Skipped until `make bootstrap` has built libspy-san.a (meson builds it
only where the C compiler can link a sanitized program).
"""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

import harness
from stage0.build import C_WARNINGS

ROOT = harness.ROOT
SAN_LIB = ROOT / "build" / "libspy" / "libspy-san.a"
INCLUDE = ROOT / "libspy" / "include"

# the flags of libspy-san.a (libspy_san_args in libspy/meson.build)
SAN_FLAGS = [
    "-fsanitize=address,undefined",
    "-fno-sanitize-recover=all",
    "-fno-omit-frame-pointer",
    # the items the stdlib reads with unsafe.unchecked are checked here
    # (spy.h): a wrong proof panics instead of going unseen
    "-DSPY_CHECK_UNCHECKED",
]

# The runtime's options, one reason each:
# - detect_leaks=0: the GC frees nothing at exit, by design (the OS takes
#   the heap back), so every live object would be reported as a leak;
# - detect_stack_use_after_return=0: with it, locals live in a "fake
#   stack" on the heap, where the GC's conservative scan of the C stack
#   cannot see them, and live objects would be collected;
# - abort_on_error=0, exitcode=99: a report ends the run with status 99,
#   which no corpus program expects, plus the report on stderr;
# - halt_on_error / print_stacktrace: UBSan stops at its first report and
#   says where it came from.
SAN_ENV = {
    "ASAN_OPTIONS": "detect_leaks=0:detect_stack_use_after_return=0"
    ":abort_on_error=0:exitcode=99",
    "UBSAN_OPTIONS": "halt_on_error=1:print_stacktrace=1:exitcode=99",
}

PROGRAMS = [
    p
    for p in harness.discover()
    if p.kind != "compile-error"
    and p.header_error is None
    and p.engine_skip_reason(harness.ENGINES[0]) is None
]


def sanitized_build(prog: harness.Program, workdir: Path) -> harness.Result:
    """cwrite `prog` with stage0, then compile it with the sanitizers."""
    cdir = workdir / "c"
    status, out, err = harness.stage0_cli(["cwrite", str(prog.path), "-o", str(cdir)])
    if status != 0:
        return harness.Result(["spy", "cwrite", str(prog.path)], status, out, err)
    c_files = sorted(str(p) for p in cdir.glob("*.c"))
    argv = (
        ["cc", "-std=c99", "-O0", "-g", "-ffp-contract=off"]
        + list(C_WARNINGS)
        + SAN_FLAGS
        + ["-I" + str(INCLUDE)]
        + c_files
        + [str(SAN_LIB), "-lm", "-o", str(workdir / "prog")]
    )
    return harness.run_command(argv, workdir, dict(os.environ), 120)


def sanitized_run(exe: Path, gc_stress: bool) -> harness.Result:
    env = dict(os.environ)
    env.pop("SPY_GC_STRESS", None)
    env.pop("SPY_GC_STATS", None)
    env.update(SAN_ENV)
    note = "ASAN_OPTIONS=... UBSAN_OPTIONS=..."
    if gc_stress:
        env["SPY_GC_STRESS"] = "1"
        note += " SPY_GC_STRESS=1"
    with tempfile.TemporaryDirectory(prefix="spy-san-") as cwd:
        # sanitized programs are slower: give them more time
        return harness.run_command(
            [str(exe)], Path(cwd), env, 6 * harness.RUN_TIMEOUT, note
        )


@pytest.mark.skipif(
    not SAN_LIB.exists(), reason="build/libspy/libspy-san.a is not built"
)
@pytest.mark.parametrize("prog", PROGRAMS, ids=[p.name for p in PROGRAMS])
def test_sanitized(prog: harness.Program, tmp_path: Path) -> None:
    if prog.pending:
        pytest.xfail("pending: not implemented yet")
    bres = sanitized_build(prog, tmp_path)
    if bres.status != 0 or bres.stderr != "":
        pytest.fail(
            harness.report(
                prog, ["the sanitized build failed or printed"], bres, "build"
            ),
            pytrace=False,
        )
    for gc_stress in (False, True):
        rres = sanitized_run(tmp_path / "prog", gc_stress)
        problems = harness.check_run(prog, rres)
        for word in ("AddressSanitizer", "runtime error:", "UndefinedBehavior"):
            if word in rres.stderr:
                problems.append("a sanitizer reported on stderr (%s)" % word)
        if problems:
            pytest.fail(
                harness.report(prog, problems, rres, "sanitized run failed"),
                pytrace=False,
            )


STAGE1_C = ROOT / "build" / "stage1" / "main.c"
# meson.build: selfhost_split
STAGE1_SPLIT = 6


@pytest.mark.skipif(
    not SAN_LIB.exists() or not STAGE1_C.exists(),
    reason="build/libspy/libspy-san.a or build/stage1/main.c is not built",
)
def test_sanitized_selfhost(tmp_path: Path) -> None:
    """The compiler itself, the biggest SPy program, sanitized: it compiles
    itself (with the collector run every 5000 allocations) to the same C
    as stage1, and compiles a sample of the corpus."""
    exe = tmp_path / "spy"
    argv = (
        ["cc", "-std=c99", "-O0", "-ffp-contract=off"]
        + list(C_WARNINGS)
        + SAN_FLAGS
        + ["-I" + str(INCLUDE)]
        + [str(p) for p in sorted(STAGE1_C.parent.glob("main*.c"))]
        + [str(SAN_LIB), "-lm", "-o", str(exe)]
    )
    res = harness.run_command(argv, tmp_path, dict(os.environ), 300)
    assert res.status == 0 and res.stderr == "", res.stderr
    env = dict(os.environ)
    env.update(SAN_ENV)
    env["SPY_HOME"] = str(ROOT / "build" / "lib" / "spy")
    env["SPY_GC_STRESS"] = "5000"
    out = tmp_path / "self"
    main = ROOT / "selfhost" / "main.spy"
    res = harness.run_command(
        [str(exe), "cwrite", str(main), "-o", str(out), "--split", str(STAGE1_SPLIT)],
        tmp_path,
        env,
        600,
    )
    assert res.status == 0 and res.stderr == "", res.stderr
    written = sorted(out.iterdir())
    assert len(written) == STAGE1_SPLIT + 2
    for path in written:
        assert path.read_bytes() == (STAGE1_C.parent / path.name).read_bytes()
    env.pop("SPY_GC_STRESS")
    for prog in harness.discover()[::10]:
        res = harness.run_command(
            [str(exe), "cwrite", str(prog.path), "-o", str(tmp_path / "c")],
            tmp_path,
            env,
            120,
        )
        assert res.status in (0, 1), res.stderr
        assert "Sanitizer" not in res.stderr and "runtime error:" not in res.stderr
