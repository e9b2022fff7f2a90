/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The window's part that lets the connector correct the analyzer from the
 * checklist: an element marked present (with the words selected in a note)
 * or missing, a warning sign dismissed, the analyzer's judgement restored,
 * each with Undo. The store recomputes the stored verdict; the review
 * re-reads and the detail, the steps and the list follow. */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-store-corrections.h"
#include "cn-ui-utils.h"
#include "cn-window-private.h"

static const char *
item_label (gboolean is_flag, guint item)
{
  return is_flag ? cn_flag_get_label (item) : cn_element_get_label (item);
}

static void
show_toast (CnWindow *self, const char *message)
{
  AdwToast *toast = cn_toast_new_literal (message);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-correction");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  _cn_window_add_toast (self, toast);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-correction", TRUE);
}

/* Sets (@correction) or removes the correction of is_flag/item of the
 * request shown. */
static void
correct (CnWindow *self, gboolean is_flag, guint item, const CnCorrection *correction)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  CnCorrectionChange change;
  gint64 id;
  gboolean ok;

  if (self->review == NULL || cn_review_get_request (self->review) == NULL ||
      item >= (is_flag ? CN_N_FLAGS : CN_N_ELEMENTS))
    return;
  id = cn_review_get_request_id (self->review);
  if (correction != NULL)
    ok = cn_store_set_correction (self->store, cn_analyzer_get_default (), id, correction, &change,
                                  &error);
  else
    ok = cn_store_remove_correction (self->store, cn_analyzer_get_default (), id, is_flag, item,
                                     &change, &error);
  if (!ok)
    {
      _cn_window_toast_error (self, g_strdup_printf (_("Could not save the correction: %s"),
                                                        error->message));
      return;
    }
  self->undo_correction = change;
  self->has_undo_correction = TRUE;

  if (correction == NULL)
    /* Translators: %s is an element of the checklist or a warning sign */
    message = g_strdup_printf (_("The analyzer’s judgement of “%s” is back"),
                                  item_label (is_flag, item));
  else if (correction->kind == CN_CORRECTION_DISMISSED)
    /* Translators: %s is a warning sign, e.g. "Pushy" */
    message = g_strdup_printf (_("“%s” dismissed"), item_label (is_flag, item));
  else if (correction->kind == CN_CORRECTION_MISSING)
    /* Translators: %s is an element of the checklist, e.g. "Precise objective" */
    message = g_strdup_printf (_("“%s” marked missing"), item_label (is_flag, item));
  else if (correction->span.end > correction->span.start)
    /* Translators: %s is an element of the checklist, e.g. "Precise objective" */
    message = g_strdup_printf (_("“%s” marked present"), item_label (is_flag, item));
  else
    /* Translators: %s is an element of the checklist, e.g. "Precise objective" */
    message = g_strdup_printf (_("“%s” marked present. To show its words, select them in a "
                                 "note and mark it again."),
                                  item_label (is_flag, item));
  show_toast (self, message);
}

static void
mark_present_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  CnCorrection c = { FALSE, g_variant_get_uint32 (parameter), CN_CORRECTION_PRESENT };

  /* The words selected in a note become its evidence; none: present alone. */
  if (!cn_request_detail_get_selection (self->detail, &c.note, &c.span))
    c.span = (CnSpan){ 0, 0 };
  correct (self, FALSE, c.item, &c);
}

static void
mark_missing_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnCorrection c = { FALSE, g_variant_get_uint32 (parameter), CN_CORRECTION_MISSING };

  correct (CN_WINDOW (widget), FALSE, c.item, &c);
}

static void
dismiss_flag_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnCorrection c = { TRUE, g_variant_get_uint32 (parameter), CN_CORRECTION_DISMISSED };

  correct (CN_WINDOW (widget), TRUE, c.item, &c);
}

static void
restore_element_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  correct (CN_WINDOW (widget), FALSE, g_variant_get_uint32 (parameter), NULL);
}

static void
restore_flag_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  correct (CN_WINDOW (widget), TRUE, g_variant_get_uint32 (parameter), NULL);
}

static void
undo_correction_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (!self->has_undo_correction)
    return;
  self->has_undo_correction = FALSE;
  gtk_widget_action_set_enabled (widget, "win.undo-correction", FALSE);
  if (!cn_store_undo_correction (self->store, cn_analyzer_get_default (), &self->undo_correction,
                                 &error))
    _cn_window_toast_error (self, g_strdup_printf (_("Could not undo: %s"), error->message));
}

void
_cn_window_class_init_corrections (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.mark-present", "u", mark_present_action);
  gtk_widget_class_install_action (widget_class, "win.mark-missing", "u", mark_missing_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-flag", "u", dismiss_flag_action);
  gtk_widget_class_install_action (widget_class, "win.restore-element", "u",
                                   restore_element_action);
  gtk_widget_class_install_action (widget_class, "win.restore-flag", "u", restore_flag_action);
  gtk_widget_class_install_action (widget_class, "win.undo-correction", NULL,
                                   undo_correction_action);
}

void
_cn_window_init_corrections (CnWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-correction", FALSE);
}
