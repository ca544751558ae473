/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * init.h: making sure the process-wide set-up of dossier.h's ds_init()
 * has happened, from code that can't be sure the program called it (the
 * extractors, which also run in tests and fuzzers).  Private to the
 * library.
 */
#ifndef DOSSIER_INIT_H
#define DOSSIER_INIT_H

/*
 * Run ds_init() once per process, whoever calls first and from whichever
 * thread; later calls return at once.
 */
void ds_init_once(void);

#endif /* DOSSIER_INIT_H */
