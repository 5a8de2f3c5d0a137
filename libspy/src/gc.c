/*
 * gc.c -- the libspy garbage collector.
 *
 * Read gc.h first: it states the invariant, the root set and the heap
 * layout.  This file is cut into sections:
 *   OS memory, Page map, Blocks, Allocation, Roots, Mark, Weak slots,
 *   Sweep, Collection, Statistics.
 * Entry points: spy_gc_alloc, spy_gc_alloc_atomic, spy_gc_add_root,
 * spy_gc_collect, spy_gc_init.
 */
#define _DEFAULT_SOURCE 1 /* MAP_ANONYMOUS, madvise */

#include "gc.h"

#include <stdlib.h>
#if !defined(__wasi__)
#include <setjmp.h>
#endif
#include <string.h>

#include "internal.h"
#include "spy.h"

/* WASI has no mmap: the heap comes from calloc there */
#if (defined(__unix__) || defined(__APPLE__)) && !defined(__wasi__)
#define SPY_GC_USE_MMAP 1
#include <sys/mman.h>
#endif

#if defined(__GNUC__)
#define SPY_NOINLINE __attribute__((noinline))
typedef uintptr_t __attribute__((may_alias)) spy_gc_word;
#else
#define SPY_NOINLINE
typedef uintptr_t spy_gc_word;
#endif

/* The mark phase reads every word of the C stack and of the root ranges,
   redzones between locals and globals included: under AddressSanitizer
   (libspy-san.a, tests/test_sanitizers.py) those reads are by design, so
   the scanning function is not instrumented.  The heap itself is mmap'ed
   and unknown to ASan, so reads of objects need no exemption. */
#if defined(__has_attribute)
#if __has_attribute(no_sanitize_address)
#define SPY_NO_SANITIZE_ADDRESS __attribute__((no_sanitize_address))
#endif
#endif
#ifndef SPY_NO_SANITIZE_ADDRESS
#define SPY_NO_SANITIZE_ADDRESS
#endif

#define PAGE_SHIFT 12
#define PAGE_SIZE ((size_t)1 << PAGE_SHIFT)
#define BLOCK_SIZE ((size_t)64 << 10)
#define CHUNK_BLOCKS 16
#define CHUNK_SIZE (BLOCK_SIZE * CHUNK_BLOCKS)
#define GRANULE 16
#define BITMAP_WORDS (BLOCK_SIZE / GRANULE / 64)
#define NCLASSES 32
#define WORD sizeof(uintptr_t)

/* ===================================================================== */
/* OS memory                                                             */
/* ===================================================================== */

