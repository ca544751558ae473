/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * replay.c: the main() of a fuzz target outside a fuzzing build: runs
 * LLVMFuzzerTestOneInput() once over each file named on the command
 * line, or over every regular file of a directory named, and says how
 * many it ran.  Exit 0 when every input ran through (a failing input
 * aborts, with the sanitizers' report when the build has them); 1 when
 * a file could not be read, 2 on a usage error.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* The most one input may hold (libFuzzer's -max_len is far less). */
#define REPLAY_MAX ((size_t)16 << 20)

static int
run_file(const char *path, unsigned *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t len;

	if (f == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if ((buf = malloc(REPLAY_MAX)) == NULL) {
		fclose(f);
		fprintf(stderr, "replay: out of memory\n");
		return -1;
	}
	len = fread(buf, 1, REPLAY_MAX, f);
	if (ferror(f)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	(*n)++;
	return 0;
}

static int
run_path(const char *path, unsigned *n)
{
	struct dirent *de;
	struct stat st;
	char sub[4096];
	DIR *d;
	int rc = 0;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path, n);
	if ((d = opendir(path)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path,
				     de->d_name) >= sizeof sub ||
		    stat(sub, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (run_file(sub, n) < 0)
			rc = -1;
	}
	closedir(d);
	return rc;
}

int
main(int argc, char **argv)
{
	unsigned n = 0;
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		if (run_path(argv[i], &n) < 0)
			rc = 1;
	printf("%s: %u inputs ran\n", argv[0], n);
	return rc;
}
