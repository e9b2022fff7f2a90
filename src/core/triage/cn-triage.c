/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The triage index: campaigns (copies of one note sent to several contacts)
 * and repeats (the same requester again), kept up to date one request at a
 * time.
 *
 * - Candidates: every comparable note sits in one bucket per band of its
 *   fingerprint's min-hash values and one for its exact hash: per key, an
 *   open-addressing table of chain heads, the chains running through the
 *   items by 32-bit index (no allocation per bucket); a new note is compared
 *   only with the newest notes of its buckets (MAX_WALK),
 *   cn_fingerprint_matches() deciding.
 * - Clusters: groups of notes directly similar to one another, never
 *   chains (a~b, b~c with a and c unrelated). A group's representative is
 *   its oldest note. A new note may join the group of a note it matches
 *   when it matches the representative too, or is JOIN_SIMILARITY similar
 *   to it, or matches JOIN_MATCHES_ALONE of its members; it joins the one
 *   whose representative it is most similar to. Two groups it may join merge
 *   only when their representatives are MERGE_SIMILARITY similar, or when it
 *   matches JOIN_MATCHES_ALONE members of each. Removing a note regroups
 *   only its own group's members, by the same rule (unless an identical
 *   copy stays). A group is a campaign once it reaches min-campaign-targets
 *   distinct targets.
 * - Repeats: each requester's requests in date order; a request is a repeat
 *   of the earlier ones to the same target within the window, and of every
 *   earlier one the connector declined or asked to motivate, but for the
 *   copies of its own message sent to other contacts within the window.
 * - Change reports: each item keeps the CnTriageInfo last reported (without
 *   the campaign's dates, read live); after an operation the items it
 *   touched are recomputed and the ones that differ are reported. A copy
 *   added to a campaign whose id and size stay the same touches only
 *   itself. */

#include "config.h"

#include <string.h>

#include "cn-text.h"
#include "cn-triage-private.h"

#define SECONDS_PER_DAY G_GINT64_CONSTANT (86400)

/* Two groups merge when their representatives (oldest notes) are at least
 * this similar: copies of one text are (bench-triage: 99% of copy pairs are
 * above 0.4), unrelated notes almost never are (5 pairs in 100,000, even
 * when built from shared sentence frames, openers and closers). */
#define MERGE_SIMILARITY 0.4

/* A note that matches a member of a group but not its representative joins
 * it only when this similar to the representative and matching JOIN_MATCHES
 * members, or when matching JOIN_MATCHES_ALONE members (copies of a short
 * stock line whose oldest copy had a word swapped). A note resembling one
 * member only, through a text the representative lacks, stays out
 * (test-triage: /triage/no-chain, /triage/perturbed-campaign). */
#define JOIN_SIMILARITY 0.4
#define JOIN_MATCHES 1
#define JOIN_MATCHES_ALONE 3

/* Candidates looked at per bucket when adding a note, newest first. A copy
 * shares several buckets with its campaign's notes, and those are short;
 * the few buckets that grow long are filled by phrases every request uses,
 * or by thousands of copies of one stock line (whose newest copy is enough).
 * On bench-triage: 24 → 12 → 6 loses no campaign member (pair recall
 * 0.9870 → 0.9864 → 0.9864) and bounds an add whatever the data. */
#define MAX_WALK 12

G_DEFINE_FINAL_TYPE (CnTriage, cn_triage, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MIN_CAMPAIGN_TARGETS,
  PROP_REPEAT_WINDOW_DAYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static inline gboolean
item_before (const Item *a, const Item *b)
{
  return a->received_at < b->received_at || (a->received_at == b->received_at && a->id < b->id);
}

static inline gboolean
status_makes_repeats (CnRequestStatus status)
{
  return status == CN_REQUEST_STATUS_DECLINED || status == CN_REQUEST_STATUS_ASKED;
}

static void
mark_dirty (CnTriage *self, Item *item, guint8 what)
{
  if (item->dirty == 0)
    g_ptr_array_add (self->dirty, item);
  item->dirty |= what;
}

static void
free_requester (Requester *requester)
{
  g_ptr_array_unref (requester->items);
  g_free (requester);
}

static Cluster *
cluster_new (CnTriage *self)
{
  Cluster *cluster = g_new0 (Cluster, 1);

  cluster->members = g_ptr_array_new ();
  cluster->targets = g_hash_table_new (NULL, NULL);
  g_hash_table_add (self->clusters, cluster);
  return cluster;
}

static void
cluster_free (Cluster *cluster)
{
  g_ptr_array_unref (cluster->members);
  g_hash_table_unref (cluster->targets);
  g_free (cluster);
}

static void
cluster_destroy (CnTriage *self, Cluster *cluster)
{
  /* The table frees it. */
  g_hash_table_remove (self->clusters, cluster);
}

static void
cluster_add_member (Cluster *cluster, Item *item)
{
  g_ptr_array_add (cluster->members, item);
  item->cluster = cluster;

  if (item->target != NULL)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (cluster->targets, item->target));

      g_hash_table_insert (cluster->targets, (gpointer) item->target, GUINT_TO_POINTER (n + 1));
    }

  if (cluster->oldest == NULL || item_before (item, cluster->oldest))
    cluster->oldest = item;
  if (cluster->members->len == 1 || item->received_at < cluster->first_at)
    cluster->first_at = item->received_at;
  if (cluster->members->len == 1 || item->received_at > cluster->last_at)
    cluster->last_at = item->received_at;
}

