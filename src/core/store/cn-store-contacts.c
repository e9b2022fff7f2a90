/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Contacts: adding, editing, reading, merging, and deleting one with what
 * becomes of its requests (and putting it all back). */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-import.h"
#include "cn-store-private.h"

/* Rows */

#define CONTACT_COLUMNS                                                                            \
  "id, name, email, profile_url, company, position, expertise, accepted_kinds, "                   \
  "availability, away_until, monthly_cap, tie_strength, notes, address_form"

static CnContact *
contact_from_row (CnStmt *stmt)
{
  CnContact *contact = g_object_new (CN_TYPE_CONTACT, NULL);
  g_autofree char *name = _cn_store_column_text (stmt, 1);
  g_autofree char *email = _cn_store_column_text (stmt, 2);
  g_autofree char *profile_url = _cn_store_column_text (stmt, 3);
  g_autofree char *company = _cn_store_column_text (stmt, 4);
  g_autofree char *position = _cn_store_column_text (stmt, 5);
  g_autofree char *expertise = _cn_store_column_text (stmt, 6);
  g_autofree char *away_until = _cn_store_column_text (stmt, 9);
  g_autofree char *notes = _cn_store_column_text (stmt, 12);
  g_auto(GStrv) tags = NULL;

  tags = expertise != NULL && *expertise != '\0' ? g_strsplit (expertise, "\n", -1) : NULL;

  cn_contact_set_id (contact, sqlite3_column_int64 (stmt, 0));
  cn_contact_set_name (contact, name);
  cn_contact_set_email (contact, email);
  cn_contact_set_profile_url (contact, profile_url);
  cn_contact_set_company (contact, company);
  cn_contact_set_position (contact, position);
  cn_contact_set_expertise (contact, (const char *const *) tags);
  cn_contact_set_accepted_kinds (contact, sqlite3_column_int (stmt, 7));
  cn_contact_set_availability (contact, sqlite3_column_int (stmt, 8));
  cn_contact_set_away_until (contact, away_until);
  cn_contact_set_monthly_cap (contact, sqlite3_column_int (stmt, 10));
  cn_contact_set_tie_strength (contact, sqlite3_column_int (stmt, 11));
  cn_contact_set_notes (contact, notes);
  cn_contact_set_address_form (contact, sqlite3_column_int (stmt, 13));

  return contact;
}

/* Tags are stored one per line, so a line break inside a tag becomes a space. */
static char *
join_expertise (const char *const *tags)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *tag = g_strdup (tags[i]);

      g_strdelimit (tag, "\r\n", ' ');
      g_strstrip (tag);
      if (*tag == '\0')
        continue;
      if (joined->len > 0)
        g_string_append_c (joined, '\n');
      g_string_append (joined, tag);
    }

  return g_string_free (joined, FALSE);
}

/* Binds parameters 1-13 in the order of the contact INSERT and UPDATE. */
static void
bind_contact (CnStmt *stmt, CnContact *contact)
{
  g_autofree char *expertise = join_expertise (cn_contact_get_expertise (contact));

  _cn_store_bind_text (stmt, 1, cn_contact_get_name (contact));
  _cn_store_bind_text (stmt, 2, cn_contact_get_email (contact));
  _cn_store_bind_text (stmt, 3, cn_contact_get_profile_url (contact));
  _cn_store_bind_text (stmt, 4, cn_contact_get_company (contact));
  _cn_store_bind_text (stmt, 5, cn_contact_get_position (contact));
  _cn_store_bind_text (stmt, 6, expertise);
  sqlite3_bind_int (stmt, 7, cn_contact_get_accepted_kinds (contact));
  sqlite3_bind_int (stmt, 8, cn_contact_get_availability (contact));
  _cn_store_bind_text (stmt, 9, _cn_store_nonempty (cn_contact_get_away_until (contact)));
  sqlite3_bind_int64 (stmt, 10, cn_contact_get_monthly_cap (contact));
  sqlite3_bind_int (stmt, 11, cn_contact_get_tie_strength (contact));
  _cn_store_bind_text (stmt, 12, cn_contact_get_notes (contact));
  sqlite3_bind_int (stmt, 13, cn_contact_get_address_form (contact));
}

