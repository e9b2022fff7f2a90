/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-request.h"

G_BEGIN_DECLS

#define CN_TYPE_RELATED_REQUESTS (cn_related_requests_get_type ())
G_DECLARE_FINAL_TYPE (CnRelatedRequests, cn_related_requests, CN, RELATED_REQUESTS, GtkWidget)

/* Other requests that bear on the one shown (the rest of its campaign, the
 * requester's earlier requests): contact, date and status, each one click
 * (or Enter) away through the "request-activated" (gint64 id) signal. */
CnRelatedRequests *cn_related_requests_new (void);
/* requests: CnRequest; the one with current_id is marked, not activatable.
 * Hidden when there are none besides it. */
void cn_related_requests_set (CnRelatedRequests *self,
                              const char *heading,
                              const char *description,
                              GPtrArray *requests,
                              gint64 current_id);
/* For tests. */
void _cn_related_requests_activate_row (CnRelatedRequests *self, guint index);

G_END_DECLS
