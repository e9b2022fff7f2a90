/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The main window as a person uses it, in a real (Xvfb) display. */

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "cn-contact-picker.h"
#include "cn-demo.h"
#include "cn-new-request-dialog.h"
#include "cn-store.h"
#include "cn-test-ui.h"
#include "cn-window-private.h"

typedef CnTestWindowFixture Fixture;

static GListModel *
list_model (Fixture *f)
{
  return G_LIST_MODEL (cn_test_ui_request_model (f->window));
}

static CnRequest *
selected_request (Fixture *f)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (list_model (f));

  return gtk_single_selection_get_selected_item (selection);
}

static void
select_position (Fixture *f, guint position)
{
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (list_model (f)), position);
  cn_test_ui_spin (20);
}

static void
load_demo (Fixture *f)
{
  /* As a person would: press the status page's button. */
  gtk_widget_activate (GTK_WIDGET (cn_test_ui_child (f->window, "load_demo_button")));
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_page_is_requests, f->window, 5000));
}

static void
test_empty_database_shows_status_page (Fixture *f, gconstpointer data)
{
  AdwStatusPage *page = ADW_STATUS_PAGE (cn_test_ui_child (f->window, "empty_page"));

  g_assert_cmpstr (_cn_window_get_visible_page (f->window), ==, "empty");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, _("No Requests Yet"));
  g_assert_true (
      gtk_widget_get_mapped (GTK_WIDGET (cn_test_ui_child (f->window, "load_demo_button"))));
  g_assert_cmpuint (g_list_model_get_n_items (list_model (f)), ==, 0);
}

static void
test_load_examples_fills_list (Fixture *f, gconstpointer data)
{
  GListModel *model;

  load_demo (f);
  model = list_model (f);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 8);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, cn_store_count_requests (f->store));
  g_assert_true (gtk_widget_get_mapped (
      GTK_WIDGET (GTK_GRID_VIEW (cn_test_ui_child (f->window, "request_list_view")))));
  /* The newest request is selected and shown. */
  g_assert_nonnull (selected_request (f));
  g_assert_cmpstr (cn_request_detail_get_title_text (
                       CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"))),
                   !=, "");
}

static void
assert_detail_shows (Fixture *f, CnRequest *request)
{
  CnRequestDetail *detail = CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"));
  g_autofree char *to_connector = cn_request_detail_dup_note_to_connector (detail);
  g_autofree char *to_target = cn_request_detail_dup_note_to_target (detail);

  g_assert_true (cn_request_detail_get_request (detail) == request);
  g_assert_cmpstr (to_connector, ==, cn_request_get_note_to_connector (request));
  g_assert_cmpstr (to_target, ==, cn_request_get_note_to_target (request));
  g_assert_nonnull (
      strstr (cn_request_detail_get_title_text (detail), cn_request_get_requester_name (request)));
}

static void
test_selecting_shows_notes (Fixture *f, gconstpointer data)
{
  GListModel *model;
  guint n;

  load_demo (f);
  model = list_model (f);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CnRequest) item = g_list_model_get_item (model, i);
      g_autoptr (CnRequest)
                     stored = cn_store_get_request (f->store, cn_request_get_id (item), NULL);

      select_position (f, i);
      assert_detail_shows (f, selected_request (f));
      g_assert_cmpstr (cn_request_get_note_to_target (selected_request (f)), ==,
                       cn_request_get_note_to_target (stored));
    }
}

static void
test_markup_shown_literally (Fixture *f, gconstpointer data)
{
  const char *markup = "<b>&amp; <span foreground=\"red\">";
  const char *name = "<i>Zoé</i> & \"Co\" %s";
  g_autoptr (CnContact) contact = cn_contact_new ("<big>Target</big>");
  g_autoptr (CnRequest) request = cn_request_new ();
  g_autoptr (GError) error = NULL;
  CnRequestDetail *detail = CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"));
  g_autofree char *to_target = NULL;
  g_autofree char *to_connector = NULL;

  g_assert_true (cn_store_add_contact (f->store, contact, &error));
  g_assert_no_error (error);
  cn_request_set_requester_name (request, name);
  cn_request_set_target_id (request, cn_contact_get_id (contact));
  cn_request_set_received_at (request, g_get_real_time () / G_USEC_PER_SEC);
  cn_request_set_source (request, "manual");
  cn_request_set_note_to_connector (request, markup);
  cn_request_set_note_to_target (request, markup);
  g_assert_true (cn_store_add_request (f->store, request, &error));
  g_assert_no_error (error);

  g_assert_true (cn_test_ui_wait_until (cn_test_ui_page_is_requests, f->window, 2000));
  g_assert_true (_cn_window_select_request (f->window, cn_request_get_id (request)));
  cn_test_ui_spin (20);

  to_connector = cn_request_detail_dup_note_to_connector (detail);
  to_target = cn_request_detail_dup_note_to_target (detail);
  g_assert_cmpstr (to_connector, ==, markup);
  g_assert_cmpstr (to_target, ==, markup);
  g_assert_nonnull (strstr (cn_request_detail_get_title_text (detail), name));
  g_assert_nonnull (strstr (cn_request_detail_get_title_text (detail), "<big>Target</big>"));
}

/* A name from outside cannot turn the app's words around it: an unterminated
 * override is left out, and each name sits in its own isolate. */
