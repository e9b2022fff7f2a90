/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The endorsement editor as the connector uses it: the draft from the
 * template with its placeholders highlighted, unknown ones warned about,
 * the relationship written into the forward and the preview, drafts kept per
 * request, undo, the template's language; and templates edited in
 * Preferences. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cn-analyzer.h"
#include "cn-preferences-window.h"
#include "cn-store.h"
#include "cn-test-ui.h"
#include "cn-window-private.h"

static CnEndorsementEditor *
editor (CnTestWindowFixture *f)
{
  return CN_ENDORSEMENT_EDITOR (cn_test_ui_review_child (f->window, "editor"));
}

static GtkTextBuffer *
editor_buffer (CnTestWindowFixture *f)
{
  return GTK_TEXT_BUFFER (cn_endorsement_editor_get_buffer (editor (f)));
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static char *
preview_text (CnTestWindowFixture *f)
{
  return buffer_text (gtk_text_view_get_buffer (cn_endorsement_editor_get_preview (editor (f))));
}

/* Types text at the end of the draft, as one undoable step. */
static void
type_at_end (GtkTextBuffer *buffer, const char *text)
{
  GtkTextIter end;

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);
  gtk_text_buffer_end_user_action (buffer);
}

/* Selects the request like a person, then gives the editor what the window
 * knows about it (the window does so itself once the review flow lands). */
static CnRequest *
select_request (CnTestWindowFixture *f, const char *needle, const char *lang)
{
  CnRequest *request = cn_test_window_fixture_select_with (f, needle);

  cn_endorsement_editor_set_context (editor (f), request, NULL, NULL, lang);
  return request;
}

typedef struct
{
  GtkSourceBuffer *buffer;
  int offset;
  const char *context_class;
} ClassAt;

/* Highlighting runs in idles: done when the class is at the offset. */
static gboolean
has_class_at (gpointer data)
{
  ClassAt *at = data;
  GtkTextIter iter, start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (at->buffer), &start, &end);
  gtk_source_buffer_ensure_highlight (at->buffer, &start, &end);
  gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (at->buffer), &iter, at->offset);
  return gtk_source_buffer_iter_has_context_class (at->buffer, &iter, at->context_class);
}

static int
char_offset_of (const char *text, const char *needle)
{
  const char *found = strstr (text, needle);

  g_assert_nonnull (found);
  return (int) g_utf8_pointer_to_offset (text, found);
}

static void
test_placeholders_highlighted (CnTestWindowFixture *f, gconstpointer data)
{
  GtkSourceBuffer *buffer = cn_endorsement_editor_get_buffer (editor (f));
  g_autofree char *text = NULL;
  const char *const *names = cn_compose_get_placeholders ();
  const char *brace;
  g_autofree char *name = NULL;
  ClassAt at = { buffer, 0, "placeholder" };

  cn_test_window_fixture_load_demo (f);
  select_request (f, "outplacement", "en");
  g_assert_nonnull (gtk_source_buffer_get_language (buffer));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (buffer)), ==,
                   "connecteur-template");

  /* The draft keeps the template's placeholders as written. */
  text = buffer_text (GTK_TEXT_BUFFER (buffer));
  brace = strchr (text, '{');
  g_assert_nonnull (brace);
  name = g_strndup (brace + 1, strcspn (brace + 1, "}"));
  g_assert_true (g_strv_contains (names, name));

  at.offset = (int) g_utf8_pointer_to_offset (text, brace) + 1;
  g_assert_true (cn_test_ui_wait_until (has_class_at, &at, 3000));
  /* Plain prose is not highlighted. */
  if (brace > text)
    {
      at.offset = 0;
      g_assert_false (has_class_at (&at));
    }
  /* A letter, not code: a brace beside the cursor does not light up its pair. */
  g_assert_false (gtk_source_buffer_get_highlight_matching_brackets (buffer));
}

