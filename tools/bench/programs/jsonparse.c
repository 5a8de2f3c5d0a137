/* A JSON parser: a deterministic pseudo-random JSON document of RECORDS
   records (objects nesting objects and arrays, strings with escapes,
   integers, true, false and null) is built in memory, then tokenized and
   parsed by recursive descent into a tree of nodes PARSES times. Each tree
   is walked for statistics: the nodes of each kind, the sum of the
   integers, the length of the strings and of the keys, the height, and
   lookups of the keys "id" and "name" in every object. Nodes are tagged
   unions; an object keeps its members in order, with an open-addressing
   hash table over them; each tree is freed after its walk. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECORDS 20000
#define PARSES 10
#define MAX_DEPTH 6 /* the deepest container; deeper values are scalars */

static const char *const KEYS[] = {"id",    "name",  "tags",     "value",
                                   "children", "active", "score", "owner",
                                   "kind",  "data"};
#define N_KEYS 10
static const char *const SYLLABLES[] = {"ka", "lo", "mi", "ne", "ru", "sa",
                                        "ti", "vo", "ze", "pu", "da", "fe",
                                        "gi", "ho", "ju", "be"};
#define N_SYLLABLES 16
static const char *const ESCAPES[] = {"\\\"", "\\\\", "\\n", "\\t", "\\/"};
#define N_ESCAPES 5

