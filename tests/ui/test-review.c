/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The review of a request as the connector does it: the guided verification,
 * the forward (mail hand-off captured by a hook, clipboard read back), the
 * ask for motivation, undo, and overrides — through the window's buttons and
 * actions, in a real (Xvfb) display. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cn-compose.h"
#include "cn-override-dialog.h"
#include "cn-reply-dialog.h"
#include "cn-request-row.h"
#include "cn-test-ui.h"
#include "cn-text-row.h"
#include "cn-window-private.h"

typedef struct
{
  CnTestWindowFixture w;
  GPtrArray *uris; /* captured mailto: URIs */
} Fixture;

static void
on_uri_cb (const char *uri, gpointer data)
{
  g_ptr_array_add (((Fixture *) data)->uris, g_strdup (uri));
}

static void
set_up (Fixture *f, gconstpointer data)
{
  cn_test_window_fixture_set_up (&f->w, data);
  f->uris = g_ptr_array_new_with_free_func (g_free);
  _cn_window_set_uri_hook (f->w.window, on_uri_cb, f);
  cn_test_window_fixture_load_demo (&f->w);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  GtkWindow *dialog = _cn_window_get_reply_dialog (f->w.window);

  if (dialog != NULL)
    gtk_window_destroy (dialog);
  cn_test_window_fixture_tear_down (&f->w, data);
  g_ptr_array_unref (f->uris);
}

static CnVerificationPanel *
panel (Fixture *f)
{
  return CN_VERIFICATION_PANEL (cn_test_ui_review_child (f->w.window, "verification_panel"));
}

static CnCheckResult
result_of (Fixture *f, CnStep step)
{
  return cn_verification_panel_get_check (panel (f), step).result;
}

/* A step's widget in the panel's template: "fit_row", "fit_result", … */
static gpointer
step_child (Fixture *f, CnStep step, const char *part)
{
  g_autofree char *name = g_strdup_printf ("%s_%s", cn_step_to_string (step), part);

  return cn_test_ui_child (panel (f), name);
}

/* The words of a step's result ("Passed", "Blocked", …). */
static const char *
result_text (Fixture *f, CnStep step)
{
  return gtk_label_get_text (GTK_LABEL (step_child (f, step, "result")));
}

static const char *
reason_of (Fixture *f, CnStep step)
{
  AdwPreferencesRow *row = ADW_PREFERENCES_ROW (step_child (f, step, "row"));

  if (ADW_IS_EXPANDER_ROW (row))
    return adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));
  return cn_text_row_get_subtitle (CN_TEXT_ROW (row));
}

static GtkWidget *
button (Fixture *f, const char *action)
{
  return cn_test_ui_action_button (f->w.window, action);
}

typedef struct
{
  Fixture *f;
  gint64 id;
  CnRequestStatus status;
} StatusWait;

static gboolean
status_is (gpointer data)
{
  StatusWait *wait = data;
  g_autoptr (CnRequest) request = cn_store_get_request (wait->f->w.store, wait->id, NULL);

  return request != NULL && cn_request_get_status (request) == wait->status;
}

static void
wait_for_status (Fixture *f, CnRequest *request, CnRequestStatus status)
{
  StatusWait wait = { f, cn_request_get_id (request), status };

  g_assert_true (cn_test_ui_wait_until (status_is, &wait, 5000));
}

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_get_sensitive (widget);
}

static gboolean
has_uri (gpointer data)
{
  return ((Fixture *) data)->uris->len > 0;
}

static gboolean
has_reply_dialog (gpointer data)
{
  return _cn_window_get_reply_dialog (((Fixture *) data)->w.window) != NULL;
}

static gboolean
has_no_reply_dialog (gpointer data)
{
  return !has_reply_dialog (data);
}

static gboolean
has_override_dialog (gpointer data)
{
  return _cn_window_get_override_dialog (((Fixture *) data)->w.window) != NULL;
}

static gboolean
has_no_override_dialog (gpointer data)
{
  return !has_override_dialog (data);
}

/* The value of one field of a mailto: URI, decoded ("to" is the path). */
static char *
mailto_field (const char *uri, const char *field)
{
  const char *query = strchr (uri, '?');
  g_auto (GStrv) pairs = NULL;

  g_assert_true (g_str_has_prefix (uri, "mailto:"));
  if (g_strcmp0 (field, "to") == 0)
    {
      g_autofree char *path = g_strndup (uri + 7, query ? (gsize) (query - uri - 7) : strlen (uri));

      return g_uri_unescape_string (path, NULL);
    }
  if (query == NULL)
    return NULL;
  pairs = g_strsplit (query + 1, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_autofree char *prefix = g_strconcat (field, "=", NULL);

      if (g_str_has_prefix (pairs[i], prefix))
        return g_uri_unescape_string (pairs[i] + strlen (prefix), NULL);
    }
  return NULL;
}

/* The latest event of @action, or NULL. */
static CnEvent *
latest_event (Fixture *f, CnRequest *request, CnEventAction action)
{
  g_autoptr (GPtrArray)
                 events = cn_store_list_events (f->w.store, cn_request_get_id (request), NULL);

  for (guint i = events->len; i > 0; i--)
    {
      CnEvent *event = g_ptr_array_index (events, i - 1);

      if (event->action == action)
        return g_ptr_array_steal_index (events, i - 1);
    }
  return NULL;
}

static GtkLabel *
find_history_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "cn-history-text"))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_history_text (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The text the history shows under the latest event of @action, NULL when
 * none. The row is found by its title, as a person reads it; @text is the
 * event's text, for an override (its title names the step). */
static const char *
history_text (Fixture *f, CnEventAction action, const char *text)
{
  GtkWidget *list = cn_test_ui_child (cn_test_ui_review_child (f->w.window, "history_view"),
                                      "list");
  CnEvent event = { .action = action,
                    .action_id = (char *) cn_event_action_to_string (action),
                    .text = (char *) text };
  g_autofree char *title = cn_history_view_describe_event (&event);

  /* Newest first: the first row of that action is the latest. */
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkLabel *label;

      if (!ADW_IS_EXPANDER_ROW (row) ||
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) != 0)
        continue;
      label = find_history_text (row);
      if (label != NULL)
        return gtk_label_get_text (label);
    }
  return NULL;
}

static void
choose_relationship (Fixture *f, CnRelationship relationship)
{
  cn_endorsement_editor_set_relationship (CN_ENDORSEMENT_EDITOR (
                                              cn_test_ui_review_child (f->w.window, "editor")),
                                          relationship);
  cn_test_ui_spin (20);
}

static CnRequest *
select_motivated (Fixture *f)
{
  CnRequest *request = cn_test_window_fixture_select_with (&f->w, "outplacement");

  g_assert_cmpint (result_of (f, CN_STEP_MOTIVATION), ==, CN_CHECK_PASS);
  g_assert_cmpint (result_of (f, CN_STEP_FIT), ==, CN_CHECK_PASS);
  g_assert_cmpint (result_of (f, CN_STEP_AVAILABILITY), ==, CN_CHECK_PASS);
  return request;
}

static gboolean
handoff_shown (gpointer data)
{
  return gtk_widget_get_visible (
      cn_test_ui_review_child (((Fixture *) data)->w.window, "handoff_box"));
}

static gboolean
handoff_hidden (gpointer data)
{
  return !handoff_shown (data);
}

