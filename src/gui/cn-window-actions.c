/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

/* The window's actions on the request shown: forward, copy, ask for the
 * motivation, decline, archive, override, and the mail that carries them
 * (CnMailSession), with the review's keyboard shortcuts. */

#include "cn-compose.h"
#include "cn-mail-session.h"
#include "cn-override-dialog.h"
#include "cn-password-dialog.h"
#include "cn-reply-dialog.h"
#include "cn-requester-page.h"
#include "cn-ui-utils.h"
#include "cn-verification-panel.h"
#include "cn-window-private.h"

/* The review's actions.
 *
 * Every way a text leaves goes through cn_window_send(): today the desktop's
 * mail client (a mailto: URI) or the clipboard; an account-based sender
 * (SMTP) plugs in as another CnSendMethod there. What was sent is recorded
 * only once it left: cn_window_send_done(). */

typedef enum {
  CN_SEND_METHOD_MAIL_CLIENT = 0, /* mailto: through the desktop (the portal in a Flatpak) */
  CN_SEND_METHOD_CLIPBOARD = 1,   /* pasted by the connector in a message box */
  CN_SEND_METHOD_ACCOUNT = 2,     /* SMTP through the connector's own account */
} CnSendMethod;

struct _CnPendingSend
{
  CnWindow *self; /* owned */
  gint64 request_id;
  CnEventAction action; /* the history event */
  char *text;           /* its text: exactly what was sent */
  int status;           /* a CnRequestStatus, or -1: unchanged */
  char *toast;
  gboolean undoable;     /* it has not left the machine: Undo puts things back */
  gboolean ask_sent;     /* handed over: the toast asks whether it was sent */
  gboolean forget_draft; /* a forward left: the endorsement's draft is done */
  GtkWindow *dialog;     /* owned; closed once sent */
  char *in_reply_to;     /* the Message-ID of the e-mailed request a reply answers */
  char *note;            /* a decline's private note: in the history, never sent */
};

static void
cn_pending_send_free (CnPendingSend *pending)
{
  g_object_unref (pending->self);
  g_free (pending->in_reply_to);
  g_free (pending->note);
  g_free (pending->text);
  g_free (pending->toast);
  g_clear_object (&pending->dialog);
  g_free (pending);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnPendingSend, cn_pending_send_free)

