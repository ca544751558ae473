#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end: dossier-query's query language and what it shows, on the
# real documents of corpus/ and small trees made here.  Phrases, NEAR,
# wildcards, fields (dept:, hc:, id:), date ranges, the other names of
# public bodies ("also searched"), "did you mean", passages from the best
# sections with their headings and anchors, --snippets, duplicates folded,
# --like, --sort date, --facets, --batch with TREC runs, --explain, colour,
# and the messages of malformed queries.

. "$top_srcdir/tests/tap.sh"

corpus="$top_srcdir/corpus"
bodies="$top_srcdir/data/public-bodies.tsv"
index="$top_builddir/dossier-index"
query="$top_builddir/dossier-query"
[ -f "$corpus/MANIFEST.tsv" ] || skip_all "corpus/ is not there"
command -v python3 >/dev/null || skip_all "python3 is needed to read JSON"
make_scratch
unset NO_COLOR
db="$scratch/db"

if [ -f "$bodies" ]; then
	"$index" -q --synonyms "$bodies" --db "$db" "$corpus" >/dev/null 2>&1
else
	"$index" -q --no-synonyms --db "$db" "$corpus" >/dev/null 2>&1
fi
[ -d "$db" ] || bail_out "indexing corpus/ failed"

# q FILE ARGS...: dossier-query --format json into FILE.
q() {
	out=$1
	shift
	"$query" --db "$db" --format json "$@" >"$scratch/$out" 2>"$scratch/$out.err"
}

# json FILE EXPR: a Python expression over the parsed JSON `d`.
json() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$scratch/$1" "$2"
}

# ---- the query language ----------------------------------------------------------

q phrase.json '"transparency board"'
equals "a phrase finds the documents that have it" "True" \
	"$(json phrase.json 'len(d["hits"]) > 0 and all("transparency board" in (h["title"] + " " + h["snippet"]).lower() for h in d["hits"][:3])')"
q near.json 'transparency NEAR/3 board'
equals "NEAR finds words close together" "True" \
	"$(json near.json 'd["estimated"] > 0 and "NEAR" in d["parsed"]')"
q wild.json 'consult*'
equals "a trailing wildcard expands" "True" \
	"$(json wild.json 'd["estimated"] > 0 and "WILDCARD" in d["parsed"] or "consultation" in d["parsed"]')"
q wide.json 'c*'
equals "a wildcard matching hundreds of words: their most frequent, no error" "True" \
	"$(json wide.json 'd["estimated"] > 0')"
q dept.json 'dept:lords'
equals "dept: is publisher:" "True" \
	"$(json dept.json 'len(d["hits"]) > 0 and all("Lords" in h["publisher"] for h in d["hits"])')"
q hc.json 'hc:1025'
equals "hc:1025 finds the House of Commons paper" "True" \
	"$(json hc.json 'any(h["path"].endswith("html-publication-best-practice-hc-paper.html") for h in d["hits"])')"
q id.json 'id:hc:1025'
equals "and so does id:hc:1025" "$(json hc.json 'd["estimated"]')" \
	"$(json id.json 'd["estimated"]')"
q range.json 'date:2012..2013 consultation'
equals "date:2012..2014 keeps the documents of those years" "True" \
	"$(json range.json 'd["estimated"] > 0 and all("2012" <= (h.get("date") or h.get("modified"))[:4] <= "2013" for h in d["hits"])')"
q bare.json '2011-01-01..2011-06-30'
equals "a bare range of dates does too" "True" \
	"$(json bare.json 'd["estimated"] > 0 and all("2011-01-01" <= (h.get("date") or h.get("modified")) <= "2011-06-30" for h in d["hits"])')"
q stem.json 'CONSULTATIONS'
q stem2.json 'consult'
equals "words are stemmed whatever their case" \
	"$(json stem2.json 'd["estimated"]')" "$(json stem.json 'd["estimated"]')"

# ---- the other names of public bodies -------------------------------------------------

if [ -f "$bodies" ]; then
	q dclg.json 'DCLG'
	equals "a former name finds the others (also searched)" "True" \
		"$(json dclg.json 'any(e["name"] == "DCLG" and "mhclg" in e["alternatives"] and "dluhc" in e["alternatives"] for e in d["expansions"])')"
	"$query" --db "$db" DCLG >"$scratch/dclg.txt" 2>&1
	contains "the text output says what was added" "$scratch/dclg.txt" \
		"^Also searched: DCLG = .*mhclg"
	q full.json 'department for communities and local government'
	equals "a full name finds its abbreviation" "True" \
		"$(json full.json 'any("dclg" in e["alternatives"] for e in d["expansions"])')"
	q noexp.json --no-expand 'DCLG'
	equals "not with --no-expand" "[]" "$(json noexp.json 'd["expansions"]')"
	q quoted.json '"dclg"'
	equals "nor inside quotes" "[]" "$(json quoted.json 'd["expansions"]')"
