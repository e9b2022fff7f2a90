/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Folding (cn-text.h): the one rule, its promises over every character, and
 * the policies built on it that have no store behind them (the analyzer's
 * CnText, the contacts search, the triage's requester keys). The import's
 * keys are proven in test-import.c and test-import-linkedin.c. */

#include "config.h"

#include <string.h>

#include "cn-contact.h"
#include "cn-outside-text.h"
#include "cn-text.h"
#include "cn-triage.h"

static char *
fold (const char *text)
{
  GString *out = g_string_new (NULL);

  cn_text_fold (out, text, -1);
  return g_string_free (out, FALSE);
}

static char *
fold_words (const char *text)
{
  GString *out = g_string_new (NULL);

  cn_text_fold_words (out, text, -1);
  return g_string_free (out, FALSE);
}

static void
test_rule (void)
{
  static const struct
  {
    const char *text;
    const char *folded;
  } cases[] = {
    /* Case and accents. */
    { "Müller", "muller" },
    { "MULLER", "muller" },
    { "Élodie", "elodie" },
    { "ÉLODIE", "elodie" },
    { "e\xcc\x81lodie", "elodie" }, /* a combining accent */
    { "Nguyễn", "nguyen" },
    { "İstanbul", "istanbul" },
    /* Letters spelled in ASCII. */
    { "Strauß", "strauss" },
    { "STRAUẞ", "strauss" },
    { "Œuvre, cœur", "oeuvre, coeur" },
    { "Æsir", "aesir" },
    { "Øre", "ore" },
    { "Łódź", "lodz" },
    { "Þór Ðað", "thor dad" },
    { "Đorđe", "dorde" },
    { "Ĳssel", "ijssel" },
    { "ǄǅǆǱ", "dzdzdzdz" },
    { "Işık", "isik" },
    { "Ħal Ŧ", "hal t" },
    { "ﬁn ﬂeur ﬀ ﬃ ﬄ ﬅ ﬆ", "fin fleur ff ffi ffl st st" },
    /* Other scripts: lower case, without accents; what has none stays. */
    { "ΣΟΦΟΣ σοφός", "σοφοσ σοφοσ" },
    { "Ελένη", "ελενη" },
    { "Ёлка", "елка" },
    { "한국", "한국" },
    { "किताब", "किताब" }, /* a spacing vowel sign stays */
    { "東京", "東京" },
    /* Punctuation and symbols. */
    { "“Hi” – it’s ‘fine’…", "\"hi\" - it's 'fine'." },
    { "«\xc2\xa0oui\xc2\xa0»", "\" oui \"" },
    { "a\xe2\x80\xa8"
      "b",
      "a\nb" },
    { "5€ • 3→4 😊", "5    3 4  " },
    { "C++ & R&D: x@y.org\t!", "c++ & r&d: x@y.org\t!" },
    /* Bytes that are not UTF-8 are skipped. */
    { "Mül\xffler", "muller" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = fold (cases[i].text);

      g_assert_cmpstr (folded, ==, cases[i].folded);
    }
}

/* Over every character: the length promised, valid UTF-8, folding twice
 * changes nothing, capitals fold as their lower case. */
static void
test_every_character (void)
{
  for (gunichar c = 0; c <= 0x10FFFF; c++)
    {
      char utf8[6];
      char out[CN_TEXT_FOLD_MAX];
      char lower_out[CN_TEXT_FOLD_MAX];
      gsize len, n, n_lower;
      gunichar lower = g_unichar_tolower (c);
      GString *again;

      if (c >= 0xD800 && c <= 0xDFFF)
        continue;
      len = (gsize) g_unichar_to_utf8 (c, utf8);
      n = cn_text_fold_char (c, out);
      if (n > CN_TEXT_FOLD_MAX || 2 * n > MAX (2, 3 * len))
        g_error ("U+%04X folds to %zu bytes", c, n);
      if (c != 0 && !g_utf8_validate_len (out, n, NULL))
        g_error ("U+%04X folds to bytes that are not UTF-8", c);

      again = g_string_new (NULL);
      cn_text_fold (again, out, (gssize) n);
      if (again->len != n || memcmp (again->str, out, n) != 0)
        g_error ("U+%04X: folding its folding changes it", c);
      g_string_free (again, TRUE);

      if (lower != c && g_unichar_isupper (c))
        {
          n_lower = cn_text_fold_char (lower, lower_out);
          if (n_lower != n || memcmp (out, lower_out, n) != 0)
            g_error ("U+%04X folds otherwise than its lower case U+%04X", c, lower);
        }
    }
}

static void
test_words (void)
{
  static const struct
  {
    const char *text;
    const char *key;
  } cases[] = {
    { " Élodie  DURAND-Strauß ", "elodie durand strauss" },
    { "O’Brien, Seán", "o brien sean" },
    { "Jean—Paul\t(2)", "jean paul 2" },
    { "E-Mail 1 - Value", "e mail 1 value" },
    { "Vollständiger Name", "vollstandiger name" },
    { "«\xc2\xa0»", "" },
    { "", "" },
  };
  GString *out = g_string_new ("x");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = fold_words (cases[i].text);

      g_assert_cmpstr (key, ==, cases[i].key);
    }

  /* It appends, without a space of its own at the start. */
  cn_text_fold_words (out, "  Ana ", -1);
  g_assert_cmpstr (out->str, ==, "xana");
  g_string_free (out, TRUE);
}

/* The analyzer (and the fingerprints of notes) read the same folding. */
static void
test_analyzer_text (void)
{
  static const char note[] =
      "Bonjour Jürgen Strauß, pourriez-vous me présenter à Œdipe Łukasz (ﬁnance) ? "
      "Ελένη — « merci » … İyi günler 😊";
  g_autofree char *folded = fold (note);
  CnText text;

  cn_text_init (&text, note, -1);
  g_assert_cmpuint (text.folded_len, ==, strlen (folded));
  g_assert_cmpmem (text.folded, text.folded_len, folded, strlen (folded));
  cn_text_clear (&text);
}

/* The contacts search: whatever the case and accents, in either the query
 * or the contact. */
static void
test_search (void)
{
  static const char *const matching[] = {
    "strauss", "STRAUSS", "Strauß", "elodie", "ÉLODIE", "muller", "Müller", "MULLER co",
  };
  static const char *const other[] = { "strausz", "elodia", "mueller" };
  g_autoptr(CnContact) contact = cn_contact_new ("Élodie Strauß");

  cn_contact_set_company (contact, "Müller & Co");
  for (guint i = 0; i < G_N_ELEMENTS (matching); i++)
    {
      g_auto (GStrv) words = cn_contact_split_search (matching[i]);

      if (!cn_contact_matches_search (contact, (const char *const *) words))
        g_error ("“%s” does not find the contact", matching[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (other); i++)
    {
      g_auto (GStrv) words = cn_contact_split_search (other[i]);

      if (cn_contact_matches_search (contact, (const char *const *) words))
        g_error ("“%s” finds the contact", other[i]);
    }
}

/* Contacts in the order people read names: an accent or a capital does not
 * send a name to the end. */
static void
test_contact_order (void)
{
  static const char *const names[] = {
    "Zoë Müller", "émile Zola", "Adam Smith", "Emma Stone", "Élodie Durand", "adèle Martin",
  };
  static const char *const expected[] = {
    "Adam Smith", "adèle Martin", "Élodie Durand", "émile Zola", "Emma Stone", "Zoë Müller",
  };
  g_autoptr (GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      CnContact *contact = cn_contact_new (names[i]);

      cn_contact_set_id (contact, i + 1);
      g_ptr_array_add (contacts, contact);
    }
  cn_contact_sort_by_name (contacts);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (cn_contact_get_name (g_ptr_array_index (contacts, i)), ==, expected[i]);

  cn_contact_sort_by_name (contacts); /* nothing to do twice */
  g_ptr_array_set_size (contacts, 0);
  cn_contact_sort_by_name (contacts); /* nor for nothing */
}

/* The triage's requester keys: the same person written otherwise is the
 * same requester. */
static void
test_requester_key (void)
{
  static const char *const names[] = { "Jürgen Strauß", "JURGEN STRAUSS", " jürgen  strauss " };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *key = cn_triage_requester_key (names[i], NULL, NULL);

      g_assert_cmpstr (key, ==, "jurgen strauss");
    }
}

/* cn_text_validate_utf8() says what g_utf8_validate_len() says, and stops
 * at the same byte, on text mixing long ASCII runs, NUL, every kind of
 * multi-byte character and every kind of invalid sequence. */
static void
test_validate_utf8 (void)
{
  static const char *const pieces[] = {
    "a",
    "Hello, this is plain ASCII text ",
    "\0",
    "é",
    "€",
    "😀",
    "\xc3",
    "\xa9",
    "\xe2\x82",
    "\xc0\x80",
    "\xed\xa0\x80",
    "\xf4\x90\x80\x80",
    "\xff",
    "\n",
    "12345678",
  };
  guint64 state = 42;

  for (guint round = 0; round < 20000; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint n = 1 + round % 12;
      const char *end_a = NULL, *end_b = NULL;
      gboolean a, b;

      for (guint k = 0; k < n; k++)
        {
          guint pick;

          state = state * G_GUINT64_CONSTANT (6364136223846793005) + 1442695040888963407;
          pick = (guint) (state >> 33) % G_N_ELEMENTS (pieces);
          /* Invalid pieces are rarer, so that most texts go far. */
          if (pick >= 6 && pick <= 12 && (state >> 20) % 4 != 0)
            pick = 1;
          if (pick == 2)
            g_string_append_c (text, '\0');
          else
            g_string_append (text, pieces[pick]);
        }
      a = g_utf8_validate_len (text->str, text->len, &end_a);
      b = cn_text_validate_utf8 (text->str, text->len, &end_b);
      g_assert_cmpint (a, ==, b);
      g_assert_true (end_a == end_b);
      g_assert_cmpint (cn_text_validate_utf8 (text->str, text->len, NULL), ==, a);
    }
}

/* Outside text on one line: what needs no change comes back as it is (the
 * import's quick path), the rest cleaned the same way. */
static void
test_single_line (void)
{
  static const struct
  {
    const char *in, *out;
  } cases[] = {
    { "Élodie Durand", "Élodie Durand" },
    { "https://www.linkedin.com/in/x", "https://www.linkedin.com/in/x" },
    { " Élodie", "Élodie" },
    { "Élodie ", "Élodie" },
    { "a  b", "a b" },
    { "a\tb", "a b" },
    { "a\nb", "a b" },
    { "a\u00A0b", "a b" },      /* no-break space */
    { "a\u2028b", "a b" },      /* line separator */
    { "a\xC2\x85 b", "a b" },   /* NEL, a C1 control */
    { "a\x7F b", "a b" },       /* DEL */
    { "a\u202Eb", "ab" },       /* right-to-left override */
    { "a\u2069b", "ab" },       /* pop directional isolate */
    { "a\xFF b", "a\uFFFD b" }, /* invalid: replaced */
    { "", NULL },
    { " \t ", NULL },
    { "\u202E", NULL },
  };

  g_assert_null (cn_outside_text_single_line (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = cn_outside_text_single_line (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/rule", test_rule);
  g_test_add_func ("/text/every-character", test_every_character);
  g_test_add_func ("/text/words", test_words);
  g_test_add_func ("/text/analyzer-text", test_analyzer_text);
  g_test_add_func ("/text/search", test_search);
  g_test_add_func ("/text/contact-order", test_contact_order);
  g_test_add_func ("/text/requester-key", test_requester_key);
  g_test_add_func ("/text/validate-utf8", test_validate_utf8);
  g_test_add_func ("/text/single-line", test_single_line);

  return g_test_run ();
}
