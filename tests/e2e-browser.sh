#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# End to end in a real browser: Debian's headless chromium, driven by
# chromedriver (W3C WebDriver, from tests/browser_check.py with nothing
# but Python's standard library), on dossier.cgi's page served by
# lighttpd over an index of corpus/ (and one of hostile documents as
# db=xss).  Types a query into the box and submits it, follows a facet
# and the next page, saves a screenshot (tests/browser-screenshot.png in
# the build tree), and loads the pages of hostile requests and documents:
# no script may run and no injected element or event attribute may exist.
# Skips when chromium or chromedriver is not installed.

. "$top_srcdir/tests/tap.sh"

corpus="$top_srcdir/corpus"
chromium=$(command -v chromium || echo /usr/bin/chromium)
chromedriver=$(command -v chromedriver || echo /usr/bin/chromedriver)
[ -x "$chromium" ] && [ -x "$chromedriver" ] ||
	skip_all "chromium and chromium-driver are not installed"
[ -f "$corpus/MANIFEST.tsv" ] || skip_all "corpus/ is not there"
command -v python3 >/dev/null || skip_all "python3 is needed"
make_scratch
. "$top_srcdir/tests/web.sh"

web_index_corpus "$scratch/db"
web_index_hostile "$scratch/xssdb"

conf="$scratch/dossier.conf"
cat >"$conf" <<EOC
[site]
name = Browser Test Library
stylesheet = /dossier.css

[db default]
path = $scratch/db

[db xss]
path = $scratch/xssdb
EOC
httpd_start "$conf"

dport=$(httpd_free_port)
"$chromedriver" --port="$dport" >"$scratch/chromedriver.log" 2>&1 &
httpd_also=$!
httpd_wait "$dport" || bail_out "chromedriver did not start: $(cat "$scratch/chromedriver.log")"

python3 "$top_srcdir/tests/browser_check.py" "http://127.0.0.1:$dport" \
	"$base/cgi-bin/dossier.cgi" "$top_builddir/tests/browser-screenshot.png" \
	>"$scratch/browser.out" 2>"$scratch/browser.err"
while IFS= read -r line; do
	name=$(printf '%s' "$line" | python3 -c 'import json, sys; print(json.load(sys.stdin)["name"])')
	if printf '%s' "$line" | python3 -c 'import json, sys; sys.exit(0 if json.load(sys.stdin)["ok"] else 1)'; then
		ok "$name"
	else
		not_ok "$name" "$(printf '%s' "$line" | python3 -c 'import json, sys; print(json.load(sys.stdin)["diag"])')"
	fi
done <"$scratch/browser.out"
[ -s "$scratch/browser.out" ] || not_ok "the browser check ran" "$(tail -20 "$scratch/browser.err")"

done_testing
