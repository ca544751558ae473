/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dossier.h: libdossier's public interface, the one header the programs
 * (dossier-index, dossier-query) include.
 *
 * The library is split by job, each with its own header stating its
 * contract:
 *   error.h    how every function reports failure (struct ds_error)
 *   doc.h      struct ds_doc: a policy document as extractors produce it
 *   extract.h  bytes or files -> struct ds_doc (HTML, XML, text, gzip)
 *   sandbox.h  extraction in a worker process, under CPU/memory limits
 *   jsonl.h    JSON Lines records -> struct ds_doc
 *   doc-json.h struct ds_doc -> JSON (--extract-only, stored records)
 *   stamp.h    what a file looked like when indexed (incremental runs)
 *   index.h    struct ds_doc -> the database (the single writer)
 *   dbpath.h   database paths; rebuilding aside and switching atomically
 *   synonyms.h synonym table files
 *   url.h      the addresses results link to
 *   search.h   query + options -> struct ds_results (the shared result model)
 *   render.h   struct ds_results -> text or JSON
 * Ownership follows one rule throughout: _open/_close and _new/_free come
 * in pairs, free functions accept NULL, a returned `char *` is the caller's.
 */
#ifndef DOSSIER_H
#define DOSSIER_H

#include "dbpath.h"
#include "doc-json.h"
#include "doc.h"
#include "error.h"
#include "extract.h"
#include "index.h"
#include "jsonl.h"
#include "render.h"
#include "sandbox.h"
#include "search.h"
#include "shardset.h"
#include "stamp.h"
#include "synonyms.h"
#include "url.h"

/*
 * Prepare the libraries libdossier uses (libxml2's parser, with network
 * access and external entities refused).  Call once at program start,
 * before any thread is started.
 */
void ds_init(void);

/* Release what ds_init() set up (for leak checkers); call at exit. */
void ds_cleanup(void);

#endif /* DOSSIER_H */
