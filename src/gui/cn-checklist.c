/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-checklist.h"
#include "cn-element-style.h"
#include "cn-text-row.h"
#include "cn-ui-utils.h"

/* Longest excerpt of the note shown under a ticked element. */
#define EXCERPT_CHARS 60

struct _CnChecklist
{
  GtkWidget parent_instance;

  CnTextRow *rows[CN_N_ELEMENTS];
  GtkImage *icons[CN_N_ELEMENTS];
  GtkWidget *corrected[CN_N_ELEMENTS]; /* "Corrected by you" */
  GtkMenuButton *menu_buttons[CN_N_ELEMENTS];
  /* Warning signs, raised or dismissed; NULL for the mild ones. */
  CnTextRow *flag_rows[CN_N_FLAGS];
  GtkWidget *flag_corrected[CN_N_FLAGS];
  GtkMenuButton *flag_menu_buttons[CN_N_FLAGS];
  /* What each menu offers now, and what its button holds (-1: nothing).
   * A menu button builds a popover for every model it is given: the model
   * is given when the menu opens, not for every request shown. */
  int menu_keys[CN_N_ELEMENTS];
  int menu_built[CN_N_ELEMENTS];
  int flag_menu_keys[CN_N_FLAGS];
  int flag_menu_built[CN_N_FLAGS];

  GtkWidget *flags_heading;
  GtkListBox *flag_list_box;
  GtkListBox *list_box;
};

G_DEFINE_FINAL_TYPE (CnChecklist, cn_checklist, GTK_TYPE_WIDGET)

/* A dim "Corrected by you", explained in its tooltip. */
static GtkWidget *
new_corrected_label (void)
{
  GtkWidget *label = gtk_label_new (_("Corrected by you"));
  const char *why = _("You corrected the analyzer here. “Restore the Analyzer’s Judgement” in "
                      "the menu takes it back.");

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_tooltip_text (label, why);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why,
                                  -1);
  gtk_widget_set_visible (label, FALSE);
  return label;
}

/* "Correct “Precise objective”…": a menu whose items are the window's
 * correction actions, set by set_menu(). */
static GtkMenuButton *
new_menu_button (const char *label)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  /* Translators: the menu of one element or warning sign of the checklist;
   * %s is its name, e.g. "Precise objective" */
  g_autofree char *name = g_strdup_printf (_("Correct “%s”…"), label);

  gtk_menu_button_set_icon_name (button, "document-edit-symbolic");
  gtk_widget_set_valign (GTK_WIDGET (button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), name);
  cn_menu_button_set_accessible_name (button, name);
  return button;
}

static void
add_item (GMenu *menu, const char *label, const char *action, guint item)
{
  g_autoptr (GMenuItem) menu_item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (menu_item, action, g_variant_new_uint32 (item));
  g_menu_append_item (menu, menu_item);
}

/* The items that make sense now. Mark as Present stays on a present
 * element: marking it again with words selected makes them its words. */
static void
set_element_menu (CnChecklist *self, CnElement element, int state, gboolean corrected)
{
  self->menu_keys[element] = (state >= 0 ? 1 : 0) | (corrected ? 2 : 0);
}

static void
set_flag_menu (CnChecklist *self, CnFlag flag, gboolean dismissed)
{
  self->flag_menu_keys[flag] = dismissed;
}

static void
build_element_menu (CnChecklist *self, CnElement element)
{
  int key = self->menu_keys[element];
  g_autoptr (GMenu) menu = NULL;
  g_autoptr (GMenu) restore = NULL;

  if (self->menu_built[element] == key)
    return;
  self->menu_built[element] = key;
  menu = g_menu_new ();
  restore = g_menu_new ();
  add_item (menu, _("Mark as _Present"), "win.mark-present", element);
  if ((key & 1) != 0)
    add_item (menu, _("Mark as _Missing"), "win.mark-missing", element);
  if ((key & 2) != 0)
    {
      add_item (restore, _("_Restore the Analyzer’s Judgement"), "win.restore-element", element);
      g_menu_append_section (menu, NULL, G_MENU_MODEL (restore));
    }
  gtk_menu_button_set_menu_model (self->menu_buttons[element], G_MENU_MODEL (menu));
}

static void
build_flag_menu (CnChecklist *self, CnFlag flag)
{
  gboolean dismissed = self->flag_menu_keys[flag];
  g_autoptr (GMenu) menu = NULL;

  if (self->flag_menu_built[flag] == (int) dismissed)
    return;
  self->flag_menu_built[flag] = dismissed;
  menu = g_menu_new ();
  if (dismissed)
    add_item (menu, _("_Restore the Analyzer’s Judgement"), "win.restore-flag", flag);
  else
    add_item (menu, _("_Dismiss"), "win.dismiss-flag", flag);
  gtk_menu_button_set_menu_model (self->flag_menu_buttons[flag], G_MENU_MODEL (menu));
}

/* A menu opens: its items are made for the request shown. */
static void
on_menu_popup_cb (GtkMenuButton *button, gpointer user_data)
{
  CnChecklist *self = user_data;

  for (guint e = 0; e < CN_N_ELEMENTS; e++)
    if (self->menu_buttons[e] == button)
      build_element_menu (self, e);
  for (guint f = 0; f < CN_N_FLAGS; f++)
    if (self->flag_menu_buttons[f] == button)
      build_flag_menu (self, f);
}

