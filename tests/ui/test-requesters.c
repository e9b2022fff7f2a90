/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Requesters as the window remembers them: their page with every request
 * and its outcome, Screen Out and Trusted, and the messages that are not
 * requests (Not a Request with Undo, remembered for the sender's next
 * messages, shown again from their page), without "Hello ," anywhere. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cn-analysis-summary.h"
#include "cn-import.h"
#include "cn-reply-dialog.h"
#include "cn-requester-page.h"
#include "cn-store.h"
#include "cn-test-ui.h"
#include "cn-text-row.h"
#include "cn-window-private.h"

static CnRequestDetail *
detail (CnTestWindowFixture *f)
{
  return CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"));
}

static gboolean
page_is_open (gpointer window)
{
  return _cn_window_get_requester_page (window) != NULL;
}

static CnRequesterPage *
open_page (CnTestWindowFixture *f)
{
  GtkWidget *button = cn_test_ui_child (detail (f), "requester_button");

  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                   "win.show-requester");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-requester", NULL));
  g_assert_true (cn_test_ui_wait_until (page_is_open, f->window, 2000));
  return CN_REQUESTER_PAGE (_cn_window_get_requester_page (f->window));
}

/* The rows of the page's request list: "title|subtitle" each. */
static GPtrArray *
page_rows (CnRequesterPage *page)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  for (GtkWidget *row = gtk_widget_get_first_child (cn_test_ui_child (page, "requests_list"));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    g_ptr_array_add (rows,
                     g_strdup_printf ("%s|%s",
                                      adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                      adw_action_row_get_subtitle (ADW_ACTION_ROW (row))));
  return rows;
}

static CnRequest *
selected (CnTestWindowFixture *f)
{
  return _cn_window_get_selected (f->window);
}

typedef struct
{
  CnTestWindowFixture *f;
  gint64 id;
} Selection;

static gboolean
is_selected (gpointer data)
{
  Selection *s = data;
  CnRequest *request = selected (s->f);

  return request != NULL && cn_request_get_id (request) == s->id;
}

static char *
summary_reasons (CnTestWindowFixture *f)
{
  return _cn_analysis_summary_dup_reasons_text (
      CN_ANALYSIS_SUMMARY (cn_test_ui_child (detail (f), "summary")));
}

static const char *
motivation_reason (CnTestWindowFixture *f)
{
  CnVerificationPanel *panel = CN_VERIFICATION_PANEL (
      cn_test_ui_review_child (f->window, "verification_panel"));
  AdwPreferencesRow *row = _cn_verification_panel_get_row (panel, CN_STEP_MOTIVATION);

  if (ADW_IS_EXPANDER_ROW (row))
    return adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));
  return cn_text_row_get_subtitle (CN_TEXT_ROW (row));
}

/* Grégoire Lambert sent two requests: his page lists both, newest first,
 * with their date, contact and outcome; one opens in the main window. */
static void
test_page_lists_requests (CnTestWindowFixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) rows = NULL;
  CnRequesterPage *page;
  CnRequest *request;
  GtkListBoxRow *row;
  Selection s = { f, 0 };

  cn_test_window_fixture_load_demo (f);
  request = cn_test_window_fixture_select_with (f, "dernière relance");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (
                                cn_test_ui_child (detail (f), "requester_button_label"))),
                            "Grégoire Lambert"));
  page = open_page (f);
  g_assert_cmpint (cn_requester_page_get_requester_id (page), ==,
                   cn_request_get_requester_id (request));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (page)), ==, "Grégoire Lambert");

  rows = page_rows (page);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_true (
      g_str_has_suffix (rows->pdata[0], cn_request_status_get_label (CN_REQUEST_STATUS_NEW)));
  g_assert_true (
      g_str_has_suffix (rows->pdata[1], cn_request_status_get_label (CN_REQUEST_STATUS_ASKED)));
  g_assert_true (g_str_has_prefix (rows->pdata[0], cn_request_get_target_name (request)));

  /* A decision in the main window shows on the page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.archive", NULL));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = page_rows (page);
  g_assert_true (
      g_str_has_suffix (rows->pdata[0], cn_request_status_get_label (CN_REQUEST_STATUS_ARCHIVED)));

  /* The older one opens in the main window. */
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (cn_test_ui_child (page, "requests_list")), 1);
  g_signal_emit_by_name (cn_test_ui_child (page, "requests_list"), "row-activated", row);
  {
    g_autoptr (GArray)
                   ids = cn_store_list_requester_request_ids (f->store,
                                                              cn_request_get_requester_id (request),
                                                              NULL);

    s.id = g_array_index (ids, gint64, 1);
  }
  g_assert_true (cn_test_ui_wait_until (is_selected, &s, 2000));
  gtk_window_destroy (GTK_WINDOW (page));
}

