/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cn-zip-entry-stream.h"
#include "cn-zip.h"

#define SIG_LOCAL 0x04034b50
#define SIG_CENTRAL 0x02014b50
#define SIG_END 0x06054b50
#define SIG_END64 0x06064b50
#define SIG_END64_LOCATOR 0x07064b50
#define END_SIZE 22
#define CENTRAL_SIZE 46
#define LOCAL_SIZE 30
/* Bounds on the directory itself, so a forged one cannot exhaust memory. */
#define MAX_DIRECTORY_SIZE (64 * 1024 * 1024)
#define MAX_ENTRIES 200000
#define CHUNK_SIZE (64 * 1024)

typedef struct
{
  char *name;
  guint64 compressed_size;
  guint64 size;
  guint64 local_offset;
  guint32 crc;
  guint16 method;
  guint16 flags;
} Entry;

struct _CnZip
{
  GFile *file;
  GInputStream *stream; /* for the directory and local headers */
  guint64 file_size;
  GArray *entries; /* Entry */
};

static guint16
get16 (const guint8 *p)
{
  return p[0] | p[1] << 8;
}

static guint32
get32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint64
get64 (const guint8 *p)
{
  return get32 (p) | (guint64) get32 (p + 4) << 32;
}

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->name);
}

static gboolean
set_invalid (GError **error, const char *why)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Not a readable zip archive: %s"), why);
  return FALSE;
}

static gboolean
read_at (CnZip *self, guint64 offset, void *buffer, gsize len, GError **error)
{
  gsize n = 0;

  if (len == 0)
    return TRUE;
  if (offset > self->file_size || len > self->file_size - offset)
    return set_invalid (error, _("it is cut short"));
  if (!g_seekable_seek (G_SEEKABLE (self->stream), offset, G_SEEK_SET, NULL, error))
    return FALSE;
  if (!g_input_stream_read_all (self->stream, buffer, len, &n, NULL, error))
    return FALSE;
  if (n != len)
    return set_invalid (error, _("it is cut short"));
  return TRUE;
}

/* Finds the end record in the last 64 KiB (it may be followed by a comment). */
static gboolean
find_end (CnZip *self, guint64 *out_offset, guint8 end[END_SIZE], GError **error)
{
  gsize tail_len = MIN (self->file_size, 0xFFFF + END_SIZE);
  g_autofree guint8 *tail = NULL;

  if (self->file_size < END_SIZE)
    return set_invalid (error, _("it is too short"));
  tail = g_malloc (tail_len);
  if (!read_at (self, self->file_size - tail_len, tail, tail_len, error))
    return FALSE;
  for (gssize i = tail_len - END_SIZE; i >= 0; i--)
    if (get32 (tail + i) == SIG_END)
      {
        memcpy (end, tail + i, END_SIZE);
        *out_offset = self->file_size - tail_len + i;
        return TRUE;
      }
  return set_invalid (error, _("its directory is missing"));
}

/* ZIP64: the real counts live in a second end record found by a locator. */
static gboolean
read_end64 (CnZip *self,
            guint64 end_offset,
            guint64 *n_entries,
            guint64 *dir_size,
            guint64 *dir_offset,
            GError **error)
{
  guint8 locator[20], end64[56];

  if (end_offset < sizeof locator)
    return set_invalid (error, _("its directory is missing"));
  if (!read_at (self, end_offset - sizeof locator, locator, sizeof locator, error))
    return FALSE;
  if (get32 (locator) != SIG_END64_LOCATOR)
    return set_invalid (error, _("its directory is missing"));
  if (!read_at (self, get64 (locator + 8), end64, sizeof end64, error))
    return FALSE;
  if (get32 (end64) != SIG_END64)
    return set_invalid (error, _("its directory is missing"));
  *n_entries = get64 (end64 + 32);
  *dir_size = get64 (end64 + 40);
  *dir_offset = get64 (end64 + 48);
  return TRUE;
}

