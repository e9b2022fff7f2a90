/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-fingerprint.h"

G_BEGIN_DECLS

/* For measurements only (bench-triage --explore): changes the rule for the
 * whole process. min: fewest words of a comparable note; short_: notes with
 * fewer words match only exactly; shingle: words per shingle; slots: equal
 * min-hash values needed for a match. */
void _cn_fingerprint_tune (guint min, guint short_, guint shingle, guint slots);

G_END_DECLS
