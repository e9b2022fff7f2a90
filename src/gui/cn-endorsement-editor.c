/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cn-endorsement-editor.h"
#include "cn-row-box.h"
#include "cn-wrap-box.h"
#include "cn-ui-utils.h"

/* What is kept of a request's endorsement while the window is open. */
typedef struct
{
  char *text; /* NULL: untouched, drafted again from the template */
  char *lang; /* NULL: the request's language */
  CnRelationship relationship;
} CnDraft;

struct _CnEndorsementEditor
{
  GtkWidget parent_instance;

  CnStore *store;
  guint cursor_idle_id; /* keeping the cursor in sight */
  guint cursor_tries;
  CnRequest *request;
  CnContact *target;
  CnAnalysis *analysis;
  char *context_lang;   /* the request's language, from set_context */
  char *lang;           /* the template's language: "en" or "fr" */
  gboolean lang_chosen; /* the connector picked lang themselves */
  char *template_text;  /* what the draft was loaded from: untouched while equal */
  CnRelationship relationship;
  gboolean cc_requester;
  guint n_unknown;
  gboolean loading;
  GHashTable *drafts; /* request id → CnDraft */
  guint save_source;  /* the draft is written to the store shortly after a change */

  GtkDropDown *lang_dropdown;
  GtkTextView *preview_view;
  GtkDropDown *relationship_dropdown;
  GtkLabel *relationship_label;
  GtkStack *stack;
  GtkSourceView *view;
  GtkWidget *warning_box;
  GtkLabel *warning_label;
};

G_DEFINE_FINAL_TYPE (CnEndorsementEditor, cn_endorsement_editor, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The dropdown's positions. */
static const char *const langs[] = { "en", "fr" };

static void cn_endorsement_editor_refresh (CnEndorsementEditor *self);

static void
cn_draft_free (CnDraft *draft)
{
  g_free (draft->text);
  g_free (draft->lang);
  g_free (draft);
}

static const char *
normalize_lang (const char *lang)
{
  return lang != NULL && g_str_has_prefix (lang, "fr") ? "fr" : "en";
}

static const char *
interface_lang (void)
{
  /* Translators: the code of your language ("fr"): the endorsement's default language */
  return normalize_lang (C_("template language", "en"));
}

static GtkTextBuffer *
get_text_buffer (CnEndorsementEditor *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
}

static void
on_view_first_map_cb (GtkWidget *view, gpointer data)
{
  g_signal_handlers_disconnect_by_func (view, on_view_first_map_cb, data);
  cn_endorsement_editor_setup_template_buffer (
      GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view))));
}

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* @lang ("en" or "fr") in the register the contact asked for. */
static char *
dup_template (CnEndorsementEditor *self, const char *lang)
{
  CnRegister form = self->target != NULL ? cn_contact_get_address_form (self->target)
                                         : CN_REGISTER_VOUS;
  char *text = NULL;

  lang = cn_compose_template_lang (lang, form);
  if (self->store != NULL)
    text = cn_store_get_template (self->store, CN_TEMPLATE_ENDORSEMENT, lang, NULL);
  if (text == NULL)
    text = cn_compose_get_default_template (CN_TEMPLATE_ENDORSEMENT, lang);
  return text;
}

/* Text from outside may be invalid UTF-8 after a broken import. */
static char *
dup_valid (const char *text)
{
  return g_utf8_make_valid (text != NULL ? text : "", -1);
}

static gboolean
ends_sentence (gunichar c)
{
  return c == '.' || c == '!' || c == '?' || c == '\n' || c == 0x2026 /* … */;
}

/* The analyzer's spans are the cue words ("moving our"): the sentence that
 * holds them says what the requester wants, in their own words. */
static char *
dup_sentence_around (const char *note, CnSpan span)
{
  const char *start = g_utf8_offset_to_pointer (note, span.start);
  const char *end = g_utf8_offset_to_pointer (note, span.end);
  const char *p;
  g_autofree char *sentence = NULL;
  gsize len;

  while (start > note)
    {
      p = g_utf8_prev_char (start);
      if (ends_sentence (g_utf8_get_char (p)))
        break;
      start = p;
    }
  while (*end != '\0' && !ends_sentence (g_utf8_get_char (end)))
    end = g_utf8_next_char (end);
  /* A question keeps its mark; a full stop is the template's to write. */
  if (*end == '?' || *end == '!')
    end++;

  sentence = g_strstrip (g_strndup (start, (gsize) (end - start)));
  len = strlen (sentence);
  if (len == 0 || g_utf8_strlen (sentence, -1) > 300)
    return g_strstrip (g_utf8_substring (note, span.start, span.end));
  return g_steal_pointer (&sentence);
}

