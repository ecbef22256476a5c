#!/bin/sh
# backfill.sh: the Slurm recipe on one big machine, with GNU parallel.
#
#   contrib/parallel/backfill.sh FILELIST DBURL [JOBS]
#
# Splits FILELIST into JOBS round-robin shards, runs one `dyad ingest` per
# shard concurrently into the shared PostgreSQL store (each document in its
# own transaction, so workers never interleave), then merges mentions into
# events once with `dyad dedup`.  A shard that fails is reported by parallel's
# joblog; re-running with --resume-failed (PARALLEL_OPTS) re-runs only it.
set -eu
FILELIST=$1 DBURL=$2 JOBS=${3:-$(nproc)}
DYAD=${DYAD:-dyad}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
while [ $i -lt "$JOBS" ]; do
    awk -v i="$i" -v n="$JOBS" '(NR - 1) % n == i' "$FILELIST" > "$tmp/shard-$i"
    i=$((i + 1))
done
ls "$tmp"/shard-* | parallel -j "$JOBS" --joblog "${JOBLOG:-backfill.joblog}" ${PARALLEL_OPTS:-} \
    "xargs -d '\n' $DYAD ingest --quiet --no-merge --db '$DBURL' < {}"
"$DYAD" dedup --incremental --db "$DBURL"
