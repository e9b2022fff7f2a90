/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-analysis.h"
#include "cn-request-row.h"
#include "cn-review.h"
#include "cn-ui-utils.h"

struct _CnRequestRow
{
  GtkWidget parent_instance;

  GtkLabel *date_label;
  GtkInscription *requester_label;
  GtkInscription *status_label;
  GtkInscription *target_label;
  GtkLabel *verdict_badge;
  GtkLabel *mass_sent_badge;
  GtkLabel *repeated_badge;

  CnRequest *request;
  guint update_idle_id;
};

G_DEFINE_FINAL_TYPE (CnRequestRow, cn_request_row, GTK_TYPE_WIDGET)

static char *
describe_target (CnRequest *request)
{
  const char *target = cn_request_get_target_name (request);
  g_autofree char *name = NULL;

  if (target == NULL || *target == '\0')
    return g_strdup_printf (_("→ %s"), _("no contact named"));
  name = cn_ui_name (target);
  /* Translators: in the request list, the contact the request wants to reach */
  return g_strdup_printf (_("→ %s"), name);
}

static const char *const verdict_classes[] = {
  [CN_VERDICT_NONE] = "cn-verdict-none",
  [CN_VERDICT_MOTIVATED] = "cn-verdict-motivated",
  [CN_VERDICT_INCOMPLETE] = "cn-verdict-incomplete",
  [CN_VERDICT_UNSUITABLE] = "cn-verdict-unsuitable",
  NULL,
};

/* "Motivated · 86", coloured by verdict; hidden before the analysis. Returns
 * the words, for the row's accessible description (NULL when hidden). */
static char *
update_badge (CnRequestRow *self, CnRequest *request)
{
  CnVerdict verdict = request ? cn_request_get_effective_verdict (request) : CN_VERDICT_NONE;
  GtkWidget *badge = GTK_WIDGET (self->verdict_badge);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (badge, verdict != CN_VERDICT_NONE);
  if (verdict == CN_VERDICT_NONE || verdict > CN_VERDICT_LAST)
    return NULL;

  /* Translators: a request's verdict and score in the list, e.g. "Motivated · 86" */
  text = g_strdup_printf (_("%s · %u"), cn_verdict_get_label (verdict),
                             cn_request_get_score (request));
  gtk_label_set_text (self->verdict_badge, text);
  cn_widget_set_class_of (badge, verdict_classes, verdict_classes[verdict]);
  return g_steal_pointer (&text);
}

/* "Mass-sent ×5", "Repeated ×2": hidden when not. Returns the words shown, or NULL. */
static char *
update_triage_badges (CnRequestRow *self, CnRequest *request)
{
  gboolean mass_sent = request != NULL && cn_request_get_mass_sent (request);
  gboolean repeated = request != NULL && cn_request_get_repeated (request);
  g_autofree char *mass_text = NULL;
  g_autofree char *repeat_text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->mass_sent_badge), mass_sent);
  gtk_widget_set_visible (GTK_WIDGET (self->repeated_badge), repeated);
  if (mass_sent)
    {
      /* Translators: the same note went to this many contacts */
      mass_text = g_strdup_printf (_("Mass-sent ×%u"), cn_request_get_campaign_size (request));
      gtk_label_set_text (self->mass_sent_badge, mass_text);
    }
  if (repeated)
    {
      /* Translators: this many earlier requests make this one a repeat */
      repeat_text = g_strdup_printf (_("Repeated ×%u"), cn_request_get_repeat_count (request));
      gtk_label_set_text (self->repeated_badge, repeat_text);
    }
  if (mass_text != NULL && repeat_text != NULL)
    return g_strdup_printf ("%s, %s", mass_text, repeat_text);
  return g_strdup (mass_text != NULL ? mass_text : repeat_text);
}

static void on_request_notify_cb (CnRequestRow *self, GParamSpec *pspec, CnRequest *request);

static void
cn_request_row_dispose (GObject *object)
{
  CnRequestRow *self = CN_REQUEST_ROW (object);

  if (self->request != NULL)
    g_signal_handlers_disconnect_by_func (self->request, on_request_notify_cb, self);
  g_clear_handle_id (&self->update_idle_id, g_source_remove);
  g_clear_object (&self->request);
  gtk_widget_dispose_template (GTK_WIDGET (object), CN_TYPE_REQUEST_ROW);
  cn_widget_unparent_children (GTK_WIDGET (object));

  G_OBJECT_CLASS (cn_request_row_parent_class)->dispose (object);
}

