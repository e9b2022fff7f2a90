/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cn-import.h"
#include "cn-store.h"

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

/* Adds a request from @requester to the contact @target_id (0: none) with
 * @note for the contact, asserting it worked; returns its id. */
gint64 cn_test_add_request (
    CnStore *store, const char *requester, gint64 target_id, gint64 received_at, const char *note);
/* The stored request, asserting it can be read. */
CnRequest *cn_test_get_request (CnStore *store, gint64 id);
/* The contact at @index of a reader's batch, asserting there is one. */
CnImportContact *cn_test_batch_contact (CnImportBatch *batch, guint index);

G_END_DECLS
