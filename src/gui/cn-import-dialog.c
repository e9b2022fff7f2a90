/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-duplicates-dialog.h"
#include "cn-import-dialog.h"
#include "cn-ui-utils.h"

/* An export can have thousands of bad rows: the first ones are listed, all
 * of them can be copied. */
#define MAX_REJECTIONS_SHOWN 500

struct _CnImportDialog
{
  AdwWindow parent_instance;

  CnStore *store;
  GStrv paths;
  GCancellable *cancellable; /* set while running */
  CnImportReport *report;
  gboolean close_when_done; /* closed while running: goes once the import stops */
  gboolean disposed;
  GtkWindow *duplicates_dialog; /* weak */

  /* Template widgets */
  GtkButton *cancel_button;
  GtkWidget *close_button;
  GtkLabel *contacts_added_label;
  GtkLabel *contacts_unchanged_label;
  GtkLabel *contacts_updated_label;
  AdwPreferencesGroup *contacts_group;
  AdwPreferencesGroup *duplicates_group;
  AdwActionRow *duplicates_row;
  GtkLabel *files_label;
  GtkProgressBar *progress_bar;
  GtkLabel *progress_label;
  AdwPreferencesGroup *rejections_group;
  GtkListBox *rejections_list;
  GtkLabel *rejections_more_label;
  GtkWidget *report_buttons;
  GtkLabel *report_description;
  GtkImage *report_icon;
  GtkLabel *report_title;
  GtkLabel *requests_added_label;
  GtkLabel *requests_skipped_label;
  AdwPreferencesGroup *requests_group;
  GtkWidget *review_button;
  GtkStack *stack;
};

G_DEFINE_FINAL_TYPE (CnImportDialog, cn_import_dialog, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cn_import_dialog_actions_update (CnImportDialog *self)
{
  gboolean running = self->cancellable != NULL;
  gboolean has_report = self->report != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel",
                                 running && !g_cancellable_is_cancelled (self->cancellable));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.review-duplicates",
                                 has_report && self->report->duplicates != NULL &&
                                     self->report->duplicates->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.copy-rejections",
                                 has_report && self->report->rejections != NULL &&
                                     self->report->rejections->len > 0);
}

/* "Connections.csv, line 12", or the file alone for what concerns all of it. */
static char *
describe_place (const CnImportRejection *rejection)
{
  const char *file = rejection->file ? rejection->file : "";

  if (rejection->line == 0)
    return g_strdup (file);
  /* Translators: where a rejected row is: a file name and a line number */
  return g_strdup_printf (_("%s, line %u"), file, rejection->line);
}

/* File names and reasons are literal text the user may want to copy. */
static GtkWidget *
literal_label (const char *text)
{
  GtkWidget *label = gtk_label_new (NULL);

  cn_label_set_literal (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  return label;
}

static GtkWidget *
rejection_row (const CnImportRejection *rejection)
{
  g_autofree char *place = describe_place (rejection);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *place_label = literal_label (place);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_add_css_class (place_label, "caption");
  gtk_widget_add_css_class (place_label, "dim-label");
  gtk_box_append (GTK_BOX (box), place_label);
  gtk_box_append (GTK_BOX (box), literal_label (rejection->reason));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
set_count (GtkLabel *label, guint count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);

  gtk_label_set_text (label, text);
}

/* The names of the files, for the progress and the report. */
static char *
describe_files (CnImportDialog *self)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; self->paths != NULL && self->paths[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (self->paths[i]);

      if (i > 0)
        /* Translators: between file names in a list */
        g_string_append (text, _(", "));
      g_string_append (text, base);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_outcome (CnImportDialog *self, const char *icon, const char *title, const char *description)
{
  gtk_image_set_from_icon_name (self->report_icon, icon);
  gtk_label_set_text (self->report_title, title);
  cn_label_set_literal (self->report_description, description);
  /* Focus on Close before Cancel goes away: else it would land on the
   * selectable text and select it all. */
  gtk_widget_set_visible (self->report_buttons, TRUE);
  gtk_widget_grab_focus (self->close_button);
  gtk_stack_set_visible_child_name (self->stack, "report");
  gtk_label_select_region (self->report_description, 0, 0);
}

/* Nothing was written: the counts and lists do not apply. */
static void
show_message (CnImportDialog *self, const char *icon, const char *title, const char *description)
{
  gtk_widget_set_visible (GTK_WIDGET (self->contacts_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->requests_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->rejections_group), FALSE);
  show_outcome (self, icon, title, description);
}

static void
show_rejections (CnImportDialog *self, GPtrArray *rejections)
{
  guint n = rejections ? rejections->len : 0;
  g_autofree char *title = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->rejections_group), n > 0);
  if (n == 0)
    return;
  title = g_strdup_printf (ngettext ("%u rejected row", "%u rejected rows", n), n);
  adw_preferences_group_set_title (self->rejections_group, title);
  for (guint i = 0; i < n && i < MAX_REJECTIONS_SHOWN; i++)
    gtk_list_box_append (self->rejections_list, rejection_row (g_ptr_array_index (rejections, i)));
  if (n > MAX_REJECTIONS_SHOWN)
    {
      g_autofree char *more = NULL;

      /* Translators: %u is how many rejected rows are not listed */
      more = g_strdup_printf (ngettext ("And %u more: copy the list to see them all.",
                                        "And %u more: copy the list to see them all.",
                                        n - MAX_REJECTIONS_SHOWN),
                              n - MAX_REJECTIONS_SHOWN);
      gtk_label_set_text (self->rejections_more_label, more);
      gtk_widget_set_visible (GTK_WIDGET (self->rejections_more_label), TRUE);
    }
}

