/* SPDX-License-Identifier: GPL-2.0-or-later */
/* crash.c: the crash mark and message of dossier-index (see crash.h). */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "asan.h"
#include "crash.h"

#define MARK_SUFFIX ".crashed"

/* Made before any crash: the handler only writes them out. */
static char mark[PATH_MAX + sizeof MARK_SUFFIX];
static char head[256];
static char tail[3 * PATH_MAX + 512];
static size_t head_len, tail_len;

/* Write all of buf, as far as it goes; async-signal-safe. */
static void
put(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

static void
on_crash(int sig)
{
	char num[16];
	size_t n = 0, i;
	unsigned v = (unsigned)sig;
	int fd;

	do {
		num[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && n < sizeof num - 1);
	for (i = 0; i < n / 2; i++) {
		char c = num[i];

		num[i] = num[n - 1 - i];
		num[n - 1 - i] = c;
	}
	put(STDERR_FILENO, head, head_len);
	put(STDERR_FILENO, num, n);
	put(STDERR_FILENO, tail, tail_len);
	fd = open(mark, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0) {
		num[n] = '\n';
		put(fd, num, n + 1);
		close(fd);
	}
	/* SA_RESETHAND: the default action now, at once (SA_NODEFER). */
	raise(sig);
}

static int
mark_path(const char *db, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s%s", db, MARK_SUFFIX);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

void
crash_guard(const char *program, const char *db)
{
	static const int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
	struct sigaction sa;
	size_t i;
	int n;

	if (mark_path(db, mark, sizeof mark) < 0)
		return;
	n = snprintf(head, sizeof head, "%s: crashed (signal ", program);
	if (n < 0 || (size_t)n >= sizeof head)
		return;
	head_len = (size_t)n;
	n = snprintf(tail, sizeof tail,
		     ") while working on %s; what it had not committed is "
		     "lost.  If the database was damaged from outside, the next "
		     "run finds out: it checks %s before writing (or now: %s "
		     "--check --db %s)\n", db, db, program, db);
	if (n < 0 || (size_t)n >= sizeof tail)
		return;
	tail_len = (size_t)n;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		if (DS_UNDER_ASAN && (sigs[i] == SIGSEGV || sigs[i] == SIGBUS))
			continue;	/* ASan's report says more */
		sigaction(sigs[i], &sa, NULL);
	}
}

bool
crash_marked(const char *db)
{
	char path[sizeof mark];

	return mark_path(db, path, sizeof path) == 0 &&
	       access(path, F_OK) == 0;
}

void
crash_unmark(const char *db)
{
	char path[sizeof mark];

	if (mark_path(db, path, sizeof path) == 0)
		unlink(path);
}
