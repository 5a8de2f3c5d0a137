"""Operators: typing, conversions and folding of primitive operations.

Every operation on primitive types resolves to one fully qualified builtin,
`operator::<T>_<op>` (e.g. `operator::i32_add`). When all operands are blue
the operation is folded here, with SPy semantics (wraparound, floor
division...); otherwise it becomes a typed red call that cwriter turns into
C. Used by the evaluator (vm/frame.py) in both blue and red code.
"""

import math
from typing import TypeVar

from stage0 import ast
from stage0.errors import Loc, SPyError
from stage0.fqn import OPERATOR, BLUE, make_fqn, fqn_member
from stage0.vm.model import (
    W_StructValue,
    W_Tuple,
    W_Bool,
    W_Float,
    W_Int,
    W_None,
    W_Str,
    Val,
    all_blue,
    blue_val,
    literal_val,
    red_val,
    w_False,
    w_True,
)
from stage0.vm.wtypes import (
    cast,
    w_NoneType,
    W_Object,
    W_Type,
    w_bool,
    w_f64,
    w_i32,
    w_i64,
    w_str,
    w_dynamic,
    KIND_CLASS,
    KIND_NONE,
    KIND_PTR,
)

BINOP_NAMES: dict[str, str] = {
    "+": "add",
    "-": "sub",
    "*": "mul",
    "/": "truediv",
    "//": "floordiv",
    "%": "mod",
    "**": "pow",
    "<<": "lshift",
    ">>": "rshift",
    "&": "and",
    "|": "or",
    "^": "xor",
}

CMP_NAMES: dict[str, str] = {
    "==": "eq",
    "!=": "ne",
    "<": "lt",
    "<=": "le",
    ">": "gt",
    ">=": "ge",
}

# literal arithmetic is exact; keep it from building absurd numbers
MAX_LITERAL_BITS = 256


class BluePanic(Exception):
    """A panic raised while folding: a compile-time error in blue code, a
    run-time panic (so: not folded) in red code."""

    etype: str
    msg: str

    def __init__(self, etype: str, msg: str) -> None:
        Exception.__init__(self, etype + ": " + msg)
        self.etype = etype
        self.msg = msg


def type_display(w_T: W_Type) -> str:
    if w_T.kind == KIND_NONE:
        return "None"
    return w_T.name


def mismatch(expected: W_Type, got: W_Type, loc: Loc) -> SPyError:
    exp = type_display(expected)
    name = type_display(got)
    return SPyError(
        "mismatched types: expected `%s`, got `%s`" % (exp, name),
        loc,
        "this is `%s`" % name,
    )


# ------------------------------------------------------------ expressions


def to_expr(v: Val) -> ast.Expr:
    """The red expression computing `v` (a literal node for blue values)."""
    if v.expr is not None:
        return v.expr
    w = v.w_value
    loc = v.loc
    e: ast.Expr
    if isinstance(w, W_Int):
        e = ast.Int(loc, w.value)
    elif isinstance(w, W_Bool):
        e = ast.Bool(loc, w.value)
    elif isinstance(w, W_Float):
        e = ast.Float(loc, w.value)
    elif isinstance(w, W_Str):
        e = ast.Str(loc, w.value)
    elif isinstance(w, W_None):
        e = ast.NoneLit(loc)
    elif isinstance(w, W_StructValue) or isinstance(w, W_Tuple):
        e = struct_literal(v.w_T, w, loc)
    else:
        raise SPyError(
            "a `%s` value exists only at compile time" % v.w_T.name,
            loc,
            "this is blue",
        )
    e.w_T = v.w_T
    return e


def check_no_none_field(w_T: W_Type, loc: Loc) -> None:
    if w_T.has_none_field():
        raise SPyError(
            "a `%s` value exists only at compile time: annotate it, "
            "e.g. `t: tuple[str, C] = ...`" % w_T.name,
            loc,
        )