static void
test_motivated_forwards (Fixture *f, gconstpointer data)
{
  CnRequest *request = select_motivated (f);
  CnEndorsementEditor *editor = CN_ENDORSEMENT_EDITOR (
      cn_test_ui_review_child (f->w.window, "editor"));
  g_autofree char *to = NULL;
  g_autofree char *cc = NULL;
  g_autofree char *body = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *quoted = NULL;
  g_autoptr (CnEvent) event = NULL;
  g_autoptr (CnEvent) outcome = NULL;
  AdwComboRow *outcome_row;
  const char *shown;

  /* The fit says why, with the contact's words. */
  g_assert_nonnull (strstr (reason_of (f, CN_STEP_FIT), "outplacement"));
  g_assert_nonnull (strstr (reason_of (f, CN_STEP_FIT), "Claire Fontanel"));
  g_assert_cmpstr (result_text (f, CN_STEP_FIT), ==, C_("step result", "Passed"));
  /* The count and the contact's limit, each standing alone. */
  g_assert_nonnull (
      strstr (reason_of (f, CN_STEP_AVAILABILITY), "Introductions in the last 30 days: 0 of 4"));

  /* No relationship yet: the endorsement blocks, Forward and Copy are off. */
  g_assert_cmpint (result_of (f, CN_STEP_ENDORSEMENT), ==, CN_CHECK_FAIL);
  g_assert_false (gtk_widget_get_sensitive (button (f, "forward")));
  g_assert_false (gtk_widget_get_sensitive (button (f, "copy-forward")));
  g_assert_true (gtk_widget_get_sensitive (button (f, "ask-motivation")));

  choose_relationship (f, CN_RELATIONSHIP_PROFESSIONAL);
  g_assert_true (cn_test_ui_wait_until (is_sensitive, button (f, "forward"), 2000));
  g_assert_cmpint (result_of (f, CN_STEP_SEND), ==, CN_CHECK_PASS);

  gtk_widget_activate (button (f, "forward"));
  g_assert_true (cn_test_ui_wait_until (has_uri, f, 3000));
  g_assert_cmpuint (f->uris->len, ==, 1);

  to = mailto_field (f->uris->pdata[0], "to");
  cc = mailto_field (f->uris->pdata[0], "cc");
  body = mailto_field (f->uris->pdata[0], "body");
  g_assert_nonnull (strstr (to, "claire@passerelles-rh.example"));
  g_assert_nonnull (cc);
  g_assert_nonnull (strstr (cc, "nadia.benali@courriel.example"));
  g_assert_nonnull (body);
  sentence = cn_compose_relationship_sentence (CN_RELATIONSHIP_PROFESSIONAL, "Nadia Benali",
                                               cn_endorsement_editor_get_lang (editor));
  g_assert_nonnull (strstr (body, sentence));
  quoted = g_strconcat ("> ", "Bonjour Madame Fontanel,", NULL);
  g_assert_nonnull (strstr (body, quoted));

  /* Handed to the mail app: not forwarded until the connector says it was sent. */
  g_assert_true (cn_test_ui_wait_until (handoff_shown, f, 2000));
  g_assert_cmpint (cn_request_get_status (request), ==, CN_REQUEST_STATUS_NEW);
  g_assert_cmpstr (gtk_label_get_text (
                       GTK_LABEL (cn_test_ui_review_child (f->w.window, "handoff_label"))),
                   ==, _("You opened this forward in your mail app. Did you send it?"));
  g_assert_nonnull (history_text (f, CN_EVENT_ACTION_FORWARD_OPENED, NULL));
  gtk_widget_activate (cn_test_ui_review_child (f->w.window, "handoff_sent_button"));
  wait_for_status (f, request, CN_REQUEST_STATUS_FORWARDED);
  event = latest_event (f, request, CN_EVENT_ACTION_FORWARDED);
  g_assert_nonnull (event);
  g_assert_nonnull (strstr (event->text, sentence));
  g_assert_nonnull (strstr (event->text, "claire@passerelles-rh.example"));
  /* The history shows that exact text. */
  shown = history_text (f, CN_EVENT_ACTION_FORWARDED, NULL);
  g_assert_cmpstr (shown, ==, event->text);
  /* Forwarded: the outcome can now be recorded, and it goes in the history. */
  outcome_row = ADW_COMBO_ROW (
      cn_test_ui_child (CN_HISTORY_VIEW (cn_test_ui_review_child (f->w.window, "history_view")),
                        "outcome_row"));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (outcome_row)));
  g_assert_cmpuint (adw_combo_row_get_selected (outcome_row), ==, CN_OUTCOME_NONE);
  adw_combo_row_set_selected (outcome_row, CN_OUTCOME_ACCEPTED);
  g_assert_cmpint (cn_store_get_request_outcome (f->w.store, cn_request_get_id (request)), ==,
                   CN_OUTCOME_ACCEPTED);
  outcome = latest_event (f, request, CN_EVENT_ACTION_OUTCOME);
  g_assert_nonnull (outcome);
  g_assert_cmpuint (adw_combo_row_get_selected (outcome_row), ==, CN_OUTCOME_ACCEPTED);
}

typedef struct
{
  char *text;
  gboolean done;
} ClipboardRead;

static void
on_clipboard_read_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ClipboardRead *read = data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static gboolean
read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static char *
read_clipboard (Fixture *f)
{
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f->w.window)), NULL,
                                 on_clipboard_read_cb, &read);
  g_assert_true (cn_test_ui_wait_until (read_done, &read, 3000));
  return read.text;
}

/* The words of the list row of the request from @requester. */
static const char *
row_status (Fixture *f, const char *requester)
{
  GtkWidget *list = GTK_WIDGET (f->w.window->request_list_view);
  g_autoptr (GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, list);
  while (!g_queue_is_empty (queue))
    {
      GtkWidget *widget = g_queue_pop_head (queue);

      /* A row on show: the list keeps spare rows it recycles. */
      if (CN_IS_REQUEST_ROW (widget) && gtk_widget_get_mapped (widget) &&
          g_strcmp0 (gtk_inscription_get_text (cn_test_ui_child (widget, "requester_label")),
                     requester) == 0)
        return gtk_inscription_get_text (cn_test_ui_child (widget, "status_label"));
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_queue_push_tail (queue, child);
    }
  return NULL;
}

typedef struct
{
  Fixture *f;
  const char *requester;
  const char *expected;
} RowWait;

static gboolean
row_status_is (gpointer data)
{
  RowWait *wait = data;

  return g_strcmp0 (row_status (wait->f, wait->requester), wait->expected) == 0;
}

/* The row updates once the list has settled: wait for it, then compare. */
static void
assert_row_status (Fixture *f, const char *requester, const char *expected)
{
  RowWait wait = { f, requester, expected };

  cn_test_ui_wait_until (row_status_is, &wait, 2000);
  g_assert_cmpstr (row_status (f, requester), ==, expected);
}

static const char *
availability_reason (Fixture *f)
{
  return reason_of (f, CN_STEP_AVAILABILITY);
}

/* Copy hands the forward to the clipboard: the history says so, the request
 * is not forwarded and does not count toward the contact's limit until the
 * connector says it was sent; that answer can be undone. */
