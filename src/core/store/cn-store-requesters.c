/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Requesters as the connector remembers them: screened out or trusted, and
 * whether their messages without a contact are set aside as not requests. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-store-private.h"

void
cn_requester_info_free (CnRequesterInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->name);
  g_free (info->email);
  g_free (info->profile_url);
  g_free (info);
}

static void
set_requester_not_found (GError **error)
{
  g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND,
                       _("This requester no longer exists."));
}

CnRequesterInfo *
cn_store_get_requester (CnStore *self, gint64 requester_id, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  CnRequesterInfo *info;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  stmt = _cn_store_prepare (self,
                            "SELECT name, email, profile_url, standing, standing_at, not_requests"
                            " FROM requesters WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, requester_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        set_requester_not_found (error);
      else
        _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return NULL;
    }

  info = g_new0 (CnRequesterInfo, 1);
  info->id = requester_id;
  info->name = _cn_store_column_text (stmt, 0);
  info->email = _cn_store_column_text (stmt, 1);
  info->profile_url = _cn_store_column_text (stmt, 2);
  info->standing = CLAMP (sqlite3_column_int (stmt, 3), 0, CN_REQUESTER_STANDING_LAST);
  info->standing_at = info->standing != CN_REQUESTER_STANDING_NONE ? sqlite3_column_int64 (stmt, 4)
                                                                   : 0;
  info->not_requests = sqlite3_column_int (stmt, 5) != 0;
  return info;
}

GArray *
cn_store_list_requester_request_ids (CnStore *self, gint64 requester_id, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  return _cn_store_list_ids (self,
                             "SELECT id FROM requests"
                             " WHERE requester_id = ?1 ORDER BY received_at DESC, id DESC",
                             requester_id, error);
}

static CnEventAction
standing_action (CnRequesterStanding standing)
{
  switch (standing)
    {
    case CN_REQUESTER_STANDING_SCREENED_OUT:
      return CN_EVENT_ACTION_SCREENED_OUT;
    case CN_REQUESTER_STANDING_TRUSTED:
      return CN_EVENT_ACTION_TRUSTED;
    case CN_REQUESTER_STANDING_NONE:
    default:
      return CN_EVENT_ACTION_STANDING_CLEARED;
    }
}

gboolean
cn_store_set_requester_standing (CnStore *self,
                                 gint64 requester_id,
                                 CnRequesterStanding standing,
                                 GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 now = _cn_store_now ();

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail ((guint) standing <= CN_REQUESTER_STANDING_LAST, FALSE);

  if (!cn_store_begin (self, error))
    return FALSE;

  stmt = _cn_store_prepare (self,
                            "UPDATE requesters SET standing = ?2, standing_at = ?3"
                            " WHERE id = ?1 AND standing <> ?2",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, requester_id);
  sqlite3_bind_int (stmt, 2, standing);
  _cn_store_bind_id (stmt, 3, standing != CN_REQUESTER_STANDING_NONE ? now : 0);
  if (!_cn_store_step_done (self, stmt, error))
    goto fail;
  if (sqlite3_changes (self->db) == 0)
    {
      g_autoptr(CnRequesterInfo) info = cn_store_get_requester (self, requester_id, error);

      /* Already so: nothing to record. */
      cn_store_rollback (self);
      return info != NULL;
    }

  /* The history is kept per request: each of theirs says when it changed. */
  ids = cn_store_list_requester_request_ids (self, requester_id, error);
  if (ids == NULL)
    goto fail;
  for (guint i = 0; i < ids->len; i++)
    if (!_cn_store_insert_event (self, g_array_index (ids, gint64, i), now,
                                 standing_action (standing), NULL, error))
      goto fail;

  /* Their verdicts changed: lists and filters read everything again. */
  self->requests_dirty = TRUE;
  return cn_store_commit (self, error);

fail:
  cn_store_rollback (self);
  return FALSE;
}

gboolean
cn_store_set_requester_not_requests (CnStore *self,
                                     gint64 requester_id,
                                     gboolean not_requests,
                                     GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  stmt = _cn_store_prepare (self, "UPDATE requesters SET not_requests = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, requester_id);
  sqlite3_bind_int (stmt, 2, not_requests ? 1 : 0);
  if (!_cn_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      set_requester_not_found (error);
      return FALSE;
    }
  return TRUE;
}

gboolean
cn_store_is_set_aside (CnStore *self, gint64 request_id)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  /* Archived, and the last status it took was "not a request". */
  stmt = _cn_store_prepare (
      self,
      "SELECT (SELECT e.action FROM events e WHERE e.request_id = r.id"
      "  AND e.action IN ('new', 'asked', 'ready', 'forwarded', 'declined', 'archived',"
      "  'not-a-request') ORDER BY e.at DESC, e.id DESC LIMIT 1) = 'not-a-request'"
      " FROM requests r WHERE r.id = ?1 AND r.status = 5",
      NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, request_id);
  return sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
}

gboolean
cn_store_set_aside_not_a_request (CnStore *self,
                                  gint64 request_id,
                                  CnStatusChange *out_change,
                                  gboolean *out_marked_sender,
                                  GError **error)
{
  g_autoptr(CnRequest) request = NULL;
  g_autoptr(CnRequesterInfo) info = NULL;
  CnStatusChange change = { 0 };

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  request = cn_store_get_request (self, request_id, error);
  if (request == NULL)
    return FALSE;
  info = cn_store_get_requester (self, cn_request_get_requester_id (request), error);
  if (info == NULL || !cn_store_begin (self, error))
    return FALSE;
  if (!cn_store_record_action (self, request_id, CN_EVENT_ACTION_NOT_A_REQUEST, NULL,
                               CN_REQUEST_STATUS_ARCHIVED, &change, error) ||
      (!info->not_requests && !cn_store_set_requester_not_requests (self, info->id, TRUE, error)) ||
      !cn_store_commit (self, error))
    {
      cn_store_rollback (self);
      return FALSE;
    }

  if (out_change != NULL)
    *out_change = change;
  if (out_marked_sender != NULL)
    *out_marked_sender = !info->not_requests;
  return TRUE;
}

guint
cn_store_show_messages_again (CnStore *self, gint64 requester_id, GError **error)
{
  g_autoptr(GArray) ids = NULL;
  guint n = 0;

  g_return_val_if_fail (CN_IS_STORE (self), 0);

  if (!cn_store_begin (self, error))
    return 0;
  ids = cn_store_list_requester_request_ids (self, requester_id, error);
  if (ids == NULL || !cn_store_set_requester_not_requests (self, requester_id, FALSE, error))
    goto fail;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      if (!cn_store_is_set_aside (self, id))
        continue;
      if (!cn_store_record_action (self, id, CN_EVENT_ACTION_NEW, NULL, CN_REQUEST_STATUS_NEW, NULL,
                                   error))
        goto fail;
      n++;
    }
  if (!cn_store_commit (self, error))
    goto fail;
  return n;

fail:
  cn_store_rollback (self);
  return 0;
}
