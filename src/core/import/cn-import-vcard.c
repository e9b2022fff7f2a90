/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The vCard reader: vCard 2.1, 3.0 and 4.0 files, several cards per file.
 *
 * Why a reader of our own rather than the platform's (evolution-data-server's
 * libebook-contacts, EVCard): EDS is not in the GNOME runtime's default set we
 * build against nor installed on the machines we build on, and it pulls the
 * whole EDS stack for one parser. We only need seven properties, so a focused
 * streaming reader keeps the importer one static library, thread-safe (no
 * global state), testable byte for byte, and tolerant of what real exports do
 * that EVCard does not forgive (2.1 quoted-printable soft breaks on lines that
 * do not start with a space, CHARSET labels that contradict the bytes, UTF-16
 * files, 2.1 base64 photos ended by a blank line).
 *
 * How text is decoded. The file is UTF-16 when it starts with a BOM or shows
 * the NUL pattern of UTF-16; it is converted to UTF-8 as it streams. Each
 * value is then decoded on its own (quoted-printable first, when declared):
 *  - valid UTF-8 is UTF-8, even when the card says ISO-8859-1 or windows-1252
 *    (non-ASCII text that happens to be valid UTF-8 is almost never Latin-1);
 *    only a declared multi-byte Asian charset (Shift_JIS, GB…) is trusted over
 *    the bytes;
 *  - invalid UTF-8 is read in the declared charset when there is one and it
 *    is not UTF-8 (ISO-8859-1 meaning windows-1252, as Windows writes it),
 *    else as windows-1252: declared UTF-8 with invalid bytes, and raw Latin-1
 *    files without CHARSET, end up there. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cn-import.h"

#define VCARD_MAX_LINE (1024 * 1024) /* a longer property is refused */
#define VCARD_CHUNK (64 * 1024)
#define VCARD_SNIFF (1024) /* BEGIN:VCARD must start within the first KiB */

/* ---- Physical lines ------------------------------------------------------ */

typedef struct
{
  GInputStream *stream; /* UTF-8 (converted when the file is UTF-16) */
  GSeekable *raw;       /* the file, for progress */
  guint64 size;
  guint8 *chunk;
  gsize chunk_len;
  gsize chunk_pos;
  gboolean eof;
  guint lineno; /* of the last line read */
  GCancellable *cancellable;
  CnImportProgressFunc progress;
  gpointer progress_data;
} LineReader;

/* Reads the next physical line into @line, without its CR/LF, keeping at most
 * VCARD_MAX_LINE bytes (*overlong when more were dropped: the rest is read,
 * not kept, so memory stays flat on a file of one huge line).
 * 1: a line; 0: end of file; -1: error. */
static int
line_reader_next (LineReader *r, GByteArray *line, gboolean *overlong, GError **error)
{
  gboolean any = FALSE;

  g_byte_array_set_size (line, 0);
  *overlong = FALSE;
  for (;;)
    {
      if (r->chunk_pos == r->chunk_len)
        {
          gssize n;

          if (r->eof)
            break;
          n = g_input_stream_read (r->stream, r->chunk, VCARD_CHUNK, r->cancellable, error);
          if (n < 0)
            return -1;
          r->chunk_len = n;
          r->chunk_pos = 0;
          if (n == 0)
            {
              r->eof = TRUE;
              break;
            }
          if (r->progress != NULL && r->size > 0)
            r->progress ((double) g_seekable_tell (r->raw) / r->size, r->progress_data);
        }

      const guint8 *start = r->chunk + r->chunk_pos;
      gsize avail = r->chunk_len - r->chunk_pos;
      const guint8 *nl = memchr (start, '\n', avail);
      gsize take = nl != NULL ? (gsize) (nl - start) : avail;

      any = TRUE;
      if (line->len + take > VCARD_MAX_LINE)
        {
          *overlong = TRUE;
          take = line->len < VCARD_MAX_LINE ? VCARD_MAX_LINE - line->len : 0;
        }
      g_byte_array_append (line, start, take);
      if (nl != NULL)
        {
          r->chunk_pos += (nl - start) + 1;
          break;
        }
      r->chunk_pos = r->chunk_len;
    }

  if (!any)
    return 0;
  if (line->len > 0 && line->data[line->len - 1] == '\r')
    g_byte_array_set_size (line, line->len - 1);
  r->lineno++;
  return 1;
}

