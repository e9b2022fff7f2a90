/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib.h>
#include <gmime/gmime.h>

#include "cn-mail.h"
#include "cn-test-mail-servers.h"
#include "cn-test-utils.h"

#define PASSWORD "s3cret-Pa55"
#define WRONG_PASSWORD "not-the-Pa55word"

/* The forward as cn_compose_forward() makes it: the endorsement, then the
 * requester's note quoted; accents, a line that is a lone dot (SMTP's end of
 * data) and a long line that must be wrapped on the wire. */
#define BODY                                                                                       \
  "Bonjour Élodie,\n\nJe te présente Amandine Roux, que je connais bien : elle cherche un "      \
  "avis sur le recrutement d’ingénieurs à Lyon, et je pense que ton expérience l’aiderait " \
  "beaucoup.\n.\n.caché\n\nAmicalement,\nClaire\n\nAmandine Roux a écrit :\n> Bonjour, je "      \
  "prépare l’ouverture d’une équipe à Lyon.\n> Vingt minutes au téléphone me suffiraient.\n"
#define SUBJECT "Présentation : Amandine Roux — recrutement à Lyon"

typedef struct
{
  char *dir;
  CnTestSmtpSink *sink; /* NULL: skipped */
  CnMailAccount *account;
  CnMessage *message;
} Fixture;

static CnMessage *
make_message (void)
{
  CnMessage *message = g_new0 (CnMessage, 1);

  message->to_name = g_strdup ("Élodie Martin");
  message->to_address = g_strdup ("elodie.martin@example.com");
  message->cc_name = g_strdup ("Amandine Roux");
  message->cc_address = g_strdup ("amandine@example.net");
  message->subject = g_strdup (SUBJECT);
  message->body = g_strdup (BODY);
  return message;
}

static CnMailAccount *
make_account (void)
{
  CnMailAccount *account = cn_mail_account_new ();

  account->smtp_host = g_strdup ("127.0.0.1");
  account->smtp_security = CN_MAIL_SECURITY_STARTTLS;
  account->smtp_user = g_strdup ("connector");
  account->from_address = g_strdup ("claire@example.org");
  account->from_name = g_strdup ("Claire Dupré");
  return account;
}

/* data: GINT_TO_POINTER (0) for STARTTLS, 1 for a plain sink, 2 for no sink,
 * 3 for TLS from the first byte. */
static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  int mode = GPOINTER_TO_INT (data);
  g_autoptr (GError) error = NULL;

  fixture->dir = cn_test_make_tmpdir ();
  fixture->account = make_account ();
  fixture->message = make_message ();
  if (mode == 2)
    return;
  if (mode == 3)
    fixture->sink = cn_test_smtp_sink_start_tls (fixture->dir, &error);
  else
    fixture->sink = cn_test_smtp_sink_start (fixture->dir, mode == 0, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return;
  g_assert_no_error (error);
  fixture->account->smtp_port = cn_test_smtp_sink_get_port (fixture->sink);
  if (mode == 3)
    fixture->account->smtp_security = CN_MAIL_SECURITY_TLS;
  if (mode == 0 || mode == 3)
    fixture->account->ca_file = g_strdup (cn_test_smtp_sink_get_ca_file (fixture->sink));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->sink, cn_test_smtp_sink_stop);
  cn_mail_account_free (fixture->account);
  cn_message_free (fixture->message);
  cn_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
skip_without_sink (Fixture *fixture)
{
  if (fixture->sink != NULL)
    return FALSE;
  g_test_skip ("/usr/bin/python3 has no aiosmtpd");
  return TRUE;
}

static GMimeMessage *
parse_message (GBytes *bytes)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer (data, length);
  GMimeParser *parser = g_mime_parser_new_with_stream (stream);
  GMimeMessage *message = g_mime_parser_construct_message (parser, NULL);

  g_assert_nonnull (message);
  g_object_unref (parser);
  g_object_unref (stream);
  return message;
}

static char *
addresses (GMimeMessage *message, GMimeAddressType type)
{
  return internet_address_list_to_string (g_mime_message_get_addresses (message, type), NULL,
                                          FALSE);
}

