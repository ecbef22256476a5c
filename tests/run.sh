#!/bin/sh
# Run every test program in $1/tests (built by `make test`) from the project
# root and sum their last lines ("N passed, N failed, N skipped").
B=${1:-build}
p=0; f=0; s=0; bad=""
for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    case "$t" in *.o|*.d) continue;; esac
    out=$("$t" 2>&1); rc=$?
    last=$(printf '%s\n' "$out" | tail -n 1)
    set -- $(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p')
    if [ $# -ne 3 ]; then
        printf '%s\n' "$out"; echo "CRASH or no summary: $t (exit $rc)"; f=$((f + 1)); bad="$bad $t"; continue
    fi
    p=$((p + $1)); f=$((f + $2)); s=$((s + $3))
    if [ "$2" -ne 0 ] || [ $rc -ne 0 ]; then printf '%s\n' "$out"; bad="$bad $t"; fi
    printf '%-40s %s\n' "$(basename "$t")" "$last"
done
[ -n "$bad" ] && echo "failing:$bad"
echo "$p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
