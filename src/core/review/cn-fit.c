/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-fit.h"

#include <stdlib.h>
#include <string.h>

#include "cn-analyzer.h"
#include "cn-core-resources.h"
#include "cn-stem.h"

#define KINDS_PATH "/io/github/connecteur/Connecteur/core/lexicons/"
/* A kind needs this many points to be told; below, the request is "other". */
#define KIND_THRESHOLD 3
/* Tags beyond this many are still matched but not told apart. */
#define MAX_TAG_BITS 64

/* ---- Kinds of request ---------------------------------------------------- */

typedef struct
{
  char *folded;
  char *stem;
  guint32 folded_hash;
  guint32 stem_hash;
  gboolean prefix; /* "prospect*" */
} CueWord;

typedef struct
{
  CnRequestKind kind;
  guint8 weight;
  CnStemLang lang;
  guint first; /* in cue_words */
  guint n_words;
} Cue;

typedef struct
{
  GArray *cues;  /* of Cue */
  GArray *words; /* of CueWord */
} KindLexicon;

/* When two kinds score the same, the more specific one wins. */
static const CnRequestKind kind_priority[] = {
  CN_REQUEST_KIND_PRESS,      CN_REQUEST_KIND_INVESTMENT, CN_REQUEST_KIND_RECRUITING,
  CN_REQUEST_KIND_JOB_SEARCH, CN_REQUEST_KIND_BUSINESS,   CN_REQUEST_KIND_ADVICE,
};

static void
parse_cue_line (
    KindLexicon *lex, CnStemmed *scratch, CnRequestKind kind, CnStemLang lang, const char *line)
{
  char *end = NULL;
  long weight = strtol (line, &end, 10);
  Cue cue = { kind, (guint8) CLAMP (weight, 1, 9), lang, lex->words->len, 0 };

  if (end == line || weight <= 0)
    g_error ("Kinds lexicon: a line must start with a weight: “%s”", line);

  cn_stemmed_reset (scratch, end, 1 << lang);
  for (guint i = 0; i < scratch->n_words; i++)
    {
      const CnStemWord *w = &scratch->words[i];
      CueWord cw = { 0 };

      cw.folded = g_strdup (cn_stemmed_folded (scratch, i));
      cw.folded_hash = w->folded_hash;
      cw.prefix = end[w->byte_end] == '*';
      if (w->stem[lang] != CN_STEM_NONE)
        {
          cw.stem = g_strdup (scratch->pool->str + w->stem[lang]);
          cw.stem_hash = w->stem_hash[lang];
        }
      g_array_append_val (lex->words, cw);
      cue.n_words++;
    }
  if (cue.n_words > 0)
    g_array_append_val (lex->cues, cue);
}

static void
parse_kinds (KindLexicon *lex, CnStemLang lang, const char *name)
{
  g_autofree char *path = g_strconcat (KINDS_PATH, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resource_lookup_data (cn_core_get_resource (), path,
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  CnRequestKind kind = CN_REQUEST_KIND_NONE;
  CnStemmed scratch;

  if (bytes == NULL)
    g_error ("The built-in lexicon %s is missing: %s", path, error->message);
  contents = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  lines = g_strsplit (contents, "\n", -1);
  cn_stemmed_init (&scratch);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;
      if (*line == '[')
        {
          char *close = strchr (line, ']');

          if (close != NULL)
            *close = '\0';
          if (!cn_request_kind_from_string (line + 1, &kind))
            g_error ("%s:%u: unknown kind “%s”", name, i + 1, line + 1);
          continue;
        }
      if (kind == CN_REQUEST_KIND_NONE)
        g_error ("%s:%u: a cue before any [kind]", name, i + 1);
      parse_cue_line (lex, &scratch, kind, lang, line);
    }
  cn_stemmed_clear (&scratch);
}

static gpointer
load_kinds (gpointer data)
{
  KindLexicon *lex = g_new0 (KindLexicon, 1);

  lex->cues = g_array_new (FALSE, FALSE, sizeof (Cue));
  lex->words = g_array_new (FALSE, FALSE, sizeof (CueWord));
  parse_kinds (lex, CN_STEM_EN, "kinds.en.lexicon");
  parse_kinds (lex, CN_STEM_FR, "kinds.fr.lexicon");
  return lex;
}

static const KindLexicon *
get_kinds (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, load_kinds, NULL);
}

