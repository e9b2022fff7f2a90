/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-analysis-queue.h"
#include "cn-analyzer.h"
#include "cn-campaigns-dialog.h"
#include "cn-compose.h"
#include "cn-contacts-view.h"
#include "cn-demo.h"
#include "cn-endorsement-editor.h"
#include "cn-history-view.h"
#include "cn-import-dialog.h"
#include "cn-mail-session.h"
#include "cn-new-request-dialog.h"
#include "cn-override-dialog.h"
#include "cn-password-dialog.h"
#include "cn-preferences-window.h"
#include "cn-reply-dialog.h"
#include "cn-request-detail.h"
#include "cn-request-list.h"
#include "cn-request-row.h"
#include "cn-ui-utils.h"
#include "cn-verification-panel.h"
#include "cn-window-private.h"
#include "cn-wrap-box.h"

G_DEFINE_FINAL_TYPE (CnWindow, cn_window, ADW_TYPE_APPLICATION_WINDOW)

static gboolean on_requests_page (CnWindow *self);

void
_cn_window_update_page (CnWindow *self)
{
  guint total;
  guint shown;
  g_autofree char *subtitle = NULL;

  if (self->store == NULL || self->store_error != NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      adw_view_switcher_title_set_subtitle (self->window_title, NULL);
      return;
    }

  /* The welcome page is for an empty database, not for an empty filter.
   * Counted once per change of the store, not at every change of the list. */
  if (self->n_requests == G_MAXUINT)
    self->n_requests = cn_store_count_requests (self->store);
  total = self->n_requests;
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->requests));
  gtk_stack_set_visible_child_name (self->main_stack, total > 0 ? "requests" : "empty");
  /* While the list reads, "nothing matches" would be a guess. */
  if (shown > 0 || !cn_request_list_is_loading (self->requests))
    gtk_stack_set_visible_child_name (self->list_stack, shown > 0 ? "list" : "no-match");
  if (shown == 0)
    _cn_window_inbox_describe_empty (self);
  if (!on_requests_page (self))
    {
      guint contacts = cn_store_count_contacts (self->store);

      subtitle = g_strdup_printf (ngettext ("%u contact", "%u contacts", contacts), contacts);
    }
  else if (total > 0)
    subtitle = g_strdup_printf (ngettext ("%u request", "%u requests", total), total);
  adw_view_switcher_title_set_subtitle (self->window_title, subtitle);
  /* Answering a request needs its page shown. */
  _cn_window_actions_update (self);
  _cn_window_navigation_update (self);
}

/* Drop-down positions, in the order of the template's list. */
static const struct
{
  int verdict;
  CnTriageFilter triage;
} filters[] = {
  { -1, CN_TRIAGE_FILTER_ALL },
  { CN_VERDICT_MOTIVATED, CN_TRIAGE_FILTER_ALL },
  { CN_VERDICT_INCOMPLETE, CN_TRIAGE_FILTER_ALL },
  { CN_VERDICT_UNSUITABLE, CN_TRIAGE_FILTER_ALL },
  { CN_VERDICT_NONE, CN_TRIAGE_FILTER_ALL },
  { -1, CN_TRIAGE_FILTER_MASS_SENT },
  { -1, CN_TRIAGE_FILTER_REPEATED },
};

static void
on_verdict_filter_cb (CnWindow *self, GParamSpec *pspec, GtkDropDown *drop_down)
{
  guint position = gtk_drop_down_get_selected (drop_down);

  if (self->requests == NULL || position >= G_N_ELEMENTS (filters))
    return;
  cn_request_list_set_filters (self->requests, filters[position].verdict, filters[position].triage);
  _cn_window_update_page (self);
}

static void
show_all_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  _cn_window_inbox_show_all (CN_WINDOW (widget));
}

CnRequest *
_cn_window_get_selected (CnWindow *self)
{
  return self->selection ? gtk_single_selection_get_selected_item (self->selection) : NULL;
}

static gboolean
on_requests_page (CnWindow *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "requests") == 0;
}

