#!/bin/sh
# run.sh: build dyad's libFuzzer targets with clang and run each in turn.
#
#   fuzz/run.sh SECONDS [TARGET...]     (from the project root or fuzz/)
#
# Builds libdyad's sources and every fuzz/fuzz_*.c target into fuzz/build/
# (clang, -fsanitize=fuzzer,address,undefined), then runs the targets one at
# a time (never in parallel: cores are shared) for SECONDS each, on a scratch
# copy of fuzz/corpus/<target>/ so the committed seeds are never touched.
# Prints per target: executions, coverage (libFuzzer's final "cov:"), crashes.
# Exit status: 0 when no target crashed, 1 on a crash, 2 on a build error.
# Environment: CC (default clang), FUZZ_MAX_LEN (default 16384), DYAD_DATA,
# FUZZ_WORK (scratch dir; default a new mktemp -d, kept for the artifacts),
# FUZZ_FLAGS (extra libFuzzer flags, e.g. "-fork=1 -ignore_crashes=1").
set -u
SECS=${1:-60}
[ $# -gt 0 ] && shift
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
CC=${CC:-clang}
B=fuzz/build
MAXLEN=${FUZZ_MAX_LEN:-16384}
DATA=${DYAD_DATA:-$ROOT/data}
PKG_CFLAGS=$(pkg-config --cflags libutf8proc libcjson sqlite3 libpq libarchive libmicrohttpd libxml-2.0 zlib libzstd)
PKG_LIBS="$(pkg-config --libs libutf8proc libcjson sqlite3 libpq libarchive libmicrohttpd libxml-2.0 zlib libzstd) -lbz2 -lcld2 -lstdc++"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS="-std=c11 -O1 -g -Wall -Wextra -Wno-unused-parameter -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DDYAD_DATADIR=\"$DATA\" -Isrc $PKG_CFLAGS"
mkdir -p "$B/obj"

# ---- build: library objects (a source that does not compile is skipped
# with a warning: others may be editing it; targets that need it then fail to link)
objs=""
for src in $(find src -name '*.c' | sort); do
    o="$B/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
    if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || [ -n "$(find src -name '*.h' -newer "$o" | head -n 1)" ]; then
        if ! $CC $CFLAGS $SAN -fsanitize=fuzzer-no-link -c "$src" -o "$o" 2>"$o.log"; then
            echo "run.sh: warning: $src does not compile, left out (see $o.log)" >&2
            rm -f "$o"; continue
        fi
    fi
    objs="$objs $o"
done
# C++ sources (src/ingest/langid.cc: CLD2 has only a C++ API)
CXX=${CXX:-clang++}
for src in $(find src -name '*.cc' | sort); do
    o="$B/obj/$(echo "$src" | tr / _ | sed 's/\.cc$/.o/')"
    if [ ! -f "$o" ] || [ "$src" -nt "$o" ]; then
        if ! $CXX -std=c++17 -O1 -g -Isrc $SAN -fsanitize=fuzzer-no-link -c "$src" -o "$o" 2>"$o.log"; then
            echo "run.sh: warning: $src does not compile, left out (see $o.log)" >&2
            rm -f "$o"; continue
        fi
    fi
    objs="$objs $o"
done
rm -f "$B/libdyad-fuzz.a"
ar rcs "$B/libdyad-fuzz.a" $objs || exit 2

targets=""
if [ $# -gt 0 ]; then targets="$*"; else
    for f in fuzz/fuzz_*.c; do targets="$targets $(basename "$f" .c)"; done
fi
built=""
for t in $targets; do
    if { [ "$t" = fuzz_pipeline ] || [ "$t" = fuzz_serve ]; } && [ ! -f "$DATA/tagger/ewt.model" ]; then
        echo "run.sh: skipping $t: no tagger model at $DATA/tagger/ewt.model"; continue
    fi
    if ! $CC $CFLAGS -Ifuzz -fsanitize=fuzzer $SAN -o "$B/$t" "fuzz/$t.c" "$B/libdyad-fuzz.a" $PKG_LIBS -lpthread -lm 2>"$B/$t.log"; then
        cat "$B/$t.log" >&2; echo "run.sh: cannot build $t" >&2; exit 2
    fi
    built="$built $t"
done

# ---- run, one target at a time
W=${FUZZ_WORK:-$(mktemp -d /tmp/dyad-fuzz.XXXXXX)}
mkdir -p "$W/tmp" "$W/artifacts"
status=0
printf '%-20s %12s %8s %8s\n' target execs cov crashes
for t in $built; do
    rm -rf "$W/corpus/$t"; mkdir -p "$W/corpus/$t"
    [ -d "fuzz/corpus/$t" ] && cp fuzz/corpus/"$t"/* "$W/corpus/$t/" 2>/dev/null
    dict=""; [ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
    TMPDIR="$W/tmp" DYAD_DATA="$DATA" "./$B/$t" -max_total_time="$SECS" -print_final_stats=1 -max_len="$MAXLEN" \
        -timeout=20 -rss_limit_mb=3072 -artifact_prefix="$W/artifacts/$t-" ${FUZZ_FLAGS:-} $dict "$W/corpus/$t" >"$W/$t.log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$W/$t.log" | tail -n 1)
    [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9][0-9]*\).*cov:.*/\1/p' "$W/$t.log" | tail -n 1)   # -fork mode
    cov=$(grep -o 'cov: [0-9]*' "$W/$t.log" | tail -n 1 | sed 's/cov: //')
    crashes=$(ls "$W/artifacts" 2>/dev/null | grep -c "^$t-")
    printf '%-20s %12s %8s %8s\n' "$t" "${execs:-?}" "${cov:-?}" "$crashes"
    if [ "$crashes" -gt 0 ] || [ $rc -ne 0 ]; then
        status=1
        echo "  $t exited $rc; log: $W/$t.log; artifacts:"; ls "$W/artifacts" | grep "^$t-" | sed "s|^|    $W/artifacts/|"
        grep -m 3 -E 'ERROR:|runtime error|invariant failed' "$W/$t.log" | sed 's/^/    /'
    fi
done
echo "scratch: $W"
exit $status