/* Takes the 64-bit sizes from the extra field where the 32-bit ones are full. */
static void
apply_zip64_extra (Entry *entry, const guint8 *extra, gsize len)
{
  gsize pos = 0;

  while (pos + 4 <= len)
    {
      guint16 id = get16 (extra + pos), size = get16 (extra + pos + 2);
      const guint8 *p = extra + pos + 4, *end = p + MIN (size, len - pos - 4);

      if (id == 0x0001)
        {
          if (entry->size == 0xFFFFFFFF && p + 8 <= end)
            entry->size = get64 (p), p += 8;
          if (entry->compressed_size == 0xFFFFFFFF && p + 8 <= end)
            entry->compressed_size = get64 (p), p += 8;
          if (entry->local_offset == 0xFFFFFFFF && p + 8 <= end)
            entry->local_offset = get64 (p);
          return;
        }
      pos += 4 + size;
    }
}

static char *
entry_name (const guint8 *bytes, gsize len)
{
  /* Names not flagged UTF-8 are CP437 by the spec, Windows' ANSI in
   * practice: keep them readable rather than guess. */
  return g_utf8_make_valid ((const char *) bytes, len);
}

static gboolean
read_directory (CnZip *self, GError **error)
{
  guint8 end[END_SIZE];
  guint64 end_offset, n_entries, dir_size, dir_offset;
  g_autofree guint8 *dir = NULL;
  gsize pos = 0;

  if (!find_end (self, &end_offset, end, error))
    return FALSE;
  n_entries = get16 (end + 10);
  dir_size = get32 (end + 12);
  dir_offset = get32 (end + 16);
  if ((n_entries == 0xFFFF || dir_size == 0xFFFFFFFF || dir_offset == 0xFFFFFFFF) &&
      !read_end64 (self, end_offset, &n_entries, &dir_size, &dir_offset, error))
    return FALSE;
  if (n_entries > MAX_ENTRIES || dir_size > MAX_DIRECTORY_SIZE)
    return set_invalid (error, _("its directory is too large"));

  dir = g_malloc (dir_size + 1);
  if (!read_at (self, dir_offset, dir, dir_size, error))
    return FALSE;

  for (guint64 i = 0; i < n_entries; i++)
    {
      Entry entry = { 0 };
      gsize name_len, extra_len, comment_len;

      if (pos + CENTRAL_SIZE > dir_size || get32 (dir + pos) != SIG_CENTRAL)
        return set_invalid (error, _("its directory is corrupt"));
      name_len = get16 (dir + pos + 28);
      extra_len = get16 (dir + pos + 30);
      comment_len = get16 (dir + pos + 32);
      if (pos + CENTRAL_SIZE + name_len + extra_len + comment_len > dir_size)
        return set_invalid (error, _("its directory is corrupt"));
      entry.flags = get16 (dir + pos + 8);
      entry.method = get16 (dir + pos + 10);
      entry.crc = get32 (dir + pos + 16);
      entry.compressed_size = get32 (dir + pos + 20);
      entry.size = get32 (dir + pos + 24);
      entry.local_offset = get32 (dir + pos + 42);
      apply_zip64_extra (&entry, dir + pos + CENTRAL_SIZE + name_len, extra_len);
      entry.name = entry_name (dir + pos + CENTRAL_SIZE, name_len);
      g_array_append_val (self->entries, entry);
      pos += CENTRAL_SIZE + name_len + extra_len + comment_len;
    }
  return TRUE;
}

gboolean
cn_zip_is_zip (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  guint8 magic[4];
  gsize n = 0;

  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), magic, 4, &n, NULL, NULL) || n != 4)
    return FALSE;
  /* A local header, or the end record of an empty archive. */
  return get32 (magic) == SIG_LOCAL || get32 (magic) == SIG_END;
}

CnZip *
cn_zip_open (const char *path, GError **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  CnZip *self;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, error);
  if (info == NULL)
    return NULL;

  self = g_new0 (CnZip, 1);
  self->file = g_steal_pointer (&file);
  self->stream = G_INPUT_STREAM (g_steal_pointer (&stream));
  self->file_size = g_file_info_get_size (info);
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
  if (!read_directory (self, error))
    {
      cn_zip_free (self);
      return NULL;
    }
  return self;
}

void
cn_zip_free (CnZip *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->stream);
  g_clear_object (&self->file);
  g_array_unref (self->entries);
  g_free (self);
}

guint
cn_zip_get_n_entries (CnZip *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->entries->len;
}

