/*
 * test_str.c -- str operations against CPython: slicing (every combination
 * of bounds and steps below, on an ASCII and a non-ASCII string), indexing,
 * repr, UTF-8 decoding, concatenation, comparison, ord/chr.
 *
 * Expected values come from CPython 3.11 (s[a:b:c], repr(s)).
 */
#include "../src/gc.h"
#include "check.h"

#define NONE 0x7FFF /* marks a missing bound in the tables below */

static const int64_t bounds[8] = {NONE, -20, -3, 0, 2, 20, INT64_MIN,
                                  INT64_MAX};
static const int64_t steps[8] = {1, 2, -1, -2, 3, -7, INT64_MIN, INT64_MAX};

/* s[a:b:c] for a, b in bounds, c in steps, in that loop order */
static const char *const slices_ascii[512] = {
    "hello, world", "hlo ol", "dlrow ,olleh", "drw,le", "hl r", "do", "d",
    "h", "", "", "dlrow ,olleh", "drw,le", "", "do", "d", "", "hello, wo",
    "hlo o", "dl", "d", "hl ", "d", "d", "h", "", "", "dlrow ,olle", "drw,le",
    "", "do", "d", "", "he", "h", "dlrow ,ol", "drw,l", "h", "do", "d", "h",
    "hello, world", "hlo ol", "", "", "hl r", "", "", "h", "", "",
    "dlrow ,olleh", "drw,le", "", "do", "d", "", "hello, world", "hlo ol", "",
    "", "hl r", "", "", "h", "hello, world", "hlo ol", "", "", "hl r", "", "",
    "h", "", "", "", "", "", "", "", "", "hello, wo", "hlo o", "", "", "hl ",
    "", "", "h", "", "", "", "", "", "", "", "", "he", "h", "", "", "h", "",
    "", "h", "hello, world", "hlo ol", "", "", "hl r", "", "", "h", "", "",
    "", "", "", "", "", "", "hello, world", "hlo ol", "", "", "hl r", "", "",
    "h", "rld", "rd", "row ,olleh", "rw,le", "r", "rl", "r", "r", "", "",
    "row ,olleh", "rw,le", "", "rl", "r", "", "", "", "", "", "", "", "", "",
    "", "", "row ,olle", "rw,le", "", "rl", "r", "", "", "", "row ,ol",
    "rw,l", "", "r", "r", "", "rld", "rd", "", "", "r", "", "", "r", "", "",
    "row ,olleh", "rw,le", "", "rl", "r", "", "rld", "rd", "", "", "r", "",
    "", "r", "hello, world", "hlo ol", "h", "h", "hl r", "h", "h", "h", "",
    "", "h", "h", "", "h", "h", "", "hello, wo", "hlo o", "", "", "hl ", "",
    "", "h", "", "", "", "", "", "", "", "", "he", "h", "", "", "h", "", "",
    "h", "hello, world", "hlo ol", "", "", "hl r", "", "", "h", "", "", "h",
    "h", "", "h", "h", "", "hello, world", "hlo ol", "", "", "hl r", "", "",
    "h", "llo, world", "lo ol", "leh", "lh", "l,od", "l", "l", "l", "", "",
    "leh", "lh", "", "l", "l", "", "llo, wo", "lo o", "", "", "l,o", "", "",
    "l", "", "", "le", "l", "", "l", "l", "", "", "", "", "", "", "", "", "",
    "llo, world", "lo ol", "", "", "l,od", "", "", "l", "", "", "leh", "lh",
    "", "l", "l", "", "llo, world", "lo ol", "", "", "l,od", "", "", "l", "",
    "", "dlrow ,olleh", "drw,le", "", "do", "d", "", "", "", "dlrow ,olleh",
    "drw,le", "", "do", "d", "", "", "", "dl", "d", "", "d", "d", "", "", "",
    "dlrow ,olle", "drw,le", "", "do", "d", "", "", "", "dlrow ,ol", "drw,l",
    "", "do", "d", "", "", "", "", "", "", "", "", "", "", "", "dlrow ,olleh",
    "drw,le", "", "do", "d", "", "", "", "", "", "", "", "", "",
    "hello, world", "hlo ol", "", "", "hl r", "", "", "h", "", "", "", "", "",
    "", "", "", "hello, wo", "hlo o", "", "", "hl ", "", "", "h", "", "", "",
    "", "", "", "", "", "he", "h", "", "", "h", "", "", "h", "hello, world",
    "hlo ol", "", "", "hl r", "", "", "h", "", "", "", "", "", "", "", "",
    "hello, world", "hlo ol", "", "", "hl r", "", "", "h", "", "",
    "dlrow ,olleh", "drw,le", "", "do", "d", "", "", "", "dlrow ,olleh",
    "drw,le", "", "do", "d", "", "", "", "dl", "d", "", "d", "d", "", "", "",
    "dlrow ,olle", "drw,le", "", "do", "d", "", "", "", "dlrow ,ol", "drw,l",
    "", "do", "d", "", "", "", "", "", "", "", "", "", "", "", "dlrow ,olleh",
    "drw,le", "", "do", "d", "", "", "", "", "", "", "", "", "",
};
static const char *const slices_utf8[512] = {
    "h\303\251llo w\303\266rld \342\234\223 \360\235\204\236!",
    "hlowrd\342\234\223\360\235\204\236",
    "!\360\235\204\236 \342\234\223 dlr\303\266w oll\303\251h",
    "!  l\303\266 l\303\251", "hlwl\342\234\223!", "!r\303\251", "!", "h", "",
    "", "!\360\235\204\236 \342\234\223 dlr\303\266w oll\303\251h",
    "!  l\303\266 l\303\251", "", "!r\303\251", "!", "",
    "h\303\251llo w\303\266rld \342\234\223", "hlowrd\342\234\223",
    "!\360\235\204\236", "!", "hlwl\342\234\223", "!", "!", "h", "", "",
    "!\360\235\204\236 \342\234\223 dlr\303\266w oll\303\251",
    "!  l\303\266 l\303\251", "", "!r\303\251", "!", "", "h\303\251", "h",
    "!\360\235\204\236 \342\234\223 dlr\303\266w ol", "!  l\303\266 l", "h",
    "!r", "!", "h",
    "h\303\251llo w\303\266rld \342\234\223 \360\235\204\236!",
    "hlowrd\342\234\223\360\235\204\236", "", "", "hlwl\342\234\223!", "", "",
    "h", "", "", "!\360\235\204\236 \342\234\223 dlr\303\266w oll\303\251h",
    "!  l\303\266 l\303\251", "", "!r\303\251", "!", "",
    "h\303\251llo w\303\266rld \342\234\223 \360\235\204\236!",
    "hlowrd\342\234\223\360\235\204\236", "", "", "hlwl\342\234\223!", "", "",
    "h", "h\303\251llo w\303\266rld \342\234\223 \360\235\204\236!",
    "hlowrd\342\234\223\360\235\204\236", "", "", "hlwl\342\234\223!", "", "",
    "h", "", "", "", "", "", "", "", "",
    "h\303\251llo w\303\266rld \342\234\223", "hlowrd\342\234\223", "", "",
    "hlwl\342\234\223", "", "", "h", "", "", "", "", "", "", "", "",
    "h\303\251", "h", "", "", "h", "", "", "h",
    "h\303\251llo w\303\266rld \342\234\223 \360\235\204\236!",
    "hlowrd\342\234\223\360\235\204\236", "", "", "hlwl\342\234\223!", "", "",
    "h", "", "", "", "", "", "", "", "",
    "h\303\251llo w\303\266rld \342\234\223 \360\235\204\236!",
    "hlowrd\342\234\223\360\235\204\236", "", "", "hlwl\342\234\223!", "", "",
    "h", " \360\235\204\236!", " !",
    " \342\234\223 dlr\303\266w oll\303\251h", "  l\303\266 l\303\251", " ",
    " w", " ", " ", "", "", " \342\234\223 dlr\303\266w oll\303\251h",
    "  l\303\266 l\303\251", "", " w", " ", "", "", "", "", "", "", "", "",
    "", "", "", " \342\234\223 dlr\303\266w oll\303\251",
    "  l\303\266 l\303\251", "", " w", " ", "", "", "",
    " \342\234\223 dlr\303\266w ol", "  l\303\266 l", "", " w", " ", "",
    " \360\235\204\236!", " !", "", "", " ", "", "", " ", "", "",
    " \342\234\223 dlr\303\266w oll\303\251h", "  l\303\266 l\303\251", "",
    " w", " ", "", " \360\235\204\236!", " !", "", "", " ", "", "", " ",
    "h\303\251llo w\303\266rld \342\234\223 \360\235\204\236!",
    "hlowrd\342\234\223\360\235\204\236", "h", "h", "hlwl\342\234\223!", "h",
    "h", "h", "", "", "h", "h", "", "h", "h", "",
    "h\303\251llo w\303\266rld \342\234\223", "hlowrd\342\234\223", "", "",
    "hlwl\342\234\223", "", "", "h", "", "", "", "", "", "", "", "",
    "h\303\251", "h", "", "", "h", "", "", "h",
    "h\303\251llo w\303\266rld \342\234\223 \360\235\204\236!",
    "hlowrd\342\234\223\360\235\204\236", "", "", "hlwl\342\234\223!", "", "",
    "h", "", "", "h", "h", "", "h", "h", "",
    "h\303\251llo w\303\266rld \342\234\223 \360\235\204\236!",
    "hlowrd\342\234\223\360\235\204\236", "", "", "hlwl\342\234\223!", "", "",
    "h", "llo w\303\266rld \342\234\223 \360\235\204\236!",
    "lowrd\342\234\223\360\235\204\236", "l\303\251h", "lh",
    "l r \360\235\204\236", "l", "l", "l", "", "", "l\303\251h", "lh", "",
    "l", "l", "", "llo w\303\266rld \342\234\223", "lowrd\342\234\223", "",
    "", "l r ", "", "", "l", "", "", "l\303\251", "l", "", "l", "l", "", "",
    "", "", "", "", "", "", "",
    "llo w\303\266rld \342\234\223 \360\235\204\236!",
    "lowrd\342\234\223\360\235\204\236", "", "", "l r \360\235\204\236", "",
    "", "l", "", "", "l\303\251h", "lh", "", "l", "l", "",
    "llo w\303\266rld \342\234\223 \360\235\204\236!",
    "lowrd\342\234\223\360\235\204\236", "", "", "l r \360\235\204\236", "",
    "", "l", "", "",
    "!\360\235\204\236 \342\234\223 dlr\303\266w oll\303\251h",
    "!  l\303\266 l\303\251", "", "!r\303\251", "!", "", "", "",
    "!\360\235\204\236 \342\234\223 dlr\303\266w oll\303\251h",
    "!  l\303\266 l\303\251", "", "!r\303\251", "!", "", "", "",
    "!\360\235\204\236", "!", "", "!", "!", "", "", "",
    "!\360\235\204\236 \342\234\223 dlr\303\266w oll\303\251",
    "!  l\303\266 l\303\251", "", "!r\303\251", "!", "", "", "",
    "!\360\235\204\236 \342\234\223 dlr\303\266w ol", "!  l\303\266 l", "",
    "!r", "!", "", "", "", "", "", "", "", "", "", "", "",
    "!\360\235\204\236 \342\234\223 dlr\303\266w oll\303\251h",
    "!  l\303\266 l\303\251", "", "!r\303\251", "!", "", "", "", "", "", "",
    "", "", "", "h\303\251llo w\303\266rld \342\234\223 \360\235\204\236!",
    "hlowrd\342\234\223\360\235\204\236", "", "", "hlwl\342\234\223!", "", "",
    "h", "", "", "", "", "", "", "", "",
    "h\303\251llo w\303\266rld \342\234\223", "hlowrd\342\234\223", "", "",
    "hlwl\342\234\223", "", "", "h", "", "", "", "", "", "", "", "",
    "h\303\251", "h", "", "", "h", "", "", "h",
    "h\303\251llo w\303\266rld \342\234\223 \360\235\204\236!",
    "hlowrd\342\234\223\360\235\204\236", "", "", "hlwl\342\234\223!", "", "",
    "h", "", "", "", "", "", "", "", "",
    "h\303\251llo w\303\266rld \342\234\223 \360\235\204\236!",
    "hlowrd\342\234\223\360\235\204\236", "", "", "hlwl\342\234\223!", "", "",
    "h", "", "", "!\360\235\204\236 \342\234\223 dlr\303\266w oll\303\251h",
    "!  l\303\266 l\303\251", "", "!r\303\251", "!", "", "", "",
    "!\360\235\204\236 \342\234\223 dlr\303\266w oll\303\251h",
    "!  l\303\266 l\303\251", "", "!r\303\251", "!", "", "", "",
    "!\360\235\204\236", "!", "", "!", "!", "", "", "",
    "!\360\235\204\236 \342\234\223 dlr\303\266w oll\303\251",
    "!  l\303\266 l\303\251", "", "!r\303\251", "!", "", "", "",
    "!\360\235\204\236 \342\234\223 dlr\303\266w ol", "!  l\303\266 l", "",
    "!r", "!", "", "", "", "", "", "", "", "", "", "", "",
    "!\360\235\204\236 \342\234\223 dlr\303\266w oll\303\251h",
    "!  l\303\266 l\303\251", "", "!r\303\251", "!", "", "", "", "", "", "",
    "", "", "",
};