/* Screen Out: the requester's requests are to decline, with the reason in
 * the detail pane and the checklist; switched off, the analysis decides
 * again. Both leave a trace in the history. */
static void
test_screen_out (CnTestWindowFixture *f, gconstpointer data)
{
  g_autofree char *reasons = NULL;
  g_autoptr (GPtrArray) events = NULL;
  CnRequesterPage *page;
  CnRequest *request;
  GtkWidget *standing;
  CnVerdict before;

  cn_test_window_fixture_load_demo (f);
  request = cn_test_window_fixture_select_with (f, "idempotent consumers at Lumenstack");
  before = cn_request_get_effective_verdict (request);
  g_assert_cmpint (before, !=, CN_VERDICT_UNSUITABLE);
  page = open_page (f);

  gtk_switch_set_active (GTK_SWITCH (cn_test_ui_child (page, "screen_out_switch")), TRUE);
  cn_test_ui_spin (50);
  request = selected (f);
  g_assert_cmpint (cn_request_get_effective_verdict (request), ==, CN_VERDICT_UNSUITABLE);
  standing = cn_test_ui_child (detail (f), "standing_label");
  g_assert_true (gtk_widget_get_visible (standing));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (standing)),
                                   "You screened out this requester on "));
  g_assert_true (g_str_has_prefix (motivation_reason (f), "You screened out this requester on "));
  reasons = summary_reasons (f);
  g_assert_nonnull (strstr (reasons, "You screened out this requester on "));
  g_assert_true (
      g_str_has_prefix (gtk_label_get_text (GTK_LABEL (cn_test_ui_child (page, "standing_label"))),
                        "You screened out this requester on "));

  /* Reversed from the same switch. */
  gtk_switch_set_active (GTK_SWITCH (cn_test_ui_child (page, "screen_out_switch")), FALSE);
  cn_test_ui_spin (50);
  g_assert_cmpint (cn_request_get_effective_verdict (selected (f)), ==, before);
  g_assert_false (gtk_widget_get_visible (standing));
  events = cn_store_list_events (f->store, cn_request_get_id (selected (f)), NULL);
  g_assert_cmpint (((CnEvent *) events->pdata[events->len - 2])->action, ==,
                   CN_EVENT_ACTION_SCREENED_OUT);
  g_assert_cmpint (((CnEvent *) events->pdata[events->len - 1])->action, ==,
                   CN_EVENT_ACTION_STANDING_CLEARED);
  gtk_window_destroy (GTK_WINDOW (page));
}

/* Trusted: Bruno Tessier's stock note went to three contacts; trusted, his
 * requests are judged on their note alone (no mass-sent reason), and the
 * two switches exclude each other. */
