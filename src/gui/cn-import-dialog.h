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

/* For tests. */
/* "progress" or "report". */
const char *_cn_import_dialog_get_page (CnImportDialog *self);
/* The report's title and the text under it (the error, when there is one). */
const char *_cn_import_dialog_get_title (CnImportDialog *self);
const char *_cn_import_dialog_get_description (CnImportDialog *self);
/* The count shown for "contacts-added", "contacts-updated", "contacts-unchanged",
 * "requests-added" or "requests-skipped", or NULL when not shown. */
const char *_cn_import_dialog_get_count (CnImportDialog *self, const char *what);
/* The title of the rejected rows ("3 rejected rows"), NULL when none, and the
 * text of the nth row listed ("file, line 12" then the reason). */
const char *_cn_import_dialog_get_rejections_title (CnImportDialog *self);
char *_cn_import_dialog_dup_rejection (CnImportDialog *self, guint index);
GtkWidget *_cn_import_dialog_get_cancel_button (CnImportDialog *self);
/* "Review…" for the possible duplicates (hidden when there are none). */
GtkWidget *_cn_import_dialog_get_review_button (CnImportDialog *self);
/* The open duplicates dialog, or NULL. */
GtkWindow *_cn_import_dialog_get_duplicates_dialog (CnImportDialog *self);

G_END_DECLS
