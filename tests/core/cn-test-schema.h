/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What each migration step added, to make an older database from a new one
 * (a test of a migration from version N drops the steps after N). Step N
 * brings a file from version N - 1 to N; append one per new step. */

/* Step 3 (request-triage). */
#define DROP_STEP_3                                                                                \
  "DROP TRIGGER requests_fingerprint_stale;"                                                       \
  "DROP TRIGGER contacts_fingerprint_stale;"                                                       \
  "DROP INDEX requests_requester_status;"                                                          \
  "DROP TABLE request_triage;"                                                                     \
  "DROP TABLE campaigns;"                                                                          \
  "DROP TABLE settings;"

/* Step 4 (review-flow). */
#define DROP_STEP_4                                                                                \
  "DROP INDEX events_request_action;"                                                              \
  "ALTER TABLE requests DROP COLUMN outcome;"

/* Step 5 (drafts). */
#define DROP_STEP_5 "DROP TABLE drafts;"

/* Step 6 (request-search). */
#define DROP_STEP_6                                                                                \
  "DROP TRIGGER requests_search_insert;"                                                           \
  "DROP TRIGGER requests_search_update;"                                                           \
  "DROP TRIGGER requests_search_delete;"                                                           \
  "DROP TRIGGER contacts_search_rename;"                                                           \
  "DROP TRIGGER requesters_search_rename;"                                                         \
  "DROP INDEX requests_status;"                                                                    \
  "DROP TABLE request_search;"

/* Step 7 (corrections). */
#define DROP_STEP_7                                                                                \
  "DROP TRIGGER requests_correction_spans_stale;"                                                  \
  "DROP TABLE request_corrections;"

/* Step 8 (requester-standing). */
#define DROP_STEP_8                                                                                \
  "DROP INDEX requesters_standing;"                                                                \
  "ALTER TABLE requesters DROP COLUMN standing;"                                                   \
  "ALTER TABLE requesters DROP COLUMN standing_at;"                                                \
  "ALTER TABLE requesters DROP COLUMN not_requests;"

/* Step 9 (contact-address-form). */
#define DROP_STEP_9 "ALTER TABLE contacts DROP COLUMN address_form;"

/* Step 10 (request-search-prefixes): the index of step 6, without prefixes. */
#define DROP_STEP_10                                                                               \
  "DROP TABLE request_search;"                                                                     \
  "CREATE VIRTUAL TABLE request_search USING fts5 ("                                               \
  "  requester, contact, note_to_connector, note_to_target,"                                       \
  "  tokenize = 'unicode61 remove_diacritics 2');"                                                 \
  "INSERT INTO request_search (rowid, requester, contact, note_to_connector, note_to_target)"      \
  "  SELECT r.id, q.name, c.name, r.note_to_connector, r.note_to_target FROM requests r"           \
  "  LEFT JOIN requesters q ON q.id = r.requester_id LEFT JOIN contacts c ON c.id = r.target_id;"

/* Step 11 (request-search-external): the index of step 10, with its copy of
 * the text, and the triggers of step 6. */
#define DROP_STEP_11                                                                               \
  "DROP TRIGGER requests_search_insert;"                                                           \
  "DROP TRIGGER requests_search_update;"                                                           \
  "DROP TRIGGER requests_search_delete;"                                                           \
  "DROP TRIGGER contacts_search_rename;"                                                           \
  "DROP TRIGGER requesters_search_rename;"                                                         \
  "DROP TABLE request_search;"                                                                     \
  "DROP VIEW request_search_source;"                                                               \
  "CREATE VIRTUAL TABLE request_search USING fts5 ("                                               \
  "  requester, contact, note_to_connector, note_to_target,"                                       \
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');"                               \
  "INSERT INTO request_search (rowid, requester, contact, note_to_connector, note_to_target)"      \
  "  SELECT r.id, q.name, c.name, r.note_to_connector, r.note_to_target FROM requests r"           \
  "  LEFT JOIN requesters q ON q.id = r.requester_id LEFT JOIN contacts c ON c.id = r.target_id;"  \
  "CREATE TRIGGER requests_search_insert AFTER INSERT ON requests BEGIN"                           \
  "  INSERT INTO request_search (rowid, requester, contact, note_to_connector, note_to_target)"    \
  "  VALUES (NEW.id, (SELECT name FROM requesters WHERE id = NEW.requester_id),"                   \
  "          (SELECT name FROM contacts WHERE id = NEW.target_id),"                                \
  "          NEW.note_to_connector, NEW.note_to_target); END;"                                     \
  "CREATE TRIGGER requests_search_update"                                                          \
  "  AFTER UPDATE OF requester_id, target_id, note_to_connector, note_to_target ON requests"       \
  "  BEGIN DELETE FROM request_search WHERE rowid = OLD.id;"                                       \
  "  INSERT INTO request_search (rowid, requester, contact, note_to_connector, note_to_target)"    \
  "  VALUES (NEW.id, (SELECT name FROM requesters WHERE id = NEW.requester_id),"                   \
  "          (SELECT name FROM contacts WHERE id = NEW.target_id),"                                \
  "          NEW.note_to_connector, NEW.note_to_target); END;"                                     \
  "CREATE TRIGGER requests_search_delete AFTER DELETE ON requests"                                 \
  "  BEGIN DELETE FROM request_search WHERE rowid = OLD.id; END;"                                  \
  "CREATE TRIGGER contacts_search_rename AFTER UPDATE OF name ON contacts"                         \
  "  WHEN OLD.name IS NOT NEW.name BEGIN UPDATE request_search SET contact = NEW.name"             \
  "    WHERE rowid IN (SELECT id FROM requests WHERE target_id = NEW.id); END;"                    \
  "CREATE TRIGGER requesters_search_rename AFTER UPDATE OF name ON requesters"                     \
  "  WHEN OLD.name IS NOT NEW.name BEGIN UPDATE request_search SET requester = NEW.name"           \
  "    WHERE rowid IN (SELECT id FROM requests WHERE requester_id = NEW.id); END;"

