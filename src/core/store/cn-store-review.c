/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The review flow (schema 4: requests.outcome). Actions on a request are
 * history events; the ones that change its status do it in the same
 * transaction, and can be undone. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-store-private.h"

/* The current status of a request; NOT_FOUND when there is none. */
static gboolean
read_status (CnStore *self, gint64 id, CnRequestStatus *out_status, GError **error)
{
  g_autoptr(CnStmt) stmt = _cn_store_prepare (self, "SELECT status FROM requests WHERE id = ?1",
                                               error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_status = CLAMP (sqlite3_column_int (stmt, 0), 0, CN_REQUEST_STATUS_LAST);
      return TRUE;
    }

  if (rc == SQLITE_DONE)
    _cn_store_set_not_found (error);
  else
    _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
  return FALSE;
}

gboolean
cn_store_record_action (CnStore *self,
                        gint64 request_id,
                        CnEventAction action,
                        const char *text,
                        int new_status,
                        CnStatusChange *out_change,
                        GError **error)
{
  g_autoptr(GArray) changed = NULL;
  CnStatusChange change = { 0 };
  gint64 requester_id = 0;
  gboolean ok;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (cn_event_action_to_string (action) != NULL, FALSE);

  if (new_status > (int) CN_REQUEST_STATUS_LAST)
    {
      g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT,
                           _("A value is outside the allowed range (for example an "
                             "unknown status or availability)."));
      return FALSE;
    }

  changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  if ((new_status >= 0 && !_cn_store_ensure_triage (self, error)) ||
      !_cn_store_atomic_begin (self, error))
    return FALSE;

  change.request_id = request_id;
  if (new_status >= 0)
    ok = _cn_store_change_status (self, request_id, new_status, &change.previous_status,
                                  &requester_id, changed, error);
  else
    ok = read_status (self, request_id, &change.previous_status, error);
  /* Without a status change, restoring puts back the same status and only
   * deletes the event. */
  change.new_status = new_status >= 0 ? (CnRequestStatus) new_status : change.previous_status;

  if (!ok || !_cn_store_insert_event (self, request_id, _cn_store_now (), action, text, error))
    goto fail;
  change.event_id = sqlite3_last_insert_rowid (self->db);

  /* After persisting: the after-refusal flag is computed from what is stored. */
  if (new_status >= 0 && (!_cn_store_persist_changed_triage (self, changed, 0, error) ||
                          !_cn_store_refresh_after_refusal (self, requester_id, changed, error)))
    goto fail;
  if (!_cn_store_atomic_commit (self, error))
    goto fail;

  _cn_store_request_written (self, CN_STORE_SIGNAL_REQUEST_CHANGED, request_id);
  _cn_store_emit_triage_changes (self, changed, request_id);
  if (out_change != NULL)
    *out_change = change;
  return TRUE;

fail:
  _cn_store_atomic_rollback (self);
  return FALSE;
}

gboolean
cn_store_set_campaign_status (
    CnStore *self, gint64 campaign_id, CnRequestStatus status, GArray *out_changes, GError **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) changes = NULL;
  g_autoptr(GArray) changed = NULL;
  g_autoptr(GArray) requesters = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 requester_id = 0;
  CnEventAction action;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail ((guint) status <= CN_REQUEST_STATUS_LAST, FALSE);
  g_return_val_if_fail (out_changes == NULL ||
                            g_array_get_element_size (out_changes) == sizeof (CnStatusChange),
                        FALSE);

  action = cn_event_action_for_status (status);
  changes = g_array_new (FALSE, FALSE, sizeof (CnStatusChange));
  changed = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* As a transaction of the caller's: one "reloaded" at the end. */
  if (!cn_store_begin (self, error))
    return FALSE;
  if (!_cn_store_ensure_triage (self, error))
    goto fail;

  ids = _cn_store_list_ids (
      self,
      "SELECT r.id FROM request_triage t JOIN requests r ON r.id = t.request_id"
      " WHERE t.campaign_id = ?1 AND t.campaign_id > 0 AND r.status IN (0, 1, 2)"
      " ORDER BY r.received_at, r.id",
      campaign_id, error);
  if (ids == NULL)
    goto fail;

  for (guint i = 0; i < ids->len; i++)
    {
      CnStatusChange change = { 0 };

      change.request_id = g_array_index (ids, gint64, i);
      change.new_status = status;
      if (!_cn_store_change_status (self, change.request_id, status, &change.previous_status,
                                    &requester_id, changed, error))
        goto fail;
      g_array_append_val (requesters, requester_id);
      if (change.previous_status == status)
        continue;
      if (!_cn_store_insert_event (self, change.request_id, _cn_store_now (), action, NULL, error))
        goto fail;
      change.event_id = sqlite3_last_insert_rowid (self->db);
      g_array_append_val (changes, change);
    }

  if (!_cn_store_persist_changed_triage (self, changed, 0, error) ||
      !_cn_store_refresh_requesters (self, requesters, changed, error))
    goto fail;
  if (changes->len > 0)
    self->requests_dirty = TRUE;
  if (!cn_store_commit (self, error))
    return FALSE;

  if (out_changes != NULL)
    g_array_append_vals (out_changes, changes->data, changes->len);
  return TRUE;

