/*
 * test_os.c -- the os module and file objects: a round trip of files and
 * directories in a fresh temp dir, the exact OSError messages, the path
 * helpers against CPython's posixpath (path_cases.inc), readline over
 * lines longer than any buffer, system/spawn exit statuses, os.exit.
 */
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>

#include "check.h"

typedef struct PathCase {
    const char *path, *dirname, *basename, *normpath, *abs_root, *abs_wd;
} PathCase;

typedef struct JoinCase {
    const char *a, *b, *joined;
} JoinCase;

#include "path_cases.inc"

#define NELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static char tmp_dir[PATH_MAX]; /* the fresh temp dir, as getcwd() sees it */

/* tmp_dir + "/" + name, as a str and as C text */
static const char *tpath_c(const char *name) {
    static char buf[PATH_MAX + 256];
    snprintf(buf, sizeof buf, "%s/%s", tmp_dir, name);
    return buf;
}

static spy_Str *tpath(const char *name) {
    return spy_str_from_cstr(tpath_c(name));
}

/* "OSError: " + tmp_dir + "/" + name + ": " + reason */
static const char *os_error(const char *name, const char *reason) {
    static char buf[PATH_MAX + 512];
    snprintf(buf, sizeof buf, "OSError: %s/%s: %s", tmp_dir, name, reason);
    return buf;
}

static spy_Str *S(const char *s) {
    return spy_str_from_cstr(s);
}

/* ===================================================================== */
/* Whole files and directories                                           */
/* ===================================================================== */

static void test_files(void) {
    spy_Str *a = tpath("a.txt"), *text, *big;
    FILE *f;
    CHECK(!spy_os_exists(a));
    spy_os_write_file(a, S("h\303\251llo\nworld"));
    CHECK(spy_os_exists(a));
    CHECK_STR_LEN(spy_os_read_file(a), "h\303\251llo\nworld", 11);
    spy_os_write_file(a, S("")); /* overwrites */
    CHECK_STR(spy_os_read_file(a), "");
    /* 1 MiB of non-ASCII text, bigger than any buffer guess */
    big = spy_str_mul(S("\342\202\254x\n"), 1 << 18);
    spy_os_write_file(a, big);
    text = spy_os_read_file(a);
    CHECK(spy_str_eq(text, big) && text->length == 3 << 18);
    /* bytes are kept as they are, invalid UTF-8 becomes U+FFFD */
    f = fopen(tpath_c("a.txt"), "wb");
    fputs("a\r\nb\377", f);
    fclose(f);
    CHECK_STR_LEN(spy_os_read_file(a), "a\r\nb\357\277\275", 5);
    spy_os_remove(a);
    CHECK(!spy_os_exists(a));

    spy_os_mkdir(tpath("sub"));
    CHECK(spy_os_exists(tpath("sub")));
    spy_os_write_file(tpath("sub/\303\251t\303\251"), S("x"));
    CHECK_STR(spy_os_read_file(tpath("sub/\303\251t\303\251")), "x");
    spy_os_remove(tpath("sub/\303\251t\303\251"));
    CHECK(rmdir(tpath_c("sub")) == 0);
    CHECK(!spy_os_exists(S("")));
    CHECK(!spy_os_exists(S("/nonexistent/\303\251")));
    CHECK(spy_os_exists(S("/")));
    CHECK(!spy_os_exists(spy_str_add(S("/"), spy_str_chr(0))));
}

static void test_errors(void) {
    spy_Str *nul = spy_str_add(tpath("x"), spy_str_chr(0));
    spy_os_write_file(tpath("file"), S("data"));
    spy_os_mkdir(tpath("dir"));
    CHECK_PANIC(spy_os_read_file(tpath("missing")),
                os_error("missing", "No such file or directory"));
    CHECK_PANIC(spy_os_read_file(tpath("dir")),
                os_error("dir", "Is a directory"));
    CHECK_PANIC(spy_os_write_file(tpath("dir"), S("x")),
                os_error("dir", "Is a directory"));
    CHECK_PANIC(spy_os_write_file(tpath("no/x"), S("x")),
                os_error("no/x", "No such file or directory"));
    CHECK_PANIC(spy_os_read_file(tpath("file/x")),
                os_error("file/x", "Not a directory"));
    CHECK_PANIC(spy_os_remove(tpath("missing")),
                os_error("missing", "No such file or directory"));
    CHECK_PANIC(spy_os_remove(tpath("dir")),
                os_error("dir", "Is a directory"));
    CHECK_PANIC(spy_os_mkdir(tpath("dir")), os_error("dir", "File exists"));
    CHECK_PANIC(spy_os_mkdir(tpath("file")), os_error("file", "File exists"));
    CHECK_PANIC(spy_os_mkdir(tpath("no/sub")),
                os_error("no/sub", "No such file or directory"));
    CHECK_PANIC(spy_os_read_file(S("")),
                "OSError: : No such file or directory");
    CHECK_PANIC(spy_os_read_file(nul), "ValueError: embedded null byte");
    CHECK_PANIC(spy_os_write_file(nul, S("")),
                "ValueError: embedded null byte");
    CHECK_PANIC(spy_os_mkdir(nul), "ValueError: embedded null byte");
    CHECK_PANIC(spy_os_remove(nul), "ValueError: embedded null byte");
    if (geteuid() != 0) { /* root may write anywhere */
        CHECK(chmod(tpath_c("dir"), 0500) == 0);
        CHECK_PANIC(spy_os_write_file(tpath("dir/x"), S("x")),
                    os_error("dir/x", "Permission denied"));
        CHECK(chmod(tpath_c("dir"), 0700) == 0);
    }
    spy_os_remove(tpath("file"));
    CHECK(rmdir(tpath_c("dir")) == 0);
}

