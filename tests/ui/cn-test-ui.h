/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Sets up an isolated session for a UI test: temporary HOME/XDG folders,
 * the build's translations, GTK and GtkSourceView. Returns FALSE (and marks
 * the test skipped) when there is no display. */
gboolean cn_test_ui_init (int *argc, char ***argv);
/* The temporary folder of this test run. */
const char *cn_test_ui_get_tmpdir (void);
/* Runs the main loop until condition(data) holds or timeout_ms pass. */
gboolean cn_test_ui_wait_until (gboolean (*condition) (gpointer), gpointer data, guint timeout_ms);
/* Lets pending work (animations, idles) run for ms milliseconds. */
void cn_test_ui_spin (guint ms);
/* Saves what the widget shows to a PNG once a frame has been painted. */
gboolean cn_test_ui_snapshot (GtkWidget *widget, const char *png_path, GError **error);
void cn_test_ui_cleanup (void);

G_END_DECLS
