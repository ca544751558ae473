#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end: index the fixture tree tests/fixtures/site with dossier-index,
# then query it with dossier-query and check ranks, snippets, formats,
# exit codes and error messages.

. "$top_srcdir/tests/tap.sh"

index="$top_builddir/dossier-index"
query="$top_builddir/dossier-query"
site="$top_srcdir/tests/fixtures/site"
command -v python3 >/dev/null || skip_all "python3 is needed to read JSON"
make_scratch
db="$scratch/db"
unset DOSSIER_DB NO_COLOR

# json FILE EXPR: evaluate a Python expression over the parsed JSON `d`.
json() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# ---- indexing -------------------------------------------------------------

"$index" --db "$db" "$site" >"$scratch/index.out" 2>"$scratch/index.err"
equals "dossier-index exits 0 on the fixture tree" 0 "$?"
contains "the summary counts the documents indexed" "$scratch/index.out" \
	"5 added, 0 updated, 0 deleted, 0 unchanged, 0 failed, 1 skipped"

if [ -n "$XAPIAN_CHECK" ]; then
	"$XAPIAN_CHECK" "$db" >"$scratch/check.out" 2>&1
	equals "xapian-check finds the database sound" 0 "$?"
else
	ok "# SKIP xapian-check not installed"
fi

"$index" -q --db "$db" "$site" >"$scratch/index2.out" 2>&1
equals "indexing again exits 0" 0 "$?"
equals "quiet means no output" "" "$(cat "$scratch/index2.out")"
"$query" --db "$db" --format json 'consultation OR audit OR procurement OR café OR panel' \
	>"$scratch/all.json"
equals "indexing twice leaves one document per file" 5 \
	"$(json "$scratch/all.json" 'd["documents"]')"

"$query" --db "$db" xylophonequartet >/dev/null 2>&1
equals "nothing under a hidden directory is indexed" 1 "$?"

# ---- ranking and snippets -----------------------------------------------

"$query" --db "$db" --format json consultation periods >"$scratch/q1.json"
equals "dossier-query exits 0 when something matches" 0 "$?"
equals "the guidance on consultation periods ranks first" \
	"consultation-principles.html" \
	"$(json "$scratch/q1.json" 'd["hits"][0]["path"].rsplit("/",1)[1]')"
equals "its title loses the site-name suffix" "Consultation principles: guidance" \
	"$(json "$scratch/q1.json" 'd["hits"][0]["title"]')"
equals "the audit that mentions a consultation once ranks second" \
	"audit-of-grants.html" \
	"$(json "$scratch/q1.json" 'd["hits"][1]["path"].rsplit("/",1)[1]')"
equals "ranks count from 1" "1 2" \
	"$(json "$scratch/q1.json" '" ".join(str(h["rank"]) for h in d["hits"][:2])')"
equals "the snippet highlights the matched words" "True" \
	"$(json "$scratch/q1.json" '"<mark>consultation periods</mark>" in d["hits"][0]["snippet_html"].lower() or "<mark>consultation</mark> <mark>periods</mark>" in d["hits"][0]["snippet_html"].lower()')"
equals "the plain snippet has no marks" "False" \
	"$(json "$scratch/q1.json" '"<mark>" in d["hits"][0]["snippet"] or "\x02" in d["hits"][0]["snippet"]')"
equals "page furniture is not in the snippet" "False" \
	"$(json "$scratch/q1.json" '"Crown copyright" in d["hits"][0]["snippet"] or "Search the site" in d["hits"][0]["snippet"]')"
equals "the hit carries a file URL" "True" \
	"$(json "$scratch/q1.json" 'd["hits"][0]["url"].startswith("file:///")')"

"$query" --db "$db" --format json consult >"$scratch/stem.json"
equals "words are stemmed: consult finds consultation(s)" "True" \
	"$(json "$scratch/stem.json" 'any(h["path"].endswith("consultation-principles.html") for h in d["hits"])')"
"$query" --db "$db" --format json CONSULTATIONS >"$scratch/case.json"
equals "capitals are folded and stemmed too" "True" \
	"$(json "$scratch/case.json" 'd["estimated"] >= 2')"

"$query" --db "$db" --format json zeppelin >"$scratch/deep.json"
equals "a word 40 KB into a report is found" "deep-match.html" \
	"$(json "$scratch/deep.json" 'd["hits"][0]["path"].rsplit("/",1)[1]')"
