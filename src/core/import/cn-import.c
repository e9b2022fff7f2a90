/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "cn-import.h"
#include "cn-task-progress.h"
#include "cn-store-private.h"
#include "cn-text.h"

/* clang-format off */
G_DEFINE_QUARK (cn-import-error-quark, cn_import_error)
/* clang-format on */

/* Keys for matching */

/* Keys live in @strings, an arena freed at once: an import makes a few per
 * contact, and allocating each would cost more than writing the contact. */
static const char *
finish_key (GStringChunk *strings, GString *key)
{
  return key->len > 0 ? g_string_chunk_insert_len (strings, key->str, key->len) : NULL;
}

/* cn_text_fold_words(): "Élodie  Durand" and "elodie durand", "Strauß" and
 * "STRAUSS" give the same key. NULL when empty. */
static const char *
fold_key (GStringChunk *strings, GString *key, const char *text)
{
  g_string_truncate (key, 0);
  cn_text_fold_words (key, text, -1);
  return finish_key (strings, key);
}

/* Trimmed, ASCII lower case (as SQLite's NOCASE). */
static const char *
email_key (GStringChunk *strings, GString *key, const char *email)
{
  const char *end;

  g_string_truncate (key, 0);
  if (email == NULL)
    return NULL;
  while (g_ascii_isspace (*email))
    email++;
  end = email + strlen (email);
  while (end > email && g_ascii_isspace (end[-1]))
    end--;
  for (const char *p = email; p < end; p++)
    g_string_append_c (key, g_ascii_tolower (*p));
  return finish_key (strings, key);
}

/* cn_text_profile_key(), in the import's arena: the triage's key of the
 * same address. */
static const char *
profile_key (GStringChunk *strings, const char *url)
{
  g_autofree char *key = NULL;

  if (url == NULL || !g_utf8_validate (url, -1, NULL))
    return NULL;
  key = cn_text_profile_key (url);
  return key != NULL ? g_string_chunk_insert (strings, key) : NULL;
}

/* Contacts, as the import sees them */

/* Its strings are in the import's arena; 96 bytes, in blocks: an import
 * holds every contact. */
typedef struct _Known Known;
struct _Known
{
  CnStoreImportContact stored;
  const char *name_key;
  const char *company_key;
  const char *profile_key;
  Known *next_namesake; /* filed later under the same name key */
  /* Already added or matched by an earlier record of this import: a later
   * record (the same person in another file) only fills what is missing,
   * so that the order of the files never makes a re-import change things. */
  guint in_batch : 1;
  /* Its first record changed nothing: counted as unchanged until a later
   * record fills a gap. */
  guint counted_unchanged : 1;
  guint named : 1; /* in the chain of its name key */
};

#define KNOWN_BLOCK 1024

typedef struct
{
  CnStoreImport *writer;
  GStringChunk *strings; /* every string kept below */
  GString *scratch;
  GPtrArray *known;       /* blocks of KNOWN_BLOCK Known, owned */
  guint n_in_block;       /* Known used in the last block */
  GHashTable *by_profile; /* key → Known */
  GHashTable *by_email;
  GHashTable *by_name; /* name key → the first Known of that name (next_namesake) */
  gboolean renamed;
  /* While cn_import_run() reads, for the batch's flushes: */
  CnStore *store;
  CnImportReport *report;
  GCancellable *cancellable;
  gboolean last_path; /* the path read is the last one */
} Import;

static void
import_clear (Import *import)
{
  g_clear_pointer (&import->known, g_ptr_array_unref);
  g_clear_pointer (&import->strings, g_string_chunk_free);
  if (import->scratch != NULL)
    g_string_free (g_steal_pointer (&import->scratch), TRUE);
  g_clear_pointer (&import->by_profile, g_hash_table_unref);
  g_clear_pointer (&import->by_email, g_hash_table_unref);
  g_clear_pointer (&import->by_name, g_hash_table_unref);
}

static const char *
intern (Import *import, const char *text)
{
  return text != NULL ? g_string_chunk_insert_const (import->strings, text) : NULL;
}

static const char *
copy (Import *import, const char *text)
{
  return text != NULL ? g_string_chunk_insert (import->strings, text) : NULL;
}

/* Adds a key to @table; the oldest contact keeps a key two share. */
static void
add_key (GHashTable *table, const char *key, Known *known)
{
  if (key != NULL && !g_hash_table_contains (table, key))
    g_hash_table_insert (table, (char *) key, known);
}

/* Takes @key out of @table when it names @known: a contact whose address
 * changed must not be found by the old one, or a later record would match
 * here what a re-import cannot match again. */
static void
drop_key (GHashTable *table, const char *key, Known *known)
{
  if (key != NULL && g_hash_table_lookup (table, key) == known)
    g_hash_table_remove (table, key);
}

/* Puts @known in the tables under its current keys. */
static void
index_known (Import *import, Known *known)
{
  Known *last;

  add_key (import->by_profile, known->profile_key, known);
  add_key (import->by_email, email_key (import->strings, import->scratch, known->stored.email),
           known);
  if (known->name_key == NULL)
    return;
  if (known->named)
    return;
  known->named = TRUE;
  known->next_namesake = NULL;
  last = g_hash_table_lookup (import->by_name, known->name_key);
  if (last == NULL)
    {
      g_hash_table_insert (import->by_name, (char *) known->name_key, known);
      return;
    }
  /* In the order they were filed. */
  while (last->next_namesake != NULL)
    last = last->next_namesake;
  last->next_namesake = known;
}

