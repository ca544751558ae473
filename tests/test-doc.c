/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-doc.c: unit tests for struct ds_doc (src/doc.c) and the strict
 * UTF-8 routines (src/utf8.c).
 */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "doc.h"
#include "stamp.h"
#include "utf8.h"

/* The text of section i, "" when it has none. */
static const char *
text_of(const struct ds_doc *doc, size_t i)
{
	assert_true(i < doc->nsections);
	return doc->sections[i].text ? doc->sections[i].text : "";
}

/* Check doc.h's invariants on every section. */
static void
check_invariants(const struct ds_doc *doc)
{
	size_t i, total = 0;

	for (i = 0; i < doc->nsections; i++) {
		const struct ds_section *s = &doc->sections[i];

		if (s->text) {
			assert_int_equal(strlen(s->text), s->text_len);
			assert_true(ds_utf8_valid(s->text, s->text_len));
		}
		total += s->text_len;
	}
	assert_int_equal(total, doc->text_bytes);
	if (doc->max_text_bytes)
		assert_true(doc->text_bytes <= doc->max_text_bytes);
}

/* ---------------------------------------------------------------------
 * Fields
 * ------------------------------------------------------------------- */

/* Table: input bytes (with length) -> cleaned field, NULL for "left NULL". */
static const struct field_case {
	const char *in;
	size_t len;
	const char *out;
} field_cases[] = {
	{ "plain", 5, "plain" },
	{ "  lead and trail \t\n", 19, "lead and trail" },
	{ "a \t\r\n\f\v b", 9, "a b" },
	{ "ctl\x01\x02\x1f" "chars", 11, "ctl chars" },
	{ "del\x7f" "c1\xc2\x85" "x", 9, "del c1 x" },
	{ "bad\xff" "utf8\xc0\xaf" "x", 11, "bad utf8 x" },
	{ "nbsp\xc2\xa0" "and\xe2\x80\x83" "em", 14, "nbsp and em" },
	{ "bom\xef\xbb\xbf" "x", 7, "bom x" },
	{ "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac", 12,
	  "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac" },
	{ "emb\0nul", 7, "emb nul" },
	{ "", 0, NULL },
	{ " \t\n ", 4, NULL },
	{ "\xff\xfe", 2, NULL },
	{ "truncated \xe6\x97", 12, "truncated" },
};

/* ds_doc_set_field cleans every row of field_cases as the table says. */
static void
test_set_field_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof field_cases / sizeof field_cases[0]; i++) {
		const struct field_case *c = &field_cases[i];
		char *f = NULL;

		assert_int_equal(ds_doc_set_field(&f, c->in, c->len, NULL), 0);
		if (c->out == NULL) {
			assert_null(f);
		} else {
			assert_non_null(f);
			assert_string_equal(f, c->out);
		}
		free(f);
	}
}

/* Setting a field replaces (and frees) the old value; blank clears it. */
static void
test_set_field_replaces(void **state)
{
	struct ds_doc doc;

	(void)state;
	ds_doc_init(&doc);
	assert_int_equal(ds_doc_set_field(&doc.title, "one", 3, NULL), 0);
	assert_int_equal(ds_doc_set_field(&doc.title, "two", 3, NULL), 0);
	assert_string_equal(doc.title, "two");
	assert_int_equal(ds_doc_set_field(&doc.title, "  ", 2, NULL), 0);
	assert_null(doc.title);
	ds_doc_release(&doc);
}

/* ---------------------------------------------------------------------
 * Text
 * ------------------------------------------------------------------- */

/* Runs of white space collapse to one space; leading space is dropped. */
static void
test_append_collapses(void **state)
{
	struct ds_doc doc;

	(void)state;
	ds_doc_init(&doc);
	assert_int_equal(ds_doc_append_text(&doc, "  hello \t  world ", 17,
					    NULL), 0);
	assert_int_equal(doc.nsections, 1);
	assert_null(doc.sections[0].heading);
	assert_int_equal(doc.sections[0].level, 0);
	assert_string_equal(text_of(&doc, 0), "hello world ");
	ds_doc_finish(&doc);
	assert_string_equal(text_of(&doc, 0), "hello world");
	check_invariants(&doc);
	ds_doc_release(&doc);
}

