#!/bin/sh
# tests/browser/run.sh [BUILD]: dyad serve's page in Debian's headless Chromium.
#
# Ingests the test documents (tests/browser/docs.jsonl, written for this test:
# 60 short articles from 8 outlets over six months of 2024) and the bundled
# example into a fresh SQLite store, starts `dyad serve` on a free loopback
# port, and runs dashboard.mjs (puppeteer-core driving /usr/bin/chromium):
# paste examples/modi-moscow.txt, check its events are highlighted at the
# spans `dyad code` finds, open a dyad's series, the network, the map and an
# event, screenshot each and check none is blank.  Then checks the server
# is still running and stops it.
#
# puppeteer-core comes from the npm registry into a temporary directory
# (pinned version; set DYAD_PUPPETEER=DIR/node_modules to use an installed
# one).  Screenshots go to $DYAD_SHOTS (default: a temporary directory,
# printed).  Last line: "browser: N passed, N failed".
set -u
B=${1:-build}
cd "$(dirname "$0")/../.." || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/dyad-browser.XXXXXX")
OUT=${DYAD_SHOTS:-$T/shots}
mkdir -p "$OUT"
fail() { echo "browser: $*"; echo "browser: 0 passed, 1 failed"; [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; exit 1; }
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || fail "no Chromium at $CHROMIUM (apt-get install -y chromium)"
command -v node >/dev/null || fail "no node (apt-get install -y nodejs npm)"
NM=${DYAD_PUPPETEER:-}
if [ -z "$NM" ]; then
    (cd "$T" && npm install --no-audit --no-fund --silent --no-save puppeteer-core@24.43.1 >npm.log 2>&1) ||
        { cat "$T/npm.log"; fail "cannot install puppeteer-core from the npm registry"; }
    NM=$T/node_modules
fi
"$B/dyad" ingest tests/browser/docs.jsonl examples/modi-moscow.txt --db "$T/store.db" >"$T/ingest.log" 2>&1 ||
    { cat "$T/ingest.log"; fail "dyad ingest failed"; }
"$B/dyad" code examples/modi-moscow.txt >"$T/expected.jsonl" || fail "dyad code failed"
"$B/dyad" serve --db "$T/store.db" --port 0 --bind 127.0.0.1 >"$T/serve.log" 2>&1 &
PID=$!
PORT=""
for i in $(seq 1 100); do
    PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$T/serve.log")
    [ -n "$PORT" ] && break
    kill -0 "$PID" 2>/dev/null || { cat "$T/serve.log"; fail "dyad serve did not start"; }
    sleep 0.1
done
[ -n "$PORT" ] || fail "dyad serve printed no port"
echo "browser: dyad serve on 127.0.0.1:$PORT, store $T/store.db, screenshots in $OUT"
NODE_PATH="$NM" CHROMIUM="$CHROMIUM" timeout 300 node tests/browser/dashboard.mjs "http://127.0.0.1:$PORT/" \
    examples/modi-moscow.txt "$T/expected.jsonl" "$OUT" >"$T/browser.log" 2>&1
rc=$?
if kill -0 "$PID" 2>/dev/null; then alive=1; else alive=0; fi
kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null
grep -v '^browser: [0-9]* passed' "$T/browser.log"
p=$(sed -n 's/^browser: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$T/browser.log")
f=$(sed -n 's/^browser: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$T/browser.log")
[ -n "$p" ] || { p=0; f=1; echo "FAIL the browser script ended without its summary (exit $rc)"; }
if [ "$alive" = 1 ]; then p=$((p + 1)); echo "ok   dyad serve still running after the walk"; else f=$((f + 1)); echo "FAIL dyad serve died"; cat "$T/serve.log"; fi
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
echo "browser: $p passed, $f failed"
rm -rf "$T/node_modules" "$T"/store.db*   # keep the screenshots and logs
[ "$f" -eq 0 ]
