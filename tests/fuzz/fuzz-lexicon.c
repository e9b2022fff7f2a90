/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The lexicon parser and matcher (cn-lexicon.h). Input: a byte choosing the
 * language (even: English, odd: French), then a lexicon file, then
 * optionally a NUL byte and a note to match it against.
 *
 * Checks: a refused file gets CN_ANALYZER_ERROR_LEXICON naming the file; a
 * parsed one matches the note (and its own text) with matches in order of
 * their first word, within the note's words, never across the start of a
 * sentence, of a known cue, of the lexicon's language, with a kind; word
 * marks only of the known bits. */

#include "config.h"

#include <string.h>

#include "cn-analyzer.h"
#include "cn-lexicon.h"
#include "fuzz-common.h"

#define FILE_NAME "fuzz.lexicon"

static void
check_match (const CnLexicon *lexicon, CnLang lang, const char *note)
{
  g_autofree char *valid = g_utf8_make_valid (note, -1);
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (CnMatch));
  g_autofree guint8 *marks = NULL;
  const guint8 all_marks = CN_WORD_LANGUAGE_EN | CN_WORD_LANGUAGE_FR | CN_WORD_COMMON_EN |
                           CN_WORD_COMMON_FR | CN_WORD_YOU_EN | CN_WORD_YOU_FR;
  CnText text;

  cn_text_init (&text, valid, -1);
  marks = g_new0 (guint8, MAX (text.n_tokens, 1));
  cn_lexicon_match (lexicon, &text, matches, marks);

  for (guint i = 0; i < matches->len; i++)
    {
      const CnMatch *m = &g_array_index (matches, CnMatch, i);

      cn_fuzz_assert (m->first <= m->last && m->last < text.n_tokens,
                      "match of words %u-%u in %u words", m->first, m->last, text.n_tokens);
      cn_fuzz_assert (i == 0 || g_array_index (matches, CnMatch, i - 1).first <= m->first,
                      "match at word %u after one at word %u", m->first,
                      g_array_index (matches, CnMatch, i - 1).first);
      for (guint t = m->first + 1; t <= m->last; t++)
        cn_fuzz_assert (!(text.tokens[t].flags & CN_TOKEN_SENTENCE),
                        "a match of words %u-%u runs across a sentence starting at word %u",
                        m->first, m->last, t);
      cn_fuzz_assert (m->cue < CN_N_CUES, "match of cue %u", m->cue);
      cn_fuzz_assert (m->lang == lang, "match of language %u in a lexicon of %u", m->lang, lang);
      cn_fuzz_assert (m->kind != NULL, "match without a kind");
      cn_fuzz_check_utf8 ("match kind", m->kind, FALSE);
    }
  for (guint t = 0; t < text.n_tokens; t++)
    cn_fuzz_assert ((marks[t] & ~all_marks) == 0, "word %u marked 0x%02x", t, marks[t]);
  cn_text_clear (&text);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(CnFuzzFields) fields = NULL;
  g_autoptr(CnLexicon) lexicon = NULL;
  g_autoptr(GError) error = NULL;
  const char *contents, *note;
  CnLang lang;

  cn_fuzz_init ();
  if (size < 1)
    return 0;
  lang = data[0] % 2 == 0 ? CN_LANG_EN : CN_LANG_FR;
  fields = cn_fuzz_fields_new (data + 1, size - 1, 2);
  contents = cn_fuzz_fields_get (fields, 0);
  note = cn_fuzz_fields_get (fields, 1);

  lexicon = cn_lexicon_new ();
  if (!cn_lexicon_parse (lexicon, lang, FILE_NAME, contents != NULL ? contents : "", &error))
    {
      cn_fuzz_assert (g_error_matches (error, CN_ANALYZER_ERROR, CN_ANALYZER_ERROR_LEXICON),
                      "a lexicon refused with %s", error != NULL ? error->message : "no error");
      cn_fuzz_check_utf8 ("error message", error->message, FALSE);
      cn_fuzz_assert (g_str_has_prefix (error->message, FILE_NAME),
                      "the error does not name the file: %s", error->message);
      return 0;
    }
  cn_fuzz_assert (error == NULL, "a lexicon parsed with an error: %s", error->message);

  if (note != NULL)
    check_match (lexicon, lang, note);
  if (contents != NULL)
    check_match (lexicon, lang, contents);
  return 0;
}
