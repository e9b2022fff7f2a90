/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The connector's corrections of the analyzer: applied over an analysis,
 * stored, in the history with undo, and kept through a new analysis. */

#include "cn-analysis-queue.h"
#include "cn-review.h"
#include "cn-store-corrections.h"
#include "cn-test-utils.h"

/* Pushy stock text with no objective: the analyzer finds it unsuitable. */
#define PUSHY_NOTE "Hi, please forward my CV, it is urgent, I need an answer today!"

typedef struct
{
  char *dir;
  char *path;
  CnStore *store;
  gint64 id;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = cn_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "connecteur.db", NULL);
  fixture->store = cn_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->id = cn_test_add_request (fixture->store, "Marc Petit", 0, 1700000000, PUSHY_NOTE);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->store);
  cn_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static CnAnalysis *
analyze (const char *note)
{
  CnAnalysisInput input = { .note_to_target = note };
  g_autoptr (GError) error = NULL;
  CnAnalysis *analysis = cn_analyzer_analyze (cn_analyzer_get_default (), &input, &error);

  g_assert_no_error (error);
  return analysis;
}

/* Over an analysis: elements and flags change, the verdict and the score
 * are decided again, the spans are the connector's. */
static void
test_apply (void)
{
  g_autoptr (CnAnalysis) raw = analyze (PUSHY_NOTE);
  g_autoptr (CnAnalysis) corrected = NULL;
  g_autoptr (CnAnalysis) again = NULL;
  const CnCorrection corrections[] = {
    { TRUE, CN_FLAG_PUSHY, CN_CORRECTION_DISMISSED, CN_NOTE_TO_TARGET, { 0, 0 } },
    { TRUE, CN_FLAG_GENERIC_TEMPLATE, CN_CORRECTION_DISMISSED, CN_NOTE_TO_TARGET, { 0, 0 } },
    { FALSE, CN_ELEMENT_OBJECTIVE, CN_CORRECTION_PRESENT, CN_NOTE_TO_TARGET, { 11, 29 } },
    { FALSE, CN_ELEMENT_SPECIFIC_ASK, CN_CORRECTION_PRESENT, CN_NOTE_TO_TARGET, { 0, 0 } },
  };
  const CnCorrection missing = { FALSE, CN_ELEMENT_OBJECTIVE, CN_CORRECTION_MISSING };
  const CnEvidence *evidence;
  const CnSpan *spans;
  guint n = 0;

  g_assert_true (cn_analysis_has_flag (raw, CN_FLAG_PUSHY));
  g_assert_false (cn_analysis_has_element (raw, CN_ELEMENT_OBJECTIVE));
  g_assert_cmpint (cn_analysis_get_verdict (raw), ==, CN_VERDICT_UNSUITABLE);
  g_assert_false (cn_analysis_is_corrected (raw));

  corrected = cn_analysis_correct (raw, corrections, G_N_ELEMENTS (corrections));
  g_assert_true (cn_analysis_is_corrected (corrected));
  g_assert_false (cn_analysis_has_flag (corrected, CN_FLAG_PUSHY));
  g_assert_true (cn_analysis_is_flag_dismissed (corrected, CN_FLAG_PUSHY));
  evidence = cn_analysis_get_evidence (corrected, &n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (evidence[i].flag, !=, CN_FLAG_PUSHY);
  g_assert_true (cn_analysis_has_element (corrected, CN_ELEMENT_OBJECTIVE));
  g_assert_true (cn_analysis_is_element_corrected (corrected, CN_ELEMENT_OBJECTIVE));
  g_assert_false (cn_analysis_is_element_corrected (corrected, CN_ELEMENT_WHY_YOU));
  spans = cn_analysis_get_spans (corrected, CN_ELEMENT_OBJECTIVE, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (spans[0].start, ==, 11);
  g_assert_cmpuint (spans[0].end, ==, 29);
  g_assert_true (cn_analysis_has_element (corrected, CN_ELEMENT_SPECIFIC_ASK));
  g_assert_cmpint (cn_analysis_get_verdict (corrected), ==, CN_VERDICT_MOTIVATED);
  g_assert_cmpuint (cn_analysis_get_score (corrected), >, cn_analysis_get_score (raw));
  /* The original is left as it was. */
  g_assert_true (cn_analysis_has_flag (raw, CN_FLAG_PUSHY));

  /* Missing after present: the last one wins, and its spans go. */
  again = cn_analysis_correct (corrected, &missing, 1);
  g_assert_false (cn_analysis_has_element (again, CN_ELEMENT_OBJECTIVE));
  g_assert_null (cn_analysis_get_spans (again, CN_ELEMENT_OBJECTIVE, &n));
  g_assert_cmpint (cn_analysis_get_verdict (again), ==, CN_VERDICT_INCOMPLETE);
}

static void
test_format (void)
{
  const CnCorrection dismissed = { TRUE, CN_FLAG_SALES_PITCH, CN_CORRECTION_DISMISSED };
  g_autofree char *a = cn_correction_format (FALSE, CN_ELEMENT_WHY_YOU, NULL);
  g_autofree char *b = cn_correction_format (TRUE, CN_FLAG_SALES_PITCH, &dismissed);
  gboolean is_flag = FALSE, restored = FALSE;
  CnCorrectionKind kind = CN_CORRECTION_PRESENT;
  guint item = 0;

  /* Stored in the history: never change. */
  g_assert_cmpstr (a, ==, "why_you restored");
  g_assert_cmpstr (b, ==, "sales_pitch dismissed");
  g_assert_true (cn_correction_parse (b, &is_flag, &item, &kind, &restored));
  g_assert_true (is_flag);
  g_assert_cmpuint (item, ==, CN_FLAG_SALES_PITCH);
  g_assert_cmpint (kind, ==, CN_CORRECTION_DISMISSED);
  g_assert_false (restored);
  g_assert_true (cn_correction_parse (a, &is_flag, &item, NULL, &restored));
  g_assert_false (is_flag);
  g_assert_true (restored);
  g_assert_false (cn_correction_parse ("why_you maybe", NULL, NULL, NULL, NULL));
  g_assert_false (cn_correction_parse ("nothing present", NULL, NULL, NULL, NULL));
}

static guint
count_corrected_events (CnStore *store, gint64 id, const char *text)
{
  g_autoptr (GPtrArray) events = cn_store_list_events (store, id, NULL);
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    {
      CnEvent *event = g_ptr_array_index (events, i);

      if (event->action == CN_EVENT_ACTION_CORRECTED && g_strcmp0 (event->text, text) == 0)
        n++;
    }
  return n;
}

/* Stored: the list's verdict follows at once, the history says it, undo
 * takes it back without a trace, and restoring is an event too. */
static void
test_store (Fixture *fixture, gconstpointer data)
{
  CnAnalyzer *analyzer = cn_analyzer_get_default ();
  const CnCorrection dismiss = { TRUE, CN_FLAG_PUSHY, CN_CORRECTION_DISMISSED };
  CnCorrectionChange change = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) corrections = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (CnAnalysis) analysis = NULL;
  analysis = cn_store_analyze_request (fixture->store, analyzer, fixture->id, &error);
  g_assert_no_error (error);
  g_clear_object (&analysis);
  g_assert_cmpint (cn_store_get_request_verdict (fixture->store, fixture->id), ==,
                   CN_VERDICT_UNSUITABLE);

  g_assert_true (
      cn_store_set_correction (fixture->store, analyzer, fixture->id, &dismiss, &change, &error));
  g_assert_no_error (error);
  g_assert_false (change.had_previous);
  g_assert_cmpint (change.event_id, >, 0);
  g_assert_cmpint (cn_store_get_request_verdict (fixture->store, fixture->id), ==,
                   CN_VERDICT_INCOMPLETE);
  g_assert_cmpuint (count_corrected_events (fixture->store, fixture->id, "pushy dismissed"), ==, 1);
  corrections = cn_store_list_corrections (fixture->store, fixture->id, &error);
  g_assert_cmpuint (corrections->len, ==, 1);
  g_assert_true (g_array_index (corrections, CnCorrection, 0).is_flag);
  g_clear_pointer (&corrections, g_array_unref);
  ids = cn_store_list_corrected_request_ids (fixture->store, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->id);

  /* Re-analysing the request keeps it. */
  analysis = cn_store_analyze_request (fixture->store, analyzer, fixture->id, &error);
  g_assert_false (cn_analysis_has_flag (analysis, CN_FLAG_PUSHY));
  g_clear_object (&analysis);
  g_assert_cmpint (cn_store_get_request_verdict (fixture->store, fixture->id), ==,
                   CN_VERDICT_INCOMPLETE);

  /* Undo: as before, and the history keeps no trace. */
  g_assert_true (cn_store_undo_correction (fixture->store, analyzer, &change, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cn_store_get_request_verdict (fixture->store, fixture->id), ==,
                   CN_VERDICT_UNSUITABLE);
  g_assert_cmpuint (count_corrected_events (fixture->store, fixture->id, "pushy dismissed"), ==, 0);
  corrections = cn_store_list_corrections (fixture->store, fixture->id, &error);
  g_assert_cmpuint (corrections->len, ==, 0);
  g_clear_pointer (&corrections, g_array_unref);

  /* Restore the analyzer's judgement: an event of its own. */
  g_assert_true (
      cn_store_set_correction (fixture->store, analyzer, fixture->id, &dismiss, NULL, &error));
  g_assert_true (cn_store_remove_correction (fixture->store, analyzer, fixture->id, TRUE,
                                             CN_FLAG_PUSHY, &change, &error));
  g_assert_no_error (error);
  g_assert_true (change.had_previous);
  g_assert_cmpint (cn_store_get_request_verdict (fixture->store, fixture->id), ==,
                   CN_VERDICT_UNSUITABLE);
  g_assert_cmpuint (count_corrected_events (fixture->store, fixture->id, "pushy restored"), ==, 1);
  /* Undoing the restore puts the correction back. */
  g_assert_true (cn_store_undo_correction (fixture->store, analyzer, &change, &error));
  g_assert_cmpint (cn_store_get_request_verdict (fixture->store, fixture->id), ==,
                   CN_VERDICT_INCOMPLETE);
}

/* An edited note keeps the connector's judgement, without the words that
 * may have moved. */
static void
test_note_edited (Fixture *fixture, gconstpointer data)
{
  const CnCorrection present = {
    FALSE, CN_ELEMENT_OBJECTIVE, CN_CORRECTION_PRESENT, CN_NOTE_TO_TARGET, { 3, 9 }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) corrections = NULL;
  g_autofree char *sql = NULL;
  const CnCorrection *c;

  g_assert_true (cn_store_set_correction (fixture->store, cn_analyzer_get_default (), fixture->id,
                                          &present, NULL, &error));
  g_assert_no_error (error);
  sql =
      g_strdup_printf ("UPDATE requests SET note_to_target = 'Hello' WHERE id = %" G_GINT64_FORMAT,
                       fixture->id);
  cn_test_exec_sql (fixture->path, sql);

  corrections = cn_store_list_corrections (fixture->store, fixture->id, &error);
  g_assert_cmpuint (corrections->len, ==, 1);
  c = &g_array_index (corrections, CnCorrection, 0);
  g_assert_cmpint (c->kind, ==, CN_CORRECTION_PRESENT);
  g_assert_cmpuint (c->span.start, ==, 0);
  g_assert_cmpuint (c->span.end, ==, 0);
}

static void
on_analyzed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;

  g_assert_true (cn_store_analyze_pending_finish (CN_STORE (source), result, NULL, NULL));
  *done = TRUE;
}

/* A stored analysis by an older analyzer is redone in the background: the
 * correction is applied over the new one. */
static void
test_new_analyzer_version (Fixture *fixture, gconstpointer data)
{
  CnAnalyzer *analyzer = cn_analyzer_get_default ();
  const CnCorrection dismiss = { TRUE, CN_FLAG_PUSHY, CN_CORRECTION_DISMISSED };
  g_autoptr (CnAnalysis) raw = analyze (PUSHY_NOTE);
  g_autoptr (GError) error = NULL;
  gboolean done = FALSE;

  g_assert_true (
      cn_store_set_correction (fixture->store, analyzer, fixture->id, &dismiss, NULL, &error));
  g_assert_no_error (error);
  /* As an older analyzer stored it, without the correction. */
  g_assert_true (cn_store_set_analysis (fixture->store, fixture->id, "older", raw, &error));
  cn_store_set_analyzer_version (fixture->store, "older");
  g_assert_cmpint (cn_store_get_request_verdict (fixture->store, fixture->id), ==,
                   CN_VERDICT_UNSUITABLE);

  cn_store_analyze_pending_async (fixture->store, analyzer, NULL, NULL, NULL, on_analyzed_cb,
                                  &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (cn_store_get_analyzer_version (fixture->store), ==,
                   cn_analyzer_get_version (analyzer));
  g_assert_cmpint (cn_store_get_request_verdict (fixture->store, fixture->id), ==,
                   CN_VERDICT_INCOMPLETE);
}

/* The review model reads the corrections: its analysis, verdict and steps
 * follow a correction at once. */
static void
test_review (Fixture *fixture, gconstpointer data)
{
  CnAnalyzer *analyzer = cn_analyzer_get_default ();
  const CnCorrection dismiss = { TRUE, CN_FLAG_PUSHY, CN_CORRECTION_DISMISSED };
  g_autoptr (CnReview) review = cn_review_new (fixture->store, analyzer, fixture->id, "en");
  g_autoptr (GError) error = NULL;
  CnAnalysis *analysis = cn_review_get_analysis (review, NULL);
  CnStepCheck before = cn_review_get_check (review, CN_STEP_MOTIVATION);

  g_assert_cmpint (cn_analysis_get_verdict (analysis), ==, CN_VERDICT_UNSUITABLE);
  g_assert_true (
      cn_store_set_correction (fixture->store, analyzer, fixture->id, &dismiss, NULL, &error));
  analysis = cn_review_get_analysis (review, NULL);
  g_assert_cmpint (cn_analysis_get_verdict (analysis), ==, CN_VERDICT_INCOMPLETE);
  g_assert_true (cn_analysis_is_flag_dismissed (analysis, CN_FLAG_PUSHY));
  g_assert_true (before.reason != cn_review_get_check (review, CN_STEP_MOTIVATION).reason ||
                 before.result != cn_review_get_check (review, CN_STEP_MOTIVATION).result);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/corrections/apply", test_apply);
  g_test_add_func ("/corrections/format", test_format);
  g_test_add ("/corrections/store", Fixture, NULL, fixture_set_up, test_store, fixture_tear_down);
  g_test_add ("/corrections/new-analyzer-version", Fixture, NULL, fixture_set_up,
              test_new_analyzer_version, fixture_tear_down);
  g_test_add ("/corrections/note-edited", Fixture, NULL, fixture_set_up, test_note_edited,
              fixture_tear_down);
  g_test_add ("/corrections/review", Fixture, NULL, fixture_set_up, test_review, fixture_tear_down);

  return g_test_run ();
}
