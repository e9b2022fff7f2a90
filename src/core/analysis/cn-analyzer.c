/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cn-analysis-private.h"
#include "cn-analyzer-model.h"
#include "cn-analyzer-private.h"
#include "cn-analyzer.h"
#include "cn-core-resources.h"
#include "cn-lexicon.h"
#include "cn-text.h"

/* Bump when the rules in this file change: stored analyses are then redone.
 * 4: the folding of cn-text.h became the one of the whole program (ß, ı, ĳ,
 * ligatures, accents of every script). */
#define RULES_VERSION 4

#define LEXICON_PATH "/io/github/connecteur/Connecteur/core/lexicons/"
#define MODEL_NAME "analyzer.model"
#define MIN_WORDS 8  /* fewer words than this: too short */
#define YOU_WINDOW 6 /* a role or company word counts near "you"/"your" */
#define MAX_TARGET_WORDS 64
#define ASK_LOOKAHEAD 4 /* an ask followed this closely by a vague goal is vague */

struct _CnAnalyzer
{
  GObject parent_instance;

  CnLexicon *lexicon;
  CnAnalyzerModel model;
  char *version;
};

G_DEFINE_FINAL_TYPE (CnAnalyzer, cn_analyzer, G_TYPE_OBJECT)

/* clang-format off */
G_DEFINE_QUARK (cn-analyzer-error-quark, cn_analyzer_error)
/* clang-format on */

/* Marks on the words of a note. */
enum {
  MARK_STOP = 1 << 0,     /* a common word */
  MARK_YOU = 1 << 1,      /* "you", "your", "vous"… */
  MARK_FLATTERY = 1 << 2, /* inside praise that says nothing checkable */
  MARK_VAGUE = 1 << 3,    /* inside a vague goal */
  MARK_URL = 1 << 4,      /* inside a web address */
};

/* One note, folded, matched, its language told. Its buffers outlive it, to
 * be reused by the next note (see Scratch). */
typedef struct
{
  CnText text;
  GArray *matches; /* CnMatch of the note's language(s) */
  guint8 *marks;
  gsize marks_size;
  const char *lang;
  guint n_words;  /* words outside web addresses */
  gboolean given; /* the note exists (may be empty) */
} Note;

/* The notes of one analysis, kept by each thread for the next: most notes
 * then cost no allocation. */
typedef struct
{
  Note target;
  Note connector;
  gboolean busy; /* in use by an analysis of this thread */
} Scratch;

typedef enum {
  SOURCE_POSITION,
  SOURCE_COMPANY,
  SOURCE_EXPERTISE,
} TargetSource;

typedef struct
{
  char *word;
  guint16 len;
  guint8 source;
  guint8 bit; /* of the word inside its group */
  guint group;
} TargetWord;

typedef struct
{
  TargetSource source;
  guint n_words;
  guint32 matched; /* bits of the group's words seen in the note */
} TargetGroup;

typedef struct
{
  TargetWord words[MAX_TARGET_WORDS];
  guint n_words;
  GArray *groups; /* TargetGroup */
  guint64 first_bytes;
} Target;

/* --- Notes -------------------------------------------------------------------- */

static const char *
detect_lang (const GArray *all, const guint8 *words, guint n_words, guint *lang_mask)
{
  guint en = 0, fr = 0;

  for (guint i = 0; i < n_words; i++)
    {
      en += (words[i] & CN_WORD_LANGUAGE_EN) != 0;
      fr += (words[i] & CN_WORD_LANGUAGE_FR) != 0;
    }

  for (guint i = 0; i < all->len; i++)
    {
      const CnMatch *m = &g_array_index (all, CnMatch, i);

      if (m->cue != CN_CUE_LANGUAGE)
        continue;
      if (m->lang == CN_LANG_EN)
        en++;
      else if (m->lang == CN_LANG_FR)
        fr++;
    }

  if (en > 0 && en >= 3 * fr)
    {
      *lang_mask = CN_LANG_EN;
      return "en";
    }
  if (fr > 0 && fr >= 3 * en)
    {
      *lang_mask = CN_LANG_FR;
      return "fr";
    }

  *lang_mask = CN_LANG_ANY;
  return "und";
}

static void
mark_range (Note *note, const CnMatch *m, guint8 mark)
{
  for (guint t = m->first; t <= m->last; t++)
    note->marks[t] |= mark;
}

/* Words inside web addresses are not words of the note. */
static guint
mark_urls (Note *note)
{
  const CnText *text = &note->text;
  const char *s = text->folded;
  guint n_words = 0;

  for (guint t = 0; t < text->n_tokens; t++)
    {
      const CnToken *tok = &text->tokens[t];
      const char *word = s + tok->start, *after = word + tok->len;
      gsize end;

      /* Most words cannot start an address: say so without comparing. */
      if (tok->len < 3 || tok->len > 5 || (word[0] != 'h' && word[0] != 'w'))
        {
          n_words++;
          continue;
        }
      if (!((tok->len == 4 && memcmp (word, "http", 4) == 0 && strncmp (after, "://", 3) == 0) ||
            (tok->len == 5 && memcmp (word, "https", 5) == 0 && strncmp (after, "://", 3) == 0) ||
            (tok->len == 3 && memcmp (word, "www", 3) == 0 && *after == '.')))
        {
          n_words++;
          continue;
        }

      /* The address runs to the next space. */
      for (end = tok->start; end < text->folded_len && !g_ascii_isspace (s[end]); end++)
        ;
      for (; t < text->n_tokens && text->tokens[t].start < end; t++)
        note->marks[t] |= MARK_URL;
      t--;
    }

  return n_words;
}

/* Requests run to a few hundred characters. Past this many the text is a
 * pasted document or junk: its first pages say all there is to say, and
 * reading the rest would only cost time (a 1 MB note stays under a few ms). */
