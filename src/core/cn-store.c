/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "cn-store-private.h"

#define BUSY_TIMEOUT_MS 5000

G_DEFINE_FINAL_TYPE (CnStore, cn_store, G_TYPE_OBJECT)

/* clang-format off */
G_DEFINE_QUARK (cn-store-error-quark, cn_store_error)
/* clang-format on */

guint _cn_store_signals[CN_STORE_N_SIGNALS];

/* Helpers */

void
_cn_store_set_sqlite_error (CnStore *self, int rc, GError **error)
{
  const char *reason = sqlite3_errmsg (self->db);
  int system_errno = self->db != NULL ? sqlite3_system_errno (self->db) : 0;

  /* A full disk met outside the main file (the -shm index, a temporary
   * file) comes back as an I/O error: say what it is. */
  if ((rc & 0xff) == SQLITE_IOERR &&
      (system_errno == ENOSPC || system_errno == EDQUOT || rc == SQLITE_IOERR_SHMSIZE))
    rc = SQLITE_FULL;

  switch (rc)
    {
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT,
                           _("The change refers to a contact, requester or request "
                             "that does not exist."));
      return;
    case SQLITE_CONSTRAINT_CHECK:
      g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT,
                           _("A value is outside the allowed range (for example an "
                             "unknown status or availability)."));
      return;
    case SQLITE_CONSTRAINT_NOTNULL:
      g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT,
                           _("A required field is empty."));
      return;
    case SQLITE_CONSTRAINT_UNIQUE:
      g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT,
                           _("This entry is already recorded."));
      return;
    default:
      break;
    }

  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT,
                   _("The change was refused because it breaks a rule of the "
                     "database: %s."),
                      reason);
      break;
    case SQLITE_FULL:
      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_FULL,
                   _("Could not save to “%s”: the disk is full. Free some space "
                     "and try again."),
                      self->display_name);
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_OPEN,
                   _("Could not open “%s”: the file cannot be created or read. "
                     "Check that you may write to its folder."),
                      self->display_name);
      break;
    case SQLITE_READONLY:
      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_OPEN,
                   _("Could not write to “%s”: the file is read-only. Check its "
                     "permissions."),
                      self->display_name);
      break;
    case SQLITE_NOTADB:
      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CORRUPT,
                   _("“%s” is not a Connecteur database (it is not an SQLite "
                     "database at all). It was left untouched."),
                      self->display_name);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged and cannot be read safely. It was left "
                     "untouched; restore it from a backup."),
                      self->display_name);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_FAILED,
                   _("“%s” is in use by another program. Close it and try again."),
                      self->display_name);
      break;
    case SQLITE_IOERR:
      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_FAILED,
                   _("Could not read or write “%s”: %s."), self->display_name, reason);
      break;
    default:
      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_FAILED,
                   _("Database error in “%s”: %s."), self->display_name, reason);
      break;
    }
}

/* Like _cn_store_set_sqlite_error(), with a precise message for a missing reference. */
void
_cn_store_set_sqlite_error_fk (CnStore *self, int rc, const char *fk_message, GError **error)
{
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT, fk_message);
  else
    _cn_store_set_sqlite_error (self, rc, error);
}

gboolean
_cn_store_exec (CnStore *self, const char *sql, GError **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return FALSE;
    }

  return TRUE;
}

CnStmt *
_cn_store_prepare (CnStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _cn_store_set_sqlite_error (self, rc, error);
      return NULL;
    }

  /* Keys are string literals, so they outlive the table. */
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

/* Text goes to SQLite with its exact byte length: no escaping, no
 * interpretation, and bytes that are not valid UTF-8 survive. */
void
_cn_store_bind_text (CnStmt *stmt, int index, const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text64 (stmt, index, text, strlen (text), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void
_cn_store_bind_id (CnStmt *stmt, int index, gint64 id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

char *
_cn_store_column_text (CnStmt *stmt, int column)
{
  const unsigned char *text;
  int len;
  char *copy;

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;

  text = sqlite3_column_text (stmt, column);
  len = sqlite3_column_bytes (stmt, column);
  copy = g_malloc (len + 1);
  if (text != NULL)
    memcpy (copy, text, len);
  else
    len = 0;
  copy[len] = '\0';

  return copy;
}

/* Runs a statement that returns no row. */
gboolean
_cn_store_step_done (CnStore *self, CnStmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return FALSE;
    }

  return TRUE;
}

/* Runs a one-off query returning one integer (PRAGMAs while opening). */
int
_cn_store_query_int (CnStore *self, const char *sql, int *out_value)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out_value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);

  return rc == SQLITE_OK ? SQLITE_OK : sqlite3_extended_errcode (self->db);
}