/* Takes @known out of the chain of its name key. */
static void
unname (Import *import, Known *known)
{
  Known *first;

  /* (Never named without a name key.) */
  if (!known->named)
    return;
  first = g_hash_table_lookup (import->by_name, known->name_key);
  if (first == NULL)
    return;
  known->named = FALSE;
  if (first == known)
    {
      if (known->next_namesake != NULL)
        g_hash_table_insert (import->by_name, (char *) known->name_key, known->next_namesake);
      else
        g_hash_table_remove (import->by_name, known->name_key);
    }
  else
    {
      Known *before = first;

      while (before->next_namesake != NULL && before->next_namesake != known)
        before = before->next_namesake;
      if (before->next_namesake == known)
        before->next_namesake = known->next_namesake;
    }
  known->next_namesake = NULL;
}

static void
import_init (Import *import)
{
  import->strings = g_string_chunk_new (256 * 1024);
  import->scratch = g_string_sized_new (256);
  import->known = g_ptr_array_new_with_free_func (g_free);
  import->n_in_block = KNOWN_BLOCK;
  import->by_profile = g_hash_table_new (g_str_hash, g_str_equal);
  import->by_email = g_hash_table_new (g_str_hash, g_str_equal);
  import->by_name = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Each stored contact, once, before the batch: then lookups in memory. */
/* A contact as stored, its strings in the import's arena (keys left to the caller). */
static Known *
known_new (Import *import, const CnStoreImportContact *contact)
{
  Known *known;

  if (import->n_in_block == KNOWN_BLOCK)
    {
      g_ptr_array_add (import->known, g_new0 (Known, KNOWN_BLOCK));
      import->n_in_block = 0;
    }
  known = (Known *) g_ptr_array_index (import->known, import->known->len - 1) +
          import->n_in_block++;
  known->stored = *contact;
  /* A person's own strings are seldom shared: not looked up in the arena's
   * table, which would hold every one of them. */
  known->stored.name = copy (import, contact->name);
  known->stored.email = copy (import, contact->email);
  known->stored.profile_url = copy (import, contact->profile_url);
  known->stored.company = intern (import, contact->company);
  known->stored.position = intern (import, contact->position);
  return known;
}

static void
on_contact_read (const CnStoreImportContact *contact, gpointer user_data)
{
  Import *import = user_data;
  Known *known = known_new (import, contact);

  known->name_key = fold_key (import->strings, import->scratch, known->stored.name);
  known->company_key = fold_key (import->strings, import->scratch, known->stored.company);
  known->profile_key = profile_key (import->strings, known->stored.profile_url);
  index_known (import, known);
}

/* Writing contacts */

static gboolean
same_key (const char *a, const char *b)
{
  return a == NULL || b == NULL || strcmp (a, b) == 0;
}

/* What an imported contact is matched by, computed once. */
typedef struct
{
  const char *name;
  const char *email;
  const char *profile;
  const char *company;
} Keys;

/* A contact with the name and address of @keys, and no other profile. */
static Known *
namesake_with_email (Import *import, const Keys *keys)
{
  for (Known *known = g_hash_table_lookup (import->by_name, keys->name); known != NULL;
       known = known->next_namesake)
    {
      const char *email = email_key (import->strings, import->scratch, known->stored.email);

      if (g_strcmp0 (email, keys->email) == 0 && same_key (keys->profile, known->profile_key))
        return known;
    }
  return NULL;
}

/* A contact this import already claimed, under the name and with the profile
 * and company of @keys. */
static Known *
claimed_namesake (Import *import, const Keys *keys)
{
  for (Known *known = g_hash_table_lookup (import->by_name, keys->name); known != NULL;
       known = known->next_namesake)
    {
      if (known->in_batch && same_key (keys->profile, known->profile_key) &&
          same_key (keys->company, known->company_key))
        return known;
    }
  return NULL;
}

/* The contact @keys name, by profile URL, then e-mail, then name and
 * company; else NULL, with the namesake it may be in @out_namesake.
 *
 * Two exceptions keep a second import matching as the first did:
 * - a contact this import already claimed under the same name comes before a
 *   contact found by e-mail only, even one this import claimed too, under
 *   another name. Otherwise a card of someone who already had a card here,
 *   bearing the address of a third person, would be matched by name while
 *   that address is not known yet and, once it is (stored, or learnt from a
 *   later card), by e-mail, which would rename the third person or give
 *   them the card's details;
 * - an address does not join a card to a contact this import claimed under
 *   another profile: at the next import the card's own profile would find
 *   the contact it then made. */
static Known *
match_contact (Import *import, const Keys *keys, Known **out_namesake)
{
  Known *by_email = NULL;
  Known *known;

  *out_namesake = NULL;
  if (keys->profile != NULL &&
      (known = g_hash_table_lookup (import->by_profile, keys->profile)) != NULL)
    return known;
  if (keys->email != NULL)
    {
      /* Name and address both agree: whoever else shares the address. */
      if ((known = namesake_with_email (import, keys)) != NULL)
        return known;
      by_email = g_hash_table_lookup (import->by_email, keys->email);
    }
  /* A contact this import made or matched is one person: another profile
   * with the same address is someone else (a shared inbox), as it would be
   * found by that profile at the next import. */
  if (by_email != NULL && by_email->in_batch)
    {
      if (!same_key (keys->profile, by_email->profile_key))
        by_email = NULL;
      else if (g_strcmp0 (keys->name, by_email->name_key) == 0 ||
               (known = claimed_namesake (import, keys)) == NULL)
        return by_email;
      else
        return known;
    }

  for (known = g_hash_table_lookup (import->by_name, keys->name); known != NULL;
       known = known->next_namesake)
    {
      /* Two profiles: two people. A company missing on one side does not
       * tell them apart. */
      if ((by_email == NULL || known->in_batch) && same_key (keys->profile, known->profile_key) &&
          same_key (keys->company, known->company_key))
        return known;
      if (*out_namesake == NULL)
        *out_namesake = known;
    }

  if (by_email != NULL)
    *out_namesake = NULL;
  return by_email;
}

/* Sets *@field to @value when it brings something new. */
static gboolean
take_value (Import *import, const char **field, const char *value)
{
  if (value == NULL || *value == '\0' || g_strcmp0 (*field, value) == 0)
    return FALSE;
  *field = intern (import, value);
  return TRUE;
}

static char *
join_expertise (char **tags)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *tag = g_strstrip (g_strdelimit (g_strdup (tags[i]), "\r\n", ' '));

      if (*tag == '\0')
        continue;
      if (joined->len > 0)
        g_string_append_c (joined, '\n');
      g_string_append (joined, tag);
    }
  return joined->len > 0 ? g_string_free (g_steal_pointer (&joined), FALSE) : NULL;
}

