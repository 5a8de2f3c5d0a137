"""The corpus harness: find the programs, read their headers, run them.

Every `tests/programs/**/NAME.spy` whose name does not start with `_` is a
program (files starting with `_` are helper modules that programs import).
A program states what it expects in comment lines at its very top:

    # expect-exit: 3              exit status of a normal run (default 0)
    # expect-error: TEXT          compile error: stderr contains "error: TEXT"
    # expect-error-at: L:C        ...and a "--> PATH:L:C" line, PATH ending in
                                  the program's name; "FILE.spy:L:C" names
                                  another file of the same folder
    # expect-errors-at: L:C, ...  ...and every error's "-->" line, in order, is
                                  at these places of the program (L2: scope
                                  and flow report every error)
    # expect-panic: LINE          panic: the last line of stderr is LINE
    # expect-panic-line: L        ...and the innermost traceback frame is at L
    # expect-traceback: f:L, g:M  ...and the frames, outermost first, are these
    # expect-traceback: none      ...and there is none (`raise SystemExit`)
    # engines: !stage1-build      opt out of engines ("!name"), or list the
                                  only engines to use (plain names)

and, unless it is a compile error, `NAME.out` next to it holds the exact
expected stdout (no file means empty). A normal run must leave stderr empty,
and so must the build of a program that is not a compile error.

An engine is a command line that understands `build PROG -o EXE` (the CLI
of docs/architecture.md section 7). Each program is built once per engine
and run twice from that build: as is, and with SPY_GC_STRESS=1. Builds are
cached on disk, keyed by the content of the compiler, runtime and program,
so the two runs of one program share a build even across pytest-xdist
workers; and the engines write the same C, so their builds call the C
compiler through tests/cc_share.py, which compiles each distinct input
once. The stage0 engine's builds run in the harness's process (no Python
start per build). An engine that runs programs directly (`interp`: `spy
PROG`, the interpreter) has no build step: each run is one command, which
must give what the build and the run of a compiled program give together.

`tests/programs/PENDING` lists programs the compiler does not pass yet, one
path relative to tests/programs per line (`#` starts a comment); their tests
run but are marked xfail, so they do not fail the suite. Remove a line when
its feature lands.

To add an engine, add one line to ENGINES. SPY_TEST_ENGINES=a,b limits the
run to some engines; SPY_TEST_CACHE=DIR moves the build cache, and
SPY_TEST_CACHE=0 turns it off.
"""

import atexit
import contextlib
import fcntl
import hashlib
import importlib.util
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "tests" / "programs"
PENDING = PROGRAMS / "PENDING"
CC_SHARE = ROOT / "tests" / "cc_share.py"

COMPILE_TIMEOUT = 60
RUN_TIMEOUT = 20
# an engine that runs programs directly compiles and runs in one command;
# some programs are slow when interpreted under SPY_GC_STRESS=1
DIRECT_RUN_TIMEOUT = 80

# ---------------------------------------------------------------- engines


@dataclass(frozen=True)
class Engine:
    """A compiler that can `build` a program into an executable."""

    name: str
    # command prefix; the harness appends: build PROG -o EXE
    argv: tuple[str, ...]
    # the engine is skipped unless this file exists
    requires: Path
    # files and folders whose content keys the build cache
    inputs: tuple[Path, ...]
    # extra environment for the compiler
    env: tuple[tuple[str, str], ...] = ()
    # the engine runs a program itself (argv + [PROG]), with no build step
    runs_directly: bool = False
    # the engine is stage0, which the harness calls in this process: the
    # same `build`, without starting Python for each program
    in_process: bool = False
    # arguments of `build` after PROG -o EXE (`--target wasi`)
    build_args: tuple[str, ...] = ()
    # the engine builds WASI modules, which the harness runs on wasmtime in
    # its own process (libspy/wasi/run.py's Runner, which the `run` of
    # `make wasi` runs too), without starting Python for each run
    runs_wasm: bool = False
    # each program also runs with SPY_GC_STRESS=1
    gc_stress: bool = True

    def unavailable_reason(self) -> str | None:
        if not self.requires.exists():
            rel = os.path.relpath(self.requires, ROOT)
            return "engine %s is not available: %s does not exist" % (self.name, rel)
        return None

    def build_argv(self, prog: Path, exe: Path) -> list[str]:
        argv = list(self.argv) + ["build", str(prog), "-o", str(exe)]
        return argv + list(self.build_args)

    def run_argv(self, prog: Path) -> list[str]:
        return list(self.argv) + [str(prog)]

    def build_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("SPY_GC_STRESS", None)
        for key, value in self.env:
            if key == "PYTHONPATH" and env.get("PYTHONPATH"):
                value = value + os.pathsep + env["PYTHONPATH"]
            env[key] = value
        return env


