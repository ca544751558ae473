#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The fuzz targets (tests/fuzz/, see fuzz.h), run once over every input
# kept in tests/fuzz/regress/TARGET/ (each crash fuzzing found, and the
# seeds), and over the real and hostile documents beside the checkout:
# corpus/ and ../shared/badinputs for the extractors and the charset
# reader, every line of badinputs/cgi-queries.txt as a request for the
# CGI target and as a query for the query target.  A target aborts on a
# broken invariant; under the sanitizer build, memory errors and
# undefined behaviour fail it too.

. "$top_srcdir/tests/tap.sh"

fz="$top_builddir/tests/fuzz"
regress="$top_srcdir/tests/fuzz/regress"
bad="$top_srcdir/../shared/badinputs"
corpus="$top_srcdir/corpus"
make_scratch

# replay TARGET WHAT PATH...: the target over the paths, as one check.
replay() {
	target=$1 what=$2
	shift 2
	if "$fz/$target" "$@" >"$scratch/out" 2>&1; then
		ok "$target: $what ($(tail -n 1 "$scratch/out" | sed 's/.*: //'))"
	else
		not_ok "$target: $what"
		sed 's/^/# /' "$scratch/out" | tail -n 30
	fi
}

for t in html xml gzip charset cgi query; do
	replay fuzz-$t "the kept inputs" "$regress/fuzz-$t"
done

# Files of a kind from corpus/ and badinputs/, into a directory.
gather() {
	dir="$scratch/$1"
	mkdir -p "$dir"
	shift
	n=0
	for pattern in "$@"; do
		find "$corpus" "$bad" -type f -name "$pattern" 2>/dev/null
	done | while read -r f; do
		n=$((n + 1))
		ln -s "$f" "$dir/$n-$(basename "$f")"
	done
	echo "$dir"
}

replay fuzz-html "corpus/ and badinputs HTML" "$(gather html '*.html' '*.htm')"
replay fuzz-xml "corpus/ and badinputs XML" "$(gather xml '*.xml')"
replay fuzz-gzip "badinputs gzip" "$(gather gz '*.gz')"
replay fuzz-charset "corpus/ and badinputs HTML and XML" "$(gather cs '*.html' '*.xml')"

if [ -f "$bad/cgi-queries.txt" ]; then
	mkdir -p "$scratch/lines"
	i=0
	while IFS= read -r line || [ -n "$line" ]; do
		i=$((i + 1))
		printf '%s' "$line" >"$scratch/lines/$i"
	done <"$bad/cgi-queries.txt"
	replay fuzz-cgi "each line of cgi-queries.txt" "$scratch/lines"
	replay fuzz-query "each line of cgi-queries.txt as a query" "$scratch/lines"
fi

done_testing
