/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The connector corrects the analyzer from the checklist: an element marked
 * present from selected words or missing, a warning sign dismissed; the
 * highlight, the checklist, the verdict, the steps and the list follow at
 * once, the history says it, and Undo takes it back. */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-element-style.h"
#include "cn-store-corrections.h"
#include "cn-test-ui.h"
#include "cn-text-row.h"
#include "cn-window-private.h"

typedef struct
{
  CnTestWindowFixture *f;
  CnElement element;
  CnFlag flag;
  gboolean present;
} Wait;

static CnRequestDetail *
detail_of (CnTestWindowFixture *f)
{
  return CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"));
}

static const char *
verdict_text (CnTestWindowFixture *f)
{
  GtkWidget *summary = cn_test_ui_child (detail_of (f), "summary");

  return gtk_label_get_text (GTK_LABEL (cn_test_ui_child (summary, "verdict_label")));
}

static gboolean
element_is (gpointer data)
{
  Wait *w = data;
  CnAnalysis *analysis = cn_request_detail_get_analysis (detail_of (w->f));

  return analysis != NULL && cn_analysis_has_element (analysis, w->element) == w->present;
}

static gboolean
flag_is (gpointer data)
{
  Wait *w = data;
  CnAnalysis *analysis = cn_request_detail_get_analysis (detail_of (w->f));

  return analysis != NULL && cn_analysis_has_flag (analysis, w->flag) == w->present;
}

/* The first widget of @type in @widget or below it. */
static GtkWidget *
find_widget (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A row's menu, as it opens: its labels, each with its action and item. */
/* Scrolls the pane to widget until it shows (the pane may still be filling
 * in, and a new request shown scrolls back to the top). */
static gboolean
scrolled_into_view (gpointer widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  graphene_rect_t in_scroller, in_content;

  if (!gtk_widget_compute_bounds (widget, scroller, &in_scroller) ||
      !gtk_widget_compute_bounds (widget, content, &in_content))
    return FALSE;
  if (in_scroller.origin.y >= 0 &&
      in_scroller.origin.y + in_scroller.size.height <= gtk_widget_get_height (scroller))
    return TRUE;
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)),
                            in_content.origin.y - 12);
  return FALSE;
}

static void
scroll_into_view (GtkWidget *widget)
{
  g_assert_true (cn_test_ui_wait_until (scrolled_into_view, widget, 3000));
}

static char *
describe_menu (GtkMenuButton *button)
{
  GMenuModel *menu;
  GString *out = g_string_new (NULL);

  /* Brought into view first, as a user scrolls to it: a menu opened below
   * the screen's edge has no monitor to be placed on. */
  scroll_into_view (GTK_WIDGET (button));
  gtk_menu_button_popup (button);
  menu = gtk_menu_button_get_menu_model (button);
  gtk_menu_button_popdown (button);
  g_assert_nonnull (menu);
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;
      g_autoptr (GVariant) target = NULL;
      GMenuModel *section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (section != NULL)
        {
          g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label);
          g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action);
          target = g_menu_model_get_item_attribute_value (section, 0, G_MENU_ATTRIBUTE_TARGET,
                                                          G_VARIANT_TYPE_UINT32);
          g_object_unref (section);
        }
      else
        {
          g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
          g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
          target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                          G_VARIANT_TYPE_UINT32);
        }
      g_string_append_printf (out, "%s%s=%s(%u)", out->len ? "|" : "", label, action,
                              target ? g_variant_get_uint32 (target) : 999);
    }
  return g_string_free (out, FALSE);
}

static CnTextRow *
element_row (CnTestWindowFixture *f, CnElement element)
{
  GtkListBox *list = GTK_LIST_BOX (
      cn_test_ui_child (cn_test_ui_child (detail_of (f), "checklist"), "list_box"));

  return CN_TEXT_ROW (gtk_list_box_get_row_at_index (list, (int) element));
}

/* The visible "Corrected by you" of a row. */
static gboolean
row_says_corrected (CnTextRow *row)
{
  for (GtkWidget *w = find_widget (GTK_WIDGET (row), GTK_TYPE_LABEL); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    {
      if (GTK_IS_LABEL (w) && gtk_widget_get_visible (w) &&
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (w)), _("Corrected by you")) == 0)
        return TRUE;
    }
  /* The suffixes sit in a box of their own. */
  {
    GtkWidget *menu = find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON);
    GtkWidget *box = gtk_widget_get_parent (menu);

    for (GtkWidget *w = gtk_widget_get_first_child (box); w != NULL;
         w = gtk_widget_get_next_sibling (w))
      if (GTK_IS_LABEL (w) && gtk_widget_get_visible (w) &&
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (w)), _("Corrected by you")) == 0)
        return TRUE;
  }
  return FALSE;
}

static gboolean
span_is_highlighted (GtkTextView *view, CnElement element, guint start, guint end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                               cn_element_style_get_tag_name (element));
  GtkTextIter iter;

  for (guint offset = start; tag != NULL && offset < end; offset++)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
      if (!gtk_text_iter_has_tag (&iter, tag))
        return FALSE;
    }
  return tag != NULL;
}

