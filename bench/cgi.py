#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""dossier.cgi under load, against the Omega CGI, in the same run.

On the Debian HTML bench corpus (built into WORK/debian when absent, as
bench/index.py does; both databases as bench/query.py builds them), one
lighttpd on 127.0.0.1 serves:

  /cgi-bin/dossier.cgi   dossier.cgi as a CGI (a process per request)
  /lean-bin/dossier.cgi  the same with the lean [search] profile: no
                         feedback, no facets
  /cgi-bin/omega         Debian's Omega CGI on the omindex database
  /search                dossier.cgi as FastCGI (lighttpd keeps --procs),
                         keeping its answers (cache_mib, the default)
  /nocache               the same with cache_mib = 0: every request
                         searched

and wrk (Debian's) runs the 50 queries of ../shared/bench/anchors/
queries.txt in rotation against each for --seconds, --connections
connections, reporting requests/s, errors and the latency percentiles.
Each front end is run --rounds times, interleaved (Dossier CGI, Omega,
FastCGI, ...), and medians are reported.  Then one CGI request from the
command line, as the anchors measured Omega: hyperfine -N over
`env QUERY_STRING=... dossier.cgi` and the same for Omega, per query,
ratio per query; and the floor of each, a request for the help page
(no query: start-up, configuration and the page, no search).

    bench/cgi.py --dossier-cgi build/dossier.cgi \\
        --dossier-index build/dossier-index --work /tmp/bench

Prints Markdown for bench/RESULTS.md.  Needs lighttpd, wrk, hyperfine,
xapian-omega.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import index as benchindex  # noqa: E402

ANCHORS = benchindex.ANCHORS
OMEGA = "/usr/lib/cgi-bin/omega/omega"


def say(msg):
    print("cgi.py: " + msg, file=sys.stderr, flush=True)


def die(msg):
    say(msg)
    sys.exit(1)


def need(prog, package):
    path = shutil.which(prog) or (prog if os.path.exists(prog) else None)
    if path is None:
        die("%s not found: apt-get install -y %s" % (prog, package))
    return path


def run(argv, **kw):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, **kw)
    if p.returncode != 0:
        die("%s failed (%d): %s" % (" ".join(argv), p.returncode,
                                    p.stderr[-2000:]))
    return p


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def setup(args, work):
    corpus = benchindex.html_corpus(args, work)
    qwork = os.path.join(work, "query")
    os.makedirs(qwork, exist_ok=True)
    ddb = os.path.join(qwork, "dossier-html")
    odbdir = os.path.join(qwork, "omega-dbs")
    odb = os.path.join(odbdir, "html")
    if not os.path.isdir(ddb):
        say("indexing with dossier-index")
        run([args.dossier_index, "-q", "--db", ddb, corpus])
    if not os.path.isdir(odb):
        os.makedirs(odbdir, exist_ok=True)
        old = os.path.join(qwork, "omega-html")
        if os.path.isdir(old):
            os.symlink(old, odb)
        else:
            say("indexing with omindex")
            run([need("omindex", "xapian-omega"), "--overwrite", "--db",
                 odb, "--url", "/", corpus])
    return ddb, odbdir


def dossier_conf(path, ddb, limits="", search=""):
    with open(path, "w") as f:
        f.write("[site]\nname = Bench\n\n[limits]\ncpu_seconds = 30\n"
                "time_seconds = 60\n%s\n%s[db default]\npath = %s\n"
                % (limits, search, ddb))
    return path


