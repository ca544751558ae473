/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-gzip.c: the bounded gunzip (gzip.h) and how ds_extract_file() uses
 * it.
 *
 * Two halves: every *.gz of ../shared/badinputs against its MANIFEST.txt
 * expectation (one TAP line per file; a "# SKIP" line when that folder is
 * absent), then gzip data made here with zlib: concatenated members, the
 * output cap reached exactly and by one byte, the ratio guard, trailing
 * garbage, every truncation of a stream, every one-byte corruption, and
 * gzip found by content rather than by name.
 */

#include "config.h"

#include <dirent.h>
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
#include <zlib.h>

#include <cmocka.h>

#include "dossier.h"
#include "gzip.h"
#include "testutil.h"

/* ---------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------- */

/* $top_srcdir, or ".." (the build directory is usually one level down). */
static const char *
srcdir(void)
{
	const char *d = getenv("top_srcdir");

	return d && d[0] ? d : "..";
}

/* The folder of hostile inputs, in buf; NULL when it is absent. */
static const char *
badinputs(char *buf, size_t size)
{
	struct stat st;

	if (tu_format(buf, size, "%s/../shared/badinputs", srcdir()) < 0 ||
	    stat(buf, &st) < 0 || !S_ISDIR(st.st_mode))
		return NULL;
	return buf;
}

/* Read a whole (small) file into a new buffer. */
static char *
slurp(const char *path, size_t *len)
{
	char *buf = NULL;

	assert_int_equal(ds_read_file(path, 0, &buf, len, NULL, NULL), 0);
	return buf;
}

/* gzip-compress in[0..len) as one member into a new buffer. */
static unsigned char *
gz(const void *in, size_t len, size_t *out_len)
{
	z_stream zs;
	unsigned char *out;
	size_t cap;

	memset(&zs, 0, sizeof zs);
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9,
				      Z_DEFAULT_STRATEGY), Z_OK);
	cap = deflateBound(&zs, (uLong)len) + 64;
	out = malloc(cap);
	assert_non_null(out);
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*out_len = zs.total_out;
	deflateEnd(&zs);
	return out;
}

/* Concatenate a[0..an) and b[0..bn) into a new buffer. */
static unsigned char *
cat2(const void *a, size_t an, const void *b, size_t bn)
{
	unsigned char *p = malloc(an + bn + 1);

	assert_non_null(p);
	memcpy(p, a, an);
	memcpy(p + an, b, bn);
	return p;
}

/* `n` bytes that deflate cannot shrink much (a simple LCG). */
static unsigned char *
noise(size_t n)
{
	unsigned char *p = malloc(n);
	uint32_t x = 12345;
	size_t i;

	assert_non_null(p);
	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (unsigned char)(x >> 16);
	}
	return p;
}

/* Whether the document's title or text holds `word`. */
static int
doc_has(const struct ds_doc *doc, const char *word)
{
	size_t i;

	if (doc->title && strstr(doc->title, word))
		return 1;
	for (i = 0; i < doc->nsections; i++)
		if (doc->sections[i].text && strstr(doc->sections[i].text, word))
			return 1;
	return 0;
}

/* A scratch directory for the tests that write files. */
static char tmpdir[256];

static int
make_tmp(void **state)
{
	(void)state;
	ds_init();
	return tu_make_temp_dir(tmpdir, sizeof tmpdir, "test-gzip");
}

static int
rm_tmp(void **state)
{
	(void)state;
	tu_remove_tree(tmpdir);
	ds_cleanup();
	return 0;
}

