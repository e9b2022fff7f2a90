/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-wrap-box.h"

struct _CnWrapBox
{
  GtkWidget parent_instance;

  int spacing;
  int line_spacing;
  gboolean align_end;
};

static void cn_wrap_box_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CnWrapBox,
                               cn_wrap_box,
                               GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE,
                                                      cn_wrap_box_buildable_init))

enum {
  PROP_0,
  PROP_SPACING,
  PROP_LINE_SPACING,
  PROP_ALIGN_END,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GtkBuildableIface *parent_buildable_iface;

/* One child placed on a line: its width there and whether it takes spare room. */
typedef struct
{
  GtkWidget *child;
  int width;
  gboolean expand;
} Placed;

static int
child_width_for (GtkWidget *child, int available, gboolean *expand)
{
  int min = 0, nat = 0;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  *expand = gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL);
  /* A child wider than the whole box gets the box: it shrinks as far as it can. */
  return MAX (min, MIN (nat, available));
}

/* Splits the visible children into lines no wider than width. Returns the
 * placements, with line breaks marked by a NULL child. */
static GArray *
layout_lines (CnWrapBox *self, int width)
{
  GArray *placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  int used = 0;
  gboolean line_empty = TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Placed p = { child, 0, FALSE };

      if (!gtk_widget_should_layout (child))
        continue;
      p.width = child_width_for (child, width, &p.expand);
      if (!line_empty && used + self->spacing + p.width > width)
        {
          Placed brk = { NULL, 0, FALSE };

          g_array_append_val (placed, brk);
          used = 0;
          line_empty = TRUE;
        }
      used += (line_empty ? 0 : self->spacing) + p.width;
      line_empty = FALSE;
      g_array_append_val (placed, p);
    }
  return placed;
}

/* Calls place() for each line, from first to last; returns the total height. */
typedef void (*PlaceLine) (CnWrapBox *self, Placed *items, guint n, int y, int height, int width);

static int
walk_lines (CnWrapBox *self, int width, PlaceLine place)
{
  g_autoptr (GArray) placed = layout_lines (self, width);
  guint start = 0;
  int y = 0;
  gboolean first = TRUE;

  for (guint i = 0; i <= placed->len; i++)
    {
      int height = 0;

      if (i < placed->len && g_array_index (placed, Placed, i).child != NULL)
        continue;
      if (i == start)
        {
          start = i + 1;
          continue;
        }
      for (guint j = start; j < i; j++)
        {
          Placed *p = &g_array_index (placed, Placed, j);
          int min = 0;

          gtk_widget_measure (p->child, GTK_ORIENTATION_VERTICAL, p->width, &min, NULL, NULL, NULL);
          height = MAX (height, min);
        }
      if (!first)
        y += self->line_spacing;
      if (place != NULL)
        place (self, &g_array_index (placed, Placed, start), i - start, y, height, width);
      y += height;
      first = FALSE;
      start = i + 1;
    }
  return y;
}

static void
place_line (CnWrapBox *self, Placed *items, guint n, int y, int height, int width)
{
  int used = self->spacing * ((int) n - 1);
  guint expanding = 0;
  int spare, x;
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;

  for (guint i = 0; i < n; i++)
    {
      used += items[i].width;
      expanding += items[i].expand ? 1 : 0;
    }
  spare = MAX (0, width - used);
  x = (expanding == 0 && self->align_end) ? spare : 0;
  for (guint i = 0; i < n; i++)
    {
      int w = items[i].width;

      if (expanding > 0 && items[i].expand)
        {
          int share = spare / (int) expanding;

          w += share;
          spare -= share;
          expanding--;
        }
      gtk_widget_size_allocate (items[i].child,
                                &(GtkAllocation){ rtl ? width - x - w : x, y, w, height }, -1);
      x += w + self->spacing;
    }
}

static GtkSizeRequestMode
cn_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
cn_wrap_box_measure (GtkWidget *widget,
                     GtkOrientation orientation,
                     int for_size,
                     int *minimum,
                     int *natural,
                     int *minimum_baseline,
                     int *natural_baseline)
{
  CnWrapBox *self = CN_WRAP_BOX (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int min = 0, nat = 0, n = 0;

      /* At its narrowest, one child per line; at ease, all on one line. */
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_min = 0, child_nat = 0;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL,
                              NULL);
          min = MAX (min, child_min);
          nat += child_nat + (n++ > 0 ? self->spacing : 0);
        }
      *minimum = min;
      *natural = MAX (min, nat);
    }
  else
    {
      int width = for_size, unused = 0;

      if (width < 0)
        cn_wrap_box_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &width, &unused, NULL, NULL);
      *minimum = *natural = walk_lines (self, width, NULL);
    }
}

static void
cn_wrap_box_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  walk_lines (CN_WRAP_BOX (widget), width, place_line);
}

static void
cn_wrap_box_buildable_add_child (GtkBuildable *buildable,
                                 GtkBuilder *builder,
                                 GObject *child,
                                 const char *type)
{
  if (GTK_IS_WIDGET (child) && type == NULL)
    cn_wrap_box_append (CN_WRAP_BOX (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
cn_wrap_box_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = cn_wrap_box_buildable_add_child;
}

static void
cn_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (cn_wrap_box_parent_class)->dispose (object);
}

static void
cn_wrap_box_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CnWrapBox *self = CN_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    case PROP_LINE_SPACING:
      g_value_set_int (value, self->line_spacing);
      break;
    case PROP_ALIGN_END:
      g_value_set_boolean (value, self->align_end);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_wrap_box_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CnWrapBox *self = CN_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      self->spacing = g_value_get_int (value);
      break;
    case PROP_LINE_SPACING:
      self->line_spacing = g_value_get_int (value);
      break;
    case PROP_ALIGN_END:
      self->align_end = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
cn_wrap_box_class_init (CnWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_wrap_box_dispose;
  object_class->get_property = cn_wrap_box_get_property;
  object_class->set_property = cn_wrap_box_set_property;
  widget_class->get_request_mode = cn_wrap_box_get_request_mode;
  widget_class->measure = cn_wrap_box_measure;
  widget_class->size_allocate = cn_wrap_box_size_allocate;

  properties[PROP_SPACING] = g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINE_SPACING] = g_param_spec_int ("line-spacing", NULL, NULL, 0, G_MAXINT, 0,
                                                    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALIGN_END] = g_param_spec_boolean ("align-end", NULL, NULL, FALSE,
                                                     G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "wrapbox");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
cn_wrap_box_init (CnWrapBox *self)
{
}

CnWrapBox *
cn_wrap_box_new (void)
{
  return g_object_new (CN_TYPE_WRAP_BOX, NULL);
}

void
cn_wrap_box_append (CnWrapBox *self, GtkWidget *child)
{
  g_return_if_fail (CN_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  gtk_widget_set_parent (child, GTK_WIDGET (self));
}