static void
test_copy_asks_sent (Fixture *f, gconstpointer data)
{
  CnRequest *request = select_motivated (f);
  gint64 id = cn_request_get_id (request);
  CnEndorsementEditor *editor = CN_ENDORSEMENT_EDITOR (
      cn_test_ui_review_child (f->w.window, "editor"));
  g_autoptr (CnMessage) message = NULL;
  g_autofree char *copied = NULL;
  g_autoptr (CnEvent) event = NULL;
  g_autoptr (CnEvent) forwarded = NULL;
  g_autoptr (CnEvent) after_undo = NULL;
  GtkWidget *history_list;
  GtkWidget *copied_row;

  choose_relationship (f, CN_RELATIONSHIP_PERSONAL);
  g_assert_true (cn_test_ui_wait_until (is_sensitive, button (f, "copy-forward"), 2000));
  message = cn_endorsement_editor_build_message (editor, TRUE);
  g_assert_nonnull (strstr (availability_reason (f), "Introductions in the last 30 days: 0 of 4"));

  gtk_widget_activate (button (f, "copy-forward"));
  g_assert_true (cn_test_ui_wait_until (handoff_shown, f, 2000));
  g_assert_cmpuint (f->uris->len, ==, 0);

  /* The body (endorsement and quoted note) is what gets pasted. */
  copied = read_clipboard (f);
  g_assert_cmpstr (copied, ==, message->body);
  g_assert_nonnull (strstr (copied, "> Bonjour Madame Fontanel,"));

  /* Recorded as copied, not forwarded; the count is unchanged. */
  event = latest_event (f, request, CN_EVENT_ACTION_FORWARD_COPIED);
  g_assert_nonnull (event);
  g_assert_nonnull (strstr (event->text, message->body));
  g_assert_null (latest_event (f, request, CN_EVENT_ACTION_FORWARDED));
  g_assert_cmpstr (history_text (f, CN_EVENT_ACTION_FORWARD_COPIED, NULL), ==, event->text);
  g_assert_null (history_text (f, CN_EVENT_ACTION_FORWARDED, NULL));
  g_assert_cmpint (cn_request_get_status (request), ==, CN_REQUEST_STATUS_NEW);
  g_assert_nonnull (strstr (availability_reason (f), "0 of 4"));
  g_assert_cmpstr (gtk_label_get_text (
                       GTK_LABEL (cn_test_ui_review_child (f->w.window, "handoff_label"))),
                   ==, _("You copied this forward. Did you send it?"));
  assert_row_status (f, "Nadia Benali", C_("request status", "Did you send it?"));
  /* The toast asks too. */
  g_assert_nonnull (strstr (_cn_window_get_last_toast (f->w.window), _("Did you send it?")));

  /* The connector opens the copied text to read it again. */
  history_list = cn_test_ui_child (cn_test_ui_review_child (f->w.window, "history_view"), "list");
  copied_row = gtk_widget_get_first_child (history_list);
  g_assert_true (ADW_IS_EXPANDER_ROW (copied_row));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (copied_row), TRUE);

  /* Sent: forwarded with the text copied, and it counts. */
  gtk_widget_activate (cn_test_ui_review_child (f->w.window, "handoff_sent_button"));
  wait_for_status (f, request, CN_REQUEST_STATUS_FORWARDED);
  forwarded = latest_event (f, request, CN_EVENT_ACTION_FORWARDED);
  g_assert_nonnull (forwarded);
  g_assert_cmpstr (forwarded->text, ==, event->text);
  cn_test_ui_spin (50);
  /* The forward's row comes on top; the copied one is the same row, still open. */
  g_assert_true (gtk_widget_get_next_sibling (gtk_widget_get_first_child (history_list)) ==
                 copied_row);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (copied_row)));
  g_assert_nonnull (strstr (availability_reason (f), "1 of 4"));
  g_assert_true (handoff_hidden (f));
  assert_row_status (f, "Nadia Benali", cn_request_status_get_label (CN_REQUEST_STATUS_FORWARDED));

  /* Undo the confirmation: back to waiting for the answer. */
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.undo-status", NULL);
  wait_for_status (f, request, CN_REQUEST_STATUS_NEW);
  after_undo = latest_event (f, request, CN_EVENT_ACTION_FORWARDED);
  g_assert_null (after_undo);
  g_assert_true (cn_test_ui_wait_until (handoff_shown, f, 2000));
  cn_test_ui_spin (50);
  g_assert_nonnull (strstr (availability_reason (f), "0 of 4"));

  /* Not sent: the question goes, nothing counts, and the history says so. */
  gtk_widget_activate (cn_test_ui_review_child (f->w.window, "handoff_not_sent_button"));
  g_assert_true (cn_test_ui_wait_until (handoff_hidden, f, 2000));
  g_assert_null (cn_store_get_pending_handoff (f->w.store, id));
  g_assert_cmpint (cn_request_get_status (request), ==, CN_REQUEST_STATUS_NEW);
  cn_test_ui_spin (50);
  {
    g_autoptr (CnEvent) not_sent = latest_event (f, request, CN_EVENT_ACTION_NOT_SENT);
    g_autofree char *title = NULL;

    g_assert_nonnull (not_sent);
    title = cn_history_view_describe_event (not_sent);
    g_assert_cmpstr (title, ==, C_("history", "Not sent"));
  }
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.undo-status", NULL);
  g_assert_true (cn_test_ui_wait_until (handoff_shown, f, 2000));
}

/* Closes the window and the database, then opens both again, as a restart. */
static void
restart (Fixture *f)
{
  g_autofree char *path = g_strdup (cn_store_get_path (f->w.store));
  g_autoptr (GError) error = NULL;

  gtk_window_destroy (GTK_WINDOW (f->w.window));
  cn_test_ui_spin (50);
  g_clear_object (&f->w.store);
  f->w.store = cn_store_open (path, &error);
  g_assert_no_error (error);
  f->w.window = cn_test_ui_new_window (f->w.store);
  _cn_window_set_uri_hook (f->w.window, on_uri_cb, f);
  gtk_window_set_default_size (GTK_WINDOW (f->w.window), 1200, 760);
  gtk_window_present (GTK_WINDOW (f->w.window));
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_page_is_requests, f->w.window, 3000));
  cn_test_ui_spin (100); /* the columns laid out: a button is pressed once it is shown */
}

/* A forward opened in the mail app and not answered still asks after a
 * restart; the answer then counts. */
static void
test_handoff_survives_restart (Fixture *f, gconstpointer data)
{
  CnRequest *request = select_motivated (f);

  choose_relationship (f, CN_RELATIONSHIP_PROFESSIONAL);
  g_assert_true (cn_test_ui_wait_until (is_sensitive, button (f, "forward"), 2000));
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.forward-mail-client", NULL);
  g_assert_true (cn_test_ui_wait_until (handoff_shown, f, 2000));

  restart (f);
  assert_row_status (f, "Nadia Benali", C_("request status", "Did you send it?"));
  request = select_motivated (f);
  g_assert_true (cn_test_ui_wait_until (handoff_shown, f, 2000));
  g_assert_cmpstr (gtk_label_get_text (
                       GTK_LABEL (cn_test_ui_review_child (f->w.window, "handoff_label"))),
                   ==, _("You opened this forward in your mail app. Did you send it?"));
  g_assert_nonnull (strstr (availability_reason (f), "0 of 4"));
  gtk_widget_activate (cn_test_ui_review_child (f->w.window, "handoff_sent_button"));
  wait_for_status (f, request, CN_REQUEST_STATUS_FORWARDED);
  cn_test_ui_spin (50);
  g_assert_nonnull (strstr (availability_reason (f), "1 of 4"));
}

/* The row's label says "Ready to forward" exactly when the review pane lets
 * the forward leave, else the step that blocks, and follows the draft, a
 * contact edited and an override without a restart. */
static void override (Fixture *f, const char *step, const char *reason);

