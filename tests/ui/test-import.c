/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Import as the window offers it: files in, a report out with what was
 * added, updated, skipped and rejected; errors that name the file; Cancel
 * that changes nothing; possible duplicates to merge; a drop on the window. */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-duplicates-dialog.h"
#include "cn-import-dialog.h"
#include "cn-store.h"
#include "cn-test-ui.h"
#include "cn-window-private.h"

static const char people_vcf[] = "BEGIN:VCARD\r\n"
                                 "VERSION:3.0\r\n"
                                 "FN:Amélie Fournier\r\n"
                                 "N:Fournier;Amélie;;;\r\n"
                                 "ORG:Atelier Nord\r\n"
                                 "TITLE:Directrice technique\r\n"
                                 "EMAIL;TYPE=INTERNET:amelie@atelier-nord.example\r\n"
                                 "END:VCARD\r\n"
                                 "BEGIN:VCARD\r\n"
                                 "VERSION:3.0\r\n"
                                 "FN:Bastien Roy\r\n"
                                 "N:Roy;Bastien;;;\r\n"
                                 "ORG:Coopérative Lumen\r\n"
                                 "EMAIL:bastien@lumen.example\r\n"
                                 "END:VCARD\r\n";

/* Google Contacts' export (the older header). */
static const char contacts_csv[] =
    "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Organization 1 - Name,"
    "Organization 1 - Title\r\n"
    "Chloé Garnier,Chloé,Garnier,* Work,chloe@verger.example,Le Verger,Agronome\r\n";

static char *
write_file (const char *name, const char *contents, gssize length)
{
  char *path = g_build_filename (cn_test_ui_get_tmpdir (), name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

static CnImportDialog *
import_dialog (CnTestWindowFixture *f)
{
  GtkWindow *dialog = _cn_window_get_import_dialog (f->window);

  return dialog != NULL ? CN_IMPORT_DIALOG (dialog) : NULL;
}

/* "progress" or "report". */
static const char *
import_page (CnImportDialog *dialog)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (cn_test_ui_child (dialog, "stack")));
}

/* The text of a label of the dialog: "report_title", "report_description"
 * (the error, when there is one), a count… */
static const char *
label_text (CnImportDialog *dialog, const char *name)
{
  return gtk_label_get_text (GTK_LABEL (cn_test_ui_child (dialog, name)));
}

/* The count shown for @what ("contacts_added", "requests_skipped", …), NULL
 * when its group is hidden. */
static const char *
count_shown (CnImportDialog *dialog, const char *what)
{
  g_autofree char *label = g_strconcat (what, "_label", NULL);
  const char *group = g_str_has_prefix (what, "contacts_") ? "contacts_group" : "requests_group";

  if (!gtk_widget_get_visible (GTK_WIDGET (cn_test_ui_child (dialog, group))))
    return NULL;
  return label_text (dialog, label);
}

/* The title of the rejected rows ("3 rejected rows"), NULL when none. */
static const char *
rejections_title (CnImportDialog *dialog)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (
      cn_test_ui_child (dialog, "rejections_group"));

  if (!gtk_widget_get_visible (GTK_WIDGET (group)))
    return NULL;
  return adw_preferences_group_get_title (group);
}

static gboolean
report_shown (gpointer data)
{
  CnImportDialog *dialog = import_dialog (data);

  return dialog != NULL && !cn_import_dialog_is_running (dialog) &&
         g_strcmp0 (import_page (dialog), "report") == 0;
}

/* Imports the files as the chooser would, and waits for the report. */
static CnImportDialog *
import_paths (CnTestWindowFixture *f, const char *const *paths)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));
  _cn_window_import_files (f->window, (GFile **) files->pdata, files->len);
  g_assert_nonnull (import_dialog (f));
  g_assert_true (cn_test_ui_wait_until (report_shown, f, 20000));
  return import_dialog (f);
}

static void
close_import (CnTestWindowFixture *f)
{
  gtk_window_close (GTK_WINDOW (import_dialog (f)));
  cn_test_ui_spin (20);
  g_assert_null (import_dialog (f));
}

/* With CN_TEST_IMPORT_SNAPSHOT=PATH.png, saves what @widget shows to
 * PATH-@suffix.png (or PATH.png), to look at. */
