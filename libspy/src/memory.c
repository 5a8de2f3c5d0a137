/*
 * memory.c -- the unsafe module's pointers: the bounds-check failure path
 * of spy_ptr_check (spy.h) and raw_alloc/raw_free, memory outside the GC
 * heap (malloc'd, never scanned, never collected).
 */
#include <stdlib.h>

#include "internal.h"

void spy_ptr_index_error(int64_t i, int64_t length) {
    (void)i;
    (void)length;
    spy_panic("IndexError", "pointer index out of range");
}

void *spy_raw_alloc(size_t nbytes) {
    /* calloc(0) may return NULL, which would read as the NULL pointer */
    void *p = calloc(nbytes > 0 ? nbytes : 1, 1);
    if (p == NULL)
        spy_panic("MemoryError", "out of memory");
    return p;
}

void spy_raw_free(void *p) {
    free(p);
}
