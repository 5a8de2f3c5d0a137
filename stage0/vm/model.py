"""Boxed values of the vm: every blue value is a `W_Object`.

`W_Foo` is a boxed class, `w_x` a variable holding one, `args_w` a list of
them (docs/architecture.md section 9). Raw Python values carry no prefix. `W_Object`, `W_Type`
and the builtin types are in vm/wtypes.py.
"""

from stage0 import ast
from stage0.errors import Loc
from stage0.fqn import BLUE, RED
from stage0.vm.wtypes import (
    W_Object,
    W_Type,
    w_bool,
    w_i32,
    w_f64,
    w_str,
    w_NoneType,
    w_type,
    w_dynamic,
    w_functype,
    w_moduletype,
    w_tupletype,
    w_builtintype,
)


class W_Int(W_Object):
    w_T: W_Type
    value: int

    def __init__(self, w_T: W_Type, value: int) -> None:
        self.w_T = w_T
        self.value = value

    def spy_repr(self) -> str:
        return str(self.value)


class W_Float(W_Object):
    value: float

    def __init__(self, value: float) -> None:
        self.value = value

    def spy_repr(self) -> str:
        return repr(self.value)


class W_Bool(W_Object):
    value: bool

    def __init__(self, value: bool) -> None:
        self.value = value

    def spy_repr(self) -> str:
        if self.value:
            return "True"
        return "False"


class W_Str(W_Object):
    value: str

    def __init__(self, value: str) -> None:
        self.value = value

    def spy_repr(self) -> str:
        return repr(self.value)


class W_None(W_Object):
    def spy_repr(self) -> str:
        return "None"


w_None = W_None()
w_True = W_Bool(True)
w_False = W_Bool(False)


class W_Tuple(W_Object):
    """A blue tuple; `w_T` is its tuple type once known (see typedefs)."""

    items_w: list[W_Object]
    w_T: "W_Type | None"

    def __init__(self, items_w: list[W_Object]) -> None:
        self.items_w = items_w
        self.w_T = None

    def spy_repr(self) -> str:
        parts = [w_item.spy_repr() for w_item in self.items_w]
        if len(parts) == 1:
            return "(" + parts[0] + ",)"
        return "(" + ", ".join(parts) + ")"


class W_Module(W_Object):
    """A module: its members (blue values) and its `var` globals."""

    name: str
    filename: str
    members: dict[str, W_Object]
    var_types: dict[str, W_Type]
    var_locs: dict[str, ast.Node]

    def __init__(self, name: str, filename: str) -> None:
        self.name = name
        self.filename = filename
        self.members = {}
        self.var_types = {}
        self.var_locs = {}

    def spy_repr(self) -> str:
        return "<module '%s'>" % self.name


class W_Func(W_Object):
    """Any function value. `color` is RED or BLUE."""

    fqn: str
    color: str

    def spy_repr(self) -> str:
        return "<%s function `%s`>" % (self.color, self.fqn)


class Closure:
    """Blue names visible to a nested function: a chain of dicts."""

    names: dict[str, W_Object]
    parent: "Closure | None"

    def __init__(self, names: dict[str, W_Object], parent: "Closure | None") -> None:
        self.names = names
        self.parent = parent

    def lookup(self, name: str) -> W_Object | None:
        c: Closure | None = self
        while c is not None:
            if name in c.names:
                return c.names[name]
            c = c.parent
        return None


# the kinds of W_ASTFunc
FUNC_PLAIN = "plain"
FUNC_GENERIC = "generic"  # called with brackets, memoized
FUNC_EXTERN = "extern"  # a libspy C function


