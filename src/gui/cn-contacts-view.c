/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-contact-editor.h"
#include "cn-contacts-view.h"
#include "cn-local-time.h"
#include "cn-delete-contact-dialog.h"
#include "cn-ui-utils.h"

struct _CnContactsView
{
  GtkWidget parent_instance;

  CnStore *store;
  GListStore *contacts; /* CnContact, sorted by name */
  GtkCustomFilter *filter;
  GtkSingleSelection *selection;
  char **search_words;  /* folded; NULL: no search */
  char *search_text;    /* folded query, to tell a narrower search from another */
  AdwToast *last_toast; /* weak */
  gint64 select_after_reload;
  guint reload_id;
  GCancellable *load_cancellable; /* a big network being read in a thread */
  GPtrArray *saved;               /* CnContact saved by the editor, to move into place */
  guint apply_saved_id;
  gboolean stale;      /* the store changed while the view was not shown */
  GPtrArray *incoming; /* CnContact read, not yet all in the list */
  guint n_incoming_added;
  guint add_chunk_id;

  GtkStack *detail_stack;
  CnContactEditor *editor;
  GtkStack *list_stack;
  GtkGridView *list_view;
  AdwLeaflet *leaflet;
  GtkSearchEntry *search_entry;
};

G_DEFINE_FINAL_TYPE (CnContactsView, cn_contacts_view, GTK_TYPE_WIDGET)

enum {
  REQUEST_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_CAN_NAVIGATE_BACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (CnContactsView *self);

/* Narrow, the list and the contact take turns (an AdwLeaflet): what the user
 * opened comes to the front, and the window's Back button returns. */
static void
show_detail_page (CnContactsView *self)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

static void
on_leaflet_changed_cb (CnContactsView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_NAVIGATE_BACK]);
}

static void
on_list_released_cb (CnContactsView *self, int n_press, double x, double y)
{
  if (n_press == 1 && gtk_single_selection_get_selected_item (self->selection) != NULL)
    show_detail_page (self);
}

static void
show_toast (CnContactsView *self, AdwToast *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay == NULL)
    {
      g_object_unref (g_object_ref_sink (toast));
      return;
    }
  g_set_weak_pointer (&self->last_toast, toast);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
show_error (CnContactsView *self, const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  show_toast (self, adw_toast_new (escaped));
}

/* The contact's position in the list as shown (filtered), or G_MAXUINT. */
static guint
find_shown (CnContactsView *self, gint64 id)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CnContact) contact = g_list_model_get_item (model, i);

      if (cn_contact_get_id (contact) == id)
        return i;
    }
  return G_MAXUINT;
}

static CnContact *
find_contact (CnContactsView *self, gint64 id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->contacts));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CnContact) contact = g_list_model_get_item (G_LIST_MODEL (self->contacts), i);

      if (cn_contact_get_id (contact) == id)
        return contact;
    }
  return NULL;
}

static gint64
shown_contact_id (CnContactsView *self)
{
  CnContact *contact = cn_contact_editor_get_contact (self->editor);

  return contact != NULL ? cn_contact_get_id (contact) : 0;
}