static void check_slices(spy_Str *s, const char *const *expected) {
    int i, j, k, n = 0;
    for (i = 0; i < 8; i++)
        for (j = 0; j < 8; j++)
            for (k = 0; k < 8; k++) {
                int32_t flags = 0;
                if (bounds[i] != NONE)
                    flags |= SPY_SLICE_HAS_START;
                if (bounds[j] != NONE)
                    flags |= SPY_SLICE_HAS_STOP;
                CHECK_STR(spy_str_slice(s, bounds[i], bounds[j], steps[k],
                                        flags),
                          expected[n]);
                n++;
            }
}

static void test_slices(void) {
    spy_Str *u = spy_str_from_cstr("h\303\251llo w\303\266rld \342\234\223 "
                                   "\360\235\204\236!");
    CHECK(u->length == 16);
    check_slices(spy_str_from_cstr("hello, world"), slices_ascii);
    check_slices(u, slices_utf8);
    /* the full slice is the string itself; an ASCII piece is ASCII */
    CHECK(spy_str_slice(u, 0, 0, 1, 0) == u);
    CHECK(spy_str_slice(u, 1, 5, 1, 3)->is_ascii == 0);
    CHECK(spy_str_slice(u, 2, 5, 1, 3)->is_ascii == 1);
    CHECK_PANIC(spy_str_slice(u, 0, 0, 0, 0),
                "ValueError: slice step cannot be zero");
}

