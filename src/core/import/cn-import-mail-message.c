/* SPDX-License-Identifier: GPL-3.0-or-later */

/* One e-mail message, parsed by GMime, read into a CnMailMessage: its sender,
 * subject and date, the text of its body from the MIME tree (decoded from
 * its charset), then its notes and whom it is for (cn-import-mail-text.c). */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>

#include "cn-import-mail-private.h"

#define MAX_TEXT_PART_BYTES (8 * 1024 * 1024)
#define MAX_DEPTH 32

/* ------------------------------------------------------------------------ */
/* Text in its charset */

/* Newlines made LF (CR CR LF too, as some encoders leave), control characters
 * but tab and newline dropped, no-break spaces made spaces. */
static char *
normalise_text (const char *text, gsize len)
{
  GString *out = g_string_sized_new (len);
  for (gsize i = 0; i < len; i++)
    {
      guchar c = text[i];
      if (c == '\r')
        {
          while (i + 1 < len && text[i + 1] == '\r')
            i++;
          if (i + 1 < len && text[i + 1] == '\n')
            i++;
          g_string_append_c (out, '\n');
        }
      else if (c == 0xC2 && i + 1 < len && (guchar) text[i + 1] == 0xA0)
        {
          g_string_append_c (out, ' ');
          i++;
        }
      else if (c >= 0x20 || c == '\n' || c == '\t')
        g_string_append_c (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
charset_is (const char *charset, const char *a, const char *b)
{
  return g_ascii_strcasecmp (charset, a) == 0 || (b && g_ascii_strcasecmp (charset, b) == 0);
}

static char *
convert_from (const char *data, gsize len, const char *charset)
{
  gsize written = 0;
  char *out = g_convert (data, len, "UTF-8", charset, NULL, &written, NULL);
  if (out != NULL && !g_utf8_validate (out, written, NULL))
    g_clear_pointer (&out, g_free);
  return out;
}

/* Whether @data holds at least one valid multi-byte UTF-8 character. */
static gboolean
has_utf8_sequence (const char *data, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) data[i] >= 0xC2)
      {
        gunichar c = g_utf8_get_char_validated (data + i, len - i);
        if (c != (gunichar) -1 && c != (gunichar) -2)
          return TRUE;
      }
  return FALSE;
}

/* Bytes in a declared charset to valid UTF-8, whatever the declaration says:
 * Latin-1 is read as Windows-1252 (its superset, as browsers do); an unknown
 * or wrong charset falls back to UTF-8 when the bytes are, else Windows-1252,
 * else Latin-1 (which takes any byte). */
static char *
to_utf8 (const char *data, gsize len, const char *declared)
{
  g_autofree char *clean = NULL;
  const char *iconv_name = NULL;
  char *out;

  if (len == 0 || data == NULL)
    return g_strdup ("");

  /* Nothing sensible has a NUL in text; g_utf8_validate stops at one. */
  if (memchr (data, '\0', len) != NULL)
    {
      GString *s = g_string_sized_new (len);
      for (gsize i = 0; i < len; i++)
        if (data[i] != '\0')
          g_string_append_c (s, data[i]);
      len = s->len;
      data = clean = g_string_free (s, FALSE);
    }

  if (declared != NULL && *declared != '\0')
    iconv_name = g_mime_charset_iconv_name (declared);
  if (iconv_name != NULL && charset_is (iconv_name, "iso-8859-1", "latin1"))
    iconv_name = "WINDOWS-1252";
  if (iconv_name != NULL && !charset_is (iconv_name, "utf-8", "utf8") &&
      !charset_is (iconv_name, "us-ascii", "ascii"))
    {
      out = convert_from (data, len, iconv_name);
      if (out != NULL)
        return out;
    }

  if (g_utf8_validate (data, len, NULL))
    return g_strndup (data, len);
  /* Declared UTF-8 with a stray byte: keep its characters; with none at all,
   * it was a Western charset mislabelled. */
  if (iconv_name != NULL && charset_is (iconv_name, "utf-8", "utf8") &&
      has_utf8_sequence (data, len))
    return g_utf8_make_valid (data, len);
  out = convert_from (data, len, "WINDOWS-1252");
  if (out == NULL)
    out = convert_from (data, len, "ISO-8859-1");
  return out != NULL ? out : g_utf8_make_valid (data, len);
}

/* ------------------------------------------------------------------------ */
/* The MIME tree */

typedef struct
{
  GString *text;
  GMimeMessage *attached; /* the first message/rfc822 part, not owned */
  gboolean too_long;      /* a text part over MAX_TEXT_PART_BYTES was left out */
} BodyWalk;

static gboolean
is_attachment (GMimeObject *object)
{
  GMimeContentDisposition *disposition = g_mime_object_get_content_disposition (object);
  return disposition != NULL && g_mime_content_disposition_is_attachment (disposition);
}

static char *
part_text (GMimePart *part, BodyWalk *walk)
{
  GMimeDataWrapper *content = g_mime_part_get_content (part);
  GMimeStream *raw, *mem;
  GByteArray *bytes;
  char *text, *out;

  if (content == NULL)
    return g_strdup ("");
  raw = g_mime_data_wrapper_get_stream (content);
  if (raw != NULL && g_mime_stream_length (raw) > MAX_TEXT_PART_BYTES)
    {
      walk->too_long = TRUE;
      return g_strdup ("");
    }
  mem = g_mime_stream_mem_new ();
  g_mime_data_wrapper_write_to_stream (content, mem); /* undoes QP and base64 */
  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
  text = to_utf8 ((const char *) bytes->data, bytes->len,
                  g_mime_object_get_content_type_parameter (GMIME_OBJECT (part), "charset"));
  g_object_unref (mem);
  out = normalise_text (text, strlen (text));
  g_free (text);
  return out;
}

static char *
text_of (GMimeObject *object, const char *subtype, BodyWalk *walk)
{
  GMimeContentType *type = g_mime_object_get_content_type (object);
  g_autofree char *text = NULL;

  if (!GMIME_IS_PART (object) || is_attachment (object) ||
      !g_mime_content_type_is_type (type, "text", subtype))
    return NULL;
  text = part_text (GMIME_PART (object), walk);
  if (strcmp (subtype, "html") == 0)
    return _cn_mail_html_to_text (text, -1);
  return _cn_mail_tidy_lines (text);
}

static void
append_block (GString *out, const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  if (out->len > 0)
    g_string_append (out, "\n\n");
  g_string_append (out, text);
}

static void walk_body (GMimeObject *object, BodyWalk *walk, guint depth);

static void
walk_alternative (GMimeMultipart *multipart, BodyWalk *walk, guint depth)
{
  int n = g_mime_multipart_get_count (multipart);

  for (int i = 0; i < n; i++)
    {
      g_autofree char *plain = text_of (g_mime_multipart_get_part (multipart, i), "plain", walk);
      if (plain != NULL && *plain != '\0')
        {
          append_block (walk->text, plain);
          return;
        }
    }
  /* No plain text: the last (richest) part that gives any. */
  for (int i = n - 1; i >= 0; i--)
    {
      BodyWalk inner = { g_string_new (NULL), NULL, FALSE };
      walk_body (g_mime_multipart_get_part (multipart, i), &inner, depth + 1);
      if (walk->attached == NULL)
        walk->attached = inner.attached;
      walk->too_long |= inner.too_long;
      if (inner.text->len > 0)
        {
          append_block (walk->text, inner.text->str);
          g_string_free (inner.text, TRUE);
          return;
        }
      g_string_free (inner.text, TRUE);
    }
}

static void
walk_body (GMimeObject *object, BodyWalk *walk, guint depth)
{
  if (depth > MAX_DEPTH || object == NULL)
    return;
  if (GMIME_IS_MESSAGE_PART (object))
    {
      GMimeMessage *inner = g_mime_message_part_get_message (GMIME_MESSAGE_PART (object));
      if (walk->attached == NULL)
        walk->attached = inner;
    }
  else if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *multipart = GMIME_MULTIPART (object);
      GMimeContentType *type = g_mime_object_get_content_type (object);
      if (g_mime_content_type_is_type (type, "multipart", "alternative"))
        walk_alternative (multipart, walk, depth);
      else
        for (int i = 0; i < g_mime_multipart_get_count (multipart); i++)
          walk_body (g_mime_multipart_get_part (multipart, i), walk, depth + 1);
    }
  else
    {
      g_autofree char *plain = text_of (object, "plain", walk);
      g_autofree char *html = plain == NULL ? text_of (object, "html", walk) : NULL;
      append_block (walk->text, plain != NULL ? plain : html);
    }
}

