/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <fcntl.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>

#include "cn-import-mail-private.h"
#include "cn-import.h"
#include "cn-text.h"

/* E-mail files: one message (.eml) or an mbox. We split an mbox ourselves
 * rather than with GMime's mbox mode, in one pass that counts lines (the
 * report names the line of each message) and bounds what GMime is given:
 * a header block beyond MAX_HEADER_BYTES never reaches it, since GMime keeps
 * headers in memory. Bodies stay in the file (GMime's persistent streams). */

#define MAX_HEADER_BYTES (1024 * 1024)
#define MAX_TEXT_PART_BYTES (8 * 1024 * 1024)
#define MAX_FOLDED_BYTES (256 * 1024) /* of a body, searched for cues */
#define MAX_DEPTH 32
#define PREFIX_MAX 256
#define READ_CHUNK (64 * 1024)

/* ------------------------------------------------------------------------ */
/* GMime set-up */

static gpointer
init_gmime (gpointer data)
{
  g_mime_init ();
  return NULL;
}

void
_cn_mail_mime_init (void)
{
  static GOnce once = G_ONCE_INIT;
  g_once (&once, init_gmime, NULL);
}

/* Raw 8-bit headers are usually UTF-8, else a Windows Western charset. */
static GMimeParserOptions *
new_parser_options (void)
{
  static const char *fallback[] = { "UTF-8", "windows-1252", NULL };
  GMimeParserOptions *options = g_mime_parser_options_new ();
  g_mime_parser_options_set_fallback_charsets (options, fallback);
  g_mime_parser_options_set_rfc2047_compliance_mode (options, GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_address_compliance_mode (options, GMIME_RFC_COMPLIANCE_LOOSE);
  return options;
}

/* ------------------------------------------------------------------------ */
/* Text helpers */

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

static char *
strdup_trimmed (const char *str)
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

/* Cleans the text: no spaces at line ends or starts, at most one blank line
 * in a row, trimmed. */
static char *
tidy_lines (const char *text)
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
  return tidy_lines (out->str);
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

static char *
find_target_hint (const char *text)
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

/* Lines [from, to) without the signature, trimmed, or NULL when empty. */
static char *
join_note (char **lines, guint from, guint to)
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
  char *text = tidy_lines (out->str);
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
                *hint = strdup_trimmed (
                    internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)));
              if (*hint == NULL)
                *hint = strdup_trimmed (internet_address_get_name (address));
            }
          g_clear_object (&list);
        }
    }
  return join_note (lines, i, n);
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

static void
split_notes (CnMailMessage *m, GMimeParserOptions *options)
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
      m->note_to_target = tidy_lines (quoted->str);
      if (*m->note_to_target == '\0')
        g_clear_pointer (&m->note_to_target, g_free);
    }

  g_auto (GStrv) connector_lines = g_strsplit (connector->str, "\n", -1);
  m->note_to_connector = join_note (connector_lines, 0, g_strv_length (connector_lines));
  if (fwd_hint != NULL && m->target_hint == NULL)
    m->target_hint = g_steal_pointer (&fwd_hint);
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
  return tidy_lines (text);
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
      m->from_name = strdup_trimmed (internet_address_get_name (address));
      if (INTERNET_ADDRESS_IS_MAILBOX (address))
        m->from_email = strdup_trimmed (
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
    out = strdup_trimmed (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)));
  if (out == NULL)
    out = strdup_trimmed (internet_address_get_name (address));
  return out;
}