#define MAX_ANALYSED_CHARS 16384

/* Bytes of utf8 that are analysed. */
static gssize
analysed_length (const char *utf8)
{
  const char *p = utf8;
  gsize len;

  if (utf8 == NULL)
    return -1;
  /* No more bytes than the limit means no more characters either: the
   * common case needs no character count. */
  len = strnlen (utf8, MAX_ANALYSED_CHARS + 1);
  if (len <= MAX_ANALYSED_CHARS)
    return (gssize) len;
  for (guint n = 0; *p != '\0' && n < MAX_ANALYSED_CHARS; n++)
    p = g_utf8_next_char (p);
  return p - utf8;
}

static void
note_scan (CnAnalyzer *self, Note *note, const char *utf8, const char *forced_lang)
{
  GArray *all;
  guint8 *words;
  guint lang_mask = CN_LANG_ANY;
  guint8 stop_marks, you_marks;
  guint kept = 0;
  gsize marks_size;

  note->given = utf8 != NULL;
  cn_text_reset (&note->text, utf8, analysed_length (utf8));
  if (note->matches == NULL)
    note->matches = g_array_new (FALSE, FALSE, sizeof (CnMatch));
  all = note->matches;
  g_array_set_size (all, 0);
  /* One block: the marks, then the word marks from the lexicon. */
  marks_size = 2 * (note->text.n_tokens + 1);
  if (note->marks_size < marks_size)
    {
      g_free (note->marks);
      note->marks = g_malloc (marks_size);
      note->marks_size = marks_size;
    }
  memset (note->marks, 0, marks_size);
  note->n_words = mark_urls (note);
  words = note->marks + note->text.n_tokens + 1;

  cn_lexicon_match (self->lexicon, &note->text, all, words);

  if (g_strcmp0 (forced_lang, "en") == 0)
    {
      note->lang = "en";
      lang_mask = CN_LANG_EN;
    }
  else if (g_strcmp0 (forced_lang, "fr") == 0)
    {
      note->lang = "fr";
      lang_mask = CN_LANG_FR;
    }
  else
    note->lang = detect_lang (all, words, note->text.n_tokens, &lang_mask);

  stop_marks = (guint8) (((lang_mask & CN_LANG_EN) ? CN_WORD_LANGUAGE_EN | CN_WORD_COMMON_EN : 0) |
                         ((lang_mask & CN_LANG_FR) ? CN_WORD_LANGUAGE_FR | CN_WORD_COMMON_FR : 0));
  you_marks = (guint8) (((lang_mask & CN_LANG_EN) ? CN_WORD_YOU_EN : 0) |
                        ((lang_mask & CN_LANG_FR) ? CN_WORD_YOU_FR : 0));
  for (guint i = 0; i < note->text.n_tokens; i++)
    note->marks[i] |= ((words[i] & stop_marks) ? MARK_STOP : 0) |
                      ((words[i] & you_marks) ? MARK_YOU : 0);

  /* Keep the matches of the note's language(s), in place. */
  for (guint i = 0; i < all->len; i++)
    {
      const CnMatch *m = &g_array_index (all, CnMatch, i);

      if ((m->lang & lang_mask) == 0 || (note->marks[m->first] & MARK_URL))
        continue;

      switch (m->cue)
        {
        case CN_CUE_LANGUAGE:
        case CN_CUE_COMMON:
          if (m->first == m->last)
            note->marks[m->first] |= MARK_STOP;
          break;
        case CN_CUE_YOU:
          mark_range (note, m, MARK_YOU);
          break;
        case CN_CUE_FLATTERY:
          mark_range (note, m, MARK_FLATTERY);
          break;
        case CN_CUE_VAGUE:
          mark_range (note, m, MARK_VAGUE);
          break;
        default:
          g_array_index (all, CnMatch, kept++) = *m;
          break;
        }
    }
  g_array_set_size (all, kept);
}

static void
note_clear (Note *note)
{
  cn_text_clear (&note->text);
  g_clear_pointer (&note->matches, g_array_unref);
  g_clear_pointer (&note->marks, g_free);
  note->marks_size = 0;
}

static void
scratch_free (gpointer data)
{
  Scratch *scratch = data;

  note_clear (&scratch->target);
  note_clear (&scratch->connector);
  g_free (scratch);
}

static GPrivate scratch_key = G_PRIVATE_INIT (scratch_free);

/* This thread's scratch notes, or new ones if an analysis of this thread
 * already has them (a log handler analysing, say). */
static Scratch *
scratch_take (void)
{
  Scratch *scratch = g_private_get (&scratch_key);

  if (scratch == NULL)
    {
      scratch = g_new0 (Scratch, 1);
      g_private_set (&scratch_key, scratch);
    }
  else if (scratch->busy)
    return g_new0 (Scratch, 1);

  scratch->busy = TRUE;
  return scratch;
}

static void
scratch_give_back (Scratch *scratch)
{
  if (scratch != g_private_get (&scratch_key))
    {
      scratch_free (scratch);
      return;
    }
  scratch->busy = FALSE;
  scratch->target.given = FALSE;
  scratch->connector.given = FALSE;
}

static gboolean
range_has_mark (const Note *note, guint first, guint last, guint8 mark)
{
  for (guint t = first; t <= last; t++)
    {
      if (note->marks[t] & mark)
        return TRUE;
    }
  return FALSE;
}

static void
match_chars (const Note *note, const CnMatch *m, guint *start, guint *end)
{
  cn_text_token_chars (&note->text, m->first, m->last, start, end);
}

/* --- The target contact --------------------------------------------------------- */

