/* SPDX-License-Identifier: GPL-3.0-or-later */

#include <glib/gstdio.h>
#include <unistd.h>

#include "cn-analysis-queue.h"
#include "cn-request-list.h"
#include "cn-test-utils.h"

#define N_REQUESTS 2000

typedef struct
{
  char *dir;
  char *path;
  CnStore *store;
  CnAnalyzer *analyzer;
  gint64 contact_id;

  /* One run */
  GArray *progress; /* guint done values */
  guint total;
  GCancellable *cancellable;
  gboolean cancel_after_first_batch;
  guint n_requests;
  gboolean finished;
  gboolean ok;
  guint n_analysed;
  GError *error;
  guint analyses_changed;
} Fixture;

static const char *const notes[] = {
  "Bonjour, je souhaiterais vous ajouter à mon réseau professionnel sur LinkedIn.",
  "Bonjour Léa, je suis consultante RH chez Norma. Je prépare un article sur le recrutement "
  "des ingénieurs sécurité et j'aimerais vous poser trois questions par e-mail, car vous avez "
  "dirigé le recrutement chez Atos. Cela vous prendrait 15 minutes.",
  "Hi, please forward my CV, it is urgent, I need an answer today!",
  "Can we connect?",
  "Hello Léa, I'm a product manager at Fintek. I'm validating my plan to move into security "
  "hiring and would value 20 minutes of your advice on the job market.",
};

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnContact) contact = cn_contact_new ("Léa Dubois");
  const char *const tags[] = { "recrutement", "sécurité", NULL };

  fixture->n_requests = data != NULL ? GPOINTER_TO_UINT (data) : N_REQUESTS;
  fixture->dir = cn_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "connecteur.db", NULL);
  fixture->store = cn_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->analyzer = g_object_ref (cn_analyzer_get_default ());
  fixture->progress = g_array_new (FALSE, FALSE, sizeof (guint));

  cn_contact_set_position (contact, "Directrice du recrutement");
  cn_contact_set_company (contact, "Atos");
  cn_contact_set_expertise (contact, tags);
  g_assert_true (cn_store_add_contact (fixture->store, contact, &error));
  fixture->contact_id = cn_contact_get_id (contact);

  g_assert_true (cn_store_begin (fixture->store, &error));
  for (guint i = 0; i < fixture->n_requests; i++)
    {
      g_autoptr(CnRequest) request = cn_request_new ();

      cn_request_set_requester_name (request, i % 2 ? "Marc Petit" : "Anne Noir");
      cn_request_set_target_id (request, i % 3 ? fixture->contact_id : 0);
      cn_request_set_received_at (request, 1600000000 + i * 60);
      cn_request_set_note_to_target (request, notes[i % G_N_ELEMENTS (notes)]);
      cn_request_set_note_to_connector (request, i % 4 ? "Could you forward this?" : "");
      g_assert_true (cn_store_add_request (fixture->store, request, &error));
    }
  g_assert_true (cn_store_commit (fixture->store, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->analyzer);
  g_clear_object (&fixture->cancellable);
  g_clear_error (&fixture->error);
  g_array_unref (fixture->progress);
  cn_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
on_analyses_changed_cb (CnStore *store, Fixture *fixture)
{
  fixture->analyses_changed++;
}

static void
on_progress_cb (guint done, guint total, gpointer user_data)
{
  Fixture *fixture = user_data;

  g_assert_false (fixture->finished);
  g_array_append_val (fixture->progress, done);
  fixture->total = total;

  if (fixture->cancel_after_first_batch && done > 0)
    g_cancellable_cancel (fixture->cancellable);
}

static void
on_analyzed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->ok = cn_store_analyze_pending_finish (CN_STORE (source), result, &fixture->n_analysed,
                                                 &fixture->error);
  fixture->finished = TRUE;
}

