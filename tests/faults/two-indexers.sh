#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# two-indexers.sh: two dossier-index processes started together on the
# same database (issue 7, "Hardening"; RELIABILITY.md 2.3 "Two indexers
# at once" and goal F3).
#
# Each trial copies a fixed subset of corpus/ (about 30 files) and
# prepares the database in one of three ways: none yet (both race to
# create it); a complete index of the subset, after 4 to 8 files were
# added from the rest of corpus/, 4 rewritten and 2 touched; or the
# same, with --full for each run not given --rebuild.  The two indexers
# get their options (plain, --full or --rebuild: plain/plain,
# plain/--full, --rebuild/plain or --rebuild/--rebuild, in random order)
# and are released together from a FIFO, one of them 0 to 20 ms after
# the other; all run with --commit-every 2, so that each run takes much
# longer than that (see the first line printed).
#
# A trial passes when:
#   - exactly one exits 0 or 1 (dossier-index(1): done; 1, some files
#     could not be read) and the other 75 (another indexer is working on
#     the database), the latter quickly (under 2 s) and saying so on
#     standard error, naming the database; or both exit 0/1 and the one
#     that started second started as the first ended (within 20 ms) or
#     found nothing left to do (0 added, 0 updated, 0 deleted): it ran
#     after the first had finished (counted apart, as "one after the
#     other", and not expected with these timings);
#   - afterwards the database passes xapian-check and is the same as a
#     clean index of the same files (document count, document ids, every
#     term with its frequency), with nothing left beside it but its lock
#     (no half-built --rebuild copy).
# Any other pair of statuses (both 75, 3, a crash...) fails the trial.
#
# Usage:  tests/faults/two-indexers.sh      (from anywhere; as any user)
# Environment:
#   TRIALS        number of trials (default 50)
#   SEED          random seed, to repeat a run (default: random; printed)
#   top_builddir  where dossier-index is (default /work/main/build)
#   top_srcdir    the source tree, for corpus/ (default /work/main)
#   TMPDIR        where the scratch directory is made (default /tmp)
#   XAPIAN_CHECK  xapian-check (default /usr/bin/xapian-check)
#   KEEP=1        keep the scratch directory (failed trials' output too)
# Prints one line per trial and a summary line; exits 0 when every trial
# passed, 1 when any failed, 77 when a tool is missing, 99 on a set-up
# error.

set -u

me=two-indexers
TRIALS=${TRIALS:-50}
programs="dossier-index"
commands="timeout awk mkfifo"
. "$(dirname "$0")/lib.sh"

# ---- the files ----------------------------------------------------------------

(cd "$corpus" && find . -type f ! -name MANIFEST.tsv ! -name SOURCES.md |
	sed 's|^\./||' | sort) >"$scratch/all" || die "cannot list $corpus"
: >"$scratch/subset"
for spec in govuk-html:14 datagovuk-html:6 hansard-xml:5 legislation-xml:3 \
	legislation-html:1 compactvoice:1; do
	grep "^${spec%%:*}/" "$scratch/all" | pick "$SEED" "${spec#*:}" \
		>>"$scratch/subset"
done
grep -vxFf "$scratch/subset" "$scratch/all" |
	grep -E '^(govuk-html|datagovuk-html|hansard-xml)/' >"$scratch/pool"
mkdir "$scratch/pristine" &&
	(cd "$corpus" && tar cf - -T "$scratch/subset") |
	(cd "$scratch/pristine" && tar xf -) || die "cannot copy the corpus"
tree="$scratch/tree"
db="$scratch/db"
clean="$scratch/clean"

# mutate: add a few files of the pool to the tree, rewrite a few (a word
# inserted), touch two.
mutate() {
	local f
	pick "$(rand 1000000000)" $((4 + $(rand 5))) <"$scratch/pool" | while read -r f; do
		mkdir -p "$tree/$(dirname "$f")"
		cp "$corpus/$f" "$tree/$f"
	done
	(cd "$tree" && find . -name '*.html' | pick "$(rand 1000000000)" 6) | {
		i=0
		while read -r f; do
			i=$((i + 1))
			if [ $i -le 4 ]; then
				sed -i 's/ the / the zqxrewritten /g' "$tree/$f"
			else
				touch "$tree/$f"
			fi
		done
	}
}

reset_tree
"$index" -q --db "$scratch/base" "$tree" >"$scratch/base.out" 2>&1 ||
	[ $? -eq 1 ] || die "indexing the subset failed: $(head -3 "$scratch/base.out")"
