/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * charset.c: encoding detection and conversion to UTF-8 (see charset.h for
 * the rules; charset-label.c finds and names the declared encoding).
 * UTF-8, windows-1252 and UTF-16 are decoded by hand; other declared
 * encodings go through iconv and then through the UTF-8 decoder, which is
 * what guarantees the output's invariants.
 */

#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "utf8.h"

/* The decoders written here. */
enum decoder { DEC_UTF8, DEC_CP1252, DEC_UTF16LE, DEC_UTF16BE };

/* How a canonical encoding name is treated when the bytes are examined. */
enum family {
	FAM_NONE,	/* nothing (usable) declared */
	FAM_UTF8,
	FAM_WESTERN,	/* windows-1252 and its subsets (ASCII, Latin-1) */
	FAM_WIDE,	/* UTF-16: impossible on ASCII-compatible bytes */
	FAM_STATEFUL,	/* ISO-2022-*, HZ: 7-bit, so they matter on ASCII */
	FAM_OTHER	/* any other encoding iconv knows */
};

#define REPLACEMENT 0xfffd

/* White space as HTML and XML mean it. */
static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Which family a canonical name (from ds_charset_lookup) belongs to. */
static enum family
family_of(const char *name)
{
	if (name[0] == '\0')
		return FAM_NONE;
	if (strcmp(name, "UTF-8") == 0)
		return FAM_UTF8;
	if (strcmp(name, "windows-1252") == 0)
		return FAM_WESTERN;
	if (strncmp(name, "UTF-16", 6) == 0)
		return FAM_WIDE;
	if (strncmp(name, "ISO-2022", 8) == 0 ||
	    strncmp(name, "ISO2022", 7) == 0 ||
	    strncmp(name, "CSISO2022", 9) == 0 || strcmp(name, "HZ") == 0)
		return FAM_STATEFUL;
	return FAM_OTHER;
}

/* ---------------------------------------------------------------------
 * Sniffing
 * ------------------------------------------------------------------- */

int
ds_charset_sniff_utf16(const char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t n = (len < 4096 ? len : 4096) & ~(size_t)1, pairs = n / 2;
	size_t i, zero[2] = { 0, 0 }, ctl[2] = { 0, 0 };
	int hi;

	if (pairs < 2)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == 0)
			zero[i & 1]++;
		else if (s[i] < 0x20 && !is_ws(s[i]))
			ctl[i & 1]++;
	}
	/* hi: the position of the high bytes, zero for ASCII-range text;
	 * the low bytes must then look like text, not binary data. */
	for (hi = 1; hi >= 0; hi--)
		if (zero[hi] * 5 >= pairs * 2 && zero[!hi] * 20 <= pairs &&
		    ctl[!hi] * 10 <= pairs)
			return hi == 1 ? 1 : 2;
	return 0;
}

/*
 * The length of an invalid UTF-8 stretch at s[0..len): the bad byte and
 * the continuation bytes after it, which one U+FFFD replaces.
 */
static size_t
bad_run(const unsigned char *s, size_t len)
{
	size_t n = 1;

	while (n < len && n < 4 && (s[n] & 0xc0) == 0x80)
		n++;
	return n;
}

/* Count good multi-byte sequences and bad stretches in s[0..len). */
static void
utf8_stats(const unsigned char *s, size_t len, size_t *multi, size_t *bad)
{
	size_t i = 0, n;
	uint32_t cp;

	*multi = *bad = 0;
	while (i < len) {
		/* ASCII eight bytes at a time: most text is ASCII. */
		while (i + 8 <= len) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
		}
		if (i == len)
			break;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		n = ds_utf8_decode((const char *)s + i, len - i, &cp);
		if (n == 0) {
			(*bad)++;
			i += bad_run(s + i, len - i);
		} else {
			(*multi)++;
			i += n;
		}
	}
}

/* ---------------------------------------------------------------------
 * Decoding
 * ------------------------------------------------------------------- */

/* windows-1252's 0x80-0x9F; 0 marks the five undefined bytes. */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

/*
 * Decode one character at s[0..len) (len > 0) with decoder d; returns the
 * bytes consumed and stores the code point (U+FFFD for anything invalid)
 * in *cp.
 */