static void
test_unknown_placeholder_and_undo (CnTestWindowFixture *f, gconstpointer data)
{
  GtkTextBuffer *buffer = editor_buffer (f);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *restored = NULL;
  ClassAt at = { GTK_SOURCE_BUFFER (buffer), 0, "unknown-placeholder" };
  GtkLabel *warning;

  cn_test_window_fixture_load_demo (f);
  select_request (f, "outplacement", "en");
  g_assert_cmpuint (cn_endorsement_editor_get_n_unknown_placeholders (editor (f)), ==, 0);
  g_assert_null (cn_endorsement_editor_get_warning (editor (f)));

  before = buffer_text (buffer);
  type_at_end (buffer, "\nSee {foo}.");
  g_assert_cmpuint (cn_endorsement_editor_get_n_unknown_placeholders (editor (f)), ==, 1);
  warning = cn_endorsement_editor_get_warning (editor (f));
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (gtk_label_get_text (warning), "{foo}"));

  /* Marked as an error, not as a placeholder. */
  after = buffer_text (buffer);
  at.offset = char_offset_of (after, "{foo}") + 1;
  g_assert_true (cn_test_ui_wait_until (has_class_at, &at, 3000));
  at.context_class = "placeholder";
  g_assert_false (has_class_at (&at));

  /* Unknown placeholders are sent as written: the contact would see them. */
  {
    g_autoptr (CnMessage) message = cn_endorsement_editor_build_message (editor (f), TRUE);

    g_assert_nonnull (message);
    g_assert_nonnull (strstr (message->body, "{foo}"));
  }

  /* Ctrl+Z takes the typing back, and the warning with it. */
  g_assert_true (gtk_text_buffer_get_can_undo (buffer));
  gtk_text_buffer_undo (buffer);
  restored = buffer_text (buffer);
  g_assert_cmpstr (restored, ==, before);
  g_assert_cmpuint (cn_endorsement_editor_get_n_unknown_placeholders (editor (f)), ==, 0);
  g_assert_null (cn_endorsement_editor_get_warning (editor (f)));
}

/* A French placeholder name typed in the editor is known, highlighted and
 * filled in, in a template of either language. */
static void
test_french_placeholder_typed (CnTestWindowFixture *f, gconstpointer data)
{
  GtkTextBuffer *buffer = editor_buffer (f);
  ClassAt at = { GTK_SOURCE_BUFFER (buffer), 0, "placeholder" };
  g_autoptr (CnMessage) message = NULL;
  g_autofree char *text = NULL;
  g_autofree char *preview = NULL;

  cn_test_window_fixture_load_demo (f);
  select_request (f, "outplacement", "en");
  type_at_end (buffer, "\nMerci {prenom_demandeur}, dit {prenom_contact}.");
  g_assert_cmpuint (cn_endorsement_editor_get_n_unknown_placeholders (editor (f)), ==, 0);
  g_assert_null (cn_endorsement_editor_get_warning (editor (f)));
  text = buffer_text (buffer);
  at.offset = char_offset_of (text, "{prenom_demandeur}") + 1;
  g_assert_true (cn_test_ui_wait_until (has_class_at, &at, 3000));

  message = cn_endorsement_editor_build_message (editor (f), TRUE);
  g_assert_nonnull (strstr (message->body, "Merci Nadia, dit Claire."));
  g_assert_null (strstr (message->body, "{prenom_"));
  preview = preview_text (f);
  g_assert_nonnull (strstr (preview, "Merci Nadia, dit Claire."));
}

static gboolean
widget_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static void
on_changed_cb (CnEndorsementEditor *editor_, guint *count)
{
  (*count)++;
}

static void
test_relationship_written (CnTestWindowFixture *f, gconstpointer data)
{
  CnRequest *request;
  g_autofree char *sentence = NULL;
  g_autofree char *preview = NULL;
  g_autofree char *first_line = NULL;
  g_autofree char *quoted = NULL;
  g_autoptr (CnMessage) before = NULL;
  g_autoptr (CnMessage) message = NULL;
  const char *note;
  guint changes = 0;

  g_assert_null (cn_endorsement_editor_build_message (editor (f), TRUE));
  cn_test_window_fixture_load_demo (f);
  request = select_request (f, "outplacement", "en");
  g_assert_cmpint (cn_endorsement_editor_get_relationship (editor (f)), ==, CN_RELATIONSHIP_UNSET);

  sentence = cn_compose_relationship_sentence (CN_RELATIONSHIP_PROFESSIONAL,
                                               cn_request_get_requester_name (request), "en");
  g_assert_nonnull (sentence);
  before = cn_endorsement_editor_build_message (editor (f), TRUE);
  g_assert_null (strstr (before->body, sentence));

  g_signal_connect (editor (f), "changed", G_CALLBACK (on_changed_cb), &changes);
  cn_endorsement_editor_set_relationship (editor (f), CN_RELATIONSHIP_PROFESSIONAL);
  g_assert_cmpuint (changes, >, 0);
  g_assert_cmpint (cn_endorsement_editor_get_relationship (editor (f)), ==,
                   CN_RELATIONSHIP_PROFESSIONAL);

  /* Written once, in the forward and in the preview, with or without a
   * {relationship} in the template. */
  message = cn_endorsement_editor_build_message (editor (f), TRUE);
  g_assert_nonnull (strstr (message->body, sentence));
  g_assert_null (strstr (strstr (message->body, sentence) + 1, sentence));
  g_assert_null (strstr (message->body, "{relationship}"));
  preview = preview_text (f);
  g_assert_nonnull (strstr (preview, sentence));

  /* Ctrl+Shift+P shows it. */
  g_assert_false (
      gtk_widget_get_mapped (GTK_WIDGET (cn_endorsement_editor_get_preview (editor (f)))));
  gtk_widget_activate_action (GTK_WIDGET (editor (f)), "endorsement.toggle-preview", NULL);
  g_assert_true (cn_test_ui_wait_until (widget_is_mapped,
                                        cn_endorsement_editor_get_preview (editor (f)), 2000));

  /* The requester's note is quoted below the endorsement. */
  note = cn_request_get_note_to_target (request);
  first_line = g_strndup (note, strcspn (note, "\n"));
  quoted = g_strconcat ("> ", first_line, NULL);
  g_assert_nonnull (strstr (preview, quoted));
  g_assert_true (strstr (preview, quoted) > strstr (preview, sentence));

  g_signal_handlers_disconnect_by_func (editor (f), on_changed_cb, &changes);
}

