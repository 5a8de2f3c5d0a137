"""Unit tests of the C backend (stage0/cnames.py, canalysis.py, cwriter.py)
and of stage0/build.py.

Typed programs are built by hand (as redshift would produce them, with a
stand-in for W_Type that has the fields cwriter reads). The text checks
always run; the compile-and-run checks need libspy built
(`build/lib/spy/libspy.a`, or under `$SPY_HOME`) and are skipped otherwise.
"""

import os
import subprocess

import pytest

from stage0 import ast
from stage0.build import build_executable
from stage0.cnames import (
    c_float_literal,
    c_int_literal,
    c_string_body,
    mangle_fqn,
    unmangle_fqn,
)
from stage0.cwriter import write_c
from stage0.errors import Loc, SPyError
from stage0.vm.model import W_Type

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class FakeType:
    """The fields of W_Type (stage0/vm/model.py) that cwriter reads."""

    name: str
    fqn: str
    kind: str
    field_names: list[str]
    field_types: "list[FakeType]"
    w_base: "FakeType | None"
    vtable: dict[str, str]
    w_item: "FakeType | None"
    display: str

    has_none_field = W_Type.has_none_field

    def __init__(self, name: str, kind: str = "", fqn: str = "") -> None:
        self.name = name
        self.fqn = fqn if fqn != "" else "builtins::" + name
        self.kind = kind if kind != "" else BUILTIN_KINDS[name]
        self.field_names = []
        self.field_types = []
        self.w_base = None
        self.vtable = {}
        self.w_item = None
        self.display = name


BUILTIN_KINDS = {"bool": "bool", "f64": "float", "str": "str", "NoneType": "none"}
for _n in "i8 u8 i16 u16 i32 u32 i64 u64".split():
    BUILTIN_KINDS[_n] = "int"
TYPES: dict[str, FakeType] = {}
for _n in BUILTIN_KINDS:
    TYPES[_n] = FakeType(_n)


# ---------------------------------------------------------------- builders


def at(line: int) -> Loc:
    return Loc("prog.spy", line, 5, line, 9)


def typed(e: ast.Expr, tname: str) -> ast.Expr:
    e.w_T = TYPES[tname]  # type: ignore[assignment]
    return e


def Int(v: int, t: str = "i32") -> ast.Expr:
    return typed(ast.Int(at(1), v), t)


def Float(v: float) -> ast.Expr:
    return typed(ast.Float(at(1), v), "f64")


def Str(v: str) -> ast.Expr:
    return typed(ast.Str(at(1), v), "str")


def Bool(v: bool) -> ast.Expr:
    return typed(ast.Bool(at(1), v), "bool")


def Name(id: str, t: str) -> ast.Expr:
    return typed(ast.Name(at(1), id), t)


def Glob(fqn: str, t: str) -> ast.Expr:
    return typed(ast.FQNConst(at(1), fqn), t)


def Call(fqn: str, args: list[ast.Expr], t: str) -> ast.Expr:
    func = ast.FQNConst(at(1), fqn)
    return typed(ast.Call(at(1), func, args, []), t)


def Op(t: str, op: str, args: list[ast.Expr], rt: str = "") -> ast.Expr:
    """`operator::<t>_<op>(args)`; the result type defaults to t."""
    return Call("operator::" + t + "_" + op, args, rt if rt != "" else t)


def S(t: str, e: ast.Expr) -> ast.Expr:
    """str(e) for e of type t."""
    return Op(t, "to_str", [e], "str")


def Print(line: int, *args: ast.Expr) -> ast.Stmt:
    return ast.ExprStmt(at(line), Call("builtins::print", list(args), "NoneType"))


def Assign(line: int, target: ast.Expr, value: ast.Expr) -> ast.Stmt:
    return ast.Assign(at(line), target, value)


def Func(
    fqn: str,
    params: list[tuple[str, str]],
    restype: str,
    body: list[ast.Stmt],
    locals: list[tuple[str, str]] = [],
    line: int = 1,
) -> ast.TypedFunc:
    names = [p[0] for p in params]
    types = [TYPES[p[1]] for p in params]
    name = fqn.split("::")[-1]
    f = ast.TypedFunc(
        at(line),
        fqn,
        name,
        "prog.spy",
        names,
        types,
        TYPES[restype],  # type: ignore[arg-type]
    )
    f.locals = [v[0] for v in locals]
    f.local_types = [TYPES[v[1]] for v in locals]  # type: ignore[misc]
    f.body = body
    return f


def Program(funcs: list[ast.TypedFunc], status: bool = False) -> ast.TypedProgram:
    prog = ast.TypedProgram("prog::main", status)
    prog.funcs = funcs
    return prog


def Attr(value: ast.Expr, attr: str, t: str) -> ast.Expr:
    return typed(ast.Attribute(at(1), value, attr), t)


def Index(value: ast.Expr, index: ast.Expr, t: str) -> ast.Expr:
    return typed(ast.Subscript(at(1), value, index), t)


def MCall(cls: str, name: str, args: list[ast.Expr], t: str) -> ast.Expr:
    """A virtual call of `name` on args[0], whose static type is `cls`."""
    call = ast.MethodCall(at(1), TYPES[cls], name, args)  # type: ignore[arg-type]
    return typed(call, t)


def NoneOf(t: str) -> ast.Expr:
    return typed(ast.NoneLit(at(1)), t)


def Do(line: int, e: ast.Expr) -> ast.Stmt:
    return ast.ExprStmt(at(line), e)


def value_type(kind: str, fqn: str, fields: list[tuple[str, str]]) -> FakeType:
    """A struct or tuple type, registered in TYPES by its name."""
    name = fqn.split("::")[-1]
    w_T = FakeType(name, kind, fqn)
    w_T.field_names = [f[0] for f in fields]
    w_T.field_types = [TYPES[f[1]] for f in fields]
    w_T.display = "prog." + name
    TYPES[name] = w_T
    return w_T


def class_type(
    name: str, base: str, own_fields: list[tuple[str, str]], methods: dict[str, str]
) -> FakeType:
    """Class `prog::<name>`: fields and vtable include the base's."""
    w_T = FakeType(name, "class", "prog::" + name)
    w_T.display = "prog." + name
    if base != "":
        w_base = TYPES[base]
        w_T.w_base = w_base
        w_T.field_names = list(w_base.field_names)
        w_T.field_types = list(w_base.field_types)
        w_T.vtable = dict(w_base.vtable)
    for f in own_fields:
        w_T.field_names.append(f[0])
        w_T.field_types.append(TYPES[f[1]])
    for m in methods:
        w_T.vtable[m] = methods[m]
    TYPES[name] = w_T
    return w_T


def ptr_type(item: str, flavor: str = "gc_ptr") -> FakeType:
    """gc_ptr[item] or raw_ptr[item], registered by that name."""
    name = flavor + "[" + item + "]"
    w_T = FakeType(name, "ptr", "unsafe::" + name)
    w_T.w_item = TYPES[item]
    TYPES[w_T.name] = w_T
    return w_T


def c_text(prog: ast.TypedProgram, debug: bool = False) -> str:
    files = write_c(prog, "prog", debug, 1)
    assert list(files.keys()) == ["prog.c"]
    return files["prog.c"]


# ---------------------------------------------------------------- compile & run


def libspy_home() -> str:
    home = os.environ.get("SPY_HOME", "")
    return home if home != "" else os.path.join(REPO, "build", "lib", "spy")


def have_libspy() -> bool:
    return os.path.exists(os.path.join(libspy_home(), "libspy.a"))


needs_libspy = pytest.mark.skipif(not have_libspy(), reason="libspy is not built")


