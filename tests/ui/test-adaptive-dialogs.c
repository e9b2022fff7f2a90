/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Every dialog, opened as a person would, on a phone-wide screen (the window
 * at 360×640, each dialog sized 360 px wide) and at the window's default size:
 * it can be that narrow, it does not grow past the size asked, and every
 * control it shows lies within its width (scrolling down is fine, a control
 * cut off at the right edge is not). Run once in English and once in French
 * (LANGUAGE=fr): French labels are the longer ones. Each dialog is also
 * written as a PNG into $CONNECTEUR_SCREENSHOT_DIR. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cn-contacts-view.h"
#include "cn-delete-contact-dialog.h"
#include "cn-duplicates-dialog.h"
#include "cn-import-dialog.h"
#include "cn-password-dialog.h"
#include "cn-preferences-window.h"
#include "cn-reply-dialog.h"
#include "cn-test-ui.h"
#include "cn-verification.h"
#include "cn-window-private.h"

#define NARROW_WIDTH 360
#define NARROW_HEIGHT 640

typedef struct
{
  const char *name; /* in the screenshots' names */
  int width;
  int height;
  gboolean narrow; /* each dialog sized NARROW_WIDTH wide, or left at its default size */
} Size;

static const Size sizes[] = {
  { "360", NARROW_WIDTH, NARROW_HEIGHT, TRUE },
  { "default", 1180, 760, FALSE },
};

/* What did not fit, over all the dialogs: every one is looked at before the
 * test fails. */
static GString *failures;

static void
save_shot (GtkWidget *widget, const Size *size, const char *what)
{
  g_autofree char *name = g_strdup_printf ("dialog-%s-%s", what, size->name);

  cn_test_ui_save_shot (widget, name);
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_CHECK_BUTTON (widget) ||
         GTK_IS_MENU_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_EDITABLE (widget) ||
         GTK_IS_TEXT_VIEW (widget) || GTK_IS_SCALE (widget) ||
         (GTK_IS_LIST_BOX_ROW (widget) &&
          gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget)));
}

/* Every control shown in the dialog lies within its width: one past the
 * right edge is one the user cannot reach. */
static void
assert_controls_inside (GtkWidget *widget, GtkWidget *dialog, int width, const char *what)
{
  if (!gtk_widget_get_mapped (widget) || gtk_widget_get_native (widget) != GTK_NATIVE (dialog))
    return;
  if (is_control (widget))
    {
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (widget, dialog, &bounds));
      if (bounds.origin.x < -1 || bounds.origin.x + bounds.size.width > width + 1)
        g_string_append_printf (failures,
                                "\n  %s: %s “%s” lies at x = %.0f…%.0f, outside its %d px", what,
                                G_OBJECT_TYPE_NAME (widget),
                                GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget))
                                                       : "",
                                bounds.origin.x, bounds.origin.x + bounds.size.width, width);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_controls_inside (child, dialog, width, what);
}

/* A button labelled @label that the user sees (not the hidden twin of one). */
static gboolean
has_mapped_button (GtkWidget *widget, const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_mapped_button (child, label))
      return TRUE;
  return FALSE;
}

static gboolean
is_sized (gpointer dialog)
{
  return gtk_widget_get_mapped (dialog) && gtk_widget_get_width (dialog) > 0;
}

/* Checks the dialog open at @size, and saves its picture as @what. */
static void
check_dialog (GtkWindow *dialog, const Size *size, const char *what)
{
  GdkSurface *surface;
  int minimum, default_width, default_height, asked_width, asked_height;

  g_assert_nonnull (dialog);
  g_assert_true (cn_test_ui_wait_until (is_sized, dialog, 3000));
  cn_test_ui_spin (200);
  surface = gtk_native_get_surface (GTK_NATIVE (dialog));
  gtk_window_get_default_size (dialog, &default_width, &default_height);
  asked_width = default_width > 0 ? default_width : gdk_surface_get_width (surface);
  asked_height = default_height > 0 ? default_height : gdk_surface_get_height (surface);
  if (size->narrow)
    {
      gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL,
                          NULL);
      if (minimum > NARROW_WIDTH)
        g_string_append_printf (failures, "\n  %s needs %d px, more than a phone's %d", what,
                                minimum, NARROW_WIDTH);
      asked_width = MIN (asked_width, NARROW_WIDTH);
      asked_height = MIN (asked_height, NARROW_HEIGHT);
      if (gdk_surface_get_width (surface) > NARROW_WIDTH ||
          gdk_surface_get_height (surface) > NARROW_HEIGHT)
        {
          gtk_window_set_default_size (dialog, NARROW_WIDTH, NARROW_HEIGHT);
          asked_width = NARROW_WIDTH;
          asked_height = NARROW_HEIGHT;
        }
      cn_test_ui_spin (300);
    }
  /* A dialog whose content needs more than it was given grows past it. */
  if (gdk_surface_get_width (surface) > asked_width ||
      gdk_surface_get_height (surface) > asked_height)
    g_string_append_printf (failures, "\n  %s is %d×%d, asked %d×%d", what,
                            gdk_surface_get_width (surface), gdk_surface_get_height (surface),
                            asked_width, asked_height);
  assert_controls_inside (GTK_WIDGET (dialog), GTK_WIDGET (dialog),
                          gtk_widget_get_width (GTK_WIDGET (dialog)), what);
  /* A reply's answers, in its header or below the reply. */
  if (CN_IS_REPLY_DIALOG (dialog))
    {
      g_assert_true (has_mapped_button (GTK_WIDGET (dialog), _("C_opy")));
      g_assert_true (has_mapped_button (GTK_WIDGET (dialog), _("Open in _Mail")));
      g_assert_true (has_mapped_button (GTK_WIDGET (dialog), _("_Cancel")));
    }
  save_shot (GTK_WIDGET (dialog), size, what);
}