/* The sentence of the first span of element in the note to the target,
 * quoted in the template's language; NULL when the analyzer found none. */
static char *
dup_element_text (CnEndorsementEditor *self, CnElement element)
{
  g_autofree char *note = NULL;
  g_autofree char *sentence = NULL;
  const CnSpan *spans;
  guint n_spans = 0;
  glong length;

  if (self->analysis == NULL || self->request == NULL)
    return NULL;
  spans = cn_analysis_get_spans (self->analysis, element, &n_spans);
  if (n_spans == 0)
    return NULL;
  note = dup_valid (cn_request_get_note_to_target (self->request));
  length = g_utf8_strlen (note, -1);
  if (spans[0].start >= spans[0].end || spans[0].end > (guint) length)
    return NULL;
  sentence = dup_sentence_around (note, spans[0]);
  /* Quotation marks: these are the requester's words, not the connector's. */
  if (g_str_equal (self->lang, "fr"))
    return g_strdup_printf ("« %s »", sentence);
  return g_strdup_printf ("“%s”", sentence);
}

/* The connector's own name: the one set in Preferences (or the mail
 * account's), else the system's real one when it knows one. */
static char *
dup_connector_name (CnEndorsementEditor *self)
{
  char *stored = self->store != NULL ? cn_store_dup_connector_name (self->store) : NULL;

  if (stored != NULL)
    return stored;
  return cn_system_real_name ();
}

/* Puts sentence after a greeting line ("Hello Marc,") when the text opens
 * with one, else before everything: the relationship is always written. */
static char *
prepend_sentence (const char *text, const char *sentence)
{
  const char *end = strstr (text, "\n\n");

  if (end != NULL && memchr (text, '\n', (gsize) (end - text)) == NULL && end > text &&
      (end[-1] == ',' || end[-1] == ':'))
    {
      g_autofree char *greeting = g_strndup (text, (gsize) (end - text));

      return g_strconcat (greeting, "\n\n", sentence, "\n\n", end + 2, NULL);
    }
  return g_strconcat (sentence, "\n\n", text, NULL);
}

/* The endorsement as the contact reads it. */
static char *
expand_endorsement (CnEndorsementEditor *self)
{
  g_autofree char *text = dup_buffer_text (get_text_buffer (self));
  g_autofree char *requester = dup_valid (cn_request_get_requester_name (self->request));
  g_autofree char *target = NULL;
  g_autofree char *objective = dup_element_text (self, CN_ELEMENT_OBJECTIVE);
  g_autofree char *ask = dup_element_text (self, CN_ELEMENT_SPECIFIC_ASK);
  g_autofree char *expanded = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *connector = dup_connector_name (self);
  CnComposeValues values = { 0 };

  if (self->target != NULL && cn_contact_get_name (self->target) != NULL)
    target = dup_valid (cn_contact_get_name (self->target));
  else
    target = dup_valid (cn_request_get_target_name (self->request));

  values.lang = self->lang;
  values.requester = requester;
  values.target = target;
  values.objective = objective;
  values.ask = ask;
  values.relationship = self->relationship;
  values.connector = connector;
  expanded = cn_compose_expand (text, &values);

  if (!cn_compose_has_placeholder (text, "relationship"))
    sentence = cn_compose_relationship_sentence (self->relationship, requester, self->lang);
  if (sentence != NULL)
    return prepend_sentence (expanded, sentence);
  return g_steal_pointer (&expanded);
}

/* Placeholders the templates do not know, for the warning line. */
static GPtrArray *
find_unknown_placeholders (const char *text)
{
  g_autoptr (GArray) found = cn_compose_find_placeholders (text);
  GPtrArray *unknown = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < found->len; i++)
    {
      const CnPlaceholder *placeholder = &g_array_index (found, CnPlaceholder, i);
      char *name;

      if (placeholder->known)
        continue;
      name = g_utf8_substring (text, placeholder->span.start, placeholder->span.end);
      if (!g_ptr_array_find_with_equal_func (unknown, name, g_str_equal, NULL))
        g_ptr_array_add (unknown, name);
      else
        g_free (name);
    }
  return unknown;
}

static void
update_warning (CnEndorsementEditor *self, const char *text)
{
  g_autofree char *message = cn_endorsement_editor_describe_unknown_placeholders (text,
                                                                                  &self->n_unknown);

  gtk_widget_set_visible (self->warning_box, message != NULL);
  if (message != NULL)
    cn_label_set_literal (self->warning_label, message);
}

