/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The schema and its migrations, and the checks that come before them. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-backup.h"
#include "cn-store-private.h"

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
  {
      /* Mass-sent and repeated requests: each note's fingerprint (so that the
       * index is rebuilt without recomputing them) and what the triage found
       * (so that lists and filters read it by SQL). A fingerprint is cleared
       * when what it was computed from (the note, the target's name)
       * changes. Small settings (the triage's) live in a key-value table. */
      "request-triage",
      "CREATE TABLE request_triage ("
      "  request_id INTEGER PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,"
      "  fingerprint BLOB,"
      "  campaign_id INTEGER NOT NULL DEFAULT 0 CHECK (campaign_id >= 0),"
      "  mass_sent INTEGER NOT NULL DEFAULT 0 CHECK (mass_sent IN (0, 1)),"
      "  repeated INTEGER NOT NULL DEFAULT 0 CHECK (repeated IN (0, 1)),"
      "  repeat_count INTEGER NOT NULL DEFAULT 0 CHECK (repeat_count >= 0),"
      "  after_refusal INTEGER NOT NULL DEFAULT 0 CHECK (after_refusal IN (0, 1))"
      ");"
      /* Partial indexes hold only the few flagged rows (and their row ids). */
      "CREATE INDEX request_triage_campaign ON request_triage (campaign_id)"
      "  WHERE campaign_id > 0;"
      "CREATE INDEX request_triage_mass_sent ON request_triage (mass_sent) WHERE mass_sent = 1;"
      "CREATE INDEX request_triage_repeated ON request_triage (repeated) WHERE repeated = 1;"
      "CREATE INDEX request_triage_after_refusal ON request_triage (after_refusal)"
      "  WHERE after_refusal = 1;"
      "CREATE TRIGGER requests_fingerprint_stale"
      "  AFTER UPDATE OF note_to_target, target_id ON requests"
      "  WHEN OLD.note_to_target IS NOT NEW.note_to_target OR OLD.target_id IS NOT NEW.target_id"
      "  BEGIN UPDATE request_triage SET fingerprint = NULL WHERE request_id = NEW.id; END;"
      "CREATE TRIGGER contacts_fingerprint_stale"
      "  AFTER UPDATE OF name ON contacts WHEN OLD.name IS NOT NEW.name"
      "  BEGIN UPDATE request_triage SET fingerprint = NULL"
      "    WHERE request_id IN (SELECT id FROM requests WHERE target_id = NEW.id); END;"
      /* For "after a refusal": a probe, not a scan of the requester's requests. */
      "CREATE INDEX requests_requester_status ON requests (requester_id, status, received_at);"
      /* A campaign's size lives once, not in each of its requests: a copy
       * joining a campaign of 1,000 writes two rows, not 1,001. */
      "CREATE TABLE campaigns (id INTEGER PRIMARY KEY, size INTEGER NOT NULL CHECK (size >= 0));"
      "CREATE TABLE settings (key TEXT PRIMARY KEY, value) WITHOUT ROWID;",
  },
  {
      /* The review flow: what came of a forward. The forwards a contact
       * received (the monthly cap, the introductions) are found from its
       * requests (requests_target), then one probe per request in an index
       * that holds all the query needs: no scan of the history, whose size
       * grows with every action. */
      "review-flow",
      "ALTER TABLE requests ADD COLUMN outcome INTEGER NOT NULL DEFAULT 0"
      "  CHECK (outcome BETWEEN 0 AND 4);"
      "CREATE INDEX events_request_action ON events (request_id, action, at);",
  },
  {
      /* What the connector left in the endorsement editor, kept across
       * restarts until the forward leaves or the draft is discarded. */
      "drafts",
      "CREATE TABLE drafts ("
      "  request_id INTEGER PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,"
      "  relationship INTEGER NOT NULL DEFAULT 0 CHECK (relationship BETWEEN 0 AND 4),"
      "  text TEXT,"
      "  lang TEXT,"
      "  updated_at INTEGER NOT NULL"
      ");",
  },
  {
      /* Finding a request as it is typed: a full-text index of who asks,
       * for whom, and both notes, folded for case and accents, kept up to
       * date by triggers (renaming a contact or a requester included). The
       * inbox's views read the status by index. */
      "request-search",
      "CREATE VIRTUAL TABLE request_search USING fts5 ("
      "  requester, contact, note_to_connector, note_to_target,"
      "  tokenize = 'unicode61 remove_diacritics 2');"
      "INSERT INTO request_search (rowid, requester, contact, note_to_connector, note_to_target)"
      "  SELECT r.id, q.name, c.name, r.note_to_connector, r.note_to_target FROM requests r"
      "  LEFT JOIN requesters q ON q.id = r.requester_id LEFT JOIN contacts c ON c.id = "
      "r.target_id;"
      "CREATE TRIGGER requests_search_insert AFTER INSERT ON requests BEGIN"
      "  INSERT INTO request_search (rowid, requester, contact, note_to_connector, note_to_target)"
      "  VALUES (NEW.id, (SELECT name FROM requesters WHERE id = NEW.requester_id),"
      "          (SELECT name FROM contacts WHERE id = NEW.target_id),"
      "          NEW.note_to_connector, NEW.note_to_target); END;"
      "CREATE TRIGGER requests_search_update"
      "  AFTER UPDATE OF requester_id, target_id, note_to_connector, note_to_target ON requests"
      "  BEGIN DELETE FROM request_search WHERE rowid = OLD.id;"
      "  INSERT INTO request_search (rowid, requester, contact, note_to_connector, note_to_target)"
      "  VALUES (NEW.id, (SELECT name FROM requesters WHERE id = NEW.requester_id),"
      "          (SELECT name FROM contacts WHERE id = NEW.target_id),"
      "          NEW.note_to_connector, NEW.note_to_target); END;"
      "CREATE TRIGGER requests_search_delete AFTER DELETE ON requests"
      "  BEGIN DELETE FROM request_search WHERE rowid = OLD.id; END;"
      "CREATE TRIGGER contacts_search_rename AFTER UPDATE OF name ON contacts"
      "  WHEN OLD.name IS NOT NEW.name BEGIN UPDATE request_search SET contact = NEW.name"
      "    WHERE rowid IN (SELECT id FROM requests WHERE target_id = NEW.id); END;"
      "CREATE TRIGGER requesters_search_rename AFTER UPDATE OF name ON requesters"
      "  WHEN OLD.name IS NOT NEW.name BEGIN UPDATE request_search SET requester = NEW.name"
      "    WHERE rowid IN (SELECT id FROM requests WHERE requester_id = NEW.id); END;"
      "CREATE INDEX requests_status ON requests (status);",
  },
  {
      /* The connector's corrections of the analyzer, one per element or flag
       * of a request, applied over every analysis of it, whatever the
       * analyzer's version. item: a CnElement, or a CnFlag when is_flag;
       * kind: a CnCorrectionKind; the span (character offsets into note)
       * only for an element marked present from selected words. */
      "corrections",
      "CREATE TABLE request_corrections ("
      "  request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,"
      "  is_flag INTEGER NOT NULL CHECK (is_flag IN (0, 1)),"
      "  item INTEGER NOT NULL CHECK (item BETWEEN 0 AND 31),"
      "  kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 2),"
      "  note INTEGER NOT NULL DEFAULT 0 CHECK (note IN (0, 1)),"
      "  span_start INTEGER NOT NULL DEFAULT 0 CHECK (span_start >= 0),"
      "  span_end INTEGER NOT NULL DEFAULT 0 CHECK (span_end >= span_start),"
      "  updated_at INTEGER NOT NULL,"
      "  PRIMARY KEY (request_id, is_flag, item)"
      ") WITHOUT ROWID;"
      /* An edited note keeps the judgement, not words that moved. */
      "CREATE TRIGGER requests_correction_spans_stale"
      "  AFTER UPDATE OF note_to_target, note_to_connector ON requests"
      "  WHEN OLD.note_to_target IS NOT NEW.note_to_target"
      "    OR OLD.note_to_connector IS NOT NEW.note_to_connector"
      "  BEGIN UPDATE request_corrections SET span_start = 0, span_end = 0"
      "    WHERE request_id = NEW.id AND span_end > 0"
      "      AND ((note = 0 AND OLD.note_to_target IS NOT NEW.note_to_target)"
      "        OR (note = 1 AND OLD.note_to_connector IS NOT NEW.note_to_connector)); END;",
  },
  {
      /* What the connector decided about a requester (CnRequesterStanding,
       * since when), and whether their messages without a contact are set
       * aside as not requests. Only requesters change: their requests say
       * what came of them in their status and history. */
      "requester-standing",
      "ALTER TABLE requesters ADD COLUMN standing INTEGER NOT NULL DEFAULT 0"
      "  CHECK (standing IN (0, 1, 2));"
      "ALTER TABLE requesters ADD COLUMN standing_at INTEGER;"
      "ALTER TABLE requesters ADD COLUMN not_requests INTEGER NOT NULL DEFAULT 0"
      "  CHECK (not_requests IN (0, 1));"
      /* The filters look the few marked ones up, not every requester. */
      "CREATE INDEX requesters_standing ON requesters (standing);",
  },
  {
      /* How a contact asked to be addressed in French (CnRegister): the
       * endorsement sent to them says "tu" or "vous". */
      "contact-address-form",
      "ALTER TABLE contacts ADD COLUMN address_form INTEGER NOT NULL DEFAULT 0"
      "  CHECK (address_form IN (0, 1));",
  },
  {
      /* Search as you type: the first one, two and three letters of each
       * word get an index of their own, so that a short prefix reads one
       * list instead of merging those of every word it starts ("c" over
       * 100,000 requests: 60 ms of CPU without, 4 ms with). The table is
       * built again from the requests; the triggers of step 6 keep it. */
      "request-search-prefixes",
      "DROP TABLE request_search;"
      "CREATE VIRTUAL TABLE request_search USING fts5 ("
      "  requester, contact, note_to_connector, note_to_target,"
      "  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');"
      "INSERT INTO request_search (rowid, requester, contact, note_to_connector, note_to_target)"
      "  SELECT r.id, q.name, c.name, r.note_to_connector, r.note_to_target FROM requests r"
      "  LEFT JOIN requesters q ON q.id = r.requester_id LEFT JOIN contacts c ON c.id = "
      "r.target_id;",
  },
  {
      /* The search index without a copy of what it indexes, and without
       * where words are: it reads the text from the requests through a view
       * when rebuilt, and keeps for each word (and each prefix of one to
       * three letters) only the list of requests holding it, since the
       * search asks for nothing else (starts of words, all required: no
       * phrases, columns nor ranking). For 100,000 requests, 14 MB instead
       * of 113; a word of four letters or more found in most requests
       * takes a few ms more to merge (bench-store --db PATH search), while
       * the prefixes keep shorter ones as fast. A request's words are taken
       * out by giving them back ('delete'), so the triggers name what it
       * said before. See search_match_expression() for words FTS5 cuts. */
      "request-search-external",
      "DROP TRIGGER requests_search_insert;"
      "DROP TRIGGER requests_search_update;"
      "DROP TRIGGER requests_search_delete;"
      "DROP TRIGGER contacts_search_rename;"
      "DROP TRIGGER requesters_search_rename;"
      "DROP TABLE request_search;"
      "CREATE VIEW request_search_source AS"
      "  SELECT r.id AS id, q.name AS requester, c.name AS contact,"
      "    r.note_to_connector AS note_to_connector, r.note_to_target AS note_to_target"
      "  FROM requests r LEFT JOIN requesters q ON q.id = r.requester_id"
      "  LEFT JOIN contacts c ON c.id = r.target_id;"
      "CREATE VIRTUAL TABLE request_search USING fts5 ("
      "  requester, contact, note_to_connector, note_to_target,"
      "  content = 'request_search_source', content_rowid = 'id', detail = none,"
      "  columnsize = 0, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');"
      "INSERT INTO request_search (request_search) VALUES ('rebuild');"
      "CREATE TRIGGER requests_search_insert AFTER INSERT ON requests BEGIN"
      "  INSERT INTO request_search (rowid, requester, contact, note_to_connector, note_to_target)"
      "  VALUES (NEW.id, (SELECT name FROM requesters WHERE id = NEW.requester_id),"
      "          (SELECT name FROM contacts WHERE id = NEW.target_id),"
      "          NEW.note_to_connector, NEW.note_to_target); END;"
      "CREATE TRIGGER requests_search_update"
      "  AFTER UPDATE OF requester_id, target_id, note_to_connector, note_to_target ON requests"
      "  BEGIN INSERT INTO request_search"
      "    (request_search, rowid, requester, contact, note_to_connector, note_to_target)"
      "  VALUES ('delete', OLD.id, (SELECT name FROM requesters WHERE id = OLD.requester_id),"
      "          (SELECT name FROM contacts WHERE id = OLD.target_id),"
      "          OLD.note_to_connector, OLD.note_to_target);"
      "  INSERT INTO request_search (rowid, requester, contact, note_to_connector, note_to_target)"
      "  VALUES (NEW.id, (SELECT name FROM requesters WHERE id = NEW.requester_id),"
      "          (SELECT name FROM contacts WHERE id = NEW.target_id),"
      "          NEW.note_to_connector, NEW.note_to_target); END;"
      "CREATE TRIGGER requests_search_delete AFTER DELETE ON requests BEGIN"
      "  INSERT INTO request_search"
      "    (request_search, rowid, requester, contact, note_to_connector, note_to_target)"
      "  VALUES ('delete', OLD.id, (SELECT name FROM requesters WHERE id = OLD.requester_id),"
      "          (SELECT name FROM contacts WHERE id = OLD.target_id),"
      "          OLD.note_to_connector, OLD.note_to_target); END;"
      "CREATE TRIGGER contacts_search_rename AFTER UPDATE OF name ON contacts"
      "  WHEN OLD.name IS NOT NEW.name BEGIN INSERT INTO request_search"
      "    (request_search, rowid, requester, contact, note_to_connector, note_to_target)"
      "  SELECT 'delete', r.id, q.name, OLD.name, r.note_to_connector, r.note_to_target"
      "    FROM requests r LEFT JOIN requesters q ON q.id = r.requester_id"
      "    WHERE r.target_id = NEW.id;"
      "  INSERT INTO request_search (rowid, requester, contact, note_to_connector, note_to_target)"
      "  SELECT r.id, q.name, NEW.name, r.note_to_connector, r.note_to_target"
      "    FROM requests r LEFT JOIN requesters q ON q.id = r.requester_id"
      "    WHERE r.target_id = NEW.id; END;"
      "CREATE TRIGGER requesters_search_rename AFTER UPDATE OF name ON requesters"
      "  WHEN OLD.name IS NOT NEW.name BEGIN INSERT INTO request_search"
      "    (request_search, rowid, requester, contact, note_to_connector, note_to_target)"
      "  SELECT 'delete', r.id, OLD.name, c.name, r.note_to_connector, r.note_to_target"
      "    FROM requests r LEFT JOIN contacts c ON c.id = r.target_id"
      "    WHERE r.requester_id = NEW.id;"
      "  INSERT INTO request_search (rowid, requester, contact, note_to_connector, note_to_target)"
      "  SELECT r.id, NEW.name, c.name, r.note_to_connector, r.note_to_target"
      "    FROM requests r LEFT JOIN contacts c ON c.id = r.target_id"
      "    WHERE r.requester_id = NEW.id; END;",
  },
  {
      /* Two indexes another one starts like: a request's history is read by
       * events_request_action (request_id, action, at), sorting its few
       * rows; a requester's requests by requests_requester_status
       * (requester_id, status, received_at). 4.4 MB for 100,000 requests. */
      "drop-redundant-indexes",
      "DROP INDEX events_request;"
      "DROP INDEX requests_requester;",
  },
  {
      /* Each analysis names the analyzer that made it by a number rather
       * than by its 14-character version; and the table keeps its rows
       * newest first, the order the background analysis writes them in, so
       * that each lands after the last instead of splitting a page in two
       * (a table in id order, written newest first, ends up half empty).
       * For 100,000 requests, the table and its verdict index take 3.6 MB
       * instead of 11.4. The triggers naming the table are made again,
       * since SQLite will not rename a table over triggers that name a
       * missing one. */
      "analyzer-version-ids",
      "CREATE TABLE analyzer_versions ("
      "  id INTEGER PRIMARY KEY,"
      "  name TEXT NOT NULL UNIQUE"
      ");"
      "INSERT INTO analyzer_versions (name)"
      "  SELECT DISTINCT analyzer_version FROM request_analysis ORDER BY 1;"
      "DROP TRIGGER requests_analysis_stale;"
      "DROP TRIGGER contacts_analysis_stale;"
      "CREATE TABLE request_analysis_new ("
      "  request_id INTEGER PRIMARY KEY DESC REFERENCES requests (id) ON DELETE CASCADE,"
      "  analyzer INTEGER NOT NULL REFERENCES analyzer_versions (id),"
      "  verdict INTEGER NOT NULL CHECK (verdict BETWEEN 1 AND 3),"
      "  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),"
      "  elements INTEGER NOT NULL CHECK (elements >= 0),"
      "  flags INTEGER NOT NULL CHECK (flags >= 0),"
      "  lang TEXT"
      ") WITHOUT ROWID;"
      "INSERT INTO request_analysis_new"
      "  SELECT a.request_id, v.id, a.verdict, a.score, a.elements, a.flags, a.lang"
      "  FROM request_analysis a JOIN analyzer_versions v ON v.name = a.analyzer_version"
      "  ORDER BY a.request_id DESC;"
      "DROP TABLE request_analysis;"
      "ALTER TABLE request_analysis_new RENAME TO request_analysis;"
      /* Covering for the verdict filter: no table access. */
      "CREATE INDEX request_analysis_verdict ON request_analysis (verdict, analyzer);"
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
  {
      /* A request's history found by the request alone: the action and
       * time are read from its few rows rather than copied into the index
       * (for 100,000 requests and 180,000 actions, 2 MB instead of 4.9).
       * The forwards a contact received still cost one probe per request. */
      "events-by-request",
      "DROP INDEX events_request_action;"
      "CREATE INDEX events_by_request ON events (request_id);",
  },
  {
      /* A request's arrival is its created_at, not a row of events that
       * said the same again: 100,000 requests, 4 MB less. The history reads
       * it from the request (cn_store_list_events()); example data dated
       * theirs in the event, so the request takes that date. */
      "created-in-request",
      "UPDATE requests SET created_at = e.at"
      "  FROM (SELECT request_id, min (at) AS at FROM events WHERE action = 'created'"
      "        GROUP BY request_id) AS e"
      "  WHERE requests.id = e.request_id;"
      "DELETE FROM events WHERE action = 'created';",
  },
  {
      /* The views need the requests to do alone, the fewer over time: the
       * handled ones are the others. 100,000 requests, three quarters
       * handled: 0.3 MB instead of 1.1. */
      "to-do-index",
      "DROP INDEX requests_status;"
      "CREATE INDEX requests_to_do ON requests (status) WHERE status IN (0, 1, 2);",
  },
};
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CN_STORE_SCHEMA_VERSION);

