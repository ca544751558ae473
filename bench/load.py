#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""dossier.cgi under sustained load and overload (issue 7).

On the Debian HTML bench corpus (built as bench/cgi.py builds it), one
lighttpd on 127.0.0.1 serves dossier.cgi as a CGI and as FastCGI, and a
third time as a CGI whose configuration caps concurrency at --cap.
wrk (Debian's) then runs, with the 50 anchor queries in rotation:

  1. the CGI for --seconds (default 60), --connections connections;
  2. FastCGI (without the answer cache, so every request searches) the
     same;
  3. the capped CGI with --overload connections (default 32, far beyond
     the cap) for --seconds / 3, counting answers by status: beyond the
     cap a request must get 503 (with Retry-After), never a 500 or a
     broken connection;
  4. one request to the capped CGI after the overload: 200 again.

Prints Markdown for doc/reliability.md; exits 1 when a request failed
in 1 or 2, when the overload gave anything but 200 and 503, or when the
site did not recover.

    bench/load.py --dossier-cgi build/dossier.cgi \\
        --dossier-index build/dossier-index --work /tmp/bench
"""

import argparse
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
_spec = importlib.util.spec_from_file_location("benchcgi",
                                               os.path.join(HERE, "cgi.py"))
benchcgi = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(benchcgi)

# Counts the answers by status (and 503s without Retry-After).
COUNT_LUA = os.path.join(HERE, "status-count.lua")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dossier-cgi", required=True)
    ap.add_argument("--dossier-index", required=True)
    ap.add_argument("--queries",
                    default=os.path.join(benchcgi.ANCHORS, "queries.txt"))
    ap.add_argument("--work", default="/tmp/bench")
    ap.add_argument("--html-dir")
    ap.add_argument("--make-corpus",
                    default=os.path.join(benchcgi.ANCHORS, "make-corpus.sh"))
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--overload", type=int, default=32)
    ap.add_argument("--cap", type=int, default=2)
    ap.add_argument("--procs", type=int, default=2)
    args = ap.parse_args()
    args.dossier_cgi = os.path.abspath(args.dossier_cgi)
    args.dossier_index = os.path.abspath(args.dossier_index)
    lighttpd = benchcgi.need(shutil.which("lighttpd") or "/usr/sbin/lighttpd",
                             "lighttpd")
    wrk = benchcgi.need("wrk", "wrk")
    work = os.path.abspath(args.work)
    ddb, odbdir = benchcgi.setup(args, work)
    tmp = tempfile.mkdtemp(prefix="load-bench.", dir=work)
    port = benchcgi.free_port()
    lconf, dconf, _, _ = benchcgi.write_configs(tmp, ddb, odbdir, args, port)
    capconf = benchcgi.dossier_conf(os.path.join(tmp, "cap.conf"), ddb,
                                    limits="concurrency = %d\n" % args.cap)
    with open(lconf, "a") as f:
        f.write('alias.url += ("/cap-bin/" => "%s/")\n'
                '$HTTP["url"] =~ "^/cap-bin/" {\n\tcgi.assign = ("" => "")\n'
                '\tsetenv.add-environment = ("DOSSIER_CONFIG" => "%s")\n}\n'
                % (os.path.join(tmp, "cgi-bin"), capconf))
    server = subprocess.Popen([lighttpd, "-D", "-f", lconf])
    failed = False
    rows = []
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                time.sleep(0.1)
        base = "http://127.0.0.1:%d" % port
        for name, prefix in (("dossier.cgi (CGI)", "/cgi-bin/dossier.cgi?"),
                             ("dossier.cgi (FastCGI, %d procs, no cache)"
                              % args.procs, "/nocache?")):
            lua = benchcgi.wrk_lua(tmp, "l%d" % len(rows), prefix,
                                   args.queries, "q")
            p = benchcgi.run([wrk, "-t2", "-c%d" % args.connections,
                              "-d%ds" % args.seconds, "--latency", "-s", lua,
                              base])
            r = benchcgi.parse_wrk(p.stdout)
            rows.append((name, r))
            benchcgi.say("%s: %s" % (name, r))
            failed |= r["errors"] != 0
        # Overload the capped CGI, counting statuses.
        paths = os.path.join(tmp, "cap.paths")
        with open(os.path.join(tmp, "l0.paths")) as f, \
                open(paths, "w") as out:
            for q in f:
                out.write("/cap-bin/dossier.cgi?q=" + q)
        p = benchcgi.run([wrk, "-t2", "-c%d" % args.overload,
                          "-d%ds" % max(args.seconds // 3, 5), "--latency",
                          "-s", COUNT_LUA, base, "--", paths])
        over = benchcgi.parse_wrk(p.stdout)
        codes = {k: int(v) for k, v in
                 re.findall(r"^STATUS (\S+) (\d+)$", p.stdout, re.M)}
        sock = re.search(r"Socket errors: (.*)", p.stdout)
        benchcgi.say("overload: %s %s" % (over, codes))
        failed |= set(codes) - {"200", "503"} != set() or sock is not None
        failed |= codes.get("503", 0) == 0
        time.sleep(1)
        try:
            status = urllib.request.urlopen(
                base + "/cap-bin/dossier.cgi?q=audit", timeout=30).status
        except urllib.error.HTTPError as e:
            status = e.code
        failed |= status != 200
    finally:
        server.terminate()
        server.wait()

    print("## Load (bench/load.py, Debian HTML corpus, 50 queries)\n")
    print("wrk -t2 -c%d -d%ds, the 50 queries in rotation:\n"
          % (args.connections, args.seconds))
    print("| front end | requests | requests/s | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|")
    for name, r in rows:
        print("| %s | %d | %.1f | %.1f | %.1f | %d |" % (
            name, r["requests"], r["rps"], r["p50"], r["p99"], r["errors"]))
    print("\nOverload: %d connections for %d s against the CGI capped at %d "
          "at once: %d requests, %s; socket errors: %s; the next request "
          "afterwards: %d.\n" % (
              args.overload, max(args.seconds // 3, 5), args.cap,
              over["requests"],
              ", ".join("%s %s" % (v, "x " + k) for k, v in
                        sorted(codes.items())) or "none counted",
              sock.group(1) if sock else "none", status))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
