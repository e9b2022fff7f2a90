/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The window in French (run with LANGUAGE=fr): the expected texts are written
 * out here, not looked up through gettext, so a missing or broken catalogue
 * fails the test. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cn-compose.h"
#include "cn-contact-picker.h"
#include "cn-demo.h"
#include "cn-reply-dialog.h"
#include "cn-endorsement-editor.h"
#include "cn-request-row.h"
#include "cn-verification-panel.h"
#include "cn-new-request-dialog.h"
#include "cn-store.h"
#include "cn-contact-editor.h"
#include "cn-test-ui.h"
#include "cn-text-row.h"
#include "cn-window-private.h"

typedef CnTestWindowFixture Fixture;

static void
test_empty_window_is_french (Fixture *f, gconstpointer data)
{
  AdwStatusPage *page = ADW_STATUS_PAGE (cn_test_ui_child (f->window, "empty_page"));
  AdwViewSwitcherTitle *title = ADW_VIEW_SWITCHER_TITLE (
      cn_test_ui_child (f->window, "window_title"));

  g_assert_cmpstr (_cn_window_get_visible_page (f->window), ==, "empty");
  /* The name is the brand, the same in both languages. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Connecteur");
  g_assert_cmpstr (adw_view_switcher_title_get_title (title), ==, "Connecteur");
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Aucune demande pour l’instant");
  g_assert_nonnull (
      strstr (adw_status_page_get_description (page), "demandes de mise en relation"));
  g_assert_cmpstr (gtk_button_get_label (
                       GTK_BUTTON (GTK_WIDGET (cn_test_ui_child (f->window, "load_demo_button")))),
                   ==, "_Charger les exemples");
}

static void
test_list_is_french (Fixture *f, gconstpointer data)
{
  AdwViewSwitcherTitle *title = ADW_VIEW_SWITCHER_TITLE (
      cn_test_ui_child (f->window, "window_title"));
  GtkWidget *header = GTK_WIDGET (cn_test_ui_child (f->window, "todo_button"));
  g_autofree char *expected = NULL;
  int n;

  n = cn_demo_load (f->store, NULL);
  g_assert_cmpint (n, >, 1);
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_page_is_requests, f->window, 3000));
  g_assert_true (gtk_widget_get_mapped (header));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (header)), ==, "À _traiter");
  expected = g_strdup_printf ("%d demandes", n);
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (title), ==, expected);
}

/* The verdict filter and the analysis of a request are French too. */
static void
test_analysis_is_french (CnTestWindowFixture *f, gconstpointer data)
{
  GtkDropDown *filter = GTK_DROP_DOWN (cn_test_ui_child (f->window, "verdict_filter"));
  GtkStringList *items = GTK_STRING_LIST (gtk_drop_down_get_model (filter));
  CnRequestDetail *detail = CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"));
  GtkListBox *checklist = GTK_LIST_BOX (
      cn_test_ui_child (cn_test_ui_child (detail, "checklist"), "list_box"));
  CnTextRow *row;

  g_assert_cmpstr (gtk_string_list_get_string (items, 0), ==, "Tous les verdicts");
  g_assert_cmpstr (gtk_string_list_get_string (items, 1), ==, "Motivées");

  g_assert_cmpint (cn_demo_load (f->store, NULL), >, 1);
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_page_is_requests, f->window, 3000));
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (cn_test_ui_request_model (f->window)),
                                     0);
  cn_test_ui_spin (20);
  g_assert_nonnull (cn_request_detail_get_analysis (detail));
  row = CN_TEXT_ROW (gtk_list_box_get_row_at_index (checklist, CN_ELEMENT_OBJECTIVE));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Objectif");
  row = CN_TEXT_ROW (gtk_list_box_get_row_at_index (checklist, CN_ELEMENT_WHY_YOU));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Pourquoi ce contact");
}

static void
test_singular_is_french (Fixture *f, gconstpointer data)
{
  g_autoptr (CnContact) contact = cn_contact_new ("Claire Fontanel");
  g_autoptr (CnRequest) request = cn_request_new ();
  AdwViewSwitcherTitle *title = ADW_VIEW_SWITCHER_TITLE (
      cn_test_ui_child (f->window, "window_title"));

  g_assert_true (cn_store_add_contact (f->store, contact, NULL));
  cn_request_set_requester_name (request, "Nadia Benali");
  cn_request_set_target_id (request, cn_contact_get_id (contact));
  cn_request_set_received_at (request, g_get_real_time () / G_USEC_PER_SEC);
  cn_request_set_source (request, "manual");
  g_assert_true (cn_store_add_request (f->store, request, NULL));
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_page_is_requests, f->window, 3000));
  /* French plural rule: 0 and 1 take the singular. */
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (title), ==, "1 demande");
}