void
_cn_window_actions_update (CnWindow *self)
{
  gboolean has_store = self->store != NULL;
  CnRequest *request = has_store ? _cn_window_get_selected (self) : NULL;
  gboolean reviewing = request != NULL && on_requests_page (self) &&
                       g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack),
                                  "requests") == 0;
  gboolean can_forward = reviewing && self->review != NULL &&
                         cn_review_get_can_forward (self->review);
  CnRequestStatus status = request ? cn_request_get_status (request) : CN_REQUEST_STATUS_NEW;

  gboolean sending = self->mail != NULL && cn_mail_session_get_sending (self->mail);
  gboolean checking = self->mail != NULL && cn_mail_session_get_checking (self->mail);
  gboolean has_smtp = self->mail != NULL && cn_mail_session_get_can_send (self->mail);
  gboolean has_imap = self->mail != NULL && cn_mail_session_get_can_check (self->mail);

  /* Forwarded once: going again is a separate, confirmed action. */
  gboolean forwarded = status == CN_REQUEST_STATUS_FORWARDED;
  gboolean can_first = can_forward && !forwarded && !sending;
  CnEventAction handoff = reviewing ? cn_request_get_handoff (request) : CN_EVENT_ACTION_UNKNOWN;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forward", can_first);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-forward", can_first);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forward-mail-client", can_first);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forward-send", can_first && has_smtp);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forward-again",
                                 can_forward && forwarded && !sending);
  /* A forward handed over waits for "Did you send it?", across restarts. */
  cn_review_pane_set_handoff (self->review_pane, handoff);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.confirm-forward",
                                 handoff != CN_EVENT_ACTION_UNKNOWN && !sending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forward-not-sent",
                                 handoff != CN_EVENT_ACTION_UNKNOWN && !sending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-send", sending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retry-send",
                                 has_smtp && !sending &&
                                     cn_mail_session_get_can_retry (self->mail));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.check-mail", has_imap && !checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-mail", checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.ask-motivation", reviewing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.decline", reviewing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.archive",
                                 reviewing && status != CN_REQUEST_STATUS_ARCHIVED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.override",
                                 reviewing && self->review != NULL &&
                                     cn_review_get_overridable_step (self->review) >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.choose-relationship", reviewing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-requester", reviewing);
  /* Only a message to no contact of the connector's can be "not a request". */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.not-a-request",
                                 reviewing && cn_request_get_target_id (request) == 0 &&
                                     status != CN_REQUEST_STATUS_ARCHIVED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-not-a-request",
                                 has_store && self->not_request_change.request_id > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-requests", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-contacts", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find", has_store);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-request", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-demo", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-folder", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-campaigns", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preferences", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-status",
                                 has_store && self->undo_changes != NULL);
}

static void
on_detail_request_activated_cb (CnWindow *self, gint64 id, CnRequestDetail *detail)
{
  /* It may be hidden by the filter: show everything rather than nothing. */
  if (!_cn_window_select_request (self, id))
    {
      gtk_drop_down_set_selected (self->verdict_filter, 0);
      _cn_window_select_request (self, id);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->request_list_view));
}

static void on_selected_item_cb (CnWindow *self, GParamSpec *pspec, GtkSingleSelection *selection);

/* The review re-read the store: a verdict, an override, a contact edited, a
 * campaign grown or declined. */
static void
on_review_changed_cb (CnWindow *self, CnReview *review)
{
  const GError *error = NULL;
  CnAnalysis *analysis = cn_review_get_analysis (review, &error);
  CnRequest *request = cn_review_get_request (review);
  /* Opening a request brings two or three of these (the editor gives the
   * review its endorsement): the summary, related requests and highlights
   * are rebuilt only when the review read the store again. */
  gboolean reread = review != self->detail_review ||
                    cn_review_get_serial (review) != self->detail_serial;

  self->lang = cn_review_get_lang (review);
  self->detail_review = review;
  self->detail_serial = cn_review_get_serial (review);
  if (request != NULL)
    cn_request_detail_set_set_aside (self->detail,
                                     cn_store_is_set_aside (self->store,
                                                            cn_request_get_id (request)));
  if (request != NULL && reread)
    {
      cn_request_detail_set_analysis (self->detail, analysis, error);
      cn_request_detail_set_related (self->detail, cn_review_get_campaign (review),
                                     cn_review_get_earlier (review),
                                     cn_review_get_differences (review));
    }
  if (reread)
    cn_request_detail_set_fit (self->detail, request ? cn_review_get_fit (review) : NULL);
  _cn_window_actions_update (self);
}

/* Editing a contact drops the stored verdicts of their requests: the
 * background check gives them again. */
static void
on_contacts_changed_cb (CnWindow *self, CnStore *store)
{
  _cn_window_update_page (self);
  _cn_window_start_analysis (self);
}

static void
on_request_changed_cb (CnWindow *self, gint64 id, CnStore *store)
{
  _cn_window_actions_update (self);
}