/* Consecutive appends glue unless white space separates them. */
static void
test_append_glues(void **state)
{
	struct ds_doc doc;

	(void)state;
	ds_doc_init(&doc);
	ds_doc_append_text(&doc, "a", 1, NULL);
	ds_doc_append_text(&doc, "b", 1, NULL);
	ds_doc_append_text(&doc, " ", 1, NULL);
	ds_doc_append_text(&doc, " c", 2, NULL);
	ds_doc_append_text(&doc, "\xc2\xa0" "d", 3, NULL);
	assert_string_equal(text_of(&doc, 0), "ab c d");
	check_invariants(&doc);
	ds_doc_release(&doc);
}

/* '\n' and U+2029 are paragraph breaks; a break wins over spaces. */
static void
test_paragraphs(void **state)
{
	struct ds_doc doc;

	(void)state;
	ds_doc_init(&doc);
	assert_int_equal(ds_doc_break(&doc, NULL), 0);	/* nothing yet */
	assert_int_equal(doc.nsections, 0);
	ds_doc_append_text(&doc, "one \n  two", 10, NULL);
	ds_doc_append_text(&doc, " ", 1, NULL);
	ds_doc_break(&doc, NULL);
	ds_doc_break(&doc, NULL);
	ds_doc_append_text(&doc, " three\xe2\x80\xa9" "four", 13, NULL);
	assert_string_equal(text_of(&doc, 0), "one\ntwo\nthree\nfour");
	check_invariants(&doc);
	ds_doc_release(&doc);
}

/* Invalid UTF-8 and control characters in text become spaces. */
static void
test_append_cleans(void **state)
{
	struct ds_doc doc;

	(void)state;
	ds_doc_init(&doc);
	ds_doc_append_text(&doc, "x\xff" "y\x01z\xed\xa0\x80w\0v", 11, NULL);
	assert_string_equal(text_of(&doc, 0), "x y z w v");
	check_invariants(&doc);
	ds_doc_release(&doc);
}

/* The text cap drops what is beyond it, sets truncated, and never cuts a
 * character in two. */
static void
test_text_cap(void **state)
{
	struct ds_doc doc;

	(void)state;
	ds_doc_init(&doc);
	doc.max_text_bytes = 10;
	assert_int_equal(ds_doc_append_text(&doc, "hello world again", 17,
					    NULL), 0);
	assert_true(doc.truncated);
	assert_true(doc.text_bytes <= 10);
	assert_string_equal(text_of(&doc, 0), "hello worl");
	check_invariants(&doc);
	ds_doc_release(&doc);

	/* "abcd" + e-acute (2 bytes) + "f" with room for 5 bytes. */
	ds_doc_init(&doc);
	doc.max_text_bytes = 5;
	ds_doc_append_text(&doc, "abcd\xc3\xa9" "f", 7, NULL);
	assert_true(doc.truncated);
	assert_string_equal(text_of(&doc, 0), "abcd");
	check_invariants(&doc);
	ds_doc_release(&doc);

	/* A 4-byte character over the cap is dropped whole. */
	ds_doc_init(&doc);
	doc.max_text_bytes = 6;
	ds_doc_append_text(&doc, "abc\xf0\x9f\x98\x80", 7, NULL);
	assert_string_equal(text_of(&doc, 0), "abc");
	assert_true(doc.truncated);
	check_invariants(&doc);
	ds_doc_release(&doc);

	/* Exactly at the cap is not truncated. */
	ds_doc_init(&doc);
	doc.max_text_bytes = 5;
	ds_doc_append_text(&doc, "abcde", 5, NULL);
	assert_false(doc.truncated);
	assert_string_equal(text_of(&doc, 0), "abcde");
	ds_doc_release(&doc);
}

/* Many appends (over the initial buffer size) keep the invariants. */
static void
test_append_grows(void **state)
{
	struct ds_doc doc;
	size_t i;

	(void)state;
	ds_doc_init(&doc);
	for (i = 0; i < 5000; i++)
		assert_int_equal(ds_doc_append_text(&doc, "word ", 5, NULL), 0);
	ds_doc_finish(&doc);
	assert_int_equal(doc.text_bytes, 5000 * 5 - 1);
	check_invariants(&doc);
	ds_doc_release(&doc);
}

/* ---------------------------------------------------------------------
 * Sections, warnings, finishing
 * ------------------------------------------------------------------- */

