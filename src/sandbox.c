/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sandbox.c: the worker process that extracts documents under limits, and
 * the parent's side of the conversation (the contract is in sandbox.h).
 *
 * The protocol, over a SOCK_STREAM socketpair, one frame each way per
 * document; a frame is a u32 little-endian length and that many bytes:
 *
 *   request  (parent -> worker): u64 max_input_bytes, u64 max_text_bytes,
 *                                the path (the rest of the frame)
 *   answer   (worker -> parent): 'D' + the document (docwire.h), or
 *                                'E' + i32 DS_E* code + the message
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "asan.h"
#include "docwire.h"
#include "sandbox.h"


/* Caps on frames: requests are a path; answers depend on the options. */
#define REQUEST_MAX ((size_t)1 << 20)
#define ERROR_MSG_MAX 4096

/* How long ds_sandbox_free() lets an idle worker exit by itself. */
#define EXIT_GRACE_MS 1000

/*
 * How a worker ends: _exit(), not exit(), so that nothing of the
 * parent's (stdio buffers, atexit handlers) runs twice.  A coverage
 * build first writes the worker's line counts, which only exit() would.
 */
#ifdef DS_COVERAGE
void __gcov_dump(void);
#define worker_exit(status) (__gcov_dump(), _exit(status))
#else
#define worker_exit(status) _exit(status)
#endif

/* The worker's end of the socketpair, once it has settled. */
#define WORKER_FD 3

/* A document asked of the worker and not answered yet. */
struct request {
	char *path;
	struct ds_extract_opts opts;
	bool sent;		/* to the current worker */
};

struct ds_sandbox {
	struct ds_sandbox_limits lim;
	pid_t pid;		/* the worker, or -1 */
	int fd;			/* our end of its socketpair, or -1 */
	unsigned long starts;
	struct request queue[DS_SANDBOX_DEPTH];	/* oldest at `head` */
	size_t head, count;
	char *answered;		/* path of the last document received */
};

void
ds_sandbox_limits_init(struct ds_sandbox_limits *lim)
{
	lim->cpu_seconds = DS_SANDBOX_DEFAULT_CPU;
	lim->wall_seconds = DS_SANDBOX_DEFAULT_WALL;
	lim->memory_bytes = DS_SANDBOX_DEFAULT_MEMORY;
}

bool
ds_sandbox_can_limit_memory(void)
{
	/* ASan reserves far more address space than RLIMIT_AS allows. */
	return !DS_UNDER_ASAN;
}

/* ----------------------------------------------------------------- frames */