static void
update_list_page (CnContactsView *self)
{
  const char *page = "list";

  if (g_list_model_get_n_items (G_LIST_MODEL (self->contacts)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    page = "no-match";
  gtk_stack_set_visible_child_name (self->list_stack, page);
}

static void
show_contact (CnContactsView *self, CnContact *contact)
{
  cn_contact_editor_set_contact (self->editor, contact);
  gtk_stack_set_visible_child_name (self->detail_stack, contact != NULL ? "editor" : "none");
}

/* Scrolling may move the keyboard focus into the list: only when the user
 * asked for this contact, never on a reload while they type in the editor. */
static void
select_position (CnContactsView *self, guint position, gboolean scroll)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (scroll)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

/* Item and row widgets. */

static gboolean
is_away (CnContact *contact)
{
  const char *away = cn_contact_get_away_until (contact);
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *today = NULL;

  if (away == NULL)
    return FALSE;
  now = cn_local_now ();
  today = g_date_time_format (now, "%Y-%m-%d");
  /* ISO dates compare as strings. */
  return strcmp (away, today) >= 0;
}

static void
on_setup_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, CnContactsView *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  /* Inscriptions: their size does not depend on their text, so a keystroke
   * in the search binds the rows again without laying their text out to
   * measure it (as a label would, twice). */
  GtkWidget *name = gtk_inscription_new (NULL);
  GtkWidget *subtitle = gtk_inscription_new (NULL);
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "cn-contact-row");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (name), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (name),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_inscription_set_xalign (GTK_INSCRIPTION (subtitle), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (subtitle),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "cn-contact-badge");
  gtk_widget_add_css_class (badge, "caption");
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (row), texts);
  gtk_box_append (GTK_BOX (row), badge);
  g_object_set_data (G_OBJECT (row), "cn-name", name);
  g_object_set_data (G_OBJECT (row), "cn-subtitle", subtitle);
  g_object_set_data (G_OBJECT (row), "cn-badge", badge);
  gtk_list_item_set_child (item, row);
}

static char *
describe_work (CnContact *contact)
{
  const char *position = cn_contact_get_position (contact);
  const char *company = cn_contact_get_company (contact);

  if (position != NULL && *position != '\0' && company != NULL && *company != '\0')
    {
      g_autofree char *p = cn_ui_name (position);
      g_autofree char *c = cn_ui_name (company);

      /* Translators: a contact's position and company */
      return g_strdup_printf (_("%s · %s"), p, c);
    }
  if (position != NULL && *position != '\0')
    return g_strdup (position);
  return g_strdup (company ? company : "");
}

