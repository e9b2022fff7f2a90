/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Mass-sent and repeated requests as the window shows them: badges, the
 * filter, the related requests one click away, the differences between
 * copies, and the Campaigns window with its bulk actions and Undo. */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-campaigns-dialog.h"
#include "cn-preferences-window.h"
#include "cn-related-requests.h"
#include "cn-store.h"
#include "cn-test-ui.h"
#include "cn-text-row.h"
#include "cn-window-private.h"

static GListModel *
list_model (CnTestWindowFixture *f)
{
  return G_LIST_MODEL (cn_test_ui_request_model (f->window));
}

typedef struct
{
  CnTestWindowFixture *f;
  gint64 not_id;
} SelectionChange;

/* The rows of a widget's list_box (the related requests). */
static guint
n_rows (gpointer widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (cn_test_ui_child (widget, "list_box"));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* The row of a related request, or NULL. */
static GtkListBoxRow *
related_row (gpointer widget, gint64 id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (cn_test_ui_child (widget, "list_box"));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      const gint64 *row_id = g_object_get_data (G_OBJECT (child), "cn-request-id");

      if (row_id != NULL && *row_id == id)
        return GTK_LIST_BOX_ROW (child);
    }
  return NULL;
}

static GListModel *
campaigns_model (CnCampaignsDialog *dialog)
{
  return G_LIST_MODEL (gtk_grid_view_get_model (cn_test_ui_child (dialog, "list_view")));
}

/* The campaign listed at @index, as the store reads it. */
static CnCampaign *
campaign_at (CnStore *store, CnCampaignsDialog *dialog, guint index)
{
  g_autoptr (GtkStringObject) item = g_list_model_get_item (campaigns_model (dialog), index);
  g_autoptr (GPtrArray) campaigns = cn_store_list_campaigns (store, NULL);
  gint64 id;

  g_assert_nonnull (item);
  id = g_ascii_strtoll (gtk_string_object_get_string (item), NULL, 10);
  for (guint i = 0; i < campaigns->len; i++)
    {
      CnCampaign *campaign = g_ptr_array_index (campaigns, i);

      if (campaign->id == id)
        return cn_campaign_copy (campaign);
    }
  g_assert_not_reached ();
}

/* The text a label or an inscription on show says, or NULL. */
static const char *
shown_text (GtkWidget *widget)
{
  const char *text = NULL;

  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_INSCRIPTION (widget))
    text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  return text;
}

