/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* Which requests the list shows by what the triage found. */
typedef enum {
  CN_TRIAGE_FILTER_ALL = 0,
  CN_TRIAGE_FILTER_MASS_SENT = 1, /* only the requests of a campaign */
  CN_TRIAGE_FILTER_REPEATED = 2,  /* only the repeated requests */
} CnTriageFilter;
#define CN_TRIAGE_FILTER_LAST CN_TRIAGE_FILTER_REPEATED

#define CN_TYPE_REQUEST_LIST (cn_request_list_get_type ())
G_DECLARE_FINAL_TYPE (CnRequestList, cn_request_list, CN, REQUEST_LIST, GObject)

/* A GListModel of CnRequest over the store, newest first. It holds only the
 * ids; items are read from the store when asked for and a few hundred are
 * cached, so a list of 100,000 requests costs a few hundred kilobytes. It
 * follows the store's "request-added"/"request-changed"/"request-removed"
 * signals with minimal items-changed emissions. */
CnRequestList *cn_request_list_new (CnStore *store);
/* The same list reading its ids on a worker connection: it is empty at
 * first, and each reload (a filter, the view, the search, a bulk change)
 * keeps the ids on show until the new ones come. Meanwhile "loading" is TRUE;
 * requests added, changed or removed meanwhile are not missed. For the
 * window: with 100,000 requests, the main loop never waits for them. */
CnRequestList *cn_request_list_new_in_background (CnStore *store);
/* A background reload is under way (also the "loading" property). */
gboolean cn_request_list_is_loading (CnRequestList *self);
CnStore *cn_request_list_get_store (CnRequestList *self);
/* Position of a request, or G_MAXUINT. */
guint cn_request_list_find (CnRequestList *self, gint64 request_id);
/* Re-reads the ids from the store (after a bulk change). */
void cn_request_list_reload (CnRequestList *self);
/* Shows only the requests whose current effective verdict
 * (cn_request_get_effective_verdict()) is @verdict (a CnVerdict;
 * CN_VERDICT_NONE: not analysed yet), or all with -1 (the default). The ids
 * are re-read with one "items-changed" (two or three around the anchor, see
 * cn_request_list_set_anchor()); afterwards requests enter and leave
 * the list as they are added or their analysis changes. Also the
 * "verdict-filter" property. */
void cn_request_list_set_verdict_filter (CnRequestList *self, int verdict);
int cn_request_list_get_verdict_filter (CnRequestList *self);
/* Shows only the mass-sent or the repeated requests (combined with the
 * verdict filter), or all (the default); filtered in the database. Also the
 * "triage-filter" property (an int holding a CnTriageFilter). */
void cn_request_list_set_triage_filter (CnRequestList *self, CnTriageFilter filter);
CnTriageFilter cn_request_list_get_triage_filter (CnRequestList *self);
/* Sets both filters with one reload (one "items-changed" burst). */
void cn_request_list_set_filters (CnRequestList *self, int verdict, CnTriageFilter filter);

/* The request a selection over the list holds (0: none). A reload announces
 * its changes around it, in two or three "items-changed", so that a
 * GtkSingleSelection keeps it without reading every new item. */
void cn_request_list_set_anchor (CnRequestList *self, gint64 request_id);

/* The inbox's view (To do, Handled, All; the default is All), combined with
 * the filters above; requests leave and enter it as their status changes. */
void cn_request_list_set_view (CnRequestList *self, CnRequestView view);
CnRequestView cn_request_list_get_view (CnRequestList *self);
/* Shows only the requests that have every word of @text (see
 * cn_store_list_request_ids_query()); NULL or blank shows them all. */
void cn_request_list_set_search (CnRequestList *self, const char *text);
const char *cn_request_list_get_search (CnRequestList *self);

/* Keeps a request out of the list, or lets it back: a request deleted in the
 * window stays in the store until its Undo is gone. */
void cn_request_list_set_hidden (CnRequestList *self, gint64 request_id, gboolean hidden);

G_END_DECLS
