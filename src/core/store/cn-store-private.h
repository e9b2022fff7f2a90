/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "cn-import.h"
#include "cn-requester-matcher.h"
#include "cn-store.h"
#include "cn-triage.h"

G_BEGIN_DECLS

/* The store layer. SQL is written in its files only (tests/core/test-sql-in-store.sh checks
 * it): cn-store.c (the connection, transactions, signals, errors, settings, worker
 * connections), cn-store-schema.c, cn-store-contacts.c, cn-store-requests.c (requests,
 * requesters, events, templates, the list's filters), cn-store-analyses.c with
 * cn-analysis-queue.c, cn-store-triage.c, cn-store-review.c, cn-store-import.c (what an import
 * writes) and cn-backup.c (whole copies); cn-requester-matcher.c holds the rule that finds a
 * requester, without SQL. The rest of the program goes through cn-store.h, and other core
 * files through the first part of this header. */

/* Written into the SQLite header ("Cnct") so that another program's database
 * is never mistaken for ours. */
#define CN_STORE_APPLICATION_ID 0x436e6374

/* How long a connection waits for another one's write lock. */
#define CN_STORE_BUSY_TIMEOUT_MS 5000

/* For the rest of the core */

/* cn_store_add_event() with the time of the event given (example data,
 * tests): emits "request-changed" outside a transaction. */
gboolean _cn_store_add_event_at (CnStore *self,
                                 gint64 request_id,
                                 gint64 at,
                                 CnEventAction action,
                                 const char *text,
                                 GError **error);
/* Dates the "created" event of a request, its created_at (example data: as
 * if recorded when it was received, before the rest of its history). */
gboolean _cn_store_date_created_event (CnStore *self, gint64 request_id, gint64 at, GError **error);
/* cn_store_set_request_outcome() with the time of its event given. */
gboolean _cn_store_set_request_outcome_at (
    CnStore *self, gint64 request_id, CnOutcome outcome, gint64 at, GError **error);

/* What an import writes (cn-store-import.c), for cn_store_import_batch():
 * in one transaction of the store's, which _cn_store_import_begin() opens and
 * _cn_store_import_end() closes. */
typedef struct _CnStoreImport CnStoreImport;

/* A contact as an import reads and writes it (strings NULL when absent). */
typedef struct
{
  gint64 id;
  const char *name;
  const char *email;
  const char *profile_url;
  const char *company;
  const char *position;
  gboolean has_notes; /* read only */
  gboolean has_expertise;
} CnStoreImportContact;
typedef void (*CnStoreImportContactFunc) (const CnStoreImportContact *contact, gpointer user_data);

/* Begins the transaction and reads what matching needs: each stored contact
 * goes to @func, oldest first (its strings live until @func returns). */
CnStoreImport *_cn_store_import_begin (CnStore *store,
                                       CnStoreImportContactFunc func,
                                       gpointer user_data,
                                       GError **error);
/* Adds a contact; returns its id, or 0 with @error set. @expertise: tags
 * joined by line breaks, or NULL. */
gint64 _cn_store_import_add_contact (CnStoreImport *import,
                                     const CnStoreImportContact *contact,
                                     const char *expertise,
                                     const char *notes,
                                     GError **error);
/* Writes the name, addresses, company and position of contact->id; @expertise
 * and @notes replace the stored ones unless NULL. */
gboolean _cn_store_import_update_contact (CnStoreImport *import,
                                          const CnStoreImportContact *contact,
                                          const char *expertise,
                                          const char *notes,
                                          GError **error);
/* Whether a request of @source with the reference @ref is stored. */
gboolean _cn_store_import_has_request (CnStoreImport *import, const char *source, const char *ref);
/* Adds @request, from the requester cn_store_ensure_requester() finds or
 * adds, to @target_id (0: none), created now. */
gboolean _cn_store_import_add_request (CnStoreImport *import,
                                       const CnImportRequest *request,
                                       const char *source,
                                       const char *ref,
                                       gint64 target_id,
                                       GError **error);
