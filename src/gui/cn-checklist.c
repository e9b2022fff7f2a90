/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-checklist.h"
#include "cn-element-style.h"
#include "cn-ui-utils.h"

/* Longest excerpt of the note shown under a ticked element. */
#define EXCERPT_CHARS 60

struct _CnChecklist
{
  GtkWidget parent_instance;

  AdwActionRow *rows[CN_N_ELEMENTS];
  GtkImage *icons[CN_N_ELEMENTS];

  GtkListBox *list_box;
};

G_DEFINE_FINAL_TYPE (CnChecklist, cn_checklist, GTK_TYPE_WIDGET)

static void
cn_checklist_build_rows (CnChecklist *self)
{
  for (guint e = 0; e < CN_N_ELEMENTS; e++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

      /* Notes come from outside: never markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cn_element_get_label (e));
      adw_action_row_add_prefix (row, cn_element_style_new_swatch (e));
      self->icons[e] = GTK_IMAGE (gtk_image_new ());
      adw_action_row_add_suffix (row, GTK_WIDGET (self->icons[e]));
      gtk_list_box_append (self->list_box, GTK_WIDGET (row));
      self->rows[e] = row;
    }
}

/* "“20 minutes”, “three questions”": the words of the note that show it. */
static void
append_excerpts (GString *out, const CnSpan *spans, guint n_spans, const char *note)
{
  for (guint i = 0; note != NULL && i < n_spans && out->len < EXCERPT_CHARS * 4; i++)
    {
      g_autofree char *excerpt = cn_utf8_substring_ellipsized (note, spans[i].start, spans[i].end,
                                                               EXCERPT_CHARS);

      if (out->len > 0)
        g_string_append (out, ", ");
      /* Translators: a quotation from the request in the checklist */
      g_string_append_printf (out, _("“%s”"), excerpt);
    }
}

static char *
describe_spans (CnAnalysis *analysis,
                CnElement element,
                const char *note_to_target,
                const char *note_to_connector)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const CnSpan *spans;
  guint n_spans = 0;

  if (element == CN_ELEMENT_REASON_TO_FORWARD)
    {
      spans = cn_analysis_get_spans (analysis, element, &n_spans);
      append_excerpts (out, spans, n_spans, note_to_connector);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  spans = cn_analysis_get_spans (analysis, element, &n_spans);
  append_excerpts (out, spans, n_spans, note_to_target);
  /* Said only in the note to you: say where. */
  spans = cn_analysis_get_connector_spans (analysis, element, &n_spans);
  if (out->len == 0 && n_spans > 0 && note_to_connector != NULL)
    {
      g_autoptr (GString) quoted = g_string_new (NULL);

      append_excerpts (quoted, spans, n_spans, note_to_connector);
      /* Translators: %s is a quotation from the note the requester wrote to
       * the connector (the user) */
      g_string_printf (out, _("In the note to you: %s"), quoted->str);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
set_row_state (CnChecklist *self, CnElement element, int state, const char *subtitle)
{
  AdwActionRow *row = self->rows[element];
  GtkWidget *widget = GTK_WIDGET (row);
  const char *state_words;
  static const char *const icon_classes[] = { "success", "warning", NULL };
  static const char *const row_classes[] = { "cn-missing", NULL };

  if (state > 0)
    {
      gtk_image_set_from_icon_name (self->icons[element], "object-select-symbolic");
      cn_widget_set_class_of (GTK_WIDGET (self->icons[element]), icon_classes, "success");
      cn_widget_set_class_of (widget, row_classes, NULL);
      state_words = _("Present");
    }
  else if (state < 0)
    {
      gtk_image_set_from_icon_name (self->icons[element], "dialog-warning-symbolic");
      cn_widget_set_class_of (GTK_WIDGET (self->icons[element]), icon_classes, "warning");
      cn_widget_set_class_of (widget, row_classes, "cn-missing");
      state_words = _("Missing");
    }
  else
    {
      gtk_image_set_from_icon_name (self->icons[element], "content-loading-symbolic");
      cn_widget_set_class_of (GTK_WIDGET (self->icons[element]), icon_classes, NULL);
      cn_widget_set_class_of (widget, row_classes, NULL);
      state_words = _("Unknown");
    }
  adw_action_row_set_subtitle (row, subtitle ? subtitle : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icons[element]),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, state_words, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  state_words, -1);
}

static void
cn_checklist_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CN_TYPE_CHECKLIST);
  cn_widget_unparent_children (GTK_WIDGET (object));

  G_OBJECT_CLASS (cn_checklist_parent_class)->dispose (object);
}

static void
cn_checklist_class_init (CnChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_checklist_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cn-checklist.ui");
  gtk_widget_class_bind_template_child (widget_class, CnChecklist, list_box);
}

static void
cn_checklist_init (CnChecklist *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cn_checklist_build_rows (self);
  cn_checklist_set_analysis (self, NULL, NULL, NULL);
}

CnChecklist *
cn_checklist_new (void)
{
  return g_object_new (CN_TYPE_CHECKLIST, NULL);
}

void
cn_checklist_set_analysis (CnChecklist *self,
                           CnAnalysis *analysis,
                           const char *note_to_target,
                           const char *note_to_connector)
{
  g_return_if_fail (CN_IS_CHECKLIST (self));
  g_return_if_fail (analysis == NULL || CN_IS_ANALYSIS (analysis));

  for (guint e = 0; e < CN_N_ELEMENTS; e++)
    {
      if (analysis == NULL)
        set_row_state (self, e, 0, NULL);
      else if (e == CN_ELEMENT_REASON_TO_FORWARD && !cn_analysis_has_connector_note (analysis))
        set_row_state (self, e, 0, _("There is no note to you."));
      else if (cn_analysis_has_element (analysis, e))
        {
          g_autofree char *words = describe_spans (analysis, e, note_to_target, note_to_connector);

          set_row_state (self, e, 1, words);
        }
      else
        set_row_state (self, e, -1, cn_element_get_hint (e));
    }
}
