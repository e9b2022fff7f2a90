/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-diff.h"

typedef struct
{
  const char *start; /* in the text */
  gsize len;         /* bytes */
  guint char_start;
  guint char_end;
} Word;

/* Words are runs of letters and digits; the rest only separates them. */
static GArray *
split_words (const char *text, guint max_words)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Word));
  const char *p = text;
  guint offset = 0;

  while (*p != '\0' && words->len < max_words)
    {
      Word word;

      while (*p != '\0' && !g_unichar_isalnum (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          offset++;
        }
      if (*p == '\0')
        break;
      word.start = p;
      word.char_start = offset;
      while (*p != '\0' && g_unichar_isalnum (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          offset++;
        }
      word.len = (gsize) (p - word.start);
      word.char_end = offset;
      g_array_append_val (words, word);
    }
  return words;
}

static gboolean
same_word (const Word *a, const Word *b)
{
  return a->len == b->len && memcmp (a->start, b->start, a->len) == 0;
}

/* lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..]. */
static guint *
lcs_table (GArray *a, GArray *b)
{
  guint n = a->len, m = b->len;
  guint *lcs = g_new0 (guint, (gsize) (n + 1) * (m + 1));

  for (guint i = n; i-- > 0;)
    for (guint j = m; j-- > 0;)
      {
        guint *cell = &lcs[i * (m + 1) + j];

        if (same_word (&g_array_index (a, Word, i), &g_array_index (b, Word, j)))
          *cell = lcs[(i + 1) * (m + 1) + j + 1] + 1;
        else
          *cell = MAX (lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1]);
      }
  return lcs;
}

static void
add_span (GArray *spans, const Word *word)
{
  CnSpan *last = spans->len > 0 ? &g_array_index (spans, CnSpan, spans->len - 1) : NULL;
  CnSpan span = { word->char_start, word->char_end };

  /* "a word or two" edited in a row reads as one change. */
  if (last != NULL && last->end + 1 >= span.start)
    last->end = span.end;
  else
    g_array_append_val (spans, span);
}

GArray *
cn_diff_words (const char *text, const char *other, guint max_words)
{
  g_autoptr (GArray) a = NULL;
  g_autoptr (GArray) b = NULL;
  g_autofree guint *lcs = NULL;
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (CnSpan));
  guint i = 0, j = 0, m;

  g_return_val_if_fail (text != NULL, spans);

  a = split_words (text, max_words);
  b = split_words (other != NULL ? other : "", max_words);
  lcs = lcs_table (a, b);
  m = b->len;
  while (i < a->len)
    {
      const Word *word = &g_array_index (a, Word, i);

      if (j < m && same_word (word, &g_array_index (b, Word, j)))
        i++, j++;
      else if (j < m && lcs[i * (m + 1) + j + 1] >= lcs[(i + 1) * (m + 1) + j])
        j++;
      else
        {
          add_span (spans, word);
          i++;
        }
    }
  return spans;
}