def run(
    prog: ast.TypedProgram,
    tmp_path: object,
    env: dict[str, str] | None = None,
    release: bool = False,
) -> subprocess.CompletedProcess:
    """Compile with -Werror (the C must be warning-free) and run; `release`
    as `spy build --release` (wrapping integers)."""
    c_path = os.path.join(str(tmp_path), "prog.c")
    with open(c_path, "w") as f:
        f.write(c_text(prog))
    exe = os.path.join(str(tmp_path), "prog")
    home = libspy_home()
    cmd = ["cc", "-std=c99", "-O2", "-ffp-contract=off", "-Wall", "-Wextra"]
    cmd += ["-Werror", "-I" + os.path.join(home, "include"), c_path]
    if release:
        cmd.append("-DSPY_RELEASE")
    cmd += [os.path.join(home, "libspy.a"), "-lm", "-o", exe]
    cc = subprocess.run(cmd, capture_output=True, text=True)
    assert cc.returncode == 0, cc.stderr + "\n" + c_text(prog)
    run_env = dict(os.environ)
    if env is not None:
        run_env.update(env)
    return subprocess.run(
        [exe], capture_output=True, text=True, timeout=30, env=run_env
    )


def mentions_line(stderr: str, line: int) -> bool:
    """Does a traceback name prog.spy's line `line` (either usual format)?"""
    return ("prog.spy:" + str(line)) in stderr or (
        '"prog.spy", line ' + str(line)
    ) in stderr


def main_printing(*lines: ast.Expr) -> ast.TypedProgram:
    body = [Print(i + 2, e) for i, e in enumerate(lines)]
    return Program([Func("prog::main", [], "NoneType", body)])


# ---------------------------------------------------------------- names


def test_mangle_examples():
    assert mangle_fqn("m::add[i32, str]") == "spy_m_Madd_Li32_C_Sstr_R"
    assert mangle_fqn("a.b::my_func") == "spy_a_Db_Mmy__func"
    assert mangle_fqn("m::f\u00e9") == "spy_m_Mf_Xe9_"


def test_mangle_roundtrip():
    fqns = [
        "prog::main",
        "a.b.c::f[i32, list[str]]",
        "m::__init__",
        "m:::x",
        "m::x:y",
        "m::caf\u00e9[\u4e2d, 1]",
        "m::a_Mb",
        "m::_X41_",
        "m::f[g[h], -1.5e+3]",
    ]
    seen: dict[str, str] = {}
    for fqn in fqns:
        c = mangle_fqn(fqn)
        assert c.isidentifier() and c.isascii(), c
        assert unmangle_fqn(c) == fqn
        assert c not in seen
        seen[c] = fqn


# ---------------------------------------------------------------- literals


def test_int_literals():
    assert c_int_literal(5, "i64") == "INT64_C(5)"
    assert c_int_literal(-9223372036854775808, "i64") == (
        "(-INT64_C(9223372036854775807) - 1)"
    )
    assert (
        c_int_literal(18446744073709551615, "u64") == "UINT64_C(18446744073709551615)"
    )
    assert c_int_literal(-2147483648, "i32") == "(-2147483647 - 1)"
    assert c_int_literal(-7, "i32") == "(-7)"
    assert c_int_literal(4294967295, "u32") == "4294967295u"
    assert c_int_literal(-5, "i8") == "((int8_t)-5)"


def test_float_literals():
    assert c_float_literal(0.1) == "0.1"
    assert c_float_literal(1e300) == "1e+300"
    assert c_float_literal(-0.0) == "(-0.0)"
    assert c_float_literal(float("inf")) == "HUGE_VAL"
    assert c_float_literal(float("-inf")) == "(-HUGE_VAL)"
    assert c_float_literal(float("nan")) == "NAN"
    assert c_float_literal(5e-324) == "5e-324"


def test_string_escapes():
    assert c_string_body('a"b\\c') == 'a\\"b\\\\c'
    assert c_string_body("??/") == "\\?\\?/"
    # octal, never hex: the digit after the escape stays a digit
    assert c_string_body("\u00e91") == "\\303\\2511"
    assert c_string_body("\x00\x7f\n") == "\\000\\177\\n"


def test_string_literals_are_shared_and_counted():
    prog = main_printing(Str("h\u00e9"), Str("h\u00e9"), Str("x"))
    text = c_text(prog)
    assert 'static spy_Str spy_s0 = SPY_STR_LIT("h\\303\\251", 3, 2, 0);' in text
    assert 'static spy_Str spy_s1 = SPY_STR_LIT("x", 1, 1, 1);' in text
    assert "spy_s2" not in text
    assert text.count("spy_stdout_write(&spy_s0);") == 2


# ---------------------------------------------------------------- text


def add_program() -> ast.TypedProgram:
    x = Name("x", "i32")
    add = Func(
        "prog::add",
        [("a", "i32"), ("b", "i32")],
        "i32",
        [ast.Return(at(2), Op("i32", "add", [Name("a", "i32"), Name("b", "i32")]))],
    )
    main = Func(
        "prog::main",
        [],
        "NoneType",
        [
            Assign(5, x, Call("prog::add", [Int(2), Int(3)], "i32")),
            Print(6, S("i32", x)),
        ],
        locals=[("x", "i32")],
        line=4,
    )
    return Program([add, main])


def test_layout():
    prog = add_program()
    ret = prog.funcs[0].body[0]
    assert isinstance(ret, ast.Return) and isinstance(ret.value, ast.Call)
    ret.value.func = ast.FQNConst(at(2), "operator::i32_xor")
    text = c_text(prog)
    assert text.startswith(
        '/* generated by stage0 from prog.spy -- do not edit */\n#include "spy.h"\n'
    )
    assert "int32_t spy_prog_Madd(int32_t l_a, int32_t l_b);\n" in text
    assert "void spy_prog_Mmain(void);\n" in text
    # nothing here can panic (^ cannot overflow), so no function needs a
    # traceback frame
    assert "spy_Frame" not in text and "F.line" not in text
    assert "    return (int32_t)(l_a ^ l_b);\n" in text
    assert "    l_x = spy_prog_Madd(2, 3);\n" in text
    assert "spy_stdout_write(spy_str_from_i64((int64_t)l_x));" in text
    assert text.endswith(
        "static int32_t spy_entry(void)\n{\n    spy_prog_Mmain();\n    return 0;\n}\n"
        "\nint main(int argc, char **argv)\n{\n"
        "    return spy_runtime_main(argc, argv, spy_entry);\n}\n"
    )
    assert "#line" not in text


def test_deterministic():
    assert c_text(add_program()) == c_text(add_program())
    prog = add_program()
    assert c_text(prog) == c_text(prog)


def test_debug_line_directives():
    text = c_text(add_program(), debug=True)
    assert '#line 5 "prog.spy"\n    F.line = 5;\n    l_x = spy_prog_Madd(2, 3);' in text


def test_frames_for_checked_arithmetic():
    # `+` may raise OverflowError: add gets a frame, its value a temporary;
    # the check stores the line when it fails, so the statement does not
    text = c_text(add_program())
    assert 'spy_frame_push(&F, "add", "prog.spy", 1);' in text
    assert "F.line = 2;" not in text
    assert "    t1 = spy_i32_add_at(l_a, l_b, 2);\n" in text


def test_frames_where_a_panic_can_happen():
    prog = add_program()
    add = prog.funcs[0]
    ret = add.body[0]
    assert isinstance(ret, ast.Return) and isinstance(ret.value, ast.Call)
    ret.value.func = ast.FQNConst(at(2), "operator::i32_floordiv")
    text = c_text(prog)
    # add can panic, and so can main, which calls it
    assert 'spy_frame_push(&F, "add", "prog.spy", 1);' in text
    assert 'spy_frame_push(&F, "main", "prog.spy", 4);' in text
    assert "    F.line = 5;\n    l_x = spy_prog_Madd(2, 3);\n" in text


def test_extern_called_by_c_name():
    sqrt = Func("math::sqrt", [("x", "f64")], "f64", [])
    sqrt.extern_name = "spy_math_sqrt"
    main = main_printing(S("f64", Call("math::sqrt", [Float(2.0)], "f64")))
    main.funcs.insert(0, sqrt)
    text = c_text(main)
    assert "spy_math_sqrt(2.0)" in text
    assert "spy_math_Msqrt" not in text


def test_unsupported_node_is_an_error():
    bad = typed(ast.List(at(3), []), "i32")
    prog = main_printing(S("i32", bad))
    with pytest.raises(SPyError):
        c_text(prog)


