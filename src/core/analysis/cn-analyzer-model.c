/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cn-analyzer-model.h"
#include "cn-analyzer.h"

static const char *const feature_names[CN_N_FEATURES] = {
  "bias",         "self_intro",   "objective", "specific_ask", "why_you",
  "effort_bound", "personalised", "stock",     "platform",     "pushy",
  "sales_pitch",  "flattery",     "vague",     "identity",     "request",
  "purpose",      "your_work",    "learn",     "question",     "length",
  "short",        "placeholders", "many_cues", "slot_self",    "slot_detail",
};

static const char *const label_names[CN_N_LABELS] = {
  "self_intro",   "objective",        "specific_ask", "why_you",     "effort_bound",
  "personalised", "generic_template", "pushy",        "sales_pitch",
};

const char *
cn_feature_to_string (CnFeature feature)
{
  g_return_val_if_fail ((guint) feature < CN_N_FEATURES, NULL);
  return feature_names[feature];
}

const char *
cn_label_to_string (CnLabel label)
{
  g_return_val_if_fail ((guint) label < CN_N_LABELS, NULL);
  return label_names[label];
}

static int
find_name (const char *const *names, guint n, const char *name)
{
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (names[i], name))
        return (int) i;
    }
  return -1;
}

gboolean
cn_analyzer_model_parse (CnAnalyzerModel *model,
                         const char *file_name,
                         const char *contents,
                         GError **error)
{
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  memset (model, 0, sizeof *model);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      char *line = g_strstrip (lines[i]), *end = NULL;
      int label, feature;
      double weight;

      if (*line == '\0' || *line == '#')
        continue;
      fields = g_strsplit_set (line, " \t", -1);
      if (g_strv_length (fields) != 3)
        {
          g_set_error (error, CN_ANALYZER_ERROR, CN_ANALYZER_ERROR_LEXICON,
                       _("%s, line %u: %s"), file_name, i + 1,
                          _("write a label, a feature and a weight."));
          return FALSE;
        }
      label = find_name (label_names, CN_N_LABELS, fields[0]);
      feature = find_name (feature_names, CN_N_FEATURES, fields[1]);
      weight = g_ascii_strtod (fields[2], &end);
      if (label < 0 || feature < 0 || end == fields[2] || *end != '\0' || !isfinite (weight))
        {
          g_set_error (error, CN_ANALYZER_ERROR, CN_ANALYZER_ERROR_LEXICON,
                       _("%s, line %u: %s"), file_name, i + 1,
                          _("an unknown label or feature, or a weight that is not a number."));
          return FALSE;
        }
      model->weights[label][feature] = (float) weight;
    }

  return TRUE;
}

double
cn_analyzer_model_predict (const CnAnalyzerModel *model, CnLabel label, const float *x)
{
  double z = 0;

  for (guint f = 0; f < CN_N_FEATURES; f++)
    z += (double) model->weights[label][f] * x[f];

  return 1.0 / (1.0 + exp (-z));
}