/* Updates what the import knows better; what the connector set stays. */
/* Sets *@field to @value only when it is empty. */
static gboolean
take_missing (Import *import, const char **field, const char *value)
{
  if (*field != NULL && **field != '\0')
    return FALSE;
  return take_value (import, field, value);
}

/* A later record of the same person in this import: fills the gaps. */
static gboolean
fill_contact (Import *import, Known *known, CnImportContact *contact, Keys *keys)
{
  gboolean changed = FALSE;

  changed |= take_missing (import, &known->stored.email, contact->email);
  if (known->profile_key == NULL && keys->profile != NULL &&
      take_missing (import, &known->stored.profile_url, contact->profile_url))
    {
      known->profile_key = keys->profile;
      changed = TRUE;
    }
  if (take_missing (import, &known->stored.company, contact->company))
    {
      known->company_key = keys->company;
      changed = TRUE;
    }
  changed |= take_missing (import, &known->stored.position, contact->position);
  return changed;
}

static gboolean
update_contact (Import *import,
                Known *known,
                CnImportContact *contact,
                Keys *keys,
                CnImportReport *report,
                GError **error)
{
  gboolean again = known->in_batch;
  g_autofree char *expertise = known->stored.has_expertise ? NULL
                                                           : join_expertise (contact->expertise);
  const char *notes = known->stored.has_notes ? NULL : contact->notes;
  gboolean changed = FALSE;

  notes = notes != NULL && *notes != '\0' ? notes : NULL;
  known->in_batch = TRUE;
  if (again)
    {
      /* Counted at its first record, as updated once a record changes it. */
      if (!fill_contact (import, known, contact, keys) && expertise == NULL && notes == NULL)
        return TRUE;
      if (known->counted_unchanged)
        {
          known->counted_unchanged = FALSE;
          report->contacts_unchanged--;
          report->contacts_updated++;
        }
      goto write;
    }
  /* Only a real change of name: not a mere difference of case or accents. */
  if (g_strcmp0 (keys->name, known->name_key) != 0 &&
      take_value (import, &known->stored.name, contact->name))
    {
      /* Found by its new name only. */
      unname (import, known);
      known->name_key = keys->name;
      import->renamed = TRUE;
      changed = TRUE;
    }
  /* Addresses written otherwise (case, "www.", a final "/") are the same:
   * two sources must not overwrite each other at every import. */
  if (keys->email != NULL &&
      (known->stored.email == NULL || g_ascii_strcasecmp (keys->email, known->stored.email) != 0))
    {
      const char *old_key = email_key (import->strings, import->scratch, known->stored.email);

      if (take_value (import, &known->stored.email, contact->email))
        {
          drop_key (import->by_email, old_key, known);
          changed = TRUE;
        }
    }
  if (keys->profile != NULL && g_strcmp0 (keys->profile, known->profile_key) != 0 &&
      take_value (import, &known->stored.profile_url, contact->profile_url))
    {
      drop_key (import->by_profile, known->profile_key, known);
      known->profile_key = keys->profile;
      changed = TRUE;
    }
  if (take_value (import, &known->stored.company, contact->company))
    {
      known->company_key = keys->company;
      changed = TRUE;
    }
  changed |= take_value (import, &known->stored.position, contact->position);
  changed |= expertise != NULL || notes != NULL;

  if (!changed)
    {
      known->counted_unchanged = TRUE;
      report->contacts_unchanged++;
      return TRUE;
    }
  report->contacts_updated++;

write:
  if (!_cn_store_import_update_contact (import->writer, &known->stored, expertise, notes, error))
    return FALSE;

  known->stored.has_expertise |= expertise != NULL;
  known->stored.has_notes |= notes != NULL;
  index_known (import, known);
  return TRUE;
}

