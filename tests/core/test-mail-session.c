/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The mail session without a window: checking a real IMAP server (dovecot)
 * and sending through a real SMTP sink, both started here on 127.0.0.1, with
 * the passwords the connector gives or the session keeps. Skipped when the
 * servers are not installed. */

#include "config.h"

#include <glib/gstdio.h>

#include "cn-mail-session.h"
#include "cn-secret.h"
#include "cn-test-mail-servers.h"
#include "cn-test-utils.h"

#define PASSWORD "s3cret-Pa55"

typedef struct
{
  char *dir;
  CnStore *store;
  CnMailSession *mail;
  CnTestDovecot *dovecot;
  CnTestSmtpSink *sink;

  /* What the session said */
  GPtrArray *messages; /* "error: …" or "info: …" */
  guint asked[2];      /* "password-needed", per login */
  char *why;           /* the last one's reason */
  guint added;
  guint sent;
  char *sent_text;
  guint failed;
  gpointer last_tag;
  guint tags_freed;
  /* The password to answer "password-needed" with; NULL: cancel. */
  const char *answer;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  /* The servers run as "nobody": their folder is not a private one. */
  f->dir = g_dir_make_tmp ("connecteur-mail-session-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  path = g_build_filename (f->dir, "connecteur.db", NULL);
  f->store = cn_store_open (path, &error);
  g_assert_no_error (error);
  f->messages = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->mail != NULL)
    {
      cn_mail_session_shutdown (f->mail);
      g_signal_handlers_disconnect_by_data (f->mail, f);
      g_clear_object (&f->mail);
    }
  g_clear_pointer (&f->dovecot, cn_test_dovecot_stop);
  g_clear_pointer (&f->sink, cn_test_smtp_sink_stop);
  g_clear_object (&f->store);
  cn_secret_set_session_password ("127.0.0.1", "connector", NULL);
  cn_test_remove_tree (f->dir);
  g_free (f->dir);
  g_ptr_array_unref (f->messages);
  g_free (f->why);
  g_free (f->sent_text);
}

static void
on_message_cb (CnMailSession *mail, const char *text, gboolean error, Fixture *f)
{
  g_ptr_array_add (f->messages, g_strdup_printf ("%s: %s", error ? "error" : "info", text));
}

static void
on_password_needed_cb (CnMailSession *mail,
                       int login,
                       const char *server,
                       const char *user,
                       const char *why,
                       gboolean can_remember,
                       Fixture *f)
{
  g_assert_cmpstr (server, ==, "127.0.0.1");
  g_assert_cmpstr (user, ==, "connector");
  f->asked[login]++;
  g_free (f->why);
  f->why = g_strdup (why);
  cn_mail_session_answer_password (mail, login, f->answer, FALSE);
}

static void
on_requests_added_cb (CnMailSession *mail, guint n, Fixture *f)
{
  f->added += n;
}

static void
on_sent_cb (CnMailSession *mail, gpointer tag, const char *text, Fixture *f)
{
  g_assert_true (cn_mail_session_get_sending (mail));
  f->sent++;
  f->last_tag = tag;
  g_free (f->sent_text);
  f->sent_text = g_strdup (text);
}

static void
on_send_failed_cb (CnMailSession *mail, gpointer tag, const GError *error, Fixture *f)
{
  g_assert_nonnull (error);
  f->failed++;
  f->last_tag = tag;
}

static void
tag_free (gpointer tag)
{
  Fixture *f = g_object_get_data (G_OBJECT (tag), "fixture");

  f->tags_freed++;
  g_object_unref (tag);
}

static void
new_session (Fixture *f)
{
  f->mail = cn_mail_session_new (f->store);
  g_signal_connect (f->mail, "message", G_CALLBACK (on_message_cb), f);
  g_signal_connect (f->mail, "password-needed", G_CALLBACK (on_password_needed_cb), f);
  g_signal_connect (f->mail, "requests-added", G_CALLBACK (on_requests_added_cb), f);
  g_signal_connect (f->mail, "sent", G_CALLBACK (on_sent_cb), f);
  g_signal_connect (f->mail, "send-failed", G_CALLBACK (on_send_failed_cb), f);
}

static const char *
last_message (Fixture *f)
{
  return f->messages->len > 0 ? g_ptr_array_index (f->messages, f->messages->len - 1) : NULL;
}

static void
wait_idle (Fixture *f)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while ((cn_mail_session_get_checking (f->mail) || cn_mail_session_get_sending (f->mail)) &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (cn_mail_session_get_checking (f->mail));
  g_assert_false (cn_mail_session_get_sending (f->mail));
}

