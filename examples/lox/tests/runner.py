"""Run the Lox test corpus against a Lox implementation.

Each test is a `.lox` program under this folder whose comments say what the
program must do (the format of *Crafting Interpreters*' test suite, see
README.md beside this file):

    print 1 + 2;      // expect: 3
    print -nil;       // expect runtime error: Operand must be a number.
    var a = ;         // Error at ';': Expect expression.
    // [line 9] Error at end: Expect '}' after block.
    // expect stack: [line 4] in f()    (an extension: the whole trace)

Usage, from anywhere:

    python examples/lox/tests/runner.py [--filter SUBSTR] [--jobs N] -- CMD...
    python examples/lox/tests/runner.py --lint

CMD (e.g. `build/bin/lox`) is run once per test as `CMD... PATH`.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parents[2]

EXIT_OK = 0
EXIT_COMPILE_ERROR = 65
EXIT_RUNTIME_ERROR = 70

_EXPECT = re.compile(r"// expect: ?(.*)")
_RUNTIME_ERROR = re.compile(r"// expect runtime error: (.+)")
_STACK = re.compile(r"// expect stack: (.+)")
_COMPILE_ERROR = re.compile(r"// (?:\[line (\d+)\] )?(Error(?: at end| at '.*')?: .+)")
_TRACE_LINE = re.compile(r"\[line (\d+)\] in (?:script|.+\(\))")


@dataclasses.dataclass
class Expectation:
    """What running one test program must produce."""

    stdout: list[str] = dataclasses.field(default_factory=list)
    compile_errors: list[str] = dataclasses.field(default_factory=list)
    runtime_error: str | None = None
    runtime_error_line: int | None = None
    # Optional: the whole trace after the runtime error's message.
    stack: list[str] = dataclasses.field(default_factory=list)

    @property
    def exit_status(self) -> int:
        if self.compile_errors:
            return EXIT_COMPILE_ERROR
        if self.runtime_error is not None:
            return EXIT_RUNTIME_ERROR
        return EXIT_OK


class ExpectationError(Exception):
    """A test file whose expectations contradict each other."""


def parse_expectations(path: str | Path) -> Expectation:
    """Read the expectations written in the comments of the test at `path`."""
    text = Path(path).read_bytes().decode("utf-8")
    exp = Expectation()
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if m := _EXPECT.search(line):
            exp.stdout.append(m.group(1))
        elif m := _RUNTIME_ERROR.search(line):
            if exp.runtime_error is not None:
                raise ExpectationError(f"{path}:{number}: a second runtime error")
            exp.runtime_error = m.group(1)
            exp.runtime_error_line = number
        elif m := _STACK.search(line):
            exp.stack.append(m.group(1))
        elif m := _COMPILE_ERROR.search(line):
            at = int(m.group(1)) if m.group(1) else number
            exp.compile_errors.append(f"[line {at}] {m.group(2)}")
    if exp.compile_errors and (exp.stdout or exp.runtime_error or exp.stack):
        raise ExpectationError(
            f"{path}: compile errors mixed with output or a runtime error"
        )
    if exp.stack and exp.runtime_error is None:
        raise ExpectationError(f"{path}: a stack without a runtime error")
    if exp.stack:
        first = _TRACE_LINE.fullmatch(exp.stack[0])
        if first is None or int(first.group(1)) != exp.runtime_error_line:
            raise ExpectationError(
                f"{path}: the stack's first line is not the runtime error's line"
            )
    return exp


def _lines(output: str) -> list[str]:
    lines = output.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


_MAX_DIFF_LINES = 40


def _diff(what: str, expected: list[str], got: list[str]) -> str:
    diff = list(
        difflib.unified_diff(
            expected, got, f"expected {what}", f"got {what}", lineterm="", n=2
        )
    )
    if len(diff) > _MAX_DIFF_LINES:
        cut = len(diff) - _MAX_DIFF_LINES
        diff = diff[:_MAX_DIFF_LINES] + [f"... ({cut} more lines of diff)"]
    return "\n".join(diff)


def _compare(exp: Expectation, status: int, stdout: str, stderr: str) -> list[str]:
    problems: list[str] = []
    out, err = _lines(stdout), _lines(stderr)
    if status != exp.exit_status:
        problems.append(f"exit status: expected {exp.exit_status}, got {status}")
    if out != exp.stdout:
        problems.append(_diff("stdout", exp.stdout, out))
    if exp.compile_errors:
        if err != exp.compile_errors:
            problems.append(_diff("stderr", exp.compile_errors, err))
    elif exp.runtime_error is not None:
        want = [exp.runtime_error, f"[line {exp.runtime_error_line}] in ..."]
        if exp.stack:
            want = [exp.runtime_error, *exp.stack]
            ok = err == want
        else:
            trace = _TRACE_LINE.fullmatch(err[1]) if len(err) > 1 else None
            ok = (
                len(err) >= 2
                and err[0] == exp.runtime_error
                and trace is not None
                and int(trace.group(1)) == exp.runtime_error_line
            )
        if not ok:
            problems.append(_diff("stderr", want, err))
    elif err:
        problems.append(_diff("stderr", [], err))
    return problems


def check(
    cmd: list[str],
    path: str,
    env: dict[str, str] | None = None,
    timeout: float = 30,
) -> str | None:
    """Run `cmd + [path]`; None if it behaves as the test expects, else why not.

    `env`, if given, is added to this process's environment.
    """
    try:
        exp = parse_expectations(path)
    except (ExpectationError, OSError, UnicodeDecodeError) as e:
        return f"bad test: {e}"
    full_env = None if env is None else {**os.environ, **env}
    try:
        proc = subprocess.run(
            [*cmd, path],
            capture_output=True,
            env=full_env,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:g} s"
    except OSError as e:
        return f"could not run {cmd}: {e}"
    stdout = proc.stdout.decode("utf-8", errors="replace")
    stderr = proc.stderr.decode("utf-8", errors="replace")
    problems = _compare(exp, proc.returncode, stdout, stderr)
    return "\n".join(problems) if problems else None


def corpus() -> list[str]:
    """Every test's path, relative to the repository's root, sorted."""
    return sorted(p.relative_to(REPO_ROOT).as_posix() for p in TESTS_DIR.rglob("*.lox"))


def lint(path: str) -> list[str]:
    """Mistakes a test's expectations can be checked for without running it."""
    try:
        exp = parse_expectations(path)
    except ExpectationError as e:
        return [str(e)]
    text = Path(path).read_bytes().decode("utf-8")
    eof_line = text.count("\n") + 1
    problems = []
    for error in exp.compile_errors:
        at_eof = " Error at end: " in error or error.endswith(
            " Error: Unterminated string."
        )
        if at_eof and not error.startswith(f"[line {eof_line}] "):
            problems.append(f"{path}: {error!r}, but the file ends on line {eof_line}")
    code = re.sub(r"//[^\n]*", "", text).strip()
    nothing = not (exp.stdout or exp.compile_errors or exp.runtime_error)
    if nothing and code:
        problems.append(f"{path}: code without any expectation")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the Lox test corpus.")
    parser.add_argument("--filter", default="", help="only tests whose path has this")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--lint", action="store_true", help="check the tests only")
    parser.add_argument("cmd", nargs="*", help="the Lox implementation, after --")
    args = parser.parse_args(argv)

    tests = [t for t in corpus() if args.filter in t]
    if args.lint:
        problems = [p for t in tests for p in lint(str(REPO_ROOT / t))]
        print("\n".join(problems) if problems else f"{len(tests)} tests look right")
        return 1 if problems else 0
    if not args.cmd:
        parser.error("give the Lox implementation to run after --")

    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = [
            pool.submit(check, args.cmd, str(REPO_ROOT / t), None, args.timeout)
            for t in tests
        ]
        for test, future in zip(tests, futures):
            failure = future.result()
            if failure is not None:
                failed += 1
                indented = "\n".join("    " + line for line in failure.split("\n"))
                print(f"FAIL {test}\n{indented}", flush=True)
    print(f"{len(tests) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
