/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-corpus.h"

static const char *const corpus_files[] = {
  "intro_requests.jsonl",
  "more_en.jsonl",
  "more_fr.jsonl",
};

char *
cn_corpus_default_dir (void)
{
  const char *shared = g_getenv ("CONNECTEUR_SHARED");

  return shared != NULL ? g_build_filename (shared, "corpus", NULL) : NULL;
}

/* id → part + 1 */
static GHashTable *
read_split (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) split = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", 2);
      if (g_strv_length (fields) != 2 ||
          (!g_str_equal (fields[1], "tune") && !g_str_equal (fields[1], "test")))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%u: not “id<TAB>part”", path,
                       i + 1);
          return NULL;
        }
      g_hash_table_insert (split, g_strdup (fields[0]),
                           GINT_TO_POINTER (
                               (g_str_equal (fields[1], "test") ? CN_CORPUS_TEST : CN_CORPUS_TUNE) +
                               1));
    }
  return g_steal_pointer (&split);
}

gboolean
cn_corpus_foreach (
    const char *dir, const char *split_path, CnCorpusFunc func, gpointer user_data, GError **error)
{
  g_autoptr(GHashTable) split = read_split (split_path, error);

  if (split == NULL)
    return FALSE;

  for (guint f = 0; f < G_N_ELEMENTS (corpus_files); f++)
    {
      g_autofree char *path = g_build_filename (dir, corpus_files[f], NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_file_get_contents (path, &contents, NULL, error))
        return FALSE;
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonObject *record;
          int part;

          if (*g_strstrip (lines[i]) == '\0')
            continue;
          if (!json_parser_load_from_data (parser, lines[i], -1, error) ||
              !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
            {
              g_prefix_error (error, "%s:%u: ", path, i + 1);
              if (error != NULL && *error == NULL)
                g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%u: not an object", path,
                             i + 1);
              return FALSE;
            }
          record = json_node_get_object (json_parser_get_root (parser));
          part = GPOINTER_TO_INT (
                     g_hash_table_lookup (split,
                                          json_object_get_string_member_with_default (record, "id",
                                                                                      ""))) -
                 1;
          if (part < 0)
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           "%s:%u: in no part of the split: run tools/split-corpus.py again", path,
                           i + 1);
              return FALSE;
            }
          if (!func (record, (CnCorpusPart) part, path, i + 1, user_data, error))
            return FALSE;
        }
    }
  return TRUE;
}
