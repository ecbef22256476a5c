#!/bin/sh
# bench/run.sh: the throughput benchmark of issue 5, with public tools only.
#   sh bench/run.sh [N_SENTENCES]      (default 200000)
# Builds the corpus (fixed seed), then runs `dyad code` on it: one thread and
# -j $(nproc), median of 5 runs each (wall time, /usr/bin/time -v for peak RSS),
# checks that -j output is identical to -j 1, reports start-up time and the
# per-stage profile from --stats.
set -e
cd "$(dirname "$0")/.."
N=${1:-200000}
C=bench/corpus-$N.jsonl
[ -f "$C" ] || python3 bench/make-corpus.py "$N" > "$C"
D=./build/dyad
J=$(nproc)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "corpus: $C, $(wc -l < "$C") documents, $N sentences, $(du -m "$C" | cut -f1) MB"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() {  # $1 = threads; prints wall seconds of 5 runs
    for i in 1 2 3 4 5; do
        s=$(date +%s.%N); $D code -j "$1" "$C" > /dev/null; e=$(date +%s.%N)
        echo "$e - $s" | bc -l
    done
}
$D code -j 1 "$C" > /dev/null   # warm-up
t1=$(run 1 | median); tj=$(run "$J" | median)
printf 'one thread : %.3f s  %.0f sentences/s  %.1f MB/s\n' "$t1" "$(echo "$N / $t1" | bc -l)" "$(echo "$(du -m "$C" | cut -f1) / $t1" | bc -l)"
printf '%d threads  : %.3f s  %.0f sentences/s  (%.2fx)\n' "$J" "$tj" "$(echo "$N / $tj" | bc -l)" "$(echo "$t1 / $tj" | bc -l)"
$D code -j 1 "$C" | md5sum > /tmp/dyad-bench-1.md5
$D code -j "$J" "$C" | md5sum > /tmp/dyad-bench-j.md5
cmp -s /tmp/dyad-bench-1.md5 /tmp/dyad-bench-j.md5 && echo "-j $J output identical to -j 1: yes" || echo "-j $J output identical to -j 1: NO"
/usr/bin/time -v $D code "$C" 2>&1 >/dev/null | awk '/Maximum resident/ {printf "peak RSS (-j 1): %.1f MB\n", $6/1024}'
/usr/bin/time -v $D code -j "$J" "$C" 2>&1 >/dev/null | awk '/Maximum resident/ {printf "peak RSS (-j %s): %.1f MB\n", "'"$J"'", $6/1024}'
head -1 "$C" > /tmp/dyad-bench-one.jsonl
$D code --stats /tmp/dyad-bench-one.jsonl 2>&1 >/dev/null | grep 'start-up'
$D code --stats "$C" 2>&1 >/dev/null | tail -n +2
