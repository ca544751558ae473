/* SPDX-License-Identifier: GPL-2.0-or-later */
/* init.c: process-wide set-up of the libraries libdossier uses. */

#include "config.h"

#include <pthread.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "dossier.h"
#include "init.h"

/*
 * libxml2's hook for loading external entities and DTDs: refuse them all,
 * whatever parser options a caller might pass (defence in depth against
 * XXE, as RELIABILITY.md asks; libxml2 2.9 has no XML_PARSE_NO_XXE).
 */
static xmlParserInputPtr
refuse_external(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

void
ds_init(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(refuse_external);
}

void
ds_init_once(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, ds_init);
}

void
ds_cleanup(void)
{
	xmlCleanupParser();
}
