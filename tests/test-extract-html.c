/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-extract-html.c: the HTML and text extractors, charset detection and
 * ds_read_file.
 *
 * Table-driven like Xapian Omega's htmlparsertest: rows of HTML in, the
 * expected title, text, outline and what must not appear (main content by
 * density, noindex parts, furniture); rows of metadata, one per source and
 * order of preference (html-meta.c), and the type vocabulary (doctype.c).
 * Then charset rows, file sniffing on tests/fixtures/extract, special
 * files for ds_read_file, real documents from corpus/ with their metadata
 * checked by hand, and every file of ../shared/badinputs checked against
 * its MANIFEST.txt expectation (one TAP line per file; skipped when that
 * folder is absent).
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>

#include "charset.h"
#include "date.h"
#include "doctype.h"
#include "extract.h"
#include "hash.h"
#include "utf8.h"
#include "doc-testutil.h"

/* ---------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------- */

/* ASCII letters and digits. */
static int
isalnum_ascii(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* Whether word occurs in text as a whole word (what a search would find). */
static int
has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = text; text && (p = strstr(p, word)) != NULL; p++) {
		unsigned char before = p > text ? (unsigned char)p[-1] : ' ';
		unsigned char after = (unsigned char)p[n];

		if ((before < 0x80 && !isalnum_ascii(before)) &&
		    (after < 0x80 && !isalnum_ascii(after)))
			return 1;
	}
	return 0;
}

/* Check doc.h's invariants: valid UTF-8, no stray controls, counts. */
static void
check_doc(const struct ds_doc *doc)
{
	const char *fields[] = {
		doc->path, doc->url, doc->format, doc->title,
		doc->description, doc->author, doc->lang, doc->warning,
		doc->publisher, doc->date, doc->modified, doc->type
	};
	size_t i, j, total = 0;

	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (fields[i] == NULL)
			continue;
		assert_true(fields[i][0] != '\0');
		assert_true(ds_utf8_valid(fields[i], strlen(fields[i])));
		for (j = 0; fields[i][j]; j++)
			assert_true((unsigned char)fields[i][j] >= 0x20 ||
				    fields[i][j] == '\t' || fields[i][j] == '\n');
	}
	for (i = 0; i < doc->nsections; i++) {
		const struct ds_section *s = &doc->sections[i];

		total += s->text_len;
		assert_true(s->level >= 0 && s->level <= 6);
		assert_true(i == 0 || s->heading != NULL);
		if (s->heading)
			assert_true(ds_utf8_valid(s->heading,
						  strlen(s->heading)));
		if (s->text == NULL)
			continue;
		assert_int_equal(strlen(s->text), s->text_len);
		assert_true(ds_utf8_valid(s->text, s->text_len));
		for (j = 0; j < s->text_len; j++)
			assert_true((unsigned char)s->text[j] >= 0x20 ||
				    s->text[j] == '\n');
	}
	assert_int_equal(total, doc->text_bytes);
	/* Dates are ISO, types from the vocabulary, identifiers complete. */
	assert_true(doc->date == NULL || ds_date_is_iso(doc->date));
	assert_true(doc->modified == NULL || ds_date_is_iso(doc->modified));
	assert_true(doc->type == NULL || ds_doctype_is_known(doc->type));
	for (i = 0; i < doc->nidents; i++)
		assert_true(doc->idents[i].scheme && doc->idents[i].value &&
			    doc->idents[i].display);
}

/* Extract an HTML string into a fresh doc, checking the invariants. */
static void
extract(const char *html, const struct ds_extract_opts *opts,
	struct ds_doc *doc)
{
	struct ds_error err = { 0, "" };

	ds_doc_init(doc);
	if (ds_extract_html(html, strlen(html), "test", opts, doc, &err) != 0)
		fail_msg("ds_extract_html failed: %s", err.msg);
	check_doc(doc);
	assert_string_equal(doc->format, "html");
}

/* Whether cmocka writes TAP (as under make check). */
static int
tap_output(void)
{
	const char *o = getenv("CMOCKA_MESSAGE_OUTPUT");

	return o != NULL && strcasecmp(o, "tap") == 0;
}

/*
 * Skip the current test, saying why.  cmocka 1.1.5 reports a skipped test
 * as "not ok N # SKIP", which automake's TAP driver counts as a failure;
 * so under TAP the test returns with a "# SKIP" comment instead.
 */
#define SKIP_TEST(...) do {						\
		print_message("# SKIP " __VA_ARGS__);			\
		if (tap_output())					\
			return;						\
		skip();							\
	} while (0)

/* $top_srcdir, or ".." (the build directory is usually one level down). */
static const char *
srcdir(void)
{
	const char *d = getenv("top_srcdir");

	return d && d[0] ? d : "..";
}

/* Path buffer: srcdir()/rel/name. */
static const char *
src_path(char *buf, size_t size, const char *rel, const char *name)
{
	int n = snprintf(buf, size, "%s/%s%s%s", srcdir(), rel,
			 name ? "/" : "", name ? name : "");

	assert_true(n > 0 && (size_t)n < size);
	return buf;
}