/* The label or inscription on show whose text starts with @prefix. */
static GtkWidget *
find_label (GtkWidget *widget, const char *prefix)
{
  const char *text = shown_text (widget);

  if (text != NULL && g_str_has_prefix (text, prefix))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_label_containing (GtkWidget *widget, const char *part)
{
  const char *text = shown_text (widget);

  if (text != NULL && strstr (text, part) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_containing (child, part);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget *list_view;
  const char *prefix;
  GtkWidget *found;
} LabelSearch;

static gboolean
label_shown (gpointer data)
{
  LabelSearch *search = data;

  search->found = find_label (search->list_view, search->prefix);
  return search->found != NULL;
}

/* The row on show for a campaign: the list's child holding the label with
 * the start of its note, once the list has laid it out. */
static GtkWidget *
campaign_row (CnCampaignsDialog *dialog, const CnCampaign *campaign)
{
  g_autofree char *prefix = g_utf8_substring (campaign->sample_note, 0, 40);
  LabelSearch search = { cn_test_ui_child (dialog, "list_view"), prefix, NULL };
  GtkWidget *row;

  g_assert_true (cn_test_ui_wait_until (label_shown, &search, 10000));
  row = search.found;
  while (gtk_widget_get_parent (row) != search.list_view)
    row = gtk_widget_get_parent (row);
  return row;
}

/* Brings the campaign listed at @index into view. */
static void
scroll_to (CnCampaignsDialog *dialog, guint index)
{
  gtk_widget_activate_action (cn_test_ui_child (dialog, "list_view"), "list.scroll-to-item", "u",
                              index);
  cn_test_ui_spin (50);
}

/* The row of @campaign, listed at @index, scrolled into view. GTK 4.8 loses
 * a scroll asked for while a list with rows of unknown heights settles its
 * first frames, and a loaded machine takes longer to settle: the scroll is
 * asked again until the row shows. */
static GtkWidget *
scrolled_row (CnCampaignsDialog *dialog, guint index, const CnCampaign *campaign)
{
  g_autofree char *prefix = g_utf8_substring (campaign->sample_note, 0, 40);
  LabelSearch search = { cn_test_ui_child (dialog, "list_view"), prefix, NULL };

  for (int i = 0; i < 50 && search.found == NULL; i++)
    {
      scroll_to (dialog, index);
      cn_test_ui_wait_until (label_shown, &search, 200);
    }
  return campaign_row (dialog, campaign);
}

/* The Decline button of the campaign listed at @index, scrolled into view. */
static GtkWidget *
decline_button (CnStore *store, CnCampaignsDialog *dialog, guint index)
{
  g_autoptr (CnCampaign) campaign = campaign_at (store, dialog, index);
  GtkWidget *button;

  button = cn_test_ui_find_button (scrolled_row (dialog, index, campaign), _("_Decline"));
  g_assert_nonnull (button);
  return button;
}

typedef struct
{
  CnCampaignsDialog *dialog;
  guint n;
} Listed;

/* The campaigns are read in a worker: wait until @n are listed. */
static gboolean
campaigns_listed (gpointer data)
{
  Listed *listed = data;

  return g_list_model_get_n_items (campaigns_model (listed->dialog)) == listed->n;
}

typedef struct
{
  CnStore *store;
  CnCampaignsDialog *dialog;
  guint index;
  gboolean sensitive;
} RowState;

/* After an answer the list is read again: wait until the row says it. */
static gboolean
decline_sensitive_is (gpointer data)
{
  RowState *state = data;

  return gtk_widget_get_sensitive (decline_button (state->store, state->dialog, state->index)) ==
         state->sensitive;
}

static CnRequest *
selected (CnTestWindowFixture *f)
{
  return gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (list_model (f)));
}

/* The related request opens from an idle: wait for it. */
static gboolean
selection_moved (gpointer data)
{
  SelectionChange *change = data;
  CnRequest *request = selected (change->f);

  return request != NULL && cn_request_get_id (request) != change->not_id;
}

/* The example data: one stock note sent by Bruno Tessier to three contacts. */
static void
test_mass_sent_request (CnTestWindowFixture *f, gconstpointer data)
{
  CnRequestDetail *detail = CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"));
  CnRelatedRequests *campaign = CN_RELATED_REQUESTS (cn_test_ui_child (detail, "campaign_related"));
  CnRequest *request;
  gint64 first_id;

  cn_test_window_fixture_load_demo (f);
  request = cn_test_window_fixture_select_with (f, "ajouter à mon réseau");
  g_assert_true (cn_request_get_mass_sent (request));
  g_assert_cmpuint (cn_request_get_campaign_size (request), ==, 3);
  /* A mass-sent note is never motivated. */
  g_assert_cmpint (cn_request_get_effective_verdict (request), !=, CN_VERDICT_MOTIVATED);

  /* The other copies are listed, each one click away. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (campaign)));
  g_assert_cmpuint (n_rows (campaign), ==, 3);
  first_id = cn_request_get_id (request);
  /* The rows are oldest first: the first is another copy than the newest. */
  _cn_related_requests_activate_row (campaign, 0);
  g_assert_true (cn_test_ui_wait_until (selection_moved, &(SelectionChange){ f, first_id }, 3000));
  request = selected (f);
  g_assert_true (cn_request_get_mass_sent (request));
  g_assert_cmpint (cn_request_get_id (request), !=, first_id);
  g_assert_true (cn_request_detail_get_request (detail) == request);

  /* The same copies, the other one marked as the one shown. */
  g_assert_cmpuint (n_rows (campaign), ==, 3);
  g_assert_false (
      gtk_list_box_row_get_activatable (related_row (campaign, cn_request_get_id (request))));
  g_assert_true (gtk_list_box_row_get_activatable (related_row (campaign, first_id)));
  g_assert_cmpstr (cn_text_row_get_subtitle (
                       CN_TEXT_ROW (related_row (campaign, cn_request_get_id (request)))),
                   !=, cn_text_row_get_subtitle (CN_TEXT_ROW (related_row (campaign, first_id))));
}

static void collect_rows (GtkWidget *widget, GPtrArray *rows);

/* Every span the analysis found in the note to the target carries a tag:
 * returns how many there are. */
static guint
assert_target_highlights (CnRequestDetail *detail)
{
  CnAnalysis *analysis = cn_request_detail_get_analysis (detail);
  GtkTextView *view = GTK_TEXT_VIEW (cn_test_ui_child (detail, "target_view"));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  guint checked = 0;

  g_assert_nonnull (analysis);
  for (guint e = 0; e < CN_N_ELEMENTS; e++)
    {
      guint n_spans = 0;
      const CnSpan *spans;

      if (e == CN_ELEMENT_REASON_TO_FORWARD)
        continue;
      spans = cn_analysis_get_spans (analysis, e, &n_spans);
      for (guint i = 0; i < n_spans; i++)
        {
          GtkTextIter iter;
          GSList *tags;

          gtk_text_buffer_get_iter_at_offset (buffer, &iter, spans[i].start);
          tags = gtk_text_iter_get_tags (&iter);
          g_assert_nonnull (tags);
          g_slist_free (tags);
          checked++;
        }
    }
  return checked;
}

/* Opening another copy of a campaign (the same note), then another request:
 * the detail shows each one's texts and highlights, and the copies' list marks
 * the one shown. */
static void
test_switch_copies (CnTestWindowFixture *f, gconstpointer data)
{
  CnRequestDetail *detail = CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"));
  CnRelatedRequests *campaign = CN_RELATED_REQUESTS (cn_test_ui_child (detail, "campaign_related"));
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *this_request = NULL;
  CnRequest *request;
  gint64 first_id;
  guint n_current = 0;

  cn_test_window_fixture_load_demo (f);
  request = cn_test_window_fixture_select_with (f, "ajouter à mon réseau");
  first_id = cn_request_get_id (request);
  assert_target_highlights (detail);

  _cn_related_requests_activate_row (campaign, 0);
  g_assert_true (cn_test_ui_wait_until (selection_moved, &(SelectionChange){ f, first_id }, 3000));
  request = selected (f);
  g_assert_true (cn_request_detail_get_request (detail) == request);
  {
    g_autofree char *target = cn_request_detail_dup_note_to_target (detail);
    g_autofree char *connector = cn_request_detail_dup_note_to_connector (detail);

    g_assert_cmpstr (target, ==, cn_request_get_note_to_target (request));
    g_assert_cmpstr (connector, ==, cn_request_get_note_to_connector (request));
  }
  assert_target_highlights (detail);
  /* One row says "this request": the copy now shown. */
  collect_rows (GTK_WIDGET (campaign), rows);
  g_assert_cmpuint (rows->len, ==, 3);
  this_request = g_strdup_printf (_("%s · %s · this request"), "", "");
  for (guint i = 0; i < rows->len; i++)
    {
      const char *subtitle = cn_text_row_get_subtitle (g_ptr_array_index (rows, i));

      n_current += g_str_has_suffix (subtitle, this_request + strlen (" · "));
    }
  g_assert_cmpuint (n_current, ==, 1);

  /* Another request altogether, with elements found in its note. */
  request = cn_test_window_fixture_select_with (f, "outplacement");
  {
    g_autofree char *target = cn_request_detail_dup_note_to_target (detail);

    g_assert_cmpstr (target, ==, cn_request_get_note_to_target (request));
  }
  g_assert_cmpuint (assert_target_highlights (detail), >, 0);
}

/* Grégoire Lambert asks again after being asked for his objective. */
static void
test_repeated_request (CnTestWindowFixture *f, gconstpointer data)
{
  CnRequestDetail *detail = CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"));
  CnRelatedRequests *earlier = CN_RELATED_REQUESTS (cn_test_ui_child (detail, "repeat_related"));
  CnRequest *request;

  cn_test_window_fixture_load_demo (f);
  request = cn_test_window_fixture_select_with (f, "dernière relance");
  g_assert_true (cn_request_get_repeated (request));
  g_assert_true (cn_request_get_repeated_after_refusal (request));
  g_assert_cmpint (cn_request_get_effective_verdict (request), !=, CN_VERDICT_MOTIVATED);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (earlier)));
  g_assert_cmpuint (n_rows (earlier), >=, 1);

  _cn_related_requests_activate_row (earlier, 0);
  g_assert_true (cn_test_ui_wait_until (selection_moved,
                                        &(SelectionChange){ f, cn_request_get_id (request) },
                                        3000));
  g_assert_cmpint (cn_request_get_status (selected (f)), ==, CN_REQUEST_STATUS_ASKED);
}

