#!/bin/sh
# bench/serve-load.sh: load test of `dyad serve` on a store of >= 100,000 events.
#   sh bench/serve-load.sh [N_DOCUMENTS] [SECONDS] [CONNECTIONS]   (defaults 32000, 5, 8)
# Builds the corpus (bench/serve-corpus.py, fixed seed), ingests it into a
# fresh SQLite store, starts `dyad serve` on a free loopback port (4 pool
# threads), and runs build/tools/serve-load against each main endpoint in
# turn: requests/s and p50/p90/p99/max latency.  Loopback only; every run is
# bounded by SECONDS per endpoint.
set -e
cd "$(dirname "$0")/.."
N=${1:-32000}; S=${2:-5}; C=${3:-8}
T=$(mktemp -d "${TMPDIR:-/tmp}/dyad-serve-load.XXXXXX")
[ -f "bench/serve-corpus-$N.jsonl" ] || python3 bench/serve-corpus.py "$N" > "bench/serve-corpus-$N.jsonl"
make -s build/dyad build/tools/serve-load
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
./build/dyad ingest "bench/serve-corpus-$N.jsonl" --db "$T/store.db" 2>&1 | tail -n 1
./build/dyad serve --db "$T/store.db" --port 0 --pool 4 --quiet > "$T/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$T"' EXIT
PORT=""
for i in $(seq 1 100); do
    PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$T/serve.log"); [ -n "$PORT" ] && break; sleep 0.1
done
[ -n "$PORT" ] || { cat "$T/serve.log"; exit 1; }
EV=$(./build/dyad query --db "$T/store.db" --format csv --limit 0 2>/dev/null | wc -l)
echo "store: $EV events (CSV lines incl. header); server 127.0.0.1:$PORT, 4 threads"
ID=$(./build/dyad query --db "$T/store.db" --limit 1 --dyad RUS-UKR 2>/dev/null | sed -n 's/^{"id": \([0-9]*\),.*/\1/p')
./build/tools/serve-load -c "$C" -d "$S" "$PORT" \
    info=/api \
    page=/index.html \
    events="/api/events?limit=50&sort=-date" \
    events-f="/api/events?actor=RUS&from=2020-01-01&to=2020-12-31&quad=4&limit=50" \
    event="/api/events/${ID:-1}" \
    series="/api/series?dyad=RUS-UKR&by=month" \
    top="/api/top?kind=dyads&limit=20&from=2022-01-01&to=2022-12-31" \
    network="/api/network?limit=40&from=2022-01-01&to=2022-12-31" \
    places="/api/places?from=2024-01-01&to=2024-12-31" \
    code=@examples/modi-moscow.txt