/* {objective} and {ask} quote the requester's own words, as the analyzer
 * found them in the note to the target. */
static void
test_objective_from_analysis (CnTestWindowFixture *f, gconstpointer data)
{
  CnRequest *request;
  g_autoptr (CnAnalysis) analysis = NULL;
  g_autoptr (CnMessage) message = NULL;
  CnAnalysisInput input = { 0 };
  const CnSpan *spans;
  guint n_spans = 0;
  g_autofree char *objective = NULL;
  g_autofree char *ask = NULL;
  const char *note;

  cn_test_window_fixture_load_demo (f);
  request = cn_test_window_fixture_select_with (f, "idempotent consumers");
  note = cn_request_get_note_to_target (request);
  input.note_to_target = note;
  input.lang = "en";
  analysis = cn_analyzer_analyze (cn_analyzer_get_default (), &input, NULL);
  g_assert_nonnull (analysis);

  spans = cn_analysis_get_spans (analysis, CN_ELEMENT_OBJECTIVE, &n_spans);
  g_assert_cmpuint (n_spans, >, 0);
  objective = g_utf8_substring (note, spans[0].start, spans[0].end);
  spans = cn_analysis_get_spans (analysis, CN_ELEMENT_SPECIFIC_ASK, &n_spans);
  g_assert_cmpuint (n_spans, >, 0);
  ask = g_utf8_substring (note, spans[0].start, spans[0].end);

  cn_endorsement_editor_set_context (editor (f), request, NULL, analysis, "en");
  message = cn_endorsement_editor_build_message (editor (f), FALSE);
  /* The default template uses both; the note's own copy is quoted too, so
   * look in the endorsement, before the quote. */
  g_test_message ("%s", message->body);
  g_assert_nonnull (strstr (message->body, "\n> "));
  *strstr (message->body, "\n> ") = '\0';
  g_assert_nonnull (strstr (message->body, g_strstrip (objective)));
  g_assert_nonnull (strstr (message->body, g_strstrip (ask)));
  g_assert_null (strstr (message->body, "{objective}"));
  g_assert_null (strstr (message->body, "{target_first_name}"));
  g_assert_nonnull (strstr (message->body, "David"));
}

static void
test_draft_kept_per_request (CnTestWindowFixture *f, gconstpointer data)
{
  GtkTextBuffer *buffer = editor_buffer (f);
  g_autofree char *other = NULL;
  g_autofree char *back = NULL;

  cn_test_window_fixture_load_demo (f);
  select_request (f, "outplacement", "en");
  type_at_end (buffer, "\nNadia prepared this carefully.");
  cn_endorsement_editor_set_relationship (editor (f), CN_RELATIONSHIP_MET_ONCE);

  select_request (f, "idempotent consumers", "en");
  other = buffer_text (buffer);
  g_assert_null (strstr (other, "Nadia prepared this carefully."));
  g_assert_cmpint (cn_endorsement_editor_get_relationship (editor (f)), ==, CN_RELATIONSHIP_UNSET);
  /* Undo does not reach into the other request's draft. */
  g_assert_false (gtk_text_buffer_get_can_undo (buffer));

  select_request (f, "outplacement", "en");
  back = buffer_text (buffer);
  g_assert_nonnull (strstr (back, "Nadia prepared this carefully."));
  g_assert_cmpint (cn_endorsement_editor_get_relationship (editor (f)), ==,
                   CN_RELATIONSHIP_MET_ONCE);

  /* After the forward, the request starts afresh. */
  cn_endorsement_editor_forget_draft (editor (f),
                                      cn_request_get_id (
                                          cn_test_window_fixture_select_with (f, "outplacement")));
  g_clear_pointer (&back, g_free);
  back = buffer_text (buffer);
  g_assert_null (strstr (back, "Nadia prepared this carefully."));
  g_assert_cmpint (cn_endorsement_editor_get_relationship (editor (f)), ==, CN_RELATIONSHIP_UNSET);
}

