/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Trains the analyzer's model (src/core/analysis/cn-analyzer-model.h) on the tune part
 * of the labelled corpus, and writes its weights as data:
 *
 *   train-analyzer [--cv] [--split FILE] [CORPUS_DIR] > data/lexicons/analyzer.model
 *
 * For each label, a logistic regression with an L2 penalty, fitted by plain
 * gradient descent from zero weights, a fixed number of steps, in a fixed
 * order: the same corpus and lexicons give the same file, byte for byte.
 * Only the tune part is read (tools/split-corpus.py); the test part is left
 * for tests/bench/evaluate-corpus to score.
 *
 * The penalty of each label is chosen by a cross-validation over the tune
 * part, whose folds are whole sources: never by looking at the test part.
 * --cv prints, instead of weights, the F1 of each label for each penalty;
 * --features, each tune note's id, fold and features. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "cn-analyzer-private.h"
#include "cn-corpus.h"

#define STEPS 3000
#define RATE 1.0
#define N_FOLDS 5

typedef struct
{
  float x[CN_N_FEATURES];
  gboolean y[CN_N_LABELS];
  guint fold;
  char id[16];
} Example;

typedef struct
{
  CnAnalyzer *analyzer;
  GArray *examples;
} Reading;

static gboolean
add_example (JsonObject *record,
             CnCorpusPart part,
             const char *file,
             guint line,
             gpointer user_data,
             GError **error)
{
  Reading *reading = user_data;
  JsonObject *labels = json_object_get_object_member (record, "labels");
  Example ex = { 0 };

  if (part != CN_CORPUS_TUNE)
    return TRUE;

  _cn_analyzer_get_features (reading->analyzer,
                             json_object_get_string_member_with_default (record, "text", ""),
                             json_object_get_string_member_with_default (record, "lang", NULL),
                             ex.x);
  for (guint l = 0; l < CN_N_LABELS; l++)
    ex.y[l] = json_object_get_boolean_member_with_default (labels, cn_label_to_string (l), FALSE);
  g_strlcpy (ex.id, json_object_get_string_member_with_default (record, "id", ""), sizeof ex.id);
  /* Folds are whole sources, as the split is. */
  ex.fold = g_str_hash (json_object_get_string_member_with_default (record, "source", "")) %
            N_FOLDS;
  g_array_append_val (reading->examples, ex);

  return TRUE;
}

static gboolean
read_examples (const char *dir, const char *split_path, GArray *examples, GError **error)
{
  g_autoptr(CnAnalyzer) analyzer = _cn_analyzer_new_untrained (error);
  Reading reading = { analyzer, examples };

  return analyzer != NULL && cn_corpus_foreach (dir, split_path, add_example, &reading, error);
}

/* Each label's own cue. */
static const CnFeature own_cue[CN_N_LABELS] = {
  [CN_LABEL_SELF_INTRO] = CN_FEATURE_SELF_INTRO,
  [CN_LABEL_OBJECTIVE] = CN_FEATURE_OBJECTIVE,
  [CN_LABEL_SPECIFIC_ASK] = CN_FEATURE_SPECIFIC_ASK,
  [CN_LABEL_WHY_YOU] = CN_FEATURE_WHY_YOU,
  [CN_LABEL_EFFORT_BOUND] = CN_FEATURE_EFFORT_BOUND,
  [CN_LABEL_PERSONALISED] = CN_FEATURE_PERSONALISED,
  [CN_LABEL_GENERIC_TEMPLATE] = CN_FEATURE_STOCK,
  [CN_LABEL_PUSHY] = CN_FEATURE_PUSHY,
  [CN_LABEL_SALES_PITCH] = CN_FEATURE_SALES_PITCH,
};

/* Fits w for one label on the examples outside fold skip (N_FOLDS: none). */
static void
fit (const GArray *examples, CnLabel label, double lambda, guint skip, double *w)
{
  double grad[CN_N_FEATURES];
  guint n = 0;

  memset (w, 0, sizeof (double) * CN_N_FEATURES);
  for (guint i = 0; i < examples->len; i++)
    n += g_array_index (examples, Example, i).fold != skip;

  for (guint step = 0; step < STEPS; step++)
    {
      memset (grad, 0, sizeof grad);
      for (guint i = 0; i < examples->len; i++)
        {
          const Example *ex = &g_array_index (examples, Example, i);
          double z = 0, err;

          if (ex->fold == skip)
            continue;
          for (guint f = 0; f < CN_N_FEATURES; f++)
            z += w[f] * ex->x[f];
          err = 1.0 / (1.0 + exp (-z)) - (ex->y[label] ? 1.0 : 0.0);
          for (guint f = 0; f < CN_N_FEATURES; f++)
            grad[f] += err * ex->x[f];
        }
      for (guint f = 0; f < CN_N_FEATURES; f++)
        {
          /* The label's own cue is not shrunk: the lexicon was written for
           * it, the other features only correct it. */
          gboolean free = f == CN_FEATURE_BIAS || f == own_cue[label];
          double g = grad[f] / n + (free ? 0 : 2 * lambda * w[f]);

          w[f] -= RATE * g;
        }
    }
}

