#!/bin/bash
# Benchmarks of 'afalg-audit scan' (figures go to bench/RESULTS.md, "scan").
#
#   bench/scan.sh [BUILD_DIR] [TREE]      defaults: build, /usr
#
# Measures, warm cache, in one run so the numbers are comparable:
#   1. the anchor: scanelf -qRn TREE (pax-utils; reads ELF headers only)
#   2. afalg-audit scan TREE (full analysis, 2 worker threads), and its max RSS
#   3. a naive pipeline (find | readelf | strings | grep, 2 parallel jobs) on a
#      subset (TREE/bin, TREE/sbin, TREE/lib/x86_64-linux-gnu), against
#      afalg-audit on the same subset: the whole tree takes the naive way tens
#      of minutes
#   4. .deb throughput: the cached test packages (/var/cache/afalg-audit/debs)
#   5. memory over many archives: max RSS and time of one scan of apt's cache
#      and the test packages (AFALG_BENCH_ARCHIVES: other directories), the
#      figure the ≤ 200 MiB goal is about (big members spooled to $TMPDIR)
#   In 1+2 and 4, hyperfine runs the commands without a shell (-N), and 4
#   has the anchor for archives: dpkg-deb --fsys-tarfile of each .deb (only
#   the decompression a survey cannot avoid), one after another and two at a
#   time, beside scan with 2 workers (the default) and with 1.
#
# AFALG_BENCH_SECTIONS="1 4" runs only those sections (default: all; 3, the
# naive pipeline, takes ~5 minutes).
# Needs: hyperfine, pax-utils (scanelf), time (/usr/bin/time), binutils.
#   apt-get install hyperfine pax-utils time
# Writes the raw figures to BUILD_DIR/scan-bench.txt (or $AFALG_BENCH_OUT) and stdout.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
tree=${2:-/usr}
exe=$build/afalg-audit
debs=${AFALG_DEB_CACHE:-/var/cache/afalg-audit/debs}
out=${AFALG_BENCH_OUT:-$build/scan-bench.txt}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for tool in hyperfine scanelf /usr/bin/time readelf strings; do
	command -v "$tool" >/dev/null || {
		echo "scan.sh: $tool missing (apt-get install hyperfine pax-utils time binutils)" >&2
		exit 2
	}
done
[[ -x $exe ]] || { echo "scan.sh: $exe not built" >&2; exit 2; }

sections=${AFALG_BENCH_SECTIONS:-1 3 4 5}
want() { [[ " $sections " == *" $1 "* ]]; }

exec > >(tee "$out")
echo "# afalg-audit scan benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -r)"
echo "tree: $tree, $(find "$tree" -xdev -type f | wc -l) files, $(du -sh "$tree" 2>/dev/null | cut -f1)"
echo

# Warm the cache for everyone.
scanelf -qRn "$tree" >/dev/null 2>&1 || true
"$exe" scan -q -o /dev/null "$tree"

if want 1; then
echo "## 1+2. whole tree, warm cache"
hyperfine -N --warmup 1 --runs 5 -i --export-markdown "$tmp/tree.md" \
	-n "scanelf -qRn $tree" "scanelf -qRn $tree" \
	-n "afalg-audit scan $tree (2 jobs)" "$exe scan -q -j2 -o /dev/null $tree"
cat "$tmp/tree.md"
/usr/bin/time -f "afalg-audit scan $tree: %e s wall, %U s user, %S s sys, max RSS %M KiB" \
	"$exe" scan -q -j2 -o "$tmp/tree.json" "$tree"
python3 - "$tmp/tree.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["stats"]
uses = [f for f in d["files"] if f["classification"] == "uses"]
print(f"files {s['files']}, ELF {s['elf_files']}, {s['bytes'] / 1e9:.2f} GB; "
      f"uses {len(uses)} ({sum(1 for f in uses if f['use'] != 'library')} not only through a library), "
      f"capable {len(d['files']) - len(uses)}, errors {s['errors']}")
