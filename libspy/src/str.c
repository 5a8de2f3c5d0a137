/*
 * str.c -- SPy's immutable str: UTF-8 storage, code-point semantics.
 *
 * A heap str is one atomic GC object: the spy_Str header followed by the
 * bytes and a NUL, or, when built by repeated `+`, a header pointing into
 * a growable buffer (see spy_str_add).  ASCII strings index in O(1).
 * Other strings index by walking UTF-8 from the nearest known position:
 * the start, the end, or a small cache of recent (string, code point, byte
 * offset) triples, so that loops over a non-ASCII string stay linear.
 *
 * Single ASCII characters and "" are static and never allocated.
 * Number formatting lives in format.c.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "internal.h"
#include "unicode_printable.inc"

/* ===================================================================== */
/* Static strings                                                        */
/* ===================================================================== */

spy_Str spy__str_empty = {0, 0, 0, 1, SPY_STR_PLAIN, ""};

#define SPY_R8(m, b) \
    m(b) m(b + 1) m(b + 2) m(b + 3) m(b + 4) m(b + 5) m(b + 6) m(b + 7)
#define SPY_R64(m, b)                                                    \
    SPY_R8(m, b) SPY_R8(m, b + 8) SPY_R8(m, b + 16) SPY_R8(m, b + 24)    \
    SPY_R8(m, b + 32) SPY_R8(m, b + 40) SPY_R8(m, b + 48) SPY_R8(m, b + 56)
#define BYTE_AND_NUL(i) (char)(i), 0,
#define ONE_CHAR(i) {1, 1, 0, 1, SPY_STR_PLAIN, &ascii_bytes[2 * (i)]},

/* "\0\0" "\1\0" ... "\177\0": the text of the single-character strings */
static const char ascii_bytes[256] = {SPY_R64(BYTE_AND_NUL, 0)
                                          SPY_R64(BYTE_AND_NUL, 64)};
static spy_Str ascii_chars[128] = {SPY_R64(ONE_CHAR, 0) SPY_R64(ONE_CHAR, 64)};

/* ===================================================================== */
/* Allocation                                                            */
/* ===================================================================== */

spy_Str *spy__str_alloc(int32_t nbytes) {
    spy_Str *s = spy_gc_alloc_atomic(sizeof(spy_Str) + (size_t)nbytes + 1);
    char *data = (char *)(s + 1);
    data[nbytes] = '\0';
    s->length = 0;
    s->nbytes = nbytes;
    s->hash = 0;
    s->is_ascii = 0;
    s->growth = SPY_STR_PLAIN;
    s->utf8 = data;
    return s;
}

spy_Str *spy__str_make(const char *bytes, int32_t nbytes, int32_t length,
                       int32_t is_ascii) {
    spy_Str *s;
    SPY_ROOT(bytes); /* it may point into a str */
    if (nbytes == 0)
        return &spy__str_empty;
    if (nbytes == 1 && is_ascii)
        return &ascii_chars[(unsigned char)bytes[0]];
    s = spy__str_alloc(nbytes);
    memcpy((char *)s->utf8, bytes, (size_t)nbytes);
    s->length = length;
    s->is_ascii = is_ascii;
    return s;
}

static int32_t checked_size(int64_t n) {
    if (n > INT32_MAX)
        spy_panic("MemoryError", "");
    return (int32_t)n;
}

/* ===================================================================== */
/* UTF-8                                                                 */
/* ===================================================================== */

