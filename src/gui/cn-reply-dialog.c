/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-reply-dialog.h"
#include "cn-ui-utils.h"
#include "cn-wrap-box.h"

struct _CnReplyDialog
{
  AdwWindow parent_instance;

  CnReplyKind kind;
  char *template_text;
  CnComposeValues values; /* strings owned below */
  char *lang;
  char *requester;
  char *target;
  char *questions;
  char *connector;
  /* A French reply's "tu" version; NULL when there is none (English). */
  char *tu_template_text;
  char *tu_questions;
  char *expanded; /* the last text we wrote, to tell the connector's edits */
  gboolean can_send;
  gboolean sending;

  GtkWidget *bottom_actions;
  GtkWidget *bottom_copy_button;
  GtkWidget *bottom_mail_button;
  GtkWidget *bottom_send_button;
  GtkWidget *copy_button;
  GtkWidget *decline_box;
  AdwSqueezer *header_squeezer;
  GtkWidget *mail_button;
  GtkWidget *narrow_header;
  GtkWidget *narrow_spinner;
  AdwWindowTitle *narrow_title;
  AdwEntryRow *note_entry;
  GtkLabel *note_hint;
  GtkWidget *register_box;
  AdwActionRow *register_row;
  GtkWidget *send_button;
  GtkWidget *send_spinner;
  AdwEntryRow *sentence_entry;
  GtkTextView *text_view;
  GtkSwitch *tu_switch;
  GtkLabel *to_label;
  AdwWindowTitle *window_title;
};

G_DEFINE_FINAL_TYPE (CnReplyDialog, cn_reply_dialog, ADW_TYPE_WINDOW)

enum {
  SEND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the decline says to the requester ({reason}); may be empty. */
static char *
dup_sentence (CnReplyDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->sentence_entry))));
}

static gboolean
is_tu (CnReplyDialog *self)
{
  return self->tu_template_text != NULL && gtk_switch_get_active (self->tu_switch);
}

static void
update_buttons (CnReplyDialog *self)
{
  g_autofree char *text = cn_reply_dialog_dup_text (self);
  /* A decline may give no reason: only an empty reply cannot leave. */
  gboolean ok = *g_strstrip (text) != '\0';

  ok = ok && !self->sending;
  gtk_widget_set_sensitive (self->copy_button, ok);
  gtk_widget_set_sensitive (self->mail_button, ok);
  gtk_widget_set_sensitive (self->send_button, ok);
}

/* Expands the template again (a new sentence, the other register), unless
 * the connector already edited the text: their words win. */
static void
expand (CnReplyDialog *self)
{
  g_autofree char *sentence = dup_sentence (self);
  g_autofree char *current = cn_reply_dialog_dup_text (self);
  gboolean tu = is_tu (self);

  if (self->expanded != NULL && g_strcmp0 (current, self->expanded) != 0)
    return;
  self->values.reason = sentence;
  self->values.questions = tu ? self->tu_questions : self->questions;
  g_free (self->expanded);
  self->expanded = cn_compose_expand (tu ? self->tu_template_text : self->template_text,
                                      &self->values);
  self->values.reason = NULL;
  cn_text_view_set_literal (self->text_view, self->expanded);
  /* What the text view holds (made valid) is what we compare with. */
  g_free (self->expanded);
  self->expanded = cn_reply_dialog_dup_text (self);
}

static void
on_sentence_changed_cb (CnReplyDialog *self, GtkEditable *editable)
{
  expand (self);
  update_buttons (self);
}

static void
on_tu_switch_active_cb (CnReplyDialog *self, GParamSpec *pspec, GtkSwitch *tu_switch)
{
  expand (self);
  update_buttons (self);
}

static void
on_text_changed_cb (CnReplyDialog *self, GtkTextBuffer *buffer)
{
  update_buttons (self);
}

static void
emit_send (CnReplyDialog *self, CnReplySend method)
{
  g_autofree char *text = cn_reply_dialog_dup_text (self);

  if (!gtk_widget_get_sensitive (self->copy_button))
    return;
  g_signal_emit (self, signals[SEND], 0, (int) method, text);
}

static void
on_copy_clicked_cb (CnReplyDialog *self, GtkButton *button)
{
  emit_send (self, CN_REPLY_SEND_COPY);
}

static void
on_mail_clicked_cb (CnReplyDialog *self, GtkButton *button)
{
  emit_send (self, CN_REPLY_SEND_MAIL);
}

