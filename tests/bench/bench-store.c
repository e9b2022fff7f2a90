/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Figures for a big database: adding 100,000 requests (to 30,000 contacts with a card,
 * from 20,000 requesters, with planted campaigns of 3 to 60 copies and
 * repeats) in one transaction with the triage kept up to date, reopening it
 * and building the triage index, adding one request to it, analysing them all
 * in the background, opening the request list with and without filters, and
 * reading 2,000 of its rows with their status labels, and changing its filters
 * as the window does (a selection by GTK 4.8's rule, a screenful of rows read).
 * Prints measurements; fails only when something does not work.
 * Usage: bench-store [N_REQUESTS]
 *        bench-store --db PATH [before|now]
 *          the filter changes only, on a database kept by an earlier run with
 *          CONNECTEUR_BENCH_KEEP=1; under callgrind, count one way with
 *          --toggle-collect=bench_filter_changes_now (or _before).
 *        bench-store --db PATH search
 *          search as it is typed, on a copy of any database (opening it
 *          migrates it): requests found, median time and CPU time per text.
 *        bench-store --db PATH campaigns
 *          the campaigns as the Campaigns window reads them. */

#include <time.h>

#include <glib/gstdio.h>

#include "cn-analysis-queue.h"
#include "cn-analyzer.h"
#include "cn-request-list.h"
#include "cn-review.h"
#include "cn-test-selection.h"

typedef struct
{
  gboolean done;
  guint n_analysed;
  guint n_progress;
  GError *error;
} Run;

#define N_CONTACTS 30000
#define N_REQUESTERS 20000

static const char *const notes[] = {
  "Bonjour, je souhaiterais vous ajouter à mon réseau professionnel sur LinkedIn.",
  "Bonjour Léa, je suis consultante RH chez Norma. Je prépare un article sur le recrutement "
  "des ingénieurs sécurité et j'aimerais vous poser trois questions par e-mail, car vous avez "
  "dirigé le recrutement chez Atos. Cela vous prendrait 15 minutes.",
  "Hi, please forward my CV, it is urgent, I need an answer today!",
  "Can we connect?",
  "Hello Léa, I'm a product manager at Fintek. I'm validating my plan to move into security "
  "hiring and would value 20 minutes of your advice on the job market.",
  "Bonjour {prénom}, nous avons des points communs, échangeons !",
};

/* Words are made of two syllables (1,600 of them), and notes open with
 * phrases many people use, as real ones do. */
static const char *const syllables[] = {
  "ba", "ce",  "di",  "fo",  "gu",  "la",  "me",  "ni",  "po",  "ru",   "sa",  "te",  "vi", "zo",
  "ma", "ter", "lon", "pri", "cha", "mou", "ven", "tra", "sio", "ment", "pro", "con", "dé", "ré",
  "in", "ex",  "an",  "ou",  "ra",  "li",  "no",  "pe",  "qui", "jo",   "ka",  "wen",
};

static const char *const openings[] = {
  "Bonjour, ",
  "Hello, ",
  "Bonjour, je me permets de vous écrire car ",
  "Hi, I hope you are well, ",
  "",
  "Madame, Monsieur, ",
};

/* A note of its own, 20 to 60 words: a pseudo-random draw. */
static char *
make_note (guint seed)
{
  GString *note = g_string_new (NULL);
  guint32 state = seed * 2654435761u + 12345;
  guint n_words;

  state = state * 1664525u + 1013904223u;
  g_string_append (note, openings[(state >> 16) % G_N_ELEMENTS (openings)]);
  state = state * 1664525u + 1013904223u;
  n_words = 20 + (state >> 16) % 41;
  for (guint i = 0; i < n_words; i++)
    {
      state = state * 1664525u + 1013904223u;
      g_string_append (note, syllables[(state >> 12) % G_N_ELEMENTS (syllables)]);
      g_string_append (note, syllables[(state >> 20) % G_N_ELEMENTS (syllables)]);
      g_string_append_c (note, i % 9 == 8 ? '.' : ' ');
    }
  return g_string_free (note, FALSE);
}

static void
on_progress_cb (guint done, guint total, gpointer user_data)
{
  Run *run = user_data;

  run->n_progress++;
}

static void
on_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;

  cn_store_analyze_pending_finish (CN_STORE (source), result, &run->n_analysed, &run->error);
  run->done = TRUE;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* One change of the list as the window makes it: the selection follows it
 * (GTK 4.8's rule, counting what it reads), then the view reads a screenful
 * of rows from the top. */
typedef struct
{
  const char *what;
  int verdict;
  CnTriageFilter triage;
  CnRequestView view;
  const char *search;
} Change;

static const Change changes[] = {
  { "verdict: Motivated", CN_VERDICT_MOTIVATED, CN_TRIAGE_FILTER_ALL, CN_REQUEST_VIEW_ALL, NULL },
  { "verdict: All", -1, CN_TRIAGE_FILTER_ALL, CN_REQUEST_VIEW_ALL, NULL },
  { "verdict: Incomplete", CN_VERDICT_INCOMPLETE, CN_TRIAGE_FILTER_ALL, CN_REQUEST_VIEW_ALL, NULL },
  { "verdict: To decline", CN_VERDICT_UNSUITABLE, CN_TRIAGE_FILTER_ALL, CN_REQUEST_VIEW_ALL, NULL },
  { "verdict: Not checked", CN_VERDICT_NONE, CN_TRIAGE_FILTER_ALL, CN_REQUEST_VIEW_ALL, NULL },
  { "filter: Mass-sent", -1, CN_TRIAGE_FILTER_MASS_SENT, CN_REQUEST_VIEW_ALL, NULL },
  { "filter: Repeated", -1, CN_TRIAGE_FILTER_REPEATED, CN_REQUEST_VIEW_ALL, NULL },
  { "verdict: All", -1, CN_TRIAGE_FILTER_ALL, CN_REQUEST_VIEW_ALL, NULL },
  { "view: To do", -1, CN_TRIAGE_FILTER_ALL, CN_REQUEST_VIEW_TO_DO, NULL },
  { "view: Handled", -1, CN_TRIAGE_FILTER_ALL, CN_REQUEST_VIEW_HANDLED, NULL },
  { "view: All", -1, CN_TRIAGE_FILTER_ALL, CN_REQUEST_VIEW_ALL, NULL },
  { "search: c", -1, CN_TRIAGE_FILTER_ALL, CN_REQUEST_VIEW_ALL, "c" },
  { "search: co", -1, CN_TRIAGE_FILTER_ALL, CN_REQUEST_VIEW_ALL, "co" },
  { "search: con", -1, CN_TRIAGE_FILTER_ALL, CN_REQUEST_VIEW_ALL, "con" },
  { "search: contact 29", -1, CN_TRIAGE_FILTER_ALL, CN_REQUEST_VIEW_ALL, "contact 29" },
  { "search cleared", -1, CN_TRIAGE_FILTER_ALL, CN_REQUEST_VIEW_ALL, NULL },
};

#define SCREENFUL 30

/* @before: as the window did before issue 17 (no anchor, the drop-down's
 * two filters set one after the other). Kept out of line, so that callgrind
 * can count one of them: --toggle-collect=bench_filter_changes_now. */
static void
run_filter_changes (CnStore *store, gboolean before)
{
  g_autoptr(CnRequestList) list = cn_request_list_new (store);
  GListModel *model = G_LIST_MODEL (list);
  CnTestSelection selection;

  /* The window selects a request in the middle of the list. */
  cn_test_selection_init (&selection, model, g_list_model_get_n_items (model) / 2);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      const Change *change = &changes[i];
      gint64 start = g_get_monotonic_time ();
      guint reads = selection.n_reads;
      double change_ms;

      if (!before && selection.item != NULL)
        cn_request_list_set_anchor (list, cn_request_get_id (CN_REQUEST (selection.item)));
      if (before)
        {
          cn_request_list_set_verdict_filter (list, change->verdict);
          cn_request_list_set_triage_filter (list, change->triage);
        }
      else
        cn_request_list_set_filters (list, change->verdict, change->triage);
      cn_request_list_set_view (list, change->view);
      cn_request_list_set_search (list, change->search);
      change_ms = ms_since (start);
      for (guint row = 0; row < SCREENFUL; row++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (model, row);
        }
      g_print ("  %-20s %6u requests: %7.1f ms (change %7.1f ms, %6u items read by the "
               "selection)\n",
               change->what, g_list_model_get_n_items (model), ms_since (start), change_ms,
               selection.n_reads - reads);
    }
  cn_test_selection_clear (&selection);
}

G_GNUC_NO_INLINE static void
bench_filter_changes_before (CnStore *store)
{
  run_filter_changes (store, TRUE);
}

G_GNUC_NO_INLINE static void
bench_filter_changes_now (CnStore *store)
{
  run_filter_changes (store, FALSE);
}

static void
bench_filter_changes (CnStore *store, const char *which)
{
  if (which == NULL || g_str_equal (which, "before"))
    {
      g_print ("filter changes, as the window made them before (input to a screenful of "
               "rows):\n");
      bench_filter_changes_before (store);
    }
  if (which == NULL || g_str_equal (which, "now"))
    {
      g_print ("filter changes, now:\n");
      bench_filter_changes_now (store);
    }
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

/* Search as it is typed, on its own: the requests found for each text, and
 * the medians of SEARCH_RUNS queries (after one to warm the cache), of the
 * time taken and of the CPU time used (what a busy machine changes least). */
#define SEARCH_RUNS 21

static void
bench_search (CnStore *store)
{
  const char *typed[] = { "c",       "co",     "con",     "p",      "pr",    "pro",
                          "proj",    "projet", "h",       "he",     "hen",   "henri",
                          "henri n", "b",      "bonjour", "zzqqxx", "a b c", "mon cv" };

  g_print ("search (medians of %d, ms):\n", SEARCH_RUNS);
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      CnRequestQuery query = CN_REQUEST_QUERY_INIT;
      double times[SEARCH_RUNS], cpu[SEARCH_RUNS];
      guint found = 0;

      query.search = typed[i];
      for (int run = -1; run < SEARCH_RUNS; run++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GArray) ids = NULL;
          gint64 start = g_get_monotonic_time ();
          double cpu_start = cpu_ms ();

          ids = cn_store_list_request_ids_query (store, &query, &error);
          g_assert_no_error (error);
          if (run >= 0)
            {
              times[run] = ms_since (start);
              cpu[run] = cpu_ms () - cpu_start;
            }
          found = ids->len;
        }
      qsort (times, SEARCH_RUNS, sizeof (double), compare_doubles);
      qsort (cpu, SEARCH_RUNS, sizeof (double), compare_doubles);
      g_print ("  %-10s %6u requests: %7.2f ms (CPU %7.2f ms)\n", typed[i], found,
               times[SEARCH_RUNS / 2], cpu[SEARCH_RUNS / 2]);
    }
}