static void
on_bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, CnContactsView *self)
{
  static const char *const badge_classes[] = {
    "cn-contact-open",
    "cn-contact-limited",
    "cn-contact-closed",
    NULL,
  };
  CnContact *contact = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkInscription *name = g_object_get_data (G_OBJECT (row), "cn-name");
  GtkInscription *subtitle = g_object_get_data (G_OBJECT (row), "cn-subtitle");
  GtkLabel *badge = g_object_get_data (G_OBJECT (row), "cn-badge");
  CnAvailability availability = cn_contact_get_availability (contact);
  g_autofree char *work = describe_work (contact);
  g_autofree char *valid_name = g_utf8_make_valid (cn_contact_get_name (contact), -1);
  g_autofree char *accessible = NULL;
  const char *badge_text;
  const char *badge_class;

  if (is_away (contact))
    {
      badge_text = C_("contact availability", "Away");
      badge_class = "cn-contact-closed";
    }
  else
    {
      badge_text = cn_availability_get_label (availability);
      badge_class = badge_classes[MIN ((guint) availability, 2)];
    }
  cn_inscription_set_literal (name, valid_name);
  cn_inscription_set_literal (subtitle, work);
  gtk_widget_set_visible (GTK_WIDGET (subtitle), *work != '\0');
  gtk_label_set_text (badge, badge_text);
  cn_widget_set_class_of (GTK_WIDGET (badge), badge_classes, badge_class);
  /* What a screen reader says: name, position · company, availability. */
  accessible = *work != '\0' ? g_strjoin (", ", valid_name, work, badge_text, NULL)
                             : g_strjoin (", ", valid_name, badge_text, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  /* The focus is on the list's item holding the row: the same words. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (row)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static gboolean
filter_contact (gpointer item, gpointer data)
{
  CnContactsView *self = data;

  return cn_contact_matches_search (item, (const char *const *) self->search_words);
}

/* Sorting. */

/* Where a contact goes in the sorted list (binary search). */
static guint
sorted_position (CnContactsView *self, CnContact *contact)
{
  g_autofree char *key = cn_contact_dup_sort_key (contact);
  guint low = 0, high = g_list_model_get_n_items (G_LIST_MODEL (self->contacts));

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr (CnContact) other = g_list_model_get_item (G_LIST_MODEL (self->contacts), middle);
      g_autofree char *other_key = cn_contact_dup_sort_key (other);

      if (cn_contact_compare_sorted (other, other_key, contact, key) < 0)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/* Reloading. */

/* Up to this many contacts are read at once (about 10 ms); a bigger network
 * is read and sorted in a thread, so that the window never stalls. */
#define CN_CONTACTS_READ_IN_THREAD 1000

static void apply_contacts (CnContactsView *self, GPtrArray *contacts);

static void
on_contacts_loaded_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (CnContactsView) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray)
                 contacts = cn_store_list_contacts_finish (CN_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->contacts == NULL)
    return;
  g_clear_object (&self->load_cancellable);
  if (contacts == NULL)
    {
      show_error (self, error);
      contacts = g_ptr_array_new_with_free_func (g_object_unref);
    }
  apply_contacts (self, contacts);
}

static void
reload (CnContactsView *self)
{
  g_autoptr (GPtrArray) contacts = NULL;
  g_autoptr (GError) error = NULL;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  /* Read when first shown: at start the window shows the requests, and
   * 30,000 contacts would be read for nothing. */
  self->stale = !gtk_widget_get_mapped (GTK_WIDGET (self)) && self->select_after_reload == 0;
  if (self->stale)
    return;
  if (self->store != NULL && cn_store_count_contacts (self->store) > CN_CONTACTS_READ_IN_THREAD)
    {
      self->load_cancellable = g_cancellable_new ();
      cn_store_list_contacts_async (self->store, cn_contact_sort_by_name, self->load_cancellable,
                                    on_contacts_loaded_cb, g_object_ref (self));
      return;
    }
  if (self->store != NULL)
    contacts = cn_store_list_contacts (self->store, &error);
  if (contacts == NULL)
    {
      if (error != NULL)
        show_error (self, error);
      contacts = g_ptr_array_new_with_free_func (g_object_unref);
    }
  cn_contact_sort_by_name (contacts);
  apply_contacts (self, contacts);
}

/* Contacts added to the list at a time: the filter and the list view take
 * each chunk well within a frame, however big the network. */
#define CN_CONTACTS_CHUNK 2000

static void restore_selection (CnContactsView *self);

static gboolean
on_add_chunk_cb (gpointer data)
{
  CnContactsView *self = data;
  guint n = MIN (CN_CONTACTS_CHUNK, self->incoming->len - self->n_incoming_added);

  g_list_store_splice (self->contacts, self->n_incoming_added, 0,
                       self->incoming->pdata + self->n_incoming_added, n);
  self->n_incoming_added += n;
  if (self->n_incoming_added < self->incoming->len)
    return G_SOURCE_CONTINUE;
  self->add_chunk_id = 0;
  g_clear_pointer (&self->incoming, g_ptr_array_unref);
  update_list_page (self);
  restore_selection (self);
  return G_SOURCE_REMOVE;
}

/* Shows @contacts (sorted), keeping the contact shown when it is still there:
 * the first chunk at once, the rest from idle callbacks. */
static void
apply_contacts (CnContactsView *self, GPtrArray *contacts)
{
  guint first = MIN (CN_CONTACTS_CHUNK, contacts->len);

  g_clear_handle_id (&self->apply_saved_id, g_source_remove);
  g_clear_handle_id (&self->add_chunk_id, g_source_remove);
  g_clear_pointer (&self->incoming, g_ptr_array_unref);
  g_ptr_array_set_size (self->saved, 0);
  g_list_store_splice (self->contacts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->contacts)),
                       contacts->pdata, first);
  if (first < contacts->len)
    {
      self->incoming = g_ptr_array_ref (contacts);
      self->n_incoming_added = first;
      self->add_chunk_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_add_chunk_cb, self, NULL);
      return;
    }
  update_list_page (self);
  restore_selection (self);
}

