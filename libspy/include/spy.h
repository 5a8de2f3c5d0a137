/*
 * spy.h -- the public interface of libspy, the C runtime of SPy.
 *
 * Generated C includes only this header.  It declares:
 *   - the runtime entry point and argv access     (runtime.c)
 *   - calls from a host program (Python)          (host.c)
 *   - the garbage collector                       (gc.c, see src/gc.h)
 *   - frames and panics with SPy tracebacks       (panic.c)
 *   - buffered stdout                             (io.c)
 *   - str, immutable UTF-8 text                   (str.c, format.c)
 *   - integer and float helpers, Python semantics (inline below, numeric.c)
 *   - the math and time modules                   (mathlib.c, timelib.c)
 *   - pointers and raw memory (unsafe)            (memory.c)
 *   - the os module and file objects              (os.c, file.c)
 *
 * Everything is C99 and compiles warning-free with -Wall -Wextra.  Exported
 * names are spy_<subsystem>_<verb>; names starting with spy__ are internal
 * helpers that only exist because an inline function here needs them.
 */
#ifndef SPY_H
#define SPY_H

#include <setjmp.h>
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define SPY_NORETURN _Noreturn
#elif defined(__GNUC__)
#define SPY_NORETURN __attribute__((noreturn))
#else
#define SPY_NORETURN
#endif

#if defined(__GNUC__)
#define SPY_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define SPY_UNLIKELY(x) (x)
#endif

/* The helpers that nearly every line of generated C calls (bounds, None and
   overflow checks, traceback frames) are a few instructions each, cheaper
   than a call.  gcc stops inlining into a function that has grown large,
   such as an interpreter's dispatch loop, so they are always inlined
   (measured: twice as fast a bytecode VM loop). */
#if defined(__GNUC__)
#define SPY_INLINE static inline __attribute__((always_inline))
#else
#define SPY_INLINE static inline
#endif

/* SPY_ROOT(x): the local x (a parameter, a variable, a temporary) may hold
   a GC reference.  Natively the GC scans the C stack and the registers and
   finds it anyway.  On wasm the C compiler keeps locals in wasm locals,
   outside the linear memory that the GC scans: there x's address escapes
   into an empty asm statement, so x lives in the function's frame on the
   linear-memory stack, and holds its current value at every call that
   could collect.  Generated code roots every such local (the cwriter's
   root_names) and keeps a new reference that must wait for another
   operand in a rooted temporary (canalysis: pending_refs); libspy's
   functions root the references they hold while they allocate. */
#if defined(__wasm__)
#define SPY_ROOT(x) __asm__ __volatile__("" : : "r"(&(x)) : "memory")
#else
#define SPY_ROOT(x) ((void)0)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ===================================================================== */
/* str                                                                   */
/* ===================================================================== */

/*
 * An immutable string.  `utf8` is valid UTF-8 (lone surrogates made by
 * chr() are encoded like any other code point); byte `nbytes` may be
 * anything but NUL-terminated text is one spy_str_cstr() away.  Literals
 * are static structs; most heap strings are one atomic GC object whose
 * `utf8` points just past the struct.  A string built by repeated `+` is a
 * header pointing into a growable buffer (`growth` is SPY_STR_BUFFERED),
 * which the next `+` may extend in place: see spy_str_add.  `hash` caches
 * spy_str_hash(): 0 means "not computed yet"; a hash that comes out as 0 is
 * stored and returned as 1.
 */
typedef struct spy_Str {
    int32_t length;   /* in code points */
    int32_t nbytes;   /* UTF-8 bytes */
    int32_t hash;     /* cached; 0 = not computed yet */
    uint8_t is_ascii; /* 1 when every byte < 0x80 */
    uint8_t growth;   /* SPY_STR_PLAIN, SPY_STR_SUM or SPY_STR_BUFFERED */
    const char *utf8;
} spy_Str;

enum {
    SPY_STR_PLAIN,   /* a literal, or the bytes follow the header */
    SPY_STR_SUM,     /* a plain result of `+`: the next `+` gets a buffer */
    SPY_STR_BUFFERED /* utf8 is the start of a growable buffer */
};

/* A literal:  static spy_Str spy_s1 = SPY_STR_LIT("h\xc3\xa9", 3, 2, 0);
   (not const: the hash is cached in place) */
#define SPY_STR_LIT(literal, nbytes, length, is_ascii) \
    { (length), (nbytes), 0, (is_ascii), SPY_STR_PLAIN, (literal) }

/* Copies; computes length and is_ascii.  Invalid UTF-8 is replaced by
   U+FFFD, one per maximal ill-formed subpart (Python's errors="replace"). */
spy_Str *spy_str_from_utf8(const char *bytes, int32_t nbytes);
spy_Str *spy_str_from_cstr(const char *s); /* spy_str_from_utf8(s, strlen(s)) */
/* spy_str_from_utf8 for any buffer; nbytes <= 0 gives "", more than
   INT32_MAX panics MemoryError. */
spy_Str *spy_str_from_buffer(const void *bytes, int64_t nbytes);
spy_Str *spy_str_add(spy_Str *a, spy_Str *b);
/* s->utf8 NUL-terminated for as long as s lives: s->utf8 itself, or a copy
   when a longer string has been built on its buffer */
const char *spy_str_cstr(spy_Str *s);
spy_Str *spy_str_mul(spy_Str *s, int64_t n); /* n <= 0 gives "" */
bool spy_str_eq(spy_Str *a, spy_Str *b);
int32_t spy_str_cmp(spy_Str *a, spy_Str *b); /* -1, 0, 1 in code-point order */
int32_t spy_str_len(spy_Str *s);
/* FNV-1a (32 bit) over the UTF-8 bytes, as int32; 0 becomes 1. */
int32_t spy_str_hash(spy_Str *s);
spy_Str *spy_str_getitem(spy_Str *s, int64_t i);

/* Byte-level access, for code that scans UTF-8 itself (the lexer, find).
   spy_str_byte is unchecked below: 0 <= i <= nbytes, and byte nbytes reads
   as 0, a sentinel for scanners. */
static inline uint8_t spy_str_byte(spy_Str *s, int32_t i) {
    return i < s->nbytes ? (uint8_t)s->utf8[i] : 0;
}
static inline int32_t spy_str_nbytes(spy_Str *s) {
    return s->nbytes;
}
/* Code point index <-> byte offset, both O(1) for ASCII strings, else
   walking from the nearest known position (amortised O(1) in loops).
   Arguments are clamped to [0, nbytes] and [0, length].  cp_index counts
   the code points that start before byte_offset. */
int32_t spy_str_cp_index(spy_Str *s, int32_t byte_offset);
int32_t spy_str_byte_offset(spy_Str *s, int32_t cp_index);

#define SPY_SLICE_HAS_START 1
#define SPY_SLICE_HAS_STOP 2
spy_Str *spy_str_slice(spy_Str *s, int64_t start, int64_t stop, int64_t step,
                       int32_t flags);
bool spy_str_contains(spy_Str *haystack, spy_Str *needle);
spy_Str *spy_str_repr(spy_Str *s);
int32_t spy_str_ord(spy_Str *s);
spy_Str *spy_str_chr(int32_t cp);

