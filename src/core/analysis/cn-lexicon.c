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
#define RING_SIZE 256 /* words looked up ahead of the matching: longer than any pattern */
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
  Element elements[]; /* then their strings, in the same block */
} Pattern;

/* A pattern in a list of those that start alike, with what its next element
 * needs: most patterns are ruled out without reading them. */
typedef struct
{
  const Pattern *pattern;
  guint32 hash;        /* next is a word: its hash */
  guint32 prefix;      /* next is a word family: its first bytes (up to 4), */
  guint32 prefix_mask; /* as loaded from memory */
  guint16 len;         /* next is a word: its length; a family: the least */
  guint8 type;         /* of the next element; EL_ANY when there is none */
} Start;

typedef struct
{
  char *str;
  guint16 len;
  guint8 marks; /* CnWordMark */
  guint64 classes;
  GArray *patterns; /* Start: patterns that start with this stem */
} Stem;

typedef struct
{
  char *key; /* NULL: empty slot */
  guint16 len;
  guint16 len1; /* pair table: length of the first word of "first second" */
  guint32 hash;
  char short_key[16]; /* a copy of a key of up to 8 bytes, padded: no pointer to follow */
  guint8 marks;       /* CnWordMark */
  guint64 classes;
  GArray *patterns; /* Start: patterns that start with this word */
  GPtrArray *stems; /* stem table only: Stem* sharing this key */
} Entry;

/* Bloom bits per slot: at most a quarter of the slots are used, so 16 bits a
 * key, few false hits, and small enough to stay in L1 where the slots do not. */
#define BLOOM_BITS_PER_SLOT 4

typedef struct
{
  Entry *slots;
  guint32 *tags; /* hash | 1 of each used slot, 0 for a free one: probed first */
  guint size;    /* a power of two */
  guint count;
  guint64 *bloom; /* one bit per value of the high hash bits: most absent keys stop here */
  guint bloom_shift;
} Table;

struct _CnLexicon
{
  GPtrArray *patterns; /* Pattern* */
  Table words;
  Table stems;
  Table pairs;       /* patterns that start with two words, by "first second" */
  Table class_pairs; /* patterns that start with a class then a word, by "@bit word" */
  GArray *class_starts[MAX_CLASSES]; /* Start: patterns that start with a class */
  GHashTable *class_bits;            /* "lang:name" → bit + 1 */
  guint max_span;                    /* the most words a pattern can cover */
  guint ring_mask;                   /* of the smallest ring that holds max_span + 1 words */
  guint n_classes;
};

typedef struct
{
  guint64 classes;
  const Entry *word;
  const Entry *stems;
  guint64 stem_hits; /* the first 64 stems of the bucket that the word starts with */
  guint8 marks;
} TokenInfo;

/* The words looked up ahead of the matching, as small as the lexicon allows
 * so that it stays in cache. */
typedef struct
{
  TokenInfo slots[RING_SIZE];
  guint mask;
} Ring;

static inline TokenInfo *
ring_at (const Ring *ring, guint i)
{
  return (TokenInfo *) &ring->slots[i & ring->mask];
}

static const char *const section_names[CN_N_CUES] = {
  "self_intro",
  "objective",
  "specific_ask",
  "why_you",
  "effort_bound",
  "personalised",
  "reason_to_forward",
  "generic_template",
  "pushy",
  "sales_pitch",
  "flattery",
  "vague",
  "language",
  "common-words",
  "you",
  "identity",
  "request",
  "purpose",
  "your_work",
  "learn",
};

static const char *const default_kinds[CN_N_CUES] = {
  "self_intro",        "objective",    "specific_ask", "why_you",  "effort_bound", "personalised",
  "reason_to_forward", "stock-phrase", "pressure",     "sales",    "flattery",     "vague",
  "language",          "common-words", "you",          "identity", "request",      "purpose",
  "your_work",         "learn",
};

/* --- Hash table of words ---------------------------------------------------- */

/* The hash of a pair of words, from the words' hashes. */
static inline guint32
pair_hash (guint32 first, guint32 second)
{
  return (first * 0x9E3779B1u) ^ second;
}

