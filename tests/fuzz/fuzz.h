/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz.h: what every fuzz target here shares.
 *
 * A target defines LLVMFuzzerTestOneInput() (libFuzzer's entry point:
 * one input, any bytes) and may define LLVMFuzzerInitialize().  Built
 * with ./configure --enable-fuzzing (clang), each links libFuzzer's
 * main and is a fuzzer (tests/fuzz/run.sh runs them); in every other
 * build each links replay.c's main instead, which runs the target once
 * over each file it is given, so that make check replays the inputs
 * kept in tests/fuzz/regress/TARGET/ (every crash found, and seeds) under
 * whatever sanitizers that build has.
 *
 * A target fails by abort() (fuzz_assert), which libFuzzer reports as a
 * crash and replay.c as a failed run.
 */
#ifndef DOSSIER_FUZZ_H
#define DOSSIER_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Abort with a message when cond is false: the input found a bug. */
#define fuzz_assert(cond)                                                    \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "%s:%d: fuzz_assert(%s) failed\n",   \
				__FILE__, __LINE__, #cond);                  \
			abort();                                             \
		}                                                            \
	} while (0)

struct ds_doc;

/*
 * Abort unless doc keeps doc.h's invariants: every string NULL or
 * non-empty valid UTF-8 without control characters but tabs and
 * newlines, dates ISO 8601, text_bytes the sum of the sections' and within
 * the limit.
 */
void fuzz_check_doc(const struct ds_doc *doc);

/* A NUL-terminated copy of data[0..size), or NULL when out of memory. */
char *fuzz_cstring(const uint8_t *data, size_t size);

#endif /* DOSSIER_FUZZ_H */