static void
test_bidi_names_isolated (Fixture *f, gconstpointer data)
{
  g_autoptr (CnContact) contact = cn_contact_new ("Bob \xE2\x80\xAEQA");
  g_autoptr (CnRequest) request = cn_request_new ();
  g_autoptr (GError) error = NULL;
  CnRequestDetail *detail = CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"));

  g_assert_true (cn_store_add_contact (f->store, contact, &error));
  g_assert_no_error (error);
  cn_request_set_requester_name (request, "Alice \xE2\x80\xAEgnp.exe");
  cn_request_set_target_id (request, cn_contact_get_id (contact));
  cn_request_set_received_at (request, g_get_real_time () / G_USEC_PER_SEC);
  cn_request_set_source (request, "manual");
  cn_request_set_note_to_target (request, "Hello");
  g_assert_true (cn_store_add_request (f->store, request, &error));
  g_assert_no_error (error);

  g_assert_true (cn_test_ui_wait_until (cn_test_ui_page_is_requests, f->window, 2000));
  g_assert_true (_cn_window_select_request (f->window, cn_request_get_id (request)));
  cn_test_ui_spin (20);

  /* FSI name PDI → FSI name PDI */
  g_assert_cmpstr (cn_request_detail_get_title_text (detail), ==,
                   "\xE2\x81\xA8"
                   "Alice gnp.exe\xE2\x81\xA9 → \xE2\x81\xA8"
                   "Bob QA\xE2\x81\xA9");
}

/* The examples loaded, analysed, and the first request on show: only then
 * does the request pane have controls to take the focus, which takes longer
 * under the sanitizers than a fixed wait allows. */
static gboolean
detail_shows_request (gpointer window)
{
  CnRequestDetail *detail = CN_REQUEST_DETAIL (cn_test_ui_child (window, "detail"));
  const char *title = cn_request_detail_get_title_text (detail);

  return cn_test_ui_analysis_done (window) && gtk_widget_get_mapped (GTK_WIDGET (detail)) &&
         title != NULL && *title != '\0';
}

static void
load_demo_and_wait_for_detail (Fixture *f)
{
  load_demo (f);
  g_assert_true (cn_test_ui_wait_until (detail_shows_request, f->window, 20000));
  cn_test_ui_spin (100); /* the requests page laid out */
}

/* Tab (what gtk_widget_child_focus does for it) must reach each pane in turn:
 * the list, then the request's notes, then the endorsement editor, and the
 * editor must give focus back rather than swallow Tab. */
static void
test_keyboard_reaches_every_pane (CnTestWindowFixture *f, gconstpointer data)
{
  GtkWidget *list = GTK_WIDGET (GTK_GRID_VIEW (cn_test_ui_child (f->window, "request_list_view")));
  GtkWidget *detail = GTK_WIDGET (CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail")));
  GtkWidget *editor = GTK_WIDGET (
      CN_ENDORSEMENT_EDITOR (cn_test_ui_review_child (f->window, "editor")));
  gboolean reached_detail = FALSE;
  gboolean reached_editor = FALSE;
  gboolean back_to_list = FALSE;

  load_demo_and_wait_for_detail (f);
  g_assert_true (gtk_widget_grab_focus (list));
  for (int i = 0; i < 200 && !back_to_list; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD))
        gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (f->window));
      g_assert_nonnull (focus);
      reached_detail |= gtk_widget_is_ancestor (focus, detail);
      reached_editor |= reached_detail && gtk_widget_is_ancestor (focus, editor);
      back_to_list = reached_editor && (focus == list || gtk_widget_is_ancestor (focus, list));
    }
  g_assert_true (reached_detail);
  g_assert_true (reached_editor);
  g_assert_true (back_to_list);
}

/* The list is one Tab stop (the arrows walk its rows), and F6 / Shift+F6
 * cycle through the list, the request and the review. */
static void
test_regions_tab_and_f6 (CnTestWindowFixture *f, gconstpointer data)
{
  GtkWidget *list = cn_test_ui_child (f->window, "request_list_view");
  GtkWidget *detail = cn_test_ui_child (f->window, "detail");
  GtkWidget *review = cn_test_ui_child (f->window, "review_pane");

  load_demo_and_wait_for_detail (f);
  g_assert_true (gtk_widget_grab_focus (list));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), detail));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.next-region", NULL));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), review));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.next-region", NULL));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), list));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.previous-region", NULL));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), review));
  /* Shift+Tab from the request's first control goes back to the list. */
  cn_request_detail_focus_note (CN_REQUEST_DETAIL (detail));
  while (gtk_widget_child_focus (detail, GTK_DIR_TAB_BACKWARD))
    ;
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_BACKWARD));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), list));
}

static guint count_shown (Fixture *f);

typedef struct
{
  Fixture *f;
  guint n;
} ItemsWait;

static gboolean
has_n_items (gpointer data)
{
  ItemsWait *wait = data;

  return count_shown (wait->f) == wait->n;
}

/* The search entry reports typing after a short delay. */
static gboolean
cn_test_ui_wait_until_n_items (Fixture *f, guint n)
{
  ItemsWait wait = { f, n };

  return cn_test_ui_wait_until (has_n_items, &wait, 2000);
}

/* Every request shown is for Hélène Vasseur or from a Hélène, and some are. */
static gboolean
list_shows_only_helene (gpointer data)
{
  Fixture *f = data;
  GListModel *model = G_LIST_MODEL (cn_test_ui_request_model (f->window));
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CnRequest) request = g_list_model_get_item (model, i);

      if (strstr (cn_request_get_target_name (request), "Hélène") == NULL &&
          strstr (cn_request_get_requester_name (request), "Hélène") == NULL)
        return FALSE;
    }
  return n > 1;
}

static guint
count_shown (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (cn_test_ui_request_model (f->window)));
}

/* The inbox: To do holds what is left to answer, and an answered request
 * leaves it for Handled while the next one to do is shown; the search finds
 * by name and by word whatever the accents; an empty list says why. */