static void
on_selected_item_cb (CnWindow *self, GParamSpec *pspec, GtkSingleSelection *selection)
{
  CnRequest *request = gtk_single_selection_get_selected_item (selection);
  gint64 id = request ? cn_request_get_id (request) : 0;
  g_autoptr (CnReview) review = NULL;

  cn_request_list_set_anchor (self->requests, id);
  /* A filter change moves the selected request without changing it: what
   * shows it stays as it is. */
  if (request != NULL && self->review != NULL &&
      cn_request_detail_get_request (self->detail) == request)
    return;
  cn_request_detail_set_request (self->detail, request);
  if (request != NULL)
    /* Translators: the code of your language ("fr"): picks the stored endorsement template */
    review = cn_review_new (self->store, cn_analyzer_get_default (), id,
                            C_("template language", "en"));
  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  g_set_object (&self->review, review);
  self->detail_review = NULL;
  if (review != NULL)
    {
      g_signal_connect_object (review, "changed", G_CALLBACK (on_review_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (review, "notify::can-forward",
                               G_CALLBACK (_cn_window_actions_update), self, G_CONNECT_SWAPPED);
    }
  self->lang = review ? cn_review_get_lang (review) : NULL;
  cn_review_pane_set_review (self->review_pane, review);
  if (review != NULL)
    on_review_changed_cb (self, review);
  else
    cn_request_detail_set_fit (self->detail, NULL);
  /* Folded, another request is read before it is answered. */
  if (adw_leaflet_get_folded (self->content_leaflet))
    adw_leaflet_set_visible_child_name (self->content_leaflet, "detail");
  _cn_window_actions_update (self);
  _cn_window_navigation_update (self);
}

static void
on_review_pane_error_cb (CnWindow *self, const char *message, CnReviewPane *pane)
{
  adw_toast_overlay_add_toast (self->toast_overlay, cn_toast_new_literal (message));
}

static void on_contact_request_activated_cb (CnWindow *self, gint64 id, CnContactsView *view);

CnContactsView *
_cn_window_get_contacts_view (CnWindow *self)
{
  g_return_val_if_fail (CN_IS_WINDOW (self), NULL);

  if (self->contacts_view == NULL)
    {
      self->contacts_view = cn_contacts_view_new ();
      g_signal_connect_object (self->contacts_view, "request-activated",
                               G_CALLBACK (on_contact_request_activated_cb), self,
                               G_CONNECT_SWAPPED);
      if (self->store != NULL)
        cn_contacts_view_set_store (self->contacts_view, self->store);
      adw_bin_set_child (self->contacts_bin, GTK_WIDGET (self->contacts_view));
      _cn_window_navigation_watch_contacts (self);
    }
  return self->contacts_view;
}

static void
on_view_changed_cb (CnWindow *self, GParamSpec *pspec, AdwViewStack *stack)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (stack), "contacts") == 0)
    _cn_window_get_contacts_view (self);
  _cn_window_update_page (self);
  _cn_window_actions_update (self);
}

static void
on_contact_request_activated_cb (CnWindow *self, gint64 id, CnContactsView *view)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "requests");
  on_detail_request_activated_cb (self, id, NULL);
}

static void
on_items_changed_cb (CnWindow *self, guint position, guint removed, guint added, GListModel *model)
{
  _cn_window_update_page (self);
}

/* Background checking of every request without a current verdict. */

static gboolean
reveal_analysis_cb (gpointer data)
{
  CnWindow *self = data;

  self->analysis_reveal_id = 0;
  gtk_revealer_set_reveal_child (self->analysis_revealer, TRUE);
  return G_SOURCE_REMOVE;
}

static void
on_analysis_progress_cb (guint done, guint total, gpointer data)
{
  CnWindow *self = data;
  g_autofree char *text = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  /* Translators: progress of the background check, e.g. "Checking requests… 1200 of 5000" */
  text = g_strdup_printf (_("Checking requests… %u of %u"), done, total);
  gtk_label_set_text (self->analysis_label, text);
  gtk_progress_bar_set_fraction (self->analysis_progress, total ? (double) done / total : 1.0);
}

static void
on_analysis_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (CnWindow) self = data;
  g_autoptr (GError) error = NULL;
  guint n = 0;

  cn_store_analyze_pending_finish (CN_STORE (source), result, &n, &error);
  g_clear_object (&self->analysis_cancellable);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  g_clear_handle_id (&self->analysis_reveal_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->analysis_revealer, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-analysis", FALSE);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not check the requests: %s"),
                                                     error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, cn_toast_new_literal (message));
    }
  else if (error == NULL && self->analysis_again)
    _cn_window_start_analysis (self);
  self->analysis_again = FALSE;
}

