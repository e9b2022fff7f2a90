/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Requests, their requesters and history, the endorsement templates, and the
 * request list's filters. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cn-availability.h"
#include "cn-fit.h"
#include "cn-verification.h"
#include "cn-store-private.h"

#define REQUEST_SELECT                                                                             \
  "SELECT r.id, r.requester_id, q.name, q.email, q.profile_url, r.target_id, c.name, "             \
  "r.received_at, r.source, r.source_ref, r.note_to_connector, r.note_to_target, r.status, "       \
  "av.name, a.verdict, a.score, a.elements, a.flags, "                                             \
  "t.campaign_id, cg.size, t.mass_sent, t.repeated, t.repeat_count, t.after_refusal, "             \
  "r.outcome, " CN_STORE_HANDOFF_QUERY (                                                           \
      "r.id") ", c.availability, c.away_until, c.monthly_cap, "                                    \
              "CASE WHEN c.monthly_cap > 0 THEN (SELECT count(*) FROM requests r2 WHERE "          \
              "r2.target_id = c.id"                                                                \
              " AND EXISTS (SELECT 1 FROM events f WHERE f.request_id = r2.id AND f.action = ?5"   \
              " AND f.at >= ?9)) ELSE 0 END, q.standing, q.standing_at, "                          \
              "c.position, c.company, c.expertise, c.accepted_kinds, a.lang, d.relationship, "     \
              "d.text "                                                                            \
              "FROM requests r JOIN requesters q ON q.id = r.requester_id "                        \
              "LEFT JOIN contacts c ON c.id = r.target_id "                                        \
              "LEFT JOIN request_analysis a ON a.request_id = r.id "                               \
              "LEFT JOIN analyzer_versions av ON av.id = a.analyzer "                              \
              "LEFT JOIN request_triage t ON t.request_id = r.id "                                 \
              "LEFT JOIN campaigns cg ON cg.id = t.campaign_id AND t.mass_sent "                   \
              "LEFT JOIN drafts d ON d.request_id = r.id "

#define ANALYSIS_IDS(condition)                                                                    \
  "SELECT request_id FROM request_analysis INDEXED BY request_analysis_verdict"                    \
  " WHERE " condition " (?1 IS NULL OR analyzer = (SELECT id FROM analyzer_versions"               \
  " WHERE name = ?1))"

/* Every query the list's filters run: each reads an index, never the tables
 * (checked by _cn_store_explain_filter_queries()). */
enum {
  FILTER_ALL,
  FILTER_ANALYSED, /* FILTER_ANALYSED + verdict: analysed with that verdict (any for NONE) */
  FILTER_SCREENED = FILTER_ANALYSED + CN_VERDICT_LAST + 1,
  FILTER_TRUSTED,
  FILTER_MASS_SENT,
  FILTER_AFTER_REFUSAL,
  FILTER_REPEATED,
  FILTER_TO_DO, /* the view To do; Handled is every other request */
  FILTER_SEARCH,
  FILTER_ONE_STATE,
  FILTER_ONE_SEARCH,
  N_FILTERS
};

static const char *const filter_sql[] = {
  /* Walks the received_at index backwards: no sort, no table access. */
  [FILTER_ALL] = "SELECT id FROM requests ORDER BY received_at DESC, id DESC",
  [FILTER_ANALYSED + CN_VERDICT_NONE] = ANALYSIS_IDS (""),
  [FILTER_ANALYSED + CN_VERDICT_MOTIVATED] = ANALYSIS_IDS ("verdict = 1 AND"),
  [FILTER_ANALYSED + CN_VERDICT_INCOMPLETE] = ANALYSIS_IDS ("verdict = 2 AND"),
  [FILTER_ANALYSED + CN_VERDICT_UNSUITABLE] = ANALYSIS_IDS ("verdict = 3 AND"),
  [FILTER_SCREENED] = "SELECT r.id FROM requesters q"
                      " JOIN requests r ON r.requester_id = q.id WHERE q.standing = 1",
  [FILTER_TRUSTED] = "SELECT r.id FROM requesters q"
                     " JOIN requests r ON r.requester_id = q.id WHERE q.standing = 2",
  [FILTER_MASS_SENT] = "SELECT request_id FROM request_triage WHERE mass_sent = 1",
  [FILTER_AFTER_REFUSAL] = "SELECT request_id FROM request_triage WHERE after_refusal = 1",
  [FILTER_REPEATED] = "SELECT request_id FROM request_triage WHERE repeated = 1",
  [FILTER_TO_DO] = "SELECT id FROM requests INDEXED BY requests_to_do WHERE status IN (0, 1, 2)",
  [FILTER_SEARCH] = "SELECT rowid FROM request_search WHERE request_search MATCH ?1",
  /* A request entering or leaving the list as it changes. */
  [FILTER_ONE_STATE] = "SELECT av.name, a.verdict, t.mass_sent, t.repeated, "
                       "t.after_refusal, q.standing, r.status"
                       " FROM requests r JOIN requesters q ON q.id = r.requester_id"
                       " LEFT JOIN request_analysis a ON a.request_id = r.id"
                       " LEFT JOIN analyzer_versions av ON av.id = a.analyzer"
                       " LEFT JOIN request_triage t ON t.request_id = r.id WHERE r.id = ?1",
  [FILTER_ONE_SEARCH] = "SELECT 1 FROM request_search WHERE rowid = ?2 AND request_search MATCH ?1",
};
G_STATIC_ASSERT (G_N_ELEMENTS (filter_sql) == N_FILTERS);
#undef ANALYSIS_IDS

gboolean
_cn_store_is_current_version (CnStore *self, const char *version)
{
  return version != NULL &&
         (self->analyzer_version == NULL || strcmp (version, self->analyzer_version) == 0);
}

/* The contact's card as the fit reads it, from the request's row. */
static CnContact *
fit_contact_from_row (CnStmt *stmt)
{
  CnContact *contact = g_object_new (CN_TYPE_CONTACT, NULL);
  const char *expertise = (const char *) sqlite3_column_text (stmt, 34);
  g_auto(GStrv) tags = NULL;

  if (expertise != NULL && *expertise != '\0')
    tags = g_strsplit (expertise, "\n", -1);
  cn_contact_set_position (contact, (const char *) sqlite3_column_text (stmt, 32));
  cn_contact_set_company (contact, (const char *) sqlite3_column_text (stmt, 33));
  cn_contact_set_expertise (contact, (const char *const *) tags);
  cn_contact_set_accepted_kinds (contact, sqlite3_column_int (stmt, 35));
  return contact;
}

