/* split.c: an actor code -> its CAMEO parts (country, known group, ethnic
 * group, religions, role types), the way GDELT's Actor*CountryCode,
 * *KnownGroupCode, *EthnicCode, *Religion1/2Code and *Type1..3Code columns
 * split it (CAMEO codebook ch. 3: a code is a row of 3-letter blocks, from
 * the general to the specific).
 *
 * Why by hand: no library knows CAMEO codes.  The tables below are code
 * lists, not dictionary entries: ISO 3166-1 alpha-3 (generated from Debian's
 * iso-codes, see COUNTRIES) with CAMEO's own country codes, CAMEO's region
 * codes (codebook table 3.3), its role codes (table 3.1) and international
 * generic codes (table 3.2), its religion codes and the ethnic codes that
 * dyad's dictionaries use.  Anything else is an organisation's own code
 * (HMS, HEZ, UNO, LKD, a party's code of ours).
 *
 * Reading a block depends on where it stands:
 *   first block   country (SHN is Saint Helena there, not the Shinto school),
 *                 region, generic (IGO, NGO, MNC ... read as types, as GDELT
 *                 does), role, religion, ethnic group; an unknown first block
 *                 is taken for a country code we do not list (SCG, YUG).
 *   after it      a country or region right after generics only is the
 *                 actor's country (MNCUSA, IGOWSTNAT, NGOUSA); roles,
 *                 religions and ethnic codes are read as such; anything else
 *                 is an organisation code.  For a named organisation (a
 *                 `group` or `org` entry) the last block is its own code
 *                 unless it is a role or its country: GBRCON is the
 *                 Conservative party, not Confucianism (CON); GRCSYR is
 *                 Syriza, not Syria.
 * The result keeps what every block was read as, so dy_actor_join gives the
 * code back (tests/test_record.c rebuilds every code in data/actors). */
#include <string.h>
#include "dyad.h"

/* ISO 3166-1 alpha-3, sorted, generated from /usr/share/iso-codes/json/iso_3166-1.json:
 *   python3 -c "import json; print(''.join(sorted(c['alpha_3'] for c in
 *     json.load(open('/usr/share/iso-codes/json/iso_3166-1.json'))['3166-1'])))" */
static const char ISO3[] =
    "ABWAFGAGOAIAALAALBANDAREARGARMASMATAATFATGAUSAUTAZEBDIBELBENBESBFABGDBGRBHRBHSBIHBLMBLRBLZBMUBOL"
    "BRABRBBRNBTNBVTBWACAFCANCCKCHECHLCHNCIVCMRCODCOGCOKCOLCOMCPVCRICUBCUWCXRCYMCYPCZEDEUDJIDMADNKDOM"
    "DZAECUEGYERIESHESPESTETHFINFJIFLKFRAFROFSMGABGBRGEOGGYGHAGIBGINGLPGMBGNBGNQGRCGRDGRLGTMGUFGUMGUY"
    "HKGHMDHNDHRVHTIHUNIDNIMNINDIOTIRLIRNIRQISLISRITAJAMJEYJORJPNKAZKENKGZKHMKIRKNAKORKWTLAOLBNLBRLBY"
    "LCALIELKALSOLTULUXLVAMACMAFMARMCOMDAMDGMDVMEXMHLMKDMLIMLTMMRMNEMNGMNPMOZMRTMSRMTQMUSMWIMYSMYTNAM"
    "NCLNERNFKNGANICNIUNLDNORNPLNRUNZLOMNPAKPANPCNPERPHLPLWPNGPOLPRIPRKPRTPRYPSEPYFQATREUROURUSRWASAU"
    "SDNSENSGPSGSSHNSJMSLBSLESLVSMRSOMSPMSRBSSDSTPSURSVKSVNSWESWZSXMSYCSYRTCATCDTGOTHATJKTKLTKMTLSTON"
    "TTOTUNTURTUVTWNTZAUGAUKRUMIURYUSAUZBVATVCTVENVGBVIRVNMVUTWLFWSMYEMZAFZMBZWE";
/* CAMEO's country codes outside ISO (data/actors/README.md): Netherlands
 * Antilles, Baghdad, Gaza Strip, Isle of Man, Kosovo, Montenegro, Romania,
 * East Timor, West Bank; sorted. */
static const char CAMEO_COUNTRY[] = "ANTBAGGZSIMYKSVMTNROMTMPWSB";
/* International region codes (codebook table 3.3), sorted. */
static const char REGIONS[] = "AFRASABLKCASCAUCEUCFRCRBEAFEEUEINEURLAMMDTMEANAFNMRPGSSAFSAMSASSCNSEAWAFWST";
/* International/transnational generic codes (table 3.2), sorted. */
static const char GENERICS[] = "IGOIMGINTMNCNGMNGOUIS";
/* Role codes: primary, secondary and tertiary (table 3.1), PTY (party, 3.1.4),
 * PKO (peacekeepers), SET (settlers); sorted. */
static const char ROLES[] =
    "AGRBUSCOPCRMCVLDEVEDUELIENVGOVHLHHRIINSJUDLABLEGMEDMILMODOPPPKOPTYRADREBREFSEPSETSPYUAF";