void
_cn_window_start_analysis (CnWindow *self)
{
  if (self->store == NULL)
    return;
  if (self->analysis_cancellable != NULL)
    {
      /* Requests added meanwhile may have been missed: go over them next. */
      self->analysis_again = TRUE;
      return;
    }

  self->analysis_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->analysis_progress, 0);
  gtk_label_set_text (self->analysis_label, _("Checking requests…"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-analysis", TRUE);
  /* Short runs finish before the bar would show: only long ones show it. */
  self->analysis_reveal_id = g_timeout_add (400, reveal_analysis_cb, self);
  cn_store_analyze_pending_async (self->store, cn_analyzer_get_default (),
                                  self->analysis_cancellable, on_analysis_progress_cb, self,
                                  on_analysis_done_cb, g_object_ref (self));
}

static void
on_triage_prepared_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;

  /* On failure the index is built at the first change instead: nothing to tell. */
  if (!cn_store_prepare_triage_finish (CN_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Campaigns index not prepared: %s", error->message);
}

static void
cancel_analysis_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);

  self->analysis_again = FALSE;
  g_cancellable_cancel (self->analysis_cancellable);
}

static void
on_row_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  gtk_list_item_set_child (item, GTK_WIDGET (cn_request_row_new ()));
}

static void
on_row_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  CnRequestRow *row = CN_REQUEST_ROW (gtk_list_item_get_child (item));

  cn_request_row_set_request (row, gtk_list_item_get_item (item));
}

static void
on_row_unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  cn_request_row_set_request (CN_REQUEST_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
on_request_saved_cb (CnWindow *self, gint64 request_id, CnNewRequestDialog *dialog)
{
  g_autoptr (CnAnalysis) analysis = NULL;

  /* Its verdict shows at once; an error shows in the detail pane. */
  analysis = cn_store_analyze_request (self->store, cn_analyzer_get_default (), request_id, NULL);
  /* An edited request may have left the view shown (its date, its contact). */
  if (!_cn_window_select_request (self, request_id))
    {
      _cn_window_inbox_show_all (self);
      _cn_window_select_request (self, request_id);
    }
  _cn_window_add_toast (self, adw_toast_new (cn_new_request_dialog_get_editing_id (dialog) > 0
                                             ? _("Request saved")
                                             : _("Request added")));
}

static void
new_request_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  CnNewRequestDialog *dialog;

  if (self->new_request_dialog != NULL &&
      cn_new_request_dialog_get_editing_id (CN_NEW_REQUEST_DIALOG (self->new_request_dialog)) == 0)
    {
      gtk_window_present (self->new_request_dialog);
      return;
    }
  if (self->new_request_dialog != NULL)
    gtk_window_destroy (self->new_request_dialog);

  dialog = cn_new_request_dialog_new (GTK_WINDOW (self), self->store);
  _cn_window_watch_request_form (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_cn_window_watch_request_form (CnWindow *self, CnNewRequestDialog *dialog)
{
  g_signal_connect_object (dialog, "request-saved", G_CALLBACK (on_request_saved_cb), self,
                           G_CONNECT_SWAPPED);
  self->new_request_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->new_request_dialog);
}

/* Campaigns */

static void
on_campaign_activated_cb (CnWindow *self, gint64 campaign_id, CnCampaignsDialog *dialog)
{
  g_autoptr (GArray) ids = cn_store_list_campaign_requests (self->store, campaign_id, NULL);

  if (ids != NULL && ids->len > 0)
    {
      on_detail_request_activated_cb (self, g_array_index (ids, gint64, 0), NULL);
      gtk_window_present (GTK_WINDOW (self));
    }
}

static void
on_campaign_status_requested_cb (CnWindow *self,
                                 gint64 campaign_id,
                                 int status,
                                 CnCampaignsDialog *dialog)
{
  g_autoptr (GArray) changes = g_array_new (FALSE, FALSE, sizeof (CnStatusChange));
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (!cn_store_set_campaign_status (self->store, campaign_id, status, changes, &error))
    {
      message = g_strdup_printf (_("Could not change the requests: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, cn_toast_new_literal (message));
      return;
    }
  cn_campaigns_dialog_reload (dialog);

  if (status == CN_REQUEST_STATUS_DECLINED)
    message = g_strdup_printf (ngettext ("%u request declined", "%u requests declined",
                                         changes->len),
                               changes->len);
  else
    message = g_strdup_printf (ngettext ("Motivation asked for %u request",
                                         "Motivation asked for %u requests", changes->len),
                               changes->len);
  g_clear_pointer (&self->undo_changes, g_array_unref);
  self->undo_changes = g_steal_pointer (&changes);
  toast = cn_toast_new_literal (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-status");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-status", TRUE);
}

static void
undo_status_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  g_autoptr (GArray) changes = g_steal_pointer (&self->undo_changes);
  g_autoptr (GError) error = NULL;

  gtk_widget_action_set_enabled (widget, "win.undo-status", FALSE);
  if (changes == NULL)
    return;
  if (!cn_store_restore_statuses (self->store, (const CnStatusChange *) (gpointer) changes->data,
                                  changes->len, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not undo: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, cn_toast_new_literal (message));
    }
  if (self->campaigns_dialog != NULL)
    cn_campaigns_dialog_reload (CN_CAMPAIGNS_DIALOG (self->campaigns_dialog));
  cn_review_pane_reload_history (self->review_pane);
  _cn_window_actions_update (self);
}

static void
show_campaigns_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  CnCampaignsDialog *dialog;

  if (self->campaigns_dialog != NULL)
    {
      cn_campaigns_dialog_reload (CN_CAMPAIGNS_DIALOG (self->campaigns_dialog));
      gtk_window_present (self->campaigns_dialog);
      return;
    }

  dialog = cn_campaigns_dialog_new (GTK_WINDOW (self), self->store);
  g_signal_connect_object (dialog, "campaign-activated", G_CALLBACK (on_campaign_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "status-requested", G_CALLBACK (on_campaign_status_requested_cb),
                           self, G_CONNECT_SWAPPED);
  self->campaigns_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->campaigns_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The mail account may have changed: the buttons and the timer follow. */
static void
on_preferences_destroy_cb (CnWindow *self, GtkWidget *preferences)
{
  if (g_cancellable_is_cancelled (self->cancellable) || self->mail == NULL)
    return;
  cn_mail_session_reload_account (self->mail);
}

static void
preferences_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  CnPreferencesWindow *preferences = cn_preferences_window_new (GTK_WINDOW (self), self->store);

  g_signal_connect_object (preferences, "destroy", G_CALLBACK (on_preferences_destroy_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
load_demo_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  int n;

  n = cn_demo_load (self->store, &error);
  if (n < 0)
    {
      message = g_strdup_printf (_("Could not load the example requests: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, cn_toast_new_literal (message));
      return;
    }

  message = g_strdup_printf (ngettext ("%d example request loaded", "%d example requests loaded",
                                       n),
                             n);
  adw_toast_overlay_add_toast (self->toast_overlay, cn_toast_new_literal (message));
  gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->request_list_view));
  _cn_window_start_analysis (self);
}

static void
show_requests_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  adw_view_stack_set_visible_child_name (CN_WINDOW (widget)->view_stack, "requests");
}

static void
show_contacts_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  CnRequest *request = _cn_window_get_selected (self);

  adw_view_stack_set_visible_child_name (self->view_stack, "contacts");
  /* Start from the contact the request is for. */
  if (request != NULL && cn_request_get_target_id (request) != 0)
    cn_contacts_view_select_contact (_cn_window_get_contacts_view (self),
                                     cn_request_get_target_id (request));
}

static void
find_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);

  if (!on_requests_page (self))
    cn_contacts_view_focus_search (_cn_window_get_contacts_view (self));
  else
    _cn_window_inbox_focus_search (self);
}

