/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Contacts CSV exported by Google Contacts (the current header and the old
 * one) and by Outlook (English or localised headers; Windows-1252 files).
 * cn-csv reads the records and decides the encoding and separator; this file
 * finds the columns by name, through a small table of synonyms compared
 * without case, accents or punctuation ("E-Mail-Adresse" = "e mail adresse").
 *
 * Decisions:
 *  - The name is the full-name column ("Name" of old Google exports), else
 *    first + middle + last name, else the nickname. A row with none of them
 *    is rejected ("no name") even when it has an e-mail address: making a
 *    name of the address's local part would fill the network with "jdupont"
 *    entries the user must then rename, and a later export that has the name
 *    brings the person in anyway. Rows with every field empty (Outlook writes
 *    some) are skipped silently.
 *  - Multi-values (Google's " ::: ") give their first value; labels and group
 *    memberships ("* myContacts") are the user's groups: ignored.
 *  - Outlook's "Title" ("Titre", "Anrede") is the courtesy title (Mr., Dr.):
 *    never the position, which is "Job Title" ("Fonction", "Position").
 *  - A file without any of the name columns is not a contacts CSV
 *    (CN_IMPORT_ERROR_NOT_RECOGNISED), so that detection can try the other
 *    formats. The header is looked for in the first few records, as some
 *    exports put a note above it. */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cn-csv.h"
#include "cn-import.h"
#include "cn-text.h"

#define HEADER_SEARCH_ROWS 10

typedef enum {
  FIELD_NONE,
  FIELD_FULL_NAME,
  FIELD_FIRST,
  FIELD_MIDDLE,
  FIELD_LAST,
  FIELD_NICKNAME,
  FIELD_EMAIL,       /* the main address */
  FIELD_EMAIL_OTHER, /* E-mail 2 Address…: when the main one is empty */
  FIELD_COMPANY,
  FIELD_POSITION,
  FIELD_URL,
  FIELD_NOTES,
} Field;

/* Normalised header names (see normalise_header()) in English, French and
 * German as Google and Outlook write them, and the name columns of a few
 * other languages. */
static const struct
{
  const char *name;
  Field field;
} synonyms[] = {
  { "name", FIELD_FULL_NAME },
  { "full name", FIELD_FULL_NAME },
  { "display name", FIELD_FULL_NAME },
  { "nom complet", FIELD_FULL_NAME },
  { "vollstandiger name", FIELD_FULL_NAME },
  { "first name", FIELD_FIRST },
  { "given name", FIELD_FIRST },
  { "vorname", FIELD_FIRST },
  { "prenom", FIELD_FIRST },
  { "middle name", FIELD_MIDDLE },
  { "additional name", FIELD_MIDDLE },
  { "weitere vornamen", FIELD_MIDDLE },
  { "deuxieme prenom", FIELD_MIDDLE },
  { "last name", FIELD_LAST },
  { "family name", FIELD_LAST },
  { "surname", FIELD_LAST },
  { "nachname", FIELD_LAST },
  { "nom", FIELD_LAST },
  { "nom de famille", FIELD_LAST },
  /* Spanish, Italian, Dutch and Polish address books (Outlook's
   * localised headers). */
  { "nombre", FIELD_FIRST },
  { "apellidos", FIELD_LAST },
  { "apellido", FIELD_LAST },
  { "nome", FIELD_FIRST },
  { "cognome", FIELD_LAST },
  { "voornaam", FIELD_FIRST },
  { "achternaam", FIELD_LAST },
  { "imie", FIELD_FIRST },
  { "nazwisko", FIELD_LAST },
  { "nickname", FIELD_NICKNAME },
  { "spitzname", FIELD_NICKNAME },
  { "surnom", FIELD_NICKNAME },
  { "e mail 1 value", FIELD_EMAIL },
  { "e mail address", FIELD_EMAIL },
  { "email address", FIELD_EMAIL },
  { "e mail", FIELD_EMAIL },
  { "email", FIELD_EMAIL },
  { "e mail adresse", FIELD_EMAIL },
  { "adresse de messagerie", FIELD_EMAIL },
  { "adresse e mail", FIELD_EMAIL },
  { "courriel", FIELD_EMAIL },
  { "organization name", FIELD_COMPANY },
  { "organization 1 name", FIELD_COMPANY },
  { "company", FIELD_COMPANY },
  { "firma", FIELD_COMPANY },
  { "unternehmen", FIELD_COMPANY },
  { "societe", FIELD_COMPANY },
  { "entreprise", FIELD_COMPANY },
  { "organisation", FIELD_COMPANY },
  { "organization title", FIELD_POSITION },
  { "organization 1 title", FIELD_POSITION },
  { "job title", FIELD_POSITION },
  { "position", FIELD_POSITION },
  { "fonction", FIELD_POSITION },
  { "poste", FIELD_POSITION },
  { "web page", FIELD_URL },
  { "webseite", FIELD_URL },
  { "webpage", FIELD_URL },
  { "page web", FIELD_URL },
  { "site web", FIELD_URL },
  { "website", FIELD_URL },
  { "url", FIELD_URL },
  { "profile url", FIELD_URL },
  { "linkedin", FIELD_URL },
  { "personal web page", FIELD_URL },
  { "business web page", FIELD_URL },
  { "notes", FIELD_NOTES },
  { "note", FIELD_NOTES },
  { "notizen", FIELD_NOTES },
  { "remarques", FIELD_NOTES },
};

/* The header as a key (cn_text_fold_words()): "E-mail 1 - Value" →
 * "e mail 1 value", "Vollständiger Name" → "vollstandiger name". */
static char *
normalise_header (const char *header)
{
  GString *out = g_string_new (NULL);

  cn_text_fold_words (out, header, -1);
  return g_string_free (out, FALSE);
}

static gboolean
has_word (const char *s, const char *word)
{
  return strstr (s, word) != NULL;
}

static Field
field_for_header (const char *header)
{
  g_autofree char *norm = normalise_header (header);

  for (guint i = 0; i < G_N_ELEMENTS (synonyms); i++)
    if (strcmp (norm, synonyms[i].name) == 0)
      return synonyms[i].field;

  /* Numbered columns: "E-mail 2 - Value", "E-Mail 2: Adresse",
   * "Adresse de messagerie 2", "Website 3 - Value". */
  if ((has_word (norm, "mail") || has_word (norm, "messagerie")) &&
      (has_word (norm, "value") || has_word (norm, "address") || has_word (norm, "adresse")) &&
      !has_word (norm, "type") && !has_word (norm, "display") && !has_word (norm, "angezeigt") &&
      !has_word (norm, "label") && !has_word (norm, "nom"))
    return FIELD_EMAIL_OTHER;
  if (g_str_has_prefix (norm, "website") && g_str_has_suffix (norm, "value"))
    return FIELD_URL;
  return FIELD_NONE;
}

typedef struct
{
  Field *fields; /* per column */
  guint n_columns;
} Header;

static gboolean
header_has_name (const Header *header)
{
  for (guint i = 0; i < header->n_columns; i++)
    if (header->fields[i] == FIELD_FULL_NAME || header->fields[i] == FIELD_FIRST ||
        header->fields[i] == FIELD_LAST)
      return TRUE;
  return FALSE;
}

/* The first value of a field: trimmed, Google's " ::: " multi-values cut to
 * the first, NULL when empty. */
static char *
first_value (const char *value)
{
  const char *sep = strstr (value, " ::: ");
  g_autofree char *text = sep != NULL ? g_strndup (value, sep - value) : g_strdup (value);

  g_strstrip (text);
  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

/* One line: line breaks and runs of spaces made one space. */
static char *
one_line (const char *value)
{
  g_autofree char *first = first_value (value);
  g_auto (GStrv) words = NULL;
  GString *out;

  if (first == NULL)
    return NULL;
  words = g_strsplit_set (first, " \t\r\n", -1);
  out = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      {
        if (out->len > 0)
          g_string_append_c (out, ' ');
        g_string_append (out, words[i]);
      }
  return g_string_free (out, out->len == 0);
}

static gboolean
is_linkedin (const char *url)
{
  g_autofree char *lower = g_ascii_strdown (url, -1);

  return strstr (lower, "linkedin.com/") != NULL;
}

/* The first address of a cell that holds one ("a@x ::: b@y" too). */
static char *
email_of (const char *value)
{
  g_auto (GStrv) parts = g_strsplit (value, ":::", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (strchr (parts[i], '@') != NULL && strchr (parts[i], ' ') == NULL)
        return g_strdup (parts[i]);
    }
  return NULL;
}

static gboolean
row_is_empty (guint n_fields, const char *const *fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const char *p = fields[i];

      while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
      if (*p != '\0')
        return FALSE;
    }
  return TRUE;
}

/* A row to a contact, or a rejection. */
static void
read_row (const Header *header,
          guint n_fields,
          const char *const *fields,
          const char *file,
          guint line,
          CnImportBatch *batch)
{
  g_autofree char *full = NULL, *first = NULL, *middle = NULL, *last = NULL, *nick = NULL;
  g_autofree char *email = NULL, *other_email = NULL, *url = NULL, *other_url = NULL;
  g_autofree char *company = NULL, *position = NULL, *notes = NULL;
  CnImportContact *contact;
  char *name = NULL;

  if (row_is_empty (n_fields, fields))
    return;

  for (guint i = 0; i < MIN (n_fields, header->n_columns); i++)
    {
      const char *value = fields[i];

      switch (header->fields[i])
        {
        case FIELD_FULL_NAME:
          if (full == NULL)
            full = one_line (value);
          break;
        case FIELD_FIRST:
          if (first == NULL)
            first = one_line (value);
          break;
        case FIELD_MIDDLE:
          if (middle == NULL)
            middle = one_line (value);
          break;
        case FIELD_LAST:
          if (last == NULL)
            last = one_line (value);
          break;
        case FIELD_NICKNAME:
          if (nick == NULL)
            nick = one_line (value);
          break;
        case FIELD_EMAIL:
          if (email == NULL)
            email = email_of (value);
          break;
        case FIELD_EMAIL_OTHER:
          if (other_email == NULL)
            other_email = email_of (value);
          break;
        case FIELD_COMPANY:
          if (company == NULL)
            company = one_line (value);
          break;
        case FIELD_POSITION:
          if (position == NULL)
            position = one_line (value);
          break;
        case FIELD_URL:
          {
            g_autofree char *u = one_line (value);

            if (u != NULL && url == NULL && is_linkedin (u))
              url = g_steal_pointer (&u);
            else if (u != NULL && other_url == NULL)
              other_url = g_steal_pointer (&u);
          }
          break;
        case FIELD_NOTES:
          if (notes == NULL)
            {
              notes = g_strdup (value);
              g_strstrip (notes);
              if (notes[0] == '\0')
                g_clear_pointer (&notes, g_free);
            }
          break;
        case FIELD_NONE:
        default:
          break;
        }
    }

  if (full != NULL)
    name = g_steal_pointer (&full);
  else if (first != NULL || last != NULL)
    {
      GString *joined = g_string_new (NULL);
      const char *parts[] = { first, middle, last };

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        if (parts[i] != NULL)
          g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", parts[i]);
      name = g_string_free (joined, FALSE);
    }
  else if (nick != NULL)
    name = g_steal_pointer (&nick);

  if (name == NULL)
    {
      cn_import_batch_reject (batch, file, line, "%s", _("no name"));
      return;
    }

  contact = cn_import_contact_new ();
  contact->name = name;
  contact->email = email != NULL ? g_steal_pointer (&email) : g_steal_pointer (&other_email);
  contact->company = g_steal_pointer (&company);
  contact->position = g_steal_pointer (&position);
  contact->profile_url = url != NULL ? g_steal_pointer (&url) : g_steal_pointer (&other_url);
  contact->notes = g_steal_pointer (&notes);
  contact->file = g_strdup (file);
  contact->line = line;
  cn_import_batch_add_contact (batch, contact);
}

static void
batch_move (CnImportBatch *from, CnImportBatch *to)
{
  for (guint i = 0; i < from->contacts->len; i++)
    cn_import_batch_add_contact (to, from->contacts->pdata[i]);
  g_free (g_ptr_array_steal (from->contacts, NULL)); /* leaves it empty */
  for (guint i = 0; i < from->rejections->len; i++)
    g_ptr_array_add (to->rejections, from->rejections->pdata[i]);
  g_free (g_ptr_array_steal (from->rejections, NULL));
}

static void
set_read_error (GError **error, GError *csv_error, const char *file, gboolean header_found)
{
  if (g_error_matches (csv_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (csv_error));
  else if (csv_error->domain == G_IO_ERROR && csv_error->code != G_IO_ERROR_INVALID_DATA)
    g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ,
                 _("Cannot read %s: %s"), file, csv_error->message);
  else if (!header_found)
    g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED,
                 _("%s is not a contacts CSV file: %s"), file, csv_error->message);
  else
    g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_INVALID,
                 _("%s is damaged: %s"), file, csv_error->message);
}