fail:
  cn_store_rollback (self);
  return FALSE;
}

gboolean
cn_store_restore_statuses (CnStore *self,
                           const CnStatusChange *changes,
                           guint n_changes,
                           GError **error)
{
  g_autoptr(GArray) changed = NULL;
  g_autoptr(GArray) requesters = NULL;
  gint64 requester_id = 0;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (n_changes == 0 || changes != NULL, FALSE);

  if (n_changes == 0)
    return TRUE;

  requesters = g_array_new (FALSE, FALSE, sizeof (gint64));
  changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!cn_store_begin (self, error))
    return FALSE;
  if (!_cn_store_ensure_triage (self, error))
    goto fail;

  for (guint i = 0; i < n_changes; i++)
    {
      g_autoptr(CnStmt) stmt = NULL;
      g_autoptr(GError) local_error = NULL;

      if ((guint) changes[i].previous_status > CN_REQUEST_STATUS_LAST)
        continue;
      if (!_cn_store_change_status (self, changes[i].request_id, changes[i].previous_status, NULL,
                                    &requester_id, changed, &local_error))
        {
          if (g_error_matches (local_error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND))
            continue; /* deleted since */
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto fail;
        }
      g_array_append_val (requesters, requester_id);

      if (changes[i].event_id <= 0)
        continue;
      stmt = _cn_store_prepare (self, "DELETE FROM events WHERE id = ?1 AND request_id = ?2",
                                error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, changes[i].event_id);
      sqlite3_bind_int64 (stmt, 2, changes[i].request_id);
      if (!_cn_store_step_done (self, stmt, error))
        goto fail;
    }

  if (!_cn_store_persist_changed_triage (self, changed, 0, error) ||
      !_cn_store_refresh_requesters (self, requesters, changed, error))
    goto fail;
  self->requests_dirty = TRUE;
  return cn_store_commit (self, error);

fail:
  cn_store_rollback (self);
  return FALSE;
}

gboolean
_cn_store_set_request_outcome_at (
    CnStore *self, gint64 request_id, CnOutcome outcome, gint64 at, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  if ((guint) outcome > CN_OUTCOME_LAST)
    {
      g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT,
                           _("This outcome is unknown."));
      return FALSE;
    }

  if (!_cn_store_atomic_begin (self, error))
    return FALSE;

  stmt = _cn_store_prepare (self, "UPDATE requests SET outcome = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, request_id);
  sqlite3_bind_int (stmt, 2, outcome);
  if (!_cn_store_step_done (self, stmt, error))
    goto fail;
  if (sqlite3_changes (self->db) == 0)
    {
      _cn_store_set_not_found (error);
      goto fail;
    }
  if (!_cn_store_insert_event (self, request_id, at, CN_EVENT_ACTION_OUTCOME,
                               cn_outcome_to_string (outcome), error) ||
      !_cn_store_atomic_commit (self, error))
    goto fail;

  _cn_store_request_written (self, CN_STORE_SIGNAL_REQUEST_CHANGED, request_id);
  return TRUE;

fail:
  _cn_store_atomic_rollback (self);
  return FALSE;
}

