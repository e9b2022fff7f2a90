/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

/* A stand-in for GTK 4.8's GtkSingleSelection (autoselect on) over a model,
 * for tests and benchmarks without a display: it follows "items-changed" by
 * GTK's rule and counts the items it reads. When its item lies within the
 * changed range, GTK reads the added items one by one until it finds it;
 * when it is gone, it takes the item at the same proportion of the range. */
typedef struct
{
  GListModel *model;
  guint selected; /* G_MAXUINT: none */
  GObject *item;
  guint n_reads;
} CnTestSelection;

static inline gpointer
cn_test_selection_read (CnTestSelection *self, guint position)
{
  self->n_reads++;
  return g_list_model_get_item (self->model, position);
}

static inline void
cn_test_selection_on_items_changed_cb (
    GListModel *model, guint position, guint removed, guint added, CnTestSelection *self)
{
  guint i;

  if (self->item == NULL)
    {
      self->item = cn_test_selection_read (self, 0);
      self->selected = self->item != NULL ? 0 : G_MAXUINT;
      return;
    }
  if (self->selected < position)
    return;
  if (self->selected >= position + removed)
    {
      self->selected = self->selected + added - removed;
      return;
    }
  for (i = 0; i < added; i++)
    {
      g_autoptr(GObject) item = cn_test_selection_read (self, position + i);

      if (item == self->item)
        {
          self->selected = position + i;
          return;
        }
    }
  g_clear_object (&self->item);
  self->selected = position + (self->selected - position) * added / removed;
  self->item = cn_test_selection_read (self, self->selected);
  if (self->item == NULL && position > 0)
    {
      self->selected = position - 1;
      self->item = cn_test_selection_read (self, self->selected);
    }
  if (self->item == NULL)
    self->selected = G_MAXUINT;
}

static inline void
cn_test_selection_init (CnTestSelection *self, GListModel *model, guint selected)
{
  self->model = model;
  self->n_reads = 0;
  self->item = g_list_model_get_item (model, selected);
  self->selected = self->item != NULL ? selected : G_MAXUINT;
  g_signal_connect (model, "items-changed", G_CALLBACK (cn_test_selection_on_items_changed_cb),
                    self);
}

static inline void
cn_test_selection_clear (CnTestSelection *self)
{
  g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->item);
}
