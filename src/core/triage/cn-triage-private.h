/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The triage index's insides, shared by cn-triage.c (grouping, repeats,
 * reports) and cn-triage-tables.c (the tables that find candidates and
 * items). Not for use outside src/core/triage. */

#include "cn-triage.h"

G_BEGIN_DECLS

typedef struct _Item Item;
typedef struct _Cluster Cluster;
typedef struct _Requester Requester;

/* A bucket: the newest item of its chain, found by 32 bits of its key and
 * told from the others with those bits by the item's own values. */
typedef struct
{
  guint32 tag;  /* never 0; 0: a free slot */
  guint32 head; /* an item's index; 0: the bucket emptied */
} BucketSlot;

/* The buckets of one key of the fingerprints: open addressing, linear
 * probing, a slot's first place being tag × n_slots / 2^32 (any size, so
 * that the table grows by half, not double). A bucket that empties keeps its
 * slot until the table grows. */
typedef struct
{
  BucketSlot *slots;
  guint32 n_slots;
  guint32 n_used; /* slots not free */
} Buckets;

/* What an operation changed in an item: what to recompute. */
enum {
  DIRTY_CAMPAIGN = 1 << 0,
  DIRTY_REPEAT = 1 << 1,
};

/* What an item was last told: CnTriageInfo but for what is read live (the
 * campaign's dates) or follows from the rest (repeated). */
typedef struct
{
  gint64 campaign_id;
  guint32 campaign_size;
  guint32 repeat_count : 31;
  guint32 mass_sent : 1;
} Reported;

/* 272 bytes on a 64-bit machine, in chunks of ITEMS_PER_CHUNK: a million requests hold no more
 * than they need. */
struct _Item
{
  gint64 id;
  gint64 received_at;
  Requester *requester; /* NULL: unknown requester */
  const char *target;   /* interned; NULL: unknown target */
  Cluster *cluster;
  Reported reported;
  guint visit;   /* regrouping a cluster */
  guint32 index; /* where it is in the chunks, never 0 */
  guint8 status; /* CnRequestStatus */
  guint8 dirty;
  guint8 indexed; /* comparable, in the buckets */
  CnFingerprint fingerprint;
  guint32 next[CN_FINGERPRINT_N_KEYS]; /* the buckets' chains: the next older item */
};

#define ITEMS_PER_CHUNK 4096

typedef struct
{
  guint32 tag;   /* the upper half of id_hash() */
  guint32 index; /* the item's; 0: a free slot */
} IdSlot;

struct _Cluster
{
  GPtrArray *members;  /* Item*, in no order */
  GHashTable *targets; /* interned target → number of members sent to it */
  Item *oldest;
  gint64 first_at;
  gint64 last_at;
  /* What its members were last told: when that holds, adding a copy
   * recomputes only the copy, not every member. */
  gint64 reported_id;
  guint reported_size;
  /* flushes + 1 while every member waits to be recomputed: growing a
   * campaign of thousands then marks none of them again. */
  guint marked;
};

struct _Requester
{
  char *key;              /* in the same block, after the struct */
  GPtrArray *items;       /* Item*, oldest first */
  guint n_making_repeats; /* items declined or asked to motivate */
};

struct _CnTriage
{
  GObject parent_instance;

  guint min_campaign_targets;
  guint repeat_window_days;

  /* The items by id: open addressing, linear probing, at most three
   * quarters full; 8 bytes an item where a GHashTable takes 40. */
  IdSlot *ids;
  guint32 n_id_slots; /* a power of two */
  guint32 n_items;
  /* No id above it was ever added: a new request, numbered up as the
   * command-line tool does, is not looked for. */
  gint64 max_id;
  /* The items, by index: 32-bit links in the buckets' chains, half the
   * size of pointers. Index 0 is none; a removed item's place is reused. */
  GPtrArray *chunks;    /* Item[ITEMS_PER_CHUNK] */
  guint32 n_indices;    /* given so far, 0 included */
  GArray *free_indices; /* guint32 */
  Buckets buckets[CN_FINGERPRINT_N_KEYS];
  GHashTable *requesters; /* key → Requester* */
  GHashTable *targets;    /* interned target keys */
  GHashTable *clusters;   /* Cluster* */
  GPtrArray *dirty;       /* Item* to recompute */
  guint flushes;          /* of the dirty items, so far */
  guint visit_epoch;
};

G_STATIC_ASSERT (CN_FINGERPRINT_N_KEYS <= 32);

static inline Item *
_cn_triage_item_at (CnTriage *self, guint32 index)
{
  if (index == 0)
    return NULL;
  return (Item *) g_ptr_array_index (self->chunks, index / ITEMS_PER_CHUNK) +
         index % ITEMS_PER_CHUNK;
}

static inline guint32
key_tag (guint64 key)
{
  return (guint32) (key >> 32) != 0 ? (guint32) (key >> 32) : 1;
}

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch (address)
#else
#define PREFETCH(address) ((void) (address))
#endif

/* Asks for what a walk of band's chain reads of item. */
static inline void
prefetch_item (const Item *item, guint band)
{
  PREFETCH (&item->visit);
  for (guint at = 0; at < CN_FINGERPRINT_SIZE; at += 64)
    PREFETCH (item->fingerprint.data + at);
  PREFETCH (&item->next[band]);
}

static inline guint32
first_place (const Buckets *buckets, guint32 tag)
{
  return (guint32) (((guint64) tag * buckets->n_slots) >> 32);
}

/* A table of n_slots holding the buckets that have items, the others
 * forgotten. */
void _cn_triage_resize_buckets (Buckets *buckets, guint32 n_slots);
/* The head of the chain of bucket (key_no, key) holding fingerprint's
 * copies; NULL when absent and !create. The key keeps its band in its low
 * bits, so that chains of two bands never mix. Slots of the key's table
 * stay put until the next call for that table. */
guint32 *_cn_triage_bucket_slot (
    CnTriage *self, guint key_no, guint64 key, const CnFingerprint *fingerprint, gboolean create);
void _cn_triage_bucket_remove (CnTriage *self, Item *item, guint band, guint64 key);
/* The newest item of a bucket, or NULL. */
Item *
_cn_triage_bucket_first (CnTriage *self, guint band, guint64 key, const CnFingerprint *fingerprint);
/* The item of a request, or NULL. */
Item *_cn_triage_find_item (CnTriage *self, gint64 id);
/* Adds item, whose id is not there yet. */
void _cn_triage_insert_item (CnTriage *self, Item *item);
/* Takes item out, moving back the slots after it that belong before. */
void _cn_triage_forget_item (CnTriage *self, Item *item);

G_END_DECLS
