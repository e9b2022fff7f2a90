/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The Contacts page as a user works with it: the sorted list, the search
 * that ignores case and accents, the editor that saves by itself and
 * refuses a bad address, the introductions with their outcome, and
 * deleting a contact that has requests, with the question and Undo. */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-contact-picker.h"
#include "cn-contacts-view.h"
#include "cn-delete-contact-dialog.h"
#include "cn-demo.h"
#include "cn-store.h"
#include "cn-test-ui.h"

typedef struct
{
  CnStore *store;
  GtkWindow *window;
  CnContactsView *view;
} Fixture;

static guint db_counter;

static GtkGridView *
contacts_list (Fixture *f)
{
  return GTK_GRID_VIEW (cn_test_ui_child (f->view, "list_view"));
}

static GtkWidget *
contacts_search (Fixture *f)
{
  return GTK_WIDGET (cn_test_ui_child (f->view, "search_entry"));
}

/* "list", "empty" or "no-match". */
static const char *
list_page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (cn_test_ui_child (f->view, "list_stack")));
}

static GListModel *
shown (Fixture *f)
{
  return G_LIST_MODEL (gtk_grid_view_get_model (contacts_list (f)));
}

static gboolean
list_is_filled (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (shown (f)) == cn_store_count_contacts (f->store) &&
         g_strcmp0 (list_page (f), "list") == 0;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_strdup_printf ("%s/contacts-%u.db", cn_test_ui_get_tmpdir (),
                                           ++db_counter);
  g_autoptr (GError) error = NULL;
  GtkWidget *overlay = adw_toast_overlay_new ();

  f->store = cn_store_open (path, &error);
  g_assert_no_error (error);
  if (data == NULL)
    {
      g_assert_cmpint (cn_demo_load (f->store, &error), >, 0);
      g_assert_no_error (error);
    }

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 760);
  f->view = cn_contacts_view_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->view));
  gtk_window_set_child (f->window, overlay);
  cn_contacts_view_set_store (f->view, f->store);
  gtk_window_present (f->window);
  if (data == NULL)
    g_assert_true (cn_test_ui_wait_until (list_is_filled, f, 3000));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  GtkWindow *dialog;

  while ((dialog = cn_test_ui_find_toplevel (CN_TYPE_DELETE_CONTACT_DIALOG)) != NULL)
    gtk_window_destroy (dialog);
  gtk_window_destroy (f->window);
  cn_test_ui_spin (20);
  g_clear_object (&f->store);
}

static gint64
contact_id_by_name (Fixture *f, const char *name)
{
  g_autoptr (GPtrArray) contacts = cn_store_list_contacts (f->store, NULL);

  for (guint i = 0; i < contacts->len; i++)
    {
      CnContact *contact = g_ptr_array_index (contacts, i);

      if (g_strcmp0 (cn_contact_get_name (contact), name) == 0)
        return cn_contact_get_id (contact);
    }
  g_assert_not_reached ();
}

static CnContactEditor *
editor (Fixture *f)
{
  return CN_CONTACT_EDITOR (cn_test_ui_child (f->view, "editor"));
}

static GtkWidget *
editor_child (Fixture *f, const char *name)
{
  return GTK_WIDGET (cn_test_ui_child (editor (f), name));
}

/* A field of the editor, by its id in the template ("name_row", …). */
static GtkEditable *
field (Fixture *f, const char *name)
{
  return GTK_EDITABLE (editor_child (f, name));
}

static gint64
shown_id (Fixture *f)
{
  CnContact *contact = cn_contact_editor_get_contact (editor (f));

  return contact ? cn_contact_get_id (contact) : 0;
}

static void
select_by_name (Fixture *f, const char *name)
{
  gint64 id = contact_id_by_name (f, name);

  g_assert_true (cn_contacts_view_select_contact (f->view, id));
  g_assert_cmpint (shown_id (f), ==, id);
  g_assert_cmpstr (gtk_editable_get_text (field (f, "name_row")), ==, name);
}

/* The requests whose target is the contact. */
static GArray *
requests_of (Fixture *f, gint64 contact_id)
{
  g_autoptr (GArray) ids = cn_store_list_request_ids (f->store, NULL);
  GArray *found = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr (CnRequest) request = cn_store_get_request (f->store, id, NULL);

      if (cn_request_get_target_id (request) == contact_id)
        g_array_append_val (found, id);
    }
  return found;
}

