#!/bin/sh
# bootstrap.sh: install the Debian packages dyad needs (when missing), then build.
# Usage: sh bootstrap.sh        (as root, or with sudo available)
set -e
PKGS="build-essential pkg-config libutf8proc-dev libcjson-dev libxml2-dev clang libclang-rt-14-dev python3 bc time man-db groff-base bsdextrautils python3-pandas libsqlite3-dev sqlite3 libpq-dev postgresql libarchive-dev zlib1g-dev libzstd-dev libbz2-dev libcld2-dev zstd bsdutils"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "bootstrap: installing$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
make -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
echo "bootstrap: built build/dyad"
