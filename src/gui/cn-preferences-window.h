/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include <gtksourceview/gtksource.h>

#include "cn-data-page.h"
#include "cn-mail-page.h"
#include "cn-store.h"

G_BEGIN_DECLS

#define CN_TYPE_PREFERENCES_WINDOW (cn_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (
    CnPreferencesWindow, cn_preferences_window, CN, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The settings kept in the database (so that the command line agrees): what
 * makes a campaign and a repeat. They apply once, when the window closes,
 * since each change re-examines every request. */
CnPreferencesWindow *cn_preferences_window_new (GtkWindow *parent, CnStore *store);

/* The Templates page: the endorsement, ask-for-motivation and decline
 * templates in English and French, saved as they are typed. */

/* For tests: shows the Templates page on template name (CN_TEMPLATE_…) in lang. */
void _cn_preferences_window_show_template (CnPreferencesWindow *self,
                                           const char *name,
                                           const char *lang);

/* Shows the Mail page (the connector's mail account). */
void cn_preferences_window_show_mail_page (CnPreferencesWindow *self);

G_END_DECLS