gboolean
_cn_store_contact_exists (CnStore *self, gint64 id)
{
  g_autoptr(CnStmt) stmt = _cn_store_prepare (self, "SELECT 1 FROM contacts WHERE id = ?1", NULL);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

gboolean
cn_store_add_contact (CnStore *self, CnContact *contact, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (CN_IS_CONTACT (contact), FALSE);

  stmt = _cn_store_prepare (self,
                            "INSERT INTO contacts (name, email, profile_url, company, position,"
                            " expertise, accepted_kinds, availability, away_until, monthly_cap,"
                            " tie_strength, notes, address_form, created_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                            error);
  if (stmt == NULL)
    return FALSE;

  bind_contact (stmt, contact);
  sqlite3_bind_int64 (stmt, 14, _cn_store_now ());
  if (!_cn_store_step_done (self, stmt, error))
    return FALSE;

  cn_contact_set_id (contact, sqlite3_last_insert_rowid (self->db));
  _cn_store_contacts_written (self);
  return TRUE;
}

gboolean
cn_store_update_contact (CnStore *self, CnContact *contact, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  int total_before;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (CN_IS_CONTACT (contact), FALSE);

  total_before = sqlite3_total_changes (self->db);
  stmt = _cn_store_prepare (
      self,
      "UPDATE contacts SET name = ?1, email = ?2, profile_url = ?3, company = ?4,"
      " position = ?5, expertise = ?6, accepted_kinds = ?7, availability = ?8,"
      " away_until = ?9, monthly_cap = ?10, tie_strength = ?11, notes = ?12,"
      " address_form = ?13 WHERE id = ?14",
      error);
  if (stmt == NULL)
    return FALSE;

  bind_contact (stmt, contact);
  sqlite3_bind_int64 (stmt, 14, cn_contact_get_id (contact));
  if (!_cn_store_step_done (self, stmt, error))
    return FALSE;

  /* A trigger cleared the fingerprints of the notes to a renamed contact
   * (the name is taken out of them): the index is rebuilt at its next use,
   * recomputing those. */
  if (sqlite3_total_changes (self->db) - total_before > 1)
    {
      _cn_store_bump_triage_serial (self);
      _cn_store_drop_triage (self);
    }

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND,
                           _("This contact no longer exists."));
      return FALSE;
    }

  _cn_store_contacts_written (self);
  return TRUE;
}

CnContact *
cn_store_get_contact (CnStore *self, gint64 id, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  stmt = _cn_store_prepare (self, "SELECT " CONTACT_COLUMNS " FROM contacts WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return contact_from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND,
                         _("This contact no longer exists."));
  else
    _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
  return NULL;
}

GPtrArray *
cn_store_list_contacts (CnStore *self, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  stmt = _cn_store_prepare (self,
                            "SELECT " CONTACT_COLUMNS
                            " FROM contacts ORDER BY name COLLATE NOCASE, id",
                            error);
  if (stmt == NULL)
    return NULL;

  contacts = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (contacts, contact_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return NULL;
    }

  return g_steal_pointer (&contacts);
}

typedef struct
{
  CnContactsSortFunc sort;
  GPtrArray *contacts;
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_pointer (&data->contacts, g_ptr_array_unref);
  g_free (data);
}

static gboolean
list_worker (
    GTask *task, CnStore *worker, gpointer task_data, GCancellable *cancellable, GError **error)
{
  ListData *data = task_data;

  data->contacts = cn_store_list_contacts (worker, error);
  if (data->contacts == NULL)
    return FALSE;
  if (data->sort != NULL)
    data->sort (data->contacts);
  return TRUE;
}

void
cn_store_list_contacts_async (CnStore *self,
                              CnContactsSortFunc sort,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  ListData *data;

  g_return_if_fail (CN_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cn_store_list_contacts_async);
  data = g_new0 (ListData, 1);
  data->sort = sort;
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);
  _cn_store_run_in_worker (task, list_worker);
}

GPtrArray *
cn_store_list_contacts_finish (CnStore *self, GAsyncResult *result, GError **error)
{
  ListData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cn_store_list_contacts_async,
                        NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  data = g_task_get_task_data (G_TASK (result));
  return g_steal_pointer (&data->contacts);
}

guint
cn_store_count_contacts (CnStore *self)
{
  g_return_val_if_fail (CN_IS_STORE (self), 0);

  return _cn_store_count_rows (self, "SELECT count(*) FROM contacts");
}

/* Contact deletion. Rows are kept as SQLite gave them (every column, values
 * duplicated), so that the undo writes back exactly what was there, ids
 * included, whatever columns later versions add. */
typedef struct
{
  int n_columns;
  sqlite3_value **values;
} RowCopy;

static void
row_copy_free (RowCopy *row)
{
  for (int i = 0; i < row->n_columns; i++)
    sqlite3_value_free (row->values[i]);
  g_free (row->values);
  g_free (row);
}

