#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Ranking quality of dossier-query on real relevance test collections.

For each collection in the eval folder (../shared/eval: cranfield, cacm,
med, scifact; each docs.jsonl, queries.tsv, qrels.txt), indexes the
documents with `dossier-index --jsonl`, runs every judged query with
`dossier-query --batch --format trec -n 1000`, once per ranking variant,
and scores each run with the collection's trec_eval.py (-c: queries with
no result count as zero).  Prints Markdown tables for bench/RESULTS.md:
MAP, nDCG@10, P@10 and R@100 per collection and variant, beside the best
baselines of ../shared/eval/README.md, and the mean over the collections.

    bench/relevance.py --dossier-index build/dossier-index \\
        --dossier-query build/dossier-query --eval ../shared/eval

A variant is a name and the dossier-query options that make it (--bm25,
--stopwords, --feedback, --no-proximity); --variants FILE reads them as
"name<TAB>options" lines instead of the built-in list, which spans BM25's
parameters, query stop words, pseudo-relevance feedback and their
combinations.  Ranking is deterministic: one run of each suffices.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

COLLECTIONS = ["cranfield", "cacm", "med", "scifact"]

# The best baselines of ../shared/eval/README.md (MAP, nDCG@10), by
# collection: what the default ranking must reach.
BASELINES = {
    "cranfield": (0.4247, 0.4285),
    "cacm": (0.3537, 0.5010),
    "med": (0.5315, 0.6931),
    "scifact": (0.6455, 0.6887),
}

VARIANTS = [
    ("default", ""),
    ("bm25 k1=0.9 b=0.4 (Anserini)", "--bm25 0.9,0.4"),
    ("bm25 k1=1.0 b=0.5 (Xapian)", "--bm25 1.0,0.5"),
    ("bm25 k1=1.2 b=0.5", "--bm25 1.2,0.5"),
    ("bm25 k1=1.2 b=0.9", "--bm25 1.2,0.9"),
    ("bm25 k1=1.5 b=0.75", "--bm25 1.5,0.75"),
    ("bm25 k1=2.0 b=0.75", "--bm25 2.0,0.75"),
    ("no proximity boost", "--no-proximity"),
    ("stopwords", "--stopwords"),
    ("feedback 5 docs, 20 terms, 0.3", "--feedback 5,20,0.3"),
    ("feedback 10 docs, 20 terms, 0.3", "--feedback 10,20,0.3"),
    ("feedback 5 docs, 10 terms, 0.5", "--feedback 5,10,0.5"),
    ("feedback 3 docs, 20 terms, 0.2", "--feedback 3,20,0.2"),
    ("stopwords + feedback 5,20,0.3", "--stopwords --feedback 5,20,0.3"),
    ("stopwords + feedback 10,20,0.3", "--stopwords --feedback 10,20,0.3"),
]

MEASURES = ["map", "ndcg_cut_10", "P_10", "recall_100"]


def say(msg):
    print(msg, file=sys.stderr, flush=True)


def run(argv, **kw):
    p = subprocess.run(argv, capture_output=True, text=True, **kw)
    if p.returncode not in (0, 1):
        sys.exit("relevance.py: %s failed (%d):\n%s"
                 % (shlex.join(argv), p.returncode, p.stderr[-2000:]))
    return p


def index(args, coll, work):
    db = os.path.join(work, coll + ".db")
    if not os.path.exists(db):
        say("%s: indexing" % coll)
        run([args.dossier_index, "-q", "--no-synonyms", "--db", db, "--jsonl",
             os.path.join(args.eval, coll, "docs.jsonl")])
    return db


def score(args, coll, runfile):
    p = run([sys.executable, os.path.join(args.eval, "trec_eval.py"), "-c",
             os.path.join(args.eval, coll, "qrels.txt"), runfile])
    got = {}
    for line in p.stdout.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] == "all":
            got[f[0]] = float(f[2])
    return got