void
_cn_window_add_toast (CnWindow *self, AdwToast *toast)
{
  g_free (self->last_toast);
  self->last_toast = g_strdup (adw_toast_get_title (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Takes @message. */
void
_cn_window_toast_error (CnWindow *self, char *message)
{
  AdwToast *toast = cn_toast_new_literal (message);

  g_free (message);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  _cn_window_add_toast (self, toast);
}

static void
cn_window_send_done (CnPendingSend *pending)
{
  CnWindow *self = pending->self;
  CnStatusChange change = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *recorded = NULL;
  AdwToast *toast;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  /* The private note joins what left only here, in the history. */
  recorded = pending->note != NULL ? cn_decline_event_format (pending->note, pending->text)
                                   : g_strdup (pending->text);
  if (!cn_store_record_action (self->store, pending->request_id, pending->action, recorded,
                               pending->status, &change, &error))
    {
      /* Translators: %s says why */
      _cn_window_toast_error (self,
                              g_strdup_printf (_("Sent, but not recorded in the history: %s"),
                                                  error->message));
      return;
    }
  if (pending->forget_draft)
    cn_review_pane_forget_draft (self->review_pane, pending->request_id);
  if (pending->dialog != NULL)
    gtk_window_destroy (pending->dialog);

  g_clear_pointer (&self->undo_changes, g_array_unref);
  toast = cn_toast_new_literal (pending->toast);
  if (pending->undoable)
    {
      self->undo_changes = g_array_new (FALSE, FALSE, sizeof (CnStatusChange));
      g_array_append_val (self->undo_changes, change);
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo-status");
    }
  else if (pending->ask_sent)
    {
      /* Of this request, whichever is shown when the button is pressed. */
      adw_toast_set_button_label (toast, _("_Sent"));
      adw_toast_set_action_name (toast, "win.confirm-forward");
      adw_toast_set_action_target_value (toast, g_variant_new_int64 (pending->request_id));
    }
  _cn_window_add_toast (self, toast);
  _cn_window_actions_update (self);
}

static void
on_uri_shown_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (CnPendingSend) pending = data;
  g_autoptr (GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    {
      if (!g_cancellable_is_cancelled (pending->self->cancellable))
        /* Translators: %s says why */
        _cn_window_toast_error (pending->self,
                                g_strdup_printf (_("Could not open your mail client: %s. Nothing "
                                                  "was recorded; try Copy instead."),
                                                    error->message));
      return;
    }
  cn_window_send_done (pending);
}

/* Mail through the connector's account: CnMailSession does the work, the
 * window shows what it tells and asks for the passwords it needs. */

static void
on_mail_message_cb (CnWindow *self, const char *text, gboolean error, CnMailSession *mail)
{
  if (error)
    _cn_window_toast_error (self, g_strdup (text));
  else
    _cn_window_add_toast (self, cn_toast_new_literal (text));
}

static void
on_password_response_cb (CnWindow *self, const char *response, CnPasswordDialog *dialog)
{
  CnMailLogin login = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "cn-mail-login"));
  gboolean ok = g_strcmp0 (response, "ok") == 0;

  /* Closing after a response answers "cancel" too: only the first counts. */
  g_signal_handlers_disconnect_by_data (dialog, self);
  cn_mail_session_answer_password (self->mail, login,
                                   ok ? cn_password_dialog_get_password (dialog) : NULL,
                                   ok && cn_password_dialog_get_remember (dialog));
  cn_password_dialog_clear (dialog);
}

static void
on_password_needed_cb (CnWindow *self,
                       int login,
                       const char *server,
                       const char *user,
                       const char *why,
                       gboolean can_remember,
                       CnMailSession *mail)
{
  CnPasswordDialog *dialog = cn_password_dialog_new (GTK_WINDOW (self), server, user, why,
                                                     can_remember);

  g_object_set_data (G_OBJECT (dialog), "cn-mail-login", GINT_TO_POINTER (login));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_password_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The account as Preferences left it: the Forward button's words follow. */
static void
on_mail_can_send_cb (CnWindow *self, GParamSpec *pspec, CnMailSession *mail)
{
  cn_review_pane_set_can_send (self->review_pane, cn_mail_session_get_can_send (mail));
  _cn_window_actions_update (self);
}

static void
on_mail_can_check_cb (CnWindow *self, GParamSpec *pspec, CnMailSession *mail)
{
  gtk_widget_set_visible (self->check_mail_button, cn_mail_session_get_can_check (mail));
  _cn_window_actions_update (self);
}

static void
on_mail_checking_cb (CnWindow *self, GParamSpec *pspec, CnMailSession *mail)
{
  gboolean checking = cn_mail_session_get_checking (mail);

  gtk_revealer_set_reveal_child (self->mail_revealer, checking);
  if (!checking)
    _cn_window_update_page (self);
  _cn_window_actions_update (self);
}

static void
on_mail_status_cb (CnWindow *self, GParamSpec *pspec, CnMailSession *mail)
{
  const char *status = cn_mail_session_get_status (mail);

  gtk_label_set_text (self->mail_label, status != NULL ? status : "");
  gtk_progress_bar_set_fraction (self->mail_progress, cn_mail_session_get_progress (mail));
}

static void
on_mail_requests_added_cb (CnWindow *self, guint n, CnMailSession *mail)
{
  _cn_window_start_analysis (self);
}

static void
check_mail_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  cn_mail_session_check (CN_WINDOW (widget)->mail, TRUE);
}

static void
cancel_mail_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  cn_mail_session_cancel_check (CN_WINDOW (widget)->mail);
}

/* Sending through the account */

/* The reply dialog whose text leaves shows it while "sending" holds. */
static void
on_mail_sending_cb (CnWindow *self, GParamSpec *pspec, CnMailSession *mail)
{
  gboolean sending = cn_mail_session_get_sending (mail);

  cn_review_pane_set_sending (self->review_pane, sending);
  if (self->sending_dialog != NULL)
    cn_reply_dialog_set_sending (CN_REPLY_DIALOG (self->sending_dialog), sending);
  if (!sending)
    self->sending_dialog = NULL;
  _cn_window_actions_update (self);
}

static void
on_mail_sent_cb (CnWindow *self, gpointer tag, const char *sent, CnMailSession *mail)
{
  CnPendingSend *pending = tag;

  /* A reply dialog closed meanwhile is gone: nothing to close or update. */
  if (pending->dialog != NULL && pending->dialog != self->sending_dialog)
    g_clear_object (&pending->dialog);
  if (self->sending_dialog != NULL)
    {
      cn_reply_dialog_set_sending (CN_REPLY_DIALOG (self->sending_dialog), FALSE);
      self->sending_dialog = NULL;
    }
  /* Recorded exactly as it left. */
  g_free (pending->text);
  pending->text = g_strdup (sent);
  pending->undoable = FALSE;
  cn_window_send_done (pending);
}

