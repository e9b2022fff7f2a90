/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cn-csv.h"
#include "cn-import.h"
#include "cn-linkedin-date.h"
#include "cn-linkedin-text.h"
#include "cn-text.h"
#include "cn-zip.h"

/* The LinkedIn data export: Connections.csv gives contacts; messages.csv
 * and Invitations.csv give the requests addressed to the user.
 *
 * Decisions (documented for the report and the tests):
 * - Files are found by name in a folder, one level of subfolders or a zip,
 *   but only read when their header says what they are; a file given alone
 *   is recognised by its header only.
 * - Columns are taken by name, so older and newer exports (no URL column,
 *   10 or 11 message columns, 5 or 7 invitation columns) read the same.
 * - Rows blank but for a date (LinkedIn's way of hiding a member) carry
 *   nothing and are skipped silently; rows with content that cannot be
 *   used (no name, no sender, a field count that does not fit the header)
 *   are rejections naming their line.
 * - Messages: the owner of the export is named by Profile.csv, else by the
 *   invitations (the To of an incoming one), else is the participant of
 *   the most conversations. Messages from the owner are skipped; so are
 *   messages in the SPAM, TRASH or SPONSORED folders and those sent by
 *   LinkedIn itself (sender "LinkedIn…", but not "LinkedIn Member", a real
 *   person who left). Each conversation's incoming messages make one
 *   request: oldest first, a message's subject before its text, joined by
 *   blank lines; with several senders, each message is prefixed by its
 *   sender's name. Empty messages (attachments only) add nothing.
 * - Invitations: incoming ones with a message become requests; outgoing
 *   ones and those without a message are skipped.
 * - target_hint: set only when the text says plainly whom to be introduced
 *   to ("introduce me to NAME"); otherwise the import matches later.
 * - Dates LinkedIn has used are read as UTC; an unknown one gives 0. */

#define CHECK_EVERY 256
#define HEADER_SEARCH_RECORDS 32

typedef enum {
  KIND_NONE,
  KIND_CONNECTIONS,
  KIND_MESSAGES,
  KIND_INVITATIONS,
  KIND_PROFILE,
  N_KINDS,
} Kind;

static const char *const kind_files[N_KINDS] = {
  NULL, "Connections.csv", "messages.csv", "Invitations.csv", "Profile.csv",
};

/* One CSV of the export: a file on disk or an entry of a zip, read as it
 * inflates. */
typedef struct
{
  char *name; /* base name, for the report */
  char *path;
  GInputStream *stream;
  guint64 size;
} Source;

typedef struct
{
  CnImportBatch *batch;
  GCancellable *cancellable;
  CnImportProgressFunc progress;
  gpointer progress_data;
  guint64 total;
  guint64 done;  /* bytes of the sources already read */
  char *owner;   /* name_key() of the export's owner, when known */
  GError *error; /* of the batch's flush: the reading stops */
} Reader;

/* Columns by name: the index of each wanted column, -1 when absent. */
typedef struct
{
  guint n_fields;
  int index[12];
} Columns;

static void
source_free (Source *source)
{
  if (source == NULL)
    return;
  g_free (source->name);
  g_free (source->path);
  g_clear_object (&source->stream);
  g_free (source);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Source, source_free)

/* Text */

static gboolean
is_blank (const char *text)
{
  return text == NULL || text[strspn (text, " \t")] == '\0';
}