/* Write data to tmpdir/name; the path goes to buf. */
static void
write_tmp(char *buf, size_t size, const char *name, const void *data,
	  size_t len)
{
	FILE *f;

	assert_int_equal(tu_path(buf, size, tmpdir, name), 0);
	f = fopen(buf, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* ---------------------------------------------------------------------
 * ../shared/badinputs: what MANIFEST.txt asks of each *.gz
 * ------------------------------------------------------------------- */

struct gz_case {
	const char *name;
	/* ds_gunzip() on the raw bytes */
	int gunzip_rc;
	const char *gunzip_msg;	/* part of the message, when rc != 0 */
	unsigned members;
	size_t trailing;
	/* ds_extract_file() */
	int extract_rc;
	const char *extract_msg;	/* part of the message, or NULL */
	const char *words[3];		/* in the document */
	const char *warning;		/* part of doc->warning, or NULL */
};

static const struct gz_case gz_cases[] = {
	/* valid: CANARYWORD searchable */
	{ "good.html.gz", 0, NULL, 1, 0, 0, NULL,
	  { "CANARYWORD", "retention" }, NULL },
	/* two members: both decoded (the HTML extractor then decides what
	 * text after </html> is worth; see e2e-badinputs.sh) */
	{ "concatenated.html.gz", 0, NULL, 2, 0, 0, NULL,
	  { "CANARYWORD", "first member" }, NULL },
	/* garbage after the member: indexed, with a warning */
	{ "trailing-garbage.html.gz", 0, NULL, 1, 180, 0, NULL,
	  { "CANARYWORD" }, "trailing garbage" },
	/* plain HTML named .gz: read as what it is */
	{ "not-really.html.gz", DS_EFORMAT, "not gzip data", 0, 0, 0, NULL,
	  { "CANARYWORD" }, "not gzip-compressed" },
	/* a zlib stream is not gzip, and binary is never text */
	{ "zlib-not-gzip.html.gz", DS_EFORMAT, "not gzip data", 0, 0,
	  DS_EFORMAT, "binary file (zlib-compressed data)", { NULL }, NULL },
	/* 1 GiB from 1 MB: the 64 MiB cap stops it */
	{ "bomb.html.gz", DS_ETOOBIG, "more than the limit of 67108864 bytes",
	  0, 0, DS_ETOOBIG, "more than the limit of 67108864 bytes",
	  { NULL }, NULL },
	/* one layer only */
	{ "bomb-double.html.gz", 0, NULL, 1, 0, DS_EFORMAT,
	  "nested gzip is not decompressed", { NULL }, NULL },
	{ "truncated.html.gz", DS_EIO, "truncated", 0, 0, DS_EIO, "truncated",
	  { NULL }, NULL },
	{ "truncated-trailer.html.gz", DS_EIO, "truncated", 0, 0, DS_EIO,
	  "truncated", { NULL }, NULL },
	{ "header-only.html.gz", DS_EIO, "truncated", 0, 0, DS_EIO,
	  "truncated", { NULL }, NULL },
	{ "bad-crc.html.gz", DS_EIO, "incorrect data check", 0, 0, DS_EIO,
	  "incorrect data check", { NULL }, NULL },
	{ "corrupt-deflate.html.gz", DS_EIO, "invalid distance too far back",
	  0, 0, DS_EIO, "invalid distance too far back", { NULL }, NULL },
	/* 0 bytes: not gzip; an empty document with a warning */
	{ "empty.html.gz", DS_EFORMAT, "not gzip data", 0, 0, 0, NULL,
	  { NULL }, "empty file" },
};

static const struct gz_case *
gz_case_for(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof gz_cases / sizeof gz_cases[0]; i++)
		if (strcmp(gz_cases[i].name, name) == 0)
			return &gz_cases[i];
	return NULL;
}

/* One *.gz of badinputs; its name is the test's state. */
static void
test_badinput(void **state)
{
	const char *name = *state;
	const struct gz_case *c = gz_case_for(name);
	struct ds_gzip_info info;
	struct ds_error err = {0, ""};
	struct ds_doc doc;
	char dir[4096], path[4096], *raw, *out = NULL;
	size_t rawlen, outlen = 1, i;
	int rc;

	if (badinputs(dir, sizeof dir) == NULL) {
		print_message("# SKIP ../shared/badinputs is absent\n");
		return;
	}
	assert_int_equal(tu_path(path, sizeof path, dir, name), 0);
	ds_doc_init(&doc);
	rc = ds_extract_file(path, NULL, &doc, &err);
	if (c == NULL) {
		/* A new file without an expectation: MANIFEST's general rule. */
		if (rc == 0 && !doc_has(&doc, "CANARYWORD"))
			fail_msg("%s: indexed without CANARYWORD", name);
		if (rc < 0 && strstr(err.msg, name) == NULL)
			fail_msg("%s: the message does not name it: %s", name,
				 err.msg);
		ds_doc_release(&doc);
		return;
	}
	if (rc != c->extract_rc)
		fail_msg("%s: ds_extract_file: rc %d (%s), expected %d", name,
			 rc, err.msg, c->extract_rc);
	if (rc < 0) {
		if (strstr(err.msg, name) == NULL ||
		    (c->extract_msg && strstr(err.msg, c->extract_msg) == NULL))
			fail_msg("%s: message [%s], expected [%s]", name,
				 err.msg, c->extract_msg);
	} else {
		assert_string_equal(doc.format, "html");
		for (i = 0; i < 3 && c->words[i]; i++)
			if (!doc_has(&doc, c->words[i]))
				fail_msg("%s: [%s] not in the document", name,
					 c->words[i]);
		if (c->warning && (doc.warning == NULL ||
				   strstr(doc.warning, c->warning) == NULL))
			fail_msg("%s: warning [%s], expected [%s]", name,
				 doc.warning ? doc.warning : "", c->warning);
		if (!c->warning && doc.warning)
			fail_msg("%s: unexpected warning [%s]", name,
				 doc.warning);
	}
	ds_doc_release(&doc);

	/* The same file through ds_gunzip() directly. */
	raw = slurp(path, &rawlen);
	ds_error_clear(&err);
	rc = ds_gunzip(raw, rawlen, name, NULL, &out, &outlen, &info, &err);
	if (rc != c->gunzip_rc)
		fail_msg("%s: ds_gunzip: rc %d (%s), expected %d", name, rc,
			 err.msg, c->gunzip_rc);
	if (rc < 0) {
		assert_null(out);
		assert_int_equal(outlen, 0);
		if (strstr(err.msg, c->gunzip_msg) == NULL ||
		    strstr(err.msg, name) == NULL)
			fail_msg("%s: message [%s], expected [%s]", name,
				 err.msg, c->gunzip_msg);
	} else {
		assert_non_null(out);
		assert_int_equal(out[outlen], '\0');
		assert_int_equal(info.members, c->members);
		assert_int_equal(info.trailing, c->trailing);
	}
	/* What the MANIFEST says in words, where the table can't. */
	if (strcmp(name, "concatenated.html.gz") == 0)
		assert_non_null(strstr(out, "SECONDMEMBER"));
	if (strcmp(name, "bomb-double.html.gz") == 0) {
		/* The one layer decoded is itself gzip, left alone. */
		assert_true(ds_is_gzip(out, outlen));
		assert_true(outlen < ((size_t)2 << 20));
	}
	free(out);
	free(raw);
}

/* ---------------------------------------------------------------------
 * Synthetic members
 * ------------------------------------------------------------------- */

/* Two members, then three, then one that is empty: all decoded, in order. */
static void
test_concatenated(void **state)
{
	struct ds_gzip_info info;
	unsigned char *a, *b, *e, *ab, *abe;
	size_t an, bn, en, outlen;
	char *out;

	(void)state;
	a = gz("hello ", 6, &an);
	b = gz("world", 5, &bn);
	e = gz("", 0, &en);
	ab = cat2(a, an, b, bn);
	assert_int_equal(ds_gunzip((char *)ab, an + bn, "ab", NULL, &out,
				   &outlen, &info, NULL), 0);
	assert_int_equal(outlen, 11);
	assert_string_equal(out, "hello world");
	assert_int_equal(info.members, 2);
	assert_int_equal(info.trailing, 0);
	free(out);

	abe = cat2(ab, an + bn, e, en);
	assert_int_equal(ds_gunzip((char *)abe, an + bn + en, "abe", NULL,
				   &out, &outlen, &info, NULL), 0);
	assert_string_equal(out, "hello world");
	assert_int_equal(info.members, 3);
	free(out);

	/* An empty member alone is an empty output, not an error. */
	assert_int_equal(ds_gunzip((char *)e, en, "e", NULL, &out, &outlen,
				   &info, NULL), 0);
	assert_int_equal(outlen, 0);
	assert_string_equal(out, "");
	free(out);
	free(abe);
	free(ab);
	free(e);
	free(b);
	free(a);
}

/*
 * The cap: output of exactly max_out bytes passes, one byte more fails,
 * on a chunk boundary and off it.
 */
static void
test_cap_exactly(void **state)
{
	static const size_t sizes[] = { 1, 65535, 65536, 65537, 3 * 65536,
					200000 };
	struct ds_gzip_opts go = {0, 0};
	struct ds_error err = {0, ""};
	unsigned char *data, *z;
	size_t i, n, zn, outlen;
	char *out;

	(void)state;
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		n = sizes[i];
		data = noise(n);
		z = gz(data, n, &zn);

		go.max_out = n;
		assert_int_equal(ds_gunzip((char *)z, zn, "cap", &go, &out,
					   &outlen, NULL, &err), 0);
		assert_int_equal(outlen, n);
		assert_memory_equal(out, data, n);
		free(out);

		if (n > 1) {
			go.max_out = n - 1;
			assert_int_equal(ds_gunzip((char *)z, zn, "cap", &go,
						   &out, &outlen, NULL, &err),
					 DS_ETOOBIG);
			assert_null(out);
			assert_non_null(strstr(err.msg, "more than the limit"));
			assert_non_null(strstr(err.msg, "cap: "));
		}
		free(z);
		free(data);
	}
}

