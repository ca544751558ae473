/* SPDX-License-Identifier: GPL-2.0-or-later */
/* render.c: the table of output formats and helpers they share. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "render.h"

static const struct {
	const char *name;
	ds_render_fn fn;
} renderers[] = {
	{"text", ds_render_text},
	{"json", ds_render_json},
	{"trec", ds_render_trec},
};

void
ds_render_opts_init(struct ds_render_opts *o)
{
	memset(o, 0, sizeof *o);
}

ds_render_fn
ds_render_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof renderers / sizeof renderers[0]; i++)
		if (strcmp(renderers[i].name, name) == 0)
			return renderers[i].fn;
	return NULL;
}

const char *
ds_render_formats(void)
{
	return "text, json, trec";
}

char *
ds_snippet_plain(const char *snippet)
{
	size_t len = strlen(snippet), i, o = 0;
	char *out = malloc(len + 1);

	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++)
		if (snippet[i] != DS_MARK_START && snippet[i] != DS_MARK_END)
			out[o++] = snippet[i];
	out[o] = '\0';
	return out;
}

char *
ds_snippet_html(const char *snippet)
{
	size_t len = strlen(snippet), i, o = 0;
	/* The longest expansion is a mark: 7 bytes ("</mark>") per byte. */
	char *out = malloc(len * 7 + 1);

	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		const char *rep = NULL;

		switch (snippet[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case DS_MARK_START: rep = "<mark>"; break;
		case DS_MARK_END: rep = "</mark>"; break;
		}
		if (rep != NULL) {
			size_t n = strlen(rep);

			memcpy(out + o, rep, n);
			o += n;
		} else {
			out[o++] = snippet[i];
		}
	}
	out[o] = '\0';
	return out;
}

const char *
ds_display_path(const char *path, const char *cwd)
{
	size_t n;

	if (path == NULL)
		return "";
	if (cwd == NULL || cwd[0] != '/')
		return path;
	n = strlen(cwd);
	if (n > 1 && cwd[n - 1] == '/')
		n--;
	if (n == 1)		/* cwd is "/" */
		return path[0] == '/' && path[1] ? path + 1 : path;
	if (strncmp(path, cwd, n) == 0 && path[n] == '/' && path[n + 1])
		return path + n + 1;
	return path;
}
