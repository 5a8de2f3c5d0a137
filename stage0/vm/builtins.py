"""The builtins module and the modules the vm provides (`__spy__`,
`operator`, `unsafe`): builtin functions, conversions, and the blue-time
implementations of libspy externs. Dispatched by name, with one function
per family, from `call_builtin`.
"""

import math
import sys
import time

from stage0 import ast
from stage0.errors import Loc, SPyError
from stage0.fqn import BUILTINS, OPERATOR, UNSAFE, SPY, make_fqn, generic_fqn
from stage0.vm import objects, ops, typedefs
from stage0.vm.model import (
    FrameBase,
    W_TypeOp,
    W_ASTFunc,
    W_BuiltinFunc,
    W_ExternDecorator,
    W_Float,
    W_Int,
    W_Module,
    W_None,
    W_Special,
    W_Str,
    W_Tuple,
    Val,
    all_blue,
    blue_val,
)
from stage0.vm.vmbase import VM
from stage0.vm.wtypes import (
    INT_TYPES,
    W_Object,
    cast,
    W_Type,
    w_bool,
    w_dynamic,
    w_f64,
    w_i32,
    w_i64,
    w_u64,
    w_NoneType,
    w_str,
    w_type,
    KIND_CLASS,
    KIND_EXCEPTION,
    KIND_PTR,
    KIND_TUPLE,
)


BUILTIN_FUNCS = [
    "print",
    "len",
    "repr",
    "abs",
    "min",
    "max",
    "ord",
    "chr",
    "hash",
    "range",
    "wrapping_add",
    "wrapping_sub",
    "wrapping_mul",
    "wrapping_pow",
    "wrapping_shl",
    "wrapping_neg",
]
LATER_FUNCS = ["isinstance", "cast", "open"]
EXCEPTIONS = [
    "Exception",
    "ValueError",
    "TypeError",
    "IndexError",
    "KeyError",
    "ZeroDivisionError",
    "AttributeError",
    "AssertionError",
    "OSError",
    "RuntimeError",
    "OverflowError",
    "NotImplementedError",
    "SystemExit",
]


def make_builtins_module(vm: VM) -> W_Module:
    w_mod = W_Module(BUILTINS, "")
    m = w_mod.members
    for w_T in INT_TYPES:
        m[w_T.name] = w_T
    m["bool"] = w_bool
    m["f64"] = w_f64
    m["float"] = w_f64
    m["int"] = w_i32
    m["str"] = w_str
    m["type"] = w_type
    m["dynamic"] = w_dynamic
    m["NoneType"] = w_NoneType
    m["blue"] = vm.w_blue
    m["struct"] = vm.w_struct
    for name in ["staticmethod", "classmethod", "tuple", "list", "dict", "set"]:
        m[name] = W_Special(name)
    for name in BUILTIN_FUNCS + LATER_FUNCS:
        m[name] = W_BuiltinFunc(make_fqn(BUILTINS, name), name)
    for name in EXCEPTIONS:
        m[name] = W_Type(name, KIND_EXCEPTION, 0, False)
    return w_mod


def make_vm_module(vm: VM, name: str) -> W_Module:
    w_mod = W_Module(name, "")
    if name == SPY:
        w_mod.members["COLOR"] = W_BuiltinFunc(make_fqn(SPY, "COLOR"), "COLOR")
        w_mod.members["STATIC_TYPE"] = W_BuiltinFunc(
            make_fqn(SPY, "STATIC_TYPE"), "STATIC_TYPE"
        )
        w_mod.members["extern"] = W_Special("extern")
    if name == UNSAFE:
        for special in ["gc_ptr", "raw_ptr", "gc_alloc", "raw_alloc"]:
            w_mod.members[special] = W_Special(special)
        for fname in UNSAFE_FUNCS:
            w_mod.members[fname] = W_BuiltinFunc(make_fqn(UNSAFE, fname), fname)
    return w_mod


UNSAFE_FUNCS = [
    "raw_free",
    "ptr_copy",
    "ptr_move",
    "ptr_setbytes",
    "ptr_cmp",
    "ptr_copy_slice",
    "ptr_move_slice",
    "ptr_setbytes_slice",
    "ptr_cmp_slice",
    "ptr_offset",
    "unchecked",
]


