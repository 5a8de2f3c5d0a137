/*
 * runtime.c -- the program entry: spy_runtime_main and argv.
 *
 * Generated code:  int main(int argc, char **argv)
 *                  { return spy_runtime_main(argc, argv, spy_entry); }
 * spy_entry registers the GC roots, initialises the globals and runs the
 * user's main.  Environment:
 *   SPY_GC_STRESS=1   collect at every allocation (=N: every Nth)
 *   SPY_GC_STATS=1    print GC statistics to stderr at exit
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "internal.h"

static int32_t saved_argc;
static char **saved_argv;
static bool print_stats, finished;

static bool env_flag(const char *name) {
    const char *v = getenv(name);
    return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0;
}

/* SPY_GC_STRESS: unset or "0" -> 0, a number N -> N, anything else -> 1 */
static uint32_t env_stress(void) {
    const char *v = getenv("SPY_GC_STRESS");
    char *end;
    unsigned long n;
    if (!env_flag("SPY_GC_STRESS"))
        return 0;
    n = strtoul(v, &end, 10);
    return *end == '\0' && n > 0 && n <= 0xFFFFFFFFu ? (uint32_t)n : 1;
}

/* Runs once: on return from main, or from exit() (panics, os.exit). */
static void runtime_finish(void) {
    if (finished)
        return;
    finished = true;
    spy_stdout_flush();
    if (print_stats)
        spy_gc_print_stats(stderr);
}

void spy__runtime_start(void *stack_base) {
    print_stats = env_flag("SPY_GC_STATS");
    spy_gc_init(stack_base, env_stress());
    atexit(runtime_finish);
}

int spy_runtime_main(int argc, char **argv, int32_t (*entry)(void)) {
    /* The stack base lives in this frame, so every frame of the program
       (entry and below) is between it and the collector. */
    volatile uintptr_t marker = 0;
    uintptr_t base = (uintptr_t)(&marker + 1);
    int32_t status;
#if defined(__GNUC__)
    uintptr_t frame = (uintptr_t)__builtin_frame_address(0);
    if (frame > base)
        base = frame;
#endif
    saved_argc = argc;
    saved_argv = argv;
    spy__runtime_start((void *)base);
    spy__panic_init((void *)base);
    status = entry();
    runtime_finish();
    return (int)status;
}

int32_t spy_runtime_argc(void) {
    return saved_argc;
}

const char *spy_runtime_argv(int32_t i) {
    if (i < 0 || i >= saved_argc)
        return NULL;
    return saved_argv[i];
}

spy_Str *spy_runtime_argv_str(int32_t i) {
    if (i < 0 || i >= saved_argc)
        spy_panic("IndexError", "argv index out of range");
    return spy_str_from_cstr(saved_argv[i]);
}

#if defined(__wasi__) && defined(__wasm_exception_handling__)
/* setjmp/longjmp on wasm are lowered by the C compiler to the exception
   handling proposal (-mllvm -wasm-enable-sjlj): longjmp throws the tag
   __c_longjmp, which the C library's runtime refers to but does not
   define.  Its payload is one pointer, an i32 on wasm32. */
__asm__(".globl __c_longjmp\n"
        ".tagtype __c_longjmp i32\n"
        "__c_longjmp:\n");
#endif
