/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hold-slot: take one of dossier.cgi's request slots (src/slots.h) and
 * keep it until killed, so that a test can fill the concurrency cap.
 *
 *   tests/hold-slot CONFIG CAP
 *
 * Prints "held" on standard output once the slot is taken (exit 1 with
 * a message when it can't be), then waits.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "slots.h"

int
main(int argc, char **argv)
{
	struct ds_error err = {0, ""};
	struct ds_slots *s;

	if (argc != 3) {
		fprintf(stderr, "usage: hold-slot CONFIG CAP\n");
		return 2;
	}
	if (ds_slots_open(argv[1], (unsigned)atoi(argv[2]), &s, &err) < 0 ||
	    ds_slots_take(s, &err) != 0) {
		fprintf(stderr, "hold-slot: %s\n",
			err.msg[0] ? err.msg : "every slot is taken");
		return 1;
	}
	printf("held\n");
	fflush(stdout);
	for (;;)
		pause();
}
