/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "cn-analysis-private.h"
#include "cn-availability.h"
#include "cn-request-list.h"
#include "cn-store-private.h"
#include "cn-test-selection.h"
#include "cn-test-utils.h"

typedef struct
{
  char *dir;
  CnStore *store;
  GArray *changes; /* Change */
} Fixture;

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = cn_test_make_tmpdir ();
  path = g_build_filename (fixture->dir, "connecteur.db", NULL);
  fixture->store = cn_store_open (path, &error);
  g_assert_no_error (error);
  fixture->changes = g_array_new (FALSE, FALSE, sizeof (Change));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->store);
  g_array_unref (fixture->changes);
  cn_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
on_items_changed_cb (
    GListModel *model, guint position, guint removed, guint added, Fixture *fixture)
{
  Change change = { position, removed, added };

  g_array_append_val (fixture->changes, change);
}

static void
assert_change (Fixture *fixture, guint position, guint removed, guint added)
{
  Change *change;

  g_assert_cmpuint (fixture->changes->len, ==, 1);
  change = &g_array_index (fixture->changes, Change, 0);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
  g_array_set_size (fixture->changes, 0);
}

/* The rows a change may replace where a view holds some (as in
 * cn-request-list.c). */
#define ROW_WINDOW 512

/* The changes recorded, applied in turn to the rows as they were, replace
 * rows [@position, @position + @removed) by @added new rows and keep the
 * others. */
static void
assert_replaced (Fixture *fixture, GListModel *model, guint position, guint removed, guint added)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (int));
  int n_old = (int) g_list_model_get_n_items (model);

  g_assert_cmpuint (fixture->changes->len, >, 0);
  for (guint i = 0; i < fixture->changes->len; i++)
    {
      Change *change = &g_array_index (fixture->changes, Change, i);

      n_old -= (int) change->added - (int) change->removed;
    }
  /* Old rows by their index, new ones as -1. */
  for (int i = 0; i < n_old; i++)
    g_array_append_val (rows, i);
  for (guint i = 0; i < fixture->changes->len; i++)
    {
      Change *change = &g_array_index (fixture->changes, Change, i);
      int fresh = -1;

      g_assert_cmpuint (change->position + change->removed, <=, rows->len);
      g_array_remove_range (rows, change->position, change->removed);
      for (guint j = 0; j < change->added; j++)
        g_array_insert_val (rows, change->position + j, fresh);
    }
  g_assert_cmpuint (rows->len, ==, n_old - removed + added);
  for (guint i = 0; i < rows->len; i++)
    {
      int expected = i < position           ? (int) i
                     : i < position + added ? -1
                                            : (int) (i - added + removed);

      g_assert_cmpint (g_array_index (rows, int, i), ==, expected);
    }
  g_array_set_size (fixture->changes, 0);
}

static gint64
add_request (CnStore *store, const char *requester, gint64 received_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnRequest) request = cn_request_new ();

  cn_request_set_requester_name (request, requester);
  cn_request_set_received_at (request, received_at);
  cn_request_set_note_to_target (request, "Bonjour");
  g_assert_true (cn_store_add_request (store, request, &error));
  g_assert_no_error (error);
  return cn_request_get_id (request);
}

static gint64
id_at (GListModel *model, guint position)
{
  g_autoptr(CnRequest) request = g_list_model_get_item (model, position);

  g_assert_nonnull (request);
  return cn_request_get_id (request);
}

static void
test_newest_first (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequestList) list = NULL;
  g_autoptr(CnRequest) first = NULL;
  GListModel *model;
  gint64 old, newest, tie_a, tie_b, middle;

  old = add_request (fixture->store, "Old", 1000);
  newest = add_request (fixture->store, "Newest", 5000);
  tie_a = add_request (fixture->store, "Tie A", 3000);
  tie_b = add_request (fixture->store, "Tie B", 3000);
  middle = add_request (fixture->store, "Middle", 2000);

  list = cn_request_list_new (fixture->store);
  model = G_LIST_MODEL (list);
  g_assert_true (cn_request_list_get_store (list) == fixture->store);
  g_assert_true (g_list_model_get_item_type (model) == CN_TYPE_REQUEST);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);

  /* Same time: the later id (entered last) comes first. */
  g_assert_cmpint (id_at (model, 0), ==, newest);
  g_assert_cmpint (id_at (model, 1), ==, tie_b);
  g_assert_cmpint (id_at (model, 2), ==, tie_a);
  g_assert_cmpint (id_at (model, 3), ==, middle);
  g_assert_cmpint (id_at (model, 4), ==, old);
  g_assert_null (g_list_model_get_item (model, 5));

  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (cn_request_get_requester_name (first), ==, "Newest");
  g_assert_cmpint (cn_request_get_received_at (first), ==, 5000);

  g_assert_cmpuint (cn_request_list_find (list, middle), ==, 3);
  g_assert_cmpuint (cn_request_list_find (list, old), ==, 4);
  g_assert_cmpuint (cn_request_list_find (list, 12345), ==, G_MAXUINT);
}

