/* SPDX-License-Identifier: GPL-3.0-or-later */

/* JSON Lines read lean: a per-line json-glib parse built a GObject, a hash
 * table and a copy of every string for each request, and the lines came one
 * allocation each out of a GDataInputStream. The strict reader here takes
 * plain JSON only and writes its strings, decoded, into one buffer kept
 * from line to line; the rest goes to json-glib (see the header). */

#include "config.h"

#include <string.h>

#include "cn-cli-json-reader.h"

/* Deeper lines go to json-glib, which has no limit. */
#define MAX_DEPTH 64

struct _CnCliJsonDoc
{
  GArray *nodes; /* CnCliJsonNode */
  /* The strict reader's strings: at most twice the line (each string or
   * number and its NUL fit in its text and the character after it). */
  char *arena;
  gsize arena_size;
  /* The strings of a tree read by json-glib. */
  GPtrArray *owned;
  JsonParser *parser;
};

typedef struct
{
  const guchar *p;
  const guchar *end;
  char *out;
  GArray *nodes;
  guint depth;
} Scan;

CnCliJsonDoc *
_cn_cli_json_doc_new (void)
{
  CnCliJsonDoc *doc = g_new0 (CnCliJsonDoc, 1);

  doc->nodes = g_array_sized_new (FALSE, FALSE, sizeof (CnCliJsonNode), 64);
  doc->owned = g_ptr_array_new_with_free_func (g_free);
  return doc;
}

void
_cn_cli_json_doc_free (CnCliJsonDoc *doc)
{
  if (doc == NULL)
    return;
  g_array_unref (doc->nodes);
  g_ptr_array_unref (doc->owned);
  g_free (doc->arena);
  g_clear_object (&doc->parser);
  g_free (doc);
}

JsonParser *
_cn_cli_json_doc_get_parser (CnCliJsonDoc *doc)
{
  if (doc->parser == NULL)
    doc->parser = json_parser_new_immutable ();
  return doc->parser;
}

const CnCliJsonNode *
_cn_cli_json_doc_get_root (CnCliJsonDoc *doc)
{
  return doc->nodes->len > 0 ? &g_array_index (doc->nodes, CnCliJsonNode, 0) : NULL;
}

static void
doc_reset (CnCliJsonDoc *doc)
{
  g_array_set_size (doc->nodes, 0);
  if (doc->owned->len > 0)
    g_ptr_array_set_size (doc->owned, 0);
}

static inline void
skip_blanks (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t'))
    s->p++;
}

static gboolean
read_hex4 (const guchar *p, const guchar *end, gunichar *out)
{
  gunichar value = 0;

  if (end - p < 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return FALSE;
      value = value << 4 | (gunichar) digit;
    }
  *out = value;
  return TRUE;
}

/* Whether none of the 8 bytes of @v is a quote, a backslash or a control
 * character (the test for a zero byte of Hacker's Delight, on v ^ '"',
 * v ^ '\\' and v - 0x20). */
static inline gboolean
plain_8 (guint64 v)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  guint64 quote = v ^ (ones * '"');
  guint64 backslash = v ^ (ones * '\\');

  guint64 found = ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) |
                  ((v - ones * 0x20) & ~v);

  return (found & highs) == 0;
}

