/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Which words of a copy differ from the campaign's other copy: what the
 * detail pane highlights to show a personalised copy of a template. */

#include "config.h"

#include "cn-diff.h"

static char *
spans_text (const char *text, GArray *spans)
{
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < spans->len; i++)
    {
      CnSpan *span = &g_array_index (spans, CnSpan, i);
      g_autofree char *part = g_utf8_substring (text, span->start, span->end);

      g_string_append_printf (out, "%s[%s]", i ? " " : "", part);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_diff (const char *text, const char *other, const char *expected)
{
  g_autoptr (GArray) spans = cn_diff_words (text, other, 500);
  g_autofree char *got = spans_text (text, spans);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_identical (void)
{
  assert_diff ("Bonjour, je souhaiterais vous ajouter à mon réseau.",
               "Bonjour, je souhaiterais vous ajouter à mon réseau.", "");
  /* Punctuation and spacing are not words. */
  assert_diff ("Hello Anna, could we talk?", "Hello Anna could we talk", "");
}

static void
test_name_inserted (void)
{
  assert_diff ("Bonjour Sophie, je souhaiterais vous ajouter à mon réseau.",
               "Bonjour, je souhaiterais vous ajouter à mon réseau.", "[Sophie]");
}

static void
test_words_edited_with_offsets_in_characters (void)
{
  /* Accented characters before the change: offsets count characters. */
  assert_diff ("Élodie, j'ai lu votre étude sur la logistique urbaine.",
               "Élodie, j'ai lu votre article sur la logistique urbaine.", "[étude]");
  /* Two edited words in a row read as one change. */
  assert_diff ("I loved your talk at FOSDEM about Rust.", "I loved your post about Rust.",
               "[talk at FOSDEM]");
}

static void
test_everything_new (void)
{
  assert_diff ("Entirely different words", "Nothing alike here", "[Entirely different words]");
  assert_diff ("Quelques mots", NULL, "[Quelques mots]");
  assert_diff ("", "Something", "");
}

static void
test_long_texts_are_bounded (void)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GArray) spans = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "word%u ", i);
  /* Only the first 300 words are compared: the rest is not reported. */
  spans = cn_diff_words (text->str, "", 300);
  g_assert_cmpuint (spans->len, ==, 1);
  g_assert_cmpuint (g_array_index (spans, CnSpan, 0).start, ==, 0);
  g_assert_cmpuint (g_array_index (spans, CnSpan, 0).end, <, 300 * 10);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/diff/identical", test_identical);
  g_test_add_func ("/diff/name-inserted", test_name_inserted);
  g_test_add_func ("/diff/words-edited", test_words_edited_with_offsets_in_characters);
  g_test_add_func ("/diff/everything-new", test_everything_new);
  g_test_add_func ("/diff/long-texts-are-bounded", test_long_texts_are_bounded);

  return g_test_run ();
}