spy_Str *spy_str_from_i64(int64_t v);
spy_Str *spy_str_from_u64(uint64_t v);
spy_Str *spy_str_from_f64(double v); /* exactly CPython's repr(float) */
spy_Str *spy_str_from_bool(bool v);
/* C's "%.*e" and "%.*f" of a finite x (precision < 0 counts as 0): the
   correctly rounded digits that stdlib/_format.spy lays out as Python's
   format() does. */
spy_Str *spy_str_from_f64_e(double x, int32_t precision);
spy_Str *spy_str_from_f64_f(double x, int32_t precision);
/* Python's round(x, ndigits) on a float: correctly rounded, half to even
   on the exact value; nan and inf are returned as they are; a result too
   large for a double panics OverflowError "rounded value too large to
   represent". */
double spy_f64_round(double x, int32_t ndigits);
/* Python's int(s) (base 10) and float(s): surrounding Unicode whitespace,
   a sign, '_' between digits; ASCII digits only.  Errors are ValueError
   with repr(s), as in Python; int() out of the i64 range is one too. */
int64_t spy_str_to_i64(spy_Str *s);
uint64_t spy_str_to_u64(spy_Str *s);
double spy_str_to_f64(spy_Str *s);

/* ===================================================================== */
/* runtime entry                                                         */
/* ===================================================================== */

/* Generated code: int main(int argc, char **argv)
                   { return spy_runtime_main(argc, argv, spy_entry); } */
int spy_runtime_main(int argc, char **argv, int32_t (*entry)(void));
int32_t spy_runtime_argc(void);
const char *spy_runtime_argv(int32_t i); /* NULL when out of range */
/* argv[i] as a str (invalid UTF-8 becomes U+FFFD); out of range panics
   IndexError. */
spy_Str *spy_runtime_argv_str(int32_t i);

/* ===================================================================== */
/* hosts: SPy functions called from another program (host.c)            */
/* ===================================================================== */

/* bytes a host reads: a result or an exception's text */
typedef struct spy_host_bytes {
    const char *data;
    int64_t size;
} spy_host_bytes;

/* Around each call from the host: enter locks the runtime (starting it
   and calling `init` the first time) and makes `frame`, the caller's, the
   bottom of the stack the collector scans; leave flushes stdout, keeps
   the pending exception for this thread when the call failed, unlocks. */
void spy_host_enter(void *frame, void (*init)(void));
void spy_host_leave(bool failed);
/* whether this thread's last call failed; that exception's parts */
bool spy_host_failed(void);
spy_host_bytes spy_host_error_name(void);
spy_host_bytes spy_host_error_message(void);
spy_host_bytes spy_host_error_traceback(void);
/* memory for the results of this thread's call, outside the GC heap and
   valid until its next call; a str copied there */
void *spy_host_arena_alloc(size_t nbytes);
spy_host_bytes spy_host_result_str(spy_Str *s);
/* n, the length of a host's buffer, as an array[T]'s; OverflowError
   beyond INT32_MAX */
int32_t spy_host_array_len(int64_t n);

/* ===================================================================== */
/* GC                                                                    */
/* ===================================================================== */

void *spy_gc_alloc(size_t nbytes);        /* zeroed, scanned conservatively */
void *spy_gc_alloc_atomic(size_t nbytes); /* never scanned, not zeroed */
void spy_gc_add_root(void *start, size_t nbytes);
/* a root area that grows and shrinks: scanned from start to *end */
void spy_gc_add_dynamic_root(void *start, void *const *end);
void spy_gc_collect(void);
/* SPY_GC_STRESS: collect at every Nth allocation (0: never, the default) */
uint32_t spy_gc_get_stress(void);
void spy_gc_set_stress(uint32_t every);
/* SPY_GC_STATS counts from here on (the interpreter's program starts) */
void spy_gc_reset_stats(void);

/* ===================================================================== */
/* frames and panics                                                     */
/* ===================================================================== */

typedef struct spy_Frame {
    struct spy_Frame *prev;
    const char *func;
    const char *file;
    int32_t line;
} spy_Frame;

extern spy_Frame *spy_frame_top;

SPY_INLINE void spy__frame_link(spy_Frame *f, const char *func,
                                   const char *file, int32_t line) {
    f->prev = spy_frame_top;
    f->func = func;
    f->file = file;
    f->line = line;
    spy_frame_top = f;
}

SPY_INLINE void spy__frame_unlink(spy_Frame *f) {
    spy_frame_top = f->prev;
}

/* The frames of generated functions.  A `spy build --release` program
   (SPY_RELEASE) has none: its functions stay as fast as plain C (a frame
   keeps the C compiler from optimizing recursion), and its panics print
   the message without a traceback.  (The interpreter links its frames with
   spy__frame_link, whatever spy itself is built with.) */
SPY_INLINE void spy_frame_push(spy_Frame *f, const char *func,
                                  const char *file, int32_t line) {
#ifdef SPY_RELEASE
    (void)f, (void)func, (void)file, (void)line;
#else
    spy__frame_link(f, func, file, line);
#endif
}

SPY_INLINE void spy_frame_pop(spy_Frame *f) {
#ifdef SPY_RELEASE
    (void)f;
#else
    spy__frame_unlink(f);
#endif
}

/* A failing check in a generated function whose statement did not store
   its line first (the `_at` checks: cwriter stores a statement's line only
   when something other than these checks may panic in it): the line, into
   the function's frame, which is the top one. */
SPY_INLINE void spy_check_line(int32_t line) {
#ifdef SPY_RELEASE
    (void)line;
#else
    spy_frame_top->line = line;
#endif
}

/* The frames of recursive functions (on a cycle of calls).  A runaway
   recursion ends when the stack does, in the SIGSEGV handler, which prints
   the traceback of RecursionError from the frames: in a recursion that
   calls nothing else, the C compiler would drop the stores that only the
   handler reads, so these frames are kept in memory (spy__frame_keep)
   after their push and each line.  Programs are compiled with
   -fno-optimize-sibling-calls, so that the C compiler cannot turn a
   runaway recursion into an endless loop either. */
SPY_INLINE void spy__frame_keep(spy_Frame *f) {
#if defined(__GNUC__) && !defined(SPY_RELEASE)
    __asm__ volatile("" : : "m"(*f));
#else
    (void)f;
#endif
}

/* wasm has no guard page to fault on, and a trap cannot be caught: there
   a recursive function's frame checks the depth of the linear-memory stack
   itself, in every build (panic.c: spy__stack_limit). So does the code of
   a host's module (SPY_HOST, `--target pyext`), where the process is the
   host's: there the check raises a RecursionError that the host's call
   catches (host.c sets the limit of each calling thread). */
#if defined(__wasm__) || defined(SPY_HOST)
#define SPY_STACK_CHECK 1
extern char *spy__stack_limit;
SPY_NORETURN void spy__recursion_error(void);
#endif

SPY_INLINE void spy_frame_rec_push(spy_Frame *f, const char *func,
                                      const char *file, int32_t line) {
#if defined(SPY_STACK_CHECK)
    /* before the push: the innermost frame is the call that went too
       deep, as natively */
    if (SPY_UNLIKELY((char *)f < spy__stack_limit))
        spy__recursion_error();
#endif
    spy_frame_push(f, func, file, line);
    spy__frame_keep(f);
}

