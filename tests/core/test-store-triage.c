/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Mass-sent and repeated requests in the store: the results stored with each
 * request, kept up to date by adds, deletes and status changes, the
 * campaign queries, the bulk status change and its undo, the filters. */

#include <string.h>

#include "cn-analysis-private.h"
#include "cn-fingerprint.h"
#include "cn-request-list.h"
#include "cn-store-private.h"
#include "cn-test-schema.h"
#include "cn-test-utils.h"

/* A pre-formatted note, long enough to be fingerprinted. */
#define TEMPLATE_NOTE                                                                              \
  "Bonjour, je développe mon réseau dans le secteur de la cybersécurité et je serais ravi "    \
  "d'échanger avec vous sur nos parcours respectifs, nous avons certainement des points "         \
  "communs et des synergies à explorer ensemble. Au plaisir de vous lire très bientôt."

#define OTHER_NOTE_1                                                                                 \
  "Je prépare une enquête métier sur le recrutement des ingénieurs sécurité pour valider mon " \
  "projet de reconversion ; vingt minutes au téléphone avec vous m'aideraient beaucoup, car "      \
  "vous avez dirigé ce recrutement chez Atos pendant six ans."

#define OTHER_NOTE_2                                                                               \
  "Our startup is raising a seed round for a payroll tool aimed at small bakeries; I would "       \
  "value your opinion on our pricing page, since you built the pricing of Fintek, by e-mail "      \
  "whenever suits you, three questions at most."

#define DAY 86400
#define T0 1700000000

typedef struct
{
  char *dir;
  char *path;
  CnStore *store;
  gint64 contacts[6];
} Fixture;

typedef struct
{
  GArray *changed; /* gint64 */
  guint added;
  guint removed;
  guint reloaded;
  guint triage_changed;
} SignalLog;

static CnStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  CnStore *store = cn_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  static const char *const names[] = {
    "Léa Dubois", "Bruno Martin", "Chloé Bernard", "David Petit", "Emma Roux", "Farid Haddad",
  };

  fixture->dir = cn_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "connecteur.db", NULL);
  fixture->store = open_store (fixture->path);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CnContact) contact = cn_contact_new (names[i]);

      g_assert_true (cn_store_add_contact (fixture->store, contact, &error));
      g_assert_no_error (error);
      fixture->contacts[i] = cn_contact_get_id (contact);
    }
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->store);
  cn_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
assert_mass_sent (CnStore *store, gint64 id, gint64 campaign_id, guint size)
{
  g_autoptr(CnRequest) request = cn_test_get_request (store, id);

  g_assert_true (cn_request_get_mass_sent (request));
  g_assert_cmpint (cn_request_get_campaign_id (request), ==, campaign_id);
  g_assert_cmpuint (cn_request_get_campaign_size (request), ==, size);
}

static void
assert_not_mass_sent (CnStore *store, gint64 id)
{
  g_autoptr(CnRequest) request = cn_test_get_request (store, id);

  g_assert_false (cn_request_get_mass_sent (request));
  g_assert_cmpint (cn_request_get_campaign_id (request), ==, 0);
  g_assert_cmpuint (cn_request_get_campaign_size (request), ==, 0);
}

static void
assert_ids (GArray *ids, const gint64 *expected, guint n)
{
  g_assert_nonnull (ids);
  g_assert_cmpuint (ids->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, expected[i]);
}

static gboolean
log_has (SignalLog *log, gint64 id)
{
  for (guint i = 0; i < log->changed->len; i++)
    {
      if (g_array_index (log->changed, gint64, i) == id)
        return TRUE;
    }
  return FALSE;
}

static void
on_request_changed_cb (CnStore *store, gint64 id, SignalLog *log)
{
  g_array_append_val (log->changed, id);
}

static void
on_request_added_cb (CnStore *store, gint64 id, SignalLog *log)
{
  log->added++;
}

static void
on_request_removed_cb (CnStore *store, gint64 id, SignalLog *log)
{
  log->removed++;
}

static void
on_reloaded_cb (CnStore *store, SignalLog *log)
{
  log->reloaded++;
}

static void
on_triage_changed_cb (CnStore *store, SignalLog *log)
{
  log->triage_changed++;
}

static void
watch (CnStore *store, SignalLog *log)
{
  log->changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (store, "request-changed", G_CALLBACK (on_request_changed_cb), log);
  g_signal_connect (store, "request-added", G_CALLBACK (on_request_added_cb), log);
  g_signal_connect (store, "request-removed", G_CALLBACK (on_request_removed_cb), log);
  g_signal_connect (store, "reloaded", G_CALLBACK (on_reloaded_cb), log);
  g_signal_connect (store, "triage-changed", G_CALLBACK (on_triage_changed_cb), log);
}

static void
unwatch (CnStore *store, SignalLog *log)
{
  g_signal_handlers_disconnect_by_data (store, log);
  g_clear_pointer (&log->changed, g_array_unref);
}

/* Three copies of one note to three contacts: a campaign of three. */
static void
add_campaign (Fixture *fixture, gint64 r[3])
{
  r[0] = cn_test_add_request (fixture->store, "Xavier Lomme", fixture->contacts[0], T0,
                              TEMPLATE_NOTE);
  r[1] = cn_test_add_request (fixture->store, "Xavier Lomme", fixture->contacts[1], T0 + 60,
                              "Léa, " TEMPLATE_NOTE);
  r[2] = cn_test_add_request (fixture->store, "Yann Carrel", fixture->contacts[2], T0 + 120,
                              TEMPLATE_NOTE " Cordialement, Yann");
}

