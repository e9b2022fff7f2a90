/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Mass-sent and repeated requests: the store's CnTriage index of every
 * request, the results it stores for each (request_triage, campaigns), its
 * build in a worker, and the campaigns as the Campaigns view lists them. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cn-store-private.h"

/* Bumped when the fingerprint changes meaning: stored ones are recomputed
 * when the index is next built. 2: the one folding of cn-text.h (a note
 * with "ı", "ĳ", a ligature or Greek accents folds otherwise). 3: min-hash
 * values of 8 bits rather than 16 (72 bytes instead of 136). */
#ifdef CN_FINGERPRINT_VERSION
#define FINGERPRINT_VERSION CN_FINGERPRINT_VERSION
#else
#define FINGERPRINT_VERSION 3
#endif

#define SETTING_MIN_CAMPAIGN_TARGETS "triage.min-campaign-targets"
#define SETTING_REPEAT_WINDOW_DAYS "triage.repeat-window-days"
#define SETTING_FINGERPRINT_VERSION "triage.fingerprint-version"

#define DEFAULT_MIN_CAMPAIGN_TARGETS 3
#define DEFAULT_REPEAT_WINDOW_DAYS 30

/* Above this many other requests changed by one write, one "triage-changed"
 * replaces the "request-changed" signals (a copy joining a big campaign). */
#define MAX_CHANGED_SIGNALS 64

/* Whether the request with id @id_sql was preceded, from the same requester,
 * by a request the connector declined or asked to motivate (statuses 4, 1). */
#define AFTER_REFUSAL_SQL(id_sql)                                                                  \
  "EXISTS (SELECT 1 FROM requests rr JOIN requests e ON e.requester_id = rr.requester_id"          \
  " WHERE rr.id = " id_sql " AND e.status IN (1, 4) AND (e.received_at < rr.received_at"           \
  " OR (e.received_at = rr.received_at AND e.id < rr.id)))"

/* ?2 is the fingerprint, NULL to keep the stored one. */
#define TRIAGE_UPSERT                                                                              \
  "INSERT INTO request_triage (request_id, fingerprint, campaign_id, mass_sent,"                   \
  " repeated, repeat_count, after_refusal)"                                                        \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN ?5 THEN " AFTER_REFUSAL_SQL (                        \
      "?1") " ELSE 0 END)"                                                                         \
            " ON CONFLICT (request_id) DO UPDATE SET"                                              \
            " fingerprint = coalesce (excluded.fingerprint, fingerprint),"                         \
            " campaign_id = excluded.campaign_id, mass_sent = excluded.mass_sent,"                 \
            " repeated = excluded.repeated, repeat_count = excluded.repeat_count,"                 \
            " after_refusal = excluded.after_refusal"

#define CAMPAIGN_UPSERT "INSERT OR REPLACE INTO campaigns (id, size) VALUES (?1, ?2)"

/* A campaign none of whose requests names it any more. */
#define CAMPAIGN_DELETE_UNUSED                                                                     \
  "DELETE FROM campaigns WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM request_triage"               \
  " WHERE campaign_id = ?1 AND campaign_id > 0)"

void
_cn_store_load_triage_settings (CnStore *self)
{
  gint64 min_targets = _cn_store_get_setting (self, SETTING_MIN_CAMPAIGN_TARGETS,
                                              DEFAULT_MIN_CAMPAIGN_TARGETS);
  gint64 window = _cn_store_get_setting (self, SETTING_REPEAT_WINDOW_DAYS,
                                         DEFAULT_REPEAT_WINDOW_DAYS);

  self->min_campaign_targets = (guint) CLAMP (min_targets, 2, G_MAXINT);
  self->repeat_window_days = (guint) CLAMP (window, 0, G_MAXINT);
}

void
_cn_store_touch_triage (CnStore *self)
{
  self->triage_touched_op = TRUE;
  self->triage_touched_txn = TRUE;
}

void
_cn_store_bump_triage_serial (CnStore *self)
{
  g_atomic_int_inc (&self->triage_serial);
}

void
_cn_store_drop_triage (CnStore *self)
{
  g_clear_object (&self->triage);
  g_clear_pointer (&self->triage_rows, g_array_unref);
  g_clear_pointer (&self->campaign_sizes, g_hash_table_unref);
  if (self->campaigns_left != NULL)
    g_array_set_size (self->campaigns_left, 0);
  /* A build reads them from the database. */
  if (self->triage_pending != NULL)
    g_array_set_size (self->triage_pending, 0);
  self->triage_touched_op = FALSE;
  self->triage_touched_txn = FALSE;
}

static char *
target_key (gint64 target_id)
{
  /* Requests store no target name of their own: without a contact, each
   * request is its own target, so copies still count as distinct targets. */
  return target_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, target_id) : NULL;
}

/* What the store keeps of a CnTriageInfo (not the campaign's dates: the
 * queries compute them). */
typedef struct
{
  gint64 campaign_id;
  guint32 campaign_size;
  guint32 repeat_count;
  guint8 known;
  guint8 mass_sent;
  guint8 repeated;
} TriageRow;

static TriageRow
triage_row_from_info (const CnTriageInfo *info)
{
  TriageRow row = { 0 };

  row.known = TRUE;
  row.mass_sent = info->mass_sent ? 1 : 0;
  row.campaign_id = info->mass_sent ? MAX (info->campaign_id, 0) : 0;
  row.campaign_size = info->mass_sent ? info->campaign_size : 0;
  row.repeated = info->repeated ? 1 : 0;
  row.repeat_count = info->repeated ? info->repeat_count : 0;
  return row;
}

static gboolean
triage_row_equal (const TriageRow *a, const TriageRow *b)
{
  return a->known == b->known && a->mass_sent == b->mass_sent && a->campaign_id == b->campaign_id &&
         a->campaign_size == b->campaign_size && a->repeated == b->repeated &&
         a->repeat_count == b->repeat_count;
}

