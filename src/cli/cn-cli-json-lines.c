/* SPDX-License-Identifier: GPL-3.0-or-later */

/* What analyze and triage share: reading requests given as JSON Lines (or a
 * file), and writing one analysis per line as JSON. */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "cn-analyzer-private.h"
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
  _cn_cli_append_len (out, digits + i, sizeof digits - i);
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

/* The id as given: a string, a number written as the input wrote it (so
 * that 1e400 or 2^64 come back unchanged), or null. */
static void
append_json_id (GString *out, const CnCliJsonNode *id, const char *fallback)
{
  if (id == NULL || id->type == CN_CLI_JSON_NULL)
    _cn_cli_append_json_string (out, fallback);
  else if (id->type == CN_CLI_JSON_STRING)
    _cn_cli_append_json_string (out, id->value);
  else
    _cn_cli_append (out, id->value);
}

static void
append_triage (GString *out, const CnCliTriageOutput *triage)
{
  _cn_cli_append (out, triage->mass_sent ? ",\"mass_sent\":true,\"campaign\":"
                                         : ",\"mass_sent\":false,\"campaign\":");
  _cn_cli_append_json_string (out, triage->campaign);
  _cn_cli_append (out, ",\"campaign_size\":");
  append_uint (out, triage->campaign_size);
  _cn_cli_append (out, triage->repeated ? ",\"repeated\":true,\"repeat_count\":"
                                        : ",\"repeated\":false,\"repeat_count\":");
  append_uint (out, triage->repeat_count);
}

/* What an analysis's element or flag writes, present (1) or not (0), and a
 * reason or the flag of some evidence: the same whatever the request, so
 * made once rather than some thirty pieces a line:
 * ,"objective":{"present":true,"spans":[ and ,"pushy":false */
typedef struct
{
  char text[64];
  guint8 len;
} Piece;

/* The keys and words every analysis writes. */
enum {
  FIXED_ID,
  FIXED_LANG,
  FIXED_ELEMENTS,
  FIXED_CONNECTOR_SPANS,
  FIXED_FLAGS,
  FIXED_NO_REASON_TO_FORWARD,
  FIXED_REASON_TO_FORWARD,
  FIXED_NO_CONNECTOR_NOTE,
  FIXED_SCORE,
  FIXED_EVIDENCE,
  FIXED_NOTE_TO_CONNECTOR,
  FIXED_NOTE_TO_TARGET,
  FIXED_KIND,
  FIXED_TEXT,
  FIXED_END,
  N_FIXED
};

static const char *const fixed_texts[N_FIXED] = {
  [FIXED_ID] = "{\"id\":",
  [FIXED_LANG] = ",\"lang\":",
  [FIXED_ELEMENTS] = ",\"elements\":{",
  [FIXED_CONNECTOR_SPANS] = ",\"connector_spans\":[",
  [FIXED_FLAGS] = "},\"flags\":{",
  [FIXED_NO_REASON_TO_FORWARD] = "},\"reason_to_forward\":false",
  [FIXED_REASON_TO_FORWARD] = "},\"reason_to_forward\":true",
  [FIXED_NO_CONNECTOR_NOTE] = "},\"reason_to_forward\":null",
  [FIXED_SCORE] = ",\"score\":",
  [FIXED_EVIDENCE] = "],\"evidence\":[",
  [FIXED_NOTE_TO_CONNECTOR] = ",\"note\":\"note_to_connector\",\"span\":",
  [FIXED_NOTE_TO_TARGET] = ",\"note\":\"note_to_target\",\"span\":",
  [FIXED_KIND] = ",\"kind\":",
  [FIXED_TEXT] = ",\"text\":",
  [FIXED_END] = "]}\n",
};

