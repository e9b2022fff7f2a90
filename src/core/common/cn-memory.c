/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-memory.h"

/* After a libc header: glibc says who it is in <features.h>. */
#ifdef __GLIBC__
#include <malloc.h>
#endif

void
cn_memory_limit_arenas (void)
{
#ifdef __GLIBC__
  /* Each thread that loads, analyses or imports would get an arena of its
   * own (up to eight per core), and what the main thread frees of theirs
   * stays reserved there. */
  mallopt (M_ARENA_MAX, 2);
#endif
}

#ifdef __GLIBC__
static guint release_source;

static gboolean
release_cb (gpointer data)
{
  release_source = 0;
  malloc_trim (0);
  return G_SOURCE_REMOVE;
}
#endif

void
cn_memory_release_when_idle (void)
{
#ifdef __GLIBC__
  if (release_source == 0)
    release_source = g_idle_add_full (G_PRIORITY_LOW, release_cb, NULL, NULL);
#endif
}
