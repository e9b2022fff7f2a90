/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The cached local time zone gives the same times as GLib's own. */

#include "cn-local-time.h"

static void
assert_same_local (GDateTime *ours, GDateTime *glib)
{
  g_assert_nonnull (ours);
  g_assert_cmpint (g_date_time_get_utc_offset (ours), ==, g_date_time_get_utc_offset (glib));
  g_assert_cmpint (g_date_time_get_year (ours), ==, g_date_time_get_year (glib));
  g_assert_cmpint (g_date_time_get_day_of_year (ours), ==, g_date_time_get_day_of_year (glib));
  g_assert_cmpint (g_date_time_get_hour (ours), ==, g_date_time_get_hour (glib));
}

static void
test_same_as_glib (void)
{
  /* Winter and summer in Paris: one hour, then two, ahead of UTC. */
  const gint64 times[] = { 1700000000, 1720000000, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(GDateTime) ours = cn_local_from_unix (times[i]);
      g_autoptr(GDateTime) glib = g_date_time_new_from_unix_local (times[i]);

      assert_same_local (ours, glib);
    }
  {
    g_autoptr(GDateTime) winter = cn_local_from_unix (1700000000);
    g_autoptr(GDateTime) summer = cn_local_from_unix (1720000000);

    g_assert_cmpint (g_date_time_get_utc_offset (winter), ==,
                     G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);
    g_assert_cmpint (g_date_time_get_utc_offset (summer), ==,
                     G_GINT64_CONSTANT (7200) * G_USEC_PER_SEC);
  }
  {
    g_autoptr(GDateTime) ours = cn_local_now ();
    g_autoptr(GDateTime) glib = g_date_time_new_now_local ();

    assert_same_local (ours, glib);
  }
  /* Beyond what a GDateTime holds. */
  g_assert_null (cn_local_from_unix (G_MAXINT64));
}

int
main (int argc, char *argv[])
{
  /* Read once, before the first call: the zone is kept from then on. */
  g_setenv ("TZ", "Europe/Paris", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/local-time/same-as-glib", test_same_as_glib);
  return g_test_run ();
}
