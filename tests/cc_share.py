"""A C compiler that remembers: `python cc_share.py CACHE CC... ARGS...`.

The corpus builds every program with stage0, stage1 and stage2, which
write the same C (the fixed point tests check it). The harness sets `$CC`
to this wrapper, so the real compiler runs once per distinct input and the
other builds get a copy of its result, as ccache would give them.

The key is the command line with every input replaced by a digest of its
content (a `.c` or `.a` file; for `-IDIR`, every header under DIR) and the
output name left out, plus the real compiler's path, size and time. Only
successful compiles are kept, with what the compiler printed.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def headers_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*.h")):
        h.update(str(p.relative_to(folder)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def compiler_identity(cc: str) -> str:
    found = shutil.which(cc)
    if found is None:
        return cc
    st = os.stat(found)
    return "%s %d %d" % (os.path.realpath(found), st.st_size, st.st_mtime_ns)


def cache_key(cc: list[str], args: list[str]) -> tuple[str, str | None]:
    """The key of one command, and its output file (None: not a link)."""
    h = hashlib.sha256(compiler_identity(cc[0]).encode() + b"\0")
    output = None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "-o" and i + 1 < len(args):
            output = args[i + 1]
            i += 2
            continue
        if arg.startswith("-I"):
            part = "-I " + headers_digest(Path(arg[2:]))
        elif arg.endswith((".c", ".a")) and os.path.isfile(arg):
            part = "file " + file_digest(Path(arg))
        else:
            part = arg
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
        i += 1
    for word in cc[1:]:
        h.update(word.encode() + b"\0")
    return h.hexdigest()[:32], output


def main(argv: list[str]) -> int:
    cache = Path(argv[1])
    # the real compiler is every word up to the first option or input
    split = 2
    while split < len(argv) and not argv[split].startswith("-"):
        split += 1
    cc, args = argv[2:split], argv[split:]
    key, output = cache_key(cc, args)
    if output is None:
        return subprocess.call(cc + args)
    entry = cache / ("cc-" + key)
    if not (entry / "out").exists():
        proc = subprocess.run(cc + args, capture_output=True)
        sys.stdout.buffer.write(proc.stdout)
        sys.stderr.buffer.write(proc.stderr)
        if proc.returncode != 0 or not os.path.isfile(output):
            return proc.returncode
        # filled beside its final name, then renamed: a concurrent build
        # sees either no entry or a whole one
        cache.mkdir(parents=True, exist_ok=True)
        part = Path(tempfile.mkdtemp(prefix=key + ".", dir=cache))
        shutil.copy2(output, part / "out")
        (part / "stdout").write_bytes(proc.stdout)
        (part / "stderr").write_bytes(proc.stderr)
        try:
            os.rename(part, entry)
        except OSError:
            shutil.rmtree(part, ignore_errors=True)
        return 0
    os.utime(entry)  # the harness prunes entries unused for days
    shutil.copy2(entry / "out", output)
    sys.stdout.buffer.write((entry / "stdout").read_bytes())
    sys.stderr.buffer.write((entry / "stderr").read_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