/* A small bomb under the cap: the ratio guard stops it. */
static void
test_ratio_guard(void **state)
{
	const size_t n = (size_t)8 << 20;	/* 8 MiB of zeros: ~8 KiB */
	struct ds_gzip_opts go = {0, 0};
	struct ds_error err = {0, ""};
	unsigned char *zeros, *z;
	size_t zn, outlen;
	char *out;

	(void)state;
	zeros = calloc(1, n);
	assert_non_null(zeros);
	z = gz(zeros, n, &zn);
	assert_true(zn * DS_GZIP_MAX_RATIO + DS_GZIP_RATIO_SLACK < n);

	assert_int_equal(ds_gunzip((char *)z, zn, "zeros.gz", NULL, &out,
				   &outlen, NULL, &err), DS_ETOOBIG);
	assert_null(out);
	assert_non_null(strstr(err.msg, "more than 100 times its size"));

	/* A looser ratio lets it through; the cap still holds. */
	go.max_ratio = 2000;
	assert_int_equal(ds_gunzip((char *)z, zn, "zeros.gz", &go, &out,
				   &outlen, NULL, &err), 0);
	assert_int_equal(outlen, n);
	free(out);
	go.max_out = n / 2;
	assert_int_equal(ds_gunzip((char *)z, zn, "zeros.gz", &go, &out,
				   &outlen, NULL, &err), DS_ETOOBIG);
	assert_non_null(strstr(err.msg, "more than the limit"));

	/* Small files are never refused for their ratio (the 1 MiB slack). */
	free(z);
	z = gz(zeros, DS_GZIP_RATIO_SLACK, &zn);
	assert_int_equal(ds_gunzip((char *)z, zn, "mib.gz", NULL, &out,
				   &outlen, NULL, &err), 0);
	assert_int_equal(outlen, DS_GZIP_RATIO_SLACK);
	free(out);
	free(z);
	free(zeros);
}

