/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The enums' stable strings (cn-enums.h): history events' actions, which the
 * database stores as strings. */

#include "config.h"

#include "cn-enums.h"

/* Every action, with the string the database holds for it: these never
 * change (no migration rewrites the history). */
static const struct
{
  CnEventAction action;
  const char *stored;
} event_actions[] = {
  { CN_EVENT_ACTION_CREATED, "created" },
  { CN_EVENT_ACTION_NEW, "new" },
  { CN_EVENT_ACTION_ASKED, "asked" },
  { CN_EVENT_ACTION_READY, "ready" },
  { CN_EVENT_ACTION_FORWARDED, "forwarded" },
  { CN_EVENT_ACTION_DECLINED, "declined" },
  { CN_EVENT_ACTION_ARCHIVED, "archived" },
  { CN_EVENT_ACTION_COPIED, "copied" },
  { CN_EVENT_ACTION_SEND_FAILED, "send-failed" },
  { CN_EVENT_ACTION_OUTCOME, "outcome" },
  { CN_EVENT_ACTION_OVERRIDE, "override" },
  { CN_EVENT_ACTION_CORRECTED, "corrected" },
  { CN_EVENT_ACTION_FORWARD_COPIED, "forward-copied" },
  { CN_EVENT_ACTION_FORWARD_OPENED, "forward-opened" },
  { CN_EVENT_ACTION_NOT_SENT, "not-sent" },
  { CN_EVENT_ACTION_SCREENED_OUT, "screened-out" },
  { CN_EVENT_ACTION_TRUSTED, "trusted" },
  { CN_EVENT_ACTION_STANDING_CLEARED, "standing-cleared" },
  { CN_EVENT_ACTION_NOT_A_REQUEST, "not-a-request" },
  { CN_EVENT_ACTION_EDITED, "edited" },
};
G_STATIC_ASSERT (G_N_ELEMENTS (event_actions) == CN_EVENT_ACTION_LAST);

static void
test_event_action_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (event_actions); i++)
    {
      const char *str = cn_event_action_to_string (event_actions[i].action);

      g_assert_cmpstr (str, ==, event_actions[i].stored);
      g_assert_cmpint (cn_event_action_from_string (str), ==, event_actions[i].action);
    }

  /* Every value between UNKNOWN and LAST is listed above. */
  for (int action = CN_EVENT_ACTION_UNKNOWN + 1; action <= CN_EVENT_ACTION_LAST; action++)
    g_assert_cmpint (cn_event_action_from_string (cn_event_action_to_string (action)), ==, action);
}

static void
test_event_action_unknown (void)
{
  /* A string another version wrote, or none: unknown, never a crash. */
  g_assert_cmpint (cn_event_action_from_string ("merged"), ==, CN_EVENT_ACTION_UNKNOWN);
  g_assert_cmpint (cn_event_action_from_string ("Forwarded"), ==, CN_EVENT_ACTION_UNKNOWN);
  g_assert_cmpint (cn_event_action_from_string ("forwarded "), ==, CN_EVENT_ACTION_UNKNOWN);
  g_assert_cmpint (cn_event_action_from_string (""), ==, CN_EVENT_ACTION_UNKNOWN);
  g_assert_cmpint (cn_event_action_from_string (NULL), ==, CN_EVENT_ACTION_UNKNOWN);
  g_assert_null (cn_event_action_to_string (CN_EVENT_ACTION_UNKNOWN));
  g_assert_null (cn_event_action_to_string (CN_EVENT_ACTION_LAST + 1));
  g_assert_null (cn_event_action_to_string ((CnEventAction) -1));
}

/* A status change records the status's own id. */
static void
test_event_action_for_status (void)
{
  for (int status = CN_REQUEST_STATUS_NEW; status <= CN_REQUEST_STATUS_LAST; status++)
    g_assert_cmpstr (cn_event_action_to_string (cn_event_action_for_status (status)), ==,
                     cn_request_status_to_string (status));
  g_assert_cmpint (cn_event_action_for_status (CN_REQUEST_STATUS_LAST + 1), ==,
                   CN_EVENT_ACTION_UNKNOWN);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/enums/event-action/round-trip", test_event_action_round_trip);
  g_test_add_func ("/enums/event-action/unknown", test_event_action_unknown);
  g_test_add_func ("/enums/event-action/for-status", test_event_action_for_status);

  return g_test_run ();
}
