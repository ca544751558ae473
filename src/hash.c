/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hash.c: FNV-1a, 64 bits. */

#include "config.h"

#include "hash.h"

uint64_t
ds_hash64(uint64_t h, const void *s, size_t len)
{
	const unsigned char *p = s;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

void
ds_hash_hex(uint64_t h, char out[17])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 15; i >= 0; i--) {
		out[i] = digits[h & 0xf];
		h >>= 4;
	}
	out[16] = '\0';
}