/* A trimmed copy, NULL when empty. */
static char *
dup_trimmed (const char *text)
{
  char *copy;

  if (is_blank (text))
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

/* Names compared as keys (cn_text_fold_words()); NULL when it has none. */
static char *
name_key (const char *name)
{
  GString *key = g_string_new (NULL);

  cn_text_fold_words (key, name, -1);
  if (key->len == 0)
    {
      g_string_free (key, TRUE);
      return NULL;
    }
  return g_string_free (key, FALSE);
}

/* Reading the CSV files */

static CnCsvReader *
open_csv (Source *source, GError **error)
{
  if (source->stream != NULL)
    return cn_csv_reader_new_for_stream (source->stream, source->size, ',', error);
  return cn_csv_reader_new_for_path (source->path, ',', error);
}

/* The index of each of @names (NULL-terminated) in @fields, compared
 * trimmed and without case. */
static void
map_columns (guint n_fields, const char *const *fields, const char *const *names, Columns *out)
{
  out->n_fields = n_fields;
  for (guint k = 0; names[k] != NULL; k++)
    {
      g_assert (k < G_N_ELEMENTS (out->index));
      out->index[k] = -1;
      for (guint i = 0; i < n_fields; i++)
        {
          g_autofree char *cell = dup_trimmed (fields[i]);

          if (cell != NULL && g_ascii_strcasecmp (cell, names[k]) == 0)
            {
              out->index[k] = (int) i;
              break;
            }
        }
    }
}

static const char *
column (const Columns *columns, guint n_fields, const char *const *fields, guint k)
{
  int i = columns->index[k];

  return i >= 0 && (guint) i < n_fields ? fields[i] : NULL;
}

enum {
  C_FIRST,
  C_LAST,
  C_URL,
  C_EMAIL,
  C_COMPANY,
  C_POSITION,
  C_CONNECTED
};
static const char *const connection_columns[] = {
  "First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On", NULL,
};

enum {
  M_ID,
  M_TITLE,
  M_FROM,
  M_SENDER_URL,
  M_TO,
  M_RECIPIENT_URLS,
  M_DATE,
  M_SUBJECT,
  M_CONTENT,
  M_FOLDER,
};
static const char *const message_columns[] = {
  "CONVERSATION ID",
  "CONVERSATION TITLE",
  "FROM",
  "SENDER PROFILE URL",
  "TO",
  "RECIPIENT PROFILE URLS",
  "DATE",
  "SUBJECT",
  "CONTENT",
  "FOLDER",
  NULL,
};

enum {
  I_FROM,
  I_TO,
  I_SENT_AT,
  I_MESSAGE,
  I_DIRECTION,
  I_INVITER_URL
};
static const char *const invitation_columns[] = {
  "From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", NULL,
};

enum {
  P_FIRST,
  P_LAST
};
static const char *const profile_columns[] = { "First Name", "Last Name", NULL };

/* What a header record announces, from the columns it has. */
static Kind
header_kind (guint n_fields, const char *const *fields)
{
  Columns columns;

  map_columns (n_fields, fields, message_columns, &columns);
  if (columns.index[M_ID] >= 0 && columns.index[M_FROM] >= 0 && columns.index[M_CONTENT] >= 0)
    return KIND_MESSAGES;
  map_columns (n_fields, fields, invitation_columns, &columns);
  if (columns.index[I_FROM] >= 0 && columns.index[I_TO] >= 0 && columns.index[I_DIRECTION] >= 0 &&
      columns.index[I_MESSAGE] >= 0)
    return KIND_INVITATIONS;
  map_columns (n_fields, fields, connection_columns, &columns);
  /* Outlook's contacts have names and a Company, but no Position. */
  if (columns.index[C_FIRST] >= 0 && columns.index[C_LAST] >= 0)
    return columns.index[C_CONNECTED] >= 0 ||
                   (columns.index[C_COMPANY] >= 0 && columns.index[C_POSITION] >= 0)
               ? KIND_CONNECTIONS
               : KIND_PROFILE;
  return KIND_NONE;
}

static gboolean
translate_csv_error (GError *csv_error, const char *file, GError **error)
{
  /* The reader's own INVALID_DATA is a record beyond its bounds. */
  if (g_error_matches (csv_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA) ||
      g_error_matches (csv_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_TOO_BIG, "%s: %s", file,
                 csv_error->message);
  else
    g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ, "%s: %s", file, csv_error->message);
  return FALSE;
}

/* Reads records up to the header (a preamble such as "Notes:" may come
 * first). KIND_NONE with no error when no header is found. */
static Kind
find_header (CnCsvReader *csv, const char *file, Columns *columns, guint *n_seen, GError **error)
{
  g_autoptr(GError) csv_error = NULL;
  const char *const *fields;
  guint n;

  *n_seen = 0;
  for (guint i = 0; i < HEADER_SEARCH_RECORDS; i++)
    {
      Kind kind;

      if (cn_csv_reader_next (csv, &n, &fields, &csv_error))
        (*n_seen)++;
      else
        {
          if (csv_error != NULL)
            translate_csv_error (csv_error, file, error);
          return KIND_NONE;
        }
      kind = header_kind (n, fields);
      if (kind == KIND_NONE)
        continue;
      map_columns (n, fields,
                   kind == KIND_MESSAGES      ? message_columns
                   : kind == KIND_INVITATIONS ? invitation_columns
                   : kind == KIND_PROFILE     ? profile_columns
                                              : connection_columns,
                   columns);
      return kind;
    }
  return KIND_NONE;
}

static gboolean
all_blank_but (guint n_fields, const char *const *fields, int except)
{
  for (guint i = 0; i < n_fields; i++)
    if ((int) i != except && !is_blank (fields[i]))
      return FALSE;
  return TRUE;
}

/* Rows must have the header's fields; extra empty fields (a trailing
 * comma) are tolerated. */
static gboolean
fits_header (const Columns *columns, guint n_fields, const char *const *fields)
{
  if (n_fields == columns->n_fields)
    return TRUE;
  if (n_fields < columns->n_fields)
    return FALSE;
  for (guint i = columns->n_fields; i < n_fields; i++)
    if (!is_blank (fields[i]))
      return FALSE;
  return TRUE;
}

static void
report_progress (Reader *reader, CnCsvReader *csv)
{
  double fraction;

  if (reader->progress == NULL || reader->total == 0)
    return;
  fraction = (double) (reader->done + cn_csv_reader_get_offset (csv)) / reader->total;
  reader->progress (MIN (fraction, 1.0), reader->progress_data);
}

/* The loop shared by the files: calls @row for each record after the
 * header, checks Cancel and reports progress. */
typedef gboolean (*RowFunc) (Reader *reader,
                             const char *file,
                             guint line,
                             const Columns *columns,
                             guint n_fields,
                             const char *const *fields,
                             gpointer data);

static gboolean
read_rows (Reader *reader,
           CnCsvReader *csv,
           const char *file,
           const Columns *columns,
           RowFunc row,
           gpointer data,
           GError **error)
{
  g_autoptr(GError) csv_error = NULL;
  const char *const *fields;
  guint n, count = 0;

  while (cn_csv_reader_next (csv, &n, &fields, &csv_error))
    {
      if (++count % CHECK_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (reader->cancellable, error))
            return FALSE;
          report_progress (reader, csv);
        }
      row (reader, file, cn_csv_reader_get_line (csv), columns, n, fields, data);
      if (reader->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&reader->error));
          return FALSE;
        }
    }
  if (csv_error != NULL)
    return translate_csv_error (csv_error, file, error);
  return !g_cancellable_set_error_if_cancelled (reader->cancellable, error);
}

