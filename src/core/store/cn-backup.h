/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* Whole copies of the database, made with SQLite's online backup (a
 * consistent copy even while the app reads and writes):
 * - the copy kept before a migration changes the file;
 * - "Export everything": a file the connector keeps elsewhere;
 * - "Restore": the database's content replaced by such a file's, after a
 *   copy of the current content is kept, so that a restore can be undone.
 * Errors are CN_STORE_ERROR, in words a user understands. */

typedef void (*CnBackupProgressFunc) (double fraction, gpointer user_data);

/* Copies @source's main database to @dest_path: written beside it, then
 * renamed, so @dest_path is whole or as it was. Any thread that owns
 * @source. */
gboolean cn_backup_copy (sqlite3 *source,
                         const char *dest_path,
                         GCancellable *cancellable,
                         CnBackupProgressFunc progress,
                         gpointer progress_data,
                         GError **error);

/* Checks that @path is a Connecteur database this version can read: ours,
 * not newer, not damaged. The file is only read. */
gboolean cn_backup_check_file (const char *path, GError **error);

/* Writes everything in @store's file to @dest_path, in a worker thread with
 * its own connection; @progress runs in the caller's thread. */
void cn_backup_export_async (CnStore *store,
                             const char *dest_path,
                             GCancellable *cancellable,
                             CnBackupProgressFunc progress,
                             gpointer progress_data,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
gboolean cn_backup_export_finish (CnStore *store, GAsyncResult *result, GError **error);

/* Replaces everything in the database at @db_path by @source_path's content
 * (checked first; upgraded when older), in one transaction, after a copy of
 * the current content is written to @safety_path. Nothing changes when it
 * fails. Blocking: for a worker thread, or the command line. */
gboolean cn_backup_restore (const char *db_path,
                            const char *source_path,
                            const char *safety_path,
                            GCancellable *cancellable,
                            GError **error);
/* The same in a worker thread; at the end @store reads the file again. */
void cn_backup_restore_async (CnStore *store,
                              const char *source_path,
                              const char *safety_path,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
gboolean cn_backup_restore_finish (CnStore *store, GAsyncResult *result, GError **error);

/* Where a restore keeps the content it replaces: beside @db_path, named
 * after the time (local), never an existing file. */
char *cn_backup_safety_path (const char *db_path);

G_END_DECLS