static char *
join_lf (const char *crlf_text)
{
  g_auto (GStrv) lines = g_strsplit (crlf_text, "\r\n", -1);

  return g_strjoinv ("\n", lines);
}

/* What a recipient's mail program shows: headers and body as sent. */
static void
assert_message_as_sent (GMimeMessage *parsed, const char *reply_to_id)
{
  GMimeObject *object = GMIME_OBJECT (parsed);
  GMimeObject *part = g_mime_message_get_mime_part (parsed);
  g_autofree char *from = addresses (parsed, GMIME_ADDRESS_TYPE_FROM);
  g_autofree char *to = addresses (parsed, GMIME_ADDRESS_TYPE_TO);
  g_autofree char *cc = addresses (parsed, GMIME_ADDRESS_TYPE_CC);
  g_autofree char *reply_to = addresses (parsed, GMIME_ADDRESS_TYPE_REPLY_TO);
  g_autofree char *raw_text = NULL;
  g_autofree char *body = NULL;

  g_assert_cmpstr (from, ==, "Claire Dupré <claire@example.org>");
  g_assert_cmpstr (to, ==, "Élodie Martin <elodie.martin@example.com>");
  g_assert_cmpstr (cc, ==, "Amandine Roux <amandine@example.net>");
  g_assert_cmpstr (reply_to, ==, "Claire Dupré <claire@example.org>");
  g_assert_cmpstr (g_mime_message_get_subject (parsed), ==, SUBJECT);
  g_assert_nonnull (g_mime_message_get_date (parsed));
  g_assert_nonnull (g_mime_message_get_message_id (parsed));
  g_assert_true (g_str_has_suffix (g_mime_message_get_message_id (parsed), "@example.org"));
  g_assert_cmpstr (g_mime_object_get_header (object, "MIME-Version"), ==, "1.0");
  if (reply_to_id != NULL)
    {
      g_autofree char *bracketed = g_strdup_printf ("<%s>", reply_to_id);
      g_autofree char *references = NULL;

      g_assert_cmpstr (g_mime_object_get_header (object, "In-Reply-To"), ==, bracketed);
      references = g_strstrip (g_strdup (g_mime_object_get_header (object, "References")));
      g_assert_cmpstr (references, ==, bracketed);
    }
  else
    {
      g_assert_null (g_mime_object_get_header (object, "In-Reply-To"));
      g_assert_null (g_mime_object_get_header (object, "References"));
    }

  g_assert_true (GMIME_IS_TEXT_PART (part));
  g_assert_true (
      g_mime_content_type_is_type (g_mime_object_get_content_type (part), "text", "plain"));
  g_assert_cmpstr (g_mime_text_part_get_charset (GMIME_TEXT_PART (part)), ==, "utf-8");
  g_assert_cmpint (g_mime_part_get_content_encoding (GMIME_PART (part)), ==,
                   GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  raw_text = g_mime_text_part_get_text (GMIME_TEXT_PART (part));
  body = join_lf (raw_text);
  g_assert_cmpstr (body, ==, BODY);
}

/* Every line ends with CRLF and the whole message is 7-bit (encoded words,
 * quoted-printable): it goes through any server. */
static void
assert_wire_format (GBytes *bytes)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  g_assert_cmpuint (length, >, 0);
  for (gsize i = 0; i < length; i++)
    {
      g_assert_cmpuint (data[i], <, 0x80);
      if (data[i] == '\n')
        g_assert_true (i > 0 && data[i - 1] == '\r');
    }
}

