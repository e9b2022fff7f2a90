/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "cn-outside-text.h"

#define FSI "\xE2\x81\xA8" /* U+2068 */
#define PDI "\xE2\x81\xA9" /* U+2069 */

/* Embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069). */
static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* C0, DEL, C1, and the line and paragraph separators. */
static gboolean
is_break_or_control (gunichar c)
{
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

/* Whether cn_outside_text_single_line() gives @text back as it is: valid,
 * not empty, with no control, no break and no space but single U+0020
 * between words. Most names and addresses are: an import copies them at
 * their size instead of building them again. */
static gboolean
is_single_line (const char *text)
{
  gboolean after_space = TRUE; /* a leading space is dropped */

  if (*text == '\0' || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);

      if (c == ' ')
        {
          if (after_space)
            return FALSE;
          after_space = TRUE;
          continue;
        }
      if (is_bidi_control (c) || is_break_or_control (c) || g_unichar_isspace (c))
        return FALSE;
      after_space = FALSE;
    }
  return !after_space;
}

char *
cn_outside_text_single_line (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  gboolean space = FALSE;
  char *result;

  if (text == NULL)
    return NULL;
  if (is_single_line (text))
    return g_strdup (text);
  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_bidi_control (c))
        continue;
      if (is_break_or_control (c) || g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  /* At its size: a GString holds at least 64 bytes, a power of two. */
  result = g_strndup (out->str, out->len);
  g_string_free (out, TRUE);
  return result;
}

char *
cn_outside_text_isolate (const char *text)
{
  return g_strconcat (FSI, text != NULL ? text : "", PDI, NULL);
}
