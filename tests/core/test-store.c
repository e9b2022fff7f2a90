/* SPDX-License-Identifier: GPL-3.0-or-later */

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cn-analysis-private.h"
#include "cn-analyzer.h"
#include "cn-import.h"
#include "cn-mail-account.h"
#include "cn-mail.h"
#include "cn-secret.h"
#include "cn-store.h"
#include "cn-store-corrections.h"
#include "cn-test-full-disk.h"
#include "cn-test-schema.h"
#include "cn-test-utils.h"

#define ALL_TABLES                                                                                 \
  "analyzer_versions campaigns contacts drafts events request_analysis request_corrections "       \
  "request_search "                                                                                \
  "request_search_config request_search_data request_search_idx request_triage requesters "        \
  "requests settings templates"

/* A version no Connecteur wrote yet. */
#define TOO_NEW 99
G_STATIC_ASSERT (TOO_NEW > CN_STORE_SCHEMA_VERSION);

typedef struct
{
  char *dir;
  char *path;
} Fixture;

typedef struct
{
  guint added;
  guint changed;
  guint removed;
  guint contacts_changed;
  guint reloaded;
  guint analyses_changed;
  gint64 last_id;
} SignalLog;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->dir = cn_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "connecteur.db", NULL);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  cn_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static CnStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  CnStore *store = cn_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static CnContact *
add_contact (CnStore *store, const char *name)
{
  g_autoptr(GError) error = NULL;
  CnContact *contact = cn_contact_new (name);

  g_assert_true (cn_store_add_contact (store, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cn_contact_get_id (contact), >, 0);
  return contact;
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static void
assert_file_unchanged (const char *path, GBytes *before)
{
  g_autoptr(GBytes) after = read_file (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
on_request_added_cb (CnStore *store, gint64 id, SignalLog *log)
{
  log->added++;
  log->last_id = id;
}

static void
on_request_changed_cb (CnStore *store, gint64 id, SignalLog *log)
{
  log->changed++;
  log->last_id = id;
}

static void
on_request_removed_cb (CnStore *store, gint64 id, SignalLog *log)
{
  log->removed++;
  log->last_id = id;
}

static void
on_contacts_changed_cb (CnStore *store, SignalLog *log)
{
  log->contacts_changed++;
}

static void
on_reloaded_cb (CnStore *store, SignalLog *log)
{
  log->reloaded++;
}

static void
on_analyses_changed_cb (CnStore *store, SignalLog *log)
{
  log->analyses_changed++;
}

static void
watch_signals (CnStore *store, SignalLog *log)
{
  g_signal_connect (store, "analyses-changed", G_CALLBACK (on_analyses_changed_cb), log);
  g_signal_connect (store, "request-added", G_CALLBACK (on_request_added_cb), log);
  g_signal_connect (store, "request-changed", G_CALLBACK (on_request_changed_cb), log);
  g_signal_connect (store, "request-removed", G_CALLBACK (on_request_removed_cb), log);
  g_signal_connect (store, "contacts-changed", G_CALLBACK (on_contacts_changed_cb), log);
  g_signal_connect (store, "reloaded", G_CALLBACK (on_reloaded_cb), log);
}

/* Opening and migrating */

static void
test_create_from_nothing (Fixture *fixture, gconstpointer data)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "data", "connecteur", NULL);
  g_autofree char *path = g_build_filename (folder, "connecteur.db", NULL);
  g_autoptr(CnStore) store = NULL;
  g_autofree char *tables = NULL;
  GStatBuf st;

  store = open_store (path);
  g_assert_cmpstr (cn_store_get_path (store), ==, path);
  g_assert_cmpint (cn_store_get_schema_version (store), ==, CN_STORE_SCHEMA_VERSION);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* The folder is private: the database holds other people's messages. */
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_clear_object (&store);
  g_assert_cmpint (cn_test_query_int (path, "PRAGMA user_version"), ==, CN_STORE_SCHEMA_VERSION);
  g_assert_cmpint (cn_test_query_int (path, "PRAGMA application_id"), !=, 0);
  {
    /* Bytes 18 and 19 of the header say 2 in WAL mode. */
    g_autoptr(GBytes) bytes = read_file (path);
    const guint8 *header = g_bytes_get_data (bytes, NULL);

    g_assert_cmpuint (g_bytes_get_size (bytes), >, 100);
    g_assert_cmpuint (header[18], ==, 2);
    g_assert_cmpuint (header[19], ==, 2);
  }
  tables = cn_test_list_tables (path);
  g_assert_cmpstr (tables, ==, ALL_TABLES);
}

static void
test_default_path (void)
{
  g_autofree char *fallback = NULL;
  g_autofree char *from_env = NULL;
  g_autofree char *expected = NULL;

  g_setenv ("CONNECTEUR_DB", "/somewhere/else.db", TRUE);
  from_env = cn_store_default_path ();
  g_assert_cmpstr (from_env, ==, "/somewhere/else.db");

  g_unsetenv ("CONNECTEUR_DB");
  fallback = cn_store_default_path ();
  expected = g_build_filename (g_get_user_data_dir (), "connecteur", "connecteur.db", NULL);
  g_assert_cmpstr (fallback, ==, expected);
}

static void
test_migrate_from_v0 (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = NULL;
  g_autofree char *tables = NULL;

  /* A real, empty SQLite file (a header, no tables) at version 0. */
  cn_test_exec_sql (fixture->path, "CREATE TABLE scratch (x); DROP TABLE scratch;");
  g_assert_cmpint (cn_test_query_int (fixture->path, "PRAGMA user_version"), ==, 0);

  store = open_store (fixture->path);
  g_assert_cmpint (cn_store_get_schema_version (store), ==, CN_STORE_SCHEMA_VERSION);
  g_clear_object (&store);

  g_assert_cmpint (cn_test_query_int (fixture->path, "PRAGMA user_version"), ==,
                   CN_STORE_SCHEMA_VERSION);
  tables = cn_test_list_tables (fixture->path);
  g_assert_cmpstr (tables, ==, ALL_TABLES);
}

/* A version 1 database (as the first release wrote it) gains the analyses
 * table and keeps its data. */
static void
test_migrate_from_v1 (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) contact = add_contact (store, "Léa Dubois");
  g_autoptr(CnRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tables = NULL;
  gint64 id;

  id = cn_test_add_request (store, "Marc Petit", cn_contact_get_id (contact), 1700000000,
                            "Bonjour Léa");
  g_clear_object (&store);

  /* Version 1 is version 4 without steps 2, 3 and 4. */
  cn_test_exec_sql (fixture->path,
                    DROP_STEP_16 DROP_STEP_15 DROP_STEP_14 DROP_STEP_13 DROP_STEP_12 DROP_STEP_11
                        DROP_STEP_10 DROP_STEP_9 DROP_STEP_8 DROP_STEP_7 DROP_STEP_6 DROP_STEP_5
                            DROP_STEP_4 DROP_STEP_3 "DROP TRIGGER requests_analysis_stale;"
                                                    "DROP TRIGGER contacts_analysis_stale;"
                                                    "DROP TABLE request_analysis;"
                                                    "PRAGMA user_version = 1;");
  tables = cn_test_list_tables (fixture->path);
  g_assert_cmpstr (tables, ==, "contacts events requesters requests templates");
  g_clear_pointer (&tables, g_free);

  store = open_store (fixture->path);
  g_assert_cmpint (cn_store_get_schema_version (store), ==, CN_STORE_SCHEMA_VERSION);
  g_assert_cmpuint (cn_store_count_requests (store), ==, 1);
  g_assert_cmpuint (cn_store_count_pending_analyses (store), ==, 1);
  request = cn_store_get_request (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn_request_get_note_to_target (request), ==, "Bonjour Léa");
  g_assert_cmpstr (cn_request_get_target_name (request), ==, "Léa Dubois");
  g_assert_cmpint (cn_request_get_verdict (request), ==, CN_VERDICT_NONE);
  g_clear_object (&store);

  g_assert_cmpint (cn_test_query_int (fixture->path, "PRAGMA user_version"), ==,
                   CN_STORE_SCHEMA_VERSION);
  tables = cn_test_list_tables (fixture->path);
  g_assert_cmpstr (tables, ==, ALL_TABLES);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM sqlite_master"
                                                     " WHERE type = 'trigger'"),
                   ==, 10);
}

/* A version 4 database gains the drafts table; its requests stay. */
static void
test_migrate_from_v4 (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) contact = add_contact (store, "Léa Dubois");
  g_autofree char *tables = NULL;
  gint64 id;

  id = cn_test_add_request (store, "Marc Petit", cn_contact_get_id (contact), 1700000000,
                            "Bonjour Léa");
  g_clear_object (&store);
  cn_test_exec_sql (fixture->path,
                    DROP_STEP_16 DROP_STEP_15 DROP_STEP_14 DROP_STEP_13 DROP_STEP_12 DROP_STEP_11
                        DROP_STEP_10 DROP_STEP_9 DROP_STEP_8 DROP_STEP_7 DROP_STEP_6 DROP_STEP_5
                    "PRAGMA user_version = 4;");

  store = open_store (fixture->path);
  g_assert_cmpint (cn_store_get_schema_version (store), ==, CN_STORE_SCHEMA_VERSION);
  g_assert_cmpuint (cn_store_count_requests (store), ==, 1);
  g_assert_true (cn_store_save_draft (store, id, CN_RELATIONSHIP_PERSONAL, NULL, NULL, NULL));
  g_clear_object (&store);
  tables = cn_test_list_tables (fixture->path);
  g_assert_cmpstr (tables, ==, ALL_TABLES);
}