static void
test_campaign_of_three (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  SignalLog log = { 0 };
  CnCampaign *campaign;
  gint64 r[3];

  r[0] = cn_test_add_request (fixture->store, "Xavier Lomme", fixture->contacts[0], T0,
                              TEMPLATE_NOTE);
  r[1] = cn_test_add_request (fixture->store, "Xavier Lomme", fixture->contacts[1], T0 + 60,
                              "Léa, " TEMPLATE_NOTE);
  /* Two targets are not a campaign yet. */
  assert_not_mass_sent (fixture->store, r[0]);
  assert_not_mass_sent (fixture->store, r[1]);

  watch (fixture->store, &log);
  r[2] = cn_test_add_request (fixture->store, "Yann Carrel", fixture->contacts[2], T0 + 120,
                              TEMPLATE_NOTE " Cordialement, Yann");
  /* The third copy changes the first two as well. */
  g_assert_cmpuint (log.added, ==, 1);
  g_assert_true (log_has (&log, r[0]));
  g_assert_true (log_has (&log, r[1]));
  g_assert_false (log_has (&log, r[2]));
  unwatch (fixture->store, &log);

  for (guint i = 0; i < 3; i++)
    assert_mass_sent (fixture->store, r[i], r[0], 3);
  {
    g_autoptr(CnRequest) request = cn_test_get_request (fixture->store, r[2]);

    g_assert_false (cn_request_get_repeated (request));
    g_assert_cmpuint (cn_request_get_repeat_count (request), ==, 0);
  }

  ids = cn_store_list_campaign_requests (fixture->store, r[0], &error);
  g_assert_no_error (error);
  assert_ids (ids, r, 3);
  g_clear_pointer (&ids, g_array_unref);
  ids = cn_store_list_campaign_requests (fixture->store, 0, &error);
  assert_ids (ids, NULL, 0);

  campaigns = cn_store_list_campaigns (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (campaigns->len, ==, 1);
  campaign = g_ptr_array_index (campaigns, 0);
  g_assert_cmpint (campaign->id, ==, r[0]);
  g_assert_cmpuint (campaign->size, ==, 3);
  g_assert_cmpuint (campaign->n_requests, ==, 3);
  g_assert_cmpuint (campaign->n_open, ==, 3);
  g_assert_cmpint (campaign->first_at, ==, T0);
  g_assert_cmpint (campaign->last_at, ==, T0 + 120);
  g_assert_cmpstr (campaign->sample_note, ==, TEMPLATE_NOTE);
  g_assert_cmpstr (campaign->requester_names, ==, "Xavier Lomme, Yann Carrel");
  {
    g_autoptr(CnCampaign) copy = cn_campaign_copy (campaign);

    g_assert_cmpstr (copy->requester_names, ==, campaign->requester_names);
    g_assert_true (G_TYPE_IS_BOXED (CN_TYPE_CAMPAIGN));
  }

  /* What is stored is what the reads show. */
  g_assert_cmpint (cn_test_query_int (fixture->path,
                                      "SELECT count(*) FROM request_triage t JOIN campaigns c"
                                      " ON c.id = t.campaign_id WHERE mass_sent = 1 AND size = 3"),
                   ==, 3);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM campaigns"), ==, 1);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM request_triage"
                                                     " WHERE length (fingerprint) = " G_STRINGIFY (
                                                         CN_FINGERPRINT_SIZE)),
                   ==, 3);
}

static void
test_delete_drops_campaign (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  SignalLog log = { 0 };
  gint64 r[3];

  add_campaign (fixture, r);
  assert_mass_sent (fixture->store, r[1], r[0], 3);

  watch (fixture->store, &log);
  g_assert_true (cn_store_delete_request (fixture->store, r[0], &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.removed, ==, 1);
  g_assert_true (log_has (&log, r[1]));
  g_assert_true (log_has (&log, r[2]));
  unwatch (fixture->store, &log);

  assert_not_mass_sent (fixture->store, r[1]);
  assert_not_mass_sent (fixture->store, r[2]);
  campaigns = cn_store_list_campaigns (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (campaigns->len, ==, 0);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM request_triage"), ==, 2);
  /* The campaign's own row went with it. */
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM campaigns"), ==, 0);
}

/* Without its oldest copy, a campaign of four goes on under a new id. */
static void
test_delete_oldest_keeps_campaign (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 r[3];
  gint64 fourth;

  add_campaign (fixture, r);
  fourth = cn_test_add_request (fixture->store, "Zoé Blanc", fixture->contacts[3], T0 + 300,
                                TEMPLATE_NOTE);
  assert_mass_sent (fixture->store, fourth, r[0], 4);

  g_assert_true (cn_store_delete_request (fixture->store, r[0], &error));
  g_assert_no_error (error);
  assert_mass_sent (fixture->store, r[1], r[1], 3);
  assert_mass_sent (fixture->store, fourth, r[1], 3);
  ids = cn_store_list_campaign_requests (fixture->store, r[1], &error);
  assert_ids (ids, (gint64[]){ r[1], r[2], fourth }, 3);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM campaigns"), ==, 1);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT size FROM campaigns"), ==, 3);
}

static void
set_verdict (CnStore *store, gint64 id, CnVerdict verdict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAnalysis) analysis = _cn_analysis_new ();

  _cn_analysis_set_lang (analysis, "fr", "und");
  _cn_analysis_set_score (analysis, 80, verdict);
  _cn_analysis_finish (analysis);
  g_assert_true (cn_store_set_analysis (store, id, "test-1", analysis, &error));
  g_assert_no_error (error);
}