static void
maybe_snapshot (GtkWidget *widget, const char *suffix)
{
  const char *snapshot = g_getenv ("CN_TEST_IMPORT_SNAPSHOT");
  g_autoptr (GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;

  if (snapshot == NULL || !g_str_has_suffix (snapshot, ".png"))
    return;
  base = g_strndup (snapshot, strlen (snapshot) - strlen (".png"));
  path = suffix ? g_strconcat (base, "-", suffix, ".png", NULL) : g_strdup (snapshot);
  cn_test_ui_spin (300);
  cn_test_ui_snapshot (widget, path, &error);
  g_assert_no_error (error);
}

static gboolean
has_contact (CnStore *store, const char *name, const char *company)
{
  g_autoptr (GPtrArray) contacts = cn_store_list_contacts (store, NULL);

  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    {
      CnContact *contact = g_ptr_array_index (contacts, i);

      if (g_strcmp0 (cn_contact_get_name (contact), name) == 0 &&
          g_strcmp0 (cn_contact_get_company (contact), company) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_entry_points (CnTestWindowFixture *f, gconstpointer data)
{
  GtkWidget *button = GTK_WIDGET (cn_test_ui_child (f->window, "empty_import_button"));
  GMenuModel *menu = gtk_menu_button_get_menu_model (
      GTK_MENU_BUTTON (cn_test_ui_child (f->window, "menu_button")));
  gboolean in_menu = FALSE;

  /* On the welcome page of an empty database, and in the main menu. */
  g_assert_cmpstr (_cn_window_get_visible_page (f->window), ==, "empty");
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.import");
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      GMenuModel *section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;

          if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
            in_menu |= g_strcmp0 (action, "win.import") == 0;
        }
      g_clear_object (&section);
    }
  g_assert_true (in_menu);
  maybe_snapshot (GTK_WIDGET (f->window), "welcome");
}

/* The chooser: several files with the formats as filters, or one folder
 * (an unzipped LinkedIn export); Cancel imports nothing. */
static void
test_file_choosers (CnTestWindowFixture *f, gconstpointer data)
{
  GtkNativeDialog *chooser;
  g_autoptr (GListModel) filters = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import", NULL));
  chooser = _cn_window_get_file_chooser (f->window);
  g_assert_true (GTK_IS_FILE_CHOOSER_NATIVE (chooser));
  g_assert_true (gtk_native_dialog_get_modal (chooser));
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_OPEN);
  g_assert_true (gtk_file_chooser_get_select_multiple (GTK_FILE_CHOOSER (chooser)));
  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
  /* All supported, LinkedIn, vCard, contacts CSV, e-mail, all files. */
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 6);
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);
  g_assert_null (_cn_window_get_file_chooser (f->window));
  g_assert_null (_cn_window_get_import_dialog (f->window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import-folder", NULL));
  chooser = _cn_window_get_file_chooser (f->window);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);
  g_assert_null (_cn_window_get_file_chooser (f->window));
}

static void
test_import_and_again (CnTestWindowFixture *f, gconstpointer data)
{
  g_autofree char *vcf = write_file ("people.vcf", people_vcf, -1);
  g_autofree char *csv = write_file ("contacts.csv", contacts_csv, -1);
  const char *paths[] = { vcf, csv, NULL };
  CnImportDialog *dialog;

  dialog = import_paths (f, paths);
  g_assert_cmpstr (label_text (dialog, "report_title"), ==, _("Import Complete"));
  g_assert_nonnull (strstr (label_text (dialog, "report_description"), "people.vcf"));
  g_assert_cmpstr (count_shown (dialog, "contacts_added"), ==, "3");
  g_assert_cmpstr (count_shown (dialog, "contacts_unchanged"), ==, "0");
  /* No request in these files: their counts are not shown. */
  g_assert_null (count_shown (dialog, "requests_added"));
  g_assert_null (rejections_title (dialog));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (cn_test_ui_child (dialog, "review_button"))));
  /* In the store, accents intact, and the window shows the contacts. */
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, 3);
  g_assert_true (has_contact (f->store, "Amélie Fournier", "Atelier Nord"));
  g_assert_true (has_contact (f->store, "Chloé Garnier", "Le Verger"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (
                       ADW_VIEW_STACK (cn_test_ui_child (f->window, "view_stack"))),
                   ==, "contacts");
  close_import (f);

  /* The same files again: nothing added, everything recognised. */
  dialog = import_paths (f, paths);
  g_assert_cmpstr (label_text (dialog, "report_title"), ==, _("Nothing New to Import"));
  g_assert_cmpstr (count_shown (dialog, "contacts_added"), ==, "0");
  g_assert_cmpstr (count_shown (dialog, "contacts_unchanged"), ==, "3");
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, 3);
  close_import (f);
}

