#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Line coverage of src/ by the whole test suite, with gcov and lcov.
#
#   tests/coverage.sh [-m MIN] [BUILD]
#
# Configures BUILD (default build-cov/ beside the sources) with
# --enable-coverage when it is not already, builds, clears old counts,
# runs make check, and reports the lines of src/ that ran: a line a file
# (lcov --list), then the total.  The HTML report, where each line never
# reached is marked, goes to BUILD/coverage/index.html, and the ranges of
# lines never reached, a file a line, to BUILD/coverage/missed.txt.
# Exits 1 when a test failed or the total is below MIN percent
# (default 85).  Needs lcov (Debian: lcov).
set -eu

min=85
while getopts m: o; do
	case $o in
	m) min=$OPTARG ;;
	*) echo "usage: coverage.sh [-m MIN] [BUILD]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-cov}
command -v lcov >/dev/null 2>&1 ||
	{ echo "coverage.sh: needs lcov (apt-get install lcov)" >&2; exit 2; }

mkdir -p "$build"
build=$(cd "$build" && pwd)
cd "$build"
if ! grep -q '^#define DS_COVERAGE 1' config.h 2>/dev/null; then
	[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi)
	"$top/configure" -q --enable-coverage CFLAGS="-g -O0" \
		CXXFLAGS="-g -O0"
fi
jobs=$(nproc 2>/dev/null || echo 2)
make -s -j"$jobs"
find . -name '*.gcda' -exec rm -f {} +
status=0
make -s -j"$jobs" check || status=1

out="$build/coverage"
rm -rf "$out"
mkdir -p "$out"
# Counts from threads and from processes killed on purpose can come out
# slightly inconsistent; lcov warns and carries on.
lcov -q --capture --directory . --output-file "$out/all.info" 2>"$out/lcov.log" ||
	{ cat "$out/lcov.log" >&2; exit 1; }
lcov -q --extract "$out/all.info" "$top/src/*" \
	--output-file "$out/src.info" 2>>"$out/lcov.log"
lcov --list "$out/src.info" 2>>"$out/lcov.log" | sed -n '/^\[/,$p'
genhtml -q --title "Dossier src/" --output-directory "$out" \
	"$out/src.info" 2>>"$out/lcov.log" || true

# The lines never reached, as ranges, a file a line.
awk -F'[:,]' '
	$1 == "SF" { file = $2; sub(".*/src/", "src/", file) }
	$1 == "DA" && $3 == 0 { miss[file] = miss[file] " " $2 }
	END {
		for (f in miss) {
			n = split(miss[f], l, " ")
			line = f ":"; from = prev = l[1]
			for (i = 2; i <= n + 1; i++) {
				if (i <= n && l[i] == prev + 1) { prev = l[i]; continue }
				line = line " " (from == prev ? from : from "-" prev)
				if (i <= n) from = prev = l[i]
			}
			print line
		}
	}' "$out/src.info" | sort >"$out/missed.txt"

total=$(awk -F'[:,]' '$1 == "DA" { n++; if ($3 > 0) hit++ }
	END { printf "%.1f", n ? 100 * hit / n : 0 }' "$out/src.info")
echo "coverage.sh: $total% of the lines of src/ ran (at least $min% wanted);" \
	"report in $out/index.html, lines missed in $out/missed.txt"
[ "$status" -eq 0 ] || { echo "coverage.sh: make check failed" >&2; exit 1; }
awk -v t="$total" -v m="$min" 'BEGIN { exit !(t + 0 >= m + 0) }' ||
	{ echo "coverage.sh: below $min%" >&2; exit 1; }
