/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cn-analyzer.h"
#include "cn-demo.h"
#include "cn-fit.h"
#include "cn-import.h"
#include "cn-store.h"
#include "cn-triage.h"

#define EXIT_USAGE 2

typedef struct
{
  char *db_path;
  gboolean json;
  gboolean version;
} CliOptions;

static void
cli_options_clear (CliOptions *options)
{
  g_clear_pointer (&options->db_path, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliOptions, cli_options_clear)

static void
setup_i18n (void)
{
  const char *localedir = g_getenv ("CONNECTEUR_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* Output */

/* JSON needs valid Unicode: bytes that are not UTF-8 become U+FFFD. Runs of
 * characters that need no escape are copied at once. */
static void
append_json_string (GString *out, const char *str)
{
  const char *p;
  const char *end;
  const char *run;

  if (str == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  end = str + strlen (str);
  for (p = run = str; p < end;)
    {
      guchar byte = (guchar) *p;
      gunichar c;
      const char *next;

      if (byte >= 0x20 && byte < 0x80 && byte != '"' && byte != '\\')
        {
          p++;
          continue;
        }

      if (byte >= 0x80)
        {
          c = g_utf8_get_char_validated (p, end - p);
          if (c != (gunichar) -1 && c != (gunichar) -2 && c != 0x2028 && c != 0x2029)
            {
              p = g_utf8_next_char (p);
              continue;
            }
        }
      else
        c = byte;

      g_string_append_len (out, run, p - run);
      next = p + 1;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case (gunichar) -1:
        case (gunichar) -2:
          g_string_append (out, "\\ufffd");
          break;
        default:
          /* Control characters; line and paragraph separators break
           * JavaScript parsers. */
          g_string_append_printf (out, "\\u%04x", c);
          if (c >= 0x80)
            next = g_utf8_next_char (p);
        }
      p = run = next;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

/* One request per line: tabs and line breaks inside a field become spaces. */
static void
append_tsv_field (GString *out, const char *str)
{
  for (const char *p = str != NULL ? str : ""; *p != '\0'; p++)
    g_string_append_c (out, (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p);
}

static void
append_tsv_line (GString *out, CnRequest *request)
{
  g_autoptr(GDateTime)
                 received = g_date_time_new_from_unix_local (cn_request_get_received_at (request));
  g_autofree char *date = received != NULL ? g_date_time_format (received, "%Y-%m-%d") : NULL;

  g_string_append_printf (out, "%" G_GINT64_FORMAT "\t%s\t%s\t", cn_request_get_id (request),
                          date != NULL ? date : "",
                          cn_request_status_to_string (cn_request_get_status (request)));
  append_tsv_field (out, cn_request_get_requester_name (request));
  g_string_append_c (out, '\t');
  append_tsv_field (out, cn_request_get_target_name (request));
  g_string_append_c (out, '\n');
}

static void
append_json_line (GString *out, CnRequest *request)
{
  g_autoptr(GDateTime)
                 received = g_date_time_new_from_unix_utc (cn_request_get_received_at (request));
  g_autofree char *iso = received != NULL ? g_date_time_format_iso8601 (received) : NULL;

  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"received_at\":",
                          cn_request_get_id (request));
  append_json_string (out, iso);
  g_string_append (out, ",\"status\":");
  append_json_string (out, cn_request_status_to_string (cn_request_get_status (request)));
  g_string_append (out, ",\"requester\":");
  append_json_string (out, cn_request_get_requester_name (request));
  g_string_append (out, ",\"target\":");
  append_json_string (out, cn_request_get_target_name (request));
  g_string_append (out, ",\"note_to_connector\":");
  append_json_string (out, cn_request_get_note_to_connector (request));
  g_string_append (out, ",\"note_to_target\":");
  append_json_string (out, cn_request_get_note_to_target (request));
  g_string_append (out, "}\n");
}

/* Data goes to stdout as raw UTF-8 bytes: g_print() would convert it to the
 * locale's charset and mangle names under LANG=C. */
static gboolean
write_stdout (GString *out)
{
  return fwrite (out->str, 1, out->len, stdout) == out->len;
}

/* analyze */

/* Output buffers are written out past this size. */
#define FLUSH_SIZE (64 * 1024)

typedef struct
{
  CnAnalyzer *analyzer;
  JsonParser *parser;
  GString *out;
  /* For messages: the file as the user named it, or "standard input". */
  const char *source_name;
  gboolean failed;
  gboolean write_failed;
  /* triage: the requests read so far (NULL for analyze) */
  struct _TriageState *triage;
} AnalyzeContext;

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
    append_json_string (out, fallback);
  else if (json_node_get_value_type (id) == G_TYPE_STRING)
    append_json_string (out, json_node_get_string (id));
  else
    g_string_append (out, number);
}

/* What triage adds to an analysis. */
typedef struct
{
  gboolean mass_sent;
  const char *campaign; /* NULL when none */
  guint campaign_size;
  gboolean repeated;
  guint repeat_count;
} TriageOutput;

static void
append_triage (GString *out, const TriageOutput *triage)
{
  g_string_append (out, triage->mass_sent ? ",\"mass_sent\":true,\"campaign\":"
                                          : ",\"mass_sent\":false,\"campaign\":");
  append_json_string (out, triage->campaign);
  g_string_append (out, ",\"campaign_size\":");
  append_uint (out, triage->campaign_size);
  g_string_append (out, triage->repeated ? ",\"repeated\":true,\"repeat_count\":"
                                         : ",\"repeated\":false,\"repeat_count\":");
  append_uint (out, triage->repeat_count);
}

/* The contract's keys in the contract's order (triage's after analyze's),
 * then "reasons" and "evidence". triage may be NULL (analyze). */
static void
append_analysis (GString *out,
                 JsonNode *id,
                 const char *id_number,
                 const char *fallback_id,
                 CnAnalysis *analysis,
                 const TriageOutput *triage)
{
  CnVerdict verdict = cn_analysis_get_verdict (analysis);
  const CnReason *reasons;
  const CnEvidence *evidence;
  guint n_reasons;
  guint n_evidence;
  gboolean first_reason = TRUE;

  g_string_append (out, "{\"id\":");
  append_json_id (out, id, id_number, fallback_id);
  g_string_append (out, ",\"lang\":");
  append_json_string (out, cn_analysis_get_lang (analysis));

  g_string_append (out, ",\"elements\":{");
  for (guint e = 0; e < CN_N_TARGET_ELEMENTS; e++)
    {
      const CnSpan *spans;
      guint n_spans = 0;

      if (e > 0)
        g_string_append_c (out, ',');
      append_json_string (out, cn_element_to_string (e));
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
      append_json_string (out, cn_flag_to_string (f));
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
  /* A note sent to many contacts was not written for this one, however well
   * it reads: it can never be forwarded as it is. The connector asks the
   * requester why this contact (incomplete); the score is the note's own. */
  if (triage != NULL && triage->mass_sent && verdict == CN_VERDICT_MOTIVATED)
    verdict = CN_VERDICT_INCOMPLETE;
  g_string_append (out, ",\"verdict\":");
  append_json_string (out, cn_verdict_to_string (verdict));
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
  reasons = cn_analysis_get_reasons (analysis, &n_reasons);
  for (guint i = 0; i < n_reasons; i++)
    {
      if (!first_reason)
        g_string_append_c (out, ',');
      first_reason = FALSE;
      append_json_string (out, reason_to_string (reasons[i]));
    }

  g_string_append (out, "],\"evidence\":[");
  evidence = cn_analysis_get_evidence (analysis, &n_evidence);
  for (guint i = 0; i < n_evidence; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"flag\":");
      append_json_string (out, cn_flag_to_string (evidence[i].flag));
      g_string_append (out, evidence[i].note == CN_NOTE_TO_CONNECTOR
                                ? ",\"note\":\"note_to_connector\",\"span\":"
                                : ",\"note\":\"note_to_target\",\"span\":");
      append_span (out, evidence[i].span);
      g_string_append (out, ",\"kind\":");
      append_json_string (out, evidence[i].kind);
      g_string_append (out, ",\"text\":");
      append_json_string (out, evidence[i].text);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}\n");
}

static void
flush_output (AnalyzeContext *ctx, gboolean force)
{
  if (ctx->out->len == 0 || (!force && ctx->out->len < FLUSH_SIZE))
    return;

  if (!ctx->write_failed && !write_stdout (ctx->out))
    ctx->write_failed = TRUE;
  g_string_truncate (ctx->out, 0);
}

static void
report_line_error (AnalyzeContext *ctx, gulong line, const char *problem)
{
  /* file:line: problem, as compilers do, so editors can jump to the line. */
  g_printerr ("%s: %s:%lu: %s\n", g_get_prgname (), ctx->source_name, line, problem);
  ctx->failed = TRUE;
}

/* The member as a string, NULL when absent or null. FALSE when it is
 * something else. */
static gboolean
get_string_member (JsonObject *object, const char *name, const char **out_value)
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

  if (!get_string_member (target, "name", &input->target_name))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "target.name");
  else if (!get_string_member (target, "position", &input->target_position))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "target.position");
  else if (!get_string_member (target, "company", &input->target_company))
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

/* The line as a JSON object (the parser's, valid until the next line), with
 * its "id" (may be NULL) and, for a number, the number's text; NULL after
 * reporting the problem. */
static JsonObject *
parse_line (AnalyzeContext *ctx,
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

  if (!g_utf8_validate_len (line, len, &end))
    {
      problem = g_strdup_printf (_("The line is not valid UTF-8 text (at byte %lu)."),
                                    (gulong) (end - line + 1));
      report_line_error (ctx, line_number, problem);
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
      report_line_error (ctx, line_number, problem);
      return NULL;
    }

  root = json_parser_get_root (ctx->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      report_line_error (ctx, line_number,
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
      report_line_error (ctx, line_number, _("“id” must be a string or a number."));
      return NULL;
    }
  if (id != NULL && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) != G_TYPE_STRING)
    {
      *out_id_number = id_number_text (line, len);
      /* An escaped key ("\u0069d") is the one case the scan does not read. */
      if (*out_id_number == NULL)
        {
          report_line_error (ctx, line_number, _("“id” must be a string or a number."));
          return NULL;
        }
    }

  *out_id = id;
  return object;
}

/* Fills input from the request's notes, language and target; tags holds
 * the target's expertise. */
static gboolean
read_analysis_input (JsonObject *object,
                     CnAnalysisInput *input,
                     GPtrArray *tags,
                     char **out_problem)
{
  JsonNode *target;
  const char *lang = NULL;

  if (!get_string_member (object, "note_to_target", &input->note_to_target))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "note_to_target");
  else if (input->note_to_target == NULL &&
           !get_string_member (object, "text", &input->note_to_target))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "text");
  else if (input->note_to_target == NULL)
    *out_problem = g_strdup (_("The text is missing: give “note_to_target” or “text”."));
  else if (!get_string_member (object, "note_to_connector", &input->note_to_connector))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "note_to_connector");
  else if (!get_string_member (object, "lang", &lang))
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