else
	for i in 1 2 3 4 5; do ok "# SKIP $bodies is not there"; done
fi

# ---- did you mean --------------------------------------------------------------------

q typo.json 'consultatoin'
equals "a word the index doesn't hold gets a suggestion" "consultation" \
	"$(json typo.json 'd["suggestion"]')"
q right.json 'consultation periods'
equals "words it does hold get none" "None" "$(json right.json 'd.get("suggestion")')"
"$query" --db "$db" consultatoin >"$scratch/typo.txt" 2>&1
contains "the text output asks" "$scratch/typo.txt" "^Did you mean: consultation"

# ---- passages ---------------------------------------------------------------------

t="$scratch/tree"
mkdir -p "$t"
python3 - "$t/long.html" <<'EOF'
import sys
parts = ["<html><head><title>A long report</title></head><body><main>",
         "<h1>A long report</h1><p>Summary of the findings.</p>"]
for i in range(40):
    parts.append('<h2 id="part%d">Part %d</h2>' % (i, i))
    parts.append('<h3 id="s%d">Section %d.1</h3>' % (i, i))
    word = "zeppelin" if i in (7, 31) else "ordinary"
    parts.append("<p>" + " ".join(["filler text about nothing much"] * 30)
                 + " the %s budget was agreed " % word
                 + " ".join(["more filler words here"] * 30) + "</p>")
parts.append("</main></body></html>")
open(sys.argv[1], "w").write("\n".join(parts))
EOF
cp "$corpus/compactvoice/nao-follow-up-report.html" "$t/copy-one.html"
cp "$corpus/compactvoice/nao-follow-up-report.html" "$t/copy-two.html"
tdb="$scratch/tdb"
"$index" -q --no-synonyms --db "$tdb" "$t" >/dev/null 2>&1
"$query" --db "$tdb" --format json --snippets 3 zeppelin >"$scratch/deep.json"
equals "passages come from the sections that match, in order" \
	"Part 7,Part 31" \
	"$(json deep.json '",".join(s["breadcrumb"].split(" > ")[1] for s in d["hits"][0]["snippets"])')"
equals "each with the headings it sits under" \
	"A long report > Part 7 > Section 7.1" \
	"$(json deep.json 'd["hits"][0]["snippets"][0]["breadcrumb"]')"
equals "and a link to its anchor" "True" \
	"$(json deep.json 'd["hits"][0]["snippets"][0]["link"].endswith("long.html#s7")')"
equals "the query words highlighted" "True" \
	"$(json deep.json '"<mark>zeppelin</mark>" in d["hits"][0]["snippets"][1]["html"]')"
"$query" --db "$tdb" --format json --snippets 0 zeppelin >"$scratch/none.json"
equals "--snippets 0: no passages" "False" \
	"$(json none.json '"snippets" in d["hits"][0]')"

# ---- duplicates, like, sort, facets ------------------------------------------------

"$query" --db "$tdb" --format json 'follow up report' >"$scratch/dup.json"
equals "two files with the same text show as one hit" "1 1" \
	"$(json dup.json 'str(len([h for h in d["hits"] if "copy-" in h["path"]])) + " " + str([h for h in d["hits"] if "copy-" in h["path"]][0]["duplicates"])')"
"$query" --db "$tdb" --format json --duplicates 'follow up report' >"$scratch/dup2.json"
equals "--duplicates shows each" "2" \
	"$(json dup2.json 'len([h for h in d["hits"] if "copy-" in h["path"]])')"

like=$(json phrase.json 'd["hits"][0]["id"]')
q like.json --like "$like"
equals "--like finds documents like a given one" "True" \
	"$(json like.json 'd["estimated"] > 0')"
lacks "but not that one" "$scratch/like.json" "\"id\": \"$like\""
equals "and they are like it: minutes, like the Transparency Board's" "True" \
	"$(json like.json 'sum(1 for h in d["hits"] if h.get("type") == "minutes") >= 5')"
equals "--like of a document that isn't there is a usage error" "2" \
	"$("$query" --db "$db" --like /no/such/file >/dev/null 2>&1; echo $?)"

q bydate.json --sort date -n 20 consultation
equals "--sort date: newest first" "True" \
	"$(json bydate.json 'all((a.get("date") or a.get("modified") or "") >= (b.get("date") or b.get("modified") or "") for a, b in zip(d["hits"], d["hits"][1:]))')"