static void
set_triage_row (GArray *rows, gint64 id, const TriageRow *row)
{
  if (id <= 0 || id > G_MAXINT32)
    return;
  if ((guint) id >= rows->len)
    g_array_set_size (rows, MAX ((guint) id + 1, rows->len + rows->len / 2));
  g_array_index (rows, TriageRow, id) = *row;
}

static TriageRow
get_triage_row (GArray *rows, gint64 id)
{
  TriageRow none = { 0 };

  if (rows == NULL || id <= 0 || (guint64) id >= rows->len)
    return none;
  return g_array_index (rows, TriageRow, id);
}

static void
bind_upsert (sqlite3_stmt *stmt, gint64 id, const TriageRow *row, const CnFingerprint *fingerprint)
{
  sqlite3_bind_int64 (stmt, 1, id);
  if (fingerprint != NULL)
    sqlite3_bind_blob (stmt, 2, fingerprint->data, CN_FINGERPRINT_SIZE, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_int64 (stmt, 3, row->campaign_id);
  sqlite3_bind_int (stmt, 4, row->mass_sent);
  sqlite3_bind_int (stmt, 5, row->repeated);
  sqlite3_bind_int64 (stmt, 6, row->repeat_count);
}

/* Whether the request's own stored row must change (the campaign's size is
 * stored apart). */
static gboolean
request_part_differs (const TriageRow *a, const TriageRow *b)
{
  return a->known != b->known || a->mass_sent != b->mass_sent || a->campaign_id != b->campaign_id ||
         a->repeated != b->repeated || a->repeat_count != b->repeat_count;
}

/* Stores a campaign's size unless it is stored already. */
static gboolean
persist_campaign (CnStore *self, gint64 campaign_id, guint size, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  gpointer stored;

  if (g_hash_table_lookup_extended (self->campaign_sizes, &campaign_id, NULL, &stored) &&
      GPOINTER_TO_UINT (stored) == size)
    return TRUE;

  stmt = _cn_store_prepare (self, CAMPAIGN_UPSERT, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, campaign_id);
  sqlite3_bind_int64 (stmt, 2, size);
  if (!_cn_store_step_done (self, stmt, error))
    return FALSE;

  g_hash_table_insert (self->campaign_sizes, g_memdup2 (&campaign_id, sizeof campaign_id),
                       GUINT_TO_POINTER (size));
  return TRUE;
}

/* Deletes the campaigns that requests left, if none names them any more. */
static gboolean
delete_unused_campaigns (CnStore *self, GError **error)
{
  for (guint i = 0; i < self->campaigns_left->len; i++)
    {
      gint64 id = g_array_index (self->campaigns_left, gint64, i);
      g_autoptr(CnStmt) stmt = _cn_store_prepare (self, CAMPAIGN_DELETE_UNUSED, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!_cn_store_step_done (self, stmt, error))
        return FALSE;
      if (sqlite3_changes (self->db) > 0)
        g_hash_table_remove (self->campaign_sizes, &id);
    }
  g_array_set_size (self->campaigns_left, 0);

  return TRUE;
}

/* The upsert itself. */
static gboolean
write_triage (CnStore *self,
              gint64 id,
              const TriageRow *row,
              const CnFingerprint *fingerprint,
              GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  stmt = _cn_store_prepare (self, TRIAGE_UPSERT, error);
  if (stmt == NULL)
    return FALSE;

  bind_upsert (stmt, id, row, fingerprint);
  return _cn_store_step_done (self, stmt, error);
}

/* Stores what the index knows of @id (and @fingerprint when not NULL),
 * unless it is what is stored already. */
static gboolean
persist_triage (CnStore *self,
                gint64 id,
                const CnFingerprint *fingerprint,
                gboolean *out_changed,
                GError **error)
{
  CnTriageInfo info = { 0 };
  TriageRow row;
  TriageRow old;

  *out_changed = FALSE;
  if (self->triage == NULL || !cn_triage_get_info (self->triage, id, &info))
    return TRUE; /* not indexed (deleted): nothing to store */

  row = triage_row_from_info (&info);
  old = get_triage_row (self->triage_rows, id);
  if (fingerprint == NULL && triage_row_equal (&row, &old))
    return TRUE;

  if ((fingerprint != NULL || request_part_differs (&row, &old)) &&
      !write_triage (self, id, &row, fingerprint, error))
    return FALSE;
  if (row.mass_sent && !persist_campaign (self, row.campaign_id, row.campaign_size, error))
    return FALSE;
  if (old.mass_sent && old.campaign_id != row.campaign_id)
    g_array_append_val (self->campaigns_left, old.campaign_id);

  set_triage_row (self->triage_rows, id, &row);
  *out_changed = !triage_row_equal (&row, &old);
  return TRUE;
}

/* Stores the results of the requests the index reported (but @skip_id,
 * deleted), and keeps in @changed only those whose stored results changed
 * (the index also reports the campaigns' dates, which are not stored). */
gboolean
_cn_store_persist_changed_triage (CnStore *self, GArray *changed, gint64 skip_id, GError **error)
{
  guint kept = 0;

  for (guint i = 0; i < changed->len; i++)
    {
      gint64 id = g_array_index (changed, gint64, i);
      gboolean really = FALSE;

      if (id != skip_id && !persist_triage (self, id, NULL, &really, error))
        return FALSE;
      if (really)
        g_array_index (changed, gint64, kept++) = id;
    }
  g_array_set_size (changed, kept);

  return delete_unused_campaigns (self, error);
}

gboolean
_cn_store_refresh_after_refusal (CnStore *self,
                                 gint64 requester_id,
                                 GArray *changed,
                                 GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  int rc;

  stmt = _cn_store_prepare (self,
                            "UPDATE request_triage SET after_refusal = 1 - after_refusal"
                            " WHERE request_id IN (SELECT id FROM requests WHERE requester_id = ?1)"
                            " AND after_refusal <> (repeated AND " AFTER_REFUSAL_SQL (
                                "request_triage.request_id") ")"
                                                             " RETURNING request_id",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, requester_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (changed, id);
    }

  if (rc != SQLITE_DONE)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return FALSE;
    }

  return TRUE;
}

