/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Every control a screen reader user can reach has a name that says what it
 * is: the test walks the widget tree of each page and dialog and fails on an
 * interactive control with no name, or with its type's name ("GtkToggleButton")
 * which is what GTK 4.8 reads out when it has nothing better. Run with
 * GTK_A11Y=test, in English and in French (LANGUAGE=fr).
 *
 * GTK 4.8 has no public API for the name it computes, so the rule is written
 * here: a label property, a labelled-by relation, a mnemonic label, or, for
 * buttons and list box rows, the text of their labels. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "cn-delete-contact-dialog.h"
#include "cn-import-dialog.h"
#include "cn-preferences-window.h"
#include "cn-review.h"
#include "cn-test-ui.h"
#include "cn-ui-utils.h"
#include "cn-verification.h"
#include "cn-window-private.h"

static gboolean
is_type (GtkWidget *widget, const char *type_name)
{
  GType type = g_type_from_name (type_name);

  return type != 0 && g_type_is_a (G_OBJECT_TYPE (widget), type);
}

/* Inside these the GtkText is a part, named through its entry. */
static gboolean
is_entry_part (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  return parent != NULL && (GTK_IS_ENTRY (parent) || GTK_IS_SEARCH_ENTRY (parent) ||
                            GTK_IS_PASSWORD_ENTRY (parent) || GTK_IS_SPIN_BUTTON (parent));
}

/* Reachable with Tab: it and every widget above it take the focus (a combo
 * row's view of its current item does not). */
static gboolean
takes_focus (GtkWidget *widget)
{
  if (!gtk_widget_get_focusable (widget))
    return FALSE;
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_can_focus (w))
      return FALSE;
  return TRUE;
}

static gboolean
is_interactive (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  /* A spin button's + and − are read out through the spin button. */
  if (parent != NULL && GTK_IS_SPIN_BUTTON (parent))
    return FALSE;
  if (GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
      GTK_IS_DROP_DOWN (widget) || GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) ||
      GTK_IS_PASSWORD_ENTRY (widget) || GTK_IS_SPIN_BUTTON (widget) || GTK_IS_SCALE (widget) ||
      GTK_IS_TEXT_VIEW (widget))
    return TRUE;
  if (GTK_IS_TEXT (widget))
    return !is_entry_part (widget);
  /* Not the item a dropdown's button shows: a part of that button. */
  if (is_type (widget, "GtkListItemWidget"))
    return takes_focus (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON) == NULL;
  if (GTK_IS_LIST_BOX_ROW (widget))
    return gtk_widget_get_focusable (widget) &&
           gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget)) &&
           (!ADW_IS_ACTION_ROW (widget) ||
            adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget)) != NULL);
  if (GTK_IS_FLOW_BOX_CHILD (widget))
    return takes_focus (widget);
  return FALSE;
}

/* A button's or list item's shown text: its visible labels, in order. */
static void
collect_text (GtkWidget *widget, GString *text)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

/* The label property's value, or NULL when it has none. */
static char *
label_property (GtkWidget *widget)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  /* Compared with "": the value comes back when it differs. */
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                             "")
             ?: g_strdup ("");
}

/* The name the control is read out by, "" when it has none. */
static char *
accessible_name (GtkWidget *widget)
{
  char *label = label_property (widget);
  GtkWidget *parent = gtk_widget_get_parent (widget);
  g_autoptr (GString) text = g_string_new (NULL);

  if (label != NULL)
    return label;
  /* A button is labelled by its child, an icon too, read out as "GtkImage":
   * its text, below, is what counts. */
  if (!GTK_IS_BUTTON (widget) &&
      gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    {
      /* Set, or only there empty: compared with no labels at all. */
      g_autofree char *labels =
          gtk_test_accessible_check_relation (GTK_ACCESSIBLE (widget),
                                              GTK_ACCESSIBLE_RELATION_LABELLED_BY, NULL);

      if (labels != NULL)
        return g_strdup ("(labelled by)");
    }
  {
    GList *mnemonics = gtk_widget_list_mnemonic_labels (widget);

    for (GList *l = mnemonics; l != NULL; l = l->next)
      if (GTK_IS_LABEL (l->data))
        g_string_append (text, gtk_label_get_text (l->data));
    g_list_free (mnemonics);
    if (text->len > 0)
      return g_string_free (g_steal_pointer (&text), FALSE);
  }
  /* A dropdown's button shows the chosen item, yet GTK 4.8 reads it out as
   * "GtkToggleButton"; a list's item or a flow box's child is read out by its
   * type too, whatever it shows: only a label of their own names them. */
  if ((parent != NULL && GTK_IS_DROP_DOWN (parent)) || is_type (widget, "GtkListItemWidget") ||
      GTK_IS_FLOW_BOX_CHILD (widget))
    return g_strdup ("");
  if (GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_LIST_BOX_ROW (widget))
    {
      if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
        return g_strdup (gtk_button_get_label (GTK_BUTTON (widget)));
      collect_text (widget, text);
      return g_strstrip (g_string_free (g_steal_pointer (&text), FALSE));
    }
  return g_strdup ("");
}

static gboolean
name_is_meaningful (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  return *stripped != '\0' && g_type_from_name (stripped) == 0;
}

static void
widget_path (GtkWidget *widget, GString *path)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  const char *id = GTK_IS_BUILDABLE (widget)
                       ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget))
                       : NULL;

  if (parent != NULL)
    {
      widget_path (parent, path);
      g_string_append (path, " > ");
    }
  g_string_append (path, G_OBJECT_TYPE_NAME (widget));
  if (id != NULL)
    g_string_append_printf (path, "#%s", id);
}