t0=$(now_ms)
"$index" -q -c 2 --db "$scratch/probe" "$tree" >/dev/null 2>&1
span_fresh=$(($(now_ms) - t0))
mutate
cp -a "$scratch/base" "$scratch/probe2"
t0=$(now_ms)
"$index" -q -c 2 --db "$scratch/probe2" "$tree" >/dev/null 2>&1
span_update=$(($(now_ms) - t0))
rm -rf "$scratch"/probe*

echo "$me: seed $SEED, $TRIALS trials, $(wc -l <"$scratch/subset") files" \
	"($(doccount "$scratch/base") documents); one run takes ${span_fresh} ms" \
	"on a new database, ${span_update} ms updating; the second starts" \
	"0..20 ms after the first"

# ---- the trials ---------------------------------------------------------------

trials=0 failed=0 one_each=0 serial=0 both_went=0 none_went=0 odd_status=0
unclear=0 slow_loser=0 corrupt=0 mismatch=0 leftovers=0
t_start=$(date +%s)
fifo="$scratch/go"

t=0
while [ $t -lt "$TRIALS" ]; do
	t=$((t + 1))
	trials=$((trials + 1))
	reset_tree
	rm -rf "$db" "$db".* "$clean" "$clean.lock" "$fifo" "$scratch"/r[12].*
	case $((t % 3)) in
	0) start=new ;;
	1) start=update; cp -a "$scratch/base" "$db"; mutate ;;
	2) start=full; cp -a "$scratch/base" "$db"; mutate ;;
	esac
	base_opts=
	[ $start = full ] && base_opts=--full
	case $(rand 4) in
	0) o1='' o2='' ;;
	1) o1='' o2=--full ;;
	2) o1=--rebuild o2= ;;
	3) o1=--rebuild o2=--rebuild ;;
	esac
	if [ "$(rand 2)" -eq 1 ]; then x=$o1 o1=$o2 o2=$x; fi
	[ -z "$o1" ] && o1=$base_opts
	[ -z "$o2" ] && o2=$base_opts
	gap_ms=$(rand 21)
	gap=$(printf '0.%03d' $gap_ms)
	first=$((1 + $(rand 2)))	# which one goes first
	what="trial $t ($start; [${o1:-plain}] and [${o2:-plain}], #$first first, $gap_ms ms apart)"

	# The FIFO, held open here, lets both go at once with a line each
	# (one that reaches its read late still finds its line).
	mkfifo "$fifo"
	exec 9<>"$fifo"
	bg=
	for k in 1 2; do
		if [ $k -eq 1 ]; then opts=$o1; else opts=$o2; fi
		(
			exec 9>&-
			read -r _ <"$fifo"
			[ $k -ne $first ] && sleep "$gap"
			s=$(now_ms)
			timeout 300 "$index" -c 2 $opts --db "$db" "$tree" \
				>"$scratch/r$k.out" 2>"$scratch/r$k.err"
			rc=$?
			echo "$rc $s $(now_ms)" >"$scratch/r$k.status"
		) &
		bg="$bg $!"
	done
	sleep 0.05	# both waiting on the FIFO
	printf 'go\ngo\n' >&9
	wait $bg
	bg=
	exec 9>&-

	problems=
	read -r rc1 s1 e1 <"$scratch/r1.status"
	read -r rc2 s2 e2 <"$scratch/r2.status"
	verdict=
	ok_rc() { [ "$1" -eq 0 ] || [ "$1" -eq 1 ]; }
	if ok_rc $rc1 && [ $rc2 -eq 75 ]; then
		winner=1 loser=2
	elif ok_rc $rc2 && [ $rc1 -eq 75 ]; then
		winner=2 loser=1
	else
		winner='' loser=''
	fi
	if [ -n "$winner" ]; then
		one_each=$((one_each + 1))
		verdict="#$winner proceeded, #$loser exited 75"
		if ! grep -Eq "$db: another (indexer|rebuild) is (working|writing|at work)" \
			"$scratch/r$loser.err"; then
			unclear=$((unclear + 1))
			problems="$problems; #$loser exited 75 without saying another indexer holds $db: $(head -2 "$scratch/r$loser.err" | tr '\n' ' ')"
		fi
		if [ $loser -eq 1 ]; then lstart=$s1 lend=$e1; else lstart=$s2 lend=$e2; fi
		if [ $((lend - lstart)) -gt 2000 ]; then
			slow_loser=$((slow_loser + 1))
			problems="$problems; #$loser took $((lend - lstart)) ms to exit 75"
		fi
	elif ok_rc $rc1 && ok_rc $rc2; then
		# Both did their work: only right if one came after the other
		# (it started as the first ended, or found nothing to do).
		if [ "$s1" -le "$s2" ]; then
			later=2 earlier_end=$e1 later_start=$s2
		else
			later=1 earlier_end=$e2 later_start=$s1
		fi
		if [ $later_start -ge $((earlier_end - 20)) ] ||
			grep -q ' 0 added, 0 updated, 0 deleted,' "$scratch/r$later.out"; then
			serial=$((serial + 1))
			verdict="both exited 0, #$later after the other had finished"
		else
			both_went=$((both_went + 1))
			problems="$problems; both proceeded: #1 $(tail -1 "$scratch/r1.out" | cut -c1-90); #2 $(tail -1 "$scratch/r2.out" | cut -c1-90)"
		fi
	elif [ $rc1 -eq 75 ] && [ $rc2 -eq 75 ]; then
		none_went=$((none_went + 1))
		problems="$problems; both exited 75"
	else
		odd_status=$((odd_status + 1))
		problems="$problems; exit statuses $rc1 and $rc2: #1 $(grep -v public-bodies "$scratch/r1.err" | head -2 | tr '\n' ' '); #2 $(grep -v public-bodies "$scratch/r2.err" | head -2 | tr '\n' ' ')"
	fi

	# The database: sound, and what a clean index of the files is.
	if [ -d "$db" ] || [ -f "$db" ]; then
		if ! "$XAPIAN_CHECK" "$db" >"$scratch/check.out" 2>&1; then
			corrupt=$((corrupt + 1))
			problems="$problems; xapian-check fails: $(grep -v '^ *$' "$scratch/check.out" | tail -2 | tr '\n' ' ')"
		fi
	else
		corrupt=$((corrupt + 1))
		problems="$problems; no database at $db"
	fi
	"$index" -q --db "$clean" "$tree" >"$scratch/clean.out" 2>&1
	m=
	n=$(doccount "$db")
	nc=$(doccount "$clean")
	[ "$n" = "$nc" ] || m="$m; $n documents, the clean index $nc"
	"$delve" -A Q -1 "$db" 2>&1 | sort >"$scratch/ids"
	"$delve" -A Q -1 "$clean" 2>&1 | sort >"$scratch/clean.ids"
	cmp -s "$scratch/ids" "$scratch/clean.ids" ||
		m="$m; not the same documents as the clean index"
	"$delve" -a -v -1 "$db" >"$scratch/terms" 2>&1
	"$delve" -a -v -1 "$clean" >"$scratch/clean.terms" 2>&1
	cmp -s "$scratch/terms" "$scratch/clean.terms" ||
		m="$m; not the same terms: $(diff "$scratch/clean.terms" "$scratch/terms" | grep '^[<>]' | head -3 | tr '\n' ' ')"
	if [ -n "$m" ]; then
		mismatch=$((mismatch + 1))
		problems="$problems; ${m#; }"
	fi
	extra=
	for f in "$db"?*; do
		case $f in "$db.lock" | "$db?*") ;; *) extra="$extra${f##*/} " ;; esac
	done
	if [ -n "$extra" ]; then
		leftovers=$((leftovers + 1))
		problems="$problems; left beside the database: $extra"
	fi

	if [ -n "$problems" ]; then
		failed=$((failed + 1))
		echo "FAIL $what: exited $rc1 and $rc2: ${problems#; }"
		if [ "${KEEP:-0}" = 1 ]; then
			mkdir -p "$scratch/fail-$t"
			cp "$scratch"/r[12].* "$scratch/fail-$t/"
		fi
	else
		echo "ok   $what: $verdict; $n documents, sound, as a clean index"
	fi
	rm -f "$fifo"
done

secs=$(($(date +%s) - t_start))
echo "$me: $trials trials, $failed failed: $one_each with one proceeding" \
	"and one exiting 75, $serial one after the other; $both_went both" \
	"proceeding, $none_went both exiting 75, $odd_status other statuses," \
	"$unclear without a clear message, $slow_loser slow to give way," \
	"$corrupt corrupt, $mismatch mismatches with a clean index," \
	"$leftovers with leftovers; $secs s (seed $SEED)"
[ $failed -eq 0 ]
