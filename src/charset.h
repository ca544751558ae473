/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * charset.h: a document's bytes, in whatever encoding, to clean UTF-8.
 *
 * Every extractor converts its input here before parsing, so that libxml2
 * (told "UTF-8" and to ignore in-document declarations) and the rest of
 * Dossier see one encoding only.  Private to libdossier.
 *
 * The encoding is chosen in this order:
 *
 *  1. A byte order mark: UTF-8, UTF-16LE or UTF-16BE.  It always wins.
 *  2. UTF-16 without a BOM, recognised by NUL bytes in every other position.
 *  3. A declaration: the caller's hint (e.g. an HTTP charset), else the one
 *     in the bytes (<meta charset>, <meta http-equiv=content-type>, or
 *     <?xml encoding?>, depending on `markup`).  The bytes can overrule it,
 *     so that a declaration that lies does not produce mojibake:
 *       - bytes that are valid UTF-8 with multi-byte sequences are UTF-8,
 *         whatever was declared;
 *       - "UTF-8" declared but mostly invalid is windows-1252;
 *       - "UTF-16" declared on bytes without NUL pattern is ignored (HTML5);
 *       - ISO-8859-1 and US-ASCII are read as windows-1252, as browsers do;
 *       - an unknown or unsupported name is ignored.
 *  4. Sniffing: valid UTF-8 is UTF-8; mostly valid UTF-8 (at least twice as
 *     many good multi-byte sequences as bad bytes) is UTF-8 with the bad
 *     bytes replaced by U+FFFD; anything else is windows-1252.
 *
 * UTF-8, windows-1252 (0x80-0x9F are the windows-1252 characters, not C1
 * controls) and UTF-16 are decoded here; other declared encodings go
 * through iconv with a bounded output.
 *
 * Invariants of the output: it is valid UTF-8 (ds_utf8_valid() holds), it
 * holds no BOM, no NUL and no C0 control other than '\t', '\n' and '\r'
 * (each of those becomes a space, so nothing is truncated; with HTML or XML
 * markup one inside a tag is dropped instead, so that "<di\0v>" stays one
 * tag name), no U+FFFE/U+FFFF (they become U+FFFD), it is
 * NUL-terminated, and it is at most DS_CHARSET_MAX_GROWTH times the input
 * length plus 4 bytes.  The in-document declaration is left as it was: tell
 * the parser the input is UTF-8 and to ignore it (HTML_PARSE_IGNORE_ENC,
 * XML_PARSE_IGNORE_ENC).
 *
 * Thread-safe: no global state; iconv descriptors are per call.
 */
#ifndef DOSSIER_CHARSET_H
#define DOSSIER_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* The output is never more than this many times the input (plus 4 bytes). */
#define DS_CHARSET_MAX_GROWTH 4

/* How many leading bytes are searched for an in-document declaration. */
#define DS_CHARSET_PRESCAN 4096

/* Which in-document declarations to look for. */
enum ds_charset_markup {
	DS_CHARSET_TEXT = 0,	/* none: BOM, hint and sniffing only */
	DS_CHARSET_HTML,	/* <meta charset>, <meta http-equiv>, <?xml?> */
	DS_CHARSET_XML		/* <?xml ... encoding="..."?> at the start */
};

/* What decided the encoding. */
enum ds_charset_source {
	DS_CHARSET_FROM_SNIFFING = 0,	/* UTF-16 pattern, UTF-8 validity, fallback */
	DS_CHARSET_FROM_BOM,
	DS_CHARSET_FROM_HINT,		/* the caller's hint */
	DS_CHARSET_FROM_DECLARATION	/* <meta> or <?xml?> in the bytes */
};

/* What ds_charset_to_utf8() found and did, for tests and warnings. */
struct ds_charset_info {
	char name[32];		/* what was decoded: "UTF-8", "windows-1252",
				   "UTF-16LE", "UTF-16BE" or an iconv name */
	char declared[32];	/* the declared label, canonical ("" if none) */
	enum ds_charset_source source;
	bool overruled;		/* a declaration was ignored: the bytes disagreed */
	size_t replaced;	/* undecodable sequences turned into U+FFFD */
	size_t controls;	/* NULs and other C0 controls turned into
				   spaces (or dropped inside tags) */
};

/*
 * Convert buf[0..len) to UTF-8 following the rules above.  `hint` (may be
 * NULL) is an encoding label from outside the document and counts as a
 * declaration; `markup` says which declarations to look for in the bytes.
 * On success returns 0 and stores a new NUL-terminated buffer in *out (the
 * caller frees it) and its length without the terminator in *out_len; fills
 * *info if it is not NULL.  Fails with DS_ENOMEM, DS_ETOOBIG (the input or
 * the output beyond the bound above) or DS_EIO (iconv failed); *out is then
 * NULL.  An input of 0 bytes gives an empty string.
 */
int ds_charset_to_utf8(const char *buf, size_t len,
		       enum ds_charset_markup markup, const char *hint,
		       char **out, size_t *out_len,
		       struct ds_charset_info *info, struct ds_error *err);

/*
 * Find the encoding the document declares in its first DS_CHARSET_PRESCAN
 * bytes (ASCII-compatible encodings only: run it after the BOM and UTF-16
 * checks), following a simplified form of the HTML5 prescan for
 * DS_CHARSET_HTML (comments skipped, quoted attributes understood) and the
 * XML declaration for DS_CHARSET_XML and DS_CHARSET_HTML.  Copies the label
 * as written (at most size-1 bytes, NUL-terminated) into label and returns
 * true, or returns false if there is none.
 */
bool ds_charset_find_declaration(const char *buf, size_t len,
				 enum ds_charset_markup markup, char *label,
				 size_t size);

/*
 * Look up an encoding label (case-insensitive, surrounding white space
 * ignored), e.g. "latin1", " UTF8 ", "Shift_JIS".  Known aliases map to a
 * canonical name ("UTF-8", "windows-1252", "UTF-16", "UTF-16LE",
 * "UTF-16BE"...); any other label that iconv can decode from is returned as
 * iconv spells it.  Copies the name into name[0..size) and returns true, or
 * returns false for a label nothing here can decode.
 */
bool ds_charset_lookup(const char *label, char *name, size_t size);

/*
 * Copy s[0..n), trimmed of white space, into label[0..size) (truncating,
 * always terminated).  Returns false, copying nothing, if nothing is left.
 */
bool ds_charset_copy_label(const char *s, size_t n, char *label, size_t size);

/*
 * Whether buf[0..len) looks like UTF-16 without a BOM: returns 1 for
 * little-endian, 2 for big-endian, 0 for neither.  The test is NUL bytes in
 * at least 40% of the odd (or even) positions of the first 4 KiB and almost
 * none in the others, as ASCII-range text in UTF-16 has.
 */
int ds_charset_sniff_utf16(const char *buf, size_t len);

#endif /* DOSSIER_CHARSET_H */
