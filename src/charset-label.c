/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * charset-label.c: which encoding a document declares, and what an
 * encoding label means (see charset.h): the HTML5 prescan of <meta>, the
 * XML declaration, the aliases browsers accept, and iconv for the rest.
 */

#include "config.h"

#include <iconv.h>
#include <string.h>

#include "charset.h"

/* ---------------------------------------------------------------------
 * Labels
 * ------------------------------------------------------------------- */

/*
 * Labels as documents write them (the WHATWG Encoding Standard's aliases,
 * in part) and our canonical names: ASCII and Latin-1 are windows-1252,
 * as in browsers, and a few Microsoft and legacy names map to what glibc's
 * iconv calls them.  Anything else is asked of iconv.
 */
static const struct alias {
	const char *label;	/* lower case */
	const char *name;
} aliases[] = {
	{ "utf-8", "UTF-8" }, { "utf8", "UTF-8" },
	{ "unicode-1-1-utf-8", "UTF-8" }, { "x-unicode20utf8", "UTF-8" },
	{ "us-ascii", "windows-1252" }, { "ascii", "windows-1252" },
	{ "ansi_x3.4-1968", "windows-1252" }, { "iso-8859-1", "windows-1252" },
	{ "iso8859-1", "windows-1252" }, { "iso88591", "windows-1252" },
	{ "iso_8859-1", "windows-1252" }, { "iso_8859-1:1987", "windows-1252" },
	{ "latin1", "windows-1252" }, { "latin-1", "windows-1252" },
	{ "l1", "windows-1252" }, { "cp1252", "windows-1252" },
	{ "windows-1252", "windows-1252" }, { "x-cp1252", "windows-1252" },
	{ "cp819", "windows-1252" }, { "ibm819", "windows-1252" },
	{ "iso-ir-100", "windows-1252" }, { "csisolatin1", "windows-1252" },
	{ "utf-16", "UTF-16" }, { "utf16", "UTF-16" },
	{ "utf-16le", "UTF-16LE" }, { "utf-16be", "UTF-16BE" },
	{ "ucs-2", "UTF-16" }, { "iso-10646-ucs-2", "UTF-16" },
	{ "unicode", "UTF-16" }, { "csunicode", "UTF-16" },
	{ "unicodefeff", "UTF-16LE" }, { "unicodefffe", "UTF-16BE" },
	{ "gb2312", "GBK" }, { "x-gbk", "GBK" }, { "x-sjis", "SHIFT_JIS" },
	{ "ms932", "CP932" }, { "windows-31j", "CP932" },
	{ "ks_c_5601-1987", "CP949" }, { "iso-8859-8-i", "ISO-8859-8" },
	{ "x-mac-roman", "MACINTOSH" },
};

/* Lower-case ASCII letter. */
static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* White space as HTML and XML mean it. */
static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/*
 * Whether iconv decodes `name` and does so as an ASCII superset: ASCII
 * markup decodes unchanged (this rules out EBCDIC, UTF-7, UTF-32...).
 */
static bool
iconv_usable(const char *name)
{
	static const char probe[] = "<a b=\"c\"> +-;=\n";
	char in[sizeof probe], outbuf[64], *ip = in, *op = outbuf;
	size_t il = sizeof probe - 1, ol = sizeof outbuf;
	iconv_t cd;
	bool ok;

	memcpy(in, probe, sizeof probe);
	cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return false;
	ok = iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && il == 0 &&
	     (size_t)(op - outbuf) == sizeof probe - 1 &&
	     memcmp(outbuf, probe, sizeof probe - 1) == 0;
	iconv_close(cd);
	return ok;
}

