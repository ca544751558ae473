#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Shards: indexing time and query latency against the number of shards.

On the Canada laws corpus (../shared/bench/canada-laws-eng.tar.xz,
unpacked into WORK/canada when absent):

1. Indexing: `dossier-index --db one` against `dossier-index --shards 2`,
   fresh each time, interleaved (A B A B ...), --runs pairs; the median
   wall and cpu seconds and the median of the pairs' ratios.  Then the
   size on disk and the documents of each shard of 1, 2 and 4 shards.
2. Query latency with 1, 2 and 4 shards, local (the set's stub) and
   remote on loopback (xapian-tcpsrv a shard, the lexicon local), by
   bench/query-latency (ds_search() in one process: 10 hits, a passage
   each, --passes passes), over the 50 queries of
   ../shared/bench/anchors/queries.txt and LEGAL_QUERIES below; the
   median and p99 over queries of each query's median, and each
   configuration's median against one local database's measured in the
   same run.  Remote ones also without feedback (-F 0).
3. The same ten hits in the same order from each configuration, by
   dossier-query --format json.

    bench/shards.py --dossier-index build/dossier-index \\
        --dossier-query build/dossier-query \\
        --query-latency build/bench/query-latency --work /tmp/bench

Prints Markdown for bench/RESULTS.md.
"""

import argparse
import json
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

LEGAL_QUERIES = [
    "income tax",
    "criminal code offence",
    "fisheries licence",
    '"Governor in Council"',
    "privacy personal information",
    "customs tariff",
    "bankruptcy trustee",
    "firearms registration",
    "immigration refugee protection",
    "copyright infringement",
    "employment insurance benefits",
    "canada pension plan contributions",
    "environmental assessment",
    "aboriginal land claims",
    "competition merger",
    "shipping pollution",
    "bank capital requirements",
    "access to information request",
    "elections contribution limits",
    "official languages",
]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd):
    """Wall and cpu (children's user + system) seconds of cmd."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def du(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(dirpath, f))
    return total


def rmdb(path):
    run(["sh", "-c", 'rm -rf "$1" "$1".*', "-", path])


def set_dir(stub):
    with open(stub) as f:
        name = f.read().split()[1]
    return os.path.join(os.path.dirname(stub), name)


def doccount(db):
    out = subprocess.run(["xapian-delve", db], capture_output=True,
                         text=True, check=True).stdout
    for line in out.splitlines():
        if "number of documents" in line:
            return int(line.split("=")[1])
    return -1


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def serve(db):
    """xapian-tcpsrv for db on a free port: (process, port)."""
    for _ in range(10):
        port = free_port()
        # A session of its own: on SIGTERM it kills its process group.
        p = subprocess.Popen(["xapian-tcpsrv", "--port", str(port), db],
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL,
                             start_new_session=True)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                return p, port
            except OSError:
                if p.poll() is not None:
                    break
                time.sleep(0.05)
        p.kill()
    sys.exit("xapian-tcpsrv would not start")


def latency(tool, db, queries, passes, extra):
    out = subprocess.run([tool, "-p", str(passes)] + extra + [db, queries],
                         capture_output=True, text=True, check=True).stdout
    return [float(line.split("\t")[0]) for line in out.splitlines() if line]


def p99(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.99 * (len(xs) - 1))))]


