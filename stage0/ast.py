"""The SPy abstract syntax tree: node classes with source locations.

Produced by the parser, read by scope, importer, vm and redshift.
Redshift produces the same node classes (a blue-free tree) with every
expression's `w_T` set to its static type, plus `FQNConst` for resolved
callees and `TypedFunc` for each specialised red function.
"""

from stage0.errors import Loc
from stage0.vm.wtypes import W_Object, W_Type


class Node:
    loc: Loc

    def __init__(self, loc: Loc) -> None:
        self.loc = loc

    def node_kind(self) -> str:
        """The node's class name (`Call`, `If`...), as error messages show it."""
        return "Node"


# ---------------------------------------------------------------- expressions


class Expr(Node):
    # static type, set by redshift on the nodes it produces
    w_T: "W_Type | None"

    def __init__(self, loc: Loc) -> None:
        Node.__init__(self, loc)
        self.w_T = None

    def node_kind(self) -> str:
        return "Expr"


class Int(Expr):
    value: int

    def __init__(self, loc: Loc, value: int) -> None:
        Expr.__init__(self, loc)
        self.value = value

    def node_kind(self) -> str:
        return "Int"


class Float(Expr):
    value: float

    def __init__(self, loc: Loc, value: float) -> None:
        Expr.__init__(self, loc)
        self.value = value

    def node_kind(self) -> str:
        return "Float"


class Str(Expr):
    value: str

    def __init__(self, loc: Loc, value: str) -> None:
        Expr.__init__(self, loc)
        self.value = value

    def node_kind(self) -> str:
        return "Str"


class Bool(Expr):
    value: bool

    def __init__(self, loc: Loc, value: bool) -> None:
        Expr.__init__(self, loc)
        self.value = value

    def node_kind(self) -> str:
        return "Bool"


class NoneLit(Expr):
    def node_kind(self) -> str:
        return "NoneLit"


class Name(Expr):
    id: str

    def __init__(self, loc: Loc, id: str) -> None:
        Expr.__init__(self, loc)
        self.id = id

    def node_kind(self) -> str:
        return "Name"


class Attribute(Expr):
    value: Expr
    attr: str

    def __init__(self, loc: Loc, value: Expr, attr: str) -> None:
        Expr.__init__(self, loc)
        self.value = value
        self.attr = attr

    def node_kind(self) -> str:
        return "Attribute"


class Subscript(Expr):
    """`value[index]`; `a[i, j]` has a Tuple index, `a[x:y]` a Slice."""

    value: Expr
    index: Expr

    def __init__(self, loc: Loc, value: Expr, index: Expr) -> None:
        Expr.__init__(self, loc)
        self.value = value
        self.index = index

    def node_kind(self) -> str:
        return "Subscript"


class Slice(Expr):
    """`lower:upper:step` inside brackets; missing parts are None."""

    lower: Expr | None
    upper: Expr | None
    step: Expr | None

    def __init__(
        self, loc: Loc, lower: Expr | None, upper: Expr | None, step: Expr | None
    ) -> None:
        Expr.__init__(self, loc)
        self.lower = lower
        self.upper = upper
        self.step = step

    def node_kind(self) -> str:
        return "Slice"


class Keyword(Node):
    """`name=value` in a call (L2; parsed so the error can be clear)."""

    name: str
    value: Expr

    def __init__(self, loc: Loc, name: str, value: Expr) -> None:
        Node.__init__(self, loc)
        self.name = name
        self.value = value

    def node_kind(self) -> str:
        return "Keyword"


class Call(Expr):
    """In typed code, `first` is the index of the argument that Python
    evaluates before the others (see MethodCall), or -1."""

    func: Expr
    args: list[Expr]
    keywords: list[Keyword]
    first: int

    def __init__(
        self, loc: Loc, func: Expr, args: list[Expr], keywords: list[Keyword]
    ) -> None:
        Expr.__init__(self, loc)
        self.func = func
        self.args = args
        self.keywords = keywords
        self.first = -1

    def node_kind(self) -> str:
        return "Call"


class BinOp(Expr):
    """op is one of + - * / // % ** << >> & | ^"""

    op: str
    left: Expr
    right: Expr

    def __init__(self, loc: Loc, op: str, left: Expr, right: Expr) -> None:
        Expr.__init__(self, loc)
        self.op = op
        self.left = left
        self.right = right

    def node_kind(self) -> str:
        return "BinOp"


class UnaryOp(Expr):
    """op is one of - + ~ not"""

    op: str
    operand: Expr

    def __init__(self, loc: Loc, op: str, operand: Expr) -> None:
        Expr.__init__(self, loc)
        self.op = op
        self.operand = operand

    def node_kind(self) -> str:
        return "UnaryOp"