/* The template-language chooser: the one whose model lists "Français". */
static GtkDropDown *
find_lang_dropdown (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found;

      if (GTK_IS_DROP_DOWN (child))
        {
          GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (child));

          if (GTK_IS_STRING_LIST (model) && g_list_model_get_n_items (model) == 2 &&
              g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), 1), "Français") == 0)
            return GTK_DROP_DOWN (child);
        }
      found = find_lang_dropdown (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
save_snapshot (GtkWidget *widget, const char *name)
{
  const char *dir = g_getenv ("CN_TEST_SNAPSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  /* Only for looking at: let the window's transitions end. */
  cn_test_ui_spin (600);
  if (!cn_test_ui_snapshot (widget, path, &error))
    g_test_message ("No snapshot %s: %s", path, error->message);
}

static gboolean
message_dialog_shown (gpointer data)
{
  return cn_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
no_message_dialog (gpointer data)
{
  return !message_dialog_shown (data);
}

/* As a click on the dialog's button: the response, then the dialog closes. */
static void
answer_dialog (const char *response)
{
  GtkWindow *dialog = cn_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (dialog);
  g_assert_true (cn_test_ui_wait_until (no_message_dialog, NULL, 3000));
}

static void
test_french_template (CnTestWindowFixture *f, gconstpointer data)
{
  GtkTextBuffer *buffer = editor_buffer (f);
  g_autofree char *french = cn_compose_get_default_template (CN_TEMPLATE_ENDORSEMENT, "fr");
  g_autofree char *english = cn_compose_get_default_template (CN_TEMPLATE_ENDORSEMENT, "en");
  g_autofree char *text = NULL;
  GtkDropDown *lang_dropdown = find_lang_dropdown (GTK_WIDGET (editor (f)));

  g_assert_nonnull (lang_dropdown);
  cn_test_window_fixture_load_demo (f);
  select_request (f, "outplacement", "en");
  cn_endorsement_editor_set_relationship (editor (f), CN_RELATIONSHIP_PROFESSIONAL);
  save_snapshot (GTK_WIDGET (editor (f)), "editor-en.png");
  cn_endorsement_editor_show_preview (editor (f), TRUE);
  save_snapshot (GTK_WIDGET (editor (f)), "editor-en-preview.png");
  cn_endorsement_editor_show_preview (editor (f), FALSE);

  select_request (f, "idempotent consumers", "fr");
  g_assert_cmpstr (cn_endorsement_editor_get_lang (editor (f)), ==, "fr");
  g_assert_cmpuint (gtk_drop_down_get_selected (lang_dropdown), ==, 1);
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, french);
  save_snapshot (GTK_WIDGET (editor (f)), "editor-fr.png");

  /* An untouched draft follows the chosen language, and keeps it. */
  gtk_drop_down_set_selected (lang_dropdown, 0);
  g_assert_cmpstr (cn_endorsement_editor_get_lang (editor (f)), ==, "en");
  g_clear_pointer (&text, g_free);
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, english);

  select_request (f, "outplacement", "en");
  select_request (f, "idempotent consumers", "fr");
  g_assert_cmpstr (cn_endorsement_editor_get_lang (editor (f)), ==, "en");

  /* An edited draft is only replaced if the connector says so. */
  type_at_end (buffer, "\nMarta is precise.");
  gtk_drop_down_set_selected (lang_dropdown, 1);
  g_assert_true (cn_test_ui_wait_until (message_dialog_shown, NULL, 3000));
  answer_dialog ("keep");
  g_assert_cmpstr (cn_endorsement_editor_get_lang (editor (f)), ==, "fr");
  g_clear_pointer (&text, g_free);
  text = buffer_text (buffer);
  g_assert_nonnull (strstr (text, "Marta is precise."));

  gtk_drop_down_set_selected (lang_dropdown, 0);
  g_assert_true (cn_test_ui_wait_until (message_dialog_shown, NULL, 3000));
  answer_dialog ("replace");
  g_clear_pointer (&text, g_free);
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, english);
  /* …and Ctrl+Z brings the edited draft back. */
  gtk_text_buffer_undo (buffer);
  g_clear_pointer (&text, g_free);
  text = buffer_text (buffer);
  g_assert_nonnull (strstr (text, "Marta is precise."));
}

typedef struct
{
  CnTestWindowFixture *f;
  const char *expected;
} EditorText;

