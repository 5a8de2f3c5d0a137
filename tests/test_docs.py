"""The docs say what the code does.

- docs/language.md: every ```python block that defines `main` is a program;
  it must build and run, and the ```output (exact stdout), ```error (exact
  stderr of the compiler) and ```panic (exact stderr of the run) blocks
  that follow it must be what it prints. The program is written as
  `example.spy` in an empty folder, which is the current folder.
- docs/architecture.md, the worked example: the ```python block that opens
  with `# square.spy` is written to `square.spy`; every ```console block
  opens with `$ spy COMMAND ARGS` and must be exactly what the command
  prints; every ```c block must appear verbatim in the C that `spy cwrite`
  writes.
- No tracked file outside tests/ points outside the repository.

Each check runs with stage0 (in-process) and with `build/bin/spy` when
`make bootstrap` has built it; the examples of docs/language.md also run
in the interpreter (`build/bin/spy example.spy`), which must print the same.
"""

import contextlib
import io
import os
import re
import subprocess
from pathlib import Path

import pytest

import harness
from stage0.cli import main as stage0_main

ROOT = harness.ROOT
DOCS = ROOT / "docs"
SPY_BIN = ROOT / "build" / "bin" / "spy"
ENGINES = ["stage0", "spy"]
# the language examples also run in the interpreter
EXAMPLE_ENGINES = ENGINES + ["interp"]

FENCE_RE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)


def fenced_blocks(path: Path) -> list[tuple[str, str]]:
    """The (language, text) of every fenced block of a markdown file."""
    text = path.read_text(encoding="utf-8")
    return [(m.group(1), m.group(2)) for m in FENCE_RE.finditer(text)]


def run_spy(engine: str, argv: list[str], cwd: Path) -> tuple[int, str, str]:
    """`spy ARGV` in folder `cwd`: status, stdout, stderr."""
    if engine == "spy":
        if not SPY_BIN.exists():
            pytest.skip("build/bin/spy does not exist: run `make bootstrap`")
        return harness.native_cli_in(SPY_BIN, argv, cwd)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = stage0_main(argv)
    finally:
        os.chdir(old)
    return status, out.getvalue(), err.getvalue()


# ------------------------------------------------- docs/language.md examples


class Example:
    def __init__(self, index: int, source: str) -> None:
        self.index = index
        self.source = source
        self.expect: dict[str, str] = {}


def language_examples() -> list[Example]:
    examples: list[Example] = []
    current: Example | None = None
    for lang, text in fenced_blocks(DOCS / "language.md"):
        if lang == "python":
            current = None
            if "def main(" in text:
                current = Example(len(examples) + 1, text)
                examples.append(current)
        elif lang in ("output", "error", "panic") and current is not None:
            current.expect[lang] = text
    return examples


EXAMPLES = language_examples()


def test_language_has_examples() -> None:
    assert len(EXAMPLES) >= 10
    assert all(len(e.expect) > 0 for e in EXAMPLES)


@pytest.mark.parametrize("engine", EXAMPLE_ENGINES)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: "example%d" % e.index)
def test_language_example(example: Example, engine: str, tmp_path: Path) -> None:
    if engine == "stage0" and example.source.startswith("# L2"):
        pytest.skip("an L2 example: stage0 compiles L1")
    (tmp_path / "example.spy").write_text(example.source, encoding="utf-8")
    if engine == "interp":
        # compiled and run in one command: a compile error is its result
        status, out, err = run_spy("spy", ["example.spy"], tmp_path)
        if "error" in example.expect:
            assert (status, out, err) == (1, "", example.expect["error"])
            return
    else:
        status, out, err = run_spy(
            engine, ["build", "example.spy", "-o", "example"], tmp_path
        )
        if "error" in example.expect:
            assert (status, out, err) == (1, "", example.expect["error"])
            return
        assert (status, err) == (0, ""), err
        proc = subprocess.run(
            ["./example"], cwd=tmp_path, capture_output=True, text=True, timeout=60
        )
        status, out, err = proc.returncode, proc.stdout, proc.stderr
    assert out == example.expect.get("output", "")
    if "panic" in example.expect:
        assert (status, err) == (1, example.expect["panic"])
        return
    assert err == ""
    returns_status = re.search(r"def main\(.*\) -> i32:", example.source)
    assert returns_status is not None or status == 0


# --------------------------------- docs/architecture.md, the worked example


def worked_example() -> tuple[str, list[tuple[list[str], str]], list[str]]:
    """The source of square.spy, the ($ spy ARGV, output) pairs, and the C
    excerpts."""
    source = ""
    commands: list[tuple[list[str], str]] = []
    excerpts: list[str] = []
    for lang, text in fenced_blocks(DOCS / "architecture.md"):
        if lang == "python" and text.startswith("# square.spy\n"):
            source = text
        elif lang == "console":
            first, _, rest = text.partition("\n")
            assert first.startswith("$ spy "), first
            commands.append((first[len("$ spy ") :].split(), rest))
        elif lang == "c":
            excerpts.append(text)
    return source, commands, excerpts


def test_worked_example_is_complete() -> None:
    source, commands, excerpts = worked_example()
    assert source != ""
    assert [argv[0] for argv, _ in commands] == ["parse", "redshift", "cwrite"]
    assert len(excerpts) >= 1


@pytest.mark.parametrize("engine", ENGINES)
def test_worked_example(engine: str, tmp_path: Path) -> None:
    source, commands, excerpts = worked_example()
    (tmp_path / "square.spy").write_text(source, encoding="utf-8")
    for argv, want in commands:
        assert run_spy(engine, argv, tmp_path) == (0, want, ""), argv
    c_text = (tmp_path / "out" / "square.c").read_text(encoding="utf-8")
    for excerpt in excerpts:
        assert excerpt in c_text


# ------------------------------------------- nothing points outside the repo

OUTSIDE = ["../shared", "shared/design"]


def test_no_reference_outside_the_repository() -> None:
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    found = []
    for name in files:
        if name.startswith("tests/"):
            continue
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for word in OUTSIDE:
            if word in text:
                found.append("%s: %s" % (name, word))
    assert found == []
