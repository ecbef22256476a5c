#!/usr/bin/env python3
"""serve-corpus.py: documents for the `dyad serve` load test (bench/serve-load.sh).

Short news-style articles written from templates here (actors, actions,
cities, outlets), with dates spread over 2015-2024 so that the store holds
many distinct events (mentions merge only within a day or two) and the
series, top and places queries have real work to do.  Fixed seed.

Usage: bench/serve-corpus.py [N_DOCUMENTS] > docs.jsonl   (default 40000)
"""
import json, random, sys

ACTORS = ["Russian President Vladimir Putin", "China", "India", "The United States", "Germany", "France", "Iran",
          "Israel", "Turkey", "Ukraine", "Japan", "Pakistan", "North Korea", "South Korea", "Brazil", "Egypt",
          "Saudi Arabia", "Nigeria", "Mexico", "Britain", "Indian Prime Minister Narendra Modi", "Chinese President Xi Jinping",
          "The European Union", "Poland", "Canada", "Australia", "Syria", "Iraq", "Kenya", "South Africa"]
TARGETS = ["Russia", "China", "India", "the United States", "Germany", "France", "Iran", "Israel", "Turkey", "Ukraine",
           "Japan", "Pakistan", "North Korea", "South Korea", "Brazil", "Egypt", "Saudi Arabia", "Nigeria", "Mexico",
           "Britain", "Poland", "Canada", "Australia", "Syria", "Iraq", "Kenya", "South Africa"]
ACTIONS = ["met officials from {t} in {c}", "criticized {t}", "signed an agreement with {t}", "accused {t} of spying",
           "praised {t} for its help", "threatened {t} with sanctions", "urged {t} to release the prisoners",
           "imposed sanctions on {t}", "condemned {t}", "promised aid to {t}", "hosted a delegation from {t}",
           "expelled diplomats from {t}", "rejected a proposal from {t}", "welcomed the decision of {t}",
           "attacked positions of {t}", "negotiated with {t} over trade", "warned {t} against escalation"]
CITIES = ["Moscow", "Beijing", "New Delhi", "Washington", "Berlin", "Paris", "Tehran", "Jerusalem", "Ankara", "Kyiv",
          "Tokyo", "Islamabad", "Seoul", "Brasilia", "Cairo", "Riyadh", "Abuja", "Mexico City", "London", "Warsaw",
          "Ottawa", "Canberra", "Damascus", "Baghdad", "Nairobi", "Pretoria", "Geneva", "Vienna"]
OUTLETS = ["Reuters", "AP", "AFP", "BBC", "Xinhua", "TASS", "Al Jazeera", "DW", "NHK", "Anadolu", "PTI", "Yonhap"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40000
    rnd = random.Random(20261201)
    for i in range(n):
        y, m, d = rnd.randint(2015, 2024), rnd.randint(1, 12), rnd.randint(1, 28)
        city, out = rnd.choice(CITIES), rnd.choice(OUTLETS)
        sents = []
        for k in range(rnd.randint(2, 5)):
            a = rnd.choice(ACTORS)
            t = rnd.choice([x for x in TARGETS if not a.lower().endswith(x.lower())])
            sents.append(a + " " + rnd.choice(ACTIONS).format(t=t, c=rnd.choice(CITIES)) + ".")
        text = "%s, %s %d, %d (%s) - %s" % (city.upper(), MONTHS[m - 1], d, y, out, " ".join(sents))
        print(json.dumps({"id": "load-%06d" % i, "date": "%04d-%02d-%02d" % (y, m, d), "source": out,
                          "title": sents[0][:70], "url": "https://example.org/%s/%06d" % (out.replace(" ", "").lower(), i),
                          "text": text}))

main()
