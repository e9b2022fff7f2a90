/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The window as it narrows: the review column folds behind the request, then
 * the list behind both (two AdwLeaflets); on the Contacts page, the contact
 * behind the list. One Back button in the header bar
 * undoes the last step in; "Check and Answer" leads from the request to its
 * review. Wide, all three columns show and nothing here is visible. */

#include "config.h"


#include "cn-contacts-view.h"
#include "cn-window-private.h"

static gboolean
showing (AdwLeaflet *leaflet, const char *name)
{
  return adw_leaflet_get_folded (leaflet) &&
         g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), name) == 0;
}

static gboolean
can_go_back (CnWindow *self)
{
  return showing (self->content_leaflet, "review") || showing (self->main_leaflet, "content");
}

void
_cn_window_navigation_update (CnWindow *self)
{
  gboolean requests = g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                                 "requests") == 0 &&
                      g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "requests") ==
                          0;
  gboolean contacts = g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                                 "contacts") == 0;
  gboolean back = (requests && can_go_back (self)) ||
                  (contacts && self->contacts_view != NULL &&
                   cn_contacts_view_can_navigate_back (self->contacts_view));

  gtk_widget_set_visible (self->back_button, back);
  /* Too narrow for the switcher in the title: it moves to the bottom. */
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    adw_view_switcher_title_get_title_visible (self->window_title));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.navigate-back", back);
  gtk_action_bar_set_revealed (self->review_bar, adw_leaflet_get_folded (self->content_leaflet) &&
                                                     _cn_window_get_selected (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-review",
                                 requests && _cn_window_get_selected (self) != NULL);
}

void
_cn_window_show_request_page (CnWindow *self)
{
  if (!adw_leaflet_get_folded (self->main_leaflet))
    return;
  adw_leaflet_set_visible_child_name (self->content_leaflet, "detail");
  adw_leaflet_set_visible_child_name (self->main_leaflet, "content");
}

const char *
_cn_window_get_navigation_page (CnWindow *self)
{
  if (showing (self->main_leaflet, "list"))
    return "list";
  if (showing (self->content_leaflet, "review"))
    return "review";
  if (adw_leaflet_get_folded (self->content_leaflet))
    return "detail";
  return adw_leaflet_get_folded (self->main_leaflet) ? "content" : "all";
}

/* Where the focus goes once a page brought forward is on show: focusing it
 * before, GTK would give the focus to its first control (a title label,
 * then selected whole). After the frame that shows it, hence the low
 * priority. */
static gboolean
on_focus_idle_cb (gpointer data)
{
  CnWindow *self = data;

  self->focus_idle_id = 0;
  if (self->focus_after_navigation == GTK_WIDGET (self->detail))
    cn_request_detail_focus_note (self->detail);
  else if (self->focus_after_navigation != NULL)
    gtk_widget_child_focus (self->focus_after_navigation, GTK_DIR_TAB_FORWARD);
  self->focus_after_navigation = NULL;
  return G_SOURCE_REMOVE;
}

static gboolean
on_navigation_idle_cb (gpointer data)
{
  CnWindow *self = data;

  self->navigation_idle_id = 0;
  _cn_window_navigation_update (self);
  return G_SOURCE_REMOVE;
}

static void
focus_once_shown (CnWindow *self, GtkWidget *page)
{
  self->focus_after_navigation = page;
  if (self->focus_idle_id == 0)
    self->focus_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE + 10, on_focus_idle_cb, self,
                                           NULL);
}

/* A leaflet folds, and the title makes room, while being allocated: what that changes waits for
 * the allocation to end, or GTK leaves it half laid out. */
static void
on_leaflet_changed_cb (CnWindow *self, GParamSpec *pspec, AdwLeaflet *leaflet)
{
  if (self->navigation_idle_id == 0)
    self->navigation_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, on_navigation_idle_cb, self,
                                                NULL);
}

/* In a folded list a click opens the request, as a tap would on a phone;
 * unfolded, the request already shows beside the list. */
static void
on_list_released_cb (CnWindow *self, int n_press, double x, double y, GtkGestureClick *gesture)
{
  if (n_press == 1)
    _cn_window_show_request_page (self);
}

static void
on_list_activate_cb (CnWindow *self, guint position, GtkGridView *view)
{
  _cn_window_show_request_page (self);
  if (adw_leaflet_get_folded (self->main_leaflet))
    focus_once_shown (self, GTK_WIDGET (self->detail));
}

static void
navigate_back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "contacts") == 0)
    cn_contacts_view_navigate_back (_cn_window_get_contacts_view (self));
  else if (showing (self->content_leaflet, "review"))
    adw_leaflet_set_visible_child_name (self->content_leaflet, "detail");
  else if (showing (self->main_leaflet, "content"))
    {
      adw_leaflet_set_visible_child_name (self->main_leaflet, "list");
      gtk_widget_grab_focus (GTK_WIDGET (self->request_list_view));
    }
}

