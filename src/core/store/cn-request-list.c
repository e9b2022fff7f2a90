/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-request-list.h"
#include "cn-store-private.h"

/* How many recently used requests stay loaded even when nobody holds them:
 * a few screens of rows, so scrolling back and forth does not hit the disk. */
#define RING_SIZE 256

struct _CnRequestList
{
  GObject parent_instance;

  CnStore *store;
  /* -1: all requests; otherwise only those with this CnVerdict. */
  int verdict_filter;
  CnTriageFilter triage_filter;
  CnRequestView view;
  char *search;        /* as typed; NULL: none */
  GHashTable *hidden;  /* gint64 ids kept out of the list (deleted, waiting for Undo) */
  gint64 anchor;       /* the request a selection holds, or 0 */
  guint reload_frozen; /* > 0: filters change, the reload waits */
  gboolean reload_pending;
  /* gint64 ids, newest first: 8 bytes per request. */
  GArray *ids;
  /* Every request's id, newest first, whatever the filters; NULL once a
   * request came, went or changed, until the next reload reads them. */
  GArray *all_ids;
  /* id → CnRequest, not owned: every item handed out that is still alive, so
   * that one request is always one object and can be updated in place. */
  GHashTable *live;
  /* Strong references to the last RING_SIZE items handed out. */
  CnRequest *ring[RING_SIZE];
  guint ring_next;

  /* Reloads read the ids on a worker connection (the window's list): the
   * main loop goes on while 100,000 rows are filtered. */
  gboolean background;
  GCancellable *loading; /* the reload under way, or NULL */
  gboolean load_again;   /* filters or the store changed meanwhile: its ids are stale */
  GHashTable *touched;   /* gint64 ids added, changed or removed meanwhile */
  /* The store changed, not only the filters: the items handed out are read
   * again at the next reload. */
  gboolean refresh_items;
  /* The rows the worker read ahead for the last reload, held until the next
   * one: the ring alone would drop some before a view asks for them. */
  GPtrArray *read_ahead;
};

static void cn_request_list_model_init (GListModelInterface *iface);
static void start_load (CnRequestList *self);
static void reload (CnRequestList *self, gboolean refresh_items);

G_DEFINE_FINAL_TYPE_WITH_CODE (CnRequestList,
                               cn_request_list,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cn_request_list_model_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_N_ITEMS,
  PROP_VERDICT_FILTER,
  PROP_TRIAGE_FILTER,
  PROP_BACKGROUND,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
on_item_finalized (gpointer data, GObject *where_the_object_was)
{
  CnRequestList *self = data;
  GHashTableIter iter;
  gpointer value;

  /* The object is going away: its id may no longer be readable, so look
   * for it by address (the table holds a few hundred entries at most). */
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (value == (gpointer) where_the_object_was)
        {
          g_hash_table_iter_remove (&iter);
          break;
        }
    }
}

static void
track (CnRequestList *self, CnRequest *request)
{
  gint64 *key = g_new (gint64, 1);

  *key = cn_request_get_id (request);
  g_object_weak_ref (G_OBJECT (request), on_item_finalized, self);
  g_hash_table_replace (self->live, key, request);
}

static void
untrack (CnRequestList *self, gint64 id)
{
  CnRequest *request = g_hash_table_lookup (self->live, &id);

  if (request == NULL)
    return;

  g_object_weak_unref (G_OBJECT (request), on_item_finalized, self);
  g_hash_table_remove (self->live, &id);
}

static void
untrack_all (CnRequestList *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (G_OBJECT (value), on_item_finalized, self);
  g_hash_table_remove_all (self->live);
}

static void
remember (CnRequestList *self, CnRequest *request)
{
  /* Unreffing the evicted item may finalize it, which edits self->live:
   * harmless here, nothing iterates it. */
  g_set_object (&self->ring[self->ring_next], request);
  self->ring_next = (self->ring_next + 1) % RING_SIZE;
}

static void
forget_ring (CnRequestList *self)
{
  for (guint i = 0; i < RING_SIZE; i++)
    g_clear_object (&self->ring[i]);
  self->ring_next = 0;
}

