/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cn-analyzer.h"
#include "cn-lexicon.h"

/* Lexicon format, one pattern per line:
 *
 *   # a comment
 *   [objective]                 a section: the element or flag the patterns show
 *   job search                  words, matched without case or accents
 *   recrut*                     a word family: every word starting with "recrut"
 *   valid* * projet             "*" alone: any one word
 *   looking .. job              "..": up to three words
 *   #num minutes                a number, in digits or in words (see [@num])
 *   i am a @role                a word of the class [@role] defined above
 *   urgent = urgency            after "=": the kind of evidence (flags only)
 *
 * A pattern never runs across the end of a sentence. */

#define MAX_GAP 3
#define MAX_CLASSES 64
#define STEM_KEY 3

typedef enum {
  EL_WORD,
  EL_STEM,
  EL_ANY,
  EL_GAP,
  EL_CLASS,
} ElementType;

typedef struct
{
  guint8 type;
  guint16 len;
  guint32 hash;
  char *str;
  guint64 classes;
} Element;

typedef struct
{
  guint8 cue;
  guint8 lang;
  const char *kind;
  guint n_elements;
  Element *elements;
} Pattern;

typedef struct
{
  char *str;
  guint16 len;
  guint64 classes;
  GArray *patterns; /* guint: patterns that start with this stem */
} Stem;

typedef struct
{
  char *key; /* NULL: empty slot */
  guint16 len;
  guint32 hash;
  guint64 classes;
  GArray *patterns; /* guint: patterns that start with this word */
  GPtrArray *stems; /* stem table only: Stem* sharing this key */
} Entry;

typedef struct
{
  Entry *slots;
  guint size; /* a power of two */
  guint count;
} Table;

struct _CnLexicon
{
  GPtrArray *patterns; /* Pattern* */
  Table words;
  Table stems;
  GArray *class_starts[MAX_CLASSES]; /* guint: patterns that start with a class */
  GHashTable *class_bits;            /* "lang:name" → bit + 1 */
  guint n_classes;
};

typedef struct
{
  guint64 classes;
  const Entry *word;
  const Entry *stems;
} TokenInfo;

static const char *const section_names[CN_N_CUES] = {
  "self_intro",        "objective",        "specific_ask",
  "why_you",           "effort_bound",     "personalised",
  "reason_to_forward", "generic_template", "pushy",
  "sales_pitch",       "flattery",         "vague",
  "language",          "common-words",     "you",
};

static const char *const default_kinds[CN_N_CUES] = {
  "self_intro",        "objective",    "specific_ask", "why_you", "effort_bound", "personalised",
  "reason_to_forward", "stock-phrase", "pressure",     "sales",   "flattery",     "vague",
  "language",          "common-words", "you",
};

/* --- Hash table of words ---------------------------------------------------- */

static void
table_init (Table *table)
{
  table->size = 256;
  table->count = 0;
  table->slots = g_new0 (Entry, table->size);
}

static void
stem_free (gpointer data)
{
  Stem *stem = data;

  g_free (stem->str);
  g_clear_pointer (&stem->patterns, g_array_unref);
  g_free (stem);
}

static void
table_clear (Table *table)
{
  for (guint i = 0; i < table->size; i++)
    {
      Entry *e = &table->slots[i];

      g_free (e->key);
      g_clear_pointer (&e->patterns, g_array_unref);
      g_clear_pointer (&e->stems, g_ptr_array_unref);
    }
  g_clear_pointer (&table->slots, g_free);
}

static inline const Entry *
table_lookup (const Table *table, const char *key, gsize len, guint32 hash)
{
  guint mask = table->size - 1;

  for (guint i = hash & mask;; i = (i + 1) & mask)
    {
      const Entry *e = &table->slots[i];

      if (e->key == NULL)
        return NULL;
      if (e->hash == hash && e->len == len && memcmp (e->key, key, len) == 0)
        return e;
    }
}

static void
table_grow (Table *table)
{
  Table bigger = { g_new0 (Entry, table->size * 2), table->size * 2, table->count };
  guint mask = bigger.size - 1;

  for (guint i = 0; i < table->size; i++)
    {
      Entry *e = &table->slots[i];
      guint j;

      if (e->key == NULL)
        continue;
      for (j = e->hash & mask; bigger.slots[j].key != NULL; j = (j + 1) & mask)
        ;
      bigger.slots[j] = *e;
    }
  g_free (table->slots);
  *table = bigger;
}

