/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cn-analysis.h"
#include "cn-contact.h"
#include "cn-enums.h"

G_BEGIN_DECLS

/* Does the request suit the contact? Pure and thread-safe: text and a contact
 * in, a result out.
 *
 * Words are folded (case, accents) and stemmed with Snowball (French and
 * English), so "recrutement" meets "recruteur" and "connections" meets
 * "connect". Stop words and words under three letters never match. */

/* The kind of a request, from its notes (French and English cues). Exactly
 * one bit of CnRequestKind; CN_REQUEST_KIND_OTHER when nothing points to a
 * kind. @lang: "fr", "en", or NULL to look for both. */
CnRequestKind cn_request_kind_classify (const char *note_to_target,
                                        const char *note_to_connector,
                                        const char *lang);

/* The level of fit. Words of both notes are compared with the words of the
 * contact's expertise tags (word by word: "bilan de compétences" is met by
 * "compétences"), position and company. GOOD when two different tags are met
 * anywhere in the notes, or one tag is met in a sentence of the note to the
 * target where the analyzer finds the objective or the specific ask; PARTIAL
 * when only position or company words, or a single tag outside those
 * sentences, are met; NONE otherwise. Card titles ("director", "groupe") and
 * the words of asking ("mise en relation") never count. */
typedef enum {
  CN_FIT_NONE = 0,    /* nothing in the request meets the contact's card */
  CN_FIT_PARTIAL = 1, /* some words meet, but not on the contact's expertise */
  CN_FIT_GOOD = 2,    /* the objective or the ask meets the contact's expertise */
} CnFitLevel;

/* Where on the contact's card a term was found. */
typedef enum {
  CN_FIT_FIELD_EXPERTISE = 0,
  CN_FIT_FIELD_POSITION = 1,
  CN_FIT_FIELD_COMPANY = 2,
} CnFitField;

typedef struct
{
  /* The request's side. */
  CnNote note;        /* which note the word is in */
  CnSpan span;        /* Unicode character offsets in that note */
  char *request_term; /* the word as written in the note */
  /* The contact's side. */
  CnFitField field;
  guint field_index;  /* index of the expertise tag; 0 for position and company */
  CnSpan card_span;   /* character offsets in that tag, position or company */
  char *contact_term; /* the word as written on the card */
} CnFitMatch;

typedef struct _CnFit CnFit;

/* @lang: "fr", "en", or NULL (both stemmers are tried). @contact may be NULL
 * (no target: level NONE, kind still classified). Never fails: invalid UTF-8
 * is read as far as it is valid. */
CnFit *cn_fit_compute (const char *note_to_target,
                       const char *note_to_connector,
                       const char *lang,
                       CnContact *contact);
void cn_fit_free (CnFit *fit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnFit, cn_fit_free)

CnFitLevel cn_fit_get_level (const CnFit *fit);
/* The request's kind (see cn_request_kind_classify()). */
CnRequestKind cn_fit_get_kind (const CnFit *fit);
/* FALSE when the contact's accepted kinds are stated and exclude the
 * request's kind; TRUE when they include it or are not stated (0). */
gboolean cn_fit_get_kind_accepted (const CnFit *fit);
/* TRUE when the contact states which kinds they accept. */
gboolean cn_fit_get_kinds_stated (const CnFit *fit);
/* Every match, in the order of the notes (note to target first). A word of
 * a note appears once, with the first card word it meets (tags in order,
 * then the position, then the company). */
guint cn_fit_get_n_matches (const CnFit *fit);
const CnFitMatch *cn_fit_get_match (const CnFit *fit, guint index);

/* The @lang to judge a request's fit in, from the language its analysis
 * found (may be NULL): "fr" or "en", else NULL (both). The review and the
 * request list both use it, so that they agree. */
const char *cn_fit_lang (const char *analysis_lang);

/* "none", "partial", "good": stable ids for the command line and tests. */
const char *cn_fit_level_to_string (CnFitLevel level);

G_END_DECLS
