/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

#define CN_TYPE_REQUESTER_PAGE (cn_requester_page_get_type ())
G_DECLARE_FINAL_TYPE (CnRequesterPage, cn_requester_page, CN, REQUESTER_PAGE, AdwWindow)

/* One requester as the connector remembers them: every request they sent,
 * newest first, with its date, contact and outcome; the switches Screen Out
 * and Trusted; and, when their messages to no contact are set aside, "Show
 * Their Messages Again". It follows the store. Signal "request-activated"
 * (gint64 request id): the user chose one of their requests. */
CnRequesterPage *cn_requester_page_new (GtkWindow *parent, CnStore *store, gint64 requester_id);
gint64 cn_requester_page_get_requester_id (CnRequesterPage *self);
/* Reads the requester and their requests again. */
void cn_requester_page_reload (CnRequesterPage *self);

/* "You screened out this requester on 3 Oct 2026", "You trusted this
 * requester on …", or NULL for NONE. */
char *cn_requester_standing_describe (CnRequesterStanding standing, gint64 since);
/* What came of a request, in a word or two: "New", "Forwarded · Accepted",
 * "Declined", "Not a request", … */
char *cn_requester_page_describe_outcome (CnStore *store, CnRequest *request);

G_END_DECLS