static void
reject_field_count (Reader *reader, const char *file, guint line, guint n, const Columns *columns)
{
  cn_import_batch_reject (
      reader->batch, file, line,
      g_dngettext (GETTEXT_PACKAGE, "%u field where the header has %u: cannot tell which is which",
                   "%u fields where the header has %u: cannot tell which is which", n),
      n, columns->n_fields);
}

/* Connections.csv */

static gboolean
connection_row (Reader *reader,
                const char *file,
                guint line,
                const Columns *columns,
                guint n,
                const char *const *fields,
                gpointer data)
{
  g_autofree char *first = NULL, *last = NULL;
  CnImportContact *contact;

  if (all_blank_but (n, fields, columns->index[C_CONNECTED]))
    return FALSE;
  if (!fits_header (columns, n, fields))
    {
      reject_field_count (reader, file, line, n, columns);
      return FALSE;
    }
  first = dup_trimmed (column (columns, n, fields, C_FIRST));
  last = dup_trimmed (column (columns, n, fields, C_LAST));
  if (first == NULL && last == NULL)
    {
      cn_import_batch_reject (reader->batch, file, line, _("no name"));
      return FALSE;
    }

  contact = cn_import_contact_new ();
  contact->name = first && last ? g_strconcat (first, " ", last, NULL)
                                : g_strdup (first ? first : last);
  contact->email = dup_trimmed (column (columns, n, fields, C_EMAIL));
  contact->profile_url = dup_trimmed (column (columns, n, fields, C_URL));
  contact->company = dup_trimmed (column (columns, n, fields, C_COMPANY));
  contact->position = dup_trimmed (column (columns, n, fields, C_POSITION));
  contact->file = g_strdup (file);
  contact->line = line;
  cn_import_batch_add_contact (reader->batch, contact);
  cn_import_batch_flush (reader->batch, FALSE, &reader->error);
  return TRUE;
}

/* Invitations.csv */

static gboolean
invitation_row (Reader *reader,
                const char *file,
                guint line,
                const Columns *columns,
                guint n,
                const char *const *fields,
                gpointer data)
{
  const char *direction = column (columns, n, fields, I_DIRECTION);
  g_autofree char *from = NULL, *sent_at = NULL, *message = NULL;
  CnImportRequest *request;

  if (all_blank_but (n, fields, columns->index[I_SENT_AT]))
    return FALSE;
  if (!fits_header (columns, n, fields))
    {
      reject_field_count (reader, file, line, n, columns);
      return FALSE;
    }
  direction = direction ? direction + strspn (direction, " \t") : "";
  if (g_ascii_strncasecmp (direction, "OUTGOING", 8) == 0)
    {
      /* The owner sent it: the From of an outgoing invitation is the owner. */
      if (reader->owner == NULL)
        reader->owner = name_key (column (columns, n, fields, I_FROM));
      return FALSE;
    }
  if (g_ascii_strncasecmp (direction, "INCOMING", 8) != 0)
    {
      cn_import_batch_reject (reader->batch, file, line,
                              _("an invitation neither incoming nor outgoing"));
      return FALSE;
    }
  if (reader->owner == NULL)
    reader->owner = name_key (column (columns, n, fields, I_TO));

  message = dup_trimmed (column (columns, n, fields, I_MESSAGE));
  if (message == NULL)
    return FALSE; /* an invitation without a note asks nothing */
  from = dup_trimmed (column (columns, n, fields, I_FROM));
  if (from == NULL)
    {
      cn_import_batch_reject (reader->batch, file, line, _("an invitation without a sender"));
      return FALSE;
    }
  sent_at = dup_trimmed (column (columns, n, fields, I_SENT_AT));

  request = cn_import_request_new ();
  request->requester_name = g_strdup (from);
  request->requester_profile_url = dup_trimmed (column (columns, n, fields, I_INVITER_URL));
  request->received_at = _cn_linkedin_parse_date (sent_at);
  request->note_to_connector = _cn_linkedin_decode_html (message);
  request->target_hint = _cn_linkedin_target_hint (request->note_to_connector);
  request->source = g_strdup ("linkedin");
  request->source_ref = g_strdup_printf ("linkedin:invitation:%s:%s", from, sent_at ? sent_at : "");
  request->file = g_strdup (file);
  request->line = line;
  cn_import_batch_add_request (reader->batch, request);
  return TRUE;
}

/* messages.csv */

/* What sorting the messages and guessing the owner need, 48 bytes: its
 * strings are in the Messages' arena; the rest of the message (its sender's
 * profile, subject and text) is a record of their spill file. */
typedef struct
{
  const char *conversation;
  const char *from;
  const char *to; /* as written: names joined by commas */
  gint64 date;
  guint64 offset; /* of its record, in the spill file */
  guint length;   /* of its record */
  guint line;     /* in the file: their order there */
} Message;

/* A message's fields that are read again only to make its request, as they
 * are in its record: each a length (NO_FIELD: none) and the bytes with a
 * final NUL. */
enum {
  SPILLED_URL,
  SPILLED_SUBJECT,
  SPILLED_TEXT,
  N_SPILLED
};
#define NO_FIELD G_MAXUINT32

