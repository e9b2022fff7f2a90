/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-review.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cn-analysis-queue.h"
#include "cn-diff.h"
#include "cn-store-corrections.h"

/* Notes are short; a pasted document is compared on its beginning only. */
#define MAX_DIFF_WORDS 400

struct _CnReview
{
  GObject parent_instance;

  CnStore *store;
  CnAnalyzer *analyzer;
  gint64 request_id;
  char *ui_lang;

  CnRequest *request;
  CnContact *contact;
  CnAnalysis *analysis;
  GError *analysis_error;
  const char *lang; /* static */
  CnFit *fit;
  CnAvailabilityCheck availability;
  gboolean overridden[CN_N_STEPS];
  CnStepCheck checks[CN_N_STEPS];
  gboolean can_forward;
  /* Bumped by each read of the store (load()). */
  guint serial;
  GPtrArray *campaign;
  GPtrArray *earlier;
  GArray *differences;

  /* From the endorsement editor */
  gboolean has_endorsement;
  CnRelationship relationship;
  char *endorsement;
  guint n_unknown_placeholders;
};

G_DEFINE_FINAL_TYPE (CnReview, cn_review, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_FORWARD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Reading */

/* Related requests are few (a campaign, a requester's history): read them
 * whole. Unreadable ones are left out. */
static GPtrArray *
load_requests (CnReview *self, GArray *ids)
{
  GPtrArray *requests = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; ids != NULL && i < ids->len && i < CN_REVIEW_MAX_RELATED; i++)
    {
      CnRequest *request = cn_store_get_request (self->store, g_array_index (ids, gint64, i), NULL);

      if (request != NULL)
        g_ptr_array_add (requests, request);
    }
  return requests;
}

/* The words of this copy that the campaign's first other copy does not have. */
static GArray *
campaign_differences (CnRequest *request, GPtrArray *campaign)
{
  const char *note = cn_request_get_note_to_target (request);

  if (note == NULL || !g_utf8_validate (note, -1, NULL))
    return NULL;
  for (guint i = 0; i < campaign->len; i++)
    {
      CnRequest *other = g_ptr_array_index (campaign, i);

      if (cn_request_get_id (other) != cn_request_get_id (request))
        return cn_diff_words (note, cn_request_get_note_to_target (other), MAX_DIFF_WORDS);
    }
  return NULL;
}

static void
load_related (CnReview *self)
{
  g_autoptr (GArray) campaign_ids = NULL;
  g_autoptr (GArray) earlier_ids = NULL;

  if (cn_request_get_mass_sent (self->request))
    campaign_ids = cn_store_list_campaign_requests (self->store,
                                                    cn_request_get_campaign_id (self->request),
                                                    NULL);
  if (cn_request_get_repeated (self->request))
    earlier_ids = cn_store_list_repeat_of (self->store, self->request_id, NULL);
  self->campaign = load_requests (self, campaign_ids);
  self->earlier = load_requests (self, earlier_ids);
  self->differences = campaign_differences (self->request, self->campaign);
}

/* The language replies to the requester are written in: the request's own,
 * else the interface's. */
static const char *
reply_lang (CnReview *self)
{
  const char *lang = self->analysis ? cn_analysis_get_lang (self->analysis) : NULL;

  if (g_strcmp0 (lang, "fr") == 0 || g_strcmp0 (lang, "en") == 0)
    return g_intern_string (lang);
  return g_intern_string (g_strcmp0 (self->ui_lang, "fr") == 0 ? "fr" : "en");
}

/* Overrides are history events: they last, and show in the history. */
static void
load_overrides (CnReview *self)
{
  g_autoptr (GPtrArray) events = cn_store_list_events (self->store, self->request_id, NULL);

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      CnEvent *event = g_ptr_array_index (events, i);
      CnStep step;

      if (event->action == CN_EVENT_ACTION_OVERRIDE &&
          cn_override_parse (event->text, &step, NULL) && step < CN_STEP_ENDORSEMENT)
        self->overridden[step] = TRUE;
    }
}

