/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cn-test-utils.h"
#include "fuzz-common.h"

static char *tmpdir;

void
cn_fuzz_fail (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  fputs ("PROPERTY VIOLATED: ", stderr);
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);
  fflush (stderr);
  abort ();
}

static void
remove_tmpdir (void)
{
  if (tmpdir != NULL)
    cn_test_remove_tree (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

void
cn_fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

void
cn_fuzz_check_utf8 (const char *what, const char *str, gboolean nullable)
{
  const char *end = NULL;

  if (str == NULL)
    {
      cn_fuzz_assert (nullable, "%s is NULL", what);
      return;
    }
  if (!g_utf8_validate (str, -1, &end))
    cn_fuzz_fail ("%s is not valid UTF-8 at byte %" G_GSIZE_FORMAT ": \"%s\"", what,
                  (gsize) (end - str), str);
}

void
cn_fuzz_check_one_line (const char *what, const char *str)
{
  if (str != NULL && strpbrk (str, "\r\n") != NULL)
    cn_fuzz_fail ("%s has a line break: \"%s\"", what, str);
}

CnFuzzFields *
cn_fuzz_fields_new (const guint8 *data, gsize size, guint n_fields)
{
  CnFuzzFields *fields = g_new0 (CnFuzzFields, 1);
  gsize start = 0;

  g_assert (n_fields > 0);
  fields->n_fields = n_fields;
  fields->fields = g_new0 (char *, n_fields);
  /* An empty input has no field; a trailing NUL makes an empty last one. */
  if (size == 0)
    return fields;
  for (guint i = 0; i < n_fields && start <= size; i++)
    {
      const guint8 *nul = i + 1 < n_fields ? memchr (data + start, '\0', size - start) : NULL;
      gsize end = nul != NULL ? (gsize) (nul - data) : size;

      fields->fields[i] = g_strndup ((const char *) data + start, end - start);
      start = end + 1;
    }
  return fields;
}

void
cn_fuzz_fields_free (CnFuzzFields *fields)
{
  if (fields == NULL)
    return;
  for (guint i = 0; i < fields->n_fields; i++)
    g_free (fields->fields[i]);
  g_free (fields->fields);
  g_free (fields);
}

const char *
cn_fuzz_fields_get (CnFuzzFields *fields, guint index)
{
  return index < fields->n_fields ? fields->fields[index] : NULL;
}

/* A process that crashed (libFuzzer ends it without atexit) leaves its
 * folder: remove those whose process is gone. */
static void
remove_stale_tmpdirs (const char *base)
{
  g_autoptr(GDir) dir = g_dir_open (base, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *proc = NULL;
      g_autofree char *path = NULL;
      guint64 pid;
      char *end;

      if (!g_str_has_prefix (name, "connecteur-fuzz-"))
        continue;
      pid = g_ascii_strtoull (name + strlen ("connecteur-fuzz-"), &end, 10);
      if (pid == 0 || *end != '-')
        continue;
      proc = g_strdup_printf ("/proc/%" G_GUINT64_FORMAT, pid);
      if (!g_file_test ("/proc/self", G_FILE_TEST_EXISTS) || g_file_test (proc, G_FILE_TEST_EXISTS))
        continue;
      path = g_build_filename (base, name, NULL);
      cn_test_remove_tree (path);
    }
}

const char *
cn_fuzz_get_tmpdir (void)
{
  if (tmpdir == NULL)
    {
      /* Millions of runs each write a file or a database: keep them in memory. */
      const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) &&
                                 g_access ("/dev/shm", W_OK) == 0
                             ? "/dev/shm"
                             : g_get_tmp_dir ();
      g_autofree char *name = g_strdup_printf ("connecteur-fuzz-%d-XXXXXX", (int) getpid ());
      char *path = g_build_filename (base, name, NULL);

      remove_stale_tmpdirs (base);
      if (g_mkdtemp (path) == NULL)
        cn_fuzz_fail ("cannot make a temporary folder in %s", base);
      tmpdir = path;
      atexit (remove_tmpdir);
    }
  return tmpdir;
}

void
cn_fuzz_clear_tmpdir (void)
{
  const char *dir_path = cn_fuzz_get_tmpdir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir_path, name, NULL);

      cn_test_remove_tree (child);
    }
}

