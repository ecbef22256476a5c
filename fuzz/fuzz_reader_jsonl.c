/* fuzz_reader_jsonl.c: libFuzzer target for the JSON Lines reader (src/read).
 * First input byte picks options (default date, a small --max-doc-bytes,
 * auto-detection through stdin); the rest is the file. */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_read_all(data, size, DY_FMT_JSONL, "in.jsonl");
    return 0;
}
