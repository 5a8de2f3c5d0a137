"""The vm as the modules below vm/vm.py see it: `class VM`, every field
and the methods they call.

The vm loads modules, defines functions and classes, and calls them at
compile time (see vm/vm.py). ops, objects, typedefs, builtins and frame
call it, and vm/vm.py imports all of them, so they cannot import vm/vm.py
(that would be an import cycle): they take this `VM`. A method whose body
needs one of those modules is abstract here, and `SpyVM(VM)` in vm/vm.py
implements it; a call from below dispatches to `SpyVM`. A frame parameter
is typed `FrameBase` (vm/model.py), which `SpyVM` narrows to `Frame`.
"""

from stage0 import ast
from stage0.errors import Loc, SPyError, did_you_mean
from stage0.fqn import make_fqn, numbered_fqn
from stage0.scope import ScopeInfo, SymTable
from stage0.vm.model import (
    FrameBase,
    Closure,
    W_ASTFunc,
    W_Module,
    W_Special,
    Val,
    blue_val,
    red_val,
    FUNC_EXTERN,
)
from stage0.vm.wtypes import W_Object, W_Type, w_i32, w_NoneType, KIND_EMPTYLIST

# blue evaluation is bounded so that a runaway blue loop is an error
MAX_BLUE_STEPS = 20_000_000
MAX_BLUE_DEPTH = 200


