/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cn-contact.h"

G_BEGIN_DECLS

/* Chooses one contact among many: a button showing the chosen contact (or
 * "Choose a contact…") that opens a search over name, position, company and
 * e-mail, whatever the case and accents. Typing filters, Down and Up move the
 * highlight, Return picks it (the first match unless moved), Escape closes.
 * Nothing is chosen until the user picks.
 *
 * Property "contact-id" (gint64, 0: none), notified when it changes. */
#define CN_TYPE_CONTACT_PICKER (cn_contact_picker_get_type ())
G_DECLARE_FINAL_TYPE (CnContactPicker, cn_contact_picker, CN, CONTACT_PICKER, GtkWidget)

CnContactPicker *cn_contact_picker_new (void);

/* The contacts offered (CnContact items), shown in the model's order. The
 * model is filtered, never copied, so tens of thousands stay cheap; the
 * picker follows its changes. A chosen contact that leaves it is unchosen. */
void cn_contact_picker_set_contacts (CnContactPicker *self, GListModel *contacts);

/* The chosen contact's id, or 0. Setting an id the contacts do not hold (or
 * the excluded one) chooses none. */
gint64 cn_contact_picker_get_contact_id (CnContactPicker *self);
void cn_contact_picker_set_contact_id (CnContactPicker *self, gint64 id);

/* A contact never offered (0: none), such as the one being deleted. */
void cn_contact_picker_set_excluded_id (CnContactPicker *self, gint64 id);

G_END_DECLS
