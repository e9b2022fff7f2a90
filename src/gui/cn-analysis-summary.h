/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cn-analysis.h"
#include "cn-request.h"

G_BEGIN_DECLS

#define CN_TYPE_ANALYSIS_SUMMARY (cn_analysis_summary_get_type ())
G_DECLARE_FINAL_TYPE (CnAnalysisSummary, cn_analysis_summary, CN, ANALYSIS_SUMMARY, GtkWidget)

/* The verdict on a request, its score, what to do, the reasons in words, and
 * every warning sign with the words of the note that raised it. */
CnAnalysisSummary *cn_analysis_summary_new (void);
/* request (may be NULL) adds what the triage found: mass-sent, repeated. */
void cn_analysis_summary_set_analysis (CnAnalysisSummary *self,
                                       CnAnalysis *analysis,
                                       CnRequest *request);

/* For tests: the warning signs as shown, one per line. */
char *_cn_analysis_summary_dup_evidence_text (CnAnalysisSummary *self);
char *_cn_analysis_summary_dup_reasons_text (CnAnalysisSummary *self);

G_END_DECLS