/* One JSON Lines request: output, or an error on stderr. */
static void
analyze_line (AnalyzeContext *ctx, const char *line, gsize len, gulong line_number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAnalysis) analysis = NULL;
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  g_autofree char *problem = NULL;
  CnAnalysisInput input = { 0 };
  JsonObject *object;
  JsonNode *id = NULL;
  g_autofree char *id_number = NULL;

  object = parse_line (ctx, line, len, line_number, &id, &id_number);
  if (object == NULL)
    return;

  if (!read_analysis_input (object, &input, tags, &problem))
    {
      report_line_error (ctx, line_number, problem);
      return;
    }

  analysis = cn_analyzer_analyze (ctx->analyzer, &input, &error);
  if (analysis == NULL)
    {
      report_line_error (ctx, line_number, error->message);
      return;
    }

  append_analysis (ctx->out, id, id_number, NULL, analysis, NULL);
  flush_output (ctx, FALSE);
}

/* Whether the input is JSON Lines: its first character that is not blank
 * is "{". Looks ahead without consuming anything. */
static gboolean
peek_json_lines (GBufferedInputStream *in, gboolean *out_json_lines, GError **error)
{
  for (;;)
    {
      gsize available;
      const guchar *buffer = g_buffered_input_stream_peek_buffer (in, &available);
      gsize i = 0;
      gssize n;

      if (available >= 3 && memcmp (buffer, "\xef\xbb\xbf", 3) == 0)
        i = 3;
      for (; i < available; i++)
        {
          if (!g_ascii_isspace (buffer[i]))
            {
              *out_json_lines = buffer[i] == '{';
              return TRUE;
            }
        }

      /* Only blanks so far: look further. */
      if (available == g_buffered_input_stream_get_buffer_size (in))
        g_buffered_input_stream_set_buffer_size (in, 2 * available);
      n = g_buffered_input_stream_fill (in, -1, NULL, error);
      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          /* Empty or blank: no request at all. */
          *out_json_lines = TRUE;
          return TRUE;
        }
    }
}

