/* The binary-trees benchmark: allocate complete binary trees, walk them to
   count their nodes and drop them, while one long-lived tree stays
   allocated.  Unlike the SPy version, which leaves the trees to its garbage
   collector (and CPython, which reference-counts them), this one frees every
   tree explicitly with free_tree. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MIN_DEPTH 4
#define MAX_DEPTH 16

typedef struct Node {
    struct Node *left;
    struct Node *right;
} Node;

static Node *new_node(Node *left, Node *right) {
    Node *n = malloc(sizeof(Node));
    if (n == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    n->left = left;
    n->right = right;
    return n;
}

static Node *make(int32_t depth) {
    if (depth == 0)
        return new_node(NULL, NULL);
    Node *left = make(depth - 1);
    return new_node(left, make(depth - 1));
}

/* the number of nodes */
static int32_t check(const Node *n) {
    if (n->left == NULL)
        return 1;
    return 1 + check(n->left) + check(n->right);
}

static void free_tree(Node *n) {
    if (n->left != NULL) {
        free_tree(n->left);
        free_tree(n->right);
    }
    free(n);
}

int main(void) {
    int32_t stretch_depth = MAX_DEPTH + 1;
    Node *stretch = make(stretch_depth);
    printf("stretch tree of depth %d\t check: %d\n", stretch_depth, check(stretch));
    free_tree(stretch);
    Node *long_lived = make(MAX_DEPTH);
    for (int32_t depth = MIN_DEPTH; depth <= MAX_DEPTH; depth += 2) {
        int32_t iterations = 1 << (MAX_DEPTH - depth + MIN_DEPTH);
        int32_t total = 0;
        for (int32_t i = 0; i < iterations; i++) {
            Node *t = make(depth);
            total += check(t);
            free_tree(t);
        }
        printf("%d\t trees of depth %d\t check: %d\n", iterations, depth, total);
    }
    printf("long lived tree of depth %d\t check: %d\n", MAX_DEPTH, check(long_lived));
    free_tree(long_lived);
    return 0;
}
