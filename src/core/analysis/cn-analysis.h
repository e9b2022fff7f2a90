/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What the analyzer found in one request: the objective elements with the
 * character spans that justify them, the warning flags with their evidence,
 * a score, a verdict and the reasons for it. Immutable once made. */

/* The objective elements. The first six are looked for in the note to the
 * target; REASON_TO_FORWARD in the note to the connector. Values are stored
 * in the database as bits (1 << element): never renumber them. */
typedef enum {
  CN_ELEMENT_SELF_INTRO = 0,
  CN_ELEMENT_OBJECTIVE = 1,
  CN_ELEMENT_SPECIFIC_ASK = 2,
  CN_ELEMENT_WHY_YOU = 3,
  CN_ELEMENT_EFFORT_BOUND = 4,
  CN_ELEMENT_PERSONALISED = 5,
  CN_ELEMENT_REASON_TO_FORWARD = 6,
} CnElement;
#define CN_N_ELEMENTS 7
#define CN_N_TARGET_ELEMENTS 6

/* Warning signs. Stored as bits (1 << flag): never renumber. */
typedef enum {
  CN_FLAG_GENERIC_TEMPLATE = 0,
  CN_FLAG_PLACEHOLDERS = 1,
  CN_FLAG_PUSHY = 2,
  CN_FLAG_SALES_PITCH = 3,
  CN_FLAG_TOO_SHORT = 4,
  /* A mild note, not a warning: common formulas ("I hope this finds you
   * well") inside a note that is not stock text. It has no CnReason and
   * weighs nothing in the score or the verdict. */
  CN_FLAG_COMMON_FORMULA = 5,
} CnFlag;
#define CN_N_FLAGS 6
/* The flags that are notes, not warning signs. */
#define CN_FLAG_MASK_MILD (1u << CN_FLAG_COMMON_FORMULA)

/* Stored in the database: never renumber. NONE = not analysed (yet). */
typedef enum {
  CN_VERDICT_NONE = 0,
  CN_VERDICT_MOTIVATED = 1,  /* can be forwarded as it is */
  CN_VERDICT_INCOMPLETE = 2, /* ask the requester to state their objective */
  CN_VERDICT_UNSUITABLE = 3, /* decline */
} CnVerdict;
#define CN_VERDICT_LAST CN_VERDICT_UNSUITABLE

/* Which note a span is in. */
typedef enum {
  CN_NOTE_TO_TARGET = 0,
  CN_NOTE_TO_CONNECTOR = 1,
} CnNote;

/* Why the verdict is what it is, one entry per reason, most important first. */
typedef enum {
  CN_REASON_EMPTY = 0,     /* the note to the target is empty */
  CN_REASON_NO_SELF_INTRO, /* one per missing element, same order as CnElement */
  CN_REASON_NO_OBJECTIVE,
  CN_REASON_NO_SPECIFIC_ASK,
  CN_REASON_NO_WHY_YOU,
  CN_REASON_NO_EFFORT_BOUND,
  CN_REASON_NOT_PERSONALISED,
  CN_REASON_NO_REASON_TO_FORWARD,
  CN_REASON_GENERIC_TEMPLATE, /* one per flag, same order as CnFlag */
  CN_REASON_PLACEHOLDERS,
  CN_REASON_PUSHY,
  CN_REASON_SALES_PITCH,
  CN_REASON_TOO_SHORT,
} CnReason;

/* Unicode character offsets (not bytes) into a note; end is exclusive. */
typedef struct
{
  guint start;
  guint end;
} CnSpan;

/* Why a flag is raised: where, and what kind of cue it is. kind is a stable
 * id from the lexicon ("linkedin-invitation", "placeholder", "urgency",
 * "ultimatum", "guilt", "stock-phrase", …); cn_evidence_get_label() gives
 * words for it. text is the matched text, copied from the note. */
typedef struct
{
  CnFlag flag;
  CnNote note;
  CnSpan span;
  const char *kind;
  const char *text;
} CnEvidence;

#define CN_TYPE_ANALYSIS (cn_analysis_get_type ())
G_DECLARE_FINAL_TYPE (CnAnalysis, cn_analysis, CN, ANALYSIS, GObject)

/* "en", "fr", or "und" when the language could not be told (the note is
 * still analysed, with both languages' cues). */
const char *cn_analysis_get_lang (CnAnalysis *self);
const char *cn_analysis_get_connector_lang (CnAnalysis *self);

gboolean cn_analysis_has_element (CnAnalysis *self, CnElement element);
/* Spans in the note the element belongs to (REASON_TO_FORWARD: the note to
 * the connector), sorted by start; n_spans may be NULL. */
