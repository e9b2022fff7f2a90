/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The motivation analyzer (cn-analyzer.h, cn-analysis.h). Input: a flags
 * byte (bits 0-1: lang NULL, "en", "fr" or "de"; bit 2: no note to the
 * connector; bit 3: a target contact), then fields separated by NUL bytes:
 * note to the target, note to the connector, target name, position, company,
 * expertise (comma-separated).
 *
 * Checks: an analysis exactly when both notes are valid UTF-8 (as GLib
 * validates it), else CN_ANALYZER_ERROR_INVALID_TEXT; spans inside their
 * note, non-empty, sorted, neither overlapping nor touching (they are
 * merged); evidence inside its note, in order, its text the note's text at
 * its span; masks, score, verdict, reasons and languages in range; and the
 * same result twice (the analyzer is pure). */

#include "config.h"

#include <string.h>

#include "cn-analyzer.h"
#include "fuzz-common.h"

static const char *const langs[] = { NULL, "en", "fr", "de" };

static void
check_spans (const char *what, CnElement element, const CnSpan *spans, guint n, guint n_chars)
{
  cn_fuzz_assert (n == 0 || spans != NULL, "%s of %s: %u spans and no array", what,
                  cn_element_to_string (element), n);
  for (guint i = 0; i < n; i++)
    {
      cn_fuzz_assert (spans[i].start < spans[i].end && spans[i].end <= n_chars,
                      "%s of %s: span %u [%u, %u) in a note of %u characters", what,
                      cn_element_to_string (element), i, spans[i].start, spans[i].end, n_chars);
      cn_fuzz_assert (i == 0 || spans[i - 1].end < spans[i].start,
                      "%s of %s: span [%u, %u) overlaps or touches [%u, %u)", what,
                      cn_element_to_string (element), spans[i].start, spans[i].end,
                      spans[i - 1].start, spans[i - 1].end);
    }
}

static guint
n_chars_of (const char *note)
{
  return note != NULL ? (guint) g_utf8_strlen (note, -1) : 0;
}

static void
check_evidence (CnAnalysis *analysis, const char *target_note, const char *connector_note)
{
  guint n = 0;
  const CnEvidence *evidence = cn_analysis_get_evidence (analysis, &n);

  for (guint i = 0; i < n; i++)
    {
      const CnEvidence *e = &evidence[i];
      const char *note = e->note == CN_NOTE_TO_TARGET ? target_note : connector_note;
      guint n_chars = n_chars_of (note);

      cn_fuzz_assert ((guint) e->flag < CN_N_FLAGS && cn_analysis_has_flag (analysis, e->flag),
                      "evidence of flag %d, not raised", e->flag);
      cn_fuzz_assert (e->note == CN_NOTE_TO_TARGET ||
                          (e->note == CN_NOTE_TO_CONNECTOR && connector_note != NULL),
                      "evidence in note %d, which is not there", e->note);
      cn_fuzz_assert (e->span.start <= e->span.end && e->span.end <= n_chars,
                      "evidence %s at [%u, %u) in a note of %u characters", e->kind, e->span.start,
                      e->span.end, n_chars);
      cn_fuzz_assert (e->kind != NULL && *e->kind != '\0', "evidence without a kind");
      cn_fuzz_check_utf8 ("evidence text", e->text, FALSE);
      if (*e->text != '\0')
        {
          g_autofree char *at_span = g_utf8_substring (note, e->span.start, e->span.end);

          cn_fuzz_assert (strcmp (at_span, e->text) == 0,
                          "evidence %s says \"%s\", the note has \"%s\" at [%u, %u)", e->kind,
                          e->text, at_span, e->span.start, e->span.end);
        }
      if (i > 0)
        {
          const CnEvidence *p = &evidence[i - 1];

          cn_fuzz_assert (
              p->flag < e->flag ||
                  (p->flag == e->flag &&
                   (p->note < e->note || (p->note == e->note && p->span.start <= e->span.start))),
              "evidence out of order: flag %d note %d at %u after flag %d note %d at %u", e->flag,
              e->note, e->span.start, p->flag, p->note, p->span.start);
        }
    }
}

