/* SPDX-License-Identifier: GPL-3.0-or-later */

/* What the text of an e-mail message says: HTML made text, whether it asks
 * for an introduction, whom it is for, and its notes (what the requester
 * wrote to the connector, what is meant for the contact). Text in, text out:
 * the file and the MIME tree are read in cn-import-mail.c and
 * cn-import-mail-message.c. */

#include "config.h"

#include <string.h>

#include <gmime/gmime.h>

#include "cn-import-mail-private.h"
#include "cn-text.h"

#define MAX_FOLDED_BYTES (256 * 1024) /* of a body, searched for cues */

/* ------------------------------------------------------------------------ */
/* Text helpers */

char *
_cn_mail_strdup_trimmed (const char *str)
{
  if (str == NULL)
    return NULL;
  char *out = g_utf8_make_valid (str, -1);
  g_strstrip (out);
  if (*out == '\0')
    g_clear_pointer (&out, g_free);
  return out;
}

/* The text folded for matching cues (cn_text_fold_char()), every run of
 * spaces (and of what folds to one) made one space, none at the start.
 * @map (may be NULL) receives, for each folded byte, the offset in @text of
 * the character it comes from. */
static char *
fold_text (const char *text, gsize max_len, GArray **map)
{
  GString *out = g_string_new (NULL);
  const char *p = text;
  const char *end = text + strnlen (text, max_len);

  if (map != NULL)
    *map = g_array_new (FALSE, FALSE, sizeof (guint32));
  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      gboolean valid = c != (gunichar) -1 && c != (gunichar) -2;
      const char *next = valid ? g_utf8_next_char (p) : p + 1;
      char folded[CN_TEXT_FOLD_MAX];
      gsize n = valid ? cn_text_fold_char (c, folded) : 0;
      gsize before = out->len;

      if (n == 1 && g_ascii_isspace (folded[0]))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_len (out, folded, (gssize) n);
      if (map != NULL)
        for (gsize i = before; i < out->len; i++)
          {
            guint32 offset = p - text;
            g_array_append_val (*map, offset);
          }
      p = next;
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* HTML to text */

typedef struct
{
  const char *name;
  gunichar c;
} Entity;

static const Entity entities[] = {
  { "amp", '&' },       { "lt", '<' },       { "gt", '>' },       { "quot", '"' },
  { "apos", '\'' },     { "nbsp", ' ' },     { "eacute", 0xE9 },  { "egrave", 0xE8 },
  { "ecirc", 0xEA },    { "euml", 0xEB },    { "agrave", 0xE0 },  { "acirc", 0xE2 },
  { "auml", 0xE4 },     { "ccedil", 0xE7 },  { "icirc", 0xEE },   { "iuml", 0xEF },
  { "ocirc", 0xF4 },    { "ouml", 0xF6 },    { "ugrave", 0xF9 },  { "ucirc", 0xFB },
  { "uuml", 0xFC },     { "Eacute", 0xC9 },  { "Egrave", 0xC8 },  { "Ecirc", 0xCA },
  { "Agrave", 0xC0 },   { "Ccedil", 0xC7 },  { "oelig", 0x153 },  { "OElig", 0x152 },
  { "aelig", 0xE6 },    { "szlig", 0xDF },   { "ntilde", 0xF1 },  { "aacute", 0xE1 },
  { "iacute", 0xED },   { "oacute", 0xF3 },  { "uacute", 0xFA },  { "Auml", 0xC4 },
  { "Ouml", 0xD6 },     { "Uuml", 0xDC },    { "rsquo", 0x2019 }, { "lsquo", 0x2018 },
  { "rdquo", 0x201D },  { "ldquo", 0x201C }, { "laquo", 0xAB },   { "raquo", 0xBB },
  { "hellip", 0x2026 }, { "mdash", 0x2014 }, { "ndash", 0x2013 }, { "euro", 0x20AC },
  { "copy", 0xA9 },     { "reg", 0xAE },     { "deg", 0xB0 },     { "middot", 0xB7 },
  { "bull", 0x2022 },   { "trade", 0x2122 }, { "shy", 0 },        { "zwnj", 0 },
};

/* Decodes the entity at @p ('&'); returns the end, or NULL when it is none. */
static const char *
decode_entity (const char *p, const char *end, GString *out)
{
  const char *q = p + 1;
  char name[16];
  gsize n = 0;

  if (q < end && *q == '#')
    {
      gboolean hex = q + 1 < end && (q[1] == 'x' || q[1] == 'X');
      guint64 value = 0;
      q += hex ? 2 : 1;
      const char *digits = q;
      while (q < end && (hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)) && q - digits < 8)
        value = value * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*q) : *q - '0'), q++;
      if (q == digits)
        return NULL;
      if (q < end && *q == ';')
        q++;
      if (value == 0xA0)
        value = ' ';
      if (value > 0 && g_unichar_validate ((gunichar) value))
        g_string_append_unichar (out, (gunichar) value);
      return q;
    }
  while (q < end && g_ascii_isalnum (*q) && n < sizeof name - 1)
    name[n++] = *q++;
  name[n] = '\0';
  if (n == 0)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (entities); i++)
    if (strcmp (entities[i].name, name) == 0)
      {
        if (entities[i].c != 0)
          g_string_append_unichar (out, entities[i].c);
        return q < end && *q == ';' ? q + 1 : q;
      }
  return NULL;
}

