#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end: dossier.cgi run as a CGI (RFC 3875: the request in the
# environment, the response on standard output) over an index of corpus/
# and one of the hostile documents of ../shared/badinputs.  Checks the
# page, JSON, Atom and OpenSearch answers, the status of every kind of
# bad request (400, 405, 414, 500, 503 with Retry-After), the fixed
# headers, HEAD, and that no line of badinputs/cgi-queries.txt and no
# hostile document gets anything executable into the page (no script
# element, no on* attribute, no javascript: link, no element a Dossier
# page doesn't have, no header outside the fixed set), each in bounded
# time.  tests/cgi_check.py reads the responses, tests/web.sh holds the helpers.

. "$top_srcdir/tests/tap.sh"

corpus="$top_srcdir/corpus"
bad="$top_srcdir/../shared/badinputs"
cgi="$top_builddir/dossier.cgi"
check_py="$top_srcdir/tests/cgi_check.py"
[ -f "$corpus/MANIFEST.tsv" ] || skip_all "corpus/ is not there"
command -v python3 >/dev/null || skip_all "python3 is needed to read the responses"
make_scratch
. "$top_srcdir/tests/web.sh"

web_index_corpus "$scratch/db"
web_index_hostile "$scratch/xssdb"

conf="$scratch/dossier.conf"
cat >"$conf" <<EOF
[site]
name = Example Policy Library <&>

[db default]
path = $scratch/db

[db xss]
path = $scratch/xssdb

[db gone]
path = $scratch/no-such-index
EOF

# cgi QUERY_STRING [METHOD]: run the CGI; the raw response in $scratch/resp,
# cgi_check's description in $scratch/desc.
cgi() {
	env -i PATH="$PATH" DOSSIER_CONFIG="${CONF:-$conf}" \
		REQUEST_METHOD="${2:-GET}" QUERY_STRING="$1" \
		SCRIPT_NAME=/cgi-bin/dossier.cgi SERVER_PROTOCOL=HTTP/1.1 \
		timeout 20 "$cgi" >"$scratch/resp" 2>"$scratch/err"
	cgi_rc=$?
	python3 "$check_py" response "$scratch/resp" >"$scratch/desc" 2>&1
}

# ---- answers --------------------------------------------------------------------------

cgi "q=consultation+periods"
is "a search is 200" "d['status']" 200
is "an HTML page" "d['kind']" html
is "that starts with its doctype" "d['doctype']" True
is "with matches marked" "d['marks'] > 0" True
is "and results in a list" "d['elements'].get('li', 0) >= 10" True
is "and nothing unsafe" "d['unsafe']" "[]"
is "the site's name is text, escaped" "'Example Policy Library <&>' in d['text']" True
is "the headers say nosniff" "d['headers'].get('x-content-type-options')" nosniff
is "and a Content-Security-Policy with no script" \
	"\"script-src\" not in d['headers']['content-security-policy'] and \"default-src 'none'\" in d['headers']['content-security-policy']" True
is "and UTF-8 HTML" "d['headers']['content-type']" "text/html; charset=UTF-8"

cgi "q=DWP"
is "a name of a public body says what else it searched" \
	"'department for work and pensions' in d['text'].lower()" True

cgi ""
is "no query: 200" "d['status']" 200
is "the help page, with the search box" "d['elements'].get('input', 0) >= 1 and d['unsafe'] == []" True

cgi "q=consultation&fmt=json"
is "fmt=json is JSON" "d['kind']" json
is "the CLI's schema: hits and the estimate" \
	"len(d['json']['hits']) > 0 and 'estimated' in d['json']" True

cgi "q=consultation&fmt=atom"
is "fmt=atom is an Atom feed" "d['root']" "{http://www.w3.org/2005/Atom}feed"
is "with entries" "d['children'].count('{http://www.w3.org/2005/Atom}entry') > 0" True

cgi "fmt=opensearch"
is "fmt=opensearch is the description document" "d['root']" \
	"{http://a9.com/-/spec/opensearch/1.1/}OpenSearchDescription"

cgi "q=consultation&page=2&n=5"
is "page 2 of 5 a page" "d['status'] == 200 and d['elements'].get('li', 0) >= 5" True

# ---- refusals -------------------------------------------------------------------------