static void
test_list_label_follows_availability (Fixture *f, gconstpointer data)
{
  CnRequest *request = cn_test_window_fixture_select_with (&f->w, "idempotent consumers");
  g_autoptr (GError) error = NULL;
  g_autoptr (CnContact) contact = cn_store_get_contact (f->w.store,
                                                        cn_request_get_target_id (request), &error);
  const char *ready = cn_request_status_get_label (CN_REQUEST_STATUS_READY);

  g_assert_no_error (error);
  g_assert_cmpint (cn_request_get_status (request), ==, CN_REQUEST_STATUS_READY);
  /* Verified, but no relationship chosen yet: Forward stays shut, and the row says why. */
  g_assert_false (gtk_widget_get_sensitive (button (f, "forward")));
  assert_row_status (f, "Marta Kowalski", C_("request status", "To endorse"));
  choose_relationship (f, CN_RELATIONSHIP_PROFESSIONAL);
  g_assert_true (cn_test_ui_wait_until (is_sensitive, button (f, "forward"), 2000));
  assert_row_status (f, "Marta Kowalski", ready);

  cn_contact_set_away_until (contact, "2099-01-15");
  g_assert_true (cn_store_update_contact (f->w.store, contact, &error));
  cn_test_ui_spin (100);
  g_assert_cmpint (result_of (f, CN_STEP_AVAILABILITY), ==, CN_CHECK_FAIL);
  g_assert_false (gtk_widget_get_sensitive (button (f, "forward")));
  assert_row_status (f, "Marta Kowalski", C_("request status", "Blocked: contact away"));

  /* Overridden in the pane: the row agrees at once. */
  override (f, "availability", "She said yes on the phone");
  g_assert_true (cn_test_ui_wait_until (is_sensitive, button (f, "forward"), 2000));
  assert_row_status (f, "Marta Kowalski", ready);
}

/* Available again, then at their limit (a forward to them this month, of
 * one allowed): blocked, in the row as in the pane. */
static void
test_list_label_follows_limit (Fixture *f, gconstpointer data)
{
  CnRequest *request = cn_test_window_fixture_select_with (&f->w, "idempotent consumers");
  g_autoptr (GError) error = NULL;
  g_autoptr (CnContact) contact = cn_store_get_contact (f->w.store,
                                                        cn_request_get_target_id (request), &error);

  g_assert_no_error (error);
  choose_relationship (f, CN_RELATIONSHIP_PROFESSIONAL);
  assert_row_status (f, "Marta Kowalski", cn_request_status_get_label (CN_REQUEST_STATUS_READY));
  cn_contact_set_monthly_cap (contact, 1);
  g_assert_true (cn_store_update_contact (f->w.store, contact, &error));
  g_assert_true (cn_store_record_action (f->w.store, cn_request_get_id (request),
                                         CN_EVENT_ACTION_FORWARDED, "text", -1, NULL, &error));
  cn_test_ui_spin (100);
  g_assert_cmpint (result_of (f, CN_STEP_AVAILABILITY), ==, CN_CHECK_FAIL);
  assert_row_status (f, "Marta Kowalski",
                     C_("request status", "Blocked: contact’s limit reached"));
}

/* An unmotivated request: the row names the first step that blocks, and
 * moves on as the connector overrides them in the pane. */
static void
test_list_label_follows_overrides (Fixture *f, gconstpointer data)
{
  CnRequest *request = cn_test_window_fixture_select_with (&f->w, "Bonjour Madame, nous avons");
  const char *requester = cn_request_get_requester_name (request);

  choose_relationship (f, CN_RELATIONSHIP_PERSONAL);
  g_assert_cmpint (result_of (f, CN_STEP_MOTIVATION), ==, CN_CHECK_FAIL);
  assert_row_status (f, requester, C_("request status", "Not motivated"));
  override (f, "motivation", "Je la connais bien");
  g_assert_cmpint (result_of (f, CN_STEP_FIT), ==, CN_CHECK_FAIL);
  assert_row_status (f, requester, C_("request status", "Blocked: kind not accepted"));
  override (f, "fit", "Elle m'a dit oui");
  g_assert_true (cn_test_ui_wait_until (is_sensitive, button (f, "forward"), 2000));
  assert_row_status (f, requester, cn_request_status_get_label (CN_REQUEST_STATUS_READY));
}

static CnRequest *
select_unmotivated (Fixture *f)
{
  CnRequest *request = cn_test_window_fixture_select_with (&f->w, "points communs");

  g_assert_cmpint (result_of (f, CN_STEP_MOTIVATION), ==, CN_CHECK_FAIL);
  return request;
}

static void
test_unmotivated_asks (Fixture *f, gconstpointer data)
{
  CnRequest *request = select_unmotivated (f);
  g_autofree char *questions = NULL;
  g_autofree char *text = NULL;
  g_autoptr (CnEvent) event = NULL;
  g_autoptr (CnEvent) after_undo = NULL;
  CnReplyDialog *dialog;
  const char *shown;

  g_assert_cmpstr (result_text (f, CN_STEP_MOTIVATION), ==, C_("step result", "Blocked"));
  g_assert_nonnull (strstr (reason_of (f, CN_STEP_SEND), C_("verification step", "Motivation")));
  /* Nothing tells its kind: the Fit step says what Hélène takes instead. */
  g_assert_cmpint (result_of (f, CN_STEP_FIT), ==, CN_CHECK_FAIL);
  g_assert_nonnull (strstr (reason_of (f, CN_STEP_FIT), "Nothing says what kind of request"));
  g_assert_nonnull (
      strstr (reason_of (f, CN_STEP_FIT), cn_request_kind_get_label (CN_REQUEST_KIND_RECRUITING)));

  /* A relationship does not make an unmotivated request forwardable. */
  choose_relationship (f, CN_RELATIONSHIP_MET_ONCE);
  g_assert_cmpint (result_of (f, CN_STEP_ENDORSEMENT), !=, CN_CHECK_FAIL);
  g_assert_false (gtk_widget_get_sensitive (button (f, "forward")));
  g_assert_false (gtk_widget_get_sensitive (button (f, "copy-forward")));

  gtk_widget_activate (button (f, "ask-motivation"));
  g_assert_true (cn_test_ui_wait_until (has_reply_dialog, f, 3000));
  dialog = CN_REPLY_DIALOG (_cn_window_get_reply_dialog (f->w.window));

  /* The missing elements, as questions, in the requester's language (French). */
  questions = cn_compose_questions (cn_request_get_element_mask (request), "fr");
  g_assert_cmpstr (questions, !=, "");
  text = cn_reply_dialog_dup_text (dialog);
  g_assert_nonnull (strstr (text, questions));

  gtk_widget_activate (GTK_WIDGET (cn_test_ui_child (dialog, "copy_button")));
  wait_for_status (f, request, CN_REQUEST_STATUS_ASKED);
  g_assert_true (cn_test_ui_wait_until (has_no_reply_dialog, f, 3000));
  event = latest_event (f, request, CN_EVENT_ACTION_ASKED);
  g_assert_nonnull (event);
  g_assert_nonnull (strstr (event->text, text));
  shown = history_text (f, CN_EVENT_ACTION_ASKED, NULL);
  g_assert_cmpstr (shown, ==, event->text);

  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.undo-status", NULL);
  wait_for_status (f, request, CN_REQUEST_STATUS_NEW);
  after_undo = latest_event (f, request, CN_EVENT_ACTION_ASKED);
  g_assert_null (after_undo);
}

/* A decline has two fields, neither required: a private note, kept in the
 * history and never sent, and a sentence for the requester, in the reply. */