/* Write all of buf[0..n) (MSG_NOSIGNAL: a dead peer is EPIPE, not death). */
static int
send_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void
put_u64(unsigned char *p, uint64_t v)
{
	put_u32(p, (uint32_t)v);
	put_u32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t
get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t
get_u64(const unsigned char *p)
{
	return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

/* Send one frame: a header and a payload in two parts (b may be empty). */
static int
send_frame(int fd, const void *a, size_t alen, const void *b, size_t blen)
{
	unsigned char hdr[4];

	if (alen + blen > UINT32_MAX)
		return -1;
	put_u32(hdr, (uint32_t)(alen + blen));
	return send_all(fd, hdr, 4) < 0 || send_all(fd, a, alen) < 0 ||
	       (blen > 0 && send_all(fd, b, blen) < 0) ? -1 : 0;
}

/* What reading a frame came to. */
enum frame_status {
	FRAME_OK = 0,
	FRAME_EOF,		/* the peer closed (or reset) the connection */
	FRAME_TIMEOUT,		/* the deadline passed */
	FRAME_TOO_BIG,		/* over the cap */
	FRAME_NOMEM
};

/* Milliseconds on the monotonic clock. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Read exactly n bytes into buf, waiting at most until `deadline` (ms on
 * the monotonic clock; < 0 for ever).
 */
static enum frame_status
read_exact(int fd, void *buf, size_t n, long long deadline)
{
	struct pollfd pfd = {fd, POLLIN, 0};
	char *p = buf;
	long long left;
	ssize_t r;
	int pr;

	while (n > 0) {
		if (deadline >= 0) {
			left = deadline - now_ms();
			if (left <= 0)
				return FRAME_TIMEOUT;
			pr = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
			if (pr < 0 && errno == EINTR)
				continue;
			if (pr < 0)
				return FRAME_EOF;
			if (pr == 0)
				return FRAME_TIMEOUT;
		}
		r = read(fd, p, n);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r <= 0)
			return FRAME_EOF;
		p += r;
		n -= (size_t)r;
	}
	return FRAME_OK;
}

/*
 * Read one frame of at most `cap` bytes into a new *buf.  The buffer grows
 * with the bytes that really arrive, never with what the header claims.
 */
static enum frame_status
read_frame(int fd, size_t cap, long long deadline, unsigned char **buf,
	   size_t *len)
{
	unsigned char hdr[4], *data = NULL, *nd;
	size_t n, have = 0, room = 0, step;
	enum frame_status st;

	*buf = NULL;
	*len = 0;
	if ((st = read_exact(fd, hdr, 4, deadline)) != FRAME_OK)
		return st;
	n = get_u32(hdr);
	if (n > cap)
		return FRAME_TOO_BIG;
	for (;;) {
		if (have == room) {
			room = room == 0 ? (n < 65536 ? n : 65536) :
			       (room <= n / 2 ? room * 2 : n);
			if ((nd = realloc(data, room + 1)) == NULL) {
				free(data);
				return FRAME_NOMEM;
			}
			data = nd;
		}
		step = room - have;
		if (step > 0 &&
		    (st = read_exact(fd, data + have, step, deadline)) !=
			    FRAME_OK) {
			free(data);
			return st;
		}
		have += step;
		if (have == n)
			break;
	}
	*buf = data;
	*len = n;
	return FRAME_OK;
}

/* ----------------------------------------------------------------- worker */

/* The worker's CPU-time timer, when timer_create() worked. */
static timer_t cpu_timer;
static int have_cpu_timer;

/* Close every descriptor from `first` up, without allocating. */
static void
close_from(int first)
{
	struct rlimit rl;
	long fd, max = 65536;

#if defined(__linux__) && defined(SYS_close_range)
	if (syscall(SYS_close_range, (unsigned)first, ~0U, 0) == 0)
		return;
#endif
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < (rlim_t)max)
		max = (long)rl.rlim_cur;
	for (fd = first; fd < max; fd++)
		close((int)fd);
}

/* The worker's virtual size now, in bytes (0 if unknown). */
static size_t
address_space_now(void)
{
	char buf[64];
	unsigned long long pages = 0;
	long page = sysconf(_SC_PAGESIZE);
	ssize_t n;
	int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0 || page <= 0)
		return 0;
	buf[n] = '\0';
	if (sscanf(buf, "%llu", &pages) != 1 ||
	    pages > SIZE_MAX / (unsigned long long)page)
		return 0;
	return (size_t)(pages * (unsigned long long)page);
}

/*
 * Settle the worker after fork: its own signals, descriptors and
 * process-wide limits.  `sock` is its end of the socketpair.
 */