static guint
cluster_n_targets (const Cluster *cluster)
{
  return cluster != NULL ? g_hash_table_size (cluster->targets) : 0;
}

static void
mark_cluster_dirty (CnTriage *self, Cluster *cluster)
{
  if (cluster->marked == self->flushes + 1)
    return;
  for (guint i = 0; i < cluster->members->len; i++)
    mark_dirty (self, g_ptr_array_index (cluster->members, i), DIRTY_CAMPAIGN);
  cluster->marked = self->flushes + 1;
}

/* Marks every member when what they are told changed (campaign id, size,
 * mass-sent); the dates are read live by cn_triage_get_info(). */
static void
update_cluster_summary (CnTriage *self, Cluster *cluster)
{
  guint size = cluster_n_targets (cluster);
  gint64 id = cluster->oldest->id;

  if (size < self->min_campaign_targets)
    {
      size = 0;
      id = 0;
    }
  if (size != cluster->reported_size || id != cluster->reported_id)
    {
      cluster->reported_size = size;
      cluster->reported_id = id;
      mark_cluster_dirty (self, cluster);
    }
}

/* Puts a and b in one cluster. */
static void
join (CnTriage *self, Item *a, Item *b)
{
  Cluster *big;
  Cluster *small;

  if (a->cluster == NULL && b->cluster == NULL)
    {
      Cluster *cluster = cluster_new (self);

      cluster_add_member (cluster, a);
      cluster_add_member (cluster, b);
      return;
    }
  if (a->cluster == NULL || b->cluster == NULL)
    {
      Cluster *cluster = a->cluster != NULL ? a->cluster : b->cluster;
      Item *joining = a->cluster != NULL ? b : a;

      cluster_add_member (cluster, joining);
      /* The cluster counts as all marked: so must the newcomer be. */
      if (cluster->marked == self->flushes + 1)
        mark_dirty (self, joining, DIRTY_CAMPAIGN);
      return;
    }
  if (a->cluster == b->cluster)
    return;

  big = a->cluster;
  small = b->cluster;
  if (small->members->len > big->members->len)
    {
      big = b->cluster;
      small = a->cluster;
    }
  for (guint i = 0; i < small->members->len; i++)
    {
      cluster_add_member (big, g_ptr_array_index (small->members, i));
      mark_dirty (self, g_ptr_array_index (small->members, i), DIRTY_CAMPAIGN);
    }
  cluster_destroy (self, small);
}

/* Whether item may join the group whose representative is rep, having
 * matched n_matched of its members (rep_matched: rep among them). */
static inline gboolean
may_join (double rep_similarity, gboolean rep_matched, guint n_matched)
{
  if (rep_matched || n_matched >= JOIN_MATCHES_ALONE)
    return TRUE;
  return rep_similarity >= JOIN_SIMILARITY && n_matched >= JOIN_MATCHES;
}

/* A group item could join: a cluster, or a note in none (its own
 * representative). */
typedef struct
{
  Cluster *cluster;
  Item *single;
  guint n_matched;
  gboolean rep_matched;
  double rep_similarity;
} Candidate;

static inline Item *
candidate_rep (const Candidate *candidate)
{
  return candidate->cluster != NULL ? candidate->cluster->oldest : candidate->single;
}

/* Puts item in the group it is most directly similar to, among the groups
 * of the indexed notes it matches; merges in the other groups it could join
 * whose representatives are similar to that group's. */