static void
update_preview (CnEndorsementEditor *self)
{
  g_autoptr (CnMessage) message = cn_endorsement_editor_build_message (self, self->cc_requester);
  g_autofree char *text = NULL;

  if (message != NULL)
    text = cn_message_to_text (message, self->lang);
  cn_text_view_set_literal (self->preview_view, text);
}

static void
update_relationship_label (CnEndorsementEditor *self)
{
  g_autofree char *name = NULL;
  g_autofree char *question = NULL;

  if (self->request != NULL && cn_request_get_requester_name (self->request) != NULL &&
      *cn_request_get_requester_name (self->request) != '\0')
    {
      name = cn_ui_name (cn_request_get_requester_name (self->request));
      /* Translators: %s is the requester's name */
      question = g_strdup_printf (_("How do you know %s?"), name);
    }
  else
    question = g_strdup (_("How do you know the requester?"));

  cn_label_set_literal (self->relationship_label, question);
  cn_drop_down_set_accessible_name (self->relationship_dropdown, question);
}

/* Shows the request's state in the controls, without echoing it back. */
static void
sync_controls (CnEndorsementEditor *self)
{
  gboolean has_request = self->request != NULL;

  self->loading = TRUE;
  gtk_drop_down_set_selected (self->relationship_dropdown, (guint) self->relationship);
  gtk_drop_down_set_selected (self->lang_dropdown, g_str_equal (self->lang, "fr") ? 1 : 0);
  self->loading = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->view), has_request);
  gtk_widget_set_sensitive (GTK_WIDGET (self->relationship_dropdown), has_request);
  gtk_widget_set_sensitive (GTK_WIDGET (self->lang_dropdown), has_request);
  update_relationship_label (self);
}

static void
load_text (CnEndorsementEditor *self, const char *text, gboolean undoable)
{
  GtkTextBuffer *buffer = get_text_buffer (self);

  self->loading = TRUE;
  if (undoable)
    {
      GtkTextIter start, end;

      /* Not set_text(), which cannot be undone. */
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      gtk_text_buffer_delete (buffer, &start, &end);
      gtk_text_buffer_insert (buffer, &start, text, -1);
      gtk_text_buffer_end_user_action (buffer);
    }
  else
    {
      /* Undo must not reach back into another request's draft. */
      gtk_text_buffer_begin_irreversible_action (buffer);
      gtk_text_buffer_set_text (buffer, text, -1);
      gtk_text_buffer_end_irreversible_action (buffer);
    }
  self->loading = FALSE;
}

static void
load_template (CnEndorsementEditor *self, gboolean undoable)
{
  g_free (self->template_text);
  self->template_text = dup_template (self, self->lang);
  load_text (self, self->template_text, undoable);
}

/* Only the template, with no relationship: no draft at all. */
static gboolean
draft_is_empty (const CnDraft *draft)
{
  return draft->text == NULL && draft->lang == NULL && draft->relationship == CN_RELATIONSHIP_UNSET;
}

static gboolean
draft_equal (const CnDraft *a, const CnDraft *b)
{
  return a->relationship == b->relationship && g_strcmp0 (a->text, b->text) == 0 &&
         g_strcmp0 (a->lang, b->lang) == 0;
}

/* Kept in the store too, so that a restart finds it. A read-only database
 * keeps it for the session only. */
static void
store_draft (CnEndorsementEditor *self, gint64 id, const CnDraft *draft)
{
  g_autoptr (GError) error = NULL;
  gboolean empty = draft_is_empty (draft);

  if (self->store == NULL || cn_store_is_read_only (self->store))
    return;
  if (empty ? !cn_store_delete_draft (self->store, id, &error)
            : !cn_store_save_draft (self->store, id, draft->relationship, draft->text, draft->lang,
                                    &error))
    g_debug ("Draft of request %" G_GINT64_FORMAT " not kept: %s", id, error->message);
}

static void
save_current_draft (CnEndorsementEditor *self)
{
  g_autofree char *text = NULL;
  CnDraft *draft, *previous;
  gboolean changed;
  gint64 id;

  if (self->request == NULL)
    return;

  text = dup_buffer_text (get_text_buffer (self));
  draft = g_new0 (CnDraft, 1);
  if (g_strcmp0 (text, self->template_text) != 0)
    draft->text = g_steal_pointer (&text);
  draft->lang = self->lang_chosen ? g_strdup (self->lang) : NULL;
  draft->relationship = self->relationship;
  id = cn_request_get_id (self->request);
  previous = g_hash_table_lookup (self->drafts, &id);
  /* Only a change is written: reading a request writes nothing. */
  changed = previous != NULL ? !draft_equal (previous, draft) : !draft_is_empty (draft);
  g_hash_table_insert (self->drafts, g_memdup2 (&id, sizeof id), draft);
  g_clear_handle_id (&self->save_source, g_source_remove);
  if (changed)
    store_draft (self, id, draft);
}

