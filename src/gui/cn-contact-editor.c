/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-availability.h"
#include "cn-contact-editor.h"
#include "cn-ui-utils.h"

/* Typing pauses this long before the contact is saved. */
#define SAVE_DELAY_MS 500
#define N_KINDS 7

struct _CnContactEditor
{
  GtkWidget parent_instance;

  CnStore *store;
  CnContact *contact; /* as last saved */
  GPtrArray *tags;    /* char *, as shown */
  GArray *intro_ids;  /* gint64 request ids, in the order of intro_list's rows */
  guint save_id;
  guint intro_reload_id;
  guint loading;      /* > 0 while widgets are filled from the contact */
  int calendar_month; /* year * 12 + month shown by away_calendar */
  gboolean dirty;

  GtkCheckButton *kind_checks[N_KINDS];

  AdwComboRow *availability_row;
  GtkCalendar *away_calendar;
  GtkMenuButton *away_calendar_button;
  GtkButton *away_clear_button;
  GtkPopover *away_popover;
  AdwEntryRow *away_row;
  GtkSpinButton *cap_spin;
  AdwEntryRow *company_row;
  GtkButton *delete_button;
  AdwEntryRow *email_row;
  AdwPreferencesGroup *intro_group;
  GtkListBox *intro_list;
  AdwPreferencesGroup *kinds_group;
  AdwEntryRow *name_row;
  GtkTextView *notes_view;
  AdwEntryRow *position_row;
  AdwEntryRow *profile_row;
  GtkScrolledWindow *scrolled_window;
  AdwEntryRow *tag_row;
  GtkFlowBox *tags_box;
  AdwComboRow *tie_row;
  AdwComboRow *address_row; /* CnRegister: vous, tu */
};

G_DEFINE_FINAL_TYPE (CnContactEditor, cn_contact_editor, GTK_TYPE_WIDGET)

enum {
  REQUEST_ACTIVATED,
  DELETE_REQUESTED,
  CONTACT_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild_tags (CnContactEditor *self);

static void
show_toast (CnContactEditor *self, const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = NULL;

  if (overlay == NULL)
    {
      g_debug ("%s", message);
      return;
    }
  /* Toast titles are markup; the store's message may quote user text. */
  escaped = g_markup_escape_text (message, -1);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

/* The trimmed text of an editable, or NULL when it is blank. */
static char *
dup_trimmed (GtkEditable *editable)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* A date written YYYY-MM-DD that exists. */
/* The away date as typed, in the interface's order or ISO 8601. */
static gboolean
date_is_valid (const char *text)
{
  GDate date;

  return cn_parse_typed_date (text, &date);
}

/* The typed date as stored (ISO 8601), or NULL. */
static char *
dup_iso_date (const char *text)
{
  GDate date;
  char iso[11];

  if (text == NULL || !cn_parse_typed_date (text, &date))
    return NULL;
  g_date_strftime (iso, sizeof iso, "%Y-%m-%d", &date);
  return g_strdup (iso);
}

static void
set_row_error (AdwEntryRow *row, gboolean error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
set_away_title (CnContactEditor *self)
{
  /* Translators: %s is how a date is typed, "DD/MM/YYYY" */
  g_autofree char *title = g_strdup_printf (_("Away Until (%s)"), cn_typed_date_pattern ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->away_row), title);
}

/* Marks the fields that cannot be saved as they are. */
static void
update_validation (CnContactEditor *self)
{
  g_autofree char *name = dup_trimmed (GTK_EDITABLE (self->name_row));
  g_autofree char *email = dup_trimmed (GTK_EDITABLE (self->email_row));
  g_autofree char *away = dup_trimmed (GTK_EDITABLE (self->away_row));

  set_row_error (self->name_row, name == NULL);
  set_row_error (self->email_row, email != NULL && !cn_contact_email_is_valid (email));
  /* Say what is wrong, not only in red. */
  if (away != NULL && !date_is_valid (away))
    {
      g_autofree char *title =
          /* Translators: %s is how a date is typed, "DD/MM/YYYY" */
          g_strdup_printf (_("Not a Date: Type It as %s"), cn_typed_date_pattern ());

      set_row_error (self->away_row, TRUE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->away_row), title);
    }
  else
    {
      set_row_error (self->away_row, FALSE);
      set_away_title (self);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->away_clear_button), away != NULL);
}

