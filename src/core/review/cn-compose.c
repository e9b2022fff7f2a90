/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-compose.h"
#include "cn-outside-text.h"

#include <string.h>

#include "cn-core-resources.h"

/* These texts follow the request's language, not the interface's: they are
 * data (here and in data/templates), not gettext strings. */

#define TEMPLATES_PATH "/io/github/connecteur/Connecteur/core/templates/"

typedef enum {
  LANG_EN = 0,
  LANG_FR = 1,
  N_LANGS
} Lang;

static const char *const placeholders[] = {
  "requester",    "requester_first_name",
  "target",       "target_first_name",
  "objective",    "ask",
  "relationship", "questions",
  "reason",       "connector",
  NULL,
};
/* The same, in French, in the same order (cn-compose.h lists both). */
static const char *const french_placeholders[] = {
  "demandeur", "prenom_demandeur", "contact", "prenom_contact", "objectif", "demande",
  "relation",  "questions",        "motif",   "connecteur",     NULL,
};
G_STATIC_ASSERT (G_N_ELEMENTS (placeholders) == G_N_ELEMENTS (french_placeholders));

/* A reply in the "tu" register is this template language. */
#define TU_SUFFIX "-tu"

static const char *const template_names[] = {
  CN_TEMPLATE_ENDORSEMENT,
  CN_TEMPLATE_ASK_MOTIVATION,
  CN_TEMPLATE_DECLINE,
};

/* What an empty objective or ask expands to. */
static const char *const neutral_objective[N_LANGS] = {
  "explained in their message",
  "exposé dans son message",
};
static const char *const neutral_ask[N_LANGS] = {
  "described in their message",
  "précisé dans son message",
};
/* Stands for an unknown name. */
static const char *const someone[N_LANGS] = { "this person", "cette personne" };

/* Indexed by CnRelationship; @ stands for the requester. */
static const char *const relationship_sentences[N_LANGS][CN_RELATIONSHIP_LAST + 1] = {
  {
      NULL,
      "I know @ personally.",
      "I know @ professionally.",
      "I have met @ once.",
      "I do not know @ personally: their request came to me directly.",
  },
  {
      NULL,
      "Je connais @ personnellement.",
      "Je connais @ dans un cadre professionnel.",
      "J’ai rencontré @ une fois.",
      "Je ne connais pas @ personnellement : sa demande m’est parvenue directement.",
  },
};

/* The questions of an ask for motivation, in the order a reader expects
 * them: what, why them, how much, then who and how it is written. */
typedef struct
{
  CnElement element;
  const char *text[N_LANGS];
  const char *fr_tu; /* the French, addressing the requester as "tu"; NULL: the same */
} Question;

static const Question questions[] = {
  { CN_ELEMENT_OBJECTIVE,
    { "What is your objective?", "Quel est votre objectif ?" },
    "Quel est ton objectif ?" },
  { CN_ELEMENT_SPECIFIC_ASK,
    { "What exactly would you like from this person?",
      "Qu’attendez-vous précisément de cette personne ?" },
    "Qu’attends-tu précisément de cette personne ?" },
  { CN_ELEMENT_WHY_YOU,
    { "Why this contact in particular?", "Pourquoi ce contact en particulier ?" },
    NULL },
  { CN_ELEMENT_EFFORT_BOUND,
    { "How much of their time would it take?", "Combien de temps cela lui demanderait-il ?" },
    NULL },
  { CN_ELEMENT_SELF_INTRO,
    { "Could you say a few words about yourself?",
      "Pourriez-vous vous présenter en quelques mots ?" },
    "Pourrais-tu te présenter en quelques mots ?" },
  { CN_ELEMENT_PERSONALISED,
    { "Could you address your note to them personally, not as a general message?",
      "Pourriez-vous adresser votre message à cette personne en particulier, plutôt qu’un "
      "message général ?" },
    "Pourrais-tu adresser ton message à cette personne en particulier, plutôt qu’un message "
    "général ?" },
};

