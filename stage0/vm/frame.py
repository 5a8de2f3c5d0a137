"""The evaluator: expressions (shared by blue code and redshift) and the
statements of blue code.

A `Frame` runs one function or module body. Evaluating an expression gives a
`Val`: a blue value, or (only while redshifting, see redshift.py) a typed
red expression. Blue code runs here statement by statement, like an
interpreter; redshift subclasses `Frame` and transforms statements instead.
"""

from stage0 import ast
from stage0.errors import Loc, SPyError
from stage0.fqn import RED
from stage0.scope import (
    SymTable,
    STORE_TYPEPARAM,
    SYM_BUILTIN,
    SYM_GLOBAL,
    SYM_LOCAL,
    SYM_OUTER,
)
from stage0.vm import builtins, objects, ops
from stage0.vm.model import (
    Closure,
    FrameBase,
    W_ASTFunc,
    W_ClassTemplate,
    W_TypeOp,
    W_BuiltinFunc,
    W_Bool,
    W_Float,
    W_Int,
    W_Module,
    W_Special,
    W_Str,
    W_Tuple,
    Val,
    all_blue,
    blue_val,
    literal_val,
    red_val,
    w_None,
    w_False,
    w_True,
)
from stage0.vm.vmbase import VM
from stage0.vm.wtypes import (
    cast,
    W_Object,
    W_Type,
    w_bool,
    w_str,
    w_i64,
    KIND_CLASS,
    KIND_PTR,
    KIND_TUPLE,
)

# how a statement ends: fall through, or leave the enclosing loop/function
NEXT = 0
BREAK = 1
CONTINUE = 2
RETURN = 3


def status_after_loop(status: int) -> int:
    """What a loop statement ends with when its body left it."""
    if status == BREAK:
        return NEXT
    return status


def is_true(v: Val) -> bool:
    """The value of a blue `bool`."""
    return cast(W_Bool, v.w_value).value


