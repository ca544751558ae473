/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-extract.c: the extractors on any bytes: HTML (ds_extract_html;
 * the fuzz-html target) or, built with -DFUZZ_XML, XML (ds_extract_xml:
 * every dialect, the generic path and recovery; fuzz-xml).  No crash, no
 * leak, bounded work, and the document given keeps doc.h's invariants
 * (fuzz_check_doc).  The text limit is small so that the
 * limit's paths are reached too.
 */
#include "config.h"

#include "doc.h"
#include "dossier.h"
#include "extract.h"
#include "fuzz.h"

#ifdef FUZZ_XML
#define EXTRACT ds_extract_xml
#define NAME "fuzz.xml"
#else
#define EXTRACT ds_extract_html
#define NAME "fuzz.html"
#endif

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	ds_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ds_extract_opts opts = { 0, (size_t)64 << 10 };
	struct ds_error err = {0, ""};
	struct ds_doc doc;

	ds_doc_init(&doc);
	if (EXTRACT((const char *)data, size, NAME, &opts, &doc, &err) == 0)
		fuzz_check_doc(&doc);
	else
		fuzz_assert(err.msg[0] != '\0');
	ds_doc_release(&doc);
	return 0;
}
