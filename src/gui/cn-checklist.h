/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-analysis.h"

G_BEGIN_DECLS

#define CN_TYPE_CHECKLIST (cn_checklist_get_type ())
G_DECLARE_FINAL_TYPE (CnChecklist, cn_checklist, CN, CHECKLIST, GtkWidget)

/* The objective elements of a request, ticked when present (with the words
 * that show it) and standing out with a hint when missing. Each row's swatch
 * is the colour of the element's highlights: the checklist is their legend. */
CnChecklist *cn_checklist_new (void);
/* The spans of analysis point into note_to_target and note_to_connector. */
void cn_checklist_set_analysis (CnChecklist *self,
                                CnAnalysis *analysis,
                                const char *note_to_target,
                                const char *note_to_connector);

G_END_DECLS