struct _CnContactDeletion
{
  CnContactDeleteMode mode;
  gint64 contact_id;
  RowCopy *contact;
  GArray *moved;       /* KEEP, MOVE: the requests whose target changed */
  GPtrArray *requests; /* WITH: RowCopy of the requests, oldest first */
  GPtrArray *events;   /* WITH: RowCopy of their history */
};

void
cn_contact_deletion_free (CnContactDeletion *deletion)
{
  if (deletion == NULL)
    return;

  g_clear_pointer (&deletion->contact, row_copy_free);
  g_clear_pointer (&deletion->moved, g_array_unref);
  g_clear_pointer (&deletion->requests, g_ptr_array_unref);
  g_clear_pointer (&deletion->events, g_ptr_array_unref);
  g_free (deletion);
}

/* Appends a copy of every row @sql (bound to @id) returns ("SELECT *"). */
static gboolean
copy_rows (CnStore *self, const char *sql, gint64 id, GPtrArray *rows, GError **error)
{
  g_autoptr(CnStmt) stmt = _cn_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RowCopy *row = g_new0 (RowCopy, 1);

      row->n_columns = sqlite3_column_count (stmt);
      row->values = g_new0 (sqlite3_value *, row->n_columns);
      g_ptr_array_add (rows, row);
      for (int i = 0; i < row->n_columns; i++)
        {
          row->values[i] = sqlite3_value_dup (sqlite3_column_value (stmt, i));
          if (row->values[i] == NULL)
            {
              _cn_store_set_sqlite_error (self, SQLITE_NOMEM, error);
              return FALSE;
            }
        }
    }

  if (rc != SQLITE_DONE)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return FALSE;
    }

  return TRUE;
}

