/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cn-local-time.h"
#include "cn-outside-text.h"
#include "cn-ui-utils.h"

/* Embeddings and overrides (U+202A–U+202E) in "\xE2\x80\xAA".."\xE2\x80\xAE". */
static gboolean
is_embedding_or_override (const char *p)
{
  return (guchar) p[0] == 0xE2 && (guchar) p[1] == 0x80 && (guchar) p[2] >= 0xAA &&
         (guchar) p[2] <= 0xAE;
}

/* @text made valid UTF-8, without embeddings or overrides. */
static char *
dup_literal (const char *text)
{
  char *valid = g_utf8_make_valid (text ? text : "", -1);
  char *out = valid;

  /* An unterminated override would turn what it shows around
   * ("Alice \u202Egnp.exe" reads "Alice exe.png"): it is left out. The
   * isolates the app puts around names are kept. */
  for (const char *p = valid; *p != '\0';)
    {
      gsize len = g_utf8_next_char (p) - p;

      if (len == 3 && is_embedding_or_override (p))
        {
          p += len;
          continue;
        }
      memmove (out, p, len);
      out += len;
      p += len;
    }
  *out = '\0';
  return valid;
}

void
cn_label_set_literal (GtkLabel *label, const char *text)
{
  g_autofree char *valid = dup_literal (text);

  gtk_label_set_use_markup (label, FALSE);
  gtk_label_set_text (label, valid);
}

void
cn_label_set_wrapping (GtkLabel *label)
{
  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (label, CN_WRAP_MIN_CHARS);
}

void
cn_inscription_set_literal (GtkInscription *inscription, const char *text)
{
  g_autofree char *valid = dup_literal (text);

  gtk_inscription_set_text (inscription, valid);
}

char *
cn_ui_name (const char *name)
{
  g_autofree char *line = cn_outside_text_single_line (name);

  return cn_outside_text_isolate (line);
}

void
cn_text_view_set_literal (GtkTextView *view, const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), valid, -1);
}

static char *
format_with (gint64 unix_time, const char *format)
{
  g_autoptr (GDateTime) local = cn_local_from_unix (unix_time);

  if (local == NULL)
    return g_strdup ("");
  return g_date_time_format (local, format);
}

char *
cn_format_date (gint64 unix_time)
{
  /* Translators: a full date, see g_date_time_format(); e.g. "3 Oct 2026" */
  return format_with (unix_time, _("%b %-d, %Y"));
}

char *
cn_format_short_date (gint64 unix_time)
{
  g_autoptr (GDateTime) now = cn_local_now ();
  g_autoptr (GDateTime) local = cn_local_from_unix (unix_time);

  if (local == NULL)
    return g_strdup ("");
  if (g_date_time_get_year (local) != g_date_time_get_year (now))
    return cn_format_date (unix_time);
  /* Translators: a date in the current year, see g_date_time_format(); e.g. "3 Oct" */
  return g_date_time_format (local, _("%b %-d"));
}

void
cn_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

char *
cn_utf8_substring_ellipsized (const char *text, guint start, guint end, guint max_chars)
{
  glong length = g_utf8_strlen (text, -1);
  g_autofree char *part = NULL;

  end = MIN ((glong) end, length);
  start = MIN (start, end);
  if (end - start > max_chars)
    {
      guint half = max_chars / 2;
      g_autofree char *head = g_utf8_substring (text, start, start + half);
      g_autofree char *tail = g_utf8_substring (text, end - half, end);

      part = g_strconcat (head, "…", tail, NULL);
    }
  else
    part = g_utf8_substring (text, start, end);

  g_strdelimit (part, "\r\n\t", ' ');
  return g_steal_pointer (&part);
}

void
cn_widget_set_class_of (GtkWidget *widget, const char *const *classes, const char *wanted)
{
  for (guint i = 0; classes[i] != NULL; i++)
    if (g_strcmp0 (classes[i], wanted) != 0 && gtk_widget_has_css_class (widget, classes[i]))
      gtk_widget_remove_css_class (widget, classes[i]);
  if (wanted != NULL && !gtk_widget_has_css_class (widget, wanted))
    gtk_widget_add_css_class (widget, wanted);
}

AdwToast *
cn_toast_new_literal (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *escaped = g_markup_escape_text (valid, -1);

  return adw_toast_new (escaped);
}

char *
cn_system_real_name (void)
{
  const char *name = g_get_real_name ();

  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown") ||
      g_strcmp0 (name, g_get_user_name ()) == 0 || !g_utf8_validate (name, -1, NULL))
    return NULL;
  return g_strdup (name);
}