static void
bloom_add (Table *table, guint32 hash)
{
  guint bit = hash >> table->bloom_shift;

  table->bloom[bit / 64] |= G_GUINT64_CONSTANT (1) << (bit % 64);
}

static inline gboolean
table_may_have (const Table *table, guint32 hash)
{
  guint bit = hash >> table->bloom_shift;

  return (table->bloom[bit / 64] >> (bit % 64)) & 1;
}

/* An empty filter sized for the table, then its keys. */
static void
table_init_bloom (Table *table)
{
  guint bits = table->size * BLOOM_BITS_PER_SLOT;

  g_free (table->bloom);
  table->bloom = g_new0 (guint64, bits / 64);
  table->bloom_shift = 32 - (guint) g_bit_storage (bits - 1);
  for (guint i = 0; i < table->size; i++)
    {
      if (table->slots[i].key != NULL)
        bloom_add (table, table->slots[i].hash);
    }
}

static void
table_init (Table *table)
{
  table->size = 256;
  table->count = 0;
  table->slots = g_new0 (Entry, table->size);
  table->tags = g_new0 (guint32, table->size);
  table_init_bloom (table);
}

/* A copy followed by 8 zero bytes, for same_bytes(). */
static char *
padded_strndup (const char *str, gsize len)
{
  char *copy = g_malloc0 (len + 8);

  memcpy (copy, str, len);
  return copy;
}

static inline guint64
load64 (const char *p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return GUINT64_FROM_LE (v);
}

/* memcmp() == 0 for the few bytes of a word, 8 at a time and without a
 * library call. Both may be read up to 7 bytes past len: lexicon strings are
 * padded_strndup() copies, and a CnText has zeros past its folded text. */
static inline gboolean
same_bytes (const char *a, const char *b, gsize len)
{
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      if (load64 (a + i) != load64 (b + i))
        return FALSE;
    }
  if (i == len)
    return TRUE;

  return ((load64 (a + i) ^ load64 (b + i)) << (64 - 8 * (len - i))) == 0;
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
  g_clear_pointer (&table->tags, g_free);
  g_clear_pointer (&table->bloom, g_free);
}

/* The key, in the slot itself when short enough that same_bytes() at any
 * offset stays in short_key. */
static inline const char *
entry_key (const Entry *e)
{
  return e->len <= 8 ? e->short_key : e->key;
}

/* key must be readable 7 bytes past len (see same_bytes()). */
static inline const Entry *
table_lookup (const Table *table, const char *key, gsize len, guint32 hash)
{
  guint mask = table->size - 1;
  guint32 tag = hash | 1;

  if (!table_may_have (table, hash))
    return NULL;

  for (guint i = hash & mask;; i = (i + 1) & mask)
    {
      const Entry *e;

      if (table->tags[i] == 0)
        return NULL;
      if (table->tags[i] != tag)
        continue;
      e = &table->slots[i];
      if (e->hash == hash && e->len == len && same_bytes (entry_key (e), key, len))
        return e;
    }
}

static inline const Entry *
pair_lookup (const Table *table, const CnText *text, guint i)
{
  const CnToken *a = &text->tokens[i], *b = &text->tokens[i + 1];
  guint32 hash = pair_hash (a->hash, b->hash);
  guint mask = table->size - 1;
  guint32 tag = hash | 1;

  if (!table_may_have (table, hash))
    return NULL;

  for (guint k = hash & mask;; k = (k + 1) & mask)
    {
      const Entry *e;

      if (table->tags[k] == 0)
        return NULL;
      if (table->tags[k] != tag)
        continue;
      e = &table->slots[k];
      if (e->hash == hash && e->len1 == a->len && e->len == a->len + 1 + b->len &&
          same_bytes (entry_key (e), cn_text_token_str (text, i), a->len) &&
          same_bytes (entry_key (e) + a->len + 1, cn_text_token_str (text, i + 1), b->len))
        return e;
    }
}

static void
table_grow (Table *table)
{
  Table bigger = { g_new0 (Entry, table->size * 2),
                   g_new0 (guint32, table->size * 2),
                   table->size * 2,
                   table->count,
                   table->bloom,
                   0 };
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
      bigger.tags[j] = e->hash | 1;
    }
  g_free (table->slots);
  g_free (table->tags);
  *table = bigger;
  table_init_bloom (table);
}