# ---------------------------------------------------------------- run


@needs_libspy
def test_run_hello(tmp_path):
    r = run(add_program(), tmp_path)
    assert (r.returncode, r.stdout) == (0, "5\n")


@needs_libspy
def test_run_print_forms(tmp_path):
    prog = main_printing(
        Str('a "quoted" str\u00e9 \u4e2d\U0001f600 ??/ \\ end'),
        S("bool", Bool(True)),
    )
    prog.funcs[0].body.append(Print(9))
    prog.funcs[0].body.append(Print(10, Str("x"), Str("y"), S("i8", Int(-5, "i8"))))
    r = run(prog, tmp_path)
    expected = 'a "quoted" str\u00e9 \u4e2d\U0001f600 ??/ \\ end\nTrue\n\nx y -5\n'
    assert r.stdout == expected


@needs_libspy
def test_run_integer_ops(tmp_path):
    imax = Int(2147483647)
    prog = main_printing(
        S("i32", Op("i32", "add", [imax, Int(1)])),
        S("i8", Op("i8", "mul", [Int(100, "i8"), Int(3, "i8")])),
        S("u8", Op("u8", "sub", [Int(0, "u8"), Int(1, "u8")])),
        S("i64", Op("i64", "neg", [Int(-9223372036854775808, "i64")])),
        S("u64", Int(18446744073709551615, "u64")),
        S("i32", Op("i32", "floordiv", [Int(-7), Int(2)])),
        S("i32", Op("i32", "mod", [Int(-7), Int(2)])),
        S("i16", Op("i16", "abs", [Int(-32768, "i16")])),
        S("i32", Op("i32", "abs", [Int(-4)])),
        S("u16", Op("u16", "invert", [Int(0, "u16")])),
        S("i32", Op("i32", "xor", [Int(12), Int(10)])),
        S("i8", Op("i32", "to_i8", [Int(200)], "i8")),
        S("u8", Op("i32", "to_u8", [Int(-1)], "u8")),
        S("i64", Op("u64", "to_i64", [Int(18446744073709551615, "u64")], "i64")),
        S("i32", Op("i32", "min", [Int(3), Int(-3)])),
        S("u32", Op("u32", "max", [Int(3, "u32"), Int(4000000000, "u32")])),
        S("bool", Op("u32", "lt", [Int(3, "u32"), Int(4, "u32")], "bool")),
        S("f64", Op("i32", "truediv", [Int(7), Int(2)], "f64")),
        S("i32", Op("i32", "pow", [Int(3), Int(4)])),
        S("i32", Op("i32", "lshift", [Int(1), Int(31)])),
        Op("i32", "chr", [Int(65)], "str"),
    )
    r = run(prog, tmp_path, release=True)  # the edges wrap, as --release does
    out = "-2147483648 44 255 -9223372036854775808 18446744073709551615 -4 1"
    out += " -32768 4 65535 6 -56 255 -1 -3 4000000000 True 3.5 81 -2147483648 A"
    assert r.stdout.split("\n") == out.split(" ") + [""]


@needs_libspy
def test_run_float_ops(tmp_path):
    prog = main_printing(
        S("f64", Op("f64", "truediv", [Float(1.0), Float(3.0)])),
        S("f64", Op("f64", "mul", [Float(0.1), Float(3.0)])),
        S("f64", Float(float("inf"))),
        S("f64", Op("f64", "neg", [Float(0.0)])),
        S("f64", Op("f64", "min", [Float(float("nan")), Float(1.0)])),
        S("f64", Op("f64", "abs", [Float(-2.5)])),
        S("i32", Op("f64", "to_i32", [Float(-2.9)], "i32")),
        S("bool", Op("f64", "eq", [Float(float("nan")), Float(float("nan"))], "bool")),
        S("f64", Op("i32", "to_f64", [Int(7)], "f64")),
    )
    r = run(prog, tmp_path)
    assert r.stdout.split("\n") == [
        "0.3333333333333333",
        "0.30000000000000004",
        "inf",
        "-0.0",
        "nan",
        "2.5",
        "-2",
        "False",
        "7.0",
        "",
    ]


@needs_libspy
def test_run_str_ops(tmp_path):
    s = Str("h\u00e9llo")
    prog = main_printing(
        Op("str", "add", [s, Str("!")]),
        Op("str", "mul", [Str("ab"), Int(3, "i64")]),
        S("i32", Op("str", "len", [s], "i32")),
        Op("str", "getitem", [s, Int(1, "i64")]),
        Op("str", "slice", [s, Int(1, "i64"), Int(3, "i64"), Int(1, "i64"), Int(3)]),
        S("bool", Op("str", "contains", [s, Str("ll")], "bool")),
        S("bool", Op("str", "lt", [Str("a"), Str("b")], "bool")),
        S("bool", Op("str", "ne", [Str("a"), Str("a")], "bool")),
        Op("str", "repr", [Str("x")]),
        S("i32", Op("str", "ord", [Str("\u00e9")], "i32")),
        S("i64", Op("str", "to_i64", [Str("-42")], "i64")),
    )
    r = run(prog, tmp_path)
    assert r.stdout.split("\n") == [
        "h\u00e9llo!",
        "ababab",
        "5",
        "\u00e9",
        "\u00e9l",
        "True",
        "True",
        "False",
        "'x'",
        "233",
        "-42",
        "",
    ]


def range_program(t: str, start: int, stop: int, step: ast.Expr) -> ast.TypedProgram:
    i = Name("i", t)
    body = [
        ast.For(
            at(3),
            i,
            Call("builtins::range", [Int(start, t), Int(stop, t), step], "NoneType"),
            [Print(4, S(t, i))],
        )
    ]
    return Program([Func("prog::main", [], "NoneType", body, locals=[("i", t)])])


@needs_libspy
def test_run_range(tmp_path):
    cases = [
        ("i32", 10, 0, Int(-3), "10 7 4 1"),
        ("i32", 0, 3, Int(1), "0 1 2"),
        ("i32", 3, 0, Int(1), ""),
        ("i8", -128, 127, Int(100, "i8"), "-128 -28 72"),
        ("i8", 127, -128, Int(-128, "i8"), "127 -1"),
        ("u8", 250, 255, Int(2, "u8"), "250 252 254"),
        ("i64", 9223372036854775805, 9223372036854775807, Int(1, "i64"),
         "9223372036854775805 9223372036854775806"),
        ("u64", 18446744073709551614, 18446744073709551615, Int(7, "u64"),
         "18446744073709551614"),
        ("i32", 5, -5, Int(-4), "5 1 -3"),
    ]  # fmt: skip
    for t, start, stop, step, out in cases:
        r = run(range_program(t, start, stop, step), tmp_path)
        assert r.stdout.split() == out.split(), (t, start, stop)


@needs_libspy
def test_run_range_variable_step(tmp_path):
    # step is a parameter, reassigned in the body: the loop does not change
    step = Name("step", "i32")
    i = Name("i", "i32")
    loop = ast.For(
        at(3),
        i,
        Call("builtins::range", [Int(6), Int(-6), step], "NoneType"),
        [Print(4, S("i32", i)), Assign(5, step, Int(1)), Assign(6, i, Int(100))],
    )
    walk = Func("prog::walk", [("step", "i32")], "NoneType", [loop], [("i", "i32")])
    main = Func(
        "prog::main",
        [],
        "NoneType",
        [
            ast.ExprStmt(at(8), Call("prog::walk", [Int(-5)], "NoneType")),
            ast.ExprStmt(at(9), Call("prog::walk", [Int(0)], "NoneType")),
        ],
        line=7,
    )
    r = run(Program([walk, main]), tmp_path)
    assert r.stdout.split() == ["6", "1", "-4"]
    assert r.returncode == 1
    assert "ValueError: range() arg 3 must not be zero" in r.stderr
    assert mentions_line(r.stderr, 3) and mentions_line(r.stderr, 9)