/* Trailing bytes: garbage is ignored and counted; a false start is not. */
static void
test_trailing(void **state)
{
	struct ds_gzip_info info;
	struct ds_error err = {0, ""};
	unsigned char *a, *ag;
	size_t an, outlen;
	char *out;

	(void)state;
	a = gz("payload", 7, &an);
	ag = cat2(a, an, "\0\0\0\0junk", 8);
	assert_int_equal(ds_gunzip((char *)ag, an + 8, "t", NULL, &out,
				   &outlen, &info, &err), 0);
	assert_string_equal(out, "payload");
	assert_int_equal(info.trailing, 8);
	assert_int_equal(info.members, 1);
	free(out);
	free(ag);

	/* One stray byte of a magic number is garbage too. */
	ag = cat2(a, an, "\x1f", 1);
	assert_int_equal(ds_gunzip((char *)ag, an + 1, "t", NULL, &out,
				   &outlen, &info, &err), 0);
	assert_int_equal(info.trailing, 1);
	free(out);
	free(ag);

	/* A second "member" that starts like one but is not: an error. */
	ag = cat2(a, an, "\x1f\x8bnot-a-header", 14);
	assert_int_equal(ds_gunzip((char *)ag, an + 14, "t", NULL, &out,
				   &outlen, &info, &err), DS_EIO);
	assert_non_null(strstr(err.msg, "corrupt gzip data"));
	assert_null(out);
	free(ag);
	free(a);
}

