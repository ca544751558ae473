#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end: a database damaged from outside, and a crash (crash.h).
# dossier-index --check finds the damage (as xapian-check does) and
# leaves the files as they are; a crash says what happened and leaves a
# mark beside the database, and the next run checks the database before
# writing: sound, it goes on and takes the mark away; damaged, it stops
# with exit 3 and a message saying to rebuild, which --rebuild does.

. "$top_srcdir/tests/tap.sh"

index="$top_builddir/dossier-index"
corpus="$top_srcdir/corpus"
command -v python3 >/dev/null || skip_all "python3 is needed"
[ -n "$XAPIAN_CHECK" ] || skip_all "xapian-check is needed (xapian-tools)"
[ -d "$corpus/govuk-html" ] || skip_all "corpus/ is not there"
delve="$(dirname "$XAPIAN_CHECK")/xapian-delve"
[ -x "$delve" ] || skip_all "xapian-delve is needed (xapian-tools)"
make_scratch
unset DOSSIER_DB
revision() { "$delve" "$1" 2>/dev/null | sed -n 's/^revision = //p'; }

tree="$scratch/tree"
mkdir -p "$tree"
cp -R "$corpus/govuk-html" "$corpus/hansard-xml" "$tree/"
db="$scratch/db"
"$index" -q --db "$db" "$tree" >"$scratch/first.out" 2>&1
check "a first index of $(find "$tree" -type f | wc -l | tr -d ' ') files" test $? -eq 0

"$index" --check --db "$db" >"$scratch/check.out" 2>&1
equals "--check of a sound database exits 0" 0 $?
contains "...and says it is sound" "$scratch/check.out" "db: checked: sound"

# Damage: every block header of the postings table overwritten.
cp -R "$db" "$scratch/bad"
python3 - "$scratch/bad/postlist.glass" <<'EOF'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
for off in range(0, len(b), 8192):
    b[off + 11:off + 27] = b"\xff" * 16
open(p, "wb").write(b)
EOF
sums() { (cd "$1" && cksum ./*.glass iamglass); }
sums "$scratch/bad" >"$scratch/bad.sums"
"$index" --check --db "$scratch/bad" >"$scratch/check-bad.out" 2>&1
equals "--check of a damaged database exits 3" 3 $?
contains "...naming it and the damage" "$scratch/check-bad.out" \
	"bad: damaged: DatabaseError: "
contains "...and saying to rebuild it" "$scratch/check-bad.out" \
	"build it again with dossier-index --rebuild --db $scratch/bad"
sums "$scratch/bad" | cmp -s - "$scratch/bad.sums"
check "...and leaving its files as they were" test $? -eq 0

"$index" --check --db "$scratch/none" >"$scratch/check-none.out" 2>&1
equals "--check where there is no database exits 3" 3 $?
contains "...saying so" "$scratch/check-none.out" "none: no database there"
"$index" --check --rebuild --db "$db" "$tree" >/dev/null 2>&1
equals "--check with --rebuild is a usage error" 2 $?

# A crash: SIGABRT (as glibc sends on heap corruption; ASan builds
# leave SIGSEGV to ASan) in the middle of a long run (a commit a document).
touch "$tree"/govuk-html/*
"$index" -q --full --commit-every 1 --jobs 1 --db "$db" "$tree" \
	>"$scratch/crash.out" 2>&1 &
pid=$!
# Once it has committed something: well into the run.
rev0=$(revision "$db")
i=0
while [ "$(revision "$db")" = "$rev0" ] && [ $i -lt 400 ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -ABRT $pid
wait $pid
equals "a crash: the run dies of the signal" 134 $?
contains "...saying what happened, naming the database" "$scratch/crash.out" \
	"crashed [(]signal 6[)] while working on $db"
check "...and leaving a mark beside it" test -f "$db.crashed"
"$index" --db "$db" "$tree" >"$scratch/after.out" 2>&1
equals "the next run completes" 0 $?
contains "...having checked the database first" "$scratch/after.out" \
	"an earlier run crashed on it: checking it before writing"
check "...and taken the mark away" test ! -e "$db.crashed"
"$XAPIAN_CHECK" "$db" >/dev/null 2>&1
check "...leaving a sound database" test $? -eq 0

# A crash on the damaged database: the next run stops before writing.
echo 6 >"$scratch/bad.crashed"
"$index" --db "$scratch/bad" "$tree" >"$scratch/after-bad.out" 2>&1
equals "after a crash, a damaged database: the run exits 3" 3 $?
contains "...saying it is damaged" "$scratch/after-bad.out" "bad: damaged: "
sums "$scratch/bad" | cmp -s - "$scratch/bad.sums"
check "...having written nothing" test $? -eq 0
check "...and keeping the mark" test -f "$scratch/bad.crashed"
"$index" -q --rebuild --db "$scratch/bad" "$tree" >"$scratch/rebuild.out" 2>&1
equals "--rebuild builds it again" 0 $?
"$XAPIAN_CHECK" "$scratch/bad" >/dev/null 2>&1
check "...sound" test $? -eq 0
check "...and takes the mark away" test ! -e "$scratch/bad.crashed"

done_testing
