#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# search-during-reindex.sh: searches through the web server, under load,
# while dossier-index rewrites the database they read (issue 7,
# "Hardening"; RELIABILITY.md goal F4, "never in the way of searches").
#
# lighttpd on 127.0.0.1 serves dossier.cgi twice over one database: as a
# CGI (a process a request) and as FastCGI (two long-lived processes,
# which reopen the database before each request, keep answers for a
# revision and start afresh every MAX_REQUESTS answers).  Two wrk processes load them for DURATION seconds, CONNS
# connections each, with queries in rotation (words, phrases, a date
# range, a filter; HTML and JSON; bench/status-count.lua counts the
# answers by status).  Meanwhile each trial:
#   1. changes the tree: one file added (with a word of its own), one
#      rewritten, one deleted, all chosen at random;
#   2. runs dossier-index --full --commit-every COMMIT_EVERY on it: every
#      document is written again, a commit every COMMIT_EVERY of them,
#      and every third run compacts at the end (a new database switched
#      in under the searches); it must exit 0;
# and trials follow one another until the load ends (TRIALS is the
# least number of them: the load goes on until they are done).
# The run passes when:
#   - every answer of both front ends was a 200: no 500, no 503 (the
#     database kept changing under a search), no socket error;
#   - the database moved on by at least MIN_COMMITS commits during the
#     load (counted by its revision before and after each run that does
#     not compact);
#   - every reindex exited 0, the database passes xapian-check, and it
#     finds the word of the last file added, through both front ends.
#
# Usage:  tests/faults/search-during-reindex.sh      (as any user)
# Environment:
#   DURATION      seconds of load (default 60)
#   CONNS         connections of each wrk (default 2)
#   COMMIT_EVERY  documents a commit (default 10; corpus/ makes ~20 a run)
#   MIN_COMMITS   commits the load must see at least (default 10)
#   MAX_REQUESTS  [limits] max_requests of the FastCGI processes (default
#                 500: they start afresh many times under the load)
#   TRIALS        reindex runs at least (default 1)
#   SEED          random seed, to repeat the choices (default: random)
#   top_builddir  where the programs are (default /work/main/build)
#   top_srcdir    the source tree, for corpus/ (default /work/main)
#   TMPDIR        where the scratch directory is made (default /tmp)
#   XAPIAN_CHECK  xapian-check (default /usr/bin/xapian-check)
#   KEEP=1        keep the scratch directory
# Prints a line a reindex run, the load's counts and a summary line;
# exits 0 when the run passed, 1 when it did not, 77 when lighttpd or
# wrk is missing, 99 on a set-up error.

set -u

me=search-during-reindex
TRIALS=${TRIALS:-1}
DURATION=${DURATION:-60}
CONNS=${CONNS:-2}
COMMIT_EVERY=${COMMIT_EVERY:-10}
MIN_COMMITS=${MIN_COMMITS:-10}
MAX_REQUESTS=${MAX_REQUESTS:-500}
programs="dossier-index dossier-query dossier.cgi"
commands="wrk awk python3"
. "$(dirname "$0")/lib.sh"
lighttpd=$(command -v lighttpd || echo /usr/sbin/lighttpd)
[ -x "$lighttpd" ] || { echo "$me: SKIP: lighttpd is needed"; exit 77; }
lua="$top_srcdir/bench/status-count.lua"
[ -f "$lua" ] || die "no $lua"
for v in DURATION CONNS COMMIT_EVERY MIN_COMMITS MAX_REQUESTS; do
	case ${!v} in '' | *[!0-9]*) die "$v=${!v}?" ;; esac
done
echo "$me: seed $SEED, $DURATION s of load, $CONNS connections a front end," \
	"a commit every $COMMIT_EVERY documents"

# ---- the tree and its first index --------------------------------------------

tree="$scratch/docs"
db="$scratch/db"
mkdir -p "$tree"
cp -a "$corpus/govuk-html" "$corpus/datagovuk-html" "$corpus/hansard-xml" \
	"$corpus/legislation-xml" "$tree/" || die "cannot copy $corpus"
