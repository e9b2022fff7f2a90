/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the UI tests: reach into the window as a person would see it. */

#include "cn-endorsement-editor.h"
#include "cn-request-detail.h"
#include "cn-window.h"

G_BEGIN_DECLS

const char *_cn_window_get_visible_page (CnWindow *self);
GtkListView *_cn_window_get_list_view (CnWindow *self);
CnRequestDetail *_cn_window_get_detail (CnWindow *self);
CnEndorsementEditor *_cn_window_get_editor (CnWindow *self);
GtkWidget *_cn_window_get_load_demo_button (CnWindow *self);
GtkWidget *_cn_window_get_list_header (CnWindow *self);
AdwWindowTitle *_cn_window_get_title_widget (CnWindow *self);
AdwStatusPage *_cn_window_get_empty_page (CnWindow *self);
/* The open New request dialog, or NULL. */
GtkWindow *_cn_window_get_new_request_dialog (CnWindow *self);
GtkPaned *_cn_window_get_list_paned (CnWindow *self);
GtkPaned *_cn_window_get_editor_paned (CnWindow *self);
GtkMenuButton *_cn_window_get_menu_button (CnWindow *self);
GtkDropDown *_cn_window_get_verdict_filter (CnWindow *self);
/* "list" or "no-match" (the filter hides every request). */
const char *_cn_window_get_list_page (CnWindow *self);
/* TRUE while the requests are being checked in the background. */
gboolean _cn_window_is_analysing (CnWindow *self);
/* The open Campaigns window, or NULL. */
GtkWindow *_cn_window_get_campaigns_dialog (CnWindow *self);
gboolean _cn_window_select_request (CnWindow *self, gint64 request_id);

G_END_DECLS
