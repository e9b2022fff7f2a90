/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The inbox: the To do / Handled / All views, search as you type, what an
 * empty list says, and correcting or deleting a request. The filtering is
 * the store's (CnRequestList): this file only ties the controls to it. In To
 * do, a request answered leaves the list and the selection moves on to the
 * next one to do. */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-new-request-dialog.h"
#include "cn-window-private.h"

static CnRequestView
chosen_view (CnWindow *self)
{
  if (gtk_toggle_button_get_active (self->handled_button))
    return CN_REQUEST_VIEW_HANDLED;
  if (gtk_toggle_button_get_active (self->all_button))
    return CN_REQUEST_VIEW_ALL;
  return CN_REQUEST_VIEW_TO_DO;
}

static void
on_view_toggled_cb (CnWindow *self, GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button) || self->requests == NULL)
    return;
  cn_request_list_set_view (self->requests, chosen_view (self));
  _cn_window_update_page (self);
}

static void
on_request_search_cb (CnWindow *self, GtkSearchEntry *entry)
{
  if (self->requests == NULL)
    return;
  cn_request_list_set_search (self->requests, gtk_editable_get_text (GTK_EDITABLE (entry)));
  _cn_window_update_page (self);
}

/* Escape clears the search; with nothing typed, it goes back to the list. */
static void
on_request_search_stop_cb (CnWindow *self, GtkSearchEntry *entry)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->request_list_view));
}

static void
show_view_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  const char *view = g_variant_get_string (parameter, NULL);

  if (g_str_equal (view, "handled"))
    gtk_toggle_button_set_active (self->handled_button, TRUE);
  else if (g_str_equal (view, "all"))
    gtk_toggle_button_set_active (self->all_button, TRUE);
  else
    gtk_toggle_button_set_active (self->todo_button, TRUE);
}

void
_cn_window_inbox_describe_empty (CnWindow *self)
{
  const char *search = self->requests ? cn_request_list_get_search (self->requests) : NULL;
  gboolean filtered = gtk_drop_down_get_selected (self->verdict_filter) != 0;

  if (search != NULL)
    {
      adw_status_page_set_icon_name (self->no_match_page, "edit-find-symbolic");
      adw_status_page_set_title (self->no_match_page, _("No Requests Found"));
      adw_status_page_set_description (self->no_match_page,
                                       _("No request here has every word you typed, in the "
                                         "names or the notes."));
    }
  else if (filtered)
    {
      adw_status_page_set_icon_name (self->no_match_page, "edit-find-symbolic");
      adw_status_page_set_title (self->no_match_page, _("No Matching Requests"));
      adw_status_page_set_description (self->no_match_page, _("No request matches this filter."));
    }
  else if (chosen_view (self) == CN_REQUEST_VIEW_TO_DO)
    {
      adw_status_page_set_icon_name (self->no_match_page, "emblem-ok-symbolic");
      adw_status_page_set_title (self->no_match_page, _("Nothing Left to Do"));
      adw_status_page_set_description (self->no_match_page,
                                       _("Every request has an answer. The ones you handled are "
                                         "under Handled."));
    }
  else
    {
      adw_status_page_set_icon_name (self->no_match_page, "folder-symbolic");
      adw_status_page_set_title (self->no_match_page, _("Nothing Handled Yet"));
      adw_status_page_set_description (self->no_match_page,
                                       _("Requests you forward, decline or archive come here."));
    }
}

void
_cn_window_inbox_show_all (CnWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->request_search), "");
  gtk_drop_down_set_selected (self->verdict_filter, 0);
  gtk_toggle_button_set_active (self->all_button, TRUE);
}

void
_cn_window_inbox_focus_search (CnWindow *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->request_search));
}

/* Edit. */

static void
open_form (CnWindow *self, gboolean choose_contact)
{
  CnRequest *request = _cn_window_get_selected (self);
  CnNewRequestDialog *dialog;

  if (request == NULL || self->store == NULL)
    return;
  if (self->new_request_dialog != NULL)
    gtk_window_destroy (self->new_request_dialog);
  dialog = cn_new_request_dialog_new_for_edit (GTK_WINDOW (self), self->store, request,
                                               choose_contact);
  _cn_window_watch_request_form (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_request_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  open_form (CN_WINDOW (widget), FALSE);
}

static void
choose_contact_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  open_form (CN_WINDOW (widget), TRUE);
}

/* Delete: the request leaves the list at once, and the store when its Undo
 * is gone (the toast dismissed, the window closed). A process killed
 * meanwhile loses nothing: the request is still there at the next start. */

void
_cn_window_inbox_finish_delete (CnWindow *self)
{
  g_autoptr (GError) error = NULL;
  gint64 id = self->pending_delete_id;

  if (id == 0)
    return;
  self->pending_delete_id = 0;
  if (self->store != NULL && !cn_store_delete_request (self->store, id, &error))
    {
      if (self->requests != NULL)
        cn_request_list_set_hidden (self->requests, id, FALSE);
      _cn_window_toast_error (self, g_strdup_printf (_("Could not delete the request: %s"),
                                                        error->message));
    }
}

static void
on_delete_toast_dismissed_cb (CnWindow *self, AdwToast *toast)
{
  if (g_object_get_data (G_OBJECT (toast), "request-id") != NULL &&
      *(gint64 *) g_object_get_data (G_OBJECT (toast), "request-id") == self->pending_delete_id)
    _cn_window_inbox_finish_delete (self);
}

static void
delete_request_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  CnRequest *request = _cn_window_get_selected (self);
  AdwToast *toast;
  gint64 id;

  if (request == NULL || self->requests == NULL)
    return;
  /* One Undo at a time: an earlier deletion goes through now. */
  _cn_window_inbox_finish_delete (self);
  id = cn_request_get_id (request);
  self->pending_delete_id = id;
  cn_request_list_set_hidden (self->requests, id, TRUE);
  toast = adw_toast_new (_("Request deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete-request");
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "request-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_delete_toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  _cn_window_add_toast (self, toast);
}

static void
undo_delete_request_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  gint64 id = self->pending_delete_id;

  if (id == 0 || self->requests == NULL)
    return;
  self->pending_delete_id = 0;
  cn_request_list_set_hidden (self->requests, id, FALSE);
  _cn_window_select_request (self, id);
}

void
_cn_window_class_init_inbox (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, CnWindow, request_search);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, todo_button);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, handled_button);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, all_button);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, no_match_page);
  gtk_widget_class_bind_template_callback (widget_class, on_view_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_request_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_request_search_stop_cb);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.edit-request", NULL, edit_request_action);
  gtk_widget_class_install_action (widget_class, "win.choose-contact", NULL, choose_contact_action);
  gtk_widget_class_install_action (widget_class, "win.delete-request", NULL, delete_request_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete-request", NULL,
                                   undo_delete_request_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.edit-request", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-view", "s",
                                       "todo");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-view", "s",
                                       "handled");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-view", "s",
                                       "all");
}

/* The inbox opens on what is left to do; Delete on a row of the list
 * deletes that request (with Undo). Called once the store is set. */
void
_cn_window_init_inbox (CnWindow *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete,
                                                                                  0),
                                                          gtk_named_action_new (
                                                              "win.delete-request")));
  gtk_widget_add_controller (GTK_WIDGET (self->request_list_view), shortcuts);
  cn_request_list_set_view (self->requests, chosen_view (self));
}