/* A version 5 database gains the search index, filled with the requests it
 * already holds, and the index follows later changes. */
static void
test_migrate_from_v5 (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) contact = add_contact (store, "Zoë Müller");
  g_autoptr(GArray) ids = NULL;
  CnRequestQuery query = CN_REQUEST_QUERY_INIT;
  gint64 id;

  id = cn_test_add_request (store, "Jérôme Dubois", cn_contact_get_id (contact), 1700000000,
                            "Une reconversion vers l'outplacement");
  g_clear_object (&store);
  cn_test_exec_sql (fixture->path,
                    DROP_STEP_16 DROP_STEP_15 DROP_STEP_14 DROP_STEP_13 DROP_STEP_12 DROP_STEP_11
                        DROP_STEP_10 DROP_STEP_9 DROP_STEP_8 DROP_STEP_7 DROP_STEP_6
                    "PRAGMA user_version = 5;");

  store = open_store (fixture->path);
  g_assert_cmpint (cn_store_get_schema_version (store), ==, CN_STORE_SCHEMA_VERSION);
  query.search = "muller jerome";
  ids = cn_store_list_request_ids_query (store, &query, NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id);
}

/* A version 6 database gains the corrections table; its requests, drafts
 * and analyses stay, and a correction can be stored at once. */
static void
test_migrate_from_v6 (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) contact = add_contact (store, "Léa Dubois");
  g_autoptr(GArray) corrections = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *backup = NULL;
  const CnCorrection missing = { FALSE, CN_ELEMENT_WHY_YOU, CN_CORRECTION_MISSING };
  gint64 id;

  id = cn_test_add_request (store, "Marc Petit", cn_contact_get_id (contact), 1700000000,
                            "Bonjour Léa");
  g_assert_true (cn_store_save_draft (store, id, CN_RELATIONSHIP_PERSONAL, NULL, NULL, NULL));
  g_clear_object (&store);
  cn_test_exec_sql (fixture->path, DROP_STEP_16 DROP_STEP_15 DROP_STEP_14 DROP_STEP_13 DROP_STEP_12
                                       DROP_STEP_11 DROP_STEP_10 DROP_STEP_9 DROP_STEP_8 DROP_STEP_7
                    "PRAGMA user_version = 6;");
  tables = cn_test_list_tables (fixture->path);
  g_assert_null (strstr (tables, "request_corrections"));
  g_clear_pointer (&tables, g_free);

  store = open_store (fixture->path);
  g_assert_cmpint (cn_store_get_schema_version (store), ==, CN_STORE_SCHEMA_VERSION);
  g_assert_cmpuint (cn_store_count_requests (store), ==, 1);
  g_assert_true (cn_store_load_draft (store, id, NULL, NULL, NULL));
  g_assert_true (
      cn_store_set_correction (store, cn_analyzer_get_default (), id, &missing, NULL, &error));
  g_assert_no_error (error);
  corrections = cn_store_list_corrections (store, id, &error);
  g_assert_cmpuint (corrections->len, ==, 1);
  g_clear_object (&store);

  tables = cn_test_list_tables (fixture->path);
  g_assert_cmpstr (tables, ==, ALL_TABLES);
  backup = g_strdup_printf ("%s.v6.backup", fixture->path);
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
}

/* A version 7 database gains the requesters' standing; its requests stay. */
static void
test_migrate_from_v7 (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) contact = add_contact (store, "Léa Dubois");
  g_autoptr(CnRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = cn_test_add_request (store, "Marc Petit", cn_contact_get_id (contact), 1700000000,
                            "Bonjour Léa");
  g_clear_object (&store);
  cn_test_exec_sql (fixture->path,
                    DROP_STEP_16 DROP_STEP_15 DROP_STEP_14 DROP_STEP_13 DROP_STEP_12 DROP_STEP_11
                        DROP_STEP_10 DROP_STEP_9 DROP_STEP_8 "PRAGMA user_version = 7;");
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM pragma_table_info"
                                                     " ('requesters') WHERE name = 'standing'"),
                   ==, 0);

  store = open_store (fixture->path);
  g_assert_cmpint (cn_store_get_schema_version (store), ==, CN_STORE_SCHEMA_VERSION);
  request = cn_test_get_request (store, id);
  g_assert_cmpint (cn_request_get_requester_standing (request), ==, CN_REQUESTER_STANDING_NONE);
  g_assert_true (cn_store_set_requester_standing (store, cn_request_get_requester_id (request),
                                                  CN_REQUESTER_STANDING_TRUSTED, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT standing FROM requesters"), ==,
                   CN_REQUESTER_STANDING_TRUSTED);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM sqlite_master"
                                                     " WHERE name = 'requesters_standing'"),
                   ==, 1);
}

/* A version 8 database gains how contacts are addressed: "vous" for all,
 * until one is told otherwise. */
static void
test_migrate_from_v8 (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) contact = add_contact (store, "Léa Dubois");
  g_autoptr(CnContact) read = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&store);
  cn_test_exec_sql (fixture->path,
                    DROP_STEP_16 DROP_STEP_15 DROP_STEP_14 DROP_STEP_13 DROP_STEP_12 DROP_STEP_11
                        DROP_STEP_10 DROP_STEP_9 "PRAGMA user_version = 8;");

  store = open_store (fixture->path);
  g_assert_cmpint (cn_store_get_schema_version (store), ==, CN_STORE_SCHEMA_VERSION);
  read = cn_store_get_contact (store, cn_contact_get_id (contact), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn_contact_get_name (read), ==, "Léa Dubois");
  g_assert_cmpint (cn_contact_get_address_form (read), ==, CN_REGISTER_VOUS);
}

/* A version 9 database gets the search index with prefixes, built again
 * from its requests: what could be found still is, and the index follows
 * what comes next. */
static void
test_migrate_from_v9 (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) contact = add_contact (store, "Léa Dubois");
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  CnRequestQuery query = CN_REQUEST_QUERY_INIT;
  gint64 id, later;

  id = cn_test_add_request (store, "Marc Petit", cn_contact_get_id (contact), 1700000000,
                            "Un projet de recrutement");
  g_clear_object (&store);
  cn_test_exec_sql (fixture->path, DROP_STEP_16 DROP_STEP_15 DROP_STEP_14 DROP_STEP_13 DROP_STEP_12
                                       DROP_STEP_11 DROP_STEP_10 "PRAGMA user_version = 9;");
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM sqlite_master"
                                                     " WHERE name = 'request_search'"
                                                     " AND sql LIKE '%prefix%'"),
                   ==, 0);

  store = open_store (fixture->path);
  g_assert_cmpint (cn_store_get_schema_version (store), ==, CN_STORE_SCHEMA_VERSION);
  later = cn_test_add_request (store, "Zoé Roux", cn_contact_get_id (contact), 1700000100,
                               "Recrutement encore");
  query.search = "r";
  ids = cn_store_list_request_ids_query (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, later);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, id);
  g_clear_pointer (&ids, g_array_unref);
  query.search = "lé pet";
  ids = cn_store_list_request_ids_query (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id);
  g_clear_object (&store);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM sqlite_master"
                                                     " WHERE name = 'request_search'"
                                                     " AND sql LIKE '%prefix%'"),
                   ==, 1);
}

/* Texts searched as they would be typed, and the FTS5 query the store makes
 * of each (one word of the index per typed word). */
static const char *const searches[][2] = {
  { "muller", "\"muller\"*" },
  { "jer", "\"jer\"*" },
  { "d", "\"d\"*" },
  { "lé pet", "\"lé\"* \"pet\"*" },
  { "recrut", "\"recrut\"*" },
  { "zoe recrutement", "\"zoe\"* \"recrutement\"*" },
  { "e", "\"e\"*" },
  { "xyz", "\"xyz\"*" },
  { "outplacement", "\"outplacement\"*" },
};

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The requests a search for @search finds, by id: "1 3". */
static char *
ids_found (CnStore *store, const char *search)
{
  CnRequestQuery query = CN_REQUEST_QUERY_INIT;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  GString *found = g_string_new (NULL);

  query.search = search;
  ids = cn_store_list_request_ids_query (store, &query, &error);
  g_assert_no_error (error);
  g_array_sort (ids, compare_ids);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (found, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "",
                            g_array_index (ids, gint64, i));
  return g_string_free (found, FALSE);
}

/* What the index of the file at @path finds for @match, read by SQL. */
static char *
ids_matched (const char *path, const char *match)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *found = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT rowid FROM request_search"
                                       " WHERE request_search MATCH ?1 ORDER BY rowid",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (found, "%s%" G_GINT64_FORMAT, found->len > 0 ? " " : "",
                            (gint64) sqlite3_column_int64 (stmt, 0));
  g_assert_cmpint (sqlite3_errcode (db), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (found, FALSE);
}

/* Requests that say the words of the searches above, in both names and
 * notes, one with a contact renamed and one with no contact. */
