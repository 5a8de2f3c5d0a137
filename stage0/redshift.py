"""redshift: AST + vm -> typed, blue-free program.

Redshift is a partial evaluator built on the vm's evaluator: it reuses
`Frame`'s expression evaluation, where every blue expression is computed
(folded to a constant) and every red one becomes a typed expression with
its operators and callees resolved to fully qualified names. Statements are
transformed rather than executed: a blue `if` keeps only the branch taken,
single-assignment blue locals disappear, and each red function reachable
from `main` (plus every red function of the user's modules) is specialised
once. Comes after the vm has loaded every module; cwriter reads the result.
Entry point: `redshift_program(vm, main_module)`.
"""

import os

from stage0 import ast
from stage0.errors import Loc, SPyError
from stage0.fqn import BUILTINS, LIST_FQN, BLUE, RED, make_fqn, generic_fqn, fqn_member
from stage0.scope import STORE_CONST, SYM_GLOBAL
from stage0.unparse import unparse_expr, unparse_stmts
from stage0.vm import builtins, objects, ops, typedefs
from stage0.vm.frame import Frame, is_true
from stage0.vm.model import (
    call_params,
    W_ASTFunc,
    W_Module,
    Val,
    is_immutable,
    red_val,
    FUNC_EXTERN,
    FUNC_PLAIN,
)
from stage0.vm.vmbase import VM
from stage0.vm.wtypes import (
    W_Type,
    w_bool,
    w_f64,
    w_i32,
    w_NoneType,
    w_str,
    KIND_CLASS,
    KIND_EMPTYLIST,
    KIND_PTR,
    KIND_STRUCT,
    KIND_TUPLE,
)


# the prefix of a hidden local: no user name has a `$`
HIDDEN = "tmp$"


def is_runtime_type(w_T: W_Type) -> bool:
    if w_T.kind in (KIND_STRUCT, KIND_CLASS, KIND_TUPLE, KIND_PTR):
        return True
    return w_T.is_int() or w_T in (w_f64, w_bool, w_str)


