/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib.h>

#include "cn-availability.h"
#include "cn-verification.h"

#define ALL_TARGET_ELEMENTS ((1u << CN_N_TARGET_ELEMENTS) - 1)

/* ---- Availability -------------------------------------------------------- */

static void
set_date (GDate *date, guint day, GDateMonth month, guint year)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, month, (GDateYear) year);
}

static char *
iso_in_days (const GDate *today, int days)
{
  GDate d = *today;
  char buf[16];

  if (days >= 0)
    g_date_add_days (&d, (guint) days);
  else
    g_date_subtract_days (&d, (guint) -days);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &d);
  return g_strdup (buf);
}

static void
test_availability_open_and_cap (void)
{
  g_autoptr(CnContact) contact = cn_contact_new ("Ana");
  CnAvailabilityCheck check;
  GDate today;

  set_date (&today, 15, G_DATE_MARCH, 2026);

  /* No cap: any number of forwards. */
  cn_availability_check (contact, 40, &today, &check);
  g_assert_cmpint (check.result, ==, CN_CHECK_PASS);
  g_assert_cmpint (check.reason, ==, CN_AVAILABILITY_REASON_OPEN);
  g_assert_cmpuint (check.forwards, ==, 40);
  g_assert_cmpuint (check.monthly_cap, ==, 0);

  /* A cap of 3: two forwards leave room, three fill it. */
  cn_contact_set_monthly_cap (contact, 3);
  cn_availability_check (contact, 2, &today, &check);
  g_assert_cmpint (check.result, ==, CN_CHECK_PASS);
  g_assert_cmpuint (check.monthly_cap, ==, 3);
  cn_availability_check (contact, 3, &today, &check);
  g_assert_cmpint (check.result, ==, CN_CHECK_FAIL);
  g_assert_cmpint (check.reason, ==, CN_AVAILABILITY_REASON_CAP_REACHED);
  cn_availability_check (contact, 5, &today, &check);
  g_assert_cmpint (check.reason, ==, CN_AVAILABILITY_REASON_CAP_REACHED);

  /* Limited warns, unless the cap is reached: that is more serious. */
  cn_contact_set_availability (contact, CN_AVAILABILITY_LIMITED);
  cn_availability_check (contact, 1, &today, &check);
  g_assert_cmpint (check.result, ==, CN_CHECK_WARN);
  g_assert_cmpint (check.reason, ==, CN_AVAILABILITY_REASON_LIMITED);
  cn_availability_check (contact, 3, &today, &check);
  g_assert_cmpint (check.result, ==, CN_CHECK_FAIL);
  g_assert_cmpint (check.reason, ==, CN_AVAILABILITY_REASON_CAP_REACHED);

  /* Closed beats everything. */
  cn_contact_set_availability (contact, CN_AVAILABILITY_CLOSED);
  cn_availability_check (contact, 0, &today, &check);
  g_assert_cmpint (check.result, ==, CN_CHECK_FAIL);
  g_assert_cmpint (check.reason, ==, CN_AVAILABILITY_REASON_CLOSED);
  cn_availability_check (contact, 9, &today, &check);
  g_assert_cmpint (check.reason, ==, CN_AVAILABILITY_REASON_CLOSED);
}

