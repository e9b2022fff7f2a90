/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cn-csv.h"
#include "cn-text.h"

/* Limits of one record: past them the file is refused rather than read
 * into memory (a 200 MB line stops at the first MiB). */
#define MAX_RECORD_BYTES (1024 * 1024)
#define MAX_FIELDS 4096
/* Raw bytes read per step; the first one decides encoding and separator. */
#define CHUNK_SIZE (64 * 1024)

typedef enum {
  ENC_UTF8,
  ENC_UTF16LE,
  ENC_UTF16BE,
  ENC_CP1252,
} Encoding;

struct _CnCsvReader
{
  GInputStream *stream;
  guint64 size;
  guint64 offset; /* raw bytes read from the stream */
  gboolean eof;
  gboolean failed;

  Encoding encoding;
  char separator;

  guint8 *raw; /* CHUNK_SIZE bytes */
  /* UTF-16 bytes left over from the last chunk (odd byte, high surrogate). */
  guint8 pending[4];
  gsize n_pending;

  /* Decoded text (UTF-8, or cp1252 bytes converted per record). */
  GByteArray *text;
  gsize tpos;

  guint line; /* line of the next byte */
  guint record_line;

  GString *record;    /* the fields, each ending with a NUL */
  gsize field_begin;  /* where the field being read starts in @record */
  GArray *starts;     /* gsize offset of each field in @record */
  GString *converted; /* the record after cp1252 conversion */
  GPtrArray *fields;  /* pointers into @record or @converted, NULL-terminated */
};

/* Windows-1252 0x80..0x9F; the rest of the range is Latin-1. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
  0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
  0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

static void
append_unichar (GByteArray *out, gunichar c)
{
  char buf[6];
  int n = g_unichar_to_utf8 (c, buf);

  g_byte_array_append (out, (const guint8 *) buf, n);
}

static void
append_cp1252 (GString *out, const char *bytes, gsize len)
{
  for (gsize i = 0; i < len; i++)
    {
      guint8 b = (guint8) bytes[i];

      if (b < 0x80)
        g_string_append_c (out, (char) b);
      else
        g_string_append_unichar (out, b < 0xA0 ? cp1252_high[b - 0x80] : (gunichar) b);
    }
}

/* Reads one raw chunk; returns its length, 0 at the end. */
static gssize
read_raw (CnCsvReader *self, GError **error)
{
  gsize n = 0;

  if (self->eof)
    return 0;
  if (!g_input_stream_read_all (self->stream, self->raw, CHUNK_SIZE, &n, NULL, error))
    return -1;
  if (n < CHUNK_SIZE)
    self->eof = TRUE;
  self->offset += n;
  return (gssize) n;
}

static void
decode_utf16 (CnCsvReader *self, const guint8 *bytes, gsize len)
{
  g_autofree guint8 *joined = NULL;
  gboolean le = self->encoding == ENC_UTF16LE;
  gsize i = 0;

  if (self->n_pending > 0)
    {
      joined = g_malloc (self->n_pending + len);
      memcpy (joined, self->pending, self->n_pending);
      memcpy (joined + self->n_pending, bytes, len);
      len += self->n_pending;
      bytes = joined;
      self->n_pending = 0;
    }

  while (i + 1 < len)
    {
      gunichar unit = le ? (bytes[i] | bytes[i + 1] << 8) : (bytes[i] << 8 | bytes[i + 1]);

      if (unit >= 0xD800 && unit < 0xDC00)
        {
          gunichar low;

          if (i + 3 >= len)
            {
              if (self->eof)
                append_unichar (self->text, 0xFFFD);
              else
                break; /* the low half is in the next chunk */
              i += 2;
              continue;
            }
          low = le ? (bytes[i + 2] | bytes[i + 3] << 8) : (bytes[i + 2] << 8 | bytes[i + 3]);
          if (low >= 0xDC00 && low < 0xE000)
            {
              append_unichar (self->text, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
              i += 4;
            }
          else
            {
              append_unichar (self->text, 0xFFFD);
              i += 2;
            }
          continue;
        }
      if (unit >= 0xDC00 && unit < 0xE000)
        append_unichar (self->text, 0xFFFD);
      else if (unit < 0x80)
        g_byte_array_append (self->text, (const guint8 *) &(guint8){ (guint8) unit }, 1);
      else
        append_unichar (self->text, unit);
      i += 2;
    }
  self->n_pending = len - i;
  memcpy (self->pending, bytes + i, self->n_pending);
}

/* Appends decoded text from the next chunk; FALSE at the end or on error. */
static gboolean
fill (CnCsvReader *self, GError **error)
{
  gssize n;

  /* Drop what has been parsed; the record being read lives in @record. */
  if (self->tpos > 0)
    {
      g_byte_array_remove_range (self->text, 0, self->tpos);
      self->tpos = 0;
    }
  n = read_raw (self, error);
  if (n <= 0)
    return FALSE;
  if (self->encoding == ENC_UTF16LE || self->encoding == ENC_UTF16BE)
    decode_utf16 (self, self->raw, n);
  else
    g_byte_array_append (self->text, self->raw, n);
  return TRUE;
}

/* The next byte of text, or -1 at the end (or on error). */
static inline int
next_byte (CnCsvReader *self, GError **error)
{
  while (G_UNLIKELY (self->tpos >= self->text->len))
    if (!fill (self, error))
      return -1;
  return self->text->data[self->tpos++];
}

static inline int
peek_byte (CnCsvReader *self, GError **error)
{
  while (G_UNLIKELY (self->tpos >= self->text->len))
    if (!fill (self, error))
      return -1;
  return self->text->data[self->tpos];
}

static gboolean
looks_binary (const guint8 *bytes, gsize len)
{
  gsize control = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint8 b = bytes[i];

      if (b == 0)
        return TRUE;
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1A)
        control++;
    }
  return control > 2 && control * 100 > len;
}

