#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end: shard sets and remote shards.  dossier-index --shards N
# spreads the documents over N databases (a set beside a stub file at the
# database path), incrementally and crash-safely as one database; the
# same hits, in the same order, with the same counts, spelling and
# synonyms come out of one database, the set, a stub listing separately
# built databases, and the set's shards served by two xapian-tcpsrv
# processes on 127.0.0.1 with the lexicon kept locally.  A shard that is
# stopped gives the documented error (exit 3, naming it), or with
# --partial the results of the others, flagged; a shard that hangs is
# given up after --shard-timeout.

. "$top_srcdir/tests/tap.sh"

index="$top_builddir/dossier-index"
query="$top_builddir/dossier-query"
command -v python3 >/dev/null || skip_all "python3 is needed to read JSON"
command -v xapian-tcpsrv >/dev/null ||
	skip_all "xapian-tcpsrv (Debian's xapian-tools) is needed"
make_scratch
unset DOSSIER_DB NO_COLOR
pids=
trap 'for p in $pids; do kill -CONT $p 2>/dev/null; kill $p 2>/dev/null; done; rm -rf "$scratch"' EXIT
scratch=$(cd "$scratch" && pwd -P)

# A collection: the bundled corpus, copied so that it can change.
docs="$scratch/docs"
mkdir -p "$docs"
cp -R "$top_srcdir/corpus/." "$docs/"
find "$docs" -type f | sort >"$scratch/all"

# results DB [OPTIONS...] -- QUERY: estimated count, suggestion, names
# expanded, then (in id order when $any is "any") each
# hit's weight (6 significant figures) and id, in rank order, one per
# line.  Hits whose weights agree to 6 figures are listed by id: over
# shards Xapian adds the same numbers in another order, and the last bits
# of two nearly equal weights may come out the other way round.
results() {
	db=$1
	shift
	"$query" --db "$db" --format json -n 40 "$@" 2>"$scratch/results.err" |
		python3 -c '
import json, sys
r = json.load(sys.stdin)
print("estimated", r["estimated"])
print("suggestion", r.get("suggestion"))
for e in r.get("expansions", []):
	print("expansion", e["name"], sorted(e["alternatives"]))
hits = [(float("%.6g" % h["weight"]), h["id"], h.get("duplicates", 0))
	for h in r["hits"]]
if "--sort" not in sys.argv:
	hits.sort(key=lambda h: (-h[0], h[1]))
if sys.argv[1] == "any":
	hits = sorted((0, i, d) for w, i, d in hits)
for w, i, d in hits:
	print("%.6g" % w, i, d)' "${any:-ranked}" "$@"
}

# matches DB QUERY: how many documents match, counted (not estimated).
matches() {
	"$query" --db "$1" --format json -n 1 --facets type --duplicates \
		--feedback 0 -- "$2" 2>>"$scratch/matches.err" |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["estimated"])'
}

# A "*" line: a wildcard, weighed by Xapian's estimate of how many
# documents hold any of its words, which it makes shard by shard (see
# doc/scaling.md): the same hits, but not quite the same weights.
queries="consultation periods
value for money
audit report NHS
local authority funding
tax
\"public accounts\"
type:report
year:2014
*title:audit OR grant*
consultatoin periods
dwp benefit"

# same DESCRIPTION DB_A DB_B [OPTIONS...]: every query gives the same.
same() {
	desc=$1 a=$2 b=$3
	shift 3
	bad=
	printf '%s\n' "$queries" >"$scratch/queries"
	all=${any:-}
	while IFS= read -r q; do
		any=$all
		case "$q" in
		\**) q=${q#\*} any=any ;;
		esac
		results "$a" "$@" -- "$q" | sed 1d >"$scratch/a.out"
		results "$b" "$@" -- "$q" | sed 1d >"$scratch/b.out"
		echo "matches $(matches "$a" "$q")" >>"$scratch/a.out"
		echo "matches $(matches "$b" "$q")" >>"$scratch/b.out"
		if ! cmp -s "$scratch/a.out" "$scratch/b.out"; then
			bad="$bad [$q]"
			diff "$scratch/a.out" "$scratch/b.out" | head -8 \
				>"$scratch/diff"
		fi
	done <"$scratch/queries"
	if [ -z "$bad" ]; then
		ok "$desc"
	else
		not_ok "$desc" "differ:$bad" "$(cat "$scratch/diff")"
	fi
}

