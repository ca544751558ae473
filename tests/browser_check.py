# SPDX-License-Identifier: GPL-2.0-or-later
"""dossier.cgi's page in a real browser, for tests/e2e-browser.sh.

    python3 browser_check.py DRIVER_URL SITE_URL SCREENSHOT

Drives Debian's headless chromium through chromedriver's W3C WebDriver
protocol (plain HTTP and JSON: no client library needed): opens the
search page, types a query into the box and submits it, follows a facet
link and then the next page, saves a screenshot of the results, and loads
pages of hostile requests and documents, checking that no script ran
(window.__pwned is never set, no alert is open) and that no injected
element or event attribute exists.  Prints one JSON object a line:
{"name": ..., "ok": true|false, "diag": ...}; the shell turns them into
TAP.
"""

import base64
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


class Driver:
    def __init__(self, url):
        self.url = url.rstrip("/")
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1100,900",
                         "--no-first-run", "--disable-extensions"]}}}}
        self.sid = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data,
                                     method=method)
        req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.loads(r.read())["value"]
        except urllib.error.HTTPError as e:
            value = json.loads(e.read() or b"{}").get("value", {})
            raise WebDriverError(value.get("error", str(e.code)),
                                 value.get("message", ""))

    def s(self, method, path, body=None):
        return self.call(method, "/session/%s%s" % (self.sid, path), body)

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def find(self, css):
        return self.s("POST", "/element",
                      {"using": "css selector", "value": css})[ELEMENT]

    def find_all(self, css):
        return [e[ELEMENT] for e in self.s(
            "POST", "/elements", {"using": "css selector", "value": css})]

    def js(self, script, *args):
        return self.s("POST", "/execute/sync",
                      {"script": script, "args": list(args)})

    def alert(self):
        try:
            return self.s("GET", "/alert/text")
        except WebDriverError as e:
            if e.error == "no such alert":
                return None
            raise

    def quit(self):
        try:
            self.s("DELETE", "")
        except Exception:
            pass


class WebDriverError(Exception):
    def __init__(self, error, message):
        super().__init__("%s: %s" % (error, message[:300]))
        self.error = error


results = []


def report(name, ok, diag=""):
    results.append(name)
    print(json.dumps({"name": name, "ok": bool(ok), "diag": str(diag)}),
          flush=True)


def wait_for(d, fn, seconds=15):
    end = time.time() + seconds
    while True:
        try:
            v = fn()
            if v:
                return v
        except WebDriverError:
            pass
        if time.time() > end:
            return None
        time.sleep(0.1)


SAFETY = """
const bad = [];
if (window.__pwned !== undefined) bad.push('window.__pwned was set');
for (const e of document.querySelectorAll('*')) {
  const t = e.tagName.toLowerCase();
  if (['script', 'img', 'svg', 'iframe', 'object', 'embed', 'video',
       'audio', 'math', 'base'].includes(t))
    bad.push('element ' + t);
  for (const a of e.attributes) {
    if (a.name.startsWith('on')) bad.push(a.name + ' on ' + t);
    if (['href', 'src', 'action', 'formaction'].includes(a.name) &&
        /^\\s*(javascript|data|vbscript):/i.test(a.value))
      bad.push(a.name + '=' + a.value.slice(0, 40));
  }
}
return bad;
"""


def safe(d, name):
    a = d.alert()
    if a is not None:
        report(name, False, "an alert is open: %r" % a)
        d.s("POST", "/alert/dismiss", {})
        return
    bad = d.js(SAFETY)
    report(name, not bad, "; ".join(bad))


def main():
    driver_url, site, shot = sys.argv[1], sys.argv[2], sys.argv[3]
    d = Driver(driver_url)
    try:
        # The empty page: a labelled box, typed into and submitted.
        d.go(site)
        box = d.find("input[name=q]")
        label = d.js("const i = arguments[0];"
                     "return !!(i.labels && i.labels.length) ||"
                     " !!i.getAttribute('aria-label');",
                     {ELEMENT: box})
        report("the search box has a label", label)
        d.s("POST", "/element/%s/value" % box,
            {"text": "consultation periods"})
        submit = d.find("form button[type=submit], form input[type=submit]")
        d.s("POST", "/element/%s/click" % submit, {})
        hits = wait_for(d, lambda: d.find_all("main ol li"))
        report("submitting the query shows results", hits,
               d.s("GET", "/url"))
        marks = d.find_all("main mark")
        report("with the words marked", marks)
        url = d.s("GET", "/url")
        report("the query is in the address", "q=consultation" in url, url)
        safe(d, "the results page is clean")

        # A facet, then the next page.
        facets = d.find_all("a[href*='f=']")
        report("there are facet links", facets)
        if facets:
            href = d.js("return arguments[0].getAttribute('href')",
                        {ELEMENT: facets[0]})
            d.s("POST", "/element/%s/click" % facets[0], {})
            ok = wait_for(d, lambda: "f=" in d.s("GET", "/url"))
            report("following a facet filters the results", ok,
                   "%s -> %s" % (href, d.s("GET", "/url")))
            report("the filtered page still has results or says none",
                   d.find_all("main ol li") or d.find_all("main"))
        d.go(site + "?q=government")
        nxt = d.find_all("a[href*='page=2']")
        report("a long result list has a link to page 2", nxt)
        if nxt:
            d.s("POST", "/element/%s/click" % nxt[0], {})
            ok = wait_for(d, lambda: "page=2" in d.s("GET", "/url"))
            report("following it shows page 2", ok and d.find_all(
                "main ol li"), d.s("GET", "/url"))
        d.go(site + "?q=consultation+periods")
        wait_for(d, lambda: d.find_all("main ol li"))
        png = base64.b64decode(d.s("GET", "/screenshot"))
        with open(shot, "wb") as f:
            f.write(png)
        report("a screenshot of the results is saved",
               png[:8] == b"\x89PNG\r\n\x1a\n", shot)

        # Hostile requests and documents: nothing runs.
        payloads = [
            "<script>window.__pwned=1</script>",
            "\"><img src=x onerror=\"window.__pwned=1\">",
            "' onmouseover='window.__pwned=1",
            "<svg/onload=window.__pwned=1>",
            "javascript:window.__pwned=1",
            "</mark><script>window.__pwned=1</script>",
        ]
        for p in payloads:
            d.go(site + "?" + urllib.parse.urlencode({"q": p}))
            safe(d, "no script runs for q=%s" % p)
        for qs in ["q=CANARYWORD&db=xss", "q=alert&db=xss",
                   "q=script&db=xss", "q=heading&db=xss",
                   "q=a&fmt=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
                   "q=a&page=%3Cscript%3E"]:
            d.go(site + "?" + qs)
            safe(d, "no script runs for %s" % qs)
    finally:
        d.quit()


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # one failing line rather than a traceback
        report("the browser session", False, repr(e))
