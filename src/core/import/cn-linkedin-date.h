/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Unix time (UTC) of the dates LinkedIn exports write: "30 May 2024",
 * "2023-06-11 15:33:58 UTC", "2024-05-30", "1/8/18, 6:14 PM" (US order),
 * "01-Jul-25". 0 when unknown. */
gint64 _cn_linkedin_parse_date (const char *text);

G_END_DECLS
