"""cli: the `spy` command line of stage0 (docs/architecture.md section 7).

    build FILE.spy [-o EXE] [-x] [--target native|wasi] [-g] [-O0..3] [--release]
    build --target pyext FILE.spy [-o DIR] [--python PATH] [--no-compile] [-g] [-O0..3] [--release]
    cwrite FILE.spy -o DIR [--split N]
    parse | symtable | colorize | imports | redshift [--externs] FILE.spy
    --version | --help

The usage text is the native spy's; running a program in the interpreter
(`FILE.spy`, `redshift -x`) is the native spy's alone.

Runs the phases in order and prints every error in one place. Exit status:
0 success, 1 an error in the user's program, 2 bad usage.
Entry point: `main(argv)`.
"""

import os
import sys
import tempfile

from stage0 import ast
from stage0.build import build_cached, build_executable, run_executable
from stage0.cwriter import cwrite
from stage0.errors import SPyError, format_error, read_source_line
from stage0.importer import ImportGraph, load_program, format_imports, read_source
from stage0.parser import parse_module
from stage0.redshift import format_program, redshift_program
from stage0.scope import analyze_module, format_symtables
from stage0.unparse import unparse_module
from stage0.vm.vm import SpyVM

VERSION = "spy stage0 0.1.0"

USAGE = """usage:
  spy FILE.spy [ARGS...]
  spy redshift -x FILE.spy [ARGS...]
  spy build FILE.spy [-o EXE] [-x] [--target native|wasi] [-g] [-O0..3] [--release]
  spy build --target pyext FILE.spy [-o DIR] [--python PATH] [--no-compile]
  spy cwrite FILE.spy -o DIR [--split N]
  spy parse | symtable | colorize | imports | redshift [--externs] FILE.spy
  spy --version | --help
"""

COMMANDS = ["build", "cwrite", "parse", "symtable", "colorize", "imports", "redshift"]


class Options:
    command: str
    filename: str
    output: str
    execute: bool
    externs: bool
    target: str
    debug: bool
    release: bool
    opt_level: str
    split: int
    run_args: list[str]
    # --target pyext: the Python that builds the module ("": python3);
    # write its sources only
    python: str
    no_compile: bool

    def __init__(self, command: str) -> None:
        self.command = command
        self.filename = ""
        self.output = ""
        self.execute = False
        self.externs = False
        self.target = "native"
        self.debug = False
        # --release: integers wrap instead of raising OverflowError, no frames
        self.release = False
        self.opt_level = "2"
        # cwrite --split N: the functions in N C files (cwriter.write_program)
        self.split = 1
        self.run_args = []
        self.python = ""
        self.no_compile = False


NO_INTERPRETER = "the interpreter is in the native spy only (build/bin/spy)"


class UsageError(Exception):
    pass


def parse_args(argv: list[str]) -> Options:
    if len(argv) == 0:
        raise UsageError("missing command")
    if argv[0].endswith(".spy"):
        raise UsageError(NO_INTERPRETER)
    opts = Options(argv[0])
    if opts.command not in COMMANDS:
        raise UsageError("unknown command '%s'" % argv[0])
    i = 1
    while i < len(argv):
        arg = argv[i]
        if opts.filename != "" and opts.execute and opts.command == "build":
            opts.run_args.append(arg)
        elif arg == "-o":
            if i + 1 >= len(argv):
                raise UsageError("-o needs a value")
            opts.output = argv[i + 1]
            i = i + 1
        elif arg == "-x":
            if opts.command == "redshift":
                raise UsageError(NO_INTERPRETER)
            opts.execute = True
        elif arg == "--externs" and opts.command == "redshift":
            opts.externs = True
        elif arg == "-g":
            opts.debug = True
        elif arg == "--release" and opts.command == "build":
            opts.release = True
        elif arg in ("-O0", "-O1", "-O2", "-O3"):
            opts.opt_level = arg[2:]
        elif arg == "--split" and opts.command == "cwrite":
            if i + 1 >= len(argv) or parse_count(argv[i + 1]) == 0:
                raise UsageError("--split takes a number from 1 to 64")
            opts.split = parse_count(argv[i + 1])
            i = i + 1
        elif arg == "--target":
            if i + 1 >= len(argv) or not is_target(argv[i + 1]):
                raise UsageError("--target takes native, wasi or pyext")
            opts.target = argv[i + 1]
            i = i + 1
        elif arg == "--python" and opts.command == "build":
            if i + 1 >= len(argv):
                raise UsageError("--python needs a value")
            opts.python = argv[i + 1]
            i = i + 1
        elif arg == "--no-compile" and opts.command == "build":
            opts.no_compile = True
        elif arg.startswith("-"):
            raise UsageError("unknown option '%s'" % arg)
        elif opts.filename == "":
            opts.filename = arg
        else:
            raise UsageError("unexpected argument '%s'" % arg)
        i = i + 1
    if opts.filename == "":
        raise UsageError("missing FILE.spy")
    if opts.command == "cwrite" and opts.output == "":
        raise UsageError("cwrite needs -o DIR")
    if opts.target == "pyext" and opts.execute:
        raise UsageError("a pyext module does not run: import it from Python")
    if opts.target != "pyext" and (opts.no_compile or opts.python != ""):
        raise UsageError("--python and --no-compile go with --target pyext")
    return opts


