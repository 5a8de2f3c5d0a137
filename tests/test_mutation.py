"""Mutation fuzzing of stage0: no input may crash the compiler.

Each mutant is a corpus program damaged in one way (truncated at a random
byte, a token deleted, two tokens swapped, a line duplicated, indentation
changed, random bytes or characters inserted, a number made huge, a name
replaced by another name of the file). It is compiled in-process with
`stage0.cli.main(["cwrite", PATH, "-o", DIR])`, which must either succeed
(status 0) or report an error (status 1, stderr starting with "error: ").
Any Python exception escaping the compiler is a failure, reported with the
mutant's source.

Of the mutants that compile, a seeded sample (5 per chunk, 100 in all) must
also give C that `cc -std=c99 -Wall -Wextra -Werror -c` accepts.

The same mutants also go through the native compiler, `build/bin/spy
cwrite` (once `make bootstrap` has built it): no segfault, no panic of the
compiler itself, no C that the C compiler rejects; only `error:` messages
with status 1. Every mutant that native `cwrite` accepts is then run in
the interpreter, `build/bin/spy MUTANT.spy`, for at most RUN_TIMEOUT
seconds (a mutant may well loop forever): it must not die of a signal nor
report an error of the interpreter itself (an `interp:` message, a
SystemError, a C function the interpreter cannot call, libspy's fatal
errors); its own output, panics and exit status are its business. A mutant
that imports `unsafe` may corrupt memory on its own (a `raw_free` line
duplicated frees twice): its crash counts only if the same mutant, compiled
with `build/bin/spy build`, does not crash too.

Everything is deterministic (SEED). The mutants are split into chunks so
pytest-xdist can spread them over workers. SPY_MUTANTS=N changes the total.
"""

import os
import random
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

import harness
from stage0.build import C_WARNINGS

SEED = 20251126
TOTAL = int(os.environ.get("SPY_MUTANTS", "2000"))
CHUNKS = 20
CC_PER_CHUNK = 5
TIMEOUT = 20  # seconds for one in-process cwrite
RUN_TIMEOUT = 5  # seconds for one run of a mutant in the interpreter

SOURCES = harness.program_paths()

# ---------------------------------------------------------------- mutations

TOKEN_RE = re.compile(
    r"""[A-Za-z_][A-Za-z_0-9]*
      | 0[xXoObB][0-9A-Fa-f_]+
      | \d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)? | \.\d+
      | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
      | \*\*|//|==|!=|<=|>=|->|<<|>>|\+=|-=|\*=
      | [-+*/%=<>()\[\]{}:.,@&|^~]
    """,
    re.VERBOSE,
)
NUMBER_RE = re.compile(
    r"(?<![\w.])(?:0[xX][0-9A-Fa-f_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)"
)
NAME_RE = re.compile(r"\b[A-Za-z_][A-Za-z_0-9]*\b")
KEYWORDS = {
    "def", "return", "if", "elif", "else", "while", "for", "in", "not", "and",
    "or", "is", "break", "continue", "pass", "import", "from", "as", "True",
    "False", "None", "assert", "raise", "var", "const", "lambda", "class",
}  # fmt: skip

HUGE = [
    "99999999999999999999999999999999",
    "18446744073709551616",
    "-9223372036854775809",
    "2147483648",
    "0xFFFFFFFFFFFFFFFFFFFF",
    "1e400",
    "1" + "0" * 400,
    "0.000000000000000000000000000000000000000000000000000001e-400",
]
SNIPPETS = [
    "def", "return", "@blue", "@blue.generic", "var ", "const ", ":", "\n",
    "\n    ", "\t", "(", ")", "[", "]", "{", "}", ",", '"""', "'", '"', "\\",
    "#", "->", "=", "==", "**", "//", "%", "lambda", "None", "import _x",
    "from __spy__ import COLOR", "[i32]", "i64(", "é", "🐍", "\x00", "\r",
    "\u2028", "\ufeff", "0x", "1_", "._", "f\"{x}\"", "b'x'", "try:",
]  # fmt: skip


def _tokens(text: str) -> list[re.Match[str]]:
    return [m for m in TOKEN_RE.finditer(text)]


def mut_truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def mut_insert_bytes(data: bytes, rng: random.Random) -> bytes:
    pos = rng.randrange(len(data) + 1)
    if rng.random() < 0.5:
        junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
    else:
        junk = rng.choice(SNIPPETS).encode("utf-8")
    return data[:pos] + junk + data[pos:]


