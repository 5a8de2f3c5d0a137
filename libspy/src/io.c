/*
 * io.c -- stdout, fully buffered by libspy itself.  The buffer is flushed
 * when full, by spy_stdout_flush, at exit (runtime.c) and before a panic
 * writes to stderr (panic.c); input() reads stdin.
 */
#define _POSIX_C_SOURCE 200809L /* getline */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static char out_buf[1 << 16];
static size_t out_len;

static void raw_write(const char *p, size_t n) {
    if (n > 0) {
        fwrite(p, 1, n, stdout);
        fflush(stdout);
    }
}

static void write_bytes(const char *p, size_t n) {
    if (n > sizeof out_buf - out_len) {
        spy_stdout_flush();
        if (n >= sizeof out_buf) { /* too big to buffer */
            raw_write(p, n);
            return;
        }
    }
    memcpy(out_buf + out_len, p, n);
    out_len += n;
}

void spy_stdout_write(spy_Str *s) {
    write_bytes(s->utf8, (size_t)s->nbytes);
}

void spy_stdout_write_cstr(const char *s) {
    write_bytes(s, strlen(s));
}

void spy_stdout_flush(void) {
    size_t n = out_len;
    out_len = 0; /* first, in case the write fails and we panic */
    raw_write(out_buf, n);
}

spy_Str *spy_io_input(spy_Str *prompt) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    spy_Str *s;
    spy_stdout_write(prompt);
    spy_stdout_flush();
    errno = 0;
    n = getline(&line, &cap, stdin);
    if (n < 0) {
        free(line);
        if (ferror(stdin))
            spy_panic("OSError", strerror(errno));
        spy_panic("EOFError", "EOF when reading a line");
    }
    if (n > 0 && line[n - 1] == '\n')
        n--;
    s = spy_str_from_buffer(line, (int64_t)n);
    free(line);
    return s;
}