static void
test_build_message (void)
{
  g_autoptr (CnMailAccount) account = make_account ();
  g_autoptr (CnMessage) message = make_message ();
  g_autofree char *message_id = NULL;
  g_autoptr (GBytes) bytes = NULL;
  GMimeMessage *parsed;

  bytes = cn_mail_build_message (account, message, "CAB1234.request@mail.example.net", &message_id);
  assert_wire_format (bytes);
  parsed = parse_message (bytes);
  assert_message_as_sent (parsed, "CAB1234.request@mail.example.net");
  g_assert_cmpstr (g_mime_message_get_message_id (parsed), ==, message_id);
  /* The raw header is an encoded word, not 8-bit text. */
  {
    GMimeHeaderList *headers = g_mime_object_get_header_list (GMIME_OBJECT (parsed));
    GMimeHeader *subject = g_mime_header_list_get_header (headers, "Subject");

    g_autofree char *raw = g_ascii_strdown (g_mime_header_get_raw_value (subject), -1);

    g_assert_nonnull (strstr (raw, "=?utf-8?"));
  }
  g_object_unref (parsed);

  /* Two messages never share a Message-ID. */
  {
    g_autofree char *other_id = NULL;
    g_autoptr (GBytes) other = cn_mail_build_message (account, message, NULL, &other_id);

    g_assert_cmpstr (other_id, !=, message_id);
    parsed = parse_message (other);
    assert_message_as_sent (parsed, NULL);
    g_object_unref (parsed);
  }
}

/* Text that would smuggle a header in (a subject, a name, an In-Reply-To
 * with a line break) stays inside its own header. */
static void
test_build_message_rejects_injection (void)
{
  g_autoptr (CnMailAccount) account = make_account ();
  g_autoptr (CnMessage) message = make_message ();
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  GMimeMessage *parsed;

  g_free (message->subject);
  message->subject = g_strdup ("Bonjour\r\nBcc: spy1@example.com");
  g_free (message->to_name);
  message->to_name = g_strdup ("Élodie\nBcc: spy2@example.com");
  bytes = cn_mail_build_message (account, message, "id@x\r\nBcc: spy3@example.com", NULL);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_null (strstr (text, "\nBcc"));
  parsed = parse_message (bytes);
  g_assert_null (g_mime_object_get_header (GMIME_OBJECT (parsed), "Bcc"));
  g_assert_null (g_mime_object_get_header (GMIME_OBJECT (parsed), "In-Reply-To"));
  g_assert_cmpstr (g_mime_message_get_subject (parsed), ==, "Bonjour  Bcc: spy1@example.com");
  g_assert_cmpint (internet_address_list_length (
                       g_mime_message_get_addresses (parsed, GMIME_ADDRESS_TYPE_TO)),
                   ==, 1);
  g_object_unref (parsed);
}

