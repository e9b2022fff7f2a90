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
/* The names of the tables, sorted and joined with spaces. */
char *cn_test_list_tables (const char *db_path);

G_END_DECLS
