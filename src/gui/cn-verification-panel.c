/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cn-availability.h"
#include "cn-outside-text.h"
#include "cn-ui-utils.h"
#include "cn-requester-page.h"
#include "cn-text-row.h"
#include "cn-verification-panel.h"

struct _CnVerificationPanel
{
  GtkWidget parent_instance;

  CnReview *review;

  /* What is rendered, as the review last said (borrowed from it) */
  CnRequest *request;
  CnContact *target;
  const CnFit *fit;
  CnAvailabilityCheck availability;
  CnStepCheck checks[CN_N_STEPS];
  gboolean overridden[CN_N_STEPS];
  /* The card shows what the review read at this serial (its chips are
   * rebuilt only when it reads again). */
  gboolean card_valid;
  guint card_serial;

  /* Template widgets, by step */
  AdwPreferencesRow *rows[CN_N_STEPS];
  GtkImage *icons[CN_N_STEPS];
  GtkLabel *results[CN_N_STEPS];
  GtkWidget *overrides[CN_STEP_ENDORSEMENT];
  GtkLabel *card_name;
  GtkLabel *card_position;
  GtkFlowBox *card_tags;
  GtkLabel *card_kinds;
  GtkLabel *card_legend;
  GtkWidget *card_expertise_heading;
};

G_DEFINE_FINAL_TYPE (CnVerificationPanel, cn_verification_panel, GTK_TYPE_WIDGET)

static const char *const result_classes[] = {
  "cn-step-pass", "cn-step-warn", "cn-step-fail", "cn-step-pending", "cn-step-overridden", NULL,
};

const char *
cn_verification_panel_get_step_title (CnStep step)
{
  switch (step)
    {
    case CN_STEP_MOTIVATION:
      return C_("verification step", "Motivation");
    case CN_STEP_FIT:
      return C_("verification step", "Fit");
    case CN_STEP_AVAILABILITY:
      return C_("verification step", "Availability");
    case CN_STEP_ENDORSEMENT:
      return C_("verification step", "Endorsement");
    case CN_STEP_SEND:
    default:
      return C_("verification step", "Send");
    }
}

static gboolean
is_overridden (CnVerificationPanel *self, CnStep step)
{
  return step < CN_STEP_ENDORSEMENT && self->overridden[step] &&
         self->checks[step].result == CN_CHECK_FAIL;
}

static const char *
result_text (CnVerificationPanel *self, CnStep step)
{
  if (is_overridden (self, step))
    return C_("step result", "Overridden");
  switch (self->checks[step].result)
    {
    case CN_CHECK_PASS:
      return C_("step result", "Passed");
    case CN_CHECK_WARN:
      return C_("step result", "Check");
    case CN_CHECK_FAIL:
      return C_("step result", "Blocked");
    case CN_CHECK_PENDING:
    default:
      return C_("step result", "Pending");
    }
}

/* Labels of the elements missing from @mask, then of the flags raised. */
static char *
describe_gaps (guint element_mask, guint flag_mask)
{
  g_autoptr (GPtrArray) words = g_ptr_array_new ();

  for (guint e = 0; e < CN_N_TARGET_ELEMENTS; e++)
    if ((element_mask & (1u << e)) == 0)
      g_ptr_array_add (words, (gpointer) cn_element_get_label (e));
  for (guint f = 0; f < CN_N_FLAGS; f++)
    if ((flag_mask & ~CN_FLAG_MASK_MILD & (1u << f)) != 0)
      g_ptr_array_add (words, (gpointer) cn_flag_get_label (f));
  g_ptr_array_add (words, NULL);
  /* Translators: separates items of a list in a sentence */
  return g_strjoinv (_(", "), (char **) words->pdata);
}

