/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Timing rules, shared by the app and the floor:
 * - "painted" is the GdkFrameClock's after-paint of the window that shows the
 *   change, in a frame where the window's surface rendered (GdkSurface's
 *   "render"): a frame that only ran tick callbacks, such as GTK's style
 *   validation, and drew nothing is not a painted frame. After an input the
 *   window is asked for a frame; the figure is the time from just before the
 *   input to the last frame painted before the window went QUIET_MS without
 *   a painted frame or a main-loop stall, so that work finished later (a
 *   search delay, an idle, a thread's result) counts.
 * - A stall is a gap between two runs of a 1 ms high-priority timeout.
 * - Frame work while scrolling is before-paint to after-paint of one painted
 *   frame. */

#include "bench-ui-probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUIET_MS 400
#define SETTLE_QUIET_MS 1500
#define CAP_MS 120000
/* A gap this long is work on the main loop, not the scheduler's noise. */
#define STALL_MS 20

typedef struct
{
  gint64 first_paint;
  gint64 last_paint;
  gint64 before_paint;
  gboolean rendered;  /* in the frame under way */
  GArray *frame_work; /* double ms, while recording */
} Frames;

static gint64 t_main;
static gboolean trace;
static gint64 t_measure; /* what --trace counts from */
static gint64 last_tick;
static gint64 last_stall_end;
static double max_gap_ms;

static double
ms (gint64 us)
{
  return us / 1000.0;
}

static void
emit (const BenchSubject *subject, const char *what, double value)
{
  g_print ("{\"subject\": \"%s\", \"what\": \"%s\", \"value\": %.3f}\n", subject->name, what,
           value);
}

/* From the timeout and from every wait's loop, so that a wait never takes
 * the end of a long dispatch for quiet. */
static void
note_gap (void)
{
  gint64 now = g_get_monotonic_time ();
  double gap = ms (now - last_tick);

  if (last_tick != 0)
    {
      max_gap_ms = MAX (max_gap_ms, gap);
      if (gap > STALL_MS)
        {
          last_stall_end = now;
          if (trace)
            g_printerr ("bench-trace: stall %.1f ms, ending at %.1f\n", gap, ms (now - t_measure));
        }
    }
  last_tick = now;
}

static gboolean
on_tick_cb (gpointer data)
{
  note_gap ();
  return G_SOURCE_CONTINUE;
}

void
bench_probe_init (void)
{
  t_main = t_measure = g_get_monotonic_time ();
}

void
bench_probe_parse_args (int *argc, char ***argv, BenchScript *script)
{
  int j = 1;

  script->reps = 5;
  for (int i = 1; i < *argc; i++)
    {
      const char *arg = (*argv)[i];

      if (g_str_equal (arg, "--quick"))
        script->quick = TRUE;
      else if (g_str_equal (arg, "--start-only"))
        script->start_only = TRUE;
      else if (g_str_equal (arg, "--first-frame-only"))
        script->first_frame_only = TRUE;
      else if (g_str_has_prefix (arg, "--only="))
        script->only = arg + strlen ("--only=");
      else if (g_str_equal (arg, "--trace"))
        script->trace = TRUE;
      else if (g_str_has_prefix (arg, "--reps="))
        script->reps = MAX (1, atoi (arg + strlen ("--reps=")));
      else
        (*argv)[j++] = (*argv)[i];
    }
  *argc = j;
  (*argv)[j] = NULL;
  if (script->quick)
    script->reps = 1;
}

void
bench_probe_settings (void)
{
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, "gtk-enable-animations",
                FALSE, NULL);
}

static Frames *
frames_of (GtkWidget *window)
{
  return g_object_get_data (G_OBJECT (window), "bench-frames");
}

static void
on_before_paint_cb (GdkFrameClock *clock, Frames *frames)
{
  frames->before_paint = g_get_monotonic_time ();
}

static void
on_after_paint_cb (GdkFrameClock *clock, Frames *frames)
{
  gint64 now = g_get_monotonic_time ();
  gboolean rendered = frames->rendered;

  frames->rendered = FALSE;
  if (trace)
    g_printerr ("bench-trace: frame at %.1f, work %.1f ms, %s\n", ms (now - t_measure),
                ms (now - frames->before_paint), rendered ? "painted" : "nothing drawn");
  if (!rendered)
    return;
  if (frames->first_paint == 0)
    frames->first_paint = now;
  frames->last_paint = now;
  if (frames->frame_work != NULL)
    {
      double work = ms (now - frames->before_paint);

      g_array_append_val (frames->frame_work, work);
    }
}

