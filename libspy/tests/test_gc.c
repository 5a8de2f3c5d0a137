/*
 * test_gc.c -- the garbage collector.  One program, one scenario per
 * argument (each a separate meson test):
 *
 *   big        allocate > 2 GiB in total (linked lists, buffers of mixed
 *              sizes, large objects) while keeping little alive; objects
 *              kept through stack variables, a registered root and a ring
 *              of survivors must stay intact; peak RSS must stay < 200 MiB
 *   interior   an object reachable only through an interior pointer
 *              survives (small and large), unreachable objects are freed,
 *              registered roots keep objects, unregistered statics do not,
 *              weak slots are cleared when (and only when) objects die
 *   registers  eight lists built at once in locals (more than there are
 *              callee-saved registers), collecting at every allocation;
 *              on x86-64, a collection while an object's only references
 *              are in callee-saved registers
 *   stress     SPY_GC_STRESS=1 set before start-up: a collection at every
 *              allocation, and everything still works
 *   overflow   a mark stack limited to 8 entries: wide and deep structures
 *              survive through the overflow rescan
 */
#include <time.h>

#include "../src/gc.h"
#include "check.h"

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

typedef struct Node {
    struct Node *next;
    int64_t value;
} Node;

static uint64_t rng_state = 0x2545F4914F6CDD1Du;

static uint64_t rng(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* a list of n nodes valued first, first + 1, ... */
static Node *list_new(int64_t first, int n) {
    Node *head = NULL;
    int i;
    for (i = n - 1; i >= 0; i--) {
        Node *node = spy_gc_alloc(sizeof(Node));
        node->next = head;
        node->value = first + i;
        head = node;
    }
    return head;
}

static bool list_ok(const Node *node, int64_t first, int n) {
    int i;
    for (i = 0; i < n; i++, node = node->next)
        if (node == NULL || node->value != first + i)
            return false;
    return node == NULL;
}

/* overwrite the dead part of the stack, so that stale copies of pointers
   do not keep objects alive */
static NOINLINE void clobber_stack(void) {
    volatile char buf[32768];
    size_t i;
    for (i = 0; i < sizeof buf; i++)
        buf[i] = 0;
}

static size_t peak_rss_kib(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    size_t kib = 0;
    if (f == NULL)
        return 0;
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "VmHWM:", 6) == 0)
            kib = (size_t)strtoull(line + 6, NULL, 10);
    fclose(f);
    return kib;
}

/* ===================================================================== */
/* big                                                                   */
/* ===================================================================== */

#define RING 64
#define LARGE_RING 16

typedef struct Kept { /* one entry of the survivor ring */
    Node *list;
    int64_t first;
    int n;
} Kept;

static Node *global_list; /* registered as a root */

static void fill_buffer(unsigned char *p, size_t n, unsigned seed) {
    size_t i;
    for (i = 0; i < n; i += 61)
        p[i] = (unsigned char)(seed + i);
    p[n - 1] = (unsigned char)seed;
}

static bool buffer_ok(const unsigned char *p, size_t n, unsigned seed) {
    size_t i;
    for (i = 0; i < n; i += 61)
        if (p[i] != (unsigned char)(seed + i) && i != n - 1)
            return false;
    return p[n - 1] == (unsigned char)seed;
}

