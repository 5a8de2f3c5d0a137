"""canalysis: the whole-program analyses of the C backend.

The C backend is three files: cnames -> canalysis -> cwriter. Input: the
`TypedProgram` that redshift made (see cwriter). Output: the facts that
cwriter reads while it emits. Entry points:
- `ClassTree(program.types)`: the class ids, numbered in preorder so that
  a class and its subclasses have the ids lo..hi;
- `call_graph(program, tree) -> {fqn: [callee]}`: what each function
  calls (and PANICS for each check of its own);
- `find_recursive(graph) -> {fqn: bool}`: the functions on a cycle of
  calls, which may recurse without end (RecursionError);
- `find_may_panic(program, graph, recursive) -> {fqn: bool}`: which
  functions may panic, by themselves or through a callee (only those get a
  traceback frame); a recursive function may;
- `scan(e, funcs) -> bits`: EFFECT (calls a SPy function or may panic)
  and GLOBAL (reads a global or the heap) for an expression; they say
  where C's unspecified order of evaluation needs temporaries
  (`needs_hoist`);
- `allocates(e, funcs) -> bool`: may an expression run the GC; with
  `pending_refs`, which operands must wait in a rooted temporary;
- `find_unset_fields(program) -> {field_key: bool}`: the fields that an
  object may lack when they are read (they get a "set" flag).
Every walk of the tree goes through `ast.children_of`; what a node adds
by itself is in `own_calls` and `own_bits`.
"""

from stage0 import ast
from stage0.cnames import (
    CAST,
    CLASSNAME,
    INT_TYPES,
    NEW,
    VALUE_KINDS,
    is_root_ctype,
    may_hold_pointer,
    split_op,
    type_kind,
    unsafe_op,
)
from stage0.errors import SPyError
from stage0.fqn import BUILTINS, OPERATOR, make_fqn, in_namespace, member_owner
from stage0.vm.wtypes import W_Type, KIND_CLASS


# ---------------------------------------------------------------- classes


class ClassTree:
    """The class ids of a program.

    Ids are numbered in preorder over the inheritance tree, roots and
    children in their order in `program.types`, so that a class and its
    subclasses have the ids lo..hi: `isinstance(x, C)` is two comparisons.
    """

    classes: list[W_Type]  # by id
    los: dict[str, int]  # fqn -> the id of the class
    his: dict[str, int]  # fqn -> the highest id among it and its subclasses

    def __init__(self, types: list[W_Type]) -> None:
        self.classes = []
        self.los = {}
        self.his = {}
        children: dict[str, list[W_Type]] = {}
        for w_T in types:
            if w_T.kind == KIND_CLASS:
                children[w_T.fqn] = []
        roots: list[W_Type] = []
        for w_T in types:
            if w_T.kind != KIND_CLASS:
                continue
            w_base = w_T.w_base
            if w_base is None:
                roots.append(w_T)
            elif w_base.fqn in children:
                children[w_base.fqn].append(w_T)
            else:
                msg = "the base class of `" + w_T.fqn + "` is not in the program"
                raise SPyError("cwriter: " + msg, None)
        for w_root in roots:
            self.number(w_root, children)

    def number(self, w_class: W_Type, children: dict[str, list[W_Type]]) -> None:
        self.los[w_class.fqn] = len(self.classes)
        self.classes.append(w_class)
        for w_child in children[w_class.fqn]:
            self.number(w_child, children)
        self.his[w_class.fqn] = len(self.classes) - 1

    def lo(self, w_class: W_Type) -> int:
        if w_class.fqn not in self.los:
            raise SPyError("cwriter: class `" + w_class.fqn + "` is not known", None)
        return self.los[w_class.fqn]

    def hi(self, w_class: W_Type) -> int:
        self.lo(w_class)
        return self.his[w_class.fqn]

    def subtree(self, w_class: W_Type) -> list[W_Type]:
        """The class and its subclasses, by id."""
        return self.classes[self.lo(w_class) : self.hi(w_class) + 1]

    def implementations(self, w_class: W_Type, name: str) -> list[str]:
        """For each class of the subtree, the fqn its method `name` runs."""
        out: list[str] = []
        for w_sub in self.subtree(w_class):
            if name not in w_sub.vtable:
                msg = "class `" + w_sub.fqn + "` has no method `" + name + "`"
                raise SPyError("cwriter: " + msg, None)
            out.append(w_sub.vtable[name])
        return out