/* Fresh, zeroed, page-aligned memory, or NULL. */
static void *os_map(size_t n) {
#ifdef SPY_GC_USE_MMAP
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    return p == MAP_FAILED ? NULL : p;
#else
    /* portable fallback: over-allocate, align, keep the raw pointer just
       below the aligned start */
    char *raw = calloc(1, n + PAGE_SIZE + sizeof(void *));
    uintptr_t a;
    if (raw == NULL)
        return NULL;
    a = ((uintptr_t)raw + sizeof(void *) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    ((void **)a)[-1] = raw;
    return (void *)a;
#endif
}

static void os_unmap(void *p, size_t n) {
#ifdef SPY_GC_USE_MMAP
    munmap(p, n);
#else
    (void)n;
    free(((void **)p)[-1]);
#endif
}

/* Give the physical memory back but keep the address range usable; it
   reads as zeros (or stale data, without mmap) when touched again. */
static void os_release(void *p, size_t n) {
#if defined(SPY_GC_USE_MMAP) && defined(MADV_DONTNEED)
    madvise(p, n, MADV_DONTNEED);
#else
    (void)p;
    (void)n;
#endif
}

static void gc_fatal(const char *what) {
    spy_panic("MemoryError", what);
}

/* ===================================================================== */
/* Page map                                                              */
/* ===================================================================== */

/* Every 4 KiB page of the heap maps to its block descriptor; any other
   address maps to NULL.  Two levels: root index, then leaf index. */

typedef struct Block Block;

#if UINTPTR_MAX > 0xFFFFFFFFu
#define ADDR_BITS 48
#define LEAF_BITS 18
#else
#define ADDR_BITS 32
#define LEAF_BITS 10
#endif
#define ROOT_BITS (ADDR_BITS - PAGE_SHIFT - LEAF_BITS)
#define LEAF_MASK (((uintptr_t)1 << LEAF_BITS) - 1)

static Block **pagemap[(size_t)1 << ROOT_BITS];

/* Cheap filter: all heap memory lies in [heap_lo, heap_lo + heap_span). */
static uintptr_t heap_lo = UINTPTR_MAX;
static uintptr_t heap_hi = 0;
static uintptr_t heap_span = 0;

static inline Block *pagemap_get(uintptr_t a) {
    uintptr_t page = a >> PAGE_SHIFT;
    uintptr_t top = page >> LEAF_BITS;
    Block **leaf;
    if (top >= ((uintptr_t)1 << ROOT_BITS))
        return NULL;
    leaf = pagemap[top];
    return leaf ? leaf[page & LEAF_MASK] : NULL;
}

static void pagemap_set(void *start, size_t n, Block *b) {
    uintptr_t a = (uintptr_t)start, end = a + n;
    if (b != NULL) {
#if ADDR_BITS < 32 || UINTPTR_MAX > 0xFFFFFFFFu
        if ((end - 1) >> ADDR_BITS != 0)
            gc_fatal("heap address out of the page map's range");
#endif
        if (a < heap_lo)
            heap_lo = a;
        if (end > heap_hi)
            heap_hi = end;
        heap_span = heap_hi - heap_lo;
    }
    for (; a < end; a += PAGE_SIZE) {
        uintptr_t page = a >> PAGE_SHIFT;
        uintptr_t top = page >> LEAF_BITS;
        if (pagemap[top] == NULL) {
            if (b == NULL)
                continue;
            pagemap[top] = calloc((size_t)1 << LEAF_BITS, sizeof(Block *));
            if (pagemap[top] == NULL)
                gc_fatal("");
        }
        pagemap[top][page & LEAF_MASK] = b;
    }
}

/* ===================================================================== */
/* Blocks                                                                */
/* ===================================================================== */

enum { BLOCK_FREE, BLOCK_SMALL, BLOCK_LARGE };

struct Block {
    char *start;       /* first byte of the block / large object */
    size_t size;       /* SMALL: BLOCK_SIZE; LARGE: usable bytes */
    size_t mapped;     /* LARGE: length of the mapping */
    Block *next;       /* in small_blocks, large_objects or a pool */
    Block *next_avail; /* SMALL: in its class's list of non-full blocks */
    uint32_t obj_size; /* SMALL: slot size */
    uint32_t nobjs;    /* SMALL: slots in the block */
    uint32_t nwords;   /* SMALL: bitmap words in use */
    uint32_t recip;    /* SMALL: ceil(2^32 / obj_size), for slot index */
    uint32_t cursor;   /* SMALL: first bitmap word that may have room */
    uint8_t kind;
    uint8_t atomic;
    uint8_t cls;
    uint8_t marked;    /* LARGE: mark bit */
    uint64_t *mark;    /* SMALL: a bit per slot, set during marking */
    uint64_t *alloc;   /* SMALL: a bit per slot, set while allocated */
};

/* a small block's descriptor carries its bitmaps */
typedef struct SmallBlock {
    Block b;
    uint64_t mark[BITMAP_WORDS];
    uint64_t alloc[BITMAP_WORDS];
} SmallBlock;

/* size classes: multiples of 16, about 4 per doubling */
static const uint16_t class_size[NCLASSES] = {
    16,   32,   48,   64,   80,   96,   112,  128,  160,  192,  224,
    256,  320,  384,  448,  512,  640,  768,  896,  1024, 1280, 1536,
    1792, 2048, 2560, 3072, 3584, 4096, 5120, 6144, 7168, 8192};
/* class_of[(n + 15) / 16] is the smallest class holding n bytes */
static uint8_t class_of[SPY_GC_SMALL_MAX / GRANULE + 1];

typedef struct Allocator {
    Block *cur;   /* block being filled */
    Block *avail; /* more blocks with room */
} Allocator;

static Allocator allocators[2][NCLASSES]; /* [atomic][class] */
static Block *small_blocks;               /* all in-use small blocks */
static Block *large_objects;              /* all large objects */
static Block *empty_pool;                 /* empty blocks, memory committed */
static size_t empty_count;
static Block *released_pool;              /* empty blocks, memory released */

static size_t heap_bytes, heap_peak, live_bytes;
static size_t alloc_since_gc, threshold = SPY_GC_MIN_THRESHOLD;
static uint64_t bytes_allocated_total;
static bool gc_ready, gc_collecting;
static uint32_t stress_every, stress_countdown;
static char *stack_base;

static uint64_t n_collections, n_mark_overflows;
static double pause_total, pause_max;

static void heap_grow(size_t n) {
    heap_bytes += n;
    if (heap_bytes > heap_peak)
        heap_peak = heap_bytes;
}

static bool classes_ready;

static void classes_init(void) {
    size_t n, c = 0;
    for (n = 0; n <= SPY_GC_SMALL_MAX / GRANULE; n++) {
        while (class_size[c] < n * GRANULE)
            c++;
        class_of[n] = (uint8_t)c;
    }
    classes_ready = true;
}

/* Map a new chunk and put its blocks in the released pool (fresh mmap
   pages cost no memory until touched). */
static bool chunk_new(void) {
    char *mem = os_map(CHUNK_SIZE);
    int i;
    if (mem == NULL)
        return false;
    for (i = CHUNK_BLOCKS - 1; i >= 0; i--) {
        SmallBlock *sb = calloc(1, sizeof(SmallBlock));
        Block *b;
        if (sb == NULL)
            gc_fatal("");
        b = &sb->b;
        b->mark = sb->mark;
        b->alloc = sb->alloc;
        b->start = mem + (size_t)i * BLOCK_SIZE;
        b->size = BLOCK_SIZE;
        b->kind = BLOCK_FREE;
        pagemap_set(b->start, BLOCK_SIZE, b);
        b->next = released_pool;
        released_pool = b;
    }
    return true;
}

static void gc_collect_now(void);

/* An empty block, counted in the heap. */
static Block *block_take(void) {
    Block *b = empty_pool;
    if (b != NULL) {
        empty_pool = b->next;
        empty_count--;
        return b;
    }
    if (released_pool == NULL && !chunk_new()) {
        if (gc_ready && !gc_collecting)
            gc_collect_now();
        if (empty_pool != NULL)
            return block_take();
        if (released_pool == NULL && !chunk_new())
            gc_fatal("");
    }
    b = released_pool;
    released_pool = b->next;
    heap_grow(BLOCK_SIZE);
    return b;
}

/* The alloc bits of the slots past nobjs stay set: never handed out. */
static void block_set_tail(Block *b) {
    uint32_t used = b->nobjs & 63;
    if (used != 0)
        b->alloc[b->nwords - 1] |= ~(uint64_t)0 << used;
}

static Block *block_new_small(int cls, int atomic) {
    Block *b = block_take();
    uint32_t size = class_size[cls];
    b->kind = BLOCK_SMALL;
    b->atomic = (uint8_t)atomic;
    b->cls = (uint8_t)cls;
    b->obj_size = size;
    b->nobjs = (uint32_t)(BLOCK_SIZE / size);
    b->nwords = (b->nobjs + 63) / 64;
    b->recip = (uint32_t)((((uint64_t)1 << 32) + size - 1) / size);
    b->cursor = 0;
    memset(b->mark, 0, BITMAP_WORDS * sizeof(uint64_t));
    memset(b->alloc, 0, BITMAP_WORDS * sizeof(uint64_t));
    block_set_tail(b);
    b->next = small_blocks;
    small_blocks = b;
    return b;
}

/* Slot index of a byte offset inside a small block: off * recip >> 32 is
   exact for off < 2^16 and obj_size <= 2^13 (the error stays < 1/size). */
static inline uint32_t slot_index(const Block *b, uintptr_t off) {
    return (uint32_t)(((uint64_t)off * b->recip) >> 32);
}

#if defined(__GNUC__)
#define CTZ64(x) ((uint32_t)__builtin_ctzll(x))
#else
static uint32_t CTZ64(uint64_t x) {
    uint32_t n = 0;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
}
#endif

/* (GCC's builtin calls a slow library routine without -mpopcnt) */
static inline uint32_t popcount64(uint64_t x) {
    x = x - ((x >> 1) & 0x5555555555555555u);
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
    return (uint32_t)((x * 0x0101010101010101u) >> 56);
}

/* ===================================================================== */
/* Allocation                                                            */
/* ===================================================================== */

static void maybe_collect(size_t n) {
    alloc_since_gc += n;
    bytes_allocated_total += n;
    if (stress_every != 0 && --stress_countdown == 0) {
        stress_countdown = stress_every;
        if (gc_ready && !gc_collecting)
            gc_collect_now();
    } else if (alloc_since_gc >= threshold && gc_ready && !gc_collecting) {
        gc_collect_now();
    }
}

/* A free slot in the class's blocks, taking blocks from the avail list
   and finally a new block. */
static void *small_alloc(int cls, int atomic) {
    Allocator *a = &allocators[atomic][cls];
    Block *b;
    maybe_collect(class_size[cls]);
    for (b = a->cur;; b = a->cur) {
        if (b != NULL) {
            uint32_t w;
            for (w = b->cursor; w < b->nwords; w++) {
                uint64_t free_bits = ~b->alloc[w];
                if (free_bits != 0) {
                    uint32_t bit = CTZ64(free_bits);
                    b->alloc[w] |= (uint64_t)1 << bit;
                    b->cursor = w;
                    return b->start + (size_t)(w * 64 + bit) * b->obj_size;
                }
            }
        }
        if (a->avail != NULL) {
            a->cur = a->avail;
            a->avail = a->avail->next_avail;
        } else {
            a->cur = block_new_small(cls, atomic);
        }
    }
}

static void *large_alloc(size_t nbytes, int atomic) {
    size_t size, mapped;
    Block *b;
    char *mem;
    if (nbytes > ((size_t)-1) / 2)
        gc_fatal("");
    size = (nbytes + GRANULE - 1) & ~(size_t)(GRANULE - 1);
    mapped = (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    maybe_collect(mapped);
    mem = os_map(mapped);
    if (mem == NULL && gc_ready && !gc_collecting) {
        gc_collect_now();
        mem = os_map(mapped);
    }
    b = calloc(1, sizeof(Block));
    if (mem == NULL || b == NULL)
        gc_fatal("");
    b->start = mem;
    b->size = size;
    b->mapped = mapped;
    b->kind = BLOCK_LARGE;
    b->atomic = (uint8_t)atomic;
    pagemap_set(mem, mapped, b);
    b->next = large_objects;
    large_objects = b;
    heap_grow(mapped);
    return mem; /* fresh mappings are zeroed */
}

void *spy_gc_alloc(size_t nbytes) {
    if (SPY_UNLIKELY(!classes_ready))
        classes_init();
    if (nbytes <= SPY_GC_SMALL_MAX) {
        int cls = class_of[(nbytes + GRANULE - 1) / GRANULE];
        void *p;
        if (nbytes == 0)
            cls = 0;
        p = small_alloc(cls, 0);
        memset(p, 0, class_size[cls]); /* also clears stale pointers */
        return p;
    }
    return large_alloc(nbytes, 0);
}

void *spy_gc_alloc_atomic(size_t nbytes) {
    if (SPY_UNLIKELY(!classes_ready))
        classes_init();
    if (nbytes <= SPY_GC_SMALL_MAX) {
        int cls = class_of[(nbytes + GRANULE - 1) / GRANULE];
        if (nbytes == 0)
            cls = 0;
        return small_alloc(cls, 1);
    }
    return large_alloc(nbytes, 1);
}

/* ===================================================================== */
/* Roots                                                                 */
/* ===================================================================== */

typedef struct Root {
    char *start;
    size_t nbytes;
    char *const *end; /* a dynamic root: scanned from start to *end */
} Root;

static Root *roots;
static size_t roots_len, roots_cap;

static void add_root(void *start, size_t nbytes, char *const *end) {
    if (roots_len == roots_cap) {
        size_t cap = roots_cap ? roots_cap * 2 : 64;
        Root *r = realloc(roots, cap * sizeof(Root));
        if (r == NULL)
            gc_fatal("");
        roots = r;
        roots_cap = cap;
    }
    roots[roots_len].start = start;
    roots[roots_len].nbytes = nbytes;
    roots[roots_len].end = end;
    roots_len++;
}

void spy_gc_add_root(void *start, size_t nbytes) {
    add_root(start, nbytes, NULL);
}

void spy_gc_add_dynamic_root(void *start, void *const *end) {
    add_root(start, 0, (char *const *)end);
}

/* ===================================================================== */
/* Mark                                                                  */
/* ===================================================================== */

typedef struct MarkItem {
    char *lo, *hi;
} MarkItem;

#define MARK_STACK_INITIAL 4096
static MarkItem *mark_stack;
static size_t mark_len, mark_cap;
static size_t mark_limit = (size_t)1 << 22; /* entries; 64 MiB */
static bool mark_overflow;

/* Push a grey object; on failure it stays marked and unscanned, and the
   overflow flag makes mark_finish rescan the heap. */
static void mark_push(char *lo, char *hi) {
    if (mark_len == mark_cap) {
        size_t cap = mark_cap ? mark_cap * 2 : MARK_STACK_INITIAL;
        MarkItem *s = NULL;
        if (cap > mark_limit)
            cap = mark_limit;
        if (cap > mark_cap)
            s = realloc(mark_stack, cap * sizeof(MarkItem));
        if (s == NULL) {
            mark_overflow = true;
            return;
        }
        mark_stack = s;
        mark_cap = cap;
    }
    mark_stack[mark_len].lo = lo;
    mark_stack[mark_len].hi = hi;
    mark_len++;
}

/* If w points into an unmarked live object, mark it and push it. */
static inline void mark_word(uintptr_t w) {
    Block *b;
    if (w - heap_lo >= heap_span)
        return;
    b = pagemap_get(w);
    if (b == NULL)
        return;
    if (b->kind == BLOCK_SMALL) {
        uintptr_t off = w - (uintptr_t)b->start;
        uint32_t idx = slot_index(b, off);
        uint32_t wi = idx >> 6;
        uint64_t bit = (uint64_t)1 << (idx & 63);
        if (idx >= b->nobjs || !(b->alloc[wi] & bit) || (b->mark[wi] & bit))
            return;
        b->mark[wi] |= bit;
        if (!b->atomic) {
            char *obj = b->start + (size_t)idx * b->obj_size;
            mark_push(obj, obj + b->obj_size);
        }
    } else if (b->kind == BLOCK_LARGE) {
        if (w - (uintptr_t)b->start >= b->size || b->marked)
            return;
        b->marked = 1;
        if (!b->atomic)
            mark_push(b->start, b->start + b->size);
    }
}

/* Every aligned word in [lo, hi) is a candidate pointer. */
static SPY_NO_SANITIZE_ADDRESS void mark_range(const char *lo, const char *hi) {
    uintptr_t p = ((uintptr_t)lo + WORD - 1) & ~(uintptr_t)(WORD - 1);
    uintptr_t end = (uintptr_t)hi;
    for (; p + WORD <= end; p += WORD)
        mark_word(*(const spy_gc_word *)p);
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)0)
#endif

/* Scan grey objects until the mark stack is empty.  Objects go from the
   stack through a small FIFO and are prefetched on the way in: scanning is
   dominated by cache misses on the objects themselves, and this overlaps
   up to PREFETCH_DEPTH of them. */
#define PREFETCH_DEPTH 8

static void mark_drain(void) {
    MarkItem fifo[PREFETCH_DEPTH];
    unsigned head = 0, count = 0;
    for (;;) {
        MarkItem it;
        while (count < PREFETCH_DEPTH && mark_len > 0) {
            it = mark_stack[--mark_len];
            PREFETCH(it.lo);
            fifo[(head + count) % PREFETCH_DEPTH] = it;
            count++;
        }
        if (count == 0)
            return;
        it = fifo[head];
        head = (head + 1) % PREFETCH_DEPTH;
        count--;
        mark_range(it.lo, it.hi);
    }
}

/* After an overflow some marked objects were never scanned: scan every
   marked object again until a full pass completes without overflow. */
static void mark_finish(void) {
    mark_drain();
    while (mark_overflow) {
        Block *b;
        mark_overflow = false;
        n_mark_overflows++;
        for (b = small_blocks; b != NULL; b = b->next) {
            uint32_t w;
            if (b->atomic)
                continue;
            for (w = 0; w < b->nwords; w++) {
                uint64_t bits = b->mark[w];
                while (bits != 0) {
                    uint32_t idx = w * 64 + CTZ64(bits);
                    char *obj = b->start + (size_t)idx * b->obj_size;
                    bits &= bits - 1;
                    mark_range(obj, obj + b->obj_size);
                    mark_drain();
                }
            }
        }
        for (b = large_objects; b != NULL; b = b->next) {
            if (b->marked && !b->atomic) {
                mark_range(b->start, b->start + b->size);
                mark_drain();
            }
        }
    }
}

static void mark_roots(const char *stack_lo) {
    size_t i;
    for (i = 0; i < roots_len; i++) {
        char *end = roots[i].start + roots[i].nbytes;
        if (roots[i].end != NULL)
            end = *roots[i].end;
        if (end > roots[i].start)
            mark_range(roots[i].start, end);
        mark_drain();
    }
    if ((uintptr_t)stack_lo < (uintptr_t)stack_base)
        mark_range(stack_lo, stack_base);
    else
        mark_range(stack_base, stack_lo);
    mark_finish();
}

/* ===================================================================== */
/* Weak slots                                                            */
/* ===================================================================== */

static void ***weak_slots;
static size_t weak_len, weak_cap;

void spy_gc_add_weak(void **slot) {
    if (weak_len == weak_cap) {
        size_t cap = weak_cap ? weak_cap * 2 : 16;
        void ***w = realloc(weak_slots, cap * sizeof(void **));
        if (w == NULL)
            gc_fatal("");
        weak_slots = w;
        weak_cap = cap;
    }
    weak_slots[weak_len++] = slot;
}

/* after marking: is p in a heap object that was not marked? */
static bool is_dead(const void *p) {
    uintptr_t w = (uintptr_t)p;
    Block *b = pagemap_get(w);
    if (b == NULL)
        return false;
    if (b->kind == BLOCK_SMALL) {
        uint32_t idx = slot_index(b, w - (uintptr_t)b->start);
        return idx < b->nobjs && !(b->mark[idx >> 6] >> (idx & 63) & 1);
    }
    return b->kind == BLOCK_LARGE && !b->marked;
}

static void clear_dead_weak_slots(void) {
    size_t i;
    for (i = 0; i < weak_len; i++)
        if (*weak_slots[i] != NULL && is_dead(*weak_slots[i]))
            *weak_slots[i] = NULL;
}

/* ===================================================================== */
/* Sweep                                                                 */
/* ===================================================================== */

static void sweep_small(void) {
    Block **link = &small_blocks;
    int k, c;
    for (k = 0; k < 2; k++)
        for (c = 0; c < NCLASSES; c++)
            allocators[k][c].cur = allocators[k][c].avail = NULL;
    while (*link != NULL) {
        Block *b = *link;
        uint32_t w, live = 0;
        for (w = 0; w < b->nwords; w++) {
            uint64_t m = b->mark[w];
            b->alloc[w] = m;
            b->mark[w] = 0;
            live += popcount64(m);
        }
        if (live == 0) {
            *link = b->next;
            b->kind = BLOCK_FREE;
            b->next = empty_pool;
            empty_pool = b;
            empty_count++;
            continue;
        }
        block_set_tail(b);
        b->cursor = 0;
        live_bytes += (size_t)live * b->obj_size;
        if (live < b->nobjs) {
            Allocator *a = &allocators[b->atomic][b->cls];
            b->next_avail = a->avail;
            a->avail = b;
        }
        link = &b->next;
    }
}

static void sweep_large(void) {
    Block **link = &large_objects;
    while (*link != NULL) {
        Block *b = *link;
        if (b->marked) {
            b->marked = 0;
            live_bytes += b->size;
            link = &b->next;
            continue;
        }
        *link = b->next;
        pagemap_set(b->start, b->mapped, NULL);
        os_unmap(b->start, b->mapped);
        heap_bytes -= b->mapped;
        free(b);
    }
}

/* Keep as many empty blocks as the next cycle may fill; release the rest
   to the OS. */
static void release_empty_blocks(void) {
    size_t keep = threshold / BLOCK_SIZE;
    while (empty_count > keep) {
        Block *b = empty_pool;
        empty_pool = b->next;
        empty_count--;
        os_release(b->start, BLOCK_SIZE);
        heap_bytes -= BLOCK_SIZE;
        b->next = released_pool;
        released_pool = b;
    }
}

/* ===================================================================== */
/* Collection                                                            */
/* ===================================================================== */

/* Runs in a frame below the one that spilled the registers. */
static SPY_NOINLINE void gc_collect_from_here(void) {
    volatile char here = 0;
    double t0 = spy_time_perf_counter(), ms;
    gc_collecting = true;
    live_bytes = 0;
    mark_roots((const char *)&here);
    clear_dead_weak_slots();
    sweep_small();
    sweep_large();
    threshold = live_bytes > SPY_GC_MIN_THRESHOLD ? live_bytes
                                                   : SPY_GC_MIN_THRESHOLD;
    alloc_since_gc = 0;
    release_empty_blocks();
    if (mark_cap > 4 * MARK_STACK_INITIAL) {
        free(mark_stack); /* do not keep a huge stack around */
        mark_stack = NULL;
        mark_cap = 0;
    }
    n_collections++;
    gc_collecting = false;
    ms = (spy_time_perf_counter() - t0) * 1000.0;
    pause_total += ms;
    if (ms > pause_max)
        pause_max = ms;
}

/* Spill the callee-saved registers into this frame, then collect from a
   deeper frame so that the spilled copies are on the scanned stack. */
static SPY_NOINLINE void gc_collect_now(void) {
#if defined(__wasi__)
    /* no registers to spill: wasm locals are outside linear memory, and
       every one that may hold a reference is rooted (spy.h: SPY_ROOT) */
    gc_collect_from_here();
#else
    jmp_buf regs;
#if defined(__GNUC__)
    __builtin_unwind_init();
#endif
    if (setjmp(regs) == 0)
        gc_collect_from_here();
#if defined(__GNUC__)
    /* keep `regs` alive and the call above from becoming a tail call */
    __asm__ __volatile__("" : : "r"(&regs) : "memory");
#endif
#endif
}

void spy_gc_collect(void) {
    if (gc_ready && !gc_collecting)
        gc_collect_now();
}

void spy_gc_init(void *base, uint32_t every) {
    if (!classes_ready)
        classes_init();
    stack_base = base;
    spy_gc_set_stress(every);
    gc_ready = base != NULL;
}

void spy__gc_set_stack_base(void *base) {
    stack_base = base;
}

uint32_t spy_gc_get_stress(void) {
    return stress_every;
}

void spy_gc_set_stress(uint32_t every) {
    stress_every = every;
    stress_countdown = every;
}

/* ===================================================================== */
/* Statistics and test hooks                                             */
/* ===================================================================== */

void spy_gc_get_stats(spy_GcStats *out) {
    out->collections = n_collections;
    out->pause_total_ms = pause_total;
    out->pause_max_ms = pause_max;
    out->bytes_allocated = bytes_allocated_total;
    out->heap_bytes = heap_bytes;
    out->heap_peak = heap_peak;
    out->live_bytes = live_bytes;
}

void spy_gc_reset_stats(void) {
    n_collections = 0;
    pause_total = 0;
    pause_max = 0;
    bytes_allocated_total = 0;
    heap_peak = heap_bytes;
}

void spy_gc_print_stats(FILE *f) {
    fprintf(f, "spy gc: collections: %llu\n",
            (unsigned long long)n_collections);
    fprintf(f, "spy gc: pause total: %.3f ms, max: %.3f ms\n", pause_total,
            pause_max);
    fprintf(f, "spy gc: allocated in total: %llu bytes\n",
            (unsigned long long)bytes_allocated_total);
    fprintf(f, "spy gc: peak heap: %llu bytes\n",
            (unsigned long long)heap_peak);
}

bool spy_gc_debug_is_live(const void *p) {
    uintptr_t w = (uintptr_t)p;
    Block *b = pagemap_get(w);
    if (b == NULL)
        return false;
    if (b->kind == BLOCK_SMALL) {
        uint32_t idx = slot_index(b, w - (uintptr_t)b->start);
        return idx < b->nobjs &&
               (b->alloc[idx >> 6] >> (idx & 63) & 1) != 0;
    }
    return b->kind == BLOCK_LARGE && w - (uintptr_t)b->start < b->size;
}

void spy_gc_debug_set_mark_stack_limit(size_t entries) {
    mark_limit = entries < 1 ? 1 : entries;
    free(mark_stack);
    mark_stack = NULL;
    mark_cap = 0;
}

uint64_t spy_gc_debug_mark_overflows(void) {
    return n_mark_overflows;
}
