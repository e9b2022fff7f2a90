/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cn-contact.h"

G_BEGIN_DECLS

/* Can the contact take one more introduction now? Pure: the caller counts
 * the forwards (cn_store_count_forwards_to_contact() over the last
 * CN_AVAILABILITY_WINDOW_DAYS days). */

#define CN_AVAILABILITY_WINDOW_DAYS 30

typedef enum {
  CN_CHECK_PASS = 0,
  CN_CHECK_WARN = 1,
  CN_CHECK_FAIL = 2,
  CN_CHECK_PENDING = 3, /* cannot be judged yet (not analysed, nothing chosen) */
} CnCheckResult;

typedef enum {
  CN_AVAILABILITY_REASON_OPEN = 0,    /* pass */
  CN_AVAILABILITY_REASON_LIMITED,     /* warn: the contact asked to be spared */
  CN_AVAILABILITY_REASON_CLOSED,      /* fail */
  CN_AVAILABILITY_REASON_AWAY,        /* fail: away until a later date */
  CN_AVAILABILITY_REASON_CAP_REACHED, /* fail: forwards in the window >= monthly cap */
  CN_AVAILABILITY_REASON_NO_CONTACT,  /* fail: the request names no contact */
} CnAvailabilityReason;

typedef struct
{
  CnCheckResult result;
  /* The most serious reason (closed, then away, then cap, then limited). */
  CnAvailabilityReason reason;
  guint forwards;    /* forwards counted in the window */
  guint monthly_cap; /* 0: no cap */
  GDate away_until;  /* valid only when reason is AWAY */
} CnAvailabilityCheck;

/* @today: the local date to judge "away until" against (away until today
 * still blocks; the day after does not). @contact may be NULL. */
void cn_availability_check (CnContact *contact,
                            guint forwards_in_window,
                            const GDate *today,
                            CnAvailabilityCheck *out_check);

/* The same check from the contact's stored values (the request list reads
 * them with each request, without loading the contact). */
void cn_availability_check_values (CnAvailability availability,
                                   const char *away_until,
                                   guint monthly_cap,
                                   guint forwards_in_window,
                                   const GDate *today,
                                   CnAvailabilityCheck *out_check);
/* The local date, for @today. */
void cn_availability_today (GDate *out_today);
/* Unix time CN_AVAILABILITY_WINDOW_DAYS days ago: forwards since count. */
gint64 cn_availability_window_start (void);

/* The introductions of the window in words, against the contact's limit
 * (@cap 0: none): "Introductions in the last 30 days: 1 of 4". The counted
 * number and the limit each stand alone, so that every language agrees. */
char *cn_availability_describe_forwards (guint forwards, guint cap);

G_END_DECLS