static void
target_add_field (CnAnalyzer *self, Target *target, const char *field, TargetSource source)
{
  g_autoptr(GArray) matches = NULL;
  g_autofree guint8 *stop = NULL;
  TargetGroup group = { source, 0, 0 };
  CnText text;

  if (field == NULL || *field == '\0' || !g_utf8_validate (field, -1, NULL))
    return;

  if (target->groups == NULL)
    target->groups = g_array_new (FALSE, FALSE, sizeof (TargetGroup));
  cn_text_init (&text, field, -1);
  matches = g_array_new (FALSE, FALSE, sizeof (CnMatch));
  stop = g_malloc0 (text.n_tokens + 1);
  cn_lexicon_match (self->lexicon, &text, matches, stop);
  for (guint i = 0; i < matches->len; i++)
    {
      const CnMatch *m = &g_array_index (matches, CnMatch, i);

      if ((m->cue == CN_CUE_LANGUAGE || m->cue == CN_CUE_COMMON || m->cue == CN_CUE_YOU) &&
          m->first == m->last)
        stop[m->first] = 1;
    }

  for (guint i = 0; i < text.n_tokens && target->n_words < MAX_TARGET_WORDS && group.n_words < 32;
       i++)
    {
      const CnToken *tok = &text.tokens[i];
      TargetWord *w;

      if (stop[i] || tok->len < 3 || (tok->flags & CN_TOKEN_NUMBER))
        continue;

      w = &target->words[target->n_words++];
      w->word = g_strndup (cn_text_token_str (&text, i), tok->len);
      w->len = tok->len;
      w->source = (guint8) source;
      w->group = target->groups->len;
      w->bit = (guint8) group.n_words++;
      target->first_bytes |= G_GUINT64_CONSTANT (1) << ((guint8) w->word[0] & 63);
    }

  if (group.n_words > 0)
    g_array_append_val (target->groups, group);
  cn_text_clear (&text);
}

static void
target_init (CnAnalyzer *self, Target *target, const CnAnalysisInput *input)
{
  memset (target, 0, sizeof *target);

  target_add_field (self, target, input->target_position, SOURCE_POSITION);
  target_add_field (self, target, input->target_company, SOURCE_COMPANY);
  if (input->target_expertise != NULL)
    {
      for (guint i = 0; input->target_expertise[i] != NULL; i++)
        target_add_field (self, target, input->target_expertise[i], SOURCE_EXPERTISE);
    }
}

static void
target_clear (Target *target)
{
  for (guint i = 0; i < target->n_words; i++)
    g_free (target->words[i].word);
  g_clear_pointer (&target->groups, g_array_unref);
}

/* Same word, allowing for inflection: short words must be equal, longer ones
 * share a stem ("recrutement"/"recruter", "security"/"sécurité"). */
static gboolean
words_match (const char *a, guint la, const char *b, guint lb)
{
  guint shortest = MIN (la, lb), need, common = 0;

  if (shortest < 5)
    return la == lb && memcmp (a, b, la) == 0;

  need = MAX (5, shortest > 3 ? shortest - 3 : 0);
  while (common < shortest && a[common] == b[common])
    common++;

  return common >= need;
}

static gboolean
near_you (const Note *note, guint t)
{
  guint from = t > YOU_WINDOW ? t - YOU_WINDOW : 0;
  guint to = MIN (note->text.n_tokens - 1, t + YOU_WINDOW);

  return range_has_mark (note, from, to, MARK_YOU);
}

static gboolean
find_target_words (const Note *note, Target *target, CnAnalysis *analysis)
{
  g_autoptr(GArray) hits = NULL;
  const CnText *text = &note->text;
  gboolean found = FALSE;

  if (target->n_words == 0)
    return FALSE;
  hits = g_array_new (FALSE, FALSE, sizeof (guint) * 2);

  for (guint t = 0; t < text->n_tokens; t++)
    {
      const CnToken *tok = &text->tokens[t];
      const char *str = cn_text_token_str (text, t);

      if (tok->len < 3 || (note->marks[t] & (MARK_STOP | MARK_FLATTERY | MARK_URL)) ||
          !(target->first_bytes & (G_GUINT64_CONSTANT (1) << ((guint8) str[0] & 63))))
        continue;

      for (guint k = 0; k < target->n_words; k++)
        {
          TargetWord *w = &target->words[k];
          TargetGroup *group = &g_array_index (target->groups, TargetGroup, w->group);
          guint hit[2] = { t, w->group };

          if (w->word[0] != str[0] || !words_match (w->word, w->len, str, tok->len))
            continue;
          if (w->source != SOURCE_EXPERTISE && !near_you (note, t))
            continue;
          group->matched |= 1u << w->bit;
          g_array_append_val (hits, hit);
        }
    }

  for (guint i = 0; i < hits->len; i++)
    {
      const guint *hit = &g_array_index (hits, guint, i * 2);
      const TargetGroup *group = &g_array_index (target->groups, TargetGroup, hit[1]);
      guint need = MIN (group->n_words, 2), start, end;

      if ((guint) __builtin_popcount (group->matched) < need)
        continue;

      cn_text_token_chars (text, hit[0], hit[0], &start, &end);
      _cn_analysis_add_span (analysis, CN_ELEMENT_WHY_YOU, start, end);
      if (group->source == SOURCE_EXPERTISE)
        _cn_analysis_add_span (analysis, CN_ELEMENT_PERSONALISED, start, end);
      found = TRUE;
    }

  return found;
}

/* --- Placeholders ----------------------------------------------------------------- */

/* Counts characters up to a byte offset; offsets asked must not go back. */
typedef struct
{
  const char *utf8;
  gsize byte;
  guint chars;
} CharCounter;