static void
test_list_sorted (Fixture *f, gconstpointer data)
{
  static const char *const expected[] = {
    "Claire Fontanel", "David Okafor", "Emily Carter",   "Hélène Vasseur",
    "Julien Moreau",   "Priya Raman",  "Sophie Marchal", "Thomas Lefebvre-Nguyen",
  };
  GListModel *model = shown (f);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr (CnContact) contact = g_list_model_get_item (model, i);

      g_assert_cmpstr (cn_contact_get_name (contact), ==, expected[i]);
    }
  /* "Élodie" sorts with the E, not after Z. */
  {
    g_autoptr (CnContact) accented = cn_contact_new ("Élodie Zeller");
    g_autoptr (CnContact) third = NULL;

    g_assert_true (cn_store_add_contact (f->store, accented, NULL));
    g_assert_true (cn_test_ui_wait_until (list_is_filled, f, 3000));
    third = g_list_model_get_item (model, 2);
    g_assert_cmpstr (cn_contact_get_name (third), ==, "Élodie Zeller");
  }
}

static void
test_empty_state (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 0);
  g_assert_cmpstr (list_page (f), ==, "empty");
  g_assert_null (cn_contact_editor_get_contact (editor (f)));
}

typedef struct
{
  Fixture *f;
  guint n;
  const char *first;
} Expect;

static gboolean
search_shows (gpointer data)
{
  Expect *e = data;
  GListModel *model = shown (e->f);
  g_autoptr (CnContact) first = NULL;

  if (g_list_model_get_n_items (model) != e->n)
    return FALSE;
  if (e->first == NULL)
    return TRUE;
  first = g_list_model_get_item (model, 0);
  return g_strcmp0 (cn_contact_get_name (first), e->first) == 0;
}

static gboolean
last_is (gpointer data)
{
  Expect *e = data;
  GListModel *model = shown (e->f);
  guint n = g_list_model_get_n_items (model);
  g_autoptr (CnContact) last = n > 0 ? g_list_model_get_item (model, n - 1) : NULL;

  return n == e->n && last != NULL && g_strcmp0 (cn_contact_get_name (last), e->first) == 0;
}

static void
search (Fixture *f, const char *text, guint n, const char *first)
{
  gtk_editable_set_text (GTK_EDITABLE (contacts_search (f)), text);
  if (!cn_test_ui_wait_until (search_shows, &(Expect){ f, n, first }, 3000))
    g_error ("searching “%s” shows %u contacts, expected %u", text,
             g_list_model_get_n_items (shown (f)), n);
}

/* Requests written in a batch (an import, the analysis) leave the contacts
 * as they are: the list is not read again. */
static void
test_requests_written_keep_list (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CnRequest) request = cn_request_new ();
  g_autoptr (CnContact) before = g_list_model_get_item (shown (f), 0);
  g_autoptr (CnContact) after = NULL;
  gulong handler;
  guint reloaded = 0;

  handler = g_signal_connect_swapped (f->store, "reloaded", G_CALLBACK (g_atomic_int_inc),
                                      &reloaded);
  cn_request_set_requester_name (request, "Marc Petit");
  cn_request_set_note_to_target (request, "Bonjour, pourriez-vous me présenter ?");
  g_assert_true (cn_store_begin (f->store, &error));
  g_assert_true (cn_store_add_request (f->store, request, &error));
  g_assert_true (cn_store_commit (f->store, &error));
  g_assert_no_error (error);
  cn_test_ui_spin (100);
  g_signal_handler_disconnect (f->store, handler);

  g_assert_cmpuint (reloaded, ==, 1);
  after = g_list_model_get_item (shown (f), 0);
  g_assert_true (after == before);
}

/* Each keystroke filters at once: no pause is awaited before searching. */
static void
test_search_without_delay (Fixture *f, gconstpointer data)
{
  GtkWidget *entry = contacts_search (f);

  g_assert_cmpuint (gtk_search_entry_get_search_delay (GTK_SEARCH_ENTRY (entry)), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), "helene");
  /* Only what is already due runs: no timer is waited for. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (search_shows (&(Expect){ f, 1, "Hélène Vasseur" }));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (search_shows (&(Expect){ f, 8, "Claire Fontanel" }));
}

static void
test_search (Fixture *f, gconstpointer data)
{
  search (f, "helene", 1, "Hélène Vasseur");
  search (f, "HÉLÈNE vass", 1, "Hélène Vasseur");
  g_assert_cmpstr (list_page (f), ==, "list");
  /* Expertise tags, company, position and e-mail are searched too. */
  search (f, "iso 27001", 1, "Hélène Vasseur");
  search (f, "securite", 1, "Hélène Vasseur");
  search (f, "rust", 1, "David Okafor");
  search (f, "lumenstack", 1, "David Okafor");
  search (f, "meridianhealth.example", 1, "Priya Raman");
  search (f, "no such person", 0, NULL);
  g_assert_cmpstr (list_page (f), ==, "no-match");
  search (f, "", 8, "Claire Fontanel");
  g_assert_cmpstr (list_page (f), ==, "list");

  /* Enter in the search opens the first match. */
  search (f, "okafor", 1, "David Okafor");
  g_signal_emit_by_name (contacts_search (f), "activate");
  g_assert_cmpint (shown_id (f), ==, contact_id_by_name (f, "David Okafor"));
}

