/* langid.cc: language identification with CLD2 (Debian libcld2), behind a
 * C interface (dy_langid_* in ingest.h).
 *
 * Why CLD2 and why C++: both Debian identifiers were measured on the same
 * 57 news paragraphs in 15 languages written for the test
 * (tests/data/ingest/lang-sample.tsv; bench/langid/ has both programs):
 * CLD2 told English from not-English on 57/57 at 0.035 ms a paragraph,
 * libexttextcat on 54/57 (three English paragraphs taken for Scots) at
 * 0.44 ms.  CLD2's API is C++ only, so this one file is C++; it holds no
 * state (CLD2's tables are read-only), so an identifier is safe to use from
 * any thread.  A document is called non-English only when CLD2 is reliable
 * about it; short or mixed text stays "" (unknown) and is coded. */
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>
#include <cld2/public/compact_lang_det.h>

extern "C" {
#include "ingest.h"
}

struct dy_langid { int unused; };

extern "C" dy_langid *dy_langid_new(char *err, size_t errlen)
{
    dy_langid *l = static_cast<dy_langid *>(calloc(1, sizeof *l));
    if (!l) snprintf(err, errlen, "out of memory");
    return l;
}

extern "C" void dy_langid_free(dy_langid *l) { free(l); }

extern "C" const char *dy_langid_detect(dy_langid *l, const char *text, size_t len)
{
    (void)l;
    if (len > 65536) len = 65536;
    while (len && (static_cast<unsigned char>(text[len - 1]) & 0xC0) == 0x80) len--;   /* whole characters */
    if (len && static_cast<unsigned char>(text[len - 1]) >= 0xC0) len--;
    bool reliable = false;
    int valid = 0;
    CLD2::Language lang = CLD2::DetectLanguageCheckUTF8(text, static_cast<int>(len), true, &reliable, &valid);
    if (lang == CLD2::UNKNOWN_LANGUAGE || !reliable) return "";
    const char *code = CLD2::LanguageCode(lang);
    return code ? code : "";
}
