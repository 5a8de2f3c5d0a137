"""`W_Object`, `W_Type` and the builtin type singletons: the part of the
object model that `ast` needs (a typed expression carries its `W_Type`), so
it imports only fqn. The other boxed values are in vm/model.py.

`W_Foo` is a boxed class, `w_x` a variable holding one, `args_w` a list of
them (docs/architecture.md section 9). Raw Python values carry no prefix.
"""

from typing import TypeVar

from stage0.fqn import BUILTINS, make_fqn

T = TypeVar("T")


def cast(cls: type[T], obj: object) -> T:
    """`obj`, which must be a `cls`: SPy's builtin `cast`, which selfhost
    calls with the same arguments where stage0 calls this one."""
    assert isinstance(obj, cls)
    return obj


# the kinds of W_Type
KIND_INT = "int"
KIND_FLOAT = "float"
KIND_BOOL = "bool"
KIND_STR = "str"
KIND_NONE = "none"
KIND_TYPE = "type"
KIND_DYNAMIC = "dynamic"
KIND_FUNC = "func"
KIND_MODULE = "module"
KIND_BUILTIN = "builtin"  # `blue` and the other compile-time-only objects
KIND_TUPLE = "tuple"
KIND_STRUCT = "struct"
KIND_CLASS = "class"
KIND_PTR = "ptr"  # gc_ptr[T], raw_ptr[T]
KIND_EXCEPTION = "exception"
KIND_EMPTYLIST = "emptylist"  # `[]` and `{}` before their item type is known


class W_Object:
    def spy_repr(self) -> str:
        return "<object>"


class W_Type(W_Object):
    """A SPy type. `kind` is one of the KIND_ constants above."""

    name: str
    fqn: str
    kind: str
    bits: int
    signed: bool
    # struct, class and tuple types: every field in layout order (a class
    # lists its inherited fields first); a tuple's fields are _0, _1...
    field_names: list[str]
    field_types: "list[W_Type]"
    # struct and class types: methods and class-level constants by name
    members: "dict[str, W_Object]"
    # class types: the base class, and for each method name the fqn of the
    # implementation an instance of exactly this class runs
    w_base: "W_Type | None"
    vtable: dict[str, str]
    # pointer types (gc_ptr[T], raw_ptr[T]): the item type
    w_item: "W_Type | None"
    # the name in `<prog.Point object>`
    display: str

    def __init__(self, name: str, kind: str, bits: int, signed: bool) -> None:
        self.name = name
        self.fqn = make_fqn(BUILTINS, name)
        self.kind = kind
        self.bits = bits
        self.signed = signed
        self.field_names = []
        self.field_types = []
        self.members = {}
        self.w_base = None
        self.vtable = {}
        self.w_item = None
        self.display = name

    def spy_repr(self) -> str:
        return self.name

    def has_none_field(self) -> bool:
        """A tuple holding `None` (`("", None)`, before it is converted to
        the type its context expects) has no C layout: it exists only at
        compile time."""
        for w_field in self.field_types:
            if w_field.kind == KIND_NONE:
                return True
        return False

    def is_int(self) -> bool:
        return self.kind == KIND_INT

    def int_min(self) -> int:
        if self.signed:
            return -(1 << (self.bits - 1))
        return 0

    def int_max(self) -> int:
        if self.signed:
            return (1 << (self.bits - 1)) - 1
        return (1 << self.bits) - 1

    def wrap(self, value: int) -> int:
        """Keep the low bits of `value`, two's complement."""
        mask = (1 << self.bits) - 1
        value = value & mask
        if self.signed and value > self.int_max():
            value = value - (1 << self.bits)
        return value


def make_int_type(name: str, bits: int, signed: bool) -> W_Type:
    return W_Type(name, KIND_INT, bits, signed)


w_bool = W_Type("bool", KIND_BOOL, 0, False)
w_i8 = make_int_type("i8", 8, True)
w_u8 = make_int_type("u8", 8, False)
w_i16 = make_int_type("i16", 16, True)
w_u16 = make_int_type("u16", 16, False)
w_i32 = make_int_type("i32", 32, True)
w_u32 = make_int_type("u32", 32, False)
w_i64 = make_int_type("i64", 64, True)
w_u64 = make_int_type("u64", 64, False)
w_f64 = W_Type("f64", KIND_FLOAT, 64, True)
w_str = W_Type("str", KIND_STR, 0, False)
w_NoneType = W_Type("NoneType", KIND_NONE, 0, False)
w_type = W_Type("type", KIND_TYPE, 0, False)
w_dynamic = W_Type("dynamic", KIND_DYNAMIC, 0, False)
w_functype = W_Type("function", KIND_FUNC, 0, False)
w_moduletype = W_Type("module", KIND_MODULE, 0, False)
w_tupletype = W_Type("tuple", KIND_TUPLE, 0, False)
w_builtintype = W_Type("builtin", KIND_BUILTIN, 0, False)

INT_TYPES: list[W_Type] = [w_i8, w_u8, w_i16, w_u16, w_i32, w_u32, w_i64, w_u64]