/* Loads the request's kept draft, or a new one from the template. */
static void
restore_draft (CnEndorsementEditor *self)
{
  CnDraft *draft = NULL;
  gint64 id;

  if (self->request != NULL)
    {
      id = cn_request_get_id (self->request);
      draft = g_hash_table_lookup (self->drafts, &id);
      if (draft == NULL && self->store != NULL)
        {
          /* Left before a restart. */
          CnDraft *kept = g_new0 (CnDraft, 1);

          if (cn_store_load_draft (self->store, id, &kept->relationship, &kept->text, &kept->lang))
            {
              g_hash_table_insert (self->drafts, g_memdup2 (&id, sizeof id), kept);
              draft = kept;
            }
          else
            cn_draft_free (kept);
        }
    }

  self->lang_chosen = draft != NULL && draft->lang != NULL;
  g_free (self->lang);
  self->lang = g_strdup (
      self->lang_chosen
          ? draft->lang
          : normalize_lang (self->context_lang ? self->context_lang : interface_lang ()));
  self->relationship = draft != NULL ? draft->relationship : CN_RELATIONSHIP_UNSET;

  g_free (self->template_text);
  self->template_text = self->request != NULL ? dup_template (self, self->lang) : NULL;
  if (draft != NULL && draft->text != NULL)
    load_text (self, draft->text, FALSE);
  else
    load_text (self, self->template_text ? self->template_text : "", FALSE);
}

static gboolean
draft_is_untouched (CnEndorsementEditor *self)
{
  g_autofree char *text = dup_buffer_text (get_text_buffer (self));

  return g_strcmp0 (text, self->template_text) == 0;
}

static void
switch_lang (CnEndorsementEditor *self, const char *lang, gboolean replace_text)
{
  g_free (self->lang);
  self->lang = g_strdup (lang);
  self->lang_chosen = TRUE;
  if (replace_text)
    load_template (self, TRUE);
  else
    {
      /* The kept text is compared with the new language's template from now on. */
      g_free (self->template_text);
      self->template_text = dup_template (self, self->lang);
    }
  cn_endorsement_editor_refresh (self);
}

static void
on_replace_response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  g_autoptr (CnEndorsementEditor) self = user_data;
  const char *lang = g_object_get_data (G_OBJECT (dialog), "lang");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "request-id"));

  if (self->request == NULL || cn_request_get_id (self->request) != id)
    return;
  switch_lang (self, lang, g_strcmp0 (response, "replace") == 0);
}

/* An edited draft is only replaced when the connector agrees (and undo
 * brings it back); otherwise the text stays and the forward's own lines
 * (subject, quote) take the new language. */