static void
add_search_requests (CnStore *store)
{
  g_autoptr(CnContact) lea = add_contact (store, "Léa Dubois");
  g_autoptr(CnContact) zoe = add_contact (store, "Zoë Müller");
  g_autoptr(GError) error = NULL;

  cn_test_add_request (store, "Marc Petit", cn_contact_get_id (lea), 1700000000,
                       "Un projet de recrutement");
  cn_test_add_request (store, "Jérôme Dubois", cn_contact_get_id (zoe), 1700000100,
                       "Une reconversion vers l'outplacement");
  cn_test_add_request (store, "Hélène Vasseur", 0, 1700000200, "Échange de vingt minutes");
  cn_contact_set_name (zoe, "Zoé Müller-Roux");
  g_assert_true (cn_store_update_contact (store, zoe, &error));
  g_assert_no_error (error);
}

/* A version 10 database gets the search index that keeps no copy of the
 * text nor where words are, built from its requests: every search finds
 * what the old index found, and the index follows what comes next. */
static void
test_migrate_from_v10 (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *tables = NULL;

  add_search_requests (store);
  g_clear_object (&store);
  cn_test_exec_sql (fixture->path,
                    DROP_STEP_16 DROP_STEP_15 DROP_STEP_14 DROP_STEP_13 DROP_STEP_12 DROP_STEP_11
                    "PRAGMA user_version = 10;");
  tables = cn_test_list_tables (fixture->path);
  g_assert_nonnull (strstr (tables, "request_search_content"));
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    g_ptr_array_add (before, ids_matched (fixture->path, searches[i][1]));
  g_assert_cmpstr (g_ptr_array_index (before, 0), ==, "2");
  g_assert_cmpstr (g_ptr_array_index (before, 3), ==, "1");

  store = open_store (fixture->path);
  g_assert_cmpint (cn_store_get_schema_version (store), ==, CN_STORE_SCHEMA_VERSION);
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autofree char *found = ids_found (store, searches[i][0]);

      g_assert_cmpstr (found, ==, g_ptr_array_index (before, i));
    }
  g_clear_object (&store);
  g_clear_pointer (&tables, g_free);
  tables = cn_test_list_tables (fixture->path);
  g_assert_cmpstr (tables, ==, ALL_TABLES);
  cn_test_exec_sql (fixture->path,
                    "INSERT INTO request_search (request_search) VALUES ('integrity-check');");
}

/* An upgrade that frees much of the file (the search index's copy of the
 * text) leaves it compact, not full of free pages. */
static void
test_migration_compacts (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(GString) note = g_string_new (NULL);
  GStatBuf before, after;

  for (guint i = 0; note->len < 3000; i++)
    g_string_append_printf (note, "mot%u ", i);
  for (guint i = 0; i < 200; i++)
    cn_test_add_request (store, "Marc Petit", 0, 1700000000 + i, note->str);
  g_clear_object (&store);
  cn_test_exec_sql (fixture->path,
                    DROP_STEP_16 DROP_STEP_15 DROP_STEP_14 DROP_STEP_13 DROP_STEP_12 DROP_STEP_11
                    "PRAGMA user_version = 10; VACUUM;");
  g_assert_cmpint (g_stat (fixture->path, &before), ==, 0);

  store = open_store (fixture->path);
  g_assert_cmpint (cn_store_get_schema_version (store), ==, CN_STORE_SCHEMA_VERSION);
  g_clear_object (&store);
  g_assert_cmpint (cn_test_query_int (fixture->path, "PRAGMA freelist_count"), ==, 0);
  g_assert_cmpint (g_stat (fixture->path, &after), ==, 0);
  g_assert_cmpint (after.st_size * 3, <, before.st_size * 2);
}

/* A version 11 database loses the two indexes others start like; a
 * request's history and a requester's requests still read in order. */
