/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The contact picker as a user works it: nothing chosen at first, a search
 * over name, company and e-mail that ignores case and accents, the keys of
 * the search (Down, Up, Return, Escape), and what a screen reader hears. */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-contact-picker.h"
#include "cn-test-ui.h"

typedef struct
{
  GtkWindow *window;
  CnContactPicker *picker;
  GListStore *contacts;
  guint notified;
} Fixture;

static CnContact *
add_contact (Fixture *f,
             gint64 id,
             const char *name,
             const char *company,
             const char *position,
             const char *email)
{
  g_autoptr (CnContact) contact = cn_contact_new (name);

  cn_contact_set_id (contact, id);
  cn_contact_set_company (contact, company);
  cn_contact_set_position (contact, position);
  cn_contact_set_email (contact, email);
  g_list_store_append (f->contacts, contact);
  return contact;
}

static void
on_notify_cb (GObject *object, GParamSpec *pspec, Fixture *f)
{
  f->notified++;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->contacts = g_list_store_new (CN_TYPE_CONTACT);
  add_contact (f, 1, "Adèle Martin", "Atelier Lumière", NULL, "adele@lumiere.fr");
  add_contact (f, 2, "Bruno Keller", NULL, "Data engineer", "bruno.keller@example.org");
  add_contact (f, 3, "Claire Fontanel", "Vélo Cargo", "CTO", NULL);
  add_contact (f, 4, "Zoë Müller", "Nordwind GmbH", NULL, "zoe@nordwind.de");

  f->window = GTK_WINDOW (gtk_window_new ());
  f->picker = cn_contact_picker_new ();
  gtk_window_set_child (f->window, GTK_WIDGET (f->picker));
  cn_contact_picker_set_contacts (f->picker, G_LIST_MODEL (f->contacts));
  g_signal_connect (f->picker, "notify::contact-id", G_CALLBACK (on_notify_cb), f);
  gtk_window_present (f->window);
  cn_test_ui_spin (50);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->contacts);
  cn_test_ui_spin (20);
}

static GtkWidget *
child (Fixture *f, const char *name)
{
  return GTK_WIDGET (cn_test_ui_child (f->picker, name));
}

static GListModel *
shown (Fixture *f)
{
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (child (f, "list_view"))));
}

static const char *
shown_name (Fixture *f, guint position)
{
  g_autoptr (CnContact) contact = g_list_model_get_item (shown (f), position);

  g_assert_nonnull (contact);
  return cn_contact_get_name (contact);
}

static const char *
highlighted_name (Fixture *f)
{
  return cn_contact_get_name (
      gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (shown (f))));
}

static void
open_and_type (Fixture *f, const char *text)
{
  g_signal_emit_by_name (child (f, "button"), "clicked");
  g_assert_true (gtk_widget_get_visible (child (f, "popover")));
  gtk_editable_set_text (GTK_EDITABLE (child (f, "search_entry")), text);
}

static gboolean
press (Fixture *f, guint keyval)
{
  GtkWidget *entry = child (f, "search_entry");
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (entry);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  return handled;
}

static char *
button_text (Fixture *f)
{
  return cn_test_ui_visible_text (gtk_label_get_text (GTK_LABEL (child (f, "label"))));
}

