"""stdlib/_format.spy against CPython's format() and round().

Thousands of (value, spec) pairs, drawn with a fixed seed: ints (negative,
zero, the ends of i64, values for `c`), u64 values above i64, floats (inf,
nan, -0.0, subnormals, 1e16, ties, random doubles), strs (with non-ASCII
text), bools; specs drawn from the grammar, valid and not, and random
strings of spec characters. tests/format_driver.spy reads them from a data
file and prints one line for each: the formatted text, or the message that
format_spec_error gives, which must be CPython's result or its ValueError
message. The driver runs compiled by `build/bin/spy build` and in the
interpreter (`build/bin/spy DRIVER`); round(x, n) and round(x) are checked
the same way. The cases that panic (a bad spec given to a format_*
function, `c` out of range, round overflows) run one at a time, in the
compiled driver and a few in the interpreter: the last line of stderr must
be CPython's exception.

Skipped until `make bootstrap` has built `build/bin/spy`.
"""

import math
import random
import struct
import subprocess
from pathlib import Path
from typing import NamedTuple

import harness
import pytest

ROOT = harness.ROOT
SPY = ROOT / "build" / "bin" / "spy"
DRIVER = ROOT / "tests" / "format_driver.spy"
SEED = 20240611
N_FORMAT = 20000  # (value, spec) pairs
N_ROUND = 3000  # round(x, n) and round(x) pairs
TIMEOUT = 120

pytestmark = pytest.mark.skipif(
    not SPY.exists(), reason="build/bin/spy does not exist: run `make bootstrap`"
)

I64_MIN = -(2**63)
I64_MAX = 2**63 - 1
I32_MIN = -(2**31)
I32_MAX = 2**31 - 1

# ---------------------------------------------------------------- values


def bits_to_float(bits: int) -> float:
    return struct.unpack("<d", struct.pack("<Q", bits))[0]


SPECIAL_FLOATS = [
    0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 2.675, 1.005,
    0.1, 0.2, 0.3, 1 / 3, 2 / 3, 123.456, 1e16, 1e16 + 2, 9999999999999998.0,
    1e15, 1e17, 1e22, 1e23, 1e-4, 1e-5, 9.9999e-5, 0.0001234, 5e-324,
    2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308,
    1e308, 1e300, 1e-300, 2.0**53, 2.0**53 + 2, 2.0**63, 2.0**64, 1e100,
    math.pi, math.e, 0.05, 0.15, 0.25, 0.35, 0.45, 999.5, 99.95, 9.995,
    0.995, 0.9999999, 12345678.9, 1234567.0, 1e6, 1e7, 100.0, 1000000.5,
    2147483647.5, 2147483648.5, -2147483648.5, -2147483649.5, 2147483646.5,
    float("inf"), float("-inf"), float("nan"), 4.35, 0.035, 3e-16,
]  # fmt: skip


def random_float(rng: random.Random) -> float:
    r = rng.random()
    if r < 0.25:
        return rng.choice(SPECIAL_FLOATS) * rng.choice([1, 1, 1, -1])
    if r < 0.45:
        while True:
            x = bits_to_float(rng.getrandbits(64))
            if not math.isnan(x):
                return x
    if r < 0.55:  # subnormal
        return bits_to_float(rng.getrandbits(52)) * rng.choice([1, -1])
    if r < 0.7:  # a short decimal, maybe a tie at some precision
        digits = rng.randint(1, 7)
        scale = rng.randint(-8, 8)
        n = rng.randint(0, 10**digits)
        return float(f"{n}e{scale}") * rng.choice([1, -1])
    if r < 0.8:  # an integer
        return float(rng.randint(-(10 ** rng.randint(1, 20)), 10 ** rng.randint(1, 20)))
    if r < 0.9:  # k + 1/2, k/8...
        return rng.randint(-2000, 2000) / rng.choice([2, 4, 8, 16, 1024])
    return rng.uniform(-1, 1) * 10.0 ** rng.randint(-320, 308)