gboolean
_cn_store_quick_check (CnStore *self, sqlite3 *db, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  ok = rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  if (!ok)
    g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CORRUPT,
                 _("“%s” is damaged and cannot be read safely. It was left "
                   "untouched; restore it from a backup."),
                    self->display_name);
  return ok;
}

/* Only reads: a file we refuse must come out byte for byte as it went in.
 * The integrity check is the caller's (_cn_store_quick_check()). */
gboolean
_cn_store_check_file (CnStore *self, GError **error)
{
  int application_id = 0;
  int version = 0;
  int rc;

  rc = _cn_store_query_int (self, "PRAGMA application_id", &application_id);
  if (rc == SQLITE_OK)
    rc = _cn_store_query_int (self, "PRAGMA user_version", &version);
  if (rc != SQLITE_OK)
    {
      _cn_store_set_sqlite_error (self, rc, error);
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

  self->schema_version = version;
  return TRUE;
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
    _cn_store_set_sqlite_error (self, rc, error);
  else
    g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_MIGRATION,
                 _("Could not upgrade “%s” to database version %d (step “%s”): %s. "
                   "The database was left as it was."),
                    self->display_name, target_version, step->name, reason);
  return FALSE;
}

/* The file as it was, kept beside it before a migration changes it:
 * "connecteur.db.v3.backup". A copy already there (an upgrade that failed)
 * is the older one, and is kept. */
