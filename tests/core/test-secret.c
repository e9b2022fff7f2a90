/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The mail account in the store's settings, and its password in a real
 * keyring: a gnome-keyring of the test's own, on a private session bus, with
 * HOME in a temporary folder. The password must come back through libsecret
 * and be found in no file and no output. */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib/gstdio.h>

#include "cn-mail-account.h"
#include "cn-mail.h"
#include "cn-secret.h"
#include "cn-store.h"
#include "cn-test-utils.h"

/* Never printed: assertions compare it with strcmp, not g_assert_cmpstr. */
#define PASSWORD "Cn-pw-7f3a9c-s3cret"
#define PASSWORD_2 "Cn-pw-other-41d2e8"

/* The file the subprocess creates when the keyring does not start. */
#define KEYRING_NOT_STARTED "CN_TEST_KEYRING_NOT_STARTED"

/* Account */

static CnMailAccount *
full_account (void)
{
  CnMailAccount *account = cn_mail_account_new ();

  account->imap_host = g_strdup ("imap.example.org");
  account->imap_port = 1993;
  account->imap_security = CN_MAIL_SECURITY_STARTTLS;
  account->imap_user = g_strdup ("alice@example.org");
  account->imap_folder = g_strdup ("Requests/Intros");
  account->smtp_host = g_strdup ("smtp.example.org");
  account->smtp_port = 2587;
  account->smtp_security = CN_MAIL_SECURITY_TLS;
  account->smtp_user = g_strdup ("alice");
  account->from_address = g_strdup ("alice@example.org");
  account->from_name = g_strdup ("Alice Émile d’Arc");
  account->cc_requester = FALSE;
  account->insecure_loopback = TRUE;
  account->check_interval_minutes = 15;
  account->ca_file = g_strdup ("/etc/ssl/test-ca.pem");
  return account;
}

static void
assert_accounts_equal (const CnMailAccount *a, const CnMailAccount *b)
{
  g_assert_cmpstr (a->imap_host, ==, b->imap_host);
  g_assert_cmpuint (a->imap_port, ==, b->imap_port);
  g_assert_cmpint (a->imap_security, ==, b->imap_security);
  g_assert_cmpstr (a->imap_user, ==, b->imap_user);
  g_assert_cmpstr (a->imap_folder, ==, b->imap_folder);
  g_assert_cmpstr (a->smtp_host, ==, b->smtp_host);
  g_assert_cmpuint (a->smtp_port, ==, b->smtp_port);
  g_assert_cmpint (a->smtp_security, ==, b->smtp_security);
  g_assert_cmpstr (a->smtp_user, ==, b->smtp_user);
  g_assert_cmpstr (a->from_address, ==, b->from_address);
  g_assert_cmpstr (a->from_name, ==, b->from_name);
  g_assert_cmpint (a->cc_requester, ==, b->cc_requester);
  g_assert_cmpint (a->insecure_loopback, ==, b->insecure_loopback);
  g_assert_cmpuint (a->check_interval_minutes, ==, b->check_interval_minutes);
  g_assert_cmpstr (a->ca_file, ==, b->ca_file);
}

