/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-related-requests.h"
#include "cn-text-row.h"
#include "cn-ui-utils.h"

struct _CnRelatedRequests
{
  GtkWidget parent_instance;

  GtkLabel *description_label;
  GtkLabel *heading_label;
  GtkListBox *list_box;
  GtkButton *more_button;

  gint64 activated_id;
  guint activate_idle_id;
  /* What the rows show (ids, statuses, the current one): opening another
   * request with the same related ones keeps the rows. */
  char *shown;
  /* The requests listed, the one shown, and whether all are listed: a
   * campaign of a hundred copies lists the first few until asked. */
  GPtrArray *requests;
  char *ids; /* theirs, to tell another set */
  gint64 current_id;
  gboolean expanded;
};

/* Listed before "Show more": a screenful of rows is laid out again at every
 * request opened. */
#define FIRST_ROWS 8

G_DEFINE_FINAL_TYPE (CnRelatedRequests, cn_related_requests, GTK_TYPE_WIDGET)

enum {
  REQUEST_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void on_more_clicked_cb (CnRelatedRequests *self, GtkButton *button);

static GtkWidget *
new_row (void)
{
  /* Filled again for every request shown: a row laid out by width only.
   * Names come from outside: it shows them literally. */
  CnTextRow *row = cn_text_row_new ();
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  cn_text_row_add_suffix (row, arrow);
  g_object_set_data (G_OBJECT (row), "cn-arrow", arrow);
  return GTK_WIDGET (row);
}

/* Rows are filled again rather than made again: a campaign's copies are
 * dozens of rows, and opening one copy after another keeps them. */
static void
update_row (GtkWidget *row, CnRequest *request, gboolean current)
{
  const char *target = cn_request_get_target_name (request);
  g_autofree char *date = cn_format_date (cn_request_get_received_at (request));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *requester = NULL;
  g_autofree char *isolated_target = NULL;
  const char *status = cn_request_status_get_label (cn_request_get_status (request));

  requester = cn_ui_name (cn_request_get_requester_name (request));
  isolated_target = target != NULL ? cn_ui_name (target) : g_strdup (_("no contact named"));
  /* Translators: a related request: requester → contact */
  title = g_strdup_printf (_("%s → %s"), requester, isolated_target);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (current)
    /* Translators: date · status, for the request being shown */
    subtitle = g_strdup_printf (_("%s · %s · this request"), date, status);
  else
    /* Translators: date · status of a related request */
    subtitle = g_strdup_printf (_("%s · %s"), date, status);
  cn_text_row_set_subtitle (CN_TEXT_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), !current);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "cn-arrow"), !current);
  g_object_set_data_full (G_OBJECT (row), "cn-request-id",
                          g_memdup2 (&(gint64){ cn_request_get_id (request) }, sizeof (gint64)),
                          g_free);
}

static void
emit_activated_cb (gpointer data)
{
  CnRelatedRequests *self = data;

  self->activate_idle_id = 0;
  g_signal_emit (self, signals[REQUEST_ACTIVATED], 0, self->activated_id);
}

static void
on_row_activated_cb (CnRelatedRequests *self, GtkListBoxRow *row, GtkListBox *list_box)
{
  const gint64 *id = g_object_get_data (G_OBJECT (row), "cn-request-id");

  if (id == NULL)
    return;
  /* Showing the other request rebuilds this list: not while the row that
   * was activated is still handling its signal. */
  self->activated_id = *id;
  if (self->activate_idle_id == 0)
    self->activate_idle_id = g_idle_add_once (emit_activated_cb, self);
}

static void
cn_related_requests_dispose (GObject *object)
{
  CnRelatedRequests *self = CN_RELATED_REQUESTS (object);

  g_clear_handle_id (&self->activate_idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), CN_TYPE_RELATED_REQUESTS);
  g_clear_pointer (&self->shown, g_free);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->ids, g_free);
  cn_widget_unparent_children (GTK_WIDGET (object));

  G_OBJECT_CLASS (cn_related_requests_parent_class)->dispose (object);
}

static void
cn_related_requests_class_init (CnRelatedRequestsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_related_requests_dispose;

  signals[REQUEST_ACTIVATED] = g_signal_new ("request-activated", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                             G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-related-requests.ui");
  gtk_widget_class_bind_template_child (widget_class, CnRelatedRequests, description_label);
  gtk_widget_class_bind_template_child (widget_class, CnRelatedRequests, heading_label);
  gtk_widget_class_bind_template_child (widget_class, CnRelatedRequests, list_box);
  gtk_widget_class_bind_template_child (widget_class, CnRelatedRequests, more_button);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_more_clicked_cb);
}