static void
test_availability_away (void)
{
  g_autoptr(CnContact) contact = cn_contact_new ("Ben");
  CnAvailabilityCheck check;
  GDate today;
  struct
  {
    int days;
    CnCheckResult result;
  } cases[] = {
    { -1, CN_CHECK_PASS }, { 0, CN_CHECK_FAIL }, { 1, CN_CHECK_FAIL }, { 400, CN_CHECK_FAIL }
  };

  /* Across a month end, to check the date arithmetic. */
  set_date (&today, 31, G_DATE_JANUARY, 2026);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *until = iso_in_days (&today, cases[i].days);

      cn_contact_set_away_until (contact, until);
      cn_availability_check (contact, 0, &today, &check);
      g_test_message ("away until %s", until);
      g_assert_cmpint (check.result, ==, cases[i].result);
      if (cases[i].result == CN_CHECK_FAIL)
        {
          GDate expected = today;

          g_assert_cmpint (check.reason, ==, CN_AVAILABILITY_REASON_AWAY);
          g_date_add_days (&expected, (guint) cases[i].days);
          g_assert_true (g_date_valid (&check.away_until));
          g_assert_cmpint (g_date_compare (&check.away_until, &expected), ==, 0);
        }
      else
        g_assert_cmpint (check.reason, ==, CN_AVAILABILITY_REASON_OPEN);
    }

  /* Away beats the cap and "limited"; closed beats away. */
  {
    g_autofree char *tomorrow = iso_in_days (&today, 1);

    cn_contact_set_away_until (contact, tomorrow);
    cn_contact_set_monthly_cap (contact, 1);
    cn_contact_set_availability (contact, CN_AVAILABILITY_LIMITED);
    cn_availability_check (contact, 4, &today, &check);
    g_assert_cmpint (check.reason, ==, CN_AVAILABILITY_REASON_AWAY);
    cn_contact_set_availability (contact, CN_AVAILABILITY_CLOSED);
    cn_availability_check (contact, 4, &today, &check);
    g_assert_cmpint (check.reason, ==, CN_AVAILABILITY_REASON_CLOSED);
  }

  /* A date that cannot be read does not block. */
  cn_contact_set_availability (contact, CN_AVAILABILITY_OPEN);
  cn_contact_set_monthly_cap (contact, 0);
  cn_contact_set_away_until (contact, "someday");
  cn_availability_check (contact, 0, &today, &check);
  g_assert_cmpint (check.result, ==, CN_CHECK_PASS);
  cn_contact_set_away_until (contact, "2026-02-30");
  cn_availability_check (contact, 0, &today, &check);
  g_assert_cmpint (check.result, ==, CN_CHECK_PASS);
  cn_contact_set_away_until (contact, "2026-01-31x");
  cn_availability_check (contact, 0, &today, &check);
  g_assert_cmpint (check.result, ==, CN_CHECK_PASS);
  /* A date and time counts by its date. */
  cn_contact_set_away_until (contact, "2026-01-31T08:00:00");
  cn_availability_check (contact, 0, &today, &check);
  g_assert_cmpint (check.reason, ==, CN_AVAILABILITY_REASON_AWAY);
}

static void
test_availability_no_contact (void)
{
  CnAvailabilityCheck check;
  GDate today;

  set_date (&today, 1, G_DATE_JUNE, 2026);
  cn_availability_check (NULL, 2, &today, &check);
  g_assert_cmpint (check.result, ==, CN_CHECK_FAIL);
  g_assert_cmpint (check.reason, ==, CN_AVAILABILITY_REASON_NO_CONTACT);
}

/* ---- Steps ----------------------------------------------------------------- */

static void
test_step_ids (void)
{
  static const char *const ids[] = { "motivation", "fit", "availability", "endorsement", "send" };

  for (guint i = 0; i < CN_N_STEPS; i++)
    {
      CnStep step = CN_STEP_SEND;

      g_assert_cmpstr (cn_step_to_string ((CnStep) i), ==, ids[i]);
      g_assert_true (cn_step_from_string (ids[i], &step));
      g_assert_cmpint (step, ==, i);
    }
  g_assert_null (cn_step_to_string ((CnStep) CN_N_STEPS));
  g_assert_false (cn_step_from_string ("Fit", NULL));
  g_assert_false (cn_step_from_string (NULL, NULL));
}

static void
assert_check (CnStepCheck check, CnCheckResult result, CnStepReason reason)
{
  g_assert_cmpint (check.result, ==, result);
  g_assert_cmpint (check.reason, ==, reason);
}