static const char *
find_ci (const char *p, const char *end, const char *needle)
{
  gsize n = strlen (needle);
  for (; p + n <= end; p++)
    if (g_ascii_strncasecmp (p, needle, n) == 0)
      return p;
  return NULL;
}

static gboolean
tag_is (const char *name, const char *const *names)
{
  for (; *names != NULL; names++)
    if (strcmp (name, *names) == 0)
      return TRUE;
  return FALSE;
}

static void
append_newline (GString *out)
{
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '\n');
}

char *
_cn_mail_tidy_lines (const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);
  guint blank = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      if (*line == '\0')
        {
          blank++;
          continue;
        }
      if (out->len > 0)
        g_string_append (out, blank > 0 ? "\n\n" : "\n");
      g_string_append (out, line);
      blank = 0;
    }
  return g_string_free (out, FALSE);
}

char *
_cn_mail_html_to_text (const char *html, gssize len)
{
  static const char *const skipped[] = { "script", "style", "head", "title", NULL };
  static const char *const blocks[] = { "p",          "div", "tr", "li", "h1", "h2", "h3",
                                        "h4",         "h5",  "h6", "ul", "ol", "hr", "table",
                                        "blockquote", "pre", "dd", "dt", NULL };
  const char *p = html;
  const char *end = html + (len < 0 ? strlen (html) : (gsize) len);
  g_autoptr (GString) out = g_string_new (NULL);
  gboolean space = FALSE;

  while (p < end)
    {
      if (*p == '<' && p + 1 < end && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!'))
        {
          const char *q = p + 1;
          char name[16];
          gsize n = 0;
          gboolean closing = FALSE;
          char quote = 0;

          if (end - p >= 4 && strncmp (p, "<!--", 4) == 0)
            {
              const char *close = find_ci (p + 4, end, "-->");
              p = close != NULL ? close + 3 : end;
              continue;
            }
          if (*q == '/')
            closing = TRUE, q++;
          while (q < end && g_ascii_isalnum (*q) && n < sizeof name - 1)
            name[n++] = g_ascii_tolower (*q++);
          name[n] = '\0';
          /* The end of the tag, minding quoted attribute values. */
          for (; q < end; q++)
            {
              if (quote != 0)
                quote = *q == quote ? 0 : quote;
              else if (*q == '"' || *q == '\'')
                quote = *q;
              else if (*q == '>')
                break;
            }
          p = q < end ? q + 1 : end;
          if (!closing && tag_is (name, skipped))
            {
              g_autofree char *close_tag = g_strconcat ("</", name, NULL);
              const char *close = find_ci (p, end, close_tag);
              const char *gt = close != NULL ? memchr (close, '>', end - close) : NULL;
              p = gt != NULL ? gt + 1 : end;
            }
          else if (strcmp (name, "br") == 0 || tag_is (name, blocks))
            {
              append_newline (out);
              space = FALSE;
            }
          else if (strcmp (name, "td") == 0 || strcmp (name, "th") == 0)
            space = TRUE;
          continue;
        }
      if (*p == '&')
        {
          gsize before = out->len;
          const char *next;
          if (space && out->len > 0 && out->str[out->len - 1] != '\n')
            g_string_append_c (out, ' ');
          next = decode_entity (p, end, out);
          if (next != NULL)
            {
              p = next;
              space = FALSE;
              continue;
            }
          g_string_truncate (out, before);
        }
      if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        {
          space = TRUE;
          p++;
          continue;
        }
      if (space && out->len > 0 && out->str[out->len - 1] != '\n')
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p++);
    }
  return _cn_mail_tidy_lines (out->str);
}

