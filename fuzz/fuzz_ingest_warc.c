/* fuzz_ingest_warc.c: libFuzzer target for src/ingest: the bytes as a WARC file (warc.c). */
#include "fuzz_ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_ingest(data, size, DY_FMT_WARC, "in.warc");
    return 0;
}
