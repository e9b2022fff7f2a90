/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Templates, placeholders and composed messages (cn-compose.h), down to the
 * MIME message that leaves (cn_mail_build_message() in cn-mail.h). Input:
 * two flag bytes, then fields separated by NUL bytes:
 *   0 requester's name, 1 requester's e-mail, 2 contact's name, 3 contact's
 *   e-mail, 4 note to the contact, 5 template, 6 reply body, 7 In-Reply-To
 *   Message-ID, 8 connector's name, 9 objective, 10 ask, 11 questions,
 *   12 reason.
 * Flags, first byte: bit 0 French; bit 1 Cc the requester; bit 2 a contact
 * (else only the request's target name); bits 3-5 relationship (0-7, beyond
 * the enumeration too); bits 6-7 the template: field 5 or a default one.
 * Second byte: the element mask for the questions.
 *
 * Checks: placeholders found where braces and names are, known as the list
 * says; expansion keeps unknown placeholders and replaces every known one
 * (braces counted); questions one per missing element; and no header
 * injection from names, addresses, subjects or Message-IDs: the text form
 * has exactly its To/Cc/Subject lines, the mailto: URI only its fields, the
 * MIME message only the headers we write, CRLF-ended, with one address in
 * To and Cc at most. Every text valid UTF-8. */

#include "config.h"

#include <string.h>

#include <gmime/gmime.h>

#include "cn-compose.h"
#include "cn-mail.h"
#include "fuzz-common.h"

enum {
  F_REQUESTER,
  F_REQUESTER_EMAIL,
  F_TARGET,
  F_TARGET_EMAIL,
  F_NOTE,
  F_TEMPLATE,
  F_REPLY,
  F_IN_REPLY_TO,
  F_CONNECTOR,
  F_OBJECTIVE,
  F_ASK,
  F_QUESTIONS,
  F_REASON,
  N_FIELDS
};

static const char *const default_templates[] = {
  NULL,
  CN_TEMPLATE_ENDORSEMENT,
  CN_TEMPLATE_ASK_MOTIVATION,
  CN_TEMPLATE_DECLINE,
};

/* The headers cn_mail_build_message() writes. */
static const char *const allowed_headers[] = {
  "from",       "reply-to",     "to",           "cc",
  "subject",    "date",         "message-id",   "in-reply-to",
  "references", "mime-version", "content-type", "content-transfer-encoding",
  NULL,
};

