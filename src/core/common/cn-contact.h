/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cn-enums.h"

G_BEGIN_DECLS

#define CN_TYPE_CONTACT (cn_contact_get_type ())
G_DECLARE_FINAL_TYPE (CnContact, cn_contact, CN, CONTACT, GObject)

/* A member of the connector's network: the person a request wants to reach.
 * Every property is also a GObject property of the same name (id, name, email,
 * profile-url, company, position, expertise, accepted-kinds, availability,
 * away-until, monthly-cap, tie-strength, notes). Strings are never NULL once
 * set through the store; unset optional strings are NULL. */
CnContact *cn_contact_new (const char *name);

gint64 cn_contact_get_id (CnContact *self);
void cn_contact_set_id (CnContact *self, gint64 id);
const char *cn_contact_get_name (CnContact *self);
void cn_contact_set_name (CnContact *self, const char *name);
const char *cn_contact_get_email (CnContact *self);
void cn_contact_set_email (CnContact *self, const char *email);
const char *cn_contact_get_profile_url (CnContact *self);
void cn_contact_set_profile_url (CnContact *self, const char *profile_url);
const char *cn_contact_get_company (CnContact *self);
void cn_contact_set_company (CnContact *self, const char *company);
const char *cn_contact_get_position (CnContact *self);
void cn_contact_set_position (CnContact *self, const char *position);
/* NULL-terminated; never NULL (an empty vector when there are no tags). */
const char *const *cn_contact_get_expertise (CnContact *self);
void cn_contact_set_expertise (CnContact *self, const char *const *tags);
CnRequestKind cn_contact_get_accepted_kinds (CnContact *self);
void cn_contact_set_accepted_kinds (CnContact *self, CnRequestKind kinds);
CnAvailability cn_contact_get_availability (CnContact *self);
void cn_contact_set_availability (CnContact *self, CnAvailability availability);
/* ISO 8601 date (YYYY-MM-DD) or NULL. */
const char *cn_contact_get_away_until (CnContact *self);
void cn_contact_set_away_until (CnContact *self, const char *date);
guint cn_contact_get_monthly_cap (CnContact *self);
void cn_contact_set_monthly_cap (CnContact *self, guint cap);
CnTieStrength cn_contact_get_tie_strength (CnContact *self);
void cn_contact_set_tie_strength (CnContact *self, CnTieStrength tie);
/* "tu" when they asked to be addressed with "tu": the endorsement sent to
 * them in French then uses it. VOUS by default. */
CnRegister cn_contact_get_address_form (CnContact *self);
void cn_contact_set_address_form (CnContact *self, CnRegister form);
const char *cn_contact_get_notes (CnContact *self);
void cn_contact_set_notes (CnContact *self, const char *notes);

/* Search: @text folded for matching (cn_text_fold(): lower case, accents
 * removed, "œ" as "oe", "ß" as "ss"), never NULL. */
char *cn_contact_fold_for_search (const char *text);
/* The words of a search query, folded, without empty ones (never NULL). */
char **cn_contact_split_search (const char *query);
/* TRUE when every word of @folded_words (from cn_contact_split_search())
 * occurs in the contact's name, company, position, e-mail or expertise tags,
 * whatever their case and accents. No words match. The folded fields are
 * kept until one changes, so filtering thousands of contacts per keystroke
 * stays cheap (not thread-safe: one thread per contact). */
gboolean cn_contact_matches_search (CnContact *self, const char *const *folded_words);
/* Order: names as people read them, "Émile" next to "Emma" whatever the
 * locale does with accents. The key of @self's name (folded, then collated);
 * compare two contacts with their keys (ties: by name, then id). */
char *cn_contact_dup_sort_key (CnContact *self);
int cn_contact_compare_sorted (CnContact *a, const char *key_a, CnContact *b, const char *key_b);
/* Sorts @contacts (CnContact) in that order, in place. */
void cn_contact_sort_by_name (GPtrArray *contacts);

/* A plausible single address ("name@domain.tld"); FALSE for an empty one. */
gboolean cn_contact_email_is_valid (const char *email);

/* A new contact with the same id and fields. */
CnContact *cn_contact_copy (CnContact *self);
/* Same id and every field equal. */
gboolean cn_contact_equal (CnContact *a, CnContact *b);

G_END_DECLS