static gboolean
dialog_is_open (gpointer data)
{
  return _cn_window_get_new_request_dialog (data) != NULL;
}

static void
test_new_request_dialog_is_french (Fixture *f, gconstpointer data)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-request", NULL));
  g_assert_true (cn_test_ui_wait_until (dialog_is_open, f->window, 2000));
  dialog = _cn_window_get_new_request_dialog (f->window);
  g_assert_cmpstr (gtk_window_get_title (dialog), ==, "Nouvelle demande");
  gtk_window_close (dialog);
  cn_test_ui_spin (50);
}

/* In French too, New Request chooses no contact by itself, and a name typed
 * without its accents finds the contact. */
static void
test_new_request_picker_is_french (Fixture *f, gconstpointer data)
{
  g_autoptr (CnContact) helene = cn_contact_new ("Hélène Vasseur");
  g_autoptr (CnContact) elodie = cn_contact_new ("Élodie Durand");
  GtkWidget *dialog;
  GtkWidget *picker;
  GtkWidget *search;

  cn_contact_set_company (elodie, "Crèmerie Léon");
  g_assert_true (cn_store_add_contact (f->store, helene, NULL));
  g_assert_true (cn_store_add_contact (f->store, elodie, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-request", NULL));
  g_assert_true (cn_test_ui_wait_until (dialog_is_open, f->window, 2000));
  dialog = GTK_WIDGET (_cn_window_get_new_request_dialog (f->window));
  picker = GTK_WIDGET (cn_test_ui_child (dialog, "contact_picker"));
  search = GTK_WIDGET (cn_test_ui_child (picker, "search_entry"));
  g_assert_cmpint (cn_contact_picker_get_contact_id (CN_CONTACT_PICKER (picker)), ==, 0);

  g_signal_emit_by_name (cn_test_ui_child (picker, "button"), "clicked");
  gtk_editable_set_text (GTK_EDITABLE (search), "cremerie");
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpint (cn_contact_picker_get_contact_id (CN_CONTACT_PICKER (picker)), ==,
                   cn_contact_get_id (elodie));
  g_signal_emit_by_name (cn_test_ui_child (picker, "button"), "clicked");
  gtk_editable_set_text (GTK_EDITABLE (search), "HELENE");
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpint (cn_contact_picker_get_contact_id (CN_CONTACT_PICKER (picker)), ==,
                   cn_contact_get_id (helene));
  gtk_window_close (GTK_WINDOW (dialog));
  cn_test_ui_spin (50);
}

/* Errors from the core reach the user in French too. */
static void
test_store_errors_are_french (void)
{
  g_autofree char *path = g_build_filename (cn_test_ui_get_tmpdir (), "newer.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CnStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = cn_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "version plus récente de Connecteur"));
}

/* A step's widget in the panel's template: "fit_row", "fit_result", … */
static gpointer
step_child (CnVerificationPanel *verification, CnStep step, const char *part)
{
  g_autofree char *name = g_strdup_printf ("%s_%s", cn_step_to_string (step), part);

  return cn_test_ui_child (verification, name);
}

/* The words of a step's result ("Validé", "Bloqué", …). */
static const char *
result_text (CnVerificationPanel *verification, CnStep step)
{
  return gtk_label_get_text (GTK_LABEL (step_child (verification, step, "result")));
}

/* The step's reason as read (a new string). */
static char *
step_reason (CnVerificationPanel *panel, CnStep step)
{
  AdwPreferencesRow *row = ADW_PREFERENCES_ROW (step_child (panel, step, "row"));

  if (ADW_IS_EXPANDER_ROW (row))
    return cn_test_ui_visible_text (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)));
  return cn_test_ui_visible_text (cn_text_row_get_subtitle (CN_TEXT_ROW (row)));
}

/* A contact away until a date: the month is named in French, even though
 * the system's locale (LC_TIME) is not French. */
static void
test_away_month_is_french (Fixture *f, gconstpointer data)
{
  CnVerificationPanel *panel = CN_VERIFICATION_PANEL (
      cn_test_ui_review_child (f->window, "verification_panel"));
  g_autoptr (GError) error = NULL;
  g_autoptr (CnContact) contact = NULL;
  g_autofree char *reason = NULL;
  CnRequest *request;

  cn_test_window_fixture_load_demo (f);
  request = cn_test_window_fixture_select_with (f, "outplacement");
  contact = cn_store_get_contact (f->store, cn_request_get_target_id (request), &error);
  g_assert_no_error (error);
  cn_contact_set_away_until (contact, "2099-01-15");
  g_assert_true (cn_store_update_contact (f->store, contact, &error));
  cn_test_ui_spin (100);
  reason = step_reason (panel, CN_STEP_AVAILABILITY);
  g_assert_cmpstr (reason, ==, "Indisponible jusqu’au 15 janvier");
}

/* A date is typed and shown as French people write it, with a message in
 * words when it is not one. */
static void
test_typed_date_is_french (void)
{
  g_autofree char *path = g_build_filename (cn_test_ui_get_tmpdir (), "dates.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CnStore) store = cn_store_open (path, &error);
  g_autoptr (CnContact) contact = cn_contact_new ("Hélène Vasseur");
  g_autoptr (CnContact) saved = NULL;
  CnContactEditor *editor;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  AdwPreferencesRow *row;

  g_assert_no_error (error);
  cn_contact_set_away_until (contact, "2027-01-15");
  g_assert_true (cn_store_add_contact (store, contact, &error));
  editor = cn_contact_editor_new ();
  gtk_window_set_child (window, GTK_WIDGET (editor));
  cn_contact_editor_set_store (editor, store);
  cn_contact_editor_set_contact (editor, contact);
  row = ADW_PREFERENCES_ROW (cn_test_ui_child (editor, "away_row"));

  g_assert_cmpstr (adw_preferences_row_get_title (row), ==, "Absence jusqu’au (JJ/MM/AAAA)");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "15/01/2027");
  gtk_editable_set_text (GTK_EDITABLE (row), "31/02/2027");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (row), ==,
                   "Date invalide : saisissez-la sous la forme JJ/MM/AAAA");
  gtk_editable_set_text (GTK_EDITABLE (row), "1.3.2027");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_true (cn_contact_editor_save (editor));
  saved = cn_store_get_contact (store, cn_contact_get_id (contact), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn_contact_get_away_until (saved), ==, "2027-03-01");
  gtk_window_destroy (window);
}

