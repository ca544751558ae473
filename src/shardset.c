/* SPDX-License-Identifier: GPL-2.0-or-later */
/* shardset.c: Dossier shard sets (shardset.h). */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dbpath.h"
#include "hash.h"
#include "shardset.h"
#include "stub.h"
#include "xapian-c.h"

/* dir/NAME of member i (0: the lexicon) into buf. */
static int
member(char *buf, size_t size, const char *dir, unsigned i)
{
	int n = i == 0 ? snprintf(buf, size, "%s/%s", dir, DS_SHARDSET_LEXICON)
		       : snprintf(buf, size, "%s/shard%u", dir, i - 1);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* The stub line of member i, relative to the set's directory. */
static void
member_line(char *buf, size_t size, unsigned i)
{
	if (i == 0)
		snprintf(buf, size, "auto %s\n", DS_SHARDSET_LEXICON);
	else
		snprintf(buf, size, "auto shard%u\n", i - 1);
}

bool
ds_shardset_dir(const char *dir)
{
	char file[PATH_MAX];
	struct stat sb;

	return (size_t)snprintf(file, sizeof file, "%s/XAPIANDB", dir) <
		       sizeof file &&
	       stat(file, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Remove what ds_shardset_create() made of the set in `dir`. */
static void
remove_members(const char *dir, unsigned n)
{
	char path[PATH_MAX];
	unsigned i;

	if ((size_t)snprintf(path, sizeof path, "%s/XAPIANDB", dir) <
	    sizeof path)
		unlink(path);
	if ((size_t)snprintf(path, sizeof path, "%s/XAPIANDB.tmp", dir) <
	    sizeof path)
		unlink(path);
	for (i = 0; i <= n; i++)
		if (member(path, sizeof path, dir, i) == 0)
			ds_dbpath_remove(path, NULL);
	rmdir(dir);
}

/* Write dir/XAPIANDB listing the n + 1 members, durably. */
static int
write_stub(const char *dir, unsigned n, struct ds_error *err)
{
	char tmp[PATH_MAX], file[PATH_MAX], line[64];
	unsigned i;
	FILE *f;
	int ok;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s/XAPIANDB.tmp", dir) >=
		    sizeof tmp ||
	    (size_t)snprintf(file, sizeof file, "%s/XAPIANDB", dir) >=
		    sizeof file)
		return ds_error_set(err, DS_EINVAL, "%s: name too long", dir);
	if ((f = fopen(tmp, "wx")) == NULL)
		return ds_error_set(err, DS_EIO, "%s: %s", tmp,
				    strerror(errno));
	ok = fprintf(f, "# A Dossier shard set of %u shards (see "
		     "dossier-index(1), --shards):\n# its lexicon first, then "
		     "the shards in order.\n", n) > 0;
	for (i = 0; ok && i <= n; i++) {
		member_line(line, sizeof line, i);
		ok = fputs(line, f) >= 0;
	}
	ok = ok && fflush(f) == 0 && fsync(fileno(f)) == 0;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, file) < 0) {
		int e = errno;

		unlink(tmp);
		return ds_error_set(err, DS_EIO, "%s: cannot write: %s", file,
				    strerror(e));
	}
	return 0;
}

/* Create (empty) and commit member i of the set in dir. */
static int
create_member(const char *dir, unsigned i, unsigned n, struct ds_error *err)
{
	struct xapian_writable_database *w;
	struct xapian_error xe;
	char path[PATH_MAX], count[16];
	int len, rc = 0;

	if (member(path, sizeof path, dir, i) < 0)
		return ds_error_set(err, DS_EINVAL, "%s: name too long", dir);
	w = xapian_writable_database_open(path, XAPIAN_DB_CREATE, &xe);
	if (w == NULL)
		return ds_error_set(err, DS_EXAPIAN, "%s: %s: %s", path,
				    xe.type, xe.message);
	len = snprintf(count, sizeof count, "%u", n);
	if ((i == 0 && xapian_writable_database_set_metadata(
			       w, DS_META_SHARDS, count, (size_t)len, &xe) < 0) ||
	    xapian_writable_database_close(w, &xe) < 0)
		rc = ds_error_set(err, DS_EXAPIAN, "%s: %s: %s", path, xe.type,
				  xe.message);
	xapian_writable_database_free(w);
	return rc;
}