def struct_literal(w_T: W_Type, w_value: W_Object, loc: Loc) -> ast.Expr:
    """The red expression of a blue struct or tuple value."""
    items_w: list[W_Object] = []
    if isinstance(w_value, W_StructValue):
        items_w = w_value.fields_w
    elif isinstance(w_value, W_Tuple):
        items_w = w_value.items_w
    if len(w_T.field_types) != len(items_w):
        raise SPyError("a `%s` value exists only at compile time" % w_T.name, loc)
    check_no_none_field(w_T, loc)
    exprs: list[ast.Expr] = []
    for i in range(len(items_w)):
        exprs.append(to_expr(Val(BLUE, w_T.field_types[i], items_w[i], None, loc)))
    call = ast.Call(loc, ast.FQNConst(loc, make_fqn(w_T.fqn, "__make__")), exprs, [])
    call.w_T = w_T
    return call


def red_call(fqn: str, args: list[Val], w_restype: W_Type, loc: Loc) -> Val:
    exprs = [to_expr(a) for a in args]
    return red_val(ast.Call(loc, ast.FQNConst(loc, fqn), exprs, []), w_restype)


# ------------------------------------------------------------ conversions


def check_literal(value: int, w_T: W_Type, loc: Loc) -> None:
    if value < w_T.int_min() or value > w_T.int_max():
        raise SPyError(
            "integer literal out of range for `%s`" % w_T.name,
            loc,
            "this does not fit in `%s`" % w_T.name,
        )


def concretize(v: Val) -> Val:
    """An integer literal with no context becomes an `i32`."""
    if v.literal:
        return convert(v, w_i32, v.loc)
    return v


def literal_value(v: Val) -> int:
    """The exact value of an integer literal (`v.literal`)."""
    return cast(W_Int, v.w_value).value


def literal_type(v: Val) -> W_Type:
    """An integer literal in a display: `i32`, or `i64` when it does not fit."""
    n = literal_value(v)
    if n < w_i32.int_min() or n > w_i32.int_max():
        return w_i64
    return w_i32


def can_widen(w_from: W_Type, w_to: W_Type) -> bool:
    if w_from.is_int() and w_to.is_int():
        # every value fits: a wider type of the same signedness, or a wider
        # signed type for an unsigned one (`u8` to `i32`)
        return (w_from.signed == w_to.signed or w_to.signed) and w_from.bits < w_to.bits
    return w_from.is_int() and w_to is w_f64


def convert(v: Val, w_T: W_Type, loc: Loc) -> Val:
    """Implicit conversion of `v` to `w_T`, or a `mismatched types` error."""
    if w_T is w_dynamic:
        return v
    if v.literal:
        value = literal_value(v)
        if w_T.is_int():
            check_literal(value, w_T, v.loc)
            return blue_val(W_Int(w_T, value), v.loc)
        if w_T is w_f64:
            if abs(value) >= 1 << 1024:
                raise SPyError("integer literal too large for `f64`", v.loc)
            return blue_val(W_Float(float(value)), v.loc)
        raise mismatch(w_T, w_i32, v.loc)
    if v.w_T is w_T:
        return v
    if can_widen(v.w_T, w_T):
        return cast_value(v, w_T, loc)
    if w_T.kind in (KIND_CLASS, KIND_PTR) and v.w_T is w_NoneType:
        e = ast.NoneLit(v.loc)
        return red_val(e, w_T)
    if w_T.kind == KIND_CLASS and v.w_T.kind == KIND_CLASS and is_subclass(v.w_T, w_T):
        # an upcast: the same reference, seen as the base class
        return red_val(to_expr(v), w_T)
    raise mismatch(w_T, v.w_T, v.loc)


def is_subclass(w_sub: W_Type, w_base: W_Type) -> bool:
    w: W_Type | None = w_sub
    while w is not None:
        if w is w_base:
            return True
        w = w.w_base
    return False


def boolop(op: str, l: Val, r: Val, loc: Loc) -> Val:
    """`and`/`or` of two bools whose operands are already evaluated."""
    if l.is_blue() and r.is_blue():
        a = cast(W_Bool, l.w_value).value
        b = cast(W_Bool, r.w_value).value
        if op == "and":
            return bool_val(a and b, loc)
        return bool_val(a or b, loc)
    return red_val(ast.BoolOp(loc, op, to_expr(l), to_expr(r)), w_bool)