/* Which steps the connector overrode: their "override" events. */
static guint
read_overridden_steps (CnStore *self, gint64 request_id)
{
  g_autoptr(CnStmt) stmt = NULL;
  guint steps = 0;

  stmt = _cn_store_prepare (self, "SELECT text FROM events WHERE request_id = ?1 AND action = ?2",
                            NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, request_id);
  _cn_store_bind_text (stmt, 2, cn_event_action_to_string (CN_EVENT_ACTION_OVERRIDE));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CnStep step;

      if (cn_override_parse ((const char *) sqlite3_column_text (stmt, 0), &step, NULL))
        steps |= 1u << step;
    }
  return steps;
}

/* What the review's fit, endorsement and overrides would be for an open
 * request, for the list's label (cn_review_get_list_label()): the fit by the
 * review's rule on the contact's card, the endorsement from the kept draft
 * (an untouched one is the template, which always writes the relationship).
 * The fit is the costly part: it is judged only when the motivation step
 * lets the label reach it. */
static void
read_step_state (CnStore *self, CnStmt *stmt, CnRequest *request)
{
  g_autoptr(CnContact) contact = NULL;
  g_autoptr(CnFit) fit = NULL;
  const char *draft_text = (const char *) sqlite3_column_text (stmt, 38);
  CnRelationship relationship = CN_RELATIONSHIP_UNSET;
  CnRequestStatus status = cn_request_get_status (request);
  CnStepCheck motivation, endorsement;
  CnStepCheck fit_check = { CN_CHECK_PENDING, CN_STEP_REASON_NOT_ANALYSED };
  guint overridden;

  if ((status != CN_REQUEST_STATUS_NEW && status != CN_REQUEST_STATUS_READY) ||
      cn_request_get_handoff (request) != CN_EVENT_ACTION_UNKNOWN)
    {
      cn_request_set_step_state (request, 0, 0, 0);
      return;
    }

  overridden = read_overridden_steps (self, cn_request_get_id (request));
  motivation = cn_verification_check_stored_motivation (request);
  if (motivation.result != CN_CHECK_PENDING &&
      (motivation.result != CN_CHECK_FAIL || (overridden & (1u << CN_STEP_MOTIVATION)) != 0))
    {
      if (sqlite3_column_type (stmt, 26) != SQLITE_NULL)
        contact = fit_contact_from_row (stmt);
      fit = cn_fit_compute (cn_request_get_note_to_target (request),
                            cn_request_get_note_to_connector (request),
                            cn_fit_lang ((const char *) sqlite3_column_text (stmt, 36)), contact);
      fit_check = cn_verification_check_fit (contact != NULL ? fit : NULL);
    }
  if (sqlite3_column_type (stmt, 37) != SQLITE_NULL)
    relationship = CLAMP (sqlite3_column_int (stmt, 37), 0, CN_RELATIONSHIP_LAST);
  endorsement = cn_verification_check_endorsement (relationship,
                                                   draft_text != NULL ? draft_text : "{template}",
                                                   0);
  cn_request_set_step_state (request, fit_check.reason, endorsement.reason, overridden);
}

static CnRequest *
request_from_row (CnStore *self, CnStmt *stmt)
{
  CnRequest *request = cn_request_new ();
  g_autofree char *requester_name = _cn_store_column_text (stmt, 2);
  g_autofree char *requester_email = _cn_store_column_text (stmt, 3);
  g_autofree char *requester_url = _cn_store_column_text (stmt, 4);
  g_autofree char *target_name = _cn_store_column_text (stmt, 6);
  g_autofree char *source = _cn_store_column_text (stmt, 8);
  g_autofree char *source_ref = _cn_store_column_text (stmt, 9);
  g_autofree char *note_to_connector = _cn_store_column_text (stmt, 10);
  g_autofree char *note_to_target = _cn_store_column_text (stmt, 11);
  CnAvailabilityCheck check = { 0 };
  GDate today;

  cn_request_set_id (request, sqlite3_column_int64 (stmt, 0));
  cn_request_set_requester_id (request, sqlite3_column_int64 (stmt, 1));
  cn_request_set_requester_name (request, requester_name);
  cn_request_set_requester_email (request, requester_email);
  cn_request_set_requester_profile_url (request, requester_url);
  cn_request_set_target_id (request, sqlite3_column_int64 (stmt, 5));
  cn_request_set_target_name (request, target_name);
  cn_request_set_received_at (request, sqlite3_column_int64 (stmt, 7));
  cn_request_set_source (request, source);
  cn_request_set_source_ref (request, source_ref);
  cn_request_set_note_to_connector (request, note_to_connector);
  cn_request_set_note_to_target (request, note_to_target);
  cn_request_set_status (request, sqlite3_column_int (stmt, 12));
  cn_request_set_outcome (request, CLAMP (sqlite3_column_int (stmt, 24), 0, CN_OUTCOME_LAST));

  if (_cn_store_is_current_version (self, (const char *) sqlite3_column_text (stmt, 13)))
    cn_request_set_analysis_summary (request,
                                     CLAMP (sqlite3_column_int (stmt, 14), 0, CN_VERDICT_LAST),
                                     sqlite3_column_int (stmt, 15), sqlite3_column_int (stmt, 16),
                                     sqlite3_column_int (stmt, 17));

  cn_request_set_triage_summary (request, sqlite3_column_int64 (stmt, 18),
                                 (guint) MAX (sqlite3_column_int64 (stmt, 19), 0),
                                 sqlite3_column_int (stmt, 20), sqlite3_column_int (stmt, 21),
                                 (guint) MAX (sqlite3_column_int64 (stmt, 22), 0),
                                 sqlite3_column_int (stmt, 23));
  cn_request_set_requester_standing (request,
                                     CLAMP (sqlite3_column_int (stmt, 30), 0,
                                            CN_REQUESTER_STANDING_LAST),
                                     sqlite3_column_int64 (stmt, 31));

  /* What the list shows without a review: a hand-off waiting for an answer,
   * and the contact's availability as the review's step judges it. */
  if (sqlite3_column_type (stmt, 26) == SQLITE_NULL)
    check.reason = CN_AVAILABILITY_REASON_NO_CONTACT;
  else
    {
      cn_availability_today (&today);
      cn_availability_check_values (CLAMP (sqlite3_column_int (stmt, 26), 0,
                                           CN_AVAILABILITY_CLOSED),
                                    (const char *) sqlite3_column_text (stmt, 27),
                                    (guint) MAX (sqlite3_column_int64 (stmt, 28), 0),
                                    (guint) MAX (sqlite3_column_int64 (stmt, 29), 0), &today,
                                    &check);
    }
  cn_request_set_list_state (request, _cn_store_handoff_from_column (stmt, 25),
                             check.reason == CN_AVAILABILITY_REASON_NO_CONTACT ||
                                     check.result == CN_CHECK_FAIL
                                 ? check.reason
                                 : 0);
  return request;
}

