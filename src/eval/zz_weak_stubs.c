/* zz_weak_stubs.c: TEMPORARY weak fallbacks for eval runners still being written
 * (eval_tabari.c, eval_petrarch.c define the real ones; strong symbols win). */
#include "eval.h"
__attribute__((weak)) int dy_eval_tabari(const dy_eval_opts *o, FILE *out) { (void)o; fprintf(out, "TABARI suite runner not built\n"); return -1; }
__attribute__((weak)) int dy_eval_petrarch(const dy_eval_opts *o, FILE *out) { (void)o; fprintf(out, "PETRARCH suite runner not built\n"); return -1; }