SPY_INLINE void spy_frame_rec_line(spy_Frame *f, int32_t line) {
    f->line = line;
    spy__frame_keep(f);
}

SPY_INLINE void spy_frame_rec_pop(spy_Frame *f) {
    spy_frame_pop(f);
}

/* Flush stdout, print the traceback and "etype: msg" (just "etype" when msg
   is empty or NULL) to stderr, exit(1).  "SystemExit" prints msg alone, with
   no traceback, as Python does. */
SPY_NORETURN void spy_panic(const char *etype, const char *msg);
SPY_NORETURN void spy_panic_str(const char *etype, spy_Str *msg);
/* printf-style convenience, same output. */
SPY_NORETURN void spy_panicf(const char *etype, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ===================================================================== */
/* exceptions (L2)                                                       */
/* ===================================================================== */

/* A `try` pushes a handler; a raise with a handler jumps to the innermost
   one (popping it, restoring its spy_frame_top) instead of printing the
   traceback.  The pending exception is a type name, a message, whether
   SPy code holds it as an object (stdlib _exceptions._current) and the
   traceback at the raise, which an uncaught exception prints.  With no
   handler pushed, a raise is exactly the panic of L1: nothing is recorded,
   so a program without `try` pays nothing. */
typedef struct spy_Handler {
    jmp_buf jb;
    struct spy_Handler *prev;
    spy_Frame *frame; /* spy_frame_top when pushed */
} spy_Handler;

extern spy_Handler *spy_handler_top;

static inline void spy_handler_push(spy_Handler *h) {
    h->prev = spy_handler_top;
    h->frame = spy_frame_top;
    spy_handler_top = h;
}

static inline void spy_handler_pop(spy_Handler *h) {
    spy_handler_top = h->prev;
}

/* Push h and set its jump point: 0 now, nonzero when an exception lands. */
#define spy_try(h) (spy_handler_push(h), setjmp((h)->jb))

/* after a call that never returns (a raise written in SPy) */
#if defined(__GNUC__)
#define spy_unreachable() __builtin_unreachable()
#else
#define spy_unreachable() abort()
#endif

/* raise an exception held by SPy code (its class name and str) */
SPY_NORETURN void spy_exc_raise(spy_Str *etype, spy_Str *msg);
/* raise the pending exception again, with its traceback */
SPY_NORETURN void spy_exc_reraise(void);
/* print the pending exception as uncaught and exit(1) */
SPY_NORETURN void spy_exc_uncaught(void);
spy_Str *spy_exc_name(void);
spy_Str *spy_exc_msg(void);
bool spy_exc_has_obj(void);
/* counts raises: a re-raise is of the pending exception only if the
   serial is still the one seen when it was caught */
int64_t spy_exc_serial(void);

/* ===================================================================== */
/* pointers and raw memory (the unsafe module)                           */
/* ===================================================================== */

/* gc_ptr[T] and raw_ptr[T] in C: a value, passed and returned by copy.
   `length` counts items of T; p == NULL is the NULL pointer. */
typedef struct spy_ptr {
    void *p;
    int64_t length;
} spy_ptr;

/* Panics "IndexError: pointer index out of range". */
SPY_NORETURN void spy_ptr_index_error(int64_t i, int64_t length);

/* i when 0 <= i < length, else the IndexError above */
SPY_INLINE int64_t spy_ptr_check(int64_t i, int64_t length) {
    if (SPY_UNLIKELY(i < 0 || i >= length))
        spy_ptr_index_error(i, length);
    return i;
}

/* the same, storing the line of the failing statement first
   (spy_check_line); the C compiler merges the two tests */
SPY_INLINE int64_t spy_ptr_check_at(int64_t i, int64_t length,
                                    int32_t line) {
    if (SPY_UNLIKELY(i < 0 || i >= length))
        spy_check_line(line);
    return spy_ptr_check(i, length);
}

/* The index of unsafe::unchecked(p)[i]: i, which the program has proven
   to lie in 0..length-1 (stdlib/_list.spy checks it against the list's
   length). With SPY_CHECK_UNCHECKED defined (the sanitizer tests), it is
   checked as spy_ptr_check all the same. */
#ifdef SPY_CHECK_UNCHECKED
#define spy_ptr_unchecked(i, length) spy_ptr_check(i, length)
#else
#define spy_ptr_unchecked(i, length) (i)
#endif

/* Zeroed memory outside the GC heap (never scanned: it must not hold the
   only reference to a GC object).  Out of memory panics MemoryError. */
void *spy_raw_alloc(size_t nbytes);
void spy_raw_free(void *p); /* NULL is ignored */
/* copy the bytes of s into a gc_ptr[u8]/raw_ptr[u8] at byte pos; returns
   the position after them (for stdlib/_str.spy) */
static inline int64_t spy_str_copy_into(spy_ptr p, int64_t pos, spy_Str *s) {
    if (pos < 0 || pos + s->nbytes > p.length)
        spy_ptr_index_error(pos + s->nbytes, p.length);
    memcpy((char *)p.p + pos, s->utf8, (size_t)s->nbytes);
    return pos + s->nbytes;
}
/* the first n bytes of a gc_ptr[u8]/raw_ptr[u8] (for stdlib/_str.spy) */
static inline spy_Str *spy_str_from_ptr(spy_ptr p, int64_t n) {
    if (n < 0 || n > p.length)
        spy_ptr_index_error(n, p.length);
    return spy_str_from_buffer(p.p, n);
}

/* ===================================================================== */
/* stdout (fully buffered by libspy)                                     */
/* ===================================================================== */

void spy_stdout_write(spy_Str *s);
void spy_stdout_write_cstr(const char *s);
void spy_stdout_flush(void);
/* input(prompt): write the prompt, flush stdout, read one line of stdin
   without its "\n"; EOFError at the end of the input */
spy_Str *spy_io_input(spy_Str *prompt);

/* ===================================================================== */
/* integers: Python semantics on fixed widths                            */
/* ===================================================================== */

/*
 * For T in i8 u8 i16 u16 i32 u32 i64 u64 (C type CT):
 *   spy_T_add sub mul neg pow shl
 *                              checked: a result out of T's range panics
 *                              OverflowError; with SPY_RELEASE defined (the
 *                              C of `spy build --release`) or
 *                              SPY_WRAP_INTEGERS they wrap instead
 *   spy_T_add_at sub_at mul_at neg_at
 *                              the same, with the line of the statement,
 *                              stored when the check fails (spy_check_line)
 *   spy_T_wadd wsub wmul wneg wpow wshl
 *                              always wrap (the wrapping_* builtins, hashes)
 *   spy_T_floordiv mod         floor semantics; MIN // -1 is a negation,
 *                              MIN % -1 == 0
 *   spy_T_truediv              correctly rounded double, like Python's int / int
 *   spy_T_shr                  arithmetic shift, as Python's >>
 *   spy_f64_to_T               truncation with range checks
 * Every operation is free of C undefined and implementation-defined
 * behaviour: values are converted back to signed types with
 * SPY__TO_SIGNED instead of an out-of-range cast, and the checks use the
 * compiler's overflow builtins.
 */

#if !defined(__GNUC__)
#error "libspy needs GCC or Clang (__builtin_add_overflow and friends)"
#endif

/* SPY_WRAP_INTEGERS: wrapping without the rest of SPY_RELEASE (the
   toolchain is built so: fast integers, and tracebacks of its own) */
#if defined(SPY_RELEASE) || defined(SPY_WRAP_INTEGERS)
#define SPY__CHECKED 0
#else
#define SPY__CHECKED 1
#endif

/* "OverflowError: i32 multiplication overflows" */
SPY_NORETURN void spy_int_overflow(const char *type, const char *what);

/* the signed CT whose two's-complement bits are the low bits of x */
#define SPY__TO_SIGNED(CT, UT, MAXV, x)                               \
    ((UT)(x) > (UT)(MAXV) ? (CT)(-(CT)(UT) ~(UT)(x) - 1) : (CT)(UT)(x))

/* correctly rounded |a| / |b| with the given sign; slow path of i64/u64 */
double spy__u64_truediv(uint64_t a, uint64_t b, int negative);

/* the checked and the wrapping + - * of any T, and the mode's own */
#define SPY__CHECKED_ARITH(T, CT)                                            \
    SPY_INLINE CT spy_##T##_cadd(CT a, CT b) {                            \
        CT r;                                                                \
        if (SPY_UNLIKELY(__builtin_add_overflow(a, b, &r)))                  \
            spy_int_overflow(#T, "addition");                                \
        return r;                                                            \
    }                                                                        \
    SPY_INLINE CT spy_##T##_csub(CT a, CT b) {                            \
        CT r;                                                                \
        if (SPY_UNLIKELY(__builtin_sub_overflow(a, b, &r)))                  \
            spy_int_overflow(#T, "subtraction");                             \
        return r;                                                            \
    }                                                                        \
    SPY_INLINE CT spy_##T##_cmul(CT a, CT b) {                            \
        CT r;                                                                \
        if (SPY_UNLIKELY(__builtin_mul_overflow(a, b, &r)))                  \
            spy_int_overflow(#T, "multiplication");                          \
        return r;                                                            \
    }                                                                        \
    SPY_INLINE CT spy_##T##_cneg(CT a) {                                  \
        CT r;                                                                \
        if (SPY_UNLIKELY(__builtin_sub_overflow((CT)0, a, &r)))              \
            spy_int_overflow(#T, "negation");                                \
        return r;                                                            \
    }                                                                        \
    /* b >= 0 for these two: each type's own cpow and cshl check it */     \
    static inline CT spy_##T##__cpow(CT a, CT b) {                           \
        CT result = 1, base = a;                                             \
        uint64_t e;                                                          \
        for (e = (uint64_t)b; e != 0;) {                                     \
            if ((e & 1u) && __builtin_mul_overflow(result, base, &result))   \
                spy_int_overflow(#T, "power");                               \
            e >>= 1;                                                         \
            if (e != 0 && __builtin_mul_overflow(base, base, &base))         \
                spy_int_overflow(#T, "power");                               \
        }                                                                    \
        return result;                                                       \
    }                                                                        \
    static inline CT spy_##T##__cshl(CT a, CT b) {                           \
        CT r;                                                                \
        if (a == 0)                                                          \
            return 0;                                                        \
        if (b >= (CT)(8 * sizeof(CT)))                                       \
            spy_int_overflow(#T, "left shift");                              \
        r = spy_##T##_wshl(a, b);                                            \
        if (SPY_UNLIKELY(spy_##T##_shr(r, b) != a))                          \
            spy_int_overflow(#T, "left shift");                              \
        return r;                                                            \
    }

/* spy_T_<op>_at: spy_T_<op> that stores the line of the failing statement
   (spy_check_line) before the OverflowError */
#define SPY__AT_ARITH(T, CT, OP, WHAT)                                       \
    SPY_INLINE CT spy_##T##_##OP##_at(CT a, CT b, int32_t line) {            \
        CT r;                                                                \
        if (!SPY__CHECKED)                                                   \
            return spy_##T##_w##OP(a, b);                                    \
        if (SPY_UNLIKELY(__builtin_##OP##_overflow(a, b, &r))) {             \
            spy_check_line(line);                                            \
            spy_int_overflow(#T, WHAT);                                      \
        }                                                                    \
        return r;                                                            \
    }

/* the operations of the build's mode: checked, or wrapping (SPY_RELEASE) */
#define SPY__MODE_ARITH(T, CT)                                               \
    SPY_INLINE CT spy_##T##_add(CT a, CT b) {                             \
        return SPY__CHECKED ? spy_##T##_cadd(a, b) : spy_##T##_wadd(a, b);   \
    }                                                                        \
    SPY_INLINE CT spy_##T##_sub(CT a, CT b) {                             \
        return SPY__CHECKED ? spy_##T##_csub(a, b) : spy_##T##_wsub(a, b);   \
    }                                                                        \
    SPY_INLINE CT spy_##T##_mul(CT a, CT b) {                             \
        return SPY__CHECKED ? spy_##T##_cmul(a, b) : spy_##T##_wmul(a, b);   \
    }                                                                        \
    SPY_INLINE CT spy_##T##_neg(CT a) {                                   \
        return SPY__CHECKED ? spy_##T##_cneg(a) : spy_##T##_wneg(a);         \
    }                                                                        \
    SPY__AT_ARITH(T, CT, add, "addition")                                    \
    SPY__AT_ARITH(T, CT, sub, "subtraction")                                 \
    SPY__AT_ARITH(T, CT, mul, "multiplication")                              \
    SPY_INLINE CT spy_##T##_neg_at(CT a, int32_t line) {                     \
        CT r;                                                                \
        if (!SPY__CHECKED)                                                   \
            return spy_##T##_wneg(a);                                        \
        if (SPY_UNLIKELY(__builtin_sub_overflow((CT)0, a, &r))) {            \
            spy_check_line(line);                                            \
            spy_int_overflow(#T, "negation");                                \
        }                                                                    \
        return r;                                                            \
    }                                                                        \
    static inline CT spy_##T##_pow(CT a, CT b) {                             \
        return SPY__CHECKED ? spy_##T##_cpow(a, b) : spy_##T##_wpow(a, b);   \
    }                                                                        \
    static inline CT spy_##T##_shl(CT a, CT b) {                             \
        return SPY__CHECKED ? spy_##T##_cshl(a, b) : spy_##T##_wshl(a, b);   \
    }

