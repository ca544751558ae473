#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end: dossier-index is never in the way and loses nothing.
#  - a second indexer on the same database exits 75 at once, naming the
#    reason; with --wait it waits and then does its work;
#  - SIGTERM and SIGINT stop a run after the documents in hand, commit
#    them, say so and exit 128+N; the next run finishes the work;
#  - --rebuild builds aside and switches atomically: searches running
#    all the while see the old database or the new one, never a part;
#    an interrupted rebuild leaves the database as it was;
#  - a full disk stops the run with status 3 and a message, and the last
#    commit stays intact and searchable (when tmpfs can be mounted).

. "$top_srcdir/tests/tap.sh"

index="$top_builddir/dossier-index"
query="$top_builddir/dossier-query"
command -v python3 >/dev/null || skip_all "python3 is needed to read JSON"
make_scratch
unset DOSSIER_DB NO_COLOR
mnt=
trap 'if [ -n "$mnt" ]; then umount "$mnt" 2>/dev/null; fi;
	rm -rf "$scratch"' EXIT
scratch=$(cd "$scratch" && pwd -P)
db="$scratch/db"

# tree DIR N WORD: N small pages under DIR, each with WORD and its number.
tree() {
	mkdir -p "$1"
	python3 - "$1" "$2" "$3" <<'EOF'
import os, sys
d, n, w = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for i in range(n):
    with open(os.path.join(d, "p%04d.html" % i), "w") as f:
        f.write("<html><head><title>%s %d</title></head><body><main>"
                "<p>%s document number n%d about public audit.</p>"
                "</main></body></html>\n" % (w, i, w, i))
EOF
}

# hits DB WORD: the number of documents WORD finds ("error" if none could
# be searched).
hits() {
	"$query" --db "$1" --format json --duplicates "$2" 2>/dev/null |
		python3 -c 'import json,sys
try: print(json.load(sys.stdin)["estimated"])
except Exception: print("error")'
}

# wait_for FILE PATTERN: until FILE matches; false after 120 s (a loaded
# machine can take long, and a check made after giving up would test
# nothing: callers fail then, saying so).
wait_for() {
	i=0
	while ! grep -Eq -- "$2" "$1" 2>/dev/null; do
		[ $i -lt 2400 ] || return 1
		sleep 0.05
		i=$((i + 1))
	done
}

check_db() {
	if [ -n "$XAPIAN_CHECK" ]; then
		"$XAPIAN_CHECK" "$1" >"$scratch/check.out" 2>&1
		equals "$2" 0 "$?"
	else
		ok "# SKIP xapian-check not installed"
	fi
}

tree "$scratch/a" 40 alpha
tree "$scratch/b" 40 bravo

# ---- the lock ---------------------------------------------------------------

# A run that takes its roots from a pipe holds the database while it waits.
mkfifo "$scratch/roots"
"$index" --db "$db" - <"$scratch/roots" >"$scratch/first.out" \
	2>"$scratch/first.err" &
first=$!
exec 9>"$scratch/roots"
echo "$scratch/a" >&9
i=0
while [ $i -lt 200 ] && [ ! -f "$db/iamglass" ]; do sleep 0.05; i=$((i + 1)); done
"$index" --db "$db" "$scratch/b" >"$scratch/second.out" 2>"$scratch/second.err"
equals "a second indexer exits 75 at once" 75 "$?"
contains "saying another indexer is at work" "$scratch/second.err" \
	"another indexer is working on this database"
"$index" --wait --db "$db" "$scratch/b" >"$scratch/waiter.out" \
	2>"$scratch/waiter.err" 9>&- &
waiter=$!
sleep 0.5
check "with --wait it waits" kill -0 "$waiter"
exec 9>&-
wait "$first"
equals "the first one finishes" 0 "$?"
wait "$waiter"
equals "then the one waiting does its work" 0 "$?"
contains "(all of it)" "$scratch/waiter.out" "40 added"
equals "both roots are indexed" "40 40" "$(hits "$db" alpha) $(hits "$db" bravo)"

# ---- signals ----------------------------------------------------------------

for sig in TERM INT; do
	d="$scratch/db-$sig"
	rm -f "$scratch/roots"
	mkfifo "$scratch/roots"
	"$index" --db "$d" -v --commit-every 1000 - <"$scratch/roots" \
		>"$scratch/sig.out" 2>"$scratch/sig.err" &
	pid=$!
	exec 9>"$scratch/roots"
	echo "$scratch/a" >&9
	wait_for "$scratch/sig.out" "p0039.html" ||
		not_ok "SIG$sig: the indexer reached p0039.html within 120 s"
	kill -$sig "$pid"
	wait "$pid"
	rc=$?
	exec 9>&-
	case $sig in TERM) want=143 ;; INT) want=130 ;; esac
	equals "SIG$sig stops the run with status $want" $want "$rc"
	contains "saying what was done is committed" "$scratch/sig.err" \
		"stopped by signal [0-9]+; what was done is committed"
	equals "and it is: the documents in hand are searchable" 40 \
		"$(hits "$d" alpha)"
	check_db "$d" "the database is sound after SIG$sig"
	"$index" --db "$d" "$scratch/a" "$scratch/b" >"$scratch/after.out" 2>&1
	contains "the next run finishes the work" "$scratch/after.out" \
		"40 added, 0 updated, 0 deleted, 40 unchanged"
done

# ---- rebuild while searching ----------------------------------------------------

