/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The import of a big LinkedIn export: 30,000 connections (after the Notes
 * preamble) and 100,000 messages in 50,000 conversations, incoming and
 * outgoing. Times the sqlite3 command-line tool's `.import` of the same CSV
 * files into plain tables, then the whole import into a fresh Connecteur
 * database (reading and writing, then each apart). Each of the two runs in a
 * process of its own, so that its peak memory is its own (not that of the
 * files generated here). The target (issue 17): the import within 1.5 times
 * the time of `.import`, in 300 MB. Prints measurements; fails only when
 * something does not work.
 * Usage: bench-import [N_CONNECTIONS N_MESSAGES]
 * (bench-import --import EXPORT DB: the import alone, as the child runs it;
 * bench-import --generate DIR N_CONNECTIONS N_MESSAGES: the export alone, in
 * DIR, for a profiler to run the import on) */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "cn-import.h"
#include "cn-store.h"

#define RUNS 3

#define OWNER "Camille Owner"
#define OWNER_URL "https://www.linkedin.com/in/camille-owner"

static const char *const first_names[] = { "Élodie", "Marc",  "Anna", "Hugo",   "Jade",
                                           "Tomás",  "Léa",   "Paul", "Zoé",    "Nadia",
                                           "Yann",   "Chloé", "Ben",  "Ingrid", "Omar" };
static const char *const last_names[] = { "Durand",  "Lefèvre",  "Kowalska", "Bernard", "Roux",
                                          "Ibáñez",  "Fontaine", "Martin",   "Petit",   "Haddad",
                                          "Le Guen", "Vidal",    "Ould",     "Nilsen",  "Diallo" };
static const char *const companies[] = { "Atelier Nord", "Banque Ouest, SA", "Studio Est",
                                         "Kowalska Consulting", "Fontaine & Fils" };
static const char *const sentences[] = {
  "Bonjour, je me permets de vous écrire car vous connaissez bien le secteur.",
  "Could you introduce me to your colleague in charge of hiring?",
  "We build \"\"smart\"\" cafés, and I would value 20 minutes of advice.",
  "Merci d'avance, et bonne journée !",
  "PS: she's at Deux Moulins &amp; Co., I think.",
  "Sure, let me ask her and come back to you.",
};

static void
person (guint i, GString *name, GString *url)
{
  g_string_printf (name, "%s %s%u", first_names[i % G_N_ELEMENTS (first_names)],
                   last_names[(i / 7) % G_N_ELEMENTS (last_names)], i);
  g_string_printf (url, "https://www.linkedin.com/in/member-%u", i);
}

static void
write_connections (const char *path, guint n)
{
  g_autoptr(GString) out = g_string_new (
      "Notes:\n\"When exporting your connection data, you may notice that some of the email "
      "addresses are missing. You will only see email addresses for connections who have "
      "allowed their connections to see or download their email address.\"\n\n"
      "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) url = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = i % 3 == 0 ? g_strdup ("") : g_strdup_printf ("m%u@example.org", i);

      person (i, name, url);
      g_string_append_printf (out, "%s,%s%u,%s,%s,\"%s\",Position %u,%02u %s %u\n",
                              first_names[i % G_N_ELEMENTS (first_names)],
                              last_names[(i / 7) % G_N_ELEMENTS (last_names)], i, url->str, email,
                              companies[i % G_N_ELEMENTS (companies)], i % 40, 1 + i % 28,
                              i % 2 ? "May" : "Jun", 2015 + i % 10);
    }
  g_file_set_contents (path, out->str, out->len, NULL);
}

