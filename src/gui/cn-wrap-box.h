/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CN_TYPE_WRAP_BOX (cn_wrap_box_get_type ())
G_DECLARE_FINAL_TYPE (CnWrapBox, cn_wrap_box, CN, WRAP_BOX, GtkWidget)

/* A row of widgets that wraps onto more lines when the width runs short, so
 * that a row of buttons stays whole in a narrow window (GTK 4.8 has no wrap
 * box of its own). Each line gives its spare width to the children that
 * expand horizontally; with none, the line keeps to the start (or to the end,
 * with "align-end"). Children are added with <child> in a template. */
CnWrapBox *cn_wrap_box_new (void);
void cn_wrap_box_append (CnWrapBox *self, GtkWidget *child);

G_END_DECLS