/* Commits when @ok, else rolls back; frees @import. @contacts_changed: some
 * were added or updated; @renamed: some changed name (their requests'
 * fingerprints were cleared). */
gboolean _cn_store_import_end (CnStoreImport *import,
                               gboolean ok,
                               gboolean contacts_changed,
                               gboolean renamed,
                               GError **error);

/* Another connection (an import in a worker) wrote to the file: forget what
 * may be stale and emit "contacts-changed" and "reloaded". Main thread. */
void _cn_store_notify_external_write (CnStore *self);

/* Work for _cn_store_run_in_worker(), in its thread: @worker is a connection
 * of its own to the store's file (a CnStore: the public API works on it).
 * Returns FALSE with @error set when it failed. */
typedef gboolean (*CnStoreWorkerFunc) (
    GTask *task, CnStore *worker, gpointer task_data, GCancellable *cancellable, GError **error);
/* Runs @func in a thread on a second connection to the file of @task's source
 * object (a CnStore), opened as the first one was (read-only when it is, the
 * same pragmas and busy timeout) and closed before @task returns TRUE or
 * @func's error; other results go in the task data. Main thread. */
void _cn_store_run_in_worker (GTask *task, CnStoreWorkerFunc func);

/* Text settings (the mail account's, cn-mail-account.c): NULL when not set;
 * setting NULL removes the key. */
char *_cn_store_get_text_setting (CnStore *self, const char *key);
gboolean
_cn_store_set_text_setting (CnStore *self, const char *key, const char *value, GError **error);

/* For the store's own files */

struct _CnStore
{
  GObject parent_instance;

  char *path;
  char *display_name;
  sqlite3 *db;
  gboolean read_only;     /* the file may not be written: opened for reading */
  gboolean check_pending; /* the integrity check was left for later */
  /* SQL text (static strings) → sqlite3_stmt, reset after each use. */
  GHashTable *statements;
  int schema_version;
  /* Analyses made by another version count as missing; NULL: any counts. */
  char *analyzer_version;

  /* The triage index of every request, NULL until first needed (see
   * _cn_store_ensure_triage()); dropped whenever it may disagree with the database. */
  CnTriage *triage;
  /* TriageRow indexed by request id: what is stored for each request the
   * index holds, so that only real changes are written and announced. */
  GArray *triage_rows;
  /* campaign id → size stored in the campaigns table; the campaigns that
   * requests left in the current write, to delete if unused. */
  GHashTable *campaign_sizes;
  GArray *campaigns_left;
  guint min_campaign_targets;
  guint repeat_window_days;
  /* Bumped (atomically: a background build reads it) by every write the
   * index depends on. */
  int triage_serial;
  /* cn_store_prepare_triage_async() was called: never build on the main
   * thread; a build is running; its callers waiting. */
  gboolean triage_background;
  gboolean triage_building;
  GPtrArray *triage_waiting;
  /* Requests added inside the current outer transaction, indexed at its
   * commit in date order (or before anything else reads the index). */
  GArray *triage_pending;
  /* The index was changed inside the current atomic group / outer
   * transaction: a rollback must drop it. */
  gboolean triage_touched_op;
  gboolean triage_touched_txn;

  /* The campaigns last read in a worker (cn-store-campaigns.c), and the
   * state of the database then: read again only once it changed. */
  GPtrArray *campaigns_read;
  gint64 campaigns_read_changes;
  int campaigns_read_version;

  /* Nesting depth of cn_store_begin(); what to announce at the outermost commit. */
  guint depth;
  gboolean requests_dirty;
  gboolean contacts_dirty;
};

