/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-compose.h"
#include "cn-request.h"

G_BEGIN_DECLS

typedef enum {
  CN_REPLY_ASK_MOTIVATION = 0, /* {questions} filled in */
  CN_REPLY_DECLINE = 1,        /* a private note, and an optional sentence that fills {reason} */
} CnReplyKind;

/* How the connector sends the reply. */
typedef enum {
  CN_REPLY_SEND_COPY = 0,    /* to the clipboard, for a social network's message box */
  CN_REPLY_SEND_MAIL = 1,    /* handed to the mail client */
  CN_REPLY_SEND_ACCOUNT = 2, /* sent through the connector's mail account (SMTP) */
} CnReplySend;

#define CN_TYPE_REPLY_DIALOG (cn_reply_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CnReplyDialog, cn_reply_dialog, CN, REPLY_DIALOG, AdwWindow)

/* A reply to the requester, pre-filled from @template_text expanded with
 * @values, editable before it leaves. Signal "send" (int CnReplySend,
 * const char *text): the connector chose Copy, Open in Mail or Send; the caller
 * sends, records and closes the dialog (it stays open on failure). */
CnReplyDialog *cn_reply_dialog_new (GtkWindow *parent,
                                    CnReplyKind kind,
                                    CnRequest *request,
                                    const char *template_text,
                                    const CnComposeValues *values);
CnReplyKind cn_reply_dialog_get_kind (CnReplyDialog *self);
/* A French reply: @tu_template_text and @tu_questions address the requester
 * as "tu" (those given to cn_reply_dialog_new() as "vous"). Shows a switch
 * between the two, set to @detected; the text follows it. */
void cn_reply_dialog_set_tu_version (CnReplyDialog *self,
                                     const char *tu_template_text,
                                     const char *tu_questions,
                                     CnRegister detected);
CnRegister cn_reply_dialog_get_register (CnReplyDialog *self);
/* A decline's private note, for the history only; NULL when none (or not a
 * decline). */
char *cn_reply_dialog_dup_note (CnReplyDialog *self);
/* With a mail account that sends (SMTP), a "Send" button comes first and
 * takes Ctrl+Return; "Open in Mail" and "Copy" stay. */
void cn_reply_dialog_set_can_send (CnReplyDialog *self, gboolean can_send);
/* While the reply is being sent: the buttons are off and a spinner turns. */
void cn_reply_dialog_set_sending (CnReplyDialog *self, gboolean sending);
/* The text as it stands. */
char *cn_reply_dialog_dup_text (CnReplyDialog *self);

G_END_DECLS