static void
test_migrate_from_v11 (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) contact = add_contact (store, "Léa Dubois");
  g_autoptr(CnRequest) request = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  const char *count = "SELECT count(*) FROM sqlite_master WHERE name IN"
                      " ('events_request', 'requests_requester')";
  gint64 first, second;

  first = cn_test_add_request (store, "Marc Petit", cn_contact_get_id (contact), 1700000100, "A");
  second = cn_test_add_request (store, "Marc Petit", cn_contact_get_id (contact), 1700000000, "B");
  g_assert_true (cn_store_add_event (store, first, CN_EVENT_ACTION_ASKED, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  cn_test_exec_sql (fixture->path, DROP_STEP_16 DROP_STEP_15 DROP_STEP_14 DROP_STEP_13 DROP_STEP_12
                    "PRAGMA user_version = 11;");
  g_assert_cmpint (cn_test_query_int (fixture->path, count), ==, 2);

  store = open_store (fixture->path);
  g_assert_cmpint (cn_store_get_schema_version (store), ==, CN_STORE_SCHEMA_VERSION);
  events = cn_store_list_events (store, first, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (((CnEvent *) g_ptr_array_index (events, 0))->action, ==,
                   CN_EVENT_ACTION_CREATED);
  g_assert_cmpint (((CnEvent *) g_ptr_array_index (events, 1))->action, ==, CN_EVENT_ACTION_ASKED);
  request = cn_test_get_request (store, first);
  ids = cn_store_list_requester_request_ids (store, cn_request_get_requester_id (request), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, first);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, second);
  g_clear_object (&store);
  g_assert_cmpint (cn_test_query_int (fixture->path, count), ==, 0);
}

/* A version 14 database keeps each request's arrival as a row of events:
 * the upgrade moves its date into the request (example data dated theirs
 * back) and the history still starts with it, before what came next. */
static void
test_migrate_from_v14 (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) contact = add_contact (store, "Léa Dubois");
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  const CnEvent *event;
  gint64 first, second;

  first = cn_test_add_request (store, "Marc Petit", cn_contact_get_id (contact), 1700000100, "A");
  second = cn_test_add_request (store, "Anne Noir", cn_contact_get_id (contact), 1700000000, "B");
  g_assert_true (cn_store_add_event (store, first, CN_EVENT_ACTION_ASKED, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  cn_test_exec_sql (fixture->path,
                    DROP_STEP_16 DROP_STEP_15 "UPDATE events SET at = 1600000000"
                                              " WHERE action = 'created' AND request_id = 1;"
                                              "PRAGMA user_version = 14;");
  g_assert_cmpint (first, ==, 1);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM events"), ==, 3);

  store = open_store (fixture->path);
  g_assert_cmpint (cn_store_get_schema_version (store), ==, CN_STORE_SCHEMA_VERSION);
  events = cn_store_list_events (store, first, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpint (event->action, ==, CN_EVENT_ACTION_CREATED);
  g_assert_cmpint (event->at, ==, 1600000000);
  g_assert_cmpint (event->request_id, ==, first);
  g_assert_null (event->text);
  g_assert_cmpint (((CnEvent *) g_ptr_array_index (events, 1))->action, ==, CN_EVENT_ACTION_ASKED);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = cn_store_list_events (store, second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (((CnEvent *) g_ptr_array_index (events, 0))->action, ==,
                   CN_EVENT_ACTION_CREATED);
  g_assert_cmpint (((CnEvent *) g_ptr_array_index (events, 0))->at, >, 1600000000);
  g_clear_object (&store);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM events"), ==, 1);
  g_assert_cmpint (cn_test_query_int (fixture->path,
                                      "SELECT created_at FROM requests WHERE id = 1"),
                   ==, 1600000000);
}

static CnAnalysis *
make_analysis (CnVerdict verdict, guint score, guint element_mask, guint flag_mask);

/* A version 12 database names the analyzer of each analysis by its version
 * text; once upgraded, each analysis keeps its verdict and counts as current
 * only for the analyzer that made it. */
static void
test_migrate_from_v12 (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) contact = add_contact (store, "Léa Dubois");
  g_autoptr(CnAnalysis) good = make_analysis (CN_VERDICT_MOTIVATED, 86, 0x3f, 0);
  g_autoptr(CnAnalysis) poor = make_analysis (CN_VERDICT_UNSUITABLE, 12, 0x01, 0x05);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a, b, c;

  a = cn_test_add_request (store, "Marc Petit", cn_contact_get_id (contact), 1700000000, "A");
  b = cn_test_add_request (store, "Anne Noir", cn_contact_get_id (contact), 1700000100, "B");
  c = cn_test_add_request (store, "Jean Gris", cn_contact_get_id (contact), 1700000200, "C");
  g_assert_true (cn_store_set_analysis (store, a, "4-older", good, &error));
  g_assert_true (cn_store_set_analysis (store, b, "5-newer", poor, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  cn_test_exec_sql (fixture->path, DROP_STEP_16 DROP_STEP_15 DROP_STEP_14 DROP_STEP_13
                    "PRAGMA user_version = 12;");
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM request_analysis"
                                                     " WHERE analyzer_version = '5-newer'"),
                   ==, 1);

  store = open_store (fixture->path);
  g_assert_cmpint (cn_store_get_schema_version (store), ==, CN_STORE_SCHEMA_VERSION);
  cn_store_set_analyzer_version (store, "5-newer");
  g_assert_cmpint (cn_store_get_request_verdict (store, b), ==, CN_VERDICT_UNSUITABLE);
  g_assert_cmpint (cn_store_get_request_verdict (store, a), ==, CN_VERDICT_NONE);
  g_assert_cmpuint (cn_store_count_pending_analyses (store), ==, 2);
  ids = cn_store_list_request_ids_by_verdict (store, CN_VERDICT_UNSUITABLE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, b);
  g_clear_pointer (&ids, g_array_unref);

  cn_store_set_analyzer_version (store, "4-older");
  g_assert_cmpint (cn_store_get_request_verdict (store, a), ==, CN_VERDICT_MOTIVATED);
  g_assert_cmpint (cn_store_get_request_verdict (store, b), ==, CN_VERDICT_NONE);
  ids = cn_store_list_request_ids_by_verdict (store, CN_VERDICT_MOTIVATED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, a);

  /* A version the file has never seen: everything is pending, and its
   * first analysis is stored. */
  cn_store_set_analyzer_version (store, "6-next");
  g_assert_cmpuint (cn_store_count_pending_analyses (store), ==, 3);
  g_assert_true (cn_store_set_analysis (store, c, "6-next", good, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cn_store_get_request_verdict (store, c), ==, CN_VERDICT_MOTIVATED);
  g_assert_cmpuint (cn_store_count_pending_analyses (store), ==, 2);

  /* The edit triggers made again still drop an analysis. */
  g_assert_true (cn_store_edit_request (store, c, cn_contact_get_id (contact), 1700000200, "",
                                        "Autre chose", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cn_store_get_request_verdict (store, c), ==, CN_VERDICT_NONE);
}

/* The index keeps no copy of what it indexes: each change takes out the
 * words the request had and puts in those it has. FTS5's integrity check
 * compares the index with the requests after each. */
static void
test_search_index_follows_changes (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) lea = NULL;
  g_autoptr(CnContactDeletion) deletion = NULL;
  g_autoptr(GError) error = NULL;
  const char *check = "INSERT INTO request_search (request_search) VALUES ('integrity-check');";
  g_autofree char *found = NULL;

  add_search_requests (store);
  cn_test_exec_sql (fixture->path, check);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM sqlite_master"
                                                     " WHERE name = 'request_search_content'"),
                   ==, 0);

  /* A note edited, and the request given another contact. */
  g_assert_true (cn_store_edit_request (store, 1, 2, 1700000000, "", "Une mission courte", &error));
  g_assert_no_error (error);
  cn_test_exec_sql (fixture->path, check);
  found = ids_found (store, "recrut");
  g_assert_cmpstr (found, ==, "");
  g_clear_pointer (&found, g_free);
  found = ids_found (store, "mission roux");
  g_assert_cmpstr (found, ==, "1");
  g_clear_pointer (&found, g_free);

  /* A contact renamed. */
  lea = cn_store_get_contact (store, 1, &error);
  g_assert_no_error (error);
  cn_contact_set_name (lea, "Léa Martin");
  g_assert_true (cn_store_update_contact (store, lea, &error));
  cn_test_exec_sql (fixture->path, check);

  /* A contact deleted, its requests moved to another, then put back. */
  deletion = cn_store_delete_contact (store, 2, CN_CONTACT_DELETE_MOVE_REQUESTS, 1, &error);
  g_assert_no_error (error);
  cn_test_exec_sql (fixture->path, check);
  found = ids_found (store, "martin");
  g_assert_cmpstr (found, ==, "1 2");
  g_clear_pointer (&found, g_free);
  g_assert_true (cn_store_undo_contact_deletion (store, deletion, &error));
  g_assert_no_error (error);
  cn_test_exec_sql (fixture->path, check);
  found = ids_found (store, "muller");
  g_assert_cmpstr (found, ==, "1 2");
  g_clear_pointer (&found, g_free);

  /* A contact deleted with its requests, then put back. */
  g_clear_pointer (&deletion, cn_contact_deletion_free);
  deletion = cn_store_delete_contact (store, 2, CN_CONTACT_DELETE_WITH_REQUESTS, 0, &error);
  g_assert_no_error (error);
  cn_test_exec_sql (fixture->path, check);
  found = ids_found (store, "e");
  g_assert_cmpstr (found, ==, "3");
  g_clear_pointer (&found, g_free);
  g_assert_true (cn_store_undo_contact_deletion (store, deletion, &error));
  g_assert_no_error (error);
  cn_test_exec_sql (fixture->path, check);

  /* A request deleted. */
  g_assert_true (cn_store_delete_request (store, 3, &error));
  g_assert_no_error (error);
  cn_test_exec_sql (fixture->path, check);
  found = ids_found (store, "vingt");
  g_assert_cmpstr (found, ==, "");
}

/* A word with a letter FTS5's tables do not know as one (New Tai Lue's
 * vowel signs, letters since Unicode 8) is two words of the index: it is
 * found from both, where the index, keeping no positions, would refuse the
 * phrase they make. */
static void
test_search_word_fts5_cuts (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  CnRequestQuery query = CN_REQUEST_QUERY_INIT;
  g_autofree char *found = NULL;
  gint64 id;

  g_assert_true (g_unichar_isalnum (0x19B0));
  id = cn_test_add_request (store, "Marc Petit", 0, 1700000000, "Un mot kab\u19B0cdef ici");
  cn_test_add_request (store, "Zoé Roux", 0, 1700000100, "Un autre mot");
  found = ids_found (store, "kab\u19B0cd");
  g_assert_cmpstr (found, ==, "1");
  query.search = "kab\u19B0cd";
  g_assert_true (cn_store_request_matches_query (store, id, &query));
  query.search = "kab\u19B0xy";
  g_assert_false (cn_store_request_matches_query (store, id, &query));
}

/* What the connector left in the editor survives a restart, follows its
 * request, and goes once discarded. */
static void
test_drafts (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *lang = NULL;
  CnRelationship relationship = CN_RELATIONSHIP_UNSET;
  gint64 id, other;

  {
    g_autoptr(CnStore) store = open_store (fixture->path);
    g_autoptr(CnContact) contact = add_contact (store, "Léa Dubois");

    id = cn_test_add_request (store, "Marc Petit", cn_contact_get_id (contact), 1700000000, "A");
    other = cn_test_add_request (store, "Zoé Roux", cn_contact_get_id (contact), 1700000100, "B");
    g_assert_false (cn_store_load_draft (store, id, &relationship, &text, &lang));
    g_assert_true (cn_store_save_draft (store, id, CN_RELATIONSHIP_MET_ONCE, "Bonjour {target}",
                                        "fr", &error));
    g_assert_no_error (error);
    g_assert_true (
        cn_store_save_draft (store, other, CN_RELATIONSHIP_PERSONAL, NULL, NULL, &error));
    /* A request that is gone has no draft. */
    g_assert_false (
        cn_store_save_draft (store, 9999, CN_RELATIONSHIP_PERSONAL, NULL, NULL, &error));
    g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT);
    g_assert_cmpstr (error->message, ==, "This request no longer exists.");
    g_clear_error (&error);
  }
  {
    g_autoptr(CnStore) store = open_store (fixture->path);

    g_assert_true (cn_store_load_draft (store, id, &relationship, &text, &lang));
    g_assert_cmpint (relationship, ==, CN_RELATIONSHIP_MET_ONCE);
    g_assert_cmpstr (text, ==, "Bonjour {target}");
    g_assert_cmpstr (lang, ==, "fr");
    g_clear_pointer (&text, g_free);
    g_clear_pointer (&lang, g_free);
    g_assert_true (cn_store_load_draft (store, other, &relationship, &text, &lang));
    g_assert_cmpint (relationship, ==, CN_RELATIONSHIP_PERSONAL);
    g_assert_null (text);
    g_assert_null (lang);

    g_assert_true (cn_store_delete_draft (store, id, &error));
    g_assert_false (cn_store_load_draft (store, id, NULL, NULL, NULL));
    g_assert_true (cn_store_delete_request (store, other, &error));
    g_assert_no_error (error);
    g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM drafts"), ==, 0);
  }
}

static void
test_migration_failure_rolls_back (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autofree char *tables = NULL;

  /* A table named like ours but of another shape makes step 1 fail halfway. */
  cn_test_exec_sql (fixture->path, "CREATE TABLE contacts (handle TEXT, score REAL);"
                                   "INSERT INTO contacts VALUES ('kept', 1.5);");

  store = cn_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_MIGRATION);
  g_assert_nonnull (strstr (error->message, "create-tables"));
  g_assert_nonnull (strstr (error->message, fixture->path));

  g_assert_cmpint (cn_test_query_int (fixture->path, "PRAGMA user_version"), ==, 0);
  tables = cn_test_list_tables (fixture->path);
  g_assert_cmpstr (tables, ==, "contacts");
  g_assert_cmpint (cn_test_query_int (fixture->path,
                                      "SELECT count(*) FROM contacts WHERE handle = 'kept'"),
                   ==, 1);
}

static void
test_reopen_keeps_data (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) contact = add_contact (store, "Léa Dubois");
  g_autoptr(CnRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = cn_test_add_request (store, "Marc Petit", cn_contact_get_id (contact), 1700000000,
                            "Bonjour Léa");
  g_clear_object (&store);

  store = open_store (fixture->path);
  g_assert_cmpuint (cn_store_count_requests (store), ==, 1);
  g_assert_cmpuint (cn_store_count_contacts (store), ==, 1);
  request = cn_store_get_request (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn_request_get_requester_name (request), ==, "Marc Petit");
  g_assert_cmpstr (cn_request_get_target_name (request), ==, "Léa Dubois");
  g_assert_cmpint (cn_request_get_target_id (request), ==, cn_contact_get_id (contact));
  g_assert_cmpint (cn_request_get_received_at (request), ==, 1700000000);
  g_assert_cmpstr (cn_request_get_note_to_target (request), ==, "Bonjour Léa");
  g_assert_cmpstr (cn_request_get_source (request), ==, "manual");
  g_assert_cmpint (cn_request_get_status (request), ==, CN_REQUEST_STATUS_NEW);
}

