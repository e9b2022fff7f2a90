/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The guided check of one request, with no display: what CnReview reads from
 * the store, how the endorsement completes it, and how it follows the store
 * (a contact edited, an override, a campaign declined, a request deleted). */

#include "config.h"

#include "cn-demo.h"
#include "cn-request-list.h"
#include "cn-review.h"
#include "cn-store-corrections.h"
#include "cn-analysis-queue.h"
#include "cn-test-utils.h"

typedef struct
{
  char *dir;
  CnStore *store;
  guint changed;
  guint can_forward_notified;
} Fixture;

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = cn_test_make_tmpdir ();
  path = g_build_filename (f->dir, "connecteur.db", NULL);
  f->store = cn_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cn_demo_load (f->store, &error), >, 0);
  g_assert_no_error (error);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  cn_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
find_request (Fixture *f, const char *needle)
{
  g_autoptr (GArray) ids = cn_store_list_request_ids (f->store, NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (CnRequest) request = cn_store_get_request (f->store,
                                                            g_array_index (ids, gint64, i), NULL);
      const char *note = cn_request_get_note_to_target (request);

      if (note != NULL && strstr (note, needle) != NULL)
        return cn_request_get_id (request);
    }
  g_assert_not_reached ();
}

static void
on_changed_cb (CnReview *review, Fixture *f)
{
  f->changed++;
}

static void
on_can_forward_cb (CnReview *review, GParamSpec *pspec, Fixture *f)
{
  f->can_forward_notified++;
}

static CnReview *
review_of (Fixture *f, const char *needle)
{
  CnReview *review = cn_review_new (f->store, cn_analyzer_get_default (), find_request (f, needle),
                                    "en");

  g_signal_connect (review, "changed", G_CALLBACK (on_changed_cb), f);
  g_signal_connect (review, "notify::can-forward", G_CALLBACK (on_can_forward_cb), f);
  return review;
}

static CnCheckResult
result (CnReview *review, CnStep step)
{
  return cn_review_get_check (review, step).result;
}

/* A motivated request that suits its contact: only the endorsement is
 * missing, and it is the editor that gives it. */
static void
test_motivated (Fixture *f, gconstpointer data)
{
  g_autoptr (CnReview) review = review_of (f, "outplacement");
  const GError *error = NULL;

  g_assert_nonnull (cn_review_get_request (review));
  g_assert_cmpstr (cn_contact_get_name (cn_review_get_contact (review)), ==, "Claire Fontanel");
  g_assert_nonnull (cn_review_get_analysis (review, &error));
  g_assert_null (error);
  g_assert_cmpstr (cn_review_get_lang (review), ==, "fr");
  g_assert_nonnull (cn_review_get_fit (review));
  g_assert_cmpint (result (review, CN_STEP_MOTIVATION), ==, CN_CHECK_PASS);
  g_assert_cmpint (result (review, CN_STEP_FIT), ==, CN_CHECK_PASS);
  g_assert_cmpint (result (review, CN_STEP_AVAILABILITY), ==, CN_CHECK_PASS);
  g_assert_cmpint (result (review, CN_STEP_ENDORSEMENT), !=, CN_CHECK_PASS);
  g_assert_cmpint (result (review, CN_STEP_SEND), !=, CN_CHECK_PASS);
  g_assert_false (cn_review_get_can_forward (review));
  g_assert_cmpint (cn_review_get_overridable_step (review), ==, -1);

  cn_review_set_endorsement (review, CN_RELATIONSHIP_PROFESSIONAL,
                             "Claire, je vous recommande Marta.", 0);
  g_assert_cmpint (result (review, CN_STEP_ENDORSEMENT), ==, CN_CHECK_PASS);
  g_assert_cmpint (result (review, CN_STEP_SEND), ==, CN_CHECK_PASS);
  g_assert_true (cn_review_get_can_forward (review));
  g_assert_cmpuint (f->can_forward_notified, ==, 1);
  g_assert_cmpuint (f->changed, ==, 1);

  /* Unknown placeholders warn; no relationship blocks again. */
  cn_review_set_endorsement (review, CN_RELATIONSHIP_PROFESSIONAL, "Claire, {oups}", 1);
  g_assert_cmpint (result (review, CN_STEP_ENDORSEMENT), ==, CN_CHECK_WARN);
  cn_review_set_endorsement (review, CN_RELATIONSHIP_UNSET, "Claire", 0);
  g_assert_cmpint (result (review, CN_STEP_ENDORSEMENT), ==, CN_CHECK_FAIL);
  g_assert_false (cn_review_get_can_forward (review));
  g_assert_cmpuint (f->can_forward_notified, ==, 2);
}

