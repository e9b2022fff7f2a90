/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-analysis-summary.h"
#include "cn-requester-page.h"
#include "cn-row-box.h"
#include "cn-ui-utils.h"

/* Longest quotation of the note shown beside a warning sign. */
#define QUOTE_CHARS 80
/* More reasons than this are summed up: the checklist lists them all. */
#define MAX_REASONS 4

struct _CnAnalysisSummary
{
  GtkWidget parent_instance;

  GtkLabel *advice_label;
  GtkBox *evidence_box;
  GtkBox *reasons_box;
  GtkLabel *score_label;
  GtkLabel *verdict_label;
};

G_DEFINE_FINAL_TYPE (CnAnalysisSummary, cn_analysis_summary, GTK_TYPE_WIDGET)

static const char *const verdict_classes[] = {
  [CN_VERDICT_NONE] = "cn-verdict-none",
  [CN_VERDICT_MOTIVATED] = "cn-verdict-motivated",
  [CN_VERDICT_INCOMPLETE] = "cn-verdict-incomplete",
  [CN_VERDICT_UNSUITABLE] = "cn-verdict-unsuitable",
  NULL,
};

static const char *
verdict_advice (CnVerdict verdict)
{
  switch (verdict)
    {
    case CN_VERDICT_MOTIVATED:
      return _("The request says what a contact needs to decide: check that it suits them, then "
               "forward it with your endorsement.");
    case CN_VERDICT_INCOMPLETE:
      return _("Something a contact needs is missing: kindly ask the requester to state their "
               "objective before you forward anything.");
    case CN_VERDICT_UNSUITABLE:
      return _("This request should not go further as it is: decline it, or ask for a real "
               "motivation.");
    case CN_VERDICT_NONE:
    default:
      return "";
    }
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static GtkWidget *
new_wrapped_label (const char *text)
{
  GtkWidget *label = gtk_label_new (NULL);

  cn_label_set_literal (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  cn_label_set_wrapping (GTK_LABEL (label));
  gtk_widget_set_hexpand (label, TRUE);
  return label;
}

static void
add_reasons (CnAnalysisSummary *self, CnAnalysis *analysis)
{
  const CnReason *reasons;
  guint n_reasons = 0;

  reasons = cn_analysis_get_reasons (analysis, &n_reasons);
  for (guint i = 0; i < MIN (n_reasons, MAX_REASONS); i++)
    {
      /* Translators: one reason in the list under the verdict */
      g_autofree char *line = g_strdup_printf (_("• %s"), cn_reason_get_label (reasons[i]));

      gtk_box_append (self->reasons_box, new_wrapped_label (line));
    }
  if (n_reasons > MAX_REASONS)
    {
      guint more = n_reasons - MAX_REASONS;
      g_autofree char *line = g_strdup_printf (ngettext ("• And %u more, in the checklist",
                                                         "• And %u more, in the checklist", more),
                                               more);

      gtk_box_append (self->reasons_box, new_wrapped_label (line));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->reasons_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->reasons_box)) != NULL);
}

static void
add_evidence (CnAnalysisSummary *self, const CnEvidence *evidence)
{
  /* Not a GtkBox: its wrapping words are laid out for their width only. */
  GtkWidget *row = GTK_WIDGET (cn_row_box_new (8));
  gboolean mild = ((1u << evidence->flag) & CN_FLAG_MASK_MILD) != 0;
  GtkWidget *icon = gtk_image_new_from_icon_name (mild ? "dialog-information-symbolic"
                                                       : "dialog-warning-symbolic");
  GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_autofree char *words = cn_evidence_get_label (evidence);
  GtkWidget *quote;

  /* A mild note is told apart by its icon and its dimmed words. */
  gtk_widget_add_css_class (icon, mild ? "dim-label" : "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  cn_flag_get_label (evidence->flag), -1);
  cn_row_box_append (CN_ROW_BOX (row), icon);
  gtk_box_append (GTK_BOX (text_box), new_wrapped_label (words));
  if (mild)
    gtk_widget_add_css_class (gtk_widget_get_last_child (text_box), "dim-label");
  /* The words are quoted below, unless the label already quotes them. */
  if (evidence->text != NULL && *evidence->text != '\0' && strstr (words, evidence->text) == NULL)
    {
      g_autofree char *excerpt = cn_utf8_substring_ellipsized (evidence->text, 0, G_MAXUINT,
                                                               QUOTE_CHARS);
      /* Translators: the words of the request that raised a warning */
      g_autofree char *quoted = g_strdup_printf (_("“%s”"), excerpt);

      quote = new_wrapped_label (quoted);
      gtk_widget_add_css_class (quote, "dim-label");
      gtk_widget_add_css_class (quote, "caption");
      gtk_box_append (GTK_BOX (text_box), quote);
    }
  cn_row_box_append (CN_ROW_BOX (row), text_box);
  gtk_widget_add_css_class (row, "cn-evidence");
  gtk_box_append (self->evidence_box, row);
}

/* "des points communs" inside "nous avons des points communs" says nothing more. */
static gboolean
evidence_within (const CnEvidence *inner, const CnEvidence *outer)
{
  return inner->flag == outer->flag && inner->note == outer->note &&
         g_strcmp0 (inner->kind, outer->kind) == 0 && inner->span.start >= outer->span.start &&
         inner->span.end <= outer->span.end;
}

static void
cn_analysis_summary_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CN_TYPE_ANALYSIS_SUMMARY);
  cn_widget_unparent_children (GTK_WIDGET (object));

  G_OBJECT_CLASS (cn_analysis_summary_parent_class)->dispose (object);
}