/* Writes copied rows back into @table (one of ours, a literal). */
static gboolean
insert_rows (CnStore *self, const char *table, GPtrArray *rows, GError **error)
{
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int n_columns;
  int rc = SQLITE_DONE;

  if (rows->len == 0)
    return TRUE;

  n_columns = ((RowCopy *) g_ptr_array_index (rows, 0))->n_columns;
  sql = g_string_new ("INSERT INTO ");
  g_string_append_printf (sql, "%s VALUES (", table);
  for (int i = 0; i < n_columns; i++)
    g_string_append_printf (sql, "%s?%d", i > 0 ? ", " : "", i + 1);
  g_string_append_c (sql, ')');

  if (sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return FALSE;
    }

  for (guint r = 0; r < rows->len && rc == SQLITE_DONE; r++)
    {
      RowCopy *row = g_ptr_array_index (rows, r);

      for (int i = 0; i < row->n_columns; i++)
        sqlite3_bind_value (stmt, i + 1, row->values[i]);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }

  if (rc != SQLITE_DONE)
    {
      rc = sqlite3_extended_errcode (self->db);
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT,
                             _("The deleted contact cannot be put back: entries added "
                               "since then took its place."));
      else
        _cn_store_set_sqlite_error (self, rc, error);
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

/* Indexes a request again (its target changed, or it came back), the way an
 * added request is: see _cn_store_triage_add_request(). */
gboolean
_cn_store_reindex_request (
    CnStore *self, gint64 id, GArray *requesters, GArray *changed, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  g_autofree char *note = NULL;
  gint64 requester_id, target_id, received_at;
  CnRequestStatus status;
  int rc;

  stmt = _cn_store_prepare (self,
                            "SELECT requester_id, target_id, received_at, status, note_to_target"
                            " FROM requests WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        _cn_store_set_not_found (error);
      else
        _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return FALSE;
    }
  requester_id = sqlite3_column_int64 (stmt, 0);
  target_id = sqlite3_column_int64 (stmt, 1);
  received_at = sqlite3_column_int64 (stmt, 2);
  status = CLAMP (sqlite3_column_int (stmt, 3), 0, CN_REQUEST_STATUS_LAST);
  note = _cn_store_column_text (stmt, 4);
  g_clear_pointer (&stmt, _cn_stmt_release);

  g_array_append_val (requesters, requester_id);
  return _cn_store_triage_add_request (self, id, requester_id, target_id, received_at, status, note,
                                       changed, error);
}

/* Points the request at @target_id (0: none) and indexes it again. A request
 * that no longer exists is skipped. */
static gboolean
retarget_request (
    CnStore *self, gint64 id, gint64 target_id, GArray *requesters, GArray *changed, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  stmt = _cn_store_prepare (self, "UPDATE requests SET target_id = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  _cn_store_bind_id (stmt, 2, target_id);
  if (!_cn_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return TRUE;
  g_clear_pointer (&stmt, _cn_stmt_release);

  return _cn_store_reindex_request (self, id, requesters, changed, error);
}

/* Deletes the contact's requests (their history and triage rows go with
 * them), taking them out of the index. */
static gboolean
delete_contact_requests (
    CnStore *self, gint64 contact_id, GArray *requesters, GArray *changed, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  stmt = _cn_store_prepare (self,
                            "DELETE FROM requests WHERE target_id = ?1 RETURNING id, requester_id",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, contact_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 requester_id = sqlite3_column_int64 (stmt, 1);

      g_array_append_val (ids, id);
      g_array_append_val (requesters, requester_id);
    }
  if (rc != SQLITE_DONE)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return FALSE;
    }

  if (ids->len == 0)
    return TRUE;
  _cn_store_bump_triage_serial (self);
  if (self->triage != NULL)
    {
      _cn_store_touch_triage (self);
      for (guint i = 0; i < ids->len; i++)
        cn_triage_remove (self->triage, g_array_index (ids, gint64, i), changed);
    }
  return TRUE;
}

/* The ids of the contact's requests, oldest first. */
static GArray *
list_contact_requests (CnStore *self, gint64 contact_id, GError **error)
{
  return _cn_store_list_ids (self,
                             "SELECT id FROM requests WHERE target_id = ?1 ORDER BY received_at, "
                             "id",
                             contact_id, error);
}

CnContactDeletion *
cn_store_delete_contact (
    CnStore *self, gint64 contact_id, CnContactDeleteMode mode, gint64 move_to, GError **error)
{
  g_autoptr(CnContactDeletion) deletion = NULL;
  g_autoptr(GPtrArray) contact_rows = NULL;
  g_autoptr(GArray) requesters = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CnStmt) stmt = NULL;
  gint64 new_target = 0;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);
  g_return_val_if_fail (mode <= CN_CONTACT_DELETE_WITH_REQUESTS, NULL);

  deletion = g_new0 (CnContactDeletion, 1);
  deletion->mode = mode;
  deletion->contact_id = contact_id;
  contact_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_copy_free);

  /* As a transaction of the caller's: "contacts-changed" and "reloaded" at the end. */
  if (!cn_store_begin (self, error))
    return NULL;
  if (!_cn_store_ensure_triage (self, error) ||
      !copy_rows (self, "SELECT * FROM contacts WHERE id = ?1", contact_id, contact_rows, error))
    goto fail;
  if (contact_rows->len == 0)
    {
      g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND,
                           _("This contact no longer exists."));
      goto fail;
    }
  deletion->contact = g_ptr_array_steal_index (contact_rows, 0);

  if (mode == CN_CONTACT_DELETE_MOVE_REQUESTS)
    {
      if (move_to == contact_id || move_to <= 0 || !_cn_store_contact_exists (self, move_to))
        {
          g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT,
                               _("The requests cannot be moved: choose another contact "
                                 "that still exists."));
          goto fail;
        }
      new_target = move_to;
    }

  if (mode == CN_CONTACT_DELETE_WITH_REQUESTS)
    {
      deletion->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) row_copy_free);
      deletion->events = g_ptr_array_new_with_free_func ((GDestroyNotify) row_copy_free);
      if (!copy_rows (self, "SELECT * FROM requests WHERE target_id = ?1 ORDER BY received_at, id",
                      contact_id, deletion->requests, error) ||
          !copy_rows (self,
                      "SELECT * FROM events WHERE request_id IN"
                      " (SELECT id FROM requests WHERE target_id = ?1) ORDER BY id",
                      contact_id, deletion->events, error) ||
          !delete_contact_requests (self, contact_id, requesters, changed, error))
        goto fail;
    }
  else
    {
      deletion->moved = list_contact_requests (self, contact_id, error);
      if (deletion->moved == NULL)
        goto fail;
      for (guint i = 0; i < deletion->moved->len; i++)
        if (!retarget_request (self, g_array_index (deletion->moved, gint64, i), new_target,
                               requesters, changed, error))
          goto fail;
    }

  stmt = _cn_store_prepare (self, "DELETE FROM contacts WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, contact_id);
  if (!_cn_store_step_done (self, stmt, error))
    goto fail;
  g_clear_pointer (&stmt, _cn_stmt_release);

  if (!_cn_store_persist_changed_triage (self, changed, 0, error) ||
      !_cn_store_refresh_requesters (self, requesters, changed, error))
    goto fail;

  _cn_store_contacts_written (self);
  self->requests_dirty = TRUE;
  if (!cn_store_commit (self, error))
    return NULL;
  return g_steal_pointer (&deletion);

fail:
  cn_store_rollback (self);
  return NULL;
}