typedef struct
{
  Fixture *f;
  gint64 id;
  const char *company;
  const char *email;
} StoredExpect;

static gboolean
stored_company_is (gpointer data)
{
  StoredExpect *e = data;
  g_autoptr (CnContact) contact = cn_store_get_contact (e->f->store, e->id, NULL);

  return contact != NULL && g_strcmp0 (cn_contact_get_company (contact), e->company) == 0;
}

static gboolean
stored_email_is (gpointer data)
{
  StoredExpect *e = data;
  g_autoptr (CnContact) contact = cn_store_get_contact (e->f->store, e->id, NULL);

  return contact != NULL && g_strcmp0 (cn_contact_get_email (contact), e->email) == 0;
}

static void
test_edit_saved (Fixture *f, gconstpointer data)
{
  gint64 id = contact_id_by_name (f, "Claire Fontanel");
  g_autoptr (CnContact) stored = NULL;
  GtkEditable *tag = field (f, "tag_row");
  const char *const *tags;

  select_by_name (f, "Claire Fontanel");
  gtk_editable_set_text (field (f, "company_row"), "Passerelles Conseil");
  g_assert_true (cn_test_ui_wait_until (stored_company_is,
                                        &(StoredExpect){ f, id, "Passerelles Conseil" }, 3000));

  /* Tags typed with commas; one already there is not doubled. */
  gtk_editable_set_text (tag, "coaching, Bilan de compétences ,");
  g_signal_emit_by_name (tag, "apply");
  g_assert_cmpstr (gtk_editable_get_text (tag), ==, "");
  /* She asked for "tu": her French endorsements will say it. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (editor_child (f, "address_row"))),
                    ==, CN_REGISTER_VOUS);
  adw_combo_row_set_selected (ADW_COMBO_ROW (editor_child (f, "address_row")), CN_REGISTER_TU);
  /* Switching to another contact saves at once. */
  select_by_name (f, "David Okafor");
  stored = cn_store_get_contact (f->store, id, NULL);
  tags = cn_contact_get_expertise (stored);
  g_assert_cmpuint (g_strv_length ((char **) tags), ==, 6);
  g_assert_cmpint (cn_contact_get_address_form (stored), ==, CN_REGISTER_TU);
  g_assert_cmpstr (tags[5], ==, "coaching");
  g_assert_cmpstr (cn_contact_get_company (stored), ==, "Passerelles Conseil");
  /* The list follows. */
  search (f, "coaching", 1, "Claire Fontanel");

  /* A new name moves the contact to its place in the list. */
  search (f, "", 8, NULL);
  select_by_name (f, "Claire Fontanel");
  gtk_editable_set_text (field (f, "name_row"), "Zoé Fontanel");
  g_assert_true (cn_contact_editor_save (editor (f)));
  g_assert_true (cn_test_ui_wait_until (last_is, &(Expect){ f, 8, "Zoé Fontanel" }, 3000));
  g_assert_cmpint (shown_id (f), ==, id);
}