/* zlib and raw deflate are not gzip: refused, never passed through. */
static void
test_not_gzip(void **state)
{
	static const char text[] = "<html><body>CANARYWORD</body></html>";
	struct ds_error err = {0, ""};
	unsigned char z[256];
	uLongf zn = sizeof z;
	size_t outlen = 7;
	char *out = (char *)1;

	(void)state;
	assert_int_equal(compress2(z, &zn, (const Bytef *)text, sizeof text,
				   9), Z_OK);
	assert_int_equal(ds_gunzip((char *)z, zn, "zlib", NULL, &out,
				   &outlen, NULL, &err), DS_EFORMAT);
	assert_null(out);
	assert_int_equal(outlen, 0);
	assert_non_null(strstr(err.msg, "zlib: not gzip data"));
	assert_int_equal(ds_gunzip("", 0, NULL, NULL, &out, &outlen, NULL,
				   &err), DS_EFORMAT);
	assert_int_equal(ds_gunzip(text, sizeof text, "t", NULL, &out,
				   &outlen, NULL, &err), DS_EFORMAT);
	assert_false(ds_is_gzip("\x1f", 1));
	assert_true(ds_is_gzip("\x1f\x8b", 2));

	/* A bad method byte after the magic: zlib's "unknown method". */
	assert_int_equal(ds_gunzip("\x1f\x8b\x07\0\0\0\0\0\0\x03", 10, "m",
				   NULL, &out, &outlen, NULL, &err), DS_EIO);
	assert_non_null(strstr(err.msg, "corrupt gzip data"));
}

/* Every truncation of a stream is an error, never a silent success. */
static void
test_every_truncation(void **state)
{
	struct ds_error err = {0, ""};
	unsigned char *data, *z, *two;
	size_t zn, i, outlen;
	char *out;
	int rc;

	(void)state;
	data = noise(5000);
	z = gz(data, 5000, &zn);
	for (i = 0; i < zn; i++) {
		rc = ds_gunzip((char *)z, i, "cut", NULL, &out, &outlen, NULL,
			       &err);
		if (rc != (i < 2 ? DS_EFORMAT : DS_EIO))
			fail_msg("cut at %zu of %zu: rc %d (%s)", i, zn, rc,
				 err.msg);
		if (i >= 2 && strstr(err.msg, "truncated") == NULL)
			fail_msg("cut at %zu: [%s]", i, err.msg);
		assert_null(out);
	}
	/* A second member cut short spoils the whole file. */
	two = cat2(z, zn, z, zn / 2);
	assert_int_equal(ds_gunzip((char *)two, zn + zn / 2, "cut2", NULL,
				   &out, &outlen, NULL, &err), DS_EIO);
	assert_non_null(strstr(err.msg, "truncated"));
	free(two);
	free(z);
	free(data);
}