static gboolean
insert_contact (Import *import,
                CnImportContact *contact,
                Keys *keys,
                Known *namesake,
                CnImportReport *report,
                GError **error)
{
  g_autofree char *expertise = join_expertise (contact->expertise);
  const char *notes = contact->notes != NULL && *contact->notes != '\0' ? contact->notes : NULL;
  CnStoreImportContact stored = { 0,
                                  contact->name,
                                  contact->email,
                                  contact->profile_url,
                                  contact->company,
                                  contact->position,
                                  notes != NULL,
                                  expertise != NULL };
  Known *known;

  stored.id = _cn_store_import_add_contact (import->writer, &stored, expertise, notes, error);
  if (stored.id <= 0)
    return FALSE;

  known = known_new (import, &stored);
  known->name_key = keys->name;
  known->company_key = keys->company;
  known->profile_key = keys->profile;
  known->in_batch = TRUE;
  index_known (import, known);
  report->contacts_added++;

  if (namesake != NULL)
    {
      CnImportDuplicate *duplicate = g_new0 (CnImportDuplicate, 1);

      duplicate->existing_id = namesake->stored.id;
      duplicate->imported_id = known->stored.id;
      duplicate->reason = g_strdup_printf (_("“%s” has the same name as “%s”, at another company "
                                             "(%s, %s): the same person?"),
          known->stored.name, namesake->stored.name,
          known->stored.company != NULL ? known->stored.company : "—",
          namesake->stored.company != NULL ? namesake->stored.company : "—");
      g_ptr_array_add (report->duplicates, duplicate);
    }
  return TRUE;
}

static gboolean
import_contact (Import *import, CnImportContact *contact, CnImportReport *report, GError **error)
{
  Keys keys = { fold_key (import->strings, import->scratch, contact->name),
                email_key (import->strings, import->scratch, contact->email),
                profile_key (import->strings, contact->profile_url),
                fold_key (import->strings, import->scratch, contact->company) };
  Known *namesake = NULL;
  Known *known;
  gboolean ok;

  if (keys.name == NULL)
    {
      CnImportRejection *rejection = g_new0 (CnImportRejection, 1);

      rejection->file = g_strdup (contact->file);
      rejection->line = contact->line;
      rejection->reason = g_strdup (_("no name"));
      g_ptr_array_add (report->rejections, rejection);
      return TRUE;
    }

  known = match_contact (import, &keys, &namesake);
  if (known != NULL)
    ok = update_contact (import, known, contact, &keys, report, error);
  else
    ok = insert_contact (import, contact, &keys, namesake, report, error);
  return ok;
}

/* Writing requests */

static void
reject (CnImportReport *report, const char *file, guint line, const char *reason)
{
  CnImportRejection *rejection = g_new0 (CnImportRejection, 1);

  rejection->file = g_strdup (file);
  rejection->line = line;
  rejection->reason = g_strdup (reason);
  g_ptr_array_add (report->rejections, rejection);
}

/* A stable reference for a request its file gives none: its content. */
static char *
content_ref (CnImportRequest *request)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *parts[] = { request->requester_name, request->requester_email,
                          request->requester_profile_url, request->note_to_connector,
                          request->note_to_target };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      const char *part = parts[i] != NULL ? parts[i] : "";

      g_checksum_update (checksum, (const guchar *) part, strlen (part) + 1);
    }
  return g_strconcat ("sha256:", g_checksum_get_string (checksum), NULL);
}

/* The contact a request is for: an e-mail address, else one contact with
 * that exact (normalised) name. */
static gint64
find_target (Import *import, const char *hint)
{
  const char *key;
  Known *known;

  if (hint == NULL || *hint == '\0')
    return 0;
  if (strchr (hint, '@') != NULL)
    {
      key = email_key (import->strings, import->scratch, hint);
      known = key != NULL ? g_hash_table_lookup (import->by_email, key) : NULL;
      return known != NULL ? known->stored.id : 0;
    }
  key = fold_key (import->strings, import->scratch, hint);
  known = key != NULL ? g_hash_table_lookup (import->by_name, key) : NULL;
  if (known == NULL || known->next_namesake != NULL)
    return 0;
  return known->stored.id;
}

static gboolean
import_request (Import *import, CnImportRequest *request, CnImportReport *report, GError **error)
{
  const char *source = request->source != NULL && *request->source != '\0' ? request->source
                                                                           : "import";
  g_autofree char *ref = request->source_ref != NULL && *request->source_ref != '\0'
                             ? g_strdup (request->source_ref)
                             : content_ref (request);

  if (request->requester_name == NULL || *request->requester_name == '\0')
    {
      reject (report, request->file, request->line, _("no sender"));
      return TRUE;
    }
  if (_cn_store_import_has_request (import->writer, source, ref))
    {
      report->requests_skipped++;
      return TRUE;
    }

  if (!_cn_store_import_add_request (import->writer, request, source, ref,
                                     find_target (import, request->target_hint), error))
    return FALSE;
  report->requests_added++;
  return TRUE;
}

/* The batch in one transaction */

#define CHECK_EVERY 256

static CnImportReport *
report_new (void)
{
  CnImportReport *report = g_new0 (CnImportReport, 1);

  report->rejections = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_import_rejection_free);
  report->duplicates = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_import_duplicate_free);
  return report;
}

/* Writes the contacts @batch holds, then its requests unless
 * !@with_requests. */
static gboolean
write_batch (Import *import,
             CnImportBatch *batch,
             gboolean with_requests,
             CnImportReport *report,
             GCancellable *cancellable,
             CnImportProgressFunc progress,
             gpointer progress_data,
             GError **error)
{
  guint total = batch->contacts->len + (with_requests ? batch->requests->len : 0);
  guint done = 0;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < batch->contacts->len; i++, done++)
    {
      if (done % CHECK_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL)
            progress ((double) done / total, progress_data);
        }
      if (!import_contact (import, g_ptr_array_index (batch->contacts, i), report, error))
        return FALSE;
    }

  g_debug ("Import: %u contacts in %.1f ms", batch->contacts->len,
           (g_get_monotonic_time () - start) / 1e3);
  if (!with_requests)
    return TRUE;
  for (guint i = 0; i < batch->requests->len; i++, done++)
    {
      if (done % CHECK_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL)
            progress ((double) done / total, progress_data);
        }
      if (!import_request (import, g_ptr_array_index (batch->requests, i), report, error))
        return FALSE;
    }

  g_debug ("Import: %u requests, at %.1f ms", batch->requests->len,
           (g_get_monotonic_time () - start) / 1e3);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Opens the import's transaction and reads what is stored, once. */