static void
deliver (Fixture *f, guint n)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("From: Marc Petit <marc@example.org>\r\n"
                                           "To: Connector <connector@example.org>\r\n"
                                           "Subject: Could you introduce me to Léa?\r\n"
                                           "Date: Tue, 10 Nov 2026 09:%02u:00 +0100\r\n"
                                           "Message-ID: <session-%u@example.org>\r\n"
                                           "MIME-Version: 1.0\r\n"
                                           "Content-Type: text/plain; charset=utf-8\r\n"
                                           "\r\n"
                                           "Hello, could you forward my note to Léa Dubois? I am "
                                           "preparing a talk on hiring.\r\n",
                                           n, n);
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));

  g_assert_true (cn_test_dovecot_deliver (f->dovecot, "INBOX", bytes, &error));
  g_assert_no_error (error);
}

/* Checking: quiet when automatic and empty, a refused password is not tried
 * again but asked for, with the reason. */
static void
test_check (Fixture *f, gconstpointer data)
{
  g_autoptr (CnMailAccount) account = cn_mail_account_new ();
  g_autoptr (GError) error = NULL;

  new_session (f);
  g_assert_false (cn_mail_session_get_can_check (f->mail));
  cn_mail_session_check (f->mail, TRUE);
  g_assert_false (cn_mail_session_get_checking (f->mail));

  f->dovecot = cn_test_dovecot_start (f->dir, TRUE, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_test_skip ("dovecot is not installed");
      return;
    }
  g_assert_no_error (error);
  account->imap_host = g_strdup ("127.0.0.1");
  account->imap_port = cn_test_dovecot_get_port (f->dovecot);
  account->imap_user = g_strdup ("connector");
  account->ca_file = g_strdup (cn_test_dovecot_get_ca_file (f->dovecot));
  g_assert_true (cn_store_save_mail_account (f->store, account, &error));
  cn_mail_session_reload_account (f->mail);
  g_assert_true (cn_mail_session_get_can_check (f->mail));

  /* An automatic check that finds nothing says nothing. */
  cn_secret_set_session_password ("127.0.0.1", "connector", PASSWORD);
  cn_mail_session_check (f->mail, FALSE);
  g_assert_true (cn_mail_session_get_checking (f->mail));
  wait_idle (f);
  g_assert_cmpuint (f->messages->len, ==, 0);

  deliver (f, 1);
  cn_mail_session_check (f->mail, TRUE);
  wait_idle (f);
  g_assert_cmpstr (last_message (f), ==, "info: 1 new request");
  g_assert_cmpuint (f->added, ==, 1);
  g_assert_cmpuint (cn_store_count_requests (f->store), ==, 1);

  /* A wrong password is said in words, then not tried again: asked for. */
  cn_secret_set_session_password ("127.0.0.1", "connector", "not-the-password");
  deliver (f, 2);
  cn_mail_session_check (f->mail, TRUE);
  wait_idle (f);
  g_assert_true (g_str_has_prefix (last_message (f), "error: Could not check mail: "));
  g_assert_cmpuint (f->asked[CN_MAIL_LOGIN_IMAP], ==, 0);
  g_assert_cmpuint (cn_store_count_requests (f->store), ==, 1);

  cn_secret_set_session_password ("127.0.0.1", "connector", "not-the-password");
  f->answer = PASSWORD;
  cn_mail_session_check (f->mail, TRUE);
  wait_idle (f);
  g_assert_cmpuint (f->asked[CN_MAIL_LOGIN_IMAP], ==, 1);
  g_assert_cmpstr (f->why, ==, "The server refused the saved password.");
  g_assert_cmpstr (last_message (f), ==, "info: 1 new request");
  g_assert_cmpuint (cn_store_count_requests (f->store), ==, 2);

  /* The password typed is kept for the session: not asked again. */
  cn_mail_session_check (f->mail, TRUE);
  wait_idle (f);
  g_assert_cmpuint (f->asked[CN_MAIL_LOGIN_IMAP], ==, 1);
  g_assert_cmpstr (last_message (f), ==, "info: No new mail");
}

/* Sending: a failure keeps the message for Retry with its tag; the tag is
 * freed once, when the session is done with it. */
