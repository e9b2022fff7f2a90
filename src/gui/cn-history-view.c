/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cn-compose.h"
#include "cn-history-view.h"
#include "cn-local-time.h"
#include "cn-text-row.h"
#include "cn-ui-utils.h"
#include "cn-verification.h"
#include "cn-verification-panel.h"

struct _CnHistoryView
{
  GtkWidget parent_instance;

  CnStore *store;
  gint64 request_id;
  gboolean updating; /* the outcome row is being set from the store */

  GtkListBox *list;
  GtkWidget *outcome_group;
  AdwComboRow *outcome_row;
};

G_DEFINE_FINAL_TYPE (CnHistoryView, cn_history_view, GTK_TYPE_WIDGET)

enum {
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
cn_history_view_describe_event (const CnEvent *event)
{
  CnOutcome outcome;
  CnStep step;
  CnCorrectionKind kind = CN_CORRECTION_PRESENT;
  gboolean is_flag = FALSE, restored = FALSE;
  guint item = 0;

  switch (event->action)
    {
    case CN_EVENT_ACTION_CREATED:
      return g_strdup (C_("history", "Received"));
    case CN_EVENT_ACTION_FORWARDED:
      return g_strdup (C_("history", "Forwarded"));
    case CN_EVENT_ACTION_COPIED:
      return g_strdup (C_("history", "Copied"));
    case CN_EVENT_ACTION_FORWARD_COPIED:
      return g_strdup (C_("history", "Copied for forwarding"));
    case CN_EVENT_ACTION_FORWARD_OPENED:
      return g_strdup (C_("history", "Opened in your mail app"));
    case CN_EVENT_ACTION_NOT_SENT:
      return g_strdup (C_("history", "Not sent"));
    case CN_EVENT_ACTION_ASKED:
      return g_strdup (C_("history", "Asked for motivation"));
    case CN_EVENT_ACTION_DECLINED:
      return g_strdup (C_("history", "Declined"));
    case CN_EVENT_ACTION_ARCHIVED:
      return g_strdup (C_("history", "Archived"));
    case CN_EVENT_ACTION_SEND_FAILED:
      return g_strdup (C_("history", "Sending failed"));
    case CN_EVENT_ACTION_OUTCOME:
      if (cn_outcome_from_string (event->text, &outcome))
        /* Translators: %s is an outcome, e.g. "Accepted" */
        return g_strdup_printf (C_("history", "Outcome: %s"), cn_outcome_get_label (outcome));
      break;
    case CN_EVENT_ACTION_OVERRIDE:
      if (cn_override_parse (event->text, &step, NULL))
        /* Translators: %s is a verification step, e.g. "Motivation" */
        return g_strdup_printf (C_("history", "Override: %s"),
                                    cn_verification_panel_get_step_title (step));
      break;
    case CN_EVENT_ACTION_CORRECTED:
      if (cn_correction_parse (event->text, &is_flag, &item, &kind, &restored))
        {
          const char *label = is_flag ? cn_flag_get_label (item) : cn_element_get_label (item);

          if (restored)
            /* Translators: %s is an element of the checklist or a warning sign */
            return g_strdup_printf (C_("history", "Analyzer’s judgement restored: %s"), label);
          if (kind == CN_CORRECTION_DISMISSED)
            /* Translators: %s is a warning sign, e.g. "Pushy" */
            return g_strdup_printf (C_("history", "Dismissed: %s"), label);
          if (kind == CN_CORRECTION_MISSING)
            /* Translators: %s is an element of the checklist, e.g. "Precise objective" */
            return g_strdup_printf (C_("history", "Marked missing: %s"), label);
          /* Translators: %s is an element of the checklist, e.g. "Precise objective" */
          return g_strdup_printf (C_("history", "Marked present: %s"), label);
        }
      break;
    case CN_EVENT_ACTION_SCREENED_OUT:
      return g_strdup (C_("history", "Requester screened out"));
    case CN_EVENT_ACTION_TRUSTED:
      return g_strdup (C_("history", "Requester trusted"));
    case CN_EVENT_ACTION_STANDING_CLEARED:
      return g_strdup (C_("history", "Requester no longer screened out or trusted"));
    case CN_EVENT_ACTION_NOT_A_REQUEST:
      return g_strdup (C_("history", "Set aside: not a request"));
    case CN_EVENT_ACTION_EDITED:
      return g_strdup (C_("history", "Edited by you"));
    case CN_EVENT_ACTION_UNKNOWN:
    case CN_EVENT_ACTION_NEW:
    case CN_EVENT_ACTION_READY:
    default:
      break;
    }
  return g_utf8_make_valid (event->action_id ? event->action_id : "", -1);
}

/* The text to show under the event: for an override, the reason alone; for
 * a decline, the private note above the reply. */
static char *
dup_shown_text (const CnEvent *event)
{
  const char *reason;
  const char *sent;
  g_autofree char *note = NULL;

  /* The title says what a correction was: its stored text is for the program. */
  if (event->text == NULL || *event->text == '\0' || event->action == CN_EVENT_ACTION_OUTCOME ||
      event->action == CN_EVENT_ACTION_CORRECTED)
    return NULL;
  if (event->action == CN_EVENT_ACTION_OVERRIDE && cn_override_parse (event->text, NULL, &reason))
    return g_strdup (reason);
  if (event->action == CN_EVENT_ACTION_DECLINED &&
      cn_decline_event_parse (event->text, &note, &sent))
    {
      /* Translators: the connector's own note on a decline, which was not sent */
      g_autofree char *line = g_strdup_printf (_("Private note (not sent): %s"), note);

      return *sent != '\0' ? g_strconcat (line, "\n\n", sent, NULL) : g_steal_pointer (&line);
    }
  if (event->action == CN_EVENT_ACTION_NOT_A_REQUEST)
    return g_strdup (_("On import: you had marked this sender’s messages as not requests"));
  return g_strdup (event->text);
}

static char *
format_time (gint64 at)
{
  g_autofree char *date = cn_format_date (at);
  g_autoptr (GDateTime) local = cn_local_from_unix (at);
  g_autofree char *time = local ? g_date_time_format (local, "%H:%M") : g_strdup ("");

  /* Translators: a date and a time, e.g. "Oct 3, 2026, 14:05" */
  return g_strdup_printf (C_("history", "%s, %s"), date, time);
}

/* What a row shows is its event's: the id, and the time, which editing a
 * request's date changes for its "Received". */
#define EVENT_KEY "cn-history-event"

static gboolean
row_shows (GtkWidget *row, const CnEvent *event)
{
  const gint64 *key = g_object_get_data (G_OBJECT (row), EVENT_KEY);

  return key != NULL && key[0] == event->id && key[1] == event->at;
}

static gint64
row_event_id (GtkWidget *row)
{
  const gint64 *key = g_object_get_data (G_OBJECT (row), EVENT_KEY);

  return key != NULL ? key[0] : 0;
}

static GtkWidget *new_event_row_for (const CnEvent *event);

static GtkWidget *
new_event_row (const CnEvent *event)
{
  GtkWidget *row = new_event_row_for (event);

  gint64 key[2] = { event->id, event->at };

  g_object_set_data_full (G_OBJECT (row), EVENT_KEY, g_memdup2 (key, sizeof key), g_free);
  return row;
}

static GtkWidget *
new_event_row_for (const CnEvent *event)
{
  g_autofree char *title = cn_history_view_describe_event (event);
  g_autofree char *when = format_time (event->at);
  g_autofree char *text = dup_shown_text (event);
  GtkWidget *row;
  GtkWidget *label;

  if (text == NULL)
    {
      /* Laid out by width only (see CnTextRow); literal text. */
      row = GTK_WIDGET (cn_text_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      cn_text_row_set_subtitle (CN_TEXT_ROW (row), when);
      return row;
    }

  row = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* Its outer row, read out on the way to its header, has no name of its own. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), when);
  /* The exact text, as sent: literal and selectable. */
  label = gtk_label_new (NULL);
  cn_label_set_literal (GTK_LABEL (label), text);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "cn-history-text");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), label);
  return row;
}

