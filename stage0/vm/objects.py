"""Operations on struct, class, tuple and pointer values: attributes,
method calls, construction and the special methods (docs/language.md sections 7-9, 11).

In red code they become typed nodes (`Attribute`, `MethodCall`, calls of
`<T>::__make__` ...); in blue code they run on `W_StructValue`s.
"""

from stage0 import ast
from stage0.errors import Loc, SPyError, did_you_mean
from stage0.fqn import OPERATOR, UNSAFE, fqn_member, make_fqn
from stage0.vm import ops
from stage0.vm.model import (
    all_blue,
    blue_val,
    red_val,
    takes_count,
    Val,
    W_ASTFunc,
    W_StructValue,
    W_TypeOp,
)
from stage0.vm.vmbase import VM
from stage0.vm.wtypes import (
    cast,
    w_bool,
    w_i64,
    w_NoneType,
    W_Object,
    W_Type,
    KIND_CLASS,
    KIND_PTR,
    KIND_STRUCT,
    KIND_TUPLE,
)

OBJECT_KINDS = [KIND_STRUCT, KIND_CLASS, KIND_TUPLE]

BINOP_METHODS: dict[str, str] = {
    "+": "__add__",
    "-": "__sub__",
    "*": "__mul__",
    "/": "__truediv__",
    "//": "__floordiv__",
    "%": "__mod__",
    "|": "__or__",
    "&": "__and__",
    "^": "__xor__",
}

CMP_METHODS: dict[str, str] = {
    "==": "__eq__",
    "!=": "__ne__",
    "<": "__lt__",
    "<=": "__le__",
    ">": "__gt__",
    ">=": "__ge__",
}


REFLECTED: dict[str, str] = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}


def is_object(w_T: W_Type) -> bool:
    return w_T.kind in OBJECT_KINDS


def lookup_method(w_T: W_Type, name: str) -> W_ASTFunc | None:
    w_m = w_T.members.get(name)
    if isinstance(w_m, W_ASTFunc) and w_m.w_self_type is not None:
        return w_m
    return None


# ------------------------------------------------------------ attributes


def get_attr(vm: VM, obj: Val, attr: str, loc: Loc) -> Val:
    w_T = obj.w_T
    if obj.is_blue() and isinstance(obj.w_value, W_Type):
        return type_attr(vm, obj.w_value, attr, loc)
    if w_T.kind == KIND_PTR and w_T.w_item is not None:
        w_item = w_T.w_item
        if w_item.kind == KIND_STRUCT and attr in w_item.field_names:
            w_F = w_item.field_types[w_item.field_names.index(attr)]
            return red_val(ast.Attribute(loc, ops.to_expr(obj), attr), w_F)
    if is_object(w_T) and attr in w_T.field_names:
        w_F = w_T.field_types[w_T.field_names.index(attr)]
        if obj.is_blue() and isinstance(obj.w_value, W_StructValue):
            w_field = obj.w_value.fields_w[w_T.field_names.index(attr)]
            return blue_val(w_field, loc)
        return red_val(ast.Attribute(loc, ops.to_expr(obj), attr), w_F)
    if w_T.kind in (KIND_STRUCT, KIND_CLASS) and attr in w_T.members:
        w_m = w_T.members[attr]
        if not isinstance(w_m, W_ASTFunc):
            return blue_val(w_m, loc)
        raise SPyError(
            "method '%s' of `%s` must be called: `x.%s(...)`" % (attr, w_T.name, attr),
            loc,
        )
    raise no_attribute(w_T, attr, loc)


def no_attribute(w_T: W_Type, attr: str, loc: Loc) -> SPyError:
    """`T` has no attribute, with the closest field or member as a hint."""
    names = list(w_T.field_names) + list(w_T.members)
    names.sort()
    note = did_you_mean(attr, names)
    return SPyError("`%s` has no attribute '%s'" % (w_T.name, attr), loc, note)


