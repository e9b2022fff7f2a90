/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Stored analyses: their summary and the analyzer version that made them.
 * cn-analysis-queue.c analyses the pending ones in the background. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-store-private.h"

void
cn_store_set_analyzer_version (CnStore *self, const char *version)
{
  g_return_if_fail (CN_IS_STORE (self));

  if (g_strcmp0 (self->analyzer_version, version) == 0)
    return;

  g_free (self->analyzer_version);
  self->analyzer_version = g_strdup (version);

  /* Every request's verdict may have changed. */
  if (self->depth > 0)
    self->requests_dirty = TRUE;
  else
    g_signal_emit (self, _cn_store_signals[CN_STORE_SIGNAL_RELOADED], 0);
}

const char *
cn_store_get_analyzer_version (CnStore *self)
{
  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  return self->analyzer_version;
}

gboolean
_cn_store_write_analysis (CnStore *self,
                          gint64 request_id,
                          const char *analyzer_version,
                          CnAnalysis *analysis,
                          GError **error)
{
  g_autoptr(CnStmt) add = NULL;
  g_autoptr(CnStmt) stmt = NULL;

  add = _cn_store_prepare (self, CN_STORE_SQL_ADD_ANALYZER_VERSION, error);
  if (add == NULL)
    return FALSE;
  _cn_store_bind_text (add, 1, analyzer_version);
  if (!_cn_store_step_done (self, add, error))
    return FALSE;

  stmt = _cn_store_prepare (self, CN_STORE_SQL_SET_ANALYSIS, error);
  if (stmt == NULL)
    return FALSE;

  _cn_store_bind_analysis (stmt, request_id, analyzer_version, analysis);
  return _cn_store_step_for_request (self, stmt, error);
}

gboolean
cn_store_set_analysis (CnStore *self,
                       gint64 request_id,
                       const char *analyzer_version,
                       CnAnalysis *analysis,
                       GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (analyzer_version != NULL, FALSE);
  g_return_val_if_fail (CN_IS_ANALYSIS (analysis), FALSE);

  if (!_cn_store_write_analysis (self, request_id, analyzer_version, analysis, error))
    return FALSE;

  _cn_store_request_written (self, CN_STORE_SIGNAL_REQUEST_CHANGED, request_id);
  return TRUE;
}

gboolean
cn_store_set_analyses (CnStore *self,
                       const char *analyzer_version,
                       guint n_analyses,
                       const gint64 *request_ids,
                       CnAnalysis *const *analyses,
                       GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (analyzer_version != NULL, FALSE);
  g_return_val_if_fail (n_analyses == 0 || (request_ids != NULL && analyses != NULL), FALSE);

  if (n_analyses == 0)
    return TRUE;

  if (!_cn_store_atomic_begin (self, error))
    return FALSE;

  for (guint i = 0; i < n_analyses; i++)
    {
      if (!_cn_store_write_analysis (self, request_ids[i], analyzer_version, analyses[i], error))
        {
          _cn_store_atomic_rollback (self);
          return FALSE;
        }
    }

  if (!_cn_store_atomic_commit (self, error))
    {
      _cn_store_atomic_rollback (self);
      return FALSE;
    }

  if (self->depth > 0)
    self->requests_dirty = TRUE;
  else
    g_signal_emit (self, _cn_store_signals[CN_STORE_SIGNAL_ANALYSES_CHANGED], 0);
  return TRUE;
}

CnVerdict
cn_store_get_request_verdict (CnStore *self, gint64 id)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), CN_VERDICT_NONE);

  stmt =
      _cn_store_prepare (self,
                         "SELECT v.name, a.verdict FROM request_analysis a"
                         " JOIN analyzer_versions v ON v.id = a.analyzer WHERE a.request_id = ?1",
                         NULL);
  if (stmt == NULL)
    return CN_VERDICT_NONE;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW ||
      !_cn_store_is_current_version (self, (const char *) sqlite3_column_text (stmt, 0)))
    return CN_VERDICT_NONE;

  return CLAMP (sqlite3_column_int (stmt, 1), CN_VERDICT_NONE, CN_VERDICT_LAST);
}

GArray *
cn_store_list_request_ids_by_verdict (CnStore *self, int verdict, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), NULL);
  g_return_val_if_fail (verdict >= -1 && verdict <= CN_VERDICT_LAST, NULL);

  return cn_store_list_request_ids_filtered (self, verdict, FALSE, FALSE, error);
}

guint
cn_store_count_pending_analyses (CnStore *self)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), 0);

  stmt = _cn_store_prepare (self,
                            "SELECT count(*) FROM requests r"
                            " LEFT JOIN request_analysis a ON a.request_id = r.id"
                            " WHERE a.request_id IS NULL OR (?1 IS NOT NULL AND a.analyzer IS NOT"
                            " (SELECT id FROM analyzer_versions WHERE name = ?1))",
                            NULL);
  if (stmt == NULL)
    return 0;

  _cn_store_bind_text (stmt, 1, self->analyzer_version);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return (guint) sqlite3_column_int64 (stmt, 0);
}

/* Private API */

void
_cn_store_bind_analysis (sqlite3_stmt *stmt,
                         gint64 request_id,
                         const char *analyzer_version,
                         CnAnalysis *analysis)
{
  sqlite3_bind_int64 (stmt, 1, request_id);
  _cn_store_bind_text (stmt, 2, analyzer_version);
  sqlite3_bind_int (stmt, 3, cn_analysis_get_verdict (analysis));
  sqlite3_bind_int (stmt, 4, MIN (cn_analysis_get_score (analysis), 100));
  sqlite3_bind_int64 (stmt, 5, cn_analysis_get_element_mask (analysis));
  sqlite3_bind_int64 (stmt, 6, cn_analysis_get_flag_mask (analysis));
  _cn_store_bind_text (stmt, 7, cn_analysis_get_lang (analysis));
}

void
_cn_store_emit_analyses_changed (CnStore *self)
{
  g_return_if_fail (CN_IS_STORE (self));

  g_signal_emit (self, _cn_store_signals[CN_STORE_SIGNAL_ANALYSES_CHANGED], 0);
}
