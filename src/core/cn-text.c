/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "cn-text.h"

/* Folding of the characters below U+0250 (Latin, Latin-1, Latin Extended),
 * computed once: lower case, accents dropped, ligatures spelled out. */
#define TABLE_SIZE 0x250

typedef struct
{
  guint8 len;
  char bytes[4];
} Folding;

static Folding fold_table[TABLE_SIZE];

static gsize
fold_special (gunichar c, char *out)
{
  switch (c)
    {
    case 0x2018: /* ‘ ’ ‛ ′ ʼ */
    case 0x2019:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
      out[0] = '\'';
      return 1;
    case 0x201C: /* “ ” „ « » */
    case 0x201D:
    case 0x201E:
    case 0x00AB:
    case 0x00BB:
      out[0] = '"';
      return 1;
    case 0x2010: /* hyphens, dashes, minus */
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      out[0] = '-';
      return 1;
    case 0x2026: /* … */
      out[0] = '.';
      return 1;
    case 0x2028: /* line and paragraph separators */
    case 0x2029:
      out[0] = '\n';
      return 1;
    case 0x00E6: /* æ œ ß ø đ ł þ ð and their capitals */
    case 0x00C6:
      memcpy (out, "ae", 2);
      return 2;
    case 0x0153:
    case 0x0152:
      memcpy (out, "oe", 2);
      return 2;
    case 0x00DF:
      memcpy (out, "ss", 2);
      return 2;
    case 0x00F8:
    case 0x00D8:
      out[0] = 'o';
      return 1;
    case 0x0111:
    case 0x0110:
    case 0x00F0:
    case 0x00D0:
      out[0] = 'd';
      return 1;
    case 0x0142:
    case 0x0141:
      out[0] = 'l';
      return 1;
    case 0x00FE:
    case 0x00DE:
      memcpy (out, "th", 2);
      return 2;
    default:
      return 0;
    }
}

/* Lower case without accents; a space for anything that is neither a letter
 * nor a digit; at most 4 bytes. */
static gsize
fold_char_slow (gunichar c, char *out)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gunichar lower;
  gsize n, len = 0;

  n = fold_special (c, out);
  if (n > 0)
    return n;

  if (c < 0x80)
    {
      out[0] = g_ascii_tolower ((char) c);
      return 1;
    }

  if (g_unichar_isspace (c))
    {
      out[0] = ' ';
      return 1;
    }

  if (!g_unichar_isalnum (c) && !g_unichar_ismark (c))
    {
      out[0] = ' ';
      return 1;
    }

  lower = g_unichar_tolower (c);
  n = g_unichar_fully_decompose (lower, FALSE, decomposed, G_N_ELEMENTS (decomposed));
  for (gsize i = 0; i < n; i++)
    {
      if (decomposed[i] < 0x80 && len < 4)
        out[len++] = (char) decomposed[i];
    }
  if (len > 0)
    return len;

  if (g_unichar_ismark (c))
    return 0;

  return (gsize) g_unichar_to_utf8 (lower, out);
}

static gpointer
build_fold_table (gpointer data)
{
  for (gunichar c = 0; c < TABLE_SIZE; c++)
    fold_table[c].len = (guint8) fold_char_slow (c, fold_table[c].bytes);

  return NULL;
}

static inline gsize
fold_char (gunichar c, char *out)
{
  if (c < TABLE_SIZE)
    {
      memcpy (out, fold_table[c].bytes, 4);
      return fold_table[c].len;
    }

  return fold_char_slow (c, out);
}

guint32
cn_text_hash (const char *str, gsize len)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < len; i++)
    {
      h ^= (guint8) str[i];
      h *= 16777619u;
    }

  return h;
}

static void
fold (CnText *text, const char *utf8, gsize len)
{
  gsize cap = len * 2 + 8;
  const char *p = utf8, *end = utf8 + len;
  char *out;
  guint32 *map;
  gsize o = 0;
  guint ci = 0;

  text->folded = out = g_malloc (cap);
  text->char_of_byte = map = g_new (guint32, cap);
  text->byte_of_char = g_new (guint32, len + 1);

  while (p < end)
    {
      guchar b = (guchar) *p;
      gsize n;

      text->byte_of_char[ci] = (guint32) (p - utf8);
      if (b < 0x80)
        {
          out[o] = (b >= 'A' && b <= 'Z') ? (char) (b + 32) : (char) b;
          map[o++] = ci;
          p++;
        }
      else
        {
          gunichar c = g_utf8_get_char (p);

          n = fold_char (c, out + o);
          for (gsize k = 0; k < n; k++)
            map[o + k] = ci;
          o += n;
          p = g_utf8_next_char (p);
        }
      ci++;
      g_assert (o + 4 < cap);
    }

  text->byte_of_char[ci] = (guint32) len;
  out[o] = '\0';
  map[o] = ci;
  text->folded_len = o;
  text->n_chars = ci;
}

static inline int
char_class (guchar b)
{
  if (b >= 'a' && b <= 'z')
    return 1;
  if (b >= '0' && b <= '9')
    return 2;
  if (b >= 0x80)
    return 1;
  return 0;
}

static void
tokenise (CnText *text)
{
  const char *s = text->folded;
  gsize n = text->folded_len, i = 0;
  guint cap = (guint) (n / 2 + 1), count = 0;
  guint16 pending = CN_TOKEN_SENTENCE;

  text->tokens = g_new (CnToken, cap);

  while (i < n)
    {
      guchar b = (guchar) s[i];
      int cls = char_class (b);
      gsize start;

      if (cls == 0)
        {
          if (b == '.' || b == '!' || b == '?' || b == '\n' || b == ';' || b == ':')
            pending = CN_TOKEN_SENTENCE;
          i++;
          continue;
        }

      start = i;
      while (i < n && char_class ((guchar) s[i]) == cls)
        i++;

      if (count == cap)
        {
          cap *= 2;
          text->tokens = g_renew (CnToken, text->tokens, cap);
        }
      text->tokens[count].start = (guint32) start;
      text->tokens[count].len = (guint16) MIN (i - start, G_MAXUINT16);
      text->tokens[count].flags = pending | (cls == 2 ? CN_TOKEN_NUMBER : 0);
      text->tokens[count].hash = cn_text_hash (s + start, text->tokens[count].len);
      pending = 0;
      count++;
    }

  text->n_tokens = count;
}

void
cn_text_init (CnText *text, const char *utf8, gssize len)
{
  static GOnce table_once = G_ONCE_INIT;

  g_once (&table_once, build_fold_table, NULL);

  memset (text, 0, sizeof *text);
  if (utf8 == NULL)
    utf8 = "";
  if (len < 0)
    len = (gssize) strlen (utf8);

  fold (text, utf8, (gsize) len);
  tokenise (text);
}

void
cn_text_clear (CnText *text)
{
  g_clear_pointer (&text->folded, g_free);
  g_clear_pointer (&text->char_of_byte, g_free);
  g_clear_pointer (&text->byte_of_char, g_free);
  g_clear_pointer (&text->tokens, g_free);
  text->n_tokens = 0;
  text->n_chars = 0;
  text->folded_len = 0;
}

void
cn_text_token_chars (const CnText *text, guint first, guint last, guint *start, guint *end)
{
  const CnToken *a = &text->tokens[first];
  const CnToken *b = &text->tokens[last];

  *start = text->char_of_byte[a->start];
  *end = text->char_of_byte[b->start + b->len - 1] + 1;
}