class RedFrame(Frame):
    """The frame of a red function being redshifted."""

    red_types: dict[str, W_Type]
    # the loop variable of an unrolled `for` over a tuple, per copy
    aliases: dict[str, str]
    typed: ast.TypedFunc
    loop_depth: int

    def __init__(self, vm: VM, w_func: W_ASTFunc, typed: ast.TypedFunc) -> None:
        Frame.__init__(
            self,
            vm,
            w_func.w_module,
            vm.symtable_of(w_func),
            w_func.closure,
            w_func.fqn,
            w_func,
        )
        self.red = True
        self.red_types = {}
        self.aliases = {}
        self.typed = typed
        self.loop_depth = 0

    def lookup_unbound_local(self, name: str, loc: Loc) -> Val:
        if name in self.aliases:
            name = self.aliases[name]
        if name in self.red_types:
            return red_val(ast.Name(loc, name), self.red_types[name])
        return Frame.lookup_unbound_local(self, name, loc)

    def lookup_name(self, name: str, loc: Loc) -> Val:
        # a hidden local (see hidden_local) is in no symtable
        if name.startswith(HIDDEN):
            return self.lookup_unbound_local(name, loc)
        return Frame.lookup_name(self, name, loc)

    # ------------------------------------------------------------ locals

    def declare_red(self, name: str, w_T: W_Type, loc: Loc) -> None:
        if not is_runtime_type(w_T):
            raise SPyError(
                "a `%s` value exists only at compile time: it cannot be "
                "stored in a red variable" % w_T.name,
                loc,
            )
        self.red_types[name] = w_T
        self.typed.locals.append(name)
        self.typed.local_types.append(w_T)

    def assign_name(
        self, target: ast.Name, v: Val, w_ann: W_Type | None, out: list[ast.Stmt]
    ) -> None:
        name = target.id
        loc = target.loc
        sym = self.symtable.lookup(name)
        if sym is not None and sym.kind == SYM_GLOBAL:
            w_mod = self.w_module
            if name not in w_mod.var_types:
                raise SPyError("'%s' is const" % name, loc)
            v = self.vm.convert(v, w_mod.var_types[name], v.loc)
            fqn = make_fqn(w_mod.name, name)
            dest = red_val(ast.FQNConst(loc, fqn), w_mod.var_types[name])
            out.append(ast.Assign(loc, ops.to_expr(dest), ops.to_expr(v)))
            return
        if name in self.red_types:
            w_T = self.red_types[name]
            if w_ann is not None and w_ann is not w_T:
                raise SPyError(
                    "'%s' is already declared as `%s`" % (name, w_T.name), loc
                )
            v = self.vm.convert(v, w_T, v.loc)
            out.append(ast.Assign(loc, self.name_expr(name, loc), ops.to_expr(v)))
            return
        if name in self.locals_w:
            raise SPyError("'%s' is const" % name, loc)
        if w_ann is not None:
            v = self.vm.convert(v, w_ann, v.loc)
        if v.w_T.kind == KIND_EMPTYLIST:
            self.check_mixed_display(v)
            raise SPyError(
                "cannot infer the item type of an empty display: write "
                "`list[T]()` or `dict[K, V]()`",
                v.loc,
            )
        v = ops.concretize(v)
        is_const = sym is not None and sym.storage == STORE_CONST
        once = sym is not None and sym.top_level_once and sym.assignments == 1
        if is_const and not v.is_blue():
            raise SPyError("a `const` needs a blue value", v.loc, "this is red")
        if (is_const or once) and v.is_blue() and is_immutable(v.blue_value()):
            self.locals_w[name] = v.blue_value()
            return
        w_T = v.w_T
        if w_ann is not None:
            w_T = w_ann
        self.declare_red(name, w_T, loc)
        out.append(ast.Assign(loc, self.name_expr(name, loc), ops.to_expr(v)))

    def name_expr(self, name: str, loc: Loc) -> ast.Expr:
        return ops.to_expr(red_val(ast.Name(loc, name), self.red_types[name]))

    # -------------------------------------------------------- statements

    def shift_body(self, body: list[ast.Stmt]) -> list[ast.Stmt]:
        out: list[ast.Stmt] = []
        for stmt in body:
            self.shift_stmt(stmt, out)
        return out

    def shift_stmt(self, s: ast.Stmt, out: list[ast.Stmt]) -> None:
        if isinstance(s, ast.ExprStmt):
            self.shift_stmt_ExprStmt(s, out)
        elif isinstance(s, ast.Assign):
            self.shift_stmt_Assign(s, out)
        elif isinstance(s, ast.AnnAssign):
            self.shift_stmt_AnnAssign(s, out)
        elif isinstance(s, ast.ConstDef):
            self.shift_stmt_ConstDef(s, out)
        elif isinstance(s, ast.AugAssign):
            self.shift_stmt_AugAssign(s, out)
        elif isinstance(s, ast.If):
            self.shift_stmt_If(s, out)
        elif isinstance(s, ast.While):
            self.shift_stmt_While(s, out)
        elif isinstance(s, ast.For):
            self.shift_stmt_For(s, out)
        elif isinstance(s, ast.Return):
            self.shift_stmt_Return(s, out)
        elif isinstance(s, ast.Pass):
            self.shift_stmt_Pass(s, out)
        elif isinstance(s, ast.Break):
            self.shift_stmt_Break(s, out)
        elif isinstance(s, ast.Continue):
            self.shift_stmt_Continue(s, out)
        elif isinstance(s, ast.Assert):
            self.shift_stmt_Assert(s, out)
        elif isinstance(s, ast.Raise):
            self.shift_stmt_Raise(s, out)
        elif isinstance(s, ast.FuncDef):
            self.shift_stmt_FuncDef(s, out)
        elif isinstance(s, ast.ClassDef):
            self.shift_stmt_ClassDef(s, out)
        else:
            raise SPyError("this statement is not allowed in a function", s.loc)

    def shift_stmt_ExprStmt(self, s: ast.ExprStmt, out: list[ast.Stmt]) -> None:
        v = self.eval_expr(s.value)
        if not v.is_blue():
            out.append(ast.ExprStmt(s.loc, ops.to_expr(v)))

    def shift_stmt_Assign(self, s: ast.Assign, out: list[ast.Stmt]) -> None:
        self.assign_target(s.target, self.eval_expr(s.value), out)

    def assign_target(self, target: ast.Expr, v: Val, out: list[ast.Stmt]) -> None:
        """`target = v` for every kind of target."""
        if isinstance(target, ast.Name):
            self.assign_name(target, v, None, out)
        elif isinstance(target, ast.Tuple):
            self.unpack(target, v, out)
        elif isinstance(target, ast.Attribute):
            obj = self.eval_expr(target.value)
            through_ptr = isinstance(target.value, ast.Subscript) and (
                obj.expr is not None
                and isinstance(obj.expr, ast.Subscript)
                and obj.expr.value.w_T is not None
                and obj.expr.value.w_T.kind == KIND_PTR
            )
            out.append(
                objects.set_attr(self.vm, obj, target.attr, v, target.loc, through_ptr)
            )
        elif isinstance(target, ast.Subscript):
            obj = self.eval_expr(target.value)
            index = self.eval_expr(target.index)
            if obj.w_T.kind == KIND_PTR:
                item = objects.ptr_index(obj, index, target.loc)
                v = ops.convert(v, item.w_T, v.loc)
                out.append(ast.Assign(target.loc, ops.to_expr(item), ops.to_expr(v)))
            elif objects.has_method(obj.w_T, "__setitem__"):
                call = objects.call_method(
                    self.vm, obj, "__setitem__", [index, v], target.loc, True
                )
                # Python evaluates the value before the container and index
                ast.set_first(call.expr, 2)
                out.append(ast.ExprStmt(target.loc, ops.to_expr(call)))
            else:
                raise SPyError(
                    "`%s` does not support item assignment" % obj.w_T.name, target.loc
                )
        else:
            raise SPyError("cannot assign to this expression", target.loc)

    def unpack(self, target: ast.Tuple, v: Val, out: list[ast.Stmt]) -> None:
        """`a, b = t`: a tuple value is evaluated once, then split."""
        if v.w_T.kind != KIND_TUPLE:
            raise SPyError("cannot unpack a `%s`" % v.w_T.name, v.loc)
        n = len(v.w_T.field_names)
        if n != len(target.items):
            raise SPyError(
                "cannot unpack %d values into %d targets" % (n, len(target.items)),
                v.loc,
            )
        if not v.is_blue():
            v = self.hidden_local(v, out)
        for i in range(n):
            item = objects.get_attr(self.vm, v, "_%d" % i, target.loc)
            self.assign_target(target.items[i], item, out)

    def check_mixed_display(self, v: Val) -> None:
        """A list display whose items have no common type says which."""
        if v.w_T is not self.vm.w_empty_list or v.display is None:
            return
        w_T: W_Type | None = None
        for item in v.display:
            w_V = ops.literal_type(item) if item.literal else item.w_T
            if w_T is not None and self.vm.unify_types(w_T, w_V, item.loc) is None:
                raise SPyError(
                    "the items of a list display have different types: `%s` and `%s`"
                    % (w_T.name, w_V.name),
                    item.loc,
                    "this is `%s`" % w_V.name,
                )
            w_T = w_V if w_T is None else self.vm.unify_types(w_T, w_V, item.loc)

    def hidden_local(self, v: Val, out: list[ast.Stmt]) -> Val:
        """Store `v` in a fresh local (its name cannot clash with the user's)."""
        name = HIDDEN + str(len(self.typed.locals) + 1)
        self.declare_red(name, v.w_T, v.loc)
        out.append(ast.Assign(v.loc, self.name_expr(name, v.loc), ops.to_expr(v)))
        return red_val(ast.Name(v.loc, name), v.w_T)

    def shift_stmt_AnnAssign(self, s: ast.AnnAssign, out: list[ast.Stmt]) -> None:
        w_T = self.eval_type(s.annotation)
        if s.value is None:
            if s.target.id in self.red_types:
                raise SPyError("'%s' is already declared" % s.target.id, s.loc)
            self.declare_red(s.target.id, w_T, s.loc)
            out.append(
                ast.Assign(
                    s.loc, self.name_expr(s.target.id, s.loc), zero_value(w_T, s.loc)
                )
            )
        else:
            self.assign_name(s.target, self.eval_expr(s.value), w_T, out)

    def shift_stmt_ConstDef(self, s: ast.ConstDef, out: list[ast.Stmt]) -> None:
        w_ann = None
        if s.annotation is not None:
            w_ann = self.eval_type(s.annotation)
        self.assign_name(ast.Name(s.loc, s.name), self.eval_expr(s.value), w_ann, out)

    def shift_stmt_AugAssign(self, s: ast.AugAssign, out: list[ast.Stmt]) -> None:
        """`t op= v` is `t = t op v` (or `t = t.__iop__(v)` when t's class
        has that method), where the result must keep t's type; the target's
        object and index are evaluated once, before v."""
        target = self.stable_target(s.target, out)
        cur = self.eval_expr(target)
        value = self.eval_expr(s.value)
        res = objects.inplace_method(self.vm, s.op, cur, value, s.loc)
        if res is None:
            res = objects.binop_method(self.vm, s.op, cur, value, s.loc, True)
        if res is None:
            res = ops.binop(s.op, cur, value, s.loc)
        if not res.literal and res.w_T is not cur.w_T:
            raise SPyError(
                "mismatched types: `%s %s= %s` gives `%s`, but the target is `%s`"
                % (cur.w_T.name, s.op, value.w_T.name, res.w_T.name, cur.w_T.name),
                s.loc,
            )
        self.assign_target(target, res, out)

    def stable_target(self, target: ast.Expr, out: list[ast.Stmt]) -> ast.Expr:
        """The target of `t op= v` rewritten so that reading and then
        assigning it evaluates its object and index only once: each one
        that is not a local or a constant goes to a hidden local first."""
        if isinstance(target, ast.Attribute):
            obj = self.stable_operand(target.value, out)
            return ast.Attribute(target.loc, obj, target.attr)
        if isinstance(target, ast.Subscript):
            obj = self.stable_operand(target.value, out)
            index = self.stable_operand(target.index, out)
            return ast.Subscript(target.loc, obj, index)
        return target

    def stable_operand(self, e: ast.Expr, out: list[ast.Stmt]) -> ast.Expr:
        v = self.eval_expr(e)
        if v.w_T.kind == KIND_STRUCT or v.w_T.kind == KIND_TUPLE:
            if isinstance(e, ast.Attribute) or isinstance(e, ast.Subscript):
                # a place inside a value (`p[i].x`): a copy would lose the
                # store, so its own operands are made stable instead
                return self.stable_target(e, out)
        if is_stable(v) or not is_runtime_type(v.w_T):
            return e
        tmp = self.hidden_local(v, out)
        return ast.Name(e.loc, tmp_name(tmp))

    def shift_stmt_If(self, s: ast.If, out: list[ast.Stmt]) -> None:
        test = self.eval_bool(s.test)
        if test.is_blue():
            branch = s.orelse
            if is_true(test):
                branch = s.body
            for stmt in branch:
                self.shift_stmt(stmt, out)
            return
        narrowed: list[tuple[str, W_Type]] = []
        for name, w_C in self.narrowings(s.test):
            if not ast.assigns_name(s.body, name):
                narrowed.append((name, w_C))
        saved = self.narrow(narrowed)
        body = self.shift_body(s.body)
        self.narrow(saved)
        orelse = self.shift_body(s.orelse)
        out.append(ast.If(s.loc, ops.to_expr(test), body, orelse))

    def narrowings(self, test: ast.Expr) -> list[tuple[str, W_Type]]:
        """Where `test` holds, `isinstance(x, C)` (alone or as a conjunct of
        `and`) gives the local x the type C: the (x, C) pairs."""
        t = test
        if isinstance(t, ast.BoolOp):
            if t.op != "and":
                return []
            return self.narrowings(t.left) + self.narrowings(t.right)
        if not (isinstance(t, ast.Call) and isinstance(t.func, ast.Name)):
            return []
        if t.func.id != "isinstance" or len(t.args) != 2:
            return []
        x = t.args[0]
        if not isinstance(x, ast.Name) or x.id not in self.red_types:
            return []
        w_C = self.eval_expr(t.args[1]).w_value
        if not isinstance(w_C, W_Type) or w_C.kind != KIND_CLASS:
            return []
        return [(x.id, w_C)]

    def narrow(self, pairs: list[tuple[str, W_Type]]) -> list[tuple[str, W_Type]]:
        """Give each local its narrowed type; return the pairs that undo it
        (in reverse order, for a name narrowed twice)."""
        undo: list[tuple[str, W_Type]] = []
        for name, w_C in pairs:
            undo.insert(0, (name, self.red_types[name]))
            self.red_types[name] = w_C
        return undo

    def eval_bool_given(self, cond: ast.Expr, e: ast.Expr) -> Val:
        saved = self.narrow(self.narrowings(cond))
        v = self.eval_bool(e)
        self.narrow(saved)
        return v

    def shift_stmt_While(self, s: ast.While, out: list[ast.Stmt]) -> None:
        test = self.eval_bool(s.test)
        if test.is_blue() and not is_true(test):
            return
        self.loop_depth = self.loop_depth + 1
        body = self.shift_body(s.body)
        self.loop_depth = self.loop_depth - 1
        out.append(ast.While(s.loc, ops.to_expr(test), body))

    def shift_stmt_For(self, s: ast.For, out: list[ast.Stmt]) -> None:
        it = s.iter
        iter_expr: ast.Expr
        if isinstance(it, ast.Call) and isinstance(it.func, ast.Name):
            w_range = self.vm.w_builtins.members["range"]
            if self.lookup_name(it.func.id, it.func.loc).w_value is w_range:
                args = [self.eval_expr(a) for a in it.args]
                w_T, full = builtins.range_args(args, it.loc)
                exprs = [ops.to_expr(a) for a in full]
                call = ast.Call(
                    it.loc,
                    ast.FQNConst(it.func.loc, make_fqn(BUILTINS, "range")),
                    exprs,
                    [],
                )
                call.w_T = w_T
                if not isinstance(s.target, ast.Name):
                    raise SPyError("cannot unpack an integer", s.target.loc)
                self.shift_for(s, call, w_T, out)
                return
        v = self.eval_expr(it)
        if v.w_T.kind == KIND_TUPLE:
            self.shift_for_tuple(s, v, out)
            return
        if objects.has_method(v.w_T, "__iter__"):
            self.shift_for_protocol(s, v, out)
            return
        if v.w_T is not w_str:
            raise SPyError("`%s` is not iterable" % v.w_T.name, it.loc)
        if not isinstance(s.target, ast.Name):
            raise SPyError("cannot unpack a `str`", s.target.loc)
        iter_expr = ops.to_expr(v)
        self.shift_for(s, iter_expr, w_str, out)

    def shift_for_tuple(self, s: ast.For, tup: Val, out: list[ast.Stmt]) -> None:
        """A tuple has a blue length: the loop is unrolled, and each copy
        of the body sees its item with the item's own type."""
        if contains_jump(s.body):
            raise SPyError(
                "`break` and `continue` are not supported in a loop over a tuple",
                s.loc,
            )
        if not tup.is_blue():
            tup = self.hidden_local(tup, out)
        target = s.target
        for i in range(len(tup.w_T.field_names)):
            item = objects.get_attr(self.vm, tup, "_%d" % i, s.loc)
            if isinstance(target, ast.Name) and item.is_blue():
                self.locals_w[target.id] = item.blue_value()
            elif isinstance(target, ast.Name):
                alias = self.hidden_local(item, out)
                assert isinstance(alias.expr, ast.Name)
                self.aliases[target.id] = alias.expr.id
            else:
                self.assign_target(target, item, out)
            for stmt in s.body:
                self.shift_stmt(stmt, out)
            if isinstance(target, ast.Name):
                self.locals_w.pop(target.id, None)
                self.aliases.pop(target.id, None)

    def shift_for_protocol(self, s: ast.For, obj: Val, out: list[ast.Stmt]) -> None:
        """`for x in obj`, with value-style iterators (docs/language.md section 7):
        it = obj.__iter__()
        while True:
            if not it.__continue_iteration__(): break
            x = it.__item__(); it = it.__next__()
            <body>
        Advancing before the body keeps `continue` simple; the iterator is a
        value, so the body cannot tell."""
        loc = s.loc
        vm = self.vm
        it = self.hidden_local(
            objects.call_method(vm, obj, "__iter__", [], loc, True), out
        )
        body: list[ast.Stmt] = []
        cont = objects.call_method(vm, it, "__continue_iteration__", [], loc, True)
        stop = ops.unaryop("not", cont, loc)
        body.append(ast.If(loc, ops.to_expr(stop), [ast.Break(loc)], []))
        item = objects.call_method(vm, it, "__item__", [], loc, True)
        self.assign_target(s.target, item, body)
        nxt = objects.call_method(vm, it, "__next__", [], loc, True)
        body.append(ast.Assign(loc, ops.to_expr(it), ops.to_expr(nxt)))
        self.loop_depth = self.loop_depth + 1
        for stmt in s.body:
            self.shift_stmt(stmt, body)
        self.loop_depth = self.loop_depth - 1
        test = ast.Bool(loc, True)
        test.w_T = w_bool
        out.append(ast.While(loc, test, body))

    def shift_for(
        self, s: ast.For, iter_expr: ast.Expr, w_item: W_Type, out: list[ast.Stmt]
    ) -> None:
        target = s.target
        assert isinstance(target, ast.Name)
        name = target.id
        if name in self.red_types:
            if self.red_types[name] is not w_item:
                raise ops.mismatch(self.red_types[name], w_item, target.loc)
        else:
            sym = self.symtable.lookup(name)
            if sym is not None and sym.kind == SYM_GLOBAL:
                raise SPyError("a loop variable must be a local", target.loc)
            self.declare_red(name, w_item, target.loc)
        self.loop_depth = self.loop_depth + 1
        body = self.shift_body(s.body)
        self.loop_depth = self.loop_depth - 1
        out.append(ast.For(s.loc, self.name_expr(name, target.loc), iter_expr, body))

    def shift_stmt_Return(self, s: ast.Return, out: list[ast.Stmt]) -> None:
        w_func = self.w_func
        assert w_func is not None
        w_restype = w_func.w_restype
        if s.value is None:
            if w_restype is not w_NoneType:
                raise SPyError(
                    "mismatched types: expected `%s`, got `None`" % w_restype.name,
                    s.loc,
                )
            out.append(ast.Return(s.loc, None))
            return
        v = self.eval_expr(s.value)
        if w_restype is w_NoneType:
            if v.w_T is w_NoneType:
                out.append(ast.Return(s.loc, None))
                return
            if w_func.funcdef.return_type is None:
                raise SPyError(
                    "function '%s' returns a value but has no return type "
                    "annotation" % w_func.funcdef.name,
                    v.loc,
                    "this is `%s`" % ops.concretize(v).w_T.name,
                )
        v = self.vm.convert(v, w_restype, v.loc)
        out.append(ast.Return(s.loc, ops.to_expr(v)))

    def shift_stmt_Pass(self, s: ast.Pass, out: list[ast.Stmt]) -> None:
        out.append(ast.Pass(s.loc))

    def shift_stmt_Break(self, s: ast.Break, out: list[ast.Stmt]) -> None:
        self.check_in_loop("break", s.loc)
        out.append(s)

    def shift_stmt_Continue(self, s: ast.Continue, out: list[ast.Stmt]) -> None:
        self.check_in_loop("continue", s.loc)
        out.append(s)

    def check_in_loop(self, word: str, loc: Loc) -> None:
        if self.loop_depth == 0:
            raise SPyError("'%s' outside loop" % word, loc)

    def shift_stmt_Assert(self, s: ast.Assert, out: list[ast.Stmt]) -> None:
        test = self.eval_bool(s.test)
        msg = None
        if s.msg is not None:
            msg = ops.to_expr(
                builtins.to_str(self.vm, self.eval_expr(s.msg), s.msg.loc)
            )
        if test.is_blue() and is_true(test):
            return
        out.append(ast.Assert(s.loc, ops.to_expr(test), msg))

    def shift_stmt_Raise(self, s: ast.Raise, out: list[ast.Stmt]) -> None:
        etype, msg = builtins.eval_raise(self.vm, self, s)
        call = ast.Call(
            s.loc,
            ast.FQNConst(s.loc, make_fqn(BUILTINS, etype)),
            [ops.to_expr(msg)],
            [],
        )
        call.w_T = w_NoneType
        out.append(ast.Raise(s.loc, call))

    def shift_stmt_FuncDef(self, s: ast.FuncDef, out: list[ast.Stmt]) -> None:
        self.locals_w[s.name] = self.vm.define_function(self, s, None)

    def shift_stmt_ClassDef(self, s: ast.ClassDef, out: list[ast.Stmt]) -> None:
        self.locals_w[s.name] = self.vm.define_class(self, s)


