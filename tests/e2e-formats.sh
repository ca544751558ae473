#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end: every --format of dossier-query on the real documents of
# corpus/ and on a small tree of hostile ones, read back the way their
# consumers would (Python's json, csv and xml.etree; small checkers for
# BibTeX, RIS and TREC runs): the JSON schema's keys, CSL-JSON items, a
# well-formed Atom feed with an entry per hit, balanced BibTeX entries,
# RIS tag lines with an ER per hit, a header and a line per hit in TSV and
# CSV, and --batch runs (a qid column, one array or feed per query, TREC
# ranks 1..n per query).

. "$top_srcdir/tests/tap.sh"

corpus="$top_srcdir/corpus"
index="$top_builddir/dossier-index"
query="$top_builddir/dossier-query"
[ -f "$corpus/MANIFEST.tsv" ] || skip_all "corpus/ is not there"
command -v python3 >/dev/null || skip_all "python3 is needed to read the output"
make_scratch
db="$scratch/db"

"$index" -q --no-synonyms --db "$db" "$corpus" >"$scratch/index.out" 2>&1
[ -d "$db" ] || bail_out "indexing corpus/ failed"

# check.py FORMAT FILE N [batch]: prints "ok", or what is wrong with FILE
# as output of --format FORMAT for N hits (in a batch, N is the total).
cat >"$scratch/check.py" <<'EOF'
import csv, json, re, sys
import xml.etree.ElementTree as ET

fmt, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
batch = len(sys.argv) > 4
raw = open(path, "rb").read()
text = raw.decode("utf-8")          # every format is UTF-8
ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
CSL_TYPES = {"report", "speech", "legislation", "bill", "legal_case",
             "document"}
COLUMNS = ["rank", "score", "percent", "date", "publisher", "type",
           "title", "url", "id", "identifiers", "snippet"]

def fail(why):
    print(why)
    sys.exit(0)

def check_json():
    d = json.loads(text)
    for k in ("query", "estimated", "offset", "documents", "revision",
              "expansions", "hits"):
        if k not in d:
            fail("no key %s" % k)
    if len(d["hits"]) != n:
        fail("%d hits" % len(d["hits"]))
    for h in d["hits"]:
        for k in ("rank", "docid", "percent", "weight", "id", "title"):
            if k not in h:
                fail("a hit without %s" % k)

def check_csl_items(items):
    if not isinstance(items, list):
        fail("not an array")
    ids = set()
    for it in items:
        if not isinstance(it.get("id"), str) or it["id"] in ids:
            fail("an item without a unique id")
        ids.add(it["id"])
        if it.get("type") not in CSL_TYPES:
            fail("type %r" % it.get("type"))
        if not isinstance(it.get("title"), str):
            fail("no title")
        for a in it.get("author", []):
            if list(a) != ["literal"] or not isinstance(a["literal"], str):
                fail("author %r" % a)
        for k in ("issued", "accessed"):
            if k in it:
                parts = it[k]["date-parts"]
                if (len(parts) != 1 or not 1 <= len(parts[0]) <= 3 or
                        not all(isinstance(p, int) for p in parts[0])):
                    fail("%s %r" % (k, it[k]))
        extra = set(it) - {"id", "type", "title", "author", "publisher",
                           "issued", "number", "ISBN", "genre", "abstract",
                           "URL", "accessed"}
        if extra:
            fail("unknown fields %s" % extra)
    return len(items)

def check_csljson():
    if batch:
        lines = text.splitlines()
        total = sum(check_csl_items(json.loads(l)) for l in lines)
    else:
        total = check_csl_items(json.loads(text))
    if total != n:
        fail("%d items" % total)

def check_feed(doc):
    root = ET.fromstring(doc)
    if root.tag != ATOM + "feed":
        fail("root is %s" % root.tag)
    for k in ("id", "title", "updated", "author"):
        if root.find(ATOM + k) is None:
            fail("the feed has no %s" % k)
    if not RFC3339.match(root.find(ATOM + "updated").text):
        fail("feed updated %s" % root.find(ATOM + "updated").text)
    entries = root.findall(ATOM + "entry")
    for e in entries:
        for k in ("id", "title", "updated"):
            if e.find(ATOM + k) is None or not e.find(ATOM + k).text:
                fail("an entry without %s" % k)
        if not RFC3339.match(e.find(ATOM + "updated").text):
            fail("entry updated %s" % e.find(ATOM + "updated").text)
        if (e.find(ATOM + "link[@rel='alternate']") is None and
                e.find(ATOM + "content") is None):
            fail("an entry with neither link nor content")
    return len(entries)

