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

#define DS_PREFIX_ID "Q"	/* unique id: "Q" + absolute path or record id */
#define DS_PREFIX_DATE "D"	/* "D20140612": publication date, YYYYMMDD */
#define DS_PREFIX_MONTH "M"	/* "M201406" */
#define DS_PREFIX_YEAR "Y"	/* "Y2014" */
#define DS_PREFIX_LANG "L"	/* "Len": language, primary subtag */
#define DS_PREFIX_EXT "E"	/* "Ehtml": file extension, lower case */
#define DS_PREFIX_HOST "H"	/* "Hwww.nao.org.uk": host of the URL */
#define DS_PREFIX_FORMAT "XF"	/* "XFhtml": the extractor that read it */
#define DS_PREFIX_DIALECT "XDI"	/* "XDIclml": the XML dialect */
#define DS_PREFIX_TYPE "XT"	/* "XTreport": document type */
#define DS_PREFIX_ORG "XO"	/* "XOnational audit office": publisher,
				   whole and lower-cased */
#define DS_PREFIX_IDENT "XID"	/* "XIDhc:1234", "XIDhc:1234:2013-14",
				   "XIDisbn:9780102975598" */

/* ---- Free-text prefixes (fields searched as words) ----------------------- */

#define DS_PREFIX_TITLE "S"	/* title: */
#define DS_PREFIX_AUTHOR "A"	/* author: */
#define DS_PREFIX_PUBLISHER "XP" /* publisher: words of the publisher */
#define DS_PREFIX_HEADING "XH"	/* heading: words of section headings */
#define DS_PREFIX_SPEAKER "XS"	/* speaker: who spoke (debates) */

/* ---- Value slots ---------------------------------------------------------- */

/*
 * Dates in slots are "YYYYMMDD" with "00" for a month or day the source
 * doesn't give ("20140000" is some day in 2014), so they sort, and a range
 * 20140101..20141231 needs no special case beyond starting at 20140000.
 */
enum ds_slot {
	DS_SLOT_DATE = 0,	/* publication date (ranges, sort, --since) */
	DS_SLOT_MTIME = 1,	/* file mtime, xapian_sortable_serialise */
	DS_SLOT_SIZE = 2,	/* bytes read, xapian_sortable_serialise */
	DS_SLOT_HASH = 3,	/* content hash, 16 hex digits (duplicates) */
	DS_SLOT_MODIFIED = 4,	/* last modified date, as DS_SLOT_DATE */
	DS_SLOT_PUBLISHER = 5,	/* publisher as displayed (facets) */
	DS_SLOT_TYPE = 6,	/* document type (facets) */
	DS_SLOT_YEAR = 7,	/* "2014" (facets) */
	DS_SLOT_STAMP = 8,	/* the file as indexed, "MTIME_NS SIZE HASH"
				   (stamp.h): incremental reindexing */
	DS_SLOT_ID = 9		/* the unique id (the "Q" term without its
				   prefix): ties in rank, so that the order
				   does not hang on document ids */
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
 * The document data: the record of doc-json.h (the JSON object
 * `dossier-index --extract-only` prints, with the section texts after it
 * instead of in it); its keys are named here for the code that reads it
 * back.  The text of all sections is what snippets are cut from.
 */
#define DS_DATA_VERSION "v"	/* 2 (1: texts inline) */
#define DS_DATA_ID "id"
#define DS_DATA_PATH "path"
#define DS_DATA_URL "url"
#define DS_DATA_FORMAT "format"
#define DS_DATA_DIALECT "dialect"
#define DS_DATA_TITLE "title"
#define DS_DATA_DESCRIPTION "description"
#define DS_DATA_AUTHOR "author"
#define DS_DATA_PUBLISHER "publisher"
#define DS_DATA_DATE "date"
#define DS_DATA_MODIFIED "modified"
#define DS_DATA_TYPE "type"
#define DS_DATA_LANG "lang"
#define DS_DATA_MTIME "mtime"
#define DS_DATA_SIZE "size"
#define DS_DATA_IDENTIFIERS "identifiers"
#define DS_DATA_ID_SCHEME "scheme"
#define DS_DATA_ID_VALUE "value"
#define DS_DATA_ID_SESSION "session"
#define DS_DATA_ID_DISPLAY "display"
#define DS_DATA_SECTIONS "sections"
#define DS_DATA_SEC_HEADING "heading"
#define DS_DATA_SEC_LEVEL "level"
#define DS_DATA_SEC_ANCHOR "anchor"
#define DS_DATA_SEC_SPEAKER "speaker"
#define DS_DATA_SEC_TEXT "text"		/* version 1 */
#define DS_DATA_SEC_LENGTH "length"	/* version 2: the text follows */
#define DS_DATA_WARNING "warning"
#define DS_DATA_TRUNCATED "truncated"

#endif /* DOSSIER_LAYOUT_H */
