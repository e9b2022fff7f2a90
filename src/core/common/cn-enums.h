/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Values are stored in the database: never renumber them. */
typedef enum {
  CN_REQUEST_STATUS_NEW = 0,
  CN_REQUEST_STATUS_ASKED = 1, /* asked the requester to state their objective */
  CN_REQUEST_STATUS_READY = 2, /* verified, ready to forward */
  CN_REQUEST_STATUS_FORWARDED = 3,
  CN_REQUEST_STATUS_DECLINED = 4,
  CN_REQUEST_STATUS_ARCHIVED = 5,
} CnRequestStatus;
#define CN_REQUEST_STATUS_LAST CN_REQUEST_STATUS_ARCHIVED

typedef enum {
  CN_AVAILABILITY_OPEN = 0,
  CN_AVAILABILITY_LIMITED = 1,
  CN_AVAILABILITY_CLOSED = 2,
} CnAvailability;

/* How a French text addresses its reader: "vous" (vouvoiement) or "tu"
 * (tutoiement): a reply to a requester, the endorsement to a contact.
 * English has one register; its texts ignore this. */
typedef enum {
  CN_REGISTER_VOUS = 0,
  CN_REGISTER_TU = 1,
} CnRegister;

typedef enum {
  CN_TIE_UNKNOWN = 0,
  CN_TIE_WEAK = 1,
  CN_TIE_STRONG = 2,
} CnTieStrength;

/* Kinds of request a contact accepts; a bit mask in the database. */
typedef enum {
  CN_REQUEST_KIND_NONE = 0,
  CN_REQUEST_KIND_JOB_SEARCH = 1 << 0,
  CN_REQUEST_KIND_RECRUITING = 1 << 1,
  CN_REQUEST_KIND_BUSINESS = 1 << 2,
  CN_REQUEST_KIND_INVESTMENT = 1 << 3,
  CN_REQUEST_KIND_PRESS = 1 << 4,
  CN_REQUEST_KIND_ADVICE = 1 << 5,
  CN_REQUEST_KIND_OTHER = 1 << 6,
} CnRequestKind;
#define CN_REQUEST_KIND_ALL 0x7f

/* What happened after a forward. Stored in the database: never renumber. */
typedef enum {
  CN_OUTCOME_NONE = 0, /* not recorded yet */
  CN_OUTCOME_ACCEPTED = 1,
  CN_OUTCOME_DECLINED = 2,
  CN_OUTCOME_NO_ANSWER = 3,
  CN_OUTCOME_USEFUL = 4,
} CnOutcome;
#define CN_OUTCOME_LAST CN_OUTCOME_USEFUL

/* How well the connector knows the requester, as stated in the endorsement. */
typedef enum {
  CN_RELATIONSHIP_UNSET = 0, /* not chosen yet: Forward stays disabled */
  CN_RELATIONSHIP_PERSONAL = 1,
  CN_RELATIONSHIP_PROFESSIONAL = 2,
  CN_RELATIONSHIP_MET_ONCE = 3,
  CN_RELATIONSHIP_DO_NOT_KNOW = 4,
} CnRelationship;
#define CN_RELATIONSHIP_LAST CN_RELATIONSHIP_DO_NOT_KNOW

/* What the connector decided about a requester (requesters.standing).
 * Stored in the database: never renumber. */
typedef enum {
  CN_REQUESTER_STANDING_NONE = 0,
  /* Every request of theirs is to decline, whatever it says. */
  CN_REQUESTER_STANDING_SCREENED_OUT = 1,
  /* Being mass-sent or repeated after a refusal does not lower the verdict of
   * their requests: the note alone decides. */
  CN_REQUESTER_STANDING_TRUSTED = 2,
} CnRequesterStanding;
#define CN_REQUESTER_STANDING_LAST CN_REQUESTER_STANDING_TRUSTED

/* What a history event records (the action column of events). The
 * database keeps the strings of cn_event_action_to_string(), never these
 * numbers: renumbering is harmless, changing a string is not. */