static char *
dup_notes (CnContactEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;
  char *notes;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  notes = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (*notes == '\0')
    g_clear_pointer (&notes, g_free);
  return notes;
}

/* The saved contact with every valid value of the widgets; invalid ones keep
 * their saved value. */
static CnContact *
collect (CnContactEditor *self)
{
  CnContact *contact = cn_contact_copy (self->contact);
  g_autofree char *name = dup_trimmed (GTK_EDITABLE (self->name_row));
  g_autofree char *email = dup_trimmed (GTK_EDITABLE (self->email_row));
  g_autofree char *profile = dup_trimmed (GTK_EDITABLE (self->profile_row));
  g_autofree char *company = dup_trimmed (GTK_EDITABLE (self->company_row));
  g_autofree char *position = dup_trimmed (GTK_EDITABLE (self->position_row));
  g_autofree char *away = dup_trimmed (GTK_EDITABLE (self->away_row));
  g_autofree char *notes = dup_notes (self);
  CnRequestKind kinds = CN_REQUEST_KIND_NONE;

  if (name != NULL)
    cn_contact_set_name (contact, name);
  if (email == NULL || cn_contact_email_is_valid (email))
    cn_contact_set_email (contact, email);
  cn_contact_set_profile_url (contact, profile);
  cn_contact_set_company (contact, company);
  cn_contact_set_position (contact, position);
  g_ptr_array_add (self->tags, NULL);
  cn_contact_set_expertise (contact, (const char *const *) self->tags->pdata);
  g_ptr_array_set_size (self->tags, self->tags->len - 1);
  for (guint i = 0; i < N_KINDS; i++)
    {
      if (gtk_check_button_get_active (self->kind_checks[i]))
        kinds |= 1 << i;
    }
  cn_contact_set_accepted_kinds (contact, kinds);
  cn_contact_set_availability (contact, adw_combo_row_get_selected (self->availability_row));
  if (away == NULL || date_is_valid (away))
    {
      g_autofree char *iso = dup_iso_date (away);

      cn_contact_set_away_until (contact, iso);
    }
  cn_contact_set_monthly_cap (contact, (guint) gtk_spin_button_get_value_as_int (self->cap_spin));
  cn_contact_set_tie_strength (contact, adw_combo_row_get_selected (self->tie_row));
  cn_contact_set_address_form (contact, adw_combo_row_get_selected (self->address_row));
  cn_contact_set_notes (contact, notes);
  return contact;
}

static gboolean
on_save_timeout_cb (gpointer data)
{
  CnContactEditor *self = data;

  self->save_id = 0;
  cn_contact_editor_save (self);
  return G_SOURCE_REMOVE;
}

static void
changed (CnContactEditor *self)
{
  if (self->loading > 0 || self->contact == NULL)
    return;

  update_validation (self);
  self->dirty = TRUE;
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, on_save_timeout_cb, self);
}

static void
on_field_changed_cb (CnContactEditor *self)
{
  changed (self);
}

static void
on_away_clear_clicked_cb (CnContactEditor *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->away_row), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->away_row));
}