static gboolean
cue_word_meets (const CueWord *cw, CnStemLang lang, const CnStemmed *s, guint j)
{
  const CnStemWord *w = &s->words[j];
  const char *folded = cn_stemmed_folded (s, j);

  if (cw->prefix)
    return g_str_has_prefix (folded, cw->folded);
  if (cw->folded_hash == w->folded_hash && strcmp (cw->folded, folded) == 0)
    return TRUE;
  return cw->stem != NULL && w->stem[lang] != CN_STEM_NONE && cw->stem_hash == w->stem_hash[lang] &&
         strcmp (cw->stem, s->pool->str + w->stem[lang]) == 0;
}

static gboolean
cue_found (const KindLexicon *lex, const Cue *cue, const CnStemmed *s)
{
  const CueWord *words = &g_array_index (lex->words, CueWord, cue->first);

  for (guint j = 0; j + cue->n_words <= s->n_words; j++)
    {
      guint k = 0;

      while (k < cue->n_words && cue_word_meets (&words[k], cue->lang, s, j + k))
        k++;
      if (k == cue->n_words)
        return TRUE;
    }
  return FALSE;
}

static guint
kind_index (CnRequestKind kind)
{
  return (guint) g_bit_nth_lsf ((gulong) kind, -1);
}

/* A bit per word hash of a note: most cues can be ruled out by their first
 * word without scanning the note. */
#define FILTER_BITS 4096
typedef guint64 WordFilter[FILTER_BITS / 64];

static inline void
filter_add (guint64 *filter, guint32 hash)
{
  filter[(hash % FILTER_BITS) / 64] |= G_GUINT64_CONSTANT (1) << (hash % 64);
}

static inline gboolean
filter_has (const guint64 *filter, guint32 hash)
{
  return (filter[(hash % FILTER_BITS) / 64] >> (hash % 64)) & 1;
}

static void
filter_build (guint64 *filter, const CnStemmed *s)
{
  memset (filter, 0, sizeof (WordFilter));
  for (guint j = 0; j < s->n_words; j++)
    {
      filter_add (filter, s->words[j].folded_hash);
      for (guint l = 0; l < CN_STEM_N_LANGS; l++)
        if (s->words[j].stem[l] != CN_STEM_NONE)
          filter_add (filter, s->words[j].stem_hash[l]);
    }
}

static gboolean
cue_may_be_in (const KindLexicon *lex, const Cue *cue, const guint64 *filter)
{
  const CueWord *first = &g_array_index (lex->words, CueWord, cue->first);

  return first->prefix || filter_has (filter, first->folded_hash) ||
         (first->stem != NULL && filter_has (filter, first->stem_hash));
}

static CnRequestKind
classify_stemmed (const CnStemmed *notes, guint n_notes)
{
  const KindLexicon *lex = get_kinds ();
  guint scores[8] = { 0 };
  CnRequestKind best = CN_REQUEST_KIND_OTHER;
  guint best_score = KIND_THRESHOLD - 1;
  WordFilter filters[2];

  g_assert (n_notes <= G_N_ELEMENTS (filters));
  for (guint n = 0; n < n_notes; n++)
    filter_build (filters[n], &notes[n]);

  for (guint c = 0; c < lex->cues->len; c++)
    {
      const Cue *cue = &g_array_index (lex->cues, Cue, c);

      if (!(notes[0].langs & (1 << cue->lang)))
        continue;
      /* Each cue counts once per note. */
      for (guint n = 0; n < n_notes; n++)
        if (cue_may_be_in (lex, cue, filters[n]) && cue_found (lex, cue, &notes[n]))
          scores[kind_index (cue->kind)] += cue->weight;
    }

  for (guint i = 0; i < G_N_ELEMENTS (kind_priority); i++)
    {
      guint score = scores[kind_index (kind_priority[i])];

      if (score > best_score)
        {
          best = kind_priority[i];
          best_score = score;
        }
    }
  return best;
}

