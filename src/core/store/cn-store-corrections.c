/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The connector's corrections of the analyzer, and the stored analysis
 * they change. */

#include "config.h"

#include "cn-analysis-queue.h"
#include "cn-store-corrections.h"
#include "cn-store-private.h"

GArray *
_cn_store_read_corrections (sqlite3_stmt *stmt, gint64 request_id)
{
  GArray *corrections = g_array_new (FALSE, TRUE, sizeof (CnCorrection));

  sqlite3_bind_int64 (stmt, 1, request_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CnCorrection c = { 0 };

      c.is_flag = sqlite3_column_int (stmt, 0) != 0;
      c.item = (guint) sqlite3_column_int (stmt, 1);
      c.kind = (CnCorrectionKind) sqlite3_column_int (stmt, 2);
      c.note = sqlite3_column_int (stmt, 3) != 0 ? CN_NOTE_TO_CONNECTOR : CN_NOTE_TO_TARGET;
      c.span.start = (guint) sqlite3_column_int64 (stmt, 4);
      c.span.end = (guint) sqlite3_column_int64 (stmt, 5);
      g_array_append_val (corrections, c);
    }
  sqlite3_reset (stmt);
  return corrections;
}

CnAnalysis *
_cn_store_correct_analysis (sqlite3_stmt *stmt, gint64 request_id, CnAnalysis *analysis)
{
  g_autoptr (GArray) corrections = _cn_store_read_corrections (stmt, request_id);

  if (corrections->len == 0)
    return g_object_ref (analysis);
  return cn_analysis_correct (analysis, (const CnCorrection *) corrections->data, corrections->len);
}

