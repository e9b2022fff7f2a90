/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "cn-text.h"

/* Folding (cn-text.h says the rule). The characters below U+0250 (Latin,
 * Latin-1, Latin Extended) are looked up in a table computed once. */
#define TABLE_SIZE 0x250

typedef struct
{
  guint8 len;
  char bytes[CN_TEXT_FOLD_MAX];
} Folding;

static Folding fold_table[TABLE_SIZE];

/* Typographic punctuation, and letters that do not decompose into a base
 * letter and marks (lower case forms: capitals are lowered first). */
static gsize
fold_special (gunichar c, char *out)
{
  const char *s;

  switch (c)
    {
    case 0x2018: /* ‘ ’ ‛ ′ ʼ */
    case 0x2019:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
      s = "'";
      break;
    case 0x201C: /* “ ” „ « » */
    case 0x201D:
    case 0x201E:
    case 0x00AB:
    case 0x00BB:
      s = "\"";
      break;
    case 0x2010: /* hyphens, dashes, minus */
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      s = "-";
      break;
    case 0x2026: /* … */
      s = ".";
      break;
    case 0x2028: /* line and paragraph separators */
    case 0x2029:
      s = "\n";
      break;
    case 0x00E6: /* æ */
      s = "ae";
      break;
    case 0x0153: /* œ */
      s = "oe";
      break;
    case 0x00DF: /* ß, and ẞ lowered */
    case 0x1E9E:
      s = "ss";
      break;
    case 0x0133: /* ĳ */
      s = "ij";
      break;
    case 0x01C6: /* ǆ ǳ ǉ ǌ */
    case 0x01F3:
      s = "dz";
      break;
    case 0x01C9:
      s = "lj";
      break;
    case 0x01CC:
      s = "nj";
      break;
    case 0x00FE: /* þ */
      s = "th";
      break;
    case 0x00F8: /* ø */
      s = "o";
      break;
    case 0x0111: /* đ ð */
    case 0x00F0:
      s = "d";
      break;
    case 0x0142: /* ł ŀ */
    case 0x0140:
      s = "l";
      break;
    case 0x0127: /* ħ */
      s = "h";
      break;
    case 0x0167: /* ŧ */
      s = "t";
      break;
    case 0x0131: /* ı */
      s = "i";
      break;
    case 0x017F: /* ſ */
      s = "s";
      break;
    case 0xFB00: /* ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ */
      s = "ff";
      break;
    case 0xFB01:
      s = "fi";
      break;
    case 0xFB02:
      s = "fl";
      break;
    case 0xFB03:
      s = "ffi";
      break;
    case 0xFB04:
      s = "ffl";
      break;
    case 0xFB05:
    case 0xFB06:
      s = "st";
      break;
    case 0x03C2:      /* ς */
      s = "\xcf\x83"; /* σ */
      break;
    default:
      return 0;
    }

  memcpy (out, s, strlen (s));
  return strlen (s);
}

/* Whether @c is a mark that takes no room of its own (an accent). */
static gboolean
is_non_spacing (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK;
}

/* The base letter of @c when its canonical decomposition is that letter and
 * non-spacing marks (or one other character alone); else @c. */
static gunichar
strip_marks (gunichar c)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n = g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed));

  if (n == 0 || g_unichar_ismark (decomposed[0]))
    return c;
  for (gsize i = 1; i < n; i++)
    if (!is_non_spacing (decomposed[i]))
      return c;
  return g_unichar_tolower (decomposed[0]);
}

static gsize
fold_char_slow (gunichar c, char *out)
{
  gunichar lower;
  gsize n;

  if (c < 0x80)
    {
      out[0] = g_ascii_tolower ((char) c);
      return 1;
    }

  n = fold_special (c, out);
  if (n > 0)
    return n;

  if (g_unichar_isspace (c) || (!g_unichar_isalnum (c) && !g_unichar_ismark (c)))
    {
      out[0] = ' ';
      return 1;
    }
  if (is_non_spacing (c))
    return 0;

  lower = strip_marks (g_unichar_tolower (c));
  if (lower < 0x80)
    {
      out[0] = (char) lower;
      return 1;
    }
  n = fold_special (lower, out);
  if (n == 0)
    n = (gsize) g_unichar_to_utf8 (lower, out);
  /* Never longer than the promise (a character of a later Unicode, say). */
  if (n > (c < 0x800 ? 3u : CN_TEXT_FOLD_MAX))
    {
      out[0] = ' ';
      n = 1;
    }
  return n;
}