def cast_value(v: Val, w_T: W_Type, loc: Loc) -> Val:
    """An explicit numeric conversion `T(v)` between ints, f64 and bool."""
    v = concretize(v)
    if v.w_T is w_T:
        return v
    fqn = make_fqn(OPERATOR, v.w_T.name + "_to_" + w_T.name)
    if v.is_blue():
        try:
            return blue_val(fold_cast(v.blue_value(), w_T), v.loc)
        except BluePanic:
            pass
    return red_call(fqn, [v], w_T, loc)


def fold_cast(w_v: W_Object, w_T: W_Type) -> W_Object:
    if isinstance(w_v, W_Int) or isinstance(w_v, W_Bool):
        n = int(w_v.value)
        if w_T.is_int():
            return W_Int(w_T, w_T.wrap(n))
        if w_T is w_f64:
            return W_Float(float(n))
        if w_T is w_bool:
            return W_Bool(n != 0)
    if isinstance(w_v, W_Float) and w_T.is_int():
        x = w_v.value
        if math.isnan(x):
            raise BluePanic("ValueError", "cannot convert float NaN to integer")
        if math.isinf(x):
            raise BluePanic("ValueError", "cannot convert float infinity to integer")
        n = int(x)
        if n < w_T.int_min() or n > w_T.int_max():
            raise BluePanic("ValueError", "float out of range for %s" % w_T.name)
        return W_Int(w_T, n)
    raise BluePanic("TypeError", "bad conversion")


# ------------------------------------------------------------ typing


def unify_numeric(l: Val, r: Val, op: str, loc: Loc) -> W_Type:
    """The common type of two numeric operands (section 3)."""
    if l.literal and r.w_T.is_int() and not r.literal:
        return r.w_T
    if r.literal and l.w_T.is_int() and not l.literal:
        return l.w_T
    lt = l.w_T
    rt = r.w_T
    if lt is rt:
        return lt
    if lt is w_f64 and rt.is_int():
        return w_f64
    if rt is w_f64 and lt.is_int():
        return w_f64
    if can_widen(lt, rt):
        return rt
    if can_widen(rt, lt):
        return lt
    raise SPyError(
        "mismatched types: `%s` %s `%s`" % (lt.name, op, rt.name),
        loc,
        "convert one side explicitly, e.g. `%s(...)`" % widest_name(lt, rt),
    )


def widest_name(a: W_Type, b: W_Type) -> str:
    if a.bits >= b.bits:
        return a.name
    return b.name


def is_number(w_T: W_Type) -> bool:
    return w_T.is_int() or w_T is w_f64


def unsupported(op: str, l: Val, r: Val, loc: Loc) -> SPyError:
    return SPyError(
        "unsupported operand types for %s: `%s` and `%s`"
        % (op, l.w_T.name, r.w_T.name),
        loc,
    )


# ------------------------------------------------------------ operations


def binop(op: str, l: Val, r: Val, loc: Loc) -> Val:
    name = BINOP_NAMES[op]
    if l.literal and r.literal:
        return fold_literal_binop(op, l, r, loc)
    if is_number(l.w_T) and is_number(r.w_T):
        w_T = unify_numeric(l, r, op, loc)
        if w_T is w_f64 and name in ("lshift", "rshift", "and", "or", "xor"):
            raise unsupported(op, l, r, loc)
        lc = convert(l, w_T, loc)
        rc = convert(r, w_T, loc)
        w_res = w_T
        if name == "truediv":
            w_res = w_f64
        return apply("%s_%s" % (w_T.name, name), [lc, rc], w_res, loc)
    if l.w_T is w_bool and r.w_T is w_bool and name in ("and", "or", "xor"):
        return apply("bool_" + name, [l, r], w_bool, loc)
    if l.w_T is w_str and r.w_T is w_str and name == "add":
        return apply("str_add", [l, r], w_str, loc)
    if name == "mul" and l.w_T is w_str and r.w_T.is_int():
        return apply("str_mul", [l, convert(concretize(r), w_i64, loc)], w_str, loc)
    if name == "mul" and r.w_T is w_str and l.w_T.is_int():
        return apply("str_mul", [r, convert(concretize(l), w_i64, loc)], w_str, loc)
    raise unsupported(op, l, r, loc)


