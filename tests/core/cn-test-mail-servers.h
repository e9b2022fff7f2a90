/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Mail servers for the tests, on 127.0.0.1 only, on ports free at run time,
 * running unprivileged (as "nobody" when the tests run as root). */

/* A CA and a server certificate for 127.0.0.1/localhost made with the openssl
 * CLI in @dir. */
gboolean cn_test_make_tls_cert (
    const char *dir, char **out_ca_file, char **out_cert_file, char **out_key_file, GError **error);
/* A TCP port of 127.0.0.1 free at the time of the call. */
guint cn_test_free_port (void);

/* Dovecot (IMAP): user "connector", password "s3cret-Pa55". @tls: the port
 * speaks TLS from the first byte (imaps); otherwise plain IMAP, STARTTLS
 * offered. NULL with @error when dovecot is not installed
 * (G_IO_ERROR_NOT_FOUND: skip the test) or does not start. */
typedef struct _CnTestDovecot CnTestDovecot;
CnTestDovecot *cn_test_dovecot_start (const char *dir, gboolean tls, GError **error);
guint cn_test_dovecot_get_port (CnTestDovecot *self);
const char *cn_test_dovecot_get_ca_file (CnTestDovecot *self);
/* Delivers a message file into the user's @folder ("INBOX" or another,
 * created when missing), as a new maildir message readable by the server. */
gboolean
cn_test_dovecot_deliver (CnTestDovecot *self, const char *folder, GBytes *message, GError **error);
/* Makes the next SELECT of @folder see a new UIDVALIDITY (the server is
 * restarted on the same port with the folder's index forgotten). */
gboolean
cn_test_dovecot_reset_uidvalidity (CnTestDovecot *self, const char *folder, GError **error);
/* Kills the server (as a crash would), keeping its files and port. */
void cn_test_dovecot_halt (CnTestDovecot *self);
/* Starts it again after cn_test_dovecot_halt(), on the same port. */
gboolean cn_test_dovecot_restart (CnTestDovecot *self, GError **error);
/* Stops the server and frees @self (its folder stays: the test removes it). */
void cn_test_dovecot_stop (CnTestDovecot *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnTestDovecot, cn_test_dovecot_stop)

/* SMTP sink (aiosmtpd on 127.0.0.1, unprivileged): saves each message's
 * envelope and data in @dir/smtp-sink/received/; requires AUTH (user
 * "connector", password "s3cret-Pa55"), after STARTTLS with a test
 * certificate when @starttls. Refuses any recipient "refuse@…" with 550.
 * NULL with G_IO_ERROR_NOT_FOUND when /usr/bin/python3 lacks aiosmtpd (skip). */
typedef struct _CnTestSmtpSink CnTestSmtpSink;
CnTestSmtpSink *cn_test_smtp_sink_start (const char *dir, gboolean starttls, GError **error);
/* The same speaking TLS from the first byte (smtps). */
CnTestSmtpSink *cn_test_smtp_sink_start_tls (const char *dir, GError **error);
guint cn_test_smtp_sink_get_port (CnTestSmtpSink *sink);
/* The CA that signed the server's certificate (NULL without STARTTLS). */
const char *cn_test_smtp_sink_get_ca_file (CnTestSmtpSink *sink);
/* Waits (up to 5 s) for the @index-th received message (from 0) and returns
 * its raw bytes and envelope recipients. */
GBytes *cn_test_smtp_sink_wait_message (CnTestSmtpSink *sink,
                                        guint index,
                                        char ***out_rcpt_to,
                                        GError **error);
/* The number of messages received so far. */
guint cn_test_smtp_sink_count_messages (CnTestSmtpSink *sink);
void cn_test_smtp_sink_stop (CnTestSmtpSink *sink);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnTestSmtpSink, cn_test_smtp_sink_stop)

G_END_DECLS