static void
link_item (CnTriage *self, Item *item)
{
  guint64 keys[CN_FINGERPRINT_N_KEYS];
  Candidate candidates[CN_FINGERPRINT_N_KEYS * MAX_WALK];
  guint n_candidates = 0;
  Candidate *best = NULL;
  Item *rep;

  guint seen = ++self->visit_epoch;

  guint32 *heads[CN_FINGERPRINT_N_KEYS];

  /* The walks below chase links through more memory than the caches hold:
   * the slots, then the items of every bucket level by level, are asked for
   * at once, so that they arrive together rather than one after another. */
  cn_fingerprint_get_keys (&item->fingerprint, keys);
  for (guint band = 0; band < CN_FINGERPRINT_N_KEYS; band++)
    {
      const Buckets *buckets = &self->buckets[band];

      PREFETCH (&buckets->slots[first_place (buckets, key_tag (keys[band]))]);
    }
  for (guint band = 0; band < CN_FINGERPRINT_N_KEYS; band++)
    {
      const Buckets *buckets = &self->buckets[band];
      const BucketSlot *slot = &buckets->slots[first_place (buckets, key_tag (keys[band]))];

      if (slot->tag == key_tag (keys[band]) && slot->head != 0)
        prefetch_item (_cn_triage_item_at (self, slot->head), band);
    }
  /* Each key has its own table: the slots stay put. */
  for (guint band = 0; band < CN_FINGERPRINT_N_KEYS; band++)
    heads[band] = _cn_triage_bucket_slot (self, band, keys[band], &item->fingerprint, TRUE);
  {
    Item *at[CN_FINGERPRINT_N_KEYS];
    guint8 band_of[CN_FINGERPRINT_N_KEYS];
    guint n = 0;

    /* Only the chains still going: most buckets hold one note or none. */
    for (guint band = 0; band < CN_FINGERPRINT_N_KEYS; band++)
      {
        at[n] = _cn_triage_item_at (self, *heads[band]);
        if (at[n] != NULL)
          band_of[n++] = (guint8) band;
      }
    for (guint level = 1; level < MAX_WALK && n > 0; level++)
      {
        guint kept = 0;

        for (guint k = 0; k < n; k++)
          {
            Item *next = _cn_triage_item_at (self, at[k]->next[band_of[k]]);

            if (next == NULL)
              continue;
            prefetch_item (next, band_of[k]);
            at[kept] = next;
            band_of[kept++] = band_of[k];
          }
        n = kept;
      }
  }

  for (guint band = 0; band < CN_FINGERPRINT_N_KEYS; band++)
    {
      guint walked = 0;

      /* The newest of a bucket first; a bucket that common phrases filled
       * is not walked to its end (see MAX_WALK). */
      for (Item *other = _cn_triage_item_at (self, *heads[band]);
           other != NULL && walked < MAX_WALK;
           other = _cn_triage_item_at (self, other->next[band]), walked++)
        {
          Candidate *candidate = NULL;

          if (other->visit == seen)
            continue;
          other->visit = seen;
          if (!cn_fingerprint_matches (&item->fingerprint, &other->fingerprint))
            continue;

          if (other->cluster != NULL)
            {
              for (guint c = 0; c < n_candidates && candidate == NULL; c++)
                if (candidates[c].cluster == other->cluster)
                  candidate = &candidates[c];
            }
          if (candidate == NULL)
            {
              const Item *other_rep;

              candidate = &candidates[n_candidates++];
              candidate->cluster = other->cluster;
              candidate->single = other->cluster == NULL ? other : NULL;
              candidate->n_matched = 0;
              candidate->rep_matched = FALSE;
              other_rep = candidate_rep (candidate);
              candidate->rep_similarity = other_rep == other
                                              ? 1.0
                                              : cn_fingerprint_similarity (&item->fingerprint,
                                                                           &other_rep->fingerprint);
            }
          candidate->n_matched++;
          if (other == candidate_rep (candidate))
            candidate->rep_matched = TRUE;
        }
    }

  for (guint band = 0; band < CN_FINGERPRINT_N_KEYS; band++)
    {
      item->next[band] = *heads[band];
      *heads[band] = item->index;
    }

  /* The group item is most directly similar to, the biggest on a tie. */
  for (guint c = 0; c < n_candidates; c++)
    {
      Candidate *candidate = &candidates[c];

      if (!may_join (candidate->rep_similarity, candidate->rep_matched, candidate->n_matched))
        continue;
      if (best == NULL || candidate->rep_similarity > best->rep_similarity ||
          (candidate->rep_similarity == best->rep_similarity && candidate->cluster != NULL &&
           (best->cluster == NULL ||
            candidate->cluster->members->len > best->cluster->members->len)))
        best = candidate;
    }
  if (best == NULL)
    return;
  join (self, item, candidate_rep (best));

  /* Two groups become one only when item may join both and their own
   * representatives are similar: never through item alone. */
  rep = item->cluster->oldest;
  for (guint c = 0; c < n_candidates; c++)
    {
      Candidate *candidate = &candidates[c];
      Item *other_rep = candidate_rep (candidate);

      if (candidate == best || other_rep->cluster == item->cluster ||
          !may_join (candidate->rep_similarity, candidate->rep_matched, candidate->n_matched))
        continue;
      if ((candidate->n_matched >= JOIN_MATCHES_ALONE && best->n_matched >= JOIN_MATCHES_ALONE) ||
          cn_fingerprint_similarity (&rep->fingerprint, &other_rep->fingerprint) >=
              MERGE_SIMILARITY)
        {
          join (self, item, other_rep);
          rep = item->cluster->oldest;
        }
    }
}

static gint compare_items (gconstpointer a, gconstpointer b);

/* Regroups the members of a cluster that lost one, oldest first, by the
 * rule of link_item(): each joins the new group whose representative (its
 * oldest note) it is most similar to, if it may; they may now form several
 * groups, or none. */