static gboolean
is_blank (const char *text)
{
  g_autofree char *valid = text != NULL ? g_utf8_make_valid (text, -1) : NULL;

  for (const char *p = valid; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static guint
count_char (const char *text, char c)
{
  guint n = 0;

  for (; *text != '\0'; text++)
    n += *text == c;
  return n;
}

static gboolean
is_name_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_' || c == '-';
}

/* Returns how many known placeholders @text has. */
static guint
check_placeholders (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autoptr(GArray) found = cn_compose_find_placeholders (text);
  guint n_chars = (guint) g_utf8_strlen (valid, -1);
  guint n_known = 0;

  for (guint i = 0; i < found->len; i++)
    {
      const CnPlaceholder *p = &g_array_index (found, CnPlaceholder, i);
      g_autofree char *at = NULL;
      g_autofree char *name = NULL;

      cn_fuzz_assert (p->span.end >= p->span.start + 3 && p->span.end <= n_chars,
                      "placeholder at [%u, %u) in %u characters", p->span.start, p->span.end,
                      n_chars);
      cn_fuzz_assert (i == 0 ||
                          g_array_index (found, CnPlaceholder, i - 1).span.end <= p->span.start,
                      "placeholders out of order or overlapping at %u", p->span.start);
      at = g_utf8_substring (valid, p->span.start, p->span.end);
      cn_fuzz_assert (at[0] == '{' && g_str_has_suffix (at, "}"), "placeholder \"%s\"", at);
      name = g_strndup (at + 1, strlen (at) - 2);
      for (const char *c = name; *c != '\0'; c = g_utf8_next_char (c))
        cn_fuzz_assert (is_name_char (g_utf8_get_char (c)), "placeholder name \"%s\"", name);
      cn_fuzz_assert (p->known == cn_compose_is_placeholder (name), "\"%s\" known: %d", name,
                      p->known);
      n_known += p->known;
    }
  return n_known;
}

static void
check_expansion (const char *template_text, const CnComposeValues *values, const char *expanded)
{
  g_autofree char *valid = g_utf8_make_valid (template_text != NULL ? template_text : "", -1);
  guint n_known = check_placeholders (template_text);
  const char *given[] = { values->requester, values->target, values->objective, values->ask,
                          values->questions, values->reason, values->connector };
  gboolean braces = FALSE;

  cn_fuzz_check_utf8 ("expanded template", expanded, FALSE);
  if (n_known == 0)
    cn_fuzz_assert (strcmp (expanded, valid) == 0, "a template without known placeholders changed");

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    braces |= given[i] != NULL && strpbrk (given[i], "{}") != NULL;
  if (braces)
    return;
  /* Values without braces: each known placeholder took its two braces away,
   * nothing else did. */
  cn_fuzz_assert (count_char (expanded, '{') == count_char (valid, '{') - n_known &&
                      count_char (expanded, '}') == count_char (valid, '}') - n_known,
                  "%u known placeholders, braces { } went from %u %u to %u %u", n_known,
                  count_char (valid, '{'), count_char (valid, '}'), count_char (expanded, '{'),
                  count_char (expanded, '}'));
}

static void
check_questions (guint mask, const char *lang)
{
  g_autofree char *questions = cn_compose_questions (mask, lang);
  g_auto(GStrv) lines = NULL;
  guint missing = 0;

  for (guint e = 0; e < CN_N_TARGET_ELEMENTS; e++)
    missing += !(mask & (1u << e));
  cn_fuzz_check_utf8 ("questions", questions, FALSE);
  if (missing == 0)
    {
      cn_fuzz_assert (*questions == '\0', "questions for mask 0x%x: \"%s\"", mask, questions);
      return;
    }
  lines = g_strsplit (questions, "\n", -1);
  cn_fuzz_assert (g_strv_length (lines) == missing, "%u questions for %u missing elements",
                  g_strv_length (lines), missing);
  for (guint i = 0; lines[i] != NULL; i++)
    cn_fuzz_assert (g_str_has_prefix (lines[i], "- "), "question \"%s\"", lines[i]);
}

static void
check_relationship (CnRelationship relationship, const char *requester, const char *lang)
{
  g_autofree char *sentence = cn_compose_relationship_sentence (relationship, requester, lang);

  if (relationship == CN_RELATIONSHIP_UNSET || (guint) relationship > CN_RELATIONSHIP_LAST)
    {
      cn_fuzz_assert (sentence == NULL, "a sentence for relationship %d", relationship);
      return;
    }
  cn_fuzz_check_utf8 ("relationship sentence", sentence, FALSE);
  if (!is_blank (requester))
    {
      g_autofree char *name = g_strstrip (g_utf8_make_valid (requester, -1));

      cn_fuzz_assert (strstr (sentence, name) != NULL, "\"%s\" does not name \"%s\"", sentence,
                      name);
    }
}

/* The text form: its header lines, exactly, then a blank line. */
static void
check_text (const CnMessage *message, const char *lang)
{
  g_autofree char *text = cn_message_to_text (message, lang);
  g_auto(GStrv) lines = NULL;
  gboolean fr = g_str_equal (lang, "fr");
  const char *labels[3];
  guint n = 0;

  cn_fuzz_check_utf8 ("message text", text, FALSE);
  if (!is_blank (message->to_name) || !is_blank (message->to_address))
    labels[n++] = fr ? "À : " : "To: ";
  if (!is_blank (message->cc_name) || !is_blank (message->cc_address))
    labels[n++] = fr ? "Cc : " : "Cc: ";
  labels[n++] = fr ? "Objet : " : "Subject: ";

  lines = g_strsplit (text, "\n", n + 2);
  cn_fuzz_assert (g_strv_length (lines) > n, "the text has %u lines for %u headers",
                  g_strv_length (lines), n);
  for (guint i = 0; i < n; i++)
    cn_fuzz_assert (g_str_has_prefix (lines[i], labels[i]) && strchr (lines[i], '\r') == NULL,
                    "header line %u of the text is \"%s\", not \"%s…\"", i, lines[i], labels[i]);
  cn_fuzz_assert (*lines[n] == '\0', "a line \"%s\" after the %u header lines of the text",
                  lines[n], n);
}

/* mailto:TO?cc=…&subject=…&body=…, every other character percent-encoded. */
static void
check_mailto (const CnMessage *message)
{
  g_autofree char *uri = cn_message_to_mailto_uri (message);
  g_auto(GStrv) params = NULL;
  const char *query;
  guint seen = 0;

  cn_fuzz_assert (g_str_has_prefix (uri, "mailto:"), "URI \"%s\"", uri);
  for (const char *p = uri; *p != '\0'; p++)
    cn_fuzz_assert (g_ascii_isalnum (*p) || strchr ("-._~%@?&=:", *p) != NULL,
                    "character 0x%02x in the mailto: URI \"%s\"", (guint8) *p, uri);
  query = strchr (uri, '?');
  cn_fuzz_assert (strpbrk (uri + strlen ("mailto:"), "&=") == NULL ||
                      (query != NULL && strpbrk (uri + strlen ("mailto:"), "&=") > query),
                  "'&' or '=' in the address of \"%s\"", uri);
  if (query == NULL)
    return;
  params = g_strsplit (query + 1, "&", -1);
  for (guint i = 0; params[i] != NULL; i++)
    {
      const char *names[] = { "cc=", "subject=", "body=" };
      gboolean known = FALSE;

      cn_fuzz_assert (count_char (params[i], '=') == 1 && strchr (params[i], '?') == NULL,
                      "mailto: parameter \"%s\"", params[i]);
      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        if (g_str_has_prefix (params[i], names[k]))
          {
            cn_fuzz_assert (!(seen & (1u << k)), "mailto: parameter %s twice", names[k]);
            seen |= 1u << k;
            known = TRUE;
          }
      cn_fuzz_assert (known, "mailto: parameter \"%s\"", params[i]);
    }
}

static guint
count_addresses (GMimeMessage *mime, GMimeAddressType type)
{
  InternetAddressList *list = g_mime_message_get_addresses (mime, type);

  return list != NULL ? (guint) internet_address_list_length (list) : 0;
}

/* The bytes that leave: only our headers, CRLF lines, one recipient each. */
static void
check_mime (const CnMessage *message, const char *in_reply_to, const char *connector)
{
  g_autoptr(CnMailAccount) account = cn_mail_account_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *head = NULL;
  GMimeStream *stream;
  GMimeParser *parser;
  GMimeMessage *parsed;
  GMimeHeaderList *headers;
  const char *data, *end;
  gsize size;
  guint n_subjects = 0;

  account->from_address = g_strdup ("connector@example.org");
  account->from_name = g_strdup (connector);
  bytes = cn_mail_build_message (account, message, in_reply_to, &message_id);
  cn_fuzz_check_one_line ("Message-ID", message_id);
  data = g_bytes_get_data (bytes, &size);
  cn_fuzz_assert (data != NULL && size > 0, "an empty MIME message");
  end = g_strstr_len (data, size, "\r\n\r\n");
  cn_fuzz_assert (end != NULL, "no end to the MIME headers");
  head = g_strndup (data, end + 2 - data);

  for (const char *p = head; *p != '\0'; p++)
    {
      cn_fuzz_assert (*p != '\n' || (p > head && p[-1] == '\r'), "a bare LF in the MIME headers");
      cn_fuzz_assert (*p != '\r' || p[1] == '\n', "a bare CR in the MIME headers");
      cn_fuzz_assert ((guchar) *p >= ' ' || *p == '\r' || *p == '\n' || *p == '\t',
                      "control byte 0x%02x in the MIME headers", (guint8) *p);
    }
  for (const char *line = head; *line != '\0'; line = strstr (line, "\r\n") + 2)
    {
      const char *colon;
      g_autofree char *name = NULL;

      if (*line == ' ' || *line == '\t')
        continue; /* folded */
      colon = strchr (line, ':');
      cn_fuzz_assert (colon != NULL && colon < strstr (line, "\r\n"), "MIME header line \"%.*s\"",
                      (int) (strstr (line, "\r\n") - line), line);
      name = g_ascii_strdown (line, colon - line);
      cn_fuzz_assert (g_strv_contains (allowed_headers, name),
                      "a \"%s\" header in the MIME message", name);
      n_subjects += g_str_equal (name, "subject");
    }
  cn_fuzz_assert (n_subjects == 1, "%u Subject headers", n_subjects);

  /* What a mail client reads back: one address in To, one in Cc at most. */
  stream = g_mime_stream_mem_new_with_buffer (data, size);
  parser = g_mime_parser_new_with_stream (stream);
  parsed = g_mime_parser_construct_message (parser, NULL);
  cn_fuzz_assert (parsed != NULL, "the MIME message does not parse back");
  cn_fuzz_assert (count_addresses (parsed, GMIME_ADDRESS_TYPE_TO) <= 1 &&
                      count_addresses (parsed, GMIME_ADDRESS_TYPE_CC) <= 1 &&
                      count_addresses (parsed, GMIME_ADDRESS_TYPE_BCC) == 0 &&
                      count_addresses (parsed, GMIME_ADDRESS_TYPE_FROM) == 1,
                  "the MIME message has %u To, %u Cc, %u Bcc, %u From addresses",
                  count_addresses (parsed, GMIME_ADDRESS_TYPE_TO),
                  count_addresses (parsed, GMIME_ADDRESS_TYPE_CC),
                  count_addresses (parsed, GMIME_ADDRESS_TYPE_BCC),
                  count_addresses (parsed, GMIME_ADDRESS_TYPE_FROM));
  headers = g_mime_object_get_header_list (GMIME_OBJECT (parsed));
  for (int i = 0; i < g_mime_header_list_get_count (headers); i++)
    {
      GMimeHeader *header = g_mime_header_list_get_header_at (headers, i);
      g_autofree char *name = g_ascii_strdown (g_mime_header_get_name (header), -1);

      cn_fuzz_assert (g_strv_contains (allowed_headers, name),
                      "a \"%s\" header read back from the MIME message", name);
    }
  g_object_unref (parsed);
  g_object_unref (parser);
  g_object_unref (stream);
}

static void
check_message (const CnMessage *message,
               const char *lang,
               const char *in_reply_to,
               const char *connector)
{
  cn_fuzz_assert (message != NULL, "no message");
  cn_fuzz_check_utf8 ("to_name", message->to_name, TRUE);
  cn_fuzz_check_utf8 ("to_address", message->to_address, TRUE);
  cn_fuzz_check_utf8 ("cc_name", message->cc_name, TRUE);
  cn_fuzz_check_utf8 ("cc_address", message->cc_address, TRUE);
  cn_fuzz_check_utf8 ("subject", message->subject, FALSE);
  cn_fuzz_check_utf8 ("body", message->body, FALSE);
  /* What leaves the machine first. */
  check_mime (message, in_reply_to, connector);
  check_mailto (message);
  check_text (message, lang);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static gboolean mime_ready;
  g_autoptr(CnFuzzFields) fields = NULL;
  g_autoptr(CnRequest) request = NULL;
  g_autoptr(CnContact) contact = NULL;
  g_autoptr(CnMessage) forward = NULL;
  g_autoptr(CnMessage) reply = NULL;
  g_autofree char *template_text = NULL;
  g_autofree char *expanded = NULL;
  CnComposeValues values = { 0 };
  const char *lang, *template_name;
  guint8 flags;
  guint mask;

  cn_fuzz_init ();
  if (!mime_ready)
    {
      g_mime_init ();
      mime_ready = TRUE;
    }
  if (size < 2)
    return 0;
  flags = data[0];
  mask = data[1] & ((1u << CN_N_ELEMENTS) - 1);
  fields = cn_fuzz_fields_new (data + 2, size - 2, N_FIELDS);
  lang = (flags & 1) ? "fr" : "en";

  values.lang = lang;
  values.requester = cn_fuzz_fields_get (fields, F_REQUESTER);
  values.target = cn_fuzz_fields_get (fields, F_TARGET);
  values.objective = cn_fuzz_fields_get (fields, F_OBJECTIVE);
  values.ask = cn_fuzz_fields_get (fields, F_ASK);
  values.relationship = (flags >> 3) & 7;
  values.questions = cn_fuzz_fields_get (fields, F_QUESTIONS);
  values.reason = cn_fuzz_fields_get (fields, F_REASON);
  values.connector = cn_fuzz_fields_get (fields, F_CONNECTOR);

  template_name = default_templates[flags >> 6];
  if (template_name != NULL)
    template_text = cn_compose_get_default_template (template_name, lang);
  else
    template_text = g_strdup (cn_fuzz_fields_get (fields, F_TEMPLATE));
  expanded = cn_compose_expand (template_text, &values);
  check_expansion (template_text, &values, expanded);
  check_questions (mask, lang);
  check_relationship (values.relationship, values.requester, lang);

  request = cn_request_new ();
  cn_request_set_requester_name (request, values.requester);
  cn_request_set_requester_email (request, cn_fuzz_fields_get (fields, F_REQUESTER_EMAIL));
  cn_request_set_target_name (request, values.target);
  cn_request_set_note_to_target (request, cn_fuzz_fields_get (fields, F_NOTE));
  if (flags & 4)
    {
      contact = cn_contact_new (values.target != NULL ? values.target : "");
      cn_contact_set_email (contact, cn_fuzz_fields_get (fields, F_TARGET_EMAIL));
    }

  forward = cn_compose_forward (request, contact, expanded, (flags & 2) != 0, lang);
  check_message (forward, lang, cn_fuzz_fields_get (fields, F_IN_REPLY_TO), values.connector);
  reply = cn_compose_reply (request, cn_fuzz_fields_get (fields, F_REPLY), lang);
  check_message (reply, lang, cn_fuzz_fields_get (fields, F_IN_REPLY_TO), values.connector);
  return 0;
}