#define SPY__SIGNED_OPS(T, CT, UT, WU, BITS, MAXV)                           \
    SPY_INLINE CT spy_##T##_wrap(WU x) {                                  \
        return SPY__TO_SIGNED(CT, UT, MAXV, x);                              \
    }                                                                        \
    SPY_INLINE CT spy_##T##_wadd(CT a, CT b) {                            \
        return spy_##T##_wrap((WU)((WU)(UT)a + (WU)(UT)b));                  \
    }                                                                        \
    SPY_INLINE CT spy_##T##_wsub(CT a, CT b) {                            \
        return spy_##T##_wrap((WU)((WU)(UT)a - (WU)(UT)b));                  \
    }                                                                        \
    SPY_INLINE CT spy_##T##_wmul(CT a, CT b) {                            \
        return spy_##T##_wrap((WU)((WU)(UT)a * (WU)(UT)b));                  \
    }                                                                        \
    SPY_INLINE CT spy_##T##_wneg(CT a) {                                  \
        return spy_##T##_wrap((WU)((WU)0 - (WU)(UT)a));                      \
    }                                                                        \
    static inline CT spy_##T##_wpow(CT a, CT b) {                            \
        WU base = (WU)(UT)a, result = 1, e;                                  \
        if (SPY_UNLIKELY(b < 0))                                             \
            spy_panic("ValueError",                                          \
                      "integer ** negative exponent is not supported");      \
        for (e = (WU)(UT)b; e != 0; e >>= 1) {                               \
            if (e & 1u)                                                      \
                result = (WU)(result * base);                                \
            base = (WU)(base * base);                                        \
        }                                                                    \
        return spy_##T##_wrap(result);                                       \
    }                                                                        \
    static inline CT spy_##T##_wshl(CT a, CT b) {                            \
        if (SPY_UNLIKELY(b < 0))                                             \
            spy_panic("ValueError", "negative shift count");                 \
        if (b >= BITS)                                                       \
            return 0;                                                        \
        return spy_##T##_wrap((WU)((WU)(UT)a << b));                         \
    }                                                                        \
    static inline CT spy_##T##_shr(CT a, CT b) {                             \
        if (SPY_UNLIKELY(b < 0))                                             \
            spy_panic("ValueError", "negative shift count");                 \
        if (b >= BITS)                                                       \
            return (CT)(a < 0 ? -1 : 0);                                     \
        if (a < 0)                                                           \
            return (CT) ~(CT)((CT) ~a >> b);                                 \
        return (CT)(a >> b);                                                 \
    }                                                                        \
    SPY__CHECKED_ARITH(T, CT)                                                \
    static inline CT spy_##T##_cpow(CT a, CT b) {                            \
        if (SPY_UNLIKELY(b < 0))                                             \
            spy_panic("ValueError",                                          \
                      "integer ** negative exponent is not supported");      \
        return spy_##T##__cpow(a, b);                                        \
    }                                                                        \
    static inline CT spy_##T##_cshl(CT a, CT b) {                            \
        if (SPY_UNLIKELY(b < 0))                                             \
            spy_panic("ValueError", "negative shift count");                 \
        return spy_##T##__cshl(a, b);                                        \
    }                                                                        \
    SPY__MODE_ARITH(T, CT)                                                   \
    static inline CT spy_##T##_floordiv(CT a, CT b) {                        \
        CT q;                                                                \
        if (SPY_UNLIKELY(b == 0))                                            \
            spy_panic("ZeroDivisionError",                                   \
                      "integer division or modulo by zero");                 \
        if (b == -1)                                                         \
            return spy_##T##_neg(a);                                         \
        q = (CT)(a / b);                                                     \
        if ((CT)(a % b) != 0 && ((a < 0) != (b < 0)))                        \
            q = (CT)(q - 1);                                                 \
        return q;                                                            \
    }                                                                        \
    static inline CT spy_##T##_mod(CT a, CT b) {                             \
        CT r;                                                                \
        if (SPY_UNLIKELY(b == 0))                                            \
            spy_panic("ZeroDivisionError", "integer modulo by zero");        \
        if (b == -1)                                                         \
            return 0;                                                        \
        r = (CT)(a % b);                                                     \
        if (r != 0 && ((r < 0) != (b < 0)))                                  \
            r = (CT)(r + b);                                                 \
        return r;                                                            \
    }