static size_t
decode(enum decoder d, const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t u, v;
	size_t n;

	switch (d) {
	case DEC_UTF8:
		if (s[0] < 0x80) {
			*cp = s[0];
			return 1;
		}
		n = ds_utf8_decode((const char *)s, len, cp);
		if (n > 0)
			return n;
		*cp = REPLACEMENT;
		return bad_run(s, len);
	case DEC_CP1252:
		if (s[0] >= 0x80 && s[0] < 0xa0)
			*cp = cp1252_high[s[0] - 0x80] ?
			      cp1252_high[s[0] - 0x80] : REPLACEMENT;
		else
			*cp = s[0];
		return 1;
	case DEC_UTF16LE:
	case DEC_UTF16BE:
		if (len < 2) {
			*cp = REPLACEMENT;
			return len;
		}
		u = d == DEC_UTF16LE ? (uint32_t)s[0] | (uint32_t)s[1] << 8 :
				       (uint32_t)s[0] << 8 | (uint32_t)s[1];
		if (u < 0xd800 || u > 0xdfff) {
			*cp = u;
			return 2;
		}
		if (u > 0xdbff || len < 4) {
			*cp = REPLACEMENT;
			return 2;
		}
		v = d == DEC_UTF16LE ? (uint32_t)s[2] | (uint32_t)s[3] << 8 :
				       (uint32_t)s[2] << 8 | (uint32_t)s[3];
		if (v < 0xdc00 || v > 0xdfff) {
			*cp = REPLACEMENT;
			return 2;
		}
		*cp = 0x10000 + ((u - 0xd800) << 10) + (v - 0xdc00);
		return 4;
	}
	*cp = REPLACEMENT;
	return 1;
}

/* Where the decoder is in the markup, for NULs (see tag_state). */
enum tag_state { IN_TEXT, IN_LT, IN_TAG, IN_QUOTE };

/*
 * The markup state after code point cp.  Only tags matter: a NUL inside
 * one (<di\0v>, href="x\0y") is dropped so the tag stays what it was,
 * where a space would split its name; a NUL in text becomes a space.
 */
static enum tag_state
tag_state(enum tag_state st, uint32_t *quote, uint32_t cp)
{
	switch (st) {
	case IN_TEXT:
		return cp == '<' ? IN_LT : IN_TEXT;
	case IN_LT:
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    cp == '/' || cp == '!' || cp == '?')
			return IN_TAG;
		return cp == '<' ? IN_LT : IN_TEXT;
	case IN_TAG:
		if (cp == '"' || cp == '\'') {
			*quote = cp;
			return IN_QUOTE;
		}
		return cp == '>' ? IN_TEXT : IN_TAG;
	case IN_QUOTE:
		return cp == *quote ? IN_TAG : IN_QUOTE;
	}
	return IN_TEXT;
}

/*
 * Which ASCII bytes decode to themselves, need no cleaning and leave the
 * tag state as it is: in text, all printable ASCII, tab, newline and CR
 * but '<'; in a tag, those but quotes and '>'.
 */
static unsigned char passes[2][128];

static void
init_passes(void)
{
	int c;

	for (c = 0x20; c < 0x80; c++)
		passes[0][c] = passes[1][c] = 1;
	passes[0]['\t'] = passes[0]['\n'] = passes[0]['\r'] = 1;
	passes[1]['\t'] = passes[1]['\n'] = passes[1]['\r'] = 1;
	passes[0]['<'] = 0;
	passes[1]['"'] = passes[1]['\''] = passes[1]['>'] = 0;
}

/* Word-at-a-time byte tests (each nonzero iff some byte qualifies). */
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Some byte of w is below n (n <= 128). */
static inline uint64_t
has_less(uint64_t w, unsigned n)
{
	return (w - ONES * n) & ~w & HIGHS;
}

/* Some byte of w equals b. */
static inline uint64_t
has_byte(uint64_t w, unsigned char b)
{
	uint64_t x = w ^ (ONES * b);

	return (x - ONES) & ~x & HIGHS;
}

/*
 * The length of the run at s of ASCII bytes that decode to themselves,
 * need no cleaning and leave the tag state `st` (with `quote`) unchanged.
 */
static size_t
run_length(const unsigned char *s, size_t len, enum tag_state st,
	   uint32_t quote)
{
	const unsigned char *table;
	size_t j = 0;

	switch (st) {
	case IN_TEXT:
		table = passes[0];
		break;
	case IN_TAG:
		table = passes[1];
		break;
	case IN_QUOTE:
		while (j < len && s[j] < 0x80 && s[j] != quote &&
		       (s[j] >= 0x20 || s[j] == '\t' || s[j] == '\n' ||
			s[j] == '\r'))
			j++;
		return j;
	default:
		return 0;
	}
	/*
	 * Eight bytes at a time while none of them is non-ASCII, a control
	 * character or one of the bytes that end the run in this state.
	 */
	while (j + 8 <= len) {
		uint64_t w, stop;

		memcpy(&w, s + j, 8);
		stop = (w & HIGHS) | has_less(w, 0x20);
		if (st == IN_TEXT)
			stop |= has_byte(w, '<');
		else
			stop |= has_byte(w, '"') | has_byte(w, '\'') |
				has_byte(w, '>');
		if (stop)
			break;
		j += 8;
	}
	while (j < len && s[j] < 0x80 && table[s[j]])
		j++;
	return j;
}