static void
check_analysis (CnAnalysis *analysis, const char *target_note, const char *connector_note)
{
  guint target_chars = n_chars_of (target_note);
  guint connector_chars = n_chars_of (connector_note);
  guint element_mask = 0, flag_mask = 0, n_reasons = 0;
  const CnReason *reasons;
  const char *lang = cn_analysis_get_lang (analysis);
  const char *connector_lang = cn_analysis_get_connector_lang (analysis);
  CnVerdict verdict = cn_analysis_get_verdict (analysis);

  for (guint e = 0; e < CN_N_ELEMENTS; e++)
    {
      guint n = 0;
      const CnSpan *spans = cn_analysis_get_spans (analysis, e, &n);

      check_spans ("spans", e, spans, n,
                   e == CN_ELEMENT_REASON_TO_FORWARD ? connector_chars : target_chars);
      cn_fuzz_assert (n == 0 || cn_analysis_has_element (analysis, e), "spans of %s, not found",
                      cn_element_to_string (e));
      spans = cn_analysis_get_connector_spans (analysis, e, &n);
      check_spans ("connector spans", e, spans, n, connector_chars);
      if (cn_analysis_has_element (analysis, e))
        element_mask |= 1u << e;
    }
  for (guint f = 0; f < CN_N_FLAGS; f++)
    if (cn_analysis_has_flag (analysis, f))
      flag_mask |= 1u << f;
  cn_fuzz_assert (element_mask == cn_analysis_get_element_mask (analysis) &&
                      flag_mask == cn_analysis_get_flag_mask (analysis),
                  "masks 0x%x 0x%x, elements and flags say 0x%x 0x%x",
                  cn_analysis_get_element_mask (analysis), cn_analysis_get_flag_mask (analysis),
                  element_mask, flag_mask);

  cn_fuzz_assert (cn_analysis_has_connector_note (analysis) == (connector_note != NULL),
                  "has_connector_note is %d", cn_analysis_has_connector_note (analysis));
  if (connector_note == NULL)
    cn_fuzz_assert (!cn_analysis_has_element (analysis, CN_ELEMENT_REASON_TO_FORWARD),
                    "a reason to forward without a note to the connector");

  check_evidence (analysis, target_note, connector_note);

  cn_fuzz_assert (cn_analysis_get_score (analysis) <= 100, "score %u",
                  cn_analysis_get_score (analysis));
  cn_fuzz_assert (verdict > CN_VERDICT_NONE && verdict <= CN_VERDICT_LAST, "verdict %d", verdict);
  reasons = cn_analysis_get_reasons (analysis, &n_reasons);
  for (guint i = 0; i < n_reasons; i++)
    {
      cn_fuzz_assert ((guint) reasons[i] <= CN_REASON_TOO_SHORT, "reason %d", reasons[i]);
      for (guint j = 0; j < i; j++)
        cn_fuzz_assert (reasons[j] != reasons[i], "reason %d twice", reasons[i]);
    }
  cn_fuzz_assert (g_strv_contains ((const char *const[]){ "en", "fr", "und", NULL }, lang),
                  "lang \"%s\"", lang);
  cn_fuzz_assert (g_strv_contains ((const char *const[]){ "en", "fr", "und", NULL },
                                   connector_lang),
                  "connector lang \"%s\"", connector_lang);
}