static void
worker_setup(int sock, pid_t parent, const struct ds_sandbox_limits *lim)
{
	struct sigevent sev;
	struct rlimit rl;
	sigset_t all;
	size_t base;
	int nul, s2, sig;

#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_NAME, "dossier-worker");
#endif
	if (getppid() != parent)
		worker_exit(1);	/* the parent died before prctl() */
	/*
	 * Default dispositions for every signal: a handler inherited from
	 * the parent (a test framework's SIGSEGV handler, say) must not run
	 * the parent's code in the worker, and SIGXCPU must kill.
	 */
	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	/*
	 * ^C on a terminal signals the whole process group: the parent
	 * finishes the documents in hand before it stops, so the worker
	 * must outlive the signal.  It ends when its socket closes, or with
	 * the parent (PR_SET_PDEATHSIG).
	 */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);

	/* Socket on WORKER_FD, /dev/null as stdin and stdout, nothing else. */
	if ((s2 = fcntl(sock, F_DUPFD, 10)) < 0)
		worker_exit(1);
	if ((nul = open("/dev/null", O_RDWR)) < 0)
		worker_exit(1);
	dup2(nul, STDIN_FILENO);
	dup2(nul, STDOUT_FILENO);
	if (sock == STDERR_FILENO)
		dup2(nul, STDERR_FILENO);
	if (dup2(s2, WORKER_FD) < 0)
		worker_exit(1);
	close_from(WORKER_FD + 1);

	/* A crash must not write a core of up to a gigabyte. */
	rl.rlim_cur = rl.rlim_max = 0;
	setrlimit(RLIMIT_CORE, &rl);

	if (lim->memory_bytes > 0 && ds_sandbox_can_limit_memory() &&
	    getrlimit(RLIMIT_AS, &rl) == 0) {
		base = address_space_now();
		rl.rlim_cur = base > SIZE_MAX - lim->memory_bytes ?
			      RLIM_INFINITY : (rlim_t)(base + lim->memory_bytes);
		if (rl.rlim_max != RLIM_INFINITY && rl.rlim_cur > rl.rlim_max)
			rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_AS, &rl);
	}

	if (lim->cpu_seconds > 0) {
		memset(&sev, 0, sizeof sev);
		sev.sigev_notify = SIGEV_SIGNAL;
		sev.sigev_signo = SIGXCPU;
		have_cpu_timer = timer_create(CLOCK_PROCESS_CPUTIME_ID, &sev,
					      &cpu_timer) == 0;
	}
}

/* The CPU time this process has used so far, in seconds. */
static double
cpu_used(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) < 0)
		return 0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/*
 * Allow the next document `seconds` of CPU time (0: disarm): RLIMIT_CPU
 * (whole seconds, the kernel's own guard) and the exact timer.
 */
static void
arm_cpu_limit(double seconds)
{
	struct itimerspec its;
	struct rlimit rl;
	double until;
	rlim_t soft;

	memset(&its, 0, sizeof its);
	if (seconds > 0) {
		its.it_value.tv_sec = (time_t)seconds;
		its.it_value.tv_nsec =
			(long)((seconds - (double)its.it_value.tv_sec) * 1e9);
		if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
			its.it_value.tv_nsec = 1;
		until = cpu_used() + seconds;
		soft = until >= 1e15 ? RLIM_INFINITY : (rlim_t)until;
		if (soft != RLIM_INFINITY && (double)soft < until)
			soft++;
		if (getrlimit(RLIMIT_CPU, &rl) == 0) {
			if (rl.rlim_max != RLIM_INFINITY &&
			    (soft == RLIM_INFINITY || soft > rl.rlim_max))
				soft = rl.rlim_max;
			rl.rlim_cur = soft;
			setrlimit(RLIMIT_CPU, &rl);
		}
	}
	if (have_cpu_timer)
		timer_settime(cpu_timer, 0, &its, NULL);
}

/* Send an error answer; -1 if the parent is gone. */
static int
answer_error(int fd, const struct ds_error *err, int code)
{
	unsigned char head[5];
	size_t n = strnlen(err->msg, sizeof err->msg);

	head[0] = 'E';
	put_u32(head + 1, (uint32_t)(int32_t)code);
	return send_frame(fd, head, 5, err->msg, n);
}

/* Handle one request; -1 if the conversation is over. */
static int
worker_serve(int fd, const unsigned char *req, size_t len, double cpu)
{
	struct ds_extract_opts xo;
	struct ds_error err = {0, ""};
	struct ds_doc doc;
	char *path = NULL, *wire = NULL;
	size_t wlen = 0;
	int rc, sent;

	if (len <= 16 || memchr(req + 16, '\0', len - 16) != NULL)
		return -1;
	memset(&xo, 0, sizeof xo);
	xo.max_input_bytes = (size_t)get_u64(req);
	xo.max_text_bytes = (size_t)get_u64(req + 8);
	if ((path = strndup((const char *)req + 16, len - 16)) == NULL) {
		ds_error_set(&err, DS_ENOMEM, "out of memory");
		return answer_error(fd, &err, DS_ENOMEM);
	}
	ds_doc_init(&doc);
	arm_cpu_limit(cpu);
	rc = ds_extract_file(path, &xo, &doc, &err);
	if (rc == 0)
		rc = ds_docwire_encode(&doc, &wire, &wlen, &err);
	arm_cpu_limit(0);
	if (rc == 0)
		sent = send_frame(fd, "D", 1, wire, wlen);
	else
		sent = answer_error(fd, &err, rc);
	free(wire);
	free(path);
	ds_doc_release(&doc);
	return sent;
}

