/*
 * gc.h -- internal interface of the libspy garbage collector.
 *
 * A non-moving, non-incremental, conservative mark-and-sweep collector.
 *
 * INVARIANT
 *   Outside a collection, every mark bit is clear, and an address is a live
 *   object exactly when its page maps to an in-use block whose alloc bit for
 *   that slot is set (small objects) or to a large-object descriptor.
 *   During marking (tri-colour view: white = unmarked, grey = marked but not
 *   yet scanned, black = marked and scanned), every grey object is on the
 *   mark stack -- unless the mark stack overflowed, in which case the
 *   overflow flag is set and a rescan of all marked objects will scan it.
 *   So when the stack is empty and the flag clear, no black object points to
 *   a white one, and the sweep may free every white object.
 *
 * ROOT SET
 *   1. The C stack, from the collector's own frame up to the base recorded
 *      by spy_runtime_main (a local of its frame: every frame of the program
 *      lies below it).  Every aligned word is a candidate pointer.
 *   2. The callee-saved registers, spilled onto that stack first by
 *      __builtin_unwind_init() (GCC/Clang) and setjmp().
 *   3. The areas registered with spy_gc_add_root (the generated globals),
 *      and those of spy_gc_add_dynamic_root (the interpreter's value
 *      stack, up to its current top).
 *   Nothing else: libspy's own static data is not scanned, so it must never
 *   hold the only reference to a heap object.  (Slots registered with
 *   spy_gc_add_weak are not roots; they are cleared when their object dies.)
 *
 * CANDIDATE POINTERS
 *   Any word that points into an allocated object -- at its start or inside
 *   it (compilers keep derived pointers) -- marks the object.  A pointer one
 *   past the end does not.  Objects from spy_gc_alloc are then scanned word
 *   by word; objects from spy_gc_alloc_atomic never are.
 *
 * HEAP LAYOUT
 *   Small objects (<= SPY_GC_SMALL_MAX bytes) live in 64 KiB blocks of one
 *   size class and one kind (scanned or atomic), with a mark bit and an
 *   alloc bit per slot kept in the block descriptor (outside the heap).
 *   Blocks are carved from 1 MiB chunks that are never unmapped; empty
 *   blocks beyond what the next cycle needs are returned to the OS with
 *   madvise.  Larger objects get their own mapping, unmapped when they die.
 *   A two-level page map (4 KiB pages) leads from any address to its block
 *   descriptor.
 *
 * TRIGGER
 *   A collection runs when the bytes allocated since the last one reach
 *   max(SPY_GC_MIN_THRESHOLD, live bytes after the last one), or at every
 *   allocation with SPY_GC_STRESS=1 (every Nth with SPY_GC_STRESS=N).
 */
#ifndef SPY_GC_H
#define SPY_GC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SPY_GC_SMALL_MAX 8192
#define SPY_GC_MIN_THRESHOLD ((size_t)8 << 20)

/* Called by spy_runtime_main: before it, allocation works but never
   collects (no stack base is known).  stress_every = N > 0 collects at
   every Nth allocation (SPY_GC_STRESS=N; 1 is every allocation). */
void spy_gc_init(void *stack_base, uint32_t stress_every);

/* A weak reference: a pointer slot (outside the GC heap) that is not a
   root; when the object it points to dies, the collector sets it to NULL.
   For caches keyed by heap addresses. */
void spy_gc_add_weak(void **slot);

typedef struct spy_GcStats {
    uint64_t collections;
    double pause_total_ms;
    double pause_max_ms;
    uint64_t bytes_allocated; /* in total, rounded to slot sizes */
    size_t heap_bytes;        /* current committed heap */
    size_t heap_peak;         /* peak committed heap */
    size_t live_bytes;        /* after the last collection */
} spy_GcStats;

void spy_gc_get_stats(spy_GcStats *out);
void spy_gc_print_stats(FILE *f);

/* Test hooks. */
bool spy_gc_debug_is_live(const void *p); /* p points into a live object */
void spy_gc_debug_set_mark_stack_limit(size_t entries);
uint64_t spy_gc_debug_mark_overflows(void);

#endif /* SPY_GC_H */