/* The calendar opens on the typed date, else on today. */
static void
on_away_popover_show_cb (CnContactEditor *self)
{
  g_autofree char *away = dup_trimmed (GTK_EDITABLE (self->away_row));
  g_autofree char *iso = NULL;
  g_autoptr (GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr (GDateTime) date = NULL;

  if (away != NULL && date_is_valid (away))
    {
      g_autofree char *day = dup_iso_date (away);

      iso = g_strconcat (day, "T12:00:00", NULL);
      date = g_date_time_new_from_iso8601 (iso, zone);
    }
  if (date == NULL)
    date = g_date_time_new_now_local ();
  self->loading++;
  gtk_calendar_select_day (self->away_calendar, date);
  self->calendar_month = g_date_time_get_year (date) * 12 + g_date_time_get_month (date);
  self->loading--;
}

static void
on_away_day_selected_cb (CnContactEditor *self)
{
  g_autoptr (GDateTime) date = NULL;
  g_autofree char *text = NULL;
  int month;

  if (self->loading > 0)
    return;
  date = gtk_calendar_get_date (self->away_calendar);
  month = g_date_time_get_year (date) * 12 + g_date_time_get_month (date);
  {
    GDate day;

    g_date_clear (&day, 1);
    g_date_set_dmy (&day, (GDateDay) g_date_time_get_day_of_month (date),
                    (GDateMonth) g_date_time_get_month (date),
                    (GDateYear) g_date_time_get_year (date));
    text = cn_format_typed_date (&day);
  }
  gtk_editable_set_text (GTK_EDITABLE (self->away_row), text);
  /* A day picked in the month shown closes the calendar; going to another
   * month (which moves the selection too) keeps it open. */
  if (month == self->calendar_month)
    gtk_popover_popdown (self->away_popover);
  self->calendar_month = month;
}

static gboolean
has_tag (CnContactEditor *self, const char *tag)
{
  g_autofree char *folded = cn_contact_fold_for_search (tag);

  for (guint i = 0; i < self->tags->len; i++)
    {
      g_autofree char *other = cn_contact_fold_for_search (g_ptr_array_index (self->tags, i));

      if (g_strcmp0 (folded, other) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Adds the comma-separated tags typed in the entry. */
static void
on_tag_apply_cb (CnContactEditor *self)
{
  g_auto (GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->tag_row)), ",", -1);
  gboolean added = FALSE;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *tag = g_strstrip (parts[i]);

      if (*tag == '\0' || has_tag (self, tag))
        continue;
      g_ptr_array_add (self->tags, g_strdup (tag));
      added = TRUE;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->tag_row), "");
  if (added)
    {
      rebuild_tags (self);
      changed (self);
    }
}

static void
on_tag_remove_clicked_cb (GtkButton *button, CnContactEditor *self)
{
  const char *tag = g_object_get_data (G_OBJECT (button), "cn-tag");

  for (guint i = 0; i < self->tags->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->tags, i), tag) == 0)
        {
          g_ptr_array_remove_index (self->tags, i);
          break;
        }
    }
  /* The button goes away with its chip: keep the keyboard in the group. */
  gtk_widget_grab_focus (GTK_WIDGET (self->tag_row));
  rebuild_tags (self);
  changed (self);
}

static GtkWidget *
new_tag_chip (CnContactEditor *self, const char *tag)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *accessible = g_strdup_printf (_("Remove the expertise “%s”"), tag);

  cn_label_set_literal (GTK_LABEL (label), tag);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_widget_add_css_class (chip, "cn-contact-tag");
  /* The flow box spreads a line's spare width: chips keep their own. */
  gtk_widget_set_halign (chip, GTK_ALIGN_START);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data_full (G_OBJECT (remove), "cn-tag", g_strdup (tag), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_tag_remove_clicked_cb), self);
  gtk_box_append (GTK_BOX (chip), label);
  gtk_box_append (GTK_BOX (chip), remove);
  return chip;
}

static void
rebuild_tags (CnContactEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_box))) != NULL)
    gtk_flow_box_remove (self->tags_box, child);
  for (guint i = 0; i < self->tags->len; i++)
    {
      GtkWidget *chip = new_tag_chip (self, g_ptr_array_index (self->tags, i));

      g_autofree char *name = g_utf8_make_valid (g_ptr_array_index (self->tags, i), -1);

      gtk_flow_box_append (self->tags_box, chip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (chip)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      /* Only the remove buttons take the focus, not the chips' wrappers. */
      gtk_widget_set_focusable (gtk_widget_get_parent (chip), FALSE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->tags_box), self->tags->len > 0);
}