class BoolOp(Expr):
    """op is `and` or `or`; `a and b and c` nests to the left."""

    op: str
    left: Expr
    right: Expr

    def __init__(self, loc: Loc, op: str, left: Expr, right: Expr) -> None:
        Expr.__init__(self, loc)
        self.op = op
        self.left = left
        self.right = right

    def node_kind(self) -> str:
        return "BoolOp"


class Compare(Expr):
    """`a < b <= c`: ops are == != < <= > >= is `is not` in `not in`."""

    left: Expr
    ops: list[str]
    comparators: list[Expr]

    def __init__(
        self, loc: Loc, left: Expr, ops: list[str], comparators: list[Expr]
    ) -> None:
        Expr.__init__(self, loc)
        self.left = left
        self.ops = ops
        self.comparators = comparators

    def node_kind(self) -> str:
        return "Compare"


class IfExp(Expr):
    test: Expr
    body: Expr
    orelse: Expr

    def __init__(self, loc: Loc, test: Expr, body: Expr, orelse: Expr) -> None:
        Expr.__init__(self, loc)
        self.test = test
        self.body = body
        self.orelse = orelse

    def node_kind(self) -> str:
        return "IfExp"


class Tuple(Expr):
    items: list[Expr]

    def __init__(self, loc: Loc, items: list[Expr]) -> None:
        Expr.__init__(self, loc)
        self.items = items

    def node_kind(self) -> str:
        return "Tuple"


class List(Expr):
    items: list[Expr]

    def __init__(self, loc: Loc, items: list[Expr]) -> None:
        Expr.__init__(self, loc)
        self.items = items

    def node_kind(self) -> str:
        return "List"


class Dict(Expr):
    keys: list[Expr]
    values: list[Expr]

    def __init__(self, loc: Loc, keys: list[Expr], values: list[Expr]) -> None:
        Expr.__init__(self, loc)
        self.keys = keys
        self.values = values

    def node_kind(self) -> str:
        return "Dict"


# ------------------------------------------- expressions made only by redshift


class FQNConst(Expr):
    """A resolved module-level object, written `` `mod::name[args]` ``."""

    fqn: str

    def __init__(self, loc: Loc, fqn: str) -> None:
        Expr.__init__(self, loc)
        self.fqn = fqn

    def node_kind(self) -> str:
        return "FQNConst"


class MethodCall(Expr):
    """A virtual call: the method `name` of the receiver `args[0]`, whose
    static type is the class `w_class`; the implementation is chosen by the
    receiver's class at run time (see W_Type.vtable).

    `first` is the index of the argument that Python evaluates before the
    others, the rest going left to right: the value `v` of `c[i] = v`
    (`c.__setitem__(i, v)`) and the item `x` of `x in c`
    (`c.__contains__(x)`); -1 when all go left to right."""

    w_class: "W_Type"
    name: str
    args: list[Expr]
    first: int

    def __init__(
        self, loc: Loc, w_class: "W_Type", name: str, args: list[Expr]
    ) -> None:
        Expr.__init__(self, loc)
        self.w_class = w_class
        self.name = name
        self.args = args
        self.first = -1

    def node_kind(self) -> str:
        return "MethodCall"


class BlueConst(Expr):
    """A folded blue value that has no literal form (a type, a module...)."""

    w_value: "W_Object"

    def __init__(self, loc: Loc, w_value: "W_Object") -> None:
        Expr.__init__(self, loc)
        self.w_value = w_value

    def node_kind(self) -> str:
        return "BlueConst"


# ----------------------------------------------------------------- statements


class Stmt(Node):
    def node_kind(self) -> str:
        return "Stmt"


class Param(Node):
    name: str
    annotation: Expr | None
    default: Expr | None

    def __init__(
        self, loc: Loc, name: str, annotation: Expr | None, default: Expr | None
    ) -> None:
        Node.__init__(self, loc)
        self.name = name
        self.annotation = annotation
        self.default = default

    def node_kind(self) -> str:
        return "Param"


class FuncDef(Stmt):
    """`def name[type_params](params) -> return_type: body`.

    Decorators stay expressions (`@blue`, `@blue.generic` included): the vm
    evaluates them, so the parser gives them no special meaning.
    """

    name: str
    type_params: list[str]
    params: list[Param]
    return_type: Expr | None
    body: list[Stmt]
    decorators: list[Expr]
    docstring: str | None

    def __init__(
        self,
        loc: Loc,
        name: str,
        type_params: list[str],
        params: list[Param],
        return_type: Expr | None,
        body: list[Stmt],
        decorators: list[Expr],
        docstring: str | None,
    ) -> None:
        Stmt.__init__(self, loc)
        self.name = name
        self.type_params = type_params
        self.params = params
        self.return_type = return_type
        self.body = body
        self.decorators = decorators
        self.docstring = docstring

    def node_kind(self) -> str:
        return "FuncDef"