static void
test_account_round_trip (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "connecteur.db", NULL);
  g_autoptr (CnMailAccount) account = full_account ();
  g_autoptr (CnMailAccount) copy = cn_mail_account_copy (account);
  g_autoptr (CnMailAccount) empty = NULL;
  g_autoptr (CnMailAccount) loaded = NULL;
  g_autoptr (CnStore) store = NULL;
  g_autoptr (GError) error = NULL;

  assert_accounts_equal (account, copy);
  g_assert_true (copy->imap_host != account->imap_host);

  store = cn_store_open (path, &error);
  g_assert_no_error (error);

  /* Nothing saved yet: an empty account with the defaults. */
  empty = cn_store_load_mail_account (store, &error);
  g_assert_no_error (error);
  g_assert_false (cn_mail_account_has_imap (empty));
  g_assert_false (cn_mail_account_has_smtp (empty));
  g_assert_true (empty->cc_requester);
  g_assert_cmpint (empty->imap_security, ==, CN_MAIL_SECURITY_TLS);
  g_assert_null (empty->imap_folder);
  g_assert_false (cn_store_get_mail_same_password (store));

  g_assert_true (cn_store_save_mail_account (store, account, &error));
  g_assert_no_error (error);
  g_assert_true (cn_store_set_mail_same_password (store, TRUE, &error));
  g_clear_object (&store);

  /* Every field survives closing the file. */
  store = cn_store_open (path, &error);
  g_assert_no_error (error);
  loaded = cn_store_load_mail_account (store, &error);
  g_assert_no_error (error);
  assert_accounts_equal (account, loaded);
  g_assert_true (cn_store_get_mail_same_password (store));

  /* Fields emptied are emptied in the file too. */
  g_clear_pointer (&account->imap_folder, g_free);
  g_clear_pointer (&account->ca_file, g_free);
  account->imap_port = 0;
  account->cc_requester = TRUE;
  g_assert_true (cn_store_save_mail_account (store, account, &error));
  g_clear_pointer (&loaded, cn_mail_account_free);
  loaded = cn_store_load_mail_account (store, &error);
  assert_accounts_equal (account, loaded);

  /* Kept under "mail." keys in the settings. */
  g_assert_cmpint (cn_test_query_int (path, "SELECT count(*) FROM settings WHERE key = "
                                            "'mail.imap-host' AND value = 'imap.example.org'"),
                   ==, 1);
  g_clear_object (&store);
  cn_test_remove_tree (dir);
}

static void
test_account_ports (void)
{
  g_autoptr (CnMailAccount) account = cn_mail_account_new ();

  account->imap_security = CN_MAIL_SECURITY_TLS;
  account->smtp_security = CN_MAIL_SECURITY_TLS;
  g_assert_cmpuint (cn_mail_account_get_imap_port (account), ==, 993);
  g_assert_cmpuint (cn_mail_account_get_smtp_port (account), ==, 465);
  account->imap_security = CN_MAIL_SECURITY_STARTTLS;
  account->smtp_security = CN_MAIL_SECURITY_STARTTLS;
  g_assert_cmpuint (cn_mail_account_get_imap_port (account), ==, 143);
  g_assert_cmpuint (cn_mail_account_get_smtp_port (account), ==, 587);
  account->imap_security = CN_MAIL_SECURITY_NONE;
  account->smtp_security = CN_MAIL_SECURITY_NONE;
  g_assert_cmpuint (cn_mail_account_get_imap_port (account), ==, 143);
  g_assert_cmpuint (cn_mail_account_get_smtp_port (account), ==, 25);
  account->imap_port = 10143;
  account->smtp_port = 10025;
  g_assert_cmpuint (cn_mail_account_get_imap_port (account), ==, 10143);
  g_assert_cmpuint (cn_mail_account_get_smtp_port (account), ==, 10025);

  account->imap_host = g_strdup ("imap.example.org");
  g_assert_false (cn_mail_account_has_imap (account));
  account->imap_user = g_strdup ("alice");
  g_assert_true (cn_mail_account_has_imap (account));
  account->smtp_host = g_strdup ("smtp.example.org");
  account->smtp_user = g_strdup ("");
  g_assert_false (cn_mail_account_has_smtp (account));
}

static void
assert_security (const char *host,
                 CnMailSecurity security,
                 gboolean insecure_loopback,
                 gboolean smtp,
                 gboolean allowed)
{
  g_autoptr (CnMailAccount) account = cn_mail_account_new ();
  g_autoptr (GError) error = NULL;

  account->imap_host = g_strdup (smtp ? "imap.example.org" : host);
  account->smtp_host = g_strdup (smtp ? host : "smtp.example.org");
  account->imap_security = smtp ? CN_MAIL_SECURITY_TLS : security;
  account->smtp_security = smtp ? security : CN_MAIL_SECURITY_TLS;
  account->insecure_loopback = insecure_loopback;

  g_assert_cmpint (cn_mail_account_check_security (account, smtp, &error), ==, allowed);
  if (allowed)
    g_assert_no_error (error);
  else
    {
      g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_INSECURE);
      /* The message names the server. */
      g_assert_nonnull (strstr (error->message, host));
    }
}