/* "fr", "fr-FR", "fr_FR" are French; anything else is English. */
static Lang
parse_lang (const char *lang)
{
  if (lang != NULL && g_ascii_strncasecmp (lang, "fr", 2) == 0 &&
      (lang[2] == '\0' || lang[2] == '_' || lang[2] == '-'))
    return LANG_FR;
  return LANG_EN;
}

static const char *
lang_id (Lang lang)
{
  return lang == LANG_FR ? "fr" : "en";
}

/* "fr-tu" is French addressing the requester as "tu"; any other French is "vous". */
static CnRegister
parse_register (const char *lang)
{
  gsize len = lang != NULL ? strlen (lang) : 0;

  if (parse_lang (lang) == LANG_FR && len > strlen (TU_SUFFIX) &&
      g_ascii_strcasecmp (lang + len - strlen (TU_SUFFIX), TU_SUFFIX) == 0)
    return CN_REGISTER_TU;
  return CN_REGISTER_VOUS;
}

/* Text from requests may be anything: never NULL, always valid UTF-8. */
static char *
valid_text (const char *text)
{
  return text != NULL ? g_utf8_make_valid (text, -1) : g_strdup ("");
}

/* The first word of a full name ("Hélène" for "Hélène Vasseur"). */
static char *
first_name (const char *full_name)
{
  g_autofree char *name = g_strstrip (valid_text (full_name));
  const char *end = name;

  while (*end != '\0' && !g_unichar_isspace (g_utf8_get_char (end)))
    end = g_utf8_next_char (end);

  return g_strndup (name, end - name);
}

/* An objective or ask set in a sentence of the template: without its final
 * full stop (the template has its own), or the neutral phrase when empty. */
static char *
phrase_or (const char *text, const char *fallback)
{
  g_autofree char *phrase = g_strstrip (valid_text (text));
  gsize len = strlen (phrase);

  while (len > 0 && (phrase[len - 1] == '.' || g_ascii_isspace (phrase[len - 1])))
    phrase[--len] = '\0';

  return len > 0 ? g_steal_pointer (&phrase) : g_strdup (fallback);
}

const char *const *
cn_compose_get_placeholders (void)
{
  return placeholders;
}

const char *const *
cn_compose_get_placeholders_for_lang (const char *lang)
{
  return parse_lang (lang) == LANG_FR ? french_placeholders : placeholders;
}

const char *
cn_compose_placeholder_name (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; placeholders[i] != NULL; i++)
    {
      if (g_str_equal (name, placeholders[i]) || g_str_equal (name, french_placeholders[i]))
        return placeholders[i];
    }
  return NULL;
}

gboolean
cn_compose_is_placeholder (const char *name)
{
  return cn_compose_placeholder_name (name) != NULL;
}

gboolean
cn_compose_has_placeholder (const char *text, const char *name)
{
  g_autofree char *english = NULL;
  g_autofree char *french = NULL;

  g_return_val_if_fail (cn_compose_placeholder_name (name) != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (guint i = 0; placeholders[i] != NULL; i++)
    {
      if (!g_str_equal (name, placeholders[i]) && !g_str_equal (name, french_placeholders[i]))
        continue;
      english = g_strconcat ("{", placeholders[i], "}", NULL);
      french = g_strconcat ("{", french_placeholders[i], "}", NULL);
      break;
    }
  return strstr (text, english) != NULL || strstr (text, french) != NULL;
}

gboolean
cn_compose_lang_has_registers (const char *lang)
{
  return parse_lang (lang) == LANG_FR;
}

const char *
cn_compose_template_lang (const char *lang, CnRegister reg)
{
  if (parse_lang (lang) != LANG_FR)
    return "en";
  return reg == CN_REGISTER_TU ? "fr" TU_SUFFIX : "fr";
}

static gboolean
is_name_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_' || c == '-';
}

/* Calls @found for each {name} of @text (valid UTF-8) with its byte and
 * character positions; names are borrowed from @text (not terminated). */
typedef void (*PlaceholderFunc) (const char *name,
                                 gsize name_len,
                                 gsize byte_start,
                                 gsize byte_end,
                                 guint char_start,
                                 guint char_end,
                                 gpointer user_data);

