/*
 * os.c -- SPy's os module: environment, whole-file I/O, processes, and
 * the path helpers of Python's posixpath.
 *
 * Every I/O error panics "OSError: <path>: <strerror(errno)>".  A str is
 * passed to the C library as its NUL-terminated UTF-8, so one holding a
 * NUL byte is refused first (ValueError "embedded null byte", as Python).
 * Before another process runs, libspy's stdout buffer and every C stream
 * are flushed, so output appears in program order.
 *
 * The path helpers work on bytes: '/' is ASCII and never part of a longer
 * UTF-8 sequence, so cutting at slashes keeps the text valid.
 */
#define _POSIX_C_SOURCE 200809L /* fork, waitpid, getcwd, mkdir, stat */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#if !defined(__wasi__)
#include <sys/wait.h>
#endif
#include <unistd.h>

#include "internal.h"

/* ===================================================================== */
/* Errors and shared helpers                                             */
/* ===================================================================== */

void spy__os_error_msg(spy_Str *path, const char *reason) {
    spy_Str *msg;
    SPY_ROOT(path);
    msg = spy_str_add(path, spy_str_from_cstr(": "));
    SPY_ROOT(msg);
    spy_panic_str("OSError", spy_str_add(msg, spy_str_from_cstr(reason)));
}

void spy__os_error(spy_Str *path, int err) {
    spy__os_error_msg(path, strerror(err));
}

#if defined(__wasi__)
/* WASI has no current folder: the runner names its own in $PWD, and the
   first use of a path goes there, so that relative paths mean what they
   mean natively (not at start-up: a program that touches no file links
   no chdir) */
static void enter_pwd(void) {
    static bool entered;
    const char *pwd = getenv("PWD");
    if (!entered && pwd != NULL && pwd[0] == '/')
        (void)chdir(pwd);
    entered = true;
}
#else
static void enter_pwd(void) {}
#endif

const char *spy__os_cpath(spy_Str *path) {
    enter_pwd();
    if (memchr(path->utf8, '\0', (size_t)path->nbytes) != NULL)
        spy_panic("ValueError", "embedded null byte");
    return spy_str_cstr(path);
}

FILE *spy__os_fopen(spy_Str *path, const char *cmode) {
    FILE *f;
    struct stat st;
    SPY_ROOT(path);
    f = fopen(spy__os_cpath(path), cmode);
    if (f == NULL)
        spy__os_error(path, errno);
    /* fopen(dir, "r") succeeds on Linux; Python's open() refuses it */
    if (cmode[0] == 'r' && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        spy__os_error(path, EISDIR);
    }
    return f;
}

spy_Str *spy__os_read_all(FILE *f, spy_Str *path) {
    size_t cap = 1 << 12, len = 0;
    struct stat st;
    char *buf, *bigger;
    spy_Str *s;
    SPY_ROOT(path);
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        cap = (size_t)st.st_size + 1; /* + 1: see EOF without growing */
    buf = malloc(cap);
    if (buf == NULL)
        spy_panic("MemoryError", "out of memory");
    for (;;) {
        len += fread(buf + len, 1, cap - len, f);
        if (ferror(f))
            spy__os_error(path, errno);
        if (len < cap) /* no error, so end of file */
            break;
        if (cap > (size_t)INT32_MAX)
            spy_panic("MemoryError", "");
        bigger = realloc(buf, cap * 2);
        if (bigger == NULL)
            spy_panic("MemoryError", "out of memory");
        buf = bigger;
        cap *= 2;
    }
    s = spy_str_from_buffer(buf, (int64_t)len);
    free(buf);
    return s;
}

#if !defined(__wasi__)
/* the C streams too: a child may read a file this program writes */
static void flush_all(void) {
    spy_stdout_flush();
    fflush(NULL);
}

/* a wait status as a shell reports it */
static int32_t exit_status(int status) {
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return status;
}
#endif

/* ===================================================================== */
/* Environment, files, processes                                         */
/* ===================================================================== */

spy_Str *spy_os_getenv(spy_Str *name) {
    const char *v;
    /* C's getenv("A=B") would find "A=B=1", which Python reads as A */
    if (memchr(name->utf8, '=', (size_t)name->nbytes) != NULL)
        return spy_str_from_cstr("");
    v = getenv(spy__os_cpath(name));
    return spy_str_from_cstr(v != NULL ? v : "");
}