static void
test_invalid_email (Fixture *f, gconstpointer data)
{
  gint64 id = contact_id_by_name (f, "Claire Fontanel");
  GtkEditable *email = field (f, "email_row");
  GtkWidget *email_row = editor_child (f, "email_row");
  g_autoptr (CnContact) stored = NULL;

  select_by_name (f, "Claire Fontanel");
  gtk_editable_set_text (email, "claire at passerelles");
  g_assert_true (gtk_widget_has_css_class (email_row, "error"));
  /* Other fields still save; the address keeps its last valid value. */
  gtk_editable_set_text (field (f, "company_row"), "Autre Société");
  g_assert_true (
      cn_test_ui_wait_until (stored_company_is, &(StoredExpect){ f, id, "Autre Société" }, 3000));
  g_assert_true (cn_contact_editor_save (editor (f)));
  stored = cn_store_get_contact (f->store, id, NULL);
  g_assert_cmpstr (cn_contact_get_email (stored), ==, "claire@passerelles-rh.example");

  gtk_editable_set_text (email, "claire@passerelles.example");
  g_assert_false (gtk_widget_has_css_class (email_row, "error"));
  g_assert_true (
      cn_test_ui_wait_until (stored_email_is,
                             &(StoredExpect){ f, id, NULL, "claire@passerelles.example" }, 3000));

  /* Nor a date that does not exist; a real one is. */
  {
    GtkEditable *away = field (f, "away_row");
    g_autoptr (CnContact) saved = NULL;

    AdwPreferencesRow *row = ADW_PREFERENCES_ROW (editor_child (f, "away_row"));

    /* Typed as the interface writes dates, and said so. */
    g_assert_cmpstr (adw_preferences_row_get_title (row), ==, "Away Until (MM/DD/YYYY)");
    gtk_editable_set_text (away, "02/30/2026");
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
    /* What is wrong is said in words, not only in red. */
    g_assert_cmpstr (adw_preferences_row_get_title (row), ==, "Not a Date: Type It as MM/DD/YYYY");
    g_assert_true (cn_contact_editor_save (editor (f)));
    saved = cn_store_get_contact (f->store, id, NULL);
    g_assert_null (cn_contact_get_away_until (saved));
    g_clear_object (&saved);
    gtk_editable_set_text (away, "12/24/2026");
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
    g_assert_cmpstr (adw_preferences_row_get_title (row), ==, "Away Until (MM/DD/YYYY)");
    g_assert_true (cn_contact_editor_save (editor (f)));
    saved = cn_store_get_contact (f->store, id, NULL);
    g_assert_cmpstr (cn_contact_get_away_until (saved), ==, "2026-12-24");
    g_clear_object (&saved);
    /* ISO 8601 is understood in every language. */
    gtk_editable_set_text (away, "2026-12-31");
    g_assert_true (cn_contact_editor_save (editor (f)));
    saved = cn_store_get_contact (f->store, id, NULL);
    g_assert_cmpstr (cn_contact_get_away_until (saved), ==, "2026-12-31");
  }

  /* The calendar writes the date it is given. */
  {
    GtkMenuButton *button = GTK_MENU_BUTTON (editor_child (f, "away_calendar_button"));
    GtkPopover *popover = gtk_menu_button_get_popover (button);
    GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
    g_autoptr (GDateTime) day = g_date_time_new_local (2027, 1, 15, 12, 0, 0);

    gtk_calendar_select_day (calendar, day);
    g_assert_cmpstr (gtk_editable_get_text (field (f, "away_row")), ==, "01/15/2027");
  }

  /* An empty name is not saved either. */
  gtk_editable_set_text (field (f, "name_row"), "  ");
  g_assert_true (gtk_widget_has_css_class (editor_child (f, "name_row"), "error"));
  cn_contact_editor_save (editor (f));
  g_clear_object (&stored);
  stored = cn_store_get_contact (f->store, id, NULL);
  g_assert_cmpstr (cn_contact_get_name (stored), ==, "Claire Fontanel");
}

static gboolean
dialog_shown (gpointer data)
{
  return cn_test_ui_find_toplevel (CN_TYPE_DELETE_CONTACT_DIALOG) != NULL;
}

static gboolean
contact_is_gone (gpointer data)
{
  StoredExpect *e = data;
  g_autoptr (CnContact) contact = cn_store_get_contact (e->f->store, e->id, NULL);

  return contact == NULL && shown_id (e->f) != e->id;
}

static gboolean
contact_is_back (gpointer data)
{
  StoredExpect *e = data;
  g_autoptr (CnContact) contact = cn_store_get_contact (e->f->store, e->id, NULL);

  return contact != NULL && shown_id (e->f) == e->id;
}

static CnDeleteContactDialog *
ask_delete (Fixture *f)
{
  gtk_widget_activate (editor_child (f, "delete_button"));
  g_assert_true (cn_test_ui_wait_until (dialog_shown, NULL, 3000));
  return CN_DELETE_CONTACT_DIALOG (cn_test_ui_find_toplevel (CN_TYPE_DELETE_CONTACT_DIALOG));
}