def subscript_special(vm: VM, w_obj: W_Object, args: list[Val], loc: Loc) -> Val:
    """`gc_ptr[T]`, `raw_ptr[T]`, `tuple[A, B]`, `gc_alloc[T]`..."""
    types: list[W_Type] = []
    for a in args:
        if not (a.is_blue() and isinstance(a.w_value, W_Type)):
            raise SPyError("expected a type", a.loc)
        types.append(a.w_value)
    name = ""
    if isinstance(w_obj, W_Special):
        name = w_obj.name
    if name == "tuple":
        return blue_val(typedefs.tuple_type(vm, types), loc)
    if name in ("gc_ptr", "raw_ptr", "gc_alloc", "raw_alloc") and len(types) == 1:
        if name == "gc_ptr" or name == "raw_ptr":
            return blue_val(typedefs.ptr_type(vm, types[0], name == "gc_ptr"), loc)
        return blue_val(W_TypeOp(types[0], name), loc)
    raise SPyError("this value cannot be subscripted", loc)


def call_type_op(vm: VM, w_op: W_TypeOp, args: list[Val], loc: Loc) -> Val:
    if w_op.name == "__make__":
        return objects.make_struct(vm, w_op.w_T, args, loc)
    expect_args(w_op.name, args, 1, 1, loc)
    n = ops.convert(ops.concretize(args[0]), w_i64, args[0].loc)
    w_ptr = typedefs.ptr_type(vm, w_op.w_T, w_op.name == "gc_alloc")
    fqn = generic_fqn(make_fqn(UNSAFE, w_op.name), w_op.w_T.name)
    return ops.red_call(fqn, [n], w_ptr, loc)


def make_extern(args: list[Val], loc: Loc) -> Val:
    if len(args) != 1 or not isinstance(args[0].w_value, W_Str):
        raise SPyError("extern() takes the C name of the function as a str", loc)
    return blue_val(W_ExternDecorator(args[0].w_value.value), loc)


def expect_args(name: str, args: list[Val], lo: int, hi: int, loc: Loc) -> None:
    if len(args) < lo or len(args) > hi:
        n = str(lo)
        if hi != lo:
            n = "%d to %d" % (lo, hi)
        raise SPyError(
            "wrong number of arguments: %s() takes %s, got %d" % (name, n, len(args)),
            loc,
        )


# ---------------------------------------------------------------- calls


def call_builtin(vm: VM, name: str, args: list[Val], loc: Loc, red: bool) -> Val:
    if name == "print":
        return builtin_print(vm, args, loc, red)
    if name.startswith("wrapping_"):
        return wrapping_op(name, args, loc)
    if name == "len":
        expect_args(name, args, 1, 1, loc)
        if args[0].w_T is w_str:
            return str_op(vm, "len", args, w_i32, loc)
        if objects.has_method(args[0].w_T, "__len__"):
            return objects.call_method(vm, args[0], "__len__", [], loc, red)
        raise SPyError("object of type `%s` has no len()" % args[0].w_T.name, loc)
    if name == "repr":
        expect_args(name, args, 1, 1, loc)
        if args[0].w_T is w_str:
            return str_op(vm, "repr", args, w_str, loc)
        if objects.is_object(args[0].w_T):
            return object_str(vm, args[0], "__repr__", loc, red)
        return to_str(vm, args[0], loc)
    if name == "abs":
        expect_args(name, args, 1, 1, loc)
        v = ops.concretize(args[0])
        if not ops.is_number(v.w_T):
            raise SPyError("bad operand type for abs(): `%s`" % v.w_T.name, loc)
        return ops.apply(v.w_T.name + "_abs", [v], v.w_T, loc)
    if name == "min" or name == "max":
        return builtin_minmax(name, args, loc)
    if name == "ord":
        expect_args(name, args, 1, 1, loc)
        if args[0].w_T is not w_str:
            raise ops.mismatch(w_str, args[0].w_T, args[0].loc)
        return str_op(vm, "ord", args, w_i32, loc)
    if name == "chr":
        expect_args(name, args, 1, 1, loc)
        v = ops.concretize(args[0])
        if not v.w_T.is_int():
            raise ops.mismatch(w_i32, v.w_T, v.loc)
        return ops.apply(v.w_T.name + "_chr", [v], w_str, loc)
    if name == "hash":
        expect_args(name, args, 1, 1, loc)
        if args[0].w_T is w_str:
            return ops.red_call(make_fqn(OPERATOR, "str_hash"), args, w_i32, loc)
        return hash_of(vm, ops.concretize(args[0]), loc, red)
        raise SPyError("hash() of `%s` is not supported yet" % args[0].w_T.name, loc)
    if name == "range":
        raise SPyError("range() is only supported as the iterable of a `for` loop", loc)
    if name == "open":
        w_open = vm.modules["_file"].members["open"]
        return vm.call(w_open, args, loc, red)
    if name == "isinstance" or name == "cast":
        return builtin_isinstance_cast(vm, name, args, loc)
    if name in UNSAFE_FUNCS:
        return builtin_unsafe(vm, name, args, loc)
    raise SPyError("%s() is not supported yet" % name, loc)