static void
check_tree (GtkWidget *widget, GString *failures)
{
  if (!gtk_widget_get_visible (widget))
    return;
  /* A toast's close button is libadwaita's own, out of the app's reach. */
  if (is_type (widget, "AdwToastWidget"))
    return;
  if (is_interactive (widget))
    {
      g_autofree char *name = accessible_name (widget);

      if (!name_is_meaningful (name))
        {
          g_autoptr (GString) path = g_string_new (NULL);

          widget_path (widget, path);
          g_string_append_printf (failures, "\n  %s “%s”: %s", G_OBJECT_TYPE_NAME (widget), name,
                                  path->str);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_tree (child, failures);
}

static void
assert_all_named (gpointer widget, const char *what)
{
  g_autoptr (GString) failures = g_string_new (NULL);

  g_assert_nonnull (widget);
  check_tree (GTK_WIDGET (widget), failures);
  if (failures->len > 0)
    g_error ("%s: controls without a name:%s", what, failures->str);
}

/* The checks themselves: a control without a name is found. */
static void
test_rule (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *icon = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  GtkWidget *labelled = gtk_button_new_with_label ("Delete");
  GtkWidget *drop_down = gtk_drop_down_new_from_strings ((const char *[]){ "A", "B", NULL });
  g_autoptr (GString) failures = g_string_new (NULL);

  g_object_ref_sink (box);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), labelled);
  gtk_box_append (GTK_BOX (box), drop_down);
  check_tree (box, failures);
  g_assert_nonnull (strstr (failures->str, "GtkButton “”"));
  g_assert_null (strstr (failures->str, "Delete"));
  g_assert_nonnull (strstr (failures->str, "GtkDropDown “”"));
  g_assert_nonnull (strstr (failures->str, "GtkToggleButton “”"));

  g_string_truncate (failures, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "GtkButton",
                                  -1);
  cn_drop_down_set_accessible_name (GTK_DROP_DOWN (drop_down), "Letter");
  check_tree (box, failures);
  /* A type's name is no name. */
  g_assert_nonnull (strstr (failures->str, "GtkButton “GtkButton”"));
  g_assert_null (strstr (failures->str, "GtkDropDown “"));
  g_assert_null (strstr (failures->str, "GtkToggleButton “"));
  g_object_unref (box);
}

typedef struct
{
  CnTestWindowFixture w;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  cn_test_window_fixture_set_up (&f->w, data);
  gtk_window_set_default_size (GTK_WINDOW (f->w.window), 1280, 800);
  cn_test_ui_spin (200);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  cn_test_window_fixture_tear_down (&f->w, data);
}

static gboolean
new_request_open (gpointer window)
{
  return _cn_window_get_new_request_dialog (window) != NULL;
}

static gboolean
new_request_closed (gpointer window)
{
  return !new_request_open (window);
}

static gboolean
reply_open (gpointer window)
{
  return _cn_window_get_reply_dialog (window) != NULL;
}

static gboolean
reply_closed (gpointer window)
{
  return !reply_open (window);
}

static gboolean
override_open (gpointer window)
{
  return _cn_window_get_override_dialog (window) != NULL;
}

