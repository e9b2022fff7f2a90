/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "cn-enums.h"

/* Indexed by CnRequestStatus; these ids appear in exports and scripts. */
static const char *const status_ids[] = {
  "new", "asked", "ready", "forwarded", "declined", "archived",
};
G_STATIC_ASSERT (G_N_ELEMENTS (status_ids) == CN_REQUEST_STATUS_LAST + 1);

const char *
cn_request_status_to_string (CnRequestStatus status)
{
  if ((guint) status > CN_REQUEST_STATUS_LAST)
    return NULL;

  return status_ids[status];
}

gboolean
cn_request_status_from_string (const char *str, CnRequestStatus *out_status)
{
  g_return_val_if_fail (out_status != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (status_ids); i++)
    {
      if (g_ascii_strcasecmp (str, status_ids[i]) == 0)
        {
          *out_status = (CnRequestStatus) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
cn_request_status_get_label (CnRequestStatus status)
{
  switch (status)
    {
    case CN_REQUEST_STATUS_NEW:
      return C_("request status", "New");
    case CN_REQUEST_STATUS_ASKED:
      return C_("request status", "Asked for motivation");
    case CN_REQUEST_STATUS_READY:
      return C_("request status", "Ready to forward");
    case CN_REQUEST_STATUS_FORWARDED:
      return C_("request status", "Forwarded");
    case CN_REQUEST_STATUS_DECLINED:
      return C_("request status", "Declined");
    case CN_REQUEST_STATUS_ARCHIVED:
      return C_("request status", "Archived");
    default:
      return C_("request status", "Unknown");
    }
}

const char *
cn_availability_get_label (CnAvailability availability)
{
  switch (availability)
    {
    case CN_AVAILABILITY_OPEN:
      return C_("contact availability", "Open");
    case CN_AVAILABILITY_LIMITED:
      return C_("contact availability", "Limited");
    case CN_AVAILABILITY_CLOSED:
      return C_("contact availability", "Closed");
    default:
      return C_("contact availability", "Unknown");
    }
}

const char *
cn_tie_strength_get_label (CnTieStrength tie)
{
  switch (tie)
    {
    case CN_TIE_WEAK:
      return C_("tie strength", "Weak tie");
    case CN_TIE_STRONG:
      return C_("tie strength", "Strong tie");
    case CN_TIE_UNKNOWN:
    default:
      return C_("tie strength", "Not stated");
    }
}

/* Indexed by the kind's bit number. */
static const char *const kind_ids[] = {
  "job_search", "recruiting", "business", "investment", "press", "advice", "other",
};
G_STATIC_ASSERT ((1 << G_N_ELEMENTS (kind_ids)) - 1 == CN_REQUEST_KIND_ALL);

static int
kind_index (CnRequestKind kind)
{
  if (kind == 0 || (kind & (kind - 1)) != 0 || (kind & ~CN_REQUEST_KIND_ALL) != 0)
    return -1;
  return g_bit_nth_lsf (kind, -1);
}

const char *
cn_request_kind_to_string (CnRequestKind kind)
{
  int i = kind_index (kind);

  return i < 0 ? NULL : kind_ids[i];
}

gboolean
cn_request_kind_from_string (const char *str, CnRequestKind *out_kind)
{
  g_return_val_if_fail (out_kind != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (kind_ids); i++)
    {
      if (g_ascii_strcasecmp (str, kind_ids[i]) == 0)
        {
          *out_kind = (CnRequestKind) (1 << i);
          return TRUE;
        }
    }
  return FALSE;
}

const char *
cn_request_kind_get_label (CnRequestKind kind)
{
  switch (kind)
    {
    case CN_REQUEST_KIND_JOB_SEARCH:
      return C_("request kind", "Job search");
    case CN_REQUEST_KIND_RECRUITING:
      return C_("request kind", "Recruiting");
    case CN_REQUEST_KIND_BUSINESS:
      return C_("request kind", "Business or sales");
    case CN_REQUEST_KIND_INVESTMENT:
      return C_("request kind", "Investment");
    case CN_REQUEST_KIND_PRESS:
      return C_("request kind", "Press");
    case CN_REQUEST_KIND_ADVICE:
      return C_("request kind", "Advice or mentoring");
    case CN_REQUEST_KIND_OTHER:
      return C_("request kind", "Other");
    case CN_REQUEST_KIND_NONE:
    default:
      return C_("request kind", "Unknown");
    }
}

static const char *const outcome_ids[] = {
  NULL, "accepted", "declined", "no_answer", "useful",
};
G_STATIC_ASSERT (G_N_ELEMENTS (outcome_ids) == CN_OUTCOME_LAST + 1);

const char *
cn_outcome_to_string (CnOutcome outcome)
{
  if ((guint) outcome > CN_OUTCOME_LAST)
    return NULL;
  return outcome_ids[outcome];
}

gboolean
cn_outcome_from_string (const char *str, CnOutcome *out_outcome)
{
  g_return_val_if_fail (out_outcome != NULL, FALSE);

  for (guint i = 1; str != NULL && i < G_N_ELEMENTS (outcome_ids); i++)
    {
      if (g_ascii_strcasecmp (str, outcome_ids[i]) == 0)
        {
          *out_outcome = (CnOutcome) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
cn_outcome_get_label (CnOutcome outcome)
{
  switch (outcome)
    {
    case CN_OUTCOME_ACCEPTED:
      return C_("outcome", "Accepted");
    case CN_OUTCOME_DECLINED:
      return C_("outcome", "Declined");
    case CN_OUTCOME_NO_ANSWER:
      return C_("outcome", "No answer");
    case CN_OUTCOME_USEFUL:
      return C_("outcome", "Useful");
    case CN_OUTCOME_NONE:
    default:
      return C_("outcome", "Not recorded");
    }
}

static const char *const relationship_ids[] = {
  NULL, "personal", "professional", "met_once", "do_not_know",
};
G_STATIC_ASSERT (G_N_ELEMENTS (relationship_ids) == CN_RELATIONSHIP_LAST + 1);

const char *
cn_relationship_to_string (CnRelationship relationship)
{
  if ((guint) relationship > CN_RELATIONSHIP_LAST)
    return NULL;
  return relationship_ids[relationship];
}

const char *
cn_relationship_get_label (CnRelationship relationship)
{
  switch (relationship)
    {
    case CN_RELATIONSHIP_PERSONAL:
      return C_("relationship", "I know them personally");
    case CN_RELATIONSHIP_PROFESSIONAL:
      return C_("relationship", "I know them professionally");
    case CN_RELATIONSHIP_MET_ONCE:
      return C_("relationship", "I met them once");
    case CN_RELATIONSHIP_DO_NOT_KNOW:
      return C_("relationship", "I do not know them");
    case CN_RELATIONSHIP_UNSET:
    default:
      return C_("relationship", "Not chosen");
    }
}

/* Indexed by CnEventAction; these strings are stored in the database. */
static const char *const event_action_ids[] = {
  NULL,
  "created",
  "new",
  "asked",
  "ready",
  "forwarded",
  "declined",
  "archived",
  "copied",
  "send-failed",
  "outcome",
  "override",
  "corrected",
  "forward-copied",
  "forward-opened",
  "not-sent",
  "screened-out",
  "trusted",
  "standing-cleared",
  "not-a-request",
  "edited",
};
G_STATIC_ASSERT (G_N_ELEMENTS (event_action_ids) == CN_EVENT_ACTION_LAST + 1);

const char *
cn_event_action_to_string (CnEventAction action)
{
  if ((guint) action > CN_EVENT_ACTION_LAST)
    return NULL;
  return event_action_ids[action];
}

CnEventAction
cn_event_action_from_string (const char *str)
{
  for (guint i = 1; str != NULL && i < G_N_ELEMENTS (event_action_ids); i++)
    {
      if (strcmp (str, event_action_ids[i]) == 0)
        return (CnEventAction) i;
    }
  return CN_EVENT_ACTION_UNKNOWN;
}

CnEventAction
cn_event_action_for_status (CnRequestStatus status)
{
  switch (status)
    {
    case CN_REQUEST_STATUS_NEW:
      return CN_EVENT_ACTION_NEW;
    case CN_REQUEST_STATUS_ASKED:
      return CN_EVENT_ACTION_ASKED;
    case CN_REQUEST_STATUS_READY:
      return CN_EVENT_ACTION_READY;
    case CN_REQUEST_STATUS_FORWARDED:
      return CN_EVENT_ACTION_FORWARDED;
    case CN_REQUEST_STATUS_DECLINED:
      return CN_EVENT_ACTION_DECLINED;
    case CN_REQUEST_STATUS_ARCHIVED:
      return CN_EVENT_ACTION_ARCHIVED;
    default:
      return CN_EVENT_ACTION_UNKNOWN;
    }
}