static void
scan_placeholders (const char *text, PlaceholderFunc found, gpointer user_data)
{
  const char *p = text;
  guint offset = 0;

  while (*p != '\0')
    {
      const char *q;
      guint chars = 1;

      if (*p != '{')
        {
          p = g_utf8_next_char (p);
          offset++;
          continue;
        }

      for (q = p + 1; *q != '\0' && is_name_char (g_utf8_get_char (q)); q = g_utf8_next_char (q))
        chars++;
      if (*q == '}' && q > p + 1)
        {
          found (p + 1, q - p - 1, p - text, q + 1 - text, offset, offset + chars + 1, user_data);
          offset += chars + 1;
          p = q + 1;
        }
      else
        {
          /* Not a placeholder: "{" alone, "{ x }"; a "{" further on may start one. */
          p++;
          offset++;
        }
    }
}

static void
append_placeholder (const char *name,
                    gsize name_len,
                    gsize byte_start,
                    gsize byte_end,
                    guint char_start,
                    guint char_end,
                    gpointer user_data)
{
  GArray *array = user_data;
  g_autofree char *copy = g_strndup (name, name_len);
  CnPlaceholder placeholder = { { char_start, char_end }, cn_compose_is_placeholder (copy) };

  g_array_append_val (array, placeholder);
}

GArray *
cn_compose_find_placeholders (const char *text)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (CnPlaceholder));
  g_autofree char *valid = valid_text (text);

  scan_placeholders (valid, append_placeholder, array);
  return array;
}

char *
cn_compose_get_default_template (const char *name, const char *lang)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gboolean known = FALSE;
  char *text;

  for (guint i = 0; i < G_N_ELEMENTS (template_names); i++)
    known |= g_strcmp0 (name, template_names[i]) == 0;
  if (!known)
    return NULL;

  /* The "tu" version; the "vous" one when a template has none. */
  if (parse_register (lang) == CN_REGISTER_TU)
    {
      path = g_strconcat (TEMPLATES_PATH, name, ".fr" TU_SUFFIX ".txt", NULL);
      bytes = g_resource_lookup_data (cn_core_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                      NULL);
    }
  if (bytes == NULL)
    {
      g_free (path);
      path = g_strconcat (TEMPLATES_PATH, name, ".", lang_id (parse_lang (lang)), ".txt", NULL);
      bytes = g_resource_lookup_data (cn_core_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                      &error);
    }
  if (bytes == NULL)
    g_error ("The built-in template %s is missing: %s", path, error->message);

  /* Without the file's final line break: editors would show an empty line. */
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return g_strchomp (text);
}

char *
cn_compose_relationship_sentence (CnRelationship relationship,
                                  const char *requester,
                                  const char *lang)
{
  Lang l = parse_lang (lang);
  g_autofree char *name = g_strstrip (valid_text (requester));

  if (relationship == CN_RELATIONSHIP_UNSET || (guint) relationship > CN_RELATIONSHIP_LAST)
    return NULL;

  {
    g_auto (GStrv) parts = g_strsplit (relationship_sentences[l][relationship], "@", 2);

    return g_strconcat (parts[0], *name != '\0' ? name : someone[l], parts[1], NULL);
  }
}

char *
cn_compose_questions (guint element_mask, const char *lang)
{
  return cn_compose_questions_in (element_mask, lang, parse_register (lang));
}

char *
cn_compose_questions_in (guint element_mask, const char *lang, CnRegister reg)
{
  Lang l = parse_lang (lang);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (questions); i++)
    {
      const char *question = questions[i].text[l];

      if (element_mask & (1u << questions[i].element))
        continue;
      if (l == LANG_FR && reg == CN_REGISTER_TU && questions[i].fr_tu != NULL)
        question = questions[i].fr_tu;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, "- ");
      g_string_append (text, question);
    }

  return g_string_free (text, FALSE);
}

typedef struct
{
  const char *template_text;
  GString *out;
  gsize copied; /* bytes of the template copied so far */
  GHashTable *values;
} ExpandData;

