/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fresh folder for one test; remove it with cn_test_remove_tree(). */
char *cn_test_make_tmpdir (void);
void cn_test_remove_tree (const char *path);

/* Raw SQLite access, to build fixture files and look behind the store's back. */
void cn_test_exec_sql (const char *db_path, const char *sql);
gint64 cn_test_query_int (const char *db_path, const char *sql);
/* Our own import fixture: tests/fixtures/import/SUBDIR/NAME in the source tree. */
char *cn_test_import_fixture (const char *subdir, const char *name);
/* A shared real-world file, ../shared/fixtures/SUBDIR/NAME; NULL, with the
 * test marked skipped, when the shared folder is absent. */
char *cn_test_shared_fixture (const char *subdir, const char *name);
/* The peak resident memory of this process so far, in KiB. */
glong cn_test_max_rss_kib (void);

/* The names of the tables, sorted and joined with spaces. */
char *cn_test_list_tables (const char *db_path);

G_END_DECLS