def fold_literal_binop(op: str, l: Val, r: Val, loc: Loc) -> Val:
    """Arithmetic on two integer literals is exact, and stays a literal."""
    a = literal_value(l)
    b = literal_value(r)
    name = BINOP_NAMES[op]
    if name == "truediv":
        return apply(
            "f64_truediv", [convert(l, w_f64, loc), convert(r, w_f64, loc)], w_f64, loc
        )
    if name in ("floordiv", "mod") and b == 0:
        return apply("i32_" + name, [concretize(l), concretize(r)], w_i32, loc)
    if name == "pow" and (b < 0 or (abs(a) > 1 and b > MAX_LITERAL_BITS)):
        return apply("i32_pow", [concretize(l), concretize(r)], w_i32, loc)
    if name in ("lshift", "rshift") and (b < 0 or b > MAX_LITERAL_BITS):
        return apply("i32_" + name, [concretize(l), concretize(r)], w_i32, loc)
    value = int_arith(name, a, b)
    if abs(value).bit_length() > MAX_LITERAL_BITS:
        raise SPyError("integer literal too large", loc)
    return literal_val(value, loc)


def int_arith(name: str, a: int, b: int) -> int:
    """Exact integer arithmetic with Python semantics (b is valid)."""
    if name == "add":
        return a + b
    if name == "sub":
        return a - b
    if name == "mul":
        return a * b
    if name == "floordiv":
        return a // b
    if name == "mod":
        return a % b
    if name == "pow":
        # int ** int is typed Any (a negative b gives a float); b >= 0 here
        result: int = a**b
        return result
    if name == "lshift":
        return a << b
    if name == "rshift":
        return a >> b
    if name == "and":
        return a & b
    if name == "or":
        return a | b
    return a ^ b


def unaryop(op: str, v: Val, loc: Loc) -> Val:
    if op == "not":
        if v.w_T is not w_bool:
            raise mismatch(w_bool, v.w_T, v.loc)
        if v.is_blue():
            return blue_val(W_Bool(not cast(W_Bool, v.w_value).value), loc)
        return red_val(ast.UnaryOp(loc, "not", to_expr(v)), w_bool)
    if v.literal:
        value = literal_value(v)
        if op == "-":
            return literal_val(-value, loc)
        if op == "+":
            return literal_val(value, loc)
        return literal_val(~value, loc)
    if op == "~" and v.w_T.is_int():
        return apply(v.w_T.name + "_invert", [v], v.w_T, loc)
    if is_number(v.w_T) and op in ("-", "+"):
        name = "neg"
        if op == "+":
            name = "pos"
        return apply(v.w_T.name + "_" + name, [v], v.w_T, loc)
    raise SPyError("bad operand type for unary %s: `%s`" % (op, v.w_T.name), loc)


def compare(op: str, l: Val, r: Val, loc: Loc) -> Val:
    """One comparison; `is`, `in` and the six ordering operators."""
    if op == "is" or op == "is not":
        if not (l.is_blue() and r.is_blue()):
            raise SPyError("`is` is only supported on blue values for now", loc)
        same = l.w_value is r.w_value or (
            isinstance(l.w_value, W_None) and isinstance(r.w_value, W_None)
        )
        if op == "is not":
            same = not same
        return blue_val(W_Bool(same), loc)
    if op == "in" or op == "not in":
        if l.w_T is w_str and r.w_T is w_str:
            res = apply("str_contains", [r, l], w_bool, loc)
            ast.set_first(res.expr, 1)  # Python evaluates l first
            if op == "not in":
                return unaryop("not", res, loc)
            return res
        raise unsupported(op, l, r, loc)
    if name_is_identity_eq(op, l, r):
        same = l.w_value is r.w_value
        return blue_val(W_Bool(same == (op == "==")), loc)
    fqn, lc, rc = compare_op(op, l, r, loc)
    return apply(fqn_member(fqn), [lc, rc], w_bool, loc)