static void
test_follows_store (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequestList) list = NULL;
  g_autoptr(CnRequest) held = NULL;
  g_autoptr(CnRequest) again = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model;
  gint64 a, b, c, d, e;

  a = add_request (fixture->store, "A", 1000);
  b = add_request (fixture->store, "B", 3000);
  c = add_request (fixture->store, "C", 5000);

  list = cn_request_list_new (fixture->store);
  model = G_LIST_MODEL (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);

  /* Added between B and A: one insertion at position 2, nothing else. */
  d = add_request (fixture->store, "D", 2000);
  assert_change (fixture, 2, 0, 1);
  g_assert_cmpuint (cn_request_list_find (list, d), ==, 2);

  /* Newest and oldest ends. */
  e = add_request (fixture->store, "E", 9000);
  assert_change (fixture, 0, 0, 1);
  add_request (fixture->store, "F", 10);
  assert_change (fixture, 5, 0, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 6);

  /* A status change replaces one row; an item held by the UI updates in place. */
  held = g_list_model_get_item (model, cn_request_list_find (list, b));
  g_assert_true (
      cn_store_set_request_status (fixture->store, b, CN_REQUEST_STATUS_DECLINED, &error));
  g_assert_no_error (error);
  assert_change (fixture, cn_request_list_find (list, b), 1, 1);
  g_assert_cmpint (cn_request_get_status (held), ==, CN_REQUEST_STATUS_DECLINED);
  again = g_list_model_get_item (model, cn_request_list_find (list, b));
  g_assert_true (again == held);

  g_assert_true (cn_store_delete_request (fixture->store, c, &error));
  g_assert_no_error (error);
  assert_change (fixture, 1, 1, 0);
  g_assert_cmpuint (cn_request_list_find (list, c), ==, G_MAXUINT);
  g_assert_cmpint (id_at (model, 0), ==, e);
  g_assert_cmpint (id_at (model, 1), ==, b);
  g_assert_cmpint (id_at (model, 2), ==, d);
  g_assert_cmpint (id_at (model, 3), ==, a);

  /* A transaction reloads the whole list with one signal. */
  g_assert_true (cn_store_begin (fixture->store, &error));
  add_request (fixture->store, "G", 4000);
  add_request (fixture->store, "H", 4500);
  g_assert_true (cn_store_delete_request (fixture->store, a, &error));
  g_assert_true (cn_store_commit (fixture->store, &error));
  g_assert_no_error (error);
  assert_replaced (fixture, model, 0, 5, 6);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 6);
  g_assert_cmpuint (cn_request_list_find (list, a), ==, G_MAXUINT);
}

static void
test_target_rename_updates_items (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequestList) list = NULL;
  g_autoptr(CnContact) contact = cn_contact_new ("Léa Dubois");
  g_autoptr(CnRequest) request = cn_request_new ();
  g_autoptr(CnRequest) shown = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cn_store_add_contact (fixture->store, contact, &error));
  cn_request_set_requester_name (request, "Marc Petit");
  cn_request_set_target_id (request, cn_contact_get_id (contact));
  g_assert_true (cn_store_add_request (fixture->store, request, &error));
  g_assert_no_error (error);

  list = cn_request_list_new (fixture->store);
  shown = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (cn_request_get_target_name (shown), ==, "Léa Dubois");

  cn_contact_set_name (contact, "Léa Dubois-Martin");
  g_assert_true (cn_store_update_contact (fixture->store, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cn_request_get_target_name (shown), ==, "Léa Dubois-Martin");
}

/* Search-as-you-type: every word, as a word's start, in the requester's or
 * the contact's name or either note, whatever the case and accents; renaming
 * the contact is found at once; what FTS5 would read as syntax is only text. */
static void
test_search (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequestList) list = NULL;
  g_autoptr(CnContact) zoe = cn_contact_new ("Zoë Müller");
  g_autoptr(CnContact) lea = cn_contact_new ("Léa Dubois");
  g_autoptr(CnRequest) first = cn_request_new ();
  g_autoptr(CnRequest) second = cn_request_new ();
  g_autoptr(GError) error = NULL;
  const char *odd[] = { "\"", "*", "AND", "NEAR(", "-", "^", "zo\"ë", ":", "{contact}" };

  g_assert_true (cn_store_add_contact (fixture->store, zoe, &error));
  g_assert_true (cn_store_add_contact (fixture->store, lea, &error));
  cn_request_set_requester_name (first, "Jérôme Dubois");
  cn_request_set_target_id (first, cn_contact_get_id (zoe));
  cn_request_set_received_at (first, 2000);
  cn_request_set_note_to_connector (first, "Pourriez-vous transmettre ?");
  cn_request_set_note_to_target (first, "Je prépare une reconversion vers l'outplacement.");
  g_assert_true (cn_store_add_request (fixture->store, first, &error));
  cn_request_set_requester_name (second, "Hélène Vasseur");
  cn_request_set_target_id (second, cn_contact_get_id (lea));
  cn_request_set_received_at (second, 1000);
  cn_request_set_note_to_target (second, "Un échange de vingt minutes ?");
  g_assert_true (cn_store_add_request (fixture->store, second, &error));
  g_assert_no_error (error);

  list = cn_request_list_new (fixture->store);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);

  cn_request_list_set_search (list, "MULLER");
  assert_change (fixture, 0, 2, 1);
  g_assert_cmpint (id_at (G_LIST_MODEL (list), 0), ==, cn_request_get_id (first));
  cn_request_list_set_search (list, "helene");
  g_assert_cmpint (id_at (G_LIST_MODEL (list), 0), ==, cn_request_get_id (second));
  /* The start of a word of a note, and all words are needed. */
  cn_request_list_set_search (list, "outpla reconv");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  cn_request_list_set_search (list, "outpla echange");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  cn_request_list_set_search (list, "transmettre");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  /* Dubois is the requester of one and the contact of the other. */
  cn_request_list_set_search (list, "dubois");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  /* The contact renamed: found by the new name, not the old. */
  cn_contact_set_name (lea, "Léa Martin");
  g_assert_true (cn_store_update_contact (fixture->store, lea, &error));
  g_assert_no_error (error);
  cn_request_list_set_search (list, "martin");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  cn_request_list_set_search (list, "lea dubois");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* A request added while searching enters when it matches. */
  cn_request_list_set_search (list, "martin");
  {
    g_autoptr(CnRequest) third = cn_request_new ();

    cn_request_set_requester_name (third, "Marc Martinez");
    cn_request_set_received_at (third, 3000);
    cn_request_set_note_to_target (third, "Bonjour");
    g_assert_true (cn_store_add_request (fixture->store, third, &error));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
    g_assert_cmpint (id_at (G_LIST_MODEL (list), 0), ==, cn_request_get_id (third));
  }

  /* Operators and quotes are plain text: no error, no crash. */
  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      CnRequestQuery query = CN_REQUEST_QUERY_INIT;
      g_autoptr(GArray) ids = NULL;

      query.search = odd[i];
      ids = cn_store_list_request_ids_query (fixture->store, &query, &error);
      g_assert_no_error (error);
      g_assert_nonnull (ids);
    }

  /* Blank is no search. */
  cn_request_list_set_search (list, "   ");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
}