static void
read_message (CnMailMessage *m, GMimeMessage *message, GMimeParserOptions *options)
{
  GDateTime *date = g_mime_message_get_date (message);
  GMimeMessage *attached = NULL;
  g_autofree char *body = NULL;
  gboolean too_long = FALSE;

  fix_duplicate_content_type (message, options);
  read_sender (m, message, options);
  m->subject = strdup_trimmed (g_mime_message_get_subject (message));
  m->message_id = strdup_trimmed (g_mime_message_get_message_id (message));
  if (date != NULL)
    m->date = MAX (g_date_time_to_unix (date), 0);
  body = message_body (message, &attached, &too_long);
  m->body = tidy_lines (body);

  if (m->from_name == NULL && m->from_email == NULL)
    {
      m->rejected = g_strdup (_("no sender"));
      return;
    }
  split_notes (m, options);
  if (m->note_to_target == NULL && attached != NULL)
    {
      g_autofree char *inner = message_body (attached, NULL, &too_long);
      g_auto (GStrv) lines = g_strsplit (inner, "\n", -1);
      m->note_to_target = join_note (lines, 0, g_strv_length (lines));
      m->target_hint = first_recipient (attached);
    }
  m->is_request = _cn_mail_asks_for_introduction (m->subject, m->body);
  if (m->is_request)
    {
      /* A name after "introduce me to" in the text, else the recipient of
       * the forwarded message, else a name in the subject. */
      char *hint = find_target_hint (m->body);
      if (hint != NULL)
        {
          g_free (m->target_hint);
          m->target_hint = hint;
        }
      else if (m->target_hint == NULL && m->subject != NULL)
        m->target_hint = find_target_hint (m->subject);
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

/* ------------------------------------------------------------------------ */
/* The file: lines, messages */

typedef struct
{
  GInputStream *in;
  guint8 buf[READ_CHUNK];
  gsize len, pos;
  goffset buf_offset;
  gboolean eof;
  guint line_no;
} LineReader;

typedef struct
{
  goffset offset;
  goffset length;
  guint number;
  char prefix[PREFIX_MAX];
  gsize prefix_len;
} Line;

/* The next line (its start, length and first bytes; memory stays bounded
 * whatever its length). FALSE at the end, or with @error set. */
static gboolean
line_reader_next (LineReader *r, Line *line, GCancellable *cancellable, GError **error)
{
  line->offset = r->buf_offset + r->pos;
  line->length = 0;
  line->prefix_len = 0;
  for (;;)
    {
      if (r->pos == r->len)
        {
          gssize n;
          if (r->eof)
            break;
          r->buf_offset += r->len;
          r->pos = r->len = 0;
          n = g_input_stream_read (r->in, r->buf, sizeof r->buf, cancellable, error);
          if (n < 0)
            return FALSE;
          if (n == 0)
            r->eof = TRUE;
          r->len = n;
          continue;
        }
      const guint8 *start = r->buf + r->pos;
      const guint8 *nl = memchr (start, '\n', r->len - r->pos);
      gsize take = nl != NULL ? (gsize) (nl - start) + 1 : r->len - r->pos;
      gsize copy = MIN (take, PREFIX_MAX - line->prefix_len);
      memcpy (line->prefix + line->prefix_len, start, copy);
      line->prefix_len += copy;
      line->length += take;
      r->pos += take;
      if (nl != NULL)
        break;
    }
  if (line->length == 0)
    return FALSE;
  line->number = ++r->line_no;
  return TRUE;
}

static gboolean
line_is_blank (const Line *line)
{
  return line->length <= 2 && (goffset) line->prefix_len == line->length &&
         (line->prefix[0] == '\n' || (line->prefix[0] == '\r' && line->length == 2));
}

/* "From sender Sun Jul 16 15:06:25 2023": the time tells it from a body
 * line that happens to start with "From ". */
static gboolean
line_is_separator (const Line *line)
{
  if (line->prefix_len < 5 || memcmp (line->prefix, "From ", 5) != 0)
    return FALSE;
  for (gsize i = 6; i + 2 < line->prefix_len; i++)
    if (line->prefix[i] == ':' && g_ascii_isdigit (line->prefix[i - 1]) &&
        g_ascii_isdigit (line->prefix[i + 1]) && g_ascii_isdigit (line->prefix[i + 2]))
      return TRUE;
  return FALSE;
}

/* "Name: value": the length of the name, or 0. */
static gsize
header_name_length (const char *p, gsize len)
{
  gsize n = 0;
  while (n < len && n < 76 && p[n] > 32 && p[n] < 127 && p[n] != ':')
    n++;
  if (n == 0)
    return 0;
  gsize i = n;
  while (i < len && (p[i] == ' ' || p[i] == '\t'))
    i++;
  return i < len && p[i] == ':' ? n : 0;
}

static gboolean
line_is_header (const Line *line)
{
  return header_name_length (line->prefix, line->prefix_len) > 0;
}

static gboolean
line_is_continuation (const Line *line)
{
  return line->prefix_len > 0 && (line->prefix[0] == ' ' || line->prefix[0] == '\t');
}

static gboolean
line_is_known_header (const Line *line)
{
  static const char *const known[] = { "from",         "subject",      "date",
                                       "received",     "message-id",   "return-path",
                                       "mime-version", "delivered-to", NULL };
  gsize n = header_name_length (line->prefix, line->prefix_len);
  for (guint i = 0; known[i] != NULL; i++)
    if (n == strlen (known[i]) && g_ascii_strncasecmp (line->prefix, known[i], n) == 0)
      return TRUE;
  return FALSE;
}

typedef void (*MessageFunc) (CnMailMessage *message, gpointer user_data);

typedef struct
{
  const char *path;
  char *basename;
  GFileInputStream *in;
  LineReader reader;
  goffset size;
  GMimeStream *stream; /* the same file, for GMime */
  GMimeParserOptions *options;
  gboolean mbox;
  CnImportProgressFunc progress;
  gpointer progress_data;
  double reported;
  MessageFunc func;
  gpointer func_data;
  /* A "From " line waiting for the next one. */
  Line candidate;
  gboolean have_candidate;
  /* The current message. */
  goffset start;
  guint line;
  gboolean in_headers;
  goffset header_bytes;
  gboolean too_long;
  /* The first message decides whether the file is mail at all. */
  gboolean recognised;
  gboolean known_header;
  guint header_lines;
} Scan;

static void
scan_begin_message (Scan *scan, goffset start, guint line)
{
  scan->start = start;
  scan->line = line;
  scan->in_headers = TRUE;
  scan->header_bytes = 0;
  scan->too_long = FALSE;
}

static void
set_not_mail (Scan *scan, GError **error)
{
  g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED,
               _("“%s” is not an e-mail message or mailbox"), scan->basename);
}

/* Follows the header block of the current message; returns FALSE when the
 * first message shows the file is not mail (@error set). */
static gboolean
scan_header_line (Scan *scan, const Line *line, GError **error)
{
  gboolean ends;

  if (!scan->in_headers)
    return TRUE;
  ends = line_is_blank (line) ||
         !(line_is_header (line) || (scan->header_lines > 0 && line_is_continuation (line)));
  if (!scan->recognised && !ends && memchr (line->prefix, '\0', line->prefix_len) != NULL)
    ends = TRUE, scan->known_header = FALSE;
  if (!ends)
    {
      scan->header_lines++;
      scan->header_bytes += line->length;
      if (!scan->recognised && line_is_known_header (line))
        scan->known_header = TRUE;
      if (scan->header_bytes > MAX_HEADER_BYTES)
        scan->too_long = TRUE, ends = TRUE;
    }
  if (ends)
    {
      scan->in_headers = FALSE;
      if (!scan->recognised)
        {
          if (!scan->known_header)
            {
              set_not_mail (scan, error);
              return FALSE;
            }
          scan->recognised = TRUE;
        }
    }
  return TRUE;
}

static gboolean
scan_emit (Scan *scan, goffset end, GError **error)
{
  CnMailMessage *m = g_new0 (CnMailMessage, 1);

  m->line = scan->line;
  if (scan->too_long)
    {
      if (!scan->mbox)
        {
          g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_TOO_BIG,
                       _("The headers of the message in “%s” are too long"), scan->basename);
          _cn_mail_message_free (m);
          return FALSE;
        }
      m->rejected = g_strdup (_("the message’s headers are too long"));
    }
  else
    {
      GMimeStream *sub = g_mime_stream_substream (scan->stream, scan->start, end);
      GMimeParser *parser = g_mime_parser_new_with_stream (sub);
      GMimeMessage *message;

      g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);
      message = g_mime_parser_construct_message (parser, scan->options);
      if (message != NULL)
        read_message (m, message, scan->options);
      else
        m->rejected = g_strdup (_("not a readable e-mail message"));
      g_clear_object (&message);
      g_object_unref (parser);
      g_object_unref (sub);
    }
  scan->func (m, scan->func_data);
  return TRUE;
}