PY
echo
fi

if want 3; then
echo "## 3. naive pipeline vs afalg-audit on a subset"
sub=("$tree/bin" "$tree/sbin" "$tree/lib/x86_64-linux-gnu")
cat >"$tmp/naive.sh" <<'NAIVE'
#!/bin/bash
# What one would write by hand: for every file, readelf for libkcapi, strings for type names.
for f in "$@"; do
	if readelf -d "$f" 2>/dev/null | grep -q 'libkcapi' ||
	   strings -a "$f" 2>/dev/null | grep -qxE 'hash|skcipher|aead|rng|cbc\(aes\)|hmac\(sha[0-9]+\)'; then
		echo "$f"
	fi
done
NAIVE
chmod +x "$tmp/naive.sh"
echo "subset: ${sub[*]}, $(find "${sub[@]}" -type f | wc -l) files"
hyperfine --warmup 1 --runs 3 --export-markdown "$tmp/sub.md" \
	-n "afalg-audit scan (subset)" "$exe scan -q -j2 -o /dev/null ${sub[*]}"
hyperfine --runs 1 --export-markdown "$tmp/naive.md" \
	-n "find | readelf | strings | grep (subset, 2 jobs)" \
	"find ${sub[*]} -type f -print0 | xargs -0 -n 64 -P 2 $tmp/naive.sh >/dev/null"
cat "$tmp/sub.md" "$tmp/naive.md"
echo
fi

if want 4; then
echo "## 4. .deb archives ($debs)"
n=$(ls "$debs"/*.deb | wc -l)
mb=$(du -cm "$debs"/*.deb | tail -1 | cut -f1)
echo "$n packages, $mb MB compressed"
cat >"$tmp/fsys.sh" <<'FSYS'
#!/bin/bash
for f in "$@"; do dpkg-deb --fsys-tarfile "$f" >/dev/null || exit 1; done
FSYS
chmod +x "$tmp/fsys.sh"
mapfile -t deblist < <(ls "$debs"/*.deb)
printf '%s\n' "${deblist[@]}" >"$tmp/list"
hyperfine -N --warmup 1 --runs 5 --export-markdown "$tmp/debs.md" \
	-n "dpkg-deb --fsys-tarfile, one after another" "$tmp/fsys.sh ${deblist[*]}" \
	-n "dpkg-deb --fsys-tarfile, two at a time" \
	"xargs -P2 -n1 -a $tmp/list $tmp/fsys.sh" \
	-n "afalg-audit scan $n .debs (2 jobs, default)" "$exe scan -q -j2 -o /dev/null $debs" \
	-n "afalg-audit scan $n .debs (1 job)" "$exe scan -q -j1 -o /dev/null $debs"
cat "$tmp/debs.md"
"$exe" scan -q -j2 -o "$tmp/debs.json" "$debs"
python3 - "$tmp/debs.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["stats"]
print(f"archives {s['archives']}, members analysed {s['archive_members']}, seconds {s['seconds']:.2f}")
PY
echo
fi

if want 5; then
archives=${AFALG_BENCH_ARCHIVES:-/var/cache/apt/archives $debs}
echo "## 5. memory over many archives ($archives)"
echo "$(ls $(for d in $archives; do echo "$d"/*.deb "$d"/*.rpm; done) 2>/dev/null | wc -l) archives," \
	"$(du -csh $archives 2>/dev/null | tail -1 | cut -f1)"
# shellcheck disable=SC2086 # several directories
/usr/bin/time -f "afalg-audit scan (archives): %e s wall, %U s user, %S s sys, max RSS %M KiB" \
	"$exe" scan -q -j2 -o "$tmp/archives.json" $archives
python3 - "$tmp/archives.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["stats"]
print(f"archives {s['archives']}, members analysed {s['archive_members']}, ELF {s['elf_files']}, "
      f"findings {len(d['files'])}, errors {s['errors']}")
PY
fi