static void
on_mail_send_failed_cb (CnWindow *self, gpointer tag, const GError *error, CnMailSession *mail)
{
  CnPendingSend *pending = tag;
  g_autofree char *text = NULL;
  g_autoptr (GError) record_error = NULL;
  AdwToast *toast;

  /* The history keeps what was to leave and why it did not; the status stays. */
  text = g_strdup_printf ("%s\n\n%s", error->message, pending->text ? pending->text : "");
  if (!cn_store_record_action (self->store, pending->request_id, CN_EVENT_ACTION_SEND_FAILED, text,
                               -1, NULL, &record_error))
    g_debug ("Failed send not recorded: %s", record_error->message);
  g_free (text);
  /* Translators: %s says why, e.g. "smtp.example.com refused the password" */
  text = g_strdup_printf (_("Not sent: %s"), error->message);
  toast = cn_toast_new_literal (text);
  adw_toast_set_button_label (toast, _("_Retry"));
  adw_toast_set_action_name (toast, "win.retry-send");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  _cn_window_add_toast (self, toast);
  cn_review_pane_reload_history (self->review_pane);
  _cn_window_actions_update (self);
}

/* Takes @pending. */
static void
cn_window_send_through_account (CnWindow *self, const CnMessage *message, CnPendingSend *pending)
{
  if (cn_mail_session_get_sending (self->mail))
    {
      cn_pending_send_free (pending);
      return;
    }
  self->sending_dialog = pending->dialog;
  if (!cn_mail_session_send (self->mail, message, pending->in_reply_to, pending,
                             (GDestroyNotify) cn_pending_send_free))
    self->sending_dialog = NULL;
}

static void
retry_send_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  CnPendingSend *pending = cn_mail_session_get_failed_tag (self->mail);

  if (pending == NULL || cn_mail_session_get_sending (self->mail))
    return;
  /* The reply may have been closed since. */
  if (pending->dialog != NULL && !gtk_widget_get_visible (GTK_WIDGET (pending->dialog)))
    g_clear_object (&pending->dialog);
  self->sending_dialog = pending->dialog;
  if (!cn_mail_session_retry (self->mail))
    self->sending_dialog = NULL;
}

static void
cancel_send_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  cn_mail_session_cancel_send (CN_WINDOW (widget)->mail);
}

/* Escape stops a send, and only then lets others have it. */
static gboolean
on_escape_cb (GtkWidget *widget, GVariant *args, gpointer data)
{
  CnWindow *self = CN_WINDOW (widget);

  if (self->mail == NULL || !cn_mail_session_get_sending (self->mail))
    return FALSE;
  cn_mail_session_cancel_send (self->mail);
  return TRUE;
}

static gboolean
on_reply_close_request_cb (CnWindow *self, GtkWindow *dialog)
{
  /* Closing the reply while it leaves stops it. */
  if (self->sending_dialog == dialog && cn_mail_session_get_sending (self->mail))
    {
      cn_mail_session_cancel_send (self->mail);
      self->sending_dialog = NULL;
    }
  return FALSE;
}

/* Sends @message by @method; @pending is recorded once it left. */
static void
cn_window_send (CnWindow *self,
                CnSendMethod method,
                const CnMessage *message,
                const char *clipboard_text,
                CnPendingSend *pending)
{
  g_autofree char *uri = NULL;

  switch (method)
    {
    case CN_SEND_METHOD_ACCOUNT:
      cn_window_send_through_account (self, message, pending);
      return;
    case CN_SEND_METHOD_CLIPBOARD:
      gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), clipboard_text);
      cn_window_send_done (pending);
      cn_pending_send_free (pending);
      return;
    case CN_SEND_METHOD_MAIL_CLIENT:
    default:
      uri = cn_message_to_mailto_uri (message);
      if (self->uri_hook != NULL)
        {
          self->uri_hook (uri, self->uri_hook_data);
          cn_window_send_done (pending);
          cn_pending_send_free (pending);
          return;
        }
      /* GTK 4.8 has no GtkUriLauncher; this goes through the portal in a Flatpak. */
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL, on_uri_shown_cb, pending);
      G_GNUC_END_IGNORE_DEPRECATIONS
      return;
    }
}

static CnPendingSend *
cn_pending_send_new (CnWindow *self,
                     CnRequest *request,
                     CnEventAction action,
                     const char *text,
                     int status,
                     const char *toast)
{
  CnPendingSend *pending = g_new0 (CnPendingSend, 1);

  pending->self = g_object_ref (self);
  pending->request_id = cn_request_get_id (request);
  pending->action = action;
  pending->text = g_strdup (text);
  pending->status = status;
  pending->toast = g_strdup (toast);
  return pending;
}

static void forward_with (CnWindow *self, CnSendMethod method);