static void
on_outcome_selected_cb (GtkDropDown *drop_down, GParamSpec *pspec, CnContactEditor *self)
{
  const gint64 *request_id = g_object_get_data (G_OBJECT (drop_down), "cn-request-id");
  g_autoptr (GError) error = NULL;
  CnOutcome outcome = gtk_drop_down_get_selected (drop_down);

  if (self->loading > 0 || self->store == NULL || outcome > CN_OUTCOME_LAST)
    return;
  if (!cn_store_set_request_outcome (self->store, *request_id, outcome, &error))
    {
      show_toast (self, error->message);
      cn_contact_editor_reload_introductions (self);
    }
}

static GtkWidget *
new_introduction_row (CnContactEditor *self, const CnIntroduction *introduction)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autoptr (GtkStringList) outcomes = gtk_string_list_new (NULL);
  g_autofree char *name =
      g_utf8_make_valid (introduction->requester_name ? introduction->requester_name : "", -1);
  g_autofree char *date = cn_format_date (introduction->forwarded_at);
  g_autofree char *accessible = g_strdup_printf (_("Outcome of the introduction of %s"), name);
  GtkWidget *drop_down;

  for (CnOutcome outcome = CN_OUTCOME_NONE; outcome <= CN_OUTCOME_LAST; outcome++)
    gtk_string_list_append (outcomes, cn_outcome_get_label (outcome));
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&outcomes)), NULL);
  gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), introduction->outcome);
  cn_drop_down_set_accessible_name (GTK_DROP_DOWN (drop_down), accessible);
  g_object_set_data_full (G_OBJECT (drop_down), "cn-request-id",
                          g_memdup2 (&introduction->request_id, sizeof (gint64)), g_free);
  g_signal_connect (drop_down, "notify::selected", G_CALLBACK (on_outcome_selected_cb), self);

  /* Names come from outside: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (row, date);
  adw_action_row_add_suffix (row, drop_down);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), _("Open the Request"));
  g_object_set_data (G_OBJECT (row), "cn-outcome", drop_down);
  return GTK_WIDGET (row);
}

static gboolean
same_introductions (CnContactEditor *self, GPtrArray *introductions)
{
  if (introductions->len != self->intro_ids->len)
    return FALSE;
  for (guint i = 0; i < introductions->len; i++)
    {
      CnIntroduction *introduction = g_ptr_array_index (introductions, i);

      if (introduction->request_id != g_array_index (self->intro_ids, gint64, i))
        return FALSE;
    }
  return TRUE;
}

/* Updates the rows in place when the same requests are listed, so that a
 * drop-down the user is in is not destroyed under them. */
static void
show_introductions (CnContactEditor *self, GPtrArray *introductions)
{
  GtkWidget *child;

  self->loading++;
  if (same_introductions (self, introductions))
    {
      for (guint i = 0; i < introductions->len; i++)
        {
          CnIntroduction *introduction = g_ptr_array_index (introductions, i);
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->intro_list, (int) i);
          GtkDropDown *drop_down = g_object_get_data (G_OBJECT (row), "cn-outcome");
          g_autofree char *date = cn_format_date (introduction->forwarded_at);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), date);
          if (gtk_drop_down_get_selected (drop_down) != (guint) introduction->outcome)
            gtk_drop_down_set_selected (drop_down, introduction->outcome);
        }
      self->loading--;
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->intro_list))) != NULL)
    gtk_list_box_remove (self->intro_list, child);
  g_array_set_size (self->intro_ids, 0);
  for (guint i = 0; i < introductions->len; i++)
    {
      CnIntroduction *introduction = g_ptr_array_index (introductions, i);

      gtk_list_box_append (self->intro_list, new_introduction_row (self, introduction));
      g_array_append_val (self->intro_ids, introduction->request_id);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->intro_list), introductions->len > 0);
  self->loading--;
}

static void
on_intro_activated_cb (CnContactEditor *self, GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index >= 0 && (guint) index < self->intro_ids->len)
    g_signal_emit (self, signals[REQUEST_ACTIVATED], 0,
                   g_array_index (self->intro_ids, gint64, index));
}

