/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The review column: renders a CnReview and feeds it the endorsement. */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-endorsement-editor.h"
#include "cn-history-view.h"
#include "cn-review-pane.h"
#include "cn-text-row.h"
#include "cn-ui-utils.h"
#include "cn-verification-panel.h"
#include "cn-wrap-box.h"

struct _CnReviewPane
{
  GtkWidget parent_instance;

  CnReview *review;
  gboolean giving_endorsement; /* the editor's text on its way to the review */

  /* Template widgets */
  CnVerificationPanel *verification_panel;
  CnEndorsementEditor *editor;
  CnHistoryView *history_view;
  GtkScrolledWindow *review_scroller;
  GtkCheckButton *cc_check;
  GtkWidget *copy_button;
  GtkWidget *send_spinner;
  GtkWidget *send_cancel_button;
  GtkWidget *forward_button;
  GtkWidget *forward_menu_button;
  GtkWidget *ask_button;
  GtkWidget *decline_button;
  GtkWidget *archive_button;
  GtkWidget *handoff_box;
  GtkLabel *handoff_label;
  GtkWidget *handoff_not_sent_button;
  GtkWidget *handoff_sent_button;
};

G_DEFINE_FINAL_TYPE (CnReviewPane, cn_review_pane, GTK_TYPE_WIDGET)

enum {
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The endorsement is part of the check before a forward. */
static void
on_editor_changed_cb (CnReviewPane *self, CnEndorsementEditor *editor)
{
  g_autofree char *text = NULL;

  if (self->review == NULL)
    return;
  text = cn_endorsement_editor_dup_text (editor);
  /* The review's "changed" that follows comes from the editor: nothing to give back. */
  self->giving_endorsement = TRUE;
  cn_review_set_endorsement (self->review, cn_endorsement_editor_get_relationship (editor), text,
                             cn_endorsement_editor_get_n_unknown_placeholders (editor));
  self->giving_endorsement = FALSE;
}

static void
on_history_error_cb (CnReviewPane *self, const char *message, CnHistoryView *view)
{
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, message);
}

void
cn_review_pane_set_store (CnReviewPane *self, CnStore *store)
{
  g_return_if_fail (CN_IS_REVIEW_PANE (self));

  cn_endorsement_editor_set_store (self->editor, store);
  cn_history_view_set_store (self->history_view, store);
}

/* The editor keeps its draft when the same request is shown again, and
 * takes the contact as it is now (renamed, or asking for "tu"). */
static void
update_editor_context (CnReviewPane *self)
{
  CnReview *review = self->review;

  if (self->giving_endorsement)
    return;
  cn_endorsement_editor_set_context (self->editor, review ? cn_review_get_request (review) : NULL,
                                     review ? cn_review_get_contact (review) : NULL,
                                     review ? cn_review_get_analysis (review, NULL) : NULL,
                                     review ? cn_review_get_lang (review) : NULL);
}

void
cn_review_pane_set_review (CnReviewPane *self, CnReview *review)
{
  gint64 id = review != NULL ? cn_review_get_request_id (review) : 0;
  gboolean same = self->review != NULL && cn_review_get_request_id (self->review) == id;

  g_return_if_fail (CN_IS_REVIEW_PANE (self));
  g_return_if_fail (review == NULL || CN_IS_REVIEW (review));

  if (self->review != NULL)
    g_signal_handlers_disconnect_by_func (self->review, update_editor_context, self);
  g_set_object (&self->review, review);
  if (review != NULL)
    g_signal_connect_object (review, "changed", G_CALLBACK (update_editor_context), self,
                             G_CONNECT_SWAPPED);
  /* Another request starts at its first step. */
  if (!same)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->review_scroller), 0);
  update_editor_context (self);
  on_editor_changed_cb (self, self->editor);
  cn_verification_panel_set_review (self->verification_panel, review);
  /* Nothing to check with no request: no column of pending steps. */
  gtk_widget_set_visible (GTK_WIDGET (self->verification_panel), review != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->editor), review != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->history_view), review != NULL);
  cn_history_view_set_request_id (self->history_view, id);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cc_check), review != NULL);
}

CnMessage *
cn_review_pane_build_message (CnReviewPane *self)
{
  g_return_val_if_fail (CN_IS_REVIEW_PANE (self), NULL);

  return cn_endorsement_editor_build_message (self->editor,
                                              gtk_check_button_get_active (self->cc_check));
}

const char *
cn_review_pane_get_lang (CnReviewPane *self)
{
  g_return_val_if_fail (CN_IS_REVIEW_PANE (self), NULL);

  return cn_endorsement_editor_get_lang (self->editor);
}