bool
ds_charset_lookup(const char *label, char *name, size_t size)
{
	char low[40];
	size_t i, n, start = 0, end;

	if (label == NULL || size == 0)
		return false;
	end = strlen(label);
	while (start < end && (is_ws(label[start]) || label[start] == '"' ||
			       label[start] == '\''))
		start++;
	while (end > start && (is_ws(label[end - 1]) || label[end - 1] == '"' ||
			       label[end - 1] == '\''))
		end--;
	n = end - start;
	if (n == 0 || n >= sizeof low)
		return false;
	for (i = 0; i < n; i++) {
		int c = (unsigned char)label[start + i];

		/* Encoding names are ASCII letters, digits and a little
		 * punctuation; anything else is not worth asking iconv. */
		if (!((c >= '0' && c <= '9') || (lower(c) >= 'a' &&
		      lower(c) <= 'z') || strchr("-_.:()+", c) != NULL))
			return false;
		low[i] = (char)lower(c);
	}
	low[n] = '\0';
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
		const char *a = aliases[i].name;

		if (strcmp(low, aliases[i].label) != 0)
			continue;
		if (strlen(a) >= size)
			return false;
		/* Ours are decoded here; the others need iconv. */
		if (strcmp(a, "UTF-8") && strcmp(a, "windows-1252") &&
		    strncmp(a, "UTF-16", 6) && !iconv_usable(a))
			return false;
		memcpy(name, a, strlen(a) + 1);
		return true;
	}
	if (n >= size || !iconv_usable(low))
		return false;
	for (i = 0; i < n; i++)
		name[i] = (char)(low[i] >= 'a' && low[i] <= 'z' ?
				 low[i] - ('a' - 'A') : low[i]);
	name[n] = '\0';
	return true;
}

/* ---------------------------------------------------------------------
 * Declarations
 * ------------------------------------------------------------------- */

/* Whether s[i..n) starts with the lower-case literal lit, ignoring case. */
static bool
starts_ci(const char *s, size_t n, size_t i, const char *lit)
{
	for (; *lit; lit++, i++)
		if (i >= n || lower((unsigned char)s[i]) != *lit)
			return false;
	return true;
}