/* A million messages are a few hundred bytes each: the strings they are
 * sorted and counted by live in one arena, people once, a conversation once
 * per run of its messages, the messages in one array, instead of eight
 * allocations each, and the rest (most of the bytes) in a temporary file
 * until their conversation is grouped: memory holds 48 bytes per message
 * and its share of the strings. */
typedef struct
{
  GArray *list; /* Message */
  GStringChunk *strings;
  GString *scratch;
  GHashTable *from_keys;         /* a sender as kept in @strings → name_key() of it, or "" */
  const char *last_conversation; /* of the last message kept */
  FILE *spill;                   /* the messages' records, one after the other, unlinked */
  guint64 spill_size;
} Messages;

static void
messages_free (Messages *messages)
{
  if (messages == NULL)
    return;
  g_array_unref (messages->list);
  g_string_chunk_free (messages->strings);
  g_string_free (messages->scratch, TRUE);
  g_hash_table_unref (messages->from_keys);
  if (messages->spill != NULL)
    fclose (messages->spill);
  g_free (messages);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Messages, messages_free)

/* (Errors of the spill file name @file, with the system's words.) */
static Messages *
messages_new (const char *file, GError **error)
{
  Messages *messages = g_new0 (Messages, 1);
  int saved_errno;

  messages->spill = tmpfile ();
  saved_errno = errno;
  messages->list = g_array_new (FALSE, FALSE, sizeof (Message));
  messages->strings = g_string_chunk_new (1024 * 1024);
  messages->scratch = g_string_new (NULL);
  messages->from_keys = g_hash_table_new (NULL, NULL);
  if (messages->spill == NULL)
    {
      g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ, "%s: %s", file,
                   g_strerror (saved_errno));
      messages_free (messages);
      return NULL;
    }
  return messages;
}

/* @text without its spaces at both ends, in @out_len bytes; NULL when
 * blank. */
static const char *
trimmed (const char *text, gsize *out_len)
{
  const char *end;

  if (text == NULL)
    return NULL;
  for (; g_ascii_isspace (*text); text++)
    ;
  for (end = text + strlen (text); end > text && g_ascii_isspace (end[-1]); end--)
    ;
  *out_len = end - text;
  return end > text ? text : NULL;
}

/* Writes the record of @message's @fields (N_SPILLED, each NULL or
 * @lengths bytes) to the spill file; FALSE when it cannot be written (the
 * disk is full). */
static gboolean
spill_message (Messages *messages,
               const char *const *fields,
               const gsize *lengths,
               Message *message)
{
  guint32 header[N_SPILLED];
  gsize length = sizeof header;

  for (guint k = 0; k < N_SPILLED; k++)
    {
      header[k] = fields[k] != NULL ? (guint32) MIN (lengths[k], NO_FIELD - 1) : NO_FIELD;
      length += fields[k] != NULL ? header[k] + 1 : 0;
    }
  if (length > G_MAXUINT)
    {
      errno = EFBIG;
      return FALSE;
    }
  message->offset = messages->spill_size;
  message->length = length;
  messages->spill_size += length;
  if (fwrite (header, sizeof header, 1, messages->spill) != 1)
    return FALSE;
  for (guint k = 0; k < N_SPILLED; k++)
    if (fields[k] != NULL && (fwrite (fields[k], 1, header[k], messages->spill) != header[k] ||
                              fputc ('\0', messages->spill) == EOF))
      return FALSE;
  return TRUE;
}

/* The record of @message read back into @buffer (until the next call): its
 * fields in @out_fields (N_SPILLED, NULL when absent). */
static gboolean
unspill_message (Messages *messages,
                 const char *file,
                 const Message *message,
                 GString *buffer,
                 const char **out_fields,
                 GError **error)
{
  guint32 header[N_SPILLED];
  gsize done = 0;
  gsize at;

  g_string_set_size (buffer, message->length);
  while (done < message->length)
    {
      gssize n = pread (fileno (messages->spill), buffer->str + done, message->length - done,
                        message->offset + done);

      if (n <= 0 && !(n < 0 && errno == EINTR))
        {
          int saved_errno = n < 0 ? errno : EIO;

          g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ, "%s: %s", file,
                       g_strerror (saved_errno));
          return FALSE;
        }
      if (n > 0)
        done += n;
    }
  memcpy (header, buffer->str, sizeof header);
  at = sizeof header;
  for (guint k = 0; k < N_SPILLED; k++)
    {
      out_fields[k] = header[k] != NO_FIELD ? buffer->str + at : NULL;
      at += header[k] != NO_FIELD ? header[k] + 1 : 0;
    }
  return TRUE;
}

/* The name_key() of @message's sender, NULL when it has none. */
static const char *
from_key (Messages *messages, const Message *message)
{
  const char *key = g_hash_table_lookup (messages->from_keys, message->from);

  return key != NULL && *key != '\0' ? key : NULL;
}

/* dup_trimmed() into the arena, where a string already there is given
 * again. */
static const char *
keep_trimmed (Messages *messages, const char *text)
{
  const char *start, *end;

  if (is_blank (text))
    return NULL;
  for (start = text; g_ascii_isspace (*start); start++)
    ;
  for (end = start + strlen (start); end > start && g_ascii_isspace (end[-1]); end--)
    ;
  if (end == start)
    return NULL;
  g_string_truncate (messages->scratch, 0);
  g_string_append_len (messages->scratch, start, end - start);
  return g_string_chunk_insert_const (messages->strings, messages->scratch->str);
}