static void
test_inbox (Fixture *f, gconstpointer data)
{
  GtkEditable *search = GTK_EDITABLE (cn_test_ui_child (f->window, "request_search"));
  AdwStatusPage *empty = ADW_STATUS_PAGE (cn_test_ui_child (f->window, "no_match_page"));
  g_autoptr (GArray) all = NULL;
  CnRequest *shown;
  guint todo, handled, total;
  gint64 archived;

  load_demo (f);
  total = count_shown (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "todo"));
  g_assert_true (gtk_toggle_button_get_active (
      GTK_TOGGLE_BUTTON (cn_test_ui_child (f->window, "todo_button"))));
  todo = count_shown (f);
  g_assert_cmpuint (todo, >, 0);
  for (guint i = 0; i < todo; i++)
    {
      g_autoptr (CnRequest) request =
                     g_list_model_get_item (G_LIST_MODEL (cn_test_ui_request_model (f->window)), i);

      g_assert_true (
          cn_request_view_contains (CN_REQUEST_VIEW_TO_DO, cn_request_get_status (request)));
    }
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "handled");
  handled = count_shown (f);
  g_assert_cmpuint (todo + handled, ==, total);

  /* Archived, the request shown leaves To do, and the next one is shown. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "todo");
  shown = _cn_window_get_selected (f->window);
  g_assert_nonnull (shown);
  archived = cn_request_get_id (shown);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.archive", NULL));
  cn_test_ui_spin (50);
  g_assert_cmpuint (count_shown (f), ==, todo - 1);
  shown = _cn_window_get_selected (f->window);
  g_assert_nonnull (shown);
  g_assert_cmpint (cn_request_get_id (shown), !=, archived);
  g_assert_true (cn_request_view_contains (CN_REQUEST_VIEW_TO_DO, cn_request_get_status (shown)));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "handled");
  g_assert_cmpuint (count_shown (f), ==, handled + 1);
  g_assert_true (_cn_window_select_request (f->window, archived));

  /* Ctrl+F's action goes to the search; folded accents and case match. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "all");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL));
  g_assert_true (
      gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), GTK_WIDGET (search)) ||
      gtk_root_get_focus (GTK_ROOT (f->window)) == GTK_WIDGET (search));
  gtk_editable_set_text (search, "NADIA fontan");
  g_assert_true (cn_test_ui_wait_until_n_items (f, 1));
  shown = _cn_window_get_selected (f->window);
  g_assert_cmpstr (cn_request_get_requester_name (shown), ==, "Nadia Benali");
  g_assert_cmpstr (cn_request_get_target_name (shown), ==, "Claire Fontanel");
  gtk_editable_set_text (search, "helene");
  g_assert_true (cn_test_ui_wait_until (list_shows_only_helene, f, 2000));
  gtk_editable_set_text (search, "zzzyx");
  g_assert_true (cn_test_ui_wait_until_n_items (f, 0));
  g_assert_cmpstr (_cn_window_get_list_page (f->window), ==, "no-match");
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, _("No Requests Found"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-all", NULL));
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");
  g_assert_cmpuint (count_shown (f), ==, total);

  /* Everything answered: To do says there is nothing left. */
  all = cn_store_list_request_ids (f->store, NULL);
  for (guint i = 0; i < all->len; i++)
    g_assert_true (cn_store_set_request_status (f->store, g_array_index (all, gint64, i),
                                                CN_REQUEST_STATUS_DECLINED, NULL));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "todo");
  g_assert_cmpuint (count_shown (f), ==, 0);
  g_assert_cmpstr (_cn_window_get_list_page (f->window), ==, "no-match");
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, _("Nothing Left to Do"));
}

static gboolean
dialog_is_open (gpointer data)
{
  return _cn_window_get_new_request_dialog (data) != NULL;
}

static gboolean
dialog_is_closed (gpointer data)
{
  return _cn_window_get_new_request_dialog (data) == NULL;
}

static gint64
contact_named (Fixture *f, const char *name)
{
  g_autoptr (GPtrArray) contacts = cn_store_list_contacts (f->store, NULL);

  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    if (g_str_equal (cn_contact_get_name (g_ptr_array_index (contacts, i)), name))
      return cn_contact_get_id (g_ptr_array_index (contacts, i));
  g_assert_not_reached ();
  return 0;
}

static gboolean
has_event (Fixture *f, gint64 id, CnEventAction action)
{
  g_autoptr (GPtrArray) events = cn_store_list_events (f->store, id, NULL);

  for (guint i = 0; events != NULL && i < events->len; i++)
    if (((CnEvent *) g_ptr_array_index (events, i))->action == action)
      return TRUE;
  return FALSE;
}

/* Edit Request corrects the contact, the date and the notes of a request
 * (not who sent it), in the form of New Request; the history keeps it, the
 * list moves it to its new date, and the search finds its new words. */