def zero_value(w_T: W_Type, loc: Loc) -> ast.Expr:
    e: ast.Expr
    if w_T is w_f64:
        e = ast.Float(loc, 0.0)
    elif w_T is w_bool:
        e = ast.Bool(loc, False)
    elif w_T is w_str:
        e = ast.Str(loc, "")
    elif w_T.kind in (KIND_CLASS, KIND_PTR):
        e = ast.NoneLit(loc)
    elif w_T.is_int():
        e = ast.Int(loc, 0)
    else:
        raise SPyError("a `%s` variable needs an initial value" % w_T.name, loc)
    e.w_T = w_T
    return e


def is_stable(v: Val) -> bool:
    """Does evaluating `v` again give the same value, with no effect: a
    constant, a local or a field of a local struct or tuple?"""
    if v.is_blue():
        return True
    e = v.expr
    if e is None:
        return False
    return is_stable_expr(e)


def is_stable_expr(e: ast.Expr) -> bool:
    if isinstance(e, ast.Name):
        return True
    if isinstance(e, ast.Attribute):
        w_T = e.value.w_T
        if w_T is not None and (w_T.kind == KIND_STRUCT or w_T.kind == KIND_TUPLE):
            return is_stable_expr(e.value)
    return False


def tmp_name(v: Val) -> str:
    """The name of the hidden local that holds `v`."""
    e = v.expr
    if isinstance(e, ast.Name):
        return e.id
    return ""