def check_atom():
    if batch:
        docs = [d for d in text.split("<?xml") if d.strip()]
        total = sum(check_feed(("<?xml" + d).encode("utf-8")) for d in docs)
    else:
        total = check_feed(raw)
    if total != n:
        fail("%d entries" % total)

def check_bibtex():
    depth, keys, entries = 0, set(), 0
    for i, line in enumerate(text.split("\n")):
        if depth == 0 and line:
            m = re.match(r"^@(techreport|misc)\{([A-Za-z0-9:._-]+),$", line)
            if not m:
                fail("line %d outside an entry: %r" % (i + 1, line))
            if m.group(2) in keys:
                fail("key %s twice" % m.group(2))
            keys.add(m.group(2))
            entries += 1
        depth += line.count("{") - line.count("}")
        if depth < 0:
            fail("line %d closes a brace never opened" % (i + 1))
    if depth != 0:
        fail("braces don't balance")
    if entries != n:
        fail("%d entries" % entries)

def check_ris():
    if "\n" in text.replace("\r\n", ""):
        fail("a line that doesn't end with CRLF")
    tag = re.compile(r"^[A-Z][A-Z0-9]  - ")
    ty = er = 0
    inside = False
    for line in text.split("\r\n"):
        if not line:
            continue
        if not tag.match(line):
            fail("line %r" % line)
        if line.startswith("TY  - "):
            if inside:
                fail("TY inside a record")
            inside = True
            ty += 1
        elif not inside:
            fail("a tag outside a record")
        if line == "ER  - ":
            inside = False
            er += 1
    if inside or ty != n or er != n:
        fail("%d TY, %d ER" % (ty, er))

def check_rows(rows):
    cols = (["qid"] if batch else []) + COLUMNS
    if not rows or rows[0] != cols:
        fail("header %r" % (rows[0] if rows else None))
    if len(rows) != 1 + n:
        fail("%d rows" % len(rows))
    ranks = {}
    for r in rows[1:]:
        if len(r) != len(cols):
            fail("%d fields in %r" % (len(r), r))
        q = r[0] if batch else ""
        rank = int(r[1] if batch else r[0])
        if rank != ranks.get(q, 0) + 1:
            fail("rank %d after %d" % (rank, ranks.get(q, 0)))
        ranks[q] = rank

def check_tsv():
    lines = text.split("\n")
    if lines[-1] != "":
        fail("no LF at the end")
    check_rows([l.split("\t") for l in lines[:-1]])

def check_csv():
    if not text.endswith("\r\n"):
        fail("no CRLF at the end")
    check_rows(list(csv.reader(open(path, newline="", encoding="utf-8"),
                               strict=True)))

def check_trec():
    ranks, lines = {}, text.splitlines()
    for l in lines:
        f = l.split(" ")
        if len(f) != 6 or f[1] != "Q0":
            fail("line %r" % l)
        float(f[4])
        if int(f[3]) != ranks.get(f[0], 0) + 1:
            fail("rank %s after %d" % (f[3], ranks.get(f[0], 0)))
        ranks[f[0]] = int(f[3])
    if len(lines) != n:
        fail("%d lines" % len(lines))
    if batch and sorted(ranks) != ["q1", "q2"]:
        fail("qids %s" % sorted(ranks))

try:
    globals()["check_" + fmt]()
except Exception as e:
    fail("%s: %s" % (type(e).__name__, e))
print("ok")
EOF

# hits DB QUERY...: how many hits --format json gives (-n 10).
hits() {
	hdb=$1
	shift
	"$query" --db "$hdb" -n 10 --format json "$@" |
		python3 -c 'import json,sys; print(len(json.load(sys.stdin)["hits"]))'
}

