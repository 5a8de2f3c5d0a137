/*
 * panic.c -- frames, panics and SPy-level tracebacks.
 *
 * Generated functions push a spy_Frame (a local) on entry and pop it on
 * return; spy_frame_top is the innermost.  A panic flushes stdout, prints
 *
 *     Traceback (most recent call last):
 *       File "prog.spy", line 12, in main
 *       File "prog.spy", line 5, in divide
 *     ZeroDivisionError: integer division or modulo by zero
 *
 * to stderr and exits with status 1.  Like CPython, a run of more than
 * three identical frames (deep recursion) prints the first three and
 * "  [Previous line repeated N more times]".
 *
 * Every runtime error goes through spy_panic, and every `raise` of L2
 * through spy_exc_raise: with a `try` active (a handler pushed, see spy.h)
 * they record the exception and jump to the handler instead.
 *
 * A crash (SIGSEGV/SIGBUS) also prints the traceback; a fault on the stack
 * guard page is reported as CPython reports runaway recursion.  On wasm,
 * which has neither signals nor guard pages, recursive functions check the
 * stack depth as they push their frames (spy.h: spy_frame_rec_push).
 */
#define _DEFAULT_SOURCE 1 /* sigaltstack, SA_ONSTACK */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* WASI has no signals: a wasm trap ends the program there */
#if (defined(__unix__) || defined(__APPLE__)) && !defined(__wasi__)
#define SPY_HAVE_SIGNALS 1
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

spy_Frame *spy_frame_top = NULL;


/* ===================================================================== */
/* Traceback                                                             */
/* ===================================================================== */

static bool same_place(const spy_Frame *a, const spy_Frame *b) {
    return a->line == b->line && strcmp(a->func, b->func) == 0 &&
           strcmp(a->file, b->file) == 0;
}

/* CPython's wording, singular included; a block of several lines (mutual
   recursion) says how many */
static void print_repeats(FILE *f, int period, long n) {
    if (period == 1)
        fprintf(f, "  [Previous line repeated %ld more time%s]\n", n,
                n == 1 ? "" : "s");
    else
        fprintf(f, "  [Previous %d lines repeated %ld more time%s]\n", period,
                n, n == 1 ? "" : "s");
}

/* the frame k steps inwards from f (NULL past the end) */
static spy_Frame *inwards(spy_Frame *f, long k) {
    for (; f != NULL && k > 0; k--)
        f = f->prev;
    return f;
}

/* How many times in a row the block of `period` frames starting at f
   occurs (1 when it does not repeat). */
static long block_repeats(spy_Frame *f, int period) {
    long n = 1;
    spy_Frame *a = f, *b = inwards(f, period);
    for (;;) {
        int i;
        for (i = 0; i < period; i++, a = a->prev, b = b->prev)
            if (b == NULL || !same_place(a, b))
                return n;
        n++;
    }
}

/* The shortest block (up to MAX_PERIOD frames) that repeats more than
   three times from f, and how often; period 0 when there is none. */
#define MAX_PERIOD 8
static int repeating_block(spy_Frame *f, long *times) {
    int period;
    for (period = 1; period <= MAX_PERIOD; period++) {
        *times = block_repeats(f, period);
        if (*times > 3)
            return period;
    }
    return 0;
}

static void print_frame(FILE *f, const spy_Frame *frame) {
    fprintf(f, "  File \"%s\", line %ld, in %s\n", frame->file,
            (long)frame->line, frame->func);
}

/* Prints outermost first, as CPython does: a block of frames repeated more
   than three times in a row (a runaway recursion) shows three times, then
   how many more.  Reverses the frame list in place to do so without
   allocating: only call this on the way out. */