static void
test_repeat_after_decline (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(CnRequest) request = NULL;
  SignalLog log = { 0 };
  gint64 first;
  gint64 second;

  first = cn_test_add_request (fixture->store, "Marc Petit", fixture->contacts[0], T0,
                               OTHER_NOTE_1);
  second = cn_test_add_request (fixture->store, "Marc Petit", fixture->contacts[1], T0 + 90 * DAY,
                                OTHER_NOTE_2);
  set_verdict (fixture->store, second, CN_VERDICT_MOTIVATED);
  request = cn_test_get_request (fixture->store, second);
  /* Another contact, long after: not a repeat. */
  g_assert_false (cn_request_get_repeated (request));
  g_assert_cmpint (cn_request_get_effective_verdict (request), ==, CN_VERDICT_MOTIVATED);
  g_clear_object (&request);

  /* Declining the first makes the later one a repeat, announced. */
  watch (fixture->store, &log);
  g_assert_true (
      cn_store_set_request_status (fixture->store, first, CN_REQUEST_STATUS_DECLINED, &error));
  g_assert_no_error (error);
  g_assert_true (log_has (&log, first));
  g_assert_true (log_has (&log, second));
  unwatch (fixture->store, &log);

  request = cn_test_get_request (fixture->store, second);
  g_assert_true (cn_request_get_repeated (request));
  g_assert_cmpuint (cn_request_get_repeat_count (request), ==, 1);
  g_assert_true (cn_request_get_repeated_after_refusal (request));
  /* The analysis still says motivated; the effective verdict does not. */
  g_assert_cmpint (cn_request_get_verdict (request), ==, CN_VERDICT_MOTIVATED);
  g_assert_cmpint (cn_request_get_effective_verdict (request), ==, CN_VERDICT_INCOMPLETE);
  g_assert_cmpint (cn_store_get_request_effective_verdict (fixture->store, second), ==,
                   CN_VERDICT_INCOMPLETE);
  g_clear_object (&request);

  ids = cn_store_list_repeat_of (fixture->store, second, &error);
  g_assert_no_error (error);
  assert_ids (ids, &first, 1);
  g_clear_pointer (&ids, g_array_unref);

  /* A new request after the decline is a repeat from the start. */
  {
    gint64 third = cn_test_add_request (fixture->store, "Marc Petit", fixture->contacts[2],
                                        T0 + 100 * DAY, OTHER_NOTE_1);
    g_autoptr(CnRequest) r3 = cn_test_get_request (fixture->store, third);

    g_assert_true (cn_request_get_repeated (r3));
    g_assert_true (cn_request_get_repeated_after_refusal (r3));
  }

  /* Taking the decline back takes the repeat back. */
  g_assert_true (
      cn_store_set_request_status (fixture->store, first, CN_REQUEST_STATUS_NEW, &error));
  request = cn_test_get_request (fixture->store, second);
  g_assert_false (cn_request_get_repeated (request));
  g_assert_false (cn_request_get_repeated_after_refusal (request));
  g_assert_cmpint (cn_request_get_effective_verdict (request), ==, CN_VERDICT_MOTIVATED);
  ids = cn_store_list_repeat_of (fixture->store, second, &error);
  assert_ids (ids, NULL, 0);
}

/* One note sent twice to the same contact is a repeat, not a campaign. */
static void
test_same_contact_twice (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequest) request = NULL;
  gint64 first;
  gint64 second;

  first = cn_test_add_request (fixture->store, "Marc Petit", fixture->contacts[0], T0,
                               TEMPLATE_NOTE);
  second = cn_test_add_request (fixture->store, "Marc Petit", fixture->contacts[0], T0 + 2 * DAY,
                                TEMPLATE_NOTE);
  assert_not_mass_sent (fixture->store, first);
  request = cn_test_get_request (fixture->store, second);
  g_assert_false (cn_request_get_mass_sent (request));
  g_assert_true (cn_request_get_repeated (request));
  g_assert_cmpuint (cn_request_get_repeat_count (request), ==, 1);
  /* Not after a refusal: the verdict stands. */
  g_assert_false (cn_request_get_repeated_after_refusal (request));
}

/* A mass-sent note is never motivated, whatever the analysis says. */
static void
test_effective_verdict (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequestList) list = NULL;
  g_autoptr(CnRequest) request = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gint64 r[3];
  gint64 alone;

  add_campaign (fixture, r);
  alone = cn_test_add_request (fixture->store, "Anne Noir", fixture->contacts[3], T0 + 200,
                               OTHER_NOTE_1);
  set_verdict (fixture->store, r[0], CN_VERDICT_MOTIVATED);
  set_verdict (fixture->store, r[1], CN_VERDICT_INCOMPLETE);
  set_verdict (fixture->store, alone, CN_VERDICT_MOTIVATED);

  request = cn_test_get_request (fixture->store, r[0]);
  g_assert_cmpint (cn_request_get_verdict (request), ==, CN_VERDICT_MOTIVATED);
  g_assert_cmpint (cn_request_get_effective_verdict (request), ==, CN_VERDICT_INCOMPLETE);

  ids = cn_store_list_request_ids_by_verdict (fixture->store, CN_VERDICT_MOTIVATED, &error);
  assert_ids (ids, &alone, 1);
  g_clear_pointer (&ids, g_array_unref);
  ids = cn_store_list_request_ids_by_verdict (fixture->store, CN_VERDICT_INCOMPLETE, &error);
  assert_ids (ids, (gint64[]){ r[1], r[0] }, 2);
  g_clear_pointer (&ids, g_array_unref);
  g_assert_no_error (error);

  list = g_object_new (CN_TYPE_REQUEST_LIST, "store", fixture->store, "verdict-filter",
                       CN_VERDICT_MOTIVATED, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpuint (cn_request_list_find (list, alone), ==, 0);
}

