/* String building, ROUNDS times: one text of N numbers, PER_LINE to a line
   after a "#<line>: " label and separated by ", ", built in three ways --
   by appending each piece to one growing buffer, by appending the pieces
   to a line buffer that is then appended to the text, and by collecting
   the pieces and joining them (each line's words into an exactly sized
   line, then the lines into the text) -- then its length, where its last
   label is, a digest of every STEP-th character and whether the three ways
   agree. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 1000000
#define PER_LINE 12
#define ROUNDS 8
#define STEP 1009

static void *xrealloc(void *p, size_t size) {
    p = realloc(p, size);
    if (p == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return p;
}

/* the i-th number of round r */
static int32_t number(int32_t i, int32_t r) {
    return i * (2 * r + 1) + r;
}

static bool ends_line(int32_t i, int32_t n) {
    return i % PER_LINE == PER_LINE - 1 || i == n - 1;
}

/* Writes the decimal digits of v to out and returns their count; out has
   room for 11 bytes. */
static size_t format_int(char *out, int32_t v) {
    char tmp[11];
    size_t n = 0;
    uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    size_t len = 0;
    if (v < 0)
        out[len++] = '-';
    while (n > 0)
        out[len++] = tmp[--n];
    return len;
}

/* ---- a growable buffer that doubles its capacity ---- */

typedef struct {
    char *data;
    size_t len;
    size_t cap;
} Buf;

static void buf_reserve(Buf *b, size_t extra) {
    if (b->len + extra > b->cap) {
        size_t cap = b->cap < 64 ? 64 : 2 * b->cap;
        while (cap < b->len + extra)
            cap *= 2;
        b->data = xrealloc(b->data, cap);
        b->cap = cap;
    }
}

static void buf_append(Buf *b, const char *s, size_t len) {
    buf_reserve(b, len);
    memcpy(b->data + b->len, s, len);
    b->len += len;
}

static void buf_append_int(Buf *b, int32_t v) {
    buf_reserve(b, 11);
    b->len += format_int(b->data + b->len, v);
}

/* ---- the three ways ---- */

/* every piece appended to the text */
static Buf concat_text(int32_t n, int32_t r) {
    Buf s = {NULL, 0, 0};
    for (int32_t i = 0; i < n; i++) {
        if (i % PER_LINE == 0) {
            buf_append(&s, "#", 1);
            buf_append_int(&s, i / PER_LINE);
            buf_append(&s, ": ", 2);
        }
        buf_append_int(&s, number(i, r));
        if (ends_line(i, n))
            buf_append(&s, "\n", 1);
        else
            buf_append(&s, ", ", 2);
    }
    return s;
}

/* the pieces appended to a line, each line to the text */
static Buf line_text(int32_t n, int32_t r) {
    Buf text = {NULL, 0, 0};
    Buf line = {NULL, 0, 0};
    for (int32_t i = 0; i < n; i++) {
        if (i % PER_LINE == 0) {
            line.len = 0;
            buf_append(&line, "#", 1);
            buf_append_int(&line, i / PER_LINE);
            buf_append(&line, ": ", 2);
        }
        buf_append_int(&line, number(i, r));
        if (ends_line(i, n)) {
            buf_append(&line, "\n", 1);
            buf_append(&text, line.data, line.len);
        } else {
            buf_append(&line, ", ", 2);
        }
    }
    free(line.data);
    return text;
}

typedef struct {
    char text[12];
    size_t len;
} Word;

typedef struct {
    char *text;
    size_t len;
} Line;

/* each line's words joined into a line of its exact size, then the lines
   joined into the text */
static Buf joined_text(int32_t n, int32_t r) {
    Line *lines = NULL;
    size_t n_lines = 0;
    size_t cap_lines = 0;
    Word words[PER_LINE];
    size_t n_words = 0;
    for (int32_t i = 0; i < n; i++) {
        Word *w = &words[n_words++];
        w->len = format_int(w->text, number(i, r));
        if (ends_line(i, n)) {
            char label[16];
            label[0] = '#';
            size_t label_len = 1 + format_int(label + 1, i / PER_LINE);
            label[label_len++] = ':';
            label[label_len++] = ' ';
            size_t len = label_len + 2 * (n_words - 1) + 1;
            for (size_t k = 0; k < n_words; k++)
                len += words[k].len;
            char *text = xrealloc(NULL, len);
            memcpy(text, label, label_len);
            size_t pos = label_len;
            for (size_t k = 0; k < n_words; k++) {
                if (k > 0) {
                    memcpy(text + pos, ", ", 2);
                    pos += 2;
                }
                memcpy(text + pos, words[k].text, words[k].len);
                pos += words[k].len;
            }
            text[pos] = '\n';
            if (n_lines == cap_lines) {
                cap_lines = cap_lines == 0 ? 16 : 2 * cap_lines;
                lines = xrealloc(lines, cap_lines * sizeof(Line));
            }
            lines[n_lines++] = (Line){text, len};
            n_words = 0;
        }
    }
    size_t total = 0;
    for (size_t k = 0; k < n_lines; k++)
        total += lines[k].len;
    Buf s = {xrealloc(NULL, total + 1), 0, total + 1};
    for (size_t k = 0; k < n_lines; k++) {
        memcpy(s.data + s.len, lines[k].text, lines[k].len);
        s.len += lines[k].len;
        free(lines[k].text);
    }
    free(lines);
    return s;
}

/* a polynomial hash of every STEP-th character */
static int64_t digest(const Buf *s) {
    int64_t h = 0;
    for (size_t i = 0; i < s->len; i += STEP)
        h = (h * 31 + (unsigned char)s->data[i]) % 1000000007;
    return h;
}

/* the index of the last c in s, or -1 */
static int64_t rfind_char(const Buf *s, char c) {
    for (size_t i = s->len; i > 0; i--) {
        if (s->data[i - 1] == c)
            return (int64_t)i - 1;
    }
    return -1;
}

static bool buf_eq(const Buf *a, const Buf *b) {
    return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

int main(void) {
    for (int32_t r = 0; r < ROUNDS; r++) {
        Buf a = concat_text(N, r);
        Buf b = line_text(N, r);
        Buf c = joined_text(N, r);
        bool same = buf_eq(&a, &b) && buf_eq(&b, &c);
        printf("round %d length %zu last label at %lld\n", r, a.len,
               (long long)rfind_char(&a, '#'));
        printf("  digest %lld same %s\n", (long long)digest(&a),
               same ? "True" : "False");
        free(a.data);
        free(b.data);
        free(c.data);
    }
    return 0;
}