static guint
count_chars_to (CharCounter *counter, gsize byte)
{
  while (counter->byte < byte)
    {
      counter->byte = (gsize) (g_utf8_next_char (counter->utf8 + counter->byte) - counter->utf8);
      counter->chars++;
    }
  return counter->chars;
}

static void
add_placeholder (CnAnalysis *analysis, CharCounter *counter, gsize from, gsize to)
{
  guint start = count_chars_to (counter, from);
  guint end = count_chars_to (counter, to);

  _cn_analysis_add_evidence (analysis, CN_FLAG_PLACEHOLDERS, CN_NOTE_TO_TARGET, start, end,
                             g_intern_static_string ("placeholder"), counter->utf8 + from,
                             (gssize) (to - from));
}

/* The end of a bracketed slot starting at i ("{first_name}", "[Prénom]",
 * "<Company>"), or 0. */
static gsize
slot_end (const char *s, gsize len, gsize i)
{
  char open = s[i];
  char close = open == '{' ? '}' : open == '[' ? ']' : '>';
  gsize max = open == '<' ? 30 : 40, j;
  gboolean letter = FALSE;

  for (j = i + 1; j < len && j - i <= max; j++)
    {
      guchar c = (guchar) s[j];

      if (c == (guchar) close)
        break;
      if (c == '\n' || (open == '<' && (c == '@' || c == '/' || c == ':' || c == '<')))
        return 0;
      if (g_ascii_isalpha (c) || c >= 0x80)
        letter = TRUE;
    }
  if (j >= len || s[j] != close || !letter)
    return 0;
  if (open == '<' && !g_ascii_isupper (s[i + 1]) && s[i + 1] != '_')
    return 0;
  if (open == '[' && j + 1 < len && s[j + 1] == '(') /* a Markdown link */
    return 0;
  if (open == '[' && (strncmp (s + i, "[…]", j - i + 1) == 0))
    return 0;

  /* {{double braces}} */
  while (j + 1 < len && s[j + 1] == close && open == '{')
    j++;

  return j + 1;
}

static void
find_placeholders (CnAnalysis *analysis, const char *utf8)
{
  CharCounter counter = { utf8, 0, 0 };
  gsize len = (gsize) analysed_length (utf8);

  for (gsize i = 0; i < len; i++)
    {
      const char *next = strpbrk (utf8 + i, "{[<X");
      char c;

      if (next == NULL)
        break;
      i = (gsize) (next - utf8);
      c = utf8[i];

      if (c == '{' || c == '[' || c == '<')
        {
          gsize from = i, end;

          while (c == '{' && i + 1 < len && utf8[i + 1] == '{')
            i++;
          end = slot_end (utf8, len, i);
          if (end > 0)
            {
              add_placeholder (analysis, &counter, from, end);
              i = end - 1;
            }
        }
      else if (c == 'X' && (i == 0 || !g_ascii_isalnum (utf8[i - 1])))
        {
          gsize j = i;

          while (j < len && utf8[j] == 'X')
            j++;
          if (j - i >= 2 && (j == len || !g_ascii_isalpha (utf8[j])))
            add_placeholder (analysis, &counter, i, j);
          i = j - 1;
        }
    }
}

/* --- What a template's slots stand for --------------------------------------------- */

/* Templates are judged as if their slots were filled as meant (the
 * labelling guide's rule): a slot for the sender's name or role says who is
 * asking; a slot for a specific detail ("[specific project]", "[raison]")
 * says something of this reader. Told from the slot's own words. */
typedef enum {
  SLOT_SELF = 1 << 0,
  SLOT_DETAIL = 1 << 1,
} SlotKind;

#define CUE_SLOT_SELF (1u << CN_N_CUES)
#define CUE_SLOT_DETAIL (1u << (CN_N_CUES + 1))

static gboolean
word_in (const char *word, gsize len, const char *const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    {
      if (strlen (list[i]) == len && memcmp (word, list[i], len) == 0)
        return TRUE;
    }
  return FALSE;
}

static guint
slot_kind (const char *slot, gsize len)
{
  /* The writer's own details, as templates name them. */
  static const char *const writer[] = { "your", "votre", "ton", "my", "mon", "ma", NULL };
  static const char *const self_nouns[] = {
    "name",    "nom",        "prenom",  "role", "poste",      "title",    "titre", "fonction",
    "company", "entreprise", "societe", "job",  "background", "parcours", NULL,
  };
  static const char *const self_words[] = { "fromname", "sender", "expediteur", "signature", NULL };
  static const char *const detail_words[] = {
    "specific",     "specifique",  "specifiques", "precis",       "precise",      "precises",
    "particular",   "particulier", "point",       "topic",        "sujet",        "project",
    "projet",       "observation", "article",     "post",         "publication",  "event",
    "evenement",    "reason",      "raison",      "commun",       "common",       "shared",
    "mutual",       "accroche",    "context",     "contexte",     "achievement",  "news",
    "initiative",   "angle",       "problem",     "probleme",     "detail",       "interest",
    "interet",      "recent",      "recente",     "personalized", "personnalise", "personnalisee",
    "personalised", NULL,
  };
  CnText text;
  guint kind = 0;
  gboolean after_writer = FALSE;

  cn_text_init (&text, slot, (gssize) len);
  for (guint t = 0; t < text.n_tokens; t++)
    {
      const char *word = cn_text_token_str (&text, t);
      gsize n = text.tokens[t].len;

      if ((after_writer && word_in (word, n, self_nouns)) || word_in (word, n, self_words))
        kind |= SLOT_SELF;
      if (word_in (word, n, detail_words))
        kind |= SLOT_DETAIL;
      after_writer = word_in (word, n, writer);
    }
  cn_text_clear (&text);

  return kind;
}

/* A slot of the note and what it stands for. */
typedef struct
{
  CnSpan span;
  guint kind; /* SlotKind */
} Slot;

