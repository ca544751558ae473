/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dbpath.c: database paths, and rebuilding aside (dbpath.h). */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dbpath.h"
#include "shardset.h"
#include "stub.h"
#include "xapian-c.h"

/* The largest stub file read (a stub lists shards: a few lines). */
#define MAX_STUB 65536

int
ds_dbpath_kind(const char *path, enum ds_dbpath_kind *kind,
	       struct ds_error *err)
{
	struct stat sb;

	if (lstat(path, &sb) < 0) {
		if (errno == ENOENT) {
			*kind = DS_DBPATH_MISSING;
			return 0;
		}
		return ds_error_set(err, DS_EIO, "%s: %s", path,
				    strerror(errno));
	}
	if (S_ISLNK(sb.st_mode))
		*kind = DS_DBPATH_SYMLINK;
	else if (S_ISDIR(sb.st_mode))
		*kind = DS_DBPATH_DIR;
	else if (S_ISREG(sb.st_mode))
		*kind = DS_DBPATH_STUB;
	else
		return ds_error_set(err, DS_EINVAL, "%s: neither a database "
				    "directory, a stub file nor a symbolic "
				    "link", path);
	return 0;
}

int
ds_dbpath_lock(const char *path, int wait, int *fd, struct ds_error *err)
{
	size_t n = strlen(path) + 6;
	char *lock = malloc(n);
	int rc, e;

	*fd = -1;
	if (lock == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	snprintf(lock, n, "%s.lock", path);
	*fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY,
		   0644);
	free(lock);
	if (*fd < 0)
		return 0;
	/* A signal ends a wait: the caller decides whether to stop. */
	rc = flock(*fd, LOCK_EX | (wait ? 0 : LOCK_NB));
	if (rc == 0)
		return 0;
	e = errno;
	close(*fd);
	*fd = -1;
	if (e == EWOULDBLOCK)
		return ds_error_set(err, DS_ELOCKED, "%s: another indexer is "
				    "working on this database", path);
	if (e == EINTR)
		return ds_error_set(err, DS_ELOCKED, "%s: interrupted while "
				    "waiting for another indexer", path);
	return 0;
}

/* Whether `name` is one of the files Xapian keeps in a database. */
static bool
xapian_file(const char *name)
{
	size_t n = strlen(name);

	return strcmp(name, "iamglass") == 0 ||
	       strcmp(name, "flintlock") == 0 ||
	       strncmp(name, "changes", 7) == 0 ||
	       (n > 6 && strcmp(name + n - 6, ".glass") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".tmp") == 0);
}

/* Check one local database, `path` naming the whole in messages. */
static int
check_one(const char *path, const char *db, struct ds_error *err)
{
	struct xapian_error xe;
	size_t errors = 0;

	if (xapian_database_check(db, &errors, &xe) < 0) {
		if (xe.code == XAPIAN_E_DATABASE_NOT_FOUND)
			return ds_error_set(err, DS_ENOENT, "%s: no database "
					    "there", path);
		return ds_error_set(err, DS_EXAPIAN, "%s: damaged: %s: %s",
				    path, xe.type, xe.message);
	}
	if (errors > 0)
		return ds_error_set(err, DS_EXAPIAN, "%s: damaged: %zu "
				    "error%s in its tables (xapian-check "
				    "shows them)", path, errors,
				    errors == 1 ? "" : "s");
	return 0;
}

int
ds_dbpath_check(const char *path, struct ds_error *err)
{
	struct ds_shard_list list;
	enum ds_dbpath_kind kind;
	char name[PATH_MAX + 16];
	size_t i;
	int rc;

	if ((rc = ds_dbpath_kind(path, &kind, err)) < 0)
		return rc;
	if (kind == DS_DBPATH_MISSING)
		return ds_error_set(err, DS_ENOENT, "%s: no database there",
				    path);
	/* Xapian checks databases, not stubs: each local shard in turn. */
	if ((rc = ds_shard_list_read(path, &list, err)) == 0 && !list.stub) {
		ds_shard_list_release(&list);
		return check_one(path, path, err);
	}
	for (i = 0; rc == 0 && i < list.n; i++) {
		if (list.shard[i].remote)
			continue;	/* its own machine checks it */
		snprintf(name, sizeof name, "%s (shard %s)", path,
			 list.shard[i].path);
		rc = check_one(name, list.shard[i].path, err);
	}
	ds_shard_list_release(&list);
	return rc;
}