static void test_big(void) {
    const uint64_t goal = (uint64_t)2 << 30;
    Node *kept = list_new(1000000, 10000); /* lives on the stack */
    Kept *ring = spy_gc_alloc(RING * sizeof(Kept));
    unsigned char **large = spy_gc_alloc(LARGE_RING * sizeof(void *));
    size_t *large_size = malloc(LARGE_RING * sizeof(size_t));
    int64_t iter = 0, bad = 0;
    double t0 = spy_time_perf_counter(), secs;
    spy_GcStats st;
    size_t rss;
    int i;
    spy_gc_add_root(&global_list, sizeof global_list);
    global_list = list_new(-5000, 5000);
    memset(large_size, 0, LARGE_RING * sizeof(size_t));
    for (;; iter++) {
        int n = (int)(rng() % 2000) + 1;
        Node *tmp = list_new(iter, n);
        size_t size;
        unsigned char *buf;
        if (!list_ok(tmp, iter, n))
            bad++;
        if (rng() % 8 == 0) { /* replace a survivor, checking it */
            Kept *k = &ring[rng() % RING];
            if (k->list != NULL && !list_ok(k->list, k->first, k->n))
                bad++;
            k->list = tmp;
            k->first = iter;
            k->n = n;
        }
        size = (size_t)(rng() % 4096) + 1; /* a buffer, scanned or not */
        buf = rng() % 2 ? spy_gc_alloc(size) : spy_gc_alloc_atomic(size);
        fill_buffer(buf, size, (unsigned)iter);
        if (!buffer_ok(buf, size, (unsigned)iter))
            bad++;
        if (iter % 64 == 0) { /* a large object, sometimes kept */
            int slot = (int)(rng() % LARGE_RING);
            size = (size_t)(rng() % (1 << 20)) + 8193;
            buf = rng() % 2 ? spy_gc_alloc(size) : spy_gc_alloc_atomic(size);
            fill_buffer(buf, size, (unsigned)slot);
            if (large[slot] != NULL &&
                !buffer_ok(large[slot], large_size[slot], (unsigned)slot))
                bad++;
            large[slot] = buf;
            large_size[slot] = size;
        }
        if (iter % 1024 == 0) {
            spy_gc_get_stats(&st);
            if (st.bytes_allocated >= goal)
                break;
        }
    }
    for (i = 0; i < RING; i++)
        if (ring[i].list != NULL &&
            !list_ok(ring[i].list, ring[i].first, ring[i].n))
            bad++;
    for (i = 0; i < LARGE_RING; i++)
        if (large[i] != NULL &&
            !buffer_ok(large[i], large_size[i], (unsigned)i))
            bad++;
    CHECK(bad == 0);
    CHECK(list_ok(kept, 1000000, 10000));
    CHECK(list_ok(global_list, -5000, 5000));
    secs = spy_time_perf_counter() - t0;
    spy_gc_get_stats(&st);
    rss = peak_rss_kib();
    printf("big: %.2f s, %llu MiB allocated, %llu collections, "
           "pause max %.2f ms, total %.1f ms, peak heap %.1f MiB, "
           "peak RSS %.1f MiB\n",
           secs, (unsigned long long)(st.bytes_allocated >> 20),
           (unsigned long long)st.collections, st.pause_max_ms,
           st.pause_total_ms, (double)st.heap_peak / (1 << 20),
           (double)rss / 1024);
    CHECK(st.bytes_allocated >= goal);
    CHECK(st.collections > 10);
    CHECK(rss > 0 && rss < 200 * 1024);
    free(large_size);
}

/* ===================================================================== */
/* interior                                                              */
/* ===================================================================== */

static NOINLINE char *make_object(size_t size, size_t offset, char fill) {
    char *obj = spy_gc_alloc(size);
    memset(obj, fill, size);
    return obj + offset;
}

/* allocate n objects and remember their addresses, hidden from the GC */
static NOINLINE void make_garbage(uintptr_t *hidden, int n) {
    int i;
    for (i = 0; i < n; i++)
        hidden[i] = (uintptr_t)spy_gc_alloc(256) ^ (uintptr_t)0xA5A5A5A5;
}

static NOINLINE void churn(size_t bytes) {
    size_t done;
    for (done = 0; done < bytes; done += 256)
        memset(spy_gc_alloc(256), 0x77, 256);
}

static void *rooted[2];  /* registered */
static void *unrooted;   /* a plain static: not a root */
static void *weak_dead, *weak_alive, *weak_static; /* weak slots */
static char not_in_heap[16];

static bool all_bytes(const char *p, size_t n, char c) {
    size_t i;
    for (i = 0; i < n; i++)
        if (p[i] != c)
            return false;
    return true;
}