static void build_byte_class (void);

static gpointer
build_fold_table (gpointer data)
{
  for (gunichar c = 0; c < TABLE_SIZE; c++)
    fold_table[c].len = (guint8) fold_char_slow (c, fold_table[c].bytes);
  build_byte_class ();

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

static void
ensure_tables (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, build_fold_table, NULL);
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

#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

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

/* char_class() of an ASCII byte once folded: 1 letters, 2 digits, 0 else;
 * 3 for the bytes of other characters, which are folded first. */
#define CLASS_UTF8 3
static guint8 byte_class[0x100];

static void
build_byte_class (void)
{
  for (guint b = 0; b < 0x100; b++)
    byte_class[b] = b < 0x80 ? (guint8) char_class ((guchar) g_ascii_tolower ((char) b))
                             : CLASS_UTF8;
}

typedef struct
{
  CnText *text;
  guint cap;
  CnToken *open; /* the word being read, or NULL */
  int open_class;
  guint16 pending; /* flags for the next word */
} Cutter;

static inline CnToken *
open_token (Cutter *cut, int cls, gsize o, guint ci, guint32 byte_start)
{
  CnText *text = cut->text;
  CnToken *tok;

  if (text->n_tokens == cut->cap)
    {
      cut->cap *= 2;
      text->tokens = g_renew (CnToken, text->tokens, cut->cap);
      text->tokens_size = cut->cap;
    }
  tok = cut->open = &text->tokens[text->n_tokens++];
  cut->open_class = cls;
  tok->start = (guint32) o;
  tok->len = 0;
  tok->flags = cut->pending | (cls == 2 ? CN_TOKEN_NUMBER : 0);
  tok->hash = FNV_OFFSET;
  tok->char_start = ci;
  tok->byte_start = byte_start;
  cut->pending = 0;

  return tok;
}

G_ALWAYS_INLINE static inline void
add_byte (Cutter *cut, guchar b, gsize o, guint ci, guint32 byte_start, guint32 byte_end)
{
  int cls = char_class (b);
  CnToken *tok = cut->open;

  if (cls == 0)
    {
      cut->open = NULL;
      if (b == '.' || b == '!' || b == '?' || b == '\n' || b == ';' || b == ':')
        cut->pending = CN_TOKEN_SENTENCE;
      return;
    }

  if (tok == NULL || cls != cut->open_class)
    tok = open_token (cut, cls, o, ci, byte_start);

  if (tok->len < G_MAXUINT16)
    {
      tok->len++;
      tok->hash = (tok->hash ^ b) * FNV_PRIME;
    }
  tok->char_end = ci + 1;
  tok->byte_end = byte_end;
}

static void
fold_and_cut (CnText *text, const char *utf8, gsize len)
{
  const guchar *s = (const guchar *) utf8;
  Cutter cut = { text, (guint) (len / 4 + 16), NULL, 0, CN_TOKEN_SENTENCE };
  /* A character folds to 1.5 times its bytes at most; then 8 zeros. */
  gsize folded_size = len + len / 2 + 16;
  char *out;
  gsize i = 0, o = 0;
  guint ci = 0;

  if (text->folded_size < folded_size)
    {
      g_free (text->folded);
      text->folded = g_malloc (folded_size);
      text->folded_size = folded_size;
    }
  if (text->tokens_size < cut.cap)
    {
      g_free (text->tokens);
      text->tokens = g_new (CnToken, cut.cap);
      text->tokens_size = cut.cap;
    }
  cut.cap = text->tokens_size;
  out = text->folded;
  text->n_tokens = 0;

  while (i < len)
    {
      guchar b = s[i];
      int cls = byte_class[b];

      /* The common case, a run of ASCII letters or digits: what add_byte()
       * does, a run at a time. */
      if ((cls == 1 || cls == 2) && !(cut.open != NULL && cut.open->len == G_MAXUINT16))
        {
          CnToken *tok = cut.open;
          guint32 hash;
          gsize start = i, stop;
          guchar lower = cls == 1 ? 0x20 : 0;

          if (tok == NULL || cls != cut.open_class)
            tok = open_token (&cut, cls, o, ci, (guint32) i);
          /* One byte a character; the length stops at G_MAXUINT16. */
          stop = MIN (len, i + (G_MAXUINT16 - tok->len));
          hash = tok->hash;
          do
            {
              char c = (char) (s[i] | lower);

              out[o++] = c;
              hash = (hash ^ (guchar) c) * FNV_PRIME;
              i++;
            }
          while (i < stop && byte_class[s[i]] == cls);
          ci += (guint) (i - start);
          tok->hash = hash;
          tok->len = (guint16) (tok->len + (i - start));
          tok->char_end = ci;
          tok->byte_end = (guint32) i;
          continue;
        }

      /* A space or punctuation ends the word. */
      if (cls == 0)
        {
          out[o++] = (char) b;
          cut.open = NULL;
          if (b == '.' || b == '!' || b == '?' || b == '\n' || b == ';' || b == ':')
            cut.pending = CN_TOKEN_SENTENCE;
          i++;
          ci++;
          continue;
        }

      if (b < 0x80)
        {
          char c = (b >= 'A' && b <= 'Z') ? (char) (b + 32) : (char) b;

          out[o] = c;
          add_byte (&cut, (guchar) c, o, ci, (guint32) i, (guint32) (i + 1));
          o++;
          i++;
        }
      else
        {
          gsize next = (gsize) (g_utf8_next_char (utf8 + i) - utf8);
          gsize n = fold_char (g_utf8_get_char (utf8 + i), out + o);

          for (gsize k = 0; k < n; k++)
            add_byte (&cut, (guchar) out[o + k], o + k, ci, (guint32) i, (guint32) next);
          /* A combining accent stays with its letter. */
          if (n == 0 && cut.open != NULL)
            {
              cut.open->char_end = ci + 1;
              cut.open->byte_end = (guint32) next;
            }
          o += n;
          i = next;
        }
      ci++;
    }

  /* Zeros past the end let words be compared 8 bytes at a time. */
  memset (out + o, 0, 8);
  text->folded_len = o;
  text->n_chars = ci;
}

void
cn_text_init (CnText *text, const char *utf8, gssize len)
{
  memset (text, 0, sizeof *text);
  cn_text_reset (text, utf8, len);
}

void
cn_text_reset (CnText *text, const char *utf8, gssize len)
{
  ensure_tables ();

  if (utf8 == NULL)
    utf8 = "";
  if (len < 0)
    len = (gssize) strlen (utf8);

  fold_and_cut (text, utf8, (gsize) len);
}

void
cn_text_clear (CnText *text)
{
  g_clear_pointer (&text->folded, g_free);
  g_clear_pointer (&text->tokens, g_free);
  text->n_tokens = 0;
  text->n_chars = 0;
  text->folded_len = 0;
  text->folded_size = 0;
  text->tokens_size = 0;
}

gsize
cn_text_fold_char (gunichar c, char out[CN_TEXT_FOLD_MAX])
{
  ensure_tables ();
  return fold_char (c, out);
}

/* The next character of [*p, end), *p moved past it; (gunichar) -1 for a
 * byte that does not start a valid one (*p moved past that byte). */
static inline gunichar
next_char (const char **p, const char *end)
{
  gunichar c = (guchar) * *p;

  if (c < 0x80)
    {
      (*p)++;
      return c;
    }
  c = g_utf8_get_char_validated (*p, end - *p);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      (*p)++;
      return (gunichar) -1;
    }
  *p = g_utf8_next_char (*p);
  return c;
}

