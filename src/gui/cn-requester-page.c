/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-requester-page.h"
#include "cn-ui-utils.h"

struct _CnRequesterPage
{
  AdwWindow parent_instance;

  CnStore *store;
  gint64 requester_id;
  gboolean loading; /* the switches are being set from the store, not by the user */

  GtkWidget *not_requests_group;
  AdwPreferencesGroup *requests_group;
  GtkListBox *requests_list;
  GtkSwitch *screen_out_switch;
  GtkButton *show_again_button;
  GtkLabel *standing_label;
  GtkSwitch *trusted_switch;
  AdwWindowTitle *window_title;
};

G_DEFINE_FINAL_TYPE (CnRequesterPage, cn_requester_page, ADW_TYPE_WINDOW)

enum {
  REQUEST_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
new_request_row (CnRequesterPage *self, CnRequest *request)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  const char *target = cn_request_get_target_name (request);
  g_autofree char *title = target != NULL && *target != '\0' ? g_utf8_make_valid (target, -1)
                                                             : g_strdup (_("No contact named"));
  g_autofree char *date = cn_format_date (cn_request_get_received_at (request));
  g_autofree char *outcome = cn_requester_page_describe_outcome (self->store, request);
  /* Translators: a requester's request: its date · what came of it */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), date, outcome);
  gint64 id = cn_request_get_id (request);

  /* Names come from outside: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "cn-request-id", g_memdup2 (&id, sizeof id), g_free);
  return GTK_WIDGET (row);
}

static void
set_standing (CnRequesterPage *self, CnRequesterStanding standing)
{
  g_autoptr (GError) error = NULL;

  if (!cn_store_set_requester_standing (self->store, self->requester_id, standing, &error))
    cn_label_set_literal (self->standing_label, error->message);
  cn_requester_page_reload (self);
}

static void
on_screen_out_cb (CnRequesterPage *self, GParamSpec *pspec, GtkSwitch *button)
{
  if (self->loading)
    return;
  set_standing (self, gtk_switch_get_active (button) ? CN_REQUESTER_STANDING_SCREENED_OUT
                                                     : CN_REQUESTER_STANDING_NONE);
}

static void
on_trusted_cb (CnRequesterPage *self, GParamSpec *pspec, GtkSwitch *button)
{
  if (self->loading)
    return;
  set_standing (self, gtk_switch_get_active (button) ? CN_REQUESTER_STANDING_TRUSTED
                                                     : CN_REQUESTER_STANDING_NONE);
}

static void
on_show_again_cb (CnRequesterPage *self, GtkButton *button)
{
  g_autoptr (GError) error = NULL;

  cn_store_show_messages_again (self->store, self->requester_id, &error);
  if (error != NULL)
    cn_label_set_literal (self->standing_label, error->message);
  cn_requester_page_reload (self);
}

static void
on_row_activated_cb (CnRequesterPage *self, GtkListBoxRow *row, GtkListBox *list_box)
{
  const gint64 *id = g_object_get_data (G_OBJECT (row), "cn-request-id");

  if (id != NULL)
    g_signal_emit (self, signals[REQUEST_ACTIVATED], 0, *id);
}

static void
on_store_changed_cb (CnRequesterPage *self)
{
  cn_requester_page_reload (self);
}

static void
cn_requester_page_dispose (GObject *object)
{
  CnRequesterPage *self = CN_REQUESTER_PAGE (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_REQUESTER_PAGE);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cn_requester_page_parent_class)->dispose (object);
}

static void
cn_requester_page_class_init (CnRequesterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_requester_page_dispose;

  signals[REQUEST_ACTIVATED] = g_signal_new ("request-activated", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                             G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-requester-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CnRequesterPage, not_requests_group);
  gtk_widget_class_bind_template_child (widget_class, CnRequesterPage, requests_group);
  gtk_widget_class_bind_template_child (widget_class, CnRequesterPage, requests_list);
  gtk_widget_class_bind_template_child (widget_class, CnRequesterPage, screen_out_switch);
  gtk_widget_class_bind_template_child (widget_class, CnRequesterPage, show_again_button);
  gtk_widget_class_bind_template_child (widget_class, CnRequesterPage, standing_label);
  gtk_widget_class_bind_template_child (widget_class, CnRequesterPage, trusted_switch);
  gtk_widget_class_bind_template_child (widget_class, CnRequesterPage, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_screen_out_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_show_again_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_trusted_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cn_requester_page_init (CnRequesterPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CnRequesterPage *
cn_requester_page_new (GtkWindow *parent, CnStore *store, gint64 requester_id)
{
  CnRequesterPage *self;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_REQUESTER_PAGE, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->requester_id = requester_id;
  /* Their requests change under it: a decision in the main window, an import. */
  g_signal_connect_swapped (store, "reloaded", G_CALLBACK (on_store_changed_cb), self);
  g_signal_connect_swapped (store, "request-added", G_CALLBACK (on_store_changed_cb), self);
  g_signal_connect_swapped (store, "request-changed", G_CALLBACK (on_store_changed_cb), self);
  g_signal_connect_swapped (store, "request-removed", G_CALLBACK (on_store_changed_cb), self);
  cn_requester_page_reload (self);
  return self;
}

