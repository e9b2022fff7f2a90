/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cn-analysis.h"
#include "cn-contact.h"
#include "cn-request.h"

G_BEGIN_DECLS

#define CN_STORE_SCHEMA_VERSION 16

#define CN_STORE_ERROR (cn_store_error_quark ())
typedef enum {
  CN_STORE_ERROR_OPEN,       /* cannot create or read the file (permissions, missing folder…) */
  CN_STORE_ERROR_CORRUPT,    /* not an SQLite database, not ours, or damaged */
  CN_STORE_ERROR_TOO_NEW,    /* written by a newer Connecteur: left untouched */
  CN_STORE_ERROR_MIGRATION,  /* an upgrade step failed and was rolled back */
  CN_STORE_ERROR_CONSTRAINT, /* a reference to a missing contact/requester/request, a bad value */
  CN_STORE_ERROR_NOT_FOUND,
  CN_STORE_ERROR_FULL, /* the disk is full */
  CN_STORE_ERROR_FAILED,
} CnStoreError;
GQuark cn_store_error_quark (void);

/* One history event of a request. */
typedef struct
{
  gint64 id;
  gint64 request_id;
  gint64 at;            /* Unix time, UTC */
  CnEventAction action; /* UNKNOWN: one this version does not know (see action_id) */
  char *action_id;      /* as stored: "created", "forwarded", "asked", … */
  char *text;           /* the exact text sent, or NULL */
} CnEvent;
void cn_event_free (CnEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnEvent, cn_event_free)

/* Signals (all emitted in the thread that wrote, after the write is durable):
 *   "request-added"   (gint64 id)  a request was added outside a transaction
 *   "request-changed" (gint64 id)  a request's fields or status changed, outside a transaction
 *   "request-removed" (gint64 id)  a request was deleted, outside a transaction
 *   "contacts-changed" ()          contacts were added or edited (after commit, inside one)
 *   "reloaded"        ()           a transaction that wrote requests committed, or the
 *                                  analyzer version changed: re-read
 *   "analyses-changed" ()          stored analyses of many requests changed (batch or
 *                                  background analysis): re-read verdicts
 *   "triage-changed"  ()           the mass-sent/repeated results of many requests changed
 *                                  (an add joining a big campaign, new settings, the index
 *                                  rebuilt): re-read them. When few change, each gets
 *                                  "request-changed" instead.
 *   "draft-changed"   (gint64 id)  the endorsement kept for a request was saved or
 *                                  discarded (the list's label follows it)
 * Inside cn_store_begin()/cn_store_commit() the per-request signals are not
 * emitted; "reloaded" is, once, at the outermost commit. */
#define CN_TYPE_STORE (cn_store_get_type ())
G_DECLARE_FINAL_TYPE (CnStore, cn_store, CN, STORE, GObject)

/* The database path when none is given: $CONNECTEUR_DB, else
 * $XDG_DATA_HOME/connecteur/connecteur.db. */
char *cn_store_default_path (void);

/* Opens (creating the file and its folder if needed) and migrates to
 * CN_STORE_SCHEMA_VERSION. A file that is not a Connecteur database, is
 * damaged, or comes from a newer version is refused with a GError and never
 * modified. */
CnStore *cn_store_open (const char *path, GError **error);

typedef enum {
  CN_STORE_OPEN_DEFAULT = 0,
  /* The integrity check (a read of every page: a third of a second at
   * 100,000 requests) is left to cn_store_check_async() when opening writes
   * nothing (the current version, already in WAL mode); else it runs here. */
  CN_STORE_OPEN_CHECK_LATER = 1 << 0,
} CnStoreOpenFlags;

CnStore *cn_store_open_with_flags (const char *path, CnStoreOpenFlags flags, GError **error);
/* Whether the integrity check was left for later and has not run yet. */
gboolean cn_store_needs_check (CnStore *self);
/* Runs the integrity check in a worker. A damaged file fails with
 * CN_STORE_ERROR_CORRUPT, and from then on the store refuses every write, so
 * that the file stays as it was. */
void cn_store_check_async (CnStore *self,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data);
gboolean cn_store_check_finish (CnStore *self, GAsyncResult *result, GError **error);
/* Whether the file could only be opened for reading (its permissions, a
 * read-only disk): everything reads, every change fails with
 * CN_STORE_ERROR_OPEN saying the file is read-only. */
