/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The LinkedIn export reader, cn_linkedin_read() in cn-import.h. Input: a
 * mode byte, then, for an even one, one file (a CSV of the export, or its
 * .zip); for an odd one, the files of an export folder separated by NUL
 * bytes: Connections.csv, messages.csv, Invitations.csv, Profile.csv.
 * Checks the readers' contract (cn_fuzz_run_reader()). */

#include "config.h"

#include <string.h>

#include "cn-import.h"
#include "fuzz-common.h"

static const char *const folder_files[] = {
  "Connections.csv",
  "messages.csv",
  "Invitations.csv",
  "Profile.csv",
};

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *path = NULL;

  cn_fuzz_init ();
  if (size < 1)
    return 0;
  /* A file alone may have a Profile.csv beside it: nothing else there. */
  cn_fuzz_clear_tmpdir ();

  if (data[0] % 2 == 0)
    path = cn_fuzz_write_file ("input", data + 1, size - 1);
  else
    {
      g_autoptr(CnFuzzFields) fields = NULL;

      fields = cn_fuzz_fields_new (data + 1, size - 1, G_N_ELEMENTS (folder_files));
      path = g_build_filename (cn_fuzz_get_tmpdir (), "export", NULL);
      for (guint i = 0; i < G_N_ELEMENTS (folder_files); i++)
        {
          const char *contents = cn_fuzz_fields_get (fields, i);
          g_autofree char *name = NULL;
          g_autofree char *file = NULL;

          if (contents == NULL)
            continue;
          name = g_build_filename ("export", folder_files[i], NULL);
          file = cn_fuzz_write_file (name, (const guint8 *) contents, strlen (contents));
        }
      g_mkdir_with_parents (path, 0700);
    }
  cn_fuzz_run_reader (cn_linkedin_read, path, NULL);
  return 0;
}
