/*
 * panic_prog.c -- a program that ends in the way its first argument says;
 * check_panic.py runs it and checks stdout, stderr and the exit status.
 * The frames imitate what generated code does.
 */
#include <stdio.h>
#include <string.h>

#include "spy.h"

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

static const char *mode = "";
static int32_t depth_limit;

static NOINLINE int32_t divide(int32_t a, int32_t b) {
    spy_Frame F;
    int32_t r;
    spy_frame_push(&F, "divide", "prog.spy", 4);
    F.line = 5;
    r = spy_i32_floordiv(a, b);
    spy_frame_pop(&F);
    return r;
}

static NOINLINE int64_t recurse(int64_t n) {
    spy_Frame F;
    volatile char pad[64];
    int64_t r;
    spy_frame_push(&F, "recurse", "prog.spy", 20);
    F.line = 21;
    pad[0] = (char)n;
    if (n == depth_limit) /* never, with the limit at -1 */
        r = 0;
    else
        r = recurse(n + 1) + pad[0];
    spy_frame_pop(&F);
    return r;
}

static NOINLINE int32_t helper(void) {
    spy_Frame F;
    spy_frame_push(&F, "helper", "lib.spy", 2);
    F.line = 3;
    if (strcmp(mode, "assert") == 0)
        spy_panic("AssertionError", "");
    if (strcmp(mode, "message") == 0)
        spy_panic_str("ValueError",
                      spy_str_from_cstr("bad 'x' \303\251 \360\237\230\200"));
    if (strcmp(mode, "overflow") == 0) /* unknown to the compiler: checked */
        spy_i32_mul(65536, 32770 + depth_limit); /* 32768 */
    if (strcmp(mode, "index") == 0)
        spy_str_getitem(spy_str_from_cstr("abc"), 3);
    if (strcmp(mode, "segv") == 0) /* a small address, known at run time */
        *(volatile int *)(uintptr_t)(16 * (100 - depth_limit)) = 1;
    spy_frame_pop(&F);
    return 0;
}

static int32_t entry(void) {
    spy_Frame F;
    spy_frame_push(&F, "main", "prog.spy", 10);
    F.line = 11;
    spy_stdout_write_cstr("before the end\n");
    spy_stdout_write(spy_str_from_cstr("caf\303\251"));
    if (strcmp(mode, "noframes") == 0) {
        spy_frame_pop(&F);
        spy_panic("IndexError", "list index out of range");
    }
    if (strcmp(mode, "status") == 0) {
        spy_frame_pop(&F);
        return 3;
    }
    if (strcmp(mode, "stats") == 0) {
        int i;
        for (i = 0; i < 100000; i++)
            spy_gc_alloc(1000);
        spy_frame_pop(&F);
        return 0;
    }
    F.line = 12;
    if (strcmp(mode, "zerodiv") == 0)
        divide(1, 0);
    F.line = 13;
    if (strcmp(mode, "recursion") == 0)
        recurse(0);
    F.line = 14;
    helper();
    spy_frame_pop(&F);
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1)
        mode = argv[1];
    depth_limit = -argc; /* unknown to the compiler, never reached */
    return spy_runtime_main(argc, argv, entry);
}