/* The review stays true as the store changes behind it. */
static void
test_follows_store (Fixture *f, gconstpointer data)
{
  g_autoptr (CnReview) review = review_of (f, "outplacement");
  g_autoptr (CnContact) contact = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 id = cn_review_get_request_id (review);
  guint before;
  guint serial = cn_review_get_serial (review);

  /* The endorsement changes the checks, not what was read: the serial
   * that tells views to rebuild what the review read stays. */
  before = f->changed;
  cn_review_set_endorsement (review, CN_RELATIONSHIP_PROFESSIONAL, "Claire, voici Marta.", 0);
  g_assert_true (cn_review_get_can_forward (review));
  g_assert_cmpuint (f->changed, >, before);
  g_assert_cmpuint (cn_review_get_serial (review), ==, serial);

  /* A contact edited: their stored verdicts are dropped, the review reads
   * the request again and the check holds. */
  contact = g_object_ref (cn_review_get_contact (review));
  cn_contact_set_position (contact, "Consultante senior en outplacement");
  before = f->changed;
  g_assert_true (cn_store_update_contact (f->store, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->changed, >, before);
  g_assert_cmpstr (cn_contact_get_position (cn_review_get_contact (review)), ==,
                   "Consultante senior en outplacement");
  g_assert_cmpuint (cn_review_get_serial (review), !=, serial);
  g_assert_cmpint (cn_store_get_request_verdict (f->store, id), ==, CN_VERDICT_NONE);
  g_assert_cmpint (result (review, CN_STEP_MOTIVATION), ==, CN_CHECK_PASS);
  g_assert_true (cn_review_get_can_forward (review));

  /* The contact closed to introductions: Availability blocks, and may be overridden. */
  cn_contact_set_availability (contact, CN_AVAILABILITY_CLOSED);
  g_assert_true (cn_store_update_contact (f->store, contact, &error));
  g_assert_cmpint (result (review, CN_STEP_AVAILABILITY), ==, CN_CHECK_FAIL);
  g_assert_false (cn_review_get_can_forward (review));
  g_assert_cmpint (cn_review_get_overridable_step (review), ==, CN_STEP_AVAILABILITY);

  /* An override in the history lifts it. */
  text = cn_override_format (CN_STEP_AVAILABILITY, "Claire asked me for this one");
  g_assert_true (
      cn_store_record_action (f->store, id, CN_EVENT_ACTION_OVERRIDE, text, -1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cn_review_get_overridden (review, CN_STEP_AVAILABILITY));
  g_assert_cmpint (cn_review_get_overridable_step (review), ==, -1);
  g_assert_true (cn_review_get_can_forward (review));

  /* The request deleted: nothing to forward. */
  g_assert_true (cn_store_delete_request (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_null (cn_review_get_request (review));
  g_assert_false (cn_review_get_can_forward (review));
}

/* A mass-sent copy: Motivation blocks, the campaign is listed; declining
 * the campaign shows at once in its copies, and makes no repeats. */
static void
test_campaign (Fixture *f, gconstpointer data)
{
  g_autoptr (CnReview) review = review_of (f, "ajouter à mon réseau");
  g_autoptr (GArray) changes = g_array_new (FALSE, FALSE, sizeof (CnStatusChange));
  g_autoptr (GError) error = NULL;
  GPtrArray *campaign;

  g_assert_true (cn_request_get_mass_sent (cn_review_get_request (review)));
  g_assert_cmpint (result (review, CN_STEP_MOTIVATION), ==, CN_CHECK_FAIL);
  campaign = cn_review_get_campaign (review);
  g_assert_cmpuint (campaign->len, ==, 3);
  g_assert_cmpuint (cn_review_get_earlier (review)->len, ==, 0);

  g_assert_true (
      cn_store_set_campaign_status (f->store,
                                    cn_request_get_campaign_id (cn_review_get_request (review)),
                                    CN_REQUEST_STATUS_DECLINED, changes, &error));
  g_assert_no_error (error);
  campaign = cn_review_get_campaign (review);
  g_assert_cmpuint (campaign->len, ==, 3);
  for (guint i = 0; i < campaign->len; i++)
    {
      CnRequest *copy = g_ptr_array_index (campaign, i);

      g_assert_cmpint (cn_request_get_status (copy), ==, CN_REQUEST_STATUS_DECLINED);
      g_assert_false (cn_request_get_repeated (copy));
    }
  g_assert_cmpint (cn_request_get_status (cn_review_get_request (review)), ==,
                   CN_REQUEST_STATUS_DECLINED);
}

/* The history's override text is written and read in one place. */
static void
test_override_text (void)
{
  g_autofree char *text = cn_override_format (CN_STEP_FIT, "a reason: with a colon");
  const char *reason = NULL;
  CnStep step = CN_STEP_SEND;

  g_assert_cmpstr (text, ==, "fit: a reason: with a colon");
  g_assert_true (cn_override_parse (text, &step, &reason));
  g_assert_cmpint (step, ==, CN_STEP_FIT);
  g_assert_cmpstr (reason, ==, "a reason: with a colon");
  g_assert_false (cn_override_parse ("nothing: here", &step, &reason));
  g_assert_false (cn_override_parse ("fit", &step, &reason));
  g_assert_false (cn_override_parse (NULL, &step, &reason));
}

/* A contact's card edited as the editor does it: its own tags, one more. */
static void
test_contact_tags_extended (void)
{
  static const char *const tags[] = { "reconversion", "recrutement", NULL };
  g_autoptr (CnContact) contact = cn_contact_new ("Claire Fontanel");
  g_autoptr (GPtrArray) more = g_ptr_array_new ();
  const char *const *now;

  cn_contact_set_expertise (contact, tags);
  for (now = cn_contact_get_expertise (contact); *now != NULL; now++)
    g_ptr_array_add (more, (gpointer) *now);
  g_ptr_array_add (more, "bilan de compétences");
  g_ptr_array_add (more, NULL);
  cn_contact_set_expertise (contact, (const char *const *) more->pdata);

  now = cn_contact_get_expertise (contact);
  g_assert_cmpuint (g_strv_length ((char **) now), ==, 3);
  g_assert_cmpstr (now[0], ==, "reconversion");
  g_assert_cmpstr (now[1], ==, "recrutement");
  g_assert_cmpstr (now[2], ==, "bilan de compétences");
}

/* The list's label for a request, read from the request list's live item as
 * a row reads it, and a review of the same request fed the kept draft as
 * the endorsement editor feeds it. */
typedef struct
{
  CnRequestList *list;
  CnRequest *item;
  gint64 id;
} ListRow;

static void
list_row_init (Fixture *f, ListRow *row, const char *needle)
{
  guint position;

  row->id = find_request (f, needle);
  row->list = cn_request_list_new (f->store);
  position = cn_request_list_find (row->list, row->id);
  g_assert_cmpuint (position, !=, G_MAXUINT);
  row->item = g_list_model_get_item (G_LIST_MODEL (row->list), position);
}

static void
list_row_clear (ListRow *row)
{
  g_clear_object (&row->item);
  g_clear_object (&row->list);
}

static void
assert_list_agrees (Fixture *f, ListRow *row, const char *expected)
{
  g_autoptr (CnReview) review = cn_review_new (f->store, cn_analyzer_get_default (), row->id, "en");
  const char *ready = cn_request_status_get_label (CN_REQUEST_STATUS_READY);
  const char *label = cn_review_get_list_label (row->item);
  g_autofree char *text = NULL;
  CnRelationship relationship = CN_RELATIONSHIP_UNSET;

  cn_store_load_draft (f->store, row->id, &relationship, &text, NULL);
  cn_review_set_endorsement (review, relationship, text != NULL ? text : "Claire, Marta…", 0);
  g_assert_cmpstr (label, ==, expected);
  g_assert_cmpint (g_strcmp0 (label, ready) == 0, ==, cn_review_get_can_forward (review));
}

static void
override (Fixture *f, gint64 id, CnStep step)
{
  g_autofree char *text = cn_override_format (step, "I know them");
  g_autoptr (GError) error = NULL;

  g_assert_true (
      cn_store_record_action (f->store, id, CN_EVENT_ACTION_OVERRIDE, text, -1, NULL, &error));
  g_assert_no_error (error);
}

static void
analyse (Fixture *f, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CnAnalysis) analysis = cn_store_analyze_request (f->store, cn_analyzer_get_default (),
                                                              id, &error);

  g_assert_no_error (error);
}

#define STATUS(text) g_dpgettext2 (GETTEXT_PACKAGE, "request status", text)

/* A motivated request that suits its contact: the list's live item follows
 * the review through the draft, a correction of the checklist, the
 * contact's availability and an override. */
static void
test_list_label_motivated (Fixture *f, gconstpointer data)
{
  const CnCorrection missing = { FALSE, CN_ELEMENT_OBJECTIVE, CN_CORRECTION_MISSING };
  g_autoptr (GError) error = NULL;
  g_autoptr (CnContact) contact = NULL;
  ListRow row;

  list_row_init (f, &row, "outplacement");
  /* Not analysed yet: nothing is judged. */
  assert_list_agrees (f, &row, cn_request_status_get_label (CN_REQUEST_STATUS_NEW));
  analyse (f, row.id);
  assert_list_agrees (f, &row, STATUS ("To endorse"));

  g_assert_true (
      cn_store_save_draft (f->store, row.id, CN_RELATIONSHIP_PROFESSIONAL, NULL, NULL, &error));
  assert_list_agrees (f, &row, cn_request_status_get_label (CN_REQUEST_STATUS_READY));
  /* An endorsement emptied by hand blocks again. */
  g_assert_true (
      cn_store_save_draft (f->store, row.id, CN_RELATIONSHIP_PROFESSIONAL, " ", NULL, &error));
  assert_list_agrees (f, &row, STATUS ("To endorse"));
  g_assert_true (cn_store_save_draft (f->store, row.id, CN_RELATIONSHIP_PROFESSIONAL,
                                      "Claire, je vous recommande Marta.", NULL, &error));
  assert_list_agrees (f, &row, cn_request_status_get_label (CN_REQUEST_STATUS_READY));

  /* The connector corrects the checklist: no objective after all. */
  g_assert_true (cn_store_set_correction (f->store, cn_analyzer_get_default (), row.id, &missing,
                                          NULL, &error));
  g_assert_no_error (error);
  assert_list_agrees (f, &row, STATUS ("Not motivated"));
  g_assert_true (cn_store_remove_correction (f->store, cn_analyzer_get_default (), row.id, FALSE,
                                             CN_ELEMENT_OBJECTIVE, NULL, &error));
  assert_list_agrees (f, &row, cn_request_status_get_label (CN_REQUEST_STATUS_READY));

  contact = cn_store_get_contact (f->store, cn_request_get_target_id (row.item), &error);
  cn_contact_set_away_until (contact, "2099-01-15");
  g_assert_true (cn_store_update_contact (f->store, contact, &error));
  g_assert_no_error (error);
  analyse (f, row.id); /* a contact edited may drop the stored analysis */
  assert_list_agrees (f, &row, STATUS ("Blocked: contact away"));
  override (f, row.id, CN_STEP_AVAILABILITY);
  assert_list_agrees (f, &row, cn_request_status_get_label (CN_REQUEST_STATUS_READY));

  /* A hand-off waits for its answer, then the status speaks. */
  g_assert_true (cn_store_record_action (f->store, row.id, CN_EVENT_ACTION_FORWARD_COPIED, "t", -1,
                                         NULL, &error));
  g_assert_cmpstr (cn_review_get_list_label (row.item), ==, STATUS ("Did you send it?"));
  g_assert_true (cn_store_record_action (f->store, row.id, CN_EVENT_ACTION_FORWARDED, "t",
                                         CN_REQUEST_STATUS_FORWARDED, NULL, &error));
  g_assert_cmpstr (cn_review_get_list_label (row.item), ==,
                   cn_request_status_get_label (CN_REQUEST_STATUS_FORWARDED));
  list_row_clear (&row);
}

/* An unmotivated request: each override moves the label to the next step
 * that blocks, as the review's Send step sees it. */
static void
test_list_label_blocked (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  ListRow row;

  list_row_init (f, &row, "Bonjour Madame, nous avons des points communs");
  analyse (f, row.id);
  g_assert_true (
      cn_store_save_draft (f->store, row.id, CN_RELATIONSHIP_PROFESSIONAL, NULL, NULL, &error));
  assert_list_agrees (f, &row, STATUS ("Not motivated"));

  override (f, row.id, CN_STEP_MOTIVATION);
  /* Nothing tells its kind, and the contact states the kinds they take. */
  assert_list_agrees (f, &row, STATUS ("Blocked: kind not accepted"));
  override (f, row.id, CN_STEP_FIT);
  assert_list_agrees (f, &row, cn_request_status_get_label (CN_REQUEST_STATUS_READY));

  list_row_clear (&row);

  list_row_init (f, &row, "Bonjour, nous avons des points communs. Cdt");
  analyse (f, row.id);
  g_assert_true (cn_store_set_requester_standing (f->store, cn_request_get_requester_id (row.item),
                                                  CN_REQUESTER_STANDING_SCREENED_OUT, &error));
  g_assert_no_error (error);
  list_row_clear (&row); /* "reloaded": the list reads its rows again */
  list_row_init (f, &row, "Bonjour, nous avons des points communs. Cdt");
  assert_list_agrees (f, &row, STATUS ("Requester screened out"));
  list_row_clear (&row);
}

/* Every request of the example data: the list and the review agree on
 * whether a forward may leave. */
static void
test_list_label_agrees_everywhere (Fixture *f, gconstpointer data)
{
  g_autoptr (GArray) ids = cn_store_list_request_ids (f->store, NULL);
  g_autoptr (CnRequestList) list = NULL;
  const char *ready = cn_request_status_get_label (CN_REQUEST_STATUS_READY);
  guint n_ready = 0;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      analyse (f, id);
      if (i % 2 == 0)
        g_assert_true (
            cn_store_save_draft (f->store, id, CN_RELATIONSHIP_MET_ONCE, NULL, NULL, NULL));
    }
  list = cn_request_list_new (f->store);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr (CnRequest) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      CnRequestStatus status = cn_request_get_status (item);
      g_autoptr (CnReview) review = NULL;
      g_autofree char *text = NULL;
      CnRelationship relationship = CN_RELATIONSHIP_UNSET;
      gboolean list_ready = g_strcmp0 (cn_review_get_list_label (item), ready) == 0;

      if ((status != CN_REQUEST_STATUS_NEW && status != CN_REQUEST_STATUS_READY) ||
          cn_request_get_handoff (item) != CN_EVENT_ACTION_UNKNOWN)
        continue;
      review = cn_review_new (f->store, cn_analyzer_get_default (), cn_request_get_id (item), "en");
      cn_store_load_draft (f->store, cn_request_get_id (item), &relationship, &text, NULL);
      cn_review_set_endorsement (review, relationship, "Je vous recommande…", 0);
      g_assert_cmpint (list_ready, ==, cn_review_get_can_forward (review));
      n_ready += list_ready;
    }
  g_assert_cmpuint (n_ready, >, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/review/motivated", Fixture, NULL, set_up, test_motivated, tear_down);
  g_test_add ("/review/follows-store", Fixture, NULL, set_up, test_follows_store, tear_down);
  g_test_add ("/review/campaign", Fixture, NULL, set_up, test_campaign, tear_down);
  g_test_add ("/review/list-label-motivated", Fixture, NULL, set_up, test_list_label_motivated,
              tear_down);
  g_test_add ("/review/list-label-blocked", Fixture, NULL, set_up, test_list_label_blocked,
              tear_down);
  g_test_add ("/review/list-label-agrees-everywhere", Fixture, NULL, set_up,
              test_list_label_agrees_everywhere, tear_down);
  g_test_add_func ("/review/override-text", test_override_text);
  g_test_add_func ("/review/contact-tags-extended", test_contact_tags_extended);

  return g_test_run ();
}