def builtin_print(vm: VM, args: list[Val], loc: Loc, red: bool) -> Val:
    parts = [to_str(vm, a, a.loc) for a in args]
    if red:
        return ops.red_call(make_fqn(BUILTINS, "print"), parts, w_NoneType, loc)
    texts: list[str] = []
    for p in parts:
        w = p.w_value
        if isinstance(w, W_Str):
            texts.append(w.value)
    sys.stdout.write(" ".join(texts) + "\n")
    return blue_val(W_None(), loc)


def builtin_minmax(name: str, args: list[Val], loc: Loc) -> Val:
    if len(args) < 2:
        raise SPyError("%s() takes at least 2 arguments" % name, loc)
    result = args[0]
    for i in range(1, len(args)):
        r = args[i]
        if not (ops.is_number(result.w_T) and ops.is_number(r.w_T)):
            raise ops.unsupported(name + "()", result, r, loc)
        if result.literal and r.literal:
            result = ops.concretize(result)
        w_T = ops.unify_numeric(result, r, name, loc)
        lc = ops.convert(result, w_T, loc)
        rc = ops.convert(r, w_T, loc)
        result = ops.apply("%s_%s" % (w_T.name, name), [lc, rc], w_T, loc)
    return result


def call_type(vm: VM, w_T: W_Type, args: list[Val], loc: Loc) -> Val:
    """`T(x)`: explicit conversions."""
    if w_T.kind == KIND_EXCEPTION:
        raise SPyError(
            "exceptions can only be raised, with `raise %s(...)`" % w_T.name, loc
        )
    if w_T is w_str:
        expect_args("str", args, 1, 1, loc)
        return to_str(vm, args[0], loc)
    if not (w_T.is_int() or w_T is w_f64 or w_T is w_bool):
        raise SPyError("`%s` is not callable" % w_T.name, loc)
    expect_args(w_T.name, args, 1, 1, loc)
    v = args[0]
    if v.literal and w_T.is_int():
        value = cast(W_Int, v.w_value).value
        return blue_val(W_Int(w_T, w_T.wrap(value)), loc)
    v = ops.concretize(v)
    if w_T is w_bool:
        if v.w_T is w_bool:
            return v
        if ops.is_number(v.w_T):
            zero = blue_val(W_Int(v.w_T, 0), loc)
            if v.w_T is w_f64:
                zero = blue_val(W_Float(0.0), loc)
            return ops.compare("!=", v, zero, loc)
        raise ops.mismatch(w_bool, v.w_T, v.loc)
    if v.w_T is w_str:
        if w_T is w_f64:
            return str_op(vm, "to_f64", [v], w_f64, loc)
        if w_T is w_u64:
            return str_op(vm, "to_u64", [v], w_u64, loc)
        as_i64 = str_op(vm, "to_i64", [v], w_i64, loc)
        return ops.cast_value(as_i64, w_T, loc)
    if ops.is_number(v.w_T) or v.w_T is w_bool:
        return ops.cast_value(v, w_T, loc)
    raise SPyError("cannot convert `%s` to `%s`" % (v.w_T.name, w_T.name), loc)