/* length of the sequence starting with a (well-formed) lead byte */
static inline int seq_len(unsigned char c) {
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static int32_t decode(const unsigned char *p) {
    unsigned c = p[0];
    if (c < 0x80)
        return (int32_t)c;
    if (c < 0xE0)
        return (int32_t)(((c & 0x1Fu) << 6) | (p[1] & 0x3Fu));
    if (c < 0xF0)
        return (int32_t)(((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) |
                         (p[2] & 0x3Fu));
    return (int32_t)(((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) |
                     ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu));
}

static int encode(int32_t cp, char *out) {
    uint32_t c = (uint32_t)cp;
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* The well-formed sequence at p (Unicode table 3-7): its length, or minus
   the length of the maximal ill-formed subpart to replace by U+FFFD. */
static int utf8_check(const unsigned char *p, int32_t avail) {
    unsigned c = p[0], lo = 0x80, hi = 0xBF;
    int need, i;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c == 0xE0)
        need = 2, lo = 0xA0;
    else if (c == 0xED)
        need = 2, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF)
        need = 2;
    else if (c == 0xF0)
        need = 3, lo = 0x90;
    else if (c == 0xF4)
        need = 3, hi = 0x8F;
    else if (c >= 0xF1 && c <= 0xF3)
        need = 3;
    else
        return -1;
    for (i = 1; i <= need; i++) {
        if (i >= avail || p[i] < lo || p[i] > hi)
            return -i;
        lo = 0x80;
        hi = 0xBF;
    }
    return need + 1;
}

spy_Str *spy_str_from_utf8(const char *bytes, int32_t nbytes) {
    const unsigned char *p = (const unsigned char *)bytes;
    int32_t i, length = 0;
    int64_t outbytes = 0;
    bool bad = false;
    spy_Str *s;
    char *out;
    SPY_ROOT(bytes); /* it may point into a str */
    if (nbytes <= 0)
        return &spy__str_empty;
    for (i = 0; i < nbytes && p[i] < 0x80; i++)
        ;
    if (i == nbytes)
        return spy__str_make(bytes, nbytes, nbytes, 1);
    for (i = 0; i < nbytes; length++) {
        int k = utf8_check(p + i, nbytes - i);
        if (k > 0) {
            i += k;
            outbytes += k;
        } else {
            i -= k;
            outbytes += 3;
            bad = true;
        }
    }
    if (!bad)
        return spy__str_make(bytes, nbytes, length, 0);
    s = spy__str_alloc(checked_size(outbytes));
    out = (char *)s->utf8;
    for (i = 0; i < nbytes;) {
        int k = utf8_check(p + i, nbytes - i);
        if (k > 0) {
            memcpy(out, p + i, (size_t)k);
            out += k;
            i += k;
        } else {
            out += encode(0xFFFD, out);
            i -= k;
        }
    }
    s->length = length;
    s->is_ascii = 0;
    return s;
}

spy_Str *spy_str_from_cstr(const char *cstr) {
    return spy_str_from_utf8(cstr, checked_size((int64_t)strlen(cstr)));
}

spy_Str *spy_str_from_buffer(const void *bytes, int64_t nbytes) {
    if (nbytes <= 0)
        return &spy__str_empty;
    return spy_str_from_utf8(bytes, checked_size(nbytes));
}

/* ===================================================================== */
/* Code point offsets                                                    */
/* ===================================================================== */

typedef struct OffsetCache {
    void *s; /* a weak slot: the GC clears it when the string dies, so a
                new string at the same address cannot hit a stale entry */
    int32_t cp;
    int32_t byte;
} OffsetCache;

static OffsetCache offset_cache[4];
static bool offset_cache_weak;

static int32_t dist(int32_t a, int32_t b) {
    return a > b ? a - b : b - a;
}

/* the cache slot of s */
static OffsetCache *offset_slot(const spy_Str *s) {
    if (!offset_cache_weak) {
        int k;
        for (k = 0; k < 4; k++)
            spy_gc_add_weak(&offset_cache[k].s);
        offset_cache_weak = true;
    }
    return &offset_cache[((uintptr_t)s >> 5) & 3];
}

/* byte offset of code point i, 0 <= i <= length */
static int32_t str_offset(const spy_Str *s, int32_t i) {
    const unsigned char *p = (const unsigned char *)s->utf8;
    OffsetCache *c;
    int32_t cp = 0, b = 0;
    if (s->is_ascii || i == 0)
        return i;
    if (i >= s->length)
        return s->nbytes;
    c = offset_slot(s);
    if (c->s == (const void *)s && dist(c->cp, i) < i) {
        cp = c->cp;
        b = c->byte;
    }
    if (s->length - i < dist(cp, i)) {
        cp = s->length;
        b = s->nbytes;
    }
    for (; cp < i; cp++)
        b += seq_len(p[b]);
    for (; cp > i; cp--) {
        do
            b--;
        while ((p[b] & 0xC0) == 0x80);
    }
    c->s = (void *)(uintptr_t)s;
    c->cp = i;
    c->byte = b;
    return b;
}

static bool is_lead(unsigned char c) {
    return (c & 0xC0) != 0x80;
}

/* the code points that start in the bytes before b, 0 <= b <= nbytes;
   the inverse of str_offset, from the same starting points */
static int32_t str_cp_index(const spy_Str *s, int32_t b) {
    const unsigned char *p = (const unsigned char *)s->utf8;
    OffsetCache *c;
    int32_t cp = 0, from = 0, k;
    if (s->is_ascii || b == 0)
        return b;
    if (b >= s->nbytes)
        return s->length;
    c = offset_slot(s);
    if (c->s == (const void *)s && dist(c->byte, b) < b) {
        cp = c->cp;
        from = c->byte;
    }
    if (s->nbytes - b < dist(from, b)) {
        cp = s->length;
        from = s->nbytes;
    }
    for (k = from; k < b; k++)
        cp += is_lead(p[k]);
    for (k = b; k < from; k++)
        cp -= is_lead(p[k]);
    if (is_lead(p[b])) { /* a boundary: worth remembering */
        c->s = (void *)(uintptr_t)s;
        c->cp = cp;
        c->byte = b;
    }
    return cp;
}

int32_t spy_str_cp_index(spy_Str *s, int32_t byte_offset) {
    if (byte_offset <= 0)
        return 0;
    if (byte_offset >= s->nbytes)
        return s->length;
    return str_cp_index(s, byte_offset);
}

int32_t spy_str_byte_offset(spy_Str *s, int32_t cp_index) {
    if (cp_index <= 0)
        return 0;
    if (cp_index >= s->length)
        return s->nbytes;
    return str_offset(s, cp_index);
}

/* ===================================================================== */
/* Operations                                                            */
/* ===================================================================== */

/*
 * Building a string by `s = s + piece` in a loop is linear, although the
 * collector cannot tell (as CPython's reference count does) that the old
 * `s` is dead.  The second `+` onto a result of `+` copies it into a
 * buffer with room to spare; each later `+` onto the newest string of the
 * buffer appends there and returns a new header for the longer prefix.
 * Older headers keep their shorter prefix, so every string stays
 * immutable; a `+` onto one of them (its buffer has grown past it)
 * copies.  Byte `nbytes` of a buffered string is NUL only while the
 * string is the newest of its buffer, hence spy_str_cstr.
 */
typedef struct StrBuf {
    int32_t cap;  /* bytes of data, counting the NUL; 0 once sealed */
    int32_t used; /* bytes of the newest string */
    char data[];
} StrBuf;

static StrBuf *buffer_of(spy_Str *s) {
    return (StrBuf *)(void *)(s->utf8 - offsetof(StrBuf, data));
}

/* a header for the first nbytes of buf (scanned: it keeps buf alive) */
static spy_Str *buffered(StrBuf *buf, int32_t nbytes, int32_t length,
                         int is_ascii) {
    spy_Str *s = spy_gc_alloc(sizeof(spy_Str));
    s->length = length;
    s->nbytes = nbytes;
    s->is_ascii = (uint8_t)is_ascii;
    s->growth = SPY_STR_BUFFERED;
    s->utf8 = buf->data;
    return s;
}

spy_Str *spy_str_add(spy_Str *a, spy_Str *b) {
    spy_Str *s;
    int32_t total, length;
    int is_ascii;
    SPY_ROOT(a);
    SPY_ROOT(b);
    if (a->nbytes == 0)
        return b;
    if (b->nbytes == 0)
        return a;
    total = checked_size((int64_t)a->nbytes + b->nbytes);
    length = a->length + b->length;
    is_ascii = a->is_ascii && b->is_ascii;
    if (a->growth != SPY_STR_PLAIN) {
        StrBuf *buf = a->growth == SPY_STR_BUFFERED ? buffer_of(a) : NULL;
        SPY_ROOT(buf);
        if (buf == NULL || buf->used != a->nbytes || total >= buf->cap) {
            int32_t cap = checked_size(2 * (int64_t)total + 1);
            buf = spy_gc_alloc_atomic(sizeof(StrBuf) + (size_t)cap);
            buf->cap = cap;
            memcpy(buf->data, a->utf8, (size_t)a->nbytes);
        }
        memcpy(buf->data + a->nbytes, b->utf8, (size_t)b->nbytes);
        buf->data[total] = '\0';
        buf->used = total;
        return buffered(buf, total, length, is_ascii);
    }
    s = spy__str_alloc(total);
    memcpy((char *)s->utf8, a->utf8, (size_t)a->nbytes);
    memcpy((char *)s->utf8 + a->nbytes, b->utf8, (size_t)b->nbytes);
    s->length = length;
    s->is_ascii = (uint8_t)is_ascii;
    s->growth = SPY_STR_SUM;
    return s;
}

const char *spy_str_cstr(spy_Str *s) {
    StrBuf *buf;
    spy_Str *copy;
    SPY_ROOT(s);
    if (s->growth != SPY_STR_BUFFERED)
        return s->utf8;
    buf = buffer_of(s);
    if (buf->used == s->nbytes) {
        buf->cap = 0; /* sealed: no `+` extends it, the NUL after s stays */
        return s->utf8;
    }
    copy = spy__str_make(s->utf8, s->nbytes, s->length, s->is_ascii);
    return copy->utf8;
}

spy_Str *spy_str_mul(spy_Str *s, int64_t n) {
    spy_Str *r;
    char *out;
    int64_t total, done;
    SPY_ROOT(s);
    if (n <= 0 || s->nbytes == 0)
        return &spy__str_empty;
    if (n == 1)
        return s;
    if (n > INT32_MAX / s->nbytes)
        spy_panic("MemoryError", "");
    total = n * s->nbytes;
    r = spy__str_alloc((int32_t)total);
    out = (char *)r->utf8;
    memcpy(out, s->utf8, (size_t)s->nbytes);
    for (done = s->nbytes; done < total;) { /* double the filled prefix */
        int64_t k = done < total - done ? done : total - done;
        memcpy(out + done, out, (size_t)k);
        done += k;
    }
    r->length = (int32_t)(n * s->length);
    r->is_ascii = s->is_ascii;
    return r;
}

bool spy_str_eq(spy_Str *a, spy_Str *b) {
    if (a == b)
        return true;
    if (a->nbytes != b->nbytes || a->length != b->length)
        return false;
    if (a->hash != 0 && b->hash != 0 && a->hash != b->hash)
        return false;
    return memcmp(a->utf8, b->utf8, (size_t)a->nbytes) == 0;
}

/* UTF-8 byte order is code-point order */
int32_t spy_str_cmp(spy_Str *a, spy_Str *b) {
    int32_t n = a->nbytes < b->nbytes ? a->nbytes : b->nbytes;
    int c = memcmp(a->utf8, b->utf8, (size_t)n);
    if (c == 0)
        c = (a->nbytes > b->nbytes) - (a->nbytes < b->nbytes);
    return c < 0 ? -1 : c > 0;
}

int32_t spy_str_len(spy_Str *s) {
    return s->length;
}

int32_t spy_str_hash(spy_Str *s) {
    uint32_t h = 2166136261u;
    const unsigned char *p = (const unsigned char *)s->utf8;
    int32_t i, r;
    if (s->hash != 0)
        return s->hash;
    for (i = 0; i < s->nbytes; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    r = SPY__TO_SIGNED(int32_t, uint32_t, INT32_MAX, h);
    s->hash = r != 0 ? r : 1;
    return s->hash;
}

spy_Str *spy_str_getitem(spy_Str *s, int64_t i) {
    const unsigned char *p = (const unsigned char *)s->utf8;
    int32_t b;
    if (i < 0)
        i += s->length;
    if (i < 0 || i >= s->length)
        spy_panic("IndexError", "string index out of range");
    if (s->is_ascii)
        return &ascii_chars[p[i]];
    b = str_offset(s, (int32_t)i);
    if (p[b] < 0x80)
        return &ascii_chars[p[b]];
    return spy__str_make(s->utf8 + b, seq_len(p[b]), 1, 0);
}

/* Python's PySlice_AdjustIndices for one bound */
static int64_t slice_bound(int64_t x, int64_t len, int64_t step) {
    if (x < 0) {
        x += len;
        if (x < 0)
            x = step < 0 ? -1 : 0;
    } else if (x >= len) {
        x = step < 0 ? len - 1 : len;
    }
    return x;
}

spy_Str *spy_str_slice(spy_Str *s, int64_t start, int64_t stop, int64_t step,
                       int32_t flags) {
    int64_t len = s->length, n, k, total = 0;
    spy_Str *r;
    char *out;
    SPY_ROOT(s);
    if (step == 0)
        spy_panic("ValueError", "slice step cannot be zero");
    if (step < -INT64_MAX)
        step = -INT64_MAX;
    start = flags & SPY_SLICE_HAS_START ? slice_bound(start, len, step)
            : step < 0                  ? len - 1
                                        : 0;
    stop = flags & SPY_SLICE_HAS_STOP ? slice_bound(stop, len, step)
           : step < 0                 ? -1
                                      : len;
    if (step < 0)
        n = stop < start ? (start - stop - 1) / -step + 1 : 0;
    else
        n = start < stop ? (stop - start - 1) / step + 1 : 0;
    if (n == 0)
        return &spy__str_empty;
    if (step == 1) {
        int32_t b0, b1;
        if (n == len)
            return s;
        b0 = str_offset(s, (int32_t)start);
        b1 = str_offset(s, (int32_t)(start + n));
        return spy__str_make(s->utf8 + b0, b1 - b0, (int32_t)n,
                             b1 - b0 == n);
    }
    if (s->is_ascii) {
        r = spy__str_alloc((int32_t)n);
        out = (char *)r->utf8;
        for (k = 0; k < n; k++)
            out[k] = s->utf8[start + k * step];
        r->length = (int32_t)n;
        r->is_ascii = 1;
        return r;
    }
    for (k = 0; k < n; k++)
        total += seq_len((unsigned char)
                             s->utf8[str_offset(s, (int32_t)(start + k * step))]);
    r = spy__str_alloc((int32_t)total);
    out = (char *)r->utf8;
    for (k = 0; k < n; k++) {
        int32_t b = str_offset(s, (int32_t)(start + k * step));
        int m = seq_len((unsigned char)s->utf8[b]);
        memcpy(out, s->utf8 + b, (size_t)m);
        out += m;
    }
    r->length = (int32_t)n;
    r->is_ascii = total == n;
    return r;
}

bool spy_str_contains(spy_Str *haystack, spy_Str *needle) {
    const char *p = haystack->utf8, *last;
    if (needle->nbytes == 0)
        return true;
    if (needle->nbytes > haystack->nbytes)
        return false;
    last = haystack->utf8 + (haystack->nbytes - needle->nbytes);
    while (p <= last) {
        p = memchr(p, needle->utf8[0], (size_t)(last - p) + 1);
        if (p == NULL)
            return false;
        if (memcmp(p, needle->utf8, (size_t)needle->nbytes) == 0)
            return true;
        p++;
    }
    return false;
}

int32_t spy_str_ord(spy_Str *s) {
    if (s->length != 1)
        spy_panicf("TypeError",
                   "ord() expected a character, but string of length %ld "
                   "found",
                   (long)s->length);
    return decode((const unsigned char *)s->utf8);
}

spy_Str *spy_str_chr(int32_t cp) {
    char buf[4];
    if (cp < 0 || cp >= 0x110000)
        spy_panic("ValueError", "chr() arg not in range(0x110000)");
    if (cp < 0x80)
        return &ascii_chars[cp];
    return spy__str_make(buf, encode(cp, buf), 1, 0);
}

/* ===================================================================== */
/* repr                                                                  */
/* ===================================================================== */

/* str.isprintable() of one code point */
static bool is_printable(int32_t cp) {
    int lo = 0, hi = SPY_NONPRINTABLE_COUNT - 1;
    if (cp < 0x80)
        return cp >= 0x20 && cp < 0x7F;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if ((uint32_t)cp < spy_nonprintable[mid][0])
            hi = mid - 1;
        else if ((uint32_t)cp > spy_nonprintable[mid][1])
            lo = mid + 1;
        else
            return false;
    }
    return true;
}

/* Bytes that repr() writes for cp (out may be NULL: just count). */
static int repr_char(int32_t cp, int32_t quote, const unsigned char *src,
                     char *out) {
    static const char hex[] = "0123456789abcdef";
    char tmp[10];
    int n, i, digits;
    if (cp == quote || cp == '\\') {
        tmp[0] = '\\', tmp[1] = (char)cp, n = 2;
    } else if (cp == '\t' || cp == '\n' || cp == '\r') {
        tmp[0] = '\\', tmp[1] = cp == '\t' ? 't' : cp == '\n' ? 'n' : 'r';
        n = 2;
    } else if (is_printable(cp)) {
        n = seq_len(src[0]);
        if (out != NULL)
            memcpy(out, src, (size_t)n);
        return n;
    } else {
        digits = cp <= 0xFF ? 2 : cp <= 0xFFFF ? 4 : 8;
        tmp[0] = '\\';
        tmp[1] = digits == 2 ? 'x' : digits == 4 ? 'u' : 'U';
        for (i = 0; i < digits; i++)
            tmp[2 + i] = hex[(cp >> (4 * (digits - 1 - i))) & 0xF];
        n = 2 + digits;
    }
    if (out != NULL)
        memcpy(out, tmp, (size_t)n);
    return n;
}

spy_Str *spy_str_repr(spy_Str *s) {
    const unsigned char *p = (const unsigned char *)s->utf8;
    bool squote = memchr(s->utf8, '\'', (size_t)s->nbytes) != NULL;
    bool dquote = memchr(s->utf8, '"', (size_t)s->nbytes) != NULL;
    int32_t quote = squote && !dquote ? '"' : '\'';
    int64_t total = 2, length = 2;
    int32_t b;
    spy_Str *r;
    char *out;
    bool ascii = true;
    SPY_ROOT(s);
    for (b = 0; b < s->nbytes; b += seq_len(p[b])) {
        int n = repr_char(decode(p + b), quote, p + b, NULL);
        total += n;
        if (p[b] >= 0x80 && n == seq_len(p[b])) { /* kept as is */
            ascii = false;
            length += 1;
        } else {
            length += n;
        }
    }
    r = spy__str_alloc(checked_size(total));
    out = (char *)r->utf8;
    *out++ = (char)quote;
    for (b = 0; b < s->nbytes; b += seq_len(p[b]))
        out += repr_char(decode(p + b), quote, p + b, out);
    *out = (char)quote;
    r->length = (int32_t)length;
    r->is_ascii = ascii;
    return r;
}

/* ===================================================================== */
/* Parsing numbers: int(s), float(s)                                     */
/* ===================================================================== */

/* Python's str.isspace() (Py_UNICODE_ISSPACE) */
static bool is_py_space(int32_t cp) {
    if (cp < 0x80)
        return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) ||
               (cp >= 0x1C && cp <= 0x1F);
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* the byte range [*b0, *b1) of s without surrounding whitespace */
static void strip_spaces(const spy_Str *s, int32_t *b0, int32_t *b1) {
    const unsigned char *p = (const unsigned char *)s->utf8;
    int32_t i = 0, j = s->nbytes;
    while (i < j && is_py_space(decode(p + i)))
        i += seq_len(p[i]);
    while (j > i) {
        int32_t k = j - 1;
        while (k > i && (p[k] & 0xC0) == 0x80)
            k--;
        if (!is_py_space(decode(p + k)))
            break;
        j = k;
    }
    *b0 = i;
    *b1 = j;
}

static bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

SPY_NORETURN static void bad_literal(const char *prefix, spy_Str *s) {
    spy_Str *head = spy_str_from_cstr(prefix);
    SPY_ROOT(head);
    spy_panic_str("ValueError", spy_str_add(head, spy_str_repr(s)));
}

/* Python's int(s) for base 10, as a magnitude and a sign; panics when the
   magnitude exceeds the limit of its sign */
static uint64_t parse_int(spy_Str *s, uint64_t pos_limit, uint64_t neg_limit,
                          bool *neg) {
    const char *t = s->utf8;
    int32_t i, end;
    uint64_t v = 0, limit;
    strip_spaces(s, &i, &end);
    *neg = false;
    if (i < end && (t[i] == '+' || t[i] == '-'))
        *neg = t[i++] == '-';
    if (i >= end || !is_digit(t[i]))
        goto bad;
    limit = *neg ? neg_limit : pos_limit;
    for (; i < end; i++) {
        unsigned d;
        if (t[i] == '_' && i + 1 < end && is_digit(t[i + 1]) &&
            is_digit(t[i - 1]))
            continue;
        if (!is_digit(t[i]))
            goto bad;
        d = (unsigned)(t[i] - '0');
        if (v > (limit - d) / 10)
            goto bad; /* out of range */
        v = v * 10 + d;
    }
    return v;
bad:
    bad_literal("invalid literal for int() with base 10: ", s);
}

int64_t spy_str_to_i64(spy_Str *s) {
    bool neg;
    uint64_t v = parse_int(s, (uint64_t)INT64_MAX, (uint64_t)INT64_MAX + 1, &neg);
    return neg ? SPY__TO_SIGNED(int64_t, uint64_t, INT64_MAX, (uint64_t)0 - v)
               : (int64_t)v;
}

/* accepts every value of i64 and of u64; negative ones wrap, like any
   narrowing conversion */
uint64_t spy_str_to_u64(spy_Str *s) {
    bool neg;
    uint64_t v = parse_int(s, UINT64_MAX, (uint64_t)INT64_MAX + 1, &neg);
    return neg ? (uint64_t)0 - v : v;
}

/* digit ("_"? digit)* at t[*i]; returns the number of digits */
static int32_t scan_digits(const char *t, int32_t end, int32_t *i) {
    int32_t n = 0;
    while (*i < end) {
        if (is_digit(t[*i])) {
            n++;
            (*i)++;
        } else if (t[*i] == '_' && n > 0 && *i + 1 < end &&
                   is_digit(t[*i + 1])) {
            (*i)++;
        } else {
            break;
        }
    }
    return n;
}

static bool word_eq(const char *t, int32_t n, const char *word) {
    int32_t k;
    if ((int32_t)strlen(word) != n)
        return false;
    for (k = 0; k < n; k++) {
        char c = t[k];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[k])
            return false;
    }
    return true;
}