class VM:
    stdlib_dir: str
    modules: dict[str, W_Module]
    module_order: list[str]
    user_modules: list[str]
    scopes: dict[str, ScopeInfo]
    w_builtins: W_Module
    w_blue: W_Special
    w_blue_generic: W_Special
    w_i32: W_Type
    w_NoneType: W_Type
    fqns: dict[str, W_Object]
    red_queue: list[W_ASTFunc]
    queued: dict[str, bool]
    color_log: list[tuple[Loc, str]] | None
    steps: int
    depth: int
    w_struct: W_Special
    w_empty_list: W_Type
    w_empty_dict: W_Type
    # every struct and class type, in creation order; tuple/pointer types
    all_types: list[W_Type]
    derived_types: dict[str, W_Type]
    # (class, method name) of each virtual call redshift emitted
    virtual_calls: list[tuple[W_Type, str]]
    # the constructor functions redshift must generate, by fqn
    constructors: dict[str, W_Type]
    constructor_order: list[str]
    # the functions of a red tuple (`<tuple T>::__repr__`, `__eq__`,
    # `__hash__`, see objects.add_tuple_helper), by fqn, in creation order
    tuple_helpers: dict[str, ast.TypedFunc]
    tuple_helper_order: list[str]
    # (override, overridden) method pairs whose signatures must agree
    overrides: list[tuple[W_ASTFunc, W_ASTFunc]]

    def __init__(self, stdlib_dir: str) -> None:
        """Every field but the modules the vm provides (`w_builtins`...),
        which `SpyVM.__init__` adds."""
        self.stdlib_dir = stdlib_dir
        self.modules = {}
        self.module_order = []
        self.user_modules = []
        self.scopes = {}
        self.w_blue = W_Special("blue")
        self.w_blue_generic = W_Special("blue.generic")
        self.w_i32 = w_i32
        self.w_NoneType = w_NoneType
        self.fqns = {}
        self.red_queue = []
        self.queued = {}
        self.color_log = None
        self.steps = 0
        self.depth = 0
        self.w_struct = W_Special("struct")
        self.w_empty_list = W_Type("list[?]", KIND_EMPTYLIST, 0, False)
        self.w_empty_dict = W_Type("dict[?]", KIND_EMPTYLIST, 0, False)
        self.all_types = []
        self.derived_types = {}
        self.virtual_calls = []
        self.constructors = {}
        self.constructor_order = []
        self.tuple_helpers = {}
        self.tuple_helper_order = []
        self.overrides = []

    # ------------------------------------------------------------ modules

    def symtable_of(self, w_func: W_ASTFunc) -> SymTable:
        return self.scopes[w_func.w_module.name].funcs[w_func.funcdef]

    def exec_import(self, frame: FrameBase, s: ast.Stmt) -> None:
        raise NotImplementedError("VM.exec_import")

    def lookup_builtin(self, name: str, loc: Loc) -> Val:
        if name in self.w_builtins.members:
            return blue_val(self.w_builtins.members[name], loc)
        raise SPyError("name '%s' is not defined" % name, loc)

    def lookup_global(self, w_mod: W_Module, name: str, loc: Loc, red: bool) -> Val:
        if name in w_mod.var_types:
            w_T = w_mod.var_types[name]
            if red:
                fqn = make_fqn(w_mod.name, name)
                return red_val(ast.FQNConst(loc, fqn), w_T)
            return blue_val(w_mod.members[name], loc)
        if name in w_mod.members:
            return blue_val(w_mod.members[name], loc)
        if self.is_current_module_name(w_mod, name):
            raise SPyError("name '%s' is not defined yet" % name, loc)
        note = did_you_mean(name, sorted(w_mod.members))
        raise SPyError(
            "module '%s' has no attribute '%s'" % (w_mod.name, name), loc, note
        )

    def is_current_module_name(self, w_mod: W_Module, name: str) -> bool:
        scope = self.scopes.get(w_mod.name)
        return scope is not None and scope.module.lookup(name) is not None

    def assign_module_name(
        self, frame: FrameBase, name: str, value: Val, loc: Loc
    ) -> None:
        raise NotImplementedError("VM.assign_module_name")

    def assign_global(self, w_mod: W_Module, name: str, value: Val, loc: Loc) -> None:
        raise NotImplementedError("VM.assign_global")

    def define_var(self, frame: FrameBase, s: ast.VarDef) -> None:
        raise NotImplementedError("VM.define_var")

    # ---------------------------------------------------------- functions

    def unique_fqn(self, fqn: str, w_obj: W_Object) -> str:
        result = fqn
        n = 2
        while result in self.fqns:
            result = numbered_fqn(fqn, n)
            n = n + 1
        self.fqns[result] = w_obj
        return result

    def define_function(
        self,
        frame: FrameBase,
        funcdef: ast.FuncDef,
        w_self_type: W_Type | None,
        w_cls: W_Type | None = None,
    ) -> W_Object:
        raise NotImplementedError("VM.define_function")

    def ensure_signature(self, w_func: W_ASTFunc) -> None:
        """A red function's parameter and return types, evaluated where the
        `def` ran (for generics: with the type parameters bound)."""
        raise NotImplementedError("VM.ensure_signature")

    def bind_args(self, w_func: W_ASTFunc, args: list[Val], loc: Loc) -> list[Val]:
        """Check the arity, fill in defaults and convert to parameter types."""
        raise NotImplementedError("VM.bind_args")

    def call(self, w_func: W_Object, args: list[Val], loc: Loc, red: bool) -> Val:
        raise NotImplementedError("VM.call")

    def call_generic(self, w_func: W_Object, args: list[Val], loc: Loc) -> Val:
        raise NotImplementedError("VM.call_generic")

    def run_function(
        self, w_func: W_ASTFunc, args_w: list[W_Object], prefix: str, loc: Loc
    ) -> W_Object:
        """Run a function at compile time (blue code, or red code called from
        blue code) and return its result."""
        raise NotImplementedError("VM.run_function")

    def need_redshift(self, w_func: W_ASTFunc) -> None:
        if w_func.kind == FUNC_EXTERN or w_func.fqn in self.queued:
            self.queued[w_func.fqn] = True
            if w_func.kind == FUNC_EXTERN and w_func not in self.red_queue:
                self.red_queue.append(w_func)
            return
        self.queued[w_func.fqn] = True
        self.red_queue.append(w_func)

    def tick(self, loc: Loc) -> None:
        self.steps = self.steps + 1
        if self.steps > MAX_BLUE_STEPS:
            raise SPyError(
                "blue evaluation takes too long (a loop that never ends?)", loc
            )

    # -------------------------------------------------------- objects

    def define_class(self, frame: FrameBase, classdef: ast.ClassDef) -> W_Object:
        raise NotImplementedError("VM.define_class")

    def class_frame(
        self,
        w_module: W_Module,
        symtable: SymTable,
        closure: Closure,
        fqn_prefix: str,
        names: dict[str, W_Object],
    ) -> FrameBase:
        """The frame a class body runs in: `names` are its locals."""
        raise NotImplementedError("VM.class_frame")

    def call_method(
        self, recv: Val, name: str, args: list[Val], loc: Loc, red: bool
    ) -> Val:
        raise NotImplementedError("VM.call_method")

    def compare(self, op: str, left: Val, right: Val, loc: Loc, red: bool) -> Val:
        raise NotImplementedError("VM.compare")

    def make_list(self, items: list[Val], w_item: W_Type | None, loc: Loc) -> Val:
        """A list display: `list[T]()` then one `_push` per item."""
        raise NotImplementedError("VM.make_list")

    def make_dict(self, keys: list[Val], values: list[Val], loc: Loc) -> Val:
        """A dict display: `dict[K, V]()` then one `_put` per pair; K and V
        are the types of the first pair."""
        raise NotImplementedError("VM.make_dict")

    def convert(self, v: Val, w_T: W_Type, loc: Loc) -> Val:
        """Implicit conversion, including `[]` and `{}` to a list or dict
        type."""
        raise NotImplementedError("VM.convert")

    def make_tuple(self, items: list[Val], loc: Loc) -> Val:
        raise NotImplementedError("VM.make_tuple")

    def infer_item_type(self, items: list[Val], loc: Loc) -> W_Type | None:
        """The common type of a display's items, or None."""
        raise NotImplementedError("VM.infer_item_type")

    def unify_types(self, a: W_Type, b: W_Type, loc: Loc) -> W_Type | None:
        """The common type of two display items, or None."""
        raise NotImplementedError("VM.unify_types")