static char *
motivation_reason (CnVerificationPanel *self)
{
  CnRequest *request = self->request;
  CnAnalysis *analysis = cn_review_get_analysis (self->review, NULL);
  guint elements = analysis ? cn_analysis_get_element_mask (analysis) : 0;
  guint flags = analysis ? cn_analysis_get_flag_mask (analysis) : 0;
  g_autofree char *gaps = describe_gaps (elements, flags);
  guint size;

  switch (self->checks[CN_STEP_MOTIVATION].reason)
    {
    case CN_STEP_REASON_MOTIVATED:
      return g_strdup (_("The note says what it is for and what it asks"));
    case CN_STEP_REASON_MOTIVATED_WITH_GAPS:
      /* Translators: %s lists what is missing or wrong, e.g. "How much time, Stock text" */
      return g_strdup_printf (_("Motivated, with gaps: %s"), gaps);
    case CN_STEP_REASON_INCOMPLETE:
      /* Translators: %s lists what is missing, e.g. "Why you, What they ask" */
      return g_strdup_printf (_("Incomplete. Missing: %s"), gaps);
    case CN_STEP_REASON_UNSUITABLE:
      return g_strdup_printf (_("Not suitable to forward: %s"), gaps);
    case CN_STEP_REASON_MASS_SENT:
      size = cn_request_get_campaign_size (request);
      return g_strdup_printf (ngettext ("The same note went to %u of your contacts",
                                        "The same note went to %u of your contacts", size),
                              size);
    case CN_STEP_REASON_REPEATED:
      return g_strdup (_("Sent again after you declined or asked for the objective"));
    case CN_STEP_REASON_SCREENED_OUT:
      return cn_requester_standing_describe (CN_REQUESTER_STANDING_SCREENED_OUT,
                                             cn_request_get_requester_standing_at (request));
    case CN_STEP_REASON_NOT_ANALYSED:
    default:
      return g_strdup (_("Not checked yet"));
    }
}

static char *
valid_name (const char *name, const char *fallback)
{
  return name && *name ? cn_ui_name (name) : g_strdup (fallback);
}

/* What met the request on the contact's card, each once, in card order:
 * whole expertise tags (as the contact wrote them), else the words. */
static char *
matched_contact_terms (CnVerificationPanel *self, gboolean expertise_only)
{
  const CnFit *fit = self->fit;
  const char *const *tags = self->target ? cn_contact_get_expertise (self->target) : NULL;
  guint n_tags = tags ? g_strv_length ((char **) tags) : 0;
  g_autoptr (GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; fit != NULL && i < cn_fit_get_n_matches (fit); i++)
    {
      const CnFitMatch *match = cn_fit_get_match (fit, i);
      const char *word = match->contact_term;
      g_autofree char *term = NULL;
      gboolean seen = FALSE;

      if (match->field == CN_FIT_FIELD_EXPERTISE && match->field_index < n_tags)
        word = tags[match->field_index];
      else if (expertise_only)
        continue;
      term = g_utf8_make_valid (word ? word : "", -1);
      for (guint j = 0; j < terms->len && !seen; j++)
        seen = g_strcmp0 (terms->pdata[j], term) == 0;
      if (!seen && *term != '\0')
        g_ptr_array_add (terms, g_steal_pointer (&term));
    }
  g_ptr_array_add (terms, NULL);
  return g_strjoinv (_(", "), (char **) terms->pdata);
}

static char *kinds_text (CnRequestKind kinds);

