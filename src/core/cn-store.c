/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "cn-store-private.h"

/* Written into the SQLite header ("Cnct") so that another program's database
 * is never mistaken for ours. */
#define CN_STORE_APPLICATION_ID 0x436e6374

#define BUSY_TIMEOUT_MS 5000

struct _CnStore
{
  GObject parent_instance;

  char *path;
  char *display_name;
  sqlite3 *db;
  /* SQL text (static strings) → sqlite3_stmt, reset after each use. */
  GHashTable *statements;
  int schema_version;
  /* Analyses made by another version count as missing; NULL: any counts. */
  char *analyzer_version;

  /* Nesting depth of cn_store_begin(); what to announce at the outermost commit. */
  guint depth;
  gboolean requests_dirty;
  gboolean contacts_dirty;
};

G_DEFINE_FINAL_TYPE (CnStore, cn_store, G_TYPE_OBJECT)

/* clang-format off */
G_DEFINE_QUARK (cn-store-error-quark, cn_store_error)
/* clang-format on */

enum {
  REQUEST_ADDED,
  REQUEST_CHANGED,
  REQUEST_REMOVED,
  CONTACTS_CHANGED,
  RELOADED,
  ANALYSES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A cached statement borrowed from the store: g_autoptr resets it (and clears
 * its bindings) when it goes out of scope, so it is ready for the next user. */
typedef sqlite3_stmt CnStmt;

static void
cn_stmt_release (CnStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnStmt, cn_stmt_release)

/* Migrations: step N brings user_version from N to N + 1. Never edit a
 * released step; append a new one and bump CN_STORE_SCHEMA_VERSION. */
typedef struct
{
  const char *name;
  const char *sql;
} MigrationStep;

static const MigrationStep migrations[] = {
  {
      "create-tables",
      "CREATE TABLE contacts ("
      "  id INTEGER PRIMARY KEY,"
      "  name TEXT NOT NULL,"
      "  email TEXT,"
      "  profile_url TEXT,"
      "  company TEXT,"
      "  position TEXT,"
      "  expertise TEXT NOT NULL DEFAULT '',"
      "  accepted_kinds INTEGER NOT NULL DEFAULT 0"
      "    CHECK (accepted_kinds BETWEEN 0 AND 127),"
      "  availability INTEGER NOT NULL DEFAULT 0 CHECK (availability IN (0, 1, 2)),"
      "  away_until TEXT,"
      "  monthly_cap INTEGER NOT NULL DEFAULT 0 CHECK (monthly_cap >= 0),"
      "  tie_strength INTEGER NOT NULL DEFAULT 0 CHECK (tie_strength IN (0, 1, 2)),"
      "  notes TEXT,"
      "  created_at INTEGER NOT NULL"
      ");"
      "CREATE INDEX contacts_name ON contacts (name COLLATE NOCASE);"
      "CREATE TABLE requesters ("
      "  id INTEGER PRIMARY KEY,"
      "  name TEXT NOT NULL,"
      "  email TEXT,"
      "  profile_url TEXT,"
      "  created_at INTEGER NOT NULL"
      ");"
      "CREATE INDEX requesters_profile_url ON requesters (profile_url);"
      "CREATE INDEX requesters_email ON requesters (email COLLATE NOCASE);"
      "CREATE INDEX requesters_name ON requesters (name);"
      "CREATE TABLE requests ("
      "  id INTEGER PRIMARY KEY,"
      "  requester_id INTEGER NOT NULL REFERENCES requesters (id),"
      "  target_id INTEGER REFERENCES contacts (id),"
      "  received_at INTEGER NOT NULL,"
      "  source TEXT NOT NULL,"
      "  source_ref TEXT,"
      "  note_to_connector TEXT NOT NULL DEFAULT '',"
      "  note_to_target TEXT NOT NULL DEFAULT '',"
      "  status INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 5),"
      "  created_at INTEGER NOT NULL"
      ");"
      "CREATE UNIQUE INDEX requests_source_ref ON requests (source, source_ref)"
      "  WHERE source_ref IS NOT NULL;"
      "CREATE INDEX requests_received_at ON requests (received_at);"
      "CREATE INDEX requests_requester ON requests (requester_id);"
      "CREATE INDEX requests_target ON requests (target_id);"
      "CREATE TABLE events ("
      "  id INTEGER PRIMARY KEY,"
      "  request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,"
      "  at INTEGER NOT NULL,"
      "  action TEXT NOT NULL CHECK (action <> ''),"
      "  text TEXT"
      ");"
      "CREATE INDEX events_request ON events (request_id, at);"
      "CREATE TABLE templates ("
      "  id INTEGER PRIMARY KEY,"
      "  name TEXT NOT NULL,"
      "  lang TEXT NOT NULL,"
      "  body TEXT NOT NULL,"
      "  updated_at INTEGER NOT NULL,"
      "  UNIQUE (name, lang)"
      ");",
  },
  {
      /* What the analyzer found, so that the list opens without re-analysing.
       * A row is dropped as soon as what it was computed from changes. */
      "request-analysis",
      "CREATE TABLE request_analysis ("
      "  request_id INTEGER PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,"
      "  analyzer_version TEXT NOT NULL,"
      "  verdict INTEGER NOT NULL CHECK (verdict BETWEEN 1 AND 3),"
      "  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),"
      "  elements INTEGER NOT NULL CHECK (elements >= 0),"
      "  flags INTEGER NOT NULL CHECK (flags >= 0),"
      "  lang TEXT"
      ");"
      /* Covering for the verdict filter: no table access. */
      "CREATE INDEX request_analysis_verdict ON request_analysis (verdict, analyzer_version);"
      "CREATE TRIGGER requests_analysis_stale"
      "  AFTER UPDATE OF note_to_target, note_to_connector, target_id ON requests"
      "  WHEN OLD.note_to_target IS NOT NEW.note_to_target"
      "    OR OLD.note_to_connector IS NOT NEW.note_to_connector"
      "    OR OLD.target_id IS NOT NEW.target_id"
      "  BEGIN DELETE FROM request_analysis WHERE request_id = NEW.id; END;"
      "CREATE TRIGGER contacts_analysis_stale"
      "  AFTER UPDATE OF name, position, company, expertise ON contacts"
      "  WHEN OLD.name IS NOT NEW.name OR OLD.position IS NOT NEW.position"
      "    OR OLD.company IS NOT NEW.company OR OLD.expertise IS NOT NEW.expertise"
      "  BEGIN DELETE FROM request_analysis"
      "    WHERE request_id IN (SELECT id FROM requests WHERE target_id = NEW.id); END;",
  },
};
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CN_STORE_SCHEMA_VERSION);