gboolean
_cn_store_refresh_requesters (CnStore *self, GArray *requesters, GArray *changed, GError **error)
{
  g_autoptr(GHashTable) done = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < requesters->len; i++)
    {
      gint64 *id = &g_array_index (requesters, gint64, i);

      if (g_hash_table_add (done, id) &&
          !_cn_store_refresh_after_refusal (self, *id, changed, error))
        return FALSE;
    }

  return TRUE;
}

void
_cn_store_emit_triage_changes (CnStore *self, GArray *changed, gint64 except_id)
{
  g_autoptr(GArray) others = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  /* An id may be reported twice (by the index, then for its refusal flag). */
  for (guint i = 0; i < changed->len; i++)
    {
      gint64 *id = &g_array_index (changed, gint64, i);

      if (*id != except_id && g_hash_table_add (seen, id))
        g_array_append_val (others, *id);
    }

  if (others->len == 0)
    return;

  if (self->depth > 0)
    {
      self->requests_dirty = TRUE;
      return;
    }

  if (others->len > MAX_CHANGED_SIGNALS)
    {
      g_signal_emit (self, _cn_store_signals[CN_STORE_SIGNAL_TRIAGE_CHANGED], 0);
      return;
    }

  for (guint i = 0; i < others->len; i++)
    g_signal_emit (self, _cn_store_signals[CN_STORE_SIGNAL_REQUEST_CHANGED], 0,
                   g_array_index (others, gint64, i));
}

/* What is stored for one request, to compare with what the index finds. */
typedef struct
{
  gint64 id;
  gint64 campaign_id;
  gint64 campaign_size;
  gint64 repeat_count;
  guint has_row : 1;
  guint mass_sent : 1;
  guint repeated : 1;
  guint needs_fingerprint : 1;
} StoredTriage;

#define TRIAGE_BUILD_SELECT                                                                        \
  "SELECT r.id, r.requester_id, q.name, q.email, q.profile_url, r.target_id, c.name,"              \
  " r.received_at, r.status, t.fingerprint,"                                                       \
  " CASE WHEN ?1 OR t.fingerprint IS NULL OR length (t.fingerprint) <> ?2"                         \
  " THEN r.note_to_target END,"                                                                    \
  " t.request_id IS NOT NULL, t.campaign_id, cg.size, t.mass_sent, t.repeated,"                    \
  " t.repeat_count"                                                                                \
  " FROM requests r JOIN requesters q ON q.id = r.requester_id"                                    \
  " LEFT JOIN contacts c ON c.id = r.target_id"                                                    \
  " LEFT JOIN request_triage t ON t.request_id = r.id"                                             \
  " LEFT JOIN campaigns cg ON cg.id = t.campaign_id AND t.mass_sent"                               \
  " ORDER BY r.received_at, r.id"

static gboolean
stored_differs (const StoredTriage *stored, const CnTriageInfo *info)
{
  gint64 campaign_id = info->mass_sent ? MAX (info->campaign_id, 0) : 0;
  gint64 campaign_size = info->mass_sent ? info->campaign_size : 0;
  gint64 repeat_count = info->repeated ? info->repeat_count : 0;

  return !stored->has_row || stored->campaign_id != campaign_id ||
         stored->campaign_size != campaign_size || stored->mass_sent != !!info->mass_sent ||
         stored->repeated != !!info->repeated || stored->repeat_count != repeat_count;
}

/* The triage key of the requester in columns 1 to 4 of @stmt (id, name,
 * e-mail, profile URL), made once per requester and kept in @keys. */
static const char *
row_requester_key (GHashTable *keys, sqlite3_stmt *stmt)
{
  gint64 requester_id = sqlite3_column_int64 (stmt, 1);
  char *key = g_hash_table_lookup (keys, &requester_id);

  if (key != NULL)
    return key;
  key = cn_triage_requester_key ((const char *) sqlite3_column_text (stmt, 2),
                                 (const char *) sqlite3_column_text (stmt, 3),
                                 (const char *) sqlite3_column_text (stmt, 4));
  if (key == NULL)
    key = g_strdup_printf ("requester:%" G_GINT64_FORMAT, requester_id);
  g_hash_table_insert (keys, g_memdup2 (&requester_id, sizeof requester_id), key);
  return key;
}

/* Reads every request into a new index (the read half of a build, on any
 * connection to the database: the worker's too). @stored gets what is stored
 * for each request, in date order. */