static void
test_decline_two_fields (Fixture *f, gconstpointer data)
{
  CnRequest *request = cn_test_window_fixture_select_with (&f->w, "great synergies");
  const char *note = "Generic template, probably sent to everyone";
  const char *sentence = "I only pass on notes written for the person.";
  g_autoptr (CnEvent) event = NULL;
  CnReplyDialog *dialog;
  g_autofree char *before = NULL;
  g_autofree char *after_note = NULL;
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  g_autofree char *expected = NULL;
  const char *shown;

  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.decline", NULL);
  g_assert_true (cn_test_ui_wait_until (has_reply_dialog, f, 3000));
  dialog = CN_REPLY_DIALOG (_cn_window_get_reply_dialog (f->w.window));
  /* An English reply: no "tu" or "vous" to choose. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cn_test_ui_child (dialog, "register_box"))));
  /* The field says it stays private. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cn_test_ui_child (dialog, "note_hint"))));
  g_assert_nonnull (
      strstr (gtk_label_get_label (GTK_LABEL (cn_test_ui_child (dialog, "note_hint"))),
              "never sent"));
  /* No reason is needed to decline. */
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (cn_test_ui_child (dialog, "mail_button"))));
  before = cn_reply_dialog_dup_text (dialog);

  /* The private note leaves the reply as it was. */
  gtk_editable_set_text (GTK_EDITABLE (cn_test_ui_child (dialog, "note_entry")), note);
  after_note = cn_reply_dialog_dup_text (dialog);
  g_assert_cmpstr (after_note, ==, before);
  /* The sentence for the requester goes in it at once. */
  gtk_editable_set_text (GTK_EDITABLE (cn_test_ui_child (dialog, "sentence_entry")), sentence);
  text = cn_reply_dialog_dup_text (dialog);
  g_assert_nonnull (strstr (text, sentence));
  g_assert_null (strstr (text, note));

  gtk_widget_activate (GTK_WIDGET (cn_test_ui_child (dialog, "mail_button")));
  wait_for_status (f, request, CN_REQUEST_STATUS_DECLINED);
  g_assert_cmpuint (f->uris->len, ==, 1);
  body = mailto_field (f->uris->pdata[0], "body");
  g_assert_nonnull (strstr (body, sentence));
  g_assert_null (strstr (body, "Generic template"));

  /* The history keeps the note, and what was sent. */
  event = latest_event (f, request, CN_EVENT_ACTION_DECLINED);
  g_assert_nonnull (event);
  g_assert_nonnull (strstr (event->text, note));
  g_assert_nonnull (strstr (event->text, sentence));
  shown = history_text (f, CN_EVENT_ACTION_DECLINED, NULL);
  g_assert_nonnull (shown);
  expected = g_strdup_printf (_("Private note (not sent): %s"), note);
  g_assert_true (g_str_has_prefix (shown, expected));
  g_assert_nonnull (strstr (shown, sentence));
}

/* Declining with neither field: the reply leaves, and the history has no note. */
static void
test_decline_without_reason (Fixture *f, gconstpointer data)
{
  CnRequest *request = select_unmotivated (f);
  g_autoptr (CnEvent) event = NULL;
  CnReplyDialog *dialog;
  g_autofree char *text = NULL;

  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.decline", NULL);
  g_assert_true (cn_test_ui_wait_until (has_reply_dialog, f, 3000));
  dialog = CN_REPLY_DIALOG (_cn_window_get_reply_dialog (f->w.window));
  text = cn_reply_dialog_dup_text (dialog);
  g_assert_null (strstr (text, "\n\n\n"));
  gtk_widget_activate (GTK_WIDGET (cn_test_ui_child (dialog, "copy_button")));
  wait_for_status (f, request, CN_REQUEST_STATUS_DECLINED);
  event = latest_event (f, request, CN_EVENT_ACTION_DECLINED);
  g_assert_nonnull (event);
  g_assert_false (cn_decline_event_parse (event->text, NULL, NULL));
  g_assert_nonnull (strstr (event->text, text));
}

/* A French request whose note says "tu" to the connector. */
static CnRequest *
add_tu_request (Fixture *f)
{
  CnRequest *kevin = cn_test_window_fixture_select_with (&f->w, "points communs");
  g_autoptr (CnRequest) request = cn_request_new ();
  g_autoptr (GError) error = NULL;

  cn_request_set_requester_name (request, "Lucas Moreau");
  cn_request_set_target_id (request, cn_request_get_target_id (kevin));
  cn_request_set_received_at (request, g_get_real_time () / G_USEC_PER_SEC);
  cn_request_set_source (request, "manual");
  cn_request_set_note_to_connector (request, "Salut Paul, tu pourrais transmettre mon message ? Je "
                                             "t’en remercie !");
  cn_request_set_note_to_target (request, "Bonjour Madame, je serais ravi d'échanger avec vous sur "
                                          "la sécurité de "
                                          "nos systèmes, tutoriel à l'appui.");
  g_assert_true (cn_store_add_request (f->w.store, request, &error));
  g_assert_no_error (error);
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_analysis_done, f->w.window, 5000));
  return cn_test_window_fixture_select_with (&f->w, "tutoriel à l'appui");
}

/* French replies follow the requester's "tu", and a switch changes it; the
 * text follows at once. */
static void
test_reply_tu_switch (Fixture *f, gconstpointer data)
{
  CnReplyDialog *dialog;
  GtkSwitch *tu_switch;
  g_autofree char *tu = NULL;
  g_autofree char *vous = NULL;
  g_autofree char *decline = NULL;

  add_tu_request (f);
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.ask-motivation", NULL);
  g_assert_true (cn_test_ui_wait_until (has_reply_dialog, f, 3000));
  dialog = CN_REPLY_DIALOG (_cn_window_get_reply_dialog (f->w.window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cn_test_ui_child (dialog, "register_box"))));
  tu_switch = GTK_SWITCH (cn_test_ui_child (dialog, "tu_switch"));
  /* The row's title names the switch, and a click on the row flips it (the
   * tests run without an accessibility bus, so the tree cannot be read). */
  g_assert_true (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (
                     cn_test_ui_child (dialog, "register_row"))) == GTK_WIDGET (tu_switch));
  /* Detected from the note. */
  g_assert_true (gtk_switch_get_active (tu_switch));
  g_assert_cmpint (cn_reply_dialog_get_register (dialog), ==, CN_REGISTER_TU);
  tu = cn_reply_dialog_dup_text (dialog);
  g_assert_true (g_str_has_prefix (tu, "Bonjour Lucas,"));
  g_assert_nonnull (strstr (tu, "Pourrais-tu me préciser"));
  g_assert_nonnull (strstr (tu, "- Quel est ton objectif ?"));
  g_assert_cmpint (cn_register_detect (tu), ==, CN_REGISTER_TU);

  gtk_switch_set_active (tu_switch, FALSE);
  vous = cn_reply_dialog_dup_text (dialog);
  g_assert_nonnull (strstr (vous, "Pourriez-vous me préciser"));
  g_assert_nonnull (strstr (vous, "- Quel est votre objectif ?"));
  g_assert_cmpint (cn_register_detect (vous), ==, CN_REGISTER_VOUS);
  gtk_switch_set_active (tu_switch, TRUE);
  g_clear_pointer (&vous, g_free);
  vous = cn_reply_dialog_dup_text (dialog);
  g_assert_cmpstr (vous, ==, tu);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (cn_test_ui_wait_until (has_no_reply_dialog, f, 3000));

  /* The decline too. */
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.decline", NULL);
  g_assert_true (cn_test_ui_wait_until (has_reply_dialog, f, 3000));
  dialog = CN_REPLY_DIALOG (_cn_window_get_reply_dialog (f->w.window));
  decline = cn_reply_dialog_dup_text (dialog);
  g_assert_nonnull (strstr (decline, "Merci pour ton message"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (cn_test_ui_wait_until (has_no_reply_dialog, f, 3000));

  /* A note that says "vous" gets "vous", with the switch off. */
  select_unmotivated (f);
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.decline", NULL);
  g_assert_true (cn_test_ui_wait_until (has_reply_dialog, f, 3000));
  dialog = CN_REPLY_DIALOG (_cn_window_get_reply_dialog (f->w.window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cn_test_ui_child (dialog, "register_box"))));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (cn_test_ui_child (dialog, "tu_switch"))));
  g_clear_pointer (&decline, g_free);
  decline = cn_reply_dialog_dup_text (dialog);
  g_assert_nonnull (strstr (decline, "Merci pour votre message"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (cn_test_ui_wait_until (has_no_reply_dialog, f, 3000));

  /* A connector who rewrote the "vous" decline, and has no "tu" one, keeps
   * their words: no switch. */
  g_assert_true (cn_store_set_template (f->w.store, CN_TEMPLATE_DECLINE, "fr",
                                        "Bonjour {prenom_demandeur}, c'est non.", NULL));
  cn_test_window_fixture_select_with (&f->w, "tutoriel à l'appui");
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.decline", NULL);
  g_assert_true (cn_test_ui_wait_until (has_reply_dialog, f, 3000));
  dialog = CN_REPLY_DIALOG (_cn_window_get_reply_dialog (f->w.window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cn_test_ui_child (dialog, "register_box"))));
  g_clear_pointer (&decline, g_free);
  decline = cn_reply_dialog_dup_text (dialog);
  g_assert_cmpstr (decline, ==, "Bonjour Lucas, c'est non.");
}