static void
test_motivation (void)
{
  guint flag_pushy = 1u << CN_FLAG_PUSHY;
  guint no_why_you = ALL_TARGET_ELEMENTS & ~(1u << CN_ELEMENT_WHY_YOU);
  guint with_reason = ALL_TARGET_ELEMENTS | (1u << CN_ELEMENT_REASON_TO_FORWARD);

  assert_check (cn_verification_check_motivation (CN_VERDICT_NONE, 0, 0, FALSE, FALSE),
                CN_CHECK_PENDING, CN_STEP_REASON_NOT_ANALYSED);
  assert_check (cn_verification_check_motivation (CN_VERDICT_MOTIVATED, ALL_TARGET_ELEMENTS, 0,
                                                  FALSE, FALSE),
                CN_CHECK_PASS, CN_STEP_REASON_MOTIVATED);
  /* The reason to forward is not one of the six target elements. */
  assert_check (cn_verification_check_motivation (CN_VERDICT_MOTIVATED, with_reason, 0, FALSE,
                                                  FALSE),
                CN_CHECK_PASS, CN_STEP_REASON_MOTIVATED);
  assert_check (cn_verification_check_motivation (CN_VERDICT_MOTIVATED, no_why_you, 0, FALSE,
                                                  FALSE),
                CN_CHECK_WARN, CN_STEP_REASON_MOTIVATED_WITH_GAPS);
  assert_check (cn_verification_check_motivation (CN_VERDICT_MOTIVATED, ALL_TARGET_ELEMENTS,
                                                  flag_pushy, FALSE, FALSE),
                CN_CHECK_WARN, CN_STEP_REASON_MOTIVATED_WITH_GAPS);
  /* A common formula is a mild note, not a gap. */
  assert_check (cn_verification_check_motivation (CN_VERDICT_MOTIVATED, ALL_TARGET_ELEMENTS,
                                                  CN_FLAG_MASK_MILD, FALSE, FALSE),
                CN_CHECK_PASS, CN_STEP_REASON_MOTIVATED);
  assert_check (cn_verification_check_motivation (CN_VERDICT_MOTIVATED, ALL_TARGET_ELEMENTS,
                                                  CN_FLAG_MASK_MILD | flag_pushy, FALSE, FALSE),
                CN_CHECK_WARN, CN_STEP_REASON_MOTIVATED_WITH_GAPS);
  assert_check (cn_verification_check_motivation (CN_VERDICT_INCOMPLETE, 0, 0, FALSE, FALSE),
                CN_CHECK_FAIL, CN_STEP_REASON_INCOMPLETE);
  assert_check (cn_verification_check_motivation (CN_VERDICT_INCOMPLETE, ALL_TARGET_ELEMENTS, 0,
                                                  TRUE, FALSE),
                CN_CHECK_FAIL, CN_STEP_REASON_MASS_SENT);
  assert_check (cn_verification_check_motivation (CN_VERDICT_INCOMPLETE, ALL_TARGET_ELEMENTS, 0,
                                                  FALSE, TRUE),
                CN_CHECK_FAIL, CN_STEP_REASON_REPEATED);
  assert_check (cn_verification_check_motivation (CN_VERDICT_UNSUITABLE, ALL_TARGET_ELEMENTS, 0,
                                                  FALSE, FALSE),
                CN_CHECK_FAIL, CN_STEP_REASON_UNSUITABLE);
}

static void
test_fit_step (void)
{
  g_autoptr(CnContact) contact = cn_contact_new ("Claire");
  const char *tags[] = { "outplacement", "reconversion", NULL };
  const char *note = "Je prépare une reconversion et cherche un avis sur l’outplacement.";

  assert_check (cn_verification_check_fit (NULL), CN_CHECK_FAIL, CN_STEP_REASON_NO_TARGET);

  cn_contact_set_expertise (contact, tags);
  {
    g_autoptr(CnFit) fit = cn_fit_compute (note, NULL, "fr", contact);

    g_assert_cmpint (cn_fit_get_level (fit), ==, CN_FIT_GOOD);
    assert_check (cn_verification_check_fit (fit), CN_CHECK_PASS, CN_STEP_REASON_FIT_GOOD);
  }
  {
    g_autoptr(CnFit)
                   fit = cn_fit_compute ("Bonjour, une question sur le vélo.", NULL, "fr", contact);

    g_assert_cmpint (cn_fit_get_level (fit), ==, CN_FIT_NONE);
    assert_check (cn_verification_check_fit (fit), CN_CHECK_FAIL, CN_STEP_REASON_FIT_NONE);
  }
  cn_contact_set_position (contact, "Consultante");
  {
    g_autoptr(CnFit) fit = cn_fit_compute ("Je cherche une consultante pour mon vélo.", NULL, "fr",
                                            contact);

    g_assert_cmpint (cn_fit_get_level (fit), ==, CN_FIT_PARTIAL);
    assert_check (cn_verification_check_fit (fit), CN_CHECK_WARN, CN_STEP_REASON_FIT_PARTIAL);
  }
  /* A good fit for a kind the contact refuses still fails. */
  cn_contact_set_accepted_kinds (contact, CN_REQUEST_KIND_PRESS);
  {
    g_autoptr(CnFit) fit = cn_fit_compute (note, NULL, "fr", contact);

    g_assert_cmpint (cn_fit_get_level (fit), ==, CN_FIT_GOOD);
    g_assert_false (cn_fit_get_kind_accepted (fit));
    assert_check (cn_verification_check_fit (fit), CN_CHECK_FAIL, CN_STEP_REASON_KIND_NOT_ACCEPTED);
  }
}