static Entry *
table_insert (Table *table, const char *key, gsize len)
{
  guint32 hash = cn_text_hash (key, len);
  Entry *e = (Entry *) table_lookup (table, key, len, hash);
  guint mask, i;

  if (e != NULL)
    return e;

  if ((table->count + 1) * 2 > table->size)
    table_grow (table);

  mask = table->size - 1;
  for (i = hash & mask; table->slots[i].key != NULL; i = (i + 1) & mask)
    ;
  e = &table->slots[i];
  e->key = g_strndup (key, len);
  e->len = (guint16) len;
  e->hash = hash;
  table->count++;

  return e;
}

static void
add_pattern_id (GArray **array, guint id)
{
  if (*array == NULL)
    *array = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (*array, id);
}

static Stem *
stem_insert (CnLexicon *self, const char *str, gsize len)
{
  Entry *bucket = table_insert (&self->stems, str, STEM_KEY);
  Stem *stem;

  if (bucket->stems == NULL)
    bucket->stems = g_ptr_array_new_with_free_func (stem_free);

  for (guint i = 0; i < bucket->stems->len; i++)
    {
      stem = g_ptr_array_index (bucket->stems, i);
      if (stem->len == len && memcmp (stem->str, str, len) == 0)
        return stem;
    }

  stem = g_new0 (Stem, 1);
  stem->str = g_strndup (str, len);
  stem->len = (guint16) len;
  g_ptr_array_add (bucket->stems, stem);

  return stem;
}

/* --- Parsing ------------------------------------------------------------------ */

static void
pattern_free (gpointer data)
{
  Pattern *pattern = data;

  for (guint i = 0; i < pattern->n_elements; i++)
    g_free (pattern->elements[i].str);
  g_free (pattern->elements);
  g_free (pattern);
}

CnLexicon *
cn_lexicon_new (void)
{
  CnLexicon *self = g_new0 (CnLexicon, 1);

  self->patterns = g_ptr_array_new_with_free_func (pattern_free);
  table_init (&self->words);
  table_init (&self->stems);
  self->class_bits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->n_classes = 1; /* bit 0: numbers written in digits */

  return self;
}

void
cn_lexicon_free (CnLexicon *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->patterns);
  table_clear (&self->words);
  table_clear (&self->stems);
  for (guint i = 0; i < MAX_CLASSES; i++)
    g_clear_pointer (&self->class_starts[i], g_array_unref);
  g_hash_table_unref (self->class_bits);
  g_free (self);
}

typedef struct
{
  const char *file_name;
  guint line_no;
  CnLang lang;
  int cue;       /* -1: a class section, or before any section */
  int class_bit; /* class section: its bit; else -1 */
  gboolean in_section;
} ParseState;

static gboolean G_GNUC_PRINTF (3, 4)
    parse_error (const ParseState *st, GError **error, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: "en.lexicon, line 12: a pattern cannot start with “*”." */
  g_set_error (error, CN_ANALYZER_ERROR, CN_ANALYZER_ERROR_LEXICON,
               _("%s, line %u: %s"), st->file_name, st->line_no, message);
  return FALSE;
}

static int
class_bit (CnLexicon *self, CnLang lang, const char *name, gboolean create)
{
  g_autofree char *key = g_strdup_printf ("%d:%s", lang, name);
  gpointer value = g_hash_table_lookup (self->class_bits, key);

  if (value != NULL)
    return GPOINTER_TO_INT (value) - 1;
  if (!create || self->n_classes >= MAX_CLASSES)
    return -1;

  g_hash_table_insert (self->class_bits, g_steal_pointer (&key),
                       GINT_TO_POINTER (self->n_classes + 1));
  return (int) self->n_classes++;
}

static gboolean
parse_section (CnLexicon *self, ParseState *st, const char *line, GError **error)
{
  gsize len = strlen (line);
  g_autofree char *name = NULL;

  if (line[len - 1] != ']')
    return parse_error (st, error, _("a section name must end with “]”."));

  name = g_strstrip (g_strndup (line + 1, len - 2));
  st->in_section = TRUE;
  st->cue = -1;
  st->class_bit = -1;

  if (name[0] == '@')
    {
      if (name[1] == '\0')
        return parse_error (st, error, _("a word class needs a name after “@”."));
      st->class_bit = class_bit (self, st->lang, name + 1, TRUE);
      if (st->class_bit < 0)
        return parse_error (st, error, _("too many word classes."));
      return TRUE;
    }

  for (guint i = 0; i < CN_N_CUES; i++)
    {
      if (g_strcmp0 (name, section_names[i]) == 0)
        {
          st->cue = (int) i;
          return TRUE;
        }
    }

  return parse_error (st, error, _("unknown section “[%s]”."), name);
}