static void test_indexing(void) {
    spy_Str *u = spy_str_from_cstr("a\303\251\342\202\254\360\237\230\200z");
    static const int32_t cps[5] = {'a', 0xE9, 0x20AC, 0x1F600, 'z'};
    int i;
    CHECK(u->length == 5 && u->nbytes == 11 && u->is_ascii == 0);
    CHECK_STR_LEN(spy_str_getitem(u, 0), "a", 1);
    CHECK_STR_LEN(spy_str_getitem(u, 1), "\303\251", 1);
    CHECK_STR_LEN(spy_str_getitem(u, 2), "\342\202\254", 1);
    CHECK_STR_LEN(spy_str_getitem(u, 3), "\360\237\230\200", 1);
    CHECK_STR_LEN(spy_str_getitem(u, 4), "z", 1);
    CHECK_STR_LEN(spy_str_getitem(u, -1), "z", 1);
    CHECK_STR_LEN(spy_str_getitem(u, -4), "\303\251", 1);
    CHECK_STR_LEN(spy_str_getitem(u, -5), "a", 1);
    /* backwards, forwards and random order go through the offset cache */
    for (i = 4; i >= 0; i--)
        CHECK(spy_str_ord(spy_str_getitem(u, i)) == cps[i]);
    CHECK(spy_str_ord(spy_str_getitem(u, 3)) == 0x1F600);
    CHECK(spy_str_ord(spy_str_getitem(u, 1)) == 0xE9);
    CHECK_STR(spy_str_getitem(spy_str_from_cstr("xyz"), -3), "x");
    CHECK_PANIC(spy_str_getitem(u, 5), "IndexError: string index out of range");
    CHECK_PANIC(spy_str_getitem(u, -6),
                "IndexError: string index out of range");
    CHECK_PANIC(spy_str_getitem(spy_str_from_cstr(""), 0),
                "IndexError: string index out of range");
}