/* The requesters that share a key with a request: all the matcher needs. */
static gboolean
load_candidates (CnStore *self,
                 CnRequesterMatcher *matcher,
                 const char *name,
                 const char *email,
                 const char *profile_url,
                 GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  int rc;

  stmt = _cn_store_prepare (self,
                            "SELECT id, name, email, profile_url FROM requesters"
                            " WHERE profile_url = ?3 OR email = ?2 COLLATE NOCASE OR name = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;

  _cn_store_bind_text (stmt, 1, name);
  _cn_store_bind_text (stmt, 2, email);
  _cn_store_bind_text (stmt, 3, profile_url);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    cn_requester_matcher_add (matcher, sqlite3_column_int64 (stmt, 0),
                              (const char *) sqlite3_column_text (stmt, 1),
                              (const char *) sqlite3_column_text (stmt, 2),
                              (const char *) sqlite3_column_text (stmt, 3));
  if (rc != SQLITE_DONE)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
complete_requester (
    CnStore *self, gint64 id, const char *email, const char *profile_url, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  if (email == NULL && profile_url == NULL)
    return TRUE;

  stmt = _cn_store_prepare (self,
                            "UPDATE requesters SET email = coalesce (email, ?2),"
                            " profile_url = coalesce (profile_url, ?3)"
                            " WHERE id = ?1 AND ((email IS NULL AND ?2 IS NOT NULL)"
                            " OR (profile_url IS NULL AND ?3 IS NOT NULL))",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  _cn_store_bind_text (stmt, 2, email);
  _cn_store_bind_text (stmt, 3, profile_url);
  if (!_cn_store_step_done (self, stmt, error))
    return FALSE;

  /* The requester's triage key (profile URL, else e-mail) may have changed:
   * the index is rebuilt at its next use. */
  if (sqlite3_changes (self->db) > 0)
    {
      _cn_store_bump_triage_serial (self);
      _cn_store_drop_triage (self);
    }
  return TRUE;
}

gboolean
_cn_store_insert_event (CnStore *self,
                        gint64 request_id,
                        gint64 at,
                        CnEventAction action,
                        const char *text,
                        GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  stmt = _cn_store_prepare (self,
                            "INSERT INTO events (request_id, at, action, text)"
                            " VALUES (?1, ?2, ?3, ?4)",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, request_id);
  sqlite3_bind_int64 (stmt, 2, at);
  _cn_store_bind_text (stmt, 3, cn_event_action_to_string (action));
  _cn_store_bind_text (stmt, 4, text);
  return _cn_store_step_for_request (self, stmt, error);
}

static gint64
insert_request (CnStore *self,
                CnRequest *request,
                gint64 requester_id,
                gint64 received_at,
                const char *source,
                GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  gint64 target_id = cn_request_get_target_id (request);
  int rc;

  stmt = _cn_store_prepare (self,
                            "INSERT INTO requests (requester_id, target_id, received_at, source,"
                            " source_ref, note_to_connector, note_to_target, status, created_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                            error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, requester_id);
  _cn_store_bind_id (stmt, 2, target_id);
  sqlite3_bind_int64 (stmt, 3, received_at);
  _cn_store_bind_text (stmt, 4, source);
  _cn_store_bind_text (stmt, 5, _cn_store_nonempty (cn_request_get_source_ref (request)));
  _cn_store_bind_text (stmt, 6, cn_request_get_note_to_connector (request) ?: "");
  _cn_store_bind_text (stmt, 7, cn_request_get_note_to_target (request) ?: "");
  sqlite3_bind_int (stmt, 8, cn_request_get_status (request));
  sqlite3_bind_int64 (stmt, 9, _cn_store_now ());

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return sqlite3_last_insert_rowid (self->db);

  rc = sqlite3_extended_errcode (self->db);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT,
                         _("This request is already recorded: one with the same "
                           "source and reference exists."));
  else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY && target_id > 0 &&
           !_cn_store_contact_exists (self, target_id))
    _cn_store_set_sqlite_error_fk (self, rc,
                                   _("The request names a contact that does not exist."), error);
  else
    _cn_store_set_sqlite_error_fk (self, rc,
                                   _("The request names a requester that does not exist."), error);
  return 0;
}

gboolean
_cn_store_change_status (CnStore *self,
                         gint64 id,
                         CnRequestStatus status,
                         CnRequestStatus *out_previous,
                         gint64 *out_requester_id,
                         GArray *changed,
                         GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  gint64 requester_id;
  CnRequestStatus previous;

  stmt = _cn_store_prepare (self, "SELECT requester_id, status FROM requests WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _cn_store_set_not_found (error);
      return FALSE;
    }
  requester_id = sqlite3_column_int64 (stmt, 0);
  previous = CLAMP (sqlite3_column_int (stmt, 1), 0, CN_REQUEST_STATUS_LAST);
  g_clear_pointer (&stmt, _cn_stmt_release);

  stmt = _cn_store_prepare (self, "UPDATE requests SET status = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, status);
  if (!_cn_store_step_done (self, stmt, error))
    return FALSE;

  if (out_previous != NULL)
    *out_previous = previous;
  if (out_requester_id != NULL)
    *out_requester_id = requester_id;
  if (previous == status)
    return TRUE;

  _cn_store_bump_triage_serial (self);
  if (self->triage != NULL)
    {
      _cn_store_touch_triage (self);
      cn_triage_set_status (self->triage, id, status, changed);
    }
  return TRUE;
}

void
cn_event_free (CnEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->action_id);
  g_free (event->text);
  g_free (event);
}

gint64
_cn_store_ensure_requester_with (CnStore *self,
                                 CnRequesterMatcher *matcher,
                                 const char *name,
                                 const char *email,
                                 const char *profile_url,
                                 GError **error)
{
  g_autoptr(CnRequesterMatcher) candidates = NULL;
  g_autoptr(CnStmt) stmt = NULL;
  gboolean incomplete;
  gint64 id;

  name = _cn_store_nonempty (name);
  email = _cn_store_nonempty (email);
  profile_url = _cn_store_nonempty (profile_url);
  if (name == NULL && email == NULL && profile_url == NULL)
    {
      g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT,
                           _("The request does not say who sent it: give at least a "
                             "name, an e-mail address or a profile link."));
      return 0;
    }

  if (matcher == NULL)
    {
      matcher = candidates = cn_requester_matcher_new ();
      if (!load_candidates (self, matcher, name, email, profile_url, error))
        return 0;
    }

  id = cn_requester_matcher_find (matcher, name, email, profile_url, &incomplete);
  if (id > 0 && incomplete)
    {
      if (!complete_requester (self, id, email, profile_url, error))
        return 0;
      cn_requester_matcher_complete (matcher, id, email, profile_url);
    }
  if (id > 0)
    return id;

  stmt = _cn_store_prepare (self,
                            "INSERT INTO requesters (name, email, profile_url, created_at)"
                            " VALUES (?1, ?2, ?3, ?4)",
                            error);
  if (stmt == NULL)
    return 0;

  name = name != NULL ? name : email != NULL ? email : profile_url;
  _cn_store_bind_text (stmt, 1, name);
  _cn_store_bind_text (stmt, 2, email);
  _cn_store_bind_text (stmt, 3, profile_url);
  sqlite3_bind_int64 (stmt, 4, _cn_store_now ());
  if (!_cn_store_step_done (self, stmt, error))
    return 0;

  id = sqlite3_last_insert_rowid (self->db);
  cn_requester_matcher_add (matcher, id, name, email, profile_url);
  return id;
}

gint64
cn_store_ensure_requester (
    CnStore *self, const char *name, const char *email, const char *profile_url, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), 0);

  return _cn_store_ensure_requester_with (self, NULL, name, email, profile_url, error);
}

