/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The UI benchmark's floor: a minimal GTK/libadwaita program of the app's
 * shape, over the same records (bench-ui-data.c) held in memory. An
 * AdwApplicationWindow with a GtkListView of the requests behind a custom
 * filter (verdict, view, search typed in a GtkSearchEntry, filtered at each
 * keystroke), a detail label, a contacts page with its own search, and a
 * window listing the campaigns. It runs the same script as the app
 * (bench-ui-probe.c): what a figure costs at least with these toolkits.
 * Usage: bench-ui-floor [--requests N] [--campaigns N] [--quick] [--reps=N] [--start-only]
 * [--trace] */

#include <adwaita.h>
#include <string.h>

#include "bench-ui-data.h"
#include "bench-ui-probe.h"

/* One row of any of the lists: a title, a line under it, folded text to
 * search, and the fields the filter reads. */
#define BENCH_TYPE_ROW (bench_row_get_type ())
G_DECLARE_FINAL_TYPE (BenchRow, bench_row, BENCH, ROW, GObject)

struct _BenchRow
{
  GObject parent_instance;
  char *title;
  char *subtitle;
  char *folded;
  int verdict;
  int status;
};

G_DEFINE_FINAL_TYPE (BenchRow, bench_row, G_TYPE_OBJECT)

static void
bench_row_finalize (GObject *object)
{
  BenchRow *self = BENCH_ROW (object);

  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->folded);
  G_OBJECT_CLASS (bench_row_parent_class)->finalize (object);
}

static void
bench_row_class_init (BenchRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bench_row_finalize;
}

static void
bench_row_init (BenchRow *self)
{
}

static BenchScript script;
static BenchSubject subject;
static int n_requests = 100000;
static int n_campaigns = 1500;
static GListStore *requests;
static GListStore *contacts;
static GListStore *campaigns;
static GtkCustomFilter *request_filter;
static GtkCustomFilter *contact_filter;
static GtkStack *stack;
static GtkLabel *detail_title;
static GtkLabel *detail_note;
static int view = 2;
static char *request_needle;
static char *contact_needle;

static void
load (GApplication *app, gpointer data)
{
  BenchDataSize size;

  requests = g_list_store_new (BENCH_TYPE_ROW);
  contacts = g_list_store_new (BENCH_TYPE_ROW);
  campaigns = g_list_store_new (BENCH_TYPE_ROW);
  if (n_requests == 0)
    return;
  bench_data_size_init (&size, 17, n_requests, n_campaigns);
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
    g_autofree int *copies = g_new0 (int, size.n_campaigns);

    /* Newest first, as the app lists them. */
    for (int i = (int) size.n_requests - 1; i >= 0; i--)
      {
        BenchRequest r;
        BenchRow *row = g_object_new (BENCH_TYPE_ROW, NULL);

        bench_data_request (&size, i, &r);
        row->title = bench_data_requester_name (&size, r.requester);
        row->subtitle = g_utf8_substring (r.note_to_target, 0, 80);
        row->folded = g_utf8_casefold (r.note_to_target, -1);
        row->verdict = r.campaign >= 0 ? 5 : r.repeat ? 6 : 1 + i % 4;
        row->status = r.status;
        if (r.campaign >= 0)
          copies[r.campaign]++;
        g_ptr_array_add (rows, row);
        bench_data_request_clear (&r);
      }
    g_list_store_splice (requests, 0, 0, rows->pdata, rows->len);
    g_ptr_array_set_size (rows, 0);
    for (guint k = 0; k < size.n_campaigns; k++)
      {
        BenchRow *row = g_object_new (BENCH_TYPE_ROW, NULL);

        row->title = g_strdup_printf ("Campaign %u", k);
        row->subtitle = g_strdup_printf ("%d copies", copies[k]);
        g_ptr_array_add (rows, row);
      }
    g_list_store_splice (campaigns, 0, 0, rows->pdata, rows->len);
    g_ptr_array_set_size (rows, 0);
    for (guint i = 0; i < size.n_contacts; i++)
      {
        BenchContact c;
        BenchRow *row = g_object_new (BENCH_TYPE_ROW, NULL);

        bench_data_contact (&size, i, &c);
        row->title = g_strdup (c.name);
        row->subtitle = g_strdup (c.position);
        row->folded = g_utf8_casefold (c.name, -1);
        g_ptr_array_add (rows, row);
        bench_data_contact_clear (&c);
      }
    g_list_store_splice (contacts, 0, 0, rows->pdata, rows->len);
  }
}