static gboolean
import_begin (Import *import, CnStore *store, GError **error)
{
  gint64 start = g_get_monotonic_time ();

  if (import->writer != NULL)
    return TRUE;
  import->writer = _cn_store_import_begin (store, on_contact_read, import, error);
  if (import->writer == NULL)
    return FALSE;
  g_debug ("Import: what is stored loaded in %.1f ms", (g_get_monotonic_time () - start) / 1e3);
  return TRUE;
}

/* Commits when @ok, else rolls back (when begun); the report, with the
 * readers' rejections first (in the order of the files), or NULL. */
static CnImportReport *
import_end (Import *import,
            CnImportBatch *batch,
            CnImportReport *report_owned,
            gboolean ok,
            CnImportProgressFunc progress,
            gpointer progress_data,
            GError **error)
{
  g_autoptr(CnImportReport) report = report_owned;

  if (import->writer != NULL)
    ok = _cn_store_import_end (import->writer, ok,
                               report->contacts_added + report->contacts_updated > 0,
                               import->renamed, ok ? error : NULL);
  import->writer = NULL;
  import_clear (import);
  if (!ok)
    return NULL;
  g_debug ("Import: committed");

  if (progress != NULL)
    progress (1.0, progress_data);

  g_ptr_array_extend_and_steal (batch->rejections, g_steal_pointer (&report->rejections));
  report->rejections = g_steal_pointer (&batch->rejections);
  batch->rejections = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_import_rejection_free);
  return g_steal_pointer (&report);
}

CnImportReport *
cn_store_import_batch (CnStore *store,
                       CnImportBatch *batch,
                       GCancellable *cancellable,
                       CnImportProgressFunc progress,
                       gpointer progress_data,
                       GError **error)
{
  CnImportReport *report;
  Import import = { 0 };
  gboolean ok;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);
  g_return_val_if_fail (batch != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  report = report_new ();
  import_init (&import);
  ok = import_begin (&import, store, error) &&
       write_batch (&import, batch, TRUE, report, cancellable, progress, progress_data, error);
  return import_end (&import, batch, report, ok, progress, progress_data, error);
}

/* Detection */

#define SNIFF_SIZE 65536

static const char *const linkedin_files[] = { "connections.csv", "messages.csv",
                                              "invitations.csv" };