static void
cn_related_requests_init (CnRelatedRequests *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

CnRelatedRequests *
cn_related_requests_new (void)
{
  return g_object_new (CN_TYPE_RELATED_REQUESTS, NULL);
}

/* The rows for self->requests, the first few unless expanded. */
static void
fill_rows (CnRelatedRequests *self)
{
  guint n = self->requests != NULL ? self->requests->len : 0;
  /* "Show 1 more" would take the place of the row it hides. */
  guint listed = self->expanded || n <= FIRST_ROWS + 1 ? n : FIRST_ROWS;
  GtkListBoxRow *row;

  for (guint i = 0; i < listed; i++)
    {
      CnRequest *request = g_ptr_array_index (self->requests, i);

      row = gtk_list_box_get_row_at_index (self->list_box, (int) i);
      if (row == NULL)
        {
          row = GTK_LIST_BOX_ROW (new_row ());
          gtk_list_box_append (self->list_box, GTK_WIDGET (row));
        }
      update_row (GTK_WIDGET (row), request, cn_request_get_id (request) == self->current_id);
    }
  while ((row = gtk_list_box_get_row_at_index (self->list_box, (int) listed)) != NULL)
    gtk_list_box_remove (self->list_box, GTK_WIDGET (row));

  if (listed < n)
    {
      g_autofree char *more = g_strdup_printf (
          /* Translators: below the first related requests listed */
          ngettext ("Show %u More Request", "Show %u More Requests", n - listed), n - listed);

      gtk_button_set_label (self->more_button, more);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), listed < n);
}

static void
on_more_clicked_cb (CnRelatedRequests *self, GtkButton *button)
{
  GtkListBoxRow *first_new = NULL;

  self->expanded = TRUE;
  fill_rows (self);
  /* The focus goes on with the first row that was hidden. */
  first_new = gtk_list_box_get_row_at_index (self->list_box, FIRST_ROWS);
  if (first_new != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (first_new));
}

void
cn_related_requests_set (CnRelatedRequests *self,
                         const char *heading,
                         const char *description,
                         GPtrArray *requests,
                         gint64 current_id)
{
  guint others = 0;
  g_autoptr (GString) shown = g_string_new (NULL);
  g_autoptr (GString) ids = g_string_new (NULL);

  g_return_if_fail (CN_IS_RELATED_REQUESTS (self));

  for (guint i = 0; requests != NULL && i < requests->len; i++)
    {
      CnRequest *request = g_ptr_array_index (requests, i);
      gboolean current = cn_request_get_id (request) == current_id;

      others += !current;
      g_string_append_printf (ids, "%" G_GINT64_FORMAT ";", cn_request_get_id (request));
      g_string_append_printf (shown, "%" G_GINT64_FORMAT ":%d:%d:%" G_GINT64_FORMAT ":%s:%s;",
                              cn_request_get_id (request), cn_request_get_status (request), current,
                              cn_request_get_received_at (request),
                              cn_request_get_requester_name (request)
                                  ? cn_request_get_requester_name (request)
                                  : "",
                              cn_request_get_target_name (request)
                                  ? cn_request_get_target_name (request)
                                  : "");
    }
  if (g_strcmp0 (self->shown, shown->str) != 0)
    {
      /* Other requests altogether: the first few again. */
      if (g_strcmp0 (self->ids, ids->str) != 0)
        {
          self->expanded = FALSE;
          g_free (self->ids);
          self->ids = g_strdup (ids->str);
        }
      g_free (self->shown);
      self->shown = g_strdup (shown->str);
      g_clear_pointer (&self->requests, g_ptr_array_unref);
      self->requests = requests != NULL ? g_ptr_array_ref (requests) : NULL;
      self->current_id = current_id;
      fill_rows (self);
    }

  gtk_label_set_text (self->heading_label, heading ? heading : "");
  gtk_label_set_text (self->description_label, description ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  heading ? heading : "", -1);
  gtk_widget_set_visible (GTK_WIDGET (self), others > 0);
}

void
_cn_related_requests_activate_row (CnRelatedRequests *self, guint index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list_box, (int) index);

  g_return_if_fail (row != NULL);
  g_signal_emit_by_name (self->list_box, "row-activated", row);
}
