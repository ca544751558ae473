/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-util.c: helpers of fuzz.h. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "doc.h"
#include "fuzz.h"
#include "utf8.h"

char *
fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s != NULL) {
		if (size > 0)
			memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

/*
 * doc.h's rule for a string: NULL, or non-empty valid UTF-8 without NULs
 * or control characters (C0 and DEL) but tabs and newlines.
 */
static void
check_string(const char *s)
{
	size_t i, n;

	if (s == NULL)
		return;
	n = strlen(s);
	fuzz_assert(n > 0);
	fuzz_assert(ds_utf8_valid(s, n));
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		fuzz_assert(c >= 0x20 || c == '\t' || c == '\n');
		fuzz_assert(c != 0x7f);
	}
}

/* doc.h's rule for a date: YYYY-MM-DD, YYYY-MM or YYYY. */
static void
check_date(const char *s)
{
	size_t i, n;

	if (s == NULL)
		return;
	n = strlen(s);
	fuzz_assert(n == 4 || n == 7 || n == 10);
	for (i = 0; i < n; i++)
		fuzz_assert(i == 4 || i == 7 ? s[i] == '-'
					     : s[i] >= '0' && s[i] <= '9');
}

void
fuzz_check_doc(const struct ds_doc *doc)
{
	size_t i, bytes = 0;

	check_string(doc->id);
	check_string(doc->path);
	check_string(doc->url);
	check_string(doc->format);
	check_string(doc->dialect);
	check_string(doc->title);
	check_string(doc->description);
	check_string(doc->author);
	check_string(doc->publisher);
	check_string(doc->type);
	check_string(doc->lang);
	check_string(doc->warning);
	check_date(doc->date);
	check_date(doc->modified);
	for (i = 0; i < doc->nidents; i++) {
		check_string(doc->idents[i].scheme);
		check_string(doc->idents[i].value);
		check_string(doc->idents[i].session);
		check_string(doc->idents[i].display);
		fuzz_assert(doc->idents[i].scheme && doc->idents[i].value);
	}
	for (i = 0; i < doc->nsections; i++) {
		const struct ds_section *sec = &doc->sections[i];

		check_string(sec->heading);
		check_string(sec->anchor);
		check_string(sec->speaker);
		fuzz_assert(sec->text != NULL || sec->text_len == 0);
		if (sec->text != NULL) {
			fuzz_assert(strlen(sec->text) == sec->text_len);
			if (sec->text_len > 0)
				check_string(sec->text);
		}
		fuzz_assert(sec->level >= 0 && sec->level <= 6);
		bytes += sec->text_len;
	}
	fuzz_assert(bytes == doc->text_bytes);
	fuzz_assert(doc->max_text_bytes == 0 ||
		    doc->text_bytes <= doc->max_text_bytes);
}