/* a long non-ASCII string indexed in a loop stays linear and correct */
static void test_long_indexing(void) {
    static char text[3 * 100000 + 1];
    spy_Str *s, *back;
    int i, ok = 1;
    for (i = 0; i < 100000; i++) /* U+4E00 + i % 64 */
    {
        text[3 * i] = (char)0xE4;
        text[3 * i + 1] = (char)0xB8;
        text[3 * i + 2] = (char)(0x80 + i % 64);
    }
    s = spy_str_from_utf8(text, 3 * 100000);
    CHECK(s->length == 100000);
    for (i = 0; i < 100000; i++)
        if (spy_str_ord(spy_str_getitem(s, i)) != 0x4E00 + i % 64)
            ok = 0;
    for (i = 99999; i >= 0; i -= 7)
        if (spy_str_ord(spy_str_getitem(s, i)) != 0x4E00 + i % 64)
            ok = 0;
    CHECK(ok);
    back = spy_str_slice(s, 0, 0, -1, 0);
    CHECK(back->length == 100000);
    CHECK(spy_str_ord(spy_str_getitem(back, 0)) == 0x4E00 + 99999 % 64);
}

typedef struct ReprCase {
    const char *text;
    int32_t nbytes;
    const char *repr;
    int32_t repr_len;
} ReprCase;