static void
cn_request_row_class_init (CnRequestRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_request_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cn-request-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CnRequestRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, CnRequestRow, requester_label);
  gtk_widget_class_bind_template_child (widget_class, CnRequestRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, CnRequestRow, target_label);
  gtk_widget_class_bind_template_child (widget_class, CnRequestRow, verdict_badge);
  gtk_widget_class_bind_template_child (widget_class, CnRequestRow, mass_sent_badge);
  gtk_widget_class_bind_template_child (widget_class, CnRequestRow, repeated_badge);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cn_request_row_init (CnRequestRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CnRequestRow *
cn_request_row_new (void)
{
  return g_object_new (CN_TYPE_REQUEST_ROW, NULL);
}

static void
set_accessible (GtkWidget *widget, const char *label, const char *description)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
cn_request_row_update (CnRequestRow *self)
{
  CnRequest *request = self->request;
  g_autofree char *date = NULL;
  g_autofree char *target = NULL;
  g_autofree char *label = NULL;
  g_autofree char *valid_name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *badge = NULL;
  CnVerdict verdict;
  g_autofree char *triage = NULL;
  const char *status;
  const char *name;
  const char *requester;

  if (request == NULL)
    {
      gtk_inscription_set_text (self->requester_label, NULL);
      gtk_inscription_set_text (self->target_label, NULL);
      gtk_label_set_text (self->date_label, "");
      gtk_inscription_set_text (self->status_label, NULL);
      update_badge (self, NULL);
      g_free (update_triage_badges (self, NULL));
      return;
    }

  date = cn_format_short_date (cn_request_get_received_at (request));
  target = describe_target (request);
  /* As the review would have it: "Ready to forward" only when Forward would open. */
  status = cn_review_get_list_label (request);

  cn_inscription_set_literal (self->requester_label, cn_request_get_requester_name (request));
  cn_inscription_set_literal (self->target_label, target);
  gtk_label_set_text (self->date_label, date);
  gtk_inscription_set_text (self->status_label, status);
  badge = update_badge (self, request);
  triage = update_triage_badges (self, request);

  name = cn_request_get_target_name (request);
  valid_name = name != NULL ? g_utf8_make_valid (name, -1) : g_strdup (_("no contact named"));
  requester = gtk_inscription_get_text (self->requester_label);
  verdict = cn_request_get_effective_verdict (request);
  if (verdict != CN_VERDICT_NONE && verdict <= CN_VERDICT_LAST)
    /* Translators: what a screen reader says for a row of the request list:
     * requester, contact (or "no contact named"), date, verdict, status, e.g.
     * "Nadia Benali to Claire Fontanel, 1 Dec 2026, Motivated, New" */
    label = g_strdup_printf (_("%s to %s, %s, %s, %s"), requester, valid_name, date,
                                cn_verdict_get_label (verdict), status);
  else
    /* Translators: the same before the request is checked: requester,
     * contact, date, status */
    label = g_strdup_printf (_("%s to %s, %s, %s"), requester, valid_name, date, status);
  /* The details after the name: "Motivated · 86; Mass-sent ×5". */
  if (badge != NULL && triage != NULL)
    /* Translators: a request row's details for screen readers: its verdict
     * and score, then "Mass-sent ×5" etc. */
    description = g_strdup_printf (_("%s; %s"), badge, triage);
  else
    description = g_strdup (badge != NULL ? badge : triage != NULL ? triage : "");
  set_accessible (GTK_WIDGET (self), label, description);
  /* In a list view the focus is on the item holding the row: the same words. */
  if (gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
    set_accessible (gtk_widget_get_parent (GTK_WIDGET (self)), label, description);
}

static void
update_idle_cb (gpointer data)
{
  CnRequestRow *self = data;

  self->update_idle_id = 0;
  cn_request_row_update (self);
}

static void
on_request_notify_cb (CnRequestRow *self, GParamSpec *pspec, CnRequest *request)
{
  /* The verdict arrives from the background check after the row is bound,
   * often while the list view is busy re-binding rows: restyling a row then
   * trips GTK 4.8's style bookkeeping, so update once the list has settled
   * (one update for several properties). */
  if (self->update_idle_id == 0)
    self->update_idle_id = g_idle_add_once (update_idle_cb, self);
}

void
cn_request_row_set_request (CnRequestRow *self, CnRequest *request)
{
  g_return_if_fail (CN_IS_REQUEST_ROW (self));
  g_return_if_fail (request == NULL || CN_IS_REQUEST (request));

  if (self->request != NULL)
    g_signal_handlers_disconnect_by_func (self->request, on_request_notify_cb, self);
  g_clear_handle_id (&self->update_idle_id, g_source_remove);
  g_set_object (&self->request, request);
  if (request != NULL)
    g_signal_connect_object (request, "notify", G_CALLBACK (on_request_notify_cb), self,
                             G_CONNECT_SWAPPED);
  cn_request_row_update (self);
}
