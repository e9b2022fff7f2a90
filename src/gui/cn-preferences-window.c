/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-endorsement-editor.h"
#include "cn-preferences-window.h"
#include "cn-ui-utils.h"

/* Saving waits for a pause in the typing. */
#define SAVE_DELAY_MS 500

struct _CnPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  CnStore *store;
  CnMailPage *mail_page;
  CnDataPage *data_page;

  /* The template shown, saved SAVE_DELAY_MS after the last change. */
  const char *template_name;
  const char *template_lang;
  guint save_source;
  gboolean loading;

  GtkSpinButton *campaign_spin;
  AdwEntryRow *connector_name_row;
  GtkLabel *placeholders_label;
  GtkButton *reset_button;
  AdwComboRow *lang_row;
  AdwComboRow *template_row;
  GtkSourceView *template_view;
  GtkLabel *warning_label;
  GtkSpinButton *window_spin;
};

G_DEFINE_FINAL_TYPE (CnPreferencesWindow, cn_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The rows' positions. */
static const char *const template_names[] = { CN_TEMPLATE_ENDORSEMENT, CN_TEMPLATE_ASK_MOTIVATION,
                                              CN_TEMPLATE_DECLINE };
/* As the language row lists them: French in both registers. */
static const char *const template_langs[] = { "en", "fr", "fr-tu" };

/* What Reset to Default removed, for Undo. */
typedef struct
{
  char *name;
  char *lang;
  char *body;
} CnResetTemplate;

static void
cn_reset_template_free (CnResetTemplate *reset)
{
  g_free (reset->name);
  g_free (reset->lang);
  g_free (reset->body);
  g_free (reset);
}

static void
show_error (CnPreferencesWindow *self, const char *heading, const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkTextBuffer *
template_buffer (CnPreferencesWindow *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->template_view));
}

static char *
dup_template_text (CnPreferencesWindow *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (template_buffer (self), &start, &end);
  return gtk_text_buffer_get_text (template_buffer (self), &start, &end, FALSE);
}

static gboolean
has_stored_template (CnPreferencesWindow *self)
{
  g_autofree char *stored = NULL;

  stored = cn_store_get_template (self->store, self->template_name, self->template_lang, NULL);
  return stored != NULL;
}

static void
update_template_warning (CnPreferencesWindow *self)
{
  g_autofree char *text = dup_template_text (self);
  g_autofree char *message = cn_endorsement_editor_describe_unknown_placeholders (text, NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), message != NULL);
  if (message != NULL)
    cn_label_set_literal (self->warning_label, message);
}

static void
write_template (CnPreferencesWindow *self)
{
  g_autofree char *text = dup_template_text (self);
  g_autoptr (GError) error = NULL;

  if (!cn_store_set_template (self->store, self->template_name, self->template_lang, text, &error))
    show_error (self, _("Template Not Saved"), error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_button), has_stored_template (self));
}

/* Writes the text shown now, if a change is waiting to be saved. */
static void
save_template (CnPreferencesWindow *self)
{
  if (self->save_source == 0)
    return;
  g_clear_handle_id (&self->save_source, g_source_remove);
  write_template (self);
}

static gboolean
save_template_cb (gpointer user_data)
{
  CnPreferencesWindow *self = user_data;

  self->save_source = 0;
  write_template (self);
  return G_SOURCE_REMOVE;
}

static void show_placeholders (CnPreferencesWindow *self);

/* Shows the template the rows name: the user's own, or the default. */
static void
load_template (CnPreferencesWindow *self)
{
  guint name_pos = adw_combo_row_get_selected (self->template_row);
  guint lang_pos = adw_combo_row_get_selected (self->lang_row);
  GtkTextBuffer *buffer = template_buffer (self);
  g_autofree char *text = NULL;

  save_template (self);
  self->template_name = template_names[MIN (name_pos, G_N_ELEMENTS (template_names) - 1)];
  self->template_lang = template_langs[MIN (lang_pos, G_N_ELEMENTS (template_langs) - 1)];

  text = cn_store_get_template (self->store, self->template_name, self->template_lang, NULL);
  if (text == NULL)
    text = cn_compose_get_default_template (self->template_name, self->template_lang);

  /* Undo stays within one template. */
  self->loading = TRUE;
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  self->loading = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_button), has_stored_template (self));
  update_template_warning (self);
  show_placeholders (self);
}