static const ReprCase repr_cases[] = {
    {"", 0, "''", 2},
    {"abc", 3, "'abc'", 5},
    {"it's", 4, "\042it's\042", 6},
    {"say \042hi\042", 8, "'say \042hi\042'", 10},
    {"both ' and \042", 12, "'both \134' and \042'", 15},
    {"back\134slash", 10, "'back\134\134slash'", 13},
    {"tab\011here\012nl\015cr", 14, "'tab\134there\134nnl\134rcr'", 19},
    {"\000\001\037\177", 4, "'\134x00\134x01\134x1f\134x7f'", 18},
    {"caf\303\251", 5, "'caf\303\251'", 6},
    {"\302\240nbsp", 6, "'\134xa0nbsp'", 10},
    {"\302\200\302\237\302\255", 6, "'\134x80\134x9f\134xad'", 14},
    {"\342\200\213\342\200\250\357\273\277", 9,
     "'\134u200b\134u2028\134ufeff'", 20},
    {"\360\237\230\200 emoji", 10, "'\360\237\230\200 emoji'", 9},
    {"\363\240\200\201", 4, "'\134U000e0001'", 12},
    {"\315\270", 2, "'\134u0378'", 8},
    {"\364\217\277\277", 4, "'\134U0010ffff'", 12},
    {"\344\270\255\346\226\207", 6, "'\344\270\255\346\226\207'", 4},
    {"\302\205", 2, "'\134x85'", 6},
};

