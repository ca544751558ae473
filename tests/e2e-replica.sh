#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end: read replicas made with Xapian's own replication
# (xapian-replicate-server serving the master's directory on 127.0.0.1,
# xapian-replicate -o making the replica; Debian's xapian-tools) search
# exactly as the master does, and follow it through dossier-index's
# incremental runs, --rebuild and --full.
#
# The master is indexed with XAPIAN_MAX_CHANGESETS=10 in dossier-index's
# environment, so that each commit also writes a changeset file.  A
# first replication makes a full copy; dossier-query over the replica
# then prints the very same JSON as over the master (same estimated
# count, same hits in the same order, same documents, revision and UUID:
# nothing in it names where the database lives) for several queries.
# After a file is added, one modified and one deleted, an incremental run
# is sent as one changeset (xapian-replicate -v: "0 copies, 1
# changesets"), and the replica finds the new words, no longer finds the
# deleted file and again answers as the master; two runs are sent as two
# changesets in one go.  What makes a new database -- --rebuild, and
# --full, which compacts (as --compact and a first build do) -- has a new
# UUID: the replica follows it by a full copy of the whole database ("1
# copies, 0 changesets"), answers as the master, and later incremental
# runs go by changesets again.  An incremental run made without
# XAPIAN_MAX_CHANGESETS is not lost: the next replication falls back to
# a full copy.  The same with a master path that is a stub file
# (--rebuild then rewrites the stub).  With the server gone,
# xapian-replicate fails and the replica still answers.
#
# xapian-replicate runs with -r 0: by default (-r 30) it waits 30 s for
# readers to close before each changeset after the first applied in one
# go.
#
#   cd build && top_srcdir=.. top_builddir=. sh ../tests/e2e-replica.sh
#
# About 10 s.  Skips when xapian-replicate or xapian-replicate-server is
# missing (apt-get install xapian-tools).

. "$top_srcdir/tests/tap.sh"

index="$top_builddir/dossier-index"
query="$top_builddir/dossier-query"
command -v python3 >/dev/null || skip_all "python3 is needed to read JSON"
# The interpreter itself, not a wrapper (pyenv's shims take 0.2 s a run).
py=$(python3 -c 'import sys; print(sys.executable or "python3")') || py=python3
command -v timeout >/dev/null || skip_all "timeout (coreutils) is needed"
# Beside the xapian-tcpsrv configure found, else on the PATH.
xbin=
[ -n "${XAPIAN_TCPSRV:-}" ] && xbin=$(dirname "$XAPIAN_TCPSRV")
tool() {
	if [ -n "$xbin" ] && [ -x "$xbin/$1" ]; then
		echo "$xbin/$1"
	else
		command -v "$1"
	fi
}
replicate=$(tool xapian-replicate) ||
	skip_all "xapian-replicate is missing (apt-get install xapian-tools)"
repserver=$(tool xapian-replicate-server) ||
	skip_all "xapian-replicate-server is missing (apt-get install xapian-tools)"

make_scratch
unset DOSSIER_DB NO_COLOR XAPIAN_MAX_CHANGESETS
server_pid=

stop_server() {
	stop_process "$server_pid"
	server_pid=
}

