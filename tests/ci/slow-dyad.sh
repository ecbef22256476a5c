#!/bin/sh
# slow-dyad.sh: stands in for dyad in slurm-test.sh's second run.  For
# `ingest`, it ingests the first input file, pauses, then the others, so a
# task cancelled while it runs is cancelled mid-shard, with part of its
# documents committed.  Everything else goes straight to $REAL_DYAD.
[ "$1" = ingest ] || exec "$REAL_DYAD" "$@"
opts="" files=""
for a in "$@"; do
    case "$a" in
        *.jsonl) files="$files $a" ;;
        *) opts="$opts $a" ;;
    esac
done
set -- $files
first=$1; shift
"$REAL_DYAD" $opts "$first" || exit $?
echo "slow-dyad: $first ingested; pausing" >&2
sleep "${SLOW_DYAD_PAUSE:-20}"
[ $# -eq 0 ] || exec "$REAL_DYAD" $opts "$@"