/* CAMEO religion codes, sorted. */
static const char RELIGIONS[] =
    "ADRALEATHBAHBUDCHRCONCPTCTHDOXDRZHINHSDITRJANJEWJHWLDSMOSMRNNRMPAGPROSFISHISHNSIKSUNTAOUDXZRO";
/* Ethnic group codes used by dyad's dictionaries (ABN ethnic Albanians, from
 * the codebook; KUR Kurds; ROH Rohingya, TAM Tamils, UIG Uighurs: dyad codes), sorted.  A new ethnic `adj` code goes here
 * (test_record fails for an `adj` code read as an organisation). */
static const char ETHNIC[] = "ABNKURROHTAMUIG";

static int in_table(const char *tab, size_t len, const char *b)
{
    size_t lo = 0, hi = len / 3;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = memcmp(tab + 3 * mid, b, 3);
        if (!c) return 1;
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return 0;
}
#define IN(tab, b) in_table(tab, sizeof tab - 1, b)

static int is_country(const char *b) { return IN(ISO3, b) || IN(CAMEO_COUNTRY, b); }
static int is_region(const char *b) { return IN(REGIONS, b); }
static int is_generic(const char *b) { return IN(GENERICS, b); }
static int is_role(const char *b) { return IN(ROLES, b) || is_generic(b); }

static void put(char (*list)[4], int *n, const char *b)
{
    memcpy(list[*n], b, 3);
    list[*n][3] = 0;
    (*n)++;
}

int dy_actor_split(const char *code, int org, dy_actor_parts *p)
{
    memset(p, 0, sizeof *p);
    size_t n = code ? strlen(code) : 0;
    if (n == 0 || n % 3 || n / 3 > DY_ACTOR_MAXBLOCKS) return -1;
    for (size_t i = 0; i < n; i++)
        if (!((code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= '0' && code[i] <= '9'))) return -1;
    int nb = (int)(n / 3), only_generics = 1;
    for (int i = 0; i < nb; i++) {
        const char *b = code + 3 * i;
        int part;
        if (i == 0) {
            if (is_country(b) || is_region(b)) part = DY_PART_COUNTRY;
            else if (is_role(b)) part = DY_PART_TYPE;
            else if (IN(RELIGIONS, b)) part = DY_PART_RELIGION;
            else if (IN(ETHNIC, b)) part = DY_PART_ETHNIC;
            else part = DY_PART_COUNTRY;      /* a country code we do not list */
        } else if (!p->country[0] && only_generics && (is_country(b) || is_region(b))) part = DY_PART_COUNTRY;
        else if (is_role(b)) part = DY_PART_TYPE;
        else if (org && i == nb - 1) part = DY_PART_GROUP;
        else if (IN(RELIGIONS, b)) part = DY_PART_RELIGION;
        else if (IN(ETHNIC, b) && !p->ethnic[0]) part = DY_PART_ETHNIC;
        else part = DY_PART_GROUP;
        if (part != DY_PART_TYPE || !is_generic(b)) only_generics = 0;
        switch (part) {
        case DY_PART_COUNTRY: memcpy(p->country, b, 3); break;
        case DY_PART_ETHNIC: memcpy(p->ethnic, b, 3); break;
        case DY_PART_RELIGION: put(p->religion, &p->nreligion, b); break;
        case DY_PART_TYPE: put(p->types, &p->ntypes, b); break;
        default: put(p->groups, &p->ngroups, b); memcpy(p->group, b, 3); break;
        }
        p->part[i] = (unsigned char)part;
    }
    p->nblocks = nb;
    return 0;
}

int dy_actor_join(const dy_actor_parts *p, char *out, size_t cap)
{
    int nt = 0, nr = 0, ng = 0, nc = 0, ne = 0;
    size_t len = 0;
    if (p->nblocks < 0 || p->nblocks > DY_ACTOR_MAXBLOCKS || cap < 1) return -1;
    for (int i = 0; i < p->nblocks; i++) {
        const char *b;
        switch (p->part[i]) {
        case DY_PART_COUNTRY: if (nc++) return -1; b = p->country; break;
        case DY_PART_ETHNIC: if (ne++) return -1; b = p->ethnic; break;
        case DY_PART_RELIGION: if (nr >= p->nreligion) return -1; b = p->religion[nr++]; break;
        case DY_PART_TYPE: if (nt >= p->ntypes) return -1; b = p->types[nt++]; break;
        case DY_PART_GROUP: if (ng >= p->ngroups) return -1; b = p->groups[ng++]; break;
        default: return -1;
        }
        if (strlen(b) != 3 || len + 4 > cap) return -1;
        memcpy(out + len, b, 3);
        len += 3;
    }
    /* every listed part was used, and group is the last organisation code */
    if (nt != p->ntypes || nr != p->nreligion || ng != p->ngroups || (!nc && p->country[0]) || (!ne && p->ethnic[0]))
        return -1;
    if (ng ? strcmp(p->group, p->groups[ng - 1]) : p->group[0] != 0) return -1;
    out[len] = 0;
    return (int)len;
}