class Frame(FrameBase):
    vm: VM
    w_module: W_Module
    symtable: SymTable
    closure: Closure | None
    fqn_prefix: str
    red: bool
    locals_w: dict[str, W_Object]
    local_types: dict[str, W_Type]
    w_func: W_ASTFunc | None
    w_result: W_Object
    in_class: bool

    def __init__(
        self,
        vm: VM,
        w_module: W_Module,
        symtable: SymTable,
        closure: Closure | None,
        fqn_prefix: str,
        w_func: W_ASTFunc | None,
    ) -> None:
        self.vm = vm
        self.w_module = w_module
        self.symtable = symtable
        self.closure = closure
        self.fqn_prefix = fqn_prefix
        self.red = False
        self.locals_w = {}
        self.local_types = {}
        self.w_func = w_func
        self.w_result = w_None
        self.in_class = False

    # ---------------------------------------------------------------- names

    def lookup_name(self, name: str, loc: Loc) -> Val:
        sym = self.symtable.lookup(name)
        if sym is None and name in self.w_module.members:
            # a class body's frame sees the module's names directly
            return self.vm.lookup_global(self.w_module, name, loc, self.red)
        if sym is None or sym.kind == SYM_BUILTIN:
            return self.vm.lookup_builtin(name, loc)
        if sym.kind == SYM_LOCAL and sym.storage != STORE_TYPEPARAM:
            if name in self.locals_w:
                return blue_val(self.locals_w[name], loc)
            return self.lookup_unbound_local(name, loc)
        if sym.kind == SYM_OUTER or sym.kind == SYM_LOCAL:
            w_value = None
            if self.closure is not None:
                w_value = self.closure.lookup(name)
            if w_value is None:
                raise SPyError(
                    "red closures are not supported: '%s' is a red local of "
                    "an enclosing function" % name,
                    loc,
                )
            return blue_val(w_value, loc)
        return self.vm.lookup_global(self.w_module, name, loc, self.red)

    def lookup_unbound_local(self, name: str, loc: Loc) -> Val:
        raise SPyError(
            "local variable '%s' is referenced before assignment" % name, loc
        )

    # ---------------------------------------------------------- expressions

    def eval_expr(self, e: ast.Expr) -> Val:
        v = self.eval_expr_any(e)
        if self.vm.color_log is not None and self.red:
            self.vm.color_log.append((e.loc, v.color))
        return v

    def eval_expr_any(self, e: ast.Expr) -> Val:
        if isinstance(e, ast.Int):
            return self.eval_expr_Int(e)
        if isinstance(e, ast.Float):
            return self.eval_expr_Float(e)
        if isinstance(e, ast.Str):
            return self.eval_expr_Str(e)
        if isinstance(e, ast.Bool):
            return self.eval_expr_Bool(e)
        if isinstance(e, ast.NoneLit):
            return self.eval_expr_NoneLit(e)
        if isinstance(e, ast.Name):
            return self.eval_expr_Name(e)
        if isinstance(e, ast.Attribute):
            return self.eval_expr_Attribute(e)
        if isinstance(e, ast.Subscript):
            return self.eval_expr_Subscript(e)
        if isinstance(e, ast.Call):
            return self.eval_expr_Call(e)
        if isinstance(e, ast.BinOp):
            return self.eval_expr_BinOp(e)
        if isinstance(e, ast.UnaryOp):
            return self.eval_expr_UnaryOp(e)
        if isinstance(e, ast.BoolOp):
            return self.eval_expr_BoolOp(e)
        if isinstance(e, ast.Compare):
            return self.eval_expr_Compare(e)
        if isinstance(e, ast.IfExp):
            return self.eval_expr_IfExp(e)
        if isinstance(e, ast.Tuple):
            return self.eval_expr_Tuple(e)
        if isinstance(e, ast.List):
            return self.eval_expr_List(e)
        if isinstance(e, ast.Dict):
            return self.eval_expr_Dict(e)
        if isinstance(e, ast.Slice):
            return self.eval_expr_Slice(e)
        raise SPyError("unsupported expression", e.loc)

    def eval_bool(self, e: ast.Expr) -> Val:
        v = self.eval_expr(e)
        if v.w_T is not w_bool:
            note = "this is `%s`" % v.w_T.name
            if v.w_T is w_str:
                note = "use `len(s) > 0` to test for an empty string"
            elif ops.is_number(v.w_T):
                note = "use `x != 0` to test a number"
            elif objects.has_method(v.w_T, "__len__"):
                note = "use `len(x) > 0` to test for an empty container"
            elif v.w_T.kind == KIND_CLASS:
                note = "use `x is not None` to test a reference"
            raise SPyError(
                "mismatched types: expected `bool`, got `%s`" % v.w_T.name,
                v.loc,
                note,
            )
        return v

    def eval_expr_Int(self, e: ast.Int) -> Val:
        return literal_val(e.value, e.loc)

    def eval_expr_Float(self, e: ast.Float) -> Val:
        return blue_val(W_Float(e.value), e.loc)

    def eval_expr_Str(self, e: ast.Str) -> Val:
        return blue_val(W_Str(e.value), e.loc)

    def eval_expr_Bool(self, e: ast.Bool) -> Val:
        if e.value:
            return blue_val(w_True, e.loc)
        return blue_val(w_False, e.loc)

    def eval_expr_NoneLit(self, e: ast.NoneLit) -> Val:
        return blue_val(w_None, e.loc)

    def eval_expr_Name(self, e: ast.Name) -> Val:
        if e.id == "...":
            raise SPyError("`...` is only allowed as an extern body", e.loc)
        return self.lookup_name(e.id, e.loc)

    def eval_expr_Attribute(self, e: ast.Attribute) -> Val:
        obj = self.eval_expr(e.value)
        if obj.is_blue():
            w_obj = obj.w_value
            if isinstance(w_obj, W_Module):
                return self.vm.lookup_global(w_obj, e.attr, e.loc, self.red)
            if isinstance(w_obj, W_Special) and w_obj.name == "blue":
                if e.attr == "generic":
                    return blue_val(self.vm.w_blue_generic, e.loc)
        return objects.get_attr(self.vm, obj, e.attr, e.loc)

    def eval_expr_Subscript(self, e: ast.Subscript) -> Val:
        obj = self.eval_expr(e.value)
        w_obj = obj.w_value
        if obj.is_blue() and (
            isinstance(w_obj, W_ASTFunc)
            or isinstance(w_obj, W_ClassTemplate)
            or isinstance(w_obj, W_Special)
            or isinstance(w_obj, W_TypeOp)
        ):
            args: list[Val] = []
            if isinstance(e.index, ast.Tuple):
                for item in e.index.items:
                    args.append(self.eval_expr(item))
            else:
                args.append(self.eval_expr(e.index))
            return self.vm.call_generic(w_obj, args, e.loc)
        if obj.w_T.kind == KIND_PTR:
            return objects.ptr_index(obj, self.eval_expr(e.index), e.loc)
        if obj.w_T.kind == KIND_TUPLE:
            index = ops.concretize(self.eval_expr(e.index))
            if not (index.is_blue() and isinstance(index.w_value, W_Int)):
                raise SPyError("a tuple index must be a blue integer", index.loc)
            i = index.w_value.value
            n = len(obj.w_T.field_names)
            if i < -n or i >= n:
                raise SPyError("tuple index out of range", index.loc)
            w_obj = obj.w_value
            if obj.is_blue() and isinstance(w_obj, W_Tuple):
                return blue_val(w_obj.items_w[i % n], e.loc)
            return objects.get_attr(self.vm, obj, "_%d" % (i % n), e.loc)
        if objects.is_object(obj.w_T) and isinstance(e.index, ast.Slice):
            args = self.slice_args(e.index, e.loc)
            return objects.call_method(self.vm, obj, "_slice", args, e.loc, self.red)
        if objects.is_object(obj.w_T):
            index = self.eval_expr(e.index)
            return objects.call_method(
                self.vm, obj, "__getitem__", [index], e.loc, self.red
            )
        if obj.w_T is w_str:
            if isinstance(e.index, ast.Slice):
                return self.eval_str_slice(obj, e.index, e.loc)
            index = self.eval_expr(e.index)
            if not index.w_T.is_int():
                raise ops.mismatch(w_i64, index.w_T, index.loc)
            index = ops.convert(ops.concretize(index), w_i64, e.loc)
            return builtins.str_op(self.vm, "getitem", [obj, index], w_str, e.loc)
        raise SPyError("`%s` is not subscriptable" % obj.w_T.name, e.loc)

    def eval_str_slice(self, obj: Val, s: ast.Slice, loc: Loc) -> Val:
        args = self.slice_args(s, loc)
        return builtins.str_op(self.vm, "slice", [obj] + args, w_str, loc)

    def slice_args(self, s: ast.Slice, loc: Loc) -> list[Val]:
        """start, stop, step (i64) and flags (1: start given, 2: stop given)."""
        flags = 0
        parts: list[Val] = []
        bounds: list[ast.Expr | None] = [s.lower, s.upper, s.step]
        for i in range(3):
            b = bounds[i]
            if b is None:
                default = 0
                if i == 2:
                    default = 1
                parts.append(blue_val(W_Int(w_i64, default), loc))
            else:
                v = self.eval_expr(b)
                if not v.w_T.is_int():
                    raise ops.mismatch(w_i64, v.w_T, v.loc)
                parts.append(ops.convert(ops.concretize(v), w_i64, loc))
                if i == 0:
                    flags = flags | 1
                if i == 1:
                    flags = flags | 2
        return parts + [blue_val(W_Int(self.vm.w_i32, flags), loc)]

    def eval_expr_Call(self, e: ast.Call) -> Val:
        if len(e.keywords) > 0:
            raise SPyError("keyword arguments are not supported yet", e.keywords[0].loc)
        if isinstance(e.func, ast.Attribute):
            recv = self.eval_expr(e.func.value)
            if not (recv.is_blue() and isinstance(recv.w_value, W_Module)):
                args0: list[Val] = []
                for arg in e.args:
                    args0.append(self.eval_expr(arg))
                return self.vm.call_method(recv, e.func.attr, args0, e.loc, self.red)
        func = self.eval_expr(e.func)
        if not func.is_blue():
            raise SPyError("`%s` is not callable" % func.w_T.name, e.func.loc)
        w_func = func.blue_value()
        if isinstance(w_func, W_BuiltinFunc) and w_func.name in (
            "COLOR",
            "STATIC_TYPE",
        ):
            return self.eval_introspection(w_func.name, e)
        args: list[Val] = []
        for arg in e.args:
            args.append(self.eval_expr(arg))
        return self.vm.call(w_func, args, e.loc, self.red)

    def eval_introspection(self, name: str, e: ast.Call) -> Val:
        if len(e.args) != 1:
            raise SPyError("%s() takes exactly one argument" % name, e.loc)
        v = self.eval_expr(e.args[0])
        if name == "COLOR":
            return blue_val(W_Str(v.color), e.loc)
        return blue_val(ops.concretize(v).w_T, e.loc)

    def eval_expr_BinOp(self, e: ast.BinOp) -> Val:
        left = self.eval_expr(e.left)
        right = self.eval_expr(e.right)
        res = objects.binop_method(self.vm, e.op, left, right, e.loc, self.red)
        if res is not None:
            return res
        return ops.binop(e.op, left, right, e.loc)

    def eval_expr_UnaryOp(self, e: ast.UnaryOp) -> Val:
        operand = self.eval_expr(e.operand)
        if e.op == "-" and objects.is_object(operand.w_T):
            return objects.call_method(self.vm, operand, "__neg__", [], e.loc, self.red)
        return ops.unaryop(e.op, operand, e.loc)

    def eval_expr_BoolOp(self, e: ast.BoolOp) -> Val:
        left = self.eval_bool(e.left)
        if left.is_blue():
            # Python semantics: the right side runs only when needed
            short = is_true(left) == (e.op == "or")
            if short:
                return left
            return self.eval_bool(e.right)
        if e.op == "and":
            right = self.eval_bool_given(e.left, e.right)
        else:
            right = self.eval_bool(e.right)
        expr = ast.BoolOp(e.loc, e.op, ops.to_expr(left), ops.to_expr(right))
        return red_val(expr, w_bool)

    def eval_bool_given(self, cond: ast.Expr, e: ast.Expr) -> Val:
        """`e`, evaluated where `cond` is known to hold (the right side of
        `cond and e`): redshift narrows the types of locals there."""
        return self.eval_bool(e)

    def eval_expr_Compare(self, e: ast.Compare) -> Val:
        left = self.eval_expr(e.left)
        if len(e.ops) == 1:
            right = self.eval_expr(e.comparators[0])
            return self.vm.compare(e.ops[0], left, right, e.loc, self.red)
        vals = [left]
        for comp in e.comparators:
            vals.append(self.eval_expr(comp))
        if all_blue(vals):
            for i in range(len(e.ops)):
                res = ops.compare(e.ops[i], vals[i], vals[i + 1], e.loc)
                if not is_true(res):
                    return res
            return ops.bool_val(True, e.loc)
        if self.has_object(vals):
            return self.object_chain(e, vals)
        fqns: list[str] = []
        exprs: list[ast.Expr] = []
        for i in range(len(e.ops)):
            if e.ops[i] in ("is", "is not", "in", "not in"):
                raise SPyError("chained `%s` is not supported" % e.ops[i], e.loc)
            fqn, lc, rc = ops.compare_op(e.ops[i], vals[i], vals[i + 1], e.loc)
            fqns.append(fqn)
            if i == 0:
                exprs.append(ops.to_expr(lc))
            exprs.append(ops.to_expr(rc))
        return red_val(ast.Compare(e.loc, exprs[0], fqns, exprs[1:]), w_bool)

    def has_object(self, vals: list[Val]) -> bool:
        for v in vals:
            if objects.is_object(v.w_T):
                return True
        return False

    def object_chain(self, e: ast.Compare, vals: list[Val]) -> Val:
        """`a < b < c` on objects: `a < b and b < c`, which evaluates b
        twice, so the middle operands must be names or blue values."""
        for i in range(1, len(vals) - 1):
            v = vals[i]
            if not (v.is_blue() or isinstance(v.expr, ast.Name)):
                raise SPyError(
                    "a chained comparison of objects needs simple middle "
                    "operands: store this one in a variable first",
                    v.loc,
                )
        result = self.vm.compare(e.ops[0], vals[0], vals[1], e.loc, self.red)
        for i in range(1, len(e.ops)):
            right = self.vm.compare(e.ops[i], vals[i], vals[i + 1], e.loc, self.red)
            if result.is_blue():
                if not is_true(result):
                    return result
                result = right
            else:
                result = ops.boolop("and", result, right, e.loc)
        return result

    def eval_expr_IfExp(self, e: ast.IfExp) -> Val:
        test = self.eval_bool(e.test)
        if test.is_blue():
            if is_true(test):
                return self.eval_expr(e.body)
            return self.eval_expr(e.orelse)
        body = self.eval_expr(e.body)
        orelse = self.eval_expr(e.orelse)
        w_T = body.w_T
        if body.literal and orelse.literal:
            w_T = self.vm.w_i32
        elif ops.is_number(body.w_T) and ops.is_number(orelse.w_T):
            w_T = ops.unify_numeric(body, orelse, "if-else", e.loc)
        body = ops.convert(body, w_T, e.loc)
        orelse = ops.convert(orelse, w_T, e.loc)
        expr = ast.IfExp(
            e.loc, ops.to_expr(test), ops.to_expr(body), ops.to_expr(orelse)
        )
        return red_val(expr, w_T)

    def eval_expr_Tuple(self, e: ast.Tuple) -> Val:
        items: list[Val] = []
        for item in e.items:
            items.append(self.eval_expr(item))
        typed: list[Val] = []
        for v in items:
            if v.literal:
                # a literal too big for i32 is an i64 until a context says
                v = ops.convert(v, ops.literal_type(v), v.loc)
            typed.append(v)
        result = self.vm.make_tuple(typed, e.loc)
        result.display = items
        return result

    def eval_expr_List(self, e: ast.List) -> Val:
        if len(e.items) == 0 and self.red:
            return Val(RED, self.vm.w_empty_list, None, None, e.loc)
        items = [self.eval_expr(item) for item in e.items]
        if not self.red:
            raise SPyError("lists cannot be created at compile time yet", e.loc)
        return self.vm.make_list(items, None, e.loc)

    def eval_expr_Dict(self, e: ast.Dict) -> Val:
        if len(e.keys) == 0 and self.red:
            return Val(RED, self.vm.w_empty_dict, None, None, e.loc)
        keys: list[Val] = []
        values: list[Val] = []
        for i in range(len(e.keys)):
            keys.append(self.eval_expr(e.keys[i]))
            values.append(self.eval_expr(e.values[i]))
        if not self.red:
            raise SPyError("dicts cannot be created at compile time yet", e.loc)
        return self.vm.make_dict(keys, values, e.loc)

    def eval_expr_Slice(self, e: ast.Slice) -> Val:
        raise SPyError("a slice is only allowed inside `[]`", e.loc)

    def eval_type(self, e: ast.Expr) -> W_Type:
        v = self.eval_expr(e)
        if v.is_blue() and isinstance(v.w_value, W_Type):
            return v.w_value
        if v.is_blue() and v.w_value is w_None:
            return self.vm.w_NoneType
        raise SPyError("expected a type, got a `%s` value" % v.w_T.name, e.loc)

    # ----------------------------------------------------- blue statements

    def exec_body(self, body: list[ast.Stmt]) -> int:
        for stmt in body:
            status = self.exec_stmt(stmt)
            if status != NEXT:
                return status
        return NEXT

    def exec_stmt(self, s: ast.Stmt) -> int:
        self.vm.tick(s.loc)
        if isinstance(s, ast.ExprStmt):
            return self.exec_stmt_ExprStmt(s)
        if isinstance(s, ast.Assign):
            return self.exec_stmt_Assign(s)
        if isinstance(s, ast.AnnAssign):
            return self.exec_stmt_AnnAssign(s)
        if isinstance(s, ast.ConstDef):
            return self.exec_stmt_ConstDef(s)
        if isinstance(s, ast.VarDef):
            return self.exec_stmt_VarDef(s)
        if isinstance(s, ast.AugAssign):
            return self.exec_stmt_AugAssign(s)
        if isinstance(s, ast.If):
            return self.exec_stmt_If(s)
        if isinstance(s, ast.While):
            return self.exec_stmt_While(s)
        if isinstance(s, ast.For):
            return self.exec_stmt_For(s)
        if isinstance(s, ast.Return):
            return self.exec_stmt_Return(s)
        if isinstance(s, ast.Pass):
            return self.exec_stmt_Pass(s)
        if isinstance(s, ast.Break):
            return self.exec_stmt_Break(s)
        if isinstance(s, ast.Continue):
            return self.exec_stmt_Continue(s)
        if isinstance(s, ast.FuncDef):
            return self.exec_stmt_FuncDef(s)
        if isinstance(s, ast.ClassDef):
            return self.exec_stmt_ClassDef(s)
        if isinstance(s, ast.Assert):
            return self.exec_stmt_Assert(s)
        if isinstance(s, ast.Raise):
            return self.exec_stmt_Raise(s)
        if isinstance(s, ast.Import):
            return self.exec_stmt_Import(s)
        if isinstance(s, ast.ImportFrom):
            return self.exec_stmt_ImportFrom(s)
        raise SPyError("unsupported statement", s.loc)

    def exec_stmt_ExprStmt(self, s: ast.ExprStmt) -> int:
        self.eval_expr(s.value)
        return NEXT

    def exec_stmt_Assign(self, s: ast.Assign) -> int:
        self.exec_assign(s.target, self.eval_expr(s.value), None)
        return NEXT

    def exec_stmt_AnnAssign(self, s: ast.AnnAssign) -> int:
        w_T = self.eval_type(s.annotation)
        if s.value is None:
            self.local_types[s.target.id] = w_T
            return NEXT
        self.exec_assign(s.target, self.eval_expr(s.value), w_T)
        return NEXT

    def exec_stmt_ConstDef(self, s: ast.ConstDef) -> int:
        w_T = None
        if s.annotation is not None:
            w_T = self.eval_type(s.annotation)
        self.exec_assign(ast.Name(s.loc, s.name), self.eval_expr(s.value), w_T)
        return NEXT

    def exec_stmt_VarDef(self, s: ast.VarDef) -> int:
        self.vm.define_var(self, s)
        return NEXT

    def exec_stmt_AugAssign(self, s: ast.AugAssign) -> int:
        value = ops.binop(
            s.op, self.eval_expr(s.target), self.eval_expr(s.value), s.loc
        )
        self.exec_assign(s.target, value, None)
        return NEXT

    def exec_stmt_If(self, s: ast.If) -> int:
        if is_true(self.eval_bool(s.test)):
            return self.exec_body(s.body)
        return self.exec_body(s.orelse)

    def blue_str(self, e: ast.Expr) -> str:
        return self.blue_str_of(self.eval_expr(e))

    def blue_str_of(self, v: Val) -> str:
        w = builtins.to_str(self.vm, v, v.loc).w_value
        if isinstance(w, W_Str):
            return w.value
        return "?"

    def exec_assign(self, target: ast.Expr, value: Val, w_T: W_Type | None) -> None:
        if not isinstance(target, ast.Name):
            raise SPyError("only names can be assigned in blue code", target.loc)
        name = target.id
        sym = self.symtable.lookup(name)
        if sym is not None and sym.kind == SYM_GLOBAL:
            self.vm.assign_global(self.w_module, name, value, target.loc)
            return
        if w_T is None and name in self.local_types:
            w_T = self.local_types[name]
        if w_T is None and self.w_func is not None and self.w_func.color == RED:
            w_T = ops.concretize(value).w_T
        if w_T is not None:
            self.local_types[name] = w_T
            value = ops.convert(value, w_T, value.loc)
        value = ops.concretize(value)
        if self.w_func is None:
            self.vm.assign_module_name(self, name, value, target.loc)
            return
        self.locals_w[name] = value.blue_value()

    def exec_stmt_While(self, s: ast.While) -> int:
        while is_true(self.eval_bool(s.test)):
            status = self.exec_loop_body(s.body, s.loc)
            if status != NEXT:
                return status_after_loop(status)
        return NEXT

    def exec_stmt_For(self, s: ast.For) -> int:
        items = builtins.blue_iteration(self.vm, self, s.iter)
        for v in items:
            self.exec_assign(s.target, v, None)
            status = self.exec_loop_body(s.body, s.loc)
            if status != NEXT:
                return status_after_loop(status)
        return NEXT

    def exec_loop_body(self, body: list[ast.Stmt], loc: Loc) -> int:
        """One iteration: NEXT to go on (`continue` included), else BREAK
        or RETURN."""
        self.vm.tick(loc)
        status = self.exec_body(body)
        if status == CONTINUE:
            return NEXT
        return status

    def exec_stmt_Return(self, s: ast.Return) -> int:
        if s.value is None:
            self.w_result = w_None
            return RETURN
        v = self.eval_expr(s.value)
        if self.w_func is not None and self.w_func.color == RED:
            v = ops.convert(v, self.w_func.w_restype, v.loc)
        v = ops.concretize(v)
        self.w_result = v.blue_value()
        return RETURN

    def exec_stmt_Pass(self, s: ast.Pass) -> int:
        return NEXT

    def exec_stmt_Break(self, s: ast.Break) -> int:
        return BREAK

    def exec_stmt_Continue(self, s: ast.Continue) -> int:
        return CONTINUE

    def exec_stmt_FuncDef(self, s: ast.FuncDef) -> int:
        self.locals_w[s.name] = self.vm.define_function(self, s, None)
        return NEXT

    def exec_stmt_ClassDef(self, s: ast.ClassDef) -> int:
        self.locals_w[s.name] = self.vm.define_class(self, s)
        return NEXT

    def exec_stmt_Assert(self, s: ast.Assert) -> int:
        if not is_true(self.eval_bool(s.test)):
            msg = ""
            if s.msg is not None:
                msg = ": " + self.blue_str(s.msg)
            raise SPyError("AssertionError" + msg, s.loc)
        return NEXT

    def exec_stmt_Raise(self, s: ast.Raise) -> int:
        etype, msg = builtins.eval_raise(self.vm, self, s)
        raise SPyError("%s: %s" % (etype, self.blue_str_of(msg)), s.loc)

    def exec_stmt_Import(self, s: ast.Import) -> int:
        self.vm.exec_import(self, s)
        return NEXT

    def exec_stmt_ImportFrom(self, s: ast.ImportFrom) -> int:
        self.vm.exec_import(self, s)
        return NEXT