static void
cn_window_show_store_error (CnWindow *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Cannot Open the Database"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s",
                                  self->store_error->message,
                                  _("The file was left as it is. Move it aside or open another "
                                    "database with --db, then start Connecteur again."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
cn_window_focus (GtkWidget *widget, GtkDirectionType direction)
{
  return _cn_window_focus_regions (CN_WINDOW (widget), direction) ||
         GTK_WIDGET_CLASS (cn_window_parent_class)->focus (widget, direction);
}

static void
start_background_work (CnWindow *self)
{
  self->background_started = TRUE;
  /* The campaigns index takes a second or two at 100,000 requests: built
   * off the main thread, its results arrive with "triage-changed". */
  cn_store_prepare_triage_async (self->store, self->cancellable, on_triage_prepared_cb, NULL);
  _cn_window_start_analysis (self);
}

static void
on_store_checked_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (CnWindow) self = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *escaped = NULL;

  if (cn_store_check_finish (CN_STORE (source), result, &error))
    {
      if (!g_cancellable_is_cancelled (self->cancellable))
        start_background_work (self);
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (!g_error_matches (error, CN_STORE_ERROR, CN_STORE_ERROR_CORRUPT))
    {
      /* Not a verdict on the file (it could not be read just now): SQLite
       * still reports damage on any read that meets it. */
      g_debug ("Integrity check not done: %s", error->message);
      start_background_work (self);
      return;
    }
  /* Damaged: said as when it cannot be opened; the store writes no more. */
  self->background_started = TRUE;
  escaped = g_markup_escape_text (error->message, -1);
  g_clear_error (&self->store_error);
  self->store_error = g_steal_pointer (&error);
  adw_view_switcher_title_set_view_switcher_enabled (self->window_title, FALSE);
  adw_status_page_set_description (self->error_page, escaped);
  _cn_window_update_page (self);
  self->error_shown = TRUE;
  cn_window_show_store_error (self);
}

static gboolean
on_background_idle_cb (gpointer data)
{
  CnWindow *self = data;

  self->background_idle_id = 0;
  if (cn_store_needs_check (self->store))
    cn_store_check_async (self->store, self->cancellable, on_store_checked_cb, g_object_ref (self));
  else
    start_background_work (self);
  return G_SOURCE_REMOVE;
}

static gboolean
warm_up_editor_cb (gpointer data)
{
  cn_endorsement_editor_warm_up ();
  return G_SOURCE_REMOVE;
}

static void
on_after_paint_cb (GdkFrameClock *clock, CnWindow *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, self);
  if (self->store != NULL && self->background_idle_id == 0)
    self->background_idle_id = g_idle_add (on_background_idle_cb, self);
  /* Right after the first frame, on its own: not with the first request
   * shown, which comes with the list's first load. */
  g_idle_add_full (G_PRIORITY_HIGH, warm_up_editor_cb, NULL, NULL);
}

static void
cn_window_map (GtkWidget *widget)
{
  CnWindow *self = CN_WINDOW (widget);

  GTK_WIDGET_CLASS (cn_window_parent_class)->map (widget);

  /* Nothing that can wait runs before the first frame. */
  if (self->store != NULL && !self->background_scheduled)
    {
      self->background_scheduled = TRUE;
      g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                               G_CALLBACK (on_after_paint_cb), self, 0);
    }

  if (self->store_error != NULL && !self->error_shown)
    {
      self->error_shown = TRUE;
      cn_window_show_store_error (self);
    }
}