static void
on_template_selected_cb (CnPreferencesWindow *self, GParamSpec *pspec, AdwComboRow *row)
{
  if (self->store != NULL)
    load_template (self);
}

static void
on_template_changed_cb (CnPreferencesWindow *self, GtkTextBuffer *buffer)
{
  update_template_warning (self);
  if (self->loading || self->store == NULL)
    return;
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_template_cb, self);
}

static void
on_undo_reset_cb (CnPreferencesWindow *self, AdwToast *toast)
{
  CnResetTemplate *reset = g_object_get_data (G_OBJECT (toast), "reset");
  g_autoptr (GError) error = NULL;

  save_template (self);
  if (!cn_store_set_template (self->store, reset->name, reset->lang, reset->body, &error))
    {
      show_error (self, _("Template Not Restored"), error);
      return;
    }
  if (g_str_equal (reset->name, self->template_name) &&
      g_str_equal (reset->lang, self->template_lang))
    load_template (self);
}

static void
on_reset_clicked_cb (CnPreferencesWindow *self, GtkButton *button)
{
  g_autoptr (GError) error = NULL;
  CnResetTemplate *reset;
  AdwToast *toast;

  save_template (self);
  reset = g_new0 (CnResetTemplate, 1);
  reset->name = g_strdup (self->template_name);
  reset->lang = g_strdup (self->template_lang);
  reset->body = cn_store_get_template (self->store, self->template_name, self->template_lang, NULL);
  if (reset->body == NULL ||
      !cn_store_delete_template (self->store, self->template_name, self->template_lang, &error))
    {
      if (error != NULL)
        show_error (self, _("Template Not Reset"), error);
      cn_reset_template_free (reset);
      return;
    }
  load_template (self);

  toast = adw_toast_new (_("Template reset to default"));
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "reset", reset,
                          (GDestroyNotify) cn_reset_template_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_reset_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

/* Named in the template's language; the other names work as well. */
static void
show_placeholders (CnPreferencesWindow *self)
{
  const char *const *names = cn_compose_get_placeholders_for_lang (self->template_lang);
  g_autoptr (GString) list = g_string_new (NULL);
  g_autofree char *text = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (i > 0)
        /* Translators: separates the placeholders of a list ("{foo}, {bar}") */
        g_string_append (list, _(", "));
      g_string_append_printf (list, "{%s}", names[i]);
    }
  /* Translators: %s is a list of placeholders, "{requester}, {target}, …" */
  text = g_strdup_printf (_("Available placeholders: %s."), list->str);
  cn_label_set_literal (self->placeholders_label, text);
}

static void
cn_preferences_window_apply (CnPreferencesWindow *self)
{
  guint targets = (guint) gtk_spin_button_get_value_as_int (self->campaign_spin);
  guint days = (guint) gtk_spin_button_get_value_as_int (self->window_spin);
  guint old_targets, old_days;
  g_autoptr (GError) error = NULL;

  g_autofree char *old_name = cn_store_dup_connector_name (self->store);
  g_autofree char *name = g_strstrip (
      g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->connector_name_row))));
  gboolean saved = TRUE;

  if (g_strcmp0 (name, old_name != NULL ? old_name : "") != 0)
    saved = cn_store_set_connector_name (self->store, name, &error);
  cn_store_get_triage_settings (self->store, &old_targets, &old_days);
  if (saved && (targets != old_targets || days != old_days))
    saved = cn_store_set_triage_settings (self->store, targets, days, &error);
  if (!saved)
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
  save_template (CN_PREFERENCES_WINDOW (window));
  if (CN_PREFERENCES_WINDOW (window)->mail_page != NULL)
    cn_mail_page_save (CN_PREFERENCES_WINDOW (window)->mail_page);
  cn_preferences_window_apply (CN_PREFERENCES_WINDOW (window));

  return GTK_WINDOW_CLASS (cn_preferences_window_parent_class)->close_request (window);
}