static void
ask_replace_draft (CnEndorsementEditor *self, const char *lang)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
      _("Replace Your Draft?"), g_str_equal (lang, "fr")
         ? _("Your edited endorsement can be replaced by the French template, or kept as it "
              "is. Ctrl+Z brings back a replaced draft.")
         : _("Your edited endorsement can be replaced by the English template, or kept as it "
              "is. Ctrl+Z brings back a replaced draft.")));
  adw_message_dialog_add_responses (dialog, "keep",
                                    _("_Keep My Draft"), "replace", _("_Use the Template"), NULL);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_object_set_data_full (G_OBJECT (dialog), "lang", g_strdup (lang), g_free);
  g_object_set_data (G_OBJECT (dialog), "request-id",
                     GSIZE_TO_POINTER ((gsize) cn_request_get_id (self->request)));
  g_signal_connect (dialog, "response", G_CALLBACK (on_replace_response_cb), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_lang_selected_cb (CnEndorsementEditor *self, GParamSpec *pspec, GtkDropDown *dropdown)
{
  guint position = gtk_drop_down_get_selected (dropdown);
  const char *lang;

  if (self->loading || self->request == NULL || position >= G_N_ELEMENTS (langs))
    return;
  lang = langs[position];
  if (g_str_equal (lang, self->lang))
    return;

  if (draft_is_untouched (self))
    switch_lang (self, lang, TRUE);
  else
    ask_replace_draft (self, lang);
}

static void
on_relationship_selected_cb (CnEndorsementEditor *self, GParamSpec *pspec, GtkDropDown *dropdown)
{
  guint position = gtk_drop_down_get_selected (dropdown);

  if (self->loading || position > CN_RELATIONSHIP_LAST)
    return;
  self->relationship = (CnRelationship) position;
  cn_endorsement_editor_refresh (self);
}

/* The editor grows with its text inside the review column, which scrolls:
 * the column follows the cursor, as the editor would if it scrolled. */
static gboolean
on_cursor_idle_cb (gpointer data)
{
  CnEndorsementEditor *self = data;
  GtkTextView *view = GTK_TEXT_VIEW (self->view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  GtkAdjustment *adjustment;
  GdkRectangle cursor;
  GtkTextIter iter;
  graphene_point_t top, bottom;
  double value, page;

  self->cursor_idle_id = 0;
  if (scroller == NULL || !gtk_widget_has_focus (GTK_WIDGET (view)))
    return G_SOURCE_REMOVE;
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  gtk_text_view_get_iter_location (view, &iter, &cursor);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, cursor.x, cursor.y,
                                         &cursor.x, &cursor.y);
  if (!gtk_widget_compute_point (GTK_WIDGET (view), content,
                                 &GRAPHENE_POINT_INIT (0, cursor.y - 12), &top) ||
      !gtk_widget_compute_point (GTK_WIDGET (view), content,
                                 &GRAPHENE_POINT_INIT (0, cursor.y + cursor.height + 12), &bottom))
    return G_SOURCE_REMOVE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  /* The content's own coordinates are already scrolled by value. */
  top.y += value;
  bottom.y += value;
  /* The column has not grown to the new text yet: look again after its layout. */
  if (bottom.y > gtk_adjustment_get_upper (adjustment) && self->cursor_tries++ < 10)
    {
      self->cursor_idle_id = g_timeout_add (16, on_cursor_idle_cb, self);
      return G_SOURCE_REMOVE;
    }
  self->cursor_tries = 0;
  if (top.y < value)
    gtk_adjustment_set_value (adjustment, top.y);
  else if (bottom.y > value + page)
    gtk_adjustment_set_value (adjustment, bottom.y - page);
  return G_SOURCE_REMOVE;
}

static void
on_cursor_moved_cb (CnEndorsementEditor *self)
{
  /* After the text view has laid out the line the cursor is on. */
  if (self->cursor_idle_id == 0)
    self->cursor_idle_id = g_idle_add_full (GDK_PRIORITY_REDRAW + 10, on_cursor_idle_cb, self,
                                            NULL);
}

static void
on_buffer_changed_cb (CnEndorsementEditor *self, GtkTextBuffer *buffer)
{
  if (!self->loading)
    cn_endorsement_editor_refresh (self);
}

/* The template's colours for the style in use. */
static GtkSourceStyleScheme *
get_template_scheme (AdwStyleManager *manager)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();

  return gtk_source_style_scheme_manager_get_scheme (schemes, adw_style_manager_get_dark (manager)
                                                                  ? "Adwaita-dark"
                                                                  : "Adwaita");
}

static void
on_dark_changed_cb (GtkSourceBuffer *buffer, GParamSpec *pspec, AdwStyleManager *manager)
{
  gtk_source_buffer_set_style_scheme (buffer, get_template_scheme (manager));
}

static void
toggle_preview_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnEndorsementEditor *self = CN_ENDORSEMENT_EDITOR (widget);
  gboolean to_preview = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "edit") == 0;

  gtk_stack_set_visible_child_name (self->stack, to_preview ? "preview" : "edit");
  if (!to_preview)
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static gboolean
on_save_timeout_cb (gpointer data)
{
  CnEndorsementEditor *self = data;

  self->save_source = 0;
  save_current_draft (self);
  return G_SOURCE_REMOVE;
}

