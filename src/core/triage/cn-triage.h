/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cn-enums.h"
#include "cn-fingerprint.h"

G_BEGIN_DECLS

/* Mass-sent and repeated requests.
 *
 * Each note to a target gets a fingerprint that survives what senders change
 * between copies (the target's name, greeting and signature, punctuation,
 * case, accents, a word or two). CnTriage is an incremental index of
 * requests: adding or removing one updates campaigns and repeats without
 * rescanning everything.
 *
 * A campaign is a set of requests whose notes match, sent to at least
 * min-campaign-targets distinct contacts, from one requester or several (a
 * shared template). A repeat is the same requester asking again for the same
 * contact within repeat-window-days, or sending any new request after the
 * connector declined or asked them to motivate an earlier one.
 *
 * Notes of fewer than 4 words once greeting, names and signature are taken
 * out never form campaigns. A CnTriage is not thread-safe: use it from one
 * thread at a time. */

/* One request as the triage sees it. Strings are copied. */
typedef struct
{
  gint64 id;
  /* Who asks: the profile URL when known, else the e-mail, else the name
   * (cn_triage_requester_key() makes it). */
  const char *requester_key;
  /* Whom for: a contact id as a string, or a normalised name. */
  const char *target_key;
  gint64 received_at; /* Unix time */
  CnRequestStatus status;
  /* The note's fingerprint; NULL to compute it from note_to_target. */
  const CnFingerprint *fingerprint;
  const char *note_to_target;
  const char *target_name;
  /* May be NULL; taken out of the note too (a signature). */
  const char *requester_name;
} CnTriageItem;

/* What the triage knows of one request. */
typedef struct
{
  gint64 campaign_id;  /* 0: none; stable while the campaign lasts (its oldest request's id) */
  guint campaign_size; /* distinct targets of the campaign, 0 when none */
  gint64 campaign_first_at;
  gint64 campaign_last_at;
  gboolean mass_sent; /* in a campaign */
  gboolean repeated;
  guint repeat_count; /* earlier requests that make this one a repeat */
} CnTriageInfo;

#define CN_TYPE_TRIAGE (cn_triage_get_type ())
G_DECLARE_FINAL_TYPE (CnTriage, cn_triage, CN, TRIAGE, GObject)

/* Defaults: 3 distinct targets (at least 2), 30 days. Properties
 * "min-campaign-targets" and "repeat-window-days", set at construction. */
CnTriage *cn_triage_new (guint min_campaign_targets, guint repeat_window_days);

/* "https://linkedin.com/in/x" → normalised URL; else lower-case e-mail; else
 * the name's cn_text_fold_words() key (case, accents, punctuation, spaces).
 * Newly allocated; NULL if all are. */
char *cn_triage_requester_key (const char *name, const char *email, const char *profile_url);

/* Adds or replaces a request. The ids of every request whose CnTriageInfo
 * changed (this one included; a removed one too) are appended to changed
 * (may be NULL). A campaign's first and last dates are not reported (they
 * move with every copy): read them with cn_triage_get_info(). Fast: well
 * under 1 ms with 100,000 requests indexed. With changed NULL (a bulk load)
 * the results are computed when next read or reported, each item once. */
void cn_triage_add (CnTriage *self, const CnTriageItem *item, GArray *changed);
void cn_triage_remove (CnTriage *self, gint64 id, GArray *changed);
/* A decline or an ask for motivation makes the requester's later requests repeats. */
void cn_triage_set_status (CnTriage *self, gint64 id, CnRequestStatus status, GArray *changed);

gboolean cn_triage_get_info (CnTriage *self, gint64 id, CnTriageInfo *out_info);
/* The fingerprint used for a request (to store it), or FALSE if unknown. */
gboolean cn_triage_get_fingerprint (CnTriage *self, gint64 id, CnFingerprint *out_fingerprint);
/* Request ids (gint64) of a campaign, oldest first. */
GArray *cn_triage_list_campaign (CnTriage *self, gint64 campaign_id);
/* Campaign ids (gint64), the biggest first, then the most recent. */
GArray *cn_triage_list_campaigns (CnTriage *self);
/* The earlier requests (gint64 ids, oldest first) that make id a repeat. */
GArray *cn_triage_list_repeat_of (CnTriage *self, gint64 id);
guint cn_triage_get_n_requests (CnTriage *self);

G_END_DECLS