static void
test_edit_request (Fixture *f, gconstpointer data)
{
  CnNewRequestDialog *dialog;
  CnRequest *request;
  g_autoptr (CnRequest) stored = NULL;
  g_autoptr (GDateTime) day = NULL;
  gint64 id, priya;

  load_demo (f);
  request = cn_test_window_fixture_select_with (f, "outplacement");
  id = cn_request_get_id (request);
  priya = contact_named (f, "Priya Raman");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.edit-request", NULL));
  g_assert_true (cn_test_ui_wait_until (dialog_is_open, f->window, 2000));
  dialog = CN_NEW_REQUEST_DIALOG (_cn_window_get_new_request_dialog (f->window));
  g_assert_cmpint (cn_new_request_dialog_get_editing_id (dialog), ==, id);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, _("Edit Request"));
  g_assert_false (gtk_widget_get_sensitive (cn_test_ui_child (dialog, "requester_name_row")));
  g_assert_cmpint (cn_contact_picker_get_contact_id (
                       CN_CONTACT_PICKER (cn_test_ui_child (dialog, "contact_picker"))),
                   ==, cn_request_get_target_id (request));

  cn_contact_picker_set_contact_id (CN_CONTACT_PICKER (cn_test_ui_child (dialog, "contact_picker")),
                                    priya);
  gtk_editable_set_text (GTK_EDITABLE (cn_test_ui_child (dialog, "date_row")), "2026-06-15");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (
                                GTK_TEXT_VIEW (cn_test_ui_child (dialog, "target_view"))),
                            "Une note corrigée sur la gouvernance hydrique.", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.save", NULL));
  g_assert_true (cn_test_ui_wait_until (dialog_is_closed, f->window, 2000));

  stored = cn_store_get_request (f->store, id, NULL);
  g_assert_cmpint (cn_request_get_target_id (stored), ==, priya);
  g_assert_cmpstr (cn_request_get_requester_name (stored), ==, "Nadia Benali");
  g_assert_cmpstr (cn_request_get_note_to_target (stored), ==,
                   "Une note corrigée sur la gouvernance hydrique.");
  day = g_date_time_new_from_unix_local (cn_request_get_received_at (stored));
  g_assert_cmpint (g_date_time_get_month (day), ==, 6);
  g_assert_cmpint (g_date_time_get_day_of_month (day), ==, 15);
  g_assert_true (has_event (f, id, CN_EVENT_ACTION_EDITED));
  /* Still the request shown, now older than the others: last in the list. */
  g_assert_cmpint (cn_request_get_id (_cn_window_get_selected (f->window)), ==, id);
  g_assert_cmpuint (gtk_single_selection_get_selected (
                        GTK_SINGLE_SELECTION (cn_test_ui_request_model (f->window))),
                    ==, count_shown (f) - 1);
  g_assert_cmpstr (cn_request_get_target_name (_cn_window_get_selected (f->window)), ==,
                   "Priya Raman");
  g_assert_cmpstr (_cn_window_get_last_toast (f->window), ==, _("Request saved"));
  gtk_editable_set_text (GTK_EDITABLE (cn_test_ui_child (f->window, "request_search")), "hydrique");
  g_assert_true (cn_test_ui_wait_until_n_items (f, 1));
}

/* Delete takes the request off the list at once, with Undo; it leaves the
 * store only when Undo is gone. */
