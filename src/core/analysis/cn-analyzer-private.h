/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-analyzer-model.h"
#include "cn-analyzer.h"

G_BEGIN_DECLS

/* The built-in lexicons, every weight 0. */
CnAnalyzer *_cn_analyzer_new_untrained (GError **error);

/* The features the analyzer's model sees for a note to the target, in lang
 * ("en", "fr" or NULL to tell it): for tools/train-analyzer. x holds
 * CN_N_FEATURES values. */
void _cn_analyzer_get_features (CnAnalyzer *self,
                                const char *note_to_target,
                                const char *lang,
                                float *x);

/* cn_analyzer_analyze_full() into analysis, made by an earlier call of
 * cn_analyzer_analyze_full() and held by the caller alone: what it held is
 * replaced (on an error, it is left as it was). The command-line tool
 * analyses thousands of notes in a row without making an object for each.
 * checked_utf8: the caller knows the notes are UTF-8 (its reader checked
 * the line they come from), and they are not checked again. */
gboolean _cn_analyzer_analyze_into (CnAnalyzer *self,
                                    const CnAnalysisInput *input,
                                    CnAnalyzerTextFunc text_func,
                                    gpointer user_data,
                                    CnAnalysis *analysis,
                                    gboolean checked_utf8,
                                    GError **error);

G_END_DECLS
