/* files.h: reading dictionary and test files: the files of a directory in a
 * stable (sorted) order, so loading a directory gives the same result
 * everywhere, and a whole file read into memory once (a pipe such as
 * `--dict <(printf ...)` can be read only once: the format sniffer and the
 * loader both work on the same bytes). */
#ifndef DY_FILES_H
#define DY_FILES_H
#include <stddef.h>

/* Full paths of the *.txt files in dir, sorted, leaving out the file names in
 * skip (NULL-terminated, may be NULL).  Only regular files are listed: an
 * entry ending in .txt that is not one (a FIFO, a socket, a directory) is an
 * error, never opened (a FIFO would block forever).  Returns the count (list
 * in *out, free with dy_list_free), or -1 with "dir: message" in err. */
int  dy_list_txt(const char *dir, const char *const *skip, char ***out, char *err, size_t errlen);
/* The same for the file names ending in any of exts (NULL-terminated, e.g.
 * ".txt", ".verbs"); subdirectories are left out (not an error). */
int  dy_list_files(const char *dir, const char *const *exts, const char *const *skip, char ***out,
                   char *err, size_t errlen);
void dy_list_free(char **list, int n);

/* How long dy_read_file waits for data from a FIFO or pipe, in milliseconds:
 * $DYAD_READ_TIMEOUT (seconds, may be fractional) or 10 s. */
int  dy_read_timeout_ms(void);
/* Read the whole file at path into *buf (NUL-terminated; the caller frees it)
 * and its length into *len.  A regular file is read directly.  Anything else
 * (a FIFO, a pipe from `<(...)`, a terminal) only when explicit is 1, the user
 * having named it, and then with at most timeout_ms between chunks of data:
 * "timed out" instead of blocking forever on a FIFO nobody writes to.  Files
 * larger than max bytes (0 = 1 GiB) are refused.  Returns 0, or -1 with
 * "path: message" in err. */
int  dy_read_file(const char *path, int explicit, int timeout_ms, size_t max, char **buf, size_t *len,
                  char *err, size_t errlen);
/* Copy s[0..n) into out (cap bytes, NUL-terminated) with every byte that is
 * not printable ASCII or part of valid UTF-8 written as \xHH, so an error
 * message quoting a file never sends control characters or terminal escapes
 * to the terminal.  Returns out. */
char *dy_escape(const char *s, size_t n, char *out, size_t cap);
#endif
