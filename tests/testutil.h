/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * testutil.h: small helpers shared by the unit tests: a scratch directory,
 * files in it, free TCP ports and child processes (servers a test starts).
 *
 * Header-only: every helper is `static inline`, so a test file includes
 * what it needs and the compiler drops the rest without warnings.  Include
 * "config.h" first (it turns on the POSIX and GNU extensions used here).
 *
 * Conventions: functions that can fail return 0 on success and -1 with
 * errno set on failure (a few return a value, e.g. a pid or a port, as
 * their comments say); none of them prints, exits or aborts, so the test
 * framework reports the failure.  Paths are written into caller-provided
 * buffers and a path that doesn't fit is a failure (ENAMETOOLONG), never a
 * truncated path.
 */
#ifndef DOSSIER_TESTUTIL_H
#define DOSSIER_TESTUTIL_H

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

extern char **environ;

#if defined(__GNUC__) || defined(__clang__)
#define TU_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TU_PRINTF(f, a)
#endif

/* Format into buf; -1 with ENAMETOOLONG if it doesn't fit. */
static inline int tu_format(char *buf, size_t size, const char *fmt, ...)
	TU_PRINTF(3, 4);

static inline int
tu_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* dir + "/" + name into buf. */
static inline int
tu_path(char *buf, size_t size, const char *dir, const char *name)
{
	return tu_format(buf, size, "%s/%s", dir, name);
}

/*
 * Make a fresh, private directory "$TMPDIR/<tag>-XXXXXX" (TMPDIR unset or
 * empty: /tmp) and write its path into buf.
 */
static inline int
tu_make_temp_dir(char *buf, size_t size, const char *tag)
{
	const char *tmp = getenv("TMPDIR");

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	if (tu_format(buf, size, "%s/%s-XXXXXX", tmp, tag) < 0)
		return -1;
	return mkdtemp(buf) != NULL ? 0 : -1;
}

/*
 * Remove `path` and everything below it, without following symbolic links.
 * A missing path is success.  Stops at depth 32 (our trees are shallow).
 */
static inline int
tu_remove_tree_at(const char *path, int depth)
{
	struct stat st;
	DIR *dir;
	struct dirent *ent;
	int rc = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if (depth > 32) {
		errno = ELOOP;
		return -1;
	}
	dir = opendir(path);
	if (dir == NULL)
		return -1;
	while ((ent = readdir(dir)) != NULL) {
		char child[4096];

		if (strcmp(ent->d_name, ".") == 0 ||
		    strcmp(ent->d_name, "..") == 0)
			continue;
		if (tu_path(child, sizeof child, path, ent->d_name) < 0 ||
		    tu_remove_tree_at(child, depth + 1) < 0)
			rc = -1;
	}
	closedir(dir);
	if (rmdir(path) < 0)
		rc = -1;
	return rc;
}

static inline int
tu_remove_tree(const char *path)
{
	return tu_remove_tree_at(path, 0);
}

/* Create (or truncate) `path` holding exactly `content`. */
static inline int
tu_write_file(const char *path, const char *content)
{
	FILE *f = fopen(path, "w");
	size_t len = strlen(content);
	int rc = 0;

	if (f == NULL)
		return -1;
	if (fwrite(content, 1, len, f) != len)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

/* Whether `path` exists (any type). */
static inline bool
tu_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Milliseconds on a monotonic clock, for bounded waits. */
static inline long long
tu_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void
tu_sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * A TCP port on 127.0.0.1 that was free a moment ago (bind port 0, read
 * the port the kernel chose, close).  Another process may take it before
 * the caller does, so callers retry with a new port when a bind fails.
 * Returns the port, or 0 on failure.
 */
static inline unsigned
tu_free_port(void)
{
	struct sockaddr_in addr;
	socklen_t len = sizeof addr;
	unsigned port = 0;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return 0;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = 0;
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
	    getsockname(fd, (struct sockaddr *)&addr, &len) == 0)
		port = ntohs(addr.sin_port);
	close(fd);
	return port;
}