# ---------------------------------------------------------------- panics

# A function gets a traceback frame only when a panic can happen while it
# runs: frames cost a store to a global per call, which keeps C compilers
# from optimising small recursive functions.

# in a list of callees: the code panics by itself (None.attr, p[i],
# assert, raise, a range step of 0)
PANICS = "!panics"

# ops that can panic (besides the conversions, see builtin_can_panic)
PANIC_OPS = ["floordiv", "mod", "pow", "truediv", "lshift", "rshift", "chr"]
PANIC_OPS = PANIC_OPS + ["getitem", "slice", "ord", "wpow", "wshl"]
# integer arithmetic that raises OverflowError (unless built --release)
OVERFLOW_OPS = ["add", "sub", "mul", "neg", "abs"]

# `unsafe::<op>[T]` that neither panic nor write memory
UNSAFE_PURE = ["ptr_is_null", "ptr_null", "unchecked"]

# `operator::str_<op>` that cannot panic (any other one may)
STR_SAFE = ["add", "mul", "contains", "len", "repr", "eq", "ne", "lt", "le"]
STR_SAFE = STR_SAFE + ["gt", "ge", "byte", "nbytes", "cp_index", "byte_offset"]
STR_SAFE = STR_SAFE + ["hash", "to_str"]


def is_unchecked(e: ast.Expr) -> bool:
    """Is e `unsafe.unchecked(p)`, whose items are read without a bounds
    check?"""
    return isinstance(e, ast.Call) and unsafe_op(call_fqn(e)) == "unchecked"


def builtin_can_panic(fqn: str) -> bool:
    """Can this callee, when it is not a SPy function, panic?"""
    if fqn == PANICS:
        return True
    op = unsafe_op(fqn)
    if op != "":
        return op not in UNSAFE_PURE
    for member in [NEW, CAST, CLASSNAME]:
        if member_owner(fqn, member) != "":
            return True
    if not in_namespace(fqn, OPERATOR):
        return False
    parts = split_op(fqn)
    tname = parts[0]
    op = parts[1]
    if op in PANIC_OPS:
        return True
    if op in OVERFLOW_OPS and tname in INT_TYPES:
        return True
    if tname == "str" and op not in STR_SAFE:
        return True
    if op.startswith("to_"):
        target = op[3:]
        if tname == "f64" and target in INT_TYPES:
            return True
        if tname == "str" and target != "str":
            return True
    return False


def collect_calls(n: ast.Node, calls: list[str], tree: ClassTree) -> None:
    """Append the callees of `n` and of every node under it to calls, and
    PANICS for each check of their own that can fail."""
    own_calls(n, calls, tree)
    for child in ast.children_of(n):
        collect_calls(child, calls, tree)


def own_calls(n: ast.Node, calls: list[str], tree: ClassTree) -> None:
    """Append the callees of `n` itself, not of its children, to calls."""
    if isinstance(n, ast.Call):
        calls.append(call_fqn(n))
    elif isinstance(n, ast.MethodCall):
        calls.append(PANICS)  # a None receiver
        for fqn in tree.implementations(n.w_class, n.name):
            calls.append(fqn)
    elif isinstance(n, ast.Attribute):
        if type_kind(n.value.w_T) not in VALUE_KINDS:
            calls.append(PANICS)  # None, or an empty pointer
    elif isinstance(n, ast.Subscript) and not is_unchecked(n.value):
        calls.append(PANICS)  # the bounds check
    elif isinstance(n, ast.Compare):
        calls.extend(n.ops)
    elif isinstance(n, ast.Assert) or isinstance(n, ast.Raise):
        calls.append(PANICS)
    elif isinstance(n, ast.For) and zero_step_range(n.iter):
        calls.append(PANICS)  # `range` with a step of 0