/* The note's slots that stand for something, each read once; NULL when the
 * note has none (most notes: no allocation). *kinds: all their kinds. */
static GArray *
read_slots (CnAnalysis *analysis, guint *kinds)
{
  GArray *slots = NULL;
  const CnEvidence *evidence;
  guint n = 0;

  *kinds = 0;
  evidence = cn_analysis_get_evidence (analysis, &n);
  for (guint i = 0; i < n; i++)
    {
      Slot slot = { evidence[i].span, 0 };

      if (evidence[i].flag != CN_FLAG_PLACEHOLDERS)
        continue;
      slot.kind = slot_kind (evidence[i].text, strlen (evidence[i].text));
      if (slot.kind == 0)
        continue;
      if (slots == NULL)
        slots = g_array_new (FALSE, FALSE, sizeof (Slot));
      g_array_append_val (slots, slot);
      *kinds |= slot.kind;
    }
  return slots;
}

/* --- The note to the target --------------------------------------------------------- */

/* --- The model's features ---------------------------------------------------------- */

#define CUE_BIT(cue) (1u << CN_CUE_##cue)

/* The cues whose words show each label. The model may weigh any feature,
 * but a label is only reported with words of the note behind it. */
static const guint32 label_evidence[CN_N_LABELS] = {
  [CN_LABEL_SELF_INTRO] = CUE_BIT (SELF_INTRO) | CUE_BIT (IDENTITY) | CUE_SLOT_SELF,
  [CN_LABEL_OBJECTIVE] = CUE_BIT (OBJECTIVE) | CUE_BIT (PURPOSE),
  [CN_LABEL_SPECIFIC_ASK] = CUE_BIT (SPECIFIC_ASK) | CUE_BIT (REQUEST) | CUE_BIT (LEARN),
  [CN_LABEL_WHY_YOU] = CUE_BIT (WHY_YOU) | CUE_BIT (YOUR_WORK) | CUE_SLOT_DETAIL,
  [CN_LABEL_EFFORT_BOUND] = CUE_BIT (EFFORT_BOUND),
  [CN_LABEL_PERSONALISED] = CUE_BIT (PERSONALISED) | CUE_BIT (YOUR_WORK) | CUE_SLOT_DETAIL,
  [CN_LABEL_GENERIC_TEMPLATE] = CUE_BIT (GENERIC_TEMPLATE),
  [CN_LABEL_PUSHY] = CUE_BIT (PUSHY),
  [CN_LABEL_SALES_PITCH] = CUE_BIT (SALES_PITCH),
};

/* Whether a match of the note to the target counts: praise is no reason,
 * a vague goal no objective, and "would you be open to connect?" asks
 * nothing concrete. */
static gboolean
match_counts (const Note *note, const CnMatch *m)
{
  switch (m->cue)
    {
    case CN_CUE_REASON_TO_FORWARD:
      return FALSE;
    case CN_CUE_WHY_YOU:
    case CN_CUE_PERSONALISED:
    case CN_CUE_YOUR_WORK:
      return !range_has_mark (note, m->first, m->last, MARK_FLATTERY);
    case CN_CUE_OBJECTIVE:
    case CN_CUE_PURPOSE:
      return !range_has_mark (note, m->first, m->last, MARK_VAGUE);
    case CN_CUE_SPECIFIC_ASK:
    case CN_CUE_REQUEST:
      return !range_has_mark (note, m->first,
                              MIN (m->last + ASK_LOOKAHEAD, note->text.n_tokens - 1), MARK_VAGUE);
    default:
      return TRUE;
    }
}

static gboolean
is_platform_text (const CnMatch *m)
{
  return m->cue == CN_CUE_GENERIC_TEMPLATE &&
         m->kind == g_intern_static_string ("linkedin-invitation");
}

/* Fills x with the note's features; returns the mask of the cues found. */
static guint32
note_features (const Note *note, const char *utf8, gboolean placeholders, guint slots, float *x)
{
  static const CnFeature cue_feature[CN_N_CUES] = {
    [CN_CUE_SELF_INTRO] = CN_FEATURE_SELF_INTRO,
    [CN_CUE_OBJECTIVE] = CN_FEATURE_OBJECTIVE,
    [CN_CUE_SPECIFIC_ASK] = CN_FEATURE_SPECIFIC_ASK,
    [CN_CUE_WHY_YOU] = CN_FEATURE_WHY_YOU,
    [CN_CUE_EFFORT_BOUND] = CN_FEATURE_EFFORT_BOUND,
    [CN_CUE_PERSONALISED] = CN_FEATURE_PERSONALISED,
    [CN_CUE_GENERIC_TEMPLATE] = CN_FEATURE_STOCK,
    [CN_CUE_PUSHY] = CN_FEATURE_PUSHY,
    [CN_CUE_SALES_PITCH] = CN_FEATURE_SALES_PITCH,
    [CN_CUE_IDENTITY] = CN_FEATURE_IDENTITY,
    [CN_CUE_REQUEST] = CN_FEATURE_REQUEST,
    [CN_CUE_PURPOSE] = CN_FEATURE_PURPOSE,
    [CN_CUE_YOUR_WORK] = CN_FEATURE_YOUR_WORK,
    [CN_CUE_LEARN] = CN_FEATURE_LEARN,
  };
  guint32 cues = 0;
  guint n_elements = 0;
  gssize len = analysed_length (utf8);

  memset (x, 0, sizeof (float) * CN_N_FEATURES);
  x[CN_FEATURE_BIAS] = 1;

  for (guint i = 0; i < note->matches->len; i++)
    {
      const CnMatch *m = &g_array_index (note->matches, CnMatch, i);

      if (!match_counts (note, m))
        continue;
      cues |= 1u << m->cue;
      if (is_platform_text (m))
        x[CN_FEATURE_PLATFORM] = 1;
      else if (cue_feature[m->cue] != CN_FEATURE_BIAS)
        x[cue_feature[m->cue]] = 1;
    }
  /* Praise and vague goals are marks, not matches. */
  for (guint t = 0; t < note->text.n_tokens; t++)
    {
      if (note->marks[t] & MARK_FLATTERY)
        x[CN_FEATURE_FLATTERY] = 1;
      if (note->marks[t] & MARK_VAGUE)
        x[CN_FEATURE_VAGUE] = 1;
    }

  for (guint e = 0; e < CN_N_TARGET_ELEMENTS; e++)
    n_elements += (cues & (1u << e)) != 0;
  x[CN_FEATURE_MANY_CUES] = n_elements >= 3;
  x[CN_FEATURE_QUESTION] = len > 0 && memchr (utf8, '?', (gsize) len) != NULL;
  x[CN_FEATURE_LENGTH] = (float) MIN (1.0, log1p (note->n_words) / log1p (300));
  x[CN_FEATURE_SHORT] = note->n_words < MIN_WORDS;
  x[CN_FEATURE_PLACEHOLDERS] = placeholders;
  x[CN_FEATURE_SLOT_SELF] = (slots & SLOT_SELF) != 0;
  x[CN_FEATURE_SLOT_DETAIL] = (slots & SLOT_DETAIL) != 0;
  if (slots & SLOT_SELF)
    cues |= CUE_SLOT_SELF;
  if (slots & SLOT_DETAIL)
    cues |= CUE_SLOT_DETAIL;

  return cues;
}