/* A string at s->p (its opening quote), decoded into s->out. */
static gboolean
scan_string (Scan *s, const char **out_text)
{
  const guchar *p = s->p + 1;
  const guchar *end = s->end;
  char *dst = s->out;

  *out_text = dst;
  for (;;)
    {
      const guchar *run = p;
      guint64 v;

      /* Notes are long runs of plain text: 8 bytes at a time. */
      while (end - p >= 8 && (memcpy (&v, p, 8), plain_8 (v)))
        p += 8;
      while (p < end && *p != '"' && *p != '\\' && *p >= 0x20)
        p++;
      memcpy (dst, run, p - run);
      dst += p - run;
      if (p >= end || *p < 0x20)
        return FALSE;
      if (*p == '"')
        break;

      if (end - p < 2)
        return FALSE;
      switch (p[1])
        {
        case '"':
        case '\\':
        case '/':
          *dst++ = (char) p[1];
          break;
        case 'b':
          *dst++ = '\b';
          break;
        case 'f':
          *dst++ = '\f';
          break;
        case 'n':
          *dst++ = '\n';
          break;
        case 'r':
          *dst++ = '\r';
          break;
        case 't':
          *dst++ = '\t';
          break;
        case 'u':
          {
            gunichar c, low;

            /* json-glib cuts a string at \u0000 and lets a lone surrogate
             * through: those lines are its own. */
            if (!read_hex4 (p + 2, end, &c) || c == 0 || (c >= 0xdc00 && c <= 0xdfff))
              return FALSE;
            if (c >= 0xd800 && c <= 0xdbff)
              {
                if (end - p < 12 || p[6] != '\\' || p[7] != 'u' || !read_hex4 (p + 8, end, &low) ||
                    low < 0xdc00 || low > 0xdfff)
                  return FALSE;
                c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
                p += 6;
              }
            dst += g_unichar_to_utf8 (c, dst);
            p += 4;
          }
          break;
        default:
          return FALSE;
        }
      p += 2;
    }

  *dst++ = '\0';
  s->out = dst;
  s->p = p + 1;
  return TRUE;
}