gboolean
cn_store_add_request (CnStore *self, CnRequest *request, GError **error)
{
  g_autoptr(GArray) changed = NULL;
  gboolean deferred;
  gint64 requester_id;
  gint64 received_at;
  gint64 id;
  const char *source;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (CN_IS_REQUEST (request), FALSE);

  requester_id = cn_request_get_requester_id (request);
  received_at = cn_request_get_received_at (request);
  if (received_at == 0)
    received_at = _cn_store_now ();
  source = _cn_store_nonempty (cn_request_get_source (request));
  if (source == NULL)
    source = "manual";

  changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!_cn_store_ensure_triage_index (self, error) || !_cn_store_atomic_begin (self, error))
    return FALSE;
  /* Inside a transaction (an import), indexed at its commit. */
  deferred = self->depth > 0 && self->triage != NULL;

  if (requester_id <= 0)
    requester_id = cn_store_ensure_requester (self, cn_request_get_requester_name (request),
                                              cn_request_get_requester_email (request),
                                              cn_request_get_requester_profile_url (request),
                                              error);
  id = requester_id > 0 ? insert_request (self, request, requester_id, received_at, source, error)
                        : 0;
  if (id <= 0 ||
      (!deferred &&
       !_cn_store_triage_add_request (self, id, requester_id, cn_request_get_target_id (request),
                                      received_at, cn_request_get_status (request),
                                      cn_request_get_note_to_target (request), changed, error)) ||
      !_cn_store_atomic_commit (self, error))
    {
      _cn_store_atomic_rollback (self);
      return FALSE;
    }
  if (deferred)
    {
      _cn_store_bump_triage_serial (self);
      g_array_append_val (self->triage_pending, id);
    }

  cn_request_set_requester_id (request, requester_id);
  cn_request_set_received_at (request, received_at);
  cn_request_set_source (request, source);
  cn_request_set_id (request, id);
  _cn_store_read_triage_summary (self, request);

  _cn_store_request_written (self, CN_STORE_SIGNAL_REQUEST_ADDED, id);
  _cn_store_emit_triage_changes (self, changed, id);
  return TRUE;
}

static CnRequest *
get_request (CnStore *self, gint64 id, gboolean with_steps, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  CnRequest *request;
  int rc;

  stmt = _cn_store_prepare (self, REQUEST_SELECT "WHERE r.id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  _cn_store_bind_handoff_actions (stmt);
  sqlite3_bind_int64 (stmt, 9, cn_availability_window_start ());
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      request = request_from_row (self, stmt);
      if (with_steps)
        read_step_state (self, stmt, request);
      return request;
    }

  if (rc == SQLITE_DONE)
    _cn_store_set_not_found (error);
  else
    _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
  return NULL;
}

CnRequest *
cn_store_get_request (CnStore *self, gint64 id, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  return get_request (self, id, FALSE, error);
}

CnRequest *
cn_store_get_list_request (CnStore *self, gint64 id, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  return get_request (self, id, TRUE, error);
}

GArray *
cn_store_list_request_ids (CnStore *self, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  return _cn_store_list_ids (self, filter_sql[FILTER_ALL], 0, error);
}

