#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Search latency of Dossier against Xapian's own tools, in the same run.

On the Debian HTML bench corpus (built by ../shared/bench/anchors/
make-corpus.sh into WORK/debian when absent, as bench/index.py does), with
the 50 queries of ../shared/bench/anchors/queries.txt:

1. In-process: bench/query-latency (ds_search() with Dossier's defaults,
   a snippet per hit, and the publisher/type/year facets) on a Dossier
   index, beside the anchors' `xq` (Xapian's API alone: parse, get_mset,
   fetch ten documents' data) on an omindex database of the same corpus.
   Median over queries of each query's median over --passes passes.
2. One process per query: `dossier-query -n 10 QUERY` (what a user
   types; text output to /dev/null) against `quest -o and -s english -m
   10 QUERY` on the omindex database, all timed by hyperfine -N in the
   same call, per query, --runs runs each after 3 warm-ups; the ratio is
   taken per query and its median reported.  Also dossier-query without
   passages (quest prints none), without feedback, and without any of
   passages, feedback, the phrase boost, "did you mean" and the names of
   public bodies: what each costs.

    bench/query.py --dossier-index build/dossier-index \\
        --dossier-query build/dossier-query \\
        --query-latency build/bench/query-latency --work /tmp/bench

Prints Markdown for bench/RESULTS.md.  Needs omindex and quest
(xapian-omega, xapian-tools), hyperfine and g++ with libxapian-dev.
"""

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import index as benchindex  # noqa: E402  (the corpus builder)

ANCHORS = benchindex.ANCHORS


def say(msg):
    print("query.py: " + msg, file=sys.stderr, flush=True)


def die(msg):
    say(msg)
    sys.exit(1)


def need(prog, package):
    path = shutil.which(prog)
    if path is None:
        die("%s not found: apt-get install -y %s" % (prog, package))
    return path


def run(argv, **kw):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, **kw)
    if p.returncode != 0:
        die("%s failed (%d): %s" % (" ".join(map(shlex.quote, argv)),
                                    p.returncode, p.stderr[-2000:]))
    return p


def build_indexes(args, corpus, work):
    dossier_db = os.path.join(work, "dossier-html")
    omega_db = os.path.join(work, "omega-html")
    if args.reindex or not os.path.isdir(dossier_db):
        say("indexing with dossier-index")
        shutil.rmtree(dossier_db, ignore_errors=True)
        run([args.dossier_index, "--db", dossier_db, corpus])
    if args.reindex or not os.path.isdir(omega_db):
        say("indexing with omindex")
        run([need("omindex", "xapian-omega"), "--overwrite", "--db",
             omega_db, "--url", "/", corpus])
    return dossier_db, omega_db


def build_xq(work):
    src = os.path.join(ANCHORS, "xq.cc")
    out = os.path.join(work, "xq")
    if not os.path.exists(out):
        flags = run(["xapian-config", "--cxxflags", "--libs"]).stdout.split()
        run(["g++", "-O2", "-o", out, src] + flags)
    return out


def in_process(args, dossier_db, omega_db, xq, queries):
    """Per-query medians (ms) of query-latency and the median of xq."""
    res = {}
    for name, extra in (("dossier, 1 snippet + facets", ["-f", "-s", "1"]),
                        ("dossier, no snippets, no facets", ["-s", "0"])):
        p = run([args.query_latency, "-p", str(args.passes)] + extra +
                [dossier_db, queries])
        per_query = [float(line.split("\t")[0])
                     for line in p.stdout.splitlines() if line]
        res[name] = per_query
    # xq prints a line per pass with the pass's median per query; take the
    # median of the passes after the first (first touch).
    p = run([xq, omega_db, queries, str(args.passes)])
    medians = []
    for line in p.stdout.splitlines():
        w = line.split()
        if w and w[0] == "pass" and w[1] != "1":
            medians.append(float(w[w.index("median") + 1]))
    res["xq (Xapian API, omindex db)"] = medians
    return res


def hyperfine(cmds, runs):
    with tempfile.NamedTemporaryFile(suffix=".json") as tf:
        argv = ["hyperfine", "-N", "--warmup", "3", "--runs", str(runs),
                "--export-json", tf.name, "--style", "none"]
        argv += [" ".join(shlex.quote(a) for a in c) for c in cmds]
        run(argv)
        with open(tf.name) as f:
            data = json.load(f)
    return [r["median"] * 1000 for r in data["results"]]


# dossier-query as a user runs it, then without each costly part in turn
# (what each costs, per process), then with none of them: the engine's
# floor beside quest's.
PER_PROCESS = [
    ("dossier-query", []),
    ("--snippets 0", ["--snippets", "0"]),
    ("--feedback 0", ["--feedback", "0"]),
    ("--feedback 0 --no-proximity --snippets 0 --no-suggest --no-expand",
     ["--feedback", "0", "--no-proximity", "--snippets", "0",
      "--no-suggest", "--no-expand"]),
]


def per_process(args, dossier_db, omega_db, queries):
    quest = need("quest", "xapian-tools")
    need("hyperfine", "hyperfine")
    rows = []
    with open(queries) as f:
        qs = [line.rstrip("\n") for line in f if line.strip()]
    for i, q in enumerate(qs):
        dq = [args.dossier_query, "-d", dossier_db, "-n", "10",
              "--color=never"]
        cmds = [dq + opts + [q] for _, opts in PER_PROCESS] + \
            [[quest, "-d", omega_db, "-o", "and", "-s", "english",
              "-m", "10", q]]
        rows.append((q, hyperfine(cmds, args.runs)))
        say("%d/%d %s: %s ms" % (i + 1, len(qs), q,
                                 " ".join("%.2f" % x for x in rows[-1][1])))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dossier-index", required=True)
    ap.add_argument("--dossier-query", required=True)
    ap.add_argument("--query-latency", required=True,
                    help="build/bench/query-latency (make bench/query-latency)")
    ap.add_argument("--queries", default=os.path.join(ANCHORS, "queries.txt"))
    ap.add_argument("--work", default="/tmp/bench")
    ap.add_argument("--html-dir", help="the HTML corpus, if already built")
    ap.add_argument("--make-corpus",
                    default=os.path.join(ANCHORS, "make-corpus.sh"))
    ap.add_argument("--passes", type=int, default=7)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--reindex", action="store_true")
    args = ap.parse_args()
    for a in ("dossier_index", "dossier_query", "query_latency"):
        setattr(args, a, os.path.abspath(getattr(args, a)))

    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    corpus = benchindex.html_corpus(args, work)
    qwork = os.path.join(work, "query")
    os.makedirs(qwork, exist_ok=True)
    dossier_db, omega_db = build_indexes(args, corpus, qwork)
    xq = build_xq(qwork)

    inproc = in_process(args, dossier_db, omega_db, xq, args.queries)
    rows = per_process(args, dossier_db, omega_db, args.queries)

    print("## Search latency (Debian HTML corpus, %d queries)\n" % len(rows))
    print("In-process, median over queries of each query's median over "
          "%d passes (ms; xq: median of its passes 2..%d):\n"
          % (args.passes, args.passes))
    print("| what | median ms | p90 ms | max ms |")
    print("|---|---|---|---|")
    for name, xs in inproc.items():
        xs = sorted(xs)
        p90 = xs[min(len(xs) - 1, int(0.9 * len(xs)))]
        print("| %s | %.3f | %.3f | %.3f |"
              % (name, statistics.median(xs), p90, xs[-1]))
    print()
    print("One process per query, hyperfine -N, %d runs after 3 warm-ups, "
          "median per query (ms), ratio per query:\n" % args.runs)
    names = [n for n, _ in PER_PROCESS] + ["quest -o and"]
    qi = len(names) - 1
    print("| what | median over queries (ms) | min | max | "
          "ratio to quest (median of per-query ratios) |")
    print("|---|---|---|---|---|")
    for k, name in enumerate(names):
        xs = [r[1][k] for r in rows]
        ratios = [r[1][k] / r[1][qi] for r in rows]
        print("| %s | %.2f | %.2f | %.2f | %.2f (%.2f-%.2f) |"
              % (name, statistics.median(xs), min(xs), max(xs),
                 statistics.median(ratios), min(ratios), max(ratios)))
    print()
    print("<details><summary>per query (ms)</summary>\n")
    print("| query | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for q, ms in rows:
        print("| %s | %s |" % (q.replace("|", "\\|"),
                               " | ".join("%.2f" % x for x in ms)))
    print("\n</details>")


if __name__ == "__main__":
    main()