/* The worker's life: serve requests until the parent hangs up. */
static void
worker_main(int sock, pid_t parent, const struct ds_sandbox_limits *lim)
{
	unsigned char *req;
	size_t len;

	worker_setup(sock, parent, lim);
	for (;;) {
		if (read_frame(WORKER_FD, REQUEST_MAX, -1, &req, &len) !=
		    FRAME_OK)
			worker_exit(0);
		if (worker_serve(WORKER_FD, req, len, lim->cpu_seconds) < 0)
			worker_exit(0);
		free(req);
	}
}

/* ----------------------------------------------------------------- parent */

/* Fork a fresh worker. */
static int
start_worker(struct ds_sandbox *sb, struct ds_error *err)
{
	pid_t parent = getpid(), pid;
	int sv[2], e;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		e = errno;
		return ds_error_set(err, DS_EIO, "cannot start a sandbox "
				    "worker: socketpair: %s", strerror(e));
	}
	pid = fork();
	if (pid < 0) {
		e = errno;
		close(sv[0]);
		close(sv[1]);
		return ds_error_set(err, DS_EIO, "cannot start a sandbox "
				    "worker: fork: %s", strerror(e));
	}
	if (pid == 0) {
		close(sv[0]);
		worker_main(sv[1], parent, &sb->lim);
		worker_exit(0);
	}
	close(sv[1]);
	sb->fd = sv[0];
	sb->pid = pid;
	sb->starts++;
	return 0;
}