/* Whether a directory exists. */
static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Write len bytes to dir/name; returns the path in buf. */
static const char *
write_file(char *buf, size_t size, const char *dir, const char *name,
	   const void *data, size_t len)
{
	FILE *f;

	assert_true((size_t)snprintf(buf, size, "%s/%s", dir, name) < size);
	f = fopen(buf, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* ---------------------------------------------------------------------
 * HTML, table-driven
 * ------------------------------------------------------------------- */

/* One row: NULL expectations are not checked; "" means "none". */
struct html_case {
	const char *what;
	const char *html;
	const char *title;
	const char *text;	/* section texts joined by '\n' */
	const char *outline;	/* "h2#anchor:Heading; ..." */
	const char *absent[4];	/* must not appear anywhere in the text */
};

/* Filler text: 50 bytes (44 of them not spaces), then more. */
#define P50 "Lorem ipsum dolor sit amet consectetur adipiscing. "
#define P250 P50 P50 P50 P50 P50
#define P1000 P250 P250 P250 P250

static const struct html_case html_cases[] = {
	{ "paragraphs and title",
	  "<html><head><title>Hello</title></head><body><p>One  two</p>"
	  "<p>Three</p></body></html>",
	  "Hello", "One two\nThree", "", { NULL } },
	{ "inline elements glue words",
	  "<p><b>a</b>b <i>c</i><span>d</span> e<sup>2</sup></p>",
	  NULL, "ab cd e2", NULL, { NULL } },
	{ "white space between inline elements separates",
	  "<p><b>a</b> <i>b</i></p>", NULL, "a b", NULL, { NULL } },
	{ "blocks break paragraphs",
	  "<div>a</div><div>b</div><blockquote>c</blockquote><hr>d",
	  NULL, "a\nb\nc\nd", NULL, { NULL } },
	{ "list items", "<ul><li>one</li><li>two</li></ul><ol><li>3</ol>",
	  NULL, "one\ntwo\n3", NULL, { NULL } },
	{ "table cells and rows",
	  "<table><tr><td>a</td><td>b</td></tr><tr><th>c</th><td>d</td>"
	  "</tr></table>", NULL, "a b\nc d", NULL, { NULL } },
	{ "br", "<p>line<br>next</p>", NULL, "line\nnext", NULL, { NULL } },
	{ "unknown elements and images break words",
	  "<p>x<custom-el>y</custom-el>z<img src=i.png>w</p>", NULL,
	  "x y z w", NULL, { NULL } },
	{ "wbr glues", "<p>long<wbr>word</p>", NULL, "longword", NULL,
	  { NULL } },
	{ "entities and character references",
	  "<p>caf&eacute; &amp; &lt;b&gt; &#8364;&#x20AC; &nbsp;x</p>", NULL,
	  "caf\xc3\xa9 & <b> \xe2\x82\xac\xe2\x82\xac x", NULL, { NULL } },
	{ "comments vanish", "<p>a<!-- hidden -->b</p>", NULL, "ab", NULL,
	  { "hidden" } },
	{ "pre keeps its lines", "<pre>line1\nline2</pre>", NULL,
	  "line1\nline2", NULL, { NULL } },
	{ "script, style and friends are never text",
	  "<p>kept</p><script>var SCRIPTTERM;</script><style>p{} /*STYLE*/"
	  "</style><noscript>NOSCRIPT</noscript><template>TEMPLATE</template>"
	  "<svg><text>SVGTEXT</text></svg><button>BUTTON</button>"
	  "<select><option>OPTION</select><textarea>TEXTAREA</textarea>",
	  NULL, "kept", NULL, { "SCRIPTTERM", "STYLE", "NOSCRIPT", "SVGTEXT" } },
	{ "hidden elements",
	  "<p hidden>h1</p><p aria-hidden=\"true\">h2</p>"
	  "<p style=\"color:red; DISPLAY : none\">h3</p>"
	  "<p style=\"visibility:hidden\">h4</p><p>kept</p>"
	  "<p style=\"display:block\">shown</p>"
	  "<p style=\"mso-display:none\">mso</p><p aria-hidden=false>ah</p>",
	  NULL, "kept\nshown\nmso\nah", NULL, { "h1", "h2", "h3", "h4" } },
	{ "nav, header and footer outside main are furniture",
	  "<body><header>SiteHeader</header><nav>Menu</nav><p>Body</p>"
	  "<footer>Foot</footer></body>", NULL, "Body", NULL,
	  { "SiteHeader", "Menu", "Foot" } },
	{ "header and footer inside an article are content",
	  "<body><nav>Menu</nav><article><header>By Jo</header><p>Text</p>"
	  "<footer>Filed under x</footer></article></body>", NULL,
	  "By Jo\nText\nFiled under x", NULL, { "Menu" } },
	{ "landmark roles",
	  "<div role=navigation>nav</div><div role=\"banner\">ban</div>"
	  "<div role=contentinfo>ci</div><form role=search>find</form>"
	  "<p>ok</p>", NULL, "ok", NULL, { "nav", "ban", "ci", "find" } },
	{ "cookie banner, skip link, share links, back to top",
	  "<div class=\"govuk-cookie-banner\">cookies</div>"
	  "<a class=\"govuk-skip-link\" href=\"#main\">Skip</a><p>ok</p>"
	  "<div class=\"share\">Share</div><ul id=\"x\" class=\"a gem-c-share-links\">"
	  "<li>Tw</li></ul><a href=\"#top\">Up</a><p><a href=\"/\">Back to "
	  "top</a></p><p class=\"market-share\">market</p>"
	  "<div id=\"sharing\">Sharing</div>",
	  NULL, "ok\nmarket", NULL, { "cookies", "Skip", "Tw", "Back" } },
	{ "main is preferred",
	  "<body><div>outside</div><main><p>inside</p></main><div>after</div>"
	  "</body>", NULL, "inside", NULL, { "outside", "after" } },
	{ "role=main is main",
	  "<body><div>outside</div><div role=\"main\"><p>inside</p></div>"
	  "</body>", NULL, "inside", NULL, { "outside" } },
	{ "a single article is the content",
	  "<body><div>out</div><article><p>in</p></article></body>", NULL,
	  "in", NULL, { "out" } },
	{ "two articles: the body",
	  "<body><div>out</div><article>a</article><article>b</article>"
	  "</body>", NULL, "out\na\nb", NULL, { NULL } },
	{ "an empty main falls back to the body",
	  "<body><main> <script>x</script> </main><p>text</p></body>", NULL,
	  "text", NULL, { NULL } },
	{ "sections, levels and the first h1 as title",
	  "<h1>Top</h1><p>intro</p><h2 id=\"s1\">One</h2><p>a</p>"
	  "<h3>Sub</h3><p>b</p><h2>Empty</h2>",
	  "Top", "intro\na\nb", "h1:Top; h2#s1:One; h3:Sub; h2:Empty",
	  { NULL } },
	{ "text before the first heading is the preamble",
	  "<p>before</p><h2>H</h2><p>after</p>", NULL, "before\nafter",
	  "h2:H", { NULL } },
	{ "anchors: a name before, section id, a id inside, li start",
	  "<a name=\"p1\"></a><h2>Named</h2><p>x</p>"
	  "<section id=\"sec\"><h2>InSection</h2><p>y</p></section>"
	  "<h2><a id=\"inner\"></a>Inner</h2>"
	  "<ol><li id=\"li1\"><h3>Li</h3><p>z</p></li></ol>"
	  "<div id=\"late\"><p>t</p><h3>NotFirst</h3></div>",
	  NULL, NULL,
	  "h2#p1:Named; h2#sec:InSection; h2#inner:Inner; h3#li1:Li; "
	  "h3:NotFirst", { NULL } },
	{ "text between a name and the heading cancels the anchor",
	  "<a name=\"x\"></a><p>text</p><h2>H</h2>", NULL, "text", "h2:H",
	  { NULL } },
	{ "empty headings outline nothing",
	  "<h2> </h2><p>t</p><h3><img src=x></h3>", NULL, "t", "",
	  { NULL } },
	{ "heading text: inline glues, br breaks words",
	  "<h2>Part <b>1</b><br>Intro</h2>", NULL, "", "h2:Part 1 Intro",
	  { NULL } },
	{ "title: short suffix after a pipe goes",
	  "<title>Page name | Site</title><p>x</p>", "Page name", NULL, NULL,
	  { NULL } },
	{ "title: suffix that is og:site_name goes",
	  "<title>Report - Compact Voice</title>"
	  "<meta property=\"og:site_name\" content=\"Compact Voice\"><p>x",
	  "Report", NULL, NULL, { NULL } },
	{ "title: a dash and a date stay",
	  "<title>Panel - 13 March 2012</title><h1>Panel - 13 March 2012</h1>",
	  "Panel - 13 March 2012", NULL, NULL, { NULL } },
	{ "title: a domain name suffix goes",
	  "<title>Guidance &ndash; GOV.UK</title>", "Guidance", NULL, NULL,
	  { NULL } },
	{ "title: suffix goes when the rest is the h1",
	  "<title>Minutes - Board of Things</title><h1>Minutes</h1>",
	  "Minutes", NULL, NULL, { NULL } },
	{ "title: nothing before the separator keeps it all",
	  "<title>| Site</title>", "| Site", NULL, NULL, { NULL } },
	{ "title: og:title when there is no <title>",
	  "<meta property=\"og:title\" content=\" OG  title \"><h1>H</h1>",
	  "OG title", NULL, NULL, { NULL } },
	{ "title: svg titles do not count",
	  "<body><svg><title>icon</title></svg><h1>Real</h1></body>", "Real",
	  NULL, NULL, { "icon" } },
	{ "XHTML with a prefix",
	  "<?xml version=\"1.0\"?><x:html xmlns:x=\"http://www.w3.org/1999/"
	  "xhtml\"><x:head><x:title>X</x:title></x:head><x:body><x:p>a</x:p>"
	  "<x:p>b</x:p></x:body></x:html>", "X", "a\nb", NULL, { NULL } },
	{ "tag soup", "<p>a<b>b<i>c</p>d</b>e<table><td>f<tr>g</table>h", NULL,
	  NULL, NULL, { NULL } },
	{ "text after </html> is the end of the body",
	  "<html><body><p>a</p></body></html><p>after</p><div>more</div>",
	  NULL, "a\nafter\nmore", NULL, { NULL } },
	{ "... unless the content is a part of the body",
	  "<html><body><main><p>a</p></main></body></html><p>after</p>",
	  NULL, "a", NULL, { "after" } },
	{ "head text is not body text",
	  "<head><title>T</title><meta name=description content=D></head>"
	  "<body>b</body>", "T", "b", NULL, { NULL } },
	/* Main content by density, when the page does not mark it */
	{ "density: the block with the text, not the masthead or sidebar",
	  "<body><div class=site><div id=masthead><p>SITETAGLINE words</p>"
	  "</div><div id=content><h1>Doc</h1><p>" P1000 P1000 "</p></div>"
	  "<div id=side><h3>Related</h3><ul><li><a href=/a>LINKONE</a></li>"
	  "<li><a href=/b>LINKTWO</a></li></ul><p>SIDEBLURB</p></div></div>"
	  "</body>", "Doc", NULL, "h1#content:Doc",
	  { "SITETAGLINE", "LINKONE", "SIDEBLURB", "Related" } },
	{ "density: content split over two blocks keeps both",
	  "<body><div id=wrap><div id=a><h2>Intro</h2><p>" P1000 "</p></div>"
	  "<div id=b><h2>Body</h2><p>" P1000 P1000 "</p></div></div>"
	  "<div id=side><p>SIDE</p></div></body>", NULL, NULL,
	  "h2#a:Intro; h2#b:Body", { "SIDE" } },
	{ "density: a layout table cell",
	  "<body><table><tr><td><a href=/>HOME</a><br><a href=/x>MENU</a>"
	  "</td><td><h1>Cell</h1><p>" P1000 P1000 "</p></td></tr></table>"
	  "</body>", "Cell", NULL, "h1:Cell", { "HOME", "MENU" } },
	{ "density: the block is widened to take in the first h1",
	  "<body><div id=doc><div id=prelims><h1>An Act</h1><p>LONGTITLE to "
	  "establish things.</p></div><div id=body><h2>Part 1</h2><p>" P1000
	  P1000 "</p></div></div><div id=side><p>SIDE</p></div></body>",
	  "An Act", NULL, "h1#prelims:An Act; h2#body:Part 1", { "SIDE" } },
	{ "density: a short page is taken whole",
	  "<body><div id=nav><p>Short nav</p></div><div><p>Short text</p>"
	  "</div></body>", NULL, "Short nav\nShort text", NULL, { NULL } },
	{ "density: furniture and noindex parts weigh nothing",
	  "<body><div id=a><p>" P1000 P1000 "</p></div><div id=b>"
	  "<!--noindex--><p>" P1000 P1000 "NOIDX</p><!--/noindex--><nav><p>"
	  P1000 "NAVX</p></nav></div></body>", NULL, NULL, NULL,
	  { "NOIDX", "NAVX" } },
	/* What the page asks not to be indexed */
	{ "noindex comment pairs",
	  "<p>a</p><!--noindex--><p>hidden</p><h2>HiddenHeading</h2>"
	  "<!--/noindex--><p>b</p><!-- NOINDEX --><p>gone</p>"
	  "<!-- /NoIndex --><p>c</p>",
	  NULL, "a\nb\nc", "", { "hidden", "HiddenHeading", "gone" } },
	{ "noindex: a part may close in another element",
	  "<p>s</p><!--noindex--><div><p>x</p><!--/noindex--><p>y</p></div>",
	  NULL, "s\ny", NULL, { "x" } },
	{ "noindex: an unclosed part ends with its element",
	  "<div><p>a</p><!--noindex--><p>gone</p></div><p>kept</p>", NULL,
	  "a\nkept", NULL, { "gone" } },
	{ "googleoff and googleon",
	  "<p>a</p><!--googleoff: index--><p>off</p><!--googleon: index-->"
	  "<p>b</p><!-- googleoff: snippet --><p>snip</p>"
	  "<!-- googleon: snippet -->", NULL, "a\nb\nsnip", NULL,
	  { "off" } },
	{ "noindex classes and data-nosnippet",
	  "<p>a</p><div class=\"x noindex\">n1</div>"
	  "<div class=robots-noindex>n2</div><p class=robots-nocontent>n3</p>"
	  "<span data-nosnippet>n4</span><p class=noindexed>kept</p>", NULL,
	  "a\nkept", NULL, { "n1", "n2", "n3", "n4" } },
	{ "back to top links",
	  "<p>text</p><p><a href=\"#top-of-page\">Up</a></p>"
	  "<a href=\"#\">Return to top</a><a href=\"#main\">Top of page</a>"
	  "<a href=\"#page-top\">Up2</a>", NULL, "text", NULL,
	  { "Up", "Return", "Top", "Up2" } },
};

/* Every row of html_cases. */
static void
test_html_table(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof html_cases / sizeof html_cases[0]; i++) {
		const struct html_case *c = &html_cases[i];
		struct ds_doc doc;
		char *text, *out;

		extract(c->html, NULL, &doc);
		text = body_text(&doc);
		out = outline(&doc);
		if (c->title && (!doc.title || strcmp(doc.title, c->title)))
			fail_msg("%s: title [%s], expected [%s]", c->what,
				 doc.title ? doc.title : "(none)", c->title);
		if (c->text && strcmp(text, c->text))
			fail_msg("%s: text [%s], expected [%s]", c->what, text,
				 c->text);
		if (c->outline && strcmp(out, c->outline))
			fail_msg("%s: outline [%s], expected [%s]", c->what,
				 out, c->outline);
		for (k = 0; k < 4 && c->absent[k]; k++)
			if (strstr(text, c->absent[k]) ||
			    strstr(out, c->absent[k]))
				fail_msg("%s: [%s] should not be in [%s]",
					 c->what, c->absent[k], text);
		free(text);
		free(out);
		ds_doc_release(&doc);
	}
}

/* <html lang> (its primary subtag, lower case), <meta name=description>
 * and <meta name=author>. */
static void
test_html_metadata(void **state)
{
	struct ds_doc doc;

	(void)state;
	extract("<html lang=\" en-GB \"><head><meta name=\"Description\" "
		"content=\" A  desc \"><meta name=author content=\"Jo Bloggs\">"
		"<meta name=author content=\"Second\"></head><body>x</body></html>",
		NULL, &doc);
	assert_string_equal(doc.lang, "en");
	assert_string_equal(doc.description, "A desc");
	assert_string_equal(doc.author, "Jo Bloggs");
	ds_doc_release(&doc);

	extract("<html lang=\"&lt;script&gt;\"><body>x</body></html>", NULL,
		&doc);
	assert_null(doc.lang);
	ds_doc_release(&doc);

	extract("<html xml:lang=\"cy\"><body>x</body></html>", NULL, &doc);
	assert_string_equal(doc.lang, "cy");
	ds_doc_release(&doc);
}

/* ---------------------------------------------------------------------
 * Metadata, table-driven: one row per source and order of preference
 * ------------------------------------------------------------------- */

/* One row: NULL fields are not checked, "" means "none". */
struct meta_case {
	const char *what, *html;
	const char *title, *description, *author, *publisher, *date,
		*modified, *lang, *url, *type;
	const char *idents;	/* displays joined by "; " */
};

static const struct meta_case meta_cases[] = {
	/* title */
	{ .what = "title: og:title beats <title>",
	  .html = "<title>Page | Site</title><meta property=og:title "
		  "content=\"The OG title\"><h1>H</h1>",
	  .title = "The OG title" },
	{ .what = "title: og:title that is the site's name is skipped",
	  .html = "<meta property=og:site_name content=Site><meta "
		  "property=og:title content=\"site\"><title>Real - Site</title>",
	  .title = "Real" },
	{ .what = "title: application-name is a site name too",
	  .html = "<meta name=application-name content=\"The Big Long Site "
		  "Name Of Things\"><title>Doc - The Big Long Site Name Of "
		  "Things</title>", .title = "Doc" },
	{ .what = "title: DC.title without <title>",
	  .html = "<meta name=DC.title content=\"DC T\"><h1>H</h1>",
	  .title = "DC T" },
	{ .what = "title: the first h1 when nothing else says",
	  .html = "<p>x</p><h1>Only <b>h1</b></h1><h1>Second</h1>",
	  .title = "Only h1" },
	{ .what = "title: a numeric reference escaped twice reads once more",
	  .html = "<title>Senior Officials Group&amp;#58; 1st Meeting</title>",
	  .title = "Senior Officials Group: 1st Meeting", .type = "minutes" },
	{ .what = "title: hex references and XML entities, one level only",
	  .html = "<title>A&amp;#x2013;B &amp;amp;amp; C&amp;#160; "
		  "&amp;quot;D&amp;quot;</title>",
	  .title = "A\xe2\x80\x93" "B &amp; C \"D\"" },
	{ .what = "title: references to controls and other entities stay",
	  .html = "<meta property=og:title content=\"x&amp;#0; y&amp;#9; "
		  "&amp;#xD800; &amp;#1114112; &amp;nbsp; &amp;#58 &amp;#;\">",
	  .title = "x&#0; y&#9; &#xD800; &#1114112; &nbsp; &#58 &#;" },
	/* description */
	{ .what = "description: meta description",
	  .html = "<meta name=description content=\"D1\"><meta property="
		  "og:description content=D2><meta name=DC.description "
		  "content=D3>", .description = "D1" },
	{ .what = "description: og:description when description is empty",
	  .html = "<meta name=description content=\" \"><meta property="
		  "og:description content=D2><meta name=DC.description "
		  "content=D3>", .description = "D2" },
	{ .what = "description: DC.description, dcterms.abstract",
	  .html = "<meta name=dcterms.abstract content=\"An abstract\">",
	  .description = "An abstract" },
	/* author */
	{ .what = "author: meta author beats DC.creator",
	  .html = "<meta name=DC.creator content=Creator><meta name=author "
		  "content=\"Jo Bloggs\">", .author = "Jo Bloggs" },
	{ .what = "author: DC.creator", .author = "Cabinet Office",
	  .html = "<meta name=\"dcterms.creator\" content=\"Cabinet Office\">" },
	{ .what = "author: article:author that is a URL is skipped",
	  .html = "<meta property=article:author content=\"https://x.org/jo\">"
		  "<meta name=citation_author content=\"Smith, J\">",
	  .author = "Smith, J" },
	/* publisher */
	{ .what = "publisher: DC.publisher beats og:site_name",
	  .html = "<meta property=og:site_name content=GOV.UK><meta name="
		  "DC.publisher content=\"HM Treasury\">",
	  .publisher = "HM Treasury" },
	{ .what = "publisher: dc:publisher as RDFa property",
	  .html = "<meta property=\"dc:publisher\" content=\"Home Office\">",
	  .publisher = "Home Office" },
	{ .what = "publisher: GOV.UK's primary publishing organisation",
	  .html = "<meta name=govuk:organisations content=\"<D6><D12>\">"
		  "<meta name=govuk:primary-publishing-organisation "
		  "content=\"Department for Education\"><meta property="
		  "og:site_name content=GOV.UK>",
	  .publisher = "Department for Education" },
	{ .what = "publisher: GOV.UK organisation codes are not names",
	  .html = "<meta name=govuk:organisations content=\"<D6><D12>\">"
		  "<meta property=og:site_name content=GOV.UK>",
	  .publisher = "GOV.UK" },
	{ .what = "publisher: og:site_name last", .publisher = "Compact Voice",
	  .html = "<meta property=og:site_name content=\"Compact Voice\">" },
	{ .what = "publisher: none", .html = "<title>T</title>",
	  .publisher = "" },
	/* publication date */
	{ .what = "date: DC.date", .date = "2014-06-12",
	  .html = "<meta name=DC.date content=2014-06-12>" },
	{ .what = "date: DC.date.issued beats DC.date",
	  .html = "<meta name=DC.date content=2014-06-12><meta name="
		  "DC.date.issued content=\"2013-01-02\">", .date = "2013-01-02" },
	{ .what = "date: dcterms.issued, any case",
	  .html = "<meta name=DCTERMS.Issued content=\"12 June 2014\">",
	  .date = "2014-06-12" },
	{ .what = "date: dcterms.created",
	  .html = "<meta name=dcterms.created content=2011-03-04>",
	  .date = "2011-03-04" },
	{ .what = "date: dc.date.created, UK day first",
	  .html = "<meta name=dc.date.created content=\"25/6/2012\">"
		  "<meta name=dc.date.modified content=\"28/6/2012\">",
	  .date = "2012-06-25", .modified = "2012-06-28" },
	{ .what = "date: article:published_time, not shifted to UTC",
	  .html = "<meta property=article:published_time content="
		  "\"2015-05-28T00:30:00+05:00\">", .date = "2015-05-28" },
	{ .what = "date: govuk:first-published-at",
	  .html = "<meta name=govuk:first-published-at content="
		  "\"2015-05-28T16:46:51.000+01:00\">", .date = "2015-05-28" },
	{ .what = "date: citation_publication_date",
	  .html = "<meta name=citation_publication_date content=2014/06/12>",
	  .date = "2014-06-12" },
	{ .what = "date: itemprop datePublished",
	  .html = "<meta itemprop=datePublished content=2010-01-01>",
	  .date = "2010-01-01" },
	{ .what = "date: <time pubdate>",
	  .html = "<p>x <time pubdate datetime=2009-10-01>1 Oct</time></p>",
	  .date = "2009-10-01" },
	{ .what = "date: <time itemprop=datePublished> with text only",
	  .html = "<time itemprop=datePublished>Thursday 1 October 2009</time>",
	  .date = "2009-10-01" },
	{ .what = "date: an unparseable source gives way to the next",
	  .html = "<meta name=DC.date.issued content=\"31/2/2012\"><meta "
		  "name=DC.date content=2012>", .date = "2012" },
	{ .what = "date: US English reads numbers month first",
	  .html = "<html lang=en-US><meta name=DC.date content=6/25/2012>",
	  .date = "2012-06-25", .lang = "en" },
	{ .what = "date: \"Published\" in the text",
	  .html = "<h1>T</h1><dl><dt>Published</dt><dd>12 June 2014</dd>"
		  "<dt>Last updated</dt><dd>1 July 2015</dd></dl>",
	  .date = "2014-06-12" },
	{ .what = "date: \"Last updated\" is not publication",
	  .html = "<p>Last updated 1 July 2015</p>", .date = "",
	  .modified = "" },
	{ .what = "date: metadata beats the text",
	  .html = "<meta name=DC.date content=2001><p>Published 12 June 2014",
	  .date = "2001" },
	{ .what = "date: the text beats <time> in the content",
	  .html = "<p>Closes <time datetime=2016-10-31>31 Oct</time></p>"
		  "<p>Published: 25/6/2012</p>", .date = "2012-06-25" },
	{ .what = "date: the first <time> in the main content, last",
	  .html = "<nav><time datetime=1999-01-01>x</time></nav><main><p>On "
		  "<time datetime=\"2016-10-31T09:00Z\">31 Oct</time></p>"
		  "<time datetime=2017-01-01>y</time></main>",
	  .date = "2016-10-31" },
	{ .what = "date: none", .html = "<p>12 June 2014</p>", .date = "" },
	/* modified */
	{ .what = "modified: dcterms.modified, not the publication date",
	  .html = "<meta name=dcterms.modified content=2016-01-02>",
	  .modified = "2016-01-02", .date = "" },
	{ .what = "modified: article:modified_time",
	  .html = "<meta property=article:modified_time content="
		  "\"2016-01-02T23:30:00-08:00\">", .modified = "2016-01-02" },
	{ .what = "modified: govuk:public-updated-at",
	  .html = "<meta name=govuk:updated-at content=2017-01-01><meta name="
		  "govuk:public-updated-at content=\"2016-09-05T14:00:00+01:00\">",
	  .modified = "2016-09-05" },
	{ .what = "modified: Last-Modified in RFC 822",
	  .html = "<meta http-equiv=Last-Modified content=\"Thu, 01 Oct 2009 "
		  "10:00:00 GMT\">", .modified = "2009-10-01" },
	/* language */
	{ .what = "lang: primary subtag, lower case",
	  .html = "<html lang=CY-gb><p>x", .lang = "cy" },
	{ .what = "lang: content-language when <html lang> is not a tag",
	  .html = "<html lang=english><meta http-equiv=content-language "
		  "content=\"en-GB, cy\"><p>x", .lang = "en" },
	{ .what = "lang: DC.language", .lang = "fr",
	  .html = "<meta name=DC.language content=fr-FR><p>x" },
	{ .what = "lang: none", .html = "<html lang=\"x-klingon\"><p>x",
	  .lang = "" },
	/* canonical URL */
	{ .what = "url: rel=canonical",
	  .html = "<link rel=\"Canonical\" href=\" https://www.gov.uk/x \">",
	  .url = "https://www.gov.uk/x" },
	{ .what = "url: rel is a list",
	  .html = "<link rel=\"alternate canonical\" href=\"http://a.org/b?c=d\">",
	  .url = "http://a.org/b?c=d" },
	{ .what = "url: relative canonical is not used",
	  .html = "<link rel=canonical href=\"/relative\">", .url = "" },
	{ .what = "url: other schemes are not used",
	  .html = "<link rel=canonical href=\"javascript:alert(1)\"><link "
		  "rel=canonical href=\"https://late.org/\">", .url = "" },
	{ .what = "url: no host, or spaces inside",
	  .html = "<link rel=canonical href=\"https:///x\">", .url = "" },
	{ .what = "url: spaces inside",
	  .html = "<link rel=canonical href=\"https://a.org/b c\">", .url = "" },
	/* type */
	{ .what = "type: govuk:document-type",
	  .html = "<meta name=govuk:document-type content=consultation_outcome>",
	  .type = "consultation-response" },
	{ .what = "type: html_publication takes the rules",
	  .html = "<meta name=govuk:document-type content=html_publication>"
		  "<title>Annual report and accounts 2016</title>",
	  .type = "report" },
	{ .what = "type: html_publication without rules is unknown",
	  .html = "<meta name=govuk:document-type content=html_publication>"
		  "<title>Spring Budget 2017</title>", .type = "" },
	{ .what = "type: govuk:format", .type = "news",
	  .html = "<meta name=govuk:format content=press_release>" },
	{ .what = "type: govuk:schema-name", .type = "guidance",
	  .html = "<meta name=govuk:schema-name content=detailed_guide>" },
	{ .what = "type: DC.type", .type = "consultation",
	  .html = "<meta name=DC.type content=\"Consultation\">" },
	{ .what = "type: og:type article leaves it to the rules",
	  .html = "<meta property=og:type content=article><title>Minutes of "
		  "the board</title>", .type = "minutes" },
	{ .what = "type: og:type website says nothing",
	  .html = "<meta property=og:type content=website><title>Home</title>",
	  .type = "" },
	{ .what = "type: rules on the URL",
	  .html = "<title>Our plans</title><link rel=canonical href="
		  "\"https://www.gov.uk/government/speeches/our-plans\">",
	  .type = "speech" },
	{ .what = "type: responses before consultations",
	  .html = "<title>Consultation on widgets: government response</title>",
	  .type = "consultation-response" },
	{ .what = "type: what follows \"on\" is the subject, not the kind",
	  .html = "<meta property=og:type content=article><title>Our take on "
		  "the NAO's report: more work needed | Site</title>",
	  .type = "" },
	{ .what = "type: GOV.UK's corporate information pages by address",
	  .html = "<meta name=govuk:document-type content=research><title>"
		  "Research at EA</title><link rel=canonical href=\"https://"
		  "www.gov.uk/government/organisations/environment-agency/about"
		  "/research\">", .type = "corporate-information" },
	{ .what = "type: \"research\" elsewhere on GOV.UK is research",
	  .html = "<meta name=govuk:document-type content=research><title>"
		  "Adoption</title><link rel=canonical href=\"https://www.gov.uk"
		  "/government/publications/about\">", .type = "research" },
	{ .what = "type: the short title of an Act is legislation",
	  .html = "<h1>Tribunals (Scotland) Act 2014</h1><p>An Act of the "
		  "Scottish Parliament</p>", .type = "legislation" },
	/* identifiers */
	{ .what = "idents: the title and the cover page",
	  .html = "<title>Report (HC 123, 2013-14)</title><p>Presented to "
		  "Parliament</p><p>Cm 9519</p><p>ISBN 978-0-10-297559-8</p>",
	  .idents = "HC 123 (2013-14); Cm 9519; ISBN 978-0-10-297559-8" },
	{ .what = "idents: none in running text past the cover page",
	  .html = "<p>" P1000 P1000 P1000 P1000 P1000 "</p><p>Cm 1234</p>",
	  .idents = "" },
};

/* Compare one field of a meta_case row. */
static void
check_field(const char *what, const char *field, const char *got,
	    const char *want)
{
	if (want == NULL)
		return;
	if (want[0] == '\0' && got != NULL)
		fail_msg("%s: %s [%s], expected none", what, field, got);
	if (want[0] != '\0' && (got == NULL || strcmp(got, want) != 0))
		fail_msg("%s: %s [%s], expected [%s]", what, field,
			 got ? got : "(none)", want);
}

/* The displays of doc's identifiers, "; " between (caller frees). */
static char *
ident_list(const struct ds_doc *doc)
{
	char *s = calloc(1, 4096);
	size_t i, n = 0;

	assert_non_null(s);
	for (i = 0; i < doc->nidents; i++) {
		n += (size_t)snprintf(s + n, 4096 - n, "%s%s", n ? "; " : "",
				      doc->idents[i].display);
		assert_true(n < 4096);
	}
	return s;
}

/* Every row of meta_cases. */
static void
test_meta_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof meta_cases / sizeof meta_cases[0]; i++) {
		const struct meta_case *c = &meta_cases[i];
		struct ds_doc doc;
		char *ids;

		extract(c->html, NULL, &doc);
		check_field(c->what, "title", doc.title, c->title);
		check_field(c->what, "description", doc.description,
			    c->description);
		check_field(c->what, "author", doc.author, c->author);
		check_field(c->what, "publisher", doc.publisher, c->publisher);
		check_field(c->what, "date", doc.date, c->date);
		check_field(c->what, "modified", doc.modified, c->modified);
		check_field(c->what, "lang", doc.lang, c->lang);
		check_field(c->what, "url", doc.url, c->url);
		check_field(c->what, "type", doc.type, c->type);
		ids = ident_list(&doc);
		if (c->idents && strcmp(ids, c->idents) != 0)
			fail_msg("%s: idents [%s], expected [%s]", c->what, ids,
				 c->idents);
		free(ids);
		ds_doc_release(&doc);
	}
}