static void
restore_selection (CnContactsView *self)
{
  gboolean scroll = self->select_after_reload != 0;
  gint64 keep_id = scroll ? self->select_after_reload : shown_contact_id (self);
  guint old_position = gtk_single_selection_get_selected (self->selection);
  guint position;

  self->select_after_reload = 0;

  position = keep_id != 0 ? find_shown (self, keep_id) : G_MAXUINT;
  if (position != G_MAXUINT)
    {
      select_position (self, position, scroll);
      /* Changed elsewhere (and nothing typed here): show the stored values. */
      show_contact (self, gtk_single_selection_get_selected_item (self->selection));
      return;
    }
  if (keep_id != 0 && find_contact (self, keep_id) != NULL)
    {
      /* Still there, hidden by the search: keep showing it. */
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      return;
    }
  /* Gone (deleted): show the one that took its place. */
  if (keep_id != 0 && old_position != GTK_INVALID_LIST_POSITION &&
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    {
      select_position (self,
                       MIN (old_position,
                            g_list_model_get_n_items (G_LIST_MODEL (self->selection)) - 1),
                       FALSE);
      return;
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  if (keep_id != 0)
    show_contact (self, NULL);
}

static gboolean
on_reload_idle_cb (gpointer data)
{
  CnContactsView *self = data;

  self->reload_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

/* Edits and imports may change many contacts in a row: re-read once. */
static void
on_store_contacts_changed_cb (CnContactsView *self)
{
  if (self->reload_id == 0)
    self->reload_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_reload_idle_cb, self, NULL);
}

/* Puts the contacts the editor saved in their sorted place. */
static gboolean
on_apply_saved_idle_cb (gpointer data)
{
  CnContactsView *self = data;
  CnContact *selected = gtk_single_selection_get_selected_item (self->selection);
  gint64 selected_id = selected != NULL ? cn_contact_get_id (selected) : 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->contacts));
  guint position;

  self->apply_saved_id = 0;
  for (guint s = 0; s < self->saved->len; s++)
    {
      CnContact *saved = g_ptr_array_index (self->saved, s);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr (CnContact) contact = g_list_model_get_item (G_LIST_MODEL (self->contacts), i);

          if (cn_contact_get_id (contact) == cn_contact_get_id (saved))
            {
              g_list_store_remove (self->contacts, i);
              g_list_store_insert (self->contacts, sorted_position (self, saved), saved);
              break;
            }
        }
    }
  g_ptr_array_set_size (self->saved, 0);
  position = selected_id != 0 ? find_shown (self, selected_id) : G_MAXUINT;
  if (position != G_MAXUINT)
    select_position (self, position, FALSE);
  return G_SOURCE_REMOVE;
}

/* The editor saved: move that one contact instead of re-reading thousands
 * (the store's "contacts-changed" for this save is then already handled).
 * Done from an idle: this may run while the selection is changing. */
static void
on_contact_saved_cb (CnContactsView *self, CnContact *saved)
{
  if (self->reload_id != 0)
    {
      g_clear_handle_id (&self->reload_id, g_source_remove);
      g_ptr_array_add (self->saved, cn_contact_copy (saved));
      if (self->apply_saved_id == 0)
        self->apply_saved_id = g_idle_add (on_apply_saved_idle_cb, self);
    }
}

static void
on_selected_item_cb (CnContactsView *self)
{
  CnContact *contact = gtk_single_selection_get_selected_item (self->selection);

  /* A search hiding the shown contact does not close it. */
  if (contact == NULL || cn_contact_get_id (contact) == shown_contact_id (self))
    return;
  show_contact (self, contact);
}

static void
on_items_changed_cb (CnContactsView *self)
{
  update_list_page (self);
}