static int
read_index (
    sqlite3 *db, CnTriage *triage, GArray *stored, gboolean recompute_all, guint *n_computed)
{
  g_autoptr(GHashTable) requester_keys = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  requester_keys = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  rc = sqlite3_prepare_v2 (db, TRIAGE_BUILD_SELECT, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;

  sqlite3_bind_int (stmt, 1, recompute_all);
  sqlite3_bind_int (stmt, 2, CN_FINGERPRINT_SIZE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *target = target_key (sqlite3_column_int64 (stmt, 5));
      CnTriageItem item = { 0 };
      StoredTriage row = { 0 };
      CnFingerprint fingerprint;
      const char *key;

      key = row_requester_key (requester_keys, stmt);

      row.id = sqlite3_column_int64 (stmt, 0);
      item.id = row.id;
      item.requester_key = key;
      item.target_key = target;
      item.target_name = (const char *) sqlite3_column_text (stmt, 6);
      item.requester_name = (const char *) sqlite3_column_text (stmt, 2);
      item.received_at = sqlite3_column_int64 (stmt, 7);
      item.status = CLAMP (sqlite3_column_int (stmt, 8), 0, CN_REQUEST_STATUS_LAST);
      if (sqlite3_column_type (stmt, 10) == SQLITE_NULL)
        {
          memcpy (fingerprint.data, sqlite3_column_blob (stmt, 9), CN_FINGERPRINT_SIZE);
          item.fingerprint = &fingerprint;
        }
      else
        {
          item.note_to_target = (const char *) sqlite3_column_text (stmt, 10);
          row.needs_fingerprint = TRUE;
          (*n_computed)++;
        }
      cn_triage_add (triage, &item, NULL);

      row.has_row = sqlite3_column_int (stmt, 11);
      row.campaign_id = sqlite3_column_int64 (stmt, 12);
      row.campaign_size = sqlite3_column_int64 (stmt, 13);
      row.mass_sent = sqlite3_column_int (stmt, 14) != 0;
      row.repeated = sqlite3_column_int (stmt, 15) != 0;
      row.repeat_count = sqlite3_column_int64 (stmt, 16);
      g_array_append_val (stored, row);
    }
  sqlite3_finalize (stmt);

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The write half of a build, on @db: stores the missing fingerprints and the
 * results that differ (their ids appended to @changed), rewrites the
 * campaigns table, and fills @rows (TriageRow by id) and @sizes (campaign id
 * → size). */
static int
write_index (
    sqlite3 *db, CnTriage *triage, GArray *stored, GArray *rows, GHashTable *sizes, GArray *changed)
{
  sqlite3_stmt *upsert = NULL;
  sqlite3_stmt *campaign = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  rc = sqlite3_prepare_v2 (db, TRIAGE_UPSERT, -1, &upsert, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < stored->len; i++)
    {
      const StoredTriage *row = &g_array_index (stored, StoredTriage, i);
      CnTriageInfo info = { 0 };
      CnFingerprint fingerprint;
      TriageRow values;
      gboolean differs;

      cn_triage_get_info (triage, row->id, &info);
      values = triage_row_from_info (&info);
      set_triage_row (rows, row->id, &values);
      if (values.mass_sent)
        g_hash_table_insert (sizes, g_memdup2 (&values.campaign_id, sizeof (gint64)),
                             GUINT_TO_POINTER (values.campaign_size));
      differs = stored_differs (row, &info);
      if (!differs && !row->needs_fingerprint)
        continue;

      bind_upsert (upsert, row->id, &values,
                   row->needs_fingerprint &&
                           cn_triage_get_fingerprint (triage, row->id, &fingerprint)
                       ? &fingerprint
                       : NULL);
      rc = sqlite3_step (upsert);
      sqlite3_reset (upsert);
      sqlite3_clear_bindings (upsert);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
      if (differs && changed != NULL)
        g_array_append_val (changed, row->id);
    }
  sqlite3_finalize (upsert);

  /* A few thousand rows at most: simpler rewritten than compared. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "DELETE FROM campaigns", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, CAMPAIGN_UPSERT, -1, &campaign, NULL);
  g_hash_table_iter_init (&iter, sizes);
  while (rc == SQLITE_OK && g_hash_table_iter_next (&iter, &key, &value))
    {
      sqlite3_bind_int64 (campaign, 1, *(gint64 *) key);
      sqlite3_bind_int64 (campaign, 2, GPOINTER_TO_UINT (value));
      rc = sqlite3_step (campaign);
      sqlite3_reset (campaign);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
  sqlite3_finalize (campaign);

  return rc;
}

static GHashTable *
new_campaign_sizes (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static GArray *
new_triage_rows (GArray *stored)
{
  gint64 max_id = 0;

  for (guint i = 0; i < stored->len; i++)
    max_id = MAX (max_id, g_array_index (stored, StoredTriage, i).id);

  return g_array_sized_new (FALSE, TRUE, sizeof (TriageRow), MIN (max_id + 1, G_MAXINT32));
}

/* Builds the index from the database: stored fingerprints are used as they
 * are; missing ones are computed and stored, and stored results that differ
 * from the index's are rewritten (their ids appended to @changed). Inside
 * the caller's atomic group. */
static gboolean
build_triage_locked (CnStore *self, GArray *changed, GError **error)
{
  g_autoptr(CnTriage) triage = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) stored = NULL;
  g_autoptr(GHashTable) sizes = NULL;
  gboolean recompute_all;
  gint64 start = g_get_monotonic_time ();
  gint64 read_end;
  guint n_computed = 0;
  int rc;

  triage = cn_triage_new (self->min_campaign_targets, self->repeat_window_days);
  stored = g_array_new (FALSE, FALSE, sizeof (StoredTriage));
  recompute_all = _cn_store_get_setting (self, SETTING_FINGERPRINT_VERSION, 0) !=
                  FINGERPRINT_VERSION;

  rc = read_index (self->db, triage, stored, recompute_all, &n_computed);
  read_end = g_get_monotonic_time ();
  if (rc == SQLITE_OK)
    {
      rows = new_triage_rows (stored);
      sizes = new_campaign_sizes ();
      rc = write_index (self->db, triage, stored, rows, sizes, changed);
    }
  if (rc != SQLITE_OK)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return FALSE;
    }

  if (recompute_all &&
      !_cn_store_set_setting (self, SETTING_FINGERPRINT_VERSION, FINGERPRINT_VERSION, error))
    return FALSE;

  g_debug ("Triage index of %u requests built in %.1f ms (read and indexed in %.1f ms; "
           "%u fingerprints computed)",
           stored->len, (g_get_monotonic_time () - start) / 1000.0, (read_end - start) / 1000.0,
           n_computed);
  g_clear_object (&self->triage);
  g_clear_pointer (&self->triage_rows, g_array_unref);
  g_clear_pointer (&self->campaign_sizes, g_hash_table_unref);
  self->triage = g_steal_pointer (&triage);
  self->triage_rows = g_steal_pointer (&rows);
  self->campaign_sizes = g_steal_pointer (&sizes);
  g_array_set_size (self->campaigns_left, 0);
  /* It read them all from the database. */
  g_array_set_size (self->triage_pending, 0);
  return TRUE;
}

/* The same in an atomic group of its own. */
static gboolean
build_triage (CnStore *self, GArray *changed, GError **error)
{
  if (!_cn_store_atomic_begin (self, error))
    return FALSE;

  if (!build_triage_locked (self, changed, error) || !_cn_store_atomic_commit (self, error))
    {
      _cn_store_atomic_rollback (self);
      _cn_store_drop_triage (self);
      return FALSE;
    }

  /* It holds what the caller's transaction wrote so far. */
  if (self->depth > 0)
    self->triage_touched_txn = TRUE;
  return TRUE;
}

/* Builds the index here and announces the results it changed. */
static gboolean
build_and_announce (CnStore *self, GError **error)
{
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!build_triage (self, changed, error))
    return FALSE;

  _cn_store_emit_triage_changes (self, changed, 0);
  return TRUE;
}

