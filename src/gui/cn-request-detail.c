/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "cn-analysis-summary.h"
#include "cn-checklist.h"
#include "cn-related-requests.h"
#include "cn-element-style.h"
#include "cn-request-detail.h"
#include "cn-requester-page.h"
#include "cn-row-box.h"
#include "cn-ui-utils.h"

/* A word of a note that meets the contact's card. */
typedef struct
{
  CnNote note;
  CnSpan span;
} CnFitSpan;

/* The tag that marks what a copy of a mass-sent note changed. */
#define CN_DIFF_TAG "cn-difference"

struct _CnRequestDetail
{
  GtkWidget parent_instance;

  CnRequest *request;
  CnAnalysis *analysis;
  GtkScrolledWindow *scroller;

  GArray *fit_spans; /* CnFitSpan: the fit's words in the notes */

  GtkLabel *analysis_error_label;
  GtkWidget *fit_legend;
  GtkLabel *fit_legend_label;
  GtkLabel *fit_legend_sample;
  CnRelatedRequests *campaign_related;
  CnRelatedRequests *repeat_related;
  CnChecklist *checklist;
  GtkTextView *connector_view;
  GtkLabel *meta_label;
  GtkWidget *choose_contact_button;
  GtkWidget *no_contact_box;
  GtkWidget *not_request_button;
  GtkLabel *no_contact_label;
  GtkWidget *requester_button;
  GtkMenuButton *request_menu_button;
  GtkLabel *requester_button_label;
  GtkLabel *standing_label;
  gboolean set_aside;
  GtkStack *stack;
  CnAnalysisSummary *summary;
  GtkLabel *target_heading;
  GtkTextView *target_view;
  GtkLabel *title_label;
};

