/* fuzz_depmodel.c: libFuzzer target for the dependency parser's model loader
 * (src/parse/dep.c): any file loads or fails with a message naming it (with the
 * checksum fixed up when byte 0 is even, "DYPARSER" starts with an even 'D'); a model
 * that loads parses a sentence (tags from the input) into a tree: every head in
 * range, one root, no cycle; with the beam its header names (bits 8..15 of the feature
 * set), in the memory dy_dep_beam_bytes asks for. */
#include "fuzz_common.h"
#include "parse/dep.h"
#include "tag/tags.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512], err[1024] = "";
    fz_path(path, sizeof path, "parser.model");
    /* byte 0 even: the checksum (bytes 40..47, dy_dep_checksum over the body) is made right
     * first, so mutations reach the size checks, the label validation and the parser */
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf) abort();
    memcpy(buf, data, size);
    if (size >= 64 && (data[0] & 1) == 0) {
        uint64_t h = dy_dep_checksum(buf + 64, size - 64);
        memcpy(buf + 40, &h, 8);
    }
    fz_write(path, buf, size);
    free(buf);
    dy_depmodel *m = dy_dep_load(path, err, sizeof err);
    if (!m) { fz_check_err(err, path); return 0; }
    enum { N = 12 };
    static const char *const words[N] = { "The", "president", "of", "France", "met", "leaders",
                                          "in", "Berlin", "on", "Monday", ",", "." };
    dy_depword w[N + 2];
    unsigned char tg[N + 2];
    dy_dep_root_word(&w[0]);
    tg[0] = DY_DEP_ROOT_TAG;
    for (int i = 0; i < N; i++) {
        dy_dep_word(words[i], (unsigned)strlen(words[i]), &w[i + 1]);
        tg[i + 1] = (unsigned char)(1 + (size > (size_t)i ? data[i] : i) % (DY_NTAGS - 1));
    }
    dy_dep_clusters(m, w, N);
    static unsigned char mem[1 << 14];
    fz_assert(dy_dep_state_bytes(N) <= sizeof mem);
    dy_depstate st;
    dy_dep_state_init(&st, mem, N, w, tg);
    int bw = dy_dep_beam(m);
    fz_assert(bw >= 1 && bw <= 255);
    if (bw > 1) {
        void *bm = malloc(dy_dep_beam_bytes(N, bw));
        if (!bm) abort();
        dy_dep_run_beam(m, &st, bw, bm);
        free(bm);
    } else dy_dep_run(m, &st);
    int roots = 0;
    for (int i = 1; i <= N; i++) {
        fz_assert(st.head[i] >= 0 && st.head[i] <= N && st.head[i] != i);
        fz_assert(st.lab[i] > 0 && st.lab[i] < DY_NDEPLAB);
        roots += st.head[i] == 0;
        int h = i, steps = 0;
        while (h != 0 && steps++ <= N) h = st.head[h];
        fz_assert(h == 0);
    }
    fz_assert(roots == 1);
    dy_dep_free(m);
    return 0;
}