static char *
message_body (GMimeMessage *message, GMimeMessage **attached, gboolean *too_long)
{
  BodyWalk walk = { g_string_new (NULL), NULL, FALSE };

  walk_body (g_mime_message_get_mime_part (message), &walk, 0);
  if (attached != NULL)
    *attached = walk.attached;
  *too_long |= walk.too_long;
  return g_string_free (walk.text, FALSE);
}

/* ------------------------------------------------------------------------ */
/* One message */

void
_cn_mail_message_free (CnMailMessage *m)
{
  if (m == NULL)
    return;
  g_free (m->from_name);
  g_free (m->from_email);
  g_free (m->subject);
  g_free (m->message_id);
  g_free (m->body);
  g_free (m->note_to_connector);
  g_free (m->note_to_target);
  g_free (m->target_hint);
  g_free (m->rejected);
  g_free (m);
}

/* The first From header only: a second one (seen in the wild) is ignored. */
static void
read_sender (CnMailMessage *m, GMimeMessage *message, GMimeParserOptions *options)
{
  GMimeHeaderList *headers = g_mime_object_get_header_list (GMIME_OBJECT (message));
  GMimeHeader *header = g_mime_header_list_get_header (headers, "From");
  InternetAddressList *list;
  InternetAddress *address = NULL;

  if (header == NULL || g_mime_header_get_raw_value (header) == NULL)
    return;
  list = internet_address_list_parse (options, g_mime_header_get_raw_value (header));
  if (list == NULL)
    return;
  if (internet_address_list_length (list) > 0)
    address = internet_address_list_get_address (list, 0);
  if (address != NULL && INTERNET_ADDRESS_IS_GROUP (address))
    {
      InternetAddressList *members = internet_address_group_get_members (
          INTERNET_ADDRESS_GROUP (address));
      address = internet_address_list_length (members) > 0
                    ? internet_address_list_get_address (members, 0)
                    : NULL;
    }
  if (address != NULL)
    {
      m->from_name = _cn_mail_strdup_trimmed (internet_address_get_name (address));
      if (INTERNET_ADDRESS_IS_MAILBOX (address))
        m->from_email = _cn_mail_strdup_trimmed (
            internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)));
      if (m->from_email != NULL && strchr (m->from_email, '@') == NULL)
        g_clear_pointer (&m->from_email, g_free);
    }
  g_object_unref (list);
}