/* Each conversation: messages from one member and replies from the owner. */
static void
write_messages (const char *path, guint n, guint n_connections)
{
  g_autoptr(GString) out = g_string_new ("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE "
                                          "URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,"
                                          "FOLDER,ATTACHMENTS\n");
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) url = g_string_new (NULL);
  /* 100,000 messages in 50,000 conversations, the shape of issue 17. */
  guint per_conversation = 2;

  for (guint i = 0; i < n; i++)
    {
      guint conversation = i / per_conversation;
      guint member = (conversation * 7919) % MAX (n_connections, 1);
      /* The owner answered a third of them. */
      gboolean incoming = i % per_conversation == 0 || conversation % 3 != 0;
      GDateTime *date = g_date_time_new_utc (2023 + conversation % 3, 1 + conversation % 12,
                                             1 + conversation % 28, i % 24, i % 60, 0);
      g_autofree char *when = g_date_time_format (date, "%Y-%m-%d %H:%M:%S UTC");

      g_date_time_unref (date);
      person (member, name, url);
      g_string_append_printf (out, "conv-%u,,%s,%s,%s,%s,%s,%s,\"%s<br>%s %u\",INBOX,\n",
                              conversation, incoming ? name->str : OWNER,
                              incoming ? url->str : OWNER_URL, incoming ? OWNER : name->str,
                              incoming ? OWNER_URL : url->str, when,
                              i % per_conversation == 0 ? "Introduction?" : "",
                              sentences[i % G_N_ELEMENTS (sentences)],
                              sentences[(i / 3) % G_N_ELEMENTS (sentences)], i);
    }
  g_file_set_contents (path, out->str, out->len, NULL);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* CPU time (user and system) of this process or of its ended children:
 * steadier than the wall clock on a machine others use. */
static double
cpu_seconds (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* The database's size once compacted (the sqlite3 tool's VACUUM), -1 when
 * it cannot be measured. */
static gint64
compacted_size (const char *db)
{
  g_autofree char *sqlite3 = g_find_program_in_path ("sqlite3");
  const char *argv[] = { sqlite3, db, "VACUUM", NULL };
  GStatBuf info;
  int status = -1;

  if (sqlite3 == NULL ||
      !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                     &status, NULL) ||
      status != 0 || g_stat (db, &info) != 0)
    return -1;
  return info.st_size;
}

static gint64
file_size (const char *path)
{
  GStatBuf info;

  return g_stat (path, &info) == 0 ? info.st_size : 0;
}

static void on_progress (double fraction, gpointer user_data);

/* What a child process took. */
typedef struct
{
  double wall;
  double cpu;
  double peak_mb; /* its peak resident memory */
} Usage;

/* Runs @argv and waits for it; FALSE (with a message) when it fails. */
static gboolean
run_child (const char *const *argv, Usage *usage)
{
  g_autoptr(GError) error = NULL;
  struct rusage ru;
  GPid pid;
  int status;
  gint64 start = g_get_monotonic_time ();

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pid,
                      &error))
    {
      g_print ("%s failed: %s\n", argv[0], error->message);
      return FALSE;
    }
  if (wait4 (pid, &status, 0, &ru) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_print ("%s failed\n", argv[0]);
      return FALSE;
    }
  usage->wall = seconds_since (start);
  usage->cpu = ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
               (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  usage->peak_mb = ru.ru_maxrss / 1024.0;
  return TRUE;
}

/* FALSE when sqlite3 is absent or fails. */
static gboolean
time_sqlite3_import (
    const char *dir, guint run, const char *connections, const char *messages, Usage *usage)
{
  g_autofree char *sqlite3 = g_find_program_in_path ("sqlite3");
  g_autofree char *base = g_strdup_printf ("plain-%u.db", run);
  g_autofree char *db = g_build_filename (dir, base, NULL);
  g_autofree char *import_connections = g_strdup_printf (".import --skip 4 '%s' connections",
                                                         connections);
  g_autofree char *import_messages = g_strdup_printf (".import '%s' messages", messages);
  const char *argv[] = { sqlite3, db, ".mode csv", import_connections, import_messages, NULL };

  if (sqlite3 == NULL)
    {
      g_print ("sqlite3 is not installed: the reference time is skipped.\n");
      return FALSE;
    }
  return run_child (argv, usage);
}

