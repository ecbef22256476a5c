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
. "$root/tests/pg.sh"
cleanup() { slurm_stop; pg_stop; rm -rf "$work"; }
trap cleanup EXIT
pg_start "$work/pg" || { echo "slurm-test: FAILED: no PostgreSQL server"; exit 1; }
slurm_start "$work/slurm" || { echo "slurm-test: FAILED: no Slurm cluster"; exit 1; }

# test shards: 8 JSON Lines files of news documents written for the tests
mkdir -p "$work/in"
python3 "$root/tests/ci/make-shards.py" "$work/in" 8
ls "$work"/in/*.jsonl > "$work/files.txt"

dump() {   # the store's events and mentions, in a canonical order
    "$DYAD" export --db "$1" --format csv | sort > "$2.events"
    "$DYAD" query --db "$1" --mentions --format jsonl | python3 "$root/tests/ci/canon.py" > "$2.mentions"
}

# the reference: one process, one thread
ref="$PG_URL_BASE/ref"
pg_createdb ref
"$DYAD" ingest --db "$ref" $(cat "$work/files.txt")
"$DYAD" dedup --db "$ref"
dump "$ref" "$work/ref"

wait_jobs() {   # wait until no job of ours is pending or running
    i=0
    while squeue -h 2>/dev/null | grep -q .; do
        sleep 1; i=$((i + 1))
        [ $i -lt 600 ] || { echo "slurm-test: FAILED: jobs still queued after 600 s"; squeue; return 1; }
    done
}

run_case() {   # $1 name, $2 "kill" to cancel one task mid-shard
    name=$1
    pg_createdb "$name"
    url="$PG_URL_BASE/$name"
    state="$work/state-$name"
    out=$("$root/contrib/slurm/submit.sh" "$work/files.txt" "$state" "$url" 4 2)
    echo "slurm-test: $name: $out"
    if [ "${2:-}" = kill ]; then
        array=$(printf '%s\n' "$out" | sed -n 's/^array \([0-9]*\).*/\1/p')
        # cancel task 1 as soon as it runs
        i=0
        while ! squeue -h -j "${array}_1" -t R 2>/dev/null | grep -q .; do
            sleep 0.2; i=$((i + 1)); [ $i -lt 600 ] || break
        done
        scancel "${array}_1"
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
    for part in events mentions; do
        if ! cmp -s "$work/ref.$part" "$work/$name.$part"; then
            echo "slurm-test: FAILED: $name: $part differ from the single-process ingest"
            diff "$work/ref.$part" "$work/$name.$part" | head -20
            exit 1
        fi
    done
    echo "slurm-test: $name: store identical to the single-process ingest ($(wc -l < "$work/ref.events") events, $(wc -l < "$work/ref.mentions") mentions)"
}
run_case array
run_case killed kill
echo "slurm-test: ok"