static void
test_delete_keep_and_undo (Fixture *f, gconstpointer data)
{
  gint64 id = contact_id_by_name (f, "Hélène Vasseur");
  g_autoptr (CnContact) before = cn_store_get_contact (f->store, id, NULL);
  g_autoptr (CnContact) after = NULL;
  g_autoptr (GArray) requests = requests_of (f, id);
  guint n_contacts = cn_store_count_contacts (f->store);
  CnDeleteContactDialog *dialog;
  AdwToast *toast;

  g_assert_cmpuint (requests->len, >, 0);
  select_by_name (f, "Hélène Vasseur");

  /* Cancel deletes nothing. */
  dialog = ask_delete (f);
  g_assert_cmpint (cn_delete_contact_dialog_get_contact_id (dialog), ==, id);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  cn_test_ui_spin (50);
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, n_contacts);

  /* Nothing goes while the question is open. */
  dialog = ask_delete (f);
  cn_test_ui_spin (50);
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, n_contacts);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_assert_true (cn_test_ui_wait_until (contact_is_gone, &(StoredExpect){ f, id }, 3000));
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, n_contacts - 1);
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, n_contacts - 1);
  for (guint i = 0; i < requests->len; i++)
    {
      g_autoptr (CnRequest)
                     request = cn_store_get_request (f->store, g_array_index (requests, gint64, i),
                                                     NULL);

      g_assert_nonnull (request);
      g_assert_cmpint (cn_request_get_target_id (request), ==, 0);
    }

  /* Undo puts back the same contact and its requests' targets. */
  toast = _cn_contacts_view_get_last_toast (f->view);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_button_label (toast), !=, NULL);
  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_true (cn_test_ui_wait_until (contact_is_back, &(StoredExpect){ f, id }, 3000));
  after = cn_store_get_contact (f->store, id, NULL);
  g_assert_true (cn_contact_equal (before, after));
  for (guint i = 0; i < requests->len; i++)
    {
      g_autoptr (CnRequest)
                     request = cn_store_get_request (f->store, g_array_index (requests, gint64, i),
                                                     NULL);

      g_assert_cmpint (cn_request_get_target_id (request), ==, id);
    }
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, n_contacts);
}

static void
test_delete_move (Fixture *f, gconstpointer data)
{
  gint64 id = contact_id_by_name (f, "Hélène Vasseur");
  gint64 other = contact_id_by_name (f, "Claire Fontanel");
  g_autoptr (GArray) requests = requests_of (f, id);
  g_autoptr (GArray) others_before = requests_of (f, other);
  guint n_before = others_before->len;
  CnDeleteContactDialog *dialog;
  CnContactPicker *move_to;
  GtkWidget *search;
  GListModel *offered;
  g_autoptr (GArray) moved = NULL;

  select_by_name (f, "Hélène Vasseur");
  dialog = ask_delete (f);
  move_to = CN_CONTACT_PICKER (cn_test_ui_child (dialog, "move_to"));
  search = GTK_WIDGET (cn_test_ui_child (move_to, "search_entry"));
  offered = G_LIST_MODEL (
      gtk_list_view_get_model (GTK_LIST_VIEW (cn_test_ui_child (move_to, "list_view"))));

  /* No one is chosen for the user: Move waits for a choice. */
  g_assert_cmpint (cn_contact_picker_get_contact_id (move_to), ==, 0);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "move"));

  /* The contact being deleted is not offered; the others are. */
  g_signal_emit_by_name (cn_test_ui_child (move_to, "button"), "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (offered), ==, 7);
  gtk_editable_set_text (GTK_EDITABLE (search), "helene");
  g_assert_cmpuint (g_list_model_get_n_items (offered), ==, 0);

  /* Typing part of the name and Return picks Claire. */
  gtk_editable_set_text (GTK_EDITABLE (search), "fontan");
  g_assert_cmpuint (g_list_model_get_n_items (offered), ==, 1);
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpint (cn_contact_picker_get_contact_id (move_to), ==, other);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "move"));

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "move");
  g_assert_true (cn_test_ui_wait_until (contact_is_gone, &(StoredExpect){ f, id }, 3000));
  moved = requests_of (f, other);
  g_assert_cmpuint (moved->len, ==, n_before + requests->len);
}

static void
on_request_activated_cb (CnContactsView *view, gint64 request_id, gint64 *out)
{
  *out = request_id;
}

typedef struct
{
  Fixture *f;
  gint64 request_id;
  CnOutcome outcome;
  guint n;
} IntroExpect;

static guint
n_introductions (Fixture *f)
{
  GtkListBox *list = GTK_LIST_BOX (editor_child (f, "intro_list"));
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, (int) n) != NULL)
    n++;
  return n;
}

static GtkWidget *
introduction_row (Fixture *f, guint index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (editor_child (f, "intro_list")),
                                                      (int) index);

  g_assert_nonnull (row);
  return GTK_WIDGET (row);
}

