#!/bin/sh
# slurm-test.sh: the backfill recipe (contrib/slurm) end to end, for CI.
#
# Starts a one-node Slurm cluster (tests/ci/slurm-cluster.sh) and a throwaway
# PostgreSQL server (tests/pg.sh), ingests test shards with the array job
# (>= 4 tasks, 2 at a time) and the dedup job that depends on it, and checks
# that the store holds exactly what a single-process ingest of the same files
# holds.  Then a second run: one task is cancelled mid-shard (scancel), the
# array is submitted again, and the store must still be identical.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
DYAD=$root/build/dyad
export DYAD
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    echo "slurm-test: skipped: slurm-wlm and munge are not installed"; exit 0
fi
if [ "$(id -u)" -ne 0 ]; then echo "slurm-test: skipped: needs root to start slurmd"; exit 0; fi
work=$(mktemp -d /tmp/dyad-slurm.XXXXXX)
chmod 755 "$work"
. "$root/tests/ci/slurm-cluster.sh"
own_pg=""
if [ -z "${DYAD_TEST_PG:-}" ]; then
    eval "$(sh "$root/tests/pg.sh" start)"
    own_pg=1
fi
[ -n "${DYAD_TEST_PG:-}" ] || { echo "slurm-test: FAILED: no PostgreSQL server could be started"; exit 1; }
cleanup() { slurm_stop; [ -z "$own_pg" ] || sh "$root/tests/pg.sh" stop; rm -rf "$work"; }
trap cleanup EXIT
PG_URL_BASE=${DYAD_TEST_PG%/*}
pg_port=${DYAD_TEST_PG_PORT:?}
pg_createdb() {   # a fresh database $1 on the test server
    psql -q -h 127.0.0.1 -p "$pg_port" -U dyad -d "${DYAD_TEST_PG##*/}" -c "DROP DATABASE IF EXISTS \"$1\"" -c "CREATE DATABASE \"$1\"" >/dev/null
}
slurm_start "$work/slurm" || { echo "slurm-test: FAILED: no Slurm cluster"; exit 1; }

# test shards: 8 JSON Lines files of news documents written for the tests
mkdir -p "$work/in"
python3 "$root/tests/ci/make-shards.py" "$work/in" 8
ls "$work"/in/*.jsonl > "$work/files.txt"

dump() {   # the store's events and mentions, independent of ingest order
    "$DYAD" export --db "$1" --format csv > "$2.csv"
    "$DYAD" query --db "$1" --mentions > "$2.jsonl"
    python3 "$root/tests/ci/canon.py" "$2.csv" "$2.jsonl" > "$2.canon"
}

# the reference: one process, one thread
ref="$PG_URL_BASE/ref"
pg_createdb ref
"$DYAD" ingest --quiet --db "$ref" $(cat "$work/files.txt")
"$DYAD" dedup --db "$ref"
dump "$ref" "$work/ref"

wait_jobs() {   # wait until no job of ours is pending or running; a job whose dependency failed is an error
    i=0
    while squeue -h 2>/dev/null | grep -q .; do
        if squeue -h -o '%r' 2>/dev/null | grep -q DependencyNeverSatisfied; then
            echo "slurm-test: FAILED: a shard failed, so the dedup job can never run"
            squeue; tail -n 5 "$state"/*.log; scancel -u "$(id -un)"; exit 1
        fi
        sleep 1; i=$((i + 1))
        [ $i -lt 600 ] || { echo "slurm-test: FAILED: jobs still queued after 600 s"; squeue; exit 1; }
    done
}

run_case() {   # $1 name, $2 "kill" to cancel one task mid-shard
    name=$1
    pg_createdb "$name"
    url="$PG_URL_BASE/$name"
    state="$work/state-$name"
    if [ "${2:-}" = kill ]; then
        # each task ingests its first file, pauses, then the rest: the cancel lands mid-shard
        out=$(REAL_DYAD="$DYAD" DYAD="$root/tests/ci/slow-dyad.sh" "$root/contrib/slurm/submit.sh" "$work/files.txt" "$state" "$url" 4 2)
    else
        out=$("$root/contrib/slurm/submit.sh" "$work/files.txt" "$state" "$url" 4 2)
    fi
    echo "slurm-test: $name: $out"
    if [ "${2:-}" = kill ]; then
        array=$(printf '%s\n' "$out" | sed -n 's/^array \([0-9]*\).*/\1/p')
        # cancel task 1 once its first file is in (its log says so)
        i=0
        while ! grep -qs "pausing" "$state/dyad-shard-${array}_1.log"; do
            sleep 0.2; i=$((i + 1)); [ $i -lt 1500 ] || { echo "slurm-test: FAILED: task 1 never ran"; exit 1; }
        done
        scancel "${array}_1"
        partial=$("$DYAD" query --db "$url" --counts | sed -n 's/^documents //p')
        echo "slurm-test: $name: task 1 cancelled mid-shard ($partial documents in the store at that moment)"
        wait_jobs
        [ ! -e "$state/shard-1.done" ] || { echo "slurm-test: FAILED: cancelled shard left a done marker"; exit 1; }
        # the dedup job never ran (afterok): submit again; finished shards are skipped
        out=$("$root/contrib/slurm/submit.sh" "$work/files.txt" "$state" "$url" 4 2)
        echo "slurm-test: $name: resubmitted: $out"
    fi
    wait_jobs
    for k in 0 1 2 3; do
        [ -e "$state/shard-$k.done" ] || { echo "slurm-test: FAILED: shard $k did not finish"; cat "$state"/*.log; exit 1; }
    done
    dump "$url" "$work/$name"
    if ! cmp -s "$work/ref.canon" "$work/$name.canon"; then
        echo "slurm-test: FAILED: $name: the store differs from the single-process ingest"
        diff "$work/ref.canon" "$work/$name.canon" | head -20
        exit 1
    fi
    echo "slurm-test: $name: store identical to the single-process ingest ($(grep -c . "$work/ref.csv") event rows, $(grep -c . "$work/ref.jsonl") mentions)"
}
run_case array
run_case killed kill
echo "slurm-test: ok"