G_DEFINE_FINAL_TYPE (CnRequestDetail, cn_request_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_REQUEST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
source_label (const char *source)
{
  if (g_strcmp0 (source, "demo") == 0)
    return _("Example");
  if (g_strcmp0 (source, "linkedin") == 0)
    return C_("source", "LinkedIn");
  if (g_strcmp0 (source, "email") == 0 || g_strcmp0 (source, "imap") == 0)
    return C_("source", "E-mail");
  return C_("source", "Entered by hand");
}

static char *
dup_buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
show_note (GtkTextView *view, const char *note)
{
  gboolean empty = note == NULL || *note == '\0';
  g_autofree char *valid = g_utf8_make_valid (empty ? _("(empty)") : note, -1);
  g_autofree char *shown = dup_buffer_text (view);

  /* The same note (another copy of a campaign) keeps its laid-out text: only
   * its highlights change. */
  if (g_strcmp0 (shown, valid) != 0)
    cn_text_view_set_literal (view, valid);
  /* An empty note is said to be empty rather than shown as a blank card. */
  if (empty)
    gtk_widget_add_css_class (GTK_WIDGET (view), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (view), "dim-label");
}

/* The line under the title: when, from where, and the status. */
static void
cn_request_detail_update_meta (CnRequestDetail *self)
{
  CnRequest *request = self->request;
  g_autofree char *date = NULL;
  g_autofree char *meta = NULL;

  if (request == NULL)
    return;
  date = cn_format_date (cn_request_get_received_at (request));
  /* Translators: date · where the request came from · status */
  meta = g_strdup_printf (_("%s · %s · %s"), date, source_label (cn_request_get_source (request)),
                             cn_request_status_get_label (cn_request_get_status (request)));
  gtk_label_set_text (self->meta_label, meta);
}

/* Who sent it (a button to their page), what the connector decided about
 * them, and, for a message to no contact of the connector's, what to do. */
static void
cn_request_detail_update_requester (CnRequestDetail *self)
{
  CnRequest *request = self->request;
  g_autofree char *name = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *standing = NULL;
  gboolean no_contact;

  if (request == NULL)
    return;
  name = g_utf8_make_valid (cn_request_get_requester_name (request)
                                ? cn_request_get_requester_name (request)
                                : "",
                            -1);
  cn_label_set_literal (self->requester_button_label, name);
  /* Translators: the button to a requester's page; %s is their name */
  accessible = g_strdup_printf (_("All requests from %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->requester_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  standing = cn_requester_standing_describe (cn_request_get_requester_standing (request),
                                             cn_request_get_requester_standing_at (request));
  if (standing != NULL &&
      cn_request_get_requester_standing (request) == CN_REQUESTER_STANDING_SCREENED_OUT)
    {
      g_autofree char *sentence = standing;

      /* Translators: %s is "You screened out this requester on <date>" */
      standing = g_strdup_printf (_("%s: their requests are to decline."), sentence);
    }
  else if (standing != NULL)
    {
      g_autofree char *sentence = standing;

      /* Translators: %s is "You trusted this requester on <date>" */
      standing = g_strdup_printf (_("%s: being mass-sent or sent again does not lower the "
                                    "verdict of their requests."),
                                     sentence);
    }
  gtk_label_set_text (self->standing_label, standing ? standing : "");
  gtk_widget_set_visible (GTK_WIDGET (self->standing_label), standing != NULL);

  no_contact = cn_request_get_target_id (request) == 0;
  gtk_widget_set_visible (self->no_contact_box, no_contact);
  if (no_contact)
    gtk_label_set_text (self->no_contact_label, self->set_aside
                        ? _("Set aside: not a request. The sender’s next messages to no "
                                "contact of yours are set aside too; their page can show them "
                                "again.")
                        : _("This message names no contact of yours. Choose the contact it "
                                "is for, or set it aside if it asks nothing of you to pass on "
                                "(a job offer or a sales message to you)."));
}

static void
cn_request_detail_update (CnRequestDetail *self)
{
  CnRequest *request = self->request;
  const char *target;
  g_autofree char *requester = NULL;
  g_autofree char *isolated_target = NULL;
  g_autofree char *title = NULL;
  g_autofree char *heading = NULL;

  gtk_stack_set_visible_child_name (self->stack, request ? "request" : "none");
  if (request == NULL)
    return;

  requester = cn_ui_name (cn_request_get_requester_name (request));
  target = cn_request_get_target_name (request);
  isolated_target = target != NULL && *target != '\0' ? cn_ui_name (target)
                                                      : g_strdup (_("no contact named"));

  /* Translators: the detail pane's title: requester → contact */
  title = g_strdup_printf (_("%s → %s"), requester, isolated_target);
  cn_label_set_literal (self->title_label, title);

  cn_request_detail_update_meta (self);

  if (target != NULL && *target != '\0')
    heading = g_strdup_printf (_("Note for %s"), isolated_target);
  else
    heading = g_strdup (_("Their Message"));
  cn_label_set_literal (self->target_heading, heading);

  cn_request_detail_update_requester (self);

  show_note (self->connector_view, cn_request_get_note_to_connector (request));
  show_note (self->target_view, cn_request_get_note_to_target (request));
}

static void
cn_request_detail_update_highlights (CnRequestDetail *self)
{
  CnAnalysis *analysis = self->analysis;

  cn_element_style_highlight (gtk_text_view_get_buffer (self->connector_view), analysis,
                              CN_NOTE_TO_CONNECTOR);
  cn_element_style_highlight (gtk_text_view_get_buffer (self->target_view), analysis,
                              CN_NOTE_TO_TARGET);
}

enum {
  REQUEST_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_request_activated_cb (CnRequestDetail *self, gint64 id, CnRelatedRequests *related)
{
  g_signal_emit (self, signals[REQUEST_ACTIVATED], 0, id);
}

static void cn_request_detail_show_fit (CnRequestDetail *self);
static void on_status_changed_cb (CnRequestDetail *self, GParamSpec *pspec, CnRequest *request);

static void
on_dark_changed_cb (CnRequestDetail *self, GParamSpec *pspec, AdwStyleManager *manager)
{
  cn_request_detail_update_highlights (self);
  cn_request_detail_show_fit (self);
}

static void
cn_request_detail_dispose (GObject *object)
{
  CnRequestDetail *self = CN_REQUEST_DETAIL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_REQUEST_DETAIL);
  cn_widget_unparent_children (GTK_WIDGET (self));
  if (self->request != NULL)
    g_signal_handlers_disconnect_by_func (self->request, on_status_changed_cb, self);
  g_clear_object (&self->request);
  g_clear_object (&self->analysis);
  g_clear_pointer (&self->fit_spans, g_array_unref);

  G_OBJECT_CLASS (cn_request_detail_parent_class)->dispose (object);
}

static void
cn_request_detail_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CnRequestDetail *self = CN_REQUEST_DETAIL (object);

  switch (prop_id)
    {
    case PROP_REQUEST:
      g_value_set_object (value, self->request);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_request_detail_set_property (GObject *object,
                                guint prop_id,
                                const GValue *value,
                                GParamSpec *pspec)
{
  CnRequestDetail *self = CN_REQUEST_DETAIL (object);

  switch (prop_id)
    {
    case PROP_REQUEST:
      cn_request_detail_set_request (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_request_detail_class_init (CnRequestDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_request_detail_dispose;
  object_class->get_property = cn_request_detail_get_property;
  object_class->set_property = cn_request_detail_set_property;

  properties[PROP_REQUEST] = g_param_spec_object ("request", NULL, NULL, CN_TYPE_REQUEST,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                      G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CnRequestDetail::request-activated:
   * @id: a related request the user chose
   */
  signals[REQUEST_ACTIVATED] = g_signal_new ("request-activated", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                             G_TYPE_INT64);

  g_type_ensure (CN_TYPE_ANALYSIS_SUMMARY);
  g_type_ensure (CN_TYPE_RELATED_REQUESTS);
  g_type_ensure (CN_TYPE_CHECKLIST);
  g_type_ensure (CN_TYPE_ROW_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-request-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, analysis_error_label);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, campaign_related);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, checklist);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, connector_view);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, fit_legend);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, fit_legend_label);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, fit_legend_sample);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, meta_label);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, choose_contact_button);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, no_contact_box);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, not_request_button);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, no_contact_label);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, requester_button);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, request_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, requester_button_label);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, standing_label);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, repeat_related);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_request_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, summary);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, target_heading);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, target_view);
  gtk_widget_class_bind_template_child (widget_class, CnRequestDetail, title_label);
}