/* Announces what an outermost transaction changed. Flags are cleared first:
 * a handler may well start a new transaction. */
static void
emit_pending (CnStore *self)
{
  gboolean contacts = self->contacts_dirty;
  gboolean requests = self->requests_dirty;

  self->contacts_dirty = FALSE;
  self->requests_dirty = FALSE;

  if (contacts)
    g_signal_emit (self, _cn_store_signals[CN_STORE_SIGNAL_CONTACTS_CHANGED], 0);
  if (requests)
    g_signal_emit (self, _cn_store_signals[CN_STORE_SIGNAL_RELOADED], 0);
}

/* Something the index depends on was written: a background build that
 * started before must not be adopted. */
void
_cn_store_bump_triage_serial (CnStore *self)
{
  g_atomic_int_inc (&self->triage_serial);
}

/* The index may hold what a rollback took back from the database: drop it,
 * the next use rebuilds it from what is stored. */
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

static void
forget_transaction (CnStore *self)
{
  g_array_set_size (self->triage_pending, 0);
  if (self->triage_touched_txn)
    _cn_store_drop_triage (self);
  self->depth = 0;
  self->contacts_dirty = FALSE;
  self->requests_dirty = FALSE;
}

/* Atomic groups of statements inside one public call. Inside a caller's
 * transaction they use a savepoint, so a failed call (a duplicate in an
 * import, say) undoes only itself. */
gboolean
_cn_store_atomic_begin (CnStore *self, GError **error)
{
  self->triage_touched_op = FALSE;
  return _cn_store_exec (self, self->depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT cn_atomic", error);
}

void
_cn_store_atomic_rollback (CnStore *self)
{
  if (sqlite3_get_autocommit (self->db))
    {
      /* SQLite already undid the whole transaction (disk full, I/O error):
       * the caller's outer transaction is gone as well. */
      if (self->depth > 0)
        forget_transaction (self);
      else if (self->triage_touched_op)
        _cn_store_drop_triage (self);
      return;
    }

  if (self->triage_touched_op)
    _cn_store_drop_triage (self);

  if (self->depth == 0)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  else
    sqlite3_exec (self->db, "ROLLBACK TO cn_atomic; RELEASE cn_atomic", NULL, NULL, NULL);
}

/* On failure the caller still calls _cn_store_atomic_rollback(). */
gboolean
_cn_store_atomic_commit (CnStore *self, GError **error)
{
  if (!_cn_store_exec (self, self->depth == 0 ? "COMMIT" : "RELEASE cn_atomic", error))
    return FALSE;

  self->triage_touched_op = FALSE;
  if (self->depth == 0)
    self->triage_touched_txn = FALSE;
  return TRUE;
}

/* After a write of requests: signal now, or at the outermost commit. */
void
_cn_store_request_written (CnStore *self, guint signal_id, gint64 id)
{
  if (self->depth > 0)
    self->requests_dirty = TRUE;
  else
    g_signal_emit (self, _cn_store_signals[signal_id], 0, id);
}

void
_cn_store_contacts_written (CnStore *self)
{
  if (self->depth > 0)
    self->contacts_dirty = TRUE;
  else
    g_signal_emit (self, _cn_store_signals[CN_STORE_SIGNAL_CONTACTS_CHANGED], 0);
}

/* Opening */

/* Whether a first read works (a read-only WAL file may fail it). */
static gboolean
can_read (sqlite3 *db)
{
  return sqlite3_exec (db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) == SQLITE_OK;
}

static gboolean
open_connection (CnStore *self, GError **error)
{
  g_autofree char *folder = g_path_get_dirname (self->path);
  int rc;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display_folder = g_filename_display_name (folder);

      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_OPEN,
                   _("Could not create the folder “%s” for the database: %s."), display_folder,
                      g_strerror (saved_errno));
      return FALSE;
    }

  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (self->db == NULL)
    {
      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_FAILED,
                   _("Could not open “%s”: out of memory."), self->display_name);
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, 1);
  if (rc != SQLITE_OK)
    {
      _cn_store_set_sqlite_error (self, rc, error);
      return FALSE;
    }

  /* A file we may not write is still read: every change then fails with
   * the read-only message. Asked for as read-only, SQLite reads a WAL file
   * even where it cannot create the -shm index beside it. */
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      sqlite3_close (self->db);
      self->db = NULL;
      self->read_only = TRUE;
      rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READONLY, NULL);
      if (self->db == NULL)
        {
          g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_FAILED,
                       _("Could not open “%s”: out of memory."), self->display_name);
          return FALSE;
        }
      sqlite3_extended_result_codes (self->db, 1);
      if (rc == SQLITE_OK && !can_read (self->db))
        {
          /* Its -wal and -shm can neither be found nor created beside it (a
           * folder we may not write): read it as a file nobody changes. */
          g_autofree char *escaped = g_uri_escape_string (self->path, "/", FALSE);
          g_autofree char *uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);

          sqlite3_close (self->db);
          self->db = NULL;
          rc = sqlite3_open_v2 (uri, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
          if (self->db == NULL)
            {
              g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_FAILED,
                           _("Could not open “%s”: out of memory."), self->display_name);
              return FALSE;
            }
          sqlite3_extended_result_codes (self->db, 1);
        }
      if (rc != SQLITE_OK)
        {
          _cn_store_set_sqlite_error (self, rc, error);
          return FALSE;
        }
    }

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  return TRUE;
}