static void
add_cue_evidence (
    CnAnalysis *analysis, CnFlag flag, const Note *note, const char *utf8, const CnMatch *m)
{
  const CnToken *first = &note->text.tokens[m->first];
  const CnToken *last = &note->text.tokens[m->last];
  guint start, end;

  match_chars (note, m, &start, &end);
  _cn_analysis_add_evidence (analysis, flag, CN_NOTE_TO_TARGET, start, end, m->kind,
                             utf8 + first->byte_start,
                             (gssize) (last->byte_end - first->byte_start));
}

static void
analyse_target_note (
    CnAnalyzer *self, CnAnalysis *analysis, const Note *note, const char *utf8, Target *target)
{
  static const struct
  {
    CnLabel label;
    CnFlag flag;
  } warnings[] = {
    { CN_LABEL_PUSHY, CN_FLAG_PUSHY },
    { CN_LABEL_SALES_PITCH, CN_FLAG_SALES_PITCH },
  };
  float x[CN_N_FEATURES];
  gboolean decided[CN_N_LABELS];
  g_autoptr(GArray) slots = NULL;
  gboolean platform = FALSE, fit, stock;
  guint slot_mask;
  guint32 cues;

  if (utf8 != NULL)
    find_placeholders (analysis, utf8);
  slots = read_slots (analysis, &slot_mask);
  cues = note_features (note, utf8, cn_analysis_has_flag (analysis, CN_FLAG_PLACEHOLDERS),
                        slot_mask, x);
  for (guint l = 0; l < CN_N_LABELS; l++)
    decided[l] = (cues & label_evidence[l]) != 0 &&
                 cn_analyzer_model_predict (&self->model, l, x) >= 0.5;

  for (guint i = 0; i < note->matches->len; i++)
    {
      const CnMatch *m = &g_array_index (note->matches, CnMatch, i);
      guint start, end;

      if (!match_counts (note, m))
        continue;
      platform |= is_platform_text (m);
      for (guint e = 0; e < CN_N_TARGET_ELEMENTS; e++)
        {
          if (!decided[e] || !(label_evidence[e] & (1u << m->cue)))
            continue;
          match_chars (note, m, &start, &end);
          _cn_analysis_add_span (analysis, (CnElement) e, start, end);
        }
      for (guint w = 0; w < G_N_ELEMENTS (warnings); w++)
        {
          if (decided[warnings[w].label] && (label_evidence[warnings[w].label] & (1u << m->cue)))
            add_cue_evidence (analysis, warnings[w].flag, note, utf8, m);
        }
    }

  /* Slots, filled as meant, show their elements too. */
  for (guint i = 0; slots != NULL && i < slots->len; i++)
    {
      const Slot *slot = &g_array_index (slots, Slot, i);

      if ((slot->kind & SLOT_SELF) && decided[CN_LABEL_SELF_INTRO])
        _cn_analysis_add_span (analysis, CN_ELEMENT_SELF_INTRO, slot->span.start, slot->span.end);
      if ((slot->kind & SLOT_DETAIL) && decided[CN_LABEL_WHY_YOU])
        _cn_analysis_add_span (analysis, CN_ELEMENT_WHY_YOU, slot->span.start, slot->span.end);
      if ((slot->kind & SLOT_DETAIL) && decided[CN_LABEL_PERSONALISED])
        _cn_analysis_add_span (analysis, CN_ELEMENT_PERSONALISED, slot->span.start, slot->span.end);
    }

  /* Words of the contact's card met in the note: why this contact, always. */
  fit = find_target_words (note, target, analysis);

  if (note->n_words < MIN_WORDS)
    _cn_analysis_add_evidence (analysis, CN_FLAG_TOO_SHORT, CN_NOTE_TO_TARGET, 0,
                               note->text.n_chars, g_intern_static_string ("too-short"), utf8, -1);

  /* Stock text, as the labelling guide has it: a note that could go
   * unchanged to anyone but for the name. A platform's default invitation
   * is stock whatever follows it; a note that says why this reader, or
   * something of them, is not. Its stock phrases are the evidence, or the
   * whole text. */
  stock = note->n_words > 0 &&
          (platform ||
           (!fit && !cn_analysis_has_element (analysis, CN_ELEMENT_WHY_YOU) &&
            !cn_analysis_has_element (analysis, CN_ELEMENT_PERSONALISED) &&
            cn_analyzer_model_predict (&self->model, CN_LABEL_GENERIC_TEMPLATE, x) >= 0.5));
  if (stock)
    {
      gboolean shown = FALSE;

      for (guint i = 0; i < note->matches->len; i++)
        {
          const CnMatch *m = &g_array_index (note->matches, CnMatch, i);

          if (m->cue == CN_CUE_GENERIC_TEMPLATE)
            {
              add_cue_evidence (analysis, CN_FLAG_GENERIC_TEMPLATE, note, utf8, m);
              shown = TRUE;
            }
        }
      if (!shown)
        _cn_analysis_add_evidence (analysis, CN_FLAG_GENERIC_TEMPLATE, CN_NOTE_TO_TARGET, 0,
                                   note->text.n_chars, g_intern_static_string ("fits-anyone"), "",
                                   0);
    }
  else
    {
      /* A common formula in a note that says more is only a mild note. */
      for (guint i = 0; i < note->matches->len; i++)
        {
          const CnMatch *m = &g_array_index (note->matches, CnMatch, i);

          if (m->cue == CN_CUE_GENERIC_TEMPLATE)
            add_cue_evidence (analysis, CN_FLAG_COMMON_FORMULA, note, utf8, m);
        }
    }
}

