/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Carries a worker's progress (a fraction) to the thread that started the
 * task: always through a source attached to the task's main context, never
 * g_main_context_invoke(), which runs the callback in the worker whenever the
 * caller's thread is not iterating. Reports are thinned out to steps of
 * 0.5 %; the last one (1.0) always goes. */
typedef struct _CnTaskProgress CnTaskProgress;

typedef void (*CnTaskProgressFunc) (double fraction, gpointer user_data);

/* @func (may be NULL) runs in @task's context. @name names the sources. */
CnTaskProgress *
cn_task_progress_new (GTask *task, CnTaskProgressFunc func, gpointer user_data, const char *name);
/* Worker thread. A CnTaskProgressFunc: pass the CnTaskProgress as its data. */
void cn_task_progress_report (double fraction, gpointer progress);
/* Caller's thread, when the task has returned: reports still on their way
 * are dropped. */
void cn_task_progress_finish (CnTaskProgress *progress);
void cn_task_progress_unref (CnTaskProgress *progress);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnTaskProgress, cn_task_progress_unref)

G_END_DECLS