def name_is_identity_eq(op: str, l: Val, r: Val) -> bool:
    """`==` between blue values that have no operator of their own (types,
    functions...) compares identity."""
    if op not in ("==", "!=") or not (l.is_blue() and r.is_blue()):
        return False
    return not (is_number(l.w_T) or l.w_T in (w_str, w_bool))


def compare_op(op: str, l: Val, r: Val, loc: Loc) -> tuple[str, Val, Val]:
    """The operator of one ordering comparison, and its converted operands."""
    name = CMP_NAMES[op]
    if is_number(l.w_T) and is_number(r.w_T):
        if l.literal and r.literal:
            l = concretize(l)
            r = concretize(r)
        w_T = unify_numeric(l, r, op, loc)
        lc = convert(l, w_T, loc)
        rc = convert(r, w_T, loc)
        return make_fqn(OPERATOR, w_T.name + "_" + name), lc, rc
    if l.w_T is r.w_T and l.w_T in (w_str, w_bool):
        if l.w_T is w_bool and name not in ("eq", "ne"):
            raise unsupported(op, l, r, loc)
        return make_fqn(OPERATOR, l.w_T.name + "_" + name), l, r
    raise unsupported(op, l, r, loc)


def apply(opname: str, args: list[Val], w_restype: W_Type, loc: Loc) -> Val:
    """`operator::<opname>` on args: folded if all are blue (unless folding
    panics: then the panic happens at run time), else a red call."""
    if all_blue(args):
        try:
            args_w = [a.blue_value() for a in args]
            return blue_val(fold(opname, args_w), loc)
        except BluePanic as e:
            raise_blue_panic_later(e, loc)
    return red_call(make_fqn(OPERATOR, opname), args, w_restype, loc)


def raise_blue_panic_later(e: BluePanic, loc: Loc) -> None:
    """Hook point: red code lets the panic happen at run time, blue code
    turns it into an error (see Frame.fold_errors)."""
    if FOLD_STATE.strict:
        raise SPyError("%s: %s" % (e.etype, e.msg), loc)


class FoldState:
    strict: bool

    def __init__(self) -> None:
        self.strict = True


FOLD_STATE = FoldState()


# ------------------------------------------------------------ folding


def fold(opname: str, args_w: list[W_Object]) -> W_Object:
    i = opname.index("_")
    tname = opname[:i]
    name = opname[i + 1 :]
    if tname == "str":
        return fold_str(name, args_w)
    if tname == "bool":
        a = cast(W_Bool, args_w[0]).value
        b = cast(W_Bool, args_w[1]).value
        if name == "eq":
            return W_Bool(a == b)
        if name == "ne":
            return W_Bool(a != b)
        if name == "and":
            return W_Bool(a and b)
        if name == "or":
            return W_Bool(a or b)
        return W_Bool(a != b)
    if tname == "f64":
        return fold_f64(name, args_w)
    w_T = cast(W_Int, args_w[0]).w_T
    return fold_int(name, w_T, args_w)


WRAPPING_OPS = {
    "wadd": "add", "wsub": "sub", "wmul": "mul", "wpow": "pow", "wshl": "lshift",
    "wneg": "neg",
}  # fmt: skip


def fold_int(name: str, w_T: W_Type, args_w: list[W_Object]) -> W_Object:
    # stage0 folds L1's arithmetic by wrapping it, the wrapping_* builtins
    # (wadd wsub wmul wpow wshl wneg) included
    if name in WRAPPING_OPS:
        name = WRAPPING_OPS[name]
    a = cast(W_Int, args_w[0]).value
    if len(args_w) == 1:
        if name == "neg":
            return W_Int(w_T, w_T.wrap(-a))
        if name == "pos":
            return W_Int(w_T, a)
        if name == "abs":
            return W_Int(w_T, w_T.wrap(abs(a)))
        if name == "chr":
            if a < 0 or a >= 0x110000:
                raise BluePanic("ValueError", "chr() arg not in range(0x110000)")
            return W_Str(chr(a))
        return W_Int(w_T, w_T.wrap(~a))
    b = cast(W_Int, args_w[1]).value
    if name == "min" or name == "max":
        return W_Int(w_T, min_max(name, a, b))
    if name in CMP_VALUES:
        return W_Bool(compare_values(name, a, b))
    if name == "truediv":
        if b == 0:
            raise BluePanic("ZeroDivisionError", "division by zero")
        return W_Float(a / b)
    if name == "floordiv" and b == 0:
        raise BluePanic("ZeroDivisionError", "integer division or modulo by zero")
    if name == "mod" and b == 0:
        raise BluePanic("ZeroDivisionError", "integer modulo by zero")
    if name == "pow":
        if b < 0:
            raise BluePanic(
                "ValueError", "integer ** negative exponent is not supported"
            )
        return W_Int(w_T, w_T.wrap(pow(a, b, 1 << w_T.bits)))
    if name in ("lshift", "rshift"):
        if b < 0:
            raise BluePanic("ValueError", "negative shift count")
        if b >= w_T.bits:
            if name == "rshift" and a < 0:
                return W_Int(w_T, -1)
            return W_Int(w_T, 0)
    return W_Int(w_T, w_T.wrap(int_arith(name, a, b)))


