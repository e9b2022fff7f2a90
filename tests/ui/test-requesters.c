/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Requesters as the window remembers them: their page with every request
 * and its outcome, Screen Out and Trusted. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cn-analysis-summary.h"
#include "cn-requester-page.h"
#include "cn-store.h"
#include "cn-test-ui.h"
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
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
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
#undef ADD

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
