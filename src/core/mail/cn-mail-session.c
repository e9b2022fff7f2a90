/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-mail-session.h"

#include <glib/gi18n-lib.h>

#include "cn-mail.h"
#include "cn-secret.h"

typedef void (*PasswordFunc) (CnMailSession *self,
                              char *password,
                              gboolean remember,
                              gpointer data);

/* A password looked up in the keyring, then asked for when needed. */
typedef struct
{
  CnMailSession *self; /* owned */
  CnMailLogin login;
  char *server;
  char *user;
  gboolean interactive;
  gboolean keyring_ok;
  PasswordFunc callback;
  gpointer data;
} PasswordRequest;

/* A message on its way, or kept after a failure for a retry. */
typedef struct
{
  CnMailSession *self; /* owned */
  CnMessage *message;
  char *in_reply_to;
  gpointer tag;
  GDestroyNotify tag_free;
  CnMailAccount *account; /* as it was when the send started */
  char *password;         /* wiped when freed */
  gboolean remember;
} Send;

/* A check on its way. */
typedef struct
{
  CnMailSession *self; /* owned */
  CnMailAccount *account;
  char *password;
  gboolean remember;
  gboolean interactive;
} Check;

struct _CnMailSession
{
  GObject parent_instance;

  CnStore *store;
  CnMailAccount *account;
  GCancellable *check_cancellable; /* a check is running */
  GCancellable *send_cancellable;  /* a message is leaving */
  PasswordRequest *asking[2];      /* waiting for cn_mail_session_answer_password() */
  Send *failed;                    /* the last send that failed, for a retry */
  char *refused[2]; /* SHA-256 of the password the IMAP (0) or SMTP (1) server refused */
  char *status;
  double progress;
  guint timer_id;
  gboolean shut_down;
};

G_DEFINE_FINAL_TYPE (CnMailSession, cn_mail_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_CHECK,
  PROP_CAN_SEND,
  PROP_CHECKING,
  PROP_SENDING,
  PROP_CAN_RETRY,
  PROP_STATUS,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  MESSAGE,
  PASSWORD_NEEDED,
  REQUESTS_ADDED,
  SENT,
  SEND_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_send (CnMailSession *self, Send *send);

/* Helpers */

static void
send_free (Send *send)
{
  g_object_unref (send->self);
  g_clear_pointer (&send->message, cn_message_free);
  g_free (send->in_reply_to);
  if (send->tag_free != NULL && send->tag != NULL)
    send->tag_free (send->tag);
  g_clear_pointer (&send->account, cn_mail_account_free);
  g_clear_pointer (&send->password, cn_secret_free);
  g_free (send);
}

static void
check_free (Check *check)
{
  g_object_unref (check->self);
  cn_mail_account_free (check->account);
  cn_secret_free (check->password);
  g_free (check);
}

/* Says @text to the connector, unless the session is over. Takes @text. */
static void
tell (CnMailSession *self, char *text, gboolean error)
{
  if (!self->shut_down)
    g_signal_emit (self, signals[MESSAGE], 0, text, error);
  g_free (text);
}

static void
set_status (CnMailSession *self, const char *status, double progress)
{
  if (g_strcmp0 (self->status, status) != 0)
    {
      g_free (self->status);
      self->status = g_strdup (status);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (self->progress != progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
}

/* Re-reads the account (before each check and send: Preferences may have
 * changed it) and tells who may act on it. */
static void
load_account (CnMailSession *self)
{
  g_autoptr (GError) error = NULL;
  gboolean could_check = cn_mail_session_get_can_check (self);
  gboolean could_send = cn_mail_session_get_can_send (self);

  g_clear_pointer (&self->account, cn_mail_account_free);
  if (self->store != NULL)
    self->account = cn_store_load_mail_account (self->store, &error);
  if (self->account == NULL)
    {
      g_debug ("No mail account: %s", error ? error->message : "");
      self->account = cn_mail_account_new ();
    }
  if (could_check != cn_mail_session_get_can_check (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_CHECK]);
  if (could_send != cn_mail_session_get_can_send (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SEND]);
}

/* Passwords */

static char *
password_digest (const char *password)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, password, -1);
}

/* A password the server refused is not tried again: the connector types it. */
static gboolean
was_refused (CnMailSession *self, CnMailLogin login, const char *password)
{
  g_autofree char *digest = NULL;

  if (self->refused[login] == NULL)
    return FALSE;
  digest = password_digest (password);
  return g_strcmp0 (digest, self->refused[login]) == 0;
}

static void
password_request_finish (PasswordRequest *request, char *password, gboolean remember)
{
  request->callback (request->self, password, remember, request->data);
  g_object_unref (request->self);
  g_free (request->server);
  g_free (request->user);
  g_free (request);
}

static void
on_password_looked_up_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  PasswordRequest *request = data;
  CnMailSession *self = request->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *why = NULL;
  char *password = cn_secret_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->shut_down)
    {
      cn_secret_free (password);
      password_request_finish (request, NULL, FALSE);
      return;
    }
  if (password != NULL && !was_refused (self, request->login, password))
    {
      password_request_finish (request, password, FALSE);
      return;
    }
  if (password != NULL)
    why = g_strdup (_("The server refused the saved password."));
  cn_secret_free (password);
  request->keyring_ok = error == NULL;
  if (error != NULL)
    /* Translators: %s says why the keyring cannot be used */
    why = g_strdup_printf (_("The keyring cannot be used (%s): the password will be kept until "
                             "you quit Connecteur."),
                              error->message);
  /* An automatic check does not interrupt with a question; one at a time. */
  if (!request->interactive || self->asking[request->login] != NULL)
    {
      password_request_finish (request, NULL, FALSE);
      return;
    }
  self->asking[request->login] = request;
  g_signal_emit (self, signals[PASSWORD_NEEDED], 0, request->login, request->server, request->user,
                 why, request->keyring_ok);
}