static void
show_review_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CnWindow *self = CN_WINDOW (widget);

  if (_cn_window_get_selected (self) == NULL)
    return;
  adw_leaflet_set_visible_child_name (self->main_leaflet, "content");
  adw_leaflet_set_visible_child_name (self->content_leaflet, "review");
  focus_once_shown (self, GTK_WIDGET (self->review_pane));
}

/* Regions: the keyboard moves between the list, the request and its review
 * with Tab and F6, and within the list with the arrows. (AdwLeaflet 1.2
 * passes Tab only to its visible child, so the window walks the regions
 * itself.) */

static guint
get_regions (CnWindow *self, GtkWidget **regions)
{
  GtkWidget *all[] = { GTK_WIDGET (self->list_pane), GTK_WIDGET (self->detail),
                       GTK_WIDGET (self->review_pane) };
  guint n = 0;

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "requests") != 0 ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "requests") != 0)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (gtk_widget_get_mapped (all[i]))
      regions[n++] = all[i];
  return n;
}

static int
region_of (GtkWidget **regions, guint n, GtkWidget *focus)
{
  for (guint i = 0; focus != NULL && i < n; i++)
    if (focus == regions[i] || gtk_widget_is_ancestor (focus, regions[i]))
      return (int) i;
  return -1;
}

/* Focuses the region, from its start (the list: its selected row). */
static gboolean
enter_region (CnWindow *self, GtkWidget *region, GtkDirectionType direction)
{
  if (region == GTK_WIDGET (self->list_pane) && direction == GTK_DIR_TAB_BACKWARD)
    return gtk_widget_grab_focus (GTK_WIDGET (self->request_list_view));
  return gtk_widget_child_focus (region, direction);
}

gboolean
_cn_window_focus_regions (CnWindow *self, GtkDirectionType direction)
{
  GtkWidget *regions[3];
  guint n = get_regions (self, regions);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean forward = direction == GTK_DIR_TAB_FORWARD;
  int current = region_of (regions, n, focus);

  if ((direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD) || current < 0)
    return FALSE;
  /* The list is one stop: the arrows walk its rows. */
  if (!(regions[current] == GTK_WIDGET (self->list_pane) &&
        gtk_widget_is_ancestor (focus, GTK_WIDGET (self->request_list_view)) && forward) &&
      gtk_widget_child_focus (regions[current], direction))
    return TRUE;
  for (int i = current + (forward ? 1 : -1); i >= 0 && i < (int) n; i += forward ? 1 : -1)
    if (enter_region (self, regions[i], direction))
      return TRUE;
  return FALSE;
}

static void
cycle_region (CnWindow *self, gboolean forward)
{
  GtkWidget *regions[3];
  guint n = get_regions (self, regions);
  int current = region_of (regions, n, gtk_root_get_focus (GTK_ROOT (self)));

  for (guint step = 1; step <= n; step++)
    {
      int next = ((current < 0 ? (forward ? -1 : 0) : current) +
                  (forward ? (int) step : -(int) step) + (int) n * 2) %
                 (int) n;

      if (regions[next] == GTK_WIDGET (self->list_pane)
              ? gtk_widget_grab_focus (GTK_WIDGET (self->request_list_view))
              : gtk_widget_child_focus (regions[next], GTK_DIR_TAB_FORWARD))
        return;
    }
}

static void
next_region_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  cycle_region (CN_WINDOW (widget), TRUE);
}

static void
previous_region_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  cycle_region (CN_WINDOW (widget), FALSE);
}

void
_cn_window_class_init_navigation (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, CnWindow, main_leaflet);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, content_leaflet);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, review_bar);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, show_review_button);
  gtk_widget_class_bind_template_child (widget_class, CnWindow, switcher_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_changed_cb);
  gtk_widget_class_install_action (widget_class, "win.navigate-back", NULL, navigate_back_action);
  gtk_widget_class_install_action (widget_class, "win.show-review", NULL, show_review_action);
  gtk_widget_class_install_action (widget_class, "win.next-region", NULL, next_region_action);
  gtk_widget_class_install_action (widget_class, "win.previous-region", NULL,
                                   previous_region_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, 0, "win.next-region", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, GDK_SHIFT_MASK,
                                       "win.previous-region", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.navigate-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "win.show-review",
                                       NULL);
}

void
_cn_window_init_navigation (CnWindow *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect_object (click, "released", G_CALLBACK (on_list_released_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->request_list_view), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_object (self->request_list_view, "activate", G_CALLBACK (on_list_activate_cb),
                           self, G_CONNECT_SWAPPED);
  _cn_window_navigation_update (self);
}

void
_cn_window_navigation_watch_contacts (CnWindow *self)
{
  g_signal_connect_object (self->contacts_view, "notify::can-navigate-back",
                           G_CALLBACK (on_leaflet_changed_cb), self, G_CONNECT_SWAPPED);
}
