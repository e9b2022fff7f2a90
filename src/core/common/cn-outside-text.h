/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text that comes from outside (a file, a mail, a server), made safe to keep
 * and to show: it must never change how the app's own words around it read. */

/* A one-line field (a name, a company, an address): line breaks, tabs and
 * other control characters become spaces, runs of spaces one, bidi embeddings,
 * overrides and isolates are dropped (a name has no use for them, and an
 * unterminated one reverses what follows), and the ends are trimmed. Invalid
 * UTF-8 is repaired. NULL for NULL or when nothing is left. */
char *cn_outside_text_single_line (const char *text);

/* @text between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, for
 * putting it inside a sentence of the app's own: whatever its direction or
 * its stray controls, the words around it keep theirs. "" for NULL. */
char *cn_outside_text_isolate (const char *text);

G_END_DECLS
