/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CN_TYPE_ROW_BOX (cn_row_box_get_type ())
G_DECLARE_FINAL_TYPE (CnRowBox, cn_row_box, CN, ROW_BOX, GtkWidget)

/* A horizontal box for the rows of a list: its children get their natural
 * width, and those that expand horizontally share what is left, down to their
 * minimum. It asks its children their width only for no given height, never
 * for the height it has: GTK 4.8's GtkBox does, and a wrapping label answers
 * that by laying its text out at a dozen widths (a binary search), at every
 * change of its text. For the same reason it centres its filling children
 * (valign FILL) vertically itself, at their natural height: GTK asks a child
 * that aligns itself its width for its height. Children with another valign
 * get the whole height and align in it. Its CSS name is "box", so the
 * theme's rules for a row's boxes apply. */
CnRowBox *cn_row_box_new (int spacing);
void cn_row_box_append (CnRowBox *self, GtkWidget *child);

G_END_DECLS