/* Helpers */

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static const char *
nonempty (const char *str)
{
  return str != NULL && *str != '\0' ? str : NULL;
}

static void
set_sqlite_error (CnStore *self, int rc, GError **error)
{
  const char *reason = sqlite3_errmsg (self->db);

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

/* Like set_sqlite_error(), with a precise message for a missing reference. */
static void
set_sqlite_error_fk (CnStore *self, int rc, const char *fk_message, GError **error)
{
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT, fk_message);
  else
    set_sqlite_error (self, rc, error);
}

static gboolean
exec_sql (CnStore *self, const char *sql, GError **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return FALSE;
    }

  return TRUE;
}

static CnStmt *
prepare (CnStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  /* Keys are string literals, so they outlive the table. */
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

/* Text goes to SQLite with its exact byte length: no escaping, no
 * interpretation, and bytes that are not valid UTF-8 survive. */
static void
bind_text (CnStmt *stmt, int index, const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text64 (stmt, index, text, strlen (text), SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void
bind_id (CnStmt *stmt, int index, gint64 id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_text (CnStmt *stmt, int column)
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
static gboolean
step_done (CnStore *self, CnStmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return FALSE;
    }

  return TRUE;
}

/* Runs a one-off query returning one integer (PRAGMAs while opening). */
static int
query_int (CnStore *self, const char *sql, int *out_value)
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
    g_signal_emit (self, signals[CONTACTS_CHANGED], 0);
  if (requests)
    g_signal_emit (self, signals[RELOADED], 0);
}

static void
forget_transaction (CnStore *self)
{
  self->depth = 0;
  self->contacts_dirty = FALSE;
  self->requests_dirty = FALSE;
}

/* Atomic groups of statements inside one public call. Inside a caller's
 * transaction they use a savepoint, so a failed call (a duplicate in an
 * import, say) undoes only itself. */
static gboolean
atomic_begin (CnStore *self, GError **error)
{
  return exec_sql (self, self->depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT cn_atomic", error);
}

static void
atomic_rollback (CnStore *self)
{
  if (sqlite3_get_autocommit (self->db))
    {
      /* SQLite already undid the whole transaction (disk full, I/O error):
       * the caller's outer transaction is gone as well. */
      if (self->depth > 0)
        forget_transaction (self);
      return;
    }

  if (self->depth == 0)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  else
    sqlite3_exec (self->db, "ROLLBACK TO cn_atomic; RELEASE cn_atomic", NULL, NULL, NULL);
}

/* On failure the caller still calls atomic_rollback(). */
static gboolean
atomic_commit (CnStore *self, GError **error)
{
  return exec_sql (self, self->depth == 0 ? "COMMIT" : "RELEASE cn_atomic", error);
}

/* After a write of requests: signal now, or at the outermost commit. */
static void
request_written (CnStore *self, guint signal_id, gint64 id)
{
  if (self->depth > 0)
    self->requests_dirty = TRUE;
  else
    g_signal_emit (self, signals[signal_id], 0, id);
}

static void
contacts_written (CnStore *self)
{
  if (self->depth > 0)
    self->contacts_dirty = TRUE;
  else
    g_signal_emit (self, signals[CONTACTS_CHANGED], 0);
}

/* Opening */

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
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  return TRUE;
}

/* Only reads: a file we refuse must come out byte for byte as it went in. */
static gboolean
check_file (CnStore *self, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int application_id = 0;
  int version = 0;
  gboolean ok;
  int rc;

  rc = query_int (self, "PRAGMA application_id", &application_id);
  if (rc == SQLITE_OK)
    rc = query_int (self, "PRAGMA user_version", &version);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  if ((application_id != 0 && application_id != CN_STORE_APPLICATION_ID) ||
      (version > 0 && version <= CN_STORE_SCHEMA_VERSION &&
       application_id != CN_STORE_APPLICATION_ID))
    {
      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CORRUPT,
                   _("“%s” belongs to another program: it is not a Connecteur "
                     "database. It was left untouched."),
                      self->display_name);
      return FALSE;
    }

  if (version > CN_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Connecteur (database "
                     "version %d; this version knows up to %d). It was left "
                     "untouched."),
                      self->display_name, version, CN_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  ok = rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  if (!ok)
    {
      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged and cannot be read safely. It was left "
                     "untouched; restore it from a backup."),
                      self->display_name);
      return FALSE;
    }

  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      set_sqlite_error (self, SQLITE_READONLY, error);
      return FALSE;
    }

  self->schema_version = version;
  return TRUE;
}

