"""scope: AST -> symbol tables.

Input: a parsed `ast.Module`. Output: a `ScopeInfo` holding one `SymTable`
for the module and one per `def`, where each name a function uses is
classified as local, outer (a local of an enclosing function), global or
builtin, with how it is stored (param, var, const, plain) and how often it is
assigned. Comes after the parser; the vm and redshift only read its result.
Entry point: `analyze_module(mod, builtin_names)`.
"""

from stage0 import ast
from stage0.errors import Loc, SPyError, did_you_mean
from stage0.fqn import BLUE, RED

# Symbol.kind: where the name lives
SYM_LOCAL = "local"
SYM_OUTER = "outer"  # a local of an enclosing function
SYM_GLOBAL = "global"
SYM_BUILTIN = "builtin"

# Symbol.storage: how the name is bound
STORE_PARAM = "param"
STORE_VAR = "var"
STORE_CONST = "const"
STORE_TYPEPARAM = "typeparam"
STORE_DEF = "def"  # a def, class or import binding
STORE_PLAIN = "plain"


class Symbol:
    """`kind`: one of SYM_*. `storage`: one of STORE_*. `top_level_once`
    is true for a local assigned exactly once, outside any block: such a
    local may stay blue."""

    name: str
    kind: str
    storage: str
    assignments: int
    top_level_once: bool
    loc: Loc

    def __init__(self, name: str, kind: str, storage: str, loc: Loc) -> None:
        self.name = name
        self.kind = kind
        self.storage = storage
        self.assignments = 0
        self.top_level_once = False
        self.loc = loc


class SymTable:
    name: str
    color: str
    symbols: dict[str, Symbol]
    parent: "SymTable | None"
    # a class body: the functions inside see only its type parameters and
    # `Self`, not its methods and constants (as in Python)
    is_class: bool

    def __init__(self, name: str, color: str, parent: "SymTable | None") -> None:
        self.name = name
        self.color = color
        self.symbols = {}
        self.parent = parent
        self.is_class = False

    def lookup(self, name: str) -> Symbol | None:
        if name in self.symbols:
            return self.symbols[name]
        return None


class ScopeInfo:
    module: SymTable
    funcs: dict[ast.FuncDef, SymTable]
    classes: dict[ast.ClassDef, SymTable]
    order: list[SymTable]

    def __init__(self, module: SymTable) -> None:
        self.module = module
        self.funcs = {}
        self.classes = {}
        self.order = [module]


def decorator_color(decorators: list[ast.Expr]) -> str:
    """`@blue` and `@blue.generic` make a blue function; known syntactically
    so that scope can tell red locals from blue ones."""
    for deco in decorators:
        if isinstance(deco, ast.Name) and deco.id == "blue":
            return BLUE
        if isinstance(deco, ast.Attribute) and isinstance(deco.value, ast.Name):
            if deco.value.id == "blue":
                return BLUE
    return RED