static void
on_send_clicked_cb (CnReplyDialog *self, GtkButton *button)
{
  emit_send (self, CN_REPLY_SEND_ACCOUNT);
}

static void
copy_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  emit_send (CN_REPLY_DIALOG (widget), CN_REPLY_SEND_COPY);
}

static void
mail_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnReplyDialog *self = CN_REPLY_DIALOG (widget);

  /* Ctrl+Return: the first button, Send when there is an account. */
  emit_send (self, self->can_send ? CN_REPLY_SEND_ACCOUNT : CN_REPLY_SEND_MAIL);
}

static void
cn_reply_dialog_finalize (GObject *object)
{
  CnReplyDialog *self = CN_REPLY_DIALOG (object);

  g_free (self->template_text);
  g_free (self->lang);
  g_free (self->requester);
  g_free (self->target);
  g_free (self->questions);
  g_free (self->connector);
  g_free (self->tu_template_text);
  g_free (self->tu_questions);
  g_free (self->expanded);

  G_OBJECT_CLASS (cn_reply_dialog_parent_class)->finalize (object);
}

/* The answers go below the reply when the header has no room for them. */
static void
on_squeezer_visible_child_cb (CnReplyDialog *self, GParamSpec *pspec, AdwSqueezer *squeezer)
{
  gtk_widget_set_visible (self->bottom_actions,
                          adw_squeezer_get_visible_child (squeezer) == self->narrow_header);
}

static void
cn_reply_dialog_class_init (CnReplyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cn_reply_dialog_finalize;

  signals[SEND] = g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-reply-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, bottom_actions);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, bottom_copy_button);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, bottom_mail_button);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, bottom_send_button);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, decline_box);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, header_squeezer);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, mail_button);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, narrow_header);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, narrow_spinner);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, narrow_title);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, note_entry);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, note_hint);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, register_box);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, register_row);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, send_spinner);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, sentence_entry);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, to_label);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, tu_switch);
  gtk_widget_class_bind_template_child (widget_class, CnReplyDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_mail_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_squeezer_visible_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sentence_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_tu_switch_active_cb);

  gtk_widget_class_install_action (widget_class, "reply.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "reply.mail", NULL, mail_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "reply.mail",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "reply.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cn_reply_dialog_init (CnReplyDialog *self)
{
  g_type_ensure (CN_TYPE_WRAP_BOX);
  gtk_widget_init_template (GTK_WIDGET (self));
  cn_entry_rows_name_fields (GTK_WIDGET (self));
  /* The narrow header and the row below the reply repeat the wide header. */
  g_object_bind_property (self->window_title, "title", self->narrow_title, "title",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->window_title, "subtitle", self->narrow_title, "subtitle",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->send_spinner, "visible", self->narrow_spinner, "visible",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->send_spinner, "spinning", self->narrow_spinner, "spinning",
                          G_BINDING_SYNC_CREATE);
  {
    GtkWidget *pairs[][2] = { { self->copy_button, self->bottom_copy_button },
                              { self->mail_button, self->bottom_mail_button },
                              { self->send_button, self->bottom_send_button } };

    for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
      {
        g_object_bind_property (pairs[i][0], "sensitive", pairs[i][1], "sensitive",
                                G_BINDING_SYNC_CREATE);
        g_object_bind_property (pairs[i][0], "visible", pairs[i][1], "visible",
                                G_BINDING_SYNC_CREATE);
        g_object_bind_property (pairs[i][0], "tooltip-text", pairs[i][1], "tooltip-text",
                                G_BINDING_SYNC_CREATE);
      }
  }
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (on_text_changed_cb), self, G_CONNECT_SWAPPED);
}

