/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What IMAP and SMTP share of libcurl: private to the mail code. */

#include <curl/curl.h>
#include <gio/gio.h>

#include "cn-mail-account.h"

G_BEGIN_DECLS

/* libcurl's global set-up, once per process (it is not thread-safe). */
void _cn_mail_curl_init (void);

/* The options both protocols take: the login, TLS (required unless
 * @security is NONE, which the caller allowed with
 * cn_mail_account_check_security()), certificate checks (@ca_file: an extra
 * CA, or NULL), timeouts, and cancellation by @cancellable. @errbuf
 * (CURL_ERROR_SIZE bytes) receives libcurl's words. */
void _cn_mail_curl_setup (CURL *curl,
                          const char *user,
                          const char *password,
                          CnMailSecurity security,
                          const char *ca_file,
                          GCancellable *cancellable,
                          char *errbuf);

/* The error for a failed transfer, in words naming @host, for the codes both
 * protocols meet (a failure of the exchange for any other). */
GError *_cn_mail_curl_error (CURLcode code, const char *host, const char *errbuf);

/* Replaces the message of @error if it holds @password (neither libcurl's
 * nor a server's words should, but a password never reaches the user). */
void _cn_mail_scrub_error (GError *error, const char *host, const char *password);

G_END_DECLS
