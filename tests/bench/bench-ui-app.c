/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The UI benchmark's app side: starts Connecteur as main.c does, on the
 * database given with --db, and drives its window through the script of
 * bench-ui-probe.c. Prints one JSON line per figure.
 * Usage: bench-ui-app --db PATH [--quick] [--reps=N] [--start-only] [--first-frame-only]
 *        [--only=WHAT] [--trace] */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "bench-ui-probe.h"
#include "cn-application.h"
#include "cn-campaigns-dialog.h"
#include "cn-window-private.h"

static BenchScript script;
static BenchSubject subject;

static void
set_view (gpointer data, int view)
{
  static const char *const names[] = { "todo", "handled", "all" };

  gtk_widget_activate_action (subject.window, "win.show-view", "s", names[view]);
}

static void
show_contacts (gpointer data, gboolean contacts)
{
  gtk_widget_activate_action (subject.window, contacts ? "win.show-contacts" : "win.show-requests",
                              NULL);
  /* The window makes its contacts view when first shown. */
  if (contacts && subject.contact_search == NULL)
    subject.contact_search = GTK_EDITABLE (
        gtk_widget_get_template_child (GTK_WIDGET (_cn_window_get_contacts_view (
                                           CN_WINDOW (subject.window))),
                                       CN_TYPE_CONTACTS_VIEW, "search_entry"));
}

static void
open_campaigns (gpointer data)
{
  gtk_widget_activate_action (subject.window, "win.show-campaigns", NULL);
}

static gboolean
busy (gpointer data)
{
  CnWindow *window = CN_WINDOW (subject.window);
  GtkWindow *campaigns = _cn_window_get_campaigns_dialog (window);

  /* The campaigns are read in a worker: the window is open once they show. */
  if (campaigns != NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (
                     GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (campaigns),
                                                               CN_TYPE_CAMPAIGNS_DIALOG, "stack"))),
                 "loading") == 0)
    return TRUE;
  /* A reload in the worker is the input's work too: wait for its rows. */
  return _cn_window_is_analysing (window) || cn_request_list_is_loading (window->requests);
}

static void
on_activate_cb (GApplication *app, gpointer data)
{
  CnWindow *window = CN_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));

  if (subject.window != NULL)
    return;
  bench_probe_settings ();
  subject.name = "app";
  subject.window = GTK_WIDGET (window);
  subject.verdict_filter = window->verdict_filter;
  subject.request_search = GTK_EDITABLE (window->request_search);
  subject.request_list = GTK_WIDGET (window->request_list_view);
  subject.set_view = set_view;
  subject.show_contacts = show_contacts;
  subject.open_campaigns = open_campaigns;
  subject.busy = busy;
  bench_probe_watch (subject.window);
  bench_probe_run (&subject, &script, app);
}

int
main (int argc, char *argv[])
{
  g_autoptr(CnApplication) app = NULL;
  const char *localedir = g_getenv ("CONNECTEUR_LOCALEDIR");

  bench_probe_init ();
  bench_probe_parse_args (&argc, &argv, &script);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = cn_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
