/* datadir.h: where dyad's data directory is when none is given.
 *
 * Why: an installed binary must find PREFIX/share/dyad after the checkout it
 * was built in is gone, and a binary in a checkout must find that checkout's
 * data/ wherever it is run from.  Order: $DYAD_DATA; ./data (a checkout as
 * the working directory); next to the executable: EXE/../share/dyad (an
 * install) or EXE/../data (build/dyad in a checkout); the path compiled in. */
#ifndef DY_DATADIR_H
#define DY_DATADIR_H
#include <stddef.h>
/* Writes the data directory to out (NUL-terminated); returns out. */
const char *dy_default_datadir(char *out, size_t n);
#endif
