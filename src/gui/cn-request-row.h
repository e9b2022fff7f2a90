/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cn-request.h"

G_BEGIN_DECLS

#define CN_TYPE_REQUEST_ROW (cn_request_row_get_type ())
G_DECLARE_FINAL_TYPE (CnRequestRow, cn_request_row, CN, REQUEST_ROW, GtkWidget)

CnRequestRow *cn_request_row_new (void);
void cn_request_row_set_request (CnRequestRow *self, CnRequest *request);

G_END_DECLS