static void
test_garbage_file (CnTestWindowFixture *f, gconstpointer data)
{
  static const char garbage[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x02\xff\xfe";
  g_autofree char *path = write_file ("holiday-photo.csv", garbage, sizeof garbage);
  g_autofree char *vcf = write_file ("good.vcf", people_vcf, -1);
  const char *paths[] = { vcf, path, NULL };
  CnImportDialog *dialog;

  /* One bad file among good ones: the whole import is refused. */
  dialog = import_paths (f, paths);
  g_assert_cmpstr (label_text (dialog, "report_title"), ==, _("Import Failed"));
  g_assert_nonnull (strstr (label_text (dialog, "report_description"), "holiday-photo.csv"));
  g_assert_null (count_shown (dialog, "contacts_added"));
  g_assert_null (cn_import_dialog_get_report (dialog));
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, 0);
  g_assert_cmpstr (_cn_window_get_visible_page (f->window), ==, "empty");
  maybe_snapshot (GTK_WIDGET (dialog), "error");
  close_import (f);

  /* A file gone between the choice and the import: named too. */
  {
    g_autofree char *gone = g_build_filename (cn_test_ui_get_tmpdir (), "vanished.vcf", NULL);
    const char *gone_paths[] = { gone, NULL };

    dialog = import_paths (f, gone_paths);
    g_assert_cmpstr (label_text (dialog, "report_title"), ==, _("Import Failed"));
    g_assert_nonnull (strstr (label_text (dialog, "report_description"), "vanished.vcf"));
    g_assert_cmpuint (cn_store_count_contacts (f->store), ==, 0);
  }
}

static char *
write_big_vcard (guint n)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text,
                            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Personne %u\r\nORG:Société %u\r\n"
                            "EMAIL:personne%u@exemple.example\r\nEND:VCARD\r\n",
                            i, i % 97, i);
  return write_file ("big.vcf", text->str, text->len);
}

static void
test_cancel (CnTestWindowFixture *f, gconstpointer data)
{
  g_autofree char *small = write_file ("people.vcf", people_vcf, -1);
  g_autofree char *big = write_big_vcard (20000);
  const char *small_paths[] = { small, NULL };
  g_autoptr (GFile) file = g_file_new_for_path (big);
  CnImportDialog *dialog;
  GtkWidget *cancel;

  import_paths (f, small_paths);
  close_import (f);
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, 2);

  _cn_window_import_files (f->window, &file, 1);
  dialog = import_dialog (f);
  g_assert_true (cn_import_dialog_is_running (dialog));
  g_assert_cmpstr (import_page (dialog), ==, "progress");
  cancel = GTK_WIDGET (cn_test_ui_child (dialog, "cancel_button"));
  maybe_snapshot (GTK_WIDGET (dialog), "progress");
  g_assert_true (gtk_widget_is_visible (cancel));
  g_signal_emit_by_name (cancel, "clicked");
  /* Cancelling: the button cannot be pressed twice. */
  g_assert_false (gtk_widget_is_sensitive (cancel));
  g_assert_true (cn_test_ui_wait_until (report_shown, f, 20000));
  g_assert_cmpstr (label_text (dialog, "report_title"), ==, _("Import Cancelled"));
  g_assert_cmpstr (label_text (dialog, "report_description"), ==,
                   _("Import cancelled: nothing was changed."));
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, 2);
}

static gboolean
import_dialog_gone (gpointer data)
{
  return import_dialog (data) == NULL;
}

/* The Cancel action (what Escape and the button do), and closing the running
 * dialog, which cancels too and lets the window know. */
