/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* Preferences → Data: a copy of everything to keep elsewhere, and a restore
 * from such a copy (undoable: what it replaces is kept). The work runs in a
 * worker thread, with progress and Cancel. */

#define CN_TYPE_DATA_PAGE (cn_data_page_get_type ())
G_DECLARE_FINAL_TYPE (CnDataPage, cn_data_page, CN, DATA_PAGE, AdwPreferencesPage)

CnDataPage *cn_data_page_new (CnStore *store);

/* For tests: the work the file choosers and the confirmation lead to. */
void _cn_data_page_export_to (CnDataPage *self, GFile *file);
void _cn_data_page_restore_from (CnDataPage *self, GFile *file);
/* TRUE while an export or a restore runs. */
gboolean _cn_data_page_is_busy (CnDataPage *self);

G_END_DECLS