def write_configs(tmp, ddb, odbdir, args, port):
    dconf = dossier_conf(os.path.join(tmp, "dossier.conf"), ddb)
    lean = dossier_conf(os.path.join(tmp, "lean.conf"), ddb,
                        search="[search]\nfeedback = no\nfacets = no\n\n")
    nocache = dossier_conf(os.path.join(tmp, "nocache.conf"), ddb,
                           limits="cache_mib = 0\n")
    oconf = os.path.join(tmp, "omega.conf")
    os.makedirs(os.path.join(tmp, "omega-log"), exist_ok=True)
    with open(oconf, "w") as f:
        f.write("database_dir %s\ntemplate_dir /var/lib/xapian-omega/"
                "templates\nlog_dir %s\ncdb_dir /var/lib/xapian-omega/cdb\n"
                % (odbdir, os.path.join(tmp, "omega-log")))
    cgibin = os.path.join(tmp, "cgi-bin")
    os.makedirs(cgibin, exist_ok=True)
    os.symlink(args.dossier_cgi, os.path.join(cgibin, "dossier.cgi"))
    os.symlink(OMEGA, os.path.join(cgibin, "omega"))
    www = os.path.join(tmp, "www")
    os.makedirs(www, exist_ok=True)
    lconf = os.path.join(tmp, "lighttpd.conf")
    with open(lconf, "w") as f:
        f.write("""server.modules = ("mod_alias", "mod_setenv", "mod_cgi", "mod_fastcgi")
server.document-root = "%(www)s"
server.bind = "127.0.0.1"
server.port = %(port)d
server.errorlog = "%(tmp)s/lighttpd-error.log"
server.max-connections = 1024
alias.url = ("/cgi-bin/" => "%(cgibin)s/", "/lean-bin/" => "%(cgibin)s/")
$HTTP["url"] =~ "^/cgi-bin/" {
	cgi.assign = ("" => "")
	setenv.add-environment = ("DOSSIER_CONFIG" => "%(dconf)s",
				  "OMEGA_CONFIG_FILE" => "%(oconf)s")
}
$HTTP["url"] =~ "^/lean-bin/" {
	cgi.assign = ("" => "")
	setenv.add-environment = ("DOSSIER_CONFIG" => "%(lean)s")
}
fastcgi.server = ("/search" => ((
	"socket" => "%(tmp)s/fcgi.sock",
	"bin-path" => "%(cgi)s",
	"bin-environment" => ("DOSSIER_CONFIG" => "%(dconf)s"),
	"max-procs" => %(procs)d,
	"check-local" => "disable"
)), "/nocache" => ((
	"socket" => "%(tmp)s/fcgi-nocache.sock",
	"bin-path" => "%(cgi)s",
	"bin-environment" => ("DOSSIER_CONFIG" => "%(nocache)s"),
	"max-procs" => %(procs)d,
	"check-local" => "disable"
)))
""" % {"www": www, "port": port, "tmp": tmp, "cgibin": cgibin,
            "dconf": dconf, "oconf": oconf, "cgi": args.dossier_cgi,
            "procs": args.procs, "lean": lean, "nocache": nocache})
    return lconf, dconf, lean, oconf