static void
show_outcome (CnHistoryView *self, CnRequest *request)
{
  gboolean forwarded = request != NULL &&
                       cn_request_get_status (request) == CN_REQUEST_STATUS_FORWARDED;

  gtk_widget_set_visible (self->outcome_group, forwarded);
  if (!forwarded)
    return;
  self->updating = TRUE;
  adw_combo_row_set_selected (self->outcome_row, cn_request_get_outcome (request));
  self->updating = FALSE;
}

/* Newest first: the last action is what the connector looks for. The rows
 * of events still there are kept (an event does not change): a forward
 * adds its row above the others instead of building them all again, and a
 * row opened to read its text stays open. */
static void
update_rows (CnHistoryView *self, GPtrArray *events)
{
  g_autoptr (GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
  GtkWidget *child, *next, *cursor;
  int position = 0;

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      CnEvent *event = g_ptr_array_index (events, i);

      g_hash_table_insert (wanted, &event->id, event);
    }
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL; child = next)
    {
      gint64 id = row_event_id (child);
      const CnEvent *event = g_hash_table_lookup (wanted, &id);

      next = gtk_widget_get_next_sibling (child);
      if (event == NULL || !row_shows (child, event))
        gtk_list_box_remove (self->list, child);
    }

  cursor = gtk_widget_get_first_child (GTK_WIDGET (self->list));
  for (guint i = events ? events->len : 0; i > 0; i--)
    {
      const CnEvent *event = g_ptr_array_index (events, i - 1);

      if (cursor != NULL && row_shows (cursor, event))
        cursor = gtk_widget_get_next_sibling (cursor);
      else
        gtk_list_box_insert (self->list, new_event_row (event), position);
      position++;
    }
  /* Rows left over were out of order (not from this history): none may stay. */
  while (cursor != NULL)
    {
      next = gtk_widget_get_next_sibling (cursor);
      gtk_list_box_remove (self->list, cursor);
      cursor = next;
    }
}

