/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cn-analysis-private.h"

#define CN_N_REASONS (CN_REASON_TOO_SHORT + 1)

struct _CnAnalysis
{
  GObject parent_instance;

  const char *lang; /* interned */
  const char *connector_lang;
  gboolean has_connector_note;
  guint element_mask;
  guint flag_mask;
  GArray *spans[CN_N_ELEMENTS];           /* CnSpan */
  GArray *connector_spans[CN_N_ELEMENTS]; /* CnSpan, of elements found in the note to you */
  GArray *evidence;                       /* CnEvidence; text owned */
  CnReason reasons[CN_N_REASONS];         /* each at most once: no allocation */
  guint n_reasons;
  guint score;
  CnVerdict verdict;
  gboolean empty;           /* the note to the target has no words */
  guint corrected_elements; /* 1 << CnElement the connector corrected */
  guint dismissed_flags;    /* 1 << CnFlag the connector dismissed */
};

G_DEFINE_FINAL_TYPE (CnAnalysis, cn_analysis, G_TYPE_OBJECT)

static const char *const element_ids[CN_N_ELEMENTS] = {
  "self_intro",   "objective",    "specific_ask",      "why_you",
  "effort_bound", "personalised", "reason_to_forward",
};

static const char *const flag_ids[CN_N_FLAGS] = {
  "generic_template", "placeholders", "pushy", "sales_pitch", "too_short", "common_formula",
};

static const char *const correction_ids[] = { "present", "missing", "dismissed" };

static const char *const verdict_ids[CN_VERDICT_LAST + 1] = {
  "none",
  "motivated",
  "incomplete",
  "unsuitable",
};

/* --- Helpers ------------------------------------------------------------------ */

static int
compare_spans (gconstpointer a, gconstpointer b)
{
  const CnSpan *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return 0;
}

static int
compare_evidence (gconstpointer a, gconstpointer b)
{
  const CnEvidence *x = a, *y = b;

  if (x->flag != y->flag)
    return x->flag < y->flag ? -1 : 1;
  if (x->note != y->note)
    return x->note < y->note ? -1 : 1;
  return compare_spans (&x->span, &y->span);
}

/* Sorted, with overlapping or touching spans merged. */
static void
merge_spans (GArray *spans)
{
  guint out = 0;

  gboolean sorted = TRUE;

  if (spans->len < 2)
    return;

  for (guint i = 1; i < spans->len && sorted; i++)
    sorted = g_array_index (spans, CnSpan, i - 1).end < g_array_index (spans, CnSpan, i).start;
  if (sorted)
    return;

  g_array_sort (spans, compare_spans);
  for (guint i = 1; i < spans->len; i++)
    {
      CnSpan *last = &g_array_index (spans, CnSpan, out);
      CnSpan *cur = &g_array_index (spans, CnSpan, i);

      if (cur->start <= last->end)
        last->end = MAX (last->end, cur->end);
      else
        g_array_index (spans, CnSpan, ++out) = *cur;
    }
  g_array_set_size (spans, out + 1);
}

static void
clear_evidence (gpointer data)
{
  CnEvidence *evidence = data;

  g_free ((char *) evidence->text);
}

/* --- GObject ------------------------------------------------------------------ */

static void
cn_analysis_finalize (GObject *object)
{
  CnAnalysis *self = CN_ANALYSIS (object);

  for (guint i = 0; i < CN_N_ELEMENTS; i++)
    {
      g_clear_pointer (&self->spans[i], g_array_unref);
      g_clear_pointer (&self->connector_spans[i], g_array_unref);
    }
  g_clear_pointer (&self->evidence, g_array_unref);

  G_OBJECT_CLASS (cn_analysis_parent_class)->finalize (object);
}

static void
cn_analysis_class_init (CnAnalysisClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cn_analysis_finalize;
}

static void
cn_analysis_init (CnAnalysis *self)
{
  self->lang = "und";
  self->connector_lang = "und";
}

/* --- Private API: the analyzer fills the analysis ------------------------------ */