static gboolean
override_closed (gpointer window)
{
  return !override_open (window);
}

static gboolean
campaigns_open (gpointer window)
{
  return _cn_window_get_campaigns_dialog (window) != NULL;
}

static gboolean
requester_open (gpointer window)
{
  return _cn_window_get_requester_page (window) != NULL;
}

static gboolean
preferences_open (gpointer data)
{
  return cn_test_ui_find_toplevel (CN_TYPE_PREFERENCES_WINDOW) != NULL;
}

static gboolean
delete_contact_open (gpointer data)
{
  return cn_test_ui_find_toplevel (CN_TYPE_DELETE_CONTACT_DIALOG) != NULL;
}

static void
check_new_request (Fixture *f, const char *action, const char *what)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->w.window), action, NULL));
  g_assert_true (cn_test_ui_wait_until (new_request_open, f->w.window, 3000));
  dialog = _cn_window_get_new_request_dialog (f->w.window);
  assert_all_named (dialog, what);
  /* Closed as a person would: a destroyed window keeps its focus. */
  gtk_window_close (dialog);
  g_assert_true (cn_test_ui_wait_until (new_request_closed, f->w.window, 3000));
}

static void
check_reply (Fixture *f, const char *action)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->w.window), action, NULL));
  g_assert_true (cn_test_ui_wait_until (reply_open, f->w.window, 3000));
  dialog = _cn_window_get_reply_dialog (f->w.window);
  cn_test_ui_spin (100);
  assert_all_named (dialog, action);
  gtk_window_destroy (dialog);
  g_assert_true (cn_test_ui_wait_until (reply_closed, f->w.window, 3000));
}

/* The request list's selected item, as a screen reader reaches it. */
static GtkWidget *
selected_item (Fixture *f)
{
  GtkWidget *list = cn_test_ui_child (f->w.window, "request_list_view");

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (is_type (child, "GtkListItemWidget") &&
          (gtk_widget_get_state_flags (child) & GTK_STATE_FLAG_SELECTED) != 0)
        return child;
    }
  g_assert_not_reached ();
}

/* A request's row reads "Requester to Contact, date, verdict, status", and
 * follows the request's changes. */
static void
test_request_row_name (Fixture *f, gconstpointer data)
{
  CnRequest *request;
  g_autofree char *date = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *archived = NULL;
  char *differs;

  cn_test_window_fixture_load_demo (&f->w);
  request = g_object_ref (cn_test_window_fixture_select_with (&f->w, "outplacement"));
  cn_test_ui_spin (100);
  date = cn_format_short_date (cn_request_get_received_at (request));
  expected = g_strdup_printf ("%s to %s, %s, %s, %s", cn_request_get_requester_name (request),
                              cn_request_get_target_name (request), date,
                              cn_verdict_get_label (cn_request_get_effective_verdict (request)),
                              cn_review_get_list_label (request));
  if (g_str_equal (g_getenv ("LANGUAGE") ?: "", "fr"))
    g_clear_pointer (&expected, g_free);
  differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (selected_item (f)),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, expected ?: "");
  if (expected != NULL && differs != NULL)
    g_error ("The row reads “%s”, not “%s”", differs, expected);
  /* In French (translated or not yet): named, at least. */
  g_assert_true (expected != NULL || differs != NULL);
  g_free (differs);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.archive", NULL));
  cn_test_ui_spin (200);
  g_assert_cmpint (cn_request_get_status (request), ==, CN_REQUEST_STATUS_ARCHIVED);
  archived = gtk_test_accessible_check_property (GTK_ACCESSIBLE (selected_item (f)),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL, "");
  g_assert_nonnull (archived);
  g_assert_true (g_str_has_suffix (archived, cn_review_get_list_label (request)));
  g_object_unref (request);
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

