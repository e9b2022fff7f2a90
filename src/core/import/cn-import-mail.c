/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The e-mail reader: files (.eml, mbox) split into messages, and its API:
 * cn_mail_read(), and the same for a message IMAP fetched. Each message is
 * read in cn-import-mail-message.c, its text in cn-import-mail-text.c. */

#include "config.h"

#include <fcntl.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>

#include "cn-import-mail-private.h"
#include "cn-import.h"

/* E-mail files: one message (.eml) or an mbox. We split an mbox ourselves
 * rather than with GMime's mbox mode, in one pass that counts lines (the
 * report names the line of each message) and bounds what GMime is given:
 * a header block beyond MAX_HEADER_BYTES never reaches it, since GMime keeps
 * headers in memory. Bodies stay in the file (GMime's persistent streams). */

#define MAX_HEADER_BYTES (1024 * 1024)
#define PREFIX_MAX 256
#define READ_CHUNK (64 * 1024)

/* ------------------------------------------------------------------------ */
/* GMime set-up */

static gpointer
init_gmime (gpointer data)
{
  g_mime_init ();
  return NULL;
}

void
_cn_mail_mime_init (void)
{
  static GOnce once = G_ONCE_INIT;
  g_once (&once, init_gmime, NULL);
}

/* Raw 8-bit headers are usually UTF-8, else a Windows Western charset. */
static GMimeParserOptions *
new_parser_options (void)
{
  static const char *fallback[] = { "UTF-8", "windows-1252", NULL };
  GMimeParserOptions *options = g_mime_parser_options_new ();
  g_mime_parser_options_set_fallback_charsets (options, fallback);
  g_mime_parser_options_set_rfc2047_compliance_mode (options, GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_address_compliance_mode (options, GMIME_RFC_COMPLIANCE_LOOSE);
  return options;
}

/* ------------------------------------------------------------------------ */
/* The file: lines, messages */

typedef struct
{
  GInputStream *in;
  guint8 buf[READ_CHUNK];
  gsize len, pos;
  goffset buf_offset;
  gboolean eof;
  guint line_no;
} LineReader;

typedef struct
{
  goffset offset;
  goffset length;
  guint number;
  char prefix[PREFIX_MAX];
  gsize prefix_len;
} Line;

/* The next line (its start, length and first bytes; memory stays bounded
 * whatever its length). FALSE at the end, or with @error set. */
static gboolean
line_reader_next (LineReader *r, Line *line, GCancellable *cancellable, GError **error)
{
  line->offset = r->buf_offset + r->pos;
  line->length = 0;
  line->prefix_len = 0;
  for (;;)
    {
      if (r->pos == r->len)
        {
          gssize n;
          if (r->eof)
            break;
          r->buf_offset += r->len;
          r->pos = r->len = 0;
          n = g_input_stream_read (r->in, r->buf, sizeof r->buf, cancellable, error);
          if (n < 0)
            return FALSE;
          if (n == 0)
            r->eof = TRUE;
          r->len = n;
          continue;
        }
      const guint8 *start = r->buf + r->pos;
      const guint8 *nl = memchr (start, '\n', r->len - r->pos);
      gsize take = nl != NULL ? (gsize) (nl - start) + 1 : r->len - r->pos;
      gsize copy = MIN (take, PREFIX_MAX - line->prefix_len);
      memcpy (line->prefix + line->prefix_len, start, copy);
      line->prefix_len += copy;
      line->length += take;
      r->pos += take;
      if (nl != NULL)
        break;
    }
  if (line->length == 0)
    return FALSE;
  line->number = ++r->line_no;
  return TRUE;
}

static gboolean
line_is_blank (const Line *line)
{
  return line->length <= 2 && (goffset) line->prefix_len == line->length &&
         (line->prefix[0] == '\n' || (line->prefix[0] == '\r' && line->length == 2));
}

/* "From sender Sun Jul 16 15:06:25 2023": the time tells it from a body
 * line that happens to start with "From ". */
static gboolean
line_is_separator (const Line *line)
{
  if (line->prefix_len < 5 || memcmp (line->prefix, "From ", 5) != 0)
    return FALSE;
  for (gsize i = 6; i + 2 < line->prefix_len; i++)
    if (line->prefix[i] == ':' && g_ascii_isdigit (line->prefix[i - 1]) &&
        g_ascii_isdigit (line->prefix[i + 1]) && g_ascii_isdigit (line->prefix[i + 2]))
      return TRUE;
  return FALSE;
}

/* "Name: value": the length of the name, or 0. */
static gsize
header_name_length (const char *p, gsize len)
{
  gsize n = 0;
  while (n < len && n < 76 && p[n] > 32 && p[n] < 127 && p[n] != ':')
    n++;
  if (n == 0)
    return 0;
  gsize i = n;
  while (i < len && (p[i] == ' ' || p[i] == '\t'))
    i++;
  return i < len && p[i] == ':' ? n : 0;
}

static gboolean
line_is_header (const Line *line)
{
  return header_name_length (line->prefix, line->prefix_len) > 0;
}

static gboolean
line_is_continuation (const Line *line)
{
  return line->prefix_len > 0 && (line->prefix[0] == ' ' || line->prefix[0] == '\t');
}

static gboolean
line_is_known_header (const Line *line)
{
  static const char *const known[] = { "from",         "subject",      "date",
                                       "received",     "message-id",   "return-path",
                                       "mime-version", "delivered-to", NULL };
  gsize n = header_name_length (line->prefix, line->prefix_len);
  for (guint i = 0; known[i] != NULL; i++)
    if (n == strlen (known[i]) && g_ascii_strncasecmp (line->prefix, known[i], n) == 0)
      return TRUE;
  return FALSE;
}

typedef void (*MessageFunc) (CnMailMessage *message, gpointer user_data);

typedef struct
{
  const char *path;
  char *basename;
  GFileInputStream *in;
  LineReader reader;
  goffset size;
  GMimeStream *stream; /* the same file, for GMime */
  GMimeParserOptions *options;
  gboolean mbox;
  CnImportProgressFunc progress;
  gpointer progress_data;
  double reported;
  MessageFunc func;
  gpointer func_data;
  /* A "From " line waiting for the next one. */
  Line candidate;
  gboolean have_candidate;
  /* The current message. */
  goffset start;
  guint line;
  gboolean in_headers;
  goffset header_bytes;
  gboolean too_long;
  /* The first message decides whether the file is mail at all. */
  gboolean recognised;
  gboolean known_header;
  guint header_lines;
} Scan;

static void
scan_begin_message (Scan *scan, goffset start, guint line)
{
  scan->start = start;
  scan->line = line;
  scan->in_headers = TRUE;
  scan->header_bytes = 0;
  scan->too_long = FALSE;
}

static void
set_not_mail (Scan *scan, GError **error)
{
  g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED,
               _("“%s” is not an e-mail message or mailbox"), scan->basename);
}