static char *
fit_reason (CnVerificationPanel *self)
{
  const CnFit *fit = self->fit;
  g_autofree char *name = valid_name (self->target ? cn_contact_get_name (self->target) : NULL,
                                      _("The contact"));
  CnRequestKind kind = fit ? cn_fit_get_kind (fit) : CN_REQUEST_KIND_OTHER;
  const char *kind_label = cn_request_kind_get_label (kind);
  g_autofree char *terms = NULL;

  switch (self->checks[CN_STEP_FIT].reason)
    {
    case CN_STEP_REASON_FIT_GOOD:
      terms = matched_contact_terms (self, TRUE);
      if (cn_fit_get_kinds_stated (fit))
        /* Translators: "Claire accepts “Job search” requests, and the request meets their
         * expertise: outplacement, reconversion" */
        return g_strdup_printf (_("%s accepts “%s” requests, and the request meets their "
                                  "expertise: %s"),
                                   name, kind_label, terms);
      return g_strdup_printf (_("The request meets the expertise of %s: %s"), name, terms);
    case CN_STEP_REASON_FIT_PARTIAL:
      terms = matched_contact_terms (self, FALSE);
      return g_strdup_printf (_("Some words meet the card of %s (%s), but not their expertise"),
                                 name, terms);
    case CN_STEP_REASON_FIT_NONE:
      return g_strdup_printf (_("Nothing in the request meets the expertise of %s"), name);
    case CN_STEP_REASON_KIND_NOT_ACCEPTED:
      if (kind == CN_REQUEST_KIND_OTHER && self->target != NULL)
        {
          /* "Other" is also what a request that says nothing comes out as:
           * say what the contact does take instead. */
          g_autofree char *kinds = kinds_text (cn_contact_get_accepted_kinds (self->target));

          /* Translators: "…, and Claire only takes: Job search, Advice or mentoring" */
          return g_strdup_printf (_("Nothing says what kind of request this is, and %s only "
                                    "takes: %s"),
                                     name, kinds);
        }
      /* Translators: "Claire does not take “Investment” requests" */
      return g_strdup_printf (_("%s does not take “%s” requests"), name, kind_label);
    case CN_STEP_REASON_NO_TARGET:
    default:
      return g_strdup (_("The request names none of your contacts"));
    }
}

static char *
availability_reason (CnVerificationPanel *self)
{
  const CnAvailabilityCheck *check = &self->availability;
  guint days = CN_AVAILABILITY_WINDOW_DAYS;
  g_autofree char *count = NULL;
  g_autofree char *date = NULL;

  count = cn_availability_describe_forwards (check->forwards, check->monthly_cap);

  switch (check->reason)
    {
    case CN_AVAILABILITY_REASON_OPEN:
      /* Translators: %s is "Introductions in the last 30 days: 1 of 4" */
      return g_strdup_printf (_("Open. %s"), count);
    case CN_AVAILABILITY_REASON_LIMITED:
      /* Translators: %s is "Introductions in the last 30 days: 1 of 4" */
      return g_strdup_printf (_("Limited: asked to be spared. %s"), count);
    case CN_AVAILABILITY_REASON_CLOSED:
      return g_strdup (_("Closed to introductions"));
    case CN_AVAILABILITY_REASON_AWAY:
      if (!g_date_valid (&check->away_until))
        return g_strdup (_("Away"));
      date = cn_format_day_month (g_date_get_month (&check->away_until),
                                  g_date_get_day (&check->away_until));
      /* Translators: %s is a day of a month, "January 15" */
      return g_strdup_printf (_("Away until %s"), date);
    case CN_AVAILABILITY_REASON_CAP_REACHED:
      /* Translators: "3 introductions in the last 30 days: the cap of 3 is reached" */
      return g_strdup_printf (ngettext ("%u introduction in the last %u days: the cap of %u is "
                                        "reached",
                                        "%u introductions in the last %u days: the cap of %u is "
                                        "reached",
                                        check->forwards),
                              check->forwards, days, check->monthly_cap);
    case CN_AVAILABILITY_REASON_NO_CONTACT:
    default:
      return g_strdup (_("The request names none of your contacts"));
    }
}

static char *
endorsement_reason (CnVerificationPanel *self)
{
  g_autofree char *requester = valid_name (cn_request_get_requester_name (self->request),
                                           _("the requester"));
  g_autofree char *target = valid_name (cn_request_get_target_name (self->request),
                                        _("the contact"));
  guint n;

  switch (self->checks[CN_STEP_ENDORSEMENT].reason)
    {
    case CN_STEP_REASON_NO_RELATIONSHIP:
      return g_strdup_printf (_("Choose how you know %s"), requester);
    case CN_STEP_REASON_EMPTY_ENDORSEMENT:
      return g_strdup_printf (_("Write a few words for %s"), target);
    case CN_STEP_REASON_UNKNOWN_PLACEHOLDERS:
      n = cn_review_get_n_unknown_placeholders (self->review);
      return g_strdup_printf (ngettext ("%u placeholder is unknown: it would be sent as written",
                                        "%u placeholders are unknown: they would be sent as "
                                        "written",
                                        n),
                              n);
    case CN_STEP_REASON_ENDORSEMENT_READY:
    default:
      return g_strdup_printf (_("Ready: %s"), cn_relationship_get_label (
                                                   cn_review_get_relationship (self->review)));
    }
}

