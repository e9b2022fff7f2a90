/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A full disk on demand, for SQLite: installs (once) a VFS over the default
 * one that, while the disk is "full", fails writes and the growth of the
 * shared-memory index the way a real full disk does (an I/O error whose
 * system error is ENOSPC). Databases opened afterwards use it. */
void cn_test_full_disk_install (void);
void cn_test_full_disk_set (gboolean full);

G_END_DECLS
