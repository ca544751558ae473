/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * slots.h: a cap on how many requests are served at once, across
 * processes (every CGI process is one), so that an overload is turned
 * away with a 503 instead of running the machine out of memory or time.
 *
 * The slots are a System V semaphore that counts the free ones, named by
 * a file (dossier.cgi uses its configuration file: every process of one
 * site shares it) and taken with SEM_UNDO, so that the kernel gives back
 * the slot of a process that ends in any way, killed by a signal or a
 * limit included: a crash can never leave the site refusing everything.
 *
 * The semaphore's set holds the cap too; a process that finds another
 * cap there (the configuration changed) removes the set and makes one
 * with its own cap, so for as long as the requests taken under the old
 * cap run, both caps' worth may run at once.  (FastCGI processes read
 * the configuration when they start: restart them with it.)  A set is
 * created readable and writable by its user only (the web server's).
 */
#ifndef DOSSIER_SLOTS_H
#define DOSSIER_SLOTS_H

#include <stdbool.h>

#include "error.h"

struct ds_slots;

/*
 * The slots of the site that `path` (an existing file) names, `cap` of
 * them (1 or more).  DS_ENOENT when path is not there, DS_EIO when the
 * semaphore can't be made or reached (errno's reason in the message),
 * DS_ENOMEM.
 */
int ds_slots_open(const char *path, unsigned cap, struct ds_slots **out,
		  struct ds_error *err);

/*
 * Take a slot without waiting: 0 when taken (give it back with
 * ds_slots_give(), or by ending the process), 1 when every slot is
 * taken, DS_EIO when the semaphore failed (then serve anyway: the cap
 * protects the machine, it is not to take the site down).
 */
int ds_slots_take(struct ds_slots *s, struct ds_error *err);

/* Give back the slot taken (nothing when none is held). */
void ds_slots_give(struct ds_slots *s);

/* Close (the semaphore stays for the other processes). */
void ds_slots_close(struct ds_slots *s);

#endif /* DOSSIER_SLOTS_H */