/* A conversation's id, kept once for each run of its messages: they follow
 * each other in an export, and most conversations are one run. Not shared
 * through the arena's table of strings, where a million conversations would
 * weigh more than their ids. */
static const char *
keep_conversation (Messages *messages, const char *text)
{
  gsize len;

  text = trimmed (text, &len);
  if (text == NULL)
    return NULL;
  if (messages->last_conversation == NULL ||
      strncmp (messages->last_conversation, text, len) != 0 ||
      messages->last_conversation[len] != '\0')
    messages->last_conversation = g_string_chunk_insert_len (messages->strings, text, len);
  return messages->last_conversation;
}

static gboolean
is_system_message (const char *from, const char *folder)
{
  static const char *const skipped_folders[] = { "SPAM", "TRASH", "SPONSORED", "JUNK" };
  const char *start = folder, *end;

  /* The folder trimmed, with no copy: this runs for every message. */
  for (; start != NULL && g_ascii_isspace (*start); start++)
    ;
  for (end = start != NULL ? start + strlen (start) : NULL;
       end != NULL && end > start && g_ascii_isspace (end[-1]); end--)
    ;
  for (guint i = 0; start != NULL && end > start && i < G_N_ELEMENTS (skipped_folders); i++)
    if ((gsize) (end - start) == strlen (skipped_folders[i]) &&
        g_ascii_strncasecmp (start, skipped_folders[i], end - start) == 0)
      return TRUE;
  return (g_ascii_strcasecmp (from, "LinkedIn") == 0 ||
          g_ascii_strncasecmp (from, "LinkedIn ", 9) == 0) &&
         g_ascii_strcasecmp (from, "LinkedIn Member") != 0;
}

static gboolean
message_row (Reader *reader,
             const char *file,
             guint line,
             const Columns *columns,
             guint n,
             const char *const *fields,
             gpointer data)
{
  Messages *messages = data;
  Message message = { 0 };
  const char *key;
  const char *spilled[N_SPILLED];
  gsize lengths[N_SPILLED] = { 0 };

  if (all_blank_but (n, fields, columns->index[M_DATE]))
    return FALSE;
  if (!fits_header (columns, n, fields))
    {
      reject_field_count (reader, file, line, n, columns);
      return FALSE;
    }
  message.from = keep_trimmed (messages, column (columns, n, fields, M_FROM));
  message.conversation = keep_conversation (messages, column (columns, n, fields, M_ID));
  if (message.from == NULL || message.conversation == NULL)
    {
      cn_import_batch_reject (reader->batch, file, line,
                              message.from == NULL ? _("a message without a sender")
                                                   : _("a message without a conversation"));
      return FALSE;
    }
  if (is_system_message (message.from, column (columns, n, fields, M_FOLDER)))
    return FALSE;

  /* A sender is kept once: its key is folded once. */
  if (!g_hash_table_contains (messages->from_keys, message.from))
    {
      g_autofree char *folded = name_key (message.from);

      key = folded != NULL ? g_string_chunk_insert_const (messages->strings, folded) : "";
      g_hash_table_insert (messages->from_keys, (char *) message.from, (char *) key);
    }
  message.to = keep_trimmed (messages, column (columns, n, fields, M_TO));
  /* The text is decoded later, for the incoming messages only. */
  spilled[SPILLED_URL] = trimmed (column (columns, n, fields, M_SENDER_URL), &lengths[SPILLED_URL]);
  spilled[SPILLED_SUBJECT] = trimmed (column (columns, n, fields, M_SUBJECT),
                                      &lengths[SPILLED_SUBJECT]);
  spilled[SPILLED_TEXT] = trimmed (column (columns, n, fields, M_CONTENT), &lengths[SPILLED_TEXT]);
  if (!spill_message (messages, spilled, lengths, &message))
    {
      g_set_error (&reader->error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ, "%s: %s", file,
                   g_strerror (errno));
      return FALSE;
    }
  message.date = _cn_linkedin_parse_date (column (columns, n, fields, M_DATE));
  message.line = line;
  g_array_append_val (messages->list, message);
  return TRUE;
}

typedef struct
{
  guint conversations;
  guint received;
  guint first_seen;
  const char *last_conversation;
} Participant;

static void
count_participant (GHashTable *people, const char *person, const Message *message, gint received_at)
{
  Participant *p;

  if (person == NULL)
    return;
  p = g_hash_table_lookup (people, person);
  if (p == NULL)
    {
      p = g_new0 (Participant, 1);
      p->first_seen = G_MAXUINT;
      g_hash_table_insert (people, (char *) person, p);
    }
  /* @messages are sorted by conversation: a new run is a new one. */
  if (p->last_conversation == NULL || strcmp (p->last_conversation, message->conversation) != 0)
    {
      p->conversations++;
      p->last_conversation = message->conversation;
    }
  if (received_at >= 0)
    {
      p->received++;
      p->first_seen = MIN (p->first_seen, (guint) received_at);
    }
}

/* The owner takes part in every conversation: the participant of the most
 * conversations, then the most often addressed, then the first addressed.
 * @messages are sorted by conversation. */
