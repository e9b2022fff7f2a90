/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cn-text.h"

G_BEGIN_DECLS

/* Words of a text, folded (case, accents) and stemmed with Snowball plus a
 * few suffix rules of ours, so that agent nouns meet their verbs
 * ("recruteur", "recruter"). Internal to the fit rules. Thread-safe: each
 * thread has its own stemmers. */

typedef enum {
  CN_STEM_EN = 0,
  CN_STEM_FR = 1,
} CnStemLang;
#define CN_STEM_N_LANGS 2

/* Bit mask of (1 << CnStemLang). */
typedef enum {
  CN_STEM_LANGS_EN = 1 << CN_STEM_EN,
  CN_STEM_LANGS_FR = 1 << CN_STEM_FR,
  CN_STEM_LANGS_BOTH = CN_STEM_LANGS_EN | CN_STEM_LANGS_FR,
} CnStemLangs;

/* "en", "fr" or anything else (both). */
CnStemLangs cn_stem_langs_from_string (const char *lang);

#define CN_STEM_NONE G_MAXUINT32

typedef struct
{
  guint char_start; /* characters of the original, end exclusive */
  guint char_end;
  guint byte_start; /* bytes of the original, end exclusive */
  guint byte_end;
  guint32 folded;                /* offset in pool, NUL-terminated */
  guint32 stem[CN_STEM_N_LANGS]; /* offsets in pool, or CN_STEM_NONE */
  guint32 stem_hash[CN_STEM_N_LANGS];
  guint32 folded_hash;
  guint16 folded_len;
  gboolean stop : 1;   /* a stop word, or under three letters: never matched */
  gboolean number : 1; /* digits only */
} CnStemWord;

typedef struct
{
  CnText text;
  CnStemWord *words;
  guint n_words;
  guint words_size;
  GString *pool;
  CnStemLangs langs;
} CnStemmed;

void cn_stemmed_init (CnStemmed *self);
/* Cuts and stems @utf8 (read as far as it is valid UTF-8; NULL is empty). */
void cn_stemmed_reset (CnStemmed *self, const char *utf8, CnStemLangs langs);
void cn_stemmed_clear (CnStemmed *self);

static inline const char *
cn_stemmed_folded (const CnStemmed *self, guint i)
{
  return self->pool->str + self->words[i].folded;
}

/* TRUE when the two words share a stem (in any language both have). Stop
 * words are compared too: callers skip them when they must. */
gboolean cn_stem_words_meet (const CnStemmed *a, guint i, const CnStemmed *b, guint j);

/* Stems one folded word (lower case ASCII letters) into @out; for tests. */
char *cn_stem_word (const char *word, CnStemLang lang);

G_END_DECLS