CnAnalysis *
_cn_analysis_new (void)
{
  return g_object_new (CN_TYPE_ANALYSIS, NULL);
}

void
_cn_analysis_reset (CnAnalysis *self)
{
  g_return_if_fail (CN_IS_ANALYSIS (self));

  for (guint i = 0; i < CN_N_ELEMENTS; i++)
    {
      if (self->spans[i] != NULL && self->spans[i]->len > 0)
        g_array_set_size (self->spans[i], 0);
      if (self->connector_spans[i] != NULL && self->connector_spans[i]->len > 0)
        g_array_set_size (self->connector_spans[i], 0);
    }
  if (self->evidence != NULL && self->evidence->len > 0)
    g_array_set_size (self->evidence, 0); /* frees the texts */
  self->lang = "und";
  self->connector_lang = "und";
  self->has_connector_note = FALSE;
  self->element_mask = 0;
  self->flag_mask = 0;
  self->n_reasons = 0;
  self->score = 0;
  self->verdict = 0;
  self->empty = FALSE;
  self->corrected_elements = 0;
  self->dismissed_flags = 0;
}

/* g_intern_string() of lang ("und" for NULL), the analyzer's own three
 * without taking GLib's lock of interned strings at every analysis. */
static const char *
intern_lang (const char *lang)
{
  static const char *known[3];
  static gsize made = 0;

  if (g_once_init_enter (&made))
    {
      known[0] = g_intern_static_string ("en");
      known[1] = g_intern_static_string ("fr");
      known[2] = g_intern_static_string ("und");
      g_once_init_leave (&made, 1);
    }
  if (lang == NULL)
    return known[2];
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      if (strcmp (lang, known[i]) == 0)
        return known[i];
    }
  return g_intern_string (lang);
}

void
_cn_analysis_set_lang (CnAnalysis *self, const char *lang, const char *connector_lang)
{
  self->lang = intern_lang (lang);
  self->connector_lang = intern_lang (connector_lang);
}

void
_cn_analysis_set_has_connector_note (CnAnalysis *self, gboolean has_note)
{
  self->has_connector_note = has_note;
}

void
_cn_analysis_add_span (CnAnalysis *self, CnElement element, guint start, guint end)
{
  CnSpan span = { start, end };

  g_assert ((guint) element < CN_N_ELEMENTS);

  self->element_mask |= 1u << element;
  if (end <= start)
    return;
  if (self->spans[element] == NULL)
    self->spans[element] = g_array_sized_new (FALSE, FALSE, sizeof (CnSpan), 8); /* no regrowth */
  else if (self->spans[element]->len > 0)
    {
      GArray *spans = self->spans[element];
      CnSpan *last = &g_array_index (spans, CnSpan, spans->len - 1);

      /* Spans mostly come in text order: merge with the last one at once. */
      if (start >= last->start && start <= last->end)
        {
          last->end = MAX (last->end, end);
          return;
        }
    }
  g_array_append_val (self->spans[element], span);
}

void
_cn_analysis_add_connector_span (CnAnalysis *self, CnElement element, guint start, guint end)
{
  CnSpan span = { start, end };

  g_assert ((guint) element < CN_N_ELEMENTS);

  self->element_mask |= 1u << element;
  if (end <= start)
    return;
  if (self->connector_spans[element] == NULL)
    self->connector_spans[element] = g_array_new (FALSE, FALSE, sizeof (CnSpan));
  g_array_append_val (self->connector_spans[element], span);
}

void
_cn_analysis_add_evidence (CnAnalysis *self,
                           CnFlag flag,
                           CnNote note,
                           guint start,
                           guint end,
                           const char *kind,
                           const char *text,
                           gssize text_len)
{
  CnEvidence evidence = { flag, note, { start, end }, kind, NULL };

  g_assert ((guint) flag < CN_N_FLAGS);

  self->flag_mask |= 1u << flag;
  evidence.text = text != NULL ? g_strndup (text, text_len < 0 ? strlen (text) : (gsize) text_len)
                               : g_strdup ("");
  if (self->evidence == NULL)
    {
      self->evidence = g_array_sized_new (FALSE, FALSE, sizeof (CnEvidence), 4);
      g_array_set_clear_func (self->evidence, clear_evidence);
    }
  g_array_append_val (self->evidence, evidence);
}

