/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cn-analysis.h"

G_BEGIN_DECLS

/* The words of text that are not in other, by a longest common subsequence
 * of words (case and accents count as different: an edited word shows).
 * Returns CnSpan (Unicode character offsets into text), merged where
 * adjacent, in order. Meant for notes: texts past max_words words are
 * compared on their first max_words only. */
GArray *cn_diff_words (const char *text, const char *other, guint max_words);

G_END_DECLS