/*
 * Remove the databases of the shard set in `dir` (shardset.h) and its
 * stub, leaving the directory.
 */
static int
remove_set_members(const char *dir, struct ds_error *err)
{
	char file[PATH_MAX];
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		const char *n = e->d_name;

		if (strcmp(n, DS_SHARDSET_LEXICON) != 0 &&
		    !(strncmp(n, "shard", 5) == 0 && n[5] >= '0' &&
		      n[5] <= '9'))
			continue;
		if ((size_t)snprintf(file, sizeof file, "%s/%s", dir, n) >=
			    sizeof file ||
		    ds_dbpath_remove(file, err) < 0)
			rc = DS_EIO;
	}
	closedir(d);
	if (rc == 0 && (size_t)snprintf(file, sizeof file, "%s/XAPIANDB",
					dir) < sizeof file &&
	    unlink(file) < 0 && errno != ENOENT)
		rc = ds_error_set(err, DS_EIO, "%s: cannot remove: %s", file,
				  strerror(errno));
	return rc;
}

int
ds_dbpath_remove(const char *dir, struct ds_error *err)
{
	char file[PATH_MAX];
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (ds_shardset_dir(dir) && (rc = remove_set_members(dir, err)) < 0)
		return rc;
	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;
		return ds_error_set(err, DS_EIO, "%s: %s", dir,
				    strerror(errno));
	}
	while ((e = readdir(d)) != NULL) {
		if (!xapian_file(e->d_name))
			continue;
		if ((size_t)snprintf(file, sizeof file, "%s/%s", dir,
				     e->d_name) >= sizeof file ||
		    (unlink(file) < 0 && errno != ENOENT))
			rc = ds_error_set(err, DS_EIO, "%s: cannot remove: %s",
					  file, strerror(errno));
	}
	closedir(d);
	if (rc == 0 && rmdir(dir) < 0 && errno != ENOENT)
		rc = ds_error_set(err, DS_EIO, "%s: not removed: %s", dir,
				  errno == ENOTEMPTY ? "it holds files that are "
				  "not Xapian's" : strerror(errno));
	return rc;
}

/* Split `path` into its directory and base name (new strings). */
static int
split(const char *path, char **dir, char **base)
{
	char *a = strdup(path), *b = strdup(path);

	*dir = *base = NULL;
	if (a == NULL || b == NULL) {
		free(a);
		free(b);
		return -1;
	}
	*dir = strdup(dirname(a));
	*base = strdup(basename(b));
	free(a);
	free(b);
	if (*dir == NULL || *base == NULL) {
		free(*dir);
		free(*base);
		return -1;
	}
	return 0;
}

/*
 * The entry (a base name in the same directory) that the stub file or
 * link at `path` names, when there is exactly one such: NULL otherwise
 * (hand-written stubs naming databases elsewhere, several shards).
 */
static char *
named_entry(const char *path, enum ds_dbpath_kind kind)
{
	char buf[MAX_STUB + 1], *line, *save = NULL, *found = NULL;
	ssize_t n;
	int fd, count = 0;

	if (kind == DS_DBPATH_SYMLINK) {
		if ((n = readlink(path, buf, sizeof buf - 1)) <= 0)
			return NULL;
		buf[n] = '\0';
		return strchr(buf, '/') ? NULL : strdup(buf);
	}
	if (kind != DS_DBPATH_STUB)
		return NULL;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return NULL;
	n = read(fd, buf, MAX_STUB);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *name;

		if (line[0] == '#' || line[0] == '\0')
			continue;
		count++;
		if (strncmp(line, "auto ", 5) == 0)
			name = line + 5;
		else if (strncmp(line, "glass ", 6) == 0)
			name = line + 6;
		else
			continue;
		if (strchr(name, '/') == NULL && found == NULL)
			found = strdup(name);
	}
	if (count != 1) {
		free(found);
		return NULL;
	}
	return found;
}

/* Whether s is one or more decimal digits. */
static bool
digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Whether s is digits, or digits '.' digits (a PID and a sequence). */
static bool
pid_seq(const char *s)
{
	const char *dot = strchr(s, '.');
	char head[32];

	if (dot == NULL)
		return digits(s);
	if ((size_t)(dot - s) >= sizeof head)
		return false;
	memcpy(head, s, (size_t)(dot - s));
	head[dot - s] = '\0';
	return digits(head) && digits(dot + 1);
}

/*
 * Whether `name` is a database Dossier built beside `base`:
 * "BASE.rebuild-PID" or "BASE.YYYYMMDDTHHMMSSZ-PID[.SEQ]".
 */