class W_ASTFunc(W_Func):
    """A function defined in SPy source.

    kind is FUNC_PLAIN, FUNC_GENERIC (@blue.generic or PEP 695 type params)
    or FUNC_EXTERN.
    For red functions, `param_types`/`w_restype` are resolved on first use
    (so that annotations may name classes defined later) in `sig_frame`,
    the frame where the `def` ran; blue functions leave them dynamic.
    A method's unannotated first parameter has type `w_self_type`.
    """

    funcdef: ast.FuncDef
    w_module: W_Module
    closure: Closure | None
    kind: str
    param_types: list[W_Type]
    w_restype: W_Type
    defaults_w: list[W_Object | None]
    default_vals: "list[Val | None]"
    sig_frame: "FrameBase | None"
    w_self_type: W_Type | None
    # a @classmethod's class: bound, blue, to its first parameter
    w_cls: W_Type | None
    extern_name: str
    memo: dict[str, W_Object]

    def __init__(
        self,
        fqn: str,
        color: str,
        kind: str,
        funcdef: ast.FuncDef,
        w_module: W_Module,
        closure: Closure | None,
    ) -> None:
        self.fqn = fqn
        self.color = color
        self.kind = kind
        self.funcdef = funcdef
        self.w_module = w_module
        self.closure = closure
        self.param_types = []
        self.w_restype = w_dynamic
        self.defaults_w = []
        self.default_vals = []
        self.sig_frame = None
        self.w_self_type = None
        self.w_cls = None
        self.extern_name = ""
        self.memo = {}


def call_params(w_func: W_ASTFunc) -> list[ast.Param]:
    """The parameters a call passes (a classmethod's `cls` is bound)."""
    if w_func.w_cls is not None:
        return w_func.funcdef.params[1:]
    return w_func.funcdef.params


def takes_count(defaults_w: list[W_Object | None], n: int) -> bool:
    """Whether n arguments fit parameters with these defaults (None for a
    parameter without one)."""
    required = 0
    for w_d in defaults_w:
        if w_d is None:
            required = required + 1
    return required <= n and n <= len(defaults_w)


class W_BuiltinFunc(W_Func):
    """A function of the vm itself (print, len, COLOR...), dispatched by name
    in vm/builtins.py."""

    name: str

    def __init__(self, fqn: str, name: str) -> None:
        self.fqn = fqn
        self.name = name
        self.color = BLUE


class W_Special(W_Object):
    """Compile-time-only objects with a name: `blue`, `blue.generic`."""

    name: str

    def __init__(self, name: str) -> None:
        self.name = name

    def spy_repr(self) -> str:
        return self.name


class W_ExternDecorator(W_Object):
    """The result of `extern("c_name")`, applied to a function."""

    c_name: str

    def __init__(self, c_name: str) -> None:
        self.c_name = c_name


def w_typeof(w_obj: W_Object) -> W_Type:
    """The dynamic type of a boxed value."""
    if isinstance(w_obj, W_Int):
        return w_obj.w_T
    if isinstance(w_obj, W_Bool):
        return w_bool
    if isinstance(w_obj, W_Float):
        return w_f64
    if isinstance(w_obj, W_Str):
        return w_str
    if isinstance(w_obj, W_None):
        return w_NoneType
    if isinstance(w_obj, W_StructValue):
        return w_obj.w_T
    if isinstance(w_obj, W_Type):
        return w_type
    if isinstance(w_obj, W_Func):
        return w_functype
    if isinstance(w_obj, W_Module):
        return w_moduletype
    if isinstance(w_obj, W_Tuple):
        if w_obj.w_T is not None:
            return w_obj.w_T
        return w_tupletype
    return w_builtintype


def is_immutable(w_obj: W_Object) -> bool:
    """Values that a single-assignment local may hold while staying blue."""
    if isinstance(w_obj, W_Tuple):
        for w_item in w_obj.items_w:
            if not is_immutable(w_item):
                return False
        return True
    return isinstance(w_obj, (W_Int, W_Bool, W_Float, W_Str, W_None, W_Type, W_Func))