/* The type vocabulary: labels, GOV.UK's types, the rules. */
static void
test_doctype(void **state)
{
	static const struct {
		const char *label, *type;
	} labels[] = {
		{ "consultation_outcome", "consultation-response" },
		{ "Consultation outcome", "consultation-response" },
		{ "  consultation--outcome ", "consultation-response" },
		{ "open_consultation", "consultation" },
		{ "closed_consultation", "consultation" },
		{ "detailed_guide", "guidance" }, { "guide", "guidance" },
		{ "manual", "guidance" }, { "statutory_guidance", "guidance" },
		{ "news_story", "news" }, { "press_release", "news" },
		{ "speech", "speech" }, { "oral_statement", "speech" },
		{ "written_statement", "written-statement" },
		{ "authored_article", "article" },
		{ "national_statistics", "statistics" },
		{ "official_statistics", "statistics" },
		{ "statistical_data_set", "statistics" },
		{ "policy_paper", "policy-paper" },
		{ "corporate_report", "report" },
		{ "independent_report", "report" },
		{ "impact_assessment", "impact-assessment" },
		{ "case_study", "case-study" }, { "case-study", "case-study" },
		{ "transparency", "transparency" },
		{ "foi_release", "foi-release" },
		{ "correspondence", "correspondence" }, { "form", "form" },
		{ "research", "research" },
		{ "early_day_motion", "motion" },
		{ "working_group", "corporate-information" },
		{ "document_collection", "collection" },
		{ "regulation", "legislation" },
		{ "Written ministerial statement", "written-statement" },
		{ "html_publication", NULL }, { "website", NULL },
		{ "unheard_of", NULL }, { "", NULL },
		{ "a_label_far_too_long_to_be_a_label_of_any_kind_whatsoever_"
		  "really", NULL },
	};
	static const struct {
		const char *title, *url, *type;
	} guesses[] = {
		{ "Transparency Board Minutes 11th January 2011", NULL,
		  "minutes" },
		{ "Senior Officials Group: 1st Meeting", NULL, "minutes" },
		{ "Meeting the challenge", NULL, NULL },
		{ "Response to the Select Committee", NULL,
		  "consultation-response" },
		{ "Annual reports 2016", NULL, "report" },
		{ "Reporting standards", NULL, NULL },
		{ "Guidelines", NULL, NULL },
		{ "Statistical release: crime", NULL, "statistics" },
		{ "Home Office news", NULL, "news" },
		{ "Newsletter", NULL, NULL },
		{ "Our plans", "https://www.gov.uk/government/consultations/x",
		  "consultation" },
		{ NULL, "https://dataingovernment.blog.gov.uk/2017/x", "blog" },
		{ NULL, "https://x.org/page?type=speech#news", NULL },
		{ "City Farmers", "https://data.gov.uk/library/city-farmers",
		  NULL },
		/* After "on", "about", "into": the subject, in its part. */
		{ "Our take on the NAO's follow up report: Some improvements "
		  "seen, more work needed.", NULL, NULL },
		{ "Speech on the consultation", NULL, "speech" },
		{ "Blog post about the white paper", NULL, "blog" },
		{ "Inquiry into statistics", NULL, NULL },
		{ "Comments on widgets \xe2\x80\x93 consultation response",
		  NULL, "consultation-response" },
		{ "Report on the consultation", NULL, "report" },
		{ "Notes on widgets (guidance)", NULL, "guidance" },
		{ "Meeting on reports", NULL, NULL },
		{ "Monitoring report", NULL, "report" },
		{ "Sub group meeting on Spotlight on Spend", NULL, "minutes" },
		{ "Update", "https://www.gov.uk/government/news/statement-on-"
		  "the-consultation", "news" },
		/* Short titles of Acts and statutory instruments. */
		{ "Tribunals (Scotland) Act 2014", NULL, "legislation" },
		{ "Statistics and Registration Service Act 2007", NULL,
		  "legislation" },
		{ "Justice Act (Northern Ireland) 2016", NULL, "legislation" },
		{ "Public Records Act, 2021", NULL, "legislation" },
		{ "The Consumer Rights Regulations 2015 ", NULL,
		  "legislation" },
		{ "Guidance on the Care Act 2014", NULL, "guidance" },
		{ "Our take on the Care Act 2014", NULL, NULL },
		{ "Care Act 2014: guidance", NULL, "guidance" },
		{ "Consultation: the Care Act 2014", NULL, "consultation" },
		{ "Construction Reform Act of 2015", NULL, NULL },
		{ "Act 2014", NULL, NULL },
		{ "Fact 2014", NULL, NULL },
		{ "Care Act 20145", NULL, NULL },
		{ "Care Act 3014", NULL, NULL },
		{ NULL, NULL, NULL },
	};
	static const struct {
		const char *url, *type;
	} govuk_urls[] = {
		{ "https://www.gov.uk/government/organisations/ofsted/about/"
		  "statistics", "corporate-information" },
		{ "http://WWW.GOV.UK/government/organisations/x/about",
		  "corporate-information" },
		{ "https://www.gov.uk/world/organisations/british-embassy-paris"
		  "/about/recruitment?x=1", "corporate-information" },
		{ "https://gov.uk/government/organisations/x/about#top",
		  "corporate-information" },
		{ "https://www.gov.uk/government/organisations//about/x", NULL },
		{ "https://www.gov.uk/government/organisations/x/about-us",
		  NULL },
		{ "https://www.gov.uk/government/organisations/x", NULL },
		{ "https://www.gov.uk/government/publications/about", NULL },
		{ "https://www.gov.uk.example.org/government/organisations/x/"
		  "about", NULL },
		{ "file:///www.gov.uk/government/organisations/x/about", NULL },
		{ NULL, NULL },
	};
	const char *t;
	size_t i;

	(void)state;
	for (i = 0; ds_doctypes[i]; i++) {
		assert_true(ds_doctype_is_known(ds_doctypes[i]));
		/* Each type is its own label. */
		t = ds_doctype_from_label(ds_doctypes[i],
					  strlen(ds_doctypes[i]));
		assert_non_null(t);
		assert_string_equal(t, ds_doctypes[i]);
	}
	assert_int_equal(i, 29);
	assert_false(ds_doctype_is_known("Report"));
	assert_false(ds_doctype_is_known(NULL));
	for (i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		t = ds_doctype_from_label(labels[i].label,
					  strlen(labels[i].label));
		if (labels[i].type == NULL ? t != NULL :
		    t == NULL || strcmp(t, labels[i].type) != 0)
			fail_msg("label [%s]: %s, expected %s", labels[i].label,
				 t ? t : "none",
				 labels[i].type ? labels[i].type : "none");
	}
	t = ds_doctype_from_govuk("html_publication", "policy_paper");
	assert_string_equal(t, "policy-paper");
	assert_null(ds_doctype_from_govuk("html_publication", NULL));
	assert_null(ds_doctype_from_govuk("html_publication",
					  "html_publication"));
	assert_string_equal(ds_doctype_from_govuk("speech", "policy_paper"),
			    "speech");
	assert_null(ds_doctype_from_govuk(NULL, NULL));
	for (i = 0; i < sizeof guesses / sizeof guesses[0]; i++) {
		t = ds_doctype_guess(guesses[i].title, guesses[i].url);
		if (guesses[i].type == NULL ? t != NULL :
		    t == NULL || strcmp(t, guesses[i].type) != 0)
			fail_msg("guess [%s] [%s]: %s, expected %s",
				 guesses[i].title ? guesses[i].title : "",
				 guesses[i].url ? guesses[i].url : "",
				 t ? t : "none",
				 guesses[i].type ? guesses[i].type : "none");
	}
	for (i = 0; i < sizeof govuk_urls / sizeof govuk_urls[0]; i++) {
		t = ds_doctype_from_govuk_url(govuk_urls[i].url);
		if (govuk_urls[i].type == NULL ? t != NULL :
		    t == NULL || strcmp(t, govuk_urls[i].type) != 0)
			fail_msg("GOV.UK URL [%s]: %s, expected %s",
				 govuk_urls[i].url ? govuk_urls[i].url : "",
				 t ? t : "none",
				 govuk_urls[i].type ? govuk_urls[i].type :
						      "none");
	}
}