def is_target(name: str) -> bool:
    return name == "native" or name == "wasi" or name == "pyext"


def parse_count(text: str) -> int:
    """text as a number from 1 to 64 (decimal digits only), else 0."""
    if len(text) == 0 or len(text) > 2:
        return 0
    n = 0
    for c in text:
        if c < "0" or c > "9":
            return 0
        n = n * 10 + (ord(c) - ord("0"))
    if n > 64:
        return 0
    return n


def repo_root() -> str:
    home = os.environ.get("SPY_HOME", "")
    if home != "":
        return home
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def stem_of(path: str) -> str:
    base = os.path.basename(path)
    if base.endswith(".spy"):
        return base[: len(base) - 4]
    return base


def load(opts: Options) -> tuple[ImportGraph, SpyVM]:
    stdlib_dir = os.path.join(repo_root(), "stdlib")
    graph = load_program(opts.filename, stdlib_dir)
    vm = SpyVM(stdlib_dir)
    if opts.command == "colorize":
        vm.color_log = []
    vm.load(graph)
    return graph, vm


def compile_typed(opts: Options) -> ast.TypedProgram:
    graph, vm = load(opts)
    return redshift_program(vm, graph.main)


def format_colors(vm: SpyVM) -> str:
    log = vm.color_log
    assert log is not None
    out: list[str] = []
    seen: dict[str, bool] = {}
    log = sorted(
        log, key=lambda entry: (entry[0].line, entry[0].col, -entry[0].end_col)
    )
    for loc, color in log:
        key = "%s:%d:%d:%d" % (loc.filename, loc.line, loc.col, loc.end_col)
        if key in seen:
            continue
        seen[key] = True
        text = read_source_line(loc.filename, loc.line)
        snippet = ""
        if text is not None and loc.end_line == loc.line:
            snippet = text[loc.col - 1 : loc.end_col - 1]
        out.append("%d:%d %s %s" % (loc.line, loc.col, color, snippet))
    return "\n".join(out) + "\n"


def run_command(opts: Options) -> int:
    cmd = opts.command
    if cmd == "parse":
        tree = parse_module(read_source(opts.filename, None), opts.filename)
        sys.stdout.write(unparse_module(tree))
        return 0
    if cmd == "symtable":
        tree = parse_module(read_source(opts.filename, None), opts.filename)
        names = list(SpyVM("").w_builtins.members.keys())
        sys.stdout.write(format_symtables(analyze_module(tree, names)))
        return 0
    if cmd == "imports":
        stdlib_dir = os.path.join(repo_root(), "stdlib")
        sys.stdout.write(format_imports(load_program(opts.filename, stdlib_dir)))
        return 0
    if cmd == "colorize":
        graph, vm = load(opts)
        redshift_program(vm, graph.main)
        sys.stdout.write(format_colors(vm))
        return 0
    if cmd == "build" and opts.target == "pyext":
        # targets beyond native are selfhost's (docs/architecture.md)
        raise SPyError("target `pyext` needs build/bin/spy, not stage0", None)
    prog = compile_typed(opts)
    if cmd == "redshift":
        sys.stdout.write(format_program(prog, opts.externs))
        return 0
    stem = stem_of(opts.filename)
    if cmd == "cwrite":
        os.makedirs(opts.output, exist_ok=True)
        cwrite(prog, opts.output, stem, opts.debug, opts.split)
        return 0
    exe = opts.output
    with tempfile.TemporaryDirectory(prefix="spy-build-") as tmp:
        c_files = cwrite(prog, tmp, stem, opts.debug, 1)
        if exe == "" and opts.execute:
            exe = build_cached(
                c_files, stem, opts.opt_level, opts.debug, opts.release, opts.target
            )
        else:
            if exe == "":
                exe = os.path.join(".", stem)
            build_executable(
                c_files, exe, opts.opt_level, opts.debug, opts.release, opts.target
            )
    if opts.execute:
        sys.stdout.flush()
        return run_executable(exe, opts.run_args, opts.target)
    return 0


def main(argv: list[str]) -> int:
    # deeply nested programs recurse deeply in every phase
    if sys.getrecursionlimit() < 8000:
        sys.setrecursionlimit(8000)
    if len(argv) > 0 and argv[0] in ("--help", "-h"):
        sys.stdout.write(USAGE)
        return 0
    if len(argv) > 0 and argv[0] == "--version":
        sys.stdout.write(VERSION + "\n")
        return 0
    try:
        opts = parse_args(argv)
    except UsageError as e:
        sys.stderr.write("spy: %s\n%s" % (e, USAGE))
        return 2
    try:
        return run_command(opts)
    except SPyError as err:
        sys.stderr.write(format_error(err))
        return 1
    except RecursionError:
        sys.stderr.write("error: the program is nested too deeply\n")
        return 1