/* ---- Text decoding ------------------------------------------------------- */

static const gunichar cp1252_high[32] = {
  0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
  0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
  0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

static char *
cp1252_to_utf8 (const char *data, gsize len)
{
  GString *out = g_string_sized_new (len + len / 4);

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];

      if (c < 0x80)
        g_string_append_c (out, c);
      else if (c < 0xA0)
        g_string_append_unichar (out, cp1252_high[c - 0x80]);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
charset_is (const char *charset, const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (charset, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static const char *const utf8_names[] = { "UTF-8", "UTF8", NULL };
static const char *const western_names[] = {
  "ISO-8859-1",   "ISO8859-1", "ISO_8859-1", "LATIN1", "LATIN-1",
  "WINDOWS-1252", "CP1252",    "US-ASCII",   "ASCII",  NULL,
};

/* Multi-byte charsets whose text may pass for UTF-8: trusted over the bytes. */
static gboolean
charset_is_multibyte_asian (const char *charset)
{
  static const char *const prefixes[] = { "SHIFT", "SJIS", "EUC", "GB", "BIG5", "ISO-2022", NULL };

  for (guint i = 0; prefixes[i] != NULL; i++)
    if (g_ascii_strncasecmp (charset, prefixes[i], strlen (prefixes[i])) == 0)
      return TRUE;
  return FALSE;
}

/* @data in @charset (NULL when undeclared) to UTF-8; see the rule at the top. */
static char *
decode_text (const char *data, gsize len, const char *charset)
{
  if (len == 0)
    return g_strdup ("");

  gboolean valid = memchr (data, '\0', len) == NULL && g_utf8_validate_len (data, len, NULL);
  gboolean declared_other = charset != NULL && !charset_is (charset, utf8_names) &&
                            !charset_is (charset, western_names);

  if (declared_other && (!valid || charset_is_multibyte_asian (charset)))
    {
      char *out = g_convert (data, len, "UTF-8", charset, NULL, NULL, NULL);

      if (out != NULL)
        return out;
    }
  if (valid)
    return g_strndup (data, len);
  return cp1252_to_utf8 (data, len);
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/* Quoted-printable to bytes (soft breaks were joined when the lines were
 * read); a stray '=' is kept as it is. */
static GByteArray *
qp_decode (const char *data, gsize len)
{
  GByteArray *out = g_byte_array_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      int hi, lo;

      if (data[i] == '=' && i + 2 < len && (hi = hex_value (data[i + 1])) >= 0 &&
          (lo = hex_value (data[i + 2])) >= 0)
        {
          guint8 b = hi * 16 + lo;

          g_byte_array_append (out, &b, 1);
          i += 2;
        }
      else if (data[i] == '=' && i + 1 == len)
        ; /* a soft break at the very end */
      else
        g_byte_array_append (out, (const guint8 *) data + i, 1);
    }
  return out;
}

/* Removes vCard escapes: \n \N are line breaks, \, \; \\ (and \: which Apple
 * writes in URLs) the character itself. */
static char *
unescape (const char *s, gsize len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '\\' && i + 1 < len)
        {
          i++;
          g_string_append_c (out, s[i] == 'n' || s[i] == 'N' ? '\n' : s[i]);
        }
      else
        g_string_append_c (out, s[i]);
    }
  return g_string_free (out, FALSE);
}

/* The components of a structured value (N, ORG), split on unescaped ';'. */
static GPtrArray *
split_components (const char *value)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  const char *start = value;
  const char *p;

  for (p = value; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      else if (*p == ';')
        {
          g_ptr_array_add (parts, unescape (start, p - start));
          start = p + 1;
        }
    }
  g_ptr_array_add (parts, unescape (start, p - start));
  return parts;
}

/* One line of text: controls dropped, runs of spaces (line breaks, tabs,
 * no-break spaces) made one space, trimmed. NULL when nothing is left. */
