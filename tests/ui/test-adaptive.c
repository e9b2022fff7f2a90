/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The window at the sizes people use, from a wide screen to a phone-wide
 * 360 px: it never grows wider than asked (nothing is cut off at the right
 * edge), every control in sight lies inside it, and the list, the request and
 * its review with all five answers can be reached. Run once in English and
 * once in French (LANGUAGE=fr): French labels are the longer ones. Each
 * state is also written as a PNG into $CONNECTEUR_SCREENSHOT_DIR. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cn-contacts-view.h"
#include "cn-test-ui.h"
#include "cn-window-private.h"

typedef struct
{
  int width;
  int height;
  const char *folded_page; /* what shows first, with a request selected */
} Size;

static const Size sizes[] = {
  { 1440, 900, "all" },
  { 1024, 700, "all" },
  { 600, 800, "list" },
  { 360, 640, "list" },
};

static void
save_shot (CnWindow *window, const Size *size, const char *state)
{
  g_autofree char *name = g_strdup_printf ("window-%dx%d-%s", size->width, size->height, state);

  cn_test_ui_save_shot (GTK_WIDGET (window), name);
}

/* Every control shown in the window lies within its width: a control past
 * the right edge is one the user cannot reach. */
static void
assert_controls_inside (GtkWidget *widget, GtkWidget *window, int width)
{
  if (!gtk_widget_get_mapped (widget) || gtk_widget_get_native (widget) != GTK_NATIVE (window))
    return;
  if (GTK_IS_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_CHECK_BUTTON (widget) ||
      GTK_IS_MENU_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_ENTRY (widget) ||
      GTK_IS_SEARCH_ENTRY (widget))
    {
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
      if (bounds.origin.x < -1 || bounds.origin.x + bounds.size.width > width + 1)
        g_error ("%s “%s” lies at x = %.0f…%.0f, outside the window's %d px",
                 G_OBJECT_TYPE_NAME (widget),
                 GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget)) : "",
                 bounds.origin.x, bounds.origin.x + bounds.size.width, width);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_controls_inside (child, window, width);
}

static void
assert_fits (CnWindow *window, const Size *size)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  cn_test_ui_spin (400); /* the leaflets' transitions */
  /* A window whose content needs more than it was given grows past it. */
  g_assert_cmpint (gdk_surface_get_width (surface), ==, size->width);
  g_assert_cmpint (gdk_surface_get_height (surface), ==, size->height);
  assert_controls_inside (GTK_WIDGET (window), GTK_WIDGET (window),
                          gtk_widget_get_width (GTK_WIDGET (window)));
}

static void
assert_answers_reachable (CnWindow *window, const Size *size)
{
  const char *actions[] = { "forward", "copy-forward", "ask-motivation", "decline", "archive" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GtkWidget *button = cn_test_ui_action_button (window, actions[i]);

      g_assert_true (gtk_widget_get_mapped (button));
      g_assert_true (gtk_widget_get_sensitive (button) || g_str_equal (actions[i], "forward") ||
                     g_str_equal (actions[i], "copy-forward"));
    }
}

static gboolean
focus_on_note (gpointer window)
{
  return gtk_root_get_focus (GTK_ROOT (window)) ==
         cn_test_ui_child (cn_test_ui_child (window, "detail"), "connector_view");
}

static gboolean
focus_in_review (gpointer window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_is_ancestor (focus, cn_test_ui_child (window, "review_pane"));
}

