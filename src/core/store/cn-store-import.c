/* SPDX-License-Identifier: GPL-3.0-or-later */

/* What an import writes. cn-import.c matches the records with what is stored
 * and decides; this reads what it matches against and writes, in bulk, in one
 * transaction, with statements of its own.
 *
 * Requests are written CHUNK at a time (fewer if SQLite allows fewer
 * parameters), by one statement: the trigger that indexes a request for
 * search writes to an FTS5 table, which flushes what it holds to a new
 * segment of its index at every statement's savepoint. One INSERT per request
 * made a segment per request, merged over and over: three quarters of an
 * import's time. As many as SQLite's parameters allow (3,276 by default)
 * rather than 1,024: an import of 50,000 requests runs 11 % fewer
 * instructions (callgrind), the index's segments being fewer and larger. */

#include "config.h"

#include <string.h>

#include "cn-store-private.h"

#define CHUNK 4096
/* The columns of a request, in the order of its parameters. */
#define REQUEST_COLUMNS 10

/* The requests stored, by a 64-bit hash of their source and reference: 8
 * bytes each where a set of their strings took 80, the hash being checked
 * against the database (or the requests not written yet) when it is there.
 * Open addressing, at most half full; 0 marks an empty slot. */
typedef struct
{
  guint64 *slots;
  gsize mask; /* the number of slots, less one */
  gsize len;
} RefSet;

/* A request written at the next flush; its strings are in pending_strings. */
typedef struct
{
  gint64 id;
  gint64 requester_id;
  gint64 target_id;
  gint64 received_at;
  const char *source;
  const char *ref;
  const char *note_to_connector;
  const char *note_to_target;
  gboolean set_aside;
} PendingRequest;

struct _CnStoreImport
{
  CnStore *store;
  CnRequesterMatcher *requesters; /* all of them */
  RefSet refs;                    /* the requests stored */
  GHashTable *not_requests;       /* requester ids whose contactless messages are set aside */
  sqlite3_stmt *insert_contact;
  sqlite3_stmt *update_contact;
  sqlite3_stmt *insert_requests; /* chunk of them */
  guint chunk;
  sqlite3_stmt *insert_event;
  sqlite3_stmt *find_request; /* by source and reference */
  GArray *request_ids;        /* added */
  GArray *pending;            /* PendingRequest, fewer than chunk */
  GStringChunk *pending_strings;
  gint64 next_id; /* of the next request added */
  gint64 now;
};

/* FNV-1a over "source\037ref", never 0. */
static guint64
ref_hash (const char *source, const char *ref)
{
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  const guint64 prime = G_GUINT64_CONSTANT (0x100000001b3);

  for (const char *p = source; *p != '\0'; p++)
    hash = (hash ^ (guchar) *p) * prime;
  hash = (hash ^ 0x1f) * prime;
  for (const char *p = ref; *p != '\0'; p++)
    hash = (hash ^ (guchar) *p) * prime;
  /* The last bytes mixed into the low bits, which pick the slot. */
  hash ^= hash >> 29;
  return hash != 0 ? hash : 1;
}

static gboolean
ref_set_contains (const RefSet *set, guint64 hash)
{
  for (gsize i = hash & set->mask; set->slots[i] != 0; i = (i + 1) & set->mask)
    if (set->slots[i] == hash)
      return TRUE;
  return FALSE;
}

static void ref_set_add (RefSet *set, guint64 hash);

static void
ref_set_grow (RefSet *set)
{
  guint64 *old = set->slots;
  gsize n_old = old != NULL ? set->mask + 1 : 0;

  set->mask = n_old > 0 ? 2 * n_old - 1 : 1023;
  set->slots = g_new0 (guint64, set->mask + 1);
  set->len = 0;
  for (gsize i = 0; i < n_old; i++)
    if (old[i] != 0)
      ref_set_add (set, old[i]);
  g_free (old);
}