static char *
clean_line (const char *s)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0xA0)
        space = TRUE;
      else if (g_unichar_iscntrl (c) || c == 0xFEFF)
        continue;
      else
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_unichar (out, c);
        }
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* Several lines of text: CRLF made LF, controls but tab and LF dropped, trimmed. */
static char *
clean_text (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\r')
        {
          if (p[1] != '\n')
            g_string_append_c (out, '\n');
        }
      else if (c == '\n' || c == '\t' || !g_unichar_iscntrl (c))
        g_string_append_unichar (out, c);
    }
  g_strstrip (out->str);
  if (out->str[0] == '\0')
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  char *ret = g_strdup (out->str);
  g_string_free (out, TRUE);
  return ret;
}

/* ---- Properties ---------------------------------------------------------- */

typedef struct
{
  char *group; /* "item1", or NULL */
  char *url;
  gboolean social; /* X-SOCIALPROFILE: only used when it is a LinkedIn one */
} CardUrl;

static void
card_url_free (CardUrl *url)
{
  g_free (url->group);
  g_free (url->url);
  g_free (url);
}

typedef struct
{
  guint line; /* of BEGIN:VCARD */
  gboolean v21;
  char *fn;
  char *n_name;
  char *email;
  guint email_rank; /* of the e-mail kept: 1 most preferred, G_MAXUINT none */
  char *company;
  char *title;
  char *role;
  GPtrArray *urls;    /* CardUrl */
  GHashTable *labels; /* group → X-ABLabel */
  GString *notes;
  guint overlong_line; /* of the first wanted property over VCARD_MAX_LINE; 0: none */
  gboolean agent_open; /* the last property was an empty 2.1 AGENT */
  guint nested;        /* depth inside an embedded (AGENT) card */
} Card;

static Card *
card_new (guint line)
{
  Card *card = g_new0 (Card, 1);

  card->line = line;
  card->urls = g_ptr_array_new_with_free_func ((GDestroyNotify) card_url_free);
  card->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  card->notes = g_string_new (NULL);
  return card;
}

static void
card_free (Card *card)
{
  g_free (card->fn);
  g_free (card->n_name);
  g_free (card->email);
  g_free (card->company);
  g_free (card->title);
  g_free (card->role);
  g_ptr_array_unref (card->urls);
  g_hash_table_unref (card->labels);
  g_string_free (card->notes, TRUE);
  g_free (card);
}

typedef struct
{
  char *group;
  char *name; /* upper case */
  char *charset;
  gboolean qp;
  gboolean base64;
  guint pref;        /* 1 (most preferred) to 100; G_MAXUINT when not preferred */
  const char *value; /* raw bytes, into the line */
  gsize value_len;
} Property;

static void
property_clear (Property *prop)
{
  g_free (prop->group);
  g_free (prop->name);
  g_free (prop->charset);
}

/* The end of the property's name and group (the first ';' or ':'). */
static gsize
name_end (const char *s, gsize len)
{
  gsize i = 0;

  while (i < len && s[i] != ';' && s[i] != ':')
    i++;
  return i;
}

/* Only these properties are kept; the others (photos first) are read past
 * without keeping their folded lines. */
static gboolean
name_is_wanted (const char *s, gsize len)
{
  static const char *const wanted[] = {
    "BEGIN", "END",  "VERSION",         "FN",        "N",     "EMAIL", "ORG", "TITLE", "ROLE",
    "URL",   "NOTE", "X-SOCIALPROFILE", "X-ABLABEL", "AGENT", NULL,
  };
  for (gsize i = len; i > 0; i--)
    if (s[i - 1] == '.')
      {
        s += i;
        len -= i;
        break;
      }
  for (guint i = 0; wanted[i] != NULL; i++)
    if (strlen (wanted[i]) == len && g_ascii_strncasecmp (s, wanted[i], len) == 0)
      return TRUE;
  return FALSE;
}

/* Whether the parameters (before the first ':') declare quoted-printable. */
static gboolean
line_is_qp (const char *s, gsize len)
{
  const char *colon = len > 0 ? memchr (s, ':', len) : NULL;
  gsize n = colon != NULL ? (gsize) (colon - s) : len;
  static const char qp[] = "QUOTED-PRINTABLE";

  for (gsize i = 0; i + sizeof qp - 1 <= n; i++)
    if (g_ascii_strncasecmp (s + i, qp, sizeof qp - 1) == 0)
      return TRUE;
  return FALSE;
}

