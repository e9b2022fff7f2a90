/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

#define CN_TYPE_HISTORY_VIEW (cn_history_view_get_type ())
G_DECLARE_FINAL_TYPE (CnHistoryView, cn_history_view, CN, HISTORY_VIEW, GtkWidget)

/* A request's history: each event with its time, the action in words and
 * the exact text sent (expandable, selectable); and, once forwarded, what
 * came of it (the outcome, which the connector records here). Re-read on the
 * store's "request-changed" for the request.
 *
 * Signal "error" (const char *message): recording the outcome failed. */
CnHistoryView *cn_history_view_new (void);
void cn_history_view_set_store (CnHistoryView *self, CnStore *store);
/* 0: none. */
void cn_history_view_set_request_id (CnHistoryView *self, gint64 request_id);
void cn_history_view_reload (CnHistoryView *self);

/* The action of a history event in words ("Forwarded", …); one this version
 * does not know, as it is stored. */
char *cn_history_view_describe_event (const CnEvent *event);

G_END_DECLS