const char *
cn_zip_get_name (CnZip *self, guint index)
{
  g_return_val_if_fail (self != NULL && index < self->entries->len, NULL);
  return g_array_index (self->entries, Entry, index).name;
}

guint64
cn_zip_get_size (CnZip *self, guint index)
{
  g_return_val_if_fail (self != NULL && index < self->entries->len, 0);
  return g_array_index (self->entries, Entry, index).size;
}

int
cn_zip_find (CnZip *self, const char *base_name)
{
  g_autofree char *wanted = NULL;
  int best = -1;
  guint best_depth = G_MAXUINT;

  g_return_val_if_fail (self != NULL && base_name != NULL, -1);

  wanted = g_utf8_casefold (base_name, -1);
  for (guint i = 0; i < self->entries->len; i++)
    {
      const char *name = g_array_index (self->entries, Entry, i).name;
      const char *slash = strrchr (name, '/');
      const char *base = slash ? slash + 1 : name;
      g_autofree char *folded = NULL;
      guint depth = 0;

      if (*base == '\0')
        continue; /* a folder */
      folded = g_utf8_casefold (base, -1);
      if (strcmp (folded, wanted) != 0)
        continue;
      for (const char *p = name; *p; p++)
        depth += *p == '/';
      if (depth < best_depth)
        {
          best = (int) i;
          best_depth = depth;
        }
    }
  return best;
}

static gboolean
set_too_large (GError **error, const char *name)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
               _("“%s” in the zip archive is too large"), name);
  return FALSE;
}

/* Checks what can be checked before reading an entry; the stream, already
 * at its data. */
static GInputStream *
open_entry (CnZip *self, const Entry *entry, guint64 max_size, GError **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  guint8 local[LOCAL_SIZE];
  guint64 data_offset;

  if (max_size == 0 || max_size > CN_ZIP_MAX_ENTRY_SIZE)
    max_size = CN_ZIP_MAX_ENTRY_SIZE;
  if (entry->size > max_size)
    {
      set_too_large (error, entry->name);
      return NULL;
    }
  if (entry->flags & 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” in the zip archive is encrypted"), entry->name);
      return NULL;
    }
  if (entry->method != 0 && entry->method != 8)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” in the zip archive uses an unsupported compression"), entry->name);
      return NULL;
    }
  if (entry->method == 0 && entry->compressed_size != entry->size)
    {
      set_invalid (error, _("an entry is corrupt"));
      return NULL;
    }

  if (!read_at (self, entry->local_offset, local, LOCAL_SIZE, error))
    return NULL;
  if (get32 (local) != SIG_LOCAL)
    {
      set_invalid (error, _("an entry is corrupt"));
      return NULL;
    }
  data_offset = entry->local_offset + LOCAL_SIZE + get16 (local + 26) + get16 (local + 28);
  if (data_offset > self->file_size || entry->compressed_size > self->file_size - data_offset)
    {
      set_invalid (error, _("it is cut short"));
      return NULL;
    }

  /* Its own file stream: entries can be read while the archive is used. */
  stream = g_file_read (self->file, NULL, error);
  if (stream == NULL ||
      !g_seekable_seek (G_SEEKABLE (stream), data_offset, G_SEEK_SET, NULL, error))
    return NULL;
  return cn_zip_entry_stream_new (G_INPUT_STREAM (stream), entry->name, entry->method,
                                  entry->compressed_size, entry->size, entry->crc);
}

GInputStream *
cn_zip_open_entry (CnZip *self, guint index, guint64 max_size, GError **error)
{
  g_return_val_if_fail (self != NULL && index < self->entries->len, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_entry (self, &g_array_index (self->entries, Entry, index), max_size, error);
}

GBytes *
cn_zip_extract (CnZip *self, guint index, guint64 max_size, GError **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) out = NULL;
  g_autofree guint8 *buf = NULL;
  gssize n;

  g_return_val_if_fail (self != NULL && index < self->entries->len, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stream = cn_zip_open_entry (self, index, max_size, error);
  if (stream == NULL)
    return NULL;
  out = g_byte_array_new ();
  buf = g_malloc (CHUNK_SIZE);
  while ((n = g_input_stream_read (stream, buf, CHUNK_SIZE, NULL, error)) > 0)
    g_byte_array_append (out, buf, n);
  if (n < 0)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
