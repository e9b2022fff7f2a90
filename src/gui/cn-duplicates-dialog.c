/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-contact.h"
#include "cn-duplicates-dialog.h"
#include "cn-ui-utils.h"

/* One pair of the list and its widgets. */
typedef struct
{
  gint64 existing_id;
  gint64 imported_id;
  GtkWidget *columns;
  GtkWidget *buttons;
  GtkWidget *merge_button;
  GtkWidget *keep_button;
  GtkLabel *status_label;
  GtkBox *contact_boxes[2]; /* existing, imported */
} CnDuplicatePair;

struct _CnDuplicatesDialog
{
  AdwWindow parent_instance;

  CnStore *store;
  GPtrArray *pairs; /* CnDuplicatePair */

  GtkListBox *list_box;
};

G_DEFINE_FINAL_TYPE (CnDuplicatesDialog, cn_duplicates_dialog, ADW_TYPE_WINDOW)

static void
add_line (GtkBox *box, const char *text, const char *style)
{
  GtkWidget *label;

  if (text == NULL || *text == '\0')
    return;
  label = gtk_label_new (NULL);
  cn_label_set_literal (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_box_append (box, label);
}

/* A contact's column: who it is, as the files and the user wrote it. */
static GtkBox *
contact_column (const char *heading, CnContact *contact)
{
  GtkBox *box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 2));
  GtkWidget *title = gtk_label_new (heading);

  gtk_widget_set_hexpand (GTK_WIDGET (box), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_widget_add_css_class (title, "dim-label");
  gtk_box_append (box, title);
  add_line (box, cn_contact_get_name (contact), "heading");
  add_line (box, cn_contact_get_company (contact), NULL);
  add_line (box, cn_contact_get_position (contact), NULL);
  add_line (box, cn_contact_get_email (contact), "dim-label");
  return box;
}

static void
pair_set_status (CnDuplicatePair *pair, const char *status, gboolean done)
{
  cn_label_set_literal (pair->status_label, status);
  gtk_widget_set_visible (GTK_WIDGET (pair->status_label), TRUE);
  if (done)
    {
      /* Decided: nothing more to click, and the row recedes. */
      gtk_widget_set_visible (pair->merge_button, FALSE);
      gtk_widget_set_visible (pair->keep_button, FALSE);
      gtk_widget_set_sensitive (pair->columns, FALSE);
    }
}

static void
on_merge_clicked_cb (GtkButton *button, CnDuplicatesDialog *self)
{
  CnDuplicatePair *pair = g_object_get_data (G_OBJECT (button), "cn-pair");
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (!cn_store_merge_contacts (self->store, pair->existing_id, pair->imported_id, &error))
    {
      /* Translators: %s says why */
      message = g_strdup_printf (_("Could not merge: %s"), error->message);
      pair_set_status (pair, message, FALSE);
      return;
    }
  pair_set_status (pair, C_("duplicate", "Merged"), TRUE);
}

static void
on_keep_clicked_cb (GtkButton *button, CnDuplicatesDialog *self)
{
  pair_set_status (g_object_get_data (G_OBJECT (button), "cn-pair"), C_("duplicate", "Kept both"),
                                                                         TRUE);
}

