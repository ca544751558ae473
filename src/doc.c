/* SPDX-License-Identifier: GPL-2.0-or-later */
/* doc.c: building a struct ds_doc, with its text cleaned and capped. */

#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "utf8.h"

void
ds_doc_init(struct ds_doc *doc)
{
	memset(doc, 0, sizeof *doc);
	ds_stamp_init(&doc->stamp);
}

static void
section_release(struct ds_section *s)
{
	free(s->heading);
	free(s->anchor);
	free(s->speaker);
	free(s->text);
}

void
ds_doc_release(struct ds_doc *doc)
{
	size_t i;

	free(doc->id);
	free(doc->path);
	free(doc->url);
	free(doc->format);
	free(doc->dialect);
	free(doc->modified);
	free(doc->title);
	free(doc->description);
	free(doc->author);
	free(doc->publisher);
	free(doc->date);
	free(doc->type);
	free(doc->lang);
	free(doc->warning);
	for (i = 0; i < doc->nsections; i++)
		section_release(&doc->sections[i]);
	free(doc->sections);
	for (i = 0; i < doc->nidents; i++) {
		free(doc->idents[i].scheme);
		free(doc->idents[i].value);
		free(doc->idents[i].session);
		free(doc->idents[i].display);
	}
	free(doc->idents);
	ds_doc_init(doc);
}

/* Whether code point cp is white space for the purpose of collapsing. */
static int
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	       cp == '\f' || cp == '\v' || cp == 0xa0 || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200a);
}

/* Control characters and non-characters that must not reach the index. */
static int
is_junk(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xfeff ||
	       cp == 0xfffe || cp == 0xffff;
}

int
ds_doc_set_field(char **field, const char *s, size_t len,
		 struct ds_error *err)
{
	char *out, *p;
	size_t i = 0, n;
	uint32_t cp;
	int pending_space = 0;

	out = malloc(len + 1);
	if (out == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	p = out;
	while (i < len) {
		n = ds_utf8_decode(s + i, len - i, &cp);
		if (n == 0 || is_space(cp) || is_junk(cp)) {
			pending_space = p != out;
			i += n ? n : 1;
			continue;
		}
		if (pending_space)
			*p++ = ' ';
		pending_space = 0;
		memcpy(p, s + i, n);
		p += n;
		i += n;
	}
	*p = '\0';
	free(*field);
	if (p == out) {
		free(out);
		*field = NULL;
	} else {
		*field = out;
	}
	return 0;
}

int
ds_doc_add_section(struct ds_doc *doc, const char *heading,
		   size_t heading_len, const char *anchor, int level,
		   struct ds_error *err)
{
	struct ds_section *s;
	int rc;