equals "and its snippet is cut from there, not from the start" "True" \
	"$(json "$scratch/deep.json" '"<mark>zeppelin</mark>" in d["hits"][0]["snippet_html"]')"

"$query" --db "$db" --format json café >"$scratch/latin1.json"
equals "an ISO-8859-1 page is searchable in UTF-8" "latin1-cafe.html" \
	"$(json "$scratch/latin1.json" 'd["hits"][0]["path"].rsplit("/",1)[1]')"

"$query" --db "$db" --format json transparency >"$scratch/txt.json"
equals "plain text files are indexed" "notes.txt" \
	"$(json "$scratch/txt.json" 'd["hits"][0]["path"].rsplit("/",1)[1]')"

"$query" --db "$db" --format json '"grant schemes" AND NOT consultation' >"$scratch/bool.json"
equals "phrases and boolean operators work" "0" \
	"$(json "$scratch/bool.json" 'd["estimated"]')"
"$query" --db "$db" --format json 'title:audit' >"$scratch/title.json"
equals "title: searches titles only" "audit-of-grants.html" \
	"$(json "$scratch/title.json" '",".join(h["path"].rsplit("/",1)[1] for h in d["hits"])')"
"$query" --db "$db" --format json 'procure*' >"$scratch/wild.json"
equals "trailing wildcards expand" "deep-match.html" \
	"$(json "$scratch/wild.json" 'd["hits"][0]["path"].rsplit("/",1)[1]')"

"$query" --db "$db" -n 1 --format json consultation >"$scratch/n1.json"
equals "-n 1 gives one hit" 1 "$(json "$scratch/n1.json" 'len(d["hits"])')"
"$query" --db "$db" -n 1 --offset 1 --format json consultation >"$scratch/off.json"
equals "--offset pages on" 2 "$(json "$scratch/off.json" 'd["hits"][0]["rank"]')"

# ---- text output ------------------------------------------------------------

"$query" --db "$db" consultation periods >"$scratch/q1.txt"
contains "text output starts with the count" "$scratch/q1.txt" \
	'^[0-9]+ results? for "consultation periods"'
contains "each hit shows rank and title" "$scratch/q1.txt" \
	'^  1\. Consultation principles: guidance'
contains "and the path" "$scratch/q1.txt" \
	'consultation-principles\.html'
lacks "piped output has no colour" "$scratch/q1.txt" "$(printf '\033')"
"$query" --db "$db" --color=always consultation periods >"$scratch/colour.txt"
contains "--color=always highlights matches" "$scratch/colour.txt" \
	"$(printf '\033')\\[1;33m[Cc]onsultation"

DOSSIER_DB="$db" "$query" consultation >"$scratch/env.txt"
equals "DOSSIER_DB is the default database" 0 "$?"

# ---- errors and exit codes ------------------------------------------------

"$query" --db "$db" xyzzyplugh >"$scratch/none.txt" 2>&1
equals "no results exits 1" 1 "$?"
contains "and says so" "$scratch/none.txt" '^No results for "xyzzyplugh"'

"$query" --db "$scratch/missing" consultation >"$scratch/missing.txt" 2>&1
equals "a missing database exits 3" 3 "$?"
contains "naming the database path" "$scratch/missing.txt" "$scratch/missing"

"$query" --db "$db" "$(printf 'bad\377utf8')" >"$scratch/utf8.txt" 2>&1
equals "a query that is not UTF-8 exits 2" 2 "$?"
contains "with a clear message" "$scratch/utf8.txt" "not valid UTF-8"

"$query" --db "$db" --format yaml x >"$scratch/fmt.txt" 2>&1
equals "an unknown format is a usage error" 2 "$?"
contains "naming the option" "$scratch/fmt.txt" "--format: 'yaml'"

"$query" consultation >"$scratch/nodb.txt" 2>&1
equals "no database at all is a usage error" 2 "$?"
contains "that says how to give one" "$scratch/nodb.txt" "DOSSIER_DB"

"$index" --db "$db" "$scratch/no-such-dir" >"$scratch/nodir.out" 2>"$scratch/nodir.err"
equals "indexing a missing path exits 1" 1 "$?"
contains "naming it" "$scratch/nodir.err" "no-such-dir: No such file or directory"

"$query" --db "$db" --format json 'consultation OR audit OR procurement OR café OR panel' \
	>"$scratch/after.json"
equals "a failed run loses nothing already indexed" 5 \
	"$(json "$scratch/after.json" 'd["documents"]')"

done_testing