gboolean
_cn_store_configure_connection (CnStore *self, GError **error)
{
  /* The journal mode is written in the file: a read-only one keeps its own. */
  if (self->read_only)
    return _cn_store_exec (self, "PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384;", error);
  return _cn_store_exec (self,
                         "PRAGMA journal_mode = WAL;"
                         "PRAGMA synchronous = NORMAL;"
                         "PRAGMA foreign_keys = ON;"
                         /* 16 MB: the indexes of 100,000 requests stay in memory. */
                         "PRAGMA cache_size = -16384;",
                         error);
}

/* Triage */

/* Bumped when the fingerprint changes meaning: stored ones are recomputed. */
#ifdef CN_FINGERPRINT_VERSION
#define FINGERPRINT_VERSION CN_FINGERPRINT_VERSION
#else
#define FINGERPRINT_VERSION 1
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

gint64
_cn_store_get_setting (CnStore *self, const char *key, gint64 fallback)
{
  g_autoptr(CnStmt)
                 stmt = _cn_store_prepare (self, "SELECT value FROM settings WHERE key = ?1", NULL);

  if (stmt == NULL)
    return fallback;

  _cn_store_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) != SQLITE_INTEGER)
    return fallback;

  return sqlite3_column_int64 (stmt, 0);
}

gboolean
_cn_store_set_setting (CnStore *self, const char *key, gint64 value, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  stmt = _cn_store_prepare (self, "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
                            error);
  if (stmt == NULL)
    return FALSE;

  _cn_store_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, value);
  return _cn_store_step_done (self, stmt, error);
}