gboolean
cn_store_get_request_received_at (CnStore *self, gint64 id, gint64 *out_received_at)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_received_at != NULL, FALSE);

  stmt = _cn_store_prepare (self, "SELECT received_at FROM requests WHERE id = ?1", NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;

  *out_received_at = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

guint
cn_store_count_requests (CnStore *self)
{
  g_return_val_if_fail (CN_IS_STORE (self), 0);

  return _cn_store_count_rows (self, "SELECT count(*) FROM requests");
}

gboolean
cn_store_set_request_status (CnStore *self, gint64 id, CnRequestStatus status, GError **error)
{
  g_autoptr(GArray) changed = NULL;
  gint64 requester_id = 0;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  if ((guint) status > CN_REQUEST_STATUS_LAST)
    {
      g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT,
                           _("A value is outside the allowed range (for example an "
                             "unknown status or availability)."));
      return FALSE;
    }

  changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!_cn_store_ensure_triage (self, error) || !_cn_store_atomic_begin (self, error))
    return FALSE;

  /* After persisting: the flag is computed from what is stored. */
  if (!_cn_store_change_status (self, id, status, NULL, &requester_id, changed, error) ||
      !_cn_store_persist_changed_triage (self, changed, 0, error) ||
      !_cn_store_refresh_after_refusal (self, requester_id, changed, error) ||
      !_cn_store_atomic_commit (self, error))
    {
      _cn_store_atomic_rollback (self);
      return FALSE;
    }

  _cn_store_request_written (self, CN_STORE_SIGNAL_REQUEST_CHANGED, id);
  _cn_store_emit_triage_changes (self, changed, id);
  return TRUE;
}

gboolean
cn_store_edit_request (CnStore *self,
                       gint64 id,
                       gint64 target_id,
                       gint64 received_at,
                       const char *note_to_connector,
                       const char *note_to_target,
                       GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  g_autoptr(GArray) requesters = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (received_at > 0, FALSE);

  if (!_cn_store_ensure_triage (self, error) || !cn_store_begin (self, error))
    return FALSE;
  /* The triggers clear what was computed from the old notes and target (the
   * analysis, the fingerprint) and index the new words for the search. */
  stmt = _cn_store_prepare (self,
                            "UPDATE requests SET target_id = ?2, received_at = ?3,"
                            " note_to_connector = ?4, note_to_target = ?5 WHERE id = ?1",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  _cn_store_bind_id (stmt, 2, target_id);
  sqlite3_bind_int64 (stmt, 3, received_at);
  _cn_store_bind_text (stmt, 4, note_to_connector != NULL ? note_to_connector : "");
  _cn_store_bind_text (stmt, 5, note_to_target != NULL ? note_to_target : "");
  if (!_cn_store_step_done (self, stmt, error))
    goto fail;
  g_clear_pointer (&stmt, _cn_stmt_release);
  if (sqlite3_changes (self->db) == 0)
    {
      _cn_store_set_not_found (error);
      goto fail;
    }
  if (!_cn_store_reindex_request (self, id, requesters, changed, error) ||
      !_cn_store_persist_changed_triage (self, changed, 0, error) ||
      !_cn_store_refresh_requesters (self, requesters, changed, error) ||
      !_cn_store_insert_event (self, id, _cn_store_now (), CN_EVENT_ACTION_EDITED, NULL, error) ||
      !cn_store_commit (self, error))
    goto fail;

  _cn_store_request_written (self, CN_STORE_SIGNAL_REQUEST_CHANGED, id);
  _cn_store_emit_triage_changes (self, changed, id);
  return TRUE;

fail:
  cn_store_rollback (self);
  return FALSE;
}

gboolean
cn_store_delete_request (CnStore *self, gint64 id, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  g_autoptr(GArray) changed = NULL;
  gint64 requester_id = 0;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!_cn_store_ensure_triage (self, error) || !_cn_store_atomic_begin (self, error))
    return FALSE;

  /* Its events and triage results go with it (ON DELETE CASCADE). */
  stmt = _cn_store_prepare (self, "DELETE FROM requests WHERE id = ?1 RETURNING requester_id",
                            error);
  if (stmt == NULL)
    {
      _cn_store_atomic_rollback (self);
      return FALSE;
    }

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      requester_id = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  g_clear_pointer (&stmt, _cn_stmt_release);
  if (rc != SQLITE_DONE)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      _cn_store_atomic_rollback (self);
      return FALSE;
    }
  if (requester_id == 0)
    {
      _cn_store_set_not_found (error);
      _cn_store_atomic_rollback (self);
      return FALSE;
    }

  _cn_store_bump_triage_serial (self);
  if (self->triage != NULL)
    {
      _cn_store_touch_triage (self);
      cn_triage_remove (self->triage, id, changed);
    }
  if (!_cn_store_persist_changed_triage (self, changed, id, error) ||
      !_cn_store_refresh_after_refusal (self, requester_id, changed, error) ||
      !_cn_store_atomic_commit (self, error))
    {
      _cn_store_atomic_rollback (self);
      return FALSE;
    }

  _cn_store_request_written (self, CN_STORE_SIGNAL_REQUEST_REMOVED, id);
  _cn_store_emit_triage_changes (self, changed, id);
  return TRUE;
}

gboolean
cn_store_add_event (
    CnStore *self, gint64 request_id, CnEventAction action, const char *text, GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (cn_event_action_to_string (action) != NULL, FALSE);

  return _cn_store_add_event_at (self, request_id, _cn_store_now (), action, text, error);
}

GPtrArray *
cn_store_list_events (CnStore *self, gint64 request_id, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  g_autoptr(GPtrArray) events = NULL;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  /* Its arrival is the request's created_at, not a row of events (100,000
   * requests: 4 MB): it comes first, as id 0, unless dated after others. */
  stmt = _cn_store_prepare (self,
                            "SELECT 0, id, created_at, ?2, NULL FROM requests WHERE id = ?1"
                            " UNION ALL SELECT id, request_id, at, action, text FROM events"
                            " WHERE request_id = ?1 ORDER BY 3, 1",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, request_id);
  _cn_store_bind_text (stmt, 2, cn_event_action_to_string (CN_EVENT_ACTION_CREATED));
  events = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_event_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CnEvent *event = g_new0 (CnEvent, 1);

      event->id = sqlite3_column_int64 (stmt, 0);
      event->request_id = sqlite3_column_int64 (stmt, 1);
      event->at = sqlite3_column_int64 (stmt, 2);
      event->action_id = _cn_store_column_text (stmt, 3);
      event->action = cn_event_action_from_string (event->action_id);
      event->text = _cn_store_column_text (stmt, 4);
      g_ptr_array_add (events, event);
    }

  if (rc != SQLITE_DONE)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return NULL;
    }

  return g_steal_pointer (&events);
}