static gboolean
editor_text_is (gpointer data)
{
  EditorText *wait = data;
  g_autofree char *text = buffer_text (editor_buffer (wait->f));

  return g_strcmp0 (text, wait->expected) == 0;
}

static void
set_address_form (CnTestWindowFixture *f, CnRequest *request, CnRegister form)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CnContact) contact = cn_store_get_contact (f->store,
                                                        cn_request_get_target_id (request), &error);

  g_assert_no_error (error);
  cn_contact_set_address_form (contact, form);
  g_assert_true (cn_store_update_contact (f->store, contact, &error));
  g_assert_no_error (error);
}

/* A contact who asked for "tu" gets a French endorsement that says "tu", as
 * soon as their card says so; a draft the connector wrote stays theirs. */
static void
test_contact_address_form (CnTestWindowFixture *f, gconstpointer data)
{
  g_autofree char *vous = cn_compose_get_default_template (CN_TEMPLATE_ENDORSEMENT, "fr");
  g_autofree char *tu = cn_compose_get_default_template (CN_TEMPLATE_ENDORSEMENT, "fr-tu");
  EditorText wait = { f, vous };
  CnRequest *request;
  g_autofree char *text = NULL;

  cn_test_window_fixture_load_demo (f);
  /* Nadia's request to Claire is in French. */
  request = cn_test_window_fixture_select_with (f, "Benali");
  g_assert_true (cn_test_ui_wait_until (editor_text_is, &wait, 5000));

  set_address_form (f, request, CN_REGISTER_TU);
  wait.expected = tu;
  g_assert_true (cn_test_ui_wait_until (editor_text_is, &wait, 5000));
  g_assert_nonnull (strstr (tu, "te mettre en relation"));

  /* Back to "vous" after the connector wrote in the draft: it is kept. */
  type_at_end (editor_buffer (f), "\nElle connaît bien le sujet.");
  set_address_form (f, request, CN_REGISTER_VOUS);
  cn_test_ui_spin (300);
  text = buffer_text (editor_buffer (f));
  g_assert_true (g_str_has_prefix (text, tu));
  g_assert_nonnull (strstr (text, "Elle connaît bien le sujet."));
}

typedef struct
{
  CnStore *store;
  const char *expected; /* NULL: no template of the user's */
} StoredTemplate;

static gboolean
template_stored (gpointer data)
{
  StoredTemplate *stored = data;
  g_autofree char *text = cn_store_get_template (stored->store, CN_TEMPLATE_ENDORSEMENT, "en",
                                                 NULL);

  return g_strcmp0 (text, stored->expected) == 0;
}

static gboolean
widget_is_sensitive (gpointer widget)
{
  return gtk_widget_get_sensitive (widget);
}

static void
test_template_in_preferences (CnTestWindowFixture *f, gconstpointer data)
{
  const char *custom = "Dear {target_first_name},\n\n{requester} is worth meeting.\n";
  g_autofree char *default_text = cn_compose_get_default_template (CN_TEMPLATE_ENDORSEMENT, "en");
  g_autofree char *draft = NULL;
  g_autofree char *shown = NULL;
  CnPreferencesWindow *prefs;
  GtkTextBuffer *template_buffer;
  GtkButton *reset;
  GtkLabel *placeholders;

  cn_test_window_fixture_load_demo (f);
  prefs = cn_preferences_window_new (GTK_WINDOW (f->window), f->store);
  gtk_window_present (GTK_WINDOW (prefs));
  _cn_preferences_window_show_template (prefs, CN_TEMPLATE_ENDORSEMENT, "en");
  template_buffer = gtk_text_view_get_buffer (
      GTK_TEXT_VIEW (cn_test_ui_child (prefs, "template_view")));
  reset = GTK_BUTTON (cn_test_ui_child (prefs, "reset_button"));
  shown = buffer_text (template_buffer);
  g_assert_cmpstr (shown, ==, default_text);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (reset)));
  g_assert_true (gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (template_buffer)) != NULL);
  /* The placeholders are listed in the template's language. */
  placeholders = GTK_LABEL (cn_test_ui_child (prefs, "placeholders_label"));
  g_assert_nonnull (strstr (gtk_label_get_text (placeholders), "{requester_first_name}"));
  _cn_preferences_window_show_template (prefs, CN_TEMPLATE_ENDORSEMENT, "fr");
  g_assert_nonnull (strstr (gtk_label_get_text (placeholders), "{prenom_demandeur}"));
  g_assert_null (strstr (gtk_label_get_text (placeholders), "{requester_first_name}"));
  _cn_preferences_window_show_template (prefs, CN_TEMPLATE_ENDORSEMENT, "en");

  /* Typed, then saved on its own after a pause. */
  {
    GtkTextIter start, end;

    gtk_text_buffer_begin_user_action (template_buffer);
    gtk_text_buffer_get_bounds (template_buffer, &start, &end);
    gtk_text_buffer_delete (template_buffer, &start, &end);
    gtk_text_buffer_insert (template_buffer, &start, custom, -1);
    gtk_text_buffer_end_user_action (template_buffer);
  }
  g_assert_true (
      cn_test_ui_wait_until (template_stored, &(StoredTemplate){ f->store, custom }, 3000));
  g_assert_true (cn_test_ui_wait_until (widget_is_sensitive, reset, 1000));
  save_snapshot (GTK_WIDGET (prefs), "preferences-templates.png");

  /* A request opened afterwards starts from it. */
  select_request (f, "outplacement", "en");
  draft = cn_endorsement_editor_dup_text (editor (f));
  g_assert_cmpstr (draft, ==, custom);

  /* Reset to Default removes the user's version. */
  gtk_widget_activate (GTK_WIDGET (reset));
  g_assert_true (
      cn_test_ui_wait_until (template_stored, &(StoredTemplate){ f->store, NULL }, 3000));
  g_clear_pointer (&shown, g_free);
  shown = buffer_text (template_buffer);
  g_assert_cmpstr (shown, ==, default_text);
  gtk_window_destroy (GTK_WINDOW (prefs));

  select_request (f, "idempotent consumers", "en");
  g_clear_pointer (&draft, g_free);
  draft = cn_endorsement_editor_dup_text (editor (f));
  g_assert_cmpstr (draft, ==, default_text);
}

