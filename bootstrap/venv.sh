#!/usr/bin/env bash
# The virtual environment: `venv.sh PYTHON VENV bootstrap` installs what
# `make bootstrap` needs (pyproject.toml's dependencies: rply, meson,
# ninja); `venv.sh PYTHON VENV test` adds what `make test` needs (its
# optional dependencies `test`). Each group is installed once, and again
# when pyproject.toml changes. stage0 is importable from the venv through
# a .pth file naming the checkout, as an editable install would make, but
# without building a package.
set -euo pipefail
PYTHON=$1 VENV=$2 GROUP=$3
STAMP=$VENV/.installed-$GROUP

if [ -f "$STAMP" ] && [ "$STAMP" -nt pyproject.toml ]; then
    exit 0
fi
# a venv without its own pip is made in a second rather than five, when
# this Python's pip can install into another environment (pip >= 22.3)
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv --without-pip "$VENV"
fi
# the Python the venv was made from: `make` puts the venv first on PATH,
# so $PYTHON may be the venv's own by now
BASE=$("$VENV/bin/python" -c 'import sys; print(sys._base_executable)')
if "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    PIP=("$VENV/bin/python" -m pip)
elif "$BASE" -m pip --python "$VENV/bin/python" --version >/dev/null 2>&1; then
    PIP=("$BASE" -m pip --python "$VENV/bin/python")
else
    "$VENV/bin/python" -m ensurepip >/dev/null
    PIP=("$VENV/bin/python" -m pip)
fi
# the requirements of the group, one per line, from pyproject.toml
mapfile -t REQS < <("$VENV/bin/python" - "$GROUP" <<'EOF'
import sys
import tomllib

with open("pyproject.toml", "rb") as f:
    project = tomllib.load(f)["project"]
if sys.argv[1] == "bootstrap":
    reqs = project["dependencies"]
else:
    reqs = project["optional-dependencies"][sys.argv[1]]
print("\n".join(reqs))
EOF
)
# --no-compile halves the time: Python compiles a module on first import
# instead, and only the modules we use
"${PIP[@]}" install -q --no-compile "${REQS[@]}"
SITE=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
printf '%s\n' "$PWD" >"$SITE/spy-checkout.pth"
touch "$STAMP"
