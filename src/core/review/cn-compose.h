/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cn-contact.h"
#include "cn-enums.h"
#include "cn-register.h"
#include "cn-request.h"

G_BEGIN_DECLS

/* The texts the connector sends: the endorsement that goes with a forward,
 * the kind ask for motivation, the decline. Templates are plain text with
 * placeholders in braces ({requester}); the default ones, in French and
 * English, are data in the core resource (data/templates/NAME.LANG.txt), and
 * the user's own are stored in the database (cn_store_set_template()).
 *
 * These texts are written in the language of the request (the requester's
 * and the contact's), not in the language of the interface: @lang is "fr" or
 * "en" (anything else falls back to "en").
 *
 * French texts exist in both registers (CnRegister): a reply in the one the
 * requester wrote in, the endorsement in the one the contact asked for
 * (cn_contact_get_address_form()). A template's language is then "fr" (vous)
 * or "fr-tu" (tu), as cn_compose_template_lang() gives it. */

/* Template names. */
#define CN_TEMPLATE_ENDORSEMENT "endorsement"
#define CN_TEMPLATE_ASK_MOTIVATION "ask-motivation"
#define CN_TEMPLATE_DECLINE "decline"

/* The placeholders templates understand, without braces, NULL-terminated,
 * and their French names (plain ASCII, easy to type); either name works in
 * any template, and the built-in French templates use the French ones:
 *   requester             demandeur
 *   requester_first_name  prenom_demandeur
 *   target                contact
 *   target_first_name     prenom_contact
 *   objective             objectif
 *   ask                   demande
 *   relationship          relation
 *   questions             questions
 *   reason                motif       (a decline's sentence for the requester)
 *   connector             connecteur  (the connector's name, the signature) */
const char *const *cn_compose_get_placeholders (void);
/* The same list, named in @lang (the French names for French). */
const char *const *cn_compose_get_placeholders_for_lang (const char *lang);
/* TRUE for a name of either list. */
gboolean cn_compose_is_placeholder (const char *name);
/* The English name of a placeholder named in either language; NULL when
 * @name is none. */
const char *cn_compose_placeholder_name (const char *name);
/* Whether @text holds the placeholder @name (English) under either name. */
gboolean cn_compose_has_placeholder (const char *text, const char *name);

/* Whether replies in @lang exist in two registers (French). */
gboolean cn_compose_lang_has_registers (const char *lang);
/* The language a reply's template is kept under: "en", "fr" or "fr-tu". */
const char *cn_compose_template_lang (const char *lang, CnRegister reg);

/* A {name} found in a text: Unicode character offsets, braces included. */
typedef struct
{
  CnSpan span;
  gboolean known;
} CnPlaceholder;
/* Every {name} (name: letters, digits, '_' or '-'), in order. Element type:
 * CnPlaceholder. */
GArray *cn_compose_find_placeholders (const char *text);

/* The default template, from the core resource; never NULL for the three
 * names above. @lang may be a template language ("fr-tu"). */
char *cn_compose_get_default_template (const char *name, const char *lang);

/* What placeholders stand for. Unset values expand to an empty string, except
 * objective and ask, which expand to a neutral phrase of @lang when empty. */
typedef struct
{
  const char *lang;
  const char *requester; /* full name */
  const char *target;    /* full name */
  const char *objective; /* the request's objective, in the requester's words */
  const char *ask;       /* what is asked of the contact */
  CnRelationship relationship;
  const char *questions; /* the questions of an ask for motivation */
  const char *reason;    /* a decline's sentence for the requester; may be empty */
  const char *connector; /* the connector's name, for signatures; may be NULL */
} CnComposeValues;

/* Replaces known placeholders; unknown ones stay as written. */
char *cn_compose_expand (const char *template_text, const CnComposeValues *values);

/* The sentence {relationship} expands to, in @lang, with the requester's
 * name ("I know Amandine Roux personally."); NULL for UNSET. */
char *cn_compose_relationship_sentence (CnRelationship relationship,
                                        const char *requester,
                                        const char *lang);

/* One question per element missing from @element_mask (1 << CnElement for
 * each present, as cn_request_get_element_mask()), in @lang, one per line,
 * each starting with "- ". The six elements of the note to the target are
 * asked about; the reason to forward is not. Empty string when none misses. */
char *cn_compose_questions (guint element_mask, const char *lang);
/* The same, addressing the requester in @reg (French only). */
char *cn_compose_questions_in (guint element_mask, const char *lang, CnRegister reg);

/* A message ready to leave. Addresses may be NULL (unknown). */
typedef struct
{
  char *to_name;
  char *to_address;
  char *cc_name;
  char *cc_address;
  char *subject;
  char *body;
} CnMessage;
CnMessage *cn_message_copy (const CnMessage *message);
void cn_message_free (CnMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnMessage, cn_message_free)

/* The forward to the contact: @endorsement, then the requester's note to the
 * target quoted below it ("> " lines under a line naming the requester). Cc
 * the requester when @cc_requester and their address is known. */
CnMessage *cn_compose_forward (CnRequest *request,
                               CnContact *target,
                               const char *endorsement,
                               gboolean cc_requester,
                               const char *lang);
/* Replies to the requester; @body is the text the connector edited. */
CnMessage *cn_compose_reply (CnRequest *request, const char *body, const char *lang);

/* The text of a "declined" history event: the connector's private note (on
 * one line; it never leaves) above @sent, the reply as it left. With no note,
 * @sent alone. */
char *cn_decline_event_format (const char *note, const char *sent);
/* FALSE when @text holds no private note; otherwise @out_note (may be NULL)
 * gets it and @out_sent (may be NULL) points to the reply in @text. */
gboolean cn_decline_event_parse (const char *text, char **out_note, const char **out_sent);

/* mailto: URI (RFC 6068): to, cc, subject and body percent-encoded (UTF-8,
 * CRLF line ends in the body). */
char *cn_message_to_mailto_uri (const CnMessage *message);
/* The text recorded in the history and copied to the clipboard: "To:",
 * "Cc:" and "Subject:" lines (translated labels are NOT used: these lines are
 * in @lang), a blank line, then the body. */
char *cn_message_to_text (const CnMessage *message, const char *lang);

G_END_DECLS
