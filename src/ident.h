/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ident.h: recognising the identifiers researchers cite.
 *
 * UK parliamentary and government papers carry numbers that citations use:
 * House of Commons papers ("HC 1234", with the session "2013-14" or
 * "Session 2013–14" nearby), House of Lords papers ("HL Paper 56"),
 * Command papers ("Cm 9876", older series "Cmnd", "Cmd", and "CP 123" for
 * papers laid by command since 2019), and ISBNs (ISBN-10 and ISBN-13,
 * with the check digit verified).  Recognised identifiers are added to the
 * document with ds_doc_add_ident(), normalised:
 *
 *   scheme  value          session    display
 *   "hc"    "1234"         "2013-14"  "HC 1234 (2013-14)"
 *   "hl"    "56"           "2013-14"  "HL Paper 56 (2013-14)"
 *   "cm"    "9876"         NULL       "Cm 9876"     (also "cmnd", "cmd")
 *   "cp"    "123"          NULL       "CP 123"
 *   "isbn"  "9780102975598" NULL      "ISBN 978-0-10-297559-8" (as written)
 *
 * ISBN-10s are converted to ISBN-13 for the value.  Sessions are written
 * "YYYY-YY" whatever dash or form the source used ("2013/14", "2013–2014").
 */
#ifndef DOSSIER_IDENT_H
#define DOSSIER_IDENT_H

#include <stddef.h>

#include "doc.h"
#include "error.h"

/*
 * Find identifiers in s[0..len) (a title, a cover page, running text) and
 * add them to doc.  Returns the number found (0 or more), or a negative
 * code on failure (out of memory).  At most `max` are added per call
 * (0: no limit), so a long document can't flood the index.
 */
int ds_ident_scan(struct ds_doc *doc, const char *s, size_t len, size_t max,
		  struct ds_error *err);

#endif /* DOSSIER_IDENT_H */