/* GTK stops the signal at its own handler: a hook sees every emission. */
static gboolean
on_render_hook_cb (GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer data)
{
  GtkNative *native = gtk_native_get_for_surface (g_value_get_object (&values[0]));
  Frames *frames = native != NULL ? frames_of (GTK_WIDGET (native)) : NULL;

  if (frames != NULL)
    frames->rendered = TRUE;
  return TRUE;
}

static void
connect_clock (GtkWidget *window, Frames *frames)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint_cb), frames);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), frames);
}

static void
on_realize_cb (GtkWidget *window, Frames *frames)
{
  connect_clock (window, frames);
}

void
bench_probe_watch (GtkWidget *window)
{
  static gsize hooked;
  Frames *frames = g_new0 (Frames, 1);

  if (g_once_init_enter (&hooked))
    {
      gpointer klass = g_type_class_ref (GDK_TYPE_SURFACE);

      g_signal_add_emission_hook (g_signal_lookup ("render", GDK_TYPE_SURFACE), 0,
                                  on_render_hook_cb, NULL, NULL);
      g_type_class_unref (klass);
      g_once_init_leave (&hooked, 1);
    }
  g_object_set_data_full (G_OBJECT (window), "bench-frames", frames, g_free);
  if (gtk_widget_get_realized (window))
    connect_clock (window, frames);
  else
    g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), frames);
}

static void
request_frame (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (clock != NULL)
    gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

/* Milliseconds from @t0 to the last frame of @window before it went quiet,
 * or -1 when none was painted within the cap. Without @need_frame, only
 * waits for quiet. */
static double
wait_painted (
    BenchSubject *subject, GtkWidget *window, gint64 t0, guint quiet_ms, gboolean need_frame)
{
  Frames *frames = frames_of (window);

  while (TRUE)
    {
      gint64 now;
      gint64 last;
      gboolean painted;

      g_main_context_iteration (NULL, TRUE);
      note_gap ();
      now = g_get_monotonic_time ();
      last = MAX (frames->last_paint, last_stall_end);
      painted = !need_frame || frames->last_paint > t0;
      gboolean busy = subject->busy != NULL && subject->busy (subject);

      if (painted && !busy && now - MAX (last, t0) >= quiet_ms * 1000)
        return ms (frames->last_paint - t0);
      if (now - t0 > CAP_MS * 1000)
        return painted ? ms (frames->last_paint - t0) : -1;
    }
}

static void
settle (BenchSubject *subject)
{
  wait_painted (subject, subject->window, g_get_monotonic_time (), QUIET_MS, FALSE);
}

static double
rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0 : -1;
}

/* One input, timed to its painted frame; with the longest stall meanwhile. */
typedef void (*Input) (BenchSubject *subject, gpointer data);

static const char *only; /* see BenchScript */

/* An input, to its painted frame: apart so that callgrind can count it alone. */
G_GNUC_NO_INLINE static double
bench_probe_measured (BenchSubject *subject, Input input, gpointer data, gint64 t0)
{
  t_measure = t0;
  input (subject, data);
  if (trace)
    g_printerr ("bench-trace: input done at %.1f\n", ms (g_get_monotonic_time () - t0));
  request_frame (subject->window);
  return wait_painted (subject, subject->window, t0, QUIET_MS, TRUE);
}

static void
measure (BenchSubject *subject, const char *what, Input input, gpointer data)
{
  g_autofree char *stall = g_strconcat (what, "_stall", NULL);
  gint64 t0;
  double ms;

  settle (subject);
  if (only != NULL && !g_str_equal (what, only))
    {
      input (subject, data);
      return;
    }
  max_gap_ms = 0;
  t0 = g_get_monotonic_time ();
  ms = bench_probe_measured (subject, input, data, t0);
  emit (subject, what, ms);
  emit (subject, stall, max_gap_ms);
  if (trace)
    g_printerr ("bench-trace: %s: %.1f ms\n", what, ms);
}

static void
select_verdict (BenchSubject *subject, gpointer data)
{
  gtk_drop_down_set_selected (subject->verdict_filter, GPOINTER_TO_UINT (data));
}

static void
set_view (BenchSubject *subject, gpointer data)
{
  subject->set_view (subject, GPOINTER_TO_INT (data));
}

static void
set_request_search (BenchSubject *subject, gpointer data)
{
  gtk_editable_set_text (subject->request_search, data);
}

static void
type_char (GtkEditable *editable, const char *c)
{
  int pos = -1;

  gtk_editable_set_position (editable, -1);
  pos = gtk_editable_get_position (editable);
  gtk_editable_insert_text (editable, c, 1, &pos);
}