/* A text setting (the mail account's), or NULL when not set. */
char *
_cn_store_get_text_setting (CnStore *self, const char *key)
{
  g_autoptr(CnStmt)
                 stmt = _cn_store_prepare (self, "SELECT value FROM settings WHERE key = ?1", NULL);

  if (stmt == NULL)
    return NULL;

  _cn_store_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* @value NULL removes the setting. */
gboolean
_cn_store_set_text_setting (CnStore *self, const char *key, const char *value, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  if (value == NULL)
    stmt = _cn_store_prepare (self, "DELETE FROM settings WHERE key = ?1", error);
  else
    stmt = _cn_store_prepare (self, "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
                              error);
  if (stmt == NULL)
    return FALSE;

  _cn_store_bind_text (stmt, 1, key);
  if (value != NULL)
    _cn_store_bind_text (stmt, 2, value);
  return _cn_store_step_done (self, stmt, error);
}

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

/* The index changed: a rollback of the current atomic group or transaction
 * must drop it. */
void
_cn_store_touch_triage (CnStore *self)
{
  self->triage_touched_op = TRUE;
  self->triage_touched_txn = TRUE;
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

/* A status change of a request of @requester_id may change which of their
 * requests come after a refusal; appends those whose flag changed. */
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

/* _cn_store_refresh_after_refusal() for each distinct requester of @requesters. */
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

/* Announces the requests (but @except_id) whose results changed. */
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
      gint64 requester_id = sqlite3_column_int64 (stmt, 1);
      g_autofree char *target = target_key (sqlite3_column_int64 (stmt, 5));
      CnTriageItem item = { 0 };
      StoredTriage row = { 0 };
      CnFingerprint fingerprint;
      const char *key;

      key = g_hash_table_lookup (requester_keys, &requester_id);
      if (key == NULL)
        {
          char *new_key = cn_triage_requester_key ((const char *) sqlite3_column_text (stmt, 2),
                                                   (const char *) sqlite3_column_text (stmt, 3),
                                                   (const char *) sqlite3_column_text (stmt, 4));

          if (new_key == NULL)
            new_key = g_strdup_printf ("requester:%" G_GINT64_FORMAT, requester_id);
          key = new_key;
          g_hash_table_insert (requester_keys, g_memdup2 (&requester_id, sizeof requester_id),
                               new_key);
        }

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

/* Building in the background (cn_store_prepare_triage_async()). Measured
 * with tests/bench/bench-store.c (100,000 requests, 1,500 planted campaigns,
 * fingerprints stored): opening takes 0.2-0.5 s (mostly PRAGMA quick_check)
 * and building the index 1.3-2.4 s on this machine, too long for the main
 * loop; so the app builds it in a worker, and the command line (which has no
 * main loop to keep alive) builds it on first need. The worker
 * reads a snapshot through its own connection and builds the index there;
 * then, holding the write lock, it stores what is missing only if the main
 * connection wrote nothing that matters since it started (the store's
 * triage_serial). The main thread adopts the index if still nothing changed;
 * otherwise it starts again. */
typedef struct
{
  char *path;
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
  g_free (data->path);
  g_clear_object (&data->triage);
  g_clear_pointer (&data->rows, g_array_unref);
  g_clear_pointer (&data->sizes, g_hash_table_unref);
  g_clear_pointer (&data->changed, g_array_unref);
  g_free (data);
}

static void start_background_build (CnStore *self);

static void
build_worker (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  CnStore *self = source_object;
  BuildData *data = task_data;
  g_autoptr(GArray) stored = g_array_new (FALSE, FALSE, sizeof (StoredTriage));
  g_autoptr(CnTriage) triage = NULL;
  sqlite3 *db = NULL;
  gboolean recompute_all = TRUE;
  guint n_computed = 0;
  gint64 start = g_get_monotonic_time ();
  int rc;

  triage = cn_triage_new (data->min_campaign_targets, data->repeat_window_days);
  rc = sqlite3_open_v2 (data->path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      rc = sqlite3_exec (db, "PRAGMA foreign_keys = ON; BEGIN", NULL, NULL, NULL);
    }
  if (rc == SQLITE_OK)
    {
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (db, "SELECT value FROM settings WHERE key = ?1", -1, &stmt, NULL) ==
          SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, SETTING_FINGERPRINT_VERSION, -1, SQLITE_STATIC);
          recompute_all = sqlite3_step (stmt) != SQLITE_ROW ||
                          sqlite3_column_int64 (stmt, 0) != FINGERPRINT_VERSION;
        }
      sqlite3_finalize (stmt);
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
          if (rc == SQLITE_OK && recompute_all)
            {
              g_autofree char *sql =
                  g_strdup_printf ("INSERT OR REPLACE INTO settings (key, value) VALUES ('%s', %d)",
                                   SETTING_FINGERPRINT_VERSION, FINGERPRINT_VERSION);

              rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
            }
          if (rc == SQLITE_OK)
            rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
          if (rc != SQLITE_OK && !sqlite3_get_autocommit (db))
            sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
        }
    }

  if (rc != SQLITE_OK)
    {
      g_task_return_new_error (task, CN_STORE_ERROR, CN_STORE_ERROR_FAILED,
                               _("Could not find the mass-sent and repeated requests in “%s”: "
                                 "%s."),
                                  data->path,
                                  db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close_v2 (db);
      return;
    }

  g_debug ("Triage index of %u requests built in the background in %.1f ms (%u fingerprints "
           "computed%s)",
           stored->len, (g_get_monotonic_time () - start) / 1000.0, n_computed,
           data->stale ? ", stale" : "");
  sqlite3_close_v2 (db);
  data->triage = g_steal_pointer (&triage);
  g_task_return_boolean (task, TRUE);
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
  data->path = g_strdup (self->path);
  data->min_campaign_targets = self->min_campaign_targets;
  data->repeat_window_days = self->repeat_window_days;
  data->serial = g_atomic_int_get (&self->triage_serial);
  if (self->triage_waiting == NULL)
    self->triage_waiting = g_ptr_array_new_with_free_func (g_object_unref);

  self->triage_building = TRUE;
  task = g_task_new (self, NULL, on_build_done_cb, NULL);
  g_task_set_source_tag (task, start_background_build);
  g_task_set_task_data (task, data, (GDestroyNotify) build_data_free);
  g_task_run_in_thread (task, build_worker);
}

