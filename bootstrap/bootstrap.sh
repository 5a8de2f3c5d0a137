#!/usr/bin/env bash
# make bootstrap: venv, libspy, stage1, stage2, the rest of the build (the
# C tests, the Lox VM), the fixed point, then build/bin/spy and
# build/bin/lox. Prints each step with its time, and the total.
#   bootstrap.sh PYTHON VENV BUILD
set -euo pipefail
PYTHON=$1 VENV=$2 BUILD=$3
MESON=$VENV/bin/meson

now() { date +%s.%N; }
START=$(now)
step() {  # step NAME COMMAND...
    local name=$1 t0 t1
    shift
    t0=$(now)
    "$@"
    t1=$(now)
    awk -v n="$name" -v a="$t0" -v b="$t1" 'BEGIN { printf "== %-12s %6.1f s\n", n, b - a }'
}

venv() { bash bootstrap/venv.sh "$PYTHON" "$VENV" bootstrap; }

# meson learns the stages' sources at setup (bootstrap/sources.py): set up
# again when a module was added or removed since
setup() {
    local sources
    sources=$("$VENV/bin/python" bootstrap/sources.py --stage0)
    if [ ! -f "$BUILD/build.ninja" ]; then
        "$MESON" setup "$BUILD" >/dev/null
    elif [ "$sources" != "$(cat "$BUILD/bootstrap-sources.txt" 2>/dev/null)" ]; then
        "$MESON" setup --reconfigure "$BUILD" >/dev/null
    fi
    printf '%s\n' "$sources" >"$BUILD/bootstrap-sources.txt"
}

quiet() {  # run a command, showing its output only when it fails
    local log
    log=$("$@" 2>&1) || { echo "$log"; return 1; }
}

compile() { quiet "$MESON" compile -C "$BUILD" "$@"; }

fixed_point() { quiet "$MESON" test -C "$BUILD" --suite bootstrap --print-errorlogs; }

install_bin() {
    mkdir -p "$BUILD/bin"
    cp "$BUILD/stage2/spy" "$BUILD/bin/spy.tmp"
    mv "$BUILD/bin/spy.tmp" "$BUILD/bin/spy"
    cp "$BUILD/examples/lox/lox" "$BUILD/bin/lox.tmp"
    mv "$BUILD/bin/lox.tmp" "$BUILD/bin/lox"
}

step venv venv
step "meson setup" setup
step libspy compile spy:static_library
step stage1 compile stage1/spy:executable
step stage2 compile stage2/spy:executable
step "the rest" compile
step "fixed point" fixed_point
step "build/bin" install_bin
awk -v a="$START" -v b="$(now)" 'BEGIN { printf "== %-12s %6.1f s\n", "total", b - a }'