static GtkWidget *
pair_button (CnDuplicatesDialog *self,
             CnDuplicatePair *pair,
             const char *label,
             const char *accessible,
             GCallback callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data (G_OBJECT (button), "cn-pair", pair);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static void
cn_duplicates_dialog_add_pair (CnDuplicatesDialog *self,
                               const CnImportDuplicate *duplicate,
                               CnContact *existing,
                               CnContact *imported)
{
  CnDuplicatePair *pair = g_new0 (CnDuplicatePair, 1);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkBox *box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 10));
  g_autofree char *name = g_utf8_make_valid (cn_contact_get_name (imported), -1);
  g_autofree char *merge_name = NULL;
  g_autofree char *keep_name = NULL;

  pair->existing_id = duplicate->existing_id;
  pair->imported_id = duplicate->imported_id;
  g_ptr_array_add (self->pairs, pair);

  gtk_widget_set_margin_start (GTK_WIDGET (box), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (box), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (box), 10);
  gtk_widget_set_margin_bottom (GTK_WIDGET (box), 10);

  pair->columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  gtk_box_set_homogeneous (GTK_BOX (pair->columns), TRUE);
  pair->contact_boxes[0] = contact_column (_("In Connecteur"), existing);
  pair->contact_boxes[1] = contact_column (_("Imported"), imported);
  gtk_box_append (GTK_BOX (pair->columns), GTK_WIDGET (pair->contact_boxes[0]));
  gtk_box_append (GTK_BOX (pair->columns), GTK_WIDGET (pair->contact_boxes[1]));
  gtk_box_append (box, pair->columns);
  add_line (box, duplicate->reason, "dim-label");

  pair->buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (pair->buttons, GTK_ALIGN_END);
  pair->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_visible (GTK_WIDGET (pair->status_label), FALSE);
  gtk_label_set_wrap (pair->status_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (pair->status_label), "heading");
  /* Translators: %s is a contact's name (accessible name of the button) */
  keep_name = g_strdup_printf (_("Keep both contacts named %s"), name);
  /* Translators: %s is a contact's name (accessible name of the button) */
  merge_name = g_strdup_printf (_("Merge the two contacts named %s"), name);
  pair->keep_button = pair_button (self, pair,
                                   _("_Keep Both"), keep_name, G_CALLBACK (on_keep_clicked_cb));
  pair->merge_button = pair_button (self, pair,
                                    _("_Merge"), merge_name, G_CALLBACK (on_merge_clicked_cb));
  gtk_widget_add_css_class (pair->merge_button, "suggested-action");
  gtk_box_append (GTK_BOX (pair->buttons), GTK_WIDGET (pair->status_label));
  gtk_box_append (GTK_BOX (pair->buttons), pair->keep_button);
  gtk_box_append (GTK_BOX (pair->buttons), pair->merge_button);
  gtk_box_append (box, pair->buttons);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), GTK_WIDGET (box));
  gtk_list_box_append (self->list_box, row);
}

static void
cn_duplicates_dialog_dispose (GObject *object)
{
  CnDuplicatesDialog *self = CN_DUPLICATES_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_DUPLICATES_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cn_duplicates_dialog_parent_class)->dispose (object);
}

static void
cn_duplicates_dialog_finalize (GObject *object)
{
  CnDuplicatesDialog *self = CN_DUPLICATES_DIALOG (object);

  g_clear_pointer (&self->pairs, g_ptr_array_unref);

  G_OBJECT_CLASS (cn_duplicates_dialog_parent_class)->finalize (object);
}

static void
cn_duplicates_dialog_class_init (CnDuplicatesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_duplicates_dialog_dispose;
  object_class->finalize = cn_duplicates_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-duplicates-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CnDuplicatesDialog, list_box);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cn_duplicates_dialog_init (CnDuplicatesDialog *self)
{
  self->pairs = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

CnDuplicatesDialog *
cn_duplicates_dialog_new (GtkWindow *parent, CnStore *store, GPtrArray *duplicates)
{
  CnDuplicatesDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_DUPLICATES_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  for (guint i = 0; duplicates != NULL && i < duplicates->len; i++)
    {
      const CnImportDuplicate *duplicate = g_ptr_array_index (duplicates, i);
      g_autoptr (CnContact) existing = cn_store_get_contact (store, duplicate->existing_id, NULL);
      g_autoptr (CnContact) imported = cn_store_get_contact (store, duplicate->imported_id, NULL);

      if (existing != NULL && imported != NULL)
        cn_duplicates_dialog_add_pair (self, duplicate, existing, imported);
    }
  return self;
}

char *
_cn_duplicates_dialog_dup_contact_text (CnDuplicatesDialog *self, guint index, gboolean existing)
{
  CnDuplicatePair *pair;
  GString *text;
  GtkWidget *child;

  g_return_val_if_fail (CN_IS_DUPLICATES_DIALOG (self), NULL);
  g_return_val_if_fail (index < self->pairs->len, NULL);

  pair = g_ptr_array_index (self->pairs, index);
  text = g_string_new (NULL);
  child = gtk_widget_get_first_child (GTK_WIDGET (pair->contact_boxes[existing ? 0 : 1]));

  /* The first label is the column's heading. */
  for (child = gtk_widget_get_next_sibling (child); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
  return g_string_free (text, FALSE);
}
