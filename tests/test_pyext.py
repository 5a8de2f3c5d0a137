"""`spy build --target pyext`: the modules of tests/pyext/ built as Python
extension modules (cffi) and imported here. Each is also Python, run
with a small shim for SPy's own names: every call below must return what
the Python version returns, or raise the same exception with the same
message. Then what only the boundary does: arguments of the wrong type
or out of range, SPy exceptions and their traceback notes, the stubs
(checked by mypy), `--no-compile` and its build script, GC stress,
threads, two modules in one process, and the compile errors."""

import importlib
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import harness

SPY = harness.ROOT / "build" / "bin" / "spy"
SOURCES = Path(__file__).parent / "pyext"

pytestmark = pytest.mark.skipif(not SPY.exists(), reason="needs make bootstrap")

SHIM = {
    **{name: int for name in ("i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64")},
    "f64": float,
}


def build(
    source: Path, outdir: Path, *options: str
) -> subprocess.CompletedProcess[str]:
    argv = [str(SPY), "build", "--target", "pyext", str(source), "-o", str(outdir)]
    argv += ["--python", sys.executable, *options]
    return subprocess.run(argv, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("pyext")
    for source in sorted(SOURCES.glob("*.spy")):
        done = build(source, outdir)
        assert done.returncode == 0, done.stderr
        assert done.stdout == "" and done.stderr == ""
    return outdir


def extension(built: Path, name: str) -> ModuleType:
    sys.path.insert(0, str(built))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(built))


def as_python(name: str) -> dict[str, Any]:
    """The module run by CPython as Python: @struct is a NamedTuple, as
    the extension's structs are."""
    from typing import NamedTuple

    def struct(cls: type) -> type:
        tuple_class = NamedTuple(cls.__name__, list(cls.__annotations__.items()))  # type: ignore[misc]
        for name, value in vars(cls).items():
            if callable(value) and not name.startswith("__"):
                setattr(tuple_class, name, value)
        return tuple_class

    namespace: dict[str, Any] = {**SHIM, "struct": struct, "__name__": "py_" + name}
    source = (
        "from __future__ import annotations\n" + (SOURCES / (name + ".spy")).read_text()
    )
    exec(compile(source, name + ".spy", "exec"), namespace)
    return namespace


def outcome(f: Any, args: tuple[Any, ...]) -> Any:
    """What a call gives: its value (structs as plain tuples), or the
    exception's class name and message."""
    try:
        value = f(*args)
    except Exception as e:
        return ("raised", type(e).__name__, str(e))
    return plain(value)


def plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


CASES = {
    "numeric": [
        ("add", (2, 3)),
        ("add", (-(2**31), 2**31 - 1)),
        ("fib", (0,)),
        ("fib", (90,)),
        ("divide", (7, 2)),
        ("divide", (-7, 2)),
        ("divide", (1, 0)),
        ("low_byte", (0x12345678,)),
        ("wide", (2**64 - 1,)),
        ("small", (-128, 255)),
        ("is_prime", (2,)),
        ("is_prime", (97,)),
        ("is_prime", (2**31 - 1,)),
        ("is_prime", (91,)),
        ("mean", ([1.0, 2.5, 4.0],)),
        ("mean", ([],)),
        ("mean", ([1, 2],)),
        ("cumulative", ([1, 2, 3, -10],)),
        ("cumulative", ([],)),
        ("negate_all", ([True, False, True],)),
        ("nothing", (5,)),
        ("depth", (900,)),
        ("runaway", (0,)),
    ],
    "text": [
        ("shout", ("hello",)),
        ("shout", ("hello, 世界",)),
        ("shout", ("",)),
        ("words", ("  the quick\tbrown  fox ",)),
        ("words", ("",)),
        ("join", (["a", "bé", "c"], ", ")),
        ("join", ([], "-")),
        ("longest", (["a", "ccc", "bb", "ddd"],)),
        ("find", (["x", "y", "z"], "z")),
        ("find", (["x", "y"], "w")),
        ("char_at", ("héllo", 1)),
        ("char_at", ("abc", -1)),
        ("char_at", ("abc", 3)),
        ("count_vowels", ("Programming In SPy",)),
        ("shout", ("nul\x00inside",)),
    ],
    "shapes": [
        ("distance2", ((0.0, 0.0), (3.0, 4.0))),
        ("area", (("b", (1.0, 2.0), (3.0, 4.5), True),)),
        ("moved", (("b", (1.0, 2.0), (3.0, 4.0), False), (0.5, -1.0))),
        ("bounding", ([3.0, -1.0, 2.0], [0.0, 5.0, -2.5])),
        ("bounding", ([], [])),
    ],
}


