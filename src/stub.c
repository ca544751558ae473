/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stub.c: the shards a database path stands for (stub.h). */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stub.h"

/* The largest stub file read: a stub lists shards, a line each. */
#define MAX_STUB_BYTES (64 * 1024)

static int
oom(struct ds_error *err)
{
	return ds_error_set(err, DS_ENOMEM, "out of memory");
}

static int
add(struct ds_shard_list *list, bool remote, const char *path,
    const char *host, unsigned port, struct ds_error *err)
{
	struct ds_shard *s, *grown;
	char buf[300];

	if (list->n == DS_STUB_MAX_SHARDS)
		return ds_error_set(err, DS_ETOOBIG, "more than %d shards",
				    DS_STUB_MAX_SHARDS);
	grown = realloc(list->shard, (list->n + 1) * sizeof *grown);
	if (grown == NULL)
		return oom(err);
	list->shard = grown;
	s = &list->shard[list->n];
	memset(s, 0, sizeof *s);
	s->remote = remote;
	s->port = port;
	if (remote) {
		snprintf(buf, sizeof buf, "%s:%u", host, port);
		s->host = strdup(host);
		s->where = strdup(buf);
	} else {
		s->path = strdup(path);
		s->where = strdup(path);
	}
	if (s->where == NULL || (remote ? s->host : s->path) == NULL) {
		free(s->host);
		free(s->path);
		free(s->where);
		return oom(err);
	}
	list->n++;
	list->nremote += remote;
	return 0;
}

