#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# kill-index.sh: kill -9 dossier-index at random moments of indexing and
# committing, the first commit of an empty database included (issue 7,
# "Hardening"; RELIABILITY.md 2.3 and goal F1; Lucene's LUCENE-4738).
#
# Each trial copies a fixed subset of corpus/ (about 30 files from its
# subfolders, the same for every trial of a run) and starts dossier-index
# with a small --commit-every (2 to 4, so most kills land near a commit),
# in one of three modes:
#   fresh   a database path that does not exist (or, one fresh trial in
#           three, an empty directory), so the kill may land while the
#           database is being made, in its very first commit, in a later
#           one or in the compaction that follows a first build;
#   update  a copy of a complete database of the subset, after removing,
#           adding (from the rest of corpus/), rewriting (a marker word
#           inserted, in files where the extractor keeps it) and
#           touching (mtime only) a few files;
#   full    as update, run with --full (every file rewritten, then
#           compacted).
# It is killed with SIGKILL after a random delay: one trial in four
# within the first 40 ms (database creation, the first commit; under
# 5 ms, at once, before the program is even running), the others
# anywhere up to 1.2 times what that kind of run takes here (measured at
# the start), so kills are spread over the whole run; kills that come
# after the run had ended are counted as such.
#
# After the kill, a trial fails ("corrupt") unless:
#   - the database is absent, or a directory without Xapian's version
#     file (the indexer was killed before Xapian wrote it: nothing was
#     ever committed), both only in the fresh mode; otherwise
#     xapian-check passes, dossier-query can open it (status 0 or 1) and
#     it holds a number of documents some commit could hold (fresh: a
#     multiple of --commit-every, or all of them; update/full: between
#     the count before minus the files removed and that count plus the
#     files added);
#   - no process of the killed indexer (its extraction workers) is left
#     after 3 s ("orphans").
# Then dossier-index is run again to completion with the same options; a
# trial fails if it does not exit 0 or 1 (1: done, some files could not
# be read; dossier-index(1)) within 300 s ("rerun"), or if the database is
# then not the same as a clean index of the same files made afterwards
# in another directory ("mismatch"): xapian-check must pass, and the
# document count, the set of documents (their Q id terms), every term
# with its frequency (xapian-delve -a -v), the documents dossier-query
# finds for a word of the corpus and for the marker word, and the exit
# status must all be those of the clean index.
#
# Usage:  tests/faults/kill-index.sh        (from anywhere; as any user)
# Environment:
#   TRIALS        number of trials (default 200)
#   SEED          random seed, to repeat a run (default: random; printed)
#   top_builddir  where dossier-index and dossier-query are
#                 (default /work/main/build)
#   top_srcdir    the source tree, for corpus/ (default /work/main)
#   TMPDIR        where the scratch directory is made (default /tmp)
#   XAPIAN_CHECK  xapian-check (default /usr/bin/xapian-check)
#   KEEP=1        keep the scratch directory (the failed trials' files
#                 are kept in it as fail-N/)
# Prints one line per trial and a summary line; exits 0 when every trial
# passed, 1 when any failed, 77 when a tool is missing, 99 on a set-up
# error.

set -u

me=kill-index
TRIALS=${TRIALS:-200}
programs="dossier-index dossier-query"
commands="timeout pgrep awk"
. "$(dirname "$0")/lib.sh"

# state DB: "none" (no such path), "uncommitted" (a directory without
# Xapian's version file: the indexer was killed before Xapian first wrote
# it) or "db".
state() {
	if [ ! -e "$1" ]; then
		echo none
	elif [ -d "$1" ] && [ ! -e "$1/iamglass" ]; then
		echo uncommitted
	else
		echo db
	fi
}

# ---- the files ----------------------------------------------------------------

# A fixed subset of the corpus, from every subfolder, chosen by the seed:
# the legislation-html act is always there and never removed (it holds
# the word searched for), and one PDF (skipped, not a failure).
(cd "$corpus" && find . -type f ! -name MANIFEST.tsv ! -name SOURCES.md |
	sed 's|^\./||' | sort) >"$scratch/all" || die "cannot list $corpus"
: >"$scratch/subset"
for spec in govuk-html:13 datagovuk-html:6 hansard-xml:5 legislation-xml:3 \
	legislation-html:1 compactvoice:1 pdf:1; do
	grep "^${spec%%:*}/" "$scratch/all" | pick "$SEED" "${spec#*:}" \
		>>"$scratch/subset"
done
grep -vxFf "$scratch/subset" "$scratch/all" |
	grep -E '^(govuk-html|datagovuk-html|hansard-xml)/' >"$scratch/pool"