typedef GtkWindow *(*GetDialog) (CnWindow *window);

typedef struct
{
  CnWindow *window;
  GetDialog get;
} Watch;

static gboolean
watch_open (gpointer data)
{
  Watch *watch = data;

  return watch->get (watch->window) != NULL;
}

static gboolean
watch_closed (gpointer data)
{
  return !watch_open (data);
}

/* Activates the window's @action and checks the dialog it opens. */
static void
check_action (CnWindow *window,
              const Size *size,
              const char *action,
              GVariant *parameter,
              GetDialog get,
              const char *what)
{
  Watch watch = { window, get };
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), action, parameter));
  g_assert_true (cn_test_ui_wait_until (watch_open, &watch, 3000));
  dialog = get (window);
  check_dialog (dialog, size, what);
  /* Closed as a person would: a destroyed window keeps its focus. */
  gtk_window_close (dialog);
  g_assert_true (cn_test_ui_wait_until (watch_closed, &watch, 3000));
  /* The window takes the focus back before the next dialog. */
  cn_test_ui_spin (100);
}

static gboolean
has_toplevel (gpointer type)
{
  return cn_test_ui_find_toplevel (GPOINTER_TO_SIZE (type)) != NULL;
}

static GtkWindow *
wait_toplevel (GType type)
{
  g_assert_true (cn_test_ui_wait_until (has_toplevel, GSIZE_TO_POINTER (type), 3000));
  return cn_test_ui_find_toplevel (type);
}

