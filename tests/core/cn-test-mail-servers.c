/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-test-mail-servers.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#define DOVECOT_BIN "/usr/sbin/dovecot"
#define TEST_USER "connector"
#define TEST_PASSWORD "s3cret-Pa55"

/* Runs the openssl CLI in @dir; FALSE with its output in @error. */
static gboolean
run_openssl (const char *dir, const char *const *argv, GError **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "openssl %s: %s: ", argv[1], err);
      return FALSE;
    }
  return TRUE;
}

gboolean
cn_test_make_tls_cert (
    const char *dir, char **out_ca_file, char **out_cert_file, char **out_key_file, GError **error)
{
  const char *ca[] = {
    "openssl", "req",     "-x509",  "-newkey", "ec",     "-pkeyopt", "ec_paramgen_curve:prime256v1",
    "-nodes",  "-keyout", "ca.key", "-out",    "ca.pem", "-subj",    "/CN=Connecteur Test CA",
    "-days",   "2",       NULL
  };
  const char *req[] = {
    "openssl",       "req",     "-newkey",    "ec",   "-pkeyopt",   "ec_paramgen_curve:prime256v1",
    "-nodes",        "-keyout", "server.key", "-out", "server.csr", "-subj",
    "/CN=localhost", NULL
  };
  const char *sign[] = { "openssl",    "x509",       "-req",   "-in",    "server.csr",
                         "-CA",        "ca.pem",     "-CAkey", "ca.key", "-CAcreateserial",
                         "-out",       "server.pem", "-days",  "2",      "-extfile",
                         "server.ext", NULL };
  g_autofree char *ext_path = g_build_filename (dir, "server.ext", NULL);
  g_autofree char *key_path = g_build_filename (dir, "server.key", NULL);
  const char *ext = "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                    "basicConstraints=CA:FALSE\n"
                    "keyUsage=digitalSignature,keyEncipherment\n"
                    "extendedKeyUsage=serverAuth\n";

  if (!g_file_set_contents (ext_path, ext, -1, error) || !run_openssl (dir, ca, error) ||
      !run_openssl (dir, req, error) || !run_openssl (dir, sign, error))
    return FALSE;
  /* The servers run as another user than the test. */
  g_chmod (key_path, 0644);
  if (out_ca_file)
    *out_ca_file = g_build_filename (dir, "ca.pem", NULL);
  if (out_cert_file)
    *out_cert_file = g_build_filename (dir, "server.pem", NULL);
  if (out_key_file)
    *out_key_file = g_strdup (key_path);
  return TRUE;
}

guint
cn_test_free_port (void)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  g_assert_nonnull (bound);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Dovecot */

struct _CnTestDovecot
{
  char *dir;
  char *conf;
  char *ca_file;
  char *maildir;
  guint port;
  GSubprocess *process;
};

/* The unprivileged user the servers run as: "nobody" under root, else us. */
static void
get_server_user (uid_t *uid, gid_t *gid, const char **name)
{
  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("nobody");

      g_assert_nonnull (pw);
      *uid = pw->pw_uid;
      *gid = pw->pw_gid;
      *name = "nobody";
    }
  else
    {
      struct passwd *pw = getpwuid (geteuid ());

      g_assert_nonnull (pw);
      *uid = pw->pw_uid;
      *gid = pw->pw_gid;
      *name = NULL; /* filled by the caller from pw_name */
    }
}

static const char *
server_user_name (void)
{
  uid_t uid;
  gid_t gid;
  const char *name;

  get_server_user (&uid, &gid, &name);
  return name ? name : getpwuid (uid)->pw_name;
}

