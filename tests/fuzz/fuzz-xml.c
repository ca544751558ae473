/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-xml.c: XML extraction (ds_extract_xml: every dialect, the generic
 * path and recovery) on any bytes: no crash,
 * no leak, bounded work, and the document it gives keeps doc.h's
 * invariants (fuzz_check_doc).  The text limit is small so that the
 * limit's paths are reached too.
 */
#include "config.h"

#include "doc.h"
#include "dossier.h"
#include "extract.h"
#include "fuzz.h"

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
	if (ds_extract_xml((const char *)data, size, "fuzz.xml", &opts, &doc,
			    &err) == 0)
		fuzz_check_doc(&doc);
	else
		fuzz_assert(err.msg[0] != '\0');
	ds_doc_release(&doc);
	return 0;
}