char *
cn_format_day_month (guint month, guint day)
{
  /* Named here rather than by strftime(), which follows LC_TIME: the
   * interface may be in French (LANGUAGE) on a system whose locale is not. */
  const char *const months[] = {
    NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
    NC_("month", "April"),   NC_("month", "May"),      NC_("month", "June"),
    NC_("month", "July"),    NC_("month", "August"),   NC_("month", "September"),
    NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
  };

  g_return_val_if_fail (month >= 1 && month <= 12, NULL);

  /* Translators: a day of a month, "January 15": %1$s is the month, %2$u the day */
  return g_strdup_printf (_("%1$s %2$u"), g_dpgettext2 (NULL, "month", months[month - 1]), day);
}

/* "dmy", "mdy" or "ymd": the order the interface's language writes dates in. */
static const char *
typed_date_order (void)
{
  /* Translators: the order of day (d), month (m) and year (y) in a date as
   * people of your language type it: "dmy" for 15/01/2027 */
  const char *order = C_("date order", "mdy");

  if (g_str_equal (order, "dmy") || g_str_equal (order, "ymd"))
    return order;
  return "mdy";
}

const char *
cn_typed_date_pattern (void)
{
  /* Translators: how a date is typed, in the order of "date order" */
  return C_("date pattern", "MM/DD/YYYY");
}

gboolean
cn_parse_typed_date (const char *text, GDate *out_date)
{
  g_autofree char *trimmed = NULL;
  g_auto (GStrv) parts = NULL;
  const char *order = typed_date_order ();
  guint64 values[3];
  guint day = 0, month = 0, year = 0;

  g_return_val_if_fail (out_date != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  trimmed = g_strstrip (g_strdup (text));
  parts = g_strsplit_set (trimmed, "/.-", -1);
  if (g_strv_length (parts) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));

      if (*part == '\0' || strlen (part) > 4 ||
          !g_ascii_string_to_unsigned (part, 10, 0, 9999, &values[i], NULL))
        return FALSE;
    }
  /* A four-digit first part is ISO, whatever the language. */
  if (strlen (g_strstrip (parts[0])) == 4)
    order = "ymd";
  for (guint i = 0; i < 3; i++)
    {
      if (order[i] == 'd')
        day = (guint) values[i];
      else if (order[i] == 'm')
        month = (guint) values[i];
      else
        year = (guint) values[i];
    }
  if (year < 1000 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

char *
cn_format_typed_date (const GDate *date)
{
  const char *order = typed_date_order ();
  guint values[3];

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  for (guint i = 0; i < 3; i++)
    values[i] = order[i] == 'd'   ? g_date_get_day (date)
                : order[i] == 'm' ? g_date_get_month (date)
                                  : g_date_get_year (date);
  if (order[0] == 'y')
    return g_strdup_printf ("%04u-%02u-%02u", values[0], values[1], values[2]);
  return g_strdup_printf ("%02u/%02u/%04u", values[0], values[1], values[2]);
}

void
cn_drop_down_set_accessible_name (GtkDropDown *drop_down, const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (drop_down)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TOGGLE_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                        -1);
    }
}

/* The choices of a drop-down or a combo row over a GtkStringList. GTK 4.8's
 * and libadwaita 1.2's rows have no accessible name, and only a click or
 * Enter chooses one: a screen reader's "select" (AT-SPI Selection) changed
 * the popup's selection and nothing else. Here each row is named by its
 * words, the popup's rows show a check mark on the current choice, and a
 * selection made other than by the keyboard (which selects as it moves,
 * before Enter) is the choice. @chooser: the GtkDropDown or AdwComboRow. */
static guint
get_choice (GObject *chooser)
{
  guint selected = GTK_INVALID_LIST_POSITION;

  g_object_get (chooser, "selected", &selected, NULL);
  return selected;
}

static void
update_choice_mark (GtkListItem *item, GParamSpec *pspec, GObject *chooser)
{
  GtkWidget *mark = gtk_widget_get_last_child (gtk_list_item_get_child (item));

  if (GTK_IS_IMAGE (mark))
    gtk_widget_set_opacity (mark,
                            gtk_list_item_get_position (item) == get_choice (chooser) ? 1.0 : 0.0);
}

/* The popup list's selection: GTK 4.8 tells its rows nothing of it. */
static void
on_popup_selection_cb (GtkSingleSelection *selection, guint first, guint n, GtkWidget *list)
{
  GObject *chooser = g_object_get_data (G_OBJECT (list), "cn-chooser");
  guint position = gtk_single_selection_get_selected (selection);
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (list));
  GtkWidget *popover = gtk_widget_get_ancestor (list, GTK_TYPE_POPOVER);

  if (chooser == NULL || popover == NULL || position == GTK_INVALID_LIST_POSITION ||
      position == get_choice (chooser))
    return;
  /* The keyboard selects the row it moves to: Enter makes it the choice. */
  if (focus != NULL && gtk_widget_is_ancestor (focus, list) &&
      gtk_widget_get_first_child (focus) != NULL &&
      GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (gtk_widget_get_first_child (focus)),
                                           "cn-position")) == position + 1)
    return;
  g_object_set (chooser, "selected", position, NULL);
  gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