static void
on_name_response_cb (CnWindow *self, const char *response, AdwMessageDialog *dialog)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  CnSendMethod method = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "method"));
  g_autoptr (GError) error = NULL;

  g_settings_set_boolean (self->settings, "asked-connector-name", TRUE);
  if (g_strcmp0 (response, "save") == 0 &&
      !cn_store_set_connector_name (self->store, gtk_editable_get_text (entry), &error))
    _cn_window_toast_error (self, g_strdup (error->message));
  if (g_strcmp0 (response, "cancel") != 0)
    forward_with (self, method);
}

/* The first forward without a name to sign it asks for one, once: it ends
 * every endorsement and reply, and Preferences keeps it. */
static gboolean
ask_name_first (CnWindow *self, CnSendMethod method)
{
  g_autofree char *name = cn_store_dup_connector_name (self->store);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (name != NULL || g_settings_get_boolean (self->settings, "asked-connector-name"))
    return FALSE;
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Sign Your Forwards"),
                                      _("Your name ends every endorsement and reply you send. You "
                                     "can change it later in Preferences."));
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Your name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Your name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel",
                                    _("_Cancel"), "skip",
                                       _("_Not Now"), "save", _("_Save and Forward"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "method", GINT_TO_POINTER (method));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_name_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->name_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
  return TRUE;
}

static void
forward_with (CnWindow *self, CnSendMethod method)
{
  CnRequest *request = _cn_window_get_selected (self);
  g_autoptr (CnMessage) message = NULL;
  g_autofree char *text = NULL;
  g_autofree char *toast = NULL;
  CnPendingSend *pending;
  gboolean copy = method == CN_SEND_METHOD_CLIPBOARD;

  if (request == NULL || self->review == NULL || !cn_review_get_can_forward (self->review))
    return;
  if (ask_name_first (self, method))
    return;
  message = cn_review_pane_build_message (self->review_pane);
  if (message == NULL)
    return;
  text = cn_message_to_text (message, cn_review_pane_get_lang (self->review_pane));
  if (method == CN_SEND_METHOD_ACCOUNT)
    {
      g_autofree char *to = cn_ui_name (
          message->to_name && *message->to_name ? message->to_name : message->to_address);

      /* Translators: %s is the contact, e.g. "Sent to Claire Fontanel" */
      toast = g_strdup_printf (_("Sent to %s"), to);
      /* It left: forwarded at once, and it counts toward the contact's limit. */
      pending = cn_pending_send_new (self, request, CN_EVENT_ACTION_FORWARDED, text,
                                     CN_REQUEST_STATUS_FORWARDED, toast);
      pending->forget_draft = TRUE;
    }
  else
    {
      /* Handed over, not known to have left: recorded as such, and the
       * connector is asked whether they sent it; only then does it count. */
      toast = g_strdup (copy ? _("Copied — paste it in your message. Did you send it?")
                             : _("Opened in your mail app. Did you send it?"));
      pending = cn_pending_send_new (self, request,
                                     copy ? CN_EVENT_ACTION_FORWARD_COPIED
                                          : CN_EVENT_ACTION_FORWARD_OPENED,
                                     text, -1, toast);
      pending->ask_sent = TRUE;
    }
  /* The clipboard gets the body (endorsement and quoted note): it is pasted
   * in a message box, which has its own recipient and subject. */
  cn_window_send (self, method, message, message->body, pending);
}

static gboolean
cn_window_can_send (CnWindow *self)
{
  return self->mail != NULL && cn_mail_session_get_can_send (self->mail);
}

/* Forward: through the account when one sends, else the mail client. */
static void
forward_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);

  forward_with (self,
                cn_window_can_send (self) ? CN_SEND_METHOD_ACCOUNT : CN_SEND_METHOD_MAIL_CLIENT);
}

static void
on_forward_again_response_cb (CnWindow *self, const char *response, AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "again") == 0)
    forward_with (self,
                  cn_window_can_send (self) ? CN_SEND_METHOD_ACCOUNT : CN_SEND_METHOD_MAIL_CLIENT);
}

/* A request already forwarded goes again only once the connector confirms:
 * a second forward would count against the contact twice. */
static void
forward_again_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  CnRequest *request = _cn_window_get_selected (self);
  g_autofree char *target = NULL;
  GtkWidget *dialog;

  if (request == NULL)
    return;
  target = cn_ui_name (cn_request_get_target_name (request) ? cn_request_get_target_name (request)
                                                            : "");
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Forward Again?"), NULL);
  /* Translators: %s is the contact */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("You already forwarded this request to %s. Each forward "
                                    "counts toward their limit."),
                                     target);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel",
                                    _("_Cancel"), "again", _("_Forward Again"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "again",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_forward_again_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
forward_send_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  forward_with (CN_WINDOW (widget), CN_SEND_METHOD_ACCOUNT);
}