cleanup() {
	rc=$?
	stop_server
	rm -rf "$scratch"
	exit $rc
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

master="$scratch/master"	# the directory the server serves
db="$master/idx"		# the master database,
mname=idx			# its name to the server
replica="$scratch/replica"
docs="$scratch/docs"
mkdir -p "$master"

# The corpus, copied so that it can change (writable even when the
# source tree is not, as under make distcheck), its files dated in the
# past so that each change below is seen as one.
cp -R "$top_srcdir/corpus" "$docs" && chmod -R u+w "$docs" ||
	bail_out "cannot copy the corpus"
find "$docs" -type f -exec touch -d '2024-01-01 00:00:00' {} + ||
	bail_out "cannot date the corpus"
deleted="$docs/govuk-html/html-publication-best-practice-hc-paper-2.html"
modified="$docs/compactvoice/nao-follow-up-report.html"
added="$docs/govuk-html/zz-replica-added.html"
for f in "$deleted" "$modified"; do
	[ -f "$f" ] || bail_out "$f is not in the corpus"
done

# page FILE WORD: an HTML page whose distinctive word is WORD.
page() {
	printf '<html><head><title>Page %s</title></head><body><main>\n<p>The %s report on public audit.</p></main></body></html>\n' \
		"$2" "$2" >"$1"
}

# run_index LABEL ARGS...: index the master with changesets on, keeping
# stdout, stderr and the status.
run_index() {
	label=$1
	shift
	XAPIAN_MAX_CHANGESETS=10 timeout 600 "$index" --db "$db" "$@" \
		>"$scratch/$label.out" 2>"$scratch/$label.err" </dev/null
	echo $? >"$scratch/$label.rc"
}
status() { cat "$scratch/$1.rc"; }

# replicate LABEL [OPTION...]: one replication of $mname into $replica.
replicate() {
	label=$1
	shift
	timeout 60 "$replicate" -v -o -r 0 -t 20 -h 127.0.0.1 -p "$port" \
		-m "$mname" "$@" "$replica" >"$scratch/$label.rep" 2>&1 </dev/null
	echo $? >"$scratch/$label.rc"
}

# ask DB LABEL QUERY: dossier-query's JSON into $scratch/LABEL.json.
ask() {
	timeout 120 "$query" --db "$1" --format json --limit 20 "$3" \
		>"$scratch/$2.json" 2>"$scratch/$2.qerr" </dev/null
	echo $? >"$scratch/$2.qrc"
}

# field LABEL KEY: a top-level field of $scratch/LABEL.json.
field() {
	"$py" -c 'import json,sys
try:
    print(json.load(open(sys.argv[1]))[sys.argv[2]])
except Exception as e:
    print("(%s)" % e)' "$scratch/$1.json" "$2"
}

# paths LABEL: the hits' paths below $docs, one a line.
paths() {
	"$py" -c 'import json,sys
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    print("(%s)" % e); sys.exit()
for h in d["hits"]:
    print(h["path"].replace(sys.argv[2] + "/", ""))' "$scratch/$1.json" "$docs"
}

cat >"$scratch/same.py" <<'EOF'
# same.py N: for each I in 1..N, write "same" to cmpI when the replica's
# answer rI.json is the master's mI.json, field for field, else what
# differs; then print how many of the mI found documents.
import json, sys
def brief(d):
    return "estimated %s, hits %s" % (
        d.get("estimated"), [h.get("path") for h in d.get("hits", [])])
found = 0
for i in range(1, int(sys.argv[1]) + 1):
    with open("cmp%d" % i, "w") as out:
        try:
            m, r = (json.load(open("%s%d.json" % (w, i))) for w in "mr")
        except Exception as e:
            out.write("unreadable JSON: %s\n" % e)
            continue
        if m.get("estimated", 0) > 0:
            found += 1
        if m == r:
            out.write("same\n")
        elif brief(m) != brief(r):
            out.write("master:  %s\nreplica: %s\n" % (brief(m), brief(r)))
        else:
            for k in sorted(set(m) | set(r)):
                if m.get(k) != r.get(k):
                    out.write("%s: master %.300r, replica %.300r\n"
                              % (k, m.get(k), r.get(k)))
print(found)
EOF

queries='audit
consultation periods
"open data"
title:governance
transparency OR accountability
speaker:Smith'

# compare STEP: for each query, the replica answers as the master.
compare() {
	nq=0
	printf '%s\n' "$queries" >"$scratch/queries"
	while IFS= read -r q; do
		nq=$((nq + 1))
		ask "$db" "m$nq" "$q"
		ask "$replica" "r$nq" "$q"
	done <"$scratch/queries"
	found=$(cd "$scratch" && "$py" same.py "$nq" 2>&1)
	i=0
	while IFS= read -r q; do
		i=$((i + 1))
		equals "$1: the replica answers '$q' as the master" same \
			"$(cat "$scratch/cmp$i" 2>&1)"
	done <"$scratch/queries"
	equals "$1: (each of the $nq queries finds documents)" "$nq" "$found"
}

# ---- the master and its server ------------------------------------------------

run_index first "$docs"
equals "the master is built with XAPIAN_MAX_CHANGESETS=10" 0 "$(status first)"

# A free port from the kernel; the server must then be seen listening
# on it while still running (a port taken meanwhile makes it exit 69).
port=
for try in 1 2 3 4 5 6 7 8 9 10; do
	p=$("$py" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])') || continue
	# In a process group of its own: on SIGTERM, Xapian's servers
	# kill their whole process group, which would otherwise be ours.
	"$py" -c 'import os, sys; os.setsid(); os.execvp(sys.argv[1], sys.argv[1:])' \
		"$repserver" -I 127.0.0.1 -p "$p" "$master" \
		>"$scratch/server.log" 2>&1 </dev/null &
	server_pid=$!
	if "$py" "$top_srcdir/tests/listening.py" 127.0.0.1 "$p" "$server_pid" &&
		sleep 0.2 && alive "$server_pid"; then
		port=$p
		break
	fi
	stop_server
