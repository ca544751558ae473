# SPDX-License-Identifier: GPL-2.0-or-later
# web.sh: what the tests of dossier.cgi share (e2e-cgi.sh,
# e2e-lighttpd.sh, e2e-browser.sh).  Source it after tap.sh and
# make_scratch.
#
# Reading responses: tests/cgi_check.py writes a description of one as
# JSON into $scratch/desc; `j EXPR` evaluates a Python expression on it
# (as d) and `is DESCRIPTION EXPR WANT` is one test that it prints WANT.
#
# Databases: `web_index_corpus DB` and `web_index_hostile DB`.
#
# A web server: `httpd_start CONF` runs lighttpd on 127.0.0.1 with
# dossier.cgi as a CGI under /cgi-bin/ and as FastCGI under /search, as
# in doc/lighttpd.conf, DOSSIER_CONFIG=CONF for both, and sets $base; it
# skips the test when lighttpd is not installed and stops the server
# when the test exits.

# web_index_corpus DB: corpus/ indexed into DB, with the public bodies.
web_index_corpus() {
	"$top_builddir/dossier-index" -q \
		--synonyms "$top_srcdir/data/public-bodies.tsv" \
		--db "$1" "$top_srcdir/corpus" >"$scratch/index.out" 2>&1
	[ -d "$1" ] || bail_out "indexing corpus/ failed"
}

# web_index_hostile DB: hostile documents indexed into DB: some of
# ../shared/badinputs (when there) and one made here, whose title, heading
# id, link and text each try to run window.__pwned=1 (the words CANARYWORD,
# alert, script and heading find it).
web_index_hostile() {
	mkdir -p "$scratch/hostile"
	for f in xss-content.html script-style.html long-word.html \
		invalid-utf8.html nul.html; do
		[ -f "$top_srcdir/../shared/badinputs/$f" ] &&
			cp "$top_srcdir/../shared/badinputs/$f" "$scratch/hostile/"
	done
	printf '<html><head><title>&lt;script&gt;window.__pwned=1&lt;/script&gt; CANARYWORD</title></head><body><h1 id="x&quot; onmouseover=&quot;window.__pwned=1">Heading</h1><p>CANARYWORD alert script <a href="javascript:window.__pwned=1">x</a> &lt;img src=x onerror=window.__pwned=1&gt;</p></body></html>\n' \
		>"$scratch/hostile/made.html"
	"$top_builddir/dossier-index" -q --no-synonyms --db "$1" \
		"$scratch/hostile" >"$scratch/index-hostile.out" 2>&1
}

j() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$scratch/desc" "$1" 2>/dev/null
}

is() {
	equals "$1" "$3" "$(j "$2")"
}

httpd_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# httpd_wait PORT WHAT: until something listens on 127.0.0.1:PORT.
httpd_wait() {
	i=0
	until python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 150 ] || return 1
		sleep 0.1
	done
}

httpd_start() {
	lighttpd=$(command -v lighttpd || echo /usr/sbin/lighttpd)
	[ -x "$lighttpd" ] || skip_all "lighttpd is not installed (apt-get install lighttpd)"
	mkdir -p "$scratch/www" "$scratch/cgi-bin"
	ln -sf "$top_builddir/dossier.cgi" "$scratch/cgi-bin/dossier.cgi"
	[ -f "$top_srcdir/data/dossier.css" ] &&
		cp "$top_srcdir/data/dossier.css" "$scratch/www/"
	port=$(httpd_free_port)
	cat >"$scratch/lighttpd.conf" <<EOC
server.modules = ("mod_alias", "mod_setenv", "mod_cgi", "mod_fastcgi")
server.document-root = "$scratch/www"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$scratch/lighttpd-error.log"
mimetype.assign = (".css" => "text/css; charset=utf-8")
alias.url = ("/cgi-bin/" => "$scratch/cgi-bin/")
\$HTTP["url"] =~ "^/cgi-bin/" {
	cgi.assign = ("" => "")
	setenv.add-environment = ("DOSSIER_CONFIG" => "$1")
}
fastcgi.server = ("/search" => ((
	"socket" => "$scratch/fcgi.sock",
	"bin-path" => "$top_builddir/dossier.cgi",
	"bin-environment" => ("DOSSIER_CONFIG" => "$1"),
	"max-procs" => 1,
	"check-local" => "disable"
)))
EOC
	"$lighttpd" -tt -f "$scratch/lighttpd.conf" >"$scratch/lighttpd-test.out" 2>&1 ||
		bail_out "lighttpd rejects the configuration: $(cat "$scratch/lighttpd-test.out")"
	"$lighttpd" -D -f "$scratch/lighttpd.conf" >"$scratch/lighttpd.out" 2>&1 &
	httpd_pid=$!
	trap 'httpd_stop; rm -rf "$scratch"' EXIT
	httpd_wait "$port" ||
		bail_out "lighttpd did not start: $(cat "$scratch/lighttpd.out" "$scratch/lighttpd-error.log" 2>/dev/null)"
	base="http://127.0.0.1:$port"
}

# Stop the server (and anything else the test registered in $httpd_also).
httpd_stop() {
	for p in $httpd_pid ${httpd_also:-}; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	httpd_pid=
	httpd_also=
}