WASI_HOME = ROOT / "build/lib/spy/wasm32-wasi"


def _native(name: str, exe: str) -> Engine:
    path = ROOT / exe
    return Engine(name, (str(path),), path, (path, ROOT / "libspy", ROOT / "stdlib"))


ENGINES: list[Engine] = [
    Engine(
        "stage0-build",
        (sys.executable, "-m", "stage0"),
        ROOT / "stage0" / "__main__.py",
        (ROOT / "stage0", ROOT / "libspy", ROOT / "stdlib"),
        (("PYTHONPATH", str(ROOT)),),
        in_process=True,
    ),
    _native("stage1-build", "build/stage1/spy"),
    _native("stage2-build", "build/stage2/spy"),
    # `spy PROG`: the interpreter of the native compiler, no C compiler
    Engine(
        "interp",
        (str(ROOT / "build/bin/spy"),),
        ROOT / "build/bin/spy",
        (),
        runs_directly=True,
    ),
    # `spy.wasm PROG`: the interpreter of selfhost built for WASI (make
    # wasi). Without GC stress: that takes it 6 minutes on two cores (two
    # programs pass in more than the time limit), while the wasi engine
    # proves the roots of wasm builds under stress in 2
    Engine(
        "wasi-interp",
        (str(ROOT / "build/wasi/spy.wasm"),),
        ROOT / "build/wasi/spy.wasm",
        (),
        runs_directly=True,
        runs_wasm=True,
        gc_stress=False,
    ),
    # `spy build --target wasi`: a WASI module, run on wasmtime (make wasi)
    Engine(
        "wasi",
        (str(ROOT / "build/bin/spy"),),
        WASI_HOME / "libspy.a",
        (
            ROOT / "build/bin/spy",
            WASI_HOME / "libspy.a",
            ROOT / "libspy",
            ROOT / "stdlib",
        ),
        build_args=("--target", "wasi"),
        runs_wasm=True,
    ),
]


def selected_engines() -> list[Engine]:
    wanted = os.environ.get("SPY_TEST_ENGINES", "").strip()
    if not wanted:
        return list(ENGINES)
    names = [w.strip() for w in wanted.split(",") if w.strip()]
    known = {e.name: e for e in ENGINES}
    for n in names:
        if n not in known:
            raise ValueError("SPY_TEST_ENGINES: unknown engine %r" % n)
    return [known[n] for n in names]


# ---------------------------------------------------------------- programs

HEADER_KEYS = {
    "expect-exit",
    "expect-error",
    "expect-error-at",
    "expect-errors-at",
    "expect-panic",
    "expect-panic-line",
    "expect-traceback",
    "engines",
    "python",
}


@dataclass
class Program:
    path: Path
    name: str  # relative to tests/programs, without .spy: "numbers/wrap_u8"
    expect_exit: int = 0
    expect_error: str | None = None
    # (file basename, line, col) of the expected "-->" line
    expect_error_at: tuple[str, int, int] | None = None
    # [(line, col)] of every "-->" line, in order (`expect-errors-at`)
    expect_errors_at: list[tuple[int, int]] | None = None
    expect_panic: str | None = None
    expect_panic_line: int | None = None
    # [(function, line)], outermost first
    expect_traceback: list[tuple[str, int]] | None = None
    engines_only: set[str] = field(default_factory=set)
    engines_skip: set[str] = field(default_factory=set)
    # `# python: same`: CPython prints the same (tests/test_python_agrees.py)
    python_same: bool = False
    expected_stdout: str = ""
    # a malformed header; the program's tests fail with this message
    header_error: str | None = None
    # listed in tests/programs/PENDING: expected to fail for now
    pending: bool = False

    @property
    def kind(self) -> str:
        if self.expect_error is not None:
            return "compile-error"
        if self.expect_panic is not None:
            return "panic"
        return "run"

    def engine_skip_reason(self, engine: Engine) -> str | None:
        if engine.name in self.engines_skip:
            return "%s opts out of %s" % (self.name, engine.name)
        if self.engines_only and engine.name not in self.engines_only:
            return "%s runs only on %s" % (
                self.name,
                ", ".join(sorted(self.engines_only)),
            )
        return None


