/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-campaigns-dialog.h"
#include "cn-memory.h"
#include "cn-ui-utils.h"
#include "cn-wrap-box.h"

/* Longest excerpt of a campaign's note in its row. */
#define EXCERPT_CHARS 90

struct _CnCampaignsDialog
{
  AdwWindow parent_instance;

  CnStore *store;
  /* The campaigns shown, in the list's order (CnCampaign), and the same by
   * id: the list's items are the ids, so a recycled row always acts on the
   * campaign it shows. */
  GPtrArray *campaigns;
  GHashTable *by_id;
  GtkStringList *ids;
  GCancellable *cancellable; /* the reading under way */

  GtkGridView *list_view;
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
  /* Translators: from requester names · contacts · open requests · dates;
   * the names come first, since a narrow row cuts the end of the line */
  return g_strdup_printf (_("From %s · %s · %s · %s"), from, contacts, open, dates);
}

static gint64
item_campaign_id (gpointer item)
{
  return g_ascii_strtoll (gtk_string_object_get_string (item), NULL, 10);
}

static const CnCampaign *
lookup_campaign (CnCampaignsDialog *self, gint64 id)
{
  return g_hash_table_lookup (self->by_id, &id);
}

static void
on_status_clicked_cb (GtkButton *button, CnCampaignsDialog *self)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (button), "cn-list-item");
  int status = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "cn-status"));
  gpointer item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    g_signal_emit (self, signals[STATUS_REQUESTED], 0, item_campaign_id (item), status);
}

static GtkWidget *
new_status_button (CnCampaignsDialog *self,
                   GtkListItem *list_item,
                   CnRequestStatus status,
                   const char *label,
                   const char *accessible)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  /* The row's item, read at the click: rows are recycled. */
  g_object_set_data (G_OBJECT (button), "cn-list-item", list_item);
  g_object_set_data (G_OBJECT (button), "cn-status", GINT_TO_POINTER (status));
  g_signal_connect (button, "clicked", G_CALLBACK (on_status_clicked_cb), self);
  return button;
}

/* A row as an AdwActionRow showed it: the note's start on up to two lines,
 * the counts below, and the two answers, which stack on a phone. Built once
 * per recycled row, never per campaign. */
static void
on_setup_row_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, CnCampaignsDialog *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_inscription_new (NULL);
  GtkWidget *subtitle = gtk_inscription_new (NULL);
  GtkWidget *ask, *decline, *answers;

  g_object_set (row, "margin-start", 12, "margin-end", 12, "margin-top", 8, "margin-bottom", 8,
                NULL);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  /* One line each, in GtkInscriptions: GTK 4.8 makes and measures every row
   * it keeps when the list opens (30, see the template), and an
   * inscription's size does not depend on its text, so only the rows on
   * show are laid out, to be drawn (an ellipsized label is laid out at every
   * width it is measured for: 55 % of the opening). The whole excerpt is the
   * row's accessible name; the copies open on activation. */
  gtk_inscription_set_xalign (GTK_INSCRIPTION (title), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (title),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (subtitle), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (subtitle),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (row), texts);

  ask = new_status_button (self, list_item, CN_REQUEST_STATUS_ASKED,
                           _("_Ask"),
                              _("Ask for a motivation for every open request of this campaign"));
  gtk_widget_set_tooltip_text (ask, _("Ask for a Motivation"));
  decline = new_status_button (self, list_item, CN_REQUEST_STATUS_DECLINED,
                               _("_Decline"), _("Decline every open request of this campaign"));
  gtk_widget_add_css_class (decline, "destructive-action");
  /* On a phone the two buttons stack, leaving the note room to be read. */
  answers = GTK_WIDGET (cn_wrap_box_new ());
  g_object_set (answers, "spacing", 6, "line-spacing", 6, "align-end", TRUE, "valign",
                GTK_ALIGN_CENTER, NULL);
  cn_wrap_box_append (CN_WRAP_BOX (answers), ask);
  cn_wrap_box_append (CN_WRAP_BOX (answers), decline);
  gtk_box_append (GTK_BOX (row), answers);

  g_object_set_data (G_OBJECT (row), "cn-title", title);
  g_object_set_data (G_OBJECT (row), "cn-subtitle", subtitle);
  g_object_set_data (G_OBJECT (row), "cn-ask", ask);
  g_object_set_data (G_OBJECT (row), "cn-decline", decline);
  gtk_list_item_set_child (list_item, row);
}

static void
on_bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, CnCampaignsDialog *self)
{
  GtkWidget *row = gtk_list_item_get_child (list_item);
  const CnCampaign *campaign = lookup_campaign (self, item_campaign_id (
                                                          gtk_list_item_get_item (list_item)));
  g_autofree char *excerpt = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *subtitle = NULL;
  const char *name;

  g_return_if_fail (campaign != NULL);
  excerpt = cn_utf8_substring_ellipsized (campaign->sample_note ? campaign->sample_note : "", 0,
                                          G_MAXUINT, EXCERPT_CHARS);
  valid = g_utf8_make_valid (excerpt, -1);
  subtitle = describe_campaign (campaign);
  /* Notes and names come from outside: never markup. */
  cn_inscription_set_literal (g_object_get_data (G_OBJECT (row), "cn-title"), valid);
  cn_inscription_set_literal (g_object_get_data (G_OBJECT (row), "cn-subtitle"), subtitle);
  gtk_widget_set_sensitive (g_object_get_data (G_OBJECT (row), "cn-ask"), campaign->n_open > 0);
  gtk_widget_set_sensitive (g_object_get_data (G_OBJECT (row), "cn-decline"), campaign->n_open > 0);
  /* The focus is on the list's item holding the row: it says the note, or
   * the counts when the note is empty, and the counts as its description. */
  name = *valid != '\0' ? valid : subtitle;
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (row)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
}

