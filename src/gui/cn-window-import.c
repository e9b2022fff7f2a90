/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

/* Importing into the window's store: files and folders from the chooser, or
 * dropped on the window, read in CnImportDialog. */

#include "cn-import-dialog.h"
#include "cn-ui-utils.h"
#include "cn-window-private.h"

/* Import: files from the chooser or dropped on the window, read in a
 * worker thread by the import dialog, which shows the progress and report. */

static void
on_import_finished_cb (CnWindow *self, CnImportDialog *dialog)
{
  const CnImportReport *report = cn_import_dialog_get_report (dialog);

  if (g_cancellable_is_cancelled (self->cancellable) || report == NULL)
    return;
  /* The lists reloaded with the store's signals; new requests get checked. */
  if (report->requests_added > 0)
    _cn_window_start_analysis (self);
  else if (report->contacts_added > 0)
    adw_view_stack_set_visible_child_name (self->view_stack, "contacts");
  _cn_window_update_page (self);
  _cn_window_actions_update (self);
}

static void
on_chooser_response_cb (CnWindow *self, int response, GtkNativeDialog *chooser)
{
  g_autoptr (GListModel) files = NULL;
  g_autoptr (GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->file_chooser);
  if (array->len > 0)
    _cn_window_import_files (self, (GFile **) array->pdata, array->len);
}

static void
add_filter (GtkFileChooser *chooser, const char *name, const char *const *suffixes)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);
}

/* GTK 4.8 has no GtkFileDialog: the native chooser goes through the portal
 * in a Flatpak, so the app needs no access to the user's files. */
static void
open_import_chooser (CnWindow *self, gboolean folder)
{
  static const char *const all[] = { "csv", "zip", "vcf", "vcard", "eml", "mbox", NULL };
  static const char *const linkedin[] = { "zip", "csv", NULL };
  static const char *const vcard[] = { "vcf", "vcard", NULL };
  static const char *const csv[] = { "csv", NULL };
  static const char *const mail[] = { "eml", "mbox", NULL };
  GtkFileChooserNative *chooser;
  GtkFileFilter *any;

  if (self->store == NULL)
    return;
  if (self->file_chooser != NULL)
    {
      gtk_native_dialog_show (self->file_chooser);
      return;
    }
  chooser = gtk_file_chooser_native_new (folder ? _("Import a LinkedIn Export Folder")
                                                : _("Import Contacts or Requests"),
                                                     GTK_WINDOW (self),
                                                     folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                            : GTK_FILE_CHOOSER_ACTION_OPEN,
                                                     _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (!folder)
    {
      gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
      add_filter (GTK_FILE_CHOOSER (chooser), _("All Supported Files"), all);
      add_filter (GTK_FILE_CHOOSER (chooser), _("LinkedIn Export (.zip, .csv)"), linkedin);
      add_filter (GTK_FILE_CHOOSER (chooser), _("vCard"), vcard);
      add_filter (GTK_FILE_CHOOSER (chooser), _("Contacts CSV (Google, Outlook)"), csv);
      add_filter (GTK_FILE_CHOOSER (chooser), _("E-mail (.eml, mbox)"), mail);
      /* The format is read from the content: any file may be tried. */
      any = gtk_file_filter_new ();
      gtk_file_filter_set_name (any, _("All Files"));
      gtk_file_filter_add_pattern (any, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), any);
      g_object_unref (any);
    }
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->file_chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->file_chooser);
}

static void
import_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  open_import_chooser (CN_WINDOW (widget), FALSE);
}

static void
import_folder_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  open_import_chooser (CN_WINDOW (widget), TRUE);
}

static GdkDragAction
on_drop_enter_cb (CnWindow *self, double x, double y, GtkDropTarget *target)
{
  if (self->store == NULL)
    return 0;
  gtk_widget_set_visible (self->drop_hint, TRUE);
  return GDK_ACTION_COPY;
}

static void
on_drop_leave_cb (CnWindow *self, GtkDropTarget *target)
{
  gtk_widget_set_visible (self->drop_hint, FALSE);
}

static gboolean
on_drop_cb (CnWindow *self, const GValue *value, double x, double y, GtkDropTarget *target)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new ();
  GSList *list;

  gtk_widget_set_visible (self->drop_hint, FALSE);
  if (self->store == NULL || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  if (files->len > 0)
    _cn_window_import_files (self, (GFile **) files->pdata, files->len);
  g_slist_free (list);
  return files->len > 0;
}

void
_cn_window_init_import (CnWindow *self)
{
  self->drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (self->drop_target, "enter", G_CALLBACK (on_drop_enter_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop_target, "leave", G_CALLBACK (on_drop_leave_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop_target, "drop", G_CALLBACK (on_drop_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
}


void
_cn_window_import_files (CnWindow *self, GFile **files, guint n)
{
  CnImportDialog *dialog;

  g_return_if_fail (CN_IS_WINDOW (self));

  if (self->store == NULL || n == 0)
    return;
  if (self->import_dialog != NULL)
    {
      if (cn_import_dialog_is_running (CN_IMPORT_DIALOG (self->import_dialog)))
        {
          adw_toast_overlay_add_toast (self->toast_overlay,
                                       adw_toast_new (_("An import is already running: wait "
                                                        "for it to end, or cancel it.")));
          if (gtk_widget_get_visible (GTK_WIDGET (self->import_dialog)))
            gtk_window_present (self->import_dialog);
          return;
        }
      gtk_window_destroy (self->import_dialog);
    }

  dialog = cn_import_dialog_new (GTK_WINDOW (self), self->store);
  g_signal_connect_object (dialog, "finished", G_CALLBACK (on_import_finished_cb), self,
                           G_CONNECT_SWAPPED);
  self->import_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->import_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  cn_import_dialog_start (dialog, files, n);
}

void
_cn_window_class_init_import (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_folder_action);
}
