/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-stem.h"

#include <libstemmer.h>
#include <string.h>

/* Words that say nothing about a person's field: function words, greetings,
 * the titles found on every card ("director", "groupe") and the words of
 * asking for an introduction ("mise en relation"). Folded, space-separated. */
static const char stop_words[] =
    /* French */
    "les des une aux est sont suis etes etait ete etre avoir avons avez ont avait "
    "aurait serait fait faire peut peux pouvez pourrait pourriez pourrais que qui "
    "quoi dont cet cette ces mon mes ton tes son ses notre nos votre vos leur leurs "
    "elle nous vous ils elles moi toi lui eux pas plus moins tres bien tout tous "
    "toute toutes avec sans pour par sur sous dans chez entre vers depuis pendant "
    "avant apres comme mais donc car aussi alors ainsi encore deja souhaite "
    "souhaiterais voudrais aimerais merci bonjour bonsoir salut madame monsieur "
    "cordialement ravi ravie plaisir quelques autre autres meme peu selon chose fois "
    "jour mois annee ans temps "
    "directeur directrice direction responsable chef cheffe groupe societe "
    "entreprise associe associee general generale "
    "relation relations contact contacts reseau echange echanger "
    /* English */
    "the and but for with from about are was were been being have has had does did "
    "will would can could should may might must our you your yours she her him his "
    "its they them their this that these those there here what which who whom whose "
    "when where why how all any some not only just very also more most than too then "
    "into out over thanks thank regards best please like get make know one two new "
    "time week weeks month year years "
    "director manager head chief officer lead senior junior team group company inc "
    "ltd llc corp global international services solutions associate vice president "
    "executive general "
    "network introduction intro introduce ";

static GHashTable *stop_table;

static gpointer
build_stop_table (gpointer data)
{
  /* Kept for the life of the process. */
  char **words = g_strsplit (stop_words, " ", -1);

  stop_table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] != '\0')
        g_hash_table_add (stop_table, words[i]);
      else
        g_free (words[i]);
    }
  g_free (words);
  return NULL;
}

/* sb_stemmer is not thread-safe: one pair per thread, with a cache of the
 * words already stemmed (notes and cards repeat the same words). */
#define CACHE_MAX 20000

typedef struct
{
  struct sb_stemmer *stemmers[CN_STEM_N_LANGS];
  GHashTable *cache[CN_STEM_N_LANGS]; /* folded word → trimmed stem */
} Stemmers;

static void
stemmers_free (gpointer data)
{
  Stemmers *s = data;

  for (guint i = 0; i < CN_STEM_N_LANGS; i++)
    {
      if (s->stemmers[i] != NULL)
        sb_stemmer_delete (s->stemmers[i]);
      g_hash_table_unref (s->cache[i]);
    }
  g_free (s);
}

static GPrivate stemmers_key = G_PRIVATE_INIT (stemmers_free);