/* Calls @callback with the password of the account's IMAP (or SMTP) login,
 * or NULL when there is none (cancelled, or not interactive and not stored). */
static void
get_password (CnMailSession *self,
              CnMailLogin login,
              gboolean interactive,
              GCancellable *cancellable,
              PasswordFunc callback,
              gpointer data)
{
  PasswordRequest *request = g_new0 (PasswordRequest, 1);
  gboolean smtp = login == CN_MAIL_LOGIN_SMTP;

  request->self = g_object_ref (self);
  request->login = login;
  request->server = g_strdup (smtp ? self->account->smtp_host : self->account->imap_host);
  request->user = g_strdup (smtp ? self->account->smtp_user : self->account->imap_user);
  request->interactive = interactive;
  request->callback = callback;
  request->data = data;
  cn_secret_lookup_async (request->server, request->user, cancellable, on_password_looked_up_cb,
                          request);
}

static void
on_password_stored_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (CnMailSession) self = data;
  g_autoptr (GError) error = NULL;

  if (!cn_secret_store_finish (result, &error))
    /* Translators: %s says why */
    tell (self,
          g_strdup_printf (_("The password could not be saved in the keyring (%s): it is kept "
                             "until you quit."),
                              error->message),
                           TRUE);
}

/* After the server's answer: a refused password is forgotten; an accepted
 * one is saved when the connector asked for it. */
static void
password_answered (CnMailSession *self,
                   const CnMailAccount *account,
                   CnMailLogin login,
                   const char *password,
                   gboolean remember,
                   const GError *error)
{
  gboolean smtp = login == CN_MAIL_LOGIN_SMTP;
  const char *server = smtp ? account->smtp_host : account->imap_host;
  const char *user = smtp ? account->smtp_user : account->imap_user;

  if (g_error_matches (error, CN_MAIL_ERROR, CN_MAIL_ERROR_AUTH))
    {
      g_free (self->refused[login]);
      self->refused[login] = password_digest (password);
      cn_secret_set_session_password (server, user, NULL);
      return;
    }
  if (error != NULL)
    return;
  g_clear_pointer (&self->refused[login], g_free);
  if (remember)
    cn_secret_store_async (server, user, password, NULL, on_password_stored_cb,
                           g_object_ref (self));
}

/* Checking */

static gboolean
on_timer_cb (gpointer data)
{
  /* Never two at once: a check still running makes this one a no-op. */
  cn_mail_session_check (CN_MAIL_SESSION (data), FALSE);
  return G_SOURCE_CONTINUE;
}

static void
restart_timer (CnMailSession *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->shut_down || !cn_mail_session_get_can_check (self) ||
      self->account->check_interval_minutes == 0)
    return;
  self->timer_id = g_timeout_add_seconds (self->account->check_interval_minutes * 60, on_timer_cb,
                                          self);
}

