/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * layout.h: the index layout, written down once.
 *
 * Everything Dossier stores in a Xapian database is named here: the term
 * prefixes (following Xapian Omega's conventions, so that delve, quest and
 * xapian-check users feel at home, with X-prefixes for Dossier's own
 * fields), the value slots, and the keys of the JSON record kept as each
 * document's data.  doc/index-layout.md describes the same for people who
 * query a Dossier index with other tools; change both together.
 *
 * Free-text fields are indexed by Xapian's TermGenerator with the English
 * stemmer (STEM_SOME: each word as is, lower-cased, plus "Z"+stem), so a
 * title word "Consultations" gives the terms "Sconsultations" and
 * "ZSconsult".  Boolean fields hold one term each, exactly as written here.
 */
#ifndef DOSSIER_LAYOUT_H
#define DOSSIER_LAYOUT_H

/* Schema version, stored as database metadata under DS_META_SCHEMA. */
#define DS_SCHEMA_VERSION "1"
#define DS_META_SCHEMA "dossier.schema"

/* ---- Boolean terms (filters) --------------------------------------------- */

#define DS_PREFIX_ID "Q"	/* unique id: "Q" + the file's absolute path */
#define DS_PREFIX_DATE "D"	/* "D20140612": publication date, YYYYMMDD */
#define DS_PREFIX_MONTH "M"	/* "M201406" */
#define DS_PREFIX_YEAR "Y"	/* "Y2014" */
#define DS_PREFIX_LANG "L"	/* "Len": language */
#define DS_PREFIX_EXT "E"	/* "Ehtml": file extension, lower case */
#define DS_PREFIX_FORMAT "XF"	/* "XFhtml": the extractor that read it */

/* ---- Free-text prefixes (fields searched as words) ----------------------- */

#define DS_PREFIX_TITLE "S"	/* title: */
#define DS_PREFIX_AUTHOR "A"	/* author: */
#define DS_PREFIX_HEADING "XH"	/* heading: words of section headings */

/* ---- Value slots ---------------------------------------------------------- */

enum ds_slot {
	DS_SLOT_DATE = 0,	/* "YYYYMMDD" publication date (ranges, sort) */
	DS_SLOT_MTIME = 1,	/* file mtime, xapian_sortable_serialise */
	DS_SLOT_SIZE = 2,	/* bytes read, xapian_sortable_serialise */
	DS_SLOT_HASH = 3	/* content hash, 16 hex digits (duplicates) */
};

/* Xapian refuses terms longer than this; longer ids are hashed. */
#define DS_MAX_TERM_BYTES 240

/*
 * Term positions between sections jump by this much, so that a phrase
 * never matches across a section boundary.
 */
#define DS_SECTION_GAP 100

/* Title words count this many times in the body field, too. */
#define DS_TITLE_WDF 3

/*
 * The document data: a JSON object with these keys (absent when unknown).
 * "sections" is an array of objects {"h": heading, "a": anchor, "l": level,
 * "t": text}; the text of all sections is what snippets are cut from.
 */
#define DS_DATA_VERSION "v"	/* 1 */
#define DS_DATA_PATH "path"
#define DS_DATA_URL "url"
#define DS_DATA_FORMAT "format"
#define DS_DATA_TITLE "title"
#define DS_DATA_DESCRIPTION "description"
#define DS_DATA_AUTHOR "author"
#define DS_DATA_PUBLISHER "publisher"
#define DS_DATA_DATE "date"
#define DS_DATA_TYPE "type"
#define DS_DATA_LANG "lang"
#define DS_DATA_MTIME "mtime"
#define DS_DATA_SIZE "size"
#define DS_DATA_SECTIONS "sections"
#define DS_DATA_SEC_HEADING "h"
#define DS_DATA_SEC_ANCHOR "a"
#define DS_DATA_SEC_LEVEL "l"
#define DS_DATA_SEC_TEXT "t"

#endif /* DOSSIER_LAYOUT_H */
