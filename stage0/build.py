"""build: the last phase of stage0.

Phase: after cwriter. Input: the C files it wrote. Output: a native
executable, made by `$CC` (default `cc`) with libspy's headers and static
library. Entry points: `build_executable(c_files, exe_path, opt_level,
debug, release, target)`, `build_cached(c_files, stem, opt_level, debug,
release, target)` and `run_executable(exe_path, args, target)` (for
`build -x`).

`build -x` without `-o` builds into a per-user cache (`$SPY_CACHE_DIR`,
else `$XDG_CACHE_HOME/spy`, else `~/.cache/spy`), in a folder named by a
hash of everything that goes into the C compiler: the C files, libspy's
header and library, and the compiler's command line. Running an
unchanged program again skips the C compiler, and leaves nothing in the
current folder.

libspy is found in the runtime home (docs/architecture.md section 8): `$SPY_HOME` if set,
else `build/lib/spy/` of the repository this file lives in, which meson
lays out (`bootstrap/home.py`): `include/` and `libspy.a`.
A failing C compiler means a bug in cwriter, reported as an SPyError with
the compiler's messages (never as a Python traceback).
"""

import hashlib
import os
import subprocess
import sys

from stage0.errors import SPyError

OPT_LEVELS = ["0", "1", "2", "3", "s", "g"]


# A runaway recursion must grow the stack until the SIGSEGV handler stops
# it with RecursionError and the traceback: no sibling-call optimization,
# which gcc applies to a recursion it finds never returns, turning it into
# an endless loop over a reused frame.
C_FLAGS = ["-std=c99", "-ffp-contract=off", "-fno-optimize-sibling-calls"]

# The generated C is clean under these, and nothing the C compiler says
# may reach the user of a valid program. Four warnings judge the program
# rather than the C written for it, so they are off:
# - a SPy function may recurse until a panic stops it (walking off a
#   linked list), which gcc calls infinite recursion;
# - -Wtautological-compare: `min(n, n)` or `30 != (n | -539)` is a valid
#   (if pointless) program, and its C compares the same way;
# - -Wtype-limits: comparing a `u32` with 0, or a `len()` widened to `i64`
#   with a constant beyond `i32`, is always true or false, and still valid;
# - -Wunused-function: a function the program never calls is valid, and
#   clang (zig cc for WASI) says so of each `static inline` one.
C_WARNINGS = [
    "-Wall",
    "-Wextra",
    "-Wno-infinite-recursion",
    "-Wno-tautological-compare",
    "-Wno-type-limits",
    "-Wno-unused-function",
]


def spy_home() -> str:
    home = os.environ.get("SPY_HOME", "")
    if home != "":
        return home
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(root, "build", "lib", "spy")


def command_words(env_name: str, default: str) -> list[str]:
    """`$env_name` split on spaces (`ccache gcc` works), else `default`."""
    words: list[str] = []
    for word in os.environ.get(env_name, "").split(" "):
        if word != "":
            words.append(word)
    if len(words) == 0:
        words.append(default)
    return words


def c_compiler(target: str) -> list[str]:
    """`$CC` for native code (default `cc`); stage0 has no other target."""
    return command_words("CC", "cc")


def target_lib(target: str) -> str:
    """libspy.a of the target, checked."""
    lib = os.path.join(spy_home(), "libspy.a")
    if not os.path.exists(lib):
        raise SPyError("libspy is not built: run `make bootstrap`", None)
    return lib