def type_attr(vm: VM, w_T: W_Type, attr: str, loc: Loc) -> Val:
    if attr in w_T.members:
        return blue_val(w_T.members[attr], loc)
    if attr == "__make__" and w_T.kind == KIND_STRUCT:
        return blue_val(W_TypeOp(w_T, "__make__"), loc)
    if attr == "NULL" and w_T.kind == KIND_PTR:
        e = ast.NoneLit(loc)
        return red_val(e, w_T)
    raise no_attribute(w_T, attr, loc)


def set_attr(
    vm: VM, obj: Val, attr: str, value: Val, loc: Loc, through_ptr: bool
) -> ast.Stmt:
    """`obj.attr = value` in red code: a class field, or a field of the
    item a pointer points to (`p.x = v`, `p[i].x = v`: `through_ptr`)."""
    w_T = obj.w_T
    target_T = w_T
    if (
        w_T.kind == KIND_PTR
        and w_T.w_item is not None
        and w_T.w_item.kind == KIND_STRUCT
    ):
        target_T = w_T.w_item
    elif w_T.kind == KIND_STRUCT and through_ptr:
        pass
    elif w_T.kind == KIND_STRUCT:
        raise SPyError(
            "cannot assign to field '%s': struct fields are read-only" % attr,
            loc,
            "build a new `%s` instead" % w_T.name,
        )
    elif w_T.kind != KIND_CLASS:
        raise SPyError("`%s` has no attribute '%s'" % (w_T.name, attr), loc)
    if attr not in target_T.field_names:
        raise SPyError("`%s` has no attribute '%s'" % (target_T.name, attr), loc)
    w_F = target_T.field_types[target_T.field_names.index(attr)]
    value = vm.convert(value, w_F, value.loc)
    target = ops.to_expr(red_val(ast.Attribute(loc, ops.to_expr(obj), attr), w_F))
    return ast.Assign(loc, target, ops.to_expr(value))


# ------------------------------------------------------------ calls


def call_method(
    vm: VM, obj: Val, name: str, args: list[Val], loc: Loc, red: bool
) -> Val:
    w_T = obj.w_T
    if w_T.kind == KIND_PTR and name == "is_null" and len(args) == 0:
        return ops.red_call(make_fqn(UNSAFE, "ptr_is_null"), [obj], w_bool, loc)
    if obj.is_blue() and isinstance(obj.w_value, W_Type):
        w_attr = type_attr(vm, obj.w_value, name, loc).blue_value()
        return vm.call(w_attr, args, loc, red)
    w_m = lookup_method(w_T, name)
    if w_m is None:
        if name in w_T.members and isinstance(w_T.members[name], W_ASTFunc):
            return vm.call(w_T.members[name], args, loc, red)
        raise no_attribute(w_T, name, loc)
    bound = vm.bind_args(w_m, [obj] + args, loc)
    if not red:
        args_w = [v.blue_value() for v in bound]
        return blue_val(vm.run_function(w_m, args_w, w_m.fqn, loc), loc)
    if w_T.kind == KIND_CLASS:
        vm.virtual_calls.append((w_T, name))
        vm.need_redshift(w_m)
        exprs = [ops.to_expr(v) for v in bound]
        return red_val(ast.MethodCall(loc, w_T, name, exprs), w_m.w_restype)
    vm.need_redshift(w_m)
    return ops.red_call(w_m.fqn, bound, w_m.w_restype, loc)


def has_method(w_T: W_Type, name: str) -> bool:
    return lookup_method(w_T, name) is not None


