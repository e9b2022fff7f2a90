/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The campaigns read away from the main thread: tens of thousands of them
 * take seconds to gather, and the Campaigns window shows while they come. */

#include "config.h"

#include "cn-store-private.h"
#include "cn-store.h"

/* The task's data: where the worker leaves the campaigns. */
typedef struct
{
  GPtrArray *campaigns;
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_pointer (&data->campaigns, g_ptr_array_unref);
  g_free (data);
}

static gboolean
list_campaigns_worker (
    GTask *task, CnStore *worker, gpointer task_data, GCancellable *cancellable, GError **error)
{
  ListData *data = task_data;

  data->campaigns = cn_store_list_campaigns (worker, error);
  return data->campaigns != NULL;
}

void
cn_store_list_campaigns_async (CnStore *self,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (CN_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cn_store_list_campaigns_async);
  g_task_set_task_data (task, g_new0 (ListData, 1), (GDestroyNotify) list_data_free);
  _cn_store_run_in_worker (task, list_campaigns_worker);
}

GPtrArray *
cn_store_list_campaigns_finish (CnStore *self, GAsyncResult *result, GError **error)
{
  ListData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cn_store_list_campaigns_async,
                        NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  data = g_task_get_task_data (G_TASK (result));
  return g_steal_pointer (&data->campaigns);
}
