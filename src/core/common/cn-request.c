/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-request.h"

struct _CnRequest
{
  GObject parent_instance;

  gint64 id;
  gint64 requester_id;
  char *requester_name;
  char *requester_email;
  char *requester_profile_url;
  gint64 target_id;
  char *target_name;
  gint64 received_at;
  char *source;
  char *source_ref;
  char *note_to_connector;
  char *note_to_target;
  CnRequestStatus status;
  CnOutcome outcome;
  CnVerdict verdict;
  guint score;
  guint element_mask;
  guint flag_mask;
  gint64 campaign_id;
  guint campaign_size;
  gboolean mass_sent;
  gboolean repeated;
  guint repeat_count;
  gboolean repeated_after_refusal;
  CnEventAction handoff;
  guint contact_block;
  guint fit_reason;
  guint endorsement_reason;
  guint overridden_steps;
  CnRequesterStanding requester_standing;
  gint64 requester_standing_at;
};

G_DEFINE_FINAL_TYPE (CnRequest, cn_request, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REQUESTER_ID,
  PROP_REQUESTER_NAME,
  PROP_REQUESTER_EMAIL,
  PROP_REQUESTER_PROFILE_URL,
  PROP_TARGET_ID,
  PROP_TARGET_NAME,
  PROP_RECEIVED_AT,
  PROP_SOURCE,
  PROP_SOURCE_REF,
  PROP_NOTE_TO_CONNECTOR,
  PROP_NOTE_TO_TARGET,
  PROP_STATUS,
  PROP_OUTCOME,
  PROP_VERDICT,
  PROP_SCORE,
  PROP_ELEMENT_MASK,
  PROP_FLAG_MASK,
  PROP_CAMPAIGN_ID,
  PROP_CAMPAIGN_SIZE,
  PROP_MASS_SENT,
  PROP_REPEATED,
  PROP_REPEAT_COUNT,
  PROP_REPEATED_AFTER_REFUSAL,
  PROP_EFFECTIVE_VERDICT,
  PROP_HANDOFF,
  PROP_CONTACT_BLOCK,
  PROP_FIT_REASON,
  PROP_ENDORSEMENT_REASON,
  PROP_OVERRIDDEN_STEPS,
  PROP_REQUESTER_STANDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string_prop (CnRequest *self, char **field, const char *value, guint prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_int64_prop (CnRequest *self, gint64 *field, gint64 value, guint prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_uint_prop (CnRequest *self, guint *field, guint value, guint prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_boolean_prop (CnRequest *self, gboolean *field, gboolean value, guint prop_id)
{
  value = !!value;
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static CnVerdict
effective_verdict (CnRequest *self)
{
  if (self->requester_standing == CN_REQUESTER_STANDING_SCREENED_OUT)
    return CN_VERDICT_UNSUITABLE;
  if (self->requester_standing == CN_REQUESTER_STANDING_TRUSTED)
    return self->verdict;
  if (self->verdict == CN_VERDICT_MOTIVATED && (self->mass_sent || self->repeated_after_refusal))
    return CN_VERDICT_INCOMPLETE;

  return self->verdict;
}

static void
cn_request_finalize (GObject *object)
{
  CnRequest *self = (CnRequest *) object;

  g_free (self->requester_name);
  g_free (self->requester_email);
  g_free (self->requester_profile_url);
  g_free (self->target_name);
  g_free (self->source);
  g_free (self->source_ref);
  g_free (self->note_to_connector);
  g_free (self->note_to_target);

  G_OBJECT_CLASS (cn_request_parent_class)->finalize (object);
}

static void
cn_request_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CnRequest *self = CN_REQUEST (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_REQUESTER_ID:
      g_value_set_int64 (value, self->requester_id);
      break;
    case PROP_REQUESTER_NAME:
      g_value_set_string (value, self->requester_name);
      break;
    case PROP_REQUESTER_EMAIL:
      g_value_set_string (value, self->requester_email);
      break;
    case PROP_REQUESTER_PROFILE_URL:
      g_value_set_string (value, self->requester_profile_url);
      break;
    case PROP_TARGET_ID:
      g_value_set_int64 (value, self->target_id);
      break;
    case PROP_TARGET_NAME:
      g_value_set_string (value, self->target_name);
      break;
    case PROP_RECEIVED_AT:
      g_value_set_int64 (value, self->received_at);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_SOURCE_REF:
      g_value_set_string (value, self->source_ref);
      break;
    case PROP_NOTE_TO_CONNECTOR:
      g_value_set_string (value, self->note_to_connector);
      break;
    case PROP_NOTE_TO_TARGET:
      g_value_set_string (value, self->note_to_target);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_OUTCOME:
      g_value_set_int (value, self->outcome);
      break;
    case PROP_VERDICT:
      g_value_set_int (value, self->verdict);
      break;
    case PROP_SCORE:
      g_value_set_uint (value, self->score);
      break;
    case PROP_ELEMENT_MASK:
      g_value_set_uint (value, self->element_mask);
      break;
    case PROP_FLAG_MASK:
      g_value_set_uint (value, self->flag_mask);
      break;
    case PROP_CAMPAIGN_ID:
      g_value_set_int64 (value, self->campaign_id);
      break;
    case PROP_CAMPAIGN_SIZE:
      g_value_set_uint (value, self->campaign_size);
      break;
    case PROP_MASS_SENT:
      g_value_set_boolean (value, self->mass_sent);
      break;
    case PROP_REPEATED:
      g_value_set_boolean (value, self->repeated);
      break;
    case PROP_REPEAT_COUNT:
      g_value_set_uint (value, self->repeat_count);
      break;
    case PROP_REPEATED_AFTER_REFUSAL:
      g_value_set_boolean (value, self->repeated_after_refusal);
      break;
    case PROP_EFFECTIVE_VERDICT:
      g_value_set_int (value, effective_verdict (self));
      break;
    case PROP_HANDOFF:
      g_value_set_int (value, self->handoff);
      break;
    case PROP_CONTACT_BLOCK:
      g_value_set_uint (value, self->contact_block);
      break;
    case PROP_FIT_REASON:
      g_value_set_uint (value, self->fit_reason);
      break;
    case PROP_ENDORSEMENT_REASON:
      g_value_set_uint (value, self->endorsement_reason);
      break;
    case PROP_OVERRIDDEN_STEPS:
      g_value_set_uint (value, self->overridden_steps);
      break;
    case PROP_REQUESTER_STANDING:
      g_value_set_int (value, self->requester_standing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_request_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CnRequest *self = CN_REQUEST (object);

  switch (prop_id)
    {
    case PROP_ID:
      cn_request_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_REQUESTER_ID:
      cn_request_set_requester_id (self, g_value_get_int64 (value));
      break;
    case PROP_REQUESTER_NAME:
      cn_request_set_requester_name (self, g_value_get_string (value));
      break;
    case PROP_REQUESTER_EMAIL:
      cn_request_set_requester_email (self, g_value_get_string (value));
      break;
    case PROP_REQUESTER_PROFILE_URL:
      cn_request_set_requester_profile_url (self, g_value_get_string (value));
      break;
    case PROP_TARGET_ID:
      cn_request_set_target_id (self, g_value_get_int64 (value));
      break;
    case PROP_TARGET_NAME:
      cn_request_set_target_name (self, g_value_get_string (value));
      break;
    case PROP_RECEIVED_AT:
      cn_request_set_received_at (self, g_value_get_int64 (value));
      break;
    case PROP_SOURCE:
      cn_request_set_source (self, g_value_get_string (value));
      break;
    case PROP_SOURCE_REF:
      cn_request_set_source_ref (self, g_value_get_string (value));
      break;
    case PROP_NOTE_TO_CONNECTOR:
      cn_request_set_note_to_connector (self, g_value_get_string (value));
      break;
    case PROP_NOTE_TO_TARGET:
      cn_request_set_note_to_target (self, g_value_get_string (value));
      break;
    case PROP_STATUS:
      cn_request_set_status (self, g_value_get_int (value));
      break;
    case PROP_OUTCOME:
      cn_request_set_outcome (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_request_class_init (CnRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags read_flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cn_request_finalize;
  object_class->get_property = cn_request_get_property;
  object_class->set_property = cn_request_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_REQUESTER_ID] = g_param_spec_int64 ("requester-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                      flags);
  properties[PROP_REQUESTER_NAME] = g_param_spec_string ("requester-name", NULL, NULL, NULL, flags);
  properties[PROP_REQUESTER_EMAIL] = g_param_spec_string ("requester-email", NULL, NULL, NULL,
                                                          flags);
  properties[PROP_REQUESTER_PROFILE_URL] = g_param_spec_string ("requester-profile-url", NULL, NULL,
                                                                NULL, flags);
  properties[PROP_TARGET_ID] = g_param_spec_int64 ("target-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                   flags);
  properties[PROP_TARGET_NAME] = g_param_spec_string ("target-name", NULL, NULL, NULL, flags);
  properties[PROP_RECEIVED_AT] = g_param_spec_int64 ("received-at", NULL, NULL, G_MININT64,
                                                     G_MAXINT64, 0, flags);
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE_REF] = g_param_spec_string ("source-ref", NULL, NULL, NULL, flags);
  properties[PROP_NOTE_TO_CONNECTOR] = g_param_spec_string ("note-to-connector", NULL, NULL, NULL,
                                                            flags);
  properties[PROP_NOTE_TO_TARGET] = g_param_spec_string ("note-to-target", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_int ("status", NULL, NULL, CN_REQUEST_STATUS_NEW,
                                              CN_REQUEST_STATUS_LAST, CN_REQUEST_STATUS_NEW, flags);
  properties[PROP_OUTCOME] = g_param_spec_int ("outcome", NULL, NULL, CN_OUTCOME_NONE,
                                               CN_OUTCOME_LAST, CN_OUTCOME_NONE, flags);
  /* Read-only: set by the store from the stored analysis. */
  properties[PROP_VERDICT] = g_param_spec_int ("verdict", NULL, NULL, CN_VERDICT_NONE,
                                               CN_VERDICT_LAST, CN_VERDICT_NONE, read_flags);
  properties[PROP_SCORE] = g_param_spec_uint ("score", NULL, NULL, 0, 100, 0, read_flags);
  properties[PROP_ELEMENT_MASK] = g_param_spec_uint ("element-mask", NULL, NULL, 0,
                                                     (1u << CN_N_ELEMENTS) - 1, 0, read_flags);
  properties[PROP_FLAG_MASK] = g_param_spec_uint ("flag-mask", NULL, NULL, 0,
                                                  (1u << CN_N_FLAGS) - 1, 0, read_flags);
  /* Read-only: set by the store from the stored triage results. */
  properties[PROP_CAMPAIGN_ID] = g_param_spec_int64 ("campaign-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                     read_flags);
  properties[PROP_CAMPAIGN_SIZE] = g_param_spec_uint ("campaign-size", NULL, NULL, 0, G_MAXUINT, 0,
                                                      read_flags);
  properties[PROP_MASS_SENT] = g_param_spec_boolean ("mass-sent", NULL, NULL, FALSE, read_flags);
  properties[PROP_REPEATED] = g_param_spec_boolean ("repeated", NULL, NULL, FALSE, read_flags);
  properties[PROP_REPEAT_COUNT] = g_param_spec_uint ("repeat-count", NULL, NULL, 0, G_MAXUINT, 0,
                                                     read_flags);
  properties[PROP_REPEATED_AFTER_REFUSAL] = g_param_spec_boolean ("repeated-after-refusal", NULL,
                                                                  NULL, FALSE, read_flags);
  properties[PROP_EFFECTIVE_VERDICT] = g_param_spec_int ("effective-verdict", NULL, NULL,
                                                         CN_VERDICT_NONE, CN_VERDICT_LAST,
                                                         CN_VERDICT_NONE, read_flags);
  /* Read-only: set by the store from the history and the contact. */
  properties[PROP_HANDOFF] = g_param_spec_int ("handoff", NULL, NULL, 0, CN_EVENT_ACTION_LAST,
                                               CN_EVENT_ACTION_UNKNOWN, read_flags);
  properties[PROP_CONTACT_BLOCK] = g_param_spec_uint ("contact-block", NULL, NULL, 0, G_MAXUINT, 0,
                                                      read_flags);
  properties[PROP_FIT_REASON] = g_param_spec_uint ("fit-reason", NULL, NULL, 0, G_MAXUINT, 0,
                                                   read_flags);
  properties[PROP_ENDORSEMENT_REASON] = g_param_spec_uint ("endorsement-reason", NULL, NULL, 0,
                                                           G_MAXUINT, 0, read_flags);
  properties[PROP_OVERRIDDEN_STEPS] = g_param_spec_uint ("overridden-steps", NULL, NULL, 0,
                                                         G_MAXUINT, 0, read_flags);
  properties[PROP_REQUESTER_STANDING] = g_param_spec_int ("requester-standing", NULL, NULL,
                                                          CN_REQUESTER_STANDING_NONE,
                                                          CN_REQUESTER_STANDING_LAST,
                                                          CN_REQUESTER_STANDING_NONE, read_flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cn_request_init (CnRequest *self)
{
  self->status = CN_REQUEST_STATUS_NEW;
}

CnRequest *
cn_request_new (void)
{
  return g_object_new (CN_TYPE_REQUEST, NULL);
}

gint64
cn_request_get_id (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), 0);

  return self->id;
}

void
cn_request_set_id (CnRequest *self, gint64 id)
{
  g_return_if_fail (CN_IS_REQUEST (self));

  set_int64_prop (self, &self->id, id, PROP_ID);
}

gint64
cn_request_get_requester_id (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), 0);

  return self->requester_id;
}

void
cn_request_set_requester_id (CnRequest *self, gint64 id)
{
  g_return_if_fail (CN_IS_REQUEST (self));

  set_int64_prop (self, &self->requester_id, id, PROP_REQUESTER_ID);
}

const char *
cn_request_get_requester_name (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), NULL);

  return self->requester_name;
}

void
cn_request_set_requester_name (CnRequest *self, const char *name)
{
  g_return_if_fail (CN_IS_REQUEST (self));

  set_string_prop (self, &self->requester_name, name, PROP_REQUESTER_NAME);
}

const char *
cn_request_get_requester_email (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), NULL);

  return self->requester_email;
}

void
cn_request_set_requester_email (CnRequest *self, const char *email)
{
  g_return_if_fail (CN_IS_REQUEST (self));

  set_string_prop (self, &self->requester_email, email, PROP_REQUESTER_EMAIL);
}

const char *
cn_request_get_requester_profile_url (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), NULL);

  return self->requester_profile_url;
}

void
cn_request_set_requester_profile_url (CnRequest *self, const char *url)
{
  g_return_if_fail (CN_IS_REQUEST (self));

  set_string_prop (self, &self->requester_profile_url, url, PROP_REQUESTER_PROFILE_URL);
}

gint64
cn_request_get_target_id (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), 0);

  return self->target_id;
}

void
cn_request_set_target_id (CnRequest *self, gint64 id)
{
  g_return_if_fail (CN_IS_REQUEST (self));

  set_int64_prop (self, &self->target_id, id, PROP_TARGET_ID);
}

const char *
cn_request_get_target_name (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), NULL);

  return self->target_name;
}

