/* datadir.c: find the data directory (see datadir.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/datadir.h"

#ifndef DYAD_DATADIR
#define DYAD_DATADIR "data"
#endif

static int has_codes(const char *dir)
{
    char p[4096];
    if ((size_t)snprintf(p, sizeof p, "%s/cameo/codes.txt", dir) >= sizeof p) return 0;
    return access(p, R_OK) == 0;
}

const char *dy_default_datadir(char *out, size_t n)
{
    const char *env = getenv("DYAD_DATA");
    if (env && *env) { snprintf(out, n, "%s", env); return out; }
    if (has_codes("data")) { snprintf(out, n, "data"); return out; }
    char exe[4096];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        exe[k] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;     /* the executable's directory */
            static const char *const rel[] = { "/../share/dyad", "/../data" };
            for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
                char cand[4096 + 32];
                snprintf(cand, sizeof cand, "%s%s", exe, rel[i]);
                if (has_codes(cand)) {
                    char *real = realpath(cand, NULL);
                    snprintf(out, n, "%s", real ? real : cand);
                    free(real);
                    return out;
                }
            }
        }
    }
    snprintf(out, n, "%s", DYAD_DATADIR);
    return out;
}
