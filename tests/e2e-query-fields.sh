#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end: what dossier-query does with the fields extraction finds.
# Indexes corpus/ and checks --filter, --since and --until against the
# hand-checked table tests/corpus-metadata.tsv, the query language's
# field prefixes, and that the fields appear in text and JSON output.

. "$top_srcdir/tests/tap.sh"

corpus="$top_srcdir/corpus"
table="$top_srcdir/tests/corpus-metadata.tsv"
query="$top_builddir/dossier-query"
[ -f "$corpus/MANIFEST.tsv" ] || skip_all "corpus/ is not there"
command -v python3 >/dev/null || skip_all "python3 is needed to read JSON"
make_scratch
db="$scratch/db"

"$top_builddir/dossier-index" -q --db "$db" "$corpus" >/dev/null 2>&1
[ -d "$db" ] || bail_out "indexing corpus/ failed"

# count COLUMN VALUE: rows of the table with that value in that column.
count() {
	awk -F'\t' -v c="$1" -v v="$2" '!/^#/ && $c == v { n++ } END { print n + 0 }' "$table"
}

# json FILE EXPR: evaluate a Python expression over the parsed JSON `d`.
json() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# ---- --filter ---------------------------------------------------------------

"$query" --db "$db" -n 1000 --format json --filter type:minutes >"$scratch/minutes.json"
equals "--filter type: with no words lists every document of that type" \
	"$(count 5 minutes)" "$(json "$scratch/minutes.json" 'len(d["hits"])')"
equals "and only those" "True" \
	"$(json "$scratch/minutes.json" 'all(h.get("type") == "minutes" for h in d["hits"])')"

"$query" --db "$db" -n 1000 --format json --filter type:debate \
	--filter type:written-answer >"$scratch/or.json"
equals "two values of one field are ORed" \
	"$(($(count 5 debate) + $(count 5 written-answer)))" \
	"$(json "$scratch/or.json" 'len(d["hits"])')"

"$query" --db "$db" -n 1000 --format json --filter 'publisher:House of Lords' \
	>"$scratch/lords.json"
equals "--filter publisher: takes the whole name, in any case" \
	"$(count 4 'House of Lords')" "$(json "$scratch/lords.json" 'len(d["hits"])')"
"$query" --db "$db" -n 1000 --format json --filter 'publisher:HOUSE OF LORDS' \
	--filter type:debate >"$scratch/and.json"
equals "different fields are ANDed" "0" "$(json "$scratch/and.json" 'len(d["hits"])')"

"$query" --db "$db" --format json --filter format:xml --filter dialect:hansard \
	'£750' >"$scratch/pound.json"
equals "filters restrict a query with words, too" "True" \
	"$(json "$scratch/pound.json" 'len(d["hits"]) > 0 and all(h["dialect"] == "hansard" for h in d["hits"])')"

"$query" --db "$db" --format json --filter 'id:HC 1025' >"$scratch/hc.json"
equals "--filter id: finds a House of Commons paper by its number" \
	"html-publication-best-practice-hc-paper.html" \
	"$(json "$scratch/hc.json" '",".join(h["path"].rsplit("/",1)[1] for h in d["hits"])')"
equals "and the hit shows its identifiers" "True" \
	"$(json "$scratch/hc.json" 'any(i.startswith("HC 1025") for i in d["hits"][0]["identifiers"])')"

# ---- --since and --until ----------------------------------------------------

"$query" --db "$db" -n 1000 --format json --since 2009-10-01 --until 2009-10-31 \
	>"$scratch/oct.json"
equals "--since and --until keep the documents dated in between" \
	"$(awk -F'\t' '!/^#/ && $3 >= "2009-10-01" && $3 <= "2009-10-31"' "$table" | wc -l | tr -d ' ')" \
	"$(json "$scratch/oct.json" 'len(d["hits"])')"
equals "all of them" "True" \
	"$(json "$scratch/oct.json" 'all("2009-10-01" <= (h.get("date") or h.get("modified")) <= "2009-10-31" for h in d["hits"])')"
"$query" --db "$db" -n 1000 --format json --since 2014 --until 2014 >"$scratch/y.json"
equals "a year is the whole year (updated dates count when there is no other)" "True" \
	"$(json "$scratch/y.json" 'len(d["hits"]) > 0 and all((h.get("date") or h.get("modified")).startswith("2014") for h in d["hits"])')"
"$query" --db "$db" -n 1000 --format json --until 30/6/2009 consultation >"$scratch/uk.json"
equals "UK day-first dates are read" "True" \
	"$(json "$scratch/uk.json" 'all((h.get("date") or h.get("modified")) <= "2009-06-30" for h in d["hits"])')"

# ---- the query language's fields ------------------------------------------

"$query" --db "$db" --format json 'type:debate biofuels' >"$scratch/qtype.json"
equals "type: in the query filters too" "True" \
	"$(json "$scratch/qtype.json" 'len(d["hits"]) > 0 and all(h["type"] == "debate" for h in d["hits"])')"
"$query" --db "$db" --format json 'year:2009 consultation' >"$scratch/qyear.json"
equals "year: in the query" "True" \
	"$(json "$scratch/qyear.json" 'len(d["hits"]) > 0 and all((h.get("date") or h.get("modified")).startswith("2009") for h in d["hits"])')"
# The surname of the first speaker of a Westminster Hall debate.
speaker=$("$top_builddir/dossier-index" --extract-only \
	"$corpus/hansard-xml/westminster2009-10-27a.xml" 2>/dev/null |
	python3 -c 'import json,sys; d=json.loads(sys.stdin.readline()); print([s["speaker"] for s in d["sections"] if s.get("speaker")][0].split()[-1])')
"$query" --db "$db" --format json "speaker:$speaker" >"$scratch/qspeaker.json"
equals "speaker: finds the debate a member spoke in" "True" \
	"$(json "$scratch/qspeaker.json" 'any(h["path"].endswith("westminster2009-10-27a.xml") for h in d["hits"])')"
"$query" --db "$db" --format json 'publisher:lords' >"$scratch/qpub.json"
equals "publisher: searches the words of the publisher" "True" \
	"$(json "$scratch/qpub.json" 'len(d["hits"]) > 0 and all("Lords" in h["publisher"] for h in d["hits"])')"

# ---- output -----------------------------------------------------------------

"$query" --db "$db" -n 1 --filter dialect:hansard --filter type:written-answer \
	>"$scratch/facts.txt"
contains "text output shows publisher, type and date" "$scratch/facts.txt" \
	'^    House of Lords · written-answer · 2009-10-29'
contains "and a few identifiers, counting the rest" "$scratch/facts.txt" \
	'HL[0-9]+ · HL[0-9]+ · HL[0-9]+ \(\+[0-9]+ more\)'

# ---- errors -----------------------------------------------------------------

"$query" --db "$db" --filter colour:blue x >"$scratch/badfield.txt" 2>&1
equals "an unknown filter field is a usage error" 2 "$?"
contains "that lists the fields" "$scratch/badfield.txt" "publisher, type, lang"
"$query" --db "$db" --since yesterday x >"$scratch/baddate.txt" 2>&1
equals "a date that can't be read is a usage error" 2 "$?"
contains "that names the option and the value" "$scratch/baddate.txt" "--since yesterday"
"$query" --db "$db" --filter type: x >"$scratch/empty.txt" 2>&1
equals "an empty filter value is a usage error" 2 "$?"

done_testing