static void
load_availability (CnReview *self)
{
  guint forwards = 0;
  GDate today;

  cn_availability_today (&today);
  /* Only confirmed forwards count: a hand-off waiting for "Did you send it?" does not. */
  if (self->contact != NULL)
    forwards = cn_store_count_forwards_to_contact (self->store, cn_contact_get_id (self->contact),
                                                   cn_availability_window_start ());
  cn_availability_check (self->contact, forwards, &today, &self->availability);
}

static void
clear (CnReview *self)
{
  g_clear_object (&self->request);
  g_clear_object (&self->contact);
  g_clear_object (&self->analysis);
  g_clear_error (&self->analysis_error);
  g_clear_pointer (&self->fit, cn_fit_free);
  g_clear_pointer (&self->campaign, g_ptr_array_unref);
  g_clear_pointer (&self->earlier, g_ptr_array_unref);
  g_clear_pointer (&self->differences, g_array_unref);
  memset (&self->availability, 0, sizeof self->availability);
  memset (self->overridden, 0, sizeof self->overridden);
}

/* The motivation of the request as it reads now: the stored verdict may be
 * gone (its contact was edited) or not made yet; the live analysis is the
 * same rule on the same text, so the header and the step always agree. */
static CnStepCheck
check_motivation (CnReview *self)
{
  CnRequest *request = self->request;
  CnAnalysis *analysis = self->analysis;
  CnVerdict verdict = analysis != NULL ? cn_analysis_get_verdict (analysis) : CN_VERDICT_NONE;
  guint elements = analysis != NULL ? cn_analysis_get_element_mask (analysis) : 0;
  guint flags = analysis != NULL ? cn_analysis_get_flag_mask (analysis) : 0;

  return cn_verification_check_request_motivation (cn_request_get_requester_standing (request),
                                                   verdict, elements, flags,
                                                   cn_request_get_mass_sent (request),
                                                   cn_request_get_repeated (request),
                                                   cn_request_get_repeated_after_refusal (request));
}

static void
update_checks (CnReview *self)
{
  gboolean could_forward = self->can_forward;

  if (self->request == NULL)
    {
      for (guint i = 0; i < CN_N_STEPS; i++)
        self->checks[i] = (CnStepCheck){ CN_CHECK_PENDING, CN_STEP_REASON_NOT_ANALYSED };
    }
  else
    {
      self->checks[CN_STEP_MOTIVATION] = check_motivation (self);
      self->checks[CN_STEP_FIT] = cn_verification_check_fit (self->contact ? self->fit : NULL);
      self->checks[CN_STEP_AVAILABILITY] = cn_verification_check_availability (&self->availability);
      if (self->has_endorsement)
        self->checks[CN_STEP_ENDORSEMENT] =
            cn_verification_check_endorsement (self->relationship, self->endorsement,
                                               self->n_unknown_placeholders);
      else
        self->checks[CN_STEP_ENDORSEMENT] = (CnStepCheck){ CN_CHECK_PENDING,
                                                           CN_STEP_REASON_NO_RELATIONSHIP };
      self->checks[CN_STEP_SEND] = cn_verification_check_send (self->checks, self->overridden);
    }
  self->can_forward = self->request != NULL && self->checks[CN_STEP_SEND].result == CN_CHECK_PASS;
  if (could_forward != self->can_forward)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_FORWARD]);
}

