/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cn-enums.h"

G_BEGIN_DECLS

/* The register @text (the requester's note to the connector) addresses its
 * reader in, so that a reply answers in kind. The rule, kept simple:
 * - "tu" forms are the whole words tu, te, toi, ton, ta, tes and the elided
 *   t' (t'écris, t’ai); "vous" forms are vous, votre, vos (and vôtre);
 *   words are compared folded (case and accents), so "statut", "tutoriel"
 *   or the "t" of "va-t-il" are no "tu";
 * - TU when the text has a "tu" form and no "vous" form; VOUS otherwise:
 *   with both, "vous" wins (it may be plural, but it is never rude), and a
 *   text with neither gets the polite default. */
CnRegister cn_register_detect (const char *text);

G_END_DECLS
