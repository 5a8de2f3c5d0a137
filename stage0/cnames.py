"""cnames: how the C backend spells SPy things in C.

The C backend is three files: cnames (names, C types, literals) ->
canalysis (the whole-program analyses) -> cwriter (emission). This one
holds pure functions, with no state and no tree walk. Input: fqns, local
and field names, `W_Type`s, literal values. Output: C text (an
identifier, a type, a declaration, a literal). Entry points:
`mangle_fqn(fqn)` and its inverse `unmangle_fqn`, `global_cname`,
`local_cname`, `field_cname`, `func_cname`; `c_type(w_T)`, `c_decl`;
`c_string`, `c_int_literal`, `c_float_literal`.

Names: a function or type is `spy_` + its fqn escaped reversibly (see
mangle_fqn), a `var` global `g_...`, a SPy local `l_<id>`, a field
`f_<id>`; they never collide with libspy's names or with each other.
"""

import math

from stage0 import ast
from stage0.errors import SPyError
from stage0.fqn import SEP, UNSAFE, fqn_member, in_namespace, without_args, fqn_parts
from stage0.vm.wtypes import (
    W_Type,
    KIND_CLASS,
    KIND_PTR,
    KIND_STR,
    KIND_STRUCT,
    KIND_TUPLE,
)


# ---------------------------------------------------------------- types

INT_TYPES = ["i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64"]
UNSIGNED_TYPES = ["u8", "u16", "u32", "u64"]
C_TYPES: dict[str, str] = {
    "bool": "bool", "i8": "int8_t", "u8": "uint8_t", "i16": "int16_t",
    "u16": "uint16_t", "i32": "int32_t", "u32": "uint32_t", "i64": "int64_t",
    "u64": "uint64_t", "f64": "double", "str": "spy_Str *", "NoneType": "void"
}  # fmt: skip

# kinds of W_Type that are C structs passed by value (see CWriter.emit_type)
VALUE_KINDS = [KIND_STRUCT, KIND_TUPLE]


def c_type(w_T: W_Type | None) -> str:
    """The C type of a value: a struct or tuple is its typedef (by value),
    a class reference `void *`, a pointer the `spy_ptr` of spy.h."""
    kind = type_kind(w_T)
    if kind in VALUE_KINDS:
        assert w_T is not None  # a kind comes from a type
        if w_T.has_none_field():
            raise SPyError(
                "a `%s` value exists only at compile time: annotate it, "
                "e.g. `t: tuple[str, C] = ...`" % type_name(w_T),
                None,
            )
        return mangle_fqn(type_fqn(w_T))
    if kind == KIND_CLASS:
        return "void *"
    if kind == KIND_PTR:
        return "spy_ptr"
    name = type_name(w_T)
    if name not in C_TYPES:
        raise SPyError("cwriter: type `" + name + "` is not supported yet", None)
    return C_TYPES[name]


def type_name(w_T: W_Type | None) -> str:
    if w_T is None:
        raise SPyError("cwriter: an expression has no static type", None)
    return w_T.name


def type_kind(w_T: W_Type | None) -> str:
    if w_T is None:
        raise SPyError("cwriter: an expression has no static type", None)
    return w_T.kind


def type_fqn(w_T: W_Type | None) -> str:
    if w_T is None:
        raise SPyError("cwriter: an expression has no static type", None)
    return w_T.fqn


def item_type(w_ptr: W_Type | None) -> W_Type:
    """The item type T of a `gc_ptr[T]` or `raw_ptr[T]`."""
    if w_ptr is None or w_ptr.kind != KIND_PTR or w_ptr.w_item is None:
        raise SPyError("cwriter: a pointer type without an item type", None)
    return w_ptr.w_item


def may_hold_pointer(w_T: W_Type) -> bool:
    """Can a value of this type hold a GC reference (a root, a scanned
    allocation)? A raw_ptr counts: the GC ignores what it does not own."""
    kind = w_T.kind
    if kind in VALUE_KINDS:
        for w_field in w_T.field_types:
            if may_hold_pointer(w_field):
                return True
        return False
    return kind == KIND_CLASS or kind == KIND_PTR or kind == KIND_STR


def is_root_ctype(ctype: str) -> bool:
    """Is a C variable of this type a GC root: a pointer or a struct (the
    numbers and bool are not)? Each such local gets spy.h's SPY_ROOT."""
    return ctype.endswith("*") or ctype.startswith("spy_")