def construct(vm: VM, w_T: W_Type, args: list[Val], loc: Loc, red: bool) -> Val:
    """`T(args)` for a struct or class type."""
    if w_T.kind == KIND_STRUCT:
        w_new = w_T.members.get("__new__")
        if isinstance(w_new, W_ASTFunc):
            return vm.call(w_new, args, loc, red)
        return make_struct(vm, w_T, args, loc)
    w_init = w_T.members.get("__init__")
    params: list[W_Type] = []
    defaults_w: list[W_Object | None] = []
    if isinstance(w_init, W_ASTFunc):
        vm.ensure_signature(w_init)
        params = w_init.param_types[1:]
        defaults_w = w_init.defaults_w[1:]
    if not takes_count(defaults_w, len(args)):
        raise SPyError(
            "wrong number of arguments: `%s` takes %d, got %d"
            % (w_T.name, len(params), len(args)),
            loc,
        )
    full = list(args)
    for i in range(len(args), len(params)):
        full.append(blue_val(cast(W_Object, defaults_w[i]), loc))
    conv = [
        ops.concretize(vm.convert(full[i], params[i], full[i].loc))
        for i in range(len(full))
    ]
    if not red:
        raise SPyError("class instances cannot be created at compile time yet", loc)
    fqn = make_fqn(w_T.fqn, "__construct__")
    if fqn not in vm.constructors:
        vm.constructors[fqn] = w_T
        vm.constructor_order.append(fqn)
        if isinstance(w_init, W_ASTFunc):
            vm.need_redshift(w_init)
    return ops.red_call(fqn, conv, w_T, loc)


def make_struct(vm: VM, w_T: W_Type, args: list[Val], loc: Loc) -> Val:
    """The field-wise constructor (`Point(1.0, 2.0)`, `Point.__make__`)."""
    if len(args) != len(w_T.field_names):
        raise SPyError(
            "wrong number of arguments: `%s` has %d fields, got %d"
            % (w_T.name, len(w_T.field_names), len(args)),
            loc,
        )
    conv: list[Val] = []
    for i in range(len(args)):
        conv.append(
            ops.concretize(vm.convert(args[i], w_T.field_types[i], args[i].loc))
        )
    if all_blue(conv):
        return blue_val(W_StructValue(w_T, [c.blue_value() for c in conv]), loc)
    return ops.red_call(make_fqn(w_T.fqn, "__make__"), conv, w_T, loc)


# ------------------------------------------------------------ operators


def binop_method(vm: VM, op: str, l: Val, r: Val, loc: Loc, red: bool) -> Val | None:
    if not is_object(l.w_T) or op not in BINOP_METHODS:
        return None
    name = BINOP_METHODS[op]
    if not has_method(l.w_T, name):
        raise ops.unsupported(op, l, r, loc)
    return call_method(vm, l, name, [r], loc, red)


def inplace_method(vm: VM, op: str, l: Val, r: Val, loc: Loc) -> Val | None:
    """`l op= r` of an object whose class defines the in-place method
    (`__ior__` for `|=`): its call, whose result is assigned to the target,
    as in Python. None otherwise: then `l op= r` is `l = l op r`."""
    if not is_object(l.w_T) or op not in BINOP_METHODS:
        return None
    name = "__i" + BINOP_METHODS[op][2:]
    if not has_method(l.w_T, name):
        return None
    return call_method(vm, l, name, [r], loc, True)


def compare_method(vm: VM, op: str, l: Val, r: Val, loc: Loc, red: bool) -> Val | None:
    """Comparisons of objects: special methods, else identity for classes."""
    if op in ("in", "not in") and is_object(r.w_T):
        res = call_method(vm, r, "__contains__", [l], loc, red)
        ast.set_first(res.expr, 1)  # Python evaluates l first
        if op == "not in":
            return ops.unaryop("not", res, loc)
        return res
    if not (is_object(l.w_T) or is_object(r.w_T) or l.w_T.kind == KIND_PTR):
        return None
    if op in ("is", "is not") or (
        op in ("==", "!=")
        and l.w_T.kind == KIND_CLASS
        and not has_method(l.w_T, "__eq__")
    ):
        return identity(op, l, r, loc)
    if op not in CMP_METHODS:
        return None
    name = CMP_METHODS[op]
    if has_method(l.w_T, name):
        return call_method(vm, l, name, [r], loc, red)
    if op in REFLECTED and has_method(r.w_T, CMP_METHODS[REFLECTED[op]]):
        # like Python: a > b tries b < a
        return call_method(vm, r, CMP_METHODS[REFLECTED[op]], [l], loc, red)
    if op == "!=" and has_method(l.w_T, "__eq__"):
        return ops.unaryop("not", call_method(vm, l, "__eq__", [r], loc, red), loc)
    if l.w_T.kind == KIND_TUPLE and op in ("==", "!="):
        return tuple_eq(vm, op, l, r, loc, red)
    raise ops.unsupported(op, l, r, loc)


