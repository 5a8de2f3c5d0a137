/*
 * file.c -- the file objects of open(path, mode): read, readline, write,
 * close.
 *
 * A handle is the address of an OpenFile (malloc'd, outside the GC heap),
 * which keeps the FILE * and a copy of the path for error messages.  The
 * SPy File object holds the handle and sets it to 0 when it closes the
 * file; here 0 means "closed" (spy.h).  Errors are as in os.c:
 * "OSError: <path>: <reason>".
 */
#define _POSIX_C_SOURCE 200809L /* getline */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "internal.h"

typedef struct OpenFile {
    FILE *f;
    bool readable;
    bool writable;
    int32_t path_nbytes;
    char path[]; /* UTF-8, NUL-terminated */
} OpenFile;

/* readline's buffer, kept between calls unless a long line grew it */
#define LINE_KEEP (1 << 16)
static char *line_buf;
static size_t line_cap;

static OpenFile *open_file(int64_t h) {
    if (h == 0)
        spy_panic("ValueError", "I/O operation on closed file.");
    return (OpenFile *)(intptr_t)h;
}

static spy_Str *path_of(OpenFile *of) {
    return spy_str_from_buffer(of->path, of->path_nbytes);
}

SPY_NORETURN static void file_error(OpenFile *of, int err) {
    spy__os_error(path_of(of), err);
}

SPY_NORETURN static void bad_mode(spy_Str *mode) {
    spy_Str *head = spy_str_from_cstr("invalid mode: ");
    SPY_ROOT(head);
    spy_panic_str("ValueError", spy_str_add(head, spy_str_repr(mode)));
}

/* Python's open(), for modes r w a, each with an optional b */
int64_t spy_file_open(spy_Str *path, spy_Str *mode) {
    char kind = 0, cmode[3];
    bool binary = false;
    int32_t i;
    FILE *f;
    OpenFile *of;
    SPY_ROOT(path);
    SPY_ROOT(mode);
    for (i = 0; i < mode->nbytes; i++) {
        char c = mode->utf8[i];
        if ((c == 'r' || c == 'w' || c == 'a') && kind == 0)
            kind = c;
        else if (c == 'b' && !binary)
            binary = true;
        else
            bad_mode(mode);
    }
    if (kind == 0)
        bad_mode(mode);
    cmode[0] = kind;
    cmode[1] = 'b';
    cmode[2] = '\0';
    f = spy__os_fopen(path, cmode);
    of = malloc(sizeof *of + (size_t)path->nbytes + 1);
    if (of == NULL) {
        fclose(f);
        spy_panic("MemoryError", "out of memory");
    }
    of->f = f;
    of->readable = kind == 'r';
    of->writable = kind != 'r';
    of->path_nbytes = path->nbytes;
    memcpy(of->path, path->utf8, (size_t)path->nbytes);
    of->path[path->nbytes] = '\0';
    return (int64_t)(intptr_t)of;
}

spy_Str *spy_file_read(int64_t h) {
    OpenFile *of = open_file(h);
    if (!of->readable)
        spy__os_error_msg(path_of(of), "not readable");
    return spy__os_read_all(of->f, path_of(of));
}

spy_Str *spy_file_readline(int64_t h) {
    OpenFile *of = open_file(h);
    ssize_t n;
    spy_Str *s;
    if (!of->readable)
        spy__os_error_msg(path_of(of), "not readable");
    errno = 0;
    n = getline(&line_buf, &line_cap, of->f);
    if (n < 0) {
        if (ferror(of->f))
            file_error(of, errno);
        if (!feof(of->f)) /* getline could not grow its buffer */
            spy_panic("MemoryError", "out of memory");
        return spy_str_from_cstr("");
    }
    s = spy_str_from_buffer(line_buf, (int64_t)n);
    if (line_cap > LINE_KEEP) {
        free(line_buf);
        line_buf = NULL;
        line_cap = 0;
    }
    return s;
}

void spy_file_write(int64_t h, spy_Str *s) {
    OpenFile *of = open_file(h);
    size_t n = (size_t)s->nbytes;
    if (!of->writable)
        spy__os_error_msg(path_of(of), "not writable");
    if (fwrite(s->utf8, 1, n, of->f) != n)
        file_error(of, errno);
}

/* frees the handle even when the final flush fails */
void spy_file_close(int64_t h) {
    OpenFile *of;
    spy_Str *path;
    int err;
    if (h == 0)
        return;
    of = (OpenFile *)(intptr_t)h;
    if (fclose(of->f) == 0) {
        free(of);
        return;
    }
    err = errno;
    path = path_of(of);
    free(of);
    spy__os_error(path, err);
}