def random_int(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.15:
        return rng.choice(
            [0, 1, -1, I64_MIN, I64_MAX, I64_MIN + 1, I64_MAX - 1, 1000,
             -1000, 999, 1234, 65535, 2**32, -(2**32), 10**18, -(10**18)]
        )  # fmt: skip
    if r < 0.3:
        return rng.randint(I64_MIN, I64_MAX)
    if r < 0.45:
        b = rng.randint(0, 62)
        return rng.choice([2**b, 2**b - 1, -(2**b), 10 ** min(b, 18)])
    if r < 0.6:  # a character for `c`
        return rng.choice([rng.randint(32, 126), rng.randint(0, 0x10FFFF), 0x10FFFF])
    return rng.randint(-(10 ** rng.randint(1, 18)), 10 ** rng.randint(1, 18))


def random_u64(rng: random.Random) -> int:
    return rng.choice([2**63, 2**64 - 1, rng.randint(2**63, 2**64 - 1)])


WORDS = ["", "a", "abc", "hello world", "héllo", "日本語", "a😀b", "tab\tx",
         "x" * 30, "Ωμέγα", "\u00e9\u0301", "€", "  ", "0", "-1"]  # fmt: skip


def random_str(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return rng.choice(WORDS)
    pool = "ab Zé€日😀\n\x00\\"
    return "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))


# ---------------------------------------------------------------- specs

FILLS = [" ", "*", "0", "x", "<", "=", "^", ">", "{", "}", "\n", "\t", "\x00",
         "é", "€", "😀", "_", ",", ".", "9", "#", "+", "-", "z", "\\", "٣"]  # fmt: skip
TYPES = list("bcdeEfFgGnosxX%") + ["", "", "", ""]
# the types that suit each kind of value, drawn most of the time
KIND_TYPES = {
    "int": list("bcdoxXneEfFgG%") + ["", "", "d", "x"],
    "float": list("eEfFgGn%") + ["", "", "", "f", "g"],
    "str": ["", "", "s"],
}
JUNK_TYPES = ["z", "a", "é", "\x00", " ", "\x7f", "\x01", "S", "r", "i", "u"]
# no width between 2**31 and 2**63: CPython builds such strings (or fails
# with MemoryError), _format refuses them (its docstring)
WIDTHS = ["0", "00", "05", "1", "7", "12", "20", "٣", "١٢", "５",
          "99999999999999999999", "9223372036854775808"]  # fmt: skip
PRECISIONS = ["0", "1", "2", "3", "6", "10", "17", "20", "25", "40", "60",
              "٢", "2147483648", "9223372036854775808", "99999999999999999999"]  # fmt: skip
SPEC_CHARS = "<>=^+- z#0123456789,_.bcdeEfFgGnosxX%é"


def random_spec(rng: random.Random, kind: str) -> str:
    if rng.random() < 0.1:  # any string of spec characters
        return "".join(rng.choice(SPEC_CHARS) for _ in range(rng.randint(0, 7)))
    parts = []
    r = rng.random()
    if r < 0.2:
        parts.append(rng.choice(FILLS) + rng.choice("<>=^"))
    elif r < 0.45:
        parts.append(rng.choice("<>=^"))
    if rng.random() < 0.3:
        parts.append(rng.choice("+- "))
    if rng.random() < 0.08:
        parts.append("z")
    if rng.random() < 0.2:
        parts.append("#")
    if rng.random() < 0.2:
        parts.append("0")
    r = rng.random()
    if r < 0.4:
        parts.append(str(rng.randint(0, 30)))
    elif r < 0.45:
        parts.append(rng.choice(WIDTHS))
    r = rng.random()
    if r < 0.25:
        parts.append(rng.choice([",", "_"]))
    elif r < 0.28:
        parts.append(rng.choice([",_", "_,", ",,", "__"]))
    r = rng.random()
    if kind in ("int", "bool") and rng.random() < 0.7:
        r = 1.0  # a precision is mostly an error for an int
    if r < 0.35:
        parts.append("." + str(rng.randint(0, 20)))
    elif r < 0.42:
        parts.append("." + rng.choice(PRECISIONS))
    elif r < 0.44:
        parts.append(".")
    r = rng.random()
    if r < 0.04:
        parts.append(rng.choice(JUNK_TYPES))
    elif r < 0.25:
        parts.append(rng.choice(TYPES))
    else:
        parts.append(rng.choice(KIND_TYPES[kind]))
    if rng.random() < 0.03:  # one more character: an invalid spec
        parts.insert(rng.randint(0, len(parts)), rng.choice(SPEC_CHARS))
    return "".join(parts)


# ---------------------------------------------------------------- cases


def escape(s: str) -> str:
    """As format_driver.spy's escape."""
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ord(ch) < 32:
            out.append("\\" + str(ord(ch)) + ";")
        else:
            out.append(ch)
    return "".join(out)


def cps(s: str) -> str:
    return ",".join(str(ord(ch)) for ch in s)


def outcome(fn) -> tuple[str, str]:
    """("ok", text), or (exception name, message)."""
    try:
        return "ok", fn()
    except (ValueError, OverflowError) as e:
        return type(e).__name__, str(e)


def python_kind(kind: str) -> str:
    return "int" if kind == "u64" else kind


def format_case(rng: random.Random):
    kind = rng.choice(["int", "int", "float", "float", "float", "str", "bool", "u64"])
    spec = random_spec(rng, {"u64": "int", "bool": "int"}.get(kind, kind))
    if kind == "int":
        value = random_int(rng)
        text = str(value)
    elif kind == "u64":
        value = random_u64(rng)
        text = str(value)
    elif kind == "float":
        value = random_float(rng)
        text = repr(value)
    elif kind == "bool":
        value = rng.choice([True, False])
        text = str(value)
    else:
        value = random_str(rng)
        text = cps(value)
    return kind, spec, text, value


# a cross product of chosen values and specs, besides the random draw
EDGE_FLOATS = [
    0.1, 5e-324, 1e308, -0.0, 123.0, 1e-5, 1.5, 2.5, 0.5, 999999.5, 9.5,
    0.0009995, 1e16, 1e15, 123456789012345678.0, float("inf"), float("nan"),
    -1e-300, 1.5e-323,
]  # fmt: skip
EDGE_FLOAT_SPECS = [
    ".800e", ".1000f", ".400g", "#.0e", "#.0", "#", "#.0f", "#g", "#.3g",
    ".0g", "#.0g", ".0%", "#.0%", "z.0f", "z.1e", "z", "z%", "n", ".3n", ",",
    "_", "0=40,.3f", "040_.10e", "^40,", "€^41.2%", "+.17", ".17", ".16",
    ".15", "G", ".30G", "#.30G", "-#30.20E", "=", "0", "010", "00",
    "#010.0e", " ,.2f", "-015,g", "015,G", "z015,", ",.0f", "_.0%",
    ".2147483647x", ".2147483648",
]  # fmt: skip
EDGE_INTS = [0, 5, -5, 123456789, I64_MIN, I64_MAX, 65, 0x10FFFF, 48, 0xD800]
EDGE_INT_SPECS = [
    "c", "=5c", "0=5c", "05c", "^5c", "#b", "#o", "#x", "#X", "_b", "#_b",
    "#042_b", "#020_X", "020,", ",", "_", "n", "08n", "-#10o", "+#10x", " #X",
    "0=+20_", "e", ".3e", "%", ",.2f", "#.0e", "g", "G", ".1g", "z.2f",
    "012,e", "2147483647z", "x>2147483647.1", "٣x", ",\x00", "\x00",
]  # fmt: skip
EDGE_U64 = [2**63, 2**64 - 1, 12345678901234567890]
EDGE_STRS = ["", "a", "héllo", "日本語😀"]
EDGE_STR_SPECS = [
    "^10", ">10", "<10", "10", "010", "0^10", ".2", ".0", "^.1", "😀^9.3",
    "\n>3", "\x00<4", "s", ".2147483648", "x^2147483647x", "=", "0=5",
]  # fmt: skip
EDGE_ROUNDS = [
    (x, n)
    for x in [0.5, 2.675, 1e308, 1.7976931348623157e308, 5e-324, 12345.678]
    for n in [-400, -309, -308, -307, -1, 0, 2, 322, 323, 324, 400]
]  # fmt: skip


def edge_cases():
    for x in EDGE_FLOATS:
        for spec in EDGE_FLOAT_SPECS:
            yield "float", spec, repr(x), x
    for v in EDGE_INTS:
        for spec in EDGE_INT_SPECS:
            yield "int", spec, str(v), v
            yield "bool", spec, str(v % 2 == 1), v % 2 == 1
    for v in EDGE_U64:
        for spec in EDGE_INT_SPECS:
            yield "u64", spec, str(v), v
    for v in EDGE_STRS:
        for spec in EDGE_STR_SPECS:
            yield "str", spec, cps(v), v


def make_cases():
    """(data lines, expected lines, panic cases): a panic case is (kind,
    spec code points, value text, expected last line of stderr)."""
    rng = random.Random(SEED)
    lines, expected, panics = [], [], []
    edges = list(edge_cases())
    while len(lines) < N_FORMAT:
        if edges:
            kind, spec, text, value = edges.pop()
        else:
            kind, spec, text, value = format_case(rng)
        status, result = outcome(lambda v=value, f=spec: format(v, f))
        # keep the data file small: no rare huge result
        if status == "ok" and len(result) > 10000:
            continue
        line = f"{kind}\t{cps(spec)}\t{text}"
        if status == "ok":
            lines.append(line)
            expected.append(escape(result))
        elif status == "ValueError":
            lines.append(line)
            expected.append(escape("ERROR: " + result))
            panics.append((kind, cps(spec), text, f"ValueError: {result}"))
        else:
            panics.append((kind, cps(spec), text, f"{status}: {result}"))
    for i in range(N_ROUND):
        x = random_float(rng)
        if i < len(EDGE_ROUNDS):
            x, n = EDGE_ROUNDS[i]
            status, result = outcome(lambda x=x, n=n: repr(round(x, n)))
            kind, ndigits = "round", str(n)
        elif i % 3 == 0:
            status, result = outcome(lambda x=x: round(x))
            if status == "ok" and not I32_MIN <= result <= I32_MAX:
                status, result = "OverflowError", "float out of range for i32"
            kind, ndigits = "roundi", ""
        else:
            n = rng.choice([rng.randint(-5, 20), rng.randint(-330, 330)])
            status, result = outcome(lambda x=x, n=n: repr(round(x, n)))
            kind, ndigits = "round", str(n)
        if status == "ok":
            lines.append(f"{kind}\t{ndigits}\t{x!r}")
            expected.append(str(result))
        else:
            panics.append((kind, ndigits, repr(x), f"{status}: {result}"))
    return lines, expected, panics


class Cases(NamedTuple):
    data: Path  # the data file of the driver
    lines: list[str]  # its lines
    expected: list[str]  # the line CPython gives for each
    panics: list[tuple[str, str, str, str]]  # (kind, spec, value, stderr)


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    lines, expected, panics = make_cases()
    folder = tmp_path_factory.mktemp("format")
    data = folder / "cases.txt"
    data.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return Cases(data, lines, expected, panics)


@pytest.fixture(scope="module")
def driver_exe(tmp_path_factory):
    exe = tmp_path_factory.mktemp("format-build") / "format_driver"
    proc = subprocess.run(
        [str(SPY), "build", str(DRIVER), "-o", str(exe)],
        check=False,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    return exe


def compare(stdout: bytes, lines, expected) -> None:
    got = stdout.decode("utf-8", "surrogatepass").split("\n")
    assert got[-1] == ""
    got = got[:-1]
    assert len(got) == len(expected)
    bad = [
        f"{lines[i]!r}: got {got[i]!r}, want {expected[i]!r}"
        for i in range(len(got))
        if got[i] != expected[i]
    ]
    assert not bad, f"{len(bad)} of {len(got)} differ:\n" + "\n".join(bad[:30])


def test_enough_cases(cases):
    """The draw covers what the module promises to handle."""
    assert len(cases.lines) >= N_FORMAT + N_ROUND - len(cases.panics)
    errors = sum(1 for e in cases.expected if e.startswith("ERROR: "))
    assert 500 < errors < N_FORMAT // 2
    kinds = {line.split("\t")[0] for line in cases.lines}
    assert kinds == {"int", "u64", "float", "str", "bool", "round", "roundi"}
    names = {p[3].split(":")[0] for p in cases.panics}
    assert names == {"ValueError", "OverflowError"}


def check_driver(argv: list[str], cases) -> None:
    """The driver, run by argv on the data file, prints CPython's results."""
    proc = subprocess.run(
        argv + [str(cases.data)],
        check=False,
        capture_output=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    compare(proc.stdout, cases.lines, cases.expected)


def test_compiled(cases, driver_exe):
    check_driver([str(driver_exe)], cases)


def test_interpreter(cases):
    check_driver([str(SPY), str(DRIVER)], cases)


def run_panic(argv, want: str) -> str:
    """ "" when argv panics with the last stderr line `want`."""
    proc = subprocess.run(argv, check=False, capture_output=True, timeout=TIMEOUT)
    err = proc.stderr.decode("utf-8", "surrogatepass").rstrip("\n").split("\n")
    if proc.returncode != 1 or err[-1] != want or proc.stdout != b"":
        return (
            f"{argv[2:]}: status {proc.returncode}, stderr {err[-1]!r}, want {want!r}"
        )
    return ""


def panic_sample(panics):
    """Every panic that is not a ValueError, and one ValueError per message
    kind (the message up to its first quote)."""
    seen = set()
    sample = []
    for p in panics:
        key = p[3].split("'")[0]
        if not p[3].startswith("ValueError") or key not in seen:
            seen.add(key)
            sample.append(p)
    return sample


def test_compiled_panics(cases, driver_exe):
    sample = panic_sample(cases.panics)
    assert len(sample) >= 20
    bad = [run_panic([str(driver_exe), "panic", *p[:3]], p[3]) for p in sample]
    bad = [b for b in bad if b]
    assert not bad, "\n".join(bad)


def test_interpreter_panics(cases):
    sample = panic_sample(cases.panics)
    # one of each exception and function
    picked = {}
    for p in sample:
        picked.setdefault((p[0], p[3].split(":")[0]), p)
    bad = [
        run_panic([str(SPY), str(DRIVER), "panic", *p[:3]], p[3])
        for p in picked.values()
    ]
    bad = [b for b in bad if b]
    assert not bad, "\n".join(bad)
