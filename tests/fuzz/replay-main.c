/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Replays inputs through a harness without libFuzzer, so that the ordinary
 * test suite (any compiler) runs every corpus: each argument is a file or a
 * folder of files (not recursive; hidden files skipped); a missing one is
 * skipped. A broken property aborts, naming the input just printed. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz-common.h"

static guint
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize size = 0;
  guint8 *copy;

  if (!g_file_get_contents (path, &contents, &size, &error))
    g_error ("Cannot read %s: %s", path, error->message);
  g_print ("%s (%" G_GSIZE_FORMAT " bytes)\n", path, size);
  /* An exact-size copy, as libFuzzer passes it: a read past the end shows
   * under a sanitizer. */
  copy = g_malloc (MAX (size, 1));
  memcpy (copy, contents, size);
  LLVMFuzzerTestOneInput (copy, size);
  g_free (copy);
  return 1;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static guint
replay_path (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;
  guint n = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_print ("%s: absent, skipped\n", path);
      return 0;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return replay_file (path);

  dir = g_dir_open (path, 0, NULL);
  names = g_ptr_array_new_with_free_func (g_free);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  /* The same order on every machine. */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    if (g_file_test (g_ptr_array_index (names, i), G_FILE_TEST_IS_REGULAR))
      n += replay_file (g_ptr_array_index (names, i));
  return n;
}

int
main (int argc, char **argv)
{
  guint n = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: %s FILE-OR-FOLDER…\n", argv[0]);
      return EXIT_FAILURE;
    }
  for (int i = 1; i < argc; i++)
    n += replay_path (argv[i]);
  g_print ("%u inputs replayed without a broken property\n", n);
  return EXIT_SUCCESS;
}
