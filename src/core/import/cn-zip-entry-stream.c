/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cn-zip-entry-stream.h"

#define CHUNK_SIZE (64 * 1024)

struct _CnZipEntryStream
{
  GInputStream parent_instance;

  GInputStream *base;
  char *name;
  GConverter *inflater; /* NULL for a stored entry */
  guint64 in_remaining; /* compressed bytes not yet read from @base */
  guint64 size;         /* declared uncompressed size */
  guint64 produced;
  guint32 crc;
  guint32 expected_crc;
  gboolean finished;
  guint8 *in;
  gsize in_len, in_pos;
  guint32 crc_table[256];
};

G_DEFINE_FINAL_TYPE (CnZipEntryStream, cn_zip_entry_stream, G_TYPE_INPUT_STREAM)

static void
crc_table_init (guint32 table[256])
{
  for (guint32 i = 0; i < 256; i++)
    {
      guint32 c = i;

      for (int k = 0; k < 8; k++)
        c = c & 1 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
}

static guint32
crc_update (const guint32 table[256], guint32 crc, const guint8 *data, gsize len)
{
  crc = ~crc;
  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

static gssize
fail_invalid (GError **error, const char *why)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Not a readable zip archive: %s"), why);
  return -1;
}

/* Counts @len new bytes; fails once they go past the declared size. */
static gboolean
take (CnZipEntryStream *self, const guint8 *data, gsize len, GError **error)
{
  if (len > self->size - self->produced)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("“%s” in the zip archive is too large"), self->name);
      return FALSE;
    }
  self->produced += len;
  self->crc = crc_update (self->crc_table, self->crc, data, len);
  return TRUE;
}

/* The end of the data: it must be all the entry promised. */
static gssize
finish (CnZipEntryStream *self, GError **error)
{
  self->finished = TRUE;
  if (self->produced != self->size || self->crc != self->expected_crc)
    return fail_invalid (error, _("an entry is corrupt"));
  return 0;
}

static gssize
read_stored (
    CnZipEntryStream *self, guint8 *buffer, gsize count, GCancellable *cancellable, GError **error)
{
  gsize want = MIN (count, self->in_remaining), n = 0;

  if (want == 0)
    return finish (self, error);
  if (!g_input_stream_read_all (self->base, buffer, want, &n, cancellable, error))
    return -1;
  if (n != want)
    return fail_invalid (error, _("it is cut short"));
  self->in_remaining -= n;
  if (!take (self, buffer, n, error))
    return -1;
  return n;
}

static gssize
read_deflated (
    CnZipEntryStream *self, guint8 *buffer, gsize count, GCancellable *cancellable, GError **error)
{
  for (;;)
    {
      GConverterResult result;
      gsize n_read = 0, n_written = 0;
      g_autoptr(GError) local_error = NULL;

      if (self->in_pos == self->in_len && self->in_remaining > 0)
        {
          gsize want = MIN (self->in_remaining, CHUNK_SIZE);

          if (!g_input_stream_read_all (self->base, self->in, want, &self->in_len, cancellable,
                                        error))
            return -1;
          if (self->in_len != want)
            return fail_invalid (error, _("it is cut short"));
          self->in_pos = 0;
          self->in_remaining -= want;
        }
      result = g_converter_convert (self->inflater, self->in + self->in_pos,
                                    self->in_len - self->in_pos, buffer, count,
                                    self->in_remaining == 0 ? G_CONVERTER_INPUT_AT_END : 0, &n_read,
                                    &n_written, &local_error);
      if (result == G_CONVERTER_ERROR)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) &&
              self->in_remaining > 0 && self->in_pos == self->in_len)
            continue;
          return fail_invalid (error, _("its data is corrupt"));
        }
      self->in_pos += n_read;
      if (!take (self, buffer, n_written, error))
        return -1;
      if (result == G_CONVERTER_FINISHED)
        {
          if (n_written > 0)
            {
              /* Report these bytes now; the next read checks the end. */
              self->in_remaining = 0;
              self->in_pos = self->in_len;
              g_clear_object (&self->inflater);
              return n_written;
            }
          return finish (self, error);
        }
      if (n_written > 0)
        return n_written;
      if (n_read == 0 && self->in_pos == self->in_len && self->in_remaining == 0)
        return fail_invalid (error, _("its data is corrupt"));
    }
}

static gssize
cn_zip_entry_stream_read (
    GInputStream *stream, void *buffer, gsize count, GCancellable *cancellable, GError **error)
{
  CnZipEntryStream *self = CN_ZIP_ENTRY_STREAM (stream);

  if (self->finished || count == 0)
    return 0;
  /* A deflated entry whose last bytes were returned ends like a stored one. */
  if (self->inflater == NULL)
    return read_stored (self, buffer, count, cancellable, error);
  return read_deflated (self, buffer, count, cancellable, error);
}

static gboolean
cn_zip_entry_stream_close (GInputStream *stream, GCancellable *cancellable, GError **error)
{
  CnZipEntryStream *self = CN_ZIP_ENTRY_STREAM (stream);

  return g_input_stream_close (self->base, cancellable, error);
}

static void
cn_zip_entry_stream_finalize (GObject *object)
{
  CnZipEntryStream *self = CN_ZIP_ENTRY_STREAM (object);

  g_clear_object (&self->base);
  g_clear_object (&self->inflater);
  g_free (self->name);
  g_free (self->in);
  G_OBJECT_CLASS (cn_zip_entry_stream_parent_class)->finalize (object);
}

static void
cn_zip_entry_stream_class_init (CnZipEntryStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = cn_zip_entry_stream_finalize;
  stream_class->read_fn = cn_zip_entry_stream_read;
  stream_class->close_fn = cn_zip_entry_stream_close;
}

static void
cn_zip_entry_stream_init (CnZipEntryStream *self)
{
  crc_table_init (self->crc_table);
}

GInputStream *
cn_zip_entry_stream_new (GInputStream *base,
                         const char *name,
                         guint16 method,
                         guint64 compressed_size,
                         guint64 size,
                         guint32 crc)
{
  CnZipEntryStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);
  g_return_val_if_fail (method == 0 || method == 8, NULL);

  self = g_object_new (CN_TYPE_ZIP_ENTRY_STREAM, NULL);
  self->base = g_object_ref (base);
  self->name = g_strdup (name);
  self->in_remaining = compressed_size;
  self->size = size;
  self->expected_crc = crc;
  if (method == 8)
    {
      self->inflater = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW));
      self->in = g_malloc (CHUNK_SIZE);
    }
  return G_INPUT_STREAM (self);
}
