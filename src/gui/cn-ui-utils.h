/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Text from outside (names, notes) may hold anything, even invalid UTF-8
 * from a broken import: GTK needs valid UTF-8, and it is never markup. */
void cn_label_set_literal (GtkLabel *label, const char *text);
void cn_inscription_set_literal (GtkInscription *inscription, const char *text);
void cn_text_view_set_literal (GtkTextView *view, const char *text);
/* A name from outside, to put inside a sentence of the app's own: on one
 * line, without bidi controls, and isolated (FSI…PDI) so that a name
 * written right to left never reorders the words around it. */
char *cn_ui_name (const char *name);
/* Toast titles are markup: this one shows @text as written (errors quote
 * names and paths). */
AdwToast *cn_toast_new_literal (const char *text);

/* "3 Oct 2026" style, in the user's language and time zone. */
char *cn_format_date (gint64 unix_time);
char *cn_format_short_date (gint64 unix_time);

/* Characters [start, end) of a UTF-8 text on one line (line breaks become
 * spaces), cut in the middle with "…" when longer than max_chars. */
char *cn_utf8_substring_ellipsized (const char *text, guint start, guint end, guint max_chars);

/* The minimum width of a wrapping label, in characters. Without one, GTK
 * 4.8 finds a wrapping label's minimum width by laying its text out at width
 * 0, a line per character (WORD_CHAR), each line shaped again: the most
 * costly layout of a label, redone at every change of its text. At 16
 * characters it costs a tenth. Templates write the same number as
 * "width-chars" on their wrapping labels. */
#define CN_WRAP_MIN_CHARS 16
/* Wraps label's text, words first, with the minimum width above. */
void cn_label_set_wrapping (GtkLabel *label);

/* Gives widget the one class of classes (NULL-terminated) named by wanted,
 * or none when wanted is NULL, touching its style only when that changes. */
void cn_widget_set_class_of (GtkWidget *widget, const char *const *classes, const char *wanted);

/* For GtkWidget subclasses in dispose: unparents every child, also those the
 * template does not name (gtk_widget_dispose_template only handles those). */
void cn_widget_unparent_children (GtkWidget *widget);

/* @month (1–12) and @day as in "January 15", the month named in the
 * interface's language even when the system's locale is another. */
char *cn_format_day_month (guint month, guint day);

/* A date as the user types it, in the interface's order (FR 15/01/2027, EN
 * 01/15/2027; "/", "." or "-" between), or as ISO 8601 (2027-01-15). */
gboolean cn_parse_typed_date (const char *text, GDate *out_date);
/* @date the way cn_parse_typed_date() reads it back. */
char *cn_format_typed_date (const GDate *date);
/* What a typed date looks like, for hints ("DD/MM/YYYY"). */
const char *cn_typed_date_pattern (void);

/* The user's real name as the system knows it, or NULL when it knows none
 * (unset, "Unknown", or the login name). */
char *cn_system_real_name (void);

/* Names @drop_down @name for assistive technologies, and its inner button
 * too: GTK 4.8 reads that button out as "GtkToggleButton" otherwise. */
void cn_drop_down_set_accessible_name (GtkDropDown *drop_down, const char *name);
/* Names the choices in @drop_down's popup (a GtkStringList's strings), which
 * GTK 4.8 leaves unnamed, and makes a choice selected through AT-SPI the
 * drop-down's, as a click or Enter does. */
void cn_drop_down_name_choices (GtkDropDown *drop_down);
/* The same for a combo row, and the row showing its current choice. */
void cn_combo_row_name_choices (AdwComboRow *row);

/* The same for a menu button, whose inner button GTK 4.8 reads out as
 * "GtkToggleButton". */
void cn_menu_button_set_accessible_name (GtkMenuButton *button, const char *name);

/* Names the text field of every AdwEntryRow in @widget or below it after
 * the row's title, and the peek button of a password row or entry "Show
 * password": libadwaita 1.2 and GTK 4.8 leave them unnamed. */
void cn_entry_rows_name_fields (GtkWidget *widget);

G_END_DECLS