static void
cn_request_detail_init (CnRequestDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cn_menu_button_set_accessible_name (self->request_menu_button, _("Request menu"));
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed_cb), self, G_CONNECT_SWAPPED);
  cn_request_detail_set_analysis (self, NULL, NULL);
}

CnRequestDetail *
cn_request_detail_new (void)
{
  return g_object_new (CN_TYPE_REQUEST_DETAIL, NULL);
}

CnRequest *
cn_request_detail_get_request (CnRequestDetail *self)
{
  g_return_val_if_fail (CN_IS_REQUEST_DETAIL (self), NULL);

  return self->request;
}

/* A forward, a reply or an undo changes the status shown under the title. */
static void
on_status_changed_cb (CnRequestDetail *self, GParamSpec *pspec, CnRequest *request)
{
  /* Only the status line: the notes keep their highlights. */
  cn_request_detail_update_meta (self);
  cn_request_detail_update_requester (self);
}

void
cn_request_detail_set_request (CnRequestDetail *self, CnRequest *request)
{
  g_return_if_fail (CN_IS_REQUEST_DETAIL (self));
  g_return_if_fail (request == NULL || CN_IS_REQUEST (request));

  if (self->request == request)
    return;
  if (self->request != NULL)
    g_signal_handlers_disconnect_by_func (self->request, on_status_changed_cb, self);
  g_set_object (&self->request, request);
  if (request != NULL)
    {
      g_signal_connect_object (request, "notify::status", G_CALLBACK (on_status_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (request, "notify::requester-standing",
                               G_CALLBACK (on_status_changed_cb), self, G_CONNECT_SWAPPED);
    }
  self->set_aside = FALSE;
  /* Another request is read from its title. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  /* The analysis belonged to the previous request: the caller sets the new one. */
  cn_request_detail_update (self);
  cn_request_detail_set_analysis (self, NULL, NULL);
  cn_request_detail_set_related (self, NULL, NULL, NULL);
  cn_request_detail_set_fit (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST]);
}

void
cn_request_detail_set_analysis (CnRequestDetail *self, CnAnalysis *analysis, const GError *error)
{
  CnRequest *request;

  g_return_if_fail (CN_IS_REQUEST_DETAIL (self));
  g_return_if_fail (analysis == NULL || CN_IS_ANALYSIS (analysis));

  g_set_object (&self->analysis, analysis);
  request = self->request;
  cn_analysis_summary_set_analysis (self->summary, analysis, request);
  cn_checklist_set_analysis (self->checklist, analysis,
                             request ? cn_request_get_note_to_target (request) : NULL,
                             request ? cn_request_get_note_to_connector (request) : NULL);
  cn_request_detail_update_highlights (self);

  gtk_widget_set_visible (GTK_WIDGET (self->analysis_error_label), error != NULL);
  if (error != NULL)
    {
      /* Translators: %s says why a request could not be checked */
      g_autofree char *text = g_strdup_printf (_("This request could not be checked: %s"),
                                                  error->message);

      gtk_label_set_text (self->analysis_error_label, text);
    }
}

/* Marks the words of the note to the target that differ from the other
 * copies of its campaign: a personalised copy of a template shows as such. */
static void
highlight_differences (CnRequestDetail *self, GArray *spans)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->target_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, CN_DIFF_TAG);
  GtkTextIter start, end;

  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (buffer, CN_DIFF_TAG, "underline", PANGO_UNDERLINE_DOUBLE,
                                      "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
  for (guint i = 0; spans != NULL && i < spans->len; i++)
    {
      const CnSpan *span = &g_array_index (spans, CnSpan, i);

      gtk_text_buffer_get_iter_at_offset (buffer, &start, span->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, span->end);
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
    }
}

