#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# disk-full.sh: dossier-index updating a database on a full filesystem
# (issue 7, "Hardening"; RELIABILITY.md 2.3 "Disk full" and goal F2).
#
# The database lives on a small filesystem of its own: a tmpfs mounted
# with size=, or, if that cannot be mounted, an ext4 image (truncate,
# mkfs.ext4, mount -o loop); without either the script says so and exits
# 77.  The documents stay outside it.  Each trial:
#   1. empties the filesystem and indexes a first part of a fixed subset
#      of corpus/ (about 20 files): the previous revision, which must be
#      searchable (its word found);
#   2. fills the filesystem with a filler file, leaving a random amount
#      of free space: from nothing to 70% of what the update below needs
#      (measured at the start on the same filesystem, for each
#      --commit-every used), one trial in five less than 64 KiB;
#   3. adds the second part (about 24 more files) to the tree and runs
#      dossier-index with --commit-every 4, 10 or 1000 (so some commits
#      may succeed before the disk is full, or only the last is tried).
#      It fails unless it exits 3 (dossier-index(1): "the database could
#      not be written (a full disk, say)") within EXIT_LIMIT seconds,
#      with a message on standard error that names the database and the
#      lack of space ("No space left on device", ENOSPC, "disk full"...),
#      and without the summary line that reports a finished run;
#   4. checks the previous revision: xapian-check passes, dossier-query
#      finds for a word of the first part every document it found before
#      (and, when commits of the update went through, perhaps more),
#      and the database holds at least the first part's documents, every
#      one of them, and a count some commit could hold (first part plus a
#      multiple of --commit-every);
#   5. removes the filler and runs dossier-index again: it must exit 0 or
#      1 (1: some files could not be read), and the database must then
#      pass xapian-check and be the same as a clean index of the whole
#      tree (document count, document ids, every term with its frequency,
#      the documents found for the word).
#
# Usage:  tests/faults/disk-full.sh         (as root, to mount)
# Environment:
#   TRIALS        number of trials (default 50)
#   SEED          random seed, to repeat a run (default: random; printed)
#   FS            tmpfs (default: tmpfs, else ext4) or ext4, to choose
#   FS_SIZE       the filesystem's size in MiB (default 16)
#   EXIT_LIMIT    seconds the failing run may take (default 15: a bound
#                 on hanging, not a speed target; under AddressSanitizer
#                 on a loaded machine a failing run of -c 1000 took 5.5 s)
#   top_builddir  where dossier-index and dossier-query are
#                 (default /work/main/build)
#   top_srcdir    the source tree, for corpus/ (default /work/main)
#   TMPDIR        where the scratch directory is made (default /tmp)
#   XAPIAN_CHECK  xapian-check (default /usr/bin/xapian-check)
#   KEEP=1        keep the scratch directory (failed trials' output too)
# Prints one line per trial and a summary line; exits 0 when every trial
# passed, 1 when any failed, 77 when it cannot run here, 99 on a set-up
# error.

set -u

me=disk-full
TRIALS=${TRIALS:-50}
FS=${FS:-}
FS_SIZE=${FS_SIZE:-16}
EXIT_LIMIT=${EXIT_LIMIT:-15}
programs="dossier-index dossier-query"
commands="timeout awk df mount umount"
# cleanup_hook: the small filesystem unmounted.
cleanup_hook() {
	if [ -n "${mounted:-}" ]; then
		umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null
	fi
}
. "$(dirname "$0")/lib.sh"
mnt="$scratch/small"
mounted=

avail() { df -B1 --output=avail "$mnt" | tail -1 | tr -d ' '; }
used() { df -B1 --output=used "$mnt" | tail -1 | tr -d ' '; }

# ---- the filesystem ---------------------------------------------------------------

mkdir "$mnt" || die "mkdir $mnt"
if [ "$(id -u)" != 0 ]; then
	echo "$me: SKIP: mounting a small filesystem needs root"
	exit 77
fi
if [ "$FS" != ext4 ] &&
	mount -t tmpfs -o size=${FS_SIZE}m,mode=0755 tmpfs "$mnt" 2>"$scratch/mount.err"; then
	mounted=tmpfs