static void
override (Fixture *f, const char *step, const char *reason)
{
  CnOverrideDialog *dialog;
  GtkEditable *entry;

  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.override", "s", step);
  g_assert_true (cn_test_ui_wait_until (has_override_dialog, f, 3000));
  dialog = CN_OVERRIDE_DIALOG (_cn_window_get_override_dialog (f->w.window));
  /* A reason is required. */
  g_assert_false (
      adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "override"));
  entry = GTK_EDITABLE (cn_test_ui_child (dialog, "entry"));
  gtk_editable_set_text (entry, "   ");
  g_assert_false (
      adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "override"));
  gtk_editable_set_text (entry, reason);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "override"));
  /* Enter in the entry confirms, as the default response. */
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (cn_test_ui_wait_until (has_no_override_dialog, f, 3000));
}

static void
test_override_recorded (Fixture *f, gconstpointer data)
{
  CnRequest *request = select_unmotivated (f);
  g_autoptr (CnEvent) event = NULL;
  CnStep step;

  choose_relationship (f, CN_RELATIONSHIP_PERSONAL);
  g_assert_false (gtk_widget_get_sensitive (button (f, "forward")));

  /* Override every blocked step, one at a time: Forward opens after the last. */
  while ((step = cn_verification_panel_get_overridable_step (panel (f))) != (CnStep) -1)
    {
      g_autofree char *reason = g_strdup_printf ("Je la connais bien (%s)",
                                                 cn_step_to_string (step));
      g_autofree char *expected = g_strdup_printf ("%s: %s", cn_step_to_string (step), reason);

      g_assert_false (gtk_widget_get_sensitive (button (f, "forward")));
      override (f, cn_step_to_string (step), reason);
      g_assert_true (cn_verification_panel_get_overridden (panel (f), step));
      g_assert_cmpstr (result_text (f, step), ==, C_("step result", "Overridden"));
      g_clear_pointer (&event, cn_event_free);
      event = latest_event (f, request, CN_EVENT_ACTION_OVERRIDE);
      g_assert_nonnull (event);
      g_assert_cmpstr (event->text, ==, expected);
      /* The history shows the reason. */
      g_assert_cmpstr (history_text (f, CN_EVENT_ACTION_OVERRIDE, event->text), ==, reason);
    }
  g_assert_true (cn_verification_panel_get_overridden (panel (f), CN_STEP_MOTIVATION));
  g_assert_true (cn_test_ui_wait_until (is_sensitive, button (f, "forward"), 2000));

  /* Overrides are history: they hold after the request is shown again. */
  cn_test_window_fixture_select_with (&f->w, "outplacement");
  select_unmotivated (f);
  g_assert_true (cn_verification_panel_get_overridden (panel (f), CN_STEP_MOTIVATION));
}

static void
test_contacts_page (Fixture *f, gconstpointer data)
{
  AdwViewStack *stack = ADW_VIEW_STACK (cn_test_ui_child (f->w.window, "view_stack"));
  CnRequest *request = cn_test_window_fixture_select_with (&f->w, "points communs");
  gint64 id = cn_request_get_id (request);
  CnRequest *selected;

  /* Ctrl+2's action shows the contacts; the review's actions rest meanwhile. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.show-contacts", NULL));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "contacts");
  g_assert_false (gtk_widget_get_sensitive (button (f, "archive")));
  /* The title counts what the page lists. */
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (
                       ADW_VIEW_SWITCHER_TITLE (cn_test_ui_child (f->w.window, "window_title"))),
                   ==, "8 contacts");

  /* Another request is shown meanwhile; opening one from a contact brings it back. */
  cn_test_window_fixture_select_with (&f->w, "outplacement");
  g_signal_emit_by_name (_cn_window_get_contacts_view (f->w.window), "request-activated", id);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "requests");
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (
                       ADW_VIEW_SWITCHER_TITLE (cn_test_ui_child (f->w.window, "window_title"))),
                   ==, "15 requests");
  selected = gtk_single_selection_get_selected_item (
      GTK_SINGLE_SELECTION (cn_test_ui_request_model (f->w.window)));
  g_assert_cmpint (cn_request_get_id (selected), ==, id);
  g_assert_true (gtk_widget_get_sensitive (button (f, "archive")));

  /* Archive, then Undo from the toast's action. */
  gtk_widget_activate (button (f, "archive"));
  wait_for_status (f, request, CN_REQUEST_STATUS_ARCHIVED);
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.undo-status", NULL);
  wait_for_status (f, request, CN_REQUEST_STATUS_NEW);
}

/* Every review shortcut the Keyboard Shortcuts window lists is one the
 * window handles, with the action it names, wherever the focus is (capture
 * phase: the endorsement editor must not take them). */
static void
test_shortcuts_listed_and_bound (Fixture *f, gconstpointer data)
{
  static const struct
  {
    const char *accel;
    const char *action;
  } expected[] = {
    { "<Control>Return", "win.forward" },
    { "<Control><Shift>c", "win.copy-forward" },
    { "<Control><Shift>m", "win.ask-motivation" },
    { "<Control><Shift>d", "win.decline" },
    { "<Control><Shift>a", "win.archive" },
    { "<Control><Shift>r", "win.choose-relationship" },
    { "<Control><Shift>o", "win.override" },
    { "<Control>1", "win.show-requests" },
    { "<Control>2", "win.show-contacts" },
    { "<Control>f", "win.find" },
  };
  g_autoptr (GtkBuilder)
                 builder = gtk_builder_new_from_resource (RESOURCE_BASE "/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->w.window));
  g_autoptr (GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) captures = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *child;

  /* The accelerators the overlay lists, normalised. */
  for (GSList *l = gtk_builder_get_objects (builder); l != NULL; l = g_slist_delete_link (l, l))
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        g_autofree char *accel = NULL;

        g_object_get (l->data, "accelerator", &accel, NULL);
        if (accel != NULL)
          g_ptr_array_add (listed, g_steal_pointer (&accel));
      }
  g_assert_nonnull (overlay);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_SHORTCUT_CONTROLLER (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        g_ptr_array_add (captures, g_object_ref (controller));
    }
  g_assert_cmpuint (captures->len, >, 0);

  for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
    {
      guint key;
      GdkModifierType mods;
      gboolean bound = FALSE;
      gboolean in_overlay = FALSE;

      g_assert_true (gtk_accelerator_parse (expected[e].accel, &key, &mods));
      for (guint c = 0; c < captures->len && !bound; c++)
        for (guint i = 0; i < g_list_model_get_n_items (captures->pdata[c]) && !bound; i++)
          {
            g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (captures->pdata[c], i);
            GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
            GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

            bound = GTK_IS_KEYVAL_TRIGGER (trigger) &&
                    gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == key &&
                    gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods &&
                    GTK_IS_NAMED_ACTION (action) &&
                    g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                               expected[e].action) == 0;
          }
      for (guint i = 0; i < listed->len && !in_overlay; i++)
        {
          guint listed_key;
          GdkModifierType listed_mods;

          in_overlay = gtk_accelerator_parse (listed->pdata[i], &listed_key, &listed_mods) &&
                       listed_key == key && listed_mods == mods;
        }
      if (!bound || !in_overlay)
        g_error ("%s → %s: bound %d, listed %d", expected[e].accel, expected[e].action, bound,
                 in_overlay);
    }
  child = GTK_WIDGET (overlay);
  gtk_window_destroy (GTK_WINDOW (child));
}