static void
test_send (Fixture *f, gconstpointer data)
{
  g_autoptr (CnMailAccount) account = cn_mail_account_new ();
  g_autoptr (GBytes) raw = NULL;
  g_autoptr (GError) error = NULL;
  CnMessage message = { .to_name = "Léa Dubois",
                        .to_address = "lea@example.org",
                        .subject = "Marc Petit",
                        .body = "Léa, Marc prepares a talk on hiring." };
  GObject *tag = g_object_new (G_TYPE_OBJECT, NULL);
  GObject *refused = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (tag, "fixture", f);
  g_object_set_data (refused, "fixture", f);
  new_session (f);
  /* No account sends: said, and the tag freed at once. */
  g_assert_false (cn_mail_session_send (f->mail, &message, NULL, refused, tag_free));
  g_assert_cmpuint (f->tags_freed, ==, 1);
  g_assert_true (g_str_has_prefix (last_message (f), "error: No mail account sends messages"));

  f->sink = cn_test_smtp_sink_start (f->dir, TRUE, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_object_unref (tag);
      g_test_skip ("aiosmtpd is not installed");
      return;
    }
  g_assert_no_error (error);
  account->smtp_host = g_strdup ("127.0.0.1");
  account->smtp_port = cn_test_smtp_sink_get_port (f->sink);
  account->smtp_security = CN_MAIL_SECURITY_STARTTLS;
  account->smtp_user = g_strdup ("connector");
  account->from_address = g_strdup ("connector@example.org");
  account->ca_file = g_strdup (cn_test_smtp_sink_get_ca_file (f->sink));
  g_assert_true (cn_store_save_mail_account (f->store, account, &error));
  cn_mail_session_reload_account (f->mail);
  g_assert_true (cn_mail_session_get_can_send (f->mail));
  /* The account names no sender: mail leaves under the connector's name. */
  g_assert_true (cn_store_set_connector_name (f->store, "Camille Laurent", &error));

  cn_secret_set_session_password ("127.0.0.1", "connector", "not-the-password");
  g_assert_true (cn_mail_session_send (f->mail, &message, NULL, tag, tag_free));
  /* One at a time. */
  g_assert_false (cn_mail_session_send (f->mail, &message, NULL, NULL, NULL));
  wait_idle (f);
  g_assert_cmpuint (f->failed, ==, 1);
  g_assert_true (f->last_tag == tag);
  g_assert_true (cn_mail_session_get_can_retry (f->mail));
  g_assert_true (cn_mail_session_get_failed_tag (f->mail) == tag);
  g_assert_cmpuint (f->tags_freed, ==, 1);
  g_assert_cmpuint (cn_test_smtp_sink_count_messages (f->sink), ==, 0);

  /* The refused password is not tried again: the connector types one. */
  f->answer = PASSWORD;
  g_assert_true (cn_mail_session_retry (f->mail));
  g_assert_false (cn_mail_session_get_can_retry (f->mail));
  wait_idle (f);
  g_assert_cmpuint (f->asked[CN_MAIL_LOGIN_SMTP], ==, 1);
  g_assert_cmpuint (f->sent, ==, 1);
  g_assert_true (f->last_tag == tag);
  g_assert_nonnull (strstr (f->sent_text, "lea@example.org"));
  g_assert_cmpuint (f->tags_freed, ==, 2);
  g_assert_cmpuint (cn_test_smtp_sink_count_messages (f->sink), ==, 1);
  g_assert_false (cn_mail_session_retry (f->mail));
  raw = cn_test_smtp_sink_wait_message (f->sink, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (raw, NULL), (gssize) g_bytes_get_size (raw),
                                  "From: Camille Laurent <connector@example.org>"));
}

/* A session shut down while it waits for a password tells nothing more. */
static void
test_shutdown (Fixture *f, gconstpointer data)
{
  g_autoptr (CnMailAccount) account = cn_mail_account_new ();
  g_autoptr (GError) error = NULL;
  CnMessage message = { .to_address = "lea@example.org", .subject = "s", .body = "b" };

  account->smtp_host = g_strdup ("127.0.0.1");
  account->smtp_port = cn_test_free_port ();
  account->smtp_user = g_strdup ("connector");
  g_assert_true (cn_store_save_mail_account (f->store, account, &error));
  new_session (f);
  g_signal_handlers_disconnect_by_func (f->mail, on_password_needed_cb, f);
  cn_secret_set_session_password ("127.0.0.1", "connector", NULL);
  g_assert_true (cn_mail_session_send (f->mail, &message, NULL, NULL, NULL));
  cn_mail_session_shutdown (f->mail);
  wait_idle (f);
  g_assert_cmpuint (f->sent + f->failed, ==, 0);
  g_assert_cmpuint (f->messages->len, ==, 0);
  g_assert_false (cn_mail_session_send (f->mail, &message, NULL, NULL, NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/mail-session/check", Fixture, NULL, fixture_set_up, test_check, fixture_tear_down);
  g_test_add ("/mail-session/send", Fixture, NULL, fixture_set_up, test_send, fixture_tear_down);
  g_test_add ("/mail-session/shutdown", Fixture, NULL, fixture_set_up, test_shutdown,
              fixture_tear_down);

  return g_test_run ();
}