q facets.json --facets publisher,type,year consultation
equals "--facets counts the matches by publisher, type and year" "True" \
	"$(json facets.json 'sorted(d["facets"]) == ["publisher", "type", "year"] and sum(c["count"] for c in d["facets"]["type"]) <= d["estimated"] and d["facets"]["year"][0]["count"] >= d["facets"]["year"][-1]["count"]')"
"$query" --db "$db" --facets type consultation >"$scratch/facets.txt"
contains "and the text output lists them" "$scratch/facets.txt" "^type: [a-z-]+ \\([0-9]+\\)"

# ---- --batch and TREC runs, --explain -------------------------------------------

printf 'q1\tconsultation periods\nq2\ttransparency board\n\nq3 audit\n' >"$scratch/batch.tsv"
"$query" --db "$db" --batch "$scratch/batch.tsv" --format trec -n 5 --tag mytag \
	>"$scratch/run.trec"
equals "--batch runs every query" "0" "$?"
equals "a TREC run: six fields a line, qid Q0 id rank score tag" "True" \
	"$(python3 -c '
import sys
lines = open(sys.argv[1]).read().splitlines()
ok = len(lines) > 0
ranks = {}
for l in lines:
    f = l.split()
    ok = ok and len(f) == 6 and f[1] == "Q0" and f[5] == "mytag" and f[0] in ("q1", "q2", "q3")
    float(f[4])
    ranks.setdefault(f[0], []).append(int(f[3]))
ok = ok and all(r == list(range(1, len(r) + 1)) for r in ranks.values()) and len(ranks) == 3
print(ok)' "$scratch/run.trec")"
"$query" --db "$db" --batch "$scratch/batch.tsv" --format json -n 2 >"$scratch/batch.jsonl"
equals "in JSON, one object a line, each with its qid" "q1 q2 q3" \
	"$(python3 -c 'import json,sys; print(" ".join(json.loads(l)["qid"] for l in open(sys.argv[1])))' "$scratch/batch.jsonl")"
printf 'q1\tconsultation\nnoquery\nq3\tdate:yesterday..tomorrow\n' \
	>"$scratch/badbatch.tsv"
"$query" --db "$db" --batch "$scratch/badbatch.tsv" -n 1 >/dev/null 2>&1
equals "a batch with bad lines exits 2" "2" "$?"
"$query" --db "$db" --batch "$scratch/badbatch.tsv" -n 1 --format trec \
	>"$scratch/bad.trec" 2>"$scratch/badbatch.err"
contains "naming the line that isn't QID<TAB>QUERY" "$scratch/badbatch.err" \
	"badbatch.tsv:2: not QID<TAB>QUERY"
contains "and the query that can't be read" "$scratch/badbatch.err" "line 3: "
contains "the good lines still run" "$scratch/bad.trec" "^q1 Q0 "

"$query" --db "$db" --explain consultation >"$scratch/explain.txt"
contains "--explain shows the parsed query" "$scratch/explain.txt" "^Parsed: Query\\("
contains "and the index's size and revision" "$scratch/explain.txt" \
	"^Index: [0-9]+ documents, revision [0-9]+"

# ---- colour -----------------------------------------------------------------------

"$query" --db "$db" --color=always consultation >"$scratch/colour.txt"
contains "--color=always highlights" "$scratch/colour.txt" "$(printf '\033')\\[1;33m"
NO_COLOR=1 "$query" --db "$db" --color=auto consultation >"$scratch/nocolour.txt"
lacks "NO_COLOR (or a pipe) keeps it plain" "$scratch/nocolour.txt" "$(printf '\033')"

# ---- malformed queries -----------------------------------------------------------------

for bad in '"unbalanced' 'title:(' 'date:yesterday..tomorrow' '((((a'; do
	"$query" --db "$db" "$bad" >"$scratch/bad.out" 2>&1
	rc=$?
	if [ $rc -eq 2 ] && grep -q "malformed query\\|not a date" "$scratch/bad.out"; then
		ok "'$bad': a clear message and exit 2"
	elif [ $rc -eq 0 ] || [ $rc -eq 1 ]; then
		ok "'$bad': read leniently, exit $rc"
	else
		not_ok "'$bad': a clear message and exit 2" "exit $rc" "$(head -3 "$scratch/bad.out")"
	fi
done

# A query too long to search (Xapian's time grows with its square) is
# refused before any work.
long=$(awk 'BEGIN { for (i = 0; i < 3000; i++) printf "audit "; }')
"$query" --db "$db" "$long" >"$scratch/long.out" 2>&1
equals "a query of 18000 bytes: exit 2" 2 $?
contains "saying how long a query may be" "$scratch/long.out" "longer than 8192 bytes"

done_testing