static void
test_availability_step (void)
{
  CnAvailabilityCheck check = { 0 };

  check.result = CN_CHECK_PASS;
  assert_check (cn_verification_check_availability (&check), CN_CHECK_PASS,
                CN_STEP_REASON_AVAILABILITY);
  check.result = CN_CHECK_WARN;
  check.reason = CN_AVAILABILITY_REASON_LIMITED;
  assert_check (cn_verification_check_availability (&check), CN_CHECK_WARN,
                CN_STEP_REASON_AVAILABILITY);
  check.result = CN_CHECK_FAIL;
  check.reason = CN_AVAILABILITY_REASON_CAP_REACHED;
  assert_check (cn_verification_check_availability (&check), CN_CHECK_FAIL,
                CN_STEP_REASON_AVAILABILITY);
}

static void
test_endorsement (void)
{
  assert_check (cn_verification_check_endorsement (CN_RELATIONSHIP_UNSET, "Je la connais.", 0),
                CN_CHECK_FAIL, CN_STEP_REASON_NO_RELATIONSHIP);
  /* No relationship comes first, even with nothing written. */
  assert_check (cn_verification_check_endorsement (CN_RELATIONSHIP_UNSET, "", 0), CN_CHECK_FAIL,
                CN_STEP_REASON_NO_RELATIONSHIP);
  assert_check (cn_verification_check_endorsement (CN_RELATIONSHIP_PERSONAL, NULL, 0),
                CN_CHECK_FAIL, CN_STEP_REASON_EMPTY_ENDORSEMENT);
  assert_check (cn_verification_check_endorsement (CN_RELATIONSHIP_PERSONAL, " \n\t\u00a0 ", 0),
                CN_CHECK_FAIL, CN_STEP_REASON_EMPTY_ENDORSEMENT);
  assert_check (cn_verification_check_endorsement (CN_RELATIONSHIP_MET_ONCE, "Hi {nmae}", 1),
                CN_CHECK_WARN, CN_STEP_REASON_UNKNOWN_PLACEHOLDERS);
  assert_check (cn_verification_check_endorsement (CN_RELATIONSHIP_DO_NOT_KNOW, "Up to you.", 0),
                CN_CHECK_PASS, CN_STEP_REASON_ENDORSEMENT_READY);
}

