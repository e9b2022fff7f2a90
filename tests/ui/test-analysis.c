/* SPDX-License-Identifier: GPL-3.0-or-later */

/* What the window shows of the analyzer's findings: the verdict and its
 * reasons, the checklist, the highlights in the notes, the warning signs with
 * their evidence, the verdict badges and the verdict filter of the list. */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "cn-analysis-queue.h"
#include "cn-analyzer.h"
#include "cn-demo.h"
#include "cn-element-style.h"
#include "cn-store.h"
#include "cn-test-ui.h"
#include "cn-text-row.h"
#include "cn-window-private.h"

static gboolean
span_is_highlighted (GtkTextView *view, CnElement element, const CnSpan *span)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, cn_element_style_get_tag_name (element));
  GtkTextIter iter;

  g_assert_nonnull (tag);
  for (guint offset = span->start; offset < span->end; offset++)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
      if (!gtk_text_iter_has_tag (&iter, tag))
        return FALSE;
    }
  return TRUE;
}

static gboolean
anything_highlighted (GtkTextView *view, CnElement element)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, cn_element_style_get_tag_name (element));
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  return tag != NULL &&
         (gtk_text_iter_has_tag (&iter, tag) || gtk_text_iter_forward_to_tag_toggle (&iter, tag));
}

static CnAnalysisSummary *
summary_of (CnRequestDetail *detail)
{
  return CN_ANALYSIS_SUMMARY (cn_test_ui_child (detail, "summary"));
}

static void
assert_row (CnRequestDetail *detail, CnElement element, gboolean present)
{
  GtkListBox *list = GTK_LIST_BOX (
      cn_test_ui_child (cn_test_ui_child (detail, "checklist"), "list_box"));
  /* One row per element, in their order. */
  CnTextRow *row = CN_TEXT_ROW (gtk_list_box_get_row_at_index (list, (int) element));
  const char *subtitle = cn_text_row_get_subtitle (row);

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   cn_element_get_label (element));
  if (present)
    {
      /* Ticked, with the words of the note that show it. */
      g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "cn-missing"));
      g_assert_true (g_str_has_prefix (subtitle, "“"));
    }
  else
    {
      /* Standing out, with a hint of what a good request says. */
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "cn-missing"));
      g_assert_cmpstr (subtitle, ==, cn_element_get_hint (element));
    }
}

/* The product brief's second case, from the example data. */
static void
test_motivated_request (CnTestWindowFixture *f, gconstpointer data)
{
  CnRequestDetail *detail = CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"));
  GtkTextView *target_view = GTK_TEXT_VIEW (cn_test_ui_child (detail, "target_view"));
  CnAnalysis *analysis;
  const CnElement expected[] = { CN_ELEMENT_OBJECTIVE, CN_ELEMENT_SPECIFIC_ASK,
                                 CN_ELEMENT_EFFORT_BOUND };

  cn_test_window_fixture_load_demo (f);
  cn_test_window_fixture_select_with (f, "enquête métier");
  analysis = cn_request_detail_get_analysis (detail);
  g_assert_nonnull (analysis);
  g_assert_cmpint (cn_analysis_get_verdict (analysis), ==, CN_VERDICT_MOTIVATED);
  g_assert_cmpstr (gtk_label_get_text (
                       GTK_LABEL (cn_test_ui_child (summary_of (detail), "verdict_label"))),
                   ==, cn_verdict_get_label (CN_VERDICT_MOTIVATED));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const CnSpan *spans;
      guint n_spans = 0;

      spans = cn_analysis_get_spans (analysis, expected[i], &n_spans);
      g_assert_cmpuint (n_spans, >, 0);
      assert_row (detail, expected[i], TRUE);
      for (guint j = 0; j < n_spans; j++)
        g_assert_true (span_is_highlighted (target_view, expected[i], &spans[j]));
    }
}

/* The product brief's first case: "please forward" / "we have things in common". */
static void
test_unmotivated_request (CnTestWindowFixture *f, gconstpointer data)
{
  CnRequestDetail *detail = CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"));
  GtkTextView *target_view = GTK_TEXT_VIEW (cn_test_ui_child (detail, "target_view"));
  CnAnalysis *analysis;
  g_autofree char *reasons = NULL;

  cn_test_window_fixture_load_demo (f);
  cn_test_window_fixture_select_with (f, "points communs");
  analysis = cn_request_detail_get_analysis (detail);
  g_assert_nonnull (analysis);
  g_assert_cmpint (cn_analysis_get_verdict (analysis), !=, CN_VERDICT_MOTIVATED);
  assert_row (detail, CN_ELEMENT_OBJECTIVE, FALSE);
  assert_row (detail, CN_ELEMENT_SPECIFIC_ASK, FALSE);
  assert_row (detail, CN_ELEMENT_EFFORT_BOUND, FALSE);
  g_assert_false (anything_highlighted (target_view, CN_ELEMENT_OBJECTIVE));

  /* The reasons say it in words. */
  reasons = _cn_analysis_summary_dup_reasons_text (summary_of (detail));
  g_assert_nonnull (strstr (reasons, cn_reason_get_label (CN_REASON_NO_OBJECTIVE)));
}