static void
regroup (CnTriage *self, Cluster *cluster)
{
  g_autoptr(GPtrArray) members = g_steal_pointer (&cluster->members);
  g_autoptr(GPtrArray)
                 groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  cluster->members = g_ptr_array_new ();
  cluster_destroy (self, cluster);

  g_ptr_array_sort (members, compare_items);
  for (guint i = 0; i < members->len; i++)
    {
      Item *member = g_ptr_array_index (members, i);
      GPtrArray *best = NULL;
      double best_similarity = 0.0;

      member->cluster = NULL;
      mark_dirty (self, member, DIRTY_CAMPAIGN);

      for (guint g = 0; g < groups->len; g++)
        {
          GPtrArray *group = g_ptr_array_index (groups, g);
          Item *rep = g_ptr_array_index (group, 0);
          double similarity = cn_fingerprint_similarity (&member->fingerprint, &rep->fingerprint);
          gboolean rep_matched;
          guint n_matched = 0;

          if (similarity < best_similarity || (best != NULL && similarity == best_similarity))
            continue;
          rep_matched = cn_fingerprint_matches (&member->fingerprint, &rep->fingerprint);
          for (guint k = 0;
               !rep_matched && k < MIN (group->len, MAX_WALK) && n_matched < JOIN_MATCHES_ALONE;
               k++)
            {
              Item *other = g_ptr_array_index (group, group->len - 1 - k);

              n_matched += cn_fingerprint_matches (&member->fingerprint, &other->fingerprint);
            }
          if (may_join (similarity, rep_matched, n_matched))
            {
              best = group;
              best_similarity = similarity;
            }
        }
      if (best == NULL)
        {
          best = g_ptr_array_new ();
          g_ptr_array_add (groups, best);
        }
      g_ptr_array_add (best, member);
    }

  for (guint g = 0; g < groups->len; g++)
    {
      GPtrArray *group = g_ptr_array_index (groups, g);

      if (group->len > 1)
        {
          Cluster *regrouped = cluster_new (self);

          for (guint k = 0; k < group->len; k++)
            cluster_add_member (regrouped, g_ptr_array_index (group, k));
          update_cluster_summary (self, regrouped);
        }
    }
}

/* Whether another member of cluster has the very fingerprint of item: the
 * same matches, so taking item out splits nothing (a stock line sent 300
 * times loses one copy without a regrouping). item is out of the buckets. */
