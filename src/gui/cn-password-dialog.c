/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-password-dialog.h"

#include "cn-ui-utils.h"

#include <glib/gi18n.h>

struct _CnPasswordDialog
{
  AdwMessageDialog parent_instance;

  GtkEditable *entry;
  GtkCheckButton *remember_check;
};

G_DEFINE_FINAL_TYPE (CnPasswordDialog, cn_password_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
cn_password_dialog_class_init (CnPasswordDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/connecteur/Connecteur/ui/"
                                                             "cn-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CnPasswordDialog, entry);
  gtk_widget_class_bind_template_child (widget_class, CnPasswordDialog, remember_check);
}

static void
cn_password_dialog_init (CnPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cn_entry_rows_name_fields (GTK_WIDGET (self));
}

CnPasswordDialog *
cn_password_dialog_new (
    GtkWindow *parent, const char *server, const char *user, const char *why, gboolean can_remember)
{
  CnPasswordDialog *self;
  g_autofree char *body = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (server != NULL && user != NULL, NULL);

  self = g_object_new (CN_TYPE_PASSWORD_DIALOG, "transient-for", parent, NULL);
  /* Translators: "Type the password of claire@example.com on imap.example.com." */
  body = g_strdup_printf (_("Type the password of %s on %s."), user, server);
  if (why != NULL)
    {
      char *with_why = g_strdup_printf ("%s\n\n%s", why, body);

      g_free (body);
      body = with_why;
    }
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  gtk_widget_set_visible (GTK_WIDGET (self->remember_check), can_remember);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  return self;
}

const char *
cn_password_dialog_get_password (CnPasswordDialog *self)
{
  g_return_val_if_fail (CN_IS_PASSWORD_DIALOG (self), NULL);

  return gtk_editable_get_text (self->entry);
}

gboolean
cn_password_dialog_get_remember (CnPasswordDialog *self)
{
  g_return_val_if_fail (CN_IS_PASSWORD_DIALOG (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->remember_check)) &&
         gtk_check_button_get_active (self->remember_check);
}

void
cn_password_dialog_clear (CnPasswordDialog *self)
{
  g_return_if_fail (CN_IS_PASSWORD_DIALOG (self));

  gtk_editable_set_text (self->entry, "");
  /* GTK 4.8's password entry must not hold the focus when its window goes. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
}
