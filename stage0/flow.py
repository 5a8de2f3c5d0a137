"""flow: definite assignment of locals (docs/language.md section 5).

Input: a parsed `ast.Module` and its `ScopeInfo`. Output: nothing, or the
first read of a local that some path reaches without assigning it, as an
error naming the local and that path. Runs in the vm right after scope, on
every function of every module (red and blue, nested ones and methods),
before the module's top-level code runs. Entry point:
`check_module(mod, info)`.

The analysis walks each body once, forward, with a `FlowState`: the
locals that may still be unassigned at this point, each with the reason
(the `if`, loop or `break` whose path leaves it unassigned). Where paths
join, `merge` keeps a local unassigned if it is unassigned on any path.
Assigning only adds, so a loop needs no fixed point: its body starts from
the state before the loop. Conditions are never evaluated, not even blue
ones: `if True:` has two paths. The one exception is the literal
`while True`, which leaves only by `break` (as in Java).

A `try` (L2) will hook in here: the handler starts from the merge of the
states before each statement of the `try` body, and `finally` from the
merge of every way out.
"""

from stage0 import ast
from stage0.errors import SPyError
from stage0.scope import (
    STORE_CONST,
    STORE_DEF,
    STORE_PLAIN,
    SYM_LOCAL,
    ScopeInfo,
    SymTable,
)

# the reason of a local that no path before the read assigns
NEVER = ""


class FlowState:
    """The locals that may be unassigned at one point, each with the
    reason (NEVER or "it is not assigned when ..."); `dead` when no path
    reaches the point (after `return`, `raise`, `break`, `continue`)."""

    unassigned: dict[str, str]
    dead: bool

    def __init__(self) -> None:
        self.unassigned = {}
        self.dead = False


def copy_state(state: FlowState) -> FlowState:
    out = FlowState()
    for name in state.unassigned:
        out.unassigned[name] = state.unassigned[name]
    out.dead = state.dead
    return out


def dead_state() -> FlowState:
    out = FlowState()
    out.dead = True
    return out


def touched(base: FlowState, paths: list[FlowState], name: str) -> bool:
    """Does some live path assign `name`, or leave it unassigned for
    another reason than `base`'s?"""
    for path in paths:
        if path.dead:
            continue
        if name not in path.unassigned:
            return True
        if path.unassigned[name] != base.unassigned[name]:
            return True
    return False


def first_unassigned(paths: list[FlowState], name: str) -> int:
    """The index of the first live path that leaves `name` unassigned, or
    -1."""
    for i in range(len(paths)):
        path = paths[i]
        if not path.dead and name in path.unassigned:
            return i
    return -1


def join_reason(
    base: FlowState,
    paths: list[FlowState],
    labels: list[str],
    loops: list[FlowState],
    name: str,
) -> str:
    """The reason of a local that some path leaves unassigned: `base`'s if
    no path touches it; else the label of the first path that leaves it
    as `base` did; else the first path's own reason."""
    reason = base.unassigned[name]
    if not touched(base, paths, name) and not touched(base, loops, name):
        return reason
    for i in range(len(paths)):
        path = paths[i]
        if path.dead or name not in path.unassigned:
            continue
        if path.unassigned[name] == reason:
            return labels[i]
    return paths[first_unassigned(paths, name)].unassigned[name]


def merge(
    base: FlowState, paths: list[FlowState], labels: list[str], loops: list[FlowState]
) -> FlowState:
    """The state where `paths` join, each derived from `base` by adding
    assignments (`labels[i]` says how path i gets here). `loops` are the
    states that go back to a loop's head: they never reach the join
    directly, but a later iteration may, so they count as touching."""
    out = FlowState()
    if first_live(paths) < 0:
        out.dead = True
        return out
    for name in base.unassigned:
        if first_unassigned(paths, name) >= 0:
            out.unassigned[name] = join_reason(base, paths, labels, loops, name)
    return out


def first_live(paths: list[FlowState]) -> int:
    """The index of the first path that is not dead, or -1."""
    for i in range(len(paths)):
        if not paths[i].dead:
            return i
    return -1


class LoopFlow:
    """The states that leave the innermost loop by `break` (with the line
    of each) and go back to its head by `continue`."""

    breaks: list[FlowState]
    break_lines: list[int]
    continues: list[FlowState]

    def __init__(self) -> None:
        self.breaks = []
        self.break_lines = []
        self.continues = []


def use_message(name: str, reason: str) -> str:
    if reason == NEVER:
        return "'%s' is used before it is assigned" % name
    return "'%s' may be used before it is assigned: %s" % (name, reason)


def branch_reason(keyword: str, line: int, outcome: str) -> str:
    return "it is not assigned when the `%s` at line %d %s" % (keyword, line, outcome)


