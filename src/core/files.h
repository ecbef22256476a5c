/* files.h: the *.txt files of a dictionary or test directory, in a stable
 * (sorted) order, so loading a directory gives the same result everywhere. */
#ifndef DY_FILES_H
#define DY_FILES_H
#include <stddef.h>

/* Full paths of the *.txt files in dir, sorted, leaving out the file names in
 * skip (NULL-terminated, may be NULL).  Returns the count (list in *out, free
 * with dy_list_free), or -1 with "dir: message" in err. */
int  dy_list_txt(const char *dir, const char *const *skip, char ***out, char *err, size_t errlen);
void dy_list_free(char **list, int n);
#endif
