/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-campaigns-dialog.h"
#include "cn-ui-utils.h"
#include "cn-wrap-box.h"

/* Longest excerpt of a campaign's note in its row. */
#define EXCERPT_CHARS 90

struct _CnCampaignsDialog
{
  AdwWindow parent_instance;

  CnStore *store;

  GtkListBox *list_box;
  GtkStack *stack;
  AdwWindowTitle *window_title;
};

G_DEFINE_FINAL_TYPE (CnCampaignsDialog, cn_campaigns_dialog, ADW_TYPE_WINDOW)

enum {
  CAMPAIGN_ACTIVATED,
  STATUS_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
describe_campaign (const CnCampaign *campaign)
{
  g_autofree char *first = cn_format_date (campaign->first_at);
  g_autofree char *last = cn_format_date (campaign->last_at);
  g_autofree char *contacts = g_strdup_printf (ngettext ("%u contact", "%u contacts",
                                                         campaign->size),
                                               campaign->size);
  g_autofree char *open = g_strdup_printf (ngettext ("%u open", "%u open", campaign->n_open),
                                           campaign->n_open);
  g_autofree char *dates = NULL;
  g_autofree char *from = cn_ui_name (campaign->requester_names);

  if (g_strcmp0 (first, last) == 0)
    dates = g_steal_pointer (&first);
  else
    /* Translators: the first and last dates of a campaign */
    dates = g_strdup_printf (_("%s – %s"), first, last);
  /* Translators: contacts · open requests · dates · from requester names */
  return g_strdup_printf (_("%s · %s · %s · from %s"), contacts, open, dates, from);
}

static void
on_status_clicked_cb (GtkButton *button, CnCampaignsDialog *self)
{
  const gint64 *id = g_object_get_data (G_OBJECT (button), "cn-campaign-id");
  int status = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "cn-status"));

  g_signal_emit (self, signals[STATUS_REQUESTED], 0, *id, status);
}

static GtkWidget *
new_status_button (CnCampaignsDialog *self,
                   const CnCampaign *campaign,
                   CnRequestStatus status,
                   const char *label,
                   const char *accessible)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (button, campaign->n_open > 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "cn-campaign-id",
                          g_memdup2 (&campaign->id, sizeof campaign->id), g_free);
  g_object_set_data (G_OBJECT (button), "cn-status", GINT_TO_POINTER (status));
  g_signal_connect (button, "clicked", G_CALLBACK (on_status_clicked_cb), self);
  return button;
}

static GtkWidget *
new_row (CnCampaignsDialog *self, const CnCampaign *campaign)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autofree char *excerpt = cn_utf8_substring_ellipsized (campaign->sample_note
                                                               ? campaign->sample_note
                                                               : "",
                                                           0, G_MAXUINT, EXCERPT_CHARS);
  g_autofree char *valid = g_utf8_make_valid (excerpt, -1);
  g_autofree char *subtitle = describe_campaign (campaign);
  GtkWidget *ask, *decline, *answers;

  /* Notes and names come from outside: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), valid);
  adw_action_row_set_subtitle (row, subtitle);
  adw_action_row_set_title_lines (row, 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  ask = new_status_button (self, campaign, CN_REQUEST_STATUS_ASKED,
                           _("_Ask"),
                              _("Ask for a motivation for every open request of this campaign"));
  gtk_widget_set_tooltip_text (ask, _("Ask for a Motivation"));
  decline = new_status_button (self, campaign, CN_REQUEST_STATUS_DECLINED,
                               _("_Decline"), _("Decline every open request of this campaign"));
  gtk_widget_add_css_class (decline, "destructive-action");
  /* On a phone the two buttons stack, leaving the note room to be read. */
  answers = GTK_WIDGET (cn_wrap_box_new ());
  g_object_set (answers, "spacing", 6, "line-spacing", 6, "align-end", TRUE, "valign",
                GTK_ALIGN_CENTER, NULL);
  cn_wrap_box_append (CN_WRAP_BOX (answers), ask);
  cn_wrap_box_append (CN_WRAP_BOX (answers), decline);
  adw_action_row_add_suffix (row, answers);
  g_object_set_data_full (G_OBJECT (row), "cn-campaign-id",
                          g_memdup2 (&campaign->id, sizeof campaign->id), g_free);
  return GTK_WIDGET (row);
}

static void
on_row_activated_cb (CnCampaignsDialog *self, GtkListBoxRow *row, GtkListBox *list_box)
{
  const gint64 *id = g_object_get_data (G_OBJECT (row), "cn-campaign-id");

  if (id != NULL)
    g_signal_emit (self, signals[CAMPAIGN_ACTIVATED], 0, *id);
}

static void
cn_campaigns_dialog_dispose (GObject *object)
{
  CnCampaignsDialog *self = CN_CAMPAIGNS_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_CAMPAIGNS_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cn_campaigns_dialog_parent_class)->dispose (object);
}

static void
cn_campaigns_dialog_class_init (CnCampaignsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_campaigns_dialog_dispose;

  signals[CAMPAIGN_ACTIVATED] = g_signal_new ("campaign-activated", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                              1, G_TYPE_INT64);
  signals[STATUS_REQUESTED] = g_signal_new ("status-requested", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                            G_TYPE_INT64, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-campaigns-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CnCampaignsDialog, list_box);
  gtk_widget_class_bind_template_child (widget_class, CnCampaignsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CnCampaignsDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cn_campaigns_dialog_init (CnCampaignsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CnCampaignsDialog *
cn_campaigns_dialog_new (GtkWindow *parent, CnStore *store)
{
  CnCampaignsDialog *self;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_CAMPAIGNS_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  cn_campaigns_dialog_reload (self);
  return self;
}

void
cn_campaigns_dialog_reload (CnCampaignsDialog *self)
{
  g_autoptr (GPtrArray) campaigns = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *child;

  g_return_if_fail (CN_IS_CAMPAIGNS_DIALOG (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  campaigns = cn_store_list_campaigns (self->store, &error);
  if (campaigns == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  for (guint i = 0; i < campaigns->len; i++)
    gtk_list_box_append (self->list_box, new_row (self, g_ptr_array_index (campaigns, i)));
  if (campaigns->len > 0)
    subtitle = g_strdup_printf (ngettext ("%u campaign", "%u campaigns", campaigns->len),
                                campaigns->len);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->stack, campaigns->len > 0 ? "list" : "empty");
}
