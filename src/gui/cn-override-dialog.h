/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-verification.h"

G_BEGIN_DECLS

#define CN_TYPE_OVERRIDE_DIALOG (cn_override_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CnOverrideDialog, cn_override_dialog, CN, OVERRIDE_DIALOG, AdwMessageDialog)

/* Asks why the connector forwards despite a blocked step. The reason is
 * required. Signal "confirmed" (int step, const char *reason): the
 * connector confirmed with a reason (trimmed, never empty). */
CnOverrideDialog *cn_override_dialog_new (GtkWindow *parent,
                                          CnStep step,
                                          const char *step_title,
                                          const char *why_blocked);
CnStep cn_override_dialog_get_step (CnOverrideDialog *self);

G_END_DECLS