static void
test_refuse_newer_version (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) contact = add_contact (store, "Future Person");
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  g_clear_object (&store);
  /* What a later Connecteur would leave behind. */
  cn_test_exec_sql (fixture->path, "PRAGMA user_version = " G_STRINGIFY (TOO_NEW) ";");
  before = read_file (fixture->path);

  store = cn_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, fixture->path));
  version = g_strdup_printf ("%d", TOO_NEW);
  g_assert_nonnull (strstr (error->message, version));

  assert_file_unchanged (fixture->path, before);
  g_assert_cmpint (cn_test_query_int (fixture->path, "PRAGMA user_version"), ==, TOO_NEW);
}

static void
test_refuse_garbage (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GString) junk = g_string_new (NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = NULL;

  for (int i = 0; i < 200; i++)
    g_string_append (junk, "This is a shopping list, not a database. ");
  g_assert_true (g_file_set_contents (fixture->path, junk->str, junk->len, NULL));
  before = read_file (fixture->path);

  store = cn_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, fixture->path));

  assert_file_unchanged (fixture->path, before);
}

/* A file in WAL mode may keep an empty log beside it: nothing was written. */
static void
assert_wal_file_unchanged (const char *path, GBytes *before)
{
  g_autoptr(GBytes) after = read_file (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf info;

  g_assert_true (g_bytes_equal (before, after));
  if (g_stat (wal, &info) == 0)
    g_assert_cmpint (info.st_size, ==, 0);
}

static void
on_checked_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
check (CnStore *store, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cn_store_check_async (store, NULL, on_checked_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return cn_store_check_finish (store, result, error);
}

/* The window opens with the integrity check left for later (it reads every
 * page): a damaged file is still reported as damaged, and never written. */
static void
test_check_later (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnContact) extra = cn_contact_new ("Zoé Martin");
  g_autoptr(GBytes) before = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  int page_size;
  int root;

  /* A new file is checked at once (opening it writes). */
  store = cn_store_open_with_flags (fixture->path, CN_STORE_OPEN_CHECK_LATER, &error);
  g_assert_no_error (error);
  g_assert_false (cn_store_needs_check (store));
  g_assert_true (cn_store_begin (store, &error));
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *name = g_strdup_printf ("Personne numéro %u de la liste", i);
      g_autoptr(CnContact) contact = cn_contact_new (name);

      g_assert_true (cn_store_add_contact (store, contact, &error));
    }
  g_assert_true (cn_store_commit (store, &error));
  g_clear_object (&store);

  /* A sound file: checked later, and found sound. */
  store = cn_store_open_with_flags (fixture->path, CN_STORE_OPEN_CHECK_LATER, &error);
  g_assert_no_error (error);
  g_assert_true (cn_store_needs_check (store));
  g_assert_true (check (store, &error));
  g_assert_no_error (error);
  g_assert_false (cn_store_needs_check (store));
  g_clear_object (&store);

  /* Damage the index of names, which opening does not read. */
  page_size = cn_test_query_int (fixture->path, "PRAGMA page_size");
  root = cn_test_query_int (fixture->path,
                            "SELECT rootpage FROM sqlite_schema WHERE name = 'contacts_name'");
  g_assert_cmpint (root, >, 1);
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  memset (contents + (gsize) (root - 1) * page_size, 0xa5, 64);
  g_assert_true (g_file_set_contents (fixture->path, contents, length, NULL));
  before = read_file (fixture->path);

  /* Opened the usual way, it is refused at once. */
  store = cn_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
  assert_wal_file_unchanged (fixture->path, before);

  /* Checked later, the check says so, and nothing is written after it. */
  store = cn_store_open_with_flags (fixture->path, CN_STORE_OPEN_CHECK_LATER, &error);
  g_assert_no_error (error);
  g_assert_true (cn_store_needs_check (store));
  g_assert_false (check (store, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_clear_error (&error);
  g_assert_false (cn_store_add_contact (store, extra, &error));
  g_assert_nonnull (error);
  g_clear_object (&store);
  assert_wal_file_unchanged (fixture->path, before);
}

static void
test_refuse_foreign_database (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = NULL;

  cn_test_exec_sql (fixture->path, "PRAGMA application_id = 305419896;"
                                   "CREATE TABLE recipes (title TEXT);"
                                   "INSERT INTO recipes VALUES ('tarte tatin');");
  before = read_file (fixture->path);

  store = cn_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, fixture->path));

  assert_file_unchanged (fixture->path, before);
}

static void
test_refuse_unopenable (Fixture *fixture, gconstpointer data)
{
  g_autofree char *blocker = g_build_filename (fixture->dir, "a-file", NULL);
  g_autofree char *path = g_build_filename (blocker, "connecteur.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = NULL;

  /* The "folder" is a plain file: it can be neither created nor used. */
  g_assert_true (g_file_set_contents (blocker, "x", 1, NULL));
  store = cn_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, blocker));
}

/* Writing */

static void
test_unknown_target_rejected (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnRequest) request = cn_request_new ();
  g_autoptr(GError) error = NULL;
  SignalLog log = { 0 };

  watch_signals (store, &log);
  cn_request_set_requester_name (request, "Nobody Known");
  cn_request_set_target_id (request, 4242);
  cn_request_set_note_to_target (request, "Hello");

  g_assert_false (cn_store_add_request (store, request, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT);
  g_assert_cmpint (cn_request_get_id (request), ==, 0);
  g_assert_cmpuint (log.added, ==, 0);
  g_clear_object (&store);

  /* Neither the request, nor its requester, nor its "created" event. */
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM requests"), ==, 0);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM requesters"), ==, 0);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM events"), ==, 0);
}

static char *
make_binary_junk (void)
{
  GString *junk = g_string_new ("junk:");

  /* Every byte that is never valid on its own in UTF-8, and no NUL. */
  for (int b = 0x80; b <= 0xff; b++)
    g_string_append_c (junk, (char) b);
  g_string_append (junk, "\xc3\x28\xe2\x82\xf0\x9f\x98");
  return g_string_free (junk, FALSE);
}

static char *
make_big_note (void)
{
  GString *note = g_string_sized_new (100 * 1024);
  GRand *rand = g_rand_new_with_seed (20240501);

  while (note->len < 100 * 1024)
    g_string_append_c (note, (char) g_rand_int_range (rand, 1, 256));
  g_rand_free (rand);
  return g_string_free (note, FALSE);
}

static void
assert_same_bytes (const char *actual, const char *expected)
{
  g_assert_nonnull (actual);
  g_assert_cmpmem (actual, strlen (actual), expected, strlen (expected));
}

static void
test_text_round_trips (Fixture *fixture, gconstpointer data)
{
  g_autofree char *junk = make_binary_junk ();
  g_autofree char *big = make_big_note ();
  const char *texts[] = {
    "O'Brien said \"hi\" and `left`",
    "'; DROP TABLE requests; --",
    "Robert\"); DELETE FROM contacts; --",
    "%s%n%x%d %% 100%",
    "Zoé 🤝 Łukasz 👩🏽‍💻 — “guillemets” « français »",
    "\xe2\x80\x8f"
    "مرحبا، أود التواصل"
    "\xe2\x80\x8e"
    " and שלום עולם \xe2\x80\xab"
    "abc"
    "\xe2\x80\xac",
    "tab\there\nnew line\r\nand \\ backslash",
    junk,
    big,
  };
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(CnContact) contact = cn_contact_new (texts[i]);
      g_autoptr(CnRequest) request = cn_request_new ();
      g_autoptr(GError) error = NULL;
      const char *tags[] = { texts[i], NULL };
      gint64 id;

      cn_contact_set_notes (contact, texts[i]);
      cn_contact_set_company (contact, texts[i]);
      cn_contact_set_expertise (contact, tags);
      g_assert_true (cn_store_add_contact (store, contact, &error));
      g_assert_no_error (error);

      cn_request_set_requester_name (request, texts[i]);
      cn_request_set_requester_email (request, texts[i]);
      cn_request_set_target_id (request, cn_contact_get_id (contact));
      cn_request_set_note_to_connector (request, texts[i]);
      cn_request_set_note_to_target (request, texts[i]);
      cn_request_set_source_ref (request, texts[i]);
      g_assert_true (cn_store_add_request (store, request, &error));
      g_assert_no_error (error);
      g_assert_true (cn_store_add_event (store, cn_request_get_id (request), CN_EVENT_ACTION_ASKED,
                                         texts[i], &error));
      g_assert_no_error (error);
      id = cn_request_get_id (request);
      g_array_append_val (ids, id);
    }

  /* Read back from a fresh connection: nothing may come from a cache. */
  g_clear_object (&store);
  store = open_store (fixture->path);
  g_assert_cmpuint (cn_store_count_requests (store), ==, G_N_ELEMENTS (texts));

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CnRequest) request = NULL;
      g_autoptr(CnContact) contact = NULL;
      g_autoptr(GPtrArray) events = NULL;
      CnEvent *event;

      request = cn_store_get_request (store, g_array_index (ids, gint64, i), &error);
      g_assert_no_error (error);
      assert_same_bytes (cn_request_get_requester_name (request), texts[i]);
      assert_same_bytes (cn_request_get_requester_email (request), texts[i]);
      assert_same_bytes (cn_request_get_target_name (request), texts[i]);
      assert_same_bytes (cn_request_get_note_to_connector (request), texts[i]);
      assert_same_bytes (cn_request_get_note_to_target (request), texts[i]);
      assert_same_bytes (cn_request_get_source_ref (request), texts[i]);

      contact = cn_store_get_contact (store, cn_request_get_target_id (request), &error);
      g_assert_no_error (error);
      assert_same_bytes (cn_contact_get_name (contact), texts[i]);
      assert_same_bytes (cn_contact_get_notes (contact), texts[i]);
      assert_same_bytes (cn_contact_get_company (contact), texts[i]);

      events = cn_store_list_events (store, cn_request_get_id (request), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (events->len, ==, 2);
      event = g_ptr_array_index (events, 1);
      assert_same_bytes (event->text, texts[i]);
    }

  /* The tables are all still there. */
  g_clear_object (&store);
  {
    g_autofree char *tables = cn_test_list_tables (fixture->path);
    g_assert_cmpstr (tables, ==, ALL_TABLES);
  }
}

