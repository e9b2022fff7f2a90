/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The CSV reader (cn-csv.h). Input: one byte choosing the separator (guessed,
 * or given), then the file. The same bytes are read from memory and from a
 * file, which must give the same records; every field is valid UTF-8, the
 * limits hold, lines go forward and the offset ends at the size. */

#include "config.h"

#include <string.h>

#include "cn-csv.h"
#include "fuzz-common.h"

#define MAX_FIELDS 4096

static const char separators[] = { 0, ',', ';', '\t', '|' };

/* Reads every record, checking each, into a text that sums them up. */
static char *
read_all (CnCsvReader *reader, char separator, gsize size)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *const *fields = NULL;
  const char *encoding = cn_csv_reader_get_encoding (reader);
  char used = cn_csv_reader_get_separator (reader);
  guint n_fields = 0, last_line = 0, n_records = 0;
  guint64 last_offset = 0;

  cn_fuzz_assert (g_strv_contains ((const char *const[]){ "UTF-8", "UTF-16LE", "UTF-16BE",
                                                          "WINDOWS-1252", NULL },
                                   encoding),
                  "unknown encoding \"%s\"", encoding);
  if (separator != 0)
    cn_fuzz_assert (used == separator, "separator '%c' given, '%c' used", separator, used);
  else
    cn_fuzz_assert (used == ',' || used == ';' || used == '\t', "guessed separator 0x%02x",
                    (guint8) used);
  g_string_append_printf (out, "%s %d\n", encoding, used);

  while (cn_csv_reader_next (reader, &n_fields, &fields, &error))
    {
      guint line = cn_csv_reader_get_line (reader);
      guint64 offset = cn_csv_reader_get_offset (reader);

      n_records++;
      /* Each record takes at least one byte: more than that is a loop. */
      cn_fuzz_assert (n_records <= size + 1, "%u records out of %" G_GSIZE_FORMAT " bytes",
                      n_records, size);
      cn_fuzz_assert (n_fields >= 1 && n_fields <= MAX_FIELDS, "a record of %u fields", n_fields);
      cn_fuzz_assert (line >= 1 && line > last_line, "record on line %u after line %u", line,
                      last_line);
      cn_fuzz_assert (offset >= last_offset && offset <= size,
                      "offset %" G_GUINT64_FORMAT " after %" G_GUINT64_FORMAT
                      " (size %" G_GSIZE_FORMAT ")",
                      offset, last_offset, size);
      last_line = line;
      last_offset = offset;

      g_string_append_printf (out, "%u:", line);
      for (guint i = 0; i < n_fields; i++)
        {
          cn_fuzz_check_utf8 ("CSV field", fields[i], FALSE);
          g_string_append (out, fields[i]);
          g_string_append_c (out, '\x1f');
        }
      g_string_append_c (out, '\n');
    }

  if (error != NULL)
    {
      cn_fuzz_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA),
                      "cn_csv_reader_next() failed with %s %d: %s",
                      g_quark_to_string (error->domain), error->code, error->message);
      cn_fuzz_check_utf8 ("error message", error->message, FALSE);
      g_string_append_printf (out, "error %d\n", error->code);
    }
  else
    {
      /* At the end, everything was read. */
      cn_fuzz_assert (cn_csv_reader_get_offset (reader) == size &&
                          cn_csv_reader_get_size (reader) == size,
                      "at the end, offset %" G_GUINT64_FORMAT " and size %" G_GUINT64_FORMAT
                      " for %" G_GSIZE_FORMAT " bytes",
                      cn_csv_reader_get_offset (reader), cn_csv_reader_get_size (reader), size);
    }
  /* Past the end (or an error), it stays there. */
  g_clear_error (&error);
  cn_fuzz_assert (!cn_csv_reader_next (reader, &n_fields, &fields, NULL), "a record after the end");
  return g_string_free (out, FALSE);
}

/* The records, or the error that refused the file. */
static char *
read_with (CnCsvReader *reader, GError *error, char separator, gsize size)
{
  if (reader == NULL)
    {
      cn_fuzz_assert (error != NULL, "no reader and no error");
      cn_fuzz_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA),
                      "a reader refused with %s %d: %s", g_quark_to_string (error->domain),
                      error->code, error->message);
      return g_strdup_printf ("refused %d\n", error->code);
    }
  cn_fuzz_assert (error == NULL, "a reader and an error: %s", error->message);
  return read_all (reader, separator, size);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CnCsvReader) from_bytes = NULL;
  g_autoptr(CnCsvReader) from_path = NULL;
  g_autoptr(GError) bytes_error = NULL;
  g_autoptr(GError) path_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *records_bytes = NULL;
  g_autofree char *records_path = NULL;
  char separator;

  cn_fuzz_init ();
  if (size < 1)
    return 0;
  separator = separators[data[0] % G_N_ELEMENTS (separators)];
  data++;
  size--;

  bytes = g_bytes_new (data, size);
  from_bytes = cn_csv_reader_new_for_bytes (bytes, separator, &bytes_error);
  records_bytes = read_with (from_bytes, bytes_error, separator, size);

  path = cn_fuzz_write_file ("input.csv", data, size);
  from_path = cn_csv_reader_new_for_path (path, separator, &path_error);
  records_path = read_with (from_path, path_error, separator, size);

  cn_fuzz_assert (strcmp (records_bytes, records_path) == 0,
                  "read from memory and from a file differ:\n%s\n---\n%s", records_bytes,
                  records_path);
  return 0;
}
