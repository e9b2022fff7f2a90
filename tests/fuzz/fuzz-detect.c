/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Import detection, cn_import_detect() in cn-import.h. Input: a file. The
 * format is UNKNOWN exactly when an error says the file is not recognised;
 * a format found has a name that reads back; the reader of that format
 * keeps its contract. And a plain text file (no control bytes but tab and
 * line ends) detected as a contacts CSV, for a header row with a name
 * column, is recognised by the contacts-CSV reader, which looks for the same
 * row: else `import auto` refuses, as "not a contacts CSV", the file it
 * took for one. (Detection is otherwise looser than the readers by design:
 * it sniffs the start of a file, so a "From " line or two LinkedIn column
 * names are enough for it, and the reader then refuses a broken file.) */

#include "config.h"

#include "cn-import.h"
#include "fuzz-common.h"

static CnFuzzReadFunc
reader_for (CnImportFormat format)
{
  switch (format)
    {
    case CN_IMPORT_FORMAT_LINKEDIN:
      return cn_linkedin_read;
    case CN_IMPORT_FORMAT_VCARD:
      return cn_vcard_read;
    case CN_IMPORT_FORMAT_CSV:
      return cn_contacts_csv_read;
    case CN_IMPORT_FORMAT_MAIL:
      return cn_mail_read;
    case CN_IMPORT_FORMAT_UNKNOWN:
    default:
      return NULL;
    }
}

static gboolean
is_plain_text (const guint8 *data, gsize size)
{
  for (gsize i = 0; i < size; i++)
    if ((data[i] < ' ' && data[i] != '\t' && data[i] != '\n' && data[i] != '\r') || data[i] == 0x7f)
      return FALSE;
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  CnImportFormat format, read_back;
  const char *name;
  int code;

  cn_fuzz_init ();
  /* A LinkedIn CSV alone may have a Profile.csv beside it: nothing else there. */
  cn_fuzz_clear_tmpdir ();
  path = cn_fuzz_write_file ("input", data, size);

  format = cn_import_detect (path, &error);
  if (format == CN_IMPORT_FORMAT_UNKNOWN)
    {
      cn_fuzz_assert (g_error_matches (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED),
                      "UNKNOWN with %s", error != NULL ? error->message : "no error");
      cn_fuzz_check_utf8 ("error message", error->message, FALSE);
      return 0;
    }
  cn_fuzz_assert (error == NULL, "format %d with an error: %s", format, error->message);
  cn_fuzz_assert (reader_for (format) != NULL, "format %d out of the enumeration", format);

  name = cn_import_format_to_string (format);
  cn_fuzz_assert (name != NULL && cn_import_format_from_string (name, &read_back) &&
                      read_back == format,
                  "format %d does not read back from its name", format);

  code = cn_fuzz_run_reader (reader_for (format), path, NULL);
  cn_fuzz_assert (format != CN_IMPORT_FORMAT_CSV || code != CN_IMPORT_ERROR_NOT_RECOGNISED ||
                      !is_plain_text (data, size),
                  "a text file detected as a contacts CSV, but the contacts-CSV reader does "
                  "not recognise it");
  return 0;
}