def cc_argv(
    c_files: list[str],
    exe_path: str,
    opt_level: str,
    debug: bool,
    release: bool,
    target: str,
) -> list[str]:
    """The command that compiles and links `c_files` with libspy into
    `exe_path` (checked: the target, the level, libspy)."""
    if target == "wasi":
        # targets beyond native are selfhost's (docs/architecture.md)
        raise SPyError("target `wasi` needs build/bin/spy, not stage0", None)
    if target != "native":
        raise SPyError("unknown target `" + target + "`", None)
    level = opt_level
    if level.startswith("-"):
        level = level[1:]
    if level.startswith("O"):
        level = level[1:]
    if level not in OPT_LEVELS:
        raise SPyError("unknown optimization level `" + opt_level + "`", None)
    lib = target_lib(target)
    argv = c_compiler(target) + ["-O" + level] + C_FLAGS + C_WARNINGS
    if debug:
        argv.append("-g")
    if release:
        argv.append("-DSPY_RELEASE")
    include = os.path.join(spy_home(), "include")
    return argv + ["-I" + include] + c_files + [lib, "-lm", "-o", exe_path]


def file_digest(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.blake2b(f.read(), digest_size=8).hexdigest()


def build_key(argv: list[str], c_files: list[str], lib: str) -> str:
    """A hash of the command (the C files by their content, not their
    temporary names) and of the files it reads, in hex."""
    home = spy_home()
    parts = []
    for arg in argv:
        if arg in c_files:
            parts.append(file_digest(arg))
        else:
            parts.append(arg)
    parts.append(file_digest(lib))
    parts.append(file_digest(os.path.join(home, "include", "spy.h")))
    text = "\0".join(parts).encode("utf-8", "surrogateescape")
    return hashlib.blake2b(text, digest_size=8).hexdigest()


def cache_dir() -> str:
    """The per-user cache of `build -x` (see the module's docstring)."""
    d = os.environ.get("SPY_CACHE_DIR", "")
    if d != "":
        return d
    d = os.environ.get("XDG_CACHE_HOME", "")
    if d != "":
        return os.path.join(d, "spy")
    return os.path.join(os.environ.get("HOME", ""), ".cache", "spy")


def build_cached(
    c_files: list[str],
    stem: str,
    opt_level: str,
    debug: bool,
    release: bool,
    target: str,
) -> str:
    """The executable of `c_files` in the cache, built unless it is there."""
    argv = cc_argv(c_files, stem, opt_level, debug, release, target)
    folder = os.path.join(cache_dir(), build_key(argv, c_files, target_lib(target)))
    exe = os.path.join(folder, stem)
    if os.path.isfile(exe):
        return exe
    # built beside its final name, then renamed: a concurrent run sees
    # either no executable or a whole one
    part = os.path.join(folder, stem + ".part")
    build_executable(c_files, part, opt_level, debug, release, target)
    os.rename(part, exe)
    return exe


def build_executable(
    c_files: list[str],
    exe_path: str,
    opt_level: str,
    debug: bool,
    release: bool,
    target: str,
) -> None:
    """Compile and link `c_files` with libspy into `exe_path`; `release`
    makes integer arithmetic wrap and drops traceback frames (spy.h,
    SPY_RELEASE), from the same C."""
    argv = cc_argv(c_files, exe_path, opt_level, debug, release, target)
    cc = c_compiler(target)
    outdir = os.path.dirname(exe_path)
    if outdir != "":
        os.makedirs(outdir, exist_ok=True)
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, errors="replace")
    except OSError as e:
        reason = e.strerror if e.strerror else str(e)
        raise SPyError("cannot run the C compiler `" + cc[0] + "`: " + reason, None)
    if proc.returncode != 0:
        raise SPyError(
            "the C compiler failed on the generated code (a bug in spy):\n"
            + proc.stderr.rstrip("\n"),
            None,
        )
    if proc.stderr != "":
        # warnings: the C should be warning-free, so show them (a bug too)
        sys.stderr.write(proc.stderr)


def run_executable(exe_path: str, args: list[str], target: str) -> int:
    """Run a built program with our stdio; return its exit status."""
    path = exe_path
    if os.sep not in path:
        path = os.path.join(".", path)  # not a $PATH lookup
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        proc = subprocess.run([path] + args)
    except OSError as e:
        reason = e.strerror if e.strerror else str(e)
        raise SPyError("cannot run `" + exe_path + "`: " + reason, None)
    if proc.returncode < 0:
        return 128 - proc.returncode  # killed by a signal, as a shell says
    return proc.returncode