def collect_body_calls(body: list[ast.Stmt], calls: list[str], tree: ClassTree) -> None:
    """Append every callee of `body` to calls (see collect_calls)."""
    for s in body:
        collect_calls(s, calls, tree)


def zero_step_range(it: ast.Expr) -> bool:
    """Is `it` a `range(...)` whose step may be zero (a panic)?"""
    if isinstance(it, ast.Call) and call_fqn(it) == make_fqn(BUILTINS, "range"):
        return not nonzero_int(it.args[2])
    return False


def nonzero_int(e: ast.Expr) -> bool:
    """Is `e` an integer literal other than 0 (a step that cannot panic)?"""
    if isinstance(e, ast.Int):
        return e.value != 0
    return False


def call_graph(program: ast.TypedProgram, tree: ClassTree) -> dict[str, list[str]]:
    """The callees of each function (see collect_calls)."""
    graph: dict[str, list[str]] = {}
    for f in program.funcs:
        calls: list[str] = []
        collect_body_calls(f.body, calls, tree)
        graph[f.fqn] = calls
    return graph


class Cycles:
    """Tarjan's strongly connected components, for find_recursive."""

    graph: dict[str, list[str]]
    index: dict[str, int]
    low: dict[str, int]
    on_stack: dict[str, bool]
    stack: list[str]
    recursive: dict[str, bool]

    def __init__(self, graph: dict[str, list[str]]) -> None:
        self.graph = graph
        self.index = {}
        self.low = {}
        self.on_stack = {}
        self.stack = []
        self.recursive = {}

    def visit(self, v: str) -> None:
        self.index[v] = len(self.index)
        self.low[v] = self.index[v]
        self.stack.append(v)
        self.on_stack[v] = True
        for w in self.graph[v]:
            if w not in self.graph:
                continue  # a builtin, or PANICS
            if w not in self.index:
                self.visit(w)
                self.low[v] = min(self.low[v], self.low[w])
            elif self.on_stack[w]:
                self.low[v] = min(self.low[v], self.index[w])
        if self.low[v] != self.index[v]:
            return
        # v is the root of a component: the stack down to v
        members: list[str] = []
        w = ""
        while w != v:
            w = self.stack.pop()
            self.on_stack[w] = False
            members.append(w)
        cyclic = len(members) > 1 or v in self.graph[v]
        for m in members:
            self.recursive[m] = cyclic


def find_recursive(graph: dict[str, list[str]]) -> dict[str, bool]:
    """Which functions can call themselves, directly or through others."""
    cycles = Cycles(graph)
    for fqn in graph:
        if fqn not in cycles.index:
            cycles.visit(fqn)
    return cycles.recursive


def find_may_panic(
    program: ast.TypedProgram, graph: dict[str, list[str]], recursive: dict[str, bool]
) -> dict[str, bool]:
    """Which functions may panic, directly or through a callee (fixpoint);
    a recursive one may run out of stack (RecursionError)."""
    result: dict[str, bool] = {}
    for f in program.funcs:
        result[f.fqn] = False
    for f in program.funcs:
        panics = f.extern_name != "" or recursive[f.fqn]
        for fqn in graph[f.fqn]:
            if fqn not in result and builtin_can_panic(fqn):
                panics = True
        result[f.fqn] = panics
    changed = True
    while changed:
        changed = False
        for f in program.funcs:
            if result[f.fqn]:
                continue
            for fqn in graph[f.fqn]:
                if fqn in result and result[fqn]:
                    result[f.fqn] = True
                    changed = True
                    break
    return result


# ---------------------------------------------------------------- effects

# the bits that scan returns
EFFECT = 1  # calls a SPy function or can panic: its position in time matters
GLOBAL = 2  # reads a global or the heap, which a call may change


def scan(e: ast.Expr, funcs: dict[str, ast.TypedFunc]) -> int:
    """EFFECT and GLOBAL bits of an expression: its own and its operands'."""
    bits = own_bits(e, funcs)
    for child in ast.children_of(e):
        if isinstance(child, ast.Expr) and not is_callee(e, child):
            bits = bits | scan(child, funcs)
    return bits


