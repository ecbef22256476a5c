#!/bin/sh
# install.sh: `make install` into a temporary prefix from a copy of the
# checkout, delete the copy, then check that the installed dyad codes the
# example, finds its data, and that `man -l` renders dyad(1).  Run by .ci/run.
set -e
here=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/src"
(cd "$here" && git ls-files -z | tar --null -T - -cf -) | (cd "$tmp/src" && tar -xf -)
cp "$here/examples/modi-moscow.txt" "$tmp/example.txt"
make -C "$tmp/src" -j2 >/dev/null
make -C "$tmp/src" install PREFIX=/opt/dyad DESTDIR="$tmp/stage" >/dev/null
rm -rf "$tmp/src"                     # the checkout is gone
bin="$tmp/stage/opt/dyad/bin/dyad"
cd "$tmp"
out=$("$bin" code example.txt)
n=$(printf '%s\n' "$out" | grep -c '"cameo"' || true)
[ "$n" -ge 3 ] || { echo "install.sh: installed dyad coded $n events from the example"; exit 1; }
"$bin" dicts | grep -q "data directory: $tmp/stage/opt/dyad/share/dyad" || { echo "install.sh: installed dyad does not use its share/dyad"; "$bin" dicts | head -2; exit 1; }
"$bin" code --help | grep -q -- "--format" || { echo "install.sh: dyad code --help"; exit 1; }
[ -f "$tmp/stage/opt/dyad/share/dyad/web/index.html" ] && [ -f "$tmp/stage/opt/dyad/share/dyad/web/vendor/echarts/LICENSE" ] || { echo "install.sh: the dyad serve page (share/dyad/web) is not installed"; exit 1; }
man -l "$tmp/stage/opt/dyad/share/man/man1/dyad.1" 2>/dev/null | col -b > man.txt || true
grep -q "EXIT STATUS" man.txt || { echo "install.sh: man -l did not render dyad(1)"; exit 1; }
for c in code dicts eval; do grep -q "dyad $c" man.txt || { echo "install.sh: dyad(1) does not describe dyad $c"; exit 1; }; done
make -C "$here" uninstall PREFIX=/opt/dyad DESTDIR="$tmp/stage" >/dev/null
[ ! -e "$bin" ] && [ ! -d "$tmp/stage/opt/dyad/share/dyad" ] || { echo "install.sh: make uninstall left files"; exit 1; }
echo "install.sh: ok ($n events from the installed binary, man page renders, uninstall clean)"