/* Not a check: pictures of the review for a person to look at, when asked
 * ($CN_REVIEW_SNAPSHOT names the PNG file). */
static void
test_snapshot (Fixture *f, gconstpointer data)
{
  const char *path = g_getenv ("CN_REVIEW_SNAPSHOT");
  g_autoptr (GError) error = NULL;
  g_autofree char *card_path = NULL;
  g_autofree char *history_path = NULL;
  g_autofree char *reply_path = NULL;
  GtkWidget *history;
  GtkAdjustment *adjustment;

  if (path == NULL)
    {
      g_test_skip ("set CN_REVIEW_SNAPSHOT to a PNG path");
      return;
    }
  gtk_window_set_default_size (GTK_WINDOW (f->w.window), 1280, 800);
  select_motivated (f);
  /* Let the "examples loaded" toast go: it would hide the action area. */
  cn_test_ui_spin (6000);
  g_assert_true (cn_test_ui_snapshot (GTK_WIDGET (f->w.window), path, &error));
  g_assert_no_error (error);

  /* The contact's card, and a request ready to go. */
  card_path = g_strdup_printf ("%.*s-card.png", (int) (strlen (path) - 4), path);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (step_child (f, CN_STEP_FIT, "row")), TRUE);
  choose_relationship (f, CN_RELATIONSHIP_PROFESSIONAL);
  cn_test_ui_spin (500);
  g_assert_true (cn_test_ui_snapshot (GTK_WIDGET (f->w.window), card_path, &error));
  g_assert_no_error (error);

  /* After the forward: the history, the outcome. */
  history_path = g_strdup_printf ("%.*s-history.png", (int) (strlen (path) - 4), path);
  gtk_widget_activate (button (f, "forward"));
  g_assert_true (cn_test_ui_wait_until (has_uri, f, 3000));
  cn_test_ui_spin (300);
  history = GTK_WIDGET (CN_HISTORY_VIEW (cn_test_ui_review_child (f->w.window, "history_view")));
  adjustment = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (history, GTK_TYPE_SCROLLED_WINDOW)));
  cn_test_ui_spin (6000);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  cn_test_ui_spin (300);
  g_assert_true (cn_test_ui_snapshot (GTK_WIDGET (f->w.window), history_path, &error));
  g_assert_no_error (error);

  /* The ask for motivation of the unmotivated example. */
  reply_path = g_strdup_printf ("%.*s-reply.png", (int) (strlen (path) - 4), path);
  select_unmotivated (f);
  gtk_widget_activate (button (f, "ask-motivation"));
  g_assert_true (cn_test_ui_wait_until (has_reply_dialog, f, 3000));
  cn_test_ui_spin (500);
  g_assert_true (cn_test_ui_snapshot (GTK_WIDGET (_cn_window_get_reply_dialog (f->w.window)),
                                      reply_path, &error));
  g_assert_no_error (error);
}

/* Editing the contact of the request shown drops its stored verdict: the
 * check still reads the request as it stands, and Forward stays on. */
static void
test_contact_edited_keeps_check (Fixture *f, gconstpointer data)
{
  CnRequest *request = select_motivated (f);
  g_autoptr (CnContact) contact = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tags = g_ptr_array_new ();
  const char *const *old_tags;
  CnCheckResult motivation;

  choose_relationship (f, CN_RELATIONSHIP_PROFESSIONAL);
  g_assert_true (cn_test_ui_wait_until (is_sensitive, button (f, "forward"), 2000));

  contact = cn_store_get_contact (f->w.store, cn_request_get_target_id (request), &error);
  g_assert_no_error (error);
  old_tags = cn_contact_get_expertise (contact);
  for (guint i = 0; old_tags != NULL && old_tags[i] != NULL; i++)
    g_ptr_array_add (tags, (gpointer) old_tags[i]);
  g_ptr_array_add (tags, "bilan de compétences");
  g_ptr_array_add (tags, NULL);
  cn_contact_set_expertise (contact, (const char *const *) tags->pdata);
  g_assert_true (cn_store_update_contact (f->w.store, contact, &error));
  g_assert_no_error (error);

  /* At once, without waiting for the background check: read again with the
   * new card, never "Not checked yet". */
  motivation = result_of (f, CN_STEP_MOTIVATION);
  g_assert_cmpint (motivation, !=, CN_CHECK_PENDING);
  g_assert_cmpint (motivation, !=, CN_CHECK_FAIL);
  g_assert_cmpstr (result_text (f, CN_STEP_MOTIVATION), !=, C_("step result", "Pending"));
  g_assert_true (gtk_widget_get_sensitive (button (f, "forward")));
  /* The background check gives the list its verdict back, the same. */
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_analysis_done, f->w.window, 10000));
  cn_test_ui_spin (50);
  g_assert_cmpint (cn_store_get_request_verdict (f->w.store, cn_request_get_id (request)), ==,
                   CN_VERDICT_MOTIVATED);
  g_assert_cmpint (result_of (f, CN_STEP_MOTIVATION), ==, motivation);
}

static GtkAdjustment *
scrolled (gpointer scroller)
{
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
}

/* Another request is read from its start: its title, its first step, and the
 * fit's details closed, wherever the previous one was left. */
static void
test_another_request_from_start (Fixture *f, gconstpointer data)
{
  GtkAdjustment *detail = scrolled (
      cn_test_ui_child (cn_test_ui_child (f->w.window, "detail"), "scroller"));
  GtkAdjustment *review = scrolled (cn_test_ui_review_child (f->w.window, "review_scroller"));
  AdwExpanderRow *fit = ADW_EXPANDER_ROW (
      cn_test_ui_child (cn_test_ui_review_child (f->w.window, "verification_panel"), "fit_row"));

  select_motivated (f);
  cn_test_ui_spin (200);
  /* Both columns are longer than the window: there is somewhere to scroll to. */
  g_assert_cmpfloat (gtk_adjustment_get_upper (detail), >, gtk_adjustment_get_page_size (detail));
  g_assert_cmpfloat (gtk_adjustment_get_upper (review), >, gtk_adjustment_get_page_size (review));
  gtk_adjustment_set_value (detail, gtk_adjustment_get_upper (detail));
  gtk_adjustment_set_value (review, gtk_adjustment_get_upper (review));
  adw_expander_row_set_expanded (fit, TRUE);
  g_assert_cmpfloat (gtk_adjustment_get_value (detail), >, 0);
  g_assert_cmpfloat (gtk_adjustment_get_value (review), >, 0);

  cn_test_window_fixture_select_with (&f->w, "idempotent");
  cn_test_ui_spin (200);
  g_assert_cmpfloat (gtk_adjustment_get_value (detail), ==, 0);
  g_assert_cmpfloat (gtk_adjustment_get_value (review), ==, 0);
  g_assert_false (adw_expander_row_get_expanded (fit));
}

