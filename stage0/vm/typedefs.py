"""Types made by programs: structs, classes, generic classes, tuple types
and pointer types. The body of a `class` statement (`VM.define_class`, at
import time or when blue code runs it) or of a generic instantiation runs
here; the result is a `W_Type` whose fields, methods and vtable redshift
and cwriter read.
"""

from stage0 import ast
from stage0.errors import Loc, SPyError
from stage0.fqn import BUILTINS, UNSAFE, make_fqn, generic_fqn, fqn_module
from stage0.vm import ops
from stage0.vm.model import (
    Closure,
    FrameBase,
    W_ASTFunc,
    W_ClassTemplate,
    W_Func,
    W_Int,
    W_Module,
    W_Special,
    Val,
)
from stage0.vm.vmbase import VM
from stage0.vm.wtypes import (
    W_Object,
    W_Type,
    w_i32,
    KIND_CLASS,
    KIND_PTR,
    KIND_STRUCT,
    KIND_TUPLE,
)


def specialize_class(
    vm: VM, w_tmpl: W_ClassTemplate, args: list[Val], loc: Loc
) -> W_Type:
    """`Box[i32]`: run the class body with the type parameters bound."""
    names: dict[str, W_Object] = {}
    classdef = w_tmpl.classdef
    args_w = bind_type_args(classdef.name, classdef.type_params, args, names, loc)
    key = memo_key(args_w)
    if key in w_tmpl.memo:
        w_T = w_tmpl.memo[key]
        assert isinstance(w_T, W_Type)
        return w_T
    fqn = vm.unique_fqn(generic_fqn(w_tmpl.fqn, key), w_tmpl)
    w_T = new_type(w_tmpl.classdef, w_tmpl.kind, w_tmpl.w_module, fqn, "[" + key + "]")
    w_tmpl.memo[key] = w_T
    fill_class(vm, w_T, w_tmpl.classdef, w_tmpl.w_module, w_tmpl.closure, names)
    return w_T


def bind_type_args(
    name: str,
    type_params: list[str],
    args: list[Val],
    names: dict[str, W_Object],
    loc: Loc,
) -> list[W_Object]:
    """`f[A, B]`, `Box[A]`: bind each type parameter in `names`; the
    argument values, for the memo key."""
    if len(args) != len(type_params):
        raise SPyError(
            "wrong number of type arguments: `%s` takes %d, got %d"
            % (name, len(type_params), len(args)),
            loc,
        )
    args_w: list[W_Object] = []
    for i in range(len(args)):
        a = ops.concretize(args[i])
        if not a.is_blue():
            raise SPyError("type arguments must be blue", a.loc, "this is red")
        names[type_params[i]] = a.blue_value()
        args_w.append(a.blue_value())
    return args_w


def memo_key(args_w: list[W_Object]) -> str:
    """Blue calls and generic instantiations are memoized on their
    arguments' values."""
    parts: list[str] = []
    for w_arg in args_w:
        if isinstance(w_arg, W_Func):
            parts.append(w_arg.fqn)
        elif isinstance(w_arg, W_Int):
            parts.append(w_arg.spy_repr())
            if w_arg.w_T is not w_i32:
                parts[len(parts) - 1] = "%s(%d)" % (w_arg.w_T.name, w_arg.value)
        else:
            parts.append(w_arg.spy_repr())
    return ", ".join(parts)


def new_type(
    classdef: ast.ClassDef, kind: str, w_module: W_Module, fqn: str, suffix: str
) -> W_Type:
    w_T = W_Type(classdef.name + suffix, kind, 0, False)
    w_T.fqn = fqn
    modname = fqn_module(fqn)
    w_T.display = modname + "." + classdef.name + suffix
    return w_T