/* The steps named in a list: the blocking (or pending, or overridden) ones. */
static char *
list_steps (CnVerificationPanel *self, CnCheckResult result, gboolean overridden)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < CN_STEP_SEND; i++)
    if (self->checks[i].result == result && is_overridden (self, i) == overridden)
      g_ptr_array_add (names, (gpointer) cn_verification_panel_get_step_title (i));
  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  return g_strjoinv (_(", "), (char **) names->pdata);
}

static char *
send_reason (CnVerificationPanel *self)
{
  g_autofree char *blocking = list_steps (self, CN_CHECK_FAIL, FALSE);
  g_autofree char *pending = list_steps (self, CN_CHECK_PENDING, FALSE);
  g_autofree char *overridden = list_steps (self, CN_CHECK_FAIL, TRUE);

  if (self->checks[CN_STEP_SEND].result == CN_CHECK_PASS)
    {
      if (overridden != NULL)
        /* Translators: %s lists the steps overridden, e.g. "Motivation" */
        return g_strdup_printf (_("Ready to forward; overridden: %s"), overridden);
      return g_strdup (_("Ready to forward"));
    }
  if (blocking != NULL)
    /* Translators: %s lists the steps, e.g. "Motivation, Endorsement" */
    return g_strdup_printf (_("Blocked by: %s"), blocking);
  if (pending != NULL)
    return g_strdup_printf (_("Waiting for: %s"), pending);
  return g_strdup (_("Blocked"));
}

static void
show_step (CnVerificationPanel *self, CnStep step, const char *reason)
{
  static const char *const icons[] = {
    "emblem-ok-symbolic",
    "dialog-warning-symbolic",
    "action-unavailable-symbolic",
    "content-loading-symbolic",
  };
  CnCheckResult result = self->checks[step].result;
  gboolean over = is_overridden (self, step);
  const char *css = over ? "cn-step-overridden" : result_classes[result];
  const char *icon = over ? "emblem-ok-symbolic" : icons[result];
  GtkWidget *row = GTK_WIDGET (self->rows[step]);
  g_autofree char *valid = g_utf8_make_valid (reason ? reason : "", -1);

  gtk_image_set_from_icon_name (self->icons[step], icon);
  gtk_label_set_text (self->results[step], result_text (self, step));
  cn_widget_set_class_of (GTK_WIDGET (self->results[step]), result_classes, css);
  cn_widget_set_class_of (GTK_WIDGET (self->icons[step]), result_classes, css);
  if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), valid);
  else
    cn_text_row_set_subtitle (CN_TEXT_ROW (row), valid);
  /* The words, not the colour, say the result: screen readers get them too. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, valid,
                                  -1);
  if (step < CN_STEP_ENDORSEMENT)
    gtk_widget_set_visible (self->overrides[step],
                            result == CN_CHECK_FAIL && !over && self->request != NULL);
}

/* Highlights, in @text, the character spans of the fit's matches on the
 * card field (@field, @index). Returns Pango markup, all text escaped. */
static char *
markup_with_matches (CnVerificationPanel *self, const char *text, CnFitField field, guint index)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  glong n_chars = g_utf8_strlen (valid, -1);
  g_autofree gboolean *marked = g_new0 (gboolean, n_chars + 1);
  GString *markup = g_string_new (NULL);
  const char *p = valid;

  for (guint i = 0; self->fit != NULL && i < cn_fit_get_n_matches (self->fit); i++)
    {
      const CnFitMatch *match = cn_fit_get_match (self->fit, i);

      if (match->field != field || match->field_index != index)
        continue;
      for (guint c = match->card_span.start; c < match->card_span.end && c < (guint) n_chars; c++)
        marked[c] = TRUE;
    }

  for (glong c = 0; c < n_chars; c++)
    {
      const char *next = g_utf8_next_char (p);
      g_autofree char *escaped = g_markup_escape_text (p, next - p);

      if (marked[c] && (c == 0 || !marked[c - 1]))
        g_string_append (markup, "<b><u>");
      g_string_append (markup, escaped);
      if (marked[c] && !marked[c + 1])
        g_string_append (markup, "</u></b>");
      p = next;
    }
  return g_string_free (markup, FALSE);
}

