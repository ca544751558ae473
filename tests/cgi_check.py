# SPDX-License-Identifier: GPL-2.0-or-later
"""Reading dossier.cgi's responses the way a browser and a client would,
for tests/e2e-cgi.sh.

    python3 cgi_check.py response FILE          a CGI's raw output
    python3 cgi_check.py http URL OUTFILE       fetch over HTTP into OUTFILE
                                                (status line + headers + body,
                                                in the CGI's own layout)

Each prints one JSON object: the status, the headers (lower-case names),
what the body is (html: the elements found, the text; json; xml root) and
"unsafe": the reasons the body or headers could run something a request
or a document put there (script elements, on* attributes, javascript:
URLs, elements no Dossier page contains, headers outside the fixed set).
"""

import html.parser
import json
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

FIXED_HEADERS = {"status", "content-type", "content-length",
                 "x-content-type-options", "content-security-policy",
                 "referrer-policy", "cache-control", "retry-after", "allow"}
# Headers a web server adds on its own.
SERVER_HEADERS = {"date", "server", "connection", "transfer-encoding",
                  "accept-ranges", "etag", "last-modified",
                  "keep-alive", "vary"}
# Elements a Dossier page may contain (the built-in template and what the
# renderer makes).
PAGE_ELEMENTS = {"html", "head", "meta", "title", "link", "body", "header",
                 "main", "nav", "aside", "footer", "section", "div", "span",
                 "p", "a", "h1", "h2", "h3", "h4", "form", "label", "input",
                 "button", "select", "option", "ol", "ul", "li", "dl", "dt",
                 "dd", "mark", "strong", "em", "small", "time", "code",
                 "br", "abbr", "search", "fieldset", "legend", "cite", "b",
                 "i", "kbd", "q", "pre", "samp", "var", "sub", "sup",
                 "table", "thead", "tbody", "tr", "th", "td", "caption",
                 "hr"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = {}
        self.unsafe = []
        self.text = []
        self.marks = 0
        self.results = 0
        self.links = []
        self.in_ol_results = False

    def handle_starttag(self, tag, attrs):
        self.elements[tag] = self.elements.get(tag, 0) + 1
        if tag not in PAGE_ELEMENTS:
            self.unsafe.append("element <%s>" % tag)
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.unsafe.append("attribute %s on <%s>" % (name, tag))
            if name in ("href", "src", "action", "formaction") and value:
                v = value.strip().lower()
                if v.startswith(("javascript:", "data:", "vbscript:")):
                    self.unsafe.append("%s=%s" % (name, value[:40]))
                if tag == "a" and name == "href":
                    self.links.append(value)
        if tag == "mark":
            self.marks += 1

    def handle_data(self, data):
        self.text.append(data)


def parse_cgi(raw):
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = raw.partition(b"\n\n")
    headers = {}
    for line in head.decode("latin-1").splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            headers.setdefault(k.strip().lower(), v.strip())
    status = int(headers.get("status", "200").split()[0])
    return status, headers, body


def describe(status, headers, body):
    out = {"status": status, "headers": headers, "unsafe": [],
           "length": len(body)}
    for k, v in headers.items():
        if k not in FIXED_HEADERS | SERVER_HEADERS:
            out["unsafe"].append("header %s" % k)
        if "\r" in v or "\n" in v:
            out["unsafe"].append("header %s holds a line break" % k)
    ctype = headers.get("content-type", "")
    if "content-length" in headers and \
            int(headers["content-length"]) != len(body):
        out["unsafe"].append("Content-Length %s for %d bytes"
                             % (headers["content-length"], len(body)))
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        out["unsafe"].append("body is not UTF-8")
        text = body.decode("utf-8", "replace")
    if ctype.startswith("text/html"):
        p = Page()
        p.feed(text)
        p.close()
        out["kind"] = "html"
        out["elements"] = p.elements
        out["marks"] = p.marks
        out["links"] = p.links
        out["text"] = " ".join(" ".join(p.text).split())
        out["unsafe"] += p.unsafe
        out["doctype"] = text.lstrip().lower().startswith("<!doctype html")
    elif ctype.startswith("application/json"):
        out["kind"] = "json"
        out["json"] = json.loads(text)
    elif "xml" in ctype:
        root = ET.fromstring(body)
        out["kind"] = "xml"
        out["root"] = root.tag
        out["children"] = [c.tag for c in root]
        for el in root.iter():
            if el.tag.lower().endswith("script"):
                out["unsafe"].append("script in XML")
    else:
        out["kind"] = "other"
        out["text"] = text[:500]
    return out


def main():
    if sys.argv[1] == "response":
        raw = open(sys.argv[2], "rb").read()
        print(json.dumps(describe(*parse_cgi(raw))))
    elif sys.argv[1] == "http":
        req = urllib.request.Request(sys.argv[2])
        try:
            with urllib.request.urlopen(req, timeout=20) as r:
                status, hdrs, body = r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            status, hdrs, body = e.code, e.headers, e.read()
        headers = {k.lower(): v for k, v in hdrs.items()}
        headers.pop("status", None)
        print(json.dumps(describe(status, headers, body)))
    else:
        sys.exit("usage: cgi_check.py response FILE | http URL")


if __name__ == "__main__":
    main()
