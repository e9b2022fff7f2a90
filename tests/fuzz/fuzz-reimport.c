/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The import into the store, run twice (cn_import_run() in cn-import.h,
 * cn-store.h). Input: a file of any format Connecteur imports. It is
 * imported into a fresh database, then again.
 *
 * Checks: a failed import leaves the database as it was (all or nothing);
 * after a first import the database holds what the report says was added;
 * the second import succeeds, adds and updates nothing, and leaves every
 * table exactly as the first left it (idempotence). */

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "cn-import.h"
#include "cn-store-private.h"
#include "fuzz-common.h"

static int
compare_rows (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Every table, row by row (sorted: the order of rows is not a change). */
static char *
dump_database (CnStore *store)
{
  sqlite3 *db = store->db;
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                          -1, &stmt, NULL) != SQLITE_OK)
    cn_fuzz_fail ("cannot list the tables: %s", sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint t = 0; t < tables->len; t++)
    {
      const char *table = g_ptr_array_index (tables, t);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        cn_fuzz_fail ("cannot read %s: %s", table, sqlite3_errmsg (db));
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          GString *row = g_string_new (NULL);

          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              int type = sqlite3_column_type (stmt, c);

              if (type == SQLITE_NULL)
                g_string_append (row, "NULL");
              else if (type == SQLITE_BLOB)
                {
                  const guint8 *blob = sqlite3_column_blob (stmt, c);
                  int len = sqlite3_column_bytes (stmt, c);

                  g_string_append (row, "x'");
                  for (int i = 0; i < len; i++)
                    g_string_append_printf (row, "%02x", blob[i]);
                  g_string_append_c (row, '\'');
                }
              else
                {
                  /* Integers, reals (as SQLite prints them) and text, quoted. */
                  const char *text = (const char *) sqlite3_column_text (stmt, c);

                  g_string_append_printf (row, "%d'%s'", type, text != NULL ? text : "");
                }
              g_string_append_c (row, '|');
            }
          g_ptr_array_add (rows, g_string_free (row, FALSE));
        }
      sqlite3_finalize (stmt);
      g_ptr_array_sort (rows, compare_rows);
      g_string_append_printf (out, "[%s] %u rows\n", table, rows->len);
      for (guint r = 0; r < rows->len; r++)
        g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (rows, r));
    }
  return g_string_free (out, FALSE);
}

static void
check_report (CnImportReport *report)
{
  for (guint i = 0; i < report->rejections->len; i++)
    {
      CnImportRejection *rejection = g_ptr_array_index (report->rejections, i);

      cn_fuzz_check_utf8 ("rejection file", rejection->file, FALSE);
      cn_fuzz_check_utf8 ("rejection reason", rejection->reason, FALSE);
    }
  for (guint i = 0; i < report->duplicates->len; i++)
    {
      CnImportDuplicate *duplicate = g_ptr_array_index (report->duplicates, i);

      cn_fuzz_check_utf8 ("duplicate reason", duplicate->reason, FALSE);
    }
}

/* A new, empty database, made once: a copy is as fresh, and many times
 * faster than creating the schema for every input. */
static CnStore *
open_fresh_store (void)
{
  static GBytes *empty_db;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  CnStore *store;

  if (empty_db == NULL)
    {
      g_autofree char *contents = NULL;
      gsize size = 0;

      db_path = g_build_filename (cn_fuzz_get_tmpdir (), "empty", "connecteur.db", NULL);
      store = cn_store_open (db_path, &error);
      if (store == NULL)
        cn_fuzz_fail ("cannot make a new database: %s", error->message);
      g_object_unref (store); /* the last connection checkpoints the WAL */
      if (!g_file_get_contents (db_path, &contents, &size, &error))
        cn_fuzz_fail ("cannot read the new database: %s", error->message);
      empty_db = g_bytes_new_take (g_steal_pointer (&contents), size);
      g_clear_pointer (&db_path, g_free);
    }

  db_path = cn_fuzz_write_file ("db/connecteur.db", g_bytes_get_data (empty_db, NULL),
                                g_bytes_get_size (empty_db));
  store = cn_store_open (db_path, &error);
  if (store == NULL)
    cn_fuzz_fail ("cannot open a new database: %s", error->message);
  return store;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnImportReport) first = NULL;
  g_autoptr(CnImportReport) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *after_first = NULL;
  g_autofree char *after_second = NULL;
  const char *paths[2] = { NULL, NULL };

  cn_fuzz_init ();
  /* A fresh database, and nothing beside the input (a LinkedIn CSV looks
   * for a Profile.csv next to it). */
  cn_fuzz_clear_tmpdir ();
  store = open_fresh_store ();
  path = cn_fuzz_write_file ("input", data, size);
  paths[0] = path;
  empty = dump_database (store);

  first = cn_import_run (store, CN_IMPORT_FORMAT_UNKNOWN, paths, NULL, NULL, NULL, &error);
  if (first == NULL)
    {
      g_autofree char *after_failure = dump_database (store);

      cn_fuzz_assert (error != NULL, "an import failed without an error");
      cn_fuzz_check_utf8 ("error message", error->message, FALSE);
      cn_fuzz_assert (strcmp (empty, after_failure) == 0,
                      "a failed import (%s) changed the database:\n%s", error->message,
                      after_failure);
      return 0;
    }
  cn_fuzz_assert (error == NULL, "an import worked with an error: %s", error->message);
  check_report (first);
  cn_fuzz_assert (cn_store_count_contacts (store) == first->contacts_added &&
                      cn_store_count_requests (store) == first->requests_added,
                  "%u contacts and %u requests in the database, %u and %u added",
                  cn_store_count_contacts (store), cn_store_count_requests (store),
                  first->contacts_added, first->requests_added);
  after_first = dump_database (store);

  second = cn_import_run (store, CN_IMPORT_FORMAT_UNKNOWN, paths, NULL, NULL, NULL, &error);
  cn_fuzz_assert (second != NULL, "a second import of the same file failed: %s",
                  error != NULL ? error->message : "no error");
  check_report (second);
  cn_fuzz_assert (second->contacts_added == 0 && second->contacts_updated == 0 &&
                      second->requests_added == 0,
                  "the same file imported again added %u contacts, updated %u, added %u requests "
                  "(first: %u contacts added, %u updated, %u requests added)",
                  second->contacts_added, second->contacts_updated, second->requests_added,
                  first->contacts_added, first->contacts_updated, first->requests_added);
  after_second = dump_database (store);
  cn_fuzz_assert (strcmp (after_first, after_second) == 0,
                  "the same file imported again changed the database:\n%s\n--- then ---\n%s",
                  after_first, after_second);
  return 0;
}