def own_bits(e: ast.Expr, funcs: dict[str, ast.TypedFunc]) -> int:
    """The bits of `e` itself, its operands aside."""
    if isinstance(e, ast.FQNConst):
        return GLOBAL  # a `var` global (a callee is not scanned)
    if isinstance(e, ast.Call):
        return op_bits(call_fqn(e), funcs)
    if isinstance(e, ast.Compare):
        bits = 0
        for op in e.ops:
            bits = bits | op_bits(op, funcs)
        return bits
    if isinstance(e, ast.MethodCall):
        return EFFECT
    if isinstance(e, ast.Subscript) and is_unchecked(e.value):
        return GLOBAL  # a pointer item on the heap, not checked
    if isinstance(e, ast.Subscript):
        return EFFECT | GLOBAL  # a pointer item: checked, on the heap
    if isinstance(e, ast.Attribute) and type_kind(e.value.w_T) not in VALUE_KINDS:
        return EFFECT | GLOBAL  # a field of an object: checked, on the heap
    return 0


def is_callee(e: ast.Expr, child: ast.Node) -> bool:
    """Is `child` the callee of the call `e`: a name, not a value read?"""
    return isinstance(e, ast.Call) and child is e.func


def op_bits(fqn: str, funcs: dict[str, ast.TypedFunc]) -> int:
    if fqn in funcs or builtin_can_panic(fqn):
        return EFFECT
    return 0


# ---------------------------------------------------------------- lines

# `operator::<int>_<op>` whose check stores the traceback line itself when
# it fails (spy.h: spy_<T>_<op>_at), as do the bounds and None checks
# (spy_ptr_check_at, spy_nonnull_at)
LOCATED_OPS = ["add", "sub", "mul", "neg"]


def is_located_op(op: str) -> bool:
    return op in LOCATED_OPS


def is_located(fqn: str) -> bool:
    """Is `fqn` an operation whose failing check stores its own line?"""
    if not in_namespace(fqn, OPERATOR):
        return False
    parts = split_op(fqn)
    return parts[0] in INT_TYPES and is_located_op(parts[1])


def needs_line(e: ast.Expr, may_panic: dict[str, bool], unset: dict[str, bool]) -> bool:
    """Must a framed function store the traceback line before evaluating e?
    Not when every panic e may raise comes from a located check, which
    stores the line on its failing path: calling a function that may panic,
    or an operation that panics elsewhere (libspy, a helper), needs it."""
    if needs_own_line(e, may_panic, unset):
        return True
    for child in ast.children_of(e):
        if isinstance(child, ast.Expr) and not is_callee(e, child):
            if needs_line(child, may_panic, unset):
                return True
    return False


def needs_own_line(
    e: ast.Expr, may_panic: dict[str, bool], unset: dict[str, bool]
) -> bool:
    """needs_line for e itself, its operands aside."""
    if isinstance(e, ast.Call):
        fqn = call_fqn(e)
        if fqn in may_panic:
            return may_panic[fqn]
        return builtin_can_panic(fqn) and not is_located(fqn)
    if isinstance(e, ast.Compare):
        for op in e.ops:
            if op in may_panic and may_panic[op]:
                return True
            if builtin_can_panic(op) and not is_located(op):
                return True
        return False
    if isinstance(e, ast.MethodCall):
        return True
    if isinstance(e, ast.Attribute) and type_kind(e.value.w_T) == KIND_CLASS:
        w_T = e.value.w_T
        assert w_T is not None
        # a field with a "set" flag is read by a getter that panics itself
        return field_key(field_owner(w_T, e.attr), e.attr) in unset
    return False


def has_effect(exprs: list[ast.Expr], funcs: dict[str, ast.TypedFunc]) -> bool:
    for e in exprs:
        if scan(e, funcs) & EFFECT:
            return True
    return False


def needs_hoist(bits: list[int]) -> bool:
    """C evaluates operands in any order: must they go to temporaries?

    Yes when one operand has an effect and another is not stable (has an
    effect or reads a global): `bits` are their scan bits. Literals and
    locals never need it.
    """
    for i in range(len(bits)):
        if bits[i] & EFFECT:
            for j in range(len(bits)):
                if j != i and bits[j] != 0:
                    return True
    return False