def contains_jump(body: list[ast.Stmt]) -> bool:
    """A `break` or `continue` of this loop (not of a nested one)."""
    for s in body:
        if isinstance(s, ast.Break) or isinstance(s, ast.Continue):
            return True
        if isinstance(s, ast.If):
            if contains_jump(s.body) or contains_jump(s.orelse):
                return True
    return False


def display_name(w_func: W_ASTFunc) -> str:
    return fqn_member(w_func.fqn)


def shift_function(vm: VM, w_func: W_ASTFunc) -> ast.TypedFunc:
    vm.ensure_signature(w_func)
    funcdef = w_func.funcdef
    params = [p.name for p in call_params(w_func)]
    typed = ast.TypedFunc(
        funcdef.loc,
        w_func.fqn,
        display_name(w_func),
        os.path.basename(w_func.w_module.filename),
        params,
        w_func.param_types,
        w_func.w_restype,
    )
    typed.in_traceback = w_func.w_module.name in vm.user_modules
    if w_func.kind == FUNC_EXTERN:
        typed.extern_name = w_func.extern_name
        return typed
    for w_T in w_func.param_types:
        if not is_runtime_type(w_T):
            raise SPyError(
                "a red function cannot take a `%s` parameter" % w_T.name, funcdef.loc
            )
    frame = RedFrame(vm, w_func, typed)
    if w_func.w_cls is not None:
        frame.locals_w[funcdef.params[0].name] = w_func.w_cls
    for i in range(len(params)):
        frame.red_types[params[i]] = w_func.param_types[i]
    saved = ops.FOLD_STATE.strict
    ops.FOLD_STATE.strict = False
    typed.body = frame.shift_body(funcdef.body)
    ops.FOLD_STATE.strict = saved
    if w_func.w_restype is not w_NoneType and not ast.always_returns(typed.body):
        raise SPyError(
            "function '%s' can reach its end without returning a `%s`"
            % (funcdef.name, w_func.w_restype.name),
            funcdef.loc,
        )
    return typed


