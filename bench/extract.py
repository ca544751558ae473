#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Extraction speed against the libxml2 parse floor, measured in one run.

For each corpus, runs the parse floor (../shared/bench/anchors/parse-floor.c:
libxml2 parses every file and walks the text, nothing else) and
`dossier-index --extract-only` (charset detection, parsing, main content,
metadata, sections, JSON output) over the same files, interleaved A B A B
after one warm-up of each, and reports medians of wall time, CPU time and
peak RSS, and the median of the pairwise ratios Dossier / floor.

    bench/extract.py --floor-src ../shared/bench/anchors/parse-floor.c \\
        --dossier-index build/dossier-index --runs 5 \\
        html=/tmp/bench/debian/corpus/html xml:canada=/tmp/bench/canada

A corpus is NAME=DIR (HTML files, *.html/*.htm) or xml:NAME=DIR (XML files,
*.xml and Mallard *.page; the floor then runs with -x).  Prints a Markdown
table for bench/RESULTS.md.  The machine is shared and noisy: quote the
medians and the paired ratios, not single runs.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def build_floor(src, workdir):
    exe = os.path.join(workdir, "parse-floor")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libxml-2.0"],
                           check=True, capture_output=True,
                           text=True).stdout.split()
    subprocess.run(["cc", "-O2", "-o", exe, src] + flags, check=True)
    return exe


def file_list(root, xml, workdir, name):
    exts = (".xml", ".page") if xml else (".html", ".htm")
    paths = []
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(exts):
                paths.append(os.path.join(d, f))
    paths.sort()
    listing = os.path.join(workdir, name + ".list")
    with open(listing, "wb") as out:
        for p in paths:
            out.write(p.encode() + b"\0")
    size = sum(os.path.getsize(p) for p in paths)
    return listing, len(paths), size


def run(argv, stdin_path):
    """Run argv with stdin from a file, output discarded; (wall, cpu, rss)."""
    with open(stdin_path, "rb") as stdin, open(os.devnull, "wb") as null:
        t0 = time.monotonic()
        proc = subprocess.Popen(argv, stdin=stdin, stdout=null,
                                stderr=subprocess.PIPE)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.monotonic() - t0
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit("%s failed (status %d): %s" % (argv[0], status, err[-2000:]))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0


def measure(name, argv_floor, argv_ds, listing, runs):
    run(argv_floor, listing)          # warm-up: page cache, not counted
    run(argv_ds, listing)
    floor, ds, ratios = [], [], []
    for _ in range(runs):
        a = run(argv_floor, listing)
        b = run(argv_ds, listing)
        floor.append(a)
        ds.append(b)
        ratios.append(b[0] / a[0])
    return floor, ds, ratios


def med(xs, i):
    return statistics.median(x[i] for x in xs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--floor-src", required=True)
    ap.add_argument("--dossier-index", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--extra", default="",
                    help="extra dossier-index options, space-separated")
    ap.add_argument("corpora", nargs="+")
    args = ap.parse_args()

    workdir = tempfile.mkdtemp(prefix="dossier-bench.")
    floor_exe = build_floor(args.floor_src, workdir)
    print("| corpus | files | MB | floor wall s | Dossier wall s | "
          "floor cpu s | Dossier cpu s | floor RSS MiB | Dossier RSS MiB | "
          "ratio wall (median, min-max) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for spec in args.corpora:
        name, root = spec.split("=", 1)
        xml = name.startswith("xml:")
        name = name[4:] if xml else name
        listing, n, size = file_list(root, xml, workdir, name)
        argv_floor = [floor_exe, "-0"] + (["-x"] if xml else [])
        argv_ds = [args.dossier_index, "--extract-only", "-0", "-"] + \
            args.extra.split()
        floor, ds, ratios = measure(name, argv_floor, argv_ds, listing,
                                    args.runs)
        print("| %s | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f | "
              "**%.2f** (%.2f-%.2f) |" % (
                  name, n, size / 1e6, med(floor, 0), med(ds, 0),
                  med(floor, 1), med(ds, 1), med(floor, 2), med(ds, 2),
                  statistics.median(ratios), min(ratios), max(ratios)))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