static guint
count_history (CnTestWindowFixture *f, gint64 id, const char *words)
{
  g_autoptr (GPtrArray) events = cn_store_list_events (f->store, id, NULL);
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    {
      g_autofree char *title = cn_history_view_describe_event (g_ptr_array_index (events, i));

      if (g_strcmp0 (title, words) == 0)
        n++;
    }
  return n;
}

/* Words selected in the note, then "Mark as Present" in the row's menu:
 * they are highlighted, the row is ticked and says so, and the verdict (the
 * header, the Motivation step, the list) follows. Undo takes it back. */
static void
test_mark_present (CnTestWindowFixture *f, gconstpointer data)
{
  CnRequestDetail *detail = detail_of (f);
  GtkTextView *target_view = GTK_TEXT_VIEW (cn_test_ui_child (detail, "target_view"));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (target_view);
  CnTextRow *row;
  GtkWidget *menu_button;
  CnRequest *request;
  GtkTextIter start, end;
  g_autofree char *menu = NULL;
  g_autofree char *expected_menu = NULL;
  g_autofree char *toast = NULL;
  g_autofree char *history = NULL;
  g_autofree char *before = NULL;
  g_autofree char *name = NULL;
  CnStepCheck step_before;
  Wait w = { f, CN_ELEMENT_OBJECTIVE, 0, TRUE };
  gint64 id;

  cn_test_window_fixture_load_demo (f);
  request = cn_test_window_fixture_select_with (f, "new data-br");
  id = cn_request_get_id (request);
  g_assert_cmpint (cn_analysis_get_verdict (cn_request_detail_get_analysis (detail)), ==,
                   CN_VERDICT_INCOMPLETE);
  before = g_strdup (verdict_text (f));
  g_assert_cmpstr (before, ==, cn_verdict_get_label (CN_VERDICT_INCOMPLETE));
  step_before = cn_review_get_check (f->window->review, CN_STEP_MOTIVATION);
  row = element_row (f, CN_ELEMENT_OBJECTIVE);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "cn-missing"));
  g_assert_false (row_says_corrected (row));

  /* The row's menu, named after its element. */
  menu_button = find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  name = g_strdup_printf (_("Correct “%s”…"), cn_element_get_label (CN_ELEMENT_OBJECTIVE));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (menu_button), ==, name);
  menu = describe_menu (GTK_MENU_BUTTON (menu_button));
  expected_menu = g_strdup_printf ("%s=win.mark-present(%u)", _("Mark as _Present"),
                                                                 CN_ELEMENT_OBJECTIVE);
  g_assert_cmpstr (menu, ==, expected_menu);

  /* "data-brokers" selected in the note, then the menu's item. */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, 0);
  g_assert_true (gtk_text_iter_forward_search (&start, "new data-br", 0, &start, NULL, NULL));
  end = start;
  gtk_text_iter_forward_chars (&end, 11);
  gtk_text_buffer_select_range (buffer, &start, &end);
  g_assert_true (gtk_widget_activate_action (menu_button, "win.mark-present", "u",
                                             (guint32) CN_ELEMENT_OBJECTIVE));
  g_assert_true (cn_test_ui_wait_until (element_is, &w, 5000));

  g_assert_true (span_is_highlighted (target_view, CN_ELEMENT_OBJECTIVE,
                                      gtk_text_iter_get_offset (&start),
                                      gtk_text_iter_get_offset (&end)));
  row = element_row (f, CN_ELEMENT_OBJECTIVE);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "cn-missing"));
  g_assert_cmpstr (cn_text_row_get_subtitle (row), ==, "“new data-br”");
  g_assert_true (row_says_corrected (row));
  g_assert_cmpstr (verdict_text (f), ==, cn_verdict_get_label (CN_VERDICT_MOTIVATED));
  g_assert_cmpstr (verdict_text (f), !=, before);
  g_assert_true (cn_review_get_check (f->window->review, CN_STEP_MOTIVATION).result !=
                 step_before.result);
  g_assert_cmpint (cn_request_get_effective_verdict (request), ==, CN_VERDICT_MOTIVATED);
  toast = g_strdup_printf (_("“%s” marked present"), cn_element_get_label (CN_ELEMENT_OBJECTIVE));
  g_assert_cmpstr (_cn_window_get_last_toast (f->window), ==, toast);
  history = g_strdup_printf (C_("history", "Marked present: %s"),
                                 cn_element_get_label (CN_ELEMENT_OBJECTIVE));
  g_assert_cmpuint (count_history (f, id, history), ==, 1);
  /* Now it can be restored or marked missing. */
  g_clear_pointer (&menu, g_free);
  menu = describe_menu (GTK_MENU_BUTTON (find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON)));
  g_assert_nonnull (strstr (menu, "win.mark-missing"));
  g_assert_nonnull (strstr (menu, "win.restore-element"));

  /* Undo, from the toast. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-correction", NULL);
  w.present = FALSE;
  g_assert_true (cn_test_ui_wait_until (element_is, &w, 5000));
  g_assert_cmpstr (verdict_text (f), ==, before);
  g_assert_false (row_says_corrected (element_row (f, CN_ELEMENT_OBJECTIVE)));
  g_assert_cmpint (cn_request_get_effective_verdict (request), ==, CN_VERDICT_INCOMPLETE);
  g_assert_cmpuint (count_history (f, id, history), ==, 0);
}

/* "Dismiss" on a warning sign: it goes from the verdict, stays listed as
 * dismissed, and "Restore" brings it back. */
