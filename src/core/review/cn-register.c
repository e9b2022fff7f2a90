/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-register.h"
#include "cn-text.h"

#include <string.h>

static const char *const tu_words[] = { "tu", "te", "toi", "ton", "ta", "tes", NULL };
static const char *const vous_words[] = { "vous", "votre", "vos", NULL };

/* Folded text: ASCII letters and digits, and any byte of a non-ASCII letter
 * (other scripts stay as they are), make words. */
static gboolean
is_word_byte (char c)
{
  return g_ascii_isalnum (c) || (guchar) c >= 0x80;
}

CnRegister
cn_register_detect (const char *text)
{
  g_autofree char *valid = NULL;
  g_autoptr (GString) folded = NULL;
  guint n_tu = 0;
  guint n_vous = 0;
  const char *p;

  if (text == NULL)
    return CN_REGISTER_VOUS;

  valid = g_utf8_make_valid (text, -1);
  folded = g_string_new (NULL);
  /* Lower case, no accents, typographic apostrophes made "'". */
  cn_text_fold (folded, valid, -1);

  p = folded->str;
  while (*p != '\0')
    {
      const char *start;
      g_autofree char *word = NULL;

      if (!is_word_byte (*p))
        {
          p++;
          continue;
        }
      start = p;
      while (is_word_byte (*p))
        p++;
      word = g_strndup (start, p - start);

      /* The elided "te" opens a word: "t'écris", not "don't". */
      if (g_str_equal (word, "t") && p[0] == '\'' && is_word_byte (p[1]) &&
          (start == folded->str || start[-1] != '\''))
        n_tu++;
      else if (g_strv_contains (tu_words, word))
        n_tu++;
      else if (g_strv_contains (vous_words, word))
        n_vous++;
    }

  return n_tu > 0 && n_vous == 0 ? CN_REGISTER_TU : CN_REGISTER_VOUS;
}