class Val:
    """The result of evaluating an expression: a blue value (`w_value`),
    or a red one (`expr`, the typed expression that computes it at run
    time). `literal` marks an integer literal that still takes the type its
    context expects (docs/language.md section 3)."""

    color: str
    w_T: W_Type
    w_value: W_Object | None
    expr: ast.Expr | None
    literal: bool
    loc: Loc
    # a list, tuple or dict display keeps its items (dicts: keys then
    # values), so a context that expects other item types can rebuild it
    display: "list[Val] | None"

    def __init__(
        self,
        color: str,
        w_T: W_Type,
        w_value: W_Object | None,
        expr: ast.Expr | None,
        loc: Loc,
    ) -> None:
        self.color = color
        self.w_T = w_T
        self.w_value = w_value
        self.expr = expr
        self.literal = False
        self.loc = loc
        self.display = None

    def is_blue(self) -> bool:
        return self.color == BLUE

    def blue_value(self) -> W_Object:
        """The value of a blue Val (selfhost reads `w_value` directly)."""
        # Not asserted: a blue frame that converts None to a class type
        # (`n: Node = None`) stores the red result's None, and reads it back
        # as a blue value, as selfhost does with its null. Asserting would
        # turn those programs' current output into a crash.
        return self.w_value  # type: ignore[return-value]


class FrameBase:
    """What the modules below vm/frame.py (typedefs, builtins) see of a
    `Frame`, which implements these methods; a red function keeps the frame
    where its `def` ran (`W_ASTFunc.sig_frame`)."""

    def eval_expr(self, e: ast.Expr) -> Val:
        raise NotImplementedError("FrameBase.eval_expr")

    def eval_type(self, e: ast.Expr) -> W_Type:
        raise NotImplementedError("FrameBase.eval_type")


def all_blue(vals: list[Val]) -> bool:
    """Whether every value is known at compile time (an operation on them
    can be folded)."""
    for v in vals:
        if not v.is_blue():
            return False
    return True


def blue_val(w_value: W_Object, loc: Loc) -> Val:
    return Val(BLUE, w_typeof(w_value), w_value, None, loc)


def literal_val(value: int, loc: Loc) -> Val:
    v = Val(BLUE, w_i32, W_Int(w_i32, value), None, loc)
    v.literal = True
    return v


def red_val(expr: ast.Expr, w_T: W_Type) -> Val:
    expr.w_T = w_T
    return Val(RED, w_T, None, expr, expr.loc)


class W_ClassTemplate(W_Object):
    """A generic class `class Box[T]:`; `Box[i32]` specialises it (memoized)."""

    classdef: ast.ClassDef
    kind: str
    w_module: W_Module
    closure: Closure | None
    fqn: str
    memo: dict[str, W_Object]

    def __init__(
        self,
        classdef: ast.ClassDef,
        kind: str,
        w_module: W_Module,
        closure: Closure | None,
        fqn: str,
    ) -> None:
        self.classdef = classdef
        self.kind = kind
        self.w_module = w_module
        self.closure = closure
        self.fqn = fqn
        self.memo = {}

    def spy_repr(self) -> str:
        return "<generic class `%s`>" % self.fqn


class W_StructValue(W_Object):
    """A struct (or tuple) value known at compile time."""

    w_T: W_Type
    fields_w: list[W_Object]

    def __init__(self, w_T: W_Type, fields_w: list[W_Object]) -> None:
        self.w_T = w_T
        self.fields_w = fields_w

    def spy_repr(self) -> str:
        parts = [w.spy_repr() for w in self.fields_w]
        return "%s(%s)" % (self.w_T.name, ", ".join(parts))


class W_TypeOp(W_Object):
    """An operation reached through a type: `Point.__make__`, `gc_ptr[T].NULL`
    uses none; `gc_alloc[T]` and friends are W_TypeOps of the item type."""

    w_T: W_Type
    name: str

    def __init__(self, w_T: W_Type, name: str) -> None:
        self.w_T = w_T
        self.name = name

    def spy_repr(self) -> str:
        return "<%s of %s>" % (self.name, self.w_T.name)
