/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

#define CN_TYPE_PREFERENCES_WINDOW (cn_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (
    CnPreferencesWindow, cn_preferences_window, CN, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The settings kept in the database (so that the command line agrees): what
 * makes a campaign and a repeat. They apply once, when the window closes,
 * since each change re-examines every request. */
CnPreferencesWindow *cn_preferences_window_new (GtkWindow *parent, CnStore *store);

/* For tests. */
GtkSpinButton *_cn_preferences_window_get_spin (CnPreferencesWindow *self, gboolean campaign);

G_END_DECLS