static void
end_check (CnMailSession *self)
{
  g_clear_object (&self->check_cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
}

static void
on_check_progress_cb (double fraction, gpointer data)
{
  CnMailSession *self = data;
  g_autofree char *text = NULL;

  if (self->check_cancellable == NULL)
    return;
  fraction = CLAMP (fraction, 0, 1);
  /* Translators: progress of a mail check, e.g. "Checking mail… 40 %" */
  text = g_strdup_printf (_("Checking mail… %d %%"), (int) (fraction * 100));
  set_status (self, text, fraction);
}

static char *
check_report_text (const CnMailCheckReport *report)
{
  guint rejected = report->rejections ? report->rejections->len : 0;

  if (report->added > 0)
    return g_strdup_printf (ngettext ("%u new request", "%u new requests", report->added),
                            report->added);
  if (report->fetched == 0)
    return g_strdup (_("No new mail"));
  if (rejected > 0)
    return g_strdup_printf (ngettext ("No new requests: %u message was not a request",
                                      "No new requests: %u messages were not requests", rejected),
                            rejected);
  return g_strdup (_("No new requests"));
}

static void
on_check_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Check *check = data;
  CnMailSession *self = check->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (CnMailCheckReport) report = cn_mail_check_finish (result, &error);

  password_answered (self, check->account, CN_MAIL_LOGIN_IMAP, check->password, check->remember,
                     error);
  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* Translators: %s says why, e.g. "imap.example.com refused the password" */
        tell (self, g_strdup_printf (_("Could not check mail: %s"), error->message), TRUE);
    }
  else if (check->interactive || report->added > 0)
    /* An automatic check that found nothing stays quiet. */
    tell (self, check_report_text (report), FALSE);
  if (report != NULL && report->added > 0 && !self->shut_down)
    g_signal_emit (self, signals[REQUESTS_ADDED], 0, report->added);
  end_check (self);
  check_free (check);
}

static void
on_check_password_cb (CnMailSession *self, char *password, gboolean remember, gpointer data)
{
  Check *check;

  if (password == NULL || self->shut_down || g_cancellable_is_cancelled (self->check_cancellable))
    {
      cn_secret_free (password);
      end_check (self);
      return;
    }
  check = g_new0 (Check, 1);
  check->self = g_object_ref (self);
  check->account = cn_mail_account_copy (self->account);
  check->password = password;
  check->remember = remember;
  check->interactive = GPOINTER_TO_INT (data);
  set_status (self, _("Checking mail…"), 0);
  cn_mail_check_async (self->store, check->account, password, self->check_cancellable,
                       on_check_progress_cb, self, on_check_done_cb, check);
}

/* Sending */

static void
end_send (CnMailSession *self)
{
  g_clear_object (&self->send_cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
}

static void
on_mail_sent_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Send *send = data;
  CnMailSession *self = send->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *sent = cn_mail_send_finish (result, &error);

  password_answered (self, send->account, CN_MAIL_LOGIN_SMTP, send->password, send->remember,
                     error);
  g_clear_pointer (&send->password, cn_secret_free);
  /* Told while "sending" is still TRUE: the caller still knows what left. */
  if (self->shut_down)
    ;
  else if (sent != NULL)
    g_signal_emit (self, signals[SENT], 0, send->tag, sent);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    tell (self, g_strdup (_("Sending stopped; nothing was recorded")), TRUE);
  else
    {
      g_clear_pointer (&self->failed, send_free);
      self->failed = g_steal_pointer (&send);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RETRY]);
      g_signal_emit (self, signals[SEND_FAILED], 0, self->failed->tag, error);
    }
  end_send (self);
  g_clear_pointer (&send, send_free);
}

static void
on_send_password_cb (CnMailSession *self, char *password, gboolean remember, gpointer data)
{
  Send *send = data;

  if (password == NULL || self->shut_down || g_cancellable_is_cancelled (self->send_cancellable))
    {
      cn_secret_free (password);
      end_send (self);
      send_free (send);
      return;
    }
  send->password = password;
  send->remember = remember;
  cn_mail_send_async (send->account, password, send->message, send->in_reply_to,
                      self->send_cancellable, on_mail_sent_cb, send);
}

/* Takes @send. */
static void
start_send (CnMailSession *self, Send *send)
{
  load_account (self);
  if (!cn_mail_session_get_can_send (self))
    {
      tell (self,
            g_strdup (_("No mail account sends messages: set one up in Preferences, or open the "
                        "message in your mail app")),
                      TRUE);
      send_free (send);
      return;
    }
  g_clear_pointer (&send->account, cn_mail_account_free);
  send->account = cn_mail_account_copy (self->account);
  /* Mail leaves under the name the connector signs with, unless the account
   * gives one of its own. */
  if (send->account->from_name == NULL || *send->account->from_name == '\0')
    {
      g_free (send->account->from_name);
      send->account->from_name = cn_store_dup_connector_name (self->store);
    }
  self->send_cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
  get_password (self, CN_MAIL_LOGIN_SMTP, TRUE, self->send_cancellable, on_send_password_cb, send);
}

