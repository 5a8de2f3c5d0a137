/*
 * check.h -- the tiny harness of the libspy C tests.
 *
 * A test is a program: its checks run inside spy_runtime_main (so the GC
 * knows the stack), failures are printed with file:line, and the exit
 * status is 1 if any check failed.  CHECK_PANIC runs an expression in a
 * forked child and checks that it panics with the given last stderr line.
 */
#ifndef SPY_TEST_CHECK_H
#define SPY_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spy.h"

static int check_count, check_failures;

static inline void check_fail(const char *file, int line, const char *what) {
    check_failures++;
    fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
}

#define CHECK(cond)                                   \
    do {                                              \
        check_count++;                                \
        if (!(cond))                                  \
            check_fail(__FILE__, __LINE__, #cond);    \
    } while (0)

/* a spy_Str equals a C string (bytes and length in code points) */
static inline void check_str_at(const char *file, int line, spy_Str *got,
                         const char *want, int32_t want_len) {
    size_t n = strlen(want);
    check_count++;
    if ((size_t)got->nbytes != n || memcmp(got->utf8, want, n) != 0 ||
        spy_str_cstr(got)[n] != '\0' ||
        (want_len >= 0 && got->length != want_len) ||
        got->is_ascii != (got->length == got->nbytes)) {
        check_failures++;
        fprintf(stderr, "%s:%d: FAILED: got \"%.*s\" (len %ld), want \"%s\"",
                file, line, (int)got->nbytes, got->utf8, (long)got->length,
                want);
        if (want_len >= 0)
            fprintf(stderr, " (len %ld)", (long)want_len);
        fputc('\n', stderr);
    }
}
#define CHECK_STR(got, want) check_str_at(__FILE__, __LINE__, (got), (want), -1)
#define CHECK_STR_LEN(got, want, len) \
    check_str_at(__FILE__, __LINE__, (got), (want), (len))

/* Run `stmt` in a child; it must exit with status 1 and the last line of
   its stderr must be `want`. */
#define CHECK_PANIC(stmt, want)                                           \
    do {                                                                  \
        int fds_[2];                                                      \
        pid_t pid_;                                                       \
        spy_stdout_flush();                                               \
        fflush(stdout);                                                   \
        fflush(stderr);                                                   \
        if (pipe(fds_) != 0) {                                            \
            perror("pipe");                                               \
            exit(2);                                                      \
        }                                                                 \
        pid_ = fork();                                                    \
        if (pid_ == 0) {                                                  \
            close(fds_[0]);                                               \
            dup2(fds_[1], 2);                                             \
            stmt;                                                         \
            _exit(0);                                                     \
        }                                                                 \
        close(fds_[1]);                                                   \
        check_panic_wait(__FILE__, __LINE__, #stmt, pid_, fds_[0], want); \
    } while (0)

static inline void check_panic_wait(const char *file, int line, const char *what,
                             pid_t pid, int fd, const char *want) {
    char buf[8192], *last;
    size_t len = 0;
    ssize_t n;
    int status = 0;
    while ((n = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)n;
    close(fd);
    buf[len] = '\0';
    waitpid(pid, &status, 0);
    while (len > 0 && buf[len - 1] == '\n')
        buf[--len] = '\0';
    last = strrchr(buf, '\n');
    last = last ? last + 1 : buf;
    check_count++;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 1 ||
        strcmp(last, want) != 0) {
        check_failures++;
        fprintf(stderr,
                "%s:%d: FAILED: %s\n  want panic: %s\n  got (status %d): %s\n",
                file, line, what, want, status, buf);
    }
}

static inline int32_t check_report(const char *name) {
    printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
    return check_failures == 0 ? 0 : 1;
}

#endif /* SPY_TEST_CHECK_H */