static void
copy_request (CnRequest *dest, CnRequest *src)
{
  g_object_freeze_notify (G_OBJECT (dest));
  cn_request_set_requester_id (dest, cn_request_get_requester_id (src));
  cn_request_set_requester_name (dest, cn_request_get_requester_name (src));
  cn_request_set_requester_email (dest, cn_request_get_requester_email (src));
  cn_request_set_requester_profile_url (dest, cn_request_get_requester_profile_url (src));
  cn_request_set_target_id (dest, cn_request_get_target_id (src));
  cn_request_set_target_name (dest, cn_request_get_target_name (src));
  cn_request_set_received_at (dest, cn_request_get_received_at (src));
  cn_request_set_source (dest, cn_request_get_source (src));
  cn_request_set_source_ref (dest, cn_request_get_source_ref (src));
  cn_request_set_note_to_connector (dest, cn_request_get_note_to_connector (src));
  cn_request_set_note_to_target (dest, cn_request_get_note_to_target (src));
  cn_request_set_status (dest, cn_request_get_status (src));
  cn_request_set_outcome (dest, cn_request_get_outcome (src));
  cn_request_set_analysis_summary (dest, cn_request_get_verdict (src), cn_request_get_score (src),
                                   cn_request_get_element_mask (src),
                                   cn_request_get_flag_mask (src));
  cn_request_set_list_state (dest, cn_request_get_handoff (src),
                             cn_request_get_contact_block (src));
  cn_request_set_step_state (dest, cn_request_get_fit_reason (src),
                             cn_request_get_endorsement_reason (src),
                             cn_request_get_overridden_steps (src));
  cn_request_set_triage_summary (dest, cn_request_get_campaign_id (src),
                                 cn_request_get_campaign_size (src), cn_request_get_mass_sent (src),
                                 cn_request_get_repeated (src), cn_request_get_repeat_count (src),
                                 cn_request_get_repeated_after_refusal (src));
  cn_request_set_requester_standing (dest, cn_request_get_requester_standing (src),
                                     cn_request_get_requester_standing_at (src));
  g_object_thaw_notify (G_OBJECT (dest));
}

/* Re-reads a live item in place, so rows and panes showing it update through
 * notify. Returns FALSE when the request is gone from the store. */
static gboolean
refresh_live (CnRequestList *self, CnRequest *request)
{
  g_autoptr(CnRequest) fresh = NULL;

  fresh = cn_store_get_list_request (self->store, cn_request_get_id (request), NULL);
  if (fresh == NULL)
    return FALSE;

  copy_request (request, fresh);
  return TRUE;
}

/* Re-reads every live item in place. */
static void
refresh_all_live (CnRequestList *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  /* Hold them while refreshing: notify handlers may drop the last reference. */
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (items, g_object_ref (value));

  for (guint i = 0; i < items->len; i++)
    {
      CnRequest *request = g_ptr_array_index (items, i);

      if (!refresh_live (self, request))
        untrack (self, cn_request_get_id (request));
    }
}

static CnRequestQuery
get_query (CnRequestList *self)
{
  CnRequestQuery query = CN_REQUEST_QUERY_INIT;

  query.verdict = self->verdict_filter;
  query.mass_sent_only = self->triage_filter == CN_TRIAGE_FILTER_MASS_SENT;
  query.repeated_only = self->triage_filter == CN_TRIAGE_FILTER_REPEATED;
  query.view = self->view;
  query.search = self->search;
  return query;
}

/* A forward counts against its contact's limit: the contact's other requests
 * on show may have become blocked, or free again (undo). */
static void
refresh_live_of_contact (CnRequestList *self, gint64 contact_id, gint64 except_id)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  if (contact_id <= 0)
    return;
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (cn_request_get_target_id (value) == contact_id && cn_request_get_id (value) != except_id)
      g_ptr_array_add (items, g_object_ref (value));

  for (guint i = 0; i < items->len; i++)
    {
      CnRequest *request = g_ptr_array_index (items, i);

      if (!refresh_live (self, request))
        untrack (self, cn_request_get_id (request));
    }
}

static gboolean
is_filtered (CnRequestList *self)
{
  return self->verdict_filter >= 0 || self->triage_filter != CN_TRIAGE_FILTER_ALL ||
         self->view != CN_REQUEST_VIEW_ALL || self->search != NULL;
}

static gboolean
matches_filter (CnRequestList *self, gint64 id)
{
  CnRequestQuery query = get_query (self);

  if (g_hash_table_contains (self->hidden, &id))
    return FALSE;
  return !is_filtered (self) || cn_store_request_matches_query (self->store, id, &query);
}

static void
forget_all_ids (CnRequestList *self)
{
  g_clear_pointer (&self->all_ids, g_array_unref);
}

/* Drops the hidden requests from @ids, in place. */
static GArray *
without_hidden (CnRequestList *self, GArray *ids)
{
  guint kept = 0;

  if (ids == NULL || g_hash_table_size (self->hidden) == 0)
    return ids;
  for (guint i = 0; i < ids->len; i++)
    if (!g_hash_table_contains (self->hidden, &g_array_index (ids, gint64, i)))
      g_array_index (ids, gint64, kept++) = g_array_index (ids, gint64, i);
  g_array_set_size (ids, kept);
  return ids;
}

static GArray *
list_ids (CnRequestList *self, GError **error)
{
  CnRequestQuery query = get_query (self);

  if (self->all_ids == NULL)
    self->all_ids = cn_store_list_request_ids (self->store, error);
  if (self->all_ids == NULL)
    return NULL;
  return without_hidden (self,
                         _cn_store_filter_request_ids (self->store, self->all_ids, &query, error));
}

static gint64
id_at (CnRequestList *self, guint position)
{
  return g_array_index (self->ids, gint64, position);
}

/* Where a new request goes, by binary search over the store's received_at
 * values (about 17 lookups for 100,000 rows). G_MAXUINT when the ids are
 * out of step with the store. */