/* Read the whole (small) file at `path` into a new string. */
static int
slurp(const char *path, char **out, struct ds_error *err)
{
	char *buf;
	ssize_t n;
	size_t len = 0;
	int fd;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return ds_error_set(err, errno == ENOENT ? DS_ENOENT : DS_EIO,
				    "%s: %s", path, strerror(errno));
	if ((buf = malloc(MAX_STUB_BYTES + 1)) == NULL) {
		close(fd);
		return oom(err);
	}
	while (len <= MAX_STUB_BYTES &&
	       (n = read(fd, buf + len, MAX_STUB_BYTES + 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			close(fd);
			free(buf);
			return ds_error_set(err, DS_EIO, "%s: %s", path,
					    strerror(e));
		}
		len += (size_t)n;
	}
	close(fd);
	if (len > MAX_STUB_BYTES) {
		free(buf);
		return ds_error_set(err, DS_ETOOBIG, "%s: a stub file larger "
				    "than %d bytes", path, MAX_STUB_BYTES);
	}
	buf[len] = '\0';
	*out = buf;
	return 0;
}

/* `name` resolved against directory `dir` (a new string). */
static char *
resolve(const char *dir, const char *name)
{
	size_t n;
	char *p;

	if (name[0] == '/' || dir[0] == '\0')
		return strdup(name);
	n = strlen(dir) + strlen(name) + 2;
	if ((p = malloc(n)) != NULL)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static int expand(const char *path, int depth, struct ds_shard_list *list,
		  struct ds_error *err);

/* A "remote" line's argument: "HOST:PORT", "[V6]:PORT" or ":PORT". */
static int
remote_line(const char *arg, const char *file, unsigned lineno,
	    struct ds_shard_list *list, struct ds_error *err)
{
	const char *colon = strrchr(arg, ':');
	char host[256], *end;
	size_t hlen;
	long port;

	if (colon == NULL || strchr(arg, ' ') != NULL)
		return ds_error_set(err, DS_EFORMAT, "%s:%u: remote shards "
				    "run by a program are not supported; serve "
				    "the shard with xapian-tcpsrv and write "
				    "\"remote HOST:PORT\"", file, lineno);
	hlen = (size_t)(colon - arg);
	if (hlen >= 2 && arg[0] == '[' && arg[hlen - 1] == ']') {
		arg++;
		hlen -= 2;
	}
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (hlen >= sizeof host || *end != '\0' || end == colon + 1 ||
	    errno != 0 || port < 1 || port > 65535)
		return ds_error_set(err, DS_EFORMAT, "%s:%u: \"remote %s\": "
				    "expected HOST:PORT", file, lineno, arg);
	memcpy(host, arg, hlen);
	host[hlen] = '\0';
	return add(list, true, NULL, hlen ? host : "localhost",
		   (unsigned)port, err);
}

/* The lines of stub file `file`, names relative to `dir`. */
static int
parse(const char *file, const char *dir, int depth,
      struct ds_shard_list *list, struct ds_error *err)
{
	char *text, *line, *next, *name;
	unsigned lineno = 0;
	int rc;

	if ((rc = slurp(file, &text, err)) < 0)
		return rc;
	for (line = text; rc == 0 && line != NULL; line = next) {
		size_t len;
		bool follow = false;

		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		len = strlen(line);
		while (len > 0 && (line[len - 1] == ' ' ||
				   line[len - 1] == '\t' ||
				   line[len - 1] == '\r'))
			line[--len] = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line == '\0' || *line == '#')
			continue;
		if (strncmp(line, "remote ", 7) == 0) {
			rc = remote_line(line + 7, file, lineno, list, err);
			continue;
		}
		if (strncmp(line, "auto ", 5) == 0) {
			name = line + 5;
			follow = true;
		} else if (strncmp(line, "glass ", 6) == 0) {
			name = line + 6;
		} else if (strncmp(line, "chert ", 6) == 0) {
			name = line + 6;
		} else {
			rc = ds_error_set(err, DS_EFORMAT, "%s:%u: not a stub "
					  "line (\"auto PATH\", \"glass "
					  "PATH\" or \"remote HOST:PORT\")",
					  file, lineno);
			continue;
		}
		while (*name == ' ')
			name++;
		if ((name = resolve(dir, name)) == NULL) {
			rc = oom(err);
			continue;
		}
		rc = follow ? expand(name, depth + 1, list, err)
			    : add(list, false, name, NULL, 0, err);
		free(name);
	}
	free(text);
	return rc;
}

/* The directory part of `path` ("" for a bare name), a new string. */
static char *
parent(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return strdup("");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

static int
expand(const char *path, int depth, struct ds_shard_list *list,
       struct ds_error *err)
{
	struct stat sb;
	char *file, *dir;
	size_t n;
	int rc;

	if (depth > DS_STUB_MAX_DEPTH)
		return ds_error_set(err, DS_ETOOBIG, "%s: stubs naming stubs "
				    "more than %d deep (a loop?)", path,
				    DS_STUB_MAX_DEPTH);
	if (stat(path, &sb) < 0) {
		if (depth == 0)
			return ds_error_set(err, errno == ENOENT ? DS_ENOENT
								 : DS_EIO,
					    "%s: %s", path, strerror(errno));
		/* A missing shard: opening it will say so. */
		return add(list, false, path, NULL, 0, err);
	}
	if (S_ISREG(sb.st_mode)) {
		list->stub = true;
		if ((dir = parent(path)) == NULL)
			return oom(err);
		rc = parse(path, dir, depth, list, err);
		free(dir);
		return rc;
	}
	if (!S_ISDIR(sb.st_mode))
		return add(list, false, path, NULL, 0, err);
	/* A stub directory: a file XAPIANDB inside. */
	n = strlen(path) + sizeof "/XAPIANDB";
	if ((file = malloc(n)) == NULL)
		return oom(err);
	snprintf(file, n, "%s/XAPIANDB", path);
	if (stat(file, &sb) == 0 && S_ISREG(sb.st_mode)) {
		list->stub = true;
		rc = parse(file, path, depth, list, err);
	} else {
		rc = add(list, false, path, NULL, 0, err);
	}
	free(file);
	return rc;
}

int
ds_shard_list_read(const char *path, struct ds_shard_list *out,
		   struct ds_error *err)
{
	memset(out, 0, sizeof *out);
	return expand(path, 0, out, err);
}

void
ds_shard_list_release(struct ds_shard_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		free(list->shard[i].path);
		free(list->shard[i].host);
		free(list->shard[i].where);
	}
	free(list->shard);
	memset(list, 0, sizeof *list);
}
