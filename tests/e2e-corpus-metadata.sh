#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end on the real documents in corpus/: the title, date, publisher
# and type that dossier-index --extract-only gives each of them must be the
# ones in tests/corpus-metadata.tsv, checked by hand against the sources.
# One test per document; a corpus document without a row fails too.

. "$top_srcdir/tests/tap.sh"

corpus="$top_srcdir/corpus"
table="$top_srcdir/tests/corpus-metadata.tsv"
[ -f "$corpus/MANIFEST.tsv" ] || skip_all "corpus/ is not there"
command -v python3 >/dev/null || skip_all "python3 is needed to read JSON"
make_scratch

# The table's rows as "path<TAB>title<TAB>date<TAB>publisher<TAB>type", and
# the paths of its documents, NUL-separated, for xargs.
python3 - "$table" "$corpus" "$scratch/files" <<'EOF'
import os, sys
table, corpus, files = sys.argv[1:4]
with open(files, "wb") as out:
    for line in open(table, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if f[0] and not f[0].startswith("#"):
            out.write(os.path.join(corpus, f[0]).encode() + b"\0")
EOF

# Warnings ("no text: superseded") are fine; failures are not.
xargs -0 "$top_builddir/dossier-index" --extract-only <"$scratch/files" \
	>"$scratch/docs.jsonl" 2>"$scratch/extract.err"
rc=$?
desc="dossier-index --extract-only reads every document of the table"
if [ "$rc" -eq 0 ]; then
	ok "$desc"
else
	not_ok "$desc" "exit status $rc" "$(head -c 2000 "$scratch/extract.err")"
fi

# Compare: one record per test, "R<TAB>ok|not ok<TAB>description", then
# its diagnostics, one "D<TAB>line" each.
python3 - "$table" "$corpus" "$scratch/docs.jsonl" >"$scratch/results" <<'EOF'
import json, os, sys

table, corpus, docs = sys.argv[1:4]
root = os.path.realpath(corpus)
fields = ("title", "date", "publisher", "type")
rows, diag = {}, []
for n, line in enumerate(open(table, encoding="utf-8"), 1):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    f = line.split("\t")
    if len(f) != 5 or not all(f):
        diag.append("line %d: %d columns, or an empty one: %r" %
                    (n, len(f), line[:200]))
    elif f[0] in rows:
        diag.append("line %d: a second row for %s" % (n, f[0]))
    else:
        rows[f[0]] = dict(zip(fields, f[1:]))
print("R\t%s\tthe table is well formed (%d rows)" %
      ("not ok" if diag else "ok", len(rows)))
for d in diag:
    print("D\t" + d)

readable = []
for top, dirs, names in os.walk(root):
    dirs.sort()
    for name in sorted(names):
        if name.rsplit(".", 1)[-1] in ("html", "xml", "txt", "md"):
            readable.append(os.path.relpath(os.path.join(top, name), root))
missing = [p for p in readable if p not in rows]
extra = [p for p in rows if p not in readable]
print("R\t%s\tevery document of corpus/ has a row" %
      ("not ok" if missing else "ok"))
for p in missing:
    print("D\tno row for " + p)
print("R\t%s\tevery row is a document of corpus/" %
      ("not ok" if extra else "ok"))
for p in extra:
    print("D\tno document " + p)

got = {}
for line in open(docs, encoding="utf-8"):
    d = json.loads(line)
    got[os.path.relpath(os.path.realpath(d["path"]), root)] = d
for path, want in rows.items():
    d = got.get(path)
    if d is None:
        print("R\tnot ok\t" + path)
        print("D\tdossier-index gave nothing for it")
        continue
    bad = []
    for k in fields:
        w = None if want[k] == "-" else want[k]
        g = d.get(k)
        if g != w:
            bad.append("%s: expected %s" % (k, "[%s]" % w if w else "none"))
            bad.append("%s  got      %s" % (" " * len(k),
                                            "[%s]" % g if g else "none"))
    print("R\t%s\t%s" % ("not ok" if bad else "ok", path))
    for b in bad:
        print("D\t" + b)
EOF
equals "the comparison ran" 0 "$?"

# Emit the records as TAP.
tab=$(printf '\t')
status=
flush() {
	case $status in
	ok) ok "$desc" ;;
	"not ok") not_ok "$desc" "$diags" ;;
	esac
}
while IFS="$tab" read -r kind a b; do
	case $kind in
	R)
		flush
		status=$a desc=$b diags=
		;;
	D)
		diags="${diags:+$diags
}$a"
		;;
	esac
done <"$scratch/results"
flush

done_testing