/*
 * Decode s[0..len) with d into out, which has room for
 * DS_CHARSET_MAX_GROWTH * len bytes, applying the output invariants;
 * returns the output length.
 */
static size_t
transcode(enum decoder d, enum ds_charset_markup markup,
	  const unsigned char *s, size_t len, char *out,
	  struct ds_charset_info *info)
{
	enum tag_state st = IN_TEXT;
	uint32_t cp, quote = 0;
	size_t i = 0, o = 0, n;

	while (i < len) {
		/*
		 * Fast path: in ASCII-compatible input, a run of printable
		 * ASCII (and tab, newline, CR) that doesn't change the tag
		 * state maps to itself.  Most of any document is such runs.
		 */
		if (d == DEC_UTF8 || d == DEC_CP1252) {
			size_t j = run_length(s + i, len - i, st, quote);
			unsigned char c;

			memcpy(out + o, s + i, j);
			o += j;
			i += j;
			if (i == len)
				break;
			/* The ASCII that ended the run changes only the state. */
			c = s[i];
			if (c < 0x80 && (c >= 0x20 || c == '\t' || c == '\n' ||
					 c == '\r')) {
				out[o++] = (char)c;
				st = tag_state(st, &quote, c);
				i++;
				continue;
			}
		}
		n = decode(d, s + i, len - i, &cp);
		if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') {
			info->controls++;
			if (markup != DS_CHARSET_TEXT &&
			    (st == IN_TAG || st == IN_QUOTE)) {
				i += n;
				continue;
			}
			cp = ' ';
		} else if (cp == REPLACEMENT || cp == 0xfffe || cp == 0xffff) {
			/* A U+FFFD already in UTF-8 input is not a loss. */
			if (!(d == DEC_UTF8 && n == 3 && s[i] == 0xef &&
				     s[i + 1] == 0xbf && s[i + 2] == 0xbd))
				info->replaced++;
			cp = REPLACEMENT;
		}
		i += n;
		st = tag_state(st, &quote, cp);
		o += ds_utf8_encode(cp, out + o);
	}
	return o;
}

/*
 * Whether decoding s[0..len) with d would give back the same bytes: only
 * printable ASCII, tab, newline and CR, and (in UTF-8) valid multi-byte
 * sequences other than U+FFFE and U+FFFF.  Most documents are like that,
 * and then conversion is a copy.
 */
static bool
unchanged(enum decoder d, const unsigned char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	if (d != DEC_UTF8 && d != DEC_CP1252)
		return false;
	while (i < len) {
		if (i + 8 <= len) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (!((w & HIGHS) | has_less(w, 0x20))) {
				i += 8;
				continue;
			}
		}
		if (s[i] >= 0x20 && s[i] < 0x80) {
			i++;
		} else if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++;
		} else if (s[i] < 0x80 || d != DEC_UTF8) {
			return false;
		} else {
			n = ds_utf8_decode((const char *)s + i, len - i, &cp);
			if (n == 0 || cp == 0xfffe || cp == 0xffff)
				return false;
			i += n;
		}
	}
	return true;
}

/*
 * Decode with one of our decoders into a new buffer, in one pass: the
 * buffer is allocated for the worst case (DS_CHARSET_MAX_GROWTH bytes out
 * per byte in; the untouched tail of a large allocation costs no memory)
 * and shrunk to fit.
 */
static int
decode_to_buffer(enum decoder d, enum ds_charset_markup markup,
		 const char *buf, size_t len, char **out, size_t *out_len,
		 struct ds_charset_info *info, struct ds_error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	const unsigned char *s = (const unsigned char *)buf;
	size_t n;
	char *o, *shrunk;

	pthread_once(&once, init_passes);
	if (unchanged(d, s, len)) {
		if ((o = malloc(len + 1)) == NULL)
			return ds_error_set(err, DS_ENOMEM, "out of memory "
					    "copying %zu bytes", len);
		if (len > 0)	/* s may be NULL for empty input */
			memcpy(o, s, len);
		o[len] = '\0';
		*out = o;
		*out_len = len;
		return 0;
	}
	o = malloc(DS_CHARSET_MAX_GROWTH * len + 4);
	if (o == NULL)
		return ds_error_set(err, DS_ENOMEM,
				    "out of memory converting %zu bytes to UTF-8",
				    len);
	n = transcode(d, markup, s, len, o, info);
	o[n] = '\0';
	shrunk = realloc(o, n + 1);
	*out = shrunk != NULL ? shrunk : o;
	*out_len = n;
	return 0;
}

