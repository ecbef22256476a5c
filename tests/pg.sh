#!/bin/sh
# tests/pg.sh: a throwaway PostgreSQL server for the store tests.
#   eval "$(sh tests/pg.sh start)"   starts one on 127.0.0.1 in a temporary directory as an
#                                    unprivileged user and prints export DYAD_TEST_PG=... PG_TMP=...
#   sh tests/pg.sh stop              stops it (PG_TMP from the environment) and removes the directory
# Prints nothing to eval and a reason on stderr when no server can be started
# (the tests then skip PostgreSQL with that message).
set -e
BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
cmd=${1:-start}
if [ "$cmd" = stop ]; then
    [ -n "$PG_TMP" ] && [ -d "$PG_TMP" ] || exit 0
    U=$(stat -c %U "$PG_TMP/data")
    if [ "$(id -u)" -eq 0 ]; then su "$U" -s /bin/sh -c "$BIN/pg_ctl -D '$PG_TMP/data' -m fast -w stop" >/dev/null 2>&1 || true
    else "$BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$PG_TMP"
    exit 0
fi
[ -x "$BIN/initdb" ] || { echo "pg.sh: no PostgreSQL server binaries (install postgresql)" >&2; exit 0; }
T=$(mktemp -d /tmp/dyad-pg-XXXXXX)
chmod 755 "$T"
PORT=${PG_PORT:-$(( 20000 + $$ % 20000 ))}
run() { sh -c "$1"; }
if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses root: run the server as the postgres user, or a dyadci user we create
    U=postgres
    id "$U" >/dev/null 2>&1 || { id dyadci >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin dyadci; U=dyadci; }
    chown "$U" "$T"
    run() { su "$U" -s /bin/sh -c "$1"; }
fi
if ! run "$BIN/initdb -D '$T/data' -U dyad --auth=trust --locale=C -E UTF8" > "$T/initdb.log" 2>&1; then
    echo "pg.sh: initdb failed: $(tail -3 "$T/initdb.log")" >&2; rm -rf "$T"; exit 0
fi
if ! run "$BIN/pg_ctl -D '$T/data' -l '$T/server.log' -w -t 30 -o \"-k '$T' -h 127.0.0.1 -p $PORT -c fsync=off -c full_page_writes=off\" start" > "$T/start.log" 2>&1; then
    echo "pg.sh: server did not start: $(tail -3 "$T/server.log" 2>/dev/null)" >&2; rm -rf "$T"; exit 0
fi
run "$BIN/createdb -h 127.0.0.1 -p $PORT -U dyad dyadtest" > "$T/createdb.log" 2>&1 || { echo "pg.sh: createdb failed" >&2; exit 0; }
echo "export PG_TMP='$T' DYAD_TEST_PG='postgresql://dyad@127.0.0.1:$PORT/dyadtest' DYAD_TEST_PG_PORT=$PORT"