/* @key: a placeholder's English name, whichever name the template used. */
static gboolean
is_name (const char *key)
{
  return g_str_has_prefix (key, "requester") || g_str_has_prefix (key, "target") ||
         g_str_equal (key, "connector");
}

static void
expand_one (const char *name,
            gsize name_len,
            gsize byte_start,
            gsize byte_end,
            guint char_start,
            guint char_end,
            gpointer user_data)
{
  ExpandData *data = user_data;
  g_autofree char *key = g_strndup (name, name_len);
  const char *english = cn_compose_placeholder_name (key);
  const char *value = english != NULL ? g_hash_table_lookup (data->values, english) : NULL;

  const char *text = data->template_text;

  if (value == NULL)
    return; /* unknown: stays as written */

  g_string_append_len (data->out, text + data->copied, byte_start - data->copied);
  g_string_append (data->out, value);
  data->copied = byte_end;

  /* An empty value alone on its line (no questions, no reason) takes its
   * line away, and one of the blank lines around it: no gap in the text. */
  if (*value == '\0' && (byte_start == 0 || text[byte_start - 1] == '\n') &&
      (text[byte_end] == '\n' || text[byte_end] == '\0'))
    {
      if (text[data->copied] == '\n')
        data->copied++;
      if ((byte_start == 0 || (byte_start >= 2 && text[byte_start - 2] == '\n')) &&
          text[data->copied] == '\n')
        data->copied++;
    }
  /* An empty value that opens a line takes the space after it too. */
  else if (*value == '\0' && (byte_start == 0 || text[byte_start - 1] == '\n') &&
           text[byte_end] == ' ')
    data->copied++;
  /* An empty name before punctuation takes the space before it: a greeting
   * without a name reads "Hello," and never "Hello ,". */
  else if (*value == '\0' && is_name (english) && byte_start > 0 && text[byte_start - 1] == ' ' &&
           strchr (",.;:!?\n", text[byte_end]) != NULL && data->out->len > 0 &&
           data->out->str[data->out->len - 1] == ' ')
    g_string_truncate (data->out, data->out->len - 1);
}

char *
cn_compose_expand (const char *template_text, const CnComposeValues *values)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree char *text = valid_text (template_text);
  CnComposeValues empty = { 0 };
  ExpandData data = { 0 };
  Lang l;

  if (values == NULL)
    values = &empty;
  l = parse_lang (values->lang);

  g_hash_table_insert (table, "requester", g_strstrip (valid_text (values->requester)));
  g_hash_table_insert (table, "requester_first_name", first_name (values->requester));
  g_hash_table_insert (table, "target", g_strstrip (valid_text (values->target)));
  g_hash_table_insert (table, "target_first_name", first_name (values->target));
  g_hash_table_insert (table, "objective", phrase_or (values->objective, neutral_objective[l]));
  g_hash_table_insert (table, "ask", phrase_or (values->ask, neutral_ask[l]));
  g_hash_table_insert (table, "relationship",
                       cn_compose_relationship_sentence (values->relationship, values->requester,
                                                         values->lang)
                           ?: g_strdup (""));
  g_hash_table_insert (table, "questions", valid_text (values->questions));
  g_hash_table_insert (table, "reason", g_strstrip (valid_text (values->reason)));
  g_hash_table_insert (table, "connector", g_strstrip (valid_text (values->connector)));

  data.template_text = text;
  data.out = g_string_new (NULL);
  data.values = table;
  scan_placeholders (text, expand_one, &data);
  g_string_append (data.out, text + data.copied);

  return g_string_free (data.out, FALSE);
}

CnMessage *
cn_message_copy (const CnMessage *message)
{
  CnMessage *copy = g_new0 (CnMessage, 1);

  g_return_val_if_fail (message != NULL, NULL);

  copy->to_name = g_strdup (message->to_name);
  copy->to_address = g_strdup (message->to_address);
  copy->cc_name = g_strdup (message->cc_name);
  copy->cc_address = g_strdup (message->cc_address);
  copy->subject = g_strdup (message->subject);
  copy->body = g_strdup (message->body);
  return copy;
}