/* Two Content-Type headers (seen in the wild): GMime takes the last, senders
 * meant the first — the body then reads as MIME again under it. */
static void
fix_duplicate_content_type (GMimeMessage *message, GMimeParserOptions *options)
{
  GMimeObject *part = g_mime_message_get_mime_part (message);
  GMimeHeaderList *headers = part != NULL ? g_mime_object_get_header_list (part) : NULL;
  g_autofree char *first = NULL;
  guint count = 0;

  if (headers == NULL)
    return;

  for (int i = 0; i < g_mime_header_list_get_count (headers); i++)
    {
      GMimeHeader *header = g_mime_header_list_get_header_at (headers, i);
      if (g_ascii_strcasecmp (g_mime_header_get_name (header), "Content-Type") != 0)
        continue;
      if (count++ == 0)
        first = g_strstrip (g_strdup (g_mime_header_get_raw_value (header)));
    }
  if (count < 2 || first == NULL || !GMIME_IS_PART (part) ||
      g_mime_part_get_content (GMIME_PART (part)) == NULL)
    return;

  GMimeContentType *wanted = g_mime_content_type_parse (options, first);
  gboolean differs = !g_mime_content_type_is_type (wanted,
                                                   g_mime_content_type_get_media_type (
                                                       g_mime_object_get_content_type (part)),
                                                   g_mime_content_type_get_media_subtype (
                                                       g_mime_object_get_content_type (part)));
  g_object_unref (wanted);
  if (!differs)
    return;

  g_autofree char *head = g_strdup_printf ("Content-Type: %s\n\n", first);
  GMimeStream *cat = g_mime_stream_cat_new ();
  GMimeStream *head_stream = g_mime_stream_mem_new_with_buffer (head, strlen (head));
  GMimeStream *body = g_mime_data_wrapper_get_stream (g_mime_part_get_content (GMIME_PART (part)));
  g_mime_stream_reset (body);
  g_mime_stream_cat_add_source (GMIME_STREAM_CAT (cat), head_stream);
  g_mime_stream_cat_add_source (GMIME_STREAM_CAT (cat), body);
  GMimeParser *parser = g_mime_parser_new_with_stream (cat);
  GMimeObject *reparsed = g_mime_parser_construct_part (parser, options);
  if (reparsed != NULL)
    {
      g_mime_message_set_mime_part (message, reparsed);
      g_object_unref (reparsed);
    }
  g_object_unref (parser);
  g_object_unref (head_stream);
  g_object_unref (cat);
}