/* Follows the header block of the current message; returns FALSE when the
 * first message shows the file is not mail (@error set). */
static gboolean
scan_header_line (Scan *scan, const Line *line, GError **error)
{
  gboolean ends;

  if (!scan->in_headers)
    return TRUE;
  ends = line_is_blank (line) ||
         !(line_is_header (line) || (scan->header_lines > 0 && line_is_continuation (line)));
  if (!scan->recognised && !ends && memchr (line->prefix, '\0', line->prefix_len) != NULL)
    ends = TRUE, scan->known_header = FALSE;
  if (!ends)
    {
      scan->header_lines++;
      scan->header_bytes += line->length;
      if (!scan->recognised && line_is_known_header (line))
        scan->known_header = TRUE;
      if (scan->header_bytes > MAX_HEADER_BYTES)
        scan->too_long = TRUE, ends = TRUE;
    }
  if (ends)
    {
      scan->in_headers = FALSE;
      if (!scan->recognised)
        {
          if (!scan->known_header)
            {
              set_not_mail (scan, error);
              return FALSE;
            }
          scan->recognised = TRUE;
        }
    }
  return TRUE;
}

static gboolean
scan_emit (Scan *scan, goffset end, GError **error)
{
  CnMailMessage *m = g_new0 (CnMailMessage, 1);

  m->line = scan->line;
  if (scan->too_long)
    {
      if (!scan->mbox)
        {
          g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_TOO_BIG,
                       _("The headers of the message in “%s” are too long"), scan->basename);
          _cn_mail_message_free (m);
          return FALSE;
        }
      m->rejected = g_strdup (_("the message’s headers are too long"));
    }
  else
    {
      GMimeStream *sub = g_mime_stream_substream (scan->stream, scan->start, end);
      GMimeParser *parser = g_mime_parser_new_with_stream (sub);
      GMimeMessage *message;

      g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);
      message = g_mime_parser_construct_message (parser, scan->options);
      if (message != NULL)
        _cn_mail_read_message (m, message, scan->options);
      else
        m->rejected = g_strdup (_("not a readable e-mail message"));
      g_clear_object (&message);
      g_object_unref (parser);
      g_object_unref (sub);
    }
  scan->func (m, scan->func_data);
  return TRUE;
}

static void
set_read_error (Scan *scan, GError *local, GError **error)
{
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, local);
  else
    {
      g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ,
                   _("Could not read “%s”: %s"), scan->basename, local->message);
      g_error_free (local);
    }
}

/* Opens the file and reads its first line, which tells an mbox ("From "
 * line) from a single message. */
