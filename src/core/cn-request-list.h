/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cn-store.h"

G_BEGIN_DECLS

#define CN_TYPE_REQUEST_LIST (cn_request_list_get_type ())
G_DECLARE_FINAL_TYPE (CnRequestList, cn_request_list, CN, REQUEST_LIST, GObject)

/* A GListModel of CnRequest over the store, newest first. It holds only the
 * ids; items are read from the store when asked for and a few hundred are
 * cached, so a list of 100,000 requests costs a few hundred kilobytes. It
 * follows the store's "request-added"/"request-changed"/"request-removed"
 * signals with minimal items-changed emissions. */
CnRequestList *cn_request_list_new (CnStore *store);
CnStore *cn_request_list_get_store (CnRequestList *self);
/* Position of a request, or G_MAXUINT. */
guint cn_request_list_find (CnRequestList *self, gint64 request_id);
/* Re-reads the ids from the store (after a bulk change). */
void cn_request_list_reload (CnRequestList *self);
/* Shows only the requests whose current verdict is @verdict (a CnVerdict;
 * CN_VERDICT_NONE: not analysed yet), or all with -1 (the default). The ids
 * are re-read with one "items-changed"; afterwards requests enter and leave
 * the list as they are added or their analysis changes. Also the
 * "verdict-filter" property. */
void cn_request_list_set_verdict_filter (CnRequestList *self, int verdict);
int cn_request_list_get_verdict_filter (CnRequestList *self);

G_END_DECLS
