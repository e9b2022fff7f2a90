/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-request-row.h"
#include "cn-ui-utils.h"

struct _CnRequestRow
{
  GtkWidget parent_instance;

  GtkLabel *date_label;
  GtkLabel *requester_label;
  GtkLabel *status_label;
  GtkLabel *target_label;
};

G_DEFINE_FINAL_TYPE (CnRequestRow, cn_request_row, GTK_TYPE_WIDGET)

static char *
describe_target (CnRequest *request)
{
  const char *target = cn_request_get_target_name (request);

  if (target == NULL || *target == '\0')
    return g_strdup_printf (_("→ %s"), _("no contact named"));
  /* Translators: in the request list, the contact the request wants to reach */
  return g_strdup_printf (_("→ %s"), target);
}

static void
cn_request_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CN_TYPE_REQUEST_ROW);
  cn_widget_unparent_children (GTK_WIDGET (object));

  G_OBJECT_CLASS (cn_request_row_parent_class)->dispose (object);
}

static void
cn_request_row_class_init (CnRequestRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_request_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cn-request-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CnRequestRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, CnRequestRow, requester_label);
  gtk_widget_class_bind_template_child (widget_class, CnRequestRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, CnRequestRow, target_label);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cn_request_row_init (CnRequestRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CnRequestRow *
cn_request_row_new (void)
{
  return g_object_new (CN_TYPE_REQUEST_ROW, NULL);
}

void
cn_request_row_set_request (CnRequestRow *self, CnRequest *request)
{
  g_autofree char *date = NULL;
  g_autofree char *target = NULL;
  g_autofree char *description = NULL;
  const char *status;
  const char *name;
  const char *requester;

  g_return_if_fail (CN_IS_REQUEST_ROW (self));
  g_return_if_fail (request == NULL || CN_IS_REQUEST (request));

  if (request == NULL)
    {
      gtk_label_set_text (self->requester_label, "");
      gtk_label_set_text (self->target_label, "");
      gtk_label_set_text (self->date_label, "");
      gtk_label_set_text (self->status_label, "");
      return;
    }

  date = cn_format_short_date (cn_request_get_received_at (request));
  target = describe_target (request);
  status = cn_request_status_get_label (cn_request_get_status (request));

  cn_label_set_literal (self->requester_label, cn_request_get_requester_name (request));
  cn_label_set_literal (self->target_label, target);
  gtk_label_set_text (self->date_label, date);
  gtk_label_set_text (self->status_label, status);

  name = cn_request_get_target_name (request);
  if (name == NULL)
    name = _("no contact named");
  requester = gtk_label_get_text (self->requester_label);
  /* Translators: what a screen reader says for a row of the request list:
   * requester, contact (or "no contact named"), date, status */
  description = g_strdup_printf (_("Request from %s to %s, received %s, %s"), requester, name,
                                    date, status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}