int
ds_shardset_create(const char *dir, unsigned n, struct ds_error *err)
{
	unsigned i;
	int rc = 0;

	if (n < 1 || n > DS_SHARDSET_MAX)
		return ds_error_set(err, DS_EINVAL, "%u shards: from 1 to %d",
				    n, DS_SHARDSET_MAX);
	if (mkdir(dir, 0755) < 0)
		return ds_error_set(err, errno == EEXIST ? DS_ELOCKED : DS_EIO,
				    "%s: %s", dir, strerror(errno));
	for (i = 0; rc == 0 && i <= n; i++)
		rc = create_member(dir, i, n, err);
	if (rc == 0)
		rc = write_stub(dir, n, err);
	if (rc < 0)
		remove_members(dir, n);
	return rc;
}

int
ds_shardset_size(const char *path, unsigned *n, struct ds_error *err)
{
	struct ds_shard_list list;
	struct xapian_database *lex;
	struct xapian_error xe;
	unsigned long v = 0;
	size_t len = 0;
	char *meta = NULL, *end;
	int rc;

	*n = 0;
	if ((rc = ds_shard_list_read(path, &list, err)) < 0) {
		ds_shard_list_release(&list);
		return rc;
	}
	if (!list.stub || list.n < 2 || list.shard[0].remote)
		goto out;
	if ((lex = xapian_database_open(list.shard[0].path, &xe)) == NULL)
		goto out;	/* Xapian will say what is wrong with it */
	meta = xapian_database_get_metadata(lex, DS_META_SHARDS, &len, &xe);
	xapian_database_free(lex);
	if (meta == NULL || len == 0)
		goto out;
	errno = 0;
	v = strtoul(meta, &end, 10);
	if (errno == 0 && *end == '\0' && v >= 1 && v <= DS_SHARDSET_MAX &&
	    v + 1 == list.n)
		*n = (unsigned)v;
out:
	free(meta);
	ds_shard_list_release(&list);
	return 0;
}

int
ds_shardset_compact(const char *path, unsigned n, const char *to,
		    struct ds_error *err)
{
	struct ds_shard_list list;
	struct xapian_database *db;
	struct xapian_error xe;
	char out[PATH_MAX];
	size_t i;
	int rc;

	if ((rc = ds_shard_list_read(path, &list, err)) < 0)
		goto out;
	if (list.n != (size_t)n + 1 || list.nremote > 0) {
		rc = ds_error_set(err, DS_EINVAL, "%s: not a set of %u shards",
				  path, n);
		goto out;
	}
	if (mkdir(to, 0755) < 0) {
		rc = ds_error_set(err, DS_EIO, "%s: %s", to, strerror(errno));
		goto out;
	}
	for (i = 0; rc == 0 && i < list.n; i++) {
		if (member(out, sizeof out, to, (unsigned)i) < 0) {
			rc = ds_error_set(err, DS_EINVAL, "%s: name too long",
					  to);
			break;
		}
		if ((db = xapian_database_open(list.shard[i].path, &xe)) ==
			    NULL ||
		    xapian_database_compact(db, out, XAPIAN_DBCOMPACT_STANDARD,
					    0, &xe) < 0)
			rc = ds_error_set(err, DS_EXAPIAN, "%s: compacting: "
					  "%s: %s", list.shard[i].path,
					  xe.type, xe.message);
		xapian_database_free(db);
	}
	if (rc == 0)
		rc = write_stub(to, n, err);
	if (rc < 0)
		remove_members(to, n);
out:
	ds_shard_list_release(&list);
	return rc;
}

unsigned
ds_shardset_pick(const char *id_term, unsigned n)
{
	return (unsigned)(ds_hash64(DS_HASH_INIT, id_term, strlen(id_term)) %
			  n);
}