static Entry *
table_insert_hashed (Table *table, const char *key, gsize len, guint32 hash)
{
  guint mask = table->size - 1, i;
  Entry *e;

  for (i = hash & mask; table->slots[i].key != NULL; i = (i + 1) & mask)
    {
      e = &table->slots[i];
      if (e->hash == hash && e->len == len && memcmp (e->key, key, len) == 0)
        return e;
    }

  if ((table->count + 1) * 4 > table->size)
    table_grow (table);

  mask = table->size - 1;
  for (i = hash & mask; table->slots[i].key != NULL; i = (i + 1) & mask)
    ;
  e = &table->slots[i];
  e->key = padded_strndup (key, len);
  if (len <= 8)
    memcpy (e->short_key, key, len);
  e->len = (guint16) len;
  e->hash = hash;
  table->tags[i] = hash | 1;
  bloom_add (table, hash);
  table->count++;

  return e;
}

static Entry *
table_insert (Table *table, const char *key, gsize len)
{
  return table_insert_hashed (table, key, len, cn_text_hash (key, len));
}


/* Adds pattern to a list of patterns found by their first skip elements. */
static void
add_pattern_start (GArray **array, const Pattern *pattern, guint skip)
{
  Start start = { pattern, 0, 0, 0, 0, EL_ANY };

  if (skip < pattern->n_elements)
    {
      const Element *next = &pattern->elements[skip];
      guint8 mask[4] = { 0 };

      start.type = next->type;
      start.hash = next->hash;
      start.len = next->len;
      if (next->type == EL_STEM)
        {
          memcpy (&start.prefix, next->str, 4); /* padded */
          memset (mask, 0xff, MIN (next->len, 4));
          memcpy (&start.prefix_mask, mask, 4);
          start.prefix &= start.prefix_mask;
        }
    }

  if (*array == NULL)
    *array = g_array_new (FALSE, FALSE, sizeof (Start));
  g_array_append_val (*array, start);
}

static void
pair_insert (CnLexicon *self, const Element *first, const Element *second, const Pattern *pattern)
{
  g_autofree char *key = g_strdup_printf ("%s %s", first->str, second->str);
  Entry *e = table_insert_hashed (&self->pairs, key, strlen (key),
                                  pair_hash (first->hash, second->hash));

  e->len1 = first->len;
  add_pattern_start (&e->patterns, pattern, 2);
}

static inline guint32
class_hash (guint bit)
{
  return (bit + 1) * 0x85EBCA6Bu;
}

static void
class_pair_insert (CnLexicon *self, guint bit, const Element *second, const Pattern *pattern)
{
  g_autofree char *key = g_strdup_printf ("@%u %s", bit, second->str);
  Entry *e = table_insert_hashed (&self->class_pairs, key, strlen (key),
                                  pair_hash (class_hash (bit), second->hash));

  e->len1 = (guint16) bit;
  add_pattern_start (&e->patterns, pattern, 2);
}

static inline const Entry *
class_pair_lookup (const Table *table, guint bit, const CnText *text, guint j)
{
  const CnToken *b = &text->tokens[j];
  guint32 hash = pair_hash (class_hash (bit), b->hash);
  guint mask = table->size - 1;
  guint32 tag = hash | 1;

  if (!table_may_have (table, hash))
    return NULL;

  for (guint k = hash & mask;; k = (k + 1) & mask)
    {
      const Entry *e;

      if (table->tags[k] == 0)
        return NULL;
      if (table->tags[k] != tag)
        continue;
      e = &table->slots[k];
      if (e->hash == hash && e->len1 == bit && e->len > b->len &&
          entry_key (e)[e->len - b->len - 1] == ' ' &&
          same_bytes (entry_key (e) + e->len - b->len, cn_text_token_str (text, j), b->len))
        return e;
    }
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
  stem->str = padded_strndup (str, len);
  stem->len = (guint16) len;
  g_ptr_array_add (bucket->stems, stem);

  return stem;
}

/* --- Parsing ------------------------------------------------------------------ */

/* One block for the pattern, its elements and their strings (padded as by
 * padded_strndup()): trying it touches a few neighbouring cache lines. */