/* UTF-16 without a BOM: ASCII text has a NUL in every other byte. */
static gboolean
guess_utf16 (const guint8 *bytes, gsize len, Encoding *out)
{
  gsize pairs = len / 2, nul_even = 0, nul_odd = 0;

  if (pairs < 2)
    return FALSE;
  for (gsize i = 0; i + 1 < len; i += 2)
    {
      nul_even += bytes[i] == 0;
      nul_odd += bytes[i + 1] == 0;
    }
  if (nul_even == 0 && nul_odd * 2 >= pairs)
    *out = ENC_UTF16LE;
  else if (nul_odd == 0 && nul_even * 2 >= pairs)
    *out = ENC_UTF16BE;
  else
    return FALSE;
  return TRUE;
}

/* Valid UTF-8, except maybe a sequence cut at the end of a full chunk. */
static gboolean
is_utf8_prefix (const guint8 *bytes, gsize len, gboolean complete)
{
  const char *end = NULL;

  if (g_utf8_validate_len ((const char *) bytes, len, &end))
    return TRUE;
  return !complete && (gsize) ((const guint8 *) end - bytes) + 4 > len;
}

/* The separator with the most occurrences outside quotes in the first lines;
 * a comma when none appears. */
static char
guess_separator (const guint8 *text, gsize len)
{
  static const char candidates[] = { ',', ';', '\t' };
  gsize counts[3] = { 0 };
  gboolean quoted = FALSE;
  guint lines = 0;
  char best = ',';
  gsize best_count = 0;

  for (gsize i = 0; i < len && lines < 20; i++)
    {
      if (text[i] == '"')
        quoted = !quoted;
      else if (!quoted && text[i] == '\n')
        lines++;
      else if (!quoted)
        for (guint k = 0; k < 3; k++)
          counts[k] += text[i] == (guint8) candidates[k];
    }
  for (guint k = 0; k < 3; k++)
    if (counts[k] > best_count)
      {
        best = candidates[k];
        best_count = counts[k];
      }
  return best;
}

/* Reads the first chunk: BOM, encoding, binary check, separator. */
static gboolean
start (CnCsvReader *self, char separator, GError **error)
{
  gssize n = read_raw (self, error);
  const guint8 *bytes = self->raw;
  gsize skip = 0;

  if (n < 0)
    return FALSE;

  if (n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
    {
      self->encoding = ENC_UTF8;
      skip = 3;
    }
  else if (n >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
    {
      self->encoding = ENC_UTF16LE;
      skip = 2;
    }
  else if (n >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
    {
      self->encoding = ENC_UTF16BE;
      skip = 2;
    }
  else if (!guess_utf16 (bytes, n, &self->encoding))
    {
      if (looks_binary (bytes, n))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("This is not a text file (it holds binary data)"));
          return FALSE;
        }
      self->encoding = is_utf8_prefix (bytes, n, self->eof) ? ENC_UTF8 : ENC_CP1252;
    }

  if (self->encoding == ENC_UTF16LE || self->encoding == ENC_UTF16BE)
    {
      decode_utf16 (self, bytes + skip, n - skip);
      /* Decoded UTF-16 holding controls is still binary. */
      if (looks_binary (self->text->data, self->text->len))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("This is not a text file (it holds binary data)"));
          return FALSE;
        }
    }
  else
    g_byte_array_append (self->text, bytes + skip, n - skip);

  self->separator = separator ? separator : guess_separator (self->text->data, self->text->len);
  return TRUE;
}