static void
on_list_activate_cb (CnCampaignsDialog *self, guint position, GtkGridView *list_view)
{
  g_autoptr (GObject) item = g_list_model_get_item (G_LIST_MODEL (self->ids), position);

  if (item != NULL)
    g_signal_emit (self, signals[CAMPAIGN_ACTIVATED], 0, item_campaign_id (item));
}

static void
cn_campaigns_dialog_dispose (GObject *object)
{
  CnCampaignsDialog *self = CN_CAMPAIGNS_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_CAMPAIGNS_DIALOG);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->ids);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->campaigns, g_ptr_array_unref);

  G_OBJECT_CLASS (cn_campaigns_dialog_parent_class)->dispose (object);
  /* Its rows, for thousands of campaigns, were the window's largest moment. */
  cn_memory_release_when_idle ();
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
  gtk_widget_class_bind_template_child (widget_class, CnCampaignsDialog, list_view);
  gtk_widget_class_bind_template_child (widget_class, CnCampaignsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CnCampaignsDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cn_campaigns_dialog_init (CnCampaignsDialog *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->campaigns = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_campaign_free);
  self->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->ids = gtk_string_list_new (NULL);
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_row_cb), self);
  gtk_grid_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (gtk_no_selection_new (
                                                G_LIST_MODEL (g_object_ref (self->ids)))));
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

static gboolean
same_campaign (const CnCampaign *a, const CnCampaign *b)
{
  return a->id == b->id && a->size == b->size && a->n_requests == b->n_requests &&
         a->n_open == b->n_open && a->first_at == b->first_at && a->last_at == b->last_at &&
         g_strcmp0 (a->sample_note, b->sample_note) == 0 &&
         g_strcmp0 (a->requester_names, b->requester_names) == 0;
}

static void
show_campaigns (CnCampaignsDialog *self, GPtrArray *campaigns, const GError *error)
{
  g_autoptr (GPtrArray) old = NULL;
  g_autofree char *subtitle = NULL;
  g_auto (GStrv) ids = NULL;
  gboolean same_ids;

  old = g_steal_pointer (&self->campaigns);
  self->campaigns = g_ptr_array_ref (campaigns);
  g_hash_table_remove_all (self->by_id);
  same_ids = old->len == campaigns->len;
  for (guint i = 0; i < campaigns->len; i++)
    {
      CnCampaign *campaign = g_ptr_array_index (campaigns, i);

      g_hash_table_insert (self->by_id, &campaign->id, campaign);
      if (same_ids && ((CnCampaign *) g_ptr_array_index (old, i))->id != campaign->id)
        same_ids = FALSE;
    }

  if (same_ids)
    {
      /* After a bulk answer or its undo: the same campaigns in the same order.
       * Only the rows that changed are bound again, and the list keeps its
       * scroll position. */
      for (guint i = 0; i < campaigns->len; i++)
        if (!same_campaign (g_ptr_array_index (old, i), g_ptr_array_index (campaigns, i)))
          {
            const char *id[] = {
              gtk_string_list_get_string (self->ids, i),
              NULL,
            };
            g_autofree char *copy = g_strdup (id[0]);

            id[0] = copy;
            gtk_string_list_splice (self->ids, i, 1, id);
          }
    }
  else
    {
      /* Other campaigns: a new model, which the list lays out from its top. */
      ids = g_new0 (char *, campaigns->len + 1);
      for (guint i = 0; i < campaigns->len; i++)
        ids[i] = g_strdup_printf ("%" G_GINT64_FORMAT,
                                  ((CnCampaign *) g_ptr_array_index (campaigns, i))->id);
      g_clear_object (&self->ids);
      self->ids = gtk_string_list_new ((const char *const *) ids);
      gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (gtk_no_selection_new (
                                                    G_LIST_MODEL (g_object_ref (self->ids)))));
    }

  if (error != NULL)
    {
      adw_window_title_set_subtitle (self->window_title, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  if (campaigns->len > 0)
    subtitle = g_strdup_printf (ngettext ("%u campaign", "%u campaigns", campaigns->len),
                                campaigns->len);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->stack, campaigns->len > 0 ? "list" : "empty");
}

static void
on_campaigns_read_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (CnCampaignsDialog) self = data;
  g_autoptr (GPtrArray) campaigns = NULL;
  g_autoptr (GError) error = NULL;

  campaigns = cn_store_list_campaigns_finish (CN_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store == NULL)
    return;
  if (campaigns == NULL)
    campaigns = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_campaign_free);
  show_campaigns (self, campaigns, error);
}

void
cn_campaigns_dialog_reload (CnCampaignsDialog *self)
{
  g_return_if_fail (CN_IS_CAMPAIGNS_DIALOG (self));

  /* Read in a worker: the window shows (and stays responsive) while tens of
   * thousands of campaigns are gathered; what it shows meanwhile stays. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  cn_store_list_campaigns_async (self->store, self->cancellable, on_campaigns_read_cb,
                                 g_object_ref (self));
}