/* Building in the background (cn_store_prepare_triage_async()). Measured
 * with tests/bench/bench-store.c (100,000 requests, 1,500 planted campaigns,
 * fingerprints stored): opening takes 0.2-0.5 s (mostly PRAGMA quick_check)
 * and building the index 1.3-2.4 s on this machine, too long for the main
 * loop; so the app builds it in a worker, and the command line (which has no
 * main loop to keep alive) builds it on first need. The worker
 * reads a snapshot through a connection of its own and builds the index there;
 * then, holding the write lock, it stores what is missing only if the main
 * connection wrote nothing that matters since it started (the store's
 * triage_serial). The main thread adopts the index if still nothing changed;
 * otherwise it starts again. */
typedef struct
{
  guint min_campaign_targets;
  guint repeat_window_days;
  int serial;
  CnTriage *triage;
  GArray *rows;
  GHashTable *sizes;
  GArray *changed;
  gboolean stale;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_clear_object (&data->triage);
  g_clear_pointer (&data->rows, g_array_unref);
  g_clear_pointer (&data->sizes, g_hash_table_unref);
  g_clear_pointer (&data->changed, g_array_unref);
  g_free (data);
}

static void start_background_build (CnStore *self);

static gboolean
build_worker (
    GTask *task, CnStore *worker, gpointer task_data, GCancellable *cancellable, GError **error)
{
  CnStore *self = g_task_get_source_object (task);
  BuildData *data = task_data;
  g_autoptr(GArray) stored = g_array_new (FALSE, FALSE, sizeof (StoredTriage));
  g_autoptr(CnTriage) triage = NULL;
  sqlite3 *db = worker->db;
  gboolean recompute_all = TRUE;
  guint n_computed = 0;
  gint64 start = g_get_monotonic_time ();
  int rc;

  triage = cn_triage_new (data->min_campaign_targets, data->repeat_window_days);
  rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    {
      recompute_all = _cn_store_get_setting (worker, SETTING_FINGERPRINT_VERSION, 0) !=
                      FINGERPRINT_VERSION;
      rc = read_index (db, triage, stored, recompute_all, &n_computed);
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    }

  /* Store what is missing, unless the main connection wrote since. */
  if (rc == SQLITE_OK && !g_cancellable_is_cancelled (cancellable))
    rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  else if (rc == SQLITE_OK)
    data->stale = TRUE;
  if (rc == SQLITE_OK && !data->stale)
    {
      if (g_atomic_int_get (&self->triage_serial) != data->serial)
        {
          data->stale = TRUE;
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
        }
      else
        {
          data->rows = new_triage_rows (stored);
          data->sizes = new_campaign_sizes ();
          data->changed = g_array_new (FALSE, FALSE, sizeof (gint64));
          rc = write_index (db, triage, stored, data->rows, data->sizes, data->changed);
          if (rc == SQLITE_OK && recompute_all &&
              !_cn_store_set_setting (worker, SETTING_FINGERPRINT_VERSION, FINGERPRINT_VERSION,
                                      NULL))
            rc = sqlite3_extended_errcode (db);
          if (rc == SQLITE_OK)
            rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
          if (rc != SQLITE_OK && !sqlite3_get_autocommit (db))
            sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
        }
    }

  if (rc != SQLITE_OK)
    {
      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_FAILED,
                   _("Could not find the mass-sent and repeated requests in “%s”: %s."),
                      worker->path, sqlite3_errmsg (db));
      return FALSE;
    }

  g_debug ("Triage index of %u requests built in the background in %.1f ms (%u fingerprints "
           "computed%s)",
           stored->len, (g_get_monotonic_time () - start) / 1000.0, n_computed,
           data->stale ? ", stale" : "");
  data->triage = g_steal_pointer (&triage);
  return TRUE;
}

static void
on_build_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CnStore *self = CN_STORE (source);
  BuildData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->triage_waiting);

  self->triage_building = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      for (guint i = 0; i < waiting->len; i++)
        g_task_return_error (g_ptr_array_index (waiting, i), g_error_copy (error));
      return;
    }

  if (self->triage == NULL && !data->stale &&
      g_atomic_int_get (&self->triage_serial) == data->serial && self->depth == 0)
    {
      self->triage = g_steal_pointer (&data->triage);
      self->triage_rows = g_steal_pointer (&data->rows);
      self->campaign_sizes = g_steal_pointer (&data->sizes);
      g_array_set_size (self->campaigns_left, 0);
      if (data->changed->len > 0)
        g_signal_emit (self, _cn_store_signals[CN_STORE_SIGNAL_TRIAGE_CHANGED], 0);
    }

  if (self->triage == NULL)
    {
      /* Written to meanwhile: again, with the waiting callers. */
      self->triage_waiting = g_steal_pointer (&waiting);
      start_background_build (self);
      return;
    }

  for (guint i = 0; i < waiting->len; i++)
    g_task_return_boolean (g_ptr_array_index (waiting, i), TRUE);
}