CnReplyDialog *
cn_reply_dialog_new (GtkWindow *parent,
                     CnReplyKind kind,
                     CnRequest *request,
                     const char *template_text,
                     const CnComposeValues *values)
{
  CnReplyDialog *self;
  const char *email;
  g_autofree char *to = NULL;
  g_autofree char *requester = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CN_IS_REQUEST (request), NULL);
  g_return_val_if_fail (template_text != NULL && values != NULL, NULL);

  self = g_object_new (CN_TYPE_REPLY_DIALOG, "transient-for", parent, NULL);
  self->kind = kind;
  self->template_text = g_strdup (template_text);
  self->lang = g_strdup (values->lang);
  self->requester = g_strdup (values->requester);
  self->target = g_strdup (values->target);
  self->questions = g_strdup (values->questions);
  self->connector = g_strdup (values->connector);
  self->values = *values;
  self->values.lang = self->lang;
  self->values.requester = self->requester;
  self->values.target = self->target;
  self->values.questions = self->questions;
  self->values.connector = self->connector;
  /* Strings the caller owns are not kept. */
  self->values.objective = NULL;
  self->values.ask = NULL;
  self->values.reason = NULL;

  gtk_window_set_title (GTK_WINDOW (self),
                        kind == CN_REPLY_DECLINE ? _("Decline") : _("Ask for Motivation"));
  adw_window_title_set_title (self->window_title, gtk_window_get_title (GTK_WINDOW (self)));
  adw_window_title_set_subtitle (self->window_title, self->requester);
  email = cn_request_get_requester_email (request);
  requester = cn_ui_name (self->requester);
  /* Translators: the reply's recipient: "To: Nadia Benali <nadia@example.com>" */
  to = email && *email ? g_strdup_printf (_("To: %s <%s>"), requester, email)
                       : g_strdup_printf (_("To: %s (no e-mail address known: copy the reply "
                                            "or add the address in your mail client)"),
                                             requester);
  cn_label_set_literal (self->to_label, to);
  gtk_widget_set_visible (self->decline_box, kind == CN_REPLY_DECLINE);

  expand (self);
  update_buttons (self);
  if (kind == CN_REPLY_DECLINE)
    gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  return self;
}

void
cn_reply_dialog_set_tu_version (CnReplyDialog *self,
                                const char *tu_template_text,
                                const char *tu_questions,
                                CnRegister detected)
{
  g_return_if_fail (CN_IS_REPLY_DIALOG (self));
  g_return_if_fail (tu_template_text != NULL);

  g_free (self->tu_template_text);
  self->tu_template_text = g_strdup (tu_template_text);
  g_free (self->tu_questions);
  self->tu_questions = g_strdup (tu_questions);
  gtk_widget_set_visible (self->register_box, TRUE);
  adw_action_row_set_subtitle (self->register_row, detected == CN_REGISTER_TU
                               ? _("The requester wrote to you with “tu”.")
                               : "");
  /* The text follows the switch (notify::active) when it changes; expand
   * in any case, for the "tu" version's questions. */
  if (gtk_switch_get_active (self->tu_switch) != (detected == CN_REGISTER_TU))
    gtk_switch_set_active (self->tu_switch, detected == CN_REGISTER_TU);
  else
    expand (self);
}

CnRegister
cn_reply_dialog_get_register (CnReplyDialog *self)
{
  g_return_val_if_fail (CN_IS_REPLY_DIALOG (self), CN_REGISTER_VOUS);

  return is_tu (self) ? CN_REGISTER_TU : CN_REGISTER_VOUS;
}

char *
cn_reply_dialog_dup_note (CnReplyDialog *self)
{
  g_autofree char *note = NULL;

  g_return_val_if_fail (CN_IS_REPLY_DIALOG (self), NULL);

  if (self->kind != CN_REPLY_DECLINE)
    return NULL;
  note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_entry))));
  return *note != '\0' ? g_steal_pointer (&note) : NULL;
}

CnReplyKind
cn_reply_dialog_get_kind (CnReplyDialog *self)
{
  g_return_val_if_fail (CN_IS_REPLY_DIALOG (self), CN_REPLY_ASK_MOTIVATION);

  return self->kind;
}

void
cn_reply_dialog_set_can_send (CnReplyDialog *self, gboolean can_send)
{
  g_return_if_fail (CN_IS_REPLY_DIALOG (self));

  self->can_send = can_send;
  gtk_widget_set_visible (self->send_button, can_send);
  /* One suggested action: Send when there is one. */
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *mail = i == 0 ? self->mail_button : self->bottom_mail_button;

      if (can_send)
        gtk_widget_remove_css_class (mail, "suggested-action");
      else
        gtk_widget_add_css_class (mail, "suggested-action");
    }
  gtk_widget_set_tooltip_text (self->mail_button,
                               can_send ? _("Open the reply in your mail client")
                                        : _("Open the reply in your mail client "
                                                               "(Ctrl+Return)"));
}

void
cn_reply_dialog_set_sending (CnReplyDialog *self, gboolean sending)
{
  g_return_if_fail (CN_IS_REPLY_DIALOG (self));

  self->sending = sending;
  gtk_widget_set_visible (self->send_spinner, sending);
  gtk_spinner_set_spinning (GTK_SPINNER (self->send_spinner), sending);
  update_buttons (self);
}

char *
cn_reply_dialog_dup_text (CnReplyDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (CN_IS_REPLY_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