static gboolean
configure_connection (CnStore *self, GError **error)
{
  return exec_sql (self,
                   "PRAGMA journal_mode = WAL;"
                   "PRAGMA synchronous = NORMAL;"
                   "PRAGMA foreign_keys = ON;"
                   /* 16 MB: the indexes of 100,000 requests stay in memory. */
                   "PRAGMA cache_size = -16384;",
                   error);
}

static gboolean
run_migration_step (CnStore *self, const MigrationStep *step, int target_version, GError **error)
{
  g_autofree char *stamp = NULL;
  g_autofree char *reason = NULL;
  int rc;

  stamp = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                           CN_STORE_APPLICATION_ID, target_version);

  rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_exec (self->db, step->sql, NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (self->db, stamp, NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
    }

  if (rc == SQLITE_OK)
    return TRUE;

  rc = sqlite3_extended_errcode (self->db);
  reason = g_strdup (sqlite3_errmsg (self->db));
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

  if ((rc & 0xff) == SQLITE_FULL)
    set_sqlite_error (self, rc, error);
  else
    g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_MIGRATION,
                 _("Could not upgrade “%s” to database version %d (step “%s”): %s. "
                   "The database was left as it was."),
                    self->display_name, target_version, step->name, reason);
  return FALSE;
}

static gboolean
migrate (CnStore *self, GError **error)
{
  for (int version = self->schema_version; version < CN_STORE_SCHEMA_VERSION; version++)
    {
      if (!run_migration_step (self, &migrations[version], version + 1, error))
        return FALSE;
      self->schema_version = version + 1;
    }

  return TRUE;
}

/* Rows */

#define CONTACT_COLUMNS                                                                            \
  "id, name, email, profile_url, company, position, expertise, accepted_kinds, "                   \
  "availability, away_until, monthly_cap, tie_strength, notes"

