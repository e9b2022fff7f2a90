/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* Preferences → Mail: the connector's own account (IMAP in, SMTP out), saved
 * in the store as it is typed; the passwords go to the keyring only. */

#define CN_TYPE_MAIL_PAGE (cn_mail_page_get_type ())
G_DECLARE_FINAL_TYPE (CnMailPage, cn_mail_page, CN, MAIL_PAGE, AdwPreferencesPage)

CnMailPage *cn_mail_page_new (CnStore *store);
/* Writes a change still waiting to be saved (the window closes). */
void cn_mail_page_save (CnMailPage *self);

/* For tests: a widget of the page by its id in cn-mail-page.ui
 * ("imap_host_row", "imap_port_spin", "imap_security_row", "imap_user_row",
 * "imap_password_row", "imap_folder_row", "smtp_host_row", "smtp_port_spin",
 * "smtp_security_row", "smtp_user_row", "smtp_same_password_switch",
 * "smtp_password_row", "from_name_row", "from_address_row", "cc_switch",
 * "interval_spin", "insecure_switch", "test_button", "cancel_button",
 * "imap_result_label", "smtp_result_label", "keyring_label"). */
GtkWidget *_cn_mail_page_get_widget (CnMailPage *self, const char *id);
/* TRUE while "Test Connection" runs. */
gboolean _cn_mail_page_is_testing (CnMailPage *self);

G_END_DECLS
