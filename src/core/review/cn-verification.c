/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-verification.h"

#include <string.h>

static const char *const step_ids[CN_N_STEPS] = {
  "motivation", "fit", "availability", "endorsement", "send",
};

const char *
cn_step_to_string (CnStep step)
{
  if ((guint) step >= CN_N_STEPS)
    return NULL;
  return step_ids[step];
}

gboolean
cn_step_from_string (const char *str, CnStep *out_step)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < CN_N_STEPS; i++)
    if (strcmp (str, step_ids[i]) == 0)
      {
        if (out_step != NULL)
          *out_step = (CnStep) i;
        return TRUE;
      }
  return FALSE;
}

char *
cn_override_format (CnStep step, const char *reason)
{
  g_return_val_if_fail ((guint) step < CN_N_STEPS, NULL);

  return g_strdup_printf ("%s: %s", step_ids[step], reason != NULL ? reason : "");
}

gboolean
cn_override_parse (const char *text, CnStep *out_step, const char **out_reason)
{
  g_autofree char *id = NULL;
  const char *colon = text != NULL ? strchr (text, ':') : NULL;

  if (colon == NULL)
    return FALSE;
  id = g_strndup (text, colon - text);
  if (!cn_step_from_string (id, out_step))
    return FALSE;
  if (out_reason != NULL)
    *out_reason = colon + 1 + (colon[1] == ' ');
  return TRUE;
}

static CnStepCheck
step_check (CnCheckResult result, CnStepReason reason)
{
  CnStepCheck check = { result, reason };
  return check;
}

CnStepCheck
cn_verification_check_motivation (
    CnVerdict verdict, guint element_mask, guint flag_mask, gboolean mass_sent, gboolean repeated)
{
  const guint target_elements = (1u << CN_N_TARGET_ELEMENTS) - 1;

  switch (verdict)
    {
    case CN_VERDICT_MOTIVATED:
      if ((element_mask & target_elements) != target_elements ||
          (flag_mask & ~CN_FLAG_MASK_MILD) != 0)
        return step_check (CN_CHECK_WARN, CN_STEP_REASON_MOTIVATED_WITH_GAPS);
      return step_check (CN_CHECK_PASS, CN_STEP_REASON_MOTIVATED);
    case CN_VERDICT_INCOMPLETE:
      /* The triage's findings say more than "incomplete" when they apply. */
      if (mass_sent)
        return step_check (CN_CHECK_FAIL, CN_STEP_REASON_MASS_SENT);
      if (repeated)
        return step_check (CN_CHECK_FAIL, CN_STEP_REASON_REPEATED);
      return step_check (CN_CHECK_FAIL, CN_STEP_REASON_INCOMPLETE);
    case CN_VERDICT_UNSUITABLE:
      return step_check (CN_CHECK_FAIL, CN_STEP_REASON_UNSUITABLE);
    case CN_VERDICT_NONE:
    default:
      return step_check (CN_CHECK_PENDING, CN_STEP_REASON_NOT_ANALYSED);
    }
}

CnStepCheck
cn_verification_check_request_motivation (CnRequesterStanding standing,
                                          CnVerdict verdict,
                                          guint element_mask,
                                          guint flag_mask,
                                          gboolean mass_sent,
                                          gboolean repeated,
                                          gboolean repeated_after_refusal)
{
  /* A trusted requester's note is judged alone (cn_request_get_effective_verdict()). */
  gboolean trusted = standing == CN_REQUESTER_STANDING_TRUSTED;

  if (standing == CN_REQUESTER_STANDING_SCREENED_OUT)
    return step_check (CN_CHECK_FAIL, CN_STEP_REASON_SCREENED_OUT);
  if (verdict == CN_VERDICT_NONE)
    return step_check (CN_CHECK_PENDING, CN_STEP_REASON_NOT_ANALYSED);
  mass_sent = !trusted && mass_sent;
  if (verdict == CN_VERDICT_MOTIVATED && (mass_sent || (!trusted && repeated_after_refusal)))
    verdict = CN_VERDICT_INCOMPLETE;
  return cn_verification_check_motivation (verdict, element_mask, flag_mask, mass_sent,
                                           !trusted && repeated);
}

CnStepCheck
cn_verification_check_stored_motivation (CnRequest *request)
{
  return cn_verification_check_request_motivation (cn_request_get_requester_standing (request),
                                                   cn_request_get_verdict (request),
                                                   cn_request_get_element_mask (request),
                                                   cn_request_get_flag_mask (request),
                                                   cn_request_get_mass_sent (request),
                                                   cn_request_get_repeated (request),
                                                   cn_request_get_repeated_after_refusal (request));
}