double spy_str_to_f64(spy_Str *s) {
    const char *t = s->utf8;
    int32_t b0, end, i, digits, k, j;
    bool neg;
    char small[64], *buf;
    double v;
    strip_spaces(s, &b0, &end);
    i = b0;
    neg = i < end && t[i] == '-';
    if (i < end && (t[i] == '+' || t[i] == '-'))
        i++;
    if (word_eq(t + i, end - i, "inf") || word_eq(t + i, end - i, "infinity"))
        return neg ? -HUGE_VAL : HUGE_VAL;
    if (word_eq(t + i, end - i, "nan"))
        return neg ? -(double)NAN : (double)NAN;
    /* digitpart ["." [digitpart]] | "." digitpart, then [exponent] */
    digits = scan_digits(t, end, &i);
    if (i < end && t[i] == '.') {
        i++;
        digits += scan_digits(t, end, &i);
    }
    if (digits == 0)
        goto bad;
    if (i < end && (t[i] == 'e' || t[i] == 'E')) {
        i++;
        if (i < end && (t[i] == '+' || t[i] == '-'))
            i++;
        if (scan_digits(t, end, &i) == 0)
            goto bad;
    }
    if (i != end)
        goto bad;
    buf = end - b0 < (int32_t)sizeof small ? small : malloc((size_t)(end - b0) + 1);
    if (buf == NULL)
        spy_panic("MemoryError", "");
    for (j = 0, k = b0; k < end; k++)
        if (t[k] != '_')
            buf[j++] = t[k];
    buf[j] = '\0';
    v = strtod(buf, NULL);
    if (buf != small)
        free(buf);
    return v;
bad:
    bad_literal("could not convert string to float: ", s);
}