static void
set_read_error (Scan *scan, GError *local, GError **error)
{
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, local);
  else
    {
      g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ,
                   _("Could not read “%s”: %s"), scan->basename, local->message);
      g_error_free (local);
    }
}

/* Opens the file and reads its first line, which tells an mbox ("From "
 * line) from a single message. */
static gboolean
scan_open (Scan *scan, GCancellable *cancellable, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (scan->path);
  g_autoptr (GFileInfo) info = NULL;
  GError *local = NULL;
  Line line;

  scan->in = g_file_read (file, cancellable, &local);
  if (scan->in != NULL)
    info = g_file_input_stream_query_info (scan->in, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable,
                                           &local);
  if (info == NULL)
    {
      set_read_error (scan, local, error);
      return FALSE;
    }
  scan->size = g_file_info_get_size (info);
  scan->reader.in = G_INPUT_STREAM (scan->in);
  if (!line_reader_next (&scan->reader, &line, cancellable, &local))
    {
      if (local != NULL)
        set_read_error (scan, local, error);
      else
        g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED,
                     _("“%s” is empty"), scan->basename);
      return FALSE;
    }
  scan->stream = g_mime_stream_fs_open (scan->path, O_RDONLY, 0, &local);
  if (scan->stream == NULL)
    {
      set_read_error (scan, local, error);
      return FALSE;
    }
  scan->options = new_parser_options ();

  /* A UTF-8 byte order mark is not part of the first header. */
  if (line.prefix_len >= 3 && memcmp (line.prefix, "\xEF\xBB\xBF", 3) == 0)
    {
      memmove (line.prefix, line.prefix + 3, line.prefix_len - 3);
      line.prefix_len -= 3;
      line.offset += 3;
      line.length -= 3;
    }
  scan->mbox = line_is_separator (&line);
  if (scan->mbox)
    {
      scan_begin_message (scan, line.offset + line.length, 1);
      return TRUE;
    }
  scan_begin_message (scan, line.offset, 1);
  return scan_header_line (scan, &line, error);
}