def fill_class(
    vm: VM,
    w_T: W_Type,
    classdef: ast.ClassDef,
    w_module: W_Module,
    closure: Closure | None,
    names: dict[str, W_Object],
) -> None:
    """Run a class body: fields, methods, constants."""
    names["Self"] = w_T
    symtable = vm.scopes[w_module.name].classes[classdef]
    # the methods see `Self` and the enclosing scopes, but, as in Python,
    # not the class body's names (a method `f` calling a module-level `f`)
    method_scope = Closure(dict(names), closure)  # the type parameters, Self
    cframe = vm.class_frame(w_module, symtable, method_scope, w_T.fqn, names)
    vm.all_types.append(w_T)
    overrides: list[tuple[W_ASTFunc, W_ASTFunc]] = []
    for base in classdef.bases:
        w_base = cframe.eval_type(base)
        if w_T.kind == KIND_STRUCT:
            raise SPyError("a struct cannot inherit", base.loc)
        if w_base.kind != KIND_CLASS:
            raise SPyError("a class can only inherit from a class", base.loc)
        if w_T.w_base is not None:
            raise SPyError("only single inheritance is supported", base.loc)
        w_T.w_base = w_base
        w_T.field_names = list(w_base.field_names)
        w_T.field_types = list(w_base.field_types)
        for name in w_base.vtable:
            w_T.vtable[name] = w_base.vtable[name]
        for name in w_base.members:
            w_T.members[name] = w_base.members[name]
    for stmt in classdef.body:
        if isinstance(stmt, ast.AnnAssign):
            fname = stmt.target.id
            if fname in w_T.field_names:
                raise SPyError("field '%s' is already defined" % fname, stmt.target.loc)
            w_T.field_names.append(fname)
            w_T.field_types.append(cframe.eval_type(stmt.annotation))
        elif isinstance(stmt, ast.FuncDef):
            w_m = define_method(vm, cframe, stmt, w_T)
            w_old = w_T.members.get(stmt.name)
            if isinstance(w_old, W_ASTFunc) and isinstance(w_m, W_ASTFunc):
                if w_T.kind == KIND_CLASS and w_old.w_self_type is not None:
                    overrides.append((w_m, w_old))
            names[stmt.name] = w_m
            w_T.members[stmt.name] = w_m
            if (
                w_T.kind == KIND_CLASS
                and isinstance(w_m, W_ASTFunc)
                and w_m.w_self_type is w_T
            ):
                w_T.vtable[stmt.name] = w_m.fqn
        elif isinstance(stmt, ast.Assign):
            assert isinstance(stmt.target, ast.Name)
            v = ops.concretize(cframe.eval_expr(stmt.value))
            names[stmt.target.id] = v.blue_value()
            w_T.members[stmt.target.id] = v.blue_value()
    for w_new, w_old in overrides:
        if w_new.funcdef.name != "__init__":
            # checked by redshift, once every class a signature names exists
            vm.overrides.append((w_new, w_old))


def check_override(vm: VM, w_new: W_ASTFunc, w_old: W_ASTFunc) -> None:
    """An override must keep the signature (docs/language.md section 9)."""
    vm.ensure_signature(w_new)
    vm.ensure_signature(w_old)
    same = len(w_new.param_types) == len(w_old.param_types)
    same = same and w_new.w_restype is w_old.w_restype
    if same:
        for i in range(1, len(w_new.param_types)):
            if w_new.param_types[i] is not w_old.param_types[i]:
                same = False
    if not same:
        new_cls = w_new.w_self_type
        old_cls = w_old.w_self_type
        assert new_cls is not None and old_cls is not None
        raise SPyError(
            "`%s.%s` overrides `%s.%s` with a different signature"
            % (new_cls.name, w_new.funcdef.name, old_cls.name, w_old.funcdef.name),
            w_new.funcdef.loc,
        )


def define_method(
    vm: VM, cframe: FrameBase, funcdef: ast.FuncDef, w_T: W_Type
) -> W_Object:
    """A method: `self` gets the class type, unless @staticmethod."""
    w_self_type: W_Type | None = w_T
    w_cls: W_Type | None = None
    decos: list[ast.Expr] = []
    for deco in funcdef.decorators:
        v = cframe.eval_expr(deco)
        if isinstance(v.w_value, W_Special) and v.w_value.name == "staticmethod":
            w_self_type = None
        elif isinstance(v.w_value, W_Special) and v.w_value.name == "classmethod":
            w_self_type = None
            w_cls = w_T
            if len(funcdef.params) == 0:
                raise SPyError("a classmethod needs a `cls` parameter", funcdef.loc)
        else:
            decos.append(deco)
    if funcdef.name == "__new__":
        w_self_type = None
    saved = funcdef.decorators
    funcdef.decorators = decos
    w_m = vm.define_function(cframe, funcdef, w_self_type, w_cls)
    funcdef.decorators = saved
    if w_self_type is not None and len(funcdef.params) == 0:
        raise SPyError("a method needs a `self` parameter", funcdef.loc)
    return w_m


def tuple_type(vm: VM, types: list[W_Type]) -> W_Type:
    names = [t.name for t in types]
    key = "tuple[" + ", ".join(names) + "]"
    if key in vm.derived_types:
        return vm.derived_types[key]
    w_T = W_Type(key, KIND_TUPLE, 0, False)
    w_T.fqn = make_fqn(BUILTINS, key)
    for i in range(len(types)):
        w_T.field_names.append("_%d" % i)
        w_T.field_types.append(types[i])
    vm.derived_types[key] = w_T
    vm.all_types.append(w_T)
    return w_T


def ptr_type(vm: VM, w_item: W_Type, gc: bool) -> W_Type:
    base = "raw_ptr"
    if gc:
        base = "gc_ptr"
    key = "%s[%s]" % (base, w_item.name)
    if key in vm.derived_types:
        return vm.derived_types[key]
    w_T = W_Type(key, KIND_PTR, 0, gc)
    w_T.fqn = make_fqn(UNSAFE, key)
    w_T.w_item = w_item
    vm.derived_types[key] = w_T
    return w_T