gboolean
cn_store_set_request_outcome (CnStore *self, gint64 request_id, CnOutcome outcome, GError **error)
{
  return _cn_store_set_request_outcome_at (self, request_id, outcome, _cn_store_now (), error);
}

CnOutcome
cn_store_get_request_outcome (CnStore *self, gint64 request_id)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), CN_OUTCOME_NONE);

  stmt = _cn_store_prepare (self, "SELECT outcome FROM requests WHERE id = ?1", NULL);
  if (stmt == NULL)
    return CN_OUTCOME_NONE;

  sqlite3_bind_int64 (stmt, 1, request_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return CN_OUTCOME_NONE;

  return CLAMP (sqlite3_column_int (stmt, 0), 0, CN_OUTCOME_LAST);
}

/* One integer from a query bound to (@a, @b); 0 on error. */
static gint64
query_bound_int (CnStore *self, const char *sql, gint64 a, gint64 b)
{
  g_autoptr(CnStmt) stmt = _cn_store_prepare (self, sql, NULL);

  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, a);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, b);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

guint
cn_store_count_forwards_to_contact (CnStore *self, gint64 contact_id, gint64 since)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), 0);

  /* A request forwarded twice is one introduction. */
  stmt = _cn_store_prepare (self,
                            "SELECT count(*) FROM requests r WHERE r.target_id = ?1"
                            " AND EXISTS (SELECT 1 FROM events e WHERE e.request_id = r.id"
                            " AND e.action = ?3 AND e.at >= ?2)",
                            NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, contact_id);
  sqlite3_bind_int64 (stmt, 2, since);
  _cn_store_bind_text (stmt, 3, cn_event_action_to_string (CN_EVENT_ACTION_FORWARDED));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return (guint) sqlite3_column_int64 (stmt, 0);
}

/* Hand-offs: a forward given to the clipboard or the mail app has not
 * necessarily left; it counts only once the connector says it was sent. */

void
_cn_store_bind_handoff_actions (CnStmt *stmt)
{
  static const CnEventAction actions[] = {
    CN_EVENT_ACTION_FORWARD_COPIED, CN_EVENT_ACTION_FORWARD_OPENED, CN_EVENT_ACTION_NOT_SENT,
    CN_EVENT_ACTION_FORWARDED,      CN_EVENT_ACTION_ASKED,          CN_EVENT_ACTION_DECLINED,
    CN_EVENT_ACTION_ARCHIVED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    _cn_store_bind_text (stmt, 2 + i, cn_event_action_to_string (actions[i]));
}

CnEventAction
_cn_store_handoff_from_column (CnStmt *stmt, int column)
{
  CnEventAction action = cn_event_action_from_string (
      (const char *) sqlite3_column_text (stmt, column));

  if (action == CN_EVENT_ACTION_FORWARD_COPIED || action == CN_EVENT_ACTION_FORWARD_OPENED)
    return action;
  return CN_EVENT_ACTION_UNKNOWN;
}

CnEvent *
cn_store_get_pending_handoff (CnStore *self, gint64 request_id)
{
  g_autoptr(CnStmt) stmt = NULL;
  CnEvent *event;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  stmt = _cn_store_prepare (self,
                            "SELECT e.id, e.at, e.action, e.text FROM events e"
                            " WHERE e.request_id = ?1 AND e.action IN (?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                            " ORDER BY e.id DESC LIMIT 1",
                            NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, request_id);
  _cn_store_bind_handoff_actions (stmt);
  if (sqlite3_step (stmt) != SQLITE_ROW || _cn_store_handoff_from_column (stmt, 2) == 0)
    return NULL;

  event = g_new0 (CnEvent, 1);
  event->id = sqlite3_column_int64 (stmt, 0);
  event->request_id = request_id;
  event->at = sqlite3_column_int64 (stmt, 1);
  event->action_id = _cn_store_column_text (stmt, 2);
  event->action = cn_event_action_from_string (event->action_id);
  event->text = _cn_store_column_text (stmt, 3);
  return event;
}

void
cn_introduction_free (CnIntroduction *introduction)
{
  if (introduction == NULL)
    return;

  g_free (introduction->requester_name);
  g_free (introduction);
}

GPtrArray *
cn_store_list_introductions (CnStore *self, gint64 contact_id, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  g_autoptr(GPtrArray) introductions = NULL;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  stmt = _cn_store_prepare (self,
                            "SELECT r.id, max (e.at), q.name, r.outcome FROM requests r"
                            " JOIN events e ON e.request_id = r.id AND e.action = ?2"
                            " JOIN requesters q ON q.id = r.requester_id"
                            " WHERE r.target_id = ?1 GROUP BY r.id ORDER BY 2 DESC, r.id DESC",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, contact_id);
  _cn_store_bind_text (stmt, 2, cn_event_action_to_string (CN_EVENT_ACTION_FORWARDED));
  introductions = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_introduction_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CnIntroduction *introduction = g_new0 (CnIntroduction, 1);

      introduction->request_id = sqlite3_column_int64 (stmt, 0);
      introduction->forwarded_at = sqlite3_column_int64 (stmt, 1);
      introduction->requester_name = _cn_store_column_text (stmt, 2);
      introduction->outcome = CLAMP (sqlite3_column_int (stmt, 3), 0, CN_OUTCOME_LAST);
      g_ptr_array_add (introductions, introduction);
    }

  if (rc != SQLITE_DONE)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return NULL;
    }

  return g_steal_pointer (&introductions);
}