static gboolean
window_has_size (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

static void
test_window_at_size (gconstpointer data)
{
  const Size *size = data;
  CnTestWindowFixture f = { 0 };
  GtkWidget *list;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("adaptive-%d.db", size->width);
  g_autofree char *path = g_build_filename (cn_test_ui_get_tmpdir (), name, NULL);
  gboolean folded = !g_str_equal (size->folded_page, "all");
  gint64 id;

  /* A screen smaller than the window would shrink it: say so, not fail. */
  {
    GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
    g_autoptr (GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
    GdkRectangle geometry;

    gdk_monitor_get_geometry (monitor, &geometry);
    if (geometry.width < size->width || geometry.height < size->height)
      {
        g_autofree char *why = g_strdup_printf ("the screen is %d×%d, smaller than %d×%d",
                                                geometry.width, geometry.height, size->width,
                                                size->height);

        g_test_skip (why);
        return;
      }
  }
  f.store = cn_store_open (path, &error);
  g_assert_no_error (error);
  f.window = cn_window_new (NULL, f.store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f.window), size->width, size->height);
  gtk_window_present (GTK_WINDOW (f.window));
  g_assert_true (cn_test_ui_wait_until (window_has_size, f.window, 2000));

  /* The welcome page fits too. */
  assert_fits (f.window, size);
  save_shot (f.window, size, "empty");

  cn_test_window_fixture_load_demo (&f);
  id = cn_request_get_id (cn_test_window_fixture_select_with (&f, "outplacement"));
  g_assert_cmpstr (_cn_window_get_navigation_page (f.window), ==, size->folded_page);
  assert_fits (f.window, size);
  save_shot (f.window, size, folded ? "list" : "requests");
  if (!folded)
    {
      /* All three columns at once: nothing to go back to. */
      assert_answers_reachable (f.window, size);
      g_assert_false (gtk_widget_get_visible (cn_test_ui_child (f.window, "back_button")));
    }
  else
    {
      /* Enter on the selected row opens the request, "Check and Answer" its
       * review, and Back walks out again. */
      list = cn_test_ui_child (f.window, "request_list_view");
      g_signal_emit_by_name (list, "activate",
                             gtk_single_selection_get_selected (
                                 GTK_SINGLE_SELECTION (cn_test_ui_request_model (f.window))));
      cn_test_ui_spin (100);
      g_assert_cmpstr (_cn_window_get_navigation_page (f.window), ==, "detail");
      g_assert_true (gtk_widget_get_visible (cn_test_ui_child (f.window, "back_button")));
      /* The keyboard lands on the note to read, not on the title selected whole. */
      g_assert_true (cn_test_ui_wait_until (focus_on_note, f.window, 2000));
      g_assert_false (
          gtk_label_get_selection_bounds (GTK_LABEL (cn_test_ui_child (cn_test_ui_child (f.window,
                                                                                         "detail"),
                                                                       "title_label")),
                                          NULL, NULL));
      g_assert_true (gtk_widget_get_mapped (cn_test_ui_child (f.window, "show_review_button")));
      assert_fits (f.window, size);
      save_shot (f.window, size, "detail");

      /* A button activated from the keyboard shows a press for 250 ms first. */
      gtk_widget_activate (cn_test_ui_child (f.window, "show_review_button"));
      cn_test_ui_spin (400);
      g_assert_cmpstr (_cn_window_get_navigation_page (f.window), ==, "review");
      g_assert_true (cn_test_ui_wait_until (focus_in_review, f.window, 2000));
      assert_fits (f.window, size);
      assert_answers_reachable (f.window, size);
      save_shot (f.window, size, "review");

      gtk_widget_activate (cn_test_ui_child (f.window, "back_button"));
      cn_test_ui_spin (400);
      g_assert_cmpstr (_cn_window_get_navigation_page (f.window), ==, "detail");
      gtk_widget_activate (cn_test_ui_child (f.window, "back_button"));
      cn_test_ui_spin (400);
      g_assert_cmpstr (_cn_window_get_navigation_page (f.window), ==, "list");
      g_assert_false (gtk_widget_get_visible (cn_test_ui_child (f.window, "back_button")));
      /* The same request is still the one selected. */
      g_assert_cmpint (cn_request_get_id (_cn_window_get_selected (f.window)), ==, id);
    }

  /* The Contacts page: a contact in front of the list when narrow, Back returns. */
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.show-contacts", NULL);
  cn_test_ui_spin (300);
  g_assert_true (cn_contacts_view_select_contact (_cn_window_get_contacts_view (f.window),
                                                  cn_request_get_target_id (
                                                      _cn_window_get_selected (f.window))));
  assert_fits (f.window, size);
  save_shot (f.window, size, "contacts");
  g_assert_cmpint (gtk_widget_get_visible (cn_test_ui_child (f.window, "back_button")), ==, folded);
  if (folded)
    {
      gtk_widget_activate (cn_test_ui_child (f.window, "back_button"));
      cn_test_ui_spin (300);
      g_assert_false (cn_contacts_view_can_navigate_back (_cn_window_get_contacts_view (f.window)));
    }

  cn_test_window_fixture_tear_down (&f, NULL);
}

int
main (int argc, char *argv[])
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;
  /* libadwaita 1.2 paints one frame of a leaflet shown inside another
   * mid-transition before laying it out, and GTK warns (fatal here): the
   * layout, not the animation, is what is tested. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/ui/adaptive/%dx%d", sizes[i].width,
                                                    sizes[i].height);

      g_test_add_data_func (test_path, &sizes[i], test_window_at_size);
    }

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
