/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the UI benchmark measures, the same way in the app and in the floor
 * program: a subject (the widgets a person would use) driven by one script,
 * each figure printed as a JSON line on stdout. */

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name; /* "app" or "floor" */
  GtkWidget *window;
  GtkDropDown *verdict_filter; /* seven verdicts, "All" first */
  GtkEditable *request_search;
  GtkWidget *request_list; /* a GtkListView or a GtkGridView */
  GtkEditable *contact_search;
  /* 0: To do, 1: Handled, 2: All */
  void (*set_view) (gpointer subject, int view);
  void (*show_contacts) (gpointer subject, gboolean contacts);
  void (*open_campaigns) (gpointer subject);
  /* Background work still running (the app's analysis). */
  gboolean (*busy) (gpointer subject);
  gpointer data;
} BenchSubject;

typedef struct
{
  int reps;
  gboolean quick;
  gboolean start_only;
  gboolean first_frame_only; /* for callgrind: what runs before the first frame */
  /* For callgrind (--toggle-collect='bench_probe_measured*', GCC clones it): the inputs of
   * this figure only are measured; the others run, unmeasured, to reach
   * the same state; the Campaigns window and scrolling are left out.
   * "campaigns_open" opens the Campaigns window only, from the window as
   * started. */
  const char *only;
  /* --trace: each frame, painted or not, and each stall on stderr, in ms
   * from the start of what is being measured: to see where a figure goes. */
  gboolean trace;
} BenchScript;

/* Call first thing in main(): the clock of "start" starts here. */
void bench_probe_init (void);
/* Parses --reps, --quick, --start-only, --only, --trace out of argv. */
void bench_probe_parse_args (int *argc, char ***argv, BenchScript *script);
/* Settings both programs run with: no cursor blink, no animations. */
void bench_probe_settings (void);
/* Starts counting @window's frames (now or when it is realized). */
void bench_probe_watch (GtkWidget *window);
/* Runs @script on @subject once its window painted, then quits @app. */
void bench_probe_run (BenchSubject *subject, const BenchScript *script, GApplication *app);

G_END_DECLS