static guint
sorted_position (CnRequestList *self, gint64 id, gint64 received_at)
{
  guint lo = 0;
  guint hi = self->ids->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 mid_id = id_at (self, mid);
      gint64 mid_at;

      if (!cn_store_get_request_received_at (self->store, mid_id, &mid_at))
        return G_MAXUINT;

      /* Does the row at mid come after the new one (older, or same time and lower id)? */
      if (mid_at < received_at || (mid_at == received_at && mid_id < id))
        hi = mid;
      else
        lo = mid + 1;
    }

  return lo;
}

static void
notify_n_items (CnRequestList *self, guint removed, guint added)
{
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Signal callbacks */

/* Puts a request that is not in the list at its place. */
static void
insert_sorted (CnRequestList *self, gint64 id)
{
  gint64 received_at;
  guint position;

  if (!cn_store_get_request_received_at (self->store, id, &received_at))
    return;

  position = sorted_position (self, id, received_at);
  if (position == G_MAXUINT)
    {
      reload (self, TRUE);
      return;
    }

  /* A deleted id can be reused by SQLite: never serve the old object for it. */
  untrack (self, id);
  g_array_insert_val (self->ids, position, id);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  notify_n_items (self, 0, 1);
}

static void
remove_at (CnRequestList *self, guint position)
{
  g_array_remove_index (self->ids, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  notify_n_items (self, 1, 0);
}

/* Whether the request at @position still sorts between its neighbours. */
static gboolean
in_order_at (CnRequestList *self, guint position)
{
  gint64 id = id_at (self, position);
  gint64 at, other;

  if (!cn_store_get_request_received_at (self->store, id, &at))
    return TRUE;
  if (position > 0 &&
      cn_store_get_request_received_at (self->store, id_at (self, position - 1), &other) &&
      (other < at || (other == at && id_at (self, position - 1) < id)))
    return FALSE;
  if (position + 1 < self->ids->len &&
      cn_store_get_request_received_at (self->store, id_at (self, position + 1), &other) &&
      (other > at || (other == at && id_at (self, position + 1) > id)))
    return FALSE;
  return TRUE;
}

/* A request changed while a reload was under way: the worker may have read
 * it before or after, so it is looked at again when the ids come. */
static void
touch (CnRequestList *self, gint64 id)
{
  if (self->loading != NULL)
    g_hash_table_add (self->touched, g_memdup2 (&id, sizeof id));
}

/* Puts a request where the filters and its date say, or takes it out (gone
 * from the store, or its analysis no longer matches). Returns its position
 * when it stayed where it was, else G_MAXUINT. */
static guint
place (CnRequestList *self, gint64 id)
{
  guint position = cn_request_list_find (self, id);
  gint64 received_at;

  if (!cn_store_get_request_received_at (self->store, id, &received_at) ||
      !matches_filter (self, id))
    {
      if (position != G_MAXUINT)
        remove_at (self, position);
      return G_MAXUINT;
    }
  if (position == G_MAXUINT)
    {
      insert_sorted (self, id);
      return G_MAXUINT;
    }
  if (!in_order_at (self, position))
    {
      /* Its date was edited: it moves to its new place. */
      remove_at (self, position);
      insert_sorted (self, id);
      return G_MAXUINT;
    }
  return position;
}

static void
on_request_added_cb (CnStore *store, gint64 id, CnRequestList *self)
{
  touch (self, id);
  forget_all_ids (self);
  if (cn_request_list_find (self, id) != G_MAXUINT || !matches_filter (self, id))
    return;

  insert_sorted (self, id);
}

static void
on_request_changed_cb (CnStore *store, gint64 id, CnRequestList *self)
{
  CnRequest *request;
  guint position;

  /* Its date may have changed. */
  touch (self, id);
  forget_all_ids (self);

  /* Also when filtered out: the detail pane may be showing it. */
  request = g_hash_table_lookup (self->live, &id);
  if (request != NULL)
    {
      gint64 contact_id = cn_request_get_target_id (request);

      if (!refresh_live (self, request))
        untrack (self, id);
      refresh_live_of_contact (self, contact_id, id);
    }

  position = place (self, id);
  if (position != G_MAXUINT)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

/* Only the row's label can change: the item is read again in place. */
static void
on_draft_changed_cb (CnStore *store, gint64 id, CnRequestList *self)
{
  CnRequest *request = g_hash_table_lookup (self->live, &id);

  if (request != NULL && !refresh_live (self, request))
    untrack (self, id);
}

static void
on_request_removed_cb (CnStore *store, gint64 id, CnRequestList *self)
{
  guint position;

  touch (self, id);
  forget_all_ids (self);

  untrack (self, id);

  position = cn_request_list_find (self, id);
  if (position == G_MAXUINT)
    return;

  remove_at (self, position);
}

static void
on_reloaded_cb (CnStore *store, CnRequestList *self)
{
  forget_all_ids (self);
  reload (self, TRUE);
}

static void
on_contacts_changed_cb (CnStore *store, CnRequestList *self)
{
  /* Target names and availability can change; items update themselves through notify. */
  refresh_all_live (self);
}

static void
on_analyses_changed_cb (CnStore *store, CnRequestList *self)
{
  /* Requests may have entered or left the filtered list. */
  if (is_filtered (self))
    {
      reload (self, TRUE);
      return;
    }

  /* Otherwise the length is unchanged and the items on show refresh their
   * properties; rows follow them through notify. No items-changed: a flood
   * of them while a view moves its focus trips GTK 4.8's list views. */
  refresh_all_live (self);
}

/* GListModel */

static GType
cn_request_list_get_item_type (GListModel *model)
{
  return CN_TYPE_REQUEST;
}

static guint
cn_request_list_get_n_items (GListModel *model)
{
  return CN_REQUEST_LIST (model)->ids->len;
}

static gpointer
cn_request_list_get_item (GListModel *model, guint position)
{
  CnRequestList *self = CN_REQUEST_LIST (model);
  g_autoptr(GError) error = NULL;
  CnRequest *request;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = id_at (self, position);
  request = g_hash_table_lookup (self->live, &id);
  if (request != NULL)
    {
      g_object_ref (request);
    }
  else
    {
      request = cn_store_get_list_request (self->store, id, &error);
      if (request == NULL)
        {
          /* Deleted behind our back (another process): show an empty row
           * rather than break the view; the next reload drops it. */
          g_debug ("Request %" G_GINT64_FORMAT " unavailable: %s", id, error->message);
          request = cn_request_new ();
          cn_request_set_id (request, id);
        }
      track (self, request);
    }

  remember (self, request);
  return request;
}

static void
cn_request_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cn_request_list_get_item_type;
  iface->get_n_items = cn_request_list_get_n_items;
  iface->get_item = cn_request_list_get_item;
}

/* GObject */

static void
cn_request_list_constructed (GObject *object)
{
  CnRequestList *self = CN_REQUEST_LIST (object);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (cn_request_list_parent_class)->constructed (object);

  g_return_if_fail (CN_IS_STORE (self->store));

  g_signal_connect_object (self->store, "request-added", G_CALLBACK (on_request_added_cb), self, 0);
  g_signal_connect_object (self->store, "request-changed", G_CALLBACK (on_request_changed_cb), self,
                           0);
  g_signal_connect_object (self->store, "request-removed", G_CALLBACK (on_request_removed_cb), self,
                           0);
  g_signal_connect_object (self->store, "reloaded", G_CALLBACK (on_reloaded_cb), self, 0);
  g_signal_connect_object (self->store, "draft-changed", G_CALLBACK (on_draft_changed_cb), self, 0);
  g_signal_connect_object (self->store, "contacts-changed", G_CALLBACK (on_contacts_changed_cb),
                           self, 0);
  g_signal_connect_object (self->store, "analyses-changed", G_CALLBACK (on_analyses_changed_cb),
                           self, 0);
  /* Triage results change effective verdicts and flags just like analyses. */
  g_signal_connect_object (self->store, "triage-changed", G_CALLBACK (on_analyses_changed_cb), self,
                           0);

  if (self->background)
    {
      start_load (self);
      return;
    }
  ids = list_ids (self, &error);
  if (ids == NULL)
    g_warning ("Could not list the requests: %s", error->message);
  else
    {
      g_array_unref (self->ids);
      self->ids = g_steal_pointer (&ids);
    }
}

static void
cn_request_list_dispose (GObject *object)
{
  CnRequestList *self = CN_REQUEST_LIST (object);

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  untrack_all (self);
  forget_ring (self);
  g_clear_pointer (&self->read_ahead, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cn_request_list_parent_class)->dispose (object);
}

static void
cn_request_list_finalize (GObject *object)
{
  CnRequestList *self = CN_REQUEST_LIST (object);

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->all_ids, g_array_unref);
  g_clear_pointer (&self->live, g_hash_table_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_free (self->search);
  g_hash_table_unref (self->hidden);

  G_OBJECT_CLASS (cn_request_list_parent_class)->finalize (object);
}

static void
cn_request_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CnRequestList *self = CN_REQUEST_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;
    case PROP_VERDICT_FILTER:
      g_value_set_int (value, self->verdict_filter);
      break;
    case PROP_TRIAGE_FILTER:
      g_value_set_int (value, self->triage_filter);
      break;
    case PROP_BACKGROUND:
      g_value_set_boolean (value, self->background);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_request_list_set_property (GObject *object,
                              guint prop_id,
                              const GValue *value,
                              GParamSpec *pspec)
{
  CnRequestList *self = CN_REQUEST_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_VERDICT_FILTER:
      cn_request_list_set_verdict_filter (self, g_value_get_int (value));
      break;
    case PROP_TRIAGE_FILTER:
      cn_request_list_set_triage_filter (self, g_value_get_int (value));
      break;
    case PROP_BACKGROUND:
      self->background = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_request_list_class_init (CnRequestListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cn_request_list_constructed;
  object_class->dispose = cn_request_list_dispose;
  object_class->finalize = cn_request_list_finalize;
  object_class->get_property = cn_request_list_get_property;
  object_class->set_property = cn_request_list_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, CN_TYPE_STORE,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                    G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                    G_PARAM_STATIC_STRINGS);
  /* -1: all requests; a CnVerdict: only those (CN_VERDICT_NONE: not analysed). */
  properties[PROP_VERDICT_FILTER] = g_param_spec_int ("verdict-filter", NULL, NULL, -1,
                                                      CN_VERDICT_LAST, -1,
                                                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                          G_PARAM_STATIC_STRINGS);
  /* A CnTriageFilter. */
  properties[PROP_TRIAGE_FILTER] = g_param_spec_int ("triage-filter", NULL, NULL,
                                                     CN_TRIAGE_FILTER_ALL, CN_TRIAGE_FILTER_LAST,
                                                     CN_TRIAGE_FILTER_ALL,
                                                     G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                         G_PARAM_STATIC_STRINGS);

  properties[PROP_BACKGROUND] = g_param_spec_boolean ("background", NULL, NULL, FALSE,
                                                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                          G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                       G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cn_request_list_init (CnRequestList *self)
{
  self->verdict_filter = -1;
  self->view = CN_REQUEST_VIEW_ALL;
  self->hidden = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->live = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->touched = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/* Public API */

CnRequestList *
cn_request_list_new (CnStore *store)
{
  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  return g_object_new (CN_TYPE_REQUEST_LIST, "store", store, NULL);
}

CnRequestList *
cn_request_list_new_in_background (CnStore *store)
{
  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  return g_object_new (CN_TYPE_REQUEST_LIST, "store", store, "background", TRUE, NULL);
}

gboolean
cn_request_list_is_loading (CnRequestList *self)
{
  g_return_val_if_fail (CN_IS_REQUEST_LIST (self), FALSE);

  return self->loading != NULL;
}

CnStore *
cn_request_list_get_store (CnRequestList *self)
{
  g_return_val_if_fail (CN_IS_REQUEST_LIST (self), NULL);

  return self->store;
}

guint
cn_request_list_find (CnRequestList *self, gint64 request_id)
{
  const gint64 *ids;

  g_return_val_if_fail (CN_IS_REQUEST_LIST (self), G_MAXUINT);

  /* A linear scan of 100,000 integers takes well under a millisecond. */
  ids = (const gint64 *) (gpointer) self->ids->data;
  for (guint i = 0; i < self->ids->len; i++)
    {
      if (ids[i] == request_id)
        return i;
    }

  return G_MAXUINT;
}

/* The ids of @ids[0, @n_new) followed by those of self->ids from @from. */
static GArray *
spliced_ids (CnRequestList *self, GArray *ids, guint n_new, guint from)
{
  GArray *spliced = g_array_sized_new (FALSE, FALSE, sizeof (gint64),
                                       n_new + self->ids->len - from);

  g_array_append_vals (spliced, ids->data, n_new);
  g_array_append_vals (spliced, &g_array_index (self->ids, gint64, from), self->ids->len - from);
  return spliced;
}

/* Makes @ids the list's and announces the change. */
static void
set_ids (CnRequestList *self, GArray *ids, guint position, guint removed, guint added)
{
  g_array_unref (self->ids);
  self->ids = g_array_ref (ids);
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static guint
find_in (GArray *ids, gint64 id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return i;
  return G_MAXUINT;
}

/* How many rows around those a view shows may be replaced in one change:
 * GTK 4.8's list views make some 200 rows from their anchor. */
#define ROW_WINDOW 512

/* The first and last of @ids[@from, @from + @n) whose item is out: held by
 * a view's row (or the ring, or the read-ahead). FALSE when none is. */
static gboolean
held_span (CnRequestList *self, GArray *ids, guint from, guint n, guint *first, guint *last)
{
  gboolean any = FALSE;

  for (guint i = from; i < from + n; i++)
    if (g_hash_table_contains (self->live, &g_array_index (ids, gint64, i)))
      {
        if (!any)
          *first = i;
        *last = i;
        any = TRUE;
      }
  return any;
}

/* @ids[0, @n_new) followed by @old from @from. */
static GArray *
splice (GArray *ids, guint n_new, GArray *old, guint from)
{
  GArray *spliced = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_new + old->len - from);

  g_array_append_vals (spliced, ids->data, n_new);
  g_array_append_vals (spliced, &g_array_index (old, gint64, from), old->len - from);
  return spliced;
}

/* Makes @ids the list's where rows [@position, @position + @removed) became
 * rows [@position, @position + @added) of @ids; the rows around are the
 * same. GTK 4.8's list item manager, when a row it tracks (the scroll
 * anchor, the focus) lies in a replaced range, reads every added item to
 * find it again, keeping the rows of items that stay: seconds over 100,000
 * requests. So beyond a few hundred rows added, the rows a view holds are replaced in a change of
 * their own, a few hundred rows at most (GTK reads those and keeps the rows of the requests still
 * listed), and the rows around in changes that hold no row of the view. When the held rows spread
 * wider, the old rows go for one new row, then the others come, which GTK does without reading them
 * but without keeping a row either; a tracked row lands on the one kept:
 * the last new row with @keep_last (a selection follows the range), else
 * the first. */
static void
replace_range (CnRequestList *self,
               GArray *ids,
               guint position,
               guint removed,
               guint added,
               gboolean keep_last)
{
  g_autoptr(GArray) old = g_array_ref (self->ids);
  guint after = position + removed;
  guint a = 0, b = 0, na = 0, nb = 0;

  if (removed == 0 || added <= ROW_WINDOW || !held_span (self, old, position, removed, &a, &b))
    {
      set_ids (self, ids, position, removed, added);
      return;
    }
  if (!held_span (self, ids, position, added, &na, &nb))
    {
      na = position + (guint) ((guint64) (a - position) * added / removed);
      nb = MIN (na + (b - a), position + added - 1);
    }

  if (b - a < ROW_WINDOW && nb - na < ROW_WINDOW)
    {
      g_autoptr(GArray) before = splice (ids, na, old, a);
      g_autoptr(GArray) held = splice (ids, nb + 1, old, b + 1);

      set_ids (self, before, position, a - position, na - position);
      set_ids (self, held, na, b - a + 1, nb - na + 1);
      set_ids (self, ids, nb + 1, after - b - 1, position + added - nb - 1);
      return;
    }

  {
    guint kept = keep_last ? position + added - 1 : position;
    g_autoptr(GArray)
                   step = g_array_sized_new (FALSE, FALSE, sizeof (gint64), old->len - removed + 1);

    g_array_append_vals (step, old->data, position);
    g_array_append_val (step, g_array_index (ids, gint64, kept));
    g_array_append_vals (step, &g_array_index (old, gint64, after), old->len - after);
    set_ids (self, step, position, removed, 1);
    set_ids (self, ids, keep_last ? position : position + 1, 0, added - 1);
  }
}

/* Replaces the ids by @ids. GTK 4.8's GtkSingleSelection, when its item is
 * within an items-changed range, reads every added item until it finds it
 * again: over 100,000 requests, 100,000 reads. So the change is announced
 * around the anchor (the selected request), which never falls within a
 * range: before it, then after it. When the anchor leaves the list, it is
 * first replaced in place by the request that takes its place (where GTK
 * itself would move the selection), which costs the selection one read. */
static void
replace_ids (CnRequestList *self, GArray *ids)
{
  guint old_len = self->ids->len;
  guint new_len = ids->len;
  guint s = self->anchor > 0 ? cn_request_list_find (self, self->anchor) : G_MAXUINT;
  guint p;

  if (s == G_MAXUINT || new_len == 0)
    {
      replace_range (self, ids, 0, old_len, new_len, FALSE);
      return;
    }

  p = find_in (ids, self->anchor);
  if (p == G_MAXUINT)
    {
      g_autoptr(GArray) swapped = g_array_copy (self->ids);

      p = MIN ((guint) ((guint64) s * new_len / old_len), new_len - 1);
      g_array_index (swapped, gint64, s) = g_array_index (ids, gint64, p);
      set_ids (self, swapped, s, 1, 1);
    }

  /* Before the anchor, then after it: the rows a view tracks stay next to it. */
  {
    g_autoptr(GArray) before = spliced_ids (self, ids, p, s);

    replace_range (self, before, 0, s, p, TRUE);
  }
  replace_range (self, ids, p + 1, old_len - s - 1, new_len - p - 1, FALSE);
}

static void apply_ids (CnRequestList *self, GArray *ids);

/* Reloads in the background */

typedef struct
{
  char *search;
  CnRequestQuery query; /* its search is the one above */
  GArray *all;          /* every id, or NULL: the worker lists them */
  gboolean listed_all;
  GArray *ids;      /* what the filters keep */
  gint64 anchor;    /* the selected request, or 0 */
  guint anchor_was; /* its position in the list as it was, or G_MAXUINT */
  guint old_len;
  GPtrArray *items; /* CnRequest: the rows a view will ask for first */
} LoadData;

/* How many rows the worker reads ahead from a little before the selection:
 * the window's lists are grids of one column, which GTK 4.8 fills with up to
 * 30 rows from their anchor down, and a few more (a list view would ask for
 * 205). Each row read is 20-30 us of the worker's time before the list shows. */
#define PREFETCH 64
#define PREFETCH_BEFORE 16

static void
load_data_free (LoadData *data)
{
  g_free (data->search);
  g_clear_pointer (&data->all, g_array_unref);
  g_clear_pointer (&data->ids, g_array_unref);
  g_clear_pointer (&data->items, g_ptr_array_unref);
  g_free (data);
}

static gboolean
load_worker (
    GTask *task, CnStore *worker, gpointer task_data, GCancellable *cancellable, GError **error)
{
  LoadData *data = task_data;

  if (data->all == NULL)
    {
      data->all = cn_store_list_request_ids (worker, error);
      if (data->all == NULL)
        return FALSE;
      data->listed_all = TRUE;
    }
  data->ids = _cn_store_filter_request_ids (worker, data->all, &data->query, error);
  if (data->ids == NULL)
    return FALSE;

  /* The rows a view asks for once the ids are in, read here rather than one
   * by one on the main loop: those around the selection, or around where
   * replace_ids() puts it when it leaves the list, else the first. */
  {
    const gint64 *ids = (const gint64 *) (gpointer) data->ids->data;
    guint at = G_MAXUINT, from, to;

    for (guint i = 0; data->anchor > 0 && i < data->ids->len; i++)
      if (ids[i] == data->anchor)
        {
          at = i;
          break;
        }
    if (at == G_MAXUINT && data->anchor_was != G_MAXUINT && data->old_len > 0)
      at = (guint) ((guint64) data->anchor_was * data->ids->len / data->old_len);
    if (at == G_MAXUINT)
      at = 0;
    from = at > PREFETCH_BEFORE ? at - PREFETCH_BEFORE : 0;
    to = MIN (data->ids->len, from + PREFETCH);
    data->items = g_ptr_array_new_with_free_func (g_object_unref);
    for (guint i = from; i < to && !g_cancellable_is_cancelled (cancellable); i++)
      {
        CnRequest *request = cn_store_get_list_request (worker, ids[i], NULL);

        if (request != NULL)
          g_ptr_array_add (data->items, request);
      }
  }
  return TRUE;
}

/* The rows read ahead become the items handed out, unless one is already
 * out (it stays the one object for its request) or changed meanwhile. */
static void
adopt_items (CnRequestList *self, GPtrArray *items, GHashTable *touched)
{
  g_clear_pointer (&self->read_ahead, g_ptr_array_unref);
  self->read_ahead = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      CnRequest *request = g_ptr_array_index (items, i);
      gint64 id = cn_request_get_id (request);

      if (g_hash_table_contains (self->live, &id) || g_hash_table_contains (touched, &id) ||
          g_hash_table_contains (self->hidden, &id))
        continue;
      track (self, request);
      g_ptr_array_add (self->read_ahead, g_object_ref (request));
    }
}

static void
on_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(CnRequestList) self = user_data;
  LoadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) touched = NULL;
  GHashTableIter iter;
  gpointer key;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* disposed */

  g_clear_object (&self->loading);
  if (self->load_again)
    {
      /* What it read is already out of date: read again, once. */
      start_load (self);
      return;
    }

  touched = g_steal_pointer (&self->touched);
  self->touched = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (error != NULL)
    g_warning ("Could not list the requests: %s", error->message);
  else
    {
      if (data->listed_all && self->all_ids == NULL && g_hash_table_size (touched) == 0)
        self->all_ids = g_array_ref (data->all);
      adopt_items (self, data->items, touched);
      apply_ids (self, without_hidden (self, data->ids));
      g_hash_table_iter_init (&iter, touched);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        /* The worker's snapshot may be from before or after the change. */
        place (self, *(gint64 *) key);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
start_load (CnRequestList *self)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data = g_new0 (LoadData, 1);
  gboolean announce = self->loading == NULL && !self->load_again;

  g_assert (self->loading == NULL);
  data->search = g_strdup (self->search);
  data->query = get_query (self);
  data->query.search = data->search;
  data->all = self->all_ids != NULL ? g_array_ref (self->all_ids) : NULL;
  data->anchor = self->anchor;
  data->anchor_was = self->anchor > 0 ? cn_request_list_find (self, self->anchor) : G_MAXUINT;
  data->old_len = self->ids->len;
  self->loading = g_cancellable_new ();
  self->load_again = FALSE;
  g_hash_table_remove_all (self->touched);

  task = g_task_new (self->store, self->loading, on_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  _cn_store_run_in_worker (task, load_worker);
  if (announce)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
cn_request_list_reload (CnRequestList *self)
{
  g_return_if_fail (CN_IS_REQUEST_LIST (self));

  reload (self, TRUE);
}

/* With @refresh_items, the store changed: the items handed out are read
 * again; a change of filters alone leaves them as they are. */
static void
reload (CnRequestList *self, gboolean refresh_items)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  self->refresh_items |= refresh_items;
  if (self->reload_frozen > 0)
    {
      self->reload_pending = TRUE;
      return;
    }

  /* Inside a transaction the worker's connection would not see its writes. */
  if (self->background && self->store->depth == 0)
    {
      if (self->loading != NULL)
        self->load_again = TRUE;
      else
        start_load (self);
      return;
    }

  ids = list_ids (self, &error);
  if (ids == NULL)
    {
      g_warning ("Could not list the requests: %s", error->message);
      return;
    }
  apply_ids (self, ids);
}

static void
refresh_live_if_needed (CnRequestList *self)
{
  if (self->refresh_items)
    {
      self->refresh_items = FALSE;
      refresh_all_live (self);
    }
}

/* Makes @ids the list's, announcing the difference. */
static void
apply_ids (CnRequestList *self, GArray *ids)
{
  guint removed;
  guint added;

  removed = self->ids->len;
  added = ids->len;
  /* Same requests in the same order (fresh verdicts or campaigns): the items
   * refresh in place, and a view keeps its selection and scroll position. */
  if (removed == added &&
      (added == 0 || memcmp (self->ids->data, ids->data, (gsize) added * sizeof (gint64)) == 0))
    {
      refresh_live_if_needed (self);
      return;
    }

  /* The new length is announced before anything (a refreshed item's notify)
   * can make a view read from the model. */
  replace_ids (self, ids);
  notify_n_items (self, removed, added);

  refresh_live_if_needed (self);
}

/* Filters set between a freeze and its thaw are applied by one reload. */
static void
freeze_reload (CnRequestList *self)
{
  self->reload_frozen++;
}

static void
thaw_reload (CnRequestList *self)
{
  g_assert (self->reload_frozen > 0);
  if (--self->reload_frozen == 0 && self->reload_pending)
    {
      self->reload_pending = FALSE;
      reload (self, FALSE);
    }
}

void
cn_request_list_set_anchor (CnRequestList *self, gint64 request_id)
{
  g_return_if_fail (CN_IS_REQUEST_LIST (self));

  self->anchor = MAX (request_id, 0);
}

void
cn_request_list_set_filters (CnRequestList *self, int verdict, CnTriageFilter filter)
{
  g_return_if_fail (CN_IS_REQUEST_LIST (self));

  freeze_reload (self);
  cn_request_list_set_verdict_filter (self, verdict);
  cn_request_list_set_triage_filter (self, filter);
  thaw_reload (self);
}

int
cn_request_list_get_verdict_filter (CnRequestList *self)
{
  g_return_val_if_fail (CN_IS_REQUEST_LIST (self), -1);

  return self->verdict_filter;
}

void
cn_request_list_set_verdict_filter (CnRequestList *self, int verdict)
{
  g_return_if_fail (CN_IS_REQUEST_LIST (self));
  g_return_if_fail (verdict >= -1 && verdict <= CN_VERDICT_LAST);

  if (self->verdict_filter == verdict)
    return;

  self->verdict_filter = verdict;
  /* Before construction the store is not set yet: constructed() lists. */
  if (self->store != NULL)
    reload (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT_FILTER]);
}

CnTriageFilter
cn_request_list_get_triage_filter (CnRequestList *self)
{
  g_return_val_if_fail (CN_IS_REQUEST_LIST (self), CN_TRIAGE_FILTER_ALL);

  return self->triage_filter;
}

void
cn_request_list_set_triage_filter (CnRequestList *self, CnTriageFilter filter)
{
  g_return_if_fail (CN_IS_REQUEST_LIST (self));
  g_return_if_fail ((guint) filter <= CN_TRIAGE_FILTER_LAST);

  if (self->triage_filter == filter)
    return;

  self->triage_filter = filter;
  /* Before construction the store is not set yet: constructed() lists. */
  if (self->store != NULL)
    reload (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIAGE_FILTER]);
}

CnRequestView
cn_request_list_get_view (CnRequestList *self)
{
  g_return_val_if_fail (CN_IS_REQUEST_LIST (self), CN_REQUEST_VIEW_ALL);

  return self->view;
}

void
cn_request_list_set_view (CnRequestList *self, CnRequestView view)
{
  g_return_if_fail (CN_IS_REQUEST_LIST (self));
  g_return_if_fail ((guint) view <= CN_REQUEST_VIEW_LAST);

  if (self->view == view)
    return;
  self->view = view;
  reload (self, FALSE);
}

const char *
cn_request_list_get_search (CnRequestList *self)
{
  g_return_val_if_fail (CN_IS_REQUEST_LIST (self), NULL);

  return self->search;
}

void
cn_request_list_set_search (CnRequestList *self, const char *text)
{
  g_return_if_fail (CN_IS_REQUEST_LIST (self));

  /* Blank is no search. */
  while (text != NULL && g_ascii_isspace (*text))
    text++;
  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->search, text) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  reload (self, FALSE);
}

void
cn_request_list_set_hidden (CnRequestList *self, gint64 request_id, gboolean hidden)
{
  guint position;

  g_return_if_fail (CN_IS_REQUEST_LIST (self));

  if (hidden == g_hash_table_contains (self->hidden, &request_id))
    return;
  if (hidden)
    {
      g_hash_table_add (self->hidden, g_memdup2 (&request_id, sizeof request_id));
      position = cn_request_list_find (self, request_id);
      if (position != G_MAXUINT)
        remove_at (self, position);
    }
  else
    {
      g_hash_table_remove (self->hidden, &request_id);
      if (matches_filter (self, request_id))
        insert_sorted (self, request_id);
    }
}