static bool
ours(const char *name, const char *base)
{
	size_t n = strlen(base);
	const char *rest, *dash;

	if (strncmp(name, base, n) != 0 || name[n] != '.')
		return false;
	rest = name + n + 1;
	if (strncmp(rest, "rebuild-", 8) == 0)
		return digits(rest + 8);
	dash = strchr(rest, '-');
	return dash != NULL && dash - rest == 16 && rest[8] == 'T' &&
	       rest[15] == 'Z' && pid_seq(dash + 1);
}

/* Whether the database in `dir` is open for writing by someone. */
static bool
in_use(const char *dir)
{
	struct xapian_writable_database *w;
	struct xapian_error xe;
	char lexicon[PATH_MAX];

	/* A shard set: its writer holds the lexicon's lock, as all others. */
	if (ds_shardset_dir(dir) &&
	    (size_t)snprintf(lexicon, sizeof lexicon, "%s/%s", dir,
			     DS_SHARDSET_LEXICON) < sizeof lexicon)
		dir = lexicon;
	w = xapian_writable_database_open(dir, XAPIAN_DB_OPEN, &xe);
	if (w == NULL)
		return xe.code == XAPIAN_E_DATABASE_LOCK;
	xapian_writable_database_close(w, &xe);
	xapian_writable_database_free(w);
	return false;
}

/* Delete the leftovers of killed rebuilds beside `path`. */
static void
clear_leftovers(const char *dir, const char *base, const char *keep)
{
	char full[PATH_MAX];
	struct dirent *e;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (!ours(e->d_name, base) ||
		    (keep != NULL && strcmp(e->d_name, keep) == 0))
			continue;
		if ((size_t)snprintf(full, sizeof full, "%s/%s", dir,
				     e->d_name) >= sizeof full ||
		    in_use(full))
			continue;
		ds_dbpath_remove(full, NULL);
	}
	closedir(d);
}

/* Whether dir/name exists. */
static bool
taken(const char *dir, const char *name)
{
	char full[PATH_MAX];
	struct stat sb;

	return (size_t)snprintf(full, sizeof full, "%s/%s", dir, name) <
		       sizeof full &&
	       lstat(full, &sb) == 0;
}

void
ds_dbpath_clear_leftovers(const char *path)
{
	enum ds_dbpath_kind kind;
	char *dir = NULL, *base = NULL, *keep;

	if (ds_dbpath_kind(path, &kind, NULL) < 0 ||
	    split(path, &dir, &base) < 0)
		return;
	keep = named_entry(path, kind);
	clear_leftovers(dir, base, keep);
	free(keep);
	free(dir);
	free(base);
}

/*
 * Whether a rebuild of `rb` exchanges directories (or, when nothing is
 * there, renames one): a database directory rebuilt as one, or a set's
 * directory rebuilt as a set.  Otherwise a stub (or link) names it.
 */
static bool
exchanges(const struct ds_rebuild *rb)
{
	if (rb->kind == DS_DBPATH_MISSING)
		return rb->shards == 0;
	if (rb->kind != DS_DBPATH_DIR)
		return false;
	return rb->shards == 0 || ds_shardset_dir(rb->path);
}

int
ds_rebuild_begin(const char *path, struct ds_rebuild *rb,
		 struct ds_error *err)
{
	return ds_rebuild_begin_shards(path, 0, rb, err);
}

int
ds_rebuild_begin_shards(const char *path, unsigned shards,
			struct ds_rebuild *rb, struct ds_error *err)
{
	char *dir = NULL, *base = NULL, *keep = NULL, name[NAME_MAX + 1];
	struct tm tm;
	time_t now;
	int rc, n, seq;

	memset(rb, 0, sizeof *rb);
	if ((rc = ds_dbpath_kind(path, &rb->kind, err)) < 0)
		return rc;
	if (split(path, &dir, &base) < 0)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	rb->shards = shards;
	rb->path = strdup(path);
	keep = named_entry(path, rb->kind);
	clear_leftovers(dir, base, keep);
	if (rb->path != NULL && exchanges(rb)) {
		n = snprintf(name, sizeof name, "%s.rebuild-%ld", base,
			     (long)getpid());
	} else {
		/* A sequence number when one second saw two rebuilds. */
		now = time(NULL);
		gmtime_r(&now, &tm);
		for (seq = 0; seq < 100; seq++) {
			n = snprintf(name, sizeof name,
				     seq ? "%s.%04d%02d%02dT%02d%02d%02dZ-%ld.%d"
					 : "%s.%04d%02d%02dT%02d%02d%02dZ-%ld",
				     base, tm.tm_year + 1900, tm.tm_mon + 1,
				     tm.tm_mday, tm.tm_hour, tm.tm_min,
				     tm.tm_sec, (long)getpid(), seq);
			if (n < 0 || (size_t)n >= sizeof name ||
			    !taken(dir, name))
				break;
		}
	}
	rb->target = strdup(name);
	size_t asize = strlen(dir) + 1 + sizeof name;