def identity(op: str, l: Val, r: Val, loc: Loc) -> Val:
    """`is` between class references or None (pointers: NULL)."""
    w_T = l.w_T
    if w_T is w_NoneType:
        w_T = r.w_T
    if w_T.kind not in (KIND_CLASS, KIND_PTR) or (
        r.w_T is not w_NoneType and r.w_T.kind != w_T.kind
    ):
        raise ops.unsupported(op, l, r, loc)
    lc = ops.convert(l, w_T, loc) if l.w_T is w_NoneType else l
    rc = ops.convert(r, w_T, loc) if r.w_T is w_NoneType else r
    res = ops.red_call(make_fqn(OPERATOR, "ref_is"), [lc, rc], w_bool, loc)
    if op in ("is not", "!="):
        return ops.unaryop("not", res, loc)
    return res


def tuple_eq(vm: VM, op: str, l: Val, r: Val, loc: Loc, red: bool) -> Val:
    if l.w_T is not r.w_T:
        raise ops.unsupported(op, l, r, loc)
    if l.is_blue() and r.is_blue():
        result = tuple_items_eq(vm, l, r, loc, red)
    else:
        fqn = make_fqn(l.w_T.fqn, "__eq__")
        if fqn not in vm.tuple_helpers:
            a = tuple_param("a", l.w_T, loc)
            b = tuple_param("b", l.w_T, loc)
            add_tuple_helper(vm, fqn, [a, b], tuple_items_eq(vm, a, b, loc, red))
        result = ops.red_call(fqn, [l, r], w_bool, loc)
    if op == "!=":
        return ops.unaryop("not", result, loc)
    return result


def tuple_items_eq(vm: VM, l: Val, r: Val, loc: Loc, red: bool) -> Val:
    """`l == r` item by item, stopping at the first unequal pair (each
    tuple is read more than once: a blue value or a parameter)."""
    result: Val | None = None
    for i in range(len(l.w_T.field_names)):
        li = get_attr(vm, l, "_%d" % i, loc)
        ri = get_attr(vm, r, "_%d" % i, loc)
        eq = vm.compare("==", li, ri, loc, red)
        if result is None:
            result = eq
        else:
            result = ops.boolop("and", result, eq, loc)
    if result is None:
        result = ops.bool_val(True, loc)
    return result


# A red tuple is evaluated once, where Python evaluates it: `str()`,
# `hash()` and `==` read every item, so on a red tuple they call a function
# of the tuple, made once per tuple type and operation (`builtins::tuple[i32,
# str]::__repr__(t)`), whose body reads the items of its parameter.


def tuple_param(name: str, w_T: W_Type, loc: Loc) -> Val:
    """The parameter `name` of a tuple helper."""
    return red_val(ast.Name(loc, name), w_T)


def add_tuple_helper(vm: VM, fqn: str, params: list[Val], result: Val) -> None:
    """The helper `fqn(params) -> result`, which redshift adds to the
    program; like a builtin, it has no traceback frame."""
    names: list[str] = []
    types: list[W_Type] = []
    for p in params:
        assert isinstance(p.expr, ast.Name)
        names.append(p.expr.id)
        types.append(p.w_T)
    loc = result.loc
    name = fqn_member(fqn)
    typed = ast.TypedFunc(loc, fqn, name, "", names, types, result.w_T)
    typed.in_traceback = False
    typed.body.append(ast.Return(loc, ops.to_expr(result)))
    vm.tuple_helpers[fqn] = typed
    vm.tuple_helper_order.append(fqn)


def ptr_index(obj: Val, index: Val, loc: Loc) -> Val:
    w_T = obj.w_T
    assert w_T.w_item is not None
    if not index.w_T.is_int():
        raise ops.mismatch(w_i64, index.w_T, index.loc)
    idx = ops.convert(ops.concretize(index), w_i64, loc)
    return red_val(ast.Subscript(loc, ops.to_expr(obj), ops.to_expr(idx)), w_T.w_item)
