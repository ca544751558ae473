#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end: kill -9 at random moments of indexing and committing, the
# first commit of a new database included (Lucene's LUCENE-4738 lesson).
# After each kill: the database is absent (killed before it was made) or
# opens and passes xapian-check; it holds a number of documents that some
# commit held (a multiple of --commit-every, or all); no worker process
# outlives the indexer; and a second run completes the work, exits 0 and
# leaves a sound database with every document.
#
# DOSSIER_CRASH_TRIALS sets the number of trials (default 24; the
# reliability figures in doc/ use 200).  Half start from nothing, a
# quarter from a database holding part of the files, a quarter rewrite
# everything with --full.

. "$top_srcdir/tests/tap.sh"

index="$top_builddir/dossier-index"
command -v python3 >/dev/null || skip_all "python3 is needed"
[ -n "$XAPIAN_CHECK" ] || skip_all "xapian-check is needed (xapian-tools)"
delve="$(dirname "$XAPIAN_CHECK")/xapian-delve"
[ -x "$delve" ] || delve="$(dirname "$XAPIAN_CHECK")/delve"
[ -x "$delve" ] || skip_all "xapian-delve is needed (xapian-tools)"
make_scratch
unset DOSSIER_DB
trials=${DOSSIER_CRASH_TRIALS:-24}
files=400
every=7

python3 - "$scratch/tree" "$files" <<'EOF'
import os, random, sys
d, n = sys.argv[1], int(sys.argv[2])
random.seed(7)
os.makedirs(os.path.join(d, "half"))
for i in range(n):
    sub = "half" if i < n // 2 else ""
    words = " ".join(random.choice(["audit", "grant", "report", "public",
                                    "consultation", "period", "office",
                                    "value", "money", "scheme"])
                     for _ in range(300))
    with open(os.path.join(d, sub, "p%04d.html" % i), "w") as f:
        f.write("<html><head><title>Page %d</title></head><body><main>"
                "<h1>Part %d</h1><p>%s</p></main></body></html>\n"
                % (i, i, words))
EOF

# doccount DB: the number of documents, or "none" when it can't be opened.
doccount() {
	"$delve" "$1" 2>/dev/null |
		sed -n 's/^number of documents = //p' | grep . || echo none
}

# How long one full run takes here, to spread the kills over it.
start=$(date +%s.%N)
"$index" -q --commit-every $every --db "$scratch/probe" "$scratch/tree"
end=$(date +%s.%N)
span=$(python3 -c "print('%.3f' % max(0.05, ($end - $start) * 0.9))")
rm -rf "$scratch/probe" "$scratch/probe.lock"

before=0 between=0 after=0 bad=0
t=0
while [ $t -lt "$trials" ]; do
	t=$((t + 1))
	db="$scratch/db$t"
	case $((t % 4)) in
	0) mode=partial ;;
	1) mode=full ;;
	*) mode=fresh ;;
	esac
	opts=
	if [ $mode != fresh ]; then
		"$index" -q --commit-every $every --db "$db" \
			"$scratch/tree/half" >/dev/null 2>&1
		[ $mode = full ] && opts=--full
	fi
	start_count=$(doccount "$db")
	# One trial in three aims at the start: the database being made and
	# its first commit.
	upto=$span
	[ $((t % 3)) -eq 0 ] && upto=0.03
	delay=$(python3 -c "import random; print('%.3f' % random.uniform(0, $upto))")
	"$index" -q $opts --commit-every $every --db "$db" "$scratch/tree" \
		>/dev/null 2>"$scratch/err$t" &
	pid=$!
	sleep "$delay"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	sleep 0.05

	problem=
	left=$(pgrep -f -- "--db $db " | tr '\n' ' ')
	[ -n "$left" ] && problem="worker processes left: $left"
	n=$(doccount "$db")
	if [ "$n" = none ]; then
		if [ $mode != fresh ]; then
			problem="$problem; a database that existed can't be opened"
		fi
		before=$((before + 1))
	else
		if ! "$XAPIAN_CHECK" "$db" >"$scratch/check$t" 2>&1; then
			problem="$problem; xapian-check: $(tail -3 "$scratch/check$t")"
		fi
		# Fresh: every commit holds a multiple of --commit-every.  From
		# half the files (rewritten with --full, or left alone): never
		# fewer than were committed before.
		case $mode in
		fresh) [ $((n % every)) -eq 0 ] || [ "$n" -eq $files ] ||
			problem="$problem; $n documents: no commit held that" ;;
		*) [ "$n" -ge "$start_count" ] ||
			problem="$problem; $n documents, fewer than the $start_count committed before" ;;
		esac
		if [ "$n" = 0 ] || [ "$n" = "$start_count" ]; then
			before=$((before + 1))
		elif [ "$n" -lt $files ]; then
			between=$((between + 1))
		else
			after=$((after + 1))
		fi
	fi
	"$index" -q --commit-every $every --db "$db" "$scratch/tree" \
		>"$scratch/rerun$t" 2>&1
	rc=$?
	[ $rc -eq 0 ] || problem="$problem; the re-run exited $rc: $(head -3 "$scratch/rerun$t")"
	n2=$(doccount "$db")
	[ "$n2" = $files ] || problem="$problem; after the re-run $n2 documents, not $files"
	"$XAPIAN_CHECK" "$db" >"$scratch/check$t" 2>&1 ||
		problem="$problem; xapian-check after the re-run failed"
	if [ -n "$problem" ]; then
		bad=$((bad + 1))
		not_ok "trial $t ($mode, killed after $delay s): sound" \
			"$problem" "$(head -5 "$scratch/err$t")"
	else
		ok "trial $t ($mode, killed after $delay s): $n documents, sound, completed by a re-run"
	fi
	rm -rf "$db" "$db.lock"
done
echo "# $trials trials: $before killed before a commit, $between between commits, $after after the last; $bad failed"
done_testing
