#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Indexing speed of dossier-index against omindex and the libxml2 parse floor.

For each corpus, in one run, measures three steps, each after one warm-up
round that is not counted and then interleaved pair by pair (omindex,
dossier-index, omindex, dossier-index, ...):

1. full build: the database removed first (for Dossier DBDIR and
   DBDIR.lock), then `omindex --overwrite --db DBDIR --url / CORPUS` and
   `dossier-index --db DBDIR CORPUS`; also the parse floor
   (../shared/bench/anchors/parse-floor.c: libxml2 parses every file and
   walks its text, nothing else; -x for the XML corpus) on the same files;
2. re-run with nothing changed, against the databases just built (omindex
   without --overwrite);
3. re-run after touching 10% of the files (every 10th file in sorted
   order): their mtimes move forward by 2 s more than at the previous touch,
   so that omindex, which compares mtimes to the second, sees a change
   (Dossier finds their bytes unchanged and only records the new time);
4. re-run after changing the content of another 10% (every 10th from the
   6th: a comment appended), which both engines index again.

    bench/index.py --dossier-index build/dossier-index --work /tmp/bench \\
        --runs 3 --corpus both

With --work DIR, the HTML corpus is DIR/debian/corpus/html (built by
../shared/bench/anchors/make-corpus.sh DIR/debian when absent; that needs
apt-get and takes a few minutes) and the Canada corpus is DIR/canada
(unpacked from ../shared/bench/canada-laws-eng.tar.xz when absent);
--html-dir and --canada-dir use copies elsewhere instead.  Databases go to
DIR/index-bench-dbs and are removed at the end.  The corpora are not
changed, except for the mtimes of the touched 10% and the content of the
changed 10%, which are put back at the end.