/* Builds the index when there is none; in the background once the app asked
 * for it (then the index stays missing meanwhile: writes go without it and
 * the build starts again to take them in). Call it before an atomic group
 * that writes requests: it may need one of its own. */
gboolean
_cn_store_ensure_triage_index (CnStore *self, GError **error)
{
  g_autoptr(GArray) changed = NULL;

  if (self->triage != NULL)
    return TRUE;

  if (self->triage_background)
    {
      start_background_build (self);
      return TRUE;
    }

  changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!build_triage (self, changed, error))
    return FALSE;

  _cn_store_emit_triage_changes (self, changed, 0);
  return TRUE;
}

/* Indexes a request just inserted, and stores its fingerprint and the
 * results of every request that changed (appended to @changed). */
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
      gint64 requester_id = sqlite3_column_int64 (stmt, 1);
      g_autofree char *target = NULL;
      CnTriageItem item = { 0 };
      CnFingerprint fingerprint;
      const char *key;
      gboolean really;

      if (!g_hash_table_contains (pending, &id))
        continue;

      key = g_hash_table_lookup (requester_keys, &requester_id);
      if (key == NULL)
        {
          char *new_key = cn_triage_requester_key ((const char *) sqlite3_column_text (stmt, 2),
                                                   (const char *) sqlite3_column_text (stmt, 3),
                                                   (const char *) sqlite3_column_text (stmt, 4));

          if (new_key == NULL)
            new_key = g_strdup_printf ("requester:%" G_GINT64_FORMAT, requester_id);
          key = new_key;
          g_hash_table_insert (requester_keys, g_memdup2 (&requester_id, sizeof requester_id),
                               new_key);
        }

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

/* Gives @request the triage results stored for it. */
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