gboolean
cn_store_set_template (
    CnStore *self, const char *name, const char *lang, const char *body, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (lang != NULL, FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  stmt = _cn_store_prepare (self,
                            "INSERT INTO templates (name, lang, body, updated_at) VALUES (?1, ?2, "
                            "?3, ?4)"
                            " ON CONFLICT (name, lang) DO UPDATE"
                            " SET body = excluded.body, updated_at = excluded.updated_at",
                            error);
  if (stmt == NULL)
    return FALSE;

  _cn_store_bind_text (stmt, 1, name);
  _cn_store_bind_text (stmt, 2, lang);
  _cn_store_bind_text (stmt, 3, body);
  sqlite3_bind_int64 (stmt, 4, _cn_store_now ());
  return _cn_store_step_done (self, stmt, error);
}

char *
cn_store_get_template (CnStore *self, const char *name, const char *lang, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (lang != NULL, NULL);

  stmt = _cn_store_prepare (self, "SELECT body FROM templates WHERE name = ?1 AND lang = ?2",
                            error);
  if (stmt == NULL)
    return NULL;

  _cn_store_bind_text (stmt, 1, name);
  _cn_store_bind_text (stmt, 2, lang);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return _cn_store_column_text (stmt, 0);

  if (rc == SQLITE_DONE)
    g_set_error (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND,
                 _("There is no template “%s” for the language “%s”."), name, lang);
  else
    _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
  return NULL;
}

gboolean
cn_store_delete_template (CnStore *self, const char *name, const char *lang, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (lang != NULL, FALSE);

  stmt = _cn_store_prepare (self, "DELETE FROM templates WHERE name = ?1 AND lang = ?2", error);
  if (stmt == NULL)
    return FALSE;

  _cn_store_bind_text (stmt, 1, name);
  _cn_store_bind_text (stmt, 2, lang);
  return _cn_store_step_done (self, stmt, error);
}

/* Marks in @bitmap (up to @max_id) the ids the query returns. */
static gboolean
mark_ids (CnStore *self, const char *sql, guint8 *bitmap, gint64 max_id, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  int rc;

  stmt = _cn_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  /* Unused by most queries: binding is harmless. */
  if (sqlite3_bind_parameter_count (stmt) >= 1)
    _cn_store_bind_text (stmt, 1, self->analyzer_version);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (id > 0 && id <= max_id)
        bitmap[id / 8] |= 1u << (id % 8);
    }

  if (rc != SQLITE_DONE)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return FALSE;
    }

  return TRUE;
}

static inline gboolean
is_marked (const guint8 *bitmap, gint64 id)
{
  return bitmap != NULL && (bitmap[id / 8] >> (id % 8)) & 1;
}

gboolean
cn_request_view_contains (CnRequestView view, CnRequestStatus status)
{
  gboolean handled = status == CN_REQUEST_STATUS_FORWARDED ||
                     status == CN_REQUEST_STATUS_DECLINED || status == CN_REQUEST_STATUS_ARCHIVED;

  switch (view)
    {
    case CN_REQUEST_VIEW_TO_DO:
      return !handled;
    case CN_REQUEST_VIEW_HANDLED:
      return handled;
    case CN_REQUEST_VIEW_ALL:
    default:
      return TRUE;
    }
}

/* FTS5's own tokenizer, as the index's schema sets it up (step
 * "request-search-external"), to cut a typed word as the index did. NULL
 * when SQLite has no FTS5 API to give. */
static Fts5Tokenizer *
new_search_tokenizer (CnStore *self, fts5_tokenizer *tokenizer)
{
  static const char *const args[] = { "remove_diacritics", "2" };
  g_autoptr(CnStmt) stmt = NULL;
  Fts5Tokenizer *instance = NULL;
  fts5_api *api = NULL;
  void *user_data = NULL;

  stmt = _cn_store_prepare (self, "SELECT fts5 (?1)", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  if (api == NULL || api->xFindTokenizer (api, "unicode61", &user_data, tokenizer) != SQLITE_OK ||
      tokenizer->xCreate (user_data, (const char **) args, G_N_ELEMENTS (args), &instance) !=
          SQLITE_OK)
    return NULL;
  return instance;
}

static int
add_token_cb (void *data, int flags, const char *token, int n_token, int start, int end)
{
  if ((flags & FTS5_TOKEN_COLOCATED) == 0)
    g_ptr_array_add (data, g_strndup (token, n_token));
  return SQLITE_OK;
}

/* Appends @word to the query @match as a word's start, required. The index
 * keeps no positions, so FTS5 refuses a phrase of several of its words: a
 * word FTS5 cuts in two (a few letters of scripts newer than its tables)
 * becomes its parts, all required, the last as a start, instead of a
 * phrase. */
static void
append_search_word (GString *match,
                    const char *word,
                    fts5_tokenizer *tokenizer,
                    Fts5Tokenizer *instance)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);

  if (instance != NULL)
    tokenizer->xTokenize (instance, tokens, FTS5_TOKENIZE_QUERY, word, (int) strlen (word),
                          add_token_cb);
  if (tokens->len < 2)
    {
      g_string_append_printf (match, "%s\"%s\"*", match->len > 0 ? " " : "", word);
      return;
    }
  for (guint i = 0; i < tokens->len; i++)
    g_string_append_printf (match, "%s\"%s\"%s", match->len > 0 ? " " : "",
                            (const char *) g_ptr_array_index (tokens, i),
                            i + 1 == tokens->len ? "*" : "");
}

/* The FTS5 query for what was typed: each word, as a word's start, all
 * required. Words are cut at anything but letters and digits, so nothing
 * typed can reach FTS5's own syntax. NULL when no word was typed. */