static void
start_background_build (CnStore *self)
{
  g_autoptr(GTask) task = NULL;
  BuildData *data;

  if (self->triage_building)
    return;

  data = g_new0 (BuildData, 1);
  data->min_campaign_targets = self->min_campaign_targets;
  data->repeat_window_days = self->repeat_window_days;
  data->serial = g_atomic_int_get (&self->triage_serial);
  if (self->triage_waiting == NULL)
    self->triage_waiting = g_ptr_array_new_with_free_func (g_object_unref);

  self->triage_building = TRUE;
  task = g_task_new (self, NULL, on_build_done_cb, NULL);
  g_task_set_source_tag (task, start_background_build);
  g_task_set_task_data (task, data, (GDestroyNotify) build_data_free);
  _cn_store_run_in_worker (task, build_worker);
}

/* Builds the index when there is none; in the background once the app asked
 * for it (then the index stays missing meanwhile: writes go without it and
 * the build starts again to take them in). Call it before an atomic group
 * that writes requests: it may need one of its own. */
gboolean
_cn_store_ensure_triage_index (CnStore *self, GError **error)
{
  if (self->triage != NULL)
    return TRUE;

  if (self->triage_background)
    {
      start_background_build (self);
      return TRUE;
    }

  return build_and_announce (self, error);
}

gboolean
_cn_store_triage_add_request (CnStore *self,
                              gint64 id,
                              gint64 requester_id,
                              gint64 target_id,
                              gint64 received_at,
                              CnRequestStatus status,
                              const char *note_to_target,
                              GArray *changed,
                              GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  g_autofree char *key = NULL;
  g_autofree char *target = target_key (target_id);
  g_autofree char *target_name = NULL;
  g_autofree char *requester_name = NULL;
  CnTriageItem item = { 0 };
  CnFingerprint fingerprint;

  _cn_store_bump_triage_serial (self);

  /* Being built in the background: the build starts again and takes this
   * request in. */
  if (self->triage == NULL && self->triage_background)
    {
      start_background_build (self);
      return TRUE;
    }

  /* A requester's key changed (an e-mail learnt): the index was dropped, and
   * is rebuilt with this request in it. */
  if (self->triage == NULL)
    {
      if (!build_triage_locked (self, changed, error))
        return FALSE;
      _cn_store_touch_triage (self);
      return TRUE;
    }

  stmt = _cn_store_prepare (self, "SELECT name, email, profile_url FROM requesters WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, requester_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      requester_name = _cn_store_column_text (stmt, 0);
      key = cn_triage_requester_key (requester_name, (const char *) sqlite3_column_text (stmt, 1),
                                     (const char *) sqlite3_column_text (stmt, 2));
    }
  g_clear_pointer (&stmt, _cn_stmt_release);
  if (key == NULL)
    key = g_strdup_printf ("requester:%" G_GINT64_FORMAT, requester_id);

  if (target_id > 0)
    {
      stmt = _cn_store_prepare (self, "SELECT name FROM contacts WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, target_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        target_name = _cn_store_column_text (stmt, 0);
      g_clear_pointer (&stmt, _cn_stmt_release);
    }

  item.id = id;
  item.requester_key = key;
  item.target_key = target;
  item.received_at = received_at;
  item.status = status;
  item.note_to_target = note_to_target != NULL ? note_to_target : "";
  item.target_name = target_name;
  item.requester_name = requester_name;

  _cn_store_touch_triage (self);
  cn_triage_add (self->triage, &item, changed);

  {
    gboolean really;

    if (!cn_triage_get_fingerprint (self->triage, id, &fingerprint) ||
        !persist_triage (self, id, &fingerprint, &really, error))
      return FALSE;
  }

  return _cn_store_persist_changed_triage (self, changed, id, error);
}

/* Indexes the requests added in the current transaction, oldest first (an
 * import's requests then come in at the end of each requester's list, which
 * is the index's cheapest case), storing their fingerprints and what changed.
 * Inside the transaction. */
gboolean
_cn_store_index_pending (CnStore *self, GError **error)
{
  g_autoptr(GHashTable) pending = NULL;
  g_autoptr(GHashTable) requester_keys = NULL;
  g_autoptr(GHashTable) others = NULL;
  g_autoptr(GArray) changed = NULL;
  g_autoptr(GArray) reported = NULL;
  g_autoptr(CnStmt) stmt = NULL;
  gint64 min_id = G_MAXINT64;
  gint64 start = g_get_monotonic_time ();
  int rc;

  if (self->triage_pending->len == 0)
    return TRUE;
  if (self->triage == NULL)
    {
      /* Built in the background: the build takes them in. */
      g_array_set_size (self->triage_pending, 0);
      return TRUE;
    }

  pending = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < self->triage_pending->len; i++)
    {
      gint64 *id = &g_array_index (self->triage_pending, gint64, i);

      g_hash_table_add (pending, id);
      min_id = MIN (min_id, *id);
    }
  requester_keys = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  reported = g_array_new (FALSE, FALSE, sizeof (gint64));
  others = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  stmt =
      _cn_store_prepare (self,
                         "SELECT r.id, r.requester_id, q.name, q.email, q.profile_url, r.target_id,"
                         " c.name, r.received_at, r.status, r.note_to_target"
                         " FROM requests r JOIN requesters q ON q.id = r.requester_id"
                         " LEFT JOIN contacts c ON c.id = r.target_id"
                         " WHERE r.id >= ?1 ORDER BY r.received_at, r.id",
                         error);
  if (stmt == NULL)
    return FALSE;

  _cn_store_touch_triage (self);
  sqlite3_bind_int64 (stmt, 1, min_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autofree char *target = NULL;
      CnTriageItem item = { 0 };
      CnFingerprint fingerprint;
      const char *key;
      gboolean really;

      if (!g_hash_table_contains (pending, &id))
        continue;

      key = row_requester_key (requester_keys, stmt);

      target = target_key (sqlite3_column_int64 (stmt, 5));
      item.id = id;
      item.requester_key = key;
      item.requester_name = (const char *) sqlite3_column_text (stmt, 2);
      item.target_key = target;
      item.target_name = (const char *) sqlite3_column_text (stmt, 6);
      item.received_at = sqlite3_column_int64 (stmt, 7);
      item.status = CLAMP (sqlite3_column_int (stmt, 8), 0, CN_REQUEST_STATUS_LAST);
      item.note_to_target = (const char *) sqlite3_column_text (stmt, 9);

      cn_triage_add (self->triage, &item, reported);
      if (!cn_triage_get_fingerprint (self->triage, id, &fingerprint) ||
          !persist_triage (self, id, &fingerprint, &really, error))
        return FALSE;
      /* The others are stored once, at the end: a copy joining a big
       * campaign changes every member, again and again. */
      for (guint i = 0; i < reported->len; i++)
        {
          gint64 *other = &g_array_index (reported, gint64, i);

          if (g_hash_table_contains (others, other))
            continue;
          g_hash_table_add (others, g_memdup2 (other, sizeof *other));
          g_array_append_val (changed, *other);
        }
      g_array_set_size (reported, 0);
    }
  g_clear_pointer (&stmt, _cn_stmt_release);

  if (rc == SQLITE_DONE && !_cn_store_persist_changed_triage (self, changed, 0, error))
    return FALSE;

  if (rc != SQLITE_DONE)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return FALSE;
    }

  g_debug ("Triage: %u requests added in a transaction indexed in %.1f ms",
           self->triage_pending->len, (g_get_monotonic_time () - start) / 1000.0);
  g_array_set_size (self->triage_pending, 0);
  return TRUE;
}