static gboolean
is_linkedin_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (linkedin_files); i++)
    if (g_ascii_strcasecmp (name, linkedin_files[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The export's files in @path or, as an unpacked zip leaves them, in one
 * of its subfolders. */
static gboolean
folder_is_linkedin (const char *path, gboolean look_inside)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = NULL;

      if (is_linkedin_name (name))
        return TRUE;
      child = g_build_filename (path, name, NULL);
      if (look_inside && g_file_test (child, G_FILE_TEST_IS_DIR) &&
          folder_is_linkedin (child, FALSE))
        return TRUE;
    }
  return FALSE;
}

/* A zip holds its names in clear, in the entries' headers and in the
 * directory at its end. */
static gboolean
zip_is_linkedin (const guint8 *head, gsize head_len, const guint8 *tail, gsize tail_len)
{
  for (guint i = 0; i < G_N_ELEMENTS (linkedin_files); i++)
    {
      const char *name = linkedin_files[i];
      gsize len = strlen (name);

      for (int part = 0; part < 2; part++)
        {
          const guint8 *data = part == 0 ? head : tail;
          gsize data_len = part == 0 ? head_len : tail_len;

          for (gsize j = 0; j + len <= data_len; j++)
            if (g_ascii_strncasecmp ((const char *) data + j, name, len) == 0 &&
                (j == 0 || data[j - 1] == '/' || data[j - 1] < 0x20 || data[j - 1] >= 0x80))
              return TRUE;
        }
    }
  return FALSE;
}

/* The text of a sniffed head, as UTF-8 (NULL when binary). */
static char *
sniff_text (const guint8 *data, gsize len)
{
  const char *charset = NULL;
  gsize skip = 0;
  gsize nul_even = 0, nul_odd = 0, controls = 0;
  char *text;

  if (len >= 2 && data[0] == 0xff && data[1] == 0xfe)
    charset = "UTF-16LE", skip = 2;
  else if (len >= 2 && data[0] == 0xfe && data[1] == 0xff)
    charset = "UTF-16BE", skip = 2;
  else if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
    skip = 3;

  if (charset == NULL)
    {
      for (gsize i = skip; i < len; i++)
        {
          if (data[i] == 0)
            *(i % 2 == 0 ? &nul_even : &nul_odd) += 1;
          else if (data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' && data[i] != '\r' &&
                   data[i] != '\f' && data[i] != 0x1b)
            controls++;
        }
      /* UTF-16 without a mark: ASCII text has a NUL in every other byte. */
      if (nul_odd > len / 4 && nul_even == 0)
        charset = "UTF-16LE";
      else if (nul_even > len / 4 && nul_odd == 0)
        charset = "UTF-16BE";
      /* A stray NUL, as a mail reader forgives, is text with a blank;
       * many make a binary file. */
      else if (nul_even + nul_odd + controls > len / 100 + 1)
        return NULL;
    }

  if (charset != NULL)
    {
      gsize even = (len - skip) & ~(gsize) 1;

      text = g_convert ((const char *) data + skip, even, "UTF-8", charset, NULL, NULL, NULL);
      /* The sniff may have cut a surrogate pair in two. */
      if (text == NULL && even >= 2)
        text = g_convert ((const char *) data + skip, even - 2, "UTF-8", charset, NULL, NULL, NULL);
      if (text == NULL || strlen (text) == 0)
        {
          g_free (text);
          return NULL;
        }
      return text;
    }

  /* Invalid UTF-8 (Latin-1, cp1252, a sequence cut at the end) is kept as
   * bytes: only ASCII decides. */
  text = g_malloc (len - skip + 1);
  for (gsize i = skip; i < len; i++)
    text[i - skip] = data[i] != 0 ? (char) data[i] : ' ';
  text[len - skip] = '\0';
  return text;
}

static char *
clean_cell (const char *cell)
{
  g_autofree char *copy = g_strstrip (g_strdup (cell));
  gsize len = strlen (copy);

  if (len >= 2 && copy[0] == '"' && copy[len - 1] == '"')
    {
      copy[len - 1] = '\0';
      return g_ascii_strdown (copy + 1, -1);
    }
  return g_utf8_validate (copy, -1, NULL) ? g_utf8_strdown (copy, -1) : g_ascii_strdown (copy, -1);
}

static gboolean
has_cell (char **cells, const char *const *wanted)
{
  for (guint i = 0; cells[i] != NULL; i++)
    for (guint j = 0; wanted[j] != NULL; j++)
      if (strcmp (cells[i], wanted[j]) == 0)
        return TRUE;
  return FALSE;
}

/* A header line of a CSV we know: LINKEDIN, CSV or UNKNOWN. */
static CnImportFormat
csv_header_format (const char *line)
{
  static const char *const linkedin[] = { "connected on", "conversation id", "sent at", NULL };
  static const char *const linkedin_names[] = { "first name", "from", NULL };
  static const char *const names[] = { "name",
                                       "given name",
                                       "family name",
                                       "first name",
                                       "last name",
                                       "full name",
                                       "display name",
                                       "nickname",
                                       "e-mail address",
                                       "e-mail 1 - value",
                                       "email 1 - value",
                                       "email address",
                                       "prénom",
                                       "nom",
                                       "nom complet",
                                       "vorname",
                                       "nachname",
                                       "nombre",
                                       "apellidos",
                                       "nome",
                                       "cognome",
                                       "voornaam",
                                       "achternaam",
                                       "imię",
                                       "nazwisko",
                                       NULL };
  const char *separators = ",;\t";
  CnImportFormat found = CN_IMPORT_FORMAT_UNKNOWN;

  for (const char *sep = separators; *sep != '\0' && found == CN_IMPORT_FORMAT_UNKNOWN; sep++)
    {
      char separator[2] = { *sep, '\0' };
      g_auto(GStrv) raw = g_strsplit (line, separator, 4096);
      g_auto(GStrv) cells = NULL;
      guint n = g_strv_length (raw);

      if (n < 2)
        continue;
      cells = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        cells[i] = clean_cell (raw[i]);
      if (has_cell (cells, linkedin) && has_cell (cells, linkedin_names))
        found = CN_IMPORT_FORMAT_LINKEDIN;
      else if (has_cell (cells, names))
        found = CN_IMPORT_FORMAT_CSV;
    }
  return found;
}

/* "Name: value", the name made of the characters RFC 5322 allows. */
static gboolean
is_mail_header (const char *line)
{
  const char *p = line;

  while (*p > ' ' && *p < 0x7f && *p != ':')
    p++;
  return p > line && *p == ':';
}

static CnImportFormat
text_format (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", 200);
  guint n = g_strv_length (lines);
  guint first = 0;
  guint mail_headers = 0;
  gboolean strong_mail = FALSE;

  /* The last line may be cut by the sniff. */
  if (n == 200)
    n--;
  for (guint i = 0; i < n; i++)
    g_strchomp (lines[i]);
  while (first < n && *g_strstrip (lines[first]) == '\0')
    first++;
  if (first == n)
    return CN_IMPORT_FORMAT_UNKNOWN;

  if (g_ascii_strncasecmp (lines[first], "BEGIN:VCARD", 11) == 0)
    return CN_IMPORT_FORMAT_VCARD;
  if (strncmp (lines[first], "From ", 5) == 0 && strchr (lines[first] + 5, ' ') != NULL)
    return CN_IMPORT_FORMAT_MAIL;

  /* RFC 822 headers up to the first blank line (folded lines go on with
   * a space). */
  for (guint i = first; i < n && *lines[i] != '\0'; i++)
    {
      if (lines[i][0] == ' ' || lines[i][0] == '\t')
        continue;
      if (!is_mail_header (lines[i]))
        {
          mail_headers = 0;
          break;
        }
      mail_headers++;
      strong_mail |= g_ascii_strncasecmp (lines[i], "from:", 5) == 0 ||
                     g_ascii_strncasecmp (lines[i], "received:", 9) == 0 ||
                     g_ascii_strncasecmp (lines[i], "message-id:", 11) == 0;
    }
  if (mail_headers >= 2 && strong_mail)
    return CN_IMPORT_FORMAT_MAIL;

  /* A CSV header, maybe after a preamble (LinkedIn's "Notes:"). */
  for (guint i = first; i < MIN (n, first + 30); i++)
    {
      CnImportFormat format = csv_header_format (lines[i]);

      if (format != CN_IMPORT_FORMAT_UNKNOWN)
        return format;
    }
  return CN_IMPORT_FORMAT_UNKNOWN;
}

static void
set_not_recognised (GError **error, const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *display = g_filename_display_name (base);

  g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED,
               _("“%s” is not a file Connecteur can import: neither a LinkedIn export, "
                 "vCard contacts, a contacts CSV from Google or Outlook, nor e-mail."),
                  display);
}