def find_main(vm: VM, w_mod: W_Module) -> W_ASTFunc:
    w_main = w_mod.members.get("main")
    if (
        not isinstance(w_main, W_ASTFunc)
        or w_main.color != RED
        or w_main.kind != FUNC_PLAIN
    ):
        loc = Loc(w_mod.filename, 1, 1, 1, 1)
        raise SPyError("the main module has no red function `main`", loc)
    vm.ensure_signature(w_main)
    ok_ret = w_main.w_restype is w_NoneType or w_main.w_restype is w_i32
    ok_params = len(w_main.param_types) == 0
    if len(w_main.param_types) == 1:
        ok_params = w_main.param_types[0].fqn == generic_fqn(LIST_FQN, "str")
    if not ok_params or not ok_ret:
        raise SPyError(
            "`main` must be `def main() -> None`, `def main() -> i32` or "
            "`def main(argv: list[str]) -> None | i32`",
            w_main.funcdef.loc,
        )
    return w_main


def redshift_program(vm: VM, main_module: str) -> ast.TypedProgram:
    w_main = find_main(vm, vm.modules[main_module])
    for w_new, w_old in vm.overrides:
        typedefs.check_override(vm, w_new, w_old)
    for modname in vm.user_modules:
        w_mod = vm.modules[modname]
        for name in w_mod.members:
            w_obj = w_mod.members[name]
            if (
                isinstance(w_obj, W_ASTFunc)
                and w_obj.color == RED
                and w_obj.kind == FUNC_PLAIN
                and w_obj.w_module is w_mod
            ):
                vm.need_redshift(w_obj)
    vm.need_redshift(w_main)
    prog = ast.TypedProgram(w_main.fqn, w_main.w_restype is w_i32)
    if len(w_main.param_types) == 1:
        w_make_argv = vm.modules["_list"].members["make_argv"]
        assert isinstance(w_make_argv, W_ASTFunc)
        vm.need_redshift(w_make_argv)
        prog.argv_fqn = w_make_argv.fqn
    done_ctors = 0
    done_virtual = 0
    done_helpers = 0
    i = 0
    while True:
        while i < len(vm.red_queue):
            prog.funcs.append(shift_function(vm, vm.red_queue[i]))
            i = i + 1
        while done_ctors < len(vm.constructor_order):
            fqn = vm.constructor_order[done_ctors]
            prog.funcs.append(make_constructor(vm, fqn, vm.constructors[fqn]))
            done_ctors = done_ctors + 1
        while done_helpers < len(vm.tuple_helper_order):
            prog.funcs.append(vm.tuple_helpers[vm.tuple_helper_order[done_helpers]])
            done_helpers = done_helpers + 1
        while done_virtual < len(vm.virtual_calls):
            w_cls, name = vm.virtual_calls[done_virtual]
            need_overrides(vm, w_cls, name)
            done_virtual = done_virtual + 1
        if (
            i == len(vm.red_queue)
            and done_ctors == len(vm.constructor_order)
            and done_helpers == len(vm.tuple_helper_order)
        ):
            break
    for w_T in vm.all_types:
        if w_T.kind in (KIND_STRUCT, KIND_CLASS, KIND_TUPLE):
            prog.types.append(w_T)
    for modname in vm.module_order:
        w_mod = vm.modules[modname]
        for name in w_mod.var_types:
            w_T = w_mod.var_types[name]
            init = ops.to_expr(
                Val(BLUE, w_T, w_mod.members[name], None, w_mod.var_locs[name].loc)
            )
            prog.globals.append(
                ast.TypedGlobal(init.loc, make_fqn(modname, name), w_T, init)
            )
    return prog