static void
load (CnReview *self)
{
  g_autoptr (CnContact) input_contact = NULL;
  g_autoptr (CnAnalysis) raw = NULL;
  CnAnalysisInput input;
  const char *fit_lang;

  clear (self);
  self->serial++;
  self->request = cn_store_get_request (self->store, self->request_id, NULL);
  if (self->request != NULL)
    {
      cn_store_get_analysis_input (self->store, self->request, &input, &input_contact);
      self->contact = g_steal_pointer (&input_contact);
      raw = cn_analyzer_analyze (self->analyzer, &input, &self->analysis_error);
      if (raw != NULL)
        self->analysis = cn_store_apply_corrections (self->store, self->request_id, raw);
      self->lang = reply_lang (self);
      /* In the language the analysis found, as the store judges the list's
       * fit (cn_store_get_list_request()): not the interface's. */
      fit_lang = cn_fit_lang (self->analysis != NULL ? cn_analysis_get_lang (self->analysis)
                                                     : NULL);
      self->fit = cn_fit_compute (cn_request_get_note_to_target (self->request),
                                  cn_request_get_note_to_connector (self->request), fit_lang,
                                  self->contact);
      load_related (self);
      load_overrides (self);
      load_availability (self);
    }
  else
    self->lang = reply_lang (self);
  update_checks (self);
}

/* Store signals: what the review shows may have changed behind it. */

static gboolean
is_related (CnReview *self, gint64 id)
{
  GPtrArray *lists[] = { self->campaign, self->earlier };

  if (id == self->request_id)
    return TRUE;
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l] != NULL && i < lists[l]->len; i++)
      if (cn_request_get_id (g_ptr_array_index (lists[l], i)) == id)
        return TRUE;
  return FALSE;
}

static void
on_request_changed_cb (CnReview *self, gint64 id, CnStore *store)
{
  if (is_related (self, id))
    cn_review_reload (self);
}

static void
on_store_changed_cb (CnReview *self, CnStore *store)
{
  cn_review_reload (self);
}

/* GObject */

