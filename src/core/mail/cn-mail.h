/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cn-compose.h"
#include "cn-import.h"
#include "cn-mail-account.h"
#include "cn-store.h"

G_BEGIN_DECLS

/* Mail in (IMAP) and out (SMTP) through libcurl, TLS required (see
 * cn_mail_account_check_security()). All calls here block: run them in a
 * worker thread (the _async versions do). Passwords are arguments, never
 * stored or logged; error messages never contain them. */

#define CN_MAIL_ERROR (cn_mail_error_quark ())
typedef enum {
  CN_MAIL_ERROR_NOT_CONFIGURED, /* no host or user */
  CN_MAIL_ERROR_INSECURE,       /* a plain connection that is not allowed */
  CN_MAIL_ERROR_UNKNOWN_HOST,
  CN_MAIL_ERROR_REFUSED, /* connection refused or unreachable */
  CN_MAIL_ERROR_TIMEOUT,
  CN_MAIL_ERROR_CERTIFICATE, /* TLS certificate not trusted or wrong host */
  CN_MAIL_ERROR_TLS,         /* STARTTLS unavailable or TLS failed otherwise */
  CN_MAIL_ERROR_AUTH,        /* wrong user or password */
  CN_MAIL_ERROR_FOLDER_MISSING,
  CN_MAIL_ERROR_REJECTED, /* the server refused the message or a recipient */
  CN_MAIL_ERROR_FAILED,
} CnMailError;
GQuark cn_mail_error_quark (void);

/* Logs in (and, for IMAP, selects the folder), then leaves. The messages are
 * in words, in the user's language, naming the server. */
gboolean cn_mail_test_imap (const CnMailAccount *account,
                            const char *password,
                            GCancellable *cancellable,
                            GError **error);
gboolean cn_mail_test_smtp (const CnMailAccount *account,
                            const char *password,
                            GCancellable *cancellable,
                            GError **error);

/* Intake. */
typedef struct
{
  guint fetched;         /* messages downloaded */
  guint added;           /* requests added */
  guint skipped;         /* already there (same Message-ID or content) */
  GPtrArray *rejections; /* CnImportRejection: not a request, unreadable… */
} CnMailCheckReport;
void cn_mail_check_report_free (CnMailCheckReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnMailCheckReport, cn_mail_check_report_free)

/* Fetches the messages new since the last check (UIDVALIDITY and the last UID
 * seen are remembered in the store per server, user and folder; a new
 * UIDVALIDITY fetches the folder again, and Message-IDs keep anything from
 * being added twice), reads them with the e-mail importer and adds the
 * requests (source "email", as from a file, and source_ref the Message-ID: a
 * message imported from a file and fetched later stays one request). Requests
 * are committed
 * in small batches with the last UID: a failure mid-way keeps what was
 * committed and the next check resumes after it. @store is used from the
 * calling thread only. */
CnMailCheckReport *cn_mail_check (CnStore *store,
                                  const CnMailAccount *account,
                                  const char *password,
                                  GCancellable *cancellable,
                                  CnImportProgressFunc progress,
                                  gpointer progress_data,
                                  GError **error);
/* In a worker with its own connection to @store's file; progress in the
 * caller's main context; @store emits "reloaded" at the end when requests
 * were added. */
void cn_mail_check_async (CnStore *store,
                          const CnMailAccount *account,
                          const char *password,
                          GCancellable *cancellable,
                          CnImportProgressFunc progress,
                          gpointer progress_data,
                          GAsyncReadyCallback callback,
                          gpointer user_data);
CnMailCheckReport *cn_mail_check_finish (GAsyncResult *result, GError **error);

/* Sending. The MIME message (GMime): From the account, To and Cc from
 * @message, Reply-To the account's address, In-Reply-To and References
 * @in_reply_to when not NULL (a Message-ID without <>), Date, a new
 * Message-ID, UTF-8 subject (encoded words) and body (quoted-printable). */
GBytes *cn_mail_build_message (const CnMailAccount *account,
                               const CnMessage *message,
                               const char *in_reply_to,
                               char **out_message_id);
/* Sends it to every To and Cc address. On success, @out_sent_text gets the
 * text to record in the history (the headers that matter and the body, as
 * sent). Nothing is sent when any recipient is refused before DATA. */
gboolean cn_mail_send (const CnMailAccount *account,
                       const char *password,
                       const CnMessage *message,
                       const char *in_reply_to,
                       char **out_sent_text,
                       GCancellable *cancellable,
                       GError **error);
void cn_mail_send_async (const CnMailAccount *account,
                         const char *password,
                         const CnMessage *message,
                         const char *in_reply_to,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data);
/* The sent text, or NULL with @error. */
char *cn_mail_send_finish (GAsyncResult *result, GError **error);

G_END_DECLS