static gboolean
keep_copy_before_migration (CnStore *self, GError **error)
{
  g_autofree char *copy = g_strdup_printf ("%s.v%d.backup", self->path, self->schema_version);
  g_autoptr(GError) local_error = NULL;

  if (g_file_test (copy, G_FILE_TEST_EXISTS) ||
      cn_backup_copy (self->db, copy, NULL, NULL, NULL, &local_error))
    return TRUE;
  g_set_error (error, CN_STORE_ERROR,
               local_error->code == CN_STORE_ERROR_FULL ? CN_STORE_ERROR_FULL
                                                        : CN_STORE_ERROR_MIGRATION,
               _("Could not keep a copy of “%s” before upgrading it: %s It was left as it was."),
                  self->display_name, local_error->message);
  return FALSE;
}

/* A step that drops or rebuilds a big table leaves its pages free in the
 * file, which never shrinks by itself ("request-search-external" frees
 * half of it): the file is rewritten compact when more than a quarter of it
 * is free. VACUUM is a transaction of its own, after the migration's: a
 * process stopped during it leaves the upgraded file as it was, and a
 * failure (a full disk) only leaves the space unused. */
static void
compact_after_migration (CnStore *self)
{
  int free_pages = 0;
  int pages = 0;

  if (_cn_store_query_int (self, "PRAGMA freelist_count", &free_pages) != SQLITE_OK ||
      _cn_store_query_int (self, "PRAGMA page_count", &pages) != SQLITE_OK ||
      (gint64) free_pages * 4 <= pages)
    return;
  /* The copy goes through the write-ahead log: emptied at once, not left
   * the size of the database beside it. */
  if (sqlite3_exec (self->db, "VACUUM; PRAGMA wal_checkpoint (TRUNCATE);", NULL, NULL, NULL) !=
      SQLITE_OK)
    g_debug ("Could not compact %s after upgrading it: %s", self->display_name,
             sqlite3_errmsg (self->db));
}

gboolean
_cn_store_migrate (CnStore *self, GError **error)
{
  gboolean upgrade = self->schema_version > 0 && self->schema_version < CN_STORE_SCHEMA_VERSION;

  if (self->read_only && self->schema_version < CN_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_OPEN,
                   _("“%s” is read-only, and this version of Connecteur must upgrade it "
                     "before reading it. Allow writing to it, then open it again."),
                      self->display_name);
      return FALSE;
    }
  if (upgrade && !keep_copy_before_migration (self, error))
    return FALSE;
  for (int version = self->schema_version; version < CN_STORE_SCHEMA_VERSION; version++)
    {
      if (!run_migration_step (self, &migrations[version], version + 1, error))
        return FALSE;
      self->schema_version = version + 1;
    }
  if (upgrade)
    compact_after_migration (self);

  return TRUE;
}