elif [ "$FS" != tmpfs ] && command -v mkfs.ext4 >/dev/null &&
	truncate -s ${FS_SIZE}M "$scratch/fs.img" &&
	mkfs.ext4 -q -F -m 0 "$scratch/fs.img" >"$scratch/mkfs.out" 2>&1 &&
	mount -o loop "$scratch/fs.img" "$mnt" 2>>"$scratch/mount.err"; then
	mounted=ext4
	rmdir "$mnt/lost+found" 2>/dev/null
else
	echo "$me: SKIP: neither a tmpfs nor a loop-mounted ext4 image could" \
		"be mounted on $mnt: $(cat "$scratch/mount.err" 2>/dev/null | head -2 | tr '\n' ' ')"
	exit 77
fi

# ---- the files ----------------------------------------------------------------------

# A fixed subset chosen by the seed: the first part (20 HTML pages) and
# the second (24 files: more pages, Hansard and legislation XML).
(cd "$corpus" && find . -type f | sed 's|^\./||' | sort) >"$scratch/all"
{
	grep '^govuk-html/' "$scratch/all" | pick "$SEED" 14
	grep '^datagovuk-html/' "$scratch/all" | pick "$SEED" 6
} >"$scratch/part1"
{
	grep '^govuk-html/' "$scratch/all" | grep -vxFf "$scratch/part1" |
		pick "$SEED" 12
	grep '^hansard-xml/' "$scratch/all" | pick "$SEED" 6
	grep '^legislation-xml/' "$scratch/all" | pick "$SEED" 4
	grep '^legislation-html/' "$scratch/all"
	grep '^compactvoice/' "$scratch/all" | head -1
} >"$scratch/part2"
for p in part1 part2; do
	mkdir "$scratch/$p.d" &&
		(cd "$corpus" && tar cf - -T "$scratch/$p") |
		(cd "$scratch/$p.d" && tar xf -) || die "cannot copy the corpus"
done
tree="$scratch/tree"	# the documents (ids are paths: always this one)
db="$mnt/db"

# The words searched for: one the first part has, and one of the second.
word1=government
word2=tribunal

# A clean index of the whole tree, on the ordinary disk: what a run
# that completes must make.
rm -rf "$tree" && cp -a "$scratch/part1.d" "$tree" &&
	cp -a "$scratch/part2.d/." "$tree/" || die "cannot make the tree"
"$index" -q --db "$scratch/clean" "$tree" >"$scratch/clean.out" 2>&1
clean_rc=$?
[ $clean_rc -le 1 ] || die "a clean index failed: $(head -3 "$scratch/clean.out")"
n_all=$(doccount "$scratch/clean")
"$delve" -A Q -1 "$scratch/clean" 2>&1 | sort >"$scratch/clean.ids"
"$delve" -a -v -1 "$scratch/clean" >"$scratch/clean.terms" 2>&1
found "$scratch/clean" "$word2" "$scratch/clean.word2"
[ -s "$scratch/clean.word2" ] || die "'$word2' is not in the subset"