void
cn_request_set_target_name (CnRequest *self, const char *name)
{
  g_return_if_fail (CN_IS_REQUEST (self));

  set_string_prop (self, &self->target_name, name, PROP_TARGET_NAME);
}

gint64
cn_request_get_received_at (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), 0);

  return self->received_at;
}

void
cn_request_set_received_at (CnRequest *self, gint64 unix_time)
{
  g_return_if_fail (CN_IS_REQUEST (self));

  set_int64_prop (self, &self->received_at, unix_time, PROP_RECEIVED_AT);
}

const char *
cn_request_get_source (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), NULL);

  return self->source;
}

void
cn_request_set_source (CnRequest *self, const char *source)
{
  g_return_if_fail (CN_IS_REQUEST (self));

  set_string_prop (self, &self->source, source, PROP_SOURCE);
}

const char *
cn_request_get_source_ref (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), NULL);

  return self->source_ref;
}

void
cn_request_set_source_ref (CnRequest *self, const char *source_ref)
{
  g_return_if_fail (CN_IS_REQUEST (self));

  set_string_prop (self, &self->source_ref, source_ref, PROP_SOURCE_REF);
}

const char *
cn_request_get_note_to_connector (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), NULL);

  return self->note_to_connector;
}

void
cn_request_set_note_to_connector (CnRequest *self, const char *note)
{
  g_return_if_fail (CN_IS_REQUEST (self));

  set_string_prop (self, &self->note_to_connector, note, PROP_NOTE_TO_CONNECTOR);
}