static void
type_request_char (BenchSubject *subject, gpointer data)
{
  type_char (subject->request_search, data);
}

static void
type_contact_char (BenchSubject *subject, gpointer data)
{
  type_char (subject->contact_search, data);
}

static void
clear_contact_search (BenchSubject *subject, gpointer data)
{
  gtk_editable_set_text (subject->contact_search, "");
}

/* Either list widget's selection model (transfer none). */
static GtkSelectionModel *
request_model (BenchSubject *subject)
{
  GtkSelectionModel *model = NULL;

  g_object_get (subject->request_list, "model", &model, NULL);
  g_object_unref (model);
  return model;
}

static void
select_request (BenchSubject *subject, gpointer data)
{
  GtkSelectionModel *model = request_model (subject);

  gtk_selection_model_select_item (model, GPOINTER_TO_UINT (data), TRUE);
}

/* The Campaigns window opened, to its painted frame: apart so that
 * callgrind can count it alone (--only=campaigns_open). */
G_GNUC_NO_INLINE static double
bench_probe_measured_campaigns (BenchSubject *subject, gint64 t0, GtkWidget **out_dialog)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWidget *dialog = NULL;

  t_measure = t0;
  subject->open_campaigns (subject);
  /* The new toplevel: presented now or from the main loop. */
  while (dialog == NULL && g_get_monotonic_time () - t0 < 30 * G_USEC_PER_SEC)
    {
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

          if (window != subject->window && gtk_widget_get_visible (window) &&
              frames_of (window) == NULL)
            dialog = window;
        }
      if (dialog == NULL)
        g_main_context_iteration (NULL, TRUE);
    }
  *out_dialog = dialog;
  if (dialog == NULL)
    return -1;
  bench_probe_watch (dialog);
  request_frame (dialog);
  return wait_painted (subject, dialog, t0, QUIET_MS * 2, TRUE);
}

static void
measure_campaigns (BenchSubject *subject)
{
  GtkWidget *dialog = NULL;
  double value;

  settle (subject);
  max_gap_ms = 0;
  value = bench_probe_measured_campaigns (subject, g_get_monotonic_time (), &dialog);
  emit (subject, "campaigns_open", value);
  if (dialog == NULL)
    return;
  emit (subject, "campaigns_open_stall", max_gap_ms);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

typedef struct
{
  GtkAdjustment *adjustment;
  double step;
  guint n_left;
} Scroll;

static gboolean
on_scroll_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  Scroll *scroll = data;
  double top = gtk_adjustment_get_upper (scroll->adjustment) -
               gtk_adjustment_get_page_size (scroll->adjustment);

  gtk_adjustment_set_value (scroll->adjustment,
                            MIN (top,
                                 gtk_adjustment_get_value (scroll->adjustment) + scroll->step));
  if (--scroll->n_left == 0)
    return G_SOURCE_REMOVE;
  return G_SOURCE_CONTINUE;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values, double p)
{
  guint i;

  if (values->len == 0)
    return -1;
  g_array_sort (values, compare_doubles);
  i = MIN (values->len - 1, (guint) (p * values->len));
  return g_array_index (values, double, i);
}

/* @n_frames frames, each moving the list by @step pixels (0: the whole
 * length over the frames, as dragging the scroll bar does). */
static void
measure_scroll (BenchSubject *subject, const char *what, guint n_frames, double step)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (
      GTK_SCROLLABLE (subject->request_list));
  Frames *frames = frames_of (subject->window);
  g_autofree char *p50 = g_strconcat (what, "_p50", NULL);
  g_autofree char *p99 = g_strconcat (what, "_p99", NULL);
  g_autofree char *stall = g_strconcat (what, "_stall", NULL);
  Scroll scroll = { adjustment, step, n_frames };

  gtk_adjustment_set_value (adjustment, 0);
  settle (subject);
  if (step == 0)
    scroll.step = (gtk_adjustment_get_upper (adjustment) -
                   gtk_adjustment_get_page_size (adjustment)) /
                  n_frames;
  frames->frame_work = g_array_new (FALSE, FALSE, sizeof (double));
  max_gap_ms = 0;
  gtk_widget_add_tick_callback (GTK_WIDGET (subject->request_list), on_scroll_tick_cb, &scroll,
                                NULL);
  while (scroll.n_left > 0)
    g_main_context_iteration (NULL, TRUE);
  settle (subject);
  emit (subject, p50, percentile (frames->frame_work, 0.50));
  emit (subject, p99, percentile (frames->frame_work, 0.99));
  emit (subject, stall, max_gap_ms);
  g_clear_pointer (&frames->frame_work, g_array_unref);
}