/* ---- Per-thread buffers ---------------------------------------------------- */

/* Stemmed notes and card fields, kept between calls so that computing a fit
 * for every row of a list does not allocate for each. */
typedef struct
{
  CnStemmed notes[2];
  CnStemmed *card;
  guint n_card;
} Scratch;

static void
scratch_free (gpointer data)
{
  Scratch *s = data;

  for (guint i = 0; i < 2; i++)
    cn_stemmed_clear (&s->notes[i]);
  for (guint i = 0; i < s->n_card; i++)
    cn_stemmed_clear (&s->card[i]);
  g_free (s->card);
  g_free (s);
}

static GPrivate scratch_key = G_PRIVATE_INIT (scratch_free);

static Scratch *
get_scratch (guint n_card)
{
  Scratch *s = g_private_get (&scratch_key);

  if (s == NULL)
    {
      s = g_new0 (Scratch, 1);
      cn_stemmed_init (&s->notes[0]);
      cn_stemmed_init (&s->notes[1]);
      g_private_set (&scratch_key, s);
    }
  if (s->n_card < n_card)
    {
      s->card = g_renew (CnStemmed, s->card, n_card);
      for (guint i = s->n_card; i < n_card; i++)
        cn_stemmed_init (&s->card[i]);
      s->n_card = n_card;
    }
  return s;
}

CnRequestKind
cn_request_kind_classify (const char *note_to_target,
                          const char *note_to_connector,
                          const char *lang)
{
  Scratch *s = get_scratch (0);
  CnStemLangs langs = cn_stem_langs_from_string (lang);

  cn_stemmed_reset (&s->notes[0], note_to_target, langs);
  cn_stemmed_reset (&s->notes[1], note_to_connector, langs);
  return classify_stemmed (s->notes, 2);
}

/* ---- Fit ----------------------------------------------------------------- */

struct _CnFit
{
  CnFitLevel level;
  CnRequestKind kind;
  gboolean kind_accepted;
  gboolean kinds_stated;
  GArray *matches; /* of CnFitMatch */
};

static void
clear_match (gpointer data)
{
  CnFitMatch *m = data;

  g_free (m->request_term);
  g_free (m->contact_term);
}

/* A card field, stemmed: a tag, the position or the company. */
typedef struct
{
  CnFitField field;
  guint index;
  const char *text;
  const CnStemmed *stemmed;
} CardField;

/* The first card word @word meets, in card order (tags first). */
static gboolean
find_on_card (const CnStemmed *note,
              guint word,
              const CardField *card,
              guint n_card,
              const CardField **out_field,
              guint *out_word)
{
  for (guint f = 0; f < n_card; f++)
    {
      const CnStemmed *s = card[f].stemmed;

      for (guint k = 0; k < s->n_words; k++)
        if (!s->words[k].stop && cn_stem_words_meet (note, word, s, k))
          {
            *out_field = &card[f];
            *out_word = k;
            return TRUE;
          }
    }
  return FALSE;
}

static guint64
tag_bit (const CnFitMatch *m)
{
  if (m->field != CN_FIT_FIELD_EXPERTISE)
    return 0;
  return G_GUINT64_CONSTANT (1) << MIN (m->field_index, MAX_TAG_BITS - 1);
}

/* Prefix of @text that is valid UTF-8: offsets computed on it stay valid. */
static char *
valid_prefix (const char *text)
{
  const char *end = NULL;

  if (text == NULL)
    return NULL;
  g_utf8_validate (text, -1, &end);
  return g_strndup (text, (gsize) (end - text));
}

/* Characters of the sentence holding word @j, end exclusive. */
static void
sentence_of (const CnStemmed *note, guint j, guint *start, guint *end)
{
  const CnToken *tokens = note->text.tokens;
  guint first = j, next = j + 1;

  while (first > 0 && !(tokens[first].flags & CN_TOKEN_SENTENCE))
    first--;
  while (next < note->n_words && !(tokens[next].flags & CN_TOKEN_SENTENCE))
    next++;
  *start = tokens[first].char_start;
  *end = next < note->n_words ? tokens[next].char_start : note->text.n_chars;
}

