/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

#include "cn-analysis.h"
#include "cn-compose.h"
#include "cn-contact.h"
#include "cn-enums.h"
#include "cn-request.h"
#include "cn-store.h"

G_BEGIN_DECLS

#define CN_TYPE_ENDORSEMENT_EDITOR (cn_endorsement_editor_get_type ())
G_DECLARE_FINAL_TYPE (CnEndorsementEditor, cn_endorsement_editor, CN, ENDORSEMENT_EDITOR, GtkWidget)

/* The connector's note to the contact, drafted from the endorsement template
 * with its placeholders left in place (highlighted), and a live preview of
 * the forward with them expanded. Drafts and relationships are kept per
 * request while the window is open, so switching requests loses nothing.
 *
 * Signal "changed": the text, the relationship or the language changed. */
CnEndorsementEditor *cn_endorsement_editor_new (void);
void cn_endorsement_editor_set_store (CnEndorsementEditor *self, CnStore *store);
/* Same as set_context (self, request, NULL, NULL, NULL). */
void cn_endorsement_editor_set_request (CnEndorsementEditor *self, CnRequest *request);
/* Everything the draft and its preview need. @target and @analysis may be NULL;
 * @lang "fr"/"en" picks the template (NULL: the interface's language). */
void cn_endorsement_editor_set_context (CnEndorsementEditor *self,
                                        CnRequest *request,
                                        CnContact *target,
                                        CnAnalysis *analysis,
                                        const char *lang);
CnRelationship cn_endorsement_editor_get_relationship (CnEndorsementEditor *self);
void cn_endorsement_editor_set_relationship (CnEndorsementEditor *self,
                                             CnRelationship relationship);
const char *cn_endorsement_editor_get_lang (CnEndorsementEditor *self);
/* Placeholders in the text that the templates do not know (each name once). */
guint cn_endorsement_editor_get_n_unknown_placeholders (CnEndorsementEditor *self);
/* The forward exactly as the preview shows it (placeholders expanded, the
 * relationship written, the requester's note quoted). NULL without a request. */
CnMessage *cn_endorsement_editor_build_message (CnEndorsementEditor *self, gboolean cc_requester);
/* After a forward: the request's draft and relationship are forgotten. */
void cn_endorsement_editor_forget_draft (CnEndorsementEditor *self, gint64 request_id);
/* Focus the relationship chooser (keyboard shortcut). */
void cn_endorsement_editor_focus_relationship (CnEndorsementEditor *self);

/* Whether the preview shows the requester in Cc (default TRUE). */
void cn_endorsement_editor_set_cc_requester (CnEndorsementEditor *self, gboolean cc_requester);
/* Shows the preview (TRUE) or the editor; Ctrl+Shift+P toggles inside the pane. */
void cn_endorsement_editor_show_preview (CnEndorsementEditor *self, gboolean preview);

GtkSourceBuffer *cn_endorsement_editor_get_buffer (CnEndorsementEditor *self);
/* The draft as written (placeholders not expanded). */
char *cn_endorsement_editor_dup_text (CnEndorsementEditor *self);

/* For tests: the preview, and the warning line (NULL while hidden). */
GtkTextView *cn_endorsement_editor_get_preview (CnEndorsementEditor *self);
GtkLabel *cn_endorsement_editor_get_warning (CnEndorsementEditor *self);

/* The "connecteur-template" language that highlights placeholders, shared by
 * every template editor; and a buffer set up with it and a style scheme that
 * follows light/dark. */
/* Reads the template language and the current style scheme, as the first
 * editor shown would: from an idle after the first frame, so that opening
 * the first request does not parse them on its way to the screen. */
void cn_endorsement_editor_warm_up (void);
GtkSourceLanguage *cn_endorsement_editor_get_template_language (void);
void cn_endorsement_editor_setup_template_buffer (GtkSourceBuffer *buffer);
/* The warning for a template text ("Unknown placeholder: {foo}. …"), or NULL
 * when every placeholder is known; n_unknown (may be NULL) gets how many. */
char *cn_endorsement_editor_describe_unknown_placeholders (const char *text, guint *n_unknown);

G_END_DECLS
