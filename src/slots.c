/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * slots.c: the request cap as a System V semaphore (see slots.h).
 *
 * The set has two semaphores: 0 counts the free slots, 1 holds the cap
 * it was made with.  The process that creates the set (IPC_EXCL) sets
 * both, then makes a semop() so that sem_otime says the set is ready;
 * the others wait for that a little while, and set it up themselves if
 * its creator died first.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <time.h>

#include "slots.h"

/* How long to wait for another process to set a new set up. */
#define READY_TRIES 100
#define READY_NS 1000000L	/* 1 ms a try */

#define SEM_FREE 0
#define SEM_CAP 1

struct ds_slots {
	key_t key;
	int id;
	unsigned cap;
	bool held;
};

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

/* Set the set up with cap free slots, and say it is ready. */
static int
set_up(int id, unsigned cap)
{
	unsigned short vals[2] = { (unsigned short)cap, (unsigned short)cap };
	struct sembuf ready[2] = { { SEM_CAP, 1, 0 }, { SEM_CAP, -1, 0 } };
	union semun arg;

	arg.array = vals;
	if (semctl(id, 0, SETALL, arg) < 0)
		return -1;
	return semop(id, ready, 2);
}

/* Wait until the set is ready; set it up when its maker never did. */
static int
wait_ready(int id, unsigned cap)
{
	struct timespec pause = { 0, READY_NS };
	struct semid_ds ds;
	union semun arg;
	int i;

	arg.buf = &ds;
	for (i = 0; i < READY_TRIES; i++) {
		if (semctl(id, 0, IPC_STAT, arg) < 0)
			return -1;
		if (ds.sem_otime != 0)
			return 0;
		nanosleep(&pause, NULL);
	}
	return set_up(id, cap);
}

/* Find or make the set for s->key with s->cap slots. */
static int
attach(struct ds_slots *s)
{
	int tries, cur;

	for (tries = 0; tries < 10; tries++) {
		s->id = semget(s->key, 2, IPC_CREAT | IPC_EXCL | 0600);
		if (s->id >= 0) {
			if (set_up(s->id, s->cap) < 0)
				return -1;
			return 0;
		}
		if (errno != EEXIST)
			return -1;
		if ((s->id = semget(s->key, 2, 0600)) < 0) {
			if (errno == ENOENT)
				continue;	/* removed meanwhile */
			return -1;
		}
		if (wait_ready(s->id, s->cap) < 0) {
			if (errno == EIDRM || errno == EINVAL)
				continue;
			return -1;
		}
		if ((cur = semctl(s->id, SEM_CAP, GETVAL)) < 0) {
			if (errno == EIDRM || errno == EINVAL)
				continue;
			return -1;
		}
		if ((unsigned)cur == s->cap)
			return 0;
		/* Made under another cap: make it again under ours. */
		if (semctl(s->id, 0, IPC_RMID) < 0 && errno != EIDRM &&
		    errno != EINVAL)
			return -1;
	}
	errno = EAGAIN;
	return -1;
}

int
ds_slots_open(const char *path, unsigned cap, struct ds_slots **out,
	      struct ds_error *err)
{
	struct ds_slots *s;

	*out = NULL;
	if (cap < 1 || cap > 32767)
		return ds_error_set(err, DS_EINVAL, "%s: a cap of %u slots",
				    path, cap);
	if ((s = calloc(1, sizeof *s)) == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	s->cap = cap;
	if ((s->key = ftok(path, 'D')) == (key_t)-1) {
		int e = errno;

		free(s);
		return ds_error_set(err, e == ENOENT ? DS_ENOENT : DS_EIO,
				    "%s: %s", path, strerror(e));
	}
	if (attach(s) < 0) {
		int e = errno;

		free(s);
		return ds_error_set(err, DS_EIO, "%s: the request slots: %s",
				    path, strerror(e));
	}
	*out = s;
	return 0;
}

int
ds_slots_take(struct ds_slots *s, struct ds_error *err)
{
	struct sembuf take = { SEM_FREE, -1, SEM_UNDO | IPC_NOWAIT };
	int tries;

	if (s->held)
		return 0;
	for (tries = 0; tries < 3; tries++) {
		if (semop(s->id, &take, 1) == 0) {
			s->held = true;
			return 0;
		}
		if (errno == EAGAIN)
			return 1;
		if (errno == EINTR)
			continue;
		if ((errno == EIDRM || errno == EINVAL) && attach(s) == 0)
			continue;	/* another cap was set: use its set */
		break;
	}
	return ds_error_set(err, DS_EIO, "the request slots: %s",
			    strerror(errno));
}

void
ds_slots_give(struct ds_slots *s)
{
	struct sembuf give = { SEM_FREE, 1, SEM_UNDO };

	if (s == NULL || !s->held)
		return;
	s->held = false;
	while (semop(s->id, &give, 1) < 0 && errno == EINTR)
		continue;
}

void
ds_slots_close(struct ds_slots *s)
{
	if (s == NULL)
		return;
	ds_slots_give(s);
	free(s);
}