done
[ -n "$port" ] || bail_out "xapian-replicate-server would not start: $(cat "$scratch/server.log")"
ok "xapian-replicate-server serves the master's directory on 127.0.0.1:$port"

# ---- a first replication: a full copy ------------------------------------------

replicate rep1
equals "a first replication succeeds" 0 "$(status rep1)"
contains "as a full copy" "$scratch/rep1.rep" \
	"Update complete: 1 copies, 0 changesets, new live database"
check "the replica is a directory of Xapian's (a stub XAPIANDB)" \
	test -f "$replica/XAPIANDB"
compare "a full copy"
ask "$replica" uuid1 audit
equals "the replica has the master's UUID and revision" \
	"$(field m1 uuid) $(field m1 revision)" \
	"$(field uuid1 uuid) $(field uuid1 revision)"

# ---- an incremental run: one changeset ---------------------------------------------

page "$added" zygomorphic
sed 's/timeframe/quokkaframe/g' "$modified" >"$scratch/mod.tmp" &&
	cat "$scratch/mod.tmp" >"$modified"
rm "$deleted"
run_index incr "$docs"
equals "an incremental run of the master exits 0" 0 "$(status incr)"
contains "adding one file, updating one, deleting one" "$scratch/incr.out" \
	" 1 added, 1 updated, 1 deleted, "
# (changes1: the changes from revision 1, the compacted first build)
check "and writes a changeset" test -f "$db/changes1"

ask "$replica" before zygomorphic
ask "$replica" before2 tachograph
equals "until it replicates, the replica answers from the old revision" \
	"0 1" "$(field before estimated) $(field before2 estimated)"

replicate rep2
equals "the second replication succeeds" 0 "$(status rep2)"
contains "sending one changeset, not a copy" "$scratch/rep2.rep" \
	"Update complete: 0 copies, 1 changesets, new live database"
ask "$replica" new zygomorphic
equals "the replica finds the added file's word" \
	"1 govuk-html/zz-replica-added.html" \
	"$(field new estimated) $(paths new)"
ask "$replica" mod quokkaframes
ask "$replica" mod2 timeframes
equals "and the modified file's new word, not its old one" \
	"1 compactvoice/nao-follow-up-report.html 0" \
	"$(field mod estimated) $(paths mod) $(field mod2 estimated)"
ask "$replica" gone tachograph
equals "and no longer finds the deleted file (dossier-query exits 1)" \
	"0 1" "$(field gone estimated) $(cat "$scratch/gone.qrc")"
compare "one changeset"

replicate rep3
contains "replicating again with nothing new changes nothing" \
	"$scratch/rep3.rep" \
	"Update complete: 0 copies, 0 changesets, no changes to live database"

# Two runs, then one replication: two changesets in one go.
for w in xylograph yardarm; do
	page "$docs/govuk-html/zz-$w.html" "$w"
	run_index "run-$w" "$docs"
done
equals "two more incremental runs" "0 0" \
	"$(status run-xylograph) $(status run-yardarm)"
replicate rep4
contains "are sent as two changesets in one replication" "$scratch/rep4.rep" \
	"Update complete: 0 copies, 2 changesets, new live database"