static void
test_cancel_action_and_close (CnTestWindowFixture *f, gconstpointer data)
{
  g_autofree char *big = write_big_vcard (20000);
  g_autoptr (GFile) file = g_file_new_for_path (big);
  CnImportDialog *dialog;

  _cn_window_import_files (f->window, &file, 1);
  dialog = import_dialog (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.cancel", NULL));
  g_assert_true (cn_test_ui_wait_until (report_shown, f, 20000));
  g_assert_cmpstr (label_text (dialog, "report_title"), ==, _("Import Cancelled"));
  close_import (f);

  _cn_window_import_files (f->window, &file, 1);
  dialog = import_dialog (f);
  g_assert_true (cn_import_dialog_is_running (dialog));
  gtk_window_close (GTK_WINDOW (dialog));
  /* Hidden at once, gone once the worker has stopped. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (cn_test_ui_wait_until (import_dialog_gone, f, 20000));
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, 0);
  g_assert_cmpstr (_cn_window_get_visible_page (f->window), ==, "empty");
}

static char *
vcard_one (const char *name, const char *org, const char *email)
{
  return g_strdup_printf ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:%s\r\nORG:%s\r\nEMAIL:%s\r\n"
                          "END:VCARD\r\n",
                          name, org, email);
}

/* The duplicates dialog open over the import dialog, or NULL. */
static CnDuplicatesDialog *
duplicates_of (CnImportDialog *dialog)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (CN_IS_DUPLICATES_DIALOG (window) &&
          gtk_window_get_transient_for (window) == GTK_WINDOW (dialog))
        return CN_DUPLICATES_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_open (gpointer data)
{
  return duplicates_of (data) != NULL;
}

static guint
n_pairs (CnDuplicatesDialog *duplicates)
{
  return g_list_model_get_n_items (
      G_LIST_MODEL (gtk_list_view_get_model (cn_test_ui_child (duplicates, "list_view"))));
}

/* The row of the nth pair, in a list whose rows all show from the first:
 * the list's children are in its order; those bound to no item are hidden. */
static GtkWidget *
pair_row (CnDuplicatesDialog *duplicates, guint index)
{
  GtkWidget *list_view = cn_test_ui_child (duplicates, "list_view");
  guint n = 0;

  gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", index);
  cn_test_ui_spin (20);
  for (GtkWidget *child = gtk_widget_get_first_child (list_view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && n++ == index)
      return child;
  return NULL;
}

/* The button of the nth pair labelled @label (_("_Merge") or _("_Keep Both")). */
static GtkWidget *
pair_button (CnDuplicatesDialog *duplicates, guint index, const char *label)
{
  GtkWidget *row = pair_row (duplicates, index);
  GtkWidget *button;

  g_assert_nonnull (row);
  button = cn_test_ui_find_button (row, label);
  g_assert_nonnull (button);
  return button;
}

/* What became of the nth pair ("Merged", "Kept both", an error): the words
 * shown before its buttons, NULL while there are none. */
static const char *
pair_status (CnDuplicatesDialog *duplicates, guint index)
{
  GtkWidget *status = gtk_widget_get_prev_sibling (
      pair_button (duplicates, index, _("_Keep Both")));

  g_assert_true (GTK_IS_LABEL (status));
  return gtk_widget_get_visible (status) ? gtk_label_get_text (GTK_LABEL (status)) : NULL;
}

static void
test_duplicates_merge (CnTestWindowFixture *f, gconstpointer data)
{
  g_autofree char *first = vcard_one ("Claire Martin", "Studio Alto", "claire@alto.example");
  g_autofree char *second =
      g_strconcat ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Claire Martin\r\nORG:Banque Sud\r\n"
                   "TITLE:Analyste\r\nEMAIL:c.martin@sud.example\r\nEND:VCARD\r\n"
                   /* A card without a name: rejected, with its line. */
                   "BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Nobody Inc\r\nEND:VCARD\r\n",
                   NULL);
  g_autofree char *first_path = write_file ("alto.vcf", first, -1);
  g_autofree char *second_path = write_file ("sud.vcf", second, -1);
  const char *first_paths[] = { first_path, NULL };
  const char *second_paths[] = { second_path, NULL };
  g_autofree char *rejection = NULL;
  g_autofree char *rejected = NULL;
  g_autofree char *place = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *imported = NULL;
  CnDuplicatesDialog *duplicates;
  CnImportDialog *dialog;
  GtkWidget *review;

  import_paths (f, first_paths);
  close_import (f);
  dialog = import_paths (f, second_paths);
  g_assert_cmpstr (count_shown (dialog, "contacts_added"), ==, "1");
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, 2);

  /* The rejected card: counted, with file, line and reason. */
  rejected = g_strdup_printf (ngettext ("%u rejected row", "%u rejected rows", 1), 1);
  g_assert_cmpstr (rejections_title (dialog), ==, rejected);
  rejection = _cn_import_dialog_dup_rejection (dialog, 0);
  place = g_strdup_printf (_("%s, line %u"), "sud.vcf", 8);
  g_assert_true (g_str_has_prefix (rejection, place));
  g_assert_cmpuint (strlen (rejection), >, strlen (place) + 1);
  g_assert_null (_cn_import_dialog_dup_rejection (dialog, 1));

  if (g_getenv ("CN_TEST_IMPORT_SNAPSHOT") != NULL)
    gtk_widget_set_size_request (GTK_WIDGET (dialog), 560, 820);
  maybe_snapshot (GTK_WIDGET (dialog), NULL);

  review = GTK_WIDGET (cn_test_ui_child (dialog, "review_button"));
  g_assert_true (gtk_widget_is_visible (review));
  g_signal_emit_by_name (review, "clicked");
  g_assert_true (cn_test_ui_wait_until (dialog_open, dialog, 3000));
  duplicates = duplicates_of (dialog);
  g_assert_cmpuint (n_pairs (duplicates), ==, 1);
  existing = _cn_duplicates_dialog_dup_contact_text (duplicates, 0, TRUE);
  imported = _cn_duplicates_dialog_dup_contact_text (duplicates, 0, FALSE);
  g_assert_cmpstr (existing, ==, "Claire Martin\nStudio Alto\nclaire@alto.example\n");
  g_assert_cmpstr (imported, ==, "Claire Martin\nBanque Sud\nAnalyste\nc.martin@sud.example\n");
  g_assert_null (pair_status (duplicates, 0));
  maybe_snapshot (GTK_WIDGET (duplicates), "duplicates");

  g_signal_emit_by_name (pair_button (duplicates, 0, _("_Merge")), "clicked");
  g_assert_cmpstr (pair_status (duplicates, 0), ==, C_("duplicate", "Merged"));
  g_assert_false (gtk_widget_is_visible (pair_button (duplicates, 0, _("_Merge"))));
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, 1);
  /* The existing contact stays, and takes the position it lacked. */
  g_assert_true (has_contact (f->store, "Claire Martin", "Studio Alto"));
}