static gboolean
scan_open (Scan *scan, GCancellable *cancellable, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (scan->path);
  g_autoptr (GFileInfo) info = NULL;
  GError *local = NULL;
  Line line;

  scan->in = g_file_read (file, cancellable, &local);
  if (scan->in != NULL)
    info = g_file_input_stream_query_info (scan->in, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable,
                                           &local);
  if (info == NULL)
    {
      set_read_error (scan, local, error);
      return FALSE;
    }
  scan->size = g_file_info_get_size (info);
  scan->reader.in = G_INPUT_STREAM (scan->in);
  if (!line_reader_next (&scan->reader, &line, cancellable, &local))
    {
      if (local != NULL)
        set_read_error (scan, local, error);
      else
        g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED,
                     _("“%s” is empty"), scan->basename);
      return FALSE;
    }
  scan->stream = g_mime_stream_fs_open (scan->path, O_RDONLY, 0, &local);
  if (scan->stream == NULL)
    {
      set_read_error (scan, local, error);
      return FALSE;
    }
  scan->options = new_parser_options ();

  /* A UTF-8 byte order mark is not part of the first header. */
  if (line.prefix_len >= 3 && memcmp (line.prefix, "\xEF\xBB\xBF", 3) == 0)
    {
      memmove (line.prefix, line.prefix + 3, line.prefix_len - 3);
      line.prefix_len -= 3;
      line.offset += 3;
      line.length -= 3;
    }
  scan->mbox = line_is_separator (&line);
  if (scan->mbox)
    {
      scan_begin_message (scan, line.offset + line.length, 1);
      return TRUE;
    }
  scan_begin_message (scan, line.offset, 1);
  return scan_header_line (scan, &line, error);
}

static void
scan_progress (Scan *scan, goffset offset)
{
  if (scan->progress != NULL && scan->size > 0 &&
      (double) offset / scan->size - scan->reported >= 0.005)
    {
      scan->reported = (double) offset / scan->size;
      scan->progress (scan->reported, scan->progress_data);
    }
}

/* One line after the first. A "From " line in an mbox is held until the
 * next one shows whether it begins a message (a header follows) or is text. */
static gboolean
scan_line (Scan *scan, const Line *line, GCancellable *cancellable, GError **error)
{
  if (scan->have_candidate)
    {
      const Line *candidate = &scan->candidate;
      scan->have_candidate = FALSE;
      if (!line_is_header (line))
        {
          if (!scan_header_line (scan, candidate, error))
            return FALSE;
        }
      else
        {
          if (!scan->recognised && !scan_header_line (scan, candidate, error))
            return FALSE;
          if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
              !scan_emit (scan, candidate->offset, error))
            return FALSE;
          scan_progress (scan, candidate->offset);
          scan_begin_message (scan, candidate->offset + candidate->length, candidate->number);
        }
    }
  if (scan->mbox && line_is_separator (line) &&
      !(scan->in_headers && scan->header_lines == 0 && !scan->recognised))
    {
      scan->candidate = *line;
      scan->have_candidate = TRUE;
      return TRUE;
    }
  return scan_header_line (scan, line, error);
}

/* The end of the file ends the last message. */
static gboolean
scan_finish (Scan *scan, GCancellable *cancellable, GError **error)
{
  if (scan->have_candidate && !scan_header_line (scan, &scan->candidate, error))
    return FALSE;
  if (!scan->recognised)
    {
      /* A file of headers only: it ends within them. */
      if (!scan->known_header || scan->header_lines == 0)
        {
          set_not_mail (scan, error);
          return FALSE;
        }
      scan->recognised = TRUE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !scan_emit (scan, scan->reader.buf_offset + scan->reader.len, error))
    return FALSE;
  if (scan->progress != NULL)
    scan->progress (1.0, scan->progress_data);
  return TRUE;
}

