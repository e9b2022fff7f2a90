/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>
#include <string.h>

#include "cn-import-mail-private.h"
#include "cn-mail-curl.h"
#include "cn-mail.h"

/* Sending through the account's SMTP server: the MIME message is built with
 * GMime, libcurl carries it over TLS (or STARTTLS). */

#define RESPONSE_TIMEOUT 60 /* seconds for one answer of the server */
#define TOTAL_TIMEOUT 300   /* seconds for a whole exchange */
#define MAX_REPLY 400       /* bytes of the server's words kept for messages */


static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

/* The sender's address: the account's, else its SMTP user when that is an
 * address. */
static const char *
from_address_of (const CnMailAccount *account)
{
  if (is_set (account->from_address))
    return account->from_address;
  if (is_set (account->smtp_user) && strchr (account->smtp_user, '@') != NULL)
    return account->smtp_user;
  return NULL;
}

/* An address fit for an envelope and a header: one word with an '@', no
 * spaces, controls or brackets (which could inject commands or headers). */
static gboolean
is_valid_address (const char *address)
{
  const char *at;

  if (!is_set (address) || !g_utf8_validate (address, -1, NULL))
    return FALSE;
  for (const char *p = address; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || *p == 0x7f || strchr ("<>,;\"()[]\\", *p) != NULL)
      return FALSE;
  at = strrchr (address, '@');
  return at != NULL && at != address && at[1] != '\0';
}

/* A Message-ID given without <>, kept only when it is one clean word. */
static char *
clean_message_id (const char *id)
{
  g_autofree char *copy = NULL;

  if (!is_set (id))
    return NULL;
  copy = g_strstrip (g_strdup (id));
  if (copy[0] == '<' && g_str_has_suffix (copy, ">"))
    {
      memmove (copy, copy + 1, strlen (copy));
      copy[strlen (copy) - 1] = '\0';
    }
  for (const char *p = copy; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f || *p == '<' || *p == '>')
      return NULL;
  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

/* Building the message */

/* LF line ends (the output format makes them CRLF). */
static char *
normalize_newlines (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          g_string_append_c (out, '\n');
          if (p[1] == '\n')
            p++;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Header text on one line: line breaks and other controls become spaces,
 * so that no text can add a header. Never NULL. */
static char *
single_line (const char *text)
{
  char *line = g_utf8_make_valid (text != NULL ? text : "", -1);

  for (char *p = line; *p != '\0'; p++)
    if ((guchar) *p < ' ' || *p == 0x7f)
      *p = ' ';
  return g_strstrip (line);
}

/* 7bit is enough for ASCII in short lines; anything else goes
 * quoted-printable, which every server accepts. */
static GMimeContentEncoding
choose_encoding (const char *body)
{
  gsize line = 0;

  if (!g_str_is_ascii (body))
    return GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
  for (const char *p = body; *p != '\0'; p++)
    {
      line = *p == '\n' ? 0 : line + 1;
      if (line > 76)
        return GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
    }
  return GMIME_CONTENT_ENCODING_7BIT;
}

/* Names are encoded as UTF-8 words (GMime would pick Latin-1 when it can). */
static void
add_mailbox (GMimeMessage *mime, GMimeAddressType type, const char *name, const char *address)
{
  g_autofree char *clean_name = single_line (name);
  InternetAddress *mailbox = internet_address_mailbox_new (*clean_name != '\0' ? clean_name : NULL,
                                                           address);

  internet_address_set_charset (mailbox, "utf-8");
  internet_address_list_add (g_mime_message_get_addresses (mime, type), mailbox);
  g_object_unref (mailbox);
}

/* A text/plain part holding @body as UTF-8 (g_mime_text_part_set_text()
 * would convert it to another charset when it can). */
static GMimeObject *
make_text_part (const char *body)
{
  GMimeTextPart *part = g_mime_text_part_new_with_subtype ("plain");
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer (body, strlen (body));
  GMimeDataWrapper *content = g_mime_data_wrapper_new_with_stream (stream,
                                                                   GMIME_CONTENT_ENCODING_DEFAULT);

  g_mime_part_set_content (GMIME_PART (part), content);
  g_mime_text_part_set_charset (part, "utf-8");
  g_mime_part_set_content_encoding (GMIME_PART (part), choose_encoding (body));
  g_object_unref (content);
  g_object_unref (stream);
  return GMIME_OBJECT (part);
}

static GMimeMessage *
build_mime_message (const CnMailAccount *account, const CnMessage *message, const char *in_reply_to)
{
  const char *from = from_address_of (account);
  GMimeMessage *mime;
  GMimeObject *object;
  GMimeObject *part;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *message_id = NULL;
  g_autofree char *reply_id = clean_message_id (in_reply_to);
  g_autofree char *subject = single_line (message->subject);
  g_autofree char *body = normalize_newlines (message->body);

  _cn_mail_mime_init ();
  if (!is_valid_address (from))
    from = NULL;
  message_id = g_mime_utils_generate_message_id (from != NULL ? strrchr (from, '@') + 1
                                                              : "localhost");
  mime = g_mime_message_new (TRUE);
  object = GMIME_OBJECT (mime);
  if (from != NULL)
    {
      add_mailbox (mime, GMIME_ADDRESS_TYPE_FROM, account->from_name, from);
      add_mailbox (mime, GMIME_ADDRESS_TYPE_REPLY_TO, account->from_name, from);
    }
  if (is_valid_address (message->to_address))
    add_mailbox (mime, GMIME_ADDRESS_TYPE_TO, message->to_name, message->to_address);
  if (is_valid_address (message->cc_address))
    add_mailbox (mime, GMIME_ADDRESS_TYPE_CC, message->cc_name, message->cc_address);
  g_mime_message_set_subject (mime, subject, "utf-8");
  g_mime_message_set_date (mime, now);
  g_mime_message_set_message_id (mime, message_id);
  if (reply_id != NULL)
    {
      g_autofree char *bracketed = g_strdup_printf ("<%s>", reply_id);

      g_mime_object_set_header (object, "In-Reply-To", bracketed, NULL);
      g_mime_object_set_header (object, "References", bracketed, NULL);
    }
  g_mime_object_set_header (object, "MIME-Version", "1.0", NULL);

  part = make_text_part (body);
  g_mime_message_set_mime_part (mime, part);
  g_object_unref (part);
  return mime;
}

/* The bytes as they go on the wire: CRLF line ends. */
static GBytes *
serialize_message (GMimeMessage *mime)
{
  GMimeStream *stream = g_mime_stream_mem_new ();
  GMimeFormatOptions *options = g_mime_format_options_new ();
  GByteArray *array;
  GBytes *bytes;

  g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_DOS);
  g_mime_object_write_to_stream (GMIME_OBJECT (mime), options, stream);
  g_mime_format_options_free (options);
  g_mime_stream_flush (stream);
  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));
  bytes = g_bytes_new (array->data, array->len);
  g_object_unref (stream);
  return bytes;
}