/* A label showing @text as a person reads it, in @widget or below it. */
static GtkWidget *
find_label (GtkWidget *widget, const char *text)
{
  if (GTK_IS_LABEL (widget))
    {
      g_autofree char *visible = cn_test_ui_visible_text (gtk_label_get_text (GTK_LABEL (widget)));

      if (g_strcmp0 (visible, text) == 0)
        return widget;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_nothing_chosen (Fixture *f, gconstpointer data)
{
  g_autofree char *text = button_text (f);

  g_assert_cmpint (cn_contact_picker_get_contact_id (f->picker), ==, 0);
  g_assert_cmpstr (text, ==, "Choose a contact…");
  gtk_test_accessible_assert_property (child (f, "button"), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Choose a contact");
  /* Opening offers everyone, still choosing no one. */
  g_signal_emit_by_name (child (f, "button"), "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 4);
  g_assert_cmpint (cn_contact_picker_get_contact_id (f->picker), ==, 0);
  g_assert_cmpuint (f->notified, ==, 0);
}

static void
test_search_folds_accents (Fixture *f, gconstpointer data)
{
  g_autofree char *text = NULL;

  open_and_type (f, "muller");
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 1);
  g_assert_cmpstr (shown_name (f, 0), ==, "Zoë Müller");
  /* Return picks the first match and closes. */
  g_signal_emit_by_name (child (f, "search_entry"), "activate");
  g_assert_cmpint (cn_contact_picker_get_contact_id (f->picker), ==, 4);
  g_assert_cmpuint (f->notified, ==, 1);
  g_assert_false (gtk_widget_get_visible (child (f, "popover")));
  text = button_text (f);
  g_assert_cmpstr (text, ==, "Zoë Müller");
  gtk_test_accessible_assert_property (child (f, "button"), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Contact: Zoë Müller");

  /* Upper case and accents typed find it too. */
  open_and_type (f, "ZOË MÜL");
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 1);
  g_assert_cmpstr (shown_name (f, 0), ==, "Zoë Müller");
}

static void
test_search_company_and_email (Fixture *f, gconstpointer data)
{
  open_and_type (f, "lumie");
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 1);
  g_assert_cmpstr (shown_name (f, 0), ==, "Adèle Martin");

  gtk_editable_set_text (GTK_EDITABLE (child (f, "search_entry")), "nordwind.de");
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 1);
  g_assert_cmpstr (shown_name (f, 0), ==, "Zoë Müller");

  gtk_editable_set_text (GTK_EDITABLE (child (f, "search_entry")), "data engineer");
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 1);
  g_assert_cmpstr (shown_name (f, 0), ==, "Bruno Keller");

  /* Erasing widens the list again. */
  gtk_editable_set_text (GTK_EDITABLE (child (f, "search_entry")), "");
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 4);

  gtk_editable_set_text (GTK_EDITABLE (child (f, "search_entry")), "nobody at all");
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (f, "stack"))), ==, "empty");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (f, "empty_label"))), ==,
                   "No contact matches");
  /* Return with no match picks no one. */
  g_signal_emit_by_name (child (f, "search_entry"), "activate");
  g_assert_cmpint (cn_contact_picker_get_contact_id (f->picker), ==, 0);
}

static void
test_keys (Fixture *f, gconstpointer data)
{
  open_and_type (f, "");
  g_assert_cmpstr (highlighted_name (f), ==, "Adèle Martin");
  g_assert_true (press (f, GDK_KEY_Down));
  g_assert_true (press (f, GDK_KEY_Down));
  g_assert_cmpstr (highlighted_name (f), ==, "Claire Fontanel");
  g_assert_true (press (f, GDK_KEY_Up));
  g_assert_cmpstr (highlighted_name (f), ==, "Bruno Keller");
  /* The focus stays in the search: typing goes on. */
  g_assert_true (gtk_widget_has_focus (gtk_root_get_focus (GTK_ROOT (f->window))) &&
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         child (f, "search_entry")));
  g_signal_emit_by_name (child (f, "search_entry"), "activate");
  g_assert_cmpint (cn_contact_picker_get_contact_id (f->picker), ==, 2);

  /* Escape closes without changing the choice. */
  open_and_type (f, "zoe");
  g_signal_emit_by_name (child (f, "search_entry"), "stop-search");
  g_assert_false (gtk_widget_get_visible (child (f, "popover")));
  g_assert_cmpint (cn_contact_picker_get_contact_id (f->picker), ==, 2);

  /* A click (activation) on a row picks it. */
  open_and_type (f, "");
  g_signal_emit_by_name (child (f, "list_view"), "activate", 2);
  g_assert_cmpint (cn_contact_picker_get_contact_id (f->picker), ==, 3);
}