static void
test_filter_mass_sent (CnTestWindowFixture *f, gconstpointer data)
{
  GtkDropDown *filter = GTK_DROP_DOWN (cn_test_ui_child (f->window, "verdict_filter"));
  GListModel *model = list_model (f);

  cn_test_window_fixture_load_demo (f);
  gtk_drop_down_set_selected (filter, 5); /* Mass-Sent */
  cn_test_ui_spin (20);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (CnRequest) request = g_list_model_get_item (model, i);

      g_assert_true (cn_request_get_mass_sent (request));
    }
  gtk_drop_down_set_selected (filter, 6); /* Repeated */
  cn_test_ui_spin (20);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 1);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (CnRequest) request = g_list_model_get_item (model, i);

      g_assert_true (cn_request_get_repeated (request));
    }
}

static gboolean
campaigns_open (gpointer window)
{
  return _cn_window_get_campaigns_dialog (window) != NULL;
}

static guint
count_status (CnStore *store, CnRequestStatus status)
{
  g_autoptr (GArray) ids = cn_store_list_request_ids (store, NULL);
  guint n = 0;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (CnRequest)
                     request = cn_store_get_request (store, g_array_index (ids, gint64, i), NULL);

      n += cn_request_get_status (request) == status;
    }
  return n;
}