static void
test_delete_request_undo (Fixture *f, gconstpointer data)
{
  gint64 id;
  guint before;

  load_demo (f);
  id = cn_request_get_id (cn_test_window_fixture_select_with (f, "outplacement"));
  before = count_shown (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-request", NULL));
  g_assert_cmpuint (count_shown (f), ==, before - 1);
  g_assert_cmpstr (_cn_window_get_last_toast (f->window), ==, _("Request deleted"));
  g_assert_nonnull (cn_store_get_request (f->store, id, NULL));
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-delete-request", NULL));
  g_assert_cmpuint (count_shown (f), ==, before);
  g_assert_cmpint (cn_request_get_id (_cn_window_get_selected (f->window)), ==, id);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-request", NULL));
  /* The toast goes (its time is up): the request goes from the store too. */
  _cn_window_inbox_finish_delete (f->window);
  g_assert_null (cn_store_get_request (f->store, id, NULL));
  g_assert_cmpuint (count_shown (f), ==, before - 1);
  g_assert_cmpuint (cn_store_count_requests (f->store), ==, before - 1);
}

/* A message that names no contact: "Choose the Contact…" opens the form on
 * the contact, and the request then goes to the one chosen. */
static void
test_choose_contact (Fixture *f, gconstpointer data)
{
  CnNewRequestDialog *dialog;
  g_autoptr (CnRequest) stored = NULL;
  gint64 id, priya;

  load_demo (f);
  priya = contact_named (f, "Priya Raman");
  {
    g_autoptr (CnRequest) request = cn_request_new ();

    cn_request_set_requester_name (request, "Théo Martin");
    cn_request_set_received_at (request, g_get_real_time () / G_USEC_PER_SEC);
    cn_request_set_note_to_target (request,
                                   "Could you pass my note on? I am looking for a mentor in data.");
    g_assert_true (cn_store_add_request (f->store, request, NULL));
    id = cn_request_get_id (request);
  }
  g_assert_true (_cn_window_select_request (f->window, id));
  g_assert_true (gtk_widget_is_sensitive (
      cn_test_ui_child (cn_test_ui_child (f->window, "detail"), "choose_contact_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.choose-contact", NULL));
  g_assert_true (cn_test_ui_wait_until (dialog_is_open, f->window, 2000));
  dialog = CN_NEW_REQUEST_DIALOG (_cn_window_get_new_request_dialog (f->window));
  g_assert_false (gtk_widget_get_sensitive (cn_test_ui_child (dialog, "save_button")));
  cn_contact_picker_set_contact_id (CN_CONTACT_PICKER (cn_test_ui_child (dialog, "contact_picker")),
                                    priya);
  g_assert_true (gtk_widget_get_sensitive (cn_test_ui_child (dialog, "save_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.save", NULL));
  g_assert_true (cn_test_ui_wait_until (dialog_is_closed, f->window, 2000));
  stored = cn_store_get_request (f->store, id, NULL);
  g_assert_cmpint (cn_request_get_target_id (stored), ==, priya);
  g_assert_cmpstr (cn_request_get_target_name (_cn_window_get_selected (f->window)), ==,
                   "Priya Raman");
}

static void
test_new_request_dialog_saves (Fixture *f, gconstpointer data)
{
  CnNewRequestDialog *dialog;
  GtkWidget *save;
  CnRequest *selected;
  g_autoptr (GPtrArray) contacts = NULL;
  gboolean found = FALSE;
  const char *note = "Bonjour Zoé, je prépare une enquête métier : 20 minutes au téléphone ?";

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-request", NULL));
  g_assert_true (cn_test_ui_wait_until (dialog_is_open, f->window, 2000));
  dialog = CN_NEW_REQUEST_DIALOG (_cn_window_get_new_request_dialog (f->window));
  save = GTK_WIDGET (cn_test_ui_child (dialog, "save_button"));

  /* Nothing typed yet: Add is not available. */
  g_assert_false (gtk_widget_get_sensitive (save));
  _cn_new_request_dialog_fill (dialog, "Lucas Moreau", 0, "Zoé Martin", "2026-10-03",
                               "Peux-tu transmettre ?", note);
  g_assert_true (gtk_widget_get_sensitive (save));

  /* A date that does not exist blocks Add. */
  _cn_new_request_dialog_fill (dialog, "Lucas Moreau", 0, "Zoé Martin", "2026-02-30",
                               "Peux-tu transmettre ?", note);
  g_assert_false (gtk_widget_get_sensitive (save));
  _cn_new_request_dialog_fill (dialog, "Lucas Moreau", 0, "Zoé Martin", "2026-10-03",
                               "Peux-tu transmettre ?", note);

  gtk_widget_activate (save);
  g_assert_true (cn_test_ui_wait_until (dialog_is_closed, f->window, 3000));

  g_assert_cmpuint (g_list_model_get_n_items (list_model (f)), ==, 1);
  g_assert_cmpstr (_cn_window_get_visible_page (f->window), ==, "requests");
  selected = selected_request (f);
  g_assert_nonnull (selected);
  g_assert_cmpstr (cn_request_get_requester_name (selected), ==, "Lucas Moreau");
  g_assert_cmpstr (cn_request_get_target_name (selected), ==, "Zoé Martin");
  g_assert_cmpstr (cn_request_get_note_to_target (selected), ==, note);
  assert_detail_shows (f, selected);
  /* Checked at once: its verdict is stored and shown. */
  g_assert_cmpint (cn_store_get_request_verdict (f->store, cn_request_get_id (selected)), !=,
                   CN_VERDICT_NONE);
  g_assert_nonnull (
      cn_request_detail_get_analysis (CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"))));

  contacts = cn_store_list_contacts (f->store, NULL);
  for (guint i = 0; i < contacts->len; i++)
    found |= g_strcmp0 (cn_contact_get_name (g_ptr_array_index (contacts, i)), "Zoé Martin") == 0;
  g_assert_true (found);
}

static void
test_new_request_to_existing_contact (Fixture *f, gconstpointer data)
{
  g_autoptr (CnContact) contact = cn_contact_new ("Nadia Benali");
  CnNewRequestDialog *dialog;
  CnRequest *selected;

  g_assert_true (cn_store_add_contact (f->store, contact, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-request", NULL));
  g_assert_true (cn_test_ui_wait_until (dialog_is_open, f->window, 2000));
  dialog = CN_NEW_REQUEST_DIALOG (_cn_window_get_new_request_dialog (f->window));
  _cn_new_request_dialog_fill (dialog, "Tom Baker", cn_contact_get_id (contact), NULL, NULL, "",
                               "Could we talk about your data team for 15 minutes?");
  gtk_widget_activate (GTK_WIDGET (cn_test_ui_child (dialog, "save_button")));
  g_assert_true (cn_test_ui_wait_until (dialog_is_closed, f->window, 3000));

  selected = selected_request (f);
  g_assert_nonnull (selected);
  g_assert_cmpint (cn_request_get_target_id (selected), ==, cn_contact_get_id (contact));
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, 1);
}

static CnNewRequestDialog *
open_new_request (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-request", NULL));
  g_assert_true (cn_test_ui_wait_until (dialog_is_open, f->window, 2000));
  return CN_NEW_REQUEST_DIALOG (_cn_window_get_new_request_dialog (f->window));
}

static gint64
add_contact (Fixture *f, const char *name, const char *company, const char *email)
{
  g_autoptr (CnContact) contact = cn_contact_new (name);

  cn_contact_set_company (contact, company);
  cn_contact_set_email (contact, email);
  g_assert_true (cn_store_add_contact (f->store, contact, NULL));
  return cn_contact_get_id (contact);
}

/* Nothing is chosen by alphabet: Add waits for a contact, saying so; the
 * picker finds one by a name typed without accents. */
static void
test_new_request_picks_contact (Fixture *f, gconstpointer data)
{
  CnNewRequestDialog *dialog;
  CnContactPicker *picker;
  GtkWidget *save;
  GtkWidget *search;
  AdwActionRow *contact_row;
  CnRequest *selected;
  gint64 zoe;

  add_contact (f, "Adèle Martin", "Atelier Lumière", "adele@lumiere.fr");
  zoe = add_contact (f, "Zoë Müller", "Nordwind GmbH", "zoe@nordwind.de");
  dialog = open_new_request (f);
  picker = CN_CONTACT_PICKER (cn_test_ui_child (dialog, "contact_picker"));
  save = GTK_WIDGET (cn_test_ui_child (dialog, "save_button"));
  contact_row = ADW_ACTION_ROW (cn_test_ui_child (dialog, "contact_row"));
  search = GTK_WIDGET (cn_test_ui_child (picker, "search_entry"));
  g_assert_cmpint (cn_contact_picker_get_contact_id (picker), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (cn_test_ui_child (dialog, "requester_name_row")),
                         "Tom Baker");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (
                                GTK_TEXT_VIEW (cn_test_ui_child (dialog, "target_view"))),
                            "Could we talk about your data team for 15 minutes?", -1);
  /* Everything but the contact: Add waits, and the row says why. */
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_cmpstr (adw_action_row_get_subtitle (contact_row), ==,
                   _("Required: choose a contact, or add a new one below"));

  /* Found by company, by e-mail, and by a name typed without accents. */
  g_signal_emit_by_name (cn_test_ui_child (picker, "button"), "clicked");
  gtk_editable_set_text (GTK_EDITABLE (search), "nordwind");
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (
                       GTK_LIST_VIEW (cn_test_ui_child (picker, "list_view"))))),
                   ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (search), "muller");
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpint (cn_contact_picker_get_contact_id (picker), ==, zoe);
  g_assert_true (gtk_widget_get_sensitive (save));
  g_assert_cmpstr (adw_action_row_get_subtitle (contact_row), ==, "");

  gtk_widget_activate (save);
  g_assert_true (cn_test_ui_wait_until (dialog_is_closed, f->window, 3000));
  selected = selected_request (f);
  g_assert_nonnull (selected);
  g_assert_cmpint (cn_request_get_target_id (selected), ==, zoe);
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, 2);
}

/* Without any contact yet, there is none to pick: the form starts with a new
 * one. */
static void
test_new_request_without_contacts (Fixture *f, gconstpointer data)
{
  CnNewRequestDialog *dialog = open_new_request (f);

  g_assert_true (
      gtk_switch_get_active (GTK_SWITCH (cn_test_ui_child (dialog, "new_contact_switch"))));
  g_assert_true (
      gtk_widget_get_visible (GTK_WIDGET (cn_test_ui_child (dialog, "contact_name_row"))));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (cn_test_ui_child (dialog, "contact_row"))));
}