/* Fields the document does not provide are kept. */
static void
test_html_keeps_fields(void **state)
{
	struct ds_error err = { 0, "" };
	struct ds_doc doc;

	(void)state;
	ds_doc_init(&doc);
	ds_doc_set_field(&doc.title, "Preset", 6, NULL);
	ds_doc_set_field(&doc.url, "https://example.org/", 20, NULL);
	assert_int_equal(ds_extract_html("<p>no title</p>", 15, NULL, NULL,
					 &doc, &err), 0);
	assert_string_equal(doc.title, "Preset");
	assert_string_equal(doc.url, "https://example.org/");
	ds_doc_release(&doc);
}

/* A glued word longer than 64 bytes is split where its pieces meet; a
 * long token in one piece stays whole. */
static void
test_html_long_glued_words(void **state)
{
	char html[4096], expect[4096];
	size_t n = 0, e = 0;
	struct ds_doc doc;
	char *text;
	int i;

	(void)state;
	n += (size_t)snprintf(html + n, sizeof html - n, "<p>START");
	e += (size_t)snprintf(expect + e, sizeof expect - e, "START");
	for (i = 0; i < 40; i++) {
		n += (size_t)snprintf(html + n, sizeof html - n,
				      "<span>ab</span>");
		e += (size_t)snprintf(expect + e, sizeof expect - e, " ab");
	}
	snprintf(html + n, sizeof html - n, " end</p>");
	snprintf(expect + e, sizeof expect - e, " end");
	extract(html, NULL, &doc);
	text = body_text(&doc);
	assert_string_equal(text, expect);
	free(text);
	ds_doc_release(&doc);

	memset(html, 0, sizeof html);
	memcpy(html, "<p>", 3);
	memset(html + 3, 'x', 100);
	memcpy(html + 103, "<b>y</b> z</p>", 14);
	extract(html, NULL, &doc);
	text = body_text(&doc);
	assert_int_equal(strlen(text), 103);
	assert_true(strncmp(text + 99, "xy z", 4) == 0);
	free(text);
	ds_doc_release(&doc);
}

/* opts->max_text_bytes caps the text; metadata is still read. */
static void
test_html_text_cap(void **state)
{
	struct ds_extract_opts opts = { 0, 20 };
	struct ds_doc doc;

	(void)state;
	extract("<title>T</title><p>caf\xc3\xa9 one two three four five six "
		"seven</p><h2>Later</h2><p>more</p>", &opts, &doc);
	assert_true(doc.truncated);
	assert_true(doc.text_bytes <= 20);
	assert_string_equal(doc.title, "T");
	ds_doc_release(&doc);
}

/* Huge headings, descriptions and titles are capped, not copied whole. */
static void
test_html_caps(void **state)
{
	size_t big = 100000, n;
	struct ds_doc doc;
	char *html;

	(void)state;
	html = malloc(3 * big + 200);
	assert_non_null(html);
	memcpy(html, "<title>", 7);
	n = 7;
	memset(html + n, 't', big);
	n += big;
	memcpy(html + n, "</title><meta name=description content=\"", 40);
	n += 40;
	memset(html + n, 'd', big);
	n += big;
	memcpy(html + n, "\"><h2>", 6);
	n += 6;
	memset(html + n, 'h', big);
	n += big;
	memcpy(html + n, "</h2><p>x</p>", 14);
	extract(html, NULL, &doc);
	assert_true(strlen(doc.title) <= 2048);
	assert_true(strlen(doc.description) <= 2048);
	assert_int_equal(doc.nsections, 1);
	assert_true(strlen(doc.sections[0].heading) <= 1024);
	free(html);
	ds_doc_release(&doc);
}

/* Parser stops are warnings, and so is a document without text. */
static void
test_html_warnings(void **state)
{
	struct ds_error err = { 0, "" };
	struct ds_doc doc;
	char *html;
	size_t i, n = 0;

	(void)state;
	html = malloc(300 * 5 + 100);
	assert_non_null(html);
	for (i = 0; i < 300; i++, n += 5)
		memcpy(html + n, "<div>", 5);
	memcpy(html + n, "deep</div>", 11);
	extract(html, NULL, &doc);
	assert_non_null(doc.warning);
	assert_non_null(strstr(doc.warning, "nested deeper"));
	assert_non_null(strstr(doc.warning, "no text"));
	ds_doc_release(&doc);
	free(html);

	ds_doc_init(&doc);
	assert_int_equal(ds_extract_html(NULL, 0, NULL, NULL, &doc, &err), 0);
	assert_string_equal(doc.warning, "empty file");
	ds_doc_release(&doc);

	extract("<html><body> <p> </p> </body></html>", NULL, &doc);
	assert_non_null(strstr(doc.warning, "no text in"));
	ds_doc_release(&doc);

	extract("<p>fine</p>", NULL, &doc);
	assert_null(doc.warning);
	ds_doc_release(&doc);
}

/* ---------------------------------------------------------------------
 * Charsets
 * ------------------------------------------------------------------- */

/* One row: bytes (with length) in, what was decoded and the exact output. */
struct charset_case {
	const char *what;
	const char *in;
	size_t len;
	enum ds_charset_markup markup;
	const char *hint;
	const char *name;	/* info.name */
	const char *out;	/* the whole output */
	int overruled;
	size_t replaced;
};

#define B(s) s, sizeof s - 1

