/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cn-contacts-view.h"
#include "cn-endorsement-editor.h"
#include "cn-history-view.h"
#include "cn-request-detail.h"
#include "cn-store.h"
#include "cn-verification-panel.h"
#include "cn-window.h"

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
/* When CONNECTEUR_SCREENSHOT_DIR is set, a snapshot of @widget there as
 * NAME-LANG.png (LANG from LANGUAGE, "en" by default); fails the test when
 * it cannot be taken. */
void cn_test_ui_save_shot (GtkWidget *widget, const char *name);
void cn_test_ui_cleanup (void);
/* @text as a person reads it: without the invisible bidi isolates the app
 * puts around names from outside. */
char *cn_test_ui_visible_text (const char *text);

/* The object @widget's template binds as @name (a field bound with
 * gtk_widget_class_bind_template_child(), in @widget's class or one of its
 * parents); fails the test when there is none. Tests reach inside widgets
 * this way rather than through getters of their own. */
gpointer cn_test_ui_child (gpointer widget, const char *name);
/* The same, in the window's review column (its editor, buttons, …). */
gpointer cn_test_ui_review_child (CnWindow *window, const char *name);
/* The review column's button for the window action @action: "forward",
 * "copy-forward", "ask-motivation", "decline" or "archive". */
GtkWidget *cn_test_ui_action_button (CnWindow *window, const char *action);

/* The first button labelled @label (as written, with its mnemonic) in
 * @widget or below it, or NULL: for rows a widget builds in code. */
GtkWidget *cn_test_ui_find_button (GtkWidget *widget, const char *label);

/* The first visible toplevel of this type (a dialog, About…), or NULL. */
GtkWindow *cn_test_ui_find_toplevel (GType type);

/* A main window on @store showing All requests: a test that answers a
 * request keeps it shown (the To do view lets it go, see /ui/window/inbox). */
CnWindow *cn_test_ui_new_window (CnStore *store);

/* A main window on a new, empty database of its own. */
typedef struct
{
  CnStore *store;
  CnWindow *window;
} CnTestWindowFixture;

void cn_test_window_fixture_set_up (CnTestWindowFixture *f, gconstpointer data);
void cn_test_window_fixture_tear_down (CnTestWindowFixture *f, gconstpointer data);
/* Condition for cn_test_ui_wait_until: data is a CnWindow showing its requests. */
/* The request list's selection model. */
GtkSelectionModel *cn_test_ui_request_model (gpointer window);

gboolean cn_test_ui_page_is_requests (gpointer window);
/* Condition: the window's background check of the requests is over. */
gboolean cn_test_ui_analysis_done (gpointer window);
/* Presses "Load Example Requests" and waits until they are listed and checked. */
void cn_test_window_fixture_load_demo (CnTestWindowFixture *f);
/* Selects the first request (in list order) whose note to the target
 * contains needle, and returns it. */
CnRequest *cn_test_window_fixture_select_with (CnTestWindowFixture *f, const char *needle);

G_END_DECLS
