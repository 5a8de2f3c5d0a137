/*
 * test_memory.c -- the unsafe module's pointers: bounds checks, raw
 * memory, and spy_runtime_argv_str (argv is given by meson).
 */
#include "check.h"

typedef struct Point {
    double x, y;
} Point;

static void test_ptr_check(void) {
    int64_t buf[4] = {10, 11, 12, 13};
    spy_ptr p = {buf, 4};
    spy_ptr null = {NULL, 0};
    int64_t sum = 0, i;
    for (i = 0; i < p.length; i++)
        sum += ((int64_t *)p.p)[spy_ptr_check(i, p.length)];
    CHECK(sum == 46);
    CHECK(spy_ptr_check(3, 4) == 3);
    CHECK(null.p == NULL);
    CHECK_PANIC(spy_ptr_check(4, 4),
                "IndexError: pointer index out of range");
    CHECK_PANIC(spy_ptr_check(-1, 4),
                "IndexError: pointer index out of range");
    CHECK_PANIC(spy_ptr_check(INT64_MIN, 4),
                "IndexError: pointer index out of range");
    CHECK_PANIC(spy_ptr_check(0, 0),
                "IndexError: pointer index out of range");
    CHECK_PANIC(spy_ptr_index_error(7, 2),
                "IndexError: pointer index out of range");
}

static void test_raw_alloc(void) {
    spy_ptr p;
    Point *pts;
    unsigned char *zero;
    int i, nonzero = 0;
    p.length = 1000;
    p.p = spy_raw_alloc((size_t)p.length * sizeof(Point));
    pts = p.p;
    for (i = 0; i < 1000; i++)
        nonzero += pts[i].x != 0.0 || pts[i].y != 0.0;
    CHECK(nonzero == 0);
    pts[spy_ptr_check(999, p.length)].y = 2.5;
    CHECK(pts[999].y == 2.5);
    spy_raw_free(p.p);
    zero = spy_raw_alloc(0); /* never NULL, which is the NULL pointer */
    CHECK(zero != NULL);
    spy_raw_free(zero);
    spy_raw_free(NULL);
    CHECK_PANIC(spy_raw_alloc(SIZE_MAX), "MemoryError: out of memory");
}

static void test_argv(void) {
    CHECK(spy_runtime_argc() == 3);
    CHECK_STR(spy_runtime_argv_str(1), "one");
    CHECK_STR_LEN(spy_runtime_argv_str(2), "d\303\251j\303\240 vu", 7);
    CHECK_PANIC(spy_runtime_argv_str(3), "IndexError: argv index out of range");
    CHECK_PANIC(spy_runtime_argv_str(-1),
                "IndexError: argv index out of range");
}

static int32_t run(void) {
    test_ptr_check();
    test_raw_alloc();
    test_argv();
    return check_report("test_memory");
}

int main(int argc, char **argv) {
    return spy_runtime_main(argc, argv, run);
}