static void
forward_mail_client_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  forward_with (CN_WINDOW (widget), CN_SEND_METHOD_MAIL_CLIENT);
}

static void
copy_forward_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  forward_with (CN_WINDOW (widget), CN_SEND_METHOD_CLIPBOARD);
}

/* "Did you send it?" answered: the forward handed over is recorded as
 * forwarded (as a send through the account would be), or as not sent; either
 * can be undone. */
static void
answer_handoff (CnWindow *self, GVariant *parameter, gboolean sent)
{
  CnRequest *selected = _cn_window_get_selected (self);
  gint64 id = parameter != NULL ? g_variant_get_int64 (parameter) : 0;
  g_autoptr (CnRequest) request = NULL;
  g_autoptr (CnEvent) handoff = NULL;
  CnPendingSend *pending;

  /* 0: the request shown (the question's buttons); else the toast's. */
  if (id <= 0 && selected != NULL)
    id = cn_request_get_id (selected);
  if (id <= 0 || (handoff = cn_store_get_pending_handoff (self->store, id)) == NULL)
    return;
  request = cn_request_new ();
  cn_request_set_id (request, id);
  if (sent)
    {
      pending = cn_pending_send_new (self, request, CN_EVENT_ACTION_FORWARDED, handoff->text,
                                     CN_REQUEST_STATUS_FORWARDED, _("Marked as forwarded"));
      pending->forget_draft = TRUE;
    }
  else
    pending = cn_pending_send_new (self, request, CN_EVENT_ACTION_NOT_SENT, NULL, -1,
                                   _("Marked as not sent"));
  pending->undoable = TRUE;
  cn_window_send_done (pending);
  cn_pending_send_free (pending);
}

static void
confirm_forward_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  answer_handoff (CN_WINDOW (widget), parameter, TRUE);
}

static void
forward_not_sent_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  answer_handoff (CN_WINDOW (widget), parameter, FALSE);
}

static void
on_reply_send_cb (CnWindow *self, int how, const char *text, CnReplyDialog *dialog)
{
  CnRequest *request = _cn_window_get_selected (self);
  gboolean decline = cn_reply_dialog_get_kind (dialog) == CN_REPLY_DECLINE;
  gboolean copy = how == CN_REPLY_SEND_COPY;
  gboolean account = how == CN_REPLY_SEND_ACCOUNT;
  g_autoptr (CnMessage) message = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *sent_to = NULL;
  const char *toast;
  const char *source;
  CnPendingSend *pending;
  CnSendMethod method;

  if (request == NULL)
    return;
  message = cn_compose_reply (request, text, self->lang);
  recorded = cn_message_to_text (message, self->lang);
  if (decline)
    toast = copy ? _("Decline copied — paste it in your reply")
                 : _("Decline handed to your mail "
                                                                   "client");
  else
    toast = copy ? _("Questions copied — paste them in your reply")
                 : _("Questions handed to your mail client");
  if (account)
    {
      g_autofree char *to = cn_ui_name (
          message->to_name && *message->to_name ? message->to_name : message->to_address);

      sent_to = g_strdup_printf (_("Sent to %s"), to);
      toast = sent_to;
    }
  pending = cn_pending_send_new (self, request,
                                 decline ? CN_EVENT_ACTION_DECLINED : CN_EVENT_ACTION_ASKED,
                                 recorded,
                                 decline ? CN_REQUEST_STATUS_DECLINED : CN_REQUEST_STATUS_ASKED,
                                 toast);
  pending->undoable = copy;
  pending->dialog = GTK_WINDOW (g_object_ref (dialog));
  pending->note = cn_reply_dialog_dup_note (dialog);
  /* A reply to an e-mailed request joins its thread. */
  source = cn_request_get_source (request);
  if (g_strcmp0 (source, "email") == 0 || g_strcmp0 (source, "imap") == 0)
    pending->in_reply_to = g_strdup (cn_request_get_source_ref (request));
  method = copy      ? CN_SEND_METHOD_CLIPBOARD
           : account ? CN_SEND_METHOD_ACCOUNT
                     : CN_SEND_METHOD_MAIL_CLIENT;
  cn_window_send (self, method, message, text, pending);
}

/* @lang: a template language, "fr-tu" for a French reply that says "tu". */
static char *
load_template (CnWindow *self, const char *name, const char *lang)
{
  char *text = cn_store_get_template (self->store, name, lang, NULL);

  return text != NULL ? text : cn_compose_get_default_template (name, lang);
}

static gboolean
has_own_template (CnWindow *self, const char *name, const char *lang)
{
  g_autofree char *text = cn_store_get_template (self->store, name, lang, NULL);

  return text != NULL;
}