typedef struct
{
  CnStore *store;
  const char *lang;
  const char *expected;
} StoredTemplateIn;

static gboolean
template_stored_in (gpointer data)
{
  StoredTemplateIn *stored = data;
  g_autofree char *text = cn_store_get_template (stored->store, CN_TEMPLATE_ENDORSEMENT,
                                                 stored->lang, NULL);

  return g_strcmp0 (text, stored->expected) == 0;
}

/* The "tu" endorsement is the connector's to write too, and goes to the
 * contacts who asked for "tu". */
static void
test_tu_template_in_preferences (CnTestWindowFixture *f, gconstpointer data)
{
  const char *custom = "Salut {prenom_contact},\n\n{demandeur} vaut le détour.\n";
  g_autofree char *tu = cn_compose_get_default_template (CN_TEMPLATE_ENDORSEMENT, "fr-tu");
  g_autofree char *shown = NULL;
  CnPreferencesWindow *prefs;
  GtkTextBuffer *template_buffer;
  AdwComboRow *lang_row;
  EditorText wait = { f, custom };
  CnRequest *request;

  cn_test_window_fixture_load_demo (f);
  prefs = cn_preferences_window_new (GTK_WINDOW (f->window), f->store);
  gtk_window_present (GTK_WINDOW (prefs));
  lang_row = ADW_COMBO_ROW (cn_test_ui_child (prefs, "lang_row"));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (lang_row)), ==, 3);
  _cn_preferences_window_show_template (prefs, CN_TEMPLATE_ENDORSEMENT, "fr-tu");
  g_assert_cmpuint (adw_combo_row_get_selected (lang_row), ==, 2);
  template_buffer = gtk_text_view_get_buffer (
      GTK_TEXT_VIEW (cn_test_ui_child (prefs, "template_view")));
  shown = buffer_text (template_buffer);
  g_assert_cmpstr (shown, ==, tu);

  gtk_text_buffer_set_text (template_buffer, custom, -1);
  g_assert_true (cn_test_ui_wait_until (template_stored_in,
                                        &(StoredTemplateIn){ f->store, "fr-tu", custom }, 3000));
  /* The "vous" one is untouched. */
  g_assert_true (template_stored_in (&(StoredTemplateIn){ f->store, "fr", NULL }));
  gtk_window_destroy (GTK_WINDOW (prefs));

  request = cn_test_window_fixture_select_with (f, "Benali");
  set_address_form (f, request, CN_REGISTER_TU);
  g_assert_true (cn_test_ui_wait_until (editor_text_is, &wait, 5000));
}

