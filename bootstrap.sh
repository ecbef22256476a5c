#!/bin/sh
# bootstrap.sh: install the Debian packages dyad needs (when missing), then build.
# Usage: sh bootstrap.sh        (as root, or with sudo available)
set -e
PKGS="build-essential pkg-config libutf8proc-dev libcjson-dev libxml2-dev clang libclang-rt-14-dev python3 bc time man-db groff-base bsdextrautils python3-pandas libsqlite3-dev sqlite3 libpq-dev postgresql libarchive-dev zlib1g-dev libzstd-dev libbz2-dev libcld2-dev zstd bsdutils"
PKGS="$PKGS libmicrohttpd-dev chromium"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# node and npm (the browser test's driver): Debian's packages only when no node/npm is
# installed at all (a NodeSource nodejs already ships npm and conflicts with Debian's npm)
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "bootstrap: installing$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
make -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
echo "bootstrap: built build/dyad"
