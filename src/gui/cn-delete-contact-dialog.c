/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-contact-picker.h"
#include "cn-delete-contact-dialog.h"
#include "cn-ui-utils.h"

struct _CnDeleteContactDialog
{
  AdwMessageDialog parent_instance;

  gint64 contact_id;

  CnContactPicker *move_to;
  GtkLabel *move_label;
};

G_DEFINE_FINAL_TYPE (CnDeleteContactDialog, cn_delete_contact_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  DELETE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Move waits until the user picks a contact: none is chosen for them. */
static void
on_move_to_changed_cb (CnDeleteContactDialog *self)
{
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "move",
                                           cn_contact_picker_get_contact_id (self->move_to) != 0);
}

static void
on_response_cb (CnDeleteContactDialog *self, const char *response)
{
  CnContactDeleteMode mode;
  gint64 move_to = 0;

  if (g_strcmp0 (response, "keep") == 0)
    mode = CN_CONTACT_DELETE_KEEP_REQUESTS;
  else if (g_strcmp0 (response, "delete") == 0)
    mode = CN_CONTACT_DELETE_WITH_REQUESTS;
  else if (g_strcmp0 (response, "move") == 0)
    {
      move_to = cn_contact_picker_get_contact_id (self->move_to);
      if (move_to == 0)
        return;
      mode = CN_CONTACT_DELETE_MOVE_REQUESTS;
    }
  else
    return;

  g_signal_emit (self, signals[DELETE_CHOSEN], 0, (int) mode, move_to);
}

static void
cn_delete_contact_dialog_class_init (CnDeleteContactDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (CN_TYPE_CONTACT_PICKER);

  signals[DELETE_CHOSEN] = g_signal_new ("delete-chosen", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                         G_TYPE_INT, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-delete-contact-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CnDeleteContactDialog, move_label);
  gtk_widget_class_bind_template_child (widget_class, CnDeleteContactDialog, move_to);
  gtk_widget_class_bind_template_callback (widget_class, on_move_to_changed_cb);
}

static void
cn_delete_contact_dialog_init (CnDeleteContactDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  on_move_to_changed_cb (self);
  g_signal_connect (self, "response", G_CALLBACK (on_response_cb), NULL);
}

CnDeleteContactDialog *
cn_delete_contact_dialog_new (GtkWindow *parent,
                              CnContact *contact,
                              guint n_requests,
                              GListModel *others)
{
  CnDeleteContactDialog *self;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (CN_IS_CONTACT (contact), NULL);
  g_return_val_if_fail (others == NULL || G_IS_LIST_MODEL (others), NULL);

  self = g_object_new (CN_TYPE_DELETE_CONTACT_DIALOG, "transient-for", parent, NULL);
  self->contact_id = cn_contact_get_id (contact);
  name = cn_ui_name (cn_contact_get_name (contact));
  /* The body is plain text: the name is shown as it is. */
  body = g_strdup_printf (ngettext ("%s is the contact of %u request. Keep it without a contact, "
                                    "move it to another contact, or delete it with its history?",
                                    "%s is the contact of %u requests. Keep them without a "
                                    "contact, move them to another contact, or delete them with "
                                    "their history?",
                                    n_requests),
                          name, n_requests);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  cn_contact_picker_set_excluded_id (self->move_to, self->contact_id);
  cn_contact_picker_set_contacts (self->move_to, others);
  return self;
}

gint64
cn_delete_contact_dialog_get_contact_id (CnDeleteContactDialog *self)
{
  g_return_val_if_fail (CN_IS_DELETE_CONTACT_DIALOG (self), 0);

  return self->contact_id;
}