/* Reads records of @reader until a header with a name column, among the
 * first few. */
static gboolean
find_header (CnCsvReader *reader, Header *header, Field **out_fields, GError **error)
{
  const char *const *row;
  guint n;

  for (guint i = 0; i < HEADER_SEARCH_ROWS; i++)
    {
      g_autofree Field *fields = NULL;

      if (!cn_csv_reader_next (reader, &n, &row, error))
        return FALSE;
      fields = g_new0 (Field, MAX (n, 1));
      for (guint c = 0; c < n; c++)
        fields[c] = field_for_header (row[c]);
      header->fields = fields;
      header->n_columns = n;
      if (header_has_name (header))
        {
          *out_fields = g_steal_pointer (&fields);
          return TRUE;
        }
      header->fields = NULL;
    }
  return FALSE;
}

/* @path opened at the record after its header. The separator is the one
 * cn-csv guesses, else the first of , ; and tab under which a header is
 * found: a ";" file with commas in its values is still read. NULL with
 * @error unset when no header is found; with @error set when the file
 * cannot be read. */
static CnCsvReader *
open_with_header (const char *path, Header *header, Field **out_fields, GError **error)
{
  static const char separators[] = { 0, ',', ';', '\t' };

  for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
    {
      g_autoptr (GError) local_error = NULL;
      g_autoptr (CnCsvReader)
                     reader = cn_csv_reader_new_for_path (path, separators[i], &local_error);

      if (reader == NULL || (!find_header (reader, header, out_fields, &local_error) &&
                             local_error != NULL && i == 0))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (header->fields != NULL)
        return g_steal_pointer (&reader);
    }
  return NULL;
}