static gboolean
forward_is_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (cn_test_ui_action_button (data, "forward"));
}

/* The verification, the endorsement and the message to the contact of a
 * French request, in French. */
static void
test_review_is_french (Fixture *f, gconstpointer data)
{
  CnVerificationPanel *panel = CN_VERIFICATION_PANEL (
      cn_test_ui_review_child (f->window, "verification_panel"));
  CnEndorsementEditor *editor = CN_ENDORSEMENT_EDITOR (
      cn_test_ui_review_child (f->window, "editor"));
  g_autoptr (CnMessage) message = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *fit_reason = NULL;
  g_autofree char *availability_reason = NULL;
  g_autofree char *endorsement_reason = NULL;

  cn_test_window_fixture_load_demo (f);
  cn_test_window_fixture_select_with (f, "outplacement");

  g_assert_cmpstr (cn_verification_panel_get_step_title (CN_STEP_FIT), ==, "Adéquation");
  g_assert_cmpstr (cn_verification_panel_get_step_title (CN_STEP_AVAILABILITY), ==,
                   "Disponibilité");
  g_assert_cmpstr (result_text (panel, CN_STEP_FIT), ==, "Validé");
  fit_reason = step_reason (panel, CN_STEP_FIT);
  g_assert_nonnull (
      strstr (fit_reason, "Claire Fontanel accepte les demandes « Recherche d’emploi »"));
  availability_reason = step_reason (panel, CN_STEP_AVAILABILITY);
  /* The count and the limit each stand alone: no plural to agree with either. */
  g_assert_nonnull (
      strstr (availability_reason, "Mises en relation ces 30 derniers jours : 0 sur 4"));
  g_assert_cmpstr (availability_reason, ==,
                   "Disponible. Mises en relation ces 30 derniers jours : 0 sur 4");
  g_assert_cmpstr (result_text (panel, CN_STEP_ENDORSEMENT), ==, "Bloqué");
  endorsement_reason = step_reason (panel, CN_STEP_ENDORSEMENT);
  g_assert_cmpstr (endorsement_reason, ==, "Indiquez comment vous connaissez Nadia Benali");
  g_assert_cmpstr (gtk_button_get_label (
                       GTK_BUTTON (cn_test_ui_action_button (f->window, "forward"))),
                   ==, "_Transmettre");

  /* The default template of a French request is the French one. */
  g_assert_cmpstr (cn_endorsement_editor_get_lang (editor), ==, "fr");
  draft = cn_endorsement_editor_dup_text (editor);
  g_assert_true (g_str_has_prefix (draft, "Bonjour {prenom_contact},"));
  g_assert_nonnull (strstr (draft, "un simple non me suffit"));

  cn_endorsement_editor_set_relationship (editor, CN_RELATIONSHIP_PROFESSIONAL);
  g_assert_true (cn_test_ui_wait_until (forward_is_sensitive, f->window, 2000));
  message = cn_endorsement_editor_build_message (editor, TRUE);
  g_assert_cmpstr (message->subject, ==, "Mise en relation : Nadia Benali → Claire Fontanel");
  g_assert_true (g_str_has_prefix (message->body, "Bonjour Claire,"));
  g_assert_nonnull (strstr (message->body, "Je connais Nadia Benali dans un cadre professionnel."));
  g_assert_nonnull (
      strstr (message->body, "— Message de Nadia Benali —\n> Bonjour Madame Fontanel,"));
}

