/* SPDX-License-Identifier: GPL-3.0-or-later */

#include <string.h>

#include "cn-analysis-queue.h"
#include "cn-analyzer.h"
#include "cn-demo.h"
#include "cn-fit.h"
#include "cn-verification.h"
#include "cn-test-utils.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->dir = cn_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "connecteur.db", NULL);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  cn_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static CnStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  CnStore *store = cn_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static GPtrArray *
load_all_requests (CnStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = cn_store_list_request_ids (store, &error);
  GPtrArray *requests = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      CnRequest *request = cn_store_get_request (store, g_array_index (ids, gint64, i), &error);

      g_assert_no_error (error);
      g_ptr_array_add (requests, request);
    }

  return requests;
}

static gboolean
contains (const char *haystack, const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

static CnContact *
target_of (CnStore *store, CnRequest *request)
{
  g_autoptr(GError) error = NULL;
  CnContact *contact = cn_store_get_contact (store, cn_request_get_target_id (request), &error);

  g_assert_no_error (error);
  return contact;
}

static void
on_reloaded_cb (CnStore *store, guint *count)
{
  (*count)++;
}

static void
test_load (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint french = 0, english = 0, reloaded = 0;
  gboolean unmotivated = FALSE, motivated = FALSE;
  int n;

  g_signal_connect (store, "reloaded", G_CALLBACK (on_reloaded_cb), &reloaded);
  n = cn_demo_load (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >=, 8);
  g_assert_cmpuint (cn_store_count_requests (store), ==, (guint) n);
  g_assert_cmpuint (cn_store_count_contacts (store), >=, 8);
  /* One transaction: one reload for the list, not n insertions. */
  g_assert_cmpuint (reloaded, ==, 1);

  requests = load_all_requests (store);
  for (guint i = 0; i < requests->len; i++)
    {
      CnRequest *request = g_ptr_array_index (requests, i);
      const char *to_connector = cn_request_get_note_to_connector (request);
      const char *to_target = cn_request_get_note_to_target (request);
      g_autoptr(CnContact) target = target_of (store, request);
      const char *position = cn_contact_get_position (target);

      g_assert_cmpstr (cn_request_get_source (request), ==, "demo");
      g_assert_nonnull (cn_request_get_requester_name (request));
      g_assert_true (g_utf8_validate (to_target, -1, NULL));
      /* Received over the last few weeks, never in the future. */
      g_assert_cmpint (cn_request_get_received_at (request), <=, now);
      g_assert_cmpint (cn_request_get_received_at (request), >, now - 60 * 24 * 3600);

      if (contains (to_target, "Bonjour"))
        french++;
      if (contains (to_target, "Hello") || contains (to_target, "Hi "))
        english++;

      /* Brief, case 1: "please forward" / "we have things in common" to a CISO. */
      if (contains (position, "sécurité") && contains (to_connector, "transmettre") &&
          contains (to_target, "points communs") && strlen (to_target) < 200)
        unmotivated = TRUE;

      /* Brief, case 2: job search for the connector; a bounded job survey for an
       * outplacement consultant. */
      if (contains (position, "outplacement") && contains (to_connector, "recherche d'emploi") &&
          contains (to_target, "enquête métier") && contains (to_target, "projet professionnel") &&
          contains (to_target, "20 minutes") && contains (to_target, "avis"))
        motivated = TRUE;
    }

  g_assert_cmpuint (french, >=, 3);
  g_assert_cmpuint (english, >=, 3);
  g_assert_true (unmotivated);
  g_assert_true (motivated);
}

static void
test_load_twice (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(GError) error = NULL;
  guint requests, contacts;

  g_assert_cmpint (cn_demo_load (store, &error), >, 0);
  g_assert_no_error (error);
  requests = cn_store_count_requests (store);
  contacts = cn_store_count_contacts (store);

  g_assert_cmpint (cn_demo_load (store, &error), ==, -1);
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT);
  g_assert_cmpuint (cn_store_count_requests (store), ==, requests);
  g_assert_cmpuint (cn_store_count_contacts (store), ==, contacts);
}

