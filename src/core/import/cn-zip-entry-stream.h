/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One entry of a zip archive read as a stream, inflated as it is read, so a
 * reader parses a big entry in flat memory. It never yields more than the
 * size the directory declares (G_IO_ERROR_MESSAGE_TOO_LARGE past it, which
 * stops a zip bomb whatever the ratio), and its last read checks the size
 * and the CRC (G_IO_ERROR_INVALID_DATA when they do not match). Made by
 * cn_zip_open_entry(). */

#define CN_TYPE_ZIP_ENTRY_STREAM (cn_zip_entry_stream_get_type ())
G_DECLARE_FINAL_TYPE (CnZipEntryStream, cn_zip_entry_stream, CN, ZIP_ENTRY_STREAM, GInputStream)

/* @base: a stream already at the entry's data, read from there on (a ref is
 * taken). @method: 0 (stored) or 8 (deflated). @name: for messages. */
GInputStream *cn_zip_entry_stream_new (GInputStream *base,
                                       const char *name,
                                       guint16 method,
                                       guint64 compressed_size,
                                       guint64 size,
                                       guint32 crc);

G_END_DECLS
