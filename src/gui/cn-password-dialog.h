/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Asks for the password of a mail login. Answers with AdwMessageDialog's
 * "response": "ok" (then read the password and the choice to remember it)
 * or "cancel". */

#define CN_TYPE_PASSWORD_DIALOG (cn_password_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CnPasswordDialog, cn_password_dialog, CN, PASSWORD_DIALOG, AdwMessageDialog)

/* @why: what went wrong before, or NULL; @can_remember: the keyring works. */
CnPasswordDialog *cn_password_dialog_new (GtkWindow *parent,
                                          const char *server,
                                          const char *user,
                                          const char *why,
                                          gboolean can_remember);
/* What was typed ("" when nothing). */
const char *cn_password_dialog_get_password (CnPasswordDialog *self);
gboolean cn_password_dialog_get_remember (CnPasswordDialog *self);
/* Empties the entry: the password does not stay in a widget. */
void cn_password_dialog_clear (CnPasswordDialog *self);

G_END_DECLS