# first_part: an empty filesystem holding the first part's database.
first_part() {
	rm -rf "${mnt:?}"/* "${mnt:?}"/.[!.]* 2>/dev/null
	rm -rf "$tree" && cp -a "$scratch/part1.d" "$tree" || return 1
	"$index" -q --db "$db" "$tree" >"$scratch/first.out" 2>&1
}

# What the update needs, for each --commit-every: the growth of the
# filesystem's use when it has all the room it wants.
need_min=
for every in 4 10 1000; do
	first_part || die "indexing the first part failed: $(head -3 "$scratch/first.out")"
	u0=$(used)
	cp -a "$scratch/part2.d/." "$tree/"
	"$index" -q -c $every --db "$db" "$tree" >"$scratch/probe.out" 2>&1 ||
		die "the update failed with room to spare: $(head -3 "$scratch/probe.out")"
	u1=$(used)
	need=$((u1 - u0))
	case $every in
	4) need_4=$need ;;
	10) need_10=$need ;;
	*) need_1000=$need ;;
	esac
	[ -z "$need_min" ] || [ $need -lt $need_min ] && need_min=$need
done
[ $((need_min)) -gt 65536 ] || die "the update needs only $need_min bytes"
first_part
n1=$(doccount "$db")
found "$db" "$word1" "$scratch/first.word1"
[ -s "$scratch/first.word1" ] || die "'$word1' is not in the first part"
"$delve" -A Q -1 "$db" 2>&1 | sort >"$scratch/first.ids"
max_free=$((need_min * 7 / 10))

echo "$me: seed $SEED, $TRIALS trials on a ${FS_SIZE} MiB $mounted;" \
	"$(wc -l <"$scratch/part1") + $(wc -l <"$scratch/part2") files ($n1 then" \
	"$n_all documents); the update needs $need_4 B (-c 4), $need_10 B" \
	"(-c 10), $need_1000 B (-c 1000); free space left 0..$max_free B"

# ---- the trials -----------------------------------------------------------------------

trials=0 failed=0 not_setup=0 wrong_status=0 unclear=0 slow=0 claimed=0
damaged=0 rerun_bad=0 mismatch=0 partial=0 leftovers=0 max_ms=0
t_start=$(date +%s)

t=0
while [ $t -lt "$TRIALS" ]; do
	t=$((t + 1))
	trials=$((trials + 1))
	case $(rand 3) in 0) every=4 ;; 1) every=10 ;; *) every=1000 ;; esac
	if [ "$(rand 5)" -eq 0 ]; then
		want_free=$(rand 65536)
	else
		want_free=$(rand $((max_free + 1)))
	fi
	problems=

	# 1. The previous revision.
	if ! first_part || [ "$(doccount "$db")" != "$n1" ] ||
		! found "$db" "$word1" "$scratch/word1" ||
		! cmp -s "$scratch/word1" "$scratch/first.word1"; then
		not_setup=$((not_setup + 1))
		failed=$((failed + 1))
		echo "FAIL trial $t: the first part could not be indexed and searched: $(head -3 "$scratch/first.out" | tr '\n' ' ')"
		continue
	fi

	# 2. Fill the filesystem.
	rm -f "$mnt/filler"
	a=$(avail)
	if [ $((a - want_free)) -gt 0 ]; then
		fallocate -l $((a - want_free)) "$mnt/filler" 2>/dev/null ||
			head -c $((a - want_free)) /dev/zero >"$mnt/filler" 2>/dev/null
	fi
	free=$(avail)
	what="trial $t (-c $every, $free B free)"

	# 3. The update that cannot fit.
	cp -a "$scratch/part2.d/." "$tree/"
	t0=$(now_ms)
	timeout 120 "$index" -c $every --db "$db" "$tree" \
		>"$scratch/full.out" 2>"$scratch/full.err"
	rc=$?
	ms=$(($(now_ms) - t0))
	[ $ms -gt $max_ms ] && max_ms=$ms
	if [ $rc -ne 3 ]; then
		wrong_status=$((wrong_status + 1))
		problems="$problems; exited $rc, not 3"
	fi
	if ! grep -Eiq 'no space left on device|ENOSPC|disk (is )?full|out of (disk )?space' "$scratch/full.err" ||
		! grep -Fq "$db" "$scratch/full.err"; then
		unclear=$((unclear + 1))
		problems="$problems; no message naming $db and the lack of space: $(grep -v public-bodies "$scratch/full.err" | head -2 | tr '\n' ' ')"
	fi
	if grep -q 'documents\?$' "$scratch/full.out"; then
		claimed=$((claimed + 1))
		problems="$problems; printed a summary as if done: $(tail -1 "$scratch/full.out")"
	fi
	if [ $ms -gt $((EXIT_LIMIT * 1000)) ]; then
		slow=$((slow + 1))
		problems="$problems; took $ms ms to exit (limit ${EXIT_LIMIT} s)"
	fi

	# 4. The previous revision is intact and searchable.
	d=
	"$XAPIAN_CHECK" "$db" >"$scratch/check.out" 2>&1 ||
		d="$d; xapian-check fails: $(grep -v '^ *$' "$scratch/check.out" | tail -2 | tr '\n' ' ')"
	n=$(doccount "$db")
	case $n in
	none) d="$d; xapian-delve can't open it" ;;
	*)
		if [ "$n" -lt "$n1" ] || [ "$n" -gt "$n_all" ]; then
			d="$d; $n documents, not $n1..$n_all"
		elif [ $(((n - n1) % every)) -ne 0 ] && [ "$n" -ne "$n_all" ]; then
			d="$d; $n documents: no commit held that many"
		fi
		[ "$n" -gt "$n1" ] && partial=$((partial + 1)) ;;
	esac
	"$delve" -A Q -1 "$db" 2>&1 | sort >"$scratch/ids"
	comm -23 "$scratch/first.ids" "$scratch/ids" | grep -q . &&
		d="$d; documents of the first part are gone: $(comm -23 "$scratch/first.ids" "$scratch/ids" | head -2 | tr '\n' ' ')"
	found "$db" "$word1" "$scratch/word1"
	qrc=$?
	if [ $qrc -gt 1 ]; then
		d="$d; dossier-query can't search it ($qrc): $(head -1 "$scratch/word1.err")"
	elif comm -23 "$scratch/first.word1" "$scratch/word1" | grep -q .; then
		d="$d; '$word1' no longer finds $(comm -23 "$scratch/first.word1" "$scratch/word1" | wc -l) of the $(wc -l <"$scratch/first.word1") documents it found before"
	fi
	if [ -n "$d" ]; then
		damaged=$((damaged + 1))
		problems="$problems; the previous revision: ${d#; }"
	fi

	# 5. Room again: the next run completes.
	rm -f "$mnt/filler"
	timeout 300 "$index" -c $every --db "$db" "$tree" \
		>"$scratch/rerun.out" 2>"$scratch/rerun.err"
	rrc=$?
	if [ $rrc -gt 1 ]; then
		rerun_bad=$((rerun_bad + 1))
		problems="$problems; with room again the run exited $rrc: $(grep -v 'public-bodies\|warning:\|skipped:' "$scratch/rerun.err" | head -2 | tr '\n' ' ')"
	fi
	m=
	"$XAPIAN_CHECK" "$db" >"$scratch/check.out" 2>&1 ||
		m="$m; xapian-check fails after the re-run"
	n2=$(doccount "$db")
	[ "$n2" = "$n_all" ] || m="$m; $n2 documents, the clean index $n_all"
	"$delve" -A Q -1 "$db" 2>&1 | sort >"$scratch/ids"
	cmp -s "$scratch/ids" "$scratch/clean.ids" ||
		m="$m; not the same documents as the clean index"
	"$delve" -a -v -1 "$db" >"$scratch/terms" 2>&1
	cmp -s "$scratch/terms" "$scratch/clean.terms" ||
		m="$m; not the same terms: $(diff "$scratch/clean.terms" "$scratch/terms" | grep '^[<>]' | head -3 | tr '\n' ' ')"
	found "$db" "$word2" "$scratch/word2"
	cmp -s "$scratch/word2" "$scratch/clean.word2" ||
		m="$m; '$word2' finds $(wc -l <"$scratch/word2") documents, in the clean index $(wc -l <"$scratch/clean.word2")"
	[ $rrc = $clean_rc ] || m="$m; the re-run exited $rrc, the clean run $clean_rc"
	if [ -n "$m" ]; then
		mismatch=$((mismatch + 1))
		problems="$problems; ${m#; }"
	fi
	# Anything but the database and its lock left on the filesystem
	# (noted, not a failure).
	extra=
	for f in "$mnt"/* "$mnt"/.[!.]*; do
		case ${f##*/} in db | db.lock | '*' | '.[!.]*') ;; *) extra="$extra${f##*/} " ;; esac
	done
	[ -n "$extra" ] && leftovers=$((leftovers + 1))

	if [ -n "$problems" ]; then
		failed=$((failed + 1))
		echo "FAIL $what: exited $rc in $ms ms, then $n documents: ${problems#; }"
		if [ "${KEEP:-0}" = 1 ]; then
			mkdir -p "$scratch/fail-$t"
			cp "$scratch"/full.* "$scratch"/rerun.* "$scratch/fail-$t/"
		fi
	else
		echo "ok   $what: exited 3 in $ms ms: $(grep -Eio 'no space left on device|ENOSPC|disk (is )?full' "$scratch/full.err" | head -1); $n documents kept ($n1 before), sound; with room, $n2${extra:+; left: $extra}"
	fi
done

secs=$(($(date +%s) - t_start))
echo "$me: $trials trials, $failed failed: $not_setup set-ups failed," \
	"$wrong_status wrong statuses, $unclear without a clear message," \
	"$claimed claiming success, $slow slower than ${EXIT_LIMIT} s, $damaged" \
	"damaged previous revisions, $rerun_bad failed re-runs, $mismatch" \
	"mismatches with a clean index; $partial kept some commits of the" \
	"update, $leftovers left files beside the database; slowest failing" \
	"run $max_ms ms; $secs s on $mounted (seed $SEED)"
[ $failed -eq 0 ]
