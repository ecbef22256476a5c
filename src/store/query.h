/* query.h: the filter -> SQL builder query.c shares with export.c (internal). */
#ifndef DY_STORE_QUERY_H
#define DY_STORE_QUERY_H
#include "store/impl.h"
#define QB_MAXP 32
typedef struct qparam { int is_int; long long v; char s[512]; } qparam;
typedef struct qbuild { dy_buf where; qparam p[QB_MAXP]; int np, bad; } qbuild;
/* The WHERE clause (over events e) for f; -1 with a message for a bad filter. */
int qb_filter(dy_store *s, qbuild *qb, const dy_filter *f, char *err, size_t errlen);
void qb_bind(qbuild *qb, dy_stmt *st);
void qb_free(qbuild *qb);
extern const char EVENT_SELECT[];
void event_row_read(dy_stmt *q, dy_event_row *r);
#endif