/* The outcome drop-down of an introduction's row. */
static GtkDropDown *
outcome_of (GtkWidget *widget)
{
  if (GTK_IS_DROP_DOWN (widget))
    return GTK_DROP_DOWN (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found = outcome_of (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
introductions_listed (gpointer data)
{
  IntroExpect *e = data;

  return n_introductions (e->f) == e->n;
}

static gboolean
outcome_stored (gpointer data)
{
  IntroExpect *e = data;

  return cn_store_get_request_outcome (e->f->store, e->request_id) == e->outcome;
}

static void
test_introductions (Fixture *f, gconstpointer data)
{
  gint64 id = contact_id_by_name (f, "David Okafor");
  g_autoptr (GArray) requests = requests_of (f, id);
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GError) error = NULL;
  gint64 request_id, activated = 0;
  g_autofree char *expected = NULL;
  guint cap;
  GtkDropDown *outcome;

  g_assert_cmpuint (requests->len, >, 0);
  request_id = g_array_index (requests, gint64, 0);
  select_by_name (f, "David Okafor");
  before = cn_store_list_introductions (f->store, id, NULL);
  g_assert_cmpuint (n_introductions (f), ==, before->len);

  g_assert_true (cn_store_record_action (f->store, request_id, CN_EVENT_ACTION_FORWARDED, "text",
                                         CN_REQUEST_STATUS_FORWARDED, NULL, &error));
  g_assert_no_error (error);
  /* The newest is first. */
  g_assert_true (cn_test_ui_wait_until (introductions_listed,
                                        &(IntroExpect){ f, request_id, 0, before->len + 1 }, 3000));
  cap = cn_contact_get_monthly_cap (cn_contact_editor_get_contact (editor (f)));
  g_assert_cmpuint (cap, >, 0);
  expected = g_strdup_printf ("%u of %u",
                              cn_store_count_forwards_to_contact (f->store, id,
                                                                  g_get_real_time () /
                                                                          G_USEC_PER_SEC -
                                                                      30 * 24 * 3600),
                              cap);
  g_assert_nonnull (strstr (adw_preferences_group_get_description (
                                ADW_PREFERENCES_GROUP (editor_child (f, "intro_group"))),
                            expected));

  outcome = outcome_of (introduction_row (f, 0));
  g_assert_cmpuint (gtk_drop_down_get_selected (outcome), ==, CN_OUTCOME_NONE);
  gtk_drop_down_set_selected (outcome, CN_OUTCOME_ACCEPTED);
  g_assert_true (cn_test_ui_wait_until (outcome_stored,
                                        &(IntroExpect){ f, request_id, CN_OUTCOME_ACCEPTED },
                                        3000));
  /* The row survives the store's change signal: same drop-down, same value. */
  cn_test_ui_spin (50);
  g_assert_true (outcome_of (introduction_row (f, 0)) == outcome);
  g_assert_cmpuint (gtk_drop_down_get_selected (outcome), ==, CN_OUTCOME_ACCEPTED);

  /* Opening the introduction asks the window for its request. */
  g_signal_connect (f->view, "request-activated", G_CALLBACK (on_request_activated_cb), &activated);
  g_signal_emit_by_name (introduction_row (f, 0), "activate");
  g_assert_cmpint (activated, ==, request_id);
}

/* The row's text, shown by an inscription. */
static GtkInscription *
find_inscription (GtkWidget *widget, const char *text)
{
  if (GTK_IS_INSCRIPTION (widget) &&
      g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), text) == 0)
    return GTK_INSCRIPTION (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkInscription *found = find_inscription (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_markup_literal (Fixture *f, gconstpointer data)
{
  g_autoptr (CnContact) contact = cn_contact_new ("<b>Ana & Co</b>");
  GtkInscription *name;

  cn_contact_set_company (contact, "<i>Studio</i>");
  g_assert_true (cn_store_add_contact (f->store, contact, NULL));
  g_assert_true (cn_contacts_view_select_contact (f->view, cn_contact_get_id (contact)));
  search (f, "ana & co", 1, "<b>Ana & Co</b>");
  cn_test_ui_spin (50);
  /* Set as text, never as markup: the tags are shown, not applied. */
  name = find_inscription (GTK_WIDGET (contacts_list (f)), "<b>Ana & Co</b>");
  g_assert_nonnull (name);
  g_assert_null (gtk_inscription_get_attributes (name));
  g_assert_nonnull (find_inscription (GTK_WIDGET (contacts_list (f)), "<i>Studio</i>"));
  g_assert_cmpstr (gtk_editable_get_text (field (f, "name_row")), ==, "<b>Ana & Co</b>");
}

static void
test_new_contact (Fixture *f, gconstpointer data)
{
  guint n = cn_store_count_contacts (f->store);
  GtkWidget *name = GTK_WIDGET (field (f, "name_row"));
  GtkWidget *focus;

  search (f, "rust", 1, "David Okafor");
  /* The list's "+" button. */
  {
    GtkWidget *search_entry = contacts_search (f);
    GtkWidget *button = gtk_widget_get_next_sibling (search_entry);

    g_assert_true (GTK_IS_BUTTON (button));
    g_signal_emit_by_name (button, "clicked");
  }
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, n + 1);
  /* The search is cleared so that the new contact shows, and its name is
   * ready to be typed over. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (contacts_search (f))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, _("New contact"));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (focus == name || gtk_widget_is_ancestor (focus, name));
  g_assert_nonnull (gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (shown (f))));

  /* Without requests there is nothing to ask: it goes at once, with Undo. */
  {
    gint64 id = shown_id (f);

    gtk_widget_activate (editor_child (f, "delete_button"));
    g_assert_true (cn_test_ui_wait_until (contact_is_gone, &(StoredExpect){ f, id }, 3000));
    g_assert_null (cn_test_ui_find_toplevel (CN_TYPE_DELETE_CONTACT_DIALOG));
    g_assert_cmpuint (cn_store_count_contacts (f->store), ==, n);
    g_signal_emit_by_name (_cn_contacts_view_get_last_toast (f->view), "button-clicked");
    g_assert_true (cn_test_ui_wait_until (contact_is_back, &(StoredExpect){ f, id }, 3000));
  }

  cn_contacts_view_focus_search (f->view);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (gtk_widget_is_ancestor (focus, contacts_search (f)));
}

static GtkEventController *
find_controller (GtkWidget *widget, GType type)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  return NULL;
}

static gboolean
focus_within (Fixture *f, GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The keys a user relies on, through the controllers they reach. */
static void
test_keyboard (Fixture *f, gconstpointer data)
{
  GtkWidget *search_entry = contacts_search (f);
  GtkGridView *list_view = contacts_list (f);
  GtkEventController *keys = find_controller (search_entry, GTK_TYPE_EVENT_CONTROLLER_KEY);
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (
      find_controller (GTK_WIDGET (list_view), GTK_TYPE_SHORTCUT_CONTROLLER));
  GtkShortcut *delete_shortcut = NULL;
  gboolean handled = FALSE;

  cn_contacts_view_focus_search (f->view);
  g_assert_true (focus_within (f, search_entry));

  /* Down goes from the search into the list, on the first contact. */
  g_assert_nonnull (keys);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
  g_assert_true (handled);
  g_assert_true (focus_within (f, GTK_WIDGET (list_view)));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (shown (f))), ==, 0);

  /* Enter on a contact opens it, ready to edit. */
  g_signal_emit_by_name (list_view, "activate", 1);
  g_assert_cmpint (shown_id (f), ==, contact_id_by_name (f, "David Okafor"));
  g_assert_true (focus_within (f, editor_child (f, "name_row")));

  /* Delete asks first (the contact has requests). */
  g_assert_nonnull (shortcuts);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (shortcuts)); i++)
    {
      g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (shortcuts), i);
      GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

      if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
          gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_Delete)
        delete_shortcut = shortcut;
    }
  g_assert_nonnull (delete_shortcut);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (delete_shortcut), 0,
                                               GTK_WIDGET (list_view), NULL));
  g_assert_true (cn_test_ui_wait_until (dialog_shown, NULL, 3000));
  g_assert_cmpint (cn_delete_contact_dialog_get_contact_id (CN_DELETE_CONTACT_DIALOG (
                       cn_test_ui_find_toplevel (CN_TYPE_DELETE_CONTACT_DIALOG))),
                   ==, contact_id_by_name (f, "David Okafor"));
}