static void
test_dismiss_flag (CnTestWindowFixture *f, gconstpointer data)
{
  CnRequestDetail *detail = detail_of (f);
  GtkListBox *flags = GTK_LIST_BOX (
      cn_test_ui_child (cn_test_ui_child (detail, "checklist"), "flag_list_box"));
  Wait w = { f, 0, CN_FLAG_PUSHY, FALSE };
  CnTextRow *pushy = NULL;
  g_autofree char *history = NULL;
  g_autofree char *menu = NULL;
  CnRequest *request;

  cn_test_window_fixture_load_demo (f);
  request = cn_test_window_fixture_select_with (f, "startup révolutionnaire");
  g_assert_cmpstr (verdict_text (f), ==, cn_verdict_get_label (CN_VERDICT_UNSUITABLE));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (flags)));
  for (GtkWidget *r = gtk_widget_get_first_child (GTK_WIDGET (flags)); r != NULL;
       r = gtk_widget_get_next_sibling (r))
    if (CN_IS_TEXT_ROW (r) && gtk_widget_get_visible (r) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (r)),
                   cn_flag_get_label (CN_FLAG_PUSHY)) == 0)
      pushy = CN_TEXT_ROW (r);
  g_assert_nonnull (pushy);
  menu = describe_menu (GTK_MENU_BUTTON (find_widget (GTK_WIDGET (pushy), GTK_TYPE_MENU_BUTTON)));
  g_assert_nonnull (strstr (menu, _("_Dismiss")));

  gtk_widget_activate_action (find_widget (GTK_WIDGET (pushy), GTK_TYPE_MENU_BUTTON),
                              "win.dismiss-flag", "u", (guint32) CN_FLAG_PUSHY);
  g_assert_true (cn_test_ui_wait_until (flag_is, &w, 5000));
  g_assert_cmpstr (verdict_text (f), ==, cn_verdict_get_label (CN_VERDICT_INCOMPLETE));
  g_assert_cmpint (cn_request_get_effective_verdict (request), ==, CN_VERDICT_INCOMPLETE);
  /* Still listed, as dismissed by you, to restore it. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (pushy)));
  g_assert_cmpstr (cn_text_row_get_subtitle (pushy), ==, _("Dismissed"));
  g_assert_true (row_says_corrected (pushy));
  history = g_strdup_printf (C_("history", "Dismissed: %s"), cn_flag_get_label (CN_FLAG_PUSHY));
  g_assert_cmpuint (count_history (f, cn_request_get_id (request), history), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.restore-flag", "u",
                              (guint32) CN_FLAG_PUSHY);
  w.present = TRUE;
  g_assert_true (cn_test_ui_wait_until (flag_is, &w, 5000));
  g_assert_cmpstr (verdict_text (f), ==, cn_verdict_get_label (CN_VERDICT_UNSUITABLE));
  g_assert_false (row_says_corrected (pushy));
}

/* Nothing selected: present without words, and the toast says how to give them. */
static void
test_mark_present_without_selection (CnTestWindowFixture *f, gconstpointer data)
{
  Wait w = { f, CN_ELEMENT_OBJECTIVE, 0, TRUE };
  g_autofree char *toast = NULL;

  cn_test_window_fixture_load_demo (f);
  cn_test_window_fixture_select_with (f, "new data-br");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.mark-present", "u",
                              (guint32) CN_ELEMENT_OBJECTIVE);
  g_assert_true (cn_test_ui_wait_until (element_is, &w, 5000));
  g_assert_null (cn_analysis_get_spans (cn_request_detail_get_analysis (detail_of (f)),
                                        CN_ELEMENT_OBJECTIVE, NULL));
  toast = g_strdup_printf (_("“%s” marked present. To show its words, select them in a note and "
                             "mark it again."),
                              cn_element_get_label (CN_ELEMENT_OBJECTIVE));
  g_assert_cmpstr (_cn_window_get_last_toast (f->window), ==, toast);
}

int
main (int argc, char *argv[])
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;

#define ADD(name, func)                                                                            \
  g_test_add ("/ui/corrections/" name, CnTestWindowFixture, NULL, cn_test_window_fixture_set_up,   \
              func, cn_test_window_fixture_tear_down)
  ADD ("mark-present", test_mark_present);
  ADD ("mark-present-without-selection", test_mark_present_without_selection);
  ADD ("dismiss-flag", test_dismiss_flag);
#undef ADD

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