/* Append the UTF-8 of U+FFFD at *o, growing nothing: the caller made room. */
static void
put_replacement(char *o, size_t *olen)
{
	o[(*olen)++] = (char)0xef;
	o[(*olen)++] = (char)0xbf;
	o[(*olen)++] = (char)0xbd;
}

/*
 * Convert from `name` with iconv into a new buffer of at most `cap` bytes,
 * turning undecodable bytes into U+FFFD (counted in *replaced).
 */
static int
iconv_to_buffer(const char *name, const char *buf, size_t len, size_t cap,
		char **out, size_t *out_len, size_t *replaced,
		struct ds_error *err)
{
	iconv_t cd = (iconv_t)-1;
	char *o = NULL, *no, *in = (char *)buf, *op;
	size_t olen = 0, ocap, inleft = len, oleft, r;
	int rc = DS_EINTERNAL;
	bool flushed = false;

	*out = NULL;
	ocap = len < cap / 2 ? 2 * len + 16 : cap;
	if (ocap > cap)
		ocap = cap;
	if ((o = malloc(ocap)) == NULL) {
		rc = ds_error_set(err, DS_ENOMEM, "out of memory");
		goto out;
	}
	cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1) {
		rc = ds_error_set(err, DS_EIO, "iconv cannot convert from %s",
				  name);
		goto out;
	}
	for (;;) {
		op = o + olen;
		oleft = ocap - olen;
		if (inleft > 0)
			r = iconv(cd, &in, &inleft, &op, &oleft);
		else
			r = iconv(cd, NULL, NULL, &op, &oleft);
		olen = (size_t)(op - o);
		if (r != (size_t)-1) {
			if (inleft > 0)
				continue;
			if (flushed)
				break;
			flushed = true;	/* once more to end any shift state */
			continue;
		}
		if (errno == E2BIG || ((errno == EILSEQ || errno == EINVAL) &&
				       ocap - olen < 3)) {
			if (ocap >= cap) {
				rc = ds_error_set(err, DS_ETOOBIG,
						  "converting from %s grew beyond %zu bytes",
						  name, cap);
				goto out;
			}
			ocap = ocap > cap / 2 ? cap : ocap * 2;
			if ((no = realloc(o, ocap)) == NULL) {
				rc = ds_error_set(err, DS_ENOMEM,
						  "out of memory");
				goto out;
			}
			o = no;
		} else if (errno == EILSEQ || errno == EINVAL) {
			/* Undecodable, or cut short at the end: one U+FFFD
			 * for the byte, then carry on after it. */
			put_replacement(o, &olen);
			(*replaced)++;
			in++;
			inleft--;
		} else {
			char ebuf[128];

			rc = ds_error_set(err, DS_EIO,
					  "iconv failed converting from %s: %s",
					  name, strerror_r(errno, ebuf,
							   sizeof ebuf));
			goto out;
		}
	}
	*out = o;
	*out_len = olen;
	o = NULL;
	rc = 0;
out:
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	free(o);
	return rc;
}

/* ---------------------------------------------------------------------
 * The decision
 * ------------------------------------------------------------------- */

/* Copy a name into info->name. */
static void
set_name(struct ds_charset_info *info, const char *name)
{
	size_t n = strlen(name);

	if (n >= sizeof info->name)
		n = sizeof info->name - 1;
	memcpy(info->name, name, n);
	info->name[n] = '\0';
}

/*
 * Choose how to decode ASCII-compatible bytes s[0..len), given the
 * declared family: returns true to use iconv with info->declared, else
 * stores our decoder in *d.  Sets info->overruled when the bytes
 * contradict the declaration (and never clears it).
 */
static bool
choose(const unsigned char *s, size_t len, enum family fam, enum decoder *d,
       struct ds_charset_info *info)
{
	size_t multi, bad;