/* To do holds new, asked and ready requests, Handled the forwarded, declined
 * and archived; a request leaves To do for Handled as it is answered. */
static void
test_views (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequestList) todo = NULL;
  g_autoptr(CnRequestList) handled = NULL;
  gint64 ids[CN_REQUEST_STATUS_LAST + 1];
  g_autoptr(GError) error = NULL;

  for (int status = 0; status <= CN_REQUEST_STATUS_LAST; status++)
    {
      ids[status] = add_request (fixture->store, "Marc Petit", 1000 + status);
      g_assert_true (cn_store_set_request_status (fixture->store, ids[status], status, &error));
      g_assert_no_error (error);
    }
  todo = cn_request_list_new (fixture->store);
  cn_request_list_set_view (todo, CN_REQUEST_VIEW_TO_DO);
  handled = cn_request_list_new (fixture->store);
  cn_request_list_set_view (handled, CN_REQUEST_VIEW_HANDLED);
  /* Newest first. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (todo)), ==, 3);
  g_assert_cmpint (id_at (G_LIST_MODEL (todo), 0), ==, ids[CN_REQUEST_STATUS_READY]);
  g_assert_cmpint (id_at (G_LIST_MODEL (todo), 2), ==, ids[CN_REQUEST_STATUS_NEW]);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (handled)), ==, 3);
  g_assert_cmpint (id_at (G_LIST_MODEL (handled), 0), ==, ids[CN_REQUEST_STATUS_ARCHIVED]);

  g_signal_connect (todo, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);
  g_assert_true (cn_store_set_request_status (fixture->store, ids[CN_REQUEST_STATUS_NEW],
                                              CN_REQUEST_STATUS_FORWARDED, &error));
  assert_change (fixture, 2, 1, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (handled)), ==, 4);
  /* Back to to do (an undo). */
  g_assert_true (cn_store_set_request_status (fixture->store, ids[CN_REQUEST_STATUS_NEW],
                                              CN_REQUEST_STATUS_NEW, &error));
  assert_change (fixture, 2, 0, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (handled)), ==, 3);
}

/* The items the list shows carry what their row says without a review: the
 * contact's availability, and a forward waiting for "Did you send it?". They
 * follow a contact edit, and a confirmed forward to the same contact. */
static void
test_items_follow_availability (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequestList) list = NULL;
  g_autoptr(CnContact) contact = cn_contact_new ("Léa Dubois");
  g_autoptr(CnRequest) first = NULL;
  g_autoptr(CnRequest) second = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 ids[2];

  g_assert_true (cn_store_add_contact (fixture->store, contact, &error));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CnRequest) request = cn_request_new ();

      cn_request_set_requester_name (request, i == 0 ? "Marc Petit" : "Anne Roy");
      cn_request_set_target_id (request, cn_contact_get_id (contact));
      cn_request_set_received_at (request, now - 10 + i);
      g_assert_true (cn_store_add_request (fixture->store, request, &error));
      ids[i] = cn_request_get_id (request);
    }
  g_assert_no_error (error);

  list = cn_request_list_new (fixture->store);
  first = g_list_model_get_item (G_LIST_MODEL (list), 1);
  second = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (cn_request_get_id (first), ==, ids[0]);
  g_assert_cmpuint (cn_request_get_contact_block (first), ==, 0);

  cn_contact_set_away_until (contact, "2099-01-15");
  g_assert_true (cn_store_update_contact (fixture->store, contact, &error));
  g_assert_cmpuint (cn_request_get_contact_block (first), ==, CN_AVAILABILITY_REASON_AWAY);
  cn_contact_set_away_until (contact, NULL);
  cn_contact_set_monthly_cap (contact, 1);
  g_assert_true (cn_store_update_contact (fixture->store, contact, &error));
  g_assert_cmpuint (cn_request_get_contact_block (first), ==, 0);

  /* A copy waits and counts for nothing; once confirmed, the other request
   * of the contact is at the limit. */
  g_assert_true (cn_store_record_action (fixture->store, ids[1], CN_EVENT_ACTION_FORWARD_COPIED,
                                         "t", -1, NULL, &error));
  g_assert_cmpint (cn_request_get_handoff (second), ==, CN_EVENT_ACTION_FORWARD_COPIED);
  g_assert_cmpuint (cn_request_get_contact_block (first), ==, 0);
  g_assert_true (cn_store_record_action (fixture->store, ids[1], CN_EVENT_ACTION_FORWARDED, "t",
                                         CN_REQUEST_STATUS_FORWARDED, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cn_request_get_handoff (second), ==, CN_EVENT_ACTION_UNKNOWN);
  g_assert_cmpuint (cn_request_get_contact_block (first), ==, CN_AVAILABILITY_REASON_CAP_REACHED);
}

