/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-requester-matcher.h"

typedef struct
{
  gint64 id;
  gboolean has_email;
  gboolean has_url;
} Requester;

struct _CnRequesterMatcher
{
  GHashTable *by_id;    /* &Requester.id → Requester, owned */
  GHashTable *by_url;   /* profile URL → Requester, the oldest */
  GHashTable *by_email; /* e-mail address in ASCII lower case → Requester, the oldest */
  GHashTable *by_name;  /* name → GPtrArray of Requester, oldest first */
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

  matcher->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  matcher->by_url = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  matcher->by_email = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  matcher->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
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
  g_hash_table_unref (matcher->by_id);
  g_free (matcher);
}

/* Files @requester under @key (taken) unless an older one is there. */
static void
index_key (GHashTable *table, char *key, Requester *requester)
{
  Requester *there = g_hash_table_lookup (table, key);

  if (there == NULL || requester->id < there->id)
    g_hash_table_insert (table, key, requester);
  else
    g_free (key);
}

void
cn_requester_matcher_add (CnRequesterMatcher *matcher,
                          gint64 id,
                          const char *name,
                          const char *email,
                          const char *profile_url)
{
  Requester *requester;
  GPtrArray *namesakes;
  guint position;

  g_return_if_fail (matcher != NULL);

  requester = g_new0 (Requester, 1);
  requester->id = id;
  requester->has_email = email != NULL;
  requester->has_url = profile_url != NULL;
  g_hash_table_insert (matcher->by_id, &requester->id, requester);
  if (profile_url != NULL)
    index_key (matcher->by_url, g_strdup (profile_url), requester);
  if (email != NULL)
    index_key (matcher->by_email, g_ascii_strdown (email, -1), requester);
  if (name == NULL)
    return;

  namesakes = g_hash_table_lookup (matcher->by_name, name);
  if (namesakes == NULL)
    {
      namesakes = g_ptr_array_new ();
      g_hash_table_insert (matcher->by_name, g_strdup (name), namesakes);
    }
  /* Added in the order of their ids, as a load reads them: the end. */
  for (position = namesakes->len; position > 0; position--)
    if (((Requester *) g_ptr_array_index (namesakes, position - 1))->id < id)
      break;
  g_ptr_array_insert (namesakes, position, requester);
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
    {
      g_autofree char *key = g_ascii_strdown (email, -1);

      found = g_hash_table_lookup (matcher->by_email, key);
    }
  if (found == NULL && name != NULL)
    {
      GPtrArray *namesakes = g_hash_table_lookup (matcher->by_name, name);

      /* A namesake only matches when nothing we know tells them apart. */
      for (guint i = 0; namesakes != NULL && i < namesakes->len && found == NULL; i++)
        {
          Requester *namesake = g_ptr_array_index (namesakes, i);

          if ((!namesake->has_email || email == NULL) &&
              (!namesake->has_url || profile_url == NULL))
            found = namesake;
        }
    }

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

  requester = g_hash_table_lookup (matcher->by_id, &id);
  if (requester == NULL)
    return;

  email = nonempty (email);
  profile_url = nonempty (profile_url);
  if (email != NULL && !requester->has_email)
    {
      requester->has_email = TRUE;
      index_key (matcher->by_email, g_ascii_strdown (email, -1), requester);
    }
  if (profile_url != NULL && !requester->has_url)
    {
      requester->has_url = TRUE;
      index_key (matcher->by_url, g_strdup (profile_url), requester);
    }
}