guint
cn_store_count_contact_requests (CnStore *self, gint64 contact_id)
{
  g_return_val_if_fail (CN_IS_STORE (self), 0);

  return (guint) query_bound_int (self, "SELECT count(*) FROM requests WHERE target_id = ?1",
                                  contact_id, 0);
}

/* Drafts */

/* Inside a transaction the request is re-read at the commit ("reloaded"). */
static void
draft_written (CnStore *self, gint64 request_id)
{
  if (self->depth > 0)
    self->requests_dirty = TRUE;
  else
    g_signal_emit (self, _cn_store_signals[CN_STORE_SIGNAL_DRAFT_CHANGED], 0, request_id);
}

gboolean
cn_store_save_draft (CnStore *self,
                     gint64 request_id,
                     CnRelationship relationship,
                     const char *text,
                     const char *lang,
                     GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (relationship <= CN_RELATIONSHIP_LAST, FALSE);

  stmt = _cn_store_prepare (self,
                            "INSERT OR REPLACE INTO drafts"
                            " (request_id, relationship, text, lang, updated_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, request_id);
  sqlite3_bind_int (stmt, 2, (int) relationship);
  _cn_store_bind_text (stmt, 3, text);
  _cn_store_bind_text (stmt, 4, lang);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  if (!_cn_store_step_for_request (self, stmt, error))
    return FALSE;
  draft_written (self, request_id);
  return TRUE;
}

gboolean
cn_store_load_draft (CnStore *self,
                     gint64 request_id,
                     CnRelationship *out_relationship,
                     char **out_text,
                     char **out_lang)
{
  g_autoptr(CnStmt) stmt = NULL;
  int relationship;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  stmt = _cn_store_prepare (self,
                            "SELECT relationship, text, lang FROM drafts WHERE request_id = ?1",
                            NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, request_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  relationship = sqlite3_column_int (stmt, 0);
  if (out_relationship != NULL)
    *out_relationship = relationship >= 0 && relationship <= CN_RELATIONSHIP_LAST
                            ? (CnRelationship) relationship
                            : CN_RELATIONSHIP_UNSET;
  if (out_text != NULL)
    *out_text = _cn_store_column_text (stmt, 1);
  if (out_lang != NULL)
    *out_lang = _cn_store_column_text (stmt, 2);
  return TRUE;
}

gboolean
cn_store_delete_draft (CnStore *self, gint64 request_id, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  stmt = _cn_store_prepare (self, "DELETE FROM drafts WHERE request_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, request_id);
  if (!_cn_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) > 0)
    draft_written (self, request_id);
  return TRUE;
}