static void
test_large (Fixture *fixture, gconstpointer data)
{
  const guint n = 20000;
  g_autoptr(CnRequestList) list = NULL;
  g_autoptr(CnRequest) request = cn_request_new ();
  g_autoptr(GError) error = NULL;
  GListModel *model;
  gint64 requester;
  double elapsed;

  requester = cn_store_ensure_requester (fixture->store, "Bulk Sender", NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (cn_store_begin (fixture->store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CnRequest) r = cn_request_new ();

      cn_request_set_requester_id (r, requester);
      /* Shuffled times, so the order really comes from sorting. */
      cn_request_set_received_at (r, 1600000000 + (gint64) ((i * 7919) % n) * 60);
      cn_request_set_note_to_target (r, "Bonjour, pouvons-nous échanger ?");
      g_assert_true (cn_store_add_request (fixture->store, r, &error));
    }
  g_assert_true (cn_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  g_test_timer_start ();
  list = cn_request_list_new (fixture->store);
  elapsed = g_test_timer_elapsed ();
  g_test_message ("Listed %u requests in %.1f ms", n, elapsed * 1000);

  model = G_LIST_MODEL (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  /* A generous bound for slow machines; it catches a quadratic load. */
  g_assert_cmpfloat (elapsed, <, 0.5);

  for (guint i = 0; i < n; i += 997)
    {
      g_autoptr(CnRequest) item = g_list_model_get_item (model, i);

      g_assert_cmpint (cn_request_get_received_at (item), ==,
                       1600000000 + (gint64) (n - 1 - i) * 60);
    }

  /* One more lands at the top without a reload. */
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);
  cn_request_set_requester_id (request, requester);
  cn_request_set_received_at (request, 1700000000);
  g_assert_true (cn_store_add_request (fixture->store, request, &error));
  assert_change (fixture, 0, 0, 1);
  g_assert_cmpuint (cn_request_list_find (list, cn_request_get_id (request)), ==, 0);
}

static CnAnalysis *
make_analysis (CnVerdict verdict, guint score)
{
  CnAnalysis *analysis = _cn_analysis_new ();

  _cn_analysis_set_lang (analysis, "fr", "und");
  _cn_analysis_set_score (analysis, score, verdict);
  _cn_analysis_finish (analysis);
  return analysis;
}

static void
set_verdict (CnStore *store, gint64 id, CnVerdict verdict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAnalysis) analysis = make_analysis (verdict, 10 * verdict);

  g_assert_true (cn_store_set_analysis (store, id, "test-1", analysis, &error));
  g_assert_no_error (error);
}

static void
on_notify_cb (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
test_verdict_filter (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequestList) list = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model;
  guint notified = 0;
  gint64 r[6];

  cn_store_set_analyzer_version (fixture->store, "test-1");
  for (guint i = 0; i < 5; i++)
    r[i] = add_request (fixture->store, "Someone", 1000 * (i + 1));
  set_verdict (fixture->store, r[0], CN_VERDICT_MOTIVATED);
  set_verdict (fixture->store, r[2], CN_VERDICT_MOTIVATED);
  set_verdict (fixture->store, r[3], CN_VERDICT_UNSUITABLE);

  list = cn_request_list_new (fixture->store);
  model = G_LIST_MODEL (list);
  g_assert_cmpint (cn_request_list_get_verdict_filter (list), ==, -1);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);
  g_signal_connect (list, "notify::verdict-filter", G_CALLBACK (on_notify_cb), &notified);

  cn_request_list_set_verdict_filter (list, CN_VERDICT_MOTIVATED);
  assert_replaced (fixture, model, 0, 5, 2);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpint (id_at (model, 0), ==, r[2]);
  g_assert_cmpint (id_at (model, 1), ==, r[0]);
  {
    g_autoptr(CnRequest) item = g_list_model_get_item (model, 0);

    g_assert_cmpint (cn_request_get_verdict (item), ==, CN_VERDICT_MOTIVATED);
    g_assert_cmpuint (cn_request_get_score (item), ==, 10);
  }

  /* Setting the same filter again does nothing. */
  g_object_set (list, "verdict-filter", CN_VERDICT_MOTIVATED, NULL);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_cmpuint (notified, ==, 1);

  /* A request whose analysis now matches enters at its place... */
  set_verdict (fixture->store, r[1], CN_VERDICT_MOTIVATED);
  assert_change (fixture, 1, 0, 1);
  g_assert_cmpint (id_at (model, 1), ==, r[1]);

  /* ...and leaves when it no longer does. */
  set_verdict (fixture->store, r[2], CN_VERDICT_INCOMPLETE);
  assert_change (fixture, 0, 1, 0);
  g_assert_cmpuint (cn_request_list_find (list, r[2]), ==, G_MAXUINT);

  /* A new request is not analysed yet: not shown. */
  r[5] = add_request (fixture->store, "Newcomer", 9000);
  g_assert_cmpuint (fixture->changes->len, ==, 0);

  /* The "not analysed" filter shows it, and the two never analysed. */
  cn_request_list_set_verdict_filter (list, CN_VERDICT_NONE);
  assert_replaced (fixture, model, 0, 2, 2);
  g_assert_cmpint (id_at (model, 0), ==, r[5]);
  g_assert_cmpint (id_at (model, 1), ==, r[4]);
  add_request (fixture->store, "Another", 500);
  assert_change (fixture, 2, 0, 1);

  /* A batch of analyses: one reload. */
  {
    g_autoptr(CnAnalysis) good = make_analysis (CN_VERDICT_MOTIVATED, 90);
    const gint64 ids[] = { r[4], r[5] };
    CnAnalysis *analyses[] = { good, good };

    g_assert_true (cn_store_set_analyses (fixture->store, "test-1", 2, ids, analyses, &error));
    g_assert_no_error (error);
  }
  assert_change (fixture, 0, 3, 1);

  /* A newer analyzer: everything is pending again. */
  cn_store_set_analyzer_version (fixture->store, "test-2");
  assert_replaced (fixture, model, 0, 1, 7);

  /* Every request is pending: showing all lists the same ones, so nothing
   * changes and a view keeps its selection. */
  cn_request_list_set_verdict_filter (list, -1);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 7);
  g_assert_cmpuint (notified, ==, 3);
}

