/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-contact-picker.h"
#include "cn-ui-utils.h"

struct _CnContactPicker
{
  GtkWidget parent_instance;

  GListModel *contacts; /* CnContact, as given */
  gulong contacts_changed_id;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GtkCustomFilter *filter;
  char *search_text; /* folded, to tell narrowing from widening */
  char **search_words;
  CnContact *chosen;
  gint64 excluded_id;

  GtkWidget *button;
  GtkLabel *empty_label;
  GtkLabel *label;
  GtkListView *list_view;
  GtkPopover *popover;
  GtkWidget *search_entry;
  GtkStack *stack;
};

G_DEFINE_FINAL_TYPE (CnContactPicker, cn_contact_picker, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTACT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static CnContact *
find_contact (CnContactPicker *self, gint64 id)
{
  guint n;

  if (self->contacts == NULL || id == 0 || id == self->excluded_id)
    return NULL;
  n = g_list_model_get_n_items (self->contacts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CnContact) contact = g_list_model_get_item (self->contacts, i);

      if (cn_contact_get_id (contact) == id)
        return g_steal_pointer (&contact);
    }
  return NULL;
}

static void
update_button (CnContactPicker *self)
{
  g_autofree char *accessible = NULL;

  if (self->chosen != NULL)
    {
      g_autofree char *name = g_utf8_make_valid (cn_contact_get_name (self->chosen), -1);

      cn_label_set_literal (self->label, name);
      gtk_widget_remove_css_class (GTK_WIDGET (self->label), "dim-label");
      /* Translators: what a screen reader says of the contact picker's button */
      accessible = g_strdup_printf (_("Contact: %s"), name);
    }
  else
    {
      gtk_label_set_text (self->label, _("Choose a contact…"));
      gtk_widget_add_css_class (GTK_WIDGET (self->label), "dim-label");
      accessible = g_strdup (_("Choose a contact"));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

/* Shows @contact (a reference is taken; NULL: none) and notifies when the id
 * changed. */
static void
set_chosen (CnContactPicker *self, CnContact *contact)
{
  gint64 old_id = self->chosen != NULL ? cn_contact_get_id (self->chosen) : 0;
  gint64 new_id = contact != NULL ? cn_contact_get_id (contact) : 0;

  g_set_object (&self->chosen, contact);
  update_button (self);
  if (old_id != new_id)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_ID]);
}

static void
refresh_chosen (CnContactPicker *self)
{
  g_autoptr (CnContact) contact = NULL;

  if (self->chosen != NULL)
    contact = find_contact (self, cn_contact_get_id (self->chosen));
  set_chosen (self, contact);
}

static gboolean
filter_contact (gpointer item, gpointer data)
{
  CnContactPicker *self = data;

  if (self->excluded_id != 0 && cn_contact_get_id (item) == self->excluded_id)
    return FALSE;
  /* An empty search offers everyone. */
  if (self->search_words == NULL || self->search_words[0] == NULL)
    return TRUE;
  return cn_contact_matches_search (item, (const char *const *) self->search_words);
}

static void
highlight (CnContactPicker *self, guint position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  if (n == 0)
    {
      gboolean searching = self->search_words != NULL && self->search_words[0] != NULL;

      gtk_label_set_text (self->empty_label,
                          searching ? _("No contact matches") : _("No contacts yet"));
      return;
    }
  position = MIN (position, n - 1);
  gtk_single_selection_set_selected (self->selection, position);
  if (gtk_widget_get_mapped (GTK_WIDGET (self->list_view)))
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

static void
pick (CnContactPicker *self, guint position)
{
  g_autoptr (CnContact) contact = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (contact == NULL)
    return;
  set_chosen (self, contact);
  gtk_popover_popdown (self->popover);
}

/* Rows. */

static void
on_setup_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  g_object_set_data (G_OBJECT (box), "cn-name", name);
  g_object_set_data (G_OBJECT (box), "cn-detail", detail);
  gtk_list_item_set_child (item, box);
}

/* "Company · e-mail" (the position when there is no company), or "". */
static char *
describe (CnContact *contact)
{
  const char *work = cn_contact_get_company (contact);
  const char *email = cn_contact_get_email (contact);

  if (work == NULL || *work == '\0')
    work = cn_contact_get_position (contact);
  if (work != NULL && *work != '\0' && email != NULL && *email != '\0')
    {
      g_autofree char *w = cn_ui_name (work);
      g_autofree char *e = cn_ui_name (email);

      /* Translators: a contact's company and e-mail address */
      return g_strdup_printf (_("%s · %s"), w, e);
    }
  if (work != NULL && *work != '\0')
    return g_strdup (work);
  return g_strdup (email != NULL ? email : "");
}