static void
ref_set_add (RefSet *set, guint64 hash)
{
  gsize i;

  if (set->slots == NULL || 2 * (set->len + 1) > set->mask + 1)
    ref_set_grow (set);
  for (i = hash & set->mask; set->slots[i] != 0; i = (i + 1) & set->mask)
    if (set->slots[i] == hash)
      return;
  set->slots[i] = hash;
  set->len++;
}

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

/* One INSERT of @n requests. */
static gboolean
prepare_insert_requests (CnStoreImport *import, guint n, sqlite3_stmt **out_stmt, GError **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO requests (id, requester_id, target_id,"
                                          " received_at, source, source_ref, note_to_connector,"
                                          " note_to_target, status, created_at) VALUES ");

  for (guint i = 0; i < n; i++)
    g_string_append (sql, i == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                 : ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  return prepare (import, sql->str, out_stmt, error);
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
    ref_set_add (&import->refs, ref_hash ((const char *) sqlite3_column_text (stmt, 0),
                                          (const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return import_fail (import, error);

  /* Requests get the ids SQLite would give them, known before they are
   * written. */
  if (!prepare (import, "SELECT coalesce (max (id), 0) + 1 FROM requests", &stmt, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    import->next_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
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
         prepare_insert_requests (import, import->chunk, &import->insert_requests, error) &&
         prepare (import,
                  "INSERT INTO events (request_id, at, action, text) VALUES (?1, ?2, ?3, ?4)",
                  &import->insert_event, error) &&
         prepare (import, "SELECT 1 FROM requests WHERE source = ?1 AND source_ref = ?2 LIMIT 1",
                  &import->find_request, error);
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
  g_clear_pointer (&import->refs.slots, g_free);
  g_clear_pointer (&import->not_requests, g_hash_table_unref);
  g_clear_pointer (&import->insert_contact, sqlite3_finalize);
  g_clear_pointer (&import->update_contact, sqlite3_finalize);
  g_clear_pointer (&import->insert_requests, sqlite3_finalize);
  g_clear_pointer (&import->insert_event, sqlite3_finalize);
  g_clear_pointer (&import->find_request, sqlite3_finalize);
  g_clear_pointer (&import->request_ids, g_array_unref);
  g_clear_pointer (&import->pending, g_array_unref);
  g_clear_pointer (&import->pending_strings, g_string_chunk_free);
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
  import->not_requests = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  import->request_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  import->chunk = CLAMP (sqlite3_limit (store->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1) /
                             REQUEST_COLUMNS,
                         1, CHUNK);
  import->pending = g_array_sized_new (FALSE, FALSE, sizeof (PendingRequest), import->chunk);
  import->pending_strings = g_string_chunk_new (64 * 1024);
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
  sqlite3_stmt *stmt = import->find_request;
  gboolean found;

  if (import->refs.slots == NULL || !ref_set_contains (&import->refs, ref_hash (source, ref)))
    return FALSE;
  /* The same hash: the same request, unless two differ by it. */
  for (guint i = 0; i < import->pending->len; i++)
    {
      const PendingRequest *pending = &g_array_index (import->pending, PendingRequest, i);

      if (strcmp (pending->source, source) == 0 && strcmp (pending->ref, ref) == 0)
        return TRUE;
    }
  bind_static (stmt, 1, source);
  bind_static (stmt, 2, ref);
  /* (An error is found again by the next write.) */
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return found;
}

static gboolean
add_event (CnStoreImport *import,
           gint64 request_id,
           CnEventAction action,
           const char *text,
           GError **error)
{
  sqlite3_stmt *stmt = import->insert_event;

  sqlite3_bind_int64 (stmt, 1, request_id);
  sqlite3_bind_int64 (stmt, 2, import->now);
  bind_static (stmt, 3, cn_event_action_to_string (action));
  bind_static (stmt, 4, text);
  return step (import, stmt, error);
}

/* Writes the pending requests, then their events (which refer to them), in
 * the order they were added. Arriving needs none: a request's history starts
 * with its created_at (cn_store_list_events()). */
static gboolean
flush_requests (CnStoreImport *import, GError **error)
{
  sqlite3_stmt *partial = NULL;
  sqlite3_stmt *stmt = import->insert_requests;
  guint n = import->pending->len;
  gboolean ok;

  if (n == 0)
    return TRUE;
  if (n < import->chunk)
    {
      if (!prepare_insert_requests (import, n, &partial, error))
        return FALSE;
      stmt = partial;
    }

  for (guint i = 0; i < n; i++)
    {
      const PendingRequest *request = &g_array_index (import->pending, PendingRequest, i);
      int first = i * REQUEST_COLUMNS;

      sqlite3_bind_int64 (stmt, first + 1, request->id);
      sqlite3_bind_int64 (stmt, first + 2, request->requester_id);
      if (request->target_id > 0)
        sqlite3_bind_int64 (stmt, first + 3, request->target_id);
      else
        sqlite3_bind_null (stmt, first + 3);
      sqlite3_bind_int64 (stmt, first + 4, request->received_at);
      bind_static (stmt, first + 5, request->source);
      bind_static (stmt, first + 6, request->ref);
      bind_static (stmt, first + 7, request->note_to_connector);
      bind_static (stmt, first + 8, request->note_to_target);
      sqlite3_bind_int (stmt, first + 9,
                        request->set_aside ? CN_REQUEST_STATUS_ARCHIVED : CN_REQUEST_STATUS_NEW);
      sqlite3_bind_int64 (stmt, first + 10, import->now);
    }
  ok = step (import, stmt, error);
  g_clear_pointer (&partial, sqlite3_finalize);
  if (!ok)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const PendingRequest *request = &g_array_index (import->pending, PendingRequest, i);

      if (request->set_aside &&
          !add_event (import, request->id, CN_EVENT_ACTION_NOT_A_REQUEST, "automatic", error))
        return FALSE;
    }

  g_array_set_size (import->pending, 0);
  g_string_chunk_clear (import->pending_strings);
  return TRUE;
}

gboolean
_cn_store_import_add_request (CnStoreImport *import,
                              const CnImportRequest *request,
                              const char *source,
                              const char *ref,
                              gint64 target_id,
                              GError **error)
{
  GStringChunk *strings = import->pending_strings;
  PendingRequest pending = { 0 };

  /* A SELECT per request would cost more than the rest of the import: the
   * requesters were all read at the start. */
  pending.requester_id = _cn_store_ensure_requester_with (import->store, import->requesters,
                                                          request->requester_name,
                                                          request->requester_email,
                                                          request->requester_profile_url, error);
  if (pending.requester_id <= 0)
    return FALSE;
  /* The connector said this sender's messages to no contact of theirs are
   * not requests: set aside (archived), not lost. */
  pending.set_aside = target_id <= 0 &&
                      g_hash_table_contains (import->not_requests, &pending.requester_id);

  pending.id = import->next_id++;
  pending.target_id = target_id;
  pending.received_at = request->received_at > 0 ? request->received_at : import->now;
  pending.source = g_string_chunk_insert (strings, source);
  pending.ref = g_string_chunk_insert (strings, ref);
  pending.note_to_connector = g_string_chunk_insert (strings, request->note_to_connector != NULL
                                                                  ? request->note_to_connector
                                                                  : "");
  pending.note_to_target = g_string_chunk_insert (strings, request->note_to_target != NULL
                                                               ? request->note_to_target
                                                               : "");
  g_array_append_val (import->pending, pending);
  if (import->pending->len == import->chunk && !flush_requests (import, error))
    return FALSE;

  ref_set_add (&import->refs, ref_hash (source, ref));
  g_array_append_val (import->request_ids, pending.id);
  return TRUE;
}

gboolean
_cn_store_import_end (
    CnStoreImport *import, gboolean ok, gboolean contacts_changed, gboolean renamed, GError **error)
{
  CnStore *store = import->store;

  ok = ok && flush_requests (import, error);
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
