/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-contact.h"
#include "cn-fit.h"
#include "cn-review.h"
#include "cn-verification.h"

G_BEGIN_DECLS

#define CN_TYPE_VERIFICATION_PANEL (cn_verification_panel_get_type ())
G_DECLARE_FINAL_TYPE (CnVerificationPanel, cn_verification_panel, CN, VERIFICATION_PANEL, GtkWidget)

/* The guided verification of the selected request: Motivation → Fit →
 * Availability → Endorsement → Send, each with its result and the reason in
 * words, and the contact's card with what met the request. Failing steps
 * offer "Override…" (the "win.override" action, with the step's id as
 * target). It only renders a CnReview. */
CnVerificationPanel *cn_verification_panel_new (void);
/* Renders @review (NULL: no request), again at each "changed". */
void cn_verification_panel_set_review (CnVerificationPanel *self, CnReview *review);

CnStepCheck cn_verification_panel_get_check (CnVerificationPanel *self, CnStep step);
gboolean cn_verification_panel_get_overridden (CnVerificationPanel *self, CnStep step);
/* The Send step passes: Forward and Copy may go. */
gboolean cn_verification_panel_can_forward (CnVerificationPanel *self);
/* The first failing step an override can clear and that is not overridden
 * yet, or -1. */
int cn_verification_panel_get_overridable_step (CnVerificationPanel *self);
/* The fit of the request shown, or NULL. */
const CnFit *cn_verification_panel_get_fit (CnVerificationPanel *self);
/* The step's name, for dialogs ("Motivation", …). */
const char *cn_verification_panel_get_step_title (CnStep step);

/* The row of a step (its subtitle is the reason in words), for the window's
 * override dialog. */
AdwPreferencesRow *_cn_verification_panel_get_row (CnVerificationPanel *self, CnStep step);

G_END_DECLS