static CnCsvReader *
reader_new (GInputStream *stream, guint64 size, char separator, GError **error)
{
  CnCsvReader *self = g_new0 (CnCsvReader, 1);

  self->stream = stream;
  self->size = size;
  self->raw = g_malloc (CHUNK_SIZE);
  self->text = g_byte_array_sized_new (CHUNK_SIZE * 2);
  self->line = 1;
  self->record = g_string_sized_new (1024);
  self->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->converted = g_string_new (NULL);
  self->fields = g_ptr_array_new ();
  if (!start (self, separator, error))
    {
      cn_csv_reader_free (self);
      return NULL;
    }
  return self;
}

CnCsvReader *
cn_csv_reader_new_for_path (const char *path, char separator, GError **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, error);
  if (info == NULL)
    return NULL;
  return reader_new (G_INPUT_STREAM (g_steal_pointer (&stream)), g_file_info_get_size (info),
                     separator, error);
}

CnCsvReader *
cn_csv_reader_new_for_bytes (GBytes *bytes, char separator, GError **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);

  return reader_new (g_memory_input_stream_new_from_bytes (bytes), g_bytes_get_size (bytes),
                     separator, error);
}

CnCsvReader *
cn_csv_reader_new_for_stream (GInputStream *stream, guint64 size, char separator, GError **error)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  return reader_new (g_object_ref (stream), size, separator, error);
}

void
cn_csv_reader_free (CnCsvReader *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->stream);
  g_free (self->raw);
  g_byte_array_unref (self->text);
  g_string_free (self->record, TRUE);
  g_array_unref (self->starts);
  g_string_free (self->converted, TRUE);
  g_ptr_array_unref (self->fields);
  g_free (self);
}

static gboolean
end_field (CnCsvReader *self, GError **error)
{
  gsize begin;

  if (self->starts->len >= MAX_FIELDS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Line %u: more than %u fields in one record"), self->record_line, MAX_FIELDS);
      return FALSE;
    }
  begin = self->field_begin;
  g_string_append_c (self->record, '\0');
  self->field_begin = self->record->len;
  g_array_append_val (self->starts, begin);
  return TRUE;
}

/* Points @fields at the record, converting it from cp1252 when needed. */
static void
publish (CnCsvReader *self)
{
  const char *base = self->record->str;
  gboolean convert = self->encoding == ENC_CP1252;

  /* A UTF-8 file may still hold cp1252 further down: convert that record.
   * Each field checked up to its first NUL (its end, as a rule), with the
   * length the record gives, not a strlen() of every field. */
  for (guint i = 0; !convert && i < self->starts->len; i++)
    {
      gsize start = g_array_index (self->starts, gsize, i);
      gsize end = i + 1 < self->starts->len ? g_array_index (self->starts, gsize, i + 1) - 1
                                            : self->record->len - 1;
      const char *stop;

      convert = !cn_text_validate_utf8 (base + start, end - start, &stop) && *stop != '\0';
    }

  g_ptr_array_set_size (self->fields, 0);
  if (convert)
    {
      g_string_truncate (self->converted, 0);
      for (guint i = 0; i < self->starts->len; i++)
        {
          const char *field = base + g_array_index (self->starts, gsize, i);
          g_array_index (self->starts, gsize, i) = self->converted->len;
          append_cp1252 (self->converted, field, strlen (field));
          g_string_append_c (self->converted, '\0');
        }
      base = self->converted->str;
    }
  for (guint i = 0; i < self->starts->len; i++)
    g_ptr_array_add (self->fields, (gpointer) (base + g_array_index (self->starts, gsize, i)));
  g_ptr_array_add (self->fields, NULL);
}

typedef enum {
  FIELD_START,
  UNQUOTED,
  QUOTED,
  QUOTE_IN_QUOTED, /* a quote inside a quoted field: "" or its end */
} State;

/* Appends @c and the plain bytes after it in the buffer in one go (the
 * reader's hot path). */
