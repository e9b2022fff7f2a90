/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Writes the UI benchmark's data set (bench-ui-data.c) into a Connecteur
 * database through the store API, analysed and triaged as the app leaves it,
 * and the same records as plain CSV files (contacts, requesters, requests,
 * events): the raw size the database is compared with, and what sqlite3's
 * `.import` reads for a floor.
 * Usage: bench-ui-gen [--requests N] [--campaigns N] [--seed S] [--empty] OUT_DIR */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <glib/gstdio.h>

#include "bench-ui-data.h"
#include "cn-analysis-queue.h"
#include "cn-store.h"

typedef struct
{
  gboolean done;
  guint n_analysed;
  GError *error;
} Run;

static void
on_analysed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;

  cn_store_analyze_pending_finish (CN_STORE (source), result, &run->n_analysed, &run->error);
  run->done = TRUE;
}

/* A CSV field, quoted as RFC 4180 says. */
static void
put_field (FILE *file, const char *text, gboolean last)
{
  fputc ('"', file);
  for (const char *c = text ? text : ""; *c; c++)
    {
      if (*c == '"')
        fputc ('"', file);
      fputc (*c, file);
    }
  fputc ('"', file);
  fputc (last ? '\n' : ',', file);
}

/* A JSON string, escaped. */
static void
put_json (FILE *file, const char *key, const char *text)
{
  fprintf (file, "\"%s\": \"", key);
  for (const char *c = text ? text : ""; *c; c++)
    {
      if (*c == '"' || *c == '\\')
        fprintf (file, "\\%c", *c);
      else if ((guchar) *c < 0x20)
        fprintf (file, "\\u%04x", (guchar) *c);
      else
        fputc (*c, file);
    }
  fputc ('"', file);
}

static FILE *
open_csv (const char *dir, const char *name, const char *header)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  FILE *file = fopen (path, "w");

  if (file == NULL)
    g_error ("cannot write %s", path);
  fprintf (file, "%s\n", header);
  return file;
}

static const char *
event_text (int status)
{
  switch (status)
    {
    case 1:
      return "Asked for the objective";
    case 3:
      return "Forwarded with an endorsement";
    case 4:
      return "Declined kindly";
    case 5:
      return "Archived";
    default:
      return NULL;
    }
}

static CnEventAction
event_action (int status)
{
  switch (status)
    {
    case 1:
      return CN_EVENT_ACTION_ASKED;
    case 3:
      return CN_EVENT_ACTION_FORWARDED;
    case 4:
      return CN_EVENT_ACTION_DECLINED;
    default:
      return CN_EVENT_ACTION_ARCHIVED;
    }
}