static char *
search_match_expression (CnStore *self, const char *text)
{
  g_autoptr(GString) match = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  fts5_tokenizer tokenizer = { 0 };
  Fts5Tokenizer *instance = NULL;

  if (text == NULL)
    return NULL;
  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        {
          if (instance == NULL)
            instance = new_search_tokenizer (self, &tokenizer);
          append_search_word (match, word->str, &tokenizer, instance);
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  if (instance != NULL)
    tokenizer.xDelete (instance);
  return match->len > 0 ? g_string_free (g_steal_pointer (&match), FALSE) : NULL;
}

static gboolean
mark_search (CnStore *self, const char *match, guint8 *bitmap, gint64 max_id, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;
  int rc;

  stmt = _cn_store_prepare (self, filter_sql[FILTER_SEARCH], error);
  if (stmt == NULL)
    return FALSE;
  _cn_store_bind_text (stmt, 1, match);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (id > 0 && id <= max_id)
        bitmap[id / 8] |= 1u << (id % 8);
    }
  if (rc != SQLITE_DONE)
    {
      _cn_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), error);
      return FALSE;
    }
  return TRUE;
}

GArray *
cn_store_list_request_ids_filtered (
    CnStore *self, int verdict, gboolean mass_sent_only, gboolean repeated_only, GError **error)
{
  CnRequestQuery query = CN_REQUEST_QUERY_INIT;

  query.verdict = verdict;
  query.mass_sent_only = mass_sent_only;
  query.repeated_only = repeated_only;
  return cn_store_list_request_ids_query (self, &query, error);
}

GArray *
cn_store_list_request_ids_query (CnStore *self, const CnRequestQuery *query, GError **error)
{
  return _cn_store_filter_request_ids (self, NULL, query, error);
}

GArray *
_cn_store_filter_request_ids (CnStore *self,
                              GArray *all,
                              const CnRequestQuery *query,
                              GError **error)
{
  int verdict = query->verdict;
  gboolean mass_sent_only = query->mass_sent_only;
  gboolean repeated_only = query->repeated_only;
  g_autofree char *match = search_match_expression (self, query->search);
  g_autofree guint8 *to_do = NULL;
  g_autofree guint8 *found = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree guint8 *analysed = NULL;  /* verdict == @verdict (any for NONE) */
  g_autofree guint8 *motivated = NULL; /* stored verdict motivated (for INCOMPLETE) */
  g_autofree guint8 *flagged = NULL;   /* mass-sent or repeated after a refusal */
  g_autofree guint8 *mass_sent = NULL;
  g_autofree guint8 *repeated = NULL;
  g_autofree guint8 *screened = NULL; /* their requester is screened out */
  g_autofree guint8 *trusted = NULL;  /* their requester is trusted */
  gint64 max_id = 0;
  gsize size;
  guint kept = 0;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);
  g_return_val_if_fail (verdict >= -1 && verdict <= CN_VERDICT_LAST, NULL);
  g_return_val_if_fail ((guint) query->view <= CN_REQUEST_VIEW_LAST, NULL);

  ids = all != NULL ? g_array_copy (all) : cn_store_list_request_ids (self, error);
  if (ids == NULL || (verdict < 0 && !mass_sent_only && !repeated_only &&
                      query->view == CN_REQUEST_VIEW_ALL && match == NULL))
    return g_steal_pointer (&ids);

  /* Sorting the filtered rows would cost a lookup per request: instead, mark
   * the ids that the indexes give (no table access) in bitmaps and keep the
   * sorted ids that pass. Ids are row ids, so a bitmap up to the largest is
   * small (12 kB for 100,000). */
  for (guint i = 0; i < ids->len; i++)
    max_id = MAX (max_id, g_array_index (ids, gint64, i));
  size = max_id / 8 + 1;

  if (verdict >= 0)
    {
      analysed = g_new0 (guint8, size);
      if (!mark_ids (self, filter_sql[FILTER_ANALYSED + verdict], analysed, max_id, error))
        return NULL;
    }
  if (verdict == CN_VERDICT_INCOMPLETE)
    {
      motivated = g_new0 (guint8, size);
      if (!mark_ids (self, filter_sql[FILTER_ANALYSED + CN_VERDICT_MOTIVATED], motivated, max_id,
                     error))
        return NULL;
    }
  if (verdict >= 0)
    {
      screened = g_new0 (guint8, size);
      trusted = g_new0 (guint8, size);
      if (!mark_ids (self, filter_sql[FILTER_SCREENED], screened, max_id, error) ||
          !mark_ids (self, filter_sql[FILTER_TRUSTED], trusted, max_id, error))
        return NULL;
    }
  if (verdict == CN_VERDICT_MOTIVATED || verdict == CN_VERDICT_INCOMPLETE)
    {
      flagged = g_new0 (guint8, size);
      if (!mark_ids (self, filter_sql[FILTER_MASS_SENT], flagged, max_id, error) ||
          !mark_ids (self, filter_sql[FILTER_AFTER_REFUSAL], flagged, max_id, error))
        return NULL;
    }
  if (mass_sent_only)
    {
      mass_sent = g_new0 (guint8, size);
      if (!mark_ids (self, filter_sql[FILTER_MASS_SENT], mass_sent, max_id, error))
        return NULL;
    }
  if (repeated_only)
    {
      repeated = g_new0 (guint8, size);
      if (!mark_ids (self, filter_sql[FILTER_REPEATED], repeated, max_id, error))
        return NULL;
    }
  if (query->view != CN_REQUEST_VIEW_ALL)
    {
      to_do = g_new0 (guint8, size);
      if (!mark_ids (self, filter_sql[FILTER_TO_DO], to_do, max_id, error))
        return NULL;
    }
  if (match != NULL)
    {
      found = g_new0 (guint8, size);
      if (!mark_search (self, match, found, max_id, error))
        return NULL;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      gboolean keep;

      switch (verdict)
        {
        /* The rule of cn_request_get_effective_verdict(). */
        case CN_VERDICT_NONE:
          keep = !is_marked (analysed, id) && !is_marked (screened, id);
          break;
        case CN_VERDICT_MOTIVATED:
          keep = is_marked (analysed, id) && !is_marked (screened, id) &&
                 (!is_marked (flagged, id) || is_marked (trusted, id));
          break;
        case CN_VERDICT_INCOMPLETE:
          keep = !is_marked (screened, id) &&
                 (is_marked (analysed, id) ||
                  (is_marked (motivated, id) && is_marked (flagged, id) &&
                   !is_marked (trusted, id)));
          break;
        case CN_VERDICT_UNSUITABLE:
          keep = is_marked (analysed, id) || is_marked (screened, id);
          break;
        default:
          keep = TRUE;
          break;
        }

      if (keep && mass_sent_only)
        keep = is_marked (mass_sent, id);
      if (keep && repeated_only)
        keep = is_marked (repeated, id);
      if (keep && to_do != NULL)
        keep = is_marked (to_do, id) == (query->view == CN_REQUEST_VIEW_TO_DO);
      if (keep && found != NULL)
        keep = is_marked (found, id);
      if (keep)
        g_array_index (ids, gint64, kept++) = id;
    }
  g_array_set_size (ids, kept);

  return g_steal_pointer (&ids);
}