void
cn_text_fold (GString *out, const char *utf8, gssize len)
{
  const char *end;
  char buf[CN_TEXT_FOLD_MAX];

  g_return_if_fail (out != NULL);

  if (utf8 == NULL)
    return;
  ensure_tables ();
  end = utf8 + (len < 0 ? strlen (utf8) : (gsize) len);
  for (const char *p = utf8; p < end;)
    {
      gunichar c = next_char (&p, end);

      if (c != (gunichar) -1)
        g_string_append_len (out, buf, (gssize) fold_char (c, buf));
    }
}

void
cn_text_fold_words (GString *out, const char *utf8, gssize len)
{
  const char *end;
  char buf[CN_TEXT_FOLD_MAX];
  gsize start;
  gboolean space = FALSE;

  g_return_if_fail (out != NULL);

  if (utf8 == NULL)
    return;
  ensure_tables ();
  start = out->len;
  end = utf8 + (len < 0 ? strlen (utf8) : (gsize) len);
  for (const char *p = utf8; p < end;)
    {
      gunichar c;
      gsize n;

      /* ASCII folds to itself, letters lowered. */
      if ((guchar) *p < 0x80)
        {
          char b = *p++;

          if (!g_ascii_isalnum (b))
            {
              space = TRUE;
              continue;
            }
          if (space && out->len > start)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, (b >= 'A' && b <= 'Z') ? (char) (b + ('a' - 'A')) : b);
          continue;
        }
      c = next_char (&p, end);
      if (c == (gunichar) -1)
        continue;
      n = fold_char (c, buf);
      for (gsize i = 0; i < n; i++)
        {
          /* Only letters and digits fold to bytes beyond ASCII. */
          if ((guchar) buf[i] < 0x80 && !g_ascii_isalnum (buf[i]))
            {
              space = TRUE;
              continue;
            }
          if (space && out->len > start)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, buf[i]);
        }
    }
}