static void
cn_window_bind_settings (CnWindow *self)
{
  GSettingsBindFlags flags = G_SETTINGS_BIND_DEFAULT;

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", flags);
  g_settings_bind (self->settings, "window-height", self, "default-height", flags);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", flags);
}

guint _cn_window_background_list_min = 2000;

static gpointer
warm_analyzer (gpointer data)
{
  cn_analyzer_get_default ();
  return NULL;
}

static void
forget_request_count (CnWindow *self)
{
  self->n_requests = G_MAXUINT;
}

static void
on_list_loading_cb (CnWindow *self, GParamSpec *pspec, CnRequestList *list)
{
  _cn_window_update_page (self);
}

static void
cn_window_set_store (CnWindow *self, CnStore *store)
{
  GtkListItemFactory *factory;

  self->store = g_object_ref (store);
  /* Before anything listens: its "reloaded" would have every list read twice. */
  cn_store_set_analyzer_version (store, cn_analyzer_get_default_version ());
  /* The first request shown asks for its repeats before the background work
   * starts: the campaigns index (a second at 100,000 requests) must not be
   * built on the main loop for it. */
  cn_store_set_triage_in_background (store);
  /* Read meanwhile on another core: the background check and the first
   * request opened need it, after the first frame. */
  g_thread_unref (g_thread_new ("cn-analyzer", warm_analyzer, NULL));
  gtk_revealer_set_reveal_child (self->read_only_revealer, cn_store_is_read_only (store));
  /* Before the list's own handlers: the page it updates reads the count. */
  self->n_requests = G_MAXUINT;
  g_signal_connect_object (store, "request-added", G_CALLBACK (forget_request_count), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "request-removed", G_CALLBACK (forget_request_count), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "reloaded", G_CALLBACK (forget_request_count), self,
                           G_CONNECT_SWAPPED);
  self->n_requests = cn_store_count_requests (store);
  self->requests = self->n_requests >= _cn_window_background_list_min
                       ? cn_request_list_new_in_background (store)
                       : cn_request_list_new (store);
  g_signal_connect_object (self->requests, "notify::loading", G_CALLBACK (on_list_loading_cb), self,
                           G_CONNECT_SWAPPED);
  _cn_window_init_inbox (self);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->requests)));
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_item_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->requests, "items-changed", G_CALLBACK (on_items_changed_cb), self,
                           G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_row_unbind_cb), NULL);
  gtk_grid_view_set_factory (self->request_list_view, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->request_list_view, GTK_SELECTION_MODEL (self->selection));

  cn_review_pane_set_store (self->review_pane, store);
  if (self->contacts_view != NULL)
    cn_contacts_view_set_store (self->contacts_view, store);
  on_selected_item_cb (self, NULL, self->selection);

  /* After the list's own handlers, so that the items are fresh. */
  g_signal_connect_object (store, "request-changed", G_CALLBACK (on_request_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "contacts-changed", G_CALLBACK (on_contacts_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-analysis", FALSE);

  _cn_window_setup_mail (self, store);
}

static void
cn_window_dispose (GObject *object)
{
  CnWindow *self = CN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->analysis_cancellable);
  _cn_window_shutdown_mail (self);
  g_clear_handle_id (&self->analysis_reveal_id, g_source_remove);
  g_clear_handle_id (&self->background_idle_id, g_source_remove);
  g_clear_handle_id (&self->navigation_idle_id, g_source_remove);
  g_clear_handle_id (&self->focus_idle_id, g_source_remove);
  _cn_window_inbox_finish_delete (self);
  g_clear_weak_pointer (&self->name_dialog);
  if (self->new_request_dialog != NULL)
    gtk_window_destroy (self->new_request_dialog);
  if (self->campaigns_dialog != NULL)
    gtk_window_destroy (self->campaigns_dialog);
  /* Cancels a running import: the database stays as it was. */
  if (self->import_dialog != NULL)
    gtk_window_destroy (self->import_dialog);
  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (self->file_chooser);
  g_clear_object (&self->file_chooser);
  if (self->reply_dialog != NULL)
    gtk_window_destroy (self->reply_dialog);
  if (self->override_dialog != NULL)
    gtk_window_destroy (self->override_dialog);
  if (self->requester_page != NULL)
    gtk_window_destroy (self->requester_page);
  g_clear_pointer (&self->undo_changes, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->requests);
  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  g_clear_object (&self->review);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cn_window_parent_class)->dispose (object);
}

