"""make playground: assemble the playground (playground/) into a folder
that any static web server can serve, and report what a visit downloads.

    playground.py SOURCE_ROOT SPY_WASM OUT_DIR

OUT_DIR gets the page's own files as they are (no build step for them),
`spy.wasm.gz` (the toolchain built by make wasi) and `files.json.gz`: the
files spy.wasm finds in the page's virtual file system, by absolute path,
the stdlib in `/lib/spy/stdlib/` (spy.wasm runs with SPY_HOME=/lib/spy),
the Lox VM in `/lib/lox/` and the examples menu's programs in
`/examples/`. Both are gzip files that the page unpacks itself
(DecompressionStream), so that the download is small on any server.
Deterministic: the same sources give the same bytes."""

import gzip
import json
import os
import shutil
import sys

PAGE_FILES = ("index.html", "style.css", "playground.js", "worker.js", "wasi.js")
SIZE_GOAL = 2 << 20


def spy_files(folder: str, prefix: str) -> dict[str, str]:
    """The .spy files of folder, keyed prefix + name."""
    files = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".spy"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                files[prefix + name] = f.read()
    return files


def bundle(root: str) -> dict[str, str]:
    files = spy_files(os.path.join(root, "stdlib"), "/lib/spy/stdlib/")
    files.update(spy_files(os.path.join(root, "examples", "lox"), "/lib/lox/"))
    examples = os.path.join(root, "playground", "examples")
    sources = [os.path.join(root, "examples", "hello.spy")]
    sources += [os.path.join(examples, name) for name in sorted(os.listdir(examples))]
    for path in sources:
        with open(path, encoding="utf-8") as f:
            files["/examples/" + os.path.basename(path)] = f.read()
    return files


def write_gzip(path: str, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(gzip.compress(data, compresslevel=9, mtime=0))


def main(root: str, spy_wasm: str, out: str) -> None:
    os.makedirs(out, exist_ok=True)
    for name in PAGE_FILES:
        shutil.copyfile(os.path.join(root, "playground", name), os.path.join(out, name))
    with open(spy_wasm, "rb") as f:
        write_gzip(os.path.join(out, "spy.wasm.gz"), f.read())
    text = json.dumps(bundle(root), sort_keys=True, ensure_ascii=False)
    write_gzip(os.path.join(out, "files.json.gz"), text.encode("utf-8"))

    print("playground: %s (serve it: cd %s && python3 -m http.server)" % (out, out))
    total = 0
    for name in PAGE_FILES + ("spy.wasm.gz", "files.json.gz"):
        size = os.path.getsize(os.path.join(out, name))
        total += size
        print("  %-14s %9d bytes" % (name, size))
    print(
        "  %-14s %9d bytes (%.2f MB; goal: under %d MB)"
        % ("a visit", total, total / 2**20, SIZE_GOAL >> 20)
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
