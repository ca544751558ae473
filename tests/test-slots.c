/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-slots.c: src/slots.c on a real System V semaphore named by a
 * scratch file: the cap holds across holders, a slot given back is free
 * again, a process killed while holding one (SIGKILL) gives it back, a
 * new cap replaces the old, and a missing file is DS_ENOENT.
 */

#include "config.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "slots.h"
#include "testutil.h"

static char scratch[4096];
static char name[4200];

static int
setup(void **state)
{
	FILE *f;

	(void)state;
	if (tu_make_temp_dir(scratch, sizeof scratch, "test-slots") < 0)
		return -1;
	snprintf(name, sizeof name, "%s/site.conf", scratch);
	if ((f = fopen(name, "w")) == NULL)
		return -1;
	fputs("[db default]\npath = /x\n", f);
	return fclose(f);
}

static int
teardown(void **state)
{
	key_t key = ftok(name, 'D');
	int id;

	(void)state;
	if (key != (key_t)-1 && (id = semget(key, 2, 0600)) >= 0)
		semctl(id, 0, IPC_RMID);
	return tu_remove_tree(scratch);
}

static struct ds_slots *
open_slots(unsigned cap)
{
	struct ds_error err = {0, ""};
	struct ds_slots *s = NULL;

	assert_int_equal(ds_slots_open(name, cap, &s, &err), 0);
	assert_non_null(s);
	return s;
}

static void
test_cap(void **state)
{
	struct ds_error err = {0, ""};
	struct ds_slots *a = open_slots(2), *b = open_slots(2),
			*c = open_slots(2);

	(void)state;
	assert_int_equal(ds_slots_take(a, &err), 0);
	/* Taking again while holding is no second slot. */
	assert_int_equal(ds_slots_take(a, &err), 0);
	assert_int_equal(ds_slots_take(b, &err), 0);
	assert_int_equal(ds_slots_take(c, &err), 1);
	ds_slots_give(a);
	ds_slots_give(a);	/* twice is once */
	assert_int_equal(ds_slots_take(c, &err), 0);
	assert_int_equal(ds_slots_take(a, &err), 1);
	ds_slots_close(b);	/* closing gives back */
	assert_int_equal(ds_slots_take(a, &err), 0);
	ds_slots_close(a);
	ds_slots_close(c);
	ds_slots_close(NULL);
}

static void
test_killed_holder(void **state)
{
	struct ds_error err = {0, ""};
	struct ds_slots *s;
	int fds[2], status;
	pid_t pid;
	char ok;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct ds_slots *mine = NULL;
		struct ds_error e = {0, ""};

		close(fds[0]);
		if (ds_slots_open(name, 1, &mine, &e) == 0 &&
		    ds_slots_take(mine, &e) == 0)
			(void)!write(fds[1], "y", 1);
		pause();	/* until killed */
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &ok, 1), 1);
	close(fds[0]);
	s = open_slots(1);
	assert_int_equal(ds_slots_take(s, &err), 1);	/* the child has it */
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(ds_slots_take(s, &err), 0);	/* given back */
	ds_slots_close(s);
}

static void
test_new_cap(void **state)
{
	struct ds_error err = {0, ""};
	struct ds_slots *old = open_slots(1), *s[3];
	int i;

	(void)state;
	assert_int_equal(ds_slots_take(old, &err), 0);
	/* Three slots now: the set is made again with them. */
	for (i = 0; i < 3; i++)
		s[i] = open_slots(3);
	for (i = 0; i < 3; i++)
		assert_int_equal(ds_slots_take(s[i], &err), 0);
	{
		struct ds_slots *more = open_slots(3);

		assert_int_equal(ds_slots_take(more, &err), 1);
		ds_slots_close(more);
	}
	for (i = 0; i < 3; i++)
		ds_slots_close(s[i]);
	ds_slots_close(old);	/* its set is gone: harmless */
}

static void
test_bad(void **state)
{
	struct ds_error err = {0, ""};
	struct ds_slots *s = NULL;
	char missing[4300];

	(void)state;
	snprintf(missing, sizeof missing, "%s/none.conf", scratch);
	assert_int_equal(ds_slots_open(missing, 2, &s, &err), DS_ENOENT);
	assert_null(s);
	assert_non_null(strstr(err.msg, "none.conf"));
	assert_int_equal(ds_slots_open(name, 0, &s, &err), DS_EINVAL);
	assert_null(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_killed_holder),
		cmocka_unit_test(test_new_cap),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests_name("slots", tests, setup, teardown);
}
