/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cn-analysis.h"
#include "cn-enums.h"

G_BEGIN_DECLS

#define CN_TYPE_REQUEST (cn_request_get_type ())
G_DECLARE_FINAL_TYPE (CnRequest, cn_request, CN, REQUEST, GObject)

/* One introduction request: a requester asks the connector to forward a note
 * to a target contact. Each field is also a GObject property: id,
 * requester-id, requester-name, requester-email, requester-profile-url,
 * target-id, target-name, received-at, source, source-ref, note-to-connector,
 * note-to-target, status.
 *
 * The stored analysis is summed up in the read-only properties verdict,
 * score, element-mask and flag-mask: CN_VERDICT_NONE (and zeros) until the
 * request has been analysed by the current analyzer version.
 *
 * What the triage found (see cn-triage.h) is in the read-only properties
 * campaign-id, campaign-size, mass-sent, repeated, repeat-count and
 * repeated-after-refusal, and the verdict that accounts for it in
 * effective-verdict.
 *
 * Text is kept byte for byte as received: it may hold any characters (and,
 * from a broken import, even invalid UTF-8), so the UI must never treat it as
 * markup. */
CnRequest *cn_request_new (void);

gint64 cn_request_get_id (CnRequest *self);
void cn_request_set_id (CnRequest *self, gint64 id);
gint64 cn_request_get_requester_id (CnRequest *self);
void cn_request_set_requester_id (CnRequest *self, gint64 id);
const char *cn_request_get_requester_name (CnRequest *self);
void cn_request_set_requester_name (CnRequest *self, const char *name);
const char *cn_request_get_requester_email (CnRequest *self);
void cn_request_set_requester_email (CnRequest *self, const char *email);
const char *cn_request_get_requester_profile_url (CnRequest *self);
void cn_request_set_requester_profile_url (CnRequest *self, const char *url);
/* 0 when the request names no contact of the connector's. */
gint64 cn_request_get_target_id (CnRequest *self);
void cn_request_set_target_id (CnRequest *self, gint64 id);
const char *cn_request_get_target_name (CnRequest *self);
void cn_request_set_target_name (CnRequest *self, const char *name);
/* Seconds since the Unix epoch, UTC. */
gint64 cn_request_get_received_at (CnRequest *self);
void cn_request_set_received_at (CnRequest *self, gint64 unix_time);
/* "manual", "demo", "linkedin", "email", "imap", … */
const char *cn_request_get_source (CnRequest *self);
void cn_request_set_source (CnRequest *self, const char *source);
const char *cn_request_get_source_ref (CnRequest *self);
void cn_request_set_source_ref (CnRequest *self, const char *source_ref);
const char *cn_request_get_note_to_connector (CnRequest *self);
void cn_request_set_note_to_connector (CnRequest *self, const char *note);
const char *cn_request_get_note_to_target (CnRequest *self);
void cn_request_set_note_to_target (CnRequest *self, const char *note);
CnRequestStatus cn_request_get_status (CnRequest *self);
void cn_request_set_status (CnRequest *self, CnRequestStatus status);
/* What came of the forward (property "outcome"); NONE until recorded. */
CnOutcome cn_request_get_outcome (CnRequest *self);
void cn_request_set_outcome (CnRequest *self, CnOutcome outcome);

/* The stored analysis (see cn_store_set_analysis()). */
CnVerdict cn_request_get_verdict (CnRequest *self);
/* 0–100; 0 when not analysed. */
guint cn_request_get_score (CnRequest *self);
/* 1 << CnElement for each element found; 0 when not analysed. */
guint cn_request_get_element_mask (CnRequest *self);
/* 1 << CnFlag for each flag raised; 0 when not analysed. */
guint cn_request_get_flag_mask (CnRequest *self);
/* For the store: sets the four at once, notifying those that changed.
 * CN_VERDICT_NONE clears the others. */
void cn_request_set_analysis_summary (
    CnRequest *self, CnVerdict verdict, guint score, guint element_mask, guint flag_mask);

/* The triage's results, as stored. 0 when in no campaign. */
gint64 cn_request_get_campaign_id (CnRequest *self);
/* Distinct targets of the campaign; 0 when in none. */
guint cn_request_get_campaign_size (CnRequest *self);
gboolean cn_request_get_mass_sent (CnRequest *self);
gboolean cn_request_get_repeated (CnRequest *self);
/* Earlier requests that make this one a repeat. */
guint cn_request_get_repeat_count (CnRequest *self);
/* Repeated, and an earlier request of the same requester was declined or
 * answered with an ask for motivation. */
gboolean cn_request_get_repeated_after_refusal (CnRequest *self);
/* For the store: sets them all at once, notifying those that changed. */
void cn_request_set_triage_summary (CnRequest *self,
                                    gint64 campaign_id,
                                    guint campaign_size,
                                    gboolean mass_sent,
                                    gboolean repeated,
                                    guint repeat_count,
                                    gboolean repeated_after_refusal);

/* The forward handed over and waiting for "Did you send it?"
 * (CN_EVENT_ACTION_FORWARD_COPIED or _FORWARD_OPENED; UNKNOWN when none),
 * as the store read it: cn_store_get_pending_handoff(). */
CnEventAction cn_request_get_handoff (CnRequest *self);
/* Why the contact cannot take this request now, as the review's
 * availability step would say it (a CnAvailabilityReason that fails: closed,
 * away, limit reached, no contact); 0 when they can. Read by the store with
 * the request, so that the list agrees with the review. */
guint cn_request_get_contact_block (CnRequest *self);
/* For the store: sets both, notifying those that changed. */
void cn_request_set_list_state (CnRequest *self, CnEventAction handoff, guint contact_block);

/* The rest of what the review's steps are judged from, read by the store
 * with an open request (new or ready, no hand-off waiting; zeros otherwise)
 * for cn_review_get_list_label(): the fit step's CnStepReason (read-only
 * property "fit-reason"; 0 while the motivation step blocks before it),
 * the endorsement step's from the kept draft
 * ("endorsement-reason"), and 1 << CnStep for each step the connector
 * overrode ("overridden-steps"). */
guint cn_request_get_fit_reason (CnRequest *self);
guint cn_request_get_endorsement_reason (CnRequest *self);
guint cn_request_get_overridden_steps (CnRequest *self);
/* For the store: sets the three, notifying those that changed. */
void cn_request_set_step_state (CnRequest *self,
                                guint fit_reason,
                                guint endorsement_reason,
                                guint overridden_steps);

/* What the connector decided about the requester (read-only property
 * "requester-standing"), and since when (Unix time; 0 without one). */
CnRequesterStanding cn_request_get_requester_standing (CnRequest *self);
gint64 cn_request_get_requester_standing_at (CnRequest *self);
/* For the store. */
void
cn_request_set_requester_standing (CnRequest *self, CnRequesterStanding standing, gint64 since);

/* The verdict to show and filter by. The rule: a request of a screened-out
 * requester is UNSUITABLE (to decline), whatever it says or before it is
 * analysed. Else, a request the analysis finds
 * motivated is INCOMPLETE when it is mass-sent (the same text went to
 * several contacts: it cannot be personal, whatever it says) or when it is
 * repeated after a refusal (the connector already declined or asked this
 * requester to state their objective: they must answer that first).
 * Neither applies to a trusted requester's requests. Otherwise it is the
 * stored analysis's verdict (cn_request_get_verdict()).
 * Also the read-only "effective-verdict" property. */
CnVerdict cn_request_get_effective_verdict (CnRequest *self);

G_END_DECLS