static void test_repr(void) {
    size_t i;
    for (i = 0; i < sizeof repr_cases / sizeof repr_cases[0]; i++) {
        spy_Str *s = spy_str_from_utf8(repr_cases[i].text,
                                       repr_cases[i].nbytes);
        CHECK_STR_LEN(spy_str_repr(s), repr_cases[i].repr,
                      repr_cases[i].repr_len);
    }
    /* a lone surrogate (only chr() can make one) */
    CHECK_STR_LEN(spy_str_repr(spy_str_chr(0xD800)), "'\\ud800'", 8);
}

static void test_utf8_decoding(void) {
    /* invalid input: one U+FFFD per maximal ill-formed subpart, as
       bytes.decode('utf-8', 'replace') */
    spy_Str *s = spy_str_from_utf8("a\xff" "b\xe2\x82" "c\xed\xa0\x80" "d\xf0\x9f", 12);
    CHECK_STR_LEN(s,
                  "a\357\277\275b\357\277\275c\357\277\275\357\277\275\357"
                  "\277\275d\357\277\275",
                  10);
    s = spy_str_from_utf8("\xc0\xaf\xe0\x80\xbf\xf4\x90\x80\x80", 9);
    CHECK(s->length == 9);
    CHECK_STR_LEN(spy_str_from_utf8("h\303\251", 3), "h\303\251", 2);
    CHECK(spy_str_from_utf8("h\303\251", 3)->is_ascii == 0);
    CHECK(spy_str_from_utf8("abc", 3)->is_ascii == 1);
    CHECK(spy_str_from_utf8("abc", 0)->length == 0);
}

static void test_ops(void) {
    spy_Str *a = spy_str_from_cstr("ab"), *e = spy_str_from_cstr("\303\251");
    static spy_Str lit = SPY_STR_LIT("h\303\251", 3, 2, 0);
    CHECK_STR_LEN(spy_str_add(a, e), "ab\303\251", 3);
    CHECK(spy_str_add(a, e)->is_ascii == 0);
    CHECK(spy_str_add(a, a)->is_ascii == 1);
    CHECK_STR_LEN(spy_str_mul(e, 3), "\303\251\303\251\303\251", 3);
    CHECK_STR(spy_str_mul(a, 0), "");
    CHECK_STR(spy_str_mul(a, -5), "");
    CHECK_STR(spy_str_mul(a, 5), "ababababab");
    CHECK(spy_str_mul(a, 1000)->nbytes == 2000);
    CHECK(spy_str_eq(spy_str_add(a, e), spy_str_from_cstr("ab\303\251")));
    CHECK(!spy_str_eq(a, e));
    CHECK(spy_str_eq(&lit, spy_str_from_cstr("h\303\251")));
    CHECK(spy_str_len(&lit) == 2);
    CHECK(spy_str_cmp(a, e) < 0);
    CHECK(spy_str_cmp(e, a) > 0);
    CHECK(spy_str_cmp(a, spy_str_from_cstr("ab")) == 0);
    CHECK(spy_str_cmp(a, spy_str_from_cstr("abc")) < 0);
    CHECK(spy_str_cmp(spy_str_from_cstr("\357\277\277"),
                      spy_str_from_cstr("\360\220\200\200")) < 0);
    CHECK(spy_str_contains(spy_str_from_cstr("hello world"),
                           spy_str_from_cstr("o w")));
    CHECK(spy_str_contains(a, spy_str_from_cstr("")));
    CHECK(!spy_str_contains(a, spy_str_from_cstr("abc")));
    CHECK(!spy_str_contains(spy_str_from_cstr("aaab"),
                            spy_str_from_cstr("aab ")));
    CHECK(spy_str_contains(spy_str_from_cstr("aaab"),
                           spy_str_from_cstr("aab")));
    /* FNV-1a: hash("") = 0x811c9dc5, hash("a") = 0xe40c292c */
    CHECK(spy_str_hash(spy_str_from_cstr("")) == (int32_t)-2128831035);
    CHECK(spy_str_hash(spy_str_from_cstr("a")) == (int32_t)-468965076);
    CHECK(spy_str_hash(&lit) == spy_str_hash(spy_str_from_cstr("h\303\251")));
    CHECK(spy_str_ord(spy_str_from_cstr("A")) == 65);
    CHECK(spy_str_ord(e) == 0xE9);
    CHECK_STR_LEN(spy_str_chr(0x1F600), "\360\237\230\200", 1);
    CHECK(spy_str_chr(0)->length == 1 && spy_str_chr(0)->nbytes == 1 &&
          spy_str_chr(0)->utf8[0] == '\0');
    CHECK_STR(spy_str_chr('x'), "x");
    CHECK_PANIC(spy_str_ord(a),
                "TypeError: ord() expected a character, but string of "
                "length 2 found");
    CHECK_PANIC(spy_str_ord(spy_str_from_cstr("")),
                "TypeError: ord() expected a character, but string of "
                "length 0 found");
    CHECK_PANIC(spy_str_chr(0x110000),
                "ValueError: chr() arg not in range(0x110000)");
    CHECK_PANIC(spy_str_chr(-1), "ValueError: chr() arg not in range(0x110000)");
}

