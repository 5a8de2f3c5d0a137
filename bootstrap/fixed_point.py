"""The fixed-point check: `spy2 cwrite FILE [OPTIONS]` must write, byte for
byte, the C files that `spy1` wrote for FILE into the folder of EXPECTED
(one of them), and no others. On a mismatch, print the first lines that
differ and fail.

    fixed_point.py SPY2 EXPECTED FILE.spy [CWRITE_OPTIONS...]
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


def read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def compare(name: str, want_path: str, got: str) -> bool:
    """Is the file spy2 wrote (`got`) the one stage1 wrote? Else say where
    they differ."""
    if not os.path.exists(want_path):
        print("fixed point: stage2 wrote %s, which stage1 did not" % name)
        return False
    want = read(want_path)
    if got == want:
        return True
    a = want.split("\n")
    b = got.split("\n")
    i = first_difference(a, b)
    print("fixed point: the C differs at line %d of %s" % (i + 1, name))
    show("stage1 wrote " + want_path, a, i)
    show("stage2 wrote", b, i)
    return False


def main(spy2: str, expected: str, source: str, options: list[str]) -> int:
    expected_dir = os.path.dirname(expected)
    with tempfile.TemporaryDirectory(prefix="spy-fixed-point-") as tmp:
        proc = subprocess.run([spy2, "cwrite", source, "-o", tmp] + options)
        if proc.returncode != 0:
            print("fixed point: `%s cwrite %s` failed" % (spy2, source))
            return 1
        names = sorted(os.listdir(tmp))
        same = True
        size = 0
        for name in names:
            got = read(os.path.join(tmp, name))
            size = size + len(got)
            if not compare(name, os.path.join(expected_dir, name), got):
                same = False
    if not same:
        return 1
    print("fixed point: %s (%d bytes) identical to stage1's" % (", ".join(names), size))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))