/* A filter that hides every request leaves nothing to check: the review
 * column shows no step, no editor, no history, and no button answers. */
static void
test_nothing_selected (Fixture *f, gconstpointer data)
{
  GtkDropDown *filter = GTK_DROP_DOWN (cn_test_ui_child (f->w.window, "verdict_filter"));
  GtkWidget *panel = cn_test_ui_review_child (f->w.window, "verification_panel");
  GtkWidget *editor = cn_test_ui_review_child (f->w.window, "editor");

  select_motivated (f);
  g_assert_true (gtk_widget_get_visible (panel));
  g_assert_true (gtk_widget_get_visible (editor));

  /* A verdict none of the examples has. */
  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (gtk_drop_down_get_model (filter)));
       i++)
    {
      gtk_drop_down_set_selected (filter, i);
      cn_test_ui_spin (100);
      if (g_strcmp0 (_cn_window_get_list_page (f->w.window), "no-match") == 0)
        break;
    }
  g_assert_cmpstr (_cn_window_get_list_page (f->w.window), ==, "no-match");
  g_assert_null (_cn_window_get_selected (f->w.window));
  g_assert_false (gtk_widget_get_visible (panel));
  g_assert_false (gtk_widget_get_visible (editor));
  g_assert_false (gtk_widget_get_visible (cn_test_ui_review_child (f->w.window, "history_view")));
  g_assert_false (gtk_widget_is_sensitive (button (f, "decline")));

  gtk_drop_down_set_selected (filter, 0);
  cn_test_ui_spin (200);
  g_assert_nonnull (_cn_window_get_selected (f->w.window));
  g_assert_true (gtk_widget_get_visible (panel));
}

/* A contact away until a date blocks the forward and says until when. */
static void
test_away_until (Fixture *f, gconstpointer data)
{
  CnRequest *request = select_motivated (f);
  g_autoptr (GError) error = NULL;
  g_autoptr (CnContact) contact = cn_store_get_contact (f->w.store,
                                                        cn_request_get_target_id (request), &error);

  g_assert_no_error (error);
  cn_contact_set_away_until (contact, "2099-01-15");
  g_assert_true (cn_store_update_contact (f->w.store, contact, &error));
  cn_test_ui_spin (100);
  g_assert_cmpint (result_of (f, CN_STEP_AVAILABILITY), ==, CN_CHECK_FAIL);
  g_assert_cmpstr (reason_of (f, CN_STEP_AVAILABILITY), ==, "Away until January 15");
}

static gboolean
has_forward_again_dialog (gpointer data)
{
  return cn_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Once forwarded, Forward is off; "Forward Again…" asks first, then sends. */
static void
test_forward_again (Fixture *f, gconstpointer data)
{
  CnRequest *request = select_motivated (f);
  AdwMessageDialog *dialog;

  choose_relationship (f, CN_RELATIONSHIP_PROFESSIONAL);
  g_assert_true (cn_test_ui_wait_until (is_sensitive, button (f, "forward"), 2000));
  /* Not forwarded yet: nothing to go again. */
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.forward-again", NULL);
  cn_test_ui_spin (50);
  g_assert_false (has_forward_again_dialog (NULL));
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.forward", NULL);
  g_assert_true (cn_test_ui_wait_until (handoff_shown, f, 2000));
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.confirm-forward", "x", (gint64) 0);
  wait_for_status (f, request, CN_REQUEST_STATUS_FORWARDED);
  g_assert_cmpuint (f->uris->len, ==, 1);

  cn_test_ui_spin (50);
  g_assert_false (gtk_widget_get_sensitive (button (f, "forward")));
  g_assert_false (gtk_widget_get_sensitive (button (f, "copy-forward")));
  /* Ctrl+Return's action does nothing now. */
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.forward", NULL);
  cn_test_ui_spin (50);
  g_assert_cmpuint (f->uris->len, ==, 1);

  /* The endorsement that left is forgotten: going again starts from the check. */
  g_assert_cmpint (result_of (f, CN_STEP_ENDORSEMENT), ==, CN_CHECK_FAIL);
  choose_relationship (f, CN_RELATIONSHIP_PROFESSIONAL);
  cn_test_ui_spin (50);
  g_assert_false (gtk_widget_get_sensitive (button (f, "forward")));

  /* Cancel sends nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.forward-again", NULL);
  g_assert_true (cn_test_ui_wait_until (has_forward_again_dialog, NULL, 2000));
  dialog = ADW_MESSAGE_DIALOG (cn_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Claire Fontanel"));
  adw_message_dialog_response (dialog, "cancel");
  cn_test_ui_spin (50);
  g_assert_cmpuint (f->uris->len, ==, 1);

  /* Confirmed: it goes again. */
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.forward-again", NULL);
  g_assert_true (cn_test_ui_wait_until (has_forward_again_dialog, NULL, 2000));
  dialog = ADW_MESSAGE_DIALOG (cn_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "again");
  cn_test_ui_spin (100);
  g_assert_cmpuint (f->uris->len, ==, 2);
}

int
main (int argc, char **argv)
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;

  g_test_add ("/review/motivated-forwards", Fixture, NULL, set_up, test_motivated_forwards,
              tear_down);
  g_test_add ("/review/copy-asks-sent", Fixture, NULL, set_up, test_copy_asks_sent, tear_down);
  g_test_add ("/review/handoff-survives-restart", Fixture, NULL, set_up,
              test_handoff_survives_restart, tear_down);
  g_test_add ("/review/list-label-follows-limit", Fixture, NULL, set_up,
              test_list_label_follows_limit, tear_down);
  g_test_add ("/review/list-label-follows-overrides", Fixture, NULL, set_up,
              test_list_label_follows_overrides, tear_down);
  g_test_add ("/review/list-label-follows-availability", Fixture, NULL, set_up,
              test_list_label_follows_availability, tear_down);
  g_test_add ("/review/nothing-selected", Fixture, NULL, set_up, test_nothing_selected, tear_down);
  g_test_add ("/review/away-until", Fixture, NULL, set_up, test_away_until, tear_down);
  g_test_add ("/review/forward-again", Fixture, NULL, set_up, test_forward_again, tear_down);
  g_test_add ("/review/another-request-from-start", Fixture, NULL, set_up,
              test_another_request_from_start, tear_down);
  g_test_add ("/review/unmotivated-asks", Fixture, NULL, set_up, test_unmotivated_asks, tear_down);
  g_test_add ("/review/decline-two-fields", Fixture, NULL, set_up, test_decline_two_fields,
              tear_down);
  g_test_add ("/review/decline-without-reason", Fixture, NULL, set_up, test_decline_without_reason,
              tear_down);
  g_test_add ("/review/reply-tu-switch", Fixture, NULL, set_up, test_reply_tu_switch, tear_down);
  g_test_add ("/review/override-recorded", Fixture, NULL, set_up, test_override_recorded,
              tear_down);
  g_test_add ("/review/shortcuts-listed-and-bound", Fixture, NULL, set_up,
              test_shortcuts_listed_and_bound, tear_down);
  g_test_add ("/review/contacts-page", Fixture, NULL, set_up, test_contacts_page, tear_down);
  g_test_add ("/review/contact-edited-keeps-check", Fixture, NULL, set_up,
              test_contact_edited_keeps_check, tear_down);
  g_test_add ("/review/snapshot", Fixture, NULL, set_up, test_snapshot, tear_down);

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