static const struct charset_case charset_cases[] = {
	{ "ASCII", B("plain"), DS_CHARSET_TEXT, NULL, "UTF-8", "plain", 0, 0 },
	{ "empty", B(""), DS_CHARSET_HTML, NULL, "UTF-8", "", 0, 0 },
	{ "valid UTF-8", B("caf\xc3\xa9 \xe6\x97\xa5"), DS_CHARSET_TEXT, NULL,
	  "UTF-8", "caf\xc3\xa9 \xe6\x97\xa5", 0, 0 },
	{ "undeclared Latin-1 is windows-1252", B("caf\xe9 d\xe9j\xe0"),
	  DS_CHARSET_TEXT, NULL, "windows-1252",
	  "caf\xc3\xa9 d\xc3\xa9j\xc3\xa0", 0, 0 },
	{ "0x80-0x9F are windows-1252, not C1",
	  B("\x80 \x93q\x94 \x96 \x85 \x9f"), DS_CHARSET_TEXT, NULL,
	  "windows-1252", "\xe2\x82\xac \xe2\x80\x9cq\xe2\x80\x9d \xe2\x80\x93"
	  " \xe2\x80\xa6 \xc5\xb8", 0, 0 },
	{ "undefined windows-1252 bytes", B("a\x81" "b\x8d" "c"),
	  DS_CHARSET_TEXT, NULL, "windows-1252",
	  "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c", 0, 2 },
	{ "UTF-8 BOM wins over the meta",
	  B("\xef\xbb\xbf<meta charset=\"windows-1252\">caf\xc3\xa9"),
	  DS_CHARSET_HTML, NULL, "UTF-8",
	  "<meta charset=\"windows-1252\">caf\xc3\xa9", 0, 0 },
	{ "UTF-16LE with BOM", B("\xff\xfe" "a\0\xe9\0=\xd8\0\xde"),
	  DS_CHARSET_HTML, NULL, "UTF-16LE", "a\xc3\xa9\xf0\x9f\x98\x80", 0, 0 },
	{ "UTF-16BE with BOM", B("\xfe\xff\0a\0\xe9\xd8=\xde\0"),
	  DS_CHARSET_HTML, NULL, "UTF-16BE", "a\xc3\xa9\xf0\x9f\x98\x80", 0, 0 },
	{ "UTF-16: lone surrogates and an odd byte",
	  B("\xff\xfe" "a\0\0\xd8" "b\0\0\xdc" "c"), DS_CHARSET_TEXT, NULL,
	  "UTF-16LE", "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd", 0, 3 },
	{ "UTF-16LE without BOM",
	  B("<\0p\0>\0h\0i\0 \0\xe9\0<\0/\0p\0>\0"), DS_CHARSET_HTML, NULL,
	  "UTF-16LE", "<p>hi \xc3\xa9</p>", 0, 0 },
	{ "UTF-16BE without BOM", B("\0<\0p\0>\0h\0i\0<\0/\0p\0>"),
	  DS_CHARSET_HTML, NULL, "UTF-16BE", "<p>hi</p>", 0, 0 },
	{ "declared UTF-8, bytes Latin-1",
	  B("<meta charset=utf-8>caf\xe9 na\xefve"), DS_CHARSET_HTML, NULL,
	  "windows-1252", "<meta charset=utf-8>caf\xc3\xa9 na\xc3\xafve", 1, 0 },
	{ "declared Latin-1, bytes UTF-8",
	  B("<meta charset=\"iso-8859-1\">caf\xc3\xa9 \xe2\x82\xac"),
	  DS_CHARSET_HTML, NULL, "UTF-8",
	  "<meta charset=\"iso-8859-1\">caf\xc3\xa9 \xe2\x82\xac", 1, 0 },
	{ "declared Latin-1, ASCII bytes", B("<meta charset=latin1>ok"),
	  DS_CHARSET_HTML, NULL, "windows-1252", "<meta charset=latin1>ok",
	  0, 0 },
	{ "declared UTF-16 on ASCII (HTML5)", B("<meta charset=utf-16>ok"),
	  DS_CHARSET_HTML, NULL, "UTF-8", "<meta charset=utf-16>ok", 1, 0 },
	{ "unknown label is ignored",
	  B("<meta charset=x-no-such-charset>caf\xe9"), DS_CHARSET_HTML, NULL,
	  "windows-1252", "<meta charset=x-no-such-charset>caf\xc3\xa9", 1, 0 },
	{ "ISO-8859-2 through iconv", B("<meta charset=iso-8859-2>\xb1"),
	  DS_CHARSET_HTML, NULL, "ISO-8859-2", "<meta charset=iso-8859-2>\xc4\x85",
	  0, 0 },
	{ "KOI8-R through iconv",
	  B("<meta http-equiv=Content-Type content='text/html; charset=koi8-r'>"
	    "\xf0\xd2\xc9\xd7\xc5\xd4"), DS_CHARSET_HTML, NULL, "KOI8-R",
	  "<meta http-equiv=Content-Type content='text/html; charset=koi8-r'>"
	  "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", 0, 0 },
	{ "Shift_JIS through iconv", B("<meta charset=shift_jis>\x93\xfa\x96\x7b"),
	  DS_CHARSET_HTML, NULL, "SHIFT_JIS",
	  "<meta charset=shift_jis>\xe6\x97\xa5\xe6\x9c\xac", 0, 0 },
	{ "ISO-2022-JP matters even on 7-bit bytes",
	  B("<meta charset=iso-2022-jp>\x1b$BF|K\\\x1b(B"), DS_CHARSET_HTML,
	  NULL, "ISO-2022-JP", "<meta charset=iso-2022-jp>\xe6\x97\xa5\xe6\x9c\xac",
	  0, 0 },
	{ "iconv: invalid bytes become U+FFFD",
	  B("<meta charset=shift_jis>a\x81"), DS_CHARSET_HTML, NULL,
	  "SHIFT_JIS", "<meta charset=shift_jis>a\xef\xbf\xbd", 0, 1 },
	{ "mostly UTF-8 keeps the good text",
	  B("caf\xc3\xa9 caf\xc3\xa9 \xff na\xc3\xafve"), DS_CHARSET_TEXT, NULL,
	  "UTF-8", "caf\xc3\xa9 caf\xc3\xa9 \xef\xbf\xbd na\xc3\xafve", 0, 1 },
	{ "the hint beats the meta",
	  B("<meta charset=utf-8>caf\xe9"), DS_CHARSET_HTML, "windows-1252",
	  "windows-1252", "<meta charset=utf-8>caf\xc3\xa9", 0, 0 },
	{ "XML declaration",
	  B("<?xml version='1.0' encoding='ISO-8859-1'?><a>caf\xe9</a>"),
	  DS_CHARSET_XML, NULL, "windows-1252",
	  "<?xml version='1.0' encoding='ISO-8859-1'?><a>caf\xc3\xa9</a>", 0, 0 },
	{ "TEXT ignores markup declarations", B("<meta charset=koi8-r>\xe9"),
	  DS_CHARSET_TEXT, NULL, "windows-1252", "<meta charset=koi8-r>\xc3\xa9",
	  0, 0 },
	{ "NUL and controls in text become spaces", B("a\0b\x01" "c\td\ne\rf"),
	  DS_CHARSET_TEXT, NULL, "UTF-8", "a b c\td\ne\rf", 0, 0 },
	{ "NUL inside a tag is dropped", B("<di\0v a=\"x\0y\">t\0u</div>"),
	  DS_CHARSET_HTML, NULL, "UTF-8", "<div a=\"xy\">t u</div>", 0, 0 },
	{ "U+FFFE and U+FFFF become U+FFFD", B("a\xef\xbf\xbe" "b\xef\xbf\xbf"),
	  DS_CHARSET_TEXT, NULL, "UTF-8", "a\xef\xbf\xbd" "b\xef\xbf\xbd", 0, 2 },
	{ "a U+FFFD in the input is not a loss", B("a\xef\xbf\xbd" "b"),
	  DS_CHARSET_TEXT, NULL, "UTF-8", "a\xef\xbf\xbd" "b", 0, 0 },
};

/* Every row of charset_cases through ds_charset_to_utf8. */
static void
test_charset_table(void **state)
{
	struct ds_charset_info info;
	struct ds_error err = { 0, "" };
	size_t i, n;
	char *out;

	(void)state;
	for (i = 0; i < sizeof charset_cases / sizeof charset_cases[0]; i++) {
		const struct charset_case *c = &charset_cases[i];

		if (ds_charset_to_utf8(c->in, c->len, c->markup, c->hint, &out,
				       &n, &info, &err) != 0)
			fail_msg("%s: %s", c->what, err.msg);
		if (strcmp(info.name, c->name))
			fail_msg("%s: read as %s, expected %s", c->what,
				 info.name, c->name);
		if (n != strlen(c->out) || memcmp(out, c->out, n) != 0)
			fail_msg("%s: got [%s], expected [%s]", c->what, out,
				 c->out);
		if (info.overruled != c->overruled)
			fail_msg("%s: overruled %d", c->what, info.overruled);
		if (info.replaced != c->replaced)
			fail_msg("%s: replaced %zu, expected %zu", c->what,
				 info.replaced, c->replaced);
		assert_int_equal(out[n], '\0');
		assert_true(ds_utf8_valid(out, n));
		free(out);
	}
}

/* Where the encoding decision came from. */
static void
test_charset_sources(void **state)
{
	struct ds_charset_info info;
	size_t n;
	char *out;

	(void)state;
	assert_int_equal(ds_charset_to_utf8("\xef\xbb\xbfx", 4,
					    DS_CHARSET_HTML, NULL, &out, &n,
					    &info, NULL), 0);
	assert_int_equal(info.source, DS_CHARSET_FROM_BOM);
	free(out);
	assert_int_equal(ds_charset_to_utf8("<meta charset=latin1>\xe9", 22,
					    DS_CHARSET_HTML, NULL, &out, &n,
					    &info, NULL), 0);
	assert_int_equal(info.source, DS_CHARSET_FROM_DECLARATION);
	assert_string_equal(info.declared, "windows-1252");
	free(out);
	assert_int_equal(ds_charset_to_utf8("x\xe9", 2, DS_CHARSET_HTML,
					    "latin1", &out, &n, &info, NULL),
			 0);
	assert_int_equal(info.source, DS_CHARSET_FROM_HINT);
	free(out);
	assert_int_equal(ds_charset_to_utf8("x\xe9", 2, DS_CHARSET_HTML, NULL,
					    &out, &n, &info, NULL), 0);
	assert_int_equal(info.source, DS_CHARSET_FROM_SNIFFING);
	assert_string_equal(info.declared, "");
	free(out);
	/* info may be NULL. */
	assert_int_equal(ds_charset_to_utf8("x", 1, DS_CHARSET_TEXT, NULL,
					    &out, &n, NULL, NULL), 0);
	free(out);
}

/* Random bytes in every mode: the output invariants always hold. */
static void
test_charset_random(void **state)
{
	static const char *hints[] = { NULL, "utf-16", "shift_jis", "latin1" };
	uint32_t seed = 12345;
	char buf[512], *out;
	size_t i, j, len, n;

	(void)state;
	for (i = 0; i < 2000; i++) {
		len = i % sizeof buf;
		for (j = 0; j < len; j++) {
			seed = seed * 1103515245 + 12345;
			/* Mostly markup-ish ASCII, some high and NUL bytes. */
			buf[j] = (seed >> 16) % 7 == 0 ? (char)(seed >> 8) :
				 "<a =\"'>/\0x"[(seed >> 20) % 10];
		}
		assert_int_equal(ds_charset_to_utf8(buf, len,
						    (enum ds_charset_markup)(i % 3),
						    hints[i % 4], &out, &n,
						    NULL, NULL), 0);
		assert_true(ds_utf8_valid(out, n));
		assert_true(n <= DS_CHARSET_MAX_GROWTH * len + 4);
		for (j = 0; j < n; j++)
			assert_true((unsigned char)out[j] >= 0x20 ||
				    out[j] == '\t' || out[j] == '\n' ||
				    out[j] == '\r');
		free(out);
	}
}

/* The declaration finder: HTML5 prescan and XML declarations. */
static void
test_charset_declarations(void **state)
{
	static const struct {
		const char *in;
		enum ds_charset_markup markup;
		const char *label;	/* NULL: none */
	} rows[] = {
		{ "<meta charset=\"utf-8\">", DS_CHARSET_HTML, "utf-8" },
		{ "<META CHARSET=latin1>", DS_CHARSET_HTML, "latin1" },
		{ "<meta http-equiv=\"Content-Type\" content=\"text/html; "
		  "charset=ISO-8859-1\">", DS_CHARSET_HTML, "ISO-8859-1" },
		{ "<meta content=\"text/html; charset='koi8-r'\" "
		  "http-equiv=content-type>", DS_CHARSET_HTML, "koi8-r" },
		{ "<meta content=\"text/html; charset=koi8-r\">",
		  DS_CHARSET_HTML, NULL },
		{ "<!-- <meta charset=\"koi8-r\"> --><meta charset=utf-8>",
		  DS_CHARSET_HTML, "utf-8" },
		{ "<div title='<meta charset=koi8-r>'><meta charset=utf-8>",
		  DS_CHARSET_HTML, "utf-8" },
		{ "<meta name=x><meta charset = ' cp1252 ' >", DS_CHARSET_HTML,
		  "cp1252" },
		{ "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a/>",
		  DS_CHARSET_XML, "Shift_JIS" },
		{ "<?xml version='1.0' encoding = 'utf-8' ?><html>",
		  DS_CHARSET_HTML, "utf-8" },
		{ "<?xml version=\"1.0\"?><meta charset=latin1>", DS_CHARSET_XML,
		  NULL },
		{ "<meta charset=utf-8>", DS_CHARSET_TEXT, NULL },
		{ "<!-- unterminated <meta charset=utf-8>", DS_CHARSET_HTML,
		  NULL },
	};
	char label[32], big[5000 + 32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		bool found = ds_charset_find_declaration(rows[i].in,
							 strlen(rows[i].in),
							 rows[i].markup, label,
							 sizeof label);

		if (found != (rows[i].label != NULL) ||
		    (found && strcmp(label, rows[i].label)))
			fail_msg("[%s]: found %d [%s]", rows[i].in, found,
				 found ? label : "");
	}
	/* Past the prescan window it is not looked for. */
	memset(big, ' ', 5000);
	memcpy(big + 5000, "<meta charset=utf-8>", 21);
	assert_false(ds_charset_find_declaration(big, strlen(big),
						 DS_CHARSET_HTML, label,
						 sizeof label));
}

