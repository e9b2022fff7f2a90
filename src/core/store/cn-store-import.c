/* SPDX-License-Identifier: GPL-3.0-or-later */

/* What an import writes. cn-import.c matches the records with what is stored
 * and decides; this reads what it matches against and writes, in bulk, in one
 * transaction, with statements of its own. */

#include "config.h"

#include "cn-store-private.h"

struct _CnStoreImport
{
  CnStore *store;
  CnRequesterMatcher *requesters; /* all of them */
  GHashTable *refs;               /* "source\037ref" of the requests stored */
  GHashTable *not_requests;       /* requester ids whose contactless messages are set aside */
  sqlite3_stmt *insert_contact;
  sqlite3_stmt *update_contact;
  sqlite3_stmt *insert_request;
  sqlite3_stmt *insert_event;
  GArray *request_ids; /* added */
  gint64 now;
};

/* The statements are stepped at once: no copy. */
static void
bind_static (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

/* Name, e-mail, profile, company, position, expertise and notes, in this
 * order from parameter @first on, in both statements. */
static void
bind_contact (sqlite3_stmt *stmt,
              int first,
              const CnStoreImportContact *contact,
              const char *expertise,
              const char *notes)
{
  bind_static (stmt, first, contact->name);
  bind_static (stmt, first + 1, contact->email);
  bind_static (stmt, first + 2, contact->profile_url);
  bind_static (stmt, first + 3, contact->company);
  bind_static (stmt, first + 4, contact->position);
  bind_static (stmt, first + 5, expertise);
  bind_static (stmt, first + 6, notes);
}

static gboolean
import_fail (CnStoreImport *import, GError **error)
{
  _cn_store_set_sqlite_error (import->store, sqlite3_extended_errcode (import->store->db), error);
  return FALSE;
}

static gboolean
prepare (CnStoreImport *import, const char *sql, sqlite3_stmt **out_stmt, GError **error)
{
  if (sqlite3_prepare_v2 (import->store->db, sql, -1, out_stmt, NULL) != SQLITE_OK)
    return import_fail (import, error);
  return TRUE;
}

/* Runs a statement of the import's that returns no row. */
static gboolean
step (CnStoreImport *import, sqlite3_stmt *stmt, GError **error)
{
  gboolean done = sqlite3_step (stmt) == SQLITE_DONE;

  sqlite3_reset (stmt);
  if (!done)
    import_fail (import, error);
  sqlite3_clear_bindings (stmt);
  return done;
}

/* Loads what matching needs: one scan of each table, then lookups in memory. */
static gboolean
import_load (CnStoreImport *import,
             CnStoreImportContactFunc func,
             gpointer user_data,
             GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!prepare (import,
                "SELECT id, name, email, profile_url, company, position,"
                " coalesce (notes, '') <> '', expertise <> '' FROM contacts ORDER BY id",
                &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CnStoreImportContact contact = {
        sqlite3_column_int64 (stmt, 0),
        (const char *) sqlite3_column_text (stmt, 1),
        (const char *) sqlite3_column_text (stmt, 2),
        (const char *) sqlite3_column_text (stmt, 3),
        (const char *) sqlite3_column_text (stmt, 4),
        (const char *) sqlite3_column_text (stmt, 5),
        sqlite3_column_int (stmt, 6),
        sqlite3_column_int (stmt, 7),
      };

      func (&contact, user_data);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return import_fail (import, error);

  if (!prepare (import, "SELECT source, source_ref FROM requests WHERE source_ref IS NOT NULL",
                &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (import->refs, g_strconcat ((const char *) sqlite3_column_text (stmt, 0),
                                                 "\037", sqlite3_column_text (stmt, 1), NULL));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return import_fail (import, error);

  if (!prepare (import,
                "SELECT id, name, email, profile_url, not_requests FROM requesters ORDER BY id",
                &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      cn_requester_matcher_add (import->requesters, id,
                                (const char *) sqlite3_column_text (stmt, 1),
                                (const char *) sqlite3_column_text (stmt, 2),
                                (const char *) sqlite3_column_text (stmt, 3));
      if (sqlite3_column_int (stmt, 4) != 0)
        g_hash_table_add (import->not_requests, g_memdup2 (&id, sizeof id));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return import_fail (import, error);

  return prepare (import,
                  "INSERT INTO contacts (name, email, profile_url, company, position,"
                  " expertise, notes, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                  &import->insert_contact, error) &&
         prepare (import,
                  "UPDATE contacts SET name = ?2, email = ?3, profile_url = ?4, company = ?5,"
                  " position = ?6, expertise = coalesce (?7, expertise),"
                  " notes = coalesce (?8, notes) WHERE id = ?1",
                  &import->update_contact, error) &&
         prepare (import,
                  "INSERT INTO requests (requester_id, target_id, received_at, source,"
                  " source_ref, note_to_connector, note_to_target, status, created_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9, ?8)",
                  &import->insert_request, error) &&
         prepare (import,
                  "INSERT INTO events (request_id, at, action, text) VALUES (?1, ?2, ?3, ?4)",
                  &import->insert_event, error);
}

/* What the import wrote inside the transaction: the triage index takes its
 * requests in at the commit (or is rebuilt at its next use), and the commit
 * announces the change. */
static void
note_import (CnStoreImport *import, gboolean contacts_changed, gboolean renamed)
{
  CnStore *self = import->store;

  /* A trigger cleared the fingerprints of the renamed contacts' requests:
   * rebuilt (and recomputed) at the next use. */
  if (renamed)
    {
      _cn_store_bump_triage_serial (self);
      _cn_store_drop_triage (self);
    }

  if (import->request_ids->len > 0)
    {
      _cn_store_bump_triage_serial (self);
      /* Without an index, the next build reads them from the database. */
      if (self->triage != NULL)
        g_array_append_vals (self->triage_pending, import->request_ids->data,
                             import->request_ids->len);
      self->requests_dirty = TRUE;
    }

  if (contacts_changed)
    self->contacts_dirty = TRUE;
}

/* Statements must be done before the commit. */
static void
import_free (CnStoreImport *import)
{
  g_clear_pointer (&import->requesters, cn_requester_matcher_free);
  g_clear_pointer (&import->refs, g_hash_table_unref);
  g_clear_pointer (&import->not_requests, g_hash_table_unref);
  g_clear_pointer (&import->insert_contact, sqlite3_finalize);
  g_clear_pointer (&import->update_contact, sqlite3_finalize);
  g_clear_pointer (&import->insert_request, sqlite3_finalize);
  g_clear_pointer (&import->insert_event, sqlite3_finalize);
  g_clear_pointer (&import->request_ids, g_array_unref);
  sqlite3_exec (import->store->db, "PRAGMA ignore_check_constraints = OFF", NULL, NULL, NULL);
  g_free (import);
}

CnStoreImport *
_cn_store_import_begin (CnStore *store,
                        CnStoreImportContactFunc func,
                        gpointer user_data,
                        GError **error)
{
  CnStoreImport *import;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  if (!cn_store_begin (store, error))
    return NULL;

  import = g_new0 (CnStoreImport, 1);
  import->store = store;
  import->requesters = cn_requester_matcher_new ();
  import->refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  import->not_requests = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  import->request_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  import->now = _cn_store_now ();
  /* The import's own statements are compiled without the CHECK constraints:
   * those of contacts ("availability IN (0, 1, 2)"…) open two temporary
   * tables for every row, a third of the time of an import, and the import
   * writes none of those columns (their defaults pass). Only statements
   * prepared meanwhile are affected: the store's own ones are prepared before
   * or after (the commit indexes the triage with checks on), but for those of
   * the requesters, a table without checks. */
  sqlite3_exec (store->db, "PRAGMA ignore_check_constraints = ON", NULL, NULL, NULL);
  if (!import_load (import, func, user_data, error))
    {
      import_free (import);
      cn_store_rollback (store);
      return NULL;
    }

  return import;
}

gint64
_cn_store_import_add_contact (CnStoreImport *import,
                              const CnStoreImportContact *contact,
                              const char *expertise,
                              const char *notes,
                              GError **error)
{
  sqlite3_stmt *stmt = import->insert_contact;

  bind_contact (stmt, 1, contact, expertise != NULL ? expertise : "", notes);
  sqlite3_bind_int64 (stmt, 8, import->now);
  if (!step (import, stmt, error))
    return 0;

  return sqlite3_last_insert_rowid (import->store->db);
}

gboolean
_cn_store_import_update_contact (CnStoreImport *import,
                                 const CnStoreImportContact *contact,
                                 const char *expertise,
                                 const char *notes,
                                 GError **error)
{
  sqlite3_stmt *stmt = import->update_contact;

  sqlite3_bind_int64 (stmt, 1, contact->id);
  bind_contact (stmt, 2, contact, expertise, notes);
  return step (import, stmt, error);
}

gboolean
_cn_store_import_has_request (CnStoreImport *import, const char *source, const char *ref)
{
  g_autofree char *key = g_strconcat (source, "\037", ref, NULL);

  return g_hash_table_contains (import->refs, key);
}

gboolean
_cn_store_import_add_request (CnStoreImport *import,
                              const CnImportRequest *request,
                              const char *source,
                              const char *ref,
                              gint64 target_id,
                              GError **error)
{
  sqlite3_stmt *stmt = import->insert_request;
  gint64 requester_id, id;
  gboolean set_aside;

  /* A SELECT per request would cost more than the rest of the import: the
   * requesters were all read at the start. */
  requester_id = _cn_store_ensure_requester_with (import->store, import->requesters,
                                                  request->requester_name, request->requester_email,
                                                  request->requester_profile_url, error);
  if (requester_id <= 0)
    return FALSE;
  /* The connector said this sender's messages to no contact of theirs are
   * not requests: set aside (archived), not lost. */
  set_aside = target_id <= 0 && g_hash_table_contains (import->not_requests, &requester_id);

  sqlite3_bind_int64 (stmt, 1, requester_id);
  if (target_id > 0)
    sqlite3_bind_int64 (stmt, 2, target_id);
  sqlite3_bind_int64 (stmt, 3, request->received_at > 0 ? request->received_at : import->now);
  bind_static (stmt, 4, source);
  bind_static (stmt, 5, ref);
  bind_static (stmt, 6, request->note_to_connector != NULL ? request->note_to_connector : "");
  bind_static (stmt, 7, request->note_to_target != NULL ? request->note_to_target : "");
  sqlite3_bind_int64 (stmt, 8, import->now);
  sqlite3_bind_int (stmt, 9, set_aside ? CN_REQUEST_STATUS_ARCHIVED : CN_REQUEST_STATUS_NEW);
  if (!step (import, stmt, error))
    return FALSE;
  id = sqlite3_last_insert_rowid (import->store->db);

  stmt = import->insert_event;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, import->now);
  bind_static (stmt, 3, cn_event_action_to_string (CN_EVENT_ACTION_CREATED));
  if (!step (import, stmt, error))
    return FALSE;
  if (set_aside)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, import->now);
      bind_static (stmt, 3, cn_event_action_to_string (CN_EVENT_ACTION_NOT_A_REQUEST));
      bind_static (stmt, 4, "automatic");
      if (!step (import, stmt, error))
        return FALSE;
    }

  g_hash_table_add (import->refs, g_strconcat (source, "\037", ref, NULL));
  g_array_append_val (import->request_ids, id);
  return TRUE;
}

gboolean
_cn_store_import_end (
    CnStoreImport *import, gboolean ok, gboolean contacts_changed, gboolean renamed, GError **error)
{
  CnStore *store = import->store;

  if (ok)
    note_import (import, contacts_changed, renamed);
  import_free (import);
  if (!ok)
    {
      cn_store_rollback (store);
      return FALSE;
    }

  return cn_store_commit (store, error);
}