static void
test_keep_both (CnTestWindowFixture *f, gconstpointer data)
{
  g_autofree char *first = vcard_one ("Louis Petit", "Alpha", "louis@alpha.example");
  g_autofree char *second = vcard_one ("Louis Petit", "Beta", "louis@beta.example");
  g_autofree char *first_path = write_file ("alpha.vcf", first, -1);
  g_autofree char *second_path = write_file ("beta.vcf", second, -1);
  const char *first_paths[] = { first_path, NULL };
  const char *second_paths[] = { second_path, NULL };
  CnDuplicatesDialog *duplicates;
  CnImportDialog *dialog;

  import_paths (f, first_paths);
  close_import (f);
  dialog = import_paths (f, second_paths);
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (dialog), "import.review-duplicates", NULL));
  duplicates = duplicates_of (dialog);
  g_assert_nonnull (duplicates);
  g_signal_emit_by_name (pair_button (duplicates, 0, _("_Keep Both")), "clicked");
  g_assert_cmpstr (pair_status (duplicates, 0), ==, C_("duplicate", "Kept both"));
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, 2);
}

static const char request_eml[] =
    "From: Hugo Lefort <hugo.lefort@example.org>\r\n"
    "To: Moi <moi@example.net>\r\n"
    "Subject: Introduction to Amélie Fournier?\r\n"
    "Date: Tue, 04 Mar 2025 09:30:00 +0100\r\n"
    "Message-ID: <ask-amelie@example.org>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=UTF-8\r\n"
    "\r\n"
    "Bonjour,\r\n\r\n"
    "Pourriez-vous me présenter à Amélie Fournier (amelie@atelier-nord.example) ?\r\n"
    "Je dirige l'atelier de réparation de vélos du quartier et je voudrais lui demander\r\n"
    "vingt minutes de conseil sur l'outillage de notre nouvel atelier.\r\n\r\n"
    "Merci,\r\nHugo\r\n";