/* The picker lists contacts as the Contacts page does: "Émile" before
 * "Zoë", not after it as a byte order would. */
static void
test_new_request_contact_order (Fixture *f, gconstpointer data)
{
  CnContactPicker *picker;
  GListModel *offered;
  g_autoptr (CnContact) first = NULL;
  g_autoptr (CnContact) second = NULL;
  g_autoptr (CnContact) third = NULL;

  add_contact (f, "Zoë Müller", NULL, NULL);
  add_contact (f, "Émile Zola", NULL, NULL);
  add_contact (f, "Adam Smith", NULL, NULL);
  picker = CN_CONTACT_PICKER (cn_test_ui_child (open_new_request (f), "contact_picker"));
  offered = G_LIST_MODEL (
      gtk_list_view_get_model (GTK_LIST_VIEW (cn_test_ui_child (picker, "list_view"))));
  g_assert_cmpuint (g_list_model_get_n_items (offered), ==, 3);
  first = g_list_model_get_item (offered, 0);
  second = g_list_model_get_item (offered, 1);
  third = g_list_model_get_item (offered, 2);
  g_assert_cmpstr (cn_contact_get_name (first), ==, "Adam Smith");
  g_assert_cmpstr (cn_contact_get_name (second), ==, "Émile Zola");
  g_assert_cmpstr (cn_contact_get_name (third), ==, "Zoë Müller");
}

static gboolean
picker_offers_all (gpointer data)
{
  CnContactPicker *picker = data;
  GtkListView *list = GTK_LIST_VIEW (cn_test_ui_child (picker, "list_view"));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))) == 1200;
}

/* A big network is read in a thread: the dialog opens at once, and the
 * picker offers every contact once they are read. */
static void
test_new_request_many_contacts (Fixture *f, gconstpointer data)
{
  CnNewRequestDialog *dialog;
  CnContactPicker *picker;
  GtkWidget *search;
  gint64 last = 0;

  g_assert_true (cn_store_begin (f->store, NULL));
  for (guint i = 0; i < 1200; i++)
    {
      g_autofree char *name = g_strdup_printf ("Person %04u", i);

      last = add_contact (f, name, NULL, NULL);
    }
  g_assert_true (cn_store_commit (f->store, NULL));

  dialog = open_new_request (f);
  picker = CN_CONTACT_PICKER (cn_test_ui_child (dialog, "contact_picker"));
  g_assert_true (cn_test_ui_wait_until (picker_offers_all, picker, 5000));
  search = GTK_WIDGET (cn_test_ui_child (picker, "search_entry"));
  g_signal_emit_by_name (cn_test_ui_child (picker, "button"), "clicked");
  gtk_editable_set_text (GTK_EDITABLE (search), "person 1199");
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpint (cn_contact_picker_get_contact_id (picker), ==, last);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (cn_test_ui_wait_until (dialog_is_closed, f->window, 3000));
}

/* Ctrl+Return in a note field adds the request instead of a new line: the
 * dialog catches it before the text view does. */
static void
test_new_request_ctrl_return (Fixture *f, gconstpointer data)
{
  CnNewRequestDialog *dialog;
  GtkTextView *note;
  g_autoptr (GListModel) controllers = NULL;
  GtkShortcut *submit = NULL;
  CnRequest *selected;
  gint64 zoe = add_contact (f, "Zoë Müller", NULL, NULL);

  dialog = open_new_request (f);
  note = GTK_TEXT_VIEW (cn_test_ui_child (dialog, "target_view"));
  _cn_new_request_dialog_fill (dialog, "Tom Baker", zoe, NULL, NULL, "",
                               "Could we talk about your data team?");
  gtk_widget_grab_focus (GTK_WIDGET (note));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (note)));

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (dialog));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && submit == NULL; i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_Return &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == GDK_CONTROL_MASK)
            submit = shortcut;
        }
    }
  g_assert_nonnull (submit);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (submit), 0,
                                               GTK_WIDGET (dialog), NULL));
  g_assert_true (cn_test_ui_wait_until (dialog_is_closed, f->window, 3000));
  selected = selected_request (f);
  g_assert_nonnull (selected);
  g_assert_cmpint (cn_request_get_target_id (selected), ==, zoe);
  g_assert_cmpstr (cn_request_get_note_to_target (selected), ==,
                   "Could we talk about your data team?");
}

