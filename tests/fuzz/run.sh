#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run the libFuzzer targets of tests/fuzz/ for a while each and report.
#
#   mkdir build-fuzz && cd build-fuzz &&
#       ../configure --enable-fuzzing CC=clang CXX=clang++ &&
#       make tests/fuzz/fuzz-html ... (or: make check TESTS=)
#   tests/fuzz/run.sh [-t SECONDS] [-j JOBS] [-w WORKDIR] BUILD [TARGET...]
#
# Each target (default all: html xml gzip charset cgi query) runs for
# SECONDS (default 600) with its dictionary, starting from its kept
# inputs (tests/fuzz/regress/fuzz-TARGET/) and from the real and hostile
# documents of its kind (corpus/, ../shared/badinputs), JOBS targets at a
# time (default 2).  The corpus each grows is kept in WORKDIR/TARGET
# (default /tmp/dossier-fuzz), so a later run goes on from it.  A crash,
# leak, timeout (10 s an input) or memory blow-up (2 GiB) leaves its
# input in WORKDIR/TARGET-crashes/: copy it into tests/fuzz/regress/
# fuzz-TARGET/ once fixed, and make check replays it from then on.
#
# Prints a line a target (runs, coverage, corpus size, crashes) and
# exits 1 when any target found something.
set -u

seconds=600 jobs=2 work=/tmp/dossier-fuzz
while getopts t:j:w: o; do
	case $o in
	t) seconds=$OPTARG ;;
	j) jobs=$OPTARG ;;
	w) work=$OPTARG ;;
	*) echo "usage: run.sh [-t SECONDS] [-j JOBS] [-w WORKDIR] BUILD [TARGET...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "run.sh: which build tree?" >&2; exit 2; }
build=$1
shift
[ $# -gt 0 ] || set -- html xml gzip charset cgi query
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
bad="$top/../shared/badinputs"

# seeds TARGET DIR: link the documents of the target's kind into DIR.
seeds() {
	case $1 in
	html | charset) pats="*.html *.htm *.xml" ;;
	xml) pats="*.xml" ;;
	gzip) pats="*.gz" ;;
	*) pats="" ;;
	esac
	for p in $pats; do
		find "$top/corpus" "$bad" -type f -name "$p" 2>/dev/null
	done | head -n 400 | while read -r f; do
		ln -sf "$f" "$2/$(echo "$f" | md5sum | cut -c1-16)-$(basename "$f")"
	done
	if [ "$1" = cgi ] || [ "$1" = query ]; then
		[ -f "$bad/cgi-queries.txt" ] &&
			awk -v d="$2" '{ f = d "/line-" NR; printf "%s", $0 > f; close(f) }' \
				"$bad/cgi-queries.txt"
	fi
}

# The longest input a target is given.  HTML: libxml2 2.9's HTML parser
# takes time quadratic in the attributes of an element (1.3 s for 256 kB
# of them), which the indexer bounds with its CPU limit a document; at
# 64 kB it stays well within the 10 s a fuzzer input may take.
max_len() {
	case $1 in
	html) echo 65536 ;;
	*) echo 262144 ;;
	esac
}

run_one() {
	t=$1
	bin="$build/tests/fuzz/fuzz-$t"
	[ -x "$bin" ] || { echo "fuzz-$t: not built in $build" >&2; return 1; }
	mkdir -p "$work/$t" "$work/$t-seeds" "$work/$t-crashes"
	seeds "$t" "$work/$t-seeds"
	start=$(date +%s)
	LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:${LSAN_OPTIONS:-}" \
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-max_len="$(max_len "$t")" -dict="$here/fuzz-$t.dict" -print_final_stats=1 \
		-artifact_prefix="$work/$t-crashes/" \
		"$work/$t" "$here/regress/fuzz-$t" "$work/$t-seeds" \
		>"$work/$t.log" 2>&1
	rc=$?
	took=$(($(date +%s) - start))
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$work/$t.log" | tail -n 1 | cut -d' ' -f2)
	crashes=$(find "$work/$t-crashes" -type f | wc -l)
	echo "fuzz-$t: ${took}s of ${seconds}s, ${runs:-?} runs, coverage ${cov:-?} edges, corpus $(find "$work/$t" -type f | wc -l) inputs, $crashes crashes (exit $rc)"
	[ "$crashes" -eq 0 ] && [ $rc -eq 0 ]
}

status=0
pids=""
mkdir -p "$work"
for t in "$@"; do
	run_one "$t" >"$work.$t.summary" 2>&1 &
	pids="$pids $!"
	while [ "$(jobs -p | wc -l)" -ge "$jobs" ]; do
		sleep 1
	done
done
for p in $pids; do
	wait "$p" || status=1
done
for t in "$@"; do
	cat "$work.$t.summary"
	rm -f "$work.$t.summary"
done
exit $status