/* Python: [len(s[:i].encode()) for i in range(len(s) + 1)] */
static const int32_t mixed_offsets[18] = {0,  1,  3,  4,  5,  6,  7,  10, 14,
                                          15, 16, 18, 19, 20, 21, 22, 25, 26};

static void test_byte_offsets(void) {
    /* "h\u00e9llo \u20ac\U0001F600 w\u00f6rld \u2713x" */
    spy_Str *s = spy_str_from_cstr("h\303\251llo \342\202\254\360\237\230\200 "
                                   "w\303\266rld \342\234\223x");
    spy_Str *a = spy_str_from_cstr("hello"), *big;
    int32_t i, k, rep = 1000;
    CHECK(s->length == 17 && spy_str_nbytes(s) == 26);
    CHECK(spy_str_byte(s, 1) == 0xC3 && spy_str_byte(s, 2) == 0xA9 &&
          spy_str_byte(s, 26) == 0);
    for (i = 0; i <= 17; i++) { /* forwards */
        CHECK(spy_str_byte_offset(s, i) == mixed_offsets[i]);
        CHECK(spy_str_cp_index(s, mixed_offsets[i]) == i);
    }
    for (i = 17; i >= 0; i--) { /* backwards, from a cached position */
        CHECK(spy_str_cp_index(s, mixed_offsets[i]) == i);
        CHECK(spy_str_byte_offset(s, i) == mixed_offsets[i]);
    }
    for (k = 0; k < 18 * 7; k += 7) { /* jumping about */
        i = k % 18;
        CHECK(spy_str_cp_index(s, mixed_offsets[i]) == i);
        CHECK(spy_str_byte_offset(s, 17 - i) == mixed_offsets[17 - i]);
    }
    /* inside a sequence: the code points that start before the offset */
    for (i = 0; i < 17; i++) {
        int32_t b;
        for (b = mixed_offsets[i] + 1; b < mixed_offsets[i + 1]; b++)
            CHECK(spy_str_cp_index(s, b) == i + 1);
    }
    CHECK(spy_str_cp_index(s, -5) == 0 && spy_str_cp_index(s, 99) == 17);
    CHECK(spy_str_byte_offset(s, -5) == 0 && spy_str_byte_offset(s, 99) == 26);
    CHECK(spy_str_cp_index(a, 3) == 3 && spy_str_byte_offset(a, 3) == 3);
    CHECK(spy_str_cp_index(a, 9) == 5 && spy_str_byte_offset(a, 9) == 5);
    /* a long string: walks start from either end or the cache */
    big = spy_str_mul(s, rep);
    for (k = 0; k < 3; k++) {
        int32_t r = k == 0 ? 0 : k == 1 ? rep / 2 : rep - 1;
        for (i = 0; i < 17; i++) {
            CHECK(spy_str_byte_offset(big, r * 17 + i) ==
                  r * 26 + mixed_offsets[i]);
            CHECK(spy_str_cp_index(big, r * 26 + mixed_offsets[i]) ==
                  r * 17 + i);
        }
    }
    for (i = 17 * rep; i >= 0; i -= 17 * rep / 7 + 1)
        CHECK(spy_str_cp_index(big, (i / 17) * 26 + mixed_offsets[i % 17]) ==
              i);
    /* from_buffer copies, replaces invalid UTF-8, takes a 64-bit size */
    CHECK_STR_LEN(spy_str_from_buffer("ab\377c", 4), "ab\357\277\275c", 4);
    CHECK_STR(spy_str_from_buffer("xyz", 0), "");
    CHECK_STR(spy_str_from_buffer("xyz", -1), "");
    CHECK_PANIC(spy_str_from_buffer("", (int64_t)INT32_MAX + 1),
                "MemoryError");
}

