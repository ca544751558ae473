/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hash.h: a 64-bit non-cryptographic hash (FNV-1a) for content
 * fingerprints: telling duplicate documents apart and noticing changed
 * files.  Not for anything an attacker could exploit by forcing collisions.
 */
#ifndef DOSSIER_HASH_H
#define DOSSIER_HASH_H

#include <stddef.h>
#include <stdint.h>

#define DS_HASH_INIT UINT64_C(0xcbf29ce484222325)

/* Continue hash h over s[0..len); start with DS_HASH_INIT. */
uint64_t ds_hash64(uint64_t h, const void *s, size_t len);

/* Write h as 16 lower-case hex digits and a NUL into out. */
void ds_hash_hex(uint64_t h, char out[17]);

#endif /* DOSSIER_HASH_H */