void
cn_request_detail_set_related (CnRequestDetail *self,
                               GPtrArray *campaign,
                               GPtrArray *earlier,
                               GArray *differences)
{
  gint64 id;
  g_autofree char *campaign_heading = NULL;
  g_autofree char *earlier_heading = NULL;
  guint size;
  guint n_earlier = earlier ? earlier->len : 0;

  g_return_if_fail (CN_IS_REQUEST_DETAIL (self));

  id = self->request ? cn_request_get_id (self->request) : 0;
  /* The campaign's size counts distinct contacts, not requests. */
  size = self->request ? cn_request_get_campaign_size (self->request) : 0;
  campaign_heading = g_strdup_printf (ngettext ("The same note went to %u of your contacts",
                                                "The same note went to %u of your contacts", size),
                                      size);
  cn_related_requests_set (self->campaign_related, campaign_heading,
                           _("Words underlined in the note below differ from the other copies."),
                              campaign, id);
  earlier_heading = g_strdup_printf (ngettext ("%u earlier request from this person",
                                               "%u earlier requests from this person", n_earlier),
                                     n_earlier);
  cn_related_requests_set (self->repeat_related, earlier_heading, NULL, earlier, id);
  highlight_differences (self, differences);
}

CnAnalysis *
cn_request_detail_get_analysis (CnRequestDetail *self)
{
  g_return_val_if_fail (CN_IS_REQUEST_DETAIL (self), NULL);

  return self->analysis;
}

const char *
cn_request_detail_get_title_text (CnRequestDetail *self)
{
  g_return_val_if_fail (CN_IS_REQUEST_DETAIL (self), NULL);

  return gtk_label_get_text (self->title_label);
}

char *
cn_request_detail_dup_note_to_connector (CnRequestDetail *self)
{
  g_return_val_if_fail (CN_IS_REQUEST_DETAIL (self), NULL);

  return dup_buffer_text (self->connector_view);
}

char *
cn_request_detail_dup_note_to_target (CnRequestDetail *self)
{
  g_return_val_if_fail (CN_IS_REQUEST_DETAIL (self), NULL);

  return dup_buffer_text (self->target_view);
}

/* The fit's words: underlined, bold, in the accent colour, so they stay
 * distinct from the elements' background highlights and do not rely on
 * colour alone. */
static GtkTextTag *
ensure_fit_tag (GtkTextBuffer *buffer)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, CN_REQUEST_DETAIL_FIT_TAG);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA color, underline;

  cn_element_style_get_fit_colors (dark, &color, &underline);
  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (buffer, CN_REQUEST_DETAIL_FIT_TAG, "underline",
                                      PANGO_UNDERLINE_SINGLE, "weight", PANGO_WEIGHT_BOLD, NULL);
  g_object_set (tag, "foreground-rgba", &color, "underline-rgba", &underline, NULL);
  /* Above the elements' tags, whatever the order they were made in. */
  gtk_text_tag_set_priority (tag, gtk_text_tag_table_get_size (table) - 1);
  return tag;
}

static guint
mark_fit (CnRequestDetail *self, GtkTextView *view, CnNote note)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextTag *tag = ensure_fit_tag (buffer);
  GtkTextIter start, end;
  guint n = 0;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
  for (guint i = 0; self->fit_spans != NULL && i < self->fit_spans->len; i++)
    {
      const CnFitSpan *match = &g_array_index (self->fit_spans, CnFitSpan, i);

      if (match->note != note)
        continue;
      gtk_text_buffer_get_iter_at_offset (buffer, &start, match->span.start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, match->span.end);
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
      n++;
    }
  return n;
}