/* Builds the index when there is none, and indexes what the current
 * transaction added: before anything reads or changes the index. */
gboolean
_cn_store_ensure_triage (CnStore *self, GError **error)
{
  if (!_cn_store_ensure_triage_index (self, error))
    return FALSE;

  if (self->triage_pending->len == 0)
    return TRUE;

  if (!_cn_store_atomic_begin (self, error))
    return FALSE;
  if (!_cn_store_index_pending (self, error) || !_cn_store_atomic_commit (self, error))
    {
      _cn_store_atomic_rollback (self);
      return FALSE;
    }

  return TRUE;
}

void
_cn_store_read_triage_summary (CnStore *self, CnRequest *request)
{
  g_autoptr(CnStmt) stmt = NULL;

  stmt =
      _cn_store_prepare (self,
                         "SELECT t.campaign_id, cg.size, t.mass_sent, t.repeated, t.repeat_count,"
                         " t.after_refusal FROM request_triage t"
                         " LEFT JOIN campaigns cg ON cg.id = t.campaign_id AND t.mass_sent"
                         " WHERE t.request_id = ?1",
                         NULL);
  if (stmt == NULL)
    return;

  sqlite3_bind_int64 (stmt, 1, cn_request_get_id (request));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return;

  cn_request_set_triage_summary (request, sqlite3_column_int64 (stmt, 0),
                                 (guint) MAX (sqlite3_column_int64 (stmt, 1), 0),
                                 sqlite3_column_int (stmt, 2), sqlite3_column_int (stmt, 3),
                                 (guint) MAX (sqlite3_column_int64 (stmt, 4), 0),
                                 sqlite3_column_int (stmt, 5));
}

/* Public API */

gboolean
cn_store_update_triage (CnStore *self, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  if (self->triage != NULL)
    return _cn_store_ensure_triage (self, error);

  return build_and_announce (self, error);
}

void
cn_store_prepare_triage_async (CnStore *self,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CN_IS_STORE (self));

  self->triage_background = TRUE;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cn_store_prepare_triage_async);
  if (self->triage != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (self->triage_waiting == NULL)
    self->triage_waiting = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->triage_waiting, g_steal_pointer (&task));
  start_background_build (self);
}

void
cn_store_set_triage_in_background (CnStore *self)
{
  g_return_if_fail (CN_IS_STORE (self));

  self->triage_background = TRUE;
}

gboolean
cn_store_prepare_triage_finish (CnStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cn_store_is_triage_ready (CnStore *self)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  return self->triage != NULL;
}

gboolean
cn_store_set_triage_settings (CnStore *self,
                              guint min_campaign_targets,
                              guint repeat_window_days,
                              GError **error)
{
  g_autoptr(GArray) changed = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (min_campaign_targets >= 2, FALSE);
  g_return_val_if_fail (repeat_window_days <= 36500, FALSE);

  if (min_campaign_targets == self->min_campaign_targets &&
      repeat_window_days == self->repeat_window_days)
    return TRUE;

  if (!_cn_store_atomic_begin (self, error))
    return FALSE;
  if (!_cn_store_set_setting (self, SETTING_MIN_CAMPAIGN_TARGETS, min_campaign_targets, error) ||
      !_cn_store_set_setting (self, SETTING_REPEAT_WINDOW_DAYS, repeat_window_days, error) ||
      !_cn_store_atomic_commit (self, error))
    {
      _cn_store_atomic_rollback (self);
      return FALSE;
    }

  self->min_campaign_targets = min_campaign_targets;
  self->repeat_window_days = repeat_window_days;
  _cn_store_bump_triage_serial (self);
  _cn_store_drop_triage (self);
  if (self->triage_background)
    {
      /* "triage-changed" when the new results are stored. */
      start_background_build (self);
      return TRUE;
    }

  /* Rebuilding compares every stored result with the new ones. */
  changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!build_triage (self, changed, error))
    return FALSE;

  if (changed->len > 0)
    {
      if (self->depth > 0)
        self->requests_dirty = TRUE;
      else
        g_signal_emit (self, _cn_store_signals[CN_STORE_SIGNAL_TRIAGE_CHANGED], 0);
    }
  return TRUE;
}

