/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The local time zone, read again at most once a minute. GLib 2.74 reads
 * /etc/localtime again at every g_date_time_new_now_local() or
 * g_date_time_to_local() when TZ is unset (three system calls each), which
 * lists of thousands of dated rows pay for row by row. Thread-safe. */
GTimeZone *cn_local_time_zone (void);
/* Now, in the local time zone. */
GDateTime *cn_local_now (void);
/* @unix_time in the local time zone, or NULL when out of range. */
GDateTime *cn_local_from_unix (gint64 unix_time);

G_END_DECLS