/* One parameter: "TYPE=home,pref", "CHARSET=UTF-8", "ENCODING=QUOTED-PRINTABLE",
 * or a 2.1 bare value ("PREF", "QUOTED-PRINTABLE", "CELL"). */
static void
property_add_param (Property *prop, const char *s, gsize len)
{
  g_autofree char *param = g_strndup (s, len);
  char *eq = strchr (param, '=');
  char *key = param;
  char *value = param;

  if (eq != NULL)
    {
      *eq = '\0';
      value = eq + 1;
      g_strstrip (key);
    }
  g_strstrip (value);

  if (eq != NULL && g_ascii_strcasecmp (key, "CHARSET") == 0)
    {
      g_free (prop->charset);
      prop->charset = g_strdup (value[0] == '"' ? g_strdelimit (value, "\"", ' ') : value);
      g_strstrip (prop->charset);
      return;
    }
  if (eq != NULL && g_ascii_strcasecmp (key, "PREF") == 0)
    {
      guint64 rank = g_ascii_strtoull (value, NULL, 10); /* 4.0: PREF=1 is the first */

      prop->pref = MIN (prop->pref, rank >= 1 && rank <= 100 ? (guint) rank : 100);
      return;
    }
  if (eq != NULL && g_ascii_strcasecmp (key, "ENCODING") != 0 &&
      g_ascii_strcasecmp (key, "TYPE") != 0)
    return;

  /* TYPE values, a list, maybe quoted: TYPE="home,pref". */
  g_auto (GStrv) items = g_strsplit_set (value, ",\"", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_strstrip (items[i]);
      if (g_ascii_strcasecmp (items[i], "PREF") == 0)
        prop->pref = MIN (prop->pref, 1);
      else if (g_ascii_strcasecmp (items[i], "QUOTED-PRINTABLE") == 0)
        prop->qp = TRUE;
      else if (g_ascii_strcasecmp (items[i], "BASE64") == 0 ||
               g_ascii_strcasecmp (items[i], "B") == 0)
        prop->base64 = TRUE;
    }
}

/* Splits "group.NAME;param;param:value". FALSE when the line has no ':'
 * (2.1 base64 lines, blank lines, junk). */
static gboolean
property_parse (const char *s, gsize len, Property *prop)
{
  gsize end = name_end (s, len);
  gsize i;
  gboolean quoted = FALSE;
  gsize param_start;

  memset (prop, 0, sizeof *prop);
  prop->pref = G_MAXUINT;
  if (end == len || end == 0)
    return FALSE;

  {
    g_autofree char *full = g_strndup (s, end);
    char *dot = strrchr (full, '.');

    g_strstrip (full);
    if (dot != NULL)
      {
        *dot = '\0';
        prop->group = g_ascii_strdown (full, -1);
        prop->name = g_ascii_strup (dot + 1, -1);
      }
    else
      prop->name = g_ascii_strup (full, -1);
  }

  /* Parameters up to the first ':' outside double quotes. */
  param_start = end + 1;
  for (i = end; i < len; i++)
    {
      if (s[i] == '"')
        quoted = !quoted;
      else if (!quoted && (s[i] == ';' || s[i] == ':'))
        {
          if (i > end && param_start < i)
            property_add_param (prop, s + param_start, i - param_start);
          param_start = i + 1;
          if (s[i] == ':')
            break;
        }
    }
  if (i == len)
    {
      property_clear (prop);
      return FALSE;
    }
  prop->value = s + i + 1;
  prop->value_len = len - i - 1;
  return TRUE;
}

/* The value as UTF-8, still escaped. */
static char *
property_decode (const Property *prop)
{
  if (prop->base64) /* rare for text, but some writers do it */
    {
      g_autofree char *b64 = g_strndup (prop->value, prop->value_len);
      gsize len = 0;
      g_autofree guchar *bytes = g_base64_decode (b64, &len);

      return decode_text ((const char *) bytes, len, prop->charset);
    }
  if (prop->qp)
    {
      g_autoptr (GByteArray) bytes = qp_decode (prop->value, prop->value_len);

      return decode_text ((const char *) bytes->data, bytes->len, prop->charset);
    }
  return decode_text (prop->value, prop->value_len, prop->charset);
}