/* Every one-byte corruption: an error or correct data, never a crash. */
static void
test_every_corruption(void **state)
{
	static const char text[] = "CANARYWORD retention schedule, "
				   "retention schedule, retention.";
	struct ds_error err = {0, ""};
	unsigned char *z;
	size_t zn, i, outlen;
	char *out;
	int rc, bit;

	(void)state;
	z = gz(text, sizeof text - 1, &zn);
	for (i = 0; i < zn; i++) {
		for (bit = 0; bit < 8; bit++) {
			z[i] ^= (unsigned char)(1 << bit);
			rc = ds_gunzip((char *)z, zn, "flip", NULL, &out,
				       &outlen, NULL, &err);
			if (rc == 0) {
				/* Header bytes (mtime, XFL, OS) and the
				 * padding bits after the last deflate block
				 * may change; the data, checked by the
				 * CRC, may not. */
				assert_true(i < 10 || i < zn - 8);
				assert_int_equal(outlen, sizeof text - 1);
				assert_memory_equal(out, text, outlen);
				free(out);
			} else {
				assert_true(rc == DS_EIO || rc == DS_EFORMAT);
				assert_null(out);
			}
			z[i] ^= (unsigned char)(1 << bit);
		}
	}
	free(z);
}

/*
 * ds_extract_file(): gzip is found by content whatever the name, the
 * inner bytes are sniffed as any file's (with the .gz left out of the
 * name), and the size is the decompressed one.
 */
static void
test_extract_by_content(void **state)
{
	static const char html[] =
		"<html><head><title>Gzipped page</title></head>"
		"<body><p>CANARYWORD compressed body</p></body></html>";
	static const char text[] = "Plain notes\n\nabout CANARYWORD\n";
	struct ds_error err = {0, ""};
	struct ds_doc doc;
	unsigned char *z, *zz;
	size_t zn, zzn;
	char path[4096];

	(void)state;
	z = gz(html, sizeof html - 1, &zn);
	/* Named as plain HTML, but gzip inside. */
	write_tmp(path, sizeof path, "page.html", z, zn);
	ds_doc_init(&doc);
	assert_int_equal(ds_extract_file(path, NULL, &doc, &err), 0);
	assert_string_equal(doc.format, "html");
	assert_string_equal(doc.title, "Gzipped page");
	assert_true(doc_has(&doc, "CANARYWORD"));
	assert_int_equal(doc.size, sizeof html - 1);
	assert_null(doc.warning);
	ds_doc_release(&doc);

	/* No name hint at all. */
	write_tmp(path, sizeof path, "noext", z, zn);
	assert_int_equal(ds_extract_file(path, NULL, &doc, &err), 0);
	assert_string_equal(doc.format, "html");
	ds_doc_release(&doc);

	/* notes.txt.gz: the inner name decides text over markup sniffing. */
	free(z);
	z = gz(text, sizeof text - 1, &zn);
	write_tmp(path, sizeof path, "notes.txt.gz", z, zn);
	assert_int_equal(ds_extract_file(path, NULL, &doc, &err), 0);
	assert_string_equal(doc.format, "text");
	assert_string_equal(doc.title, "Plain notes");
	assert_true(doc_has(&doc, "CANARYWORD"));
	ds_doc_release(&doc);

	/* Plain text named .gz: read as it is, with a warning. */
	write_tmp(path, sizeof path, "plain.txt.gz", text, sizeof text - 1);
	assert_int_equal(ds_extract_file(path, NULL, &doc, &err), 0);
	assert_string_equal(doc.format, "text");
	assert_non_null(strstr(doc.warning, "not gzip-compressed"));
	ds_doc_release(&doc);

	/* Named .gz, not gzip, not UTF-8 and no markup: not text. */
	write_tmp(path, sizeof path, "latin.txt.gz", "caf\xe9 au lait\n", 13);
	assert_int_equal(ds_extract_file(path, NULL, &doc, &err), DS_EFORMAT);
	assert_non_null(strstr(err.msg, "neither gzip nor UTF-8 text"));
	ds_doc_release(&doc);
	{
		/* A raw deflate stream (no header) named .gz. */
		unsigned char raw[512];
		z_stream zs;

		memset(&zs, 0, sizeof zs);
		assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, -15, 9,
					      Z_DEFAULT_STRATEGY), Z_OK);
		zs.next_in = (Bytef *)html;
		zs.avail_in = sizeof html - 1;
		zs.next_out = raw;
		zs.avail_out = sizeof raw;
		assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
		write_tmp(path, sizeof path, "raw.html.gz", raw, zs.total_out);
		deflateEnd(&zs);
		assert_int_equal(ds_extract_file(path, NULL, &doc, &err),
				 DS_EFORMAT);
		assert_non_null(strstr(err.msg, "binary file"));
		ds_doc_release(&doc);
	}

	/* Gzip of gzip: one layer only. */
	zz = gz(z, zn, &zzn);
	write_tmp(path, sizeof path, "twice.txt.gz", zz, zzn);
	assert_int_equal(ds_extract_file(path, NULL, &doc, &err), DS_EFORMAT);
	assert_non_null(strstr(err.msg, "nested gzip is not decompressed"));
	assert_non_null(strstr(err.msg, "twice.txt.gz"));
	ds_doc_release(&doc);

	/* The cap is the extract options' max_input_bytes. */
	{
		struct ds_extract_opts xo = {.max_input_bytes = 20};

		write_tmp(path, sizeof path, "capped.txt.gz", z, zn);
		assert_int_equal(ds_extract_file(path, &xo, &doc, &err),
				 DS_ETOOBIG);
		assert_non_null(strstr(err.msg, "limit of 20 bytes"));
		ds_doc_release(&doc);
	}

	/* Binary inside gzip is still binary. */
	free(z);
	z = gz("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, &zn);
	write_tmp(path, sizeof path, "image.png.gz", z, zn);
	assert_int_equal(ds_extract_file(path, NULL, &doc, &err), DS_EFORMAT);
	assert_non_null(strstr(err.msg, "binary file (PNG image, "
				       "gzip-compressed)"));
	ds_doc_release(&doc);
	free(zz);
	free(z);
}