static void
collect_pages (GtkWidget *widget, GPtrArray *pages)
{
  /* The search's results are a page too, in a stack of their own. */
  if (ADW_IS_PREFERENCES_PAGE (widget) && ADW_IS_VIEW_STACK (gtk_widget_get_parent (widget)))
    {
      g_ptr_array_add (pages, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_pages (child, pages);
}

/* Every page of Preferences, each shown in turn. */
static void
check_preferences (CnWindow *window, const Size *size)
{
  g_autoptr (GPtrArray) pages = g_ptr_array_new ();
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  dialog = wait_toplevel (CN_TYPE_PREFERENCES_WINDOW);
  collect_pages (GTK_WIDGET (dialog), pages);
  g_assert_cmpuint (pages->len, >=, 4);
  for (guint i = 0; i < pages->len; i++)
    {
      g_autofree char *what = g_strdup_printf ("preferences-%u", i + 1);

      adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (dialog), pages->pdata[i]);
      check_dialog (dialog, size, what);
    }
  gtk_window_destroy (dialog);
  cn_test_ui_spin (50);
}

static gboolean
import_report_shown (gpointer window)
{
  GtkWindow *dialog = _cn_window_get_import_dialog (window);

  return dialog != NULL && !cn_import_dialog_is_running (CN_IMPORT_DIALOG (dialog));
}

static gboolean
import_closed (gpointer window)
{
  return _cn_window_get_import_dialog (window) == NULL;
}

/* An import's report, with a rejected card and a possible duplicate of a
 * demo contact, then the duplicates dialog it opens. */
static void
check_import (CnTestWindowFixture *f, const Size *size, CnRequest *request)
{
  g_autofree char *path = g_build_filename (cn_test_ui_get_tmpdir (), "narrow.vcf", NULL);
  g_autofree char *cards = g_strdup_printf (
      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:%s\r\nORG:Coopérative des Transports Régionaux\r\n"
      "TITLE:Responsable des partenariats institutionnels\r\n"
      "EMAIL:responsable.partenariats@transports-regionaux.example\r\nEND:VCARD\r\n"
      "BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Nobody Inc\r\nEND:VCARD\r\n",
      cn_request_get_target_name (request));
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  GtkWindow *dialog;
  GtkWindow *duplicates;

  g_assert_true (g_file_set_contents (path, cards, -1, &error));
  g_assert_no_error (error);
  _cn_window_import_files (f->window, &file, 1);
  g_assert_true (cn_test_ui_wait_until (import_report_shown, f->window, 20000));
  dialog = _cn_window_get_import_dialog (f->window);
  check_dialog (dialog, size, "import");

  gtk_widget_activate (cn_test_ui_child (dialog, "review_button"));
  duplicates = wait_toplevel (CN_TYPE_DUPLICATES_DIALOG);
  check_dialog (duplicates, size, "duplicates");
  gtk_window_destroy (duplicates);
  cn_test_ui_spin (50);
  gtk_window_destroy (dialog);
  g_assert_true (cn_test_ui_wait_until (import_closed, f->window, 3000));
}

static void
check_delete_contact (CnTestWindowFixture *f, const Size *size, CnRequest *request)
{
  CnContactsView *view;
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-contacts", NULL));
  cn_test_ui_spin (200);
  view = _cn_window_get_contacts_view (f->window);
  g_assert_true (cn_contacts_view_select_contact (view, cn_request_get_target_id (request)));
  cn_test_ui_spin (200);
  gtk_widget_activate (cn_test_ui_child (cn_test_ui_child (view, "editor"), "delete_button"));
  dialog = wait_toplevel (CN_TYPE_DELETE_CONTACT_DIALOG);
  check_dialog (dialog, size, "delete-contact");
  gtk_window_destroy (dialog);
  cn_test_ui_spin (50);
}

static gboolean
window_has_size (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

static void
test_dialogs_at_size (gconstpointer data)
{
  const Size *size = data;
  CnTestWindowFixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("dialogs-%s.db", size->name);
  g_autofree char *path = g_build_filename (cn_test_ui_get_tmpdir (), name, NULL);
  g_autoptr (CnRequest) request = NULL;
  GtkWindow *password;
  CnStep step;

  failures = g_string_new (NULL);
  f.store = cn_store_open (path, &error);
  g_assert_no_error (error);
  f.window = cn_window_new (NULL, f.store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f.window), size->width, size->height);
  gtk_window_present (GTK_WINDOW (f.window));
  g_assert_true (cn_test_ui_wait_until (window_has_size, f.window, 2000));

  /* New Request with no contacts yet says how to get some. */
  check_action (f.window, size, "win.new-request", NULL, _cn_window_get_new_request_dialog,
                "new-request-empty");

  cn_test_window_fixture_load_demo (&f);
  request = g_object_ref (cn_test_window_fixture_select_with (&f, "outplacement"));
  check_action (f.window, size, "win.new-request", NULL, _cn_window_get_new_request_dialog,
                "new-request");
  check_action (f.window, size, "win.edit-request", NULL, _cn_window_get_new_request_dialog,
                "edit-request");
  check_action (f.window, size, "win.ask-motivation", NULL, _cn_window_get_reply_dialog,
                "ask-motivation");
  check_action (f.window, size, "win.decline", NULL, _cn_window_get_reply_dialog, "decline");
  check_action (f.window, size, "win.show-requester", NULL, _cn_window_get_requester_page,
                "requester");
  check_action (f.window, size, "win.show-campaigns", NULL, _cn_window_get_campaigns_dialog,
                "campaigns");

  /* A request with a blocked step, and its override. */
  cn_test_window_fixture_select_with (&f, "points communs");
  cn_test_ui_spin (100);
  step = cn_verification_panel_get_overridable_step (
      CN_VERIFICATION_PANEL (cn_test_ui_review_child (f.window, "verification_panel")));
  g_assert_cmpint (step, !=, (CnStep) -1);
  check_action (f.window, size, "win.override", g_variant_new_string (cn_step_to_string (step)),
                _cn_window_get_override_dialog, "override");

  check_preferences (f.window, size);

  /* Asked when the mail account has no password kept: made as the window
   * makes it, a mail server being out of this test's reach. */
  password = GTK_WINDOW (
      cn_password_dialog_new (GTK_WINDOW (f.window), "imap.example.org",
                              "camille.martin@example.org",
                              _("The server refused the saved password."), TRUE));
  gtk_window_present (password);
  check_dialog (password, size, "password");
  gtk_window_destroy (password);

  check_import (&f, size, request);
  check_delete_contact (&f, size, request);

  cn_test_window_fixture_tear_down (&f, NULL);
  if (failures->len > 0)
    g_error ("Dialogs that do not fit at %s:%s", size->name, failures->str);
  g_string_free (failures, TRUE);
}

int
main (int argc, char *argv[])
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;
  /* As in test-adaptive: the layout, not the leaflets' animations, is tested. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/ui/adaptive-dialogs/%s", sizes[i].name);

      g_test_add_data_func (test_path, &sizes[i], test_dialogs_at_size);
    }

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
