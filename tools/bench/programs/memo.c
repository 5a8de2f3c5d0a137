/* Memoised recursion: the Collatz sequence length of every n in 1..N, each
   computed from the length of its successor and remembered in a hash table
   (open addressing, int64 keys, grown when half full), which ends up holding
   the values above N met on the way too. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 1000000

/* ---- the memo table; key 0 marks a free slot (n is never 0) ---- */

typedef struct {
    int64_t key;
    int64_t value;
} Slot;

static Slot *slots;
static size_t capacity; /* a power of two */
static size_t used;

static size_t slot_hash(int64_t key) {
    uint64_t h = (uint64_t)key; /* the splitmix64 finaliser */
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9u;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebu;
    return (size_t)(h ^ (h >> 31));
}

static Slot *find_slot(Slot *table, size_t cap, int64_t key) {
    size_t i = slot_hash(key) & (cap - 1);
    while (table[i].key != 0 && table[i].key != key)
        i = (i + 1) & (cap - 1);
    return &table[i];
}

static void table_init(size_t cap) {
    slots = calloc(cap, sizeof(Slot));
    if (slots == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    capacity = cap;
    used = 0;
}

static void table_grow(void) {
    Slot *old = slots;
    size_t old_cap = capacity;
    table_init(old_cap * 2);
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].key != 0) {
            *find_slot(slots, capacity, old[i].key) = old[i];
            used++;
        }
    }
    free(old);
}

/* memo[key], or 0 when the key is missing (lengths are at least 1) */
static int64_t table_get(int64_t key) {
    return find_slot(slots, capacity, key)->value;
}

static void table_set(int64_t key, int64_t value) {
    Slot *s = find_slot(slots, capacity, key);
    if (s->key == 0) {
        if (2 * (used + 1) > capacity) {
            table_grow();
            s = find_slot(slots, capacity, key);
        }
        s->key = key;
        used++;
    }
    s->value = value;
}

/* ---- the recursion ---- */

/* the number of terms from n down to 1, both counted */
static int64_t collatz_len(int64_t n) {
    if (n == 1)
        return 1;
    int64_t known = table_get(n);
    if (known != 0)
        return known;
    int64_t next = n % 2 == 0 ? n / 2 : 3 * n + 1;
    int64_t length = 1 + collatz_len(next);
    table_set(n, length);
    return length;
}

int main(void) {
    table_init(8);
    int64_t best = 1;
    int64_t best_len = 1;
    int64_t total = 0;
    for (int64_t i = 1; i <= N; i++) {
        int64_t length = collatz_len(i);
        total += length;
        if (length > best_len) {
            best = i;
            best_len = length;
        }
    }
    printf("longest below %d starts at %lld with %lld terms\n", N + 1,
           (long long)best, (long long)best_len);
    printf("total terms %lld memo entries %zu\n", (long long)total, used);
    int64_t highest = 0;
    for (size_t i = 0; i < capacity; i++) {
        if (slots[i].key > highest)
            highest = slots[i].key;
    }
    printf("highest value met %lld\n", (long long)highest);
    free(slots);
    return 0;
}
