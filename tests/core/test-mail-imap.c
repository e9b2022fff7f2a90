/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib.h>
#include <sqlite3.h>

#include "cn-mail.h"
#include "cn-test-mail-servers.h"
#include "cn-test-utils.h"

#define PASSWORD "s3cret-Pa55"

/* In cn-mail-imap.c, for the tests only. */
void _cn_mail_set_check_chunk_size (guint size);

typedef struct
{
  char *dir;
  char *db_path;
  CnTestDovecot *dovecot; /* NULL: skipped */
  CnMailAccount *account;
  CnStore *store;
  guint message_no;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  gboolean tls = GPOINTER_TO_INT (data) == 0;
  g_autoptr (GError) error = NULL;

  fixture->dir = cn_test_make_tmpdir ();
  fixture->db_path = g_build_filename (fixture->dir, "connecteur.db", NULL);
  fixture->store = cn_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->account = cn_mail_account_new ();
  fixture->account->imap_host = g_strdup ("127.0.0.1");
  fixture->account->imap_user = g_strdup ("connector");
  fixture->account->imap_security = tls ? CN_MAIL_SECURITY_TLS : CN_MAIL_SECURITY_STARTTLS;

  fixture->dovecot = cn_test_dovecot_start (fixture->dir, tls, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return;
  g_assert_no_error (error);
  fixture->account->imap_port = cn_test_dovecot_get_port (fixture->dovecot);
  fixture->account->ca_file = g_strdup (cn_test_dovecot_get_ca_file (fixture->dovecot));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  _cn_mail_set_check_chunk_size (0);
  g_clear_pointer (&fixture->dovecot, cn_test_dovecot_stop);
  g_clear_object (&fixture->store);
  cn_mail_account_free (fixture->account);
  cn_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
}

static gboolean
skip_without_dovecot (Fixture *fixture)
{
  if (fixture->dovecot != NULL)
    return FALSE;
  g_test_skip ("dovecot is not installed");
  return TRUE;
}

/* A message written the way people write, with its own Message-ID. */
static void
deliver (Fixture *fixture, const char *from, const char *subject, const char *body)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GBytes) bytes = NULL;

  fixture->message_no++;
  text = g_strdup_printf ("From: %s\r\n"
                          "To: Connector <connector@example.org>\r\n"
                          "Subject: %s\r\n"
                          "Date: Tue, 10 Nov 2026 09:%02u:00 +0100\r\n"
                          "Message-ID: <imap-test-%u@example.org>\r\n"
                          "MIME-Version: 1.0\r\n"
                          "Content-Type: text/plain; charset=utf-8\r\n"
                          "Content-Transfer-Encoding: 8bit\r\n"
                          "\r\n"
                          "%s\r\n",
                          from, subject, fixture->message_no % 60, fixture->message_no, body);
  bytes = g_bytes_new_take (text, strlen (text));
  text = NULL;
  g_assert_true (cn_test_dovecot_deliver (fixture->dovecot, "INBOX", bytes, &error));
  g_assert_no_error (error);
}

static void
deliver_request (Fixture *fixture, guint n)
{
  g_autofree char *from = g_strdup_printf ("Person %u <person%u@example.com>", n, n);
  g_autofree char *body = g_strdup_printf ("Hello,\r\n\r\nCould you introduce me to Target %u? "
                                           "We work on the same problem.\r\n\r\nPerson %u",
                                           n, n);

  deliver (fixture, from, "A favour", body);
}

/* Two requests (French, English) and a newsletter. */
static void
deliver_three (Fixture *fixture)
{
  deliver (fixture, "Élise Martin <elise@example.fr>", "Une mise en relation",
           "Bonjour,\r\n\r\nPourriez-vous me présenter à Julien Moreau ? Nous travaillons "
           "tous deux sur le recyclage des batteries.\r\n\r\nMerci,\r\nÉlise");
  deliver (fixture, "Tom Baker <tom@example.com>", "Intro?",
           "Hi,\r\n\r\nCould you put me in touch with Sarah Connor? I am hiring for a "
           "robotics team.\r\n\r\nThanks,\r\nTom");
  deliver (fixture, "News <news@shop.example>", "Our November offers",
           "Discover our new products and save 20% this week only.");
}