anchor=$(grep '^legislation-html/' "$scratch/subset")
word=tribunal
marker=zqxrewritten
mkdir "$scratch/pristine" &&
	(cd "$corpus" && tar cf - -T "$scratch/subset") |
	(cd "$scratch/pristine" && tar xf -) || die "cannot copy the corpus"
nfiles=$(wc -l <"$scratch/subset")

tree="$scratch/tree"	# every run indexes this path (ids are paths)
db="$scratch/db"
clean="$scratch/clean"

# mutate: remove, add, rewrite and touch a few files of the tree; sets
# nadd, nrm, nrw, ntouch.
mutate() {
	local f i
	nrm=$((1 + $(rand 3)))
	nadd=$((1 + $(rand 4)))
	nrw=$((1 + $(rand 3)))
	ntouch=$(rand 3)
	pick "$(rand 1000000000)" $nrw <"$scratch/rewritable" >"$scratch/rewrite"
	grep -vxFf "$scratch/rewrite" "$scratch/changeable" |
		pick "$(rand 1000000000)" $((nrm + ntouch)) >"$scratch/chosen"
	while read -r f; do
		rewrite "$tree/$f"
	done <"$scratch/rewrite"
	i=0
	while read -r f; do
		i=$((i + 1))
		if [ $i -le $nrm ]; then
			rm -f "$tree/$f"
		else
			touch "$tree/$f"
		fi
	done <"$scratch/chosen"
	pick "$(rand 1000000000)" $nadd <"$scratch/pool" | while read -r f; do
		mkdir -p "$tree/$(dirname "$f")"
		cp "$corpus/$f" "$tree/$f"
	done
}

# rewrite FILE: the marker word put in many places of FILE.
rewrite() {
	sed -i "s/ the / the $marker /g; s/<p>/<p>$marker /g" "$1"
}

# The files that may be removed, rewritten or touched (not the anchor),
# and those of them whose rewriting puts the marker in the text the
# extractor keeps (a check below relies on it).
grep -E '^(govuk-html|datagovuk-html|hansard-xml)/' "$scratch/subset" |
	grep -vxF "$anchor" >"$scratch/changeable"
mkdir "$scratch/try"
while read -r f; do
	cp "$scratch/pristine/$f" "$scratch/try/x"
	rewrite "$scratch/try/x"
	"$index" --extract-only --no-sandbox "$scratch/try/x" 2>/dev/null |
		grep -q "$marker" && echo "$f"
done <"$scratch/changeable" >"$scratch/rewritable"
rm -rf "$scratch/try"
[ "$(wc -l <"$scratch/rewritable")" -ge 3 ] ||
	die "too few files of the subset keep the marker word"

# ---- the reference database and the speed of a run ---------------------------------

reset_tree
"$index" -q -c 3 --db "$scratch/base" "$tree" >"$scratch/base.out" 2>&1
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 1 ] ||
	die "indexing the subset failed ($rc): $(head -3 "$scratch/base.out")"
base_count=$(doccount "$scratch/base")
base_rev=$(revision "$scratch/base")
found "$scratch/base" "$word" "$scratch/base.word"
[ -s "$scratch/base.word" ] || die "'$word' is not found in the subset"

# How long each kind of run takes, to spread the kills over it (the
# middle of three).
measure() {
	local mode=$1 t0 t1 ms=
	for _ in 1 2 3; do
		reset_tree
		rm -rf "$db" "$db.lock"
		opts=
		if [ "$mode" != fresh ]; then
			cp -a "$scratch/base" "$db"
			mutate
			[ "$mode" = full ] && opts=--full
		fi
		t0=$(now_ms)
		"$index" -q $opts -c 3 --db "$db" "$tree" >/dev/null 2>&1
		t1=$(now_ms)
		ms="$ms $((t1 - t0))"
	done
	echo $ms | tr ' ' '\n' | sort -n | sed -n 2p
}
span_fresh=$(measure fresh)
span_update=$(measure update)
span_full=$(measure full)
rm -rf "$db" "$db.lock"

echo "$me: seed $SEED, $TRIALS trials, $nfiles files ($base_count documents;" \
	"scratch $scratch); a run takes ${span_fresh} ms fresh," \
	"${span_update} ms updating, ${span_full} ms with --full"

# ---- the trials ---------------------------------------------------------------

trials=0 failed=0 corrupt=0 orphans=0 rerun_bad=0 mismatch=0
missed=0 before=0 between=0 after=0
uncommitted_seen=0 absent_seen=0 leftover_after=0
t_start=$(date +%s)