static void
scan_progress (Scan *scan, goffset offset)
{
  if (scan->progress != NULL && scan->size > 0 &&
      (double) offset / scan->size - scan->reported >= 0.005)
    {
      scan->reported = (double) offset / scan->size;
      scan->progress (scan->reported, scan->progress_data);
    }
}

/* One line after the first. A "From " line in an mbox is held until the
 * next one shows whether it begins a message (a header follows) or is text. */
static gboolean
scan_line (Scan *scan, const Line *line, GCancellable *cancellable, GError **error)
{
  if (scan->have_candidate)
    {
      const Line *candidate = &scan->candidate;
      scan->have_candidate = FALSE;
      if (!line_is_header (line))
        {
          if (!scan_header_line (scan, candidate, error))
            return FALSE;
        }
      else
        {
          if (!scan->recognised && !scan_header_line (scan, candidate, error))
            return FALSE;
          if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
              !scan_emit (scan, candidate->offset, error))
            return FALSE;
          scan_progress (scan, candidate->offset);
          scan_begin_message (scan, candidate->offset + candidate->length, candidate->number);
        }
    }
  if (scan->mbox && line_is_separator (line) &&
      !(scan->in_headers && scan->header_lines == 0 && !scan->recognised))
    {
      scan->candidate = *line;
      scan->have_candidate = TRUE;
      return TRUE;
    }
  return scan_header_line (scan, line, error);
}

/* The end of the file ends the last message. */
static gboolean
scan_finish (Scan *scan, GCancellable *cancellable, GError **error)
{
  if (scan->have_candidate && !scan_header_line (scan, &scan->candidate, error))
    return FALSE;
  if (!scan->recognised)
    {
      /* A file of headers only: it ends within them. */
      if (!scan->known_header || scan->header_lines == 0)
        {
          set_not_mail (scan, error);
          return FALSE;
        }
      scan->recognised = TRUE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !scan_emit (scan, scan->reader.buf_offset + scan->reader.len, error))
    return FALSE;
  if (scan->progress != NULL)
    scan->progress (1.0, scan->progress_data);
  return TRUE;
}

