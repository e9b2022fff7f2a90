/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The review flow in the store: actions recorded with their status change
 * and undone, outcomes, forwards counted for the monthly cap, the
 * introductions a contact received, deleting a contact in its three modes
 * and putting everything back, templates, the upgrade to schema 4. */

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "cn-demo.h"
#include "cn-review.h"
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
  "projet de reconversion ; vingt minutes au téléphone avec vous m'aideraient beaucoup."

#define OTHER_NOTE_2                                                                               \
  "Our startup is raising a seed round for a payroll tool aimed at small bakeries; I would "       \
  "value your opinion on our pricing page, by e-mail, three questions at most."

#define OTHER_NOTE_3                                                                               \
  "Hello Léa,\n\nI read your piece on data brokers. We have a dataset on 40 councils that "       \
  "could help a follow-up.\n\nBest,\nTom"

#define DAY 86400
#define T0 1700000000

typedef struct
{
  char *dir;
  char *path;
  CnStore *store;
  gint64 a, b, c, d; /* contacts; a is the one deleted */
  gint64 r[6];       /* requests, see add_scenario() */
} Fixture;

typedef struct
{
  guint changed;
  guint contacts_changed;
  guint reloaded;
  gint64 last_id;
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

static gint64
add_contact (CnStore *store, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnContact) contact = cn_contact_new (name);

  g_assert_true (cn_store_add_contact (store, contact, &error));
  g_assert_no_error (error);
  return cn_contact_get_id (contact);
}

static gint64
add_request (CnStore *store,
             const char *requester,
             const char *email,
             gint64 target_id,
             gint64 received_at,
             const char *note)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnRequest) request = cn_request_new ();

  cn_request_set_requester_name (request, requester);
  cn_request_set_requester_email (request, email);
  cn_request_set_target_id (request, target_id);
  cn_request_set_received_at (request, received_at);
  cn_request_set_note_to_target (request, note);
  cn_request_set_note_to_connector (request, "Peux-tu transmettre ?");
  g_assert_true (cn_store_add_request (store, request, &error));
  g_assert_no_error (error);
  return cn_request_get_id (request);
}