void
cn_store_get_triage_settings (CnStore *self,
                              guint *out_min_campaign_targets,
                              guint *out_repeat_window_days)
{
  g_return_if_fail (CN_IS_STORE (self));

  if (out_min_campaign_targets != NULL)
    *out_min_campaign_targets = self->min_campaign_targets;
  if (out_repeat_window_days != NULL)
    *out_repeat_window_days = self->repeat_window_days;
}

GArray *
cn_store_list_campaign_requests (CnStore *self, gint64 campaign_id, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  /* "campaign_id > 0" lets SQLite use the partial index. */
  return _cn_store_list_ids (self,
                             "SELECT r.id FROM request_triage t JOIN requests r ON r.id = "
                             "t.request_id"
                             " WHERE t.campaign_id = ?1 AND t.campaign_id > 0"
                             " ORDER BY r.received_at, r.id",
                             campaign_id, error);
}

GArray *
cn_store_list_repeat_of (CnStore *self, gint64 request_id, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  if (!_cn_store_ensure_triage (self, error))
    return NULL;

  /* Still being built in the background: "triage-changed" will follow. */
  if (self->triage == NULL)
    return g_array_new (FALSE, FALSE, sizeof (gint64));

  return cn_triage_list_repeat_of (self->triage, request_id);
}

CnCampaign *
cn_campaign_copy (const CnCampaign *campaign)
{
  CnCampaign *copy;

  g_return_val_if_fail (campaign != NULL, NULL);

  copy = g_memdup2 (campaign, sizeof *campaign);
  copy->sample_note = g_strdup (campaign->sample_note);
  copy->requester_names = g_strdup (campaign->requester_names);
  return copy;
}

void
cn_campaign_free (CnCampaign *campaign)
{
  if (campaign == NULL)
    return;

  g_free (campaign->sample_note);
  g_free (campaign->requester_names);
  g_free (campaign);
}

G_DEFINE_BOXED_TYPE (CnCampaign, cn_campaign, cn_campaign_copy, cn_campaign_free)

static int
compare_campaigns (gconstpointer a, gconstpointer b)
{
  const CnCampaign *ca = *(const CnCampaign *const *) a;
  const CnCampaign *cb = *(const CnCampaign *const *) b;

  if (ca->size != cb->size)
    return ca->size > cb->size ? -1 : 1;
  if (ca->last_at != cb->last_at)
    return ca->last_at > cb->last_at ? -1 : 1;
  return ca->id < cb->id ? -1 : ca->id > cb->id;
}

GPtrArray *
cn_store_list_campaigns (CnStore *self, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GString) joined = NULL;
  CnCampaign *current = NULL;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  /* One pass over the mass-sent requests (partial index), grouped here: the
   * names keep their order and may hold any character. */
  stmt = _cn_store_prepare (self,
                            "SELECT t.campaign_id, cg.size, r.status, r.received_at, q.name,"
                            " r.note_to_target"
                            " FROM request_triage t JOIN requests r ON r.id = t.request_id"
                            " JOIN requesters q ON q.id = r.requester_id"
                            " LEFT JOIN campaigns cg ON cg.id = t.campaign_id"
                            " WHERE t.campaign_id > 0"
                            " ORDER BY t.campaign_id, r.received_at, r.id",
                            error);
  if (stmt == NULL)
    return NULL;

  campaigns = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_campaign_free);
  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  joined = g_string_new (NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 campaign_id = sqlite3_column_int64 (stmt, 0);
      CnRequestStatus status = sqlite3_column_int (stmt, 2);
      gint64 received_at = sqlite3_column_int64 (stmt, 3);
      const char *name = (const char *) sqlite3_column_text (stmt, 4);

      if (current == NULL || current->id != campaign_id)
        {
          if (current != NULL)
            current->requester_names = g_strdup (joined->str);
          g_hash_table_remove_all (names);
          g_string_truncate (joined, 0);

          current = g_new0 (CnCampaign, 1);
          current->id = campaign_id;
          current->first_at = received_at;
          current->sample_note = _cn_store_column_text (stmt, 5);
          g_ptr_array_add (campaigns, current);
        }

      current->size = MAX (current->size, (guint) sqlite3_column_int64 (stmt, 1));
      current->n_requests++;
      if (status == CN_REQUEST_STATUS_NEW || status == CN_REQUEST_STATUS_ASKED ||
          status == CN_REQUEST_STATUS_READY)
        current->n_open++;
      current->last_at = MAX (current->last_at, received_at);

      if (name != NULL && !g_hash_table_contains (names, name))
        {
          g_hash_table_add (names, g_strdup (name));
          if (joined->len > 0)
            g_string_append (joined, ", ");
          g_string_append (joined, name);
        }
    }
  if (current != NULL)
    current->requester_names = g_strdup (joined->str);

  if (rc != SQLITE_DONE)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return NULL;
    }

  g_ptr_array_sort (campaigns, compare_campaigns);
  return g_steal_pointer (&campaigns);
}