def c_decl(ctype: str, name: str) -> str:
    """`int32_t x`, `spy_Str *s`."""
    if ctype.endswith("*"):
        return ctype + name
    return ctype + " " + name


def c_pointer(ctype: str) -> str:
    """`int32_t` -> `int32_t *`, `spy_Str *` -> `spy_Str **`."""
    if ctype.endswith("*"):
        return ctype + "*"
    return ctype + " *"


def c_sizeof(w_T: W_Type) -> str:
    return "sizeof(" + c_type(w_T) + ")"


def zero_of(ctype: str) -> str:
    """The initializer of a zeroed C variable of this type."""
    if ctype.endswith("*"):
        return "NULL"
    if ctype == "bool":
        return "false"
    if ctype == "spy_ptr" or ctype.startswith("spy_"):
        return "{0}"  # a struct typedef (scalars are never spelled spy_...)
    return "0"


# ---------------------------------------------------------------- operations


def split_op(fqn: str) -> list[str]:
    """`operator::i32_add` -> ["i32", "add"]; `operator::f64_to_i32` too."""
    rest = fqn_member(fqn)
    i = rest.find("_")
    if i < 0:
        return [rest, ""]
    return [rest[:i], rest[i + 1 :]]


# the type operations that redshift calls like functions, members of the
# type: `make_fqn(<T fqn>, MAKE)`; `member_owner(fqn, MAKE)` finds T again
MAKE = "__make__"  # struct or tuple T: the value made of the fields
NEW = "__new__"  # class C: a zeroed instance (then __init__ is called)
ISINSTANCE = "__isinstance__"
CAST = "__cast__"
CLASSNAME = "__classname__"  # the display name of the object's class


def unsafe_op(fqn: str) -> str:
    """`unsafe::gc_alloc[i32]` -> "gc_alloc"; "" for any other fqn."""
    if not in_namespace(fqn, UNSAFE):
        return ""
    return without_args(fqn_member(fqn))


# ---------------------------------------------------------------- names

MANGLE_ESCAPES = {"_": "__", ".": "_D", "[": "_L", "]": "_R", ",": "_C", " ": "_S"}
UNMANGLE_ESCAPES = {
    "_": "_",
    "M": SEP,
    "D": ".",
    "L": "[",
    "R": "]",
    "C": ",",
    "S": " ",
}