def make_constructor(vm: VM, fqn: str, w_T: W_Type) -> ast.TypedFunc:
    """`C(args)` for a class C: allocate, run `__init__`, return the object:
    def `C::__construct__`(args) -> C:
        self = `C::__new__`()
        `C::__init__`(self, args)
        return self
    """
    w_init = w_T.members.get("__init__")
    params: list[str] = []
    types: list[W_Type] = []
    loc = Loc("", 0, 0, 0, 0)
    if isinstance(w_init, W_ASTFunc):
        loc = w_init.funcdef.loc
        for i in range(1, len(w_init.funcdef.params)):
            params.append(w_init.funcdef.params[i].name)
            types.append(w_init.param_types[i])
    typed = ast.TypedFunc(loc, fqn, w_T.name, "", params, types, w_T)
    if isinstance(w_init, W_ASTFunc):
        typed.filename = os.path.basename(w_init.w_module.filename)
    # like CPython, a traceback shows `__init__` but no constructor frame
    typed.in_traceback = False
    typed.locals.append("self")
    typed.local_types.append(w_T)
    new = ast.Call(loc, ast.FQNConst(loc, make_fqn(w_T.fqn, "__new__")), [], [])
    new.w_T = w_T
    typed.body.append(ast.Assign(loc, typed_name("self", w_T, loc), new))
    if isinstance(w_init, W_ASTFunc):
        args: list[ast.Expr] = [typed_name("self", w_init.param_types[0], loc)]
        for i in range(len(params)):
            args.append(typed_name(params[i], types[i], loc))
        init = ast.Call(loc, ast.FQNConst(loc, w_init.fqn), args, [])
        init.w_T = w_NoneType
        typed.body.append(ast.ExprStmt(loc, init))
    typed.body.append(ast.Return(loc, typed_name("self", w_T, loc)))
    return typed


