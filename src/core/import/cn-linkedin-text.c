/* SPDX-License-Identifier: GPL-3.0-or-later */

/* What the text of a LinkedIn message says, apart from the files it comes
 * in (cn-import-linkedin.c): HTML-ish text made plain, and the contact a
 * message names. */

#include "config.h"

#include <string.h>

#include "cn-linkedin-text.h"

/* The text of @string at its size: a GString holds a power of two, twice
 * what an import's notes need. */
char *
_cn_linkedin_take_text (GString *string)
{
  gsize len = string->len;

  return g_realloc (g_string_free (string, FALSE), len + 1);
}

static gboolean
append_entity (GString *out, const char *p, gsize *out_len)
{
  static const struct
  {
    const char *name;
    gunichar c;
  } named[] = {
    { "amp;", '&' },      { "lt;", '<' },        { "gt;", '>' },        { "quot;", '"' },
    { "apos;", '\'' },    { "nbsp;", 0x00A0 },   { "rsquo;", 0x2019 },  { "lsquo;", 0x2018 },
    { "ldquo;", 0x201C }, { "rdquo;", 0x201D },  { "hellip;", 0x2026 }, { "ndash;", 0x2013 },
    { "mdash;", 0x2014 }, { "eacute;", 0x00E9 }, { "egrave;", 0x00E8 },
  };

  if (p[1] == '#')
    {
      const char *q = p + 2;
      gboolean hex = *q == 'x' || *q == 'X';
      char *end = NULL;
      guint64 value;

      if (hex)
        q++;
      if (!(hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)))
        return FALSE;
      value = g_ascii_strtoull (q, &end, hex ? 16 : 10);
      if (*end != ';' || end - q > 8)
        return FALSE;
      if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value < 0xE000))
        value = 0xFFFD;
      g_string_append_unichar (out, value == 0xA0 ? ' ' : (gunichar) value);
      *out_len = end + 1 - p;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    if (strncmp (p + 1, named[i].name, strlen (named[i].name)) == 0)
      {
        /* A non-breaking space in a message is layout, not meaning. */
        g_string_append_unichar (out, named[i].c == 0xA0 ? ' ' : named[i].c);
        *out_len = 1 + strlen (named[i].name);
        return TRUE;
      }
  return FALSE;
}

/* The length of an HTML tag at @p ("<br>", "</p>", "<a href=…>"), 0 when
 * @p is a plain "<" ("a < b", "<3"). */
static gsize
tag_length (const char *p)
{
  const char *q = p + 1;

  if (!(g_ascii_isalpha (*q) || ((*q == '/' || *q == '!') && g_ascii_isalpha (q[1]))))
    return 0;
  for (gsize i = 1; p[i] != '\0' && i < 512; i++)
    {
      if (p[i] == '>')
        return i + 1;
      if (p[i] == '<' || p[i] == '\n')
        return 0;
    }
  return 0;
}

static gboolean
tag_is (const char *tag, const char *name)
{
  gsize len = strlen (name);

  if (*tag == '/')
    tag++;
  return g_ascii_strncasecmp (tag, name, len) == 0 && !g_ascii_isalnum (tag[len]);
}

/* Message text as LinkedIn exports it: HTML-ish. Tags out (<br> and block
 * ends become line breaks), entities decoded, blank runs collapsed. */
