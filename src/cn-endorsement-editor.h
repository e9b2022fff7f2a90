/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

#include "cn-request.h"
#include "cn-store.h"

G_BEGIN_DECLS

#define CN_TYPE_ENDORSEMENT_EDITOR (cn_endorsement_editor_get_type ())
G_DECLARE_FINAL_TYPE (CnEndorsementEditor, cn_endorsement_editor, CN, ENDORSEMENT_EDITOR, GtkWidget)

/* The connector's note to the contact, drafted from the endorsement template
 * with the request's names filled in. Drafts are kept per request while the
 * window is open, so switching requests loses nothing. */
CnEndorsementEditor *cn_endorsement_editor_new (void);
void cn_endorsement_editor_set_store (CnEndorsementEditor *self, CnStore *store);
void cn_endorsement_editor_set_request (CnEndorsementEditor *self, CnRequest *request);
GtkSourceBuffer *cn_endorsement_editor_get_buffer (CnEndorsementEditor *self);
char *cn_endorsement_editor_dup_text (CnEndorsementEditor *self);

G_END_DECLS
