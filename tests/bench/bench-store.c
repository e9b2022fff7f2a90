/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Figures for a big database: adding 100,000 requests, analysing them all in
 * the background, and opening the request list with and without a verdict
 * filter. Prints measurements; fails only when something does not work.
 * Usage: bench-store [N_REQUESTS] */

#include <glib/gstdio.h>

#include "cn-analysis-queue.h"
#include "cn-request-list.h"

typedef struct
{
  gboolean done;
  guint n_analysed;
  guint n_progress;
  GError *error;
} Run;

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

int
main (int argc, char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnContact) contact = cn_contact_new ("Léa Dubois");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  const char *const tags[] = { "recrutement", "sécurité", NULL };
  Run run = { 0 };
  gint64 requester;
  gint64 start;

  dir = g_dir_make_tmp ("connecteur-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "connecteur.db", NULL);
  store = cn_store_open (path, &error);
  g_assert_no_error (error);

  cn_contact_set_position (contact, "Directrice du recrutement");
  cn_contact_set_expertise (contact, tags);
  g_assert_true (cn_store_add_contact (store, contact, &error));
  requester = cn_store_ensure_requester (store, "Marc Petit", NULL, NULL, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  g_assert_true (cn_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CnRequest) request = cn_request_new ();

      cn_request_set_requester_id (request, requester);
      cn_request_set_target_id (request, i % 2 ? cn_contact_get_id (contact) : 0);
      cn_request_set_received_at (request, 1600000000 + (gint64) ((i * 7919) % n) * 60);
      cn_request_set_note_to_target (request, notes[i % G_N_ELEMENTS (notes)]);
      g_assert_true (cn_store_add_request (store, request, &error));
    }
  g_assert_true (cn_store_commit (store, &error));
  g_print ("add %u requests (one transaction): %.0f ms\n", n, ms_since (start));

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

    start = g_get_monotonic_time ();
    cn_request_list_set_verdict_filter (list, CN_VERDICT_MOTIVATED);
    cn_request_list_set_verdict_filter (list, -1);
    g_print ("switch the verdict filter there and back: %.1f ms\n", ms_since (start));
  }

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
