"""The vm: modules, functions, classes, calls and generics at compile time.

Input: the `ImportGraph` of the importer. `SpyVM.load` runs every module's
top-level code in import order ("import time"): defs become `W_ASTFunc`s,
constants blue values, `var`s typed globals. Blue functions and generics are
called here (memoized); red functions may run here too when blue code calls
them. Redshift then asks the vm for everything it needs to type red code.
Entry point: `SpyVM(stdlib_dir).load(graph)`.

`SpyVM` implements the methods that `VM` (vm/vmbase.py, the vm as the
modules below this one see it) leaves abstract.
"""

from stage0 import ast
from stage0.errors import Loc, SPyError
from stage0.fqn import (
    LIST_FQN,
    DICT_FQN,
    BLUE,
    RED,
    make_fqn,
    generic_fqn,
    is_generic_of,
    BUILTINS,
)
from stage0.importer import IMPLICIT_MODULES, ImportGraph, VM_MODULES
from stage0.flow import check_module
from stage0.scope import SymTable, analyze_module
from stage0.vm import builtins, objects, ops, typedefs
from stage0.vm.frame import Frame
from stage0.vm.model import (
    call_params,
    takes_count,
    W_ClassTemplate,
    W_TypeOp,
    Closure,
    FrameBase,
    W_ASTFunc,
    W_Bool,
    W_BuiltinFunc,
    W_ExternDecorator,
    W_Module,
    W_Special,
    W_Tuple,
    Val,
    all_blue,
    blue_val,
    w_typeof,
    w_None,
    FUNC_EXTERN,
    FUNC_GENERIC,
    FUNC_PLAIN,
)
from stage0.vm.vmbase import MAX_BLUE_DEPTH, VM
from stage0.vm.wtypes import (
    cast,
    W_Object,
    W_Type,
    w_NoneType,
    w_f64,
    w_str,
    KIND_CLASS,
    KIND_EMPTYLIST,
    KIND_STRUCT,
    KIND_TUPLE,
)