#define SPY__UNSIGNED_OPS(T, CT, WU, BITS)                                   \
    SPY_INLINE CT spy_##T##_wadd(CT a, CT b) {                            \
        return (CT)((WU)a + (WU)b);                                          \
    }                                                                        \
    SPY_INLINE CT spy_##T##_wsub(CT a, CT b) {                            \
        return (CT)((WU)a - (WU)b);                                          \
    }                                                                        \
    SPY_INLINE CT spy_##T##_wmul(CT a, CT b) {                            \
        return (CT)((WU)a * (WU)b);                                          \
    }                                                                        \
    SPY_INLINE CT spy_##T##_wneg(CT a) {                                  \
        return (CT)((WU)0 - (WU)a);                                          \
    }                                                                        \
    static inline CT spy_##T##_wpow(CT a, CT b) {                            \
        WU base = (WU)a, result = 1, e;                                      \
        for (e = (WU)b; e != 0; e >>= 1) {                                   \
            if (e & 1u)                                                      \
                result = (WU)(result * base);                                \
            base = (WU)(base * base);                                        \
        }                                                                    \
        return (CT)result;                                                   \
    }                                                                        \
    static inline CT spy_##T##_wshl(CT a, CT b) {                            \
        if (b >= BITS)                                                       \
            return 0;                                                        \
        return (CT)((WU)a << b);                                             \
    }                                                                        \
    static inline CT spy_##T##_shr(CT a, CT b) {                             \
        if (b >= BITS)                                                       \
            return 0;                                                        \
        return (CT)(a >> b);                                                 \
    }                                                                        \
    SPY__CHECKED_ARITH(T, CT)                                                \
    static inline CT spy_##T##_cpow(CT a, CT b) {                            \
        return spy_##T##__cpow(a, b);                                        \
    }                                                                        \
    static inline CT spy_##T##_cshl(CT a, CT b) {                            \
        return spy_##T##__cshl(a, b);                                        \
    }                                                                        \
    SPY__MODE_ARITH(T, CT)                                                   \
    static inline CT spy_##T##_floordiv(CT a, CT b) {                        \
        if (SPY_UNLIKELY(b == 0))                                            \
            spy_panic("ZeroDivisionError",                                   \
                      "integer division or modulo by zero");                 \
        return (CT)(a / b);                                                  \
    }                                                                        \
    static inline CT spy_##T##_mod(CT a, CT b) {                             \
        if (SPY_UNLIKELY(b == 0))                                            \
            spy_panic("ZeroDivisionError", "integer modulo by zero");        \
        return (CT)(a % b);                                                  \
    }

/* int / int for types whose values all convert to double exactly */
#define SPY__SMALL_TRUEDIV(T, CT)                                            \
    static inline double spy_##T##_truediv(CT a, CT b) {                     \
        if (SPY_UNLIKELY(b == 0))                                            \
            spy_panic("ZeroDivisionError", "division by zero");              \
        return (double)a / (double)b;                                        \
    }

/* float -> integer: truncate; x must satisfy  x LOOP LO && x < HI */
#define SPY__F64_TO_INT(T, CT, LOOP, LO, HI)                                 \
    static inline CT spy_f64_to_##T(double x) {                              \
        if (SPY_UNLIKELY(x != x))                                            \
            spy_panic("ValueError", "cannot convert float NaN to integer");  \
        if (SPY_UNLIKELY(x - x != 0.0))                                      \
            spy_panic("ValueError",                                          \
                      "cannot convert float infinity to integer");           \
        if (SPY_UNLIKELY(!(x LOOP LO && x < HI)))                            \
            spy_panic("ValueError", "float out of range for " #T);           \
        return (CT)x;                                                        \
    }