/* Only a regular file or a folder is read: a FIFO would block the open, a
 * device (/dev/zero) never ends. */
static gboolean
check_kind (const char *path, GError **error)
{
  GStatBuf st;
  int saved_errno = 0;
  g_autofree char *display = NULL;

  if (g_stat (path, &st) != 0)
    saved_errno = errno;
  else if (S_ISREG (st.st_mode) || S_ISDIR (st.st_mode))
    return TRUE;
  display = g_filename_display_name (path);
  if (saved_errno != 0)
    g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ,
                 _("Could not read “%s”: %s"), display, g_strerror (saved_errno));
  else
    g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ,
                 _("“%s” is neither a file nor a folder"), display);
  return FALSE;
}

static CnImportFormat
detect_file (const char *path, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree guint8 *head = g_malloc (SNIFF_SIZE);
  g_autofree guint8 *tail = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize head_len = 0, tail_len = 0;
  goffset size;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL || !g_input_stream_read_all (G_INPUT_STREAM (stream), head, SNIFF_SIZE,
                                                  &head_len, NULL, &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ,
                   _("Could not read “%s”: %s"), display, local_error->message);
      return CN_IMPORT_FORMAT_UNKNOWN;
    }

  if (head_len >= 4 && memcmp (head, "PK\003\004", 4) == 0)
    {
      size = g_seekable_tell (G_SEEKABLE (stream));
      if (head_len == SNIFF_SIZE &&
          g_seekable_seek (G_SEEKABLE (stream), -SNIFF_SIZE, G_SEEK_END, NULL, NULL))
        {
          tail = g_malloc (SNIFF_SIZE);
          if (!g_input_stream_read_all (G_INPUT_STREAM (stream), tail, SNIFF_SIZE, &tail_len, NULL,
                                        NULL))
            tail_len = 0;
        }
      (void) size;
      if (zip_is_linkedin (head, head_len, tail, tail_len))
        return CN_IMPORT_FORMAT_LINKEDIN;
      set_not_recognised (error, path);
      return CN_IMPORT_FORMAT_UNKNOWN;
    }

  text = sniff_text (head, head_len);
  if (text != NULL)
    {
      CnImportFormat format = text_format (text);

      /* A contacts CSV is one its reader finds a header in, and only that:
       * detection and import never disagree. */
      if (format == CN_IMPORT_FORMAT_CSV || format == CN_IMPORT_FORMAT_UNKNOWN)
        format = _cn_contacts_csv_recognise (path) ? CN_IMPORT_FORMAT_CSV
                                                   : CN_IMPORT_FORMAT_UNKNOWN;
      if (format != CN_IMPORT_FORMAT_UNKNOWN)
        return format;
    }
  set_not_recognised (error, path);
  return CN_IMPORT_FORMAT_UNKNOWN;
}

CnImportFormat
cn_import_detect (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, CN_IMPORT_FORMAT_UNKNOWN);

  if (!check_kind (path, error))
    return CN_IMPORT_FORMAT_UNKNOWN;
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (folder_is_linkedin (path, TRUE))
        return CN_IMPORT_FORMAT_LINKEDIN;
      set_not_recognised (error, path);
      return CN_IMPORT_FORMAT_UNKNOWN;
    }
  return detect_file (path, error);
}

/* Running an import */

typedef gboolean (*ReadFunc) (const char *path,
                              CnImportBatch *batch,
                              GCancellable *cancellable,
                              CnImportProgressFunc progress,
                              gpointer progress_data,
                              GError **error);

static ReadFunc
reader_for (CnImportFormat format)
{
  switch (format)
    {
    case CN_IMPORT_FORMAT_LINKEDIN:
      return cn_linkedin_read;
    case CN_IMPORT_FORMAT_VCARD:
      return cn_vcard_read;
    case CN_IMPORT_FORMAT_CSV:
      return cn_contacts_csv_read;
    case CN_IMPORT_FORMAT_MAIL:
      return cn_mail_read;
    case CN_IMPORT_FORMAT_UNKNOWN:
    default:
      return NULL;
    }
}

/* Maps a stage's fraction into [base, base + span] of the whole. */
typedef struct
{
  CnImportProgressFunc progress;
  gpointer progress_data;
  double base;
  double span;
} Stage;

static void
on_stage_progress (double fraction, gpointer user_data)
{
  Stage *stage = user_data;

  stage->progress (stage->base + CLAMP (fraction, 0.0, 1.0) * stage->span, stage->progress_data);
}

/* Makes sure a reader's error names its file. */
static void
name_file_in_error (GError *error, const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *display = g_filename_display_name (base);

  if (error == NULL || strstr (error->message, display) != NULL)
    return;
  g_prefix_error (&error, _("“%s”: "), display);
}

/* A batch's flush during cn_import_run(): contacts as they come, requests
 * once no contact can follow (then the import writes what it would have
 * written from the whole batch, in the same order). */