/* Labels: aliases, iconv names, and what is refused. */
static void
test_charset_lookup(void **state)
{
	static const struct {
		const char *label, *name;
	} rows[] = {
		{ "UTF8", "UTF-8" }, { " utf-8 ", "UTF-8" },
		{ "latin1", "windows-1252" }, { "ISO-8859-1", "windows-1252" },
		{ "ASCII", "windows-1252" }, { "us-ascii", "windows-1252" },
		{ "utf-16le", "UTF-16LE" }, { "UCS-2", "UTF-16" },
		{ "koi8-r", "KOI8-R" }, { "Shift_JIS", "SHIFT_JIS" },
		{ "gb2312", "GBK" }, { "iso-8859-15", "ISO-8859-15" },
		{ "x-no-such-charset", NULL }, { "utf-7", NULL },
		{ "EBCDIC-US", NULL }, { "ut\xc3\xa9", NULL }, { "", NULL },
		{ "a-label-that-is-far-too-long-to-be-one", NULL },
		{ "utf 8", NULL },
	};
	char name[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		bool ok = ds_charset_lookup(rows[i].label, name, sizeof name);

		if (ok != (rows[i].name != NULL) ||
		    (ok && strcmp(name, rows[i].name)))
			fail_msg("[%s]: %d [%s]", rows[i].label, ok,
				 ok ? name : "");
	}
	assert_false(ds_charset_lookup("utf-8", name, 3));
}

/* The UTF-16 sniffer. */
static void
test_charset_sniff_utf16(void **state)
{
	(void)state;
	assert_int_equal(ds_charset_sniff_utf16("h\0e\0l\0l\0o\0", 10), 1);
	assert_int_equal(ds_charset_sniff_utf16("\0h\0e\0l\0l\0o", 10), 2);
	assert_int_equal(ds_charset_sniff_utf16("hello", 5), 0);
	assert_int_equal(ds_charset_sniff_utf16("h\0", 2), 0);
	/* 16-bit binary data: the "low bytes" are control characters. */
	assert_int_equal(ds_charset_sniff_utf16("\x01\0\x02\0\x03\0\x04\0",
						8), 0);
}

/* Charset problems as the HTML extractor sees them. */
static void
test_html_charsets(void **state)
{
	static const struct {
		const char *html;
		size_t len;
		const char *text;
	} rows[] = {
		{ B("<meta charset=windows-1252><p>\x93q\x94 \x80</p>"),
		  "\xe2\x80\x9cq\xe2\x80\x9d \xe2\x82\xac" },
		{ B("\xef\xbb\xbf<meta charset=windows-1252><p>caf\xc3\xa9"),
		  "caf\xc3\xa9" },
		{ B("\xff\xfe<\0p\0>\0\xe5\x65,g<\0/\0p\0>\0"),
		  "\xe6\x97\xa5\xe6\x9c\xac" },
		{ B("<p>before\0after</p><p>tail"), "before after\ntail" },
		{ B("<meta charset=utf-8><p>caf\xe9</p>"), "caf\xc3\xa9" },
	};
	struct ds_error err = { 0, "" };
	struct ds_doc doc;
	size_t i;
	char *text;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		ds_doc_init(&doc);
		assert_int_equal(ds_extract_html(rows[i].html, rows[i].len,
						 NULL, NULL, &doc, &err), 0);
		check_doc(&doc);
		text = body_text(&doc);
		if (strcmp(text, rows[i].text))
			fail_msg("row %zu: [%s], expected [%s]", i, text,
				 rows[i].text);
		free(text);
		ds_doc_release(&doc);
	}
}

/* ---------------------------------------------------------------------
 * Plain text
 * ------------------------------------------------------------------- */

/* Lines join, blank lines make paragraphs, the first line is the title. */
static void
test_text_extractor(void **state)
{
	const char *in = "\n  # The title #  \nsecond line\r\n\n \t \nnew "
			 "paragraph caf\xe9\n";
	struct ds_error err = { 0, "" };
	struct ds_doc doc;
	char *text;

	(void)state;
	ds_doc_init(&doc);
	assert_int_equal(ds_extract_text(in, strlen(in), "t.txt", NULL, &doc,
					 &err), 0);
	check_doc(&doc);
	assert_string_equal(doc.format, "text");
	assert_string_equal(doc.title, "The title");
	text = body_text(&doc);
	assert_string_equal(text, "# The title # second line\nnew paragraph "
			    "caf\xc3\xa9");
	free(text);
	assert_int_equal(doc.nsections, 1);
	assert_null(doc.sections[0].heading);
	ds_doc_release(&doc);

	/* A title already set is kept; UTF-16 is decoded; cap respected. */
	ds_doc_init(&doc);
	ds_doc_set_field(&doc.title, "Kept", 4, NULL);
	assert_int_equal(ds_extract_text("\xff\xfeh\0i\0", 6, NULL, NULL,
					 &doc, &err), 0);
	assert_string_equal(doc.title, "Kept");
	assert_string_equal(doc.sections[0].text, "hi");
	ds_doc_release(&doc);

	ds_doc_init(&doc);
	assert_int_equal(ds_extract_text("", 0, NULL, NULL, &doc, &err), 0);
	assert_string_equal(doc.warning, "empty file");
	ds_doc_release(&doc);
}

/* ---------------------------------------------------------------------
 * Files: sniffing and reading
 * ------------------------------------------------------------------- */

/* Extract a fixture; returns the result code and fills doc and err. */
static int
extract_fixture(const char *name, struct ds_doc *doc, struct ds_error *err)
{
	char path[4096];
	int rc;

	src_path(path, sizeof path, "tests/fixtures/extract", name);
	ds_doc_init(doc);
	ds_error_clear(err);
	rc = ds_extract_file(path, NULL, doc, err);
	if (rc == 0)
		check_doc(doc);
	return rc;
}

/* Which extractor each fixture gets, and what comes out. */
static void
test_file_sniffing(void **state)
{
	static const struct {
		const char *name;
		int rc;
		const char *format, *title, *text;	/* or the message */
	} rows[] = {
		{ "plain.txt", 0, "text", "Annual report 2014",
		  "Annual report 2014 second line of the first paragraph\n"
		  "A new paragraph." },
		{ "notes.md", 0, "text", "Markdown title", NULL },
		{ "fragment.html", 0, "html", "Fragment Act 2014",
		  "fragment body" },
		{ "noext-html", 0, "html", "No extension", "sniffed as html" },
		{ "nomarkup.htm", 0, "html", NULL, "just words, no markup at all" },
		{ "readme", 0, "text", "Just text", "Just text with two lines" },
		{ "page.xhtml", 0, "html", "XHTML page", "xhtml body" },
		{ "prefixed.xml", 0, "html", "Prefixed", "prefixed body" },
		/* XML goes to extract-xml.c (its details: test-extract-xml.c) */
		{ "generic.xml", 0, "xml", "Generic XML", NULL },
		{ "rootonly.xml", 0, "xml", NULL, NULL },
		{ "doctype.xml", 0, "xml", NULL, NULL },
		{ "fake.pdf", DS_EFORMAT, NULL, NULL, "PDF is not supported yet" },
	};
	struct ds_error err;
	struct ds_doc doc;
	char dir[4096], *text;
	size_t i;
	int rc;

	(void)state;
	if (!is_dir(src_path(dir, sizeof dir, "tests/fixtures/extract", NULL)))
		SKIP_TEST("%s is absent (set top_srcdir)\n", dir);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		rc = extract_fixture(rows[i].name, &doc, &err);
		if (rc != rows[i].rc)
			fail_msg("%s: rc %d (%s), expected %d", rows[i].name,
				 rc, err.msg, rows[i].rc);
		if (rc != 0) {
			assert_non_null(strstr(err.msg, rows[i].text));
			assert_non_null(strstr(err.msg, rows[i].name));
			ds_doc_release(&doc);
			continue;
		}
		assert_string_equal(doc.format, rows[i].format);
		if (rows[i].title)
			assert_string_equal(doc.title, rows[i].title);
		text = body_text(&doc);
		if (rows[i].text && strcmp(text, rows[i].text))
			fail_msg("%s: [%s]", rows[i].name, text);
		assert_non_null(strstr(doc.path, rows[i].name));
		assert_true(doc.size > 0 && doc.mtime > 0);
		free(text);
		ds_doc_release(&doc);
	}
}

/* A temporary directory for files made by the tests; removed with rm_tmp. */
static char tmpdir[64];