gboolean
cn_text_validate_utf8 (const char *text, gsize len, const char **end)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  gsize i = 0;

  while (i < len)
    {
      gsize j;

      /* Eight bytes of ASCII, none of them NUL (which is invalid), at a time. */
      for (; i + 8 <= len; i += 8)
        {
          guint64 v;

          memcpy (&v, text + i, sizeof v);
          if ((v & highs) != 0 || ((v - ones) & ~v & highs) != 0)
            break;
        }
      for (; i < len && (guchar) text[i] < 0x80; i++)
        {
          if (text[i] == '\0')
            {
              if (end != NULL)
                *end = text + i;
              return FALSE;
            }
        }
      /* A run of bytes of multi-byte characters: what follows it is ASCII,
       * so a character cut at its end is invalid here as in the whole. */
      for (j = i; j < len && (guchar) text[j] >= 0x80; j++)
        ;
      if (j > i && !g_utf8_validate_len (text + i, j - i, end))
        return FALSE;
      i = j;
    }
  if (end != NULL)
    *end = text + len;
  return TRUE;
}

/* ASCII with no capital I (which a Turkic locale lowers to ı) is lowered
 * here, without reading the locale at every call as g_utf8_strdown() does. */
char *
cn_text_lower_strip (const char *str)
{
  const guchar *p = (const guchar *) str;
  const guchar *end;
  char *lower;
  gsize len;

  for (; *p != '\0'; p++)
    {
      if (*p >= 0x80 || *p == 'I')
        {
          lower = g_utf8_strdown (str, -1);
          return g_strstrip (lower);
        }
    }
  end = p;
  for (p = (const guchar *) str; p < end && g_ascii_isspace (*p); p++)
    ;
  while (end > p && g_ascii_isspace (end[-1]))
    end--;
  len = (gsize) (end - p);
  lower = g_malloc (len + 1);
  for (gsize i = 0; i < len; i++)
    lower[i] = (char) (p[i] >= 'A' && p[i] <= 'Z' ? p[i] + ('a' - 'A') : p[i]);
  lower[len] = '\0';
  return lower;
}

char *
cn_text_profile_key (const char *url)
{
  char *lower = cn_text_lower_strip (url);
  const char *start = lower;
  gsize len;

  if (g_str_has_prefix (start, "https://"))
    start += 8;
  else if (g_str_has_prefix (start, "http://"))
    start += 7;
  if (g_str_has_prefix (start, "www."))
    start += 4;
  len = strcspn (start, "?#");
  while (len > 0 && start[len - 1] == '/')
    len--;
  if (len == 0)
    {
      g_free (lower);
      return NULL;
    }
  memmove (lower, start, len);
  lower[len] = '\0';
  return lower;
}