/* ------------------------------------------------------------------------ */
/* Does it ask for an introduction? Cues over the folded subject and text. */

static const char *const cues[] = {
  /* English */
  "introduce me", "introduce us", "introduce my", "introduce our", "introduce him", "introduce her",
  "introduce them", "introduction to", "introduction with", "an introduction", "intro to",
  "an intro", "warm intro", "put me in touch", "put us in touch", "put me in contact",
  "put us in contact", "get me in touch", "connect me with", "connect me to", "connect us with",
  "connect us to", "forward my message", "forward my email", "forward my e-mail", "forward my note",
  "forward my letter", "forward this message", "forward this email", "forward this note",
  "pass on my", "pass my message", "pass along my", "refer me to", "recommend me to",
  "recommend me for",
  /* French */
  "mise en relation", "mettre en relation", "mettre en contact", "mise en contact", "me presenter",
  "nous presenter", "presenter a votre", "me recommander", "nous recommander", "recommander aupres",
  "transmettre mon message", "transmettre ce message", "transmettre mon mail",
  "transmettre mon e-mail", "transmettre mon courriel", "transmettre ma demande",
  "transmettre ma lettre", "faire suivre mon", "faire suivre ce", "faire le lien avec",
  "introduire aupres", "m'introduire", "me mettre en lien", "mettre en lien", "me faire rencontrer",
  NULL
};

/* Phrases with a cue's words that do not ask for one: blanked out first. */
static const char *const false_cues[] = { "introduce myself",
                                          "introducing myself",
                                          "introduce ourselves",
                                          "permettez-moi de me presenter",
                                          "je me permets de me presenter",
                                          "me presenter brievement",
                                          "me presenter rapidement",
                                          "me presenter en quelques mots",
                                          "vous presenter mon",
                                          NULL };

static void
blank_out (char *folded, const char *phrase)
{
  gsize n = strlen (phrase);
  for (char *p = strstr (folded, phrase); p != NULL; p = strstr (p + n, phrase))
    memset (p, ' ', n);
}

static gboolean
folded_has_cue (char *folded)
{
  for (guint i = 0; false_cues[i] != NULL; i++)
    blank_out (folded, false_cues[i]);
  for (guint i = 0; cues[i] != NULL; i++)
    if (strstr (folded, cues[i]) != NULL)
      return TRUE;
  return FALSE;
}

gboolean
_cn_mail_asks_for_introduction (const char *subject, const char *text)
{
  g_autofree char *folded_subject = fold_text (subject != NULL ? subject : "", 4096, NULL);
  g_autofree char *folded_text = fold_text (text != NULL ? text : "", MAX_FOLDED_BYTES, NULL);

  return folded_has_cue (folded_subject) || folded_has_cue (folded_text);
}

/* ------------------------------------------------------------------------ */
/* Whom is it for? A name or an address after "introduce me to"… */

static const char *const hint_phrases[] = { "introduce me to ",
                                            "introduce us to ",
                                            "introduction to ",
                                            "introduction with ",
                                            "put me in touch with ",
                                            "put us in touch with ",
                                            "put me in contact with ",
                                            "get me in touch with ",
                                            "connect me with ",
                                            "connect me to ",
                                            "connect us with ",
                                            "intro to ",
                                            "mettre en relation avec ",
                                            "mise en relation avec ",
                                            "mettre en contact avec ",
                                            "mise en contact avec ",
                                            "me presenter a ",
                                            "nous presenter a ",
                                            "me recommander aupres de ",
                                            "recommander aupres de ",
                                            "faire le lien avec ",
                                            "mettre en lien avec ",
                                            NULL };

static const char *const honorifics[] = { "Dr",   "Mr",   "Mrs", "Ms", "M", "Mme",
                                          "Mlle", "Prof", "Pr",  "Me", NULL };
static const char *const particles[] = { "de", "du", "des", "d'", "van", "von", "der", "den",
                                         "le", "la", "di",  "da", "del", "ben", NULL };