/* Declining a whole campaign at once, then taking it back. */
static void
test_campaigns_decline_and_undo (CnTestWindowFixture *f, gconstpointer data)
{
  CnCampaignsDialog *dialog;
  guint declined_before;

  cn_test_window_fixture_load_demo (f);
  declined_before = count_status (f->store, CN_REQUEST_STATUS_DECLINED);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-campaigns", NULL));
  g_assert_true (cn_test_ui_wait_until (campaigns_open, f->window, 2000));
  dialog = CN_CAMPAIGNS_DIALOG (_cn_window_get_campaigns_dialog (f->window));
  g_assert_true (cn_test_ui_wait_until (campaigns_listed, &(Listed){ dialog, 1 }, 5000));

  g_signal_emit_by_name (decline_button (f->store, dialog, 0), "clicked");
  cn_test_ui_spin (50);
  g_assert_cmpuint (count_status (f->store, CN_REQUEST_STATUS_DECLINED), ==, declined_before + 3);
  /* Nothing is open any more: the actions are off. */
  g_assert_true (cn_test_ui_wait_until (decline_sensitive_is,
                                        &(RowState){ f->store, dialog, 0, FALSE }, 5000));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-status", NULL));
  cn_test_ui_spin (50);
  g_assert_cmpuint (count_status (f->store, CN_REQUEST_STATUS_DECLINED), ==, declined_before);
  g_assert_true (
      cn_test_ui_wait_until (decline_sensitive_is, &(RowState){ f->store, dialog, 0, TRUE }, 5000));
  gtk_window_close (GTK_WINDOW (dialog));
  cn_test_ui_spin (20);
}

