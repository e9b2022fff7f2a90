/* SPDX-License-Identifier: GPL-3.0-or-later */

/* What analyze and triage share: reading requests given as JSON Lines (or a
 * file), and writing one analysis per line as JSON. */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "cn-cli-private.h"

/* Stable ids, as in the JSON output of reasons. */
static const char *
reason_to_string (CnReason reason)
{
  static const char *const names[] = {
    [CN_REASON_EMPTY] = "empty",
    [CN_REASON_NO_SELF_INTRO] = "no_self_intro",
    [CN_REASON_NO_OBJECTIVE] = "no_objective",
    [CN_REASON_NO_SPECIFIC_ASK] = "no_specific_ask",
    [CN_REASON_NO_WHY_YOU] = "no_why_you",
    [CN_REASON_NO_EFFORT_BOUND] = "no_effort_bound",
    [CN_REASON_NOT_PERSONALISED] = "not_personalised",
    [CN_REASON_NO_REASON_TO_FORWARD] = "no_reason_to_forward",
    [CN_REASON_GENERIC_TEMPLATE] = "generic_template",
    [CN_REASON_PLACEHOLDERS] = "placeholders",
    [CN_REASON_PUSHY] = "pushy",
    [CN_REASON_SALES_PITCH] = "sales_pitch",
    [CN_REASON_TOO_SHORT] = "too_short",
  };

  if ((guint) reason < G_N_ELEMENTS (names) && names[reason] != NULL)
    return names[reason];
  return "other";
}

static void
append_uint (GString *out, guint64 value)
{
  char digits[24];
  guint i = sizeof digits;

  do
    {
      digits[--i] = '0' + value % 10;
      value /= 10;
    }
  while (value > 0);
  g_string_append_len (out, digits + i, sizeof digits - i);
}

static void
append_span (GString *out, CnSpan span)
{
  g_string_append_c (out, '[');
  append_uint (out, span.start);
  g_string_append_c (out, ',');
  append_uint (out, span.end);
  g_string_append_c (out, ']');
}

/* The id as given: a string, a number written as the input wrote it
 * (@number, so that 1e400 or 2^64 come back unchanged), or null. */
static void
append_json_id (GString *out, JsonNode *id, const char *number, const char *fallback)
{
  if (id == NULL || JSON_NODE_HOLDS_NULL (id))
    _cn_cli_append_json_string (out, fallback);
  else if (json_node_get_value_type (id) == G_TYPE_STRING)
    _cn_cli_append_json_string (out, json_node_get_string (id));
  else
    g_string_append (out, number);
}

static void
append_triage (GString *out, const CnCliTriageOutput *triage)
{
  g_string_append (out, triage->mass_sent ? ",\"mass_sent\":true,\"campaign\":"
                                          : ",\"mass_sent\":false,\"campaign\":");
  _cn_cli_append_json_string (out, triage->campaign);
  g_string_append (out, ",\"campaign_size\":");
  append_uint (out, triage->campaign_size);
  g_string_append (out, triage->repeated ? ",\"repeated\":true,\"repeat_count\":"
                                         : ",\"repeated\":false,\"repeat_count\":");
  append_uint (out, triage->repeat_count);
}

/* An analysis is written in three parts so that triage can write the first
 * and last as soon as a request is analysed, and the middle (what depends on
 * the other requests) once all are read. */