static CnContact *
contact_from_row (CnStmt *stmt)
{
  CnContact *contact = g_object_new (CN_TYPE_CONTACT, NULL);
  g_autofree char *name = column_text (stmt, 1);
  g_autofree char *email = column_text (stmt, 2);
  g_autofree char *profile_url = column_text (stmt, 3);
  g_autofree char *company = column_text (stmt, 4);
  g_autofree char *position = column_text (stmt, 5);
  g_autofree char *expertise = column_text (stmt, 6);
  g_autofree char *away_until = column_text (stmt, 9);
  g_autofree char *notes = column_text (stmt, 12);
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

/* Binds parameters 1-12 in the order of the contact INSERT and UPDATE. */
static void
bind_contact (CnStmt *stmt, CnContact *contact)
{
  g_autofree char *expertise = join_expertise (cn_contact_get_expertise (contact));

  bind_text (stmt, 1, cn_contact_get_name (contact));
  bind_text (stmt, 2, cn_contact_get_email (contact));
  bind_text (stmt, 3, cn_contact_get_profile_url (contact));
  bind_text (stmt, 4, cn_contact_get_company (contact));
  bind_text (stmt, 5, cn_contact_get_position (contact));
  bind_text (stmt, 6, expertise);
  sqlite3_bind_int (stmt, 7, cn_contact_get_accepted_kinds (contact));
  sqlite3_bind_int (stmt, 8, cn_contact_get_availability (contact));
  bind_text (stmt, 9, nonempty (cn_contact_get_away_until (contact)));
  sqlite3_bind_int64 (stmt, 10, cn_contact_get_monthly_cap (contact));
  sqlite3_bind_int (stmt, 11, cn_contact_get_tie_strength (contact));
  bind_text (stmt, 12, cn_contact_get_notes (contact));
}

#define REQUEST_SELECT                                                                             \
  "SELECT r.id, r.requester_id, q.name, q.email, q.profile_url, r.target_id, c.name, "             \
  "r.received_at, r.source, r.source_ref, r.note_to_connector, r.note_to_target, r.status, "       \
  "a.analyzer_version, a.verdict, a.score, a.elements, a.flags "                                   \
  "FROM requests r JOIN requesters q ON q.id = r.requester_id "                                    \
  "LEFT JOIN contacts c ON c.id = r.target_id "                                                    \
  "LEFT JOIN request_analysis a ON a.request_id = r.id "

/* Whether a stored analysis made by @version counts. */
static gboolean
is_current_version (CnStore *self, const char *version)
{
  return version != NULL &&
         (self->analyzer_version == NULL || strcmp (version, self->analyzer_version) == 0);
}

static CnRequest *
request_from_row (CnStore *self, CnStmt *stmt)
{
  CnRequest *request = cn_request_new ();
  g_autofree char *requester_name = column_text (stmt, 2);
  g_autofree char *requester_email = column_text (stmt, 3);
  g_autofree char *requester_url = column_text (stmt, 4);
  g_autofree char *target_name = column_text (stmt, 6);
  g_autofree char *source = column_text (stmt, 8);
  g_autofree char *source_ref = column_text (stmt, 9);
  g_autofree char *note_to_connector = column_text (stmt, 10);
  g_autofree char *note_to_target = column_text (stmt, 11);

  cn_request_set_id (request, sqlite3_column_int64 (stmt, 0));
  cn_request_set_requester_id (request, sqlite3_column_int64 (stmt, 1));
  cn_request_set_requester_name (request, requester_name);
  cn_request_set_requester_email (request, requester_email);
  cn_request_set_requester_profile_url (request, requester_url);
  cn_request_set_target_id (request, sqlite3_column_int64 (stmt, 5));
  cn_request_set_target_name (request, target_name);
  cn_request_set_received_at (request, sqlite3_column_int64 (stmt, 7));
  cn_request_set_source (request, source);
  cn_request_set_source_ref (request, source_ref);
  cn_request_set_note_to_connector (request, note_to_connector);
  cn_request_set_note_to_target (request, note_to_target);
  cn_request_set_status (request, sqlite3_column_int (stmt, 12));

  if (is_current_version (self, (const char *) sqlite3_column_text (stmt, 13)))
    cn_request_set_analysis_summary (request,
                                     CLAMP (sqlite3_column_int (stmt, 14), 0, CN_VERDICT_LAST),
                                     sqlite3_column_int (stmt, 15), sqlite3_column_int (stmt, 16),
                                     sqlite3_column_int (stmt, 17));

  return request;
}

/* Returns the id found, 0 when none, -1 on error. */
static gint64
lookup_id (CnStore *self, CnStmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    return 0;

  set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
  return -1;
}

static gint64
find_requester (
    CnStore *self, const char *name, const char *email, const char *profile_url, GError **error)
{
  gint64 id = 0;

  if (profile_url != NULL)
    {
      g_autoptr(CnStmt) stmt = NULL;

      stmt = prepare (self,
                      "SELECT id FROM requesters WHERE profile_url = ?1"
                      " ORDER BY id LIMIT 1",
                      error);
      if (stmt == NULL)
        return -1;
      bind_text (stmt, 1, profile_url);
      id = lookup_id (self, stmt, error);
    }

  if (id == 0 && email != NULL)
    {
      g_autoptr(CnStmt) stmt = NULL;

      stmt = prepare (self,
                      "SELECT id FROM requesters WHERE email = ?1 COLLATE NOCASE"
                      " ORDER BY id LIMIT 1",
                      error);
      if (stmt == NULL)
        return -1;
      bind_text (stmt, 1, email);
      id = lookup_id (self, stmt, error);
    }

  /* A namesake only matches when nothing we know tells them apart. */
  if (id == 0 && name != NULL)
    {
      g_autoptr(CnStmt) stmt = NULL;

      stmt = prepare (self,
                      "SELECT id FROM requesters WHERE name = ?1"
                      " AND (email IS NULL OR ?2 IS NULL)"
                      " AND (profile_url IS NULL OR ?3 IS NULL)"
                      " ORDER BY id LIMIT 1",
                      error);
      if (stmt == NULL)
        return -1;
      bind_text (stmt, 1, name);
      bind_text (stmt, 2, email);
      bind_text (stmt, 3, profile_url);
      id = lookup_id (self, stmt, error);
    }

  return id;
}

static gboolean
complete_requester (
    CnStore *self, gint64 id, const char *email, const char *profile_url, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  if (email == NULL && profile_url == NULL)
    return TRUE;

  stmt = prepare (self,
                  "UPDATE requesters SET email = coalesce (email, ?2),"
                  " profile_url = coalesce (profile_url, ?3)"
                  " WHERE id = ?1 AND ((email IS NULL AND ?2 IS NOT NULL)"
                  " OR (profile_url IS NULL AND ?3 IS NOT NULL))",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, email);
  bind_text (stmt, 3, profile_url);
  return step_done (self, stmt, error);
}

static gboolean
insert_event (CnStore *self,
              gint64 request_id,
              gint64 at,
              const char *action,
              const char *text,
              GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  int rc;

  stmt = prepare (self,
                  "INSERT INTO events (request_id, at, action, text)"
                  " VALUES (?1, ?2, ?3, ?4)",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, request_id);
  sqlite3_bind_int64 (stmt, 2, at);
  bind_text (stmt, 3, action);
  bind_text (stmt, 4, text);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error_fk (self, sqlite3_extended_errcode (self->db),
                           _("This request no longer exists."), error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
contact_exists (CnStore *self, gint64 id)
{
  g_autoptr(CnStmt) stmt = prepare (self, "SELECT 1 FROM contacts WHERE id = ?1", NULL);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static gint64
insert_request (CnStore *self,
                CnRequest *request,
                gint64 requester_id,
                gint64 received_at,
                const char *source,
                GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  gint64 target_id = cn_request_get_target_id (request);
  int rc;

  stmt = prepare (self,
                  "INSERT INTO requests (requester_id, target_id, received_at, source,"
                  " source_ref, note_to_connector, note_to_target, status, created_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                  error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, requester_id);
  bind_id (stmt, 2, target_id);
  sqlite3_bind_int64 (stmt, 3, received_at);
  bind_text (stmt, 4, source);
  bind_text (stmt, 5, nonempty (cn_request_get_source_ref (request)));
  bind_text (stmt, 6, cn_request_get_note_to_connector (request) ?: "");
  bind_text (stmt, 7, cn_request_get_note_to_target (request) ?: "");
  sqlite3_bind_int (stmt, 8, cn_request_get_status (request));
  sqlite3_bind_int64 (stmt, 9, now_unix ());

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return sqlite3_last_insert_rowid (self->db);

  rc = sqlite3_extended_errcode (self->db);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT,
                         _("This request is already recorded: one with the same "
                           "source and reference exists."));
  else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY && target_id > 0 && !contact_exists (self, target_id))
    set_sqlite_error_fk (self, rc, _("The request names a contact that does not exist."), error);
  else
    set_sqlite_error_fk (self, rc, _("The request names a requester that does not exist."), error);
  return 0;
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

  G_OBJECT_CLASS (cn_store_parent_class)->finalize (object);
}

static void
cn_store_class_init (CnStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cn_store_finalize;

  signals[REQUEST_ADDED] = g_signal_new ("request-added", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         G_TYPE_INT64);
  signals[REQUEST_CHANGED] = g_signal_new ("request-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                           G_TYPE_INT64);
  signals[REQUEST_REMOVED] = g_signal_new ("request-removed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                           G_TYPE_INT64);
  signals[CONTACTS_CHANGED] = g_signal_new ("contacts-changed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[RELOADED] = g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ANALYSES_CHANGED] = g_signal_new ("analyses-changed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cn_store_init (CnStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_stmt);
}

/* Public API */

void
cn_event_free (CnEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->action);
  g_free (event->text);
  g_free (event);
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
  if (!open_connection (self, error) || !check_file (self, error) ||
      !configure_connection (self, error) || !migrate (self, error))
    return NULL;

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
      if (!exec_sql (self, "BEGIN IMMEDIATE", error))
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

  if (--self->depth > 0)
    return TRUE;

  if (!exec_sql (self, "COMMIT", error))
    {
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      forget_transaction (self);
      return FALSE;
    }

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

gboolean
cn_store_add_contact (CnStore *self, CnContact *contact, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (CN_IS_CONTACT (contact), FALSE);

  stmt = prepare (self,
                  "INSERT INTO contacts (name, email, profile_url, company, position,"
                  " expertise, accepted_kinds, availability, away_until, monthly_cap,"
                  " tie_strength, notes, created_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_contact (stmt, contact);
  sqlite3_bind_int64 (stmt, 13, now_unix ());
  if (!step_done (self, stmt, error))
    return FALSE;

  cn_contact_set_id (contact, sqlite3_last_insert_rowid (self->db));
  contacts_written (self);
  return TRUE;
}

gboolean
cn_store_update_contact (CnStore *self, CnContact *contact, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (CN_IS_CONTACT (contact), FALSE);

  stmt = prepare (self,
                  "UPDATE contacts SET name = ?1, email = ?2, profile_url = ?3, company = ?4,"
                  " position = ?5, expertise = ?6, accepted_kinds = ?7, availability = ?8,"
                  " away_until = ?9, monthly_cap = ?10, tie_strength = ?11, notes = ?12"
                  " WHERE id = ?13",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_contact (stmt, contact);
  sqlite3_bind_int64 (stmt, 13, cn_contact_get_id (contact));
  if (!step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND,
                           _("This contact no longer exists."));
      return FALSE;
    }

  contacts_written (self);
  return TRUE;
}

CnContact *
cn_store_get_contact (CnStore *self, gint64 id, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT " CONTACT_COLUMNS " FROM contacts WHERE id = ?1", error);
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
    set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
  return NULL;
}

GPtrArray *
cn_store_list_contacts (CnStore *self, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT " CONTACT_COLUMNS " FROM contacts ORDER BY name COLLATE NOCASE, id",
                  error);
  if (stmt == NULL)
    return NULL;

  contacts = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (contacts, contact_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return NULL;
    }

  return g_steal_pointer (&contacts);
}

static guint
count_rows (CnStore *self, const char *sql)
{
  g_autoptr(CnStmt) stmt = prepare (self, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return (guint) sqlite3_column_int64 (stmt, 0);
}

guint
cn_store_count_contacts (CnStore *self)
{
  g_return_val_if_fail (CN_IS_STORE (self), 0);

  return count_rows (self, "SELECT count(*) FROM contacts");
}

gint64
cn_store_ensure_requester (
    CnStore *self, const char *name, const char *email, const char *profile_url, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  gint64 id;

  g_return_val_if_fail (CN_IS_STORE (self), 0);

  name = nonempty (name);
  email = nonempty (email);
  profile_url = nonempty (profile_url);
  if (name == NULL && email == NULL && profile_url == NULL)
    {
      g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT,
                           _("The request does not say who sent it: give at least a "
                             "name, an e-mail address or a profile link."));
      return 0;
    }

  id = find_requester (self, name, email, profile_url, error);
  if (id < 0)
    return 0;
  if (id > 0)
    return complete_requester (self, id, email, profile_url, error) ? id : 0;

  stmt = prepare (self,
                  "INSERT INTO requesters (name, email, profile_url, created_at)"
                  " VALUES (?1, ?2, ?3, ?4)",
                  error);
  if (stmt == NULL)
    return 0;

  bind_text (stmt, 1, name != NULL ? name : email != NULL ? email : profile_url);
  bind_text (stmt, 2, email);
  bind_text (stmt, 3, profile_url);
  sqlite3_bind_int64 (stmt, 4, now_unix ());
  if (!step_done (self, stmt, error))
    return 0;

  return sqlite3_last_insert_rowid (self->db);
}

gboolean
cn_store_add_request (CnStore *self, CnRequest *request, GError **error)
{
  gint64 requester_id;
  gint64 received_at;
  gint64 id;
  const char *source;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (CN_IS_REQUEST (request), FALSE);

  requester_id = cn_request_get_requester_id (request);
  received_at = cn_request_get_received_at (request);
  if (received_at == 0)
    received_at = now_unix ();
  source = nonempty (cn_request_get_source (request));
  if (source == NULL)
    source = "manual";

  if (!atomic_begin (self, error))
    return FALSE;

  if (requester_id <= 0)
    requester_id = cn_store_ensure_requester (self, cn_request_get_requester_name (request),
                                              cn_request_get_requester_email (request),
                                              cn_request_get_requester_profile_url (request),
                                              error);
  id = requester_id > 0 ? insert_request (self, request, requester_id, received_at, source, error)
                        : 0;
  if (id <= 0 || !insert_event (self, id, now_unix (), "created", NULL, error) ||
      !atomic_commit (self, error))
    {
      atomic_rollback (self);
      return FALSE;
    }

  cn_request_set_requester_id (request, requester_id);
  cn_request_set_received_at (request, received_at);
  cn_request_set_source (request, source);
  cn_request_set_id (request, id);

  request_written (self, REQUEST_ADDED, id);
  return TRUE;
}

CnRequest *
cn_store_get_request (CnStore *self, gint64 id, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  stmt = prepare (self, REQUEST_SELECT "WHERE r.id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return request_from_row (self, stmt);

  if (rc == SQLITE_DONE)
    g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND,
                         _("This request no longer exists."));
  else
    set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
  return NULL;
}

GArray *
cn_store_list_request_ids (CnStore *self, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  /* Walks the received_at index backwards: no sort, no table access. */
  stmt = prepare (self, "SELECT id FROM requests ORDER BY received_at DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 256);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

gboolean
cn_store_get_request_received_at (CnStore *self, gint64 id, gint64 *out_received_at)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_received_at != NULL, FALSE);

  stmt = prepare (self, "SELECT received_at FROM requests WHERE id = ?1", NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;

  *out_received_at = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

guint
cn_store_count_requests (CnStore *self)
{
  g_return_val_if_fail (CN_IS_STORE (self), 0);

  return count_rows (self, "SELECT count(*) FROM requests");
}

gboolean
cn_store_set_request_status (CnStore *self, gint64 id, CnRequestStatus status, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  stmt = prepare (self, "UPDATE requests SET status = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, status);
  if (!step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND,
                           _("This request no longer exists."));
      return FALSE;
    }

  request_written (self, REQUEST_CHANGED, id);
  return TRUE;
}

gboolean
cn_store_delete_request (CnStore *self, gint64 id, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  /* Its events go with it (ON DELETE CASCADE). */
  stmt = prepare (self, "DELETE FROM requests WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND,
                           _("This request no longer exists."));
      return FALSE;
    }

  request_written (self, REQUEST_REMOVED, id);
  return TRUE;
}

gboolean
cn_store_add_event (
    CnStore *self, gint64 request_id, const char *action, const char *text, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (action != NULL && *action != '\0', FALSE);

  return insert_event (self, request_id, now_unix (), action, text, error);
}

GPtrArray *
cn_store_list_events (CnStore *self, gint64 request_id, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  g_autoptr(GPtrArray) events = NULL;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT id, request_id, at, action, text FROM events"
                  " WHERE request_id = ?1 ORDER BY at, id",
                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, request_id);
  events = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_event_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CnEvent *event = g_new0 (CnEvent, 1);

      event->id = sqlite3_column_int64 (stmt, 0);
      event->request_id = sqlite3_column_int64 (stmt, 1);
      event->at = sqlite3_column_int64 (stmt, 2);
      event->action = column_text (stmt, 3);
      event->text = column_text (stmt, 4);
      g_ptr_array_add (events, event);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return NULL;
    }

  return g_steal_pointer (&events);
}

gboolean
cn_store_set_template (
    CnStore *self, const char *name, const char *lang, const char *body, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (lang != NULL, FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  stmt = prepare (self,
                  "INSERT INTO templates (name, lang, body, updated_at) VALUES (?1, ?2, ?3, ?4)"
                  " ON CONFLICT (name, lang) DO UPDATE"
                  " SET body = excluded.body, updated_at = excluded.updated_at",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, name);
  bind_text (stmt, 2, lang);
  bind_text (stmt, 3, body);
  sqlite3_bind_int64 (stmt, 4, now_unix ());
  return step_done (self, stmt, error);
}

char *
cn_store_get_template (CnStore *self, const char *name, const char *lang, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (lang != NULL, NULL);

  stmt = prepare (self, "SELECT body FROM templates WHERE name = ?1 AND lang = ?2", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, name);
  bind_text (stmt, 2, lang);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return column_text (stmt, 0);

  if (rc == SQLITE_DONE)
    g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND,
                 _("There is no template “%s” for the language “%s”."), name, lang);
  else
    set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
  return NULL;
}

/* Analyses */

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
    g_signal_emit (self, signals[RELOADED], 0);
}

const char *
cn_store_get_analyzer_version (CnStore *self)
{
  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  return self->analyzer_version;
}

static gboolean
write_analysis (CnStore *self,
                gint64 request_id,
                const char *analyzer_version,
                CnAnalysis *analysis,
                GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  int rc;

  stmt = prepare (self, CN_STORE_SQL_SET_ANALYSIS, error);
  if (stmt == NULL)
    return FALSE;

  _cn_store_bind_analysis (stmt, request_id, analyzer_version, analysis);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error_fk (self, sqlite3_extended_errcode (self->db),
                           _("This request no longer exists."), error);
      return FALSE;
    }

  return TRUE;
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

  if (!write_analysis (self, request_id, analyzer_version, analysis, error))
    return FALSE;

  request_written (self, REQUEST_CHANGED, request_id);
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

  if (!atomic_begin (self, error))
    return FALSE;

  for (guint i = 0; i < n_analyses; i++)
    {
      if (!write_analysis (self, request_ids[i], analyzer_version, analyses[i], error))
        {
          atomic_rollback (self);
          return FALSE;
        }
    }

  if (!atomic_commit (self, error))
    {
      atomic_rollback (self);
      return FALSE;
    }

  if (self->depth > 0)
    self->requests_dirty = TRUE;
  else
    g_signal_emit (self, signals[ANALYSES_CHANGED], 0);
  return TRUE;
}

CnVerdict
cn_store_get_request_verdict (CnStore *self, gint64 id)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), CN_VERDICT_NONE);

  stmt = prepare (self,
                  "SELECT analyzer_version, verdict FROM request_analysis WHERE request_id = ?1",
                  NULL);
  if (stmt == NULL)
    return CN_VERDICT_NONE;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW ||
      !is_current_version (self, (const char *) sqlite3_column_text (stmt, 0)))
    return CN_VERDICT_NONE;

  return CLAMP (sqlite3_column_int (stmt, 1), CN_VERDICT_NONE, CN_VERDICT_LAST);
}

