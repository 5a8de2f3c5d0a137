/*
 * host.c -- SPy functions called from a host program instead of from a
 * SPy `main`: the functions of a Python extension module (`spy build
 * --target pyext`).
 *
 * The generated wrapper of each exported function brackets its call:
 *
 *     spy_host_enter(__builtin_frame_address(0), spy_library_init);
 *     if (spy_try(&h) == 0) { ...call...; spy_handler_pop(&h); ok = true; }
 *     spy_host_leave(!ok);
 *
 * The runtime is one per process and not thread-safe, while the host may
 * call from several threads (cffi releases Python's GIL around a call):
 * enter takes a lock that leave releases. Each call's own frame is the
 * bottom of the stack the collector scans: SPy objects live only inside
 * a call, as the results a host sees are copies (below). An exception
 * that the call does not catch lands in the wrapper's handler, and leave
 * keeps its name, message and traceback for the calling thread, where
 * the host asks for them.
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

/* what the last call of this thread left for the host */
static THREAD_LOCAL bool failed;
static THREAD_LOCAL char *error_text; /* name, NUL, message, NUL, traceback */
static THREAD_LOCAL size_t error_name_len, error_msg_len, error_tb_len;
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

/* The pending exception's name, message and traceback into error_text. */
static void keep_error(void) {
    spy_Str *name = spy_exc_name(), *msg = spy_exc_msg();
    char *tb = NULL;
    size_t tb_len = 0, size;
    FILE *f = open_memstream(&tb, &tb_len);
    if (f != NULL) {
        spy__exc_print_traceback(f);
        fclose(f);
    }
    free(error_text);
    size = (size_t)name->nbytes + (size_t)msg->nbytes + tb_len + 3;
    error_text = malloc(size);
    if (error_text == NULL) {
        fputs("MemoryError (keeping an exception for the host)\n", stderr);
        abort();
    }
    memcpy(error_text, name->utf8, (size_t)name->nbytes);
    error_text[name->nbytes] = '\0';
    memcpy(error_text + name->nbytes + 1, msg->utf8, (size_t)msg->nbytes);
    error_text[name->nbytes + 1 + msg->nbytes] = '\0';
    if (tb_len > 0)
        memcpy(error_text + name->nbytes + msg->nbytes + 2, tb, tb_len);
    error_text[size - 1] = '\0';
    free(tb);
    error_name_len = (size_t)name->nbytes;
    error_msg_len = (size_t)msg->nbytes;
    error_tb_len = tb_len;
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
    spy_host_bytes b = {error_text, (int64_t)error_name_len};
    return b;
}

spy_host_bytes spy_host_error_message(void) {
    spy_host_bytes b = {error_text + error_name_len + 1,
                        (int64_t)error_msg_len};
    return b;
}

spy_host_bytes spy_host_error_traceback(void) {
    spy_host_bytes b = {error_text + error_name_len + error_msg_len + 2,
                        (int64_t)error_tb_len};
    return b;
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