static gboolean
tag_matched (CnVerificationPanel *self, guint index)
{
  for (guint i = 0; self->fit != NULL && i < cn_fit_get_n_matches (self->fit); i++)
    {
      const CnFitMatch *match = cn_fit_get_match (self->fit, i);

      if (match->field == CN_FIT_FIELD_EXPERTISE && match->field_index == index)
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *
new_chip (CnVerificationPanel *self, const char *tag, guint index)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *label = gtk_label_new (NULL);
  g_autofree char *markup = markup_with_matches (self, tag, CN_FIT_FIELD_EXPERTISE, index);
  gboolean matched = tag_matched (self, index);

  gtk_widget_add_css_class (box, "cn-step-chip");
  /* A chip is as wide as its words, not as its column. */
  gtk_widget_set_halign (box, GTK_ALIGN_START);
  if (matched)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
      g_autofree char *valid = g_utf8_make_valid (tag, -1);
      /* Translators: read by screen readers for an expertise tag that meets the request */
      g_autofree char *description = g_strdup_printf (_("%s: meets the request"), valid);

      gtk_widget_add_css_class (box, "cn-step-chip-match");
      gtk_box_append (GTK_BOX (box), icon);
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      description, -1);
    }
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static char *
kinds_text (CnRequestKind kinds)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  for (guint bit = 0; bit < 7; bit++)
    if ((kinds & (1u << bit)) != 0)
      g_ptr_array_add (labels, (gpointer) cn_request_kind_get_label (1u << bit));
  g_ptr_array_add (labels, NULL);
  return g_strjoinv (_(", "), (char **) labels->pdata);
}

static void
show_card (CnVerificationPanel *self)
{
  CnContact *contact = self->target;
  const char *const *tags;
  g_autofree char *position = NULL;
  g_autofree char *company = NULL;
  g_autofree char *kinds = NULL;
  g_autofree char *text = NULL;
  CnRequestKind kind;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->card_tags))) != NULL)
    gtk_flow_box_remove (self->card_tags, child);

  gtk_widget_set_visible (GTK_WIDGET (self->card_position), contact != NULL);
  gtk_widget_set_visible (self->card_expertise_heading, contact != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->card_tags), contact != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->card_legend), contact != NULL);
  if (contact == NULL)
    {
      cn_label_set_literal (self->card_name, _("No contact of yours is named in this request."));
      gtk_label_set_text (self->card_kinds, "");
      return;
    }

  cn_label_set_literal (self->card_name, cn_contact_get_name (contact));
  position = markup_with_matches (self, cn_contact_get_position (contact), CN_FIT_FIELD_POSITION,
                                  0);
  company = markup_with_matches (self, cn_contact_get_company (contact), CN_FIT_FIELD_COMPANY, 0);
  if (*position != '\0' && *company != '\0')
    {
      g_autofree char *p = cn_outside_text_isolate (position);
      g_autofree char *c = cn_outside_text_isolate (company);

      /* Translators: position · company */
      text = g_strdup_printf (_("%s · %s"), p, c);
    }
  else
    text = g_strconcat (position, company, NULL);
  gtk_label_set_markup (self->card_position, text);
  gtk_widget_set_visible (GTK_WIDGET (self->card_position), *text != '\0');

  tags = cn_contact_get_expertise (contact);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      GtkWidget *chip = new_chip (self, tags[i], i);
      g_autofree char *valid = g_utf8_make_valid (tags[i], -1);
      g_autofree char *name = tag_matched (self, i)
          ? g_strdup_printf (_("%s: meets the request"), valid)
          : g_strdup (valid);

      gtk_flow_box_append (self->card_tags, chip);
      /* The chip's wrapper is what takes the focus: it reads out the tag. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (chip)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
  gtk_widget_set_visible (self->card_expertise_heading, tags != NULL && tags[0] != NULL);

  kind = self->fit ? cn_fit_get_kind (self->fit) : CN_REQUEST_KIND_OTHER;
  g_clear_pointer (&text, g_free);
  if (cn_contact_get_accepted_kinds (contact) != 0)
    {
      kinds = kinds_text (cn_contact_get_accepted_kinds (contact));
      /* Translators: "This request: Job search. Accepts: Job search, Advice" */
      text = g_strdup_printf (_("This request: %s. Accepts: %s"), cn_request_kind_get_label (kind),
                                 kinds);
    }
  else
    text = g_strdup_printf (_("This request: %s. Accepted kinds not stated"),
                               cn_request_kind_get_label (kind));
  gtk_label_set_text (self->card_kinds, text);
}

