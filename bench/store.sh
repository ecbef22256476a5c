#!/bin/sh
# bench/store.sh: the event store's benchmarks (issue 13), with public tools only.
#   sh bench/store.sh [N_SENTENCES] [N_EVENTS]     (defaults 200000 and 1000000)
#   PART=ingest or PART=store runs only the first or the second half; RUNS=N runs (default 3)
# 1. ingest throughput against `dyad code > /dev/null` on the bench corpus
#    (bench/make-corpus.py, as bench/run.sh builds it, with dates and outlets
#    spread), one thread, median of 3 runs each, into a fresh SQLite store each
#    time (and once into PostgreSQL when DYAD_TEST_PG is set); the rates use the
#    sentences dyad's splitter finds; wall and CPU (user + sys) seconds.
# 2. a store of N_EVENTS events (the corpus's own GDELT 2.0 export, repeated
#    with new GLOBALEVENTIDs and dates spread over five years, through
#    import-gdelt), then the latency of typical queries and series, median of 3.
set -e
cd "$(dirname "$0")/.."
N=${1:-200000}
NE=${2:-1000000}
C0=bench/corpus-$N.jsonl
[ -f "$C0" ] || python3 bench/make-corpus.py "$N" > "$C0"
# The generator dates every document 2024-05-16, which makes each dyad one
# giant event that every batch re-merges; a store holds news of many days and
# outlets, so the documents get dates spread over 2024 and 37 outlets.
C=bench/corpus-$N-dated.jsonl
[ -f "$C" ] || python3 -c "
import json, sys, datetime
d0 = datetime.date(2024, 1, 1)
for i, l in enumerate(open(sys.argv[1])):
    o = json.loads(l); o['date'] = (d0 + datetime.timedelta(days=i % 366)).isoformat(); o['source'] = 'outlet%d' % (i % 37)
    print(json.dumps(o))" "$C0" > "$C"
D=./build/dyad
W=$(mktemp -d /tmp/dyad-store-bench-XXXXXX)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# t CMD...: prints "wall cpu" (cpu = user + sys, all threads)
t() { /usr/bin/time -f '%e %U %S' -o "$W/t" "$@" > /dev/null 2>"$W/err" || { cat "$W/err"; exit 1; }; awk '{print $1, $2 + $3}' "$W/t"; }
med() { cut -d' ' -f"$1" "$2" | median; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${PART:-all}" != store ]; then
S=$($D code --stats -j 1 "$C" 2>&1 >/dev/null | sed -n 's/.* docs, \([0-9]*\) sentences.*/\1/p')
echo "corpus: $C, $(wc -l < "$C") documents, $S sentences"
for i in $(seq ${RUNS:-3}); do t $D code -j 1 "$C"; done > "$W/code"
for i in $(seq ${RUNS:-3}); do rm -f "$W/i.db" "$W/i.db-wal" "$W/i.db-shm"; t $D ingest --quiet -j 1 "$C" --db "$W/i.db"; done > "$W/ingest"
tc=$(med 1 "$W/code"); ti=$(med 1 "$W/ingest"); cc=$(med 2 "$W/code"); ci=$(med 2 "$W/ingest")
printf 'dyad code   -j 1 > /dev/null : %6.2f s wall %7.0f sentences/s | %6.2f s CPU\n' "$tc" "$(echo "$S / $tc" | bc -l)" "$cc"
printf 'dyad ingest -j 1 (SQLite)    : %6.2f s wall %7.0f sentences/s (%.0f%% of code) | %6.2f s CPU (coding + the store writer thread)\n' \
    "$ti" "$(echo "$S / $ti" | bc -l)" "$(echo "100 * $tc / $ti" | bc -l)" "$ci"
$D query --db "$W/i.db" --counts | tr '\n' ' '; echo
if [ -n "${DYAD_TEST_PG:-}" ]; then
    for i in 1; do
        psql "$DYAD_TEST_PG" -qc 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' >/dev/null 2>&1
        t $D ingest --quiet -j 1 "$C" --db "$DYAD_TEST_PG"
    done > "$W/pg"
    tp=$(med 1 "$W/pg"); cp=$(med 2 "$W/pg")
    printf 'dyad ingest -j 1 (PostgreSQL): %6.2f s wall %7.0f sentences/s (%.0f%% of code) | %6.2f s CPU in dyad\n' "$tp" "$(echo "$S / $tp" | bc -l)" "$(echo "100 * $tc / $tp" | bc -l)" "$cp"
fi
fi
# ---- a store of NE events
[ "${PART:-all}" = ingest ] && { rm -rf "$W"; exit 0; }
head -n 2000 "$C" > "$W/base.jsonl"
$D ingest --quiet "$W/base.jsonl" --db "$W/base.db"
$D export --db "$W/base.db" --format gdelt2 > "$W/base.CSV"
python3 - "$W/base.CSV" "$NE" > "$W/big.CSV" <<'PY'
import sys, datetime
base = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])]
n = int(sys.argv[2]); d0 = datetime.date(2020, 1, 1)
for i in range(n):
    f = list(base[i % len(base)])
    d = d0 + datetime.timedelta(days=(i * 7919) % 1826)
    f[0] = str(i + 1); f[1] = d.strftime('%Y%m%d'); f[2] = d.strftime('%Y%m'); f[3] = d.strftime('%Y')
    f[4] = '%04d.%04d' % (d.year, round((d.month * 30 + d.day) / 365 * 10000))
    print('\t'.join(f))
PY
rm -f "$W/big.db"*
ti=$(t $D import-gdelt --quiet "$W/big.CSV" --db "$W/big.db" | cut -d' ' -f1)
echo "store of $NE events: import-gdelt $ti s, $(du -m "$W/big.db" | cut -f1) MB"
# the most frequent dyad of the store, for the dyad queries
DY=$($D query --db "$W/big.db" --top dyads --limit 20 --format csv | sed 1d | grep -v -e '---' -e '^,' -e ',,' | head -1 | cut -d, -f1,2 | tr , -)
lat() { name=$1; shift; for i in 1 2 3; do t "$@"; done > "$W/lat"; printf '  %-62s %6.3f s wall %6.3f s CPU\n' "$name" "$(med 1 "$W/lat")" "$(med 2 "$W/lat")"; }
echo "latency (median of 3, whole command incl. start-up; dyad $DY; load $(cut -d' ' -f1 /proc/loadavg)):"
lat "query --dyad $DY --from 2023-01-01 --to 2023-03-31" $D query --db "$W/big.db" --dyad "$DY" --from 2023-01-01 --to 2023-03-31
lat "query --actor RUS --quad 4 --limit 100" $D query --db "$W/big.db" --actor RUS --quad 4 --limit 100
lat "query --root 19 --from 2024-06-01 --to 2024-06-07 (count all)" $D query --db "$W/big.db" --root 19 --from 2024-06-01 --to 2024-06-07
lat "series --dyad $DY --by month" $D series --db "$W/big.db" --dyad "$DY" --by month
lat "series --dyad $DY --by day --metric quad" $D series --db "$W/big.db" --dyad "$DY" --by day --metric quad
lat "series --by week (every event)" $D series --db "$W/big.db" --by week
lat "series --actor USA --by month --metric goldstein" $D series --db "$W/big.db" --actor USA --by month --metric goldstein
lat "query --top dyads --from 2024-01-01 --to 2024-01-31" $D query --db "$W/big.db" --top dyads --from 2024-01-01 --to 2024-01-31
lat "query --top actors (every event)" $D query --db "$W/big.db" --top actors
rm -rf "$W"
