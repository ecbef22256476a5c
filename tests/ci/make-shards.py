#!/usr/bin/env python3
"""make-shards.py DIR N: write N JSON Lines shards of news documents for the
backfill tests.  The sentences are written for dyad (real offices, example
events); each document gets an id, an outlet, a URL and a date, and the same
events are reported by several outlets on nearby days, so merging mentions
into events has work to do.  Deterministic: the same files on every run."""
import json, os, random, sys

SENTENCES = [
    "Russian President Vladimir Putin arrived in Beijing on {day} for talks with Chinese President Xi Jinping.",
    "Chinese officials warmly welcomed the Russian delegation.",
    "The European Union imposed new sanctions on Russia and Belarus.",
    "Ukrainian forces shelled Russian positions near Donetsk.",
    "Israel carried out air strikes on Hamas targets in Gaza.",
    "The United States criticised China over its military drills near Taiwan.",
    "Indian Prime Minister Narendra Modi met Japanese Prime Minister Fumio Kishida in Tokyo.",
    "Police arrested dozens of protesters in Tehran.",
    "Turkey and Greece agreed to resume talks on maritime borders.",
    "The United Nations appealed to Sudan's army to allow humanitarian aid into Darfur.",
    "Pakistan accused India of violating the ceasefire in Kashmir.",
    "Germany pledged 500 million euros in aid to Ukraine.",
    "North Korea fired two ballistic missiles into the sea, South Korea said.",
    "French President Emmanuel Macron praised Morocco's reforms.",
    "Kenyan police fired tear gas at demonstrators in Nairobi.",
    "Brazil and Argentina signed a trade agreement in Brasilia.",
]
OUTLETS = ["Reuters", "AP", "AFP", "BBC", "Al Jazeera", "DW", "NHK", "Xinhua", "TASS", "The Hindu"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

def main():
    out, n = sys.argv[1], int(sys.argv[2])
    rnd = random.Random(20261201)
    os.makedirs(out, exist_ok=True)
    docs = []
    for k in range(n * 25):
        outlet = OUTLETS[k % len(OUTLETS)]
        day = 1 + (k // 40) % 28
        month = 1 + (k // 400) % 12
        picks = rnd.sample(SENTENCES, 4)
        text = " ".join(s.format(day=rnd.choice(DAYS)) for s in picks)
        docs.append({"id": "doc-%05d" % k, "date": "2024-%02d-%02d" % (month, day), "source": outlet,
                     "url": "https://news.example/%s/%05d" % (outlet.lower().replace(" ", "-"), k),
                     "title": picks[0][:60], "text": text})
    for i in range(n):
        with open(os.path.join(out, "shard-%02d.jsonl" % i), "w") as f:
            for d in docs[i::n]:
                f.write(json.dumps(d) + "\n")

main()