static gboolean
request_matches (gpointer item, gpointer data)
{
  BenchRow *row = item;
  guint verdict = gtk_drop_down_get_selected (subject.verdict_filter);

  if (verdict != 0 && row->verdict != (int) verdict)
    return FALSE;
  /* To do: new or asked; Handled: the rest. */
  if (view == 0 && row->status > 1)
    return FALSE;
  if (view == 1 && row->status <= 1)
    return FALSE;
  return request_needle == NULL || strstr (row->folded, request_needle) != NULL;
}

static gboolean
contact_matches (gpointer item, gpointer data)
{
  BenchRow *row = item;

  return contact_needle == NULL || strstr (row->folded, contact_needle) != NULL;
}

static char *
needle_of (GtkEditable *editable)
{
  const char *text = gtk_editable_get_text (editable);

  return *text ? g_utf8_casefold (text, -1) : NULL;
}

static void
on_request_search_changed_cb (GtkEditable *editable)
{
  g_free (request_needle);
  request_needle = needle_of (editable);
  gtk_filter_changed (GTK_FILTER (request_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_contact_search_changed_cb (GtkEditable *editable)
{
  g_free (contact_needle);
  contact_needle = needle_of (editable);
  gtk_filter_changed (GTK_FILTER (contact_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_verdict_cb (GObject *object, GParamSpec *pspec)
{
  gtk_filter_changed (GTK_FILTER (request_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static GtkWidget *
make_row_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  return box;
}

static void
on_setup_row_cb (GtkListItemFactory *factory, GtkListItem *item)
{
  gtk_list_item_set_child (item, make_row_box ());
}

static void
on_bind_row_cb (GtkListItemFactory *factory, GtkListItem *item)
{
  BenchRow *row = gtk_list_item_get_item (item);
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  gtk_label_set_text (GTK_LABEL (title), row->title);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (title)), row->subtitle);
}

static void
on_setup_campaign_cb (GtkListItemFactory *factory, GtkListItem *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = make_row_box ();

  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), gtk_button_new_with_label ("Show"));
  gtk_list_item_set_child (item, box);
}

static void
on_bind_campaign_cb (GtkListItemFactory *factory, GtkListItem *item)
{
  BenchRow *row = gtk_list_item_get_item (item);
  GtkWidget *title = gtk_widget_get_first_child (
      gtk_widget_get_first_child (gtk_list_item_get_child (item)));

  gtk_label_set_text (GTK_LABEL (title), row->title);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (title)), row->subtitle);
}

static GtkWidget *
make_list (GListModel *model, GtkCustomFilter *filter, gboolean campaign_rows)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkSelectionModel *selection;
  GtkWidget *list;
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  g_object_ref (model);
  if (filter != NULL)
    model = G_LIST_MODEL (gtk_filter_list_model_new (model, GTK_FILTER (g_object_ref (filter))));
  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (model));
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
  g_signal_connect (factory, "setup",
                    campaign_rows ? G_CALLBACK (on_setup_campaign_cb)
                                  : G_CALLBACK (on_setup_row_cb),
                    NULL);
  g_signal_connect (factory, "bind",
                    campaign_rows ? G_CALLBACK (on_bind_campaign_cb) : G_CALLBACK (on_bind_row_cb),
                    NULL);
  list = gtk_list_view_new (selection, factory);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_widget_set_vexpand (scrolled, TRUE);
  return scrolled;
}

static void
on_selected_cb (GtkSingleSelection *selection, GParamSpec *pspec)
{
  BenchRow *row = gtk_single_selection_get_selected_item (selection);

  if (row == NULL)
    return;
  gtk_label_set_text (detail_title, row->title);
  gtk_label_set_text (detail_note, row->folded);
}

