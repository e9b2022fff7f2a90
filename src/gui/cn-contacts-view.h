/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-contact-editor.h"
#include "cn-store.h"

G_BEGIN_DECLS

/* The Contacts page: a searchable list of the connector's contacts and the
 * editor of the selected one.
 *
 * Signal "request-activated" (gint64 request_id): the user opened a request
 * from a contact's introductions; the window switches to Requests and
 * selects it. */
#define CN_TYPE_CONTACTS_VIEW (cn_contacts_view_get_type ())
G_DECLARE_FINAL_TYPE (CnContactsView, cn_contacts_view, CN, CONTACTS_VIEW, GtkWidget)

CnContactsView *cn_contacts_view_new (void);
void cn_contacts_view_set_store (CnContactsView *self, CnStore *store);
/* Selects and shows the contact; FALSE when it is not listed. */
gboolean cn_contacts_view_select_contact (CnContactsView *self, gint64 contact_id);
/* Narrow, the list and a contact take turns: TRUE while a contact is in
 * front ("can-navigate-back" notifies), and the way back to the list. */
gboolean cn_contacts_view_can_navigate_back (CnContactsView *self);
void cn_contacts_view_navigate_back (CnContactsView *self);
/* Focuses the search entry (the window binds Ctrl+F to it on this page). */
void cn_contacts_view_focus_search (CnContactsView *self);

/* For tests: the last toast shown, while it lives (toasts are made in code,
 * and the overlay does not list them). */
AdwToast *_cn_contacts_view_get_last_toast (CnContactsView *self);

G_END_DECLS