/* The child: the whole import, as the command line runs it. */
static int
import_alone (const char *export, const char *db)
{
  const char *paths[2] = { export, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = cn_store_open (db, &error);
  g_autoptr(CnImportReport) report = NULL;
  guint n_progress = 0;

  g_assert_no_error (error);
  report = cn_import_run (store, CN_IMPORT_FORMAT_LINKEDIN, paths, NULL, on_progress, &n_progress,
                          &error);
  g_assert_no_error (error);
  /* Progress still works. */
  g_assert_cmpuint (n_progress, >, 2);
  return EXIT_SUCCESS;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) folder = g_dir_open (path, 0, NULL);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
on_progress (double fraction, gpointer user_data)
{
  (*(guint *) user_data)++;
}

int
main (int argc, char **argv)
{
  guint n_connections = argc == 3 ? (guint) atoi (argv[1]) : 30000;
  guint n_messages = argc == 3 ? (guint) atoi (argv[2]) : 100000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *export = NULL;
  g_autofree char *connections = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *db = NULL;
  g_autofree char *db2 = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnImportBatch) batch = NULL;
  const char *paths[2] = { NULL, NULL };
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  Usage plain = { 0, G_MAXDOUBLE, 0 }, whole = { 0, 0, 0 };
  gboolean has_plain = TRUE;
  double reading, writing, cpu, reading_cpu;
  gint64 start;

  setlocale (LC_ALL, "");
  if (argc == 4 && g_str_equal (argv[1], "--import"))
    return import_alone (argv[2], argv[3]);
  if (argc == 5 && g_str_equal (argv[1], "--generate"))
    {
      g_autofree char *out_connections = g_build_filename (argv[2], "Connections.csv", NULL);
      g_autofree char *out_messages = g_build_filename (argv[2], "messages.csv", NULL);

      g_mkdir_with_parents (argv[2], 0700);
      write_connections (out_connections, (guint) atoi (argv[3]));
      write_messages (out_messages, (guint) atoi (argv[4]), (guint) atoi (argv[3]));
      return EXIT_SUCCESS;
    }
  dir = g_dir_make_tmp ("connecteur-bench-import-XXXXXX", &error);
  if (self == NULL)
    self = g_strdup (argv[0]);
  g_assert_no_error (error);
  export = g_build_filename (dir, "Basic_LinkedInDataExport", NULL);
  g_mkdir (export, 0700);
  connections = g_build_filename (export, "Connections.csv", NULL);
  messages = g_build_filename (export, "messages.csv", NULL);
  db = g_build_filename (dir, "connecteur.db", NULL);
  db2 = g_build_filename (dir, "stages.db", NULL);

  start = g_get_monotonic_time ();
  write_connections (connections, n_connections);
  write_messages (messages, n_messages, n_connections);
  g_print ("Generated %u connections and %u messages in %.2f s\n", n_connections, n_messages,
           seconds_since (start));

  /* The machine may be busy: the best of RUNS runs of each, interleaved. */
  paths[0] = export;
  for (guint run = 0; run < RUNS; run++)
    {
      g_autofree char *base = g_strdup_printf ("connecteur-%u.db", run);
      const char *argv_import[] = { self, "--import", export, NULL, NULL };
      Usage plain_run, run_usage;

      if (!time_sqlite3_import (dir, run, connections, messages, &plain_run))
        has_plain = FALSE;
      else if (run == 0 || plain_run.wall < plain.wall)
        plain = (Usage){ plain_run.wall, MIN (plain.cpu, plain_run.cpu),
                         MAX (plain.peak_mb, plain_run.peak_mb) };
      else
        plain = (Usage){ plain.wall, MIN (plain.cpu, plain_run.cpu),
                         MAX (plain.peak_mb, plain_run.peak_mb) };

      /* The whole import, as the command line runs it. */
      g_free (db);
      db = g_build_filename (dir, base, NULL);
      argv_import[3] = db;
      if (!run_child (argv_import, &run_usage))
        return EXIT_FAILURE;
      whole = (Usage){ run == 0 ? run_usage.wall : MIN (whole.wall, run_usage.wall),
                       run == 0 ? run_usage.cpu : MIN (whole.cpu, run_usage.cpu),
                       MAX (whole.peak_mb, run_usage.peak_mb) };
      g_print ("Run %u: sqlite3 .import %.3f s, Connecteur import %.3f s\n", run + 1,
               has_plain ? plain_run.wall : -1, run_usage.wall);
    }
  store = cn_store_open (db, &error);
  g_assert_no_error (error);
  if (has_plain)
    g_print ("sqlite3 .import into plain tables (best of %d): %.3f s\n", RUNS, plain.wall);
  g_print ("Connecteur import (best of %d): %.3f s (%u contacts, %u requests)\n", RUNS, whole.wall,
           cn_store_count_contacts (store), cn_store_count_requests (store));
  g_assert_cmpuint (cn_store_count_contacts (store), ==, n_connections);
  g_clear_object (&store);
  if (has_plain)
    {
      g_print ("Ratio: %.2f (target: 1.50 or less) — %s\n", whole.wall / plain.wall,
               whole.wall <= 1.5 * plain.wall ? "within the target" : "OVER THE TARGET");
      g_print ("CPU time (best of %d): sqlite3 %.3f s, Connecteur %.3f s, ratio %.2f\n", RUNS,
               plain.cpu, whole.cpu, whole.cpu / plain.cpu);
      g_print ("Peak resident memory: sqlite3 %.0f MB, Connecteur %.0f MB (target: 300 MB or "
               "less) — %s\n",
               plain.peak_mb, whole.peak_mb,
               whole.peak_mb <= 300 ? "within the target" : "OVER THE TARGET");
    }

  {
    gint64 csv = file_size (connections) + file_size (messages);
    gint64 size = compacted_size (db);

    if (size > 0)
      g_print ("Database after VACUUM: %.1f MB for %.1f MB of CSV, %.2f× (target: 2.00 or less)\n",
               size / 1e6, csv / 1e6, (double) size / csv);
  }

  /* Each stage apart, for where the time goes. */
  batch = cn_import_batch_new ();
  cpu = cpu_seconds (RUSAGE_SELF);
  start = g_get_monotonic_time ();
  if (!cn_linkedin_read (export, batch, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  reading = seconds_since (start);
  reading_cpu = cpu_seconds (RUSAGE_SELF) - cpu;
  store = cn_store_open (db2, &error);
  g_assert_no_error (error);
  g_clear_pointer (&report, cn_import_report_free);
  cpu = cpu_seconds (RUSAGE_SELF);
  start = g_get_monotonic_time ();
  report = cn_store_import_batch (store, batch, NULL, NULL, NULL, &error);
  writing = seconds_since (start);
  cpu = cpu_seconds (RUSAGE_SELF) - cpu;
  g_assert_no_error (error);
  g_print ("  reading the export: %.3f s (CPU %.3f s); writing the batch: %.3f s (CPU %.3f s)"
           " (%u rejections, %u possible duplicates)\n",
           reading, reading_cpu, writing, cpu, report->rejections->len, report->duplicates->len);

  /* Importing it again adds nothing. */
  g_clear_pointer (&report, cn_import_report_free);
  start = g_get_monotonic_time ();
  report = cn_import_run (store, CN_IMPORT_FORMAT_LINKEDIN, paths, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_print ("Importing it again: %.3f s (%u added, %u unchanged, %u requests skipped)\n",
           seconds_since (start), report->contacts_added + report->requests_added,
           report->contacts_unchanged, report->requests_skipped);
  g_assert_cmpuint (report->contacts_added + report->requests_added, ==, 0);
  g_clear_object (&store);

  remove_tree (dir);
  return EXIT_SUCCESS;
}