static void
cn_request_detail_show_fit (CnRequestDetail *self)
{
  guint n = 0;
  const char *target;
  g_autofree char *isolated = NULL;
  g_autofree char *legend = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *text_color = NULL;
  g_autofree char *underline_color = NULL;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA color, underline;

  n += mark_fit (self, self->target_view, CN_NOTE_TO_TARGET);
  n += mark_fit (self, self->connector_view, CN_NOTE_TO_CONNECTOR);
  gtk_widget_set_visible (self->fit_legend, n > 0);
  if (n == 0 || self->request == NULL)
    return;

  target = cn_request_get_target_name (self->request);
  /* Translators: the legend of the words underlined in the notes; %s is the contact */
  isolated = target && *target ? cn_ui_name (target) : g_strdup (_("the contact"));
  legend = g_strdup_printf (_("Underlined in blue: words that meet the card of %s"), isolated);
  cn_label_set_literal (self->fit_legend_label, legend);
  cn_element_style_get_fit_colors (dark, &color, &underline);
  /* Pango reads #rrggbb. */
  text_color = g_strdup_printf ("#%02x%02x%02x", (int) (color.red * 255 + 0.5),
                                (int) (color.green * 255 + 0.5), (int) (color.blue * 255 + 0.5));
  underline_color = g_strdup_printf ("#%02x%02x%02x", (int) (underline.red * 255 + 0.5),
                                     (int) (underline.green * 255 + 0.5),
                                     (int) (underline.blue * 255 + 0.5));
  sample = g_markup_printf_escaped ("<span weight=\"bold\" underline=\"single\" "
                                    "foreground=\"%s\" underline_color=\"%s\">%s</span>",
                                    text_color, underline_color, C_("fit legend sample", "word"));
  gtk_label_set_markup (self->fit_legend_sample, sample);
}

void
cn_request_detail_set_fit (CnRequestDetail *self, const CnFit *fit)
{
  g_return_if_fail (CN_IS_REQUEST_DETAIL (self));

  /* The fit is the caller's: keep only what the highlights need. */
  g_clear_pointer (&self->fit_spans, g_array_unref);
  if (fit != NULL)
    {
      self->fit_spans = g_array_new (FALSE, FALSE, sizeof (CnFitSpan));
      for (guint i = 0; i < cn_fit_get_n_matches (fit); i++)
        {
          const CnFitMatch *match = cn_fit_get_match (fit, i);
          CnFitSpan span = { match->note, match->span };

          g_array_append_val (self->fit_spans, span);
        }
    }
  cn_request_detail_show_fit (self);
}

void
cn_request_detail_focus_note (CnRequestDetail *self)
{
  g_return_if_fail (CN_IS_REQUEST_DETAIL (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->connector_view));
  /* A label the focus went through on its way here was selected whole. */
  gtk_label_select_region (self->title_label, 0, 0);
  gtk_label_select_region (self->meta_label, 0, 0);
}

gboolean
cn_request_detail_get_selection (CnRequestDetail *self, CnNote *out_note, CnSpan *out_span)
{
  struct
  {
    GtkTextView *view;
    CnNote note;
    const char *text;
  } notes[] = {
    { self->target_view, CN_NOTE_TO_TARGET, NULL },
    { self->connector_view, CN_NOTE_TO_CONNECTOR, NULL },
  };

  g_return_val_if_fail (CN_IS_REQUEST_DETAIL (self), FALSE);

  if (self->request == NULL)
    return FALSE;
  notes[0].text = cn_request_get_note_to_target (self->request);
  notes[1].text = cn_request_get_note_to_connector (self->request);
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (notes[i].view);
      GtkTextIter start, end;

      /* "(empty)" stands for no note: nothing of it can be selected. */
      if (notes[i].text == NULL || *notes[i].text == '\0' ||
          !gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
        continue;
      *out_note = notes[i].note;
      out_span->start = (guint) gtk_text_iter_get_offset (&start);
      out_span->end = (guint) gtk_text_iter_get_offset (&end);
      return TRUE;
    }
  return FALSE;
}

void
cn_request_detail_set_set_aside (CnRequestDetail *self, gboolean set_aside)
{
  g_return_if_fail (CN_IS_REQUEST_DETAIL (self));

  self->set_aside = set_aside;
  cn_request_detail_update_requester (self);
}
