/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How the app hands memory back to the system: glibc keeps what a program
 * frees for its next allocations, and a long-running window that builds
 * and drops big views (a list of 1,500 campaigns, 100,000 requests) would
 * otherwise keep its largest moment resident. Without glibc, nothing. */

/* Before any thread starts: at most two malloc arenas, one for the main
 * thread and one for the workers. */
void cn_memory_limit_arenas (void);

/* Once the main loop is idle, gives the free pages of the heap back to the
 * system; calls made before then count once. For after dropping something
 * big; from the main thread. */
void cn_memory_release_when_idle (void);

G_END_DECLS