@needs_libspy
def test_run_for_str_and_loops(tmp_path):
    ch = Name("ch", "str")
    n = Name("n", "i32")
    eq = lambda a, b: Op("i32", "eq", [a, b], "bool")  # noqa: E731
    body = [
        ast.For(at(2), ch, Str("a\u00e9\u4e2d"), [Print(3, ch)]),
        Assign(4, n, Int(0)),
        ast.While(
            at(5),
            Bool(True),
            [
                Assign(6, n, Op("i32", "add", [n, Int(1)])),
                ast.If(at(7), eq(n, Int(2)), [ast.Continue(at(8))], []),
                ast.If(
                    at(9),
                    eq(n, Int(5)),
                    [ast.Break(at(10))],
                    [
                        ast.If(
                            at(11),
                            eq(n, Int(3)),
                            [Print(12, Str("three"))],
                            [Print(13, S("i32", n))],
                        )
                    ],
                ),
            ],
        ),
        ast.Pass(at(14)),
    ]
    main = Func("prog::main", [], "NoneType", body, [("ch", "str"), ("n", "i32")])
    r = run(Program([main]), tmp_path)
    assert r.stdout.split() == ["a", "\u00e9", "\u4e2d", "1", "three", "4"]
    assert "} else if (l_n == 3) {" in c_text(Program([main]))


def chain_of(
    tests: list[ast.Expr], default: list[ast.Stmt], jumps: list[ast.Stmt] = []
) -> ast.Stmt:
    """`if tests[0]: print("0") elif tests[1]: print("1") ... else: default`,
    with jumps[k] (if any) after the print of link k."""
    orelse = default
    k = len(tests) - 1
    while k >= 0:
        line = 10 + 2 * k
        body = [Print(line + 1, Str(str(k)))]
        if k < len(jumps):
            body.append(jumps[k])
        stmt = ast.If(at(line), tests[k], body, orelse)
        orelse = [stmt]
        k -= 1
    return orelse[0]


def dispatcher(tests: list[ast.Expr], t: str = "i32") -> ast.TypedProgram:
    """`def pick(op: <t>) -> None:` holding chain_of(tests), else "other"."""
    body = [chain_of(tests, [Print(2, Str("other"))])]
    pick = Func("prog::pick", [("op", t)], "NoneType", body)
    main = Func("prog::main", [], "NoneType", [])
    return Program([pick, main])


def op_eq(k: int, t: str = "i32") -> ast.Expr:
    return Op(t, "eq", [Name("op", t), Int(k, t)], "bool")


def test_switch_for_an_integer_chain():
    tests = [op_eq(1), op_eq(-2), Op("i32", "eq", [Int(7), Name("op", "i32")], "bool")]
    tests = tests + [op_eq(9), op_eq(1)]  # the second `op == 1` is unreachable
    c = c_text(dispatcher(tests))
    assert "switch (l_op) {" in c
    for label in ["case 1: {", "case -2: {", "case 7: {", "case 9: {", "default: {"]:
        assert label in c
    assert c.count("case 1:") == 1
    assert '"4"' not in c  # the body of the duplicate is dropped
    assert "else if" not in c
    c = c_text(dispatcher([op_eq(k, "u8") for k in [1, 2, 3, 200]], "u8"))
    assert "case (uint8_t)200: {" in c


def test_no_switch_for_short_or_other_chains():
    c = c_text(dispatcher([op_eq(1), op_eq(2), op_eq(3)]))
    assert "switch" not in c and "} else if (l_op == 2) {" in c
    # a test that is not `local == literal` ends the chain: 3 links are left
    other = Op("i32", "eq", [Name("op", "i32"), Name("op", "i32")], "bool")
    c = c_text(dispatcher([op_eq(1), op_eq(2), op_eq(3), other, op_eq(4)]))
    assert "switch" not in c
    less = Op("i32", "lt", [Name("op", "i32"), Int(4)], "bool")
    c = c_text(dispatcher([op_eq(1), op_eq(2), less, op_eq(3), op_eq(5)]))
    assert "switch" not in c


@needs_libspy
def test_run_switch_break_leaves_the_loop(tmp_path):
    n = Name("n", "i32")
    tests = [op_eq(k) for k in [1, 2, 3, 4]]
    # `op == 3` continues, `op == 4` breaks the loop (not the switch)
    jumps: list[ast.Stmt] = [ast.Pass(at(11)), ast.Pass(at(13))]
    jumps = jumps + [ast.Continue(at(15)), ast.Break(at(17))]
    chain = chain_of(tests, [ast.Break(at(30))], jumps)
    body = [
        Assign(2, n, Int(0)),
        ast.While(
            at(3),
            Bool(True),
            [
                Assign(4, n, Op("i32", "add", [n, Int(1)])),
                Assign(5, Name("op", "i32"), n),
                chain,
                Print(6, Str("after")),
            ],
        ),
        Print(7, Str("done")),
    ]
    main = Func("prog::main", [], "NoneType", body, [("n", "i32"), ("op", "i32")])
    prog = Program([main])
    c = c_text(prog)
    assert "switch (l_op) {" in c and "goto after_loop1;" in c
    assert "after_loop1: ;" in c
    r = run(prog, tmp_path)
    assert r.stdout.split() == ["0", "after", "1", "after", "2", "3", "done"]


def traced(fqn: str, text: str, t: str, value: ast.Expr) -> ast.TypedFunc:
    """A function that prints `text` and returns `value`: shows the order."""
    return Func(fqn, [], t, [Print(2, Str(text)), ast.Return(at(3), value)])


@needs_libspy
def test_run_evaluation_order(tmp_path):
    a = traced("prog::a", "A", "str", Str("a"))
    b = traced("prog::b", "B", "str", Str("b"))
    one = traced("prog::one", "1", "i32", Int(1))
    two = traced("prog::two", "2", "i32", Int(2))
    three = traced("prog::three", "3", "i32", Int(3))
    calls = lambda f, t: Call(f, [], t)  # noqa: E731
    chain = typed(
        ast.Compare(
            at(4),
            calls("prog::one", "i32"),
            ["operator::i32_lt", "operator::i32_lt"],
            [calls("prog::two", "i32"), calls("prog::three", "i32")],
        ),
        "bool",
    )
    short = typed(
        ast.Compare(
            at(4),
            calls("prog::two", "i32"),
            ["operator::i32_lt", "operator::i32_lt"],
            [calls("prog::one", "i32"), calls("prog::three", "i32")],
        ),
        "bool",
    )
    main = Func(
        "prog::main",
        [],
        "NoneType",
        [
            Print(
                4, Op("str", "add", [calls("prog::a", "str"), calls("prog::b", "str")])
            ),
            Print(5, Str("x"), calls("prog::b", "str")),
            Print(6, S("bool", chain)),
            Print(7, S("bool", short)),
            Print(8, S("i32", Op("i32", "max", [calls("prog::two", "i32"), Int(0)]))),
        ],
    )
    prog = Program([a, b, one, two, three, main])
    r = run(prog, tmp_path)
    assert r.stdout.split() == ("A B ab B x b 1 2 3 True 2 1 False 2 2".split())


@needs_libspy
def test_run_globals_and_status(tmp_path):
    counter = Glob("prog::counter", "i64")
    label = Glob("prog::label", "str")
    bump = Func(
        "prog::bump",
        [],
        "i64",
        [
            Assign(2, counter, Op("i64", "add", [counter, Int(1, "i64")])),
            ast.Return(at(3), counter),
        ],
    )
    main = Func(
        "prog::main",
        [],
        "i32",
        [
            # counter is read after bump() runs: 1 + 1 + 1
            Print(
                5, S("i64", Op("i64", "add", [Call("prog::bump", [], "i64"), counter]))
            ),
            Assign(6, label, Op("str", "add", [label, Str("!")])),
            Print(7, label),
            ast.Return(at(8), Int(3)),
        ],
        line=4,
    )
    prog = Program([bump, main], status=True)
    prog.globals = [
        ast.TypedGlobal(at(1), "prog::counter", TYPES["i64"], Int(0, "i64")),  # type: ignore[arg-type]
        ast.TypedGlobal(at(1), "prog::label", TYPES["str"], Str("hi")),  # type: ignore[arg-type]
    ]
    text = c_text(prog)
    assert "int64_t g_prog_Mcounter = INT64_C(0);" in text
    assert "spy_gc_add_root(&g_prog_Mlabel, sizeof(g_prog_Mlabel));" in text
    assert "return spy_prog_Mmain();" in text
    r = run(prog, tmp_path)
    assert (r.returncode, r.stdout) == (3, "2\nhi!\n")