/* Not an assertion of looks: writes PNGs to check them by eye when
 * CN_CONTACTS_SNAPSHOT_DIR is set. */
static void
test_snapshot (Fixture *f, gconstpointer data)
{
  const char *dir = g_getenv ("CN_CONTACTS_SNAPSHOT_DIR");
  const char *lang = g_getenv ("LANGUAGE");
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id = contact_id_by_name (f, "David Okafor");
  g_autoptr (GArray) requests = requests_of (f, id);

  if (dir == NULL)
    {
      g_test_skip ("set CN_CONTACTS_SNAPSHOT_DIR to take screenshots");
      return;
    }
  cn_store_record_action (f->store, g_array_index (requests, gint64, 0), CN_EVENT_ACTION_FORWARDED,
                          "text", CN_REQUEST_STATUS_FORWARDED, NULL, NULL);
  select_by_name (f, "David Okafor");
  cn_test_ui_spin (300);
  path = g_strdup_printf ("%s/contacts-%s.png", dir,
                          lang != NULL && g_str_has_prefix (lang, "fr") ? "fr" : "en");
  g_assert_true (cn_test_ui_snapshot (GTK_WIDGET (f->window), path, &error));
  g_assert_no_error (error);
  {
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (
        GTK_SCROLLED_WINDOW (gtk_widget_get_first_child (GTK_WIDGET (editor (f)))));
    g_autofree char *bottom = g_strdup_printf ("%s/contacts-%s-bottom.png", dir,
                                               lang != NULL && g_str_has_prefix (lang, "fr")
                                                   ? "fr"
                                                   : "en");

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    cn_test_ui_spin (200);
    g_assert_true (cn_test_ui_snapshot (GTK_WIDGET (f->window), bottom, &error));
  }
  {
    g_autofree char *dialog_path = g_strdup_printf ("%s/contacts-%s-dialog.png", dir,
                                                    lang != NULL && g_str_has_prefix (lang, "fr")
                                                        ? "fr"
                                                        : "en");
    CnDeleteContactDialog *dialog;

    select_by_name (f, "Hélène Vasseur");
    dialog = ask_delete (f);
    cn_test_ui_spin (500);
    g_assert_true (cn_test_ui_snapshot (GTK_WIDGET (dialog), dialog_path, &error));
  }
}