static void
cn_analysis_summary_class_init (CnAnalysisSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_analysis_summary_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-analysis-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, CnAnalysisSummary, advice_label);
  gtk_widget_class_bind_template_child (widget_class, CnAnalysisSummary, evidence_box);
  gtk_widget_class_bind_template_child (widget_class, CnAnalysisSummary, reasons_box);
  gtk_widget_class_bind_template_child (widget_class, CnAnalysisSummary, score_label);
  gtk_widget_class_bind_template_child (widget_class, CnAnalysisSummary, verdict_label);
}

static void
cn_analysis_summary_init (CnAnalysisSummary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CnAnalysisSummary *
cn_analysis_summary_new (void)
{
  return g_object_new (CN_TYPE_ANALYSIS_SUMMARY, NULL);
}

/* What the triage adds to the analysis: said first, it is why the verdict
 * may be lower than the note alone deserves. */
static void
add_triage_reasons (CnAnalysisSummary *self, CnRequest *request)
{
  g_autofree char *standing = NULL;

  if (request == NULL)
    return;
  standing = cn_requester_standing_describe (cn_request_get_requester_standing (request),
                                             cn_request_get_requester_standing_at (request));
  if (standing != NULL)
    {
      /* Translators: a reason in a list; %s is "You screened out this requester on <date>" */
      g_autofree char *line = g_strdup_printf (_("• %s"), standing);

      gtk_box_append (self->reasons_box, new_wrapped_label (line));
    }
  if (cn_request_get_requester_standing (request) != CN_REQUESTER_STANDING_NONE)
    return; /* screened out or trusted: the triage does not weigh */
  if (cn_request_get_mass_sent (request))
    {
      guint size = cn_request_get_campaign_size (request);
      g_autofree char *line =
          g_strdup_printf (ngettext ("• Mass-sent: the same note went to %u of your contacts",
                                     "• Mass-sent: the same note went to %u of your contacts",
                                     size),
                           size);

      gtk_box_append (self->reasons_box, new_wrapped_label (line));
    }
  if (cn_request_get_repeated_after_refusal (request))
    gtk_box_append (self->reasons_box,
                    new_wrapped_label (_("• Asks again after you declined or asked for their "
                                         "objective")));
  else if (cn_request_get_repeated (request))
    {
      guint count = cn_request_get_repeat_count (request);
      g_autofree char *line =
          g_strdup_printf (ngettext ("• Repeated: %u earlier request for the same contact",
                                     "• Repeated: %u earlier requests for the same contact", count),
                           count);

      gtk_box_append (self->reasons_box, new_wrapped_label (line));
    }
}

void
cn_analysis_summary_set_analysis (CnAnalysisSummary *self, CnAnalysis *analysis, CnRequest *request)
{
  CnVerdict verdict;
  const CnEvidence *evidence;
  const CnEvidence *shown = NULL;
  guint n_evidence = 0;
  g_autofree char *score = NULL;

  g_return_if_fail (CN_IS_ANALYSIS_SUMMARY (self));
  g_return_if_fail (analysis == NULL || CN_IS_ANALYSIS (analysis));

  clear_box (self->reasons_box);
  clear_box (self->evidence_box);
  gtk_widget_set_visible (GTK_WIDGET (self), analysis != NULL);
  if (analysis == NULL)
    return;

  /* The request's verdict also weighs campaigns and repeats. */
  verdict = request != NULL && cn_request_get_effective_verdict (request) != CN_VERDICT_NONE
                ? cn_request_get_effective_verdict (request)
                : cn_analysis_get_verdict (analysis);
  gtk_label_set_text (self->verdict_label, cn_verdict_get_label (verdict));
  cn_widget_set_class_of (GTK_WIDGET (self->verdict_label), verdict_classes,
                          verdict_classes[verdict]);
  /* Translators: the analysis score, out of 100 */
  score = g_strdup_printf (_("Score %u/100"), cn_analysis_get_score (analysis));
  gtk_label_set_text (self->score_label, score);
  gtk_label_set_text (self->advice_label, verdict_advice (verdict));

  add_triage_reasons (self, request);
  add_reasons (self, analysis);
  evidence = cn_analysis_get_evidence (analysis, &n_evidence);
  for (guint i = 0; i < n_evidence; i++)
    {
      if (shown != NULL && evidence_within (&evidence[i], shown))
        continue;
      add_evidence (self, &evidence[i]);
      shown = &evidence[i];
    }
  gtk_widget_set_visible (GTK_WIDGET (self->evidence_box), n_evidence > 0);
}

static char *
dup_box_text (GtkBox *box)
{
  g_autoptr (GString) out = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *labels = GTK_IS_LABEL (row) ? NULL : gtk_widget_get_last_child (row);

      if (labels == NULL)
        g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (row)));
      else
        for (GtkWidget *label = gtk_widget_get_first_child (labels); label != NULL;
             label = gtk_widget_get_next_sibling (label))
          g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (label)));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
_cn_analysis_summary_dup_evidence_text (CnAnalysisSummary *self)
{
  return dup_box_text (self->evidence_box);
}

char *
_cn_analysis_summary_dup_reasons_text (CnAnalysisSummary *self)
{
  return dup_box_text (self->reasons_box);
}
