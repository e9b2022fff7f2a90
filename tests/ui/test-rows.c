/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The rows of the detail and review panes (CnTextRow on CnRowBox): their
 * text shows literally, wraps within the row and makes it taller, the
 * widgets after it keep their size at the end of the row (at the start in a
 * right-to-left language), and a row with no subtitle shows none. */

#include "config.h"

#include "cn-row-box.h"
#include "cn-test-ui.h"
#include "cn-text-row.h"

#define LONG_SUBTITLE                                                                              \
  "Bound the effort: twenty minutes on the phone, three questions by mail, or a coffee next "      \
  "week when you are in town, whichever suits you best."

typedef struct
{
  GtkWindow *window;
  GtkListBox *list;
  CnTextRow *row;
  GtkWidget *prefix;
  GtkWidget *suffix;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  f->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (f->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (f->list), GTK_ALIGN_START);
  f->row = cn_text_row_new ();
  f->prefix = gtk_image_new_from_icon_name ("object-select-symbolic");
  f->suffix = gtk_button_new_with_label ("Override");
  gtk_widget_set_valign (f->suffix, GTK_ALIGN_CENTER);
  cn_text_row_add_prefix (f->row, f->prefix);
  cn_text_row_add_suffix (f->row, f->suffix);
  gtk_list_box_append (f->list, GTK_WIDGET (f->row));
  gtk_window_set_child (f->window, GTK_WIDGET (f->list));
  gtk_window_set_default_size (f->window, 360, 300);
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  cn_test_ui_spin (20);
}

/* Laid out and painted since the last change. */
static void
settle (Fixture *f)
{
  cn_test_ui_spin (100);
}

/* The row's own label with that class (the suffix button holds none). */
static GtkLabel *
label_with_class (gpointer widget, const char *css_class)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = label_with_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static graphene_rect_t
bounds_in_row (Fixture *f, GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (f->row), &bounds));
  return bounds;
}

/* Names and notes come from outside: "<b>" stays on screen as typed. */
static void
test_text_is_literal (Fixture *f, gconstpointer data)
{
  GtkLabel *title, *subtitle;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->row), "<b>Zoé & Co</b>");
  cn_text_row_set_subtitle (f->row, "“1 < 2” & <i>more</i>");
  settle (f);
  title = label_with_class (f->row, "title");
  subtitle = label_with_class (f->row, "subtitle");
  g_assert_nonnull (title);
  g_assert_nonnull (subtitle);
  g_assert_false (gtk_label_get_use_markup (title));
  g_assert_false (gtk_label_get_use_markup (subtitle));
  g_assert_cmpstr (gtk_label_get_text (title), ==, "<b>Zoé & Co</b>");
  g_assert_cmpstr (gtk_label_get_text (subtitle), ==, "“1 < 2” & <i>more</i>");
  g_assert_cmpstr (cn_text_row_get_subtitle (f->row), ==, "“1 < 2” & <i>more</i>");
}

/* A long subtitle wraps inside the row, between the prefix and the suffix,
 * and the row grows to show all of it; the suffix keeps its width. */
static void
test_long_subtitle_wraps (Fixture *f, gconstpointer data)
{
  GtkLabel *subtitle;
  graphene_rect_t text, suffix, prefix;
  int one_line_height, suffix_width;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->row), "Concrete ask");
  cn_text_row_set_subtitle (f->row, "Short");
  settle (f);
  one_line_height = gtk_widget_get_height (GTK_WIDGET (f->row));
  gtk_widget_measure (f->suffix, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &suffix_width, NULL, NULL);

  cn_text_row_set_subtitle (f->row, LONG_SUBTITLE);
  settle (f);
  subtitle = label_with_class (f->row, "subtitle");
  text = bounds_in_row (f, GTK_WIDGET (subtitle));
  suffix = bounds_in_row (f, f->suffix);
  prefix = bounds_in_row (f, f->prefix);
  g_test_message ("row %dx%d, subtitle %.0fx%.0f at %.0f, suffix %.0f wide at %.0f",
                  gtk_widget_get_width (GTK_WIDGET (f->row)),
                  gtk_widget_get_height (GTK_WIDGET (f->row)), text.size.width, text.size.height,
                  text.origin.x, suffix.size.width, suffix.origin.x);

  /* Several lines: the row is taller than with one. */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->row)), >, one_line_height + 20);
  /* In order, without overlapping: prefix, text, suffix at the end. */
  g_assert_cmpfloat (prefix.origin.x + prefix.size.width, <=, text.origin.x);
  g_assert_cmpfloat (text.origin.x + text.size.width, <=, suffix.origin.x);
  g_assert_cmpfloat (suffix.origin.x + suffix.size.width, <=,
                     gtk_widget_get_width (GTK_WIDGET (f->row)));
  g_assert_cmpfloat (suffix.origin.x + suffix.size.width, >=,
                     gtk_widget_get_width (GTK_WIDGET (f->row)) - 24);
  g_assert_cmpfloat (suffix.size.width, ==, suffix_width);
  /* The suffix is centred on the row's height. */
  g_assert_cmpfloat (ABS ((suffix.origin.y + suffix.size.height / 2) -
                          gtk_widget_get_height (GTK_WIDGET (f->row)) / 2.0),
                     <=, 1);
  /* All of the text fits its allocation at that width. */
  {
    int min_height = 0;

    gtk_widget_measure (GTK_WIDGET (subtitle), GTK_ORIENTATION_VERTICAL, (int) text.size.width,
                        &min_height, NULL, NULL, NULL);
    g_assert_cmpfloat (text.size.height, >=, min_height);
  }
}