class ScopeAnalyzer:
    info: ScopeInfo
    builtin_names: list[str]

    def __init__(self, builtin_names: list[str]) -> None:
        self.builtin_names = builtin_names
        self.info = ScopeInfo(SymTable("<module>", BLUE, None))

    # ------------------------------------------------------------ declare

    def declare(
        self, table: SymTable, name: str, storage: str, loc: Loc, top: bool
    ) -> None:
        sym = table.lookup(name)
        if sym is None:
            sym = Symbol(name, SYM_LOCAL, storage, loc)
            table.symbols[name] = sym
            sym.top_level_once = top
        else:
            sym.top_level_once = False
            if storage == STORE_CONST or sym.storage == STORE_CONST:
                raise SPyError("'%s' is const" % name, loc)
        sym.assignments = sym.assignments + 1

    def declare_target(self, table: SymTable, target: ast.Expr, top: bool) -> None:
        if isinstance(target, ast.Name):
            self.declare(table, target.id, STORE_PLAIN, target.loc, top)
        elif isinstance(target, ast.Tuple):
            for item in target.items:
                self.declare_target(table, item, False)

    def declare_module(self, mod: ast.Module) -> None:
        table = self.info.module
        for stmt in mod.body:
            if isinstance(stmt, ast.FuncDef) or isinstance(stmt, ast.ClassDef):
                self.declare(table, stmt.name, STORE_DEF, stmt.loc, True)
            elif isinstance(stmt, ast.VarDef):
                self.declare(table, stmt.name, STORE_VAR, stmt.loc, True)
            elif isinstance(stmt, ast.ConstDef):
                self.declare(table, stmt.name, STORE_CONST, stmt.loc, True)
            elif isinstance(stmt, ast.Assign):
                self.declare_target(table, stmt.target, True)
            elif isinstance(stmt, ast.AnnAssign):
                self.declare(table, stmt.target.id, STORE_PLAIN, stmt.loc, True)
            elif isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    name = alias.asname
                    if name == "":
                        name = alias.name.split(".")[0]
                    self.declare(table, name, STORE_DEF, alias.loc, True)
            elif isinstance(stmt, ast.ImportFrom):
                for alias in stmt.names:
                    name = alias.asname
                    if name == "":
                        name = alias.name
                    self.declare(table, name, STORE_DEF, alias.loc, True)
            else:
                raise SPyError(
                    "only imports, `def`, `class`, `var` and assignments are "
                    "allowed at module level",
                    stmt.loc,
                )

    def declare_body(self, table: SymTable, body: list[ast.Stmt], top: bool) -> None:
        for stmt in body:
            self.declare_stmt(table, stmt, top)

    def declare_stmt(self, table: SymTable, stmt: ast.Stmt, top: bool) -> None:
        if isinstance(stmt, ast.Assign):
            if self.is_module_global(table, stmt.target):
                return
            self.declare_target(table, stmt.target, top)
        elif isinstance(stmt, ast.AugAssign):
            if self.is_module_global(table, stmt.target):
                return
            self.declare_target(table, stmt.target, False)
        elif isinstance(stmt, ast.AnnAssign):
            self.declare(table, stmt.target.id, STORE_PLAIN, stmt.loc, top)
        elif isinstance(stmt, ast.ConstDef):
            self.declare(table, stmt.name, STORE_CONST, stmt.loc, top)
        elif isinstance(stmt, ast.VarDef):
            raise SPyError("`var` is only allowed at module level", stmt.loc)
        elif isinstance(stmt, ast.FuncDef) or isinstance(stmt, ast.ClassDef):
            self.declare(table, stmt.name, STORE_DEF, stmt.loc, top)
        elif isinstance(stmt, ast.If):
            self.declare_body(table, stmt.body, False)
            self.declare_body(table, stmt.orelse, False)
        elif isinstance(stmt, ast.While):
            self.declare_body(table, stmt.body, False)
        elif isinstance(stmt, ast.For):
            self.declare_target(table, stmt.target, False)
            self.declare_body(table, stmt.body, False)
        elif isinstance(stmt, ast.Import) or isinstance(stmt, ast.ImportFrom):
            raise SPyError("imports are only allowed at module level", stmt.loc)

    def is_module_global(self, table: SymTable, target: ast.Expr) -> bool:
        """Assigning a module-level name from a function: a `var` is
        assigned in place, a constant is an error."""
        if not isinstance(target, ast.Name) or target.id in table.symbols:
            return False
        sym = self.info.module.lookup(target.id)
        if sym is None:
            return False
        if sym.storage == STORE_VAR:
            return True
        raise SPyError(
            "'%s' is const" % target.id,
            target.loc,
            "declare it `var %s = ...` at module level to assign it" % target.id,
        )

    # ------------------------------------------------------------ resolve

    def resolve(self, table: SymTable, name: str, loc: Loc) -> None:
        if table.lookup(name) is not None:
            return
        parent = table.parent
        while parent is not None:
            sym = parent.lookup(name)
            if parent.is_class and sym is not None and sym.storage != STORE_TYPEPARAM:
                sym = None
            if sym is not None:
                kind = sym.kind
                if kind == SYM_LOCAL and parent is self.info.module:
                    kind = SYM_GLOBAL
                elif kind == SYM_LOCAL:
                    kind = SYM_OUTER
                table.symbols[name] = Symbol(name, kind, sym.storage, loc)
                return
            parent = parent.parent
        if name in self.builtin_names:
            table.symbols[name] = Symbol(name, SYM_BUILTIN, STORE_DEF, loc)
            return
        note = did_you_mean(name, self.visible_names(table))
        raise SPyError("name '%s' is not defined" % name, loc, note)

    def visible_names(self, table: SymTable) -> list[str]:
        """The names a lookup from table could find, sorted (for hints)."""
        names: list[str] = []
        scope: SymTable | None = table
        while scope is not None:
            if not scope.is_class or scope is table:
                for name in scope.symbols:
                    names.append(name)
            scope = scope.parent
        for name in self.builtin_names:
            names.append(name)
        names.sort()
        return names

    def visit_function(self, parent: SymTable, func: ast.FuncDef) -> None:
        color = decorator_color(func.decorators)
        table = SymTable(func.name, color, parent)
        self.info.funcs[func] = table
        self.info.order.append(table)
        for tp in func.type_params:
            self.declare(table, tp, STORE_TYPEPARAM, func.loc, True)
        for param in func.params:
            if param.name in table.symbols:
                raise SPyError("duplicate parameter '%s'" % param.name, param.loc)
            self.declare(table, param.name, STORE_PARAM, param.loc, False)
        self.declare_body(table, func.body, True)
        # annotations are evaluated where the def runs, except that PEP 695
        # type parameters are visible in them
        ann_table = parent
        if len(func.type_params) > 0:
            ann_table = table
        for param in func.params:
            if param.annotation is not None:
                self.visit_expr(ann_table, param.annotation)
            if param.default is not None:
                self.visit_expr(parent, param.default)
        if func.return_type is not None:
            self.visit_expr(ann_table, func.return_type)
        self.visit_body(table, func.body)

    def visit_class(self, parent: SymTable, cls: ast.ClassDef) -> None:
        """A class body is a scope of its own; its methods see its type
        parameters and `Self` as outer names."""
        table = SymTable(cls.name, BLUE, parent)
        table.is_class = True
        self.info.classes[cls] = table
        self.info.order.append(table)
        for tp in cls.type_params:
            self.declare(table, tp, STORE_TYPEPARAM, cls.loc, True)
        self.declare(table, "Self", STORE_TYPEPARAM, cls.loc, True)
        base_table = parent
        if len(cls.type_params) > 0:
            base_table = table
        for base in cls.bases:
            self.visit_expr(base_table, base)
        for stmt in cls.body:
            if isinstance(stmt, ast.FuncDef):
                self.declare(table, stmt.name, STORE_DEF, stmt.loc, True)
            elif isinstance(stmt, ast.Assign) and isinstance(stmt.target, ast.Name):
                self.declare(table, stmt.target.id, STORE_CONST, stmt.loc, True)
            elif isinstance(stmt, ast.AnnAssign) or isinstance(stmt, ast.Pass):
                pass
            else:
                raise SPyError(
                    "a class body holds fields, methods and constants only",
                    stmt.loc,
                )
        for stmt in cls.body:
            if isinstance(stmt, ast.FuncDef):
                for deco in stmt.decorators:
                    self.visit_expr(table, deco)
                self.visit_function(table, stmt)
            elif isinstance(stmt, ast.Assign):
                self.visit_expr(table, stmt.value)
            elif isinstance(stmt, ast.AnnAssign):
                self.visit_expr(table, stmt.annotation)
                if stmt.value is not None:
                    raise SPyError(
                        "a field cannot have a default value", stmt.value.loc
                    )

    def visit_body(self, table: SymTable, body: list[ast.Stmt]) -> None:
        for stmt in body:
            self.visit_stmt(table, stmt)

    def visit_stmt(self, table: SymTable, stmt: ast.Stmt) -> None:
        if isinstance(stmt, ast.FuncDef):
            for deco in stmt.decorators:
                self.visit_expr(table, deco)
            self.visit_function(table, stmt)
        elif isinstance(stmt, ast.ClassDef):
            for deco in stmt.decorators:
                self.visit_expr(table, deco)
            self.visit_class(table, stmt)
        elif isinstance(stmt, ast.Assign):
            self.visit_expr(table, stmt.value)
            self.visit_expr(table, stmt.target)
        elif isinstance(stmt, ast.AugAssign):
            self.visit_expr(table, stmt.target)
            self.visit_expr(table, stmt.value)
        elif isinstance(stmt, ast.AnnAssign):
            self.visit_expr(table, stmt.annotation)
            if stmt.value is not None:
                self.visit_expr(table, stmt.value)
        elif isinstance(stmt, ast.VarDef) or isinstance(stmt, ast.ConstDef):
            if stmt.annotation is not None:
                self.visit_expr(table, stmt.annotation)
            if stmt.value is not None:
                self.visit_expr(table, stmt.value)
        elif isinstance(stmt, ast.Return):
            if stmt.value is not None:
                self.visit_expr(table, stmt.value)
        elif isinstance(stmt, ast.If):
            self.visit_expr(table, stmt.test)
            self.visit_body(table, stmt.body)
            self.visit_body(table, stmt.orelse)
        elif isinstance(stmt, ast.While):
            self.visit_expr(table, stmt.test)
            self.visit_body(table, stmt.body)
        elif isinstance(stmt, ast.For):
            self.visit_expr(table, stmt.iter)
            self.visit_expr(table, stmt.target)
            self.visit_body(table, stmt.body)
        elif isinstance(stmt, ast.Assert):
            self.visit_expr(table, stmt.test)
            if stmt.msg is not None:
                self.visit_expr(table, stmt.msg)
        elif isinstance(stmt, ast.Raise):
            self.visit_expr(table, stmt.exc)
        elif isinstance(stmt, ast.ExprStmt):
            self.visit_expr(table, stmt.value)

    def visit_exprs(self, table: SymTable, exprs: list[ast.Expr]) -> None:
        for e in exprs:
            self.visit_expr(table, e)

    def visit_expr(self, table: SymTable, e: ast.Expr) -> None:
        if isinstance(e, ast.Name):
            if e.id != "...":
                self.resolve(table, e.id, e.loc)
        elif isinstance(e, ast.Attribute):
            self.visit_expr(table, e.value)
        elif isinstance(e, ast.Subscript):
            self.visit_expr(table, e.value)
            self.visit_expr(table, e.index)
        elif isinstance(e, ast.Slice):
            if e.lower is not None:
                self.visit_expr(table, e.lower)
            if e.upper is not None:
                self.visit_expr(table, e.upper)
            if e.step is not None:
                self.visit_expr(table, e.step)
        elif isinstance(e, ast.Call):
            self.visit_expr(table, e.func)
            self.visit_exprs(table, e.args)
            for kw in e.keywords:
                self.visit_expr(table, kw.value)
        elif isinstance(e, ast.BinOp) or isinstance(e, ast.BoolOp):
            self.visit_expr(table, e.left)
            self.visit_expr(table, e.right)
        elif isinstance(e, ast.UnaryOp):
            self.visit_expr(table, e.operand)
        elif isinstance(e, ast.Compare):
            self.visit_expr(table, e.left)
            self.visit_exprs(table, e.comparators)
        elif isinstance(e, ast.IfExp):
            self.visit_expr(table, e.test)
            self.visit_expr(table, e.body)
            self.visit_expr(table, e.orelse)
        elif isinstance(e, ast.Tuple) or isinstance(e, ast.List):
            self.visit_exprs(table, e.items)
        elif isinstance(e, ast.Dict):
            self.visit_exprs(table, e.keys)
            self.visit_exprs(table, e.values)


def analyze_module(mod: ast.Module, builtin_names: list[str]) -> ScopeInfo:
    analyzer = ScopeAnalyzer(builtin_names)
    analyzer.declare_module(mod)
    table = analyzer.info.module
    for stmt in mod.body:
        analyzer.visit_stmt(table, stmt)
    return analyzer.info


def format_symtables(info: ScopeInfo) -> str:
    """The text printed by `spy symtable`."""
    out: list[str] = []
    for table in info.order:
        out.append("%s (%s):" % (table.name, table.color))
        for name in table.symbols:
            sym = table.symbols[name]
            out.append("    %s: %s %s" % (name, sym.kind, sym.storage))
    return "\n".join(out) + "\n"
