/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CN_TYPE_TEXT_ROW (cn_text_row_get_type ())
G_DECLARE_FINAL_TYPE (CnTextRow, cn_text_row, CN, TEXT_ROW, AdwPreferencesRow)

/* A list row with a title (AdwPreferencesRow's), a subtitle under it, and
 * widgets before and after them: it looks like AdwActionRow, but its text is
 * laid out once for its width (see CnRowBox), so rows whose text changes with
 * every request shown cost one layout each, not a dozen. The text is shown
 * literally, never as markup, whatever "use-markup" says. The row's
 * accessible name is its title, and its description its subtitle until the
 * caller sets another. In a template, <child type="prefix"> and
 * <child type="suffix"> add widgets before and after the text. */
CnTextRow *cn_text_row_new (void);
void cn_text_row_set_subtitle (CnTextRow *self, const char *subtitle);
const char *cn_text_row_get_subtitle (CnTextRow *self);
void cn_text_row_add_prefix (CnTextRow *self, GtkWidget *widget);
void cn_text_row_add_suffix (CnTextRow *self, GtkWidget *widget);

G_END_DECLS
