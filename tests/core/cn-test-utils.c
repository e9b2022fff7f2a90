/* SPDX-License-Identifier: GPL-3.0-or-later */

#include <sys/resource.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cn-test-utils.h"

char *
cn_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("connecteur-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
cn_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_remove (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      cn_test_remove_tree (child);
    }
  g_rmdir (path);
}

static sqlite3 *
open_raw (const char *db_path)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open (db_path, &db);

  if (rc != SQLITE_OK)
    g_error ("Cannot open %s: %s", db_path, sqlite3_errmsg (db));
  return db;
}

void
cn_test_exec_sql (const char *db_path, const char *sql)
{
  sqlite3 *db = open_raw (db_path);
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("SQL failed on %s: %s (%s)", db_path, message, sql);
  sqlite3_close (db);
}

gint64
cn_test_query_int (const char *db_path, const char *sql)
{
  sqlite3 *db = open_raw (db_path);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("Query failed on %s: %s (%s)", db_path, sqlite3_errmsg (db), sql);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

char *
cn_test_list_tables (const char *db_path)
{
  sqlite3 *db = open_raw (db_path);
  sqlite3_stmt *stmt = NULL;
  GString *names = g_string_new (NULL);

  if (sqlite3_prepare_v2 (db,
                          "SELECT name FROM sqlite_master WHERE type = 'table'"
                          " AND name NOT LIKE 'sqlite_%' ORDER BY name",
                          -1, &stmt, NULL) != SQLITE_OK)
    g_error ("Cannot list tables of %s: %s", db_path, sqlite3_errmsg (db));

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (names->len > 0)
        g_string_append_c (names, ' ');
      g_string_append (names, (const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (names, FALSE);
}

char *
cn_test_import_fixture (const char *subdir, const char *name)
{
  const char *root = g_getenv ("CONNECTEUR_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "tests", "fixtures", "import", subdir, name, NULL);
}

char *
cn_test_shared_fixture (const char *subdir, const char *name)
{
  const char *shared = g_getenv ("CONNECTEUR_SHARED");
  g_autofree char *path = NULL;

  if (shared != NULL)
    path = g_build_filename (shared, "fixtures", subdir, name, NULL);
  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the shared fixtures are absent (CONNECTEUR_SHARED)");
      return NULL;
    }
  return g_steal_pointer (&path);
}

glong
cn_test_max_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

gint64
cn_test_add_request (
    CnStore *store, const char *requester, gint64 target_id, gint64 received_at, const char *note)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CnRequest) request = cn_request_new ();

  cn_request_set_requester_name (request, requester);
  cn_request_set_target_id (request, target_id);
  cn_request_set_received_at (request, received_at);
  cn_request_set_note_to_target (request, note);
  g_assert_true (cn_store_add_request (store, request, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cn_request_get_id (request), >, 0);
  return cn_request_get_id (request);
}

CnRequest *
cn_test_get_request (CnStore *store, gint64 id)
{
  g_autoptr (GError) error = NULL;
  CnRequest *request = cn_store_get_request (store, id, &error);

  g_assert_no_error (error);
  return request;
}

CnImportContact *
cn_test_batch_contact (CnImportBatch *batch, guint index)
{
  g_assert_cmpuint (index, <, batch->contacts->len);
  return batch->contacts->pdata[index];
}
