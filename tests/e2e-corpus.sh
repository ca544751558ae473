#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end on the real documents in corpus/: the README's example query
# must rank the Compact Voice response to the NAO report first, with the
# query words highlighted in its snippet.

. "$top_srcdir/tests/tap.sh"

corpus="$top_srcdir/corpus"
[ -f "$corpus/MANIFEST.tsv" ] || skip_all "corpus/ is not there"
command -v python3 >/dev/null || skip_all "python3 is needed to read JSON"
make_scratch
db="$scratch/db"

json() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

"$top_builddir/dossier-index" -v --db "$db" "$corpus" >"$scratch/index.out" 2>"$scratch/index.err"
equals "the whole corpus indexes without failures" 0 "$?"
lacks "no file fails" "$scratch/index.err" "failed"
find "$corpus" \( -name '*.html' -o -name '*.xml' -o -name '*.txt' -o -name '*.md' \) |
	sed "s|^$corpus/||" | sort >"$scratch/readable.list"
sed -n "s|^indexed .*/corpus/||p" "$scratch/index.out" | sort >"$scratch/indexed.list"
equals "every HTML, XML and text file of the corpus is indexed" "" \
	"$(comm -23 "$scratch/readable.list" "$scratch/indexed.list")"
equals "PDFs are skipped with a one-line notice until PDF is supported" \
	"$(find "$corpus" -name '*.pdf' | wc -l)" \
	"$(grep -c 'skipped.*\.pdf: PDF is not supported yet' "$scratch/index.err")"

find "$corpus" -type f | sort >"$scratch/files"
"$top_builddir/dossier-index" --extract-only --jobs 1 - <"$scratch/files" \
	>"$scratch/one.jsonl" 2>/dev/null
"$top_builddir/dossier-index" --extract-only --jobs 3 - <"$scratch/files" \
	>"$scratch/three.jsonl" 2>/dev/null
check "three workers give the same documents, in the same order, as one" \
	cmp -s "$scratch/one.jsonl" "$scratch/three.jsonl"
"$top_builddir/dossier-index" --extract-only --no-sandbox - <"$scratch/files" \
	>"$scratch/none.jsonl" 2>/dev/null
check "and so does extracting without a sandbox" \
	cmp -s "$scratch/one.jsonl" "$scratch/none.jsonl"

"$top_builddir/dossier-query" --db "$db" --format json consultation periods >"$scratch/q.json"
equals "consultation periods finds documents" 0 "$?"
equals "the NAO follow-up report response ranks first" \
	"compactvoice/nao-follow-up-report.html" \
	"$(json "$scratch/q.json" '"/".join(d["hits"][0]["path"].rsplit("/",2)[1:])')"
equals "its snippet highlights the query words" "True" \
	"$(json "$scratch/q.json" '"<mark>" in d["hits"][0]["snippet_html"] and "consultation" in d["hits"][0]["snippet"].lower()')"

"$top_builddir/dossier-query" --db "$db" --color=always consultation periods >"$scratch/q.txt"
contains "the terminal output highlights too" "$scratch/q.txt" \
	"$(printf '\033')\\[1;33m"

done_testing