# formats DB NAME N QUERY...: each format of QUERY (-n 10), checked; the
# output is left in $scratch/NAME.FORMAT.
formats() {
	fdb=$1 name=$2 n=$3
	shift 3
	for f in json csljson atom bibtex ris tsv csv trec; do
		"$query" --db "$fdb" -n 10 --format "$f" "$@" \
			>"$scratch/$name.$f" 2>"$scratch/$name.$f.err"
		rc=$?
		equals "--format $f, $name ($n hits)" "0 ok" \
			"$rc $(python3 "$scratch/check.py" "$f" "$scratch/$name.$f" "$n")"
	done
}

# ---- the corpus ------------------------------------------------------------------

for q in consultation audit; do
	n=$(hits "$db" "$q")
	check "'$q' finds documents in corpus/" [ "${n:-0}" -gt 0 ]
	formats "$db" "$q" "$n" "$q"
done

n=$(hits "$db" --sort date transparency)
formats "$db" "newest" "$n" --sort date transparency
contains "citations carry the corpus's published addresses" \
	"$scratch/audit.bibtex" "^  url = \\{https://www\\.gov\\.uk/"
contains "and the access date" "$scratch/audit.ris" "^Y2  - [0-9]{4}/[0-9]{2}/[0-9]{2}"
contains "an HC paper's number is its report number" "$scratch/audit.ris" \
	"^SN  - HC [0-9]+"
lacks "file: URLs stay out of citations" "$scratch/audit.csljson" '"URL": "file:'
contains "Atom entries link to the documents" "$scratch/audit.atom" \
	'<link rel="alternate" href="(https|file):'

# ---- --batch -------------------------------------------------------------------------

printf 'q1\tconsultation\nq2\taudit\n' >"$scratch/queries"
total=$(($(hits "$db" consultation) + $(hits "$db" audit)))
for f in trec tsv csv csljson atom bibtex ris; do
	"$query" --db "$db" -n 10 --batch "$scratch/queries" --format "$f" \
		>"$scratch/batch.$f" 2>"$scratch/batch.$f.err"
	rc=$?
	equals "--batch --format $f ($total hits)" "0 ok" \
		"$rc $(python3 "$scratch/check.py" "$f" "$scratch/batch.$f" "$total" batch)"
done
equals "a batch's TSV has one header" "1" "$(grep -c '^qid	rank	' "$scratch/batch.tsv")"
equals "a batch's CSL-JSON is one array a line" "2" \
	"$(wc -l <"$scratch/batch.csljson" | tr -d ' ')"
equals "a batch's Atom is one feed per query" "2" \
	"$(grep -c '^<feed xmlns="http://www.w3.org/2005/Atom">' "$scratch/batch.atom")"

# ---- hostile documents -------------------------------------------------------------

t="$scratch/tree"
mkdir -p "$t/a b"
printf '%s\n' '<html><head><title>Audit &amp; "review", {50%} $5 #1 a_b ~ ^ \ &lt;script&gt;alert(1)&lt;/script&gt;</title>' \
	'<meta name="dc.publisher" content="Office, &quot;the&quot; {Board} &amp; co">' \
	'<meta name="dc.date" content="2013-04-05"></head>' \
	'<body><main><h1>Hostile</h1><p>The consultation said	"yes",' \
	'then <b>&lt;script&gt;</b> and {braces} and 100% &amp; more.</p></main></body></html>' \
	>"$t/a b/hostile.html"
printf '<html><head><title>Bad \377\376 bytes \001 here</title></head><body><p>A consultation with bad \377 bytes.</p></body></html>\n' \
	>"$t/bad.html"
"$index" -q --no-synonyms --url-prefix "$t=https://example.org/x?y=1&z" \
	--db "$scratch/hdb" "$t" >/dev/null 2>&1
n=$(hits "$scratch/hdb" consultation)
equals "both hostile documents are found" "2" "$n"
formats "$scratch/hdb" "hostile" "$n" consultation
lacks "<script> is never raw in Atom" "$scratch/hostile.atom" "<script>"
lacks "nor a control character" "$scratch/hostile.atom" "$(printf '\001')"
contains "BibTeX escapes LaTeX's specials" "$scratch/hostile.bibtex" \
	'\\& "review", \\textbraceleft\{\}50\\%\\textbraceright\{\} \\\$5 \\#1 a\\_b'
contains "and the URL is a URI" "$scratch/hostile.bibtex" \
	'url = \{https://example.org/x\?y=1&z/a%20b/hostile.html\}'

done_testing
