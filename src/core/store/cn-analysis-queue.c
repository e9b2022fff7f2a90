/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cn-analysis-queue.h"
#include "cn-store-corrections.h"
#include "cn-store-private.h"

/* Requests analysed and written per transaction: the write lock is held for
 * a few milliseconds at a time, so the window's own writes barely wait. */
#define BATCH_SIZE 500
/* How often the store announces new analyses while the work goes on. */
#define ANNOUNCE_INTERVAL_US (300 * 1000)
/* Short: a batch waits for the window's writes in a loop that checks for a cancel. */
#define WORKER_BUSY_TIMEOUT_MS 250

typedef struct
{
  /* Read by the worker; set before it starts. */
  char *version;
  CnAnalyzer *analyzer;

  /* Main thread only. */
  CnStore *store;
  CnAnalysisProgressFunc progress;
  gpointer progress_data;
  guint last_done;
  gint64 last_announce;
  gboolean unannounced;

  /* Written by the worker, read after it has returned. */
  guint n_written;
} AnalyzeData;

typedef struct
{
  GTask *task;
  guint done;
  guint total;
  gboolean wrote;
  gboolean final;
} ProgressReport;

static void
analyze_data_free (AnalyzeData *data)
{
  g_free (data->version);
  g_clear_object (&data->analyzer);
  g_clear_object (&data->store);
  g_free (data);
}

static void
progress_report_free (ProgressReport *report)
{
  g_object_unref (report->task);
  g_free (report);
}

/* A note that is not valid UTF-8 (a broken import) is analysed with the bad
 * bytes replaced, rather than left pending forever. */
