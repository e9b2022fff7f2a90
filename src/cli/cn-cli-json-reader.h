/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The reading of JSON Lines for analyze and triage: the file in large
 * blocks cut into lines, and each line's object read by a small strict
 * reader into a flat tree. What that reader does not take (anything but
 * plain JSON: a lone surrogate, \u0000, an unknown escape, a control
 * character in a string, a line that is not one object…) is read by
 * json-glib into the same tree, or reported with json-glib's own words, so
 * that what the commands accept and print does not depend on the reader. */

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  CN_CLI_JSON_NULL,
  CN_CLI_JSON_STRING,
  CN_CLI_JSON_NUMBER,
  CN_CLI_JSON_BOOLEAN,
  CN_CLI_JSON_OBJECT,
  CN_CLI_JSON_ARRAY,
} CnCliJsonType;

/* A value; an object's or an array's are the nodes that follow it, each
 * followed by its own (size counts the node and all those below it). */
typedef struct
{
  CnCliJsonType type;
  guint32 size;
  /* A member's name; NULL for an element of an array or the root. */
  const char *key;
  /* STRING: the text; NUMBER: the number as written (NULL when read by
   * json-glib, but for the root's "id"). */
  const char *value;
} CnCliJsonNode;

typedef struct _CnCliJsonDoc CnCliJsonDoc;

CnCliJsonDoc *_cn_cli_json_doc_new (void);
void _cn_cli_json_doc_free (CnCliJsonDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnCliJsonDoc, _cn_cli_json_doc_free)

/* The strict reader: TRUE when @line (valid UTF-8, without its line break)
 * is one JSON object it takes; the tree holds it until the next read. */
gboolean _cn_cli_json_doc_read (CnCliJsonDoc *doc, const char *line, gsize len);
/* The tree of what json-glib read (@root, any kind of node); numbers have no
 * text but the root's "id", when it is one, which has @id_number. */
void _cn_cli_json_doc_set_from_json (CnCliJsonDoc *doc, JsonNode *root, const char *id_number);
/* The parser for the lines the strict reader leaves to json-glib. */
JsonParser *_cn_cli_json_doc_get_parser (CnCliJsonDoc *doc);
/* The root, or NULL before any read. */
const CnCliJsonNode *_cn_cli_json_doc_get_root (CnCliJsonDoc *doc);

/* The last member of @object named @name (as json-glib keeps it), or NULL. */
const CnCliJsonNode *_cn_cli_json_get_member (const CnCliJsonNode *object, const char *name);
/* An object's members or an array's elements: the first, and the one after
 * @child; NULL past the last. */
const CnCliJsonNode *_cn_cli_json_first_child (const CnCliJsonNode *node);
const CnCliJsonNode *_cn_cli_json_next_child (const CnCliJsonNode *node,
                                              const CnCliJsonNode *child);

/* The text of the number the top-level "id" member of @line (a JSON object
 * json-glib read) holds, as written; NULL when it holds no number. The last
 * "id" wins, as in the parser. */
char *_cn_cli_json_id_number_text (const char *line, gsize len);

/* Lines of a stream, read in large blocks. */
typedef struct _CnCliLineReader CnCliLineReader;

CnCliLineReader *_cn_cli_line_reader_new (GInputStream *in, gsize block_size);
void _cn_cli_line_reader_free (CnCliLineReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnCliLineReader, _cn_cli_line_reader_free)
/* The next line, without its "\n" (as g_data_input_stream_read_line()),
 * valid until the next call; FALSE at the end or on an error. */
gboolean _cn_cli_line_reader_next (CnCliLineReader *reader,
                                   const char **out_line,
                                   gsize *out_len,
                                   GError **error);

G_END_DECLS