/* Whether a TCP connection to 127.0.0.1:port succeeds right now. */
static inline bool
tu_can_connect(unsigned port)
{
	struct sockaddr_in addr;
	bool ok;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return false;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = htons((unsigned short)port);
	ok = connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0;
	close(fd);
	return ok;
}

/*
 * Start `argv[0]` (a path, not searched in PATH) with `argv` and the
 * current environment.  Its standard output and error go to the file
 * `output` (appended to); with NULL, output goes to /dev/null and standard
 * error is kept.  Either way nothing can disturb the test's TAP stream.
 * Standard input is /dev/null.  The child leads its own process group, so
 * tu_stop_child() also reaches anything it forks; on Linux it is also told
 * to die with its parent.  Returns the child's pid, or -1.
 */
static inline pid_t
tu_start_child(char *const argv[], const char *output)
{
	pid_t pid;
	int out;

	/* Opened before fork so that a failure is reported here. */
	if (output != NULL)
		out = open(output, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
			   0644);
	else
		out = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (out < 0)
		return -1;

	fflush(NULL);
	pid = fork();
	if (pid > 0)
		setpgid(pid, pid);	/* also here: no race with kill(-pid) */
	if (pid != 0) {
		close(out);
		return pid;
	}

	/* Child: only async-signal-safe calls from here to execve. */
	setpgid(0, 0);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
	{
		int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

		if (null >= 0)
			dup2(null, STDIN_FILENO);
		dup2(out, STDOUT_FILENO);
		if (output != NULL)
			dup2(out, STDERR_FILENO);
		/* dup2() clears O_CLOEXEC on the copies; the originals go. */
	}
	execve(argv[0], argv, environ);
	_exit(127);
}

/*
 * Whether child `pid` has exited.  The child is not reaped (so its pid and
 * process group can't be reused yet): tu_stop_child() does that.
 */
static inline bool
tu_child_exited(pid_t pid)
{
	siginfo_t info;
	int r;

	memset(&info, 0, sizeof info);
	do
		r = waitid(P_PID, (id_t)pid, &info,
			   WEXITED | WNOHANG | WNOWAIT);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return errno == ECHILD;
	return info.si_pid == pid;
}

/*
 * Wait up to timeout_ms for a TCP connect to 127.0.0.1:port to succeed.
 * Returns 0 when it does, -1 on timeout or when child `pid` (if > 0) exits
 * first (e.g. because it couldn't bind the port).
 */
static inline int
tu_wait_for_port(unsigned port, pid_t pid, long timeout_ms)
{
	long long deadline = tu_now_ms() + timeout_ms;

	for (;;) {
		if (tu_can_connect(port))
			return 0;
		if (pid > 0 && tu_child_exited(pid))
			return -1;
		if (tu_now_ms() >= deadline)
			return -1;
		tu_sleep_ms(20);
	}
}

/*
 * Stop child `pid` started by tu_start_child() and everything in its
 * process group: SIGTERM, up to 5 s for the child to exit, then SIGKILL;
 * then it is reaped and *status (may be NULL) receives its wait status.
 * A pid <= 0 is ignored.  Returns 0, or -1 if it needed SIGKILL.
 */
static inline int
tu_stop_child(pid_t pid, int *status)
{
	long long deadline;
	int rc = 0;
	int st = 0;

	if (pid <= 0)
		return 0;
	kill(-pid, SIGTERM);
	kill(pid, SIGTERM);
	deadline = tu_now_ms() + 5000;
	while (!tu_child_exited(pid)) {
		if (tu_now_ms() >= deadline) {
			rc = -1;
			break;
		}
		tu_sleep_ms(10);
	}
	/*
	 * The leader is dead (or stuck) but not reaped, so its pid still
	 * names our group: kill any member that ignored SIGTERM.
	 */
	kill(-pid, SIGKILL);
	if (rc < 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (status != NULL)
		*status = st;
	return rc;
}

#endif /* DOSSIER_TESTUTIL_H */