def test_arrays_are_views(built: Path) -> None:
    """NumPy arrays and other writable buffers, in place, as the same
    code run by Python on the same arrays changes them."""
    np = pytest.importorskip("numpy")
    ext = extension(built, "arrays")
    ref = as_python("arrays")
    u8s = np.frombuffer(bytes(range(256)) * 2, dtype=np.uint8)
    cases = [
        ("scale", lambda: (np.arange(6, dtype=np.float64), 2.5)),
        ("scale", lambda: (np.zeros(0), 1.0)),
        ("dot", lambda: (np.linspace(0.0, 1.0, 7), np.linspace(1.0, 2.0, 7))),
        ("dot", lambda: (np.zeros(2), np.zeros(3))),
        ("prefix_sums", lambda: (np.arange(10, dtype=np.int64) - 4,)),
        ("histogram", lambda: (u8s.copy(), np.zeros(7, dtype=np.int32))),
        ("last", lambda: (np.array([3, 1, 4], dtype=np.int32),)),
        ("last", lambda: (np.zeros(0, dtype=np.int32),)),
    ]
    for func, make in cases:
        mine, theirs = make(), make()
        got = outcome(getattr(ext, func), mine)
        want = outcome(ref[func], theirs)
        if isinstance(want, tuple) and want[:2] == ("raised", "IndexError"):
            want = ("raised", "IndexError", "array index out of range")
        assert got == want, func
        for a, b in zip(mine, theirs):
            if isinstance(a, np.ndarray):
                assert a.tolist() == b.tolist(), func
    # any writable buffer of the item type: array.array, a bytearray
    import array as pyarray

    q = pyarray.array("q", [5, 6, 7])
    assert ext.prefix_sums(q) == 18 and q.tolist() == [5, 11, 18]
    counts = np.zeros(2, dtype=np.int32)
    ext.histogram(bytearray(b"\x01\x02\x03"), counts)
    assert counts.tolist() == [1, 2]
    # a view, not a copy: a slice of a bigger array is written through
    big = np.ones(10)
    ext.scale(big[2:5], 3.0)
    assert big.tolist() == [1, 1, 3, 3, 3, 1, 1, 1, 1, 1]