static gboolean
valid_kind (const char *kind)
{
  if (*kind == '\0')
    return FALSE;
  for (const char *p = kind; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        return FALSE;
    }
  return TRUE;
}

/* Appends the elements a piece of a pattern line stands for. */
static gboolean
parse_piece (CnLexicon *self, ParseState *st, const char *piece, GArray *elements, GError **error)
{
  gsize len = strlen (piece);
  gboolean stem = FALSE;
  g_autofree char *copy = NULL;
  CnText text;
  Element el = { 0 };

  if (strcmp (piece, "*") == 0 || strcmp (piece, "..") == 0)
    {
      el.type = piece[0] == '*' ? EL_ANY : EL_GAP;
      g_array_append_val (elements, el);
      return TRUE;
    }

  if (strcmp (piece, "#num") == 0 || piece[0] == '@')
    {
      int bit = class_bit (self, st->lang, piece[0] == '@' ? piece + 1 : "num", FALSE);

      el.type = EL_CLASS;
      if (piece[0] == '#')
        el.classes = 1;
      else if (bit < 0)
        return parse_error (st, error,
                            _("unknown word class “%s”: define it above with “[%s]”."), piece,
                               piece);
      if (bit >= 0)
        el.classes |= G_GUINT64_CONSTANT (1) << bit;
      g_array_append_val (elements, el);
      return TRUE;
    }

  if (len > 1 && piece[len - 1] == '*')
    {
      stem = TRUE;
      len--;
    }
  copy = g_strndup (piece, len);
  if (strchr (copy, '*') != NULL)
    return parse_error (st, error, _("“*” can only end a word or stand alone: “%s”."), piece);

  cn_text_init (&text, copy, -1);
  if (text.n_tokens == 0)
    {
      cn_text_clear (&text);
      return parse_error (st, error, _("“%s” has no letters or digits."), piece);
    }

  for (guint i = 0; i < text.n_tokens; i++)
    {
      const CnToken *tok = &text.tokens[i];
      Element word = { 0 };

      word.type = (stem && i == text.n_tokens - 1) ? EL_STEM : EL_WORD;
      word.str = g_strndup (cn_text_token_str (&text, i), tok->len);
      word.len = tok->len;
      word.hash = tok->hash;
      if (word.type == EL_STEM && word.len < STEM_KEY)
        {
          g_free (word.str);
          cn_text_clear (&text);
          return parse_error (st, error,
                              _("a word family needs at least %d letters before “*”."), STEM_KEY);
        }
      g_array_append_val (elements, word);
    }
  cn_text_clear (&text);

  return TRUE;
}

static void
free_elements (GArray *elements)
{
  for (guint i = 0; i < elements->len; i++)
    g_free (g_array_index (elements, Element, i).str);
}

static gboolean
add_class_word (CnLexicon *self, ParseState *st, GArray *elements, GError **error)
{
  Element *el = &g_array_index (elements, Element, 0);
  guint64 bit = G_GUINT64_CONSTANT (1) << st->class_bit;

  if (elements->len != 1 || (el->type != EL_WORD && el->type != EL_STEM))
    return parse_error (st, error, _("a word class lists single words, one per line."));

  if (el->type == EL_WORD)
    table_insert (&self->words, el->str, el->len)->classes |= bit;
  else
    stem_insert (self, el->str, el->len)->classes |= bit;

  return TRUE;
}