static void
run (Fixture *fixture, gboolean cancel_after_first_batch)
{
  gulong handler;

  g_array_set_size (fixture->progress, 0);
  g_clear_error (&fixture->error);
  g_clear_object (&fixture->cancellable);
  fixture->cancellable = g_cancellable_new ();
  fixture->cancel_after_first_batch = cancel_after_first_batch;
  fixture->finished = FALSE;
  fixture->analyses_changed = 0;
  fixture->n_analysed = G_MAXUINT;

  handler = g_signal_connect (fixture->store, "analyses-changed",
                              G_CALLBACK (on_analyses_changed_cb), fixture);
  cn_store_analyze_pending_async (fixture->store, fixture->analyzer, fixture->cancellable,
                                  on_progress_cb, fixture, on_analyzed_cb, fixture);
  while (!fixture->finished)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (fixture->store, handler);
}

static void
assert_progress_monotonic (Fixture *fixture)
{
  g_assert_cmpuint (fixture->progress->len, >=, 2);
  g_assert_cmpuint (g_array_index (fixture->progress, guint, 0), ==, 0);
  for (guint i = 1; i < fixture->progress->len; i++)
    g_assert_cmpuint (g_array_index (fixture->progress, guint, i), >=,
                      g_array_index (fixture->progress, guint, i - 1));
}

/* What the worker stored is what the analyzer says, target included. */
static void
assert_same_as_analyzer (Fixture *fixture, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnRequest) request = cn_store_get_request (fixture->store, id, &error);
  g_autoptr(CnContact) contact = NULL;
  g_autoptr(CnAnalysis) analysis = NULL;
  CnAnalysisInput input = { 0 };
  const char *connector;

  g_assert_no_error (error);
  connector = cn_request_get_note_to_connector (request);
  input.note_to_target = cn_request_get_note_to_target (request);
  input.note_to_connector = *connector != '\0' ? connector : NULL;
  if (cn_request_get_target_id (request) > 0)
    {
      contact = cn_store_get_contact (fixture->store, cn_request_get_target_id (request), &error);
      g_assert_no_error (error);
      input.target_name = cn_contact_get_name (contact);
      input.target_position = cn_contact_get_position (contact);
      input.target_company = cn_contact_get_company (contact);
      input.target_expertise = cn_contact_get_expertise (contact);
    }
  analysis = cn_analyzer_analyze (fixture->analyzer, &input, &error);
  g_assert_no_error (error);

  g_assert_cmpint (cn_request_get_verdict (request), !=, CN_VERDICT_NONE);
  g_assert_cmpint (cn_request_get_verdict (request), ==, cn_analysis_get_verdict (analysis));
  g_assert_cmpuint (cn_request_get_score (request), ==, cn_analysis_get_score (analysis));
  g_assert_cmpuint (cn_request_get_element_mask (request), ==,
                    cn_analysis_get_element_mask (analysis));
  g_assert_cmpuint (cn_request_get_flag_mask (request), ==, cn_analysis_get_flag_mask (analysis));
}

static void
test_analyze_all (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequestList) pending = NULL;
  g_autoptr(CnRequestList) all = NULL;
  g_autoptr(CnRequest) top = NULL;
  g_autoptr(GArray) ids = NULL;
  double elapsed;

  g_assert_cmpuint (cn_store_count_pending_analyses (fixture->store), ==, N_REQUESTS);
  all = cn_request_list_new (fixture->store);
  top = g_list_model_get_item (G_LIST_MODEL (all), 0);
  pending = cn_request_list_new (fixture->store);
  cn_request_list_set_verdict_filter (pending, CN_VERDICT_NONE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pending)), ==, N_REQUESTS);

  g_test_timer_start ();
  run (fixture, FALSE);
  elapsed = g_test_timer_elapsed ();
  g_test_message ("Analysed and stored %u requests in %.0f ms", N_REQUESTS, elapsed * 1000);

  g_assert_no_error (fixture->error);
  g_assert_true (fixture->ok);
  g_assert_cmpuint (fixture->n_analysed, ==, N_REQUESTS);
  g_assert_cmpuint (fixture->total, ==, N_REQUESTS);
  assert_progress_monotonic (fixture);
  g_assert_cmpuint (g_array_index (fixture->progress, guint, fixture->progress->len - 1), ==,
                    N_REQUESTS);
  g_assert_cmpuint (fixture->analyses_changed, >=, 1);
  g_assert_cmpstr (cn_store_get_analyzer_version (fixture->store), ==,
                   cn_analyzer_get_version (fixture->analyzer));

  /* The lists followed: nothing pending, the row shown has its verdict. */
  g_assert_cmpuint (cn_store_count_pending_analyses (fixture->store), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pending)), ==, 0);
  g_assert_cmpint (cn_request_get_verdict (top), !=, CN_VERDICT_NONE);

  ids = cn_store_list_request_ids (fixture->store, NULL);
  for (guint i = 0; i < ids->len; i += 97)
    assert_same_as_analyzer (fixture, g_array_index (ids, gint64, i));

  /* Nothing left: a second run does nothing. */
  run (fixture, FALSE);
  g_assert_true (fixture->ok);
  g_assert_cmpuint (fixture->n_analysed, ==, 0);
  g_assert_cmpuint (fixture->total, ==, 0);
}