LUA = r"""
local paths = {}
local i = 0
init = function(args)
  for line in io.lines("%(queries)s") do
    if line ~= "" then
      paths[#paths + 1] = "%(prefix)s" .. line
    end
  end
end
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def wrk_lua(tmp, name, prefix, queries, key):
    qfile = os.path.join(tmp, name + ".paths")
    with open(queries) as f, open(qfile, "w") as out:
        for q in f:
            q = q.strip()
            if q:
                out.write(urllib.parse.quote_plus(q) + "\n")
    lua = os.path.join(tmp, name + ".lua")
    with open(lua, "w") as f:
        f.write(LUA % {"queries": qfile, "prefix": prefix + key + "="})
    return lua


def parse_wrk(out):
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))
    lat = {}
    for pct, v, unit in re.findall(
            r"^\s+(50|75|90|99)%\s+([0-9.]+)(us|ms|s)\s*$", out, re.M):
        lat[pct] = float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errs = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                  r"timeout (\d+)", out)
    if m:
        errs += sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errs += int(m.group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rps": rps, "p50": lat.get("50"), "p99": lat.get("99"),
            "errors": errs, "requests": total}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dossier-cgi", required=True)
    ap.add_argument("--dossier-index", required=True)
    ap.add_argument("--queries", default=os.path.join(ANCHORS, "queries.txt"))
    ap.add_argument("--work", default="/tmp/bench")
    ap.add_argument("--html-dir")
    ap.add_argument("--make-corpus",
                    default=os.path.join(ANCHORS, "make-corpus.sh"))
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--procs", type=int, default=2,
                    help="FastCGI processes lighttpd keeps")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--runs", type=int, default=10,
                    help="hyperfine runs a query, one request from the CLI")
    args = ap.parse_args()
    args.dossier_cgi = os.path.abspath(args.dossier_cgi)
    args.dossier_index = os.path.abspath(args.dossier_index)
    lighttpd = need(shutil.which("lighttpd") or "/usr/sbin/lighttpd",
                    "lighttpd")
    wrk = need("wrk", "wrk")
    need("hyperfine", "hyperfine")
    need(OMEGA, "xapian-omega")

    work = os.path.abspath(args.work)
    ddb, odbdir = setup(args, work)
    tmp = tempfile.mkdtemp(prefix="cgi-bench.", dir=work)
    port = free_port()
    lconf, dconf, lean, oconf = write_configs(tmp, ddb, odbdir, args, port)
    server = subprocess.Popen([lighttpd, "-D", "-f", lconf])
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                time.sleep(0.1)
        base = "http://127.0.0.1:%d" % port
        fronts = [
            ("dossier.cgi (CGI)", "/cgi-bin/dossier.cgi?", "q"),
            ("dossier.cgi (CGI, lean profile)", "/lean-bin/dossier.cgi?",
             "q"),
            ("Omega (CGI)", "/cgi-bin/omega?DB=html&", "P"),
            ("dossier.cgi (FastCGI, %d procs)" % args.procs, "/search?",
             "q"),
            ("dossier.cgi (FastCGI, %d procs, no cache)" % args.procs,
             "/nocache?", "q"),
        ]
        luas = [wrk_lua(tmp, "f%d" % i, prefix, args.queries, key)
                for i, (_, prefix, key) in enumerate(fronts)]
        # Warm up each (caches, the FastCGI processes).
        for lua in luas:
            subprocess.run([wrk, "-t1", "-c1", "-d2s", "-s", lua, base],
                           capture_output=True)
        res = {name: [] for name, _, _ in fronts}
        for r in range(args.rounds):
            for (name, _, _), lua in zip(fronts, luas):
                p = run([wrk, "-t2", "-c%d" % args.connections,
                         "-d%ds" % args.seconds, "--latency", "-s", lua,
                         base])
                res[name].append(parse_wrk(p.stdout))
                say("round %d %s: %s" % (r + 1, name, res[name][-1]))
    finally:
        server.terminate()
        server.wait()

    # One request from the command line, per query, and the floor.
    with open(args.queries) as f:
        qs = [q.strip() for q in f if q.strip()]
    cmds = [
        ("dossier.cgi", "env REQUEST_METHOD=GET QUERY_STRING=q=%%s "
         "DOSSIER_CONFIG=%s %s" % (dconf, args.dossier_cgi)),
        ("dossier.cgi, lean profile", "env REQUEST_METHOD=GET "
         "QUERY_STRING=q=%%s DOSSIER_CONFIG=%s %s" % (lean, args.dossier_cgi)),
        ("Omega", "env REQUEST_METHOD=GET QUERY_STRING=DB=html&P=%%s "
         "OMEGA_CONFIG_FILE=%s %s" % (oconf, OMEGA)),
    ]
    times = {name: [] for name, _ in cmds}
    for q in qs + [""]:
        enc = urllib.parse.quote_plus(q)
        with tempfile.NamedTemporaryFile(suffix=".json") as tf:
            run(["hyperfine", "-N", "--warmup", "2", "--runs",
                 str(args.runs), "--style", "none", "--export-json",
                 tf.name] + [c % enc for _, c in cmds])
            data = json.load(open(tf.name))["results"]
        for (name, _), d in zip(cmds, data):
            times[name].append(d["median"] * 1000)
    floor = {name: t.pop() for name, t in times.items()}

    print("## dossier.cgi under load (Debian HTML corpus, 50 queries)\n")
    print("wrk -t2 -c%d -d%ds, the 50 queries in rotation, %d rounds "
          "interleaved after a warm-up; medians over the rounds:\n"
          % (args.connections, args.seconds, args.rounds))
    print("| front end | requests/s | p50 ms | p99 ms | errors "
          "(of requests) |")
    print("|---|---|---|---|---|")
    med = {}
    for name, _, _ in fronts:
        rs = res[name]
        med[name] = statistics.median(x["rps"] for x in rs)
        print("| %s | %.1f | %.1f | %.1f | %d (of %d) |" % (
            name, med[name],
            statistics.median(x["p50"] for x in rs),
            statistics.median(x["p99"] for x in rs),
            sum(x["errors"] for x in rs), sum(x["requests"] for x in rs)))
    n = [name for name, _, _ in fronts]
    print()
    print("- dossier.cgi CGI / Omega CGI requests/s: **%.2fx** (lean "
          "profile: %.2fx)" % (med[n[0]] / med[n[2]], med[n[1]] / med[n[2]]))
    print("- dossier.cgi FastCGI / its own CGI requests/s: **%.2fx** "
          "(without the cache: %.2fx)" % (med[n[3]] / med[n[0]],
                                          med[n[4]] / med[n[0]]))
    print()
    print("One CGI request from the command line (hyperfine -N, %d runs a "
          "query after 2 warm-ups, `env` included in all); the floor is "
          "a request without a query (the help page: start-up and "
          "page, no search):\n" % args.runs)
    print("| | median over queries (ms) | min | max | floor (ms) |")
    print("|---|---|---|---|---|")
    for name, _ in cmds:
        t = times[name]
        print("| %s | %.2f | %.2f | %.2f | %.2f |" % (
            name, statistics.median(t), min(t), max(t), floor[name]))
    print()
    om = times["Omega"]
    for name, _ in cmds[:2]:
        r = [d / o for d, o in zip(times[name], om)]
        print("- %s / Omega, median of the per-query ratios: **%.2fx** "
              "(%.2f-%.2f)" % (name, statistics.median(r), min(r), max(r)))


if __name__ == "__main__":
    main()