/* s = s + piece in a loop: linear, and every string on the way keeps its
   value, also after a `+` onto an older one and a collection */
static void test_growth(void) {
    spy_Str *x = spy_str_from_cstr("x"), *s = spy_str_from_cstr("ab");
    spy_Str *kept[100], *t;
    spy_GcStats before, after;
    const char *c;
    int i, ok = 1;
    for (i = 0; i < 100; i++) {
        kept[i] = s;
        s = spy_str_add(s, x);
    }
    t = spy_str_add(kept[50], spy_str_from_cstr("\303\251"));
    spy_gc_collect();
    for (i = 0; i < 100; i++)
        ok = ok && kept[i]->nbytes == 2 + i && kept[i]->length == 2 + i &&
             spy_str_byte(kept[i], 2 + i) == 0 &&
             memcmp(kept[i]->utf8, "ab", 2) == 0 &&
             (i == 0 || kept[i]->utf8[1 + i] == 'x');
    CHECK(ok);
    CHECK(t->nbytes == 54 && t->length == 53 && !t->is_ascii &&
          memcmp(t->utf8 + 50, "xx\303\251", 4) == 0);
    CHECK(s->nbytes == 102 && s->is_ascii && s->utf8[101] == 'x');
    /* a C string of an older prefix is a copy; the newest is sealed */
    CHECK(strlen(spy_str_cstr(kept[10])) == 12);
    c = spy_str_cstr(s);
    CHECK(c == s->utf8 && strlen(c) == 102);
    CHECK(spy_str_add(s, x)->nbytes == 103 && strlen(c) == 102);
    /* 100,000 appends allocate a few MiB, not 5 GB */
    spy_gc_get_stats(&before);
    for (s = spy_str_from_cstr(""), i = 0; i < 100000; i++)
        s = spy_str_add(s, x);
    spy_gc_get_stats(&after);
    CHECK(s->nbytes == 100000);
    CHECK(after.bytes_allocated - before.bytes_allocated < ((uint64_t)8 << 20));
}

static int32_t run(void) {
    test_slices();
    test_indexing();
    test_long_indexing();
    test_repr();
    test_utf8_decoding();
    test_ops();
    test_byte_offsets();
    test_growth();
    return check_report("test_str");
}

int main(int argc, char **argv) {
    return spy_runtime_main(argc, argv, run);
}