enum {
  CN_STORE_SIGNAL_REQUEST_ADDED,
  CN_STORE_SIGNAL_REQUEST_CHANGED,
  CN_STORE_SIGNAL_REQUEST_REMOVED,
  CN_STORE_SIGNAL_CONTACTS_CHANGED,
  CN_STORE_SIGNAL_RELOADED,
  CN_STORE_SIGNAL_ANALYSES_CHANGED,
  CN_STORE_SIGNAL_TRIAGE_CHANGED,
  CN_STORE_SIGNAL_DRAFT_CHANGED,
  CN_STORE_N_SIGNALS
};
extern guint _cn_store_signals[CN_STORE_N_SIGNALS];

static inline gint64
_cn_store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static inline const char *
_cn_store_nonempty (const char *str)
{
  return str != NULL && *str != '\0' ? str : NULL;
}

/* Errors (cn-store.c): @rc is an extended result code. */
void _cn_store_set_sqlite_error (CnStore *self, int rc, GError **error);
/* The same, with a precise message for a missing reference. */
void _cn_store_set_sqlite_error_fk (CnStore *self, int rc, const char *fk_message, GError **error);
/* "This request no longer exists." (cn-store-requests.c) */
void _cn_store_set_not_found (GError **error);

/* Forgets the campaigns last read (cn-store-campaigns.c). */
void _cn_store_drop_campaigns_read (CnStore *self);

/* Statements (cn-store.c). _cn_store_prepare() caches by address: @sql must
 * be a literal. A cached statement borrowed from the store: g_autoptr resets
 * it (and clears its bindings) when it goes out of scope, so it is ready for
 * the next user. */
typedef sqlite3_stmt CnStmt;

static inline void
_cn_stmt_release (CnStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnStmt, _cn_stmt_release)

gboolean _cn_store_exec (CnStore *self, const char *sql, GError **error);
CnStmt *_cn_store_prepare (CnStore *self, const char *sql, GError **error);
void _cn_store_bind_text (CnStmt *stmt, int index, const char *text);
/* NULL for 0 (no contact…). */
void _cn_store_bind_id (CnStmt *stmt, int index, gint64 id);
char *_cn_store_column_text (CnStmt *stmt, int column);
/* Runs a statement that returns no row. */
gboolean _cn_store_step_done (CnStore *self, CnStmt *stmt, GError **error);
/* _cn_store_step_done() for a statement that names a request: a missing one
 * is told as such (cn-store-requests.c). */
gboolean _cn_store_step_for_request (CnStore *self, CnStmt *stmt, GError **error);
/* A one-off query returning one integer (PRAGMAs while opening); an SQLite code. */
int _cn_store_query_int (CnStore *self, const char *sql, int *out_value);
/* A cached count(*); 0 on error. */
guint _cn_store_count_rows (CnStore *self, const char *sql);
/* The ids (gint64) a cached query returns, bound to @param if it has one. */
GArray *_cn_store_list_ids (CnStore *self, const char *sql, gint64 param, GError **error);

/* Atomic groups of statements inside one public call (cn-store.c). Inside a
 * caller's transaction they use a savepoint, so a failed call undoes only
 * itself. On a failed commit the caller still rolls back. */
gboolean _cn_store_atomic_begin (CnStore *self, GError **error);
gboolean _cn_store_atomic_commit (CnStore *self, GError **error);
void _cn_store_atomic_rollback (CnStore *self);

/* After a write: signal now, or at the outermost commit (cn-store.c). */
void _cn_store_request_written (CnStore *self, guint signal_id, gint64 id);
void _cn_store_contacts_written (CnStore *self);

/* Integer settings (cn-store.c). */
gint64 _cn_store_get_setting (CnStore *self, const char *key, gint64 fallback);
gboolean _cn_store_set_setting (CnStore *self, const char *key, gint64 value, GError **error);

/* Opening (cn-store.c, cn-store-schema.c). */
gboolean _cn_store_configure_connection (CnStore *self, GError **error);
/* Only reads: refuses a file that is not ours or newer, and sets schema_version. */
gboolean _cn_store_check_file (CnStore *self, GError **error);
/* PRAGMA quick_check on @db (the store's or a worker's connection). */
gboolean _cn_store_quick_check (CnStore *self, sqlite3 *db, GError **error);
/* Brings the file to CN_STORE_SCHEMA_VERSION, keeping a copy of it first. */
gboolean _cn_store_migrate (CnStore *self, GError **error);