static gboolean
add_pattern (CnLexicon *self, ParseState *st, GArray *elements, const char *kind, GError **error)
{
  Element *first = &g_array_index (elements, Element, 0);
  Element *last = &g_array_index (elements, Element, elements->len - 1);
  Pattern *pattern;
  guint id = self->patterns->len;

  if (first->type == EL_ANY || first->type == EL_GAP)
    return parse_error (st, error, _("a pattern cannot start with “*” or “..”."));
  if (last->type == EL_GAP)
    return parse_error (st, error, _("a pattern cannot end with “..”."));

  pattern = g_new0 (Pattern, 1);
  pattern->cue = (guint8) st->cue;
  pattern->lang = (guint8) st->lang;
  pattern->kind = g_intern_string (kind != NULL ? kind : default_kinds[st->cue]);
  pattern->n_elements = elements->len;
  pattern->elements = (Element *) g_array_free (g_array_ref (elements), FALSE);
  g_ptr_array_add (self->patterns, pattern);

  first = &pattern->elements[0];
  if (first->type == EL_WORD)
    add_pattern_id (&table_insert (&self->words, first->str, first->len)->patterns, id);
  else if (first->type == EL_STEM)
    add_pattern_id (&stem_insert (self, first->str, first->len)->patterns, id);
  else
    {
      for (guint b = 0; b < MAX_CLASSES; b++)
        {
          if (first->classes & (G_GUINT64_CONSTANT (1) << b))
            add_pattern_id (&self->class_starts[b], id);
        }
    }

  return TRUE;
}

static gboolean
parse_line (CnLexicon *self, ParseState *st, char *line, GError **error)
{
  g_autoptr(GArray) elements = NULL;
  g_auto(GStrv) pieces = NULL;
  char *kind = NULL, *eq;
  char *hash;

  /* "#" followed by anything but a letter starts a comment. */
  for (hash = strchr (line, '#'); hash != NULL; hash = strchr (hash + 1, '#'))
    {
      if (!g_ascii_isalpha (hash[1]))
        {
          *hash = '\0';
          break;
        }
    }
  g_strstrip (line);
  if (*line == '\0')
    return TRUE;

  if (line[0] == '[')
    return parse_section (self, st, line, error);

  if (!st->in_section)
    return parse_error (st, error,
                        _("a pattern must come after a section such as “[objective]”."));

  eq = strchr (line, '=');
  if (eq != NULL)
    {
      *eq = '\0';
      kind = g_strstrip (eq + 1);
      g_strstrip (line);
      if (!valid_kind (kind))
        return parse_error (st, error,
                            _("after “=”, write a kind made of letters, digits and “-”."));
      if (st->cue != CN_CUE_GENERIC_TEMPLATE && st->cue != CN_CUE_PUSHY &&
          st->cue != CN_CUE_SALES_PITCH)
        return parse_error (st, error, _("“= kind” is only for warning sections."));
      if (*line == '\0')
        return parse_error (st, error, _("the pattern before “=” is empty."));
    }

  elements = g_array_new (FALSE, TRUE, sizeof (Element));
  pieces = g_strsplit_set (line, " \t", -1);
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      if (pieces[i][0] == '\0')
        continue;
      if (!parse_piece (self, st, pieces[i], elements, error))
        {
          free_elements (elements);
          return FALSE;
        }
    }

  if (st->class_bit >= 0)
    {
      gboolean ok = add_class_word (self, st, elements, error);

      free_elements (elements);
      return ok;
    }

  if (!add_pattern (self, st, elements, kind, error))
    {
      free_elements (elements);
      return FALSE;
    }

  return TRUE;
}

gboolean
cn_lexicon_parse (
    CnLexicon *self, CnLang lang, const char *file_name, const char *contents, GError **error)
{
  ParseState st = { file_name, 0, lang, -1, -1, FALSE };
  const char *p = contents;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  if (!g_utf8_validate (contents, -1, NULL))
    {
      g_set_error (error, CN_ANALYZER_ERROR, CN_ANALYZER_ERROR_LEXICON,
                   _("%s is not valid UTF-8 text."), file_name);
      return FALSE;
    }

  while (*p != '\0')
    {
      const char *nl = strchr (p, '\n');
      gsize len = nl != NULL ? (gsize) (nl - p) : strlen (p);
      g_autofree char *line = g_strndup (p, len);

      st.line_no++;
      if (!parse_line (self, &st, line, error))
        return FALSE;
      p += len;
      if (*p == '\n')
        p++;
    }

  return TRUE;
}

/* --- Matching ----------------------------------------------------------------- */

