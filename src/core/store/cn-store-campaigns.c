/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The campaigns read away from the main thread: tens of thousands of them
 * take seconds to gather, and the Campaigns window shows while they come.
 * What was read is kept while the database stays as it was then, so that the
 * window opens again at once: the same rows, without a worker or a frame of
 * "Reading the campaigns…". */

#include "config.h"

#include "cn-store-private.h"
#include "cn-store.h"

/* The task's data: where the worker leaves the campaigns, and the state of
 * the database before it read them (keyed: known). */
typedef struct
{
  GPtrArray *campaigns;
  gboolean keyed;
  gint64 changes;
  int version;
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_pointer (&data->campaigns, g_ptr_array_unref);
  g_free (data);
}

static GPtrArray *
copy_campaigns (GPtrArray *campaigns)
{
  GPtrArray *copy = g_ptr_array_new_full (campaigns->len, (GDestroyNotify) cn_campaign_free);

  for (guint i = 0; i < campaigns->len; i++)
    g_ptr_array_add (copy, cn_campaign_copy (g_ptr_array_index (campaigns, i)));
  return copy;
}

/* The state of the database as this connection sees it: the rows it changed
 * (rolled back or not) and the commits of every other connection. Unknown
 * inside a transaction, whose changes a worker does not see. */
static gboolean
get_database_state (CnStore *self, gint64 *out_changes, int *out_version)
{
  if (!sqlite3_get_autocommit (self->db))
    return FALSE;
  *out_changes = sqlite3_total_changes64 (self->db);
  return _cn_store_query_int (self, "PRAGMA data_version", out_version) == SQLITE_OK;
}

void
_cn_store_drop_campaigns_read (CnStore *self)
{
  g_clear_pointer (&self->campaigns_read, g_ptr_array_unref);
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
  ListData *data;

  g_return_if_fail (CN_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cn_store_list_campaigns_async);
  data = g_new0 (ListData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);
  data->keyed = get_database_state (self, &data->changes, &data->version);
  if (data->keyed && self->campaigns_read != NULL &&
      data->changes == self->campaigns_read_changes &&
      data->version == self->campaigns_read_version)
    {
      /* From the main loop all the same: GTask defers a task returned at once. */
      data->campaigns = copy_campaigns (self->campaigns_read);
      g_task_return_boolean (task, TRUE);
      return;
    }
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
  /* Read from a snapshot taken after the state noted: kept for that state,
   * and read again at any change, even one made during the reading. */
  if (data->keyed &&
      (self->campaigns_read == NULL || self->campaigns_read_changes != data->changes ||
       self->campaigns_read_version != data->version))
    {
      _cn_store_drop_campaigns_read (self);
      self->campaigns_read = copy_campaigns (data->campaigns);
      self->campaigns_read_changes = data->changes;
      self->campaigns_read_version = data->version;
    }
  return g_steal_pointer (&data->campaigns);
}