static gboolean
handoff_shown (gpointer data)
{
  return gtk_widget_get_visible (cn_test_ui_review_child (data, "handoff_box"));
}

typedef struct
{
  CnStore *store;
  gint64 id;
} ForwardedWait;

static gboolean
is_forwarded (gpointer data)
{
  ForwardedWait *wait = data;
  g_autoptr (CnRequest) request = cn_store_get_request (wait->store, wait->id, NULL);

  return cn_request_get_status (request) == CN_REQUEST_STATUS_FORWARDED;
}

/* Copy asks "Did you send it?" in French; the count moves only once answered. */
static void
test_copy_asks_sent_in_french (Fixture *f, gconstpointer data)
{
  CnVerificationPanel *panel = CN_VERIFICATION_PANEL (
      cn_test_ui_review_child (f->window, "verification_panel"));
  CnEndorsementEditor *editor = CN_ENDORSEMENT_EDITOR (
      cn_test_ui_review_child (f->window, "editor"));
  GtkWidget *sent;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  ForwardedWait wait = { f->store, 0 };

  cn_test_window_fixture_load_demo (f);
  wait.id = cn_request_get_id (cn_test_window_fixture_select_with (f, "outplacement"));
  cn_endorsement_editor_set_relationship (editor, CN_RELATIONSHIP_PROFESSIONAL);
  g_assert_true (cn_test_ui_wait_until (forward_is_sensitive, f->window, 2000));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.copy-forward", NULL);
  g_assert_true (cn_test_ui_wait_until (handoff_shown, f->window, 2000));

  g_assert_cmpstr (gtk_label_get_text (
                       GTK_LABEL (cn_test_ui_review_child (f->window, "handoff_label"))),
                   ==, _("You copied this forward. Did you send it?"));
  sent = cn_test_ui_review_child (f->window, "handoff_sent_button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (sent)), ==, _("_Mark as Forwarded"));
  before = step_reason (panel, CN_STEP_AVAILABILITY);
  g_assert_nonnull (strstr (before, "Mises en relation ces 30 derniers jours : 0 sur 4"));

  gtk_widget_activate (sent);
  g_assert_true (cn_test_ui_wait_until (is_forwarded, &wait, 2000));
  cn_test_ui_spin (50);
  after = step_reason (panel, CN_STEP_AVAILABILITY);
  g_assert_nonnull (strstr (after, "Mises en relation ces 30 derniers jours : 1 sur 4"));
}

static gboolean
reply_dialog_is_open (gpointer data)
{
  return _cn_window_get_reply_dialog (data) != NULL;
}

static gboolean
reply_dialog_is_closed (gpointer data)
{
  return _cn_window_get_reply_dialog (data) == NULL;
}

/* The ask for motivation follows the requester's language, not the
 * interface's: French questions for a French request, English ones for an
 * English request, in a French window. */
static void
test_ask_motivation_follows_requester (Fixture *f, gconstpointer data)
{
  struct
  {
    const char *needle;
    const char *expected[3];
  } cases[] = {
    { "points communs",
      { "Pourriez-vous me préciser quelques points ?", "- Quel est votre objectif ?",
        "- Pourquoi ce contact en particulier ?" } },
    { "great synergies",
      { "Hello Jason,", "- What is your objective?", "- Why this contact in particular?" } },
  };

  cn_test_window_fixture_load_demo (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWindow *dialog;
      g_autofree char *text = NULL;

      cn_test_window_fixture_select_with (f, cases[i].needle);
      g_assert_true (
          gtk_widget_activate_action (GTK_WIDGET (f->window), "win.ask-motivation", NULL));
      g_assert_true (cn_test_ui_wait_until (reply_dialog_is_open, f->window, 3000));
      dialog = _cn_window_get_reply_dialog (f->window);
      text = cn_reply_dialog_dup_text (CN_REPLY_DIALOG (dialog));
      for (guint j = 0; j < G_N_ELEMENTS (cases[i].expected); j++)
        {
          if (strstr (text, cases[i].expected[j]) == NULL)
            g_error ("“%s” is not in the reply:\n%s", cases[i].expected[j], text);
        }
      gtk_window_destroy (dialog);
      g_assert_true (cn_test_ui_wait_until (reply_dialog_is_closed, f->window, 3000));
    }
}

/* The label of the history that holds @needle, or NULL. */
static GtkLabel *
find_history_label (GtkWidget *widget, const char *needle)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "cn-history-text") &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_history_label (child, needle);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  CnStore *store;
  gint64 id;
} StatusWait;

