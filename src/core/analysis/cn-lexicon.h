/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cn-text.h"

G_BEGIN_DECLS

/* The analyzer's cue lexicons: patterns read from the lexicon files
 * (data/lexicons/README in the file header explains the format), matched
 * against a folded, tokenised note by hash lookups on its words. Read-only
 * once loaded, so one lexicon can serve several threads. Internal. */

/* One per lexicon section. The first seven follow CnElement. */
typedef enum {
  CN_CUE_SELF_INTRO = 0,
  CN_CUE_OBJECTIVE,
  CN_CUE_SPECIFIC_ASK,
  CN_CUE_WHY_YOU,
  CN_CUE_EFFORT_BOUND,
  CN_CUE_PERSONALISED,
  CN_CUE_REASON_TO_FORWARD,
  CN_CUE_GENERIC_TEMPLATE,
  CN_CUE_PUSHY,
  CN_CUE_SALES_PITCH,
  CN_CUE_FLATTERY, /* praise that says nothing checkable */
  CN_CUE_VAGUE,    /* vague goals ("synergies"): not an objective */
  CN_CUE_LANGUAGE, /* common words that tell the language */
  CN_CUE_COMMON,   /* words too common to show a link with a contact */
  CN_CUE_YOU,      /* words that address the reader: "you", "votre" */
  /* How people write, whatever they write about: the analyzer's model
   * weighs these with the cues above (cn-analyzer-model.h). */
  CN_CUE_IDENTITY,  /* a first-person identity predicate: "I am a", "je dirige" */
  CN_CUE_REQUEST,   /* a request put to the reader: "could you", "accepteriez-vous" */
  CN_CUE_PURPOSE,   /* a purpose clause: "in order to", "afin de" */
  CN_CUE_YOUR_WORK, /* the reader's own work: "your article", "votre parcours" */
  CN_CUE_LEARN,     /* wanting to learn from the reader: "learn about", "en savoir plus" */
  CN_N_CUES
} CnCue;

typedef enum {
  CN_LANG_EN = 1 << 0,
  CN_LANG_FR = 1 << 1,
  CN_LANG_ANY = CN_LANG_EN | CN_LANG_FR,
} CnLang;

typedef struct
{
  guint8 cue;       /* CnCue */
  guint8 lang;      /* CnLang of the lexicon it comes from */
  const char *kind; /* interned kind id, never NULL */
  guint first;      /* first and last token, inclusive */
  guint last;
} CnMatch;

/* What a single word is, per language, from the [language], [common-words]
 * and [you] sections. */
typedef enum {
  CN_WORD_LANGUAGE_EN = 1 << 0,
  CN_WORD_LANGUAGE_FR = 1 << 1,
  CN_WORD_COMMON_EN = 1 << 2,
  CN_WORD_COMMON_FR = 1 << 3,
  CN_WORD_YOU_EN = 1 << 4,
  CN_WORD_YOU_FR = 1 << 5,
} CnWordMark;

typedef struct _CnLexicon CnLexicon;

CnLexicon *cn_lexicon_new (void);
void cn_lexicon_free (CnLexicon *self);
/* Adds the patterns of one lexicon file; file_name is used in messages.
 * Fails with CN_ANALYZER_ERROR_LEXICON naming the line. */
gboolean cn_lexicon_parse (
    CnLexicon *self, CnLang lang, const char *file_name, const char *contents, GError **error);
/* Appends to matches (of CnMatch) every pattern found in text, in the order
 * of their first token; fills marks (n_tokens CnWordMark, may be NULL). */
void cn_lexicon_match (const CnLexicon *self, const CnText *text, GArray *matches, guint8 *marks);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnLexicon, cn_lexicon_free)

G_END_DECLS