static void
test_filters (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequestList) list = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model;
  gint64 r[3];
  gint64 first;
  gint64 repeat;
  gint64 late;

  add_campaign (fixture, r);
  first = cn_test_add_request (fixture->store, "Marc Petit", fixture->contacts[3], T0 + 300,
                               OTHER_NOTE_1);
  repeat = cn_test_add_request (fixture->store, "Marc Petit", fixture->contacts[3], T0 + 400,
                                OTHER_NOTE_2);
  set_verdict (fixture->store, r[2], CN_VERDICT_UNSUITABLE);
  set_verdict (fixture->store, repeat, CN_VERDICT_UNSUITABLE);

  ids = cn_store_list_request_ids_filtered (fixture->store, -1, TRUE, FALSE, &error);
  assert_ids (ids, (gint64[]){ r[2], r[1], r[0] }, 3);
  g_clear_pointer (&ids, g_array_unref);
  ids = cn_store_list_request_ids_filtered (fixture->store, -1, FALSE, TRUE, &error);
  assert_ids (ids, &repeat, 1);
  g_clear_pointer (&ids, g_array_unref);
  ids = cn_store_list_request_ids_filtered (fixture->store, CN_VERDICT_UNSUITABLE, TRUE, FALSE,
                                            &error);
  assert_ids (ids, &r[2], 1);
  g_clear_pointer (&ids, g_array_unref);
  g_assert_no_error (error);

  list = cn_request_list_new (fixture->store);
  model = G_LIST_MODEL (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  cn_request_list_set_triage_filter (list, CN_TRIAGE_FILTER_MASS_SENT);
  g_assert_cmpint (cn_request_list_get_triage_filter (list), ==, CN_TRIAGE_FILTER_MASS_SENT);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpuint (cn_request_list_find (list, r[2]), ==, 0);
  {
    g_autoptr(CnRequest) item = g_list_model_get_item (model, 0);

    g_assert_true (cn_request_get_mass_sent (item));
    g_assert_cmpuint (cn_request_get_campaign_size (item), ==, 3);
  }

  /* Combined with the verdict filter. */
  cn_request_list_set_verdict_filter (list, CN_VERDICT_UNSUITABLE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_object_set (list, "triage-filter", CN_TRIAGE_FILTER_REPEATED, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpuint (cn_request_list_find (list, repeat), ==, 0);
  cn_request_list_set_verdict_filter (list, -1);

  /* A new copy enters the mass-sent list; a new repeat the repeated one. */
  cn_request_list_set_triage_filter (list, CN_TRIAGE_FILTER_MASS_SENT);
  late = cn_test_add_request (fixture->store, "Zoé Blanc", fixture->contacts[4], T0 + 500,
                              TEMPLATE_NOTE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  g_assert_cmpuint (cn_request_list_find (list, late), ==, 0);
  {
    /* The items on show follow: the size grew to 4. */
    g_autoptr(CnRequest) item = g_list_model_get_item (model, 1);

    g_assert_cmpuint (cn_request_get_campaign_size (item), ==, 4);
  }

  /* Deleting copies makes the others leave the list. */
  g_assert_true (cn_store_delete_request (fixture->store, late, &error));
  g_assert_true (cn_store_delete_request (fixture->store, r[0], &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  (void) first;
}

/* Reopening reads the stored fingerprints: it does not recompute them. */
static void
test_reopen_uses_stored_fingerprints (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 r[3];
  gint64 other;

  add_campaign (fixture, r);
  other = cn_test_add_request (fixture->store, "Anne Noir", fixture->contacts[3], T0 + 500,
                               OTHER_NOTE_1);
  assert_not_mass_sent (fixture->store, other);
  g_clear_object (&fixture->store);

  /* Behind the store's back: the unrelated note gets the campaign's
   * fingerprint, and one copy loses its own. */
  sql = g_strdup_printf ("UPDATE request_triage SET fingerprint = (SELECT fingerprint FROM"
                         " request_triage WHERE request_id = %" G_GINT64_FORMAT ")"
                         " WHERE request_id = %" G_GINT64_FORMAT ";"
                         "UPDATE request_triage SET fingerprint = NULL WHERE request_id = "
                         "%" G_GINT64_FORMAT,
                         r[0], other, r[1]);
  cn_test_exec_sql (fixture->path, sql);

  fixture->store = open_store (fixture->path);
  /* Results are read as stored until the index is built. */
  assert_not_mass_sent (fixture->store, other);
  assert_mass_sent (fixture->store, r[1], r[0], 3);

  g_assert_true (cn_store_update_triage (fixture->store, &error));
  g_assert_no_error (error);
  /* The stored fingerprint was used as it is: a fourth copy... */
  assert_mass_sent (fixture->store, other, r[0], 4);
  assert_mass_sent (fixture->store, r[2], r[0], 4);
  /* ...and the missing one was computed again and stored. */
  assert_mass_sent (fixture->store, r[1], r[0], 4);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM request_triage"
                                                     " WHERE length (fingerprint) = " G_STRINGIFY (
                                                         CN_FINGERPRINT_SIZE)),
                   ==, 4);
}

/* Fingerprints stored by a version that folded notes otherwise (an older
 * "triage.fingerprint-version") are all computed again at the next build,
 * and the version stored: an old database gets the fingerprints a new note
 * is compared with. */
static void
test_old_fingerprints_recomputed (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 r[3];
  gint64 other;

  add_campaign (fixture, r);
  other = cn_test_add_request (fixture->store, "Anne Noir", fixture->contacts[3], T0 + 500,
                               OTHER_NOTE_1);
  g_clear_object (&fixture->store);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT value FROM settings"
                                                     " WHERE key = 'triage.fingerprint-version'"),
                   >, 1);

  /* As a version 1 database: the unrelated note holds the campaign's
   * fingerprint, as if the old folding made them equal. */
  sql = g_strdup_printf ("UPDATE request_triage SET fingerprint = (SELECT fingerprint FROM"
                         " request_triage WHERE request_id = %" G_GINT64_FORMAT ")"
                         " WHERE request_id = %" G_GINT64_FORMAT ";"
                         "UPDATE settings SET value = 1 WHERE key = 'triage.fingerprint-version'",
                         r[0], other);
  cn_test_exec_sql (fixture->path, sql);

  fixture->store = open_store (fixture->path);
  g_assert_true (cn_store_update_triage (fixture->store, &error));
  g_assert_no_error (error);
  assert_not_mass_sent (fixture->store, other);
  assert_mass_sent (fixture->store, r[2], r[0], 3);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM request_triage"
                                                     " WHERE length (fingerprint) = " G_STRINGIFY (
                                                         CN_FINGERPRINT_SIZE)),
                   ==, 4);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT value FROM settings"
                                                     " WHERE key = 'triage.fingerprint-version'"),
                   >, 1);
}