typedef void (*LineFunc) (AnalyzeContext *ctx, const char *line, gsize len, gulong line_number);

/* Calls func for each line that is not blank, numbered from 1. */
static gboolean
read_json_lines (AnalyzeContext *ctx, GDataInputStream *in, LineFunc func, GError **error)
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

/* A file that is not JSON Lines is one note to the target. */
static gboolean
analyze_plain_text (AnalyzeContext *ctx, GInputStream *in, const char *id, GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(CnAnalysis) analysis = NULL;
  g_autoptr(GError) local_error = NULL;
  CnAnalysisInput input = { 0 };
  const char *start;
  const char *end;
  char buffer[16 * 1024];
  gssize n;

  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, error)) > 0)
    g_string_append_len (text, buffer, n);
  if (n < 0)
    return FALSE;

  start = text->str;
  if (text->len >= 3 && memcmp (start, "\xef\xbb\xbf", 3) == 0)
    start += 3;

  if (!g_utf8_validate_len (start, text->str + text->len - start, &end))
    {
      g_autofree char *problem = NULL;
      gulong line = 1;

      for (const char *p = start; p < end; p++)
        line += *p == '\n';
      problem = g_strdup (_("The text is not valid UTF-8."));
      report_line_error (ctx, line, problem);
      return TRUE;
    }

  input.note_to_target = start;
  analysis = cn_analyzer_analyze (ctx->analyzer, &input, &local_error);
  if (analysis == NULL)
    {
      report_line_error (ctx, 1, local_error->message);
      return TRUE;
    }

  append_analysis (ctx->out, NULL, NULL, id, analysis, NULL);
  return TRUE;
}