static void
open_reply (CnWindow *self, CnReplyKind kind)
{
  CnRequest *request = _cn_window_get_selected (self);
  g_autofree char *template_text = NULL;
  g_autofree char *questions = NULL;
  g_autofree char *requester = NULL;
  g_autofree char *target = NULL;
  g_autofree char *connector = NULL;
  CnComposeValues values = { 0 };
  CnReplyDialog *dialog;
  const char *name;

  if (request == NULL)
    return;
  /* The reply on its way stays until it left. */
  if (self->sending_dialog != NULL)
    {
      gtk_window_present (self->sending_dialog);
      return;
    }
  if (self->reply_dialog != NULL)
    gtk_window_destroy (self->reply_dialog);

  name = kind == CN_REPLY_DECLINE ? CN_TEMPLATE_DECLINE : CN_TEMPLATE_ASK_MOTIVATION;
  template_text = load_template (self, name,
                                 cn_compose_template_lang (self->lang, CN_REGISTER_VOUS));
  /* The questions ask for what the note lacks, in the requester's language. */
  questions = cn_compose_questions_in (cn_request_get_element_mask (request), self->lang,
                                       CN_REGISTER_VOUS);
  requester = g_utf8_make_valid (cn_request_get_requester_name (request)
                                     ? cn_request_get_requester_name (request)
                                     : "",
                                 -1);
  target = g_utf8_make_valid (cn_request_get_target_name (request)
                                  ? cn_request_get_target_name (request)
                                  : "",
                              -1);
  values.lang = self->lang;
  values.requester = requester;
  values.target = target;
  values.questions = questions;
  /* Replies are signed as forwards are. */
  connector = cn_store_dup_connector_name (self->store);
  if (connector == NULL)
    connector = cn_system_real_name ();
  values.connector = connector;

  dialog = cn_reply_dialog_new (GTK_WINDOW (self), kind, request, template_text, &values);
  g_signal_connect_object (dialog, "send", G_CALLBACK (on_reply_send_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "close-request", G_CALLBACK (on_reply_close_request_cb), self,
                           G_CONNECT_SWAPPED);
  /* French says "tu" or "vous": as the requester wrote to the connector. A
   * connector who rewrote the "vous" text and has no "tu" one of their own
   * keeps their words. */
  if (cn_compose_lang_has_registers (self->lang) &&
      (!has_own_template (self, name, cn_compose_template_lang (self->lang, CN_REGISTER_VOUS)) ||
       has_own_template (self, name, cn_compose_template_lang (self->lang, CN_REGISTER_TU))))
    {
      g_autofree char *tu_template = NULL;
      g_autofree char *tu_questions = NULL;

      tu_template = load_template (self, name,
                                   cn_compose_template_lang (self->lang, CN_REGISTER_TU));
      tu_questions = cn_compose_questions_in (cn_request_get_element_mask (request), self->lang,
                                              CN_REGISTER_TU);
      cn_reply_dialog_set_tu_version (dialog, tu_template, tu_questions,
                                      cn_register_detect (
                                          cn_request_get_note_to_connector (request)));
    }
  cn_reply_dialog_set_can_send (dialog, cn_window_can_send (self));
  self->reply_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->reply_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ask_motivation_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  open_reply (CN_WINDOW (widget), CN_REPLY_ASK_MOTIVATION);
}

static void
decline_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  open_reply (CN_WINDOW (widget), CN_REPLY_DECLINE);
}

static void
archive_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  CnRequest *request = _cn_window_get_selected (self);
  CnPendingSend *pending;

  if (request == NULL)
    return;
  /* Nothing leaves: recorded at once, through the same path as the rest. */
  pending = cn_pending_send_new (self, request, CN_EVENT_ACTION_ARCHIVED, NULL,
                                 CN_REQUEST_STATUS_ARCHIVED, _("Request archived"));
  pending->undoable = TRUE;
  cn_window_send_done (pending);
  cn_pending_send_free (pending);
}

static void
on_requester_request_activated_cb (CnWindow *self, gint64 id, CnRequesterPage *page)
{
  /* It may be hidden by the filter: show everything rather than nothing. */
  if (!_cn_window_select_request (self, id))
    {
      gtk_drop_down_set_selected (self->verdict_filter, 0);
      _cn_window_select_request (self, id);
    }
  gtk_window_present (GTK_WINDOW (self));
}