static void
collect_rows (GtkWidget *widget, GPtrArray *rows)
{
  if (CN_IS_TEXT_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

/* "Decline all" on the campaign of the request shown: no copy becomes a
 * repeat of another, and the related list says at once that all are declined. */
static void
test_decline_all_shown (CnTestWindowFixture *f, gconstpointer data)
{
  CnRequestDetail *detail = CN_REQUEST_DETAIL (cn_test_ui_child (f->window, "detail"));
  CnRelatedRequests *campaign = CN_RELATED_REQUESTS (cn_test_ui_child (detail, "campaign_related"));
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  CnCampaignsDialog *dialog;
  CnRequest *request;
  g_autoptr (GArray) copies = NULL;
  gint64 shown;

  cn_test_window_fixture_load_demo (f);
  request = cn_test_window_fixture_select_with (f, "ajouter à mon réseau");
  shown = cn_request_get_id (request);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-campaigns", NULL));
  g_assert_true (cn_test_ui_wait_until (campaigns_open, f->window, 2000));
  dialog = CN_CAMPAIGNS_DIALOG (_cn_window_get_campaigns_dialog (f->window));
  g_assert_true (cn_test_ui_wait_until (campaigns_listed, &(Listed){ dialog, 1 }, 5000));
  g_signal_emit_by_name (decline_button (f->store, dialog, 0), "clicked");
  cn_test_ui_spin (50);

  copies = cn_store_list_campaign_requests (f->store, cn_request_get_campaign_id (request), NULL);
  g_assert_cmpuint (copies->len, ==, 3);
  for (guint i = 0; i < copies->len; i++)
    {
      g_autoptr (CnRequest) copy = cn_store_get_request (f->store,
                                                         g_array_index (copies, gint64, i), NULL);

      g_assert_cmpint (cn_request_get_status (copy), ==, CN_REQUEST_STATUS_DECLINED);
      g_assert_false (cn_request_get_repeated (copy));
    }
  g_assert_cmpint (cn_request_get_id (selected (f)), ==, shown);
  g_assert_false (cn_request_get_repeated (selected (f)));

  collect_rows (GTK_WIDGET (campaign), rows);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *subtitle = cn_text_row_get_subtitle (g_ptr_array_index (rows, i));

      g_test_message ("row %u: %s", i, subtitle);
      g_assert_nonnull (
          strstr (subtitle, cn_request_status_get_label (CN_REQUEST_STATUS_DECLINED)));
    }
  gtk_window_close (GTK_WINDOW (dialog));
  cn_test_ui_spin (20);
}

static const char *const syllables[] = {
  "ba", "ce", "di",  "fo",  "gu",  "la",  "me",  "ni",  "po",  "ru",  "sa",   "te",  "vi",
  "zo", "ma", "ter", "lon", "pri", "cha", "mou", "ven", "tra", "sio", "ment", "pro", "con",
};

/* A note of its own, 30 words drawn from @seed: notes of two seeds never
 * match, and each starts differently. */
static char *
make_note (guint seed)
{
  GString *note = g_string_new (NULL);
  guint32 state = seed * 2654435761u + 12345;

  for (guint i = 0; i < 30; i++)
    {
      state = state * 1664525u + 1013904223u;
      g_string_append (note, syllables[(state >> 12) % G_N_ELEMENTS (syllables)]);
      g_string_append (note, syllables[(state >> 20) % G_N_ELEMENTS (syllables)]);
      g_string_append_c (note, i % 9 == 8 ? '.' : ' ');
    }
  return g_string_free (note, FALSE);
}

#define N_PLANTED 400

/* N_PLANTED campaigns of three copies each, one requester each. */
static void
plant_campaigns (CnStore *store)
{
  g_autoptr (GError) error = NULL;
  gint64 targets[3];

  g_assert_true (cn_store_begin (store, &error));
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *name = g_strdup_printf ("Contact %u", i);
      g_autoptr (CnContact) contact = cn_contact_new (name);

      g_assert_true (cn_store_add_contact (store, contact, &error));
      targets[i] = cn_contact_get_id (contact);
    }
  for (guint k = 0; k < N_PLANTED; k++)
    {
      g_autofree char *name = g_strdup_printf ("Requester %u", k);
      g_autofree char *note = make_note (k);
      gint64 requester = cn_store_ensure_requester (store, name, NULL, NULL, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
        {
          g_autoptr (CnRequest) request = cn_request_new ();

          cn_request_set_requester_id (request, requester);
          cn_request_set_target_id (request, targets[i]);
          cn_request_set_received_at (request, 1700000000 + (gint64) k * 3600 + i * 60);
          cn_request_set_note_to_target (request, note);
          g_assert_true (cn_store_add_request (store, request, &error));
        }
    }
  g_assert_true (cn_store_commit (store, &error));
}

static guint
count_campaign_status (CnStore *store, gint64 campaign_id, CnRequestStatus status)
{
  g_autoptr (GArray) ids = cn_store_list_campaign_requests (store, campaign_id, NULL);
  guint n = 0;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (CnRequest)
                     request = cn_store_get_request (store, g_array_index (ids, gint64, i), NULL);

      n += cn_request_get_status (request) == status;
    }
  return n;
}

static guint
n_list_children (GtkWidget *list_view)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list_view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* Many campaigns: every one is listed with its counts, only the rows on show
 * are made, and after scrolling (rows recycled) each row's buttons and
 * activation act on the campaign it shows. */
