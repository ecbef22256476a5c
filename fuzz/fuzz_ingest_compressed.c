/* fuzz_ingest_compressed.c: libFuzzer target for src/ingest: the bytes as any input, sniffed (gzip/zstd/bzip2 by magic, then the format; stream.c, source.c). */
#include "fuzz_ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_ingest(data, size, DY_FMT_AUTO, "in.gz");
    return 0;
}