def to_str(vm: VM, v: Val, loc: Loc, red: bool = True) -> Val:
    v = ops.concretize(v)
    if v.w_T is w_str:
        return v
    if objects.is_object(v.w_T):
        return object_str(vm, v, "__str__", loc, red)
    if v.is_blue():
        return blue_val(W_Str(blue_str(v.blue_value())), loc)
    if ops.is_number(v.w_T) or v.w_T is w_bool:
        return ops.red_call(make_fqn(OPERATOR, v.w_T.name + "_to_str"), [v], w_str, loc)
    raise SPyError("cannot convert `%s` to `str`" % v.w_T.name, loc)


def hash_of(vm: VM, v: Val, loc: Loc, red: bool) -> Val:
    """hash() for dict keys: integers, bool, str, tuples of those, and
    structs and classes with `__hash__`; an `i32`."""
    w_T = v.w_T
    if w_T is w_str:
        return ops.red_call(make_fqn(OPERATOR, "str_hash"), [v], w_i32, loc)
    if w_T is w_bool:
        return ops.cast_value(v, w_i32, loc)
    if w_T.is_int() and w_T.bits <= 32:
        return ops.cast_value(v, w_i32, loc)
    if w_T.is_int() and not v.is_blue():
        # one call, so that the value is evaluated once
        return ops.red_call(make_fqn(OPERATOR, w_T.name + "_hash"), [v], w_i32, loc)
    if w_T.is_int():
        folded = ops.binop(
            "^", v, ops.binop(">>", v, blue_val(W_Int(w_T, 32), loc), loc), loc
        )
        return ops.cast_value(folded, w_i32, loc)
    if w_T.kind == KIND_TUPLE and v.is_blue():
        return tuple_hash(vm, v, loc, red)
    if w_T.kind == KIND_TUPLE:
        fqn = make_fqn(w_T.fqn, "__hash__")
        if fqn not in vm.tuple_helpers:
            t = objects.tuple_param("t", w_T, loc)
            objects.add_tuple_helper(vm, fqn, [t], tuple_hash(vm, t, loc, red))
        return ops.red_call(fqn, [v], w_i32, loc)
    if objects.is_object(w_T):
        return objects.call_method(vm, v, "__hash__", [], loc, red)
    raise SPyError("unhashable type: `%s`" % w_T.name, loc)


def tuple_hash(vm: VM, v: Val, loc: Loc, red: bool) -> Val:
    """The hash of a tuple from its items' (a blue tuple or a parameter)."""
    h = blue_val(W_Int(w_i32, 0x345678), loc)
    for i in range(len(v.w_T.field_names)):
        item = hash_of(vm, objects.get_attr(vm, v, "_%d" % i, loc), loc, red)
        # a hash wraps: i32_wmul, never an OverflowError
        mixed = ops.binop("^", h, item, loc)
        k = blue_val(W_Int(w_i32, 1000003), loc)
        h = ops.apply("i32_wmul", [mixed, k], w_i32, loc)
    return h


def object_str(vm: VM, v: Val, first: str, loc: Loc, red: bool) -> Val:
    """str() and repr() of a struct or class: `__str__` (for str only),
    then `__repr__`, then `<module.Name object>`."""
    w_T = v.w_T
    for name in [first, "__repr__"]:
        if objects.has_method(w_T, name):
            return objects.call_method(vm, v, name, [], loc, red)
    if w_T.kind == KIND_TUPLE:
        return tuple_repr(vm, v, loc, red)
    if w_T.kind != KIND_CLASS:
        return blue_val(W_Str("<%s object>" % w_T.display), loc)
    name_v = ops.red_call(make_fqn(w_T.fqn, "__classname__"), [v], w_str, loc)
    left = blue_val(W_Str("<"), loc)
    right = blue_val(W_Str(" object>"), loc)
    return ops.binop("+", ops.binop("+", left, name_v, loc), right, loc)