static inline gboolean
element_matches (const Element *el, const CnText *text, const TokenInfo *info, guint j)
{
  const CnToken *tok = &text->tokens[j];

  switch (el->type)
    {
    case EL_WORD:
      return tok->hash == el->hash && tok->len == el->len &&
             memcmp (cn_text_token_str (text, j), el->str, el->len) == 0;
    case EL_STEM:
      return tok->len >= el->len && memcmp (cn_text_token_str (text, j), el->str, el->len) == 0;
    case EL_CLASS:
      return (info[j].classes & el->classes) != 0;
    case EL_ANY:
    default:
      return TRUE;
    }
}

/* The last token of a match of elements[e…] starting at token j, or -1. */
static int
match_from (const Pattern *pattern, guint e, const CnText *text, const TokenInfo *info, guint j)
{
  const Element *el;

  if (e == pattern->n_elements)
    return (int) j - 1;
  if (j >= text->n_tokens || (e > 0 && (text->tokens[j].flags & CN_TOKEN_SENTENCE)))
    return -1;

  el = &pattern->elements[e];
  if (el->type == EL_GAP)
    {
      for (guint skip = 0; skip <= MAX_GAP; skip++)
        {
          int end;

          if (skip > 0 && (j + skip - 1 >= text->n_tokens ||
                           (text->tokens[j + skip - 1].flags & CN_TOKEN_SENTENCE)))
            break;
          end = match_from (pattern, e + 1, text, info, j + skip);
          if (end >= 0)
            return end;
        }
      return -1;
    }

  if (!element_matches (el, text, info, j))
    return -1;

  return match_from (pattern, e + 1, text, info, j + 1);
}

static void
try_patterns (const CnLexicon *self,
              const GArray *ids,
              const CnText *text,
              const TokenInfo *info,
              guint i,
              GArray *matches)
{
  if (ids == NULL)
    return;

  for (guint k = 0; k < ids->len; k++)
    {
      const Pattern *pattern = g_ptr_array_index (self->patterns, g_array_index (ids, guint, k));
      int end = match_from (pattern, 1, text, info, i + 1);

      if (end >= 0)
        {
          CnMatch m = { pattern->cue, pattern->lang, pattern->kind, i, (guint) end };

          g_array_append_val (matches, m);
        }
    }
}

static void
lookup_token (const CnLexicon *self, const CnText *text, guint i, TokenInfo *info)
{
  const CnToken *tok = &text->tokens[i];
  const char *str = cn_text_token_str (text, i);

  info->classes = (tok->flags & CN_TOKEN_NUMBER) ? 1 : 0;
  info->word = table_lookup (&self->words, str, tok->len, tok->hash);
  info->stems = NULL;
  if (info->word != NULL)
    info->classes |= info->word->classes;

  if (tok->len >= STEM_KEY)
    {
      info->stems = table_lookup (&self->stems, str, STEM_KEY, cn_text_hash (str, STEM_KEY));
      if (info->stems != NULL)
        {
          for (guint k = 0; k < info->stems->stems->len; k++)
            {
              const Stem *stem = g_ptr_array_index (info->stems->stems, k);

              if (tok->len >= stem->len && memcmp (str, stem->str, stem->len) == 0)
                info->classes |= stem->classes;
            }
        }
    }
}

void
cn_lexicon_match (const CnLexicon *self, const CnText *text, GArray *matches)
{
  g_autofree TokenInfo *info = NULL;

  g_return_if_fail (self != NULL);

  if (text->n_tokens == 0)
    return;

  info = g_new (TokenInfo, text->n_tokens);
  for (guint i = 0; i < text->n_tokens; i++)
    lookup_token (self, text, i, &info[i]);

  for (guint i = 0; i < text->n_tokens; i++)
    {
      const CnToken *tok = &text->tokens[i];

      if (info[i].word != NULL)
        try_patterns (self, info[i].word->patterns, text, info, i, matches);

      if (info[i].stems != NULL)
        {
          const char *str = cn_text_token_str (text, i);

          for (guint k = 0; k < info[i].stems->stems->len; k++)
            {
              const Stem *stem = g_ptr_array_index (info[i].stems->stems, k);

              if (tok->len >= stem->len && memcmp (str, stem->str, stem->len) == 0)
                try_patterns (self, stem->patterns, text, info, i, matches);
            }
        }

      for (guint64 bits = info[i].classes; bits != 0; bits &= bits - 1)
        try_patterns (self, self->class_starts[__builtin_ctzll (bits)], text, info, i, matches);
    }
}