def evaluate(args, coll, db, name, opts, work):
    runfile = os.path.join(work, "%s.%s.trec" % (coll,
                                                 re.sub(r"\W+", "_", name)))
    with open(runfile, "w") as out:
        argv = [args.dossier_query, "--db", db, "--batch",
                os.path.join(args.eval, coll, "queries.tsv"), "--format",
                "trec", "-n", "1000", "--snippets", "0", "--tag",
                re.sub(r"\W+", "_", name)] + shlex.split(opts)
        p = subprocess.run(argv, stdout=out, stderr=subprocess.PIPE,
                           text=True)
        if p.returncode not in (0, 1):
            sys.exit("relevance.py: %s failed (%d):\n%s"
                     % (shlex.join(argv), p.returncode, p.stderr[-2000:]))
    return score(args, coll, runfile)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dossier-index", required=True)
    ap.add_argument("--dossier-query", required=True)
    ap.add_argument("--eval", default=os.path.normpath(
        os.path.join(here, "..", "..", "shared", "eval")))
    ap.add_argument("--work", help="databases and runs go here")
    ap.add_argument("--collections", default=",".join(COLLECTIONS))
    ap.add_argument("--variants", metavar="FILE",
                    help="name<TAB>options lines instead of the built-in list")
    args = ap.parse_args()
    if not os.path.isdir(args.eval):
        sys.exit("relevance.py: %s is not there (--eval DIR)" % args.eval)
    variants = VARIANTS
    if args.variants:
        variants = []
        for line in open(args.variants):
            if line.strip() and not line.startswith("#"):
                name, _, opts = line.rstrip("\n").partition("\t")
                variants.append((name, opts))
    work = args.work or tempfile.mkdtemp(prefix="dossier-relevance.")
    os.makedirs(work, exist_ok=True)
    colls = args.collections.split(",")
    table = {}
    for coll in colls:
        db = index(args, coll, work)
        for name, opts in variants:
            say("%s: %s" % (coll, name))
            table[(coll, name)] = evaluate(args, coll, db, name, opts, work)

    p = run([args.dossier_query, "--version"])
    print("## Ranking on the relevance collections")
    print()
    print("%s; trec_eval.py -c over the judged queries; `dossier-query "
          "--batch --format trec -n 1000` per variant."
          % p.stdout.strip())
    print()
    for coll in colls:
        bmap, bndcg = BASELINES.get(coll, (None, None))
        print("### %s" % coll)
        print()
        print("| variant | options | MAP | nDCG@10 | P@10 | R@100 |")
        print("|---|---|---|---|---|---|")
        if bmap is not None:
            print("| best baseline (eval/README.md) | | %.4f | %.4f | | |"
                  % (bmap, bndcg))
        for name, opts in variants:
            m = table[(coll, name)]
            print("| %s | `%s` | %s | %s | %.4f | %.4f |" % (
                name, opts,
                mark(m["map"], bmap), mark(m["ndcg_cut_10"], bndcg),
                m["P_10"], m["recall_100"]))
        print()
    print("### Mean over the collections")
    print()
    print("| variant | MAP | nDCG@10 | MAP - best baseline (min over "
          "collections) | nDCG@10 - best baseline (min) |")
    print("|---|---|---|---|---|")
    for name, opts in variants:
        maps = [table[(c, name)]["map"] for c in colls]
        ndcgs = [table[(c, name)]["ndcg_cut_10"] for c in colls]
        dmap = min(table[(c, name)]["map"] - BASELINES[c][0]
                   for c in colls if c in BASELINES)
        dndcg = min(table[(c, name)]["ndcg_cut_10"] - BASELINES[c][1]
                    for c in colls if c in BASELINES)
        print("| %s | %.4f | %.4f | %+.4f | %+.4f |" % (
            name, sum(maps) / len(maps), sum(ndcgs) / len(ndcgs), dmap,
            dndcg))
    print()
    print("Figures in bold reach the best baseline.")


def mark(v, base):
    s = "%.4f" % v
    return "**%s**" % s if base is not None and v >= base else s


if __name__ == "__main__":
    main()