static void
test_failure_adds_nothing (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(GError) error = NULL;
  guint reloaded = 0;

  /* Make the store fail halfway through, after contacts and a few requests. */
  g_clear_object (&store);
  cn_test_exec_sql (fixture->path, "CREATE TRIGGER fail_demo BEFORE INSERT ON requests"
                                   " WHEN NEW.source_ref = 'demo-05'"
                                   " BEGIN SELECT RAISE (ABORT, 'simulated failure'); END;");
  store = open_store (fixture->path);
  g_signal_connect (store, "reloaded", G_CALLBACK (on_reloaded_cb), &reloaded);

  g_assert_cmpint (cn_demo_load (store, &error), ==, -1);
  g_assert_nonnull (error);
  g_assert_cmpuint (cn_store_count_requests (store), ==, 0);
  g_assert_cmpuint (cn_store_count_contacts (store), ==, 0);
  g_assert_cmpuint (reloaded, ==, 0);

  g_clear_object (&store);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM requesters"), ==, 0);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM events"), ==, 0);
}

/* The seed's two requests are in the examples word for word, and come out
 * as its author judged them: X is not forwarded as it is; A is motivated,
 * with its objective, ask and effort shown, and fits the outplacement
 * consultant, who takes job-search requests. */
#define SEED_X_TO_TARGET "Bonjour, nous avons des points communs. Cdt"
#define SEED_A_TO_TARGET                                                                            \
  "Bonjour, je procéde actuellement à une enquête métier. Je souhaiterai prendre contact avec " \
  "vous pour valider mon projet professionnel et vous demandez des conseils. Notre entretien "      \
  "ne durera que 20 minutes. Cdt"

static void
test_seed_verbatim (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  gboolean seen_x = FALSE, seen_a = FALSE;

  g_assert_cmpint (cn_demo_load (store, &error), >, 0);
  g_assert_no_error (error);
  requests = load_all_requests (store);
  for (guint i = 0; i < requests->len; i++)
    {
      CnRequest *request = g_ptr_array_index (requests, i);
      const char *to_target = cn_request_get_note_to_target (request);
      CnAnalysisInput input = { 0 };
      g_autoptr(CnContact) contact = NULL;
      g_autoptr(CnAnalysis) analysis = NULL;
      g_autoptr(CnFit) fit = NULL;
      CnStepCheck check;

      if (!g_str_equal (to_target, SEED_X_TO_TARGET) && !g_str_equal (to_target, SEED_A_TO_TARGET))
        continue;
      cn_store_get_analysis_input (store, request, &input, &contact);
      g_assert_nonnull (contact);
      analysis = cn_analyzer_analyze (cn_analyzer_get_default (), &input, &error);
      g_assert_no_error (error);

      if (g_str_equal (to_target, SEED_X_TO_TARGET))
        {
          g_assert_true (contains (cn_contact_get_position (contact), "sécurité"));
          g_assert_cmpint (cn_analysis_get_verdict (analysis), !=, CN_VERDICT_MOTIVATED);
          check = cn_verification_check_motivation (cn_analysis_get_verdict (analysis),
                                                    cn_analysis_get_element_mask (analysis),
                                                    cn_analysis_get_flag_mask (analysis), FALSE,
                                                    FALSE);
          g_assert_cmpint (check.result, ==, CN_CHECK_FAIL);
          seen_x = TRUE;
          continue;
        }

      g_assert_true (contains (cn_contact_get_position (contact), "outplacement"));
      g_assert_true (cn_contact_get_accepted_kinds (contact) & CN_REQUEST_KIND_JOB_SEARCH);
      g_assert_cmpint (cn_analysis_get_verdict (analysis), ==, CN_VERDICT_MOTIVATED);
      g_assert_true (cn_analysis_has_element (analysis, CN_ELEMENT_OBJECTIVE));
      g_assert_true (cn_analysis_has_element (analysis, CN_ELEMENT_SPECIFIC_ASK));
      g_assert_true (cn_analysis_has_element (analysis, CN_ELEMENT_EFFORT_BOUND));
      check = cn_verification_check_motivation (cn_analysis_get_verdict (analysis),
                                                cn_analysis_get_element_mask (analysis),
                                                cn_analysis_get_flag_mask (analysis), FALSE, FALSE);
      g_assert_cmpint (check.result, ==, CN_CHECK_PASS);

      fit = cn_fit_compute (to_target, cn_request_get_note_to_connector (request), NULL, contact);
      check = cn_verification_check_fit (fit);
      g_assert_cmpint (check.result, ==, CN_CHECK_PASS);
      seen_a = TRUE;
    }

  g_assert_true (seen_x);
  g_assert_true (seen_a);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func)                                                                            \
  g_test_add ("/demo/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("load", test_load);
  ADD ("load-twice", test_load_twice);
  ADD ("seed-verbatim", test_seed_verbatim);
  ADD ("failure-adds-nothing", test_failure_adds_nothing);

#undef ADD

  return g_test_run ();
}