char *
_cn_linkedin_decode_html (const char *text)
{
  g_autoptr(GString) out = g_string_sized_new (strlen (text));
  g_autoptr(GString) tidy = NULL;
  const char *line;
  guint blank_lines = 0;

  for (const char *p = text; *p != '\0';)
    {
      gsize len = strcspn (p, "<&");

      g_string_append_len (out, p, len);
      p += len;
      if (*p == '<' && (len = tag_length (p)) > 0)
        {
          const char *tag = p + 1;

          if (tag_is (tag, "br"))
            g_string_append_c (out, '\n');
          else if (*tag == '/' && (tag_is (tag, "p") || tag_is (tag, "div")))
            g_string_append (out, "\n\n");
          else if (tag_is (tag, "li"))
            g_string_append (out, *tag == '/' ? "" : "\n• ");
          p += len;
        }
      else if (*p == '&' && append_entity (out, p, &len))
        p += len;
      else if (*p != '\0')
        g_string_append_c (out, *p++);
    }

  /* Lines trimmed, at most one blank line in a row, none at the ends. */
  tidy = g_string_sized_new (out->len);
  for (line = out->str;;)
    {
      const char *newline = strchr (line, '\n');
      const char *end = newline ? newline : line + strlen (line);
      const char *start = line;

      while (start < end && (*start == ' ' || *start == '\t' || *start == '\r'))
        start++;
      while (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        end--;
      if (start == end)
        blank_lines++;
      else
        {
          if (tidy->len > 0)
            g_string_append (tidy, blank_lines > 0 ? "\n\n" : "\n");
          g_string_append_len (tidy, start, end - start);
          blank_lines = 0;
        }
      if (newline == NULL)
        break;
      line = newline + 1;
    }
  return _cn_linkedin_take_text (g_steal_pointer (&tidy));
}

/* One capitalised word of a name at @p ("Amélie", "Kierkegaard-Østergaard",
 * "O’Neil"); its length in bytes, 0 when @p starts no such word. */
static gsize
name_word (const char *p, gboolean capitalised)
{
  const char *q = p;
  gunichar c = g_utf8_get_char (p);

  if (!g_unichar_isalpha (c) || (capitalised && !g_unichar_isupper (c)))
    return 0;
  while (*q != '\0')
    {
      c = g_utf8_get_char (q);
      if (!g_unichar_isalpha (c) && c != '-' && c != '\'' && c != 0x2019)
        break;
      q = g_utf8_next_char (q);
    }
  /* A trailing apostrophe or hyphen is punctuation, not the name. */
  while (q > p && (q[-1] == '-' || q[-1] == '\''))
    q--;
  return q - p;
}

/* Who a message asks to be introduced to, when it says so plainly
 * ("introduce me to Amélie Poulain", "mettre en relation avec Paul Roux"):
 * the capitalised words after the phrase. */
char *
_cn_linkedin_target_hint (const char *text)
{
  static const char *const phrases[] = {
    "introduce me to ", "introduction to ", "put me in touch with ",    "connect me with ",
    "connect me to ",   "me présenter à ",  "mettre en relation avec ", "mettre en contact avec ",
  };
  static const char *const particles[] = { "de ", "du ",  "van ", "von ", "da ",
                                           "di ", "del ", "le ",  "la " };
  g_autofree char *lower = NULL;
  const char *start = NULL;

  if (text == NULL)
    return NULL;
  lower = g_ascii_strdown (text, -1); /* same byte offsets as @text */
  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    {
      const char *found = strstr (lower, phrases[i]);

      if (found != NULL &&
          (start == NULL || found - lower + strlen (phrases[i]) < (gsize) (start - text)))
        start = text + (found - lower) + strlen (phrases[i]);
    }
  if (start != NULL)
    {
      const char *p = start, *end = start;

      for (guint words = 0; words < 4; words++)
        {
          gsize len = name_word (p, TRUE);

          if (len == 0)
            {
              /* "Charles de Gaulle": a particle followed by a name. */
              for (guint k = 0; words > 0 && k < G_N_ELEMENTS (particles); k++)
                if (strncmp (p, particles[k], strlen (particles[k])) == 0 &&
                    name_word (p + strlen (particles[k]), TRUE) > 0)
                  len = strlen (particles[k]) - 1;
              if (len == 0)
                break;
            }
          else
            end = p + len;
          p += len;
          if (*p != ' ')
            break;
          p++;
        }
      if (end > start)
        return g_strndup (start, end - start);
    }
  return NULL;
}