def is_elif(s: ast.If, parent: ast.If | None) -> bool:
    """An `elif` is an `If` alone in its parent's orelse, in the parent's
    column (a nested `if` under `else:` is indented further)."""
    if parent is None or len(parent.orelse) != 1:
        return False
    return parent.orelse[0] is s and s.loc.col == parent.loc.col


class FlowChecker:
    info: ScopeInfo
    table: SymTable
    loops: list[LoopFlow]

    def __init__(self, info: ScopeInfo, table: SymTable) -> None:
        self.info = info
        self.table = table
        self.loops = []

    def start_state(self) -> FlowState:
        """Every local but the parameters (and type parameters) starts
        unassigned."""
        state = FlowState()
        for name in self.table.symbols:
            sym = self.table.symbols[name]
            if sym.kind != SYM_LOCAL:
                continue
            if sym.storage == STORE_PLAIN or sym.storage == STORE_CONST:
                state.unassigned[name] = NEVER
            if sym.storage == STORE_DEF:
                state.unassigned[name] = NEVER
        return state

    # ------------------------------------------------------------ reads

    def read_expr(self, e: ast.Expr, state: FlowState) -> None:
        self.read_node(e, state, None)

    def read_node(self, n: ast.Node, state: FlowState, shadow: SymTable | None) -> None:
        """Check every name that `n` reads; `shadow` is a class body's
        table, whose own names are not this function's locals."""
        if state.dead:
            return
        if isinstance(n, ast.Name):
            if shadow is not None:
                sym = shadow.lookup(n.id)
                if sym is not None and sym.kind == SYM_LOCAL:
                    return
            if n.id in state.unassigned:
                raise SPyError(use_message(n.id, state.unassigned[n.id]), n.loc)
            return
        for child in ast.children_of(n):
            self.read_node(child, state, shadow)

    def assign_target(self, target: ast.Expr, state: FlowState) -> None:
        """A target reads its container and index, then binds its names."""
        if isinstance(target, ast.Name):
            self.assign_name(target.id, state)
        elif isinstance(target, ast.Tuple):
            for item in target.items:
                self.assign_target(item, state)
        else:
            self.read_expr(target, state)

    def assign_name(self, name: str, state: FlowState) -> None:
        if name in state.unassigned:
            state.unassigned.pop(name)

    # ------------------------------------------------------------ statements

    def flow_body(self, body: list[ast.Stmt], state: FlowState) -> FlowState:
        for s in body:
            state = self.flow_stmt(s, state)
        return state

    def flow_stmt(self, s: ast.Stmt, state: FlowState) -> FlowState:
        if state.dead:
            return state
        if isinstance(s, ast.Assign):
            self.read_expr(s.value, state)
            self.assign_target(s.target, state)
        elif isinstance(s, ast.AugAssign):
            self.read_expr(s.target, state)
            self.read_expr(s.value, state)
        elif isinstance(s, ast.AnnAssign):
            self.flow_stmt_AnnAssign(s, state)
        elif isinstance(s, ast.ConstDef):
            self.read_expr(s.value, state)
            self.assign_name(s.name, state)
        elif isinstance(s, ast.ExprStmt):
            self.read_expr(s.value, state)
        elif isinstance(s, ast.Assert):
            self.read_expr(s.test, state)
            if s.msg is not None:
                self.read_expr(s.msg, state)
        elif isinstance(s, ast.Return):
            if s.value is not None:
                self.read_expr(s.value, state)
            return dead_state()
        elif isinstance(s, ast.Raise):
            self.read_expr(s.exc, state)
            return dead_state()
        elif isinstance(s, ast.Break):
            return self.flow_stmt_Break(s, state)
        elif isinstance(s, ast.Continue):
            if len(self.loops) > 0:
                self.loops[len(self.loops) - 1].continues.append(state)
            return dead_state()
        elif isinstance(s, ast.If):
            return self.flow_stmt_If(s, state, None)
        elif isinstance(s, ast.While):
            return self.flow_stmt_While(s, state)
        elif isinstance(s, ast.For):
            return self.flow_stmt_For(s, state)
        elif isinstance(s, ast.FuncDef):
            self.flow_stmt_FuncDef(s, state)
        elif isinstance(s, ast.ClassDef):
            self.flow_stmt_ClassDef(s, state)
        return state

    def flow_stmt_AnnAssign(self, s: ast.AnnAssign, state: FlowState) -> None:
        """`x: T` alone declares x without assigning it, as in Python."""
        self.read_expr(s.annotation, state)
        if s.value is not None:
            self.read_expr(s.value, state)
            self.assign_name(s.target.id, state)

    def flow_stmt_Break(self, s: ast.Break, state: FlowState) -> FlowState:
        """(Outside a loop, redshift reports the `break`.)"""
        if len(self.loops) == 0:
            return dead_state()
        loop = self.loops[len(self.loops) - 1]
        loop.breaks.append(state)
        loop.break_lines.append(s.loc.line)
        return dead_state()

    def flow_stmt_If(
        self, s: ast.If, state: FlowState, parent: ast.If | None
    ) -> FlowState:
        keyword = "if"
        if is_elif(s, parent):
            keyword = "elif"
        self.read_expr(s.test, state)
        body = self.flow_body(s.body, copy_state(state))
        orelse = copy_state(state)
        if len(s.orelse) == 1 and isinstance(s.orelse[0], ast.If):
            orelse = self.flow_stmt_If(s.orelse[0], orelse, s)
        else:
            orelse = self.flow_body(s.orelse, orelse)
        labels = [
            branch_reason(keyword, s.loc.line, "is true"),
            branch_reason(keyword, s.loc.line, "is false"),
        ]
        return merge(state, [body, orelse], labels, [])

    def flow_stmt_While(self, s: ast.While, state: FlowState) -> FlowState:
        forever = isinstance(s.test, ast.Bool) and s.test.value
        self.read_expr(s.test, state)
        paths: list[FlowState] = []
        labels: list[str] = []
        if not forever:
            paths.append(state)
            labels.append(branch_reason("while", s.loc.line, "runs zero times"))
        return self.flow_loop(s.body, state, copy_state(state), paths, labels)

    def flow_stmt_For(self, s: ast.For, state: FlowState) -> FlowState:
        """The target is assigned at the start of each iteration only."""
        self.read_expr(s.iter, state)
        start = copy_state(state)
        self.assign_target(s.target, start)
        paths = [state]
        labels = [branch_reason("for", s.loc.line, "runs zero times")]
        return self.flow_loop(s.body, state, start, paths, labels)

    def flow_loop(
        self,
        body: list[ast.Stmt],
        before: FlowState,
        start: FlowState,
        paths: list[FlowState],
        labels: list[str],
    ) -> FlowState:
        """A loop's body runs from `start`; the loop is left by the given
        `paths` (the test failing) and by each `break`."""
        loop = LoopFlow()
        self.loops.append(loop)
        end = self.flow_body(body, start)
        self.loops.pop()
        for i in range(len(loop.breaks)):
            paths.append(loop.breaks[i])
            line = loop.break_lines[i]
            labels.append(branch_reason("break", line, "leaves the loop"))
        back = [end]
        for state in loop.continues:
            back.append(state)
        return merge(before, paths, labels, back)

    def flow_stmt_FuncDef(self, s: ast.FuncDef, state: FlowState) -> None:
        """A nested `def` reads its decorators, defaults and annotations
        here; its body is checked on its own."""
        for deco in s.decorators:
            self.read_expr(deco, state)
        for param in s.params:
            if param.default is not None:
                self.read_expr(param.default, state)
        if len(s.type_params) == 0:
            for param in s.params:
                if param.annotation is not None:
                    self.read_expr(param.annotation, state)
            if s.return_type is not None:
                self.read_expr(s.return_type, state)
        self.assign_name(s.name, state)
        check_function(s, self.info, self.info.funcs[s])

    def flow_stmt_ClassDef(self, s: ast.ClassDef, state: FlowState) -> None:
        """A nested `class` reads its decorators and bases, and its body
        the constants and field types, here; its methods are checked on
        their own."""
        table = self.info.classes[s]
        for deco in s.decorators:
            self.read_expr(deco, state)
        for base in s.bases:
            self.read_node(base, state, table)
        for stmt in s.body:
            if isinstance(stmt, ast.Assign):
                self.read_node(stmt.value, state, table)
            elif isinstance(stmt, ast.AnnAssign):
                self.read_node(stmt.annotation, state, table)
        self.assign_name(s.name, state)
        check_class(s, self.info)


def check_function(func: ast.FuncDef, info: ScopeInfo, table: SymTable) -> None:
    checker = FlowChecker(info, table)
    checker.flow_body(func.body, checker.start_state())


def check_class(cls: ast.ClassDef, info: ScopeInfo) -> None:
    for stmt in cls.body:
        if isinstance(stmt, ast.FuncDef):
            check_function(stmt, info, info.funcs[stmt])


def check_module(mod: ast.Module, info: ScopeInfo) -> None:
    """Check every function of the module, methods and nested ones too."""
    for stmt in mod.body:
        if isinstance(stmt, ast.FuncDef):
            check_function(stmt, info, info.funcs[stmt])
        elif isinstance(stmt, ast.ClassDef):
            check_class(stmt, info)
