/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-row-box.h"
#include "cn-ui-utils.h"

struct _CnRowBox
{
  GtkWidget parent_instance;

  int spacing;
};

G_DEFINE_FINAL_TYPE (CnRowBox, cn_row_box, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  int min;
  int nat;
  gboolean expand;
  int width; /* given */
} Sized;

/* Each visible child's width in @width: every child first toward its natural
 * width (the ones that do not expand first, so that suffixes keep their
 * size), then what is left to the ones that expand. */
static void
distribute (CnRowBox *self, int width, GArray *sized)
{
  int spare = width;
  int n_expand = 0;
  GtkWidget *child;

  g_array_set_size (sized, 0);
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Sized s = { 0 };

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &s.min, &s.nat, NULL, NULL);
      s.expand = gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL);
      s.width = s.min;
      spare -= s.min + (sized->len > 0 ? self->spacing : 0);
      n_expand += s.expand;
      g_array_append_val (sized, s);
    }

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < sized->len && spare > 0; i++)
      {
        Sized *s = &g_array_index (sized, Sized, i);
        int give;

        if (s->expand != (pass == 1))
          continue;
        give = MIN (spare, s->nat - s->min);
        s->width += give;
        spare -= give;
      }

  for (guint i = 0; i < sized->len && spare > 0 && n_expand > 0; i++)
    {
      Sized *s = &g_array_index (sized, Sized, i);

      if (s->expand)
        {
          int give = spare / n_expand;

          s->width += give;
          spare -= give;
          n_expand--;
        }
    }
}

static void
cn_row_box_measure (GtkWidget *widget,
                    GtkOrientation orientation,
                    int for_size,
                    int *minimum,
                    int *natural,
                    int *minimum_baseline,
                    int *natural_baseline)
{
  CnRowBox *self = CN_ROW_BOX (widget);
  g_autoptr (GArray) sized = g_array_new (FALSE, FALSE, sizeof (Sized));
  GtkWidget *child;
  guint i = 0;

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int n_visible = 0;

      for (child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int min = 0, nat = 0;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, orientation, -1, &min, &nat, NULL, NULL);
          *minimum += min;
          *natural += nat;
          n_visible++;
        }
      if (n_visible > 1)
        {
          *minimum += self->spacing * (n_visible - 1);
          *natural += self->spacing * (n_visible - 1);
        }
      return;
    }

  if (for_size >= 0)
    distribute (self, for_size, sized);
  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min = 0, nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation,
                          i < sized->len ? g_array_index (sized, Sized, i).width : -1, &min, &nat,
                          NULL, NULL);
      *minimum = MAX (*minimum, min);
      *natural = MAX (*natural, nat);
      i++;
    }
}

static void
cn_row_box_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  CnRowBox *self = CN_ROW_BOX (widget);
  g_autoptr (GArray) sized = g_array_new (FALSE, FALSE, sizeof (Sized));
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  GtkWidget *child;
  int x = 0;
  guint i = 0;

  distribute (self, width, sized);
  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int w, h, min = 0, nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;
      w = g_array_index (sized, Sized, i++).width;
      /* A filling child is centred here, at its natural height for its
       * width: one that centres itself (valign) would be asked its width
       * for a height first. Others align themselves in the whole height. */
      h = height;
      if (gtk_widget_get_valign (child) == GTK_ALIGN_FILL)
        {
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, w, &min, &nat, NULL, NULL);
          h = MIN (height, MAX (min, nat));
        }
      gtk_widget_size_allocate (child,
                                &(GtkAllocation){ rtl ? width - x - w : x, (height - h) / 2, w, h },
                                -1);
      x += w + self->spacing;
    }
}

static GtkSizeRequestMode
cn_row_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
cn_row_box_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CnRowBox *self = CN_ROW_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_row_box_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CnRowBox *self = CN_ROW_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      if (self->spacing != g_value_get_int (value))
        {
          self->spacing = g_value_get_int (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_row_box_dispose (GObject *object)
{
  cn_widget_unparent_children (GTK_WIDGET (object));

  G_OBJECT_CLASS (cn_row_box_parent_class)->dispose (object);
}

static void
cn_row_box_class_init (CnRowBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_row_box_dispose;
  object_class->get_property = cn_row_box_get_property;
  object_class->set_property = cn_row_box_set_property;
  widget_class->measure = cn_row_box_measure;
  widget_class->size_allocate = cn_row_box_size_allocate;
  widget_class->get_request_mode = cn_row_box_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "box");

  properties[PROP_SPACING] = g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                   G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cn_row_box_init (CnRowBox *self)
{
}

CnRowBox *
cn_row_box_new (int spacing)
{
  return g_object_new (CN_TYPE_ROW_BOX, "spacing", spacing, NULL);
}

void
cn_row_box_append (CnRowBox *self, GtkWidget *child)
{
  g_return_if_fail (CN_IS_ROW_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  gtk_widget_set_parent (child, GTK_WIDGET (self));
}
