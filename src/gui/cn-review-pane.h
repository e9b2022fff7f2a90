/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-compose.h"
#include "cn-review.h"
#include "cn-store.h"
#include "cn-verification.h"

G_BEGIN_DECLS

#define CN_TYPE_REVIEW_PANE (cn_review_pane_get_type ())
G_DECLARE_FINAL_TYPE (CnReviewPane, cn_review_pane, CN, REVIEW_PANE, GtkWidget)

/* The review column of the window: the guided check, the endorsement editor,
 * the history, and the buttons that answer the request (their actions are
 * the window's: win.forward, win.decline, …). It renders a CnReview and
 * feeds it what the editor holds (relationship, text, unknown placeholders).
 *
 * Signal "error" (const char *message): the history could not record an
 * outcome. */
CnReviewPane *cn_review_pane_new (void);
void cn_review_pane_set_store (CnReviewPane *self, CnStore *store);
/* NULL: no request shown. The editor keeps its draft when the review is of
 * the request already shown. */
void cn_review_pane_set_review (CnReviewPane *self, CnReview *review);
/* The forward as the editor has it, copied to the requester when the
 * connector left "Cc the requester" on; NULL when nothing is shown. */
CnMessage *cn_review_pane_build_message (CnReviewPane *self);
/* The language the endorsement is written in ("fr", "en"). */
const char *cn_review_pane_get_lang (CnReviewPane *self);
/* Forgets the edited endorsement of a request once it has left. */
void cn_review_pane_forget_draft (CnReviewPane *self, gint64 request_id);
/* Why @step fails, as the guided check shows it (for the override dialog). */
const char *cn_review_pane_get_step_reason (CnReviewPane *self, CnStep step);
void cn_review_pane_reload_history (CnReviewPane *self);
/* Moves the focus to "How do you know them?", for the keyboard. */
void cn_review_pane_focus_relationship (CnReviewPane *self);
/* A forward is leaving through the account: a spinner and Stop show. */
void cn_review_pane_set_sending (CnReviewPane *self, gboolean sending);
/* Whether Forward sends through the account or opens the mail client: its
 * tooltip says which. */
void cn_review_pane_set_can_send (CnReviewPane *self, gboolean can_send);

/* A forward handed to the clipboard or the mail app waits for "Did you send
 * it?" (CN_EVENT_ACTION_FORWARD_COPIED or _FORWARD_OPENED): the question
 * shows with "Mark as Forwarded" (win.confirm-forward) and "Not Sent"
 * (win.forward-not-sent). UNKNOWN hides it. */
void cn_review_pane_set_handoff (CnReviewPane *self, CnEventAction handoff);

G_END_DECLS