/* Lowercase words that end the search for a name (a company may follow). */
static const char *const stoppers[] = { "at",  "chez", "from",  "in",  "of",  "de",  "du",
                                        "des", "au",   "dans",  "who", "qui", "for", "pour",
                                        "and", "et",   "about", "sur", NULL };

/* An e-mail address in @text (up to @end), or NULL. */
static char *
find_address (const char *text, const char *end)
{
  const char *at = memchr (text, '@', end - text);
  const char *s, *e;

  if (at == NULL)
    return NULL;
  for (s = at; s > text && (g_ascii_isalnum (s[-1]) || strchr ("._%+-'", s[-1])); s--)
    ;
  for (e = at + 1; e < end && (g_ascii_isalnum (*e) || *e == '.' || *e == '-'); e++)
    ;
  while (e > at + 1 && e[-1] == '.')
    e--;
  if (s == at || e == at + 1 || memchr (at, '.', e - at) == NULL)
    return NULL;
  return g_ascii_strdown (s, e - s);
}

static gboolean
ends_word (const char *p)
{
  gunichar c = g_utf8_get_char (p);
  return c == ' ' || c == 0xAB || c == 0xBB || (c < 0x80 && strchr (",;:!?()\"\n.", c) != NULL);
}

/* A capitalised name at the start of @text (the clause after a hint phrase),
 * skipping a few lowercase words ("your colleague Anna Weber"). */