/* A request by e-mail: listed at once, then checked in the background. */
static void
test_requests_listed_and_checked (CnTestWindowFixture *f, gconstpointer data)
{
  g_autofree char *vcf = write_file ("people.vcf", people_vcf, -1);
  g_autofree char *eml = write_file ("ask.eml", request_eml, -1);
  const char *paths[] = { vcf, eml, NULL };
  GListModel *list;
  CnImportDialog *dialog;
  g_autoptr (CnRequest) request = NULL;

  dialog = import_paths (f, paths);
  g_assert_cmpstr (count_shown (dialog, "requests_added"), ==, "1");
  g_assert_cmpstr (count_shown (dialog, "contacts_added"), ==, "2");
  g_assert_cmpstr (_cn_window_get_visible_page (f->window), ==, "requests");
  list = G_LIST_MODEL (cn_test_ui_request_model (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  /* The background check gives it a verdict. */
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_analysis_done, f->window, 10000));
  request = g_list_model_get_item (list, 0);
  g_assert_cmpstr (cn_request_get_requester_name (request), ==, "Hugo Lefort");
  g_assert_cmpint (cn_request_get_verdict (request), !=, CN_VERDICT_NONE);
  close_import (f);

  /* Again: the request is recognised, not added twice. */
  dialog = import_paths (f, paths);
  g_assert_cmpstr (count_shown (dialog, "requests_added"), ==, "0");
  g_assert_cmpstr (count_shown (dialog, "requests_skipped"), ==, "1");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
}

/* Files dropped on the window: the hint while dragging, then the same import. */
static void
test_drop (CnTestWindowFixture *f, gconstpointer data)
{
  g_autofree char *vcf = write_file ("dropped.vcf", people_vcf, -1);
  g_autoptr (GFile) file = g_file_new_for_path (vcf);
  GtkDropTarget *target = _cn_window_get_drop_target (f->window);
  GdkFileList *list = gdk_file_list_new_from_array (&file, 1);
  GValue value = G_VALUE_INIT;
  GdkDragAction action = 0;
  gboolean handled = FALSE;
  CnImportDialog *dialog;

  g_assert_nonnull (target);
  g_assert_true (
      g_type_is_a (GDK_TYPE_FILE_LIST,
                   gdk_content_formats_get_gtypes (gtk_drop_target_get_formats (target), NULL)[0]));
  g_signal_emit_by_name (target, "enter", 20.0, 20.0, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cn_test_ui_child (f->window, "drop_hint"))));
  maybe_snapshot (GTK_WIDGET (f->window), "drop");

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);
  g_signal_emit_by_name (target, "drop", &value, 20.0, 20.0, &handled);
  g_value_unset (&value);
  g_assert_true (handled);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cn_test_ui_child (f->window, "drop_hint"))));
  g_assert_true (cn_test_ui_wait_until (report_shown, f, 20000));
  dialog = import_dialog (f);
  g_assert_cmpstr (count_shown (dialog, "contacts_added"), ==, "2");
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, 2);
}

int
main (int argc, char **argv)
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;

#define ADD(path, func)                                                                            \
  g_test_add (path, CnTestWindowFixture, NULL, cn_test_window_fixture_set_up, func,                \
              cn_test_window_fixture_tear_down)
  ADD ("/import/entry-points", test_entry_points);
  ADD ("/import/file-choosers", test_file_choosers);
  ADD ("/import/import-and-again", test_import_and_again);
  ADD ("/import/garbage-file", test_garbage_file);
  ADD ("/import/cancel", test_cancel);
  ADD ("/import/cancel-action-and-close", test_cancel_action_and_close);
  ADD ("/import/duplicates-merge", test_duplicates_merge);
  ADD ("/import/keep-both", test_keep_both);
  ADD ("/import/requests-listed-and-checked", test_requests_listed_and_checked);
  ADD ("/import/drop", test_drop);
#undef ADD

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