one="$scratch/one"
set="$scratch/set"

# ---- a set of two, against one database ----------------------------------

"$index" --db "$one" $(cat "$scratch/all") >"$scratch/one.out" 2>&1
equals "one database of the corpus" 0 $?
"$index" --shards 2 --db "$set" $(cat "$scratch/all") \
	>"$scratch/set.out" 2>"$scratch/set.err"
equals "dossier-index --shards 2 exits 0" 0 $?
contains "and indexes every document" "$scratch/set.out" "211 added.*holds 211 documents"
check "the database path is a stub file" test -f "$set"
setdir=$(sed -n 's/^auto //p' "$set")
equals "naming the set's directory beside it" 1 "$(printf '%s\n' "$setdir" | grep -c "^set\.")"
check "which holds the lexicon and the two shards" \
	test -d "$scratch/$setdir/lexicon" -a -d "$scratch/$setdir/shard0" \
	-a -d "$scratch/$setdir/shard1" -a ! -e "$scratch/$setdir/shard2"
n0=$(xapian-delve "$scratch/$setdir/shard0" | sed -n 's/.*number of documents = //p')
n1=$(xapian-delve "$scratch/$setdir/shard1" | sed -n 's/.*number of documents = //p')
nl=$(xapian-delve "$scratch/$setdir/lexicon" | sed -n 's/.*number of documents = //p')
equals "the shards hold every document, the lexicon none" "211 0" "$((n0 + n1)) $nl"
check "spread over both (by a hash of the id: $n0 and $n1)" \
	test "$n0" -gt 60 -a "$n1" -gt 60
same "the set searches as one database: hits, order, counts, spelling, synonyms" \
	"$one" "$set"
same "also sorted by date" "$one" "$set" --sort date
same "and without feedback or folding copies" "$one" "$set" --feedback 0 --duplicates
results "$set" -- "consultatoin periods" >"$scratch/spell.out"
contains "spelling comes from the lexicon" "$scratch/spell.out" \
	"suggestion consultation periods"

# ---- incremental, as one database ----------------------------------------

"$index" --db "$set" $(cat "$scratch/all") >"$scratch/again.out" 2>&1
contains "a run with nothing changed changes nothing" "$scratch/again.out" \
	"0 added, 0 updated, 0 deleted, 211 unchanged"
victim=$(sed -n 5p "$scratch/all")
changed=$(sed -n 9p "$scratch/all")
printf '<html><head><title>Zanzibar levy</title></head><body><main><p>The zanzibar levy consultation.</p></main></body></html>\n' \
	>"$docs/new-zanzibar.html"
printf '<html><head><title>Quokka review</title></head><body><main><p>A quokka review of grants.</p></main></body></html>\n' \
	>"$changed"
rm -f "$victim"
find "$docs" -type f | sort >"$scratch/all2"
for db in "$one" "$set"; do
	"$index" --db "$db" "$docs" >"$scratch/inc.out" 2>&1
done
contains "a change: one added, one updated, one deleted" "$scratch/inc.out" \
	"1 added, 1 updated, 1 deleted"
results "$set" -- zanzibar >"$scratch/z.out"
contains "the new document is found" "$scratch/z.out" "new-zanzibar.html"
results "$set" -- quokka >"$scratch/q.out"
contains "the changed one by its new words" "$scratch/q.out" "$(basename "$changed")"
results "$set" -- "id:$victim" >"$scratch/v.out"
contains "the deleted one is gone" "$scratch/v.out" "^estimated 0$"
same "and the set still searches as one database" "$one" "$set"

