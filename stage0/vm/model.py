"""Boxed values of the vm: every blue value is a `W_Object`.

`W_Foo` is a boxed class, `w_x` a variable holding one, `args_w` a list of
them (STYLE.md). Raw Python values carry no prefix.
"""

from stage0 import ast
from stage0.errors import Loc


class W_Object:
    def spy_repr(self) -> str:
        return "<object>"


class W_Type(W_Object):
    """A SPy type. `kind` is one of: int, float, bool, str, none, type,
    dynamic, func, module, tuple, builtin (for the few builtin objects such
    as `blue` that only exist at compile time)."""

    name: str
    fqn: str
    kind: str
    bits: int
    signed: bool
    # struct, class and tuple types: every field in layout order (a class
    # lists its inherited fields first); a tuple's fields are _0, _1...
    field_names: list[str]
    field_types: "list[W_Type]"
    # struct and class types: methods and class-level constants by name
    members: "dict[str, W_Object]"
    # class types: the base class, and for each method name the fqn of the
    # implementation an instance of exactly this class runs
    w_base: "W_Type | None"
    vtable: dict[str, str]
    # pointer types (gc_ptr[T], raw_ptr[T]): the item type
    w_item: "W_Type | None"
    # the name in `<prog.Point object>`
    display: str

    def __init__(self, name: str, kind: str, bits: int, signed: bool) -> None:
        self.name = name
        self.fqn = "builtins::" + name
        self.kind = kind
        self.bits = bits
        self.signed = signed
        self.field_names = []
        self.field_types = []
        self.members = {}
        self.w_base = None
        self.vtable = {}
        self.w_item = None
        self.display = name

    def spy_repr(self) -> str:
        return self.name

    def has_none_field(self) -> bool:
        """A tuple holding `None` (`("", None)`, before it is converted to
        the type its context expects) has no C layout: it exists only at
        compile time."""
        for w_field in self.field_types:
            if w_field.kind == "none":
                return True
        return False

    def is_int(self) -> bool:
        return self.kind == "int"

    def int_min(self) -> int:
        if self.signed:
            return -(1 << (self.bits - 1))
        return 0

    def int_max(self) -> int:
        if self.signed:
            return (1 << (self.bits - 1)) - 1
        return (1 << self.bits) - 1

    def wrap(self, value: int) -> int:
        """Keep the low bits of `value`, two's complement."""
        mask = (1 << self.bits) - 1
        value = value & mask
        if self.signed and value > self.int_max():
            value = value - (1 << self.bits)
        return value


def make_int_type(name: str, bits: int, signed: bool) -> W_Type:
    return W_Type(name, "int", bits, signed)


w_bool = W_Type("bool", "bool", 0, False)
w_i8 = make_int_type("i8", 8, True)
w_u8 = make_int_type("u8", 8, False)
w_i16 = make_int_type("i16", 16, True)
w_u16 = make_int_type("u16", 16, False)
w_i32 = make_int_type("i32", 32, True)
w_u32 = make_int_type("u32", 32, False)
w_i64 = make_int_type("i64", 64, True)
w_u64 = make_int_type("u64", 64, False)
w_f64 = W_Type("f64", "float", 64, True)
w_str = W_Type("str", "str", 0, False)
w_NoneType = W_Type("NoneType", "none", 0, False)
w_type = W_Type("type", "type", 0, False)
w_dynamic = W_Type("dynamic", "dynamic", 0, False)
w_functype = W_Type("function", "func", 0, False)
w_moduletype = W_Type("module", "module", 0, False)
w_tupletype = W_Type("tuple", "tuple", 0, False)
w_builtintype = W_Type("builtin", "builtin", 0, False)

INT_TYPES: list[W_Type] = [w_i8, w_u8, w_i16, w_u16, w_i32, w_u32, w_i64, w_u64]


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
    """Any function value. `color` is "red" or "blue"."""

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


class W_ASTFunc(W_Func):
    """A function defined in SPy source.

    kind is "plain", "generic" (called with brackets, memoized; @blue.generic
    or PEP 695 type params) or "extern" (a libspy C function).
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
    sig_frame: object
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
        self.color = "blue"


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
    context expects (LANGUAGE.md section 3)."""

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
        return self.color == "blue"


def all_blue(vals: list[Val]) -> bool:
    """Whether every value is known at compile time (an operation on them
    can be folded)."""
    for v in vals:
        if not v.is_blue():
            return False
    return True


def blue_val(w_value: W_Object, loc: Loc) -> Val:
    return Val("blue", w_typeof(w_value), w_value, None, loc)


def literal_val(value: int, loc: Loc) -> Val:
    v = Val("blue", w_i32, W_Int(w_i32, value), None, loc)
    v.literal = True
    return v


def red_val(expr: ast.Expr, w_T: W_Type) -> Val:
    expr.w_T = w_T
    return Val("red", w_T, None, expr, expr.loc)


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