static void
on_delete_clicked_cb (CnContactEditor *self)
{
  if (self->contact != NULL)
    g_signal_emit (self, signals[DELETE_REQUESTED], 0, cn_contact_get_id (self->contact));
}

static gboolean
on_intro_reload_idle_cb (gpointer data)
{
  CnContactEditor *self = data;

  self->intro_reload_id = 0;
  cn_contact_editor_reload_introductions (self);
  return G_SOURCE_REMOVE;
}

/* Many requests may change at once: re-read once, after them. */
static void
on_store_requests_changed_cb (CnContactEditor *self)
{
  if (self->contact != NULL && self->intro_reload_id == 0)
    self->intro_reload_id = g_idle_add (on_intro_reload_idle_cb, self);
}

static void
fill (CnContactEditor *self)
{
  CnContact *contact = self->contact;
  const char *const *tags = cn_contact_get_expertise (contact);
  CnRequestKind kinds = cn_contact_get_accepted_kinds (contact);
  const char *notes = cn_contact_get_notes (contact);

  self->loading++;
  /* Editables take text literally; only invalid UTF-8 needs care. */
#define SET_TEXT(row, value)                                                                       \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autofree char *valid = g_utf8_make_valid ((value) ? (value) : "", -1);                       \
    gtk_editable_set_text (GTK_EDITABLE (row), valid);                                             \
  }                                                                                                \
  G_STMT_END
  SET_TEXT (self->name_row, cn_contact_get_name (contact));
  SET_TEXT (self->email_row, cn_contact_get_email (contact));
  SET_TEXT (self->profile_row, cn_contact_get_profile_url (contact));
  SET_TEXT (self->company_row, cn_contact_get_company (contact));
  SET_TEXT (self->position_row, cn_contact_get_position (contact));
#undef SET_TEXT
  {
    /* Stored as ISO 8601, shown as the user types dates. */
    const char *away = cn_contact_get_away_until (contact);
    GDate day;
    g_autofree char *shown = away != NULL && cn_parse_typed_date (away, &day)
                                 ? cn_format_typed_date (&day)
                                 : g_utf8_make_valid (away != NULL ? away : "", -1);

    gtk_editable_set_text (GTK_EDITABLE (self->away_row), shown);
  }
  gtk_editable_set_text (GTK_EDITABLE (self->tag_row), "");
  g_ptr_array_set_size (self->tags, 0);
  for (guint i = 0; tags[i] != NULL; i++)
    g_ptr_array_add (self->tags, g_strdup (tags[i]));
  rebuild_tags (self);
  for (guint i = 0; i < N_KINDS; i++)
    gtk_check_button_set_active (self->kind_checks[i], (kinds & (1 << i)) != 0);
  adw_combo_row_set_selected (self->availability_row, cn_contact_get_availability (contact));
  gtk_spin_button_set_value (self->cap_spin, cn_contact_get_monthly_cap (contact));
  adw_combo_row_set_selected (self->tie_row, cn_contact_get_tie_strength (contact));
  adw_combo_row_set_selected (self->address_row, cn_contact_get_address_form (contact));
  cn_text_view_set_literal (self->notes_view, notes);
  update_validation (self);
  self->loading--;
}

static void
add_kind_rows (CnContactEditor *self)
{
  for (guint i = 0; i < N_KINDS; i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
      GtkWidget *check = gtk_check_button_new ();
      const char *label = cn_request_kind_get_label (1 << i);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (row, check);
      adw_action_row_set_activatable_widget (row, check);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_field_changed_cb), self);
      adw_preferences_group_add (self->kinds_group, GTK_WIDGET (row));
      self->kind_checks[i] = GTK_CHECK_BUTTON (check);
    }
}