static void
set_once (char **field, char *value)
{
  if (*field == NULL)
    *field = value;
  else
    g_free (value);
}

static void
card_take_property (Card *card, const Property *prop)
{
  const char *name = prop->name;
  g_autofree char *text = property_decode (prop);

  card->agent_open = FALSE;
  if (strcmp (name, "VERSION") == 0)
    card->v21 = g_str_has_prefix (g_strstrip (text), "2.");
  else if (strcmp (name, "FN") == 0)
    {
      g_autofree char *raw = unescape (text, strlen (text));

      set_once (&card->fn, clean_line (raw));
    }
  else if (strcmp (name, "N") == 0 && card->n_name == NULL)
    {
      g_autoptr (GPtrArray) parts = split_components (text);
      const char *family = parts->pdata[0];
      const char *given = parts->len > 1 ? parts->pdata[1] : "";
      g_autofree char *joined = g_strjoin (" ", given, family, NULL);

      card->n_name = clean_line (joined);
    }
  else if (strcmp (name, "EMAIL") == 0)
    {
      g_autofree char *raw = unescape (text, strlen (text));
      char *email = clean_line (raw);

      if (email != NULL && g_ascii_strncasecmp (email, "mailto:", 7) == 0)
        memmove (email, email + 7, strlen (email + 7) + 1);
      if (email == NULL || strchr (email, '@') == NULL || strchr (email, ' ') != NULL)
        g_free (email);
      else if (card->email == NULL || prop->pref < card->email_rank)
        {
          g_free (card->email);
          card->email = email;
          card->email_rank = prop->pref;
        }
      else
        g_free (email);
    }
  else if (strcmp (name, "ORG") == 0 && card->company == NULL)
    {
      g_autoptr (GPtrArray) parts = split_components (text);

      card->company = clean_line (parts->pdata[0]);
    }
  else if (strcmp (name, "TITLE") == 0 || strcmp (name, "ROLE") == 0)
    {
      g_autofree char *raw = unescape (text, strlen (text));

      set_once (name[0] == 'T' ? &card->title : &card->role, clean_line (raw));
    }
  else if (strcmp (name, "URL") == 0 || strcmp (name, "X-SOCIALPROFILE") == 0)
    {
      g_autofree char *raw = unescape (text, strlen (text));
      char *url = clean_line (raw);

      if (url != NULL)
        {
          CardUrl *u = g_new0 (CardUrl, 1);

          u->group = g_strdup (prop->group);
          u->url = url;
          u->social = name[0] == 'X';
          g_ptr_array_add (card->urls, u);
        }
    }
  else if (strcmp (name, "X-ABLABEL") == 0 && prop->group != NULL)
    g_hash_table_replace (card->labels, g_strdup (prop->group), g_utf8_strdown (text, -1));
  else if (strcmp (name, "NOTE") == 0)
    {
      g_autofree char *raw = unescape (text, strlen (text));
      g_autofree char *note = clean_text (raw);

      if (note != NULL)
        {
          if (card->notes->len > 0)
            g_string_append_c (card->notes, '\n');
          g_string_append (card->notes, note);
        }
    }
  else if (strcmp (name, "AGENT") == 0)
    card->agent_open = prop->value_len == 0 || g_strstrip (text)[0] == '\0';
}

static gboolean
url_is_linkedin (const char *url)
{
  g_autofree char *lower = g_ascii_strdown (url, -1);

  return strstr (lower, "linkedin.com/") != NULL;
}

/* A LinkedIn URL (or one labelled LinkedIn) first, else the first plain URL. */
static const char *
card_profile_url (Card *card)
{
  const char *first = NULL;

  for (guint i = 0; i < card->urls->len; i++)
    {
      CardUrl *u = card->urls->pdata[i];
      const char *label = u->group != NULL ? g_hash_table_lookup (card->labels, u->group) : NULL;

      if (url_is_linkedin (u->url) || (label != NULL && strstr (label, "linkedin") != NULL))
        return u->url;
      if (first == NULL && !u->social)
        first = u->url;
    }
  return first;
}

