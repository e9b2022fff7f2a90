/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-preferences-window.h"

struct _CnPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  CnStore *store;

  GtkSpinButton *campaign_spin;
  GtkSpinButton *window_spin;
};

G_DEFINE_FINAL_TYPE (CnPreferencesWindow, cn_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
cn_preferences_window_apply (CnPreferencesWindow *self)
{
  guint targets = (guint) gtk_spin_button_get_value_as_int (self->campaign_spin);
  guint days = (guint) gtk_spin_button_get_value_as_int (self->window_spin);
  guint old_targets, old_days;
  g_autoptr (GError) error = NULL;

  cn_store_get_triage_settings (self->store, &old_targets, &old_days);
  if (targets == old_targets && days == old_days)
    return;
  if (!cn_store_set_triage_settings (self->store, targets, days, &error))
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
      GtkWidget *dialog = adw_message_dialog_new (parent, _("Settings Not Saved"), NULL);

      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static gboolean
cn_preferences_window_close_request (GtkWindow *window)
{
  cn_preferences_window_apply (CN_PREFERENCES_WINDOW (window));

  return GTK_WINDOW_CLASS (cn_preferences_window_parent_class)->close_request (window);
}

static void
cn_preferences_window_dispose (GObject *object)
{
  CnPreferencesWindow *self = CN_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cn_preferences_window_parent_class)->dispose (object);
}

static void
cn_preferences_window_class_init (CnPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cn_preferences_window_dispose;
  window_class->close_request = cn_preferences_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CnPreferencesWindow, campaign_spin);
  gtk_widget_class_bind_template_child (widget_class, CnPreferencesWindow, window_spin);
}

static void
cn_preferences_window_init (CnPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CnPreferencesWindow *
cn_preferences_window_new (GtkWindow *parent, CnStore *store)
{
  CnPreferencesWindow *self;
  guint targets, days;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "modal", TRUE, NULL);
  self->store = g_object_ref (store);
  cn_store_get_triage_settings (store, &targets, &days);
  gtk_spin_button_set_value (self->campaign_spin, targets);
  gtk_spin_button_set_value (self->window_spin, days);
  return self;
}

GtkSpinButton *
_cn_preferences_window_get_spin (CnPreferencesWindow *self, gboolean campaign)
{
  return campaign ? self->campaign_spin : self->window_spin;
}
