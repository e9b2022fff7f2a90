/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-backup.h"
#include "cn-data-page.h"
#include "cn-ui-utils.h"

struct _CnDataPage
{
  AdwPreferencesPage parent_instance;

  CnStore *store;
  GCancellable *cancellable; /* the running export or restore */
  GtkNativeDialog *chooser;

  GtkButton *cancel_button;
  GtkButton *export_button;
  GtkProgressBar *progress_bar;
  AdwActionRow *progress_row;
  GtkButton *restore_button;
};

G_DEFINE_FINAL_TYPE (CnDataPage, cn_data_page, ADW_TYPE_PREFERENCES_PAGE)

/* One export or restore, from its start to its callback. */
typedef struct
{
  CnDataPage *self; /* a reference */
  char *path;       /* the file written, or the copy restored */
  char *safety;     /* a restore: what it replaced */
  gboolean undo;    /* a restore that undoes the last one */
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->self);
  g_free (job->path);
  g_free (job->safety);
  g_free (job);
}

static Job *
job_new (CnDataPage *self, const char *path)
{
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->path = g_strdup (path);
  return job;
}

static GtkWindow *
parent_window (CnDataPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
add_toast (CnDataPage *self, AdwToast *toast)
{
  GtkWindow *window = parent_window (self);

  if (ADW_IS_PREFERENCES_WINDOW (window))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
show_error (CnDataPage *self, const char *heading, const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading, NULL);

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* @what: the work shown (NULL: idle); @can_cancel: whether it can stop. */
static void
set_busy (CnDataPage *self, const char *what, gboolean can_cancel)
{
  gboolean busy = what != NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button),
                            !busy && !cn_store_is_read_only (self->store));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_row), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), can_cancel);
  if (busy)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->progress_row), what);
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
    }
  else
    g_clear_object (&self->cancellable);
}

static char *
display_basename (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  return g_filename_display_name (base);
}

/* Export */

static void
on_export_progress_cb (double fraction, gpointer user_data)
{
  CnDataPage *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

static void
on_exported_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Job *job = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = display_basename (job->path);
  g_autofree char *text = NULL;

  set_busy (job->self, NULL, FALSE);
  if (!cn_backup_export_finish (CN_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (job->self, _("Nothing Exported"), error);
    }
  else
    {
      /* Translators: %s is the name of the file written */
      text = g_strdup_printf (_("Everything was saved in “%s”"), name);
      add_toast (job->self, cn_toast_new_literal (text));
    }
  job_free (job);
}

void
_cn_data_page_export_to (CnDataPage *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  g_return_if_fail (CN_IS_DATA_PAGE (self));
  if (path == NULL || self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  set_busy (self, _("Exporting…"), TRUE);
  cn_backup_export_async (self->store, path, self->cancellable, on_export_progress_cb, self,
                          on_exported_cb, job_new (self, path));
}

static void
on_export_chosen_cb (CnDataPage *self, int response, GtkNativeDialog *chooser)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
  if (file != NULL)
    _cn_data_page_export_to (self, file);
}

/* GTK 4.8 has no GtkFileDialog: the native chooser goes through the portal
 * in a Flatpak, which gives the app the one file chosen. */
static void
on_export_clicked_cb (CnDataPage *self, GtkButton *button)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export Everything"), parent_window (self),
                                            GTK_FILE_CHOOSER_ACTION_SAVE,
                                            _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: the suggested name of an export; %s is today's date */
  name = g_strdup_printf (_("Connecteur copy %s.db"), date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* Restore */

static void restore_from (CnDataPage *self, const char *path, gboolean undo);

static void
on_undo_restore_cb (CnDataPage *self, AdwToast *toast)
{
  const char *safety = g_object_get_data (G_OBJECT (toast), "cn-safety");

  restore_from (self, safety, TRUE);
}

static void
on_restored_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Job *job = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = display_basename (job->path);
  g_autofree char *text = NULL;
  AdwToast *toast;

  set_busy (job->self, NULL, FALSE);
  if (!cn_backup_restore_finish (CN_STORE (source), result, &error))
    show_error (job->self, job->undo ? _("Restore Not Undone") : _("Nothing Restored"), error);
  else if (job->undo)
    add_toast (job->self, adw_toast_new (_("Restore undone")));
  else
    {
      /* Translators: %s is the name of the copy restored */
      text = g_strdup_printf (_("Restored from “%s”"), name);
      toast = cn_toast_new_literal (text);
      adw_toast_set_button_label (toast, _("_Undo"));
      g_object_set_data_full (G_OBJECT (toast), "cn-safety", g_strdup (job->safety), g_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_restore_cb), job->self,
                               G_CONNECT_SWAPPED);
      add_toast (job->self, toast);
    }
  job_free (job);
}

