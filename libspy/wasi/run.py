"""Runs a WASI (preview 1) module the way a native program runs:

    run.py MODULE.wasm [ARGS...]

with the module's argv (MODULE.wasm first, as argv[0]), this process's
environment, stdin, stdout and stderr, the host's `/` as a preopened
directory, and the module's exit status as ours. WASI has no current
folder: `$PWD` tells the module ours, and libspy starts there (runtime.c),
so relative paths mean what they mean natively.
A trap (an out-of-bounds access, an exhausted call stack) is printed to
stderr like a crash and exits with status 134, as an abort does natively.

Wasmtime compiles a module once and keeps the machine code in its cache
(`~/.cache/wasmtime`), so a second run starts at once. `spy build -x
--target wasi` runs modules through this file (`$SPY_WASM_RUNNER`
replaces it).
"""

import os
import sys
import threading

import wasmtime
from wasmtime import _bindings

TRAP_STATUS = 134
# The module's calls run on this process's native stack, which must outlast
# the module's own 8 MiB stack in linear memory (spy build's WASI_C_FLAGS):
# libspy stops a runaway recursion there with RecursionError, which a trap
# on the native stack would pre-empt. The module runs on a thread with room.
MAX_WASM_STACK = 64 << 20
THREAD_STACK = MAX_WASM_STACK + (16 << 20)


def configure() -> wasmtime.Engine:
    config = wasmtime.Config()
    # libspy's panics and `try` are setjmp/longjmp, which the C compiler
    # lowers to the exception handling proposal
    config.wasm_exceptions = True
    config.cache = True
    # wasmtime-py has no setter for the async stack, and a store crashes
    # when max_wasm_stack exceeds it (2 MiB by default)
    _bindings.wasmtime_config_async_stack_size_set(config.ptr(), MAX_WASM_STACK)
    config.max_wasm_stack = MAX_WASM_STACK
    return wasmtime.Engine(config)


def wasi_config(argv: list[str]) -> wasmtime.WasiConfig:
    wasi = wasmtime.WasiConfig()
    wasi.argv = argv
    env = dict(os.environ)
    env["PWD"] = os.getcwd()
    wasi.env = list(env.items())
    wasi.inherit_stdin()
    wasi.inherit_stdout()
    wasi.inherit_stderr()
    wasi.preopen_dir("/", "/")
    return wasi


def run(argv: list[str]) -> int:
    engine = configure()
    store = wasmtime.Store(engine)
    store.set_wasi(wasi_config(argv))
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    module = wasmtime.Module.from_file(engine, argv[0])
    instance = linker.instantiate(store, module)
    start = instance.exports(store)["_start"]
    assert isinstance(start, wasmtime.Func)
    try:
        start(store)
    except wasmtime.ExitTrap as e:
        return e.code
    except wasmtime.Trap as e:
        sys.stdout.flush()
        what = e.trap_code.name.lower().replace("_", " ") if e.trap_code else "trap"
        print("Fatal error: wasm trap: %s" % what, file=sys.stderr)
        return TRAP_STATUS
    return 0


def run_reporting(argv: list[str], status: list[int]) -> None:
    try:
        status.append(run(argv))
    except (OSError, wasmtime.WasmtimeError) as e:
        print("error: %s: %s" % (argv[0], str(e).splitlines()[0]), file=sys.stderr)
        status.append(1)


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: run.py MODULE.wasm [ARGS...]", file=sys.stderr)
        return 2
    status: list[int] = []
    threading.stack_size(THREAD_STACK)
    thread = threading.Thread(target=run_reporting, args=(sys.argv[1:], status))
    thread.start()
    thread.join()
    return status[0] if status else 1


if __name__ == "__main__":
    sys.exit(main())
