/* impl.h: what the store's layers share and nobody outside src/store sees. */
#ifndef DY_STORE_IMPL_H
#define DY_STORE_IMPL_H
#include "store/store.h"
#include "store/backend.h"
#include "core/buf.h"

struct dy_store {
    dy_db *db;
    int readonly;
    dy_merge_rule rule;
    int parts[256], nparts;     /* PostgreSQL: months (YYYYMM) whose partitions exist (committed) */
    int newparts[256], nnew;    /* created in the open transaction */
};

/* Report the database's last error into err. */
static inline int store_fail(dy_store *s, char *err, size_t errlen, int status)
{
    snprintf(err, errlen, "%s", s->db->err);
    return status;
}
int store_begin(dy_store *s);
int store_commit(dy_store *s);
void store_rollback(dy_store *s);
/* PostgreSQL: make sure the monthly partitions of events and mentions for day exist. */
int store_ensure_partition(dy_store *s, int day, char *err, size_t errlen);
int store_save_rule(dy_store *s, const dy_merge_rule *r);

/* util.c */
/* The merge key of a mention under rule r, into out: "SRC|TGT|ACTION|N" */
void store_mkey(const dy_merge_rule *r, const char *src, const char *tgt, const char *cameo, const char *mode,
                char *out, size_t cap);
/* An actor's parts (dyad.h's dy_actor_parts) as GDELT's eight fields, stored
 * as one text "country|group|ethnic|rel1|rel2|type1|type2|type3". */
void store_parts_text(const dy_actor_parts *p, char *out, size_t cap);
typedef struct store_parts { char f[8][8]; } store_parts;
void store_parts_parse(const char *s, store_parts *o);
long long store_now_stamp(void);   /* UTC YYYYMMDDHHMMSS */

/* A small binary record format for what a worker hands the sink:
 * [u32 length][bytes] fields; put and get in the same order. */
void ser_str(dy_buf *b, const char *s, size_t n);
void ser_int(dy_buf *b, long long v);
void ser_dbl(dy_buf *b, double v);
typedef struct ser_rd { const char *p, *end; int bad; } ser_rd;
const char *ser_get_str(ser_rd *r, size_t *n);   /* NUL-terminated copy not made: points into the buffer */
long long ser_get_int(ser_rd *r);
double ser_get_dbl(ser_rd *r);

/* merge.c: re-merge the mentions of key in days [lo, hi] (expanded to whole
 * components); inside the caller's transaction. */
typedef struct merge_ctx merge_ctx;
merge_ctx *merge_new(dy_store *s);
void merge_free(merge_ctx *m);
/* Note that key had (or now has) a mention at day. */
int merge_touch(merge_ctx *m, const char *key, int day);
/* Note that key's mentions in days [lo, hi] must be re-merged. */
int merge_touch_range(merge_ctx *m, const char *key, int lo, int hi);
/* Re-merge every touched key; 0 or -1 (s->db->err). */
int merge_run(merge_ctx *m);
#endif