static void
fill_choices (CnContactEditor *self)
{
  g_autoptr (GtkStringList) availability = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) ties = gtk_string_list_new (NULL);
  /* In CnRegister's order. */
  const char *address_forms[] = { _("Formal (vous)"), _("Informal (tu)"), NULL };
  g_autoptr (GtkStringList) addresses = gtk_string_list_new (address_forms);

  for (CnAvailability a = CN_AVAILABILITY_OPEN; a <= CN_AVAILABILITY_CLOSED; a++)
    gtk_string_list_append (availability, cn_availability_get_label (a));
  for (CnTieStrength t = CN_TIE_UNKNOWN; t <= CN_TIE_STRONG; t++)
    gtk_string_list_append (ties, cn_tie_strength_get_label (t));
  self->loading++;
  adw_combo_row_set_model (self->availability_row, G_LIST_MODEL (availability));
  adw_combo_row_set_model (self->tie_row, G_LIST_MODEL (ties));
  adw_combo_row_set_model (self->address_row, G_LIST_MODEL (addresses));
  cn_combo_row_name_choices (self->availability_row);
  cn_combo_row_name_choices (self->tie_row);
  cn_combo_row_name_choices (self->address_row);
  self->loading--;
}

static void
cn_contact_editor_dispose (GObject *object)
{
  CnContactEditor *self = CN_CONTACT_EDITOR (object);

  /* Closing must not lose the last keystrokes. */
  if (self->dirty)
    cn_contact_editor_save (self);
  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_handle_id (&self->intro_reload_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_CONTACT_EDITOR);
  g_clear_object (&self->store);
  g_clear_object (&self->contact);

  G_OBJECT_CLASS (cn_contact_editor_parent_class)->dispose (object);
}

static void
cn_contact_editor_finalize (GObject *object)
{
  CnContactEditor *self = CN_CONTACT_EDITOR (object);

  g_ptr_array_unref (self->tags);
  g_array_unref (self->intro_ids);

  G_OBJECT_CLASS (cn_contact_editor_parent_class)->finalize (object);
}

static void
cn_contact_editor_class_init (CnContactEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_contact_editor_dispose;
  object_class->finalize = cn_contact_editor_finalize;

  signals[REQUEST_ACTIVATED] = g_signal_new ("request-activated", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                             G_TYPE_INT64);
  signals[DELETE_REQUESTED] = g_signal_new ("delete-requested", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                            G_TYPE_INT64);

  signals[CONTACT_SAVED] = g_signal_new ("contact-saved", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         CN_TYPE_CONTACT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cn-contact-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, availability_row);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, away_calendar);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, away_calendar_button);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, away_clear_button);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, away_popover);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, away_row);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, cap_spin);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, company_row);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, delete_button);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, email_row);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, intro_group);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, intro_list);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, kinds_group);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, notes_view);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, position_row);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, profile_row);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, tag_row);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, tags_box);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, tie_row);
  gtk_widget_class_bind_template_child (widget_class, CnContactEditor, address_row);
  gtk_widget_class_bind_template_callback (widget_class, on_away_clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_away_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_away_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_intro_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_tag_apply_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cn_contact_editor_init (CnContactEditor *self)
{
  self->tags = g_ptr_array_new_with_free_func (g_free);
  self->intro_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_widget_init_template (GTK_WIDGET (self));
  cn_entry_rows_name_fields (GTK_WIDGET (self));
  cn_menu_button_set_accessible_name (self->away_calendar_button, _("Choose a Date"));
  set_away_title (self);
  add_kind_rows (self);
  fill_choices (self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->notes_view), "changed",
                            G_CALLBACK (on_field_changed_cb), self);
}

CnContactEditor *
cn_contact_editor_new (void)
{
  return g_object_new (CN_TYPE_CONTACT_EDITOR, NULL);
}

void
cn_contact_editor_set_store (CnContactEditor *self, CnStore *store)
{
  g_return_if_fail (CN_IS_CONTACT_EDITOR (self));
  g_return_if_fail (store == NULL || CN_IS_STORE (store));

  if (self->store == store)
    return;
  cn_contact_editor_set_contact (self, NULL);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store == NULL)
    return;
  g_signal_connect_swapped (store, "request-changed", G_CALLBACK (on_store_requests_changed_cb),
                            self);
  g_signal_connect_swapped (store, "request-removed", G_CALLBACK (on_store_requests_changed_cb),
                            self);
  g_signal_connect_swapped (store, "reloaded", G_CALLBACK (on_store_requests_changed_cb), self);
}

