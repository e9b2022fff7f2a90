/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cn-backup.h"
#include "cn-store-private.h"
#include "cn-task-progress.h"

/* Pages copied per step of an export: small enough for a smooth progress
 * bar and a quick cancel. */
#define PAGES_PER_STEP 256

static void
set_restore_error (int rc, const char *source_path, GError **error)
{
  g_autofree char *display = g_filename_display_name (source_path);

  if ((rc & 0xff) == SQLITE_FULL)
    g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_FULL,
                 _("Could not restore from “%s”: the disk is full. Nothing was changed."),
                    display);
  else
    g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_FAILED,
                 _("Could not restore from “%s”: %s. Nothing was changed."), display,
                    sqlite3_errstr (rc));
}

static void
set_copy_error (int rc, const char *dest_path, const char *reason, GError **error)
{
  g_autofree char *display = g_filename_display_name (dest_path);

  if ((rc & 0xff) == SQLITE_FULL)
    g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_FULL,
                 _("Could not write the copy “%s”: the disk is full. Free some space and try "
                   "again."),
                    display);
  else
    g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_FAILED,
                 _("Could not write the copy “%s”: %s."), display, reason);
}

/* A file nobody changes while we read it: opened so that SQLite creates
 * nothing beside it. */
static int
open_for_reading (const char *path, sqlite3 **out_db)
{
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
  g_autofree char *uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);
  int rc = sqlite3_open_v2 (uri, out_db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);

  if (*out_db != NULL)
    sqlite3_extended_result_codes (*out_db, 1);
  return rc;
}

gboolean
cn_backup_copy (sqlite3 *source,
                const char *dest_path,
                GCancellable *cancellable,
                CnBackupProgressFunc progress,
                gpointer progress_data,
                GError **error)
{
  g_autofree char *part = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (source != NULL && dest_path != NULL, FALSE);

  part = g_strconcat (dest_path, ".part", NULL);
  g_unlink (part);
  rc = sqlite3_open_v2 (part, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      set_copy_error (rc, dest_path, dest ? sqlite3_errmsg (dest) : "", error);
      sqlite3_close (dest);
      g_unlink (part);
      return FALSE;
    }
  sqlite3_extended_result_codes (dest, 1);

  backup = sqlite3_backup_init (dest, "main", source, "main");
  if (backup == NULL)
    {
      set_copy_error (sqlite3_extended_errcode (dest), dest_path, sqlite3_errmsg (dest), error);
      sqlite3_close (dest);
      g_unlink (part);
      return FALSE;
    }
  do
    {
      rc = sqlite3_backup_step (backup, PAGES_PER_STEP);
      if (progress != NULL && sqlite3_backup_pagecount (backup) > 0)
        progress (1.0 - (double) sqlite3_backup_remaining (backup) /
                            sqlite3_backup_pagecount (backup),
                  progress_data);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        g_usleep (10 * 1000);
      if (g_cancellable_is_cancelled (cancellable))
        break;
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);

  /* A plain file: no -wal to carry along with it. */
  if (rc == SQLITE_DONE)
    rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      sqlite3_close (dest);
      g_unlink (part);
      return FALSE;
    }
  if (rc != SQLITE_OK)
    {
      set_copy_error (rc, dest_path, sqlite3_errstr (rc), error);
      sqlite3_close (dest);
      g_unlink (part);
      return FALSE;
    }
  rc = sqlite3_close (dest);
  if (rc != SQLITE_OK || g_rename (part, dest_path) != 0)
    {
      set_copy_error (SQLITE_IOERR, dest_path, g_strerror (errno), error);
      g_unlink (part);
      return FALSE;
    }
  return TRUE;
}

gboolean
cn_backup_check_file (const char *path, GError **error)
{
  g_autofree char *display = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int application_id = 0, version = 0;
  gboolean sound = FALSE;
  int rc;

  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_OPEN, _("“%s” is not a file."), display);
      return FALSE;
    }
  rc = open_for_reading (path, &db);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db,
                             "SELECT (SELECT application_id FROM pragma_application_id),"
                             " (SELECT user_version FROM pragma_user_version)",
                             -1, &stmt, NULL);
  if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    {
      application_id = sqlite3_column_int (stmt, 0);
      version = sqlite3_column_int (stmt, 1);
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (application_id == CN_STORE_APPLICATION_ID && version > 0 &&
      version <= CN_STORE_SCHEMA_VERSION &&
      sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK)
    sound = sqlite3_step (stmt) == SQLITE_ROW &&
            g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  if (application_id != CN_STORE_APPLICATION_ID || version <= 0)
    g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CORRUPT,
                 _("“%s” is not a copy of a Connecteur database. Nothing was changed."), display);
  else if (version > CN_STORE_SCHEMA_VERSION)
    g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_TOO_NEW,
                 _("“%s” was written by a newer version of Connecteur. Nothing was changed."),
                    display);
  else if (!sound)
    g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CORRUPT,
                 _("“%s” is damaged and cannot be restored. Nothing was changed."), display);
  else
    return TRUE;
  return FALSE;
}