static char *
guess_owner (Messages *all)
{
  GArray *messages = all->list;
  /* Keys in @strings; the recipients of a To (kept once) are split and
   * folded once. */
  g_autoptr(GHashTable) people = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) recipients = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GStringChunk) strings = g_string_chunk_new (64 * 1024);
  GHashTableIter iter;
  gpointer key, value;
  const char *best = NULL;
  Participant *best_p = NULL;

  for (guint i = 0; i < messages->len; i++)
    {
      const Message *message = &g_array_index (messages, Message, i);
      const char *to = message->to ? message->to : "";
      const char **keys = g_hash_table_lookup (recipients, to);

      if (keys == NULL)
        {
          g_auto (GStrv) names = g_strsplit (to, ",", -1);

          keys = g_new0 (const char *, g_strv_length (names) + 1);
          for (guint k = 0, n = 0; names[k] != NULL; k++)
            {
              g_autofree char *person = name_key (names[k]);

              /* (A name with no key counts for nothing.) */
              if (person != NULL)
                keys[n++] = g_string_chunk_insert_const (strings, person);
            }
          g_hash_table_insert (recipients, (char *) to, keys);
        }
      count_participant (people, from_key (all, message), message, -1);
      for (guint k = 0; keys[k] != NULL; k++)
        count_participant (people, keys[k], message, (gint) i);
    }

  g_hash_table_iter_init (&iter, people);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Participant *p = value;

      if (best_p == NULL || p->conversations > best_p->conversations ||
          (p->conversations == best_p->conversations &&
           (p->received > best_p->received ||
            (p->received == best_p->received && p->first_seen < best_p->first_seen))))
        {
          best = key;
          best_p = p;
        }
    }
  return g_strdup (best);
}

static int
compare_messages (gconstpointer a, gconstpointer b)
{
  const Message *ma = a, *mb = b;
  int by_conversation = ma->conversation == mb->conversation
                            ? 0
                            : strcmp (ma->conversation, mb->conversation);

  if (by_conversation != 0)
    return by_conversation;
  /* Messages without a date keep their place in the file. */
  if (ma->date != 0 && mb->date != 0 && ma->date != mb->date)
    return ma->date < mb->date ? -1 : 1;
  return ma->line < mb->line ? -1 : ma->line > mb->line;
}

/* An incoming message of the conversation being grouped. */
typedef struct
{
  const Message *message;
  const char *from_key;
  char *subject;
  char *text; /* as plain text */
} Incoming;

static void
incoming_clear (gpointer data)
{
  Incoming *incoming = data;

  g_free (incoming->subject);
  g_free (incoming->text);
}

/* One request from @incoming (Incoming): a conversation's incoming messages,
 * oldest first. @url: the first one's sender's profile. */
static void
add_conversation (Reader *reader, const char *file, GArray *incoming, const char *url)
{
  const Incoming *first = &g_array_index (incoming, Incoming, 0);
  g_autoptr(GString) note = g_string_new (NULL);
  gboolean several = FALSE;
  CnImportRequest *request;

  for (guint i = 1; i < incoming->len; i++)
    several |= g_strcmp0 (g_array_index (incoming, Incoming, i).from_key, first->from_key) != 0;
  for (guint i = 0; i < incoming->len; i++)
    {
      const Incoming *message = &g_array_index (incoming, Incoming, i);

      if (note->len > 0)
        g_string_append (note, "\n\n");
      if (several)
        g_string_append_printf (note, "%s: ", message->message->from);
      if (message->subject != NULL)
        g_string_append_printf (note, message->text ? "%s\n\n" : "%s", message->subject);
      if (message->text != NULL)
        g_string_append (note, message->text);
    }

  request = cn_import_request_new ();
  request->requester_name = g_strdup (first->message->from);
  request->requester_profile_url = g_strdup (url);
  request->received_at = first->message->date;
  request->note_to_connector = _cn_linkedin_take_text (g_steal_pointer (&note));
  request->target_hint = _cn_linkedin_target_hint (request->note_to_connector);
  request->source = g_strdup ("linkedin");
  request->source_ref = g_strdup_printf ("linkedin:conversation:%s", first->message->conversation);
  request->file = g_strdup (file);
  request->line = first->message->line;
  cn_import_batch_add_request (reader->batch, request);
  /* The last file read: no contact follows. */
  cn_import_batch_flush (reader->batch, TRUE, &reader->error);
}

