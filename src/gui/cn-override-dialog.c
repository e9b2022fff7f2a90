/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-override-dialog.h"

struct _CnOverrideDialog
{
  AdwMessageDialog parent_instance;

  CnStep step;

  GtkEntry *entry;
};

G_DEFINE_FINAL_TYPE (CnOverrideDialog, cn_override_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  CONFIRMED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_reason (CnOverrideDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
}

static void
on_entry_changed_cb (CnOverrideDialog *self, GtkEditable *editable)
{
  g_autofree char *reason = dup_reason (self);

  /* A blank reason tells nothing later: it is required. */
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "override", *reason != '\0');
}

/* Enter confirms, as the default response would, when a reason is written. */
static void
on_entry_activate_cb (CnOverrideDialog *self, GtkEntry *entry)
{
  g_autofree char *reason = dup_reason (self);

  if (*reason == '\0')
    return;
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "override");
  gtk_window_close (GTK_WINDOW (self));
}

static void
cn_override_dialog_response (AdwMessageDialog *dialog, const char *response)
{
  CnOverrideDialog *self = CN_OVERRIDE_DIALOG (dialog);
  g_autofree char *reason = dup_reason (self);

  if (g_strcmp0 (response, "override") == 0 && *reason != '\0')
    g_signal_emit (self, signals[CONFIRMED], 0, (int) self->step, reason);
}

static void
cn_override_dialog_class_init (CnOverrideDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  dialog_class->response = cn_override_dialog_response;

  signals[CONFIRMED] = g_signal_new ("confirmed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-override-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CnOverrideDialog, entry);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);
}

static void
cn_override_dialog_init (CnOverrideDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CnOverrideDialog *
cn_override_dialog_new (GtkWindow *parent,
                        CnStep step,
                        const char *step_title,
                        const char *why_blocked)
{
  CnOverrideDialog *self;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *why = g_utf8_make_valid (why_blocked ? why_blocked : "", -1);

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CN_TYPE_OVERRIDE_DIALOG, "transient-for", parent, NULL);
  self->step = step;
  /* Translators: %s is a verification step, e.g. "Motivation" */
  heading = g_strdup_printf (_("Override “%s”?"), step_title);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  /* Translators: %s says why the step is blocked */
  body = g_strdup_printf (_("This step is blocked: %s. You can still forward the request if "
                            "you have a good reason; it counts only for this request."),
                             why);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  return self;
}

CnStep
cn_override_dialog_get_step (CnOverrideDialog *self)
{
  g_return_val_if_fail (CN_IS_OVERRIDE_DIALOG (self), CN_STEP_MOTIVATION);

  return self->step;
}