/* Step 12 (drop-redundant-indexes). */
#define DROP_STEP_12                                                                               \
  "CREATE INDEX events_request ON events (request_id, at);"                                        \
  "CREATE INDEX requests_requester ON requests (requester_id);"

/* Step 13 (analyzer-version-ids): the analyzer's version as text in each row. */
#define DROP_STEP_13                                                                               \
  "DROP TRIGGER requests_analysis_stale;"                                                          \
  "DROP TRIGGER contacts_analysis_stale;"                                                          \
  "CREATE TABLE request_analysis_old ("                                                            \
  "  request_id INTEGER PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,"                   \
  "  analyzer_version TEXT NOT NULL,"                                                              \
  "  verdict INTEGER NOT NULL CHECK (verdict BETWEEN 1 AND 3),"                                    \
  "  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),"                                      \
  "  elements INTEGER NOT NULL CHECK (elements >= 0),"                                             \
  "  flags INTEGER NOT NULL CHECK (flags >= 0),"                                                   \
  "  lang TEXT);"                                                                                  \
  "INSERT INTO request_analysis_old SELECT a.request_id, v.name, a.verdict, a.score,"              \
  "  a.elements, a.flags, a.lang FROM request_analysis a"                                          \
  "  JOIN analyzer_versions v ON v.id = a.analyzer;"                                               \
  "DROP TABLE request_analysis;"                                                                   \
  "DROP TABLE analyzer_versions;"                                                                  \
  "ALTER TABLE request_analysis_old RENAME TO request_analysis;"                                   \
  "CREATE INDEX request_analysis_verdict ON request_analysis (verdict, analyzer_version);"         \
  "CREATE TRIGGER requests_analysis_stale"                                                         \
  "  AFTER UPDATE OF note_to_target, note_to_connector, target_id ON requests"                     \
  "  WHEN OLD.note_to_target IS NOT NEW.note_to_target"                                            \
  "    OR OLD.note_to_connector IS NOT NEW.note_to_connector"                                      \
  "    OR OLD.target_id IS NOT NEW.target_id"                                                      \
  "  BEGIN DELETE FROM request_analysis WHERE request_id = NEW.id; END;"                           \
  "CREATE TRIGGER contacts_analysis_stale"                                                         \
  "  AFTER UPDATE OF name, position, company, expertise ON contacts"                               \
  "  WHEN OLD.name IS NOT NEW.name OR OLD.position IS NOT NEW.position"                            \
  "    OR OLD.company IS NOT NEW.company OR OLD.expertise IS NOT NEW.expertise"                    \
  "  BEGIN DELETE FROM request_analysis"                                                           \
  "    WHERE request_id IN (SELECT id FROM requests WHERE target_id = NEW.id); END;"

/* Step 14 (events-by-request). */
#define DROP_STEP_14                                                                               \
  "DROP INDEX events_by_request;"                                                                  \
  "CREATE INDEX events_request_action ON events (request_id, action, at);"

/* Step 15 (created-in-request). */
#define DROP_STEP_15                                                                               \
  "INSERT INTO events (request_id, at, action) SELECT id, created_at, 'created' FROM requests;"

/* Step 16 (to-do-index). */
#define DROP_STEP_16                                                                               \
  "DROP INDEX requests_to_do;"                                                                     \
  "CREATE INDEX requests_status ON requests (status);"

/* A new file brought back to version 3: without steps 4 and later. */
#define DROP_TO_V3                                                                                 \
  DROP_STEP_16 DROP_STEP_15 DROP_STEP_14 DROP_STEP_13 DROP_STEP_12 DROP_STEP_11 DROP_STEP_10       \
      DROP_STEP_9 DROP_STEP_8 DROP_STEP_7 DROP_STEP_6 DROP_STEP_5 DROP_STEP_4
