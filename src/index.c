/* SPDX-License-Identifier: GPL-2.0-or-later */
/* index.c: the database writer. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "index.h"
#include "layout.h"
#include "xapian-c.h"

struct ds_index {
	char *path;
	struct xapian_writable_database *wdb;
	struct ds_catalog *catalog;
};

/* Report a binding error about the database, naming it. */
static int
fail(struct ds_error *err, const struct xapian_error *xe, const char *path,
     const char *doing)
{
	int code = DS_EXAPIAN;

	switch (xe->code) {
	case XAPIAN_E_NO_MEMORY:
		code = DS_ENOMEM;
		break;
	case XAPIAN_E_DATABASE_LOCK:
		return ds_error_set(err, DS_ELOCKED,
				    "%s: another indexer is writing to this "
				    "database (%s)", path, xe->message);
	case XAPIAN_E_DATABASE_NOT_FOUND:
		code = DS_ENOENT;
		break;
	}
	return ds_error_set(err, code, "%s: %s: %s: %s", path, doing,
			    xe->type, xe->message);
}

int
ds_index_open(const char *path, unsigned flags, struct ds_index **out,
	      struct ds_error *err)
{
	struct ds_index *idx;
	struct xapian_error xe;
	int xflags, rc;

	*out = NULL;
	idx = calloc(1, sizeof *idx);
	if (idx == NULL || (idx->path = strdup(path)) == NULL) {
		free(idx);
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	}
	xflags = (flags & DS_INDEX_CREATE) ? XAPIAN_DB_CREATE_OR_OPEN
					   : XAPIAN_DB_OPEN;
	if (flags & DS_INDEX_WAIT)
		xflags |= XAPIAN_DB_RETRY_LOCK;
	idx->wdb = xapian_writable_database_open(path, xflags, &xe);
	if (idx->wdb == NULL) {
		rc = fail(err, &xe, path, "opening for writing");
		goto fail;
	}
	if (xapian_writable_database_set_metadata(
		    idx->wdb, DS_META_SCHEMA, DS_SCHEMA_VERSION,
		    strlen(DS_SCHEMA_VERSION), &xe) < 0) {
		rc = fail(err, &xe, path, "writing metadata");
		goto fail;
	}
	idx->catalog = ds_catalog_new("english", err);
	if (idx->catalog == NULL) {
		rc = err ? err->code : DS_ENOMEM;
		goto fail;
	}
	*out = idx;
	return 0;
fail:
	xapian_writable_database_free(idx->wdb);
	free(idx->path);
	free(idx);
	return rc;
}

int
ds_index_put(struct ds_index *idx, const struct ds_doc *doc,
	     struct ds_error *err)
{
	struct xapian_document *xd = NULL;
	struct xapian_error xe;
	char *id = NULL;
	int rc;

	rc = ds_catalog_build(idx->catalog, doc, &xd, &id, err);
	if (rc < 0)
		return rc;
	if (xapian_writable_database_replace_document_by_term(idx->wdb, id, xd,
							      NULL, &xe) < 0)
		rc = fail(err, &xe, idx->path, doc->path);
	xapian_document_free(xd);
	free(id);
	return rc;
}

int
ds_index_delete_path(struct ds_index *idx, const char *path,
		     struct ds_error *err)
{
	struct xapian_error xe;
	char *id = ds_catalog_id_term(path);
	int rc = 0;

	if (id == NULL)
		return ds_error_set(err, DS_ENOMEM, "out of memory");
	if (xapian_writable_database_delete_document_by_term(idx->wdb, id,
							     &xe) < 0)
		rc = fail(err, &xe, idx->path, path);
	free(id);
	return rc;
}

int
ds_index_commit(struct ds_index *idx, struct ds_error *err)
{
	struct xapian_error xe;

	if (xapian_writable_database_commit(idx->wdb, &xe) < 0)
		return fail(err, &xe, idx->path, "commit");
	return 0;
}

int
ds_index_doccount(struct ds_index *idx, uint32_t *count,
		  struct ds_error *err)
{
	struct xapian_error xe;

	if (xapian_database_get_doccount(
		    xapian_writable_database_database(idx->wdb), count,
		    &xe) < 0)
		return fail(err, &xe, idx->path, "counting documents");
	return 0;
}

int
ds_index_close(struct ds_index *idx, struct ds_error *err)
{
	struct xapian_error xe;
	int rc = 0;

	if (idx == NULL)
		return 0;
	if (xapian_writable_database_close(idx->wdb, &xe) < 0)
		rc = fail(err, &xe, idx->path, "commit");
	xapian_writable_database_free(idx->wdb);
	ds_catalog_free(idx->catalog);
	free(idx->path);
	free(idx);
	return rc;
}