/* Without a filter, a batch of analyses updates the items handed out in
 * place (rows follow them through notify), without items-changed. */
static void
test_analyses_update_rows (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequestList) list = NULL;
  g_autoptr(CnRequest) shown = NULL;
  g_autoptr(CnAnalysis) good = make_analysis (CN_VERDICT_MOTIVATED, 90);
  g_autoptr(GError) error = NULL;
  gint64 ids[3];
  CnAnalysis *analyses[] = { good, good, good };

  cn_store_set_analyzer_version (fixture->store, "test-1");
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    ids[i] = add_request (fixture->store, "Someone", 1000 * (i + 1));

  list = cn_request_list_new (fixture->store);
  shown = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_cmpint (cn_request_get_verdict (shown), ==, CN_VERDICT_NONE);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);

  g_assert_true (cn_store_set_analyses (fixture->store, "test-1", 3, ids, analyses, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_cmpint (cn_request_get_verdict (shown), ==, CN_VERDICT_MOTIVATED);
  g_assert_cmpuint (cn_request_get_score (shown), ==, 90);
}

/* 200 requests, newest first: r[i] at 199 - i; the even ones are motivated,
 * the odd ones unsuitable. */
static void
add_two_hundred (Fixture *fixture, gint64 *r)
{
  cn_store_set_analyzer_version (fixture->store, "test-1");
  for (guint i = 0; i < 200; i++)
    {
      r[i] = add_request (fixture->store, "Someone", 1000 * (i + 1));
      set_verdict (fixture->store, r[i], i % 2 ? CN_VERDICT_UNSUITABLE : CN_VERDICT_MOTIVATED);
    }
}

static gint64
selected_id (CnTestSelection *selection)
{
  return selection->item != NULL ? cn_request_get_id (CN_REQUEST (selection->item)) : 0;
}

/* A stand-in for a GTK 4.8 list view showing rows [0, 40): it holds their
 * items and, when a change replaces some of them, reads every added item,
 * keeping the rows of the items it finds again. */
typedef struct
{
  GListModel *model;
  GPtrArray *items; /* the rows' items, by position */
  GArray *positions;
  guint n_reads;
  guint kept;
} ViewStandIn;

static void
on_view_items_changed_cb (
    GListModel *model, guint position, guint removed, guint added, ViewStandIn *view)
{
  g_autoptr(GHashTable) change = g_hash_table_new (NULL, NULL);

  for (guint i = view->items->len; i > 0; i--)
    {
      guint *at = &g_array_index (view->positions, guint, i - 1);

      if (*at >= position + removed)
        *at = *at + added - removed;
      else if (*at >= position)
        {
          g_hash_table_add (change, g_ptr_array_steal_index (view->items, i - 1));
          g_array_remove_index (view->positions, i - 1);
        }
    }
  for (guint i = 0; i < added && g_hash_table_size (change) > 0; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, position + i);
      guint at = position + i;

      view->n_reads++;
      if (g_hash_table_steal (change, item))
        {
          /* The row keeps its item: one reference for it, not two. */
          g_object_unref (item);
          view->kept++;
          g_ptr_array_add (view->items, g_steal_pointer (&item));
          g_array_append_val (view->positions, at);
        }
    }
  g_hash_table_foreach (change, (GHFunc) (void (*) (void)) g_object_unref, NULL);
}

/* A filter change over thousands of requests, with a view on the first
 * rows: the view reads a few hundred items at most, and keeps the rows of
 * the requests still listed. */