char *
cn_fuzz_write_file (const char *name, const guint8 *data, gsize size)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (cn_fuzz_get_tmpdir (), name, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents (path, (const char *) data, size, &error))
    cn_fuzz_fail ("cannot write %s: %s", path, error != NULL ? error->message : g_strerror (errno));
  return path;
}

/* Batch records */

/* "Strings are valid UTF-8, trimmed, NULL when absent" (CnImportContact). */
static void
check_trimmed (const char *what, const char *str)
{
  gsize len;

  cn_fuzz_check_utf8 (what, str, TRUE);
  if (str == NULL)
    return;
  len = strlen (str);
  cn_fuzz_assert (len > 0, "%s is empty instead of NULL", what);
  cn_fuzz_assert (!g_ascii_isspace (str[0]) && !g_ascii_isspace (str[len - 1]),
                  "%s is not trimmed: \"%s\"", what, str);
}

static void
check_file (const char *what, const char *file, const char *file_name)
{
  cn_fuzz_check_utf8 (what, file, FALSE);
  cn_fuzz_assert (file_name == NULL || strcmp (file, file_name) == 0, "%s \"%s\", not \"%s\"", what,
                  file, file_name);
}

static void
check_contact (const CnImportContact *contact, const char *file_name)
{
  cn_fuzz_assert (contact != NULL, "a NULL contact in the batch");
  cn_fuzz_assert (contact->name != NULL, "a contact without a name (line %u)", contact->line);
  check_trimmed ("contact name", contact->name);
  cn_fuzz_check_one_line ("contact name", contact->name);
  check_trimmed ("contact email", contact->email);
  cn_fuzz_check_one_line ("contact email", contact->email);
  check_trimmed ("contact profile_url", contact->profile_url);
  cn_fuzz_check_one_line ("contact profile_url", contact->profile_url);
  check_trimmed ("contact company", contact->company);
  check_trimmed ("contact position", contact->position);
  check_trimmed ("contact notes", contact->notes);
  for (guint i = 0; contact->expertise != NULL && contact->expertise[i] != NULL; i++)
    check_trimmed ("contact expertise", contact->expertise[i]);
  check_file ("contact file", contact->file, file_name);
  cn_fuzz_assert (contact->line >= 1, "contact \"%s\" on line 0", contact->name);
}

static void
check_request (const CnImportRequest *request, const char *file_name)
{
  cn_fuzz_assert (request != NULL, "a NULL request in the batch");
  cn_fuzz_check_utf8 ("requester_name", request->requester_name, FALSE);
  cn_fuzz_assert (*request->requester_name != '\0', "an empty requester_name");
  cn_fuzz_check_one_line ("requester_name", request->requester_name);
  cn_fuzz_check_utf8 ("requester_email", request->requester_email, TRUE);
  cn_fuzz_check_one_line ("requester_email", request->requester_email);
  cn_fuzz_check_utf8 ("requester_profile_url", request->requester_profile_url, TRUE);
  cn_fuzz_check_utf8 ("target_hint", request->target_hint, TRUE);
  cn_fuzz_check_utf8 ("note_to_connector", request->note_to_connector, TRUE);
  cn_fuzz_check_utf8 ("note_to_target", request->note_to_target, TRUE);
  cn_fuzz_check_utf8 ("source", request->source, FALSE);
  cn_fuzz_assert (g_str_equal (request->source, "linkedin") ||
                      g_str_equal (request->source, "email"),
                  "request source \"%s\"", request->source);
  cn_fuzz_check_utf8 ("source_ref", request->source_ref, TRUE);
  check_file ("request file", request->file, file_name);
  cn_fuzz_assert (request->line >= 1, "request of \"%s\" on line 0", request->requester_name);
}

