/*
 * internal.h -- what the libspy source files share and generated code
 * never sees.  One section per file.
 */
#ifndef SPY_INTERNAL_H
#define SPY_INTERNAL_H

#include <stdio.h>

#include "spy.h"

/* str.c */

/* A heap str with room for nbytes bytes plus the NUL (already written);
   the caller fills the bytes, `length` and `is_ascii`. */
spy_Str *spy__str_alloc(int32_t nbytes);
/* A str of known length and ASCII-ness, copied from bytes. */
spy_Str *spy__str_make(const char *bytes, int32_t nbytes, int32_t length,
                       int32_t is_ascii);
extern spy_Str spy__str_empty;

/* format.c */

#define SPY__F64_BUFSIZE 32
/* repr(float) into buf (at least SPY__F64_BUFSIZE bytes); returns length */
int spy__format_f64(double v, char *buf);

/* panic.c */

/* Remember the stack base (to tell stack overflow from other crashes) and
   install the handlers for fatal signals. */
void spy__panic_init(void *stack_base);
/* the traceback of the pending exception, outermost first, as a panic
   prints it; once (it takes the frames apart) */
void spy__exc_print_traceback(FILE *f);
/* the stack address below which a checked recursion (spy.h,
   SPY_STACK_CHECK) raises RecursionError */
extern char *spy__stack_limit;

/* runtime.c */

/* What starts the runtime, for a program and for a host: the collector,
   with the stack from `stack_base` down (SPY_GC_STRESS), and statistics
   at exit (SPY_GC_STATS). */
void spy__runtime_start(void *stack_base);

/* gc.c */

/* the bottom of the stack the collector scans, from now on */
void spy__gc_set_stack_base(void *stack_base);

/* os.c */

/* panic "OSError: <path>: <strerror(err)>" */
SPY_NORETURN void spy__os_error(spy_Str *path, int err);
/* panic "OSError: <path>: <reason>" */
SPY_NORETURN void spy__os_error_msg(spy_Str *path, const char *reason);
/* path->utf8, after checking that it holds no NUL (ValueError) */
const char *spy__os_cpath(spy_Str *path);
/* fopen, or OSError; a directory opened for reading is EISDIR, at once */
FILE *spy__os_fopen(spy_Str *path, const char *cmode);
/* the rest of f as a str; errors name `path` */
spy_Str *spy__os_read_all(FILE *f, spy_Str *path);

#endif /* SPY_INTERNAL_H */
