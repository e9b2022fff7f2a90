/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The import of a big LinkedIn export: 30,000 connections (after the Notes
 * preamble) and 100,000 messages in 10,000 conversations, incoming and
 * outgoing (50,000 conversations). Times the sqlite3 command-line tool's `.import` of the same CSV
 * files into plain tables, then the whole import into a fresh Connecteur
 * database (reading and writing, then each apart). The target: the import
 * within twice the time of `.import`. Prints measurements; fails only when
 * something does not work.
 * Usage: bench-import [N_CONNECTIONS N_MESSAGES] */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

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

static double plain_cpu = -1;

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

/* -1 when sqlite3 is absent or fails. */
static double
time_sqlite3_import (const char *dir, guint run, const char *connections, const char *messages)
{
  g_autofree char *sqlite3 = g_find_program_in_path ("sqlite3");
  g_autofree char *base = g_strdup_printf ("plain-%u.db", run);
  g_autofree char *db = g_build_filename (dir, base, NULL);
  g_autofree char *import_connections = g_strdup_printf (".import --skip 4 '%s' connections",
                                                         connections);
  g_autofree char *import_messages = g_strdup_printf (".import '%s' messages", messages);
  const char *argv[] = { sqlite3, db, ".mode csv", import_connections, import_messages, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  gint64 start;
  double cpu, wall;

  if (sqlite3 == NULL)
    {
      g_print ("sqlite3 is not installed: the reference time is skipped.\n");
      return -1;
    }
  cpu = cpu_seconds (RUSAGE_CHILDREN);
  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_print ("sqlite3 failed: %s\n%s\n", error->message, err != NULL ? err : "");
      return -1;
    }
  wall = seconds_since (start);
  cpu = cpu_seconds (RUSAGE_CHILDREN) - cpu;
  plain_cpu = plain_cpu < 0 ? cpu : MIN (plain_cpu, cpu);
  return wall;
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
  guint n_connections = argc > 2 ? (guint) atoi (argv[1]) : 30000;
  guint n_messages = argc > 2 ? (guint) atoi (argv[2]) : 100000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("connecteur-bench-import-XXXXXX", &error);
  g_autofree char *export = NULL;
  g_autofree char *connections = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *db = NULL;
  g_autofree char *db2 = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnImportBatch) batch = NULL;
  const char *paths[2] = { NULL, NULL };
  double reference = -1, whole = 0, reading, writing, cpu, whole_cpu = 0, reading_cpu;
  guint n_progress = 0;
  gint64 start;

  setlocale (LC_ALL, "");
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
      double plain = time_sqlite3_import (dir, run, connections, messages);
      double seconds;

      if (plain < 0)
        reference = -1;
      else if (run == 0 || plain < reference)
        reference = plain;

      /* The whole import, as the command line runs it. */
      g_free (db);
      db = g_build_filename (dir, base, NULL);
      store = cn_store_open (db, &error);
      g_assert_no_error (error);
      g_clear_pointer (&report, cn_import_report_free);
      n_progress = 0;
      cpu = cpu_seconds (RUSAGE_SELF);
      start = g_get_monotonic_time ();
      report = cn_import_run (store, CN_IMPORT_FORMAT_LINKEDIN, paths, NULL, on_progress,
                              &n_progress, &error);
      seconds = seconds_since (start);
      cpu = cpu_seconds (RUSAGE_SELF) - cpu;
      whole_cpu = run == 0 ? cpu : MIN (whole_cpu, cpu);
      g_assert_no_error (error);
      g_clear_object (&store);
      whole = run == 0 ? seconds : MIN (whole, seconds);
      g_print ("Run %u: sqlite3 .import %.3f s, Connecteur import %.3f s\n", run + 1, plain,
               seconds);
    }
  if (reference >= 0)
    g_print ("sqlite3 .import into plain tables (best of %d): %.3f s\n", RUNS, reference);
  g_print ("Connecteur import (best of %d): %.3f s (%u contacts, %u requests added, %u rejections, "
           "%u possible duplicates, %u progress reports)\n",
           RUNS, whole, report->contacts_added, report->requests_added, report->rejections->len,
           report->duplicates->len, n_progress);
  for (guint i = 0; i < MIN (report->rejections->len, 3); i++)
    {
      CnImportRejection *rejection = g_ptr_array_index (report->rejections, i);

      g_print ("  rejected: %s:%u: %s\n", rejection->file, rejection->line, rejection->reason);
    }
  g_assert_cmpuint (report->contacts_added, ==, n_connections);
  if (reference > 0)
    g_print ("Ratio: %.2f (target: 2.00 or less) — %s\n", whole / reference,
             whole <= 2 * reference ? "within the target" : "OVER THE TARGET");
  if (reference > 0)
    g_print ("CPU time (best of %d): sqlite3 %.3f s, Connecteur %.3f s, ratio %.2f\n", RUNS,
             plain_cpu, whole_cpu, whole_cpu / plain_cpu);

  {
    struct rusage usage;
    gint64 csv = file_size (connections) + file_size (messages);
    gint64 size = compacted_size (db);

    getrusage (RUSAGE_SELF, &usage);
    g_print ("Peak resident memory of this program so far: %.0f MB\n", usage.ru_maxrss / 1024.0);
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
  g_print ("  reading the export: %.3f s (CPU %.3f s); writing the batch: %.3f s (CPU %.3f s)\n",
           reading, reading_cpu, writing, cpu);

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