static void test_interior(void) {
    char *volatile small = make_object(256, 200, 'S');
    char *volatile large = make_object(300000, 123457, 'L');
    uintptr_t *hidden = malloc(1000 * sizeof(uintptr_t));
    int i, freed = 0;
    clobber_stack();
    spy_gc_collect();
    churn((size_t)64 << 20); /* reuses every freed 256-byte slot */
    clobber_stack();
    spy_gc_collect();
    CHECK(spy_gc_debug_is_live(small - 200));
    CHECK(spy_gc_debug_is_live(large - 123457));
    CHECK(all_bytes(small - 200, 256, 'S'));
    CHECK(all_bytes(large - 123457, 300000, 'L'));

    /* the control: unreachable objects do get freed */
    make_garbage(hidden, 1000);
    clobber_stack();
    spy_gc_collect();
    for (i = 0; i < 1000; i++)
        if (!spy_gc_debug_is_live((void *)(hidden[i] ^ (uintptr_t)0xA5A5A5A5)))
            freed++;
    CHECK(freed >= 990);
    free(hidden);

    /* registered roots keep objects, other statics do not */
    spy_gc_add_root(rooted, sizeof rooted);
    rooted[1] = make_object(64, 10, 'R');
    unrooted = make_object(64, 0, 'U');
    clobber_stack();
    spy_gc_collect();
    CHECK(spy_gc_debug_is_live(rooted[1]));
    CHECK(all_bytes((char *)rooted[1] - 10, 64, 'R'));
    CHECK(!spy_gc_debug_is_live(unrooted));

    /* weak slots are cleared when their object dies, and only then */
    spy_gc_add_weak(&weak_dead);
    spy_gc_add_weak(&weak_alive);
    spy_gc_add_weak(&weak_static);
    weak_dead = make_object(64, 0, 'D');
    weak_alive = rooted[1];
    weak_static = not_in_heap;
    clobber_stack();
    spy_gc_collect();
    CHECK(weak_dead == NULL);
    CHECK(weak_alive == rooted[1]);
    CHECK(weak_static == not_in_heap);
}

/* ===================================================================== */
/* registers and stress                                                  */
/* ===================================================================== */

/* Eight lists grown together: at -O2 some heads live only in callee-saved
   registers across the allocation calls. */
static NOINLINE void test_registers(void) {
    Node *a = NULL, *b = NULL, *c = NULL, *d = NULL;
    Node *e = NULL, *f = NULL, *g = NULL, *h = NULL;
    int i, ok = 1;
    spy_gc_set_stress(1);
    for (i = 0; i < 300; i++) {
        Node *n;
#define PUSH(list, k)                                  \
    n = spy_gc_alloc(sizeof(Node));                    \
    n->next = list;                                    \
    n->value = i * 8 + k;                              \
    list = n;
        PUSH(a, 0) PUSH(b, 1) PUSH(c, 2) PUSH(d, 3)
        PUSH(e, 4) PUSH(f, 5) PUSH(g, 6) PUSH(h, 7)
#undef PUSH
    }
    spy_gc_set_stress(0);
    churn((size_t)16 << 20);
    for (i = 299; i >= 0; i--) {
#define POP(list, k)                                           \
    if (list == NULL || list->value != i * 8 + k)              \
        ok = 0;                                                \
    else                                                       \
        list = list->next;
        POP(a, 0) POP(b, 1) POP(c, 2) POP(d, 3)
        POP(e, 4) POP(f, 5) POP(g, 6) POP(h, 7)
#undef POP
    }
    CHECK(ok);
    CHECK(a == NULL && h == NULL);
}

#if defined(__x86_64__) && defined(__GNUC__)
/* Collect while the only copies of p are in the callee-saved registers
   rbx, r12, r13 and r14 (its stack slot is zeroed first); returns it from
   r12 afterwards. */
static NOINLINE void *collect_with_pointer_in_registers(void *p) {
    void *volatile slot = p;
    void *volatile out = NULL;
    p = NULL;
    __asm__ __volatile__(
        "mov %0, %%rbx\n\t"
        "mov %%rbx, %%r12\n\t"
        "mov %%rbx, %%r13\n\t"
        "mov %%rbx, %%r14\n\t"
        "movq $0, %0\n\t"
        "mov %%rsp, %%r15\n\t"
        "sub $128, %%rsp\n\t" /* step over the red zone */
        "and $-16, %%rsp\n\t"
        "call spy_gc_collect@PLT\n\t"
        "mov %%r15, %%rsp\n\t"
        "mov %%r12, %1\n\t"
        : "+m"(slot), "=m"(out)
        :
        : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
          "r12", "r13", "r14", "r15", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4",
          "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
          "xmm13", "xmm14", "xmm15", "memory", "cc");
    return out;
}

