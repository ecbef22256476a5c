/* files.c: see files.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <dirent.h>
#include "files.h"

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

void dy_list_free(char **list, int n)
{
    for (int i = 0; i < n; i++) free(list[i]);
    free(list);
}

int dy_list_txt(const char *dir, const char *const *skip, char ***out, char *err, size_t errlen)
{
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d) { snprintf(err, errlen, "%s: cannot open directory: %s", dir, strerror(errno)); return -1; }
    char **list = NULL;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".txt") != 0) continue;
        int skipped = 0;
        for (int i = 0; skip && skip[i]; i++) if (strcmp(de->d_name, skip[i]) == 0) skipped = 1;
        if (skipped) continue;
        char **nl = realloc(list, (size_t)(n + 1) * sizeof *nl);
        size_t pl = strlen(dir) + l + 2;
        char *p = nl ? malloc(pl) : NULL;
        if (!p) {   /* never a partial list: a missing file would be silent data loss */
            if (nl) list = nl;
            dy_list_free(list, n);
            closedir(d);
            snprintf(err, errlen, "%s: out of memory", dir);
            return -1;
        }
        list = nl;
        snprintf(p, pl, "%s/%s", dir, de->d_name);
        list[n++] = p;
    }
    closedir(d);
    if (n) qsort(list, (size_t)n, sizeof *list, cmpstr);
    *out = list;
    return n;
}
