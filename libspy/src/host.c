/*
 * host.c -- SPy functions called from a host program instead of from a
 * SPy `main`: the functions of a Python extension module (`spy build
 * --target pyext`).
 *
 * The generated wrapper of each exported function brackets its call:
 *
 *     spy_host_enter(__builtin_frame_address(0), spy_library_init);
 *     if (spy_try(&h) != 0) {
 *         spy_host_leave(true);
 *         return <the failure value>;
 *     }
 *     ...the call...;
 *     spy_handler_pop(&h);
 *     spy_host_leave(false);
 *
 * The runtime is one per process and not thread-safe, while the host may
 * call from several threads (cffi releases Python's GIL around a call):
 * enter takes a lock that leave releases. Each call's own frame is the
 * bottom of the stack the collector scans: SPy objects live only inside
 * a call, as the results a host sees are copies (below). An exception
 * that the call does not catch lands in the wrapper's handler, and leave
 * keeps its name, message and traceback for the calling thread, where
 * the host asks for them. No signal handler is installed: the process's
 * signals are the host's, so a runaway recursion is stopped by the checks
 * of spy.h (SPY_HOST) against the calling thread's stack instead.
 */
#if !defined(__wasm__)

#define _GNU_SOURCE /* open_memstream, pthread_getattr_np */

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int locked;
static bool started;

/* Thread-local, in the static TLS block: the module is small and loaded
   once, and this model spares every access a call to __tls_get_addr */
#if defined(__GNUC__)
#define THREAD_LOCAL __thread __attribute__((tls_model("initial-exec")))
#else
#define THREAD_LOCAL __thread
#endif

/* what the last call of this thread left for the host: whether it failed,
   and the last exception's parts (malloc'd, each NUL-terminated) */
static THREAD_LOCAL bool failed;
static THREAD_LOCAL spy_host_bytes error_name, error_msg, error_tb;
/* Results copied out of the GC heap, valid until the thread's next call:
   blocks that never move, the newest first. */
typedef struct Block {
    struct Block *next;
    size_t cap, used;
    char data[];
} Block;
static THREAD_LOCAL Block *arena;
/* the lowest address of this thread's stack that a SPy recursion may
   reach (spy__stack_limit while the thread calls) */
static THREAD_LOCAL char *stack_limit;

/* Room left below the limit: enough to record the RecursionError (its
   traceback is copied to the GC heap) and to return to the host. */
#define STACK_MARGIN ((size_t)256 << 10)

static char *thread_stack_limit(void *frame) {
    pthread_attr_t attr;
    void *low;
    size_t size;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
        return (char *)frame - ((size_t)1 << 20); /* a guess: 1 MiB */
    pthread_attr_getstack(&attr, &low, &size);
    pthread_attr_destroy(&attr);
    return (char *)low + STACK_MARGIN;
}

/* forget the last call's results, keeping the newest block for reuse */
static void arena_reset(void) {
    if (arena == NULL)
        return;
    while (arena->next != NULL) {
        Block *older = arena->next;
        arena->next = older->next;
        free(older);
    }
    arena->used = 0;
}

void spy_host_enter(void *frame, void (*init)(void)) {
    while (__atomic_exchange_n(&locked, 1, __ATOMIC_ACQUIRE))
        sched_yield();
    if (!started) {
        started = true;
        spy__runtime_start(frame);
        init();
    }
    spy__gc_set_stack_base(frame);
    if (stack_limit == NULL)
        stack_limit = thread_stack_limit(frame);
    spy__stack_limit = stack_limit;
    arena_reset();
}

/* *dst, now a NUL-terminated copy of the n bytes at src */
static void keep(spy_host_bytes *dst, const char *src, size_t n) {
    char *copy = malloc(n + 1);
    if (copy == NULL) {
        fputs("MemoryError (keeping an exception for the host)\n", stderr);
        abort();
    }
    memcpy(copy, src, n);
    copy[n] = '\0';
    free((void *)dst->data);
    dst->data = copy;
    dst->size = (int64_t)n;
}

/* the pending exception's name, message and traceback, for the host */
static void keep_error(void) {
    char *tb = NULL;
    size_t tb_len = 0;
    FILE *f = open_memstream(&tb, &tb_len);
    if (f != NULL) {
        spy__exc_print_traceback(f);
        fclose(f);
    }
    keep(&error_name, spy_exc_name()->utf8, (size_t)spy_exc_name()->nbytes);
    keep(&error_msg, spy_exc_msg()->utf8, (size_t)spy_exc_msg()->nbytes);
    keep(&error_tb, tb != NULL ? tb : "", tb_len);
    free(tb);
}

void spy_host_leave(bool call_failed) {
    failed = call_failed;
    if (call_failed)
        keep_error();
    spy_stdout_flush();
    __atomic_store_n(&locked, 0, __ATOMIC_RELEASE);
}

bool spy_host_failed(void) {
    return failed;
}

spy_host_bytes spy_host_error_name(void) {
    return error_name;
}

spy_host_bytes spy_host_error_message(void) {
    return error_msg;
}

spy_host_bytes spy_host_error_traceback(void) {
    return error_tb;
}

void *spy_host_arena_alloc(size_t nbytes) {
    char *p;
    nbytes = (nbytes + 15) & ~(size_t)15;
    if (arena == NULL || arena->used + nbytes > arena->cap) {
        size_t cap = arena != NULL ? 2 * arena->cap : 4096;
        Block *b;
        if (cap < nbytes)
            cap = nbytes;
        b = malloc(sizeof(Block) + cap);
        if (b == NULL)
            spy_panic("MemoryError", "");
        b->next = arena;
        b->cap = cap;
        b->used = 0;
        arena = b;
    }
    p = arena->data + arena->used;
    arena->used += nbytes;
    return p;
}

spy_host_bytes spy_host_result_str(spy_Str *s) {
    spy_host_bytes b;
    char *copy = spy_host_arena_alloc((size_t)s->nbytes + 1);
    memcpy(copy, s->utf8, (size_t)s->nbytes);
    b.data = copy;
    b.size = s->nbytes;
    return b;
}

int32_t spy_host_array_len(int64_t n) {
    if (n > INT32_MAX)
        spy_panic("OverflowError", "an array of more than 2**31 - 1 items");
    return (int32_t)n;
}

#endif /* !__wasm__ */
