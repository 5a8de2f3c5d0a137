"""fqn: fully qualified names, and the two colours. Imports nothing.

An FQN names one module-level object of the whole program: a function, a
type, a global, a method, one instance of a generic, one operation of the
vm. The vm gives every object its FQN when it defines it (`unique_fqn`
keeps them distinct), redshift calls functions by FQN (`ast.FQNConst`,
written `` `m::f` ``) and the C backend mangles each FQN into a C name
(`cnames.mangle_fqn`: `m::f` -> `spy_m_Mf`), reversibly.

    fqn       := namespace ("::" part)+
    namespace := a module name (`prog`, `vm.ops`), or a namespace the vm
                 implements: builtins, operator, unsafe, __spy__
    part      := name ["[" args "]"] ["#" n]
    args      := the type arguments, ", "-separated

E.g. `prog::main`, `prog::Point::__make__` (a member of the type
`prog::Point`), `_list::list[str]`, `prog::first[i32]`, `operator::i32_add`,
`unsafe::gc_alloc[i32]`, `prog::f#2` (the second `def f` of prog).

Only this module writes or takes apart the `::`; the others build FQNs with
`make_fqn` and `generic_fqn` and read them with the functions below.

The colours: a function, a symbol table or a value is BLUE (known at
compile time, evaluated by the vm) or RED (left in the program for C).
"""

SEP = "::"

# the namespaces the vm implements (see importer.VM_MODULES)
BUILTINS = "builtins"
OPERATOR = "operator"
UNSAFE = "unsafe"
SPY = "__spy__"

# the generic classes behind `[...]` and `{...}` (stdlib/_list.spy, _dict.spy)
LIST_FQN = "_list::list"
DICT_FQN = "_dict::dict"

BLUE = "blue"
RED = "red"


def make_fqn(owner: str, name: str) -> str:
    """`m`, `f` -> `m::f`; `m::Point`, `__make__` -> `m::Point::__make__`."""
    return owner + SEP + name


def generic_fqn(base: str, args: str) -> str:
    """`m::Box`, `i32` -> `m::Box[i32]`."""
    return base + "[" + args + "]"


def numbered_fqn(fqn: str, n: int) -> str:
    """`m::f`, 2 -> `m::f#2`: the n-th object defined under one FQN."""
    return fqn + "#" + str(n)


def split_fqn(fqn: str) -> tuple[str, str]:
    """`m::Point::__make__` -> (`m`, `Point::__make__`): the module and the
    member part; (fqn, "") when there is no `::`."""
    i = fqn.find(SEP)
    if i < 0:
        return (fqn, "")
    return (fqn[:i], fqn[i + len(SEP) :])


def fqn_module(fqn: str) -> str:
    """`m::Point::__make__` -> `m`."""
    return split_fqn(fqn)[0]


def fqn_member(fqn: str) -> str:
    """`m::Point::__make__` -> `Point::__make__`; `operator::i32_add` ->
    `i32_add`."""
    return split_fqn(fqn)[1]


def in_namespace(fqn: str, namespace: str) -> bool:
    """Is `fqn` in this module or namespace? (`operator::i32_add`,
    "operator")."""
    return fqn.startswith(namespace + SEP)


def member_owner(fqn: str, name: str) -> str:
    """`m::Point::__make__`, `__make__` -> `m::Point`; "" when `fqn` is not
    the member `name` of something."""
    suffix = SEP + name
    if fqn.endswith(suffix):
        return fqn[: len(fqn) - len(suffix)]
    return ""


def is_generic_of(fqn: str, base: str) -> bool:
    """Is `fqn` an instance of the generic `base`? (`_list::list[str]`,
    `_list::list`)."""
    return fqn.startswith(base + "[")


def without_args(name: str) -> str:
    """`gc_alloc[i32]` -> `gc_alloc`."""
    i = name.find("[")
    if i < 0:
        return name
    return name[:i]


def fqn_parts(fqn: str) -> list[str]:
    """Every `::`-separated part, in order: `m::Point::__make__` -> `m`,
    `Point`, `__make__` (the C backend mangles them one by one)."""
    return fqn.split(SEP)