void
cn_message_free (CnMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->to_name);
  g_free (message->to_address);
  g_free (message->cc_name);
  g_free (message->cc_address);
  g_free (message->subject);
  g_free (message->body);
  g_free (message);
}

/* NULL for an unknown (empty) address. On one line: a line break inside
 * would start a header of its own ("Bcc: …") in the text copied or kept. */
static char *
address_or_null (const char *address)
{
  return cn_outside_text_single_line (address);
}

static char *
name_or_null (const char *name)
{
  return cn_outside_text_single_line (name);
}

/* Line ends made "\n" (mail from other systems may bring "\r\n" or "\r"). */
static char *
unix_lines (const char *text)
{
  g_autofree char *valid = valid_text (text);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p++)
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

CnMessage *
cn_compose_forward (CnRequest *request,
                    CnContact *target,
                    const char *endorsement,
                    gboolean cc_requester,
                    const char *lang)
{
  CnMessage *message;
  Lang l = parse_lang (lang);
  g_autofree char *requester = NULL;
  g_autofree char *target_name = NULL;
  g_autofree char *body_start = NULL;
  g_autofree char *note = NULL;
  g_auto(GStrv) lines = NULL;
  GString *body;

  g_return_val_if_fail (CN_IS_REQUEST (request), NULL);
  g_return_val_if_fail (target == NULL || CN_IS_CONTACT (target), NULL);

  requester = name_or_null (cn_request_get_requester_name (request));
  if (requester == NULL)
    requester = g_strdup (someone[l]);
  target_name = name_or_null (target != NULL ? cn_contact_get_name (target)
                                             : cn_request_get_target_name (request));

  message = g_new0 (CnMessage, 1);
  message->to_name = g_strdup (target_name);
  message->to_address = target != NULL ? address_or_null (cn_contact_get_email (target)) : NULL;
  if (cc_requester)
    {
      message->cc_address = address_or_null (cn_request_get_requester_email (request));
      if (message->cc_address != NULL)
        message->cc_name = name_or_null (cn_request_get_requester_name (request));
    }
  message->subject = g_strdup_printf (l == LANG_FR ? "Mise en relation : %s → %s"
                                                   : "Introduction: %s → %s",
                                      requester, target_name != NULL ? target_name : someone[l]);

  /* The endorsement, then the requester's own words, quoted. */
  body_start = unix_lines (endorsement);
  g_strchomp (body_start);
  body = g_string_new (body_start);
  if (body->len > 0)
    g_string_append (body, "\n\n");
  g_string_append_printf (body, l == LANG_FR ? "— Message de %s —\n" : "— Message from %s —\n",
                          requester);
  note = unix_lines (cn_request_get_note_to_target (request));
  g_strchomp (note);
  lines = g_strsplit (note, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_string_append (body, "> ");
      g_string_append (body, lines[i]);
      g_string_append_c (body, '\n');
    }
  message->body = g_string_free (body, FALSE);

  return message;
}

CnMessage *
cn_compose_reply (CnRequest *request, const char *body, const char *lang)
{
  CnMessage *message;
  Lang l = parse_lang (lang);
  g_autofree char *target_name = NULL;

  g_return_val_if_fail (CN_IS_REQUEST (request), NULL);

  target_name = name_or_null (cn_request_get_target_name (request));

  message = g_new0 (CnMessage, 1);
  message->to_name = name_or_null (cn_request_get_requester_name (request));
  message->to_address = address_or_null (cn_request_get_requester_email (request));
  if (target_name != NULL)
    message->subject = g_strdup_printf (l == LANG_FR ? "Votre demande de mise en relation avec %s"
                                                     : "Re: your request to be introduced to %s",
                                        target_name);
  else
    message->subject = g_strdup (l == LANG_FR ? "Votre demande de mise en relation"
                                              : "Re: your request for an introduction");
  message->body = unix_lines (body);

  return message;
}

/* Marks a decline's private note in its history event; a reply's text starts
 * with its headers ("To:", "À :", "Subject:"), never with this. */
#define NOTE_PREFIX "note: "