static void
show_report (CnImportDialog *self, const CnImportReport *report)
{
  guint contacts = report->contacts_added + report->contacts_updated + report->contacts_unchanged;
  guint requests = report->requests_added + report->requests_skipped;
  guint duplicates = report->duplicates ? report->duplicates->len : 0;
  gboolean changed = report->contacts_added + report->contacts_updated + report->requests_added > 0;
  g_autofree char *files = describe_files (self);

  set_count (self->contacts_added_label, report->contacts_added);
  set_count (self->contacts_updated_label, report->contacts_updated);
  set_count (self->contacts_unchanged_label, report->contacts_unchanged);
  set_count (self->requests_added_label, report->requests_added);
  set_count (self->requests_skipped_label, report->requests_skipped);
  /* Mail brings requests only, a vCard contacts only: show what applies. */
  gtk_widget_set_visible (GTK_WIDGET (self->contacts_group), contacts > 0 || requests == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->requests_group), requests > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_group), duplicates > 0);
  if (duplicates > 0)
    {
      g_autofree char *title =
          g_strdup_printf (ngettext ("%u imported contact may be someone already in Connecteur",
                                     "%u imported contacts may be people already in Connecteur",
                                     duplicates),
                           duplicates);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->duplicates_row), title);
    }
  show_rejections (self, report->rejections);

  if (changed)
    show_outcome (self, "object-select-symbolic", _("Import Complete"), files);
  else
    show_outcome (self, "object-select-symbolic", _("Nothing New to Import"), files);
}

/* The error in words, naming the file when the message does not already. */
static char *
describe_error (CnImportDialog *self, const GError *error)
{
  g_autofree char *first = NULL;

  for (guint i = 0; self->paths != NULL && self->paths[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (self->paths[i]);

      if (strstr (error->message, base) != NULL)
        return g_strdup (error->message);
    }
  if (self->paths == NULL || self->paths[0] == NULL || self->paths[1] != NULL)
    return g_strdup (error->message);
  first = g_path_get_basename (self->paths[0]);
  /* Translators: a file name, then what is wrong with it */
  return g_strdup_printf (_("%s: %s"), first, error->message);
}

static void
show_error (CnImportDialog *self, const GError *error)
{
  g_autofree char *message = describe_error (self, error);
  g_autofree char *text = NULL;

  /* Translators: %s is the error, which names the file */
  text = g_strdup_printf (_("%s\n\nNothing was imported: your contacts and requests are as they "
                            "were."),
                             message);
  show_message (self, "dialog-error-symbolic", _("Import Failed"), text);
}

static void
on_progress_cb (double fraction, gpointer data)
{
  CnImportDialog *self = data;

  if (self->disposed)
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  /* The run reads in its first half and writes in the second. */
  if (fraction >= 0.5 && !g_cancellable_is_cancelled (self->cancellable))
    gtk_label_set_text (self->progress_label, _("Saving…"));
}

static void
on_import_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (CnImportDialog) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CnImportReport) report = cn_import_run_finish (result, &error);

  g_clear_object (&self->cancellable);
  if (self->disposed)
    return;
  if (report != NULL)
    {
      self->report = g_steal_pointer (&report);
      show_report (self, self->report);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_message (self, "process-stop-symbolic",
                  _("Import Cancelled"), _("Import cancelled: nothing was changed."));
  else
    show_error (self, error);
  cn_import_dialog_actions_update (self);

  g_signal_emit (self, signals[FINISHED], 0);
  if (self->close_when_done)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnImportDialog *self = CN_IMPORT_DIALOG (widget);

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  gtk_label_set_text (self->progress_label, _("Cancelling…"));
  cn_import_dialog_actions_update (self);
}