static void
set_view (gpointer data, int new_view)
{
  view = new_view;
  gtk_filter_changed (GTK_FILTER (request_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
show_contacts (gpointer data, gboolean shown)
{
  gtk_stack_set_visible_child_name (stack, shown ? "contacts" : "requests");
}

static void
open_campaigns (gpointer data)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (subject.window));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 560);
  gtk_window_set_title (GTK_WINDOW (window), "Campaigns");
  gtk_window_set_child (GTK_WINDOW (window), make_list (G_LIST_MODEL (campaigns), NULL, TRUE));
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *panes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *views = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *detail = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *detail_scrolled = gtk_scrolled_window_new ();
  GtkWidget *contacts_page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *request_list, *contact_list, *first = NULL;
  const char *const verdicts[] = { "All Verdicts",    "Motivated", "Incomplete", "Unsuitable",
                                   "Not Checked Yet", "Mass-Sent", "Repeated",   NULL };
  const char *const view_names[] = { "To Do", "Handled", "All" };

  bench_probe_settings ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  gtk_window_set_title (GTK_WINDOW (window), "Floor");
  gtk_box_append (GTK_BOX (content), adw_header_bar_new ());

  request_filter = gtk_custom_filter_new (request_matches, NULL, NULL);
  contact_filter = gtk_custom_filter_new (contact_matches, NULL, NULL);
  subject.request_search = GTK_EDITABLE (gtk_search_entry_new ());
  subject.verdict_filter = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (verdicts));
  g_signal_connect (subject.request_search, "changed", G_CALLBACK (on_request_search_changed_cb),
                    NULL);
  g_signal_connect (subject.verdict_filter, "notify::selected", G_CALLBACK (on_verdict_cb), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (view_names[i]);

      if (first != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (first));
      else
        first = button;
      gtk_box_append (GTK_BOX (views), button);
    }
  gtk_widget_add_css_class (views, "linked");
  request_list = make_list (G_LIST_MODEL (requests), request_filter, FALSE);
  subject.request_list = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (request_list));
  g_signal_connect (gtk_list_view_get_model (GTK_LIST_VIEW (subject.request_list)),
                    "notify::selected", G_CALLBACK (on_selected_cb), NULL);
  gtk_widget_set_size_request (column, 360, -1);
  gtk_box_append (GTK_BOX (column), GTK_WIDGET (subject.request_search));
  gtk_box_append (GTK_BOX (column), views);
  gtk_box_append (GTK_BOX (column), GTK_WIDGET (subject.verdict_filter));
  gtk_box_append (GTK_BOX (column), request_list);

  detail_title = GTK_LABEL (gtk_label_new (NULL));
  detail_note = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (detail_title), "title-2");
  gtk_label_set_wrap (detail_note, TRUE);
  gtk_label_set_selectable (detail_note, TRUE);
  gtk_label_set_xalign (detail_note, 0);
  gtk_box_append (GTK_BOX (detail), GTK_WIDGET (detail_title));
  gtk_box_append (GTK_BOX (detail), GTK_WIDGET (detail_note));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (detail_scrolled), detail);
  gtk_widget_set_hexpand (detail_scrolled, TRUE);
  gtk_box_append (GTK_BOX (panes), column);
  gtk_box_append (GTK_BOX (panes), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (panes), detail_scrolled);

  subject.contact_search = GTK_EDITABLE (gtk_search_entry_new ());
  g_signal_connect (subject.contact_search, "changed", G_CALLBACK (on_contact_search_changed_cb),
                    NULL);
  contact_list = make_list (G_LIST_MODEL (contacts), contact_filter, FALSE);
  gtk_box_append (GTK_BOX (contacts_page), GTK_WIDGET (subject.contact_search));
  gtk_box_append (GTK_BOX (contacts_page), contact_list);

  stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (stack, panes, "requests");
  gtk_stack_add_named (stack, contacts_page, "contacts");
  gtk_widget_set_vexpand (GTK_WIDGET (stack), TRUE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (stack));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), content);

  subject.name = "floor";
  subject.window = window;
  subject.set_view = set_view;
  subject.show_contacts = show_contacts;
  subject.open_campaigns = open_campaigns;
  bench_probe_watch (window);
  gtk_window_present (GTK_WINDOW (window));
  bench_probe_run (&subject, &script, app);
}

int
main (int argc, char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;
  GOptionEntry entries[] = {
    { "requests", 0, 0, G_OPTION_ARG_INT, &n_requests, "Requests (100000; 0: an empty window)",
      "N" },
    { "campaigns", 0, 0, G_OPTION_ARG_INT, &n_campaigns, "Campaigns (1500)", "N" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };

  bench_probe_init ();
  bench_probe_parse_args (&argc, &argv, &script);
  app = adw_application_new ("org.connecteur.BenchFloor", G_APPLICATION_NON_UNIQUE);
  g_application_add_main_option_entries (G_APPLICATION (app), entries);
  g_signal_connect (app, "startup", G_CALLBACK (load), NULL);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
