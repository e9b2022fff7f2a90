/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <gmime/gmime.h>

#include "cn-import.h"

G_BEGIN_DECLS

/* GMime's set-up, once per process for all the mail code (g_mime_init() is
 * not thread-safe). */
void _cn_mail_mime_init (void);

/* The e-mail reader's view of one message, before it becomes a request or a
 * rejection. Exposed for the tests, which check the decoding on messages that
 * are not requests. Strings are valid UTF-8; NULL when absent. */
typedef struct
{
  char *from_name; /* decoded from RFC 2047 encoded words */
  char *from_email;
  char *subject;
  gint64 date; /* Unix time, 0 when missing or unreadable */
  char *message_id;
  char *body; /* the text the sender wrote: text/plain preferred, else text from HTML */
  char *note_to_connector;
  char *note_to_target;
  char *target_hint;
  gboolean is_request;
  guint line;     /* of its "From " line in an mbox; 1 otherwise */
  char *rejected; /* why it cannot be used (no sender, headers too long), or NULL */
} CnMailMessage;

void _cn_mail_message_free (CnMailMessage *message);

/* Every message of @path (GPtrArray of CnMailMessage), requests or not. */
GPtrArray *_cn_mail_read_messages (const char *path, GCancellable *cancellable, GError **error);

/* The text of an HTML document: tags out, entities decoded, breaks kept. */
char *_cn_mail_html_to_text (const char *html, gssize len);

/* Whether a subject and a text ask the reader to introduce the sender. */
gboolean _cn_mail_asks_for_introduction (const char *subject, const char *text);

/* One message held in memory (fetched by IMAP) into @batch, as cn_mail_read()
 * does for a file: a request, or a rejection naming @name. */
gboolean
_cn_mail_read_bytes (GBytes *bytes, const char *name, CnImportBatch *batch, GError **error);

/* Inside the reader: cn-import-mail.c (files, messages, the API) reads each
 * message with cn-import-mail-message.c, which reads its text with
 * cn-import-mail-text.c. */

/* cn-import-mail-message.c */

/* Fills @m from @message: sender, subject, date, body, notes and whom it is
 * for, or why it is rejected. */
void _cn_mail_read_message (CnMailMessage *m, GMimeMessage *message, GMimeParserOptions *options);

/* cn-import-mail-text.c */

/* @str made valid UTF-8 and trimmed; NULL when NULL or blank. */
char *_cn_mail_strdup_trimmed (const char *str);
/* Cleans the text: no spaces at line ends or starts, at most one blank line
 * in a row, trimmed. */
char *_cn_mail_tidy_lines (const char *text);
/* A name or an address after "introduce me to" (and the like) in @text, or NULL. */
char *_cn_mail_find_target_hint (const char *text);
/* Lines [from, to) without the signature, trimmed, or NULL when empty. */
char *_cn_mail_join_note (char **lines, guint from, guint to);
/* Splits the body of @m into the note to the connector and the one meant for
 * the contact (a forwarded or quoted message); the recipient of a forwarded
 * message becomes the target hint when there is none. */
void _cn_mail_split_notes (CnMailMessage *m, GMimeParserOptions *options);

G_END_DECLS
