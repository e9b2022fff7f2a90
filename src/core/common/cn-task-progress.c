/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-task-progress.h"

struct _CnTaskProgress
{
  GMainContext *context;
  CnTaskProgressFunc func;
  gpointer user_data;
  const char *name;
  double last_sent;  /* worker thread only */
  gboolean finished; /* caller's thread only */
};

typedef struct
{
  CnTaskProgress *progress;
  double fraction;
} Report;

static void
progress_free (CnTaskProgress *progress)
{
  g_main_context_unref (progress->context);
}

static CnTaskProgress *
progress_ref (CnTaskProgress *progress)
{
  return g_atomic_rc_box_acquire (progress);
}

void
cn_task_progress_unref (CnTaskProgress *progress)
{
  g_atomic_rc_box_release_full (progress, (GDestroyNotify) progress_free);
}

static void
report_free (Report *report)
{
  cn_task_progress_unref (report->progress);
  g_free (report);
}

static gboolean
on_report_cb (gpointer data)
{
  Report *report = data;
  CnTaskProgress *progress = report->progress;

  if (!progress->finished && progress->func != NULL)
    progress->func (report->fraction, progress->user_data);
  return G_SOURCE_REMOVE;
}

CnTaskProgress *
cn_task_progress_new (GTask *task, CnTaskProgressFunc func, gpointer user_data, const char *name)
{
  CnTaskProgress *progress = g_atomic_rc_box_new0 (CnTaskProgress);

  progress->context = g_main_context_ref (g_task_get_context (task));
  progress->func = func;
  progress->user_data = user_data;
  progress->name = name;
  progress->last_sent = -1.0;
  return progress;
}

void
cn_task_progress_report (double fraction, gpointer data)
{
  CnTaskProgress *progress = data;
  g_autoptr (GSource) source = NULL;
  Report *report;

  if (fraction < progress->last_sent + 0.005 && fraction < 1.0)
    return;
  progress->last_sent = fraction;

  report = g_new0 (Report, 1);
  report->progress = progress_ref (progress);
  report->fraction = fraction;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, on_report_cb, report, (GDestroyNotify) report_free);
  g_source_set_static_name (source, progress->name);
  g_source_attach (source, progress->context);
}

void
cn_task_progress_finish (CnTaskProgress *progress)
{
  progress->finished = TRUE;
}