void
cn_history_view_reload (CnHistoryView *self)
{
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (CnRequest) request = NULL;

  g_return_if_fail (CN_IS_HISTORY_VIEW (self));

  if (self->store != NULL && self->request_id != 0)
    {
      events = cn_store_list_events (self->store, self->request_id, NULL);
      request = cn_store_get_request (self->store, self->request_id, NULL);
    }
  show_outcome (self, request);
  update_rows (self, events);
  gtk_widget_set_visible (GTK_WIDGET (self), self->request_id != 0);
}

static void
on_request_changed_cb (CnHistoryView *self, gint64 id, CnStore *store)
{
  if (id == self->request_id)
    cn_history_view_reload (self);
}

static void
on_reloaded_cb (CnHistoryView *self, CnStore *store)
{
  cn_history_view_reload (self);
}

static void
on_outcome_selected_cb (CnHistoryView *self, GParamSpec *pspec, AdwComboRow *row)
{
  g_autoptr (GError) error = NULL;
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating || self->store == NULL || self->request_id == 0 || selected > CN_OUTCOME_LAST)
    return;
  if (selected == cn_store_get_request_outcome (self->store, self->request_id))
    return;
  if (!cn_store_set_request_outcome (self->store, self->request_id, selected, &error))
    {
      /* Translators: %s says why */
      g_autofree char *message = g_strdup_printf (_("Could not record the outcome: %s"),
                                                     error->message);

      g_signal_emit (self, signals[ERROR], 0, message);
      cn_history_view_reload (self);
    }
}

static void
cn_history_view_dispose (GObject *object)
{
  CnHistoryView *self = CN_HISTORY_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_HISTORY_VIEW);
  cn_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cn_history_view_parent_class)->dispose (object);
}

static void
cn_history_view_class_init (CnHistoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_history_view_dispose;

  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-history-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CnHistoryView, list);
  gtk_widget_class_bind_template_child (widget_class, CnHistoryView, outcome_group);
  gtk_widget_class_bind_template_child (widget_class, CnHistoryView, outcome_row);
  gtk_widget_class_bind_template_callback (widget_class, on_outcome_selected_cb);
}

static void
cn_history_view_init (CnHistoryView *self)
{
  g_autoptr (GtkStringList) outcomes = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i <= CN_OUTCOME_LAST; i++)
    gtk_string_list_append (outcomes, cn_outcome_get_label (i));
  self->updating = TRUE;
  adw_combo_row_set_model (self->outcome_row, G_LIST_MODEL (outcomes));
  cn_combo_row_name_choices (self->outcome_row);
  self->updating = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

CnHistoryView *
cn_history_view_new (void)
{
  return g_object_new (CN_TYPE_HISTORY_VIEW, NULL);
}

void
cn_history_view_set_store (CnHistoryView *self, CnStore *store)
{
  g_return_if_fail (CN_IS_HISTORY_VIEW (self));
  g_return_if_fail (store == NULL || CN_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      g_signal_connect_object (store, "request-changed", G_CALLBACK (on_request_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "reloaded", G_CALLBACK (on_reloaded_cb), self,
                               G_CONNECT_SWAPPED);
    }
  cn_history_view_reload (self);
}

void
cn_history_view_set_request_id (CnHistoryView *self, gint64 request_id)
{
  g_return_if_fail (CN_IS_HISTORY_VIEW (self));

  self->request_id = request_id;
  cn_history_view_reload (self);
}