static gboolean
find_correction (CnStore *self,
                 gint64 request_id,
                 gboolean is_flag,
                 guint item,
                 CnCorrection *out,
                 GError **error)
{
  g_autoptr (GArray) corrections = cn_store_list_corrections (self, request_id, error);

  for (guint i = 0; corrections != NULL && i < corrections->len; i++)
    {
      const CnCorrection *c = &g_array_index (corrections, CnCorrection, i);

      if (c->is_flag == is_flag && c->item == item)
        {
          *out = *c;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
write_correction (CnStore *self, gint64 request_id, const CnCorrection *c, GError **error)
{
  g_autoptr (CnStmt) stmt = NULL;

  stmt = _cn_store_prepare (self,
                            "INSERT OR REPLACE INTO request_corrections"
                            " (request_id, is_flag, item, kind, note, span_start, span_end,"
                            " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, request_id);
  sqlite3_bind_int (stmt, 2, c->is_flag ? 1 : 0);
  sqlite3_bind_int (stmt, 3, (int) c->item);
  sqlite3_bind_int (stmt, 4, (int) c->kind);
  sqlite3_bind_int (stmt, 5, c->note == CN_NOTE_TO_CONNECTOR ? 1 : 0);
  /* No span is 0–0. */
  sqlite3_bind_int64 (stmt, 6, c->span.end > c->span.start ? c->span.start : 0);
  sqlite3_bind_int64 (stmt, 7, c->span.end > c->span.start ? c->span.end : 0);
  sqlite3_bind_int64 (stmt, 8, _cn_store_now ());
  return _cn_store_step_for_request (self, stmt, error);
}

static gboolean
delete_correction (CnStore *self, gint64 request_id, gboolean is_flag, guint item, GError **error)
{
  g_autoptr (CnStmt) stmt = NULL;

  stmt = _cn_store_prepare (self,
                            "DELETE FROM request_corrections"
                            " WHERE request_id = ?1 AND is_flag = ?2 AND item = ?3",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, request_id);
  sqlite3_bind_int (stmt, 2, is_flag ? 1 : 0);
  sqlite3_bind_int (stmt, 3, (int) item);
  return _cn_store_step_done (self, stmt, error);
}

static gboolean
delete_event (CnStore *self, gint64 event_id, GError **error)
{
  g_autoptr (CnStmt) stmt = NULL;

  stmt = _cn_store_prepare (self, "DELETE FROM events WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event_id);
  return _cn_store_step_done (self, stmt, error);
}

/* The request's analysis by @analyzer with its corrections, stored: the
 * list's verdict follows at once. */
static gboolean
store_corrected_analysis (CnStore *self, CnAnalyzer *analyzer, gint64 request_id, GError **error)
{
  g_autoptr (CnRequest) request = NULL;
  g_autoptr (CnContact) contact = NULL;
  g_autoptr (CnAnalysis) analysis = NULL;
  g_autoptr (CnAnalysis) corrected = NULL;
  g_autoptr (CnStmt) stmt = NULL;
  CnAnalysisInput input;

  request = cn_store_get_request (self, request_id, error);
  if (request == NULL)
    return FALSE;
  cn_store_get_analysis_input (self, request, &input, &contact);
  analysis = cn_analyzer_analyze (analyzer, &input, NULL);
  if (analysis == NULL)
    return TRUE; /* not valid text: the background analysis deals with it */
  corrected = cn_store_apply_corrections (self, request_id, analysis);

  return _cn_store_write_analysis (self, request_id, cn_analyzer_get_version (analyzer), corrected,
                                   error);
}

/* Writes (@c) or deletes the correction of is_flag/item, with its event and
 * the stored analysis, in one transaction. */
static gboolean
change_correction (CnStore *self,
                   CnAnalyzer *analyzer,
                   gint64 request_id,
                   gboolean is_flag,
                   guint item,
                   const CnCorrection *c,
                   CnCorrectionChange *out_change,
                   GError **error)
{
  g_autofree char *text = cn_correction_format (is_flag, item, c);
  CnCorrectionChange change = { 0 };
  gboolean ok;

  if (!_cn_store_atomic_begin (self, error))
    return FALSE;

  change.request_id = request_id;
  change.is_flag = is_flag;
  change.item = item;
  change.had_previous = find_correction (self, request_id, is_flag, item, &change.previous, NULL);
  ok = c != NULL ? write_correction (self, request_id, c, error)
                 : delete_correction (self, request_id, is_flag, item, error);
  if (!ok || !_cn_store_insert_event (self, request_id, _cn_store_now (), CN_EVENT_ACTION_CORRECTED,
                                      text, error))
    goto fail;
  change.event_id = sqlite3_last_insert_rowid (self->db);
  if (!store_corrected_analysis (self, analyzer, request_id, error) ||
      !_cn_store_atomic_commit (self, error))
    goto fail;

  _cn_store_request_written (self, CN_STORE_SIGNAL_REQUEST_CHANGED, request_id);
  if (out_change != NULL)
    *out_change = change;
  return TRUE;

fail:
  _cn_store_atomic_rollback (self);
  return FALSE;
}

/* Public API */

GArray *
cn_store_list_corrections (CnStore *self, gint64 request_id, GError **error)
{
  g_autoptr (CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  stmt = _cn_store_prepare (self, CN_STORE_SQL_LIST_CORRECTIONS, error);
  if (stmt == NULL)
    return NULL;
  return _cn_store_read_corrections (stmt, request_id);
}

GArray *
cn_store_list_corrected_request_ids (CnStore *self, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  return _cn_store_list_ids (self,
                             "SELECT DISTINCT request_id FROM request_corrections"
                             " ORDER BY request_id",
                             0, error);
}

CnAnalysis *
cn_store_apply_corrections (CnStore *self, gint64 request_id, CnAnalysis *analysis)
{
  g_autoptr (CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);
  g_return_val_if_fail (CN_IS_ANALYSIS (analysis), NULL);

  stmt = _cn_store_prepare (self, CN_STORE_SQL_LIST_CORRECTIONS, NULL);
  if (stmt == NULL)
    return g_object_ref (analysis);
  return _cn_store_correct_analysis (stmt, request_id, analysis);
}

gboolean
cn_store_set_correction (CnStore *self,
                         CnAnalyzer *analyzer,
                         gint64 request_id,
                         const CnCorrection *correction,
                         CnCorrectionChange *out_change,
                         GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (CN_IS_ANALYZER (analyzer), FALSE);
  g_return_val_if_fail (correction != NULL, FALSE);
  g_return_val_if_fail (correction->is_flag ? correction->item < CN_N_FLAGS &&
                                                  correction->kind == CN_CORRECTION_DISMISSED
                                            : correction->item < CN_N_ELEMENTS &&
                                                  correction->kind != CN_CORRECTION_DISMISSED,
                        FALSE);

  return change_correction (self, analyzer, request_id, correction->is_flag, correction->item,
                            correction, out_change, error);
}

gboolean
cn_store_remove_correction (CnStore *self,
                            CnAnalyzer *analyzer,
                            gint64 request_id,
                            gboolean is_flag,
                            guint item,
                            CnCorrectionChange *out_change,
                            GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (CN_IS_ANALYZER (analyzer), FALSE);
  g_return_val_if_fail (item < (is_flag ? CN_N_FLAGS : CN_N_ELEMENTS), FALSE);

  return change_correction (self, analyzer, request_id, is_flag, item, NULL, out_change, error);
}

gboolean
cn_store_undo_correction (CnStore *self,
                          CnAnalyzer *analyzer,
                          const CnCorrectionChange *change,
                          GError **error)
{
  gboolean ok;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (CN_IS_ANALYZER (analyzer), FALSE);
  g_return_val_if_fail (change != NULL, FALSE);

  if (!_cn_store_atomic_begin (self, error))
    return FALSE;
  ok = change->had_previous
           ? write_correction (self, change->request_id, &change->previous, error)
           : delete_correction (self, change->request_id, change->is_flag, change->item, error);
  if (!ok || !delete_event (self, change->event_id, error) ||
      !store_corrected_analysis (self, analyzer, change->request_id, error) ||
      !_cn_store_atomic_commit (self, error))
    {
      _cn_store_atomic_rollback (self);
      return FALSE;
    }
  _cn_store_request_written (self, CN_STORE_SIGNAL_REQUEST_CHANGED, change->request_id);
  return TRUE;
}
