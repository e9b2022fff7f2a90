/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Values are stored in the database: never renumber them. */
typedef enum {
  CN_REQUEST_STATUS_NEW = 0,
  CN_REQUEST_STATUS_ASKED = 1, /* asked the requester to state their objective */
  CN_REQUEST_STATUS_READY = 2, /* verified, ready to forward */
  CN_REQUEST_STATUS_FORWARDED = 3,
  CN_REQUEST_STATUS_DECLINED = 4,
  CN_REQUEST_STATUS_ARCHIVED = 5,
} CnRequestStatus;
#define CN_REQUEST_STATUS_LAST CN_REQUEST_STATUS_ARCHIVED

typedef enum {
  CN_AVAILABILITY_OPEN = 0,
  CN_AVAILABILITY_LIMITED = 1,
  CN_AVAILABILITY_CLOSED = 2,
} CnAvailability;

typedef enum {
  CN_TIE_UNKNOWN = 0,
  CN_TIE_WEAK = 1,
  CN_TIE_STRONG = 2,
} CnTieStrength;

/* Kinds of request a contact accepts; a bit mask in the database. */
typedef enum {
  CN_REQUEST_KIND_NONE = 0,
  CN_REQUEST_KIND_JOB_SEARCH = 1 << 0,
  CN_REQUEST_KIND_RECRUITING = 1 << 1,
  CN_REQUEST_KIND_BUSINESS = 1 << 2,
  CN_REQUEST_KIND_INVESTMENT = 1 << 3,
  CN_REQUEST_KIND_PRESS = 1 << 4,
  CN_REQUEST_KIND_ADVICE = 1 << 5,
  CN_REQUEST_KIND_OTHER = 1 << 6,
} CnRequestKind;
#define CN_REQUEST_KIND_ALL 0x7f

/* Stable identifiers, for the command line and exports ("new", "asked", …). */
const char *cn_request_status_to_string (CnRequestStatus status);
gboolean cn_request_status_from_string (const char *str, CnRequestStatus *out_status);
/* Translated words for the user ("New", "Asked for motivation", …). */
const char *cn_request_status_get_label (CnRequestStatus status);

const char *cn_availability_get_label (CnAvailability availability);

G_END_DECLS