CMP_VALUES = ["eq", "ne", "lt", "le", "gt", "ge"]


# the values min_max and compare_values take (selfhost: their type parameter)
T = TypeVar("T", int, float, str)


def min_max(name: str, a: T, b: T) -> T:
    """Python's two-argument min/max: the first wins ties (and NaNs)."""
    if name == "min":
        if b < a:
            return b
        return a
    if b > a:
        return b
    return a


def compare_values(name: str, a: T, b: T) -> bool:
    if name == "eq":
        return a == b
    if name == "ne":
        return a != b
    if name == "lt":
        return a < b
    if name == "le":
        return a <= b
    if name == "gt":
        return a > b
    return a >= b


def fold_f64(name: str, args_w: list[W_Object]) -> W_Object:
    a = cast(W_Float, args_w[0]).value
    if len(args_w) == 1:
        if name == "neg":
            return W_Float(-a)
        if name == "abs":
            return W_Float(math.fabs(a))
        return W_Float(a)
    b = cast(W_Float, args_w[1]).value
    if name == "min" or name == "max":
        return W_Float(min_max(name, a, b))
    if name in CMP_VALUES:
        return W_Bool(compare_values(name, a, b))
    if name == "add":
        return W_Float(a + b)
    if name == "sub":
        return W_Float(a - b)
    if name == "mul":
        return W_Float(a * b)
    if name == "truediv":
        if b == 0.0:
            raise BluePanic("ZeroDivisionError", "float division by zero")
        return W_Float(a / b)
    if name == "floordiv":
        if b == 0.0:
            raise BluePanic("ZeroDivisionError", "float floor division by zero")
        return W_Float(a // b)
    if name == "mod":
        if b == 0.0:
            raise BluePanic("ZeroDivisionError", "float modulo")
        return W_Float(a % b)
    # the same rules as libspy's spy_f64_pow; overflow is left to run time
    if a == 0.0 and b < 0.0:
        raise BluePanic("ZeroDivisionError", "0.0 cannot be raised to a negative power")
    if a < 0.0 and math.isfinite(b) and b != math.floor(b):
        raise BluePanic("ValueError", "math domain error")
    try:
        return W_Float(math.pow(a, b))
    except OverflowError:
        raise BluePanic("OverflowError", "math range error")


def fold_str(name: str, args_w: list[W_Object]) -> W_Object:
    a = cast(W_Str, args_w[0]).value
    if name == "add":
        return W_Str(a + cast(W_Str, args_w[1]).value)
    if name == "mul":
        n = cast(W_Int, args_w[1]).value
        if len(a) * max(n, 0) > 1 << 20:
            raise BluePanic("MemoryError", "string too large to fold")
        return W_Str(a * n)
    if name == "contains":
        return W_Bool(cast(W_Str, args_w[1]).value in a)
    if name in CMP_VALUES:
        return W_Bool(compare_values(name, a, cast(W_Str, args_w[1]).value))
    raise BluePanic("TypeError", "cannot fold str_" + name)


def bool_val(value: bool, loc: Loc) -> Val:
    if value:
        return blue_val(w_True, loc)
    return blue_val(w_False, loc)