@needs_libspy
def test_run_assert_and_raise(tmp_path):
    x = Name("x", "i32")
    check = Func(
        "prog::check",
        [("x", "i32")],
        "i32",
        [
            ast.Assert(at(2), Op("i32", "gt", [x, Int(0)], "bool"), None),
            ast.Assert(at(3), Op("i32", "lt", [x, Int(9)], "bool"), Str("too big")),
            ast.If(
                at(4),
                Op("i32", "eq", [x, Int(5)], "bool"),
                [
                    ast.Raise(
                        at(5),
                        Call("builtins::ValueError", [Str("five")], "NoneType"),
                    )
                ],
                [ast.Return(at(6), x)],
            ),
        ],
    )

    def main_calling(arg: int) -> ast.TypedProgram:
        call = Call("prog::check", [Int(arg)], "i32")
        main = Func("prog::main", [], "NoneType", [Print(9, S("i32", call))], line=8)
        return Program([check, main])

    r = run(main_calling(4), tmp_path)
    assert (r.returncode, r.stdout) == (0, "4\n")
    r = run(main_calling(0), tmp_path)
    assert r.returncode == 1 and "AssertionError" in r.stderr
    r = run(main_calling(10), tmp_path)
    assert r.returncode == 1 and "AssertionError: too big" in r.stderr
    r = run(main_calling(5), tmp_path)
    assert r.returncode == 1 and "ValueError: five" in r.stderr
    assert mentions_line(r.stderr, 5) and mentions_line(r.stderr, 9)


@needs_libspy
def test_run_panic_has_frame_line(tmp_path):
    y = Name("y", "f64")
    main = Func(
        "prog::main",
        [],
        "NoneType",
        [
            Assign(2, y, Float(0.0)),
            Print(3, S("f64", Op("f64", "truediv", [Float(1.0), y]))),
        ],
        [("y", "f64")],
    )
    r = run(Program([main]), tmp_path)
    assert r.returncode == 1
    assert "ZeroDivisionError" in r.stderr and mentions_line(r.stderr, 3)


@needs_libspy
def test_run_unused_names_are_warning_free(tmp_path):
    # a parameter never read and a local only written: no -Wunused-*
    f = Func(
        "prog::f",
        [("a", "i32"), ("b", "str")],
        "NoneType",
        [
            Assign(2, Name("c", "f64"), Float(1.5)),
            ast.ExprStmt(at(3), Name("b", "str")),
        ],
        [("c", "f64")],
    )
    main = Func(
        "prog::main",
        [],
        "NoneType",
        [
            ast.ExprStmt(at(5), Call("prog::f", [Int(1), Str("s")], "NoneType")),
            ast.ExprStmt(at(6), Op("i32", "add", [Int(1), Int(2)])),
            ast.Return(at(7), None),
        ],
    )
    r = run(Program([f, main]), tmp_path)
    assert (r.returncode, r.stdout) == (0, "")


# ---------------------------------------------------------------- build.py


def test_build_errors(tmp_path, monkeypatch):
    with pytest.raises(SPyError, match="target `wasi` needs build/bin/spy, not stage0"):
        build_executable([], str(tmp_path / "x"), "2", False, False, "wasi")
    monkeypatch.setenv("SPY_HOME", str(tmp_path))
    with pytest.raises(SPyError, match="libspy is not built"):
        build_executable([], str(tmp_path / "x"), "2", False, False, "native")


@needs_libspy
def test_build_executable(tmp_path):
    c_path = str(tmp_path / "prog.c")
    with open(c_path, "w") as f:
        f.write(c_text(add_program()))
    exe = str(tmp_path / "out" / "prog")
    build_executable([c_path], exe, "O1", True, False, "native")
    r = subprocess.run([exe], capture_output=True, text=True)
    assert r.stdout == "5\n"
    with open(c_path, "w") as f:
        f.write("int main(void) { return undeclared; }\n")
    with pytest.raises(SPyError, match="C compiler failed"):
        build_executable([c_path], exe, "0", False, False, "native")


# ---------------------------------------------------------------- structs, tuples

POINT = value_type("struct", "prog::Point", [("x", "f64"), ("y", "f64")])
RECT = value_type("struct", "prog::Rect", [("a", "Point"), ("b", "Point")])
PAIR = value_type("tuple", "builtins::tuple[i32, str]", [("_0", "i32"), ("_1", "str")])


def make(t: str, args: list[ast.Expr]) -> ast.Expr:
    return Call(TYPES[t].fqn + "::__make__", args, t)


def struct_program() -> ast.TypedProgram:
    self_ = Name("self", "Point")
    fx = lambda e: Attr(e, "x", "f64")  # noqa: E731
    fy = lambda e: Attr(e, "y", "f64")  # noqa: E731
    norm2 = Func(
        "prog::Point::norm2",
        [("self", "Point")],
        "f64",
        [
            ast.Return(
                at(3),
                Op(
                    "f64",
                    "add",
                    [
                        Op("f64", "mul", [fx(self_), fx(self_)]),
                        Op("f64", "mul", [fy(self_), fy(self_)]),
                    ],
                ),
            )
        ],
        line=2,
    )
    dx = Name("dx", "f64")
    shifted = Func(
        "prog::Point::shifted",
        [("self", "Point"), ("dx", "f64")],
        "Point",
        [
            ast.Return(
                at(5), make("Point", [Op("f64", "add", [fx(self_), dx]), fy(self_)])
            )
        ],
        line=4,
    )
    p = Name("p", "Point")
    q = Name("q", "Point")
    r = Name("r", "Rect")
    t = Name("t", "tuple[i32, str]")
    main = Func(
        "prog::main",
        [],
        "NoneType",
        [
            Assign(11, p, make("Point", [Float(3.0), Float(4.0)])),
            Assign(12, q, Call("prog::Point::shifted", [p, Float(1.0)], "Point")),
            Print(
                13,
                S("f64", Call("prog::Point::norm2", [p], "f64")),
                S("f64", fx(p)),
                S("f64", fx(q)),
            ),
            Assign(14, r, make("Rect", [p, make("Point", [Float(5.0), Float(6.0)])])),
            Print(15, S("f64", fy(Attr(r, "b", "Point")))),
            Print(16, S("f64", fx(Attr(make("Rect", [q, p]), "a", "Point")))),
            Assign(17, t, make("tuple[i32, str]", [Int(7), Str("seven")])),
            Print(18, S("i32", Attr(t, "_0", "i32")), Attr(t, "_1", "str")),
        ],
        locals=[
            ("p", "Point"),
            ("q", "Point"),
            ("r", "Rect"),
            ("t", "tuple[i32, str]"),
        ],
        line=10,
    )
    prog = Program([norm2, shifted, main])
    prog.types = [POINT, RECT, PAIR]  # type: ignore[list-item]
    return prog


def test_struct_text():
    text = c_text(struct_program())
    assert (
        "typedef struct spy_prog_MPoint {\n    double f_x;\n    double f_y;\n"
        "} spy_prog_MPoint;\n" in text
    )
    assert "    spy_prog_MPoint f_a;\n" in text
    tup = "spy_builtins_Mtuple_Li32_C_Sstr_R"
    assert "    int32_t f__0;\n    spy_Str *f__1;\n} " + tup + ";" in text
    # each type is declared after the types it holds, whatever their order
    assert text.index("} spy_prog_MPoint;") < text.index("} spy_prog_MRect;")
    prog = struct_program()
    prog.types = [RECT, PAIR, POINT]  # type: ignore[list-item]
    text2 = c_text(prog)
    assert text2.index("} spy_prog_MPoint;") < text2.index("} spy_prog_MRect;")
    assert text2.count("} spy_prog_MPoint;") == 1
    assert "    spy_prog_MPoint l_p = {0};\n" in text
    assert "l_p = ((spy_prog_MPoint){3.0, 4.0});" in text
    assert "spy_prog_MPoint spy_prog_MPoint_Mshifted(spy_prog_MPoint l_self" in text
    assert "l_r.f_b.f_y" in text
    # nothing here can panic: no frames
    assert "spy_Frame" not in text