GArray *
cn_store_list_request_ids_by_verdict (CnStore *self, int verdict, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree guint8 *matches = NULL;
  gint64 max_id = 0;
  gboolean keep_matching;
  guint kept = 0;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);
  g_return_val_if_fail (verdict >= -1 && verdict <= CN_VERDICT_LAST, NULL);

  ids = cn_store_list_request_ids (self, error);
  if (ids == NULL || verdict < 0)
    return g_steal_pointer (&ids);

  /* Sorting the filtered rows would cost a lookup per request: instead, mark
   * the ids the verdict index gives (no table access) and keep those of the
   * sorted list that are marked, or unmarked for CN_VERDICT_NONE. Ids are
   * row ids, so a bitmap up to the largest is small (12 kB for 100,000). */
  for (guint i = 0; i < ids->len; i++)
    max_id = MAX (max_id, g_array_index (ids, gint64, i));
  matches = g_new0 (guint8, max_id / 8 + 1);

  if (verdict == CN_VERDICT_NONE)
    stmt = prepare (self,
                    "SELECT request_id FROM request_analysis INDEXED BY request_analysis_verdict"
                    " WHERE ?1 IS NULL OR analyzer_version = ?1",
                    error);
  else
    stmt = prepare (self,
                    "SELECT request_id FROM request_analysis INDEXED BY request_analysis_verdict"
                    " WHERE verdict = ?2 AND (?1 IS NULL OR analyzer_version = ?1)",
                    error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, self->analyzer_version);
  sqlite3_bind_int (stmt, 2, verdict);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (id > 0 && id <= max_id)
        matches[id / 8] |= 1u << (id % 8);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return NULL;
    }

  keep_matching = verdict != CN_VERDICT_NONE;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      gboolean marked = (matches[id / 8] >> (id % 8)) & 1;

      if (marked == keep_matching)
        g_array_index (ids, gint64, kept++) = id;
    }
  g_array_set_size (ids, kept);

  return g_steal_pointer (&ids);
}

guint
cn_store_count_pending_analyses (CnStore *self)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), 0);

  stmt = prepare (self,
                  "SELECT count(*) FROM requests r"
                  " LEFT JOIN request_analysis a ON a.request_id = r.id"
                  " WHERE a.request_id IS NULL OR (?1 IS NOT NULL AND a.analyzer_version <> ?1)",
                  NULL);
  if (stmt == NULL)
    return 0;

  bind_text (stmt, 1, self->analyzer_version);
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
  bind_text (stmt, 2, analyzer_version);
  sqlite3_bind_int (stmt, 3, cn_analysis_get_verdict (analysis));
  sqlite3_bind_int (stmt, 4, MIN (cn_analysis_get_score (analysis), 100));
  sqlite3_bind_int64 (stmt, 5, cn_analysis_get_element_mask (analysis));
  sqlite3_bind_int64 (stmt, 6, cn_analysis_get_flag_mask (analysis));
  bind_text (stmt, 7, cn_analysis_get_lang (analysis));
}

void
_cn_store_emit_analyses_changed (CnStore *self)
{
  g_return_if_fail (CN_IS_STORE (self));

  g_signal_emit (self, signals[ANALYSES_CHANGED], 0);
}
