/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cn-analysis.h"
#include "cn-text.h"

G_BEGIN_DECLS

/* The motivation analyzer: text in, CnAnalysis out. Pure (no I/O once its
 * lexicons are loaded), and safe to call from several threads at once. The
 * cue lexicons are data files, one per language, compiled into the core's
 * GResource. */

#define CN_ANALYZER_ERROR (cn_analyzer_error_quark ())
typedef enum {
  CN_ANALYZER_ERROR_INVALID_TEXT, /* not valid UTF-8 */
  CN_ANALYZER_ERROR_LEXICON,      /* a lexicon file has an error (line named) */
} CnAnalyzerError;
GQuark cn_analyzer_error_quark (void);

/* What is known of a request. Every field may be NULL. */
typedef struct
{
  const char *note_to_target;
  const char *note_to_connector; /* NULL: reason_to_forward is unknown */
  const char *lang;              /* "en" or "fr" to skip detection */
  /* The target contact, when known: why_you and personalised use it. */
  const char *target_name;
  const char *target_position;
  const char *target_company;
  const char *const *target_expertise; /* NULL-terminated */
} CnAnalysisInput;

#define CN_TYPE_ANALYZER (cn_analyzer_get_type ())
G_DECLARE_FINAL_TYPE (CnAnalyzer, cn_analyzer, CN, ANALYZER, GObject)

/* The analyzer with the built-in lexicons, loaded once (thread-safe). */
CnAnalyzer *cn_analyzer_get_default (void);
/* An analyzer from lexicon texts (for tests and for trying a lexicon).
 * Returns NULL with CN_ANALYZER_ERROR_LEXICON naming the file and line. */
CnAnalyzer *
cn_analyzer_new_from_lexicons (const char *en_lexicon, const char *fr_lexicon, GError **error);
/* Changes whenever the lexicons or the rules change: stored analyses made
 * with another version are redone. */
const char *cn_analyzer_get_version (CnAnalyzer *self);
/* cn_analyzer_get_default()'s version, without reading its lexicons: the
 * window needs it before its first frame, the analyzer only after. */
const char *cn_analyzer_get_default_version (void);

/* NULL with CN_ANALYZER_ERROR_INVALID_TEXT when a note is not valid UTF-8. */
CnAnalysis *cn_analyzer_analyze (CnAnalyzer *self, const CnAnalysisInput *input, GError **error);

/* Given the note to the target as the analyzer folded and cut it, the same as
 * cn_text_init() of the whole note would; valid only during the call. */
typedef void (*CnAnalyzerTextFunc) (const CnText *note_to_target, gpointer user_data);
/* The same as cn_analyzer_analyze(), also handing text_func the note to the
 * target folded, when there is one and it was read whole (the analyzer reads
 * only the first 16,384 characters of a longer one): a caller that needs it too (the fingerprint of
 * the triage) need not fold it again. */
CnAnalysis *cn_analyzer_analyze_full (CnAnalyzer *self,
                                      const CnAnalysisInput *input,
                                      CnAnalyzerTextFunc text_func,
                                      gpointer user_data,
                                      GError **error);

G_END_DECLS