static void
test_requester_matching (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(GError) error = NULL;
  gint64 ann, ann_again, by_url, url_again, name_only, namesake;

  ann = cn_store_ensure_requester (store, "Ann Lee", "Ann.Lee@Example.org", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ann, >, 0);

  /* Same address, other case and other spelling of the name. */
  ann_again = cn_store_ensure_requester (store, "A. Lee", "ann.lee@example.org", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ann_again, ==, ann);

  by_url = cn_store_ensure_requester (store, "Bo Chen", "bo@one.example",
                                      "https://example.org/in/bochen", &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_url, !=, ann);

  /* The profile link wins over a changed e-mail address. */
  url_again = cn_store_ensure_requester (store, "Bo Chen", "bo@two.example",
                                         "https://example.org/in/bochen", &error);
  g_assert_no_error (error);
  g_assert_cmpint (url_again, ==, by_url);

  name_only = cn_store_ensure_requester (store, "Chloé Martin", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cn_store_ensure_requester (store, "Chloé Martin", NULL, NULL, &error), ==,
                   name_only);

  /* Same name, but an e-mail address that tells another person apart. */
  namesake = cn_store_ensure_requester (store, "Ann Lee", "ann@elsewhere.example", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (namesake, !=, ann);

  g_assert_cmpint (cn_store_ensure_requester (store, NULL, NULL, "", &error), ==, 0);
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT);
}