static void
test_filter_keeps_rows (Fixture *fixture, gconstpointer data)
{
  const guint n = 3000;
  g_autoptr(CnRequestList) list = NULL;
  g_autoptr(GError) error = NULL;
  ViewStandIn view = { 0 };
  guint motivated_shown = 0;

  cn_store_set_analyzer_version (fixture->store, "test-1");
  g_assert_true (cn_store_begin (fixture->store, &error));
  for (guint i = 0; i < n; i++)
    {
      gint64 id = add_request (fixture->store, "Someone", 1000 * (i + 1));

      /* One in three motivated. */
      set_verdict (fixture->store, id, i % 3 ? CN_VERDICT_UNSUITABLE : CN_VERDICT_MOTIVATED);
    }
  g_assert_true (cn_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  list = cn_request_list_new (fixture->store);
  view.model = G_LIST_MODEL (list);
  view.items = g_ptr_array_new_with_free_func (g_object_unref);
  view.positions = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < 40; i++)
    {
      CnRequest *request = g_list_model_get_item (view.model, i);

      motivated_shown += cn_request_get_effective_verdict (request) == CN_VERDICT_MOTIVATED;
      g_ptr_array_add (view.items, request);
      g_array_append_val (view.positions, i);
    }
  g_assert_cmpuint (motivated_shown, >, 10);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_view_items_changed_cb), &view);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);

  cn_request_list_set_verdict_filter (list, CN_VERDICT_MOTIVATED);
  g_assert_cmpuint (g_list_model_get_n_items (view.model), ==, n / 3);
  assert_replaced (fixture, view.model, 0, n, n / 3);
  g_assert_cmpuint (view.n_reads, <=, ROW_WINDOW);
  g_assert_cmpuint (view.kept, ==, motivated_shown);
  for (guint i = 0; i < view.items->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (view.model,
                                                        g_array_index (view.positions, guint, i));

      g_assert_true (item == g_ptr_array_index (view.items, i));
    }

  g_ptr_array_unref (view.items);
  g_array_unref (view.positions);
}

/* A selection over the list (GTK 4.8's rule) keeps its request across
 * filter changes without reading the new items: the reload announces its
 * changes around the anchor. */
static void
test_filter_keeps_selection (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequestList) list = NULL;
  CnTestSelection selection;
  GListModel *model;
  gint64 r[200];

  add_two_hundred (fixture, r);
  list = cn_request_list_new (fixture->store);
  model = G_LIST_MODEL (list);

  /* Without an anchor, GTK reads the new items until it meets its own. */
  cn_test_selection_init (&selection, model, 99);
  g_assert_cmpint (selected_id (&selection), ==, r[100]);
  cn_request_list_set_verdict_filter (list, CN_VERDICT_MOTIVATED);
  g_assert_cmpint (selected_id (&selection), ==, r[100]);
  g_assert_cmpuint (selection.n_reads, >, 40);
  cn_test_selection_clear (&selection);

  cn_request_list_set_verdict_filter (list, -1);
  cn_test_selection_init (&selection, model, 99);
  cn_request_list_set_anchor (list, r[100]);
  cn_request_list_set_verdict_filter (list, CN_VERDICT_MOTIVATED);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 100);
  for (guint i = 0; i < 100; i++)
    g_assert_cmpint (id_at (model, i), ==, r[198 - 2 * i]);
  g_assert_cmpint (selected_id (&selection), ==, r[100]);
  g_assert_cmpuint (selection.selected, ==, 49);
  g_assert_cmpuint (selection.n_reads, ==, 0);

  /* Back to all: the same. */
  cn_request_list_set_verdict_filter (list, -1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 200);
  for (guint i = 0; i < 200; i++)
    g_assert_cmpint (id_at (model, i), ==, r[199 - i]);
  g_assert_cmpint (selected_id (&selection), ==, r[100]);
  g_assert_cmpuint (selection.selected, ==, 99);
  g_assert_cmpuint (selection.n_reads, ==, 0);

  /* A new request enters at its place, without a reload. */
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);
  add_request (fixture->store, "Newcomer", 500);
  assert_change (fixture, 200, 0, 1);
  g_assert_cmpuint (selection.selected, ==, 99);
  g_assert_cmpuint (selection.n_reads, ==, 0);

  /* The selected request leaves: the selection takes the one in its place
   * with one read or two, never a walk. */
  cn_test_selection_clear (&selection);
  cn_test_selection_init (&selection, model, 98);
  g_assert_cmpint (selected_id (&selection), ==, r[101]);
  cn_request_list_set_anchor (list, r[101]);
  cn_request_list_set_verdict_filter (list, CN_VERDICT_MOTIVATED);
  g_assert_cmpuint (selection.n_reads, <=, 2);
  g_assert_nonnull (selection.item);
  g_assert_cmpint (id_at (model, selection.selected), ==, selected_id (&selection));
  for (guint i = 0; i < 100; i++)
    g_assert_cmpint (id_at (model, i), ==, r[198 - 2 * i]);
  cn_test_selection_clear (&selection);
}

