/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The CLI's JSON Lines reader (src/cli/cn-cli-json-reader.h). Input: a byte
 * that sets the size of the blocks read (16 to 271 bytes, so that lines
 * span blocks), then the file.
 *
 * Checks: the lines are those of the file cut at each "\n" (a last line with
 * none included), whatever the blocks; a valid UTF-8 line the strict reader
 * takes is one json-glib takes too, and gives the same tree: same kinds,
 * same strings, same members (the last of a repeated name, where json-glib
 * keeps it), and for a number "id" of the root the text the CLI read from
 * json-glib's lines. */

#include "config.h"

#include <string.h>

#include "cn-cli-json-reader.h"
#include "cn-text.h"
#include "fuzz-common.h"

/* The tree as text, members in json-glib's order: a repeated name where it
 * first appears, with its last value. */
static void
dump (GString *out, const CnCliJsonNode *node)
{
  const CnCliJsonNode *child;

  switch (node->type)
    {
    case CN_CLI_JSON_NULL:
      g_string_append (out, "null");
      break;
    case CN_CLI_JSON_BOOLEAN:
      g_string_append (out, "bool");
      break;
    case CN_CLI_JSON_NUMBER:
      g_string_append (out, "number");
      break;
    case CN_CLI_JSON_STRING:
      g_string_append_printf (out, "\"%s\"", node->value);
      break;
    case CN_CLI_JSON_ARRAY:
      g_string_append_c (out, '[');
      for (child = _cn_cli_json_first_child (node); child != NULL;
           child = _cn_cli_json_next_child (node, child))
        {
          dump (out, child);
          g_string_append_c (out, ',');
        }
      g_string_append_c (out, ']');
      break;
    case CN_CLI_JSON_OBJECT:
      g_string_append_c (out, '{');
      for (child = _cn_cli_json_first_child (node); child != NULL;
           child = _cn_cli_json_next_child (node, child))
        {
          gboolean seen = FALSE;

          for (const CnCliJsonNode *before = _cn_cli_json_first_child (node);
               before != child && !seen; before = _cn_cli_json_next_child (node, before))
            seen = strcmp (before->key, child->key) == 0;
          if (seen)
            continue;
          g_string_append_printf (out, "\"%s\":", child->key);
          dump (out, _cn_cli_json_get_member (node, child->key));
          g_string_append_c (out, ',');
        }
      g_string_append_c (out, '}');
      break;
    default:
      cn_fuzz_fail ("a node of kind %d", node->type);
    }
}

static void
check_line (CnCliJsonDoc *strict, CnCliJsonDoc *glib, const char *line, gsize len)
{
  g_autoptr(GString) strict_dump = g_string_new (NULL);
  g_autoptr(GString) glib_dump = g_string_new (NULL);
  g_autofree char *id_number = NULL;
  JsonParser *parser = _cn_cli_json_doc_get_parser (glib);
  const CnCliJsonNode *root;
  const CnCliJsonNode *id;
  const char *end;

  if (!cn_text_validate_utf8 (line, len, &end))
    return;

  if (!_cn_cli_json_doc_read (strict, line, len))
    {
      /* json-glib's: it must not crash on it. */
      json_parser_load_from_data (parser, line, len, NULL);
      return;
    }

  root = _cn_cli_json_doc_get_root (strict);
  cn_fuzz_assert (root != NULL && root->type == CN_CLI_JSON_OBJECT, "the root is not an object");
  dump (strict_dump, root);
  cn_fuzz_assert (json_parser_load_from_data (parser, line, len, NULL),
                  "json-glib refuses a line the strict reader takes: %.*s", (int) MIN (len, 200),
                  line);
  id_number = _cn_cli_json_id_number_text (line, len);
  _cn_cli_json_doc_set_from_json (glib, json_parser_get_root (parser), id_number);
  dump (glib_dump, _cn_cli_json_doc_get_root (glib));
  cn_fuzz_assert (strcmp (strict_dump->str, glib_dump->str) == 0,
                  "the strict reader read %s, json-glib %s", strict_dump->str, glib_dump->str);

  id = _cn_cli_json_get_member (root, "id");
  if (id != NULL && id->type == CN_CLI_JSON_NUMBER)
    cn_fuzz_assert (id_number != NULL && strcmp (id->value, id_number) == 0,
                    "the id's number is %s, json-glib's line gives %s", id->value,
                    id_number != NULL ? id_number : "none");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(CnCliLineReader) reader = NULL;
  g_autoptr(CnCliJsonDoc) strict = _cn_cli_json_doc_new ();
  g_autoptr(CnCliJsonDoc) glib = _cn_cli_json_doc_new ();
  g_autoptr(GError) error = NULL;
  const char *text;
  const char *at;
  const char *line;
  gsize len;

  cn_fuzz_init ();
  if (size < 1)
    return 0;
  text = (const char *) data + 1;
  size--;
  in = g_memory_input_stream_new_from_data (text, size, NULL);
  reader = _cn_cli_line_reader_new (in, 16 + data[0]);

  at = text;
  while (_cn_cli_line_reader_next (reader, &line, &len, &error))
    {
      const char *rest_end = text + size;
      const char *newline = memchr (at, '\n', rest_end - at);
      gsize expected = (newline != NULL ? newline : rest_end) - at;

      cn_fuzz_assert (at < rest_end, "a line past the end of the file");
      cn_fuzz_assert (len == expected && memcmp (line, at, len) == 0,
                      "a line of %" G_GSIZE_FORMAT " bytes where the file has %" G_GSIZE_FORMAT,
                      len, expected);
      at += expected + (newline != NULL);
      check_line (strict, glib, line, len);
    }
  cn_fuzz_assert (error == NULL, "reading from memory failed: %s", error->message);
  cn_fuzz_assert (at == text + size, "the lines stop %" G_GSIZE_FORMAT " bytes before the end",
                  (gsize) (text + size - at));
  return 0;
}