/* The name set in Preferences signs the forward, in English and French. */
static void
test_signed_with_your_name (CnTestWindowFixture *f, gconstpointer data)
{
  g_autofree char *stored = NULL;
  CnPreferencesWindow *prefs;
  const char *langs[] = { "en", "fr" };
  const char *closings[] = { "Best regards,\nCamille Laurent\n",
                             "Bien cordialement,\nCamille Laurent\n" };

  cn_test_window_fixture_load_demo (f);
  g_assert_null (cn_store_dup_connector_name (f->store));

  prefs = cn_preferences_window_new (GTK_WINDOW (f->window), f->store);
  gtk_window_present (GTK_WINDOW (prefs));
  gtk_editable_set_text (GTK_EDITABLE (cn_test_ui_child (prefs, "connector_name_row")),
                         "  Camille Laurent ");
  gtk_window_close (GTK_WINDOW (prefs));
  cn_test_ui_spin (50);
  stored = cn_store_dup_connector_name (f->store);
  g_assert_cmpstr (stored, ==, "Camille Laurent");

  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      g_autoptr (CnMessage) message = NULL;

      select_request (f, "outplacement", langs[i]);
      cn_endorsement_editor_set_relationship (editor (f), CN_RELATIONSHIP_PROFESSIONAL);
      message = cn_endorsement_editor_build_message (editor (f), FALSE);
      g_assert_nonnull (message);
      g_test_message ("%s", message->body);
      g_assert_nonnull (strstr (message->body, closings[i]));
    }
}

/* Closes the window and the database, then opens both again, as a restart. */
static void
restart (CnTestWindowFixture *f)
{
  g_autofree char *path = g_strdup (cn_store_get_path (f->store));
  g_autoptr (GError) error = NULL;

  gtk_window_destroy (GTK_WINDOW (f->window));
  cn_test_ui_spin (50);
  g_clear_object (&f->store);
  f->store = cn_store_open (path, &error);
  g_assert_no_error (error);
  f->window = cn_test_ui_new_window (f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 760);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (cn_test_ui_wait_until (cn_test_ui_page_is_requests, f->window, 3000));
}

/* The relationship, the edited text and the chosen language survive a
 * restart, for each request; a draft discarded by a send is gone. */
static void
test_draft_survives_restart (CnTestWindowFixture *f, gconstpointer data)
{
  const char *mine = "Un mot de moi. ";
  GtkTextBuffer *buffer;
  GtkTextIter start;
  g_autofree char *edited = NULL;
  g_autofree char *after = NULL;

  cn_test_window_fixture_load_demo (f);
  cn_test_window_fixture_select_with (f, "outplacement");
  cn_endorsement_editor_set_relationship (editor (f), CN_RELATIONSHIP_PROFESSIONAL);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (cn_test_ui_child (editor (f), "view")));
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_insert (buffer, &start, mine, -1);
  edited = cn_endorsement_editor_dup_text (editor (f));
  /* Kept a moment after the last change, without leaving the request. */
  cn_test_ui_spin (800);

  restart (f);
  cn_test_window_fixture_select_with (f, "outplacement");
  g_assert_cmpint (cn_endorsement_editor_get_relationship (editor (f)), ==,
                   CN_RELATIONSHIP_PROFESSIONAL);
  after = cn_endorsement_editor_dup_text (editor (f));
  g_assert_cmpstr (after, ==, edited);
  /* Another request has its own, untouched. */
  cn_test_window_fixture_select_with (f, "idempotent consumers");
  g_assert_cmpint (cn_endorsement_editor_get_relationship (editor (f)), ==, CN_RELATIONSHIP_UNSET);

  /* Once sent, the draft is forgotten, in the database too. */
  {
    CnRequest *request = cn_test_window_fixture_select_with (f, "outplacement");

    cn_endorsement_editor_forget_draft (editor (f), cn_request_get_id (request));
    g_assert_false (cn_store_load_draft (f->store, cn_request_get_id (request), NULL, NULL, NULL));
  }
  restart (f);
  cn_test_window_fixture_select_with (f, "outplacement");
  g_assert_cmpint (cn_endorsement_editor_get_relationship (editor (f)), ==, CN_RELATIONSHIP_UNSET);
}

/* The editor grows with a long text instead of scrolling inside the review
 * column, which scrolls to keep the cursor in sight while typing. */
typedef struct
{
  GtkWidget *inner;
  GtkAdjustment *column;
  int short_height;
} Grown;

/* Layout runs in frames: a loaded machine (CI, sanitizers) takes longer. */
static gboolean
editor_grown (gpointer data)
{
  Grown *grown = data;

  return gtk_widget_get_height (grown->inner) > grown->short_height + 500 &&
         gtk_adjustment_get_value (grown->column) > 500;
}

