/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cn-endorsement-editor.h"
#include "cn-ui-utils.h"

struct _CnEndorsementEditor
{
  GtkWidget parent_instance;

  CnStore *store;
  gint64 request_id;
  GHashTable *drafts; /* request id → edited text */

  GtkSourceView *view;
};

G_DEFINE_FINAL_TYPE (CnEndorsementEditor, cn_endorsement_editor, GTK_TYPE_WIDGET)

static GtkTextBuffer *
get_text_buffer (CnEndorsementEditor *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
}

static char *
default_template (void)
{
  return g_strdup (_("Hello {target},\n\n"
                     "{requester} asked me to forward the note below.\n\n"
                     "Why I think it is worth your time: \n\n"
                     "You owe nothing: if it is not for you, a word to me is enough.\n\n"
                     "Best regards"));
}

static char *
replace_all (const char *text, const char *placeholder, const char *value)
{
  g_auto (GStrv) parts = g_strsplit (text, placeholder, -1);

  return g_strjoinv (value, parts);
}

static char *
build_draft (CnEndorsementEditor *self, CnRequest *request)
{
  g_autofree char *template = NULL;
  g_autofree char *with_target = NULL;
  g_autofree char *target = NULL;
  g_autofree char *requester = NULL;
  /* Translators: the code of your language ("fr"): picks the stored endorsement template */
  const char *lang = C_("template language", "en");

  if (self->store != NULL)
    template = cn_store_get_template (self->store, "endorsement", lang, NULL);
  if (template == NULL)
    template = default_template ();

  target = g_utf8_make_valid (cn_request_get_target_name (request)
                                  ? cn_request_get_target_name (request)
                                  : "",
                              -1);
  requester = g_utf8_make_valid (cn_request_get_requester_name (request)
                                     ? cn_request_get_requester_name (request)
                                     : "",
                                 -1);
  with_target = replace_all (template, "{target}", target);
  return replace_all (with_target, "{requester}", requester);
}

static void
save_current_draft (CnEndorsementEditor *self)
{
  GtkTextBuffer *buffer = get_text_buffer (self);
  GtkTextIter start, end;

  if (self->request_id == 0 || !gtk_text_buffer_get_modified (buffer))
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  g_hash_table_insert (self->drafts, g_memdup2 (&self->request_id, sizeof (gint64)),
                       gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
load_text (CnEndorsementEditor *self, const char *text, gboolean modified)
{
  GtkTextBuffer *buffer = get_text_buffer (self);

  /* Undo must not reach back into another request's draft. */
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  gtk_text_buffer_set_modified (buffer, modified);
}

static void
on_dark_changed_cb (CnEndorsementEditor *self, GParamSpec *pspec, AdwStyleManager *manager)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (get_text_buffer (self));

  gtk_source_buffer_set_style_scheme (buffer,
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

static void
cn_endorsement_editor_dispose (GObject *object)
{
  CnEndorsementEditor *self = CN_ENDORSEMENT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_ENDORSEMENT_EDITOR);
  cn_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->store);
  g_clear_pointer (&self->drafts, g_hash_table_unref);

  G_OBJECT_CLASS (cn_endorsement_editor_parent_class)->dispose (object);
}

static void
cn_endorsement_editor_class_init (CnEndorsementEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_endorsement_editor_dispose;

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-endorsement-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CnEndorsementEditor, view);
}

static void
cn_endorsement_editor_init (CnEndorsementEditor *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->drafts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (on_dark_changed_cb), self,
                           G_CONNECT_SWAPPED);
  on_dark_changed_cb (self, NULL, manager);
  gtk_widget_set_sensitive (GTK_WIDGET (self->view), FALSE);
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
  const char *draft;
  g_autofree char *text = NULL;
  gint64 id;

  g_return_if_fail (CN_IS_ENDORSEMENT_EDITOR (self));
  g_return_if_fail (request == NULL || CN_IS_REQUEST (request));

  id = request ? cn_request_get_id (request) : 0;
  if (id == self->request_id && id != 0)
    return;

  save_current_draft (self);
  self->request_id = id;
  gtk_widget_set_sensitive (GTK_WIDGET (self->view), request != NULL);

  if (request == NULL)
    {
      load_text (self, "", FALSE);
      return;
    }

  draft = g_hash_table_lookup (self->drafts, &id);
  if (draft != NULL)
    {
      load_text (self, draft, TRUE);
      return;
    }

  text = build_draft (self, request);
  load_text (self, text, FALSE);
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
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (CN_IS_ENDORSEMENT_EDITOR (self), NULL);

  buffer = get_text_buffer (self);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
