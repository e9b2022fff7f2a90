/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cn-analysis.h"

G_BEGIN_DECLS

/* One colour per objective element, shared by the highlights in the notes
 * and the swatches of the checklist (which is their legend). Translucent, so
 * the text keeps the theme's colour and stays readable in light and dark. */
void cn_element_style_get_color (CnElement element, gboolean dark, GdkRGBA *out_color);

/* The words that meet the contact's card: their text colour, dark enough (or
 * light enough in the dark style) to keep a contrast of 4.5:1 on every
 * element's highlight, and their underline in the accent blue. */
void cn_element_style_get_fit_colors (gboolean dark, GdkRGBA *out_text, GdkRGBA *out_underline);

/* A small square of the element's colour, following the style (light/dark). */
GtkWidget *cn_element_style_new_swatch (CnElement element);

/* Colours the spans of every element found in note (CN_NOTE_TO_TARGET or
 * CN_NOTE_TO_CONNECTOR) of buffer, which must hold that note's text. Earlier
 * highlights are removed. analysis may be NULL (then only removes them). */
void cn_element_style_highlight (GtkTextBuffer *buffer, CnAnalysis *analysis, CnNote note);

/* The name of the tag that highlights element, for tests. */
const char *cn_element_style_get_tag_name (CnElement element);

G_END_DECLS