/* For tools/train-analyzer: the features the model sees for a note. */
void
_cn_analyzer_get_features (CnAnalyzer *self, const char *note_to_target, const char *lang, float *x)
{
  g_autoptr(CnAnalysis) scratch_analysis = NULL;
  g_autoptr(GArray) slots = NULL;
  Scratch *scratch;
  guint slot_mask;

  g_return_if_fail (CN_IS_ANALYZER (self));
  g_return_if_fail (note_to_target != NULL && g_utf8_validate (note_to_target, -1, NULL));

  scratch_analysis = _cn_analysis_new ();
  scratch = scratch_take ();
  note_scan (self, &scratch->target, note_to_target, lang);
  find_placeholders (scratch_analysis, note_to_target);
  slots = read_slots (scratch_analysis, &slot_mask);
  note_features (&scratch->target, note_to_target,
                 cn_analysis_has_flag (scratch_analysis, CN_FLAG_PLACEHOLDERS), slot_mask, x);
  scratch_give_back (scratch);
}

static void
analyse_connector_note (CnAnalysis *analysis, const Note *note)
{
  for (guint i = 0; i < note->matches->len; i++)
    {
      const CnMatch *m = &g_array_index (note->matches, CnMatch, i);
      guint start, end;

      if (m->cue != CN_CUE_REASON_TO_FORWARD && m->cue != CN_CUE_OBJECTIVE &&
          m->cue != CN_CUE_SELF_INTRO)
        continue;
      if (range_has_mark (note, m->first, m->last, MARK_VAGUE))
        continue;
      match_chars (note, m, &start, &end);
      /* Who is asking may be said to the connector only: it still tells the
       * contact who the request comes from, since the forward quotes it. */
      if (m->cue == CN_CUE_SELF_INTRO)
        _cn_analysis_add_connector_span (analysis, CN_ELEMENT_SELF_INTRO, start, end);
      else
        _cn_analysis_add_span (analysis, CN_ELEMENT_REASON_TO_FORWARD, start, end);
    }
}

/* --- GObject ---------------------------------------------------------------------- */

static void
cn_analyzer_finalize (GObject *object)
{
  CnAnalyzer *self = CN_ANALYZER (object);

  g_clear_pointer (&self->lexicon, cn_lexicon_free);
  g_clear_pointer (&self->version, g_free);

  G_OBJECT_CLASS (cn_analyzer_parent_class)->finalize (object);
}

static void
cn_analyzer_class_init (CnAnalyzerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cn_analyzer_finalize;
}

static void
cn_analyzer_init (CnAnalyzer *self)
{
}

/* --- Public API ------------------------------------------------------------------- */

static char *load_resource (const char *name);

/* The version changes with the rules, the lexicons and the weights. */
static char *
version_of (const char *en_lexicon, const char *fr_lexicon, const char *model)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) en_lexicon, -1);
  g_checksum_update (checksum, (const guchar *) "\n\f\n", 3);
  g_checksum_update (checksum, (const guchar *) fr_lexicon, -1);
  g_checksum_update (checksum, (const guchar *) "\n\f\n", 3);
  g_checksum_update (checksum, (const guchar *) model, -1);
  return g_strdup_printf ("%d-%.12s", RULES_VERSION, g_checksum_get_string (checksum));
}

static CnAnalyzer *
analyzer_new (const char *en_lexicon, const char *fr_lexicon, const char *model, GError **error)
{
  g_autoptr(CnAnalyzer) self = NULL;

  g_return_val_if_fail (en_lexicon != NULL, NULL);
  g_return_val_if_fail (fr_lexicon != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CN_TYPE_ANALYZER, NULL);
  self->lexicon = cn_lexicon_new ();
  if (!cn_lexicon_parse (self->lexicon, CN_LANG_EN, "en.lexicon", en_lexicon, error) ||
      !cn_lexicon_parse (self->lexicon, CN_LANG_FR, "fr.lexicon", fr_lexicon, error) ||
      !cn_analyzer_model_parse (&self->model, MODEL_NAME, model, error))
    return NULL;

  self->version = version_of (en_lexicon, fr_lexicon, model);

  return g_steal_pointer (&self);
}