@needs_libspy
def test_run_structs_and_tuples(tmp_path):
    r = run(struct_program(), tmp_path)
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == "25.0 3.0 4.0\n6.0\n4.0\n7 seven\n"


# ---------------------------------------------------------------- classes

# ids in preorder: Base 0, Derived 1, Leaf 2 (a Derived), Other 3
BASE = class_type(
    "Base",
    "",
    [("name", "str")],
    {"show": "prog::Base::show", "hello": "prog::Base::hello"},
)
DERIVED = class_type("Derived", "Base", [("n", "i32")], {"show": "prog::Derived::show"})
OTHER = class_type("Other", "Base", [], {})
LEAF = class_type("Leaf", "Derived", [("pos", "Point")], {})
CLASS_TYPES = [POINT, BASE, DERIVED, OTHER, LEAF]


def class_methods() -> list[ast.TypedFunc]:
    self_ = Name("self", "Base")
    name = Attr(self_, "name", "str")
    init = Func(
        "prog::Base::__init__",
        [("self", "Base"), ("name", "str")],
        "NoneType",
        [Assign(3, Attr(self_, "name", "str"), Name("name", "str"))],
        line=2,
    )
    show = Func(
        "prog::Base::show",
        [("self", "Base")],
        "str",
        [ast.Return(at(5), Op("str", "add", [Str("Base "), name]))],
        line=4,
    )
    hello = Func(
        "prog::Base::hello",
        [("self", "Base")],
        "str",
        [ast.Return(at(7), Op("str", "add", [Str("hello "), name]))],
        line=6,
    )
    dself = Name("self", "Derived")
    dshow = Func(
        "prog::Derived::show",
        [("self", "Derived")],
        "str",
        [
            ast.Return(
                at(9),
                Op(
                    "str",
                    "add",
                    [
                        Op("str", "add", [Str("Derived "), Attr(dself, "name", "str")]),
                        S("i32", Attr(dself, "n", "i32")),
                    ],
                ),
            )
        ],
        line=8,
    )
    return [init, show, hello, dshow]


def new_obj(line: int, var: str, cls: str, label: str) -> list[ast.Stmt]:
    """var = <cls>.__new__(); Base.__init__(var, label)"""
    v = Name(var, "Base")
    return [
        Assign(line, v, Call("prog::" + cls + "::__new__", [], cls)),
        Do(line, Call("prog::Base::__init__", [v, Str(label)], "NoneType")),
    ]


def class_program(ending: list[ast.Stmt]) -> ast.TypedProgram:
    b, d, lf, o = (
        Name("b", "Base"),
        Name("d", "Base"),
        Name("lf", "Base"),
        Name("o", "Base"),
    )
    none = Name("none", "Base")
    show = lambda x: MCall("Base", "show", [x], "str")  # noqa: E731
    is_ = lambda x, c: Call("prog::" + c + "::__isinstance__", [x], "bool")  # noqa: E731
    cast = lambda x, c: Call("prog::" + c + "::__cast__", [x], c)  # noqa: E731
    body = new_obj(21, "b", "Base", "b") + new_obj(22, "d", "Derived", "d")
    body += new_obj(23, "lf", "Leaf", "lf") + new_obj(24, "o", "Other", "o")
    body += [
        # a field write through a cast, a field write of a field of a class
        Assign(25, Attr(cast(d, "Derived"), "n", "i32"), Int(7)),
        Assign(
            26,
            Attr(cast(lf, "Leaf"), "pos", "Point"),
            make("Point", [Float(1.5), Float(2.5)]),
        ),
        Print(27, show(b), show(d), show(lf), show(o)),
        Print(28, MCall("Base", "hello", [o], "str")),
        Print(
            29,
            S("bool", is_(lf, "Derived")),
            S("bool", is_(o, "Derived")),
            S("bool", is_(none, "Base")),
            S("bool", Op("ref", "is", [none, NoneOf("Base")], "bool")),
            S("bool", Op("ref", "isnot", [b, d], "bool")),
        ),
        Print(
            30,
            Op(
                "str", "add", [Call("prog::Base::__classname__", [lf], "str"), Str("!")]
            ),
        ),
        Print(31, S("f64", Attr(Attr(cast(lf, "Leaf"), "pos", "Point"), "y", "f64"))),
        Print(32, MCall("Derived", "show", [cast(lf, "Derived")], "str")),
        Print(
            33,
            S(
                "bool",
                Op("ref", "is", [cast(none, "Derived"), NoneOf("Derived")], "bool"),
            ),
        ),
    ] + ending
    main = Func(
        "prog::main",
        [],
        "NoneType",
        body,
        locals=[
            ("b", "Base"),
            ("d", "Base"),
            ("lf", "Base"),
            ("o", "Base"),
            ("none", "Base"),
        ],
        line=20,
    )
    prog = Program(class_methods() + [main])
    prog.types = CLASS_TYPES  # type: ignore[assignment]
    return prog


CLASS_OUT = [
    "Base b Derived d7 Derived lf0 Base o",
    "hello o",
    "True False False True True",
    "prog.Leaf!",
    "2.5",
    "Derived lf0",
    "True",
    "",
]


def test_class_text():
    text = c_text(class_program([]))
    assert (
        "/* prog.Base: class id 0, subclasses 1..3 */\nstruct spy_prog_MBase {\n"
        in text
    )
    assert "/* prog.Derived: class id 1, subclass 2 */\n" in text
    assert "/* prog.Leaf: class id 2 */\n" in text
    assert "/* prog.Other: class id 3 */\n" in text
    assert (
        "struct spy_prog_MLeaf {\n    int32_t cls;\n    spy_Str *f_name;\n"
        "    int32_t f_n;\n    spy_prog_MPoint f_pos;\n};\n" in text
    )
    # names for cast errors, displays for `<prog.Leaf object>`
    assert 'static const char *const spy_class_names[] = {\n    "Base",\n' in text
    assert (
        'static spy_Str spy_class_displays[] = {\n    SPY_STR_LIT("prog.Base", 9, 9, 1),'
        in text
    )
    assert 'spy_cast(l_d, 1, 2, spy_class_names, "Derived")' in text
    # objects of classes with pointer fields are scanned by the GC
    assert "void *obj = spy_gc_alloc(sizeof(struct spy_prog_MLeaf));" in text
    assert "*(int32_t *)obj = 2;" in text
    # one dispatcher for `show`: Derived and Leaf run Derived.show
    assert (
        "static inline spy_Str *spy_prog_MBase_dispatch_show(void *self)\n{\n"
        "    switch (spy_class_id(self)) {\n    case 1:\n    case 2:\n"
        "        return spy_prog_MDerived_Mshow(self);\n    default:\n"
        "        return spy_prog_MBase_Mshow(self);\n    }\n}\n" in text
    )
    # `hello` and Derived's `show` have one implementation: direct calls
    assert 'spy_prog_MBase_Mhello(spy_nonnull(l_o, "hello"))' in text
    assert "spy_prog_MDerived_Mshow(spy_nonnull(spy_cast(" in text
    assert text.count("_dispatch_") == 5
    # a field is accessed through the class that declares it
    # a method's self was checked by the caller
    assert "((struct spy_prog_MBase *)l_self)->f_name" in text
    derived_show = text.split("spy_prog_MDerived_Mshow(void *l_self)\n{")[1]
    assert "((struct spy_prog_MBase *)l_self)->f_name" in derived_show
    assert "((struct spy_prog_MDerived *)l_self)->f_n" in derived_show
    assert "spy_isinstance(l_lf, 1, 2)" in text


