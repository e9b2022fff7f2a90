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

/* For tests: TRUE while "Test Connection" runs. */
gboolean _cn_mail_page_is_testing (CnMailPage *self);

G_END_DECLS