def allocates(e: ast.Expr, funcs: dict[str, ast.TypedFunc]) -> bool:
    """May evaluating `e` allocate, and so run the GC? A call of a SPy
    function, of a method or of a function value may; a builtin may when
    its result holds a reference (a new str, a new object)."""
    if isinstance(e, ast.MethodCall):
        return True
    if isinstance(e, ast.Call):
        fqn = call_fqn(e)
        if fqn == "" or fqn in funcs:
            return True
        if e.w_T is not None and may_hold_pointer(e.w_T):
            return True
    for child in ast.children_of(e):
        if isinstance(child, ast.Expr) and not is_callee(e, child):
            if allocates(child, funcs):
                return True
    return False


def pending_refs(allocs: list[bool], ctypes: list[str], first: int) -> list[bool]:
    """Which operands must wait in a rooted temporary (spy.h: SPY_ROOT):
    each that makes a new reference while another operand may run the GC
    before the operation takes it. Where the GC cannot see C's locals (on
    wasm), nothing else would keep that reference alive. The last operand
    to allocate (see eval_order) need not wait when all the others do."""
    n = 0
    for a in allocs:
        if a:
            n += 1
    out: list[bool] = []
    waiting = 0
    for i in range(len(allocs)):
        out.append(n > 1 and allocs[i] and is_root_ctype(ctypes[i]))
        if out[i]:
            waiting += 1
    last = -1
    for i in eval_order(len(allocs), first):
        if allocs[i]:
            last = i
    if waiting == n and last >= 0:
        out[last] = False
    return out


def eval_order(n: int, first: int) -> list[int]:
    """The order in which Python evaluates n operands: operand `first`
    (unless it is -1), then the others left to right (ast.MethodCall.first)."""
    order: list[int] = []
    if first >= 0:
        order.append(first)
    for i in range(n):
        if i != first:
            order.append(i)
    return order


# ---------------------------------------------------------------- helpers


def call_fqn(e: ast.Expr) -> str:
    """The resolved callee of a Call, or "" for anything else."""
    if isinstance(e, ast.Call) and isinstance(e.func, ast.FQNConst):
        return e.func.fqn
    return ""


# ---------------------------------------------------------------- fields
#
# A field that no constructor may leave unset is read and written as it is;
# every other field gets a hidden flag `set_<id>` next to it in the C struct,
# set by each assignment and checked by each read, which panics with
# Python's `AttributeError: 'C' object has no attribute 'f'` while it is
# false (docs/language.md section 9).

CONSTRUCT = "__construct__"
INIT = "__init__"


class InitFacts:
    """What the safe prefix of an `__init__` assigns: its statements that
    cannot let `self` escape (`self.f = <value>` whose value reads only
    fields assigned before it, locals, `Base.__init__(self, ...)`)."""

    assigned: dict[str, bool]  # the fields the prefix assigns
    whole: bool  # the prefix is the whole body: `self` never escapes

    def __init__(self) -> None:
        self.assigned = {}
        self.whole = False


def field_key(w_decl: W_Type, name: str) -> str:
    """The key of the field `name` declared by the class `w_decl`."""
    return w_decl.fqn + " " + name


def field_owner(w_class: W_Type, name: str) -> W_Type:
    """The class that declares the field `name` of `w_class` (the highest
    ancestor that has it)."""
    w_decl = w_class
    w_base = w_decl.w_base
    while w_base is not None and name in w_base.field_names:
        w_decl = w_base
        w_base = w_decl.w_base
    return w_decl


def find_unset_fields(program: ast.TypedProgram) -> dict[str, bool]:
    """The fields that need a flag, as `field_key`s: those that the
    `__init__` of some constructed class does not assign in its safe
    prefix. No code sees an object before that prefix ends, so a field it
    assigns is set before any read."""
    funcs: dict[str, ast.TypedFunc] = {}
    for f in program.funcs:
        funcs[f.fqn] = f
    memo: dict[str, InitFacts] = {}
    result: dict[str, bool] = {}
    for f in program.funcs:
        if member_owner(f.fqn, CONSTRUCT) == "":
            continue
        safe: dict[str, bool] = {}
        init = constructor_init(f)
        if init != "":
            safe = init_facts(init, funcs, memo).assigned
        w_class = f.w_restype
        for name in w_class.field_names:
            if name not in safe:
                result[field_key(field_owner(w_class, name), name)] = True
    return result