static CnAnalysis *
analyze_input (CnAnalyzer *analyzer, const CnAnalysisInput *input, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *connector = NULL;
  CnAnalysisInput valid;
  CnAnalysis *analysis;

  analysis = cn_analyzer_analyze (analyzer, input, &local_error);
  if (analysis != NULL ||
      !g_error_matches (local_error, CN_ANALYZER_ERROR, CN_ANALYZER_ERROR_INVALID_TEXT))
    {
      if (analysis == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return analysis;
    }

  valid = *input;
  if (input->note_to_target != NULL)
    valid.note_to_target = target = g_utf8_make_valid (input->note_to_target, -1);
  if (input->note_to_connector != NULL)
    valid.note_to_connector = connector = g_utf8_make_valid (input->note_to_connector, -1);
  return cn_analyzer_analyze (analyzer, &valid, error);
}

static gboolean
on_progress_cb (gpointer user_data)
{
  ProgressReport *report = user_data;
  AnalyzeData *data = g_task_get_task_data (report->task);
  gint64 now = g_get_monotonic_time ();

  if (report->wrote)
    data->unannounced = TRUE;

  if (data->unannounced && (report->final || now - data->last_announce >= ANNOUNCE_INTERVAL_US))
    {
      data->unannounced = FALSE;
      data->last_announce = now;
      _cn_store_emit_analyses_changed (data->store);
    }

  if (data->progress != NULL && report->done >= data->last_done && !report->final)
    {
      data->last_done = report->done;
      data->progress (report->done, report->total, data->progress_data);
    }

  return G_SOURCE_REMOVE;
}

static void
report_progress (GTask *task, guint done, guint total, gboolean wrote, gboolean final)
{
  ProgressReport *report = g_new0 (ProgressReport, 1);
  g_autoptr (GSource) source = NULL;

  report->task = g_object_ref (task);
  report->done = done;
  report->total = total;
  report->wrote = wrote;
  report->final = final;
  /* Same priority as the task's own completion, so every report is handled
   * before the callback runs. Always through a source: g_main_context_invoke()
   * would run it right here, in the worker, whenever the caller's thread is
   * not iterating its context at that moment — and the callback may touch
   * widgets. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, on_progress_cb, report, (GDestroyNotify) progress_report_free);
  g_source_set_static_name (source, "[connecteur] analysis progress");
  g_source_attach (source, g_task_get_context (task));
}

static void
set_worker_error (CnStore *worker, GError **error)
{
  int rc = sqlite3_extended_errcode (worker->db);

  if ((rc & 0xff) == SQLITE_FULL)
    g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_FULL,
                 _("Could not save to “%s”: the disk is full. Free some space "
                   "and try again."),
                    worker->display_name);
  else
    g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_FAILED,
                 _("Could not analyse the requests in “%s”: %s."), worker->display_name,
                    sqlite3_errmsg (worker->db));
}

/* BEGIN IMMEDIATE, waiting as long as the window holds the write lock (an
 * import may take a while), unless cancelled. */
static gboolean
begin_batch (sqlite3 *db, GCancellable *cancellable)
{
  for (;;)
    {
      int rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

      if (rc == SQLITE_OK)
        return TRUE;
      if ((rc & 0xff) != SQLITE_BUSY || g_cancellable_is_cancelled (cancellable))
        return FALSE;
    }
}

#define PENDING_CONDITION                                                                          \
  "(a.request_id IS NULL OR a.analyzer IS NOT (SELECT id FROM analyzer_versions WHERE name = ?1))"

/* Newest first, after the last one done: walks the received_at index. */
#define SELECT_BATCH                                                                               \
  "SELECT r.id, r.received_at, r.note_to_target, r.note_to_connector,"                             \
  " c.name, c.position, c.company, c.expertise,"                                                   \
  " EXISTS (SELECT 1 FROM request_corrections k WHERE k.request_id = r.id)"                        \
  " FROM requests r LEFT JOIN contacts c ON c.id = r.target_id"                                    \
  " LEFT JOIN request_analysis a ON a.request_id = r.id"                                           \
  " WHERE " PENDING_CONDITION " AND r.received_at <= ?2"                                           \
  " AND (r.received_at < ?2 OR r.id < ?3)"                                                         \
  " ORDER BY r.received_at DESC, r.id DESC LIMIT ?4"

/* Analyses and writes one batch inside the current transaction. Returns how
 * many rows it read, or -1 on a database error. */
static int
run_batch (AnalyzeData *data,
           sqlite3_stmt *select,
           sqlite3_stmt *insert,
           sqlite3_stmt *corrections,
           gint64 *last_at,
           gint64 *last_id,
           GPtrArray *analyses,
           GArray *ids)
{
  int n_rows = 0;
  int rc;

  g_ptr_array_set_size (analyses, 0);
  g_array_set_size (ids, 0);

  sqlite3_bind_int64 (select, 2, *last_at);
  sqlite3_bind_int64 (select, 3, *last_id);
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      const char *expertise = (const char *) sqlite3_column_text (select, 7);
      g_auto(GStrv) tags = NULL;
      g_autoptr(GError) error = NULL;
      CnAnalysisInput input = { 0 };
      CnAnalysis *analysis;
      gint64 id = sqlite3_column_int64 (select, 0);

      n_rows++;
      *last_id = id;
      *last_at = sqlite3_column_int64 (select, 1);

      if (expertise != NULL && *expertise != '\0')
        tags = g_strsplit (expertise, "\n", -1);
      input.note_to_target = (const char *) sqlite3_column_text (select, 2);
      input.note_to_connector = (const char *) sqlite3_column_text (select, 3);
      /* An empty note to the connector means there was none. */
      if (input.note_to_connector != NULL && *input.note_to_connector == '\0')
        input.note_to_connector = NULL;
      input.target_name = (const char *) sqlite3_column_text (select, 4);
      input.target_position = (const char *) sqlite3_column_text (select, 5);
      input.target_company = (const char *) sqlite3_column_text (select, 6);
      input.target_expertise = (const char *const *) tags;

      analysis = analyze_input (data->analyzer, &input, &error);
      if (analysis == NULL)
        {
          g_debug ("Request %" G_GINT64_FORMAT " not analysed: %s", id, error->message);
          continue;
        }
      /* The connector's corrections outlast any analyzer. */
      if (sqlite3_column_int (select, 8) != 0)
        {
          CnAnalysis *corrected = _cn_store_correct_analysis (corrections, id, analysis);

          g_object_unref (analysis);
          analysis = corrected;
        }
      g_ptr_array_add (analyses, analysis);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (select);
  if (rc != SQLITE_DONE)
    return -1;

  for (guint i = 0; i < ids->len; i++)
    {
      _cn_store_bind_analysis (insert, g_array_index (ids, gint64, i), data->version,
                               g_ptr_array_index (analyses, i));
      rc = sqlite3_step (insert);
      sqlite3_reset (insert);
      if (rc != SQLITE_DONE)
        return -1;
    }

  return n_rows;
}

/* Every analysis row belongs to a request (a cascading key), so what is
 * pending is the requests less the current analyses: two counts over small
 * indexes, instead of a join over the whole table. */
static guint
count_pending (sqlite3 *db, const char *version)
{
  sqlite3_stmt *stmt = NULL;
  gint64 total = 0;

  if (sqlite3_prepare_v2 (db,
                          "SELECT (SELECT count(*) FROM requests)"
                          " - (SELECT count(*) FROM request_analysis"
                          "    WHERE analyzer = (SELECT id FROM analyzer_versions WHERE name = "
                          "?1))",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, version, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        total = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  return (guint) MAX (total, 0);
}

static gboolean
analyze_pending_thread (
    GTask *task, CnStore *worker, gpointer task_data, GCancellable *cancellable, GError **error)
{
  AnalyzeData *data = task_data;
  g_autoptr(GPtrArray) analyses = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db = worker->db;
  sqlite3_stmt *select = NULL;
  sqlite3_stmt *insert = NULL;
  sqlite3_stmt *add_version = NULL;
  sqlite3_stmt *corrections = NULL;
  gint64 last_at = G_MAXINT64;
  gint64 last_id = G_MAXINT64;
  guint total = 0;
  guint done = 0;
  gboolean ok = FALSE;

  /* Checkpoints (each with an fsync) every 40 MB of log rather than every
   * 4 MB: a third of the time of a big run went there. */
  if (sqlite3_exec (db, "PRAGMA wal_autocheckpoint = 10000", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, SELECT_BATCH, -1, &select, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, CN_STORE_SQL_SET_ANALYSIS, -1, &insert, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, CN_STORE_SQL_ADD_ANALYZER_VERSION, -1, &add_version, NULL) !=
          SQLITE_OK ||
      sqlite3_prepare_v2 (db, CN_STORE_SQL_LIST_CORRECTIONS, -1, &corrections, NULL) != SQLITE_OK)
    {
      set_worker_error (worker, error);
      goto out;
    }
  sqlite3_busy_timeout (db, WORKER_BUSY_TIMEOUT_MS);
  sqlite3_bind_text (select, 1, data->version, -1, SQLITE_STATIC);
  sqlite3_bind_int (select, 4, BATCH_SIZE);
  sqlite3_bind_text (add_version, 1, data->version, -1, SQLITE_STATIC);

  total = count_pending (db, data->version);
  report_progress (task, 0, total, FALSE, FALSE);
  /* Nothing pending (the usual start): no batch walks the table to find so. */
  if (total == 0)
    {
      ok = TRUE;
      goto out;
    }

  while (!g_cancellable_is_cancelled (cancellable))
    {
      int n_rows;

      if (!begin_batch (db, cancellable))
        {
          if (!g_cancellable_is_cancelled (cancellable))
            set_worker_error (worker, error);
          goto out;
        }

      /* In each batch: the first one may be rolled back. */
      n_rows = sqlite3_step (add_version) == SQLITE_DONE
                   ? run_batch (data, select, insert, corrections, &last_at, &last_id, analyses,
                                ids)
                   : -1;
      sqlite3_reset (add_version);
      if (n_rows < 0 || sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        {
          set_worker_error (worker, error);
          if (!sqlite3_get_autocommit (db))
            sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          goto out;
        }

      data->n_written += ids->len;
      done += n_rows;
      /* Requests added meanwhile may make it go past the count. */
      total = MAX (total, done);
      if (n_rows > 0)
        report_progress (task, done, total, ids->len > 0, FALSE);
      if (n_rows < BATCH_SIZE)
        {
          ok = TRUE;
          break;
        }
    }

out:
  sqlite3_finalize (select);
  sqlite3_finalize (insert);
  sqlite3_finalize (add_version);
  sqlite3_finalize (corrections);
  /* Copy the log into the database here rather than at the window's next write. */
  if (data->n_written > 0)
    sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);

  report_progress (task, done, total, FALSE, TRUE);

  if (!ok && (error == NULL || *error == NULL))
    g_cancellable_set_error_if_cancelled (cancellable, error);
  return ok;
}

/* Public API */

void
cn_store_analyze_pending_async (CnStore *store,
                                CnAnalyzer *analyzer,
                                GCancellable *cancellable,
                                CnAnalysisProgressFunc progress,
                                gpointer progress_data,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  AnalyzeData *data;

  g_return_if_fail (CN_IS_STORE (store));
  g_return_if_fail (CN_IS_ANALYZER (analyzer));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  cn_store_set_analyzer_version (store, cn_analyzer_get_version (analyzer));

  data = g_new0 (AnalyzeData, 1);
  data->version = g_strdup (cn_analyzer_get_version (analyzer));
  data->analyzer = g_object_ref (analyzer);
  data->store = g_object_ref (store);
  data->progress = progress;
  data->progress_data = progress_data;
  data->last_announce = g_get_monotonic_time ();

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cn_store_analyze_pending_async);
  g_task_set_task_data (task, data, (GDestroyNotify) analyze_data_free);
  /* Nothing can be saved there; each request is analysed when it is shown. */
  if (cn_store_is_read_only (store))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  _cn_store_run_in_worker (task, analyze_pending_thread);
}

gboolean
cn_store_analyze_pending_finish (CnStore *store,
                                 GAsyncResult *result,
                                 guint *out_n_analysed,
                                 GError **error)
{
  AnalyzeData *data;

  g_return_val_if_fail (CN_IS_STORE (store), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cn_store_analyze_pending_async,
                        FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (out_n_analysed != NULL)
    *out_n_analysed = data->n_written;

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cn_store_get_analysis_input (CnStore *store,
                             CnRequest *request,
                             CnAnalysisInput *input,
                             CnContact **out_contact)
{
  g_autoptr(CnContact) contact = NULL;
  const char *connector;

  g_return_if_fail (CN_IS_STORE (store));
  g_return_if_fail (CN_IS_REQUEST (request));
  g_return_if_fail (input != NULL && out_contact != NULL);

  if (cn_request_get_target_id (request) > 0)
    contact = cn_store_get_contact (store, cn_request_get_target_id (request), NULL);

  *input = (CnAnalysisInput){ 0 };
  connector = cn_request_get_note_to_connector (request);
  input->note_to_target = cn_request_get_note_to_target (request);
  /* An empty note to the connector means there was none. */
  input->note_to_connector = connector != NULL && *connector != '\0' ? connector : NULL;
  input->target_name = cn_request_get_target_name (request);
  if (contact != NULL)
    {
      input->target_name = cn_contact_get_name (contact);
      input->target_position = cn_contact_get_position (contact);
      input->target_company = cn_contact_get_company (contact);
      input->target_expertise = cn_contact_get_expertise (contact);
    }
  *out_contact = g_steal_pointer (&contact);
}

CnAnalysis *
cn_store_analyze_request (CnStore *store, CnAnalyzer *analyzer, gint64 request_id, GError **error)
{
  g_autoptr(CnRequest) request = NULL;
  g_autoptr(CnContact) contact = NULL;
  g_autoptr(CnAnalysis) raw = NULL;
  g_autoptr(CnAnalysis) analysis = NULL;
  CnAnalysisInput input;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);
  g_return_val_if_fail (CN_IS_ANALYZER (analyzer), NULL);

  request = cn_store_get_request (store, request_id, error);
  if (request == NULL)
    return NULL;

  cn_store_get_analysis_input (store, request, &input, &contact);
  raw = analyze_input (analyzer, &input, error);
  if (raw == NULL)
    return NULL;
  analysis = cn_store_apply_corrections (store, request_id, raw);

  cn_store_set_analyzer_version (store, cn_analyzer_get_version (analyzer));
  if (!cn_store_set_analysis (store, request_id, cn_analyzer_get_version (analyzer), analysis,
                              error))
    return NULL;

  return g_steal_pointer (&analysis);
}
