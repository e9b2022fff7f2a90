/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <locale.h>

#include "cn-test-ui.h"
#include "cn-window-private.h"

static char *tmpdir;

static void
set_dir (const char *var, const char *name)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);

  g_mkdir_with_parents (path, 0700);
  g_setenv (var, path, TRUE);
}

/* AdwApplication loads the app's style sheet; windows made without one
 * (tests, screenshots) need it too. */
static void
load_app_style (void)
{
  g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

gboolean
cn_test_ui_init (int *argc, char ***argv)
{
  const char *localedir = g_getenv ("CONNECTEUR_LOCALEDIR");

  tmpdir = g_dir_make_tmp ("connecteur-ui-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  g_setenv ("HOME", tmpdir, TRUE);
  set_dir ("XDG_DATA_HOME", "data");
  set_dir ("XDG_CONFIG_HOME", "config");
  set_dir ("XDG_CACHE_HOME", "cache");
  set_dir ("XDG_STATE_HOME", "state");
  g_unsetenv ("CONNECTEUR_DB");
  /* Without a session bus GTK warns (fatal in tests) when it looks for the
   * accessibility bus; under dbus-run-session the bridge stays on. A test
   * may have chosen GTK's own test context (GTK_A11Y=test) to read names back. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL && g_getenv ("GTK_A11Y") == NULL)
    g_setenv ("GTK_A11Y", "none", TRUE);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (argc, argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("no display: run under xvfb-run");
      return FALSE;
    }
  adw_init ();
  gtk_source_init ();
  load_app_style ();
  /* Forwards go at once: the first forward's "Sign Your Forwards" question
   * has its own test (/endorsement/first-forward-asks-name). */
  {
    g_autoptr (GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_boolean (settings, "asked-connector-name", TRUE);
  }
  return TRUE;
}

const char *
cn_test_ui_get_tmpdir (void)
{
  return tmpdir;
}

static gboolean
on_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
cn_test_ui_wait_until (gboolean (*condition) (gpointer), gpointer data, guint timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout_cb, &timed_out);

  while (!(condition && condition (data)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  return condition ? condition (data) : TRUE;
}

void
cn_test_ui_save_shot (GtkWidget *widget, const char *name)
{
  const char *dir = g_getenv ("CONNECTEUR_SCREENSHOT_DIR");
  const char *lang = g_getenv ("LANGUAGE");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (dir == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  file = g_strdup_printf ("%s-%s.png", name, lang != NULL && *lang != '\0' ? lang : "en");
  path = g_build_filename (dir, file, NULL);
  cn_test_ui_snapshot (widget, path, &error);
  g_assert_no_error (error); /* the message says what went wrong */
}

void
cn_test_ui_spin (guint ms)
{
  cn_test_ui_wait_until (NULL, NULL, ms);
}

static void
on_after_paint_cb (GdkFrameClock *clock, gpointer data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

gboolean
cn_test_ui_snapshot (GtkWidget *widget, const char *png_path, GError **error)
{
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderer *renderer;
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  clock = gtk_widget_get_frame_clock (widget);
  if (clock == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "widget is not shown");
      return FALSE;
    }
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  /* Painted, and still laid out a moment later: what ran after the paint
   * (an idle showing a button) may have asked for a new layout. */
  for (guint tries = 0; tries < 20; tries++)
    {
      gboolean laid_out = FALSE;
      gulong layout_handler;

      painted = FALSE;
      gtk_widget_queue_draw (widget);
      cn_test_ui_wait_until (flag_is_set, &painted, 5000);
      layout_handler = g_signal_connect (clock, "layout", G_CALLBACK (on_after_paint_cb),
                                         &laid_out);
      cn_test_ui_spin (30);
      g_signal_handler_disconnect (clock, layout_handler);
      if (!laid_out)
        break;
    }
  g_signal_handler_disconnect (clock, handler);

  /* A widget between two layouts draws nothing: the next frame will. */
  paintable = gtk_widget_paintable_new (widget);
  for (guint tries = 0; node == NULL && tries < 20; tries++)
    {
      if (tries > 0)
        cn_test_ui_spin (50);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "nothing was drawn");
      return FALSE;
    }

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, png_path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", png_path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  return g_rmdir (path) == 0;
}

void
cn_test_ui_cleanup (void)
{
  if (tmpdir != NULL)
    remove_tree (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

gpointer
cn_test_ui_child (gpointer widget, const char *name)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  for (GType type = G_OBJECT_TYPE (widget); g_type_is_a (type, GTK_TYPE_WIDGET);
       type = g_type_parent (type))
    {
      GObject *child = gtk_widget_get_template_child (widget, type, name);

      if (child != NULL)
        return child;
    }
  g_error ("%s has no template child named “%s”", G_OBJECT_TYPE_NAME (widget), name);
}

gpointer
cn_test_ui_review_child (CnWindow *window, const char *name)
{
  return cn_test_ui_child (cn_test_ui_child (window, "review_pane"), name);
}

GtkWidget *
cn_test_ui_action_button (CnWindow *window, const char *action)
{
  static const char *const buttons[][2] = { { "forward", "forward_button" },
                                            { "copy-forward", "copy_button" },
                                            { "ask-motivation", "ask_button" },
                                            { "decline", "decline_button" },
                                            { "archive", "archive_button" } };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    if (g_strcmp0 (action, buttons[i][0]) == 0)
      return GTK_WIDGET (cn_test_ui_review_child (window, buttons[i][1]));
  g_error ("no button for the action “%s”", action);
}

GtkWidget *
cn_test_ui_find_button (GtkWidget *widget, const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = cn_test_ui_find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWindow *
cn_test_ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

CnWindow *
cn_test_ui_new_window (CnStore *store)
{
  CnWindow *window = cn_window_new (NULL, store, NULL);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "all");
  return window;
}

void
cn_test_window_fixture_set_up (CnTestWindowFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("test-%u.db", g_random_int ());
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);

  f->store = cn_store_open (path, &error);
  g_assert_no_error (error);
  f->window = cn_test_ui_new_window (f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 760);
  gtk_window_present (GTK_WINDOW (f->window));
  cn_test_ui_spin (100);
}

void
cn_test_window_fixture_tear_down (CnTestWindowFixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  cn_test_ui_spin (50);
  g_clear_object (&f->store);
}

GtkSelectionModel *
cn_test_ui_request_model (gpointer window)
{
  return gtk_grid_view_get_model (GTK_GRID_VIEW (cn_test_ui_child (window, "request_list_view")));
}

gboolean
cn_test_ui_page_is_requests (gpointer window)
{
  return g_strcmp0 (_cn_window_get_visible_page (window), "requests") == 0;
}

gboolean
cn_test_ui_analysis_done (gpointer window)
{
  return !_cn_window_is_analysing (window);
}

void
cn_test_window_fixture_load_demo (CnTestWindowFixture *f)
{
  gtk_widget_activate (GTK_WIDGET (cn_test_ui_child (f->window, "load_demo_button")));
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_page_is_requests, f->window, 5000));
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_analysis_done, f->window, 10000));
}

CnRequest *
cn_test_window_fixture_select_with (CnTestWindowFixture *f, const char *needle)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (cn_test_ui_request_model (f->window));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (selection));

  for (int pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (CnRequest) request = g_list_model_get_item (G_LIST_MODEL (selection), i);
          const char *note = cn_request_get_note_to_target (request);

          if (note != NULL && strstr (note, needle) != NULL)
            {
              gtk_single_selection_set_selected (selection, i);
              cn_test_ui_spin (20);
              return gtk_single_selection_get_selected_item (selection);
            }
        }
      /* Not in the view shown (To do): look among all the requests. */
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "all");
      n = g_list_model_get_n_items (G_LIST_MODEL (selection));
    }
  g_assert_not_reached ();
  return NULL;
}

char *
cn_test_ui_visible_text (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x2066 || c > 0x2069)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}
