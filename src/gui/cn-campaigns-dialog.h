/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

#define CN_TYPE_CAMPAIGNS_DIALOG (cn_campaigns_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CnCampaignsDialog, cn_campaigns_dialog, CN, CAMPAIGNS_DIALOG, AdwWindow)

/* The campaigns (one note sent to many contacts), biggest and newest first.
 * Signals: "campaign-activated" (gint64 campaign id) to show its requests;
 * "status-requested" (gint64 campaign id, int CnRequestStatus) to ask for a
 * motivation or decline all its open requests. */
CnCampaignsDialog *cn_campaigns_dialog_new (GtkWindow *parent, CnStore *store);
/* Reads the campaigns again (after a change). */
void cn_campaigns_dialog_reload (CnCampaignsDialog *self);

G_END_DECLS