static void
test_send (void)
{
  CnStepCheck checks[CN_STEP_SEND] = {
    { CN_CHECK_PASS, CN_STEP_REASON_MOTIVATED },
    { CN_CHECK_WARN, CN_STEP_REASON_FIT_PARTIAL },
    { CN_CHECK_PASS, CN_STEP_REASON_AVAILABILITY },
    { CN_CHECK_WARN, CN_STEP_REASON_UNKNOWN_PLACEHOLDERS },
  };
  gboolean overridden[CN_STEP_SEND] = { FALSE };

  /* Warnings do not block. */
  assert_check (cn_verification_check_send (checks, overridden), CN_CHECK_PASS,
                CN_STEP_REASON_READY_TO_SEND);
  assert_check (cn_verification_check_send (checks, NULL), CN_CHECK_PASS,
                CN_STEP_REASON_READY_TO_SEND);

  /* A failing step blocks until it is overridden. */
  checks[CN_STEP_AVAILABILITY] = (CnStepCheck){ CN_CHECK_FAIL, CN_STEP_REASON_AVAILABILITY };
  assert_check (cn_verification_check_send (checks, overridden), CN_CHECK_FAIL,
                CN_STEP_REASON_BLOCKED);
  overridden[CN_STEP_FIT] = TRUE; /* the wrong step */
  assert_check (cn_verification_check_send (checks, overridden), CN_CHECK_FAIL,
                CN_STEP_REASON_BLOCKED);
  overridden[CN_STEP_AVAILABILITY] = TRUE;
  assert_check (cn_verification_check_send (checks, overridden), CN_CHECK_PASS,
                CN_STEP_REASON_READY_TO_SEND);

  /* Pending when a step cannot be judged yet. */
  checks[CN_STEP_MOTIVATION] = (CnStepCheck){ CN_CHECK_PENDING, CN_STEP_REASON_NOT_ANALYSED };
  g_assert_cmpint (cn_verification_check_send (checks, overridden).result, ==, CN_CHECK_PENDING);
  /* A failure not overridden beats pending. */
  checks[CN_STEP_FIT] = (CnStepCheck){ CN_CHECK_FAIL, CN_STEP_REASON_KIND_NOT_ACCEPTED };
  overridden[CN_STEP_FIT] = FALSE;
  assert_check (cn_verification_check_send (checks, overridden), CN_CHECK_FAIL,
                CN_STEP_REASON_BLOCKED);
  checks[CN_STEP_MOTIVATION] = (CnStepCheck){ CN_CHECK_FAIL, CN_STEP_REASON_MASS_SENT };
  overridden[CN_STEP_MOTIVATION] = overridden[CN_STEP_FIT] = TRUE;
  assert_check (cn_verification_check_send (checks, overridden), CN_CHECK_PASS,
                CN_STEP_REASON_READY_TO_SEND);

  /* No relationship and an empty endorsement cannot be overridden. */
  overridden[CN_STEP_ENDORSEMENT] = TRUE;
  checks[CN_STEP_ENDORSEMENT] = (CnStepCheck){ CN_CHECK_FAIL, CN_STEP_REASON_NO_RELATIONSHIP };
  assert_check (cn_verification_check_send (checks, overridden), CN_CHECK_FAIL,
                CN_STEP_REASON_BLOCKED);
  checks[CN_STEP_ENDORSEMENT] = (CnStepCheck){ CN_CHECK_FAIL, CN_STEP_REASON_EMPTY_ENDORSEMENT };
  assert_check (cn_verification_check_send (checks, overridden), CN_CHECK_FAIL,
                CN_STEP_REASON_BLOCKED);
  checks[CN_STEP_ENDORSEMENT] = (CnStepCheck){ CN_CHECK_PASS, CN_STEP_REASON_ENDORSEMENT_READY };
  assert_check (cn_verification_check_send (checks, overridden), CN_CHECK_PASS,
                CN_STEP_REASON_READY_TO_SEND);
}

/* The step the request list names: the first that fails without an
 * override, or is pending; Send when the forward may leave. */