void
_cn_cli_append_analysis_head (GString *out,
                              JsonNode *id,
                              const char *id_number,
                              const char *fallback_id,
                              CnAnalysis *analysis)
{
  g_string_append (out, "{\"id\":");
  append_json_id (out, id, id_number, fallback_id);
  g_string_append (out, ",\"lang\":");
  _cn_cli_append_json_string (out, cn_analysis_get_lang (analysis));

  g_string_append (out, ",\"elements\":{");
  for (guint e = 0; e < CN_N_TARGET_ELEMENTS; e++)
    {
      const CnSpan *spans;
      guint n_spans = 0;

      if (e > 0)
        g_string_append_c (out, ',');
      _cn_cli_append_json_string (out, cn_element_to_string (e));
      g_string_append (out, cn_analysis_has_element (analysis, e)
                                ? ":{\"present\":true,\"spans\":["
                                : ":{\"present\":false,\"spans\":[");
      spans = cn_analysis_get_spans (analysis, e, &n_spans);
      for (guint i = 0; i < n_spans; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_span (out, spans[i]);
        }
      g_string_append_c (out, ']');
      /* Who is asking may be said in the note to the connector only. */
      spans = cn_analysis_get_connector_spans (analysis, e, &n_spans);
      if (n_spans > 0)
        {
          g_string_append (out, ",\"connector_spans\":[");
          for (guint i = 0; i < n_spans; i++)
            {
              if (i > 0)
                g_string_append_c (out, ',');
              append_span (out, spans[i]);
            }
          g_string_append_c (out, ']');
        }
      g_string_append_c (out, '}');
    }

  g_string_append (out, "},\"flags\":{");
  for (guint f = 0; f < CN_N_FLAGS; f++)
    {
      if (f > 0)
        g_string_append_c (out, ',');
      _cn_cli_append_json_string (out, cn_flag_to_string (f));
      g_string_append (out, cn_analysis_has_flag (analysis, f) ? ":true" : ":false");
    }

  g_string_append (out, "},\"reason_to_forward\":");
  if (!cn_analysis_has_connector_note (analysis))
    g_string_append (out, "null");
  else if (cn_analysis_has_element (analysis, CN_ELEMENT_REASON_TO_FORWARD))
    g_string_append (out, "true");
  else
    g_string_append (out, "false");

  g_string_append (out, ",\"score\":");
  append_uint (out, MIN (cn_analysis_get_score (analysis), 100));
}

void
_cn_cli_append_analysis_middle (GString *out,
                                CnVerdict verdict,
                                const CnCliTriageOutput *triage,
                                gboolean more_reasons)
{
  gboolean first_reason = TRUE;

  /* A note sent to many contacts was not written for this one, however well
   * it reads: it can never be forwarded as it is. The connector asks the
   * requester why this contact (incomplete); the score is the note's own. */
  if (triage != NULL && triage->mass_sent && verdict == CN_VERDICT_MOTIVATED)
    verdict = CN_VERDICT_INCOMPLETE;
  g_string_append (out, ",\"verdict\":");
  _cn_cli_append_json_string (out, cn_verdict_to_string (verdict));
  if (triage != NULL)
    append_triage (out, triage);

  /* Campaigns and repeats first: they weigh most in what to do. */
  g_string_append (out, ",\"reasons\":[");
  if (triage != NULL && triage->mass_sent)
    {
      g_string_append (out, "\"mass_sent\"");
      first_reason = FALSE;
    }
  if (triage != NULL && triage->repeated)
    {
      g_string_append (out, first_reason ? "\"repeated\"" : ",\"repeated\"");
      first_reason = FALSE;
    }
  if (more_reasons && !first_reason)
    g_string_append_c (out, ',');
}

void
_cn_cli_append_analysis_tail (GString *out, CnAnalysis *analysis)
{
  const CnReason *reasons;
  const CnEvidence *evidence;
  guint n_reasons;
  guint n_evidence;

  reasons = cn_analysis_get_reasons (analysis, &n_reasons);
  for (guint i = 0; i < n_reasons; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      _cn_cli_append_json_string (out, reason_to_string (reasons[i]));
    }

  g_string_append (out, "],\"evidence\":[");
  evidence = cn_analysis_get_evidence (analysis, &n_evidence);
  for (guint i = 0; i < n_evidence; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"flag\":");
      _cn_cli_append_json_string (out, cn_flag_to_string (evidence[i].flag));
      g_string_append (out, evidence[i].note == CN_NOTE_TO_CONNECTOR
                                ? ",\"note\":\"note_to_connector\",\"span\":"
                                : ",\"note\":\"note_to_target\",\"span\":");
      append_span (out, evidence[i].span);
      g_string_append (out, ",\"kind\":");
      _cn_cli_append_json_string (out, evidence[i].kind);
      g_string_append (out, ",\"text\":");
      _cn_cli_append_json_string (out, evidence[i].text);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}\n");
}

gboolean
_cn_cli_analysis_has_reasons (CnAnalysis *analysis)
{
  guint n_reasons = 0;

  cn_analysis_get_reasons (analysis, &n_reasons);
  return n_reasons > 0;
}

void
_cn_cli_append_analysis (GString *out,
                         JsonNode *id,
                         const char *id_number,
                         const char *fallback_id,
                         CnAnalysis *analysis,
                         const CnCliTriageOutput *triage)
{
  _cn_cli_append_analysis_head (out, id, id_number, fallback_id, analysis);
  _cn_cli_append_analysis_middle (out, cn_analysis_get_verdict (analysis), triage,
                                  _cn_cli_analysis_has_reasons (analysis));
  _cn_cli_append_analysis_tail (out, analysis);
}

