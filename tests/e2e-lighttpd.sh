#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end behind a real web server: lighttpd (Debian's) on 127.0.0.1
# runs dossier.cgi as a CGI (mod_cgi) and as a FastCGI responder
# (mod_fastcgi, the process started and kept by lighttpd), with the
# configuration's path set by the server's configuration, as in
# doc/lighttpd.conf.  Checks the page, JSON, Atom and OpenSearch over
# HTTP, the status and headers of bad requests, that the FastCGI process
# answers many requests, and that it sees a document committed by
# dossier-index after it started (it refreshes the database before each
# request), and that it gives a kept answer again while the database
# stays at one revision, and only then.  Skips when lighttpd is not
# installed.

. "$top_srcdir/tests/tap.sh"

corpus="$top_srcdir/corpus"
index="$top_builddir/dossier-index"
cgi="$top_builddir/dossier.cgi"
check_py="$top_srcdir/tests/cgi_check.py"
[ -f "$corpus/MANIFEST.tsv" ] || skip_all "corpus/ is not there"
command -v python3 >/dev/null || skip_all "python3 is needed"
make_scratch
. "$top_srcdir/tests/web.sh"

web_index_corpus "$scratch/db"
mkdir -p "$scratch/extra"

conf="$scratch/dossier.conf"
cat >"$conf" <<EOF
[site]
name = Test Library
stylesheet = /dossier.css

[db default]
path = $scratch/db
EOF

httpd_start "$conf"

# get PATH?QUERY: fetch it; cgi_check's description in $scratch/desc.
get() {
	python3 "$check_py" http "$base$1" >"$scratch/desc" 2>"$scratch/get.err"
}

for front in /cgi-bin/dossier.cgi /search; do
	case $front in /search) how=FastCGI ;; *) how=CGI ;; esac
	get "$front?q=consultation+periods"
	is "$how: a search is 200" "d['status']" 200
	is "$how: an HTML page with matches marked" \
		"d['kind'] == 'html' and d['marks'] > 0 and d['unsafe'] == []" True
	is "$how: nosniff" "d['headers'].get('x-content-type-options')" nosniff
	is "$how: a Content-Security-Policy" \
		"\"default-src 'none'\" in d['headers'].get('content-security-policy', '')" True
	get "$front?q=consultation&fmt=json"
	is "$how: JSON" "d['kind'] == 'json' and len(d['json']['hits']) > 0" True
	get "$front?q=consultation&fmt=atom"
	is "$how: Atom" "d['root']" "{http://www.w3.org/2005/Atom}feed"
	get "$front?fmt=opensearch"
	is "$how: OpenSearch" "d['root']" \
		"{http://a9.com/-/spec/opensearch/1.1/}OpenSearchDescription"
	get "$front?q=a&fmt=%3Cscript%3E"
	is "$how: a bad parameter is 400" "d['status']" 400
	is "$how: and not echoed" "d['unsafe'] == [] and '<script>' not in d.get('text', '')" True
	# lighttpd normalises the URL first (%ZZ becomes %25ZZ, a literal
	# "%ZZ"): either that or a 400 is safe.
	get "$front?q=a%ZZ"
	is "$how: bad percent-encoding is 400, or the literal text" \
		"d['status'] == 400 or (d['status'] == 200 and 'a%ZZ' in d['text'])" True
done

if [ -f "$scratch/www/dossier.css" ]; then
	python3 -c "import urllib.request; r = urllib.request.urlopen('$base/dossier.css'); assert r.status == 200" 2>/dev/null
	check "the stylesheet the page links to is served" test $? -eq 0
fi

# The FastCGI process answers request after request...
n=0
for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	get "/search?q=audit&page=$(( (k % 3) + 1 ))"
	[ "$(j "d['status']")" = 200 ] && n=$((n + 1))
done
equals "FastCGI: 20 requests in a row, all answered" 20 "$n"