static void
cn_window_finalize (GObject *object)
{
  CnWindow *self = CN_WINDOW (object);

  g_clear_error (&self->store_error);
  g_free (self->last_toast);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cn_window_parent_class)->finalize (object);
}

static void
cn_window_class_init (CnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_window_dispose;
  object_class->finalize = cn_window_finalize;
  widget_class->map = cn_window_map;
  widget_class->focus = cn_window_focus;

  g_type_ensure (CN_TYPE_REQUEST_DETAIL);
  g_type_ensure (CN_TYPE_REVIEW_PANE);
  g_type_ensure (CN_TYPE_CONTACTS_VIEW);
  g_type_ensure (CN_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cn-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CnWindow, check_mail_button);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, mail_label);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, mail_progress);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, mail_revealer);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, contacts_bin);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, detail);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, drop_hint);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, empty_import_button);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, review_pane);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, list_pane);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, load_demo_button);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, request_list_view);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, verdict_filter);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, analysis_label);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, analysis_progress);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, analysis_revealer);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, list_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_verdict_filter_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_detail_request_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_review_pane_error_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed_cb);

  _cn_window_class_init_actions (widget_class);
  _cn_window_class_init_import (widget_class);
  _cn_window_class_init_navigation (widget_class);
  _cn_window_class_init_inbox (widget_class);
  _cn_window_class_init_corrections (widget_class);
  gtk_widget_class_install_action (widget_class, "win.new-request", NULL, new_request_action);
  gtk_widget_class_install_action (widget_class, "win.load-demo", NULL, load_demo_action);
  gtk_widget_class_install_action (widget_class, "win.show-all", NULL, show_all_action);
  gtk_widget_class_install_action (widget_class, "win.show-campaigns", NULL, show_campaigns_action);
  gtk_widget_class_install_action (widget_class, "win.undo-status", NULL, undo_status_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-analysis", NULL,
                                   cancel_analysis_action);
  gtk_widget_class_install_action (widget_class, "win.show-requests", NULL, show_requests_action);
  gtk_widget_class_install_action (widget_class, "win.show-contacts", NULL, show_contacts_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
}

static void
cn_window_init (CnWindow *self)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));

  self->cancellable = g_cancellable_new ();

  /* GtkApplication adds this path itself; a window made without one (tests,
   * screenshots) needs it too. Adding it twice is harmless, while asking
   * the theme first would read it all before the first frame. */
  gtk_icon_theme_add_resource_path (theme, RESOURCE_BASE "/icons");
  gtk_widget_init_template (GTK_WIDGET (self));
  cn_drop_down_set_accessible_name (self->verdict_filter, _("Filter the requests"));
  cn_drop_down_name_choices (self->verdict_filter);
  cn_menu_button_set_accessible_name (self->menu_button, _("Main menu"));
  /* The welcome page's long French labels wrap rather than widen a narrow window. */
  for (GtkWidget *button =
           gtk_widget_get_first_child (gtk_widget_get_parent (self->load_demo_button));
       button != NULL; button = gtk_widget_get_next_sibling (button))
    {
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

      if (GTK_IS_LABEL (label))
        {
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
        }
    }
  _cn_window_init_actions (self);
  _cn_window_init_import (self);
  _cn_window_init_navigation (self);
  _cn_window_init_corrections (self);
  cn_window_bind_settings (self);
}