"$index" -q --db "$db" "$tree" >"$scratch/index0.out" 2>&1 ||
	die "the first index failed: $(tail -n 3 "$scratch/index0.out")"

# ---- the web server ------------------------------------------------------------

port=$(awk 'BEGIN { srand(); print 20000 + int(rand() * 30000) }')
for _ in 1 2 3 4 5 6 7 8 9 10; do
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
	port=$((port + 1))
done
conf="$scratch/dossier.conf"
# FastCGI processes start afresh every MAX_REQUESTS answers, under load.
printf '[limits]\nmax_requests = %s\n\n[db default]\npath = %s\n' \
	"$MAX_REQUESTS" "$db" >"$conf"
mkdir -p "$scratch/www" "$scratch/cgi-bin"
ln -s "$top_builddir/dossier.cgi" "$scratch/cgi-bin/dossier.cgi"
cat >"$scratch/lighttpd.conf" <<EOF
server.modules = ("mod_alias", "mod_setenv", "mod_cgi", "mod_fastcgi")
server.document-root = "$scratch/www"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$scratch/lighttpd-error.log"
server.max-connections = 256
alias.url = ("/cgi-bin/" => "$scratch/cgi-bin/")
\$HTTP["url"] =~ "^/cgi-bin/" {
	cgi.assign = ("" => "")
	setenv.add-environment = ("DOSSIER_CONFIG" => "$conf")
}
fastcgi.server = ("/search" => ((
	"socket" => "$scratch/fcgi.sock",
	"bin-path" => "$top_builddir/dossier.cgi",
	"bin-environment" => ("DOSSIER_CONFIG" => "$conf"),
	"max-procs" => 2,
	"check-local" => "disable"
)))
EOF
"$lighttpd" -D -f "$scratch/lighttpd.conf" >"$scratch/lighttpd.out" 2>&1 &
httpd=$!
bg=$httpd
up=no
for _ in $(seq 1 100); do
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && { up=yes; break; }
	sleep 0.1
done
[ $up = yes ] || die "lighttpd did not start: $(cat "$scratch/lighttpd.out")"
base="http://127.0.0.1:$port"

# One request path a line, for each front end.
queries="audit
consultation+periods
%22value+for+money%22
date%3A2010..2015+spending
publisher%3A%22Cabinet+Office%22
transport+london
nhs+waiting+times
legislation&fmt=json
parliament&sort=date
schools&page=2"
for front in cgi fcgi; do
	case $front in
	cgi) prefix="/cgi-bin/dossier.cgi?q=" ;;
	fcgi) prefix="/search?q=" ;;
	esac
	echo "$queries" | sed "s|^|$prefix|" >"$scratch/$front.paths"
done

# ---- load and reindex ----------------------------------------------------------

for front in cgi fcgi; do
	wrk -t1 -c"$CONNS" -d"${DURATION}s" --timeout 30s --latency -s "$lua" \
		"$base" -- "$scratch/$front.paths" >"$scratch/wrk-$front.out" 2>&1 &
	eval "wrk_$front=$!"
done
bg="$httpd $wrk_cgi $wrk_fcgi"

# change_tree N: add, rewrite and delete a file of the tree.
change_tree() {
	local files n victim
	files=$(cd "$tree" && find . -type f -name '*.html' | sort)
	n=$(echo "$files" | wc -l)
	victim=$(echo "$files" | sed -n "$(($(rand "$n") + 1))p")
	printf '<html><head><title>Added %d</title></head><body><p>The word reindexword%d is in this file only, with audit and spending.</p></body></html>\n' \
		"$1" "$1" >"$tree/govuk-html/added-$1.html"
	echo "<p>Rewritten in trial $1.</p>" >>"$tree/$victim"
	victim=$(echo "$files" | sed -n "$(($(rand "$n") + 1))p")
	case $victim in
	*/added-*) ;;	# keep the added files, whose words are checked
	*) rm -f "$tree/$victim" ;;
	esac
}