spy_Str *spy_os_read_file(spy_Str *path) {
    FILE *f;
    spy_Str *s;
    SPY_ROOT(path);
    f = spy__os_fopen(path, "rb");
    s = spy__os_read_all(f, path);
    fclose(f);
    return s;
}

void spy_os_write_file(spy_Str *path, spy_Str *text) {
    FILE *f;
    size_t n = (size_t)text->nbytes;
    SPY_ROOT(path);
    SPY_ROOT(text);
    f = spy__os_fopen(path, "wb");
    if (fwrite(text->utf8, 1, n, f) != n) {
        int err = errno;
        fclose(f);
        spy__os_error(path, err);
    }
    if (fclose(f) != 0) /* where a full disk shows up */
        spy__os_error(path, errno);
}

/* false on any error, and for a path holding NUL, like Python */
static bool stat_path(spy_Str *path, struct stat *st) {
    if (memchr(path->utf8, '\0', (size_t)path->nbytes) != NULL)
        return false;
    enter_pwd();
    return stat(spy_str_cstr(path), st) == 0;
}

bool spy_os_exists(spy_Str *path) {
    struct stat st;
    return stat_path(path, &st);
}

bool spy_os_isfile(spy_Str *path) {
    struct stat st;
    return stat_path(path, &st) && S_ISREG(st.st_mode);
}

bool spy_os_isdir(spy_Str *path) {
    struct stat st;
    return stat_path(path, &st) && S_ISDIR(st.st_mode);
}

/* the first regular file `name` in the directories of $PATH, as execvp
   looks for it: its path in buf */
static bool find_in_path(const char *name, char *buf, size_t size) {
    const char *dir = getenv("PATH"), *end;
    struct stat st;
    if (dir == NULL)
        dir = "/bin:/usr/bin"; /* execvp's default */
    for (;; dir = end + 1) {
        int len;
        end = strchr(dir, ':');
        if (end == NULL)
            end = dir + strlen(dir);
        len = (int)(end - dir); /* "" is the current directory */
        snprintf(buf, size, "%.*s%s%s", len, dir, len > 0 ? "/" : "", name);
        if (stat(buf, &st) == 0 && S_ISREG(st.st_mode))
            return true;
        if (*end == '\0')
            return false;
    }
}

/* /proc/self/exe where there is one; else argv[0], made absolute, or
   looked up on $PATH as the shell did */
spy_Str *spy_os_executable(void) {
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    const char *arg0 = spy_runtime_argv(0);
    if (n > 0) {
        buf[n] = '\0';
        return spy_str_from_cstr(buf);
    }
    if (arg0 == NULL)
        return spy_str_from_cstr("");
    if (strchr(arg0, '/') == NULL && find_in_path(arg0, buf, sizeof buf))
        return spy_os_path_abspath(spy_str_from_cstr(buf));
    return spy_os_path_abspath(spy_str_from_cstr(arg0));
}

void spy_os_write_stdout(spy_Str *text) { spy_stdout_write(text); }

void spy_os_write_stderr(spy_Str *text) {
    spy_stdout_flush();
    fwrite(text->utf8, 1, (size_t)text->nbytes, stderr);
    fflush(stderr);
}

#if defined(__wasi__)

/* WASI (preview 1) has no processes */
static int32_t no_processes(void) {
    spy_panic("OSError", "WASI cannot start processes");
}

int32_t spy_os_system(spy_Str *cmd) {
    (void)cmd;
    return no_processes();
}

int32_t spy_os_spawn(spy_ptr argv, int32_t argc) {
    (void)argv;
    (void)argc;
    return no_processes();
}

int32_t spy_os_spawn_stderr_to(spy_ptr argv, int32_t argc,
                               spy_Str *stderr_path) {
    (void)argv;
    (void)argc;
    (void)stderr_path;
    return no_processes();
}

#else

int32_t spy_os_system(spy_Str *cmd) {
    const char *c = spy__os_cpath(cmd);
    int status;
    flush_all();
    status = system(c);
    if (status == -1)
        spy__os_error(cmd, errno);
    return exit_status(status);
}

static bool in_path(const char *name) {
    char buf[4096];
    return find_in_path(name, buf, sizeof buf);
}

/* Like a shell: 127 for "not found", 126 for "found, cannot run".  execvp
   also fails with EACCES when it only met a PATH directory it may not
   search: that is "not found" too. */
