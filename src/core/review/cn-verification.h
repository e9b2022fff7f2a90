/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cn-analysis.h"
#include "cn-availability.h"
#include "cn-enums.h"
#include "cn-fit.h"
#include "cn-request.h"

G_BEGIN_DECLS

/* The guided verification before a forward, as rules without a UI:
 * Motivation → Fit → Availability → Endorsement → Send. Each step gives a
 * result and the reason for it; the UI puts the reason in words. */

typedef enum {
  CN_STEP_MOTIVATION = 0,
  CN_STEP_FIT = 1,
  CN_STEP_AVAILABILITY = 2,
  CN_STEP_ENDORSEMENT = 3,
  CN_STEP_SEND = 4,
} CnStep;
#define CN_N_STEPS 5

/* Stable ids ("motivation", "fit", "availability", "endorsement", "send"),
 * used in the history ("override" events name the step). */
const char *cn_step_to_string (CnStep step);
gboolean cn_step_from_string (const char *str, CnStep *out_step);

/* The text of an "override" history event, "<step id>: <reason>": written
 * and read here only. */
char *cn_override_format (CnStep step, const char *reason);
/* FALSE when @text is not one; @out_reason (may be NULL) points into @text. */
gboolean cn_override_parse (const char *text, CnStep *out_step, const char **out_reason);

typedef enum {
  /* Motivation */
  CN_STEP_REASON_NOT_ANALYSED = 0,    /* pending */
  CN_STEP_REASON_MOTIVATED,           /* pass */
  CN_STEP_REASON_MOTIVATED_WITH_GAPS, /* warn: motivated, some element missing or a flag */
  CN_STEP_REASON_INCOMPLETE,          /* fail */
  CN_STEP_REASON_UNSUITABLE,          /* fail */
  CN_STEP_REASON_MASS_SENT,           /* fail: motivated text, but sent to many */
  CN_STEP_REASON_REPEATED,            /* fail: motivated text, but pressure */
  CN_STEP_REASON_SCREENED_OUT,        /* fail: the connector screened out the requester */
  /* Fit */
  CN_STEP_REASON_FIT_GOOD,          /* pass */
  CN_STEP_REASON_FIT_PARTIAL,       /* warn */
  CN_STEP_REASON_FIT_NONE,          /* fail */
  CN_STEP_REASON_KIND_NOT_ACCEPTED, /* fail (whatever the level) */
  CN_STEP_REASON_NO_TARGET,         /* fail: no contact to check against */
  /* Availability: see CnAvailabilityCheck for the details */
  CN_STEP_REASON_AVAILABILITY,
  /* Endorsement */
  CN_STEP_REASON_NO_RELATIONSHIP,      /* fail: the relationship is not chosen */
  CN_STEP_REASON_EMPTY_ENDORSEMENT,    /* fail */
  CN_STEP_REASON_UNKNOWN_PLACEHOLDERS, /* warn: {something} the templates do not know */
  CN_STEP_REASON_ENDORSEMENT_READY,    /* pass */
  /* Send */
  CN_STEP_REASON_BLOCKED,       /* fail: an earlier step fails and is not overridden */
  CN_STEP_REASON_READY_TO_SEND, /* pass */
} CnStepReason;

typedef struct
{
  CnCheckResult result;
  CnStepReason reason;
} CnStepCheck;

/* From the request's stored results (see cn_request_get_effective_verdict()
 * and the triage properties). */
CnStepCheck cn_verification_check_motivation (
    CnVerdict verdict, guint element_mask, guint flag_mask, gboolean mass_sent, gboolean repeated);
/* The motivation step of a request: @verdict, @element_mask and @flag_mask
 * from its analysis (CN_VERDICT_NONE: not analysed yet), the rest from the
 * request (the requester's standing, the triage's findings). The review
 * judges the live analysis with it, the request list the stored one. */
CnStepCheck cn_verification_check_request_motivation (CnRequesterStanding standing,
                                                      CnVerdict verdict,
                                                      guint element_mask,
                                                      guint flag_mask,
                                                      gboolean mass_sent,
                                                      gboolean repeated,
                                                      gboolean repeated_after_refusal);
/* The same from what the store read with @request (its stored verdict and
 * masks): how the request list judges the step without a review. */
CnStepCheck cn_verification_check_stored_motivation (CnRequest *request);
/* The check a fit or endorsement reason stands for (their reasons tell the
 * result): how the request list reads back what the store judged. */
CnStepCheck cn_verification_check_from_reason (CnStepReason reason);
/* @fit NULL: no target. */
CnStepCheck cn_verification_check_fit (const CnFit *fit);
CnStepCheck cn_verification_check_availability (const CnAvailabilityCheck *check);
CnStepCheck cn_verification_check_endorsement (CnRelationship relationship,
                                               const char *text,
                                               guint n_unknown_placeholders);
/* Send passes when no earlier step fails unless overridden
 * (@overridden[step] for the first four steps) and none is pending. An
 * endorsement without a relationship cannot be overridden. */
CnStepCheck cn_verification_check_send (const CnStepCheck checks[CN_STEP_SEND],
                                        const gboolean overridden[CN_STEP_SEND]);
/* The first step that keeps the forward from leaving (it fails and is not
 * overridden, or is pending), CN_STEP_SEND when none does: Send passes
 * exactly then. */
CnStep cn_verification_first_blocking_step (const CnStepCheck checks[CN_STEP_SEND],
                                            const gboolean overridden[CN_STEP_SEND]);

G_END_DECLS