/* Group setup: make tmpdir. */
static int
make_tmp(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test-extract-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

/* Group teardown: remove tmpdir and what is in it (one level deep). */
static int
rm_tmp(void **state)
{
	char path[4096];
	struct dirent *e;
	DIR *d;

	(void)state;
	if ((d = opendir(tmpdir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
			if (rmdir(path) != 0)
				unlink(path);
		}
		closedir(d);
	}
	rmdir(tmpdir);
	xmlCleanupParser();
	return 0;
}

/* Formats recognised by content or name but not read (yet). */
static void
test_file_unsupported(void **state)
{
	static const struct {
		const char *name;
		const char *data;
		size_t len;
		const char *msg;
	} rows[] = {
		/* (gzip is read now: see test-gzip.c) */
		{ "late.pdf.txt", B("\n\n%PDF-1.7\n"), "PDF is not supported yet" },
		{ "image.html", B("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
		  "binary file (PNG image)" },
		{ "data.bin", B("\0\0\0\x01\x02\x03\0\0x\0\0\0\x05"),
		  "binary file" },
		{ "zlib.html", B("x\xda\xcb\x48\xcd\xc9\xc9\x07\0"),
		  "binary file" },
	};
	struct ds_error err;
	struct ds_doc doc;
	char path[4096];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		write_file(path, sizeof path, tmpdir, rows[i].name,
			   rows[i].data, rows[i].len);
		ds_doc_init(&doc);
		ds_error_clear(&err);
		assert_int_equal(ds_extract_file(path, NULL, &doc, &err),
				 DS_EFORMAT);
		if (!strstr(err.msg, rows[i].msg) || !strstr(err.msg, path))
			fail_msg("%s: [%s]", rows[i].name, err.msg);
		ds_doc_release(&doc);
	}
	/* UTF-16 text is text, not a binary file, even with its NULs. */
	write_file(path, sizeof path, tmpdir, "u16.txt", "\xff\xfeh\0i\0", 6);
	ds_doc_init(&doc);
	assert_int_equal(ds_extract_file(path, NULL, &doc, &err), 0);
	assert_string_equal(doc.sections[0].text, "hi");
	ds_doc_release(&doc);
}

/* ds_read_file: contents, limits, special files, messages. */
static void
test_read_file(void **state)
{
	struct ds_error err;
	struct stat st;
	char path[4096], *buf;
	size_t len;
	struct ds_stamp stamp;

	(void)state;
	write_file(path, sizeof path, tmpdir, "hundred", "0123456789" "0123456789"
		   "0123456789" "0123456789" "0123456789" "0123456789"
		   "0123456789" "0123456789" "0123456789" "0123456789", 100);
	assert_int_equal(ds_read_file(path, 100, &buf, &len, &stamp, &err), 0);
	assert_int_equal(len, 100);
	assert_int_equal(buf[100], '\0');
	assert_int_equal(stat(path, &st), 0);
	/* The stamp: size and time as stat says, the hash of the bytes. */
	assert_true(ds_stamp_matches_stat(&stamp, &st));
	assert_int_equal(stamp.size, 100);
	assert_true(stamp.hash == ds_hash64(DS_HASH_INIT, buf, len));
	free(buf);
	assert_int_equal(ds_read_file(path, 0, &buf, &len, NULL, &err), 0);
	free(buf);
	assert_int_equal(ds_read_file(path, 99, &buf, &len, NULL, &err),
			 DS_ETOOBIG);
	assert_null(buf);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "limit"));

	write_file(path, sizeof path, tmpdir, "empty", "", 0);
	assert_int_equal(ds_read_file(path, 10, &buf, &len, NULL, &err), 0);
	assert_int_equal(len, 0);
	assert_string_equal(buf, "");
	free(buf);

	/* A FIFO is refused at once, not waited on. */
	snprintf(path, sizeof path, "%s/fifo.html", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(ds_read_file(path, 10, &buf, &len, NULL, &err),
			 DS_ESKIP);
	assert_non_null(strstr(err.msg, "FIFO"));
	assert_non_null(strstr(err.msg, path));

	assert_int_equal(ds_read_file(tmpdir, 10, &buf, &len, NULL, &err),
			 DS_ESKIP);
	assert_non_null(strstr(err.msg, "directory"));
	assert_int_equal(ds_read_file("/dev/null", 10, &buf, &len, NULL, &err),
			 DS_ESKIP);
	assert_non_null(strstr(err.msg, "character device"));

	snprintf(path, sizeof path, "%s/missing.html", tmpdir);
	assert_int_equal(ds_read_file(path, 10, &buf, &len, NULL, &err),
			 DS_ENOENT);
	assert_non_null(strstr(err.msg, "missing.html"));
	assert_non_null(strstr(err.msg, "No such file"));

	/* procfs reports size 0 for a file with content: to the reader that
	 * is a file that changed while read, so it reads once more, then
	 * gives up rather than return a mixture. */
	if (access("/proc/self/status", R_OK) == 0) {
		assert_int_equal(ds_read_file("/proc/self/status", 0, &buf,
					      &len, NULL, &err), DS_EIO);
		assert_non_null(strstr(err.msg, "changed while"));
		assert_null(buf);
	}

	/* Root reads mode 000 files, so only test that as someone else. */
	if (geteuid() != 0) {
		write_file(path, sizeof path, tmpdir, "secret", "s", 1);
		assert_int_equal(chmod(path, 0), 0);
		assert_int_equal(ds_read_file(path, 10, &buf, &len, NULL, &err),
				 DS_EIO);
		assert_non_null(strstr(err.msg, "Permission denied"));
	}
}

/* ds_extract_file fills path, size and mtime; odd names stay one line. */
static void
test_file_fields(void **state)
{
	struct ds_error err;
	struct ds_doc doc;
	char path[4096];

	(void)state;
	write_file(path, sizeof path, tmpdir, "new\nline\xff.html",
		   "<p>odd name</p>", 15);
	ds_doc_init(&doc);
	assert_int_equal(ds_extract_file(path, NULL, &doc, &err), 0);
	check_doc(&doc);
	assert_non_null(strstr(doc.path, "new%0Aline%FF.html"));
	assert_int_equal(doc.size, 15);
	assert_true(doc.mtime > 0);
	ds_doc_release(&doc);

	write_file(path, sizeof path, tmpdir, "big.html", "<p>0123456789</p>",
		   17);
	{
		struct ds_extract_opts opts = { 16, 0 };

		ds_doc_init(&doc);
		assert_int_equal(ds_extract_file(path, &opts, &doc, &err),
				 DS_ETOOBIG);
		ds_doc_release(&doc);
	}
}

/* Several threads extracting at once get what one thread gets. */
struct thread_job {
	const char *html;
	const char *expect;
	int failures;
};

/* Thread body: extract the same document many times. */
static void *
thread_main(void *arg)
{
	struct thread_job *job = arg;
	struct ds_error err;
	struct ds_doc doc;
	int i;

	for (i = 0; i < 50; i++) {
		ds_doc_init(&doc);
		if (ds_extract_html(job->html, strlen(job->html), NULL, NULL,
				    &doc, &err) != 0 ||
		    doc.nsections != 2 || doc.warning == NULL ||
		    strcmp(doc.sections[1].text, job->expect) != 0)
			job->failures++;
		ds_doc_release(&doc);
	}
	return NULL;
}

/* The extractor is thread-safe (errors are per parser context). */
static void
test_threads(void **state)
{
	struct thread_job jobs[4];
	pthread_t th[4];
	char *deep;
	size_t i, n = 0;

	(void)state;
	/* Tag soup (parser errors) and a depth-limit stop (a warning). */
	deep = malloc(300 * 5 + 200);
	assert_non_null(deep);
	n = (size_t)snprintf(deep, 200, "<p>pre<b>x</p><h2>H</h2>"
			     "<p>a<i>b</p></span>c");
	for (i = 0; i < 300; i++, n += 5)
		memcpy(deep + n, "<div>", 5);
	memcpy(deep + n, "lost</div>", 11);
	for (i = 0; i < 4; i++) {
		jobs[i].html = deep;
		jobs[i].expect = "ab\nc";
		jobs[i].failures = 0;
		assert_int_equal(pthread_create(&th[i], NULL, thread_main,
						&jobs[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(jobs[i].failures, 0);
	}
	free(deep);
}

/* ---------------------------------------------------------------------
 * Real documents (corpus/)
 * ------------------------------------------------------------------- */

/* Whether the corpus is there to test with (else say so). */
static int
have_corpus(void)
{
	char path[4096];

	return is_dir(src_path(path, sizeof path, "corpus", NULL));
}

/* Extract corpus/rel into doc. */
static void
extract_corpus(const char *rel, struct ds_doc *doc)
{
	struct ds_error err = { 0, "" };
	char path[4096];

	src_path(path, sizeof path, "corpus", rel);
	ds_doc_init(doc);
	if (ds_extract_file(path, NULL, doc, &err) != 0)
		fail_msg("%s", err.msg);
	check_doc(doc);
	assert_null(doc->warning);
}

/* The document Dossier started from: title without the site name, no
 * header, navigation, share links or footer. */
static void
test_corpus_compactvoice(void **state)
{
	static const char *const furniture[] = {
		"About the Compact", "Contact us", "Share this", "Twitter",
		"Facebook", "Back to top", "Charity registration", "Pedalo",
	};
	struct ds_doc doc;
	char *text;
	size_t i;

	(void)state;
	if (!have_corpus())
		SKIP_TEST("%s/corpus is absent\n", srcdir());
	extract_corpus("compactvoice/nao-follow-up-report.html", &doc);
	assert_string_equal(doc.title, "Our take on the NAO's follow up "
			    "report: Some improvements seen, more work needed.");
	assert_string_equal(doc.lang, "en");	/* <html lang="en-GB"> */
	assert_true(strncmp(doc.description, "Compact Voice responds", 22) == 0);
	assert_string_equal(doc.sections[0].heading, doc.title);
	assert_int_equal(doc.sections[0].level, 1);
	text = body_text(&doc);
	assert_true(has_word(text, "consultation"));
	assert_true(has_word(text, "Harlesden"));
	for (i = 0; i < sizeof furniture / sizeof furniture[0]; i++)
		if (strstr(text, furniture[i]))
			fail_msg("furniture in the text: %s", furniture[i]);
	free(text);
	ds_doc_release(&doc);
}

/* GOV.UK and data.gov.uk pages: titles, sections, nothing from <head>. */
static void
test_corpus_govuk(void **state)
{
	static const struct {
		const char *rel, *title, *lang, *word, *outline;
	} rows[] = {
		{ "govuk-html/consultation-closed-consultation.html",
		  "Review of Museums in England", "en", "DCMS",
		  "h1:Review of Museums in England" },
		{ "govuk-html/answer-answer-with-step-navs.html",
		  "Gwasanaethau ar-lein Cyllid a Thollau EM yn y Gymraeg", "cy",
		  "Hunanasesiad",
		  "h2#cofrestru-ar-gyfer-trethi:Cofrestru ar gyfer trethi" },
		{ "datagovuk-html/crime-and-justice-transparency-sector-panel-"
		  "13-march-2012.html",
		  "Crime and Justice Transparency Sector Panel - 13 March 2012",
		  "en", "Attendees", NULL },
		{ "datagovuk-html/city-farmers.html", "City Farmers", "en",
		  "Lambeth", "h1:City Farmers" },
	};
	struct ds_doc doc;
	char *text, *out;
	size_t i;

	(void)state;
	if (!have_corpus())
		SKIP_TEST("%s/corpus is absent\n", srcdir());
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		extract_corpus(rows[i].rel, &doc);
		assert_string_equal(doc.title, rows[i].title);
		assert_string_equal(doc.lang, rows[i].lang);
		text = body_text(&doc);
		out = outline(&doc);
		assert_true(has_word(text, rows[i].word));
		if (rows[i].outline && !strstr(out, rows[i].outline))
			fail_msg("%s: outline [%s]", rows[i].rel, out);
		/* Nothing from <head> (meta source, canonical link). */
		assert_null(strstr(text, "govuk-content-schemas"));
		assert_null(strstr(text, "library-archive"));
		assert_null(strstr(text, "canonical"));
		free(text);
		free(out);
		ds_doc_release(&doc);
	}
}

/*
 * Metadata of real documents, checked by hand against each file's <head>
 * and cover page.  GOV.UK's pages in corpus/ carry no publication date or
 * publisher (only govuk:public-updated-at, the modified date); data.gov.uk's
 * carry Dublin Core dates, day first.  "" means "none".
 */
static void
test_corpus_metadata(void **state)
{
	static const struct {
		const char *rel, *title, *date, *modified, *publisher, *type,
			*lang, *url, *idents;
	} rows[] = {
		{ "compactvoice/nao-follow-up-report.html",
		  "Our take on the NAO's follow up report: Some improvements "
		  "seen, more work needed.", "", "", "Compact Voice",
		  /* og:type article, and the report in the title is the
		   * one it comments on: no type */
		  "", "en", "", "" },
		{ "datagovuk-html/city-farmers.html", "City Farmers",
		  "2012-06-25", "2012-06-28", "data.gov.uk", "", "en",
		  "https://data.gov.uk/library/city-farmers", "" },
		{ "datagovuk-html/transparency-board-minutes-11th-january-"
		  "2011.html", "Transparency Board Minutes 11th January 2011",
		  "2011-01-27", "2014-03-31", "data.gov.uk", "minutes", "en",
		  "https://data.gov.uk/library/transparency-board-minutes-11th-"
		  "january-2011", "" },
		{ "datagovuk-html/crime-and-justice-transparency-sector-panel-"
		  "13-march-2012.html",
		  "Crime and Justice Transparency Sector Panel - 13 March 2012",
		  "2012-05-16", "2013-09-09", "data.gov.uk",
		  /* minutes, but neither title nor URL says so */
		  "", "en", NULL, "" },
		{ "datagovuk-html/local-public-data-panel-fifth-meeting-21-"
		  "october-2010.html",
		  "Local Public Data Panel \xe2\x80\x93 fifth meeting 21 October "
		  "2010", "2010-11-16", "2014-03-31", "data.gov.uk", "minutes",
		  "en", NULL, "" },
		{ "govuk-html/consultation-closed-consultation.html",
		  "Review of Museums in England", "", "2016-09-05", "",
		  "consultation", "en",
		  "https://www.gov.uk/government/consultations/review-of-"
		  "museums-in-england", "" },
		{ "govuk-html/consultation-consultation-outcome.html",
		  "Employee Share Schemes: NIC elections", "", "2016-10-18", "",
		  "consultation-response", "en", NULL, "" },
		{ "govuk-html/html-publication-best-practice-hc-paper.html",
		  "Spring Budget 2017", "", "2018-03-02", "",
		  /* an HTML publication: its parent's type is not given */
		  "", "en", NULL, "HC 1025; ISBN 978-1-4741-4098-0" },
		{ "govuk-html/html-publication-best-practice-command-paper.html",
		  "Connecting people: a strategic vision for rail", "",
		  "2018-03-02", "", "", "en", NULL,
		  "Cm 9519; ISBN 978-1-5286-0125-2" },
		{ "govuk-html/html-publication-best-practice-hc-paper-2.html",
		  "DVLA's annual report and accounts 2016 to 2017", "",
		  "2018-03-05", "", "report", "en", NULL,
		  "HC 96; ISBN 9781474141109" },
		{ "govuk-html/speech-best-practice-written-statement.html",
		  "Glasgow 2014 Commonwealth Games airspace restrictions", "",
		  "2014-04-01", "", "written-statement", "en", NULL, "" },
		{ "govuk-html/news-article-best-practice-press-release.html",
		  "New FRANK adverts mark tenth anniversary", "", "2013-01-28",
		  "", "news", "en", NULL, "" },
		{ "govuk-html/publication-best-practice-national-statistics."
		  "html", "Road traffic estimates for Great Britain: January to "
		  "March 2015", "", "2015-05-21", "", "statistics", "en", NULL,
		  "" },
		{ "govuk-html/answer-answer-with-step-navs.html",
		  "Gwasanaethau ar-lein Cyllid a Thollau EM yn y Gymraeg", "",
		  "2015-05-28", "", "guidance", "cy",
		  "https://www.gov.uk/gwasanaethau-ar-lein-cymraeg-cthem", "" },
		{ "govuk-html/working-group-best-practice-group.html",
		  "Bureaucracy Reference Group", "", "2015-11-23", "",
		  "corporate-information", "en", NULL, "" },
	};
	struct ds_doc doc;
	char *ids;
	size_t i;

	(void)state;
	if (!have_corpus())
		SKIP_TEST("%s/corpus is absent\n", srcdir());
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const char *w = rows[i].rel;

		extract_corpus(w, &doc);
		check_field(w, "title", doc.title, rows[i].title);
		check_field(w, "date", doc.date, rows[i].date);
		check_field(w, "modified", doc.modified, rows[i].modified);
		check_field(w, "publisher", doc.publisher, rows[i].publisher);
		check_field(w, "type", doc.type, rows[i].type);
		check_field(w, "lang", doc.lang, rows[i].lang);
		check_field(w, "url", doc.url, rows[i].url);
		ids = ident_list(&doc);
		if (strcmp(ids, rows[i].idents) != 0)
			fail_msg("%s: idents [%s], expected [%s]", w, ids,
				 rows[i].idents);
		free(ids);
		ds_doc_release(&doc);
	}
}

/* A page in GOV.UK's full chrome: only the content of <main> is text. */
static void
test_govuk_page_furniture(void **state)
{
	static const char *const absent[] = {
		"COOKIETERM", "SKIPTERM", "HEADERTERM", "NAVTERM",
		"BREADCRUMBTERM", "SHARETERM", "PRINTTERM", "BACKTOTOPTERM",
		"FOOTERTERM", "SCRIPTTERM", "STYLETERM", "HIDDENTERM",
		"Share this page",
	};
	struct ds_error err;
	struct ds_doc doc;
	char dir[4096], *text, *out;
	size_t i;

	(void)state;
	if (!is_dir(src_path(dir, sizeof dir, "tests/fixtures/extract", NULL)))
		SKIP_TEST("%s is absent (set top_srcdir)\n", dir);
	assert_int_equal(extract_fixture("govuk-page.html", &doc, &err), 0);
	assert_string_equal(doc.title, "Review of Museums in England");
	text = body_text(&doc);
	out = outline(&doc);
	/* (The caption before the h1 means main's id is not its anchor.) */
	assert_string_equal(out, "h1:Review of Museums in England; "
			    "h2#how-to-respond:How to respond");
	assert_true(has_word(text, "consultation"));
	assert_true(has_word(text, "Museums"));
	assert_true(has_word(text, "2016"));
	for (i = 0; i < sizeof absent / sizeof absent[0]; i++)
		if (strstr(text, absent[i]) || strstr(out, absent[i]))
			fail_msg("furniture in the text: %s", absent[i]);
	free(text);
	free(out);
	ds_doc_release(&doc);
}

/* ---------------------------------------------------------------------
 * ../shared/badinputs, one test per file
 * ------------------------------------------------------------------- */

/* What MANIFEST.txt asks of a file, as far as extraction goes. */
struct bad_case {
	const char *name;
	int rc;			/* 0 or the expected DS_E* */
	const char *msg;	/* part of the message when rc != 0 */
	const char *words[5];	/* whole words the title or text must hold */
	const char *absent[3];	/* never in the text */
	const char *warning;	/* part of doc->warning, or NULL for any */
	int canary_lost;	/* CANARYWORD cannot be there (see warning) */
};

static const struct bad_case bad_cases[] = {
	{ "bad-charrefs.html", 0, NULL, { "bogus" }, { NULL }, NULL, 0 },
	{ "bom-vs-meta.html", 0, NULL, { "caf\xc3\xa9" }, { "\xc3\x83" },
	  NULL, 0 },
	{ "cp1252.html", 0, NULL,
	  { "caf\xc3\xa9", "\xe2\x80\x9cquoted\xe2\x80\x9d", "\xe2\x82\xac" "20",
	    "\xe2\x80\x93" }, { "\xc2\x80", "\xc2\x93" }, NULL, 0 },
	{ "empty.html", 0, NULL, { NULL }, { NULL }, "empty file", 1 },
	{ "huge-attribute.html", 0, NULL, { NULL }, { "tttttttttt" }, NULL, 0 },
	{ "invalid-utf8.html", 0, NULL, { "end" }, { NULL }, NULL, 0 },
	{ "latin1.html", 0, NULL,
	  { "caf\xc3\xa9", "na\xc3\xafve", "r\xc3\xa9sum\xc3\xa9" }, { NULL },
	  NULL, 0 },
	{ "long-line.html", 0, NULL, { "lorem", "amet" }, { NULL }, NULL, 0 },
	{ "long-word.html", 0, NULL, { "after" }, { NULL }, NULL, 0 },
	{ "lying-latin1-is-utf8.html", 0, NULL,
	  { "caf\xc3\xa9", "\xe2\x82\xac" }, { NULL }, NULL, 0 },
	{ "lying-utf8-is-latin1.html", 0, NULL,
	  { "caf\xc3\xa9", "na\xc3\xafve" }, { NULL }, NULL, 0 },
	{ "malformed.html", 0, NULL, { "bold", "italic", "cell2" }, { NULL },
	  NULL, 0 },
	{ "many-elements.html", 0, NULL, { "w" }, { NULL }, NULL, 0 },
	{ "meta-utf16-but-ascii.html", 0, NULL, { "plain", "ascii" },
	  { NULL }, NULL, 0 },
	{ "nested-100k.html", 0, NULL, { NULL }, { NULL }, "nested deeper",
	  1 },
	{ "no-charset-latin1.html", 0, NULL,
	  { "caf\xc3\xa9", "d\xc3\xa9j\xc3\xa0", "vu" }, { NULL }, NULL, 0 },
	{ "nul.html", 0, NULL,
	  { "before", "afternul", "tagnul", "attrnul", "tailword" }, { NULL },
	  NULL, 0 },
	{ "only-whitespace.html", 0, NULL, { NULL }, { NULL }, "no text", 1 },
	{ "script-style.html", 0, NULL, { NULL },
	  { "SCRIPTONLYTERM", "STYLEONLYTERM" }, NULL, 0 },
	{ "truncated.html", 0, NULL, { "Retention", "ye" }, { NULL }, NULL,
	  0 },
	{ "unclosed-100k.html", 0, NULL, { NULL }, { NULL }, "nested deeper",
	  1 },
	{ "utf16be-bom.html", 0, NULL, { "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac" },
	  { NULL }, NULL, 0 },
	{ "utf16le-bom.html", 0, NULL, { "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac" },
	  { NULL }, NULL, 0 },
	{ "utf16le-nobom.html", 0, NULL,
	  { "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac" }, { NULL }, NULL, 0 },
	{ "xss-content.html", 0, NULL, { "alert" }, { NULL }, NULL, 0 },
};

/* The expectation for a file name, or NULL (then the general rules). */
static const struct bad_case *
bad_case_for(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++)
		if (strcmp(bad_cases[i].name, name) == 0)
			return &bad_cases[i];
	return NULL;
}

/* Whether name ends with suffix. */
static int
ends_with(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n >= k && strcmp(name + n - k, suffix) == 0;
}

/* One bad input (its path is the test's state). */
static void
test_bad_input(void **state)
{
	const char *path = *state, *name = strrchr(path, '/') + 1;
	const struct bad_case *c = bad_case_for(name);
	struct ds_error err = { 0, "" };
	struct ds_doc doc;
	char *text, *all;
	size_t i, n;
	int rc;

	ds_doc_init(&doc);
	rc = ds_extract_file(path, NULL, &doc, &err);
	if (ends_with(name, ".gz") || ends_with(name, ".xml")) {
		/*
		 * Read by gzip.c and extract-xml.c, whose tests (test-gzip.c,
		 * test-extract-xml.c) hold each file's details.  Here, the
		 * rule every file follows: refused with a message naming it,
		 * or read without a byte of /etc/passwd, CANARYWORD
		 * searchable unless a warning says what was lost.
		 */
		if (rc != 0) {
			assert_true(rc == DS_EFORMAT || rc == DS_ETOOBIG ||
				    rc == DS_EIO);
			assert_non_null(strstr(err.msg, name));
		} else {
			check_doc(&doc);
			text = body_text(&doc);
			assert_null(strstr(text, "root:"));
			if (doc.title)
				assert_null(strstr(doc.title, "root:"));
			if (!has_word(text, "CANARYWORD") &&
			    (!doc.title || !has_word(doc.title, "CANARYWORD")) &&
			    doc.warning == NULL)
				fail_msg("%s: no CANARYWORD and no warning",
					 name);
			free(text);
		}
		ds_doc_release(&doc);
		return;
	}
	if (c == NULL && rc != 0) {
		/* A new file without an expectation: refused clearly. */
		assert_true(rc == DS_EFORMAT || rc == DS_ETOOBIG);
		assert_non_null(strstr(err.msg, name));
		ds_doc_release(&doc);
		return;
	}
	if (rc != (c ? c->rc : 0))
		fail_msg("%s: rc %d: %s", name, rc, err.msg);
	check_doc(&doc);
	text = body_text(&doc);
	n = strlen(text) + (doc.title ? strlen(doc.title) : 0) + 2;
	all = malloc(n);
	assert_non_null(all);
	snprintf(all, n, "%s\n%s", doc.title ? doc.title : "", text);
	/* Never a byte of /etc/passwd. */
	assert_null(strstr(all, "root:"));
	if (c == NULL || !c->canary_lost) {
		if (!has_word(all, "CANARYWORD"))
			fail_msg("%s: CANARYWORD not searchable", name);
	} else {
		assert_non_null(doc.warning);
	}
	for (i = 0; c && i < 5 && c->words[i]; i++)
		if (!has_word(all, c->words[i]))
			fail_msg("%s: [%s] not searchable in [%.200s]", name,
				 c->words[i], all);
	for (i = 0; c && i < 3 && c->absent[i]; i++)
		if (strstr(text, c->absent[i]))
			fail_msg("%s: [%s] must not be indexed", name,
				 c->absent[i]);
	if (c && c->warning && (!doc.warning ||
				!strstr(doc.warning, c->warning)))
		fail_msg("%s: warning [%s], expected [%s]", name,
			 doc.warning ? doc.warning : "", c->warning);
	free(all);
	free(text);
	ds_doc_release(&doc);
}

/* Specific points of three bad inputs that the table cannot say. */
static void
test_bad_input_details(void **state)
{
	struct ds_error err;
	struct ds_doc doc;
	char path[4096];

	(void)state;
	if (!is_dir(src_path(path, sizeof path, "../shared/badinputs", NULL)))
		SKIP_TEST("%s is absent (set top_srcdir)\n", path);
	/* xss-content: markup-looking text stays text, in every field. */
	ds_doc_init(&doc);
	src_path(path, sizeof path, "../shared/badinputs", "xss-content.html");
	assert_int_equal(ds_extract_file(path, NULL, &doc, &err), 0);
	assert_string_equal(doc.title,
			    "<script>alert('title')</script> CANARYWORD");
	assert_string_equal(doc.description, "\"><script>alert(5)</script>");
	assert_non_null(strstr(doc.sections[0].text,
			       "<script>alert(2)</script>"));
	ds_doc_release(&doc);

	/* many-elements: CANARYWORD is a word, not the head of a 200 KB one. */
	ds_doc_init(&doc);
	src_path(path, sizeof path, "../shared/badinputs", "many-elements.html");
	assert_int_equal(ds_extract_file(path, NULL, &doc, &err), 0);
	assert_true(strncmp(doc.sections[0].text, "CANARYWORD w w ", 15) == 0);
	ds_doc_release(&doc);

	/* long-line: 4 MiB of text, all kept. */
	ds_doc_init(&doc);
	src_path(path, sizeof path, "../shared/badinputs", "long-line.html");
	assert_int_equal(ds_extract_file(path, NULL, &doc, &err), 0);
	assert_true(doc.text_bytes > 4000000);
	assert_false(doc.truncated);
	ds_doc_release(&doc);
}

/* ---------------------------------------------------------------------
 * Main: the fixed tests, then one per bad input
 * ------------------------------------------------------------------- */

/* Skips the bad-input tests, saying why. */
static void
test_bad_inputs_absent(void **state)
{
	(void)state;
	SKIP_TEST("%s/../shared/badinputs is absent (set top_srcdir): "
		  "bad-input tests skipped\n", srcdir());
}

/* qsort() comparison of C strings. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The paths of the bad inputs this test reads (NULL-terminated, sorted),
 * or NULL when the folder is absent. */
static char **
list_bad_inputs(size_t *count)
{
	char dir[4096], path[4096], **names = NULL, **nn;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d;

	*count = 0;
	src_path(dir, sizeof dir, "../shared/badinputs", NULL);
	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (!ends_with(e->d_name, ".html") &&
		    !ends_with(e->d_name, ".html.gz") &&
		    !ends_with(e->d_name, ".xml"))
			continue;
		if (n + 1 >= cap) {
			cap = cap ? 2 * cap : 64;
			nn = realloc(names, cap * sizeof *names);
			if (nn == NULL)
				break;
			names = nn;
		}
		if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >=
		    (int)sizeof path)
			continue;
		names[n] = strdup(path);
		if (names[n] != NULL)
			n++;
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof *names, cmp_str);
	*count = n;
	return names;
}