static void
test_account_security (void)
{
  const char *const loopback[] = { "127.0.0.1", "::1", "localhost", "LocalHost", "127.3.4.5" };

  for (guint smtp = 0; smtp < 2; smtp++)
    {
      /* Encrypted: always. */
      assert_security ("mail.example.org", CN_MAIL_SECURITY_TLS, FALSE, smtp, TRUE);
      assert_security ("mail.example.org", CN_MAIL_SECURITY_STARTTLS, FALSE, smtp, TRUE);
      /* Plain: never to another computer, even with the option. */
      assert_security ("mail.example.org", CN_MAIL_SECURITY_NONE, FALSE, smtp, FALSE);
      assert_security ("mail.example.org", CN_MAIL_SECURITY_NONE, TRUE, smtp, FALSE);
      assert_security ("127.0.0.1.example.org", CN_MAIL_SECURITY_NONE, TRUE, smtp, FALSE);
      assert_security ("10.0.0.1", CN_MAIL_SECURITY_NONE, TRUE, smtp, FALSE);
      /* To this computer only with the option. */
      for (guint i = 0; i < G_N_ELEMENTS (loopback); i++)
        {
          assert_security (loopback[i], CN_MAIL_SECURITY_NONE, FALSE, smtp, FALSE);
          assert_security (loopback[i], CN_MAIL_SECURITY_NONE, TRUE, smtp, TRUE);
        }
    }
}

/* Waiting for an answer */

static void
on_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gboolean
store_password (const char *server, const char *user, const char *password, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  cn_secret_store_async (server, user, password, NULL, on_result_cb, &result);
  return cn_secret_store_finish (wait_result (&result), error);
}

static char *
lookup_password (const char *server, const char *user, GCancellable *cancellable, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  cn_secret_lookup_async (server, user, cancellable, on_result_cb, &result);
  return cn_secret_lookup_finish (wait_result (&result), error);
}

static gboolean
clear_password (const char *server, const char *user, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  cn_secret_clear_async (server, user, NULL, on_result_cb, &result);
  return cn_secret_clear_finish (wait_result (&result), error);
}

static gboolean
is_password (const char *found, const char *expected)
{
  return found != NULL && strcmp (found, expected) == 0;
}

/* A keyring of the test's own */

typedef struct
{
  char *home;
  GPid bus_pid;
  GPid keyring_pid;
} Keyring;

static void
die_with_parent (gpointer data)
{
#ifdef __linux__
  /* Never left behind, even when an assertion aborts the test. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static void
set_up_home (const char *home)
{
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  g_autofree char *runtime = g_build_filename (home, "run", NULL);

  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
}

/* Whether org.freedesktop.secrets is on the bus, within 10 s. */
static gboolean
wait_for_secret_service (void)
{
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (bus != NULL && g_get_monotonic_time () < deadline)
    {
      g_autoptr (GVariant) reply = NULL;
      gboolean owned = FALSE;

      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", "org.freedesktop.secrets"),
                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 1000,
                                           NULL, NULL);
      if (reply != NULL)
        g_variant_get (reply, "(b)", &owned);
      if (owned)
        return TRUE;
      g_usleep (50 * 1000);
    }
  return FALSE;
}

/* A session bus of the test's own: dbus-daemon prints its address. */
static gboolean
start_bus (Keyring *keyring)
{
  const char *argv[] = { "dbus-daemon", "--session", "--nofork", "--print-address=1", NULL };
  g_autoptr (GIOChannel) channel = NULL;
  g_autofree char *address = NULL;
  int stdout_fd = -1;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                                     G_SPAWN_STDERR_TO_DEV_NULL,
                                 die_with_parent, NULL, &keyring->bus_pid, NULL, &stdout_fd, NULL,
                                 NULL))
    return FALSE;
  channel = g_io_channel_unix_new (stdout_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  if (g_io_channel_read_line (channel, &address, NULL, NULL, NULL) != G_IO_STATUS_NORMAL)
    return FALSE;
  g_strstrip (address);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  return TRUE;
}

/* gnome-keyring-daemon --unlock --components=secrets, unlocked with "pw" on
 * its stdin, in the foreground so that the test can stop it. */
static gboolean
start_keyring (Keyring *keyring)
{
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets",
                         NULL };
  g_autoptr (GError) error = NULL;
  int stdin_fd = -1;

  keyring->home = cn_test_make_tmpdir ();
  set_up_home (keyring->home);
  if (!start_bus (keyring))
    return FALSE;

  if (!g_spawn_async_with_pipes (keyring->home, (char **) argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                 die_with_parent, NULL, &keyring->keyring_pid, &stdin_fd, NULL,
                                 NULL, &error))
    return FALSE;
  g_assert_cmpint (write (stdin_fd, "pw", 2), ==, 2);
  close (stdin_fd);

  return wait_for_secret_service ();
}