static void
test_settings_rebuild (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnRequestList) list = NULL;
  g_autoptr(CnRequest) item = NULL;
  SignalLog log = { 0 };
  guint min_targets = 0;
  guint window = 0;
  gint64 r[3];

  cn_store_get_triage_settings (fixture->store, &min_targets, &window);
  g_assert_cmpuint (min_targets, ==, 3);
  g_assert_cmpuint (window, ==, 30);

  add_campaign (fixture, r);
  assert_mass_sent (fixture->store, r[0], r[0], 3);

  list = cn_request_list_new (fixture->store);
  cn_request_list_set_triage_filter (list, CN_TRIAGE_FILTER_MASS_SENT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);

  watch (fixture->store, &log);
  g_assert_true (cn_store_set_triage_settings (fixture->store, 4, 30, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.triage_changed, ==, 1);
  unwatch (fixture->store, &log);
  for (guint i = 0; i < 3; i++)
    assert_not_mass_sent (fixture->store, r[i]);
  /* The list follows "triage-changed", and so do the items it handed out. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_false (cn_request_get_mass_sent (item));
  g_clear_object (&item);
  g_clear_object (&list);

  /* Kept in the database. */
  g_clear_object (&fixture->store);
  fixture->store = open_store (fixture->path);
  cn_store_get_triage_settings (fixture->store, &min_targets, &window);
  g_assert_cmpuint (min_targets, ==, 4);
  g_assert_cmpuint (window, ==, 30);

  g_assert_true (cn_store_set_triage_settings (fixture->store, 2, 30, &error));
  for (guint i = 0; i < 3; i++)
    assert_mass_sent (fixture->store, r[i], r[0], 3);

  /* A window of 0 days: a same-day copy to the same contact is no repeat. */
  {
    gint64 again = cn_test_add_request (fixture->store, "Anne Noir", fixture->contacts[4], T0,
                                        OTHER_NOTE_1);
    gint64 later = cn_test_add_request (fixture->store, "Anne Noir", fixture->contacts[4], T0 + DAY,
                                        OTHER_NOTE_2);
    g_autoptr(CnRequest) request = cn_test_get_request (fixture->store, later);

    g_assert_true (cn_request_get_repeated (request));
    g_clear_object (&request);
    g_assert_true (cn_store_set_triage_settings (fixture->store, 2, 0, &error));
    g_assert_no_error (error);
    request = cn_test_get_request (fixture->store, later);
    g_assert_false (cn_request_get_repeated (request));
    (void) again;
  }
}

/* @actions: as the database holds them (the strings never change). */
static void
assert_events (CnStore *store, gint64 id, const char *const *actions)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = cn_store_list_events (store, id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, g_strv_length ((char **) actions));
  for (guint i = 0; i < events->len; i++)
    {
      CnEvent *event = g_ptr_array_index (events, i);

      g_assert_cmpstr (event->action_id, ==, actions[i]);
      g_assert_cmpint (event->action, ==, cn_event_action_from_string (actions[i]));
      g_assert_null (event->text);
    }
}

static CnRequestStatus
status_of (CnStore *store, gint64 id)
{
  g_autoptr(CnRequest) request = cn_test_get_request (store, id);

  return cn_request_get_status (request);
}