/* FILE, or the standard input for NULL or "-"; NULL after telling why.
 * out_display_name: the file as the user named it, or "standard input". */
static GDataInputStream *
open_input (const char *path, char **out_display_name)
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

static int
command_analyze (CnStore *store, CliOptions *options, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GString) out = g_string_sized_new (FLUSH_SIZE + 4096);
  g_autofree char *display_name = NULL;
  const char *path = args[0] != NULL && strcmp (args[0], "-") != 0 ? args[0] : NULL;
  AnalyzeContext ctx = { 0 };
  gboolean json_lines = TRUE;
  gboolean ok;

  in = open_input (path, &display_name);
  if (in == NULL)
    return EXIT_FAILURE;

  ctx.analyzer = cn_analyzer_get_default ();
  ctx.parser = parser;
  ctx.out = out;
  ctx.source_name = display_name;

  ok = peek_json_lines (G_BUFFERED_INPUT_STREAM (in), &json_lines, &error);
  if (ok && json_lines)
    ok = read_json_lines (&ctx, in, analyze_line, &error);
  else if (ok)
    ok = analyze_plain_text (&ctx, G_INPUT_STREAM (in), path != NULL ? display_name : NULL, &error);

  flush_output (&ctx, TRUE);
  if (!ok)
    {
      g_printerr (_("%s: could not read “%s”: %s\n"), g_get_prgname (), display_name,
                     error->message);
      return EXIT_FAILURE;
    }

  if (ctx.write_failed || fflush (stdout) != 0)
    {
      g_printerr (_("%s: could not write the analyses to the standard output.\n"),
                     g_get_prgname ());
      return EXIT_FAILURE;
    }

  return ctx.failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* triage */

/* One request read, in input order; its id in the triage is its index + 1. */
typedef struct
{
  JsonNode *id;    /* as given; NULL when absent */
  char *id_number; /* a number id as written */
  gulong line_number;
  CnAnalysis *analysis;
} TriageRecord;

typedef struct _TriageState
{
  CnTriage *triage;
  GArray *records; /* TriageRecord */
} TriageState;

static void
clear_triage_record (gpointer data)
{
  TriageRecord *record = data;

  g_clear_pointer (&record->id, json_node_unref);
  g_clear_pointer (&record->id_number, g_free);
  g_clear_object (&record->analysis);
}

/* The requester's key (cn_triage_requester_key()) and name. */
static gboolean
read_requester (JsonObject *object, char **out_key, const char **out_name, char **out_problem)
{
  JsonNode *node = json_object_get_member (object, "requester");
  JsonObject *requester;
  const char *email = NULL;
  const char *profile_url = NULL;

  *out_name = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *out_problem = g_strdup (_("“requester” must be an object."));
      return FALSE;
    }

  requester = json_node_get_object (node);
  if (!get_string_member (requester, "name", out_name))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "requester.name");
  else if (!get_string_member (requester, "email", &email))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "requester.email");
  else if (!get_string_member (requester, "profile_url", &profile_url))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "requester.profile_url");
  if (*out_problem != NULL)
    return FALSE;

  *out_key = cn_triage_requester_key (*out_name, email, profile_url);
  return TRUE;
}

/* "2025-10-03T09:30:00+02:00", or a date alone; UTC when no zone is given. */
static gboolean
read_received_at (JsonObject *object, gint64 *out_time, char **out_problem)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) date = NULL;
  const char *str = NULL;

  if (get_string_member (object, "received_at", &str) && str != NULL)
    {
      date = g_date_time_new_from_iso8601 (str, utc);
      if (date == NULL && strlen (str) == 10)
        {
          g_autofree char *midnight = g_strconcat (str, "T00:00:00", NULL);

          date = g_date_time_new_from_iso8601 (midnight, utc);
        }
    }
  if (date == NULL)
    {
      *out_problem = g_strdup (_("“received_at” must be a date in ISO 8601 format, like "
                                 "“2025-10-03T09:30:00Z”."));
      return FALSE;
    }

  *out_time = g_date_time_to_unix (date);
  return TRUE;
}