/* How long the main loop went without running a 2 ms timeout. */
typedef struct
{
  gint64 last;
  gint64 longest;
} StallWatch;

static gboolean
on_stall_tick_cb (gpointer data)
{
  StallWatch *watch = data;
  gint64 now = g_get_monotonic_time ();

  watch->longest = MAX (watch->longest, now - watch->last);
  watch->last = now;
  return G_SOURCE_CONTINUE;
}

/* 30,000 contacts are read in a thread (the window does not stall), and a
 * keystroke in the search filters in memory. */
static void
test_many_contacts (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimer) timer = g_timer_new ();
  StallWatch stall = { 0 };
  guint tick;
  double elapsed;

  g_assert_true (cn_store_begin (f->store, &error));
  for (guint i = 0; i < 30000; i++)
    {
      g_autofree char *name = g_strdup_printf ("Personne %05u Éléonore", i);
      g_autoptr (CnContact) contact = cn_contact_new (name);
      const char *tags[] = { i % 100 == 0 ? "cryptographie" : "vente", NULL };

      cn_contact_set_company (contact, "Société Générique");
      cn_contact_set_expertise (contact, tags);
      g_assert_true (cn_store_add_contact (f->store, contact, &error));
    }
  g_assert_true (cn_store_commit (f->store, &error));
  g_timer_start (timer);
  stall.last = g_get_monotonic_time ();
  tick = g_timeout_add (2, on_stall_tick_cb, &stall);
  g_assert_true (cn_test_ui_wait_until (list_is_filled, f, 20000));
  g_source_remove (tick);
  g_test_message ("30,008 contacts listed in %.0f ms; longest main-loop stall meanwhile: %.0f ms",
                  g_timer_elapsed (timer, NULL) * 1000, stall.longest / 1000.0);

  g_timer_start (timer);
  search (f, "crypto", 300, NULL);
  elapsed = g_timer_elapsed (timer, NULL);
  g_test_message ("search: %.0f ms (with the entry's delay)", elapsed * 1000);
  g_timer_start (timer);
  search (f, "cryptog eleo", 300, NULL);
  search (f, "hélène", 1, "Hélène Vasseur");
  search (f, "", 30008, NULL);
  g_test_message ("three more searches: %.0f ms", g_timer_elapsed (timer, NULL) * 1000);
}

int
main (int argc, char **argv)
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;

#define ADD(path, func, data)                                                                      \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/contacts/list-sorted", test_list_sorted, NULL);
  ADD ("/contacts/empty-state", test_empty_state, "empty");
  ADD ("/contacts/search", test_search, NULL);
  ADD ("/contacts/search-without-delay", test_search_without_delay, NULL);
  ADD ("/contacts/requests-written-keep-list", test_requests_written_keep_list, NULL);
  ADD ("/contacts/edit-saved", test_edit_saved, NULL);
  ADD ("/contacts/invalid-email", test_invalid_email, NULL);
  ADD ("/contacts/delete-keep-undo", test_delete_keep_and_undo, NULL);
  ADD ("/contacts/delete-move", test_delete_move, NULL);
  ADD ("/contacts/introductions", test_introductions, NULL);
  ADD ("/contacts/markup-literal", test_markup_literal, NULL);
  ADD ("/contacts/new-contact", test_new_contact, NULL);
  ADD ("/contacts/keyboard", test_keyboard, NULL);
  ADD ("/contacts/snapshot", test_snapshot, NULL);
  if (g_test_slow ())
    ADD ("/contacts/many", test_many_contacts, NULL);
#undef ADD

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