@needs_libspy
def test_run_classes(tmp_path):
    r = run(class_program([]), tmp_path, {"SPY_GC_STRESS": "1"})
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout.split("\n") == CLASS_OUT


@needs_libspy
def test_run_class_panics(tmp_path):
    o = Name("o", "Base")
    none = Name("none", "Base")
    cast_fail = Print(
        40,
        S(
            "bool",
            Op(
                "ref",
                "is",
                [Call("prog::Derived::__cast__", [o], "Derived"), o],
                "bool",
            ),
        ),
    )
    r = run(class_program([cast_fail]), tmp_path)
    assert r.stdout.split("\n") == CLASS_OUT
    assert r.returncode == 1
    assert "TypeError: cannot cast 'Other' object to 'Derived'" in r.stderr
    assert mentions_line(r.stderr, 40)
    r = run(class_program([Print(41, MCall("Base", "show", [none], "str"))]), tmp_path)
    assert r.returncode == 1
    assert "AttributeError: 'NoneType' object has no attribute 'show'" in r.stderr
    assert mentions_line(r.stderr, 41)
    r = run(class_program([Print(42, Attr(none, "name", "str"))]), tmp_path)
    assert "AttributeError: 'NoneType' object has no attribute 'name'" in r.stderr
    r = run(class_program([Print(43, MCall("Base", "hello", [none], "str"))]), tmp_path)
    assert "AttributeError: 'NoneType' object has no attribute 'hello'" in r.stderr
    assert mentions_line(r.stderr, 43)


# ---------------------------------------------------------------- pointers

P_I32 = ptr_type("i32")
P_POINT = ptr_type("Point")
RAW_I64 = ptr_type("i64", "raw_ptr")


def unsafe(op: str, args: list[ast.Expr], t: str) -> ast.Expr:
    return Call("unsafe::" + op, args, t)


def ptr_program(ending: list[ast.Stmt]) -> ast.TypedProgram:
    p, r, s, n = (Name(v, "gc_ptr[i32]") for v in ["p", "r", "s", "n"])
    q = Name("q", "gc_ptr[Point]")
    raw = Name("raw", "raw_ptr[i64]")
    i = Name("i", "i32")
    at_ = lambda ptr, k, t="i32": Index(ptr, Int(k), t)  # noqa: E731
    pt_x = lambda e: Attr(e, "x", "f64")  # noqa: E731
    pt_y = lambda e: Attr(e, "y", "f64")  # noqa: E731
    i32s = lambda *es: [S("i32", e) for e in es]  # noqa: E731
    body = [
        Assign(2, p, unsafe("gc_alloc[i32]", [Int(5)], "gc_ptr[i32]")),
        ast.For(
            at(3),
            i,
            Call("builtins::range", [Int(0), Int(5), Int(1)], "NoneType"),
            [Assign(4, Index(p, i, "i32"), Op("i32", "mul", [i, i]))],
        ),
        Print(5, *i32s(at_(p, 4), at_(p, 0))),
        Assign(6, q, unsafe("gc_alloc[prog::Point]", [Int(3, "i64")], "gc_ptr[Point]")),
        Assign(7, at_(q, 1, "Point"), make("Point", [Float(1.0), Float(2.0)])),
        Assign(8, pt_x(at_(q, 2, "Point")), Float(5.0)),
        Assign(9, pt_y(q), Float(9.0)),
        Print(
            10,
            *[
                S("f64", x)
                for x in [pt_x(at_(q, 2, "Point")), pt_y(at_(q, 1, "Point")), pt_y(q)]
            ],
        ),
        Assign(11, r, unsafe("gc_alloc[i32]", [Int(5)], "gc_ptr[i32]")),
        Do(12, unsafe("ptr_copy", [r, p, Int(5)], "NoneType")),
        Assign(13, at_(r, 0), Int(7)),
        Print(
            14,
            *i32s(
                unsafe("ptr_cmp", [p, r, Int(5)], "i32"),
                unsafe("ptr_cmp", [p, p, Int(5)], "i32"),
                unsafe("ptr_cmp_slice", [p, Int(1), r, Int(1), Int(4)], "i32"),
            ),
        ),
        Assign(15, s, unsafe("ptr_offset", [p, Int(3)], "gc_ptr[i32]")),
        Print(16, *i32s(at_(s, 0), at_(s, 1))),
        Do(17, unsafe("ptr_setbytes", [r, Int(0, "u8"), Int(5)], "NoneType")),
        Do(
            18,
            unsafe(
                "ptr_setbytes_slice", [r, Int(4), Int(255, "u8"), Int(1)], "NoneType"
            ),
        ),
        Do(19, unsafe("ptr_move_slice", [p, Int(1), p, Int(0), Int(4)], "NoneType")),
        Print(20, *i32s(at_(r, 0), at_(r, 4), at_(p, 1), at_(p, 4))),
        Assign(21, n, unsafe("ptr_null[i32]", [], "gc_ptr[i32]")),
        Print(
            22,
            S("bool", unsafe("ptr_is_null", [n], "bool")),
            S("bool", unsafe("ptr_is_null", [p], "bool")),
        ),
        Assign(23, raw, unsafe("raw_alloc[i64]", [Int(2)], "raw_ptr[i64]")),
        Assign(24, Index(raw, Int(1), "i64"), Int(5, "i64")),
        Print(25, S("i64", Index(raw, Int(1), "i64"))),
        Do(26, unsafe("raw_free", [raw], "NoneType")),
        Print(
            27,
            S("bool", Op("ref", "is", [n, NoneOf("gc_ptr[i32]")], "bool")),
            S("bool", Op("ref", "is", [p, NoneOf("gc_ptr[i32]")], "bool")),
            S("bool", Op("ref", "isnot", [p, s], "bool")),
        ),
    ] + ending
    ptrs = [("p", "gc_ptr[i32]"), ("q", "gc_ptr[Point]"), ("r", "gc_ptr[i32]")]
    ptrs += [("s", "gc_ptr[i32]"), ("n", "gc_ptr[i32]"), ("raw", "raw_ptr[i64]")]
    main = Func("prog::main", [], "NoneType", body, locals=ptrs + [("i", "i32")])
    prog = Program([main])
    prog.types = [POINT]  # type: ignore[list-item]
    return prog


PTR_OUT = "16 0\n5.0 2.0 9.0\n-1 0 0\n9 16\n0 -1 0 9\nTrue False\n5\n"
PTR_OUT += "True False True\n"


def test_ptr_text():
    text = c_text(ptr_program([]))
    assert "    spy_ptr l_p = {0};\n" in text
    assert "l_p = spy_ptr_gc_alloc(5, sizeof(int32_t), false);" in text
    # the checks store their statement's line when they fail
    assert "t3 = spy_i32_mul_at(l_i, l_i, 4);" in text
    assert "((int32_t *)l_p.p)[spy_ptr_check_at(l_i, l_p.length, 4)] = t3;" in text
    assert "spy_ptr_gc_alloc(INT64_C(3), sizeof(spy_prog_MPoint), false)" in text
    assert (
        "((spy_prog_MPoint *)l_q.p)[spy_ptr_check_at(2, l_q.length, 8)].f_x = 5.0;"
        in text
    )
    assert (
        "((spy_prog_MPoint *)l_q.p)[spy_ptr_check_at(0, l_q.length, 9)].f_y = 9.0;"
        in text
    )
    assert "spy_ptr_copy(l_r, 0, l_p, 0, 5, sizeof(int32_t), false);" in text
    assert "spy_ptr_copy(l_p, 1, l_p, 0, 4, sizeof(int32_t), true);" in text
    assert "l_n = ((spy_ptr){NULL, 0});" in text
    assert "spy_raw_free(l_raw.p);" in text
    assert "spy_str_from_bool(l_n.p == NULL)" in text
    assert "spy_str_from_bool(l_p.p != l_s.p)" in text


@needs_libspy
def test_run_pointers(tmp_path):
    r = run(ptr_program([]), tmp_path, {"SPY_GC_STRESS": "1"})
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == PTR_OUT


