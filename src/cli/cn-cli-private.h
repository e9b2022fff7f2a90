/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The command-line tool's parts: main() and the options (cn-cli.c), one file
 * per command (cn-cli-COMMAND.c), the output helpers they share
 * (cn-cli-common.c) and what analyze and triage share (cn-cli-json-lines.c),
 * with their reader of JSON Lines (cn-cli-json-reader.c). */

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cn-analyzer.h"
#include "cn-cli-json-reader.h"
#include "cn-store.h"

G_BEGIN_DECLS

#define EXIT_USAGE 2

typedef struct
{
  char *db_path;
  gboolean json;
  gboolean version;
} CnCliOptions;

/* The commands. args: NULL-terminated, the command's arguments; store: NULL
 * for a command that opens no database or opens its own. */
int _cn_cli_command_list (CnStore *store, CnCliOptions *options, char **args);
int _cn_cli_command_demo (CnStore *store, CnCliOptions *options, char **args);
int _cn_cli_command_analyze (CnStore *store, CnCliOptions *options, char **args);
int _cn_cli_command_triage (CnStore *store, CnCliOptions *options, char **args);
int _cn_cli_command_fit (CnStore *store, CnCliOptions *options, char **args);
/* The corrected requests, as records of the evaluation corpus. */
int _cn_cli_command_corrections (CnStore *store, CnCliOptions *options, char **args);
/* Exit status: 0 when the files were imported (even with rows rejected,
 * listed on the standard error), 1 when nothing was written: an error, or
 * every row rejected. */
int _cn_cli_command_import (CnStore *unused, CnCliOptions *options, char **args);

/* Output (cn-cli-common.c) */

/* g_string_append_len() and g_string_append() inlined when there is room:
 * in GLib 2.74 each is a call to g_string_insert_len(), and an analysis is
 * written in some fifty pieces. */
static inline void
_cn_cli_append_len (GString *out, const char *str, gsize len)
{
  if (G_LIKELY (out->len + len < out->allocated_len))
    {
      memcpy (out->str + out->len, str, len);
      out->len += len;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, str, (gssize) len);
}

static inline void
_cn_cli_append (GString *out, const char *str)
{
  _cn_cli_append_len (out, str, strlen (str));
}

/* JSON needs valid Unicode: bytes that are not UTF-8 become U+FFFD. Runs of
 * characters that need no escape are copied at once. */
void _cn_cli_append_json_string (GString *out, const char *str);
/* One request per line: tabs and line breaks inside a field become spaces. */
void _cn_cli_append_tsv_field (GString *out, const char *str);
/* Data goes to stdout as raw UTF-8 bytes: g_print() would convert it to the
 * locale's charset and mangle names under LANG=C. */
gboolean _cn_cli_write_stdout (GString *out);

/* JSON Lines in, analyses out: analyze and triage (cn-cli-json-lines.c) */

/* Output buffers are written out past this size. */
#define CN_CLI_FLUSH_SIZE (64 * 1024)
/* Input is read in blocks of this size. */
#define CN_CLI_READ_SIZE (1024 * 1024)

typedef struct _CnCliTriageState CnCliTriageState;

typedef struct
{
  CnAnalyzer *analyzer;
  /* The line read. */
  CnCliJsonDoc *json;
  GString *out;
  /* For messages: the file as the user named it, or "standard input". */
  const char *source_name;
  gboolean failed;
  gboolean write_failed;
  /* triage: the requests read so far (NULL for analyze) */
  CnCliTriageState *triage;
  /* The last line's analysis, whose object the next line's reuses
   * (_cn_cli_analyze()); the command clears it. */
  CnAnalysis *analysis;
  /* The line was read by our reader, after checking it is UTF-8: its
   * strings are (a \u escape our reader takes is a character, never a lone
   * surrogate nor NUL, which json-glib lets through). */
  gboolean line_checked;
} CnCliAnalyzeContext;

/* What triage adds to an analysis. */
typedef struct
{
  gboolean mass_sent;
  const char *campaign; /* NULL when none */
  guint campaign_size;
  gboolean repeated;
  guint repeat_count;
} CnCliTriageOutput;

typedef void (*CnCliLineFunc) (CnCliAnalyzeContext *ctx,
                               const char *line,
                               gsize len,
                               gulong line_number);

/* The contract's keys in the contract's order (triage's after analyze's),
 * then "reasons" and "evidence". triage may be NULL (analyze). */
/* The three parts of _cn_cli_append_analysis(), for triage. */
/* coded: the keys and words every analysis writes are written as codes of
 * two bytes, made text again by _cn_cli_append_decoded(): triage keeps a
 * third of the bytes in its spill file. */
void _cn_cli_append_analysis_head (GString *out,
                                   const CnCliJsonNode *id,
                                   const char *fallback_id,
                                   CnAnalysis *analysis,
                                   gboolean coded);
void _cn_cli_append_analysis_middle (GString *out,
                                     CnVerdict verdict,
                                     const CnCliTriageOutput *triage,
                                     gboolean more_reasons);
void _cn_cli_append_analysis_tail (GString *out, CnAnalysis *analysis, gboolean coded);
/* Appends coded (what the two above wrote coded) as text. */
void _cn_cli_append_decoded (GString *out, const char *coded, gsize len);
gboolean _cn_cli_analysis_has_reasons (CnAnalysis *analysis);
void _cn_cli_append_analysis (GString *out,
                              const CnCliJsonNode *id,
                              const char *fallback_id,
                              CnAnalysis *analysis,
                              const CnCliTriageOutput *triage);
/* cn_analyzer_analyze_full() of input into ctx->analysis, valid until the
 * next line; NULL after setting error. */
CnAnalysis *_cn_cli_analyze (CnCliAnalyzeContext *ctx,
                             const CnAnalysisInput *input,
                             CnAnalyzerTextFunc text_func,
                             gpointer user_data,
                             GError **error);
void _cn_cli_flush_output (CnCliAnalyzeContext *ctx, gboolean force);
void _cn_cli_report_line_error (CnCliAnalyzeContext *ctx, gulong line, const char *problem);
/* The member as a string, NULL when absent or null. FALSE when it is
 * something else. */
gboolean
_cn_cli_get_string_member (const CnCliJsonNode *object, const char *name, const char **out_value);
/* The line as a JSON object (ctx->json's, valid until the next line), with
 * its "id" (may be NULL; a number has its text); NULL after reporting the
 * problem. */
const CnCliJsonNode *_cn_cli_parse_line (CnCliAnalyzeContext *ctx,
                                         const char *line,
                                         gsize len,
                                         gulong line_number,
                                         const CnCliJsonNode **out_id);
/* Fills input from the request's notes, language and target; tags holds
 * the target's expertise. */
gboolean _cn_cli_read_analysis_input (const CnCliJsonNode *object,
                                      CnAnalysisInput *input,
                                      GPtrArray *tags,
                                      char **out_problem);
/* Calls func for each line that is not blank, numbered from 1. */
gboolean _cn_cli_read_json_lines (CnCliAnalyzeContext *ctx,
                                  GInputStream *in,
                                  CnCliLineFunc func,
                                  GError **error);
/* FILE, or the standard input for NULL or "-"; NULL after telling why.
 * out_display_name: the file as the user named it, or "standard input". */
GDataInputStream *_cn_cli_open_input (const char *path, char **out_display_name);

G_END_DECLS