/* With enough requests that the work lasts long after the first batch. */
static void
test_cancel_and_resume (Fixture *fixture, gconstpointer data)
{
  const guint n = fixture->n_requests;
  guint first;

  run (fixture, TRUE);
  g_assert_false (fixture->ok);
  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  first = fixture->n_analysed;
  g_test_message ("Cancelled after %u analyses", first);
  g_assert_cmpuint (first, >, 0);
  g_assert_cmpuint (first, <, n);
  /* Whole transactions of 500 only. */
  g_assert_cmpuint (first % 500, ==, 0);
  assert_progress_monotonic (fixture);
  /* Whole batches only: what was counted is what was written. */
  g_assert_cmpuint (cn_store_count_pending_analyses (fixture->store), ==, n - first);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM request_analysis"), ==,
                   first);

  /* The newest were done first. */
  {
    g_autoptr(CnRequestList) list = cn_request_list_new (fixture->store);
    g_autoptr(CnRequest) newest = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autoptr(CnRequest) oldest = g_list_model_get_item (G_LIST_MODEL (list), n - 1);

    g_assert_cmpint (cn_request_get_verdict (newest), !=, CN_VERDICT_NONE);
    g_assert_cmpint (cn_request_get_verdict (oldest), ==, CN_VERDICT_NONE);
  }

  /* The next run does only the rest. */
  run (fixture, FALSE);
  g_assert_no_error (fixture->error);
  g_assert_cmpuint (fixture->n_analysed, ==, n - first);
  g_assert_cmpuint (fixture->total, ==, n - first);
  g_assert_cmpuint (cn_store_count_pending_analyses (fixture->store), ==, 0);

  /* Analyses made by another analyzer version are all redone. */
  cn_test_exec_sql (fixture->path, "INSERT INTO analyzer_versions (name) VALUES ('older');"
                                   "UPDATE request_analysis SET analyzer = last_insert_rowid ()");
  g_assert_cmpuint (cn_store_count_pending_analyses (fixture->store), ==, n);
  run (fixture, FALSE);
  g_assert_no_error (fixture->error);
  g_assert_cmpuint (fixture->n_analysed, ==, n);
  g_assert_cmpuint (cn_store_count_pending_analyses (fixture->store), ==, 0);
}

/* At start nothing is usually pending: the worker counts, and stops there.
 * It takes no write lock, so it finishes even while the window holds it;
 * and the count is right when some analyses are from an older version. */
static void
test_nothing_pending (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const guint n = fixture->n_requests;

  run (fixture, FALSE);
  g_assert_no_error (fixture->error);
  g_assert_cmpuint (fixture->n_analysed, ==, n);

  g_assert_true (cn_store_begin (fixture->store, &error));
  run (fixture, FALSE);
  g_assert_no_error (fixture->error);
  g_assert_true (fixture->ok);
  g_assert_cmpuint (fixture->n_analysed, ==, 0);
  g_assert_cmpuint (fixture->total, ==, 0);
  g_assert_cmpuint (fixture->progress->len, ==, 1);
  cn_store_rollback (fixture->store);

  cn_test_exec_sql (fixture->path, "INSERT INTO analyzer_versions (name) VALUES ('older');"
                                   "UPDATE request_analysis SET analyzer = last_insert_rowid ()"
                                   " WHERE request_id % 4 = 0");
  run (fixture, FALSE);
  g_assert_no_error (fixture->error);
  g_assert_cmpuint (fixture->total, ==, n / 4);
  g_assert_cmpuint (fixture->n_analysed, ==, n / 4);
  g_assert_cmpuint (cn_store_count_pending_analyses (fixture->store), ==, 0);
}