/* Search. */

static void
on_search_changed_cb (CnContactsView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *folded = cn_contact_fold_for_search (text);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;
  gint64 shown = shown_contact_id (self);
  guint position;

  if (g_strcmp0 (folded, self->search_text) == 0)
    return;
  /* Typing on narrows the list, erasing widens it: the filter only looks at
   * what may change. */
  if (self->search_text != NULL && g_str_has_prefix (folded, self->search_text))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->search_text != NULL && g_str_has_prefix (self->search_text, folded))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  g_free (self->search_text);
  self->search_text = g_steal_pointer (&folded);
  g_strfreev (self->search_words);
  self->search_words = cn_contact_split_search (text);
  gtk_filter_changed (GTK_FILTER (self->filter), change);

  position = shown != 0 ? find_shown (self, shown) : G_MAXUINT;
  if (position != G_MAXUINT)
    gtk_single_selection_set_selected (self->selection, position);
  update_list_page (self);
}

/* Enter in the search opens the first match. */
static void
on_search_activate_cb (CnContactsView *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;
  select_position (self, 0, TRUE);
  show_detail_page (self);
  cn_contact_editor_focus_name (self->editor, FALSE);
}

static void
on_stop_search_cb (CnContactsView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* Down from the search goes into the list. */
static gboolean
on_search_key_pressed_cb (GtkEventControllerKey *controller,
                          guint keyval,
                          guint keycode,
                          GdkModifierType state,
                          CnContactsView *self)
{
  guint position;

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return FALSE;

  position = gtk_single_selection_get_selected (self->selection);
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  select_position (self, position, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
  return TRUE;
}

/* Enter on a contact opens it in the editor. */
static void
on_list_activate_cb (CnContactsView *self, guint position)
{
  gtk_single_selection_set_selected (self->selection, position);
  show_detail_page (self);
  cn_contact_editor_focus_name (self->editor, FALSE);
}

/* New and delete. */

static void
on_new_clicked_cb (CnContactsView *self)
{
  g_autoptr (CnContact) contact = cn_contact_new (_("New contact"));
  g_autoptr (GError) error = NULL;

  if (self->store == NULL)
    return;
  cn_contact_editor_save (self->editor);
  if (!cn_store_add_contact (self->store, contact, &error))
    {
      show_error (self, error);
      return;
    }
  /* It must be seen: a search could hide it. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  self->select_after_reload = cn_contact_get_id (contact);
  reload (self);
  show_detail_page (self);
  cn_contact_editor_focus_name (self->editor, TRUE);
}

static void
on_undo_clicked_cb (AdwToast *toast, CnContactsView *self)
{
  CnContactDeletion *deletion = g_object_get_data (G_OBJECT (toast), "cn-deletion");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "cn-contact-id"));
  g_autoptr (GError) error = NULL;

  if (deletion == NULL || self->store == NULL)
    return;
  if (!cn_store_undo_contact_deletion (self->store, deletion, &error))
    show_error (self, error);
  else
    {
      self->select_after_reload = id;
      reload (self);
    }
  /* Undone once only. */
  g_object_set_data (G_OBJECT (toast), "cn-deletion", NULL);
}

static void
delete_contact (CnContactsView *self, gint64 id, CnContactDeleteMode mode, gint64 move_to)
{
  g_autoptr (GError) error = NULL;
  CnContactDeletion *deletion;
  AdwToast *toast;

  deletion = cn_store_delete_contact (self->store, id, mode, move_to, &error);
  if (deletion == NULL)
    {
      show_error (self, error);
      return;
    }
  reload (self);

  toast = adw_toast_new (_("Contact deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "cn-deletion", deletion,
                          (GDestroyNotify) cn_contact_deletion_free);
  g_object_set_data (G_OBJECT (toast), "cn-contact-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), self, 0);
  show_toast (self, toast);
}

static void
on_delete_chosen_cb (CnDeleteContactDialog *dialog, int mode, gint64 move_to, CnContactsView *self)
{
  if (self->store != NULL)
    delete_contact (self, cn_delete_contact_dialog_get_contact_id (dialog), mode, move_to);
}

/* Asks what to do with the contact's requests, if it has any. */
static void
ask_delete (CnContactsView *self, gint64 id)
{
  CnContact *contact = find_contact (self, id);
  CnDeleteContactDialog *dialog;
  GtkRoot *root;
  guint n_requests;

  if (self->store == NULL || contact == NULL)
    return;
  /* Undo must bring back the contact as last typed. */
  if (id == shown_contact_id (self))
    cn_contact_editor_save (self->editor);

  n_requests = cn_store_count_contact_requests (self->store, id);
  if (n_requests == 0)
    {
      delete_contact (self, id, CN_CONTACT_DELETE_KEEP_REQUESTS, 0);
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = cn_delete_contact_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, contact,
                                         n_requests, G_LIST_MODEL (self->contacts));
  g_signal_connect_object (dialog, "delete-chosen", G_CALLBACK (on_delete_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_delete_requested_cb (CnContactsView *self, gint64 id)
{
  ask_delete (self, id);
}

static gboolean
on_delete_key_cb (GtkWidget *widget, GVariant *args, gpointer data)
{
  CnContactsView *self = data;
  CnContact *contact = gtk_single_selection_get_selected_item (self->selection);

  if (contact == NULL)
    return FALSE;
  ask_delete (self, cn_contact_get_id (contact));
  return TRUE;
}

static void
on_request_activated_cb (CnContactsView *self, gint64 request_id)
{
  g_signal_emit (self, signals[REQUEST_ACTIVATED], 0, request_id);
}

static void
set_up_list (CnContactsView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkFilterListModel *filtered;
  GtkEventController *keys;
  GtkGesture *click;
  GtkShortcutController *shortcuts;

  self->contacts = g_list_store_new (CN_TYPE_CONTACT);
  self->filter = gtk_custom_filter_new (filter_contact, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->contacts)),
                                        GTK_FILTER (g_object_ref (self->filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selected_item_cb), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (on_items_changed_cb),
                            self);

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_row_cb), self);
  gtk_grid_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete,
                                                                                  0),
                                                          gtk_callback_action_new (on_delete_key_cb,
                                                                                   self, NULL)));
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_KP_Delete,
                                                                                  0),
                                                          gtk_callback_action_new (on_delete_key_cb,
                                                                                   self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (shortcuts));

  click = gtk_gesture_click_new ();
  g_signal_connect_swapped (click, "released", G_CALLBACK (on_list_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (click));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
}

static void
cn_contacts_view_dispose (GObject *object)
{
  CnContactsView *self = CN_CONTACTS_VIEW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->apply_saved_id, g_source_remove);
  g_clear_handle_id (&self->add_chunk_id, g_source_remove);
  g_clear_pointer (&self->incoming, g_ptr_array_unref);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  /* The editor saves what is pending while the store is still there. */
  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_CONTACTS_VIEW);
  g_clear_weak_pointer (&self->last_toast);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->contacts);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cn_contacts_view_parent_class)->dispose (object);
}

