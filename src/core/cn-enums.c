/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

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
