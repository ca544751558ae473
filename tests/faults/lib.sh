# SPDX-License-Identifier: GPL-2.0-or-later
#
# lib.sh: the set-up shared by the fault scripts of tests/faults/
# (kill-index.sh, disk-full.sh, two-indexers.sh), sourced by each with
#   . "$(dirname "$0")/lib.sh"
#
# A script sets before sourcing it:
#   me        its name, the prefix of its messages ("kill-index")
#   TRIALS    its number of trials, with its default: TRIALS=${TRIALS:-50}
#   programs  the programs of top_builddir it runs ("dossier-index
#             dossier-query"), checked in that order
#   commands  the other commands it needs ("timeout awk")
#   and, if it has something of its own to undo on exit, a function
#   cleanup_hook (run by cleanup, before the scratch directory goes).
#
# It provides:
#   - the defaults of top_builddir, top_srcdir, SEED and XAPIAN_CHECK, and
#     index, query (dossier-index and dossier-query in top_builddir),
#     corpus and delve (xapian-delve);
#   - the checks: each of programs, xapian-check, xapian-delve and each of
#     commands there ("$me: SKIP: ...", exit 77), corpus/ there and TRIALS
#     a number (exit 99);
#   - scratch, a new directory under TMPDIR (default /tmp), removed on exit
#     unless KEEP=1 (then named); on exit the pids in bg (which the script
#     sets while it has processes in the background, and empties after)
#     are killed with SIGKILL; INT, TERM and HUP exit 99;
#   - DOSSIER_DB unset, NO_COLOR=1 exported and RANDOM seeded with SEED;
#   - the helpers die, rand, pick, now_ms, doccount, revision, found and
#     reset_tree (below).

top_builddir=${top_builddir:-/work/main/build}
top_srcdir=${top_srcdir:-/work/main}
SEED=${SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
XAPIAN_CHECK=${XAPIAN_CHECK:-/usr/bin/xapian-check}
index="$top_builddir/dossier-index"
query="$top_builddir/dossier-query"
corpus="$top_srcdir/corpus"

for tool in $programs; do
	tool="$top_builddir/$tool"
	[ -x "$tool" ] || { echo "$me: SKIP: $tool is not there"; exit 77; }
done
[ -x "$XAPIAN_CHECK" ] ||
	{ echo "$me: SKIP: $XAPIAN_CHECK is not there"; exit 77; }
delve=$(dirname "$XAPIAN_CHECK")/xapian-delve
[ -x "$delve" ] || delve=$(command -v xapian-delve || command -v delve) ||
	{ echo "$me: SKIP: xapian-delve is needed (xapian-tools)"; exit 77; }
for tool in $commands; do
	command -v $tool >/dev/null ||
		{ echo "$me: SKIP: $tool is needed"; exit 77; }
done
[ -d "$corpus/govuk-html" ] || { echo "$me: no corpus at $corpus"; exit 99; }
case $TRIALS in '' | *[!0-9]*) echo "$me: TRIALS=$TRIALS?"; exit 99 ;; esac

scratch=$(mktemp -d "${TMPDIR:-/tmp}/$me.XXXXXX") || exit 99
scratch=$(cd "$scratch" && pwd -P)
bg=
cleanup() {
	[ -n "$bg" ] && kill -9 $bg 2>/dev/null
	declare -F cleanup_hook >/dev/null && cleanup_hook
	if [ "${KEEP:-0}" = 1 ]; then
		echo "$me: scratch kept: $scratch"
	else
		rm -rf "$scratch"
	fi
}
trap cleanup EXIT
trap 'exit 99' INT TERM HUP
unset DOSSIER_DB
export NO_COLOR=1
RANDOM=$SEED

# die MESSAGE...: a set-up error.
die() { echo "$me: $*" >&2; exit 99; }

# rand N: a random integer in [0, N).
#
# The draws follow SEED whether rand runs in the script's shell or in a
# $(...) subshell (bash reseeds $RANDOM in each subshell, so $RANDOM
# alone would not repeat a run): the count of draws is kept in a file of
# the scratch directory, and draw K of seed S is the same number in any
# shell.
rand() {
	_k=$(cat "$scratch/.draws" 2>/dev/null || echo 0)
	echo $((_k + 1)) >"$scratch/.draws"
	awk -v s="$SEED" -v k="$_k" -v n="$1" \
		'BEGIN { srand(s * 7919 + k); print int(rand() * n) % n }'
}

# pick SEED N: N lines of standard input chosen at random.
pick() {
	awk -v s="$1" 'BEGIN { srand(s) } { print rand() "\t" $0 }' |
		sort -n | head -n "$2" | cut -f2-
}

# now_ms: milliseconds since the epoch.
now_ms() { date +%s%3N; }

# doccount DB: the number of documents ("none" if it can't be opened).
doccount() {
	"$delve" "$1" 2>/dev/null |
		sed -n 's/^number of documents = //p' | grep . || echo none
}

# revision DB: the revision of the database ("none" if it can't be opened).
revision() {
	"$delve" "$1" 2>/dev/null | sed -n 's/^revision = //p' | grep . ||
		echo none
}

# found DB WORD OUT: the ids of the documents dossier-query finds for WORD
# into OUT, sorted; returns dossier-query's status (0 found, 1 none).
found() {
	"$query" --db "$1" --format tsv --limit 1000 --duplicates \
		--feedback 0 --no-expand --no-suggest --snippets 0 "$2" \
		>"$3.raw" 2>"$3.err"
	local rc=$?
	tail -n +2 "$3.raw" | cut -f9 | sort >"$3"
	return $rc
}

# reset_tree: $tree as the copy of the files in $scratch/pristine (times
# kept: unchanged files are unchanged for a database built from it).
reset_tree() {
	rm -rf "$tree" && cp -a "$scratch/pristine" "$tree"
}