# Grow a (the old database) to 40 + 40; rebuild with 200 more files.
r="$scratch/r"
tree "$r/one" 40 charlie
tree "$r/two" 40 charlie
"$index" --db "$scratch/rdb" "$r" >/dev/null 2>&1
equals "a database of 80 to rebuild" 80 "$(hits "$scratch/rdb" charlie)"
tree "$r/three" 200 charlie
: >"$scratch/seen"
(
	while [ ! -f "$scratch/stop" ]; do
		hits "$scratch/rdb" charlie >>"$scratch/seen"
	done
) 9>&- &
searcher=$!
"$index" --rebuild --commit-every 10 --db "$scratch/rdb" "$r" \
	>"$scratch/rebuild.out" 2>"$scratch/rebuild.err"
equals "--rebuild exits 0" 0 "$?"
sleep 0.3
touch "$scratch/stop"
wait "$searcher"
equals "after the switch searches find the new database" 280 \
	"$(hits "$scratch/rdb" charlie)"
equals "searches during the rebuild saw 80 or 280 documents, nothing between" \
	"" "$(grep -vx '80\|280' "$scratch/seen" | sort -u | head -5)"
check "(and there were searches before and after the switch)" \
	sh -c "grep -qx 80 '$scratch/seen' && grep -qx 280 '$scratch/seen'"
equals "the old database is removed: only the new one is left" \
	"rdb rdb.lock" "$(cd "$scratch" && ls -d rdb* | tr '\n' ' ' | sed 's/ $//')"
check_db "$scratch/rdb" "the rebuilt database is sound"

# An interrupted rebuild: the database stays as it was.
rm -f "$scratch/roots"
mkfifo "$scratch/roots"
"$index" --rebuild --db "$scratch/rdb" -v - <"$scratch/roots" \
	>"$scratch/rb2.out" 2>"$scratch/rb2.err" &
pid=$!
exec 9>"$scratch/roots"
echo "$scratch/a" >&9
wait_for "$scratch/rb2.out" "p0039.html" ||
	not_ok "the rebuild reached p0039.html within 120 s"
kill -TERM "$pid"
wait "$pid"
equals "an interrupted rebuild exits 143" 143 "$?"
exec 9>&-
contains "saying the database is unchanged" "$scratch/rb2.err" \
	"rebuild interrupted: .*rdb is unchanged"
equals "and it is" "280 0" \
	"$(hits "$scratch/rdb" charlie) $(hits "$scratch/rdb" alpha)"
equals "nothing is left of the half-built one" "rdb rdb.lock" \
	"$(cd "$scratch" && ls -d rdb* | tr '\n' ' ' | sed 's/ $//')"

# What a killed compaction or rebuild left beside the database (a copy
# no process holds, an aside directory a first build never finished) is
# cleared by the next plain run; the database itself is untouched.
cp -r "$scratch/rdb" "$scratch/rdb.rebuild-99999"
mkdir "$scratch/rdb.20260101T000000Z-99998"
"$index" --db "$scratch/rdb" "$scratch/a" "$scratch/b" >"$scratch/plain.out" 2>&1
equals "a plain run clears what killed runs left beside the database" \
	"rdb rdb.lock" "$(cd "$scratch" && ls -d rdb* | tr '\n' ' ' | sed 's/ $//')"

# A stub file: rebuilt by writing a new stub.
"$index" --db "$scratch/sdb.0" "$scratch/a" >/dev/null 2>&1
echo "auto sdb.0" >"$scratch/sdb"
"$index" --rebuild --db "$scratch/sdb" "$scratch/b" >/dev/null 2>&1
equals "a stub file is rebuilt: it names the new database" "0 40" \
	"$(hits "$scratch/sdb" alpha) $(hits "$scratch/sdb" bravo)"
contains "(a new stub)" "$scratch/sdb" "^auto sdb\\.[0-9]{8}T[0-9]{6}Z-[0-9]+$"
check "a database the stub named by hand is left alone" test -d "$scratch/sdb.0"
"$index" --db "$scratch/sdb" "$scratch/a" >"$scratch/stub.out" 2>&1
contains "and an incremental run writes through the stub" \
	"$scratch/stub.out" "40 added, 0 updated, 0 deleted, 0 unchanged.*holds 80 documents"

# ---- a full disk -------------------------------------------------------------------

if [ "$(id -u)" != 0 ]; then
	ok "# SKIP a full disk: mounting a small tmpfs needs root"
elif ! { mkdir "$scratch/small" &&
	mount -t tmpfs -o size=600k tmpfs "$scratch/small" 2>/dev/null; }; then
	ok "# SKIP a full disk: tmpfs could not be mounted"
else
	mnt="$scratch/small"
	"$index" --db "$mnt/db" "$scratch/a" >/dev/null 2>&1
	equals "a first commit fits" 40 "$(hits "$mnt/db" alpha)"
	python3 - "$scratch/big" <<'EOF'
import os, random, sys
d = sys.argv[1]
os.makedirs(d)
random.seed(1)
for i in range(300):
    words = " ".join("w%x" % random.getrandbits(40) for _ in range(400))
    with open(os.path.join(d, "big%03d.html" % i), "w") as f:
        f.write("<html><body><main><p>delta %s</p></main></body></html>" % words)
EOF
	"$index" --db "$mnt/db" --commit-every 50 "$scratch/big" \
		>"$scratch/full.out" 2>"$scratch/full.err"
	equals "a full disk stops the run with status 3" 3 "$?"
	contains "and a message naming the database" "$scratch/full.err" \
		"$mnt/db: .*(No space left on device|ENOSPC|space)"
	check_db "$mnt/db" "the database is sound"
	equals "its last commit is searchable" 40 "$(hits "$mnt/db" alpha)"
	umount "$mnt" && mnt=
fi

done_testing