static void test_env_and_cwd(void) {
    char here[PATH_MAX];
    CHECK(setenv("SPY_TEST_OS_VAR", "v\303\240l=1", 1) == 0);
    CHECK_STR_LEN(spy_os_getenv(S("SPY_TEST_OS_VAR")), "v\303\240l=1", 5);
    CHECK(setenv("SPY_TEST_OS_EMPTY", "", 1) == 0);
    CHECK_STR(spy_os_getenv(S("SPY_TEST_OS_EMPTY")), "");
    CHECK_STR(spy_os_getenv(S("SPY_TEST_OS_UNSET_VAR")), "");
    CHECK_STR(spy_os_getenv(S("SPY_TEST_OS_VAR=v")), "");
    CHECK_STR(spy_os_getenv(S("")), "");
    CHECK(getcwd(here, sizeof here) != NULL);
    CHECK(chdir(tmp_dir) == 0);
    CHECK_STR(spy_os_getcwd(), tmp_dir);
    CHECK(chdir(here) == 0);
    CHECK_STR(spy_os_getcwd(), here);
}

/* ===================================================================== */
/* Paths                                                                 */
/* ===================================================================== */

static void test_paths(void) {
    char here[PATH_MAX], want[PATH_MAX + 64];
    int i;
    for (i = 0; i < NELEMS(path_cases); i++) {
        const PathCase *c = &path_cases[i];
        spy_Str *p = S(c->path);
        CHECK_STR(spy_os_path_dirname(p), c->dirname);
        CHECK_STR(spy_os_path_basename(p), c->basename);
        CHECK_STR(spy_os_path_normpath(p), c->normpath);
    }
    for (i = 0; i < NELEMS(join_cases); i++) {
        const JoinCase *c = &join_cases[i];
        CHECK_STR(spy_os_path_join(S(c->a), S(c->b)), c->joined);
    }
    CHECK(getcwd(here, sizeof here) != NULL);
    CHECK(chdir("/") == 0);
    for (i = 0; i < NELEMS(path_cases); i++)
        CHECK_STR(spy_os_path_abspath(S(path_cases[i].path)),
                  path_cases[i].abs_root);
    spy_os_mkdir(tpath("w"));
    spy_os_mkdir(tpath("w/d"));
    CHECK(chdir(tpath_c("w/d")) == 0);
    for (i = 0; i < NELEMS(path_cases); i++) {
        const PathCase *c = &path_cases[i];
        if (c->path[0] == '/') { /* absolute: the cwd does not matter */
            CHECK_STR(spy_os_path_abspath(S(c->path)), c->abs_root);
        } else if (c->abs_wd != NULL) {
            snprintf(want, sizeof want, "%s%s", tmp_dir, c->abs_wd);
            CHECK_STR(spy_os_path_abspath(S(c->path)), want);
        }
    }
    CHECK(chdir(here) == 0);
    CHECK(rmdir(tpath_c("w/d")) == 0 && rmdir(tpath_c("w")) == 0);
}

/* ===================================================================== */
/* File objects                                                          */
/* ===================================================================== */

/* line k of the long-lines file: `lens[k]` characters, then "\n" */
static const int32_t line_lens[] = {0,     1,     4095,  4096,   4097,
                                    65535, 65536, 65537, 300000, 7};

static spy_Str *long_line(int k) {
    /* mixed widths, so byte and code point counts differ */
    spy_Str *unit = S(k % 2 ? "\303\251" : "a"), *s;
    s = spy_str_mul(unit, line_lens[k]);
    return spy_str_add(s, S("\n"));
}