static Pattern *
pattern_new (const GArray *elements)
{
  gsize size = sizeof (Pattern) + elements->len * sizeof (Element);
  Pattern *pattern;
  char *strings;

  for (guint k = 0; k < elements->len; k++)
    {
      const Element *el = &g_array_index (elements, Element, k);

      if (el->str != NULL)
        size += el->len + 8;
    }

  pattern = g_malloc0 (size);
  pattern->n_elements = elements->len;
  strings = (char *) &pattern->elements[elements->len];
  for (guint k = 0; k < elements->len; k++)
    {
      Element *el = &pattern->elements[k];

      *el = g_array_index (elements, Element, k);
      if (el->str != NULL)
        {
          memcpy (strings, el->str, el->len);
          el->str = strings;
          strings += el->len + 8;
        }
    }

  return pattern;
}

CnLexicon *
cn_lexicon_new (void)
{
  CnLexicon *self = g_new0 (CnLexicon, 1);

  self->patterns = g_ptr_array_new_with_free_func (g_free);
  table_init (&self->words);
  table_init (&self->stems);
  table_init (&self->pairs);
  table_init (&self->class_pairs);
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
  table_clear (&self->pairs);
  table_clear (&self->class_pairs);
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
      word.str = padded_strndup (cn_text_token_str (&text, i), tok->len);
      word.len = tok->len;
      word.hash = tok->hash;
      if (word.type == EL_STEM && word.len < STEM_KEY)
        {
          g_free (word.str);
          cn_text_clear (&text);
          /* STEM_KEY letters */
          return parse_error (st, error,
                              _("a word family needs at least three letters before “*”."));
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

static guint8
word_mark (int cue, CnLang lang)
{
  int shift = lang == CN_LANG_FR ? 1 : 0;

  switch (cue)
    {
    case CN_CUE_LANGUAGE:
      return (guint8) (CN_WORD_LANGUAGE_EN << shift);
    case CN_CUE_COMMON:
      return (guint8) (CN_WORD_COMMON_EN << shift);
    case CN_CUE_YOU:
      return (guint8) (CN_WORD_YOU_EN << shift);
    default:
      return 0;
    }
}

static gboolean
add_pattern (CnLexicon *self, ParseState *st, GArray *elements, const char *kind, GError **error)
{
  Element *first = &g_array_index (elements, Element, 0);
  Element *last = &g_array_index (elements, Element, elements->len - 1);
  Pattern *pattern;
  guint span;

  if (first->type == EL_ANY || first->type == EL_GAP)
    return parse_error (st, error, _("a pattern cannot start with “*” or “..”."));
  if (last->type == EL_GAP)
    return parse_error (st, error, _("a pattern cannot end with “..”."));

  /* Single words that only mark the language, common words or the reader
   * are looked up as word marks, not matched as patterns. */
  if (elements->len == 1 && (first->type == EL_WORD || first->type == EL_STEM) &&
      word_mark (st->cue, st->lang) != 0)
    {
      guint8 mark = word_mark (st->cue, st->lang);

      if (first->type == EL_WORD)
        table_insert (&self->words, first->str, first->len)->marks |= mark;
      else
        stem_insert (self, first->str, first->len)->marks |= mark;
      free_elements (elements);
      return TRUE;
    }

  span = 0;
  for (guint k = 0; k < elements->len; k++)
    span += g_array_index (elements, Element, k).type == EL_GAP ? MAX_GAP : 1;
  if (span >= RING_SIZE)
    return parse_error (st, error, _("this pattern is too long."));
  self->max_span = MAX (self->max_span, span);
  self->ring_mask = (1u << g_bit_storage (self->max_span)) - 1;

  pattern = pattern_new (elements);
  free_elements (elements);
  pattern->cue = (guint8) st->cue;
  pattern->lang = (guint8) st->lang;
  pattern->kind = g_intern_string (kind != NULL ? kind : default_kinds[st->cue]);
  g_ptr_array_add (self->patterns, pattern);

  first = &pattern->elements[0];
  if (first->type == EL_WORD && pattern->n_elements > 1 && pattern->elements[1].type == EL_WORD)
    pair_insert (self, first, &pattern->elements[1], pattern);
  else if (first->type == EL_WORD)
    add_pattern_start (&table_insert (&self->words, first->str, first->len)->patterns, pattern, 1);
  else if (first->type == EL_STEM)
    add_pattern_start (&stem_insert (self, first->str, first->len)->patterns, pattern, 1);
  else
    {
      gboolean then_word = pattern->n_elements > 1 && pattern->elements[1].type == EL_WORD;

      for (guint b = 0; b < MAX_CLASSES; b++)
        {
          if (!(first->classes & (G_GUINT64_CONSTANT (1) << b)))
            continue;
          if (then_word)
            class_pair_insert (self, b, &pattern->elements[1], pattern);
          else
            add_pattern_start (&self->class_starts[b], pattern, 1);
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

  /* "#" starts a comment, except in "#num". */
  for (hash = strchr (line, '#'); hash != NULL; hash = strchr (hash + 1, '#'))
    {
      if (strncmp (hash, "#num", 4) != 0 || g_ascii_isalnum (hash[4]))
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
element_matches (const Element *el, const CnText *text, const Ring *ring, guint j)
{
  const CnToken *tok = &text->tokens[j];

  switch (el->type)
    {
    case EL_WORD:
      return tok->hash == el->hash && tok->len == el->len &&
             same_bytes (cn_text_token_str (text, j), el->str, el->len);
    case EL_STEM:
      return tok->len >= el->len && same_bytes (cn_text_token_str (text, j), el->str, el->len);
    case EL_CLASS:
      return (ring_at (ring, j)->classes & el->classes) != 0;
    case EL_ANY:
    default:
      return TRUE;
    }
}

static int
match_from (const Pattern *pattern, guint e, const CnText *text, const Ring *ring, guint j);

/* match_from() for the gap elements[e] at token j: the shortest gap that lets
 * the rest match. */
static int
match_gap (const Pattern *pattern, guint e, const CnText *text, const Ring *ring, guint j)
{
  for (guint skip = 0; skip <= MAX_GAP; skip++)
    {
      int end;

      if (skip > 0 && (j + skip - 1 >= text->n_tokens ||
                       (text->tokens[j + skip - 1].flags & CN_TOKEN_SENTENCE)))
        break;
      end = match_from (pattern, e + 1, text, ring, j + skip);
      if (end >= 0)
        return end;
    }
  return -1;
}

/* The last token of a match of elements[e…] starting at token j, or -1.
 * A loop, not a recursion, until a gap. */
static int
match_from (const Pattern *pattern, guint e, const CnText *text, const Ring *ring, guint j)
{
  for (;; e++, j++)
    {
      const Element *el;

      if (e == pattern->n_elements)
        return (int) j - 1;
      if (j >= text->n_tokens || (e > 0 && (text->tokens[j].flags & CN_TOKEN_SENTENCE)))
        return -1;

      el = &pattern->elements[e];
      if (el->type == EL_GAP)
        return match_gap (pattern, e, text, ring, j);
      if (!element_matches (el, text, ring, j))
        return -1;
    }
}

/* Whether the next element of start cannot match token j. Only rules out:
 * match_from() decides. */
static inline gboolean
start_ruled_out (const Start *start, const CnText *text, guint j)
{
  const CnToken *tok;
  guint32 prefix;

  if (start->type != EL_WORD && start->type != EL_STEM)
    return FALSE;
  if (j >= text->n_tokens)
    return TRUE;

  tok = &text->tokens[j];
  if (start->type == EL_WORD)
    return tok->hash != start->hash || tok->len != start->len;

  memcpy (&prefix, cn_text_token_str (text, j), 4); /* the folded text is padded */
  return tok->len < start->len || (prefix & start->prefix_mask) != start->prefix;
}

static void
try_patterns (const CnLexicon *self,
              const GArray *starts,
              guint skip,
              const CnText *text,
              const Ring *ring,
              guint i,
              GArray *matches)
{
  if (starts == NULL)
    return;

  for (guint k = 0; k < starts->len; k++)
    {
      const Start *start = &g_array_index (starts, Start, k);
      const Pattern *pattern = start->pattern;
      int end;

      if (start_ruled_out (start, text, i + skip))
        continue;
      end = match_from (pattern, skip, text, ring, i + skip);

      if (end >= 0)
        {
          CnMatch m = { pattern->cue, pattern->lang, pattern->kind, i, (guint) end };

          g_array_append_val (matches, m);
        }
    }
}

/* cn_text_hash() of the first STEM_KEY bytes, inlined. */
static inline guint32
stem_key_hash (const char *str)
{
  guint32 h = 2166136261u;

  for (guint i = 0; i < STEM_KEY; i++)
    h = (h ^ (guint8) str[i]) * 16777619u;

  return h;
}

static void
lookup_token (const CnLexicon *self, const CnText *text, guint i, TokenInfo *info)
{
  const CnToken *tok = &text->tokens[i];
  const char *str = cn_text_token_str (text, i);

  info->classes = (tok->flags & CN_TOKEN_NUMBER) ? 1 : 0;
  info->word = table_lookup (&self->words, str, tok->len, tok->hash);
  info->stems = NULL;
  info->stem_hits = 0;
  info->marks = 0;
  if (info->word != NULL)
    {
      info->classes |= info->word->classes;
      info->marks |= info->word->marks;
    }

  if (tok->len >= STEM_KEY)
    {
      info->stems = table_lookup (&self->stems, str, STEM_KEY, stem_key_hash (str));
      if (info->stems != NULL)
        {
          for (guint k = 0; k < info->stems->stems->len; k++)
            {
              const Stem *stem = g_ptr_array_index (info->stems->stems, k);

              if (tok->len >= stem->len && same_bytes (str, stem->str, stem->len))
                {
                  info->classes |= stem->classes;
                  info->marks |= stem->marks;
                  if (k < 64)
                    info->stem_hits |= G_GUINT64_CONSTANT (1) << k;
                }
            }
        }
    }
}

void
cn_lexicon_match (const CnLexicon *self, const CnText *text, GArray *matches, guint8 *marks)
{
  Ring ring;
  guint ready = 0;

  g_return_if_fail (self != NULL);

  ring.mask = self->ring_mask;

  for (guint i = 0; i < text->n_tokens; i++)
    {
      const CnToken *tok = &text->tokens[i];
      const TokenInfo *here;

      /* Look words up a pattern's length ahead, in a ring that stays in cache. */
      for (; ready < text->n_tokens && ready <= i + self->max_span; ready++)
        {
          lookup_token (self, text, ready, ring_at (&ring, ready));
          if (marks != NULL)
            marks[ready] = ring_at (&ring, ready)->marks;
        }
      here = ring_at (&ring, i);

      if (here->word != NULL)
        try_patterns (self, here->word->patterns, 1, text, &ring, i, matches);

      if (i + 1 < text->n_tokens && !(text->tokens[i + 1].flags & CN_TOKEN_SENTENCE))
        {
          const Entry *pair = pair_lookup (&self->pairs, text, i);

          if (pair != NULL)
            try_patterns (self, pair->patterns, 2, text, &ring, i, matches);
        }

      if (here->stems != NULL)
        {
          const char *str = cn_text_token_str (text, i);

          for (guint k = 0; k < here->stems->stems->len; k++)
            {
              const Stem *stem = g_ptr_array_index (here->stems->stems, k);
              gboolean hit = k < 64
                                 ? (here->stem_hits >> k) & 1
                                 : tok->len >= stem->len && same_bytes (str, stem->str, stem->len);

              if (hit)
                try_patterns (self, stem->patterns, 1, text, &ring, i, matches);
            }
        }

      for (guint64 bits = here->classes; bits != 0; bits &= bits - 1)
        {
          guint bit = (guint) __builtin_ctzll (bits);

          try_patterns (self, self->class_starts[bit], 1, text, &ring, i, matches);
          if (self->class_pairs.count > 0 && i + 1 < text->n_tokens &&
              !(text->tokens[i + 1].flags & CN_TOKEN_SENTENCE))
            {
              const Entry *pair = class_pair_lookup (&self->class_pairs, bit, text, i + 1);

              if (pair != NULL)
                try_patterns (self, pair->patterns, 2, text, &ring, i, matches);
            }
        }
    }
}