static void
on_request_changed_cb (CnStore *store, gint64 id, gint64 *changed)
{
  *changed = id;
}

static void
test_analyze_one (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnRequest) request = cn_request_new ();
  g_autoptr(CnAnalysis) analysis = NULL;
  gint64 changed = 0;

  cn_request_set_requester_name (request, "Claire Blanc");
  cn_request_set_target_id (request, fixture->contact_id);
  cn_request_set_note_to_target (request, notes[1]);
  g_assert_true (cn_store_add_request (fixture->store, request, &error));
  g_assert_no_error (error);

  g_signal_connect (fixture->store, "request-changed", G_CALLBACK (on_request_changed_cb),
                    &changed);
  analysis = cn_store_analyze_request (fixture->store, fixture->analyzer,
                                       cn_request_get_id (request), &error);
  g_assert_no_error (error);
  g_assert_nonnull (analysis);
  g_assert_cmpint (changed, ==, cn_request_get_id (request));
  g_assert_cmpint (cn_store_get_request_verdict (fixture->store, cn_request_get_id (request)), ==,
                   cn_analysis_get_verdict (analysis));
  assert_same_as_analyzer (fixture, cn_request_get_id (request));
  g_assert_cmpuint (cn_store_count_pending_analyses (fixture->store), ==, N_REQUESTS);

  g_assert_null (cn_store_analyze_request (fixture->store, fixture->analyzer, 999999, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND);
}

/* A database the user may only read (opened from a backup, a shared folder):
 * the background check has nothing to save there, so it says nothing rather
 * than failing at every start, and it leaves the file as it is. */
static void
test_read_only (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;

  if (g_test_subprocess ())
    {
      Fixture fixture = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(CnStore) store = NULL;

      /* Root may write any file: read it as somebody else. */
      if (getuid () == 0)
        g_assert_true (setgid (65534) == 0 && setuid (65534) == 0);
      store = cn_store_open (g_getenv ("CN_TEST_READ_ONLY_DB"), &error);
      g_assert_no_error (error);
      g_assert_true (cn_store_is_read_only (store));
      g_assert_cmpuint (cn_store_count_pending_analyses (store), ==, 20);
      fixture.n_analysed = G_MAXUINT;
      cn_store_analyze_pending_async (store, cn_analyzer_get_default (), NULL, NULL, NULL,
                                      on_analyzed_cb, &fixture);
      while (!fixture.finished)
        g_main_context_iteration (NULL, TRUE);
      g_assert_no_error (fixture.error);
      g_assert_true (fixture.ok);
      g_assert_cmpuint (fixture.n_analysed, ==, 0);
      return;
    }

  {
    Fixture fixture = { 0 };

    fixture_set_up (&fixture, GUINT_TO_POINTER (20));
    dir = g_strdup (fixture.dir);
    path = g_strdup (fixture.path);
    g_clear_object (&fixture.store);
    g_clear_object (&fixture.analyzer);
    g_array_unref (fixture.progress);
    g_free (fixture.dir);
    g_free (fixture.path);
  }
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  g_setenv ("CN_TEST_READ_ONLY_DB", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_test_trap_assert_passed ();
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_true (before_len == after_len && memcmp (before, after, before_len) == 0);
  cn_test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, n, func)                                                                         \
  g_test_add ("/analysis-queue/" name, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func,        \
              fixture_tear_down)

  ADD ("analyze-all", N_REQUESTS, test_analyze_all);
  ADD ("cancel-and-resume", 20000, test_cancel_and_resume);
  ADD ("analyze-one", N_REQUESTS, test_analyze_one);
  ADD ("nothing-pending", 400, test_nothing_pending);

#undef ADD

  g_test_add_func ("/analysis-queue/read-only", test_read_only);

  return g_test_run ();
}
