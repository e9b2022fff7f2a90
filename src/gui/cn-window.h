/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

#define CN_TYPE_WINDOW (cn_window_get_type ())
G_DECLARE_FINAL_TYPE (CnWindow, cn_window, CN, WINDOW, AdwApplicationWindow)

/* store may be NULL when it could not be opened: then pass the error, which
 * the window shows (and explains) instead of the requests. */
CnWindow *cn_window_new (GtkApplication *application, CnStore *store, const GError *store_error);
CnStore *cn_window_get_store (CnWindow *self);

G_END_DECLS
