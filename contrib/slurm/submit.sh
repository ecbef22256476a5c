#!/bin/sh
# submit.sh: submit a backfill: an array of shard tasks, then the dedup job
# that runs when every shard succeeded.
#
#   contrib/slurm/submit.sh FILELIST STATEDIR DBURL [NSHARDS] [PARALLEL]
#
# FILELIST: one input file per line (WARC, WARC.gz, JSON Lines, HTML, ...).
# STATEDIR: a directory on a shared file system for shard lists and markers.
# DBURL:    postgresql://user@host/db (password from ~/.pgpass or PGPASSWORD).
# NSHARDS:  array size (default: files / 50, at least 1); PARALLEL: tasks at
#           a time (default 16).  Re-running the same command skips the
#           finished shards and re-runs failed ones.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
FILELIST=$1 STATEDIR=$2 DBURL=$3
nfiles=$(grep -c . "$FILELIST" || true)
NSHARDS=${4:-$(( nfiles / 50 > 0 ? nfiles / 50 : 1 ))}
PARALLEL=${5:-16}
mkdir -p "$STATEDIR"
array=$(sbatch --parsable --array=0-$((NSHARDS - 1))%"$PARALLEL" --chdir="$STATEDIR" \
    ${SBATCH_OPTS:-} "$here/dyad-shard.sbatch" "$FILELIST" "$STATEDIR" "$DBURL")
array=${array%%;*}
dedup=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes --chdir="$STATEDIR" \
    ${SBATCH_OPTS:-} "$here/dyad-dedup.sbatch" "$DBURL")
dedup=${dedup%%;*}
echo "array $array ($NSHARDS shards, $PARALLEL at a time), dedup $dedup"