static int exec_failure_status(const char *name, int err) {
    if (err == ENOENT || err == ENOTDIR)
        return 127;
    if (err == EACCES && strchr(name, '/') == NULL && !in_path(name))
        return 127;
    return 126;
}

/* fork and exec argv; in the child, stderr goes to stderr_path when it is
   not NULL (created or truncated) */
static int32_t spawn(spy_ptr argv, int32_t argc, const char *stderr_path) {
    spy_Str **items = argv.p;
    char **cargv;
    pid_t pid;
    int32_t i;
    int status;
    if (argc < 1)
        spy_panic("ValueError", "spawn() argv must not be empty");
    spy_ptr_check(argc - 1, argv.length);
    cargv = malloc(((size_t)argc + 1) * sizeof *cargv);
    if (cargv == NULL)
        spy_panic("MemoryError", "out of memory");
    for (i = 0; i < argc; i++) /* the list keeps the strs alive */
        cargv[i] = (char *)spy__os_cpath(items[i]);
    cargv[argc] = NULL;
    flush_all();
    pid = fork();
    if (pid == 0) {
        if (stderr_path != NULL) {
            int fd = open(stderr_path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
            if (fd < 0 || dup2(fd, 2) < 0)
                _exit(126);
            close(fd);
        }
        execvp(cargv[0], cargv);
        _exit(exec_failure_status(cargv[0], errno));
    }
    free(cargv);
    if (pid < 0)
        spy__os_error(items[0], errno);
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            spy__os_error(items[0], errno);
    }
    return exit_status(status);
}

int32_t spy_os_spawn(spy_ptr argv, int32_t argc) {
    return spawn(argv, argc, NULL);
}

int32_t spy_os_spawn_stderr_to(spy_ptr argv, int32_t argc,
                               spy_Str *stderr_path) {
    return spawn(argv, argc, spy__os_cpath(stderr_path));
}

#endif

/* exit() runs the runtime's atexit handler (flush, GC stats) and closes
   the open files */
void spy_os_exit(int32_t code) {
    spy_stdout_flush();
    exit((int)code);
}

void spy_os_remove(spy_Str *path) {
    SPY_ROOT(path);
    if (unlink(spy__os_cpath(path)) != 0)
        spy__os_error(path, errno);
}

void spy_os_mkdir(spy_Str *path) {
    SPY_ROOT(path);
    if (mkdir(spy__os_cpath(path), 0777) != 0)
        spy__os_error(path, errno);
}

bool spy_os_mkdir_new(spy_Str *path) {
    SPY_ROOT(path);
    if (mkdir(spy__os_cpath(path), 0777) == 0)
        return true;
    if (errno != EEXIST)
        spy__os_error(path, errno);
    return false;
}

void spy_os_rename(spy_Str *src, spy_Str *dst) {
    const char *from;
    SPY_ROOT(src);
    SPY_ROOT(dst);
    from = spy__os_cpath(src);
    SPY_ROOT(from);
    if (rename(from, spy__os_cpath(dst)) != 0)
        spy__os_error(src, errno);
}

int64_t spy_os_file_hash(spy_Str *path) {
    uint64_t h = 14695981039346656037u;
    unsigned char buf[65536];
    size_t n, i;
    FILE *f;
    SPY_ROOT(path);
    f = fopen(spy__os_cpath(path), "rb");
    if (f == NULL)
        spy__os_error(path, errno);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        for (i = 0; i < n; i++)
            h = (h ^ buf[i]) * 1099511628211u;
    fclose(f);
    return (int64_t)h;
}

spy_Str *spy_os_getcwd(void) {
    size_t cap = 256;
    enter_pwd();
    for (;;) {
        char *buf = malloc(cap);
        spy_Str *s;
        if (buf == NULL)
            spy_panic("MemoryError", "out of memory");
        if (getcwd(buf, cap) != NULL) {
            s = spy_str_from_cstr(buf);
            free(buf);
            return s;
        }
        free(buf);
        if (errno != ERANGE)
            spy__os_error(spy_str_from_cstr("getcwd"), errno);
        cap *= 2;
    }
}

/* ===================================================================== */
/* Paths: Python's posixpath                                             */
/* ===================================================================== */

/* bytes taken from s (cut at slashes) as a str */
static spy_Str *str_like(spy_Str *s, const char *bytes, int32_t nbytes) {
    if (nbytes == s->nbytes && bytes == s->utf8)
        return s;
    if (s->is_ascii)
        return spy__str_make(bytes, nbytes, nbytes, 1);
    return spy_str_from_utf8(bytes, nbytes);
}