void
_cn_analysis_set_score (CnAnalysis *self, guint score, CnVerdict verdict)
{
  self->score = MIN (score, 100);
  self->verdict = verdict;
}

void
_cn_analysis_add_reason (CnAnalysis *self, CnReason reason)
{
  g_assert ((guint) reason < CN_N_REASONS);

  for (guint i = 0; i < self->n_reasons; i++)
    {
      if (self->reasons[i] == reason)
        return;
    }
  self->reasons[self->n_reasons++] = reason;
}

void
_cn_analysis_finish (CnAnalysis *self)
{
  for (guint i = 0; i < CN_N_ELEMENTS; i++)
    {
      if (self->spans[i] != NULL)
        merge_spans (self->spans[i]);
      if (self->connector_spans[i] != NULL)
        merge_spans (self->connector_spans[i]);
    }
  if (self->evidence != NULL)
    g_array_sort (self->evidence, compare_evidence);
}

/* --- Verdict (the analyzer's rule, applied again after corrections)
 * -------------------------------------------------------------------- */

static inline gboolean
has_bit (guint mask, guint bit)
{
  return (mask & (1u << bit)) != 0;
}

void
_cn_analysis_decide (CnAnalysis *analysis, gboolean empty)
{
  static const guint weights[CN_N_TARGET_ELEMENTS] = { 15, 25, 20, 20, 10, 10 };
  static const CnElement order[] = {
    CN_ELEMENT_OBJECTIVE,         CN_ELEMENT_SPECIFIC_ASK, CN_ELEMENT_WHY_YOU,
    CN_ELEMENT_SELF_INTRO,        CN_ELEMENT_EFFORT_BOUND, CN_ELEMENT_PERSONALISED,
    CN_ELEMENT_REASON_TO_FORWARD,
  };
  static const CnFlag flag_order[] = {
    CN_FLAG_PUSHY,     CN_FLAG_SALES_PITCH, CN_FLAG_PLACEHOLDERS, CN_FLAG_GENERIC_TEMPLATE,
    CN_FLAG_TOO_SHORT,
  };
  /* The masks, once: decide() only adds reasons. */
  guint elements = cn_analysis_get_element_mask (analysis);
  guint flags = cn_analysis_get_flag_mask (analysis);
  gboolean why = has_bit (elements, CN_ELEMENT_WHY_YOU);
  gboolean objective = has_bit (elements, CN_ELEMENT_OBJECTIVE);
  gboolean ask = has_bit (elements, CN_ELEMENT_SPECIFIC_ASK);
  gboolean stock = has_bit (flags, CN_FLAG_GENERIC_TEMPLATE);
  gboolean pushy = has_bit (flags, CN_FLAG_PUSHY);
  gboolean sales = has_bit (flags, CN_FLAG_SALES_PITCH);
  int score = 0;
  CnVerdict verdict;

  analysis->empty = empty;
  analysis->n_reasons = 0;

  for (guint e = 0; e < CN_N_TARGET_ELEMENTS; e++)
    {
      if (has_bit (elements, (CnElement) e))
        score += (int) weights[e];
    }
  if (has_bit (flags, CN_FLAG_GENERIC_TEMPLATE))
    score -= 15;
  if (has_bit (flags, CN_FLAG_PLACEHOLDERS))
    score -= 15;
  if (has_bit (flags, CN_FLAG_TOO_SHORT))
    score -= 10;
  if (pushy)
    score -= 30;
  if (sales)
    score -= 30;
  if (cn_analysis_has_connector_note (analysis) &&
      !has_bit (elements, CN_ELEMENT_REASON_TO_FORWARD))
    score -= 5;
  score = CLAMP (score, 0, 100);

  /* The seed's rule: motivated is a precise objective and a concrete ask,
   * without pressure or a disguised pitch. Who is asking, why this contact,
   * a personal touch and a bounded effort weigh in the score only. */
  if (empty)
    verdict = CN_VERDICT_INCOMPLETE;
  else if (pushy || (sales && !(why && objective)) || (stock && !objective && !ask))
    verdict = CN_VERDICT_UNSUITABLE;
  else if (objective && ask && !stock)
    verdict = CN_VERDICT_MOTIVATED;
  else
    verdict = CN_VERDICT_INCOMPLETE;

  _cn_analysis_set_score (analysis, (guint) score, verdict);

  if (empty)
    _cn_analysis_add_reason (analysis, CN_REASON_EMPTY);
  for (guint i = 0; i < G_N_ELEMENTS (flag_order); i++)
    {
      if (has_bit (flags, flag_order[i]))
        _cn_analysis_add_reason (analysis, CN_REASON_GENERIC_TEMPLATE + flag_order[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if (order[i] == CN_ELEMENT_REASON_TO_FORWARD && !cn_analysis_has_connector_note (analysis))
        continue;
      if (!has_bit (elements, order[i]))
        _cn_analysis_add_reason (analysis, CN_REASON_NO_SELF_INTRO + order[i]);
    }
}

/* --- Public API ------------------------------------------------------------------ */

const char *
cn_analysis_get_lang (CnAnalysis *self)
{
  g_return_val_if_fail (CN_IS_ANALYSIS (self), NULL);

  return self->lang;
}

const char *
cn_analysis_get_connector_lang (CnAnalysis *self)
{
  g_return_val_if_fail (CN_IS_ANALYSIS (self), NULL);

  return self->connector_lang;
}

gboolean
cn_analysis_has_element (CnAnalysis *self, CnElement element)
{
  g_return_val_if_fail (CN_IS_ANALYSIS (self), FALSE);
  g_return_val_if_fail ((guint) element < CN_N_ELEMENTS, FALSE);

  return (self->element_mask & (1u << element)) != 0;
}

static const CnSpan *
spans_of (GArray *spans, guint *n_spans)
{
  if (spans == NULL || spans->len == 0)
    return NULL;
  if (n_spans != NULL)
    *n_spans = spans->len;
  return (const CnSpan *) spans->data;
}

const CnSpan *
cn_analysis_get_spans (CnAnalysis *self, CnElement element, guint *n_spans)
{
  if (n_spans != NULL)
    *n_spans = 0;
  g_return_val_if_fail (CN_IS_ANALYSIS (self), NULL);
  g_return_val_if_fail ((guint) element < CN_N_ELEMENTS, NULL);

  return spans_of (self->spans[element], n_spans);
}

/* The spans of an element found in the note to the connector instead of (or
 * besides) the note to the target: who is asking may be said there. */
const CnSpan *
cn_analysis_get_connector_spans (CnAnalysis *self, CnElement element, guint *n_spans)
{
  if (n_spans != NULL)
    *n_spans = 0;
  g_return_val_if_fail (CN_IS_ANALYSIS (self), NULL);
  g_return_val_if_fail ((guint) element < CN_N_ELEMENTS, NULL);

  return spans_of (self->connector_spans[element], n_spans);
}

gboolean
cn_analysis_has_connector_note (CnAnalysis *self)
{
  g_return_val_if_fail (CN_IS_ANALYSIS (self), FALSE);

  return self->has_connector_note;
}

gboolean
cn_analysis_has_flag (CnAnalysis *self, CnFlag flag)
{
  g_return_val_if_fail (CN_IS_ANALYSIS (self), FALSE);
  g_return_val_if_fail ((guint) flag < CN_N_FLAGS, FALSE);

  return (self->flag_mask & (1u << flag)) != 0;
}

const CnEvidence *
cn_analysis_get_evidence (CnAnalysis *self, guint *n_evidence)
{
  if (n_evidence != NULL)
    *n_evidence = 0;
  g_return_val_if_fail (CN_IS_ANALYSIS (self), NULL);

  if (self->evidence == NULL || self->evidence->len == 0)
    return NULL;
  if (n_evidence != NULL)
    *n_evidence = self->evidence->len;

  return (const CnEvidence *) self->evidence->data;
}

guint
cn_analysis_get_score (CnAnalysis *self)
{
  g_return_val_if_fail (CN_IS_ANALYSIS (self), 0);

  return self->score;
}

CnVerdict
cn_analysis_get_verdict (CnAnalysis *self)
{
  g_return_val_if_fail (CN_IS_ANALYSIS (self), CN_VERDICT_NONE);

  return self->verdict;
}

const CnReason *
cn_analysis_get_reasons (CnAnalysis *self, guint *n_reasons)
{
  if (n_reasons != NULL)
    *n_reasons = 0;
  g_return_val_if_fail (CN_IS_ANALYSIS (self), NULL);

  if (self->n_reasons == 0)
    return NULL;
  if (n_reasons != NULL)
    *n_reasons = self->n_reasons;

  return self->reasons;
}

guint
cn_analysis_get_element_mask (CnAnalysis *self)
{
  g_return_val_if_fail (CN_IS_ANALYSIS (self), 0);

  return self->element_mask;
}

guint
cn_analysis_get_flag_mask (CnAnalysis *self)
{
  g_return_val_if_fail (CN_IS_ANALYSIS (self), 0);

  return self->flag_mask;
}

/* --- Ids and words ------------------------------------------------------------ */

const char *
cn_element_to_string (CnElement element)
{
  if ((guint) element >= CN_N_ELEMENTS)
    return NULL;

  return element_ids[element];
}

const char *
cn_flag_to_string (CnFlag flag)
{
  if ((guint) flag >= CN_N_FLAGS)
    return NULL;

  return flag_ids[flag];
}

const char *
cn_verdict_to_string (CnVerdict verdict)
{
  if ((guint) verdict > CN_VERDICT_LAST)
    return NULL;

  return verdict_ids[verdict];
}

gboolean
cn_verdict_from_string (const char *str, CnVerdict *out_verdict)
{
  g_return_val_if_fail (out_verdict != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (verdict_ids); i++)
    {
      if (g_ascii_strcasecmp (str, verdict_ids[i]) == 0)
        {
          *out_verdict = (CnVerdict) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
cn_element_get_label (CnElement element)
{
  switch (element)
    {
    case CN_ELEMENT_SELF_INTRO:
      return C_("request element", "Who they are");
    case CN_ELEMENT_OBJECTIVE:
      return C_("request element", "Precise objective");
    case CN_ELEMENT_SPECIFIC_ASK:
      return C_("request element", "Concrete ask");
    case CN_ELEMENT_WHY_YOU:
      return C_("request element", "Why this contact");
    case CN_ELEMENT_EFFORT_BOUND:
      return C_("request element", "Effort bounded");
    case CN_ELEMENT_PERSONALISED:
      return C_("request element", "Personalised");
    case CN_ELEMENT_REASON_TO_FORWARD:
      return C_("request element", "Reason to forward");
    default:
      return C_("request element", "Unknown");
    }
}

const char *
cn_element_get_hint (CnElement element)
{
  switch (element)
    {
    case CN_ELEMENT_SELF_INTRO:
      return _("Say who you are: your role, your situation or your organisation.");
    case CN_ELEMENT_OBJECTIVE:
      return _("State a precise goal, such as validating a career plan or hiring for a role.");
    case CN_ELEMENT_SPECIFIC_ASK:
      return _("Ask for one concrete thing: a call, advice on a point, answers to a few "
               "questions.");
    case CN_ELEMENT_WHY_YOU:
      return _("Say why this contact: their expertise, their role or a piece of their work.");
    case CN_ELEMENT_EFFORT_BOUND:
      return _("Bound the effort: “20 minutes”, “three questions”, “a reply by e-mail”.");
    case CN_ELEMENT_PERSONALISED:
      return _("Write something that only fits this contact, not a text sent to everyone.");
    case CN_ELEMENT_REASON_TO_FORWARD:
      return _("Tell the connector why their forward would help.");
    default:
      return "";
    }
}

const char *
cn_flag_get_label (CnFlag flag)
{
  switch (flag)
    {
    case CN_FLAG_GENERIC_TEMPLATE:
      return C_("request flag", "Stock text");
    case CN_FLAG_PLACEHOLDERS:
      return C_("request flag", "Unfilled placeholders");
    case CN_FLAG_PUSHY:
      return C_("request flag", "Pushy");
    case CN_FLAG_SALES_PITCH:
      return C_("request flag", "Sales pitch");
    case CN_FLAG_TOO_SHORT:
      return C_("request flag", "Too short");
    case CN_FLAG_COMMON_FORMULA:
      return C_("request flag", "Common formula");
    default:
      return C_("request flag", "Unknown");
    }
}

const char *
cn_verdict_get_label (CnVerdict verdict)
{
  switch (verdict)
    {
    case CN_VERDICT_MOTIVATED:
      return C_("verdict", "Motivated");
    case CN_VERDICT_INCOMPLETE:
      return C_("verdict", "Incomplete");
    case CN_VERDICT_UNSUITABLE:
      return C_("verdict", "Unsuitable");
    case CN_VERDICT_NONE:
    default:
      return C_("verdict", "Not analysed");
    }
}

const char *
cn_reason_get_label (CnReason reason)
{
  switch (reason)
    {
    case CN_REASON_EMPTY:
      return _("The note to the contact is empty");
    case CN_REASON_NO_SELF_INTRO:
      return _("Does not say who they are");
    case CN_REASON_NO_OBJECTIVE:
      return _("No precise objective");
    case CN_REASON_NO_SPECIFIC_ASK:
      return _("No concrete ask");
    case CN_REASON_NO_WHY_YOU:
      return _("Nothing says why this contact");
    case CN_REASON_NO_EFFORT_BOUND:
      return _("The effort asked is not bounded");
    case CN_REASON_NOT_PERSONALISED:
      return _("Nothing specific to this contact");
    case CN_REASON_NO_REASON_TO_FORWARD:
      return _("Does not say why your forward would help");
    case CN_REASON_GENERIC_TEMPLATE:
      return _("Stock text that would fit anyone");
    case CN_REASON_PLACEHOLDERS:
      return _("Template placeholders left unfilled");
    case CN_REASON_PUSHY:
      return _("Puts pressure on the reader");
    case CN_REASON_SALES_PITCH:
      return _("A sales pitch");
    case CN_REASON_TOO_SHORT:
      return _("Too short to say anything specific");
    default:
      return "";
    }
}

char *
cn_evidence_get_label (const CnEvidence *evidence)
{
  const char *kind;

  g_return_val_if_fail (evidence != NULL, NULL);

  kind = evidence->kind != NULL ? evidence->kind : "";

  if (strcmp (kind, "linkedin-invitation") == 0)
    return g_strdup (_("Looks like LinkedIn’s default invitation text"));
  if (strcmp (kind, "placeholder") == 0)
    return g_strdup_printf (_("Unfilled placeholder “%s”"), evidence->text);
  if (strcmp (kind, "fits-anyone") == 0)
    return g_strdup (_("Nothing in the note is specific to this contact"));
  if (strcmp (kind, "too-short") == 0)
    return g_strdup (_("The note is only a few words long"));
  if (strcmp (kind, "stock-phrase") == 0)
    return g_strdup_printf (evidence->flag == CN_FLAG_COMMON_FORMULA
                            ? _("Common formula: “%s”")
                            : _("Stock phrase “%s”"), evidence->text);
  if (strcmp (kind, "urgency") == 0)
    return g_strdup_printf (_("Urgency: “%s”"), evidence->text);
  if (strcmp (kind, "ultimatum") == 0)
    return g_strdup_printf (_("Ultimatum: “%s”"), evidence->text);
  if (strcmp (kind, "guilt") == 0)
    return g_strdup_printf (_("Guilt trip: “%s”"), evidence->text);
  if (strcmp (kind, "chasing") == 0)
    return g_strdup_printf (_("Repeated chasing: “%s”"), evidence->text);
  if (strcmp (kind, "pressure") == 0)
    return g_strdup_printf (_("Pressure: “%s”"), evidence->text);
  if (strcmp (kind, "sales") == 0 || strcmp (kind, "offer") == 0)
    return g_strdup_printf (_("Sales pitch: “%s”"), evidence->text);
  if (strcmp (kind, "disclaimer") == 0)
    return g_strdup_printf (_("Says it is not a pitch: “%s”"), evidence->text);

  return g_strdup_printf (_("“%s”"), evidence->text);
}

/* --- Corrections ---------------------------------------------------------------- */

static GArray *
copy_spans (GArray *spans)
{
  GArray *copy;

  if (spans == NULL)
    return NULL;
  copy = g_array_sized_new (FALSE, FALSE, sizeof (CnSpan), spans->len);
  g_array_append_vals (copy, spans->data, spans->len);
  return copy;
}

static gboolean
correction_fits (const CnCorrection *c)
{
  if (c->is_flag)
    return c->item < CN_N_FLAGS && c->kind == CN_CORRECTION_DISMISSED;
  return c->item < CN_N_ELEMENTS &&
         (c->kind == CN_CORRECTION_PRESENT || c->kind == CN_CORRECTION_MISSING);
}

static void
apply_element (CnAnalysis *out, const CnCorrection *c)
{
  CnElement element = c->item;

  out->corrected_elements |= 1u << element;
  if (c->kind == CN_CORRECTION_MISSING)
    {
      out->element_mask &= ~(1u << element);
      g_clear_pointer (&out->spans[element], g_array_unref);
      g_clear_pointer (&out->connector_spans[element], g_array_unref);
      return;
    }

  out->element_mask |= 1u << element;
  if (c->span.end <= c->span.start)
    return;
  /* The connector's words replace the analyzer's. The reason to forward is
   * in the note to the connector, and its spans are the main ones. */
  g_clear_pointer (&out->spans[element], g_array_unref);
  g_clear_pointer (&out->connector_spans[element], g_array_unref);
  if (c->note == CN_NOTE_TO_TARGET || element == CN_ELEMENT_REASON_TO_FORWARD)
    {
      if (c->note == CN_NOTE_TO_TARGET && element == CN_ELEMENT_REASON_TO_FORWARD)
        return; /* a span in the wrong note: present, without words */
      _cn_analysis_add_span (out, element, c->span.start, c->span.end);
    }
  else
    _cn_analysis_add_connector_span (out, element, c->span.start, c->span.end);
}

static void
apply_flag (CnAnalysis *out, const CnCorrection *c)
{
  out->dismissed_flags |= 1u << c->item;
  out->flag_mask &= ~(1u << c->item);
  for (guint i = out->evidence ? out->evidence->len : 0; i > 0; i--)
    {
      if (g_array_index (out->evidence, CnEvidence, i - 1).flag == (CnFlag) c->item)
        g_array_remove_index (out->evidence, i - 1);
    }
}

CnAnalysis *
cn_analysis_correct (CnAnalysis *self, const CnCorrection *corrections, guint n_corrections)
{
  CnAnalysis *out;

  g_return_val_if_fail (CN_IS_ANALYSIS (self), NULL);
  g_return_val_if_fail (n_corrections == 0 || corrections != NULL, NULL);

  out = _cn_analysis_new ();
  out->lang = self->lang;
  out->connector_lang = self->connector_lang;
  out->has_connector_note = self->has_connector_note;
  out->element_mask = self->element_mask;
  out->flag_mask = self->flag_mask;
  for (guint e = 0; e < CN_N_ELEMENTS; e++)
    {
      out->spans[e] = copy_spans (self->spans[e]);
      out->connector_spans[e] = copy_spans (self->connector_spans[e]);
    }
  for (guint i = 0; self->evidence != NULL && i < self->evidence->len; i++)
    {
      const CnEvidence *ev = &g_array_index (self->evidence, CnEvidence, i);

      _cn_analysis_add_evidence (out, ev->flag, ev->note, ev->span.start, ev->span.end, ev->kind,
                                 ev->text, -1);
    }
  out->corrected_elements = self->corrected_elements;
  out->dismissed_flags = self->dismissed_flags;

  for (guint i = 0; i < n_corrections; i++)
    {
      if (!correction_fits (&corrections[i]))
        continue;
      if (corrections[i].is_flag)
        apply_flag (out, &corrections[i]);
      else
        apply_element (out, &corrections[i]);
    }

  _cn_analysis_decide (out, self->empty);
  _cn_analysis_finish (out);
  return out;
}

gboolean
cn_analysis_is_element_corrected (CnAnalysis *self, CnElement element)
{
  g_return_val_if_fail (CN_IS_ANALYSIS (self), FALSE);
  g_return_val_if_fail ((guint) element < CN_N_ELEMENTS, FALSE);

  return (self->corrected_elements & (1u << element)) != 0;
}

gboolean
cn_analysis_is_flag_dismissed (CnAnalysis *self, CnFlag flag)
{
  g_return_val_if_fail (CN_IS_ANALYSIS (self), FALSE);
  g_return_val_if_fail ((guint) flag < CN_N_FLAGS, FALSE);

  return (self->dismissed_flags & (1u << flag)) != 0;
}

gboolean
cn_analysis_is_corrected (CnAnalysis *self)
{
  g_return_val_if_fail (CN_IS_ANALYSIS (self), FALSE);

  return self->corrected_elements != 0 || self->dismissed_flags != 0;
}

const char *
cn_correction_kind_to_string (CnCorrectionKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (correction_ids))
    return NULL;
  return correction_ids[kind];
}

char *
cn_correction_format (gboolean is_flag, guint item, const CnCorrection *correction)
{
  const char *id = is_flag ? cn_flag_to_string (item) : cn_element_to_string (item);

  g_return_val_if_fail (id != NULL, NULL);

  return g_strdup_printf ("%s %s", id,
                          correction != NULL ? cn_correction_kind_to_string (correction->kind)
                                             : "restored");
}

gboolean
cn_correction_parse (const char *text,
                     gboolean *out_is_flag,
                     guint *out_item,
                     CnCorrectionKind *out_kind,
                     gboolean *out_restored)
{
  const char *space = text != NULL ? strchr (text, ' ') : NULL;
  gsize id_len;
  gboolean found = FALSE;

  if (space == NULL)
    return FALSE;
  id_len = space - text;
  for (guint i = 0; i < CN_N_ELEMENTS + CN_N_FLAGS && !found; i++)
    {
      gboolean is_flag = i >= CN_N_ELEMENTS;
      guint item = is_flag ? i - CN_N_ELEMENTS : i;
      const char *id = is_flag ? flag_ids[item] : element_ids[item];

      if (strlen (id) == id_len && strncmp (id, text, id_len) == 0)
        {
          found = TRUE;
          if (out_is_flag != NULL)
            *out_is_flag = is_flag;
          if (out_item != NULL)
            *out_item = item;
        }
    }
  if (!found)
    return FALSE;
  if (out_restored != NULL)
    *out_restored = strcmp (space + 1, "restored") == 0;
  if (strcmp (space + 1, "restored") == 0)
    return TRUE;
  for (guint k = 0; k < G_N_ELEMENTS (correction_ids); k++)
    {
      if (strcmp (space + 1, correction_ids[k]) == 0)
        {
          if (out_kind != NULL)
            *out_kind = (CnCorrectionKind) k;
          return TRUE;
        }
    }
  return FALSE;
}