gint64
cn_requester_page_get_requester_id (CnRequesterPage *self)
{
  g_return_val_if_fail (CN_IS_REQUESTER_PAGE (self), 0);

  return self->requester_id;
}

void
cn_requester_page_reload (CnRequesterPage *self)
{
  g_autoptr (CnRequesterInfo) info = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *standing = NULL;
  g_autofree char *count = NULL;
  GtkWidget *child;

  g_return_if_fail (CN_IS_REQUESTER_PAGE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->requests_list))) != NULL)
    gtk_list_box_remove (self->requests_list, child);

  info = cn_store_get_requester (self->store, self->requester_id, &error);
  if (info == NULL)
    {
      cn_label_set_literal (self->standing_label, error->message);
      return;
    }

  name = g_utf8_make_valid (info->name ? info->name : "", -1);
  /* A window title is never markup. */
  gtk_window_set_title (GTK_WINDOW (self), name);
  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, info->email ? info->email : info->profile_url);

  self->loading = TRUE;
  gtk_switch_set_active (self->screen_out_switch,
                         info->standing == CN_REQUESTER_STANDING_SCREENED_OUT);
  gtk_switch_set_active (self->trusted_switch, info->standing == CN_REQUESTER_STANDING_TRUSTED);
  self->loading = FALSE;
  standing = cn_requester_standing_describe (info->standing, info->standing_at);
  gtk_label_set_text (self->standing_label, standing ? standing : "");
  gtk_widget_set_visible (GTK_WIDGET (self->standing_label), standing != NULL);
  gtk_widget_set_visible (self->not_requests_group, info->not_requests);

  ids = cn_store_list_requester_request_ids (self->store, self->requester_id, &error);
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      g_autoptr (CnRequest) request = cn_store_get_request (self->store,
                                                            g_array_index (ids, gint64, i), NULL);

      if (request != NULL)
        gtk_list_box_append (self->requests_list, new_request_row (self, request));
    }
  if (ids != NULL)
    count = g_strdup_printf (ngettext ("%u request, the newest first",
                                       "%u requests, the newest first", ids->len),
                             ids->len);
  adw_preferences_group_set_description (self->requests_group, count);
}

char *
cn_requester_standing_describe (CnRequesterStanding standing, gint64 since)
{
  g_autofree char *date = since > 0 ? cn_format_date (since) : NULL;

  switch (standing)
    {
    case CN_REQUESTER_STANDING_SCREENED_OUT:
      if (date == NULL)
        return g_strdup (_("You screened out this requester"));
      /* Translators: %s is a date */
      return g_strdup_printf (_("You screened out this requester on %s"), date);
    case CN_REQUESTER_STANDING_TRUSTED:
      if (date == NULL)
        return g_strdup (_("You trusted this requester"));
      /* Translators: %s is a date */
      return g_strdup_printf (_("You trusted this requester on %s"), date);
    case CN_REQUESTER_STANDING_NONE:
    default:
      return NULL;
    }
}

char *
cn_requester_page_describe_outcome (CnStore *store, CnRequest *request)
{
  CnRequestStatus status = cn_request_get_status (request);
  CnOutcome outcome = cn_request_get_outcome (request);

  g_return_val_if_fail (CN_IS_STORE (store), NULL);
  g_return_val_if_fail (CN_IS_REQUEST (request), NULL);

  if (status == CN_REQUEST_STATUS_ARCHIVED &&
      cn_store_is_set_aside (store, cn_request_get_id (request)))
    return g_strdup (_("Not a request"));
  if (status == CN_REQUEST_STATUS_FORWARDED && outcome != CN_OUTCOME_NONE)
    /* Translators: "Forwarded" · an outcome, e.g. "Accepted" */
    return g_strdup_printf (_("%s · %s"), cn_request_status_get_label (status),
                               cn_outcome_get_label (outcome));
  return g_strdup (cn_request_status_get_label (status));
}