/* Turns a finished card into a contact, or a rejection. */
static void
card_finish (Card *card, const char *file, CnImportBatch *batch)
{
  const char *name = card->fn != NULL ? card->fn : card->n_name;
  CnImportContact *contact;

  if (card->overlong_line > 0)
    {
      /* VCARD_MAX_LINE; the line is the property's own, not the card's. */
      cn_import_batch_reject (batch, file, card->overlong_line, "%s",
                              _("a line longer than 1 MiB"));
      return;
    }
  if (name == NULL)
    {
      cn_import_batch_reject (batch, file, card->line, "%s", _("no name"));
      return;
    }

  contact = cn_import_contact_new ();
  contact->name = g_strdup (name);
  contact->email = g_strdup (card->email);
  contact->company = g_strdup (card->company);
  contact->position = g_strdup (card->title != NULL ? card->title : card->role);
  contact->profile_url = g_strdup (card_profile_url (card));
  contact->notes = card->notes->len > 0 ? g_strdup (card->notes->str) : NULL;
  contact->file = g_strdup (file);
  contact->line = card->line;
  cn_import_batch_add_contact (batch, contact);
}

static gboolean
value_is (const Property *prop, const char *word)
{
  g_autofree char *value = g_strndup (prop->value, prop->value_len);

  return g_ascii_strcasecmp (g_strstrip (value), word) == 0;
}

/* ---- The file ------------------------------------------------------------ */

/* "UTF-16LE"/"UTF-16BE" from a BOM or the NUL pattern of ASCII text in
 * UTF-16, NULL for 8-bit text. *skip: the BOM's length. */
static const char *
sniff_utf16 (const guint8 *head, gsize len, gsize *skip)
{
  guint even_nul = 0, odd_nul = 0;

  *skip = 0;
  if (len >= 2 && head[0] == 0xFF && head[1] == 0xFE)
    {
      *skip = 2;
      return "UTF-16LE";
    }
  if (len >= 2 && head[0] == 0xFE && head[1] == 0xFF)
    {
      *skip = 2;
      return "UTF-16BE";
    }
  for (gsize i = 0; i + 1 < MIN (len, 64); i += 2)
    {
      even_nul += head[i] == 0;
      odd_nul += head[i + 1] == 0;
    }
  if (len >= 16 && odd_nul * 4 >= MIN (len, 64) && even_nul == 0)
    return "UTF-16LE";
  if (len >= 16 && even_nul * 4 >= MIN (len, 64) && odd_nul == 0)
    return "UTF-16BE";
  return NULL;
}

/* Whether a line starting with BEGIN:VCARD begins within the first KiB. */
static gboolean
sniff_vcard (const char *text, gsize len)
{
  gsize i = 0;

  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  len = MIN (len, i + VCARD_SNIFF);
  while (i < len)
    {
      while (i < len && (text[i] == ' ' || text[i] == '\t'))
        i++;
      if (len - i >= 11 && g_ascii_strncasecmp (text + i, "BEGIN:VCARD", 11) == 0)
        {
          gsize j = i + 11;

          while (j < len && (text[j] == ' ' || text[j] == '\t'))
            j++;
          return j == len || text[j] == '\r' || text[j] == '\n';
        }
      while (i < len && text[i] != '\n')
        i++;
      i++;
    }
  return FALSE;
}

/* Steals the records of @from into @to. */
static void
batch_move (CnImportBatch *from, CnImportBatch *to)
{
  for (guint i = 0; i < from->contacts->len; i++)
    cn_import_batch_add_contact (to, from->contacts->pdata[i]);
  g_free (g_ptr_array_steal (from->contacts, NULL)); /* leaves it empty */
  for (guint i = 0; i < from->rejections->len; i++)
    g_ptr_array_add (to->rejections, from->rejections->pdata[i]);
  g_free (g_ptr_array_steal (from->rejections, NULL));
}

/* A line of a card, or around cards: BEGIN and END open and close them
 * (an AGENT's embedded card is skipped; a card never ended is closed by the
 * next BEGIN, keeping what it holds). */