gboolean
_cn_contacts_csv_recognise (const char *path)
{
  g_autofree Field *fields = NULL;
  g_autoptr (CnCsvReader) reader = NULL;
  Header header = { 0 };

  g_return_val_if_fail (path != NULL, FALSE);

  reader = open_with_header (path, &header, &fields, NULL);
  return reader != NULL;
}

gboolean
cn_contacts_csv_read (const char *path,
                      CnImportBatch *batch,
                      GCancellable *cancellable,
                      CnImportProgressFunc progress,
                      gpointer progress_data,
                      GError **error)
{
  g_autofree char *file = g_path_get_basename (path);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (CnCsvReader) reader = NULL;
  g_autoptr (CnImportBatch) local = NULL;
  g_autofree Field *fields = NULL;
  Header header = { 0 };
  const char *const *row;
  guint n, rows = 0;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ,
                   _("Cannot read %s: %s"), file, g_strerror (ENOENT));
      return FALSE;
    }
  reader = open_with_header (path, &header, &fields, &local_error);
  if (reader == NULL && local_error != NULL)
    {
      set_read_error (error, local_error, file, FALSE);
      return FALSE;
    }
  if (reader == NULL)
    {
      g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED,
                   _("%s is not a contacts CSV file: it has no name column"), file);
      return FALSE;
    }

  local = cn_import_batch_new ();
  while (cn_csv_reader_next (reader, &n, &row, &local_error))
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      read_row (&header, n, row, file, cn_csv_reader_get_line (reader), local);
      if (progress != NULL && ++rows % 256 == 0 && cn_csv_reader_get_size (reader) > 0)
        progress ((double) cn_csv_reader_get_offset (reader) / cn_csv_reader_get_size (reader),
                  progress_data);
    }
  if (local_error != NULL)
    {
      set_read_error (error, local_error, file, TRUE);
      return FALSE;
    }

  batch_move (local, batch);
  if (progress != NULL)
    progress (1.0, progress_data);
  return TRUE;
}
