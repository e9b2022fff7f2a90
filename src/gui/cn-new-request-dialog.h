/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

#define CN_TYPE_NEW_REQUEST_DIALOG (cn_new_request_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CnNewRequestDialog, cn_new_request_dialog, CN, NEW_REQUEST_DIALOG, AdwWindow)

/* Enter or paste a request received outside the app. Emits "request-saved"
 * (gint64 id) once it is in the store, then closes. */
CnNewRequestDialog *cn_new_request_dialog_new (GtkWindow *parent, CnStore *store);

/* The same form for a request already stored: its contact, date and notes
 * can be corrected (not who sent it); "request-saved" is emitted with its id.
 * With @choose_contact, the focus starts on the contact, for a request that
 * names none yet. */
CnNewRequestDialog *cn_new_request_dialog_new_for_edit (GtkWindow *parent,
                                                        CnStore *store,
                                                        CnRequest *request,
                                                        gboolean choose_contact);
/* The request edited, or 0 for a new one. */
gint64 cn_new_request_dialog_get_editing_id (CnNewRequestDialog *self);

/* For tests: fill the form as a person would, and press Add. target_contact_id
 * 0 means "new contact" named new_contact_name. */
void _cn_new_request_dialog_fill (CnNewRequestDialog *self,
                                  const char *requester_name,
                                  gint64 target_contact_id,
                                  const char *new_contact_name,
                                  const char *date,
                                  const char *note_to_connector,
                                  const char *note_to_target);

G_END_DECLS
