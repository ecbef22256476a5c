/* fuzz_ingest_html.c: libFuzzer target for src/ingest: the bytes as an HTML page (html.c). */
#include "fuzz_ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_ingest(data, size, DY_FMT_HTML, "in.html");
    return 0;
}
