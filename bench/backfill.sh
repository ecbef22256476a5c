#!/bin/sh
# bench/backfill.sh: the scale-out benchmark of issue 18.
#   sh bench/backfill.sh [N_SENTENCES]        (default 200000: the bench corpus)
# Splits the bench corpus into 4 shards, then ingests it into a fresh
# PostgreSQL store (tests/pg.sh starts a throwaway server, or $DYAD_TEST_PG)
# with 1, 2 and 4 concurrent `dyad ingest --no-merge` workers (one thread
# each) followed by one incremental `dyad dedup`, and reports documents/s and
# each worker's overhead against one `dyad code > /dev/null` over the same
# documents.  On a 2-core machine 4 workers share 2 cores: compare the CPU
# seconds per document, not only the wall time.
set -e
cd "$(dirname "$0")/.."
N=${1:-200000}
C=bench/corpus-$N.jsonl
[ -f "$C" ] || python3 bench/make-corpus.py "$N" > "$C"
D=$(pwd)/build/dyad
own=""
if [ -z "${DYAD_TEST_PG:-}" ]; then eval "$(sh tests/pg.sh start)"; own=1; fi
[ -n "${DYAD_TEST_PG:-}" ] || { echo "backfill: no PostgreSQL server"; exit 1; }
tmp=$(mktemp -d)
trap '[ -z "$own" ] || sh tests/pg.sh stop; rm -rf "$tmp"' EXIT
docs=$(wc -l < "$C")
for k in 0 1 2 3; do awk -v k=$k '(NR - 1) % 4 == k' "$C" > "$tmp/shard-$k.jsonl"; done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); corpus $C: $docs documents"
/usr/bin/time -f '%e %U %S' -o "$tmp/t" "$D" code "$C" > /dev/null
read cw cu cs <<EOT
$(tail -n 1 "$tmp/t")
EOT
printf 'dyad code, one process: %.2f s wall, %.2f s CPU, %.0f documents/s\n' "$cw" "$(echo "$cu + $cs" | bc -l)" "$(echo "$docs / $cw" | bc -l)"
base=${DYAD_TEST_PG%/*}
port=${DYAD_TEST_PG_PORT:?}
for w in 1 2 4; do
    db="bench_w$w"
    psql -q -h 127.0.0.1 -p "$port" -U dyad -d "${DYAD_TEST_PG##*/}" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    url="$base/$db"
    "$D" query --db "$url" --counts >/dev/null 2>&1 || true
    start=$(date +%s.%N)
    i=0
    while [ $i -lt $w ]; do
        files=""
        k=$i
        while [ $k -lt 4 ]; do files="$files $tmp/shard-$k.jsonl"; k=$((k + w)); done
        /usr/bin/time -f '%U %S' -o "$tmp/w$i" "$D" ingest --quiet --no-merge --db "$url" $files &
        i=$((i + 1))
    done
    wait
    mid=$(date +%s.%N)
    "$D" dedup --incremental --db "$url" > /dev/null 2>&1
    end=$(date +%s.%N)
    cpu=0
    i=0
    while [ $i -lt $w ]; do
        grep -q "exited with non-zero" "$tmp/w$i" && { echo "backfill: worker $i failed:"; cat "$tmp/w$i"; }
        read u s <<EOT
$(tail -n 1 "$tmp/w$i")
EOT
        cpu=$(echo "$cpu + $u + $s" | bc -l); i=$((i + 1))
    done
    wall=$(echo "$mid - $start" | bc -l)
    ded=$(echo "$end - $mid" | bc -l)
    over=$(echo "100 * ($cpu - ($cu + $cs)) / ($cu + $cs)" | bc -l)
    printf '%d worker(s): ingest %.2f s wall (%.0f documents/s), worker CPU %.2f s (%+.0f%% vs dyad code), dedup %.2f s; %s\n' \
        "$w" "$wall" "$(echo "$docs / $wall" | bc -l)" "$cpu" "$over" "$ded" "$("$D" query --db "$url" --counts | tr '\n' ' ')"
done