def read_headers(path: Path) -> dict[str, str]:
    """The `# key: value` lines of the leading comment block."""
    headers: dict[str, str] = {}
    # errors="replace": a corpus program may be invalid UTF-8 on purpose
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.startswith("#"):
                break
            m = re.match(r"#\s*(expect-[a-z-]+|engines|python)\s*:\s*(.*?)\s*$", line)
            if m is None:
                continue
            key, value = m.group(1), m.group(2)
            if key not in HEADER_KEYS:
                raise ValueError("unknown header %r" % key)
            if key in headers:
                raise ValueError("duplicate header %r" % key)
            headers[key] = value
    return headers


def parse_program(path: Path) -> Program:
    name = path.relative_to(PROGRAMS).with_suffix("").as_posix()
    prog = Program(path, name)
    try:
        _fill_program(prog, read_headers(path))
    except (ValueError, UnicodeDecodeError) as e:
        prog.header_error = "%s: bad header: %s" % (name, e)
    return prog


def _fill_program(prog: Program, h: dict[str, str]) -> None:
    if "expect-exit" in h:
        prog.expect_exit = int(h["expect-exit"])
    if "expect-error" in h:
        prog.expect_error = h["expect-error"]
        at = h.get("expect-error-at")
        if at is None:
            raise ValueError("expect-error needs expect-error-at")
        m = re.fullmatch(r"(?:([^:\s]+\.spy):)?(\d+):(\d+)", at)
        if m is None:
            raise ValueError("expect-error-at must be LINE:COL or FILE.spy:LINE:COL")
        fname = m.group(1) or prog.path.name
        prog.expect_error_at = (fname, int(m.group(2)), int(m.group(3)))
        for other in ("expect-panic", "expect-exit", "expect-panic-line"):
            if other in h:
                raise ValueError("expect-error excludes %s" % other)
        if "expect-errors-at" in h:
            places = []
            for item in h["expect-errors-at"].split(","):
                m = re.fullmatch(r"\s*(\d+):(\d+)\s*", item)
                if m is None:
                    raise ValueError("expect-errors-at must be LINE:COL, LINE:COL, ...")
                places.append((int(m.group(1)), int(m.group(2))))
            prog.expect_errors_at = places
    elif "expect-error-at" in h or "expect-errors-at" in h:
        raise ValueError("expect-error-at without expect-error")
    if "expect-panic" in h:
        prog.expect_panic = h["expect-panic"]
        if "expect-exit" in h:
            raise ValueError("a panic always exits with 1: drop expect-exit")
    for key in ("expect-panic-line", "expect-traceback"):
        if key in h and "expect-panic" not in h:
            raise ValueError("%s without expect-panic" % key)
    if "expect-panic-line" in h:
        prog.expect_panic_line = int(h["expect-panic-line"])
    if "expect-traceback" in h:
        frames = []
        items = h["expect-traceback"].split(",")
        if h["expect-traceback"].strip() == "none":
            items = []
        for item in items:
            m = re.fullmatch(r"\s*(\S+):(\d+)\s*", item)
            if m is None:
                raise ValueError("expect-traceback items are FUNC:LINE")
            frames.append((m.group(1), int(m.group(2))))
        prog.expect_traceback = frames
    if "engines" in h:
        for item in h["engines"].replace(",", " ").split():
            if item.startswith("!"):
                prog.engines_skip.add(item[1:])
            else:
                prog.engines_only.add(item)
    if "python" in h:
        if h["python"] != "same":
            raise ValueError("python: takes `same`")
        prog.python_same = True
    out = prog.path.with_suffix(".out")
    if out.exists():
        if prog.expect_error is not None:
            raise ValueError("a compile error has no .out file")
        prog.expected_stdout = out.read_text(encoding="utf-8")