/* Nothing but pieces: a piece is also known by its place among them. */
typedef struct
{
  Piece element[CN_N_TARGET_ELEMENTS][2];
  Piece flag[CN_N_FLAGS][2];
  Piece reason[CN_REASON_TOO_SHORT + 1][2]; /* "no_why_you", then ,"no_why_you" */
  Piece evidence_flag[CN_N_FLAGS];          /* {"flag":"pushy" */
  Piece fixed[N_FIXED];
} Pieces;

#define N_PIECES (sizeof (Pieces) / sizeof (Piece))
G_STATIC_ASSERT (sizeof (Pieces) == N_PIECES * sizeof (Piece));
G_STATIC_ASSERT (N_PIECES <= 256);

/* In a coded analysis, a piece is this byte then its place: JSON as we
 * write it has no control character. */
#define PIECE_CODE '\001'

static void
set_piece (Piece *piece, const char *before, const char *name, const char *value)
{
  g_autoptr(GString) text = g_string_new (before);

  _cn_cli_append_json_string (text, name);
  g_string_append (text, value);
  g_assert (text->len < sizeof piece->text);
  memcpy (piece->text, text->str, text->len);
  piece->len = (guint8) text->len;
}

static gpointer
make_pieces (gpointer data)
{
  static Pieces pieces;

  for (guint e = 0; e < CN_N_TARGET_ELEMENTS; e++)
    {
      set_piece (&pieces.element[e][0], e == 0 ? "" : ",", cn_element_to_string (e),
                 ":{\"present\":false,\"spans\":[");
      set_piece (&pieces.element[e][1], e == 0 ? "" : ",", cn_element_to_string (e),
                 ":{\"present\":true,\"spans\":[");
    }
  for (guint f = 0; f < CN_N_FLAGS; f++)
    {
      set_piece (&pieces.flag[f][0], f == 0 ? "" : ",", cn_flag_to_string (f), ":false");
      set_piece (&pieces.flag[f][1], f == 0 ? "" : ",", cn_flag_to_string (f), ":true");
      set_piece (&pieces.evidence_flag[f], "{\"flag\":", cn_flag_to_string (f), "");
    }
  for (guint r = 0; r < G_N_ELEMENTS (pieces.reason); r++)
    {
      set_piece (&pieces.reason[r][0], "", reason_to_string (r), "");
      set_piece (&pieces.reason[r][1], ",", reason_to_string (r), "");
    }
  for (guint k = 0; k < N_FIXED; k++)
    {
      g_assert (strlen (fixed_texts[k]) < sizeof pieces.fixed[k].text);
      pieces.fixed[k].len = (guint8) strlen (fixed_texts[k]);
      memcpy (pieces.fixed[k].text, fixed_texts[k], pieces.fixed[k].len);
    }
  return &pieces;
}

static const Pieces *
get_pieces (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, make_pieces, NULL);
}

/* The piece, or its code. */
static inline void
append_piece (GString *out, const Pieces *pieces, const Piece *piece, gboolean coded)
{
  if (coded)
    {
      char code[2] = { PIECE_CODE, (char) (guint8) (piece - (const Piece *) pieces) };

      _cn_cli_append_len (out, code, 2);
    }
  else
    _cn_cli_append_len (out, piece->text, piece->len);
}

void
_cn_cli_append_decoded (GString *out, const char *coded, gsize len)
{
  const Piece *all = (const Piece *) get_pieces ();
  gsize at = out->len;
  char *dst;

  /* A code of two bytes stands for at most sizeof (Piece) - 1; whole
   * pieces' texts are copied, a fixed size that needs no call. */
  g_string_set_size (out, at + len * (sizeof all->text / 2) + sizeof all->text);
  dst = out->str + at;
  for (const char *p = coded, *end = coded + len; p < end; p++)
    {
      if (*p != PIECE_CODE || p + 1 == end)
        *dst++ = *p;
      else
        {
          const Piece *piece = &all[(guint8) * ++p];

          memcpy (dst, piece->text, sizeof piece->text);
          dst += piece->len;
        }
    }
  g_string_truncate (out, (gsize) (dst - out->str));
}