omindex has no handler for XML, so for the Canada corpus it runs with
-Mxml:text/html (its HTML parser, which strips the tags).  Reports wall
time, CPU time (user + sys of the process and its children), peak RSS (of
the largest process), index size and documents per second, as medians with
min-max, and the median of the pairwise ratios; prints Markdown tables for
bench/RESULTS.md on standard output, progress on standard error.  The
machine is shared and noisy: quote the medians and the paired ratios, not
single runs.
"""

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ANCHORS = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "bench",
                                        "anchors"))
DEFAULT_FLOOR = os.path.join(ANCHORS, "parse-floor.c")
DEFAULT_CANADA_TAR = os.path.normpath(os.path.join(ANCHORS, "..",
                                                   "canada-laws-eng.tar.xz"))

SUMMARY_RE = re.compile(
    r"(\d+) added, (\d+) updated, (\d+) deleted, (\d+) unchanged, "
    r"(\d+) failed, (\d+) skipped in [0-9.]+ s; .* holds (\d+) document")

notes = []           # warnings, repeated under the tables


def say(msg):
    print(msg, file=sys.stderr, flush=True)


def warn(msg):
    say("warning: " + msg)
    notes.append(msg)


def die(msg):
    sys.exit("index.py: " + msg)


# --- setup -----------------------------------------------------------------

def need(prog, package):
    path = shutil.which(prog)
    if path is None:
        die("%s not found on PATH: install the Debian package %s "
            "(apt-get install -y %s)" % (prog, package, package))
    return path


# The timer: python's own RSS (~16 MiB) would be the floor of ru_maxrss
# for any child it forks (Linux keeps the pre-exec high-water mark), so a
# tiny C program forks and execs the command and reports its wall time,
# CPU time and peak RSS.
RUNNER_C = r"""
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int st, code;
	pid_t pid;
	FILE *f;

	if (argc < 3) {
		fprintf(stderr, "usage: %s RESULT CMD [ARG]...\n", argv[0]);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "%s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("wait4");
			return 2;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	code = WIFEXITED(st) ? WEXITSTATUS(st) :
	       WIFSIGNALED(st) ? -WTERMSIG(st) : -1000;
	if ((f = fopen(argv[1], "w")) == NULL) {
		perror(argv[1]);
		return 2;
	}
	fprintf(f, "%d %.6f %.6f %ld\n", code,
		(double)(t1.tv_sec - t0.tv_sec) +
		(double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		(double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
		(double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6,
		ru.ru_maxrss);
	return fclose(f) ? 2 : 0;
}
"""


def build_runner(workdir):
    src = os.path.join(workdir, "runner.c")
    exe = os.path.join(workdir, "runner")
    with open(src, "w") as fh:
        fh.write(RUNNER_C)
    p = subprocess.run(["cc", "-O2", "-o", exe, src], capture_output=True,
                       text=True)
    if p.returncode != 0:
        die("building the timer failed:\n" + p.stderr[-2000:])
    return exe


def build_floor(src, workdir):
    if not os.path.isfile(src):
        die("parse floor source %s not found (--floor-src)" % src)
    need("cc", "build-essential")
    need("pkg-config", "pkg-config")
    exe = os.path.join(workdir, "parse-floor")
    p = subprocess.run(["pkg-config", "--cflags", "--libs", "libxml-2.0"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        die("pkg-config libxml-2.0 failed: install the Debian package "
            "libxml2-dev\n" + p.stderr[-2000:])
    p = subprocess.run(["cc", "-O2", "-o", exe, src] + p.stdout.split(),
                       capture_output=True, text=True)
    if p.returncode != 0:
        die("building the parse floor failed:\n" + p.stderr[-2000:])
    return exe


def html_corpus(args, work):
    if args.html_dir:
        root = os.path.abspath(args.html_dir)
        if not os.path.isdir(root):
            die("--html-dir %s is not a directory" % root)
        return root
    out = os.path.join(work, "debian")
    root = os.path.join(out, "corpus", "html")
    if os.path.isfile(os.path.join(out, "corpus-manifest.sha256")) and \
            os.path.isdir(root):
        return root
    script = args.make_corpus
    if not os.path.isfile(script):
        die("%s not found (--make-corpus), cannot build the HTML corpus"
            % script)
    need("apt-get", "apt")
    need("dpkg-deb", "dpkg")
    need("cpio", "cpio")
    say("building the HTML corpus: sh %s %s (a few minutes)" % (script, out))
    os.makedirs(out, exist_ok=True)
    p = subprocess.run(["sh", script, out], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0 or not os.path.isdir(root):
        die("building the HTML corpus failed (status %d); if a pinned "
            "version is gone from the mirror, run EXACT=0 sh %s %s by hand "
            "(or apt-get update first):\n%s"
            % (p.returncode, script, out, p.stdout[-3000:]))
    say(p.stdout.strip())
    return root


def canada_corpus(args, work):
    if args.canada_dir:
        root = os.path.abspath(args.canada_dir)
        if not os.path.isdir(root):
            die("--canada-dir %s is not a directory" % root)
        return root
    root = os.path.join(work, "canada")
    if os.path.isdir(root):
        return root
    if not os.path.isfile(args.canada_tar):
        die("%s not found (--canada-tar), cannot unpack the Canada corpus"
            % args.canada_tar)
    tmp = root + ".part"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    say("unpacking %s into %s" % (args.canada_tar, root))
    p = subprocess.run(["tar", "-xJf", args.canada_tar, "-C", tmp],
                       capture_output=True, text=True)
    if p.returncode != 0:
        die("unpacking %s failed:\n%s" % (args.canada_tar, p.stderr[-2000:]))
    os.rename(tmp, root)
    return root


def file_list(root, xml, workdir, name):
    exts = (".xml",) if xml else (".html", ".htm")
    paths = []
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(exts):
                paths.append(os.path.join(d, f))
    paths.sort()
    if not paths:
        die("no %s files under %s" % ("/".join(exts), root))
    listing = os.path.join(workdir, name + ".list0")
    with open(listing, "wb") as out:
        for p in paths:
            out.write(p.encode() + b"\0")
    size = sum(os.path.getsize(p) for p in paths)
    return paths, listing, size


# --- running and measuring -------------------------------------------------

RUNNER = None


def run(step, argv, workdir, stdin_path=None, ok=(0,)):
    """Run argv; returns dict(wall, cpu, rss, out, err, status).

    The timer (RUNNER) runs it: wall from fork to wait4, CPU = user + sys
    of the process and its waited-for children, peak RSS of the largest
    of them.  stdout and stderr go to files.  An exit status not in ok
    ends the benchmark with the tail of the command's standard error."""
    outp = os.path.join(workdir, "cmd.out")
    errp = os.path.join(workdir, "cmd.err")
    resp = os.path.join(workdir, "cmd.res")
    if os.path.exists(resp):
        os.unlink(resp)
    with open(stdin_path or os.devnull, "rb") as stdin, \
            open(outp, "wb") as out, open(errp, "wb") as err:
        rc = subprocess.call([RUNNER, resp] + argv, stdin=stdin, stdout=out,
                             stderr=err)
    with open(outp, "rb") as fh:
        out = fh.read().decode(errors="replace")
    with open(errp, "rb") as fh:
        err = fh.read().decode(errors="replace")
    try:
        with open(resp) as fh:
            code, wall, cpu, rss = fh.read().split()
        code = int(code)
    except (OSError, ValueError):
        code = None
    if rc != 0 or code is None:
        die("%s: the timer failed (status %d)\n  command: %s\n%s"
            % (step, rc, shlex.join(argv), err[-2000:]))
    if code not in ok:
        what = ("killed by signal %d" % -code) if code < 0 \
            else "exit status %d" % code
        lines = (err.strip() or out.strip()).splitlines()
        if len(lines) > 30:
            lines = lines[:5] + ["[...]"] + lines[-20:]
        die("%s failed (%s)\n  command: %s\n  stderr (head and tail):\n%s"
            % (step, what, shlex.join(argv),
               "\n".join("    " + l[:300] for l in lines)))
    return {"wall": float(wall), "cpu": float(cpu),
            "rss": int(rss) / 1024.0, "out": out, "err": err, "status": code}


def dossier_counts(step, r):
    m = None
    for m in SUMMARY_RE.finditer(r["err"] + "\n" + r["out"]):
        pass
    if m is None:
        die("%s: no summary line in the output of dossier-index:\n%s"
            % (step, (r["err"] + r["out"])[-2000:]))
    keys = ("added", "updated", "deleted", "unchanged", "failed", "skipped",
            "holds")
    return dict(zip(keys, (int(x) for x in m.groups())))


def delve(db):
    """Number of documents and revision of a Xapian database."""
    p = subprocess.run(["xapian-delve", db], capture_output=True, text=True)
    if p.returncode != 0:
        die("xapian-delve %s failed:\n%s" % (db, p.stderr[-2000:]))
    docs = re.search(r"number of documents = (\d+)", p.stdout)
    rev = re.search(r"revision = (\d+)", p.stdout)
    if not docs or not rev:
        die("cannot read xapian-delve %s:\n%s" % (db, p.stdout[-2000:]))
    return int(docs.group(1)), int(rev.group(1))


def db_size(db):
    total = spelling = 0
    for d, _, files in os.walk(db):
        for f in files:
            s = os.path.getsize(os.path.join(d, f))
            total += s
            if f.startswith("spelling."):
                spelling += s
    return total / 1048576.0, spelling / 1048576.0


def remove_db(db):
    shutil.rmtree(db, ignore_errors=True)
    if os.path.exists(db):
        die("cannot remove %s" % db)
    try:
        os.unlink(db + ".lock")
    except FileNotFoundError:
        pass


class Toucher:
    """Moves the mtimes of the sample forward, 2 s further each time, and
    puts the original times back at the end."""

    def __init__(self, paths):
        self.paths = paths
        self.orig = {p: os.stat(p) for p in paths}
        self.t = max(int(s.st_mtime) for s in self.orig.values())

    def touch(self):
        self.t += 2
        ns = self.t * 1000000000
        for p in self.paths:
            os.utime(p, ns=(ns, ns))

    def restore(self):
        for p, s in self.orig.items():
            try:
                os.utime(p, ns=(s.st_atime_ns, s.st_mtime_ns))
            except OSError as e:
                say("warning: cannot restore the mtime of %s: %s" % (p, e))


class Changer:
    """Changes the content of the sample (a comment appended, another each
    time, so the size changes too) and puts the original bytes and times
    back at the end."""

    def __init__(self, paths):
        self.paths = paths
        self.orig = {}
        for p in paths:
            with open(p, "rb") as fh:
                self.orig[p] = (fh.read(), os.stat(p))
        self.n = 0

    def change(self):
        self.n += 1
        mark = ("\n<!-- dossier-bench change %d -->\n" % self.n).encode()
        for p in self.paths:
            with open(p, "wb") as fh:
                fh.write(self.orig[p][0] + mark)

    def restore(self):
        for p, (data, st) in self.orig.items():
            try:
                with open(p, "wb") as fh:
                    fh.write(data)
                os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
            except OSError as e:
                say("warning: cannot restore %s: %s" % (p, e))


def commands(c, args, bins, dbdir):
    """The argv of every measured command for corpus c, into c."""
    name, root, xml = c["name"], c["root"], c["xml"]
    om_db = os.path.join(dbdir, name + "-omindex")
    ds_db = os.path.join(dbdir, name + "-dossier")
    om_base = [bins["omindex"], "--db", om_db, "--url", "/"] + \
        (["-Mxml:text/html"] if xml else [])
    om_full = om_base[:1] + ["--overwrite"] + om_base[1:] + [root]
    om_incr = om_base + [root]
    ds_argv = [bins["dossier"], "--db", ds_db] + \
        (["--jobs", str(args.jobs)] if args.jobs else []) + \
        shlex.split(args.extra) + [root]
    fl_argv = [bins["floor"], "-0"] + (["-x"] if xml else [])
    c["commands"] = {
        "omindex full build": shlex.join(om_full),
        "omindex re-run": shlex.join(om_incr),
        "dossier-index (full build after rm -rf DB DB.lock; re-runs)":
            shlex.join(ds_argv),
        "parse floor": shlex.join(fl_argv) + " < LIST",
    }
    c["argv"] = (om_db, ds_db, om_full, om_incr, ds_argv, fl_argv)


def measure_corpus(c, args, workdir):
    """All runs for one corpus; returns the per-run records."""
    name, paths, listing = c["name"], c["paths"], c["listing"]
    n = len(paths)
    om_db, ds_db, om_full, om_incr, ds_argv, fl_argv = c["argv"]
    sample = paths[::10]
    toucher = Toucher(sample)
    changer = Changer(paths[5::10])
    c["touched"] = len(sample)
    c["changed"] = len(changer.paths)
    recs = []
    try:
        for i in range(args.runs + 1):
            tag = "warm-up" if i == 0 else "run %d/%d" % (i, args.runs)
            r = {}
            # 1. full build
            r["floor"] = run("%s %s: parse floor" % (name, tag), fl_argv,
                             workdir, stdin_path=listing)
            if "xf_argv" in c:
                r["xfloor"] = run("%s %s: Xapian floor" % (name, tag),
                                  c["xf_argv"], workdir,
                                  stdin_path=c["jsonl"])
                remove_db(c["xf_db"])
            remove_db(om_db)
            r["om_full"] = run("%s %s: omindex full build" % (name, tag),
                               om_full, workdir)
            om_docs, om_rev = delve(om_db)
            r["om_full"]["docs"] = om_docs
            r["om_full"]["size"], _ = db_size(om_db)
            if om_docs != n:
                warn("%s %s: omindex database holds %d documents, the corpus "
                     "has %d files" % (name, tag, om_docs, n))
            remove_db(ds_db)
            r["ds_full"] = run("%s %s: dossier-index full build" % (name, tag),
                               ds_argv, workdir, ok=(0, 1))
            k = dossier_counts("%s %s: dossier-index full build"
                               % (name, tag), r["ds_full"])
            r["ds_full"].update(k)
            r["ds_full"]["docs"] = k["holds"]
            r["ds_full"]["size"], r["ds_full"]["spelling"] = db_size(ds_db)
            if k["holds"] != n or k["failed"]:
                warn("%s %s: dossier-index full build: %d documents for %d "
                     "files, %d failed, %d skipped (status %d)"
                     % (name, tag, k["holds"], n, k["failed"], k["skipped"],
                        r["ds_full"]["status"]))
            # 2. nothing changed
            r["om_none"] = run("%s %s: omindex re-run, nothing changed"
                               % (name, tag), om_incr, workdir)
            _, rev = delve(om_db)
            if rev != om_rev:
                warn("%s %s: omindex committed (revision %d -> %d) on the "
                     "no-change re-run" % (name, tag, om_rev, rev))
            om_rev = rev
            r["ds_none"] = run("%s %s: dossier-index re-run, nothing changed"
                               % (name, tag), ds_argv, workdir, ok=(0, 1))
            k = dossier_counts("%s %s: dossier-index no-change re-run"
                               % (name, tag), r["ds_none"])
            if k["added"] or k["updated"] or k["deleted"] or \
                    k["unchanged"] != k["holds"]:
                warn("%s %s: dossier-index no-change re-run: %d added, %d "
                     "updated, %d deleted, %d unchanged"
                     % (name, tag, k["added"], k["updated"], k["deleted"],
                        k["unchanged"]))
            _, ds_rev = delve(ds_db)
            # 3. 10% touched
            toucher.touch()
            r["om_touch"] = run("%s %s: omindex re-run, 10%% touched"
                                % (name, tag), om_incr, workdir)
            _, rev = delve(om_db)
            if rev == om_rev:
                die("%s %s: omindex saw no change after the touch (database "
                    "revision still %d): the figure would be meaningless"
                    % (name, tag, rev))
            r["ds_touch"] = run("%s %s: dossier-index re-run, 10%% touched"
                                % (name, tag), ds_argv, workdir, ok=(0, 1))
            k = dossier_counts("%s %s: dossier-index touched re-run"
                               % (name, tag), r["ds_touch"])
            r["ds_touch"].update(k)
            _, rev = delve(ds_db)
            if rev == ds_rev:
                die("%s %s: dossier-index saw no change after the touch "
                    "(database revision still %d)" % (name, tag, rev))
            if k["added"] or k["deleted"] or k["failed"]:
                warn("%s %s: dossier-index touched re-run: %d added, %d "
                     "deleted, %d failed" % (name, tag, k["added"],
                                             k["deleted"], k["failed"]))
            # 4. another 10% changed in content (both re-index them)
            changer.change()
            r["om_change"] = run("%s %s: omindex re-run, 10%% changed"
                                 % (name, tag), om_incr, workdir)
            r["ds_change"] = run("%s %s: dossier-index re-run, 10%% changed"
                                 % (name, tag), ds_argv, workdir, ok=(0, 1))
            k = dossier_counts("%s %s: dossier-index changed re-run"
                               % (name, tag), r["ds_change"])
            r["ds_change"].update(k)
            if k["updated"] != len(changer.paths):
                warn("%s %s: dossier-index changed re-run updated %d of "
                     "%d changed files" % (name, tag, k["updated"],
                                           len(changer.paths)))
            say("%s %s: full build floor %.2f s, omindex %.2f s, dossier "
                "%.2f s; no change omindex %.3f s, dossier %.3f s; touched "
                "omindex %.3f s, dossier %.3f s (%d of %d re-indexed)"
                % (name, tag, r["floor"]["wall"], r["om_full"]["wall"],
                   r["ds_full"]["wall"], r["om_none"]["wall"],
                   r["ds_none"]["wall"], r["om_touch"]["wall"],
                   r["ds_touch"]["wall"], r["ds_touch"]["updated"],
                   len(sample)))
            if i > 0:
                for v in r.values():
                    v.pop("out", None)
                    v.pop("err", None)
                recs.append(r)
    finally:
        toucher.restore()
        changer.restore()
        remove_db(om_db)
        remove_db(ds_db)
    return recs


# --- reporting -------------------------------------------------------------

def f(x):
    if x >= 100:
        return "%.0f" % x
    if x >= 10:
        return "%.1f" % x
    if x >= 1:
        return "%.2f" % x
    return "%.3f" % x


def fr(x):
    return "%.2f" % x


def cell(xs, bold=False, fmt=f):
    m = fmt(statistics.median(xs))
    if bold:
        m = "**%s**" % m
    if len(xs) == 1:
        return m
    return "%s (%s-%s)" % (m, fmt(min(xs)), fmt(max(xs)))


def col(recs, key, field):
    return [r[key][field] for r in recs]


def machine_info(bins):
    try:
        ncpu = len(os.sched_getaffinity(0))
    except AttributeError:
        ncpu = os.cpu_count()
    model = "?"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
            mem = "%.0f GiB" % (kb / 1048576.0)
    except (OSError, ValueError, IndexError):
        pass
    p = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}\\n",
                        "libxapian30", "xapian-omega", "xapian-tools",
                        "libxml2"], capture_output=True, text=True)
    pkgs = "; ".join(p.stdout.split("\n")[:-1]) or "dpkg-query failed"
    p = subprocess.run([bins["dossier"], "--version"], capture_output=True,
                       text=True)
    version = (p.stdout.strip().splitlines() or ["?"])[0]
    srcdir = os.path.dirname(os.path.abspath(bins["dossier"]))
    p = subprocess.run(["git", "-C", srcdir, "describe", "--always",
                        "--dirty"], capture_output=True, text=True)
    commit = p.stdout.strip() or "not a git checkout"
    print("- Machine: nproc = %d, CPU \"%s\", %s RAM, kernel %s, %s"
          % (ncpu, model, mem, os.uname().release,
             time.strftime("%Y-%m-%d %H:%M:%S %Z")))
    print("- Packages: %s" % pkgs)
    print("- dossier-index: %s (%s), commit %s"
          % (bins["dossier"], version, commit))