static void
test_send_forward (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sent_text = NULL;
  g_autoptr (GBytes) received = NULL;
  g_auto (GStrv) rcpt_to = NULL;
  g_autofree char *expected_id = NULL;
  GMimeMessage *parsed;

  if (skip_without_sink (fixture))
    return;

  g_assert_true (cn_mail_test_smtp (fixture->account, PASSWORD, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (cn_mail_send (fixture->account, PASSWORD, fixture->message, "req-42@example.net",
                               &sent_text, NULL, &error));
  g_assert_no_error (error);

  received = cn_test_smtp_sink_wait_message (fixture->sink, 0, &rcpt_to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (rcpt_to), ==, 2);
  g_assert_cmpstr (rcpt_to[0], ==, "elodie.martin@example.com");
  g_assert_cmpstr (rcpt_to[1], ==, "amandine@example.net");
  assert_wire_format (received);
  parsed = parse_message (received);
  assert_message_as_sent (parsed, "req-42@example.net");

  /* The history records what was sent: the same Message-ID, headers, body. */
  expected_id = g_strdup_printf ("Message-ID: <%s>\n", g_mime_message_get_message_id (parsed));
  g_assert_true (g_str_has_prefix (sent_text, "From: Claire Dupré <claire@example.org>\n"));
  g_assert_nonnull (strstr (sent_text, "\nTo: Élodie Martin <elodie.martin@example.com>\n"));
  g_assert_nonnull (strstr (sent_text, "\nCc: Amandine Roux <amandine@example.net>\n"));
  g_assert_nonnull (strstr (sent_text, "\nSubject: " SUBJECT "\n"));
  g_assert_nonnull (strstr (sent_text, "\nDate: "));
  g_assert_nonnull (strstr (sent_text, expected_id));
  g_assert_true (g_str_has_suffix (sent_text, "\n\n" BODY));
  g_object_unref (parsed);
  g_assert_cmpuint (cn_test_smtp_sink_count_messages (fixture->sink), ==, 1);
}

static void
on_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_send_async_result (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *sent_text = NULL;

  if (skip_without_sink (fixture))
    return;

  g_free (fixture->message->cc_address);
  fixture->message->cc_address = g_strdup ("refuse@example.net");
  cn_mail_send_async (fixture->account, PASSWORD, fixture->message, NULL, NULL, on_sent, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  sent_text = cn_mail_send_finish (result, &error);
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_REJECTED);
  g_assert_null (sent_text);

  g_clear_object (&result);
  g_clear_error (&error);
  g_free (fixture->message->cc_address);
  fixture->message->cc_address = g_strdup ("amandine@example.net");
  cn_mail_send_async (fixture->account, PASSWORD, fixture->message, NULL, NULL, on_sent, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  sent_text = cn_mail_send_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (sent_text, BODY));
  g_assert_cmpuint (cn_test_smtp_sink_count_messages (fixture->sink), ==, 1);
}

static void
test_wrong_password (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sent_text = NULL;

  if (skip_without_sink (fixture))
    return;

  g_assert_false (cn_mail_test_smtp (fixture->account, WRONG_PASSWORD, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_AUTH);
  g_assert_null (strstr (error->message, WRONG_PASSWORD));
  g_clear_error (&error);

  g_assert_false (cn_mail_send (fixture->account, WRONG_PASSWORD, fixture->message, NULL,
                                &sent_text, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_AUTH);
  g_assert_null (strstr (error->message, WRONG_PASSWORD));
  g_assert_null (sent_text);
  g_assert_cmpuint (cn_test_smtp_sink_count_messages (fixture->sink), ==, 0);
}

/* The test certificate is not trusted without its CA: nothing leaves. */
static void
test_untrusted_certificate (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  if (skip_without_sink (fixture))
    return;

  g_clear_pointer (&fixture->account->ca_file, g_free);
  g_assert_false (cn_mail_test_smtp (fixture->account, PASSWORD, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_CERTIFICATE);
  g_clear_error (&error);
  g_assert_false (
      cn_mail_send (fixture->account, PASSWORD, fixture->message, NULL, NULL, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_CERTIFICATE);
  g_clear_error (&error);

  g_assert_cmpuint (cn_test_smtp_sink_count_messages (fixture->sink), ==, 0);
}

/* A refused recipient stops everything before DATA: nobody gets a copy. */
static void
test_refused_recipient (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sent_text = NULL;
  g_autoptr (GBytes) received = NULL;
  g_auto (GStrv) rcpt_to = NULL;

  if (skip_without_sink (fixture))
    return;

  g_free (fixture->message->cc_address);
  fixture->message->cc_address = g_strdup ("refuse@example.net");
  g_assert_false (
      cn_mail_send (fixture->account, PASSWORD, fixture->message, NULL, &sent_text, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "refuse@example.net"));
  g_assert_nonnull (strstr (error->message, "no such user"));
  g_assert_null (sent_text);
  g_clear_error (&error);

  /* The next message is the first the server ever accepted. */
  g_free (fixture->message->cc_address);
  fixture->message->cc_address = NULL;
  g_assert_true (
      cn_mail_send (fixture->account, PASSWORD, fixture->message, NULL, &sent_text, NULL, &error));
  g_assert_no_error (error);
  received = cn_test_smtp_sink_wait_message (fixture->sink, 0, &rcpt_to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (rcpt_to), ==, 1);
  g_assert_cmpstr (rcpt_to[0], ==, "elodie.martin@example.com");
  g_assert_null (strstr (sent_text, "\nCc:"));
  g_assert_cmpuint (cn_test_smtp_sink_count_messages (fixture->sink), ==, 1);
}

/* A scripted server on loopback: logs anyone in (through a bare "334 "
 * challenge) and answers MAIL FROM with @mail_reply, for replies the sink
 * cannot give. */
typedef struct
{
  GSocketListener *listener;
  GThread *thread;
  guint port;
  const char *mail_reply;
} Scripted;

static void
say (GOutputStream *out, const char *text)
{
  g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
}

static gpointer
scripted_run (gpointer data)
{
  Scripted *scripted = data;
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GDataInputStream) lines = NULL;
  GOutputStream *out;
  gboolean want_credentials = FALSE;

  connection = g_socket_listener_accept (scripted->listener, NULL, NULL, NULL);
  if (connection == NULL)
    return NULL;
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  lines = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (lines, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  say (out, "220 scripted ESMTP\r\n");
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, NULL);

      if (line == NULL)
        break;
      if (want_credentials)
        {
          want_credentials = FALSE;
          say (out, "235 2.7.0 accepted\r\n");
        }
      else if (g_str_has_prefix (line, "EHLO"))
        say (out, "250-scripted\r\n250 AUTH PLAIN\r\n");
      else if (strcmp (line, "AUTH PLAIN") == 0)
        {
          want_credentials = TRUE;
          say (out, "334 \r\n");
        }
      else if (g_str_has_prefix (line, "AUTH "))
        say (out, "235 2.7.0 accepted\r\n");
      else if (g_str_has_prefix (line, "MAIL FROM"))
        say (out, scripted->mail_reply);
      else if (g_str_has_prefix (line, "QUIT"))
        {
          say (out, "221 bye\r\n");
          break;
        }
      else
        say (out, "250 ok\r\n");
    }
  return NULL;
}

static void
scripted_start (Scripted *scripted, const char *mail_reply)
{
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;

  scripted->mail_reply = mail_reply;
  scripted->listener = g_socket_listener_new ();
  g_socket_listener_add_address (scripted->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  scripted->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  scripted->thread = g_thread_new ("scripted-smtp", scripted_run, scripted);
}

static void
scripted_stop (Scripted *scripted)
{
  g_socket_listener_close (scripted->listener);
  g_thread_join (scripted->thread);
  g_object_unref (scripted->listener);
}

/* Sends through a scripted server whose MAIL FROM reply is @mail_reply;
 * returns the error's message. */
static char *
refusal_for (const char *mail_reply)
{
  g_autoptr (CnMailAccount) account = make_account ();
  CnMessage *message = make_message ();
  g_autoptr (GError) error = NULL;
  Scripted scripted = { 0 };

  scripted_start (&scripted, mail_reply);
  g_free (account->smtp_host);
  account->smtp_host = g_strdup ("127.0.0.1");
  account->smtp_port = scripted.port;
  account->smtp_security = CN_MAIL_SECURITY_NONE;
  account->insecure_loopback = TRUE;
  g_assert_false (cn_mail_send (account, PASSWORD, message, NULL, NULL, NULL, &error));
  scripted_stop (&scripted);
  cn_message_free (message);
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_REJECTED);
  return g_strdup (error->message);
}

/* Replies of four characters or fewer ("334 ", a bare "550", which RFC 5321
 * allows) carry no words: the message says the code and nothing else. */
static void
test_short_replies (void)
{
  g_autofree char *bare = refusal_for ("550\r\n");
  g_autofree char *blank = refusal_for ("550 \r\n");
  g_autofree char *lines = refusal_for ("550-5.1.0 first\r\n550\r\n");

  g_assert_cmpstr (bare, ==, "The server “127.0.0.1” refused the sender address: 550");
  g_assert_cmpstr (blank, ==, "The server “127.0.0.1” refused the sender address: 550");
  g_assert_cmpstr (lines, ==, "The server “127.0.0.1” refused the sender address: 5.1.0 first");
}

/* Plain SMTP: refused unless loopback and ticked; a server without STARTTLS
 * is refused when STARTTLS is chosen. */
static void
test_plain (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) received = NULL;

  if (skip_without_sink (fixture))
    return;

  g_assert_false (
      cn_mail_send (fixture->account, PASSWORD, fixture->message, NULL, NULL, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_TLS);
  g_clear_error (&error);

  fixture->account->smtp_security = CN_MAIL_SECURITY_NONE;
  g_assert_false (cn_mail_test_smtp (fixture->account, PASSWORD, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_INSECURE);
  g_clear_error (&error);
  g_assert_false (
      cn_mail_send (fixture->account, PASSWORD, fixture->message, NULL, NULL, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_INSECURE);
  g_clear_error (&error);
  g_assert_cmpuint (cn_test_smtp_sink_count_messages (fixture->sink), ==, 0);

  fixture->account->insecure_loopback = TRUE;
  g_assert_true (cn_mail_test_smtp (fixture->account, PASSWORD, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (cn_mail_test_smtp (fixture->account, WRONG_PASSWORD, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_true (
      cn_mail_send (fixture->account, PASSWORD, fixture->message, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  received = cn_test_smtp_sink_wait_message (fixture->sink, 0, NULL, &error);
  g_assert_no_error (error);
}

static void
test_not_running (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->account->smtp_port = cn_test_free_port ();
  g_assert_false (cn_mail_test_smtp (fixture->account, PASSWORD, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_clear_error (&error);
  g_assert_false (
      cn_mail_send (fixture->account, PASSWORD, fixture->message, NULL, NULL, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_REFUSED);
}

static void
test_cancelled (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  char *sent_text;

  fixture->account->smtp_port = cn_test_free_port ();
  g_cancellable_cancel (cancellable);
  g_assert_false (
      cn_mail_send (fixture->account, PASSWORD, fixture->message, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  cn_mail_send_async (fixture->account, PASSWORD, fixture->message, NULL, cancellable, on_sent,
                      &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  sent_text = cn_mail_send_finish (result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (sent_text);
}

/* Missing pieces are said in words before anything connects. */
static void
test_not_configured (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&fixture->message->to_address, g_free);
  g_assert_false (
      cn_mail_send (fixture->account, PASSWORD, fixture->message, NULL, NULL, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_FAILED);
  g_clear_error (&error);

  fixture->message->to_address = g_strdup ("a@example.com>\r\nRCPT TO:<spy@example.com");
  g_assert_false (
      cn_mail_send (fixture->account, PASSWORD, fixture->message, NULL, NULL, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_FAILED);
  g_clear_error (&error);

  g_clear_pointer (&fixture->account->smtp_host, g_free);
  g_assert_false (cn_mail_test_smtp (fixture->account, PASSWORD, NULL, &error));
  g_assert_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_NOT_CONFIGURED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_mime_init ();

  g_test_add_func ("/mail-smtp/build-message", test_build_message);
  g_test_add_func ("/mail-smtp/build-message-injection", test_build_message_rejects_injection);
  g_test_add ("/mail-smtp/send-forward", Fixture, GINT_TO_POINTER (0), fixture_set_up,
              test_send_forward, fixture_tear_down);
  g_test_add ("/mail-smtp/send-forward-tls", Fixture, GINT_TO_POINTER (3), fixture_set_up,
              test_send_forward, fixture_tear_down);
  g_test_add ("/mail-smtp/wrong-password-tls", Fixture, GINT_TO_POINTER (3), fixture_set_up,
              test_wrong_password, fixture_tear_down);
  g_test_add ("/mail-smtp/send-async", Fixture, GINT_TO_POINTER (0), fixture_set_up,
              test_send_async_result, fixture_tear_down);
  g_test_add ("/mail-smtp/wrong-password", Fixture, GINT_TO_POINTER (0), fixture_set_up,
              test_wrong_password, fixture_tear_down);
  g_test_add ("/mail-smtp/untrusted-certificate", Fixture, GINT_TO_POINTER (0), fixture_set_up,
              test_untrusted_certificate, fixture_tear_down);
  g_test_add ("/mail-smtp/refused-recipient", Fixture, GINT_TO_POINTER (0), fixture_set_up,
              test_refused_recipient, fixture_tear_down);
  g_test_add_func ("/mail-smtp/short-replies", test_short_replies);
  g_test_add ("/mail-smtp/plain", Fixture, GINT_TO_POINTER (1), fixture_set_up, test_plain,
              fixture_tear_down);
  g_test_add ("/mail-smtp/not-running", Fixture, GINT_TO_POINTER (2), fixture_set_up,
              test_not_running, fixture_tear_down);
  g_test_add ("/mail-smtp/cancelled", Fixture, GINT_TO_POINTER (2), fixture_set_up, test_cancelled,
              fixture_tear_down);
  g_test_add ("/mail-smtp/not-configured", Fixture, GINT_TO_POINTER (2), fixture_set_up,
              test_not_configured, fixture_tear_down);
  return g_test_run ();
}