static gboolean
on_batch_flush (CnImportBatch *batch, gboolean no_more_contacts, gpointer user_data, GError **error)
{
  Import *import = user_data;
  gboolean with_requests = no_more_contacts && import->last_path;

  if (!import_begin (import, import->store, error) ||
      !write_batch (import, batch, with_requests, import->report, import->cancellable, NULL, NULL,
                    error))
    return FALSE;
  g_ptr_array_set_size (batch->contacts, 0);
  if (with_requests)
    g_ptr_array_set_size (batch->requests, 0);
  return TRUE;
}

static gboolean
read_paths (CnImportFormat format,
            const char *const *paths,
            CnImportBatch *batch,
            Import *import,
            GCancellable *cancellable,
            CnImportProgressFunc progress,
            gpointer progress_data,
            GError **error)
{
  guint n = g_strv_length ((char **) paths);
  Stage stage = { progress, progress_data, 0.0, 0.5 / MAX (n, 1) };

  for (guint i = 0; i < n; i++)
    {
      CnImportFormat path_format = format;
      GError *local_error = NULL;
      ReadFunc read;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!check_kind (paths[i], error))
        return FALSE;
      if (path_format == CN_IMPORT_FORMAT_UNKNOWN)
        path_format = cn_import_detect (paths[i], error);
      if (path_format == CN_IMPORT_FORMAT_UNKNOWN)
        return FALSE;
      read = reader_for (path_format);

      stage.base = 0.5 * i / n;
      import->last_path = i + 1 == n;
      if (!read (paths[i], batch, cancellable, progress != NULL ? on_stage_progress : NULL, &stage,
                 &local_error))
        {
          if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            name_file_in_error (local_error, paths[i]);
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }

  return TRUE;
}

/* The store's transaction opens at the first flush of the batch, or once the
 * files are read: a file that cannot be read leaves the database as it was. */
CnImportReport *
cn_import_run (CnStore *store,
               CnImportFormat format,
               const char *const *paths,
               GCancellable *cancellable,
               CnImportProgressFunc progress,
               gpointer progress_data,
               GError **error)
{
  g_autoptr(CnImportBatch) batch = NULL;
  Stage stage = { progress, progress_data, 0.5, 0.5 };
  Import import = { 0 };
  CnImportReport *report;
  gboolean ok;
  gint64 start;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);
  g_return_val_if_fail (paths != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  start = g_get_monotonic_time ();
  report = report_new ();
  import_init (&import);
  import.store = store;
  import.report = report;
  import.cancellable = cancellable;
  batch = cn_import_batch_new ();
  batch->flush = on_batch_flush;
  batch->flush_data = &import;
  ok = read_paths (format, paths, batch, &import, cancellable, progress, progress_data, error);
  g_debug ("Import: %u paths read in %.1f ms", g_strv_length ((char **) paths),
           (g_get_monotonic_time () - start) / 1e3);
  ok = ok && import_begin (&import, store, error) &&
       write_batch (&import, batch, TRUE, report, cancellable,
                    progress != NULL ? on_stage_progress : NULL, &stage, error);
  return import_end (&import, batch, report, ok, progress != NULL ? on_stage_progress : NULL,
                     &stage, error);
}

/* In a worker thread */

typedef struct
{
  CnImportFormat format;
  char **paths;
  CnTaskProgress *progress;
  CnImportReport *report; /* by the worker, read after it returned */
} RunData;

static void
run_data_free (RunData *data)
{
  g_strfreev (data->paths);
  g_clear_pointer (&data->progress, cn_task_progress_unref);
  g_clear_pointer (&data->report, cn_import_report_free);
  g_free (data);
}

static gboolean
run_worker (
    GTask *task, CnStore *worker, gpointer task_data, GCancellable *cancellable, GError **error)
{
  RunData *data = task_data;

  data->report = cn_import_run (worker, data->format, (const char *const *) data->paths,
                                cancellable, cn_task_progress_report, data->progress, error);
  return data->report != NULL;
}

/* Main thread, before the caller's callback: the caller's store reads again
 * what the worker's connection wrote. */
static void
on_worker_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) outer = user_data;
  CnStore *store = CN_STORE (source);
  RunData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  CnImportReport *report;

  cn_task_progress_finish (data->progress);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  report = g_steal_pointer (&data->report);
  if (report->contacts_added + report->contacts_updated + report->requests_added > 0)
    _cn_store_notify_external_write (store);
  g_task_return_pointer (outer, report, (GDestroyNotify) cn_import_report_free);
}

void
cn_import_run_async (CnStore *store,
                     CnImportFormat format,
                     const char *const *paths,
                     GCancellable *cancellable,
                     CnImportProgressFunc progress,
                     gpointer progress_data,
                     GAsyncReadyCallback callback,
                     gpointer user_data)
{
  g_autoptr(GTask) worker = NULL;
  GTask *outer;
  RunData *data;

  g_return_if_fail (CN_IS_STORE (store));
  g_return_if_fail (paths != NULL);

  outer = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (outer, cn_import_run_async);
  /* What was written is reported, even when Cancel came too late. */
  g_task_set_check_cancellable (outer, FALSE);

  data = g_new0 (RunData, 1);
  data->format = format;
  data->paths = g_strdupv ((char **) paths);

  worker = g_task_new (store, cancellable, on_worker_done_cb, outer);
  data->progress = cn_task_progress_new (worker, progress, progress_data,
                                         "[connecteur] import progress");
  g_task_set_task_data (worker, data, (GDestroyNotify) run_data_free);
  /* The report, not a cancelled task, when the import committed anyway. */
  g_task_set_check_cancellable (worker, FALSE);
  _cn_store_run_in_worker (worker, run_worker);
}

CnImportReport *
cn_import_run_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