static void
test_empty_window (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (cn_test_ui_get_tmpdir (), "a11y.vcf", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;

  assert_all_named (f->w.window, "empty window");
  check_new_request (f, "win.new-request", "New Request (no contacts)");

  /* The import dialog, with its report. */
  g_assert_true (g_file_set_contents (path,
                                      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Amélie Fournier\r\n"
                                      "ORG:Atelier Nord\r\nEND:VCARD\r\n",
                                      -1, &error));
  g_assert_no_error (error);
  _cn_window_import_files (f->w.window, &file, 1);
  g_assert_true (cn_test_ui_wait_until (import_report_shown, f->w.window, 20000));
  assert_all_named (_cn_window_get_import_dialog (f->w.window), "Import");
  gtk_window_close (_cn_window_get_import_dialog (f->w.window));
  g_assert_true (cn_test_ui_wait_until (import_closed, f->w.window, 3000));
}

static void
test_requests (Fixture *f, gconstpointer data)
{
  GtkWindow *dialog;
  CnStep step;

  cn_test_window_fixture_load_demo (&f->w);
  cn_test_window_fixture_select_with (&f->w, "outplacement");
  cn_test_ui_spin (200);
  assert_all_named (f->w.window, "Requests page");

  check_new_request (f, "win.new-request", "New Request");
  check_new_request (f, "win.edit-request", "Edit Request");
  check_reply (f, "win.ask-motivation");
  check_reply (f, "win.decline");

  /* A request with a blocked step: its Override… button, then its dialog. */
  cn_test_window_fixture_select_with (&f->w, "points communs");
  cn_test_ui_spin (100);
  assert_all_named (f->w.window, "Requests page, a step blocked");
  step = cn_verification_panel_get_overridable_step (
      CN_VERIFICATION_PANEL (cn_test_ui_review_child (f->w.window, "verification_panel")));
  g_assert_cmpint (step, !=, (CnStep) -1);
  /* Each Override… button says which step it overrides. */
  if (!g_str_equal (g_getenv ("LANGUAGE") ?: "", "fr"))
    gtk_test_accessible_assert_property (
        cn_test_ui_child (cn_test_ui_review_child (f->w.window, "verification_panel"),
                          "motivation_override"),
        GTK_ACCESSIBLE_PROPERTY_LABEL, "Override the Motivation step…");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.override", "s",
                                             cn_step_to_string (step)));
  g_assert_true (cn_test_ui_wait_until (override_open, f->w.window, 3000));
  dialog = _cn_window_get_override_dialog (f->w.window);
  assert_all_named (dialog, "Override");
  gtk_window_destroy (dialog);
  g_assert_true (cn_test_ui_wait_until (override_closed, f->w.window, 3000));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.show-requester", NULL));
  g_assert_true (cn_test_ui_wait_until (requester_open, f->w.window, 3000));
  dialog = _cn_window_get_requester_page (f->w.window);
  cn_test_ui_spin (100);
  assert_all_named (dialog, "Requester page");
  gtk_window_destroy (dialog);
  cn_test_ui_spin (50);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.show-campaigns", NULL));
  g_assert_true (cn_test_ui_wait_until (campaigns_open, f->w.window, 3000));
  dialog = _cn_window_get_campaigns_dialog (f->w.window);
  cn_test_ui_spin (100);
  assert_all_named (dialog, "Campaigns");
  gtk_window_destroy (dialog);
  cn_test_ui_spin (50);

  /* Every page of Preferences: the walk goes into hidden pages too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.preferences", NULL));
  g_assert_true (cn_test_ui_wait_until (preferences_open, NULL, 3000));
  dialog = cn_test_ui_find_toplevel (CN_TYPE_PREFERENCES_WINDOW);
  cn_test_ui_spin (100);
  assert_all_named (dialog, "Preferences");
  gtk_window_destroy (dialog);
  cn_test_ui_spin (50);
}

static void
test_contacts (Fixture *f, gconstpointer data)
{
  CnRequest *request;
  CnContactsView *view;
  GtkWindow *dialog;

  cn_test_window_fixture_load_demo (&f->w);
  request = cn_test_window_fixture_select_with (&f->w, "outplacement");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.show-contacts", NULL));
  cn_test_ui_spin (200);
  view = _cn_window_get_contacts_view (f->w.window);
  g_assert_true (cn_contacts_view_select_contact (view, cn_request_get_target_id (request)));
  cn_test_ui_spin (200);
  assert_all_named (f->w.window, "Contacts page");

  gtk_widget_activate (cn_test_ui_child (cn_test_ui_child (view, "editor"), "delete_button"));
  g_assert_true (cn_test_ui_wait_until (delete_contact_open, NULL, 3000));
  dialog = cn_test_ui_find_toplevel (CN_TYPE_DELETE_CONTACT_DIALOG);
  assert_all_named (dialog, "Delete Contact");
  gtk_window_destroy (dialog);
  cn_test_ui_spin (50);
}

/* A drop-down's choices, in its popup: each row is named by its words, and
 * selecting one as AT-SPI does (the popup list's selection, not a click)
 * makes it the drop-down's choice. */