static void
test_campaign_status_and_undo (Fixture *fixture, gconstpointer data)
{
  const char *const created[] = { "created", NULL };
  const char *const declined[] = { "created", "declined", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (CnStatusChange));
  g_autoptr(GPtrArray) campaigns = NULL;
  SignalLog log = { 0 };
  gint64 r[3];
  gint64 forwarded;
  gint64 asked;

  add_campaign (fixture, r);
  forwarded = cn_test_add_request (fixture->store, "Zoé Blanc", fixture->contacts[3], T0 + 300,
                                   TEMPLATE_NOTE);
  asked = cn_test_add_request (fixture->store, "Zoé Blanc", fixture->contacts[4], T0 + 400,
                               TEMPLATE_NOTE);
  g_assert_true (
      cn_store_set_request_status (fixture->store, forwarded, CN_REQUEST_STATUS_FORWARDED, &error));
  g_assert_true (
      cn_store_set_request_status (fixture->store, asked, CN_REQUEST_STATUS_ASKED, &error));
  g_assert_no_error (error);

  watch (fixture->store, &log);
  g_assert_true (cn_store_set_campaign_status (fixture->store, r[0], CN_REQUEST_STATUS_DECLINED,
                                               changes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.reloaded, ==, 1);
  unwatch (fixture->store, &log);

  /* The open ones only: the forwarded request is left alone. */
  g_assert_cmpuint (changes->len, ==, 4);
  for (guint i = 0; i < 3; i++)
    {
      CnStatusChange *change = &g_array_index (changes, CnStatusChange, i);

      g_assert_cmpint (change->request_id, ==, r[i]);
      g_assert_cmpint (change->previous_status, ==, CN_REQUEST_STATUS_NEW);
      g_assert_cmpint (change->new_status, ==, CN_REQUEST_STATUS_DECLINED);
      g_assert_cmpint (change->event_id, >, 0);
      g_assert_cmpint (status_of (fixture->store, r[i]), ==, CN_REQUEST_STATUS_DECLINED);
      assert_events (fixture->store, r[i], declined);
    }
  g_assert_cmpint (g_array_index (changes, CnStatusChange, 3).request_id, ==, asked);
  g_assert_cmpint (g_array_index (changes, CnStatusChange, 3).previous_status, ==,
                   CN_REQUEST_STATUS_ASKED);
  g_assert_cmpint (status_of (fixture->store, forwarded), ==, CN_REQUEST_STATUS_FORWARDED);
  assert_events (fixture->store, forwarded, created);

  campaigns = cn_store_list_campaigns (fixture->store, &error);
  g_assert_cmpuint (campaigns->len, ==, 1);
  g_assert_cmpuint (((CnCampaign *) g_ptr_array_index (campaigns, 0))->n_open, ==, 0);
  g_assert_cmpuint (((CnCampaign *) g_ptr_array_index (campaigns, 0))->size, ==, 5);
  g_clear_pointer (&campaigns, g_ptr_array_unref);
  /* Xavier's second copy follows a decline of his first, but it is the same
   * message sent at the same time: declining the campaign makes no repeats. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(CnRequest) request = cn_test_get_request (fixture->store, r[i]);

      g_assert_false (cn_request_get_repeated (request));
    }

  /* Undo puts everything back as it was, history included. */
  g_assert_true (cn_store_restore_statuses (fixture->store,
                                            (const CnStatusChange *) (gpointer) changes->data,
                                            changes->len, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(CnRequest) request = cn_test_get_request (fixture->store, r[i]);

      g_assert_cmpint (cn_request_get_status (request), ==, CN_REQUEST_STATUS_NEW);
      g_assert_false (cn_request_get_repeated (request));
      assert_events (fixture->store, r[i], created);
    }
  g_assert_cmpint (status_of (fixture->store, asked), ==, CN_REQUEST_STATUS_ASKED);
  g_assert_cmpint (status_of (fixture->store, forwarded), ==, CN_REQUEST_STATUS_FORWARDED);
  campaigns = cn_store_list_campaigns (fixture->store, &error);
  g_assert_cmpuint (((CnCampaign *) g_ptr_array_index (campaigns, 0))->n_open, ==, 4);
}

static void
on_campaigns_read_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

/* The campaigns as the Campaigns window reads them: in a worker. */
static GPtrArray *
read_campaigns (CnStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *campaigns;

  cn_store_list_campaigns_async (store, NULL, on_campaigns_read_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  campaigns = cn_store_list_campaigns_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (campaigns);
  return campaigns;
}

static guint
n_open_read (CnStore *store)
{
  g_autoptr(GPtrArray) campaigns = read_campaigns (store);

  g_assert_cmpuint (campaigns->len, ==, 1);
  return ((CnCampaign *) g_ptr_array_index (campaigns, 0))->n_open;
}

/* Marks what the store kept: a read that shows the mark was not read again. */
static void
mark_kept (CnStore *store)
{
  g_assert_nonnull (store->campaigns_read);
  ((CnCampaign *) g_ptr_array_index (store->campaigns_read, 0))->n_open = 42;
}

/* The campaigns read in a worker are kept while the database is as it was:
 * read again after a write of the store's own, a commit of another
 * connection, a reload, and the end of a transaction during which they were
 * read. */
static void
test_campaigns_read_kept (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (CnStatusChange));
  gint64 r[3];

  add_campaign (fixture, r);
  g_assert_cmpuint (n_open_read (fixture->store), ==, 3);
  /* Nothing changed: what was read is handed over again. */
  mark_kept (fixture->store);
  g_assert_cmpuint (n_open_read (fixture->store), ==, 42);

  g_assert_true (cn_store_set_campaign_status (fixture->store, r[0], CN_REQUEST_STATUS_DECLINED,
                                               changes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_open_read (fixture->store), ==, 0);

  mark_kept (fixture->store);
  cn_test_exec_sql (fixture->path, "UPDATE requests SET status = 0");
  g_assert_cmpuint (n_open_read (fixture->store), ==, 3);

  mark_kept (fixture->store);
  g_signal_emit_by_name (fixture->store, "reloaded");
  g_assert_null (fixture->store->campaigns_read);
  g_assert_cmpuint (n_open_read (fixture->store), ==, 3);

  /* A worker does not see what a transaction has not committed yet. */
  g_assert_true (cn_store_begin (fixture->store, &error));
  g_assert_true (cn_store_set_campaign_status (fixture->store, r[0], CN_REQUEST_STATUS_DECLINED,
                                               changes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_open_read (fixture->store), ==, 3);
  g_assert_true (cn_store_commit (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_open_read (fixture->store), ==, 0);
}

/* A version 2 database gains the triage tables; its requests are triaged
 * at the first need, their fingerprints computed once. */
static void
test_migrate_from_v2 (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 r[3];
  gint64 next;

  add_campaign (fixture, r);
  set_verdict (fixture->store, r[0], CN_VERDICT_MOTIVATED);
  g_clear_object (&fixture->store);
  cn_test_exec_sql (fixture->path, DROP_TO_V3 DROP_STEP_3 "PRAGMA user_version = 2;");

  fixture->store = open_store (fixture->path);
  g_assert_cmpint (cn_store_get_schema_version (fixture->store), ==, CN_STORE_SCHEMA_VERSION);
  g_assert_cmpuint (cn_store_count_requests (fixture->store), ==, 3);
  g_assert_cmpint (cn_store_get_request_verdict (fixture->store, r[0]), ==, CN_VERDICT_MOTIVATED);
  assert_not_mass_sent (fixture->store, r[0]);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM request_triage"), ==, 0);

  /* The first write builds the index and stores every result. */
  next = cn_test_add_request (fixture->store, "Anne Noir", fixture->contacts[3], T0 + 900,
                              OTHER_NOTE_2);
  for (guint i = 0; i < 3; i++)
    assert_mass_sent (fixture->store, r[i], r[0], 3);
  assert_not_mass_sent (fixture->store, next);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM request_triage"
                                                     " WHERE length (fingerprint) = " G_STRINGIFY (
                                                         CN_FINGERPRINT_SIZE)),
                   ==, 4);
  g_assert_cmpint (cn_store_get_request_effective_verdict (fixture->store, r[0]), ==,
                   CN_VERDICT_INCOMPLETE);
  g_assert_cmpint (cn_test_query_int (fixture->path, "PRAGMA user_version"), ==,
                   CN_STORE_SCHEMA_VERSION);
}

/* A rolled back transaction leaves neither rows nor index entries. */
static void
test_rollback_keeps_index_right (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 r[2];
  gint64 third;

  r[0] = cn_test_add_request (fixture->store, "Xavier Lomme", fixture->contacts[0], T0,
                              TEMPLATE_NOTE);
  r[1] = cn_test_add_request (fixture->store, "Xavier Lomme", fixture->contacts[1], T0 + 60,
                              TEMPLATE_NOTE);

  g_assert_true (cn_store_begin (fixture->store, &error));
  {
    gint64 lost = cn_test_add_request (fixture->store, "Xavier Lomme", fixture->contacts[2],
                                       T0 + 120, TEMPLATE_NOTE);

    /* Indexed at the commit, or as soon as something needs the index. */
    assert_not_mass_sent (fixture->store, r[0]);
    g_assert_true (
        cn_store_set_request_status (fixture->store, lost, CN_REQUEST_STATUS_ASKED, &error));
    g_assert_no_error (error);
    assert_mass_sent (fixture->store, r[0], r[0], 3);
  }
  cn_store_rollback (fixture->store);

  assert_not_mass_sent (fixture->store, r[0]);
  /* Had the index kept the lost copy, this one would make a campaign of 3
   * targets with the first two... it makes one only with the real ones. */
  third = cn_test_add_request (fixture->store, "Xavier Lomme", fixture->contacts[3], T0 + 180,
                               TEMPLATE_NOTE);
  assert_mass_sent (fixture->store, third, r[0], 3);
  g_assert_true (cn_store_set_triage_settings (fixture->store, 4, 30, &error));
  assert_not_mass_sent (fixture->store, third);
}

/* A note of its own: 30 words drawn from a small vocabulary. */
static char *
make_note (guint seed)
{
  static const char *const words[] = {
    "projet",  "recrutement", "sécurité", "conseil",   "échange",  "minutes",   "appel",
    "marché",  "startup",     "levée",    "article",   "enquête",  "carrière",  "produit",
    "données", "banque",      "santé",    "énergie",   "logiciel", "formation", "mentorat",
    "avis",    "stage",       "poste",    "équipe",    "client",   "vente",     "achat",
    "export",  "design",      "réseau",   "industrie",
  };
  GString *note = g_string_new (NULL);
  guint32 state = seed * 2654435761u + 1;

  for (guint i = 0; i < 30; i++)
    {
      state = state * 1664525u + 1013904223u;
      g_string_append (note, words[(state >> 16) % G_N_ELEMENTS (words)]);
      g_string_append_c (note, ' ');
    }
  return g_string_free (note, FALSE);
}

/* Bulk adds in one transaction stay fast, and signal once. */
static void
test_bulk_add (Fixture *fixture, gconstpointer data)
{
  const guint n = 3000;
  g_autoptr(GError) error = NULL;
  SignalLog log = { 0 };
  double elapsed;

  watch (fixture->store, &log);
  g_test_timer_start ();
  g_assert_true (cn_store_begin (fixture->store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *requester = g_strdup_printf ("Requester %u", i % 400);
      g_autofree char *note = make_note (i);

      cn_test_add_request (fixture->store, requester, fixture->contacts[i % 6], T0 + i * 3600,
                           i % 10 ? note : TEMPLATE_NOTE);
    }
  g_assert_true (cn_store_commit (fixture->store, &error));
  g_assert_no_error (error);
  elapsed = g_test_timer_elapsed ();
  g_test_message ("Added %u requests in one transaction in %.0f ms", n, elapsed * 1000);
  g_assert_cmpuint (log.reloaded, ==, 1);
  g_assert_cmpuint (log.changed->len, ==, 0);
  unwatch (fixture->store, &log);

  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM request_triage"), ==, n);
  g_assert_cmpint (cn_test_query_int (fixture->path,
                                      "SELECT count(*) FROM request_triage WHERE mass_sent"),
                   >=, n / 10);
}

/* A campaign stored, then its results forgotten and the store opened
 * again: a build of the index must find them again. */
static void
add_campaign_forgotten (Fixture *fixture, gint64 *r)
{
  add_campaign (fixture, r);
  g_clear_object (&fixture->store);
  cn_test_exec_sql (fixture->path, "UPDATE request_triage SET mass_sent = 0, campaign_id = 0;"
                                   "DELETE FROM campaigns");
  fixture->store = open_store (fixture->path);
}

static void
on_prepared_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (cn_store_prepare_triage_finish (CN_STORE (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* The app builds the index in a worker thread: writes meanwhile go on
 * without it and are taken in when it lands. */
static void
test_background_build (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SignalLog log = { 0 };
  gboolean done = FALSE;
  gint64 r[3];
  gint64 late;

  add_campaign_forgotten (fixture, r);
  assert_not_mass_sent (fixture->store, r[0]);

  watch (fixture->store, &log);
  cn_store_prepare_triage_async (fixture->store, NULL, on_prepared_cb, &done);
  /* Written while the worker may be reading: not lost. */
  late = cn_test_add_request (fixture->store, "Zoé Blanc", fixture->contacts[3], T0 + 600,
                              TEMPLATE_NOTE);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cn_store_is_triage_ready (fixture->store));
  g_assert_cmpuint (log.triage_changed, >=, 1);
  unwatch (fixture->store, &log);

  for (guint i = 0; i < 3; i++)
    assert_mass_sent (fixture->store, r[i], r[0], 4);
  assert_mass_sent (fixture->store, late, r[0], 4);

  /* From now on, writes update it at once. */
  g_assert_true (cn_store_delete_request (fixture->store, late, &error));
  g_assert_no_error (error);
  assert_mass_sent (fixture->store, r[0], r[0], 3);
}

/* The window promises a background build before its first frame: a read
 * that needs the index before the build was asked for starts it in a worker
 * instead of building it on the calling thread. */
static void
test_in_background_before_prepare (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) repeats = NULL;
  g_autoptr(GError) error = NULL;
  SignalLog log = { 0 };
  gint64 r[3];
  gint64 deadline;

  add_campaign_forgotten (fixture, r);
  cn_store_set_triage_in_background (fixture->store);
  watch (fixture->store, &log);

  repeats = cn_store_list_repeat_of (fixture->store, r[0], &error);
  g_assert_no_error (error);
  g_assert_nonnull (repeats);
  g_assert_cmpuint (repeats->len, ==, 0);
  g_assert_false (cn_store_is_triage_ready (fixture->store));

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!cn_store_is_triage_ready (fixture->store))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (log.triage_changed, >=, 1);
  unwatch (fixture->store, &log);
  for (guint i = 0; i < 3; i++)
    assert_mass_sent (fixture->store, r[i], r[0], 3);
}

/* A screened-out requester's requests are to decline, whatever the note
 * says, in the request, the cheap lookup and the filters, with an event in
 * each one's history; taking it back restores the verdicts. */
static void
test_screen_out (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequest) request = NULL;
  g_autoptr(CnRequesterInfo) info = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  SignalLog log = { 0 };
  gint64 kept, later, other;

  kept = cn_test_add_request (fixture->store, "Marc Petit", fixture->contacts[3], T0, OTHER_NOTE_1);
  other = cn_test_add_request (fixture->store, "Anne Noir", fixture->contacts[4], T0 + 10,
                               OTHER_NOTE_2);
  set_verdict (fixture->store, kept, CN_VERDICT_MOTIVATED);
  set_verdict (fixture->store, other, CN_VERDICT_MOTIVATED);
  request = cn_test_get_request (fixture->store, kept);

  watch (fixture->store, &log);
  g_assert_true (cn_store_set_requester_standing (fixture->store,
                                                  cn_request_get_requester_id (request),
                                                  CN_REQUESTER_STANDING_SCREENED_OUT, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.reloaded, ==, 1);
  unwatch (fixture->store, &log);

  g_clear_object (&request);
  request = cn_test_get_request (fixture->store, kept);
  g_assert_cmpint (cn_request_get_requester_standing (request), ==,
                   CN_REQUESTER_STANDING_SCREENED_OUT);
  g_assert_cmpint (cn_request_get_requester_standing_at (request), >, 0);
  g_assert_cmpint (cn_request_get_verdict (request), ==, CN_VERDICT_MOTIVATED);
  g_assert_cmpint (cn_request_get_effective_verdict (request), ==, CN_VERDICT_UNSUITABLE);
  g_assert_cmpint (cn_store_get_request_effective_verdict (fixture->store, kept), ==,
                   CN_VERDICT_UNSUITABLE);
  ids = cn_store_list_request_ids_by_verdict (fixture->store, CN_VERDICT_UNSUITABLE, &error);
  assert_ids (ids, &kept, 1);
  g_clear_pointer (&ids, g_array_unref);
  ids = cn_store_list_request_ids_by_verdict (fixture->store, CN_VERDICT_MOTIVATED, &error);
  assert_ids (ids, &other, 1);
  g_clear_pointer (&ids, g_array_unref);
  events = cn_store_list_events (fixture->store, kept, &error);
  g_assert_cmpint (((CnEvent *) events->pdata[events->len - 1])->action, ==,
                   CN_EVENT_ACTION_SCREENED_OUT);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* Their next request, not analysed yet, is to decline too. */
  later = cn_test_add_request (fixture->store, "Marc Petit", fixture->contacts[2], T0 + 20,
                               OTHER_NOTE_2);
  g_assert_cmpint (cn_store_get_request_effective_verdict (fixture->store, later), ==,
                   CN_VERDICT_UNSUITABLE);
  ids = cn_store_list_request_ids_by_verdict (fixture->store, CN_VERDICT_NONE, &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);

  /* Reversed: the analysis decides again, and the history says so. */
  g_assert_true (cn_store_set_requester_standing (fixture->store,
                                                  cn_request_get_requester_id (request),
                                                  CN_REQUESTER_STANDING_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cn_store_get_request_effective_verdict (fixture->store, kept), ==,
                   CN_VERDICT_MOTIVATED);
  info = cn_store_get_requester (fixture->store, cn_request_get_requester_id (request), &error);
  g_assert_cmpint (info->standing, ==, CN_REQUESTER_STANDING_NONE);
  g_assert_cmpint (info->standing_at, ==, 0);
  events = cn_store_list_events (fixture->store, later, &error);
  g_assert_cmpint (((CnEvent *) events->pdata[events->len - 1])->action, ==,
                   CN_EVENT_ACTION_STANDING_CLEARED);
}

/* A trusted requester's mass-sent copy keeps the verdict of its note:
 * being sent to several contacts no longer makes it incomplete. */
static void
test_trusted (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequest) request = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gint64 r[3];

  add_campaign (fixture, r);
  set_verdict (fixture->store, r[0], CN_VERDICT_MOTIVATED);
  request = cn_test_get_request (fixture->store, r[0]);
  g_assert_true (cn_request_get_mass_sent (request));
  g_assert_cmpint (cn_request_get_effective_verdict (request), ==, CN_VERDICT_INCOMPLETE);

  g_assert_true (cn_store_set_requester_standing (fixture->store,
                                                  cn_request_get_requester_id (request),
                                                  CN_REQUESTER_STANDING_TRUSTED, &error));
  g_assert_no_error (error);
  g_clear_object (&request);
  request = cn_test_get_request (fixture->store, r[0]);
  g_assert_true (cn_request_get_mass_sent (request));
  g_assert_cmpint (cn_request_get_effective_verdict (request), ==, CN_VERDICT_MOTIVATED);
  g_assert_cmpint (cn_store_get_request_effective_verdict (fixture->store, r[0]), ==,
                   CN_VERDICT_MOTIVATED);
  ids = cn_store_list_request_ids_by_verdict (fixture->store, CN_VERDICT_MOTIVATED, &error);
  assert_ids (ids, &r[0], 1);
  g_clear_pointer (&ids, g_array_unref);
  ids = cn_store_list_request_ids_by_verdict (fixture->store, CN_VERDICT_INCOMPLETE, &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);

  /* Trusted then screened out: the last choice wins. */
  g_assert_true (cn_store_set_requester_standing (fixture->store,
                                                  cn_request_get_requester_id (request),
                                                  CN_REQUESTER_STANDING_SCREENED_OUT, &error));
  g_assert_cmpint (cn_store_get_request_effective_verdict (fixture->store, r[0]), ==,
                   CN_VERDICT_UNSUITABLE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func)                                                                            \
  g_test_add ("/store-triage/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("campaign-of-three", test_campaign_of_three);
  ADD ("delete-drops-campaign", test_delete_drops_campaign);
  ADD ("delete-oldest-keeps-campaign", test_delete_oldest_keeps_campaign);
  ADD ("repeat-after-decline", test_repeat_after_decline);
  ADD ("same-contact-twice", test_same_contact_twice);
  ADD ("effective-verdict", test_effective_verdict);
  ADD ("screen-out", test_screen_out);
  ADD ("trusted", test_trusted);
  ADD ("filters", test_filters);
  ADD ("reopen-uses-stored-fingerprints", test_reopen_uses_stored_fingerprints);
  ADD ("old-fingerprints-recomputed", test_old_fingerprints_recomputed);
  ADD ("settings-rebuild", test_settings_rebuild);
  ADD ("campaign-status-and-undo", test_campaign_status_and_undo);
  ADD ("campaigns-read-kept", test_campaigns_read_kept);
  ADD ("migrate-from-v2", test_migrate_from_v2);
  ADD ("rollback-keeps-index-right", test_rollback_keeps_index_right);
  ADD ("bulk-add", test_bulk_add);
  ADD ("background-build", test_background_build);
  ADD ("in-background-before-prepare", test_in_background_before_prepare);

#undef ADD

  return g_test_run ();
}
