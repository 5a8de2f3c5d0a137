"""selfhost mirrors stage0: for every corpus program, the phase-printing
commands of `build/stage1/spy` (parse, symtable, imports, redshift,
colorize) print what stage0 prints, with the same stderr and exit status;
so do the usage errors. stage0 runs in-process, stage1 as a subprocess.
Skipped until `make bootstrap` has built stage1."""

import pytest

import harness

SPY1 = harness.ROOT / "build" / "stage1" / "spy"
COMMANDS = ["parse", "symtable", "imports", "redshift", "colorize"]
CHUNKS = 8
PROGRAMS = [p for p in harness.program_paths() if harness.twins_agree_on(p)]


def run_stage1(argv: list[str]) -> tuple[int, str, str]:
    return harness.native_cli(SPY1, argv)


def need_stage1() -> None:
    if not SPY1.exists():
        pytest.skip("build/stage1/spy does not exist: run `make bootstrap`")


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_phase_commands_match_stage0(chunk: int) -> None:
    need_stage1()
    problems: list[str] = []
    for i, prog in enumerate(PROGRAMS):
        if i % CHUNKS != chunk:
            continue
        for cmd in COMMANDS:
            argv = [cmd, str(prog)]
            want = harness.stage0_cli(argv)
            got = run_stage1(argv)
            if got != want:
                name = prog.relative_to(harness.PROGRAMS)
                problems.append(
                    "spy %s %s: stage0 gave status %d\n%s%s\nstage1 gave status %d\n%s%s"
                    % (
                        cmd,
                        name,
                        want[0],
                        want[1][:2000],
                        want[2],
                        got[0],
                        got[1][:2000],
                        got[2],
                    )
                )
    assert problems == [], "\n\n".join(problems[:5])


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["frobnicate", "x.spy"],
        ["build"],
        ["cwrite", "x.spy"],
        ["build", "x.spy", "-O9"],
        ["parse", "no/such/file.spy"],
        ["build", "x.spy", "--target"],
        ["cwrite", "x.spy", "-o", "d", "--split"],
        ["cwrite", "x.spy", "-o", "d", "--split", "0"],
        ["cwrite", "x.spy", "-o", "d", "--split", "65"],
        ["cwrite", "x.spy", "-o", "d", "--split", "+3"],
        ["build", "x.spy", "--split", "2"],
        ["build", "x.spy", "--target", "pyext", "-x"],
        ["build", "x.spy", "--no-compile"],
        ["build", "x.spy", "--target", "pyext", "--python"],
        ["cwrite", "x.spy", "-o", "d", "--python", "p"],
    ],
)
def test_usage_matches_stage0(argv: list[str]) -> None:
    need_stage1()
    want = harness.stage0_cli(argv)
    got = run_stage1(argv)
    assert got == want
