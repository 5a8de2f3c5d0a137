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
replaces it); the test harness runs them in its own process through
`Runner`, with a time limit.
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


def configure(interruptible: bool) -> wasmtime.Engine:
    config = wasmtime.Config()
    # libspy's panics and `try` are setjmp/longjmp, which the C compiler
    # lowers to the exception handling proposal
    config.wasm_exceptions = True
    config.cache = True
    # wasmtime-py has no setter for the async stack, and a store crashes
    # when max_wasm_stack exceeds it (2 MiB by default)
    _bindings.wasmtime_config_async_stack_size_set(config.ptr(), MAX_WASM_STACK)
    config.max_wasm_stack = MAX_WASM_STACK
    config.epoch_interruption = interruptible
    return wasmtime.Engine(config)


class Runner:
    """Runs modules on one engine, compiling each module once. An
    interruptible runner (a little slower) stops a run at its time limit."""

    def __init__(self, interruptible: bool = False) -> None:
        self.engine = configure(interruptible)
        self.interruptible = interruptible
        self.modules: dict[str, tuple[float, wasmtime.Module]] = {}

    def module(self, path: str) -> wasmtime.Module:
        mtime = os.stat(path).st_mtime
        if path not in self.modules or self.modules[path][0] != mtime:
            self.modules[path] = (mtime, wasmtime.Module.from_file(self.engine, path))
        return self.modules[path][1]

    def run(
        self,
        argv: list[str],
        env: dict[str, str],
        outputs: tuple[str, str] | None = None,
        timeout: float | None = None,
    ) -> int | None:
        """Run the module argv[0] with this argv and environment, in the
        folder $PWD of env; stdin, stdout and stderr are ours, or stdout and
        stderr go to the files `outputs` (and stdin is empty). Its exit
        status, or None when it ran out of time. On a thread with room for
        the module's stack."""
        status: list[int | None] = [1]

        def body() -> None:
            try:
                status[0] = self.start(argv, env, outputs, timeout)
            except (OSError, wasmtime.WasmtimeError) as e:
                report(outputs, "error: %s: %s" % (argv[0], str(e).splitlines()[0]))

        threading.stack_size(THREAD_STACK)
        thread = threading.Thread(target=body)
        thread.start()
        thread.join()
        return status[0]

    def start(
        self,
        argv: list[str],
        env: dict[str, str],
        outputs: tuple[str, str] | None,
        timeout: float | None,
    ) -> int | None:
        store = wasmtime.Store(self.engine)
        store.set_wasi(wasi_config(argv, env, outputs))
        linker = wasmtime.Linker(self.engine)
        linker.define_wasi()
        instance = linker.instantiate(store, self.module(argv[0]))
        start = instance.exports(store)["_start"]
        assert isinstance(start, wasmtime.Func)
        timer = None
        if self.interruptible:
            store.set_epoch_deadline(1)
            if timeout is not None:
                timer = threading.Timer(timeout, self.engine.increment_epoch)
                timer.start()
        try:
            start(store)
        except wasmtime.ExitTrap as e:
            return e.code
        except wasmtime.Trap as e:
            if e.trap_code == wasmtime.TrapCode.INTERRUPT:
                return None
            what = e.trap_code.name.lower().replace("_", " ") if e.trap_code else "trap"
            report(outputs, "Fatal error: wasm trap: %s" % what)
            return TRAP_STATUS
        finally:
            if timer is not None:
                timer.cancel()
        return 0


def wasi_config(
    argv: list[str], env: dict[str, str], outputs: tuple[str, str] | None
) -> wasmtime.WasiConfig:
    wasi = wasmtime.WasiConfig()
    wasi.argv = argv
    wasi.env = list(env.items())
    if outputs is None:
        wasi.inherit_stdin()
        wasi.inherit_stdout()
        wasi.inherit_stderr()
    else:
        wasi.stdout_file = outputs[0]
        wasi.stderr_file = outputs[1]
    wasi.preopen_dir("/", "/")
    return wasi


def report(outputs: tuple[str, str] | None, message: str) -> None:
    """A line of the runner's own on the module's stderr, after its output."""
    sys.stdout.flush()
    if outputs is None:
        print(message, file=sys.stderr)
    else:
        with open(outputs[1], "a") as f:
            f.write(message + "\n")


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: run.py MODULE.wasm [ARGS...]", file=sys.stderr)
        return 2
    env = dict(os.environ)
    env["PWD"] = os.getcwd()
    status = Runner().run(sys.argv[1:], env)
    return 1 if status is None else status


if __name__ == "__main__":
    sys.exit(main())
