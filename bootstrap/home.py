"""Lay out the runtime home of the build tree, `build/lib/spy/`, as
`make install` lays out `PREFIX/lib/spy/`: `include/`, `libspy.a` and
`stdlib/`, here as symlinks to the sources and to the built library.
`build/bin/spy`, `build/stage1/spy` and `build/stage2/spy` find it
relative to themselves (docs/architecture.md section 8)."""

import os
import sys


def link(target: str, name: str) -> None:
    """A relative symlink: spy.wasm (make wasi) reads the home through a
    WASI preopen of `/`, where an absolute link does not resolve."""
    target = os.path.relpath(target, os.path.dirname(os.path.abspath(name)))
    if os.path.islink(name) or os.path.exists(name):
        if os.path.islink(name) and os.readlink(name) == target:
            return
        os.remove(name)
    os.symlink(target, name)


def main(home: str, source_root: str, libspy_a: str) -> None:
    os.makedirs(home, exist_ok=True)
    link(os.path.join(source_root, "libspy", "include"), os.path.join(home, "include"))
    link(os.path.join(source_root, "stdlib"), os.path.join(home, "stdlib"))
    link(libspy_a, os.path.join(home, "libspy.a"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