	rb->aside = malloc(asize);
	if (n < 0 || (size_t)n >= sizeof name) {
		rc = ds_error_set(err, DS_EINVAL, "%s: name too long", path);
	} else if (rb->path == NULL || rb->target == NULL ||
		   rb->aside == NULL) {
		rc = ds_error_set(err, DS_ENOMEM, "out of memory");
	} else {
		snprintf(rb->aside, asize, "%s/%s", dir, name);
		rc = 0;
	}
	if (rc == 0 && access(rb->aside, F_OK) == 0)
		rc = ds_error_set(err, DS_ELOCKED, "%s: already there: another "
				  "rebuild is at work", rb->aside);
	free(dir);
	free(base);
	free(keep);
	if (rc < 0)
		ds_rebuild_release(rb);
	return rc;
}

/* fsync the directory holding `path`, so a rename survives a crash. */
static void
sync_parent(const char *path)
{
	char *dir = NULL, *base = NULL;
	int fd;

	if (split(path, &dir, &base) < 0)
		return;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
	free(base);
}

/* Write a stub naming `target` to `tmp`, durably. */
static int
write_stub(const char *tmp, const char *target, struct ds_error *err)
{
	char line[NAME_MAX + 16];
	int fd, n, ok;

	n = snprintf(line, sizeof line, "auto %s\n", target);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return ds_error_set(err, DS_EIO, "%s: %s", tmp,
				    strerror(errno));
	ok = write(fd, line, (size_t)n) == n && fsync(fd) == 0;
	if (close(fd) < 0)
		ok = 0;
	if (!ok) {
		unlink(tmp);
		return ds_error_set(err, DS_EIO, "%s: cannot write: %s", tmp,
				    strerror(errno));
	}
	return 0;
}

/*
 * Replace the stub or link at rb->path with one naming rb->target; the
 * old one's database name, if it was ours, into *old.
 */