static void
cn_preferences_window_dispose (GObject *object)
{
  CnPreferencesWindow *self = CN_PREFERENCES_WINDOW (object);

  if (self->store != NULL)
    save_template (self);
  g_clear_handle_id (&self->save_source, g_source_remove);
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
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_bind_template_child (widget_class, CnPreferencesWindow, campaign_spin);
  gtk_widget_class_bind_template_child (widget_class, CnPreferencesWindow, connector_name_row);
  gtk_widget_class_bind_template_child (widget_class, CnPreferencesWindow, lang_row);
  gtk_widget_class_bind_template_child (widget_class, CnPreferencesWindow, placeholders_label);
  gtk_widget_class_bind_template_child (widget_class, CnPreferencesWindow, reset_button);
  gtk_widget_class_bind_template_child (widget_class, CnPreferencesWindow, template_row);
  gtk_widget_class_bind_template_child (widget_class, CnPreferencesWindow, template_view);
  gtk_widget_class_bind_template_child (widget_class, CnPreferencesWindow, warning_label);
  gtk_widget_class_bind_template_child (widget_class, CnPreferencesWindow, window_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_clicked_cb);
}

/* The window's own search field, which libadwaita 1.2 leaves unnamed. */
static void
name_search_entry (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SEARCH_ENTRY (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Search preferences"), -1);
      else
        name_search_entry (child);
    }
}

/* libadwaita 1.2 asks 360 px for the pages alone, more than a phone's
 * screen once the window's border is added; the pages adapt below that. */
static void
allow_phone_width (GtkWidget *widget)
{
  GObject *leaflet = gtk_widget_get_template_child (widget, ADW_TYPE_PREFERENCES_WINDOW,
                                                    "subpages_leaflet");
  int height;

  if (!GTK_IS_WIDGET (leaflet))
    return;
  gtk_widget_get_size_request (GTK_WIDGET (leaflet), NULL, &height);
  gtk_widget_set_size_request (GTK_WIDGET (leaflet), -1, height);
}

static void
cn_preferences_window_init (CnPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cn_combo_row_name_choices (self->lang_row);
  cn_combo_row_name_choices (self->template_row);
  cn_entry_rows_name_fields (GTK_WIDGET (self));
  name_search_entry (GTK_WIDGET (self));
  allow_phone_width (GTK_WIDGET (self));

  cn_endorsement_editor_setup_template_buffer (
      GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->template_view))));
  g_signal_connect_object (template_buffer (self), "changed", G_CALLBACK (on_template_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->template_row, "notify::selected",
                           G_CALLBACK (on_template_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->lang_row, "notify::selected", G_CALLBACK (on_template_selected_cb),
                           self, G_CONNECT_SWAPPED);
  show_placeholders (self);
}

CnPreferencesWindow *
cn_preferences_window_new (GtkWindow *parent, CnStore *store)
{
  CnPreferencesWindow *self;
  g_autofree char *name = NULL;
  guint targets, days;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "modal", TRUE, NULL);
  self->store = g_object_ref (store);
  name = cn_store_dup_connector_name (store);
  gtk_editable_set_text (GTK_EDITABLE (self->connector_name_row), name != NULL ? name : "");
  cn_store_get_triage_settings (store, &targets, &days);
  gtk_spin_button_set_value (self->campaign_spin, targets);
  gtk_spin_button_set_value (self->window_spin, days);
  /* The endorsement in the interface's language comes first. */
  /* Translators: the code of your language ("fr"): the template shown first */
  adw_combo_row_set_selected (self->lang_row,
                              g_str_has_prefix (C_("template language", "en"), "fr") ? 1 : 0);
  load_template (self);

  self->mail_page = cn_mail_page_new (store);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (self->mail_page));
  self->data_page = cn_data_page_new (store);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (self->data_page));
  return self;
}

void
_cn_preferences_window_show_template (CnPreferencesWindow *self, const char *name, const char *lang)
{
  g_return_if_fail (CN_IS_PREFERENCES_WINDOW (self));

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), "templates");
  for (guint i = 0; i < G_N_ELEMENTS (template_names); i++)
    if (g_strcmp0 (name, template_names[i]) == 0)
      adw_combo_row_set_selected (self->template_row, i);
  for (guint i = 0; i < G_N_ELEMENTS (template_langs); i++)
    if (g_strcmp0 (lang, template_langs[i]) == 0)
      adw_combo_row_set_selected (self->lang_row, i);
}

void
cn_preferences_window_show_mail_page (CnPreferencesWindow *self)
{
  g_return_if_fail (CN_IS_PREFERENCES_WINDOW (self));

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self),
                                           ADW_PREFERENCES_PAGE (self->mail_page));
}