	utf8_stats(s, len, &multi, &bad);
	if (bad == 0 && multi > 0) {
		/* Valid UTF-8 with multi-byte sequences: it is UTF-8, whatever
		 * the declaration says (legacy text rarely passes). */
		*d = DEC_UTF8;
		info->overruled |= fam != FAM_NONE && fam != FAM_UTF8;
		return false;
	}
	if (bad == 0) {
		/* Pure ASCII reads the same in every ASCII superset, except
		 * the stateful 7-bit encodings. */
		if (fam == FAM_STATEFUL)
			return true;
		*d = fam == FAM_WESTERN ? DEC_CP1252 : DEC_UTF8;
		info->overruled |= fam == FAM_WIDE;
		return false;
	}
	if (fam == FAM_OTHER || fam == FAM_STATEFUL)
		return true;
	if (multi > 0 && multi >= 2 * bad) {
		/* Mostly UTF-8 with a few bad bytes: keep the good text. */
		*d = DEC_UTF8;
		info->overruled |= fam == FAM_WESTERN || fam == FAM_WIDE;
		return false;
	}
	*d = DEC_CP1252;
	info->overruled |= fam == FAM_UTF8 || fam == FAM_WIDE;
	return false;
}

int
ds_charset_to_utf8(const char *buf, size_t len,
		   enum ds_charset_markup markup, const char *hint,
		   char **out, size_t *out_len,
		   struct ds_charset_info *info, struct ds_error *err)
{
	const unsigned char *s = (const unsigned char *)buf;
	struct ds_charset_info local;
	enum decoder d = DEC_UTF8;
	char label[64], *tmp = NULL;
	size_t skip = 0, tmp_len = 0;
	int rc, k;

	*out = NULL;
	*out_len = 0;
	if (info == NULL)
		info = &local;
	memset(info, 0, sizeof *info);
	if (buf == NULL && len > 0)
		return ds_error_set(err, DS_EINVAL, "no input buffer");
	if (len > (SIZE_MAX - 4) / DS_CHARSET_MAX_GROWTH)
		return ds_error_set(err, DS_ETOOBIG,
				    "input of %zu bytes is too big to convert",
				    len);

	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		d = DEC_UTF8;
		skip = 3;
		info->source = DS_CHARSET_FROM_BOM;
	} else if (len >= 2 && s[0] == 0xff && s[1] == 0xfe) {
		d = DEC_UTF16LE;
		skip = 2;
		info->source = DS_CHARSET_FROM_BOM;
	} else if (len >= 2 && s[0] == 0xfe && s[1] == 0xff) {
		d = DEC_UTF16BE;
		skip = 2;
		info->source = DS_CHARSET_FROM_BOM;
	} else if ((k = ds_charset_sniff_utf16(buf, len)) != 0) {
		d = k == 1 ? DEC_UTF16LE : DEC_UTF16BE;
		info->source = DS_CHARSET_FROM_SNIFFING;
	} else {
		bool have = false;

		if (hint != NULL && hint[0] != '\0') {
			have = ds_charset_copy_label(hint, strlen(hint), label,
						     sizeof label);
			info->source = DS_CHARSET_FROM_HINT;
		} else {
			have = ds_charset_find_declaration(buf, len, markup,
							   label,
							   sizeof label);
			info->source = DS_CHARSET_FROM_DECLARATION;
		}
		if (have && !ds_charset_lookup(label, info->declared,
					       sizeof info->declared))
			info->overruled = true;	/* unknown: ignored */
		if (!have)
			info->source = DS_CHARSET_FROM_SNIFFING;
		if (choose(s, len, family_of(info->declared), &d, info)) {
			set_name(info, info->declared);
			rc = iconv_to_buffer(info->declared, buf, len,
					     DS_CHARSET_MAX_GROWTH * len + 4,
					     &tmp, &tmp_len, &info->replaced,
					     err);
			if (rc < 0)
				goto out;
			/* iconv's output is UTF-8; ours also has the
			 * invariants, which the UTF-8 pass enforces. */
			rc = decode_to_buffer(DEC_UTF8, markup, tmp, tmp_len,
					      out, out_len, info, err);
			goto out;
		}
		if (info->overruled || info->declared[0] == '\0')
			info->source = DS_CHARSET_FROM_SNIFFING;
	}
	set_name(info, d == DEC_UTF8 ? "UTF-8" : d == DEC_CP1252 ?
		 "windows-1252" : d == DEC_UTF16LE ? "UTF-16LE" : "UTF-16BE");
	rc = decode_to_buffer(d, markup, buf + skip, len - skip, out, out_len,
			      info, err);
out:
	free(tmp);
	return rc;
}
