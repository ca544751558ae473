/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * utf8.h: strict UTF-8 decoding and encoding (RFC 3629).
 *
 * Strict means: no overlong forms, no surrogates (U+D800..U+DFFF), nothing
 * above U+10FFFF, no 0xC0/0xC1/0xF5..0xFF lead bytes, no stray continuation
 * bytes.  Everything Dossier hands to Xapian or prints passes through here,
 * because Xapian reads invalid sequences as Latin-1 without complaint.
 */
#ifndef DOSSIER_UTF8_H
#define DOSSIER_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Decode the character at s[0..len).  Returns its length in bytes (1-4) and
 * stores the code point in *cp, or returns 0 if the bytes there are not a
 * valid, complete UTF-8 sequence (len 0 included).
 */
size_t ds_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode code point cp (must be valid) into out; returns 1-4. */
size_t ds_utf8_encode(uint32_t cp, char out[4]);

/* Whether all of s[0..len) is valid UTF-8 (NUL bytes count as valid). */
bool ds_utf8_valid(const char *s, size_t len);

/*
 * The largest n <= len such that s[0..n) does not end inside a multi-byte
 * sequence: where to cut a valid UTF-8 string to at most len bytes.
 */
size_t ds_utf8_cut(const char *s, size_t len);

/*
 * A copy of the string s in which every byte that is not part of a valid
 * UTF-8 sequence is replaced by U+FFFD (the replacement character), so
 * that text of unknown origin can go where only valid UTF-8 may (JSON,
 * XML).  Valid text is copied as is.  Returns a new string (the
 * caller's), or NULL when out of memory.
 */
char *ds_utf8_repair(const char *s);

/* What ds_utf8_map() does with a character (or a byte to put instead). */
enum { DS_UTF8_KEEP = -1, DS_UTF8_DROP = -2 };

/*
 * ds_utf8_repair(), then each character through `filter` (may be NULL:
 * keep all): it returns DS_UTF8_KEEP, DS_UTF8_DROP, or an ASCII byte to
 * write in its place.  Returns a new string (the caller's), or NULL when
 * out of memory.
 */
char *ds_utf8_map(const char *s, int (*filter)(uint32_t cp, const void *arg),
		  const void *arg);

#endif /* DOSSIER_UTF8_H */