/* Run the fixed tests, then one per bad input, in one TAP group. */
int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_html_table),
		cmocka_unit_test(test_html_metadata),
		cmocka_unit_test(test_meta_table),
		cmocka_unit_test(test_doctype),
		cmocka_unit_test(test_html_keeps_fields),
		cmocka_unit_test(test_html_long_glued_words),
		cmocka_unit_test(test_html_text_cap),
		cmocka_unit_test(test_html_caps),
		cmocka_unit_test(test_html_warnings),
		cmocka_unit_test(test_charset_table),
		cmocka_unit_test(test_charset_sources),
		cmocka_unit_test(test_charset_random),
		cmocka_unit_test(test_charset_declarations),
		cmocka_unit_test(test_charset_lookup),
		cmocka_unit_test(test_charset_sniff_utf16),
		cmocka_unit_test(test_html_charsets),
		cmocka_unit_test(test_text_extractor),
		cmocka_unit_test(test_file_sniffing),
		cmocka_unit_test(test_file_unsupported),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_file_fields),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_corpus_compactvoice),
		cmocka_unit_test(test_corpus_govuk),
		cmocka_unit_test(test_corpus_metadata),
		cmocka_unit_test(test_govuk_page_furniture),
		cmocka_unit_test(test_bad_input_details),
	};
	size_t nfixed = sizeof fixed / sizeof fixed[0], nbad, i, n = 0;
	char **bad = list_bad_inputs(&nbad), *label;
	struct CMUnitTest *tests;
	int rc;

	tests = calloc(nfixed + nbad + 1, sizeof *tests);
	if (tests == NULL)
		return 1;
	for (i = 0; i < nfixed; i++)
		tests[n++] = fixed[i];
	if (bad == NULL) {
		tests[n].name = "test_bad_inputs";
		tests[n++].test_func = test_bad_inputs_absent;
	}
	for (i = 0; i < nbad; i++) {
		/* Named after the file: one TAP line per bad input. */
		label = strrchr(bad[i], '/') + 1;
		tests[n].name = label;
		tests[n].test_func = test_bad_input;
		tests[n++].initial_state = bad[i];
	}
	rc = _cmocka_run_group_tests("extract-html", tests, n, make_tmp,
				     rm_tmp);
	for (i = 0; i < nbad; i++)
		free(bad[i]);
	free(bad);
	free(tests);
	return rc;
}