static void
cn_contacts_view_map (GtkWidget *widget)
{
  CnContactsView *self = CN_CONTACTS_VIEW (widget);

  GTK_WIDGET_CLASS (cn_contacts_view_parent_class)->map (widget);
  if (self->stale)
    reload (self);
}

static void
cn_contacts_view_finalize (GObject *object)
{
  CnContactsView *self = CN_CONTACTS_VIEW (object);

  g_strfreev (self->search_words);
  g_free (self->search_text);
  g_ptr_array_unref (self->saved);

  G_OBJECT_CLASS (cn_contacts_view_parent_class)->finalize (object);
}

static void
cn_contacts_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CAN_NAVIGATE_BACK:
      g_value_set_boolean (value, cn_contacts_view_can_navigate_back (CN_CONTACTS_VIEW (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_contacts_view_class_init (CnContactsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_contacts_view_dispose;
  object_class->finalize = cn_contacts_view_finalize;
  object_class->get_property = cn_contacts_view_get_property;
  widget_class->map = cn_contacts_view_map;

  /* Folded to one column, showing a contact: Back returns to the list. */
  properties[PROP_CAN_NAVIGATE_BACK] = g_param_spec_boolean ("can-navigate-back", NULL, NULL, FALSE,
                                                             G_PARAM_READABLE |
                                                                 G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REQUEST_ACTIVATED] = g_signal_new ("request-activated", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                             G_TYPE_INT64);

  g_type_ensure (CN_TYPE_CONTACT_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-contacts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CnContactsView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, CnContactsView, editor);
  gtk_widget_class_bind_template_child (widget_class, CnContactsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CnContactsView, list_view);
  gtk_widget_class_bind_template_child (widget_class, CnContactsView, leaflet);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, CnContactsView, search_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_contact_saved_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_new_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_request_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cn_contacts_view_init (CnContactsView *self)
{
  self->saved = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  set_up_list (self);
  update_list_page (self);
}

CnContactsView *
cn_contacts_view_new (void)
{
  return g_object_new (CN_TYPE_CONTACTS_VIEW, NULL);
}

void
cn_contacts_view_set_store (CnContactsView *self, CnStore *store)
{
  g_return_if_fail (CN_IS_CONTACTS_VIEW (self));
  g_return_if_fail (store == NULL || CN_IS_STORE (store));

  if (self->store == store)
    return;
  show_contact (self, NULL);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  cn_contact_editor_set_store (self->editor, store);
  if (store != NULL)
    {
      /* Not "reloaded": requests written do not change the rows, and
       * re-reading 30,000 contacts at each batch of requests would stall. */
      g_signal_connect_swapped (store, "contacts-changed",
                                G_CALLBACK (on_store_contacts_changed_cb), self);
    }
  reload (self);
}

gboolean
cn_contacts_view_select_contact (CnContactsView *self, gint64 contact_id)
{
  guint position;

  g_return_val_if_fail (CN_IS_CONTACTS_VIEW (self), FALSE);

  /* A contact added a moment ago is listed at the next reload: do it now
   * (and all of them, if the view was never shown). */
  if (self->reload_id != 0 || self->stale)
    {
      self->select_after_reload = contact_id;
      reload (self);
    }
  /* A big network still coming in: selected once it is all there. */
  if (self->load_cancellable != NULL || self->add_chunk_id != 0)
    {
      self->select_after_reload = contact_id;
      return TRUE;
    }
  if (find_contact (self, contact_id) == NULL)
    return FALSE;
  position = find_shown (self, contact_id);
  if (position == G_MAXUINT)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      position = find_shown (self, contact_id);
    }
  if (position == G_MAXUINT)
    return FALSE;
  select_position (self, position, TRUE);
  show_detail_page (self);
  return TRUE;
}

gboolean
cn_contacts_view_can_navigate_back (CnContactsView *self)
{
  g_return_val_if_fail (CN_IS_CONTACTS_VIEW (self), FALSE);

  return adw_leaflet_get_folded (self->leaflet) &&
         g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "detail") == 0;
}

void
cn_contacts_view_navigate_back (CnContactsView *self)
{
  g_return_if_fail (CN_IS_CONTACTS_VIEW (self));

  if (!cn_contacts_view_can_navigate_back (self))
    return;
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

void
cn_contacts_view_focus_search (CnContactsView *self)
{
  g_return_if_fail (CN_IS_CONTACTS_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

AdwToast *
_cn_contacts_view_get_last_toast (CnContactsView *self)
{
  return self->last_toast;
}
