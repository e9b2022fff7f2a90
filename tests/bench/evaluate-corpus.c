/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Measures the analyzer against the labelled corpus: precision, recall and
 * F1 per label, and the accuracy of the verdict (motivated or not), per part,
 * per language and overall. Each record's text is analysed as the note to the
 * target, in the record's language.
 *
 * The corpus is split once, by tools/split-corpus.py, into a tune part and a
 * test part (corpus-split.tsv beside this file). Rules are written looking at
 * the tune part only: --verbose and --explain show tune records and nothing
 * of the test part, which is only counted. The test part's figures are the
 * ones to quote.
 *
 *   evaluate-corpus [--verbose] [--explain ID] [--split FILE] [CORPUS_DIR]
 *
 * Without an argument the corpus is $CONNECTEUR_SHARED/corpus. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "cn-analyzer.h"
#include "cn-corpus.h"

#define N_PARTS 2

/* In CnCorpusPart order. */
static const char *const part_names[N_PARTS] = { "tune", "test" };

enum {
  SET_EN,
  SET_FR,
  SET_ALL,
  N_SETS
};

static const char *const set_names[N_SETS] = { "en", "fr", "all" };

/* The labels measured: the six elements, then three flags. */
typedef struct
{
  const char *name;
  gboolean is_flag;
  int id;
} Label;

static const Label labels[] = {
  { "self_intro", FALSE, CN_ELEMENT_SELF_INTRO },
  { "objective", FALSE, CN_ELEMENT_OBJECTIVE },
  { "specific_ask", FALSE, CN_ELEMENT_SPECIFIC_ASK },
  { "why_you", FALSE, CN_ELEMENT_WHY_YOU },
  { "effort_bound", FALSE, CN_ELEMENT_EFFORT_BOUND },
  { "personalised", FALSE, CN_ELEMENT_PERSONALISED },
  { "generic_template", TRUE, CN_FLAG_GENERIC_TEMPLATE },
  { "pushy", TRUE, CN_FLAG_PUSHY },
  { "sales_pitch", TRUE, CN_FLAG_SALES_PITCH },
};
#define N_LABELS G_N_ELEMENTS (labels)

typedef struct
{
  guint tp, fp, fn, tn;
} Counts;

typedef struct
{
  Counts label[N_LABELS];
  guint n, verdict_ok;
  guint rule_ok; /* the verdict rule on the true labels agrees with the verdict */
} Totals;

static const char *explain = NULL;
static gboolean verbose = FALSE;

static gboolean
predicted (CnAnalysis *analysis, const Label *label)
{
  if (label->is_flag)
    return cn_analysis_has_flag (analysis, (CnFlag) label->id);
  return cn_analysis_has_element (analysis, (CnElement) label->id);
}

static void
count (Counts *c, gboolean truth, gboolean guess)
{
  if (truth && guess)
    c->tp++;
  else if (guess)
    c->fp++;
  else if (truth)
    c->fn++;
  else
    c->tn++;
}

/* Prints what was found and where, for --explain ID. */
static void
explain_analysis (CnAnalysis *analysis, const char *note)
{
  guint n;
  const CnEvidence *evidence = cn_analysis_get_evidence (analysis, &n);

  for (guint e = 0; e < CN_N_TARGET_ELEMENTS; e++)
    {
      guint n_spans;
      const CnSpan *spans = cn_analysis_get_spans (analysis, e, &n_spans);

      for (guint i = 0; i < n_spans; i++)
        {
          g_autofree char *text = g_utf8_substring (note, spans[i].start, spans[i].end);

          g_print ("  %-14s “%s”\n", cn_element_to_string (e), text);
        }
    }
  for (guint i = 0; i < n; i++)
    g_print ("  %-14s %s “%s”\n", cn_flag_to_string (evidence[i].flag), evidence[i].kind,
             evidence[i].text);
}

typedef struct
{
  CnAnalyzer *analyzer;
  Totals totals[N_PARTS][N_SETS];
} Evaluation;