/* Sections take cleaned headings and anchors; text goes to the last. */
static void
test_sections(void **state)
{
	struct ds_doc doc;

	(void)state;
	ds_doc_init(&doc);
	ds_doc_append_text(&doc, "preamble", 8, NULL);
	assert_int_equal(ds_doc_add_section(&doc, "  First\n heading ", 17,
					    "s1", 2, NULL), 0);
	ds_doc_append_text(&doc, "body one", 8, NULL);
	assert_int_equal(ds_doc_add_section(&doc, "Second", 6, NULL, 3,
					    NULL), 0);
	assert_int_equal(ds_doc_add_section(&doc, "Third", 5, " t 3 ", 2,
					    NULL), 0);
	ds_doc_append_text(&doc, "body three ", 11, NULL);
	ds_doc_finish(&doc);

	assert_int_equal(doc.nsections, 4);
	assert_string_equal(text_of(&doc, 0), "preamble");
	assert_string_equal(doc.sections[1].heading, "First heading");
	assert_string_equal(doc.sections[1].anchor, "s1");
	assert_int_equal(doc.sections[1].level, 2);
	assert_string_equal(text_of(&doc, 1), "body one");
	assert_string_equal(doc.sections[2].heading, "Second");
	assert_null(doc.sections[2].anchor);
	assert_int_equal(doc.sections[2].text_len, 0);	/* kept: outline */
	assert_string_equal(doc.sections[3].anchor, "t 3");
	assert_string_equal(text_of(&doc, 3), "body three");
	check_invariants(&doc);
	ds_doc_release(&doc);
}

/* An empty preamble is dropped by ds_doc_finish; trailing breaks go. */
static void
test_finish(void **state)
{
	struct ds_doc doc;

	(void)state;
	ds_doc_init(&doc);
	ds_doc_append_text(&doc, "   ", 3, NULL);	/* preamble, empty */
	ds_doc_add_section(&doc, "H", 1, NULL, 1, NULL);
	ds_doc_append_text(&doc, "text\n\n", 6, NULL);
	ds_doc_break(&doc, NULL);
	ds_doc_finish(&doc);
	assert_int_equal(doc.nsections, 1);
	assert_string_equal(doc.sections[0].heading, "H");
	assert_string_equal(text_of(&doc, 0), "text");
	check_invariants(&doc);
	ds_doc_release(&doc);
}

/* Warnings accumulate with "; " and stay bounded. */
static void
test_warnings(void **state)
{
	struct ds_doc doc;
	int i;

	(void)state;
	ds_doc_init(&doc);
	assert_null(doc.warning);
	assert_int_equal(ds_doc_warn(&doc, NULL, "first %d", 1), 0);
	assert_int_equal(ds_doc_warn(&doc, NULL, "second"), 0);
	assert_string_equal(doc.warning, "first 1; second");
	for (i = 0; i < 1000; i++)
		ds_doc_warn(&doc, NULL, "again and again %d", i);
	assert_true(strlen(doc.warning) < 1400);
	ds_doc_release(&doc);
}

/* Release frees everything and leaves an initialised, reusable doc. */
static void
test_release(void **state)
{
	struct ds_doc doc, zero;

	(void)state;
	/* Released is initialised: all zero but the unknown stamp. */
	memset(&zero, 0, sizeof zero);
	ds_stamp_init(&zero.stamp);
	ds_doc_init(&doc);
	ds_doc_set_field(&doc.path, "p", 1, NULL);
	ds_doc_set_field(&doc.lang, "en", 2, NULL);
	ds_doc_add_section(&doc, "h", 1, "a", 1, NULL);
	ds_doc_append_text(&doc, "t", 1, NULL);
	ds_doc_warn(&doc, NULL, "w");
	ds_doc_release(&doc);
	assert_memory_equal(&doc, &zero, sizeof doc);
	ds_doc_release(&doc);
	ds_doc_append_text(&doc, "again", 5, NULL);
	assert_string_equal(text_of(&doc, 0), "again");
	ds_doc_release(&doc);
}

/* ---------------------------------------------------------------------
 * File stamps
 * ------------------------------------------------------------------- */