@needs_libspy
def test_run_pointer_panics(tmp_path):
    p = Name("p", "gc_ptr[i32]")
    s = Name("s", "gc_ptr[i32]")
    n = Name("n", "gc_ptr[i32]")
    q = Name("q", "gc_ptr[Point]")
    index_errors = [
        Print(30, S("i32", Index(p, Int(5), "i32"))),
        Print(30, S("i32", Index(p, Int(-1), "i32"))),
        Print(30, S("i32", Index(s, Int(2), "i32"))),
        Assign(30, Index(n, Int(0), "i32"), Int(1)),
        Assign(30, Attr(Index(q, Int(3), "Point"), "x", "f64"), Float(1.0)),
        Do(30, unsafe("ptr_copy", [s, p, Int(3)], "NoneType")),
        Do(30, unsafe("ptr_cmp_slice", [p, Int(3), s, Int(0), Int(3)], "i32")),
        Assign(30, s, unsafe("ptr_offset", [p, Int(6)], "gc_ptr[i32]")),
    ]
    for stmt in index_errors:
        r = run(ptr_program([stmt]), tmp_path)
        assert r.stdout == PTR_OUT
        assert r.returncode == 1
        assert "IndexError: pointer index out of range" in r.stderr
        assert mentions_line(r.stderr, 30)
    bad_alloc = unsafe("gc_alloc[i32]", [Int(-1)], "gc_ptr[i32]")
    r = run(ptr_program([Assign(31, p, bad_alloc)]), tmp_path)
    assert r.returncode == 1
    assert "ValueError: negative allocation size" in r.stderr
    assert mentions_line(r.stderr, 31)


# ---------------------------------------------------------------- globals, entry


def extern(
    fqn: str, c_name: str, params: list[tuple[str, str]], restype: str
) -> ast.TypedFunc:
    f = Func(fqn, params, restype, [])
    f.extern_name = c_name
    return f


def globals_program() -> ast.TypedProgram:
    root = Glob("prog::root", "Base")
    buf = Glob("prog::buf", "gc_ptr[i32]")
    origin = Glob("prog::origin", "Point")
    pair = Glob("prog::pair", "tuple[i32, str]")
    i = Name("i", "i32")
    junk = Name("junk", "str")
    churn = ast.For(
        at(8),
        i,
        Call("builtins::range", [Int(0), Int(2000), Int(1)], "NoneType"),
        [Assign(9, junk, Op("str", "mul", [Str("x"), Int(100, "i64")]))],
    )
    body = [
        Assign(2, root, Call("prog::Derived::__new__", [], "Derived")),
        # a heap str, reachable only through the object in the global
        Do(
            3,
            Call(
                "prog::Base::__init__",
                [root, Op("str", "mul", [Str("ab"), Int(3, "i64")])],
                "NoneType",
            ),
        ),
        Assign(
            4,
            Attr(Call("prog::Derived::__cast__", [root], "Derived"), "n", "i32"),
            Int(5),
        ),
        Assign(5, buf, unsafe("gc_alloc[i32]", [Int(3)], "gc_ptr[i32]")),
        Assign(6, Index(buf, Int(2), "i32"), Int(42)),
        Do(7, Call("gc::collect", [], "NoneType")),
        churn,
        Print(10, MCall("Base", "show", [root], "str")),
        Print(
            11, S("i32", Index(buf, Int(2), "i32")), S("f64", Attr(origin, "y", "f64"))
        ),
        Print(12, S("i32", Attr(pair, "_0", "i32")), Attr(pair, "_1", "str")),
    ]
    main = Func(
        "prog::main", [], "NoneType", body, locals=[("i", "i32"), ("junk", "str")]
    )
    collect = extern("gc::collect", "spy_gc_collect", [], "NoneType")
    prog = Program([collect] + class_methods() + [main])
    prog.types = CLASS_TYPES + [PAIR]  # type: ignore[assignment]
    prog.globals = [
        ast.TypedGlobal(at(1), "prog::root", TYPES["Base"], NoneOf("Base")),  # type: ignore[arg-type]
        ast.TypedGlobal(
            at(1), "prog::buf", TYPES["gc_ptr[i32]"], NoneOf("gc_ptr[i32]")
        ),  # type: ignore[arg-type]
        ast.TypedGlobal(
            at(1), "prog::origin", POINT, make("Point", [Float(1.0), Float(-0.0)])
        ),  # type: ignore[arg-type]
        ast.TypedGlobal(
            at(1), "prog::pair", PAIR, make("tuple[i32, str]", [Int(3), Str("three")])
        ),  # type: ignore[arg-type]
    ]
    return prog


def test_globals_text():
    text = c_text(globals_program())
    assert "void *g_prog_Mroot = NULL;\n" in text
    assert "spy_ptr g_prog_Mbuf = {NULL, 0};\n" in text
    assert "spy_prog_MPoint g_prog_Morigin = {1.0, -0.0};\n" in text
    assert "spy_builtins_Mtuple_Li32_C_Sstr_R g_prog_Mpair = {3, &spy_s" in text
    # every global that may hold a GC reference is a root
    for g in ["root", "buf", "pair"]:
        name = "g_prog_M" + g
        assert "    spy_gc_add_root(&" + name + ", sizeof(" + name + "));\n" in text
    assert "spy_gc_add_root(&g_prog_Morigin" not in text


@needs_libspy
def test_run_globals_are_roots(tmp_path):
    r = run(globals_program(), tmp_path, {"SPY_GC_STRESS": "1"})
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == "Derived ababab5\n42 -0.0\n3 three\n"


@needs_libspy
def test_run_main_with_argv(tmp_path):
    n = Name("n", "i32")
    main = Func(
        "prog::main",
        [("n", "i32")],
        "i32",
        [Print(2, S("i32", n)), ast.Return(at(3), n)],
    )
    argc = extern("prog::argc", "spy_runtime_argc", [], "i32")
    prog = Program([argc, main], status=True)
    prog.argv_fqn = "prog::argc"
    text = c_text(prog)
    assert "    return spy_prog_Mmain(spy_runtime_argc());\n" in text
    r = run(prog, tmp_path)
    assert (r.returncode, r.stdout) == (1, "1\n")
    prog.argv_fqn = ""
    with pytest.raises(SPyError, match="a `main` with parameters"):
        c_text(prog)


def test_frames_of_checked_operations():
    d = Name("d", "Derived")
    get_n = Func(
        "prog::get_n",
        [("d", "Derived")],
        "i32",
        [ast.Return(at(2), Attr(d, "n", "i32"))],
    )
    # make_pt only builds a struct and reads its field: nothing can fail
    make_pt = Func(
        "prog::make_pt",
        [],
        "f64",
        [ast.Return(at(4), Attr(make("Point", [Float(1.0), Float(2.0)]), "x", "f64"))],
        line=3,
    )
    b = Name("b", "Base")
    shows = Func(
        "prog::shows",
        [("b", "Base")],
        "str",
        [ast.Return(at(6), MCall("Base", "hello", [b], "str"))],
        line=5,
    )
    outer = Func(
        "prog::outer",
        [("b", "Base")],
        "str",
        [ast.Return(at(8), Call("prog::shows", [b], "str"))],
        line=7,
    )
    main = Func("prog::main", [], "NoneType", [])
    prog = Program(class_methods() + [get_n, make_pt, shows, outer, main])
    prog.types = CLASS_TYPES  # type: ignore[assignment]
    text = c_text(prog)
    assert 'spy_frame_push(&F, "get_n", "prog.spy", 1);' in text
    assert '"make_pt"' not in text
    assert 'spy_frame_push(&F, "shows", "prog.spy", 5);' in text
    assert 'spy_frame_push(&F, "outer", "prog.spy", 7);' in text
    assert '"main"' not in text


@needs_libspy
def test_run_integer_overflow_raises(tmp_path):
    # the default build checks: i32 max + 1 is OverflowError, with a traceback
    imax = Int(2147483647)
    prog = main_printing(S("i32", Op("i32", "add", [imax, Int(1)])))
    r = run(prog, tmp_path)
    assert r.returncode == 1
    assert r.stderr.splitlines()[-1] == "OverflowError: i32 addition overflows"