static void
on_bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  CnContact *contact = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkLabel *name = g_object_get_data (G_OBJECT (row), "cn-name");
  GtkLabel *detail = g_object_get_data (G_OBJECT (row), "cn-detail");
  g_autofree char *valid_name = g_utf8_make_valid (cn_contact_get_name (contact), -1);
  g_autofree char *text = describe (contact);

  cn_label_set_literal (name, valid_name);
  cn_label_set_literal (detail, text);
  gtk_widget_set_visible (GTK_WIDGET (detail), *text != '\0');
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, valid_name,
                                  -1);
}

/* Signal callbacks. */

static void
on_button_clicked_cb (CnContactPicker *self)
{
  /* Each opening starts a new search, on the first contact. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  highlight (self, 0);
  gtk_popover_popup (self->popover);
  gtk_widget_grab_focus (self->search_entry);
}

static void
on_popover_closed_cb (CnContactPicker *self)
{
  gtk_widget_grab_focus (self->button);
}

static void
on_search_changed_cb (CnContactPicker *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *folded = cn_contact_fold_for_search (text);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (g_strcmp0 (folded, self->search_text) == 0)
    return;
  /* Typing on narrows, erasing widens: the filter only looks again at what
   * may change. */
  if (self->search_text != NULL && g_str_has_prefix (folded, self->search_text))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->search_text != NULL && g_str_has_prefix (self->search_text, folded))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  g_free (self->search_text);
  self->search_text = g_steal_pointer (&folded);
  g_strfreev (self->search_words);
  self->search_words = cn_contact_split_search (text);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  highlight (self, 0);
}

static void
on_search_activate_cb (CnContactPicker *self)
{
  pick (self, gtk_single_selection_get_selected (self->selection));
}

static void
on_stop_search_cb (CnContactPicker *self)
{
  gtk_popover_popdown (self->popover);
}

static void
on_list_activate_cb (CnContactPicker *self, guint position)
{
  pick (self, position);
}

/* Down and Up move the highlight while the focus stays in the search, so
 * that typing goes on refining it. */
static gboolean
on_search_key_pressed_cb (GtkEventControllerKey *controller,
                          guint keyval,
                          guint keycode,
                          GdkModifierType state,
                          CnContactPicker *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;
  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    {
      highlight (self, selected == GTK_INVALID_LIST_POSITION ? 0 : selected + 1);
      return TRUE;
    }
  if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    {
      highlight (self, selected == GTK_INVALID_LIST_POSITION || selected == 0 ? 0 : selected - 1);
      return TRUE;
    }
  return FALSE;
}

static void
on_contacts_changed_cb (CnContactPicker *self)
{
  refresh_chosen (self);
  highlight (self, 0);
}

/* GObject overrides. */

static void
cn_contact_picker_measure (GtkWidget *widget,
                           GtkOrientation orientation,
                           int for_size,
                           int *minimum,
                           int *natural,
                           int *minimum_baseline,
                           int *natural_baseline)
{
  CnContactPicker *self = CN_CONTACT_PICKER (widget);

  /* The popover floats: only the button takes room. */
  gtk_widget_measure (self->button, orientation, for_size, minimum, natural, minimum_baseline,
                      natural_baseline);
}

static void
cn_contact_picker_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  CnContactPicker *self = CN_CONTACT_PICKER (widget);

  gtk_widget_size_allocate (self->button, &(GtkAllocation){ 0, 0, width, height }, baseline);
  gtk_popover_present (self->popover);
}

/* A dialog closed with the search open must not leave it behind, or GTK
 * would later poll a surface that is gone. */
static void
cn_contact_picker_unmap (GtkWidget *widget)
{
  gtk_popover_popdown (CN_CONTACT_PICKER (widget)->popover);
  GTK_WIDGET_CLASS (cn_contact_picker_parent_class)->unmap (widget);
}

static gboolean
cn_contact_picker_focus (GtkWidget *widget, GtkDirectionType direction)
{
  CnContactPicker *self = CN_CONTACT_PICKER (widget);

  return gtk_widget_child_focus (self->button, direction);
}

/* A row or label that names the picker opens its search. */
static gboolean
cn_contact_picker_mnemonic_activate (GtkWidget *widget, gboolean group_cycling)
{
  if (group_cycling)
    return gtk_widget_grab_focus (CN_CONTACT_PICKER (widget)->button);
  on_button_clicked_cb (CN_CONTACT_PICKER (widget));
  return TRUE;
}

static gboolean
cn_contact_picker_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (CN_CONTACT_PICKER (widget)->button);
}

