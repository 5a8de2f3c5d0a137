"""The Lox VM of examples/lox, written in SPy: its corpus, GC stress, the
interpreter, its command line, and bad input.

- Every program of `examples/lox/tests/` runs on `build/bin/lox` (built by
  `make bootstrap` with `spy build -O2`) and must behave as its comments
  say (`examples/lox/tests/runner.py` reads them): stdout, compile errors,
  runtime errors with their trace, exit status.
- The same again (but for NO_GC_STRESS) with `SPY_GC_STRESS=1`, a full
  collection at every allocation, on the VM built with
  `-DSPY_CHECK_UNCHECKED` (`checked_lox`): Lox objects are SPy objects, so
  this stresses the VM's garbage collection too (a root the VM forgot
  would show here), and the reads the interpreter loop makes without
  bounds checks (`Unchecked` in chunk.spy) are checked.
- One program in INTERP_EVERY runs in SPy's interpreter
  (`build/bin/spy examples/lox/main.spy PROGRAM`), which must agree.
- The command line: usage errors, unreadable files, the REPL.
- Mutants of the corpus programs (tokens deleted or duplicated, random
  bytes, huge literals, deep nesting), on `checked_lox` too: the VM must
  end with one of its own
  statuses (0, 65 or 70) and, on an error, say which; it must never die of
  a signal or end in a panic of SPy itself. A mutant may loop forever, so
  running past MUTANT_TIMEOUT seconds is no failure.
"""

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOX = ROOT / "build/bin/lox"
SPY = ROOT / "build/bin/spy"
sys.path.insert(0, str(ROOT / "examples/lox/tests"))
import runner

CORPUS = runner.corpus()
INTERP_EVERY = 8
MUTANTS = 400
MUTANT_CHUNKS = 8
MUTANT_TIMEOUT = 2.0
# Under GC stress every allocation scans the whole stack, so a program that
# allocates while 10,000 calls deep in the compiler takes minutes.
NO_GC_STRESS = {
    "examples/lox/tests/limit/deep_nesting_within_limit.lox",
    "examples/lox/tests/limit/too_much_nesting.lox",
}
SEED = 20261207

needs_lox = pytest.mark.skipif(not LOX.exists(), reason="run `make bootstrap` first")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPY_GC")}
    env.update(extra)
    return env


@needs_lox
@pytest.mark.parametrize("path", CORPUS)
def test_corpus(path: str) -> None:
    failure = runner.check([str(LOX)], str(ROOT / path), env=_env())
    assert failure is None, failure


