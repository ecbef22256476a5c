#!/usr/bin/env python3
"""gen-admin1.py: data/actors/admin1.txt from the gazetteer (data/places/cities.tsv).

First-level regions (states, provinces, oblasts, governorates) as actors that
code as their country: "California" USA, "Gujarat" IND, "Kharkiv Oblast" UKR.
Each region is written under its gazetteer name and, when that name carries a
type word ("Kharkiv Oblast", "State of Uttar Pradesh"), also without it, as
news write it.  Left out: names of more than one country, names already in the
other actor files (a country, a city metonym, a group), and one-word names that
are common English words or first names (a region called "Central" or
"Victoria" would turn every capitalised use into an actor).

    python3 tools/gen-admin1.py > data/actors/admin1.txt
"""
import collections, glob, os, re, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
PREFIX = ('State of ', 'Province of ', 'Republic of ', 'Federal District of ', 'Region of ', 'Governorate of ', 'Departamento de ')
SUFFIX = (' Autonomous Region', ' Province', ' Region', ' Oblast', ' Governorate', ' Prefecture', ' County', ' Voivodeship',
          ' Municipality', ' Department', ' District', ' State', ' Krai', ' Kray', ' Territory', ' Division', ' Emirate',
          ' Wilayah', ' Autonomous Community', ' Republic', ' Oblysy', ' Parish', ' Canton', ' Zone')
# one-word names that are ordinary words or first names in English news
COMMON = set('''central north south east west northern southern eastern western capital centre center coast coastal
    victoria alberta georgia washington columbia jordan chad niger guinea lima santa san grand upper lower middle
    river lakes lake island islands highlands mountain mountains valley plateau delta border national federal
    union free liberty unity peace independence hope carolina virginia jackson lincoln madison orange sabah
    maria rosa santiago francisco luis jose paul martin george charles louis mary anna elizabeth alexandria
    pool nord sud ouest est centro littoral oriental occidental atlantico pacific atlantic interior'''.split())

def key(name):
    return re.sub(r'\s+', ' ', name.strip().lower())

def known_names():
    seen = set()
    for f in glob.glob(os.path.join(ROOT, 'data', 'actors', '*.txt')):
        if os.path.basename(f) == 'admin1.txt':
            continue
        for line in open(f, encoding='utf-8'):
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            parts = line.split(None, 2)
            if len(parts) < 3:
                continue
            rest = parts[2]
            if parts[0] == 'person':
                continue
            for n in rest.split(';'):
                if n.strip():
                    seen.add(key(n))
    return seen

def main():
    regions = collections.defaultdict(set)
    for line in open(os.path.join(ROOT, 'data', 'places', 'cities.tsv'), encoding='utf-8'):
        if line.startswith('#'):
            continue
        f = line.rstrip('\n').split('\t')
        if len(f) < 3 or not f[2]:
            continue
        regions[f[2]].add(f[1])
    known = known_names()
    names = collections.defaultdict(set)   # short or full name -> countries
    full = {}
    for r, cs in regions.items():
        forms = {r}
        s = r
        for p in PREFIX:
            if s.startswith(p):
                s = s[len(p):]
        for x in SUFFIX:
            if s.endswith(x) and len(s) > len(x) + 2:
                s = s[:-len(x)]
        forms.add(s)
        for n in forms:
            names[n] |= cs
            full.setdefault(n, r)
    by_country = collections.defaultdict(list)
    for n, cs in names.items():
        if len(cs) != 1 or key(n) in known or len(n) < 4:
            continue
        if ' ' not in n and key(n) in COMMON:
            continue
        if not re.match(r"^[A-Z][\w' .-]*$", n) or ';' in n or '#' in n:
            continue
        by_country[next(iter(cs))].append(n)
    print('# admin1.txt - first-level regions (states, provinces, oblasts) that code as their country.')
    print('# GENERATED FILE, do not edit: python3 tools/gen-admin1.py > data/actors/admin1.txt')
    print('# Source: the admin1 names of data/places/cities.tsv, GeoNames (geonames.org), CC BY 4.0.')
    print('# Format: see README.md (`country` lines).')
    for c in sorted(by_country):
        ns = sorted(set(by_country[c]), key=lambda x: (x.lower(), x))
        # names that differ only by case would be duplicates on one line
        out, seen = [], set()
        for n in ns:
            if key(n) not in seen:
                seen.add(key(n)); out.append(n)
        for i in range(0, len(out), 12):
            print('country %s  %s' % (c, '; '.join(out[i:i + 12])))

main()