static void
cn_review_dispose (GObject *object)
{
  CnReview *self = CN_REVIEW (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  clear (self);
  g_clear_object (&self->store);
  g_clear_object (&self->analyzer);

  G_OBJECT_CLASS (cn_review_parent_class)->dispose (object);
}

static void
cn_review_finalize (GObject *object)
{
  CnReview *self = CN_REVIEW (object);

  g_free (self->ui_lang);
  g_free (self->endorsement);

  G_OBJECT_CLASS (cn_review_parent_class)->finalize (object);
}

static void
cn_review_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CnReview *self = CN_REVIEW (object);

  switch (prop_id)
    {
    case PROP_CAN_FORWARD:
      g_value_set_boolean (value, self->can_forward);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_review_class_init (CnReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cn_review_dispose;
  object_class->finalize = cn_review_finalize;
  object_class->get_property = cn_review_get_property;

  properties[PROP_CAN_FORWARD] = g_param_spec_boolean ("can-forward", NULL, NULL, FALSE,
                                                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                           G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Anything may have changed: render it all again. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
cn_review_init (CnReview *self)
{
}

/* Public API */

CnReview *
cn_review_new (CnStore *store, CnAnalyzer *analyzer, gint64 request_id, const char *ui_lang)
{
  CnReview *self;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);
  g_return_val_if_fail (CN_IS_ANALYZER (analyzer), NULL);

  self = g_object_new (CN_TYPE_REVIEW, NULL);
  self->store = g_object_ref (store);
  self->analyzer = g_object_ref (analyzer);
  self->request_id = request_id;
  self->ui_lang = g_strdup (ui_lang);
  load (self);

  g_signal_connect_swapped (store, "request-changed", G_CALLBACK (on_request_changed_cb), self);
  g_signal_connect_swapped (store, "request-removed", G_CALLBACK (on_request_changed_cb), self);
  g_signal_connect_swapped (store, "contacts-changed", G_CALLBACK (on_store_changed_cb), self);
  g_signal_connect_swapped (store, "triage-changed", G_CALLBACK (on_store_changed_cb), self);
  g_signal_connect_swapped (store, "reloaded", G_CALLBACK (on_store_changed_cb), self);
  return self;
}

guint
cn_review_get_serial (CnReview *self)
{
  g_return_val_if_fail (CN_IS_REVIEW (self), 0);

  return self->serial;
}

gint64
cn_review_get_request_id (CnReview *self)
{
  g_return_val_if_fail (CN_IS_REVIEW (self), 0);

  return self->request_id;
}

CnRequest *
cn_review_get_request (CnReview *self)
{
  g_return_val_if_fail (CN_IS_REVIEW (self), NULL);

  return self->request;
}

CnContact *
cn_review_get_contact (CnReview *self)
{
  g_return_val_if_fail (CN_IS_REVIEW (self), NULL);

  return self->contact;
}

CnAnalysis *
cn_review_get_analysis (CnReview *self, const GError **out_error)
{
  g_return_val_if_fail (CN_IS_REVIEW (self), NULL);

  if (out_error != NULL)
    *out_error = self->analysis_error;
  return self->analysis;
}

const char *
cn_review_get_lang (CnReview *self)
{
  g_return_val_if_fail (CN_IS_REVIEW (self), NULL);

  return self->lang;
}

const CnFit *
cn_review_get_fit (CnReview *self)
{
  g_return_val_if_fail (CN_IS_REVIEW (self), NULL);

  return self->fit;
}

const CnAvailabilityCheck *
cn_review_get_availability (CnReview *self)
{
  g_return_val_if_fail (CN_IS_REVIEW (self), NULL);

  return &self->availability;
}

CnStepCheck
cn_review_get_check (CnReview *self, CnStep step)
{
  CnStepCheck none = { CN_CHECK_PENDING, CN_STEP_REASON_NOT_ANALYSED };

  g_return_val_if_fail (CN_IS_REVIEW (self), none);
  g_return_val_if_fail ((guint) step < CN_N_STEPS, none);

  return self->checks[step];
}

gboolean
cn_review_get_overridden (CnReview *self, CnStep step)
{
  g_return_val_if_fail (CN_IS_REVIEW (self), FALSE);
  g_return_val_if_fail ((guint) step < CN_N_STEPS, FALSE);

  return step < CN_STEP_ENDORSEMENT && self->overridden[step];
}

int
cn_review_get_overridable_step (CnReview *self)
{
  g_return_val_if_fail (CN_IS_REVIEW (self), -1);

  if (self->request == NULL)
    return -1;
  for (guint i = 0; i < CN_STEP_ENDORSEMENT; i++)
    if (self->checks[i].result == CN_CHECK_FAIL && !self->overridden[i])
      return i;
  return -1;
}

gboolean
cn_review_get_can_forward (CnReview *self)
{
  g_return_val_if_fail (CN_IS_REVIEW (self), FALSE);

  return self->can_forward;
}

GPtrArray *
cn_review_get_campaign (CnReview *self)
{
  g_return_val_if_fail (CN_IS_REVIEW (self), NULL);

  return self->campaign;
}

GPtrArray *
cn_review_get_earlier (CnReview *self)
{
  g_return_val_if_fail (CN_IS_REVIEW (self), NULL);

  return self->earlier;
}

GArray *
cn_review_get_differences (CnReview *self)
{
  g_return_val_if_fail (CN_IS_REVIEW (self), NULL);

  return self->differences;
}

void
cn_review_set_endorsement (CnReview *self,
                           CnRelationship relationship,
                           const char *text,
                           guint n_unknown_placeholders)
{
  char *copy;

  g_return_if_fail (CN_IS_REVIEW (self));

  self->has_endorsement = TRUE;
  self->relationship = relationship;
  /* Copied first: @text may be the one this review holds. */
  copy = g_strdup (text);
  g_free (self->endorsement);
  self->endorsement = copy;
  self->n_unknown_placeholders = n_unknown_placeholders;
  update_checks (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

CnRelationship
cn_review_get_relationship (CnReview *self)
{
  g_return_val_if_fail (CN_IS_REVIEW (self), CN_RELATIONSHIP_UNSET);

  return self->relationship;
}

guint
cn_review_get_n_unknown_placeholders (CnReview *self)
{
  g_return_val_if_fail (CN_IS_REVIEW (self), 0);

  return self->n_unknown_placeholders;
}

void
cn_review_reload (CnReview *self)
{
  g_return_if_fail (CN_IS_REVIEW (self));

  if (self->store == NULL)
    return;
  load (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The review's checks of the first four steps from what the store read with
 * the request (cn_request_set_step_state()), by the same rules as load(). */
static void
list_checks (CnRequest *request,
             CnStepCheck checks[CN_STEP_SEND],
             gboolean overridden[CN_STEP_SEND])
{
  guint block = cn_request_get_contact_block (request);
  guint overridden_steps = cn_request_get_overridden_steps (request);

  checks[CN_STEP_MOTIVATION] = cn_verification_check_stored_motivation (request);
  checks[CN_STEP_FIT] = cn_verification_check_from_reason (cn_request_get_fit_reason (request));
  checks[CN_STEP_AVAILABILITY] = (CnStepCheck){ block != 0 ? CN_CHECK_FAIL : CN_CHECK_PASS,
                                                CN_STEP_REASON_AVAILABILITY };
  checks[CN_STEP_ENDORSEMENT] = cn_verification_check_from_reason (
      cn_request_get_endorsement_reason (request));
  for (guint i = 0; i < CN_STEP_SEND; i++)
    overridden[i] = i < CN_STEP_ENDORSEMENT && (overridden_steps & (1u << i)) != 0;
}

static const char *
availability_label (guint block)
{
  switch (block)
    {
    case CN_AVAILABILITY_REASON_CLOSED:
      return C_("request status", "Blocked: contact closed to introductions");
    case CN_AVAILABILITY_REASON_AWAY:
      return C_("request status", "Blocked: contact away");
    case CN_AVAILABILITY_REASON_CAP_REACHED:
      return C_("request status", "Blocked: contact’s limit reached");
    case CN_AVAILABILITY_REASON_NO_CONTACT:
    default:
      return C_("request status", "Blocked: no contact");
    }
}

const char *
cn_review_get_list_label (CnRequest *request)
{
  CnStepCheck checks[CN_STEP_SEND];
  gboolean overridden[CN_STEP_SEND];
  CnRequestStatus status;

  g_return_val_if_fail (CN_IS_REQUEST (request), NULL);

  status = cn_request_get_status (request);
  if (cn_request_get_handoff (request) != CN_EVENT_ACTION_UNKNOWN)
    return C_("request status", "Did you send it?");
  if (status != CN_REQUEST_STATUS_NEW && status != CN_REQUEST_STATUS_READY)
    return cn_request_status_get_label (status);

  list_checks (request, checks, overridden);
  switch (cn_verification_first_blocking_step (checks, overridden))
    {
    case CN_STEP_MOTIVATION:
      switch (checks[CN_STEP_MOTIVATION].reason)
        {
        case CN_STEP_REASON_SCREENED_OUT:
          return C_("request status", "Requester screened out");
        case CN_STEP_REASON_NOT_ANALYSED:
          /* The analysis is on its way: nothing is judged yet. */
          return cn_request_status_get_label (CN_REQUEST_STATUS_NEW);
        default:
          return C_("request status", "Not motivated");
        }
    case CN_STEP_FIT:
      switch (checks[CN_STEP_FIT].reason)
        {
        case CN_STEP_REASON_NO_TARGET:
          return availability_label (CN_AVAILABILITY_REASON_NO_CONTACT);
        case CN_STEP_REASON_KIND_NOT_ACCEPTED:
          return C_("request status", "Blocked: kind not accepted");
        case CN_STEP_REASON_FIT_NONE:
          return C_("request status", "Fit to check");
        default:
          return cn_request_status_get_label (CN_REQUEST_STATUS_NEW);
        }
    case CN_STEP_AVAILABILITY:
      return availability_label (cn_request_get_contact_block (request));
    case CN_STEP_ENDORSEMENT:
      return C_("request status", "To endorse");
    case CN_STEP_SEND:
    default:
      return cn_request_status_get_label (CN_REQUEST_STATUS_READY);
    }
}