static gboolean
overlaps (const CnSpan *spans, guint n_spans, guint start, guint end)
{
  for (guint i = 0; i < n_spans; i++)
    if (spans[i].start < end && spans[i].end > start)
      return TRUE;
  return FALSE;
}

/* TRUE when a tag is met in a sentence of the note to the target where the
 * analyzer finds the objective or the ask: its cues are short ("je
 * prépare", "auriez-vous"), the sentence is what they introduce. */
static gboolean
tag_in_focus (const char *note_to_target,
              const char *lang,
              const CnStemmed *note,
              const CnFit *fit,
              const guint *words)
{
  CnAnalysisInput input = { 0 };
  g_autoptr(CnAnalysis) analysis = NULL;
  g_autofree char *valid = valid_prefix (note_to_target);
  static const CnElement focus[] = { CN_ELEMENT_OBJECTIVE, CN_ELEMENT_SPECIFIC_ASK };

  input.note_to_target = valid;
  input.lang = lang;
  analysis = cn_analyzer_analyze (cn_analyzer_get_default (), &input, NULL);
  if (analysis == NULL)
    return FALSE;

  for (guint i = 0; i < fit->matches->len; i++)
    {
      const CnFitMatch *m = &g_array_index (fit->matches, CnFitMatch, i);
      guint start, end;

      if (m->note != CN_NOTE_TO_TARGET || tag_bit (m) == 0)
        continue;
      sentence_of (note, words[i], &start, &end);
      for (guint e = 0; e < G_N_ELEMENTS (focus); e++)
        {
          guint n_spans = 0;
          const CnSpan *spans = cn_analysis_get_spans (analysis, focus[e], &n_spans);

          if (overlaps (spans, n_spans, start, end))
            return TRUE;
        }
    }
  return FALSE;
}

static guint
count_bits (guint64 v)
{
  guint n = 0;

  for (; v != 0; v &= v - 1)
    n++;
  return n;
}