/* Reads, analyses and indexes one request; the output waits for all. */
static void
triage_line (AnalyzeContext *ctx, const char *line, gsize len, gulong line_number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAnalysis) analysis = NULL;
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  g_autofree char *problem = NULL;
  g_autofree char *requester_key = NULL;
  g_autofree char *target_key = NULL;
  CnAnalysisInput input = { 0 };
  CnRequestStatus status = CN_REQUEST_STATUS_NEW;
  TriageState *state = ctx->triage;
  const char *requester_name = NULL;
  const char *status_name = NULL;
  gint64 received_at = 0;
  TriageRecord record = { 0 };
  JsonObject *object;
  JsonNode *id = NULL;
  g_autofree char *id_number = NULL;

  object = parse_line (ctx, line, len, line_number, &id, &id_number);
  if (object == NULL)
    return;

  if (!read_analysis_input (object, &input, tags, &problem) ||
      !read_requester (object, &requester_key, &requester_name, &problem) ||
      !read_received_at (object, &received_at, &problem))
    {
      report_line_error (ctx, line_number, problem);
      return;
    }
  /* Optional: what the connector did, so that later requests of the same
   * person after a decline count as repeats. */
  if (!get_string_member (object, "status", &status_name) ||
      (status_name != NULL && !cn_request_status_from_string (status_name, &status)))
    {
      report_line_error (ctx, line_number,
                         _("“status” must be one of “new”, “asked”, “ready”, “forwarded”, "
                           "“declined”, “archived”."));
      return;
    }

  analysis = cn_analyzer_analyze (ctx->analyzer, &input, &error);
  if (analysis == NULL)
    {
      report_line_error (ctx, line_number, error->message);
      return;
    }

  /* Contacts are known by their name here. */
  target_key = cn_triage_requester_key (input.target_name, NULL, NULL);
  cn_triage_add (state->triage,
                 &(CnTriageItem){
                     .id = state->records->len + 1,
                     .requester_key = requester_key,
                     .target_key = target_key,
                     .received_at = received_at,
                     .status = status,
                     .note_to_target = input.note_to_target,
                     .target_name = input.target_name,
                     .requester_name = requester_name,
                 },
                 NULL);

  record.id = id != NULL ? json_node_copy (id) : NULL;
  record.id_number = g_steal_pointer (&id_number);
  record.line_number = line_number;
  record.analysis = g_steal_pointer (&analysis);
  g_array_append_val (state->records, record);
}

/* A campaign is named after its first request's id. */
static char *
campaign_name (TriageRecord *record)
{
  JsonNode *id = record->id;

  if (id == NULL || JSON_NODE_HOLDS_NULL (id))
    return g_strdup_printf ("line %lu", record->line_number);
  if (json_node_get_value_type (id) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (id));
  return g_strdup (record->id_number);
}

static int
command_triage (CnStore *store, CliOptions *options, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GString) out = g_string_sized_new (FLUSH_SIZE + 4096);
  g_autoptr(CnTriage) triage = cn_triage_new (3, 30);
  g_autoptr(GArray) records = g_array_new (FALSE, TRUE, sizeof (TriageRecord));
  g_autofree char *display_name = NULL;
  const char *path = args[0] != NULL && strcmp (args[0], "-") != 0 ? args[0] : NULL;
  AnalyzeContext ctx = { 0 };
  TriageState state = { triage, records };

  g_array_set_clear_func (records, clear_triage_record);
  in = open_input (path, &display_name);
  if (in == NULL)
    return EXIT_FAILURE;

  ctx.analyzer = cn_analyzer_get_default ();
  ctx.parser = parser;
  ctx.out = out;
  ctx.source_name = display_name;
  ctx.triage = &state;

  /* Campaigns and repeats need every request: read them all first. */
  if (!read_json_lines (&ctx, in, triage_line, &error))
    {
      g_printerr (_("%s: could not read “%s”: %s\n"), g_get_prgname (), display_name,
                     error->message);
      return EXIT_FAILURE;
    }

  for (guint i = 0; i < records->len && !ctx.write_failed; i++)
    {
      TriageRecord *record = &g_array_index (records, TriageRecord, i);
      g_autofree char *campaign = NULL;
      CnTriageInfo info;
      TriageOutput output;

      cn_triage_get_info (triage, i + 1, &info);
      if (info.mass_sent)
        campaign = campaign_name (&g_array_index (records, TriageRecord, info.campaign_id - 1));
      output = (TriageOutput){ info.mass_sent, campaign, info.campaign_size, info.repeated,
                               info.repeat_count };
      append_analysis (out, record->id, record->id_number, NULL, record->analysis, &output);
      flush_output (&ctx, FALSE);
    }

  flush_output (&ctx, TRUE);
  if (ctx.write_failed || fflush (stdout) != 0)
    {
      g_printerr (_("%s: could not write the analyses to the standard output.\n"),
                     g_get_prgname ());
      return EXIT_FAILURE;
    }

  return ctx.failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* Commands */

static int
command_list (CnStore *store, CliOptions *options, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  ids = cn_store_list_request_ids (store, &error);
  if (ids == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CnRequest) request = NULL;

      request = cn_store_get_request (store, g_array_index (ids, gint64, i), &error);
      if (request == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return EXIT_FAILURE;
        }

      if (options->json)
        append_json_line (out, request);
      else
        append_tsv_line (out, request);

      if (out->len > 64 * 1024)
        {
          if (!write_stdout (out))
            break;
          g_string_truncate (out, 0);
        }
    }

  if (!write_stdout (out) || fflush (stdout) != 0)
    {
      g_printerr (_("%s: could not write the list to the standard output.\n"), g_get_prgname ());
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}