class ClassDef(Stmt):
    name: str
    type_params: list[str]
    bases: list[Expr]
    body: list[Stmt]
    decorators: list[Expr]
    docstring: str | None

    def __init__(
        self,
        loc: Loc,
        name: str,
        type_params: list[str],
        bases: list[Expr],
        body: list[Stmt],
        decorators: list[Expr],
        docstring: str | None,
    ) -> None:
        Stmt.__init__(self, loc)
        self.name = name
        self.type_params = type_params
        self.bases = bases
        self.body = body
        self.decorators = decorators
        self.docstring = docstring

    def node_kind(self) -> str:
        return "ClassDef"


class Return(Stmt):
    value: Expr | None

    def __init__(self, loc: Loc, value: Expr | None) -> None:
        Stmt.__init__(self, loc)
        self.value = value

    def node_kind(self) -> str:
        return "Return"


class Pass(Stmt):
    def node_kind(self) -> str:
        return "Pass"


class Break(Stmt):
    def node_kind(self) -> str:
        return "Break"


class Continue(Stmt):
    def node_kind(self) -> str:
        return "Continue"


class Assign(Stmt):
    """`target = value`; target is a Name, Attribute, Subscript or Tuple."""

    target: Expr
    value: Expr

    def __init__(self, loc: Loc, target: Expr, value: Expr) -> None:
        Stmt.__init__(self, loc)
        self.target = target
        self.value = value

    def node_kind(self) -> str:
        return "Assign"


class AnnAssign(Stmt):
    """`name: T` or `name: T = value`."""

    target: Name
    annotation: Expr
    value: Expr | None

    def __init__(
        self, loc: Loc, target: Name, annotation: Expr, value: Expr | None
    ) -> None:
        Stmt.__init__(self, loc)
        self.target = target
        self.annotation = annotation
        self.value = value

    def node_kind(self) -> str:
        return "AnnAssign"


class VarDef(Stmt):
    """`var name: T = value` (a mutable module global)."""

    name: str
    annotation: Expr | None
    value: Expr | None

    def __init__(
        self, loc: Loc, name: str, annotation: Expr | None, value: Expr | None
    ) -> None:
        Stmt.__init__(self, loc)
        self.name = name
        self.annotation = annotation
        self.value = value

    def node_kind(self) -> str:
        return "VarDef"


class ConstDef(Stmt):
    """`const name = value` or `const name: T = value`."""

    name: str
    annotation: Expr | None
    value: Expr

    def __init__(
        self, loc: Loc, name: str, annotation: Expr | None, value: Expr
    ) -> None:
        Stmt.__init__(self, loc)
        self.name = name
        self.annotation = annotation
        self.value = value

    def node_kind(self) -> str:
        return "ConstDef"


class AugAssign(Stmt):
    """`target op= value`; op is the binary operator without `=`."""

    target: Expr
    op: str
    value: Expr

    def __init__(self, loc: Loc, target: Expr, op: str, value: Expr) -> None:
        Stmt.__init__(self, loc)
        self.target = target
        self.op = op
        self.value = value

    def node_kind(self) -> str:
        return "AugAssign"


class If(Stmt):
    """`elif` parses as an If alone in `orelse`."""

    test: Expr
    body: list[Stmt]
    orelse: list[Stmt]

    def __init__(
        self, loc: Loc, test: Expr, body: list[Stmt], orelse: list[Stmt]
    ) -> None:
        Stmt.__init__(self, loc)
        self.test = test
        self.body = body
        self.orelse = orelse

    def node_kind(self) -> str:
        return "If"


class While(Stmt):
    test: Expr
    body: list[Stmt]

    def __init__(self, loc: Loc, test: Expr, body: list[Stmt]) -> None:
        Stmt.__init__(self, loc)
        self.test = test
        self.body = body

    def node_kind(self) -> str:
        return "While"


class For(Stmt):
    target: Expr
    iter: Expr
    body: list[Stmt]

    def __init__(self, loc: Loc, target: Expr, iter: Expr, body: list[Stmt]) -> None:
        Stmt.__init__(self, loc)
        self.target = target
        self.iter = iter
        self.body = body

    def node_kind(self) -> str:
        return "For"