static int
switch_name(struct ds_rebuild *rb, char **old, struct ds_error *err)
{
	size_t tsize = strlen(rb->path) + 32;
	char *tmp = malloc(tsize);
	int rc = 0;

	*old = named_entry(rb->path, rb->kind);
	if (tmp == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	snprintf(tmp, tsize, "%s.tmp-%ld", rb->path, (long)getpid());
	unlink(tmp);
	if (rb->kind != DS_DBPATH_SYMLINK)
		rc = write_stub(tmp, rb->target, err);
	else if (symlink(rb->target, tmp) < 0)
		rc = ds_error_set(err, DS_EIO, "%s: %s", tmp, strerror(errno));
	if (rc == 0 && rb->kind == DS_DBPATH_DIR) {
		/* A database directory becomes a stub: exchanged, then
		 * the old database (now at tmp) deleted. */
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, rb->path,
			      RENAME_EXCHANGE) < 0) {
			rc = ds_error_set(err, DS_EIO, "%s: cannot exchange it "
					  "with a stub naming the new shards: "
					  "%s", rb->path, strerror(errno));
			unlink(tmp);
		} else {
			sync_parent(rb->path);
			if (ds_dbpath_remove(tmp, NULL) < 0)
				rc = 1;	/* switched; the old one stays */
		}
	} else if (rc == 0 && rename(tmp, rb->path) < 0) {
		rc = ds_error_set(err, DS_EIO, "%s: cannot switch: %s",
				  rb->path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

int
ds_rebuild_switch(struct ds_rebuild *rb, const char **warning,
		  struct ds_error *err)
{
	char *old = NULL, *dir = NULL, *base = NULL, *full = NULL;
	size_t fsize;
	int rc = 0;

	*warning = NULL;
	if (!exchanges(rb) && rb->kind != DS_DBPATH_STUB &&
	    rb->kind != DS_DBPATH_SYMLINK) {
		/* Nothing or a database directory there: now a stub. */
		if ((rc = switch_name(rb, &old, err)) < 0)
			return rc;
		free(old);
		sync_parent(rb->path);
		if (rc > 0)
			*warning = "the old database could not be removed";
		return 0;
	}
	switch (rb->kind) {
	case DS_DBPATH_MISSING:
		if (renameat2(AT_FDCWD, rb->aside, AT_FDCWD, rb->path,
			      RENAME_NOREPLACE) < 0)
			return ds_error_set(err, DS_EIO, "%s: cannot move the "
					    "new database there: %s", rb->path,
					    strerror(errno));
		sync_parent(rb->path);
		return 0;
	case DS_DBPATH_DIR:
		if (renameat2(AT_FDCWD, rb->aside, AT_FDCWD, rb->path,
			      RENAME_EXCHANGE) < 0)
			return ds_error_set(err, DS_EIO, "%s: cannot exchange "
					    "it with the new database (%s); "
					    "on this filesystem, make the "
					    "database path a stub file (see "
					    "dossier-index(1), --rebuild)",
					    rb->path, strerror(errno));
		sync_parent(rb->path);
		/* rb->aside now holds the old database. */
		if (ds_dbpath_remove(rb->aside, NULL) < 0)
			*warning = "the old database could not be removed";
		return 0;
	case DS_DBPATH_STUB:
	case DS_DBPATH_SYMLINK:
		if ((rc = switch_name(rb, &old, err)) < 0)
			break;
		sync_parent(rb->path);
		if (old == NULL || split(rb->path, &dir, &base) < 0 ||
		    !ours(old, base) || strcmp(old, rb->target) == 0)
			break;
		fsize = strlen(dir) + strlen(old) + 2;
		if ((full = malloc(fsize)) == NULL)
			break;
		snprintf(full, fsize, "%s/%s", dir, old);
		if (ds_dbpath_remove(full, NULL) < 0)
			*warning = "the old database could not be removed";
		break;
	}
	free(old);
	free(dir);
	free(base);
	free(full);
	return rc;
}

int
ds_dbpath_compact(const char *path, const char **warning,
		  struct ds_error *err)
{
	struct xapian_database *db;
	struct xapian_error xe;
	struct ds_rebuild rb;
	size_t shards = 0;
	unsigned set = 0;
	int rc;

	*warning = NULL;
	if ((rc = ds_shardset_size(path, &set, err)) < 0 && rc != DS_ENOENT)
		return rc;
	if ((rc = ds_rebuild_begin_shards(path, set, &rb, err)) < 0)
		return rc;
	if (rb.kind == DS_DBPATH_MISSING) {
		ds_rebuild_release(&rb);
		return ds_error_set(err, DS_ENOENT, "%s: no database to "
				    "compact", path);
	}
	/* A shard set: each of its databases on its own. */
	if (set > 0) {
		if ((rc = ds_shardset_compact(path, set, rb.aside, err)) == 0 &&
		    (rc = ds_rebuild_switch(&rb, warning, err)) < 0)
			ds_rebuild_abandon(&rb);
		goto out;
	}
	if ((db = xapian_database_open(path, &xe)) == NULL) {
		rc = ds_error_set(err, DS_EXAPIAN, "%s: %s: %s", path, xe.type,
				  xe.message);
		goto out;
	}
	if ((shards = xapian_database_shard_count(db)) != 1) {
		xapian_database_free(db);
		rc = ds_error_set(err, DS_EINVAL, "%s: not compacted: it is "
				  "made of %zu databases", path, shards);
		goto out;
	}
	rc = xapian_database_compact(db, rb.aside, XAPIAN_DBCOMPACT_STANDARD,
				     0, &xe);
	xapian_database_free(db);
	if (rc < 0) {
		rc = ds_error_set(err, DS_EXAPIAN, "%s: compacting: %s: %s",
				  path, xe.type, xe.message);
		ds_rebuild_abandon(&rb);
		goto out;
	}
	if ((rc = ds_rebuild_switch(&rb, warning, err)) < 0)
		ds_rebuild_abandon(&rb);
out:
	ds_rebuild_release(&rb);
	return rc;
}

void
ds_rebuild_abandon(struct ds_rebuild *rb)
{
	if (rb->aside != NULL)
		ds_dbpath_remove(rb->aside, NULL);
}

void
ds_rebuild_release(struct ds_rebuild *rb)
{
	free(rb->path);
	free(rb->aside);
	free(rb->target);
	rb->path = rb->aside = rb->target = NULL;
}