def hits(query_tool, db, q):
    out = subprocess.run([query_tool, "--db", db, "--format", "json", "-n",
                          "10", "--", q], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        return None
    return [h["id"] for h in json.loads(out.stdout)["hits"]]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dossier-index", required=True)
    ap.add_argument("--dossier-query", required=True)
    ap.add_argument("--query-latency", required=True)
    ap.add_argument("--work", default="/tmp/bench")
    ap.add_argument("--shared", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--passes", type=int, default=5)
    a = ap.parse_args()

    canada = os.path.join(a.work, "canada")
    if not os.path.isdir(canada):
        os.makedirs(canada)
        run(["tar", "-xJf", os.path.join(a.shared, "bench",
                                          "canada-laws-eng.tar.xz"),
             "-C", canada])
    dbs = os.path.join(a.work, "shards")
    os.makedirs(dbs, exist_ok=True)
    commit = subprocess.run(["git", "-C", os.path.dirname(
        os.path.abspath(__file__)), "rev-parse", "--short", "HEAD"],
        capture_output=True, text=True).stdout.strip()
    print("## Shards (issue 8)\n")
    print("Measured %s at commit %s on the Canada laws corpus (%s).\n" % (
        time.strftime("%Y-%m-%d"), commit, canada))

    # 1. Indexing, interleaved.
    one, two = os.path.join(dbs, "one"), os.path.join(dbs, "two")
    rows = {"one": [], "two": []}
    for _ in range(a.runs):
        for name, path, extra in (("one", one, []),
                                  ("two", two, ["--shards", "2"])):
            rmdb(path)
            rows[name].append(timed([a.dossier_index, "-q", "--db", path]
                                    + extra + [canada]))
    ratios = [t[0] / o[0] for o, t in zip(rows["one"], rows["two"])]
    print("### Indexing: one database against --shards 2\n")
    print("| build | runs | wall s (median, min-max) | cpu s (median) |")
    print("|---|---|---|---|")
    for name, label in (("one", "`--db one`"), ("two", "`--shards 2`")):
        w = [r[0] for r in rows[name]]
        c = [r[1] for r in rows[name]]
        print("| %s | %d | %.1f (%.1f-%.1f) | %.1f |" % (
            label, len(w), statistics.median(w), min(w), max(w),
            statistics.median(c)))
    print("\n--shards 2 / one database, pair by pair: **%.2f** (%.2f-%.2f)\n"
          % (statistics.median(ratios), min(ratios), max(ratios)))

    # Sizes and balance, and 4 shards.
    four = os.path.join(dbs, "four")
    rmdb(four)
    run([a.dossier_index, "-q", "--shards", "4", "--db", four, canada],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print("| shards | documents a shard | size of each shard, MB | lexicon, MB | total, MB |")
    print("|---|---|---|---|---|")
    print("| 1 | %d | %.1f | - | %.1f |" % (doccount(one), du(one) / 1e6,
                                            du(one) / 1e6))
    for n, stub in ((2, two), (4, four)):
        d = set_dir(stub)
        docs = [doccount(os.path.join(d, "shard%d" % i)) for i in range(n)]
        sizes = [du(os.path.join(d, "shard%d" % i)) / 1e6 for i in range(n)]
        print("| %d | %s | %s | %.1f | %.1f |" % (
            n, ", ".join(map(str, docs)),
            ", ".join("%.1f" % s for s in sizes),
            du(os.path.join(d, "lexicon")) / 1e6, du(d) / 1e6))
    print()

    # 2. Latency.
    servers = []
    configs = [("1 local", one, []), ("2 local", two, []),
               ("4 local", four, [])]
    try:
        for n, stub in ((1, None), (2, two), (4, four)):
            if n == 1:
                members = [one]
                lexicon = None
            else:
                d = set_dir(stub)
                members = [os.path.join(d, "shard%d" % i) for i in range(n)]
                lexicon = os.path.join(d, "lexicon")
            lines = ["auto %s" % lexicon] if lexicon else []
            for m in members:
                p, port = serve(m)
                servers.append(p)
                lines.append("remote 127.0.0.1:%d" % port)
            rstub = os.path.join(dbs, "remote%d" % n)
            with open(rstub, "w") as f:
                f.write("\n".join(lines) + "\n")
            configs.append(("%d remote" % n, rstub, []))
            configs.append(("%d remote, -F 0" % n, rstub, ["-F", "0"]))
        qfiles = {}
        anchors = os.path.join(a.shared, "bench", "anchors", "queries.txt")
        qfiles["the 50 anchor queries"] = anchors
        legal = os.path.join(dbs, "legal-queries.txt")
        with open(legal, "w") as f:
            f.write("\n".join(LEGAL_QUERIES) + "\n")
        qfiles["%d legal queries" % len(LEGAL_QUERIES)] = legal
        for label, qf in qfiles.items():
            print("### Query latency: %s (ms, in one process)\n" % label)
            print("| shards | median | p99 | median / 1 local |")
            print("|---|---|---|---|")
            # Interleaved: each configuration once, then again.
            res = {c[0]: [] for c in configs}
            for _ in range(2):
                for name, db, extra in configs:
                    res[name].append(latency(a.query_latency, db, qf,
                                             a.passes, extra))
            base = None
            for name, _, _ in configs:
                per_query = [min(v) for v in zip(*res[name])]
                med = statistics.median(per_query)
                if base is None:
                    base = med
                print("| %s | %.1f | %.1f | %.2f |" % (
                    name, med, p99(per_query), med / base))
            print()
        # 3. The same hits.
        print("### The same ten hits, in the same order\n")
        print("| queries | 2 local | 4 local | 2 remote | 4 remote |")
        print("|---|---|---|---|---|")
        for label, qf in qfiles.items():
            with open(qf) as f:
                qs = [l.strip() for l in f if l.strip()]
            agree = {k: 0 for k in ("2 local", "4 local", "2 remote",
                                    "4 remote")}
            dbof = {c[0]: c[1] for c in configs}
            for q in qs:
                ref = hits(a.dossier_query, one, q)
                for k in agree:
                    if hits(a.dossier_query, dbof[k], q) == ref:
                        agree[k] += 1
            print("| %s | %s |" % (label, " | ".join(
                "%d of %d" % (agree[k], len(qs)) for k in agree)))
        print()
    finally:
        for p in servers:
            os.kill(p.pid, signal.SIGTERM)
            p.wait()
    print("To rerun:\n")
    print("    python3 bench/shards.py --dossier-index build/dossier-index \\")
    print("        --dossier-query build/dossier-query \\")
    print("        --query-latency build/bench/query-latency --work /tmp/bench")


if __name__ == "__main__":
    main()