ask "$replica" two "xylograph OR yardarm"
equals "which the replica finds" 2 "$(field two estimated)"

# ---- --rebuild: a new database, followed by a full copy --------------------------------

ask "$db" oldid audit
run_index rebuild --rebuild "$docs"
equals "dossier-index --rebuild on the master exits 0" 0 "$(status rebuild)"
ask "$db" newid audit
check "the rebuilt master is another database (a new UUID)" \
	test "$(field oldid uuid)" != "$(field newid uuid)"
equals "at revision 1 again" 1 "$(field newid revision)"
replicate rep5
equals "replication after --rebuild succeeds" 0 "$(status rep5)"
contains "by a full copy of the new database" "$scratch/rep5.rep" \
	"Update complete: 1 copies, 0 changesets, new live database"
ask "$replica" rebuilt audit
equals "the replica now has the rebuilt database's UUID and revision" \
	"$(field newid uuid) 1" "$(field rebuilt uuid) $(field rebuilt revision)"
compare "after --rebuild"

page "$docs/govuk-html/zz-zeppelin.html" zeppelin
run_index afterrebuild "$docs"
replicate rep6
contains "an incremental run after --rebuild goes by a changeset again" \
	"$scratch/rep6.rep" "Update complete: 0 copies, 1 changesets"
ask "$replica" zep zeppelin
equals "(found on the replica)" 1 "$(field zep estimated)"

# ---- a run without changesets; --full ---------------------------------------------------

page "$docs/govuk-html/zz-quagga.html" quagga
timeout 600 "$index" --db "$db" "$docs" >"$scratch/nochg.out" 2>&1 </dev/null
equals "an incremental run without XAPIAN_MAX_CHANGESETS" 0 "$?"
replicate rep7
contains "is followed by a full copy (no changeset to send)" \
	"$scratch/rep7.rep" "Update complete: 1 copies, 0 changesets"
ask "$replica" quagga quagga
equals "(found on the replica)" 1 "$(field quagga estimated)"

ask "$db" prefull audit
run_index full --full "$docs"
ask "$db" postfull audit
check "--full compacts the master into a new database (a new UUID)" \
	test "$(field prefull uuid)" != "$(field postfull uuid)"
replicate rep8
contains "so it too is followed by a full copy" "$scratch/rep8.rep" \
	"Update complete: 1 copies, 0 changesets"
compare "after --full"

# ---- a master whose path is a stub file ------------------------------------------

# As dossier-index(1) advises where directories can't be exchanged: the
# path names a stub; --rebuild makes a new database beside it and
# rewrites the stub.  The server serves the stub's name as well.
mkdir -p "$master/stubbed.1"
cp "$db"/*.glass "$db/iamglass" "$master/stubbed.1/"
printf 'auto stubbed.1\n' >"$master/stubbed"
db="$master/stubbed" mname=stubbed replica="$scratch/replica2"
replicate srep1
contains "a master path that is a stub file replicates: a full copy first" \
	"$scratch/srep1.rep" "Update complete: 1 copies, 0 changesets"
page "$docs/govuk-html/zz-stubbed.html" zibeline
run_index sincr "$docs"
replicate srep2
contains "then an incremental run as a changeset" "$scratch/srep2.rep" \
	"Update complete: 0 copies, 1 changesets"
ask "$replica" zib zibeline
equals "(found on the replica)" 1 "$(field zib estimated)"
run_index srebuild --rebuild "$docs"
check "--rebuild through the stub names a new database" \
	test "$(cat "$master/stubbed")" != "auto stubbed.1"
replicate srep3
contains "which is followed by a full copy" "$scratch/srep3.rep" \
	"Update complete: 1 copies, 0 changesets"
compare "a stub master after --rebuild"

# ---- the server gone ---------------------------------------------------------

stop_server
replicate rep9
check "with the server gone, xapian-replicate fails" \
	test "$(status rep9)" -ne 0
ask "$replica" still zygomorphic
equals "and the replica still answers" "0 1" \
	"$(cat "$scratch/still.qrc") $(field still estimated)"

done_testing