/* The drop-down sets both filters: one reload. */
static void
test_set_filters (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequestList) list = NULL;
  guint notified = 0;
  gint64 r[200];
  gint64 newest;

  add_two_hundred (fixture, r);
  list = cn_request_list_new (fixture->store);
  cn_request_list_set_triage_filter (list, CN_TRIAGE_FILTER_REPEATED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);
  g_signal_connect (list, "notify", G_CALLBACK (on_notify_cb), &notified);

  cn_request_list_set_filters (list, CN_VERDICT_UNSUITABLE, CN_TRIAGE_FILTER_ALL);
  assert_change (fixture, 0, 0, 100);
  g_assert_cmpint (cn_request_list_get_verdict_filter (list), ==, CN_VERDICT_UNSUITABLE);
  g_assert_cmpint (cn_request_list_get_triage_filter (list), ==, CN_TRIAGE_FILTER_ALL);
  /* verdict-filter, triage-filter, n-items */
  g_assert_cmpuint (notified, ==, 3);
  g_assert_cmpint (id_at (G_LIST_MODEL (list), 0), ==, r[199]);

  cn_request_list_set_filters (list, -1, CN_TRIAGE_FILTER_ALL);
  assert_replaced (fixture, G_LIST_MODEL (list), 0, 100, 200);

  /* A request that came since is listed by the next change of filter. */
  newest = add_request (fixture->store, "Newcomer", 999999);
  assert_change (fixture, 0, 0, 1);
  cn_request_list_set_filters (list, CN_VERDICT_NONE, CN_TRIAGE_FILTER_ALL);
  assert_change (fixture, 0, 201, 1);
  g_assert_cmpint (id_at (G_LIST_MODEL (list), 0), ==, newest);
}

/* Every combination of verdict, triage filter, view and search lists the
 * requests that the one-request check lets through, newest first. */