static void
test_editor_grows_column_follows (CnTestWindowFixture *f, gconstpointer data)
{
  GtkWidget *view = cn_test_ui_child (editor (f), "view");
  GtkScrolledWindow *inner = GTK_SCROLLED_WINDOW (gtk_widget_get_parent (view));
  GtkAdjustment *column = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (cn_test_ui_review_child (f->window, "review_scroller")));
  GtkAdjustment *own = gtk_scrolled_window_get_vadjustment (inner);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter end;
  int short_height;

  cn_test_window_fixture_load_demo (f);
  cn_test_window_fixture_select_with (f, "outplacement");
  cn_test_ui_spin (200);
  short_height = gtk_widget_get_height (GTK_WIDGET (inner));
  gtk_adjustment_set_value (column, 0);
  gtk_widget_grab_focus (view);
  for (int i = 0; i < 60; i++)
    type_at_end (buffer, "\nUne ligne de plus.");
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  cn_test_ui_wait_until (editor_grown, &(Grown){ GTK_WIDGET (inner), column, short_height }, 10000);

  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (inner)), >, short_height + 500);
  /* Nothing to scroll inside the editor… */
  g_assert_cmpfloat (gtk_adjustment_get_upper (own) - gtk_adjustment_get_page_size (own), <, 1);
  /* …the column scrolled down to the cursor, at the end of the text. */
  g_assert_cmpfloat (gtk_adjustment_get_value (column), >, 500);
}

static gboolean
name_dialog_open (gpointer window)
{
  return _cn_window_get_name_dialog (window) != NULL;
}

static gboolean
name_dialog_closed (gpointer window)
{
  return _cn_window_get_name_dialog (window) == NULL;
}

/* With no name set, the first forward asks for one, once; the answer signs
 * the forward and is kept (Preferences shows it). */
static void
test_first_forward_asks_name (CnTestWindowFixture *f, gconstpointer data)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *name = NULL;
  GtkWindow *dialog;
  GtkEditable *entry;

  g_settings_set_boolean (settings, "asked-connector-name", FALSE);
  cn_test_window_fixture_load_demo (f);
  cn_test_window_fixture_select_with (f, "outplacement");
  cn_endorsement_editor_set_relationship (editor (f), CN_RELATIONSHIP_PROFESSIONAL);
  cn_test_ui_spin (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.copy-forward", NULL));
  g_assert_true (cn_test_ui_wait_until (name_dialog_open, f->window, 2000));
  dialog = _cn_window_get_name_dialog (f->window);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   _("Sign Your Forwards"));
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)));
  gtk_editable_set_text (entry, "Camille Martin");
  /* As the Save button does: answer, then close. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  gtk_window_close (dialog);
  g_assert_true (cn_test_ui_wait_until (name_dialog_closed, f->window, 2000));
  name = cn_store_dup_connector_name (f->store);
  g_assert_cmpstr (name, ==, "Camille Martin");
  g_assert_true (g_settings_get_boolean (settings, "asked-connector-name"));
  /* The forward went on, signed. */
  {
    g_autoptr (CnEvent) handoff = cn_store_get_pending_handoff (f->store,
                                                         cn_request_get_id (
                                                             _cn_window_get_selected (f->window)));

    g_assert_nonnull (handoff);
    g_assert_nonnull (strstr (handoff->text, "Camille Martin"));
  }

  /* Asked once: with the name cleared, the next forward does not ask again. */
  g_assert_true (cn_store_set_connector_name (f->store, NULL, NULL));
  cn_test_window_fixture_select_with (f, "idempotent consumers");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.copy-forward", NULL);
  cn_test_ui_spin (100);
  g_assert_null (_cn_window_get_name_dialog (f->window));
}

int
main (int argc, char **argv)
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;

#define ADD(path, func)                                                                            \
  g_test_add (path, CnTestWindowFixture, NULL, cn_test_window_fixture_set_up, func,                \
              cn_test_window_fixture_tear_down)
  ADD ("/endorsement/placeholders-highlighted", test_placeholders_highlighted);
  ADD ("/endorsement/unknown-placeholder-and-undo", test_unknown_placeholder_and_undo);
  ADD ("/endorsement/french-placeholder-typed", test_french_placeholder_typed);
  ADD ("/endorsement/relationship-written", test_relationship_written);
  ADD ("/endorsement/objective-from-analysis", test_objective_from_analysis);
  ADD ("/endorsement/draft-kept-per-request", test_draft_kept_per_request);
  ADD ("/endorsement/french-template", test_french_template);
  ADD ("/endorsement/contact-address-form", test_contact_address_form);
  ADD ("/endorsement/template-in-preferences", test_template_in_preferences);
  ADD ("/endorsement/tu-template-in-preferences", test_tu_template_in_preferences);
  ADD ("/endorsement/signed-with-your-name", test_signed_with_your_name);
  ADD ("/endorsement/draft-survives-restart", test_draft_survives_restart);
  ADD ("/endorsement/editor-grows-column-follows", test_editor_grows_column_follows);
  ADD ("/endorsement/first-forward-asks-name", test_first_forward_asks_name);
#undef ADD

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
