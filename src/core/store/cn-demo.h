/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-store.h"

G_BEGIN_DECLS

/* Loads the example contacts and requests (FR and EN) in one transaction.
 * They are ordinary data: the user may edit or delete them. Returns the number
 * of requests added, or -1 with error set (and nothing added). */
int cn_demo_load (CnStore *store, GError **error);

G_END_DECLS
