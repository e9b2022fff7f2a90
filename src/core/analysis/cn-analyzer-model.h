/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The analyzer's model: for each label (the six elements of the note to the
 * target, then three warnings), a logistic regression over a few features of
 * the note, mostly which kinds of cue the lexicons found in it. The weights
 * are data (data/lexicons/analyzer.model), written by tools/train-analyzer
 * from the tune part of the labelled corpus. Internal. */

typedef enum {
  CN_FEATURE_BIAS = 0,
  /* One per lexicon cue, in CnCue order up to CN_CUE_VAGUE, but for
   * reason_to_forward (a cue of the note to the connector) and with stock
   * phrases split from a platform's default text. */
  CN_FEATURE_SELF_INTRO,
  CN_FEATURE_OBJECTIVE,
  CN_FEATURE_SPECIFIC_ASK,
  CN_FEATURE_WHY_YOU,
  CN_FEATURE_EFFORT_BOUND,
  CN_FEATURE_PERSONALISED,
  CN_FEATURE_STOCK,
  CN_FEATURE_PLATFORM,
  CN_FEATURE_PUSHY,
  CN_FEATURE_SALES_PITCH,
  CN_FEATURE_FLATTERY,
  CN_FEATURE_VAGUE,
  CN_FEATURE_IDENTITY,
  CN_FEATURE_REQUEST,
  CN_FEATURE_PURPOSE,
  CN_FEATURE_YOUR_WORK,
  CN_FEATURE_LEARN,
  /* The shape of the note. */
  CN_FEATURE_QUESTION,     /* it asks a question */
  CN_FEATURE_LENGTH,       /* log of its words, 1 at 300 words */
  CN_FEATURE_SHORT,        /* fewer than 8 words */
  CN_FEATURE_PLACEHOLDERS, /* unfilled slots */
  CN_FEATURE_MANY_CUES,    /* cues of three or more elements */
  CN_FEATURE_SLOT_SELF,    /* a slot for the sender: "[Your Name]", "{{fromName}}" */
  CN_FEATURE_SLOT_DETAIL,  /* a slot for a detail: "[specific project]", "[raison]" */
  CN_N_FEATURES
} CnFeature;

/* The labels the model decides, as in the labelling guide. */
typedef enum {
  CN_LABEL_SELF_INTRO = 0, /* the first six follow CnElement */
  CN_LABEL_OBJECTIVE,
  CN_LABEL_SPECIFIC_ASK,
  CN_LABEL_WHY_YOU,
  CN_LABEL_EFFORT_BOUND,
  CN_LABEL_PERSONALISED,
  CN_LABEL_GENERIC_TEMPLATE,
  CN_LABEL_PUSHY,
  CN_LABEL_SALES_PITCH,
  CN_N_LABELS
} CnLabel;

typedef struct
{
  float weights[CN_N_LABELS][CN_N_FEATURES];
} CnAnalyzerModel;

const char *cn_feature_to_string (CnFeature feature);
const char *cn_label_to_string (CnLabel label);

/* Reads "label feature weight" lines; a label or feature left out weighs 0.
 * Fails with CN_ANALYZER_ERROR_LEXICON naming the line. */
gboolean cn_analyzer_model_parse (CnAnalyzerModel *model,
                                  const char *file_name,
                                  const char *contents,
                                  GError **error);
/* The probability that label holds for the features x. */
double cn_analyzer_model_predict (const CnAnalyzerModel *model, CnLabel label, const float *x);

G_END_DECLS