/* GObject */

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
cn_store_finalize (GObject *object)
{
  CnStore *self = (CnStore *) object;

  /* Statements must be finalized before the connection can close. */
  g_clear_pointer (&self->statements, g_hash_table_destroy);
  if (self->db != NULL)
    {
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_free (self->path);
  g_free (self->display_name);
  g_free (self->analyzer_version);
  g_clear_object (&self->triage);
  g_clear_pointer (&self->triage_rows, g_array_unref);
  g_clear_pointer (&self->triage_waiting, g_ptr_array_unref);
  g_clear_pointer (&self->triage_pending, g_array_unref);
  g_clear_pointer (&self->campaign_sizes, g_hash_table_unref);
  g_clear_pointer (&self->campaigns_left, g_array_unref);

  G_OBJECT_CLASS (cn_store_parent_class)->finalize (object);
}

static void
cn_store_class_init (CnStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cn_store_finalize;

  _cn_store_signals[CN_STORE_SIGNAL_REQUEST_ADDED] = g_signal_new ("request-added",
                                                                   G_TYPE_FROM_CLASS (klass),
                                                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                                                   NULL, G_TYPE_NONE, 1,
                                                                   G_TYPE_INT64);
  _cn_store_signals[CN_STORE_SIGNAL_REQUEST_CHANGED] = g_signal_new ("request-changed",
                                                                     G_TYPE_FROM_CLASS (klass),
                                                                     G_SIGNAL_RUN_LAST, 0, NULL,
                                                                     NULL, NULL, G_TYPE_NONE, 1,
                                                                     G_TYPE_INT64);
  _cn_store_signals[CN_STORE_SIGNAL_REQUEST_REMOVED] = g_signal_new ("request-removed",
                                                                     G_TYPE_FROM_CLASS (klass),
                                                                     G_SIGNAL_RUN_LAST, 0, NULL,
                                                                     NULL, NULL, G_TYPE_NONE, 1,
                                                                     G_TYPE_INT64);
  _cn_store_signals[CN_STORE_SIGNAL_CONTACTS_CHANGED] = g_signal_new ("contacts-changed",
                                                                      G_TYPE_FROM_CLASS (klass),
                                                                      G_SIGNAL_RUN_LAST, 0, NULL,
                                                                      NULL, NULL, G_TYPE_NONE, 0);
  _cn_store_signals[CN_STORE_SIGNAL_RELOADED] = g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass),
                                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                                              NULL, G_TYPE_NONE, 0);
  _cn_store_signals[CN_STORE_SIGNAL_ANALYSES_CHANGED] = g_signal_new ("analyses-changed",
                                                                      G_TYPE_FROM_CLASS (klass),
                                                                      G_SIGNAL_RUN_LAST, 0, NULL,
                                                                      NULL, NULL, G_TYPE_NONE, 0);
  _cn_store_signals[CN_STORE_SIGNAL_TRIAGE_CHANGED] = g_signal_new ("triage-changed",
                                                                    G_TYPE_FROM_CLASS (klass),
                                                                    G_SIGNAL_RUN_LAST, 0, NULL,
                                                                    NULL, NULL, G_TYPE_NONE, 0);
}

static void
cn_store_init (CnStore *self)
{
  /* By address: every SQL text is a literal, and hashing a long one on
   * each use would cost more than running the statement. */
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, finalize_stmt);
  self->triage_pending = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->campaigns_left = g_array_new (FALSE, FALSE, sizeof (gint64));
}

