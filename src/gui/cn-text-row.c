/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-row-box.h"
#include "cn-text-row.h"
#include "cn-ui-utils.h"

struct _CnTextRow
{
  AdwPreferencesRow parent_instance;

  GtkWidget *prefixes;
  GtkLabel *title;
  GtkLabel *subtitle;
  GtkWidget *suffixes;
};

static void cn_text_row_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CnTextRow,
                               cn_text_row,
                               ADW_TYPE_PREFERENCES_ROW,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE,
                                                      cn_text_row_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

enum {
  PROP_0,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkLabel *
new_text_label (const char *css_class)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  cn_label_set_wrapping (label);
  gtk_label_set_xalign (label, 0);
  /* Filling its allocation: a label aligned otherwise would be asked its
   * width for its height when allocated, the very search this row avoids. */
  gtk_widget_set_halign (GTK_WIDGET (label), GTK_ALIGN_FILL);
  gtk_widget_set_valign (GTK_WIDGET (label), GTK_ALIGN_FILL);
  gtk_widget_add_css_class (GTK_WIDGET (label), css_class);
  return label;
}

static GtkWidget *
new_side_box (const char *css_class)
{
  /* Spaced by the theme (border-spacing), as AdwActionRow's. */
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_add_css_class (box, css_class);
  gtk_widget_set_visible (box, FALSE);
  return box;
}

static void
cn_text_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CnTextRow *self = CN_TEXT_ROW (object);

  switch (prop_id)
    {
    case PROP_SUBTITLE:
      g_value_set_string (value, cn_text_row_get_subtitle (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_text_row_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CnTextRow *self = CN_TEXT_ROW (object);

  switch (prop_id)
    {
    case PROP_SUBTITLE:
      cn_text_row_set_subtitle (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_title_changed_cb (CnTextRow *self, GParamSpec *pspec, gpointer user_data)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));

  gtk_label_set_text (self->title, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title ? title : "", -1);
}

static void
cn_text_row_buildable_add_child (GtkBuildable *buildable,
                                 GtkBuilder *builder,
                                 GObject *child,
                                 const char *type)
{
  CnTextRow *self = CN_TEXT_ROW (buildable);

  if (g_strcmp0 (type, "prefix") == 0)
    cn_text_row_add_prefix (self, GTK_WIDGET (child));
  else if (g_strcmp0 (type, "suffix") == 0)
    cn_text_row_add_suffix (self, GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
cn_text_row_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = cn_text_row_buildable_add_child;
}

static void
cn_text_row_class_init (CnTextRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = cn_text_row_get_property;
  object_class->set_property = cn_text_row_set_property;

  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                       G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cn_text_row_init (CnTextRow *self)
{
  CnRowBox *header = cn_row_box_new (6);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  /* The theme's rules for AdwActionRow: row > box.header > box.title… */
  gtk_widget_add_css_class (GTK_WIDGET (header), "header");
  gtk_widget_add_css_class (text, "title");
  /* Filling, centred by the header (see CnRowBox). */
  gtk_widget_set_hexpand (text, TRUE);
  self->prefixes = new_side_box ("prefixes");
  self->suffixes = new_side_box ("suffixes");
  self->title = new_text_label ("title");
  self->subtitle = new_text_label ("subtitle");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle), FALSE);
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->subtitle));
  cn_row_box_append (header, self->prefixes);
  cn_row_box_append (header, text);
  cn_row_box_append (header, self->suffixes);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), GTK_WIDGET (header));
  g_signal_connect (self, "notify::title", G_CALLBACK (on_title_changed_cb), NULL);
}

CnTextRow *
cn_text_row_new (void)
{
  return g_object_new (CN_TYPE_TEXT_ROW, NULL);
}

void
cn_text_row_set_subtitle (CnTextRow *self, const char *subtitle)
{
  g_return_if_fail (CN_IS_TEXT_ROW (self));

  if (subtitle == NULL)
    subtitle = "";
  if (g_str_equal (subtitle, gtk_label_get_text (self->subtitle)))
    return;
  gtk_label_set_text (self->subtitle, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle), *subtitle != '\0');
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  subtitle, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

const char *
cn_text_row_get_subtitle (CnTextRow *self)
{
  g_return_val_if_fail (CN_IS_TEXT_ROW (self), NULL);

  return gtk_label_get_text (self->subtitle);
}

void
cn_text_row_add_prefix (CnTextRow *self, GtkWidget *widget)
{
  g_return_if_fail (CN_IS_TEXT_ROW (self));

  gtk_box_append (GTK_BOX (self->prefixes), widget);
  gtk_widget_set_visible (self->prefixes, TRUE);
}

void
cn_text_row_add_suffix (CnTextRow *self, GtkWidget *widget)
{
  g_return_if_fail (CN_IS_TEXT_ROW (self));

  gtk_box_append (GTK_BOX (self->suffixes), widget);
  gtk_widget_set_visible (self->suffixes, TRUE);
}
