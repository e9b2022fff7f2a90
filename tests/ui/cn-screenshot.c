/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Renders the main window, filled with the example requests, into a PNG file:
 * the README's and the AppStream listing's screenshots come from here, so they
 * always show the current interface.
 * Usage: cn-screenshot [--view=VIEW] [--select=WORDS] [--relationship=ID]
 *                      [--size=WxH] [--inbox=todo|handled|all] [--dark] OUTPUT.png
 * VIEW: requests (the window), check (the window, the fit's details open),
 * endorsement (the review column scrolled to the endorsement's preview),
 * campaigns, contacts, import (the report of a vCard import), new-request or
 * empty. WORDS: some words of the note to the target of the request to show;
 * ID: a relationship chosen in the endorsement, e.g. "professional".
 * --dark forces libadwaita's dark style. */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cn-contacts-view.h"
#include "cn-demo.h"
#include "cn-endorsement-editor.h"
#include "cn-import-dialog.h"
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

static gboolean
import_is_over (gpointer data)
{
  GtkWindow *dialog = _cn_window_get_import_dialog (data);

  return dialog != NULL && !cn_import_dialog_is_running (CN_IMPORT_DIALOG (dialog));
}

/* A small address book as people export it: new contacts, one already known
 * (unchanged), a namesake of an example contact at another company (a
 * possible duplicate) and a card without a name (a rejected row), so that
 * the report shows each of its parts. Made here, so that no fixture is needed. */
static const char import_vcf[] =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Léa Garnier\r\nORG:Atelier Numérique\r\n"
    "TITLE:Designer produit\r\nEMAIL:lea.garnier@atelier-numerique.example\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Marcus Webb\r\nORG:Harbour Analytics\r\n"
    "TITLE:Head of Data\r\nEMAIL:marcus.webb@harbour-analytics.example\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hélène Vasseur\r\nORG:Banque Ardoise\r\n"
    "EMAIL:h.vasseur@banque-ardoise.example\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Claire Fontanel\r\nORG:Cabinet Lumière\r\n"
    "TITLE:Coach de carrière\r\nEMAIL:claire.fontanel@cabinet-lumiere.example\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Standard Accueil\r\nTEL:+33 1 00 00 00 00\r\n"
    "END:VCARD\r\n";

static GtkWidget *
show_import_report (CnWindow *window)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (cn_test_ui_get_tmpdir (), "contacts.vcf", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  if (!g_file_set_contents (path, import_vcf, -1, &error))
    {
      fprintf (stderr, "cn-screenshot: %s\n", error->message);
      return NULL;
    }
  _cn_window_import_files (window, &file, 1);
  if (!cn_test_ui_wait_until (import_is_over, window, 20000))
    {
      fprintf (stderr, "cn-screenshot: the import did not end\n");
      return NULL;
    }
  /* Tall enough for the whole report, rejected row included, as a person
   * would make it. */
  gtk_widget_set_size_request (GTK_WIDGET (_cn_window_get_import_dialog (window)), 560, 700);
  /* Close has the focus, as after a click: no caret in the file's name, a
   * selectable label. */
  gtk_widget_grab_focus (cn_test_ui_child (_cn_window_get_import_dialog (window), "close_button"));
  cn_test_ui_spin (500);
  return GTK_WIDGET (_cn_window_get_import_dialog (window));
}

/* The endorsement, its preview shown, at the top of the review column. */
static void
show_endorsement_preview (CnWindow *window)
{
  GtkWidget *editor = cn_test_ui_review_child (window, "editor");
  GtkScrolledWindow *scroller = cn_test_ui_review_child (window, "review_scroller");
  GtkWidget *content = gtk_scrolled_window_get_child (scroller);
  graphene_point_t top;

  cn_endorsement_editor_show_preview (CN_ENDORSEMENT_EDITOR (editor), TRUE);
  cn_test_ui_spin (300);
  if (gtk_widget_compute_point (editor, content, &GRAPHENE_POINT_INIT (0, 0), &top))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), top.y);
  cn_test_ui_spin (300);
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
  gboolean dark = FALSE;
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
  /* g_test_init() made warnings fatal: GTK's warning about a widget drawn
   * between two layouts must not cost a picture; criticals still abort. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--view="))
        view = argv[i] + strlen ("--view=");
      else if (g_str_has_prefix (argv[i], "--relationship="))
        relationship = argv[i] + strlen ("--relationship=");
      else if (g_str_has_prefix (argv[i], "--select="))
        needle = argv[i] + strlen ("--select=");
      else if (g_str_equal (argv[i], "--dark"))
        dark = TRUE;
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
               "usage: cn-screenshot [--view=requests|check|endorsement|campaigns|contacts|"
               "import|new-request|empty] [--select=WORDS] [--relationship=ID] [--size=WxH] "
               "[--inbox=VIEW] [--dark] OUTPUT.png\n");
      return 2;
    }

  db = g_build_filename (cn_test_ui_get_tmpdir (), "screenshot.db", NULL);
  store = cn_store_open (db, &error);
  if (store == NULL || (!g_str_equal (view, "empty") && cn_demo_load (store, &error) < 0) ||
      !cn_store_set_connector_name (store, "Camille Laurent", &error))
    {
      fprintf (stderr, "cn-screenshot: %s\n", error->message);
      return 1;
    }

  /* Before the window exists, so that it is built in the style shown. */
  if (dark)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_DARK);
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

          cn_contacts_view_select_contact (_cn_window_get_contacts_view (window),
                                           cn_request_get_target_id (request));
        }
      cn_test_ui_spin (500);
    }
  if (g_str_equal (view, "check"))
    {
      adw_expander_row_set_expanded (
          cn_test_ui_child (cn_test_ui_review_child (window, "verification_panel"), "fit_row"),
          TRUE);
      cn_test_ui_spin (300);
    }
  if (g_str_equal (view, "endorsement"))
    show_endorsement_preview (window);
  if (g_str_equal (view, "import") && (shown = show_import_report (window)) == NULL)
    return 1;
  if (g_str_equal (view, "campaigns"))
    {
      gtk_widget_activate_action (shown, "win.show-campaigns", NULL);
      cn_test_ui_spin (300);
      shown = GTK_WIDGET (_cn_window_get_campaigns_dialog (window));
      /* The examples hold one campaign: no empty half below it. */
      gtk_window_set_default_size (GTK_WINDOW (shown), 640, 300);
      cn_test_ui_spin (300);
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
