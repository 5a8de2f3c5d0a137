"""The differential fuzzer in the suite: generated programs agree with CPython.

Each case runs a chunk of fixed seeds through `tools/fuzz/run.py`'s `check`:
the program of each seed (`tools/fuzz/gen.py`) must be accepted by stage0,
stage1 and stage2 with identical C, built with no C compiler output, and
print what CPython prints for the same text after `tools/fuzz/shim.py`'s
prelude, with the same exit status. The features of `gen.KNOWN_BUGS` that
are still off stay off here. To look at a failing seed:

    .venv/bin/python tools/fuzz/run.py --seeds N --jobs 1 --out /tmp/fz

which shrinks it and writes /tmp/fz/seed-N.spy (docs/testing.md section 8).
"""

import sys
import tempfile
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parent.parent / "tools" / "fuzz"
sys.path.insert(0, str(FUZZ))

import gen  # noqa: E402
import run  # noqa: E402

SEEDS_PER_CHUNK = 8
CHUNKS = 30  # seeds 0 .. 239
FIRST_SEED = 0


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_fuzz_chunk(chunk: int) -> None:
    missing = run.missing_engines()
    if missing:
        pytest.skip("not built: " + ", ".join(missing) + " (make bootstrap)")
    start = FIRST_SEED + chunk * SEEDS_PER_CHUNK
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="spyfuzz-") as tmp:
        for seed in range(start, start + SEEDS_PER_CHUNK):
            p = gen.generate(seed)
            o = run.check(p.render(), p.features(), Path(tmp) / str(seed))
            if o.failures:
                problems.append(
                    "seed %d: %s\n%s"
                    % (seed, " ".join(o.failures), "\n".join(o.details)[:3000])
                )
    assert not problems, "\n\n".join(problems)


def test_generator_is_deterministic() -> None:
    assert gen.generate(17).render() == gen.generate(17).render()
    assert gen.generate(17).render() != gen.generate(18).render()


def test_known_bug_features_are_off_by_default() -> None:
    # a feature left off must not be generated unless asked for
    for seed in range(40):
        assert gen.generate(seed).features() <= {
            f for f, on in gen.KNOWN_BUGS.items() if on
        }


def test_every_flag_can_be_generated() -> None:
    seen: set[str] = set()
    for seed in range(200):
        seen |= gen.generate(seed, set(gen.KNOWN_BUGS)).features()
    assert seen >= set(gen.KNOWN_BUGS) - {"gcc-warnings"}


def test_shrink_keeps_a_failure() -> None:
    # a fake check: the program fails while it prints the marker
    p = gen.generate(3)
    marker = gen.Stmt(['print("MARK")'])
    p.funcs[0].body.insert(0, marker)

    def fails(q: gen.Program) -> bool:
        return "MARK" in q.render()

    small = run.shrink_with(p, fails)
    assert "MARK" in small.render()
    assert len(small.funcs) == 1
    assert sum(len(f.body) for f in small.funcs) <= 2
