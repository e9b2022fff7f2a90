/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-contact.h"
#include "cn-duplicates-dialog.h"
#include "cn-ui-utils.h"

/* One pair of the list: what it is and what became of it. Its widgets are
 * its row's while it is bound: rows are recycled, so only the pairs on show
 * have widgets, and thousands of pairs open at once. */
typedef struct
{
  gint64 existing_id;
  gint64 imported_id;
  char *reason;
  gboolean loaded;
  CnContact *contacts[2]; /* existing, imported; NULL when gone */
  char *status;           /* NULL: not decided */
  gboolean done;
  GtkWidget *row; /* while bound */
} CnDuplicatePair;

/* The widgets of a row, made once per recycled row. */
typedef struct
{
  GtkWidget *columns;
  GtkLabel *lines[2][4]; /* per contact: name, company, position, e-mail */
  GtkLabel *reason_label;
  GtkLabel *status_label;
  GtkWidget *keep_button;
  GtkWidget *merge_button;
} PairRow;

struct _CnDuplicatesDialog
{
  AdwWindow parent_instance;

  CnStore *store;
  GPtrArray *pairs;    /* CnDuplicatePair */
  GtkStringList *keys; /* the list's items: each pair's index */

  GtkListView *list_view;
};

G_DEFINE_FINAL_TYPE (CnDuplicatesDialog, cn_duplicates_dialog, ADW_TYPE_WINDOW)

static void
pair_free (CnDuplicatePair *pair)
{
  g_free (pair->reason);
  g_free (pair->status);
  g_clear_object (&pair->contacts[0]);
  g_clear_object (&pair->contacts[1]);
  g_free (pair);
}

static CnDuplicatePair *
pair_of_item (CnDuplicatesDialog *self, gpointer item)
{
  guint index = (guint) g_ascii_strtoull (gtk_string_object_get_string (item), NULL, 10);

  g_assert (index < self->pairs->len);
  return g_ptr_array_index (self->pairs, index);
}

static void
pair_load (CnDuplicatesDialog *self, CnDuplicatePair *pair)
{
  if (pair->loaded)
    return;
  pair->loaded = TRUE;
  pair->contacts[0] = cn_store_get_contact (self->store, pair->existing_id, NULL);
  pair->contacts[1] = cn_store_get_contact (self->store, pair->imported_id, NULL);
}

/* A contact's lines as its column shows them: name, company, position and
 * e-mail, the empty ones left out. */
static void
contact_lines (CnContact *contact, const char *lines[4])
{
  lines[0] = contact ? cn_contact_get_name (contact) : NULL;
  lines[1] = contact ? cn_contact_get_company (contact) : NULL;
  lines[2] = contact ? cn_contact_get_position (contact) : NULL;
  lines[3] = contact ? cn_contact_get_email (contact) : NULL;
}

static void
set_line (GtkLabel *label, const char *text)
{
  gboolean shown = text != NULL && *text != '\0';

  cn_label_set_literal (label, shown ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), shown);
}

static void
pair_row_show (PairRow *row, CnDuplicatePair *pair)
{
  g_autofree char *name = NULL;
  g_autofree char *merge_name = NULL;
  g_autofree char *keep_name = NULL;

  for (guint c = 0; c < 2; c++)
    {
      const char *lines[4];

      contact_lines (pair->contacts[c], lines);
      for (guint i = 0; i < 4; i++)
        set_line (row->lines[c][i], lines[i]);
    }
  set_line (row->reason_label, pair->reason);

  name = g_utf8_make_valid (pair->contacts[1] ? cn_contact_get_name (pair->contacts[1]) : "", -1);
  /* Translators: %s is a contact's name (accessible name of the button) */
  keep_name = g_strdup_printf (_("Keep both contacts named %s"), name);
  /* Translators: %s is a contact's name (accessible name of the button) */
  merge_name = g_strdup_printf (_("Merge the two contacts named %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->keep_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  keep_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->merge_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  merge_name, -1);

  cn_label_set_literal (row->status_label, pair->status ? pair->status : "");
  gtk_widget_set_visible (GTK_WIDGET (row->status_label), pair->status != NULL);
  /* Decided: nothing more to click, and the row recedes. */
  gtk_widget_set_visible (row->merge_button, !pair->done);
  gtk_widget_set_visible (row->keep_button, !pair->done);
  gtk_widget_set_sensitive (row->columns, !pair->done);
}

static void
pair_set_status (CnDuplicatePair *pair, const char *status, gboolean done)
{
  g_free (pair->status);
  pair->status = g_strdup (status);
  pair->done = done;
  if (pair->row != NULL)
    pair_row_show (g_object_get_data (G_OBJECT (pair->row), "cn-pair-row"), pair);
}

static CnDuplicatePair *
pair_of_button (CnDuplicatesDialog *self, GtkButton *button)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (button), "cn-list-item");
  gpointer item = gtk_list_item_get_item (list_item);

  return item != NULL ? pair_of_item (self, item) : NULL;
}

static void
on_merge_clicked_cb (GtkButton *button, CnDuplicatesDialog *self)
{
  CnDuplicatePair *pair = pair_of_button (self, button);
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (pair == NULL)
    return;
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
  CnDuplicatePair *pair = pair_of_button (self, button);

  if (pair != NULL)
    pair_set_status (pair, C_("duplicate", "Kept both"), TRUE);
}

