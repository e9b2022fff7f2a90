/* SPDX-License-Identifier: GPL-3.0-or-later */

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cn-backup.h"
#include "cn-demo.h"
#include "cn-store.h"
#include "cn-test-schema.h"
#include "cn-test-utils.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

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

/* Every row of every table, as text: two files hold the same data when
 * their dumps are equal. */
static char *
dump (const char *path)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &tables, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY rowid", table);
      sqlite3_stmt *rows = NULL;

      g_string_append_printf (out, "[%s]\n", table);
      /* WITHOUT ROWID tables come in the order of their key. */
      if (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL) != SQLITE_OK)
        {
          g_free (sql);
          sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
          g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL), ==, SQLITE_OK);
        }
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (rows); c++)
            {
              const char *text = (const char *) sqlite3_column_text (rows, c);

              g_string_append_printf (out, "%s|", text != NULL ? text : "∅");
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static CnStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  CnStore *store = cn_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

typedef struct
{
  GMainLoop *loop;
  gboolean ok;
  GError *error;
  guint n_progress;
  double last_progress;
  guint n_reloaded;
} Wait;

static void
on_progress (double fraction, gpointer user_data)
{
  Wait *wait = user_data;

  g_assert_cmpfloat (fraction, >=, wait->last_progress);
  wait->last_progress = fraction;
  wait->n_progress++;
}

static void
on_exported (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  wait->ok = cn_backup_export_finish (CN_STORE (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
on_restored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  wait->ok = cn_backup_restore_finish (CN_STORE (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
on_reloaded (CnStore *store, gpointer user_data)
{
  ((Wait *) user_data)->n_reloaded++;
}

/* Export everything, change things, restore: the database is as it was at
 * the export, the store says so, and what the restore replaced is kept. */
static void
test_export_and_restore (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_build_filename (fixture->dir, "my copy.db", NULL);
  g_autofree char *safety = cn_backup_safety_path (fixture->path);
  g_autofree char *at_export = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *restored = NULL;
  g_autoptr(CnContact) newcomer = cn_contact_new ("Ninon Aubry");
  Wait wait = { g_main_loop_new (NULL, FALSE) };

  g_assert_cmpint (cn_demo_load (store, &error), >, 0);
  g_assert_no_error (error);
  at_export = dump (fixture->path);

  cn_backup_export_async (store, copy, NULL, on_progress, &wait, on_exported, &wait);
  g_main_loop_run (wait.loop);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  g_assert_cmpuint (wait.n_progress, >, 0);
  g_assert_cmpfloat (wait.last_progress, ==, 1.0);
  exported = dump (copy);
  g_assert_cmpstr (exported, ==, at_export);
  /* One file, nothing beside it. */
  {
    g_autofree char *wal = g_strconcat (copy, "-wal", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }

  g_assert_true (cn_store_add_contact (store, newcomer, &error));
  g_assert_no_error (error);
  g_assert_true (cn_store_delete_request (store, 1, &error));
  g_assert_no_error (error);
  changed = dump (fixture->path);
  g_assert_cmpstr (changed, !=, at_export);

  g_signal_connect (store, "reloaded", G_CALLBACK (on_reloaded), &wait);
  cn_backup_restore_async (store, copy, safety, NULL, on_restored, &wait);
  g_main_loop_run (wait.loop);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  g_assert_cmpuint (wait.n_reloaded, ==, 1);

  restored = dump (fixture->path);
  g_assert_cmpstr (restored, ==, at_export);
  g_assert_cmpuint (cn_store_count_contacts (store), ==,
                    (guint) cn_test_query_int (copy, "SELECT count(*) FROM contacts"));
  /* The replaced content, to undo the restore with. */
  {
    g_autofree char *kept = dump (safety);

    g_assert_cmpstr (kept, ==, changed);
  }
  g_main_loop_unref (wait.loop);
}

/* What is not a copy of ours is refused before anything is touched. */
static void
test_restore_refuses (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_build_filename (fixture->dir, "notes.db", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, "other.db", NULL);
  g_autofree char *newer = g_build_filename (fixture->dir, "newer.db", NULL);
  g_autofree char *safety = g_build_filename (fixture->dir, "safety.db", NULL);
  g_autofree char *before = NULL;
  const char *sources[] = { text, other, newer };
  const int codes[] = { CN_STORE_ERROR_CORRUPT, CN_STORE_ERROR_CORRUPT, CN_STORE_ERROR_TOO_NEW };

  g_assert_cmpint (cn_demo_load (store, &error), >, 0);
  g_assert_no_error (error);
  g_clear_object (&store);
  before = dump (fixture->path);

  g_assert_true (g_file_set_contents (text, "These are my notes, not a database.\n", -1, NULL));
  cn_test_exec_sql (other, "CREATE TABLE things (x); PRAGMA user_version = 2;");
  g_assert_true (g_file_set_contents (newer, NULL, 0, NULL));
  g_unlink (newer);
  {
    g_autoptr(CnStore) copy = open_store (newer);
  }
  cn_test_exec_sql (newer, "PRAGMA user_version = 99;");

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autofree char *after = NULL;

      g_assert_false (cn_backup_restore (fixture->path, sources[i], safety, NULL, &error));
      g_assert_error (error, CN_STORE_ERROR, codes[i]);
      g_clear_error (&error);
      after = dump (fixture->path);
      g_assert_cmpstr (after, ==, before);
      g_assert_false (g_file_test (safety, G_FILE_TEST_EXISTS));
    }
}

/* Before a migration changes the file, the file as it was is kept beside
 * it; a copy of an older version restores, upgraded. */
static void
test_copy_before_migration (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = g_strconcat (fixture->path, ".v3.backup", NULL);
  g_autofree char *at_v3 = NULL;
  g_autofree char *safety = g_build_filename (fixture->dir, "safety.db", NULL);

  g_assert_cmpint (cn_demo_load (store, &error), >, 0);
  g_assert_no_error (error);
  g_clear_object (&store);
  /* Version 3 is the current version without steps 4 and later. */
  cn_test_exec_sql (fixture->path, DROP_TO_V3 "PRAGMA user_version = 3;");
  at_v3 = dump (fixture->path);

  store = open_store (fixture->path);
  g_assert_cmpint (cn_store_get_schema_version (store), ==, CN_STORE_SCHEMA_VERSION);
  g_assert_true (g_file_test (kept, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (cn_test_query_int (kept, "PRAGMA user_version"), ==, 3);
  {
    g_autofree char *copy = dump (kept);

    g_assert_cmpstr (copy, ==, at_v3);
  }
  g_clear_object (&store);

  /* The version 3 copy restores, and comes out at the current version. */
  g_assert_true (cn_backup_restore (fixture->path, kept, safety, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cn_test_query_int (fixture->path, "PRAGMA user_version"), ==,
                   CN_STORE_SCHEMA_VERSION);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM requests"), ==,
                   cn_test_query_int (kept, "SELECT count(*) FROM requests"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func)                                                                            \
  g_test_add ("/backup/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("export-and-restore", test_export_and_restore);
  ADD ("restore-refuses", test_restore_refuses);
  ADD ("copy-before-migration", test_copy_before_migration);
#undef ADD

  return g_test_run ();
}