/* GObject */

static void
cn_mail_session_dispose (GObject *object)
{
  CnMailSession *self = CN_MAIL_SESSION (object);

  cn_mail_session_shutdown (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cn_mail_session_parent_class)->dispose (object);
}

static void
cn_mail_session_finalize (GObject *object)
{
  CnMailSession *self = CN_MAIL_SESSION (object);

  g_clear_pointer (&self->account, cn_mail_account_free);
  g_free (self->refused[0]);
  g_free (self->refused[1]);
  g_free (self->status);

  G_OBJECT_CLASS (cn_mail_session_parent_class)->finalize (object);
}

static void
cn_mail_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CnMailSession *self = CN_MAIL_SESSION (object);

  switch (prop_id)
    {
    case PROP_CAN_CHECK:
      g_value_set_boolean (value, cn_mail_session_get_can_check (self));
      break;
    case PROP_CAN_SEND:
      g_value_set_boolean (value, cn_mail_session_get_can_send (self));
      break;
    case PROP_CHECKING:
      g_value_set_boolean (value, cn_mail_session_get_checking (self));
      break;
    case PROP_SENDING:
      g_value_set_boolean (value, cn_mail_session_get_sending (self));
      break;
    case PROP_CAN_RETRY:
      g_value_set_boolean (value, cn_mail_session_get_can_retry (self));
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_mail_session_class_init (CnMailSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cn_mail_session_dispose;
  object_class->finalize = cn_mail_session_finalize;
  object_class->get_property = cn_mail_session_get_property;

  properties[PROP_CAN_CHECK] = g_param_spec_boolean ("can-check", NULL, NULL, FALSE, flags);
  properties[PROP_CAN_SEND] = g_param_spec_boolean ("can-send", NULL, NULL, FALSE, flags);
  properties[PROP_CHECKING] = g_param_spec_boolean ("checking", NULL, NULL, FALSE, flags);
  properties[PROP_SENDING] = g_param_spec_boolean ("sending", NULL, NULL, FALSE, flags);
  properties[PROP_CAN_RETRY] = g_param_spec_boolean ("can-retry", NULL, NULL, FALSE, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Something to tell the connector, in their words; @error: a failure. */
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /* (login, server, user, why or NULL, whether the keyring can keep it):
   * answer with cn_mail_session_answer_password(). */
  signals[PASSWORD_NEEDED] = g_signal_new ("password-needed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 5,
                                           G_TYPE_INT, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                           G_TYPE_BOOLEAN);
  signals[REQUESTS_ADDED] = g_signal_new ("requests-added", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_UINT);
  /* (tag, the text to record) */
  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_STRING);
  /* (tag, the error): a retry may follow. */
  signals[SEND_FAILED] = g_signal_new ("send-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER,
                                       G_TYPE_ERROR);
}

static void
cn_mail_session_init (CnMailSession *self)
{
}

/* Public API */

CnMailSession *
cn_mail_session_new (CnStore *store)
{
  CnMailSession *self;

  g_return_val_if_fail (store == NULL || CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_MAIL_SESSION, NULL);
  self->store = store != NULL ? g_object_ref (store) : NULL;
  load_account (self);
  restart_timer (self);
  return self;
}

void
cn_mail_session_reload_account (CnMailSession *self)
{
  g_return_if_fail (CN_IS_MAIL_SESSION (self));

  load_account (self);
  restart_timer (self);
}

const CnMailAccount *
cn_mail_session_get_account (CnMailSession *self)
{
  g_return_val_if_fail (CN_IS_MAIL_SESSION (self), NULL);

  return self->account;
}

gboolean
cn_mail_session_get_can_check (CnMailSession *self)
{
  g_return_val_if_fail (CN_IS_MAIL_SESSION (self), FALSE);

  return self->account != NULL && cn_mail_account_has_imap (self->account);
}

gboolean
cn_mail_session_get_can_send (CnMailSession *self)
{
  g_return_val_if_fail (CN_IS_MAIL_SESSION (self), FALSE);

  return self->account != NULL && cn_mail_account_has_smtp (self->account);
}

void
cn_mail_session_check (CnMailSession *self, gboolean interactive)
{
  g_autofree char *text = NULL;

  g_return_if_fail (CN_IS_MAIL_SESSION (self));

  if (self->store == NULL || self->shut_down || self->check_cancellable != NULL)
    return;
  load_account (self);
  if (!cn_mail_session_get_can_check (self))
    return;
  self->check_cancellable = g_cancellable_new ();
  /* Translators: %s is a server, e.g. "imap.example.com" */
  text = g_strdup_printf (_("Connecting to %s…"), self->account->imap_host);
  set_status (self, text, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
  get_password (self, CN_MAIL_LOGIN_IMAP, interactive, self->check_cancellable,
                on_check_password_cb, GINT_TO_POINTER (interactive));
}

void
cn_mail_session_cancel_check (CnMailSession *self)
{
  g_return_if_fail (CN_IS_MAIL_SESSION (self));

  g_cancellable_cancel (self->check_cancellable);
}

gboolean
cn_mail_session_get_checking (CnMailSession *self)
{
  g_return_val_if_fail (CN_IS_MAIL_SESSION (self), FALSE);

  return self->check_cancellable != NULL;
}

const char *
cn_mail_session_get_status (CnMailSession *self)
{
  g_return_val_if_fail (CN_IS_MAIL_SESSION (self), NULL);

  return self->status;
}

double
cn_mail_session_get_progress (CnMailSession *self)
{
  g_return_val_if_fail (CN_IS_MAIL_SESSION (self), 0);

  return self->progress;
}

gboolean
cn_mail_session_send (CnMailSession *self,
                      const CnMessage *message,
                      const char *in_reply_to,
                      gpointer tag,
                      GDestroyNotify tag_free)
{
  Send *send;

  g_return_val_if_fail (CN_IS_MAIL_SESSION (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  send = g_new0 (Send, 1);
  send->self = g_object_ref (self);
  send->message = cn_message_copy (message);
  send->in_reply_to = g_strdup (in_reply_to);
  send->tag = tag;
  send->tag_free = tag_free;
  if (self->shut_down || self->send_cancellable != NULL)
    {
      send_free (send);
      return FALSE;
    }
  start_send (self, send);
  return self->send_cancellable != NULL;
}

void
cn_mail_session_cancel_send (CnMailSession *self)
{
  g_return_if_fail (CN_IS_MAIL_SESSION (self));

  g_cancellable_cancel (self->send_cancellable);
}

gboolean
cn_mail_session_get_sending (CnMailSession *self)
{
  g_return_val_if_fail (CN_IS_MAIL_SESSION (self), FALSE);

  return self->send_cancellable != NULL;
}

gboolean
cn_mail_session_retry (CnMailSession *self)
{
  g_return_val_if_fail (CN_IS_MAIL_SESSION (self), FALSE);

  if (self->failed == NULL || self->send_cancellable != NULL || self->shut_down)
    return FALSE;
  start_send (self, g_steal_pointer (&self->failed));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RETRY]);
  return self->send_cancellable != NULL;
}

gboolean
cn_mail_session_get_can_retry (CnMailSession *self)
{
  g_return_val_if_fail (CN_IS_MAIL_SESSION (self), FALSE);

  return self->failed != NULL;
}

gpointer
cn_mail_session_get_failed_tag (CnMailSession *self)
{
  g_return_val_if_fail (CN_IS_MAIL_SESSION (self), NULL);

  return self->failed != NULL ? self->failed->tag : NULL;
}

void
cn_mail_session_answer_password (CnMailSession *self,
                                 CnMailLogin login,
                                 const char *password,
                                 gboolean remember)
{
  PasswordRequest *request;

  g_return_if_fail (CN_IS_MAIL_SESSION (self));
  g_return_if_fail (login == CN_MAIL_LOGIN_IMAP || login == CN_MAIL_LOGIN_SMTP);

  request = g_steal_pointer (&self->asking[login]);
  if (request == NULL)
    return;
  if (password == NULL || *password == '\0')
    {
      password_request_finish (request, NULL, FALSE);
      return;
    }
  /* Not asked again this session; the keyring gets it once it works. */
  cn_secret_set_session_password (request->server, request->user, password);
  password_request_finish (request, g_strdup (password), remember && request->keyring_ok);
}

void
cn_mail_session_shutdown (CnMailSession *self)
{
  g_return_if_fail (CN_IS_MAIL_SESSION (self));

  self->shut_down = TRUE;
  g_cancellable_cancel (self->check_cancellable);
  g_cancellable_cancel (self->send_cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_pointer (&self->failed, send_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->asking); i++)
    if (self->asking[i] != NULL)
      password_request_finish (g_steal_pointer (&self->asking[i]), NULL, FALSE);
}