SPY__SIGNED_OPS(i8, int8_t, uint8_t, uint32_t, 8, INT8_MAX)
SPY__SIGNED_OPS(i16, int16_t, uint16_t, uint32_t, 16, INT16_MAX)
SPY__SIGNED_OPS(i32, int32_t, uint32_t, uint32_t, 32, INT32_MAX)
SPY__SIGNED_OPS(i64, int64_t, uint64_t, uint64_t, 64, INT64_MAX)
SPY__UNSIGNED_OPS(u8, uint8_t, uint32_t, 8)
SPY__UNSIGNED_OPS(u16, uint16_t, uint32_t, 16)
SPY__UNSIGNED_OPS(u32, uint32_t, uint32_t, 32)
SPY__UNSIGNED_OPS(u64, uint64_t, uint64_t, 64)

/* hash() of a 64-bit integer, for dict keys: x ^ (x >> 32), wrapped to
   int32_t (what hash() folds for a blue value); one call, so x is
   evaluated once */
static inline int32_t spy_i64_hash(int64_t x) {
    return spy_i32_wrap((uint32_t)(uint64_t)(x ^ spy_i64_shr(x, 32)));
}
static inline int32_t spy_u64_hash(uint64_t x) {
    return spy_i32_wrap((uint32_t)(x ^ (x >> 32)));
}

SPY__SMALL_TRUEDIV(i8, int8_t)
SPY__SMALL_TRUEDIV(u8, uint8_t)
SPY__SMALL_TRUEDIV(i16, int16_t)
SPY__SMALL_TRUEDIV(u16, uint16_t)
SPY__SMALL_TRUEDIV(i32, int32_t)
SPY__SMALL_TRUEDIV(u32, uint32_t)

#define SPY__TWO53 ((int64_t)1 << 53)

static inline double spy_i64_truediv(int64_t a, int64_t b) {
    uint64_t ua, ub;
    if (SPY_UNLIKELY(b == 0))
        spy_panic("ZeroDivisionError", "division by zero");
    if (a >= -SPY__TWO53 && a <= SPY__TWO53 && b >= -SPY__TWO53 &&
        b <= SPY__TWO53)
        return (double)a / (double)b; /* both exact: one rounding */
    ua = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
    ub = b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b;
    return spy__u64_truediv(ua, ub, (a < 0) != (b < 0));
}

static inline double spy_u64_truediv(uint64_t a, uint64_t b) {
    if (SPY_UNLIKELY(b == 0))
        spy_panic("ZeroDivisionError", "division by zero");
    if (a <= (uint64_t)SPY__TWO53 && b <= (uint64_t)SPY__TWO53)
        return (double)a / (double)b;
    return spy__u64_truediv(a, b, 0);
}

SPY__F64_TO_INT(i8, int8_t, >, -129.0, 128.0)
SPY__F64_TO_INT(u8, uint8_t, >, -1.0, 256.0)
SPY__F64_TO_INT(i16, int16_t, >, -32769.0, 32768.0)
SPY__F64_TO_INT(u16, uint16_t, >, -1.0, 65536.0)
SPY__F64_TO_INT(i32, int32_t, >, -2147483649.0, 2147483648.0)
SPY__F64_TO_INT(u32, uint32_t, >, -1.0, 4294967296.0)
SPY__F64_TO_INT(i64, int64_t, >=, -9223372036854775808.0, 9223372036854775808.0)
SPY__F64_TO_INT(u64, uint64_t, >, -1.0, 18446744073709551616.0)

/* ===================================================================== */
/* floats: Python semantics                                              */
/* ===================================================================== */

static inline double spy_f64_truediv(double a, double b) {
    if (SPY_UNLIKELY(b == 0.0))
        spy_panic("ZeroDivisionError", "float division by zero");
    return a / b;
}
double spy_f64_floordiv(double a, double b);
double spy_f64_mod(double a, double b);
double spy_f64_pow(double a, double b);

/* ===================================================================== */
/* math and time modules                                                 */
/* ===================================================================== */

/* Like Python's math module, errors included: ValueError "math domain
   error", OverflowError "math range error".  floor and ceil return f64 and
   are C's (inf, nan and -0.0 pass through; Python's return int). */
double spy_math_sqrt(double x);
double spy_math_floor(double x);
double spy_math_ceil(double x);
double spy_math_fabs(double x);
double spy_math_sin(double x);
double spy_math_cos(double x);
double spy_math_tan(double x);
double spy_math_atan2(double y, double x);
double spy_math_exp(double x);
double spy_math_log(double x);
double spy_math_pow(double x, double y);

double spy_time_time(void);         /* seconds since the epoch */
double spy_time_perf_counter(void); /* monotonic, high resolution */

/* ===================================================================== */
/* os module                                                             */
/* ===================================================================== */

/*
 * I/O errors panic "OSError: <path>: <strerror(errno)>" (for system and
 * spawn the path is the command or program).  A str holding a NUL byte
 * cannot name a file: ValueError "embedded null byte".  Text is read as
 * UTF-8, bytes unchanged (no newline translation); invalid UTF-8 becomes
 * U+FFFD.  stdout is flushed before another process may run or write.
 */
spy_Str *spy_os_getenv(spy_Str *name); /* "" if unset */
spy_Str *spy_os_read_file(spy_Str *path);
void spy_os_write_file(spy_Str *path, spy_Str *text);
bool spy_os_exists(spy_Str *path); /* false on any error, like Python */
/* run cmd with /bin/sh; its exit status, or 128 + N if killed by signal N */
bool spy_os_isfile(spy_Str *path);
bool spy_os_isdir(spy_Str *path);
/* the absolute path of the running program */
spy_Str *spy_os_executable(void);
void spy_os_write_stdout(spy_Str *text);      /* no newline added */
void spy_os_write_stderr(spy_Str *text);      /* flushes stdout first */
int32_t spy_os_system(spy_Str *cmd);
/* argv.p is spy_Str **, argc >= 1 items; run argv[0] (searched in PATH,
   no shell) and wait.  The status as spy_os_system, 127 if the program is
   not found, 126 if it cannot be executed. */
int32_t spy_os_spawn(spy_ptr argv, int32_t argc);
/* the same, with the child's stderr written to the file stderr_path */
int32_t spy_os_spawn_stderr_to(spy_ptr argv, int32_t argc,
                               spy_Str *stderr_path);
SPY_NORETURN void spy_os_exit(int32_t code);
void spy_os_remove(spy_Str *path);
void spy_os_mkdir(spy_Str *path); /* mode 0777; an existing path fails */
/* the same, but false when path exists: who made it is the one caller
   that gets true (a new folder of one's own, as mkdtemp makes) */