trial=0 failed_runs=0 commits=0 switches=0
while [ $trial -lt "$TRIALS" ] || kill -0 "$wrk_cgi" 2>/dev/null ||
	kill -0 "$wrk_fcgi" 2>/dev/null; do
	trial=$((trial + 1))
	change_tree $trial
	before=$(revision "$db")
	# Every third run ends compacting (a new database switched in, at
	# revision 1); the others' commits show in the revision.
	compact=--no-compact
	[ $((trial % 3)) -eq 0 ] && compact=--compact
	t0=$(now_ms)
	"$index" -q --full $compact --commit-every "$COMMIT_EVERY" --db "$db" \
		"$tree" >"$scratch/index$trial.out" 2>&1
	rc=$?
	after=$(revision "$db")
	if [ $compact = --compact ]; then
		switches=$((switches + 1))
		how="compacted and switched"
	else
		commits=$((commits + after - before))
		how="$((after - before)) commits"
	fi
	echo "reindex $trial: exit $rc in $(($(now_ms) - t0)) ms, $how"
	if [ $rc -ne 0 ]; then
		failed_runs=$((failed_runs + 1))
		sed 's/^/    /' "$scratch/index$trial.out" | tail -n 5
	fi
done
wait "$wrk_cgi" "$wrk_fcgi"
bg=$httpd

# ---- the verdict ---------------------------------------------------------------

bad=0
summary=""
for front in cgi fcgi; do
	out="$scratch/wrk-$front.out"
	total=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$out")
	ok200=$(sed -n 's/^STATUS 200 //p' "$out")
	others=$(grep '^STATUS ' "$out" | grep -v '^STATUS 200 ' | cut -d' ' -f2- | tr '\n' ' ')
	sock=$(sed -n 's/^ *Socket errors: //p' "$out")
	p99=$(awk '$1 == "99%" { print $2 }' "$out")
	echo "$front: ${total:-0} requests, ${ok200:-0} x 200${others:+, others: $others}${sock:+, socket errors: $sock}; p99 ${p99:-?}"
	if [ -z "$total" ] || [ "$total" -eq 0 ] || [ "${ok200:-0}" != "$total" ] ||
		[ -n "$others" ] || [ -n "$sock" ]; then
		bad=1
		grep -v '^STATUS' "$out" | sed 's/^/    /' | head -n 20
	fi
	summary="$summary, $front ${total:-0} requests $(( ${total:-0} - ${ok200:-0} )) failed"
done
if [ "$commits" -lt "$MIN_COMMITS" ]; then
	echo "$me: only $commits commits during the load (at least $MIN_COMMITS wanted)"
	bad=1
fi
[ $failed_runs -eq 0 ] || bad=1
if ! "$XAPIAN_CHECK" "$db" >"$scratch/check.out" 2>&1; then
	echo "$me: xapian-check fails:"; tail -n 5 "$scratch/check.out"
	bad=1
fi
# The last file added is found, in the database and through both.
hits=$("$query" --db "$db" --format tsv --snippets 0 "reindexword$trial" \
	2>/dev/null | tail -n +2 | wc -l)
[ "$hits" -eq 1 ] || { echo "$me: reindexword$trial: $hits hits in the database"; bad=1; }
for path in "/cgi-bin/dossier.cgi" "/search"; do
	hits=$(python3 -c 'import json, sys, urllib.request
print(len(json.load(urllib.request.urlopen(sys.argv[1], timeout=30))["hits"]))' \
		"$base$path?q=reindexword$trial&fmt=json" 2>&1)
	[ "$hits" = 1 ] || { echo "$me: $path finds reindexword$trial: $hits"; bad=1; }
done
kill "$httpd" 2>/dev/null
wait "$httpd" 2>/dev/null
bg=
# What dossier.cgi logged (its standard error reaches lighttpd's).
if grep -q '^dossier.cgi: ' "$scratch/lighttpd.out"; then
	echo "$me: dossier.cgi logged:"
	grep '^dossier.cgi: ' "$scratch/lighttpd.out" | sort | uniq -c | head -n 10
fi
echo "$me: $trial reindex runs ($failed_runs failed), $commits commits and" \
	"$switches compactions switched in during $DURATION s of load$summary; $( [ $bad -eq 0 ] && echo passed || echo FAILED)"
exit $bad
