/* SPDX-License-Identifier: GPL-3.0-or-later */

/* triage: the analyses of requests given as JSON Lines, with the mass-sent
 * and repeated ones found among them. */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cn-cli-private.h"
#include "cn-triage.h"

/* One request read, in input order; its id in the triage is its index + 1.
 * Its analysis is written at once, but for what depends on the other
 * requests, to a spill file read back in order at the end (a SpillHeader,
 * then the analysis's head and tail): a million requests then hold 16
 * bytes each, not their analyses. */
typedef enum {
  NAMED_BY_TEXT,   /* campaign */
  NAMED_BY_NUMBER, /* number, an id written as it prints */
  NAMED_BY_LINE,   /* number, the line's */
} Naming;

typedef struct
{
  /* The name of a campaign it would start: its id, or its line when it has
   * none; an id that is a plain integer is kept as one, not as a string. */
  union
  {
    char *campaign; /* NAMED_BY_TEXT */
    gint64 number;
  };
  guint8 naming; /* Naming */
} TriageRecord;

/* What the spill file holds before a request's head and tail. */
typedef struct
{
  guint32 head_len;
  guint32 tail_len;
  guint8 verdict;
  guint8 more_reasons;
  guint8 unused[2]; /* written as zeros */
} SpillHeader;

struct _CnCliTriageState
{
  CnTriage *triage;
  GArray *records; /* TriageRecord */
  FILE *spill;
  GString *part;
  GPtrArray *tags; /* the line's expertise, emptied at each line */
  gboolean spill_failed;
};

static void
clear_triage_record (gpointer data)
{
  TriageRecord *record = data;

  if (record->naming == NAMED_BY_TEXT)
    g_clear_pointer (&record->campaign, g_free);
}

/* The requester's key (cn_triage_requester_key()) and name. */
static gboolean
read_requester (const CnCliJsonNode *object,
                char **out_key,
                const char **out_name,
                char **out_problem)
{
  const CnCliJsonNode *requester = _cn_cli_json_get_member (object, "requester");
  const char *email = NULL;
  const char *profile_url = NULL;

  *out_name = NULL;
  if (requester == NULL || requester->type == CN_CLI_JSON_NULL)
    return TRUE;
  if (requester->type != CN_CLI_JSON_OBJECT)
    {
      *out_problem = g_strdup (_("“requester” must be an object."));
      return FALSE;
    }

  if (!_cn_cli_get_string_member (requester, "name", out_name))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "requester.name");
  else if (!_cn_cli_get_string_member (requester, "email", &email))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "requester.email");
  else if (!_cn_cli_get_string_member (requester, "profile_url", &profile_url))
    *out_problem = g_strdup_printf (_("“%s” must be a string."), "requester.profile_url");
  if (*out_problem != NULL)
    return FALSE;

  *out_key = cn_triage_requester_key (*out_name, email, profile_url);
  return TRUE;
}

/* The digits of str[0..n), or -1. */
static int
read_digits (const char *str, guint n)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (str[i]))
        return -1;
      value = value * 10 + (str[i] - '0');
    }
  return value;
}

/* "2025-10-03T09:30:00Z", the form most dates come in, read without
 * GDateTime: FALSE for anything else, or a date GDateTime would refuse. */
static gboolean
read_utc_time (const char *str, gint64 *out_time)
{
  static const guint8 month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  int year, month, day, hour, minute, second;
  gboolean leap;
  gint64 y, era, yoe, doy, doe;

  if (strlen (str) != 20 || str[4] != '-' || str[7] != '-' || str[10] != 'T' || str[13] != ':' ||
      str[16] != ':' || str[19] != 'Z')
    return FALSE;
  year = read_digits (str, 4);
  month = read_digits (str + 5, 2);
  day = read_digits (str + 8, 2);
  hour = read_digits (str + 11, 2);
  minute = read_digits (str + 14, 2);
  second = read_digits (str + 17, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || second < 0 || second > 59)
    return FALSE;
  leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > month_days[month - 1] + (month == 2 && leap ? 1 : 0))
    return FALSE;

  /* Days since 1970-01-01 in the proleptic Gregorian calendar, counted
   * from March so that a leap day ends its year. */
  y = month <= 2 ? year - 1 : year;
  era = y / 400;
  yoe = y - era * 400;
  doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  *out_time = (era * 146097 + doe - 719468) * 86400 + hour * 3600 + minute * 60 + second;
  return TRUE;
}