static int
command_demo (CnStore *store, CliOptions *options, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *display_name = g_filename_display_name (cn_store_get_path (store));
  int n;

  n = cn_demo_load (store, &error);
  if (n < 0)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }

  g_print (ngettext ("Added %d example request to “%s”.\n", "Added %d example requests to “%s”.\n",
                     n),
           n, display_name);
  return EXIT_SUCCESS;
}

/* fit */

static const char *
fit_field_to_string (CnFitField field)
{
  switch (field)
    {
    case CN_FIT_FIELD_POSITION:
      return "position";
    case CN_FIT_FIELD_COMPANY:
      return "company";
    case CN_FIT_FIELD_EXPERTISE:
    default:
      return "expertise";
    }
}

static void
append_fit_json (GString *out, gint64 id, const CnFit *fit)
{
  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"kind\":", id);
  append_json_string (out, cn_request_kind_to_string (cn_fit_get_kind (fit)));
  g_string_append (out, ",\"level\":");
  append_json_string (out, cn_fit_level_to_string (cn_fit_get_level (fit)));
  g_string_append_printf (out, ",\"kind_accepted\":%s,\"kinds_stated\":%s,\"matches\":[",
                          cn_fit_get_kind_accepted (fit) ? "true" : "false",
                          cn_fit_get_kinds_stated (fit) ? "true" : "false");
  for (guint i = 0; i < cn_fit_get_n_matches (fit); i++)
    {
      const CnFitMatch *m = cn_fit_get_match (fit, i);

      g_string_append_printf (out, "%s{\"note\":\"%s\",\"start\":%u,\"end\":%u,\"term\":",
                              i > 0 ? "," : "",
                              m->note == CN_NOTE_TO_TARGET ? "to_target" : "to_connector",
                              m->span.start, m->span.end);
      append_json_string (out, m->request_term);
      g_string_append_printf (out,
                              ",\"field\":\"%s\",\"field_index\":%u,\"card_start\":%u,"
                              "\"card_end\":%u,\"contact_term\":",
                              fit_field_to_string (m->field), m->field_index, m->card_span.start,
                              m->card_span.end);
      append_json_string (out, m->contact_term);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}\n");
}

/* id, kind, level, "accepted" or "not_accepted", then the words that meet
 * ("note word=card word", comma-separated). */
static void
append_fit_tsv (GString *out, gint64 id, const CnFit *fit)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT "\t%s\t%s\t%s\t", id,
                          cn_request_kind_to_string (cn_fit_get_kind (fit)),
                          cn_fit_level_to_string (cn_fit_get_level (fit)),
                          cn_fit_get_kind_accepted (fit) ? "accepted" : "not_accepted");
  for (guint i = 0; i < cn_fit_get_n_matches (fit); i++)
    {
      const CnFitMatch *m = cn_fit_get_match (fit, i);

      if (i > 0)
        g_string_append (out, ", ");
      append_tsv_field (out, m->request_term);
      g_string_append_c (out, '=');
      append_tsv_field (out, m->contact_term);
    }
  g_string_append_c (out, '\n');
}

static int
command_fit (CnStore *store, CliOptions *options, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  if (args[0] != NULL)
    {
      char *end = NULL;
      gint64 id = g_ascii_strtoll (args[0], &end, 10);

      if (end == args[0] || *end != '\0' || id <= 0)
        {
          g_printerr (_("%s: “%s” is not a request id. Try “%s --help”.\n"), g_get_prgname (),
                         args[0], g_get_prgname ());
          return EXIT_USAGE;
        }
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (ids, id);
    }
  else
    {
      ids = cn_store_list_request_ids (store, &error);
      if (ids == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return EXIT_FAILURE;
        }
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CnRequest) request = NULL;
      g_autoptr(CnContact) contact = NULL;
      g_autoptr(CnFit) fit = NULL;

      request = cn_store_get_request (store, g_array_index (ids, gint64, i), &error);
      if (request == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return EXIT_FAILURE;
        }
      if (cn_request_get_target_id (request) > 0)
        {
          contact = cn_store_get_contact (store, cn_request_get_target_id (request), &error);
          if (contact == NULL)
            {
              g_printerr ("%s: %s\n", g_get_prgname (), error->message);
              return EXIT_FAILURE;
            }
        }

      fit = cn_fit_compute (cn_request_get_note_to_target (request),
                            cn_request_get_note_to_connector (request), NULL, contact);
      if (options->json)
        append_fit_json (out, cn_request_get_id (request), fit);
      else
        append_fit_tsv (out, cn_request_get_id (request), fit);
    }

  if (!write_stdout (out) || fflush (stdout) != 0)
    {
      g_printerr (_("%s: could not write the list to the standard output.\n"), g_get_prgname ());
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}

/* import */

static void
on_import_progress (double fraction, gpointer user_data)
{
  int *last = user_data;
  int percent = (int) (fraction * 100.0);

  if (percent == *last)
    return;
  *last = percent;
  /* TRANSLATORS: progress of an import on the terminal; %d is a percentage. */
  g_printerr ("\r");
  g_printerr (_("Importing… %d %%"), percent);
}