static gboolean
message_dialog_shown (gpointer data)
{
  return cn_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* A window opened on a database that already holds requests (an ordinary
 * start): the request shown can be answered at once. */
static void
test_stored_requests_answerable (void)
{
  g_autofree char *path = g_build_filename (cn_test_ui_get_tmpdir (), "stored.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CnStore) store = cn_store_open (path, &error);
  CnWindow *window;

  g_assert_no_error (error);
  g_assert_cmpint (cn_demo_load (store, &error), >, 0);
  window = cn_window_new (NULL, store, NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_page_is_requests, window, 3000));
  cn_test_ui_spin (300);

  g_assert_nonnull (_cn_window_get_selected (window));
  g_assert_true (gtk_widget_is_sensitive (cn_test_ui_action_button (window, "ask-motivation")));
  g_assert_true (gtk_widget_is_sensitive (cn_test_ui_action_button (window, "decline")));
  g_assert_true (gtk_widget_is_sensitive (cn_test_ui_action_button (window, "archive")));

  gtk_window_destroy (GTK_WINDOW (window));
  cn_test_ui_spin (50);
}

static gboolean
list_loaded (gpointer window)
{
  return !cn_request_list_is_loading (CN_WINDOW (window)->requests);
}

/* The entry gives its text to the list from the main loop, not as it is
 * typed: loaded means nothing until the list has it. */
static gboolean
search_loaded (gpointer window)
{
  CnRequestList *list = CN_WINDOW (window)->requests;
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (CN_WINDOW (window)->request_search));

  return g_strcmp0 (cn_request_list_get_search (list), typed) == 0 &&
         !cn_request_list_is_loading (list);
}

/* With many requests the list reads them in a worker: the window shows at
 * once, never says "no match" while it reads, and keeps the rows on show
 * until a filter's come. Forced here on the examples. */
static void
test_background_list (void)
{
  g_autofree char *path = g_build_filename (cn_test_ui_get_tmpdir (), "background.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CnStore) store = cn_store_open (path, &error);
  g_autoptr (CnRequestList) unsuitable = NULL;
  GListModel *model;
  CnWindow *window;
  guint total;

  g_assert_no_error (error);
  g_assert_cmpint (cn_demo_load (store, &error), >, 0);
  total = cn_store_count_requests (store);
  _cn_window_background_list_min = 0;
  window = cn_test_ui_new_window (store);
  gtk_window_present (GTK_WINDOW (window));
  model = G_LIST_MODEL (window->requests);
  g_assert_true (cn_request_list_is_loading (window->requests));
  g_assert_cmpstr (_cn_window_get_visible_page (window), ==, "requests");
  g_assert_cmpstr (_cn_window_get_list_page (window), ==, "list");
  g_assert_true (cn_test_ui_wait_until (list_loaded, window, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, total);
  cn_test_ui_spin (50);
  g_assert_nonnull (_cn_window_get_selected (window));
  /* The examples' verdicts come from the background check. */
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_analysis_done, window, 20000));
  g_assert_true (cn_test_ui_wait_until (list_loaded, window, 10000));

  /* A filter: the rows stay until the worker's come. */
  gtk_drop_down_set_selected (window->verdict_filter, 3);
  g_assert_true (cn_request_list_is_loading (window->requests));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, total);
  g_assert_true (cn_test_ui_wait_until (list_loaded, window, 10000));
  unsuitable = cn_request_list_new (store);
  cn_request_list_set_view (unsuitable, CN_REQUEST_VIEW_ALL);
  cn_request_list_set_verdict_filter (unsuitable, CN_VERDICT_UNSUITABLE);
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, total);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (unsuitable)));

  /* A search that finds nothing says so once the worker has looked. */
  gtk_editable_set_text (GTK_EDITABLE (window->request_search), "zzqqxx");
  g_assert_true (cn_test_ui_wait_until (search_loaded, window, 10000));
  cn_test_ui_spin (50);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpstr (_cn_window_get_list_page (window), ==, "no-match");

  _cn_window_background_list_min = 2000;
  gtk_window_destroy (GTK_WINDOW (window));
  cn_test_ui_spin (50);
}

/* The list keeps 30 rows bound (a grid of one column): where more than 30
 * would fit, its rows still reach the bottom, one after the other, taller
 * (GTK 4.8 spreads them). Small text and no margins make 70 fit here. */
static void
test_tall_list_fills_window (void)
{
  g_autofree char *path = g_build_filename (cn_test_ui_get_tmpdir (), "tall.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CnStore) store = cn_store_open (path, &error);
  g_autoptr (GtkCssProvider) small = gtk_css_provider_new ();
  GtkWidget *list;
  CnWindow *window;
  double bottom = 0;
  guint shown = 0;
  int height;

  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr (CnRequest) request = cn_request_new ();
      g_autofree char *name = g_strdup_printf ("Requester %u", i);

      cn_request_set_requester_name (request, name);
      cn_request_set_received_at (request, 1700000000 + i * 3600);
      cn_request_set_note_to_target (request, "Could you pass my note on?");
      g_assert_true (cn_store_add_request (store, request, &error));
      g_assert_no_error (error);
    }
  gtk_css_provider_load_from_data (small,
                                   "gridview > child, gridview > child * { font-size: 2px; "
                                   "margin: 0; padding: 0; min-height: 0; }",
                                   -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (small),
                                              GTK_STYLE_PROVIDER_PRIORITY_USER);
  window = cn_test_ui_new_window (store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 1100);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (cn_test_ui_wait_until (list_loaded, window, 10000));
  cn_test_ui_spin (100);
  list = GTK_WIDGET (window->request_list_view);
  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_first_child (child) != NULL)
      {
        gtk_widget_set_margin_top (gtk_widget_get_first_child (child), 0);
        gtk_widget_set_margin_bottom (gtk_widget_get_first_child (child), 0);
      }
  gtk_widget_queue_resize (list);
  cn_test_ui_spin (200);

  height = gtk_widget_get_height (list);
  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_child_visible (child) ||
          !gtk_widget_compute_bounds (child, list, &bounds))
        continue;
      if (bounds.origin.y >= height || bounds.size.height <= 0)
        continue;
      /* No gap above a row. */
      g_assert_cmpfloat (bounds.origin.y, <=, bottom + 1);
      bottom = MAX (bottom, bounds.origin.y + bounds.size.height);
      shown++;
    }
  g_test_message ("%u rows over %d pixels, down to %.0f", shown, height, bottom);
  g_assert_cmpuint (shown, >=, 30);
  g_assert_cmpfloat (bottom, >=, height);

  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (small));
  gtk_window_destroy (GTK_WINDOW (window));
  cn_test_ui_spin (50);
}