const char *
cn_request_get_note_to_target (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), NULL);

  return self->note_to_target;
}

void
cn_request_set_note_to_target (CnRequest *self, const char *note)
{
  g_return_if_fail (CN_IS_REQUEST (self));

  set_string_prop (self, &self->note_to_target, note, PROP_NOTE_TO_TARGET);
}

CnRequestStatus
cn_request_get_status (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), CN_REQUEST_STATUS_NEW);

  return self->status;
}

void
cn_request_set_status (CnRequest *self, CnRequestStatus status)
{
  g_return_if_fail (CN_IS_REQUEST (self));

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

CnOutcome
cn_request_get_outcome (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), CN_OUTCOME_NONE);

  return self->outcome;
}

void
cn_request_set_outcome (CnRequest *self, CnOutcome outcome)
{
  g_return_if_fail (CN_IS_REQUEST (self));
  g_return_if_fail ((guint) outcome <= CN_OUTCOME_LAST);

  if (self->outcome == outcome)
    return;

  self->outcome = outcome;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);
}

CnVerdict
cn_request_get_verdict (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), CN_VERDICT_NONE);

  return self->verdict;
}

guint
cn_request_get_score (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), 0);

  return self->score;
}

guint
cn_request_get_element_mask (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), 0);

  return self->element_mask;
}