CnStepCheck
cn_verification_check_from_reason (CnStepReason reason)
{
  switch (reason)
    {
    case CN_STEP_REASON_FIT_GOOD:
    case CN_STEP_REASON_ENDORSEMENT_READY:
      return step_check (CN_CHECK_PASS, reason);
    case CN_STEP_REASON_FIT_PARTIAL:
    case CN_STEP_REASON_UNKNOWN_PLACEHOLDERS:
      return step_check (CN_CHECK_WARN, reason);
    case CN_STEP_REASON_FIT_NONE:
    case CN_STEP_REASON_KIND_NOT_ACCEPTED:
    case CN_STEP_REASON_NO_TARGET:
    case CN_STEP_REASON_NO_RELATIONSHIP:
    case CN_STEP_REASON_EMPTY_ENDORSEMENT:
      return step_check (CN_CHECK_FAIL, reason);
    default:
      return step_check (CN_CHECK_PENDING, reason);
    }
}

CnStepCheck
cn_verification_check_fit (const CnFit *fit)
{
  if (fit == NULL)
    return step_check (CN_CHECK_FAIL, CN_STEP_REASON_NO_TARGET);
  if (!cn_fit_get_kind_accepted (fit))
    return step_check (CN_CHECK_FAIL, CN_STEP_REASON_KIND_NOT_ACCEPTED);

  switch (cn_fit_get_level (fit))
    {
    case CN_FIT_GOOD:
      return step_check (CN_CHECK_PASS, CN_STEP_REASON_FIT_GOOD);
    case CN_FIT_PARTIAL:
      return step_check (CN_CHECK_WARN, CN_STEP_REASON_FIT_PARTIAL);
    case CN_FIT_NONE:
    default:
      return step_check (CN_CHECK_FAIL, CN_STEP_REASON_FIT_NONE);
    }
}

CnStepCheck
cn_verification_check_availability (const CnAvailabilityCheck *check)
{
  if (check == NULL)
    return step_check (CN_CHECK_PENDING, CN_STEP_REASON_AVAILABILITY);
  return step_check (check->result, CN_STEP_REASON_AVAILABILITY);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        return FALSE; /* invalid bytes are still something written */
      if (!g_unichar_isspace (c) && c != 0x200B && c != 0xFEFF)
        return FALSE;
    }
  return TRUE;
}

CnStepCheck
cn_verification_check_endorsement (CnRelationship relationship,
                                   const char *text,
                                   guint n_unknown_placeholders)
{
  if (relationship == CN_RELATIONSHIP_UNSET)
    return step_check (CN_CHECK_FAIL, CN_STEP_REASON_NO_RELATIONSHIP);
  if (is_blank (text))
    return step_check (CN_CHECK_FAIL, CN_STEP_REASON_EMPTY_ENDORSEMENT);
  if (n_unknown_placeholders > 0)
    return step_check (CN_CHECK_WARN, CN_STEP_REASON_UNKNOWN_PLACEHOLDERS);
  return step_check (CN_CHECK_PASS, CN_STEP_REASON_ENDORSEMENT_READY);
}

/* Reasons no override can clear: Forward needs them fixed. */
static gboolean
can_override (CnStepReason reason)
{
  return reason != CN_STEP_REASON_NO_RELATIONSHIP && reason != CN_STEP_REASON_EMPTY_ENDORSEMENT;
}

CnStep
cn_verification_first_blocking_step (const CnStepCheck checks[CN_STEP_SEND],
                                     const gboolean overridden[CN_STEP_SEND])
{
  g_return_val_if_fail (checks != NULL, CN_STEP_MOTIVATION);

  for (guint i = 0; i < CN_STEP_SEND; i++)
    {
      gboolean over = overridden != NULL && overridden[i] && can_override (checks[i].reason);

      if ((checks[i].result == CN_CHECK_FAIL && !over) || checks[i].result == CN_CHECK_PENDING)
        return (CnStep) i;
    }
  return CN_STEP_SEND;
}

CnStepCheck
cn_verification_check_send (const CnStepCheck checks[CN_STEP_SEND],
                            const gboolean overridden[CN_STEP_SEND])
{
  CnStep blocking;

  g_return_val_if_fail (checks != NULL, step_check (CN_CHECK_FAIL, CN_STEP_REASON_BLOCKED));

  blocking = cn_verification_first_blocking_step (checks, overridden);
  if (blocking == CN_STEP_SEND)
    return step_check (CN_CHECK_PASS, CN_STEP_REASON_READY_TO_SEND);
  /* A failure after a pending step still blocks: Send says so rather than wait. */
  for (guint i = blocking; i < CN_STEP_SEND; i++)
    {
      gboolean over = overridden != NULL && overridden[i] && can_override (checks[i].reason);

      if (checks[i].result == CN_CHECK_FAIL && !over)
        return step_check (CN_CHECK_FAIL, CN_STEP_REASON_BLOCKED);
    }
  return step_check (CN_CHECK_PENDING, CN_STEP_REASON_BLOCKED);
}
