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

G_END_DECLS