def tuple_repr(vm: VM, v: Val, loc: Loc, red: bool) -> Val:
    if v.is_blue():
        return tuple_items_repr(vm, v, loc, red)
    fqn = make_fqn(v.w_T.fqn, "__repr__")
    if fqn not in vm.tuple_helpers:
        t = objects.tuple_param("t", v.w_T, loc)
        objects.add_tuple_helper(vm, fqn, [t], tuple_items_repr(vm, t, loc, red))
    return ops.red_call(fqn, [v], w_str, loc)


def tuple_items_repr(vm: VM, v: Val, loc: Loc, red: bool) -> Val:
    """`(a, b)` from the items' repr (a blue tuple or a parameter)."""
    n = len(v.w_T.field_names)
    result = blue_val(W_Str("("), loc)
    for i in range(n):
        item = objects.get_attr(vm, v, "_%d" % i, loc)
        if item.w_T is w_str:
            part = str_op(vm, "repr", [item], w_str, loc)
        else:
            part = call_builtin(vm, "repr", [item], loc, red)
        if i > 0:
            result = ops.binop("+", result, blue_val(W_Str(", "), loc), loc)
        result = ops.binop("+", result, part, loc)
    close = ")"
    if n == 1:
        close = ",)"
    return ops.binop("+", result, blue_val(W_Str(close), loc), loc)


def builtin_isinstance_cast(vm: VM, name: str, args: list[Val], loc: Loc) -> Val:
    expect_args(name, args, 2, 2, loc)
    obj = args[0]
    w_C = args[1]
    if name == "cast":
        obj, w_C = args[1], args[0]
    if not (w_C.is_blue() and isinstance(w_C.w_value, W_Type)):
        raise SPyError("%s() needs a class" % name, w_C.loc)
    w_cls = w_C.w_value
    if w_cls.kind != KIND_CLASS or obj.w_T.kind != KIND_CLASS:
        if name == "isinstance" and obj.w_T is w_cls:
            return ops.bool_val(True, loc)
        raise SPyError(
            "%s() works on class instances; got `%s`" % (name, obj.w_T.name), loc
        )
    if name == "isinstance":
        return ops.red_call(make_fqn(w_cls.fqn, "__isinstance__"), [obj], w_bool, loc)
    return ops.red_call(make_fqn(w_cls.fqn, "__cast__"), [obj], w_cls, loc)


def builtin_unsafe(vm: VM, name: str, args: list[Val], loc: Loc) -> Val:
    """raw_free, unchecked and the ptr_* operations: pointers and item
    counts."""
    conv: list[Val] = []
    for a in args:
        a = ops.concretize(a)
        if a.w_T.is_int():
            a = ops.convert(a, w_i64, a.loc)
        elif a.w_T.kind != KIND_PTR:
            raise SPyError("%s() takes pointers and integers" % name, a.loc)
        conv.append(a)
    w_res: W_Type = w_NoneType
    if name.startswith("ptr_cmp"):
        w_res = w_i32
    if name == "ptr_offset" and len(conv) > 0:
        w_res = conv[0].w_T
    if name == "unchecked":
        if len(conv) != 1 or conv[0].w_T.kind != KIND_PTR:
            raise SPyError("unchecked() takes one pointer", loc)
        w_res = conv[0].w_T
    return ops.red_call(make_fqn(UNSAFE, name), conv, w_res, loc)


def call_str_method(
    vm: VM, recv: Val, name: str, args: list[Val], loc: Loc, red: bool
) -> Val:
    """`s.name(args)` is `_str.name(s, args)` (stdlib/_str.spy)."""
    w_mod = vm.modules.get("_str")
    w_func = None
    if w_mod is not None and not name.startswith("_"):
        w_func = w_mod.members.get(name)
    if not isinstance(w_func, W_ASTFunc):
        raise SPyError("`str` has no attribute '%s'" % name, loc)
    return vm.call(w_func, [recv] + args, loc, red)


def blue_str(w: W_Object) -> str:
    if isinstance(w, W_Str):
        return w.value
    if isinstance(w, W_Float):
        return repr(w.value)
    if isinstance(w, W_Type):
        return "<spy type '%s'>" % w.name
    return w.spy_repr()


# ---------------------------------------------------------------- str


