/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * doc-testutil.h: looking at a struct ds_doc in tests, shared by the
 * extractor tests.  Header-only; include after <cmocka.h> and "doc.h".
 */
#ifndef DOSSIER_DOC_TESTUTIL_H
#define DOSSIER_DOC_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The document's text: section texts joined by '\n' (caller frees). */
static inline char *
body_text(const struct ds_doc *doc)
{
	size_t i, n = 1, o = 0;
	char *s;

	for (i = 0; i < doc->nsections; i++)
		n += doc->sections[i].text_len + 1;
	s = malloc(n);
	assert_non_null(s);
	for (i = 0; i < doc->nsections; i++) {
		if (doc->sections[i].text_len == 0)
			continue;
		if (o > 0)
			s[o++] = '\n';
		memcpy(s + o, doc->sections[i].text, doc->sections[i].text_len);
		o += doc->sections[i].text_len;
	}
	s[o] = '\0';
	return s;
}

#define OUTLINE_MAX 16384

/*
 * The outline, "h2#anchor:Heading; h3[Speaker]:Sub" (speakers shown when
 * there are any; caller frees).
 */
static inline char *
outline(const struct ds_doc *doc)
{
	char *s = calloc(1, OUTLINE_MAX);
	size_t i, n = 0;

	assert_non_null(s);
	for (i = 0; i < doc->nsections; i++) {
		const struct ds_section *sec = &doc->sections[i];

		if (sec->heading == NULL)
			continue;
		n += (size_t)snprintf(s + n, OUTLINE_MAX - n,
				      "%sh%d%s%s%s%s%s:%s", n ? "; " : "",
				      sec->level, sec->anchor ? "#" : "",
				      sec->anchor ? sec->anchor : "",
				      sec->speaker ? "[" : "",
				      sec->speaker ? sec->speaker : "",
				      sec->speaker ? "]" : "", sec->heading);
		assert_true(n < OUTLINE_MAX);
	}
	return s;
}

#endif /* DOSSIER_DOC_TESTUTIL_H */
