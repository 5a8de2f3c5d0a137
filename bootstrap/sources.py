"""Print, one per line, the files a bootstrap stage reads: the selfhost
compiler and the stdlib (and, with --stage0, stage0 itself). meson runs it
at setup time to know when a stage must be rebuilt."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def files_under(folder: str, suffix: str) -> list[str]:
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, folder)):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(suffix) and not name.startswith("scratch_"):
                found.append(os.path.join(dirpath, name))
    return found


def main(argv: list[str]) -> None:
    paths = files_under("selfhost", ".spy") + files_under("stdlib", ".spy")
    if "--stage0" in argv:
        paths = paths + files_under("stage0", ".py")
    for path in paths:
        print(os.path.relpath(path, ROOT))


if __name__ == "__main__":
    main(sys.argv[1:])
