/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-requester-matcher.h"

/* 24 bytes, in blocks: an import holds every requester. */
typedef struct _Requester Requester;
struct _Requester
{
  gint64 id;
  Requester *next_namesake; /* younger, with the same name */
  guint has_email : 1;
  guint has_url : 1;
};

#define BLOCK_SIZE 4096

struct _CnRequesterMatcher
{
  GPtrArray *blocks; /* of BLOCK_SIZE Requesters, owned */
  guint n_in_block;  /* used in the last block */
  GStringChunk *keys;
  GString *scratch;
  GHashTable *by_url;   /* profile URL → Requester, the oldest */
  GHashTable *by_email; /* e-mail address in ASCII lower case → Requester, the oldest */
  GHashTable *by_name;  /* name → the oldest Requester of that name, the first of a chain */
  Requester *found;     /* by the last find */
};

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

CnRequesterMatcher *
cn_requester_matcher_new (void)
{
  CnRequesterMatcher *matcher = g_new0 (CnRequesterMatcher, 1);

  matcher->blocks = g_ptr_array_new_with_free_func (g_free);
  matcher->n_in_block = BLOCK_SIZE;
  matcher->keys = g_string_chunk_new (64 * 1024);
  matcher->scratch = g_string_new (NULL);
  matcher->by_url = g_hash_table_new (g_str_hash, g_str_equal);
  matcher->by_email = g_hash_table_new (g_str_hash, g_str_equal);
  matcher->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  return matcher;
}

void
cn_requester_matcher_free (CnRequesterMatcher *matcher)
{
  if (matcher == NULL)
    return;

  g_hash_table_unref (matcher->by_url);
  g_hash_table_unref (matcher->by_email);
  g_hash_table_unref (matcher->by_name);
  g_string_chunk_free (matcher->keys);
  g_string_free (matcher->scratch, TRUE);
  g_ptr_array_unref (matcher->blocks);
  g_free (matcher);
}

/* @email in ASCII lower case, in the matcher's scratch string. */
static const char *
email_key (CnRequesterMatcher *matcher, const char *email)
{
  g_string_truncate (matcher->scratch, 0);
  for (const char *p = email; *p != '\0'; p++)
    g_string_append_c (matcher->scratch, g_ascii_tolower (*p));
  return matcher->scratch->str;
}

/* Files @requester under @key (copied) unless an older one is there. */
static void
index_key (CnRequesterMatcher *matcher, GHashTable *table, const char *key, Requester *requester)
{
  gpointer there_key, there;

  if (!g_hash_table_lookup_extended (table, key, &there_key, &there))
    g_hash_table_insert (table, g_string_chunk_insert (matcher->keys, key), requester);
  else if (requester->id < ((Requester *) there)->id)
    g_hash_table_insert (table, there_key, requester);
}

void
cn_requester_matcher_add (CnRequesterMatcher *matcher,
                          gint64 id,
                          const char *name,
                          const char *email,
                          const char *profile_url)
{
  Requester *requester;
  gpointer name_key, first;

  g_return_if_fail (matcher != NULL);

  if (matcher->n_in_block == BLOCK_SIZE)
    {
      g_ptr_array_add (matcher->blocks, g_new (Requester, BLOCK_SIZE));
      matcher->n_in_block = 0;
    }
  requester = (Requester *) g_ptr_array_index (matcher->blocks, matcher->blocks->len - 1) +
              matcher->n_in_block++;
  requester->id = id;
  requester->next_namesake = NULL;
  requester->has_email = email != NULL;
  requester->has_url = profile_url != NULL;
  if (profile_url != NULL)
    index_key (matcher, matcher->by_url, profile_url, requester);
  if (email != NULL)
    index_key (matcher, matcher->by_email, email_key (matcher, email), requester);
  if (name == NULL)
    return;

  if (!g_hash_table_lookup_extended (matcher->by_name, name, &name_key, &first))
    g_hash_table_insert (matcher->by_name, g_string_chunk_insert (matcher->keys, name), requester);
  else if (id < ((Requester *) first)->id)
    {
      requester->next_namesake = first;
      g_hash_table_insert (matcher->by_name, name_key, requester);
    }
  else
    {
      /* Kept in the order of their ids: added in that order, as a load
       * reads them, at the end. */
      Requester *before = first;

      while (before->next_namesake != NULL && before->next_namesake->id < id)
        before = before->next_namesake;
      requester->next_namesake = before->next_namesake;
      before->next_namesake = requester;
    }
}

gint64
cn_requester_matcher_find (CnRequesterMatcher *matcher,
                           const char *name,
                           const char *email,
                           const char *profile_url,
                           gboolean *out_incomplete)
{
  Requester *found = NULL;

  g_return_val_if_fail (matcher != NULL, 0);

  name = nonempty (name);
  email = nonempty (email);
  profile_url = nonempty (profile_url);

  if (profile_url != NULL)
    found = g_hash_table_lookup (matcher->by_url, profile_url);
  if (found == NULL && email != NULL)
    found = g_hash_table_lookup (matcher->by_email, email_key (matcher, email));
  if (found == NULL && name != NULL)
    {
      /* A namesake only matches when nothing we know tells them apart. */
      for (Requester *namesake = g_hash_table_lookup (matcher->by_name, name);
           namesake != NULL && found == NULL; namesake = namesake->next_namesake)
        if ((!namesake->has_email || email == NULL) && (!namesake->has_url || profile_url == NULL))
          found = namesake;
    }
  matcher->found = found;

  if (out_incomplete != NULL)
    *out_incomplete = found != NULL && ((email != NULL && !found->has_email) ||
                                        (profile_url != NULL && !found->has_url));
  return found != NULL ? found->id : 0;
}

void
cn_requester_matcher_complete (CnRequesterMatcher *matcher,
                               gint64 id,
                               const char *email,
                               const char *profile_url)
{
  Requester *requester;

  g_return_if_fail (matcher != NULL);

  requester = matcher->found;
  g_return_if_fail (requester != NULL && requester->id == id);

  email = nonempty (email);
  profile_url = nonempty (profile_url);
  if (email != NULL && !requester->has_email)
    {
      requester->has_email = TRUE;
      index_key (matcher, matcher->by_email, email_key (matcher, email), requester);
    }
  if (profile_url != NULL && !requester->has_url)
    {
      requester->has_url = TRUE;
      index_key (matcher, matcher->by_url, profile_url, requester);
    }
}