static void
run_script (BenchSubject *subject, const BenchScript *script)
{
  static const char *const typed_requests = "consei";
  static const char *const typed_contacts = "marti";
  Frames *frames = frames_of (subject->window);
  guint n_rows;

  only = script->only;
  trace = script->trace;
  /* Start: the first frame, then background work until all is quiet. */
  while (frames->first_paint == 0)
    g_main_context_iteration (NULL, TRUE);
  emit (subject, "start_first_frame", ms (frames->first_paint - t_main));
  emit (subject, "rss_first_frame", rss_mib ());
  if (script->first_frame_only)
    return;
  max_gap_ms = 0;
  wait_painted (subject, subject->window, frames->first_paint, SETTLE_QUIET_MS, FALSE);
  emit (subject, "start_settled", ms (MAX (frames->last_paint, last_stall_end) - t_main));
  emit (subject, "start_stall", max_gap_ms);
  emit (subject, "rss_settled", rss_mib ());
  if (script->start_only)
    return;
  if (only != NULL && g_str_equal (only, "campaigns_open"))
    {
      /* Nothing else runs: the window opens from the main window as started. */
      for (int rep = 0; rep < MAX (1, script->reps / 2); rep++)
        measure_campaigns (subject);
      return;
    }

  /* Both from All requests (the app opens on To do). */
  subject->set_view (subject, 2);
  settle (subject);

  for (int rep = 0; rep < script->reps; rep++)
    {
      /* Verdicts: Incomplete, Unsuitable, Not checked, Mass-sent, back to All. */
      static const guint verdicts[] = { 2, 3, 4, 5 };

      for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
        measure (subject, "filter", select_verdict, GUINT_TO_POINTER (verdicts[i]));
      measure (subject, "filter_all", select_verdict, GUINT_TO_POINTER (0));

      measure (subject, "view_todo", set_view, GINT_TO_POINTER (0));
      measure (subject, "view_handled", set_view, GINT_TO_POINTER (1));
      measure (subject, "view_all", set_view, GINT_TO_POINTER (2));

      measure (subject, "search_set", set_request_search, (gpointer) "projet");
      measure (subject, "search_clear", set_request_search, (gpointer) "");

      for (const char *c = typed_requests; *c; c++)
        {
          char one[2] = { *c, 0 };

          measure (subject, "type_requests", type_request_char, one);
        }
      measure (subject, "search_clear", set_request_search, (gpointer) "");

      for (guint i = 0; i < 4; i++)
        measure (subject, "open_request", select_request, GUINT_TO_POINTER (rep * 40 + i * 9 + 1));
    }

  subject->show_contacts (subject, TRUE);
  settle (subject);
  for (int rep = 0; rep < script->reps; rep++)
    {
      for (const char *c = typed_contacts; *c; c++)
        {
          char one[2] = { *c, 0 };

          measure (subject, "type_contacts", type_contact_char, one);
        }
      measure (subject, "contacts_clear", clear_contact_search, NULL);
    }
  subject->show_contacts (subject, FALSE);
  settle (subject);
  if (only != NULL)
    return;

  for (int rep = 0; rep < MAX (1, script->reps / 2); rep++)
    measure_campaigns (subject);

  n_rows = g_list_model_get_n_items (G_LIST_MODEL (request_model (subject)));
  emit (subject, "rows", n_rows);
  measure_scroll (subject, "scroll_drag", script->quick ? 60 : 300, 0);
  measure_scroll (subject, "scroll_wheel", script->quick ? 60 : 300, 60);
  emit (subject, "rss_scrolled", rss_mib ());
}

typedef struct
{
  BenchSubject *subject;
  const BenchScript *script;
  GApplication *app;
} Job;

static gboolean
on_run_idle_cb (gpointer data)
{
  Job *job = data;

  run_script (job->subject, job->script);
  fflush (stdout);
  g_application_quit (job->app);
  g_free (job);
  return G_SOURCE_REMOVE;
}

void
bench_probe_run (BenchSubject *subject, const BenchScript *script, GApplication *app)
{
  Job *job = g_new0 (Job, 1);

  job->subject = subject;
  job->script = script;
  job->app = app;
  g_timeout_add_full (G_PRIORITY_HIGH, 1, on_tick_cb, NULL, NULL);
  g_idle_add_full (G_PRIORITY_HIGH, on_run_idle_cb, job, NULL);
}