static void
test_events_in_order (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  const CnEventAction actions[] = {
    CN_EVENT_ACTION_CREATED,
    CN_EVENT_ACTION_ASKED,
    CN_EVENT_ACTION_READY,
    CN_EVENT_ACTION_FORWARDED,
  };
  gint64 id = cn_test_add_request (store, "Paul Roy", 0, 1700000000, "Bonjour");
  gint64 other = cn_test_add_request (store, "Someone Else", 0, 1700000001, "Hi");
  CnEvent *event;

  g_assert_true (
      cn_store_add_event (store, id, CN_EVENT_ACTION_ASKED, "Pouvez-vous préciser ?", &error));
  g_assert_true (cn_store_add_event (store, other, CN_EVENT_ACTION_DECLINED, NULL, &error));
  g_assert_true (cn_store_add_event (store, id, CN_EVENT_ACTION_READY, NULL, &error));
  g_assert_true (cn_store_add_event (store, id, CN_EVENT_ACTION_FORWARDED,
                                     "Bonjour Léa, je te transmets…", &error));
  g_assert_no_error (error);

  events = cn_store_list_events (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (actions));
  for (guint i = 0; i < events->len; i++)
    {
      event = g_ptr_array_index (events, i);
      g_assert_cmpint (event->action, ==, actions[i]);
      g_assert_cmpstr (event->action_id, ==, cn_event_action_to_string (actions[i]));
      g_assert_cmpint (event->request_id, ==, id);
      g_assert_cmpint (event->at, >, 0);
    }
  event = g_ptr_array_index (events, 0);
  g_assert_null (event->text);
  event = g_ptr_array_index (events, 3);
  g_assert_cmpstr (event->text, ==, "Bonjour Léa, je te transmets…");

  /* An event for a request that does not exist is refused. */
  g_assert_false (cn_store_add_event (store, 999, CN_EVENT_ACTION_ASKED, NULL, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* Deleting the request deletes its history, not the other one's. */
  g_assert_true (cn_store_delete_request (store, id, &error));
  g_clear_pointer (&events, g_ptr_array_unref);
  events = cn_store_list_events (store, id, &error);
  g_assert_cmpuint (events->len, ==, 0);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = cn_store_list_events (store, other, &error);
  g_assert_cmpuint (events->len, ==, 2);
}

static void
test_status (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = cn_test_add_request (store, "Paul Roy", 0, 1700000000, "Bonjour");

  g_assert_true (cn_store_set_request_status (store, id, CN_REQUEST_STATUS_FORWARDED, &error));
  g_assert_no_error (error);
  request = cn_store_get_request (store, id, &error);
  g_assert_cmpint (cn_request_get_status (request), ==, CN_REQUEST_STATUS_FORWARDED);
  g_assert_null (cn_request_get_target_name (request));

  /* The CHECK constraint guards the column. */
  g_assert_false (cn_store_set_request_status (store, id, 42, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_false (cn_store_set_request_status (store, id + 1, CN_REQUEST_STATUS_NEW, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (cn_store_get_request (store, id + 1, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND);
}

static void
test_contacts (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) zoe = cn_contact_new ("zoé Armand");
  g_autoptr(CnContact) bob = add_contact (store, "Bob Martin");
  g_autoptr(CnContact) read = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  const char *tags[] = { "cybersécurité", "ISO 27001", NULL };

  cn_contact_set_email (zoe, "zoe@example.org");
  cn_contact_set_position (zoe, "Directrice de la sécurité des systèmes d'information");
  cn_contact_set_expertise (zoe, tags);
  cn_contact_set_accepted_kinds (zoe, CN_REQUEST_KIND_ADVICE | CN_REQUEST_KIND_RECRUITING);
  cn_contact_set_availability (zoe, CN_AVAILABILITY_CLOSED);
  cn_contact_set_away_until (zoe, "2031-02-03");
  cn_contact_set_monthly_cap (zoe, 3);
  cn_contact_set_tie_strength (zoe, CN_TIE_STRONG);
  cn_contact_set_address_form (zoe, CN_REGISTER_TU);
  g_assert_true (cn_store_add_contact (store, zoe, &error));
  g_assert_no_error (error);

  read = cn_store_get_contact (store, cn_contact_get_id (zoe), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn_contact_get_position (read), ==, cn_contact_get_position (zoe));
  g_assert_true (g_strv_equal (cn_contact_get_expertise (read), tags));
  g_assert_cmpint (cn_contact_get_accepted_kinds (read), ==,
                   CN_REQUEST_KIND_ADVICE | CN_REQUEST_KIND_RECRUITING);
  g_assert_cmpint (cn_contact_get_availability (read), ==, CN_AVAILABILITY_CLOSED);
  g_assert_cmpstr (cn_contact_get_away_until (read), ==, "2031-02-03");
  g_assert_cmpuint (cn_contact_get_monthly_cap (read), ==, 3);
  g_assert_cmpint (cn_contact_get_tie_strength (read), ==, CN_TIE_STRONG);
  g_assert_cmpint (cn_contact_get_address_form (read), ==, CN_REGISTER_TU);
  g_assert_cmpint (cn_contact_get_address_form (bob), ==, CN_REGISTER_VOUS);
  g_assert_cmpuint (g_strv_length ((char **) cn_contact_get_expertise (bob)), ==, 0);

  cn_contact_set_availability (read, CN_AVAILABILITY_OPEN);
  cn_contact_set_address_form (read, CN_REGISTER_VOUS);
  cn_contact_set_name (read, "Zoé Armand-Petit");
  g_assert_true (cn_store_update_contact (store, read, &error));
  g_assert_no_error (error);
  g_clear_object (&read);
  read = cn_store_get_contact (store, cn_contact_get_id (zoe), &error);
  g_assert_cmpint (cn_contact_get_availability (read), ==, CN_AVAILABILITY_OPEN);
  g_assert_cmpstr (cn_contact_get_name (read), ==, "Zoé Armand-Petit");
  g_assert_cmpint (cn_contact_get_address_form (read), ==, CN_REGISTER_VOUS);

  /* Sorted by name, ignoring case. */
  all = cn_store_list_contacts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (cn_contact_get_name (g_ptr_array_index (all, 0)), ==, "Bob Martin");
  g_assert_cmpstr (cn_contact_get_name (g_ptr_array_index (all, 1)), ==, "Zoé Armand-Petit");

  cn_contact_set_id (bob, 777);
  g_assert_false (cn_store_update_contact (store, bob, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND);
}

static void
test_templates (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *fr = NULL;
  g_autofree char *en = NULL;
  g_autofree char *missing = NULL;

  g_assert_true (cn_store_set_template (store, "endorsement", "fr", "Bonjour {target}", &error));
  g_assert_true (cn_store_set_template (store, "endorsement", "en", "Hello {target}", &error));
  g_assert_true (cn_store_set_template (store, "endorsement", "fr", "Salut {target}", &error));
  g_assert_no_error (error);

  fr = cn_store_get_template (store, "endorsement", "fr", &error);
  en = cn_store_get_template (store, "endorsement", "en", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fr, ==, "Salut {target}");
  g_assert_cmpstr (en, ==, "Hello {target}");

  missing = cn_store_get_template (store, "endorsement", "de", &error);
  g_assert_null (missing);
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND);
}

/* Transactions and signals */

static void
test_rollback_leaves_nothing (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  SignalLog log = { 0 };

  watch_signals (store, &log);
  g_assert_true (cn_store_begin (store, &error));
  contact = add_contact (store, "Léa Dubois");
  cn_test_add_request (store, "Marc Petit", cn_contact_get_id (contact), 1700000000, "Bonjour");
  g_assert_true (cn_store_begin (store, &error));
  cn_test_add_request (store, "Anne Noir", 0, 1700000100, "Salut");
  g_assert_true (cn_store_commit (store, &error));
  g_assert_no_error (error);
  cn_store_rollback (store);

  g_assert_cmpuint (cn_store_count_requests (store), ==, 0);
  g_assert_cmpuint (cn_store_count_contacts (store), ==, 0);
  g_assert_cmpuint (log.added + log.reloaded + log.contacts_changed, ==, 0);

  /* The outer level is gone with it: its commit reports that nothing was saved. */
  g_assert_false (cn_store_commit (store, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_FAILED);
  g_clear_error (&error);

  g_clear_object (&store);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM requesters"), ==, 0);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM events"), ==, 0);
}

static void
test_nested_commit_signals_once (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  SignalLog log = { 0 };

  watch_signals (store, &log);
  g_assert_true (cn_store_begin (store, &error));
  g_assert_true (cn_store_begin (store, &error));
  contact = add_contact (store, "Léa Dubois");
  cn_test_add_request (store, "Marc Petit", cn_contact_get_id (contact), 1700000000, "Bonjour");
  cn_test_add_request (store, "Anne Noir", 0, 1700000100, "Salut");
  g_assert_true (cn_store_commit (store, &error));
  g_assert_cmpuint (log.reloaded, ==, 0);
  g_assert_true (cn_store_commit (store, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (log.reloaded, ==, 1);
  g_assert_cmpuint (log.contacts_changed, ==, 1);
  g_assert_cmpuint (log.added, ==, 0);
  g_assert_cmpuint (cn_store_count_requests (store), ==, 2);

  /* A transaction that writes no request does not make lists reload. */
  g_assert_true (cn_store_begin (store, &error));
  g_clear_object (&contact);
  contact = add_contact (store, "Zoé Armand");
  g_assert_true (cn_store_commit (store, &error));
  g_assert_cmpuint (log.reloaded, ==, 1);
  g_assert_cmpuint (log.contacts_changed, ==, 2);
}

static void
test_failed_add_keeps_transaction (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnRequest) duplicate = cn_request_new ();
  g_autoptr(CnRequest) first = cn_request_new ();
  g_autoptr(GError) error = NULL;

  cn_request_set_requester_name (first, "Marc Petit");
  cn_request_set_source (first, "linkedin");
  cn_request_set_source_ref (first, "msg-1");
  cn_request_set_requester_name (duplicate, "Marc Petit");
  cn_request_set_source (duplicate, "linkedin");
  cn_request_set_source_ref (duplicate, "msg-1");

  /* An import meets a message it already has: that one line fails, the rest stays. */
  g_assert_true (cn_store_begin (store, &error));
  g_assert_true (cn_store_add_request (store, first, &error));
  g_assert_false (cn_store_add_request (store, duplicate, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  cn_test_add_request (store, "Anne Noir", 0, 1700000100, "Salut");
  g_assert_true (cn_store_commit (store, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (cn_store_count_requests (store), ==, 2);
}

/* Analyses */

static CnAnalysis *
make_analysis (CnVerdict verdict, guint score, guint element_mask, guint flag_mask)
{
  CnAnalysis *analysis = _cn_analysis_new ();

  _cn_analysis_set_lang (analysis, "fr", "und");
  for (guint e = 0; e < CN_N_ELEMENTS; e++)
    {
      if (element_mask & (1u << e))
        _cn_analysis_add_span (analysis, e, 0, 1);
    }
  for (guint f = 0; f < CN_N_FLAGS; f++)
    {
      if (flag_mask & (1u << f))
        _cn_analysis_add_evidence (analysis, f, CN_NOTE_TO_TARGET, 0, 1,
                                   g_intern_static_string ("test"), "B", 1);
    }
  _cn_analysis_set_score (analysis, score, verdict);
  _cn_analysis_finish (analysis);
  return analysis;
}

static void
assert_summary (
    CnStore *store, gint64 id, CnVerdict verdict, guint score, guint elements, guint flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnRequest) request = cn_store_get_request (store, id, &error);

  g_assert_no_error (error);
  g_assert_cmpint (cn_request_get_verdict (request), ==, verdict);
  g_assert_cmpuint (cn_request_get_score (request), ==, score);
  g_assert_cmpuint (cn_request_get_element_mask (request), ==, elements);
  g_assert_cmpuint (cn_request_get_flag_mask (request), ==, flags);
  g_assert_cmpint (cn_store_get_request_verdict (store, id), ==, verdict);
}

static void
test_analysis_stored (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) lea = add_contact (store, "Léa Dubois");
  g_autoptr(CnContact) paul = add_contact (store, "Paul Martin");
  g_autoptr(CnAnalysis) good = make_analysis (CN_VERDICT_MOTIVATED, 86, 0x3f, 0);
  g_autoptr(CnAnalysis) poor = make_analysis (CN_VERDICT_UNSUITABLE, 12, 0x01, 0x05);
  g_autoptr(GError) error = NULL;
  SignalLog log = { 0 };
  gint64 a, b, c;

  a = cn_test_add_request (store, "Marc Petit", cn_contact_get_id (lea), 1700000000, "Bonjour Léa");
  b = cn_test_add_request (store, "Anne Noir", cn_contact_get_id (paul), 1700000100, "Salut Paul");
  c = cn_test_add_request (store, "Jean Gris", cn_contact_get_id (lea), 1700000200, "Coucou");
  assert_summary (store, a, CN_VERDICT_NONE, 0, 0, 0);
  g_assert_cmpuint (cn_store_count_pending_analyses (store), ==, 3);

  cn_store_set_analyzer_version (store, "test-1");
  g_assert_cmpstr (cn_store_get_analyzer_version (store), ==, "test-1");
  watch_signals (store, &log);

  /* One: the list row is told. */
  g_assert_true (cn_store_set_analysis (store, a, "test-1", good, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.changed, ==, 1);
  g_assert_cmpint (log.last_id, ==, a);
  assert_summary (store, a, CN_VERDICT_MOTIVATED, 86, 0x3f, 0);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM request_analysis"
                                                     " WHERE lang = 'fr'"),
                   ==, 1);

  /* Many: one signal. */
  {
    const gint64 ids[] = { b, c };
    CnAnalysis *analyses[] = { poor, poor };

    g_assert_true (cn_store_set_analyses (store, "test-1", 2, ids, analyses, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (log.analyses_changed, ==, 1);
    g_assert_cmpuint (log.changed, ==, 1);
  }
  assert_summary (store, b, CN_VERDICT_UNSUITABLE, 12, 0x01, 0x05);
  g_assert_cmpuint (cn_store_count_pending_analyses (store), ==, 0);

  /* Another analyzer version: every analysis is out of date. */
  cn_store_set_analyzer_version (store, "test-2");
  g_assert_cmpuint (log.reloaded, ==, 1);
  assert_summary (store, a, CN_VERDICT_NONE, 0, 0, 0);
  g_assert_cmpuint (cn_store_count_pending_analyses (store), ==, 3);
  cn_store_set_analyzer_version (store, "test-1");
  assert_summary (store, a, CN_VERDICT_MOTIVATED, 86, 0x3f, 0);

  /* Editing what an analysis was made from drops it. */
  cn_test_exec_sql (fixture->path, "UPDATE requests SET status = 2;");
  assert_summary (store, a, CN_VERDICT_MOTIVATED, 86, 0x3f, 0);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE requests SET note_to_target = 'Autre'"
                                            " WHERE id = %" G_GINT64_FORMAT,
                                            a);
    cn_test_exec_sql (fixture->path, sql);
  }
  assert_summary (store, a, CN_VERDICT_NONE, 0, 0, 0);
  assert_summary (store, c, CN_VERDICT_UNSUITABLE, 12, 0x01, 0x05);

  /* So does editing the target's expertise, for requests to that contact only;
   * a change to the contact's notes does not. */
  g_assert_true (cn_store_set_analysis (store, a, "test-1", good, &error));
  cn_contact_set_notes (lea, "Ancienne collègue");
  g_assert_true (cn_store_update_contact (store, lea, &error));
  g_assert_no_error (error);
  assert_summary (store, a, CN_VERDICT_MOTIVATED, 86, 0x3f, 0);
  {
    const char *const tags[] = { "recrutement", NULL };

    cn_contact_set_expertise (lea, tags);
    g_assert_true (cn_store_update_contact (store, lea, &error));
    g_assert_no_error (error);
  }
  assert_summary (store, a, CN_VERDICT_NONE, 0, 0, 0);
  assert_summary (store, c, CN_VERDICT_NONE, 0, 0, 0);
  assert_summary (store, b, CN_VERDICT_UNSUITABLE, 12, 0x01, 0x05);

  /* Deleting the request deletes its analysis. */
  g_assert_true (cn_store_delete_request (store, b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM request_analysis"), ==,
                   0);

  /* A request that does not exist. */
  g_assert_false (cn_store_set_analysis (store, b, "test-1", good, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT);
}

static void
test_analysis_batch_all_or_none (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnAnalysis) good = make_analysis (CN_VERDICT_MOTIVATED, 90, 0x3f, 0);
  g_autoptr(GError) error = NULL;
  gint64 ids[2];
  CnAnalysis *analyses[] = { good, good };

  ids[0] = cn_test_add_request (store, "Marc Petit", 0, 1700000000, "Bonjour");
  ids[1] = ids[0] + 100; /* no such request */
  g_assert_false (cn_store_set_analyses (store, "test-1", 2, ids, analyses, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM request_analysis"), ==,
                   0);
}

static void
assert_ids (GArray *ids, const gint64 *expected, guint n_expected)
{
  g_assert_nonnull (ids);
  g_assert_cmpuint (ids->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, expected[i]);
}

static void
test_list_by_verdict (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnAnalysis) good = make_analysis (CN_VERDICT_MOTIVATED, 90, 0x3f, 0);
  g_autoptr(CnAnalysis) half = make_analysis (CN_VERDICT_INCOMPLETE, 50, 0x03, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 r[5];

  for (guint i = 0; i < G_N_ELEMENTS (r); i++)
    r[i] = cn_test_add_request (store, "Marc Petit", 0, 1700000000 + i, "Bonjour");
  cn_store_set_analyzer_version (store, "test-1");
  g_assert_true (cn_store_set_analysis (store, r[0], "test-1", good, &error));
  g_assert_true (cn_store_set_analysis (store, r[3], "test-1", good, &error));
  g_assert_true (cn_store_set_analysis (store, r[1], "test-1", half, &error));
  /* Made by an older analyzer: counts as not analysed. */
  g_assert_true (cn_store_set_analysis (store, r[2], "test-0", good, &error));
  g_assert_no_error (error);

  ids = cn_store_list_request_ids_by_verdict (store, CN_VERDICT_MOTIVATED, &error);
  g_assert_no_error (error);
  assert_ids (ids, (gint64[]){ r[3], r[0] }, 2);
  g_clear_pointer (&ids, g_array_unref);

  ids = cn_store_list_request_ids_by_verdict (store, CN_VERDICT_INCOMPLETE, &error);
  assert_ids (ids, (gint64[]){ r[1] }, 1);
  g_clear_pointer (&ids, g_array_unref);

  ids = cn_store_list_request_ids_by_verdict (store, CN_VERDICT_UNSUITABLE, &error);
  assert_ids (ids, NULL, 0);
  g_clear_pointer (&ids, g_array_unref);

  ids = cn_store_list_request_ids_by_verdict (store, CN_VERDICT_NONE, &error);
  assert_ids (ids, (gint64[]){ r[4], r[2] }, 2);
  g_clear_pointer (&ids, g_array_unref);

  ids = cn_store_list_request_ids_by_verdict (store, -1, &error);
  assert_ids (ids, (gint64[]){ r[4], r[3], r[2], r[1], r[0] }, 5);
  g_clear_pointer (&ids, g_array_unref);
  g_assert_no_error (error);
}

static void
test_signals (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(CnContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  SignalLog log = { 0 };
  gint64 id;

  watch_signals (store, &log);
  contact = add_contact (store, "Léa Dubois");
  g_assert_cmpuint (log.contacts_changed, ==, 1);

  id = cn_test_add_request (store, "Marc Petit", cn_contact_get_id (contact), 1700000000,
                            "Bonjour");
  g_assert_cmpuint (log.added, ==, 1);
  g_assert_cmpint (log.last_id, ==, id);

  g_assert_true (cn_store_set_request_status (store, id, CN_REQUEST_STATUS_ASKED, &error));
  g_assert_cmpuint (log.changed, ==, 1);
  g_assert_cmpint (log.last_id, ==, id);

  log.last_id = 0;
  g_assert_true (cn_store_delete_request (store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.removed, ==, 1);
  g_assert_cmpint (log.last_id, ==, id);

  g_assert_false (cn_store_delete_request (store, id, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (log.removed, ==, 1);
  g_assert_cmpuint (log.reloaded, ==, 0);
}

/* A disk with a few KiB left: SQLite meets it growing its index file (the
 * -shm), as an I/O error; the message says the disk is full, and the file
 * is left as it was. */
static void
test_disk_full (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CnStore) store = NULL;
  g_autoptr (CnContact) first = cn_contact_new ("Inès Caradec");
  g_autoptr (CnContact) second = cn_contact_new ("Yann Le Goff");

  cn_test_full_disk_install ();
  store = cn_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (cn_store_add_contact (store, first, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  cn_test_full_disk_set (TRUE);
  store = cn_store_open (fixture->path, &error);
  cn_test_full_disk_set (FALSE);
  g_assert_null (store);
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_clear_error (&error);

  store = cn_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cn_store_count_contacts (store), ==, 1);
  g_assert_true (cn_store_add_contact (store, second, &error));
  g_assert_no_error (error);
}

/* Error domains are named as written: they are what a log or a bug report
 * shows of an error (the formatter once spaced them out). */
static void
test_error_domains (void)
{
  g_assert_cmpstr (g_quark_to_string (CN_STORE_ERROR), ==, "cn-store-error-quark");
  g_assert_cmpstr (g_quark_to_string (CN_IMPORT_ERROR), ==, "cn-import-error-quark");
  g_assert_cmpstr (g_quark_to_string (CN_ANALYZER_ERROR), ==, "cn-analyzer-error-quark");
  g_assert_cmpstr (g_quark_to_string (CN_MAIL_ERROR), ==, "cn-mail-error-quark");
  g_assert_cmpstr (g_quark_to_string (CN_SECRET_ERROR), ==, "cn-secret-error-quark");
}

/* The name the connector signs with: theirs once set, else the mail
 * account's sender name; kept across a reopening; blank unsets it. */
static void
test_connector_name (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnMailAccount) account = cn_mail_account_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  {
    g_autoptr(CnStore) store = open_store (fixture->path);

    g_assert_null (cn_store_dup_connector_name (store));
    account->from_name = g_strdup ("C. Laurent");
    g_assert_true (cn_store_save_mail_account (store, account, &error));
    g_assert_no_error (error);
    name = cn_store_dup_connector_name (store);
    g_assert_cmpstr (name, ==, "C. Laurent");
    g_assert_true (cn_store_set_connector_name (store, " Camille Laurent ", &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(CnStore) store = open_store (fixture->path);

    g_clear_pointer (&name, g_free);
    name = cn_store_dup_connector_name (store);
    g_assert_cmpstr (name, ==, "Camille Laurent");
    g_assert_true (cn_store_set_connector_name (store, "   ", &error));
    g_clear_pointer (&name, g_free);
    name = cn_store_dup_connector_name (store);
    g_assert_cmpstr (name, ==, "C. Laurent");
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func)                                                                            \
  g_test_add ("/store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("create-from-nothing", test_create_from_nothing);
  ADD ("disk-full", test_disk_full);
  g_test_add_func ("/store/default-path", test_default_path);
  g_test_add_func ("/store/error-domains", test_error_domains);
  ADD ("migrate-from-v0", test_migrate_from_v0);
  ADD ("migrate-from-v1", test_migrate_from_v1);
  ADD ("migrate-from-v4", test_migrate_from_v4);
  ADD ("migrate-from-v5", test_migrate_from_v5);
  ADD ("migrate-from-v6", test_migrate_from_v6);
  ADD ("migrate-from-v7", test_migrate_from_v7);
  ADD ("migrate-from-v8", test_migrate_from_v8);
  ADD ("migrate-from-v9", test_migrate_from_v9);
  ADD ("migrate-from-v10", test_migrate_from_v10);
  ADD ("migrate-from-v11", test_migrate_from_v11);
  ADD ("migrate-from-v12", test_migrate_from_v12);
  ADD ("migrate-from-v14", test_migrate_from_v14);
  ADD ("migration-compacts", test_migration_compacts);
  ADD ("search-index-follows-changes", test_search_index_follows_changes);
  ADD ("search-word-fts5-cuts", test_search_word_fts5_cuts);
  ADD ("drafts", test_drafts);
  ADD ("migration-failure-rolls-back", test_migration_failure_rolls_back);
  ADD ("reopen-keeps-data", test_reopen_keeps_data);
  ADD ("connector-name", test_connector_name);
  ADD ("refuse-newer-version", test_refuse_newer_version);
  ADD ("refuse-garbage", test_refuse_garbage);
  ADD ("check-later", test_check_later);
  ADD ("refuse-foreign-database", test_refuse_foreign_database);
  ADD ("refuse-unopenable", test_refuse_unopenable);
  ADD ("unknown-target-rejected", test_unknown_target_rejected);
  ADD ("text-round-trips", test_text_round_trips);
  ADD ("requester-matching", test_requester_matching);
  ADD ("events-in-order", test_events_in_order);
  ADD ("status", test_status);
  ADD ("contacts", test_contacts);
  ADD ("templates", test_templates);
  ADD ("rollback-leaves-nothing", test_rollback_leaves_nothing);
  ADD ("nested-commit-signals-once", test_nested_commit_signals_once);
  ADD ("failed-add-keeps-transaction", test_failed_add_keeps_transaction);
  ADD ("signals", test_signals);
  ADD ("analysis-stored", test_analysis_stored);
  ADD ("analysis-batch-all-or-none", test_analysis_batch_all_or_none);
  ADD ("list-by-verdict", test_list_by_verdict);

#undef ADD

  return g_test_run ();
}