void
cn_review_pane_forget_draft (CnReviewPane *self, gint64 request_id)
{
  g_return_if_fail (CN_IS_REVIEW_PANE (self));

  cn_endorsement_editor_forget_draft (self->editor, request_id);
}

const char *
cn_review_pane_get_step_reason (CnReviewPane *self, CnStep step)
{
  AdwPreferencesRow *row;

  g_return_val_if_fail (CN_IS_REVIEW_PANE (self), NULL);

  row = _cn_verification_panel_get_row (self->verification_panel, step);
  if (ADW_IS_EXPANDER_ROW (row))
    return adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));
  return cn_text_row_get_subtitle (CN_TEXT_ROW (row));
}

void
cn_review_pane_reload_history (CnReviewPane *self)
{
  g_return_if_fail (CN_IS_REVIEW_PANE (self));

  cn_history_view_reload (self->history_view);
}

void
cn_review_pane_focus_relationship (CnReviewPane *self)
{
  g_return_if_fail (CN_IS_REVIEW_PANE (self));

  cn_endorsement_editor_focus_relationship (self->editor);
}

void
cn_review_pane_set_sending (CnReviewPane *self, gboolean sending)
{
  g_return_if_fail (CN_IS_REVIEW_PANE (self));

  gtk_widget_set_visible (self->send_spinner, sending);
  gtk_spinner_set_spinning (GTK_SPINNER (self->send_spinner), sending);
  gtk_widget_set_visible (self->send_cancel_button, sending);
}

void
cn_review_pane_set_can_send (CnReviewPane *self, gboolean can_send)
{
  g_return_if_fail (CN_IS_REVIEW_PANE (self));

  gtk_widget_set_tooltip_text (self->forward_button, can_send
                               ? _("Send the forward through your mail account (Ctrl+Return)")
                               : _("Open the forward in your mail client (Ctrl+Return)"));
}

void
cn_review_pane_set_handoff (CnReviewPane *self, CnEventAction handoff)
{
  g_return_if_fail (CN_IS_REVIEW_PANE (self));

  gtk_widget_set_visible (self->handoff_box, handoff != CN_EVENT_ACTION_UNKNOWN);
  if (handoff == CN_EVENT_ACTION_FORWARD_COPIED)
    gtk_label_set_text (self->handoff_label, _("You copied this forward. Did you send it?"));
  else if (handoff == CN_EVENT_ACTION_FORWARD_OPENED)
    gtk_label_set_text (self->handoff_label,
                        _("You opened this forward in your mail app. Did you send it?"));
}

/* Long translations ("Demander la motivation…") must not widen the column
 * past the window: the buttons' labels ellipsize when space is short (their
 * tooltips say it all). */
static void
cn_review_pane_let_buttons_shrink (CnReviewPane *self)
{
  GtkWidget *buttons[] = { self->ask_button, self->decline_button, self->archive_button,
                           self->copy_button, self->forward_button };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (buttons[i]));

      if (GTK_IS_LABEL (label))
        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }
}

static void
cn_review_pane_dispose (GObject *object)
{
  CnReviewPane *self = CN_REVIEW_PANE (object);

  if (self->review != NULL)
    g_signal_handlers_disconnect_by_func (self->review, update_editor_context, self);
  g_clear_object (&self->review);
  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_REVIEW_PANE);
  cn_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (cn_review_pane_parent_class)->dispose (object);
}

static void
cn_review_pane_class_init (CnReviewPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_review_pane_dispose;

  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (CN_TYPE_VERIFICATION_PANEL);
  g_type_ensure (CN_TYPE_ENDORSEMENT_EDITOR);
  g_type_ensure (CN_TYPE_HISTORY_VIEW);
  g_type_ensure (CN_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cn-review-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, verification_panel);
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, editor);
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, history_view);
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, review_scroller);
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, cc_check);
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, copy_button);
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, send_spinner);
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, send_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, forward_button);
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, forward_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, ask_button);
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, decline_button);
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, archive_button);
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, handoff_box);
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, handoff_label);
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, handoff_not_sent_button);
  gtk_widget_class_bind_template_child (widget_class, CnReviewPane, handoff_sent_button);
  gtk_widget_class_bind_template_callback (widget_class, on_history_error_cb);
}

static void
cn_review_pane_init (CnReviewPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cn_menu_button_set_accessible_name (GTK_MENU_BUTTON (self->forward_menu_button),
                                      _("Other ways to forward"));
  g_signal_connect_object (self->editor, "changed", G_CALLBACK (on_editor_changed_cb), self,
                           G_CONNECT_SWAPPED);
  cn_review_pane_let_buttons_shrink (self);
}

CnReviewPane *
cn_review_pane_new (void)
{
  return g_object_new (CN_TYPE_REVIEW_PANE, NULL);
}