char *
cn_store_default_path (void)
{
  const char *env = g_getenv ("CONNECTEUR_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "connecteur", "connecteur.db", NULL);
}

CnStore *
cn_store_open (const char *path, GError **error)
{
  g_autoptr(CnStore) self = NULL;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CN_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->display_name = g_filename_display_name (path);

  /* Check before configuring: switching to WAL already writes the header. */
  if (!open_connection (self, error) || !_cn_store_check_file (self, error) ||
      !_cn_store_configure_connection (self, error) || !_cn_store_migrate (self, error))
    return NULL;

  /* The triage index itself is built on first need: opening stays cheap. */
  _cn_store_load_triage_settings (self);

  return g_steal_pointer (&self);
}

const char *
cn_store_get_path (CnStore *self)
{
  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  return self->path;
}

int
cn_store_get_schema_version (CnStore *self)
{
  g_return_val_if_fail (CN_IS_STORE (self), 0);

  return self->schema_version;
}

gboolean
cn_store_begin (CnStore *self, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  if (self->depth == 0)
    {
      if (!_cn_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      self->contacts_dirty = FALSE;
      self->requests_dirty = FALSE;
    }

  self->depth++;
  return TRUE;
}

gboolean
cn_store_commit (CnStore *self, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  /* Not a programming error: an inner rollback cancels the outer levels too. */
  if (self->depth == 0)
    {
      g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_FAILED,
                           _("The changes were not saved: they had already been "
                             "cancelled after an error."));
      return FALSE;
    }

  if (self->depth == 1 && !_cn_store_index_pending (self, error))
    {
      cn_store_rollback (self);
      return FALSE;
    }

  if (--self->depth > 0)
    return TRUE;

  if (!_cn_store_exec (self, "COMMIT", error))
    {
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      forget_transaction (self);
      return FALSE;
    }

  self->triage_touched_txn = FALSE;
  emit_pending (self);
  return TRUE;
}

void
cn_store_rollback (CnStore *self)
{
  g_return_if_fail (CN_IS_STORE (self));

  if (self->depth == 0)
    return;

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  forget_transaction (self);
}

guint
_cn_store_count_rows (CnStore *self, const char *sql)
{
  g_autoptr(CnStmt) stmt = _cn_store_prepare (self, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return (guint) sqlite3_column_int64 (stmt, 0);
}

/* Triage */

gboolean
cn_store_update_triage (CnStore *self, GError **error)
{
  g_autoptr(GArray) changed = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  if (self->triage != NULL)
    return _cn_store_ensure_triage (self, error);

  changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!build_triage (self, changed, error))
    return FALSE;

  _cn_store_emit_triage_changes (self, changed, 0);
  return TRUE;
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
_cn_store_list_ids (CnStore *self, const char *sql, gint64 param, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  int rc;

  stmt = _cn_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, param);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return NULL;
    }

  return g_steal_pointer (&ids);
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

gboolean
cn_store_set_campaign_status (
    CnStore *self, gint64 campaign_id, CnRequestStatus status, GArray *out_changes, GError **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) changes = NULL;
  g_autoptr(GArray) changed = NULL;
  g_autoptr(GArray) requesters = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 requester_id = 0;
  const char *action;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail ((guint) status <= CN_REQUEST_STATUS_LAST, FALSE);
  g_return_val_if_fail (out_changes == NULL ||
                            g_array_get_element_size (out_changes) == sizeof (CnStatusChange),
                        FALSE);

  action = cn_request_status_to_string (status);
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
                        const char *action,
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
  g_return_val_if_fail (action != NULL && *action != '\0', FALSE);

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
  if (!_cn_store_insert_event (self, request_id, at, "outcome", cn_outcome_to_string (outcome),
                               error) ||
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
  g_return_val_if_fail (CN_IS_STORE (self), 0);

  /* A request forwarded twice is one introduction. */
  return (guint) query_bound_int (self,
                                  "SELECT count(*) FROM requests r WHERE r.target_id = ?1"
                                  " AND EXISTS (SELECT 1 FROM events e WHERE e.request_id = r.id"
                                  " AND e.action = 'forwarded' AND e.at >= ?2)",
                                  contact_id, since);
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
                            " JOIN events e ON e.request_id = r.id AND e.action = 'forwarded'"
                            " JOIN requesters q ON q.id = r.requester_id"
                            " WHERE r.target_id = ?1 GROUP BY r.id ORDER BY 2 DESC, r.id DESC",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, contact_id);
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

/* Bulk imports */

sqlite3 *
_cn_store_get_db (CnStore *self)
{
  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  return self->db;
}

void
_cn_store_note_import (CnStore *self,
                       gboolean contacts_changed,
                       gboolean renamed,
                       const gint64 *request_ids,
                       guint n_requests)
{
  g_return_if_fail (CN_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  /* A trigger cleared the fingerprints of the renamed contacts' requests:
   * rebuilt (and recomputed) at the next use. */
  if (renamed)
    {
      _cn_store_bump_triage_serial (self);
      _cn_store_drop_triage (self);
    }

  if (n_requests > 0)
    {
      _cn_store_bump_triage_serial (self);
      /* Without an index, the next build reads them from the database. */
      if (self->triage != NULL)
        g_array_append_vals (self->triage_pending, request_ids, n_requests);
      self->requests_dirty = TRUE;
    }

  if (contacts_changed)
    self->contacts_dirty = TRUE;
}

void
_cn_store_notify_external_write (CnStore *self)
{
  g_return_if_fail (CN_IS_STORE (self));

  _cn_store_bump_triage_serial (self);
  if (self->depth == 0)
    _cn_store_drop_triage (self);
  g_signal_emit (self, _cn_store_signals[CN_STORE_SIGNAL_CONTACTS_CHANGED], 0);
  g_signal_emit (self, _cn_store_signals[CN_STORE_SIGNAL_RELOADED], 0);
}

gboolean
cn_store_is_read_only (CnStore *self)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  return self->read_only;
}
