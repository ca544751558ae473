/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-charset.c: charset detection and conversion (ds_charset_to_utf8)
 * on any bytes, as HTML, XML and text, with and without a hint taken
 * from the input ("LABEL\0BYTES"): no crash, and the output is always valid
 * UTF-8 of the length it says.
 */
#include "config.h"

#include <string.h>

#include "charset.h"
#include "fuzz.h"
#include "utf8.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void
convert(const uint8_t *data, size_t size, enum ds_charset_markup markup,
	const char *hint)
{
	struct ds_charset_info info;
	struct ds_error err = {0, ""};
	char *out = NULL;
	size_t len = 0;

	if (ds_charset_to_utf8((const char *)data, size, markup, hint, &out,
			       &len, &info, &err) == 0) {
		fuzz_assert(out != NULL && out[len] == '\0');
		fuzz_assert(ds_utf8_valid(out, len));
	} else {
		fuzz_assert(out == NULL);
	}
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size < 32 ? size : 32);
	char hint[33], label[64];

	convert(data, size, DS_CHARSET_HTML, NULL);
	convert(data, size, DS_CHARSET_XML, NULL);
	convert(data, size, DS_CHARSET_TEXT, NULL);
	/* An input "LABEL\0BYTES" is also BYTES with LABEL from outside. */
	if (nul != NULL && nul > data) {
		size_t n = (size_t)(nul - data);

		memcpy(hint, data, n);
		hint[n] = '\0';
		convert(nul + 1, size - n - 1, DS_CHARSET_HTML, hint);
	}
	if (ds_charset_find_declaration((const char *)data, size,
					DS_CHARSET_HTML, label, sizeof label))
		fuzz_assert(strlen(label) < sizeof label);
	return 0;
}