/* In a right-to-left language the suffix comes first, on the left. */
static void
test_right_to_left (Fixture *f, gconstpointer data)
{
  graphene_rect_t text, suffix;

  gtk_widget_set_direction (GTK_WIDGET (f->row), GTK_TEXT_DIR_RTL);
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (f->row)); w != NULL;
       w = gtk_widget_get_first_child (w))
    gtk_widget_set_direction (w, GTK_TEXT_DIR_RTL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->row), "Concrete ask");
  cn_text_row_set_subtitle (f->row, LONG_SUBTITLE);
  settle (f);
  text = bounds_in_row (f, GTK_WIDGET (label_with_class (f->row, "title")));
  suffix = bounds_in_row (f, f->suffix);
  g_assert_cmpfloat (suffix.origin.x + suffix.size.width, <=, text.origin.x);
}

/* No subtitle, no empty line under the title; one set again shows. */
static void
test_empty_subtitle_hidden (Fixture *f, gconstpointer data)
{
  GtkLabel *subtitle;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->row), "Pushy");
  cn_text_row_set_subtitle (f->row, "Dismissed");
  settle (f);
  subtitle = label_with_class (f->row, "subtitle");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (subtitle)));
  cn_text_row_set_subtitle (f->row, NULL);
  settle (f);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (subtitle)));
  g_assert_cmpstr (cn_text_row_get_subtitle (f->row), ==, "");
  cn_text_row_set_subtitle (f->row, "Dismissed");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (subtitle)));
}

/* The box under the rows, alone: the children that do not expand get their
 * natural width, the one that expands the rest, and wraps in it. */
static void
test_row_box_shares_width (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  CnRowBox *box = cn_row_box_new (6);
  GtkWidget *start = gtk_button_new_with_label ("Start");
  GtkWidget *label = gtk_label_new (LONG_SUBTITLE);
  GtkWidget *end = gtk_button_new_with_label ("End");
  int start_nat = 0, end_nat = 0;

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_valign (start, GTK_ALIGN_START);
  cn_row_box_append (box, start);
  cn_row_box_append (box, label);
  cn_row_box_append (box, end);
  gtk_widget_set_valign (GTK_WIDGET (box), GTK_ALIGN_START);
  gtk_window_set_child (window, GTK_WIDGET (box));
  gtk_window_set_default_size (window, 400, 300);
  gtk_window_present (window);
  cn_test_ui_spin (50);

  gtk_widget_measure (start, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &start_nat, NULL, NULL);
  gtk_widget_measure (end, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &end_nat, NULL, NULL);
  {
    graphene_rect_t s_bounds, l_bounds, e_bounds;

    g_assert_true (gtk_widget_compute_bounds (start, GTK_WIDGET (box), &s_bounds));
    g_assert_true (gtk_widget_compute_bounds (label, GTK_WIDGET (box), &l_bounds));
    g_assert_true (gtk_widget_compute_bounds (end, GTK_WIDGET (box), &e_bounds));
    g_test_message ("box %d: start %.0f (natural %d), label %.0f, end %.0f (natural %d)",
                    gtk_widget_get_width (GTK_WIDGET (box)), s_bounds.size.width, start_nat,
                    l_bounds.size.width, e_bounds.size.width, end_nat);
    g_assert_cmpfloat (s_bounds.size.width, ==, start_nat);
    g_assert_cmpfloat (e_bounds.size.width, ==, end_nat);
    g_assert_cmpfloat (l_bounds.size.width, ==,
                       gtk_widget_get_width (GTK_WIDGET (box)) - start_nat - end_nat - 12);
    g_assert_cmpfloat (e_bounds.origin.x + e_bounds.size.width, ==,
                       gtk_widget_get_width (GTK_WIDGET (box)));
    /* The label wrapped to fit, and the box is as tall as it. */
    g_assert_cmpfloat (gtk_widget_get_height (GTK_WIDGET (box)), ==, l_bounds.size.height);
  }
  /* A child aligned to the start sits at the top, not centred. */
  {
    graphene_rect_t bounds;

    g_assert_true (gtk_widget_compute_bounds (start, GTK_WIDGET (box), &bounds));
    g_assert_cmpfloat (bounds.origin.y, ==, 0);
    g_assert_cmpfloat (bounds.size.height, <, gtk_widget_get_height (GTK_WIDGET (box)));
  }
  gtk_window_destroy (window);
  cn_test_ui_spin (20);
}

int
main (int argc, char *argv[])
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;

  g_type_ensure (CN_TYPE_TEXT_ROW);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/text-row/literal", test_text_is_literal);
  ADD ("/text-row/long-subtitle-wraps", test_long_subtitle_wraps);
  ADD ("/text-row/right-to-left", test_right_to_left);
  ADD ("/text-row/empty-subtitle-hidden", test_empty_subtitle_hidden);
#undef ADD
  g_test_add_func ("/row-box/shares-width", test_row_box_shares_width);

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
