/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-analyzer.h"
#include "cn-store.h"

G_BEGIN_DECLS

/* The connector's corrections of the analyzer (schema 6: request_corrections).
 * One per element or flag of a request; they are applied over every analysis
 * of the request (cn_analysis_correct()): the stored one, the background
 * one, the review's, whatever the analyzer's version, so they survive a
 * re-analysis. Each change is a "corrected" history event
 * (cn_correction_format()). */

/* What a change did, to undo it. */
typedef struct
{
  gint64 request_id;
  gboolean is_flag;
  guint item;
  gboolean had_previous; /* a correction was there before: previous */
  CnCorrection previous;
  gint64 event_id; /* the history event recorded */
} CnCorrectionChange;

/* The request's corrections (CnCorrection), elements first; empty when none. */
GArray *cn_store_list_corrections (CnStore *self, gint64 request_id, GError **error);
/* The requests (gint64 ids) with at least one correction, oldest first. */
GArray *cn_store_list_corrected_request_ids (CnStore *self, GError **error);
/* @analysis with the request's corrections applied (a new reference; @analysis
 * itself when it has none). */
CnAnalysis *cn_store_apply_corrections (CnStore *self, gint64 request_id, CnAnalysis *analysis);

/* Sets the correction of one element or flag (replacing the one before),
 * records the event and stores the request's corrected analysis by @analyzer,
 * in one transaction; emits "request-changed". */
gboolean cn_store_set_correction (CnStore *self,
                                  CnAnalyzer *analyzer,
                                  gint64 request_id,
                                  const CnCorrection *correction,
                                  CnCorrectionChange *out_change,
                                  GError **error);
/* Back to the analyzer's judgement of one element or flag ("restored" in
 * the history). Removing none is not an error. */
gboolean cn_store_remove_correction (CnStore *self,
                                     CnAnalyzer *analyzer,
                                     gint64 request_id,
                                     gboolean is_flag,
                                     guint item,
                                     CnCorrectionChange *out_change,
                                     GError **error);
/* Undoes a set or a remove: the correction as it was, its event deleted. */
gboolean cn_store_undo_correction (CnStore *self,
                                   CnAnalyzer *analyzer,
                                   const CnCorrectionChange *change,
                                   GError **error);

G_END_DECLS
