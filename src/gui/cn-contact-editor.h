/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* Edits one contact and lists the introductions they received. Changes are
 * saved through the store half a second after the last one, when another
 * contact is shown, and when the editor goes away; invalid values (an empty
 * name, a malformed e-mail or date) are marked and not saved.
 *
 * Signals:
 *   "request-activated" (gint64 request_id)  an introduction was opened
 *   "delete-requested"  (gint64 contact_id)  the user asked to delete the contact
 *   "contact-saved"     (CnContact *)        the store took the edits (a copy) */
#define CN_TYPE_CONTACT_EDITOR (cn_contact_editor_get_type ())
G_DECLARE_FINAL_TYPE (CnContactEditor, cn_contact_editor, CN, CONTACT_EDITOR, GtkWidget)

CnContactEditor *cn_contact_editor_new (void);
void cn_contact_editor_set_store (CnContactEditor *self, CnStore *store);
/* Saves pending changes of the previous contact, then shows a copy of @contact
 * (may be NULL). */
void cn_contact_editor_set_contact (CnContactEditor *self, CnContact *contact);
/* The contact as last saved, or NULL. */
CnContact *cn_contact_editor_get_contact (CnContactEditor *self);
/* Saves pending changes now. FALSE when the store refused them (a toast
 * says why). */
gboolean cn_contact_editor_save (CnContactEditor *self);
/* Re-reads the introductions and the count of the last 30 days. */
void cn_contact_editor_reload_introductions (CnContactEditor *self);
/* Focuses the name; @select_all selects it to type a new one. */
void cn_contact_editor_focus_name (CnContactEditor *self, gboolean select_all);

/* For tests: the shown tags, in order. */
char **_cn_contact_editor_dup_tags (CnContactEditor *self);

G_END_DECLS