bool spy_os_mkdir_new(spy_Str *path);
/* replace dst by src in one step (POSIX rename) */
void spy_os_rename(spy_Str *src, spy_Str *dst);
/* FNV-1a (64 bits) of the bytes of a file: a key for build caches */
int64_t spy_os_file_hash(spy_Str *path);
spy_Str *spy_os_getcwd(void);
/* exactly Python's posixpath functions (one `b` for join) */
spy_Str *spy_os_path_join(spy_Str *a, spy_Str *b);
spy_Str *spy_os_path_dirname(spy_Str *p);
spy_Str *spy_os_path_basename(spy_Str *p);
spy_Str *spy_os_path_normpath(spy_Str *p);
spy_Str *spy_os_path_abspath(spy_Str *p);

/* ===================================================================== */
/* files: open(path, mode)                                               */
/* ===================================================================== */

/*
 * A handle is an opaque non-zero integer (a pointer to libspy's record of
 * the FILE * and its path, so errors can name the path).  Modes: "r" "w"
 * "a", each optionally with one "b" (ignored: files are always bytes, read
 * and written as UTF-8); any other mode panics ValueError "invalid mode:
 * 'x'".  Handle 0 is a closed file: reading or writing it panics
 * ValueError "I/O operation on closed file.", closing it does nothing.  A
 * closed non-zero handle is dangling: the SPy File object sets its handle
 * to 0 when it closes, so closing twice is a no-op.
 */
int64_t spy_file_open(spy_Str *path, spy_Str *mode);
spy_Str *spy_file_read(int64_t h);     /* the rest of the file */
spy_Str *spy_file_readline(int64_t h); /* with its "\n"; "" at end of file */
void spy_file_write(int64_t h, spy_Str *s);
void spy_file_close(int64_t h);

#ifdef __cplusplus
}
#endif

/* ===================================================================== */
/* helpers for generated code (cwriter)                                  */
/* ===================================================================== */

/*
 * Only the C that stage0/cwriter.py (and its selfhost twin) writes calls
 * these.  A class instance is a scanned GC object that starts with its
 * class id:  struct <C> { int32_t cls; <fields> };  a class reference is a
 * void *, NULL for None.  The ids of a class and of its subclasses form one
 * range lo..hi, so isinstance is two comparisons.  The pointer helpers
 * count in items of `itemsize` bytes and check bounds as spy_ptr_check.
 */


/* obj, or the AttributeError Python raises for None.attr */
SPY_INLINE void *spy_nonnull(void *obj, const char *attr) {
    if (SPY_UNLIKELY(obj == NULL))
        spy_panicf("AttributeError",
                   "'NoneType' object has no attribute '%s'", attr);
    return obj;
}

/* the same, storing the line of the failing statement first
   (spy_check_line) */
SPY_INLINE void *spy_nonnull_at(void *obj, const char *attr, int32_t line) {
    if (SPY_UNLIKELY(obj == NULL))
        spy_check_line(line);
    return spy_nonnull(obj, attr);
}

/* the class id of an instance (not NULL) */
SPY_INLINE int32_t spy_class_id(void *obj) {
    return *(int32_t *)obj;
}

/* isinstance(obj, C), where lo..hi are the ids of C and its subclasses */
SPY_INLINE bool spy_isinstance(void *obj, int32_t lo, int32_t hi) {
    return obj != NULL && spy_class_id(obj) >= lo && spy_class_id(obj) <= hi;
}

/* cast(C, obj): obj when it is None or an instance of C, else TypeError;
   names[id] is the name of class id, target the one of C */
SPY_INLINE void *spy_cast(void *obj, int32_t lo, int32_t hi,
                             const char *const *names, const char *target) {
    if (SPY_UNLIKELY(obj != NULL && !spy_isinstance(obj, lo, hi)))
        spy_panicf("TypeError", "cannot cast '%s' object to '%s'",
                   names[spy_class_id(obj)], target);
    return obj;
}

/* zeroed GC memory that is never scanned (no field can hold a pointer) */
static inline void *spy_gc_alloc_zeroed_atomic(size_t nbytes) {
    void *p = spy_gc_alloc_atomic(nbytes);
    memset(p, 0, nbytes);
    return p;
}

/* the size of n items: n < 0 is ValueError, too many MemoryError */
static inline size_t spy_ptr_nbytes(int64_t n, size_t itemsize) {
    if (SPY_UNLIKELY(n < 0))
        spy_panic("ValueError", "negative allocation size");
    if (SPY_UNLIKELY(itemsize != 0 &&
                     (uint64_t)n > (uint64_t)(PTRDIFF_MAX / 2) / itemsize))
        spy_panic("MemoryError", "out of memory");
    return (size_t)n * itemsize;
}

/* unsafe::gc_alloc[T](n): n zeroed items, scanned when T may hold a
   pointer */
static inline spy_ptr spy_ptr_gc_alloc(int64_t n, size_t itemsize,
                                       bool scanned) {
    spy_ptr r;
    size_t nbytes = spy_ptr_nbytes(n, itemsize);
    r.p = scanned ? spy_gc_alloc(nbytes) : spy_gc_alloc_zeroed_atomic(nbytes);
    r.length = n;
    return r;
}

/* unsafe::raw_alloc[T](n) */
static inline spy_ptr spy_ptr_raw_alloc(int64_t n, size_t itemsize) {
    spy_ptr r;
    r.p = spy_raw_alloc(spy_ptr_nbytes(n, itemsize));
    r.length = n;
    return r;
}

/* items start..start+n-1 must lie in 0..length-1 (n == 0 allows
   start == length); else IndexError */
static inline void spy_ptr_check_span(int64_t start, int64_t n,
                                      int64_t length) {
    if (SPY_UNLIKELY(start < 0 || n < 0 || start > length ||
                     n > length - start))
        spy_ptr_index_error(start, length);
}

/* the address of item i, computed only when it is inside the memory */
SPY_INLINE char *spy__ptr_at(spy_ptr p, int64_t i, size_t itemsize) {
    return (char *)p.p + (size_t)i * itemsize;
}

/* unsafe::ptr_offset(p, i): the items from i on (0 <= i <= length) */
static inline spy_ptr spy_ptr_offset(spy_ptr p, int64_t i, size_t itemsize) {
    spy_ptr r;
    spy_ptr_check_span(i, 0, p.length);
    r.p = i == 0 ? p.p : (void *)spy__ptr_at(p, i, itemsize);
    r.length = p.length - i;
    return r;
}

/* unsafe::ptr_copy / ptr_move and their _slice forms (move: the two
   ranges may overlap) */
static inline void spy_ptr_copy(spy_ptr dst, int64_t dst_start, spy_ptr src,
                                int64_t src_start, int64_t n, size_t itemsize,
                                bool move) {
    spy_ptr_check_span(dst_start, n, dst.length);
    spy_ptr_check_span(src_start, n, src.length);
    if (n == 0)
        return;
    if (move)
        memmove(spy__ptr_at(dst, dst_start, itemsize),
                spy__ptr_at(src, src_start, itemsize), (size_t)n * itemsize);
    else
        memcpy(spy__ptr_at(dst, dst_start, itemsize),
               spy__ptr_at(src, src_start, itemsize), (size_t)n * itemsize);
}