def read_pending(path: Path = PENDING) -> list[str]:
    """The program names listed in PENDING ("lists/append"), in file order.

    A line holds one path relative to tests/programs, with or without the
    `.spy` suffix; `#` starts a comment; blank lines are ignored."""
    if not path.exists():
        return []
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry == "":
            continue
        if entry.endswith(".spy"):
            entry = entry[: -len(".spy")]
        names.append(entry)
    return names


def program_paths() -> list[Path]:
    """The files of the corpus programs (not their `_` helper modules),
    sorted."""
    return sorted(p for p in PROGRAMS.rglob("*.spy") if not p.name.startswith("_"))


def runs_on_stage0(path: Path) -> bool:
    """Whether a corpus program is L1, which stage0 compiles; L2 programs
    (docs/language.md section 14) say `# engines: !stage0-build`."""
    return parse_program(path).engine_skip_reason(ENGINES[0]) is None


def twins_agree_on(path: Path) -> bool:
    """Whether stage0 and stage1 must treat a program alike: it runs on
    both (not L2, and not one of stage0's own errors for L2 syntax)."""
    prog = parse_program(path)
    return all(prog.engine_skip_reason(e) is None for e in ENGINES[:2])


def discover() -> list[Program]:
    """Every program of the corpus, sorted by name."""
    programs = [parse_program(p) for p in program_paths()]
    pending = set(read_pending())
    for prog in programs:
        prog.pending = prog.name in pending
    return programs


# ---------------------------------------------------------------- results


@dataclass
class Result:
    """What one command did."""

    argv: list[str]
    status: int | None  # None: timed out
    stdout: str
    stderr: str
    timeout: float = 0.0
    env_note: str = ""

    def command(self) -> str:
        cmd = " ".join(_quote(a) for a in self.argv)
        return (self.env_note + " " + cmd).strip()


def _quote(arg: str) -> str:
    if re.fullmatch(r"[\w./:=+-]+", arg):
        return arg
    return "'" + arg.replace("'", "'\\''") + "'"


def run_command(
    argv: list[str], cwd: Path, env: dict[str, str], timeout: float, env_note: str = ""
) -> Result:
    try:
        p = subprocess.run(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as e:
        out = _decode(e.stdout or b"")
        err = _decode(e.stderr or b"")
        return Result(argv, None, out, err, timeout, env_note)
    return Result(
        argv, p.returncode, _decode(p.stdout), _decode(p.stderr), timeout, env_note
    )


class Stage0Timeout(BaseException):
    """Raised by SIGALRM; a BaseException so that no `except Exception` in
    the compiler can catch it."""


def _on_alarm(signum: int, frame: object) -> None:
    raise Stage0Timeout()


@dataclass
class Stage0Run:
    """What one stage0 command run in this process did."""

    status: int | None  # None: it raised or ran out of time
    stdout: str
    stderr: str
    error: str  # the traceback of an exception that escaped stage0, or ""
    timed_out: bool = False


def stage0_in_process(
    argv: list[str], timeout: int, cc: str | None = None
) -> Stage0Run:
    """`python -m stage0 ARGV` in this process (no Python start), stopped
    after `timeout` seconds, with `$CC` set to `cc` unless it is None."""
    from stage0.cli import main as stage0_main

    saved_cc = os.environ.get("CC")
    if cc is not None:
        os.environ["CC"] = cc
    out, err = io.StringIO(), io.StringIO()
    run = Stage0Run(None, "", "", "")
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(timeout)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            run.status = stage0_main(argv)
    except Stage0Timeout:
        run.timed_out = True
    except KeyboardInterrupt:
        raise
    except BaseException:
        run.error = traceback.format_exc()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        if saved_cc is None:
            os.environ.pop("CC", None)
        else:
            os.environ["CC"] = saved_cc
    run.stdout, run.stderr = out.getvalue(), err.getvalue()
    return run


def stage0_cli(argv: list[str]) -> tuple[int, str, str]:
    """`python -m stage0 ARGV`, run in-process (fast: no interpreter start,
    the parse cache is warm): status, stdout, stderr."""
    from stage0.cli import main as stage0_main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = stage0_main(argv)
    return status, out.getvalue(), err.getvalue()


def native_cli(exe: Path, argv: list[str]) -> tuple[int, str, str]:
    """A native `spy ARGV`, finding its runtime relative to itself: status,
    stdout, stderr."""
    return native_cli_in(exe, argv, None)


def native_cli_in(exe: Path, argv: list[str], cwd: Path | None) -> tuple[int, str, str]:
    """`native_cli`, run in folder `cwd` (None: the current folder)."""
    env = dict(os.environ)
    env.pop("SPY_HOME", None)
    p = subprocess.run(
        [str(exe)] + argv, capture_output=True, timeout=120, env=env, cwd=cwd
    )
    return p.returncode, _decode(p.stdout), _decode(p.stderr)


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="backslashreplace")


