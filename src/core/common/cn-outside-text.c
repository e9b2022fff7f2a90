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

char *
cn_outside_text_single_line (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  gboolean space = FALSE;

  if (text == NULL)
    return NULL;
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
  return g_string_free (out, FALSE);
}

char *
cn_outside_text_isolate (const char *text)
{
  return g_strconcat (FSI, text != NULL ? text : "", PDI, NULL);
}