static void
test_campaigns_many (CnTestWindowFixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) campaigns = NULL;
  g_autoptr (CnCampaign) last = NULL;
  g_autoptr (CnCampaign) first = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *contacts = NULL;
  CnCampaignsDialog *dialog;
  GtkWidget *list_view, *row, *label;
  CnRequest *request;

  plant_campaigns (f->store);
  campaigns = cn_store_list_campaigns (f->store, NULL);
  g_assert_cmpuint (campaigns->len, ==, N_PLANTED);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-campaigns", NULL));
  g_assert_true (cn_test_ui_wait_until (campaigns_open, f->window, 2000));
  dialog = CN_CAMPAIGNS_DIALOG (_cn_window_get_campaigns_dialog (f->window));
  g_assert_true (cn_test_ui_wait_until (campaigns_listed, &(Listed){ dialog, N_PLANTED }, 10000));
  cn_test_ui_spin (100);
  list_view = cn_test_ui_child (dialog, "list_view");
  subtitle = g_strdup_printf (ngettext ("%u campaign", "%u campaigns", N_PLANTED), N_PLANTED);
  g_assert_cmpstr (adw_window_title_get_subtitle (cn_test_ui_child (dialog, "window_title")), ==,
                   subtitle);
  /* A recycling list, of the rows on show and a few around them: a grid
   * view of one column, for which GTK 4.8 makes about 30 rows, where a list
   * view makes up to 200. It is read out as a list. */
  g_assert_cmpuint (n_list_children (list_view), <=, 40);
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (list_view)), ==,
                   GTK_ACCESSIBLE_ROLE_LIST);

  last = campaign_at (f->store, dialog, N_PLANTED - 1);
  first = campaign_at (f->store, dialog, 0);
  g_assert_cmpint (last->id, !=, first->id);
  /* The last campaign, scrolled to: its row shows its note and counts. */
  row = scrolled_row (dialog, N_PLANTED - 1, last);
  contacts = g_strdup_printf (ngettext ("%u contact", "%u contacts", 3), 3);
  label = find_label_containing (row, contacts);
  g_assert_nonnull (label);
  /* The requester's name first: a narrow row cuts the end of the line. */
  g_assert_true (g_str_has_prefix (shown_text (label), "From "));
  g_assert_nonnull (strstr (shown_text (label), "Requester"));
  g_assert_true (strstr (shown_text (label), "Requester") < strstr (shown_text (label), contacts));

  /* Its Decline declines its requests, and only them. */
  g_signal_emit_by_name (cn_test_ui_find_button (row, _("_Decline")), "clicked");
  cn_test_ui_spin (50);
  g_assert_cmpuint (count_campaign_status (f->store, last->id, CN_REQUEST_STATUS_DECLINED), ==, 3);
  g_assert_cmpuint (count_status (f->store, CN_REQUEST_STATUS_DECLINED), ==, 3);
  /* The row says nothing is open any more; the others are as they were. */
  g_assert_true (cn_test_ui_wait_until (decline_sensitive_is,
                                        &(RowState){ f->store, dialog, N_PLANTED - 1, FALSE },
                                        5000));
  g_assert_true (gtk_widget_get_sensitive (decline_button (f->store, dialog, N_PLANTED - 2)));

  /* Back to the top, the first row's Ask asks on the first campaign. */
  g_signal_emit_by_name (cn_test_ui_find_button (scrolled_row (dialog, 0, first), _("_Ask")),
                                                 "clicked");
  cn_test_ui_spin (50);
  g_assert_cmpuint (count_campaign_status (f->store, first->id, CN_REQUEST_STATUS_ASKED), ==, 3);
  g_assert_cmpuint (count_status (f->store, CN_REQUEST_STATUS_ASKED), ==, 3);

  /* Activating the last row shows one of its requests in the window. */
  g_signal_emit_by_name (list_view, "activate", N_PLANTED - 1);
  cn_test_ui_spin (100);
  request = selected (f);
  g_assert_nonnull (request);
  g_assert_cmpint (cn_request_get_campaign_id (request), ==, last->id);

  gtk_window_close (GTK_WINDOW (dialog));
  cn_test_ui_spin (20);
}

static GtkWindow *
find_preferences (void)
{
  return cn_test_ui_find_toplevel (CN_TYPE_PREFERENCES_WINDOW);
}

static gboolean
preferences_open (gpointer data)
{
  return find_preferences () != NULL;
}

static gboolean
campaign_gone (gpointer store)
{
  g_autoptr (GPtrArray) campaigns = cn_store_list_campaigns (store, NULL);

  return campaigns != NULL && campaigns->len == 0;
}

/* Raising the number of contacts that make a campaign, in Preferences,
 * re-examines the requests when the window closes. */
