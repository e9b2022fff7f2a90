/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-local-time.h"

#define REREAD_USEC (60 * G_USEC_PER_SEC)

static GMutex lock;
static GTimeZone *zone;
static gint64 read_at;

GTimeZone *
cn_local_time_zone (void)
{
  gint64 now = g_get_monotonic_time ();
  GTimeZone *result;

  g_mutex_lock (&lock);
  /* A change of zone (travel, daylight rules) shows within a minute. */
  if (zone == NULL || now - read_at >= REREAD_USEC)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      zone = g_time_zone_new_local ();
      read_at = now;
    }
  result = g_time_zone_ref (zone);
  g_mutex_unlock (&lock);
  return result;
}

GDateTime *
cn_local_now (void)
{
  g_autoptr(GTimeZone) local = cn_local_time_zone ();

  return g_date_time_new_now (local);
}

GDateTime *
cn_local_from_unix (gint64 unix_time)
{
  g_autoptr(GTimeZone) local = cn_local_time_zone ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);

  return utc != NULL ? g_date_time_to_timezone (utc, local) : NULL;
}