static void test_file_objects(void) {
    spy_Str *p = tpath("lines.txt");
    char want[PATH_MAX + 64];
    int64_t h;
    int k, n = NELEMS(line_lens);
    h = spy_file_open(p, S("w"));
    CHECK(h != 0);
    for (k = 0; k < n; k++)
        spy_file_write(h, long_line(k));
    spy_file_write(h, S("no newline at the end"));
    spy_file_close(h);

    h = spy_file_open(p, S("r"));
    for (k = 0; k < n; k++) {
        spy_Str *got = spy_file_readline(h), *expect = long_line(k);
        CHECK(spy_str_eq(got, expect) && got->length == expect->length);
    }
    CHECK_STR(spy_file_readline(h), "no newline at the end");
    CHECK_STR(spy_file_readline(h), "");
    CHECK_STR(spy_file_readline(h), "");
    CHECK_STR(spy_file_read(h), "");
    spy_file_close(h);

    /* read() takes the rest, after readline() */
    h = spy_file_open(p, S("rb"));
    CHECK_STR(spy_file_readline(h), "\n");
    CHECK_STR(spy_file_readline(h), "\303\251\n");
    CHECK(spy_file_read(h)->length == spy_os_read_file(p)->length - 3);
    spy_file_close(h);

    /* "a" appends, "b" is accepted in either place */
    h = spy_file_open(p, S("bw"));
    spy_file_write(h, S("one\n"));
    spy_file_close(h);
    h = spy_file_open(p, S("a"));
    spy_file_write(h, S("two\n"));
    spy_file_write(h, S(""));
    spy_file_close(h);
    h = spy_file_open(p, S("ab"));
    spy_file_write(h, S("thr\303\251\303\251"));
    spy_file_close(h);
    h = spy_file_open(p, S("br"));
    CHECK_STR_LEN(spy_file_read(h), "one\ntwo\nthr\303\251\303\251", 13);
    spy_file_close(h);

    spy_file_close(0); /* a closed File: nothing to do */
    CHECK_PANIC(spy_file_open(p, S("x")), "ValueError: invalid mode: 'x'");
    CHECK_PANIC(spy_file_open(p, S("rw")), "ValueError: invalid mode: 'rw'");
    CHECK_PANIC(spy_file_open(p, S("r+")), "ValueError: invalid mode: 'r+'");
    CHECK_PANIC(spy_file_open(p, S("rbb")),
                "ValueError: invalid mode: 'rbb'");
    CHECK_PANIC(spy_file_open(p, S("b")), "ValueError: invalid mode: 'b'");
    CHECK_PANIC(spy_file_open(p, S("")), "ValueError: invalid mode: ''");
    CHECK_PANIC(spy_file_open(p, S("r\303\251")),
                "ValueError: invalid mode: 'r\303\251'");
    CHECK_PANIC(spy_file_open(tpath("missing"), S("r")),
                os_error("missing", "No such file or directory"));
    snprintf(want, sizeof want, "OSError: %s: Is a directory", tmp_dir);
    CHECK_PANIC(spy_file_open(S(tmp_dir), S("r")), want);
    CHECK_PANIC(spy_file_open(S(tmp_dir), S("w")), want);
    CHECK_PANIC(spy_file_read(0),
                "ValueError: I/O operation on closed file.");
    CHECK_PANIC(spy_file_readline(0),
                "ValueError: I/O operation on closed file.");
    CHECK_PANIC(spy_file_write(0, S("x")),
                "ValueError: I/O operation on closed file.");
    h = spy_file_open(p, S("w"));
    CHECK_PANIC(spy_file_read(h), os_error("lines.txt", "not readable"));
    CHECK_PANIC(spy_file_readline(h), os_error("lines.txt", "not readable"));
    spy_file_close(h);
    h = spy_file_open(p, S("r"));
    CHECK_PANIC(spy_file_write(h, S("x")),
                os_error("lines.txt", "not writable"));
    spy_file_close(h);
    spy_os_remove(p);
}

/* ===================================================================== */
/* Processes                                                             */
/* ===================================================================== */

static int32_t spawn(int32_t argc, const char *a0, const char *a1,
                     const char *a2) {
    spy_Str *argv[3];
    spy_ptr p;
    argv[0] = S(a0);
    argv[1] = a1 != NULL ? S(a1) : NULL;
    argv[2] = a2 != NULL ? S(a2) : NULL;
    p.p = argv;
    p.length = 3;
    return spy_os_spawn(p, argc);
}

/* Run `stmt` in a child whose stdout goes to a pipe; check the output and
   the exit status. */
