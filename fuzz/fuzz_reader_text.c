/* fuzz_reader_text.c: libFuzzer target for the plain-text reader and the
 * date parsers (dy_parse_date, dy_find_dateline) in src/read. */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char out[11];
    /* the date parsers on the raw bytes: any result must be a real date */
    const char *s = (const char *)data;
    char again[11];
    if (dy_parse_date(s, size, out) == 0)
        fz_assert(strlen(out) == 10 && dy_parse_date(out, 10, again) == 0 && strcmp(out, again) == 0);
    int fy = size ? 1790 + data[0] : 0;
    memset(out, 0, sizeof out);
    if (dy_find_dateline(s, size, fy, out) == 0)
        fz_assert(strlen(out) == 10 && dy_parse_date(out, 10, again) == 0);
    fz_read_all(data, size, DY_FMT_TEXT, "in.txt");
    return 0;
}