# ---------------------------------------------------------------- building

_input_digests: dict[Engine, str] = {}


def _digest_paths(paths: tuple[Path, ...]) -> str:
    h = hashlib.sha256()
    for base in paths:
        h.update(b"path\0" + str(base).encode() + b"\0")
        if base.is_file():
            h.update(base.read_bytes())
            continue
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(
                d for d in dirnames if not d.startswith(".") and d != "__pycache__"
            )
            for fn in sorted(filenames):
                if fn.endswith((".pyc", ".pyo")) or fn.startswith("."):
                    continue
                p = Path(dirpath) / fn
                h.update(str(p.relative_to(base)).encode() + b"\0")
                h.update(p.read_bytes())
    return h.hexdigest()


def _engine_digest(engine: Engine) -> str:
    if engine not in _input_digests:
        h = hashlib.sha256(_digest_paths(engine.inputs).encode())
        for var in ("CC", "CFLAGS", "LDFLAGS", "SPY_HOME"):
            h.update(("%s=%s\0" % (var, os.environ.get(var, ""))).encode())
        h.update(sys.version.encode())
        _input_digests[engine] = h.hexdigest()
    return _input_digests[engine]


def _program_digest(prog: Program) -> str:
    # the program and every .spy file of its folder (the helpers it may import)
    h = hashlib.sha256(prog.name.encode() + b"\0")
    for p in sorted(prog.path.parent.glob("*.spy")):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def _cache_root() -> Path | None:
    value = os.environ.get("SPY_TEST_CACHE", "")
    if value == "0":
        return None
    if value:
        return Path(value)
    return Path(tempfile.gettempdir()) / ("spy-test-cache-%d" % os.getuid())


_pruned = False


def _prune(root: Path, max_age: float = 3 * 24 * 3600) -> None:
    """Remove cache entries unused for a few days (once per process)."""
    global _pruned
    if _pruned:
        return
    _pruned = True
    now = time.time()
    for entry in root.iterdir():
        try:
            if now - entry.stat().st_mtime > max_age:
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink()
        except OSError:
            pass


_local_builds: dict[tuple[str, str], tuple[Result, Path]] = {}