typedef enum {
  CN_EVENT_ACTION_UNKNOWN = 0, /* a string this version does not know: shown as it is */
  CN_EVENT_ACTION_CREATED,     /* "created": the request arrived */
  /* The request took a status: its id ("new", "asked", …); "asked",
   * "forwarded" and "declined" keep the text that left. */
  CN_EVENT_ACTION_NEW,
  CN_EVENT_ACTION_ASKED,
  CN_EVENT_ACTION_READY,
  CN_EVENT_ACTION_FORWARDED,
  CN_EVENT_ACTION_DECLINED,
  CN_EVENT_ACTION_ARCHIVED,
  CN_EVENT_ACTION_COPIED,      /* "copied": a text copied to the clipboard */
  CN_EVENT_ACTION_SEND_FAILED, /* "send-failed": what did not leave, and why */
  CN_EVENT_ACTION_OUTCOME,     /* "outcome": what came of a forward (cn_outcome_to_string()) */
  CN_EVENT_ACTION_OVERRIDE,    /* "override": a failed step let pass (cn_override_format()) */
  /* "corrected": the connector corrected the analyzer on an element or a
   * flag, or restored its judgement (cn_correction_format()) */
  CN_EVENT_ACTION_CORRECTED,
  /* A forward handed over, not known to have left: the connector is asked
   * whether they sent it. "forward-copied": to the clipboard;
   * "forward-opened": to the mail app. Their text is the forward. */
  CN_EVENT_ACTION_FORWARD_COPIED,
  CN_EVENT_ACTION_FORWARD_OPENED,
  CN_EVENT_ACTION_NOT_SENT, /* "not-sent": the connector said the forward handed over did not leave
                             */
  /* The requester's standing changed (recorded on each of their requests):
   * "screened-out", "trusted", "standing-cleared". */
  CN_EVENT_ACTION_SCREENED_OUT,
  CN_EVENT_ACTION_TRUSTED,
  CN_EVENT_ACTION_STANDING_CLEARED,
  /* "not-a-request": set aside (archived) as a message that asks nothing of
   * the connector; the text is "automatic" when the import did it. */
  CN_EVENT_ACTION_NOT_A_REQUEST,
  /* "edited": the connector corrected the request (contact, date, notes) */
  CN_EVENT_ACTION_EDITED,
} CnEventAction;
#define CN_EVENT_ACTION_LAST CN_EVENT_ACTION_EDITED

/* "created", "forwarded", "send-failed", …; NULL for UNKNOWN or a value out of range. */
const char *cn_event_action_to_string (CnEventAction action);
/* The action stored as @str (exactly, as the database holds it);
 * CN_EVENT_ACTION_UNKNOWN for NULL or a string this version does not know. */
CnEventAction cn_event_action_from_string (const char *str);
/* The event recorded when a request takes @status: its status's id. */
CnEventAction cn_event_action_for_status (CnRequestStatus status);

/* Stable identifiers, for the command line and exports ("new", "asked", …). */
const char *cn_request_status_to_string (CnRequestStatus status);
gboolean cn_request_status_from_string (const char *str, CnRequestStatus *out_status);
/* Translated words for the user ("New", "Asked for motivation", …). */
const char *cn_request_status_get_label (CnRequestStatus status);

const char *cn_availability_get_label (CnAvailability availability);
const char *cn_tie_strength_get_label (CnTieStrength tie);

/* One kind (a single bit): "job_search", "recruiting", "business", "investment",
 * "press", "advice", "other"; NULL for anything else. */
const char *cn_request_kind_to_string (CnRequestKind kind);
gboolean cn_request_kind_from_string (const char *str, CnRequestKind *out_kind);
/* Translated ("Job search", "Recruiting", …) for one kind. */
const char *cn_request_kind_get_label (CnRequestKind kind);

/* "accepted", "declined", "no_answer", "useful"; NULL for NONE. */
const char *cn_outcome_to_string (CnOutcome outcome);
gboolean cn_outcome_from_string (const char *str, CnOutcome *out_outcome);
/* Translated ("Accepted", "Declined", "No answer", "Useful"; "Not recorded"). */
const char *cn_outcome_get_label (CnOutcome outcome);

/* "personal", "professional", "met_once", "do_not_know"; NULL for UNSET. */
const char *cn_relationship_to_string (CnRelationship relationship);
/* Translated choice for the UI ("I know them personally", …). */
const char *cn_relationship_get_label (CnRelationship relationship);

G_END_DECLS