static void *xmalloc(size_t size) {
    void *p = malloc(size);
    if (p == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return p;
}

static void *xrealloc(void *p, size_t size) {
    p = realloc(p, size);
    if (p == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return p;
}

/* the linear congruential generator of all three versions */
static int64_t rng_state = 4321;

/* the next number in [0, n) */
static int32_t rng_below(int32_t n) {
    rng_state = (rng_state * 1103515245 + 12345) % 2147483648LL;
    return (int32_t)((rng_state >> 16) % n);
}

/* ---- the document ---- */

typedef struct {
    char *data;
    size_t len;
    size_t cap;
} Buf;

static void buf_add_n(Buf *b, const char *s, size_t n) {
    if (b->len + n > b->cap) {
        while (b->len + n > b->cap)
            b->cap = b->cap == 0 ? 4096 : b->cap * 2;
        b->data = xrealloc(b->data, b->cap);
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void buf_add(Buf *b, const char *s) {
    buf_add_n(b, s, strlen(s));
}

static void buf_add_int(Buf *b, int64_t n) {
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%lld", (long long)n);
    buf_add_n(b, digits, (size_t)len);
}

static void gen_value(Buf *b, int32_t depth);

/* a string of one to four syllables, some of them escapes */
static void gen_string(Buf *b) {
    buf_add(b, "\"");
    int32_t n = 1 + rng_below(4);
    for (int32_t i = 0; i < n; i++) {
        if (rng_below(10) == 0)
            buf_add(b, ESCAPES[rng_below(N_ESCAPES)]);
        else
            buf_add(b, SYLLABLES[rng_below(N_SYLLABLES)]);
    }
    buf_add(b, "\"");
}

static void gen_field(Buf *b, int32_t depth) {
    buf_add(b, "\"");
    buf_add(b, KEYS[rng_below(N_KEYS)]);
    buf_add(b, "\": ");
    gen_value(b, depth);
}

static void gen_value(Buf *b, int32_t depth) {
    int32_t r = rng_below(100);
    if (r < 15 && depth < MAX_DEPTH) {
        buf_add(b, "{");
        int32_t n = rng_below(7);
        for (int32_t i = 0; i < n; i++) {
            if (i > 0)
                buf_add(b, ", ");
            gen_field(b, depth + 1);
        }
        buf_add(b, "}");
    } else if (r < 25 && depth < MAX_DEPTH) {
        buf_add(b, "[");
        int32_t n = rng_below(8);
        for (int32_t i = 0; i < n; i++) {
            if (i > 0)
                buf_add(b, ", ");
            gen_value(b, depth + 1);
        }
        buf_add(b, "]");
    } else if (r < 55) {
        gen_string(b);
    } else if (r < 85) {
        int64_t n = (int64_t)rng_below(20000) - 10000;
        if (rng_below(8) == 0)
            n = n * 1000003 + rng_below(1000);
        buf_add_int(b, n);
    } else if (r < 90) {
        buf_add(b, "true");
    } else if (r < 95) {
        buf_add(b, "false");
    } else {
        buf_add(b, "null");
    }
}

/* an object with an "id", a "name" and up to five more fields, at depth 2,
   in the top-level array */
static void gen_record(Buf *b, int32_t ident) {
    buf_add(b, "{\"id\": ");
    buf_add_int(b, ident);
    buf_add(b, ", \"name\": ");
    gen_string(b);
    int32_t n = rng_below(6);
    for (int32_t i = 0; i < n; i++) {
        buf_add(b, ", ");
        gen_field(b, 3);
    }
    buf_add(b, "}");
}

static void make_document(Buf *b, int32_t records) {
    buf_add(b, "[\n");
    for (int32_t i = 0; i < records; i++) {
        if (i > 0)
            buf_add(b, ",\n");
        gen_record(b, i);
    }
    buf_add(b, "\n]\n");
}

/* ---- the tree ---- */

enum { N_OBJECT, N_ARRAY, N_STRING, N_INT, N_BOOL, N_NULL };

typedef struct Node Node;

typedef struct {
    char *key; /* owned by the object, like the value */
    int32_t len;
    uint32_t hash;
    Node *value;
} Member;

struct Node {
    int32_t kind;
    union {
        struct {
            Member *members; /* in the order of the text */
            int32_t n;
            int32_t *slots; /* member index + 1, 0 when free */
            uint32_t mask;  /* the number of slots - 1 */
        } object;
        struct {
            Node **items;
            int32_t n;
        } array;
        struct {
            char *chars;
            int32_t len;
        } string;
        int64_t integer;
        bool boolean;
    } u;
};

static Node *new_node(int32_t kind) {
    Node *node = xmalloc(sizeof *node);
    node->kind = kind;
    return node;
}

static void free_node(Node *node) {
    switch (node->kind) {
    case N_OBJECT:
        for (int32_t i = 0; i < node->u.object.n; i++) {
            free(node->u.object.members[i].key);
            free_node(node->u.object.members[i].value);
        }
        free(node->u.object.members);
        free(node->u.object.slots);
        break;
    case N_ARRAY:
        for (int32_t i = 0; i < node->u.array.n; i++)
            free_node(node->u.array.items[i]);
        free(node->u.array.items);
        break;
    case N_STRING:
        free(node->u.string.chars);
        break;
    }
    free(node);
}

static uint32_t hash(const char *s, int32_t len) {
    uint32_t h = 2166136261u; /* FNV-1a */
    for (int32_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

/* the value of the key s[0:len] in the object node, or NULL */
static Node *object_get(const Node *node, const char *s, int32_t len) {
    if (node->u.object.n == 0)
        return NULL;
    uint32_t h = hash(s, len);
    uint32_t mask = node->u.object.mask;
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        int32_t e = node->u.object.slots[i];
        if (e == 0)
            return NULL;
        const Member *m = &node->u.object.members[e - 1];
        if (m->hash == h && m->len == len && memcmp(m->key, s, (size_t)len) == 0)
            return m->value;
    }
}

/* The members and the items of the objects and arrays being parsed, on two
   stacks: each object or array takes its own from the top when it ends. */
static Member *member_stack;
static size_t member_top, member_cap;
static Node **item_stack;
static size_t item_top, item_cap;

static void push_member(char *key, int32_t len, Node *value) {
    if (member_top == member_cap) {
        member_cap = member_cap == 0 ? 256 : member_cap * 2;
        member_stack = xrealloc(member_stack, member_cap * sizeof(Member));
    }
    member_stack[member_top++] = (Member){key, len, hash(key, len), value};
}

static void push_item(Node *value) {
    if (item_top == item_cap) {
        item_cap = item_cap == 0 ? 256 : item_cap * 2;
        item_stack = xrealloc(item_stack, item_cap * sizeof(Node *));
    }
    item_stack[item_top++] = value;
}

/* an object of the members from base to the top of their stack, which it
   pops; a key seen again keeps its first place and takes the new value, as
   in a Python dict */
static Node *make_object(size_t base) {
    Node *node = new_node(N_OBJECT);
    int32_t count = (int32_t)(member_top - base);
    node->u.object.n = 0;
    node->u.object.members = NULL;
    node->u.object.slots = NULL;
    node->u.object.mask = 0;
    if (count == 0)
        return node;
    uint32_t size = 4;
    while (size < 2 * (uint32_t)count)
        size *= 2;
    Member *members = xmalloc((size_t)count * sizeof(Member));
    int32_t *slots = calloc(size, sizeof(int32_t));
    if (slots == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    uint32_t mask = size - 1;
    int32_t n = 0;
    for (size_t k = base; k < member_top; k++) {
        Member *m = &member_stack[k];
        uint32_t i = m->hash & mask;
        for (;;) {
            int32_t e = slots[i];
            if (e == 0) {
                members[n] = *m;
                slots[i] = ++n;
                break;
            }
            Member *old = &members[e - 1];
            if (old->hash == m->hash && old->len == m->len &&
                memcmp(old->key, m->key, (size_t)m->len) == 0) {
                free_node(old->value);
                old->value = m->value;
                free(m->key);
                break;
            }
            i = (i + 1) & mask;
        }
    }
    member_top = base;
    node->u.object.members = members;
    node->u.object.n = n;
    node->u.object.slots = slots;
    node->u.object.mask = mask;
    return node;
}

/* an array of the items from base to the top of their stack, which it
   pops */
static Node *make_array(size_t base) {
    Node *node = new_node(N_ARRAY);
    int32_t n = (int32_t)(item_top - base);
    node->u.array.n = n;
    node->u.array.items = NULL;
    if (n > 0) {
        node->u.array.items = xmalloc((size_t)n * sizeof(Node *));
        memcpy(node->u.array.items, item_stack + base, (size_t)n * sizeof(Node *));
    }
    item_top = base;
    return node;
}

/* ---- the tokenizer and the parser ---- */

enum {
    T_EOF,
    T_LBRACE,
    T_RBRACE,
    T_LBRACKET,
    T_RBRACKET,
    T_COLON,
    T_COMMA,
    T_STRING,
    T_NUMBER,
    T_TRUE,
    T_FALSE,
    T_NULL
};

/* the tokens of text[0:n], one at a time: kind is the current one's, and
   string (a new string, which the parser takes) or number its value */
typedef struct {
    const char *text;
    size_t n;
    size_t pos;
    int32_t kind;
    char *string;
    int32_t string_len;
    int64_t number;
} Lexer;

static void fail(const char *what, size_t pos) {
    fprintf(stderr, "%s at %zu\n", what, pos);
    exit(1);
}

/* the character that the escape sequence backslash-c stands for */
static char unescape(char c, size_t pos) {
    switch (c) {
    case '"':
    case '\\':
    case '/':
        return c;
    case 'n':
        return '\n';
    case 't':
        return '\t';
    case 'r':
        return '\r';
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    }
    fail("bad escape", pos);
    return 0;
}

/* reads the string that starts at pos, after its opening quote; returns
   the position after its closing quote */
static size_t read_string(Lexer *lx, size_t pos) {
    const char *text = lx->text;
    size_t n = lx->n;
    size_t start = pos;
    bool escaped = false;
    for (;;) {
        if (pos >= n)
            fail("unterminated string", pos);
        char c = text[pos];
        if (c == '"')
            break;
        if (c == '\\') {
            if (pos + 1 == n)
                fail("unterminated string", pos);
            escaped = true;
            pos += 2;
        } else {
            pos++;
        }
    }
    char *s = xmalloc(pos - start + 1);
    size_t len = 0;
    if (!escaped) {
        len = pos - start;
        memcpy(s, text + start, len);
    } else {
        for (size_t i = start; i < pos; i++) {
            if (text[i] == '\\') {
                s[len++] = unescape(text[i + 1], i);
                i++;
            } else {
                s[len++] = text[i];
            }
        }
    }
    s[len] = '\0';
    lx->string = s;
    lx->string_len = (int32_t)len;
    return pos + 1;
}

/* reads the integer at pos; returns the position after it */
static size_t read_number(Lexer *lx, size_t pos) {
    const char *text = lx->text;
    size_t n = lx->n;
    size_t start = pos;
    bool negative = text[pos] == '-';
    if (negative)
        pos++;
    size_t digits = pos;
    int64_t value = 0;
    while (pos < n && text[pos] >= '0' && text[pos] <= '9') {
        value = value * 10 + (text[pos] - '0');
        pos++;
    }
    if (pos == digits)
        fail("bad number", start);
    lx->number = negative ? -value : value;
    return pos;
}

static size_t read_word(Lexer *lx, size_t pos, const char *word) {
    size_t len = strlen(word);
    if (lx->n - pos < len || memcmp(lx->text + pos, word, len) != 0)
        fail("unexpected word", pos);
    return pos + len;
}

/* reads the next token */
static void advance(Lexer *lx) {
    const char *text = lx->text;
    size_t n = lx->n;
    size_t pos = lx->pos;
    while (pos < n && (text[pos] == ' ' || text[pos] == '\n' ||
                       text[pos] == '\t' || text[pos] == '\r'))
        pos++;
    if (pos == n) {
        lx->kind = T_EOF;
        lx->pos = pos;
        return;
    }
    switch (text[pos]) {
    case '{':
        lx->kind = T_LBRACE;
        lx->pos = pos + 1;
        break;
    case '}':
        lx->kind = T_RBRACE;
        lx->pos = pos + 1;
        break;
    case '[':
        lx->kind = T_LBRACKET;
        lx->pos = pos + 1;
        break;
    case ']':
        lx->kind = T_RBRACKET;
        lx->pos = pos + 1;
        break;
    case ':':
        lx->kind = T_COLON;
        lx->pos = pos + 1;
        break;
    case ',':
        lx->kind = T_COMMA;
        lx->pos = pos + 1;
        break;
    case '"':
        lx->kind = T_STRING;
        lx->pos = read_string(lx, pos + 1);
        break;
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        lx->kind = T_NUMBER;
        lx->pos = read_number(lx, pos);
        break;
    case 't':
        lx->kind = T_TRUE;
        lx->pos = read_word(lx, pos, "true");
        break;
    case 'f':
        lx->kind = T_FALSE;
        lx->pos = read_word(lx, pos, "false");
        break;
    case 'n':
        lx->kind = T_NULL;
        lx->pos = read_word(lx, pos, "null");
        break;
    default:
        fail("unexpected character", pos);
    }
}

/* skips a token of the kind, which what describes */
static void expect(Lexer *lx, int32_t kind, const char *what) {
    if (lx->kind != kind)
        fail(what, lx->pos);
    advance(lx);
}

static Node *parse_value(Lexer *lx);

static Node *parse_object(Lexer *lx) {
    advance(lx);
    size_t base = member_top;
    if (lx->kind == T_RBRACE) {
        advance(lx);
        return make_object(base);
    }
    for (;;) {
        if (lx->kind != T_STRING)
            fail("expected a key", lx->pos);
        char *key = lx->string;
        int32_t len = lx->string_len;
        lx->string = NULL;
        advance(lx);
        expect(lx, T_COLON, "expected ':'");
        Node *value = parse_value(lx);
        push_member(key, len, value);
        if (lx->kind != T_COMMA)
            break;
        advance(lx);
    }
    expect(lx, T_RBRACE, "expected '}'");
    return make_object(base);
}

static Node *parse_array(Lexer *lx) {
    advance(lx);
    size_t base = item_top;
    if (lx->kind == T_RBRACKET) {
        advance(lx);
        return make_array(base);
    }
    for (;;) {
        push_item(parse_value(lx));
        if (lx->kind != T_COMMA)
            break;
        advance(lx);
    }
    expect(lx, T_RBRACKET, "expected ']'");
    return make_array(base);
}

static Node *parse_value(Lexer *lx) {
    Node *node;
    switch (lx->kind) {
    case T_LBRACE:
        return parse_object(lx);
    case T_LBRACKET:
        return parse_array(lx);
    case T_STRING:
        node = new_node(N_STRING);
        node->u.string.chars = lx->string;
        node->u.string.len = lx->string_len;
        lx->string = NULL;
        break;
    case T_NUMBER:
        node = new_node(N_INT);
        node->u.integer = lx->number;
        break;
    case T_TRUE:
    case T_FALSE:
        node = new_node(N_BOOL);
        node->u.boolean = lx->kind == T_TRUE;
        break;
    case T_NULL:
        node = new_node(N_NULL);
        break;
    default:
        fail("expected a value", lx->pos);
        return NULL;
    }
    advance(lx);
    return node;
}

/* the value that is the whole of text[0:n] */
static Node *parse(const char *text, size_t n) {
    Lexer lx = {text, n, 0, T_EOF, NULL, 0, 0};
    advance(&lx);
    Node *node = parse_value(&lx);
    if (lx.kind != T_EOF)
        fail("text after the value", lx.pos);
    return node;
}

/* ---- the walk ---- */

typedef struct {
    int32_t objects, arrays, strings, ints, trues, falses, nulls;
    int64_t int_sum;
    int64_t string_chars;
    int64_t key_chars;
    int32_t ids; /* the objects with an integer "id" */
    int64_t id_sum;
    int32_t named; /* the objects with a "name" */
} Stats;

/* adds the subtree of node to stats; returns its height */
static int32_t walk(const Node *node, Stats *stats) {
    int32_t height = 0;
    switch (node->kind) {
    case N_OBJECT: {
        stats->objects++;
        const Node *ident = object_get(node, "id", 2);
        if (ident != NULL && ident->kind == N_INT) {
            stats->ids++;
            stats->id_sum += ident->u.integer;
        }
        if (object_get(node, "name", 4) != NULL)
            stats->named++;
        for (int32_t i = 0; i < node->u.object.n; i++) {
            const Member *m = &node->u.object.members[i];
            stats->key_chars += m->len;
            int32_t h = walk(m->value, stats);
            if (h > height)
                height = h;
        }
        break;
    }
    case N_ARRAY:
        stats->arrays++;
        for (int32_t i = 0; i < node->u.array.n; i++) {
            int32_t h = walk(node->u.array.items[i], stats);
            if (h > height)
                height = h;
        }
        break;
    case N_STRING:
        stats->strings++;
        stats->string_chars += node->u.string.len;
        break;
    case N_INT:
        stats->ints++;
        stats->int_sum += node->u.integer;
        break;
    case N_BOOL:
        if (node->u.boolean)
            stats->trues++;
        else
            stats->falses++;
        break;
    case N_NULL:
        stats->nulls++;
        break;
    }
    return height + 1;
}

static int32_t count_nodes(const Stats *s) {
    return s->objects + s->arrays + s->strings + s->ints + s->trues +
           s->falses + s->nulls;
}

int main(void) {
    Buf doc = {NULL, 0, 0};
    make_document(&doc, RECORDS);
    printf("document of %lld chars, %d records\n", (long long)doc.len, RECORDS);
    int64_t total_nodes = 0;
    Stats stats;
    memset(&stats, 0, sizeof stats);
    int32_t height = 0;
    for (int32_t i = 0; i < PARSES; i++) {
        Node *root = parse(doc.data, doc.len);
        memset(&stats, 0, sizeof stats);
        height = walk(root, &stats);
        total_nodes += count_nodes(&stats);
        free_node(root);
    }
    printf("parsed %d times: %lld nodes\n", PARSES, (long long)total_nodes);
    printf("objects %d arrays %d\n", stats.objects, stats.arrays);
    printf("strings %d ints %d\n", stats.strings, stats.ints);
    printf("true %d false %d null %d\n", stats.trues, stats.falses, stats.nulls);
    printf("int sum %lld string chars %lld\n", (long long)stats.int_sum,
           (long long)stats.string_chars);
    printf("key chars %lld height %d\n", (long long)stats.key_chars, height);
    printf("ids %d id sum %lld named %d\n", stats.ids, (long long)stats.id_sum,
           stats.named);
    free(doc.data);
    free(member_stack);
    free(item_stack);
    return 0;
}
