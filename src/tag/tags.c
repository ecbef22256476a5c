/* tags.c: names of the Penn tags in tags.h, both ways. */
#include <string.h>
#include "tags.h"

static const char *const NAMES[DY_NTAGS] = {
    "_", "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS",
    "MD", "NN", "NNS", "NNP", "NNPS", "PDT", "POS", "PRP", "PRP$",
    "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD",
    "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB",
    ",", ".", ":", "``", "''", "-LRB-", "-RRB-",
    "HYPH", "NFP", "ADD", "AFX", "GW", "XX", "$",
};

const char *dy_tag_name(int tag)
{
    return (tag >= 0 && tag < DY_NTAGS) ? NAMES[tag] : "?";
}

int dy_tag_from_name(const char *name)
{
    for (int i = 1; i < DY_NTAGS; i++)
        if (strcmp(NAMES[i], name) == 0) return i;
    return DY_TAG_NONE;
}