gboolean
cn_store_undo_contact_deletion (CnStore *self, const CnContactDeletion *deletion, GError **error)
{
  g_autoptr(GPtrArray) contact_rows = NULL;
  g_autoptr(GArray) requesters = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (deletion != NULL && deletion->contact != NULL, FALSE);

  contact_rows = g_ptr_array_new ();
  g_ptr_array_add (contact_rows, deletion->contact);

  if (!cn_store_begin (self, error))
    return FALSE;
  if (!_cn_store_ensure_triage (self, error) ||
      !insert_rows (self, "contacts", contact_rows, error))
    goto fail;

  if (deletion->moved != NULL)
    {
      /* Requests deleted since are skipped. */
      for (guint i = 0; i < deletion->moved->len; i++)
        if (!retarget_request (self, g_array_index (deletion->moved, gint64, i),
                               deletion->contact_id, requesters, changed, error))
          goto fail;
    }

  if (deletion->requests != NULL)
    {
      if (!insert_rows (self, "requests", deletion->requests, error) ||
          !insert_rows (self, "events", deletion->events, error))
        goto fail;
      /* Oldest first, as they were copied: the index's cheapest order. */
      for (guint i = 0; i < deletion->requests->len; i++)
        {
          RowCopy *row = g_ptr_array_index (deletion->requests, i);

          if (!_cn_store_reindex_request (self, sqlite3_value_int64 (row->values[0]), requesters,
                                          changed, error))
            goto fail;
        }
      _cn_store_bump_triage_serial (self);
    }

  if (!_cn_store_persist_changed_triage (self, changed, 0, error) ||
      !_cn_store_refresh_requesters (self, requesters, changed, error))
    goto fail;

  _cn_store_contacts_written (self);
  self->requests_dirty = TRUE;
  return cn_store_commit (self, error);

fail:
  cn_store_rollback (self);
  return FALSE;
}

/* Merging two contacts */

static void
fill_text (CnContact *into,
           CnContact *from,
           const char *(*get) (CnContact *),
           void (*set) (CnContact *, const char *))
{
  const char *mine = get (into);
  const char *theirs = get (from);

  if ((mine == NULL || *mine == '\0') && theirs != NULL && *theirs != '\0')
    set (into, theirs);
}

gboolean
cn_store_merge_contacts (CnStore *store, gint64 into, gint64 from, GError **error)
{
  g_autoptr(CnContact) kept = NULL;
  g_autoptr(CnContact) merged = NULL;
  g_autoptr(CnContactDeletion) deletion = NULL;
  const char *const *tags;

  g_return_val_if_fail (CN_IS_STORE (store), FALSE);

  if (into == from)
    {
      g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT,
                           _("A contact cannot be merged into itself."));
      return FALSE;
    }

  if (!cn_store_begin (store, error))
    return FALSE;
  kept = cn_store_get_contact (store, into, error);
  merged = kept != NULL ? cn_store_get_contact (store, from, error) : NULL;
  if (merged == NULL)
    goto fail;

  fill_text (kept, merged, cn_contact_get_email, cn_contact_set_email);
  fill_text (kept, merged, cn_contact_get_profile_url, cn_contact_set_profile_url);
  fill_text (kept, merged, cn_contact_get_company, cn_contact_set_company);
  fill_text (kept, merged, cn_contact_get_position, cn_contact_set_position);
  fill_text (kept, merged, cn_contact_get_away_until, cn_contact_set_away_until);
  fill_text (kept, merged, cn_contact_get_notes, cn_contact_set_notes);
  tags = cn_contact_get_expertise (kept);
  if (tags == NULL || tags[0] == NULL)
    cn_contact_set_expertise (kept, cn_contact_get_expertise (merged));
  if (cn_contact_get_accepted_kinds (kept) == 0)
    cn_contact_set_accepted_kinds (kept, cn_contact_get_accepted_kinds (merged));
  if (cn_contact_get_monthly_cap (kept) == 0)
    cn_contact_set_monthly_cap (kept, cn_contact_get_monthly_cap (merged));
  if (cn_contact_get_tie_strength (kept) == 0)
    cn_contact_set_tie_strength (kept, cn_contact_get_tie_strength (merged));
  /* "tu" is something the contact asked for: either record of it counts. */
  if (cn_contact_get_address_form (merged) == CN_REGISTER_TU)
    cn_contact_set_address_form (kept, CN_REGISTER_TU);

  if (!cn_store_update_contact (store, kept, error))
    goto fail;
  deletion = cn_store_delete_contact (store, from, CN_CONTACT_DELETE_MOVE_REQUESTS, into, error);
  if (deletion == NULL)
    goto fail;
  return cn_store_commit (store, error);

fail:
  cn_store_rollback (store);
  return FALSE;
}