void
_cn_cli_flush_output (CnCliAnalyzeContext *ctx, gboolean force)
{
  if (ctx->out->len == 0 || (!force && ctx->out->len < CN_CLI_FLUSH_SIZE))
    return;

  if (!ctx->write_failed && !_cn_cli_write_stdout (ctx->out))
    ctx->write_failed = TRUE;
  g_string_truncate (ctx->out, 0);
}

void
_cn_cli_report_line_error (CnCliAnalyzeContext *ctx, gulong line, const char *problem)
{
  /* file:line: problem, as compilers do, so editors can jump to the line. */
  g_printerr ("%s: %s:%lu: %s\n", g_get_prgname (), ctx->source_name, line, problem);
  ctx->failed = TRUE;
}

gboolean
_cn_cli_get_string_member (JsonObject *object, const char *name, const char **out_value)
{
  JsonNode *node = json_object_get_member (object, name);

  *out_value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  *out_value = json_node_get_string (node);
  return TRUE;
}

/* "en", "EN", "fr-FR", "fr_CA" → a language the analyzer knows; anything
 * else lets it detect the language. */
static const char *
known_lang (const char *lang)
{
  if (lang == NULL || strlen (lang) < 2 || (lang[2] != '\0' && lang[2] != '-' && lang[2] != '_'))
    return NULL;
  if (g_ascii_strncasecmp (lang, "en", 2) == 0)
    return "en";
  if (g_ascii_strncasecmp (lang, "fr", 2) == 0)
    return "fr";
  return NULL;
}

/* Fills the target fields of @input; @tags holds the expertise. */
static gboolean
read_target (JsonObject *target, CnAnalysisInput *input, GPtrArray *tags, char **out_problem)
{
  JsonNode *expertise;

  if (!_cn_cli_get_string_member (target, "name", &input->target_name))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "target.name");
  else if (!_cn_cli_get_string_member (target, "position", &input->target_position))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "target.position");
  else if (!_cn_cli_get_string_member (target, "company", &input->target_company))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "target.company");
  if (*out_problem != NULL)
    return FALSE;

  expertise = json_object_get_member (target, "expertise");
  if (expertise == NULL || JSON_NODE_HOLDS_NULL (expertise))
    return TRUE;

  if (JSON_NODE_HOLDS_ARRAY (expertise))
    {
      JsonArray *array = json_node_get_array (expertise);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *tag = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (tag) || json_node_get_value_type (tag) != G_TYPE_STRING)
            break;
          g_ptr_array_add (tags, (gpointer) json_node_get_string (tag));
        }
      if (tags->len == n)
        {
          g_ptr_array_add (tags, NULL);
          input->target_expertise = (const char *const *) tags->pdata;
          return TRUE;
        }
    }

  *out_problem = g_strdup_printf (_("“%s” must be a list of strings."), "target.expertise");
  return FALSE;
}

/* The text of the number the top-level "id" member of @line (a JSON object
 * already parsed) holds, as written; NULL when it holds no number. The last
 * "id" wins, as in the parser. */
static char *
id_number_text (const char *line, gsize len)
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