static void print_traceback(FILE *f) {
    spy_Frame *cur = spy_frame_top, *outer = NULL;
    if (cur == NULL)
        return;
    spy_frame_top = NULL;
    while (cur != NULL) { /* afterwards each ->prev points inwards */
        spy_Frame *next = cur->prev;
        cur->prev = outer;
        outer = cur;
        cur = next;
    }
    fputs("Traceback (most recent call last):\n", f);
    cur = outer;
    while (cur != NULL) {
        long times, i;
        int period = repeating_block(cur, &times);
        if (period == 0) {
            print_frame(f, cur);
            cur = cur->prev;
            continue;
        }
        for (i = 0; i < 3L * period; i++, cur = cur->prev)
            print_frame(f, cur);
        print_repeats(f, period, times - 3);
        cur = inwards(cur, (times - 3) * period);
    }
}

/* ===================================================================== */
/* Panics and exceptions                                                 */
/* ===================================================================== */

spy_Handler *spy_handler_top = NULL;

/* The pending exception (see spy.h); its traceback is a copy of the frames
   at the raise, innermost first, linked through prev.  GC roots. */
static struct {
    spy_Str *etype;
    spy_Str *msg;
    spy_Frame *tb;
    bool has_obj;
    int64_t serial;
} pending;
static bool pending_rooted;
static int panicking;

SPY_NORETURN static void report(const char *etype, const char *msg,
                                size_t len, spy_Frame *top) {
    panicking = 1;
    spy_stdout_flush();
    if (strcmp(etype, "SystemExit") == 0) {
        /* as in Python: the message alone, no traceback, status 1 */
        fwrite(msg, 1, len, stderr);
        fputc('\n', stderr);
        fflush(stderr);
        exit(1);
    }
    spy_frame_top = top;
    print_traceback(stderr);
    fputs(etype, stderr);
    if (len > 0) {
        fputs(": ", stderr);
        fwrite(msg, 1, len, stderr);
    }
    fputc('\n', stderr);
    fflush(stderr);
    exit(1);
}

static spy_Frame *copy_frames(void) {
    size_t n = 0;
    spy_Frame *f, *out;
    for (f = spy_frame_top; f != NULL; f = f->prev)
        n++;
    if (n == 0)
        return NULL;
    out = spy_gc_alloc_atomic(n * sizeof(spy_Frame));
    n = 0;
    for (f = spy_frame_top; f != NULL; f = f->prev, n++) {
        out[n] = *f;
        out[n].prev = f->prev != NULL ? &out[n + 1] : NULL;
    }
    return out;
}

/* Jump to the innermost handler, which lands with spy_frame_top as it was
   when the handler was pushed. */
SPY_NORETURN static void jump(void) {
    spy_Handler *h = spy_handler_top;
    spy_handler_top = h->prev;
    spy_frame_top = h->frame;
    longjmp(h->jb, 1);
}

static void record(spy_Str *etype, spy_Str *msg, bool has_obj) {
    SPY_ROOT(etype);
    SPY_ROOT(msg);
    if (!pending_rooted) {
        spy_gc_add_root(&pending, sizeof pending);
        pending_rooted = true;
    }
    pending.etype = etype;
    pending.msg = msg;
    pending.has_obj = has_obj;
    pending.serial++;
    pending.tb = NULL;
    pending.tb = copy_frames();
}

SPY_NORETURN static void panic_bytes(const char *etype, const char *msg,
                                     size_t len) {
    if (panicking) { /* a panic while panicking: just get out */
        fprintf(stderr, "%s (while handling a panic)\n", etype);
        _Exit(1);
    }
    /* out of memory: no handler runs, as recording needs memory */
    if (spy_handler_top == NULL || strcmp(etype, "MemoryError") == 0)
        report(etype, msg, len, spy_frame_top);
    panicking = 1;
    {
        spy_Str *name;
        SPY_ROOT(msg); /* it may point into a str */
        name = spy_str_from_cstr(etype);
        SPY_ROOT(name);
        record(name, spy_str_from_utf8(msg, (int32_t)len), false);
    }
    panicking = 0;
    jump();
}

void spy_panic(const char *etype, const char *msg) {
    panic_bytes(etype, msg, msg != NULL ? strlen(msg) : 0);
}

void spy_panic_str(const char *etype, spy_Str *msg) {
    panic_bytes(etype, msg != NULL ? msg->utf8 : NULL,
                msg != NULL ? (size_t)msg->nbytes : 0);
}