/* The address (else the name) of the first To of @message. */
static char *
first_recipient (GMimeMessage *message)
{
  InternetAddressList *to = g_mime_message_get_to (message);
  InternetAddress *address;
  char *out = NULL;

  if (to == NULL || internet_address_list_length (to) == 0)
    return NULL;
  address = internet_address_list_get_address (to, 0);
  if (INTERNET_ADDRESS_IS_MAILBOX (address))
    out = _cn_mail_strdup_trimmed (
        internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)));
  if (out == NULL)
    out = _cn_mail_strdup_trimmed (internet_address_get_name (address));
  return out;
}

void
_cn_mail_read_message (CnMailMessage *m, GMimeMessage *message, GMimeParserOptions *options)
{
  GDateTime *date = g_mime_message_get_date (message);
  GMimeMessage *attached = NULL;
  g_autofree char *body = NULL;
  gboolean too_long = FALSE;

  fix_duplicate_content_type (message, options);
  read_sender (m, message, options);
  m->subject = _cn_mail_strdup_trimmed (g_mime_message_get_subject (message));
  m->message_id = _cn_mail_strdup_trimmed (g_mime_message_get_message_id (message));
  if (date != NULL)
    m->date = MAX (g_date_time_to_unix (date), 0);
  body = message_body (message, &attached, &too_long);
  m->body = _cn_mail_tidy_lines (body);

  if (m->from_name == NULL && m->from_email == NULL)
    {
      m->rejected = g_strdup (_("no sender"));
      return;
    }
  _cn_mail_split_notes (m, options);
  if (m->note_to_target == NULL && attached != NULL)
    {
      g_autofree char *inner = message_body (attached, NULL, &too_long);
      g_auto (GStrv) lines = g_strsplit (inner, "\n", -1);
      m->note_to_target = _cn_mail_join_note (lines, 0, g_strv_length (lines));
      m->target_hint = first_recipient (attached);
    }
  m->is_request = _cn_mail_asks_for_introduction (m->subject, m->body);
  if (m->is_request)
    {
      /* A name after "introduce me to" in the text, else the recipient of
       * the forwarded message, else a name in the subject. */
      char *hint = _cn_mail_find_target_hint (m->body);
      if (hint != NULL)
        {
          g_free (m->target_hint);
          m->target_hint = hint;
        }
      else if (m->target_hint == NULL && m->subject != NULL)
        m->target_hint = _cn_mail_find_target_hint (m->subject);
    }
  else
    g_clear_pointer (&m->target_hint, g_free);
  /* Say why, rather than judge what was left of it. */
  if (!m->is_request && too_long)
    {
      g_autofree char *limit = g_format_size (MAX_TEXT_PART_BYTES);

      m->rejected = g_strdup_printf (_("its text is too long to read (over %s)"), limit);
    }
}