class Assert(Stmt):
    test: Expr
    msg: Expr | None

    def __init__(self, loc: Loc, test: Expr, msg: Expr | None) -> None:
        Stmt.__init__(self, loc)
        self.test = test
        self.msg = msg

    def node_kind(self) -> str:
        return "Assert"


class Raise(Stmt):
    exc: Expr

    def __init__(self, loc: Loc, exc: Expr) -> None:
        Stmt.__init__(self, loc)
        self.exc = exc

    def node_kind(self) -> str:
        return "Raise"


class ExprStmt(Stmt):
    value: Expr

    def __init__(self, loc: Loc, value: Expr) -> None:
        Stmt.__init__(self, loc)
        self.value = value

    def node_kind(self) -> str:
        return "ExprStmt"


class ImportAlias(Node):
    """`a.b.c as d` in an import; asname is "" when absent."""

    name: str
    asname: str

    def __init__(self, loc: Loc, name: str, asname: str) -> None:
        Node.__init__(self, loc)
        self.name = name
        self.asname = asname

    def node_kind(self) -> str:
        return "ImportAlias"


class Import(Stmt):
    names: list[ImportAlias]

    def __init__(self, loc: Loc, names: list[ImportAlias]) -> None:
        Stmt.__init__(self, loc)
        self.names = names

    def node_kind(self) -> str:
        return "Import"


class ImportFrom(Stmt):
    module: str
    names: list[ImportAlias]

    def __init__(self, loc: Loc, module: str, names: list[ImportAlias]) -> None:
        Stmt.__init__(self, loc)
        self.module = module
        self.names = names

    def node_kind(self) -> str:
        return "ImportFrom"


class Module(Node):
    filename: str
    body: list[Stmt]
    docstring: str | None

    def __init__(
        self, loc: Loc, filename: str, body: list[Stmt], docstring: str | None
    ) -> None:
        Node.__init__(self, loc)
        self.filename = filename
        self.body = body
        self.docstring = docstring

    def node_kind(self) -> str:
        return "Module"


# ------------------------------------------------------- redshift's product


class TypedFunc(Node):
    """A red function after redshift: every type known, no blue code left.

    `locals` lists the function's locals other than its parameters, in
    order of first assignment, with their types in `local_types`. An extern
    function (declared with `@extern("c_name")`) has no body: calls go to
    the C function `extern_name` of libspy.
    """

    fqn: str
    name: str
    filename: str
    params: list[str]
    param_types: "list[W_Type]"
    w_restype: "W_Type"
    locals: list[str]
    local_types: "list[W_Type]"
    body: list[Stmt]
    extern_name: str
    # False for the stdlib: like CPython's C-coded builtins, its functions
    # do not appear in tracebacks (a panic names the user's line)
    in_traceback: bool

    def __init__(
        self,
        loc: Loc,
        fqn: str,
        name: str,
        filename: str,
        params: list[str],
        param_types: "list[W_Type]",
        w_restype: "W_Type",
    ) -> None:
        Node.__init__(self, loc)
        self.fqn = fqn
        self.name = name
        self.filename = filename
        self.params = params
        self.param_types = param_types
        self.w_restype = w_restype
        self.locals = []
        self.local_types = []
        self.body = []
        self.extern_name = ""
        self.in_traceback = True

    def node_kind(self) -> str:
        return "TypedFunc"


class TypedGlobal(Node):
    """A `var` global: its fqn, type and initial value (a literal node)."""

    fqn: str
    w_T: "W_Type"
    init: Expr

    def __init__(self, loc: Loc, fqn: str, w_T: "W_Type", init: Expr) -> None:
        Node.__init__(self, loc)
        self.fqn = fqn
        self.w_T = w_T
        self.init = init

    def node_kind(self) -> str:
        return "TypedGlobal"


class TypedProgram:
    """Everything cwriter needs, in a deterministic order."""

    main_fqn: str
    main_returns_status: bool
    # for `def main(argv: list[str])`: the function that builds argv
    argv_fqn: str
    funcs: list[TypedFunc]
    globals: list[TypedGlobal]
    # struct, tuple and class types used, each after the types it contains
    types: "list[W_Type]"

    def __init__(self, main_fqn: str, main_returns_status: bool) -> None:
        self.main_fqn = main_fqn
        self.main_returns_status = main_returns_status
        self.argv_fqn = ""
        self.funcs = []
        self.globals = []
        self.types = []


# ---------------------------------------------------------------- walking


def add_exprs(out: list[Node | None], items: list[Expr]) -> None:
    for item in items:
        out.append(item)