/* What two analyses of one input must share. */
static char *
summary_of (CnAnalysis *analysis)
{
  GString *out = g_string_new (NULL);
  guint n = 0;
  const CnEvidence *evidence = cn_analysis_get_evidence (analysis, &n);

  g_string_append_printf (out, "%s %s %u %d %x %x\n", cn_analysis_get_lang (analysis),
                          cn_analysis_get_connector_lang (analysis),
                          cn_analysis_get_score (analysis), cn_analysis_get_verdict (analysis),
                          cn_analysis_get_element_mask (analysis),
                          cn_analysis_get_flag_mask (analysis));
  for (guint e = 0; e < CN_N_ELEMENTS; e++)
    {
      guint n_spans = 0;
      const CnSpan *spans = cn_analysis_get_spans (analysis, e, &n_spans);

      for (guint i = 0; i < n_spans; i++)
        g_string_append_printf (out, "%u:%u-%u ", e, spans[i].start, spans[i].end);
    }
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "\n%d %d %u-%u %s", evidence[i].flag, evidence[i].note,
                            evidence[i].span.start, evidence[i].span.end, evidence[i].kind);
  return g_string_free (out, FALSE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(CnFuzzFields) fields = NULL;
  g_autoptr(CnAnalysis) analysis = NULL;
  g_autoptr(CnAnalysis) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target_name = NULL;
  g_autofree char *target_position = NULL;
  g_autofree char *target_company = NULL;
  g_auto(GStrv) expertise = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *summary_again = NULL;
  CnAnalysisInput input = { 0 };
  gboolean valid;
  guint8 flags;

  cn_fuzz_init ();
  if (size < 1)
    return 0;
  flags = data[0];
  fields = cn_fuzz_fields_new (data + 1, size - 1, 6);

  input.note_to_target = cn_fuzz_fields_get (fields, 0);
  input.note_to_connector = (flags & 4) ? NULL : cn_fuzz_fields_get (fields, 1);
  input.lang = langs[flags & 3];
  if (flags & 8)
    {
      /* A contact comes from the database: valid UTF-8. */
      const char *tags = cn_fuzz_fields_get (fields, 5);

      if (cn_fuzz_fields_get (fields, 2) != NULL)
        target_name = g_utf8_make_valid (cn_fuzz_fields_get (fields, 2), -1);
      if (cn_fuzz_fields_get (fields, 3) != NULL)
        target_position = g_utf8_make_valid (cn_fuzz_fields_get (fields, 3), -1);
      if (cn_fuzz_fields_get (fields, 4) != NULL)
        target_company = g_utf8_make_valid (cn_fuzz_fields_get (fields, 4), -1);
      if (tags != NULL)
        {
          g_autofree char *valid_tags = g_utf8_make_valid (tags, -1);

          expertise = g_strsplit (valid_tags, ",", 64);
        }
      input.target_name = target_name;
      input.target_position = target_position;
      input.target_company = target_company;
      input.target_expertise = (const char *const *) expertise;
    }

  valid = (input.note_to_target == NULL || g_utf8_validate (input.note_to_target, -1, NULL)) &&
          (input.note_to_connector == NULL || g_utf8_validate (input.note_to_connector, -1, NULL));
  analysis = cn_analyzer_analyze (cn_analyzer_get_default (), &input, &error);
  if (!valid)
    {
      cn_fuzz_assert (analysis == NULL, "an analysis of a note that is not valid UTF-8");
      cn_fuzz_assert (g_error_matches (error, CN_ANALYZER_ERROR, CN_ANALYZER_ERROR_INVALID_TEXT),
                      "invalid UTF-8 refused with %s", error != NULL ? error->message : "no error");
      return 0;
    }
  cn_fuzz_assert (analysis != NULL && error == NULL, "valid UTF-8 refused: %s",
                  error != NULL ? error->message : "no error");

  check_analysis (analysis, input.note_to_target, input.note_to_connector);

  again = cn_analyzer_analyze (cn_analyzer_get_default (), &input, NULL);
  summary = summary_of (analysis);
  summary_again = summary_of (again);
  cn_fuzz_assert (strcmp (summary, summary_again) == 0, "two analyses differ:\n%s\n---\n%s",
                  summary, summary_again);
  return 0;
}