/* "2025-10-03T09:30:00+02:00", or a date alone; UTC when no zone is given. */
static gboolean
read_received_at (const CnCliJsonNode *object, gint64 *out_time, char **out_problem)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) date = NULL;
  const char *str = NULL;

  if (_cn_cli_get_string_member (object, "received_at", &str) && str != NULL)
    {
      if (read_utc_time (str, out_time))
        return TRUE;
      utc = g_time_zone_new_utc ();
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

/* A campaign is named after its first request's id. */
static void
set_campaign_name (TriageRecord *record, const CnCliJsonNode *id, gulong line_number)
{
  char printed[G_ASCII_DTOSTR_BUF_SIZE];
  char *end = NULL;

  if (id == NULL || id->type == CN_CLI_JSON_NULL)
    {
      record->naming = NAMED_BY_LINE;
      record->number = (gint64) line_number;
      return;
    }
  if (id->type == CN_CLI_JSON_STRING)
    {
      record->naming = NAMED_BY_TEXT;
      record->campaign = g_strdup (id->value);
      return;
    }
  /* "42" as a number; "42.0", "4.2e1" or "042" as written. */
  record->number = g_ascii_strtoll (id->value, &end, 10);
  g_snprintf (printed, sizeof printed, "%" G_GINT64_FORMAT, record->number);
  if (*end == '\0' && strcmp (printed, id->value) == 0)
    record->naming = NAMED_BY_NUMBER;
  else
    {
      record->naming = NAMED_BY_TEXT;
      record->campaign = g_strdup (id->value);
    }
}

/* The name of the campaign record starts; printed[] may hold it. */
static const char *
get_campaign_name (const TriageRecord *record, char *printed, gsize size)
{
  if (record->naming == NAMED_BY_TEXT)
    return record->campaign;
  if (record->naming == NAMED_BY_LINE)
    g_snprintf (printed, size, "line %" G_GINT64_FORMAT, record->number);
  else
    g_snprintf (printed, size, "%" G_GINT64_FORMAT, record->number);
  return printed;
}

/* header, then state->part (the head and the tail). */
static void
spill (CnCliTriageState *state, const SpillHeader *header)
{
  if (!state->spill_failed &&
      (fwrite (header, sizeof *header, 1, state->spill) != 1 ||
       fwrite (state->part->str, 1, state->part->len, state->spill) != state->part->len))
    state->spill_failed = TRUE;
  g_string_truncate (state->part, 0);
}

/* The note's fingerprint, from the text the analyzer folded. */
typedef struct
{
  CnFingerprint fingerprint;
  const char *target_name;
  const char *requester_name;
  gboolean computed;
} FingerprintJob;

static void
compute_fingerprint (const CnText *note_to_target, gpointer user_data)
{
  FingerprintJob *job = user_data;

  cn_fingerprint_compute_text (&job->fingerprint, note_to_target, job->target_name,
                               job->requester_name);
  job->computed = TRUE;
}

/* Reads, analyses and indexes one request; the output waits for all. */
static void
triage_line (CnCliAnalyzeContext *ctx, const char *line, gsize len, gulong line_number)
{
  g_autoptr(GError) error = NULL;
  CnAnalysis *analysis;
  GPtrArray *tags = ctx->triage->tags;
  g_autofree char *problem = NULL;
  g_autofree char *requester_key = NULL;
  g_autofree char *target_key = NULL;
  CnAnalysisInput input = { 0 };
  CnRequestStatus status = CN_REQUEST_STATUS_NEW;
  CnCliTriageState *state = ctx->triage;
  const char *requester_name = NULL;
  const char *status_name = NULL;
  gint64 received_at = 0;
  TriageRecord record = { 0 };
  SpillHeader header = { 0 };
  FingerprintJob job = { 0 };
  const CnCliJsonNode *object;
  const CnCliJsonNode *id = NULL;

  object = _cn_cli_parse_line (ctx, line, len, line_number, &id);
  if (object == NULL)
    return;

  g_ptr_array_set_size (tags, 0);
  if (!_cn_cli_read_analysis_input (object, &input, tags, &problem) ||
      !read_requester (object, &requester_key, &requester_name, &problem) ||
      !read_received_at (object, &received_at, &problem))
    {
      _cn_cli_report_line_error (ctx, line_number, problem);
      return;
    }
  /* Optional: what the connector did, so that later requests of the same
   * person after a decline count as repeats. */
  if (!_cn_cli_get_string_member (object, "status", &status_name) ||
      (status_name != NULL && !cn_request_status_from_string (status_name, &status)))
    {
      _cn_cli_report_line_error (ctx, line_number,
                                 _("“status” must be one of “new”, “asked”, “ready”, “forwarded”, "
                           "“declined”, “archived”."));
      return;
    }

  job.target_name = input.target_name;
  job.requester_name = requester_name;
  analysis = _cn_cli_analyze (ctx, &input, compute_fingerprint, &job, &error);
  if (analysis == NULL)
    {
      _cn_cli_report_line_error (ctx, line_number, error->message);
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
                     .fingerprint = job.computed ? &job.fingerprint : NULL,
                 },
                 NULL);

  set_campaign_name (&record, id, line_number);
  header.verdict = (guint8) cn_analysis_get_verdict (analysis);
  header.more_reasons = _cn_cli_analysis_has_reasons (analysis);
  _cn_cli_append_analysis_head (state->part, id, NULL, analysis, TRUE);
  header.head_len = (guint32) state->part->len;
  _cn_cli_append_analysis_tail (state->part, analysis, TRUE);
  header.tail_len = (guint32) state->part->len - header.head_len;
  spill (state, &header);
  g_array_append_val (state->records, record);
}