void spy_panicf(const char *etype, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof buf)
        n = (int)sizeof buf - 1;
    panic_bytes(etype, buf, (size_t)n);
}

void spy_int_overflow(const char *type, const char *what) {
    spy_panicf("OverflowError", "%s %s overflows", type, what);
}

void spy_exc_raise(spy_Str *etype, spy_Str *msg) {
    SPY_ROOT(etype);
    SPY_ROOT(msg);
    if (spy_handler_top == NULL)
        report(spy_str_cstr(etype), msg->utf8, (size_t)msg->nbytes,
               spy_frame_top);
    record(etype, msg, true);
    jump();
}

void spy_exc_reraise(void) {
    if (spy_handler_top == NULL)
        spy_exc_uncaught();
    jump();
}

void spy_exc_uncaught(void) {
    report(spy_str_cstr(pending.etype), pending.msg->utf8,
           (size_t)pending.msg->nbytes, pending.tb);
}

void spy__exc_print_traceback(FILE *f) {
    spy_Frame *saved = spy_frame_top;
    spy_frame_top = pending.tb;
    pending.tb = NULL; /* print_traceback takes the frames apart */
    print_traceback(f);
    spy_frame_top = saved;
}

spy_Str *spy_exc_name(void) {
    return pending.etype;
}

spy_Str *spy_exc_msg(void) {
    return pending.msg;
}

bool spy_exc_has_obj(void) {
    return pending.has_obj;
}

int64_t spy_exc_serial(void) {
    return pending.serial;
}

/* ===================================================================== */
/* Fatal signals                                                         */
/* ===================================================================== */

#ifdef SPY_HAVE_SIGNALS

/* the checked recursions of a host's module (spy.h): a RecursionError
   that the host's call catches */
char *spy__stack_limit;

void spy__recursion_error(void) {
    spy_panic("RecursionError", "maximum recursion depth exceeded");
}

static char *stack_top;     /* the base recorded by spy_runtime_main */
static size_t stack_limit;  /* RLIMIT_STACK, or a guess */
static char alt_stack[1 << 16];

static void on_fatal_signal(int sig, siginfo_t *info, void *context) {
    char *addr = (char *)info->si_addr;
    bool overflow = sig == SIGSEGV && stack_top != NULL &&
                    addr < stack_top &&
                    (size_t)(stack_top - addr) <= stack_limit + (1u << 20);
    (void)context;
    if (overflow && !panicking) /* never caught: the stack is spent */
        report("RecursionError", "maximum recursion depth exceeded", 32,
               spy_frame_top);
    if (!panicking++) {
        spy_stdout_flush();
        print_traceback(stderr);
        fprintf(stderr, "Fatal error: %s (a bug in SPy or in libspy)\n",
                sig == SIGSEGV ? "segmentation fault" : "bus error");
        fflush(stderr);
    }
    signal(sig, SIG_DFL); /* die of the signal, as a crash should */
    raise(sig);
}

void spy__panic_init(void *stack_base) {
    struct rlimit rl;
    struct sigaction sa;
    stack_t ss;
    stack_top = stack_base;
    stack_limit = (size_t)8 << 20;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        stack_limit = (size_t)rl.rlim_cur;
    ss.ss_sp = alt_stack;
    ss.ss_size = sizeof alt_stack;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, NULL) != 0)
        return;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fatal_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}

#elif defined(__wasm__)

/* The linear-memory stack, from the linker: it grows down from
   __stack_high to __stack_low.  A recursion stops 64 KiB short of the
   bottom, which leaves room to print the report. */
extern char __stack_low;
char *spy__stack_limit;

void spy__panic_init(void *stack_base) {
    (void)stack_base;
    spy__stack_limit = &__stack_low + (64 << 10);
}

void spy__recursion_error(void) {
    report("RecursionError", "maximum recursion depth exceeded", 32,
           spy_frame_top);
}

#else

void spy__panic_init(void *stack_base) {
    (void)stack_base;
}

#endif