static const double lambdas[] = { 0.001, 0.003, 0.01, 0.03, 0.1 };

/* The F1 of a label in a cross-validation over the examples' folds. */
static double
cv_f1 (const GArray *examples, CnLabel label, double lambda)
{
  guint tp = 0, fp = 0, fn = 0;

  for (guint fold = 0; fold < N_FOLDS; fold++)
    {
      double w[CN_N_FEATURES];

      fit (examples, label, lambda, fold, w);
      for (guint i = 0; i < examples->len; i++)
        {
          const Example *ex = &g_array_index (examples, Example, i);
          double z = 0;
          gboolean guess;

          if (ex->fold != fold)
            continue;
          for (guint f = 0; f < CN_N_FEATURES; f++)
            z += w[f] * ex->x[f];
          guess = z >= 0;
          tp += guess && ex->y[label];
          fp += guess && !ex->y[label];
          fn += !guess && ex->y[label];
        }
    }
  return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
}

/* Within this much F1 of the best penalty, a stronger one is preferred: on
 * a corpus this small, a gain of a note or two is noise, and a stronger
 * penalty leans less on the cues that happen to co-occur in it. */
#define F1_TOLERANCE 0.02

/* The strongest penalty whose cross-validated F1 is within F1_TOLERANCE of
 * the best one's. */
static double
choose_lambda (const GArray *examples, CnLabel label, double *chosen_f1)
{
  double f1[G_N_ELEMENTS (lambdas)], best = -1;
  guint chosen = 0;

  for (guint k = 0; k < G_N_ELEMENTS (lambdas); k++)
    {
      f1[k] = round (cv_f1 (examples, label, lambdas[k]) * 100) / 100;
      best = MAX (best, f1[k]);
    }
  for (guint k = 0; k < G_N_ELEMENTS (lambdas); k++)
    {
      if (f1[k] >= best - F1_TOLERANCE - 1e-9)
        chosen = k;
    }
  *chosen_f1 = f1[chosen];
  return lambdas[chosen];
}

static void
cross_validate (const GArray *examples)
{
  g_print ("%-18s", "F1 by lambda");
  for (guint k = 0; k < G_N_ELEMENTS (lambdas); k++)
    g_print (" %7.3f", lambdas[k]);
  g_print ("\n");

  for (guint l = 0; l < CN_N_LABELS; l++)
    {
      g_print ("%-18s", cn_label_to_string (l));
      for (guint k = 0; k < G_N_ELEMENTS (lambdas); k++)
        g_print (" %7.2f", cv_f1 (examples, l, lambdas[k]));
      g_print ("\n");
    }
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *split_path = g_strdup (CN_CORPUS_SPLIT);
  g_autoptr(GArray) examples = g_array_new (FALSE, FALSE, sizeof (Example));
  g_autoptr(GError) error = NULL;
  gboolean cv = FALSE, features = FALSE;

  setlocale (LC_ALL, "");

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--cv"))
        cv = TRUE;
      else if (g_str_equal (argv[i], "--features"))
        features = TRUE;
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
  if (dir == NULL)
    {
      g_printerr ("train-analyzer: name the corpus folder, or set CONNECTEUR_SHARED\n");
      return 2;
    }

  if (!read_examples (dir, split_path, examples, &error))
    {
      g_printerr ("train-analyzer: %s\n", error->message);
      return 1;
    }

  if (cv)
    {
      cross_validate (examples);
      return 0;
    }
  if (features)
    {
      for (guint i = 0; i < examples->len; i++)
        {
          const Example *ex = &g_array_index (examples, Example, i);

          g_print ("%s\t%u", ex->id, ex->fold);
          for (guint f = 0; f < CN_N_FEATURES; f++)
            g_print ("\t%g", ex->x[f]);
          g_print ("\n");
        }
      return 0;
    }

  g_print ("# Connecteur — the analyzer's weights: for each label, the weight of each\n"
           "# feature in a logistic regression (src/core/analysis/cn-analyzer-model.h).\n"
           "# Written by tools/train-analyzer from the tune part of the corpus\n"
           "# (%u notes, %d steps): do not edit, train again.\n",
           examples->len, STEPS);
  for (guint l = 0; l < CN_N_LABELS; l++)
    {
      double w[CN_N_FEATURES], f1;
      double lambda = choose_lambda (examples, l, &f1);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      fit (examples, l, lambda, N_FOLDS, w);
      g_ascii_formatd (buf, sizeof buf, "%g", lambda);
      g_print ("\n# %s: lambda %s, cross-validated F1 %.2f\n", cn_label_to_string (l), buf, f1);
      for (guint f = 0; f < CN_N_FEATURES; f++)
        {
          /* 0.0000 rather than -0.0000: the same text on every machine. */
          g_ascii_formatd (buf, sizeof buf, "%.4f", fabs (w[f]) < 0.00005 ? 0.0 : w[f]);
          g_print ("%s %s %s\n", cn_label_to_string (l), cn_feature_to_string (f), buf);
        }
    }

  return 0;
}