/* the index just past the last '/' of s, 0 if none */
static int32_t after_last_slash(spy_Str *s) {
    int32_t i = s->nbytes;
    while (i > 0 && s->utf8[i - 1] != '/')
        i--;
    return i;
}

/* join(a, b): b if absolute, else a + "/" + b, without doubling a '/' */
spy_Str *spy_os_path_join(spy_Str *a, spy_Str *b) {
    spy_Str *s;
    char *out;
    SPY_ROOT(a);
    SPY_ROOT(b);
    if (b->nbytes > 0 && b->utf8[0] == '/')
        return b;
    if (a->nbytes == 0 || a->utf8[a->nbytes - 1] == '/')
        return spy_str_add(a, b);
    if ((int64_t)a->nbytes + 1 + b->nbytes > INT32_MAX)
        spy_panic("MemoryError", "");
    s = spy__str_alloc(a->nbytes + 1 + b->nbytes);
    out = (char *)s->utf8;
    memcpy(out, a->utf8, (size_t)a->nbytes);
    out[a->nbytes] = '/';
    memcpy(out + a->nbytes + 1, b->utf8, (size_t)b->nbytes);
    s->length = a->length + 1 + b->length;
    s->is_ascii = a->is_ascii && b->is_ascii;
    return s;
}

/* everything up to the last '/', without trailing slashes unless the
   head is all slashes */
spy_Str *spy_os_path_dirname(spy_Str *p) {
    int32_t n = after_last_slash(p), k = n;
    while (k > 0 && p->utf8[k - 1] == '/')
        k--;
    if (k > 0)
        n = k;
    return str_like(p, p->utf8, n);
}

spy_Str *spy_os_path_basename(spy_Str *p) {
    int32_t i = after_last_slash(p);
    return str_like(p, p->utf8 + i, p->nbytes - i);
}

/* Drop "" and "." components, let ".." eat the one before it (never the
   root, and only a name that is not ".." itself), keep exactly two
   leading slashes (POSIX leaves their meaning to the system) but fold
   three or more into one; "" becomes ".". */
spy_Str *spy_os_path_normpath(spy_Str *p) {
    const char *t = p->utf8;
    int32_t n = p->nbytes, i = 0, ncomps = 0, len = 0, k, initial = 0;
    int32_t *comps; /* start and length of each kept component */
    char *out;
    spy_Str *s;
    SPY_ROOT(p);
    if (n == 0)
        return spy_str_from_cstr(".");
    if (t[0] == '/')
        initial = n > 1 && t[1] == '/' && !(n > 2 && t[2] == '/') ? 2 : 1;
    comps = malloc(((size_t)n / 2 + 1) * 2 * sizeof *comps);
    out = malloc((size_t)n + 1);
    if (comps == NULL || out == NULL)
        spy_panic("MemoryError", "out of memory");
    while (i <= n) {
        int32_t start = i, clen;
        while (i < n && t[i] != '/')
            i++;
        clen = i - start;
        i++; /* past the '/' (or the end) */
        if (clen == 0 || (clen == 1 && t[start] == '.'))
            continue;
        if (clen == 2 && t[start] == '.' && t[start + 1] == '.') {
            bool top_is_dotdot =
                ncomps > 0 && comps[2 * ncomps - 1] == 2 &&
                memcmp(t + comps[2 * ncomps - 2], "..", 2) == 0;
            if (ncomps > 0 && !top_is_dotdot) {
                ncomps--;
                continue;
            }
            if (initial > 0) /* "/.." is "/" */
                continue;
        }
        comps[2 * ncomps] = start;
        comps[2 * ncomps + 1] = clen;
        ncomps++;
    }
    for (k = 0; k < initial; k++)
        out[len++] = '/';
    for (k = 0; k < ncomps; k++) {
        if (k > 0)
            out[len++] = '/';
        memcpy(out + len, t + comps[2 * k], (size_t)comps[2 * k + 1]);
        len += comps[2 * k + 1];
    }
    if (len == 0)
        out[len++] = '.';
    s = str_like(p, out, len);
    free(comps);
    free(out);
    return s;
}

spy_Str *spy_os_path_abspath(spy_Str *p) {
    if (p->nbytes > 0 && p->utf8[0] == '/')
        return spy_os_path_normpath(p);
    return spy_os_path_normpath(spy_os_path_join(spy_os_getcwd(), p));
}