static void
take_line (Card **cardp,
           const Property *prop,
           guint line,
           gboolean overlong,
           const char *file,
           CnImportBatch *batch)
{
  Card *card = *cardp;

  if (strcmp (prop->name, "BEGIN") == 0 && value_is (prop, "VCARD"))
    {
      if (card != NULL && (card->agent_open || card->nested > 0))
        card->nested++;
      else
        {
          if (card != NULL)
            card_finish (card, file, batch);
          g_clear_pointer (cardp, card_free);
          *cardp = card_new (line);
        }
    }
  else if (strcmp (prop->name, "END") == 0 && value_is (prop, "VCARD"))
    {
      if (card != NULL && card->nested > 0)
        card->nested--;
      else if (card != NULL)
        {
          card_finish (card, file, batch);
          g_clear_pointer (cardp, card_free);
        }
    }
  else if (card != NULL && card->nested == 0)
    {
      if (!overlong)
        card_take_property (card, prop);
      else if (card->overlong_line == 0)
        card->overlong_line = line;
    }
}

typedef struct
{
  LineReader *reader;
  GByteArray *cur;  /* the logical line being read */
  GByteArray *next; /* the physical line after it */
  gboolean next_overlong;
  int have_next; /* as line_reader_next() */
  gboolean started;
} Lines;

/* Reads the next logical line into lines->cur: folded lines (a space or a
 * tab first) and quoted-printable soft breaks ('=' last, whatever the next
 * line starts with) make one. Properties we do not keep (photos…) are read
 * past without keeping their continuation lines. *wanted: whether cur holds
 * such a property; *overlong: whether it was cut. FALSE at the end or on
 * error (lines->have_next < 0). */
static gboolean
lines_next (Lines *lines, gboolean v21, gboolean *wanted, gboolean *overlong, GError **error)
{
  GByteArray *cur = lines->next;
  gboolean qp, ends_eq;

  if (lines->have_next <= 0)
    return FALSE;
  lines->next = lines->cur;
  lines->cur = cur;
  *overlong = lines->next_overlong;
  lines->have_next = line_reader_next (lines->reader, lines->next, &lines->next_overlong, error);

  if (!lines->started && cur->len >= 3 && memcmp (cur->data, "\xEF\xBB\xBF", 3) == 0)
    g_byte_array_remove_range (cur, 0, 3); /* a UTF-8 BOM */
  lines->started = TRUE;
  *wanted = name_is_wanted ((const char *) cur->data,
                            name_end ((const char *) cur->data, cur->len));
  qp = line_is_qp ((const char *) cur->data, cur->len);
  ends_eq = cur->len > 0 && cur->data[cur->len - 1] == '=';

  while (lines->have_next > 0)
    {
      GByteArray *next = lines->next;
      gboolean fold = next->len > 0 && (next->data[0] == ' ' || next->data[0] == '\t');
      gboolean soft = qp && ends_eq &&
                      !(next->len >= 9 &&
                        g_ascii_strncasecmp ((char *) next->data, "END:VCARD", 9) == 0);

      if (!fold && !soft)
        break;
      if (*wanted)
        {
          /* 2.1 unfolds by removing the line break only; 3.0 and 4.0 also
           * remove the space or tab. */
          gsize skip = soft || v21 ? 0 : 1;

          if (soft)
            g_byte_array_set_size (cur, cur->len - 1);
          if (cur->len + next->len - skip > VCARD_MAX_LINE || lines->next_overlong)
            *overlong = TRUE;
          else
            g_byte_array_append (cur, next->data + skip, next->len - skip);
        }
      ends_eq = next->len > 0 && next->data[next->len - 1] == '=';
      lines->have_next = line_reader_next (lines->reader, next, &lines->next_overlong, error);
    }
  return lines->have_next >= 0;
}

