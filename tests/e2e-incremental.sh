#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end: dossier-index is incremental.  Unchanged files are not read
# again; a file whose time moved but whose bytes did not is only
# restamped; changed files replace their documents; vanished files lose
# theirs (not with --no-delete, and never those of another root); a file
# that fails to extract after a change keeps the document it had; --full
# reads everything; unreadable directories keep their documents; JSON
# Lines records are incremental too.  Also --include, --exclude,
# --max-size, --url-prefix, --log and the summary's counts.

. "$top_srcdir/tests/tap.sh"

index="$top_builddir/dossier-index"
query="$top_builddir/dossier-query"
command -v python3 >/dev/null || skip_all "python3 is needed to read JSON"
make_scratch
unset DOSSIER_DB NO_COLOR
trap 'chmod -R u+rwx "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT
scratch=$(cd "$scratch" && pwd -P)	# identities are canonical paths
db="$scratch/db"

# page FILE WORD: an HTML page whose distinctive word is WORD.
page() {
	mkdir -p "$(dirname "$1")"
	printf '<html><head><title>Page %s</title></head><body><main>\n<p>The %s report on public audit.</p></main></body></html>\n' \
		"$2" "$2" >"$1"
}

# hits WORD: how many documents the query WORD finds.
hits() {
	"$query" --db "$db" --format json --duplicates "$1" 2>/dev/null |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["estimated"])'
}

# run_index LABEL ARGS...: index, keeping stdout, stderr and the status.
run_index() {
	label=$1
	shift
	case "$1" in
	setpriv) ;;			# a command line of its own
	*) set -- "$index" "$@" ;;
	esac
	"$@" >"$scratch/$label.out" 2>"$scratch/$label.err"
	echo $? >"$scratch/$label.rc"
}
status() { cat "$scratch/$1.rc"; }
summary() { sed -n 's/^dossier-index: //p' "$scratch/$1.out"; }