guint
cn_request_get_flag_mask (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), 0);

  return self->flag_mask;
}

void
cn_request_set_analysis_summary (
    CnRequest *self, CnVerdict verdict, guint score, guint element_mask, guint flag_mask)
{
  g_return_if_fail (CN_IS_REQUEST (self));
  g_return_if_fail (verdict <= CN_VERDICT_LAST);

  if (verdict == CN_VERDICT_NONE)
    score = element_mask = flag_mask = 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->verdict != verdict)
    {
      CnVerdict before = effective_verdict (self);

      self->verdict = verdict;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
      if (effective_verdict (self) != before)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTIVE_VERDICT]);
    }
  set_uint_prop (self, &self->score, MIN (score, 100), PROP_SCORE);
  set_uint_prop (self, &self->element_mask, element_mask & ((1u << CN_N_ELEMENTS) - 1),
                 PROP_ELEMENT_MASK);
  set_uint_prop (self, &self->flag_mask, flag_mask & ((1u << CN_N_FLAGS) - 1), PROP_FLAG_MASK);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
cn_request_get_campaign_id (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), 0);

  return self->campaign_id;
}

guint
cn_request_get_campaign_size (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), 0);

  return self->campaign_size;
}

gboolean
cn_request_get_mass_sent (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), FALSE);

  return self->mass_sent;
}

