/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* Written into the SQLite header ("Cnct") so that another program's database
 * is never mistaken for ours. */
#define CN_STORE_APPLICATION_ID 0x436e6374

/* Shared with the background analysis, which writes through its own
 * connection to the same file. */
#define CN_STORE_SQL_SET_ANALYSIS                                                                  \
  "INSERT OR REPLACE INTO request_analysis"                                                        \
  " (request_id, analyzer_version, verdict, score, elements, flags, lang)"                         \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"

/* Binds the parameters of CN_STORE_SQL_SET_ANALYSIS. */
void _cn_store_bind_analysis (sqlite3_stmt *stmt,
                              gint64 request_id,
                              const char *analyzer_version,
                              CnAnalysis *analysis);
/* Main thread only. */
void _cn_store_emit_analyses_changed (CnStore *self);

/* Whether a request passes the request list's filters: its effective verdict
 * is @verdict (-1: any), and it is mass-sent / repeated when asked. */
gboolean _cn_store_request_matches (
    CnStore *self, gint64 id, int verdict, gboolean mass_sent_only, gboolean repeated_only);

/* cn_store_add_event() with the time of the event given (example data,
 * tests): emits "request-changed" outside a transaction. */
gboolean _cn_store_add_event_at (CnStore *self,
                                 gint64 request_id,
                                 gint64 at,
                                 const char *action,
                                 const char *text,
                                 GError **error);
/* Dates the "created" event of a request (example data: as if recorded
 * when it was received, before the rest of its history). */
gboolean _cn_store_date_created_event (CnStore *self, gint64 request_id, gint64 at, GError **error);
/* cn_store_set_request_outcome() with the time of its event given. */
gboolean _cn_store_set_request_outcome_at (
    CnStore *self, gint64 request_id, CnOutcome outcome, gint64 at, GError **error);

/* Imports (cn-import.c) write in bulk through the store's connection, inside
 * a cn_store_begin() transaction, with statements of their own. */
sqlite3 *_cn_store_get_db (CnStore *self);
/* Sets @error from the connection's last failure. */
void _cn_store_set_sqlite_error (CnStore *self, GError **error);
/* What a bulk import wrote inside the current transaction: the triage index
 * takes @request_ids in at the commit (or is rebuilt at its next use), and
 * the commit announces the change. @renamed: contacts changed name (their
 * requests' fingerprints were cleared). */
void _cn_store_note_import (CnStore *self,
                            gboolean contacts_changed,
                            gboolean renamed,
                            const gint64 *request_ids,
                            guint n_requests);
/* Another connection (an import in a worker) wrote to the file: forget what
 * may be stale and emit "contacts-changed" and "reloaded". Main thread. */
void _cn_store_notify_external_write (CnStore *self);

/* Text settings (the mail account's, cn-mail-account.c): NULL when not set;
 * setting NULL removes the key. */
char *_cn_store_get_text_setting (CnStore *self, const char *key);
gboolean
_cn_store_set_text_setting (CnStore *self, const char *key, const char *value, GError **error);

G_END_DECLS