const CnSpan *cn_analysis_get_spans (CnAnalysis *self, CnElement element, guint *n_spans);
/* Spans, in the note to the connector, of an element of the note to the target
 * that the requester stated there instead (who they are). The spans of
 * CN_ELEMENT_REASON_TO_FORWARD are in that note already and come from
 * cn_analysis_get_spans(). */
const CnSpan *cn_analysis_get_connector_spans (CnAnalysis *self, CnElement element, guint *n_spans);
/* FALSE when there was no note to the connector: reason_to_forward is then
 * unknown (null in JSON), not missing. */
gboolean cn_analysis_has_connector_note (CnAnalysis *self);

gboolean cn_analysis_has_flag (CnAnalysis *self, CnFlag flag);
/* All evidence, flag by flag, each flag's in text order. */
const CnEvidence *cn_analysis_get_evidence (CnAnalysis *self, guint *n_evidence);

/* 0–100: how well the request is motivated. */
guint cn_analysis_get_score (CnAnalysis *self);
CnVerdict cn_analysis_get_verdict (CnAnalysis *self);
const CnReason *cn_analysis_get_reasons (CnAnalysis *self, guint *n_reasons);

/* Bit masks (1 << CnElement, 1 << CnFlag), as stored in the database. */
guint cn_analysis_get_element_mask (CnAnalysis *self);
guint cn_analysis_get_flag_mask (CnAnalysis *self);

/* Stable ids for the command line and JSON: "self_intro", …,
 * "generic_template", …, "motivated", "incomplete", "unsuitable". */
const char *cn_element_to_string (CnElement element);
const char *cn_flag_to_string (CnFlag flag);
const char *cn_verdict_to_string (CnVerdict verdict);
gboolean cn_verdict_from_string (const char *str, CnVerdict *out_verdict);

/* What the connector says of one element or flag, against the analyzer's
 * judgement. Stored in the database: never renumber. */
typedef enum {
  CN_CORRECTION_PRESENT = 0,   /* an element: it is there */
  CN_CORRECTION_MISSING = 1,   /* an element: it is not */
  CN_CORRECTION_DISMISSED = 2, /* a flag: it is not a warning sign here */
} CnCorrectionKind;

typedef struct
{
  gboolean is_flag;
  guint item; /* a CnElement, or a CnFlag when is_flag */
  CnCorrectionKind kind;
  /* PRESENT: the words that show it, in note; an empty span keeps the
   * analyzer's spans (if any). */
  CnNote note;
  CnSpan span;
} CnCorrection;

/* A new analysis: @self with each correction applied over it (the last one
 * of an element or flag wins), the score, verdict and reasons decided again
 * by the analyzer's rule. Corrections that name no element or flag, or a
 * kind that does not fit, are skipped. */
CnAnalysis *
cn_analysis_correct (CnAnalysis *self, const CnCorrection *corrections, guint n_corrections);
/* Whether the element or flag was corrected by the connector. */
gboolean cn_analysis_is_element_corrected (CnAnalysis *self, CnElement element);
gboolean cn_analysis_is_flag_dismissed (CnAnalysis *self, CnFlag flag);
gboolean cn_analysis_is_corrected (CnAnalysis *self);

/* The text of a "corrected" history event, stable: "objective present",
 * "pushy dismissed", "objective restored" (@correction NULL: back to the
 * analyzer's judgement of is_flag/item). */
char *cn_correction_format (gboolean is_flag, guint item, const CnCorrection *correction);
/* Reads it back; @out_restored is TRUE for "restored". */
gboolean cn_correction_parse (const char *text,
                              gboolean *out_is_flag,
                              guint *out_item,
                              CnCorrectionKind *out_kind,
                              gboolean *out_restored);
const char *cn_correction_kind_to_string (CnCorrectionKind kind);

/* Translated words for the user. */
const char *cn_element_get_label (CnElement element); /* "Who they are" */
/* One line on what a good request says there, shown when it is missing. */
const char *cn_element_get_hint (CnElement element);
const char *cn_flag_get_label (CnFlag flag);          /* "Stock text" */
const char *cn_verdict_get_label (CnVerdict verdict); /* "Motivated" */
const char *cn_reason_get_label (CnReason reason);    /* "No precise objective" */
/* Words for one piece of evidence ("LinkedIn’s default invitation text",
 * "Unfilled placeholder “{first_name}”"); newly allocated. */
char *cn_evidence_get_label (const CnEvidence *evidence);

G_END_DECLS