static void
show_requester_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  CnRequest *request = _cn_window_get_selected (self);
  gint64 requester_id;

  if (request == NULL)
    return;
  requester_id = cn_request_get_requester_id (request);
  if (self->requester_page != NULL &&
      cn_requester_page_get_requester_id (CN_REQUESTER_PAGE (self->requester_page)) != requester_id)
    gtk_window_destroy (self->requester_page);
  if (self->requester_page == NULL)
    {
      self->requester_page = GTK_WINDOW (
          cn_requester_page_new (GTK_WINDOW (self), self->store, requester_id));
      g_object_add_weak_pointer (G_OBJECT (self->requester_page),
                                 (gpointer *) &self->requester_page);
      g_signal_connect_object (self->requester_page, "request-activated",
                               G_CALLBACK (on_requester_request_activated_cb), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_window_present (self->requester_page);
}

/* A message that asks nothing of the connector: set aside in one click, and
 * the sender's next ones too. */
static void
not_a_request_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  CnRequest *request = _cn_window_get_selected (self);
  g_autoptr (GError) error = NULL;
  gboolean marked = FALSE;
  AdwToast *toast;

  if (request == NULL)
    return;
  if (!cn_store_set_aside_not_a_request (self->store, cn_request_get_id (request),
                                         &self->not_request_change, &marked, &error))
    {
      /* Translators: %s says why */
      _cn_window_toast_error (self,
                              g_strdup_printf (_("Could not set it aside: %s"), error->message));
      return;
    }
  self->not_request_sender = marked ? cn_request_get_requester_id (request) : 0;
  toast = cn_toast_new_literal (_("Set aside as not a request; their next messages to no "
                                  "contact of yours will be too"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-not-a-request");
  _cn_window_add_toast (self, toast);
  gtk_widget_action_set_enabled (widget, "win.undo-not-a-request", TRUE);
  cn_review_pane_reload_history (self->review_pane);
  _cn_window_actions_update (self);
}

static void
undo_not_a_request_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  gtk_widget_action_set_enabled (widget, "win.undo-not-a-request", FALSE);
  if (self->not_request_change.request_id == 0)
    return;
  if (!cn_store_restore_statuses (self->store, &self->not_request_change, 1, &error) ||
      (self->not_request_sender > 0 &&
       !cn_store_set_requester_not_requests (self->store, self->not_request_sender, FALSE, &error)))
    /* Translators: %s says why */
    _cn_window_toast_error (self, g_strdup_printf (_("Could not undo: %s"), error->message));
  memset (&self->not_request_change, 0, sizeof self->not_request_change);
  self->not_request_sender = 0;
  cn_review_pane_reload_history (self->review_pane);
  _cn_window_actions_update (self);
}

static void
on_override_confirmed_cb (CnWindow *self, int step, const char *reason, CnOverrideDialog *dialog)
{
  CnRequest *request = _cn_window_get_selected (self);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;

  if (request == NULL)
    return;
  text = cn_override_format (step, reason);
  if (!cn_store_record_action (self->store, cn_request_get_id (request), CN_EVENT_ACTION_OVERRIDE,
                               text, -1, NULL, &error))
    {
      _cn_window_toast_error (self, g_strdup_printf (_("Could not record the override: %s"),
                                                        error->message));
      return;
    }
  _cn_window_actions_update (self);
  /* Translators: %s is a verification step, e.g. "Motivation" */
  message = g_strdup_printf (_("“%s” overridden; the reason is in the history"),
                                cn_verification_panel_get_step_title (step));
  adw_toast_overlay_add_toast (self->toast_overlay, cn_toast_new_literal (message));
}

static void
override_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  const char *id = parameter ? g_variant_get_string (parameter, NULL) : "";
  const char *why = NULL;
  CnOverrideDialog *dialog;
  CnStep step;
  int first;

  /* No step named (the shortcut): the first one that blocks. */
  if (!cn_step_from_string (id, &step))
    {
      first = self->review ? cn_review_get_overridable_step (self->review) : -1;
      if (first < 0)
        return;
      step = first;
    }
  if (step >= CN_STEP_ENDORSEMENT || self->override_dialog != NULL)
    return;

  why = cn_review_pane_get_step_reason (self->review_pane, step);
  dialog = cn_override_dialog_new (GTK_WINDOW (self), step,
                                   cn_verification_panel_get_step_title (step), why);
  g_signal_connect_object (dialog, "confirmed", G_CALLBACK (on_override_confirmed_cb), self,
                           G_CONNECT_SWAPPED);
  self->override_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->override_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
choose_relationship_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  cn_review_pane_focus_relationship (CN_WINDOW (widget)->review_pane);
}


/* The review's shortcuts work wherever the focus is, the endorsement editor
 * included (a text view would otherwise take Ctrl+Shift+A for itself): they
 * are handled in the capture phase. */