def constructor_init(f: ast.TypedFunc) -> str:
    """The `__init__` that the constructor `f` calls (redshift's
    make_constructor: `self = C::__new__()`, `init(self, args)`), or ""."""
    if len(f.body) < 2:
        return ""
    s = f.body[1]
    if isinstance(s, ast.ExprStmt):
        fqn = call_fqn(s.value)
        if member_owner(fqn, INIT) != "":
            return fqn
    return ""


def init_facts(
    fqn: str, funcs: dict[str, ast.TypedFunc], memo: dict[str, InitFacts]
) -> InitFacts:
    """The InitFacts of the `__init__` `fqn` (a recursive call of an
    `__init__` being analyzed sees an empty prefix)."""
    if fqn in memo:
        return memo[fqn]
    memo[fqn] = InitFacts()
    facts = InitFacts()
    if fqn not in funcs or len(funcs[fqn].params) == 0:
        return facts
    f = funcs[fqn]
    facts.whole = True
    for s in f.body:
        if not extend_prefix(s, f.params[0], facts, funcs, memo):
            facts.whole = False
            break
    memo[fqn] = facts
    return facts


def extend_prefix(
    s: ast.Stmt,
    me: str,
    facts: InitFacts,
    funcs: dict[str, ast.TypedFunc],
    memo: dict[str, InitFacts],
) -> bool:
    """Add what `s` assigns to facts, when `s` belongs to the safe prefix
    of an `__init__` whose `self` is called `me`; False when it ends it."""
    if isinstance(s, ast.Assign):
        target = s.target
        if isinstance(target, ast.Attribute) and is_name(target.value, me):
            if not self_free(s.value, me, facts.assigned):
                return False
            facts.assigned[target.attr] = True
            return True
    if isinstance(s, ast.ExprStmt):
        value = s.value
        if member_owner(call_fqn(value), INIT) != "" and isinstance(value, ast.Call):
            if len(value.args) > 0 and is_name(value.args[0], me):
                return extend_by_init(value, me, facts, funcs, memo)
    return keeps_self(s, me, facts.assigned)


def extend_by_init(
    call: ast.Call,
    me: str,
    facts: InitFacts,
    funcs: dict[str, ast.TypedFunc],
    memo: dict[str, InitFacts],
) -> bool:
    """`Base.__init__(self, args)` in a safe prefix: it assigns what the
    safe prefix of `Base.__init__` does, and ends the prefix unless that
    is the whole of `Base.__init__`."""
    for arg in call.args[1:]:
        if not self_free(arg, me, facts.assigned):
            return False
    base = init_facts(call_fqn(call), funcs, memo)
    for name in base.assigned:
        facts.assigned[name] = True
    return base.whole


def keeps_self(s: ast.Stmt, me: str, assigned: dict[str, bool]) -> bool:
    """Does `s` (and every statement in it) neither return nor use `self`
    other than to read or reassign the fields in assigned?"""
    if isinstance(s, ast.Return):
        return False
    for child in ast.children_of(s):
        if isinstance(child, ast.Stmt):
            if not keeps_self(child, me, assigned):
                return False
        elif isinstance(child, ast.Expr):
            if not self_free(child, me, assigned):
                return False
    return True


def self_free(e: ast.Expr, me: str, assigned: dict[str, bool]) -> bool:
    """Does `e` use `self` (named `me`) only to read fields in assigned?"""
    if isinstance(e, ast.Name):
        return e.id != me
    if isinstance(e, ast.Attribute) and is_name(e.value, me):
        return e.attr in assigned
    for child in ast.children_of(e):
        if isinstance(child, ast.Expr) and not self_free(child, me, assigned):
            return False
    return True


def is_name(e: ast.Expr, name: str) -> bool:
    return isinstance(e, ast.Name) and e.id == name