def str_op(vm: VM, name: str, args: list[Val], w_restype: W_Type, loc: Loc) -> Val:
    """`operator::str_<name>`, folded when every argument is blue."""
    if all_blue(args):
        try:
            return blue_val(fold_str_op(name, args), loc)
        except ops.BluePanic as e:
            ops.raise_blue_panic_later(e, loc)
    return ops.red_call(make_fqn(OPERATOR, "str_" + name), args, w_restype, loc)


def fold_str_op(name: str, args: list[Val]) -> W_Object:
    s = cast(W_Str, args[0].w_value).value
    if name == "len":
        return W_Int(w_i32, len(s))
    if name == "repr":
        return W_Str(repr(s))
    if name == "getitem":
        i = cast(W_Int, args[1].w_value).value
        if i < -len(s) or i >= len(s):
            raise ops.BluePanic("IndexError", "string index out of range")
        return W_Str(s[i])
    if name == "slice":
        start = cast(W_Int, args[1].w_value).value
        stop = cast(W_Int, args[2].w_value).value
        step = cast(W_Int, args[3].w_value).value
        flags = cast(W_Int, args[4].w_value).value
        if step == 0:
            raise ops.BluePanic("ValueError", "slice step cannot be zero")
        lo = start if flags & 1 else None
        hi = stop if flags & 2 else None
        return W_Str(s[lo:hi:step])
    if name == "ord":
        if len(s) != 1:
            raise ops.BluePanic(
                "TypeError",
                "ord() expected a character, but string of length %d found" % len(s),
            )
        return W_Int(w_i32, ord(s))
    if name == "to_i64" or name == "to_u64":
        # the same limits as libspy's spy_str_to_i64 / spy_str_to_u64
        hi = w_i64.int_max()
        if name == "to_u64":
            hi = w_u64.int_max()
        try:
            n = int(s)
        except ValueError:
            n = hi + 1
        if n < w_i64.int_min() or n > hi or not s.strip().isascii():
            raise ops.BluePanic(
                "ValueError", "invalid literal for int() with base 10: %r" % s
            )
        if name == "to_u64":
            return W_Int(w_u64, w_u64.wrap(n))
        return W_Int(w_i64, n)
    if name == "to_f64":
        try:
            return W_Float(float(s))
        except ValueError:
            raise ops.BluePanic(
                "ValueError", "could not convert string to float: %r" % s
            )
    raise ops.BluePanic("TypeError", "cannot fold str_" + name)


# ---------------------------------------------------------------- raise, for


def eval_raise(vm: VM, frame: FrameBase, s: ast.Raise) -> tuple[str, Val]:
    """`raise E("msg")` or `raise E`: the exception name and the message."""
    exc = s.exc
    args: list[ast.Expr] = []
    if isinstance(exc, ast.Call):
        args = exc.args
        exc = exc.func
    w_exc = frame.eval_expr(exc).w_value
    if not (isinstance(w_exc, W_Type) and w_exc.kind == KIND_EXCEPTION):
        raise SPyError(
            '`raise` needs an exception, e.g. `raise ValueError("...")`', s.exc.loc
        )
    if len(args) > 1:
        raise SPyError("an exception takes one message argument", s.exc.loc)
    msg = blue_val(W_Str(""), s.loc)
    if len(args) == 1:
        msg = frame.eval_expr(args[0])
        if msg.w_T is not w_str:
            raise ops.mismatch(w_str, msg.w_T, msg.loc)
    return w_exc.name, msg


def range_args(args: list[Val], loc: Loc) -> tuple[W_Type, list[Val]]:
    """The loop type and (start, stop, step) of `range(...)`."""
    expect_args("range", args, 1, 3, loc)
    w_T = w_i32
    typed: list[Val] = []
    for a in args:
        if not a.w_T.is_int():
            raise ops.mismatch(w_i32, a.w_T, a.loc)
        if not a.literal:
            typed.append(a)
    for a in typed:
        if a.w_T is not w_T:
            w_T = ops.unify_numeric(blue_val(W_Int(w_T, 0), loc), a, "range", a.loc)
    full: list[Val] = []
    if len(args) == 1:
        full.append(blue_val(W_Int(w_T, 0), loc))
    for a in args:
        full.append(ops.convert(a, w_T, a.loc))
    if len(full) == 2:
        full.append(blue_val(W_Int(w_T, 1), loc))
    return w_T, full


