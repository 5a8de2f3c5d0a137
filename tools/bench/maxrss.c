/* maxrss.c -- run a command, report its wall time and peak resident set size.

   usage: maxrss REPORT PROGRAM [ARG...]

   Runs PROGRAM with its arguments (searched in $PATH), waits for it, writes
   "SECONDS MAXRSS" to the file REPORT and exits with the program's status,
   or 128 + N when signal N killed it.  MAXRSS is ru_maxrss from wait4, as
   the system gives it: KiB on Linux, bytes on macOS.

   tools/bench/run.py starts every benchmark through this program instead of
   reading the rusage of its own children, because Linux keeps a process's
   peak RSS across exec: a child forked from the Python runner starts with
   the runner's RSS (some 15 MiB) and a small program would show that much.
   Forked from this small process it starts from about 1 MiB, as under
   /usr/bin/time -v. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: maxrss REPORT PROGRAM [ARG...]\n");
        return 2;
    }
    double start = now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("maxrss: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    int status;
    struct rusage usage;
    if (wait4(pid, &status, 0, &usage) < 0) {
        perror("maxrss: wait4");
        return 2;
    }
    double elapsed = now() - start;
    FILE *report = fopen(argv[1], "w");
    if (report == NULL) {
        perror(argv[1]);
        return 2;
    }
    fprintf(report, "%.6f %ld\n", elapsed, (long)usage.ru_maxrss);
    if (fclose(report) != 0) {
        perror(argv[1]);
        return 2;
    }
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