static CnRequest *
add_request (CnTestWindowFixture *f, const char *to_connector, const char *to_target)
{
  g_autoptr (CnContact) contact = cn_contact_new ("Lena Brandt");
  CnRequest *request = cn_request_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (cn_store_add_contact (f->store, contact, &error));
  cn_request_set_requester_name (request, "Zed <b>Bold</b>");
  cn_request_set_target_id (request, cn_contact_get_id (contact));
  cn_request_set_received_at (request, g_get_real_time () / G_USEC_PER_SEC);
  cn_request_set_source (request, "manual");
  cn_request_set_note_to_connector (request, to_connector);
  cn_request_set_note_to_target (request, to_target);
  g_assert_true (cn_store_add_request (f->store, request, &error));
  g_assert_no_error (error);
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_page_is_requests, f->window, 3000));
  g_assert_true (_cn_window_select_request (f->window, cn_request_get_id (request)));
  cn_test_ui_spin (20);
  return request;
}

/* Warning signs come with the words that raised them, shown literally. */
static void
test_evidence_is_shown_literally (CnTestWindowFixture *f, gconstpointer data)
{
  g_autoptr (CnRequest) request = NULL;
  CnRequestDetail *detail = CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"));
  g_autofree char *evidence = NULL;
  CnAnalysis *analysis;

  request = add_request (f, "Please forward.",
                         "Hi {first_name}, I'd like to add you to my professional network. "
                         "<span foreground=\"red\">Regards</span>");
  analysis = cn_request_detail_get_analysis (detail);
  g_assert_nonnull (analysis);
  g_assert_true (cn_analysis_has_flag (analysis, CN_FLAG_PLACEHOLDERS));
  g_assert_cmpint (cn_analysis_get_verdict (analysis), !=, CN_VERDICT_MOTIVATED);

  evidence = _cn_analysis_summary_dup_evidence_text (summary_of (detail));
  g_assert_nonnull (strstr (evidence, "{first_name}"));
}

/* The window analyses a request as the store does: an empty note to the
 * connector is no note (reason to forward unknown, not missing). */