gboolean
cn_request_get_repeated (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), FALSE);

  return self->repeated;
}

guint
cn_request_get_repeat_count (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), 0);

  return self->repeat_count;
}

gboolean
cn_request_get_repeated_after_refusal (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), FALSE);

  return self->repeated_after_refusal;
}

void
cn_request_set_triage_summary (CnRequest *self,
                               gint64 campaign_id,
                               guint campaign_size,
                               gboolean mass_sent,
                               gboolean repeated,
                               guint repeat_count,
                               gboolean repeated_after_refusal)
{
  CnVerdict before;

  g_return_if_fail (CN_IS_REQUEST (self));

  before = effective_verdict (self);
  g_object_freeze_notify (G_OBJECT (self));
  set_int64_prop (self, &self->campaign_id, MAX (campaign_id, 0), PROP_CAMPAIGN_ID);
  set_uint_prop (self, &self->campaign_size, campaign_size, PROP_CAMPAIGN_SIZE);
  set_boolean_prop (self, &self->mass_sent, mass_sent, PROP_MASS_SENT);
  set_boolean_prop (self, &self->repeated, repeated, PROP_REPEATED);
  set_uint_prop (self, &self->repeat_count, repeat_count, PROP_REPEAT_COUNT);
  set_boolean_prop (self, &self->repeated_after_refusal, repeated && repeated_after_refusal,
                    PROP_REPEATED_AFTER_REFUSAL);
  if (effective_verdict (self) != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTIVE_VERDICT]);
  g_object_thaw_notify (G_OBJECT (self));
}

