/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The application as it starts for a user: its database, its menu, About,
 * Keyboard Shortcuts, and the window state kept from one start to the next. */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-application.h"
#include "cn-store.h"
#include "cn-test-ui.h"
#include "cn-window-private.h"

static gboolean
about_shown (gpointer data)
{
  return cn_test_ui_find_toplevel (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

static gboolean
shortcuts_shown (gpointer data)
{
  return cn_test_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) != NULL;
}

static gboolean
menu_has_action (GMenuModel *menu, const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr (GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (section != NULL && menu_has_action (section, action))
        return TRUE;
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action))
        return TRUE;
    }
  return FALSE;
}

static void
assert_accel (GtkApplication *app, const char *action, const char *accel)
{
  g_auto (GStrv) accels = gtk_application_get_accels_for_action (app, action);

  g_assert_true (g_strv_contains ((const char *const *) accels, accel));
}

static void
test_application_starts (void)
{
  g_autofree char *path = g_build_filename (cn_test_ui_get_tmpdir (), "app", "connecteur.db", NULL);
  g_autoptr (CnApplication) app = cn_application_new ();
  g_autoptr (GError) error = NULL;
  GtkWindow *window;
  GtkWindow *about;
  GtkWindow *shortcuts;
  GMenuModel *menu;

  /* CONNECTEUR_DB chooses the database; the folder is created. */
  g_setenv ("CONNECTEUR_DB", path, TRUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (CN_IS_WINDOW (window));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (cn_store_get_path (cn_window_get_store (CN_WINDOW (window))), ==, path);
  g_assert_cmpstr (_cn_window_get_visible_page (CN_WINDOW (window)), ==, "empty");

  /* The primary menu offers Keyboard Shortcuts and About. */
  menu = gtk_menu_button_get_menu_model (
      GTK_MENU_BUTTON (cn_test_ui_child (CN_WINDOW (window), "menu_button")));
  g_assert_true (menu_has_action (menu, "app.about"));
  g_assert_true (menu_has_action (menu, "win.show-help-overlay"));
  g_assert_true (menu_has_action (menu, "win.new-request"));
  assert_accel (GTK_APPLICATION (app), "app.quit", "<Control>q");
  assert_accel (GTK_APPLICATION (app), "window.close", "<Control>w");
  assert_accel (GTK_APPLICATION (app), "win.new-request", "<Control>n");

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (cn_test_ui_wait_until (about_shown, NULL, 3000));
  about = cn_test_ui_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, VERSION);
  g_assert_true (gtk_window_get_transient_for (about) == window);
  gtk_window_destroy (about);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (cn_test_ui_wait_until (shortcuts_shown, NULL, 3000));
  shortcuts = cn_test_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  gtk_window_destroy (shortcuts);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  cn_test_ui_spin (100);
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_unsetenv ("CONNECTEUR_DB");
}

static CnWindow *
open_window (CnStore *store)
{
  CnWindow *window = cn_window_new (NULL, store, NULL);

  gtk_window_present (GTK_WINDOW (window));
  cn_test_ui_spin (200);
  return window;
}

static void
test_window_state_is_remembered (void)
{
  g_autofree char *path = g_build_filename (cn_test_ui_get_tmpdir (), "state.db", NULL);
  g_autoptr (CnStore) store = cn_store_open (path, NULL);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  CnWindow *window;
  int width, height;

  g_assert_nonnull (store);
  window = open_window (store);
  /* What a person does: resize the window. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1111, 777);
  cn_test_ui_spin (100);
  gtk_window_close (GTK_WINDOW (window));
  cn_test_ui_spin (100);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1111);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 777);

  /* The next window opens as the last one was left. */
  window = open_window (store);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1111);
  g_assert_cmpint (height, ==, 777);
  gtk_window_destroy (GTK_WINDOW (window));
  cn_test_ui_spin (50);
}

int
main (int argc, char *argv[])
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;

  g_test_add_func ("/ui/application/starts-with-menu-about-shortcuts", test_application_starts);
  g_test_add_func ("/ui/application/window-state-is-remembered", test_window_state_is_remembered);

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