static void
cn_verification_panel_update (CnVerificationPanel *self)
{
  char *reasons[CN_N_STEPS] = { NULL };

  self->request = self->review ? cn_review_get_request (self->review) : NULL;
  if (self->request == NULL)
    {
      self->target = NULL;
      self->fit = NULL;
      for (guint i = 0; i < CN_N_STEPS; i++)
        {
          self->checks[i].result = CN_CHECK_PENDING;
          self->overridden[i] = FALSE;
          show_step (self, i, _("Choose a request"));
        }
      show_card (self);
      self->card_valid = FALSE;
      return;
    }

  self->target = cn_review_get_contact (self->review);
  self->fit = cn_review_get_fit (self->review);
  self->availability = *cn_review_get_availability (self->review);
  for (guint i = 0; i < CN_N_STEPS; i++)
    {
      self->checks[i] = cn_review_get_check (self->review, i);
      self->overridden[i] = cn_review_get_overridden (self->review, i);
    }

  reasons[CN_STEP_MOTIVATION] = motivation_reason (self);
  reasons[CN_STEP_FIT] = fit_reason (self);
  reasons[CN_STEP_AVAILABILITY] = availability_reason (self);
  reasons[CN_STEP_ENDORSEMENT] = endorsement_reason (self);
  reasons[CN_STEP_SEND] = send_reason (self);
  for (guint i = 0; i < CN_N_STEPS; i++)
    {
      show_step (self, i, reasons[i]);
      g_free (reasons[i]);
    }
  /* A "changed" from the endorsement alone: the card is the same. */
  if (!self->card_valid || self->card_serial != cn_review_get_serial (self->review))
    show_card (self);
  self->card_valid = TRUE;
  self->card_serial = cn_review_get_serial (self->review);
}

static void
on_review_changed_cb (CnVerificationPanel *self, CnReview *review)
{
  cn_verification_panel_update (self);
}

static void
cn_verification_panel_dispose (GObject *object)
{
  CnVerificationPanel *self = CN_VERIFICATION_PANEL (object);

  cn_verification_panel_set_review (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_VERIFICATION_PANEL);
  cn_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (cn_verification_panel_parent_class)->dispose (object);
}

#define BIND_STEP(name, step)                                                                      \
  gtk_widget_class_bind_template_child_full (widget_class, #name "_row", FALSE,                    \
                                             G_STRUCT_OFFSET (CnVerificationPanel, rows[step]));   \
  gtk_widget_class_bind_template_child_full (widget_class, #name "_icon", FALSE,                   \
                                             G_STRUCT_OFFSET (CnVerificationPanel, icons[step]));  \
  gtk_widget_class_bind_template_child_full (widget_class, #name "_result", FALSE,                 \
                                             G_STRUCT_OFFSET (CnVerificationPanel, results[step]))

#define BIND_OVERRIDE(name, step)                                                                  \
  gtk_widget_class_bind_template_child_full (widget_class, #name "_override", FALSE,               \
                                             G_STRUCT_OFFSET (CnVerificationPanel,                 \
                                                              overrides[step]))

