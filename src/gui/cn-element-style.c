/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>

#include "cn-element-style.h"

/* GNOME palette hues; alpha differs per style so the highlight is as visible
 * on a dark background as on a light one without hiding the text. */
static const char *const element_colors[CN_N_ELEMENTS] = {
  [CN_ELEMENT_SELF_INTRO] = "#3584e4",        /* blue */
  [CN_ELEMENT_OBJECTIVE] = "#2ec27e",         /* green */
  [CN_ELEMENT_SPECIFIC_ASK] = "#f5c211",      /* yellow */
  [CN_ELEMENT_WHY_YOU] = "#ff7800",           /* orange */
  [CN_ELEMENT_EFFORT_BOUND] = "#9141ac",      /* purple */
  [CN_ELEMENT_PERSONALISED] = "#2190a4",      /* teal */
  [CN_ELEMENT_REASON_TO_FORWARD] = "#986a44", /* brown */
};

static const char *const tag_names[CN_N_ELEMENTS] = {
  "cn-self-intro",   "cn-objective",    "cn-specific-ask",      "cn-why-you",
  "cn-effort-bound", "cn-personalised", "cn-reason-to-forward",
};

void
cn_element_style_get_color (CnElement element, gboolean dark, GdkRGBA *out_color)
{
  g_return_if_fail ((guint) element < CN_N_ELEMENTS);
  g_return_if_fail (out_color != NULL);

  gdk_rgba_parse (out_color, element_colors[element]);
  out_color->alpha = dark ? 0.35f : 0.30f;
}

void
cn_element_style_get_fit_colors (gboolean dark, GdkRGBA *out_text, GdkRGBA *out_underline)
{
  /* Measured against the seven highlights over the view and card
   * backgrounds (tests/ui/test-analysis.c, /analysis/fit-words-contrast). */
  gdk_rgba_parse (out_text, dark ? "#dbeaff" : "#0b4a9b");
  gdk_rgba_parse (out_underline, dark ? "#78aeed" : "#1c71d8");
}

const char *
cn_element_style_get_tag_name (CnElement element)
{
  g_return_val_if_fail ((guint) element < CN_N_ELEMENTS, NULL);

  return tag_names[element];
}

static gboolean
style_is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
draw_swatch (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  CnElement element = GPOINTER_TO_INT (data);
  GdkRGBA color;
  double radius = 3;

  cn_element_style_get_color (element, style_is_dark (), &color);
  /* A swatch needs its full strength to be told apart at 14 pixels. */
  color.alpha = 0.85f;
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_new_sub_path (cr);
  cairo_arc (cr, width - radius, radius, radius, -G_PI_2, 0);
  cairo_arc (cr, width - radius, height - radius, radius, 0, G_PI_2);
  cairo_arc (cr, radius, height - radius, radius, G_PI_2, G_PI);
  cairo_arc (cr, radius, radius, radius, G_PI, 3 * G_PI_2);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
on_dark_changed_cb (AdwStyleManager *manager, GParamSpec *pspec, GtkWidget *swatch)
{
  gtk_widget_queue_draw (swatch);
}

GtkWidget *
cn_element_style_new_swatch (CnElement element)
{
  GtkWidget *area = gtk_drawing_area_new ();

  g_return_val_if_fail ((guint) element < CN_N_ELEMENTS, NULL);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 14);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 14);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_swatch, GINT_TO_POINTER (element),
                                  NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed_cb), area, 0);
  return area;
}

static GtkTextTag *
ensure_tag (GtkTextBuffer *buffer, CnElement element)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, tag_names[element]);
  GdkRGBA color;

  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (buffer, tag_names[element], NULL);
  cn_element_style_get_color (element, style_is_dark (), &color);
  g_object_set (tag, "background-rgba", &color, NULL);
  return tag;
}

void
cn_element_style_highlight (GtkTextBuffer *buffer, CnAnalysis *analysis, CnNote note)
{
  GtkTextIter start, end;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));
  g_return_if_fail (analysis == NULL || CN_IS_ANALYSIS (analysis));

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  for (guint e = 0; e < CN_N_ELEMENTS; e++)
    {
      GtkTextTag *tag = ensure_tag (buffer, e);
      const CnSpan *spans = NULL;
      guint n_spans = 0;

      gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
      if (analysis == NULL)
        continue;

      /* The note to the connector shows why the forward would help, and
       * what the requester said of themselves there only. */
      if (note == CN_NOTE_TO_CONNECTOR)
        spans = e == CN_ELEMENT_REASON_TO_FORWARD
                    ? cn_analysis_get_spans (analysis, e, &n_spans)
                    : cn_analysis_get_connector_spans (analysis, e, &n_spans);
      else if (e != CN_ELEMENT_REASON_TO_FORWARD)
        spans = cn_analysis_get_spans (analysis, e, &n_spans);

      for (guint i = 0; i < n_spans; i++)
        {
          GtkTextIter span_start, span_end;

          gtk_text_buffer_get_iter_at_offset (buffer, &span_start, spans[i].start);
          gtk_text_buffer_get_iter_at_offset (buffer, &span_end, spans[i].end);
          gtk_text_buffer_apply_tag (buffer, tag, &span_start, &span_end);
        }
    }
}
