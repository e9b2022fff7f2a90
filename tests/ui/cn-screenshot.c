/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Renders the main window, filled with the example requests, into a PNG file:
 * the README's and the AppStream listing's screenshots come from here, so they
 * always show the current interface.
 * Usage: cn-screenshot [--view=requests|empty|new-request|campaigns|contacts]
 *                      [--select=WORDS] [--relationship=ID] [--size=WxH]
 *                      [--inbox=todo|handled|all] OUTPUT.png
 * (WORDS: some words of the note to the target of the request to show; ID: a
 * relationship chosen in the endorsement, e.g. "professional"). */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cn-contacts-view.h"
#include "cn-demo.h"
#include "cn-store.h"
#include "cn-test-ui.h"
#include "cn-window-private.h"

/* By default, the product brief's first scenario: the unmotivated "please forward". */
static gint64
find_request (CnStore *store, const char *needle)
{
  g_autoptr (GArray) ids = cn_store_list_request_ids (store, NULL);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr (CnRequest) request = cn_store_get_request (store, id, NULL);
      const char *note = request ? cn_request_get_note_to_target (request) : NULL;

      if (note != NULL && strstr (note, needle) != NULL)
        return id;
    }
  return 0;
}

static gboolean
dialog_is_open (gpointer data)
{
  return _cn_window_get_new_request_dialog (data) != NULL;
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  const char *view = "requests";
  const char *needle = "points communs";
  const char *output = NULL;
  const char *relationship = NULL;
  int width = 1280, height = 800;
  const char *inbox = "all";
  GtkWidget *shown;
  g_autoptr (CnStore) store = NULL;
  g_autofree char *db = NULL;
  CnWindow *window;
  gint64 id;

  if (!cn_test_ui_init (&argc, &argv))
    {
      fprintf (stderr, "cn-screenshot: no display (run it under xvfb-run)\n");
      return 1;
    }
  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--view="))
        view = argv[i] + strlen ("--view=");
      else if (g_str_has_prefix (argv[i], "--relationship="))
        relationship = argv[i] + strlen ("--relationship=");
      else if (g_str_has_prefix (argv[i], "--select="))
        needle = argv[i] + strlen ("--select=");
      else if (g_str_has_prefix (argv[i], "--inbox="))
        inbox = argv[i] + strlen ("--inbox=");
      else if (g_str_has_prefix (argv[i], "--size="))
        {
          if (sscanf (argv[i] + strlen ("--size="), "%dx%d", &width, &height) != 2)
            output = "";
        }
      else if (output == NULL)
        output = argv[i];
      else
        output = "";
    }
  if (output == NULL || *output == '\0')
    {
      fprintf (stderr,
               "usage: cn-screenshot [--view=requests|empty|new-request|campaigns|contacts] "
               "[--select=WORDS] [--relationship=ID] [--size=WxH] [--inbox=VIEW] OUTPUT.png\n");
      return 2;
    }

  db = g_build_filename (cn_test_ui_get_tmpdir (), "screenshot.db", NULL);
  store = cn_store_open (db, &error);
  if (store == NULL || (!g_str_equal (view, "empty") && cn_demo_load (store, &error) < 0))
    {
      fprintf (stderr, "cn-screenshot: %s\n", error->message);
      return 1;
    }

  window = cn_window_new (NULL, store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  cn_test_ui_spin (300);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", inbox);
  id = find_request (store, needle);
  if (id > 0)
    _cn_window_select_request (window, id);
  for (guint r = 1; relationship != NULL && r <= CN_RELATIONSHIP_LAST; r++)
    {
      if (g_str_equal (relationship, cn_relationship_to_string (r)))
        cn_endorsement_editor_set_relationship (CN_ENDORSEMENT_EDITOR (
                                                    cn_test_ui_review_child (window, "editor")),
                                                r);
    }
  cn_test_ui_spin (500);

  shown = GTK_WIDGET (window);
  if (g_str_equal (view, "contacts"))
    {
      gtk_widget_activate_action (shown, "win.show-contacts", NULL);
      cn_test_ui_spin (300);
      /* The contact of the request asked for, or the first one. */
      if (id > 0)
        {
          g_autoptr (CnRequest) request = cn_store_get_request (store, id, NULL);

          cn_contacts_view_select_contact (CN_CONTACTS_VIEW (
                                               cn_test_ui_child (window, "contacts_view")),
                                           cn_request_get_target_id (request));
        }
      cn_test_ui_spin (500);
    }
  if (g_str_equal (view, "campaigns"))
    {
      gtk_widget_activate_action (shown, "win.show-campaigns", NULL);
      cn_test_ui_spin (300);
      shown = GTK_WIDGET (_cn_window_get_campaigns_dialog (window));
    }
  if (g_str_equal (view, "new-request"))
    {
      gtk_widget_activate_action (shown, "win.new-request", NULL);
      cn_test_ui_wait_until (dialog_is_open, window, 2000);
      shown = GTK_WIDGET (_cn_window_get_new_request_dialog (window));
      cn_test_ui_spin (500);
    }

  if (!cn_test_ui_snapshot (shown, output, &error))
    {
      fprintf (stderr, "cn-screenshot: %s\n", error->message);
      return 1;
    }
  gtk_window_destroy (GTK_WINDOW (window));
  cn_test_ui_spin (50);
  cn_test_ui_cleanup ();
  return 0;
}