def mut_delete_token(text: str, rng: random.Random) -> str:
    toks = _tokens(text)
    if not toks:
        return text
    t = rng.choice(toks)
    return text[: t.start()] + text[t.end() :]


def mut_swap_tokens(text: str, rng: random.Random) -> str:
    toks = _tokens(text)
    if len(toks) < 2:
        return text
    a, b = sorted(rng.sample(range(len(toks)), 2))
    ta, tb = toks[a], toks[b]
    return (
        text[: ta.start()]
        + tb.group()
        + text[ta.end() : tb.start()]
        + ta.group()
        + text[tb.end() :]
    )


def mut_duplicate_line(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return "\n".join(lines)


def mut_indent(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    line = lines[i]
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    choice = rng.randrange(4)
    if choice == 0:
        indent += rng.randint(1, 4)
    elif choice == 1:
        indent = max(0, indent - rng.randint(1, 4))
    elif choice == 2:
        indent = rng.choice([0, 4, 8, 12])
    else:
        lines[i] = "\t" + stripped
        return "\n".join(lines)
    lines[i] = " " * indent + stripped
    return "\n".join(lines)


def mut_huge_number(text: str, rng: random.Random) -> str:
    nums = list(NUMBER_RE.finditer(text))
    if not nums:
        return text
    m = rng.choice(nums)
    return text[: m.start()] + rng.choice(HUGE) + text[m.end() :]


def mut_rename(text: str, rng: random.Random) -> str:
    names = [m for m in NAME_RE.finditer(text) if m.group() not in KEYWORDS]
    if len(names) < 2:
        return text
    target = rng.choice(names)
    others = sorted({m.group() for m in names} - {target.group()})
    if not others:
        return text
    return text[: target.start()] + rng.choice(others) + text[target.end() :]


BYTE_MUTATIONS = {"truncate": mut_truncate, "insert": mut_insert_bytes}
TEXT_MUTATIONS = {
    "delete-token": mut_delete_token,
    "swap-tokens": mut_swap_tokens,
    "duplicate-line": mut_duplicate_line,
    "indent": mut_indent,
    "huge-number": mut_huge_number,
    "rename": mut_rename,
}
KINDS = sorted(BYTE_MUTATIONS) + sorted(TEXT_MUTATIONS)


@dataclass
class Mutant:
    index: int
    source: Path
    kind: str
    data: bytes

    def describe(self) -> str:
        rel = self.source.relative_to(harness.PROGRAMS)
        return "mutant #%d: %s of %s" % (self.index, self.kind, rel)


def make_mutant(index: int) -> Mutant:
    rng = random.Random("%d-%d" % (SEED, index))
    source = SOURCES[rng.randrange(len(SOURCES))]
    kind = rng.choice(KINDS)
    data = source.read_bytes()
    if kind in BYTE_MUTATIONS:
        data = BYTE_MUTATIONS[kind](data, rng)
    else:
        # surrogateescape: a program that is not valid UTF-8 keeps its bytes
        text = TEXT_MUTATIONS[kind](data.decode("utf-8", "surrogateescape"), rng)
        data = text.encode("utf-8", "surrogateescape")
    return Mutant(index, source, kind, data)


# ---------------------------------------------------------------- compiling


@dataclass
class Outcome:
    status: int | None
    stdout: str
    stderr: str
    error: str  # a Python traceback that escaped the compiler, or ""
    timed_out: bool = False


def cwrite_in_process(path: Path, outdir: Path) -> Outcome:
    run = harness.stage0_in_process(["cwrite", str(path), "-o", str(outdir)], TIMEOUT)
    return Outcome(run.status, run.stdout, run.stderr, run.error, run.timed_out)


SPY_BIN = harness.ROOT / "build" / "bin" / "spy"


def cwrite_native(path: Path, outdir: Path) -> Outcome:
    try:
        proc = subprocess.run(
            [str(SPY_BIN), "cwrite", str(path), "-o", str(outdir)],
            capture_output=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return Outcome(None, "", "", "", True)
    stdout = proc.stdout.decode("utf-8", "replace")
    stderr = proc.stderr.decode("utf-8", "replace")
    return Outcome(proc.returncode, stdout, stderr, "")


# what only the interpreter or the runtime says when it is at fault, never
# a program: the interpreter's own messages, its internal panics, libspy's
# last words, a C assertion
INTERNAL_RE = re.compile(
    r"^(error: )?interp:|^SystemError: |^NotImplementedError: the interpreter"
    r"|^Fatal error: |\(while handling a panic\)$|Assertion .* failed",
    re.MULTILINE,
)


UNSAFE_RE = re.compile(rb"^\s*(from\s+unsafe\s+import|import\s+unsafe)\b", re.M)


def _run_env() -> dict[str, str]:
    env = dict(os.environ)
    for key in ("SPY_HOME", "SPY_GC_STRESS", "SPY_GC_STATS"):
        env.pop(key, None)
    return env


def _crash(argv: list[str], cwd: Path, who: str) -> str | None:
    """Run argv (RUN_TIMEOUT seconds at most); a description of its crash,
    or None if it did not crash (a time-out is no crash)."""
    try:
        proc = subprocess.run(
            argv,
            cwd=cwd,
            env=_run_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=RUN_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return None
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode < 0:
        return "%s died of signal %d with stderr:\n%s" % (
            who,
            -proc.returncode,
            stderr[-3000:],
        )
    m = INTERNAL_RE.search(stderr)
    if m is not None:
        return "%s failed (%r), status %d, stderr:\n%s" % (
            who,
            m.group(0),
            proc.returncode,
            stderr[-3000:],
        )
    return None


def compiled_crashes(path: Path) -> bool:
    """Does the mutant, compiled with `build/bin/spy build`, crash too?"""
    exe = path.parent / "compiled"
    try:
        build = subprocess.run(
            [str(SPY_BIN), "build", path.name, "-o", str(exe)],
            cwd=path.parent,
            env=_run_env(),
            capture_output=True,
            timeout=TIMEOUT * 3,
        )
    except subprocess.TimeoutExpired:
        return False
    if build.returncode != 0:
        return False
    return _crash([str(exe)], path.parent, "the compiled mutant") is not None


def run_interp(path: Path) -> str | None:
    """Run a mutant that compiles in the interpreter, in its own folder;
    None if the interpreter behaved, else what went wrong."""
    problem = _crash([str(SPY_BIN), path.name], path.parent, "the interpreter")
    if problem is None:
        return None
    if UNSAFE_RE.search(path.read_bytes()) and compiled_crashes(path):
        # the mutant's own memory errors, as compiled code shows
        return None
    return problem


def judge(mutant: Mutant, outcome: Outcome) -> str | None:
    """None if the compiler behaved, else what went wrong."""
    if outcome.timed_out:
        # only blue code runs at compile time, and it may loop forever
        if b"@blue" in mutant.data:
            return None
        return "cwrite did not finish in %ds" % TIMEOUT
    if outcome.error:
        return "an exception escaped the compiler:\n" + outcome.error
    if outcome.status == 0:
        return None
    if outcome.status == 1 and outcome.stderr.startswith("error: "):
        return None
    return "status %r with stderr:\n%s" % (outcome.status, outcome.stderr[:3000])


def cc_check(outdir: Path) -> str | None:
    """Compile every C file cwrite wrote; None if cc accepts them all."""
    cfiles = sorted(outdir.rglob("*.c"))
    if not cfiles:
        return "cwrite succeeded but wrote no .c file"
    cc = os.environ.get("CC", "cc")
    include = harness.ROOT / "libspy" / "include"
    for c in cfiles:
        argv = [cc, "-std=c99", *C_WARNINGS, "-Werror", "-c", str(c)]
        argv += ["-I", str(include), "-I", str(outdir), "-o", os.devnull]
        p = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            return "%s failed:\n%s" % (" ".join(argv), p.stderr[:4000])
    return None


def failure_report(mutant: Mutant, problem: str, saved: Path) -> str:
    text = mutant.data.decode("utf-8", errors="backslashreplace")
    if len(text) > 4000:
        text = text[:4000] + "\n[... cut ...]"
    return "%s\n%s\nsaved as %s\n--- mutant source ---\n%s\n---" % (
        mutant.describe(),
        problem,
        saved,
        text,
    )


def _chunk_indices(chunk: int) -> range:
    size = (TOTAL + CHUNKS - 1) // CHUNKS
    return range(chunk * size, min(TOTAL, (chunk + 1) * size))


def _stage0_missing() -> str | None:
    if not (harness.ROOT / "stage0" / "cli.py").exists():
        return "stage0/cli.py does not exist yet"
    return None


def run_chunk(
    chunk: int,
    tmp_path: Path,
    compile_one: Callable[[Path, Path], Outcome],
    run_one: Callable[[Path], str | None] | None = None,
) -> None:
    """Compile the chunk's mutants with compile_one; C of a sample of those
    that compile goes through cc, and each of them through run_one (when
    given)."""
    failures = []
    accepted = []
    for index in _chunk_indices(chunk):
        mutant = make_mutant(index)
        workdir = tmp_path / ("m%d" % index)
        workdir.mkdir()
        # helpers next to the program, so that its imports still resolve
        for helper in mutant.source.parent.glob("_*.spy"):
            shutil.copy(helper, workdir / helper.name)
        path = workdir / mutant.source.name
        path.write_bytes(mutant.data)
        outdir = workdir / "out"
        outcome = compile_one(path, outdir)
        problem = judge(mutant, outcome)
        if problem is not None:
            failures.append(failure_report(mutant, problem, path))
        elif outcome.status == 0 and not outcome.timed_out:
            accepted.append((mutant, path, outdir))
        else:
            shutil.rmtree(workdir)
    if run_one is not None:
        for mutant, path, outdir in accepted:
            problem = run_one(path)
            if problem is not None:
                failures.append(failure_report(mutant, problem, path))
    rng = random.Random("%d-cc-%d" % (SEED, chunk))
    for mutant, path, outdir in rng.sample(accepted, min(CC_PER_CHUNK, len(accepted))):
        problem = cc_check(outdir)
        if problem is not None:
            failures.append(
                failure_report(mutant, "its C does not compile: " + problem, path)
            )
    if failures:
        shown = failures[:10]
        more = len(failures) - len(shown)
        tail = "\n(and %d more failures)" % more if more else ""
        pytest.fail(
            "%d of %d mutants failed\n\n" % (len(failures), len(_chunk_indices(chunk)))
            + "\n\n".join(shown)
            + tail,
            pytrace=False,
        )


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_mutants(chunk: int, tmp_path: Path) -> None:
    reason = _stage0_missing()
    if reason is not None:
        pytest.skip(reason)
    run_chunk(chunk, tmp_path, cwrite_in_process)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_mutants_native(chunk: int, tmp_path: Path) -> None:
    if not SPY_BIN.exists():
        pytest.skip("build/bin/spy does not exist: run `make bootstrap`")
    run_chunk(chunk, tmp_path, cwrite_native, run_interp)


def test_mutations_are_deterministic() -> None:
    assert make_mutant(7).data == make_mutant(7).data
    assert {make_mutant(i).kind for i in range(200)} == set(KINDS)
    changed = sum(
        make_mutant(i).data != make_mutant(i).source.read_bytes() for i in range(200)
    )
    assert changed > 150


def test_internal_errors_are_recognised() -> None:
    # what run_interp reports as the interpreter's fault, and what it leaves
    # to the program
    internal = [
        "error: interp: cannot run the C function `pow` in the interpreter\n",
        "Traceback (most recent call last):\nSystemError: interp: bad opcode 99\n",
        "NotImplementedError: the interpreter cannot call `spy_foo`\n",
        "Fatal error: segmentation fault (a bug in SPy or in libspy)\n",
        "ValueError: x\nMemoryError (while handling a panic)\n",
        "spy: gc.c:12: mark: Assertion `p != NULL' failed.\n",
    ]
    for text in internal:
        assert INTERNAL_RE.search(text) is not None, text
    program = [
        "",
        "Traceback (most recent call last):\n"
        '  File "p.spy", line 3, in main\n'
        "ValueError: interp: is what the program said\n",
        "error: mismatched types: expected `i32`, got `str`\n",
        "IndexError: list index out of range\n",
    ]
    for text in program:
        assert INTERNAL_RE.search(text) is None, text
    assert UNSAFE_RE.search(b"# x\nfrom unsafe import raw_alloc\n")
    assert UNSAFE_RE.search(b"import unsafe\n")
    assert not UNSAFE_RE.search(b"# unsafe code: none\nimport os\n")


def test_unsafe_crash_is_the_programs(tmp_path: Path) -> None:
    # a double free crashes the compiled program as well: not the
    # interpreter's fault
    if not SPY_BIN.exists():
        pytest.skip("build/bin/spy does not exist: run `make bootstrap`")
    prog = tmp_path / "double_free.spy"
    prog.write_text(
        "from unsafe import raw_alloc, raw_free\n\n\n"
        "def main() -> None:\n"
        "    p = raw_alloc[i32](4)\n"
        "    raw_free(p)\n"
        "    raw_free(p)\n"
    )
    if not compiled_crashes(prog):
        pytest.skip("this C library does not catch a double free")
    assert run_interp(prog) is None
    safe = tmp_path / "safe.spy"
    safe.write_text('def main() -> None:\n    print("fine")\n')
    assert not compiled_crashes(safe)
    assert run_interp(safe) is None