# It keeps the answers it gave.  A feed without entries is dated when it
# is made, so the same feed a second later shows whether it was made
# again: under FastCGI it is the one kept; a CGI makes it afresh.
body() {
	python3 -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' "$base$1"
}
differ() { ! cmp -s "$1" "$2"; }
for front in /search /cgi-bin/dossier.cgi; do
	body "$front?q=nodocumenthasthisword&fmt=atom" >"$scratch/feed1"
	sleep 1.2
	body "$front?q=nodocumenthasthisword&fmt=atom" >"$scratch/feed2"
	body "$front?q=nodocumenthasthisword&fmt=atom&page=2" >"$scratch/feed3"
	if [ $front = /search ]; then
		check "FastCGI: a kept answer given again" cmp -s "$scratch/feed1" "$scratch/feed2"
	else
		check "CGI: every answer made afresh" differ "$scratch/feed1" "$scratch/feed2"
	fi
	check "$front: another page is another answer" differ "$scratch/feed1" "$scratch/feed3"
done
# Parameters spelt another way are the same request.
get "/search?q=audit&fmt=json&n=5"
first=$(j "[h['id'] for h in d['json']['hits']]")
get "/search?fmt=json&q=audit&page=1&n=5&sort=relevance"
equals "FastCGI: the same request spelt another way, the same hits" "$first" \
	"$(j "[h['id'] for h in d['json']['hits']]")"
get "/search?fmt=json&q=audit&n=5&sort=date"
check "FastCGI: sorted by date is another answer" \
	test "$first" != "$(j "[h['id'] for h in d['json']['hits']]")"

# ...and sees what dossier-index commits after it started, though it
# gave the answer before: the kept one is for the old revision.
get "/search?q=zyzzogetonword&fmt=json"
equals "FastCGI: a word no document has yet" 0 "$(j "len(d['json']['hits'])")"
printf '<html><head><title>New report</title></head><body><p>The zyzzogetonword appears.</p></body></html>\n' \
	>"$scratch/extra/new.html"
"$index" -q --synonyms "$top_srcdir/data/public-bodies.tsv" --db "$scratch/db" "$corpus" "$scratch/extra" \
	>"$scratch/index2.out" 2>&1
get "/search?q=zyzzogetonword&fmt=json"
equals "FastCGI: found once indexed, without a restart" 1 "$(j "len(d['json']['hits'])")"
get "/cgi-bin/dossier.cgi?q=zyzzogetonword&fmt=json"
equals "CGI: found too" 1 "$(j "len(d['json']['hits'])")"

lacks "lighttpd logged no errors from dossier.cgi" "$scratch/lighttpd-error.log" \
	"dossier.cgi: .*(failed|error)"

# After max_requests answers a FastCGI process starts afresh (execve,
# keeping its socket): what it kept is gone, and no request is lost on
# the way.  The feed without entries shows it, as above.
httpd_stop
cat >"$scratch/recycle.conf" <<EOF
[limits]
max_requests = 3

[db default]
path = $scratch/db
EOF
httpd_start "$scratch/recycle.conf"
pid1=$(ps -o pid= --ppid "$httpd_pid" | tr -d ' ')
body "/search?q=nodocumenthasthisword&fmt=atom" >"$scratch/r1"	# 1: made
sleep 1.2
body "/search?q=nodocumenthasthisword&fmt=atom" >"$scratch/r2"	# 2: kept
get "/search?q=audit"						# 3: then afresh
body "/search?q=nodocumenthasthisword&fmt=atom" >"$scratch/r3"	# made again
check "FastCGI, max_requests = 3: kept while the process lives" \
	cmp -s "$scratch/r1" "$scratch/r2"
check "FastCGI, max_requests = 3: made again after it started afresh" \
	differ "$scratch/r1" "$scratch/r3"
n=0
for k in 1 2 3 4 5 6 7 8 9 10; do
	get "/search?q=audit&page=$(( (k % 4) + 1 ))"
	[ "$(j "d['status']")" = 200 ] && n=$((n + 1))
done
equals "FastCGI, max_requests = 3: 10 more requests, all answered" 10 "$n"
equals "FastCGI, max_requests = 3: by the same process, started afresh" \
	"$pid1" "$(ps -o pid= --ppid "$httpd_pid" | tr -d ' ')"
lacks "...which logged no failure to start afresh" "$scratch/lighttpd-error.log" \
	"cannot start afresh"

done_testing