bool
ds_charset_copy_label(const char *s, size_t n, char *label, size_t size)
{
	while (n > 0 && is_ws((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_ws((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || size == 0)
		return false;
	if (n >= size)
		n = size - 1;
	memcpy(label, s, n);
	label[n] = '\0';
	return true;
}

/*
 * The value of `encoding` in an XML declaration at the start of s (white
 * space before it tolerated), or false.
 */
static bool
xml_decl_encoding(const char *s, size_t n, char *label, size_t size)
{
	size_t i = 0, end, v;
	char q;

	while (i < n && is_ws((unsigned char)s[i]))
		i++;
	if (!starts_ci(s, n, i, "<?xml") || i + 5 >= n ||
	    !is_ws((unsigned char)s[i + 5]))
		return false;
	for (end = i + 5; end + 1 < n && end < 1024; end++)
		if (s[end] == '?' && s[end + 1] == '>')
			break;
	for (i += 5; i + 8 < end; i++) {
		if (!starts_ci(s, end, i, "encoding"))
			continue;
		v = i + 8;
		while (v < end && is_ws((unsigned char)s[v]))
			v++;
		if (v >= end || s[v] != '=')
			continue;
		v++;
		while (v < end && is_ws((unsigned char)s[v]))
			v++;
		if (v >= end || (s[v] != '"' && s[v] != '\''))
			return false;
		q = s[v++];
		for (i = v; i < end && s[i] != q; i++)
			;
		return i < end &&
		       ds_charset_copy_label(s + v, i - v, label, size);
	}
	return false;
}

/* A span of bytes inside the buffer being scanned. */
struct span {
	const char *p;
	size_t n;
};

/*
 * Read one attribute at s[*pi..n) as HTML5's prescan does ("get an
 * attribute"): returns false at '>' or the end, else stores the name and
 * the value (unquoted) and advances *pi past them.
 */
static bool
get_attr(const char *s, size_t n, size_t *pi, struct span *name,
	 struct span *val)
{
	size_t i = *pi;
	char q;

	while (i < n && (is_ws((unsigned char)s[i]) || s[i] == '/'))
		i++;
	if (i >= n || s[i] == '>') {
		*pi = i;
		return false;
	}
	name->p = s + i;
	val->p = s + i;
	val->n = 0;
	/* A name runs to '=', white space, '/' or '>'; '=' may start it. */
	for (i++; i < n && s[i] != '=' && !is_ws((unsigned char)s[i]) &&
		  s[i] != '/' && s[i] != '>'; i++)
		;
	name->n = (size_t)(s + i - name->p);
	while (i < n && is_ws((unsigned char)s[i]))
		i++;
	if (i >= n || s[i] != '=') {
		*pi = i;
		return true;
	}
	for (i++; i < n && is_ws((unsigned char)s[i]); i++)
		;
	if (i < n && (s[i] == '"' || s[i] == '\'')) {
		q = s[i++];
		val->p = s + i;
		while (i < n && s[i] != q)
			i++;
		val->n = (size_t)(s + i - val->p);
		if (i < n)
			i++;
	} else {
		val->p = s + i;
		while (i < n && !is_ws((unsigned char)s[i]) && s[i] != '>')
			i++;
		val->n = (size_t)(s + i - val->p);
	}
	*pi = i;
	return true;
}

/* Whether span sp equals the lower-case literal lit, ignoring case. */
static bool
span_is(struct span sp, const char *lit)
{
	return sp.n == strlen(lit) && starts_ci(sp.p, sp.n, 0, lit);
}

/* The charset=... inside a Content-Type value, as HTML5 extracts it. */
static bool
content_charset(struct span c, char *label, size_t size)
{
	size_t i = 0, v;
	char q;

	for (; i + 7 <= c.n; i++) {
		if (!starts_ci(c.p, c.n, i, "charset"))
			continue;
		v = i + 7;
		while (v < c.n && is_ws((unsigned char)c.p[v]))
			v++;
		if (v >= c.n || c.p[v] != '=')
			continue;
		for (v++; v < c.n && is_ws((unsigned char)c.p[v]); v++)
			;
		if (v < c.n && (c.p[v] == '"' || c.p[v] == '\'')) {
			q = c.p[v++];
			for (i = v; i < c.n && c.p[i] != q; i++)
				;
			return i < c.n &&
			       ds_charset_copy_label(c.p + v, i - v,
						     label, size);
		}
		for (i = v; i < c.n && !is_ws((unsigned char)c.p[i]) &&
			    c.p[i] != ';'; i++)
			;
		return ds_charset_copy_label(c.p + v, i - v, label, size);
	}
	return false;
}

/* Parse the attributes of a <meta> at s[*pi..n) for a charset. */
static bool
meta_charset(const char *s, size_t n, size_t *pi, char *label, size_t size)
{
	struct span name, val, content = { NULL, 0 }, charset = { NULL, 0 };
	bool pragma = false;

	while (get_attr(s, n, pi, &name, &val)) {
		if (span_is(name, "http-equiv") && span_is(val, "content-type"))
			pragma = true;
		else if (span_is(name, "content") && content.p == NULL)
			content = val;
		else if (span_is(name, "charset") && charset.p == NULL)
			charset = val;
	}
	if (charset.p != NULL)
		return ds_charset_copy_label(charset.p, charset.n, label, size);
	return pragma && content.p != NULL &&
	       content_charset(content, label, size);
}

/* Whether c can start a tag name. */
static bool
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The HTML5 prescan, simplified: the first <meta> that declares a charset. */
static bool
html_prescan(const char *s, size_t n, char *label, size_t size)
{
	struct span name, val;
	size_t i = 0;
	const char *e;

	while (i < n) {
		if (s[i] != '<') {
			i++;
		} else if (starts_ci(s, n, i, "<!--")) {
			e = NULL;
			for (i += 4; i + 2 < n; i++)
				if (s[i] == '-' && s[i + 1] == '-' &&
				    s[i + 2] == '>') {
					e = s + i;
					break;
				}
			if (e == NULL)
				return false;
			i += 3;
		} else if (starts_ci(s, n, i, "<meta") && i + 5 < n &&
			   (is_ws((unsigned char)s[i + 5]) || s[i + 5] == '/')) {
			i += 5;
			if (meta_charset(s, n, &i, label, size))
				return true;
		} else if (i + 1 < n && (is_alpha((unsigned char)s[i + 1]) ||
			   (s[i + 1] == '/' && i + 2 < n &&
			    is_alpha((unsigned char)s[i + 2])))) {
			/* Another tag: skip its name, then its attributes,
			 * so that a '>' inside a quoted value is not its end. */
			for (i++; i < n && !is_ws((unsigned char)s[i]) &&
				  s[i] != '>'; i++)
				;
			while (get_attr(s, n, &i, &name, &val))
				;
			i++;
		} else if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '/' ||
					 s[i + 1] == '?')) {
			for (i += 2; i < n && s[i] != '>'; i++)
				;
			i++;
		} else {
			i++;
		}
	}
	return false;
}

bool
ds_charset_find_declaration(const char *buf, size_t len,
			    enum ds_charset_markup markup, char *label,
			    size_t size)
{
	size_t n = len < DS_CHARSET_PRESCAN ? len : DS_CHARSET_PRESCAN;

	if (buf == NULL || label == NULL || size == 0)
		return false;
	if (markup == DS_CHARSET_TEXT)
		return false;
	if (xml_decl_encoding(buf, n, label, size))
		return true;
	return markup == DS_CHARSET_HTML && html_prescan(buf, n, label, size);
}
