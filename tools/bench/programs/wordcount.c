/* Word frequencies: DOCS deterministic pseudo-random texts of N_WORDS words
   each, drawn (with a skew towards the first ones) from a vocabulary of
   VOCAB made-up words, counted together in one open-addressing hash table;
   then the TOP most frequent words, the ties broken alphabetically. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VOCAB 500
#define DOCS 8
#define N_WORDS 2000000
#define WORDS_PER_LINE 12
#define TOP 10

static const char *const SYLLABLES[] = {
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pu",
    "da", "fe", "gi", "ho", "ju", "be", "co", "wy", "xa", "qui"};
#define N_SYLLABLES 20

/* the linear congruential generator of all three versions */
static int64_t rng_state = 12345;

/* the next number in [0, n) */
static int32_t rng_below(int32_t n) {
    rng_state = (rng_state * 1103515245 + 12345) % 2147483648LL;
    return (int32_t)((rng_state >> 16) % n);
}

/* a number in [0, n), small ones more likely */
static int32_t rng_skewed(int32_t n) {
    return rng_below(rng_below(n) + 1);
}

/* ---- the vocabulary and the texts ---- */

typedef struct {
    char text[16];
    size_t len;
} Word;

/* n distinct words: word i spells i + 1 in bijective base-20, one syllable
   per digit */
static void make_vocabulary(Word *words, int32_t n) {
    for (int32_t i = 0; i < n; i++) {
        int32_t k = i + 1;
        Word *w = &words[i];
        w->len = 0;
        while (k > 0) {
            k -= 1;
            const char *s = SYLLABLES[k % N_SYLLABLES];
            size_t len = strlen(s);
            memcpy(w->text + w->len, s, len);
            w->len += len;
            k /= N_SYLLABLES;
        }
        w->text[w->len] = '\0';
    }
}

/* Writes n words into buf, WORDS_PER_LINE to a line, and returns the
   length; buf has room for n words of 15 bytes and their separators. */
static size_t make_text(char *buf, const Word *vocab, int32_t n) {
    size_t len = 0;
    for (int32_t i = 0; i < n; i++) {
        const Word *w = &vocab[rng_skewed(VOCAB)];
        memcpy(buf + len, w->text, w->len);
        len += w->len;
        buf[len++] = (i + 1) % WORDS_PER_LINE == 0 ? '\n' : ' ';
    }
    if (n % WORDS_PER_LINE != 0)
        buf[len - 1] = '\n';
    return len;
}

/* ---- the hash table: linear probing over slots that index the entries,
   which are kept in insertion order like a Python dict's ---- */

#define TABLE_SIZE 2048 /* a power of two, more than twice VOCAB */

typedef struct {
    char *word; /* a copy of the key, owned by the table */
    size_t len;
    int32_t count;
} Entry;

static Entry entries[VOCAB];
static int32_t n_entries;
static int32_t slots[TABLE_SIZE]; /* entry index + 1, 0 when free */

static uint32_t hash(const char *s, size_t len) {
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

/* counts[word] += 1 for the word s[0:len] */
static void count_word(const char *s, size_t len) {
    uint32_t i = hash(s, len) & (TABLE_SIZE - 1);
    for (;;) {
        int32_t e = slots[i];
        if (e == 0)
            break;
        Entry *entry = &entries[e - 1];
        if (entry->len == len && memcmp(entry->word, s, len) == 0) {
            entry->count++;
            return;
        }
        i = (i + 1) & (TABLE_SIZE - 1);
    }
    if (n_entries == VOCAB) {
        fprintf(stderr, "hash table full\n");
        exit(1);
    }
    char *word = malloc(len);
    if (word == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    memcpy(word, s, len);
    entries[n_entries] = (Entry){word, len, 1};
    slots[i] = ++n_entries;
}

static int is_space(char c) {
    return c == ' ' || c == '\n';
}

/* counts every word of text[0:len] */
static void count_words(const char *text, size_t len) {
    size_t i = 0;
    while (i < len) {
        while (i < len && is_space(text[i]))
            i++;
        size_t start = i;
        while (i < len && !is_space(text[i]))
            i++;
        if (i > start)
            count_word(text + start, i - start);
    }
}

/* ---- the most frequent words ---- */

/* whether a comes first: more frequent, or as frequent and alphabetically
   first (byte order, which is code point order for this ASCII text) */
static int beats(const Entry *a, const Entry *b) {
    if (a->count != b->count)
        return a->count > b->count;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->word, b->word, n);
    return c != 0 ? c < 0 : a->len < b->len;
}

int main(void) {
    static Word vocab[VOCAB];
    make_vocabulary(vocab, VOCAB);
    char *text = malloc((size_t)N_WORDS * 16);
    if (text == NULL)
        return 1;
    int64_t chars = 0;
    for (int32_t d = 0; d < DOCS; d++) {
        size_t len = make_text(text, vocab, N_WORDS);
        chars += (int64_t)len;
        count_words(text, len);
    }
    int64_t total = 0;
    for (int32_t e = 0; e < n_entries; e++)
        total += entries[e].count;
    printf("chars %lld words %lld distinct %d\n", (long long)chars,
           (long long)total, n_entries);
    /* a selection of the TOP first, as the SPy and Python versions do */
    for (int32_t i = 0; i < TOP && i < n_entries; i++) {
        int32_t best = i;
        for (int32_t j = i + 1; j < n_entries; j++) {
            if (beats(&entries[j], &entries[best]))
                best = j;
        }
        Entry tmp = entries[i];
        entries[i] = entries[best];
        entries[best] = tmp;
        printf("%d %.*s\n", entries[i].count, (int)entries[i].len, entries[i].word);
    }
    for (int32_t e = 0; e < n_entries; e++)
        free(entries[e].word);
    free(text);
    return 0;
}