static gboolean
has_twin (CnTriage *self, const Item *item, const Cluster *cluster)
{
  guint64 keys[CN_FINGERPRINT_N_KEYS];
  guint exact = CN_FINGERPRINT_N_KEYS - 1;

  if (!item->indexed)
    return FALSE;
  cn_fingerprint_get_keys (&item->fingerprint, keys);
  for (Item *other = _cn_triage_bucket_first (self, exact, keys[exact], &item->fingerprint);
       other != NULL; other = _cn_triage_item_at (self, other->next[exact]))
    {
      if (other->cluster == cluster &&
          memcmp (&other->fingerprint, &item->fingerprint, sizeof item->fingerprint) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Repeats */

/* Where item is, or would be, in the requester's date order. */
static guint
requester_position (Requester *requester, const Item *item)
{
  guint lo = 0, hi = requester->items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (item_before (g_ptr_array_index (requester->items, mid), item))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* requester_position() of an item of requester's: a short list's pointers
 * are looked through, which reads no item (on big sets, each item a binary
 * search reads is a cache miss). */
static guint
item_position (Requester *requester, const Item *item)
{
  if (requester->items->len <= 64)
    {
      for (guint i = 0; i < requester->items->len; i++)
        {
          if (g_ptr_array_index (requester->items, i) == item)
            return i;
        }
    }
  return requester_position (requester, item);
}

static void
mark_later_dirty (CnTriage *self, Requester *requester, guint from)
{
  for (guint i = from; i < requester->items->len; i++)
    mark_dirty (self, g_ptr_array_index (requester->items, i), DIRTY_REPEAT);
}

/* Marks the requester's items from position from that a change of item
 * (earlier than them) may make or unmake repeats: within the window, where
 * the same target and the same message count, and past it too when item's
 * own status makes repeats, unless only its campaign changed (cluster_only):
 * a campaign counts within the window only. A requester's later requests
 * then cost what the window holds, not all of them. */
static void
mark_later_in_window (
    CnTriage *self, Requester *requester, guint from, const Item *item, gboolean cluster_only)
{
  gint64 window = self->repeat_window_days * SECONDS_PER_DAY;

  if (!cluster_only && status_makes_repeats (item->status))
    {
      mark_later_dirty (self, requester, from);
      return;
    }
  for (guint i = from; i < requester->items->len; i++)
    {
      Item *later = g_ptr_array_index (requester->items, i);

      if (later->received_at - item->received_at > window)
        break;
      mark_dirty (self, later, DIRTY_REPEAT);
    }
}

/* The first of the requester's items before position received at or after
 * since. */
static guint
first_received_since (Requester *requester, guint position, gint64 since)
{
  guint lo = 0, hi = position;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (((const Item *) g_ptr_array_index (requester->items, mid))->received_at < since)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The earlier requests that make item a repeat; their ids are appended to
 * out_ids (may be NULL). */
static guint
count_repeats (CnTriage *self, const Item *item, GArray *out_ids)
{
  Requester *requester = item->requester;
  gint64 window = self->repeat_window_days * SECONDS_PER_DAY;
  guint n = 0;
  guint position, start;

  if (requester == NULL)
    return 0;

  position = item_position (requester, item);
  /* Before the window only what was declined or asked to motivate counts. */
  start = first_received_since (requester, position, item->received_at - window);
  for (guint i = 0; i < start && requester->n_making_repeats > 0; i++)
    {
      const Item *earlier = g_ptr_array_index (requester->items, i);

      if (status_makes_repeats (earlier->status))
        {
          n++;
          if (out_ids != NULL)
            g_array_append_val (out_ids, earlier->id);
        }
    }
  for (guint i = start; i < position; i++)
    {
      const Item *earlier = g_ptr_array_index (requester->items, i);
      gboolean same_target = item->target != NULL && earlier->target == item->target;

      /* Copies of one message sent to other contacts within the window are
       * that message, not pressure: declining them all makes none a repeat
       * of another. The same text sent again later still is one. */
      if (!same_target && item->cluster != NULL && earlier->cluster == item->cluster &&
          item->received_at - earlier->received_at <= window)
        continue;
      if (status_makes_repeats (earlier->status) ||
          (same_target && item->received_at - earlier->received_at <= window))
        {
          n++;
          if (out_ids != NULL)
            g_array_append_val (out_ids, earlier->id);
        }
    }
  return n;
}

/* Reports */

static void
compute_campaign (CnTriage *self, const Item *item, CnTriageInfo *info)
{
  const Cluster *cluster = item->cluster;
  guint n_targets = cluster_n_targets (cluster);

  if (cluster != NULL && n_targets >= self->min_campaign_targets)
    {
      info->campaign_id = cluster->oldest->id;
      info->campaign_size = n_targets;
      info->mass_sent = TRUE;
    }
  else
    {
      info->campaign_id = 0;
      info->campaign_size = 0;
      info->campaign_first_at = 0;
      info->campaign_last_at = 0;
      info->mass_sent = FALSE;
    }
}

static void
reported_to_info (const Reported *reported, CnTriageInfo *info)
{
  memset (info, 0, sizeof *info);
  info->campaign_id = reported->campaign_id;
  info->campaign_size = reported->campaign_size;
  info->mass_sent = reported->mass_sent;
  info->repeat_count = reported->repeat_count;
  info->repeated = reported->repeat_count > 0;
}

static gboolean
info_equal (const CnTriageInfo *a, const CnTriageInfo *b)
{
  return a->campaign_id == b->campaign_id && a->campaign_size == b->campaign_size &&
         a->campaign_first_at == b->campaign_first_at &&
         a->campaign_last_at == b->campaign_last_at && a->mass_sent == b->mass_sent &&
         a->repeated == b->repeated && a->repeat_count == b->repeat_count;
}

/* Recomputes what the operation touched; reports what changed. */
static void
flush_dirty (CnTriage *self, GArray *changed)
{
  for (guint i = 0; i < self->dirty->len; i++)
    {
      Item *item = g_ptr_array_index (self->dirty, i);
      CnTriageInfo before, info;

      reported_to_info (&item->reported, &before);
      info = before;

      if (item->dirty & DIRTY_CAMPAIGN)
        {
          compute_campaign (self, item, &info);
          /* Repeats depend on who shares the message: the requester's later
           * requests count again (appended, so handled in this same loop). */
          if (item->requester != NULL)
            mark_later_in_window (self, item->requester, item_position (item->requester, item) + 1,
                                  item, TRUE);
        }
      if (item->dirty & (DIRTY_REPEAT | DIRTY_CAMPAIGN))
        {
          info.repeat_count = count_repeats (self, item, NULL);
          info.repeated = info.repeat_count > 0;
        }
      item->dirty = 0;

      if (!info_equal (&info, &before))
        {
          item->reported.campaign_id = info.campaign_id;
          item->reported.campaign_size = info.campaign_size;
          item->reported.repeat_count = info.repeat_count;
          item->reported.mass_sent = info.mass_sent;
          if (changed != NULL)
            g_array_append_val (changed, item->id);
        }
    }
  g_ptr_array_set_size (self->dirty, 0);
  self->flushes++;
}

/* Adds that report nothing leave their recomputation pending, so that a
 * bulk load recomputes each touched item once, not once per copy added to
 * its campaign; whatever reads or reports results computes them first. */
static void
flush_pending (CnTriage *self)
{
  if (self->dirty->len > 0)
    flush_dirty (self, NULL);
}

/* Takes item out of every structure and frees it; the items it leaves
 * behind are marked dirty. */
static void
remove_item (CnTriage *self, Item *item)
{
  Requester *requester = item->requester;

  if (requester != NULL)
    {
      guint position = item_position (requester, item);

      g_assert (position < requester->items->len &&
                g_ptr_array_index (requester->items, position) == item);
      g_ptr_array_remove_index (requester->items, position);
      if (status_makes_repeats (item->status))
        requester->n_making_repeats--;
      mark_later_in_window (self, requester, position, item, FALSE);
      if (requester->items->len == 0)
        g_hash_table_remove (self->requesters, requester->key);
    }

  if (item->indexed)
    {
      guint64 keys[CN_FINGERPRINT_N_KEYS];

      cn_fingerprint_get_keys (&item->fingerprint, keys);
      for (guint band = 0; band < CN_FINGERPRINT_N_KEYS; band++)
        _cn_triage_bucket_remove (self, item, band, keys[band]);
    }

  if (item->cluster != NULL)
    {
      Cluster *cluster = item->cluster;

      g_ptr_array_remove_fast (cluster->members, item);
      item->cluster = NULL;
      if (cluster->members->len > 1 && has_twin (self, item, cluster))
        {
          /* The group stays as it is: recount it. */
          g_autoptr(GPtrArray) members = g_steal_pointer (&cluster->members);

          cluster->members = g_ptr_array_new ();
          g_hash_table_remove_all (cluster->targets);
          cluster->oldest = NULL;
          for (guint i = 0; i < members->len; i++)
            cluster_add_member (cluster, g_ptr_array_index (members, i));
          update_cluster_summary (self, cluster);
        }
      else
        regroup (self, cluster);
    }

  /* It may have been marked by an earlier step of this operation. */
  if (item->dirty != 0)
    g_ptr_array_remove_fast (self->dirty, item);

  _cn_triage_forget_item (self, item);
  g_array_append_val (self->free_indices, item->index);
}

static const char *
intern_target (CnTriage *self, const char *key)
{
  gpointer interned;

  if (key == NULL || *key == '\0')
    return NULL;
  if (!g_hash_table_lookup_extended (self->targets, key, &interned, NULL))
    {
      interned = g_strdup (key);
      g_hash_table_add (self->targets, interned);
    }
  return interned;
}

/* A new item, all zero but for its index. */
static Item *
new_item (CnTriage *self)
{
  guint32 index;
  Item *item;

  if (self->free_indices->len > 0)
    {
      index = g_array_index (self->free_indices, guint32, self->free_indices->len - 1);
      g_array_set_size (self->free_indices, self->free_indices->len - 1);
    }
  else
    {
      index = self->n_indices++;
      if (index / ITEMS_PER_CHUNK == self->chunks->len)
        g_ptr_array_add (self->chunks, g_new (Item, ITEMS_PER_CHUNK));
    }
  item = (Item *) g_ptr_array_index (self->chunks, index / ITEMS_PER_CHUNK) +
         index % ITEMS_PER_CHUNK;
  memset (item, 0, sizeof *item);
  item->index = index;
  return item;
}

static Requester *
find_requester (CnTriage *self, const char *key)
{
  Requester *requester;

  if (key == NULL || *key == '\0')
    return NULL;

  requester = g_hash_table_lookup (self->requesters, key);
  if (requester == NULL)
    {
      gsize size = strlen (key) + 1;

      /* The key right after: a lookup that compares it then reads the
       * requester from the same cache line, not from another block. */
      requester = g_malloc0 (sizeof *requester + size);
      requester->key = memcpy (requester + 1, key, size);
      requester->items = g_ptr_array_new ();
      g_hash_table_insert (self->requesters, requester->key, requester);
    }
  return requester;
}

/* GObject */

static void
cn_triage_finalize (GObject *object)
{
  CnTriage *self = CN_TRIAGE (object);

  for (guint k = 0; k < CN_FINGERPRINT_N_KEYS; k++)
    g_clear_pointer (&self->buckets[k].slots, g_free);
  g_clear_pointer (&self->clusters, g_hash_table_unref);
  g_clear_pointer (&self->requesters, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_free);
  g_clear_pointer (&self->targets, g_hash_table_unref);
  g_clear_pointer (&self->dirty, g_ptr_array_unref);
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  g_clear_pointer (&self->free_indices, g_array_unref);

  G_OBJECT_CLASS (cn_triage_parent_class)->finalize (object);
}

static void
cn_triage_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CnTriage *self = CN_TRIAGE (object);

  switch (prop_id)
    {
    case PROP_MIN_CAMPAIGN_TARGETS:
      g_value_set_uint (value, self->min_campaign_targets);
      break;
    case PROP_REPEAT_WINDOW_DAYS:
      g_value_set_uint (value, self->repeat_window_days);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_triage_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CnTriage *self = CN_TRIAGE (object);

  switch (prop_id)
    {
    case PROP_MIN_CAMPAIGN_TARGETS:
      self->min_campaign_targets = g_value_get_uint (value);
      break;
    case PROP_REPEAT_WINDOW_DAYS:
      self->repeat_window_days = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_triage_class_init (CnTriageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cn_triage_finalize;
  object_class->get_property = cn_triage_get_property;
  object_class->set_property = cn_triage_set_property;

  /* Changing either means building a new index: they are set once. */
  properties[PROP_MIN_CAMPAIGN_TARGETS] =
      g_param_spec_uint ("min-campaign-targets", NULL, NULL, 2, G_MAXUINT, 3,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPEAT_WINDOW_DAYS] =
      g_param_spec_uint ("repeat-window-days", NULL, NULL, 0, 36500, 30,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cn_triage_init (CnTriage *self)
{
  self->n_id_slots = 1024;
  self->ids = g_new0 (IdSlot, self->n_id_slots);
  self->max_id = G_MININT64;
  self->chunks = g_ptr_array_new_with_free_func (g_free);
  self->n_indices = 1;
  self->free_indices = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint k = 0; k < CN_FINGERPRINT_N_KEYS; k++)
    _cn_triage_resize_buckets (&self->buckets[k], 1024);
  self->requesters = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) free_requester);
  self->targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->clusters = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) cluster_free, NULL);
  self->dirty = g_ptr_array_new ();
}

/* Public API */

CnTriage *
cn_triage_new (guint min_campaign_targets, guint repeat_window_days)
{
  return g_object_new (CN_TYPE_TRIAGE, "min-campaign-targets", MAX (min_campaign_targets, 2),
                       "repeat-window-days", repeat_window_days, NULL);
}

/* g_utf8_validate() of a NUL-terminated string, ASCII at once. */
static gboolean
is_utf8 (const char *str)
{
  const guchar *p = (const guchar *) str;

  while (*p != '\0' && *p < 0x80)
    p++;
  return *p == '\0' || g_utf8_validate ((const char *) p, -1, NULL);
}

char *
cn_triage_requester_key (const char *name, const char *email, const char *profile_url)
{
  if (profile_url != NULL && is_utf8 (profile_url))
    {
      char *key = cn_text_profile_key (profile_url);

      if (key != NULL)
        return key;
    }

  if (email != NULL && is_utf8 (email))
    {
      char *lower = cn_text_lower_strip (email);

      if (*lower != '\0')
        return lower;
      g_free (lower);
    }

  if (name != NULL && is_utf8 (name))
    {
      GString *key = g_string_sized_new (strlen (name) + 8);

      cn_text_fold_words (key, name, -1);
      if (key->len > 0)
        return g_string_free (key, FALSE);
      g_string_free (key, TRUE);
    }

  return NULL;
}

void
cn_triage_add (CnTriage *self, const CnTriageItem *request, GArray *changed)
{
  Item *item;
  Item *old;

  g_return_if_fail (CN_IS_TRIAGE (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (changed == NULL || g_array_get_element_size (changed) == sizeof (gint64));

  old = request->id <= self->max_id ? _cn_triage_find_item (self, request->id) : NULL;
  self->max_id = MAX (self->max_id, request->id);
  if (changed != NULL || old != NULL)
    flush_pending (self);
  if (old != NULL)
    remove_item (self, old);

  item = new_item (self);
  item->id = request->id;
  item->received_at = request->received_at;
  item->status = (guint8) request->status;
  item->target = intern_target (self, request->target_key);
  if (request->fingerprint != NULL)
    item->fingerprint = *request->fingerprint;
  else
    cn_fingerprint_compute_full (&item->fingerprint, request->note_to_target, request->target_name,
                                 request->requester_name);
  _cn_triage_insert_item (self, item);

  item->requester = find_requester (self, request->requester_key);
  if (item->requester != NULL)
    {
      guint position = requester_position (item->requester, item);

      g_ptr_array_insert (item->requester->items, position, item);
      if (status_makes_repeats (item->status))
        item->requester->n_making_repeats++;
      mark_later_in_window (self, item->requester, position, item, FALSE);
    }

  item->indexed = cn_fingerprint_is_comparable (&item->fingerprint);
  if (item->indexed)
    link_item (self, item);
  if (item->cluster != NULL)
    update_cluster_summary (self, item->cluster);

  /* Always reported: it is new, or replaced. A campaign id of -1 differs
   * from anything computed. */
  item->reported.campaign_id = -1;
  mark_dirty (self, item, DIRTY_CAMPAIGN | DIRTY_REPEAT);
  if (changed != NULL)
    flush_dirty (self, changed);
}

void
cn_triage_remove (CnTriage *self, gint64 id, GArray *changed)
{
  Item *item;

  g_return_if_fail (CN_IS_TRIAGE (self));

  item = _cn_triage_find_item (self, id);
  if (item == NULL)
    return;

  flush_pending (self);
  remove_item (self, item);
  if (changed != NULL)
    g_array_append_val (changed, id);
  flush_dirty (self, changed);
}

void
cn_triage_set_status (CnTriage *self, gint64 id, CnRequestStatus status, GArray *changed)
{
  Item *item;
  gboolean before, after;

  g_return_if_fail (CN_IS_TRIAGE (self));

  item = _cn_triage_find_item (self, id);
  if (item == NULL)
    return;

  flush_pending (self);
  before = status_makes_repeats (item->status);
  after = status_makes_repeats (status);
  item->status = (guint8) status;
  if (before != after && item->requester != NULL)
    item->requester->n_making_repeats += after ? 1 : -1;
  if (before != after && item->requester != NULL)
    mark_later_dirty (self, item->requester, item_position (item->requester, item) + 1);
  flush_dirty (self, changed);
}

gboolean
cn_triage_get_info (CnTriage *self, gint64 id, CnTriageInfo *out_info)
{
  Item *item;

  g_return_val_if_fail (CN_IS_TRIAGE (self), FALSE);
  g_return_val_if_fail (out_info != NULL, FALSE);

  flush_pending (self);
  item = _cn_triage_find_item (self, id);
  if (item == NULL)
    {
      memset (out_info, 0, sizeof *out_info);
      return FALSE;
    }
  reported_to_info (&item->reported, out_info);
  if (item->reported.mass_sent)
    {
      out_info->campaign_first_at = item->cluster->first_at;
      out_info->campaign_last_at = item->cluster->last_at;
    }
  return TRUE;
}

gboolean
cn_triage_get_fingerprint (CnTriage *self, gint64 id, CnFingerprint *out_fingerprint)
{
  Item *item;

  g_return_val_if_fail (CN_IS_TRIAGE (self), FALSE);
  g_return_val_if_fail (out_fingerprint != NULL, FALSE);

  item = _cn_triage_find_item (self, id);
  if (item == NULL)
    return FALSE;
  *out_fingerprint = item->fingerprint;
  return TRUE;
}

static gint
compare_items (gconstpointer a, gconstpointer b)
{
  const Item *x = *(const Item *const *) a;
  const Item *y = *(const Item *const *) b;

  return item_before (x, y) ? -1 : item_before (y, x) ? 1 : 0;
}

GArray *
cn_triage_list_campaign (CnTriage *self, gint64 campaign_id)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) members = NULL;
  Item *item;

  g_return_val_if_fail (CN_IS_TRIAGE (self), ids);

  flush_pending (self);
  item = _cn_triage_find_item (self, campaign_id);
  if (item == NULL || !item->reported.mass_sent || item->reported.campaign_id != campaign_id)
    return ids;

  members = g_ptr_array_copy (item->cluster->members, NULL, NULL);
  g_ptr_array_sort (members, compare_items);
  for (guint i = 0; i < members->len; i++)
    g_array_append_val (ids, ((Item *) g_ptr_array_index (members, i))->id);
  return ids;
}

static gint
compare_campaigns (gconstpointer a, gconstpointer b)
{
  const Cluster *x = *(const Cluster *const *) a;
  const Cluster *y = *(const Cluster *const *) b;
  guint nx = cluster_n_targets (x), ny = cluster_n_targets (y);

  if (nx != ny)
    return nx > ny ? -1 : 1;
  if (x->last_at != y->last_at)
    return x->last_at > y->last_at ? -1 : 1;
  return x->oldest->id < y->oldest->id ? -1 : x->oldest->id > y->oldest->id;
}

GArray *
cn_triage_list_campaigns (CnTriage *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) campaigns = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer cluster;

  g_return_val_if_fail (CN_IS_TRIAGE (self), ids);

  flush_pending (self);
  g_hash_table_iter_init (&iter, self->clusters);
  while (g_hash_table_iter_next (&iter, &cluster, NULL))
    {
      if (cluster_n_targets (cluster) >= self->min_campaign_targets)
        g_ptr_array_add (campaigns, cluster);
    }
  g_ptr_array_sort (campaigns, compare_campaigns);
  for (guint i = 0; i < campaigns->len; i++)
    g_array_append_val (ids, ((Cluster *) g_ptr_array_index (campaigns, i))->oldest->id);
  return ids;
}

GArray *
cn_triage_list_repeat_of (CnTriage *self, gint64 id)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  Item *item;

  g_return_val_if_fail (CN_IS_TRIAGE (self), ids);

  flush_pending (self);
  item = _cn_triage_find_item (self, id);
  if (item != NULL)
    count_repeats (self, item, ids);
  return ids;
}

guint
cn_triage_get_n_requests (CnTriage *self)
{
  g_return_val_if_fail (CN_IS_TRIAGE (self), 0);

  return self->n_items;
}
