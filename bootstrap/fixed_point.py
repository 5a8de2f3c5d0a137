"""The fixed-point check: `spy2 cwrite FILE` must write, byte for byte,
the C that `spy1` wrote for FILE. On a mismatch, print the first lines that
differ and fail.

    fixed_point.py SPY2 EXPECTED_C FILE.spy
"""

import os
import sys
import subprocess
import tempfile


def first_difference(a: list[str], b: list[str]) -> int:
    for i in range(min(len(a), len(b))):
        if a[i] != b[i]:
            return i
    return min(len(a), len(b))


def show(label: str, lines: list[str], start: int) -> None:
    print("--- " + label)
    for i in range(start, min(start + 5, len(lines))):
        print("%6d | %s" % (i + 1, lines[i]))


def main(spy2: str, expected_c: str, source: str) -> int:
    with tempfile.TemporaryDirectory(prefix="spy-fixed-point-") as tmp:
        proc = subprocess.run([spy2, "cwrite", source, "-o", tmp])
        if proc.returncode != 0:
            print("fixed point: `%s cwrite %s` failed" % (spy2, source))
            return 1
        name = os.path.basename(expected_c)
        with open(expected_c, encoding="utf-8") as f:
            want = f.read()
        with open(os.path.join(tmp, name), encoding="utf-8") as f:
            got = f.read()
    if got == want:
        print("fixed point: %s (%d bytes) is identical" % (name, len(got)))
        return 0
    a = want.split("\n")
    b = got.split("\n")
    i = first_difference(a, b)
    print("fixed point: the C differs at line %d of %s" % (i + 1, name))
    show("stage1 wrote " + expected_c, a, i)
    show("stage2 wrote", b, i)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3]))