static void
cn_verification_panel_class_init (CnVerificationPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_verification_panel_dispose;

  g_type_ensure (CN_TYPE_TEXT_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-verification-panel.ui");
  BIND_STEP (availability, CN_STEP_AVAILABILITY);
  BIND_STEP (endorsement, CN_STEP_ENDORSEMENT);
  BIND_STEP (fit, CN_STEP_FIT);
  BIND_STEP (motivation, CN_STEP_MOTIVATION);
  BIND_STEP (send, CN_STEP_SEND);
  BIND_OVERRIDE (availability, CN_STEP_AVAILABILITY);
  BIND_OVERRIDE (fit, CN_STEP_FIT);
  BIND_OVERRIDE (motivation, CN_STEP_MOTIVATION);
  gtk_widget_class_bind_template_child (widget_class, CnVerificationPanel, card_expertise_heading);
  gtk_widget_class_bind_template_child (widget_class, CnVerificationPanel, card_kinds);
  gtk_widget_class_bind_template_child (widget_class, CnVerificationPanel, card_legend);
  gtk_widget_class_bind_template_child (widget_class, CnVerificationPanel, card_name);
  gtk_widget_class_bind_template_child (widget_class, CnVerificationPanel, card_position);
  gtk_widget_class_bind_template_child (widget_class, CnVerificationPanel, card_tags);
}

static void
cn_verification_panel_init (CnVerificationPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cn_verification_panel_update (self);
}

CnVerificationPanel *
cn_verification_panel_new (void)
{
  return g_object_new (CN_TYPE_VERIFICATION_PANEL, NULL);
}

void
cn_verification_panel_set_review (CnVerificationPanel *self, CnReview *review)
{
  g_return_if_fail (CN_IS_VERIFICATION_PANEL (self));
  g_return_if_fail (review == NULL || CN_IS_REVIEW (review));

  if (self->review == review)
    return;
  /* The fit's details were about the request shown before. */
  if (self->review == NULL || review == NULL ||
      cn_review_get_request_id (self->review) != cn_review_get_request_id (review))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self->rows[CN_STEP_FIT]), FALSE);
  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  g_set_object (&self->review, review);
  self->card_valid = FALSE;
  if (review != NULL)
    g_signal_connect_object (review, "changed", G_CALLBACK (on_review_changed_cb), self,
                             G_CONNECT_SWAPPED);
  cn_verification_panel_update (self);
}

CnStepCheck
cn_verification_panel_get_check (CnVerificationPanel *self, CnStep step)
{
  CnStepCheck none = { CN_CHECK_PENDING, CN_STEP_REASON_NOT_ANALYSED };

  g_return_val_if_fail (CN_IS_VERIFICATION_PANEL (self), none);
  g_return_val_if_fail ((guint) step < CN_N_STEPS, none);

  return self->checks[step];
}

gboolean
cn_verification_panel_get_overridden (CnVerificationPanel *self, CnStep step)
{
  g_return_val_if_fail (CN_IS_VERIFICATION_PANEL (self), FALSE);
  g_return_val_if_fail ((guint) step < CN_N_STEPS, FALSE);

  return step < CN_STEP_ENDORSEMENT && self->overridden[step];
}

gboolean
cn_verification_panel_can_forward (CnVerificationPanel *self)
{
  g_return_val_if_fail (CN_IS_VERIFICATION_PANEL (self), FALSE);

  return self->review != NULL && cn_review_get_can_forward (self->review);
}

int
cn_verification_panel_get_overridable_step (CnVerificationPanel *self)
{
  g_return_val_if_fail (CN_IS_VERIFICATION_PANEL (self), -1);

  return self->review != NULL ? cn_review_get_overridable_step (self->review) : -1;
}

const CnFit *
cn_verification_panel_get_fit (CnVerificationPanel *self)
{
  g_return_val_if_fail (CN_IS_VERIFICATION_PANEL (self), NULL);

  return self->fit;
}

AdwPreferencesRow *
_cn_verification_panel_get_row (CnVerificationPanel *self, CnStep step)
{
  return self->rows[step];
}