static void
test_window_agrees_with_store (CnTestWindowFixture *f, gconstpointer data)
{
  g_autoptr (CnRequest) request = NULL;
  g_autoptr (CnAnalysis) stored = NULL;
  g_autoptr (CnAnalysis) shown = NULL;

  request = add_request (f, "",
                         "Bonjour, je suis consultante RH et je prépare un article sur le "
                         "recrutement. Accepteriez-vous 15 minutes d'échange ?");
  /* Kept: analysing it again below refreshes the window's. */
  shown = g_object_ref (
      cn_request_detail_get_analysis (CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"))));
  g_assert_nonnull (shown);
  g_assert_false (cn_analysis_has_connector_note (shown));
  stored = cn_store_analyze_request (f->store, cn_analyzer_get_default (),
                                     cn_request_get_id (request), NULL);
  g_assert_nonnull (stored);
  g_assert_cmpint (cn_analysis_get_verdict (shown), ==, cn_analysis_get_verdict (stored));
  g_assert_cmpuint (cn_analysis_get_score (shown), ==, cn_analysis_get_score (stored));
}

/* A note that is not valid UTF-8 (a broken import) is said so, not analysed. */
static void
test_invalid_text_is_explained (CnTestWindowFixture *f, gconstpointer data)
{
  g_autoptr (CnRequest) request = NULL;
  CnRequestDetail *detail = CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"));

  request = add_request (f, "ok", "Bonjour \xff\xfe la suite");
  g_assert_null (cn_request_detail_get_analysis (detail));
  g_assert_nonnull (cn_request_detail_dup_note_to_target (detail));
}

static CnVerdict
item_verdict (GListModel *model, guint position)
{
  g_autoptr (CnRequest) request = g_list_model_get_item (model, position);

  return cn_request_get_verdict (request);
}

/* Every request gets a verdict in the background; the list can show one verdict. */
static void
test_verdict_filter (CnTestWindowFixture *f, gconstpointer data)
{
  GListModel *model = G_LIST_MODEL (cn_test_ui_request_model (f->window));
  GtkDropDown *filter = GTK_DROP_DOWN (cn_test_ui_child (f->window, "verdict_filter"));
  guint total;
  guint motivated = 0;
  guint shown;

  cn_test_window_fixture_load_demo (f);
  total = g_list_model_get_n_items (model);
  for (guint i = 0; i < total; i++)
    {
      CnVerdict verdict = item_verdict (model, i);

      g_assert_cmpint (verdict, !=, CN_VERDICT_NONE);
      motivated += verdict == CN_VERDICT_MOTIVATED;
    }
  g_assert_cmpuint (motivated, >, 0);
  g_assert_cmpuint (motivated, <, total);

  gtk_drop_down_set_selected (filter, 1); /* Motivated */
  cn_test_ui_spin (20);
  shown = g_list_model_get_n_items (model);
  g_assert_cmpuint (shown, ==, motivated);
  for (guint i = 0; i < shown; i++)
    g_assert_cmpint (item_verdict (model, i), ==, CN_VERDICT_MOTIVATED);

  /* Nothing is left unchecked: the filter is empty, the list says so. */
  gtk_drop_down_set_selected (filter, 4);
  cn_test_ui_spin (20);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpstr (_cn_window_get_list_page (f->window), ==, "no-match");
  g_assert_cmpstr (_cn_window_get_visible_page (f->window), ==, "requests");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-all", NULL));
  cn_test_ui_spin (20);
  g_assert_cmpuint (gtk_drop_down_get_selected (filter), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, total);
  g_assert_cmpstr (_cn_window_get_list_page (f->window), ==, "list");
}

/* Filtering keeps the selected request, and the panes showing it, when it
 * stays in the list; when it leaves, the next one on show is selected. */
static void
test_filter_keeps_selection (CnTestWindowFixture *f, gconstpointer data)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (cn_test_ui_request_model (f->window));
  GListModel *model = G_LIST_MODEL (selection);
  GtkDropDown *filter = GTK_DROP_DOWN (cn_test_ui_child (f->window, "verdict_filter"));
  CnRequestDetail *detail = CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"));
  CnRequest *chosen = NULL;
  guint total;

  cn_test_window_fixture_load_demo (f);
  total = g_list_model_get_n_items (model);
  for (guint i = total - 1; i > 0 && chosen == NULL; i--)
    if (item_verdict (model, i) == CN_VERDICT_MOTIVATED)
      {
        gtk_single_selection_set_selected (selection, i);
        chosen = gtk_single_selection_get_selected_item (selection);
      }
  g_assert_nonnull (chosen);
  cn_test_ui_spin (20);
  g_assert_true (cn_request_detail_get_request (detail) == chosen);

  gtk_drop_down_set_selected (filter, 1); /* Motivated */
  cn_test_ui_spin (20);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, total);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == chosen);
  g_assert_true (cn_request_detail_get_request (detail) == chosen);

  gtk_drop_down_set_selected (filter, 0); /* All */
  cn_test_ui_spin (20);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, total);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == chosen);
  g_assert_true (cn_request_detail_get_request (detail) == chosen);

  /* To decline: it leaves, another is selected and shown. */
  gtk_drop_down_set_selected (filter, 3);
  cn_test_ui_spin (20);
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  g_assert_true (gtk_single_selection_get_selected_item (selection) != chosen);
  g_assert_cmpint (item_verdict (model, gtk_single_selection_get_selected (selection)), ==,
                   CN_VERDICT_UNSUITABLE);
  g_assert_true (cn_request_detail_get_request (detail) ==
                 gtk_single_selection_get_selected_item (selection));
}

static gboolean
analysis_shown (gpointer window)
{
  return _cn_window_is_analysing (window);
}

static gboolean
analysis_running (gpointer window)
{
  return CN_WINDOW (window)->analysis_cancellable != NULL;
}

/* Checking many requests runs in the background, and the user can stop it:
 * what is not checked yet stays pending, and is done at the next start. */