/* What the Campaigns window waits for: the campaigns read on this connection
 * (time and CPU), and read in a worker on a connection of its own, as the
 * window reads them (time until the main loop has them), medians of
 * CAMPAIGN_RUNS after one to warm the cache. Under callgrind, count the
 * reading alone with --toggle-collect=bench_list_campaigns. */
#define CAMPAIGN_RUNS 21

G_GNUC_NO_INLINE static GPtrArray *
bench_list_campaigns (CnStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *campaigns = cn_store_list_campaigns (store, &error);

  g_assert_no_error (error);
  return campaigns;
}

static void
on_campaigns_read_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GPtrArray **out = data;
  g_autoptr(GError) error = NULL;

  *out = cn_store_list_campaigns_finish (CN_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
bench_campaigns (CnStore *store)
{
  double times[CAMPAIGN_RUNS], cpu[CAMPAIGN_RUNS], async_times[CAMPAIGN_RUNS];
  guint n = 0;

  for (int run = -1; run < CAMPAIGN_RUNS; run++)
    {
      g_autoptr(GPtrArray) campaigns = NULL;
      g_autoptr(GPtrArray) read = NULL;
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms ();

      campaigns = bench_list_campaigns (store);
      if (run >= 0)
        {
          times[run] = ms_since (start);
          cpu[run] = cpu_ms () - cpu_start;
        }
      n = campaigns->len;

      start = g_get_monotonic_time ();
      cn_store_list_campaigns_async (store, NULL, on_campaigns_read_cb, &read);
      while (read == NULL)
        g_main_context_iteration (NULL, TRUE);
      if (run >= 0)
        async_times[run] = ms_since (start);
      g_assert_cmpuint (read->len, ==, n);
    }
  qsort (times, CAMPAIGN_RUNS, sizeof (double), compare_doubles);
  qsort (cpu, CAMPAIGN_RUNS, sizeof (double), compare_doubles);
  qsort (async_times, CAMPAIGN_RUNS, sizeof (double), compare_doubles);
  g_print ("list campaigns (medians of %d): %u in %.2f ms (CPU %.2f ms); in a worker, "
           "%.2f ms to the main loop\n",
           CAMPAIGN_RUNS, n, times[CAMPAIGN_RUNS / 2], cpu[CAMPAIGN_RUNS / 2],
           async_times[CAMPAIGN_RUNS / 2]);
}

int
main (int argc, char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnContact) contact = cn_contact_new ("Léa Dubois");
  g_autoptr(GArray) contact_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) requester_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  const char *const tags[] = { "recrutement", "sécurité", NULL };
  Run run = { 0 };
  guint n_planted = 0;
  gint64 start;

  if (argc > 2 && g_str_equal (argv[1], "--db"))
    {
      store = cn_store_open (argv[2], &error);
      g_assert_no_error (error);
      cn_store_set_analyzer_version (store, cn_analyzer_get_version (cn_analyzer_get_default ()));
      if (argc > 3 && g_str_equal (argv[3], "search"))
        bench_search (store);
      else if (argc > 3 && g_str_equal (argv[3], "campaigns"))
        bench_campaigns (store);
      else
        bench_filter_changes (store, argc > 3 ? argv[3] : NULL);
      return 0;
    }

  dir = g_dir_make_tmp ("connecteur-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "connecteur.db", NULL);
  store = cn_store_open (path, &error);
  g_assert_no_error (error);

  cn_contact_set_position (contact, "Directrice du recrutement");
  cn_contact_set_expertise (contact, tags);
  g_assert_true (cn_store_add_contact (store, contact, &error));

  start = g_get_monotonic_time ();
  g_assert_true (cn_store_begin (store, &error));
  for (guint i = 0; i < N_CONTACTS; i++)
    {
      g_autofree char *name = g_strdup_printf ("Contact %u", i);
      g_autoptr(CnContact) other = cn_contact_new (name);
      gint64 id;

      /* A card, as most contacts have: the review's fit reads it. */
      cn_contact_set_position (other, i % 2 ? "Ingénieure sécurité" : "Responsable RH");
      cn_contact_set_expertise (other, tags);
      g_assert_true (cn_store_add_contact (store, other, &error));
      id = cn_contact_get_id (other);
      g_array_append_val (contact_ids, id);
    }
  for (guint i = 0; i < N_REQUESTERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("Requester %u", i);
      gint64 id = cn_store_ensure_requester (store, name, NULL, NULL, &error);

      g_array_append_val (requester_ids, id);
    }
  g_assert_true (cn_store_commit (store, &error));
  g_assert_no_error (error);
  g_print ("add %u contacts and %u requesters: %.0f ms\n", N_CONTACTS, N_REQUESTERS,
           ms_since (start));

  /* Every 8th request starts or continues a planted campaign (one text, a
   * target each, a greeting with the target's name); a few requesters write
   * again to the same contact; the rest are notes of their own. A few of
   * the short stock notes too. */
  start = g_get_monotonic_time ();
  g_assert_true (cn_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CnRequest) request = cn_request_new ();
      g_autofree char *note = NULL;
      guint requester = (i * 7) % N_REQUESTERS;
      guint target = (i * 13) % N_CONTACTS;

      if (i % 8 == 0)
        {
          /* Campaign k gets 3 + k % 58 copies. */
          guint k = (i / 8) % 1500;
          g_autofree char *text = make_note (1000000 + k);

          note = g_strdup_printf ("Bonjour Contact %u, %s", target, text);
          requester = k % N_REQUESTERS;
          if ((i / 8) / 1500 >= 3 + k % 58)
            {
              g_free (note);
              note = make_note (i);
            }
          else
            n_planted++;
        }
      else if (i % 50 == 1)
        note = g_strdup (notes[i % G_N_ELEMENTS (notes)]);
      else if (i % 97 == 3)
        {
          /* The requester of the request before asks its contact again. */
          requester = ((i - 1) * 7) % N_REQUESTERS;
          target = ((i - 1) * 13) % N_CONTACTS;
          note = make_note (i);
        }
      else
        note = make_note (i);

      cn_request_set_requester_id (request, g_array_index (requester_ids, gint64, requester));
      cn_request_set_target_id (request,
                                i % 10 == 9 ? 0 : g_array_index (contact_ids, gint64, target));
      cn_request_set_received_at (request, 1600000000 + (gint64) i * 300);
      cn_request_set_note_to_target (request, note);
      g_assert_true (cn_store_add_request (store, request, &error));
    }
  g_assert_true (cn_store_commit (store, &error));
  g_print ("add %u requests (one transaction, triage included): %.0f ms; %u planted copies\n", n,
           ms_since (start), n_planted);

  {
    g_autoptr(GPtrArray) campaigns = NULL;
    g_autoptr(GArray) ids = NULL;

    start = g_get_monotonic_time ();
    campaigns = cn_store_list_campaigns (store, &error);
    g_assert_no_error (error);
    g_print ("list campaigns: %u in %.1f ms", campaigns->len, ms_since (start));
    ids = cn_store_list_request_ids_filtered (store, -1, TRUE, FALSE, &error);
    g_print ("; %u mass-sent requests", ids->len);
    g_clear_pointer (&ids, g_array_unref);
    ids = cn_store_list_request_ids_filtered (store, -1, FALSE, TRUE, &error);
    g_print ("; %u repeated\n", ids->len);
  }

  /* Reopen: the index is built at the first need, from stored fingerprints. */
  g_clear_object (&store);
  start = g_get_monotonic_time ();
  store = cn_store_open (path, &error);
  g_assert_no_error (error);
  g_print ("reopen the store: %.1f ms", ms_since (start));
  start = g_get_monotonic_time ();
  g_assert_true (cn_store_update_triage (store, &error));
  g_print ("; build the triage index of %u requests: %.0f ms\n", n, ms_since (start));

  {
    const guint n_single = 200;
    double worst = 0;
    double total = 0;

    for (guint i = 0; i < n_single; i++)
      {
        g_autoptr(CnRequest) request = cn_request_new ();
        g_autofree char *text = make_note (1000000 + i % 50);
        g_autofree char *note = g_strdup_printf ("Bonjour, %s", text);
        gint64 one;
        double ms;

        cn_request_set_requester_id (request, g_array_index (requester_ids, gint64, i));
        cn_request_set_target_id (request, g_array_index (contact_ids, gint64, 29000 + i));
        cn_request_set_received_at (request, 1600000000 + (gint64) (n + i) * 300);
        cn_request_set_note_to_target (request, i % 2 ? note : text);
        one = g_get_monotonic_time ();
        g_assert_true (cn_store_add_request (store, request, &error));
        ms = ms_since (one);
        total += ms;
        worst = MAX (worst, ms);
      }
    g_print ("add one request to the %u (outside a transaction, a campaign copy every other): "
             "%.3f ms on average, %.3f ms at worst (%u adds; durable commit included)\n",
             n, total / n_single, worst, n_single);
  }
  {
    g_autoptr(GArray) triage_ids = NULL;

    start = g_get_monotonic_time ();
    triage_ids = cn_store_list_request_ids_filtered (store, -1, TRUE, FALSE, &error);
    g_print ("mass-sent filter: %u requests in %.1f ms\n", triage_ids->len, ms_since (start));
  }

  {
    guint pending;

    start = g_get_monotonic_time ();
    pending = cn_store_count_pending_analyses (store);
    g_print ("count pending analyses: %u in %.1f ms\n", pending, ms_since (start));
  }

  start = g_get_monotonic_time ();
  cn_store_analyze_pending_async (store, cn_analyzer_get_default (), NULL, on_progress_cb, &run,
                                  on_done_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (run.error);
  g_print ("background analysis of %u requests: %.0f ms (%.0f requests/s, %u progress reports)\n",
           run.n_analysed, ms_since (start), run.n_analysed / (ms_since (start) / 1000.0),
           run.n_progress);

  for (int verdict = -1; verdict <= CN_VERDICT_LAST; verdict++)
    {
      g_autoptr(CnRequestList) list = NULL;
      double open_ms;
      double rows_ms;

      start = g_get_monotonic_time ();
      list = g_object_new (CN_TYPE_REQUEST_LIST, "store", store, "verdict-filter", verdict, NULL);
      open_ms = ms_since (start);

      /* A screenful of rows. */
      start = g_get_monotonic_time ();
      for (guint i = 0; i < 50; i++)
        {
          g_autoptr(CnRequest) item = g_list_model_get_item (G_LIST_MODEL (list), i);
        }
      rows_ms = ms_since (start);

      g_print ("open the list, filter %2d: %6u requests in %5.1f ms; first 50 rows %4.1f ms\n",
               verdict, g_list_model_get_n_items (G_LIST_MODEL (list)), open_ms, rows_ms);
    }

  {
    g_autoptr(CnRequestList) list = cn_request_list_new (store);
    guint n_rows = MIN (2000, g_list_model_get_n_items (G_LIST_MODEL (list)));
    guint n_ready = 0;

    /* Scrolling: each row is read and labelled as the review would judge it. */
    start = g_get_monotonic_time ();
    for (guint i = 0; i < n_rows; i++)
      {
        g_autoptr(CnRequest) item = g_list_model_get_item (G_LIST_MODEL (list), i);

        n_ready += g_strcmp0 (cn_review_get_list_label (item),
                              cn_request_status_get_label (CN_REQUEST_STATUS_READY)) == 0;
      }
    g_print ("scroll %u rows with their status labels: %.1f ms (%u ready to forward)\n", n_rows,
             ms_since (start), n_ready);

    /* What a row costs more when its motivation lets the label reach the
     * fit step (none does here): the fit of its notes against the card. */
    start = g_get_monotonic_time ();
    for (guint i = 0; i < 2000; i++)
      {
        g_autoptr(CnFit) fit = cn_fit_compute (notes[i % G_N_ELEMENTS (notes)], NULL,
                                                i % 2 ? "fr" : "en", contact);
      }
    g_print ("judge the fit of 2000 notes against a card: %.1f ms\n", ms_since (start));
  }

  {
    g_autoptr(CnRequestList) list = cn_request_list_new (store);

    start = g_get_monotonic_time ();
    cn_request_list_set_verdict_filter (list, CN_VERDICT_MOTIVATED);
    cn_request_list_set_verdict_filter (list, -1);
    g_print ("switch the verdict filter there and back: %.1f ms\n", ms_since (start));
  }

  {
    g_autoptr(CnRequestList) list = cn_request_list_new (store);
    const char *typed[] = { "c", "co", "con", "contact 29", "bonjour", "zzzz" };

    start = g_get_monotonic_time ();
    cn_request_list_set_view (list, CN_REQUEST_VIEW_TO_DO);
    g_print ("view To do: %u requests in %.1f ms", g_list_model_get_n_items (G_LIST_MODEL (list)),
             ms_since (start));
    start = g_get_monotonic_time ();
    cn_request_list_set_view (list, CN_REQUEST_VIEW_HANDLED);
    g_print ("; Handled: %u in %.1f ms\n", g_list_model_get_n_items (G_LIST_MODEL (list)),
             ms_since (start));
    cn_request_list_set_view (list, CN_REQUEST_VIEW_ALL);
    /* Search as you type: each keystroke re-lists through the FTS5 index. */
    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      {
        start = g_get_monotonic_time ();
        cn_request_list_set_search (list, typed[i]);
        g_print ("search \"%s\": %u requests in %.1f ms\n", typed[i],
                 g_list_model_get_n_items (G_LIST_MODEL (list)), ms_since (start));
      }
  }

  bench_filter_changes (store, NULL);

  g_clear_object (&store);
  if (g_getenv ("CONNECTEUR_BENCH_KEEP") != NULL)
    {
      g_print ("kept %s\n", path);
      return 0;
    }
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
    g_remove (path);
    g_rmdir (dir);
  }

  return 0;
}