@pytest.fixture(scope="session")
def checked_lox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The VM built as `make lox` builds it, but for -DSPY_CHECK_UNCHECKED:
    an index out of range in the interpreter loop panics (IndexError)."""
    exe = tmp_path_factory.mktemp("checked") / "lox"
    cc = (os.environ.get("CC", "") or "cc") + " -DSPY_CHECK_UNCHECKED"
    main = str(ROOT / "examples/lox/main.spy")
    proc = subprocess.run(
        [str(SPY), "build", "-O2", main, "-o", str(exe)],
        capture_output=True,
        text=True,
        env=_env(CC=cc),
    )
    assert proc.returncode == 0, proc.stderr
    return exe


@needs_lox
@pytest.mark.parametrize("path", [p for p in CORPUS if p not in NO_GC_STRESS])
def test_corpus_gc_stress(path: str, checked_lox: Path) -> None:
    env = _env(SPY_GC_STRESS="1")
    failure = runner.check([str(checked_lox)], str(ROOT / path), env=env)
    assert failure is None, failure


@needs_lox
@pytest.mark.parametrize("path", CORPUS[::INTERP_EVERY])
def test_corpus_interpreted(path: str) -> None:
    cmd = [str(SPY), str(ROOT / "examples/lox/main.spy")]
    failure = runner.check(cmd, str(ROOT / path), env=_env(), timeout=120)
    assert failure is None, failure


def _run(args: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LOX), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=30,
    )


@needs_lox
def test_usage_error() -> None:
    proc = _run(["a.lox", "b.lox"])
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        64,
        "",
        "Usage: lox [path]\n",
    )


@needs_lox
def test_unreadable_file(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.lox")
    proc = _run([missing])
    assert proc.returncode == 74
    assert proc.stderr == 'Could not open file "%s".\n' % missing


@needs_lox
def test_repl_keeps_state_across_lines() -> None:
    lines = 'var a = "hi";\nfun f() { return a + "!"; }\nprint f();\nprint b;\nprint 1 +;\nprint 2;\n'
    proc = _run([], stdin=lines)
    assert proc.returncode == 0
    assert proc.stdout == "> " * 3 + "hi!\n" + "> " * 3 + "2\n> \n"
    assert proc.stderr == (
        "Undefined variable 'b'.\n[line 1] in script\n[line 1] Error at ';': Expect expression.\n"
    )


# --- Mutants ------------------------------------------------------------

TOKEN_RE = re.compile(r'"[^"]*"?|\d+(?:\.\d+)?|[A-Za-z_]\w*|//[^\n]*|[!=<>]=|\S')
HUGE = ["1" * 400, "0." + "0" * 400 + "1", '"' + "x" * 100000 + '"', "9" * 310 + ".5"]


def _mutate(text: str, rng: random.Random) -> str:
    tokens = [m for m in TOKEN_RE.finditer(text)]
    kind = rng.randrange(6)
    if kind == 0 and tokens:  # delete a token
        t = rng.choice(tokens)
        return text[: t.start()] + text[t.end() :]
    if kind == 1 and tokens:  # duplicate a token
        t = rng.choice(tokens)
        return text[: t.end()] + " " + t.group() + text[t.end() :]
    if kind == 2:  # random bytes
        at = rng.randrange(len(text) + 1)
        junk = "".join(chr(rng.randrange(1, 256)) for _ in range(rng.randrange(1, 8)))
        return text[:at] + junk + text[at:]
    if kind == 3 and tokens:  # a huge literal for a token
        t = rng.choice(tokens)
        return text[: t.start()] + rng.choice(HUGE) + text[t.end() :]
    if kind == 4:  # deep nesting of expressions, blocks or calls
        depth = rng.choice([100, 5000, 50000])
        shape = rng.choice(
            [
                "(" * depth + "1" + ")" * depth,
                "{" * depth + "}" * depth,
                "-" * depth + "1",
                "f" + "()" * depth,
            ]
        )
        return text + "\nprint " + shape + ";\n"
    # truncate
    return text[: rng.randrange(len(text) + 1)]


def _mutant_problem(lox: Path, source: str, path: Path) -> str | None:
    path.write_bytes(source.encode("utf-8", "surrogateescape"))
    try:
        proc = subprocess.run(
            [str(lox), str(path)],
            capture_output=True,
            env=_env(),
            timeout=MUTANT_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return None
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode == 65 and re.search(r"^\[line \d+\] Error", stderr, re.M):
        return None
    if proc.returncode == 70 and re.search(r"^\[line \d+\] in ", stderr, re.M):
        return None
    if proc.returncode == 0:
        return None
    return "status %d, stderr:\n%s" % (proc.returncode, stderr[-2000:])


@needs_lox
@pytest.mark.parametrize("chunk", range(MUTANT_CHUNKS))
def test_mutants(chunk: int, tmp_path: Path, checked_lox: Path) -> None:
    failures: list[str] = []
    for index in range(chunk, MUTANTS, MUTANT_CHUNKS):
        rng = random.Random(SEED + index)
        original = rng.choice(CORPUS)
        source = _mutate((ROOT / original).read_text(), rng)
        mutant = tmp_path / ("mutant%d.lox" % index)
        problem = _mutant_problem(checked_lox, source, mutant)
        if problem is not None:
            failures.append(
                "mutant %d of %s: %s\n%s" % (index, original, problem, source[:1500])
            )
    assert not failures, "\n\n".join(failures[:3])