static void
test_trusted (CnTestWindowFixture *f, gconstpointer data)
{
  g_autofree char *reasons = NULL;
  g_autofree char *after = NULL;
  CnRequesterPage *page;
  CnRequest *request;

  cn_test_window_fixture_load_demo (f);
  request = cn_test_window_fixture_select_with (f, "ajouter à mon réseau");
  g_assert_true (cn_request_get_mass_sent (request));
  reasons = summary_reasons (f);
  g_assert_nonnull (strstr (reasons, "Mass-sent"));
  page = open_page (f);

  gtk_switch_set_active (GTK_SWITCH (cn_test_ui_child (page, "trusted_switch")), TRUE);
  cn_test_ui_spin (50);
  request = selected (f);
  g_assert_cmpint (cn_request_get_requester_standing (request), ==, CN_REQUESTER_STANDING_TRUSTED);
  g_assert_cmpint (cn_request_get_effective_verdict (request), ==,
                   cn_request_get_verdict (request));
  after = summary_reasons (f);
  g_assert_null (strstr (after, "Mass-sent"));
  g_assert_nonnull (strstr (after, "You trusted this requester on "));

  /* Screening out a trusted requester turns Trusted off. */
  gtk_switch_set_active (GTK_SWITCH (cn_test_ui_child (page, "screen_out_switch")), TRUE);
  cn_test_ui_spin (50);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (cn_test_ui_child (page, "trusted_switch"))));
  g_assert_cmpint (cn_request_get_effective_verdict (selected (f)), ==, CN_VERDICT_UNSUITABLE);
  gtk_window_destroy (GTK_WINDOW (page));
}

static gint64
add_contactless (CnTestWindowFixture *f, const char *from, const char *note)
{
  g_autoptr (CnRequest) request = cn_request_new ();
  g_autoptr (GError) error = NULL;

  cn_request_set_requester_name (request, from);
  cn_request_set_note_to_connector (request, note);
  cn_request_set_source (request, "linkedin");
  g_assert_true (cn_store_add_request (f->store, request, &error));
  g_assert_no_error (error);
  return cn_request_get_id (request);
}

static void
select_id (CnTestWindowFixture *f, gint64 id)
{
  Selection s = { f, id };

  g_assert_true (_cn_window_select_request (f->window, id));
  g_assert_true (cn_test_ui_wait_until (is_selected, &s, 2000));
  cn_test_ui_spin (20);
}

/* A message to no contact: a clear state with "Choose the Contact…" and
 * "Not a Request", which sets it aside in one click with Undo; the sender's
 * next message to no one is set aside on import, and their page shows them
 * again. */
static void
test_not_a_request (CnTestWindowFixture *f, gconstpointer data)
{
  g_autoptr (CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr (CnImportReport) report = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  CnImportRequest *next;
  CnRequesterPage *page;
  GtkWidget *box, *choose;
  gint64 id;

  cn_test_window_fixture_load_demo (f);
  id = add_contactless (f, "Rita Recruteuse", "Hello, we have a job for you!");
  select_id (f, id);

  box = cn_test_ui_child (detail (f), "no_contact_box");
  g_assert_true (gtk_widget_get_visible (box));
  choose = cn_test_ui_child (detail (f), "choose_contact_button");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (choose)), ==,
                   "win.choose-contact");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (choose)), ==, "C_hoose the Contact…");
  g_assert_cmpstr (gtk_button_get_label (
                       GTK_BUTTON (cn_test_ui_child (detail (f), "not_request_button"))),
                   ==, "_Not a Request");

  /* One click, then Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.not-a-request", NULL));
  g_assert_cmpint (cn_request_get_status (selected (f)), ==, CN_REQUEST_STATUS_ARCHIVED);
  g_assert_true (cn_store_is_set_aside (f->store, id));
  g_assert_nonnull (strstr (_cn_window_get_last_toast (f->window), "not a request"));
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-not-a-request", NULL));
  g_assert_cmpint (cn_request_get_status (selected (f)), ==, CN_REQUEST_STATUS_NEW);
  g_assert_false (cn_store_is_set_aside (f->store, id));
  {
    g_autoptr (CnRequesterInfo)
                   info = cn_store_get_requester (f->store,
                                                  cn_request_get_requester_id (selected (f)), NULL);

    g_assert_false (info->not_requests);
  }

  /* Again, and kept: the next message from Rita to no one is set aside. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.not-a-request", NULL));
  cn_test_ui_spin (20);
  g_assert_nonnull (
      strstr (gtk_label_get_text (GTK_LABEL (cn_test_ui_child (detail (f), "no_contact_label"))),
              "Set aside"));
  next = cn_import_request_new ();
  next->requester_name = g_strdup ("Rita Recruteuse");
  next->note_to_connector = g_strdup ("Hello again, still this job.");
  next->source = g_strdup ("linkedin");
  next->source_ref = g_strdup ("rita-2");
  next->received_at = 1800000000;
  cn_import_batch_add_request (batch, next);
  report = cn_store_import_batch (f->store, batch, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->requests_added, ==, 1);

  page = open_page (f);
  g_assert_true (gtk_widget_get_visible (cn_test_ui_child (page, "not_requests_group")));
  rows = page_rows (page);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    g_assert_true (g_str_has_suffix (rows->pdata[i], "Not a request"));

  /* Shown again from their page: both are new, and the sender forgotten. */
  g_signal_emit_by_name (cn_test_ui_child (page, "show_again_button"), "clicked");
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = page_rows (page);
  for (guint i = 0; i < rows->len; i++)
    g_assert_true (
        g_str_has_suffix (rows->pdata[i], cn_request_status_get_label (CN_REQUEST_STATUS_NEW)));
  g_assert_false (gtk_widget_get_visible (cn_test_ui_child (page, "not_requests_group")));
  gtk_window_destroy (GTK_WINDOW (page));
}