static gboolean
group_messages (Reader *reader, const char *file, Messages *all, GString *buffer, GError **error)
{
  GArray *messages = all->list;
  g_autofree char *owner = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GArray) incoming = g_array_new (FALSE, FALSE, sizeof (Incoming));

  g_array_set_clear_func (incoming, incoming_clear);
  if (fflush (all->spill) != 0)
    {
      g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ, "%s: %s", file,
                   g_strerror (errno));
      return FALSE;
    }
  g_array_sort (messages, compare_messages);
  owner = reader->owner ? g_strdup (reader->owner) : guess_owner (all);
  for (guint i = 0; i < messages->len; i++)
    {
      const Message *message = &g_array_index (messages, Message, i);
      Incoming in = { message, from_key (all, message), NULL, NULL };

      if (g_strcmp0 (in.from_key, owner) != 0)
        {
          const char *spilled[N_SPILLED];

          if (!unspill_message (all, file, message, buffer, spilled, error))
            return FALSE;
          if (spilled[SPILLED_TEXT] != NULL)
            {
              in.text = _cn_linkedin_decode_html (spilled[SPILLED_TEXT]);
              if (*in.text == '\0')
                g_clear_pointer (&in.text, g_free);
            }
          in.subject = g_strdup (spilled[SPILLED_SUBJECT]);
          if (in.text != NULL || in.subject != NULL)
            {
              if (incoming->len == 0)
                {
                  g_free (url);
                  url = g_strdup (spilled[SPILLED_URL]);
                }
              g_array_append_val (incoming, in);
            }
        }
      if (incoming->len > 0 &&
          (i + 1 == messages->len || strcmp (g_array_index (messages, Message, i + 1).conversation,
                                             message->conversation) != 0))
        {
          add_conversation (reader, file, incoming, url);
          g_array_set_size (incoming, 0);
          if (reader->error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&reader->error));
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Reading the sources */

static gboolean
read_profile (Reader *reader, Source *source)
{
  g_autoptr(CnCsvReader) csv = open_csv (source, NULL);
  const char *const *fields;
  Columns columns;
  guint n;

  if (csv == NULL || find_header (csv, source->name, &columns, &n, NULL) != KIND_PROFILE)
    return FALSE;
  while (cn_csv_reader_next (csv, &n, &fields, NULL))
    {
      g_autofree char *first = dup_trimmed (column (&columns, n, fields, P_FIRST));
      g_autofree char *last = dup_trimmed (column (&columns, n, fields, P_LAST));
      g_autofree char *name = NULL;

      if (first == NULL && last == NULL)
        continue;
      name = first && last ? g_strconcat (first, " ", last, NULL) : g_strdup (first ? first : last);
      g_free (reader->owner);
      reader->owner = name_key (name);
      return TRUE;
    }
  return FALSE;
}

/* Reads one CSV of the export. @expected: the kind its name promises
 * (KIND_NONE: a file given alone, recognised by its header only). */
static gboolean
read_source (Reader *reader, Source *source, Kind expected, GError **error)
{
  g_autoptr(GError) csv_error = NULL;
  g_autoptr(CnCsvReader) csv = open_csv (source, &csv_error);
  g_autoptr(Messages) messages = NULL;
  Columns columns;
  Kind kind;
  guint n_seen = 0;

  if (csv == NULL)
    {
      if (expected == KIND_NONE && g_error_matches (csv_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
        g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED,
                     _("“%s” is not a LinkedIn export file"), source->name);
      else if (g_error_matches (csv_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
        g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_INVALID, "%s: %s", source->name,
                     csv_error->message);
      else
        g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ, "%s: %s", source->name,
                     csv_error->message);
      return FALSE;
    }

  kind = find_header (csv, source->name, &columns, &n_seen, &csv_error);
  if (csv_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&csv_error));
      return FALSE;
    }
  /* An export's file that is empty (no invitations yet) is no error. */
  if (kind == KIND_NONE && n_seen == 0 && expected != KIND_NONE)
    return TRUE;
  if (kind == KIND_NONE || kind == KIND_PROFILE || (expected != KIND_NONE && kind != expected))
    {
      g_set_error (error, CN_IMPORT_ERROR,
                   expected == KIND_NONE ? CN_IMPORT_ERROR_NOT_RECOGNISED : CN_IMPORT_ERROR_INVALID,
                   _("“%s” is not a LinkedIn export file"), source->name);
      return FALSE;
    }

  switch (kind)
    {
    case KIND_CONNECTIONS:
      if (!read_rows (reader, csv, source->name, &columns, connection_row, NULL, error))
        return FALSE;
      break;
    case KIND_INVITATIONS:
      if (!read_rows (reader, csv, source->name, &columns, invitation_row, NULL, error))
        return FALSE;
      break;
    case KIND_MESSAGES:
      messages = messages_new (source->name, error);
      if (messages == NULL ||
          !read_rows (reader, csv, source->name, &columns, message_row, messages, error) ||
          !group_messages (reader, source->name, messages, messages->scratch, error))
        return FALSE;
      break;
    case KIND_NONE:
    case KIND_PROFILE:
    case N_KINDS:
    default:
      g_assert_not_reached ();
    }
  reader->done += source->size;
  if (reader->progress != NULL && reader->total > 0)
    reader->progress (MIN ((double) reader->done / reader->total, 1.0), reader->progress_data);
  return TRUE;
}