static gboolean
read_mail_file (const char *path,
                GCancellable *cancellable,
                CnImportProgressFunc progress,
                gpointer progress_data,
                MessageFunc func,
                gpointer data,
                GError **error)
{
  Scan *scan = g_new0 (Scan, 1); /* its read buffer is big for a stack */
  gboolean ok = FALSE;

  _cn_mail_mime_init ();
  scan->path = path;
  scan->basename = g_path_get_basename (path);
  scan->progress = progress;
  scan->progress_data = progress_data;
  scan->func = func;
  scan->func_data = data;

  if (scan_open (scan, cancellable, error))
    {
      GError *local = NULL;
      Line line;
      for (;;)
        {
          if (!line_reader_next (&scan->reader, &line, cancellable, &local))
            {
              if (local != NULL)
                set_read_error (scan, local, error);
              else
                ok = scan_finish (scan, cancellable, error);
              break;
            }
          if (!scan_line (scan, &line, cancellable, error))
            break;
        }
    }

  g_clear_object (&scan->in);
  g_clear_object (&scan->stream);
  g_clear_pointer (&scan->options, g_mime_parser_options_free);
  g_free (scan->basename);
  g_free (scan);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Public API */

static void
collect_message_cb (CnMailMessage *message, gpointer user_data)
{
  g_ptr_array_add (user_data, message);
}

GPtrArray *
_cn_mail_read_messages (const char *path, GCancellable *cancellable, GError **error)
{
  g_autoptr (GPtrArray)
                 messages = g_ptr_array_new_with_free_func ((GDestroyNotify) _cn_mail_message_free);

  if (!read_mail_file (path, cancellable, NULL, NULL, collect_message_cb, messages, error))
    return NULL;
  return g_steal_pointer (&messages);
}

typedef struct
{
  CnImportBatch *batch;
  const char *basename;
} BatchFill;

static void
add_to_batch_cb (CnMailMessage *m, gpointer user_data)
{
  BatchFill *fill = user_data;
  CnImportRequest *request;

  if (m->rejected != NULL || !m->is_request)
    {
      cn_import_batch_reject (fill->batch, fill->basename, m->line, "%s",
                              m->rejected != NULL ? m->rejected
                                                  : _("not a request for an introduction"));
      _cn_mail_message_free (m);
      return;
    }
  request = cn_import_request_new ();
  request->requester_name = g_strdup (m->from_name != NULL ? m->from_name : m->from_email);
  request->requester_email = g_steal_pointer (&m->from_email);
  request->target_hint = g_steal_pointer (&m->target_hint);
  request->received_at = m->date;
  request->note_to_connector = m->note_to_connector != NULL
                                   ? g_steal_pointer (&m->note_to_connector)
                                   : g_strdup (m->subject);
  request->note_to_target = g_steal_pointer (&m->note_to_target);
  request->source = g_strdup ("email");
  request->source_ref = g_steal_pointer (&m->message_id);
  request->file = g_strdup (fill->basename);
  request->line = m->line;
  cn_import_batch_add_request (fill->batch, request);
  _cn_mail_message_free (m);
}

/* Moves what @from holds to the end of @to (the free functions of the batch
 * arrays are NULL-safe, so the stolen slots can stay). */
static void
move_records (GPtrArray *to, GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (to, g_steal_pointer (&from->pdata[i]));
}

gboolean
cn_mail_read (const char *path,
              CnImportBatch *batch,
              GCancellable *cancellable,
              CnImportProgressFunc progress,
              gpointer progress_data,
              GError **error)
{
  g_autoptr (CnImportBatch) local = NULL;
  g_autofree char *basename = NULL;
  BatchFill fill;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Into a batch of our own first: a failure appends nothing. */
  local = cn_import_batch_new ();
  basename = g_path_get_basename (path);
  fill.batch = local;
  fill.basename = basename;
  if (!read_mail_file (path, cancellable, progress, progress_data, add_to_batch_cb, &fill, error))
    return FALSE;
  move_records (batch->requests, local->requests);
  move_records (batch->rejections, local->rejections);
  return TRUE;
}

/* The length of the header block of @data (up to its blank line). */
static gsize
header_length (const char *data, gsize size)
{
  for (gsize i = 0; i < size; i++)
    if (data[i] == '\n' && (i == 0 || (i + 1 < size && data[i + 1] == '\n') ||
                            (i + 2 < size && data[i + 1] == '\r' && data[i + 2] == '\n')))
      return i;
  return size;
}

gboolean
_cn_mail_read_bytes (GBytes *bytes, const char *name, CnImportBatch *batch, GError **error)
{
  CnMailMessage *m = g_new0 (CnMailMessage, 1);
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  BatchFill fill = { batch, name };

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);

  _cn_mail_mime_init ();
  m->line = 1;
  /* GMime keeps headers in memory: the same bound as for files. */
  if (header_length (data, size) > MAX_HEADER_BYTES)
    m->rejected = g_strdup (_("the message’s headers are too long"));
  else
    {
      GMimeStream *stream = g_mime_stream_mem_new_with_buffer (data, size);
      GMimeParser *parser = g_mime_parser_new_with_stream (stream);
      GMimeParserOptions *options = new_parser_options ();
      GMimeMessage *message;

      g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);
      message = g_mime_parser_construct_message (parser, options);
      if (message != NULL)
        read_message (m, message, options);
      else
        m->rejected = g_strdup (_("not a readable e-mail message"));
      g_clear_object (&message);
      g_mime_parser_options_free (options);
      g_object_unref (parser);
      g_object_unref (stream);
    }
  add_to_batch_cb (m, &fill);
  return TRUE;
}