static gboolean
is_declined (gpointer data)
{
  StatusWait *wait = data;
  g_autoptr (CnRequest) request = cn_store_get_request (wait->store, wait->id, NULL);

  return request != NULL && cn_request_get_status (request) == CN_REQUEST_STATUS_DECLINED;
}

/* A French decline: the private note stays out of the French reply and goes
 * to the history; the sentence for the requester goes in the reply. */
static void
test_decline_two_fields_in_french (Fixture *f, gconstpointer data)
{
  const char *note = "Message copié-collé, sans objet";
  const char *sentence = "Je ne transmets que les messages écrits pour la personne.";
  CnRequest *request;
  GtkWindow *dialog;
  g_autofree char *before = NULL;
  g_autofree char *after_note = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  StatusWait wait;
  GtkLabel *history;

  cn_test_window_fixture_load_demo (f);
  request = cn_test_window_fixture_select_with (f, "points communs");
  wait.store = f->store;
  wait.id = cn_request_get_id (request);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.decline", NULL));
  g_assert_true (cn_test_ui_wait_until (reply_dialog_is_open, f->window, 3000));
  dialog = _cn_window_get_reply_dialog (f->window);
  before = cn_reply_dialog_dup_text (CN_REPLY_DIALOG (dialog));
  g_assert_true (g_str_has_prefix (before, "Bonjour Kevin,"));
  /* Kevin wrote "Bonjour, merci de transmettre.": "vous" by default. */
  g_assert_nonnull (strstr (before, "Merci pour votre message"));

  gtk_editable_set_text (GTK_EDITABLE (cn_test_ui_child (dialog, "note_entry")), note);
  after_note = cn_reply_dialog_dup_text (CN_REPLY_DIALOG (dialog));
  g_assert_cmpstr (after_note, ==, before);
  gtk_editable_set_text (GTK_EDITABLE (cn_test_ui_child (dialog, "sentence_entry")), sentence);
  text = cn_reply_dialog_dup_text (CN_REPLY_DIALOG (dialog));
  g_assert_nonnull (strstr (text, sentence));
  g_assert_null (strstr (text, "copié-collé"));

  gtk_widget_activate (GTK_WIDGET (cn_test_ui_child (dialog, "copy_button")));
  g_assert_true (cn_test_ui_wait_until (is_declined, &wait, 5000));
  g_assert_true (cn_test_ui_wait_until (reply_dialog_is_closed, f->window, 3000));
  cn_test_ui_spin (50);
  history = find_history_label (GTK_WIDGET (cn_test_ui_child (f->window, "review_pane")), note);
  g_assert_nonnull (history);
  expected = g_strdup_printf (_("Private note (not sent): %s"), note);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (history), expected));
  g_assert_nonnull (strstr (gtk_label_get_text (history), sentence));
}