static void
stop_keyring (Keyring *keyring)
{
  if (keyring->keyring_pid > 0)
    {
      kill (keyring->keyring_pid, SIGTERM);
      waitpid (keyring->keyring_pid, NULL, 0);
      g_spawn_close_pid (keyring->keyring_pid);
    }
  if (keyring->bus_pid > 0)
    {
      g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

      /* The bus going away must not end the test. */
      if (bus != NULL)
        g_dbus_connection_set_exit_on_close (bus, FALSE);
      kill (keyring->bus_pid, SIGTERM);
      waitpid (keyring->bus_pid, NULL, 0);
      g_spawn_close_pid (keyring->bus_pid);
    }
  if (keyring->home != NULL)
    cn_test_remove_tree (keyring->home);
  g_free (keyring->home);
}

static gboolean
contains (const char *data, gsize length, const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (data + i, needle, needle_length) == 0)
      return TRUE;
  return FALSE;
}

/* Adds to @found the regular files under @dir that hold @needle. */
static void
find_in_files (const char *dir, const char *needle, GPtrArray *found)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        find_in_files (path, needle, found);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
               g_file_get_contents (path, &contents, &length, NULL) &&
               contains (contents, length, needle))
        g_ptr_array_add (found, g_steal_pointer (&path));
    }
}

static gboolean
has_keyring_file (const char *home)
{
  g_autofree char *dir = g_build_filename (home, "data", "keyrings", NULL);
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".keyring"))
      return TRUE;
  return FALSE;
}

