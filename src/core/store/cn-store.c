/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The store's connection and how it opens, transactions and signals, errors,
 * settings, and the connections of background work. Each group of tables has
 * a file of its own (see cn-store-private.h). */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "cn-store-private.h"

G_DEFINE_FINAL_TYPE (CnStore, cn_store, G_TYPE_OBJECT)

/* clang-format off */
G_DEFINE_QUARK (cn-store-error-quark, cn_store_error)
/* clang-format on */

guint _cn_store_signals[CN_STORE_N_SIGNALS];

/* Errors */

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

/* Statements */

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

guint
_cn_store_count_rows (CnStore *self, const char *sql)
{
  g_autoptr(CnStmt) stmt = _cn_store_prepare (self, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return (guint) sqlite3_column_int64 (stmt, 0);
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

  if (sqlite3_bind_parameter_count (stmt) >= 1)
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

/* Transactions and signals */

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

/* @create: the file and its folder when missing (a worker's connection
 * finds the file or fails). */
static gboolean
open_connection (CnStore *self, gboolean create, GError **error)
{
  g_autofree char *folder = g_path_get_dirname (self->path);
  int rc;

  if (create && g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display_folder = g_filename_display_name (folder);

      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_OPEN,
                   _("Could not create the folder “%s” for the database: %s."), display_folder,
                      g_strerror (saved_errno));
      return FALSE;
    }

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0), NULL);
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

  sqlite3_busy_timeout (self->db, CN_STORE_BUSY_TIMEOUT_MS);
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

/* Settings */

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
  _cn_store_drop_campaigns_read (self);

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
  _cn_store_signals[CN_STORE_SIGNAL_DRAFT_CHANGED] = g_signal_new ("draft-changed",
                                                                   G_TYPE_FROM_CLASS (klass),
                                                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                                                   NULL, G_TYPE_NONE, 1,
                                                                   G_TYPE_INT64);
}

static void
cn_store_init (CnStore *self)
{
  /* By address: every SQL text is a literal, and hashing a long one on
   * each use would cost more than running the statement. */
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, finalize_stmt);
  self->triage_pending = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->campaigns_left = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* What may change the campaigns without a write of this connection's
   * (a restore, a triage built elsewhere) is announced: forget them then. */
  g_signal_connect (self, "reloaded", G_CALLBACK (_cn_store_drop_campaigns_read), NULL);
  g_signal_connect (self, "triage-changed", G_CALLBACK (_cn_store_drop_campaigns_read), NULL);
}

/* Public API */

char *
cn_store_default_path (void)
{
  const char *env = g_getenv ("CONNECTEUR_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "connecteur", "connecteur.db", NULL);
}

/* Opening writes nothing when the file is at the current version and
 * already in WAL mode: then the check may come later without the file
 * having been touched. */
static gboolean
opening_writes (CnStore *self)
{
  sqlite3_stmt *stmt = NULL;
  gboolean wal = FALSE;

  if (self->read_only)
    return FALSE;
  if (self->schema_version < CN_STORE_SCHEMA_VERSION)
    return TRUE;
  if (sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
  sqlite3_finalize (stmt);
  return !wal;
}

CnStore *
cn_store_open_with_flags (const char *path, CnStoreOpenFlags flags, GError **error)
{
  g_autoptr(CnStore) self = NULL;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CN_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->display_name = g_filename_display_name (path);

  /* Check before configuring: switching to WAL already writes the header. */
  if (!open_connection (self, TRUE, error) || !_cn_store_check_file (self, error))
    return NULL;
  if ((flags & CN_STORE_OPEN_CHECK_LATER) != 0 && !opening_writes (self))
    self->check_pending = TRUE;
  else if (!_cn_store_quick_check (self, self->db, error))
    return NULL;
  if (!_cn_store_configure_connection (self, error) || !_cn_store_migrate (self, error))
    return NULL;

  /* The triage index itself is built on first need: opening stays cheap. */
  _cn_store_load_triage_settings (self);

  return g_steal_pointer (&self);
}

CnStore *
cn_store_open (const char *path, GError **error)
{
  return cn_store_open_with_flags (path, CN_STORE_OPEN_DEFAULT, error);
}

gboolean
cn_store_needs_check (CnStore *self)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  return self->check_pending;
}

static gboolean
check_worker (
    GTask *task, CnStore *worker, gpointer task_data, GCancellable *cancellable, GError **error)
{
  return _cn_store_quick_check (worker, worker->db, error);
}

void
cn_store_check_async (CnStore *self,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CN_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cn_store_check_async);
  _cn_store_run_in_worker (task, check_worker);
}

gboolean
cn_store_check_finish (CnStore *self, GAsyncResult *result, GError **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cn_store_check_async, FALSE);

  if (g_task_propagate_boolean (G_TASK (result), &local_error))
    {
      self->check_pending = FALSE;
      return TRUE;
    }
  /* Damaged: nothing more is written to it. */
  if (g_error_matches (local_error, CN_STORE_ERROR, CN_STORE_ERROR_CORRUPT))
    sqlite3_exec (self->db, "PRAGMA query_only = ON", NULL, NULL, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
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
cn_store_is_read_only (CnStore *self)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  return self->read_only;
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

/* Worker connections */

typedef struct
{
  CnStoreWorkerFunc func;
  CnStore *worker;
} WorkerRun;

static void
worker_run_free (WorkerRun *run)
{
  g_clear_object (&run->worker);
  g_free (run);
}

static GQuark
worker_run_quark (void)
{
  return g_quark_from_static_string ("cn-store-worker-run");
}

static void
worker_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  WorkerRun *run = g_object_get_qdata (G_OBJECT (task), worker_run_quark ());
  GError *error = NULL;
  gboolean ok;

  ok = open_connection (run->worker, FALSE, &error) &&
       _cn_store_configure_connection (run->worker, &error);
  if (ok)
    {
      _cn_store_load_triage_settings (run->worker);
      ok = run->func (task, run->worker, task_data, cancellable, &error);
    }
  /* Closed before the caller hears of it: the file is as the work left it. */
  g_clear_object (&run->worker);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
_cn_store_run_in_worker (GTask *task, CnStoreWorkerFunc func)
{
  CnStore *self = g_task_get_source_object (task);
  WorkerRun *run;

  g_return_if_fail (CN_IS_STORE (self));
  g_return_if_fail (func != NULL);

  /* Made here, read there: the main connection is not touched from the thread. */
  run = g_new0 (WorkerRun, 1);
  run->func = func;
  run->worker = g_object_new (CN_TYPE_STORE, NULL);
  run->worker->path = g_strdup (self->path);
  run->worker->display_name = g_strdup (self->display_name);
  run->worker->schema_version = self->schema_version;
  /* Analyses made with another version are stale there too. */
  run->worker->analyzer_version = g_strdup (self->analyzer_version);
  g_object_set_qdata_full (G_OBJECT (task), worker_run_quark (), run,
                           (GDestroyNotify) worker_run_free);
  g_task_run_in_thread (task, worker_thread);
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

char *
cn_store_dup_connector_name (CnStore *self)
{
  const char *keys[] = { "connector-name", "mail.from-name" };

  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *name = _cn_store_get_text_setting (self, keys[i]);

      if (name != NULL && *g_strstrip (name) != '\0')
        return g_steal_pointer (&name);
    }
  return NULL;
}

gboolean
cn_store_set_connector_name (CnStore *self, const char *name, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  return _cn_store_set_text_setting (self, "connector-name", *trimmed != '\0' ? trimmed : NULL,
                                     error);
}