/* A requester who wrote with "tu" gets "tu", and the switch brings "vous". */
static void
test_reply_tu_in_french (Fixture *f, gconstpointer data)
{
  CnRequest *kevin;
  g_autoptr (CnRequest) request = cn_request_new ();
  g_autoptr (GError) error = NULL;
  GtkWindow *dialog;
  GtkSwitch *tu_switch;
  g_autofree char *tu = NULL;
  g_autofree char *vous = NULL;

  cn_test_window_fixture_load_demo (f);
  kevin = cn_test_window_fixture_select_with (f, "points communs");
  cn_request_set_requester_name (request, "Lucas Moreau");
  cn_request_set_target_id (request, cn_request_get_target_id (kevin));
  cn_request_set_received_at (request, g_get_real_time () / G_USEC_PER_SEC);
  cn_request_set_source (request, "manual");
  cn_request_set_note_to_connector (request, "Salut, tu peux transmettre ? Merci à toi !");
  cn_request_set_note_to_target (request, "Bonjour Madame, je serais ravi d'échanger avec vous "
                                          "sur la sécurité, tutoriel à l'appui.");
  g_assert_true (cn_store_add_request (f->store, request, &error));
  g_assert_no_error (error);
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_analysis_done, f->window, 5000));
  cn_test_window_fixture_select_with (f, "tutoriel à l'appui");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.decline", NULL));
  g_assert_true (cn_test_ui_wait_until (reply_dialog_is_open, f->window, 3000));
  dialog = _cn_window_get_reply_dialog (f->window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cn_test_ui_child (dialog, "register_box"))));
  tu_switch = GTK_SWITCH (cn_test_ui_child (dialog, "tu_switch"));
  g_assert_true (gtk_switch_get_active (tu_switch));
  tu = cn_reply_dialog_dup_text (CN_REPLY_DIALOG (dialog));
  g_assert_nonnull (strstr (tu, "Merci pour ton message"));
  g_assert_nonnull (strstr (tu, "Bien à toi,"));
  gtk_switch_set_active (tu_switch, FALSE);
  vous = cn_reply_dialog_dup_text (CN_REPLY_DIALOG (dialog));
  g_assert_nonnull (strstr (vous, "Merci pour votre message"));
  g_assert_nonnull (strstr (vous, "Bien cordialement,"));
  gtk_window_destroy (dialog);
  g_assert_true (cn_test_ui_wait_until (reply_dialog_is_closed, f->window, 3000));
}

/* Words the core gives the interface: kinds, outcomes, relationships. */
static void
test_review_words_are_french (void)
{
  g_assert_cmpstr (cn_request_kind_get_label (CN_REQUEST_KIND_JOB_SEARCH), ==,
                   "Recherche d’emploi");
  g_assert_cmpstr (cn_outcome_get_label (CN_OUTCOME_NO_ANSWER), ==, "Sans réponse");
  /* Whoever the requester is: no "la", no "rencontrée". */
  g_assert_cmpstr (cn_relationship_get_label (CN_RELATIONSHIP_PERSONAL), ==,
                   "Je connais cette personne à titre personnel");
  g_assert_cmpstr (cn_relationship_get_label (CN_RELATIONSHIP_MET_ONCE), ==,
                   "J’ai rencontré cette personne une fois");
  g_assert_cmpstr (cn_relationship_get_label (CN_RELATIONSHIP_DO_NOT_KNOW), ==,
                   "Je ne connais pas cette personne");
  /* The verdict says what the button does. */
  g_assert_cmpstr (cn_verdict_get_label (CN_VERDICT_UNSUITABLE), ==, "À refuser");
  g_assert_cmpstr (cn_availability_get_label (CN_AVAILABILITY_CLOSED), ==, "Indisponible");
  g_assert_cmpstr (cn_tie_strength_get_label (CN_TIE_STRONG), ==, "Lien fort");
}

/* Correcting the analyzer in French: the verdict follows in French, and the
 * menu and the toast name the element by its French name. (The new words
 * themselves, "Marquer comme présent"…, are checked here once translated.) */