static void
test_first_blocking_step (void)
{
  CnStepCheck checks[CN_STEP_SEND] = {
    { CN_CHECK_FAIL, CN_STEP_REASON_INCOMPLETE },
    { CN_CHECK_FAIL, CN_STEP_REASON_FIT_NONE },
    { CN_CHECK_WARN, CN_STEP_REASON_AVAILABILITY },
    { CN_CHECK_FAIL, CN_STEP_REASON_NO_RELATIONSHIP },
  };
  gboolean overridden[CN_STEP_SEND] = { FALSE };

  g_assert_cmpint (cn_verification_first_blocking_step (checks, overridden), ==,
                   CN_STEP_MOTIVATION);
  overridden[CN_STEP_MOTIVATION] = TRUE;
  g_assert_cmpint (cn_verification_first_blocking_step (checks, overridden), ==, CN_STEP_FIT);
  overridden[CN_STEP_FIT] = TRUE;
  /* A warning passes; no relationship cannot be overridden. */
  overridden[CN_STEP_ENDORSEMENT] = TRUE;
  g_assert_cmpint (cn_verification_first_blocking_step (checks, overridden), ==,
                   CN_STEP_ENDORSEMENT);
  checks[CN_STEP_ENDORSEMENT] = cn_verification_check_from_reason (
      CN_STEP_REASON_ENDORSEMENT_READY);
  g_assert_cmpint (cn_verification_first_blocking_step (checks, overridden), ==, CN_STEP_SEND);
  g_assert_cmpint (cn_verification_check_send (checks, overridden).result, ==, CN_CHECK_PASS);
  /* Pending blocks, and cannot be overridden. */
  checks[CN_STEP_MOTIVATION] = (CnStepCheck){ CN_CHECK_PENDING, CN_STEP_REASON_NOT_ANALYSED };
  g_assert_cmpint (cn_verification_first_blocking_step (checks, overridden), ==,
                   CN_STEP_MOTIVATION);
}

/* The motivation of a request: its analysis, lowered by the triage's
 * findings, except for a trusted requester; a screened-out one fails. */
static void
test_request_motivation (void)
{
  const guint all = (1u << CN_N_TARGET_ELEMENTS) - 1;

  assert_check (cn_verification_check_request_motivation (CN_REQUESTER_STANDING_NONE,
                                                          CN_VERDICT_MOTIVATED, all, 0, FALSE,
                                                          FALSE, FALSE),
                CN_CHECK_PASS, CN_STEP_REASON_MOTIVATED);
  assert_check (cn_verification_check_request_motivation (CN_REQUESTER_STANDING_NONE,
                                                          CN_VERDICT_MOTIVATED, all, 0, TRUE, FALSE,
                                                          FALSE),
                CN_CHECK_FAIL, CN_STEP_REASON_MASS_SENT);
  assert_check (cn_verification_check_request_motivation (CN_REQUESTER_STANDING_NONE,
                                                          CN_VERDICT_MOTIVATED, all, 0, FALSE, TRUE,
                                                          TRUE),
                CN_CHECK_FAIL, CN_STEP_REASON_REPEATED);
  assert_check (cn_verification_check_request_motivation (CN_REQUESTER_STANDING_TRUSTED,
                                                          CN_VERDICT_MOTIVATED, all, 0, TRUE, TRUE,
                                                          TRUE),
                CN_CHECK_PASS, CN_STEP_REASON_MOTIVATED);
  assert_check (cn_verification_check_request_motivation (CN_REQUESTER_STANDING_SCREENED_OUT,
                                                          CN_VERDICT_MOTIVATED, all, 0, FALSE,
                                                          FALSE, FALSE),
                CN_CHECK_FAIL, CN_STEP_REASON_SCREENED_OUT);
  assert_check (cn_verification_check_request_motivation (CN_REQUESTER_STANDING_NONE,
                                                          CN_VERDICT_NONE, 0, 0, FALSE, FALSE,
                                                          FALSE),
                CN_CHECK_PENDING, CN_STEP_REASON_NOT_ANALYSED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/verification/availability/open-and-cap", test_availability_open_and_cap);
  g_test_add_func ("/verification/availability/away", test_availability_away);
  g_test_add_func ("/verification/availability/no-contact", test_availability_no_contact);
  g_test_add_func ("/verification/step-ids", test_step_ids);
  g_test_add_func ("/verification/motivation", test_motivation);
  g_test_add_func ("/verification/fit", test_fit_step);
  g_test_add_func ("/verification/availability-step", test_availability_step);
  g_test_add_func ("/verification/endorsement", test_endorsement);
  g_test_add_func ("/verification/send", test_send);
  g_test_add_func ("/verification/first-blocking-step", test_first_blocking_step);
  g_test_add_func ("/verification/request-motivation", test_request_motivation);

  return g_test_run ();
}