int
_cn_cli_command_triage (CnStore *store, CnCliOptions *options, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(CnCliJsonDoc) json = _cn_cli_json_doc_new ();
  g_autoptr(GString) out = g_string_sized_new (CN_CLI_FLUSH_SIZE + 4096);
  g_autoptr(CnTriage) triage = cn_triage_new (3, 30);
  g_autoptr(GArray) records = g_array_new (FALSE, TRUE, sizeof (TriageRecord));
  g_autofree char *display_name = NULL;
  const char *path = args[0] != NULL && strcmp (args[0], "-") != 0 ? args[0] : NULL;
  CnCliAnalyzeContext ctx = { 0 };
  g_autoptr(GString) part = g_string_new (NULL);
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  CnCliTriageState state = { triage, records, NULL, part, tags, FALSE };
  char *spill_memory = NULL;
  size_t spill_memory_size = 0;
  gboolean ok;

  g_array_set_clear_func (records, clear_triage_record);
  in = _cn_cli_open_input (path, &display_name);
  if (in == NULL)
    return EXIT_FAILURE;

  ctx.analyzer = cn_analyzer_get_default ();
  ctx.json = json;
  ctx.out = out;
  ctx.source_name = display_name;
  ctx.triage = &state;
  /* A file deleted when closed; in memory when there is no room for one. */
  state.spill = tmpfile ();
  if (state.spill == NULL)
    state.spill = open_memstream (&spill_memory, &spill_memory_size);
  if (state.spill == NULL)
    {
      g_printerr (_("%s: could not read “%s”: %s\n"), g_get_prgname (), display_name,
                     g_strerror (errno));
      return EXIT_FAILURE;
    }

  /* Campaigns and repeats need every request: read them all first. */
  ok = _cn_cli_read_json_lines (&ctx, G_INPUT_STREAM (in), triage_line, &error);
  g_clear_object (&ctx.analysis);
  if (!ok ||
      (!state.spill_failed && (fflush (state.spill) != 0 || fseek (state.spill, 0, SEEK_SET) != 0)))
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, g_io_error_from_errno (errno), g_strerror (errno));
      g_printerr (_("%s: could not read “%s”: %s\n"), g_get_prgname (), display_name,
                     error->message);
      fclose (state.spill);
      free (spill_memory);
      return EXIT_FAILURE;
    }

  for (guint i = 0; i < records->len && !ctx.write_failed && !state.spill_failed; i++)
    {
      SpillHeader header;
      CnTriageInfo info;
      CnCliTriageOutput output;
      char printed[32];

      cn_triage_get_info (triage, i + 1, &info);
      output = (CnCliTriageOutput){
        info.mass_sent,
        info.mass_sent
            ? get_campaign_name (&g_array_index (records, TriageRecord, info.campaign_id - 1),
                                 printed, sizeof printed)
            : NULL,
        info.campaign_size,
        info.repeated,
        info.repeat_count,
      };
      if (fread (&header, sizeof header, 1, state.spill) != 1)
        {
          state.spill_failed = TRUE;
          break;
        }
      g_string_set_size (part, header.head_len + header.tail_len);
      if (fread (part->str, 1, part->len, state.spill) != part->len)
        {
          state.spill_failed = TRUE;
          break;
        }
      _cn_cli_append_decoded (out, part->str, header.head_len);
      _cn_cli_append_analysis_middle (out, header.verdict, &output, header.more_reasons);
      _cn_cli_append_decoded (out, part->str + header.head_len, header.tail_len);
      _cn_cli_flush_output (&ctx, FALSE);
    }
  fclose (state.spill);
  free (spill_memory);
  if (state.spill_failed)
    {
      g_printerr (_("%s: could not read “%s”: %s\n"), g_get_prgname (), display_name,
                     g_strerror (errno != 0 ? errno : EIO));
      return EXIT_FAILURE;
    }

  _cn_cli_flush_output (&ctx, TRUE);
  if (ctx.write_failed || fflush (stdout) != 0)
    {
      g_printerr (_("%s: could not write the analyses to the standard output.\n"),
                     g_get_prgname ());
      return EXIT_FAILURE;
    }

  return ctx.failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
