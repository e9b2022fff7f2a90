/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The triage index's tables: per key of the fingerprints, the buckets of
 * candidate notes (open addressing, chains through the items by 32-bit
 * index), and the items by request id (open addressing, 8 bytes an item). */

#include "config.h"

#include "cn-triage-private.h"

/* A table of n_slots holding the buckets that have items, the others
 * forgotten. */
void
_cn_triage_resize_buckets (Buckets *buckets, guint32 n_slots)
{
  BucketSlot *old = buckets->slots;
  guint32 n_old = buckets->n_slots;

  buckets->n_slots = n_slots;
  buckets->slots = g_new0 (BucketSlot, n_slots);
  buckets->n_used = 0;
  for (guint32 k = 0; k < n_old; k++)
    {
      guint32 j;

      if (old[k].head == 0)
        continue;
      for (j = first_place (buckets, old[k].tag); buckets->slots[j].tag != 0;
           j = j + 1 < n_slots ? j + 1 : 0)
        ;
      buckets->slots[j] = old[k];
      buckets->n_used++;
    }
  g_free (old);
}

/* The head of the chain of bucket (key_no, key) holding fingerprint's
 * copies; NULL when absent and !create. Slots of the key's table stay put
 * until the next call for that table. */
guint32 *
_cn_triage_bucket_slot (
    CnTriage *self, guint key_no, guint64 key, const CnFingerprint *fingerprint, gboolean create)
{
  Buckets *buckets = &self->buckets[key_no];
  guint32 tag = key_tag (key);
  BucketSlot *emptied = NULL;
  BucketSlot *free_slot;

  /* Room for one more, at most four fifths full: a search for an absent
   * key then looks at a few slots of one or two cache lines. */
  if (create && (guint64) 5 * (buckets->n_used + 1) > (guint64) 4 * buckets->n_slots)
    {
      guint32 live = 0;

      /* Half as big again when every bucket is live, as when the triage
       * only adds (connecteur-cli triage): growing by a fifth each time,
       * 100,000 notes rehashed every bucket 25 times, 3 % of the
       * instructions and more of the time, in cache misses. */
      for (guint32 k = 0; k < buckets->n_slots; k++)
        live += buckets->slots[k].head != 0;
      _cn_triage_resize_buckets (buckets, MAX (1024, (live + live / 2 + 2) * 5 / 4));
    }

  for (guint32 i = first_place (buckets, tag);; i = i + 1 < buckets->n_slots ? i + 1 : 0)
    {
      BucketSlot *slot = &buckets->slots[i];

      if (slot->tag == 0)
        {
          free_slot = slot;
          break;
        }
      if (slot->tag != tag)
        continue;
      if (slot->head == 0)
        {
          /* An emptied bucket, of this key or of another with the same
           * tag: this key's own may still come further on. */
          if (emptied == NULL)
            emptied = slot;
          continue;
        }
      if (cn_fingerprint_same_key (&_cn_triage_item_at (self, slot->head)->fingerprint, fingerprint,
                                   key_no))
        return &slot->head;
    }

  if (emptied != NULL)
    return create ? &emptied->head : NULL;
  if (!create)
    return NULL;
  /* The first free slot from the key's place, where the search stopped. */
  free_slot->tag = tag;
  buckets->n_used++;
  return &free_slot->head;
}

void
_cn_triage_bucket_remove (CnTriage *self, Item *item, guint band, guint64 key)
{
  guint32 *head = _cn_triage_bucket_slot (self, band, key, &item->fingerprint, FALSE);

  g_assert (head != NULL);
  if (*head == item->index)
    *head = item->next[band];
  else
    {
      for (Item *prev = _cn_triage_item_at (self, *head); prev != NULL;
           prev = _cn_triage_item_at (self, prev->next[band]))
        {
          if (prev->next[band] == item->index)
            {
              prev->next[band] = item->next[band];
              break;
            }
        }
    }
  item->next[band] = 0;
}

Item *
_cn_triage_bucket_first (CnTriage *self, guint band, guint64 key, const CnFingerprint *fingerprint)
{
  guint32 *head = _cn_triage_bucket_slot (self, band, key, fingerprint, FALSE);

  return head != NULL ? _cn_triage_item_at (self, *head) : NULL;
}

/* Items by id */

static inline guint64
id_hash (gint64 id)
{
  return (guint64) id * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
}

Item *
_cn_triage_find_item (CnTriage *self, gint64 id)
{
  guint64 hash = id_hash (id);
  guint32 tag = (guint32) (hash >> 32);
  guint32 mask = self->n_id_slots - 1;

  for (guint32 i = (guint32) (hash >> 32) & mask; self->ids[i].index != 0; i = (i + 1) & mask)
    {
      if (self->ids[i].tag == tag)
        {
          Item *item = _cn_triage_item_at (self, self->ids[i].index);

          if (item->id == id)
            return item;
        }
    }
  return NULL;
}

static void
put_id_slot (CnTriage *self, IdSlot slot)
{
  guint32 mask = self->n_id_slots - 1;
  guint32 i;

  for (i = slot.tag & mask; self->ids[i].index != 0; i = (i + 1) & mask)
    ;
  self->ids[i] = slot;
}

/* Adds item, whose id is not there yet. */
void
_cn_triage_insert_item (CnTriage *self, Item *item)
{
  if (4 * ((guint64) self->n_items + 1) > 3 * (guint64) self->n_id_slots)
    {
      IdSlot *old = self->ids;
      guint32 n_old = self->n_id_slots;

      self->n_id_slots *= 2;
      self->ids = g_new0 (IdSlot, self->n_id_slots);
      for (guint32 k = 0; k < n_old; k++)
        {
          if (old[k].index != 0)
            put_id_slot (self, old[k]);
        }
      g_free (old);
    }
  put_id_slot (self, (IdSlot){ (guint32) (id_hash (item->id) >> 32), item->index });
  self->n_items++;
}

/* Takes item out, moving back the slots after it that belong before. */
void
_cn_triage_forget_item (CnTriage *self, Item *item)
{
  guint32 mask = self->n_id_slots - 1;
  guint32 i, j;

  for (i = (guint32) (id_hash (item->id) >> 32) & mask; self->ids[i].index != item->index;
       i = (i + 1) & mask)
    g_assert (self->ids[i].index != 0);

  for (j = (i + 1) & mask; self->ids[j].index != 0; j = (j + 1) & mask)
    {
      guint32 home = self->ids[j].tag & mask;

      /* The slot at j may move to i unless its place lies in (i, j]. */
      if (((j - home) & mask) >= ((j - i) & mask))
        {
          self->ids[i] = self->ids[j];
          i = j;
        }
    }
  self->ids[i].index = 0;
  self->ids[i].tag = 0;
  self->n_items--;
}