static void
cn_contact_picker_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CnContactPicker *self = CN_CONTACT_PICKER (object);

  switch (prop_id)
    {
    case PROP_CONTACT_ID:
      g_value_set_int64 (value, cn_contact_picker_get_contact_id (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_contact_picker_set_property (GObject *object,
                                guint prop_id,
                                const GValue *value,
                                GParamSpec *pspec)
{
  CnContactPicker *self = CN_CONTACT_PICKER (object);

  switch (prop_id)
    {
    case PROP_CONTACT_ID:
      cn_contact_picker_set_contact_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_contact_picker_dispose (GObject *object)
{
  CnContactPicker *self = CN_CONTACT_PICKER (object);

  if (self->contacts != NULL)
    g_clear_signal_handler (&self->contacts_changed_id, self->contacts);
  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_CONTACT_PICKER);
  cn_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->contacts);
  g_clear_object (&self->chosen);

  G_OBJECT_CLASS (cn_contact_picker_parent_class)->dispose (object);
}

static void
cn_contact_picker_finalize (GObject *object)
{
  CnContactPicker *self = CN_CONTACT_PICKER (object);

  g_free (self->search_text);
  g_strfreev (self->search_words);

  G_OBJECT_CLASS (cn_contact_picker_parent_class)->finalize (object);
}

static void
cn_contact_picker_class_init (CnContactPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_contact_picker_dispose;
  object_class->finalize = cn_contact_picker_finalize;
  object_class->get_property = cn_contact_picker_get_property;
  object_class->set_property = cn_contact_picker_set_property;
  widget_class->measure = cn_contact_picker_measure;
  widget_class->size_allocate = cn_contact_picker_size_allocate;
  widget_class->unmap = cn_contact_picker_unmap;
  widget_class->focus = cn_contact_picker_focus;
  widget_class->grab_focus = cn_contact_picker_grab_focus;
  widget_class->mnemonic_activate = cn_contact_picker_mnemonic_activate;

  properties[PROP_CONTACT_ID] = g_param_spec_int64 ("contact-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                        G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-contact-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, CnContactPicker, button);
  gtk_widget_class_bind_template_child (widget_class, CnContactPicker, empty_label);
  gtk_widget_class_bind_template_child (widget_class, CnContactPicker, label);
  gtk_widget_class_bind_template_child (widget_class, CnContactPicker, list_view);
  gtk_widget_class_bind_template_child (widget_class, CnContactPicker, popover);
  gtk_widget_class_bind_template_child (widget_class, CnContactPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CnContactPicker, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_closed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
}

static void
cn_contact_picker_init (CnContactPicker *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (filter_contact, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (g_object_ref (self->filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key_pressed_cb), self);
  gtk_widget_add_controller (self->search_entry, keys);
  update_button (self);
}

/* Public API. */

CnContactPicker *
cn_contact_picker_new (void)
{
  return g_object_new (CN_TYPE_CONTACT_PICKER, NULL);
}

void
cn_contact_picker_set_contacts (CnContactPicker *self, GListModel *contacts)
{
  g_return_if_fail (CN_IS_CONTACT_PICKER (self));
  g_return_if_fail (contacts == NULL || G_IS_LIST_MODEL (contacts));

  if (self->contacts == contacts)
    return;
  if (self->contacts != NULL)
    g_clear_signal_handler (&self->contacts_changed_id, self->contacts);
  g_set_object (&self->contacts, contacts);
  gtk_filter_list_model_set_model (self->filtered, contacts);
  /* After the filter's own handler, so that it has caught up. */
  if (contacts != NULL)
    self->contacts_changed_id = g_signal_connect_swapped (contacts, "items-changed",
                                                          G_CALLBACK (on_contacts_changed_cb),
                                                          self);
  refresh_chosen (self);
  highlight (self, 0);
}

gint64
cn_contact_picker_get_contact_id (CnContactPicker *self)
{
  g_return_val_if_fail (CN_IS_CONTACT_PICKER (self), 0);

  return self->chosen != NULL ? cn_contact_get_id (self->chosen) : 0;
}

void
cn_contact_picker_set_contact_id (CnContactPicker *self, gint64 id)
{
  g_autoptr (CnContact) contact = NULL;

  g_return_if_fail (CN_IS_CONTACT_PICKER (self));

  contact = find_contact (self, id);
  set_chosen (self, contact);
}

void
cn_contact_picker_set_excluded_id (CnContactPicker *self, gint64 id)
{
  g_return_if_fail (CN_IS_CONTACT_PICKER (self));

  if (self->excluded_id == id)
    return;
  self->excluded_id = id;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  refresh_chosen (self);
  highlight (self, 0);
}