# ---- resharding, checking, compacting ------------------------------------

"$index" --shards 3 --db "$set" "$docs" >"$scratch/re.out" 2>&1
equals "another number of shards without --rebuild: exit 2" 2 $?
contains "saying how to" "$scratch/re.out" "2 shards, not 3: .*add --rebuild"
"$index" --rebuild --shards 3 --db "$set" "$docs" >"$scratch/re.out" 2>&1
equals "--rebuild --shards 3 exits 0" 0 $?
newdir=$(sed -n 's/^auto //p' "$set")
check "the stub names a new set of three" test -d "$scratch/$newdir/shard2" \
	-a "$newdir" != "$setdir"
check "the old set is deleted" test ! -e "$scratch/$setdir"
same "three shards search as one database" "$one" "$set"
"$index" --check --db "$set" >"$scratch/check.out" 2>&1
equals "--check of a set exits 0" 0 $?
contains "each shard checked" "$scratch/check.out" "checked: sound"
"$index" --compact --db "$set" "$docs" >"$scratch/compact.out" 2>&1
equals "--compact of a set exits 0" 0 $?
compacted=$(sed -n 's/^auto //p' "$set")
check "the stub names the compacted set" test "$compacted" != "$newdir"
check "still of three shards" test -d "$scratch/$compacted/shard2" \
	-a ! -e "$scratch/$newdir"
same "and the same results" "$one" "$set"
cp -R "$one" "$scratch/plain"
"$index" --rebuild --shards 2 --db "$scratch/plain" "$docs" >"$scratch/plain.out" 2>&1
equals "a database directory resharded with --rebuild --shards 2" 0 $?
check "becomes a stub" test -f "$scratch/plain"
same "searching as before" "$one" "$scratch/plain"

# ---- shards indexed separately, listed by hand ---------------------------

half=$(($(wc -l <"$scratch/all2") / 2))
head -n "$half" "$scratch/all2" >"$scratch/h0"
tail -n +"$((half + 1))" "$scratch/all2" >"$scratch/h1"
"$index" --db "$scratch/part0" $(cat "$scratch/h0") >/dev/null 2>&1
"$index" --db "$scratch/part1" $(cat "$scratch/h1") >/dev/null 2>&1
printf '# two halves, indexed apart\nauto part0\nauto part1\n' >"$scratch/byhand"
same "a stub listing databases indexed separately searches as one" \
	"$one" "$scratch/byhand"

# ---- remote shards --------------------------------------------------------

# serve DIR: start xapian-tcpsrv on a free port for DIR; sets $port, $pid
# (setsid does not fork: a background job is no process group leader).
serve() {
	for try in 1 2 3 4 5 6 7 8 9 10; do
		port=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000))
		# A session of its own: on SIGTERM xapian-tcpsrv kills its
		# process group, which would be this test's.
		setsid xapian-tcpsrv --port "$port" "$1" \
			>"$scratch/srv.$port" 2>&1 &
		pid=$!
		for wait in 1 2 3 4 5 6 7 8 9 10; do
			grep -q "Listening" "$scratch/srv.$port" && break
			kill -0 $pid 2>/dev/null || break
			sleep 0.2
		done
		if kill -0 $pid 2>/dev/null &&
		   grep -q "Listening" "$scratch/srv.$port"; then
			pids="$pids $pid"
			return 0
		fi
		kill $pid 2>/dev/null
		wait $pid 2>/dev/null
	done
	return 1
}

setdir=$(sed -n 's/^auto //p' "$set")
"$index" --rebuild --shards 2 --db "$set" "$docs" >/dev/null 2>&1
setdir=$(sed -n 's/^auto //p' "$set")
serve "$scratch/$setdir/shard0" || bail_out "cannot start xapian-tcpsrv"
port0=$port pid0=$pid
serve "$scratch/$setdir/shard1" || bail_out "cannot start xapian-tcpsrv"
port1=$port pid1=$pid
remote="$scratch/remote"
printf 'auto %s/lexicon\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' \
	"$setdir" "$port0" "$port1" >"$remote"