int
main (int argc, char *argv[])
{
  int n_requests = 100000;
  int n_campaigns = 1500;
  int seed = 17;
  gboolean empty = FALSE;
  GOptionEntry entries[] = {
    { "requests", 0, 0, G_OPTION_ARG_INT, &n_requests, "Requests (100000)", "N" },
    { "campaigns", 0, 0, G_OPTION_ARG_INT, &n_campaigns, "Campaigns (1500)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the draws (17)", "S" },
    { "empty", 0, 0, G_OPTION_ARG_NONE, &empty, "Only an empty database", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("OUT_DIR");
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autofree char *db = NULL;
  g_autofree gint64 *contact_ids = NULL;
  g_autofree gint64 *requester_ids = NULL;
  BenchDataSize size;
  FILE *contacts_csv, *requesters_csv, *requests_csv, *events_csv, *jsonl;
  g_autoptr(GPtrArray) contact_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) requester_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (gint64)); /* id, status */
  Run run = { 0 };
  gint64 start = g_get_monotonic_time ();
  guint n_events = 0;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error ? error->message : "Usage: bench-ui-gen [OPTION…] OUT_DIR");
      return 2;
    }
  g_mkdir_with_parents (argv[1], 0755);
  db = g_build_filename (argv[1], "connecteur.db", NULL);
  store = cn_store_open (db, &error);
  g_assert_no_error (error);
  if (empty)
    {
      g_print ("empty database %s\n", db);
      return 0;
    }

  bench_data_size_init (&size, seed, n_requests, n_campaigns);
  contacts_csv = open_csv (argv[1], "contacts.csv", "id,name,company,position,expertise");
  requesters_csv = open_csv (argv[1], "requesters.csv", "id,name");
  requests_csv = open_csv (argv[1], "requests.csv",
                           "id,requester_id,target_id,received_at,lang,status,"
                           "note_to_connector,note_to_target");
  events_csv = open_csv (argv[1], "events.csv", "request_id,action,text");
  /* The same requests for `connecteur-cli triage`. */
  {
    g_autofree char *path = g_build_filename (argv[1], "requests.jsonl", NULL);

    jsonl = fopen (path, "w");
    if (jsonl == NULL)
      g_error ("cannot write %s", path);
  }
  contact_ids = g_new0 (gint64, size.n_contacts);
  requester_ids = g_new0 (gint64, size.n_requesters);

  g_assert_true (cn_store_begin (store, &error));
  for (guint i = 0; i < size.n_contacts; i++)
    {
      BenchContact c;
      g_autoptr(CnContact) contact = NULL;
      g_auto(GStrv) tags = NULL;
      char id[32];

      bench_data_contact (&size, i, &c);
      tags = g_strsplit (c.expertise, ",", -1);
      contact = cn_contact_new (c.name);
      cn_contact_set_company (contact, c.company);
      cn_contact_set_position (contact, c.position);
      cn_contact_set_expertise (contact, (const char *const *) tags);
      g_assert_true (cn_store_add_contact (store, contact, &error));
      contact_ids[i] = cn_contact_get_id (contact);
      g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, contact_ids[i]);
      put_field (contacts_csv, id, FALSE);
      put_field (contacts_csv, c.name, FALSE);
      put_field (contacts_csv, c.company, FALSE);
      put_field (contacts_csv, c.position, FALSE);
      put_field (contacts_csv, c.expertise, TRUE);
      g_ptr_array_add (contact_names, g_steal_pointer (&c.name));
      bench_data_contact_clear (&c);
    }
  for (guint i = 0; i < size.n_requesters; i++)
    {
      g_autofree char *name = bench_data_requester_name (&size, i);
      /* Each a profile of its own: requesters with one name are still two people. */
      g_autofree char *url = g_strdup_printf ("https://www.linkedin.com/in/requester-%u", i);
      char id[32];

      requester_ids[i] = cn_store_ensure_requester (store, name, NULL, url, &error);
      g_assert_no_error (error);
      g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, requester_ids[i]);
      put_field (requesters_csv, id, FALSE);
      put_field (requesters_csv, name, TRUE);
      g_ptr_array_add (requester_names, g_steal_pointer (&name));
    }
  g_assert_true (cn_store_commit (store, &error));
  g_print ("%u contacts, %u requesters: %.1f s\n", size.n_contacts, size.n_requesters,
           (g_get_monotonic_time () - start) / 1e6);

  /* In transactions of 5,000, as an import would write them. */
  for (guint i = 0; i < size.n_requests; i++)
    {
      BenchRequest r;
      g_autoptr(CnRequest) request = cn_request_new ();
      char field[64];
      gint64 id;

      if (i % 5000 == 0)
        g_assert_true (cn_store_begin (store, &error));
      bench_data_request (&size, i, &r);
      cn_request_set_requester_id (request, requester_ids[r.requester]);
      cn_request_set_target_id (request, r.target >= 0 ? contact_ids[r.target] : 0);
      cn_request_set_received_at (request, r.received_at);
      cn_request_set_note_to_connector (request, r.note_to_connector);
      cn_request_set_note_to_target (request, r.note_to_target);
      g_assert_true (cn_store_add_request (store, request, &error));
      id = cn_request_get_id (request);
      if (r.status != 0)
        {
          gint64 answer[2] = { id, r.status };

          g_array_append_vals (answers, answer, 2);
          g_snprintf (field, sizeof field, "%" G_GINT64_FORMAT, id);
          put_field (events_csv, field, FALSE);
          put_field (events_csv, cn_event_action_to_string (event_action (r.status)), FALSE);
          put_field (events_csv, event_text (r.status), TRUE);
          n_events++;
        }
      g_snprintf (field, sizeof field, "%" G_GINT64_FORMAT, id);
      put_field (requests_csv, field, FALSE);
      g_snprintf (field, sizeof field, "%" G_GINT64_FORMAT, requester_ids[r.requester]);
      put_field (requests_csv, field, FALSE);
      g_snprintf (field, sizeof field, "%" G_GINT64_FORMAT,
                  r.target >= 0 ? contact_ids[r.target] : 0);
      put_field (requests_csv, field, FALSE);
      g_snprintf (field, sizeof field, "%" G_GINT64_FORMAT, r.received_at);
      put_field (requests_csv, field, FALSE);
      put_field (requests_csv, r.lang, FALSE);
      g_snprintf (field, sizeof field, "%d", r.status);
      put_field (requests_csv, field, FALSE);
      put_field (requests_csv, r.note_to_connector, FALSE);
      put_field (requests_csv, r.note_to_target, TRUE);
      {
        g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (r.received_at);
        g_autofree char *iso = g_date_time_format_iso8601 (when);
        g_autofree char *url = g_strdup_printf ("https://www.linkedin.com/in/requester-%u",
                                                r.requester);

        fputs ("{\"requester\": {", jsonl);
        put_json (jsonl, "name", requester_names->pdata[r.requester]);
        fputs (", ", jsonl);
        put_json (jsonl, "profile_url", url);
        fputs ("}", jsonl);
        if (r.target >= 0)
          {
            fputs (", \"target\": {", jsonl);
            put_json (jsonl, "name", contact_names->pdata[r.target]);
            fputs ("}", jsonl);
          }
        fputs (", ", jsonl);
        put_json (jsonl, "received_at", iso);
        if (r.note_to_connector != NULL)
          {
            fputs (", ", jsonl);
            put_json (jsonl, "note_to_connector", r.note_to_connector);
          }
        fputs (", ", jsonl);
        put_json (jsonl, "note_to_target", r.note_to_target);
        fputs ("}\n", jsonl);
      }
      bench_data_request_clear (&r);
      if (i % 5000 == 4999 || i + 1 == size.n_requests)
        {
          /* Answers after the batch's adds: the first indexes the batch for
           * the triage once, where answering each request after its add
           * would index them one at a time. */
          for (guint a = 0; a < answers->len; a += 2)
            {
              int status = (int) g_array_index (answers, gint64, a + 1);

              g_assert_true (cn_store_record_action (store, g_array_index (answers, gint64, a),
                                                     event_action (status), event_text (status),
                                                     status, NULL, &error));
            }
          g_array_set_size (answers, 0);
          g_assert_true (cn_store_commit (store, &error));
        }
    }
  fclose (contacts_csv);
  fclose (requesters_csv);
  fclose (requests_csv);
  fclose (events_csv);
  fclose (jsonl);
  g_print ("%u requests (%u campaigns), %u history events: %.1f s\n", size.n_requests,
           size.n_campaigns, n_events, (g_get_monotonic_time () - start) / 1e6);

  /* The app finds them analysed, as after its first start. */
  cn_store_set_analyzer_version (store, cn_analyzer_get_version (cn_analyzer_get_default ()));
  cn_store_analyze_pending_async (store, cn_analyzer_get_default (), NULL, NULL, NULL,
                                  on_analysed_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (run.error);
  g_print ("%u analysed: %.1f s\n", run.n_analysed, (g_get_monotonic_time () - start) / 1e6);
  {
    g_autoptr(GPtrArray) found = cn_store_list_campaigns (store, &error);
    guint largest = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < found->len; i++)
      largest = MAX (largest, ((CnCampaign *) found->pdata[i])->n_requests);
    /* What the triage makes of them: about the planted campaigns. */
    g_print ("%u campaigns found, the largest of %u copies\n", found->len, largest);
  }
  g_clear_object (&store);
  return 0;
}