static Stemmers *
get_stemmers (void)
{
  Stemmers *s = g_private_get (&stemmers_key);

  if (s == NULL)
    {
      s = g_new0 (Stemmers, 1);
      s->stemmers[CN_STEM_EN] = sb_stemmer_new ("english", "UTF_8");
      s->stemmers[CN_STEM_FR] = sb_stemmer_new ("french", "UTF_8");
      for (guint i = 0; i < CN_STEM_N_LANGS; i++)
        s->cache[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_private_set (&stemmers_key, s);
    }
  return s;
}

CnStemLangs
cn_stem_langs_from_string (const char *lang)
{
  if (g_strcmp0 (lang, "en") == 0)
    return CN_STEM_LANGS_EN;
  if (g_strcmp0 (lang, "fr") == 0)
    return CN_STEM_LANGS_FR;
  return CN_STEM_LANGS_BOTH;
}

static gboolean
ends_with (const char *s, gsize len, const char *suffix, gsize min_left)
{
  gsize n = strlen (suffix);

  return len >= n + min_left && memcmp (s + len - n, suffix, n) == 0;
}

static gboolean
is_vowel (char c)
{
  return strchr ("aeiouy", c) != NULL;
}

/* Our rules after Snowball, the same for both languages: agent nouns and
 * -ing/-ment forms Snowball keeps, so that "recruteur" meets "recruter",
 * "investor" meets "invest", "developpeur" meets "developer". */
static gsize
trim_stem (const char *s, gsize len)
{
  static const struct
  {
    const char *suffix;
    guint8 cut;  /* bytes to remove */
    guint8 left; /* bytes that must remain */
  } rules[] = {
    { "tric", 3, 4 }, { "euse", 4, 4 }, { "eus", 3, 4 }, { "eur", 3, 4 },  { "isme", 4, 4 },
    { "iste", 4, 4 }, { "ism", 3, 4 },  { "ist", 3, 4 }, { "ment", 4, 4 }, { "ing", 3, 4 },
    { "ons", 3, 5 },  { "ed", 2, 5 },   { "er", 2, 4 },  { "or", 2, 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (ends_with (s, len, rules[i].suffix, rules[i].left))
      {
        len -= rules[i].cut;
        break;
      }
  /* French -ir verbs: "investiss(eur)" meets "invest(ir)". */
  if (ends_with (s, len, "iss", 4))
    len -= 3;
  /* "developp", "conseill": one consonant is enough. */
  if (len >= 5 && s[len - 1] == s[len - 2] && !is_vowel (s[len - 1]))
    len--;
  return len;
}

static guint32
hash_bytes (const char *s, gsize len)
{
  return cn_text_hash (s, len);
}

/* The stem of @word (folded, NUL-terminated), from the cache or Snowball
 * and our rules. Owned by the cache. */
static const char *
stem_of (const char *word, gsize len, CnStemLang lang)
{
  Stemmers *s = get_stemmers ();
  const char *stem;
  gsize stem_len;
  char *copy;

  stem = g_hash_table_lookup (s->cache[lang], word);
  if (stem != NULL)
    return stem;

  stem = (const char *) sb_stemmer_stem (s->stemmers[lang], (const sb_symbol *) word, (int) len);
  stem_len = stem != NULL ? (gsize) sb_stemmer_length (s->stemmers[lang]) : 0;
  if (stem == NULL)
    stem = word, stem_len = len;
  stem_len = trim_stem (stem, stem_len);

  if (g_hash_table_size (s->cache[lang]) >= CACHE_MAX)
    g_hash_table_remove_all (s->cache[lang]);
  copy = g_strndup (stem, stem_len);
  g_hash_table_insert (s->cache[lang], g_strndup (word, len), copy);
  return copy;
}

/* Appends the stem of @word to the pool; returns its offset. */
static guint32
append_stem (GString *pool, const char *word, gsize len, CnStemLang lang, guint32 *out_hash)
{
  const char *stem = stem_of (word, len, lang);
  gsize stem_len = strlen (stem);
  guint32 offset = (guint32) pool->len;

  g_string_append_len (pool, stem, (gssize) stem_len);
  g_string_append_c (pool, '\0');
  *out_hash = hash_bytes (stem, stem_len);
  return offset;
}

void
cn_stemmed_init (CnStemmed *self)
{
  memset (self, 0, sizeof *self);
  cn_text_init (&self->text, "", 0);
  self->pool = g_string_sized_new (256);
}

void
cn_stemmed_clear (CnStemmed *self)
{
  cn_text_clear (&self->text);
  g_clear_pointer (&self->words, g_free);
  if (self->pool != NULL)
    g_string_free (self->pool, TRUE);
  self->pool = NULL;
  self->n_words = self->words_size = 0;
}

void
cn_stemmed_reset (CnStemmed *self, const char *utf8, CnStemLangs langs)
{
  static GOnce stop_once = G_ONCE_INIT;
  const char *valid_end = NULL;
  const CnText *text = &self->text;

  g_once (&stop_once, build_stop_table, NULL);

  if (utf8 == NULL)
    utf8 = "";
  /* Read invalid text as far as it is valid. */
  g_utf8_validate (utf8, -1, &valid_end);
  cn_text_reset (&self->text, utf8, valid_end - utf8);

  self->langs = langs;
  self->n_words = 0;
  g_string_truncate (self->pool, 0);
  if (self->words_size < text->n_tokens)
    {
      g_free (self->words);
      self->words_size = MAX (text->n_tokens, 16);
      self->words = g_new (CnStemWord, self->words_size);
    }

  for (guint t = 0; t < text->n_tokens; t++)
    {
      const CnToken *tok = &text->tokens[t];
      CnStemWord *w = &self->words[self->n_words++];
      const char *word;

      w->char_start = tok->char_start;
      w->char_end = tok->char_end;
      w->byte_start = tok->byte_start;
      w->byte_end = tok->byte_end;
      w->folded = (guint32) self->pool->len;
      w->folded_len = tok->len;
      w->folded_hash = tok->hash;
      w->number = (tok->flags & CN_TOKEN_NUMBER) != 0;
      g_string_append_len (self->pool, cn_text_token_str (text, t), tok->len);
      g_string_append_c (self->pool, '\0');
      word = self->pool->str + w->folded;
      w->stop = tok->len < 3 || g_hash_table_contains (stop_table, word);

      for (guint l = 0; l < CN_STEM_N_LANGS; l++)
        {
          w->stem[l] = CN_STEM_NONE;
          w->stem_hash[l] = 0;
          if (w->number || !(langs & (1 << l)))
            continue;
          /* The pool may move: stem from a copy of the offset. */
          {
            char buf[128];
            gsize n = MIN (tok->len, sizeof buf - 1);

            memcpy (buf, self->pool->str + w->folded, n);
            buf[n] = '\0';
            w->stem[l] = append_stem (self->pool, buf, n, (CnStemLang) l, &w->stem_hash[l]);
          }
        }
    }
}

gboolean
cn_stem_words_meet (const CnStemmed *a, guint i, const CnStemmed *b, guint j)
{
  const CnStemWord *wa = &a->words[i];
  const CnStemWord *wb = &b->words[j];

  if (wa->folded_hash == wb->folded_hash && wa->folded_len == wb->folded_len &&
      strcmp (a->pool->str + wa->folded, b->pool->str + wb->folded) == 0)
    return TRUE;

  for (guint la = 0; la < CN_STEM_N_LANGS; la++)
    {
      if (wa->stem[la] == CN_STEM_NONE)
        continue;
      for (guint lb = 0; lb < CN_STEM_N_LANGS; lb++)
        if (wb->stem[lb] != CN_STEM_NONE && wa->stem_hash[la] == wb->stem_hash[lb] &&
            strcmp (a->pool->str + wa->stem[la], b->pool->str + wb->stem[lb]) == 0)
          return TRUE;
    }
  return FALSE;
}

char *
cn_stem_word (const char *word, CnStemLang lang)
{
  CnStemmed s;
  char *stem;

  cn_stemmed_init (&s);
  cn_stemmed_reset (&s, word, 1 << lang);
  stem = s.n_words > 0 && s.words[0].stem[lang] != CN_STEM_NONE
             ? g_strdup (s.pool->str + s.words[0].stem[lang])
             : g_strdup ("");
  cn_stemmed_clear (&s);
  return stem;
}
