/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-analysis.h"

G_BEGIN_DECLS

/* How the analyzer fills a CnAnalysis; nobody else changes one. */
CnAnalysis *_cn_analysis_new (void);
/* Back to what _cn_analysis_new() makes, keeping the memory of its arrays:
 * analysing thousands of notes in a row then makes no object for each. */
void _cn_analysis_reset (CnAnalysis *self);
void _cn_analysis_set_lang (CnAnalysis *self, const char *lang, const char *connector_lang);
void _cn_analysis_set_has_connector_note (CnAnalysis *self, gboolean has_note);
/* Marks the element present; an empty span (start == end) adds no span. */
void _cn_analysis_add_span (CnAnalysis *self, CnElement element, guint start, guint end);
void _cn_analysis_add_connector_span (CnAnalysis *self, CnElement element, guint start, guint end);
/* Raises the flag; kind must be an interned string. */
void _cn_analysis_add_evidence (CnAnalysis *self,
                                CnFlag flag,
                                CnNote note,
                                guint start,
                                guint end,
                                const char *kind,
                                const char *text,
                                gssize text_len);
void _cn_analysis_set_score (CnAnalysis *self, guint score, CnVerdict verdict);
void _cn_analysis_add_reason (CnAnalysis *self, CnReason reason);
/* The score, the verdict and the reasons, from the elements and flags found;
 * @empty: the note to the target has no words. */
void _cn_analysis_decide (CnAnalysis *self, gboolean empty);
/* Sorts and merges the spans and orders the evidence; call once, last. */
void _cn_analysis_finish (CnAnalysis *self);

G_END_DECLS