watch_popup_selection (GtkWidget *row, GObject *chooser)
{
  GtkWidget *list = row != NULL ? gtk_widget_get_ancestor (row, GTK_TYPE_LIST_VIEW) : NULL;
  GtkSelectionModel *model;

  if (list == NULL || gtk_widget_get_ancestor (list, GTK_TYPE_POPOVER) == NULL ||
      g_object_get_data (G_OBJECT (list), "cn-chooser") != NULL)
    return;
  model = gtk_list_view_get_model (GTK_LIST_VIEW (list));
  if (!GTK_IS_SINGLE_SELECTION (model))
    return;
  g_object_set_data (G_OBJECT (list), "cn-chooser", chooser);
  g_signal_connect_object (model, "selection-changed", G_CALLBACK (on_popup_selection_cb), list, 0);
}

static void
setup_choice_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer with_mark)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  if (with_mark != NULL)
    /* The row's selected state says it; the mark is only drawn. */
    gtk_box_append (GTK_BOX (box),
                    g_object_new (GTK_TYPE_IMAGE, "icon-name", "object-select-symbolic",
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL));
  gtk_list_item_set_child (item, box);
}

static void
bind_choice_cb (GtkSignalListItemFactory *factory, GtkListItem *item, GObject *chooser)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  gpointer choice = gtk_list_item_get_item (item);
  const char *text = GTK_IS_STRING_OBJECT (choice) ? gtk_string_object_get_string (choice) : "";

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)), text);
  /* The row is what the list's focus and selection land on. */
  if (gtk_widget_get_parent (box) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  /* Position + 1: 0 is no row. */
  g_object_set_data (G_OBJECT (box), "cn-position",
                     GUINT_TO_POINTER (gtk_list_item_get_position (item) + 1));
  update_choice_mark (item, NULL, chooser);
  g_signal_connect_object (chooser, "notify::selected", G_CALLBACK (update_choice_mark), item,
                           G_CONNECT_SWAPPED);
  watch_popup_selection (gtk_widget_get_parent (box), chooser);
}

static void
unbind_choice_cb (GtkSignalListItemFactory *factory, GtkListItem *item, GObject *chooser)
{
  g_signal_handlers_disconnect_by_func (chooser, update_choice_mark, item);
}

static GtkListItemFactory *
new_choice_factory (GObject *chooser, gboolean with_mark)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_choice_cb),
                    with_mark ? GINT_TO_POINTER (1) : NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_choice_cb), chooser);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_choice_cb), chooser);
  return factory;
}

void
cn_drop_down_name_choices (GtkDropDown *drop_down)
{
  g_autoptr (GtkListItemFactory) factory = new_choice_factory (G_OBJECT (drop_down), TRUE);

  /* The button keeps GTK's own, which is no row. */
  gtk_drop_down_set_list_factory (drop_down, factory);
}

void
cn_combo_row_name_choices (AdwComboRow *row)
{
  g_autoptr (GtkListItemFactory) current = new_choice_factory (G_OBJECT (row), FALSE);
  g_autoptr (GtkListItemFactory) choices = new_choice_factory (G_OBJECT (row), TRUE);

  adw_combo_row_set_factory (row, current);
  adw_combo_row_set_list_factory (row, choices);
}

/* A password's peek button (or icon) is its only button. */
static void
cn_name_peek_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) || (GTK_IS_IMAGE (child) && GTK_IS_PASSWORD_ENTRY (widget)))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Show password"), -1);
      else
        cn_name_peek_buttons (child);
    }
}

static void
name_field_from_title (AdwEntryRow *row, GParamSpec *pspec, gpointer data)
{
  GtkEditable *field = gtk_editable_get_delegate (GTK_EDITABLE (row));
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

  if (field != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    title != NULL ? title : "", -1);
}

void
cn_entry_rows_name_fields (GtkWidget *widget)
{
  if (ADW_IS_ENTRY_ROW (widget) && g_object_get_data (G_OBJECT (widget), "cn-named") == NULL)
    {
      g_object_set_data (G_OBJECT (widget), "cn-named", GINT_TO_POINTER (TRUE));
      name_field_from_title (ADW_ENTRY_ROW (widget), NULL, NULL);
      /* Some titles change (the date format, an error). */
      g_signal_connect (widget, "notify::title", G_CALLBACK (name_field_from_title), NULL);
      if (ADW_IS_PASSWORD_ENTRY_ROW (widget))
        cn_name_peek_buttons (widget);
    }
  else if (GTK_IS_PASSWORD_ENTRY (widget))
    cn_name_peek_buttons (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    cn_entry_rows_name_fields (child);
}

void
cn_menu_button_set_accessible_name (GtkMenuButton *button, const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (button)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                        -1);
    }
}