static void
append_report_json (GString *out, CnImportReport *report)
{
  g_string_append_printf (out,
                          "{\"contacts_added\":%u,\"contacts_updated\":%u,"
                          "\"contacts_unchanged\":%u,\"requests_added\":%u,"
                          "\"requests_skipped\":%u,\"rejections\":[",
                          report->contacts_added, report->contacts_updated,
                          report->contacts_unchanged, report->requests_added,
                          report->requests_skipped);
  for (guint i = 0; i < report->rejections->len; i++)
    {
      CnImportRejection *rejection = g_ptr_array_index (report->rejections, i);

      g_string_append (out, i > 0 ? ",{\"file\":" : "{\"file\":");
      append_json_string (out, rejection->file);
      g_string_append_printf (out, ",\"line\":%u,\"reason\":", rejection->line);
      append_json_string (out, rejection->reason);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"duplicates\":[");
  for (guint i = 0; i < report->duplicates->len; i++)
    {
      CnImportDuplicate *duplicate = g_ptr_array_index (report->duplicates, i);

      g_string_append_printf (out,
                              "%s{\"existing\":%" G_GINT64_FORMAT ",\"imported\":%" G_GINT64_FORMAT
                              ",\"reason\":",
                              i > 0 ? "," : "", duplicate->existing_id, duplicate->imported_id);
      append_json_string (out, duplicate->reason);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}\n");
}

static void
append_report_text (GString *out, CnImportReport *report)
{
  /* TRANSLATORS: the three counts are of contacts; "unchanged" were already there. */
  g_string_append_printf (out, _("Contacts: %u added, %u updated, %u unchanged\n"),
                                  report->contacts_added, report->contacts_updated,
                                  report->contacts_unchanged);
  g_string_append_printf (out, _("Requests: %u added, %u already there\n"), report->requests_added,
                                  report->requests_skipped);
  if (report->rejections->len > 0)
    g_string_append_printf (out,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Rejected: %u entry (listed on the standard error)\n",
                                         "Rejected: %u entries (listed on the standard error)\n",
                                         report->rejections->len),
                            report->rejections->len);
  if (report->duplicates->len > 0)
    g_string_append (out, _("Possible duplicates, to merge or keep in the window:\n"));
  for (guint i = 0; i < report->duplicates->len; i++)
    {
      CnImportDuplicate *duplicate = g_ptr_array_index (report->duplicates, i);

      g_string_append_printf (out, "  #%" G_GINT64_FORMAT " #%" G_GINT64_FORMAT "  %s\n",
                              duplicate->existing_id, duplicate->imported_id, duplicate->reason);
    }
}

static void
print_rejections (CnImportReport *report)
{
  for (guint i = 0; i < report->rejections->len; i++)
    {
      CnImportRejection *rejection = g_ptr_array_index (report->rejections, i);

      if (rejection->line > 0)
        g_printerr ("%s:%u: %s\n", rejection->file, rejection->line, rejection->reason);
      else
        g_printerr ("%s: %s\n", rejection->file, rejection->reason);
    }
}

/* Exit status: 0 when the files were imported (even with rows rejected,
 * listed on the standard error), 1 when nothing was written: an error, or
 * every row rejected. */
static int
command_import (CnStore *unused, CliOptions *options, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *path = NULL;
  CnImportFormat format;
  gboolean tty = isatty (STDERR_FILENO);
  int last_percent = -1;

  if (args[0] == NULL || !cn_import_format_from_string (args[0], &format))
    {
      if (args[0] == NULL)
        g_printerr (_("%s: import needs a format (linkedin, vcard, csv, mail or auto) and files. "
                      "Try “%s --help”.\n"),
                       g_get_prgname (), g_get_prgname ());
      else
        g_printerr (_("%s: unknown import format “%s”: use linkedin, vcard, csv, mail or auto. "
                      "Try “%s --help”.\n"),
                       g_get_prgname (), args[0], g_get_prgname ());
      return EXIT_USAGE;
    }
  if (args[1] == NULL)
    {
      g_printerr (_("%s: import needs at least one file. Try “%s --help”.\n"), g_get_prgname (),
                     g_get_prgname ());
      return EXIT_USAGE;
    }

  path = options->db_path != NULL ? g_strdup (options->db_path) : cn_store_default_path ();
  store = cn_store_open (path, &error);
  if (store != NULL)
    report = cn_import_run (store, format, (const char *const *) args + 1, NULL,
                            tty ? on_import_progress : NULL, &last_percent, &error);
  if (tty && last_percent >= 0)
    g_printerr ("\n");
  if (report == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }

  print_rejections (report);
  if (options->json)
    append_report_json (out, report);
  else
    append_report_text (out, report);
  if (!write_stdout (out) || fflush (stdout) != 0)
    {
      g_printerr (_("%s: could not write the list to the standard output.\n"), g_get_prgname ());
      return EXIT_FAILURE;
    }

  if (report->rejections->len > 0 && report->contacts_added + report->contacts_updated +
                                             report->contacts_unchanged + report->requests_added +
                                             report->requests_skipped ==
                                         0)
    return EXIT_FAILURE;
  return EXIT_SUCCESS;
}

