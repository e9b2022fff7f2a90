/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A reader for .zip archives, enough for the exports people download (a
 * LinkedIn data export is one): the central directory (ZIP64 too), entries
 * stored or deflated (inflated by GIO's GZlibDecompressor: no new library).
 * Extraction is capped and checks the CRC, so a zip bomb or a lying size
 * stops with an error instead of filling memory; entries can be streamed. Not thread-safe per
 * archive: one CnZip per thread. */

typedef struct _CnZip CnZip;

/* The largest entry extracted, whatever the caller asks. */
#define CN_ZIP_MAX_ENTRY_SIZE (G_GUINT64_CONSTANT (512) * 1024 * 1024)
/* The most a reader of several entries should take from one archive, by
 * their declared sizes (which the entries' streams enforce). */
#define CN_ZIP_MAX_TOTAL_SIZE CN_ZIP_MAX_ENTRY_SIZE

/* Whether @path starts like a zip archive (reads 4 bytes). */
gboolean cn_zip_is_zip (const char *path);
/* Reads the central directory. G_IO_ERROR_INVALID_DATA when @path is not a
 * zip archive or a broken one. */
CnZip *cn_zip_open (const char *path, GError **error);
void cn_zip_free (CnZip *zip);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnZip, cn_zip_free)

guint cn_zip_get_n_entries (CnZip *zip);
/* The full path of an entry inside the archive ("Basic_Export/messages.csv"),
 * valid UTF-8; folders end with '/'. */
const char *cn_zip_get_name (CnZip *zip, guint index);
/* The uncompressed size the archive declares. */
guint64 cn_zip_get_size (CnZip *zip, guint index);
/* The entry (not a folder) whose base name is @base_name, compared without
 * case; among several, the least deeply nested. -1 when none. */
int cn_zip_find (CnZip *zip, const char *base_name);
/* The entry's content. Fails with G_IO_ERROR_MESSAGE_TOO_LARGE when it is
 * over @max_size (0: CN_ZIP_MAX_ENTRY_SIZE) or inflates beyond its declared
 * size, G_IO_ERROR_NOT_SUPPORTED for encrypted entries and other methods,
 * G_IO_ERROR_INVALID_DATA when corrupt. */
GBytes *cn_zip_extract (CnZip *zip, guint index, guint64 max_size, GError **error);
/* The entry's content as a stream, inflated as it is read, for a reader that
 * parses as it goes: the same checks and errors as cn_zip_extract(), those of
 * the data coming from the stream's reads (see cn-zip-entry-stream.h). The
 * stream does not need @zip to stay open. */
GInputStream *cn_zip_open_entry (CnZip *zip, guint index, guint64 max_size, GError **error);

G_END_DECLS