def to_structs(module: Any, name: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The shapes cases' tuples as the module's own struct types."""
    if name != "shapes":
        return args
    Point, Box = module.Point, module.Box  # noqa: N806

    def convert(a: Any) -> Any:
        if isinstance(a, tuple) and len(a) == 2:
            return Point(*a)
        if isinstance(a, tuple):
            return Box(a[0], Point(*a[1]), Point(*a[2]), a[3])
        return a

    return tuple(convert(a) for a in args)


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_as_python(built: Path, name: str) -> None:
    ext = extension(built, name)
    ref = as_python(name)
    for func, args in CASES[name]:
        got = outcome(getattr(ext, func), to_structs(ext, name, args))
        want = outcome(ref[func], to_structs(ext, name, args))
        assert got == want, (func, args)


def test_signatures_and_structs(built: Path) -> None:
    shapes = extension(built, "shapes")
    assert shapes.__all__ == ["Point", "Box", "distance2", "area", "moved", "bounding"]
    box = shapes.moved(
        shapes.Box("b", shapes.Point(1.0, 2.0), shapes.Point(3.0, 4.0), True),
        shapes.Point(1.0, 1.0),
    )
    assert box == shapes.Box("b'", shapes.Point(2.0, 3.0), shapes.Point(3.0, 4.0), True)
    assert box.corner.x == 2.0 and box.visible is True
    assert not hasattr(shapes, "_private_helper")
    numeric = extension(built, "numeric")
    assert numeric.nothing(1) is None
    assert numeric.is_prime(7) is True
    assert math.isnan(
        numeric.mean([math.nan])
    )  # NaN, the failure value, is a result too


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            "numeric.add(1)",
            TypeError,
            "add() missing 1 required positional argument: 'b'",
        ),
        (
            "numeric.add(1, 2, 3)",
            TypeError,
            "add() takes 2 positional arguments but 3 were given",
        ),
        ("numeric.add('1', 2)", TypeError, "add() argument 'a' must be int, not str"),
        ("numeric.add(1.5, 2)", TypeError, "add() argument 'a' must be int, not float"),
        (
            "numeric.add(1, 2**31)",
            OverflowError,
            "add() argument 'b' out of range for i32: 2147483648",
        ),
        (
            "numeric.low_byte(-1)",
            OverflowError,
            "low_byte() argument 'x' out of range for u32: -1",
        ),
        (
            "numeric.small(128, 0)",
            OverflowError,
            "small() argument 'x' out of range for i8: 128",
        ),
        (
            "numeric.mean((1.0, 2.0))",
            TypeError,
            "mean() argument 'xs' must be list, not tuple",
        ),
        (
            "numeric.mean([1.0, 'x'])",
            TypeError,
            "mean() argument 'xs' item 1 must be float, not str",
        ),
        (
            "numeric.cumulative([2**70])",
            OverflowError,
            "cumulative() argument 'xs' item 0 out of range for i64: " + str(2**70),
        ),
        (
            "numeric.mean([10**400])",
            OverflowError,
            "mean() argument 'xs' item 0 out of range for f64: " + str(10**400),
        ),
        (
            "numeric.negate_all([2])",
            TypeError,
            "negate_all() argument 'flags' item 0 must be bool, not int",
        ),
        ("text.shout(b'x')", TypeError, "shout() argument 's' must be str, not bytes"),
        (
            "text.join(['a', None], '')",
            TypeError,
            "join() argument 'parts' item 1 must be str, not NoneType",
        ),
        (
            "text.join('ab', '')",
            TypeError,
            "join() argument 'parts' must be list, not str",
        ),
        (
            "arrays.scale([1.0], 2.0)",
            TypeError,
            "scale() argument 'a' must be a buffer of f64, not list",
        ),
        (
            "arrays.scale(memoryview(b'12345678').cast('d'), 2.0)",
            TypeError,
            "scale() argument 'a' must be a writable buffer",
        ),
        (
            "arrays.last(bytearray(4))",
            TypeError,
            "last() argument 'a' must be a buffer of i32, not of format 'B'",
        ),
        (
            "shapes.area((1.0, 2.0))",
            TypeError,
            "area() argument 'b' must be Box, not tuple",
        ),
        (
            "shapes.distance2(shapes.Point(1.0, 'y'), shapes.Point(0.0, 0.0))",
            TypeError,
            "distance2() argument 'a' field 'y' must be float, not str",
        ),
        ("numeric.add(2**31 - 1, 1)", OverflowError, "i32 addition overflows"),
        ("numeric.nothing(-1)", AssertionError, "x must not be negative"),
    ],
)
def test_errors(built: Path, call: str, error: type, message: str) -> None:
    modules = {name: extension(built, name) for name in [*CASES, "arrays"]}
    with pytest.raises(error) as info:
        eval(call, modules)
    assert str(info.value) == message


def test_spy_exceptions(built: Path) -> None:
    text = extension(built, "text")
    with pytest.raises(Exception) as info:
        text.find(["a"], "b")
    # a SPy class that Python does not have: a class of the module, once
    assert (
        type(info.value).__name__ == "NotFound"
        and type(info.value).__module__ == "text"
    )
    assert str(info.value) == "b is not there"
    with pytest.raises(type(info.value)):
        text.find([], "c")
    # the SPy traceback is a note
    notes = info.value.__notes__
    assert notes[0].startswith("SPy traceback (most recent call last):\n")
    assert 'text.spy", line 34, in find' in notes[0]
    # the module works on after a failure
    assert text.find(["a"], "a") == 0


def test_stubs_satisfy_mypy(built: Path, tmp_path: Path) -> None:
    assert (
        (built / "shapes.pyi")
        .read_text()
        .startswith("from typing import NamedTuple\n")
    )
    client = tmp_path / "client.py"
    client.write_text(
        textwrap.dedent(
            """\
            import numeric, shapes, text

            n: int = numeric.add(1, 2)
            xs: list[int] = numeric.cumulative([1, 2])
            ok: bool = numeric.is_prime(7)
            s: str = text.join(text.words("a b"), "-")
            b: shapes.Box = shapes.bounding([1.0], [2.0])
            f: float = b.corner.x
            bad: str = numeric.add(1, 2)
            """
        )
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--strict", str(client)],
        capture_output=True,
        text=True,
        cwd=built,
        env={**os.environ, "MYPYPATH": str(built)},
        timeout=300,
    )
    lines = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert len(lines) == 1 and "client.py:9:" in lines[0], done.stdout


def test_no_compile_writes_sources_that_build(tmp_path: Path) -> None:
    out = tmp_path / "src"
    done = build(SOURCES / "text.spy", out, "--no-compile")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "_build_text.py",
        "text.c",
        "text.py",
        "text.pyi",
    ]
    # the build script makes the module, as setuptools would through it
    built_here = subprocess.run(
        [sys.executable, str(out / "_build_text.py"), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built_here.returncode == 0, built_here.stderr
    check = "import text; print(text.join(text.words('x y'), '+'))"
    done = subprocess.run(
        [sys.executable, "-c", check],
        capture_output=True,
        text=True,
        cwd=out,
        timeout=60,
    )
    assert done.stdout == "x+y\n", done.stderr


def test_gc_stress_and_threads(built: Path) -> None:
    script = textwrap.dedent(
        """\
        import os, sys, threading

        # each module keeps its runtime to itself, even when its symbols
        # could be shared
        sys.setdlopenflags(os.RTLD_NOW | os.RTLD_GLOBAL)
        import shapes, text, numeric

        def work(k):
            for i in range(60):
                assert text.join(text.words("a " * i), ".") == ".".join(["a"] * i)
                b = shapes.moved(shapes.Box("n" * i, shapes.Point(1.0, 2.0), shapes.Point(1.0, 1.0), True), shapes.Point(k, 0.0))
                assert b.name == "n" * i + "'" and b.corner.x == 1.0 + k
                assert numeric.cumulative(list(range(i)))[-1:] == ([i * (i - 1) // 2] if i else [])
                try:
                    text.find(["x"] * i, "y")
                except Exception as e:
                    assert str(e) == "y is not there"

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print("ok")
        """
    )
    env = {**os.environ, "SPY_GC_STRESS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=built,
        env=env,
        timeout=300,
    )
    assert done.stdout == "ok\n", done.stderr


def test_stdout_is_flushed_after_each_call(tmp_path: Path) -> None:
    source = tmp_path / "talk.spy"
    source.write_text('def say(s: str) -> None:\n    print("spy:", s)\n')
    assert build(source, tmp_path).returncode == 0
    script = "import sys, talk\nprint('py: 1', flush=True)\ntalk.say('2')\nprint('py: 3', flush=True)\n"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.stdout == "py: 1\nspy: 2\npy: 3\n"


@pytest.mark.parametrize(
    "source, message",
    [
        (
            "def f(d: dict[str, i32]) -> i32:\n    return len(d)\n",
            "error: `f`: parameter `d` is a `dict[str, i32]`, which cannot cross to Python",
        ),
        (
            "class C:\n    x: i32\n\n\ndef make() -> C:\n    return C()\n",
            "error: `make`: the result is a `C`, which cannot cross to Python",
        ),
    ],
)
def test_what_cannot_cross(tmp_path: Path, source: str, message: str) -> None:
    path = tmp_path / "bad.spy"
    path.write_text(source)
    done = build(path, tmp_path / "out")
    assert done.returncode == 1
    assert done.stderr.startswith(message + "\n  --> "), done.stderr
    assert "bad.spy:" in done.stderr and "stays private" in done.stderr


def test_module_name_must_be_an_identifier(tmp_path: Path) -> None:
    path = tmp_path / "my-mod.spy"
    path.write_text("def f() -> None:\n    pass\n")
    done = build(path, tmp_path / "out")
    assert done.returncode == 1
    assert "`my-mod` is not a Python module name" in done.stderr


def test_packaging_example_builds_a_wheel(tmp_path: Path) -> None:
    """examples/pyext: `pip wheel .` builds a wheel from SPy sources, which
    installs into a fresh venv (without spy nor a C compiler involved)
    and imports."""
    import shutil

    project = tmp_path / "project"
    shutil.copytree(
        harness.ROOT / "examples" / "pyext",
        project,
        ignore=shutil.ignore_patterns(
            "build", "*.egg-info", "geometry.[cp]*", "_build_*"
        ),
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    env = {**os.environ, "SPY": str(SPY)}
    wheel = subprocess.run(
        [*pip, "wheel", ".", "--no-deps", "-w", str(tmp_path / "dist")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert wheel.returncode == 0, wheel.stdout + wheel.stderr
    (built_wheel,) = (tmp_path / "dist").glob("spygeo-0.1.0-*.whl")
    install = subprocess.run(
        [*pip, "install", str(built_wheel)], capture_output=True, text=True, timeout=600
    )
    assert install.returncode == 0, install.stdout + install.stderr
    check = (
        "import array, spygeo\n"
        "print(spygeo.distance(spygeo.Point(0.0, 0.0), spygeo.Point(3.0, 4.0)))\n"
        "print(spygeo.centroid([0.0, 0.0, 2.0, 4.0]))\n"
        "d = lambda xs: array.array('d', xs)\n"
        "print(spygeo.polygon_area(d([0, 4, 4, 0]), d([0, 0, 3, 3])))\n"
    )
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-c", check],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.stdout == "5.0\nPoint(x=1.0, y=2.0)\n12.0\n", done.stderr