def is_ascii_alnum(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("0" <= ch <= "9")


def mangle_fqn(fqn: str) -> str:
    """Turn `module::name[args]` into a C identifier, reversibly.

    `spy_` + the fqn where ASCII letters and digits are kept and:
    `_` -> `__`, `::` -> `_M`, `.` -> `_D`, `[` -> `_L`, `]` -> `_R`,
    `,` -> `_C`, ` ` -> `_S`, any other char -> `_X<hex codepoint>_`.
    E.g. `m::add[i32, str]` -> `spy_m_Madd_Li32_C_Sstr_R`. Every fqn has a
    `::`, so a mangled name contains `_M` and never equals a libspy name.
    """
    out = ["spy_"]
    parts = fqn_parts(fqn)
    for i in range(len(parts)):
        if i > 0:
            out.append("_M")
        for ch in parts[i]:
            if is_ascii_alnum(ch):
                out.append(ch)
            elif ch in MANGLE_ESCAPES:
                out.append(MANGLE_ESCAPES[ch])
            else:
                out.append("_X" + hex_digits(ord(ch)) + "_")
    return "".join(out)


def hex_digits(n: int) -> str:
    digits = "0123456789abcdef"
    out = digits[n & 15]
    n = n >> 4
    while n > 0:
        out = digits[n & 15] + out
        n = n >> 4
    return out


def unmangle_fqn(cname: str) -> str:
    """The inverse of `mangle_fqn`."""
    if not cname.startswith("spy_"):
        raise ValueError("not a mangled name: " + cname)
    out: list[str] = []
    i = 4
    n = len(cname)
    while i < n:
        ch = cname[i]
        if ch != "_":
            out.append(ch)
            i += 1
            continue
        code = cname[i + 1] if i + 1 < n else ""
        if code == "X":
            end = cname.find("_", i + 2)
            if end < 0:
                raise ValueError("bad escape in " + cname)
            out.append(chr(int(cname[i + 2 : end], 16)))
            i = end + 1
        elif code in UNMANGLE_ESCAPES:
            out.append(UNMANGLE_ESCAPES[code])
            i += 2
        else:
            raise ValueError("bad escape in " + cname)
    return "".join(out)


def global_cname(fqn: str) -> str:
    """The C global of a `var`: `g_` + the mangled fqn without `spy_`."""
    return "g_" + mangle_fqn(fqn)[4:]


def ident_cname(prefix: str, name: str) -> str:
    """`<prefix>_<id>`; a non-ASCII id is `<prefix>u_` + its mangled form."""
    for ch in name:
        if not (is_ascii_alnum(ch) or ch == "_"):
            return prefix + "u_" + mangle_fqn(name)[4:]
    return prefix + "_" + name


def local_cname(name: str) -> str:
    """`l_<id>`: a SPy local or parameter."""
    return ident_cname("l", name)


def field_cname(name: str) -> str:
    """`f_<id>`: a field of a struct, tuple or class."""
    return ident_cname("f", name)


def func_cname(f: ast.TypedFunc) -> str:
    """The C function of a SPy function (an extern: the libspy one)."""
    if f.extern_name != "":
        return f.extern_name
    return mangle_fqn(f.fqn)


# ---------------------------------------------------------------- literals


def c_string_body(text: str) -> str:
    """The UTF-8 bytes of `text` as the inside of a C string literal.

    Printable ASCII stays, except `\\`, `"` and `?` (trigraphs); newline and
    tab are `\\n` and `\\t`; any other byte is a 3-digit octal escape (a hex
    escape would swallow the hex digits that follow it).
    """
    out: list[str] = []
    for b in text.encode("utf-8", "surrogatepass"):
        if b == 0x5C:
            out.append("\\\\")
        elif b == 0x22:
            out.append('\\"')
        elif b == 0x3F:
            out.append("\\?")
        elif b == 0x0A:
            out.append("\\n")
        elif b == 0x09:
            out.append("\\t")
        elif 0x20 <= b < 0x7F:
            out.append(chr(b))
        else:
            # three digits always: the next character cannot extend it
            out.append("\\" + str(b >> 6) + str((b >> 3) & 7) + str(b & 7))
    return "".join(out)


def c_string(text: str) -> str:
    return '"' + c_string_body(text) + '"'


def c_int_literal(value: int, tname: str) -> str:
    """A C literal of the exact type `tname` (value already in range)."""
    if tname == "i64":
        if value == -9223372036854775808:
            return "(-INT64_C(9223372036854775807) - 1)"
        if value < 0:
            return "(-INT64_C(" + str(-value) + "))"
        return "INT64_C(" + str(value) + ")"
    if tname == "u64":
        return "UINT64_C(" + str(value) + ")"
    if tname == "i32":
        if value == -2147483648:
            return "(-2147483647 - 1)"
        if value < 0:
            return "(" + str(value) + ")"
        return str(value)
    if tname == "u32":
        return str(value) + "u"
    if tname == "f64":
        return c_float_literal(float(value))
    if tname not in INT_TYPES:
        raise SPyError("cwriter: an integer literal of type `" + tname + "`", None)
    return "((" + C_TYPES[tname] + ")" + str(value) + ")"


def c_float_literal(value: float) -> str:
    """A C double literal that round-trips exactly (repr is shortest)."""
    if math.isnan(value):
        return "NAN"
    if math.isinf(value):
        return "HUGE_VAL" if value > 0 else "(-HUGE_VAL)"
    text = repr(value)
    if "." not in text and "e" not in text:
        text = text + ".0"
    if text.startswith("-"):
        return "(" + text + ")"
    return text


def str_lit_init(value: str) -> str:
    """`SPY_STR_LIT(...)`: the initializer of a static spy_Str."""
    nbytes = len(value.encode("utf-8", "surrogatepass"))
    is_ascii = 1 if nbytes == len(value) else 0
    args = [c_string(value), str(nbytes), str(len(value)), str(is_ascii)]
    return "SPY_STR_LIT(" + ", ".join(args) + ")"


def comment_text(text: str) -> str:
    """Text that is safe inside a C comment (no `*/`, no trigraphs)."""
    out: list[str] = []
    for ch in text:
        if is_ascii_alnum(ch) or ch in "._-+ ":
            out.append(ch)
        else:
            out.append("_")
    return "".join(out)