char *
cn_decline_event_format (const char *note, const char *sent)
{
  g_autofree char *line = cn_outside_text_single_line (note);

  if (line == NULL)
    return valid_text (sent);
  {
    g_autofree char *body = valid_text (sent);

    return g_strconcat (NOTE_PREFIX, line, "\n\n", body, NULL);
  }
}

gboolean
cn_decline_event_parse (const char *text, char **out_note, const char **out_sent)
{
  const char *end;

  if (out_note != NULL)
    *out_note = NULL;
  if (text == NULL || !g_str_has_prefix (text, NOTE_PREFIX))
    return FALSE;
  text += strlen (NOTE_PREFIX);
  end = strchr (text, '\n');
  if (end == NULL)
    end = text + strlen (text);
  if (out_note != NULL)
    *out_note = g_strndup (text, end - text);
  if (out_sent != NULL)
    {
      /* Past the blank line between the note and the reply. */
      for (guint i = 0; i < 2 && *end == '\n'; i++)
        end++;
      *out_sent = end;
    }
  return TRUE;
}

/* Appends "?name=value" or "&name=value", everything outside the unreserved
 * characters percent-encoded (UTF-8 bytes included), "@" kept in addresses. */
static void
append_field (GString *uri, gboolean *first, const char *name, const char *value, gboolean address)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;

  escaped = g_uri_escape_string (value, address ? "@" : NULL, FALSE);
  g_string_append_c (uri, *first ? '?' : '&');
  g_string_append_printf (uri, "%s=%s", name, escaped);
  *first = FALSE;
}

char *
cn_message_to_mailto_uri (const CnMessage *message)
{
  GString *uri;
  gboolean first = TRUE;
  g_autofree char *to = NULL;
  g_autofree char *body = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *cc = NULL;

  g_return_val_if_fail (message != NULL, NULL);

  uri = g_string_new ("mailto:");
  to = address_or_null (message->to_address);
  if (to != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (to, "@", FALSE);
      g_string_append (uri, escaped);
    }

  cc = address_or_null (message->cc_address);
  append_field (uri, &first, "cc", cc, TRUE);
  /* A subject is one line. */
  subject = unix_lines (message->subject);
  g_strdelimit (subject, "\n", ' ');
  append_field (uri, &first, "subject", subject, FALSE);
  if (message->body != NULL)
    {
      g_autofree char *lines = unix_lines (message->body);
      g_auto(GStrv) parts = g_strsplit (lines, "\n", -1);

      /* RFC 6068: line breaks in a body are CRLF. */
      body = g_strjoinv ("\r\n", parts);
      append_field (uri, &first, "body", body, FALSE);
    }

  return g_string_free (uri, FALSE);
}

/* "Name <address>", "Name" or "address"; NULL when neither is known. */
static char *
format_recipient (const char *name, const char *address)
{
  g_autofree char *n = name_or_null (name);
  g_autofree char *a = address_or_null (address);

  if (n != NULL && a != NULL)
    return g_strdup_printf ("%s <%s>", n, a);
  return g_strdup (n != NULL ? n : a);
}

char *
cn_message_to_text (const CnMessage *message, const char *lang)
{
  Lang l = parse_lang (lang);
  g_autofree char *to = NULL;
  g_autofree char *cc = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  GString *text;

  g_return_val_if_fail (message != NULL, NULL);

  to = format_recipient (message->to_name, message->to_address);
  cc = format_recipient (message->cc_name, message->cc_address);
  subject = unix_lines (message->subject);
  g_strdelimit (subject, "\n", ' ');
  body = unix_lines (message->body);

  text = g_string_new (NULL);
  if (to != NULL)
    g_string_append_printf (text, "%s%s\n", l == LANG_FR ? "À : " : "To: ", to);
  if (cc != NULL)
    g_string_append_printf (text, "%s%s\n", l == LANG_FR ? "Cc : " : "Cc: ", cc);
  g_string_append_printf (text, "%s%s\n\n", l == LANG_FR ? "Objet : " : "Subject: ", subject);
  g_string_append (text, body);

  return g_string_free (text, FALSE);
}