/* After any change: warning, preview, listeners; the draft is kept soon. */
static void
cn_endorsement_editor_refresh (CnEndorsementEditor *self)
{
  g_autofree char *text = dup_buffer_text (get_text_buffer (self));

  update_warning (self, text);
  update_preview (self);
  if (self->request != NULL && !self->loading)
    {
      g_clear_handle_id (&self->save_source, g_source_remove);
      self->save_source = g_timeout_add (500, on_save_timeout_cb, self);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Back from Preferences: an untouched draft follows an edited template. */
static void
on_root_active_cb (CnEndorsementEditor *self, GParamSpec *pspec, GtkWindow *window)
{
  g_autofree char *template = NULL;

  if (!gtk_window_is_active (window) || self->request == NULL || !draft_is_untouched (self))
    return;
  template = dup_template (self, self->lang);
  if (g_strcmp0 (template, self->template_text) == 0)
    return;
  g_free (self->template_text);
  self->template_text = g_steal_pointer (&template);
  load_text (self, self->template_text, FALSE);
  cn_endorsement_editor_refresh (self);
}

static void
cn_endorsement_editor_root (GtkWidget *widget)
{
  CnEndorsementEditor *self = CN_ENDORSEMENT_EDITOR (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (cn_endorsement_editor_parent_class)->root (widget);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    g_signal_connect_object (root, "notify::is-active", G_CALLBACK (on_root_active_cb), self,
                             G_CONNECT_SWAPPED);
}

static void
cn_endorsement_editor_unroot (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (root != NULL)
    g_signal_handlers_disconnect_by_func (root, on_root_active_cb, widget);
  GTK_WIDGET_CLASS (cn_endorsement_editor_parent_class)->unroot (widget);
}

static void
cn_endorsement_editor_dispose (GObject *object)
{
  CnEndorsementEditor *self = CN_ENDORSEMENT_EDITOR (object);

  /* A change made just before the window closes is kept too. */
  if (self->save_source != 0)
    save_current_draft (self);
  g_clear_handle_id (&self->cursor_idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_ENDORSEMENT_EDITOR);
  cn_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->store);
  g_clear_object (&self->request);
  g_clear_object (&self->target);
  g_clear_object (&self->analysis);
  g_clear_pointer (&self->drafts, g_hash_table_unref);

  G_OBJECT_CLASS (cn_endorsement_editor_parent_class)->dispose (object);
}

static void
cn_endorsement_editor_finalize (GObject *object)
{
  CnEndorsementEditor *self = CN_ENDORSEMENT_EDITOR (object);

  g_free (self->context_lang);
  g_free (self->lang);
  g_free (self->template_text);

  G_OBJECT_CLASS (cn_endorsement_editor_parent_class)->finalize (object);
}

static void
cn_endorsement_editor_class_init (CnEndorsementEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_endorsement_editor_dispose;
  object_class->finalize = cn_endorsement_editor_finalize;

  /* The text, the relationship or the language changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (CN_TYPE_WRAP_BOX);
  g_type_ensure (CN_TYPE_ROW_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-endorsement-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CnEndorsementEditor, lang_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CnEndorsementEditor, preview_view);
  gtk_widget_class_bind_template_child (widget_class, CnEndorsementEditor, relationship_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CnEndorsementEditor, relationship_label);
  gtk_widget_class_bind_template_child (widget_class, CnEndorsementEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, CnEndorsementEditor, view);
  gtk_widget_class_bind_template_child (widget_class, CnEndorsementEditor, warning_box);
  gtk_widget_class_bind_template_child (widget_class, CnEndorsementEditor, warning_label);

  widget_class->root = cn_endorsement_editor_root;
  widget_class->unroot = cn_endorsement_editor_unroot;

  gtk_widget_class_install_action (widget_class, "endorsement.toggle-preview", NULL,
                                   toggle_preview_action);
}

static void
cn_endorsement_editor_init (CnEndorsementEditor *self)
{
  g_autoptr (GtkStringList) choices = gtk_string_list_new (NULL);
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  cn_drop_down_set_accessible_name (self->lang_dropdown, _("Template language"));
  cn_drop_down_name_choices (self->lang_dropdown);
  cn_drop_down_name_choices (self->relationship_dropdown);
  self->drafts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                        (GDestroyNotify) cn_draft_free);
  self->lang = g_strdup (interface_lang ());
  self->cc_requester = TRUE;

  /* Position = CnRelationship: UNSET reads "Choose…". */
  gtk_string_list_append (choices, C_("relationship", "Choose…"));
  for (int r = CN_RELATIONSHIP_UNSET + 1; r <= CN_RELATIONSHIP_LAST; r++)
    gtk_string_list_append (choices, cn_relationship_get_label ((CnRelationship) r));
  gtk_drop_down_set_model (self->relationship_dropdown, G_LIST_MODEL (choices));

  /* The template language and its colours when first shown: loading them
   * costs a quarter of the window's construction, before its first frame. */
  g_signal_connect (self->view, "map", G_CALLBACK (on_view_first_map_cb), NULL);
  g_signal_connect_object (get_text_buffer (self), "changed", G_CALLBACK (on_buffer_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (get_text_buffer (self), "notify::cursor-position",
                           G_CALLBACK (on_cursor_moved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->relationship_dropdown, "notify::selected",
                           G_CALLBACK (on_relationship_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->lang_dropdown, "notify::selected",
                           G_CALLBACK (on_lang_selected_cb), self, G_CONNECT_SWAPPED);
  /* Ctrl+Shift+P from anywhere in the window, not only from inside the pane. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (shortcuts),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                        gtk_named_action_new ("endorsement.toggle-preview")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  sync_controls (self);
}

CnEndorsementEditor *
cn_endorsement_editor_new (void)
{
  return g_object_new (CN_TYPE_ENDORSEMENT_EDITOR, NULL);
}

void
cn_endorsement_editor_set_store (CnEndorsementEditor *self, CnStore *store)
{
  g_return_if_fail (CN_IS_ENDORSEMENT_EDITOR (self));
  g_return_if_fail (store == NULL || CN_IS_STORE (store));

  g_set_object (&self->store, store);
}

void
cn_endorsement_editor_set_request (CnEndorsementEditor *self, CnRequest *request)
{
  g_return_if_fail (CN_IS_ENDORSEMENT_EDITOR (self));
  g_return_if_fail (request == NULL || CN_IS_REQUEST (request));

  /* Keeps what set_context gave for the same request. */
  if (request != NULL && self->request != NULL &&
      cn_request_get_id (request) == cn_request_get_id (self->request))
    {
      g_set_object (&self->request, request);
      update_preview (self);
      return;
    }
  cn_endorsement_editor_set_context (self, request, NULL, NULL, NULL);
}

void
cn_endorsement_editor_set_context (CnEndorsementEditor *self,
                                   CnRequest *request,
                                   CnContact *target,
                                   CnAnalysis *analysis,
                                   const char *lang)
{
  gboolean same;

  g_return_if_fail (CN_IS_ENDORSEMENT_EDITOR (self));
  g_return_if_fail (request == NULL || CN_IS_REQUEST (request));
  g_return_if_fail (target == NULL || CN_IS_CONTACT (target));
  g_return_if_fail (analysis == NULL || CN_IS_ANALYSIS (analysis));

  same = request != NULL && self->request != NULL &&
         cn_request_get_id (request) == cn_request_get_id (self->request);
  if (!same)
    save_current_draft (self);

  g_set_object (&self->request, request);
  g_set_object (&self->target, target);
  g_set_object (&self->analysis, analysis);
  g_free (self->context_lang);
  self->context_lang = g_strdup (lang);

  if (!same)
    restore_draft (self);
  else if (self->request != NULL)
    {
      /* The request's language is known now, or the contact asked for
       * "tu" or "vous": an untouched draft follows the new template. */
      gboolean untouched = draft_is_untouched (self);
      g_autofree char *template = NULL;

      if (!self->lang_chosen && lang != NULL && !g_str_equal (normalize_lang (lang), self->lang))
        {
          g_free (self->lang);
          self->lang = g_strdup (normalize_lang (lang));
        }
      template = dup_template (self, self->lang);
      if (g_strcmp0 (template, self->template_text) != 0)
        {
          if (untouched)
            load_template (self, FALSE);
          else
            {
              g_free (self->template_text);
              self->template_text = g_steal_pointer (&template);
            }
        }
    }

  sync_controls (self);
  cn_endorsement_editor_refresh (self);
}

CnRelationship
cn_endorsement_editor_get_relationship (CnEndorsementEditor *self)
{
  g_return_val_if_fail (CN_IS_ENDORSEMENT_EDITOR (self), CN_RELATIONSHIP_UNSET);

  return self->relationship;
}

void
cn_endorsement_editor_set_relationship (CnEndorsementEditor *self, CnRelationship relationship)
{
  g_return_if_fail (CN_IS_ENDORSEMENT_EDITOR (self));
  g_return_if_fail (relationship <= CN_RELATIONSHIP_LAST);

  /* Goes through the chooser, so that what it shows is what is written. */
  gtk_drop_down_set_selected (self->relationship_dropdown, (guint) relationship);
}

const char *
cn_endorsement_editor_get_lang (CnEndorsementEditor *self)
{
  g_return_val_if_fail (CN_IS_ENDORSEMENT_EDITOR (self), NULL);

  return self->lang;
}

guint
cn_endorsement_editor_get_n_unknown_placeholders (CnEndorsementEditor *self)
{
  g_return_val_if_fail (CN_IS_ENDORSEMENT_EDITOR (self), 0);

  return self->n_unknown;
}

CnMessage *
cn_endorsement_editor_build_message (CnEndorsementEditor *self, gboolean cc_requester)
{
  g_autofree char *endorsement = NULL;

  g_return_val_if_fail (CN_IS_ENDORSEMENT_EDITOR (self), NULL);

  if (self->request == NULL)
    return NULL;
  endorsement = expand_endorsement (self);
  return cn_compose_forward (self->request, self->target, endorsement, cc_requester, self->lang);
}

void
cn_endorsement_editor_forget_draft (CnEndorsementEditor *self, gint64 request_id)
{
  g_return_if_fail (CN_IS_ENDORSEMENT_EDITOR (self));

  g_hash_table_remove (self->drafts, &request_id);
  if (self->store != NULL && !cn_store_is_read_only (self->store))
    cn_store_delete_draft (self->store, request_id, NULL);
  if (self->request == NULL || cn_request_get_id (self->request) != request_id)
    return;
  g_clear_handle_id (&self->save_source, g_source_remove);

  restore_draft (self);
  sync_controls (self);
  cn_endorsement_editor_refresh (self);
}

void
cn_endorsement_editor_focus_relationship (CnEndorsementEditor *self)
{
  g_return_if_fail (CN_IS_ENDORSEMENT_EDITOR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->relationship_dropdown));
}

void
cn_endorsement_editor_set_cc_requester (CnEndorsementEditor *self, gboolean cc_requester)
{
  g_return_if_fail (CN_IS_ENDORSEMENT_EDITOR (self));

  if (self->cc_requester == !!cc_requester)
    return;
  self->cc_requester = !!cc_requester;
  update_preview (self);
}

void
cn_endorsement_editor_show_preview (CnEndorsementEditor *self, gboolean preview)
{
  g_return_if_fail (CN_IS_ENDORSEMENT_EDITOR (self));

  gtk_stack_set_visible_child_name (self->stack, preview ? "preview" : "edit");
}

GtkTextView *
cn_endorsement_editor_get_preview (CnEndorsementEditor *self)
{
  g_return_val_if_fail (CN_IS_ENDORSEMENT_EDITOR (self), NULL);

  return self->preview_view;
}

GtkLabel *
cn_endorsement_editor_get_warning (CnEndorsementEditor *self)
{
  g_return_val_if_fail (CN_IS_ENDORSEMENT_EDITOR (self), NULL);

  return gtk_widget_get_visible (self->warning_box) ? self->warning_label : NULL;
}

GtkSourceBuffer *
cn_endorsement_editor_get_buffer (CnEndorsementEditor *self)
{
  g_return_val_if_fail (CN_IS_ENDORSEMENT_EDITOR (self), NULL);

  return GTK_SOURCE_BUFFER (get_text_buffer (self));
}

char *
cn_endorsement_editor_dup_text (CnEndorsementEditor *self)
{
  g_return_val_if_fail (CN_IS_ENDORSEMENT_EDITOR (self), NULL);

  return dup_buffer_text (get_text_buffer (self));
}

GtkSourceLanguage *
cn_endorsement_editor_get_template_language (void)
{
  static GtkSourceLanguageManager *manager;

  /* Our own manager: the search path can only grow before the first
   * language is loaded, which the default manager may already have done.
   * GtkSourceView ≥ 5.4 reads "resource://" folders, so the language ships
   * inside the executable (installed, Flatpak or build tree alike). */
  if (manager == NULL)
    {
      manager = gtk_source_language_manager_new ();
      gtk_source_language_manager_append_search_path (manager, "resource://" RESOURCE_BASE
                                                               "/language-specs");
    }
  return gtk_source_language_manager_get_language (manager, "connecteur-template");
}

void
cn_endorsement_editor_warm_up (void)
{
  cn_endorsement_editor_get_template_language ();
  get_template_scheme (adw_style_manager_get_default ());
}

void
cn_endorsement_editor_setup_template_buffer (GtkSourceBuffer *buffer)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceLanguage *language = cn_endorsement_editor_get_template_language ();

  g_return_if_fail (GTK_SOURCE_IS_BUFFER (buffer));

  if (language == NULL)
    g_warning ("The template language connecteur-template is missing from the resources");
  gtk_source_buffer_set_language (buffer, language);
  gtk_source_buffer_set_highlight_syntax (buffer, TRUE);
  /* A letter, not code. Matching brackets were also drawn after a delay each
   * time the cursor moved, repainting the pane two frames after the rest
   * whenever another request was opened. */
  gtk_source_buffer_set_highlight_matching_brackets (buffer, FALSE);
  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (on_dark_changed_cb), buffer,
                           G_CONNECT_SWAPPED);
  on_dark_changed_cb (buffer, NULL, manager);
}

char *
cn_endorsement_editor_describe_unknown_placeholders (const char *text, guint *n_unknown)
{
  g_autoptr (GPtrArray) unknown = NULL;
  g_autofree char *list = NULL;
  guint n;

  g_return_val_if_fail (text != NULL, NULL);

  unknown = find_unknown_placeholders (text);
  n = unknown->len;
  if (n_unknown != NULL)
    *n_unknown = n;
  if (n == 0)
    return NULL;

  g_ptr_array_add (unknown, NULL);
  /* Translators: separates the unknown placeholders of a list ("{foo}, {bar}") */
  list = g_strjoinv (_(", "), (char **) unknown->pdata);
  return g_strdup_printf (ngettext ("Unknown placeholder: %s. It will be sent as written.",
                                    "Unknown placeholders: %s. They will be sent as written.", n),
                          list);
}
