"""No import cycle in stage0/ or selfhost/.

stage0's graph has every `import`/`from` statement of every module, read
with Python's `ast` module: those under `if TYPE_CHECKING:` and inside
functions count too, so a cycle cannot hide behind them. selfhost's graph
has the import lines of every .spy file (the SPy importer rejects cycles
too, but only on the path it happens to follow). Layers that need a later
module's code declare an abstract method instead: see `vm/vmbase` and
`model.FrameBase`.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGE0 = ROOT / "stage0"
SELFHOST = ROOT / "selfhost"


def stage0_modules() -> dict[str, Path]:
    """`stage0.vm.frame` -> its file (packages by their `__init__.py`)."""
    modules: dict[str, Path] = {}
    for path in sorted(STAGE0.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def stage0_imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The stage0 modules that module `name` imports, anywhere in its file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level > 0:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            # `from pkg import mod` imports the module pkg.mod
            targets = [base]
            targets += [base + "." + alias.name for alias in node.names]
        for target in targets:
            if target in modules and target != name:
                found.add(target)
    return found


def stage0_graph() -> dict[str, set[str]]:
    modules = stage0_modules()
    return {name: stage0_imports(name, path, modules) for name, path in modules.items()}


IMPORT_LINE = re.compile(r"^(?:from\s+([\w.]+)\s+import\b|import\s+([\w.]+))")


def selfhost_graph() -> dict[str, set[str]]:
    """Module names as the .spy files write them: `vm.frame`, `ast`."""
    modules: dict[str, Path] = {}
    for path in sorted(SELFHOST.rglob("*.spy")):
        modules[".".join(path.relative_to(SELFHOST).with_suffix("").parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = set()
        for line in path.read_text().splitlines():
            m = IMPORT_LINE.match(line)
            if m is None:
                continue
            target = m.group(1) or m.group(2)
            if target in modules and target != name:
                graph[name].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a path `[a, b, ..., a]`, or [] when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> list[str]:
        state[name] = 1
        path.append(name)
        for dep in sorted(graph.get(name, set())):
            if state.get(dep) == 1:
                return path[path.index(dep) :] + [dep]
            if dep not in state:
                cycle = visit(dep)
                if cycle:
                    return cycle
        path.pop()
        state[name] = 2
        return []

    for name in sorted(graph):
        if name not in state:
            cycle = visit(name)
            if cycle:
                return cycle
    return []


def test_find_cycle_finds_one():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_graphs_see_every_import():
    """The readers find the imports that exist today (so a reader that
    finds nothing cannot pass the cycle tests below)."""
    s0 = stage0_graph()
    assert "stage0.vm.vmbase" in s0["stage0.vm.frame"]
    assert "stage0.vm.wtypes" in s0["stage0.ast"]
    sh = selfhost_graph()
    assert "vm.vmbase" in sh["vm.frame"]
    assert "vm.wtypes" in sh["ast"]


def test_stage0_has_no_import_cycle():
    assert find_cycle(stage0_graph()) == []


def test_selfhost_has_no_import_cycle():
    assert find_cycle(selfhost_graph()) == []


def test_public_stdlib_lists_the_importable_modules():
    """The importer's "did you mean" for a module name knows every stdlib
    module a program may import (those not starting with `_`)."""
    from stage0.importer import PUBLIC_STDLIB

    files = sorted(p.stem for p in (ROOT / "stdlib").glob("[!_]*.spy"))
    assert sorted(PUBLIC_STDLIB) == files
    selfhost = (SELFHOST / "importer.spy").read_text()
    assert (
        "PUBLIC_STDLIB = (%s)" % ", ".join('"%s"' % m for m in PUBLIC_STDLIB)
        in selfhost
    )