static void
test_background_check_can_be_cancelled (void)
{
  g_autofree char *path = g_build_filename (cn_test_ui_get_tmpdir (), "many.db", NULL);
  g_autoptr (CnStore) store = cn_store_open (path, NULL);
  g_autoptr (CnContact) contact = cn_contact_new ("Lena Brandt");
  CnWindow *window;
  guint n = 20000;

  g_assert_nonnull (store);
  g_assert_true (cn_store_add_contact (store, contact, NULL));
  g_assert_true (cn_store_begin (store, NULL));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CnRequest) request = cn_request_new ();
      g_autofree char *note = g_strdup_printf (
          "Hello, I lead the data team at Firm %u. Could we have a 20-minute call about your "
          "work on MLOps? I am preparing a migration and your talk was the clearest on it.",
          i);

      cn_request_set_requester_name (request, "Requester");
      cn_request_set_requester_email (request, "someone@example.org");
      cn_request_set_target_id (request, cn_contact_get_id (contact));
      cn_request_set_received_at (request, 1700000000 + i);
      cn_request_set_source (request, "manual");
      cn_request_set_note_to_target (request, note);
      g_assert_true (cn_store_add_request (store, request, NULL));
    }
  g_assert_true (cn_store_commit (store, NULL));

  /* It starts once the window has painted; stopped as soon as it starts,
   * as the worker may be fast. */
  window = cn_window_new (NULL, store, NULL);
  g_assert_true (analysis_shown (window));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (cn_test_ui_wait_until (analysis_running, window, 10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-analysis", NULL));
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_analysis_done, window, 10000));
  /* Stopped early: some are left for later, none half-written. */
  g_assert_cmpuint (cn_store_count_pending_analyses (store), >, 0);
  g_assert_cmpuint (cn_store_count_pending_analyses (store), <=, n);
  gtk_window_destroy (GTK_WINDOW (window));
  cn_test_ui_spin (50);

  /* The next window finishes the work. */
  window = cn_window_new (NULL, store, NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_analysis_done, window, 60000));
  g_assert_cmpuint (cn_store_count_pending_analyses (store), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  cn_test_ui_spin (50);
}

static double
luminance (double r, double g, double b)
{
  double c[3] = { r, g, b };

  for (int i = 0; i < 3; i++)
    c[i] = c[i] <= 0.03928 ? c[i] / 12.92 : pow ((c[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/* The words that meet the contact's card stay readable on every element's
 * highlight, in the light and the dark style: a contrast of at least 4.5:1
 * (WCAG AA for text), over the view's and the cards' backgrounds. */
static void
test_fit_words_contrast (void)
{
  const char *backgrounds[2][2] = { { "#ffffff", "#fafafa" }, { "#1e1e1e", "#303030" } };

  for (int dark = 0; dark <= 1; dark++)
    {
      GdkRGBA text, underline;

      cn_element_style_get_fit_colors (dark, &text, &underline);
      for (int b = 0; b < 2; b++)
        for (int e = 0; e < CN_N_ELEMENTS; e++)
          {
            GdkRGBA base, mark;
            double lt, lb, ratio;

            gdk_rgba_parse (&base, backgrounds[dark][b]);
            cn_element_style_get_color (e, dark, &mark);
            lb = luminance (mark.red * mark.alpha + base.red * (1 - mark.alpha),
                            mark.green * mark.alpha + base.green * (1 - mark.alpha),
                            mark.blue * mark.alpha + base.blue * (1 - mark.alpha));
            lt = luminance (text.red, text.green, text.blue);
            ratio = (MAX (lt, lb) + 0.05) / (MIN (lt, lb) + 0.05);
            if (ratio < 4.5)
              g_error ("fit words on %s (%s style, over %s): contrast %.2f:1",
                       cn_element_style_get_tag_name (e), dark ? "dark" : "light",
                       backgrounds[dark][b], ratio);
          }
    }
}

int
main (int argc, char *argv[])
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;

#define ADD(name, func)                                                                            \
  g_test_add ("/ui/analysis/" name, CnTestWindowFixture, NULL, cn_test_window_fixture_set_up,      \
              func, cn_test_window_fixture_tear_down)
  ADD ("motivated-request", test_motivated_request);
  ADD ("unmotivated-request", test_unmotivated_request);
  ADD ("evidence-is-shown-literally", test_evidence_is_shown_literally);
  ADD ("invalid-text-is-explained", test_invalid_text_is_explained);
  ADD ("window-agrees-with-store", test_window_agrees_with_store);
  ADD ("verdict-filter", test_verdict_filter);
  ADD ("filter-keeps-selection", test_filter_keeps_selection);
#undef ADD
  g_test_add_func ("/ui/analysis/fit-words-contrast", test_fit_words_contrast);
  g_test_add_func ("/ui/analysis/background-check-can-be-cancelled",
                   test_background_check_can_be_cancelled);

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