def typed_name(name: str, w_T: W_Type, loc: Loc) -> ast.Expr:
    e = ast.Name(loc, name)
    e.w_T = w_T
    return e


def need_overrides(vm: VM, w_cls: W_Type, name: str) -> None:
    """A virtual call may reach the implementation of any subclass."""
    for w_T in vm.all_types:
        if w_T.kind == KIND_CLASS and ops.is_subclass(w_T, w_cls):
            w_m = w_T.members.get(name)
            if isinstance(w_m, W_ASTFunc):
                vm.need_redshift(w_m)


def format_program(prog: ast.TypedProgram, show_externs: bool) -> str:
    """The text printed by `spy redshift`: SPy-like, callees backquoted
    (extern declarations only with `-x`)."""
    out: list[str] = []
    for g in prog.globals:
        out.append("var `%s`: %s = %s" % (g.fqn, g.w_T.name, unparse_expr(g.init)))
    if len(prog.globals) > 0:
        out.append("")
    for func in prog.funcs:
        params: list[str] = []
        for i in range(len(func.params)):
            params.append("%s: %s" % (func.params[i], func.param_types[i].name))
        head = "def `%s`(%s) -> %s:" % (
            func.fqn,
            ", ".join(params),
            func.w_restype.name,
        )
        if func.extern_name != "":
            if not show_externs:
                continue
            out.append(head + " ...  # extern " + func.extern_name)
            out.append("")
            continue
        out.append(head)
        for j in range(len(func.locals)):
            out.append("    %s: %s" % (func.locals[j], func.local_types[j].name))
        body = unparse_stmts(func.body, 1)
        if body.strip() == "":
            body = "    pass\n"
        out.append(body.rstrip("\n"))
        out.append("")
    return "\n".join(out)