static GtkWidget *
find_choice_row (GtkWidget *widget, const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0 &&
          gtk_widget_get_ancestor (child, GTK_TYPE_LIST_VIEW) != NULL)
        return gtk_widget_get_parent (gtk_widget_get_parent (child));
      found = find_choice_row (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
choice_row_shown (gpointer data)
{
  return find_choice_row (data, "Second") != NULL;
}

static void
test_drop_down_choices (void)
{
  const char *words[] = { "First", "Second", "Third", NULL };
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkDropDown *drop_down = GTK_DROP_DOWN (
      gtk_drop_down_new (G_LIST_MODEL (gtk_string_list_new (words)), NULL));
  GtkWidget *row;
  GtkWidget *list;
  char *problem;

  cn_drop_down_name_choices (drop_down);
  gtk_window_set_child (window, GTK_WIDGET (drop_down));
  gtk_window_present (window);
  g_signal_emit_by_name (drop_down, "activate");
  g_assert_true (cn_test_ui_wait_until (choice_row_shown, drop_down, 2000));

  row = find_choice_row (GTK_WIDGET (drop_down), "Second");
  problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                "Second");
  g_assert_null (problem);
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_down), ==, 0);

  list = gtk_widget_get_ancestor (row, GTK_TYPE_LIST_VIEW);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (
                                       gtk_list_view_get_model (GTK_LIST_VIEW (list))),
                                   2, TRUE);
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_down), ==, 2);
  gtk_window_destroy (window);
  cn_test_ui_spin (50);
}

/* The same for a combo row, whose current choice is shown by a second list:
 * after a choice made through the popup's selection, the row shows it and
 * the shown row is named by it. */
static GtkWidget *
find_current_row (GtkWidget *widget, const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_POPOVER (child))
        continue;
      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0 &&
          gtk_widget_get_ancestor (child, GTK_TYPE_LIST_VIEW) != NULL)
        return gtk_widget_get_parent (gtk_widget_get_parent (child));
      found = find_current_row (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_combo_row_choices (void)
{
  const char *words[] = { "First", "Second", "Third", NULL };
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *box = gtk_list_box_new ();
  AdwComboRow *combo = ADW_COMBO_ROW (adw_combo_row_new ());
  GtkWidget *row;
  GtkWidget *list;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), "Numbers");
  adw_combo_row_set_model (combo, G_LIST_MODEL (gtk_string_list_new (words)));
  cn_combo_row_name_choices (combo);
  gtk_list_box_append (GTK_LIST_BOX (box), GTK_WIDGET (combo));
  gtk_window_set_child (window, box);
  gtk_window_present (window);
  g_signal_emit_by_name (box, "row-activated", combo);
  g_assert_true (cn_test_ui_wait_until (choice_row_shown, combo, 2000));

  row = find_choice_row (GTK_WIDGET (combo), "Second");
  list = gtk_widget_get_ancestor (row, GTK_TYPE_LIST_VIEW);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (
                                       gtk_list_view_get_model (GTK_LIST_VIEW (list))),
                                   2, TRUE);
  cn_test_ui_spin (50);
  g_assert_cmpuint (adw_combo_row_get_selected (combo), ==, 2);
  row = find_current_row (GTK_WIDGET (combo), "Third");
  g_assert_nonnull (row);
  gtk_window_destroy (window);
  cn_test_ui_spin (50);
}

int
main (int argc, char **argv)
{
  if (!cn_test_ui_init (&argc, &argv))
    return g_test_run ();

  g_test_add_func ("/ui/accessibility/rule", test_rule);
  g_test_add_func ("/ui/accessibility/drop-down-choices", test_drop_down_choices);
  g_test_add_func ("/ui/accessibility/combo-row-choices", test_combo_row_choices);
  g_test_add ("/ui/accessibility/empty-window", Fixture, NULL, fixture_set_up, test_empty_window,
              fixture_tear_down);
  g_test_add ("/ui/accessibility/requests", Fixture, NULL, fixture_set_up, test_requests,
              fixture_tear_down);
  g_test_add ("/ui/accessibility/request-row-name", Fixture, NULL, fixture_set_up,
              test_request_row_name, fixture_tear_down);
  g_test_add ("/ui/accessibility/contacts", Fixture, NULL, fixture_set_up, test_contacts,
              fixture_tear_down);
  return g_test_run ();
}
