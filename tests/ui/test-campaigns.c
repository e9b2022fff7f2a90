/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Mass-sent and repeated requests as the window shows them: badges, the
 * filter, the related requests one click away, the differences between
 * copies, and the Campaigns window with its bulk actions and Undo. */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-campaigns-dialog.h"
#include "cn-preferences-window.h"
#include "cn-store.h"
#include "cn-test-ui.h"
#include "cn-window-private.h"

static GListModel *
list_model (CnTestWindowFixture *f)
{
  return G_LIST_MODEL (
      gtk_list_view_get_model (GTK_LIST_VIEW (cn_test_ui_child (f->window, "request_list_view"))));
}

typedef struct
{
  CnTestWindowFixture *f;
  gint64 not_id;
} SelectionChange;

/* The rows of a widget's list_box (the related requests, the campaigns). */
static guint
n_rows (gpointer widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (cn_test_ui_child (widget, "list_box"));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* The Decline button of a campaign's row. */
static GtkWidget *
decline_button (CnCampaignsDialog *dialog, guint index)
{
  GtkListBox *list_box = GTK_LIST_BOX (cn_test_ui_child (dialog, "list_box"));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list_box, (int) index);
  GtkWidget *button;

  g_assert_nonnull (row);
  button = cn_test_ui_find_button (GTK_WIDGET (row), _("_Decline"));
  g_assert_nonnull (button);
  return button;
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
  g_assert_cmpuint (n_rows (dialog), ==, 1);

  g_signal_emit_by_name (decline_button (dialog, 0), "clicked");
  cn_test_ui_spin (50);
  g_assert_cmpuint (count_status (f->store, CN_REQUEST_STATUS_DECLINED), ==, declined_before + 3);
  /* Nothing is open any more: the actions are off. */
  g_assert_false (gtk_widget_get_sensitive (decline_button (dialog, 0)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-status", NULL));
  cn_test_ui_spin (50);
  g_assert_cmpuint (count_status (f->store, CN_REQUEST_STATUS_DECLINED), ==, declined_before);
  g_assert_true (gtk_widget_get_sensitive (decline_button (dialog, 0)));
  gtk_window_close (GTK_WINDOW (dialog));
  cn_test_ui_spin (20);
}

static void
collect_rows (GtkWidget *widget, GPtrArray *rows)
{
  if (ADW_IS_ACTION_ROW (widget))
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
  g_signal_emit_by_name (decline_button (dialog, 0), "clicked");
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
      const char *subtitle = adw_action_row_get_subtitle (g_ptr_array_index (rows, i));

      g_test_message ("row %u: %s", i, subtitle);
      g_assert_nonnull (
          strstr (subtitle, cn_request_status_get_label (CN_REQUEST_STATUS_DECLINED)));
    }
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
  ADD ("filter-mass-sent", test_filter_mass_sent);
  ADD ("decline-and-undo", test_campaigns_decline_and_undo);
  ADD ("decline-all-shown", test_decline_all_shown);
  ADD ("preferences-change-campaign-size", test_preferences_change_campaign_size);
#undef ADD

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