/* An analysis is written in three parts so that triage can write the first
 * and last as soon as a request is analysed, and the middle (what depends on
 * the other requests) once all are read. */
void
_cn_cli_append_analysis_head (GString *out,
                              const CnCliJsonNode *id,
                              const char *fallback_id,
                              CnAnalysis *analysis,
                              gboolean coded)
{
  const Pieces *pieces = get_pieces ();

  append_piece (out, pieces, &pieces->fixed[FIXED_ID], coded);
  append_json_id (out, id, fallback_id);
  append_piece (out, pieces, &pieces->fixed[FIXED_LANG], coded);
  _cn_cli_append_json_string (out, cn_analysis_get_lang (analysis));

  append_piece (out, pieces, &pieces->fixed[FIXED_ELEMENTS], coded);
  for (guint e = 0; e < CN_N_TARGET_ELEMENTS; e++)
    {
      const CnSpan *spans;
      guint n_spans = 0;

      append_piece (out, pieces, &pieces->element[e][cn_analysis_has_element (analysis, e) ? 1 : 0],
                    coded);
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
          append_piece (out, pieces, &pieces->fixed[FIXED_CONNECTOR_SPANS], coded);
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

  append_piece (out, pieces, &pieces->fixed[FIXED_FLAGS], coded);
  for (guint f = 0; f < CN_N_FLAGS; f++)
    append_piece (out, pieces, &pieces->flag[f][cn_analysis_has_flag (analysis, f) ? 1 : 0], coded);

  if (!cn_analysis_has_connector_note (analysis))
    append_piece (out, pieces, &pieces->fixed[FIXED_NO_CONNECTOR_NOTE], coded);
  else if (cn_analysis_has_element (analysis, CN_ELEMENT_REASON_TO_FORWARD))
    append_piece (out, pieces, &pieces->fixed[FIXED_REASON_TO_FORWARD], coded);
  else
    append_piece (out, pieces, &pieces->fixed[FIXED_NO_REASON_TO_FORWARD], coded);

  append_piece (out, pieces, &pieces->fixed[FIXED_SCORE], coded);
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
  _cn_cli_append (out, ",\"verdict\":");
  _cn_cli_append_json_string (out, cn_verdict_to_string (verdict));
  if (triage != NULL)
    append_triage (out, triage);

  /* Campaigns and repeats first: they weigh most in what to do. */
  _cn_cli_append (out, ",\"reasons\":[");
  if (triage != NULL && triage->mass_sent)
    {
      _cn_cli_append (out, "\"mass_sent\"");
      first_reason = FALSE;
    }
  if (triage != NULL && triage->repeated)
    {
      _cn_cli_append (out, first_reason ? "\"repeated\"" : ",\"repeated\"");
      first_reason = FALSE;
    }
  if (more_reasons && !first_reason)
    g_string_append_c (out, ',');
}

void
_cn_cli_append_analysis_tail (GString *out, CnAnalysis *analysis, gboolean coded)
{
  const Pieces *pieces = get_pieces ();
  const CnReason *reasons;
  const CnEvidence *evidence;
  guint n_reasons;
  guint n_evidence;

  reasons = cn_analysis_get_reasons (analysis, &n_reasons);
  for (guint i = 0; i < n_reasons; i++)
    {
      if ((guint) reasons[i] < G_N_ELEMENTS (pieces->reason))
        {
          append_piece (out, pieces, &pieces->reason[reasons[i]][i > 0 ? 1 : 0], coded);
          continue;
        }
      if (i > 0)
        g_string_append_c (out, ',');
      _cn_cli_append_json_string (out, reason_to_string (reasons[i]));
    }

  append_piece (out, pieces, &pieces->fixed[FIXED_EVIDENCE], coded);
  evidence = cn_analysis_get_evidence (analysis, &n_evidence);
  for (guint i = 0; i < n_evidence; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      if ((guint) evidence[i].flag < CN_N_FLAGS)
        append_piece (out, pieces, &pieces->evidence_flag[evidence[i].flag], coded);
      else
        {
          _cn_cli_append (out, "{\"flag\":");
          _cn_cli_append_json_string (out, cn_flag_to_string (evidence[i].flag));
        }
      append_piece (out, pieces,
                    &pieces
                         ->fixed[evidence[i].note == CN_NOTE_TO_CONNECTOR ? FIXED_NOTE_TO_CONNECTOR
                                                                          : FIXED_NOTE_TO_TARGET],
                    coded);
      append_span (out, evidence[i].span);
      append_piece (out, pieces, &pieces->fixed[FIXED_KIND], coded);
      _cn_cli_append_json_string (out, evidence[i].kind);
      append_piece (out, pieces, &pieces->fixed[FIXED_TEXT], coded);
      _cn_cli_append_json_string (out, evidence[i].text);
      g_string_append_c (out, '}');
    }
  append_piece (out, pieces, &pieces->fixed[FIXED_END], coded);
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
                         const CnCliJsonNode *id,
                         const char *fallback_id,
                         CnAnalysis *analysis,
                         const CnCliTriageOutput *triage)
{
  _cn_cli_append_analysis_head (out, id, fallback_id, analysis, FALSE);
  _cn_cli_append_analysis_middle (out, cn_analysis_get_verdict (analysis), triage,
                                  _cn_cli_analysis_has_reasons (analysis));
  _cn_cli_append_analysis_tail (out, analysis, FALSE);
}

CnAnalysis *
_cn_cli_analyze (CnCliAnalyzeContext *ctx,
                 const CnAnalysisInput *input,
                 CnAnalyzerTextFunc text_func,
                 gpointer user_data,
                 GError **error)
{
  if (ctx->analysis == NULL)
    ctx->analysis = cn_analyzer_analyze_full (ctx->analyzer, input, text_func, user_data, error);
  else if (!_cn_analyzer_analyze_into (ctx->analyzer, input, text_func, user_data, ctx->analysis,
                                       ctx->line_checked, error))
    return NULL;
  return ctx->analysis;
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
_cn_cli_get_string_member (const CnCliJsonNode *object, const char *name, const char **out_value)
{
  const CnCliJsonNode *node = _cn_cli_json_get_member (object, name);

  *out_value = NULL;
  if (node == NULL || node->type == CN_CLI_JSON_NULL)
    return TRUE;
  if (node->type != CN_CLI_JSON_STRING)
    return FALSE;

  *out_value = node->value;
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
read_target (const CnCliJsonNode *target,
             CnAnalysisInput *input,
             GPtrArray *tags,
             char **out_problem)
{
  const CnCliJsonNode *expertise;

  if (!_cn_cli_get_string_member (target, "name", &input->target_name))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "target.name");
  else if (!_cn_cli_get_string_member (target, "position", &input->target_position))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "target.position");
  else if (!_cn_cli_get_string_member (target, "company", &input->target_company))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "target.company");
  if (*out_problem != NULL)
    return FALSE;

  expertise = _cn_cli_json_get_member (target, "expertise");
  if (expertise == NULL || expertise->type == CN_CLI_JSON_NULL)
    return TRUE;

  if (expertise->type == CN_CLI_JSON_ARRAY)
    {
      const CnCliJsonNode *tag;

      for (tag = _cn_cli_json_first_child (expertise); tag != NULL;
           tag = _cn_cli_json_next_child (expertise, tag))
        {
          if (tag->type != CN_CLI_JSON_STRING)
            break;
          g_ptr_array_add (tags, (gpointer) tag->value);
        }
      if (tag == NULL)
        {
          g_ptr_array_add (tags, NULL);
          input->target_expertise = (const char *const *) tags->pdata;
          return TRUE;
        }
    }

  *out_problem = g_strdup_printf (_("“%s” must be a list of strings."), "target.expertise");
  return FALSE;
}

