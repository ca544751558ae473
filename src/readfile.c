/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * readfile.c: ds_read_file(), the one place documents are read from disk.
 *
 * RELIABILITY.md 2.3: never block on a FIFO or device (O_NONBLOCK, then
 * fstat() on the opened descriptor must say S_ISREG), never read past the
 * cap (a file that grows while it is read is cut off, not followed), and
 * never index a mixture of two versions of a file (fstat() before and
 * after; one re-read if they differ).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract.h"
#include "hash.h"
#include "stamp.h"

/* What a non-regular file is, for the message refusing it. */
static const char *
file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO (named pipe)";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

/* Whether two stat results describe the same contents (size and mtime). */
static int
same_version(const struct stat *a, const struct stat *b)
{
	return a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/*
 * Read fd from its current offset to the end into a new NUL-terminated
 * buffer, at most `max` bytes (DS_ETOOBIG beyond).  `expect` (the size
 * fstat gave) only sizes the first allocation.
 */
static int
read_all(int fd, const char *path, size_t max, off_t expect, char **buf,
	 size_t *len, struct ds_error *err)
{
	char *data = NULL, *nd, ebuf[128];
	size_t n = 0, cap;
	ssize_t r;
	int rc = DS_EINTERNAL;

	/* One byte more than the cap lets us tell "exactly max" from "more". */
	if (expect > 0 && (unsigned long long)expect < max)
		cap = (size_t)expect + 1;
	else if (expect > 0)
		cap = max + 1;
	else
		cap = 4096 < max + 1 ? 4096 : max + 1;
	if ((data = malloc(cap + 1)) == NULL) {
		rc = ds_error_set(err, DS_ENOMEM,
				  "%s: out of memory for %zu bytes", path, cap);
		goto out;
	}
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				rc = ds_error_set(err, DS_ETOOBIG,
						  "%s: bigger than the limit of %zu bytes",
						  path, max);
				goto out;
			}
			cap = cap <= (max + 1) / 2 ? cap * 2 : max + 1;
			if ((nd = realloc(data, cap + 1)) == NULL) {
				rc = ds_error_set(err, DS_ENOMEM,
						  "%s: out of memory for %zu bytes",
						  path, cap);
				goto out;
			}
			data = nd;
		}
		r = read(fd, data + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = ds_error_set(err, DS_EIO, "%s: read failed: %s",
					  path, strerror_r(errno, ebuf,
							   sizeof ebuf));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > max) {
		rc = ds_error_set(err, DS_ETOOBIG,
				  "%s: bigger than the limit of %zu bytes",
				  path, max);
		goto out;
	}
	data[n] = '\0';
	*buf = data;
	*len = n;
	data = NULL;
	rc = 0;
out:
	free(data);
	return rc;
}

int
ds_read_file(const char *path, size_t max, char **buf, size_t *len,
	     struct ds_stamp *stamp, struct ds_error *err)
{
	struct stat before, after;
	char *data = NULL, ebuf[128];
	size_t n = 0;
	int fd = -1, rc = DS_EINTERNAL, attempt, e;

	*buf = NULL;
	*len = 0;
	if (stamp)
		ds_stamp_init(stamp);
	if (path == NULL)
		return ds_error_set(err, DS_EINVAL, "no file name given");
	if (max == 0)
		max = DS_EXTRACT_DEFAULT_MAX_INPUT;
	do
		fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		e = errno;
		rc = ds_error_set(err, e == ENOENT || e == ENOTDIR ? DS_ENOENT :
				  DS_EIO, "%s: cannot open: %s", path,
				  strerror_r(e, ebuf, sizeof ebuf));
		goto out;
	}
	if (fstat(fd, &before) < 0) {
		rc = ds_error_set(err, DS_EIO, "%s: cannot stat: %s", path,
				  strerror_r(errno, ebuf, sizeof ebuf));
		goto out;
	}
	if (!S_ISREG(before.st_mode)) {
		rc = ds_error_set(err, DS_ESKIP,
				  "%s: skipped: %s, not a regular file", path,
				  file_kind(before.st_mode));
		goto out;
	}
	if (before.st_size < 0 || (unsigned long long)before.st_size > max) {
		rc = ds_error_set(err, DS_ETOOBIG,
				  "%s: %lld bytes, over the limit of %zu bytes",
				  path, (long long)before.st_size, max);
		goto out;
	}
	/* Read; if the file changed meanwhile, read it once more. */
	for (attempt = 0;; attempt++) {
		if ((rc = read_all(fd, path, max, before.st_size, &data, &n,
				   err)) < 0)
			goto out;
		if (fstat(fd, &after) < 0) {
			rc = ds_error_set(err, DS_EIO, "%s: cannot stat: %s",
					  path, strerror_r(errno, ebuf,
							   sizeof ebuf));
			goto out;
		}
		if (same_version(&before, &after) &&
		    (unsigned long long)after.st_size == n)
			break;
		if (attempt == 1) {
			rc = ds_error_set(err, DS_EIO,
					  "%s: the file changed while it was being read",
					  path);
			goto out;
		}
		free(data);
		data = NULL;
		before = after;
		if (lseek(fd, 0, SEEK_SET) < 0) {
			rc = ds_error_set(err, DS_EIO, "%s: cannot seek: %s",
					  path, strerror_r(errno, ebuf,
							   sizeof ebuf));
			goto out;
		}
	}
	if (stamp) {
		stamp->mtime_ns = ds_stamp_mtime_ns(&after);
		stamp->size = (int64_t)n;
		stamp->hash = ds_hash64(DS_HASH_INIT, data, n);
	}
	*buf = data;
	*len = n;
	data = NULL;
	rc = 0;
out:
	free(data);
	if (fd >= 0)
		close(fd);
	return rc;
}
