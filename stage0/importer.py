"""importer: the module graph of a program.

Input: the path of the main `.spy` file. Output: an `ImportGraph` with every
module reachable through `import`/`from ... import`, parsed, and the import
order (dependencies first, the main module last). A module is looked up in
the importing file's folder, then in `stdlib/`; modules provided by the vm
itself (`__spy__`, `builtins`, `operator`, `unsafe`) have no file. Import
cycles are errors naming the cycle. Comes after the parser, before the vm.
Entry point: `load_program(main_path, stdlib_dir)`.
"""

import os

from stage0 import ast
from stage0.errors import Loc, SPyError, did_you_mean
from stage0.fqn import BUILTINS, OPERATOR, UNSAFE, SPY
from stage0.parser import parse_module

VM_MODULES = [SPY, BUILTINS, OPERATOR, UNSAFE]

# stdlib modules every module sees without importing them: they define
# builtin types (`list`)
IMPLICIT_MODULES = ["_list", "_dict", "_str", "_set", "_file"]
# the stdlib modules a program may import by name (for "did you mean")
PUBLIC_STDLIB = ["array", "math", "os", "time"]


class ModuleInfo:
    name: str
    filename: str
    tree: ast.Module
    imports: list[ast.ImportAlias]

    def __init__(self, name: str, filename: str, tree: ast.Module) -> None:
        self.name = name
        self.filename = filename
        self.tree = tree
        self.imports = []


class ImportGraph:
    modules: dict[str, ModuleInfo]
    order: list[str]
    main: str

    def __init__(self, main: str) -> None:
        self.modules = {}
        self.order = []
        self.main = main


def read_source(path: str, loc: Loc | None) -> str:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise SPyError("cannot read %s: %s" % (path, e.strerror), loc)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        good = data[: e.start].decode("utf-8")
        where = bad_utf8_loc(path, good)
        raise SPyError("the source file is not valid UTF-8", where)


def bad_utf8_loc(path: str, before: str) -> Loc:
    """The line and column of a file's first invalid byte, given the text
    that precedes it."""
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    return Loc(path, line, col, line, col + 1)


class ParseCache:
    """Parsed modules by file name, reused while the source is unchanged:
    every program imports the implicit stdlib modules, and the later phases
    never modify the tree."""

    sources: dict[str, str]
    trees: dict[str, ast.Module]

    def __init__(self) -> None:
        self.sources = {}
        self.trees = {}


PARSE_CACHE = ParseCache()


def parse_cached(source: str, filename: str) -> ast.Module:
    cache = PARSE_CACHE
    if filename in cache.sources and cache.sources[filename] == source:
        return cache.trees[filename]
    tree = parse_module(source, filename)
    cache.sources[filename] = source
    cache.trees[filename] = tree
    return tree


def module_imports(tree: ast.Module) -> list[ast.ImportAlias]:
    """The modules a module imports, as aliases carrying the dotted name
    and the location of the import."""
    result: list[ast.ImportAlias] = []
    for stmt in tree.body:
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                result.append(alias)
        elif isinstance(stmt, ast.ImportFrom):
            result.append(ast.ImportAlias(stmt.loc, stmt.module, ""))
    return result


class Importer:
    stdlib_dir: str
    main_dir: str
    graph: ImportGraph
    visiting: list[str]

    def __init__(self, stdlib_dir: str, main: str, main_dir: str) -> None:
        self.stdlib_dir = stdlib_dir
        self.main_dir = main_dir
        self.graph = ImportGraph(main)
        self.visiting = []

    def find(self, name: str, from_dir: str, loc: Loc) -> str:
        rel = name.replace(".", "/") + ".spy"
        # as Python puts the script's folder on sys.path, a module in a
        # subfolder can import the program's top-level modules
        for folder in [from_dir, self.main_dir, self.stdlib_dir]:
            path = os.path.join(folder, rel)
            if os.path.isfile(path):
                return path
        note = did_you_mean(name, PUBLIC_STDLIB + [UNSAFE, SPY])
        raise SPyError("no module named '%s'" % name, loc, note)

    def visit(self, name: str, filename: str, loc: Loc | None) -> None:
        if name in self.graph.modules:
            return
        if name in self.visiting:
            start = self.visiting.index(name)
            cycle = self.visiting[start:] + [name]
            raise SPyError("import cycle: " + " -> ".join(cycle), loc)
        tree = parse_cached(read_source(filename, loc), filename)
        info = ModuleInfo(name, filename, tree)
        info.imports = module_imports(tree)
        self.visiting.append(name)
        folder = os.path.dirname(filename)
        for implicit in IMPLICIT_MODULES:
            if implicit == name:
                break  # an implicit module sees only the ones before it
            path = os.path.join(self.stdlib_dir, implicit + ".spy")
            self.visit(implicit, path, None)
        for alias in info.imports:
            if alias.name in VM_MODULES:
                continue
            path = self.find(alias.name, folder, alias.loc)
            self.visit(alias.name, path, alias.loc)
        self.visiting.pop()
        self.graph.modules[name] = info
        self.graph.order.append(name)


def main_module_name(path: str) -> str:
    base = os.path.basename(path)
    if base.endswith(".spy"):
        base = base[: len(base) - 4]
    return base


def load_program(main_path: str, stdlib_dir: str) -> ImportGraph:
    name = main_module_name(main_path)
    importer = Importer(stdlib_dir, name, os.path.dirname(main_path))
    importer.visit(name, main_path, None)
    return importer.graph


def format_imports(graph: ImportGraph) -> str:
    """The text printed by `spy imports`: the import order."""
    out: list[str] = []
    for name in graph.order:
        info = graph.modules[name]
        deps = [a.name for a in info.imports]
        line = name
        if len(deps) > 0:
            line = line + " <- " + ", ".join(deps)
        out.append(line)
    return "\n".join(out) + "\n"
