/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Preferences → Data as a person uses it: export everything, change things,
 * restore the copy, then undo the restore. */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-preferences-window.h"
#include "cn-store.h"
#include "cn-test-ui.h"
#include "cn-window-private.h"

typedef CnTestWindowFixture Fixture;

/* Only for looking at, when CN_TEST_SNAPSHOT_DIR is set. */
static void
save_snapshot (GtkWidget *widget, const char *name)
{
  const char *dir = g_getenv ("CN_TEST_SNAPSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  cn_test_ui_spin (600);
  if (!cn_test_ui_snapshot (widget, path, &error))
    g_test_message ("No snapshot %s: %s", path, error->message);
}

static gboolean
page_idle (gpointer page)
{
  return !_cn_data_page_is_busy (page);
}

static void
test_export_and_restore (Fixture *f, gconstpointer data)
{
  g_autofree char *copy = g_build_filename (cn_test_ui_get_tmpdir (), "copy.db", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (copy);
  g_autoptr (CnContact) newcomer = cn_contact_new ("Ninon Aubry");
  g_autoptr (GError) error = NULL;
  CnPreferencesWindow *prefs;
  CnDataPage *page;
  guint contacts, requests;

  cn_test_window_fixture_load_demo (f);
  contacts = cn_store_count_contacts (f->store);
  requests = cn_store_count_requests (f->store);
  prefs = cn_preferences_window_new (GTK_WINDOW (f->window), f->store);
  gtk_window_present (GTK_WINDOW (prefs));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "data");
  page = CN_DATA_PAGE (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (prefs)));
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (cn_test_ui_child (page, "export_button"))));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (cn_test_ui_child (page, "restore_button"))));

  _cn_data_page_export_to (page, file);
  g_assert_true (_cn_data_page_is_busy (page));
  g_assert_false (
      gtk_widget_get_sensitive (GTK_WIDGET (cn_test_ui_child (page, "restore_button"))));
  g_assert_true (cn_test_ui_wait_until (page_idle, page, 10000));
  g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));

  g_assert_true (cn_store_add_contact (f->store, newcomer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, contacts + 1);

  _cn_data_page_restore_from (page, file);
  g_assert_true (cn_test_ui_wait_until (page_idle, page, 10000));
  save_snapshot (GTK_WIDGET (prefs), "preferences-data.png");
  /* The window's store reads the restored file: the newcomer is gone. */
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, contacts);
  g_assert_cmpuint (cn_store_count_requests (f->store), ==, requests);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cn_test_ui_request_model (f->window))),
                    ==, requests);

  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int argc, char *argv[])
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;

  g_test_add ("/ui/data/export-and-restore", Fixture, NULL, cn_test_window_fixture_set_up,
              test_export_and_restore, cn_test_window_fixture_tear_down);

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
