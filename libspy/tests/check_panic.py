#!/usr/bin/env python3
"""Run panic_prog in each mode and check stdout, stderr and exit status.

Usage: check_panic.py PATH/TO/panic_prog
"""
import os
import re
import subprocess
import sys

OUT = "before the end\ncaf\u00e9"

# mode -> (exit status, stdout, stderr: exact text or compiled regex)
CASES = {
    "zerodiv": (1, OUT,
        'Traceback (most recent call last):\n'
        '  File "prog.spy", line 12, in main\n'
        '  File "prog.spy", line 5, in divide\n'
        'ZeroDivisionError: integer division or modulo by zero\n'),
    "assert": (1, OUT,
        'Traceback (most recent call last):\n'
        '  File "prog.spy", line 14, in main\n'
        '  File "lib.spy", line 3, in helper\n'
        'AssertionError\n'),
    "message": (1, OUT,
        'Traceback (most recent call last):\n'
        '  File "prog.spy", line 14, in main\n'
        '  File "lib.spy", line 3, in helper\n'
        "ValueError: bad 'x' \u00e9 \U0001F600\n"),
    "index": (1, OUT,
        'Traceback (most recent call last):\n'
        '  File "prog.spy", line 14, in main\n'
        '  File "lib.spy", line 3, in helper\n'
        'IndexError: string index out of range\n'),
    "overflow": (1, OUT,
        'Traceback (most recent call last):\n'
        '  File "prog.spy", line 14, in main\n'
        '  File "lib.spy", line 3, in helper\n'
        'OverflowError: i32 multiplication overflows\n'),
    "noframes": (1, OUT, 'IndexError: list index out of range\n'),
    "status": (3, OUT, ''),
    "recursion": (1, OUT, re.compile(
        r'Traceback \(most recent call last\):\n'
        r'  File "prog.spy", line 13, in main\n'
        r'(  File "prog.spy", line 21, in recurse\n){3}'
        r'  \[Previous line repeated [1-9][0-9]{3,} more times\]\n'
        r'RecursionError: maximum recursion depth exceeded\n\Z')),
    "segv": (-11, OUT, re.compile(
        r'Traceback \(most recent call last\):\n'
        r'  File "prog.spy", line 14, in main\n'
        r'  File "lib.spy", line 3, in helper\n'
        r'Fatal error: segmentation fault .*\n\Z')),
    "stats": (0, OUT, re.compile(
        r'spy gc: collections: [1-9][0-9]*\n'
        r'spy gc: pause total: [0-9.]+ ms, max: [0-9.]+ ms\n'
        r'spy gc: allocated in total: [0-9]{9,} bytes\n'
        r'spy gc: peak heap: [0-9]+ bytes\n\Z')),
}


def main():
    prog = sys.argv[1]
    failures = 0
    for mode, (status, out, err) in CASES.items():
        env = dict(os.environ)
        env.pop("SPY_GC_STRESS", None)
        if mode == "stats":
            env["SPY_GC_STATS"] = "1"
        p = subprocess.run([prog, mode], capture_output=True, env=env,
                           timeout=60)
        got_out = p.stdout.decode("utf-8")
        got_err = p.stderr.decode("utf-8")
        ok = p.returncode == status and got_out == out
        if isinstance(err, str):
            ok = ok and got_err == err
        else:
            ok = ok and err.match(got_err) is not None
        if not ok:
            failures += 1
            print("FAILED: %s\n  status %r (want %r)\n  stdout %r\n  stderr %r"
                  % (mode, p.returncode, status, got_out, got_err[-2000:]))
        else:
            print("ok: %s" % mode)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