/* Kill (if still there) and reap the worker; its wait status, or -1. */
static int
reap_worker(struct ds_sandbox *sb)
{
	int status = -1;

	if (sb->fd >= 0)
		close(sb->fd);
	sb->fd = -1;
	if (sb->pid > 0) {
		kill(sb->pid, SIGKILL);
		while (waitpid(sb->pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	sb->pid = -1;
	return status;
}

/* A size for messages: "1 GiB", "512 MiB", "100 KiB" or "1234 bytes". */
static void
format_size(size_t n, char *buf, size_t size)
{
	if (n >= (1u << 30) && n % (1u << 30) == 0)
		snprintf(buf, size, "%zu GiB", n >> 30);
	else if (n >= (1u << 20) && n % (1u << 20) == 0)
		snprintf(buf, size, "%zu MiB", n >> 20);
	else if (n >= (1u << 10) && n % (1u << 10) == 0)
		snprintf(buf, size, "%zu KiB", n >> 10);
	else
		snprintf(buf, size, "%zu bytes", n);
}

/* Report how the worker died, working on `path`. */
static int
report_death(const struct ds_sandbox *sb, const char *path, int status,
	     struct ds_error *err)
{
	int sig;

	if (status == -1)
		return ds_error_set(err, DS_EINTERNAL, "%s: the sandbox "
				    "worker died (its status is unknown)",
				    path);
	if (WIFEXITED(status))
		return ds_error_set(err, DS_EINTERNAL, "%s: the sandbox "
				    "worker exited with status %d", path,
				    WEXITSTATUS(status));
	if (!WIFSIGNALED(status))
		return ds_error_set(err, DS_EINTERNAL, "%s: the sandbox "
				    "worker stopped (status 0x%x)", path,
				    (unsigned)status);
	sig = WTERMSIG(status);
	switch (sig) {
	case SIGXCPU:
		return ds_error_set(err, DS_ETOOBIG, "%s: CPU time limit of "
				    "%g s exceeded", path,
				    sb->lim.cpu_seconds);
	case SIGSEGV:
	case SIGBUS:
	case SIGILL:
	case SIGFPE:
	case SIGABRT:
	case SIGSYS:
	case SIGTRAP:
		return ds_error_set(err, DS_EINTERNAL, "%s: the sandbox "
				    "worker was killed by signal %d (crashed)",
				    path, sig);
	default:
		return ds_error_set(err, DS_EINTERNAL, "%s: the sandbox "
				    "worker was killed by signal %d", path,
				    sig);
	}
}

/* The largest answer a document extracted with these options can need. */
static size_t
answer_cap(const struct ds_extract_opts *opts)
{
	size_t in = opts && opts->max_input_bytes ? opts->max_input_bytes :
		    DS_EXTRACT_DEFAULT_MAX_INPUT;
	size_t text = opts && opts->max_text_bytes ? opts->max_text_bytes :
		      DS_DOC_DEFAULT_MAX_TEXT;
	uint64_t cap;

	/* The text, plus headings and fields that come from the input
	 * after conversion to UTF-8 (at most 4 bytes per input byte). */
	cap = (uint64_t)text + 4 * (uint64_t)in + ((uint64_t)1 << 20);
	return cap > UINT32_MAX ? UINT32_MAX : (size_t)cap;
}

/* Turn the worker's answer into the document or the error. */
static int
take_answer(struct ds_sandbox *sb, const char *path,
	    const struct ds_extract_opts *opts, const unsigned char *a,
	    size_t len, struct ds_doc *doc, struct ds_error *err)
{
	struct ds_error derr = {0, ""};
	size_t max_text = opts && opts->max_text_bytes ? opts->max_text_bytes :
			  DS_DOC_DEFAULT_MAX_TEXT;
	char limit[32];
	int32_t code;
	int rc;

	if (len >= 1 && a[0] == 'D') {
		rc = ds_docwire_decode((const char *)a + 1, len - 1, doc, &derr);
		if (rc == 0 && doc->text_bytes > max_text)
			rc = ds_error_set(&derr, DS_EFORMAT, "%zu bytes of text "
					  "over the limit of %zu",
					  doc->text_bytes, max_text);
		if (rc == DS_ENOMEM)
			return ds_error_set(err, rc, "%s: %s", path, derr.msg);
		if (rc < 0) {
			ds_doc_release(doc);
			reap_worker(sb);
			return ds_error_set(err, DS_EINTERNAL, "%s: the sandbox "
					    "worker's answer is invalid: %s",
					    path, derr.msg);
		}
		return 0;
	}
	if (len < 5 || len - 5 > ERROR_MSG_MAX || a[0] != 'E' ||
	    (code = (int32_t)get_u32(a + 1)) >= 0 || code < DS_EINTERNAL) {
		reap_worker(sb);
		return ds_error_set(err, DS_EINTERNAL, "%s: the sandbox "
				    "worker's answer is invalid", path);
	}
	if (code == DS_ENOMEM && sb->lim.memory_bytes > 0 &&
	    ds_sandbox_can_limit_memory()) {
		/* Its heap may be in a sorry state: start afresh. */
		reap_worker(sb);
		format_size(sb->lim.memory_bytes, limit, sizeof limit);
		return ds_error_set(err, DS_ETOOBIG, "%s: out of memory "
				    "(limit %s)", path, limit);
	}
	return ds_error_set(err, code, "%.*s", (int)(len - 5),
			    (const char *)a + 5);
}

int
ds_sandbox_new(const struct ds_sandbox_limits *lim, struct ds_sandbox **out,
	       struct ds_error *err)
{
	struct ds_sandbox *sb;
	int rc;

	*out = NULL;
	if (lim != NULL &&
	    !(lim->cpu_seconds >= 0 && lim->wall_seconds >= 0 &&
	      lim->cpu_seconds < 1e9 && lim->wall_seconds < 1e9))
		return ds_error_set(err, DS_EINVAL, "sandbox limits must be "
				    "non-negative numbers of seconds");
	if ((sb = calloc(1, sizeof *sb)) == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	if (lim != NULL)
		sb->lim = *lim;
	else
		ds_sandbox_limits_init(&sb->lim);
	sb->pid = -1;
	sb->fd = -1;
	if ((rc = start_worker(sb, err)) < 0) {
		free(sb);
		return rc;
	}
	*out = sb;
	return 0;
}

/*
 * Send request q to the worker, starting one if there is none.  A worker
 * that turns out to be dead while nothing was asked of it is replaced and
 * asked again, without blaming the document.
 */
static int
send_request(struct ds_sandbox *sb, struct request *q, bool may_restart,
	     struct ds_error *err)
{
	unsigned char head[16];
	size_t plen = strlen(q->path);
	int rc, attempt;

	put_u64(head, q->opts.max_input_bytes);
	put_u64(head + 8, q->opts.max_text_bytes);
	/*
	 * With older documents in the worker's hands, a failed send is not
	 * this document's fault, and restarting the worker would lose
	 * theirs: leave it unsent; ds_sandbox_receive() sorts it out.
	 */
	if (!may_restart) {
		if (sb->pid > 0 &&
		    send_frame(sb->fd, head, sizeof head, q->path, plen) == 0)
			q->sent = true;
		return 0;
	}
	for (attempt = 0;; attempt++) {
		if (sb->pid < 0 && (rc = start_worker(sb, err)) < 0) {
			ds_error_prefix(err, "%s", q->path);
			return rc;
		}
		if (send_frame(sb->fd, head, sizeof head, q->path, plen) == 0) {
			q->sent = true;
			return 0;
		}
		reap_worker(sb);
		if (attempt == 1)
			return ds_error_set(err, DS_EIO, "%s: the sandbox "
					    "worker does not take requests",
					    q->path);
	}
}

/*
 * The worker is gone: what it was asked and hasn't answered must be asked
 * again of the next one.
 */
static void
forget_sent(struct ds_sandbox *sb)
{
	size_t i;

	for (i = 0; i < sb->count; i++)
		sb->queue[(sb->head + i) % DS_SANDBOX_DEPTH].sent = false;
}

int
ds_sandbox_submit(struct ds_sandbox *sb, const char *path,
		  const struct ds_extract_opts *opts, struct ds_error *err)
{
	struct request *q;
	size_t plen;
	int rc;

	if (sb == NULL || path == NULL)
		return ds_error_set(err, DS_EINVAL, "ds_sandbox_submit: no "
				    "sandbox or path");
	if (sb->count == DS_SANDBOX_DEPTH)
		return ds_error_set(err, DS_EINVAL, "ds_sandbox_submit: %zu "
				    "documents already waiting",
				    sb->count);
	plen = strlen(path);
	if (plen == 0 || plen > REQUEST_MAX - 16)
		return ds_error_set(err, DS_EINVAL, "%.200s: path too long "
				    "or empty", path);
	q = &sb->queue[(sb->head + sb->count) % DS_SANDBOX_DEPTH];
	if ((q->path = strdup(path)) == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	memset(&q->opts, 0, sizeof q->opts);
	if (opts != NULL)
		q->opts = *opts;
	q->sent = false;
	sb->count++;
	if (sb->count > 1) {
		/* Sent in order: not before the ones ahead of it. */
		if (sb->queue[(sb->head + sb->count - 2) % DS_SANDBOX_DEPTH].sent)
			send_request(sb, q, false, NULL);
		return 0;
	}
	if ((rc = send_request(sb, q, true, err)) < 0) {
		free(q->path);
		q->path = NULL;
		sb->count--;
		return rc;
	}
	return 0;
}

size_t
ds_sandbox_pending(const struct ds_sandbox *sb)
{
	return sb ? sb->count : 0;
}

int
ds_sandbox_receive(struct ds_sandbox *sb, struct ds_doc *doc,
		   const char **path, struct ds_error *err)
{
	struct request *q;
	unsigned char *answer = NULL;
	size_t alen = 0, i;
	long long deadline = -1;
	enum frame_status st;
	int rc, status;

	ds_doc_release(doc);
	if (path != NULL)
		*path = NULL;
	if (sb == NULL || sb->count == 0)
		return ds_error_set(err, DS_EINVAL, "ds_sandbox_receive: "
				    "nothing was submitted");
	/* After a worker died, ask the new one for everything waiting. */
	q = &sb->queue[sb->head];
	rc = q->sent ? 0 : send_request(sb, q, true, err);
	free(sb->answered);
	sb->answered = q->path;
	q->path = NULL;
	sb->head = (sb->head + 1) % DS_SANDBOX_DEPTH;
	sb->count--;
	if (path != NULL)
		*path = sb->answered;
	if (rc < 0)
		goto out;
	for (i = 0; i < sb->count; i++) {
		struct request *n = &sb->queue[(sb->head + i) % DS_SANDBOX_DEPTH];

		if (!n->sent)
			send_request(sb, n, false, NULL);
		if (!n->sent)
			break;	/* the rest follow it, in order */
	}

	/*
	 * The clock starts when we start waiting: a document queued behind
	 * another may have had a little longer, never less.
	 */
	if (sb->lim.wall_seconds > 0)
		deadline = now_ms() + (long long)(sb->lim.wall_seconds * 1000);
	st = read_frame(sb->fd, answer_cap(&q->opts), deadline, &answer,
			&alen);
	switch (st) {
	case FRAME_OK:
		rc = take_answer(sb, sb->answered, &q->opts, answer, alen, doc,
				 err);
		break;
	case FRAME_TIMEOUT:
		status = reap_worker(sb);
		if (status != -1 && WIFSIGNALED(status) &&
		    WTERMSIG(status) == SIGKILL)
			rc = ds_error_set(err, DS_ETOOBIG, "%s: no answer "
					  "within %g s (the sandbox worker "
					  "was killed)", sb->answered,
					  sb->lim.wall_seconds);
		else
			rc = report_death(sb, sb->answered, status, err);
		break;
	case FRAME_TOO_BIG:
		reap_worker(sb);
		rc = ds_error_set(err, DS_EINTERNAL, "%s: the sandbox worker's "
				  "answer is over the limit of %zu bytes",
				  sb->answered, answer_cap(&q->opts));
		break;
	case FRAME_NOMEM:
		reap_worker(sb);
		rc = ds_error_set(err, DS_ENOMEM, "%s: out of memory reading "
				  "the sandbox worker's answer", sb->answered);
		break;
	case FRAME_EOF:
	default:
		rc = report_death(sb, sb->answered, reap_worker(sb), err);
		break;
	}
out:
	if (sb->pid < 0)
		forget_sent(sb);
	free(answer);
	return rc;
}

int
ds_sandbox_extract(struct ds_sandbox *sb, const char *path,
		   const struct ds_extract_opts *opts, struct ds_doc *doc,
		   struct ds_error *err)
{
	int rc;

	ds_doc_release(doc);
	if (sb != NULL && sb->count > 0)
		return ds_error_set(err, DS_EINVAL, "ds_sandbox_extract: "
				    "documents submitted are still waiting");
	if ((rc = ds_sandbox_submit(sb, path, opts, err)) < 0)
		return rc;
	return ds_sandbox_receive(sb, doc, NULL, err);
}

pid_t
ds_sandbox_pid(const struct ds_sandbox *sb)
{
	return sb ? sb->pid : -1;
}

unsigned long
ds_sandbox_starts(const struct ds_sandbox *sb)
{
	return sb ? sb->starts : 0;
}

void
ds_sandbox_free(struct ds_sandbox *sb)
{
	long long until;
	int status;
	pid_t r;

	if (sb == NULL)
		return;
	while (sb->count > 0) {
		free(sb->queue[sb->head].path);
		sb->head = (sb->head + 1) % DS_SANDBOX_DEPTH;
		sb->count--;
	}
	free(sb->answered);
	if (sb->fd >= 0) {
		close(sb->fd);	/* the worker sees EOF and exits */
		sb->fd = -1;
	}
	if (sb->pid > 0) {
		until = now_ms() + EXIT_GRACE_MS;
		for (;;) {
			r = waitpid(sb->pid, &status, WNOHANG);
			if (r == sb->pid || (r < 0 && errno != EINTR)) {
				sb->pid = -1;
				break;
			}
			if (now_ms() >= until)
				break;
			{
				struct timespec ts = {0, 2000000};

				nanosleep(&ts, NULL);
			}
		}
		reap_worker(sb);
	}
	free(sb);
}