/* Contacts (cn-store-contacts.c). */
gboolean _cn_store_contact_exists (CnStore *self, gint64 id);

/* Requests and events (cn-store-requests.c). */
/* cn_store_ensure_requester() among the requesters of @matcher: all of them
 * (an import), or NULL to read those that share a key with the request.
 * @matcher learns what is written. */
gint64 _cn_store_ensure_requester_with (CnStore *self,
                                        CnRequesterMatcher *matcher,
                                        const char *name,
                                        const char *email,
                                        const char *profile_url,
                                        GError **error);
/* Whether a stored analysis made by @version counts. */
gboolean _cn_store_is_current_version (CnStore *self, const char *version);
gboolean _cn_store_insert_event (CnStore *self,
                                 gint64 request_id,
                                 gint64 at,
                                 CnEventAction action,
                                 const char *text,
                                 GError **error);
/* Sets a request's status inside the caller's atomic group, updating the
 * index; appends the requests whose triage results changed to @changed
 * (their results not yet stored: see _cn_store_persist_changed_triage()). */
gboolean _cn_store_change_status (CnStore *self,
                                  gint64 id,
                                  CnRequestStatus status,
                                  CnRequestStatus *out_previous,
                                  gint64 *out_requester_id,
                                  GArray *changed,
                                  GError **error);

/* Analyses (cn-store-analyses.c). Shared with the background analysis, which
 * writes through its own connection to the same file. */
#define CN_STORE_SQL_SET_ANALYSIS                                                                  \
  "INSERT OR REPLACE INTO request_analysis"                                                        \
  " (request_id, analyzer, verdict, score, elements, flags, lang)"                                 \
  " VALUES (?1, (SELECT id FROM analyzer_versions WHERE name = ?2), ?3, ?4, ?5, ?6, ?7)"
/* Run before CN_STORE_SQL_SET_ANALYSIS with the same version: it names the
 * analyzer by its number. */
#define CN_STORE_SQL_ADD_ANALYZER_VERSION                                                          \
  "INSERT OR IGNORE INTO analyzer_versions (name) VALUES (?1)"

/* Corrections (cn-store-corrections.c), also read by the background
 * analysis through its own connection. */
#define CN_STORE_SQL_LIST_CORRECTIONS                                                              \
  "SELECT is_flag, item, kind, note, span_start, span_end FROM request_corrections"                \
  " WHERE request_id = ?1 ORDER BY is_flag, item"
/* The corrections (CnCorrection) a CN_STORE_SQL_LIST_CORRECTIONS statement reads. */
GArray *_cn_store_read_corrections (sqlite3_stmt *stmt, gint64 request_id);
/* @analysis corrected by what that statement reads (a new reference). */
CnAnalysis *
_cn_store_correct_analysis (sqlite3_stmt *stmt, gint64 request_id, CnAnalysis *analysis);

/* Stores @analysis of @request_id, made by @analyzer_version, with no signal. */
gboolean _cn_store_write_analysis (CnStore *self,
                                   gint64 request_id,
                                   const char *analyzer_version,
                                   CnAnalysis *analysis,
                                   GError **error);
/* Binds the parameters of CN_STORE_SQL_SET_ANALYSIS. */
void _cn_store_bind_analysis (sqlite3_stmt *stmt,
                              gint64 request_id,
                              const char *analyzer_version,
                              CnAnalysis *analysis);
/* Main thread only. */
void _cn_store_emit_analyses_changed (CnStore *self);

/* The triage index (cn-store-triage.c). */
void _cn_store_load_triage_settings (CnStore *self);
/* Something the index depends on was written: a background build that
 * started before must not be adopted. */
void _cn_store_bump_triage_serial (CnStore *self);
/* The index changed: a rollback of the current atomic group or transaction
 * must drop it. */
