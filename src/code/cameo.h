/* cameo.h: stage 7a, the CAMEO event code table (data/cameo/codes.txt):
 * code -> Goldstein score, PLOVER type, name; root and QuadClass derived.
 * QuadClass: 1 verbal cooperation (01-05), 2 material cooperation (06-09),
 * 3 verbal conflict (10-14), 4 material conflict (15-20). */
#ifndef DY_CAMEO_H
#define DY_CAMEO_H
#include "core/hash.h"

typedef struct dy_cameo_code {
    char code[6];
    char plover[16];        /* "" when PLOVER has no type (01x, 02x) */
    float goldstein;
    const char *name;
} dy_cameo_code;

typedef struct dy_cameo {
    dy_cameo_code *c; int n, cap;
    dy_hmap index;
    dy_arena mem;
} dy_cameo;

int  dy_cameo_load(dy_cameo *t, const char *path, char *err, size_t errlen);
void dy_cameo_free(dy_cameo *t);
/* The entry for a code (exact, else its 3-digit parent, else its root); NULL if none. */
const dy_cameo_code *dy_cameo_get(const dy_cameo *t, const char *code);
/* QuadClass of a code from its root (0 when the root is not 01-20). */
int dy_cameo_quad(const char *code);
#endif