void
cn_contact_editor_set_contact (CnContactEditor *self, CnContact *contact)
{
  g_return_if_fail (CN_IS_CONTACT_EDITOR (self));
  g_return_if_fail (contact == NULL || CN_IS_CONTACT (contact));

  if (contact != NULL && self->contact != NULL &&
      cn_contact_get_id (contact) == cn_contact_get_id (self->contact))
    {
      /* The same contact re-read: keep what is being typed, and the cursor
       * when nothing changed. */
      if (self->dirty || cn_contact_equal (contact, self->contact))
        return;
      g_clear_object (&self->contact);
      self->contact = cn_contact_copy (contact);
      fill (self);
      return;
    }

  cn_contact_editor_save (self);
  self->dirty = FALSE;
  g_clear_object (&self->contact);
  if (contact != NULL)
    {
      self->contact = cn_contact_copy (contact);
      fill (self);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
    }
  cn_contact_editor_reload_introductions (self);
}

CnContact *
cn_contact_editor_get_contact (CnContactEditor *self)
{
  g_return_val_if_fail (CN_IS_CONTACT_EDITOR (self), NULL);

  return self->contact;
}

gboolean
cn_contact_editor_save (CnContactEditor *self)
{
  g_autoptr (CnContact) candidate = NULL;
  g_autoptr (CnContact) previous = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (CN_IS_CONTACT_EDITOR (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (!self->dirty || self->contact == NULL || self->store == NULL)
    return TRUE;

  self->dirty = FALSE;
  candidate = collect (self);
  if (cn_contact_equal (candidate, self->contact))
    return TRUE;
  /* Kept before the store's signals run: the view may re-show this contact. */
  previous = g_steal_pointer (&self->contact);
  self->contact = g_object_ref (candidate);
  if (!cn_store_update_contact (self->store, candidate, &error))
    {
      g_set_object (&self->contact, previous);
      show_toast (self, error->message);
      return FALSE;
    }
  g_signal_emit (self, signals[CONTACT_SAVED], 0, candidate);
  return TRUE;
}

void
cn_contact_editor_reload_introductions (CnContactEditor *self)
{
  g_autoptr (GPtrArray) introductions = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *summary = NULL;
  gint64 id, since;
  guint forwards;

  g_return_if_fail (CN_IS_CONTACT_EDITOR (self));

  g_clear_handle_id (&self->intro_reload_id, g_source_remove);
  if (self->contact == NULL || self->store == NULL)
    {
      introductions = g_ptr_array_new ();
      show_introductions (self, introductions);
      return;
    }

  id = cn_contact_get_id (self->contact);
  introductions = cn_store_list_introductions (self->store, id, &error);
  if (introductions == NULL)
    {
      introductions = g_ptr_array_new ();
      summary = g_strdup (error->message);
    }
  else if (introductions->len == 0)
    summary = g_strdup (_("No introductions to this contact yet."));
  else
    {
      since = g_get_real_time () / G_USEC_PER_SEC -
              (gint64) CN_AVAILABILITY_WINDOW_DAYS * 24 * 60 * 60;
      forwards = cn_store_count_forwards_to_contact (self->store, id, since);
      summary = cn_availability_describe_forwards (forwards,
                                                   cn_contact_get_monthly_cap (self->contact));
    }
  adw_preferences_group_set_description (self->intro_group, summary);
  show_introductions (self, introductions);
}

void
cn_contact_editor_focus_name (CnContactEditor *self, gboolean select_all)
{
  g_return_if_fail (CN_IS_CONTACT_EDITOR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  if (select_all)
    gtk_editable_select_region (GTK_EDITABLE (self->name_row), 0, -1);
}

char **
_cn_contact_editor_dup_tags (CnContactEditor *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **tags;

  for (guint i = 0; i < self->tags->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->tags, i));
  tags = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return tags;
}