	if (doc->nsections == doc->sections_cap) {
		size_t cap = doc->sections_cap ? doc->sections_cap * 2 : 8;
		struct ds_section *ns;

		ns = realloc(doc->sections, cap * sizeof *ns);
		if (ns == NULL)
			return ds_error_set(err, DS_ENOMEM, "out of memory");
		doc->sections = ns;
		doc->sections_cap = cap;
	}
	s = &doc->sections[doc->nsections];
	memset(s, 0, sizeof *s);
	s->level = level;
	if (heading != NULL &&
	    (rc = ds_doc_set_field(&s->heading, heading, heading_len, err)) < 0)
		return rc;
	if (anchor != NULL &&
	    (rc = ds_doc_set_field(&s->anchor, anchor, strlen(anchor), err)) < 0) {
		free(s->heading);
		return rc;
	}
	doc->nsections++;
	return 0;
}

/* Make room for `more` bytes (plus NUL) in section s. */
static int
reserve(struct ds_section *s, size_t more, struct ds_error *err)
{
	size_t need = s->text_len + more + 1, cap;
	char *nt;

	if (need <= s->text_cap)
		return 0;
	cap = s->text_cap ? s->text_cap : 256;
	while (cap < need)
		cap *= 2;
	nt = realloc(s->text, cap);
	if (nt == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	s->text = nt;
	s->text_cap = cap;
	return 0;
}

static struct ds_section *
current_section(struct ds_doc *doc, struct ds_error *err)
{
	if (doc->nsections == 0 &&
	    ds_doc_add_section(doc, NULL, 0, NULL, 0, err) < 0)
		return NULL;
	return &doc->sections[doc->nsections - 1];
}

/*
 * Append one separator to s: '\n' wins over ' ', and nothing goes at the
 * start of a section or after another separator of the same or greater kind.
 */
static void
put_separator(struct ds_doc *doc, struct ds_section *s, char sep)
{
	char *last;

	if (s->text_len == 0)
		return;
	last = &s->text[s->text_len - 1];
	if (*last == '\n')
		return;
	if (*last == ' ') {
		if (sep == '\n')
			*last = '\n';
		return;
	}
	if (doc->max_text_bytes == 0)
		doc->max_text_bytes = DS_DOC_DEFAULT_MAX_TEXT;
	if (doc->text_bytes >= doc->max_text_bytes) {
		doc->truncated = true;
		return;
	}
	s->text[s->text_len++] = sep;
	s->text[s->text_len] = '\0';
	doc->text_bytes++;
}

/*
 * Append str[0..len) to the current section, collapsing white space; a
 * line break starts a paragraph only when `breaks` says so.
 */
static int
append(struct ds_doc *doc, const char *str, size_t len, bool breaks,
       struct ds_error *err)
{
	struct ds_section *s;
	size_t i = 0, n, room;
	uint32_t cp;
	char pending = 0;
	int rc;

	if (len == 0)
		return 0;
	if (doc->max_text_bytes == 0)
		doc->max_text_bytes = DS_DOC_DEFAULT_MAX_TEXT;
	if ((s = current_section(doc, err)) == NULL)
		return err ? err->code : DS_ENOMEM;
	/* The output is never longer than the input plus one separator. */
	room = doc->max_text_bytes - doc->text_bytes;
	if ((rc = reserve(s, (len < room ? len : room) + 1, err)) < 0)
		return rc;
	while (i < len) {
		/*
		 * Fast path: a run of printable ASCII other than space is
		 * copied as it is.  Most text is such runs.
		 */
		unsigned char c = (unsigned char)str[i];

		if (c > 0x20 && c < 0x7f) {
			size_t j = i + 1, k;

			while (j < len && (unsigned char)str[j] > 0x20 &&
			       (unsigned char)str[j] < 0x7f)
				j++;
			if (pending)
				put_separator(doc, s, pending);
			pending = 0;
			k = j - i;
			if (doc->text_bytes + k > doc->max_text_bytes) {
				doc->truncated = true;
				k = doc->max_text_bytes - doc->text_bytes;
			}
			memcpy(s->text + s->text_len, str + i, k);
			s->text_len += k;
			doc->text_bytes += k;
			if (doc->truncated)
				break;
			i = j;
			continue;
		}
		n = ds_utf8_decode(str + i, len - i, &cp);
		if (n == 0 || is_space(cp) || is_junk(cp)) {
			if (n > 0 && (cp == 0x2029 || (cp == '\n' && breaks)))
				pending = '\n';
			else if (pending == 0)
				pending = ' ';
			i += n ? n : 1;
			continue;
		}
		if (pending)
			put_separator(doc, s, pending);
		pending = 0;
		if (doc->text_bytes + n > doc->max_text_bytes) {
			doc->truncated = true;
			break;	/* still NUL-terminate below */
		}
		memcpy(s->text + s->text_len, str + i, n);
		s->text_len += n;
		doc->text_bytes += n;
		i += n;
	}
	if (pending)
		put_separator(doc, s, pending);
	if (s->text)
		s->text[s->text_len] = '\0';
	return 0;
}

int
ds_doc_append_text(struct ds_doc *doc, const char *str, size_t len,
		   struct ds_error *err)
{
	return append(doc, str, len, true, err);
}

int
ds_doc_append_inline(struct ds_doc *doc, const char *str, size_t len,
		     struct ds_error *err)
{
	return append(doc, str, len, false, err);
}

int
ds_doc_break(struct ds_doc *doc, struct ds_error *err)
{
	struct ds_section *s;

	if (doc->nsections == 0)
		return 0;
	s = &doc->sections[doc->nsections - 1];
	if (s->text_len > 0 && reserve(s, 1, err) < 0)
		return err ? err->code : DS_ENOMEM;
	put_separator(doc, s, '\n');
	return 0;
}

void
ds_doc_finish(struct ds_doc *doc)
{
	size_t i, j;

	for (i = 0; i < doc->nsections; i++) {
		struct ds_section *s = &doc->sections[i];

		while (s->text_len > 0 && (s->text[s->text_len - 1] == ' ' ||
					   s->text[s->text_len - 1] == '\n')) {
			s->text[--s->text_len] = '\0';
			doc->text_bytes--;
		}
	}
	for (i = j = 0; i < doc->nsections; i++) {
		struct ds_section *s = &doc->sections[i];

		if (s->heading == NULL && s->text_len == 0) {
			section_release(s);
			continue;
		}
		doc->sections[j++] = *s;
	}
	doc->nsections = j;
}

int
ds_doc_warn(struct ds_doc *doc, struct ds_error *err, const char *fmt, ...)
{
	char line[256];
	size_t old = doc->warning ? strlen(doc->warning) : 0, add;
	char *nw;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	/* Keep warnings short: a broken file can trigger thousands. */
	if (old > 1024)
		return 0;
	add = strlen(line);
	nw = realloc(doc->warning, old + add + 3);
	if (nw == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	if (old > 0) {
		memcpy(nw + old, "; ", 2);
		old += 2;
	}
	memcpy(nw + old, line, add + 1);
	doc->warning = nw;
	return 0;
}

int
ds_doc_set_speaker(struct ds_doc *doc, const char *s, size_t len,
		   struct ds_error *err)
{
	struct ds_section *sec = current_section(doc, err);

	if (sec == NULL)
		return err ? err->code : DS_ENOMEM;
	return ds_doc_set_field(&sec->speaker, s, len, err);
}

/* Whether two optional strings are equal (NULL equals NULL only). */
static bool
same(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

int
ds_doc_add_ident(struct ds_doc *doc, const char *scheme, const char *value,
		 const char *session, const char *display,
		 struct ds_error *err)
{
	struct ds_ident *id;
	size_t i;

	if (scheme == NULL || value == NULL || *scheme == '\0' ||
	    *value == '\0')
		return ds_error_set(err, DS_EINVAL, "identifier without a "
				    "scheme or value");
	for (i = 0; i < doc->nidents; i++)
		if (strcmp(doc->idents[i].scheme, scheme) == 0 &&
		    strcmp(doc->idents[i].value, value) == 0 &&
		    same(doc->idents[i].session, session))
			return 0;
	if (doc->nidents == doc->idents_cap) {
		size_t cap = doc->idents_cap ? doc->idents_cap * 2 : 4;
		struct ds_ident *n = realloc(doc->idents, cap * sizeof *n);

		if (n == NULL)
			return ds_error_set(err, DS_ENOMEM, "out of memory");
		doc->idents = n;
		doc->idents_cap = cap;
	}
	id = &doc->idents[doc->nidents];
	memset(id, 0, sizeof *id);
	id->scheme = strdup(scheme);
	id->value = strdup(value);
	id->session = session ? strdup(session) : NULL;
	if (display != NULL) {
		id->display = strdup(display);
	} else if (id->scheme && id->value) {
		size_t n = strlen(scheme) + strlen(value) + 2;

		if ((id->display = malloc(n)) != NULL)
			snprintf(id->display, n, "%s %s", scheme, value);
	}
	if (id->scheme == NULL || id->value == NULL || id->display == NULL ||
	    (session != NULL && id->session == NULL)) {
		free(id->scheme);
		free(id->value);
		free(id->session);
		free(id->display);
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	}
	doc->nidents++;
	return 0;
}