same "two shards served by xapian-tcpsrv search as one database (spelling and synonyms from the local lexicon)" \
	"$one" "$remote"

kill $pid1
wait $pid1 2>/dev/null
"$query" --db "$remote" tax >"$scratch/down.out" 2>"$scratch/down.err"
equals "a stopped shard: exit 3" 3 $?
contains "with a message naming it" "$scratch/down.err" "shard 127\.0\.0\.1:$port1: .*(refused|connect)"
"$query" --db "$remote" --partial --format json tax >"$scratch/part.out" 2>"$scratch/part.err"
equals "--partial: the others' results (exit 0)" 0 $?
contains "said on standard error" "$scratch/part.err" "partial results: 2 of 3 shards answered \(shard 127\.0\.0\.1:$port1"
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
s = r["shards"]
assert s["total"] == 3 and s["answered"] == 2, s
assert sys.argv[2] in s["missing"], s
assert len(r["hits"]) > 0
' "$scratch/part.out" "$port1"
equals "and in the JSON: shards total 3, answered 2, the missing one named" 0 $?
results "$set" -- tax >"$scratch/all.out"
results "$remote" --partial -- tax >"$scratch/half.out"
python3 - "$scratch/all.out" "$scratch/half.out" <<'EOF'
import sys
a = [l.split()[1] for l in open(sys.argv[1]) if not l.startswith(("estimated", "expansion"))]
b = [l.split()[1] for l in open(sys.argv[2]) if not l.startswith(("estimated", "expansion"))]
assert b and set(b) <= set(a) and len(b) < len(a), (len(a), len(b))
EOF
equals "the partial hits are some of all the hits" 0 $?

# The CGI: a 503 saying part of the index is not answering, or with
# [search] partial = yes the others' results saying they are partial;
# the machine is named in the error log only.
cgi() {
	printf '[search]\npartial = %s\nshard_timeout_ms = 2000\n[db default]\npath = %s\n' \
		"$1" "$remote" >"$scratch/cgi.conf"
	env -i PATH="$PATH" DOSSIER_CONFIG="$scratch/cgi.conf" \
		REQUEST_METHOD=GET QUERY_STRING="q=$2" \
		SCRIPT_NAME=/cgi-bin/dossier.cgi SERVER_PROTOCOL=HTTP/1.1 \
		timeout 20 "$top_builddir/dossier.cgi" >"$scratch/cgi.out" \
		2>"$scratch/cgi.err"
}
cgi no tax
contains "the CGI without partial results: 503" "$scratch/cgi.out" "^Status: 503"
contains "saying part of the index is not answering" "$scratch/cgi.out" \
	"Part of the index is not answering"
contains "and the error log names the shard" "$scratch/cgi.err" "shard 127\.0\.0\.1:$port1"
lacks "not the page" "$scratch/cgi.out" "127\.0\.0\.1"
cgi yes tax
lacks "with partial = yes: results" "$scratch/cgi.out" "^Status: [45]"
contains "saying they are partial" "$scratch/cgi.out" \
	"Partial results: 2 of 3 parts of the index answered"
lacks "naming no machine" "$scratch/cgi.out" "127\.0\.0\.1"
contains "which the error log names" "$scratch/cgi.err" "shard 127\.0\.0\.1:$port1"

kill -STOP $pid0
start=$(date +%s)
timeout 60 "$query" --db "$remote" --shard-timeout 500 tax >/dev/null 2>"$scratch/hang.err"
rc=$?
took=$(($(date +%s) - start))
equals "a shard that hangs: exit 3" 3 "$rc"
contains "a time-out naming it" "$scratch/hang.err" "shard 127\.0\.0\.1:$port0: .*[Tt]imeout"
check "given up within seconds of --shard-timeout 500 (took ${took} s)" test "$took" -le 5
kill -CONT $pid0

done_testing