static void
test_stamp(void **state)
{
	struct ds_stamp a = {1704067200123456789LL, 21176,
			     UINT64_C(0x00dcba9876543210)}, b;
	char buf[DS_STAMP_MAX];
	struct stat sb;
	size_t n;

	(void)state;
	n = ds_stamp_encode(&a, buf);
	assert_string_equal(buf, "1704067200123456789 21176 00dcba9876543210");
	assert_int_equal(n, strlen(buf));
	assert_int_equal(ds_stamp_decode(buf, n, &b), 0);
	assert_int_equal(b.mtime_ns, a.mtime_ns);
	assert_int_equal(b.size, a.size);
	assert_true(b.hash == a.hash);

	/* The extremes survive; damage and old formats are "unknown". */
	a.mtime_ns = -1;
	a.size = 0;
	a.hash = UINT64_MAX;
	n = ds_stamp_encode(&a, buf);
	assert_int_equal(ds_stamp_decode(buf, n, &b), 0);
	assert_int_equal(b.mtime_ns, -1);
	assert_true(b.hash == UINT64_MAX);
	static const char *const bad[] = {
		"", "1 2", "1 2 3", "1 2 00dcba987654321", "1 2 00dcba98765432100",
		"1 2 00DCBA9876543210", "x 2 00dcba9876543210",
		"1  2 00dcba9876543210", "1 -2 00dcba9876543210",
		"99999999999999999999 2 00dcba9876543210",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (ds_stamp_decode(bad[i], strlen(bad[i]), &b) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(b.size, -1);
	}
	/* Only the first bytes given count (values are not NUL-terminated). */
	assert_int_equal(ds_stamp_decode("1 2 00dcba9876543210XYZ", 20, &b), 0);

	/* The unknown stamp matches no file, not even an empty one. */
	ds_stamp_init(&a);
	memset(&sb, 0, sizeof sb);
	assert_false(ds_stamp_matches_stat(&a, &sb));
	a.size = 0;
	a.mtime_ns = 0;
	assert_true(ds_stamp_matches_stat(&a, &sb));
	sb.st_mtim.tv_nsec = 1;
	assert_false(ds_stamp_matches_stat(&a, &sb));
	assert_int_equal(ds_stamp_mtime_ns(&sb), 1);
}

/* ---------------------------------------------------------------------
 * UTF-8
 * ------------------------------------------------------------------- */

/* Table: bytes -> expected length (0: invalid) and code point. */
static const struct utf8_case {
	const char *s;
	size_t len;
	size_t n;
	uint32_t cp;
	const char *what;
} utf8_cases[] = {
	{ "A", 1, 1, 0x41, "ASCII" },
	{ "\0", 1, 1, 0, "NUL is a character" },
	{ "\xc2\x80", 2, 2, 0x80, "smallest 2-byte" },
	{ "\xdf\xbf", 2, 2, 0x7ff, "largest 2-byte" },
	{ "\xe0\xa0\x80", 3, 3, 0x800, "smallest 3-byte" },
	{ "\xef\xbf\xbf", 3, 3, 0xffff, "largest 3-byte" },
	{ "\xf0\x90\x80\x80", 4, 4, 0x10000, "smallest 4-byte" },
	{ "\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff, "largest code point" },
	{ "\xed\x9f\xbf", 3, 3, 0xd7ff, "just below the surrogates" },
	{ "\xee\x80\x80", 3, 3, 0xe000, "just above the surrogates" },
	{ "\xc0\xaf", 2, 0, 0, "overlong '/' (2 bytes)" },
	{ "\xc1\xbf", 2, 0, 0, "overlong 0x7F" },
	{ "\xe0\x80\xaf", 3, 0, 0, "overlong '/' (3 bytes)" },
	{ "\xe0\x9f\xbf", 3, 0, 0, "overlong 0x7FF" },
	{ "\xf0\x80\x80\xaf", 4, 0, 0, "overlong '/' (4 bytes)" },
	{ "\xf0\x8f\xbf\xbf", 4, 0, 0, "overlong 0xFFFF" },
	{ "\xed\xa0\x80", 3, 0, 0, "high surrogate D800" },
	{ "\xed\xbf\xbf", 3, 0, 0, "low surrogate DFFF" },
	{ "\xf4\x90\x80\x80", 4, 0, 0, "above U+10FFFF" },
	{ "\xf5\x80\x80\x80", 4, 0, 0, "lead byte F5" },
	{ "\xf8\x88\x80\x80\x80", 5, 0, 0, "5-byte form" },
	{ "\xfe", 1, 0, 0, "byte FE" },
	{ "\xff", 1, 0, 0, "byte FF" },
	{ "\x80", 1, 0, 0, "stray continuation" },
	{ "\xbf\x80", 2, 0, 0, "two stray continuations" },
	{ "\xe6\x97", 2, 0, 0, "truncated 3-byte" },
	{ "\xf0\x9f\x98", 3, 0, 0, "truncated 4-byte" },
	{ "\xc3", 1, 0, 0, "truncated 2-byte" },
	{ "\xc3" "A", 2, 0, 0, "lead then ASCII" },
	{ "\xe6" "AB", 3, 0, 0, "3-byte lead then ASCII" },
	{ "", 0, 0, 0, "empty" },
};

/* ds_utf8_decode accepts exactly the strict forms of utf8_cases. */
static void
test_utf8_decode_table(void **state)
{
	size_t i, n;
	uint32_t cp;

	(void)state;
	for (i = 0; i < sizeof utf8_cases / sizeof utf8_cases[0]; i++) {
		const struct utf8_case *c = &utf8_cases[i];

		cp = 0xdeadbeef;
		n = ds_utf8_decode(c->s, c->len, &cp);
		if (n != c->n)
			fail_msg("%s: decoded %zu bytes, expected %zu",
				 c->what, n, c->n);
		if (n > 0 && cp != c->cp)
			fail_msg("%s: U+%04X, expected U+%04X", c->what,
				 (unsigned)cp, (unsigned)c->cp);
		assert_int_equal(ds_utf8_valid(c->s, c->len), c->n == c->len);
	}
}

/* Encoding then decoding gives back every boundary code point. */
static void
test_utf8_roundtrip(void **state)
{
	static const uint32_t cps[] = {
		0, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff,
		0x10000, 0x1f600, 0x10ffff
	};
	char buf[4];
	uint32_t cp;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		n = ds_utf8_encode(cps[i], buf);
		assert_true(n >= 1 && n <= 4);
		assert_int_equal(ds_utf8_decode(buf, n, &cp), n);
		assert_int_equal(cp, cps[i]);
		/* One byte short is never valid. */
		if (n > 1)
			assert_int_equal(ds_utf8_decode(buf, n - 1, &cp), 0);
	}
}

/* ds_utf8_valid over whole strings, NUL bytes included. */
static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_true(ds_utf8_valid("", 0));
	assert_true(ds_utf8_valid("a\0b", 3));
	assert_true(ds_utf8_valid("caf\xc3\xa9 \xe6\x97\xa5", 9));
	assert_false(ds_utf8_valid("caf\xe9", 4));
	assert_false(ds_utf8_valid("ok\xed\xa0\x80", 5));
	assert_false(ds_utf8_valid("ok\xe6\x97", 4));
}