cgi "q=a&fmt=%3Cscript%3E"
is "an unknown fmt is 400" "d['status']" 400
lacks "and is not echoed" "$scratch/resp" "<script"
cgi "q=a&page=abc"
is "a page that is not a number is 400" "d['status']" 400
cgi "q=a&db=nosuch"
is "an unknown database is 400" "d['status']" 400
cgi "q=a&db=..%2F..%2Fetc"
is "a path for a database is 400" "d['status']" 400
cgi "q=a%ZZ"
is "bad percent-encoding is 400" "d['status']" 400
cgi "q=consultation" POST
is "POST is 405" "d['status']" 405
is "saying what is allowed" "d['headers'].get('allow')" "GET, HEAD"
cgi "q=date%3Ayesterday..tomorrow"
is "a query that can't be read is 400" "d['status']" 400
is "with a page, not a bare error" "d['kind'] == 'html' and d['unsafe'] == []" True
cgi "q=consultation&db=gone"
is "a database that isn't there is 503" "d['status']" 503
is "with Retry-After" "d['headers'].get('retry-after')" 5
if [ -f "$bad/cgi-overlong-query.txt" ]; then
	cgi "$(head -c 100000 "$bad/cgi-overlong-query.txt" | tr -d '\n')"
	is "an overlong QUERY_STRING is 414" "d['status']" 414
fi
CONF="$scratch/none.conf" cgi "q=consultation"
is "no configuration: 500" "d['status']" 500
is "with a fixed message" "'not set up' in d['text']" True
contains "and the reason in the server's log" "$scratch/err" "dossier.cgi: configuration"

# The concurrency cap: with its one slot held (by tests/hold-slot, as a
# request would hold it), a request is turned away with a 503; once the
# holder dies, even by SIGKILL, the slot is free again.
capconf="$scratch/cap.conf"
printf '[limits]\nconcurrency = 1\n\n[db default]\npath = %s\n' "$scratch/db" >"$capconf"
CONF="$capconf" cgi "q=consultation"
is "under the cap: 200" "d['status']" 200
hold="$top_builddir/tests/hold-slot"
"$hold" "$capconf" 1 >"$scratch/hold.out" 2>&1 &
hold_pid=$!
for i in 1 2 3 4 5 6 7 8 9 10; do
	grep -q held "$scratch/hold.out" 2>/dev/null && break
	sleep 0.2
done
contains "the one slot is held" "$scratch/hold.out" "^held"
CONF="$capconf" cgi "q=consultation"
is "the cap full: 503" "d['status']" 503
is "with Retry-After" "d['headers'].get('retry-after')" 5
is "saying the search is busy" "'busy' in d['text']" True
kill -9 "$hold_pid"
wait "$hold_pid" 2>/dev/null
CONF="$capconf" cgi "q=consultation"
is "the holder killed: 200 again" "d['status']" 200
ipcrm -S "$(python3 -c 'import os, sys; st = os.stat(sys.argv[1]); print(hex(((ord("D") & 0xff) << 24) | ((st.st_dev & 0xff) << 16) | (st.st_ino & 0xffff)))' "$capconf")" 2>/dev/null

cgi "q=consultation" HEAD
head_len=$(sed -n '/^\r$/,$p' "$scratch/resp" | tail -n +2 | wc -c)
equals "HEAD has headers and no body" 0 "$head_len"

# ---- hostile requests ------------------------------------------------------------------

if [ -f "$bad/cgi-queries.txt" ]; then
	n=0 failed=""
	grep -v '^#' "$bad/cgi-queries.txt" >"$scratch/queries"
	while IFS= read -r qs; do
		n=$((n + 1))
		# An environment variable holds at most 128 KiB (Linux's
		# MAX_ARG_STRLEN): longer lines are sent cut to 100 kB, still
		# far over the limit, as no web server would pass them whole.
		[ ${#qs} -le 100000 ] || qs=$(printf '%s' "$qs" | head -c 100000)
		cgi "$qs"
		if [ "$cgi_rc" -ne 0 ] ||
			[ "$(j "d['status'] in (200, 400, 414) and d['unsafe'] == []")" != True ] ||
			grep -qi "<script\|<img\|<svg\|<iframe" "$scratch/resp"; then
			failed="$failed
$qs -> exit $cgi_rc: $(head -c 300 "$scratch/desc")"
		fi
	done <"$scratch/queries"
	if [ -z "$failed" ]; then
		ok "all $n requests of cgi-queries.txt: 200 or 400, nothing unsafe"
	else
		not_ok "all $n requests of cgi-queries.txt: 200 or 400, nothing unsafe" "$failed"
	fi
else
	ok "# SKIP ../shared/badinputs is not there"
fi

for qs in "q=CANARYWORD&db=xss" "q=alert&db=xss" "q=script&db=xss" \
	"q=heading&db=xss" "q=CANARYWORD&db=xss&fmt=atom" \
	"q=CANARYWORD&db=xss&fmt=json"; do
	cgi "$qs"
	is "hostile documents, $qs: nothing unsafe" \
		"d['status'] == 200 and d['unsafe'] == []" True
done
cgi "q=CANARYWORD&db=xss"
is "the hostile title shows as text" "'<script>window.__pwned=1</script>' in d['text']" True
is "a javascript: link in a document is no link" \
	"all(not l.lower().startswith('javascript') for l in d['links'])" True

done_testing
