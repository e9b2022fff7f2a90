/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cn-analysis.h"
#include "cn-analyzer.h"
#include "cn-availability.h"
#include "cn-contact.h"
#include "cn-fit.h"
#include "cn-request.h"
#include "cn-store.h"
#include "cn-verification.h"

G_BEGIN_DECLS

/* Everything the connector checks about one request before acting on it,
 * read from the store and kept true: the request and its contact, the
 * analysis with its spans, the fit and the availability, the overrides in
 * the history, the campaign and the requester's earlier requests, the five
 * steps of the guided check and whether a forward may leave. The
 * endorsement editor feeds it the endorsement. It listens to the store
 * (a contact edited, a status changed, a campaign grown) and emits
 * "changed" after each re-read; widgets only render it. */

#define CN_TYPE_REVIEW (cn_review_get_type ())
G_DECLARE_FINAL_TYPE (CnReview, cn_review, CN, REVIEW, GObject)

/* A campaign can reach hundreds of contacts: the review keeps the first ones. */
#define CN_REVIEW_MAX_RELATED 200

/* @ui_lang: the interface's language ("fr", "en"): replies are written in the
 * request's own language, else in this one. */
CnReview *
cn_review_new (CnStore *store, CnAnalyzer *analyzer, gint64 request_id, const char *ui_lang);

gint64 cn_review_get_request_id (CnReview *self);
/* Changes each time the review reads the store again: what it read (the
 * request, contact, analysis, fit, related requests) is the same as long as
 * it does not; only the endorsement and the checks that depend on it change
 * in between. */
guint cn_review_get_serial (CnReview *self);
/* NULL once the request is deleted. */
CnRequest *cn_review_get_request (CnReview *self);
/* The request's contact, or NULL when it names none. */
CnContact *cn_review_get_contact (CnReview *self);
/* The analysis of the request as it stands (with its spans), or NULL with
 * @out_error set (may be NULL). */
CnAnalysis *cn_review_get_analysis (CnReview *self, const GError **out_error);
/* The language replies are written in. */
const char *cn_review_get_lang (CnReview *self);
/* NULL when there is no request. */
const CnFit *cn_review_get_fit (CnReview *self);
const CnAvailabilityCheck *cn_review_get_availability (CnReview *self);

CnStepCheck cn_review_get_check (CnReview *self, CnStep step);
/* A failed step (among the first three) the connector overrode, with a
 * reason in the history. */
gboolean cn_review_get_overridden (CnReview *self, CnStep step);
/* The first failed step that may be overridden and is not, or -1. */
int cn_review_get_overridable_step (CnReview *self);
/* Every step passes or is overridden: a forward may leave. */
gboolean cn_review_get_can_forward (CnReview *self);

/* The other copies of its campaign and the requester's requests it repeats
 * (CnRequest, at most CN_REVIEW_MAX_RELATED each), and the words of this copy
 * that the campaign's first other copy does not have (CnDiffSpan, or NULL). */
GPtrArray *cn_review_get_campaign (CnReview *self);
GPtrArray *cn_review_get_earlier (CnReview *self);
GArray *cn_review_get_differences (CnReview *self);

/* What the endorsement editor holds. */
void cn_review_set_endorsement (CnReview *self,
                                CnRelationship relationship,
                                const char *text,
                                guint n_unknown_placeholders);

CnRelationship cn_review_get_relationship (CnReview *self);
guint cn_review_get_n_unknown_placeholders (CnReview *self);

/* The words of the request list's status for @request as the list reads it
 * (cn_store_get_list_request(): status, hand-off, analysis, triage, contact,
 * fit, draft, overrides), by the review's own rules: for an open request,
 * "Ready to forward" exactly when its review would allow the forward (with
 * the endorsement the kept draft holds), else the first step that blocks. */
const char *cn_review_get_list_label (CnRequest *request);

/* Reads everything again. */
void cn_review_reload (CnReview *self);

G_END_DECLS
