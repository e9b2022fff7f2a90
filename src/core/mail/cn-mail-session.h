/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cn-compose.h"
#include "cn-mail-account.h"
#include "cn-store.h"

G_BEGIN_DECLS

/* The connector's mail at work, with no widget: the account as Preferences
 * left it, the automatic check and its timer, the check asked for, sending
 * and the retry of a send that failed. Passwords come from the keyring or,
 * through "password-needed", from the connector; a password a server refused
 * is not tried again, an accepted one is saved in the keyring when the
 * connector asked for that. Windows bind to its properties and show what its
 * signals tell. */

#define CN_TYPE_MAIL_SESSION (cn_mail_session_get_type ())
G_DECLARE_FINAL_TYPE (CnMailSession, cn_mail_session, CN, MAIL_SESSION, GObject)

typedef enum {
  CN_MAIL_LOGIN_IMAP = 0,
  CN_MAIL_LOGIN_SMTP = 1,
} CnMailLogin;

CnMailSession *cn_mail_session_new (CnStore *store);

/* Reads the account again from the store's settings: "can-check",
 * "can-send" and the timer follow. */
void cn_mail_session_reload_account (CnMailSession *self);
const CnMailAccount *cn_mail_session_get_account (CnMailSession *self);
/* The account receives (IMAP) / sends (SMTP). */
gboolean cn_mail_session_get_can_check (CnMailSession *self);
gboolean cn_mail_session_get_can_send (CnMailSession *self);

/* Checking: "checking" is TRUE from the call until the end; "status" and
 * "progress" say how far it is. The result comes as "message" (quiet when an
 * automatic check found nothing) and, when requests came in,
 * "requests-added". */
void cn_mail_session_check (CnMailSession *self, gboolean interactive);
void cn_mail_session_cancel_check (CnMailSession *self);
gboolean cn_mail_session_get_checking (CnMailSession *self);
const char *cn_mail_session_get_status (CnMailSession *self);
double cn_mail_session_get_progress (CnMailSession *self);

/* Sending @message through the account, one at a time: FALSE (and a
 * "message") when one is leaving or the account does not send. @tag is the
 * caller's, given back in "sent" (with the text to record, exactly as it
 * left), "send-failed" (kept for cn_mail_session_retry()); both come while
 * "sending" is still TRUE. A send cancelled or without a password ends with
 * no signal. @tag_free frees @tag once the session is done with it. */
gboolean cn_mail_session_send (CnMailSession *self,
                               const CnMessage *message,
                               const char *in_reply_to,
                               gpointer tag,
                               GDestroyNotify tag_free);
void cn_mail_session_cancel_send (CnMailSession *self);
gboolean cn_mail_session_get_sending (CnMailSession *self);
/* Sends the last failed message again, with its tag. */
gboolean cn_mail_session_retry (CnMailSession *self);
gboolean cn_mail_session_get_can_retry (CnMailSession *self);
/* The tag of the send a retry would send again, or NULL. */
gpointer cn_mail_session_get_failed_tag (CnMailSession *self);

/* The answer to "password-needed": NULL when the connector cancelled. The
 * password is kept for this session; @remember saves it in the keyring once
 * the server accepted it. */
void cn_mail_session_answer_password (CnMailSession *self,
                                      CnMailLogin login,
                                      const char *password,
                                      gboolean remember);

/* Stops everything: a window that goes away calls it. */
void cn_mail_session_shutdown (CnMailSession *self);

G_END_DECLS