CnVerdict
cn_request_get_effective_verdict (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), CN_VERDICT_NONE);

  return effective_verdict (self);
}

CnEventAction
cn_request_get_handoff (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), CN_EVENT_ACTION_UNKNOWN);

  return self->handoff;
}

guint
cn_request_get_contact_block (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), 0);

  return self->contact_block;
}

void
cn_request_set_list_state (CnRequest *self, CnEventAction handoff, guint contact_block)
{
  g_return_if_fail (CN_IS_REQUEST (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->handoff != handoff)
    {
      self->handoff = handoff;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HANDOFF]);
    }
  set_uint_prop (self, &self->contact_block, contact_block, PROP_CONTACT_BLOCK);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
cn_request_get_fit_reason (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), 0);

  return self->fit_reason;
}

guint
cn_request_get_endorsement_reason (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), 0);

  return self->endorsement_reason;
}

guint
cn_request_get_overridden_steps (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), 0);

  return self->overridden_steps;
}

void
cn_request_set_step_state (CnRequest *self,
                           guint fit_reason,
                           guint endorsement_reason,
                           guint overridden_steps)
{
  g_return_if_fail (CN_IS_REQUEST (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_uint_prop (self, &self->fit_reason, fit_reason, PROP_FIT_REASON);
  set_uint_prop (self, &self->endorsement_reason, endorsement_reason, PROP_ENDORSEMENT_REASON);
  set_uint_prop (self, &self->overridden_steps, overridden_steps, PROP_OVERRIDDEN_STEPS);
  g_object_thaw_notify (G_OBJECT (self));
}

CnRequesterStanding
cn_request_get_requester_standing (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), CN_REQUESTER_STANDING_NONE);

  return self->requester_standing;
}

gint64
cn_request_get_requester_standing_at (CnRequest *self)
{
  g_return_val_if_fail (CN_IS_REQUEST (self), 0);

  return self->requester_standing_at;
}

void
cn_request_set_requester_standing (CnRequest *self, CnRequesterStanding standing, gint64 since)
{
  CnVerdict before;

  g_return_if_fail (CN_IS_REQUEST (self));
  g_return_if_fail (standing <= CN_REQUESTER_STANDING_LAST);

  if (standing == CN_REQUESTER_STANDING_NONE)
    since = 0;
  self->requester_standing_at = since;
  if (self->requester_standing == standing)
    return;

  before = effective_verdict (self);
  g_object_freeze_notify (G_OBJECT (self));
  self->requester_standing = standing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUESTER_STANDING]);
  if (effective_verdict (self) != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTIVE_VERDICT]);
  g_object_thaw_notify (G_OBJECT (self));
}
