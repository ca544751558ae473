#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end: every command in the EXAMPLES of doc/dossier-query.1 runs,
# as written, on corpus/ and data/ (linked into a scratch directory, the
# built programs first on PATH), exits 0 and prints something (or, for
# the one that writes run.txt, writes it).  An example piping to a tool
# that is not installed (jq) is skipped, saying so.  The man page's
# examples are what a new user types first: they must keep working.

. "$top_srcdir/tests/tap.sh"

man="$top_srcdir/doc/dossier-query.1"
[ -f "$top_srcdir/corpus/MANIFEST.tsv" ] || skip_all "corpus/ is not there"
make_scratch
mkdir "$scratch/bin" "$scratch/run"
ln -s "$top_builddir/dossier-index" "$top_builddir/dossier-query" \
	"$scratch/bin/"
ln -s "$top_srcdir/corpus" "$top_srcdir/data" "$scratch/run/"

# The EXAMPLES block, one command a line: groff's \e is a backslash, and
# a line ending in "|" continues on the next.
sed -n '/^\.SH EXAMPLES/,/^\.SH/p' "$man" |
	sed -n '/^\.nf/,/^\.fi/p' | grep -v '^\.' |
	sed 's/\\e/\\/g; s/^ *//' |
	awk '/\|$/ { printf "%s ", $0; next } { print }' >"$scratch/examples"
n=$(grep -c . "$scratch/examples")
check "the man page has examples ($n)" test "$n" -ge 5

i=0
while IFS= read -r cmd; do
	i=$((i + 1))
	case $cmd in
	*"| jq"*)
		if ! command -v jq >/dev/null 2>&1; then
			ok "# SKIP example $i needs jq: $cmd"
			continue
		fi ;;
	esac
	(cd "$scratch/run" && PATH="$scratch/bin:$PATH" sh -c "$cmd") \
		>"$scratch/out.$i" 2>"$scratch/err.$i"
	rc=$?
	case $cmd in
	*"> run.txt"*) produced="$scratch/run/run.txt" ;;
	dossier-index*) produced="$scratch/run/idx/iamglass" ;;
	*) produced="$scratch/out.$i" ;;
	esac
	if [ "$rc" -eq 0 ] && [ -s "$produced" ]; then
		ok "example $i: $cmd"
	else
		not_ok "example $i: $cmd" "exit status $rc" \
			"$(head -c 1500 "$scratch/err.$i")"
	fi
done <"$scratch/examples"

done_testing