static gboolean
read_cards (LineReader *r, const char *file, CnImportBatch *batch, GError **error)
{
  g_autoptr (GByteArray) cur = g_byte_array_new ();
  g_autoptr (GByteArray) next = g_byte_array_new ();
  Lines lines = { r, cur, next, FALSE, 0, FALSE };
  Card *card = NULL;
  gboolean wanted, overlong;
  gboolean ok = TRUE;
  guint line;

  lines.have_next = line_reader_next (r, lines.next, &lines.next_overlong, error);
  line = r->lineno;
  while (lines_next (&lines, card != NULL && card->v21, &wanted, &overlong, error))
    {
      Property prop;

      if (g_cancellable_set_error_if_cancelled (r->cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if (wanted && property_parse ((const char *) lines.cur->data, lines.cur->len, &prop))
        {
          take_line (&card, &prop, line, overlong, file, batch);
          property_clear (&prop);
        }
      /* The next logical line starts where the physical line in hand does. */
      line = r->lineno;
    }
  /* The arrays may have been swapped: free them through lines. */
  cur = lines.cur;
  next = lines.next;
  ok = ok && lines.have_next >= 0;
  if (ok && card != NULL) /* unterminated at the end of the file */
    card_finish (card, file, batch);
  g_clear_pointer (&card, card_free);
  return ok;
}

gboolean
cn_vcard_read (const char *path,
               CnImportBatch *batch,
               GCancellable *cancellable,
               CnImportProgressFunc progress,
               gpointer progress_data,
               GError **error)
{
  g_autoptr (GFile) gfile = g_file_new_for_path (path);
  g_autofree char *file = g_path_get_basename (path);
  g_autoptr (GFileInputStream) in = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (CnImportBatch) local = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree guint8 *head = NULL;
  g_autofree guint8 *chunk = NULL;
  gsize head_len = 0, bom = 0;
  const char *utf16;
  LineReader reader = { 0 };

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);

  in = g_file_read (gfile, cancellable, &local_error);
  if (in != NULL)
    info = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable,
                                           &local_error);
  head = g_malloc (VCARD_SNIFF * 2 + 8);
  if (info != NULL && !g_input_stream_read_all (G_INPUT_STREAM (in), head, VCARD_SNIFF * 2 + 8,
                                                &head_len, cancellable, &local_error))
    g_clear_object (&info);
  if (info != NULL && !g_seekable_seek (G_SEEKABLE (in), 0, G_SEEK_SET, cancellable, &local_error))
    g_clear_object (&info);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ,
                     _("Cannot read %s: %s"), file, local_error->message);
      return FALSE;
    }

  /* Recognise it first: nothing is appended for a file that is no vCard. */
  utf16 = sniff_utf16 (head, head_len, &bom);
  if (utf16 != NULL)
    {
      gsize n = (head_len - bom) & ~(gsize) 1;
      gsize n_read = 0, written = 0; /* n_read: a pair cut at the end is no error */
      g_autofree char *text = g_convert_with_fallback ((const char *) head + bom, n, "UTF-8", utf16,
                                                       "?", &n_read, &written, NULL);

      if (text == NULL || !sniff_vcard (text, written))
        goto not_recognised;
    }
  else if (!sniff_vcard ((const char *) head, head_len))
    goto not_recognised;

  stream = g_object_ref (G_INPUT_STREAM (in));
  if (utf16 != NULL)
    {
      g_autoptr (GCharsetConverter) conv = g_charset_converter_new ("UTF-8", utf16, error);

      if (conv == NULL)
        return FALSE;
      g_object_unref (stream);
      stream = g_converter_input_stream_new (G_INPUT_STREAM (in), G_CONVERTER (conv));
    }

  chunk = g_malloc (VCARD_CHUNK);
  reader.stream = stream;
  reader.raw = G_SEEKABLE (in);
  reader.size = g_file_info_get_size (info);
  reader.chunk = chunk;
  reader.cancellable = cancellable;
  reader.progress = progress;
  reader.progress_data = progress_data;

  local = cn_import_batch_new ();
  if (!read_cards (&reader, file, local, &local_error))
    {
      if (local_error->domain == G_IO_ERROR)
        {
          if (local_error->code == G_IO_ERROR_CANCELLED)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, CN_IMPORT_ERROR,
                         local_error->code == G_IO_ERROR_INVALID_DATA ? CN_IMPORT_ERROR_INVALID
                                                                      : CN_IMPORT_ERROR_READ,
                         _("Cannot read %s: %s"), file, local_error->message);
        }
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  batch_move (local, batch);
  if (progress != NULL)
    progress (1.0, progress_data);
  return TRUE;

not_recognised:
  g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED,
               _("%s is not a vCard file"), file);
  return FALSE;
}