t=0
while [ $t -lt "$TRIALS" ]; do
	t=$((t + 1))
	case $((t % 4)) in
	0 | 2) mode=fresh ;;
	1) mode=update ;;
	3) mode=full ;;
	esac
	every=$((2 + $(rand 3)))
	reset_tree
	rm -rf "$db" "$db".* "$clean" "$clean.lock"
	opts=
	nadd=0 nrm=0 nrw=0 ntouch=0
	case $mode in
	fresh)
		start_count=0
		start_rev=none
		[ $((t % 3)) -eq 0 ] && mkdir "$db"
		span=$span_fresh ;;
	*)
		cp -a "$scratch/base" "$db"
		start_count=$base_count
		start_rev=$base_rev
		mutate
		[ $mode = full ] && opts=--full
		if [ $mode = full ]; then span=$span_full; else span=$span_update; fi ;;
	esac
	if [ $((t % 4)) -eq 2 ] || [ $((t % 8)) -eq 1 ]; then
		delay_ms=$(rand 40)	# creation and first commit
	else
		delay_ms=$(rand $((span * 12 / 10 + 1)))
	fi
	delay=$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))
	what="trial $t ($mode, -c $every, -$nrm +$nadd ~$nrw touched $ntouch, kill at $delay s)"

	: >"$scratch/killed.out"
	: >"$scratch/killed.err"
	"$index" -q $opts -c $every --db "$db" "$tree" >>"$scratch/killed.out" \
		2>>"$scratch/killed.err" &
	bg=$!
	# Under 5 ms: at once, before the program has even started.
	[ $delay_ms -ge 5 ] && sleep "$delay"
	kill -9 $bg 2>/dev/null
	{ wait $bg; } 2>/dev/null
	krc=$?
	bg=
	problems=

	# Workers must not outlive the indexer.
	i=0
	while pgrep -f -- "--db $db " >/dev/null && [ $i -lt 30 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	left=$(pgrep -f -- "--db $db " | tr '\n' ' ')
	if [ -n "$left" ]; then
		orphans=$((orphans + 1))
		problems="$problems; processes left after the kill: $left"
		kill -9 $left 2>/dev/null
	fi

	# The database as the kill left it.
	st=$(state "$db")
	n=none
	landed=
	if [ $krc -ne 137 ]; then
		landed=missed
	fi
	case $st in
	none | uncommitted)
		if [ $mode != fresh ]; then
			corrupt=$((corrupt + 1))
			problems="$problems; an existing database is now $st"
		fi
		[ $st = none ] && absent_seen=$((absent_seen + 1))
		[ $st = uncommitted ] && uncommitted_seen=$((uncommitted_seen + 1))
		[ -z "$landed" ] && landed=before ;;
	db)
		bad=
		if ! "$XAPIAN_CHECK" "$db" >"$scratch/check.out" 2>&1; then
			bad="xapian-check fails: $(grep -v '^ *$' "$scratch/check.out" | tail -2 | tr '\n' ' ')"
		fi
		n=$(doccount "$db")
		found "$db" "$word" "$scratch/killed.word"
		qrc=$?
		if [ $qrc -gt 1 ]; then
			bad="$bad; dossier-query can't search it ($qrc): $(head -1 "$scratch/killed.word.err")"
		fi
		case $n in
		none) bad="$bad; xapian-delve can't open it" ;;
		*)
			if [ $mode = fresh ]; then
				[ $((n % every)) -eq 0 ] || [ "$n" -eq "$base_count" ] ||
					bad="$bad; $n documents: no commit held that many"
			else
				[ "$n" -ge $((start_count - nrm)) ] &&
					[ "$n" -le $((start_count + nadd)) ] ||
					bad="$bad; $n documents, outside $((start_count - nrm))..$((start_count + nadd))"
			fi ;;
		esac
		if [ -n "$bad" ]; then
			corrupt=$((corrupt + 1))
			problems="$problems; after the kill: ${bad#; }"
		fi
		if [ -z "$landed" ] && [ "$(revision "$db")" = "$start_rev" ]; then
			landed=before
		fi
		[ -z "$landed" ] && [ "$n" = 0 ] && landed=before ;;
	esac

	# Finish the work, then compare with a clean index of the same files.
	timeout 300 "$index" -c $every --db "$db" "$tree" \
		>"$scratch/rerun.out" 2>"$scratch/rerun.err"
	rrc=$?
	if [ $rrc -ne 0 ] && [ $rrc -ne 1 ]; then
		rerun_bad=$((rerun_bad + 1))
		problems="$problems; the re-run exited $rrc: $(grep -v 'public-bodies\|warning:\|skipped:' "$scratch/rerun.err" | head -2 | tr '\n' ' ')"
	fi
	if [ -z "$landed" ]; then
		# The re-run had nothing to do: the kill came after the last
		# commit (compacting, or ending).
		if grep -q ' 0 added, 0 updated, 0 deleted,' "$scratch/rerun.out"; then
			landed=after
		else
			landed=between
		fi
	fi
	"$index" -q -c $every --db "$clean" "$tree" >"$scratch/clean.out" 2>&1
	crc=$?
	m=
	if ! "$XAPIAN_CHECK" "$db" >"$scratch/check.out" 2>&1; then
		m="$m; xapian-check fails after the re-run"
	fi
	nc=$(doccount "$clean")
	n2=$(doccount "$db")
	[ "$n2" = "$nc" ] || m="$m; $n2 documents, the clean index $nc"
	"$delve" -A Q -1 "$db" 2>&1 | sort >"$scratch/ids"
	"$delve" -A Q -1 "$clean" 2>&1 | sort >"$scratch/clean.ids"
	cmp -s "$scratch/ids" "$scratch/clean.ids" ||
		m="$m; not the same documents: $(diff "$scratch/clean.ids" "$scratch/ids" | grep '^[<>]' | head -3 | tr '\n' ' ')"
	"$delve" -a -v -1 "$db" >"$scratch/terms" 2>&1
	"$delve" -a -v -1 "$clean" >"$scratch/clean.terms" 2>&1
	cmp -s "$scratch/terms" "$scratch/clean.terms" ||
		m="$m; not the same terms: $(diff "$scratch/clean.terms" "$scratch/terms" | grep '^[<>]' | head -3 | tr '\n' ' ')"
	found "$db" "$word" "$scratch/word"
	found "$clean" "$word" "$scratch/clean.word"
	[ -s "$scratch/clean.word" ] || m="$m; the clean index has no '$word'"
	cmp -s "$scratch/word" "$scratch/clean.word" ||
		m="$m; '$word' finds $(wc -l <"$scratch/word") documents, in the clean index $(wc -l <"$scratch/clean.word")"
	found "$db" "$marker" "$scratch/marker"
	found "$clean" "$marker" "$scratch/clean.marker"
	if [ $nrw -gt 0 ] && [ ! -s "$scratch/clean.marker" ]; then
		m="$m; the rewritten files' marker is not in the clean index"
	fi
	cmp -s "$scratch/marker" "$scratch/clean.marker" ||
		m="$m; '$marker' finds $(wc -l <"$scratch/marker") documents, in the clean index $(wc -l <"$scratch/clean.marker")"
	[ $rrc = $crc ] || m="$m; the re-run exited $rrc, the clean run $crc"
	if [ -n "$m" ]; then
		mismatch=$((mismatch + 1))
		problems="$problems; ${m#; }"
	fi
	# A compaction killed half-way leaves its copy beside the database;
	# noted, not a failure (nothing promises to clear it).
	if ls -d "$db".rebuild-* >/dev/null 2>&1; then
		leftover_after=$((leftover_after + 1))
		note=" [left beside it: $(cd "$scratch" && ls -d db.rebuild-* | tr '\n' ' ')]"
	else
		note=
	fi

	trials=$((trials + 1))
	case $landed in
	missed) missed=$((missed + 1)) where="after the run had ended" ;;
	before) before=$((before + 1)) where="before any commit" ;;
	between) between=$((between + 1)) where="between commits" ;;
	after) after=$((after + 1)) where="after the last commit" ;;
	esac
	if [ -n "$problems" ]; then
		failed=$((failed + 1))
		echo "FAIL $what: killed $where, then $st, $n documents: ${problems#; }"
		sed 's/^/  killed run: /' "$scratch/killed.err" | grep -v public-bodies | head -5
		if [ "${KEEP:-0}" = 1 ]; then
			mkdir -p "$scratch/fail-$t"
			cp -a "$db" "$clean" "$tree" "$scratch"/*.out "$scratch"/*.err \
				"$scratch/fail-$t/" 2>/dev/null
		fi
	else
		echo "ok   $what: killed $where ($st, $n documents), re-run exited $rrc, same as a clean index$note"
	fi
	rm -rf "$db" "$db".* "$clean" "$clean.lock"
done

secs=$(($(date +%s) - t_start))
echo "$me: $trials trials, $failed failed: $corrupt corrupt after the kill," \
	"$orphans with processes left, $rerun_bad failed re-runs, $mismatch" \
	"mismatches with a clean index; kills landed $before before a" \
	"commit ($absent_seen no database yet, $uncommitted_seen never" \
	"committed), $between between commits, $after after the last," \
	"$missed after the run had ended; $leftover_after left a compaction" \
	"copy; $secs s (seed $SEED)"
[ $failed -eq 0 ]
