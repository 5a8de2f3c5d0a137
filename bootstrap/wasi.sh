#!/usr/bin/env bash
# make wasi: the WASI (wasm32-wasi, preview 1) target, beside the native
# toolchain of `make bootstrap`. Installs the `wasi` group of pyproject.toml
# (ziglang, whose `zig cc` is the C compiler, and wasmtime), builds libspy
# for wasm32-wasi with meson in BUILD/wasi (a cross build), and lays out
# BUILD/lib/spy/wasm32-wasi/: libspy.a, `cc` (the C compiler) and `run`
# (libspy/wasi/run.py, the launcher of `spy build -x --target wasi`).
# Then BUILD/wasi/spy.wasm: selfhost built for WASI by BUILD/bin/spy, again
# whenever a source of selfhost, the stdlib or libspy is newer.
#   wasi.sh PYTHON VENV BUILD
set -euo pipefail
PYTHON=$1 VENV=$2 BUILD=$3
HOME_WASI=$BUILD/lib/spy/wasm32-wasi
CROSS=$BUILD/wasi-cross.ini

bash bootstrap/venv.sh "$PYTHON" "$VENV" wasi
PY=$(cd "$VENV/bin" && pwd)/python
ZIG=$("$PY" -c 'import os, ziglang; print(os.path.dirname(ziglang.__file__))')/zig
mkdir -p "$HOME_WASI"

# the C compiler: zig cc for wasm32-wasi (the flags that shape the code,
# setjmp/longjmp as wasm exceptions, are spy build's and the cross file's)
cat >"$HOME_WASI/cc.tmp" <<SH
#!/bin/sh
exec "$ZIG" cc -target wasm32-wasi "\$@"
SH
chmod +x "$HOME_WASI/cc.tmp"
mv "$HOME_WASI/cc.tmp" "$HOME_WASI/cc"

cat >"$HOME_WASI/run.tmp" <<SH
#!/bin/sh
exec "$PY" "$(pwd)/libspy/wasi/run.py" "\$@"
SH
chmod +x "$HOME_WASI/run.tmp"
mv "$HOME_WASI/run.tmp" "$HOME_WASI/run"

# c_args: the same as WASI_C_FLAGS in selfhost/build.spy
cat >"$CROSS.tmp" <<INI
[binaries]
c = ['$(pwd)/$HOME_WASI/cc']
ar = ['$ZIG', 'ar']

[built-in options]
c_args = ['-mexception-handling', '-mllvm', '-wasm-enable-sjlj', '-mllvm', '-wasm-use-legacy-eh=false']

[host_machine]
system = 'wasi'
cpu_family = 'wasm32'
cpu = 'wasm32'
endian = 'little'
INI
if ! cmp -s "$CROSS.tmp" "$CROSS"; then
    mv "$CROSS.tmp" "$CROSS"
    rm -rf "$BUILD/wasi"
else
    rm "$CROSS.tmp"
fi
if [ ! -f "$BUILD/wasi/build.ninja" ]; then
    "$VENV/bin/meson" setup --cross-file "$CROSS" "$BUILD/wasi" >/dev/null
fi
log=$("$VENV/bin/meson" compile -C "$BUILD/wasi" 2>&1) || { echo "$log"; exit 1; }
ln -sf "$(pwd)/$BUILD/wasi/libspy/libspy.a" "$HOME_WASI/libspy.a"

SPY_WASM=$BUILD/wasi/spy.wasm
# (stage2/spy: build/bin/spy is its copy, made anew by each make bootstrap)
if [ ! -f "$SPY_WASM" ] || [ -n "$(find selfhost stdlib libspy "$BUILD/stage2/spy" \
        "$BUILD/wasi/libspy/libspy.a" -newer "$SPY_WASM" -print -quit)" ]; then
    # -DSPY_WRAP_INTEGERS: the toolchain's C flags, as in meson.build
    SPY_WASI_CC="$HOME_WASI/cc -DSPY_WRAP_INTEGERS" \
        "$BUILD/bin/spy" build --target wasi -O2 selfhost/main.spy -o "$SPY_WASM.tmp"
    mv "$SPY_WASM.tmp" "$SPY_WASM"
fi