static void test_pointer_only_in_registers(void) {
    char *p = make_object(512, 0, 'G');
    clobber_stack();
    p = collect_with_pointer_in_registers(p);
    churn((size_t)16 << 20); /* reuses the slot if it was freed */
    CHECK(spy_gc_debug_is_live(p));
    CHECK(all_bytes(p, 512, 'G'));
}
#else
static void test_pointer_only_in_registers(void) {
}
#endif

typedef struct Tree {
    struct Tree *left, *right;
    spy_Str *label;
    int64_t depth;
} Tree;

static Tree *tree_new(int depth) {
    Tree *t = spy_gc_alloc(sizeof(Tree));
    t->depth = depth;
    t->label = spy_str_from_i64(depth);
    if (depth > 0) {
        t->left = tree_new(depth - 1);
        t->right = tree_new(depth - 1);
    }
    return t;
}

static int64_t tree_check(const Tree *t, int depth) {
    if (t == NULL || t->depth != depth ||
        spy_str_to_i64(t->label) != depth)
        return -1000000;
    if (depth == 0)
        return 1;
    return 1 + tree_check(t->left, depth - 1) + tree_check(t->right, depth - 1);
}

static void test_stress(void) {
    spy_GcStats before, after;
    Tree *t;
    Node *list;
    spy_Str *s = spy_str_from_cstr("");
    int i;
    spy_gc_get_stats(&before);
    t = tree_new(10); /* 2047 nodes + 2047 strings */
    list = list_new(0, 2000);
    for (i = 0; i < 500; i++)
        s = spy_str_add(s, spy_str_from_i64(i % 10));
    spy_gc_get_stats(&after);
    CHECK(tree_check(t, 10) == 2047);
    CHECK(list_ok(list, 0, 2000));
    CHECK(s->length == 500 && s->utf8[499] == '9');
    CHECK(after.collections - before.collections >= 2047 + 2000 + 499);
}

/* ===================================================================== */
/* overflow                                                              */
/* ===================================================================== */

static void test_overflow(void) {
    Node **wide;
    Node *deep;
    int i, ok = 1;
    spy_gc_debug_set_mark_stack_limit(8);
    wide = spy_gc_alloc(1000 * sizeof(Node *));
    for (i = 0; i < 1000; i++)
        wide[i] = list_new(i * 100, 50);
    deep = list_new(0, 100000);
    clobber_stack();
    spy_gc_collect();
    churn((size_t)32 << 20);
    spy_gc_collect();
    for (i = 0; i < 1000; i++)
        if (!list_ok(wide[i], i * 100, 50))
            ok = 0;
    CHECK(ok);
    CHECK(list_ok(deep, 0, 100000));
    CHECK(spy_gc_debug_mark_overflows() > 0);
}

/* ===================================================================== */

static const char *scenario = "";

static int32_t run(void) {
    if (strcmp(scenario, "big") == 0)
        test_big();
    else if (strcmp(scenario, "interior") == 0)
        test_interior();
    else if (strcmp(scenario, "registers") == 0) {
        test_registers();
        test_pointer_only_in_registers();
    }
    else if (strcmp(scenario, "stress") == 0)
        test_stress();
    else if (strcmp(scenario, "overflow") == 0)
        test_overflow();
    else {
        fprintf(stderr, "unknown scenario '%s'\n", scenario);
        return 2;
    }
    return check_report(scenario);
}

int main(int argc, char **argv) {
    if (argc > 1)
        scenario = argv[1];
    if (strcmp(scenario, "stress") == 0)
        setenv("SPY_GC_STRESS", "1", 1);
    return spy_runtime_main(argc, argv, run);
}