static gboolean
evaluate_record (JsonObject *record,
                 CnCorpusPart part,
                 const char *file,
                 guint line_no,
                 gpointer user_data,
                 GError **error)
{
  Evaluation *evaluation = user_data;
  Totals (*totals)[N_SETS] = evaluation->totals;
  g_autoptr(CnAnalysis) analysis = NULL;
  g_autoptr(GString) misses = g_string_new (NULL);
  CnAnalysisInput input = { 0 };
  JsonObject *truth;
  const char *id, *lang, *verdict;
  gboolean motivated, guessed;
  int set;

  truth = json_object_get_object_member (record, "labels");
  id = json_object_get_string_member_with_default (record, "id", "");
  lang = json_object_get_string_member_with_default (record, "lang", "");
  verdict = json_object_get_string_member_with_default (record, "verdict", "");

  input.note_to_target = json_object_get_string_member_with_default (record, "text", "");
  input.lang = lang;
  analysis = cn_analyzer_analyze (evaluation->analyzer, &input, error);
  if (analysis == NULL)
    {
      g_prefix_error (error, "%s:%u: ", file, line_no);
      return FALSE;
    }

  set = g_str_equal (lang, "fr") ? SET_FR : SET_EN;
  motivated = g_str_equal (verdict, "motivated");
  guessed = cn_analysis_get_verdict (analysis) == CN_VERDICT_MOTIVATED;

  for (guint l = 0; l < N_LABELS; l++)
    {
      gboolean t = json_object_get_boolean_member_with_default (truth, labels[l].name, FALSE);
      gboolean g = predicted (analysis, &labels[l]);

      count (&totals[part][set].label[l], t, g);
      count (&totals[part][SET_ALL].label[l], t, g);
      if (t != g)
        g_string_append_printf (misses, " %s%s", g ? "+" : "-", labels[l].name);
    }
  /* What the seed's rule (an objective and a concrete ask, without pressure
   * or a pitch) gives on the labels themselves: the best the analyzer can
   * reach with that rule, whatever it detects. */
  {
#define TRUE_LABEL(name) json_object_get_boolean_member_with_default (truth, name, FALSE)
    gboolean objective = TRUE_LABEL ("objective"), why = TRUE_LABEL ("why_you");
    gboolean rule = objective && TRUE_LABEL ("specific_ask") && !TRUE_LABEL ("pushy") &&
                    !TRUE_LABEL ("generic_template") &&
                    !(TRUE_LABEL ("sales_pitch") && !(why && objective));
#undef TRUE_LABEL
    if (rule == motivated)
      {
        totals[part][set].rule_ok++;
        totals[part][SET_ALL].rule_ok++;
      }
  }
  totals[part][set].n++;
  totals[part][SET_ALL].n++;
  if (motivated == guessed)
    {
      totals[part][set].verdict_ok++;
      totals[part][SET_ALL].verdict_ok++;
    }

  /* The test part is counted, never shown. */
  if (part == CN_CORPUS_TEST)
    return TRUE;

  if (explain != NULL && g_str_equal (explain, id))
    explain_analysis (analysis, input.note_to_target);

  if (verbose && (misses->len > 0 || motivated != guessed))
    g_print ("%s %s%s score=%u\n", id,
             motivated == guessed ? "" : (guessed ? "VERDICT+ " : "VERDICT- "), misses->str,
             cn_analysis_get_score (analysis));

  return TRUE;
}

static double
ratio (guint a, guint b)
{
  return b == 0 ? 1.0 : (double) a / b;
}

static void
print_set (const Totals *t, const char *part, const char *name)
{
  g_print ("\n%s part, %s (%u notes)\n", part, name, t->n);
  g_print ("  %-18s %9s %9s %9s   tp fp fn\n", "label", "precision", "recall", "F1");
  for (guint l = 0; l < N_LABELS; l++)
    {
      const Counts *c = &t->label[l];
      double p = ratio (c->tp, c->tp + c->fp), r = ratio (c->tp, c->tp + c->fn);
      double f1 = (p + r) > 0 ? 2 * p * r / (p + r) : 0;

      g_print ("  %-18s %9.2f %9.2f %9.2f   %2u %2u %2u\n", labels[l].name, p, r, f1, c->tp, c->fp,
               c->fn);
    }
  g_print ("  verdict accuracy (motivated vs the rest): %.2f (%u/%u)\n",
           ratio (t->verdict_ok, t->n), t->verdict_ok, t->n);
  g_print ("  the verdict rule on the true labels:        %.2f (%u/%u)\n", ratio (t->rule_ok, t->n),
           t->rule_ok, t->n);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *split_path = NULL;
  g_autoptr(GError) error = NULL;
  Evaluation evaluation = { 0 };

  setlocale (LC_ALL, "");

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--verbose"))
        verbose = TRUE;
      else if (g_str_equal (argv[i], "--explain") && i + 1 < argc)
        {
          explain = argv[++i];
          verbose = TRUE;
        }
      else if (g_str_equal (argv[i], "--split") && i + 1 < argc)
        {
          g_free (split_path);
          split_path = g_strdup (argv[++i]);
        }
      else
        {
          g_free (dir);
          dir = g_strdup (argv[i]);
        }
    }
  if (dir == NULL)
    dir = cn_corpus_default_dir ();
  if (split_path == NULL)
    split_path = g_strdup (CN_CORPUS_SPLIT);

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_print ("skipped: corpus not found (%s); set CONNECTEUR_SHARED or pass its folder\n",
               dir != NULL ? dir : "CONNECTEUR_SHARED is not set");
      return 0;
    }

  evaluation.analyzer = cn_analyzer_get_default ();
  g_print ("Analyzer %s on %s (split: %s)\n", cn_analyzer_get_version (evaluation.analyzer), dir,
           split_path);
  if (!cn_corpus_foreach (dir, split_path, evaluate_record, &evaluation, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (explain != NULL)
    return 0;
  for (int p = 0; p < N_PARTS; p++)
    for (int s = 0; s < N_SETS; s++)
      print_set (&evaluation.totals[p][s], part_names[p], set_names[s]);
  g_print ("\nQuote the test part: the rules were never written looking at it.\n");

  return 0;
}