/* Escape stops a running import, else closes. */
static gboolean
escape_cb (GtkWidget *widget, GVariant *args, gpointer data)
{
  CnImportDialog *self = CN_IMPORT_DIALOG (widget);

  if (self->cancellable != NULL)
    cancel_action (widget, NULL, NULL);
  else
    gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

/* Closing while it runs cancels; the dialog goes once the import stopped,
 * so that the window hears the end. */
static gboolean
on_close_request_cb (GtkWindow *window, gpointer data)
{
  CnImportDialog *self = CN_IMPORT_DIALOG (window);

  if (self->cancellable == NULL)
    return FALSE;
  self->close_when_done = TRUE;
  cancel_action (GTK_WIDGET (self), NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  return TRUE;
}

static void
review_duplicates_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnImportDialog *self = CN_IMPORT_DIALOG (widget);
  CnDuplicatesDialog *dialog;

  if (self->report == NULL)
    return;
  if (self->duplicates_dialog != NULL)
    {
      gtk_window_present (self->duplicates_dialog);
      return;
    }
  dialog = cn_duplicates_dialog_new (GTK_WINDOW (self), self->store, self->report->duplicates);
  self->duplicates_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->duplicates_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
copy_rejections_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnImportDialog *self = CN_IMPORT_DIALOG (widget);
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; self->report != NULL && i < self->report->rejections->len; i++)
    {
      const CnImportRejection *rejection = g_ptr_array_index (self->report->rejections, i);
      g_autofree char *place = describe_place (rejection);

      g_string_append_printf (text, "%s\t%s\n", place, rejection->reason ? rejection->reason : "");
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text->str);
}

static void
cn_import_dialog_dispose (GObject *object)
{
  CnImportDialog *self = CN_IMPORT_DIALOG (object);

  /* The worker rolls back; its callback finds the dialog gone. */
  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->duplicates_dialog != NULL)
    gtk_window_destroy (self->duplicates_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cn_import_dialog_parent_class)->dispose (object);
}

static void
cn_import_dialog_finalize (GObject *object)
{
  CnImportDialog *self = CN_IMPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->report, cn_import_report_free);
  g_strfreev (self->paths);

  G_OBJECT_CLASS (cn_import_dialog_parent_class)->finalize (object);
}

static void
cn_import_dialog_class_init (CnImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_import_dialog_dispose;
  object_class->finalize = cn_import_dialog_finalize;

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, contacts_added_label);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, contacts_group);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, contacts_unchanged_label);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, contacts_updated_label);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, duplicates_group);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, duplicates_row);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, files_label);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, rejections_group);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, rejections_list);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, rejections_more_label);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, report_buttons);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, report_description);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, report_icon);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, report_title);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, requests_added_label);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, requests_group);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, requests_skipped_label);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, review_button);
  gtk_widget_class_bind_template_child (widget_class, CnImportDialog, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_close_request_cb);

  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "import.review-duplicates", NULL,
                                   review_duplicates_action);
  gtk_widget_class_install_action (widget_class, "import.copy-rejections", NULL,
                                   copy_rejections_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
}

static void
cn_import_dialog_init (CnImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cn_import_dialog_actions_update (self);
}

CnImportDialog *
cn_import_dialog_new (GtkWindow *parent, CnStore *store)
{
  CnImportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  return self;
}

void
cn_import_dialog_start (CnImportDialog *self, GFile **files, guint n_files)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *names = NULL;

  g_return_if_fail (CN_IS_IMPORT_DIALOG (self));
  g_return_if_fail (self->cancellable == NULL && self->paths == NULL);

  for (guint i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);

      if (path == NULL)
        {
          g_autofree char *name = g_file_get_parse_name (files[i]);
          g_autofree char *text = NULL;

          /* Translators: %s is a file's address */
          text = g_strdup_printf (_("“%s” is not a file on this computer: download it first, "
                                    "then import it.\n\nNothing was imported."),
                                     name);
          show_message (self, "dialog-error-symbolic", _("Import Failed"), text);
          g_signal_emit (self, signals[FINISHED], 0);
          return;
        }
      g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);
  self->paths = (GStrv) g_ptr_array_steal (paths, NULL);

  names = describe_files (self);
  cn_label_set_literal (self->files_label, names);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  gtk_widget_set_visible (self->report_buttons, FALSE);
  self->cancellable = g_cancellable_new ();
  cn_import_dialog_actions_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
  cn_import_run_async (self->store, CN_IMPORT_FORMAT_UNKNOWN, (const char *const *) self->paths,
                       self->cancellable, on_progress_cb, self, on_import_done_cb,
                       g_object_ref (self));
}

gboolean
cn_import_dialog_is_running (CnImportDialog *self)
{
  g_return_val_if_fail (CN_IS_IMPORT_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}

const CnImportReport *
cn_import_dialog_get_report (CnImportDialog *self)
{
  g_return_val_if_fail (CN_IS_IMPORT_DIALOG (self), NULL);

  return self->report;
}

char *
_cn_import_dialog_dup_rejection (CnImportDialog *self, guint index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->rejections_list, index);
  GtkWidget *box;
  GtkWidget *first;

  if (row == NULL)
    return NULL;
  box = gtk_list_box_row_get_child (row);
  first = gtk_widget_get_first_child (box);
  return g_strdup_printf ("%s\n%s", gtk_label_get_text (GTK_LABEL (first)),
                          gtk_label_get_text (GTK_LABEL (gtk_widget_get_next_sibling (first))));
}
