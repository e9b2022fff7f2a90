/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-import.h"
#include "cn-store.h"

G_BEGIN_DECLS

#define CN_TYPE_DUPLICATES_DIALOG (cn_duplicates_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CnDuplicatesDialog, cn_duplicates_dialog, CN, DUPLICATES_DIALOG, AdwWindow)

/* The possible duplicates of an import (CnImportDuplicate), each with both
 * contacts side by side: Merge (the imported one into the existing one) or
 * Keep Both. Pairs whose contacts are gone (merged or deleted since) are
 * left out. */
CnDuplicatesDialog *
cn_duplicates_dialog_new (GtkWindow *parent, CnStore *store, GPtrArray *duplicates);

/* For tests: the nth pair's contacts as shown, for the existing (TRUE) or imported one:
 * name, company, position and e-mail, one a line. */
char *
_cn_duplicates_dialog_dup_contact_text (CnDuplicatesDialog *self, guint index, gboolean existing);

G_END_DECLS
