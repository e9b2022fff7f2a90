/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* Asks what to do with the requests of a contact about to be deleted: keep
 * them without a contact, move them to another contact, or delete them too.
 *
 * Responses: "cancel", "keep", "move", "delete". Signal "delete-chosen"
 * (int CnContactDeleteMode, gint64 move_to: the other contact for
 * MOVE_REQUESTS, else 0) is emitted for any answer but "cancel". */
#define CN_TYPE_DELETE_CONTACT_DIALOG (cn_delete_contact_dialog_get_type ())
G_DECLARE_FINAL_TYPE (
    CnDeleteContactDialog, cn_delete_contact_dialog, CN, DELETE_CONTACT_DIALOG, AdwMessageDialog)

/* @others: the contacts the requests may move to (a GListModel of
 * CnContact, offered in its order and followed, never copied; the contact
 * being deleted is skipped). No one is chosen until the user picks. */
CnDeleteContactDialog *cn_delete_contact_dialog_new (GtkWindow *parent,
                                                     CnContact *contact,
                                                     guint n_requests,
                                                     GListModel *others);
gint64 cn_delete_contact_dialog_get_contact_id (CnDeleteContactDialog *self);

G_END_DECLS
