/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A CSV reader for the files people export (RFC 4180 and the ways exports
 * stray from it): a UTF-8 or UTF-16 BOM, CRLF or LF, quoted fields holding
 * commas, quotes ("") and line breaks, a separator guessed among , ; and tab,
 * text in UTF-8, UTF-16 or Windows-1252 (decided from the bytes: valid UTF-8
 * is UTF-8, else cp1252). Streams: memory stays flat for big files. */

typedef struct _CnCsvReader CnCsvReader;

/* @separator 0: guess from the first lines. Fails (G_IO_ERROR_INVALID_DATA)
 * on a file that is binary (NUL bytes outside UTF-16, or control bytes). */
CnCsvReader *cn_csv_reader_new_for_path (const char *path, char separator, GError **error);
CnCsvReader *cn_csv_reader_new_for_bytes (GBytes *bytes, char separator, GError **error);
/* Reads @stream (a ref is taken) from where it is; @size is for progress.
 * Errors of the stream's reads come out of cn_csv_reader_next() as they are. */
CnCsvReader *
cn_csv_reader_new_for_stream (GInputStream *stream, guint64 size, char separator, GError **error);
void cn_csv_reader_free (CnCsvReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnCsvReader, cn_csv_reader_free)

/* The next record; FALSE at the end or on error (then @error is set: a
 * record over 1 MiB or with more than 4,096 fields is refused with
 * G_IO_ERROR_INVALID_DATA, naming its line). Fields are valid UTF-8, owned
 * by the reader until the next call. */
gboolean cn_csv_reader_next (CnCsvReader *reader,
                             guint *out_n_fields,
                             const char *const **out_fields,
                             GError **error);
/* The 1-based line where the last record returned starts. */
guint cn_csv_reader_get_line (CnCsvReader *reader);
/* Bytes consumed so far and in all (for progress). */
guint64 cn_csv_reader_get_offset (CnCsvReader *reader);
guint64 cn_csv_reader_get_size (CnCsvReader *reader);
/* The encoding found: "UTF-8", "UTF-16LE", "UTF-16BE", "WINDOWS-1252". */
const char *cn_csv_reader_get_encoding (CnCsvReader *reader);
/* The separator in use (given or guessed). */
char cn_csv_reader_get_separator (CnCsvReader *reader);

G_END_DECLS
