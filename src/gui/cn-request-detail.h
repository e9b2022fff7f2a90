/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cn-analysis-summary.h"
#include "cn-checklist.h"
#include "cn-fit.h"
#include "cn-related-requests.h"
#include "cn-request.h"

G_BEGIN_DECLS

#define CN_TYPE_REQUEST_DETAIL (cn_request_detail_get_type ())
G_DECLARE_FINAL_TYPE (CnRequestDetail, cn_request_detail, CN, REQUEST_DETAIL, GtkWidget)

/* Shows one request: who asks, whom they want to reach, when, its status,
 * and both notes exactly as written. */
CnRequestDetail *cn_request_detail_new (void);
CnRequest *cn_request_detail_get_request (CnRequestDetail *self);
void cn_request_detail_set_request (CnRequestDetail *self, CnRequest *request);

/* What the analyzer found in the request shown: the verdict, the checklist
 * and the highlights in both notes. NULL (with the error, if any, that
 * prevented it) hides them. */
void
cn_request_detail_set_analysis (CnRequestDetail *self, CnAnalysis *analysis, const GError *error);
CnAnalysis *cn_request_detail_get_analysis (CnRequestDetail *self);
/* The other requests of its campaign and the requester's earlier requests
 * (CnRequest, may be NULL), and the spans of the note to the target that
 * differ from the campaign's other copies. The "request-activated" (gint64)
 * signal tells which one the user opened. */
void cn_request_detail_set_related (CnRequestDetail *self,
                                    GPtrArray *campaign,
                                    GPtrArray *earlier,
                                    GArray *differences);

/* Underlines, in both notes, the words that meet the contact's card (see
 * cn_fit_compute()), with a legend under the notes. NULL removes them. */
void cn_request_detail_set_fit (CnRequestDetail *self, const CnFit *fit);

/* The request shown was set aside as not a request (cn_store_is_set_aside()). */
void cn_request_detail_set_set_aside (CnRequestDetail *self, gboolean set_aside);

const char *cn_request_detail_get_title_text (CnRequestDetail *self);
char *cn_request_detail_dup_note_to_connector (CnRequestDetail *self);
char *cn_request_detail_dup_note_to_target (CnRequestDetail *self);
/* The words selected in one of the notes (the note to the contact first),
 * as character offsets into it; FALSE when none is. */
gboolean
cn_request_detail_get_selection (CnRequestDetail *self, CnNote *out_note, CnSpan *out_span);
/* The tag that marks the fit's words in the notes' buffers. */
#define CN_REQUEST_DETAIL_FIT_TAG "cn-fit-match"

/* Moves the focus to the note to the connector, where reading starts. */
void cn_request_detail_focus_note (CnRequestDetail *self);

G_END_DECLS