class SpyVM(VM):
    def __init__(self, stdlib_dir: str) -> None:
        VM.__init__(self, stdlib_dir)
        self.w_builtins = builtins.make_builtins_module(self)
        for name in VM_MODULES:
            if name != BUILTINS:
                self.modules[name] = builtins.make_vm_module(self, name)
        self.modules[BUILTINS] = self.w_builtins

    # ------------------------------------------------------------ modules

    def load(self, graph: ImportGraph) -> None:
        names = list(self.w_builtins.members.keys())
        for modname in graph.order:
            info = graph.modules[modname]
            scope = analyze_module(info.tree, names)
            check_module(info.tree, scope)
            self.scopes[modname] = scope
            w_mod = W_Module(modname, info.filename)
            self.modules[modname] = w_mod
            self.module_order.append(modname)
            frame = Frame(self, w_mod, scope.module, None, modname, None)
            frame.locals_w = w_mod.members
            frame.exec_body(info.tree.body)
            if not info.filename.startswith(self.stdlib_dir):
                if not hides_traceback(w_mod):
                    self.user_modules.append(modname)
            if modname in IMPLICIT_MODULES and modname[1:] in w_mod.members:
                # the stdlib module that defines a builtin type, e.g. `list`
                builtin = modname[1:]
                self.w_builtins.members[builtin] = w_mod.members[builtin]

    def exec_import(self, frame: FrameBase, s: ast.Stmt) -> None:
        assert isinstance(frame, Frame)
        if isinstance(s, ast.Import):
            for alias in s.names:
                w_mod = self.modules[alias.name]
                if alias.asname != "":
                    frame.locals_w[alias.asname] = w_mod
                elif "." in alias.name:
                    raise SPyError(
                        "`import a.b` needs `as`: write `import %s as name`"
                        % alias.name,
                        alias.loc,
                    )
                else:
                    frame.locals_w[alias.name] = w_mod
        elif isinstance(s, ast.ImportFrom):
            w_mod = self.modules[s.module]
            for alias in s.names:
                if alias.name in w_mod.var_types:
                    raise SPyError(
                        "cannot import `var` global '%s': import the module "
                        "and write `%s.%s`" % (alias.name, s.module, alias.name),
                        alias.loc,
                    )
                if alias.name not in w_mod.members:
                    raise SPyError(
                        "cannot import name '%s' from '%s'" % (alias.name, s.module),
                        alias.loc,
                    )
                name = alias.asname
                if name == "":
                    name = alias.name
                frame.locals_w[name] = w_mod.members[alias.name]

    def assign_module_name(
        self, frame: FrameBase, name: str, value: Val, loc: Loc
    ) -> None:
        assert isinstance(frame, Frame)
        w_mod = frame.w_module
        if name in w_mod.var_types:
            self.assign_global(w_mod, name, value, loc)
            return
        if name in w_mod.members:
            raise SPyError("'%s' is const" % name, loc)
        w_mod.members[name] = value.blue_value()

    def assign_global(self, w_mod: W_Module, name: str, value: Val, loc: Loc) -> None:
        if name not in w_mod.var_types:
            raise SPyError("'%s' is const" % name, loc)
        value = ops.convert(value, w_mod.var_types[name], loc)
        w_mod.members[name] = value.blue_value()

    def define_var(self, frame: FrameBase, s: ast.VarDef) -> None:
        assert isinstance(frame, Frame)
        if frame.w_func is not None:
            raise SPyError("`var` is only allowed at module level", s.loc)
        if s.value is None:
            raise SPyError("a `var` needs an initial value", s.loc)
        value = frame.eval_expr(s.value)
        if s.annotation is not None:
            value = ops.convert(value, frame.eval_type(s.annotation), s.value.loc)
        value = ops.concretize(value)
        ops.to_expr(value)  # a var must hold a run-time value
        w_mod = frame.w_module
        w_mod.var_types[s.name] = value.w_T
        w_mod.var_locs[s.name] = s
        if value.w_value is None:
            # `var x: C = None`: a reference that red code sets later
            value = blue_val(w_None, value.loc)
        w_mod.members[s.name] = value.blue_value()

    # ---------------------------------------------------------- functions

    def define_function(
        self,
        frame: FrameBase,
        funcdef: ast.FuncDef,
        w_self_type: W_Type | None,
        w_cls: W_Type | None = None,
    ) -> W_Object:
        assert isinstance(frame, Frame)
        color = RED
        kind = FUNC_PLAIN
        extern_name = ""
        decorators_w: list[W_Object] = []
        for deco in funcdef.decorators:
            v = frame.eval_expr(deco)
            w_deco = v.w_value
            if w_deco is self.w_blue:
                color = BLUE
            elif w_deco is self.w_blue_generic:
                color = BLUE
                kind = FUNC_GENERIC
            elif isinstance(w_deco, W_ExternDecorator):
                kind = FUNC_EXTERN
                extern_name = w_deco.c_name
            elif v.is_blue() and w_deco is not None:
                decorators_w.append(w_deco)
            else:
                raise SPyError("a decorator must be a blue value", deco.loc)
        if len(funcdef.type_params) > 0:
            if color == BLUE:
                raise SPyError(
                    "type parameters are not allowed on blue functions", funcdef.loc
                )
            kind = FUNC_GENERIC
        closure = None
        if frame.w_func is not None:
            closure = Closure(frame.locals_w, frame.closure)
        elif frame.in_class:
            closure = frame.closure
        w_func = W_ASTFunc("", color, kind, funcdef, frame.w_module, closure)
        w_func.fqn = self.unique_fqn(make_fqn(frame.fqn_prefix, funcdef.name), w_func)
        w_func.extern_name = extern_name
        w_func.w_cls = w_cls
        for param in call_params(w_func):
            if param.default is None:
                w_func.default_vals.append(None)
            else:
                dv = frame.eval_expr(param.default)
                if not dv.is_blue():
                    raise SPyError("a default value must be blue", param.default.loc)
                w_func.default_vals.append(dv)
        w_func.w_self_type = w_self_type
        if color == RED and kind != FUNC_GENERIC:
            w_func.sig_frame = frame
        else:
            for v_default in w_func.default_vals:
                if v_default is None:
                    w_func.defaults_w.append(None)
                else:
                    w_func.defaults_w.append(ops.concretize(v_default).w_value)
        return self.apply_decorators(decorators_w, w_func, funcdef.loc)

    def apply_decorators(
        self, decorators_w: list[W_Object], w_obj: W_Object, loc: Loc
    ) -> W_Object:
        """`@d1 @d2 def f` (or `class C`) is `d1(d2(f))`; each result must
        be blue."""
        w_result = w_obj
        for i in range(len(decorators_w) - 1, -1, -1):
            res = self.call(decorators_w[i], [blue_val(w_result, loc)], loc, False)
            if not res.is_blue():
                raise SPyError("a decorator must return a blue value", loc)
            w_result = res.blue_value()
        return w_result

    def ensure_signature(self, w_func: W_ASTFunc) -> None:
        """A red function's parameter and return types, evaluated where the
        `def` ran (for generics: with the type parameters bound)."""
        frame = w_func.sig_frame
        if not isinstance(frame, Frame):
            return
        w_func.sig_frame = None
        funcdef = w_func.funcdef
        params = call_params(w_func)
        for i in range(len(params)):
            param = params[i]
            if param.annotation is not None:
                w_func.param_types.append(frame.eval_type(param.annotation))
            elif i == 0 and w_func.w_self_type is not None:
                w_func.param_types.append(w_func.w_self_type)
            else:
                raise SPyError(
                    "missing type annotation for parameter '%s'" % param.name,
                    param.loc,
                )
        if funcdef.return_type is None:
            w_func.w_restype = w_NoneType
        else:
            w_func.w_restype = frame.eval_type(funcdef.return_type)
        for i in range(len(w_func.default_vals)):
            dv = w_func.default_vals[i]
            if dv is None:
                w_func.defaults_w.append(None)
            else:
                dv = ops.concretize(ops.convert(dv, w_func.param_types[i], dv.loc))
                if dv.w_value is None:  # `None` for a class: a red NULL
                    w_func.defaults_w.append(w_None)
                else:
                    w_func.defaults_w.append(dv.w_value)

    def signature(self, w_func: W_ASTFunc) -> str:
        self.ensure_signature(w_func)
        parts: list[str] = []
        for i in range(len(call_params(w_func))):
            p = call_params(w_func)[i]
            if i < len(w_func.param_types):
                parts.append("%s: %s" % (p.name, w_func.param_types[i].name))
            else:
                parts.append(p.name)
        return "def %s(%s) -> %s" % (
            w_func.funcdef.name,
            ", ".join(parts),
            w_func.w_restype.name,
        )

    def bind_args(self, w_func: W_ASTFunc, args: list[Val], loc: Loc) -> list[Val]:
        """Check the arity, fill in defaults and convert to parameter types."""
        self.ensure_signature(w_func)
        params = call_params(w_func)
        if not takes_count(w_func.defaults_w, len(args)):
            raise SPyError(
                "wrong number of arguments: `%s` takes %d, got %d"
                % (w_func.funcdef.name, len(params), len(args)),
                loc,
                "the signature is `%s`" % self.signature(w_func),
            )
        result: list[Val] = []
        for i in range(len(params)):
            if i < len(args):
                v = args[i]
            else:
                v = blue_val(cast(W_Object, w_func.defaults_w[i]), loc)
            if i < len(w_func.param_types):
                v = self.convert(v, w_func.param_types[i], v.loc)
            result.append(ops.concretize(v))
        return result

    def call(self, w_func: W_Object, args: list[Val], loc: Loc, red: bool) -> Val:
        if isinstance(w_func, W_BuiltinFunc):
            return builtins.call_builtin(self, w_func.name, args, loc, red)
        if isinstance(w_func, W_Type):
            if w_func.kind == KIND_STRUCT or w_func.kind == KIND_CLASS:
                return objects.construct(self, w_func, args, loc, red)
            return builtins.call_type(self, w_func, args, loc)
        if isinstance(w_func, W_Special) and w_func.name == "extern":
            return builtins.make_extern(args, loc)
        if isinstance(w_func, W_TypeOp):
            return builtins.call_type_op(self, w_func, args, loc)
        if isinstance(w_func, W_ClassTemplate):
            raise SPyError(
                "`%s` is generic: give its type arguments first, e.g. `%s[i32](...)`"
                % (w_func.classdef.name, w_func.classdef.name),
                loc,
            )
        if not isinstance(w_func, W_ASTFunc):
            raise SPyError("`%s` is not callable" % w_typeof(w_func).name, loc)
        if w_func.kind == FUNC_GENERIC:
            if w_func.color == RED:
                raise SPyError(
                    "`%s` is generic: call it with brackets first, e.g. "
                    "`%s[i32](...)`" % (w_func.funcdef.name, w_func.funcdef.name),
                    loc,
                )
            return self.call_generic(w_func, args, loc)
        if w_func.color == BLUE:
            return self.call_blue(w_func, args, loc)
        bound = self.bind_args(w_func, args, loc)
        if red:
            self.need_redshift(w_func)
            return ops.red_call(w_func.fqn, bound, w_func.w_restype, loc)
        args_w = [v.blue_value() for v in bound]
        w_res = self.run_function(w_func, args_w, w_func.fqn, loc)
        return blue_val(w_res, loc)

    def call_blue(self, w_func: W_ASTFunc, args: list[Val], loc: Loc) -> Val:
        for a in args:
            if not a.is_blue():
                raise SPyError(
                    "cannot call blue function with red argument",
                    a.loc,
                    "this is red",
                )
        bound = self.bind_args(w_func, args, loc)
        args_w = [v.blue_value() for v in bound]
        key = typedefs.memo_key(args_w)
        if key in w_func.memo:
            return blue_val(w_func.memo[key], loc)
        w_res = self.run_function(w_func, args_w, generic_fqn(w_func.fqn, key), loc)
        w_func.memo[key] = w_res
        return blue_val(w_res, loc)

    def call_generic(self, w_func: W_Object, args: list[Val], loc: Loc) -> Val:
        if isinstance(w_func, W_ClassTemplate):
            return blue_val(typedefs.specialize_class(self, w_func, args, loc), loc)
        if isinstance(w_func, W_Special) or isinstance(w_func, W_TypeOp):
            return builtins.subscript_special(self, w_func, args, loc)
        assert isinstance(w_func, W_ASTFunc)
        if w_func.kind != FUNC_GENERIC:
            raise SPyError(
                "`%s` is not generic: call it with parentheses" % w_func.funcdef.name,
                loc,
            )
        if w_func.color == BLUE:
            return self.call_blue(w_func, args, loc)
        names: dict[str, W_Object] = {}
        args_w = typedefs.bind_type_args(
            w_func.funcdef.name, w_func.funcdef.type_params, args, names, loc
        )
        key = typedefs.memo_key(args_w)
        if key in w_func.memo:
            return blue_val(w_func.memo[key], loc)
        closure = Closure(names, w_func.closure)
        w_spec = W_ASTFunc(
            "", RED, FUNC_PLAIN, w_func.funcdef, w_func.w_module, closure
        )
        w_spec.fqn = self.unique_fqn(generic_fqn(w_func.fqn, key), w_spec)
        w_spec.default_vals = w_func.default_vals
        frame = Frame(
            self, w_func.w_module, self.symtable_of(w_func), closure, w_spec.fqn, w_spec
        )
        frame.locals_w = names
        w_spec.sig_frame = frame
        self.ensure_signature(w_spec)
        w_func.memo[key] = w_spec
        return blue_val(w_spec, loc)

    def run_function(
        self, w_func: W_ASTFunc, args_w: list[W_Object], prefix: str, loc: Loc
    ) -> W_Object:
        """Run a function at compile time (blue code, or red code called from
        blue code) and return its result."""
        if w_func.kind == FUNC_EXTERN:
            return builtins.call_extern_blue(self, w_func, args_w, loc)
        self.ensure_signature(w_func)
        if self.depth >= MAX_BLUE_DEPTH:
            raise SPyError("maximum blue recursion depth exceeded", loc)
        frame = Frame(
            self,
            w_func.w_module,
            self.symtable_of(w_func),
            w_func.closure,
            prefix,
            w_func,
        )
        params = call_params(w_func)
        if w_func.w_cls is not None:
            frame.locals_w[w_func.funcdef.params[0].name] = w_func.w_cls
        for i in range(len(params)):
            frame.locals_w[params[i].name] = args_w[i]
            if i < len(w_func.param_types):
                frame.local_types[params[i].name] = w_func.param_types[i]
        self.depth = self.depth + 1
        saved = ops.FOLD_STATE.strict
        ops.FOLD_STATE.strict = True
        frame.exec_body(w_func.funcdef.body)
        ops.FOLD_STATE.strict = saved
        self.depth = self.depth - 1
        w_res = frame.w_result
        if w_func.color == RED and w_func.w_restype is not w_NoneType:
            if w_res is None or isinstance(w_res, type(None)):
                raise SPyError("function `%s` did not return a value" % w_func.fqn, loc)
        return w_res

    # -------------------------------------------------------- objects

    def define_class(self, frame: FrameBase, classdef: ast.ClassDef) -> W_Object:
        """A `class` statement: a new type, whose body runs now (see
        typedefs.fill_class), or a template when it has type parameters."""
        assert isinstance(frame, Frame)
        kind = KIND_CLASS
        decorators_w: list[W_Object] = []
        for deco in classdef.decorators:
            v = frame.eval_expr(deco)
            if v.w_value is self.w_struct:
                kind = KIND_STRUCT
            elif v.is_blue() and v.w_value is not None:
                decorators_w.append(v.w_value)
            else:
                raise SPyError("a decorator must be a blue value", deco.loc)
        closure = frame.closure
        if frame.w_func is not None:
            closure = Closure(frame.locals_w, frame.closure)
        fqn = make_fqn(frame.fqn_prefix, classdef.name)
        w_result: W_Object
        if len(classdef.type_params) > 0:
            w_result = W_ClassTemplate(classdef, kind, frame.w_module, closure, fqn)
        else:
            fqn = self.unique_fqn(fqn, frame.w_module)
            w_T = typedefs.new_type(classdef, kind, frame.w_module, fqn, "")
            # bound before the body runs, so fields and methods can name it
            frame.locals_w[classdef.name] = w_T
            typedefs.fill_class(self, w_T, classdef, frame.w_module, closure, {})
            w_result = w_T
        return self.apply_decorators(decorators_w, w_result, classdef.loc)

    def class_frame(
        self,
        w_module: W_Module,
        symtable: SymTable,
        closure: Closure,
        fqn_prefix: str,
        names: dict[str, W_Object],
    ) -> FrameBase:
        """The frame a class body runs in: `names` are its locals."""
        frame = Frame(self, w_module, symtable, closure, fqn_prefix, None)
        frame.locals_w = names
        frame.in_class = True
        return frame

    def call_method(
        self, recv: Val, name: str, args: list[Val], loc: Loc, red: bool
    ) -> Val:
        if recv.w_T is w_str:
            return builtins.call_str_method(self, recv, name, args, loc, red)
        return objects.call_method(self, recv, name, args, loc, red)

    def compare(self, op: str, left: Val, right: Val, loc: Loc, red: bool) -> Val:
        res = objects.compare_method(self, op, left, right, loc, red)
        if res is not None:
            return res
        return ops.compare(op, left, right, loc)

    def make_list(self, items: list[Val], w_item: W_Type | None, loc: Loc) -> Val:
        """A list display: `list[T]()` then one `_push` per item."""
        if w_item is None:
            w_item = self.infer_item_type(items, loc)
            if w_item is None:
                # only a context that expects a list type can type it
                pending = Val(RED, self.w_empty_list, None, None, loc)
                pending.display = items
                return pending
        w_tmpl = self.w_builtins.members["list"]
        w_list = self.call_generic(w_tmpl, [blue_val(w_item, loc)], loc).w_value
        assert isinstance(w_list, W_Type)
        result = objects.construct(self, w_list, [], loc, True)
        for v in items:
            result = objects.call_method(self, result, "_push", [v], loc, True)
        result.display = items
        return result

    def make_dict(self, keys: list[Val], values: list[Val], loc: Loc) -> Val:
        """A dict display: `dict[K, V]()` then one `_put` per pair; K and V
        are the types of the first pair."""
        w_K = self.infer_item_type(keys, loc)
        w_V = self.infer_item_type(values, loc)
        if w_K is None or w_V is None:
            pending = Val(RED, self.w_empty_dict, None, None, loc)
            pending.display = keys + values
            return pending
        return self.make_dict_of(keys, values, w_K, w_V, loc)

    def make_dict_of(
        self, keys: list[Val], values: list[Val], w_K: W_Type, w_V: W_Type, loc: Loc
    ) -> Val:
        w_tmpl = self.w_builtins.members["dict"]
        args = [blue_val(w_K, loc), blue_val(w_V, loc)]
        w_dict = self.call_generic(w_tmpl, args, loc).w_value
        assert isinstance(w_dict, W_Type)
        result = objects.construct(self, w_dict, [], loc, True)
        for i in range(len(keys)):
            result = objects.call_method(
                self, result, "_put", [keys[i], values[i]], loc, True
            )
        result.display = keys + values
        return result

    def convert(self, v: Val, w_T: W_Type, loc: Loc) -> Val:
        """Implicit conversion, including `[]` and `{}` to a list or dict
        type."""
        if v.w_T is self.w_empty_list or v.w_T is self.w_empty_dict:
            base = LIST_FQN
            if v.w_T is self.w_empty_dict:
                base = DICT_FQN
            if not (w_T.kind == KIND_CLASS and is_generic_of(w_T.fqn, base)):
                raise ops.mismatch(w_T, v.w_T, v.loc)
            if v.display is None or len(v.display) == 0:
                return objects.construct(self, w_T, [], v.loc, True)
        if (
            v.display is not None
            and v.w_T is not w_T
            and w_T.kind in (KIND_CLASS, KIND_TUPLE)
        ):
            rebuilt = self.rebuild_display(v, w_T)
            if rebuilt is not None:
                return rebuilt
        return ops.convert(v, w_T, loc)

    def infer_item_type(self, items: list[Val], loc: Loc) -> W_Type | None:
        """The item type of a display: the common type of its items, or
        None when they have none (then the context must give it)."""
        w_T: W_Type | None = None
        for v in items:
            w_V = v.w_T
            if v.literal:
                w_V = ops.literal_type(v)
            if w_T is None:
                w_T = w_V
            else:
                w_T = self.unify_types(w_T, w_V, loc)
                if w_T is None:
                    return None
        if w_T is not None and w_T.kind == KIND_EMPTYLIST:
            return None
        return w_T

    def unify_types(self, a: W_Type, b: W_Type, loc: Loc) -> W_Type | None:
        if a is b:
            return a
        if ops.is_number(a) and ops.is_number(b):
            if a is w_f64 or b is w_f64:
                return w_f64
            if ops.can_widen(a, b):
                return b
            if ops.can_widen(b, a):
                return a
            return None
        if a.kind == KIND_CLASS and b.kind == KIND_CLASS:
            w_base: W_Type | None = a
            while w_base is not None and not ops.is_subclass(b, w_base):
                w_base = w_base.w_base
            if w_base is not None and list_item_type(w_base) is None:
                return w_base
        if a is self.w_empty_list and list_item_type(b) is not None:
            return b
        if b is self.w_empty_list and list_item_type(a) is not None:
            return a
        ia = list_item_type(a)
        ib = list_item_type(b)
        if ia is not None and ib is not None:
            w_item = self.unify_types(ia, ib, loc)
            if w_item is None:
                return None
            w_list = self.call_generic(
                self.w_builtins.members["list"], [blue_val(w_item, loc)], loc
            ).w_value
            assert isinstance(w_list, W_Type)
            return w_list
        return None

    def rebuild_display(self, v: Val, w_T: W_Type) -> Val | None:
        """A display again, for the item types the context expects."""
        items = v.display
        assert items is not None
        if w_T.kind == KIND_TUPLE and v.w_T.kind == KIND_TUPLE:
            if len(items) != len(w_T.field_types):
                return None
            conv = [
                self.convert(items[i], w_T.field_types[i], items[i].loc)
                for i in range(len(items))
            ]
            return self.make_tuple(conv, v.loc)
        if is_generic_of(w_T.fqn, LIST_FQN) and (
            is_generic_of(v.w_T.fqn, LIST_FQN) or v.w_T is self.w_empty_list
        ):
            w_item = w_T.field_types[0].w_item
            assert w_item is not None
            conv = [self.convert(item, w_item, item.loc) for item in items]
            return self.make_list(conv, w_item, v.loc)
        if is_generic_of(w_T.fqn, DICT_FQN) and (
            is_generic_of(v.w_T.fqn, DICT_FQN) or v.w_T is self.w_empty_dict
        ):
            # the item type of `_entries` is `_entry[K, V]`: key, value, ...
            w_entry = w_T.field_types[0].w_item
            assert w_entry is not None
            w_K = w_entry.field_types[0]
            w_V = w_entry.field_types[1]
            n = len(items) // 2
            keys = [self.convert(k, w_K, k.loc) for k in items[:n]]
            values = [self.convert(x, w_V, x.loc) for x in items[n:]]
            return self.make_dict_of(keys, values, w_K, w_V, v.loc)
        return None

    def make_tuple(self, items: list[Val], loc: Loc) -> Val:
        w_T = typedefs.tuple_type(self, [v.w_T for v in items])
        if all_blue(items):
            w_tup = W_Tuple([v.blue_value() for v in items])
            w_tup.w_T = w_T
            result = blue_val(w_tup, loc)
        else:
            result = ops.red_call(make_fqn(w_T.fqn, "__make__"), items, w_T, loc)
        result.display = items
        return result


def list_item_type(w_T: W_Type) -> W_Type | None:
    if w_T.kind == KIND_CLASS and is_generic_of(w_T.fqn, LIST_FQN):
        return w_T.field_types[0].w_item
    return None


def hides_traceback(w_mod: W_Module) -> bool:
    """`__tracebackhide__ = True` at module level: like the stdlib's, the
    module's functions do not show in tracebacks (the interpreter's own)."""
    if "__tracebackhide__" not in w_mod.members:
        return False
    w_flag = w_mod.members["__tracebackhide__"]
    return isinstance(w_flag, W_Bool) and w_flag.value