static gboolean
read_mail_file (const char *path,
                GCancellable *cancellable,
                CnImportProgressFunc progress,
                gpointer progress_data,
                MessageFunc func,
                gpointer data,
                GError **error)
{
  Scan *scan = g_new0 (Scan, 1); /* its read buffer is big for a stack */
  gboolean ok = FALSE;

  _cn_mail_mime_init ();
  scan->path = path;
  scan->basename = g_path_get_basename (path);
  scan->progress = progress;
  scan->progress_data = progress_data;
  scan->func = func;
  scan->func_data = data;

  if (scan_open (scan, cancellable, error))
    {
      GError *local = NULL;
      Line line;
      for (;;)
        {
          if (!line_reader_next (&scan->reader, &line, cancellable, &local))
            {
              if (local != NULL)
                set_read_error (scan, local, error);
              else
                ok = scan_finish (scan, cancellable, error);
              break;
            }
          if (!scan_line (scan, &line, cancellable, error))
            break;
        }
    }

  g_clear_object (&scan->in);
  g_clear_object (&scan->stream);
  g_clear_pointer (&scan->options, g_mime_parser_options_free);
  g_free (scan->basename);
  g_free (scan);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Public API */

static void
collect_message_cb (CnMailMessage *message, gpointer user_data)
{
  g_ptr_array_add (user_data, message);
}

GPtrArray *
_cn_mail_read_messages (const char *path, GCancellable *cancellable, GError **error)
{
  g_autoptr (GPtrArray)
                 messages = g_ptr_array_new_with_free_func ((GDestroyNotify) _cn_mail_message_free);

  if (!read_mail_file (path, cancellable, NULL, NULL, collect_message_cb, messages, error))
    return NULL;
  return g_steal_pointer (&messages);
}

typedef struct
{
  CnImportBatch *batch;
  const char *basename;
} BatchFill;

static void
add_to_batch_cb (CnMailMessage *m, gpointer user_data)
{
  BatchFill *fill = user_data;
  CnImportRequest *request;

  if (m->rejected != NULL || !m->is_request)
    {
      cn_import_batch_reject (fill->batch, fill->basename, m->line, "%s",
                              m->rejected != NULL ? m->rejected
                                                  : _("not a request for an introduction"));
      _cn_mail_message_free (m);
      return;
    }
  request = cn_import_request_new ();
  request->requester_name = g_strdup (m->from_name != NULL ? m->from_name : m->from_email);
  request->requester_email = g_steal_pointer (&m->from_email);
  request->target_hint = g_steal_pointer (&m->target_hint);
  request->received_at = m->date;
  request->note_to_connector = m->note_to_connector != NULL
                                   ? g_steal_pointer (&m->note_to_connector)
                                   : g_strdup (m->subject);
  request->note_to_target = g_steal_pointer (&m->note_to_target);
  request->source = g_strdup ("email");
  request->source_ref = g_steal_pointer (&m->message_id);
  request->file = g_strdup (fill->basename);
  request->line = m->line;
  cn_import_batch_add_request (fill->batch, request);
  _cn_mail_message_free (m);
}

/* Moves what @from holds to the end of @to (the free functions of the batch
 * arrays are NULL-safe, so the stolen slots can stay). */
static void
move_records (GPtrArray *to, GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (to, g_steal_pointer (&from->pdata[i]));
}

gboolean
cn_mail_read (const char *path,
              CnImportBatch *batch,
              GCancellable *cancellable,
              CnImportProgressFunc progress,
              gpointer progress_data,
              GError **error)
{
  g_autoptr (CnImportBatch) local = NULL;
  g_autofree char *basename = NULL;
  BatchFill fill;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Into a batch of our own first: a failure appends nothing. */
  local = cn_import_batch_new ();
  basename = g_path_get_basename (path);
  fill.batch = local;
  fill.basename = basename;
  if (!read_mail_file (path, cancellable, progress, progress_data, add_to_batch_cb, &fill, error))
    return FALSE;
  move_records (batch->requests, local->requests);
  move_records (batch->rejections, local->rejections);
  return TRUE;
}

/* The length of the header block of @data (up to its blank line). */
static gsize
header_length (const char *data, gsize size)
{
  for (gsize i = 0; i < size; i++)
    if (data[i] == '\n' && (i == 0 || (i + 1 < size && data[i + 1] == '\n') ||
                            (i + 2 < size && data[i + 1] == '\r' && data[i + 2] == '\n')))
      return i;
  return size;
}

gboolean
_cn_mail_read_bytes (GBytes *bytes, const char *name, CnImportBatch *batch, GError **error)
{
  CnMailMessage *m = g_new0 (CnMailMessage, 1);
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  BatchFill fill = { batch, name };

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);

  _cn_mail_mime_init ();
  m->line = 1;
  /* GMime keeps headers in memory: the same bound as for files. */
  if (header_length (data, size) > MAX_HEADER_BYTES)
    m->rejected = g_strdup (_("the message’s headers are too long"));
  else
    {
      GMimeStream *stream = g_mime_stream_mem_new_with_buffer (data, size);
      GMimeParser *parser = g_mime_parser_new_with_stream (stream);
      GMimeParserOptions *options = new_parser_options ();
      GMimeMessage *message;

      g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);
      message = g_mime_parser_construct_message (parser, options);
      if (message != NULL)
        _cn_mail_read_message (m, message, options);
      else
        m->rejected = g_strdup (_("not a readable e-mail message"));
      g_clear_object (&message);
      g_mime_parser_options_free (options);
      g_object_unref (parser);
      g_object_unref (stream);
    }
  add_to_batch_cb (m, &fill);
  return TRUE;
}