/* unsafe::ptr_setbytes(_slice): every byte of n items set to `byte` */
static inline void spy_ptr_setbytes(spy_ptr p, int64_t start, int32_t byte,
                                    int64_t n, size_t itemsize) {
    spy_ptr_check_span(start, n, p.length);
    if (n > 0)
        memset(spy__ptr_at(p, start, itemsize), byte, (size_t)n * itemsize);
}

/* unsafe::ptr_cmp(_slice): memcmp of n items, as -1, 0 or 1 */
static inline int32_t spy_ptr_cmp(spy_ptr a, int64_t a_start, spy_ptr b,
                                  int64_t b_start, int64_t n,
                                  size_t itemsize) {
    int c;
    spy_ptr_check_span(a_start, n, a.length);
    spy_ptr_check_span(b_start, n, b.length);
    if (n == 0)
        return 0;
    c = memcmp(spy__ptr_at(a, a_start, itemsize),
               spy__ptr_at(b, b_start, itemsize), (size_t)n * itemsize);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

/* ===================================================================== */
/* memory by address, for the interpreter (selfhost/interp)              */
/* ===================================================================== */

/*
 * The interpreter keeps every value of the program it runs in memory, in
 * the C layout compiled code uses, and names memory by a byte address held
 * in an int64_t.  These are its loads and stores (unaligned accesses are
 * allowed), its allocations, and the few libspy entry points it needs with
 * SPy-friendly types.  Nothing is checked: the interpreter's lowering pass
 * emits only accesses that compiled code would make.
 */

#define SPY__MEM_ACCESS(T, CT)                                               \
    SPY_INLINE CT spy_mem_ld_##T(int64_t a) {                             \
        CT v;                                                                \
        memcpy(&v, (const void *)(intptr_t)a, sizeof v);                     \
        return v;                                                            \
    }                                                                        \
    SPY_INLINE void spy_mem_st_##T(int64_t a, CT v) {                     \
        memcpy((void *)(intptr_t)a, &v, sizeof v);                           \
    }

SPY__MEM_ACCESS(bool, bool)
SPY__MEM_ACCESS(i8, int8_t)
SPY__MEM_ACCESS(u8, uint8_t)
SPY__MEM_ACCESS(i16, int16_t)
SPY__MEM_ACCESS(u16, uint16_t)
SPY__MEM_ACCESS(i32, int32_t)
SPY__MEM_ACCESS(u32, uint32_t)
SPY__MEM_ACCESS(i64, int64_t)
SPY__MEM_ACCESS(u64, uint64_t)
SPY__MEM_ACCESS(f64, double)
SPY__MEM_ACCESS(str, spy_Str *)
SPY__MEM_ACCESS(ptr, spy_ptr)

/* a class reference (or a str) as an address: a pointer's own bytes, which
   are 4 of a slot's 8 on wasm32 */
SPY_INLINE int64_t spy_mem_ld_ref(int64_t a) {
    void *v;
    memcpy(&v, (const void *)(intptr_t)a, sizeof v);
    return (int64_t)(intptr_t)v;
}

/* n bytes from src to dst (the ranges may overlap) */
static inline void spy_mem_copy(int64_t dst, int64_t src, int64_t n) {
    memmove((void *)(intptr_t)dst, (const void *)(intptr_t)src, (size_t)n);
}
static inline void spy_mem_zero(int64_t dst, int64_t n) {
    memset((void *)(intptr_t)dst, 0, (size_t)n);
}
static inline void spy_mem_set_bytes(int64_t dst, int32_t byte, int64_t n) {
    memset((void *)(intptr_t)dst, byte, (size_t)n);
}
/* memcmp as -1, 0 or 1 */
static inline int32_t spy_mem_cmp(int64_t a, int64_t b, int64_t n) {
    int c = memcmp((const void *)(intptr_t)a, (const void *)(intptr_t)b,
                   (size_t)n);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}
static inline void spy_mem_raw_free(int64_t p) {
    spy_raw_free((void *)(intptr_t)p);
}
/* the address of a str object, and of its NUL-terminated UTF-8 */
static inline int64_t spy_mem_str_addr(spy_Str *s) {
    return (int64_t)(intptr_t)s;
}
static inline int64_t spy_mem_str_utf8(spy_Str *s) {
    return (int64_t)(intptr_t)spy_str_cstr(s);
}
/* a class reference as an address, and back */
static inline int64_t spy_mem_obj_addr(void *obj) {
    return (int64_t)(intptr_t)obj;
}
static inline void *spy_mem_obj_at(int64_t a) {
    return (void *)(intptr_t)a;
}
/* zeroed memory: scanned GC memory, atomic GC memory, raw memory */
static inline int64_t spy_mem_gc_alloc(int64_t n) {
    return (int64_t)(intptr_t)spy_gc_alloc((size_t)n);
}
static inline int64_t spy_mem_gc_alloc_atomic(int64_t n) {
    return (int64_t)(intptr_t)spy_gc_alloc_zeroed_atomic((size_t)n);
}
static inline int64_t spy_mem_raw_alloc(int64_t n) {
    return (int64_t)(intptr_t)spy_raw_alloc((size_t)n);
}
/* the GC scans [start, *end_slot) */
static inline void spy_mem_add_dynamic_root(int64_t start, int64_t end_slot) {
    spy_gc_add_dynamic_root((void *)(intptr_t)start,
                            (void *const *)(intptr_t)end_slot);
}
/* traceback frames at an address (f: sizeof(spy_Frame) bytes); func and
   file are addresses of NUL-terminated text */
static inline int64_t spy_mem_frame_size(void) {
    return (int64_t)sizeof(spy_Frame);
}
static inline int64_t spy_mem_pointer_size(void) {
    return (int64_t)sizeof(void *);
}
static inline void spy_mem_frame_push(int64_t f, int64_t func, int64_t file,
                                      int32_t line) {
    spy__frame_link((spy_Frame *)(intptr_t)f, (const char *)(intptr_t)func,
                   (const char *)(intptr_t)file, line);
}
static inline void spy_mem_frame_pop(int64_t f) {
    spy__frame_unlink((spy_Frame *)(intptr_t)f);
}
static inline void spy_mem_frame_set_line(int64_t f, int32_t line) {
    ((spy_Frame *)(intptr_t)f)->line = line;
}
/* the traceback chain (spy_frame_top), as an address */
static inline int64_t spy_mem_frame_top(void) {
    return (int64_t)(intptr_t)spy_frame_top;
}
static inline void spy_mem_set_frame_top(int64_t f) {
    spy_frame_top = (spy_Frame *)(intptr_t)f;
}
/* the interpreter's one handler (exceptions, above): its size, pushing
   it, and its jump point (true when an exception lands) */
static inline int64_t spy_mem_handler_size(void) {
    return (int64_t)sizeof(spy_Handler);
}
static inline void spy_mem_handler_push(int64_t h) {
    spy_handler_push((spy_Handler *)(intptr_t)h);
}
#define spy_mem_exc_trap(h) (setjmp(((spy_Handler *)(intptr_t)(h))->jb) != 0)
/* spy_panic_str with the type name as a str */
SPY_NORETURN static inline void spy_mem_panic(spy_Str *etype, spy_Str *msg) {
    spy_panic_str(etype->utf8, msg);
}

#endif /* SPY_H */
