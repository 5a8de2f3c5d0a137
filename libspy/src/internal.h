/*
 * internal.h -- what the libspy source files share and generated code
 * never sees.  One section per file.
 */
#ifndef SPY_INTERNAL_H
#define SPY_INTERNAL_H

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

#endif /* SPY_INTERNAL_H */