def report(corpora, args):
    runs = args.runs
    print()
    print("Runs: %d, interleaved, after one warm-up; median (min-max). Wall and "
          "CPU seconds are whole-process figures (CPU = user + sys, worker "
          "processes included), peak RSS is the largest process's, index "
          "size is the sum of the file sizes in the database directory "
          "(MiB = 2^20 B)." % runs)
    print()
    print("Full build:")
    print()
    print("| corpus | files | MB | what | wall s | cpu s | peak RSS MiB | "
          "index MiB | docs | docs/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for c in corpora:
        recs = c["recs"]
        head = "| %s | %d | %.1f " % (c["name"], len(c["paths"]),
                                      c["size"] / 1e6)
        for label, key in (("omindex", "om_full"),
                           ("dossier-index", "ds_full")):
            dps = [r[key]["docs"] / r[key]["wall"] for r in recs]
            print(head + "| %s | %s | %s | %.0f | %.1f | %d | %s |" % (
                label, cell(col(recs, key, "wall"), True),
                cell(col(recs, key, "cpu")),
                statistics.median(col(recs, key, "rss")),
                statistics.median(col(recs, key, "size")),
                statistics.median(col(recs, key, "docs")), cell(dps, True)))
        print(head + "| parse floor%s | %s | %s | %.0f | - | - | - |" % (
            " (-x)" if c["xml"] else "",
            cell(col(recs, "floor", "wall"), True),
            cell(col(recs, "floor", "cpu")),
            statistics.median(col(recs, "floor", "rss"))))
        if "xfloor" in recs[0]:
            n = len(c["paths"])
            print(head + "| Xapian floor (one thread) | %s | %s | %.0f | - "
                  "| - | %s |" % (
                      cell(col(recs, "xfloor", "wall"), True),
                      cell(col(recs, "xfloor", "cpu")),
                      statistics.median(col(recs, "xfloor", "rss")),
                      cell([n / r["xfloor"]["wall"] for r in recs], True)))
    print()
    print("Re-run, nothing changed:")
    print()
    print("| corpus | what | wall s | cpu s | peak RSS MiB |")
    print("|---|---|---|---|---|")
    for c in corpora:
        recs = c["recs"]
        for label, key in (("omindex", "om_none"),
                           ("dossier-index", "ds_none")):
            print("| %s | %s | %s | %s | %.1f |" % (
                c["name"], label, cell(col(recs, key, "wall"), True),
                cell(col(recs, key, "cpu")),
                statistics.median(col(recs, key, "rss"))))
    print()
    print("Re-run after touching 10% of the files (every 10th in sorted "
          "order, mtime moved forward):")
    print()
    print("| corpus | what | touched | re-indexed | wall s | cpu s | "
          "peak RSS MiB | changed docs/s |")
    print("|---|---|---|---|---|---|---|---|")
    for c in corpora:
        recs, t = c["recs"], c["touched"]
        for label, key in (("omindex", "om_touch"),
                           ("dossier-index", "ds_touch")):
            if key == "ds_touch":
                upd = col(recs, key, "updated")
                reidx = "%d" % statistics.median(upd) if min(upd) == max(upd) \
                    else "%d-%d" % (min(upd), max(upd))
            else:
                reidx = "%d" % t
            print("| %s | %s | %d | %s | %s | %s | %.1f | %s |" % (
                c["name"], label, t, reidx,
                cell(col(recs, key, "wall"), True),
                cell(col(recs, key, "cpu")),
                statistics.median(col(recs, key, "rss")),
                cell([t / r[key]["wall"] for r in recs], True)))
    print()
    print("Re-run after changing the content of another 10% (every 10th "
          "from the 6th; a comment appended, so both engines re-index "
          "them):")
    print()
    print("| corpus | what | changed | wall s | cpu s | peak RSS MiB | "
          "changed docs/s |")
    print("|---|---|---|---|---|---|---|")
    for c in corpora:
        recs, t = c["recs"], c["changed"]
        for label, key in (("omindex", "om_change"),
                           ("dossier-index", "ds_change")):
            print("| %s | %s | %d | %s | %s | %.1f | %s |" % (
                c["name"], label, t, cell(col(recs, key, "wall"), True),
                cell(col(recs, key, "cpu")),
                statistics.median(col(recs, key, "rss")),
                cell([t / r[key]["wall"] for r in recs], True)))
    print()
    print("Paired ratios (median of the run-by-run ratios, min-max):")
    print()
    print("| corpus | dossier/omindex docs/s, full build | "
          "dossier/floor wall, full build | dossier/omindex wall, no change | "
          "dossier/omindex index size | dossier/omindex wall, 10% touched | "
          "dossier/omindex wall, 10% changed | "
          "dossier/omindex cpu, full build |")
    print("|---|---|---|---|---|---|---|---|")
    for c in corpora:
        recs = c["recs"]

        def ratio(fn):
            return cell([fn(r) for r in recs], True, fr)
        print("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            c["name"],
            ratio(lambda r: (r["ds_full"]["docs"] / r["ds_full"]["wall"]) /
                  (r["om_full"]["docs"] / r["om_full"]["wall"])),
            ratio(lambda r: r["ds_full"]["wall"] / r["floor"]["wall"]),
            ratio(lambda r: r["ds_none"]["wall"] / r["om_none"]["wall"]),
            ratio(lambda r: r["ds_full"]["size"] / r["om_full"]["size"]),
            ratio(lambda r: r["ds_touch"]["wall"] / r["om_touch"]["wall"]),
            ratio(lambda r: r["ds_change"]["wall"] / r["om_change"]["wall"]),
            ratio(lambda r: r["ds_full"]["cpu"] / r["om_full"]["cpu"])))
    print()
    print("Notes:")
    for c in corpora:
        recs, t = c["recs"], c["touched"]
        sp = statistics.median(col(recs, "ds_full", "spelling"))
        print("- %s: the Dossier database includes its spelling table "
              "(%.1f MiB); omindex runs without -S, so it builds none."
              % (c["name"], sp))
        upd = statistics.median(col(recs, "ds_touch", "updated"))
        if upd < t:
            print("- %s, 10%% touched: dossier-index re-extracted %d of the "
                  "%d touched files; for the other %d the content hash matched, "
                  "so it only read and hashed them and recorded the new "
                  "mtime, while omindex re-indexes every file whose mtime "
                  "moved. These figures are not like for like; \"changed "
                  "docs/s\" is touched files / wall for both."
                  % (c["name"], upd, t, t - upd))
        if c["xml"]:
            print("- %s: omindex has no XML handler; it runs with "
                  "-Mxml:text/html (its HTML parser, tags stripped)."
                  % c["name"])
    for m in dict.fromkeys(notes):
        print("- warning: " + m)


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--dossier-index", required=True, metavar="PATH")
    ap.add_argument("--floor-src", default=DEFAULT_FLOOR, metavar="PATH",
                    help="parse-floor.c (default: %(default)s)")
    ap.add_argument("--work", metavar="DIR",
                    help="corpora and databases go here (default: a "
                    "temporary directory, removed at the end)")
    ap.add_argument("--runs", type=int, default=3,
                    help="measured runs of each step (default: 3)")
    ap.add_argument("--corpus", choices=("html", "canada", "both"),
                    default="both")
    ap.add_argument("--extra", default="", metavar="ARGS",
                    help="extra dossier-index options, shell-split (write "
                    "--extra=ARGS if ARGS is one word starting with -)")
    ap.add_argument("--jobs", type=int, metavar="N",
                    help="passed to dossier-index as --jobs N")
    ap.add_argument("--xapian-floor", metavar="PATH",
                    help="also time bench/xapian-floor (make "
                    "bench/xapian-floor in the build tree): Xapian alone "
                    "writing the same index on one core, from the "
                    "documents dossier-index --extract-only prints")
    ap.add_argument("--html-dir", metavar="DIR",
                    help="use this HTML corpus instead of "
                    "WORK/debian/corpus/html")
    ap.add_argument("--canada-dir", metavar="DIR",
                    help="use this Canada corpus instead of WORK/canada")
    ap.add_argument("--make-corpus", metavar="PATH",
                    default=os.path.join(ANCHORS, "make-corpus.sh"),
                    help="the HTML corpus recipe (default: %(default)s)")
    ap.add_argument("--canada-tar", metavar="PATH",
                    default=DEFAULT_CANADA_TAR,
                    help="the Canada corpus (default: %(default)s)")
    args = ap.parse_args()
    if args.runs < 1:
        die("--runs must be at least 1")

    dossier = os.path.abspath(args.dossier_index)
    if not os.access(dossier, os.X_OK):
        die("%s is not an executable (--dossier-index)" % dossier)
    bins = {"dossier": dossier,
            "omindex": need("omindex", "xapian-omega")}
    if args.xapian_floor:
        bins["xfloor"] = os.path.abspath(args.xapian_floor)
        if not os.access(bins["xfloor"], os.X_OK):
            die("%s is not an executable (--xapian-floor)" % bins["xfloor"])
    need("xapian-delve", "xapian-tools")
    need("dpkg-query", "dpkg")

    own_work = args.work is None
    work = os.path.abspath(args.work) if args.work else \
        tempfile.mkdtemp(prefix="dossier-index-bench.")
    os.makedirs(work, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="index-bench.", dir=work)
    dbdir = os.path.join(work, "index-bench-dbs")
    os.makedirs(dbdir, exist_ok=True)
    try:
        global RUNNER
        bins["floor"] = build_floor(os.path.abspath(args.floor_src), scratch)
        RUNNER = build_runner(scratch)
        corpora = []
        if args.corpus in ("html", "both"):
            corpora.append({"name": "html", "xml": False,
                            "root": html_corpus(args, work)})
        if args.corpus in ("canada", "both"):
            corpora.append({"name": "canada", "xml": True,
                            "root": canada_corpus(args, work)})
        for c in corpora:
            c["paths"], c["listing"], c["size"] = file_list(
                c["root"], c["xml"], scratch, c["name"])
            commands(c, args, bins, dbdir)
            if "xfloor" in bins:
                c["jsonl"] = os.path.join(scratch, c["name"] + ".jsonl")
                say("%s: extracting the documents for the Xapian floor "
                    "(not timed)" % c["name"])
                with open(c["listing"], "rb") as inp, \
                        open(c["jsonl"], "wb") as out:
                    subprocess.run([bins["dossier"], "--extract-only", "-0",
                                    "-"], stdin=inp, stdout=out,
                                   stderr=subprocess.DEVNULL)
                c["xf_db"] = os.path.join(dbdir, c["name"] + "-xfloor")
                c["xf_argv"] = [bins["xfloor"], c["xf_db"]]
                c["commands"]["Xapian floor (one thread)"] = \
                    "%s DB < %s" % (bins["xfloor"], c["jsonl"])

        print("## Indexing: dossier-index against omindex and the parse "
              "floor")
        print()
        machine_info(bins)
        for c in corpora:
            print("- Corpus %s: %s, %d files, %d bytes"
                  % (c["name"], c["root"], len(c["paths"]), c["size"]))
        print()
        print("Commands (LIST: the corpus's files, sorted, NUL-separated):")
        print()
        for c in corpora:
            for what, cmd in c["commands"].items():
                print("    # %s, %s" % (c["name"], what))
                print("    " + cmd)
        sys.stdout.flush()

        for c in corpora:
            c["recs"] = measure_corpus(c, args, scratch)
        report(corpora, args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(dbdir, ignore_errors=True)
        if own_work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