static void
cn_checklist_build_rows (CnChecklist *self)
{
  for (guint e = 0; e < CN_N_ELEMENTS; e++)
    {
      /* Its subtitle changes with every request shown: a row laid out by
       * width only. Notes come from outside: it shows them literally. */
      CnTextRow *row = cn_text_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cn_element_get_label (e));
      cn_text_row_add_prefix (row, cn_element_style_new_swatch (e));
      self->corrected[e] = new_corrected_label ();
      cn_text_row_add_suffix (row, self->corrected[e]);
      self->icons[e] = GTK_IMAGE (gtk_image_new ());
      cn_text_row_add_suffix (row, GTK_WIDGET (self->icons[e]));
      self->menu_buttons[e] = new_menu_button (cn_element_get_label (e));
      gtk_menu_button_set_create_popup_func (self->menu_buttons[e], on_menu_popup_cb, self, NULL);
      cn_text_row_add_suffix (row, GTK_WIDGET (self->menu_buttons[e]));
      gtk_list_box_append (self->list_box, GTK_WIDGET (row));
      self->rows[e] = row;
    }

  for (guint f = 0; f < CN_N_FLAGS; f++)
    {
      CnTextRow *row;
      GtkWidget *icon;

      if (((1u << f) & CN_FLAG_MASK_MILD) != 0)
        continue;
      row = cn_text_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cn_flag_get_label (f));
      icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Warning sign"), -1);
      cn_text_row_add_prefix (row, icon);
      self->flag_corrected[f] = new_corrected_label ();
      cn_text_row_add_suffix (row, self->flag_corrected[f]);
      self->flag_menu_buttons[f] = new_menu_button (cn_flag_get_label (f));
      gtk_menu_button_set_create_popup_func (self->flag_menu_buttons[f], on_menu_popup_cb, self,
                                             NULL);
      cn_text_row_add_suffix (row, GTK_WIDGET (self->flag_menu_buttons[f]));
      gtk_list_box_append (self->flag_list_box, GTK_WIDGET (row));
      self->flag_rows[f] = row;
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
set_row_state (
    CnChecklist *self, CnElement element, int state, const char *subtitle, gboolean corrected)
{
  CnTextRow *row = self->rows[element];
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
  cn_text_row_set_subtitle (row, subtitle);
  gtk_widget_set_visible (self->corrected[element], corrected);
  set_element_menu (self, element, state, corrected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icons[element]),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, state_words, -1);
  if (corrected)
    {
      /* Translators: the state of an element of the checklist ("Present",
       * "Missing") when the connector corrected it */
      g_autofree char *words = g_strdup_printf (_("%s, corrected by you"), state_words);

      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      words, -1);
    }
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    state_words, -1);
}

/* A raised flag, or one the connector dismissed (to restore it). */
static void
set_flags (CnChecklist *self, CnAnalysis *analysis)
{
  gboolean any = FALSE;

  for (guint f = 0; f < CN_N_FLAGS; f++)
    {
      gboolean raised, dismissed;

      if (self->flag_rows[f] == NULL)
        continue;
      raised = analysis != NULL && cn_analysis_has_flag (analysis, f);
      dismissed = analysis != NULL && cn_analysis_is_flag_dismissed (analysis, f);
      gtk_widget_set_visible (GTK_WIDGET (self->flag_rows[f]), raised || dismissed);
      gtk_widget_set_visible (self->flag_corrected[f], dismissed);
      cn_text_row_set_subtitle (self->flag_rows[f], dismissed ? _("Dismissed") : NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->flag_rows[f]),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      dismissed ? _("Dismissed by you") : _("Raised"), -1);
      set_flag_menu (self, f, dismissed);
      any = any || raised || dismissed;
    }
  gtk_widget_set_visible (self->flags_heading, any);
  gtk_widget_set_visible (GTK_WIDGET (self->flag_list_box), any);
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
  gtk_widget_class_bind_template_child (widget_class, CnChecklist, flag_list_box);
  gtk_widget_class_bind_template_child (widget_class, CnChecklist, flags_heading);
  gtk_widget_class_bind_template_child (widget_class, CnChecklist, list_box);
}

static void
cn_checklist_init (CnChecklist *self)
{
  for (guint e = 0; e < CN_N_ELEMENTS; e++)
    self->menu_keys[e] = self->menu_built[e] = -1;
  for (guint f = 0; f < CN_N_FLAGS; f++)
    self->flag_menu_keys[f] = self->flag_menu_built[f] = -1;
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
      gboolean corrected = analysis != NULL && cn_analysis_is_element_corrected (analysis, e);

      gtk_widget_set_sensitive (GTK_WIDGET (self->menu_buttons[e]), analysis != NULL);
      if (analysis == NULL)
        set_row_state (self, e, 0, NULL, FALSE);
      else if (e == CN_ELEMENT_REASON_TO_FORWARD && !cn_analysis_has_connector_note (analysis))
        {
          set_row_state (self, e, 0, _("There is no note to you."), FALSE);
          gtk_widget_set_sensitive (GTK_WIDGET (self->menu_buttons[e]), FALSE);
        }
      else if (cn_analysis_has_element (analysis, e))
        {
          g_autofree char *words = describe_spans (analysis, e, note_to_target, note_to_connector);

          set_row_state (self, e, 1, words, corrected);
        }
      else
        set_row_state (self, e, -1, cn_element_get_hint (e), corrected);
    }
  set_flags (self, analysis);
}