/* A number as JSON writes it, copied as written. */
static gboolean
scan_number (Scan *s, const char **out_text)
{
  const guchar *start = s->p;
  const guchar *p = s->p;
  const guchar *end = s->end;

  if (p < end && *p == '-')
    p++;
  if (p < end && *p == '0')
    p++;
  else if (p < end && *p >= '1' && *p <= '9')
    while (p < end && g_ascii_isdigit (*p))
      p++;
  else
    return FALSE;
  if (p < end && *p == '.')
    {
      p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  *out_text = s->out;
  memcpy (s->out, start, p - start);
  s->out += p - start;
  *s->out++ = '\0';
  s->p = p;
  return TRUE;
}

static gboolean
scan_word (Scan *s, const char *word, gsize len)
{
  if ((gsize) (s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return FALSE;
  s->p += len;
  return TRUE;
}

static gboolean scan_value (Scan *s, const char *key);

/* The members of an object or the elements of an array, s->p past its
 * opening bracket. */
static gboolean
scan_children (Scan *s, gboolean object)
{
  guchar close = object ? '}' : ']';

  if (++s->depth > MAX_DEPTH)
    return FALSE;
  skip_blanks (s);
  if (s->p < s->end && *s->p == close)
    {
      s->p++;
      s->depth--;
      return TRUE;
    }
  for (;;)
    {
      const char *key = NULL;

      if (object)
        {
          /* An escaped name could be "id", which the scan of the id's
           * number would miss, as json-glib's reading does: json-glib's. */
          const guchar *name = s->p;

          if (s->p >= s->end || *s->p != '"' || !scan_string (s, &key) ||
              memchr (name, '\\', s->p - name) != NULL)
            return FALSE;
          skip_blanks (s);
          if (s->p >= s->end || *s->p != ':')
            return FALSE;
          s->p++;
          skip_blanks (s);
        }
      if (!scan_value (s, key))
        return FALSE;
      skip_blanks (s);
      if (s->p >= s->end)
        return FALSE;
      if (*s->p == close)
        break;
      if (*s->p != ',')
        return FALSE;
      s->p++;
      skip_blanks (s);
    }
  s->p++;
  s->depth--;
  return TRUE;
}

static gboolean
scan_value (Scan *s, const char *key)
{
  guint index = s->nodes->len;
  CnCliJsonNode node = { CN_CLI_JSON_NULL, 1, key, NULL };
  gboolean ok;

  if (s->p >= s->end)
    return FALSE;
  g_array_append_val (s->nodes, node);
  switch (*s->p)
    {
    case '"':
      node.type = CN_CLI_JSON_STRING;
      ok = scan_string (s, &node.value);
      break;
    case '{':
    case '[':
      node.type = *s->p == '{' ? CN_CLI_JSON_OBJECT : CN_CLI_JSON_ARRAY;
      s->p++;
      ok = scan_children (s, node.type == CN_CLI_JSON_OBJECT);
      node.size = s->nodes->len - index;
      break;
    case 't':
      node.type = CN_CLI_JSON_BOOLEAN;
      ok = scan_word (s, "true", 4);
      break;
    case 'f':
      node.type = CN_CLI_JSON_BOOLEAN;
      ok = scan_word (s, "false", 5);
      break;
    case 'n':
      ok = scan_word (s, "null", 4);
      break;
    default:
      node.type = CN_CLI_JSON_NUMBER;
      ok = scan_number (s, &node.value);
      break;
    }
  g_array_index (s->nodes, CnCliJsonNode, index) = node;
  return ok;
}

gboolean
_cn_cli_json_doc_read (CnCliJsonDoc *doc, const char *line, gsize len)
{
  Scan s = { (const guchar *) line, (const guchar *) line + len, NULL, doc->nodes, 0 };

  doc_reset (doc);
  if (doc->arena_size < 2 * len + 16)
    {
      g_free (doc->arena);
      doc->arena_size = MAX (2 * len + 16, 2 * doc->arena_size);
      doc->arena = g_malloc (doc->arena_size);
    }
  s.out = doc->arena;

  skip_blanks (&s);
  if (s.p >= s.end || *s.p != '{' || !scan_value (&s, NULL))
    return FALSE;
  skip_blanks (&s);
  return s.p == s.end;
}

static const char *
own (CnCliJsonDoc *doc, const char *str)
{
  char *copy = g_strdup (str);

  g_ptr_array_add (doc->owned, copy);
  return copy;
}

static void
add_json_node (CnCliJsonDoc *doc, JsonNode *json, const char *key)
{
  guint index = doc->nodes->len;
  CnCliJsonNode node = { CN_CLI_JSON_NULL, 1, key, NULL };

  g_array_append_val (doc->nodes, node);
  switch (JSON_NODE_TYPE (json))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (json);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        node.type = CN_CLI_JSON_OBJECT;
        json_object_iter_init_ordered (&iter, object);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          add_json_node (doc, member, own (doc, name));
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (json);
        guint n = json_array_get_length (array);

        node.type = CN_CLI_JSON_ARRAY;
        for (guint i = 0; i < n; i++)
          add_json_node (doc, json_array_get_element (array, i), NULL);
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (json) == G_TYPE_STRING)
        {
          node.type = CN_CLI_JSON_STRING;
          node.value = own (doc, json_node_get_string (json));
        }
      else if (json_node_get_value_type (json) == G_TYPE_BOOLEAN)
        node.type = CN_CLI_JSON_BOOLEAN;
      else
        node.type = CN_CLI_JSON_NUMBER;
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
  node.size = doc->nodes->len - index;
  g_array_index (doc->nodes, CnCliJsonNode, index) = node;
}

void
_cn_cli_json_doc_set_from_json (CnCliJsonDoc *doc, JsonNode *root, const char *id_number)
{
  CnCliJsonNode *id;

  doc_reset (doc);
  add_json_node (doc, root, NULL);
  id = (CnCliJsonNode *) _cn_cli_json_get_member (_cn_cli_json_doc_get_root (doc), "id");
  if (id != NULL && id->type == CN_CLI_JSON_NUMBER && id_number != NULL)
    id->value = own (doc, id_number);
}

const CnCliJsonNode *
_cn_cli_json_first_child (const CnCliJsonNode *node)
{
  return node->size > 1 ? node + 1 : NULL;
}

const CnCliJsonNode *
_cn_cli_json_next_child (const CnCliJsonNode *node, const CnCliJsonNode *child)
{
  const CnCliJsonNode *next = child + child->size;

  return next < node + node->size ? next : NULL;
}

const CnCliJsonNode *
_cn_cli_json_get_member (const CnCliJsonNode *object, const char *name)
{
  const CnCliJsonNode *found = NULL;

  if (object == NULL || object->type != CN_CLI_JSON_OBJECT)
    return NULL;
  for (const CnCliJsonNode *child = _cn_cli_json_first_child (object); child != NULL;
       child = _cn_cli_json_next_child (object, child))
    if (child->key[0] == name[0] && strcmp (child->key, name) == 0)
      found = child;
  return found;
}

char *
_cn_cli_json_id_number_text (const char *line, gsize len)
{
  const char *key = NULL, *found = NULL;
  gsize key_len = 0, found_len = 0;
  int depth = 0;
  gboolean want_key = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = line[i];

      if (c == '"')
        {
          gsize start = ++i;

          while (i < len && line[i] != '"')
            i += line[i] == '\\' ? 2 : 1;
          if (depth == 1 && want_key)
            {
              key = line + start;
              key_len = i - start;
              want_key = FALSE;
            }
        }
      else if (c == '{' || c == '[')
        {
          depth++;
          want_key = c == '{' && depth == 1;
        }
      else if (c == '}' || c == ']')
        depth--;
      else if (c == ',' && depth == 1)
        want_key = TRUE;
      else if (c == ':' && depth == 1 && key != NULL)
        {
          gboolean is_id = key_len == 2 && memcmp (key, "id", 2) == 0;

          key = NULL;
          while (i + 1 < len && g_ascii_isspace (line[i + 1]))
            i++;
          if (is_id)
            {
              gsize start = i + 1, end = start;

              while (end < len && strchr ("0123456789+-.eE", line[end]) != NULL && line[end])
                end++;
              found = end > start ? line + start : NULL;
              found_len = end - start;
            }
        }
    }
  return found != NULL ? g_strndup (found, found_len) : NULL;
}

struct _CnCliLineReader
{
  GInputStream *in;
  char *buffer;
  gsize size;
  gsize start; /* the next line */
  gsize end;   /* what was read */
  gboolean eof;
};

CnCliLineReader *
_cn_cli_line_reader_new (GInputStream *in, gsize block_size)
{
  CnCliLineReader *reader = g_new0 (CnCliLineReader, 1);

  reader->in = g_object_ref (in);
  reader->size = MAX (block_size, 16);
  reader->buffer = g_malloc (reader->size);
  return reader;
}

void
_cn_cli_line_reader_free (CnCliLineReader *reader)
{
  if (reader == NULL)
    return;
  g_object_unref (reader->in);
  g_free (reader->buffer);
  g_free (reader);
}

gboolean
_cn_cli_line_reader_next (CnCliLineReader *reader,
                          const char **out_line,
                          gsize *out_len,
                          GError **error)
{
  gsize searched = reader->start;

  for (;;)
    {
      const char *newline = memchr (reader->buffer + searched, '\n', reader->end - searched);
      gssize n;

      if (newline != NULL)
        {
          *out_line = reader->buffer + reader->start;
          *out_len = newline - *out_line;
          reader->start = newline + 1 - reader->buffer;
          return TRUE;
        }
      if (reader->eof)
        {
          if (reader->start == reader->end)
            return FALSE;
          /* The last line, with no line break. */
          *out_line = reader->buffer + reader->start;
          *out_len = reader->end - reader->start;
          reader->start = reader->end;
          return TRUE;
        }

      /* Room for a block after what is left of the line. */
      searched = reader->end - reader->start;
      memmove (reader->buffer, reader->buffer + reader->start, searched);
      reader->start = 0;
      reader->end = searched;
      if (reader->size - reader->end < reader->size / 2)
        {
          reader->size *= 2;
          reader->buffer = g_realloc (reader->buffer, reader->size);
        }
      n = g_input_stream_read (reader->in, reader->buffer + reader->end, reader->size - reader->end,
                               NULL, error);
      if (n < 0)
        return FALSE;
      if (n == 0)
        reader->eof = TRUE;
      reader->end += n;
    }
}