a="$scratch/a"
for w in alpha bravo charlie delta echo; do page "$a/$w.html" "$w"; done
page "$a/sub/foxtrot.html" foxtrot
touch -d '2024-01-01 00:00:00' "$a"/*.html "$a"/sub/*.html

# ---- first run, then nothing changed ------------------------------------------

run_index first --db "$db" "$a"
equals "the first run exits 0" 0 "$(status first)"
contains "and adds every file" "$scratch/first.out" \
	"6 added, 0 updated, 0 deleted, 0 unchanged, 0 failed, 0 skipped"

if [ -n "$XAPIAN_CHECK" ]; then
	delve="$(dirname "$XAPIAN_CHECK")/xapian-delve"
	[ -x "$delve" ] || delve="$(dirname "$XAPIAN_CHECK")/delve"
fi
# rev DB: the database's revision.
rev() { "$delve" "$1" 2>/dev/null | sed -n 's/^revision = //p'; }
if [ -x "${delve:-}" ]; then
	run_index compacted --commit-every 2 --db "$scratch/cdb" "$a"
	equals "a first build is compacted at its end: one revision" 1 \
		"$(rev "$scratch/cdb")"
	run_index notcompacted --no-compact --commit-every 2 --db "$scratch/ndb" "$a"
	check "(not with --no-compact)" test "$(rev "$scratch/ndb")" -gt 1
	page "$a/extra.html" extra
	run_index incr --commit-every 2 --db "$scratch/cdb" "$a"
	equals "an incremental run is not compacted" 2 "$(rev "$scratch/cdb")"
	run_index forced --compact --db "$scratch/cdb" "$a"
	equals "unless --compact asks" 1 "$(rev "$scratch/cdb")"
	rm -f "$a/extra.html"
else
	for i in 1 2 3 4; do ok "# SKIP xapian-delve is needed"; done
fi

run_index again -vv --db "$db" "$a"
equals "a second run exits 0" 0 "$(status again)"
contains "and finds every file unchanged" "$scratch/again.out" \
	"0 added, 0 updated, 0 deleted, 6 unchanged, 0 failed"
contains "saying so file by file with -vv" "$scratch/again.out" \
	"^unchanged $a/alpha.html$"
lacks "without restamping any" "$scratch/again.out" "only its time moved"

# ---- a touched file: same bytes, new time --------------------------------------

touch "$a/bravo.html"
run_index touched -vv --db "$db" "$a"
contains "a touched file is seen to be the same" "$scratch/touched.out" \
	"^unchanged $a/bravo.html \\(only its time moved\\)$"
contains "and is not indexed again" "$scratch/touched.out" \
	"0 added, 0 updated, 0 deleted, 6 unchanged"
run_index touched2 -vv --db "$db" "$a"
lacks "its new time is recorded: the next run needs no hash" \
	"$scratch/touched2.out" "only its time moved"

# ---- changed files ---------------------------------------------------------

# Same size, other bytes, same second: only the hash can tell.
sed 's/charlie/zulu77/g' "$a/charlie.html" >"$scratch/c.tmp"
cat "$scratch/c.tmp" >"$a/charlie.html"
page "$a/delta.html" "deltanew and longer"
run_index changed -v --db "$db" "$a"
contains "changed files are updated" "$scratch/changed.out" \
	"0 added, 2 updated, 0 deleted, 4 unchanged"
contains "each named with -v" "$scratch/changed.out" "^updated $a/delta.html$"
equals "the new words are found" "1 1" "$(hits zulu77) $(hits deltanew)"
equals "the old ones are gone" "0" "$(hits charlie)"

# ---- a new file, a vanished file ---------------------------------------------

page "$a/golf.html" golf
rm "$a/echo.html"
run_index moved -v --db "$db" "$a"
contains "a new file is added and a vanished one deleted" \
	"$scratch/moved.out" "1 added, 0 updated, 1 deleted, 5 unchanged"
contains "the deletion is named" "$scratch/moved.out" "^deleted $a/echo.html$"
equals "the vanished file is no longer found" "0" "$(hits echo)"
equals "the new one is" "1" "$(hits golf)"

rm "$a/golf.html"
run_index keep --no-delete --db "$db" "$a"
contains "--no-delete keeps the documents of vanished files" \
	"$scratch/keep.out" "0 deleted"
equals "so they are still found" "1" "$(hits golf)"

# ---- two roots -------------------------------------------------------------

b="$scratch/b"
page "$b/hotel.html" hotel
page "$b/india.html" india
run_index rootb --db "$db" "$b"
equals "a second root is indexed beside the first" "1 1" \
	"$(hits hotel) $(hits alpha)"
rm "$b/india.html"
run_index roota --db "$db" "$a"
contains "indexing root a deletes nothing of root b" "$scratch/roota.out" \
	"0 added, 0 updated, 1 deleted"
equals "b's documents are all there" "1 1" "$(hits hotel) $(hits india)"
equals "(the one deleted was a's vanished golf)" "0" "$(hits golf)"
run_index rootb2 --db "$db" "$b"
contains "indexing b deletes b's vanished file" "$scratch/rootb2.out" \
	"1 deleted"
equals "and only that one" "0 1" "$(hits india) $(hits hotel)"
# A root whose name is another's prefix is not its parent.
page "${b}x/juliet.html" juliet
run_index bx --db "$db" "${b}x"
run_index rootb3 --db "$db" "$b"
equals "root b does not sweep root bx" "1" "$(hits juliet)"

# ---- a change that fails keeps the old document --------------------------------

x="$scratch/x"
mkdir -p "$x"
printf '<?xml version="1.0"?>\n<doc><title>Kilo</title><p>kilo report</p></doc>\n' \
	>"$x/kilo.xml"
run_index xml1 --db "$db" "$x"
equals "an XML file is indexed" "1" "$(hits kilo)"
printf '<?xml version="1.0"?>\n<doc lima="1" lima="2"><p>lima report</p></doc>\n' \
	>"$x/kilo.xml"
run_index xml2 --db "$db" "$x"
contains "when a change breaks it, one line names the file" \
	"$scratch/xml2.err" "skipped: $x/kilo.xml: not well-formed XML"
equals "and its old document stays" "1 0" "$(hits kilo) $(hits lima)"
contains "(not deleted)" "$scratch/xml2.out" "0 deleted"

# ---- --full ------------------------------------------------------------------

run_index full --full --db "$db" "$a"
contains "--full reads every file again" "$scratch/full.out" \
	"0 added, 5 updated, 0 deleted, 0 unchanged"

# ---- an unreadable directory keeps its documents --------------------------------

# Root reads every directory: as root, this run is made as "nobody".
runas=
if [ "$(id -u)" = 0 ] && setpriv --reuid=65534 --regid=65534 \
	--clear-groups "$index" --version >/dev/null 2>&1; then
	runas="setpriv --reuid=65534 --regid=65534 --clear-groups"
	chmod 755 "$scratch"
	chown -R 65534:65534 "$db" "$a"
fi
if [ "$(id -u)" = 0 ] && [ -z "$runas" ]; then
	ok "# SKIP an unreadable directory: root reads every directory"
else
	chmod 000 "$a/sub"
	if [ -n "$runas" ]; then
		run_index unreadable $runas "$index" --db "$db" "$a"
	else
		run_index unreadable --db "$db" "$a"
	fi
	chmod 755 "$a/sub"
	[ -n "$runas" ] && chown -R 0:0 "$db" "$a"
	equals "an unreadable directory makes the run exit 1" 1 \
		"$(status unreadable)"
	contains "naming it" "$scratch/unreadable.err" \
		"$a/sub: .*its documents are kept"
	equals "and its documents stay" "1" "$(hits foxtrot)"
fi

# ---- --include, --exclude, --max-size -------------------------------------------

s="$scratch/sel"
page "$s/keep.html" mike
page "$s/drop.htm" november
page "$s/skipme/oscar.html" oscar
printf 'papa quebec\n' >"$s/notes.txt"
head -c 3000 /dev/zero | tr '\0' 'r' >"$s/big.txt"
run_index sel --db "$db" --include '*.html' --include '*.txt' \
	--exclude skipme --max-size 2K "$s"
equals "--include and --exclude choose the files" "1 0 0 1" \
	"$(hits mike) $(hits november) $(hits oscar) $(hits papa)"
contains "a file over --max-size is skipped with a line naming it" \
	"$scratch/sel.err" "skipped: $s/big.txt: 3000 bytes, over --max-size"
contains "and counted as skipped" "$scratch/sel.out" "1 skipped"
run_index sel2 --db "$db" --include '*.html' "$s"
contains "files no longer included are deleted from the index" \
	"$scratch/sel2.out" "1 deleted"
equals "(notes.txt)" "0" "$(hits papa)"
run_index sel3 --db "$db" --exclude 'sub/*.html' "$a"
equals "an --exclude glob with a '/' matches the path below the root" "0" \
	"$(hits foxtrot)"

# ---- --url-prefix ------------------------------------------------------------

run_index url --full --db "$db" --url-prefix "$a=https://example.org/pubs" \
	--url-prefix "$a/sub=https://example.org/deep/" "$a"
"$query" --db "$db" --format json alpha >"$scratch/url.json"
equals "--url-prefix maps a file to its published address" \
	"https://example.org/pubs/alpha.html" \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["hits"][0]["url"])' "$scratch/url.json")"
"$query" --db "$db" --format json foxtrot >"$scratch/url2.json"
equals "the deepest folder's prefix wins" \
	"https://example.org/deep/foxtrot.html" \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["hits"][0]["url"])' "$scratch/url2.json")"
page "$scratch/odd/a b&c.html" romeo
"$index" --extract-only --url-prefix "$scratch/odd=https://example.org/x" \
	"$scratch/odd" >"$scratch/odd.json" 2>/dev/null
contains "and percent-encodes the file's name" "$scratch/odd.json" \
	'"url":"https://example.org/x/a%20b%26c.html"'
run_index badprefix --db "$db" --url-prefix "nowhere" "$a"
equals "a --url-prefix without '=' is a usage error" 2 "$(status badprefix)"

# ---- JSON Lines records ----------------------------------------------------------

recs="$scratch/recs.jsonl"
printf '%s\n' '{"id": "r1", "title": "One", "text": "sierra tango"}' \
	'{"id": "r2", "title": "Two", "text": "uniform victor"}' >"$recs"
run_index j1 --db "$db" --jsonl "$recs"
contains "records are added" "$scratch/j1.out" "2 added"
printf '%s\n' '{"id": "r1", "title": "One", "text": "sierra tango"}' \
	'{"id": "r2", "title": "Two", "text": "uniform whiskey"}' >"$recs"
run_index j2 --db "$db" --jsonl "$recs"
contains "only the changed record is indexed again" "$scratch/j2.out" \
	"0 added, 1 updated, 0 deleted, 1 unchanged"
equals "with its new text" "1 0" "$(hits whiskey) $(hits victor)"

# ---- --synonyms and spelling ------------------------------------------------------

printf '# bodies\nNAO = National Audit Office\nDWP = Department for Work and Pensions\n' \
	>"$scratch/syn.txt"
run_index syn -v --synonyms "$scratch/syn.txt" --db "$db" "$a"
equals "--synonyms loads a table" 0 "$(status syn)"
contains "saying how many keys it loaded (-v)" "$scratch/syn.err" \
	"syn.txt: loaded 4 synonym keys"
run_index syn2 -v --synonyms "$scratch/syn.txt" --db "$db" "$a"
lacks "an unchanged table is not loaded again" "$scratch/syn2.err" "loaded"
printf 'NAO = National Audit Office\nlonely\n' >"$scratch/bad.txt"
run_index badsyn --synonyms "$scratch/bad.txt" --db "$db" "$a"
equals "a table that can't be read is a usage error" 2 "$(status badsyn)"
contains "naming FILE:LINE" "$scratch/badsyn.err" \
	"bad.txt:2: a group needs two names"

# ---- --log ---------------------------------------------------------------------

touch "$a/alpha.html"
page "$a/alpha.html" "alpha again"
run_index logged -q --log "$scratch/index.log" --db "$db" "$a"
equals "-q prints nothing when all goes well" "" \
	"$(cat "$scratch/logged.out" "$scratch/logged.err")"
contains "--log has a line per document changed" "$scratch/index.log" \
	"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z file updated $a/alpha.html$"
contains "and the summary" "$scratch/index.log" \
	"summary dossier-index: 0 added, 1 updated"

# ---- the progress line -----------------------------------------------------------

lacks "not on a pipe: no progress line" "$scratch/first.err" "files/s"
if command -v script >/dev/null 2>&1; then
	script -qec "'$index' --full --db '$db' '$a'" /dev/null \
		>"$scratch/tty.out" 2>&1
	contains "on a terminal, a progress line with the files done of those found" \
		"$scratch/tty.out" "5/5 files 100%"
	contains "with the rate and the time left" "$scratch/tty.out" \
		"files/s .*MB/s .*ETA 0:00"
	script -qec "'$index' --no-progress --db '$db' '$a'" /dev/null \
		>"$scratch/tty2.out" 2>&1
	lacks "not with --no-progress" "$scratch/tty2.out" "files/s"
else
	ok "# SKIP script (util-linux) is needed for a terminal"
	ok "# SKIP script (util-linux) is needed for a terminal"
	ok "# SKIP script (util-linux) is needed for a terminal"
fi

if [ -n "$XAPIAN_CHECK" ]; then
	"$XAPIAN_CHECK" "$db" >"$scratch/check.out" 2>&1
	equals "xapian-check finds the database sound" 0 "$?"
else
	ok "# SKIP xapian-check not installed"
fi

done_testing