/* Restores into @dest, a connection to the database at @db_path. */
static gboolean
restore (sqlite3 *dest,
         const char *db_path,
         const char *source_path,
         const char *safety_path,
         GCancellable *cancellable,
         GError **error)
{
  g_autoptr(CnStore) upgraded = NULL;
  sqlite3 *source = NULL;
  sqlite3_backup *backup = NULL;
  int rc;

  if (!cn_backup_check_file (source_path, error) ||
      !cn_backup_copy (dest, safety_path, cancellable, NULL, NULL, error))
    return FALSE;

  rc = open_for_reading (source_path, &source);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (dest, "main", source, "main");
      rc = backup != NULL ? SQLITE_OK : sqlite3_extended_errcode (dest);
    }
  /* In one step: one transaction on the database, all or nothing. */
  if (backup != NULL)
    {
      do
        rc = sqlite3_backup_step (backup, -1);
      while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
      sqlite3_backup_finish (backup);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_close (source);
  if (rc != SQLITE_OK)
    {
      set_restore_error (rc, source_path, error);
      return FALSE;
    }

  /* An older copy is upgraded now, before anyone reads it. */
  upgraded = cn_store_open (db_path, error);
  return upgraded != NULL;
}

gboolean
cn_backup_restore (const char *db_path,
                   const char *source_path,
                   const char *safety_path,
                   GCancellable *cancellable,
                   GError **error)
{
  sqlite3 *dest = NULL;
  gboolean ok;
  int rc;

  g_return_val_if_fail (db_path != NULL && source_path != NULL && safety_path != NULL, FALSE);

  rc = sqlite3_open_v2 (db_path, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_close (dest);
      set_restore_error (rc, source_path, error);
      return FALSE;
    }
  sqlite3_extended_result_codes (dest, 1);
  sqlite3_busy_timeout (dest, CN_STORE_BUSY_TIMEOUT_MS);
  ok = restore (dest, db_path, source_path, safety_path, cancellable, error);
  sqlite3_close (dest);
  return ok;
}

char *
cn_backup_safety_path (const char *db_path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  g_autofree char *dir = g_path_get_dirname (db_path);
  char *path = NULL;

  for (guint i = 0; path == NULL || g_file_test (path, G_FILE_TEST_EXISTS); i++)
    {
      g_autofree char *name = i == 0 ? g_strdup_printf ("before-restore-%s.db", stamp)
                                     : g_strdup_printf ("before-restore-%s-%u.db", stamp, i);

      g_free (path);
      path = g_build_filename (dir, name, NULL);
    }
  return path;
}

/* In a worker thread */

typedef struct
{
  char *dest_path;
  char *source_path;
  CnTaskProgress *progress;
} Job;

static void
job_free (Job *job)
{
  g_free (job->dest_path);
  g_free (job->source_path);
  g_clear_pointer (&job->progress, cn_task_progress_unref);
  g_free (job);
}

static gboolean
export_worker (
    GTask *task, CnStore *worker, gpointer task_data, GCancellable *cancellable, GError **error)
{
  Job *job = task_data;

  return cn_backup_copy (worker->db, job->dest_path, cancellable, cn_task_progress_report,
                         job->progress, error);
}

static void
on_progress_cb (double fraction, gpointer user_data)
{
  GTask *task = user_data;
  CnBackupProgressFunc progress = g_object_get_data (G_OBJECT (task), "cn-progress");

  if (progress != NULL)
    progress (fraction, g_object_get_data (G_OBJECT (task), "cn-progress-data"));
}

void
cn_backup_export_async (CnStore *store,
                        const char *dest_path,
                        GCancellable *cancellable,
                        CnBackupProgressFunc progress,
                        gpointer progress_data,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (CN_IS_STORE (store));
  g_return_if_fail (dest_path != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cn_backup_export_async);
  g_object_set_data (G_OBJECT (task), "cn-progress", progress);
  g_object_set_data (G_OBJECT (task), "cn-progress-data", progress_data);
  job = g_new0 (Job, 1);
  job->dest_path = g_strdup (dest_path);
  job->progress = cn_task_progress_new (task, on_progress_cb, task, "[connecteur] export");
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  _cn_store_run_in_worker (task, export_worker);
}

gboolean
cn_backup_export_finish (CnStore *store, GAsyncResult *result, GError **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  cn_task_progress_finish (job->progress);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
restore_worker (
    GTask *task, CnStore *worker, gpointer task_data, GCancellable *cancellable, GError **error)
{
  Job *job = task_data;

  return restore (worker->db, worker->path, job->source_path, job->dest_path, cancellable, error);
}

void
cn_backup_restore_async (CnStore *store,
                         const char *source_path,
                         const char *safety_path,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (CN_IS_STORE (store));
  g_return_if_fail (source_path != NULL && safety_path != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cn_backup_restore_async);
  job = g_new0 (Job, 1);
  job->source_path = g_strdup (source_path);
  job->dest_path = g_strdup (safety_path);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  _cn_store_run_in_worker (task, restore_worker);
}

gboolean
cn_backup_restore_finish (CnStore *store, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  /* Another connection replaced everything: the store reads it again. */
  _cn_store_notify_external_write (store);
  return TRUE;
}