/* ---------------------------------------------------------------------
 * Main: the fixed tests, then one per *.gz of badinputs
 * ------------------------------------------------------------------- */

/* qsort() comparison of C strings. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the *.gz in badinputs (sorted), or NULL when absent. */
static char **
list_gz(size_t *count)
{
	char dir[4096], **names = NULL, **nn;
	size_t n = 0, cap = 0, len;
	struct dirent *e;
	DIR *d;

	*count = 0;
	if (badinputs(dir, sizeof dir) == NULL || (d = opendir(dir)) == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 4 || strcmp(e->d_name + len - 3, ".gz") != 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			if ((nn = realloc(names, cap * sizeof *names)) == NULL)
				break;
			names = nn;
		}
		if ((names[n] = strdup(e->d_name)) != NULL)
			n++;
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof *names, cmp_str);
	*count = n;
	return names;
}

/* Says that the badinputs tests were skipped, and passes. */
static void
test_badinputs_absent(void **state)
{
	(void)state;
	print_message("# SKIP %s/../shared/badinputs is absent: the "
		      "MANIFEST checks of the *.gz files did not run\n",
		      srcdir());
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_concatenated),
		cmocka_unit_test(test_cap_exactly),
		cmocka_unit_test(test_ratio_guard),
		cmocka_unit_test(test_trailing),
		cmocka_unit_test(test_not_gzip),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_every_corruption),
		cmocka_unit_test(test_extract_by_content),
	};
	size_t nfixed = sizeof fixed / sizeof fixed[0], ngz = 0, i, n = 0;
	char **names = list_gz(&ngz);
	struct CMUnitTest *tests;
	int rc;

	tests = calloc(nfixed + ngz + 1, sizeof *tests);
	if (tests == NULL)
		return 1;
	for (i = 0; i < nfixed; i++)
		tests[n++] = fixed[i];
	if (names == NULL) {
		tests[n].name = "test_badinputs";
		tests[n++].test_func = test_badinputs_absent;
	}
	for (i = 0; i < ngz; i++) {
		tests[n].name = names[i];
		tests[n].test_func = test_badinput;
		tests[n++].initial_state = names[i];
	}
	rc = _cmocka_run_group_tests("gzip", tests, n, make_tmp, rm_tmp);
	for (i = 0; i < ngz; i++)
		free(names[i]);
	free(names);
	free(tests);
	return rc;
}