#define CHECK_OUTPUT(stmt, want_out, want_status)                           \
    do {                                                                    \
        int fds_[2], status_;                                               \
        char buf_[256];                                                     \
        size_t len_ = 0;                                                    \
        ssize_t n_;                                                         \
        pid_t pid_;                                                         \
        spy_stdout_flush();                                                 \
        fflush(stdout);                                                     \
        CHECK(pipe(fds_) == 0);                                             \
        pid_ = fork();                                                      \
        if (pid_ == 0) {                                                    \
            close(fds_[0]);                                                 \
            dup2(fds_[1], 1);                                               \
            stmt;                                                           \
            spy_stdout_flush();                                             \
            _exit(0);                                                       \
        }                                                                   \
        close(fds_[1]);                                                     \
        while ((n_ = read(fds_[0], buf_ + len_, sizeof buf_ - 1 - len_)) > \
               0)                                                           \
            len_ += (size_t)n_;                                             \
        buf_[len_] = '\0';                                                  \
        close(fds_[0]);                                                     \
        waitpid(pid_, &status_, 0);                                         \
        CHECK(strcmp(buf_, want_out) == 0);                                 \
        CHECK(WIFEXITED(status_) && WEXITSTATUS(status_) == want_status);   \
    } while (0)

static void test_processes(void) {
    spy_ptr null_argv = {NULL, 0}, nul_ptr;
    spy_Str *nul_argv[2];
    nul_ptr.p = nul_argv;
    nul_ptr.length = 2;
    CHECK(spy_os_system(S("exit 0")) == 0);
    CHECK(spy_os_system(S("exit 5")) == 5);
    CHECK(spy_os_system(S("exit 255")) == 255);
    CHECK(spy_os_system(S("kill -TERM $$")) == 128 + 15);
    CHECK(spy_os_system(S("no-such-program-spy 2>/dev/null")) == 127);
    CHECK(spawn(3, "/bin/sh", "-c", "exit 3") == 3);
    CHECK(spawn(3, "sh", "-c", "exit 0") == 0); /* found in PATH */
    CHECK(spawn(3, "sh", "-c", "kill -KILL $$") == 128 + 9);
    CHECK(spawn(1, "true", NULL, NULL) == 0);
    CHECK(spawn(1, "no-such-program-spy", NULL, NULL) == 127);
    CHECK(spawn(1, "/no/such/program", NULL, NULL) == 127);
    spy_os_write_file(tpath("script"), S("#!/bin/sh\nexit 4\n"));
    CHECK(spawn(1, tpath_c("script"), NULL, NULL) == 126); /* not +x */
    CHECK(chmod(tpath_c("script"), 0700) == 0);
    CHECK(spawn(1, tpath_c("script"), NULL, NULL) == 4);
    spy_os_remove(tpath("script"));
    CHECK(spawn(1, tmp_dir, NULL, NULL) == 126); /* a directory */
    CHECK_PANIC(spawn(0, "true", NULL, NULL),
                "ValueError: spawn() argv must not be empty");
    CHECK_PANIC(spawn(4, "true", "a", "b"),
                "IndexError: pointer index out of range");
    CHECK_PANIC(spy_os_system(spy_str_add(S("true"), spy_str_chr(0))),
                "ValueError: embedded null byte");
    CHECK_PANIC(spy_os_spawn(null_argv, 1),
                "IndexError: pointer index out of range");
    nul_argv[0] = S("echo");
    nul_argv[1] = spy_str_add(S("a"), spy_str_chr(0));
    CHECK_PANIC(spy_os_spawn(nul_ptr, 2), "ValueError: embedded null byte");

    /* libspy's stdout is flushed first, so output keeps program order */
    CHECK_OUTPUT((spy_stdout_write_cstr("A\n"), spy_os_system(S("echo B")),
                  spy_stdout_write_cstr("C\n"),
                  spawn(2, "echo", "D", NULL), spy_stdout_write_cstr("E\n")),
                 "A\nB\nC\nD\nE\n", 0);
    /* exit flushes stdout */
    CHECK_OUTPUT((spy_stdout_write_cstr("bye\n"), spy_os_exit(7)), "bye\n",
                 7);
    CHECK_OUTPUT(spy_os_exit(0), "", 0);
}

/* ===================================================================== */
/* Main                                                                  */
/* ===================================================================== */

static int32_t run(void) {
    const char *base = getenv("TMPDIR");
    char templ[PATH_MAX];
    snprintf(templ, sizeof templ, "%s/spy_test_os.XXXXXX",
             base != NULL && base[0] != '\0' ? base : "/tmp");
    if (mkdtemp(templ) == NULL || realpath(templ, tmp_dir) == NULL) {
        perror("test_os: mkdtemp");
        return 2;
    }
    test_files();
    test_errors();
    test_env_and_cwd();
    test_paths();
    test_file_objects();
    test_processes();
    CHECK(rmdir(tmp_dir) == 0); /* everything was removed */
    return check_report("test_os");
}

int main(int argc, char **argv) {
    return spy_runtime_main(argc, argv, run);
}
