/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-import.h"
#include "cn-store.h"

G_BEGIN_DECLS

#define CN_TYPE_IMPORT_DIALOG (cn_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CnImportDialog, cn_import_dialog, CN, IMPORT_DIALOG, AdwWindow)

/* Imports files into @store (format detected from their content) in a
 * worker thread: progress and Cancel while it runs, then the report —
 * counts, rejected rows, possible duplicates to review — or the error.
 * Signal "finished" () once the import is over, whatever its outcome (also
 * when the dialog was closed meanwhile: it then destroys itself after). */
CnImportDialog *cn_import_dialog_new (GtkWindow *parent, CnStore *store);
/* Starts the import of @files (files, or folders of a LinkedIn export). */
void cn_import_dialog_start (CnImportDialog *self, GFile **files, guint n_files);
gboolean cn_import_dialog_is_running (CnImportDialog *self);
/* The report once finished, NULL while running or after an error or Cancel. */
const CnImportReport *cn_import_dialog_get_report (CnImportDialog *self);

/* For tests: the text of the nth rejected row listed ("file, line 12" then
 * the reason), or NULL. */
char *_cn_import_dialog_dup_rejection (CnImportDialog *self, guint index);

G_END_DECLS