static gboolean
reply_dialog_is_open (gpointer data)
{
  return _cn_window_get_reply_dialog (data) != NULL;
}

/* No preview of a request without a contact greets an empty name. */
static void
test_no_empty_greeting (CnTestWindowFixture *f, gconstpointer data)
{
  CnEndorsementEditor *editor;
  g_autofree char *draft = NULL;
  g_autofree char *reply = NULL;
  GtkWindow *dialog;

  cn_test_window_fixture_load_demo (f);
  select_id (f, add_contactless (f, "Rita Recruteuse", "Hello, we have a job for you!"));

  editor = CN_ENDORSEMENT_EDITOR (cn_test_ui_review_child (f->window, "editor"));
  cn_endorsement_editor_set_relationship (editor, CN_RELATIONSHIP_PROFESSIONAL);
  cn_test_ui_spin (50);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (cn_endorsement_editor_get_preview (editor));
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    draft = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  }
  g_assert_null (strstr (draft, "Hello ,"));
  g_assert_nonnull (strstr (draft, "\nHello,\n"));
  {
    g_autoptr (CnMessage) message = cn_endorsement_editor_build_message (editor, TRUE);

    g_assert_nonnull (message);
    g_assert_true (g_str_has_prefix (message->body, "Hello,"));
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.decline", NULL));
  g_assert_true (cn_test_ui_wait_until (reply_dialog_is_open, f->window, 3000));
  dialog = _cn_window_get_reply_dialog (f->window);
  reply = cn_reply_dialog_dup_text (CN_REPLY_DIALOG (dialog));
  g_assert_null (strstr (reply, "Hello ,"));
  g_assert_true (g_str_has_prefix (reply, "Hello Rita,"));
  gtk_window_destroy (dialog);
}

int
main (int argc, char *argv[])
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;

#define ADD(path, func)                                                                            \
  g_test_add ("/ui/requesters/" path, CnTestWindowFixture, NULL, cn_test_window_fixture_set_up,    \
              func, cn_test_window_fixture_tear_down)
  ADD ("page-lists-requests", test_page_lists_requests);
  ADD ("screen-out", test_screen_out);
  ADD ("trusted", test_trusted);
  ADD ("not-a-request", test_not_a_request);
  ADD ("no-empty-greeting", test_no_empty_greeting);
#undef ADD

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