JsonObject *
_cn_cli_parse_line (CnCliAnalyzeContext *ctx,
                    const char *line,
                    gsize len,
                    gulong line_number,
                    JsonNode **out_id,
                    char **out_id_number)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  JsonObject *object;
  JsonNode *root;
  JsonNode *id;
  const char *end;

  if (!cn_text_validate_utf8 (line, len, &end))
    {
      problem = g_strdup_printf (_("The line is not valid UTF-8 text (at byte %lu)."),
                                    (gulong) (end - line + 1));
      _cn_cli_report_line_error (ctx, line_number, problem);
      return NULL;
    }

  if (!json_parser_load_from_data (ctx->parser, line, len, &error))
    {
      const char *reason = error->message;
      gulong column = 0;

      /* json-glib says "<data>:LINE:COLUMN: Parse error: …"; the line is ours. */
      if (g_str_has_prefix (reason, "<data>:") && (reason = strchr (reason + 7, ':')) != NULL)
        {
          char *after;

          column = strtoul (reason + 1, &after, 10);
          reason = *after == ':' ? after + 1 : error->message;
          while (*reason == ' ')
            reason++;
        }
      else
        reason = error->message;

      if (column > 0)
        problem = g_strdup_printf (_("The line is not valid JSON (at character %lu): %s"), column,
                                      reason);
      else
        problem = g_strdup_printf (_("The line is not valid JSON: %s"), reason);
      _cn_cli_report_line_error (ctx, line_number, problem);
      return NULL;
    }

  root = json_parser_get_root (ctx->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      _cn_cli_report_line_error (ctx, line_number,
                                 _("The line is not a JSON object: give one request per line, "
                           "like {\"id\": 1, \"note_to_target\": \"…\"}."));
      return NULL;
    }
  object = json_node_get_object (root);

  id = json_object_get_member (object, "id");
  if (id != NULL && !JSON_NODE_HOLDS_NULL (id) &&
      (!JSON_NODE_HOLDS_VALUE (id) || (json_node_get_value_type (id) != G_TYPE_STRING &&
                                       json_node_get_value_type (id) != G_TYPE_INT64 &&
                                       json_node_get_value_type (id) != G_TYPE_DOUBLE)))
    {
      _cn_cli_report_line_error (ctx, line_number, _("“id” must be a string or a number."));
      return NULL;
    }
  if (id != NULL && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) != G_TYPE_STRING)
    {
      *out_id_number = id_number_text (line, len);
      /* An escaped key ("\u0069d") is the one case the scan does not read. */
      if (*out_id_number == NULL)
        {
          _cn_cli_report_line_error (ctx, line_number, _("“id” must be a string or a number."));
          return NULL;
        }
    }

  *out_id = id;
  return object;
}

gboolean
_cn_cli_read_analysis_input (JsonObject *object,
                             CnAnalysisInput *input,
                             GPtrArray *tags,
                             char **out_problem)
{
  JsonNode *target;
  const char *lang = NULL;

  if (!_cn_cli_get_string_member (object, "note_to_target", &input->note_to_target))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "note_to_target");
  else if (input->note_to_target == NULL &&
           !_cn_cli_get_string_member (object, "text", &input->note_to_target))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "text");
  else if (input->note_to_target == NULL)
    *out_problem = g_strdup (_("The text is missing: give “note_to_target” or “text”."));
  else if (!_cn_cli_get_string_member (object, "note_to_connector", &input->note_to_connector))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "note_to_connector");
  else if (!_cn_cli_get_string_member (object, "lang", &lang))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "lang");
  if (*out_problem != NULL)
    return FALSE;
  input->lang = known_lang (lang);

  target = json_object_get_member (object, "target");
  if (target != NULL && !JSON_NODE_HOLDS_NULL (target))
    {
      if (!JSON_NODE_HOLDS_OBJECT (target))
        {
          *out_problem = g_strdup (_("“target” must be an object."));
          return FALSE;
        }
      if (!read_target (json_node_get_object (target), input, tags, out_problem))
        return FALSE;
    }

  return TRUE;
}

gboolean
_cn_cli_read_json_lines (CnCliAnalyzeContext *ctx,
                         GDataInputStream *in,
                         CnCliLineFunc func,
                         GError **error)
{
  gulong line_number = 0;
  char *line;
  gsize len;

  while ((line = g_data_input_stream_read_line (in, &len, NULL, error)) != NULL)
    {
      const char *start = line;

      line_number++;
      if (line_number == 1 && len >= 3 && memcmp (line, "\xef\xbb\xbf", 3) == 0)
        {
          start += 3;
          len -= 3;
        }
      if (len > 0 && start[len - 1] == '\r')
        len--;

      /* Blank lines are skipped. */
      for (gsize i = 0; i < len; i++)
        {
          if (!g_ascii_isspace (start[i]))
            {
              func (ctx, start, len, line_number);
              break;
            }
        }
      g_free (line);

      if (ctx->write_failed)
        return TRUE;
    }

  return error == NULL || *error == NULL;
}

GDataInputStream *
_cn_cli_open_input (const char *path, char **out_display_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) base = NULL;
  GDataInputStream *in;

  if (path == NULL || strcmp (path, "-") == 0)
    {
      base = g_unix_input_stream_new (STDIN_FILENO, FALSE);
      *out_display_name = g_strdup (_("standard input"));
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      *out_display_name = g_filename_display_name (path);
      base = G_INPUT_STREAM (g_file_read (file, NULL, &error));
      if (base == NULL)
        {
          g_printerr (_("%s: could not read “%s”: %s\n"), g_get_prgname (), *out_display_name,
                         error->message);
          return NULL;
        }
    }

  in = g_data_input_stream_new (base);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (in), 64 * 1024);
  return in;
}
