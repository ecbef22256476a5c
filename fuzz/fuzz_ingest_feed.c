/* fuzz_ingest_feed.c: libFuzzer target for src/ingest: the bytes as an RSS/Atom feed (feed.c). */
#include "fuzz_ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_ingest(data, size, DY_FMT_FEED, "in.xml");
    return 0;
}