CnAnalyzer *
cn_analyzer_new_from_lexicons (const char *en_lexicon, const char *fr_lexicon, GError **error)
{
  g_autofree char *model = load_resource (MODEL_NAME);

  g_return_val_if_fail (en_lexicon != NULL, NULL);
  g_return_val_if_fail (fr_lexicon != NULL, NULL);

  return analyzer_new (en_lexicon, fr_lexicon, model, error);
}

/* The built-in lexicons without weights: the features of a note do not
 * depend on them, and the weights may be stale while they are trained. */
CnAnalyzer *
_cn_analyzer_new_untrained (GError **error)
{
  g_autofree char *en = load_resource ("en.lexicon");
  g_autofree char *fr = load_resource ("fr.lexicon");

  return analyzer_new (en, fr, "", error);
}

static char *
load_resource (const char *name)
{
  g_autofree char *path = g_strconcat (LEXICON_PATH, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resource_lookup_data (cn_core_get_resource (), path,
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  if (bytes == NULL)
    g_error ("The built-in lexicon %s is missing: %s", path, error->message);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static gpointer
create_default (gpointer data)
{
  g_autofree char *en = load_resource ("en.lexicon");
  g_autofree char *fr = load_resource ("fr.lexicon");
  g_autoptr(GError) error = NULL;
  CnAnalyzer *analyzer = cn_analyzer_new_from_lexicons (en, fr, &error);

  if (analyzer == NULL)
    g_error ("The built-in lexicons are invalid: %s", error->message);

  return analyzer;
}

CnAnalyzer *
cn_analyzer_get_default (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, create_default, NULL);

  return once.retval;
}

static gpointer
default_version (gpointer data)
{
  g_autofree char *en = load_resource ("en.lexicon");
  g_autofree char *fr = load_resource ("fr.lexicon");
  g_autofree char *model = load_resource (MODEL_NAME);

  return version_of (en, fr, model);
}

const char *
cn_analyzer_get_default_version (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, default_version, NULL);

  return once.retval;
}

const char *
cn_analyzer_get_version (CnAnalyzer *self)
{
  g_return_val_if_fail (CN_IS_ANALYZER (self), NULL);

  return self->version;
}

static gboolean
check_utf8 (const char *text, CnNote note, GError **error)
{
  if (text == NULL || cn_text_validate_utf8 (text, strlen (text), NULL))
    return TRUE;

  g_set_error_literal (error, CN_ANALYZER_ERROR, CN_ANALYZER_ERROR_INVALID_TEXT,
                       note == CN_NOTE_TO_TARGET
                       ? _("The note to the contact is not valid text (it is not UTF-8): "
                               "it may come from a file in another encoding.")
                       : _("The note to you is not valid text (it is not UTF-8): it may "
                               "come from a file in another encoding."));
  return FALSE;
}

CnAnalysis *
cn_analyzer_analyze (CnAnalyzer *self, const CnAnalysisInput *input, GError **error)
{
  return cn_analyzer_analyze_full (self, input, NULL, NULL, error);
}

/* Fills analysis, new or reset. */
static void
analyze (CnAnalyzer *self,
         const CnAnalysisInput *input,
         CnAnalyzerTextFunc text_func,
         gpointer user_data,
         CnAnalysis *analysis)
{
  Scratch *scratch;
  Note *target_note, *connector_note;
  Target target;

  target_init (self, &target, input);
  scratch = scratch_take ();
  target_note = &scratch->target;
  connector_note = &scratch->connector;

  note_scan (self, target_note, input->note_to_target, input->lang);
  if (text_func != NULL && input->note_to_target != NULL &&
      input->note_to_target[analysed_length (input->note_to_target)] == '\0')
    text_func (&target_note->text, user_data);
  analyse_target_note (self, analysis, target_note, input->note_to_target, &target);

  if (input->note_to_connector != NULL)
    {
      note_scan (self, connector_note, input->note_to_connector, NULL);
      _cn_analysis_set_has_connector_note (analysis, TRUE);
      analyse_connector_note (analysis, connector_note);
    }

  _cn_analysis_set_lang (analysis, target_note->lang,
                         connector_note->given ? connector_note->lang : "und");
  _cn_analysis_decide (analysis, target_note->text.n_tokens == 0);
  _cn_analysis_finish (analysis);

  scratch_give_back (scratch);
  target_clear (&target);
}

CnAnalysis *
cn_analyzer_analyze_full (CnAnalyzer *self,
                          const CnAnalysisInput *input,
                          CnAnalyzerTextFunc text_func,
                          gpointer user_data,
                          GError **error)
{
  CnAnalysis *analysis;

  g_return_val_if_fail (CN_IS_ANALYZER (self), NULL);
  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_utf8 (input->note_to_target, CN_NOTE_TO_TARGET, error) ||
      !check_utf8 (input->note_to_connector, CN_NOTE_TO_CONNECTOR, error))
    return NULL;

  analysis = _cn_analysis_new ();
  analyze (self, input, text_func, user_data, analysis);
  return analysis;
}

gboolean
_cn_analyzer_analyze_into (CnAnalyzer *self,
                           const CnAnalysisInput *input,
                           CnAnalyzerTextFunc text_func,
                           gpointer user_data,
                           CnAnalysis *analysis,
                           gboolean checked_utf8,
                           GError **error)
{
  g_return_val_if_fail (CN_IS_ANALYZER (self), FALSE);
  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (CN_IS_ANALYSIS (analysis), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!checked_utf8 && (!check_utf8 (input->note_to_target, CN_NOTE_TO_TARGET, error) ||
                        !check_utf8 (input->note_to_connector, CN_NOTE_TO_CONNECTOR, error)))
    return FALSE;

  _cn_analysis_reset (analysis);
  analyze (self, input, text_func, user_data, analysis);
  return TRUE;
}