/* The effective verdict (see cn_request_get_effective_verdict()), the
 * triage flags and the status of one request, with one query. */
static void
get_filter_state (CnStore *self,
                  gint64 id,
                  CnVerdict *out_verdict,
                  gboolean *out_mass_sent,
                  gboolean *out_repeated,
                  CnRequestStatus *out_status)
{
  g_autoptr(CnStmt) stmt = NULL;
  CnVerdict verdict = CN_VERDICT_NONE;
  gboolean mass_sent = FALSE;
  gboolean repeated = FALSE;
  CnRequestStatus status = CN_REQUEST_STATUS_NEW;

  stmt = _cn_store_prepare (self, filter_sql[FILTER_ONE_STATE], NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          if (_cn_store_is_current_version (self, (const char *) sqlite3_column_text (stmt, 0)))
            verdict = CLAMP (sqlite3_column_int (stmt, 1), CN_VERDICT_NONE, CN_VERDICT_LAST);
          mass_sent = sqlite3_column_int (stmt, 2) != 0;
          repeated = sqlite3_column_int (stmt, 3) != 0;
          /* The rule of cn_request_get_effective_verdict(). */
          if (sqlite3_column_int (stmt, 5) == CN_REQUESTER_STANDING_SCREENED_OUT)
            verdict = CN_VERDICT_UNSUITABLE;
          else if (verdict == CN_VERDICT_MOTIVATED &&
                   sqlite3_column_int (stmt, 5) != CN_REQUESTER_STANDING_TRUSTED &&
                   (mass_sent || (repeated && sqlite3_column_int (stmt, 4) != 0)))
            verdict = CN_VERDICT_INCOMPLETE;
          status = CLAMP (sqlite3_column_int (stmt, 6), 0, CN_REQUEST_STATUS_LAST);
        }
    }

  if (out_verdict != NULL)
    *out_verdict = verdict;
  if (out_mass_sent != NULL)
    *out_mass_sent = mass_sent;
  if (out_repeated != NULL)
    *out_repeated = repeated;
  if (out_status != NULL)
    *out_status = status;
}

CnVerdict
cn_store_get_request_effective_verdict (CnStore *self, gint64 id)
{
  CnVerdict verdict;

  g_return_val_if_fail (CN_IS_STORE (self), CN_VERDICT_NONE);

  get_filter_state (self, id, &verdict, NULL, NULL, NULL);
  return verdict;
}

gboolean
cn_store_request_matches_query (CnStore *self, gint64 id, const CnRequestQuery *query)
{
  g_autofree char *match = search_match_expression (self, query->search);
  CnVerdict effective;
  gboolean mass_sent, repeated;
  CnRequestStatus status;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  /* Verdict, triage and view from one row; the search, when there is one,
   * from the index. */
  get_filter_state (self, id, &effective, &mass_sent, &repeated, &status);
  if ((query->verdict >= 0 && (int) effective != query->verdict) ||
      (query->mass_sent_only && !mass_sent) || (query->repeated_only && !repeated) ||
      !cn_request_view_contains (query->view, status))
    return FALSE;
  if (match != NULL)
    {
      g_autoptr(CnStmt) stmt = _cn_store_prepare (self, filter_sql[FILTER_ONE_SEARCH], NULL);

      if (stmt == NULL)
        return FALSE;
      _cn_store_bind_text (stmt, 1, match);
      sqlite3_bind_int64 (stmt, 2, id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
_cn_store_explain_filter_queries (CnStore *self, GError **error)
{
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  for (guint i = 0; i < N_FILTERS; i++)
    {
      g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", filter_sql[i], NULL);
      g_autoptr(GString) plan = g_string_new (filter_sql[i]);
      sqlite3_stmt *stmt;
      int rc;

      /* Not through _cn_store_prepare(): its cache is keyed by literals. */
      rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        {
          _cn_store_set_sqlite_error (self, rc, error);
          return NULL;
        }
      /* The plan's detail column, one line per step. */
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_string_append_printf (plan, "\n%s", (const char *) sqlite3_column_text (stmt, 3));
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          _cn_store_set_sqlite_error (self, rc, error);
          return NULL;
        }
      g_ptr_array_add (plans, g_string_free (g_steal_pointer (&plan), FALSE));
    }
  return g_steal_pointer (&plans);
}

/* History at a given time */

gboolean
_cn_store_add_event_at (CnStore *self,
                        gint64 request_id,
                        gint64 at,
                        CnEventAction action,
                        const char *text,
                        GError **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (cn_event_action_to_string (action) != NULL, FALSE);

  if (!_cn_store_insert_event (self, request_id, at, action, text, error))
    return FALSE;

  /* History views re-read on it. */
  _cn_store_request_written (self, CN_STORE_SIGNAL_REQUEST_CHANGED, request_id);
  return TRUE;
}

gboolean
_cn_store_date_created_event (CnStore *self, gint64 request_id, gint64 at, GError **error)
{
  g_autoptr(CnStmt) stmt = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  stmt = _cn_store_prepare (self, "UPDATE requests SET created_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, request_id);
  sqlite3_bind_int64 (stmt, 2, at);
  return _cn_store_step_done (self, stmt, error);
}

gboolean
_cn_store_step_for_request (CnStore *self, CnStmt *stmt, GError **error)
{
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;

  _cn_store_set_sqlite_error_fk (self, sqlite3_extended_errcode (self->db),
                                 _("This request no longer exists."), error);
  return FALSE;
}

void
_cn_store_set_not_found (GError **error)
{
  g_set_error_literal (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND,
                       _("This request no longer exists."));
}
