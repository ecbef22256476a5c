/* eval_common.h: checks shared by the eval runners (internal to src/eval). */
#ifndef DY_EVAL_COMMON_H
#define DY_EVAL_COMMON_H
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* The suite exists and is a regular file or a directory: 0, or -1 with
 * "dyad eval: SUITE: reason" on stderr (never a message about a file the
 * runner would have looked for next to it). */
static inline int eval_suite_readable(const char *suite)
{
    struct stat st;
    if (stat(suite, &st) != 0) { fprintf(stderr, "dyad eval: %s: cannot open: %s\n", suite, strerror(errno)); return -1; }
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "dyad eval: %s: not a regular file or directory\n", suite);
        return -1;
    }
    return 0;
}
#endif