static void
test_exclude_and_set (Fixture *f, gconstpointer data)
{
  cn_contact_picker_set_contact_id (f->picker, 3);
  g_assert_cmpint (cn_contact_picker_get_contact_id (f->picker), ==, 3);
  g_assert_cmpuint (f->notified, ==, 1);
  /* Excluding the chosen contact unchooses it, and hides it. */
  cn_contact_picker_set_excluded_id (f->picker, 3);
  g_assert_cmpint (cn_contact_picker_get_contact_id (f->picker), ==, 0);
  g_assert_cmpuint (f->notified, ==, 2);
  open_and_type (f, "");
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 3);
  open_and_type (f, "claire");
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 0);
  /* Nor can it be set. */
  cn_contact_picker_set_contact_id (f->picker, 3);
  g_assert_cmpint (cn_contact_picker_get_contact_id (f->picker), ==, 0);
  /* An unknown id chooses no one. */
  cn_contact_picker_set_contact_id (f->picker, 99);
  g_assert_cmpint (cn_contact_picker_get_contact_id (f->picker), ==, 0);
  /* A chosen contact that leaves the list is unchosen. */
  g_object_set (f->picker, "contact-id", (gint64) 4, NULL);
  g_assert_cmpint (cn_contact_picker_get_contact_id (f->picker), ==, 4);
  g_list_store_remove (f->contacts, 3);
  g_assert_cmpint (cn_contact_picker_get_contact_id (f->picker), ==, 0);
}

/* Rows show the name and, dimmed, company · e-mail, as written (never
 * markup). */
static void
test_rows (Fixture *f, gconstpointer data)
{
  add_contact (f, 5, "<b>Eve</b> & co", "R&D <i>lab</i>", NULL, "eve@lab.org");
  open_and_type (f, "eve");
  cn_test_ui_spin (50);
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 1);
  g_assert_nonnull (find_label (child (f, "list_view"), "<b>Eve</b> & co"));
  g_assert_nonnull (find_label (child (f, "list_view"), "R&D <i>lab</i> · eve@lab.org"));
}

/* With no contact at all, the search says so rather than "no match". */
static void
test_no_contacts (Fixture *f, gconstpointer data)
{
  g_list_store_remove_all (f->contacts);
  open_and_type (f, "");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (f, "stack"))), ==, "empty");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (f, "empty_label"))), ==,
                   "No contacts yet");
  g_signal_emit_by_name (child (f, "search_entry"), "activate");
  g_assert_cmpint (cn_contact_picker_get_contact_id (f->picker), ==, 0);
}

/* Filtering 30,000 contacts per keystroke: correct, and without a stall the
 * suite would notice (speed itself is measured in tests/bench). */
static void
test_many (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) many = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 30000; i++)
    {
      g_autofree char *name = g_strdup_printf ("Person %05u", i);
      CnContact *contact = cn_contact_new (name);

      cn_contact_set_id (contact, 100 + i);
      g_ptr_array_add (many, contact);
    }
  g_list_store_splice (f->contacts, 0, 0, many->pdata, many->len);
  /* 02999, 12999, 22999 and 29990 to 29999. */
  open_and_type (f, "person 2999");
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 13);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "search_entry")), "person 29999");
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 1);
  g_signal_emit_by_name (child (f, "search_entry"), "activate");
  g_assert_cmpint (cn_contact_picker_get_contact_id (f->picker), ==, 100 + 29999);
}

/* Not a check: a picture of the open search for a person to look at, when
 * asked ($CN_PICKER_SNAPSHOT names the PNG file). */
static void
test_snapshot (Fixture *f, gconstpointer data)
{
  const char *path = g_getenv ("CN_PICKER_SNAPSHOT");
  g_autoptr (GError) error = NULL;

  if (path == NULL)
    {
      g_test_skip ("set CN_PICKER_SNAPSHOT to take a screenshot");
      return;
    }
  open_and_type (f, "e");
  g_assert_true (press (f, GDK_KEY_Down));
  g_assert_true (cn_test_ui_snapshot (child (f, "popover"), path, &error));
  g_assert_no_error (error);
}

int
main (int argc, char *argv[])
{
  /* Accessible properties are only readable back from GTK's test context. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!cn_test_ui_init (&argc, &argv))
    return g_test_run ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/picker/nothing-chosen", test_nothing_chosen);
  ADD ("/picker/search-folds-accents", test_search_folds_accents);
  ADD ("/picker/search-company-and-email", test_search_company_and_email);
  ADD ("/picker/keys", test_keys);
  ADD ("/picker/exclude-and-set", test_exclude_and_set);
  ADD ("/picker/rows", test_rows);
  ADD ("/picker/no-contacts", test_no_contacts);
  ADD ("/picker/many", test_many);
  ADD ("/picker/snapshot", test_snapshot);
#undef ADD

  return g_test_run ();
}