def build(engine: Engine, prog: Program) -> tuple[Result, Path]:
    """Build `prog` with `engine`; return the compiler's Result and the exe path.

    The result is cached (see the module docstring)."""
    key = hashlib.sha256(
        (engine.name + _engine_digest(engine) + _program_digest(prog)).encode()
    ).hexdigest()[:32]
    slug = engine.name + "-" + prog.name.replace("/", "-") + "-" + key[:12]
    if (engine.name, key) in _local_builds:
        return _local_builds[(engine.name, key)]
    root = _cache_root()
    if root is None:
        workdir = Path(tempfile.mkdtemp(prefix="spy-test-"))
        res = _do_build(engine, prog, workdir, None)
        _local_builds[(engine.name, key)] = (res, workdir / "prog")
        return res, workdir / "prog"
    root.mkdir(parents=True, exist_ok=True)
    _prune(root)
    workdir = root / slug
    meta = workdir / "result.json"
    with open(root / (slug + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if meta.exists() and not _stale(meta, workdir / "prog"):
            data = json.loads(meta.read_text(encoding="utf-8"))
            res = Result(data["argv"], data["status"], data["stdout"], data["stderr"])
            res.timeout = data["timeout"]
            os.utime(workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            workdir.mkdir()
            res = _do_build(engine, prog, workdir, root)
            data = {
                "argv": res.argv,
                "status": res.status,
                "stdout": res.stdout,
                "stderr": res.stderr,
                "timeout": res.timeout,
            }
            tmp = workdir / "result.json.tmp"
            tmp.write_text(json.dumps(data), encoding="utf-8")
            tmp.replace(meta)
    _local_builds[(engine.name, key)] = (res, workdir / "prog")
    return res, workdir / "prog"


def _stale(meta: Path, exe: Path) -> bool:
    # a successful build whose executable has gone must be redone
    try:
        status = json.loads(meta.read_text(encoding="utf-8"))["status"]
    except (OSError, ValueError, KeyError):
        return True
    return status == 0 and not exe.exists()


def _do_build(
    engine: Engine, prog: Program, workdir: Path, cache: Path | None
) -> Result:
    exe = workdir / "prog"
    argv = engine.build_argv(prog.path, exe)
    env = engine.build_env()
    if cache is not None:
        # the engines write the same C: compile each distinct C once
        env["CC"] = " ".join(
            [sys.executable, str(CC_SHARE), str(cache), env.get("CC", "") or "cc"]
        )
    if engine.in_process:
        return stage0_build(argv, len(engine.argv), env.get("CC", ""))
    return run_command(argv, workdir, env, COMPILE_TIMEOUT)


def stage0_build(argv: list[str], skip: int, cc: str) -> Result:
    """The stage0 command `argv` (`python -m stage0 build ...`, whose
    arguments start after `skip` words) run in this process with `$CC` set
    to `cc`, as a Result: a crash is status 1 with its traceback."""
    run = stage0_in_process(argv[skip:], COMPILE_TIMEOUT, cc)
    status = None if run.timed_out else 1 if run.error else run.status
    return Result(argv, status, run.stdout, run.stderr + run.error, COMPILE_TIMEOUT)


def _run_env(base: dict[str, str], gc_stress: bool) -> tuple[dict[str, str], str]:
    env = dict(base)
    env.pop("SPY_GC_STRESS", None)
    env.pop("SPY_GC_STATS", None)
    note = ""
    if gc_stress:
        env["SPY_GC_STRESS"] = "1"
        note = "SPY_GC_STRESS=1"
    return env, note


def run_exe(engine: Engine, exe: Path, gc_stress: bool) -> Result:
    env, note = _run_env(dict(os.environ), gc_stress)
    with tempfile.TemporaryDirectory(prefix="spy-run-") as cwd:
        if engine.runs_wasm:
            return run_wasm([str(exe)], Path(cwd), env, note, RUN_TIMEOUT)
        return run_command([str(exe)], Path(cwd), env, RUN_TIMEOUT, note)


_wasm_runner: list[object] = []


def run_wasm(
    argv: list[str], cwd: Path, env: dict[str, str], note: str, timeout: float
) -> Result:
    """Run the WASI module argv[0] as WASI_HOME/run runs it, but in this
    process."""
    if not _wasm_runner:
        spec = importlib.util.spec_from_file_location(
            "spy_wasi_run", ROOT / "libspy" / "wasi" / "run.py"
        )
        assert spec is not None and spec.loader is not None
        run_py = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(run_py)
        _wasm_runner.append(run_py.Runner(interruptible=True))
        # drop its engine and modules while wasmtime can still free them
        # (at interpreter exit, its own globals may be gone first)
        atexit.register(_wasm_runner.clear)
    runner: Any = _wasm_runner[0]
    env = dict(env, PWD=str(cwd))
    out, err = cwd / "stdout", cwd / "stderr"
    status = runner.run(argv, env, (str(out), str(err)), timeout)
    stdout = _decode(out.read_bytes()) if out.exists() else ""
    stderr = _decode(err.read_bytes()) if err.exists() else ""
    return Result(
        [str(WASI_HOME / "run")] + argv, status, stdout, stderr, timeout, note
    )


def run_direct(engine: Engine, prog: Program, gc_stress: bool) -> Result:
    """Run `prog` with an engine that runs programs itself, in an empty
    folder as a compiled program runs."""
    env, note = _run_env(engine.build_env(), gc_stress)
    argv = engine.run_argv(prog.path)
    with tempfile.TemporaryDirectory(prefix="spy-run-") as cwd:
        if engine.runs_wasm:
            return run_wasm(argv, Path(cwd), env, note, DIRECT_RUN_TIMEOUT)
        return run_command(argv, Path(cwd), env, DIRECT_RUN_TIMEOUT, note)


# ---------------------------------------------------------------- checking

FRAME_RE = re.compile(
    r'^  File "(?P<file>[^"]*)", line (?P<line>\d+), in (?P<func>\S.*?)\s*$'
)


def traceback_frames(stderr: str) -> list[tuple[str, int]]:
    frames = []
    for line in stderr.splitlines():
        m = FRAME_RE.match(line)
        if m:
            frames.append((m.group("func"), int(m.group("line"))))
    return frames


def error_locations(stderr: str) -> list[str]:
    """The PATH:LINE:COL of every `--> ` line."""
    locs = []
    for line in stderr.splitlines():
        stripped = line.strip()
        if stripped.startswith("--> "):
            locs.append(stripped[4:].strip())
    return locs


def location_matches(loc: str, fname: str, line: int, col: int) -> bool:
    suffix = "%s:%d:%d" % (fname, line, col)
    if loc == suffix:
        return True
    return loc.endswith("/" + suffix) or loc.endswith("\\" + suffix)


def check_build(prog: Program, res: Result) -> list[str]:
    """Problems with a build; for compile-error programs, the whole check."""
    problems = []
    if res.status is None:
        return ["the compiler timed out after %ds" % res.timeout]
    crashed = "Traceback (most recent call last)" in res.stderr
    if crashed or res.status not in (0, 1):
        problems.append("the compiler crashed (status %s)" % res.status)
    if prog.kind != "compile-error":
        if res.status != 0:
            problems.append("the build failed with status %s" % res.status)
        elif res.stderr != "":
            # a C compiler warning, or anything else, reaching the user of a
            # valid program is a bug
            problems.append("the build printed on stderr")
        return problems
    if res.status != 1:
        problems.append(
            "expected a compile error (status 1), got status %s" % res.status
        )
    want = "error: " + (prog.expect_error or "")
    if want not in res.stderr:
        problems.append("stderr does not contain %r" % want)
    assert prog.expect_error_at is not None
    fname, line, col = prog.expect_error_at
    locs = error_locations(res.stderr)
    if not any(location_matches(loc, fname, line, col) for loc in locs):
        problems.append(
            "no '--> ...%s:%d:%d' line in stderr (found: %s)"
            % (fname, line, col, ", ".join(locs) or "none")
        )
    places = prog.expect_errors_at
    if places is not None and not (
        len(locs) == len(places)
        and all(
            location_matches(loc, prog.path.name, ln, c)
            for loc, (ln, c) in zip(locs, places)
        )
    ):
        problems.append(
            "the errors are at %s, expected %s"
            % (", ".join(locs) or "none", ", ".join("%d:%d" % p for p in places))
        )
    return problems


def check_run(prog: Program, res: Result) -> list[str]:
    """Problems with a run of a program that built."""
    if res.status is None:
        return ["the program timed out after %ds" % res.timeout]
    problems = []
    if res.stdout != prog.expected_stdout:
        problems.append("stdout differs from %s" % _rel(prog.path.with_suffix(".out")))
    if prog.kind == "run":
        if res.status != prog.expect_exit:
            problems.append(
                "exit status %s, expected %d" % (res.status, prog.expect_exit)
            )
        if res.stderr != "":
            problems.append("stderr is not empty")
        return problems
    if res.status != 1:
        problems.append("a panic exits with status 1, got %s" % res.status)
    lines = [ln for ln in res.stderr.splitlines() if ln.strip() != ""]
    last = lines[-1] if lines else ""
    if last != prog.expect_panic:
        problems.append(
            "last stderr line is %r, expected %r" % (last, prog.expect_panic)
        )
    if prog.expect_traceback == []:
        if "Traceback (most recent call last):" in lines:
            problems.append("stderr has a traceback, expected none")
    elif "Traceback (most recent call last):" not in lines:
        problems.append("stderr has no 'Traceback (most recent call last):' line")
    frames = traceback_frames(res.stderr)
    if prog.expect_panic_line is not None:
        got = frames[-1][1] if frames else None
        if got != prog.expect_panic_line:
            problems.append(
                "innermost traceback frame is at line %s, expected %d"
                % (got, prog.expect_panic_line)
            )
    if prog.expect_traceback is not None and frames != prog.expect_traceback:
        problems.append(
            "traceback frames are [%s], expected [%s]"
            % (_frames(frames), _frames(prog.expect_traceback))
        )
    return problems


def _frames(frames: list[tuple[str, int]]) -> str:
    return ", ".join("%s:%d" % f for f in frames)


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def report(prog: Program, problems: list[str], res: Result, heading: str) -> str:
    """A failure message: what went wrong, the command, expected vs got."""
    out = ["%s: %s" % (prog.name, heading)]
    out += ["  - " + p for p in problems]
    out.append("command: " + res.command())
    out.append("exit status: %s" % res.status)
    if prog.kind != "compile-error" and res.stdout != prog.expected_stdout:
        out.append(_diff(prog.expected_stdout, res.stdout))
    elif res.stdout:
        out.append("--- stdout ---\n" + _clip(res.stdout))
    out.append("--- stderr ---\n" + (_clip(res.stderr) if res.stderr else "(empty)"))
    return "\n".join(out)


def _diff(expected: str, got: str) -> str:
    import difflib

    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        got.splitlines(keepends=True),
        "expected stdout",
        "got stdout",
    )
    text = "".join(
        ln if ln.endswith("\n") else ln + "\n\\ no newline\n" for ln in lines
    )
    return _clip(text)


def _clip(text: str, limit: int = 6000) -> str:
    if len(text) <= limit:
        return text
    return (
        text[: limit // 2]
        + "\n[... %d chars cut ...]\n" % (len(text) - limit)
        + text[-limit // 2 :]
    )


def check(engine: Engine, prog: Program, gc_stress: bool) -> str | None:
    """Build (cached) and run one program; None if it passed, else a report."""
    if prog.header_error is not None:
        return prog.header_error
    if engine.runs_directly:
        return check_direct(engine, prog, gc_stress)
    bres, exe = build(engine, prog)
    problems = check_build(prog, bres)
    if problems or prog.kind == "compile-error":
        if not problems:
            return None
        return report(
            prog, problems, bres, "build with %s failed the check" % engine.name
        )
    if not exe.exists():
        problems = ["the build succeeded but wrote no executable at %s" % exe]
        return report(
            prog, problems, bres, "build with %s failed the check" % engine.name
        )
    rres = run_exe(engine, exe, gc_stress)
    problems = check_run(prog, rres)
    if not problems:
        return None
    how = "run" + (" with SPY_GC_STRESS=1" if gc_stress else "")
    return report(prog, problems, rres, "%s failed the check (%s)" % (how, engine.name))


def check_direct(engine: Engine, prog: Program, gc_stress: bool) -> str | None:
    """Run one program with an engine that runs programs itself; None if it
    passed, else a report. A compile error is checked as a build is; a
    program that compiles, as a run is."""
    res = run_direct(engine, prog, gc_stress)
    if prog.kind == "compile-error":
        problems = check_build(prog, res)
    else:
        problems = check_run(prog, res)
    if not problems:
        return None
    how = "run" + (" with SPY_GC_STRESS=1" if gc_stress else "")
    return report(prog, problems, res, "%s failed the check (%s)" % (how, engine.name))


# ---------------------------------------------------------------- test cases


@dataclass
class Case:
    engine: Engine
    prog: Program
    gc_stress: bool

    @property
    def id(self) -> str:
        return "%s::%s%s" % (
            self.engine.name,
            self.prog.name,
            "-gcstress" if self.gc_stress else "",
        )


def cases() -> list[Case]:
    """One case per (engine, program), plus a GC-stress run for programs that run."""
    out = []
    programs = discover()
    for engine in selected_engines():
        for prog in programs:
            out.append(Case(engine, prog, False))
            if prog.kind != "compile-error" and engine.gc_stress:
                out.append(Case(engine, prog, True))
    return out