static const struct
{
  guint key;
  GdkModifierType mods;
  const char *action;
  const char *target; /* a string parameter, or NULL */
} review_shortcuts[] = {
  { GDK_KEY_Return, GDK_CONTROL_MASK, "win.forward", NULL },
  { GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.forward", NULL },
  { GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.copy-forward", NULL },
  { GDK_KEY_m, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.ask-motivation", NULL },
  { GDK_KEY_d, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.decline", NULL },
  { GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.archive", NULL },
  { GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.choose-relationship", NULL },
  { GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.override", "" },
  { GDK_KEY_1, GDK_CONTROL_MASK, "win.show-requests", NULL },
  { GDK_KEY_2, GDK_CONTROL_MASK, "win.show-contacts", NULL },
  { GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL },
  { GDK_KEY_i, GDK_CONTROL_MASK, "win.import", NULL },
  { GDK_KEY_F5, 0, "win.check-mail", NULL },
};

void
_cn_window_init_actions (CnWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (review_shortcuts); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (review_shortcuts[i].key,
                                                                        review_shortcuts[i].mods),
                                                gtk_named_action_new (review_shortcuts[i].action));

      if (review_shortcuts[i].target != NULL)
        gtk_shortcut_set_arguments (shortcut, g_variant_new_string (review_shortcuts[i].target));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* Mail: the session follows the store's account. */
void
_cn_window_setup_mail (CnWindow *self, CnStore *store)
{
  self->mail = cn_mail_session_new (store);
  g_signal_connect_object (self->mail, "message", G_CALLBACK (on_mail_message_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mail, "password-needed", G_CALLBACK (on_password_needed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mail, "requests-added", G_CALLBACK (on_mail_requests_added_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mail, "sent", G_CALLBACK (on_mail_sent_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mail, "send-failed", G_CALLBACK (on_mail_send_failed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mail, "notify::can-send", G_CALLBACK (on_mail_can_send_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mail, "notify::can-check", G_CALLBACK (on_mail_can_check_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mail, "notify::can-retry", G_CALLBACK (_cn_window_actions_update),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mail, "notify::status", G_CALLBACK (on_mail_status_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mail, "notify::progress", G_CALLBACK (on_mail_status_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mail, "notify::checking", G_CALLBACK (on_mail_checking_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mail, "notify::sending", G_CALLBACK (on_mail_sending_cb), self,
                           G_CONNECT_SWAPPED);
  on_mail_can_send_cb (self, NULL, self->mail);
  on_mail_can_check_cb (self, NULL, self->mail);
}

void
_cn_window_shutdown_mail (CnWindow *self)
{
  if (self->mail != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->mail, self);
      cn_mail_session_shutdown (self->mail);
      g_clear_object (&self->mail);
    }
}

void
_cn_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.forward", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "win.copy-forward", NULL, copy_forward_action);
  gtk_widget_class_install_action (widget_class, "win.forward-send", NULL, forward_send_action);
  gtk_widget_class_install_action (widget_class, "win.forward-again", NULL, forward_again_action);
  gtk_widget_class_install_action (widget_class, "win.forward-mail-client", NULL,
                                   forward_mail_client_action);
  /* Their parameter is a request id, 0 for the one shown. */
  gtk_widget_class_install_action (widget_class, "win.confirm-forward", "x",
                                   confirm_forward_action);
  gtk_widget_class_install_action (widget_class, "win.forward-not-sent", "x",
                                   forward_not_sent_action);
  gtk_widget_class_install_action (widget_class, "win.retry-send", NULL, retry_send_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-send", NULL, cancel_send_action);
  gtk_widget_class_install_action (widget_class, "win.check-mail", NULL, check_mail_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-mail", NULL, cancel_mail_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, on_escape_cb, NULL);
  gtk_widget_class_install_action (widget_class, "win.ask-motivation", NULL, ask_motivation_action);
  gtk_widget_class_install_action (widget_class, "win.decline", NULL, decline_action);
  gtk_widget_class_install_action (widget_class, "win.archive", NULL, archive_action);
  gtk_widget_class_install_action (widget_class, "win.override", "s", override_action);
  gtk_widget_class_install_action (widget_class, "win.choose-relationship", NULL,
                                   choose_relationship_action);
  gtk_widget_class_install_action (widget_class, "win.show-requester", NULL, show_requester_action);
  gtk_widget_class_install_action (widget_class, "win.not-a-request", NULL, not_a_request_action);
  gtk_widget_class_install_action (widget_class, "win.undo-not-a-request", NULL,
                                   undo_not_a_request_action);
}

GtkWindow *
_cn_window_get_requester_page (CnWindow *self)
{
  g_return_val_if_fail (CN_IS_WINDOW (self), NULL);

  return self->requester_page;
}