static void
check_rejection (const CnImportRejection *rejection, const char *file_name)
{
  cn_fuzz_assert (rejection != NULL, "a NULL rejection in the batch");
  check_file ("rejection file", rejection->file, file_name);
  cn_fuzz_check_utf8 ("rejection reason", rejection->reason, FALSE);
  cn_fuzz_assert (*rejection->reason != '\0', "a rejection without a reason");
}

void
cn_fuzz_check_batch (CnImportBatch *batch,
                     guint first_contact,
                     guint first_request,
                     guint first_rejection,
                     const char *file_name)
{
  for (guint i = first_contact; i < batch->contacts->len; i++)
    check_contact (g_ptr_array_index (batch->contacts, i), file_name);
  for (guint i = first_request; i < batch->requests->len; i++)
    check_request (g_ptr_array_index (batch->requests, i), file_name);
  for (guint i = first_rejection; i < batch->rejections->len; i++)
    check_rejection (g_ptr_array_index (batch->rejections, i), file_name);
}

/* Readers */

static void
on_progress (double fraction, gpointer user_data)
{
  double *last = user_data;

  cn_fuzz_assert (!isnan (fraction) && fraction >= 0.0 && fraction <= 1.0,
                  "progress fraction %g out of [0, 1]", fraction);
  cn_fuzz_assert (fraction >= *last, "progress went back from %g to %g", *last, fraction);
  *last = fraction;
}

int
cn_fuzz_run_reader (CnFuzzReadFunc read, const char *path, const char *file_name)
{
  g_autoptr(CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr(GError) error = NULL;
  CnImportContact *contact = cn_import_contact_new ();
  CnImportRequest *request = cn_import_request_new ();
  double last_fraction = 0.0;
  gboolean ok;

  /* One record of each kind first: a reader appends, and a failed read
   * must leave them, and nothing else. */
  contact->name = g_strdup ("Sentinel Contact");
  contact->file = g_strdup ("earlier.csv");
  contact->line = 1;
  cn_import_batch_add_contact (batch, contact);
  request->requester_name = g_strdup ("Sentinel Requester");
  request->source = g_strdup ("email");
  request->file = g_strdup ("earlier.eml");
  request->line = 1;
  cn_import_batch_add_request (batch, request);
  cn_import_batch_reject (batch, "earlier.csv", 2, "%s", "an earlier rejection");

  ok = read (path, batch, NULL, on_progress, &last_fraction, &error);

  cn_fuzz_assert (g_ptr_array_index (batch->contacts, 0) == contact &&
                      g_ptr_array_index (batch->requests, 0) == request &&
                      g_str_equal (contact->name, "Sentinel Contact"),
                  "the reader changed records that were in the batch before");
  if (!ok)
    {
      cn_fuzz_assert (error != NULL, "a reader failed without an error");
      cn_fuzz_assert (error->domain == CN_IMPORT_ERROR, "a reader failed with %s %d: %s",
                      g_quark_to_string (error->domain), error->code, error->message);
      cn_fuzz_check_utf8 ("error message", error->message, FALSE);
      cn_fuzz_assert (batch->contacts->len == 1 && batch->requests->len == 1 &&
                          batch->rejections->len == 1,
                      "a failed read (%s) appended to the batch: %u contacts, %u requests, "
                      "%u rejections",
                      error->message, batch->contacts->len - 1, batch->requests->len - 1,
                      batch->rejections->len - 1);
      return error->code;
    }

  cn_fuzz_assert (error == NULL, "a reader succeeded with an error: %s", error->message);
  cn_fuzz_check_batch (batch, 1, 1, 1, file_name);
  return -1;
}
