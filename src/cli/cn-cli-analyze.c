/* SPDX-License-Identifier: GPL-3.0-or-later */

/* analyze: the analysis of each request given as JSON Lines, or of a
 * plain-text note. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cn-cli-private.h"

/* One JSON Lines request: output, or an error on stderr. */
static void
analyze_line (CnCliAnalyzeContext *ctx, const char *line, gsize len, gulong line_number)
{
  g_autoptr(GError) error = NULL;
  CnAnalysis *analysis;
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  g_autofree char *problem = NULL;
  CnAnalysisInput input = { 0 };
  const CnCliJsonNode *object;
  const CnCliJsonNode *id = NULL;

  object = _cn_cli_parse_line (ctx, line, len, line_number, &id);
  if (object == NULL)
    return;

  if (!_cn_cli_read_analysis_input (object, &input, tags, &problem))
    {
      _cn_cli_report_line_error (ctx, line_number, problem);
      return;
    }

  analysis = _cn_cli_analyze (ctx, &input, NULL, NULL, &error);
  if (analysis == NULL)
    {
      _cn_cli_report_line_error (ctx, line_number, error->message);
      return;
    }

  _cn_cli_append_analysis (ctx->out, id, NULL, analysis, NULL);
  _cn_cli_flush_output (ctx, FALSE);
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

/* A file that is not JSON Lines is one note to the target. */
static gboolean
analyze_plain_text (CnCliAnalyzeContext *ctx, GInputStream *in, const char *id, GError **error)
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
      _cn_cli_report_line_error (ctx, line, problem);
      return TRUE;
    }

  input.note_to_target = start;
  analysis = cn_analyzer_analyze (ctx->analyzer, &input, &local_error);
  if (analysis == NULL)
    {
      _cn_cli_report_line_error (ctx, 1, local_error->message);
      return TRUE;
    }

  _cn_cli_append_analysis (ctx->out, NULL, id, analysis, NULL);
  return TRUE;
}

int
_cn_cli_command_analyze (CnStore *store, CnCliOptions *options, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(CnCliJsonDoc) json = _cn_cli_json_doc_new ();
  g_autoptr(GString) out = g_string_sized_new (CN_CLI_FLUSH_SIZE + 4096);
  g_autofree char *display_name = NULL;
  const char *path = args[0] != NULL && strcmp (args[0], "-") != 0 ? args[0] : NULL;
  CnCliAnalyzeContext ctx = { 0 };
  gboolean json_lines = TRUE;
  gboolean ok;

  in = _cn_cli_open_input (path, &display_name);
  if (in == NULL)
    return EXIT_FAILURE;

  ctx.analyzer = cn_analyzer_get_default ();
  ctx.json = json;
  ctx.out = out;
  ctx.source_name = display_name;

  ok = peek_json_lines (G_BUFFERED_INPUT_STREAM (in), &json_lines, &error);
  if (ok && json_lines)
    ok = _cn_cli_read_json_lines (&ctx, G_INPUT_STREAM (in), analyze_line, &error);
  else if (ok)
    ok = analyze_plain_text (&ctx, G_INPUT_STREAM (in), path != NULL ? display_name : NULL, &error);
  g_clear_object (&ctx.analysis);

  _cn_cli_flush_output (&ctx, TRUE);
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