static void
add_event_at (CnStore *store, gint64 request_id, gint64 at, CnEventAction action, const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (_cn_store_add_event_at (store, request_id, at, action, text, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->dir = cn_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "connecteur.db", NULL);
  fixture->store = open_store (fixture->path);
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
on_request_changed_cb (CnStore *store, gint64 id, SignalLog *log)
{
  log->changed++;
  log->last_id = id;
}

static void
on_contacts_changed_cb (CnStore *store, SignalLog *log)
{
  log->contacts_changed++;
}

static void
on_reloaded_cb (CnStore *store, SignalLog *log)
{
  log->reloaded++;
}

static void
watch_signals (CnStore *store, SignalLog *log)
{
  g_signal_connect (store, "request-changed", G_CALLBACK (on_request_changed_cb), log);
  g_signal_connect (store, "contacts-changed", G_CALLBACK (on_contacts_changed_cb), log);
  g_signal_connect (store, "reloaded", G_CALLBACK (on_reloaded_cb), log);
}

/* Every row a query returns, one line each, values quoted (blobs in hex). */
static char *
dump_query (const char *path, const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", sqlite3_column_text (stmt, i));
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (out, FALSE);
}

/* Everything a contact deletion may touch, as stored. */
static char *
snapshot (const char *path)
{
  static const char *const queries[] = {
    "SELECT quote (id), quote (name), quote (email), quote (profile_url), quote (company),"
    " quote (position), quote (expertise), accepted_kinds, availability, quote (away_until),"
    " monthly_cap, tie_strength, quote (notes), created_at FROM contacts ORDER BY id",
    "SELECT id, requester_id, quote (target_id), received_at, source, quote (source_ref),"
    " quote (note_to_connector), quote (note_to_target), status, created_at, outcome"
    " FROM requests ORDER BY id",
    "SELECT id, request_id, at, action, quote (text) FROM events ORDER BY id",
    "SELECT request_id, quote (fingerprint), campaign_id, mass_sent, repeated, repeat_count,"
    " after_refusal FROM request_triage ORDER BY request_id",
    "SELECT id, size FROM campaigns ORDER BY id",
    "SELECT id, name, quote (email) FROM requesters ORDER BY id",
  };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *rows = dump_query (path, queries[i]);

      g_string_append_printf (out, "-- %u\n%s", i, rows);
    }

  return g_string_free (out, FALSE);
}

static void
assert_integrity (const char *path)
{
  g_autofree char *check = dump_query (path, "PRAGMA integrity_check");
  g_autofree char *fk = dump_query (path, "PRAGMA foreign_key_check");

  g_assert_cmpstr (check, ==, "ok\n");
  g_assert_cmpstr (fk, ==, "");
}

/* A contact with every field set, to check that all come back. */
static gint64
add_full_contact (CnStore *store)
{
  const char *tags[] = { "cybersécurité", "gestion de crise", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CnContact) contact = cn_contact_new ("Léa Dubois");

  cn_contact_set_email (contact, "lea@banque.example");
  cn_contact_set_profile_url (contact, "https://example.org/lea");
  cn_contact_set_company (contact, "Banque Ardoise");
  cn_contact_set_position (contact, "RSSI");
  cn_contact_set_expertise (contact, tags);
  cn_contact_set_accepted_kinds (contact, CN_REQUEST_KIND_RECRUITING | CN_REQUEST_KIND_ADVICE);
  cn_contact_set_availability (contact, CN_AVAILABILITY_LIMITED);
  cn_contact_set_away_until (contact, "2031-02-03");
  cn_contact_set_monthly_cap (contact, 2);
  cn_contact_set_tie_strength (contact, CN_TIE_STRONG);
  cn_contact_set_notes (contact, "Ancienne collègue ; « filtrer ».");
  g_assert_true (cn_store_add_contact (store, contact, &error));
  g_assert_no_error (error);
  return cn_contact_get_id (contact);
}

/* Contacts a (every field set), b, c, d. Requests:
 *   r0, r1, r2  one stock note from Bruno to a, b, c: a campaign of 3 targets
 *   r3          Marc to a, declined
 *   r4          Marc to d, later: repeated after a refusal (r3)
 *   r5          Tom to a, forwarded twice, outcome useful */
static void
add_scenario (Fixture *f)
{
  CnStore *store = f->store;
  g_autoptr(GError) error = NULL;

  f->a = add_full_contact (store);
  f->b = add_contact (store, "Bruno Martin");
  f->c = add_contact (store, "Chloé Bernard");
  f->d = add_contact (store, "David Petit");

  f->r[0] = add_request (store, "Bruno Tessier", "bruno@mail.example", f->a, T0, TEMPLATE_NOTE);
  f->r[1] = add_request (store, "Bruno Tessier", "bruno@mail.example", f->b, T0 + 60,
                         TEMPLATE_NOTE);
  f->r[2] = add_request (store, "Bruno Tessier", "bruno@mail.example", f->c, T0 + 120,
                         TEMPLATE_NOTE);
  f->r[3] = add_request (store, "Marc Petit", NULL, f->a, T0 + DAY, OTHER_NOTE_1);
  g_assert_true (cn_store_record_action (store, f->r[3], CN_EVENT_ACTION_DECLINED, "Non merci.",
                                         CN_REQUEST_STATUS_DECLINED, NULL, &error));
  g_assert_no_error (error);
  f->r[4] = add_request (store, "Marc Petit", NULL, f->d, T0 + 3 * DAY, OTHER_NOTE_2);
  f->r[5] = add_request (store, "Tom Gallagher", "tom@civic.example", f->a, T0 + 4 * DAY,
                         OTHER_NOTE_3);
  add_event_at (store, f->r[5], T0 + 5 * DAY, CN_EVENT_ACTION_FORWARDED, "Hi Léa, …");
  add_event_at (store, f->r[5], T0 + 6 * DAY, CN_EVENT_ACTION_FORWARDED, "Hi again, Léa");
  g_assert_true (cn_store_set_request_status (store, f->r[5], CN_REQUEST_STATUS_FORWARDED, &error));
  g_assert_true (cn_store_set_request_outcome (store, f->r[5], CN_OUTCOME_USEFUL, &error));
  g_assert_no_error (error);
}

static gboolean
is_mass_sent (CnStore *store, gint64 id)
{
  g_autoptr(CnRequest) request = cn_test_get_request (store, id);

  return cn_request_get_mass_sent (request);
}

static gboolean
is_after_refusal (CnStore *store, gint64 id)
{
  g_autoptr(CnRequest) request = cn_test_get_request (store, id);

  return cn_request_get_repeated_after_refusal (request);
}

/* record_action */

static void
test_record_action_and_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(CnRequest) request = NULL;
  CnStatusChange change = { 0 };
  SignalLog log = { 0 };
  gint64 c = add_contact (f->store, "Chloé Bernard");
  gint64 d = add_contact (f->store, "David Petit");
  gint64 first = add_request (f->store, "Marc Petit", NULL, c, T0, OTHER_NOTE_1);
  gint64 later = add_request (f->store, "Marc Petit", NULL, d, T0 + DAY, OTHER_NOTE_2);
  CnEvent *event;

  g_assert_false (is_after_refusal (f->store, later));
  watch_signals (f->store, &log);

  g_assert_true (cn_store_record_action (f->store, first, CN_EVENT_ACTION_ASKED,
                                         "Pourriez-vous préciser ?", CN_REQUEST_STATUS_ASKED,
                                         &change, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.changed, >=, 1);
  g_assert_cmpint (change.request_id, ==, first);
  g_assert_cmpint (change.previous_status, ==, CN_REQUEST_STATUS_NEW);
  g_assert_cmpint (change.new_status, ==, CN_REQUEST_STATUS_ASKED);
  g_assert_cmpint (change.event_id, >, 0);

  request = cn_test_get_request (f->store, first);
  g_assert_cmpint (cn_request_get_status (request), ==, CN_REQUEST_STATUS_ASKED);
  events = cn_store_list_events (f->store, first, &error);
  g_assert_cmpuint (events->len, ==, 2);
  event = g_ptr_array_index (events, 1);
  g_assert_cmpint (event->id, ==, change.event_id);
  g_assert_cmpint (event->action, ==, CN_EVENT_ACTION_ASKED);
  g_assert_cmpstr (event->text, ==, "Pourriez-vous préciser ?");
  /* The index follows: Marc's later request now comes after a refusal. */
  g_assert_true (is_after_refusal (f->store, later));

  /* Undo: the status back, the event gone, the flag too. */
  g_assert_true (cn_store_restore_statuses (f->store, &change, 1, &error));
  g_assert_no_error (error);
  g_clear_object (&request);
  request = cn_test_get_request (f->store, first);
  g_assert_cmpint (cn_request_get_status (request), ==, CN_REQUEST_STATUS_NEW);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = cn_store_list_events (f->store, first, &error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_false (is_after_refusal (f->store, later));
}

static void
test_record_action_without_status (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(CnRequest) request = NULL;
  CnStatusChange change = { 0 };
  SignalLog log = { 0 };
  gint64 c = add_contact (f->store, "Chloé Bernard");
  gint64 id = add_request (f->store, "Marc Petit", NULL, c, T0, OTHER_NOTE_1);

  g_assert_true (cn_store_set_request_status (f->store, id, CN_REQUEST_STATUS_READY, &error));
  watch_signals (f->store, &log);
  g_assert_true (cn_store_record_action (f->store, id, CN_EVENT_ACTION_OVERRIDE,
                                         "Je connais bien Marc.", -1, &change, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.changed, ==, 1);
  g_assert_cmpint (log.last_id, ==, id);
  g_assert_cmpint (change.previous_status, ==, CN_REQUEST_STATUS_READY);
  g_assert_cmpint (change.new_status, ==, CN_REQUEST_STATUS_READY);

  events = cn_store_list_events (f->store, id, &error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (((CnEvent *) g_ptr_array_index (events, 1))->action, ==,
                   CN_EVENT_ACTION_OVERRIDE);

  g_assert_true (cn_store_restore_statuses (f->store, &change, 1, &error));
  g_clear_pointer (&events, g_ptr_array_unref);
  events = cn_store_list_events (f->store, id, &error);
  g_assert_cmpuint (events->len, ==, 1);
  request = cn_test_get_request (f->store, id);
  g_assert_cmpint (cn_request_get_status (request), ==, CN_REQUEST_STATUS_READY);

  /* Refused: a request that does not exist, a status that does not either. */
  g_assert_false (cn_store_record_action (f->store, id + 100, CN_EVENT_ACTION_ASKED, NULL,
                                          CN_REQUEST_STATUS_ASKED, NULL, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (
      cn_store_record_action (f->store, id + 100, CN_EVENT_ACTION_COPIED, NULL, -1, NULL, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (
      cn_store_record_action (f->store, id, CN_EVENT_ACTION_ASKED, NULL, 42, NULL, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = cn_store_list_events (f->store, id, &error);
  g_assert_cmpuint (events->len, ==, 1);
}

static void
test_add_event_signals (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SignalLog log = { 0 };
  gint64 c = add_contact (f->store, "Chloé Bernard");
  gint64 id = add_request (f->store, "Marc Petit", NULL, c, T0, OTHER_NOTE_1);

  watch_signals (f->store, &log);
  g_assert_true (cn_store_add_event (f->store, id, CN_EVENT_ACTION_COPIED, "texte", &error));
  g_assert_cmpuint (log.changed, ==, 1);
  g_assert_cmpint (log.last_id, ==, id);

  /* Inside a transaction: one "reloaded" at the end instead. */
  g_assert_true (cn_store_begin (f->store, &error));
  g_assert_true (cn_store_add_event (f->store, id, CN_EVENT_ACTION_COPIED, "texte", &error));
  g_assert_cmpuint (log.changed, ==, 1);
  g_assert_true (cn_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.changed, ==, 1);
  g_assert_cmpuint (log.reloaded, ==, 1);
}

/* Outcomes */

static void
test_outcome (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(CnRequest) request = NULL;
  SignalLog log = { 0 };
  gint64 c = add_contact (f->store, "Chloé Bernard");
  gint64 id = add_request (f->store, "Tom Gallagher", NULL, c, T0, OTHER_NOTE_3);
  CnEvent *event;

  g_assert_cmpint (cn_store_get_request_outcome (f->store, id), ==, CN_OUTCOME_NONE);
  request = cn_test_get_request (f->store, id);
  g_assert_cmpint (cn_request_get_outcome (request), ==, CN_OUTCOME_NONE);
  g_clear_object (&request);

  watch_signals (f->store, &log);
  g_assert_true (cn_store_set_request_outcome (f->store, id, CN_OUTCOME_ACCEPTED, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.changed, ==, 1);
  g_assert_true (cn_store_set_request_outcome (f->store, id, CN_OUTCOME_USEFUL, &error));
  g_assert_cmpint (cn_store_get_request_outcome (f->store, id), ==, CN_OUTCOME_USEFUL);
  request = cn_test_get_request (f->store, id);
  g_assert_cmpint (cn_request_get_outcome (request), ==, CN_OUTCOME_USEFUL);
  {
    int value = -1;

    g_object_get (request, "outcome", &value, NULL);
    g_assert_cmpint (value, ==, CN_OUTCOME_USEFUL);
  }

  events = cn_store_list_events (f->store, id, &error);
  g_assert_cmpuint (events->len, ==, 3);
  event = g_ptr_array_index (events, 2);
  g_assert_cmpint (event->action, ==, CN_EVENT_ACTION_OUTCOME);
  g_assert_cmpstr (event->text, ==, "useful");

  g_assert_false (cn_store_set_request_outcome (f->store, id, 9, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (cn_store_set_request_outcome (f->store, id + 1, CN_OUTCOME_DECLINED, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (cn_store_get_request_outcome (f->store, id), ==, CN_OUTCOME_USEFUL);
  g_assert_cmpint (cn_store_get_request_outcome (f->store, id + 1), ==, CN_OUTCOME_NONE);
}

/* Forwards and introductions */

static void
test_count_forwards (Fixture *f, gconstpointer data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 since = now - 30 * DAY;
  gint64 c = add_contact (f->store, "Chloé Bernard");
  gint64 d = add_contact (f->store, "David Petit");
  gint64 inside = add_request (f->store, "Anne", NULL, c, now - 12 * DAY, OTHER_NOTE_1);
  gint64 twice = add_request (f->store, "Bruno", NULL, c, now - 11 * DAY, OTHER_NOTE_2);
  gint64 outside = add_request (f->store, "Chris", NULL, c, now - 50 * DAY, OTHER_NOTE_3);
  gint64 declined = add_request (f->store, "Dora", NULL, c, now - 2 * DAY, TEMPLATE_NOTE);
  gint64 other = add_request (f->store, "Eve", NULL, d, now - 2 * DAY, OTHER_NOTE_1);

  g_assert_cmpuint (cn_store_count_forwards_to_contact (f->store, c, since), ==, 0);

  add_event_at (f->store, inside, now - 10 * DAY, CN_EVENT_ACTION_FORWARDED, NULL);
  /* Forwarded again: one introduction, not two. */
  add_event_at (f->store, twice, now - 9 * DAY, CN_EVENT_ACTION_FORWARDED, NULL);
  add_event_at (f->store, twice, now - 1 * DAY, CN_EVENT_ACTION_FORWARDED, NULL);
  /* Out of the window: 31 days ago, and exactly at its start (counts). */
  add_event_at (f->store, outside, now - 31 * DAY, CN_EVENT_ACTION_FORWARDED, NULL);
  add_event_at (f->store, declined, now - DAY, CN_EVENT_ACTION_DECLINED, NULL);
  add_event_at (f->store, other, now - DAY, CN_EVENT_ACTION_FORWARDED, NULL);

  g_assert_cmpuint (cn_store_count_forwards_to_contact (f->store, c, since), ==, 2);
  g_assert_cmpuint (cn_store_count_forwards_to_contact (f->store, d, since), ==, 1);
  g_assert_cmpuint (cn_store_count_forwards_to_contact (f->store, c, now - 60 * DAY), ==, 3);
  g_assert_cmpuint (cn_store_count_forwards_to_contact (f->store, c, now - 31 * DAY), ==, 3);
  g_assert_cmpuint (cn_store_count_forwards_to_contact (f->store, c, now - 31 * DAY + 1), ==, 2);
  g_assert_cmpuint (cn_store_count_forwards_to_contact (f->store, c, now), ==, 0);
  g_assert_cmpuint (cn_store_count_forwards_to_contact (f->store, 999, since), ==, 0);
  g_assert_cmpuint (cn_store_count_contact_requests (f->store, c), ==, 4);
  g_assert_cmpuint (cn_store_count_contact_requests (f->store, d), ==, 1);
  g_assert_cmpuint (cn_store_count_contact_requests (f->store, 999), ==, 0);

  /* The history is probed per request of the contact, never scanned. */
  {
    g_autofree char *plan =
        dump_query (f->path,
                    "EXPLAIN QUERY PLAN SELECT count(*) FROM requests r WHERE r.target_id = 1"
                    " AND EXISTS (SELECT 1 FROM events e WHERE e.request_id = r.id"
                    " AND e.action = ?3 AND e.at >= 5)");

    g_assert_nonnull (strstr (plan, "events_by_request (request_id=?)"));
    g_assert_null (strstr (plan, "SCAN"));
  }
}

static void
test_introductions (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  CnIntroduction *intro;
  gint64 c = add_contact (f->store, "Chloé Bernard");
  gint64 d = add_contact (f->store, "David Petit");
  gint64 old = add_request (f->store, "Anne Noir", NULL, c, T0, OTHER_NOTE_1);
  gint64 recent = add_request (f->store, "Bruno Vert", NULL, c, T0 + DAY, OTHER_NOTE_2);
  gint64 refreshed = add_request (f->store, "Chris Bleu", NULL, c, T0 + 2 * DAY, OTHER_NOTE_3);
  gint64 never = add_request (f->store, "Dora Rose", NULL, c, T0 + 3 * DAY, TEMPLATE_NOTE);
  gint64 elsewhere = add_request (f->store, "Eve Gris", NULL, d, T0 + 3 * DAY, OTHER_NOTE_1);

  add_event_at (f->store, old, T0 + 1 * DAY, CN_EVENT_ACTION_FORWARDED, NULL);
  add_event_at (f->store, recent, T0 + 5 * DAY, CN_EVENT_ACTION_FORWARDED, NULL);
  add_event_at (f->store, refreshed, T0 + 3 * DAY, CN_EVENT_ACTION_FORWARDED, NULL);
  add_event_at (f->store, refreshed, T0 + 7 * DAY, CN_EVENT_ACTION_FORWARDED, NULL);
  add_event_at (f->store, never, T0 + 8 * DAY, CN_EVENT_ACTION_ASKED, NULL);
  add_event_at (f->store, elsewhere, T0 + 8 * DAY, CN_EVENT_ACTION_FORWARDED, NULL);
  g_assert_true (cn_store_set_request_outcome (f->store, recent, CN_OUTCOME_NO_ANSWER, &error));

  list = cn_store_list_introductions (f->store, c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  /* Newest first, by the latest forward. */
  intro = g_ptr_array_index (list, 0);
  g_assert_cmpint (intro->request_id, ==, refreshed);
  g_assert_cmpint (intro->forwarded_at, ==, T0 + 7 * DAY);
  g_assert_cmpstr (intro->requester_name, ==, "Chris Bleu");
  g_assert_cmpint (intro->outcome, ==, CN_OUTCOME_NONE);
  intro = g_ptr_array_index (list, 1);
  g_assert_cmpint (intro->request_id, ==, recent);
  g_assert_cmpint (intro->forwarded_at, ==, T0 + 5 * DAY);
  g_assert_cmpstr (intro->requester_name, ==, "Bruno Vert");
  g_assert_cmpint (intro->outcome, ==, CN_OUTCOME_NO_ANSWER);
  intro = g_ptr_array_index (list, 2);
  g_assert_cmpint (intro->request_id, ==, old);

  g_clear_pointer (&list, g_ptr_array_unref);
  list = cn_store_list_introductions (f->store, 999, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
}

/* Deleting a contact */

/* Deletes contact a in @mode, checks what changed, undoes, and checks that
 * everything is as before, stored results included, and that a fresh index
 * built from the database agrees with the one kept up to date. */
static void
delete_and_undo (Fixture *f, CnContactDeleteMode mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnContactDeletion) deletion = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *rebuilt = NULL;
  SignalLog log = { 0 };

  add_scenario (f);
  g_assert_true (is_mass_sent (f->store, f->r[1]));
  g_assert_true (is_after_refusal (f->store, f->r[4]));
  g_assert_cmpuint (cn_store_count_contact_requests (f->store, f->a), ==, 3);
  before = snapshot (f->path);

  watch_signals (f->store, &log);
  deletion = cn_store_delete_contact (f->store, f->a, mode,
                                      mode == CN_CONTACT_DELETE_MOVE_REQUESTS ? f->b : 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (deletion);
  g_assert_cmpuint (log.contacts_changed, ==, 1);
  g_assert_cmpuint (log.reloaded, ==, 1);
  g_assert_cmpuint (cn_store_count_contacts (f->store), ==, 3);
  g_assert_cmpuint (cn_store_count_contact_requests (f->store, f->a), ==, 0);
  assert_integrity (f->path);

  switch (mode)
    {
    case CN_CONTACT_DELETE_KEEP_REQUESTS:
      {
        g_autoptr(CnRequest) kept = cn_test_get_request (f->store, f->r[5]);

        g_assert_cmpuint (cn_store_count_requests (f->store), ==, 6);
        g_assert_cmpint (cn_request_get_target_id (kept), ==, 0);
        g_assert_cmpint (cn_request_get_outcome (kept), ==, CN_OUTCOME_USEFUL);
        /* Without a contact, the copy names no target: two are left, no campaign. */
        g_assert_false (is_mass_sent (f->store, f->r[1]));
        g_assert_true (is_after_refusal (f->store, f->r[4]));
      }
      break;
    case CN_CONTACT_DELETE_MOVE_REQUESTS:
      {
        g_autoptr(CnRequest) moved = cn_test_get_request (f->store, f->r[5]);

        g_assert_cmpuint (cn_store_count_requests (f->store), ==, 6);
        g_assert_cmpint (cn_request_get_target_id (moved), ==, f->b);
        g_assert_cmpstr (cn_request_get_target_name (moved), ==, "Bruno Martin");
        g_assert_cmpuint (cn_store_count_contact_requests (f->store, f->b), ==, 4);
        g_assert_cmpuint (cn_store_count_forwards_to_contact (f->store, f->b, 0), ==, 1);
        /* Bruno's stock note now reaches two contacts only: no campaign. */
        g_assert_false (is_mass_sent (f->store, f->r[1]));
        g_assert_false (is_mass_sent (f->store, f->r[0]));
      }
      break;
    case CN_CONTACT_DELETE_WITH_REQUESTS:
      {
        g_autoptr(CnRequest) gone = cn_store_get_request (f->store, f->r[5], &error);

        g_assert_null (gone);
        g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND);
        g_clear_error (&error);
        g_assert_cmpuint (cn_store_count_requests (f->store), ==, 3);
        g_assert_cmpint (cn_test_query_int (f->path, "SELECT count(*) FROM events"
                                                     " WHERE action = 'forwarded'"),
                         ==, 0);
        g_assert_false (is_mass_sent (f->store, f->r[1]));
        /* The refusal went with its request. */
        g_assert_false (is_after_refusal (f->store, f->r[4]));
      }
      break;
    default:
      g_assert_not_reached ();
    }

  /* What the deletion stored is what a fresh index finds. */
  {
    g_autofree char *deleted = snapshot (f->path);
    g_autofree char *fresh = NULL;
    g_autoptr(CnStore) other = open_store (f->path);

    g_assert_true (cn_store_update_triage (other, &error));
    g_assert_no_error (error);
    fresh = snapshot (f->path);
    g_assert_cmpstr (fresh, ==, deleted);
  }

  log = (SignalLog){ 0 };
  g_assert_true (cn_store_undo_contact_deletion (f->store, deletion, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.contacts_changed, ==, 1);
  g_assert_cmpuint (log.reloaded, ==, 1);

  after = snapshot (f->path);
  g_assert_cmpstr (after, ==, before);
  assert_integrity (f->path);
  g_assert_true (is_mass_sent (f->store, f->r[1]));
  g_assert_true (is_after_refusal (f->store, f->r[4]));
  {
    g_autoptr(CnContact) contact = cn_store_get_contact (f->store, f->a, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (cn_contact_get_name (contact), ==, "Léa Dubois");
    g_assert_cmpstr (cn_contact_get_away_until (contact), ==, "2031-02-03");
    g_assert_cmpuint (cn_contact_get_monthly_cap (contact), ==, 2);
  }
  g_assert_cmpuint (cn_store_count_forwards_to_contact (f->store, f->a, 0), ==, 1);

  /* What a fresh index finds from the database is what was kept. */
  g_clear_object (&f->store);
  f->store = open_store (f->path);
  g_assert_true (cn_store_update_triage (f->store, &error));
  g_assert_no_error (error);
  rebuilt = snapshot (f->path);
  g_assert_cmpstr (rebuilt, ==, before);
}

static void
test_delete_contact_keep (Fixture *f, gconstpointer data)
{
  delete_and_undo (f, CN_CONTACT_DELETE_KEEP_REQUESTS);
}

static void
test_delete_contact_move (Fixture *f, gconstpointer data)
{
  delete_and_undo (f, CN_CONTACT_DELETE_MOVE_REQUESTS);
}

static void
test_delete_contact_with_requests (Fixture *f, gconstpointer data)
{
  delete_and_undo (f, CN_CONTACT_DELETE_WITH_REQUESTS);
}

static void
test_delete_contact_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnContactDeletion) deletion = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_scenario (f);
  before = snapshot (f->path);

  deletion = cn_store_delete_contact (f->store, 999, CN_CONTACT_DELETE_KEEP_REQUESTS, 0, &error);
  g_assert_null (deletion);
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Moving to itself or to nobody: nothing happens. */
  deletion = cn_store_delete_contact (f->store, f->a, CN_CONTACT_DELETE_MOVE_REQUESTS, f->a,
                                      &error);
  g_assert_null (deletion);
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  deletion = cn_store_delete_contact (f->store, f->a, CN_CONTACT_DELETE_MOVE_REQUESTS, 999, &error);
  g_assert_null (deletion);
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  after = snapshot (f->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (is_mass_sent (f->store, f->r[1]));
}

/* An undo that cannot be done (a newer contact took the id) changes nothing. */
static void
test_undo_refused_changes_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnContactDeletion) deletion = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 e;

  f->a = add_contact (f->store, "Léa Dubois");
  f->b = add_contact (f->store, "Bruno Martin");
  f->r[0] = add_request (f->store, "Marc Petit", NULL, f->b, T0, OTHER_NOTE_1);
  f->c = add_contact (f->store, "Chloé Bernard");
  f->r[1] = add_request (f->store, "Anne Noir", NULL, f->c, T0, OTHER_NOTE_2);

  deletion = cn_store_delete_contact (f->store, f->c, CN_CONTACT_DELETE_WITH_REQUESTS, 0, &error);
  g_assert_no_error (error);
  /* SQLite gives the highest id + 1: the deleted contact's. */
  e = add_contact (f->store, "Emma Roux");
  g_assert_cmpint (e, ==, f->c);
  before = snapshot (f->path);

  g_assert_false (cn_store_undo_contact_deletion (f->store, deletion, &error));
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_CONSTRAINT);
  after = snapshot (f->path);
  g_assert_cmpstr (after, ==, before);
  assert_integrity (f->path);
}

/* Templates */

static void
test_delete_template (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *other = NULL;

  g_assert_true (cn_store_set_template (f->store, "endorsement", "fr", "Bonjour {target}", &error));
  g_assert_true (cn_store_set_template (f->store, "endorsement", "en", "Hello {target}", &error));
  g_assert_true (cn_store_delete_template (f->store, "endorsement", "fr", &error));
  g_assert_no_error (error);

  body = cn_store_get_template (f->store, "endorsement", "fr", &error);
  g_assert_null (body);
  g_assert_error (error, CN_STORE_ERROR, CN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  other = cn_store_get_template (f->store, "endorsement", "en", &error);
  g_assert_cmpstr (other, ==, "Hello {target}");

  /* Deleting what is not there is not an error: the default applies anyway. */
  g_assert_true (cn_store_delete_template (f->store, "endorsement", "fr", &error));
  g_assert_no_error (error);
}

/* Upgrade */

static void
test_upgrade_from_v3 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnRequest) request = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gint64 c = add_contact (f->store, "Chloé Bernard");
  gint64 id = add_request (f->store, "Tom Gallagher", NULL, c, T0, OTHER_NOTE_3);

  add_event_at (f->store, id, T0 + DAY, CN_EVENT_ACTION_FORWARDED, "Hi");
  g_assert_true (cn_store_set_request_status (f->store, id, CN_REQUEST_STATUS_FORWARDED, &error));
  g_clear_object (&f->store);

  /* Version 3 is the current version without steps 4 and later. */
  cn_test_exec_sql (f->path, DROP_TO_V3 "PRAGMA user_version = 3;");
  g_assert_cmpint (cn_test_query_int (f->path, "SELECT count(*) FROM pragma_table_info"
                                               " ('requests') WHERE name = 'outcome'"),
                   ==, 0);

  f->store = open_store (f->path);
  g_assert_cmpint (cn_store_get_schema_version (f->store), ==, CN_STORE_SCHEMA_VERSION);
  request = cn_test_get_request (f->store, id);
  g_assert_cmpstr (cn_request_get_note_to_target (request), ==, OTHER_NOTE_3);
  g_assert_cmpint (cn_request_get_status (request), ==, CN_REQUEST_STATUS_FORWARDED);
  g_assert_cmpint (cn_request_get_outcome (request), ==, CN_OUTCOME_NONE);
  events = cn_store_list_events (f->store, id, &error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpuint (cn_store_count_forwards_to_contact (f->store, c, T0), ==, 1);
  g_assert_true (cn_store_set_request_outcome (f->store, id, CN_OUTCOME_ACCEPTED, &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);

  g_assert_cmpint (cn_test_query_int (f->path, "PRAGMA user_version"), ==, CN_STORE_SCHEMA_VERSION);
  g_assert_cmpint (cn_test_query_int (f->path, "SELECT outcome FROM requests"), ==,
                   CN_OUTCOME_ACCEPTED);
  g_assert_cmpint (cn_test_query_int (f->path, "SELECT count(*) FROM sqlite_master"
                                               " WHERE name = 'events_by_request'"),
                   ==, 1);
  /* The database refuses an outcome that does not exist. */
  g_assert_cmpint (cn_test_query_int (f->path,
                                      "SELECT count(*) FROM sqlite_master WHERE"
                                      " name = 'requests' AND sql LIKE '%outcome BETWEEN%'"),
                   ==, 1);
}

/* The example data show the review flow: a forward this month with its
 * outcome, a contact whose monthly cap it reached; the brief's motivated
 * request still goes to an open contact under cap. */
static void
test_demo_history (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean cap_reached = FALSE, outcome = FALSE, motivated_open = FALSE;

  g_assert_cmpint (cn_demo_load (f->store, &error), ==, 15);
  g_assert_no_error (error);

  contacts = cn_store_list_contacts (f->store, &error);
  g_assert_cmpuint (contacts->len, ==, 8);
  for (guint i = 0; i < contacts->len; i++)
    {
      CnContact *contact = g_ptr_array_index (contacts, i);
      gint64 id = cn_contact_get_id (contact);
      guint cap = cn_contact_get_monthly_cap (contact);
      guint forwards = cn_store_count_forwards_to_contact (f->store, id, now - 30 * 86400);
      g_autoptr(GPtrArray) intros = cn_store_list_introductions (f->store, id, &error);

      g_assert_cmpuint (intros->len, >=, forwards);
      if (cap > 0 && forwards >= cap &&
          cn_contact_get_availability (contact) == CN_AVAILABILITY_OPEN)
        cap_reached = TRUE;
      for (guint k = 0; k < intros->len; k++)
        outcome |= ((CnIntroduction *) g_ptr_array_index (intros, k))->outcome != CN_OUTCOME_NONE;
      if (strstr (cn_contact_get_position (contact), "outplacement") != NULL)
        motivated_open = cn_contact_get_availability (contact) == CN_AVAILABILITY_OPEN &&
                         forwards < cap;
    }
  g_assert_true (cap_reached);
  g_assert_true (outcome);
  g_assert_true (motivated_open);

  /* Each history reads in order: created first, when the request came. */
  ids = cn_store_list_request_ids (f->store, &error);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(GPtrArray) events = cn_store_list_events (f->store, id, &error);
      gint64 received_at = 0;

      g_assert_true (cn_store_get_request_received_at (f->store, id, &received_at));
      g_assert_cmpint (((CnEvent *) g_ptr_array_index (events, 0))->action, ==,
                       CN_EVENT_ACTION_CREATED);
      g_assert_cmpint (((CnEvent *) g_ptr_array_index (events, 0))->at, ==, received_at);
    }
}

/* Hand-offs: a forward copied or opened in the mail app waits for "Did you
 * send it?"; only the answer "sent" (a "forwarded" event) counts against the
 * contact's limit, and the question survives reopening the file. */

static CnEventAction
handoff_of (CnStore *store, gint64 id)
{
  g_autoptr(CnEvent) event = cn_store_get_pending_handoff (store, id);
  g_autoptr(CnRequest) request = cn_store_get_request (store, id, NULL);

  g_assert_nonnull (request);
  /* The list reads the same as the question. */
  g_assert_cmpint (cn_request_get_handoff (request), ==,
                   event != NULL ? event->action : CN_EVENT_ACTION_UNKNOWN);
  return event != NULL ? event->action : CN_EVENT_ACTION_UNKNOWN;
}

static CnRequestStatus
status_of (CnStore *store, gint64 id)
{
  g_autoptr(CnRequest) request = cn_store_get_request (store, id, NULL);

  return cn_request_get_status (request);
}

static void
test_handoff_waits_for_answer (Fixture *f, gconstpointer data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 since = now - 30 * DAY;
  gint64 c = add_contact (f->store, "Chloé Bernard");
  gint64 id = add_request (f->store, "Anne", NULL, c, now - DAY, OTHER_NOTE_1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CnEvent) event = NULL;
  CnStatusChange change = { 0 };

  g_assert_cmpint (handoff_of (f->store, id), ==, CN_EVENT_ACTION_UNKNOWN);

  /* Copied: recorded, not forwarded, not counted. */
  g_assert_true (cn_store_record_action (f->store, id, CN_EVENT_ACTION_FORWARD_COPIED, "le texte",
                                         -1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (handoff_of (f->store, id), ==, CN_EVENT_ACTION_FORWARD_COPIED);
  event = cn_store_get_pending_handoff (f->store, id);
  g_assert_cmpstr (event->text, ==, "le texte");
  g_assert_cmpint (status_of (f->store, id), ==, CN_REQUEST_STATUS_NEW);
  g_assert_cmpuint (cn_store_count_forwards_to_contact (f->store, c, since), ==, 0);

  /* The question survives a restart. */
  g_clear_object (&f->store);
  f->store = open_store (f->path);
  g_assert_cmpint (handoff_of (f->store, id), ==, CN_EVENT_ACTION_FORWARD_COPIED);

  /* Sent: forwarded, counted, answered. */
  g_assert_true (cn_store_record_action (f->store, id, CN_EVENT_ACTION_FORWARDED, "le texte",
                                         CN_REQUEST_STATUS_FORWARDED, &change, &error));
  g_assert_cmpint (handoff_of (f->store, id), ==, CN_EVENT_ACTION_UNKNOWN);
  g_assert_cmpint (status_of (f->store, id), ==, CN_REQUEST_STATUS_FORWARDED);
  g_assert_cmpuint (cn_store_count_forwards_to_contact (f->store, c, since), ==, 1);

  /* Undone: waiting again, not counted. */
  g_assert_true (cn_store_restore_statuses (f->store, &change, 1, &error));
  g_assert_cmpint (handoff_of (f->store, id), ==, CN_EVENT_ACTION_FORWARD_COPIED);
  g_assert_cmpint (status_of (f->store, id), ==, CN_REQUEST_STATUS_NEW);
  g_assert_cmpuint (cn_store_count_forwards_to_contact (f->store, c, since), ==, 0);

  /* Not sent answers it too; a new hand-off (the mail app) asks again, and
   * a decline puts the question away. */
  g_assert_true (
      cn_store_record_action (f->store, id, CN_EVENT_ACTION_NOT_SENT, NULL, -1, NULL, &error));
  g_assert_cmpint (handoff_of (f->store, id), ==, CN_EVENT_ACTION_UNKNOWN);
  g_assert_true (cn_store_record_action (f->store, id, CN_EVENT_ACTION_FORWARD_OPENED, "texte", -1,
                                         NULL, &error));
  g_assert_cmpint (handoff_of (f->store, id), ==, CN_EVENT_ACTION_FORWARD_OPENED);
  g_assert_true (cn_store_record_action (f->store, id, CN_EVENT_ACTION_DECLINED, NULL,
                                         CN_REQUEST_STATUS_DECLINED, NULL, &error));
  g_assert_cmpint (handoff_of (f->store, id), ==, CN_EVENT_ACTION_UNKNOWN);
  g_assert_cmpuint (cn_store_count_forwards_to_contact (f->store, c, since), ==, 0);
}

/* What the store reads with a request for the list's label: the contact's
 * block as the review's availability step judges it, and the hand-off. The
 * label itself is tested against the review in test-review.c. */
static void
test_list_label (Fixture *f, gconstpointer data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 c = add_contact (f->store, "Chloé Bernard");
  gint64 id = add_request (f->store, "Anne", NULL, c, now - DAY, OTHER_NOTE_1);
  gint64 other = add_request (f->store, "Bruno", NULL, c, now - DAY, OTHER_NOTE_2);
  gint64 nobody = add_request (f->store, "Chris", NULL, 0, now - DAY, OTHER_NOTE_3);
  g_autoptr(GError) error = NULL;
  g_autoptr(CnContact) contact = cn_store_get_contact (f->store, c, &error);
  CnRequest *request;

  g_assert_true (cn_store_record_action (f->store, id, CN_EVENT_ACTION_READY, NULL,
                                         CN_REQUEST_STATUS_READY, NULL, &error));
  g_assert_true (cn_store_record_action (f->store, nobody, CN_EVENT_ACTION_READY, NULL,
                                         CN_REQUEST_STATUS_READY, NULL, &error));
  g_assert_no_error (error);

#define LABEL_IS(request_id, expected)                                                             \
  do                                                                                               \
    {                                                                                              \
      request = cn_store_get_request (f->store, (request_id), NULL);                               \
      g_assert_cmpstr (cn_review_get_list_label (request), ==, (expected));                        \
      g_object_unref (request);                                                                    \
    }                                                                                              \
  while (0)
#define BLOCK_IS(request_id, expected)                                                             \
  do                                                                                               \
    {                                                                                              \
      request = cn_store_get_request (f->store, (request_id), NULL);                               \
      g_assert_cmpuint (cn_request_get_contact_block (request), ==, (expected));                   \
      g_object_unref (request);                                                                    \
    }                                                                                              \
  while (0)

  BLOCK_IS (id, 0);
  BLOCK_IS (nobody, CN_AVAILABILITY_REASON_NO_CONTACT);

  cn_contact_set_away_until (contact, "2099-01-15");
  g_assert_true (cn_store_update_contact (f->store, contact, &error));
  BLOCK_IS (id, CN_AVAILABILITY_REASON_AWAY);
  cn_contact_set_away_until (contact, NULL);
  cn_contact_set_availability (contact, CN_AVAILABILITY_CLOSED);
  g_assert_true (cn_store_update_contact (f->store, contact, &error));
  BLOCK_IS (id, CN_AVAILABILITY_REASON_CLOSED);

  /* At the limit only through a confirmed forward, not a copy. */
  cn_contact_set_availability (contact, CN_AVAILABILITY_OPEN);
  cn_contact_set_monthly_cap (contact, 1);
  g_assert_true (cn_store_update_contact (f->store, contact, &error));
  g_assert_true (cn_store_record_action (f->store, other, CN_EVENT_ACTION_FORWARD_COPIED, "t", -1,
                                         NULL, &error));
  BLOCK_IS (id, 0);
  LABEL_IS (other, g_dpgettext2 (GETTEXT_PACKAGE, "request status", "Did you send it?"));
  g_assert_true (cn_store_record_action (f->store, other, CN_EVENT_ACTION_FORWARDED, "t",
                                         CN_REQUEST_STATUS_FORWARDED, NULL, &error));
  BLOCK_IS (id, CN_AVAILABILITY_REASON_CAP_REACHED);
  LABEL_IS (other, cn_request_status_get_label (CN_REQUEST_STATUS_FORWARDED));
#undef LABEL_IS
#undef BLOCK_IS
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func)                                                                            \
  g_test_add ("/store-review/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("record-action-and-undo", test_record_action_and_undo);
  ADD ("record-action-without-status", test_record_action_without_status);
  ADD ("add-event-signals", test_add_event_signals);
  ADD ("outcome", test_outcome);
  ADD ("count-forwards", test_count_forwards);
  ADD ("handoff-waits-for-answer", test_handoff_waits_for_answer);
  ADD ("list-label", test_list_label);
  ADD ("introductions", test_introductions);
  ADD ("delete-contact-keep", test_delete_contact_keep);
  ADD ("delete-contact-move", test_delete_contact_move);
  ADD ("delete-contact-with-requests", test_delete_contact_with_requests);
  ADD ("delete-contact-refused", test_delete_contact_refused);
  ADD ("undo-refused-changes-nothing", test_undo_refused_changes_nothing);
  ADD ("delete-template", test_delete_template);
  ADD ("upgrade-from-v3", test_upgrade_from_v3);
  ADD ("demo-history", test_demo_history);

#undef ADD

  return g_test_run ();
}