typedef struct
{
  const char *name;
  /* Arguments after the command's name. */
  guint max_args;
  gboolean uses_store;
  /* args: NULL-terminated, the command's arguments. */
  int (*run) (CnStore *store, CliOptions *options, char **args);
} Command;

static const Command commands[] = {
  { "list", 0, TRUE, command_list },        { "demo", 0, TRUE, command_demo },
  { "analyze", 1, FALSE, command_analyze }, { "triage", 1, FALSE, command_triage },
  { "fit", 1, TRUE, command_fit },          { "import", G_MAXINT, FALSE, command_import },
};

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (commands[i].name, name) == 0)
        return &commands[i];
    }

  return NULL;
}

static GOptionContext *
create_option_context (CliOptions *options)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options->db_path,
      N_("Use the database at PATH instead of the default one"), N_("PATH") },
      { "json", 0, 0, G_OPTION_ARG_NONE, &options->json,
        N_("list, fit: print JSON Lines instead of tab-separated columns; import: print the "
           "report as JSON"),
            NULL },
        { "version", 0, 0, G_OPTION_ARG_NONE, &options->version,
          N_("Print the version and exit"), NULL },
          { NULL } };
  GOptionContext *context = g_option_context_new (_("COMMAND"));

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (
      context,
      _("Reviews introduction requests without a window.\n"
      "\n"
      "Commands:\n"
      "  list             Show the requests, newest first (id, date, status, requester, "
      "contact)\n"
      "  demo             Add the example contacts and requests\n"
      "  analyze [FILE]   Analyse requests given as JSON Lines (one object per line, with\n"
      "                   \"note_to_target\" or \"text\") or a plain-text note, from FILE or\n"
      "                   the standard input (\"-\"); prints one JSON analysis per line\n"
      "  triage [FILE]    Analyse requests given as JSON Lines (\"requester\", \"target\",\n"
      "                   \"received_at\", \"note_to_connector\", \"note_to_target\") and\n"
      "                   find the mass-sent and repeated ones; prints each analysis with\n"
      "                   \"mass_sent\", \"campaign\", \"campaign_size\", \"repeated\" and\n"
      "                   \"repeat_count\"\n"
      "  fit [ID]         Tell the kind of each stored request and how well it suits its\n"
      "                   contact (id, kind, level, whether the contact accepts the kind,\n"
      "                   the words that meet)\n"
      "  import FORMAT PATH…\n"
      "                   Bring contacts and requests in from files; FORMAT is linkedin\n"
      "                   (an export's folder, .zip or CSV files), vcard, csv (Google or\n"
      "                   Outlook contacts), mail (.eml, mbox) or auto (found from each\n"
      "                   file's content). All or nothing; importing again adds only what\n"
      "                   is new. Prints what was added; rejected rows go to the standard\n"
      "                   error as FILE:LINE: reason. Exit status 0 when imported, even\n"
      "                   with rows rejected; 1 when nothing was written (an error, or\n"
      "                   every row rejected)"));
  g_option_context_set_description (context, _("The database is $CONNECTEUR_DB when set, otherwise connecteur/connecteur.db "
      "in your data folder."));

  return context;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *path = NULL;
  g_auto (CliOptions) options = { NULL, FALSE, FALSE };
  const Command *command;

  setup_i18n ();
  g_set_prgname ("connecteur-cli");

  context = create_option_context (&options);
  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr (_("%s: %s\nTry “%s --help”.\n"), g_get_prgname (), error->message,
                     g_get_prgname ());
      return EXIT_USAGE;
    }

  if (options.version)
    {
      g_print ("connecteur-cli %s\n", VERSION);
      return EXIT_SUCCESS;
    }

  if (g_strv_length (args) < 2)
    {
      g_printerr (_("%s: no command given. Try “%s --help”.\n"), g_get_prgname (),
                     g_get_prgname ());
      return EXIT_USAGE;
    }

  command = find_command (args[1]);
  if (command == NULL)
    {
      g_printerr (_("%s: unknown command “%s”. Try “%s --help”.\n"), g_get_prgname (), args[1],
                     g_get_prgname ());
      return EXIT_USAGE;
    }

  if (g_strv_length (args) > 2 + command->max_args)
    {
      g_printerr (_("%s: unexpected argument “%s”. Try “%s --help”.\n"), g_get_prgname (),
                     args[2 + command->max_args], g_get_prgname ());
      return EXIT_USAGE;
    }

  if (!command->uses_store)
    {
      return command->run (NULL, &options, args + 2);
    }

  path = options.db_path != NULL ? g_strdup (options.db_path) : cn_store_default_path ();
  store = cn_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }

  return command->run (store, &options, args + 2);
}