static void
test_filter_combinations (Fixture *fixture, gconstpointer data)
{
  static const char *const searches[] = { NULL, "bonj", "Marc" };
  static const char *const notes[] = { "Bonjour, un projet de recrutement commun",
                                       "Hello, a question about security",
                                       "Bonjour, une autre idée" };
  g_autoptr(CnRequestList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = NULL;
  gint64 contacts[4];
  gint64 r[24];

  cn_store_set_analyzer_version (fixture->store, "test-1");
  for (guint i = 0; i < G_N_ELEMENTS (contacts); i++)
    {
      g_autofree char *name = g_strdup_printf ("Contact %u", i);
      g_autoptr(CnContact) contact = cn_contact_new (name);

      g_assert_true (cn_store_add_contact (fixture->store, contact, &error));
      contacts[i] = cn_contact_get_id (contact);
    }
  for (guint i = 0; i < G_N_ELEMENTS (r); i++)
    {
      /* The same note to several contacts: a campaign; the same requester
       * again: repeats. */
      r[i] = cn_test_add_request (fixture->store, i % 3 ? "Marc Petit" : "Anne Noir",
                                  contacts[i % 4], 1000 * (i + 1), notes[i % 3]);
      if (i % 5 != 4)
        set_verdict (fixture->store, r[i], 1 + i % 3);
      if (i % 4 == 1)
        g_assert_true (
            cn_store_set_request_status (fixture->store, r[i], CN_REQUEST_STATUS_DECLINED, &error));
    }
  all = cn_store_list_request_ids (fixture->store, &error);
  g_assert_no_error (error);

  list = cn_request_list_new (fixture->store);
  for (int verdict = -1; verdict <= CN_VERDICT_LAST; verdict++)
    for (int triage = 0; triage <= CN_TRIAGE_FILTER_LAST; triage++)
      for (int view = 0; view <= CN_REQUEST_VIEW_LAST; view++)
        for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
          {
            CnRequestQuery query = CN_REQUEST_QUERY_INIT;
            guint n = 0;

            cn_request_list_set_filters (list, verdict, triage);
            cn_request_list_set_view (list, view);
            cn_request_list_set_search (list, searches[s]);
            query.verdict = verdict;
            query.mass_sent_only = triage == CN_TRIAGE_FILTER_MASS_SENT;
            query.repeated_only = triage == CN_TRIAGE_FILTER_REPEATED;
            query.view = view;
            query.search = searches[s];
            for (guint i = 0; i < all->len; i++)
              {
                gint64 id = g_array_index (all, gint64, i);

                if (cn_store_request_matches_query (fixture->store, id, &query))
                  g_assert_cmpint (id_at (G_LIST_MODEL (list), n++), ==, id);
              }
            g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
          }
}

/* Each query behind the filters reads an index: no table scanned whole, no
 * sort. */
static void
test_filter_query_plans (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;

  plans = _cn_store_explain_filter_queries (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, >, 10);
  for (guint i = 0; i < plans->len; i++)
    {
      g_auto(GStrv) lines = g_strsplit (g_ptr_array_index (plans, i), "\n", -1);
      gboolean indexed = FALSE;

      g_test_message ("%s", (const char *) g_ptr_array_index (plans, i));
      for (guint j = 1; lines[j] != NULL; j++)
        {
          if (g_str_has_prefix (lines[j], "SCAN "))
            g_assert_true (strstr (lines[j], "COVERING INDEX") != NULL ||
                           strstr (lines[j], "VIRTUAL TABLE INDEX") != NULL);
          g_assert_null (strstr (lines[j], "TEMP B-TREE"));
          indexed |= strstr (lines[j], "INDEX") != NULL || strstr (lines[j], "PRIMARY KEY") != NULL;
        }
      g_assert_true (indexed);
    }
}

static void
wait_loaded (CnRequestList *list)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (cn_request_list_is_loading (list))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
assert_same_ids (GListModel *a, GListModel *b)
{
  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    g_assert_cmpint (id_at (a, i), ==, id_at (b, i));
}

/* The window's list reads its ids on a worker connection: it keeps what it
 * shows until they come, says it is loading meanwhile, and misses nothing
 * that happens in between. */
static void
test_background (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnRequestList) list = NULL;
  g_autoptr(CnRequestList) reference = NULL;
  g_autoptr(CnRequest) held = NULL;
  g_autoptr(CnRequest) again = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model;
  guint loading_notified = 0;
  gint64 r[200];
  gint64 newcomer;

  add_two_hundred (fixture, r);
  list = cn_request_list_new_in_background (fixture->store);
  model = G_LIST_MODEL (list);
  g_signal_connect (list, "notify::loading", G_CALLBACK (on_notify_cb), &loading_notified);
  g_assert_true (cn_request_list_is_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  wait_loaded (list);
  g_assert_cmpuint (loading_notified, ==, 1);
  reference = cn_request_list_new (fixture->store);
  assert_same_ids (model, G_LIST_MODEL (reference));

  /* A filter: the old rows stay until the new ones come. The rows read
   * ahead by the worker are whole, and a request already handed out stays
   * the one object for it. */
  held = g_list_model_get_item (model, 0);
  cn_request_list_set_filters (list, CN_VERDICT_UNSUITABLE, CN_TRIAGE_FILTER_ALL);
  g_assert_true (cn_request_list_is_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 200);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 100);
  g_assert_cmpint (id_at (model, 0), ==, r[199]);
  again = g_list_model_get_item (model, 0);
  g_assert_true (again == held);
  for (guint i = 1; i < 100; i++)
    {
      g_autoptr(CnRequest) item = g_list_model_get_item (model, i);

      g_assert_cmpint (cn_request_get_id (item), ==, r[199 - 2 * i]);
      g_assert_cmpint (cn_request_get_effective_verdict (item), ==, CN_VERDICT_UNSUITABLE);
      g_assert_cmpstr (cn_request_get_requester_name (item), ==, "Someone");
    }

  /* Two changes while reading: the list ends on the last one. */
  cn_request_list_set_filters (list, CN_VERDICT_MOTIVATED, CN_TRIAGE_FILTER_ALL);
  cn_request_list_set_filters (list, -1, CN_TRIAGE_FILTER_ALL);
  /* Added, changed and removed while the worker reads. */
  newcomer = add_request (fixture->store, "Newcomer", 999999);
  g_assert_true (cn_store_delete_request (fixture->store, r[0], &error));
  g_assert_no_error (error);
  g_assert_true (
      cn_store_set_request_status (fixture->store, r[1], CN_REQUEST_STATUS_DECLINED, &error));
  g_assert_no_error (error);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 200);
  g_assert_cmpint (id_at (model, 0), ==, newcomer);
  g_assert_cmpuint (cn_request_list_find (list, r[0]), ==, G_MAXUINT);
  cn_request_list_reload (reference);
  assert_same_ids (model, G_LIST_MODEL (reference));

  /* A view that leaves the declined one out, with a change meanwhile. */
  cn_request_list_set_view (list, CN_REQUEST_VIEW_HANDLED);
  g_assert_true (
      cn_store_set_request_status (fixture->store, r[2], CN_REQUEST_STATUS_ARCHIVED, &error));
  g_assert_no_error (error);
  wait_loaded (list);
  cn_request_list_set_view (reference, CN_REQUEST_VIEW_HANDLED);
  assert_same_ids (model, G_LIST_MODEL (reference));
  g_assert_cmpuint (cn_request_list_find (list, r[2]), !=, G_MAXUINT);

  /* A new analyzer: the stored verdicts are stale in the worker's reading
   * too, so no request is unsuitable until analysed again. */
  cn_store_set_analyzer_version (fixture->store, "test-2");
  wait_loaded (list);
  cn_request_list_set_view (list, CN_REQUEST_VIEW_ALL);
  cn_request_list_set_filters (list, CN_VERDICT_UNSUITABLE, CN_TRIAGE_FILTER_ALL);
  wait_loaded (list);
  cn_request_list_set_view (reference, CN_REQUEST_VIEW_ALL);
  cn_request_list_set_filters (reference, CN_VERDICT_UNSUITABLE, CN_TRIAGE_FILTER_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  assert_same_ids (model, G_LIST_MODEL (reference));

  /* Dropped while reading: it goes once the worker is done. */
  cn_request_list_set_view (list, CN_REQUEST_VIEW_TO_DO);
  g_assert_true (cn_request_list_is_loading (list));
  g_object_add_weak_pointer (G_OBJECT (list), (gpointer *) &list);
  g_object_unref (list);
  while (list != NULL)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func)                                                                            \
  g_test_add ("/request-list/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("newest-first", test_newest_first);
  ADD ("follows-store", test_follows_store);
  ADD ("target-rename-updates-items", test_target_rename_updates_items);
  ADD ("items-follow-availability", test_items_follow_availability);
  ADD ("large", test_large);
  ADD ("verdict-filter", test_verdict_filter);
  ADD ("filter-keeps-selection", test_filter_keeps_selection);
  ADD ("filter-keeps-rows", test_filter_keeps_rows);
  ADD ("set-filters", test_set_filters);
  ADD ("filter-combinations", test_filter_combinations);
  ADD ("filter-query-plans", test_filter_query_plans);
  ADD ("search", test_search);
  ADD ("views", test_views);
  ADD ("analyses-update-rows", test_analyses_update_rows);
  ADD ("background", test_background);

#undef ADD

  return g_test_run ();
}