/* The line read by json-glib, into ctx->json; FALSE after reporting why
 * it could not. */
static gboolean
read_with_json_glib (CnCliAnalyzeContext *ctx, const char *line, gsize len, gulong line_number)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *id_number = NULL;
  JsonParser *parser = _cn_cli_json_doc_get_parser (ctx->json);
  JsonNode *root;
  JsonNode *id;

  if (!json_parser_load_from_data (parser, line, len, &error))
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
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      _cn_cli_report_line_error (ctx, line_number,
                                 _("The line is not a JSON object: give one request per line, "
                           "like {\"id\": 1, \"note_to_target\": \"…\"}."));
      return FALSE;
    }

  /* An escaped key ("\u0069d") is the one case the scan does not read: the
   * number's text stays NULL. */
  id = json_object_get_member (json_node_get_object (root), "id");
  if (id != NULL && JSON_NODE_HOLDS_VALUE (id) &&
      (json_node_get_value_type (id) == G_TYPE_INT64 ||
       json_node_get_value_type (id) == G_TYPE_DOUBLE))
    id_number = _cn_cli_json_id_number_text (line, len);
  _cn_cli_json_doc_set_from_json (ctx->json, root, id_number);
  return TRUE;
}

const CnCliJsonNode *
_cn_cli_parse_line (CnCliAnalyzeContext *ctx,
                    const char *line,
                    gsize len,
                    gulong line_number,
                    const CnCliJsonNode **out_id)
{
  g_autofree char *problem = NULL;
  const CnCliJsonNode *object;
  const CnCliJsonNode *id;
  const char *end;

  if (!cn_text_validate_utf8 (line, len, &end))
    {
      problem = g_strdup_printf (_("The line is not valid UTF-8 text (at byte %lu)."),
                                    (gulong) (end - line + 1));
      _cn_cli_report_line_error (ctx, line_number, problem);
      return NULL;
    }

  /* Plain JSON is read by our reader, the rest by json-glib, with its words
   * for what is wrong. */
  ctx->line_checked = _cn_cli_json_doc_read (ctx->json, line, len);
  if (!ctx->line_checked && !read_with_json_glib (ctx, line, len, line_number))
    return NULL;

  object = _cn_cli_json_doc_get_root (ctx->json);
  id = _cn_cli_json_get_member (object, "id");
  if (id != NULL && id->type != CN_CLI_JSON_NULL &&
      ((id->type != CN_CLI_JSON_STRING && id->type != CN_CLI_JSON_NUMBER) ||
       (id->type == CN_CLI_JSON_NUMBER && id->value == NULL)))
    {
      _cn_cli_report_line_error (ctx, line_number, _("“id” must be a string or a number."));
      return NULL;
    }

  *out_id = id;
  return object;
}

gboolean
_cn_cli_read_analysis_input (const CnCliJsonNode *object,
                             CnAnalysisInput *input,
                             GPtrArray *tags,
                             char **out_problem)
{
  const CnCliJsonNode *target;
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

  target = _cn_cli_json_get_member (object, "target");
  if (target != NULL && target->type != CN_CLI_JSON_NULL)
    {
      if (target->type != CN_CLI_JSON_OBJECT)
        {
          *out_problem = g_strdup (_("“target” must be an object."));
          return FALSE;
        }
      if (!read_target (target, input, tags, out_problem))
        return FALSE;
    }

  return TRUE;
}

gboolean
_cn_cli_read_json_lines (CnCliAnalyzeContext *ctx,
                         GInputStream *in,
                         CnCliLineFunc func,
                         GError **error)
{
  g_autoptr(CnCliLineReader) reader = _cn_cli_line_reader_new (in, CN_CLI_READ_SIZE);
  gulong line_number = 0;
  const char *line;
  gsize len;

  while (_cn_cli_line_reader_next (reader, &line, &len, error))
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