GBytes *
cn_mail_build_message (const CnMailAccount *account,
                       const CnMessage *message,
                       const char *in_reply_to,
                       char **out_message_id)
{
  GMimeMessage *mime;
  GBytes *bytes;

  g_return_val_if_fail (account != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  mime = build_mime_message (account, message, in_reply_to);
  if (out_message_id != NULL)
    *out_message_id = g_strdup (g_mime_message_get_message_id (mime));
  bytes = serialize_message (mime);
  g_object_unref (mime);
  return bytes;
}

/* One header line of the recorded text, decoded. */
static void
append_addresses (GString *text, const char *label, GMimeMessage *mime, GMimeAddressType type)
{
  InternetAddressList *list = g_mime_message_get_addresses (mime, type);
  g_autofree char *value = NULL;

  if (list == NULL || internet_address_list_length (list) == 0)
    return;
  value = internet_address_list_to_string (list, NULL, FALSE);
  g_string_append_printf (text, "%s: %s\n", label, value);
}

/* What the history records: the headers that matter, then the body as the
 * recipient reads it. */
static char *
make_sent_text (GMimeMessage *mime, const CnMessage *message)
{
  GString *text = g_string_new (NULL);
  g_autofree char *date = g_mime_utils_header_format_date (g_mime_message_get_date (mime));
  g_autofree char *body = normalize_newlines (message->body);

  append_addresses (text, "From", mime, GMIME_ADDRESS_TYPE_FROM);
  append_addresses (text, "To", mime, GMIME_ADDRESS_TYPE_TO);
  append_addresses (text, "Cc", mime, GMIME_ADDRESS_TYPE_CC);
  g_string_append_printf (text, "Subject: %s\n", g_mime_message_get_subject (mime));
  g_string_append_printf (text, "Date: %s\n", date);
  g_string_append_printf (text, "Message-ID: <%s>\n\n", g_mime_message_get_message_id (mime));
  g_string_append (text, body);
  return g_string_free (text, FALSE);
}

/* The exchange with the server */

typedef enum {
  PHASE_CONNECT,
  PHASE_AUTH,
  PHASE_MAIL,
  PHASE_RCPT,
  PHASE_DATA,
  PHASE_OTHER,
} Phase;

typedef struct
{
  CURL *curl;
  const CnMailAccount *account;
  const char *password;
  GCancellable *cancellable;
  /* What the server said, followed through libcurl's debug callback (the
   * lines we send are only looked at for their command word: never kept). */
  Phase phase;
  gboolean authenticated;
  gboolean quitting; /* the answer to QUIT does not replace the last one */
  char *recipient;   /* of the last RCPT */
  GString *reply;    /* the server's last answer */
  gboolean reply_done;
  guint reply_code;
  /* The message being uploaded. */
  GBytes *data;
  gsize offset;
  char errbuf[CURL_ERROR_SIZE];
} Smtp;

/* Answers to NOOP are not needed. */
static size_t
on_write (char *ptr, size_t size, size_t nmemb, void *data)
{
  return size * nmemb;
}

static size_t
on_read (char *buffer, size_t size, size_t nitems, void *data)
{
  Smtp *smtp = data;
  gsize length;
  const guint8 *bytes = g_bytes_get_data (smtp->data, &length);
  gsize count = MIN (size * nitems, length - smtp->offset);

  memcpy (buffer, bytes + smtp->offset, count);
  smtp->offset += count;
  return count;
}

static gboolean
has_command (const char *line, gsize length, const char *command)
{
  gsize n = strlen (command);

  return length >= n && g_ascii_strncasecmp (line, command, n) == 0 &&
         (length == n || line[n] == ' ' || line[n] == '\r' || line[n] == ':');
}

/* A command we send: only its word moves the phase. While authenticating,
 * the lines are SASL answers (the password, encoded): ignored entirely. */
static void
on_command (Smtp *smtp, const char *line, gsize length)
{
  if (smtp->phase == PHASE_AUTH)
    return;
  if (has_command (line, length, "AUTH"))
    smtp->phase = PHASE_AUTH;
  else if (has_command (line, length, "MAIL"))
    smtp->phase = PHASE_MAIL;
  else if (has_command (line, length, "RCPT"))
    {
      const char *start = memchr (line, '<', length);
      const char *end = start != NULL ? memchr (start, '>', length - (start - line)) : NULL;

      smtp->phase = PHASE_RCPT;
      g_free (smtp->recipient);
      smtp->recipient = end != NULL ? g_strndup (start + 1, end - start - 1) : NULL;
    }
  else if (has_command (line, length, "DATA"))
    smtp->phase = PHASE_DATA;
  else if (has_command (line, length, "QUIT"))
    smtp->quitting = TRUE;
  else if (smtp->phase != PHASE_DATA)
    smtp->phase = PHASE_OTHER;
}

/* One line of the server's answer ("250-…" continues, "250 …" ends). */
static void
on_reply_line (Smtp *smtp, const char *line, gsize length)
{
  const char *text;
  gsize text_len;

  if (smtp->quitting)
    return;
  while (length > 0 && (line[length - 1] == '\r' || line[length - 1] == '\n'))
    length--;
  if (length < 3 || !g_ascii_isdigit (line[0]) || !g_ascii_isdigit (line[1]) ||
      !g_ascii_isdigit (line[2]))
    return;
  if (smtp->reply_done)
    {
      g_string_truncate (smtp->reply, 0);
      smtp->reply_done = FALSE;
    }
  smtp->reply_code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  /* "550" alone is a whole reply (RFC 5321 4.2), "334 " one with no words. */
  text = line + MIN (length, 4);
  text_len = length - (text - line);
  if (smtp->reply->len > 0 && text_len > 0)
    g_string_append_c (smtp->reply, ' ');
  if (smtp->reply->len < MAX_REPLY)
    g_string_append_len (smtp->reply, text, MIN (text_len, MAX_REPLY - smtp->reply->len));
  if (length == 3 || line[3] == ' ')
    {
      smtp->reply_done = TRUE;
      if (smtp->phase == PHASE_AUTH)
        {
          /* 334 asks for more; anything else ends the authentication. */
          if (smtp->reply_code == 235)
            smtp->authenticated = TRUE;
          if (smtp->reply_code != 334)
            smtp->phase = PHASE_OTHER;
        }
    }
}

static int
on_debug (CURL *curl, curl_infotype type, char *data, size_t size, void *user_data)
{
  Smtp *smtp = user_data;

  if (type == CURLINFO_HEADER_OUT)
    on_command (smtp, data, size);
  else if (type == CURLINFO_HEADER_IN)
    {
      const char *end = data + size;

      for (const char *line = data; line < end;)
        {
          const char *next = memchr (line, '\n', end - line);

          next = next != NULL ? next + 1 : end;
          on_reply_line (smtp, line, next - line);
          line = next;
        }
    }
  return 0;
}

static char *
make_url (const CnMailAccount *account)
{
  const char *scheme = account->smtp_security == CN_MAIL_SECURITY_TLS ? "smtps" : "smtp";
  guint port = cn_mail_account_get_smtp_port (account);

  if (strchr (account->smtp_host, ':') != NULL && account->smtp_host[0] != '[')
    return g_strdup_printf ("%s://[%s]:%u", scheme, account->smtp_host, port);
  return g_strdup_printf ("%s://%s:%u", scheme, account->smtp_host, port);
}

/* A host name or address literal, nothing that would change the URL. */
static gboolean
is_valid_host (const char *host)
{
  for (const char *p = host; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (".-_:[]", *p) == NULL)
      return FALSE;
  return TRUE;
}

static void
smtp_clear (Smtp *smtp)
{
  g_clear_pointer (&smtp->curl, curl_easy_cleanup);
  g_clear_pointer (&smtp->recipient, g_free);
  g_clear_pointer (&smtp->data, g_bytes_unref);
  if (smtp->reply != NULL)
    g_string_free (g_steal_pointer (&smtp->reply), TRUE);
}

static gboolean
smtp_init (Smtp *smtp,
           const CnMailAccount *account,
           const char *password,
           GCancellable *cancellable,
           GError **error)
{
  g_autofree char *url = NULL;

  memset (smtp, 0, sizeof *smtp);
  if (!cn_mail_account_has_smtp (account))
    {
      g_set_error_literal (error, CN_MAIL_ERROR, CN_MAIL_ERROR_NOT_CONFIGURED,
                           _("The outgoing mail server and user name are not set"));
      return FALSE;
    }
  if (!is_valid_host (account->smtp_host))
    {
      g_set_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_UNKNOWN_HOST,
                   _("Cannot find the server “%s”"), account->smtp_host);
      return FALSE;
    }
  if (!cn_mail_account_check_security (account, TRUE, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  _cn_mail_mime_init ();
  _cn_mail_curl_init ();
  smtp->account = account;
  smtp->password = password != NULL ? password : "";
  smtp->cancellable = cancellable;
  smtp->reply = g_string_new (NULL);
  smtp->curl = curl_easy_init ();
  if (smtp->curl == NULL)
    {
      g_set_error_literal (error, CN_MAIL_ERROR, CN_MAIL_ERROR_FAILED,
                           _("The mail connection could not be prepared"));
      return FALSE;
    }
  url = make_url (account);
  curl_easy_setopt (smtp->curl, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt (smtp->curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
  curl_easy_setopt (smtp->curl, CURLOPT_PROTOCOLS, (long) (CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
  _cn_mail_curl_setup (smtp->curl, account->smtp_user, smtp->password, account->smtp_security,
                       account->ca_file, cancellable, smtp->errbuf);
  curl_easy_setopt (smtp->curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, (long) RESPONSE_TIMEOUT);
  curl_easy_setopt (smtp->curl, CURLOPT_TIMEOUT, (long) TOTAL_TIMEOUT);
  curl_easy_setopt (smtp->curl, CURLOPT_WRITEFUNCTION, on_write);
  /* The debug callback follows the dialogue; with it set, verbose output
   * goes nowhere else. */
  curl_easy_setopt (smtp->curl, CURLOPT_DEBUGFUNCTION, on_debug);
  curl_easy_setopt (smtp->curl, CURLOPT_DEBUGDATA, smtp);
  curl_easy_setopt (smtp->curl, CURLOPT_VERBOSE, 1L);
  return TRUE;
}

/* The server's words, as valid UTF-8. */
static char *
server_words (Smtp *smtp)
{
  if (smtp->reply->len == 0)
    return g_strdup_printf ("%u", smtp->reply_code);
  return g_utf8_make_valid (smtp->reply->str, smtp->reply->len);
}

/* A refusal by the server after logging in, in words. */
static GError *
refusal_error (Smtp *smtp)
{
  const char *host = smtp->account->smtp_host;
  g_autofree char *words = server_words (smtp);

  /* 530: authentication required; 535: credentials refused. */
  if (smtp->reply_code == 530 || smtp->reply_code == 535)
    return g_error_new (CN_MAIL_ERROR, CN_MAIL_ERROR_AUTH,
                        _("The server “%s” requires logging in: %s"), host, words);
  switch (smtp->phase)
    {
    case PHASE_MAIL:
      return g_error_new (CN_MAIL_ERROR, CN_MAIL_ERROR_REJECTED,
                          _("The server “%s” refused the sender address: %s"), host, words);
    case PHASE_RCPT:
      return g_error_new (CN_MAIL_ERROR, CN_MAIL_ERROR_REJECTED,
                          _("The server “%s” refused the recipient %s: %s"), host,
                             smtp->recipient != NULL ? smtp->recipient : "", words);
    case PHASE_DATA:
      return g_error_new (CN_MAIL_ERROR, CN_MAIL_ERROR_REJECTED,
                          _("The server “%s” refused the message: %s"), host, words);
    default:
      return g_error_new (CN_MAIL_ERROR, CN_MAIL_ERROR_FAILED,
                          _("The exchange with “%s” failed: %s"), host, words);
    }
}

/* Sets @error from a failed exchange, in words. */
static void
set_curl_error (Smtp *smtp, CURLcode code, GError **error)
{
  const char *host = smtp->account->smtp_host;
  GError *local;

  if (g_cancellable_set_error_if_cancelled (smtp->cancellable, error))
    return;
  /* A refusal when the server answered with an error code; otherwise the
   * connection broke. */
  if ((code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR || code == CURLE_WEIRD_SERVER_REPLY ||
       code == CURLE_QUOTE_ERROR) &&
      smtp->reply_done && smtp->reply_code >= 400)
    local = refusal_error (smtp);
  else
    local = _cn_mail_curl_error (code, host, smtp->errbuf);
  /* Neither libcurl's nor the server's words hold the password; make sure. */
  _cn_mail_scrub_error (local, host, smtp->password);
  g_propagate_error (error, local);
}

static gboolean
smtp_perform (Smtp *smtp, GError **error)
{
  CURLcode code = curl_easy_perform (smtp->curl);

  if (code != CURLE_OK)
    {
      set_curl_error (smtp, code, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
cn_mail_test_smtp (const CnMailAccount *account,
                   const char *password,
                   GCancellable *cancellable,
                   GError **error)
{
  Smtp smtp;
  gboolean ok;

  g_return_val_if_fail (account != NULL, FALSE);

  if (!smtp_init (&smtp, account, password, cancellable, error))
    {
      smtp_clear (&smtp);
      return FALSE;
    }
  /* Logging in happens while connecting; NOOP then QUIT sends nothing. */
  curl_easy_setopt (smtp.curl, CURLOPT_CUSTOMREQUEST, "NOOP");
  ok = smtp_perform (&smtp, error);
  /* libcurl skips AUTH when the server does not offer it: the password was
   * not checked, and sending would be refused. */
  if (ok && !smtp.authenticated)
    {
      g_set_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_AUTH,
                   _("The server “%s” did not offer to log in, so the user name and password "
                     "could not be checked"),
                      account->smtp_host);
      ok = FALSE;
    }
  smtp_clear (&smtp);
  return ok;
}

static struct curl_slist *
append_recipient (struct curl_slist *list, const char *address)
{
  g_autofree char *bracketed = g_strdup_printf ("<%s>", address);

  return curl_slist_append (list, bracketed);
}

gboolean
cn_mail_send (const CnMailAccount *account,
              const char *password,
              const CnMessage *message,
              const char *in_reply_to,
              char **out_sent_text,
              GCancellable *cancellable,
              GError **error)
{
  Smtp smtp;
  const char *from;
  GMimeMessage *mime;
  g_autofree char *mail_from = NULL;
  struct curl_slist *recipients = NULL;
  gboolean ok;

  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  from = from_address_of (account);
  if (!is_valid_address (from))
    {
      g_set_error_literal (error, CN_MAIL_ERROR, CN_MAIL_ERROR_NOT_CONFIGURED,
                           _("The sender address of the mail account is missing or invalid"));
      return FALSE;
    }
  if (!is_valid_address (message->to_address))
    {
      g_set_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_FAILED,
                   _("The recipient address “%s” is missing or invalid"),
                      message->to_address != NULL ? message->to_address : "");
      return FALSE;
    }
  if (is_set (message->cc_address) && !is_valid_address (message->cc_address))
    {
      g_set_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_FAILED,
                   _("The copy address “%s” is invalid"), message->cc_address);
      return FALSE;
    }
  if (!smtp_init (&smtp, account, password, cancellable, error))
    {
      smtp_clear (&smtp);
      return FALSE;
    }

  mime = build_mime_message (account, message, in_reply_to);
  smtp.data = serialize_message (mime);
  mail_from = g_strdup_printf ("<%s>", from);
  recipients = append_recipient (recipients, message->to_address);
  if (is_set (message->cc_address) && g_ascii_strcasecmp (message->cc_address, message->to_address))
    recipients = append_recipient (recipients, message->cc_address);
  /* No CURLOPT_MAIL_RCPT_ALLOWFAILS: one refused recipient stops before DATA. */
  curl_easy_setopt (smtp.curl, CURLOPT_MAIL_FROM, mail_from);
  curl_easy_setopt (smtp.curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (smtp.curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (smtp.curl, CURLOPT_READFUNCTION, on_read);
  curl_easy_setopt (smtp.curl, CURLOPT_READDATA, &smtp);
  curl_easy_setopt (smtp.curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) g_bytes_get_size (smtp.data));

  ok = smtp_perform (&smtp, error);
  if (ok && out_sent_text != NULL)
    *out_sent_text = make_sent_text (mime, message);
  curl_slist_free_all (recipients);
  g_object_unref (mime);
  smtp_clear (&smtp);
  return ok;
}

/* Sending in a worker */

typedef struct
{
  CnMailAccount *account;
  char *password;
  CnMessage *message;
  char *in_reply_to;
} SendData;

static void
send_data_free (SendData *data)
{
  cn_mail_account_free (data->account);
  if (data->password != NULL)
    {
      /* Leave no copy of the password in freed memory. */
      explicit_bzero (data->password, strlen (data->password));
      g_free (data->password);
    }
  cn_message_free (data->message);
  g_free (data->in_reply_to);
  g_free (data);
}

static void
send_worker (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SendData *data = task_data;
  char *sent_text = NULL;
  GError *error = NULL;

  if (cn_mail_send (data->account, data->password, data->message, data->in_reply_to, &sent_text,
                    cancellable, &error))
    g_task_return_pointer (task, sent_text, g_free);
  else
    g_task_return_error (task, error);
}

void
cn_mail_send_async (const CnMailAccount *account,
                    const char *password,
                    const CnMessage *message,
                    const char *in_reply_to,
                    GCancellable *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  SendData *data;

  g_return_if_fail (account != NULL);
  g_return_if_fail (message != NULL);

  data = g_new0 (SendData, 1);
  data->account = cn_mail_account_copy (account);
  data->password = g_strdup (password);
  data->message = cn_message_copy (message);
  data->in_reply_to = g_strdup (in_reply_to);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cn_mail_send_async);
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);
  g_task_run_in_thread (task, send_worker);
}

char *
cn_mail_send_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