void _cn_store_touch_triage (CnStore *self);
/* The index may hold what a rollback took back from the database: drop it,
 * the next use rebuilds it from what is stored. */
void _cn_store_drop_triage (CnStore *self);
/* Builds the index when there is none (in the background once the app asked
 * for it). Call it before an atomic group that writes requests. */
gboolean _cn_store_ensure_triage_index (CnStore *self, GError **error);
/* The same, and indexes what the current transaction added: before anything
 * reads or changes the index. */
gboolean _cn_store_ensure_triage (CnStore *self, GError **error);
/* Indexes request @id again after its target, date or note changed; appends
 * its requester to @requesters (for _cn_store_refresh_requesters()). */
gboolean _cn_store_reindex_request (
    CnStore *self, gint64 id, GArray *requesters, GArray *changed, GError **error);
/* Indexes the requests added in the current transaction (at its commit). */
gboolean _cn_store_index_pending (CnStore *self, GError **error);
/* Indexes a request just inserted, and stores its fingerprint and the
 * results of every request that changed (appended to @changed). */
gboolean _cn_store_triage_add_request (CnStore *self,
                                       gint64 id,
                                       gint64 requester_id,
                                       gint64 target_id,
                                       gint64 received_at,
                                       CnRequestStatus status,
                                       const char *note_to_target,
                                       GArray *changed,
                                       GError **error);
/* Stores the results of the requests the index reported (but @skip_id,
 * deleted), keeping in @changed only those whose stored results changed. */
gboolean
_cn_store_persist_changed_triage (CnStore *self, GArray *changed, gint64 skip_id, GError **error);
/* A status change of a request of @requester_id may change which of their
 * requests come after a refusal; appends those whose flag changed. */
gboolean _cn_store_refresh_after_refusal (CnStore *self,
                                          gint64 requester_id,
                                          GArray *changed,
                                          GError **error);
/* _cn_store_refresh_after_refusal() for each distinct requester of @requesters. */
gboolean
_cn_store_refresh_requesters (CnStore *self, GArray *requesters, GArray *changed, GError **error);
/* Announces the requests (but @except_id) whose results changed. */
void _cn_store_emit_triage_changes (CnStore *self, GArray *changed, gint64 except_id);
/* Gives @request the triage results stored for it. */
void _cn_store_read_triage_summary (CnStore *self, CnRequest *request);

/* The events that open or answer the question "Did you send it?" after a
 * forward was handed to the clipboard or the mail app, bound from ?2 by
 * _cn_store_bind_handoff_actions(): ?2 and ?3 open it (forward-copied,
 * forward-opened), the others answer it (?5 is "forwarded"). The latest one
 * says whether the question waits. */
#define CN_STORE_HANDOFF_QUERY(request_id)                                                         \
  "(SELECT e.action FROM events e WHERE e.request_id = " request_id                                \
  " AND e.action IN (?2, ?3, ?4, ?5, ?6, ?7, ?8) ORDER BY e.id DESC LIMIT 1)"
void _cn_store_bind_handoff_actions (CnStmt *stmt);
/* The hand-off a stored action opens: FORWARD_COPIED or FORWARD_OPENED, or UNKNOWN. */
CnEventAction _cn_store_handoff_from_column (CnStmt *stmt, int column);

/* cn_store_list_request_ids_query() over @all, the ids of every request
 * newest first as cn_store_list_request_ids() gives them (NULL: read them):
 * a caller that keeps them saves reading the whole index at each change of
 * filter (60 % of it over 100,000 requests). */
GArray *_cn_store_filter_request_ids (CnStore *self,
                                      GArray *all,
                                      const CnRequestQuery *query,
                                      GError **error);

/* For a test: each query the request list's filters run, followed by the
 * lines of its EXPLAIN QUERY PLAN. */
GPtrArray *_cn_store_explain_filter_queries (CnStore *self, GError **error);

G_END_DECLS
