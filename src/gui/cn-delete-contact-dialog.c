/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-delete-contact-dialog.h"
#include "cn-ui-utils.h"

struct _CnDeleteContactDialog
{
  AdwMessageDialog parent_instance;

  gint64 contact_id;
  GArray *other_ids; /* gint64, in the order of move_to's items */

  GtkDropDown *move_to;
  GtkLabel *move_label;
};

G_DEFINE_FINAL_TYPE (CnDeleteContactDialog, cn_delete_contact_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  DELETE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fill_others (CnDeleteContactDialog *self, GPtrArray *others)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr (GtkExpression)
                 expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gboolean can_move;

  for (guint i = 0; others != NULL && i < others->len; i++)
    {
      CnContact *other = g_ptr_array_index (others, i);
      gint64 id = cn_contact_get_id (other);
      g_autofree char *valid = NULL;

      if (id == self->contact_id)
        continue;
      valid = g_utf8_make_valid (cn_contact_get_name (other), -1);
      gtk_string_list_append (names, valid);
      g_array_append_val (self->other_ids, id);
    }
  gtk_drop_down_set_model (self->move_to, G_LIST_MODEL (names));
  /* Thousands of contacts: typing a name finds it. */
  gtk_drop_down_set_expression (self->move_to, expression);
  can_move = self->other_ids->len > 0;
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "move", can_move);
  gtk_widget_set_sensitive (GTK_WIDGET (self->move_to), can_move);
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
      guint selected = gtk_drop_down_get_selected (self->move_to);

      if (selected >= self->other_ids->len)
        return;
      mode = CN_CONTACT_DELETE_MOVE_REQUESTS;
      move_to = g_array_index (self->other_ids, gint64, selected);
    }
  else
    return;

  g_signal_emit (self, signals[DELETE_CHOSEN], 0, (int) mode, move_to);
}

static void
cn_delete_contact_dialog_finalize (GObject *object)
{
  CnDeleteContactDialog *self = CN_DELETE_CONTACT_DIALOG (object);

  g_clear_pointer (&self->other_ids, g_array_unref);

  G_OBJECT_CLASS (cn_delete_contact_dialog_parent_class)->finalize (object);
}

static void
cn_delete_contact_dialog_class_init (CnDeleteContactDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cn_delete_contact_dialog_finalize;

  signals[DELETE_CHOSEN] = g_signal_new ("delete-chosen", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                         G_TYPE_INT, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-delete-contact-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CnDeleteContactDialog, move_label);
  gtk_widget_class_bind_template_child (widget_class, CnDeleteContactDialog, move_to);
}

static void
cn_delete_contact_dialog_init (CnDeleteContactDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->other_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (self, "response", G_CALLBACK (on_response_cb), NULL);
}

CnDeleteContactDialog *
cn_delete_contact_dialog_new (GtkWindow *parent,
                              CnContact *contact,
                              guint n_requests,
                              GPtrArray *others)
{
  CnDeleteContactDialog *self;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (CN_IS_CONTACT (contact), NULL);

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
  fill_others (self, others);
  return self;
}

gint64
cn_delete_contact_dialog_get_contact_id (CnDeleteContactDialog *self)
{
  g_return_val_if_fail (CN_IS_DELETE_CONTACT_DIALOG (self), 0);

  return self->contact_id;
}
