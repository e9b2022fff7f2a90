/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-contact-picker.h"
#include "cn-new-request-dialog.h"
#include "cn-ui-utils.h"

struct _CnNewRequestDialog
{
  AdwWindow parent_instance;

  CnStore *store;
  gint64 editing_id;       /* the request edited; 0: a new one */
  gint64 editing_at;       /* its date as it was, kept when the day is unchanged */
  char *editing_date_text; /* that day as first shown */
  GListStore *contacts;    /* CnContact, offered by the picker */
  GCancellable *load_cancellable;

  GtkWidget *contact_company_row;
  GtkWidget *contact_name_row;
  CnContactPicker *contact_picker;
  GtkWidget *contact_position_row;
  AdwActionRow *contact_row;
  GtkTextView *connector_view;
  GtkWidget *date_row;
  GtkLabel *error_label;
  GtkRevealer *error_revealer;
  GtkSwitch *new_contact_switch;
  GtkWidget *requester_email_row;
  GtkWidget *requester_name_row;
  GtkWidget *save_button;
  GtkTextView *target_view;
};

G_DEFINE_FINAL_TYPE (CnNewRequestDialog, cn_new_request_dialog, ADW_TYPE_WINDOW)

enum {
  REQUEST_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_stripped (GtkWidget *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static char *
dup_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
is_blank (const char *text)
{
  for (; text && *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/* A day typed in the interface's format (or ISO 8601), in local time;
 * today's date keeps the current time so the new request sorts first. */
static GDateTime *
parse_date (const char *text)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  GDate date;

  if (!cn_parse_typed_date (text, &date))
    return NULL;
  if (g_date_get_year (&date) == g_date_time_get_year (now) &&
      (int) g_date_get_month (&date) == g_date_time_get_month (now) &&
      g_date_get_day (&date) == g_date_time_get_day_of_month (now))
    return g_date_time_ref (now);
  return g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                g_date_get_day (&date), 0, 0, 0);
}

static char *
format_day (gint64 unix_time)
{
  g_autoptr (GDateTime) local = g_date_time_new_from_unix_local (unix_time);
  GDate date;

  g_date_set_dmy (&date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  return cn_format_typed_date (&date);
}

static gboolean
wants_new_contact (CnNewRequestDialog *self)
{
  return gtk_switch_get_active (self->new_contact_switch);
}

static void
cn_new_request_dialog_validate (CnNewRequestDialog *self)
{
  g_autofree char *name = dup_stripped (self->requester_name_row);
  g_autofree char *contact = dup_stripped (self->contact_name_row);
  g_autofree char *date_text = dup_stripped (self->date_row);
  g_autofree char *to_connector = dup_view_text (self->connector_view);
  g_autofree char *to_target = dup_view_text (self->target_view);
  g_autoptr (GDateTime) date = parse_date (date_text);
  gboolean has_contact;
  gboolean ok;

  if (date == NULL)
    gtk_widget_add_css_class (self->date_row, "error");
  else
    gtk_widget_remove_css_class (self->date_row, "error");

  has_contact = wants_new_contact (self)
                    ? *contact != '\0'
                    : cn_contact_picker_get_contact_id (self->contact_picker) != 0;
  /* No contact is chosen for the user: the row says what Add waits for. */
  adw_action_row_set_subtitle (self->contact_row,
                               wants_new_contact (self) ||
                                       cn_contact_picker_get_contact_id (self->contact_picker) != 0
                                   ? ""
                                   : _("Required: choose a contact, or add a new one below"));
  ok = *name != '\0' && has_contact && date != NULL &&
       !(is_blank (to_connector) && is_blank (to_target));
  gtk_widget_set_sensitive (self->save_button, ok);
}

static void
show_error (CnNewRequestDialog *self, const GError *error)
{
  gtk_label_set_text (self->error_label, error->message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static gint64
ensure_target (CnNewRequestDialog *self, GError **error)
{
  g_autoptr (CnContact) contact = NULL;
  g_autofree char *name = NULL;
  g_autofree char *position = NULL;
  g_autofree char *company = NULL;

  if (!wants_new_contact (self))
    return cn_contact_picker_get_contact_id (self->contact_picker);

  name = dup_stripped (self->contact_name_row);
  position = dup_stripped (self->contact_position_row);
  company = dup_stripped (self->contact_company_row);
  contact = cn_contact_new (name);
  cn_contact_set_position (contact, *position ? position : NULL);
  cn_contact_set_company (contact, *company ? company : NULL);
  if (!cn_store_add_contact (self->store, contact, error))
    return 0;
  return cn_contact_get_id (contact);
}

/* The edited request keeps its requester; the rest is what the form says. */
static gboolean
save_edit (CnNewRequestDialog *self, GError **error)
{
  g_autofree char *date_text = dup_stripped (self->date_row);
  g_autofree char *to_connector = dup_view_text (self->connector_view);
  g_autofree char *to_target = dup_view_text (self->target_view);
  g_autoptr (GDateTime) date = parse_date (date_text);
  gint64 received_at;
  gint64 target_id;

  received_at = g_strcmp0 (date_text, self->editing_date_text) == 0 ? self->editing_at
                                                                    : g_date_time_to_unix (date);
  if (!cn_store_begin (self->store, error))
    return FALSE;
  target_id = ensure_target (self, error);
  if (target_id == 0 ||
      !cn_store_edit_request (self->store, self->editing_id, target_id, received_at, to_connector,
                              to_target, error) ||
      !cn_store_commit (self->store, error))
    {
      cn_store_rollback (self->store);
      return FALSE;
    }
  return TRUE;
}

static gboolean
cn_new_request_dialog_save (CnNewRequestDialog *self, gint64 *out_id, GError **error)
{
  g_autoptr (CnRequest) request = cn_request_new ();
  g_autofree char *name = dup_stripped (self->requester_name_row);
  g_autofree char *email = dup_stripped (self->requester_email_row);
  g_autofree char *date_text = dup_stripped (self->date_row);
  g_autofree char *to_connector = dup_view_text (self->connector_view);
  g_autofree char *to_target = dup_view_text (self->target_view);
  g_autoptr (GDateTime) date = parse_date (date_text);
  gint64 target_id;

  /* The contact and the request land together or not at all. */
  if (!cn_store_begin (self->store, error))
    return FALSE;

  target_id = ensure_target (self, error);
  if (target_id == 0)
    goto fail;

  cn_request_set_requester_name (request, name);
  cn_request_set_requester_email (request, *email ? email : NULL);
  cn_request_set_target_id (request, target_id);
  cn_request_set_received_at (request, g_date_time_to_unix (date));
  cn_request_set_source (request, "manual");
  cn_request_set_note_to_connector (request, to_connector);
  cn_request_set_note_to_target (request, to_target);
  cn_request_set_status (request, CN_REQUEST_STATUS_NEW);

  if (!cn_store_add_request (self->store, request, error) || !cn_store_commit (self->store, error))
    goto fail;

  *out_id = cn_request_get_id (request);
  return TRUE;

fail:
  cn_store_rollback (self->store);
  return FALSE;
}

static void
on_save_clicked_cb (CnNewRequestDialog *self)
{
  g_autoptr (GError) error = NULL;
  gint64 id = 0;

  if (!gtk_widget_get_sensitive (self->save_button))
    return;

  if (self->editing_id > 0)
    id = self->editing_id;
  if (self->editing_id > 0 ? !save_edit (self, &error)
                           : !cn_new_request_dialog_save (self, &id, &error))
    {
      show_error (self, error);
      return;
    }

  g_signal_emit (self, signals[REQUEST_SAVED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_field_changed_cb (CnNewRequestDialog *self)
{
  cn_new_request_dialog_validate (self);
}

static void
on_new_contact_toggled_cb (CnNewRequestDialog *self)
{
  gboolean new_contact = wants_new_contact (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->contact_row), !new_contact);
  gtk_widget_set_visible (self->contact_name_row, new_contact);
  gtk_widget_set_visible (self->contact_position_row, new_contact);
  gtk_widget_set_visible (self->contact_company_row, new_contact);
  cn_new_request_dialog_validate (self);
}

static void
save_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  on_save_clicked_cb (CN_NEW_REQUEST_DIALOG (widget));
}

static void
on_contacts_loaded_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (CnNewRequestDialog) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray)
                 contacts = cn_store_list_contacts_finish (CN_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->contacts == NULL)
    return;
  if (contacts == NULL)
    {
      show_error (self, error);
      return;
    }
  g_list_store_splice (self->contacts, 0, 0, contacts->pdata, contacts->len);
}

/* As many contacts as the Contacts page reads at once; a bigger network is
 * read (and sorted, in the Contacts page's order) in a thread, so that the
 * dialog opens at once. */
#define CN_NEW_REQUEST_READ_IN_THREAD 1000

static void
cn_new_request_dialog_load_contacts (CnNewRequestDialog *self)
{
  g_autoptr (GPtrArray) contacts = NULL;
  g_autoptr (GError) error = NULL;

  if (cn_store_count_contacts (self->store) > CN_NEW_REQUEST_READ_IN_THREAD)
    {
      self->load_cancellable = g_cancellable_new ();
      cn_store_list_contacts_async (self->store, cn_contact_sort_by_name, self->load_cancellable,
                                    on_contacts_loaded_cb, g_object_ref (self));
      return;
    }
  contacts = cn_store_list_contacts (self->store, &error);
  if (contacts == NULL)
    {
      show_error (self, error);
      return;
    }
  cn_contact_sort_by_name (contacts);
  g_list_store_splice (self->contacts, 0, 0, contacts->pdata, contacts->len);
  /* No one to pick yet: the form starts with a new contact. */
  if (contacts->len == 0)
    gtk_switch_set_active (self->new_contact_switch, TRUE);
}

static void
cn_new_request_dialog_dispose (GObject *object)
{
  CnNewRequestDialog *self = CN_NEW_REQUEST_DIALOG (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_NEW_REQUEST_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->contacts);
  g_clear_pointer (&self->editing_date_text, g_free);

  G_OBJECT_CLASS (cn_new_request_dialog_parent_class)->dispose (object);
}

static void
cn_new_request_dialog_class_init (CnNewRequestDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_new_request_dialog_dispose;

  g_type_ensure (CN_TYPE_CONTACT_PICKER);

  signals[REQUEST_SAVED] = g_signal_new ("request-saved", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-new-request-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CnNewRequestDialog, contact_company_row);
  gtk_widget_class_bind_template_child (widget_class, CnNewRequestDialog, contact_name_row);
  gtk_widget_class_bind_template_child (widget_class, CnNewRequestDialog, contact_picker);
  gtk_widget_class_bind_template_child (widget_class, CnNewRequestDialog, contact_position_row);
  gtk_widget_class_bind_template_child (widget_class, CnNewRequestDialog, contact_row);
  gtk_widget_class_bind_template_child (widget_class, CnNewRequestDialog, connector_view);
  gtk_widget_class_bind_template_child (widget_class, CnNewRequestDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, CnNewRequestDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CnNewRequestDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CnNewRequestDialog, new_contact_switch);
  gtk_widget_class_bind_template_child (widget_class, CnNewRequestDialog, requester_email_row);
  gtk_widget_class_bind_template_child (widget_class, CnNewRequestDialog, requester_name_row);
  gtk_widget_class_bind_template_child (widget_class, CnNewRequestDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, CnNewRequestDialog, target_view);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_new_contact_toggled_cb);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cn_new_request_dialog_init (CnNewRequestDialog *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = format_day (g_date_time_to_unix (now));
  /* Translators: %s is how a date is typed, e.g. "DD/MM/YYYY" */
  g_autofree char *date_title = g_strdup_printf (_("Received on (%s)"), cn_typed_date_pattern ());
  static const guint submit_keys[] = { GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_ISO_Enter };
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  cn_entry_rows_name_fields (GTK_WIDGET (self));

  /* Ctrl+Return adds the request from any field: caught before the note
   * fields, which would take it for a new line. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (submit_keys); i++)
    gtk_shortcut_controller_add_shortcut (
        GTK_SHORTCUT_CONTROLLER (shortcuts),
        gtk_shortcut_new (gtk_keyval_trigger_new (submit_keys[i], GDK_CONTROL_MASK),
                          gtk_named_action_new ("dialog.save")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  self->contacts = g_list_store_new (CN_TYPE_CONTACT);
  cn_contact_picker_set_contacts (self->contact_picker, G_LIST_MODEL (self->contacts));
  on_new_contact_toggled_cb (self);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->date_row), date_title);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
  g_signal_connect_object (gtk_text_view_get_buffer (self->connector_view), "changed",
                           G_CALLBACK (on_field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->target_view), "changed",
                           G_CALLBACK (on_field_changed_cb), self, G_CONNECT_SWAPPED);
}

CnNewRequestDialog *
cn_new_request_dialog_new (GtkWindow *parent, CnStore *store)
{
  CnNewRequestDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_NEW_REQUEST_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  cn_new_request_dialog_load_contacts (self);
  gtk_widget_grab_focus (self->requester_name_row);
  return self;
}

CnNewRequestDialog *
cn_new_request_dialog_new_for_edit (GtkWindow *parent,
                                    CnStore *store,
                                    CnRequest *request,
                                    gboolean choose_contact)
{
  CnNewRequestDialog *self;
  const char *email;

  g_return_val_if_fail (CN_IS_REQUEST (request), NULL);

  self = cn_new_request_dialog_new (parent, store);
  self->editing_id = cn_request_get_id (request);
  self->editing_at = cn_request_get_received_at (request);
  self->editing_date_text = format_day (self->editing_at);
  /* Moved off the requester's name before it is made insensitive: a focused
   * entry turned insensitive never hears that it lost the focus. */
  if (choose_contact)
    gtk_widget_grab_focus (GTK_WIDGET (self->contact_picker));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->target_view));
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Request"));
  gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Save"));
  gtk_widget_set_tooltip_text (self->save_button, _("Save the Changes (Ctrl+Enter)"));
  /* Who asked stays who asked: their page gathers their requests. */
  gtk_editable_set_text (GTK_EDITABLE (self->requester_name_row),
                         cn_request_get_requester_name (request));
  email = cn_request_get_requester_email (request);
  gtk_editable_set_text (GTK_EDITABLE (self->requester_email_row), email ? email : "");
  gtk_widget_set_sensitive (self->requester_name_row, FALSE);
  gtk_widget_set_sensitive (self->requester_email_row, FALSE);
  gtk_switch_set_active (self->new_contact_switch, FALSE);
  if (cn_request_get_target_id (request) > 0)
    cn_contact_picker_set_contact_id (self->contact_picker, cn_request_get_target_id (request));
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), self->editing_date_text);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->connector_view),
                            cn_request_get_note_to_connector (request), -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->target_view),
                            cn_request_get_note_to_target (request), -1);
  cn_new_request_dialog_validate (self);
  return self;
}

gint64
cn_new_request_dialog_get_editing_id (CnNewRequestDialog *self)
{
  g_return_val_if_fail (CN_IS_NEW_REQUEST_DIALOG (self), 0);

  return self->editing_id;
}

void
_cn_new_request_dialog_fill (CnNewRequestDialog *self,
                             const char *requester_name,
                             gint64 target_contact_id,
                             const char *new_contact_name,
                             const char *date,
                             const char *note_to_connector,
                             const char *note_to_target)
{
  gtk_editable_set_text (GTK_EDITABLE (self->requester_name_row), requester_name);
  gtk_switch_set_active (self->new_contact_switch, target_contact_id == 0);
  if (target_contact_id == 0)
    gtk_editable_set_text (GTK_EDITABLE (self->contact_name_row), new_contact_name);
  else
    cn_contact_picker_set_contact_id (self->contact_picker, target_contact_id);
  if (date != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->connector_view), note_to_connector, -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->target_view), note_to_target, -1);
}