/* In a subprocess, whose output the parent searches for the password. */
static void
keyring_subprocess (void)
{
  Keyring keyring = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GCancellable) cancelled = g_cancellable_new ();
  g_autoptr (CnStore) store = NULL;
  g_autoptr (CnMailAccount) account = full_account ();
  g_autofree char *db_path = NULL;
  gint64 start;
  char *password;

  /* Debug messages on: none may hold the password. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  if (!start_keyring (&keyring))
    {
      /* The parent reports the test skipped. */
      g_assert_true (g_file_set_contents (g_getenv (KEYRING_NOT_STARTED), "", 0, NULL));
      stop_keyring (&keyring);
      return;
    }

  g_assert_true (store_password ("imap.example.org", "alice", PASSWORD, &error));
  g_assert_no_error (error);
  password = lookup_password ("imap.example.org", "alice", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (is_password (password, PASSWORD));
  cn_secret_free (password);

  /* Another user or server has none. */
  password = lookup_password ("imap.example.org", "bob", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  password = lookup_password ("smtp.example.org", "alice", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (password);

  /* Storing again replaces it. */
  g_assert_true (store_password ("imap.example.org", "alice", PASSWORD_2, &error));
  password = lookup_password ("imap.example.org", "alice", NULL, &error);
  g_assert_true (is_password (password, PASSWORD_2));
  cn_secret_free (password);
  g_assert_true (store_password ("imap.example.org", "alice", PASSWORD, &error));

  /* A session password comes first, and goes when forgotten. */
  cn_secret_set_session_password ("imap.example.org", "alice", PASSWORD_2);
  password = lookup_password ("imap.example.org", "alice", NULL, &error);
  g_assert_true (is_password (password, PASSWORD_2));
  cn_secret_free (password);
  cn_secret_set_session_password ("imap.example.org", "alice", NULL);
  password = lookup_password ("imap.example.org", "alice", NULL, &error);
  g_assert_true (is_password (password, PASSWORD));
  cn_secret_free (password);

  /* Cancelled by the caller: cancelled, not a timeout. */
  g_cancellable_cancel (cancelled);
  password = lookup_password ("imap.example.org", "alice", cancelled, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (password);
  g_clear_error (&error);

  /* The account saved while the keyring holds the password. */
  db_path = g_build_filename (keyring.home, "connecteur.db", NULL);
  store = cn_store_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (cn_store_save_mail_account (store, account, &error));
  g_clear_object (&store);

  /* In no file at all: the database, settings, the keyring (encrypted). */
  find_in_files (keyring.home, PASSWORD, found);
  g_assert_cmpuint (found->len, ==, 0);
  /* Though the keyring did write its file there. */
  g_assert_true (has_keyring_file (keyring.home));

  /* Cleared: gone. */
  g_assert_true (clear_password ("imap.example.org", "alice", &error));
  g_assert_no_error (error);
  password = lookup_password ("imap.example.org", "alice", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (password);

  /* A keyring that never answers (as when waiting for a prompt): given up
   * after the timeout, not waited for. */
  kill (keyring.keyring_pid, SIGSTOP);
  start = g_get_monotonic_time ();
  password = lookup_password ("imap.example.org", "alice", NULL, &error);
  g_assert_error (error, CN_SECRET_ERROR, CN_SECRET_ERROR_TIMEOUT);
  g_assert_null (password);
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=,
                   (CN_SECRET_TIMEOUT_SECONDS - 1) * G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, <,
                   (CN_SECRET_TIMEOUT_SECONDS + 5) * G_USEC_PER_SEC);
  kill (keyring.keyring_pid, SIGCONT);

  stop_keyring (&keyring);
}

static void
test_keyring (void)
{
  g_autofree char *keyring_daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");
  g_autofree char *dir = NULL;
  g_autofree char *marker = NULL;
  gboolean not_started;

  if (g_test_subprocess ())
    {
      keyring_subprocess ();
      return;
    }
  if (keyring_daemon == NULL || dbus_daemon == NULL)
    {
      g_test_skip ("gnome-keyring-daemon or dbus-daemon (for a session bus) is not installed");
      return;
    }

  dir = cn_test_make_tmpdir ();
  marker = g_build_filename (dir, "not-started", NULL);
  g_setenv (KEYRING_NOT_STARTED, marker, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, 0);
  g_test_trap_assert_passed ();
  not_started = g_file_test (marker, G_FILE_TEST_EXISTS);
  cn_test_remove_tree (dir);
  if (not_started)
    {
      g_test_skip ("gnome-keyring-daemon did not start on a private session bus");
      return;
    }
  g_test_trap_assert_stdout_unmatched ("*" PASSWORD "*");
  g_test_trap_assert_stderr_unmatched ("*" PASSWORD "*");
  g_test_trap_assert_stdout_unmatched ("*" PASSWORD_2 "*");
  g_test_trap_assert_stderr_unmatched ("*" PASSWORD_2 "*");
}

/* Without a session bus */

static void
unavailable_subprocess (void)
{
  g_autofree char *home = cn_test_make_tmpdir ();
  g_autoptr (GError) error = NULL;
  gint64 start;
  char *password;

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  set_up_home (home);
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_unsetenv ("DISPLAY");

  /* Told plainly, and quickly: no waiting for the timeout. */
  start = g_get_monotonic_time ();
  g_assert_false (store_password ("imap.example.org", "alice", PASSWORD, &error));
  g_assert_error (error, CN_SECRET_ERROR, CN_SECRET_ERROR_UNAVAILABLE);
  g_assert_null (strstr (error->message, PASSWORD));
  g_clear_error (&error);
  password = lookup_password ("imap.example.org", "alice", NULL, &error);
  g_assert_error (error, CN_SECRET_ERROR, CN_SECRET_ERROR_UNAVAILABLE);
  g_assert_null (password);
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - start, <,
                   CN_SECRET_TIMEOUT_SECONDS * G_USEC_PER_SEC / 2);

  /* The password for this session still works. */
  cn_secret_set_session_password ("imap.example.org", "alice", PASSWORD);
  password = lookup_password ("imap.example.org", "alice", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (is_password (password, PASSWORD));
  cn_secret_free (password);
  password = lookup_password ("smtp.example.org", "alice", NULL, &error);
  g_assert_error (error, CN_SECRET_ERROR, CN_SECRET_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  cn_test_remove_tree (home);
}

static void
test_unavailable (void)
{
  if (g_test_subprocess ())
    {
      unavailable_subprocess ();
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, 0);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout_unmatched ("*" PASSWORD "*");
  g_test_trap_assert_stderr_unmatched ("*" PASSWORD "*");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/account/round-trip", test_account_round_trip);
  g_test_add_func ("/account/ports", test_account_ports);
  g_test_add_func ("/account/security", test_account_security);
  g_test_add_func ("/secret/keyring", test_keyring);
  g_test_add_func ("/secret/unavailable", test_unavailable);
  return g_test_run ();
}