/* In the child: drop root for "nobody" and die with the test. */
static void
drop_privileges (gpointer data)
{
  uid_t uid;
  gid_t gid;
  const char *name;

  (void) data;
  /* Its own process group: the server and its children end together. */
  setpgid (0, 0);
  get_server_user (&uid, &gid, &name);
  if (geteuid () == 0)
    {
      if (setgroups (0, NULL) != 0 || setgid (gid) != 0 || setuid (uid) != 0)
        _exit (127);
    }
  /* After setuid(), which clears it. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Hands @path to the server's user (when we are root). */
static void
give_to_server (const char *path)
{
  uid_t uid;
  gid_t gid;
  const char *name;

  get_server_user (&uid, &gid, &name);
  if (geteuid () == 0 && chown (path, uid, gid) != 0)
    g_warning ("chown %s: %s", path, g_strerror (errno));
}

static gboolean
make_server_dir (const char *path, GError **error)
{
  if (g_mkdir_with_parents (path, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "mkdir %s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  give_to_server (path);
  return TRUE;
}

/* The maildir of @folder: INBOX is the root, others Maildir++ ".name". */
static char *
folder_dir (CnTestDovecot *self, const char *folder)
{
  g_autofree char *dot = NULL;

  if (folder == NULL || g_ascii_strcasecmp (folder, "INBOX") == 0)
    return g_strdup (self->maildir);
  dot = g_strconcat (".", folder, NULL);
  return g_build_filename (self->maildir, dot, NULL);
}

static gboolean
make_folder (CnTestDovecot *self, const char *folder, GError **error)
{
  g_autofree char *dir = folder_dir (self, folder);
  const char *subs[] = { "cur", "new", "tmp" };

  if (!make_server_dir (dir, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (subs); i++)
    {
      g_autofree char *sub = g_build_filename (dir, subs[i], NULL);

      if (!make_server_dir (sub, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_config (CnTestDovecot *self, gboolean tls, const char *cert, const char *key, GError **error)
{
  g_autofree char *passwd = g_build_filename (self->dir, "passwd", NULL);
  g_autofree char *home = g_build_filename (self->dir, "home", NULL);
  g_autofree char *conf = NULL;
  g_autofree char *users = g_strdup_printf ("%s:{PLAIN}%s\n", TEST_USER, TEST_PASSWORD);
  const char *user = server_user_name ();
  uid_t uid;
  gid_t gid;
  const char *name;

  get_server_user (&uid, &gid, &name);
  conf = g_strdup_printf (
      "base_dir = %1$s/run\n"
      "state_dir = %1$s/state\n"
      "log_path = %1$s/dovecot.log\n"
      "protocols = imap\n"
      "listen = 127.0.0.1\n"
      "default_login_user = %2$s\n"
      "default_internal_user = %2$s\n"
      "default_internal_group = %11$s\n"
      "first_valid_uid = 1\n"
      "ssl = yes\n"
      "ssl_cert = <%3$s\n"
      "ssl_key = <%4$s\n"
      "auth_mechanisms = plain login\n"
      "disable_plaintext_auth = no\n"
      "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN %5$s\n}\n"
      "userdb {\n  driver = static\n  args = uid=%9$u gid=%10$u home=%6$s/%%u\n}\n"
      "mail_location = maildir:~/Maildir\n"
      "service imap-login {\n"
      "  chroot =\n"
      "  inet_listener imap {\n    address = 127.0.0.1\n    port = %7$u\n  }\n"
      "  inet_listener imaps {\n    address = 127.0.0.1\n    port = %8$u\n    ssl = yes\n  }\n"
      "}\n"
      "service anvil {\n  chroot =\n}\n"
      "service auth-worker {\n  user = %2$s\n}\n"
      "service stats {\n  unix_listener stats-reader {\n    user = %2$s\n  }\n"
      "  unix_listener stats-writer {\n    user = %2$s\n  }\n}\n",
      self->dir, user, cert, key, passwd, home, tls ? 0 : self->port, tls ? self->port : 0, uid,
      gid, getgrgid (gid)->gr_name);
  self->conf = g_build_filename (self->dir, "dovecot.conf", NULL);
  return g_file_set_contents (passwd, users, -1, error) &&
         g_file_set_contents (self->conf, conf, -1, error);
}

/* Waits until the server accepts connections on its port (10 s at most). */
static gboolean
wait_listening (CnTestDovecot *self, GError **error)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();

  for (int i = 0; i < 200; i++)
    {
      g_autoptr (GSocketConnection) connection = NULL;

      connection = g_socket_client_connect_to_host (client, "127.0.0.1", self->port, NULL, NULL);
      if (connection != NULL)
        return TRUE;
      if (g_subprocess_get_identifier (self->process) == NULL)
        break;
      g_usleep (50 * 1000);
    }
  {
    g_autofree char *log_path = g_build_filename (self->dir, "dovecot.log", NULL);
    g_autofree char *log = NULL;

    g_file_get_contents (log_path, &log, NULL, NULL);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "dovecot did not start: %s",
                 log ? log : "(no log)");
  }
  return FALSE;
}

static gboolean
launch (CnTestDovecot *self, GError **error)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, drop_privileges, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, error, DOVECOT_BIN, "-F", "-c", self->conf,
                                               NULL);
  if (self->process == NULL)
    return FALSE;
  if (!wait_listening (self, error))
    {
      cn_test_dovecot_halt (self);
      return FALSE;
    }
  return TRUE;
}

CnTestDovecot *
cn_test_dovecot_start (const char *dir, gboolean tls, GError **error)
{
  g_autoptr (CnTestDovecot) self = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  const char *subs[] = { "run", "state", "home" };

  if (!g_file_test (DOVECOT_BIN, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s is not installed", DOVECOT_BIN);
      return NULL;
    }
  self = g_new0 (CnTestDovecot, 1);
  self->dir = g_build_filename (dir, "dovecot", NULL);
  self->maildir = g_build_filename (self->dir, "home", TEST_USER, "Maildir", NULL);
  self->port = cn_test_free_port ();
  /* The server's user must reach its files through the test's folder. */
  g_chmod (dir, 0755);
  if (!make_server_dir (self->dir, error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (subs); i++)
    {
      g_autofree char *sub = g_build_filename (self->dir, subs[i], NULL);

      if (!make_server_dir (sub, error))
        return NULL;
    }
  {
    g_autofree char *user_home = g_build_filename (self->dir, "home", TEST_USER, NULL);

    if (!make_server_dir (user_home, error) || !make_folder (self, "INBOX", error))
      return NULL;
  }
  if (!cn_test_make_tls_cert (self->dir, &self->ca_file, &cert, &key, error) ||
      !write_config (self, tls, cert, key, error) || !launch (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

guint
cn_test_dovecot_get_port (CnTestDovecot *self)
{
  return self->port;
}

const char *
cn_test_dovecot_get_ca_file (CnTestDovecot *self)
{
  return self->ca_file;
}

gboolean
cn_test_dovecot_deliver (CnTestDovecot *self, const char *folder, GBytes *message, GError **error)
{
  static guint counter;
  g_autofree char *dir = folder_dir (self, folder);
  g_autofree char *name = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *path = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (message, &size);

  if (!make_folder (self, folder, error))
    return FALSE;
  name = g_strdup_printf ("%" G_GINT64_FORMAT ".M%uP%d.test", g_get_real_time (), ++counter,
                          (int) getpid ());
  tmp = g_build_filename (dir, "tmp", name, NULL);
  path = g_build_filename (dir, "new", name, NULL);
  if (!g_file_set_contents (tmp, data, size, error))
    return FALSE;
  give_to_server (tmp);
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "rename: %s",
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
cn_test_dovecot_reset_uidvalidity (CnTestDovecot *self, const char *folder, GError **error)
{
  g_autofree char *dir = folder_dir (self, folder);
  g_autoptr (GDir) listing = NULL;
  const char *name;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  cn_test_dovecot_halt (self);
  listing = g_dir_open (dir, 0, error);
  if (listing == NULL)
    return FALSE;
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "dovecot-uidlist") || g_str_has_prefix (name, "dovecot.index"))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
  /* Dovecot's UIDVALIDITY is the time in seconds: let it change. */
  while (g_get_real_time () / G_USEC_PER_SEC <= before)
    g_usleep (50 * 1000);
  return cn_test_dovecot_restart (self, error);
}

void
cn_test_dovecot_halt (CnTestDovecot *self)
{
  const char *id;

  if (self->process == NULL)
    return;
  /* The whole group, at once: its login and imap processes would otherwise
   * go on serving the connections they hold. */
  id = g_subprocess_get_identifier (self->process);
  if (id != NULL)
    kill (-(pid_t) g_ascii_strtoll (id, NULL, 10), SIGKILL);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
}

gboolean
cn_test_dovecot_restart (CnTestDovecot *self, GError **error)
{
  g_return_val_if_fail (self->process == NULL, FALSE);
  return launch (self, error);
}

void
cn_test_dovecot_stop (CnTestDovecot *self)
{
  if (self == NULL)
    return;
  cn_test_dovecot_halt (self);
  g_free (self->dir);
  g_free (self->conf);
  g_free (self->ca_file);
  g_free (self->maildir);
  g_free (self);
}

/* SMTP sink (aiosmtpd), for the SMTP tests. */

/* The server: saves each accepted message as received/N.eml with its
 * recipients in received/N.rcpt (written first; the .eml appears last, by a
 * rename, so that a visible .eml is complete). Refuses recipients whose local
 * part is "refuse". Exits when its standard input closes (the test ended,
 * even by a crash). */
static const char cn_test_smtp_sink_script[] =
    "import os, ssl, sys\n"
    "from aiosmtpd.controller import Controller\n"
    "from aiosmtpd.smtp import AuthResult\n"
    "dir, port, mode, cert, key = sys.argv[1], int(sys.argv[2]), *sys.argv[3:6]\n"
    "received = os.path.join(dir, 'received')\n"
    "class Handler:\n"
    "    count = 0\n"
    "    async def handle_RCPT(self, server, session, envelope, address, options):\n"
    "        if address.lower().startswith('refuse@'):\n"
    "            return '550 5.1.1 <%s>: Recipient address rejected: no such user' % address\n"
    "        envelope.rcpt_tos.append(address)\n"
    "        return '250 OK'\n"
    "    async def handle_DATA(self, server, session, envelope):\n"
    "        n = Handler.count\n"
    "        Handler.count += 1\n"
    "        base = os.path.join(received, str(n))\n"
    "        with open(base + '.rcpt', 'w') as f:\n"
    "            f.write(''.join(r + '\\n' for r in envelope.rcpt_tos))\n"
    "        with open(base + '.from', 'w') as f:\n"
    "            f.write(envelope.mail_from or '')\n"
    "        with open(base + '.tmp', 'wb') as f:\n"
    "            f.write(envelope.original_content)\n"
    "        os.rename(base + '.tmp', base + '.eml')\n"
    "        return '250 Message accepted for delivery'\n"
    "def authenticator(server, session, envelope, mechanism, data):\n"
    "    ok = (mechanism in ('PLAIN', 'LOGIN') and data.login == b'connector'\n"
    "          and data.password == b's3cret-Pa55')\n"
    "    return AuthResult(success=ok, handled=False)\n"
    "kwargs = dict(authenticator=authenticator, auth_required=True)\n"
    "if mode != 'plain':\n"
    "    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)\n"
    "    context.load_cert_chain(cert, key)\n"
    "if mode == 'starttls':\n"
    "    kwargs.update(tls_context=context, require_starttls=True, auth_require_tls=True)\n"
    "elif mode == 'tls':\n"
    "    kwargs.update(ssl_context=context, auth_require_tls=False)\n"
    "else:\n"
    "    kwargs.update(auth_require_tls=False)\n"
    "controller = Controller(Handler(), hostname='127.0.0.1', port=port, **kwargs)\n"
    "controller.start()\n"
    "open(os.path.join(dir, 'ready'), 'w').close()\n"
    "sys.stdin.read()\n"
    "controller.stop()\n";

struct _CnTestSmtpSink
{
  GSubprocess *process;
  char *dir;
  char *ca_file;
  guint port;
};

/* @mode: "plain", "starttls" or "tls" (TLS from the first byte). */
static CnTestSmtpSink *
smtp_sink_start (const char *dir, const char *mode, GError **error)
{
  g_autofree char *sink_dir = g_build_filename (dir, "smtp-sink", NULL);
  g_autofree char *received = g_build_filename (sink_dir, "received", NULL);
  g_autofree char *script = g_build_filename (sink_dir, "smtp-sink.py", NULL);
  g_autofree char *ready = g_build_filename (sink_dir, "ready", NULL);
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *port_text = NULL;
  g_autoptr (GSubprocess) check = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  CnTestSmtpSink *sink;
  gint64 deadline;

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no /usr/bin/python3");
      return NULL;
    }
  check = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                            NULL, "/usr/bin/python3", "-c", "import aiosmtpd.controller", NULL);
  if (check == NULL || !g_subprocess_wait_check (check, NULL, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "aiosmtpd is not installed for /usr/bin/python3");
      return NULL;
    }
  /* The server's user must reach its files through the test's folder. */
  g_chmod (dir, 0755);
  if (!make_server_dir (sink_dir, error) || !make_server_dir (received, error))
    return NULL;
  if (!g_str_equal (mode, "plain") && !cn_test_make_tls_cert (sink_dir, &ca, &cert, &key, error))
    return NULL;
  if (!g_file_set_contents (script, cn_test_smtp_sink_script, -1, error))
    return NULL;

  sink = g_new0 (CnTestSmtpSink, 1);
  sink->dir = g_strdup (sink_dir);
  sink->ca_file = g_steal_pointer (&ca);
  sink->port = cn_test_free_port ();
  port_text = g_strdup_printf ("%u", sink->port);
  /* Unprivileged; it also ends when its standard input closes. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, drop_privileges, NULL, NULL);
  sink->process = g_subprocess_launcher_spawn (launcher, error, "/usr/bin/python3", script,
                                               sink_dir, port_text, mode, cert ? cert : "",
                                               key ? key : "", NULL);
  if (sink->process == NULL)
    {
      cn_test_smtp_sink_stop (sink);
      return NULL;
    }

  /* The script creates "ready" once the server listens. */
  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (!g_file_test (ready, G_FILE_TEST_EXISTS))
    {
      if (g_subprocess_get_identifier (sink->process) == NULL || g_get_monotonic_time () > deadline)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the SMTP sink did not start");
          cn_test_smtp_sink_stop (sink);
          return NULL;
        }
      g_usleep (20 * 1000);
    }
  return sink;
}

CnTestSmtpSink *
cn_test_smtp_sink_start (const char *dir, gboolean starttls, GError **error)
{
  return smtp_sink_start (dir, starttls ? "starttls" : "plain", error);
}

CnTestSmtpSink *
cn_test_smtp_sink_start_tls (const char *dir, GError **error)
{
  return smtp_sink_start (dir, "tls", error);
}

guint
cn_test_smtp_sink_get_port (CnTestSmtpSink *sink)
{
  return sink->port;
}

const char *
cn_test_smtp_sink_get_ca_file (CnTestSmtpSink *sink)
{
  return sink->ca_file;
}

GBytes *
cn_test_smtp_sink_wait_message (CnTestSmtpSink *sink,
                                guint index,
                                char ***out_rcpt_to,
                                GError **error)
{
  g_autofree char *base = g_strdup_printf ("%s/received/%u", sink->dir, index);
  g_autofree char *eml = g_strconcat (base, ".eml", NULL);
  g_autofree char *rcpt = g_strconcat (base, ".rcpt", NULL);
  g_autofree char *rcpt_text = NULL;
  char *data = NULL;
  gsize length = 0;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!g_file_test (eml, G_FILE_TEST_EXISTS))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "no message %u received", index);
          return NULL;
        }
      g_usleep (20 * 1000);
    }
  if (!g_file_get_contents (eml, &data, &length, error))
    return NULL;
  if (out_rcpt_to != NULL)
    {
      if (!g_file_get_contents (rcpt, &rcpt_text, NULL, error))
        {
          g_free (data);
          return NULL;
        }
      g_strchomp (rcpt_text);
      *out_rcpt_to = *rcpt_text ? g_strsplit (rcpt_text, "\n", -1) : g_new0 (char *, 1);
    }
  return g_bytes_new_take (data, length);
}

void
cn_test_smtp_sink_stop (CnTestSmtpSink *sink)
{
  if (sink == NULL)
    return;
  if (sink->process != NULL)
    {
      g_subprocess_force_exit (sink->process);
      g_subprocess_wait (sink->process, NULL, NULL);
      g_object_unref (sink->process);
    }
  g_free (sink->dir);
  g_free (sink->ca_file);
  g_free (sink);
}

guint
cn_test_smtp_sink_count_messages (CnTestSmtpSink *sink)
{
  guint count = 0;

  for (;; count++)
    {
      g_autofree char *eml = g_strdup_printf ("%s/received/%u.eml", sink->dir, count);

      if (!g_file_test (eml, G_FILE_TEST_EXISTS))
        return count;
    }
}