static gboolean
objective_is_present (gpointer data)
{
  Fixture *f = data;
  CnAnalysis *analysis = cn_request_detail_get_analysis (
      CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail")));

  return analysis != NULL && cn_analysis_has_element (analysis, CN_ELEMENT_OBJECTIVE);
}

static gboolean
objective_is_missing (gpointer data)
{
  Fixture *f = data;
  CnAnalysis *analysis = cn_request_detail_get_analysis (
      CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail")));

  return analysis != NULL && !cn_analysis_has_element (analysis, CN_ELEMENT_OBJECTIVE);
}

static void
test_correction_is_french (Fixture *f, gconstpointer data)
{
  GtkWidget *detail = cn_test_ui_child (f->window, "detail");
  GtkWidget *summary = cn_test_ui_child (detail, "summary");
  GtkLabel *verdict = GTK_LABEL (cn_test_ui_child (summary, "verdict_label"));
  GtkListBox *list = GTK_LIST_BOX (
      cn_test_ui_child (cn_test_ui_child (detail, "checklist"), "list_box"));
  GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, CN_ELEMENT_OBJECTIVE));
  GtkWidget *button = NULL;

  cn_test_window_fixture_load_demo (f);
  cn_test_window_fixture_select_with (f, "new data-br");
  g_assert_cmpstr (gtk_label_get_text (verdict), ==, "Incomplète");
  /* The row's menu button, among its suffixes. */
  for (GtkWidget *w = row; w != NULL && button == NULL;)
    {
      if (GTK_IS_MENU_BUTTON (w))
        button = w;
      else if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != row && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w == row ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Corriger «\u00a0Objectif\u00a0»…");

  gtk_widget_activate_action (button, "win.mark-present", "u", (guint32) CN_ELEMENT_OBJECTIVE);
  g_assert_true (cn_test_ui_wait_until (objective_is_present, f, 5000));
  g_assert_cmpstr (gtk_label_get_text (verdict), ==, "Motivée");
  g_assert_cmpstr (_cn_window_get_last_toast (f->window), ==,
                   "Élément «\u00a0Objectif\u00a0» marqué comme présent. Pour faire apparaître "
                   "ses mots, sélectionnez-les dans un message et marquez-le de nouveau.");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-correction", NULL);
  g_assert_true (cn_test_ui_wait_until (objective_is_missing, f, 5000));
  g_assert_cmpstr (gtk_label_get_text (verdict), ==, "Incomplète");
}

static gboolean
requester_page_is_open (gpointer window)
{
  return _cn_window_get_requester_page (window) != NULL;
}

/* A French message to no contact: the forward's preview greets without a
 * name ("Bonjour," and never "Bonjour ,"); the requester's page gives each
 * request's outcome in French, and screening them out makes it "À refuser". */
static void
test_requester_is_french (Fixture *f, gconstpointer data)
{
  g_autoptr (CnRequest) added = cn_request_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *preview = NULL;
  CnEndorsementEditor *editor;
  GtkWidget *page;
  GtkWidget *row;

  cn_test_window_fixture_load_demo (f);
  cn_request_set_requester_name (added, "Rita Recruteuse");
  cn_request_set_note_to_connector (added, "Bonjour, un poste de directrice commerciale pour "
                                           "vous ? Je vous appelle demain.");
  g_assert_true (cn_store_add_request (f->store, added, &error));
  g_assert_no_error (error);
  g_assert_true (_cn_window_select_request (f->window, cn_request_get_id (added)));
  cn_test_ui_spin (50);

  editor = CN_ENDORSEMENT_EDITOR (cn_test_ui_review_child (f->window, "editor"));
  cn_endorsement_editor_set_relationship (editor, CN_RELATIONSHIP_PROFESSIONAL);
  cn_test_ui_spin (50);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (cn_endorsement_editor_get_preview (editor));
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    preview = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  }
  g_assert_null (strstr (preview, "Bonjour ,"));
  g_assert_nonnull (strstr (preview, "\nBonjour,\n"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-requester", NULL));
  g_assert_true (cn_test_ui_wait_until (requester_page_is_open, f->window, 2000));
  page = GTK_WIDGET (_cn_window_get_requester_page (f->window));
  row = gtk_widget_get_first_child (cn_test_ui_child (page, "requests_list"));
  g_assert_true (
      g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), " · Nouvelle"));
  gtk_switch_set_active (GTK_SWITCH (cn_test_ui_child (page, "screen_out_switch")), TRUE);
  cn_test_ui_spin (50);
  g_assert_cmpstr (cn_verdict_get_label (
                       cn_request_get_effective_verdict (_cn_window_get_selected (f->window))),
                   ==, "À refuser");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.archive", NULL));
  row = gtk_widget_get_first_child (cn_test_ui_child (page, "requests_list"));
  g_assert_true (
      g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), " · Archivée"));
  gtk_window_destroy (GTK_WINDOW (page));
}

typedef struct
{
  Fixture *f;
  const char *requester;
  const char *expected;
} RowWait;

/* The status of the request list's row on show for @wait->requester. */
static const char *
row_status (RowWait *wait)
{
  g_autoptr (GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, cn_test_ui_child (wait->f->window, "request_list_view"));
  while (!g_queue_is_empty (queue))
    {
      GtkWidget *widget = g_queue_pop_head (queue);

      if (CN_IS_REQUEST_ROW (widget) && gtk_widget_get_mapped (widget) &&
          g_strcmp0 (gtk_inscription_get_text (cn_test_ui_child (widget, "requester_label")),
                     wait->requester) == 0)
        return gtk_inscription_get_text (cn_test_ui_child (widget, "status_label"));
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_queue_push_tail (queue, child);
    }
  return NULL;
}

