/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-availability.h"
#include "cn-local-time.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

/* TRUE when @iso is a valid YYYY-MM-DD date on or after @today. */
static gboolean
away_until_blocks (const char *iso, const GDate *today, GDate *out_date)
{
  guint y, m, d;
  char tail;

  if (iso == NULL || today == NULL || !g_date_valid (today))
    return FALSE;
  /* A date, or the date of a date and time. */
  switch (sscanf (iso, "%4u-%2u-%2u%c", &y, &m, &d, &tail))
    {
    case 3:
      break;
    case 4:
      if (tail != 'T' && tail != ' ')
        return FALSE;
      break;
    default:
      return FALSE;
    }
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, d, m, y);
  return g_date_compare (out_date, today) >= 0;
}

void
cn_availability_check_values (CnAvailability availability,
                              const char *away_until,
                              guint monthly_cap,
                              guint forwards_in_window,
                              const GDate *today,
                              CnAvailabilityCheck *out_check)
{
  GDate away;

  g_return_if_fail (out_check != NULL);

  memset (out_check, 0, sizeof *out_check);
  g_date_clear (&out_check->away_until, 1);
  out_check->forwards = forwards_in_window;
  out_check->monthly_cap = monthly_cap;

  /* Most serious first: closed, away, cap, limited. */
  if (availability == CN_AVAILABILITY_CLOSED)
    {
      out_check->result = CN_CHECK_FAIL;
      out_check->reason = CN_AVAILABILITY_REASON_CLOSED;
    }
  else if (away_until_blocks (away_until, today, &away))
    {
      out_check->result = CN_CHECK_FAIL;
      out_check->reason = CN_AVAILABILITY_REASON_AWAY;
      out_check->away_until = away;
    }
  else if (monthly_cap > 0 && forwards_in_window >= monthly_cap)
    {
      out_check->result = CN_CHECK_FAIL;
      out_check->reason = CN_AVAILABILITY_REASON_CAP_REACHED;
    }
  else if (availability == CN_AVAILABILITY_LIMITED)
    {
      out_check->result = CN_CHECK_WARN;
      out_check->reason = CN_AVAILABILITY_REASON_LIMITED;
    }
  else
    {
      out_check->result = CN_CHECK_PASS;
      out_check->reason = CN_AVAILABILITY_REASON_OPEN;
    }
}

void
cn_availability_check (CnContact *contact,
                       guint forwards_in_window,
                       const GDate *today,
                       CnAvailabilityCheck *out_check)
{
  g_return_if_fail (out_check != NULL);

  if (contact == NULL)
    {
      memset (out_check, 0, sizeof *out_check);
      g_date_clear (&out_check->away_until, 1);
      out_check->forwards = forwards_in_window;
      out_check->result = CN_CHECK_FAIL;
      out_check->reason = CN_AVAILABILITY_REASON_NO_CONTACT;
      return;
    }
  cn_availability_check_values (cn_contact_get_availability (contact),
                                cn_contact_get_away_until (contact),
                                cn_contact_get_monthly_cap (contact), forwards_in_window, today,
                                out_check);
}

void
cn_availability_today (GDate *out_today)
{
  g_autoptr (GDateTime) now = cn_local_now ();

  g_date_clear (out_today, 1);
  g_date_set_dmy (out_today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

gint64
cn_availability_window_start (void)
{
  return g_get_real_time () / G_USEC_PER_SEC - (gint64) CN_AVAILABILITY_WINDOW_DAYS * 24 * 3600;
}

char *
cn_availability_describe_forwards (guint forwards, guint cap)
{
  guint days = CN_AVAILABILITY_WINDOW_DAYS;

  if (cap == 0)
    return g_strdup_printf (ngettext ("%u introduction in the last %u days",
                                      "%u introductions in the last %u days", forwards),
                            forwards, days);
  if (forwards >= cap)
    /* Translators: the days, then the introductions in them and the contact's limit */
    return g_strdup_printf (ngettext ("Introductions in the last %u day: %u of %u, limit reached",
                                      "Introductions in the last %u days: %u of %u, limit reached",
                                      days),
                            days, forwards, cap);
  /* Translators: the days, then the introductions in them and the contact's limit */
  return g_strdup_printf (ngettext ("Introductions in the last %u day: %u of %u",
                                    "Introductions in the last %u days: %u of %u", days),
                          days, forwards, cap);
}