gboolean cn_store_is_read_only (CnStore *self);
const char *cn_store_get_path (CnStore *self);
int cn_store_get_schema_version (CnStore *self);

/* Groups many writes into one transaction (imports, demo data). Nested calls
 * are counted; only the outermost commits. On failure, call rollback. */
gboolean cn_store_begin (CnStore *self, GError **error);
gboolean cn_store_commit (CnStore *self, GError **error);
void cn_store_rollback (CnStore *self);

/* Contacts. add sets the contact's id. */
gboolean cn_store_add_contact (CnStore *self, CnContact *contact, GError **error);
gboolean cn_store_update_contact (CnStore *self, CnContact *contact, GError **error);
CnContact *cn_store_get_contact (CnStore *self, gint64 id, GError **error);
/* Sorted by name (case-insensitive). Element type: CnContact. */
GPtrArray *cn_store_list_contacts (CnStore *self, GError **error);
/* Puts contacts (CnContact) in another order, in place. */
typedef void (*CnContactsSortFunc) (GPtrArray *contacts);
/* cn_store_list_contacts() on a connection of its own, in a worker thread,
 * then @sort (may be NULL) there too: a big network is read and ordered
 * while the caller's main loop goes on. */
void cn_store_list_contacts_async (CnStore *self,
                                   CnContactsSortFunc sort,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
GPtrArray *cn_store_list_contacts_finish (CnStore *self, GAsyncResult *result, GError **error);
guint cn_store_count_contacts (CnStore *self);

/* Requesters are found by profile URL, then e-mail, then exact name; created
 * when none matches. Returns the id, or 0 with error set. */
gint64 cn_store_ensure_requester (
    CnStore *self, const char *name, const char *email, const char *profile_url, GError **error);

/* Requests. add uses requester-id when set, else ensures a requester from
 * requester-name/email/profile-url; it sets the request's id, and its
 * history starts with a "created" event dated now. A target-id that names no contact is refused
 * (CN_STORE_ERROR_CONSTRAINT). Emits "request-added". */
gboolean cn_store_add_request (CnStore *self, CnRequest *request, GError **error);
/* Joins the requester's and the target's names. */
CnRequest *cn_store_get_request (CnStore *self, gint64 id, GError **error);
/* The same with what the request list's label needs besides (see
 * cn_request_set_step_state() and cn_review_get_list_label()): for an open
 * request, its fit judged on the contact's card (the costly part: about as
 * long as the rest), the kept draft and the overrides. The request list
 * reads its rows with it. */
CnRequest *cn_store_get_list_request (CnStore *self, gint64 id, GError **error);
/* Newest first (received_at DESC, id DESC). */
GArray *cn_store_list_request_ids (CnStore *self, GError **error);
/* Only the time a request was received (cheap: for keeping lists sorted).
 * FALSE when the request does not exist. */
gboolean cn_store_get_request_received_at (CnStore *self, gint64 id, gint64 *out_received_at);
guint cn_store_count_requests (CnStore *self);
gboolean
cn_store_set_request_status (CnStore *self, gint64 id, CnRequestStatus status, GError **error);
/* Emits "request-removed". */
/* What the connector corrects in a request: its contact (0: none), the date
 * it arrived, and both notes. Its analysis and triage are computed again, and
 * the history says it was edited. Emits "request-changed". */
gboolean cn_store_edit_request (CnStore *self,
                                gint64 id,
                                gint64 target_id,
                                gint64 received_at,
                                const char *note_to_connector,
                                const char *note_to_target,
                                GError **error);
gboolean cn_store_delete_request (CnStore *self, gint64 id, GError **error);

/* History. */
gboolean cn_store_add_event (
    CnStore *self, gint64 request_id, CnEventAction action, const char *text, GError **error);
/* Oldest first, starting with "created" (id 0, at the request's
 * created_at). Element type: CnEvent. */
GPtrArray *cn_store_list_events (CnStore *self, gint64 request_id, GError **error);

/* Endorsement templates (one per language for now). */
gboolean cn_store_set_template (
    CnStore *self, const char *name, const char *lang, const char *body, GError **error);
char *cn_store_get_template (CnStore *self, const char *name, const char *lang, GError **error);

/* Stored analyses. The store only keeps their summary (verdict, score,
 * element and flag masks, language) with the version of the analyzer that
 * made them; an analysis is dropped as soon as the request's notes or target,
 * or that contact's name, position, company or expertise, change.
 *
 * Analyses made by another version than the current one count as missing
 * (CN_VERDICT_NONE). Until a version is set, analyses of any version count.
 * Changing it emits "reloaded". */
void cn_store_set_analyzer_version (CnStore *self, const char *version);
const char *cn_store_get_analyzer_version (CnStore *self);
/* Replaces the request's analysis. Emits "request-changed". */
gboolean cn_store_set_analysis (CnStore *self,
                                gint64 request_id,
                                const char *analyzer_version,
                                CnAnalysis *analysis,
                                GError **error);
/* Many at once, all or none, in one transaction. Emits "analyses-changed"
 * once (or "reloaded" at the end of the caller's transaction). */
gboolean cn_store_set_analyses (CnStore *self,
                                const char *analyzer_version,
                                guint n_analyses,
                                const gint64 *request_ids,
                                CnAnalysis *const *analyses,
                                GError **error);
/* The current verdict of one request, CN_VERDICT_NONE when not analysed (cheap). */
CnVerdict cn_store_get_request_verdict (CnStore *self, gint64 id);
/* Like cn_store_list_request_ids(), keeping only the requests whose current
 * effective verdict (see cn_request_get_effective_verdict()) is @verdict
 * (CN_VERDICT_NONE: not analysed yet); -1 keeps all. */
GArray *cn_store_list_request_ids_by_verdict (CnStore *self, int verdict, GError **error);
/* Requests without an analysis by the current version. */
guint cn_store_count_pending_analyses (CnStore *self);

/* Mass-sent and repeated requests (see cn-triage.h).
 *
 * The store keeps an in-memory CnTriage index of every request and stores
 * each request's fingerprint and results (campaign, campaign size, mass-sent,
 * repeated, repeat count), so that lists and filters read them by SQL. The
 * index is built on first need (a write of requests, a settings change,
 * cn_store_list_repeat_of(), cn_store_update_triage()) from the stored
 * fingerprints; missing ones (after an upgrade, or a target renamed) are
 * computed and stored then. Adding, deleting a request or changing its status
 * updates the index and the stored results in the same transaction, emitting
 * "request-changed" for each request whose results changed (or
 * "triage-changed" when many did). Requests added inside cn_store_begin() /
 * cn_store_commit() are indexed at the commit, oldest first (or as soon as
 * something else needs the index), still inside the transaction.
 *
 * Tables (schema 3): request_triage (request_id → fingerprint, campaign_id,
 * mass_sent, repeated, repeat_count, after_refusal), campaigns (id → size in
 * distinct targets), settings (key → value). */

/* Builds the index now if needed (it is otherwise built at the first write)
 * and brings every stored result up to date. Blocks: 1.3 s for 100,000
 * requests with stored fingerprints (tests/bench/bench-store.c): the app
 * should use cn_store_prepare_triage_async() instead. */
gboolean cn_store_update_triage (CnStore *self, GError **error);
/* For the app: builds the index in a worker thread (its own connection) and
 * from then on never on the calling thread. Until it is ready, writes go on
 * without it (their results are computed when it lands: the build starts
 * again to take them in) and the stored results are shown as they are;
 * "triage-changed" is emitted when it stored new results. Call it right
 * after opening. */
void cn_store_prepare_triage_async (CnStore *self,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
gboolean cn_store_prepare_triage_finish (CnStore *self, GAsyncResult *result, GError **error);
/* The same promise without starting the build yet: from now on the index is
 * never built on the calling thread, and a read that needs it before
 * cn_store_prepare_triage_async() starts the build in a worker and sees no
 * results until "triage-changed". For the window, before its first frame. */
void cn_store_set_triage_in_background (CnStore *self);
gboolean cn_store_is_triage_ready (CnStore *self);
/* The connector's name as they sign ({connector} in the templates): the one
 * set in Preferences, else the one the mail account sends as; NULL when
 * neither is set (free it). */
char *cn_store_dup_connector_name (CnStore *self);
/* NULL or blank: unset. */
gboolean cn_store_set_connector_name (CnStore *self, const char *name, GError **error);

/* Stored in the database. Defaults: 3 distinct targets (at least 2), 30 days
 * (at most 36,500). Changing them rebuilds the index and the stored results
 * ("triage-changed"; in the background after cn_store_prepare_triage_async()). */
gboolean cn_store_set_triage_settings (CnStore *self,
                                       guint min_campaign_targets,
                                       guint repeat_window_days,
                                       GError **error);
void cn_store_get_triage_settings (CnStore *self,
                                   guint *out_min_campaign_targets,
                                   guint *out_repeat_window_days);

/* The requests (gint64 ids) of a campaign, oldest first. */
GArray *cn_store_list_campaign_requests (CnStore *self, gint64 campaign_id, GError **error);
/* The earlier requests (gint64 ids, oldest first) that make a request a
 * repeat; empty when it is not one. */
GArray *cn_store_list_repeat_of (CnStore *self, gint64 request_id, GError **error);

/* A campaign as the Campaigns view lists it. */
typedef struct
{
  gint64 id;  /* the campaign id of its requests */
  guint size; /* distinct targets */
  guint n_requests;
  guint n_open;    /* status new, asked or ready */
  gint64 first_at; /* received_at of the oldest and newest request */
  gint64 last_at;
  char *sample_note;     /* the oldest request's note to the target */
  char *requester_names; /* distinct names, oldest first, joined with ", " */
} CnCampaign;

#define CN_TYPE_CAMPAIGN (cn_campaign_get_type ())
GType cn_campaign_get_type (void) G_GNUC_CONST;
CnCampaign *cn_campaign_copy (const CnCampaign *campaign);
void cn_campaign_free (CnCampaign *campaign);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnCampaign, cn_campaign_free)

/* Every campaign, the biggest first (distinct targets), then the most recent
 * (last_at). Element type: CnCampaign. */
GPtrArray *cn_store_list_campaigns (CnStore *self, GError **error);
/* cn_store_list_campaigns() on a connection of its own, in a worker thread. */
void cn_store_list_campaigns_async (CnStore *self,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
GPtrArray *cn_store_list_campaigns_finish (CnStore *self, GAsyncResult *result, GError **error);

/* What a bulk status change did to one request, to undo it. */
typedef struct
{
  gint64 request_id;
  CnRequestStatus previous_status;
  CnRequestStatus new_status;
  gint64 event_id; /* the history event recorded, or 0 */
} CnStatusChange;

/* Sets @status on every open request (new, asked or ready) of a campaign, in
 * one transaction, recording a history event per request (the action is
 * cn_event_action_for_status(): "asked", "declined", …; no text). Appends a CnStatusChange per
 * request changed to @out_changes (may be NULL). Emits "reloaded". */
gboolean cn_store_set_campaign_status (
    CnStore *self, gint64 campaign_id, CnRequestStatus status, GArray *out_changes, GError **error);
/* Undoes cn_store_set_campaign_status(): puts the previous statuses back and
 * deletes the history events it recorded (nothing was sent to anyone, so the
 * history keeps no trace of a change the user took back). Requests deleted in
 * between are skipped. All or none, in one transaction; emits "reloaded". */
gboolean cn_store_restore_statuses (CnStore *self,
                                    const CnStatusChange *changes,
                                    guint n_changes,
                                    GError **error);

/* The inbox's views: what is left to do (new, asked and waiting for an
 * answer, ready), what was handled (forwarded, declined, archived), or all. */
typedef enum {
  CN_REQUEST_VIEW_ALL = 0,
  CN_REQUEST_VIEW_TO_DO = 1,
  CN_REQUEST_VIEW_HANDLED = 2,
} CnRequestView;
#define CN_REQUEST_VIEW_LAST CN_REQUEST_VIEW_HANDLED

/* Whether a request of this status is in the view. */
gboolean cn_request_view_contains (CnRequestView view, CnRequestStatus status);

/* What a list of requests shows: all conditions hold. */
typedef struct
{
  int verdict; /* effective verdict (cn_request_get_effective_verdict()), -1: any */
  gboolean mass_sent_only;
  gboolean repeated_only;
  CnRequestView view;
  const char *search; /* words typed, NULL or blank: no search */
} CnRequestQuery;
#define CN_REQUEST_QUERY_INIT                                                                      \
  {                                                                                                \
    -1, FALSE, FALSE, CN_REQUEST_VIEW_ALL, NULL                                                    \
  }

/* The ids of the requests @query lets through, newest first. The search
 * looks for every word typed, as the start of a word, in the requester's and
 * the contact's names and in both notes, whatever the case and accents. */
GArray *
cn_store_list_request_ids_query (CnStore *self, const CnRequestQuery *query, GError **error);
/* Whether one request passes @query (cheap: a few index probes). */
gboolean cn_store_request_matches_query (CnStore *self, gint64 id, const CnRequestQuery *query);

/* Like cn_store_list_request_ids_by_verdict() (here @verdict is the
 * effective verdict: see cn_request_get_effective_verdict()), keeping only
 * mass-sent and/or repeated requests when asked. */
GArray *cn_store_list_request_ids_filtered (
    CnStore *self, int verdict, gboolean mass_sent_only, gboolean repeated_only, GError **error);
/* The effective verdict of one request (cheap). */
CnVerdict cn_store_get_request_effective_verdict (CnStore *self, gint64 id);

/* Drafts (schema 5): the endorsement the connector is writing for a request
 * (the relationship, the text when edited, the language when chosen), kept
 * until the forward leaves or the connector discards it. Writing one emits
 * "draft-changed" only (outside a transaction): the review, fed by the
 * editor, need not read the request again. */
gboolean cn_store_save_draft (CnStore *self,
                              gint64 request_id,
                              CnRelationship relationship,
                              const char *text,
                              const char *lang,
                              GError **error);
/* FALSE when the request has no draft; @out_text and @out_lang (free them)
 * are NULL when not kept. */
gboolean cn_store_load_draft (CnStore *self,
                              gint64 request_id,
                              CnRelationship *out_relationship,
                              char **out_text,
                              char **out_lang);
gboolean cn_store_delete_draft (CnStore *self, gint64 request_id, GError **error);

/* The review flow (schema 4: requests.outcome).
 *
 * Actions on a request (CnEventAction: forwarded, asked, declined, archived,
 * override, outcome, copied, …) are history events; the ones that
 * change the status do it in the same transaction. Each emits
 * "request-changed" for the request (history views re-read on it). */

/* Appends an event and, when @new_status >= 0, sets the status, in one
 * transaction. Fills @out_change (may be NULL) for cn_store_restore_statuses(),
 * which undoes it (status back, event deleted; without a status change,
 * previous_status == new_status and only the event goes). A missing request
 * is CN_STORE_ERROR_NOT_FOUND. */
gboolean cn_store_record_action (CnStore *self,
                                 gint64 request_id,
                                 CnEventAction action,
                                 const char *text,
                                 int new_status,
                                 CnStatusChange *out_change,
                                 GError **error);
/* Sets the outcome of a forwarded request and records an "outcome" event
 * whose text is cn_outcome_to_string(). */
gboolean
cn_store_set_request_outcome (CnStore *self, gint64 request_id, CnOutcome outcome, GError **error);
CnOutcome cn_store_get_request_outcome (CnStore *self, gint64 request_id);

/* Requests forwarded to a contact ("forwarded" events of requests whose
 * target is the contact) at or after @since (Unix time). A request forwarded
 * twice counts once. Probes the contact's requests only: a few ms for a
 * contact of 10,000 requests. */
guint cn_store_count_forwards_to_contact (CnStore *self, gint64 contact_id, gint64 since);

/* The forward of @request_id handed to the clipboard or the mail app
 * ("forward-copied" or "forward-opened") that still waits for the connector
 * to say whether it was sent: no "forwarded", "not-sent", "asked", "declined"
 * or "archived" came after it. NULL when none waits. Only a "forwarded"
 * event counts against the contact's limit. */
CnEvent *cn_store_get_pending_handoff (CnStore *self, gint64 request_id);

/* An introduction a contact received. */
typedef struct
{
  gint64 request_id;
  gint64 forwarded_at; /* the latest "forwarded" event */
  char *requester_name;
  CnOutcome outcome;
} CnIntroduction;
void cn_introduction_free (CnIntroduction *introduction);
/* Newest first. Element type: CnIntroduction. */
GPtrArray *cn_store_list_introductions (CnStore *self, gint64 contact_id, GError **error);

/* Requests (any status) whose target is the contact. */
guint cn_store_count_contact_requests (CnStore *self, gint64 contact_id);

typedef enum {
  CN_CONTACT_DELETE_KEEP_REQUESTS = 0, /* the requests stay, without a contact */
  CN_CONTACT_DELETE_MOVE_REQUESTS = 1, /* the requests go to another contact */
  CN_CONTACT_DELETE_WITH_REQUESTS = 2, /* the requests and their history go too */
} CnContactDeleteMode;

/* Everything a deletion removed or changed, to put it back. */
typedef struct _CnContactDeletion CnContactDeletion;
void cn_contact_deletion_free (CnContactDeletion *deletion);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnContactDeletion, cn_contact_deletion_free)

/* Deletes a contact in one transaction, doing @mode with its requests
 * (@move_to: the other contact for MOVE_REQUESTS, else 0). Emits
 * "contacts-changed" and "reloaded". */
CnContactDeletion *cn_store_delete_contact (
    CnStore *self, gint64 contact_id, CnContactDeleteMode mode, gint64 move_to, GError **error);
/* Puts the contact back with its id and every field, and its requests as
 * they were (targets, statuses, notes, history, outcome); analyses and
 * triage results are recomputed as for new rows. All or none. */
gboolean
cn_store_undo_contact_deletion (CnStore *self, const CnContactDeletion *deletion, GError **error);

/* Removes the user's template: cn_compose's default applies again. Removing
 * one that is not there is not an error. */
gboolean
cn_store_delete_template (CnStore *self, const char *name, const char *lang, GError **error);

/* Requesters remembered (schema 7: requesters.standing, standing_at,
 * not_requests). */
typedef struct
{
  gint64 id;
  char *name;
  char *email;       /* NULL when unknown */
  char *profile_url; /* NULL when unknown */
  CnRequesterStanding standing;
  gint64 standing_at;    /* when it was set (Unix time); 0 without a standing */
  gboolean not_requests; /* their messages without a contact are set aside */
} CnRequesterInfo;
void cn_requester_info_free (CnRequesterInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnRequesterInfo, cn_requester_info_free)

/* NULL with CN_STORE_ERROR_NOT_FOUND when there is none. */
CnRequesterInfo *cn_store_get_requester (CnStore *self, gint64 requester_id, GError **error);
/* Every request they sent (gint64 ids), newest first (received_at DESC, id DESC). */
GArray *cn_store_list_requester_request_ids (CnStore *self, gint64 requester_id, GError **error);
/* Screened out: every request of theirs, present and future, is to decline
 * (see cn_request_get_effective_verdict()); trusted: being mass-sent or
 * repeated after a refusal no longer lowers their verdicts; NONE takes
 * either back. Records a "screened-out", "trusted" or "standing-cleared"
 * event on each of their requests, in one transaction, and emits
 * "reloaded". Setting the standing they have already does nothing. */
gboolean cn_store_set_requester_standing (CnStore *self,
                                          gint64 requester_id,
                                          CnRequesterStanding standing,
                                          GError **error);
/* Whether their later messages without a contact are set aside on import.
 * Emits nothing. */
gboolean cn_store_set_requester_not_requests (CnStore *self,
                                              gint64 requester_id,
                                              gboolean not_requests,
                                              GError **error);
/* Sets a message aside as not a request (archived, with a "not-a-request"
 * event: kept and viewable) and remembers it of its sender, in one
 * transaction. @out_change undoes the first with cn_store_restore_statuses();
 * @out_marked_sender says whether the sender was marked by this call (undo
 * it with cn_store_set_requester_not_requests()). */
gboolean cn_store_set_aside_not_a_request (CnStore *self,
                                           gint64 request_id,
                                           CnStatusChange *out_change,
                                           gboolean *out_marked_sender,
                                           GError **error);
/* Archived as not a request, and not moved since. */
gboolean cn_store_is_set_aside (CnStore *self, gint64 request_id);
/* Takes back the sender's mark and brings their set-aside messages back to
 * New (a "new" event each). Returns how many came back; 0 with @error set
 * on failure. */
guint cn_store_show_messages_again (CnStore *self, gint64 requester_id, GError **error);

G_END_DECLS
