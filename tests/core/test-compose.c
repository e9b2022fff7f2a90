/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib.h>

#include "cn-compose.h"
#include "cn-register.h"

#define ALL_ELEMENTS ((1u << CN_N_ELEMENTS) - 1)

static gboolean
contains (const char *haystack, const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

static guint
count_lines (const char *text)
{
  guint n = *text != '\0';

  for (; *text != '\0'; text++)
    n += *text == '\n';
  return n;
}

static CnRequest *
make_request (const char *requester, const char *email, const char *target, const char *note)
{
  CnRequest *request = cn_request_new ();

  cn_request_set_id (request, 7);
  cn_request_set_requester_name (request, requester);
  cn_request_set_requester_email (request, email);
  cn_request_set_target_name (request, target);
  cn_request_set_note_to_target (request, note);
  return request;
}

static CnContact *
make_contact (const char *name, const char *email)
{
  CnContact *contact = cn_contact_new (name);

  cn_contact_set_id (contact, 3);
  cn_contact_set_email (contact, email);
  return contact;
}

/* Placeholders */

static void
test_find_placeholders (void)
{
  /* Character offsets: "É", "é" and "’" are one character each, not 2 or 3 bytes. */
  const char *text = "Été {requester}, l’{unknown_1} { x } {} {target-name}{ask}";
  g_autoptr(GArray) found = cn_compose_find_placeholders (text);
  CnPlaceholder *p;

  g_assert_cmpuint (found->len, ==, 4);
  p = &g_array_index (found, CnPlaceholder, 0);
  g_assert_cmpuint (p->span.start, ==, 4);
  g_assert_cmpuint (p->span.end, ==, 15);
  g_assert_true (p->known);
  p = &g_array_index (found, CnPlaceholder, 1);
  g_assert_cmpuint (p->span.start, ==, 19);
  g_assert_cmpuint (p->span.end, ==, 30);
  g_assert_false (p->known);
  p = &g_array_index (found, CnPlaceholder, 2);
  g_assert_cmpuint (p->span.start, ==, 40);
  g_assert_cmpuint (p->span.end, ==, 53);
  g_assert_false (p->known);
  p = &g_array_index (found, CnPlaceholder, 3);
  g_assert_cmpuint (p->span.start, ==, 53);
  g_assert_cmpuint (p->span.end, ==, 58);
  g_assert_true (p->known);

  /* The spans cut out exactly the braces and the name. */
  {
    g_autofree char *cut = g_utf8_substring (text, 19, 30);
    g_assert_cmpstr (cut, ==, "{unknown_1}");
  }

  g_clear_pointer (&found, g_array_unref);
  found = cn_compose_find_placeholders ("no braces, { open, close }, {{requester}}");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpuint (g_array_index (found, CnPlaceholder, 0).span.start, ==, 29);
  g_assert_true (g_array_index (found, CnPlaceholder, 0).known);
}

static void
test_placeholder_list (void)
{
  const char *const *names = cn_compose_get_placeholders ();
  const char *expected[] = { "requester",    "requester_first_name",
                             "target",       "target_first_name",
                             "objective",    "ask",
                             "relationship", "questions",
                             "reason",       "connector" };

  g_assert_cmpuint (g_strv_length ((char **) names), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (cn_compose_is_placeholder (expected[i]));
  g_assert_false (cn_compose_is_placeholder ("first_name"));
  g_assert_false (cn_compose_is_placeholder (""));
  g_assert_false (cn_compose_is_placeholder (NULL));
}

static void
test_expand_all (void)
{
  CnComposeValues values = {
    .lang = "en",
    .requester = "Amandine Roux",
    .target = "Hélène Vasseur",
    .objective = "changing careers towards responsible purchasing.",
    .ask = "a 20-minute call",
    .relationship = CN_RELATIONSHIP_PROFESSIONAL,
    .questions = "- Q1\n- Q2",
    .reason = "I only forward requests I can vouch for.",
    .connector = "Paul",
  };
  g_autofree char *text = NULL;

  text = cn_compose_expand ("{requester}|{requester_first_name}|{target}|{target_first_name}|"
                            "{objective}|{ask}|{relationship}|{questions}|{reason}|{connector}|"
                            "{first_name}",
                            &values);
  /* The objective's final full stop goes: the template has its own. */
  g_assert_cmpstr (text, ==,
                   "Amandine Roux|Amandine|Hélène Vasseur|Hélène|"
                   "changing careers towards responsible purchasing|a 20-minute call|"
                   "I know Amandine Roux professionally.|- Q1\n- Q2|"
                   "I only forward requests I can vouch for.|Paul|{first_name}");
}

static void
test_expand_empty_values (void)
{
  CnComposeValues en = { .lang = "en" };
  CnComposeValues fr = { .lang = "fr", .objective = "  ", .ask = "" };
  g_autofree char *text_en = cn_compose_expand ("[{objective}][{ask}][{relationship}][{target}]",
                                                &en);
  g_autofree char *text_fr = cn_compose_expand ("[{objective}][{ask}][{connector}]", &fr);

  /* Unset values are empty, but objective and ask read as a neutral phrase. */
  g_assert_true (g_str_has_suffix (text_en, "][][]"));
  g_assert_false (g_str_has_prefix (text_en, "[]"));
  g_assert_true (contains (text_en, "message"));
  g_assert_true (contains (text_fr, "son message"));
  g_assert_true (g_str_has_suffix (text_fr, "][]"));
  g_assert_false (g_str_has_prefix (text_fr, "[]"));
}

/* An empty value alone on its line leaves no gap. */
static void
test_expand_empty_line (void)
{
  CnComposeValues values = { .lang = "en", .requester = "Kevin Marsault" };
  g_autofree char *decline = cn_compose_get_default_template (CN_TEMPLATE_DECLINE, "en");
  g_autofree char *text = cn_compose_expand (decline, &values);
  g_autofree char *lines = cn_compose_expand ("A\n\n{reason}\n\nB\n{questions}\nC {reason}.\n"
                                              "{reason}",
                                              &values);
  g_autofree char *first = cn_compose_expand ("{reason}\n\nHello", &values);

  g_assert_true (g_str_has_prefix (text, "Hello Kevin,\n\n"));
  g_assert_false (contains (text, "\n\n\n"));
  g_assert_cmpstr (lines, ==, "A\n\nB\nC .\n");
  g_assert_cmpstr (first, ==, "Hello");
}

/* Templates */

static void
test_default_templates (void)
{
  const char *names[] = { CN_TEMPLATE_ENDORSEMENT, CN_TEMPLATE_ASK_MOTIVATION,
                          CN_TEMPLATE_DECLINE };
  const char *needed[][4] = {
    { "relationship", "target_first_name", "ask", "objective" },
    { "requester_first_name", "target", "questions", "connector" },
    { "requester_first_name", "target", "reason", "connector" },
  };
  const char *langs[] = { "en", "fr" };
  const char *greeting[] = { "Hello", "Bonjour" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
      {
        g_autofree char *text = cn_compose_get_default_template (names[i], langs[l]);
        g_autoptr(GArray) found = NULL;

        g_assert_nonnull (text);
        g_assert_true (g_str_has_prefix (text, greeting[l]));
        /* Under its English or French name. */
        for (guint k = 0; k < G_N_ELEMENTS (needed[i]); k++)
          g_assert_true (cn_compose_has_placeholder (text, needed[i][k]));
        /* Only placeholders the expansion knows. */
        found = cn_compose_find_placeholders (text);
        for (guint k = 0; k < found->len; k++)
          g_assert_true (g_array_index (found, CnPlaceholder, k).known);
        g_assert_false (g_str_has_suffix (text, "\n"));
      }

  /* The endorsement offers an easy way to say no. */
  {
    g_autofree char *en = cn_compose_get_default_template (CN_TEMPLATE_ENDORSEMENT, "en");
    g_autofree char *fr = cn_compose_get_default_template (CN_TEMPLATE_ENDORSEMENT, "fr");
    g_autofree char *other = cn_compose_get_default_template (CN_TEMPLATE_ENDORSEMENT, "de");
    g_autofree char *fr_fr = cn_compose_get_default_template (CN_TEMPLATE_ENDORSEMENT, "fr_FR");

    g_assert_true (contains (en, "simple no"));
    g_assert_true (contains (fr, "simple non"));
    g_assert_cmpstr (other, ==, en);
    g_assert_cmpstr (fr_fr, ==, fr);
  }

  g_assert_null (cn_compose_get_default_template ("../lexicons/en", "en"));
  g_assert_null (cn_compose_get_default_template ("nothing", "fr"));
}

static void
test_default_endorsement_expanded (void)
{
  g_autofree char *template_text = cn_compose_get_default_template (CN_TEMPLATE_ENDORSEMENT, "fr");
  CnComposeValues values = {
    .lang = "fr",
    .requester = "Nadia Benali",
    .target = "Claire Fontanel",
    .objective = "valider son projet de reconversion vers les achats responsables",
    .ask = "un échange de 20 minutes",
    .relationship = CN_RELATIONSHIP_DO_NOT_KNOW,
    .connector = "Paul Martin",
  };
  g_autofree char *text = cn_compose_expand (template_text, &values);

  g_assert_true (g_str_has_prefix (text, "Bonjour Claire,\n"));
  g_assert_true (contains (text, "Je ne connais pas Nadia Benali personnellement"));
  g_assert_true (contains (text, "achats responsables"));
  g_assert_true (contains (text, "un échange de 20 minutes"));
  g_assert_true (g_str_has_suffix (text, "Paul Martin"));
  g_assert_false (contains (text, "{"));
}

static void
test_relationship_sentences (void)
{
  const char *en[] = { NULL, "I know Amandine Roux personally.",
                       "I know Amandine Roux professionally.", "I have met Amandine Roux once.",
                       "I do not know Amandine Roux personally: their request came to me "
                       "directly." };
  const char *fr[] = { NULL, "Je connais Amandine Roux personnellement.",
                       "Je connais Amandine Roux dans un cadre professionnel.",
                       "J’ai rencontré Amandine Roux une fois.",
                       "Je ne connais pas Amandine Roux personnellement : sa demande m’est "
                       "parvenue directement." };

  for (guint r = 0; r <= CN_RELATIONSHIP_LAST; r++)
    {
      g_autofree char *s_en = cn_compose_relationship_sentence (r, "Amandine Roux", "en");
      g_autofree char *s_fr = cn_compose_relationship_sentence (r, "Amandine Roux", "fr");

      g_assert_cmpstr (s_en, ==, en[r]);
      g_assert_cmpstr (s_fr, ==, fr[r]);
    }
}

/* Before a relationship is chosen, the line it opens starts with the next word. */
static void
test_unset_relationship_leaves_no_space (void)
{
  CnComposeValues values = { .lang = "en", .requester = "Amandine Roux" };
  g_autofree char *text = cn_compose_expand ("Hello,\n\n{relationship} Amandine asked.", &values);

  g_assert_cmpstr (text, ==, "Hello,\n\nAmandine asked.");
}

static void
test_questions (void)
{
  guint without_ask = ALL_ELEMENTS & ~(1u << CN_ELEMENT_SPECIFIC_ASK) &
                      ~(1u << CN_ELEMENT_WHY_YOU) & ~(1u << CN_ELEMENT_EFFORT_BOUND);
  g_autofree char *none = cn_compose_questions (ALL_ELEMENTS, "en");
  g_autofree char *en = cn_compose_questions (without_ask, "en");
  g_autofree char *fr = cn_compose_questions (without_ask, "fr");
  g_autofree char *all_en = cn_compose_questions (1u << CN_ELEMENT_REASON_TO_FORWARD, "en");
  g_autofree char *all_fr = cn_compose_questions (0, "fr");
  g_auto(GStrv) lines = NULL;

  g_assert_cmpstr (none, ==, "");
  g_assert_cmpuint (count_lines (en), ==, 3);
  g_assert_true (contains (en, "- What exactly would you like from this person?"));
  g_assert_true (contains (en, "- Why this contact in particular?"));
  g_assert_true (contains (en, "- How much of their time would it take?"));
  g_assert_false (contains (en, "objective"));

  g_assert_cmpuint (count_lines (fr), ==, 3);
  g_assert_true (contains (fr, "- Qu’attendez-vous précisément de cette personne ?"));
  g_assert_true (contains (fr, "- Pourquoi ce contact en particulier ?"));
  g_assert_true (contains (fr, "temps"));

  /* The six elements of the note; never the reason to forward. */
  g_assert_cmpuint (count_lines (all_en), ==, 6);
  g_assert_cmpuint (count_lines (all_fr), ==, 6);
  g_assert_true (contains (all_en, "yourself"));
  g_assert_true (contains (all_fr, "Quel est votre objectif ?"));
  lines = g_strsplit (all_fr, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_true (g_str_has_prefix (lines[i], "- "));
}

/* Messages */

static void
test_forward (void)
{
  const char *note = "Bonjour Madame Fontanel,\n\nJe prépare une reconversion.\r\nMerci,\nNadia";
  g_autoptr(CnRequest) request = make_request ("Nadia Benali", "nadia@courriel.example",
                                                "Claire Fontanel", note);
  g_autoptr(CnContact) claire = make_contact ("Claire Fontanel", "claire@passerelles.example");
  g_autoptr(CnMessage) message = NULL;
  g_autoptr(CnMessage) english = NULL;
  g_auto(GStrv) lines = NULL;
  guint quoted = 0;

  message = cn_compose_forward (request, claire, "Bonjour Claire,\n\nJe recommande Nadia.\n", TRUE,
                                "fr");
  g_assert_cmpstr (message->to_name, ==, "Claire Fontanel");
  g_assert_cmpstr (message->to_address, ==, "claire@passerelles.example");
  g_assert_cmpstr (message->cc_name, ==, "Nadia Benali");
  g_assert_cmpstr (message->cc_address, ==, "nadia@courriel.example");
  g_assert_cmpstr (message->subject, ==, "Mise en relation : Nadia Benali → Claire Fontanel");
  g_assert_true (g_str_has_prefix (message->body, "Bonjour Claire,\n\nJe recommande Nadia.\n\n"
                                                  "— Message de Nadia Benali —\n"));

  /* Every line of the note is quoted, the empty one too. */
  lines = g_strsplit (strstr (message->body, "—\n") + strlen ("—\n"), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break; /* after the final line break */
      g_assert_true (g_str_has_prefix (lines[i], "> "));
      quoted++;
    }
  g_assert_cmpuint (quoted, ==, 5);
  g_assert_true (contains (message->body, "> Je prépare une reconversion.\n> Merci,\n"));
  g_assert_false (contains (message->body, "\r"));

  english = cn_compose_forward (request, claire, "Hi", TRUE, "en");
  g_assert_cmpstr (english->subject, ==, "Introduction: Nadia Benali → Claire Fontanel");
  g_assert_true (contains (english->body, "— Message from Nadia Benali —\n> Bonjour"));
}

static void
test_forward_cc_rules (void)
{
  g_autoptr(CnRequest) with_email = make_request ("Nadia Benali", "nadia@courriel.example",
                                                   "Claire Fontanel", "Bonjour");
  g_autoptr(CnRequest) without_email = make_request ("Kevin Marsault", NULL, "Claire Fontanel",
                                                      "Bonjour");
  g_autoptr(CnContact) claire = make_contact ("Claire Fontanel", NULL);
  g_autoptr(CnMessage) not_asked = cn_compose_forward (with_email, claire, "", FALSE, "en");
  g_autoptr(CnMessage) no_address = cn_compose_forward (without_email, claire, "", TRUE, "en");
  g_autoptr(CnMessage) asked = cn_compose_forward (with_email, claire, "", TRUE, "en");

  g_assert_null (not_asked->cc_address);
  g_assert_null (not_asked->cc_name);
  g_assert_null (no_address->cc_address);
  g_assert_cmpstr (asked->cc_address, ==, "nadia@courriel.example");
  /* The contact has no address: the connector fills it in the mail client. */
  g_assert_null (asked->to_address);
  g_assert_cmpstr (asked->to_name, ==, "Claire Fontanel");
}

static void
test_reply (void)
{
  g_autoptr(CnRequest) request = make_request ("Kevin Marsault", "kevin@mail.example",
                                                "Hélène Vasseur", "Bonjour");
  g_autoptr(CnMessage) fr = cn_compose_reply (request, "Bonjour Kevin,\r\nPourriez-vous…", "fr");
  g_autoptr(CnMessage) en = cn_compose_reply (request, "Hello Kevin", "en");

  g_assert_cmpstr (fr->to_name, ==, "Kevin Marsault");
  g_assert_cmpstr (fr->to_address, ==, "kevin@mail.example");
  g_assert_null (fr->cc_address);
  g_assert_cmpstr (fr->subject, ==, "Votre demande de mise en relation avec Hélène Vasseur");
  g_assert_cmpstr (fr->body, ==, "Bonjour Kevin,\nPourriez-vous…");
  g_assert_cmpstr (en->subject, ==, "Re: your request to be introduced to Hélène Vasseur");
}

/* The value of @field in a mailto: URI's query, decoded; NULL when absent. */
static char *
mailto_field (const char *uri, const char *field)
{
  const char *query = strchr (uri, '?');
  g_auto(GStrv) pairs = NULL;

  if (query == NULL)
    return NULL;
  pairs = g_strsplit (query + 1, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');

      g_assert_nonnull (eq);
      if (strncmp (pairs[i], field, eq - pairs[i]) == 0 &&
          strlen (field) == (gsize) (eq - pairs[i]))
        return g_uri_unescape_string (eq + 1, NULL);
    }
  return NULL;
}

static void
test_mailto (void)
{
  CnMessage message = {
    .to_name = "Hélène Vasseur",
    .to_address = "h.vasseur+intro@banque-ardoise.example",
    .cc_address = "nadia@courriel.example",
    .subject = "Mise en relation : Nadia → Hélène & co?",
    .body = "Bonjour Hélène,\n\n1 + 1 = 2 & 50 % ?\n#fin; a=b",
  };
  g_autofree char *uri = cn_message_to_mailto_uri (&message);
  g_autofree char *subject = mailto_field (uri, "subject");
  g_autofree char *body = mailto_field (uri, "body");
  g_autofree char *cc = mailto_field (uri, "cc");
  g_autofree char *to = NULL;
  g_auto(GStrv) fields = NULL;
  const char *query = strchr (uri, '?');

  g_assert_true (g_str_has_prefix (uri, "mailto:"));
  to = g_uri_unescape_segment (uri + strlen ("mailto:"), query, NULL);
  g_assert_cmpstr (to, ==, "h.vasseur+intro@banque-ardoise.example");
  g_assert_cmpstr (cc, ==, "nadia@courriel.example");
  g_assert_cmpstr (subject, ==, message.subject);
  g_assert_cmpstr (body, ==, "Bonjour Hélène,\r\n\r\n1 + 1 = 2 & 50 % ?\r\n#fin; a=b");

  /* Nothing a client could misread: no raw space, "+", "#", non-ASCII byte or
   * line break, and "&" only between fields. */
  for (const char *p = uri; *p != '\0'; p++)
    {
      g_assert_true (g_ascii_isalnum (*p) || strchr ("-._~%:?=&@", *p) != NULL);
    }
  g_assert_true (contains (uri, "%0D%0A"));
  g_assert_true (contains (uri, "%2B"));
  g_assert_true (contains (uri, "%C3%A8")); /* "è", in UTF-8 */
  fields = g_strsplit (query + 1, "&", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 3);
}

static void
test_mailto_without_address (void)
{
  CnMessage message = { .to_name = "Claire", .subject = "Hi there", .body = NULL };
  g_autofree char *uri = cn_message_to_mailto_uri (&message);

  g_assert_cmpstr (uri, ==, "mailto:?subject=Hi%20there");
}

static void
test_message_text (void)
{
  CnMessage message = {
    .to_name = "Claire Fontanel",
    .to_address = "claire@passerelles.example",
    .cc_name = "Nadia Benali",
    .cc_address = "nadia@courriel.example",
    .subject = "Mise en relation : Nadia Benali → Claire Fontanel",
    .body = "Bonjour Claire,\n\n> Bonjour",
  };
  CnMessage bare = { .to_name = "Kevin", .subject = "Re", .body = "Hello" };
  g_autofree char *fr = cn_message_to_text (&message, "fr");
  g_autofree char *en = cn_message_to_text (&message, "en");
  g_autofree char *bare_en = cn_message_to_text (&bare, "en");

  g_assert_cmpstr (fr, ==,
                   "À : Claire Fontanel <claire@passerelles.example>\n"
                   "Cc : Nadia Benali <nadia@courriel.example>\n"
                   "Objet : Mise en relation : Nadia Benali → Claire Fontanel\n"
                   "\n"
                   "Bonjour Claire,\n\n> Bonjour");
  g_assert_true (g_str_has_prefix (en, "To: Claire Fontanel <claire@passerelles.example>\n"
                                       "Cc: Nadia Benali <nadia@courriel.example>\n"
                                       "Subject: Mise en relation"));
  g_assert_cmpstr (bare_en, ==, "To: Kevin\nSubject: Re\n\nHello");
}

/* A line break in a name or an address never starts a header of its own in
 * the text copied or kept in the history. */
static void
test_message_text_one_line_recipients (void)
{
  CnMessage message = {
    .to_name = "Claire\r\nBcc: eve@evil.example",
    .to_address = "claire@passerelles.example>\nBcc: eve@evil.example",
    .cc_name = "Nadia\rBenali",
    .cc_address = "nadia@courriel.example",
    .subject = "Hello",
    .body = "Body",
  };
  g_autofree char *text = cn_message_to_text (&message, "en");
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  g_assert_cmpstr (lines[0], ==,
                   "To: Claire Bcc: eve@evil.example <claire@passerelles.example> Bcc: "
                   "eve@evil.example>");
  g_assert_cmpstr (lines[1], ==, "Cc: Nadia Benali <nadia@courriel.example>");
  g_assert_cmpstr (lines[2], ==, "Subject: Hello");
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_false (g_str_has_prefix (lines[i], "Bcc:"));
}

static void
test_invalid_utf8 (void)
{
  const char *broken = "Bonjour \xff\xfe{requester} caf\xc3";
  g_autoptr(CnRequest) request = make_request ("Jos\xe9 Pi\xf1"
                                                "a",
                                                "jose@mail.example", "Claire", broken);
  g_autoptr(CnContact) claire = make_contact ("Claire", "claire@example.org");
  g_autoptr(CnMessage) message = cn_compose_forward (request, claire, broken, TRUE, "fr");
  g_autoptr(GArray) found = cn_compose_find_placeholders (broken);
  CnComposeValues values = { .lang = "en", .requester = "Jos\xe9", .objective = "\xff" };
  g_autofree char *expanded = cn_compose_expand (broken, &values);
  g_autofree char *uri = cn_message_to_mailto_uri (message);
  g_autofree char *text = cn_message_to_text (message, "fr");
  g_autofree char *questions = cn_compose_questions (0, "fr");

  g_assert_true (g_utf8_validate (message->body, -1, NULL));
  g_assert_true (g_utf8_validate (message->subject, -1, NULL));
  g_assert_true (g_utf8_validate (message->cc_name, -1, NULL));
  g_assert_true (g_utf8_validate (expanded, -1, NULL));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_utf8_validate (questions, -1, NULL));
  g_assert_true (contains (expanded, "Bonjour "));
  g_assert_false (contains (expanded, "{requester}"));
  g_assert_true (contains (message->body, "> Bonjour "));
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_str_has_prefix (uri, "mailto:claire@example.org?"));
}


/* French names */

/* Every placeholder has a French alias; both names work in any template,
 * in either language. */
static void
test_french_aliases (void)
{
  CnComposeValues values = {
    .lang = "en",
    .requester = "Amandine Roux",
    .target = "Hélène Vasseur",
    .objective = "a change of career",
    .ask = "a call",
    .relationship = CN_RELATIONSHIP_MET_ONCE,
    .questions = "- Q1",
    .reason = "Not this time.",
    .connector = "Paul",
  };
  const char *french = "{demandeur}|{prenom_demandeur}|{contact}|{prenom_contact}|{objectif}|"
                       "{demande}|{relation}|{questions}|{motif}|{connecteur}";
  const char *english = "{requester}|{requester_first_name}|{target}|{target_first_name}|"
                        "{objective}|{ask}|{relationship}|{questions}|{reason}|{connector}";
  g_autofree char *from_french = cn_compose_expand (french, &values);
  g_autofree char *from_english = cn_compose_expand (english, &values);
  g_autofree char *fr_in_fr = NULL;
  const char *const *names_fr = cn_compose_get_placeholders_for_lang ("fr");
  const char *const *names_en = cn_compose_get_placeholders_for_lang ("en");

  g_assert_cmpstr (from_french, ==,
                   "Amandine Roux|Amandine|Hélène Vasseur|Hélène|a change of career|a call|"
                   "I have met Amandine Roux once.|- Q1|Not this time.|Paul");
  g_assert_cmpstr (from_french, ==, from_english);
  values.lang = "fr";
  fr_in_fr = cn_compose_expand ("Bonjour {prenom_demandeur}, {requester_first_name}", &values);
  g_assert_cmpstr (fr_in_fr, ==, "Bonjour Amandine, Amandine");

  g_assert_true (cn_compose_is_placeholder ("prenom_demandeur"));
  g_assert_true (cn_compose_is_placeholder ("connecteur"));
  g_assert_false (cn_compose_is_placeholder ("prénom_demandeur"));
  g_assert_cmpstr (cn_compose_placeholder_name ("prenom_demandeur"), ==, "requester_first_name");
  g_assert_cmpstr (cn_compose_placeholder_name ("target"), ==, "target");
  g_assert_null (cn_compose_placeholder_name ("nobody"));

  /* The list a French template offers, in the English list's order. */
  g_assert_cmpuint (g_strv_length ((char **) names_fr), ==,
                    g_strv_length ((char **) cn_compose_get_placeholders ()));
  g_assert_cmpstr (names_fr[0], ==, "demandeur");
  g_assert_cmpstr (names_fr[1], ==, "prenom_demandeur");
  g_assert_true (names_en == cn_compose_get_placeholders ());
  for (guint i = 0; names_fr[i] != NULL; i++)
    {
      /* Plain ASCII: easy to type on any keyboard. */
      for (const char *c = names_fr[i]; *c != '\0'; c++)
        g_assert_true (g_ascii_islower (*c) || *c == '_');
      g_assert_cmpstr (cn_compose_placeholder_name (names_fr[i]), ==,
                       cn_compose_get_placeholders ()[i]);
    }

  /* The placeholders a text holds are found by either name. */
  g_assert_true (cn_compose_has_placeholder ("x {relation} y", "relationship"));
  g_assert_true (cn_compose_has_placeholder ("x {relationship} y", "relationship"));
  g_assert_false (cn_compose_has_placeholder ("x {relations} y", "relationship"));
}

/* The built-in French templates use the French names; the English ones the English. */
static void
test_french_templates_use_french_names (void)
{
  const char *names[] = { CN_TEMPLATE_ENDORSEMENT, CN_TEMPLATE_ASK_MOTIVATION,
                          CN_TEMPLATE_DECLINE };
  const char *langs[] = { "fr", "fr-tu" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
      {
        g_autofree char *text = cn_compose_get_default_template (names[i], langs[l]);
        g_autofree char *en = cn_compose_get_default_template (names[i], "en");
        g_autoptr (GArray) found = cn_compose_find_placeholders (text);

        g_assert_cmpuint (found->len, >, 0);
        for (guint k = 0; k < found->len; k++)
          {
            CnSpan span = g_array_index (found, CnPlaceholder, k).span;
            g_autofree char *at = g_utf8_substring (text, span.start + 1, span.end - 1);

            g_assert_true (g_array_index (found, CnPlaceholder, k).known);
            /* "questions" is the same word in both languages. */
            if (g_strcmp0 (at, "questions") != 0)
              g_assert_cmpstr (cn_compose_placeholder_name (at), !=, at);
          }
        g_assert_true (contains (text, "{connecteur}"));
        g_assert_true (contains (en, "{connector}"));
        g_assert_false (contains (en, "{connecteur}"));
      }
}

/* Tu or vous */

static void
test_register_detect (void)
{
  struct
  {
    const char *note;
    CnRegister expected;
  } cases[] = {
    { "Salut Paul, tu vas bien ? Pourrais-tu me présenter à Claire ?", CN_REGISTER_TU },
    { "Je t’écris car j’ai vu que tu connais Claire.", CN_REGISTER_TU },
    { "Je t'écris pour une mise en relation.", CN_REGISTER_TU },
    { "Merci d'avance, je te revaudrai ça !", CN_REGISTER_TU },
    { "Comme toi, je travaille dans les achats.", CN_REGISTER_TU },
    { "J'ai lu ton article, et ta démarche me plaît. Tes conseils m'aideraient.", CN_REGISTER_TU },
    { "TU CONNAIS CLAIRE ?", CN_REGISTER_TU },
    { "Bonjour Paul, pourriez-vous me présenter à Claire ?", CN_REGISTER_VOUS },
    { "Je vous remercie pour votre aide et vos conseils.", CN_REGISTER_VOUS },
    /* "tu" inside other words is not "tu". */
    { "Mon statut a changé ; j'ai suivi un tutoriel, une étude, des actualités.",
      CN_REGISTER_VOUS },
    { "Je suis intéressé par le poste. Attention aux tons et aux tests.", CN_REGISTER_VOUS },
    /* Both: "vous" wins, the polite choice when in doubt. */
    { "Tu vas bien ? Pourriez-vous me présenter ? Je vous remercie.", CN_REGISTER_VOUS },
    /* Neither (or nothing): "vous". */
    { "Bonjour, je cherche à joindre Claire Fontanel.", CN_REGISTER_VOUS },
    { "", CN_REGISTER_VOUS },
    { NULL, CN_REGISTER_VOUS },
    /* An English "don't" is no elided "te". */
    { "Please don't worry.", CN_REGISTER_VOUS },
    /* "va-t-il": the "t" of the inversion is no pronoun. */
    { "Claire va-t-elle accepter ?", CN_REGISTER_VOUS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CnRegister found = cn_register_detect (cases[i].note);

      if (found != cases[i].expected)
        g_error ("“%s”: %d, expected %d", cases[i].note, found, cases[i].expected);
    }
  g_assert_cmpint (cn_register_detect ("tu \xff\xfe"), ==, CN_REGISTER_TU);
}

static void
test_register_template_lang (void)
{
  g_assert_true (cn_compose_lang_has_registers ("fr"));
  g_assert_true (cn_compose_lang_has_registers ("fr_FR"));
  g_assert_false (cn_compose_lang_has_registers ("en"));
  g_assert_false (cn_compose_lang_has_registers (NULL));
  g_assert_cmpstr (cn_compose_template_lang ("fr", CN_REGISTER_TU), ==, "fr-tu");
  g_assert_cmpstr (cn_compose_template_lang ("fr_FR", CN_REGISTER_VOUS), ==, "fr");
  g_assert_cmpstr (cn_compose_template_lang ("en", CN_REGISTER_TU), ==, "en");
  g_assert_cmpstr (cn_compose_template_lang ("de", CN_REGISTER_TU), ==, "en");
}

/* The replies to the requester in both registers, and the endorsement to a
 * contact who asked for "tu". */
static void
test_register_compose (void)
{
  CnComposeValues values = {
    .lang = "fr",
    .requester = "Kevin Marsault",
    .target = "Hélène Vasseur",
    .reason = "Hélène ne prend pas de nouvelles demandes ce mois-ci.",
    .connector = "Paul",
  };
  g_autofree char *decline_tu = cn_compose_get_default_template (CN_TEMPLATE_DECLINE, "fr-tu");
  g_autofree char *decline_vous = cn_compose_get_default_template (CN_TEMPLATE_DECLINE, "fr");
  g_autofree char *ask_tu = cn_compose_get_default_template (CN_TEMPLATE_ASK_MOTIVATION, "fr-tu");
  g_autofree char *endorsement_tu = cn_compose_get_default_template (CN_TEMPLATE_ENDORSEMENT,
                                                                     "fr-tu");
  g_autofree char *endorsement = cn_compose_get_default_template (CN_TEMPLATE_ENDORSEMENT, "fr");
  g_autofree char *en_tu = cn_compose_get_default_template (CN_TEMPLATE_DECLINE, "en-tu");
  g_autofree char *en = cn_compose_get_default_template (CN_TEMPLATE_DECLINE, "en");
  g_autofree char *questions_tu = cn_compose_questions_in (0, "fr", CN_REGISTER_TU);
  g_autofree char *questions_vous = cn_compose_questions_in (0, "fr", CN_REGISTER_VOUS);
  g_autofree char *questions_en = cn_compose_questions_in (0, "en", CN_REGISTER_TU);
  g_autofree char *questions = cn_compose_questions (0, "en");
  g_autofree char *text_tu = cn_compose_expand (decline_tu, &values);
  g_autofree char *text_vous = cn_compose_expand (decline_vous, &values);

  g_assert_true (g_str_has_prefix (text_tu, "Bonjour Kevin,"));
  g_assert_true (contains (text_tu, "Merci pour ton message"));
  g_assert_true (contains (text_tu, "ta demande"));
  g_assert_true (contains (text_tu, "ne prend pas de nouvelles demandes"));
  g_assert_true (contains (text_vous, "Merci pour votre message"));
  g_assert_true (contains (text_vous, "ne prend pas de nouvelles demandes"));
  g_assert_cmpint (cn_register_detect (text_tu), ==, CN_REGISTER_TU);
  g_assert_cmpint (cn_register_detect (text_vous), ==, CN_REGISTER_VOUS);
  g_assert_cmpint (cn_register_detect (ask_tu), ==, CN_REGISTER_TU);
  g_assert_true (contains (ask_tu, "{questions}"));

  g_assert_true (contains (questions_tu, "- Quel est ton objectif ?"));
  g_assert_cmpint (cn_register_detect (questions_tu), ==, CN_REGISTER_TU);
  g_assert_cmpint (cn_register_detect (questions_vous), ==, CN_REGISTER_VOUS);
  g_assert_cmpuint (count_lines (questions_tu), ==, 6);
  g_assert_cmpstr (questions_en, ==, questions);

  /* The endorsement addresses the contact in the register they asked for. */
  g_assert_cmpint (cn_register_detect (endorsement_tu), ==, CN_REGISTER_TU);
  g_assert_cmpint (cn_register_detect (endorsement), ==, CN_REGISTER_VOUS);
  g_assert_true (contains (endorsement_tu, "te mettre en relation"));
  g_assert_true (contains (endorsement, "vous mettre en relation"));
  /* English has one register. */
  g_assert_cmpstr (en_tu, ==, en);
}

/* A decline */

/* The private note stays out of the reply; the sentence for the requester
 * goes in it. */
static void
test_decline_note_is_private (void)
{
  const char *langs[] = { "en", "fr", "fr-tu" };

  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      g_autofree char *template_text = cn_compose_get_default_template (CN_TEMPLATE_DECLINE,
                                                                        langs[l]);
      CnComposeValues values = {
        .lang = langs[l],
        .requester = "Kevin Marsault",
        .target = "Hélène Vasseur",
        .reason = "Hélène is not taking introductions this month.",
        .connector = "Paul",
      };
      CnComposeValues without = values;
      g_autofree char *text = NULL;
      g_autofree char *bare = NULL;
      g_autofree char *event = NULL;
      g_autofree char *note = NULL;
      g_autoptr (CnRequest) request = make_request ("Kevin Marsault", "kevin@mail.example",
                                                    "Hélène Vasseur", "Hi");
      g_autoptr (CnMessage) message = NULL;
      g_autofree char *sent = NULL;
      const char *rest = NULL;

      text = cn_compose_expand (template_text, &values);
      g_assert_true (contains (text, "not taking introductions this month."));
      /* A decline may say no reason: no gap where it would be. */
      without.reason = NULL;
      bare = cn_compose_expand (template_text, &without);
      g_assert_false (contains (bare, "\n\n\n"));
      g_assert_false (contains (bare, "{"));

      /* The note goes to the history with the reply, never in the reply. */
      message = cn_compose_reply (request, text, langs[l]);
      sent = cn_message_to_text (message, langs[l]);
      g_assert_false (contains (sent, "spammy"));
      event = cn_decline_event_format ("Too spammy,\nhe wrote\rtwice", sent);
      g_assert_true (cn_decline_event_parse (event, &note, &rest));
      g_assert_cmpstr (note, ==, "Too spammy, he wrote twice");
      g_assert_cmpstr (rest, ==, sent);
      g_assert_false (contains (rest, "spammy"));
    }

  {
    g_autofree char *plain = cn_decline_event_format (NULL, "To: Kevin\n\nHello");
    g_autofree char *blank = cn_decline_event_format ("  ", "To: Kevin\n\nHello");
    g_autofree char *note = NULL;
    const char *rest = NULL;

    /* No note: the event is the reply alone, as before there were notes. */
    g_assert_cmpstr (plain, ==, "To: Kevin\n\nHello");
    g_assert_cmpstr (blank, ==, "To: Kevin\n\nHello");
    g_assert_false (cn_decline_event_parse (plain, &note, &rest));
    g_assert_null (note);
    g_assert_false (cn_decline_event_parse (NULL, NULL, NULL));
    g_assert_true (cn_decline_event_parse ("note: only", &note, &rest));
    g_assert_cmpstr (note, ==, "only");
    g_assert_cmpstr (rest, ==, "");
  }
}

/* A request without a contact (or a requester without a name) gets a
 * greeting without a name, never "Hello ," with an empty one. */
static void
test_greeting_without_name (void)
{
  const char *names[] = { CN_TEMPLATE_ENDORSEMENT, CN_TEMPLATE_ASK_MOTIVATION,
                          CN_TEMPLATE_DECLINE };
  const char *langs[] = { "en", "fr" };
  const char *greeting[] = { "Hello,\n", "Bonjour,\n" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
      {
        g_autofree char *template_text = cn_compose_get_default_template (names[i], langs[l]);
        CnComposeValues values = { .lang = langs[l], .requester = "", .target = NULL };
        g_autofree char *text = cn_compose_expand (template_text, &values);

        g_assert_true (g_str_has_prefix (text, greeting[l]));
        g_assert_false (contains (text, " ,"));
      }

  {
    g_autofree char *text = cn_compose_expand ("Hi {target_first_name}! Bye {target}.\nOK {x} ,",
                                               &(CnComposeValues){ .lang = "en" });

    g_assert_cmpstr (text, ==, "Hi! Bye.\nOK {x} ,");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/compose/find-placeholders", test_find_placeholders);
  g_test_add_func ("/compose/placeholder-list", test_placeholder_list);
  g_test_add_func ("/compose/expand-all", test_expand_all);
  g_test_add_func ("/compose/expand-empty-values", test_expand_empty_values);
  g_test_add_func ("/compose/expand-empty-line", test_expand_empty_line);
  g_test_add_func ("/compose/default-templates", test_default_templates);
  g_test_add_func ("/compose/default-endorsement-expanded", test_default_endorsement_expanded);
  g_test_add_func ("/compose/greeting-without-name", test_greeting_without_name);
  g_test_add_func ("/compose/relationship-sentences", test_relationship_sentences);
  g_test_add_func ("/compose/unset-relationship", test_unset_relationship_leaves_no_space);
  g_test_add_func ("/compose/questions", test_questions);
  g_test_add_func ("/compose/forward", test_forward);
  g_test_add_func ("/compose/forward-cc-rules", test_forward_cc_rules);
  g_test_add_func ("/compose/reply", test_reply);
  g_test_add_func ("/compose/mailto", test_mailto);
  g_test_add_func ("/compose/mailto-without-address", test_mailto_without_address);
  g_test_add_func ("/compose/message-text", test_message_text);
  g_test_add_func ("/compose/message-text-one-line-recipients",
                   test_message_text_one_line_recipients);
  g_test_add_func ("/compose/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/compose/french-aliases", test_french_aliases);
  g_test_add_func ("/compose/french-templates-use-french-names",
                   test_french_templates_use_french_names);
  g_test_add_func ("/compose/register-detect", test_register_detect);
  g_test_add_func ("/compose/register-template-lang", test_register_template_lang);
  g_test_add_func ("/compose/register-compose", test_register_compose);
  g_test_add_func ("/compose/decline-note-is-private", test_decline_note_is_private);

  return g_test_run ();
}