/* The shortcuts window's search button shows only an icon, which GTK 4.8
 * reads out as "GtkImage": it gets a name (the window its title, in the
 * template). GtkApplication gives a window its overlay when it joins it. */
static GtkWidget *
find_search_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *image = gtk_widget_get_first_child (child);
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && image != NULL && GTK_IS_IMAGE (image) &&
          g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (image)), "edit-find-symbolic") == 0)
        return child;
      if ((found = find_search_button (child)) != NULL)
        return found;
    }
  return NULL;
}

static void
name_help_overlay (CnWindow *self)
{
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (
      GTK_APPLICATION_WINDOW (self));
  GtkWidget *search;

  if (overlay == NULL)
    return;
  search = find_search_button (GTK_WIDGET (overlay));
  if (search != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Search shortcuts"), -1);
}

CnWindow *
cn_window_new (GtkApplication *application, CnStore *store, const GError *store_error)
{
  CnWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (store == NULL || CN_IS_STORE (store), NULL);
  g_return_val_if_fail (store != NULL || store_error != NULL, NULL);

  self = g_object_new (CN_TYPE_WINDOW, "application", application, NULL);
  name_help_overlay (self);
  if (store != NULL)
    {
      cn_window_set_store (self, store);
    }
  else
    {
      g_autofree char *escaped = g_markup_escape_text (store_error->message, -1);

      self->store_error = g_error_copy (store_error);
      adw_view_switcher_title_set_view_switcher_enabled (self->window_title, FALSE);
      adw_status_page_set_description (self->error_page, escaped);
    }

  _cn_window_update_page (self);
  return self;
}

CnStore *
cn_window_get_store (CnWindow *self)
{
  g_return_val_if_fail (CN_IS_WINDOW (self), NULL);

  return self->store;
}

const char *
_cn_window_get_visible_page (CnWindow *self)
{
  return gtk_stack_get_visible_child_name (self->main_stack);
}


GtkWindow *
_cn_window_get_campaigns_dialog (CnWindow *self)
{
  return self->campaigns_dialog;
}


const char *
_cn_window_get_list_page (CnWindow *self)
{
  return gtk_stack_get_visible_child_name (self->list_stack);
}

gboolean
_cn_window_is_analysing (CnWindow *self)
{
  /* Also before it starts, after the first frame: a test waiting for the
   * analysis to be done waits for that too. */
  return self->analysis_cancellable != NULL || (self->store != NULL && !self->background_started);
}


GtkWindow *
_cn_window_get_new_request_dialog (CnWindow *self)
{
  return self->new_request_dialog;
}

gboolean
_cn_window_select_request (CnWindow *self, gint64 request_id)
{
  guint position;

  position = cn_request_list_find (self->requests, request_id);
  if (position == G_MAXUINT)
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->request_list_view), "list.scroll-to-item", "u",
                              position);
  return TRUE;
}

void
_cn_window_set_uri_hook (CnWindow *self, CnUriHook hook, gpointer data)
{
  self->uri_hook = hook;
  self->uri_hook_data = data;
}


GtkWindow *
_cn_window_get_reply_dialog (CnWindow *self)
{
  return self->reply_dialog;
}

GtkWindow *
_cn_window_get_name_dialog (CnWindow *self)
{
  return self->name_dialog;
}

GtkWindow *
_cn_window_get_override_dialog (CnWindow *self)
{
  return self->override_dialog;
}


GtkWindow *
_cn_window_get_import_dialog (CnWindow *self)
{
  return self->import_dialog;
}

GtkDropTarget *
_cn_window_get_drop_target (CnWindow *self)
{
  return self->drop_target;
}


GtkNativeDialog *
_cn_window_get_file_chooser (CnWindow *self)
{
  return self->file_chooser;
}


void
_cn_window_reload_account (CnWindow *self)
{
  cn_mail_session_reload_account (self->mail);
}

gboolean
_cn_window_is_checking_mail (CnWindow *self)
{
  return self->mail != NULL && cn_mail_session_get_checking (self->mail);
}

gboolean
_cn_window_is_sending (CnWindow *self)
{
  return self->mail != NULL && cn_mail_session_get_sending (self->mail);
}

const char *
_cn_window_get_last_toast (CnWindow *self)
{
  return self->last_toast;
}


void
_cn_window_show_mail_progress (CnWindow *self, double fraction)
{
  g_autofree char *text = g_strdup_printf (_("Checking mail… %d %%"), (int) (fraction * 100));

  gtk_label_set_text (self->mail_label, text);
  gtk_progress_bar_set_fraction (self->mail_progress, fraction);
  gtk_revealer_set_reveal_child (self->mail_revealer, TRUE);
}