def blue_iteration(vm: VM, frame: FrameBase, e: ast.Expr) -> list[Val]:
    if (
        isinstance(e, ast.Call)
        and isinstance(e.func, ast.Name)
        and e.func.id == "range"
    ):
        args = [frame.eval_expr(a) for a in e.args]
        w_T, full = range_args(args, e.loc)
        values = [cast(W_Int, a.w_value).value for a in full]
        if values[2] == 0:
            raise SPyError("ValueError: range() arg 3 must not be zero", e.loc)
        return [
            blue_val(W_Int(w_T, i), e.loc)
            for i in range(values[0], values[1], values[2])
        ]
    v = frame.eval_expr(e)
    if isinstance(v.w_value, W_Str):
        return [blue_val(W_Str(ch), e.loc) for ch in v.w_value.value]
    if isinstance(v.w_value, W_Tuple):
        return [blue_val(w, e.loc) for w in v.w_value.items_w]
    raise SPyError("`%s` is not iterable" % v.w_T.name, e.loc)


# ---------------------------------------------------------------- externs


def call_extern_blue(
    vm: VM, w_func: W_ASTFunc, args_w: list[W_Object], loc: Loc
) -> W_Object:
    """Blue code calling a libspy function: the same function, in Python."""
    name = w_func.extern_name
    xs: list[float] = []
    for w in args_w:
        if isinstance(w, W_Float):
            xs.append(w.value)
    try:
        if name == "spy_time_time":
            return W_Float(time.time())
        if name == "spy_time_perf_counter":
            return W_Float(time.perf_counter())
        if name == "spy_math_sqrt":
            return W_Float(math.sqrt(xs[0]))
        if name == "spy_math_floor" or name == "spy_math_ceil":
            return W_Float(c_floor_ceil(name, xs[0]))
        if name == "spy_math_fabs":
            return W_Float(math.fabs(xs[0]))
        if name == "spy_math_sin":
            return W_Float(math.sin(xs[0]))
        if name == "spy_math_cos":
            return W_Float(math.cos(xs[0]))
        if name == "spy_math_tan":
            return W_Float(math.tan(xs[0]))
        if name == "spy_math_atan2":
            return W_Float(math.atan2(xs[0], xs[1]))
        if name == "spy_math_exp":
            return W_Float(math.exp(xs[0]))
        if name == "spy_math_log":
            return W_Float(math.log(xs[0]))
        if name == "spy_math_pow":
            return W_Float(math.pow(xs[0], xs[1]))
    except ValueError:
        raise SPyError("ValueError: math domain error", loc)
    except OverflowError:
        raise SPyError("OverflowError: math range error", loc)
    raise SPyError("`%s` cannot be called at compile time" % w_func.fqn, loc)


def c_floor_ceil(name: str, x: float) -> float:
    """C's floor/ceil: f64 to f64, keeping inf, nan and the sign of zero."""
    if not math.isfinite(x):
        return x
    if name == "spy_math_floor":
        r = float(math.floor(x))
    else:
        r = float(math.ceil(x))
    if r == 0.0:
        return math.copysign(0.0, x)
    return r


def wrapping_op(name: str, args: list[Val], loc: Loc) -> Val:
    """`wrapping_add(a, b)`...: the operation on the operands' common integer
    type, keeping the low bits instead of raising OverflowError."""
    op = name[len("wrapping_") :]
    n = 1 if op == "neg" else 2
    expect_args(name, args, n, n, loc)
    for a in args:
        if not a.w_T.is_int():
            raise SPyError("%s() takes integers, not `%s`" % (name, a.w_T.name), a.loc)
    w_T = args[0].w_T
    if n == 2:
        w_T = ops.unify_numeric(args[0], args[1], name, loc)
    operands = [ops.convert(a, w_T, a.loc) for a in args]
    return ops.apply(w_T.name + "_w" + op, operands, w_T, loc)