static void
test_preferences_change_campaign_size (CnTestWindowFixture *f, gconstpointer data)
{
  CnPreferencesWindow *preferences;
  guint targets, days;

  cn_test_window_fixture_load_demo (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  g_assert_true (cn_test_ui_wait_until (preferences_open, NULL, 2000));
  preferences = CN_PREFERENCES_WINDOW (find_preferences ());
  g_assert_cmpint (gtk_spin_button_get_value_as_int (
                       GTK_SPIN_BUTTON (cn_test_ui_child (preferences, "campaign_spin"))),
                   ==, 3);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (cn_test_ui_child (preferences, "campaign_spin")), 4);
  gtk_window_close (GTK_WINDOW (preferences));
  cn_test_ui_spin (20);

  cn_store_get_triage_settings (f->store, &targets, &days);
  g_assert_cmpuint (targets, ==, 4);
  g_assert_cmpuint (days, ==, 30);
  /* Bruno Tessier's note went to three contacts: no longer a campaign. */
  g_assert_true (cn_test_ui_wait_until (campaign_gone, f->store, 5000));
}

static CnRequest *
new_copy (gint64 id, const char *requester)
{
  CnRequest *request = cn_request_new ();

  cn_request_set_id (request, id);
  cn_request_set_requester_name (request, requester);
  cn_request_set_target_name (request, "Claire Fontanel");
  cn_request_set_received_at (request, 1000 + id);
  return request;
}

/* A campaign of twenty copies lists the first eight until asked for more;
 * another campaign starts with eight again. */
static void
test_related_show_more (CnTestWindowFixture *f, gconstpointer data)
{
  CnRelatedRequests *related = cn_related_requests_new ();
  GtkWidget *more = cn_test_ui_child (related, "more_button");
  g_autoptr (GPtrArray) copies = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) others = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) few = g_ptr_array_new_with_free_func (g_object_unref);

  g_object_ref_sink (related);
  for (gint64 i = 1; i <= 20; i++)
    g_ptr_array_add (copies, new_copy (i, "Bruno Tessier"));
  for (gint64 i = 101; i <= 130; i++)
    g_ptr_array_add (others, new_copy (i, "Jason Miller"));
  for (gint64 i = 201; i <= 209; i++)
    g_ptr_array_add (few, new_copy (i, "Nadia Benali"));

  cn_related_requests_set (related, "Copies", NULL, copies, 1);
  g_assert_cmpuint (n_rows (related), ==, 8);
  g_assert_true (gtk_widget_get_visible (more));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (more)), ==, "Show 12 More Requests");

  g_signal_emit_by_name (more, "clicked");
  g_assert_cmpuint (n_rows (related), ==, 20);
  g_assert_false (gtk_widget_get_visible (more));
  g_assert_nonnull (related_row (related, 20));

  /* Another copy of the same campaign: all stay listed. */
  cn_related_requests_set (related, "Copies", NULL, copies, 5);
  g_assert_cmpuint (n_rows (related), ==, 20);
  g_assert_false (gtk_list_box_row_get_activatable (related_row (related, 5)));
  g_assert_true (gtk_list_box_row_get_activatable (related_row (related, 1)));

  /* Another campaign: its first eight. */
  cn_related_requests_set (related, "Copies", NULL, others, 101);
  g_assert_cmpuint (n_rows (related), ==, 8);
  g_assert_null (related_row (related, 20));
  g_assert_nonnull (related_row (related, 108));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (more)), ==, "Show 22 More Requests");

  /* Nine: a "Show 1 more" would hide only the row it stands for. */
  cn_related_requests_set (related, "Copies", NULL, few, 201);
  g_assert_cmpuint (n_rows (related), ==, 9);
  g_assert_false (gtk_widget_get_visible (more));
  g_object_unref (related);
}

int
main (int argc, char *argv[])
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;

#define ADD(name, func)                                                                            \
  g_test_add ("/ui/campaigns/" name, CnTestWindowFixture, NULL, cn_test_window_fixture_set_up,     \
              func, cn_test_window_fixture_tear_down)
  ADD ("mass-sent-request", test_mass_sent_request);
  ADD ("repeated-request", test_repeated_request);
  ADD ("switch-copies", test_switch_copies);
  ADD ("filter-mass-sent", test_filter_mass_sent);
  ADD ("decline-and-undo", test_campaigns_decline_and_undo);
  ADD ("decline-all-shown", test_decline_all_shown);
  ADD ("campaigns-many", test_campaigns_many);
  ADD ("preferences-change-campaign-size", test_preferences_change_campaign_size);
  ADD ("related-show-more", test_related_show_more);
#undef ADD

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