static void
restore_from (CnDataPage *self, const char *path, gboolean undo)
{
  Job *job;

  if (self->cancellable != NULL)
    return;
  job = job_new (self, path);
  job->safety = cn_backup_safety_path (cn_store_get_path (self->store));
  job->undo = undo;
  self->cancellable = g_cancellable_new ();
  /* One transaction: it cannot stop halfway, so it offers no Cancel. */
  set_busy (self, undo ? _("Undoing the restore…") : _("Restoring…"), FALSE);
  gtk_progress_bar_pulse (self->progress_bar);
  cn_backup_restore_async (self->store, job->path, job->safety, self->cancellable, on_restored_cb,
                           job);
}

void
_cn_data_page_restore_from (CnDataPage *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  g_return_if_fail (CN_IS_DATA_PAGE (self));
  if (path != NULL)
    restore_from (self, path, FALSE);
}

static void
on_restore_confirmed_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  CnDataPage *self = CN_DATA_PAGE (user_data);
  GFile *file = g_object_get_data (G_OBJECT (dialog), "cn-file");

  if (g_strcmp0 (response, "replace") == 0)
    _cn_data_page_restore_from (self, file);
}

static void
on_restore_chosen_cb (CnDataPage *self, int response, GtkNativeDialog *chooser)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL)
    return;
  /* Said at once, before asking anything. */
  if (!cn_backup_check_file (path, &error))
    {
      show_error (self, _("Nothing Restored"), error);
      return;
    }

  name = display_basename (path);
  dialog = adw_message_dialog_new (parent_window (self), _("Replace Everything?"), NULL);
  /* Translators: %s is the name of the copy */
  body = g_strdup_printf (_("Your contacts, requests and their history will be replaced by "
                            "those in “%s”. What they replace is kept, so you can undo it."),
                             name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel",
                                    _("_Cancel"), "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cn-file", g_steal_pointer (&file), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_restore_confirmed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_restore_clicked_cb (CnDataPage *self, GtkButton *button)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  if (self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Restore From a Copy"), parent_window (self),
                                            GTK_FILE_CHOOSER_ACTION_OPEN,
                                            _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Connecteur Copies"));
  gtk_file_filter_add_suffix (filter, "db");
  gtk_file_filter_add_suffix (filter, "backup");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_restore_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
on_cancel_clicked_cb (CnDataPage *self, GtkButton *button)
{
  g_cancellable_cancel (self->cancellable);
}

static void
cn_data_page_dispose (GObject *object)
{
  CnDataPage *self = CN_DATA_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_DATA_PAGE);
  G_OBJECT_CLASS (cn_data_page_parent_class)->dispose (object);
}

static void
cn_data_page_class_init (CnDataPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_data_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cn-data-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CnDataPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CnDataPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, CnDataPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CnDataPage, progress_row);
  gtk_widget_class_bind_template_child (widget_class, CnDataPage, restore_button);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_restore_clicked_cb);
}

static void
cn_data_page_init (CnDataPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CnDataPage *
cn_data_page_new (CnStore *store)
{
  CnDataPage *self;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_DATA_PAGE, NULL);
  self->store = g_object_ref (store);
  /* Nothing can be restored into a file that may not be written. */
  if (cn_store_is_read_only (store))
    gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), FALSE);
  return self;
}

gboolean
_cn_data_page_is_busy (CnDataPage *self)
{
  g_return_val_if_fail (CN_IS_DATA_PAGE (self), FALSE);
  return self->cancellable != NULL;
}
