/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cn-analyzer.h"
#include "cn-store.h"

G_BEGIN_DECLS

/* Analysing the stored requests, so that the store itself never needs an
 * analyzer. Analyses are stored under cn_analyzer_get_version(), which
 * becomes the store's analyzer version. */

/* Called in the main context of the caller of the _async function, with
 * @done never decreasing. */
typedef void (*CnAnalysisProgressFunc) (guint done, guint total, gpointer user_data);

/* Analyses every request that lacks an analysis by this analyzer's version,
 * newest first, in a worker thread with its own connection to the database:
 * results are written in transactions of a few hundred, so a cancel or a
 * kill leaves whole batches and the rest pending. The store emits
 * "analyses-changed" in the main context as batches land (at most a few times
 * a second) and once at the end, before @callback runs. @progress_data must
 * stay valid until @callback has run. On a read-only store it saves nothing
 * and succeeds at once. */
void cn_store_analyze_pending_async (CnStore *store,
                                     CnAnalyzer *analyzer,
                                     GCancellable *cancellable,
                                     CnAnalysisProgressFunc progress,
                                     gpointer progress_data,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
/* FALSE with G_IO_ERROR_CANCELLED after a cancel, or a CN_STORE_ERROR.
 * @out_n_analysed gets how many analyses were saved, even on failure. */
gboolean cn_store_analyze_pending_finish (CnStore *store,
                                          GAsyncResult *result,
                                          guint *out_n_analysed,
                                          GError **error);

/* What the analyzer needs to know of a request, the same for the window,
 * the background check and cn_store_analyze_request(): its notes (an empty
 * note to the connector counts as none) and its target contact's details.
 * The strings belong to request and *out_contact (NULL when the request
 * names no contact), which the caller keeps while it uses input. */
void cn_store_get_analysis_input (CnStore *store,
                                  CnRequest *request,
                                  CnAnalysisInput *input,
                                  CnContact **out_contact);

/* Analyses one request right away (a new or edited one: a few microseconds)
 * and stores the result, emitting "request-changed". Returns the full
 * analysis, with its spans and evidence and the connector's corrections, or NULL with @error set.
 */
CnAnalysis *
cn_store_analyze_request (CnStore *store, CnAnalyzer *analyzer, gint64 request_id, GError **error);

G_END_DECLS
