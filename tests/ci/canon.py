#!/usr/bin/env python3
"""canon.py EVENTS.csv MENTIONS.jsonl: print a store's events and mentions
in a form that does not depend on the order documents were ingested in.

Store-assigned numbers (event and mention ids) differ between a single
process and concurrent shards; what must not differ is which mentions make
up each event and each event's fields.  Every event is printed as its fields
(without its id) and the sorted keys (document, sentence, verb span) of its
mentions; the output is sorted."""
import csv, json, sys

def main():
    ev_csv, men_jsonl = sys.argv[1], sys.argv[2]
    members = {}
    mentions = []
    with open(men_jsonl) as f:
        for line in f:
            m = json.loads(line)
            key = "%s/%s/%s" % (m["doc"], m["sent"], ",".join(map(str, m["verb_span"])))
            members.setdefault(m["event"], []).append(key)
            m = {k: v for k, v in m.items() if k not in ("event", "mention")}
            mentions.append(json.dumps(m, sort_keys=True))
    out = []
    with open(ev_csv, newline="") as f:
        for row in csv.DictReader(f):
            eid = int(row.pop("id"))
            keys = sorted(members.get(eid, []))
            out.append(json.dumps({"event": row, "mentions": keys}, sort_keys=True))
    for line in sorted(out):
        print(line)
    for line in sorted(mentions):
        print(line)

main()