/* The file named @base_name (without case) in @dir or one folder below. */
static char *
find_in_folder (const char *dir_path, const char *base_name, guint depth)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) subdirs = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir_path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (depth > 0)
            g_ptr_array_add (subdirs, g_steal_pointer (&child));
        }
      else if (g_ascii_strcasecmp (name, base_name) == 0)
        return g_steal_pointer (&child);
    }
  g_ptr_array_sort (subdirs, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < subdirs->len; i++)
    {
      char *found = find_in_folder (g_ptr_array_index (subdirs, i), base_name, depth - 1);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static Source *
source_for_path (const char *path)
{
  Source *source = g_new0 (Source, 1);
  GStatBuf st;

  source->path = g_strdup (path);
  source->name = g_path_get_basename (path);
  source->size = g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
  return source;
}

/* The export's files, in the order they are read (Profile and Invitations
 * first: they name the owner the messages need). */
static const Kind read_order[] = { KIND_PROFILE, KIND_INVITATIONS, KIND_CONNECTIONS,
                                   KIND_MESSAGES };

static gboolean
collect_from_zip (const char *path, Source *sources[N_KINDS], GError **error)
{
  g_autoptr(GError) zip_error = NULL;
  g_autoptr(CnZip) zip = cn_zip_open (path, &zip_error);
  g_autofree char *base = g_path_get_basename (path);
  int index[N_KINDS];
  guint64 total = 0;

  if (zip == NULL)
    {
      g_set_error (error, CN_IMPORT_ERROR,
                   g_error_matches (zip_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA)
                       ? CN_IMPORT_ERROR_NOT_RECOGNISED
                       : CN_IMPORT_ERROR_READ,
                   "%s: %s", base, zip_error->message);
      return FALSE;
    }
  /* Bounded before anything is inflated: the entries' streams stop at the
   * sizes they declare, so the sum of those bounds the work. */
  for (guint k = KIND_CONNECTIONS; k < N_KINDS; k++)
    {
      index[k] = cn_zip_find (zip, kind_files[k]);
      if (index[k] >= 0)
        total += MIN (cn_zip_get_size (zip, index[k]), CN_ZIP_MAX_TOTAL_SIZE + 1);
    }
  if (total > CN_ZIP_MAX_TOTAL_SIZE)
    {
      g_autofree char *limit = g_format_size (CN_ZIP_MAX_TOTAL_SIZE);

      g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_TOO_BIG,
                   _("%s: the export’s files add up to more than %s"), base, limit);
      return FALSE;
    }
  for (guint k = KIND_CONNECTIONS; k < N_KINDS; k++)
    {
      GInputStream *stream;

      if (index[k] < 0)
        continue;
      stream = cn_zip_open_entry (zip, index[k], 0, &zip_error);
      if (stream == NULL)
        {
          g_set_error (error, CN_IMPORT_ERROR,
                       g_error_matches (zip_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE)
                           ? CN_IMPORT_ERROR_TOO_BIG
                           : CN_IMPORT_ERROR_INVALID,
                       "%s: %s", base, zip_error->message);
          return FALSE;
        }
      sources[k] = g_new0 (Source, 1);
      sources[k]->name = g_path_get_basename (cn_zip_get_name (zip, index[k]));
      sources[k]->stream = stream;
      sources[k]->size = cn_zip_get_size (zip, index[k]);
    }
  return TRUE;
}

static gboolean
collect_sources (const char *path, Source *sources[N_KINDS], gboolean *out_single, GError **error)
{
  g_autofree char *base = g_path_get_basename (path);

  *out_single = FALSE;
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      for (guint k = KIND_CONNECTIONS; k < N_KINDS; k++)
        {
          g_autofree char *found = find_in_folder (path, kind_files[k], 1);

          if (found != NULL)
            sources[k] = source_for_path (found);
        }
      return TRUE;
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ, _("“%s” does not exist"), base);
      return FALSE;
    }
  if (cn_zip_is_zip (path))
    return collect_from_zip (path, sources, error);

  /* One CSV: its header will say which. */
  *out_single = TRUE;
  sources[KIND_NONE] = source_for_path (path);
  return TRUE;
}

/* A messages.csv given alone may have the export's Profile.csv beside it. */
static Source *
sibling_profile (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *found = find_in_folder (dir, kind_files[KIND_PROFILE], 0);

  return found ? source_for_path (found) : NULL;
}

gboolean
cn_linkedin_read (const char *path,
                  CnImportBatch *batch,
                  GCancellable *cancellable,
                  CnImportProgressFunc progress,
                  gpointer progress_data,
                  GError **error)
{
  Source *sources[N_KINDS] = { NULL };
  Reader reader = {
    .batch = batch,
    .cancellable = cancellable,
    .progress = progress,
    .progress_data = progress_data,
  };
  guint n_contacts, n_requests, n_rejections;
  gboolean single = FALSE, ok = TRUE, any = FALSE;
  g_autofree char *base = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  base = g_path_get_basename (path);
  n_contacts = batch->contacts->len;
  n_requests = batch->requests->len;
  n_rejections = batch->rejections->len;

  if (!collect_sources (path, sources, &single, error))
    ok = FALSE;
  else if (single)
    {
      g_autoptr(Source) profile = sibling_profile (path);

      if (profile != NULL)
        read_profile (&reader, profile);
      reader.total = sources[KIND_NONE]->size;
      ok = read_source (&reader, sources[KIND_NONE], KIND_NONE, error);
    }
  else
    {
      for (guint k = KIND_CONNECTIONS; k < N_KINDS; k++)
        if (sources[k] != NULL && k != KIND_PROFILE)
          {
            reader.total += sources[k]->size;
            any = TRUE;
          }
      if (!any)
        {
          g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED,
                       _("“%s” is not a LinkedIn export: it has no Connections.csv, "
                         "messages.csv or Invitations.csv"),
                          base);
          ok = FALSE;
        }
      for (guint i = 0; ok && i < G_N_ELEMENTS (read_order); i++)
        {
          Kind k = read_order[i];

          if (sources[k] == NULL)
            continue;
          if (k == KIND_PROFILE)
            read_profile (&reader, sources[k]);
          else
            ok = read_source (&reader, sources[k], k, error);
        }
    }

  for (guint k = 0; k < N_KINDS; k++)
    source_free (sources[k]);
  g_free (reader.owner);
  g_clear_error (&reader.error);

  /* A failed read appends nothing. */
  if (!ok)
    {
      /* (What a flush wrote, the import rolls back.) */
      g_ptr_array_set_size (batch->contacts, MIN (batch->contacts->len, n_contacts));
      g_ptr_array_set_size (batch->requests, MIN (batch->requests->len, n_requests));
      g_ptr_array_set_size (batch->rejections, n_rejections);
    }
  return ok;
}