static gint64
count_requests (Fixture *fixture)
{
  return cn_test_query_int (fixture->db_path, "SELECT count(*) FROM requests");
}

static CnMailCheckReport *
check (Fixture *fixture, GError **error)
{
  return cn_mail_check (fixture->store, fixture->account, PASSWORD, NULL, NULL, NULL, error);
}

/* Connection test */

static void
test_connection_ok (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  if (skip_without_dovecot (fixture))
    return;
  g_assert_true (cn_mail_test_imap (fixture->account, PASSWORD, NULL, &error));
  g_assert_no_error (error);
}

static void
test_wrong_password (Fixture *fixture, gconstpointer data)
{
  const char *wrong = "Wr0ng-Pa55word";
  g_autoptr (GError) error = NULL;

  if (skip_without_dovecot (fixture))
    return;
  g_assert_false (cn_mail_test_imap (fixture->account, wrong, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_AUTH);
  g_assert_null (strstr (error->message, wrong));
  g_assert_null (strstr (error->message, PASSWORD));
}

static void
test_folder_missing (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  if (skip_without_dovecot (fixture))
    return;
  fixture->account->imap_folder = g_strdup ("Introductions");
  g_assert_false (cn_mail_test_imap (fixture->account, PASSWORD, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_FOLDER_MISSING);
  g_assert_nonnull (strstr (error->message, "Introductions"));

  /* Once it exists, it is watched. */
  g_clear_error (&error);
  {
    g_autoptr (GBytes) message = g_bytes_new_static ("From: a@example.com\r\n\r\nHi\r\n", 27);

    g_assert_true (cn_test_dovecot_deliver (fixture->dovecot, "Introductions", message, &error));
  }
  g_assert_true (cn_mail_test_imap (fixture->account, PASSWORD, NULL, &error));
  g_assert_no_error (error);
}

static void
test_untrusted_certificate (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  if (skip_without_dovecot (fixture))
    return;
  g_clear_pointer (&fixture->account->ca_file, g_free);
  g_assert_false (cn_mail_test_imap (fixture->account, PASSWORD, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_CERTIFICATE);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
}

static void
test_starttls (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  if (skip_without_dovecot (fixture))
    return;
  g_assert_cmpint (fixture->account->imap_security, ==, CN_MAIL_SECURITY_STARTTLS);
  g_assert_true (cn_mail_test_imap (fixture->account, PASSWORD, NULL, &error));
  g_assert_no_error (error);

  /* The same server, plain: only with the explicit loopback option. */
  fixture->account->imap_security = CN_MAIL_SECURITY_NONE;
  g_assert_false (cn_mail_test_imap (fixture->account, PASSWORD, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_INSECURE);
  g_clear_error (&error);
  fixture->account->insecure_loopback = TRUE;
  g_assert_true (cn_mail_test_imap (fixture->account, PASSWORD, NULL, &error));
  g_assert_no_error (error);
}

/* No server needed. */
static void
test_unknown_host (void)
{
  g_autoptr (CnMailAccount) account = cn_mail_account_new ();
  g_autoptr (GError) error = NULL;

  account->imap_host = g_strdup ("mail.connecteur-test.invalid");
  account->imap_user = g_strdup ("connector");
  g_assert_false (cn_mail_test_imap (account, PASSWORD, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_UNKNOWN_HOST);
  g_assert_nonnull (strstr (error->message, "mail.connecteur-test.invalid"));
}

static void
test_refused (void)
{
  g_autoptr (CnMailAccount) account = cn_mail_account_new ();
  g_autoptr (GError) error = NULL;

  account->imap_host = g_strdup ("127.0.0.1");
  account->imap_port = cn_test_free_port ();
  account->imap_user = g_strdup ("connector");
  g_assert_false (cn_mail_test_imap (account, PASSWORD, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_REFUSED);
}

static void
test_insecure (void)
{
  g_autoptr (CnMailAccount) account = cn_mail_account_new ();
  g_autoptr (GError) error = NULL;

  /* A closed port: had a connection been tried, the error would be REFUSED. */
  account->imap_host = g_strdup ("127.0.0.1");
  account->imap_port = cn_test_free_port ();
  account->imap_user = g_strdup ("connector");
  account->imap_security = CN_MAIL_SECURITY_NONE;
  g_assert_false (cn_mail_test_imap (account, PASSWORD, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_INSECURE);
  g_clear_error (&error);

  account->imap_security = CN_MAIL_SECURITY_TLS;
  g_assert_false (cn_mail_test_imap (account, PASSWORD, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_REFUSED);
}

static void
test_cancelled (void)
{
  g_autoptr (CnMailAccount) account = cn_mail_account_new ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;

  account->imap_host = g_strdup ("127.0.0.1");
  account->imap_user = g_strdup ("connector");
  g_cancellable_cancel (cancellable);
  g_assert_false (cn_mail_test_imap (account, PASSWORD, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Intake */

static void
test_check_new_messages (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CnMailCheckReport) first = NULL;
  g_autoptr (CnMailCheckReport) second = NULL;
  g_autoptr (CnMailCheckReport) third = NULL;
  g_autoptr (CnMailCheckReport) after_reset = NULL;

  if (skip_without_dovecot (fixture))
    return;
  deliver_three (fixture);
  first = check (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->fetched, ==, 3);
  g_assert_cmpuint (first->added, ==, 2);
  g_assert_cmpuint (first->rejections->len, ==, 1);
  g_assert_cmpint (count_requests (fixture), ==, 2);
  g_assert_cmpint (cn_test_query_int (fixture->db_path,
                                      "SELECT count(*) FROM requests r JOIN requesters p"
                                      " ON p.id = r.requester_id WHERE p.email IN"
                                      " ('elise@example.fr', 'tom@example.com')"),
                   ==, 2);

  /* Nothing new: nothing fetched, nothing added. */
  second = check (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->fetched, ==, 0);
  g_assert_cmpuint (second->added, ==, 0);
  g_assert_cmpint (count_requests (fixture), ==, 2);

  /* One more: only that one is fetched, even with another connection. */
  deliver_request (fixture, 1);
  g_clear_object (&fixture->store);
  fixture->store = cn_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  third = check (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (third->fetched, ==, 1);
  g_assert_cmpuint (third->added, ==, 1);
  g_assert_cmpint (count_requests (fixture), ==, 3);

  /* A new UIDVALIDITY: everything is fetched again, nothing added twice. */
  g_assert_true (cn_test_dovecot_reset_uidvalidity (fixture->dovecot, "INBOX", &error));
  g_assert_no_error (error);
  after_reset = check (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after_reset->fetched, ==, 4);
  g_assert_cmpuint (after_reset->added, ==, 0);
  g_assert_cmpuint (after_reset->skipped, ==, 3);
  g_assert_cmpint (count_requests (fixture), ==, 3);
}

static void
test_check_folder_name (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CnMailCheckReport) report = NULL;
  g_autoptr (GBytes) message = NULL;
  const char *text = "From: Ana <ana@example.com>\r\n"
                     "Subject: Intro\r\n"
                     "Message-ID: <folder-name@example.com>\r\n"
                     "\r\n"
                     "Could you introduce me to Ben Ross?\r\n";

  if (skip_without_dovecot (fixture))
    return;
  /* A space and a character beyond ASCII (modified UTF-7 on the server). */
  fixture->account->imap_folder = g_strdup ("Demandes d’intro");
  message = g_bytes_new_static (text, strlen (text));
  g_assert_true (
      cn_test_dovecot_deliver (fixture->dovecot, "Demandes d&IBk-intro", message, &error));
  g_assert_no_error (error);
  report = check (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->added, ==, 1);
  g_assert_cmpint (count_requests (fixture), ==, 1);
}

typedef struct
{
  Fixture *fixture;
  double halt_at;
  gboolean halted;
} HaltData;

static void
halt_on_progress (double fraction, gpointer user_data)
{
  HaltData *halt = user_data;

  if (!halt->halted && fraction >= halt->halt_at)
    {
      cn_test_dovecot_halt (halt->fixture->dovecot);
      halt->halted = TRUE;
    }
}

static char *
integrity_check (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

static void
test_server_stopped_mid_fetch (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CnMailCheckReport) failed = NULL;
  g_autoptr (CnMailCheckReport) resumed = NULL;
  g_autofree char *integrity = NULL;
  HaltData halt = { fixture, 0.4, FALSE };

  if (skip_without_dovecot (fixture))
    return;
  for (guint i = 1; i <= 5; i++)
    deliver_request (fixture, i);
  _cn_mail_set_check_chunk_size (2);

  /* The server goes away once the first chunk (2 of 5) is fetched. */
  failed = cn_mail_check (fixture->store, fixture->account, PASSWORD, NULL, halt_on_progress, &halt,
                          &error);
  g_assert_null (failed);
  g_assert_true (halt.halted);
  g_assert_nonnull (error);
  g_test_message ("after the server stopped: %s", error->message);
  g_assert_true (error->domain == CN_MAIL_ERROR);
  g_assert_null (strstr (error->message, PASSWORD));
  g_assert_cmpint (count_requests (fixture), ==, 2);
  integrity = integrity_check (fixture->db_path);
  g_assert_cmpstr (integrity, ==, "ok");

  /* Back again: the rest, and only the rest. */
  g_clear_error (&error);
  g_assert_true (cn_test_dovecot_restart (fixture->dovecot, &error));
  g_assert_no_error (error);
  resumed = check (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (resumed->fetched, ==, 3);
  g_assert_cmpuint (resumed->added, ==, 3);
  g_assert_cmpint (count_requests (fixture), ==, 5);
  g_assert_cmpint (cn_test_query_int (fixture->db_path,
                                      "SELECT count(DISTINCT source_ref) FROM requests"),
                   ==, 5);
}

static void
cancel_on_progress (double fraction, gpointer user_data)
{
  /* Once the first chunk (2 of 5) is in. */
  if (fraction >= 0.4)
    g_cancellable_cancel (user_data);
}

static void
test_check_cancelled (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (CnMailCheckReport) failed = NULL;
  g_autoptr (CnMailCheckReport) resumed = NULL;

  if (skip_without_dovecot (fixture))
    return;
  for (guint i = 1; i <= 5; i++)
    deliver_request (fixture, i);
  _cn_mail_set_check_chunk_size (2);
  failed = cn_mail_check (fixture->store, fixture->account, PASSWORD, cancellable,
                          cancel_on_progress, cancellable, &error);
  g_assert_null (failed);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (count_requests (fixture), ==, 2);

  g_clear_error (&error);
  resumed = check (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (resumed->fetched, ==, 3);
  g_assert_cmpuint (resumed->added, ==, 3);
}

/* A message imported from a file earlier is the same request when it
 * arrives by IMAP. */
static void
test_check_after_file_import (Fixture *fixture, gconstpointer data)
{
  const char *text = "From: Ana <ana@example.com>\r\n"
                     "Subject: Intro\r\n"
                     "Message-ID: <same-message@example.com>\r\n"
                     "\r\n"
                     "Could you introduce me to Ben Ross?\r\n";
  g_autofree char *path = g_build_filename (fixture->dir, "saved.eml", NULL);
  const char *paths[] = { path, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (CnImportReport) imported = NULL;
  g_autoptr (CnMailCheckReport) report = NULL;
  g_autoptr (GBytes) message = NULL;

  if (skip_without_dovecot (fixture))
    return;
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  imported = cn_import_run (fixture->store, CN_IMPORT_FORMAT_MAIL, paths, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (imported->requests_added, ==, 1);

  message = g_bytes_new_static (text, strlen (text));
  g_assert_true (cn_test_dovecot_deliver (fixture->dovecot, "INBOX", message, &error));
  report = check (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->fetched, ==, 1);
  g_assert_cmpuint (report->added, ==, 0);
  g_assert_cmpuint (report->skipped, ==, 1);
  g_assert_cmpint (count_requests (fixture), ==, 1);
}

typedef struct
{
  GMainLoop *loop;
  CnMailCheckReport *report;
  GError *error;
  guint progress_calls;
  guint reloaded;
  GThread *main_thread;
} AsyncData;

static void
on_async_progress (double fraction, gpointer user_data)
{
  AsyncData *async = user_data;

  /* In the caller's thread, never the worker's. */
  g_assert_true (g_thread_self () == async->main_thread);
  async->progress_calls++;
}

static void
on_reloaded (CnStore *store, gpointer user_data)
{
  AsyncData *async = user_data;

  async->reloaded++;
}

static void
on_check_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncData *async = user_data;

  async->report = cn_mail_check_finish (result, &async->error);
  g_main_loop_quit (async->loop);
}

static void
test_check_async (Fixture *fixture, gconstpointer data)
{
  AsyncData async = { 0 };

  if (skip_without_dovecot (fixture))
    return;
  deliver_three (fixture);
  async.loop = g_main_loop_new (NULL, FALSE);
  async.main_thread = g_thread_self ();
  g_signal_connect (fixture->store, "reloaded", G_CALLBACK (on_reloaded), &async);
  cn_mail_check_async (fixture->store, fixture->account, PASSWORD, NULL, on_async_progress, &async,
                       on_check_done, &async);
  g_main_loop_run (async.loop);
  g_assert_no_error (async.error);
  g_assert_nonnull (async.report);
  g_assert_cmpuint (async.report->added, ==, 2);
  g_assert_cmpuint (async.progress_calls, >, 0);
  /* The window's store learns that another connection wrote. */
  g_assert_cmpuint (async.reloaded, >, 0);
  g_assert_cmpint (count_requests (fixture), ==, 2);
  cn_mail_check_report_free (async.report);
  g_main_loop_unref (async.loop);
}

#define ADD_SERVER_TEST(path, data, func)                                                          \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD_SERVER_TEST ("/mail-imap/test/ok", GINT_TO_POINTER (0), test_connection_ok);
  ADD_SERVER_TEST ("/mail-imap/test/wrong-password", GINT_TO_POINTER (0), test_wrong_password);
  ADD_SERVER_TEST ("/mail-imap/test/folder-missing", GINT_TO_POINTER (0), test_folder_missing);
  ADD_SERVER_TEST ("/mail-imap/test/untrusted-certificate", GINT_TO_POINTER (0),
                   test_untrusted_certificate);
  ADD_SERVER_TEST ("/mail-imap/test/starttls", GINT_TO_POINTER (1), test_starttls);
  g_test_add_func ("/mail-imap/test/unknown-host", test_unknown_host);
  g_test_add_func ("/mail-imap/test/refused", test_refused);
  g_test_add_func ("/mail-imap/test/insecure", test_insecure);
  g_test_add_func ("/mail-imap/test/cancelled", test_cancelled);
  ADD_SERVER_TEST ("/mail-imap/check/new-messages", GINT_TO_POINTER (0), test_check_new_messages);
  ADD_SERVER_TEST ("/mail-imap/check/server-stopped", GINT_TO_POINTER (0),
                   test_server_stopped_mid_fetch);
  ADD_SERVER_TEST ("/mail-imap/check/folder-name", GINT_TO_POINTER (0), test_check_folder_name);
  ADD_SERVER_TEST ("/mail-imap/check/cancelled", GINT_TO_POINTER (0), test_check_cancelled);
  ADD_SERVER_TEST ("/mail-imap/check/after-file-import", GINT_TO_POINTER (0),
                   test_check_after_file_import);
  ADD_SERVER_TEST ("/mail-imap/check/async", GINT_TO_POINTER (0), test_check_async);

  return g_test_run ();
}