def add_stmts(out: list[Node | None], items: list[Stmt]) -> None:
    for item in items:
        out.append(item)


def set_first(e: Expr | None, i: int) -> None:
    """Mark argument i of a typed call as evaluated first (Call.first)."""
    if isinstance(e, Call):
        e.first = i
    elif isinstance(e, MethodCall):
        e.first = i


def children_of(n: Node) -> list[Node]:
    """The direct children of a node, None fields left out, in no
    particular order: the one walker of the tree for every phase."""
    out: list[Node | None] = []
    if isinstance(n, Attribute) or isinstance(n, Keyword):
        out.append(n.value)
    elif isinstance(n, Subscript):
        out = [n.value, n.index]
    elif isinstance(n, Slice):
        out = [n.lower, n.upper, n.step]
    elif isinstance(n, Call):
        out.append(n.func)
        add_exprs(out, n.args)
        for keyword in n.keywords:
            out.append(keyword)
    elif isinstance(n, MethodCall):
        add_exprs(out, n.args)
    elif isinstance(n, BinOp) or isinstance(n, BoolOp):
        out = [n.left, n.right]
    elif isinstance(n, UnaryOp):
        out.append(n.operand)
    elif isinstance(n, Compare):
        out.append(n.left)
        add_exprs(out, n.comparators)
    elif isinstance(n, IfExp):
        out = [n.test, n.body, n.orelse]
    elif isinstance(n, Tuple) or isinstance(n, List):
        add_exprs(out, n.items)
    elif isinstance(n, Dict):
        add_exprs(out, n.keys)
        add_exprs(out, n.values)
    elif isinstance(n, Param):
        out = [n.annotation, n.default]
    elif isinstance(n, FuncDef):
        add_exprs(out, n.decorators)
        for param in n.params:
            out.append(param)
        out.append(n.return_type)
        add_stmts(out, n.body)
    elif isinstance(n, ClassDef):
        add_exprs(out, n.decorators)
        add_exprs(out, n.bases)
        add_stmts(out, n.body)
    elif isinstance(n, Return) or isinstance(n, ExprStmt):
        out.append(n.value)
    elif isinstance(n, Assign) or isinstance(n, AugAssign):
        out = [n.target, n.value]
    elif isinstance(n, AnnAssign):
        out = [n.target, n.annotation, n.value]
    elif isinstance(n, VarDef) or isinstance(n, ConstDef):
        out = [n.annotation, n.value]
    elif isinstance(n, If):
        out.append(n.test)
        add_stmts(out, n.body)
        add_stmts(out, n.orelse)
    elif isinstance(n, While):
        out.append(n.test)
        add_stmts(out, n.body)
    elif isinstance(n, For):
        out = [n.target, n.iter]
        add_stmts(out, n.body)
    elif isinstance(n, Assert):
        out = [n.test, n.msg]
    elif isinstance(n, Raise):
        out.append(n.exc)
    elif isinstance(n, Module):
        add_stmts(out, n.body)
    result: list[Node] = []
    for child in out:
        if child is not None:
            result.append(child)
    return result


def always_returns(body: list[Stmt]) -> bool:
    """True when control cannot reach the end of `body`."""
    if len(body) == 0:
        return False
    last = body[len(body) - 1]
    if isinstance(last, Return) or isinstance(last, Raise):
        return True
    if isinstance(last, If):
        return always_returns(last.body) and always_returns(last.orelse)
    if isinstance(last, While):
        forever = isinstance(last.test, Bool) and last.test.value
        return forever and not contains_break(last.body)
    return False


def contains_break(body: list[Stmt]) -> bool:
    for s in body:
        if isinstance(s, Break):
            return True
        if isinstance(s, If):
            if contains_break(s.body) or contains_break(s.orelse):
                return True
    return False


def assigns_name(body: list[Stmt], name: str) -> bool:
    """Does `body` assign the local `name` (loops and branches included)?"""
    for s in body:
        targets: list[Expr] = []
        if isinstance(s, Assign) or isinstance(s, AugAssign):
            targets.append(s.target)
        elif isinstance(s, AnnAssign):
            targets.append(s.target)
        elif isinstance(s, For):
            targets.append(s.target)
        for t in targets:
            if isinstance(t, Name) and t.id == name:
                return True
            if isinstance(t, Tuple):
                for item in t.items:
                    if isinstance(item, Name) and item.id == name:
                        return True
        if isinstance(s, If):
            if assigns_name(s.body, name) or assigns_name(s.orelse, name):
                return True
        if isinstance(s, While) or isinstance(s, For):
            if assigns_name(s.body, name):
                return True
    return False