static void
test_corrupt_database_is_explained (void)
{
  g_autofree char *path = g_build_filename (cn_test_ui_get_tmpdir (), "corrupt.db", NULL);
  const char garbage[] = "This is not a database, but somebody's notes.\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (CnStore) store = NULL;
  g_autofree char *after = NULL;
  gsize length = 0;
  CnWindow *window;
  GtkWindow *dialog;

  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
  store = cn_store_open (path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);

  window = cn_window_new (NULL, NULL, error);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (cn_test_ui_wait_until (message_dialog_shown, NULL, 3000));
  dialog = cn_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (
      strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), error->message));
  g_assert_cmpstr (_cn_window_get_visible_page (window), ==, "error");

  /* Never silently replaced. */
  g_assert_true (g_file_get_contents (path, &after, &length, NULL));
  g_assert_cmpmem (after, length, garbage, sizeof garbage - 1);

  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  cn_test_ui_spin (50);
}

/* Overwrites the first bytes of the page holding @index: a damage only a
 * full integrity check meets, since nothing at start reads that index. */
static void
damage_index (const char *path, const char *index)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  int page_size = 0;
  int root = 0;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT rootpage, (SELECT page_size FROM pragma_page_size)"
                                       " FROM sqlite_schema WHERE name = ?1",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, index, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  root = sqlite3_column_int (stmt, 0);
  page_size = sqlite3_column_int (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_assert_cmpint (root, >, 1);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, (gsize) root * page_size);
  memset (contents + (gsize) (root - 1) * page_size, 0xa5, 64);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

/* The app opens its database with the integrity check left for after the
 * first frame: damage found then is explained as at opening, and the list
 * is no longer offered. */
static void
test_damage_found_later_is_explained (void)
{
  g_autofree char *path = g_build_filename (cn_test_ui_get_tmpdir (), "damaged.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CnStore) store = cn_store_open (path, &error);
  CnWindow *window;
  GtkWindow *dialog;

  g_assert_no_error (error);
  g_assert_cmpint (cn_demo_load (store, &error), >, 0);
  g_clear_object (&store);
  damage_index (path, "requesters_email");

  store = cn_store_open_with_flags (path, CN_STORE_OPEN_CHECK_LATER, &error);
  g_assert_no_error (error);
  g_assert_true (cn_store_needs_check (store));
  window = cn_window_new (NULL, store, NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (cn_test_ui_wait_until (message_dialog_shown, NULL, 5000));
  dialog = cn_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "damaged"));
  g_assert_cmpstr (_cn_window_get_visible_page (window), ==, "error");

  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  cn_test_ui_spin (50);
}

int
main (int argc, char *argv[])
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;

  g_test_add ("/ui/window/empty-database-shows-status-page", Fixture, NULL,
              cn_test_window_fixture_set_up, test_empty_database_shows_status_page,
              cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/load-examples-fills-list", Fixture, NULL, cn_test_window_fixture_set_up,
              test_load_examples_fills_list, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/selecting-shows-notes", Fixture, NULL, cn_test_window_fixture_set_up,
              test_selecting_shows_notes, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/markup-shown-literally", Fixture, NULL, cn_test_window_fixture_set_up,
              test_markup_shown_literally, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/bidi-names-isolated", Fixture, NULL, cn_test_window_fixture_set_up,
              test_bidi_names_isolated, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/new-request-dialog-saves", Fixture, NULL, cn_test_window_fixture_set_up,
              test_new_request_dialog_saves, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/new-request-to-existing-contact", Fixture, NULL,
              cn_test_window_fixture_set_up, test_new_request_to_existing_contact,
              cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/new-request-picks-contact", Fixture, NULL, cn_test_window_fixture_set_up,
              test_new_request_picks_contact, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/new-request-without-contacts", Fixture, NULL,
              cn_test_window_fixture_set_up, test_new_request_without_contacts,
              cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/new-request-contact-order", Fixture, NULL, cn_test_window_fixture_set_up,
              test_new_request_contact_order, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/new-request-many-contacts", Fixture, NULL, cn_test_window_fixture_set_up,
              test_new_request_many_contacts, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/new-request-ctrl-return", Fixture, NULL, cn_test_window_fixture_set_up,
              test_new_request_ctrl_return, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/keyboard-reaches-every-pane", CnTestWindowFixture, NULL,
              cn_test_window_fixture_set_up, test_keyboard_reaches_every_pane,
              cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/inbox", CnTestWindowFixture, NULL, cn_test_window_fixture_set_up,
              test_inbox, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/edit-request", CnTestWindowFixture, NULL, cn_test_window_fixture_set_up,
              test_edit_request, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/delete-request-undo", CnTestWindowFixture, NULL,
              cn_test_window_fixture_set_up, test_delete_request_undo,
              cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/choose-contact", CnTestWindowFixture, NULL, cn_test_window_fixture_set_up,
              test_choose_contact, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/window/regions-tab-and-f6", CnTestWindowFixture, NULL,
              cn_test_window_fixture_set_up, test_regions_tab_and_f6,
              cn_test_window_fixture_tear_down);
  g_test_add_func ("/ui/window/corrupt-database-is-explained", test_corrupt_database_is_explained);
  g_test_add_func ("/ui/window/damage-found-later-is-explained",
                   test_damage_found_later_is_explained);
  g_test_add_func ("/ui/window/stored-requests-answerable", test_stored_requests_answerable);
  g_test_add_func ("/ui/window/background-list", test_background_list);
  g_test_add_func ("/ui/window/tall-list-fills-window", test_tall_list_fills_window);

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