/* ds_utf8_cut never leaves half a character. */
static void
test_utf8_cut(void **state)
{
	const char *s = "a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80";	/* 1+2+3+4 */
	static const size_t expect[] = { 0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10 };
	size_t len;

	(void)state;
	for (len = 0; len <= 10; len++)
		assert_int_equal(ds_utf8_cut(s, len), expect[len]);
	assert_int_equal(ds_utf8_cut("abc", 2), 2);
	/* Not UTF-8 at all: cut where asked. */
	assert_int_equal(ds_utf8_cut("\x80\x80\x80", 2), 2);
}

/* Run every test, TAP output when CMOCKA_MESSAGE_OUTPUT=TAP. */
/*
 * error.c: a message is one line of valid UTF-8, whatever the values put
 * in it (a filter in Latin-1, a name with a newline), and a character
 * the buffer cuts short does not leave half a sequence.
 */
static void
test_error_message_clean(void **state)
{
	struct ds_error err = {0, ""};
	char big[sizeof err.msg * 2];
	size_t i;

	(void)state;
	assert_int_equal(ds_error_set(&err, DS_EINVAL, "--filter %s: no such "
				      "field", "caf\xe9\nx\xc7\xc7"),
			 DS_EINVAL);
	assert_string_equal(err.msg, "--filter caf??x??: no such field");
	assert_int_equal(ds_error_set(&err, DS_EIO, "%s", "\xc3\xa9t\xc3\xa9"),
			 DS_EIO);
	assert_string_equal(err.msg, "\xc3\xa9t\xc3\xa9");
	for (i = 0; i + 2 < sizeof big; i += 2)
		memcpy(big + i, "\xc3\xa9", 2);
	big[sizeof big - 1] = '\0';
	ds_error_set(&err, DS_EIO, "x%s", big);
	assert_true(ds_utf8_valid(err.msg, strlen(err.msg)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_message_clean),
		cmocka_unit_test(test_set_field_table),
		cmocka_unit_test(test_set_field_replaces),
		cmocka_unit_test(test_append_collapses),
		cmocka_unit_test(test_append_glues),
		cmocka_unit_test(test_paragraphs),
		cmocka_unit_test(test_append_cleans),
		cmocka_unit_test(test_text_cap),
		cmocka_unit_test(test_append_grows),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_finish),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_stamp),
		cmocka_unit_test(test_utf8_decode_table),
		cmocka_unit_test(test_utf8_roundtrip),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