static inline void
append_run (CnCsvReader *self, int c, gboolean quoted)
{
  const guint8 *data = self->text->data;
  guint8 sep = quoted ? '"' : (guint8) self->separator;
  gsize end = self->tpos;

  while (end < self->text->len)
    {
      guint8 b = data[end];

      if (b == '"' || b == '\n' || b == '\r' || b == sep || b == 0)
        break;
      end++;
    }
  g_string_append_c (self->record, (char) c);
  g_string_append_len (self->record, (const char *) data + self->tpos, end - self->tpos);
  self->tpos = end;
}

/* Consumes the LF of a CRLF after @c, and counts the line; FALSE on a
 * read error. */
static gboolean
end_line (CnCsvReader *self, int c, GError **error)
{
  GError *local_error = NULL;

  self->line++;
  if (c == '\r' && peek_byte (self, &local_error) == '\n')
    self->tpos++;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

gboolean
cn_csv_reader_next (CnCsvReader *self,
                    guint *out_n_fields,
                    const char *const **out_fields,
                    GError **error)
{
  GError *local_error = NULL;
  State state = FIELD_START;
  gboolean any = FALSE;
  const char sep = self->separator;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->failed)
    return FALSE;

  g_string_truncate (self->record, 0);
  g_array_set_size (self->starts, 0);
  self->field_begin = 0;
  self->record_line = self->line;

  for (;;)
    {
      int c = next_byte (self, &local_error);

      if (c < 0)
        {
          if (local_error != NULL)
            goto fail;
          if (!any)
            return FALSE;
          break;
        }
      if (self->record->len > MAX_RECORD_BYTES)
        {
          g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Line %u: a record longer than 1 MiB"), self->record_line);
          goto fail;
        }
      if (c == 0)
        continue; /* a stray NUL would cut the field short */

      switch (state)
        {
        case FIELD_START:
        case UNQUOTED:
          if (c == sep)
            {
              if (!end_field (self, &local_error))
                goto fail;
              state = FIELD_START;
              any = TRUE;
            }
          else if (c == '\r' || c == '\n')
            {
              if (!end_line (self, c, &local_error))
                goto fail;
              if (any)
                goto done;
              self->record_line = self->line; /* blank lines are skipped */
            }
          else if (c == '"' && state == FIELD_START)
            {
              state = QUOTED;
              any = TRUE;
            }
          else
            {
              append_run (self, c, FALSE);
              state = UNQUOTED;
              any = TRUE;
            }
          break;

        case QUOTED:
          if (c == '"')
            state = QUOTE_IN_QUOTED;
          else if (c == '\r' || c == '\n')
            {
              /* Line breaks inside a field become \n whatever the file used. */
              if (!end_line (self, c, &local_error))
                goto fail;
              g_string_append_c (self->record, '\n');
            }
          else
            append_run (self, c, TRUE);
          break;

        case QUOTE_IN_QUOTED:
          if (c == '"')
            {
              g_string_append_c (self->record, '"');
              state = QUOTED;
            }
          else if (c == sep)
            {
              if (!end_field (self, &local_error))
                goto fail;
              state = FIELD_START;
            }
          else if (c == '\r' || c == '\n')
            {
              if (!end_line (self, c, &local_error))
                goto fail;
              goto done;
            }
          else
            {
              /* "abc"def: keep the stray text rather than lose it. */
              g_string_append_c (self->record, (char) c);
              state = UNQUOTED;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }

done:
  if (!end_field (self, &local_error))
    goto fail;
  publish (self);
  if (out_n_fields != NULL)
    *out_n_fields = self->starts->len;
  if (out_fields != NULL)
    *out_fields = (const char *const *) self->fields->pdata;
  return TRUE;

fail:
  self->failed = TRUE;
  g_propagate_error (error, local_error);
  return FALSE;
}

guint
cn_csv_reader_get_line (CnCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->record_line;
}

guint64
cn_csv_reader_get_offset (CnCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->offset;
}

guint64
cn_csv_reader_get_size (CnCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->size;
}

const char *
cn_csv_reader_get_encoding (CnCsvReader *self)
{
  static const char *const names[] = { "UTF-8", "UTF-16LE", "UTF-16BE", "WINDOWS-1252" };

  g_return_val_if_fail (self != NULL, NULL);
  return names[self->encoding];
}

char
cn_csv_reader_get_separator (CnCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->separator;
}