static GtkWidget *
pair_button (CnDuplicatesDialog *self,
             GtkListItem *list_item,
             const char *label,
             GCallback callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* The row's item, read at the click: rows are recycled. */
  g_object_set_data (G_OBJECT (button), "cn-list-item", list_item);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static GtkLabel *
new_line (GtkBox *box, const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_box_append (box, label);
  return GTK_LABEL (label);
}

/* A contact's column: who it is, as the files and the user wrote it. */
static GtkBox *
contact_column (const char *heading, GtkLabel *lines[4])
{
  GtkBox *box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 2));
  GtkWidget *title = gtk_label_new (heading);

  gtk_widget_set_hexpand (GTK_WIDGET (box), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_widget_add_css_class (title, "dim-label");
  gtk_box_append (box, title);
  lines[0] = new_line (box, "heading");
  lines[1] = new_line (box, NULL);
  lines[2] = new_line (box, NULL);
  lines[3] = new_line (box, "dim-label");
  return box;
}

static void
on_setup_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem *list_item,
                 CnDuplicatesDialog *self)
{
  PairRow *row = g_new0 (PairRow, 1);
  GtkBox *box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 10));
  GtkWidget *buttons;

  g_object_set (box, "margin-start", 12, "margin-end", 12, "margin-top", 10, "margin-bottom", 10,
                NULL);
  row->columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  gtk_box_set_homogeneous (GTK_BOX (row->columns), TRUE);
  gtk_box_append (GTK_BOX (row->columns),
                  GTK_WIDGET (contact_column (_("In Connecteur"), row->lines[0])));
  gtk_box_append (GTK_BOX (row->columns),
                  GTK_WIDGET (contact_column (_("Imported"), row->lines[1])));
  gtk_box_append (box, row->columns);
  row->reason_label = new_line (box, "dim-label");

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  row->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_visible (GTK_WIDGET (row->status_label), FALSE);
  gtk_label_set_wrap (row->status_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->status_label), "heading");
  row->keep_button = pair_button (self, list_item,
                                  _("_Keep Both"), G_CALLBACK (on_keep_clicked_cb));
  row->merge_button = pair_button (self, list_item, _("_Merge"), G_CALLBACK (on_merge_clicked_cb));
  gtk_widget_add_css_class (row->merge_button, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (row->status_label));
  gtk_box_append (GTK_BOX (buttons), row->keep_button);
  gtk_box_append (GTK_BOX (buttons), row->merge_button);
  gtk_box_append (box, buttons);

  g_object_set_data_full (G_OBJECT (box), "cn-pair-row", row, g_free);
  gtk_list_item_set_child (list_item, GTK_WIDGET (box));
}

static void
on_bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, CnDuplicatesDialog *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  CnDuplicatePair *pair = pair_of_item (self, gtk_list_item_get_item (list_item));
  g_autofree char *name = NULL;
  g_autofree char *accessible = NULL;

  pair->row = box;
  pair_row_show (g_object_get_data (G_OBJECT (box), "cn-pair-row"), pair);
  name = g_utf8_make_valid (pair->contacts[1] ? cn_contact_get_name (pair->contacts[1]) : "", -1);
  /* Translators: a pair of the possible duplicates; %s is the contacts' name */
  accessible = g_strdup_printf (_("Two contacts named %s"), name);
  /* The focus is on the list's item holding the row. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
on_unbind_row_cb (GtkSignalListItemFactory *factory,
                  GtkListItem *list_item,
                  CnDuplicatesDialog *self)
{
  gpointer item = gtk_list_item_get_item (list_item);

  if (item != NULL && self->pairs != NULL)
    pair_of_item (self, item)->row = NULL;
}

static void
cn_duplicates_dialog_dispose (GObject *object)
{
  CnDuplicatesDialog *self = CN_DUPLICATES_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_DUPLICATES_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->keys);

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
  gtk_widget_class_bind_template_child (widget_class, CnDuplicatesDialog, list_view);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cn_duplicates_dialog_init (CnDuplicatesDialog *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
  self->keys = gtk_string_list_new (NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (gtk_no_selection_new (
                                                G_LIST_MODEL (g_object_ref (self->keys)))));
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
      CnDuplicatePair *pair = g_new0 (CnDuplicatePair, 1);
      g_autofree char *key = NULL;

      pair->existing_id = duplicate->existing_id;
      pair->imported_id = duplicate->imported_id;
      pair_load (self, pair);
      /* Pairs whose contacts are gone (merged or deleted since) are left out. */
      if (pair->contacts[0] == NULL || pair->contacts[1] == NULL)
        {
          pair_free (pair);
          continue;
        }
      pair->reason = g_strdup (duplicate->reason);
      key = g_strdup_printf ("%u", self->pairs->len);
      g_ptr_array_add (self->pairs, pair);
      gtk_string_list_append (self->keys, key);
    }
  return self;
}

char *
_cn_duplicates_dialog_dup_contact_text (CnDuplicatesDialog *self, guint index, gboolean existing)
{
  CnDuplicatePair *pair;
  GString *text;
  const char *lines[4];

  g_return_val_if_fail (CN_IS_DUPLICATES_DIALOG (self), NULL);
  g_return_val_if_fail (index < self->pairs->len, NULL);

  pair = g_ptr_array_index (self->pairs, index);
  pair_load (self, pair);
  text = g_string_new (NULL);
  contact_lines (pair->contacts[existing ? 0 : 1], lines);
  for (guint i = 0; i < 4; i++)
    if (lines[i] != NULL && *lines[i] != '\0')
      g_string_append_printf (text, "%s\n", lines[i]);
  return g_string_free (text, FALSE);
}