static gboolean
row_status_is (gpointer data)
{
  RowWait *wait = data;

  return g_strcmp0 (row_status (wait), wait->expected) == 0;
}

static void
assert_row_status (Fixture *f, const char *requester, const char *expected)
{
  RowWait wait = { f, requester, expected };

  cn_test_ui_wait_until (row_status_is, &wait, 2000);
  g_assert_cmpstr (row_status (&wait), ==, expected);
}

/* The row and the review pane agree, in French: the contact away blocks
 * both, an override frees both. */
static void
test_list_label_is_french (Fixture *f, gconstpointer data)
{
  CnVerificationPanel *panel = NULL;
  CnRequest *request;
  g_autoptr (CnContact) contact = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = cn_override_format (CN_STEP_AVAILABILITY, "Elle m'a dit oui");

  cn_test_window_fixture_load_demo (f);
  request = cn_test_window_fixture_select_with (f, "idempotent consumers");
  panel = CN_VERIFICATION_PANEL (cn_test_ui_review_child (f->window, "verification_panel"));
  cn_endorsement_editor_set_relationship (CN_ENDORSEMENT_EDITOR (
                                              cn_test_ui_review_child (f->window, "editor")),
                                          CN_RELATIONSHIP_PROFESSIONAL);
  assert_row_status (f, "Marta Kowalski", "Prête à transmettre");

  contact = cn_store_get_contact (f->store, cn_request_get_target_id (request), &error);
  cn_contact_set_away_until (contact, "2099-01-15");
  g_assert_true (cn_store_update_contact (f->store, contact, &error));
  assert_row_status (f, "Marta Kowalski", "Bloquée\u00a0: contact absent");
  g_assert_cmpstr (result_text (panel, CN_STEP_AVAILABILITY), ==, "Bloqué");

  g_assert_true (cn_store_record_action (f->store, cn_request_get_id (request),
                                         CN_EVENT_ACTION_OVERRIDE, text, -1, NULL, &error));
  g_assert_no_error (error);
  assert_row_status (f, "Marta Kowalski", "Prête à transmettre");
  g_assert_true (cn_verification_panel_get_overridden (panel, CN_STEP_AVAILABILITY));
}

int
main (int argc, char *argv[])
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;

  g_test_add ("/ui/french/empty-window", Fixture, NULL, cn_test_window_fixture_set_up,
              test_empty_window_is_french, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/french/list", Fixture, NULL, cn_test_window_fixture_set_up, test_list_is_french,
              cn_test_window_fixture_tear_down);
  g_test_add ("/ui/french/analysis", CnTestWindowFixture, NULL, cn_test_window_fixture_set_up,
              test_analysis_is_french, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/french/singular", Fixture, NULL, cn_test_window_fixture_set_up,
              test_singular_is_french, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/french/new-request-dialog", Fixture, NULL, cn_test_window_fixture_set_up,
              test_new_request_dialog_is_french, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/french/new-request-picker", Fixture, NULL, cn_test_window_fixture_set_up,
              test_new_request_picker_is_french, cn_test_window_fixture_tear_down);
  g_test_add_func ("/ui/french/store-errors", test_store_errors_are_french);
  g_test_add ("/ui/french/review", Fixture, NULL, cn_test_window_fixture_set_up,
              test_review_is_french, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/french/ask-motivation", Fixture, NULL, cn_test_window_fixture_set_up,
              test_ask_motivation_follows_requester, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/french/decline-two-fields", Fixture, NULL, cn_test_window_fixture_set_up,
              test_decline_two_fields_in_french, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/french/reply-tu", Fixture, NULL, cn_test_window_fixture_set_up,
              test_reply_tu_in_french, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/french/list-label", Fixture, NULL, cn_test_window_fixture_set_up,
              test_list_label_is_french, cn_test_window_fixture_tear_down);
  g_test_add_func ("/ui/french/review-words", test_review_words_are_french);
  g_test_add_func ("/ui/french/typed-date", test_typed_date_is_french);
  g_test_add ("/ui/french/copy-asks-sent", Fixture, NULL, cn_test_window_fixture_set_up,
              test_copy_asks_sent_in_french, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/french/away-month", Fixture, NULL, cn_test_window_fixture_set_up,
              test_away_month_is_french, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/french/correction", Fixture, NULL, cn_test_window_fixture_set_up,
              test_correction_is_french, cn_test_window_fixture_tear_down);
  g_test_add ("/ui/french/requester", Fixture, NULL, cn_test_window_fixture_set_up,
              test_requester_is_french, cn_test_window_fixture_tear_down);

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