CnFit *
cn_fit_compute (const char *note_to_target,
                const char *note_to_connector,
                const char *lang,
                CnContact *contact)
{
  const char *const *tags = contact != NULL ? cn_contact_get_expertise (contact) : NULL;
  guint n_tags = tags != NULL ? g_strv_length ((char **) tags) : 0;
  Scratch *s = get_scratch (n_tags + 2);
  CnStemLangs langs = cn_stem_langs_from_string (lang);
  const char *notes[2] = { note_to_target, note_to_connector };
  g_autofree CardField *card = g_new (CardField, n_tags + 2);
  g_autoptr(GArray) match_words = NULL; /* each match's word in its note */
  guint n_card = 0;
  guint64 all_tags = 0;
  CnFit *fit = g_new0 (CnFit, 1);

  fit->matches = g_array_new (FALSE, TRUE, sizeof (CnFitMatch));
  g_array_set_clear_func (fit->matches, clear_match);

  for (guint n = 0; n < 2; n++)
    cn_stemmed_reset (&s->notes[n], notes[n], langs);
  fit->kind = classify_stemmed (s->notes, 2);
  fit->kind_accepted = TRUE;

  if (contact == NULL)
    return fit;

  fit->kinds_stated = cn_contact_get_accepted_kinds (contact) != 0;
  fit->kind_accepted = !fit->kinds_stated || (cn_contact_get_accepted_kinds (contact) & fit->kind);

  /* Tags first: a word on a tag and in the position counts as expertise. */
  for (guint i = 0; i < n_tags + 2; i++)
    {
      CardField *f = &card[n_card];

      f->field = i < n_tags    ? CN_FIT_FIELD_EXPERTISE
                 : i == n_tags ? CN_FIT_FIELD_POSITION
                               : CN_FIT_FIELD_COMPANY;
      f->index = i < n_tags ? i : 0;
      f->text = i < n_tags    ? tags[i]
                : i == n_tags ? cn_contact_get_position (contact)
                              : cn_contact_get_company (contact);
      if (f->text == NULL || *f->text == '\0')
        continue;
      cn_stemmed_reset (&s->card[n_card], f->text, langs);
      f->stemmed = &s->card[n_card];
      n_card++;
    }

  match_words = g_array_new (FALSE, FALSE, sizeof (guint));
  /* One match per word of the notes. Offsets stay within the valid UTF-8
   * prefix of each text, so the terms are copied from the texts as given. */
  for (guint n = 0; n < 2; n++)
    {
      const CnStemmed *note = &s->notes[n];

      for (guint j = 0; j < note->n_words; j++)
        {
          const CnStemWord *w = &note->words[j];
          const CardField *f = NULL;
          const CnStemWord *cw;
          CnFitMatch m = { 0 };
          guint k = 0;

          if (w->stop || !find_on_card (note, j, card, n_card, &f, &k))
            continue;
          cw = &f->stemmed->words[k];
          m.note = (CnNote) n;
          m.span.start = w->char_start;
          m.span.end = w->char_end;
          m.request_term = g_strndup (notes[n] + w->byte_start, w->byte_end - w->byte_start);
          m.field = f->field;
          m.field_index = f->index;
          m.card_span.start = cw->char_start;
          m.card_span.end = cw->char_end;
          m.contact_term = g_strndup (f->text + cw->byte_start, cw->byte_end - cw->byte_start);
          g_array_append_val (fit->matches, m);
          g_array_append_val (match_words, j);
          all_tags |= tag_bit (&m);
        }
    }

  /* GOOD: two different tags among the matches, or one met where the
   * objective or the ask is (the analyzer runs only when that decides).
   * PARTIAL: other words meet. */
  if (count_bits (all_tags) >= 2)
    fit->level = CN_FIT_GOOD;
  else if (all_tags != 0 && tag_in_focus (note_to_target, lang, &s->notes[0], fit,
                                          (const guint *) match_words->data))
    fit->level = CN_FIT_GOOD;
  else if (fit->matches->len > 0)
    fit->level = CN_FIT_PARTIAL;
  else
    fit->level = CN_FIT_NONE;

  return fit;
}

void
cn_fit_free (CnFit *fit)
{
  if (fit == NULL)
    return;
  g_array_unref (fit->matches);
  g_free (fit);
}

CnFitLevel
cn_fit_get_level (const CnFit *fit)
{
  g_return_val_if_fail (fit != NULL, CN_FIT_NONE);
  return fit->level;
}

CnRequestKind
cn_fit_get_kind (const CnFit *fit)
{
  g_return_val_if_fail (fit != NULL, CN_REQUEST_KIND_OTHER);
  return fit->kind;
}

gboolean
cn_fit_get_kind_accepted (const CnFit *fit)
{
  g_return_val_if_fail (fit != NULL, FALSE);
  return fit->kind_accepted;
}

gboolean
cn_fit_get_kinds_stated (const CnFit *fit)
{
  g_return_val_if_fail (fit != NULL, FALSE);
  return fit->kinds_stated;
}

guint
cn_fit_get_n_matches (const CnFit *fit)
{
  g_return_val_if_fail (fit != NULL, 0);
  return fit->matches->len;
}

const CnFitMatch *
cn_fit_get_match (const CnFit *fit, guint index)
{
  g_return_val_if_fail (fit != NULL, NULL);
  g_return_val_if_fail (index < fit->matches->len, NULL);
  return &g_array_index (fit->matches, CnFitMatch, index);
}

const char *
cn_fit_level_to_string (CnFitLevel level)
{
  switch (level)
    {
    case CN_FIT_GOOD:
      return "good";
    case CN_FIT_PARTIAL:
      return "partial";
    case CN_FIT_NONE:
      return "none";
    default:
      return NULL;
    }
}

const char *
cn_fit_lang (const char *analysis_lang)
{
  if (g_strcmp0 (analysis_lang, "fr") == 0)
    return "fr";
  if (g_strcmp0 (analysis_lang, "en") == 0)
    return "en";
  return NULL;
}