static char *
find_name (const char *text, const char *end)
{
  g_autoptr (GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;
  guint skipped = 0;

  while (p < end && words->len < 5)
    {
      const char *w;
      g_autofree char *word = NULL;
      gunichar first;

      while (p < end && *p == ' ')
        p++;
      w = p;
      while (p < end && !ends_word (p))
        p = g_utf8_next_char (p);
      if (p == w)
        break;
      word = g_strndup (w, p - w);
      first = g_utf8_get_char (word);
      if (p < end && *p == '.' && tag_is (word, honorifics) && words->len == 0)
        {
          p++;
          continue;
        }
      if (g_unichar_isupper (first))
        g_ptr_array_add (words, g_steal_pointer (&word));
      else if (words->len > 0 && tag_is (word, particles))
        g_ptr_array_add (words, g_steal_pointer (&word));
      else if (words->len > 0 || tag_is (word, stoppers) || ++skipped > 3)
        break;
      if (p < end && *p != ' ')
        break; /* punctuation ends the name */
    }
  while (words->len > 0 && tag_is (g_ptr_array_index (words, words->len - 1), particles))
    g_ptr_array_set_size (words, words->len - 1);
  if (words->len == 0)
    return NULL;
  g_ptr_array_add (words, NULL);
  return g_strjoinv (" ", (char **) words->pdata);
}

char *
_cn_mail_find_target_hint (const char *text)
{
  g_autoptr (GArray) map = NULL;
  g_autofree char *folded = fold_text (text, MAX_FOLDED_BYTES, &map);

  for (guint i = 0; hint_phrases[i] != NULL; i++)
    {
      const char *hit = strstr (folded, hint_phrases[i]);
      const char *start, *end;
      char *hint;

      if (hit == NULL)
        continue;
      gsize folded_end = hit - folded + strlen (hint_phrases[i]);
      if (folded_end >= map->len)
        continue;
      start = text + g_array_index (map, guint32, folded_end);
      /* The clause: up to the end of the line or a sentence. */
      end = start;
      while (*end != '\0' && *end != '\n' && !strchr (";?!", *end) && end - start < 160)
        end++;
      hint = find_address (start, end);
      if (hint == NULL)
        hint = find_name (start, end);
      if (hint != NULL)
        return hint;
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Notes: what the requester wrote to the connector, and what is meant for the
 * contact (a forwarded or quoted message). */

static gboolean
is_forward_marker (const char *folded)
{
  if (g_str_has_prefix (folded, "begin forwarded message") ||
      g_str_has_prefix (folded, "debut du message reexpedie") ||
      g_str_has_prefix (folded, "debut du message transfere"))
    return TRUE;
  if (!g_str_has_prefix (folded, "--") && !g_str_has_suffix (folded, "--"))
    return FALSE;
  return strstr (folded, "forward") != NULL || strstr (folded, "transfere") != NULL ||
         strstr (folded, "reexpedie") != NULL || strstr (folded, "weitergeleitet") != NULL;
}

static gboolean
is_original_marker (const char *folded)
{
  return (g_str_has_prefix (folded, "--") || g_str_has_suffix (folded, "--")) &&
         (strstr (folded, "original message") != NULL ||
          strstr (folded, "message d'origine") != NULL ||
          strstr (folded, "message original") != NULL);
}

static gboolean
is_attribution (const char *folded)
{
  return g_str_has_suffix (folded, "wrote:") || g_str_has_suffix (folded, "a ecrit :") ||
         g_str_has_suffix (folded, "a ecrit:") || g_str_has_suffix (folded, "schrieb:");
}

static gboolean
is_forward_subject (const char *subject)
{
  g_autofree char *folded = fold_text (subject != NULL ? subject : "", 64, NULL);
  return g_str_has_prefix (folded, "fw:") || g_str_has_prefix (folded, "fwd:") ||
         g_str_has_prefix (folded, "fw :") || g_str_has_prefix (folded, "fwd :") ||
         g_str_has_prefix (folded, "tr:") || g_str_has_prefix (folded, "tr :");
}

/* A header line of a forwarded message ("From: …", "De : …", "Objet : …"):
 * returns its name folded, or NULL. */
static char *
forwarded_header_name (const char *line)
{
  static const char *const names[] = { "from",    "de",       "date",       "sent",      "envoye",
                                       "subject", "objet",    "sujet",      "to",        "a",
                                       "cc",      "reply-to", "repondre a", "envoye le", NULL };
  g_autofree char *folded = fold_text (line, 256, NULL);
  char *colon = strchr (folded, ':');

  if (colon == NULL)
    return NULL;
  *colon = '\0';
  g_strstrip (folded);
  if (*folded == '*')
    memmove (folded, folded + 1, strlen (folded)); /* "*From:*" in some clients */
  return tag_is (folded, names) ? g_strdup (folded) : NULL;
}

static gboolean
is_blank (const char *line)
{
  for (; *line != '\0'; line++)
    if (!g_ascii_isspace (*line))
      return FALSE;
  return TRUE;
}

static gboolean
is_signature_line (const char *line)
{
  return strcmp (line, "-- ") == 0 || strcmp (line, "--") == 0;
}

static gboolean
is_device_line (const char *folded)
{
  return g_str_has_prefix (folded, "sent from my") || g_str_has_prefix (folded, "envoye de mon") ||
         g_str_has_prefix (folded, "envoye depuis mon") ||
         g_str_has_prefix (folded, "get outlook for");
}

char *
_cn_mail_join_note (char **lines, guint from, guint to)
{
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = from; i < to; i++)
    {
      g_autofree char *folded = NULL;
      if (is_signature_line (lines[i]))
        break;
      if (strchr ("SsEeGg", lines[i][0]) != NULL && lines[i][0] != '\0' && strlen (lines[i]) < 80)
        {
          folded = fold_text (lines[i], 256, NULL);
          g_strstrip (folded);
          if (is_device_line (folded))
            continue;
        }
      g_string_append (out, lines[i]);
      g_string_append_c (out, '\n');
    }
  char *text = _cn_mail_tidy_lines (out->str);
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* The forwarded message after a marker at @marker: its header lines give
 * the hint (its To), its body the note. */
static char *
forwarded_note (char **lines, guint marker, guint n, GMimeParserOptions *options, char **hint)
{
  guint i = marker + 1;

  while (i < n && is_blank (lines[i]))
    i++;
  for (; i < n; i++)
    {
      g_autofree char *name = forwarded_header_name (lines[i]);
      if (name == NULL)
        break;
      if (*hint == NULL && (strcmp (name, "to") == 0 || strcmp (name, "a") == 0))
        {
          InternetAddressList *list = internet_address_list_parse (options,
                                                                   strchr (lines[i], ':') + 1);
          if (list != NULL && internet_address_list_length (list) > 0)
            {
              InternetAddress *address = internet_address_list_get_address (list, 0);
              if (INTERNET_ADDRESS_IS_MAILBOX (address))
                *hint = _cn_mail_strdup_trimmed (
                    internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)));
              if (*hint == NULL)
                *hint = _cn_mail_strdup_trimmed (internet_address_get_name (address));
            }
          g_clear_object (&list);
        }
    }
  return _cn_mail_join_note (lines, i, n);
}

/* Outlook's rule of underscores before "From:"/"De :" (forward or reply). */
static gboolean
is_outlook_rule (char **lines, guint i, guint n)
{
  const char *p = lines[i];
  guint underscores = 0;

  for (; *p != '\0'; p++)
    {
      if (*p == '_')
        underscores++;
      else if (!g_ascii_isspace (*p))
        return FALSE;
    }
  if (underscores < 10)
    return FALSE;
  for (i++; i < n && is_blank (lines[i]); i++)
    ;
  g_autofree char *name = i < n ? forwarded_header_name (lines[i]) : NULL;
  return name != NULL && (strcmp (name, "from") == 0 || strcmp (name, "de") == 0);
}

static gboolean
is_quoted (const char *line)
{
  return *line == '>';
}

/* A cheap test before folding: markers start with a rule or a word of
 * "Begin forwarded message" / "Début du message…", or end with a rule. */
static gboolean
may_be_marker (const char *line)
{
  gsize len;

  while (*line == ' ' || *line == '\t')
    line++;
  if (*line != '\0' && strchr ("-_bBdD", *line) != NULL)
    return TRUE;
  len = strlen (line);
  while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
    len--;
  return len > 0 && line[len - 1] == '-';
}

void
_cn_mail_split_notes (CnMailMessage *m, GMimeParserOptions *options)
{
  g_auto (GStrv) lines = g_strsplit (m->body != NULL ? m->body : "", "\n", -1);
  guint n = g_strv_length (lines);
  guint cut = n; /* where the note to the connector ends */
  g_autofree char *fwd_hint = NULL;

  for (guint i = 0; i < n && m->note_to_target == NULL && cut == n; i++)
    {
      if (!may_be_marker (lines[i]))
        continue;
      g_autofree char *folded = fold_text (lines[i], 256, NULL);
      g_strstrip (folded);
      gboolean original = is_original_marker (folded) || is_outlook_rule (lines, i, n);
      if (is_forward_marker (folded) || (original && is_forward_subject (m->subject)))
        {
          m->note_to_target = forwarded_note (lines, i, n, options, &fwd_hint);
          cut = i;
        }
      else if (original)
        cut = i; /* the history of a reply: not for anyone */
    }

  /* Quoted blocks: after an attribution ("… wrote:"), reply history, dropped;
   * else the first one is a message for the contact. */
  g_autoptr (GString) connector = g_string_new (NULL);
  guint i = 0;
  while (i < cut)
    {
      if (!is_quoted (lines[i]))
        {
          g_string_append (connector, lines[i]);
          g_string_append_c (connector, '\n');
          i++;
          continue;
        }
      guint start = i;
      while (i < cut && (is_quoted (lines[i]) || is_blank (lines[i])))
        i++;
      /* The last non-blank line before the block. */
      gsize len = connector->len;
      while (len > 0 && g_ascii_isspace (connector->str[len - 1]))
        len--;
      const char *line_start = connector->str + len;
      while (line_start > connector->str && line_start[-1] != '\n')
        line_start--;
      g_autofree char *prev = fold_text (line_start, connector->str + len - line_start, NULL);
      g_strstrip (prev);
      if (is_attribution (prev))
        {
          g_string_truncate (connector, line_start - connector->str);
          continue;
        }
      if (m->note_to_target != NULL)
        continue;
      g_autoptr (GString) quoted = g_string_new (NULL);
      for (guint j = start; j < i; j++)
        {
          const char *q = lines[j];
          if (*q == '>')
            q += q[1] == ' ' ? 2 : 1;
          g_string_append (quoted, q);
          g_string_append_c (quoted, '\n');
        }
      m->note_to_target = _cn_mail_tidy_lines (quoted->str);
      if (*m->note_to_target == '\0')
        g_clear_pointer (&m->note_to_target, g_free);
    }

  g_auto (GStrv) connector_lines = g_strsplit (connector->str, "\n", -1);
  m->note_to_connector = _cn_mail_join_note (connector_lines, 0, g_strv_length (connector_lines));
  if (fwd_hint != NULL && m->target_hint == NULL)
    m->target_hint = g_steal_pointer (&fwd_hint);
}
