/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cn-import.h"
#include "cn-store-private.h"
#include "cn-store.h"
#include "cn-test-utils.h"
#include "cn-triage.h"

typedef struct
{
  char *dir;
  char *path;
  CnStore *store;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = cn_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "connecteur.db", NULL);
  fixture->store = cn_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->store);
  cn_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static char *
write_file (Fixture *fixture, const char *name, const char *content, gssize len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, content, len, &error);
  g_assert_no_error (error);
  return path;
}

static CnImportContact *
contact_new (const char *name,
             const char *email,
             const char *url,
             const char *company,
             const char *position,
             guint line)
{
  CnImportContact *contact = cn_import_contact_new ();

  contact->name = g_strdup (name);
  contact->email = g_strdup (email);
  contact->profile_url = g_strdup (url);
  contact->company = g_strdup (company);
  contact->position = g_strdup (position);
  contact->file = g_strdup ("Connections.csv");
  contact->line = line;
  return contact;
}

static CnImportRequest *
request_new (const char *from, const char *hint, const char *note, const char *ref)
{
  CnImportRequest *request = cn_import_request_new ();

  request->requester_name = g_strdup (from);
  request->target_hint = g_strdup (hint);
  request->note_to_connector = g_strdup ("Could you introduce me?");
  request->note_to_target = g_strdup (note);
  request->source = g_strdup ("linkedin");
  request->source_ref = g_strdup (ref);
  request->received_at = 1717000000;
  request->file = g_strdup ("messages.csv");
  request->line = 2;
  return request;
}

/* The network of the first export. */
static CnImportBatch *
first_batch (void)
{
  CnImportBatch *batch = cn_import_batch_new ();

  cn_import_batch_add_contact (batch, contact_new ("Élodie Durand", "elodie@example.org",
                                                   "https://www.linkedin.com/in/elodie-durand",
                                                   "Atelier Nord", "Designer", 5));
  cn_import_batch_add_contact (batch, contact_new ("Marc Lefèvre", NULL,
                                                   "https://www.linkedin.com/in/marc-lefevre",
                                                   "Banque Ouest", "Analyste", 6));
  cn_import_batch_add_contact (batch, contact_new ("Anna Kowalska", "anna@example.net", NULL,
                                                   "Kowalska Consulting", "Partner", 7));
  cn_import_batch_add_request (batch, request_new ("Paul Martin", "elodie@example.org",
                                                   "Bonjour Élodie, je cherche une designer.",
                                                   "conv-1/2024-05-30"));
  cn_import_batch_add_request (batch, request_new ("Zoé Petit", "Marc Lefevre",
                                                   "Marc, your advice on banking software?", NULL));
  cn_import_batch_reject (batch, "Connections.csv", 8, "no name");
  return batch;
}

static CnImportReport *
import_batch (CnStore *store, CnImportBatch *batch)
{
  g_autoptr(GError) error = NULL;
  CnImportReport *report = cn_store_import_batch (store, batch, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static CnContact *
find_contact (CnStore *store, const char *name)
{
  g_autoptr(GPtrArray) contacts = cn_store_list_contacts (store, NULL);

  for (guint i = 0; i < contacts->len; i++)
    if (g_strcmp0 (cn_contact_get_name (g_ptr_array_index (contacts, i)), name) == 0)
      return g_object_ref (g_ptr_array_index (contacts, i));
  return NULL;
}

static void
assert_integrity (const char *path)
{
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (cn_test_query_int (path, "SELECT count(*) FROM pragma_integrity_check"
                                            " WHERE integrity_check <> 'ok'"),
                   ==, 0);
  store = cn_store_open (path, &error);
  g_assert_no_error (error);
}

/* Formats */

static void
test_format_strings (void)
{
  CnImportFormat format = CN_IMPORT_FORMAT_UNKNOWN;

  for (CnImportFormat f = CN_IMPORT_FORMAT_LINKEDIN; f <= CN_IMPORT_FORMAT_MAIL; f++)
    {
      g_assert_true (cn_import_format_from_string (cn_import_format_to_string (f), &format));
      g_assert_cmpint (format, ==, f);
    }
  g_assert_true (cn_import_format_from_string ("auto", &format));
  g_assert_cmpint (format, ==, CN_IMPORT_FORMAT_UNKNOWN);
  g_assert_false (cn_import_format_from_string ("xls", &format));
  g_assert_false (cn_import_format_from_string (NULL, &format));
}

static void
assert_detected (
    Fixture *fixture, const char *name, const char *content, gssize len, CnImportFormat expected)
{
  g_autofree char *path = write_file (fixture, name, content, len);
  g_autoptr(GError) error = NULL;

  g_test_message ("%s", name);
  g_assert_cmpint (cn_import_detect (path, &error), ==, expected);
  g_assert_no_error (error);
}

static void
assert_refused (Fixture *fixture, const char *name, const char *content, gssize len)
{
  g_autofree char *path = write_file (fixture, name, content, len);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_cmpint (cn_import_detect (path, &error), ==, CN_IMPORT_FORMAT_UNKNOWN);
  g_assert_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_detect (Fixture *fixture, gconstpointer data)
{
  static const char utf16_vcard[] = "\xff\xfe"
                                    "B\0E\0G\0I\0N\0:\0V\0C\0A\0R\0D\0\r\0\n\0";
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
  static const char zip[] = "PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x0f\0\0\0"
                            "Connections.csv";
  g_autofree char *folder = g_build_filename (fixture->dir, "Basic_LinkedInDataExport", NULL);
  g_autofree char *inside = g_build_filename (folder, "Connections.csv", NULL);
  g_autoptr(GError) error = NULL;
  guint8 random[4096];

  /* Misleading names: the content decides. */
  assert_detected (fixture, "contacts.csv",
                   "\xef\xbb\xbf\r\n\r\nBEGIN:VCARD\r\nVERSION:3.0\r\n"
                   "FN:Élodie Durand\r\nEND:VCARD\r\n",
                   -1, CN_IMPORT_FORMAT_VCARD);
  assert_detected (fixture, "utf16.vcf", utf16_vcard, sizeof utf16_vcard - 1,
                   CN_IMPORT_FORMAT_VCARD);
  assert_detected (fixture, "export.txt",
                   "First Name,Middle Name,Last Name,E-mail 1 - Value,Labels\n"
                   "Anna,,Kowalska,anna@example.net,* myContacts\n",
                   -1, CN_IMPORT_FORMAT_CSV);
  assert_detected (fixture, "outlook.txt",
                   "\"Prénom\";\"Nom\";\"Adresse de messagerie\"\r\n\"Marc\";\"Lefèvre\";\"\"\r\n",
                   -1, CN_IMPORT_FORMAT_CSV);
  assert_detected (fixture, "data.txt",
                   "Notes:\n\"When exporting your connection data, you may notice that some of "
                   "the email addresses are missing.\"\n\n"
                   "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                   "Marc,Lefèvre,https://www.linkedin.com/in/marc,,Banque Ouest,Analyste,"
                   "30 May 2024\n",
                   -1, CN_IMPORT_FORMAT_LINKEDIN);
  assert_detected (fixture, "m.csv",
                   "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,"
                   "CONTENT,FOLDER\n",
                   -1, CN_IMPORT_FORMAT_LINKEDIN);
  assert_detected (fixture, "message.txt",
                   "Received: from mail.example.org\n\tby mx.example.net\n"
                   "From: Paul Martin <paul@example.org>\nSubject: Introduction\n\nHello\n",
                   -1, CN_IMPORT_FORMAT_MAIL);
  assert_detected (fixture, "archive.csv",
                   "From paul@example.org Thu May 30 10:00:00 2024\nFrom: Paul <paul@example.org>\n"
                   "\nHello\n",
                   -1, CN_IMPORT_FORMAT_MAIL);
  assert_detected (fixture, "export.bin", zip, sizeof zip - 1, CN_IMPORT_FORMAT_LINKEDIN);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_file_set_contents (inside, "First Name,Last Name\n", -1, NULL);
  g_assert_cmpint (cn_import_detect (folder, &error), ==, CN_IMPORT_FORMAT_LINKEDIN);
  g_assert_no_error (error);

  /* Garbage: a clear error naming the file, at once. */
  assert_refused (fixture, "photo.csv", png, sizeof png - 1);
  for (guint i = 0; i < sizeof random; i++)
    random[i] = g_random_int_range (0, 256);
  assert_refused (fixture, "random.vcf", (const char *) random, sizeof random);
  assert_refused (fixture, "empty.csv", "", 0);
  assert_refused (fixture, "prose.txt", "Dear all,\nthis is just a letter, with commas.\n", -1);
}

/* Every real file of ../shared/fixtures is recognised as what its folder
 * says, from its content alone. */
static void
test_detect_shared (void)
{
  const char *shared = g_getenv ("CONNECTEUR_SHARED");
  const struct
  {
    const char *folder;
    CnImportFormat format;
  } folders[] = { { "linkedin", CN_IMPORT_FORMAT_LINKEDIN },
                  { "vcard", CN_IMPORT_FORMAT_VCARD },
                  { "contacts_csv", CN_IMPORT_FORMAT_CSV },
                  { "email", CN_IMPORT_FORMAT_MAIL } };
  guint n_files = 0;

  if (shared == NULL || !g_file_test (shared, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("../shared/fixtures is absent");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *path = g_build_filename (shared, "fixtures", folders[i].folder, NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (path, name, NULL);
          g_autoptr(GError) error = NULL;

          g_test_message ("%s", file);
          g_assert_cmpint (cn_import_detect (file, &error), ==, folders[i].format);
          g_assert_no_error (error);
          n_files++;
        }
    }
  g_assert_cmpuint (n_files, >, 0);
}

/* Writing a batch */

static void
test_import_and_reimport (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnImportBatch) batch = first_batch ();
  g_autoptr(CnImportBatch) again = first_batch ();
  g_autoptr(CnImportReport) report = import_batch (fixture->store, batch);
  g_autoptr(CnImportReport) second = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(CnContact) elodie = find_contact (fixture->store, "Élodie Durand");
  g_autoptr(CnContact) marc = find_contact (fixture->store, "Marc Lefèvre");
  CnImportRejection *rejection;

  g_assert_cmpuint (report->contacts_added, ==, 3);
  g_assert_cmpuint (report->contacts_updated + report->contacts_unchanged, ==, 0);
  g_assert_cmpuint (report->requests_added, ==, 2);
  g_assert_cmpuint (report->rejections->len, ==, 1);
  rejection = g_ptr_array_index (report->rejections, 0);
  g_assert_cmpstr (rejection->file, ==, "Connections.csv");
  g_assert_cmpuint (rejection->line, ==, 8);
  g_assert_cmpuint (cn_store_count_contacts (fixture->store), ==, 3);
  g_assert_cmpuint (cn_store_count_requests (fixture->store), ==, 2);

  /* Targets: by e-mail, and by name without the accent. */
  ids = cn_store_list_request_ids (fixture->store, NULL);
  g_assert_nonnull (elodie);
  g_assert_nonnull (marc);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CnRequest) request = cn_store_get_request (fixture->store,
                                                            g_array_index (ids, gint64, i), NULL);
      gint64 expected = g_str_equal (cn_request_get_requester_name (request), "Paul Martin")
                            ? cn_contact_get_id (elodie)
                            : cn_contact_get_id (marc);

      g_assert_cmpint (cn_request_get_target_id (request), ==, expected);
      g_assert_cmpint (cn_request_get_received_at (request), ==, 1717000000);
      g_assert_nonnull (cn_request_get_source_ref (request));
    }

  /* The same export again: nothing new. */
  second = import_batch (fixture->store, again);
  g_assert_cmpuint (second->contacts_added, ==, 0);
  g_assert_cmpuint (second->contacts_updated, ==, 0);
  g_assert_cmpuint (second->contacts_unchanged, ==, 3);
  g_assert_cmpuint (second->requests_added, ==, 0);
  g_assert_cmpuint (second->requests_skipped, ==, 2);
  g_assert_cmpuint (second->duplicates->len, ==, 0);
  g_assert_cmpuint (cn_store_count_contacts (fixture->store), ==, 3);
  g_assert_cmpuint (cn_store_count_requests (fixture->store), ==, 2);
}

static void
test_newer_export (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnImportBatch) batch = first_batch ();
  g_autoptr(CnImportBatch) newer = first_batch ();
  g_autoptr(CnImportReport) report = import_batch (fixture->store, batch);
  g_autoptr(CnImportReport) second = NULL;
  g_autoptr(CnContact) elodie = find_contact (fixture->store, "Élodie Durand");
  g_autoptr(CnContact) after = NULL;
  const char *tags[] = { "design", "branding", NULL };
  CnImportContact *changed;

  /* What the connector set in Connecteur. */
  cn_contact_set_expertise (elodie, tags);
  cn_contact_set_monthly_cap (elodie, 2);
  cn_contact_set_notes (elodie, "Met at the Lyon fair");
  g_assert_true (cn_store_update_contact (fixture->store, elodie, NULL));

  changed = g_ptr_array_index (newer->contacts, 0);
  g_free (changed->position);
  changed->position = g_strdup ("Head of design");
  changed->notes = g_strdup ("imported note");
  cn_import_batch_add_contact (newer, contact_new ("Hugo Bernard", NULL, NULL, "Atelier Nord",
                                                   "Intern", 9));
  cn_import_batch_add_request (newer, request_new ("Paul Martin", "Hugo Bernard",
                                                   "Hugo, a question about internships", "c-9"));

  second = import_batch (fixture->store, newer);
  g_assert_cmpuint (second->contacts_added, ==, 1);
  g_assert_cmpuint (second->contacts_updated, ==, 1);
  g_assert_cmpuint (second->contacts_unchanged, ==, 2);
  g_assert_cmpuint (second->requests_added, ==, 1);
  g_assert_cmpuint (second->requests_skipped, ==, 2);

  after = cn_store_get_contact (fixture->store, cn_contact_get_id (elodie), NULL);
  g_assert_cmpstr (cn_contact_get_position (after), ==, "Head of design");
  g_assert_cmpstrv (cn_contact_get_expertise (after), tags);
  g_assert_cmpuint (cn_contact_get_monthly_cap (after), ==, 2);
  g_assert_cmpstr (cn_contact_get_notes (after), ==, "Met at the Lyon fair");
  g_assert_cmpuint (cn_store_count_contacts (fixture->store), ==, 4);
}

static void
test_matching (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnImportBatch) batch = first_batch ();
  g_autoptr(CnImportBatch) other = cn_import_batch_new ();
  g_autoptr(CnImportReport) report = import_batch (fixture->store, batch);
  g_autoptr(CnImportReport) second = NULL;
  g_autoptr(CnContact) marc = NULL;

  /* The same people, written otherwise. */
  cn_import_batch_add_contact (other,
                               contact_new ("M. Lefèvre", NULL,
                                            "http://linkedin.com/in/marc-lefevre/", NULL, NULL, 2));
  cn_import_batch_add_contact (other,
                               contact_new ("Anna K.", "ANNA@Example.NET", NULL, NULL, NULL, 3));
  cn_import_batch_add_contact (other,
                               contact_new ("elodie  durand", NULL, NULL, "ATELIER NORD", NULL, 4));
  second = import_batch (fixture->store, other);

  g_assert_cmpuint (second->contacts_added, ==, 0);
  g_assert_cmpuint (second->duplicates->len, ==, 0);
  g_assert_cmpuint (cn_store_count_contacts (fixture->store), ==, 3);
  /* Names that say less are real changes; a mere difference of case and
   * accents is not. */
  g_assert_null (find_contact (fixture->store, "elodie  durand"));
  marc = find_contact (fixture->store, "M. Lefèvre");
  g_assert_nonnull (marc);
  g_assert_cmpstr (cn_contact_get_company (marc), ==, "Banque Ouest");

  /* Addresses written otherwise change nothing (no flip-flop between two
   * sources). */
  {
    g_autoptr(CnImportBatch) third = cn_import_batch_new ();
    g_autoptr(CnImportReport) third_report = NULL;
    g_autoptr(CnContact) anna = NULL;

    cn_import_batch_add_contact (third, contact_new ("Anna K.", " ANNA@EXAMPLE.NET ", NULL,
                                                     "Kowalska Consulting", "Partner", 2));
    cn_import_batch_add_contact (third, contact_new ("M. Lefèvre", NULL,
                                                     "https://linkedin.com/in/Marc-Lefevre",
                                                     "Banque Ouest", "Analyste", 3));
    third_report = import_batch (fixture->store, third);
    g_assert_cmpuint (third_report->contacts_unchanged, ==, 2);
    g_assert_cmpuint (third_report->contacts_updated + third_report->contacts_added, ==, 0);
    anna = find_contact (fixture->store, "Anna K.");
    g_assert_cmpstr (cn_contact_get_email (anna), ==, "anna@example.net");
  }
}

/* Names and companies match folded (cn_text_fold_words()): case, accents,
 * "ß" written "ss", punctuation. A request's target is found the same way. */
/* A contact stored under a name that folds to nothing ("!!!", typed in by
 * hand) is found by its address and takes the imported name. */
static void
test_rename_keyless_name (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnContact) keyless = cn_contact_new ("!!!");
  g_autoptr(CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnContact) renamed = NULL;
  g_autoptr(GError) error = NULL;

  cn_contact_set_email (keyless, "ann@example.org");
  g_assert_true (cn_store_add_contact (fixture->store, keyless, &error));
  g_assert_no_error (error);
  cn_import_batch_add_contact (batch,
                               contact_new ("Ann Lee", "ann@example.org", NULL, NULL, NULL, 2));
  report = import_batch (fixture->store, batch);
  g_assert_cmpuint (report->contacts_added, ==, 0);
  g_assert_cmpuint (report->contacts_updated, ==, 1);
  g_assert_cmpuint (cn_store_count_contacts (fixture->store), ==, 1);
  renamed = find_contact (fixture->store, "Ann Lee");
  g_assert_nonnull (renamed);
  g_assert_cmpint (cn_contact_get_id (renamed), ==, cn_contact_get_id (keyless));
}

static void
test_matching_folds (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnImportBatch) first = cn_import_batch_new ();
  g_autoptr(CnImportBatch) second = cn_import_batch_new ();
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnContact) strauss = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(CnRequest) request = NULL;

  cn_import_batch_add_contact (first,
                               contact_new ("Hans Müller", NULL, NULL, "Bäckerei Groß", NULL, 2));
  cn_import_batch_add_contact (first, contact_new ("Johann Strauß", NULL, NULL, NULL, NULL, 3));
  cn_import_batch_add_contact (first, contact_new ("Élodie Martin", NULL, NULL, NULL, NULL, 4));
  report = import_batch (fixture->store, first);
  g_assert_cmpuint (report->contacts_added, ==, 3);
  g_clear_pointer (&report, cn_import_report_free);

  cn_import_batch_add_contact (second,
                               contact_new ("HANS MULLER", NULL, NULL, "BACKEREI GROSS", NULL, 2));
  cn_import_batch_add_contact (second, contact_new ("Johann Strauss", NULL, NULL, NULL, NULL, 3));
  cn_import_batch_add_contact (second, contact_new ("elodie martin", NULL, NULL, NULL, NULL, 4));
  cn_import_batch_add_request (second, request_new ("Paul Martin", "JOHANN STRAUSS",
                                                    "Johann, a question on waltzes.", "w-1"));
  report = import_batch (fixture->store, second);
  g_assert_cmpuint (report->contacts_added, ==, 0);
  g_assert_cmpuint (report->duplicates->len, ==, 0);
  g_assert_cmpuint (cn_store_count_contacts (fixture->store), ==, 3);
  g_assert_cmpuint (report->requests_added, ==, 1);

  strauss = find_contact (fixture->store, "Johann Strauß");
  g_assert_nonnull (strauss);
  ids = cn_store_list_request_ids (fixture->store, NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  request = cn_store_get_request (fixture->store, g_array_index (ids, gint64, 0), NULL);
  g_assert_cmpint (cn_request_get_target_id (request), ==, cn_contact_get_id (strauss));
}

/* The same person in two files of one import, with another position in
 * each: the first record sets it, the second only fills gaps, so importing
 * the same files again changes nothing, in either order. */
static void
test_same_person_twice_in_one_import (Fixture *fixture, gconstpointer data)
{
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(CnImportBatch) batch = cn_import_batch_new ();
      g_autoptr(CnImportReport) report = NULL;
      g_autoptr(CnContact) rosa = NULL;

      cn_import_batch_add_contact (batch, contact_new ("Rosa Lind", "rosa@example.org", NULL,
                                                       "Atelier Nord", "Designer", 2));
      cn_import_batch_add_contact (batch, contact_new ("Rosa Lind", "ROSA@example.org",
                                                       "https://www.linkedin.com/in/rosa-lind",
                                                       "Atelier Nord", "Lead designer", 7));
      report = import_batch (fixture->store, batch);
      if (round == 0)
        g_assert_cmpuint (report->contacts_added, ==, 1);
      else
        {
          g_assert_cmpuint (report->contacts_added + report->contacts_updated, ==, 0);
          g_assert_cmpuint (report->contacts_unchanged, ==, 1);
        }
      rosa = find_contact (fixture->store, "Rosa Lind");
      g_assert_cmpstr (cn_contact_get_position (rosa), ==, "Designer");
      /* The gap the second record fills. */
      g_assert_cmpstr (cn_contact_get_profile_url (rosa), ==,
                       "https://www.linkedin.com/in/rosa-lind");
    }
}

/* One LinkedIn profile written two ways, its name in capitals with accents
 * in one file: the same contact for the import, and the same requester for
 * the triage (one key for both, lower case beyond ASCII too). */
static void
test_profile_url_any_case (Fixture *fixture, gconstpointer data)
{
  const char *urls[] = { "https://www.linkedin.com/in/JOSÉ-NÚÑEZ/",
                         " http://LinkedIn.com/in/josé-núñez?trk=people " };
  g_autofree char *first_key = cn_triage_requester_key ("José Núñez", NULL, urls[0]);
  g_autofree char *second_key = cn_triage_requester_key ("J. Núñez", NULL, urls[1]);

  g_assert_cmpstr (first_key, ==, "linkedin.com/in/josé-núñez");
  g_assert_cmpstr (second_key, ==, first_key);
  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(CnImportBatch) batch = cn_import_batch_new ();
      g_autoptr(CnImportReport) report = NULL;

      cn_import_batch_add_contact (batch, contact_new (i == 0 ? "José Núñez" : "J. Núñez", NULL,
                                                       urls[i], "Taller Sur", NULL, 2));
      report = import_batch (fixture->store, batch);
      g_assert_cmpuint (report->contacts_added, ==, i == 0 ? 1 : 0);
    }
  g_assert_cmpuint (cn_store_count_contacts (fixture->store), ==, 1);
}

/* One person twice in a phone's export: a card with the LinkedIn URL and a
 * new address, a card with the old address and a website. The first card
 * moves the contact to the new address, so the second no longer names it:
 * it is kept as a possible duplicate, and every later import of the same
 * file changes nothing. In either order of the cards. */
static void
test_same_person_by_two_keys (Fixture *fixture, gconstpointer data)
{
  for (guint order = 0; order < 2; order++)
    {
      g_autofree char *path = g_strdup_printf ("%s/order-%u.db", fixture->dir, order);
      g_autoptr(GError) error = NULL;
      g_autoptr(CnStore) store = cn_store_open (path, &error);
      g_autoptr(CnImportBatch) known = cn_import_batch_new ();
      g_autoptr(CnImportReport) first = NULL;

      g_assert_no_error (error);
      cn_import_batch_add_contact (known, contact_new ("Ana Lima", "ana@old.example",
                                                       "https://www.linkedin.com/in/ana-lima", NULL,
                                                       NULL, 2));
      first = import_batch (store, known);
      g_assert_cmpuint (first->contacts_added, ==, 1);

      for (guint run = 0; run < 3; run++)
        {
          g_autoptr(CnImportBatch) phone = cn_import_batch_new ();
          g_autoptr(CnImportReport) report = NULL;
          g_autoptr(GPtrArray) contacts = NULL;
          CnImportContact *cards[2] = {
            contact_new ("Ana Lima", "ana@new.example", "https://www.linkedin.com/in/ana-lima",
                         NULL, NULL, 1),
            contact_new ("Ana Lima", "ana.lima@work.example", "https://ana-lima.example", NULL,
                         NULL, 9),
          };

          /* The work card also carries the old address the store knows. */
          g_free (cards[1]->email);
          cards[1]->email = g_strdup ("ana@old.example");
          cn_import_batch_add_contact (phone, cards[order]);
          cn_import_batch_add_contact (phone, cards[1 - order]);
          report = import_batch (store, phone);
          if (run == 0)
            {
              g_assert_cmpuint (report->contacts_added, ==, 1);
              g_assert_cmpuint (report->contacts_updated, ==, 1);
              g_assert_cmpuint (report->duplicates->len, ==, 1);
            }
          else
            {
              g_assert_cmpuint (report->contacts_added, ==, 0);
              g_assert_cmpuint (report->contacts_updated, ==, 0);
              g_assert_cmpuint (report->contacts_unchanged, ==, 2);
            }

          /* Nothing either card said is lost. */
          contacts = cn_store_list_contacts (store, NULL);
          g_assert_cmpuint (contacts->len, ==, 2);
          for (guint c = 0; c < 2; c++)
            {
              gboolean found = FALSE;

              for (guint i = 0; i < contacts->len; i++)
                {
                  CnContact *contact = g_ptr_array_index (contacts, i);

                  found |= g_strcmp0 (cn_contact_get_email (contact), cards[c]->email) == 0 &&
                           g_strcmp0 (cn_contact_get_profile_url (contact),
                                      cards[c]->profile_url) == 0;
                }
              g_assert_true (found);
            }
        }
    }
}

static int
compare_lines (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* Every contact as "name <email> profile, company, position", sorted: what an
 * import must leave as it is when it runs again. */
static char *
contacts_snapshot (CnStore *store)
{
  g_autoptr(GPtrArray) contacts = cn_store_list_contacts (store, NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < contacts->len; i++)
    {
      CnContact *contact = g_ptr_array_index (contacts, i);

      g_ptr_array_add (lines, g_strdup_printf ("%s <%s> %s, %s, %s", cn_contact_get_name (contact),
                                               cn_contact_get_email (contact),
                                               cn_contact_get_profile_url (contact),
                                               cn_contact_get_company (contact),
                                               cn_contact_get_position (contact)));
    }
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* Fills @out with the cards of a test, fresh each time (the batch takes them). */
typedef guint (*MakeCards) (CnImportContact *out[4]);

/* Advances @order to the next permutation of its @n items, in lexicographic
 * order; FALSE after the last. */
static gboolean
next_order (guint *order, guint n)
{
  guint i = n - 1, j = n - 1;

  while (i > 0 && order[i - 1] >= order[i])
    i--;
  if (i == 0)
    return FALSE;
  while (order[j] <= order[i - 1])
    j--;
  guint swap = order[i - 1];
  order[i - 1] = order[j];
  order[j] = swap;
  for (j = n - 1; i < j; i++, j--)
    {
      swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  return TRUE;
}

/* Imports the cards @make gives, in every order, three times into a fresh
 * store: the first import decides who is who, the next ones add and update
 * nothing and leave the contacts as they were. Returns what the first import
 * left, for the cards in the order @make gives them (free it). */
static char *
assert_reimport_stable (Fixture *fixture, const char *name, MakeCards make, guint n_added)
{
  CnImportContact *probe[4] = { NULL };
  guint n = make (probe);
  guint order[4] = { 0, 1, 2, 3 };
  char *result = NULL;

  for (guint i = 0; i < n; i++)
    cn_import_contact_free (probe[i]);
  for (guint o = 0;; o++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s-%u.db", fixture->dir, name, o);
      g_autoptr(GError) error = NULL;
      g_autoptr(CnStore) store = cn_store_open (path, &error);
      g_autofree char *first = NULL;

      g_assert_no_error (error);
      for (guint run = 0; run < 3; run++)
        {
          g_autoptr(CnImportBatch) cards = cn_import_batch_new ();
          g_autoptr(CnImportReport) report = NULL;
          g_autofree char *now = NULL;
          CnImportContact *all[4];

          make (all);
          for (guint i = 0; i < n; i++)
            cn_import_batch_add_contact (cards, all[order[i]]);
          report = import_batch (store, cards);
          now = contacts_snapshot (store);
          if (run == 0)
            {
              if (n_added > 0)
                g_assert_cmpuint (report->contacts_added, ==, n_added);
              first = g_steal_pointer (&now);
              continue;
            }
          g_test_message ("%s: order %u, run %u", name, o, run + 1);
          g_assert_cmpuint (report->contacts_added, ==, 0);
          g_assert_cmpuint (report->contacts_updated, ==, 0);
          g_assert_cmpstr (now, ==, first);
        }
      if (o == 0)
        result = g_steal_pointer (&first);
      if (!next_order (order, n))
        break;
    }
  return result;
}

static guint
make_one_address_two_names (CnImportContact *out[4])
{
  out[0] = contact_new ("Chidi Okafor", "chidi@example.org", NULL, NULL, NULL, 1);
  out[1] = contact_new ("Chidi Okafor", "zoe@atelier.example", NULL, NULL, NULL, 2);
  out[2] = contact_new ("Zoë Müller", "zoe@atelier.example", NULL, NULL, NULL, 3);
  return 3;
}

/* Found by the reimport fuzzer: two cards of one person, one of them with an
 * address a third card, of someone else, also gives. */
static void
test_one_address_two_names (Fixture *fixture, gconstpointer data)
{
  g_autofree char *first = assert_reimport_stable (fixture, "names", make_one_address_two_names, 0);

  /* Chidi's own card came first: he keeps it, and Zoë is added. */
  g_assert_cmpstr (first, ==,
                   "Chidi Okafor <chidi@example.org> (null), (null), (null)\n"
                   "Zoë Müller <zoe@atelier.example> (null), (null), (null)");
}

static guint
make_one_address_two_profiles (CnImportContact *out[4])
{
  out[0] = contact_new ("Haruki Nakamura", "studio@kaze.example", "https://haruki.example", NULL,
                        NULL, 1);
  out[1] = contact_new ("Inès Ferreira", "studio@kaze.example",
                        "https://www.linkedin.com/in/ines-ferreira", NULL, NULL, 2);
  out[2] = contact_new ("Inès Ferreira", NULL, "https://www.linkedin.com/in/ines-ferreira", NULL,
                        NULL, 3);
  return 3;
}

/* Found by the reimport fuzzer: two people sharing an inbox, each with a
 * profile of their own, and a second card of one of them without the
 * address: two people, each with the shared address. */
static void
test_one_address_two_profiles (Fixture *fixture, gconstpointer data)
{
  g_autofree char *first = assert_reimport_stable (fixture, "profiles",
                                                   make_one_address_two_profiles, 2);

  g_assert_nonnull (strstr (first, "Haruki Nakamura <studio@kaze.example>"));
  g_assert_nonnull (strstr (first, "Inès Ferreira <studio@kaze.example>"));
}

static guint
make_address_known_late (CnImportContact *out[4])
{
  out[0] = contact_new ("Zoë Müller", NULL, NULL, "Atelier Müller", NULL, 1);
  out[1] = contact_new ("Jérôme Dubois", "jerome@rhone.example", NULL, NULL, NULL, 2);
  out[2] = contact_new ("Jérôme Dubois", "zoe@atelier.example", NULL, NULL, "Mentor", 3);
  out[3] = contact_new ("Zoë Müller", "zoe@atelier.example", NULL, NULL, NULL, 4);
  return 4;
}

/* Found by the reimport fuzzer: a card of someone who already has one here,
 * bearing the address of a third person whose address this import only
 * learns later. It stays with its namesake at every import, and the third
 * person is not given its position. */
static void
test_address_known_late (Fixture *fixture, gconstpointer data)
{
  g_autofree char *first = assert_reimport_stable (fixture, "late", make_address_known_late, 2);

  g_assert_cmpstr (first, ==,
                   "Jérôme Dubois <jerome@rhone.example> (null), (null), Mentor\n"
                   "Zoë Müller <zoe@atelier.example> (null), Atelier Müller, (null)");
}

/* A stored contact whose first card brings nothing new and whose second card
 * fills a gap is reported as updated, not unchanged. */
static void
test_later_card_counts_update (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnImportBatch) first = cn_import_batch_new ();
  g_autoptr(CnImportBatch) second = cn_import_batch_new ();
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnContact) zoe = NULL;

  cn_import_batch_add_contact (first, contact_new ("Zoë Müller", NULL, NULL, NULL, NULL, 1));
  report = import_batch (fixture->store, first);
  g_assert_cmpuint (report->contacts_added, ==, 1);

  cn_import_batch_add_contact (second, contact_new ("Zoë Müller", NULL, NULL, NULL, NULL, 1));
  cn_import_batch_add_contact (second, contact_new ("Zoë Müller", NULL, NULL, NULL, "Mentor", 2));
  g_clear_pointer (&report, cn_import_report_free);
  report = import_batch (fixture->store, second);
  g_assert_cmpuint (report->contacts_added, ==, 0);
  g_assert_cmpuint (report->contacts_updated, ==, 1);
  g_assert_cmpuint (report->contacts_unchanged, ==, 0);
  zoe = find_contact (fixture->store, "Zoë Müller");
  g_assert_cmpstr (cn_contact_get_position (zoe), ==, "Mentor");
}

static void
test_possible_duplicate (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnImportBatch) batch = first_batch ();
  g_autoptr(CnImportBatch) other = cn_import_batch_new ();
  g_autoptr(CnImportReport) report = import_batch (fixture->store, batch);
  g_autoptr(CnImportReport) second = NULL;
  g_autoptr(CnContact) elodie = find_contact (fixture->store, "Élodie Durand");
  CnImportDuplicate *duplicate;

  cn_import_batch_add_contact (other, contact_new ("Elodie Durand", "e.durand@example.com", NULL,
                                                   "Cabinet Sud", "Avocate", 2));
  second = import_batch (fixture->store, other);

  g_assert_cmpuint (second->contacts_added, ==, 1);
  g_assert_cmpuint (second->duplicates->len, ==, 1);
  duplicate = g_ptr_array_index (second->duplicates, 0);
  g_assert_cmpint (duplicate->existing_id, ==, cn_contact_get_id (elodie));
  g_assert_cmpint (duplicate->imported_id, >, cn_contact_get_id (elodie));
  g_assert_nonnull (duplicate->reason);
  g_assert_cmpuint (cn_store_count_contacts (fixture->store), ==, 4);
}

static void
test_merge (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnImportBatch) batch = first_batch ();
  g_autoptr(CnImportBatch) other = cn_import_batch_new ();
  g_autoptr(CnImportReport) report = import_batch (fixture->store, batch);
  g_autoptr(CnImportReport) second = NULL;
  g_autoptr(CnContact) kept = NULL;
  g_autoptr(GError) error = NULL;
  CnImportDuplicate *duplicate;
  gint64 into, from;

  cn_import_batch_add_contact (other,
                               contact_new ("Élodie Durand", NULL, NULL, "Studio Est", NULL, 2));
  cn_import_batch_add_request (other, request_new ("Jade Roux", "Élodie Durand", "Hello", "j-1"));
  second = import_batch (fixture->store, other);
  g_assert_cmpuint (second->duplicates->len, ==, 1);
  duplicate = g_ptr_array_index (second->duplicates, 0);
  into = duplicate->existing_id;
  from = duplicate->imported_id;
  /* Two namesakes: the name alone does not decide the target. */
  g_assert_cmpuint (cn_store_count_contact_requests (fixture->store, from), ==, 0);
  g_assert_true (cn_store_merge_contacts (fixture->store, into, from, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (cn_store_count_contacts (fixture->store), ==, 3);
  kept = cn_store_get_contact (fixture->store, into, NULL);
  g_assert_cmpstr (cn_contact_get_company (kept), ==, "Atelier Nord");
  g_assert_cmpstr (cn_contact_get_email (kept), ==, "elodie@example.org");
  g_assert_cmpuint (cn_store_count_contact_requests (fixture->store, into), ==, 1);
  g_assert_null (cn_store_get_contact (fixture->store, from, NULL));

  g_assert_false (cn_store_merge_contacts (fixture->store, into, into, &error));
  g_assert_nonnull (error);
}

static void
test_merge_moves_requests (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnContact) kept = NULL;
  g_autoptr(CnContact) merged = NULL;

  cn_import_batch_add_contact (batch, contact_new ("Jean Moreau", NULL, NULL, "Alpha", NULL, 2));
  cn_import_batch_add_contact (batch, contact_new ("Jean Moreau", "jean@beta.example",
                                                   "https://linkedin.com/in/jm", "Beta", "CTO", 3));
  cn_import_batch_add_request (batch, request_new ("Léa", "jean@beta.example", "Hi", "r-1"));
  report = import_batch (fixture->store, batch);
  g_assert_cmpuint (report->duplicates->len, ==, 1);
  kept = find_contact (fixture->store, "Jean Moreau");
  g_assert_true (cn_store_merge_contacts (fixture->store, 1, 2, NULL));
  g_clear_object (&kept);
  kept = cn_store_get_contact (fixture->store, 1, NULL);
  g_assert_cmpstr (cn_contact_get_company (kept), ==, "Alpha");
  g_assert_cmpstr (cn_contact_get_email (kept), ==, "jean@beta.example");
  g_assert_cmpstr (cn_contact_get_position (kept), ==, "CTO");
  g_assert_cmpuint (cn_store_count_contact_requests (fixture->store, 1), ==, 1);
  merged = cn_store_get_contact (fixture->store, 2, NULL);
  g_assert_null (merged);
}

/* Requesters are found as cn_store_ensure_requester() finds them, and learn
 * the addresses a later import brings. */
static void
test_requesters (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr(CnImportBatch) later = cn_import_batch_new ();
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnImportReport) second = NULL;
  g_autoptr(GArray) ids = NULL;
  CnImportRequest *request;
  gint64 manual;
  gint64 requester_ids[3] = { 0, 0, 0 };

  manual = cn_store_ensure_requester (fixture->store, "Nadia Haddad", "nadia@example.org", NULL,
                                      NULL);
  g_assert_cmpint (manual, >, 0);
  cn_import_batch_add_request (batch, request_new ("Paul Martin", NULL, "First note", "p-1"));
  request = request_new ("Nadia H.", NULL, "Second note", "n-1");
  request->requester_email = g_strdup ("NADIA@example.org");
  cn_import_batch_add_request (batch, request);
  report = import_batch (fixture->store, batch);
  g_assert_cmpuint (report->requests_added, ==, 2);

  request = request_new ("Paul Martin", NULL, "Third note", "p-2");
  request->requester_email = g_strdup ("paul@example.org");
  cn_import_batch_add_request (later, request);
  second = import_batch (fixture->store, later);
  g_assert_cmpuint (second->requests_added, ==, 1);

  ids = cn_store_list_request_ids (fixture->store, NULL);
  g_assert_cmpuint (ids->len, ==, 3);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CnRequest) stored = cn_store_get_request (fixture->store,
                                                           g_array_index (ids, gint64, i), NULL);
      const char *note = cn_request_get_note_to_target (stored);
      guint index = g_str_equal (note, "First note")    ? 0
                    : g_str_equal (note, "Second note") ? 1
                                                        : 2;

      requester_ids[index] = cn_request_get_requester_id (stored);
      if (index != 1)
        g_assert_cmpstr (cn_request_get_requester_email (stored), ==, "paul@example.org");
    }
  g_assert_cmpint (requester_ids[1], ==, manual);
  g_assert_cmpint (requester_ids[0], ==, requester_ids[2]);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM requesters"), ==, 2);
}

/* A profile URL a requester learnt from an earlier request of the same
 * import finds them for the next one, as it would one request at a time. */
static void
test_requester_learns_in_batch (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(GArray) ids = NULL;
  CnImportRequest *request;
  gint64 known;

  known = cn_store_ensure_requester (fixture->store, "Ann Lee", NULL, NULL, NULL);
  g_assert_cmpint (known, >, 0);
  request = request_new ("Ann Lee", NULL, "First note", "a-1");
  request->requester_profile_url = g_strdup ("https://www.linkedin.com/in/ann-lee");
  cn_import_batch_add_request (batch, request);
  request = request_new ("A. Lee", NULL, "Second note", "a-2");
  request->requester_profile_url = g_strdup ("https://www.linkedin.com/in/ann-lee");
  cn_import_batch_add_request (batch, request);
  report = import_batch (fixture->store, batch);
  g_assert_cmpuint (report->requests_added, ==, 2);

  ids = cn_store_list_request_ids (fixture->store, NULL);
  g_assert_cmpuint (ids->len, ==, 2);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CnRequest) stored = cn_store_get_request (fixture->store,
                                                           g_array_index (ids, gint64, i), NULL);

      g_assert_cmpint (cn_request_get_requester_id (stored), ==, known);
    }
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM requesters"), ==, 1);
}

static void
count_signal (CnStore *store, guint *count)
{
  (*count)++;
}

/* Four contacts, each sent the same sales note by one requester: a campaign. */
static CnImportBatch *
campaign_batch (void)
{
  CnImportBatch *batch = cn_import_batch_new ();
  const char *names[] = { "Ana Reis", "Ben Ould", "Chloé Vidal", "Dan Ito" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *ref = g_strdup_printf ("spam-%u", i);
      g_autofree char *note = g_strdup_printf ("Dear %s, I would love to present our "
                                               "outsourcing offer to your team this week.",
                                               names[i]);

      cn_import_batch_add_contact (batch, contact_new (names[i], NULL, NULL, NULL, NULL, i + 2));
      cn_import_batch_add_request (batch, request_new ("Sam Spammer", names[i], note, ref));
    }
  return batch;
}

/* How many stored requests the store marks as mass-sent. */
static guint
count_mass_sent (CnStore *store)
{
  g_autoptr(GArray) ids = cn_store_list_request_ids (store, NULL);
  guint mass_sent = 0;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CnRequest)
                     request = cn_store_get_request (store, g_array_index (ids, gint64, i), NULL);

      mass_sent += cn_request_get_mass_sent (request);
    }
  return mass_sent;
}

static void
test_signals_and_triage (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnImportBatch) batch = campaign_batch ();
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint contacts_changed = 0, reloaded = 0;

  /* The index exists before the import: it must take the new requests in. */
  g_assert_true (cn_store_update_triage (fixture->store, &error));
  g_assert_no_error (error);
  g_signal_connect (fixture->store, "contacts-changed", G_CALLBACK (count_signal),
                    &contacts_changed);
  g_signal_connect (fixture->store, "reloaded", G_CALLBACK (count_signal), &reloaded);
  report = import_batch (fixture->store, batch);
  g_assert_cmpuint (contacts_changed, ==, 1);
  g_assert_cmpuint (reloaded, ==, 1);

  g_assert_cmpuint (cn_store_count_requests (fixture->store), ==, 4);
  g_assert_cmpuint (count_mass_sent (fixture->store), ==, 4);
}

/* What cn_import_run_async() does: another connection writes, then the
 * caller's store (whose triage index was built) reads again. */
static void
test_other_connection (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnStore) worker = cn_store_open (fixture->path, NULL);
  g_autoptr(CnImportBatch) batch = campaign_batch ();
  g_autoptr(CnImportReport) report = NULL;
  guint contacts_changed = 0, reloaded = 0;

  g_assert_true (cn_store_update_triage (fixture->store, NULL));
  g_signal_connect (fixture->store, "contacts-changed", G_CALLBACK (count_signal),
                    &contacts_changed);
  g_signal_connect (fixture->store, "reloaded", G_CALLBACK (count_signal), &reloaded);
  report = import_batch (worker, batch);
  g_assert_cmpuint (report->requests_added, ==, 4);
  g_assert_cmpuint (reloaded, ==, 0);

  _cn_store_notify_external_write (fixture->store);
  g_assert_cmpuint (contacts_changed, ==, 1);
  g_assert_cmpuint (reloaded, ==, 1);
  g_assert_true (cn_store_update_triage (fixture->store, NULL));
  g_assert_cmpuint (cn_store_count_requests (fixture->store), ==, 4);
  g_assert_cmpuint (count_mass_sent (fixture->store), ==, 4);
}

typedef struct
{
  GCancellable *cancellable;
  double cancel_at;
  guint calls;
  double last;
} CancelData;

static void
on_progress_cancel (double fraction, gpointer user_data)
{
  CancelData *data = user_data;

  g_assert_cmpfloat (fraction, >=, data->last);
  data->last = fraction;
  data->calls++;
  if (fraction >= data->cancel_at)
    g_cancellable_cancel (data->cancellable);
}

static CnImportBatch *
big_batch (guint n_contacts, guint n_requests, guint seed)
{
  CnImportBatch *batch = cn_import_batch_new ();

  for (guint i = 0; i < n_contacts; i++)
    {
      g_autofree char *name = g_strdup_printf ("Person %u-%u", seed, i);
      g_autofree char *url = g_strdup_printf ("https://www.linkedin.com/in/p-%u-%u", seed, i);

      cn_import_batch_add_contact (batch, contact_new (name, NULL, url, "Company", "Job", i + 2));
    }
  for (guint i = 0; i < n_requests; i++)
    {
      g_autofree char *from = g_strdup_printf ("Requester %u", i % 97);
      g_autofree char *hint = g_strdup_printf ("Person %u-%u", seed, i % MAX (n_contacts, 1));
      g_autofree char *note = g_strdup_printf ("Note number %u of batch %u", i, seed);

      cn_import_batch_add_request (batch, request_new (from, hint, note, NULL));
    }
  return batch;
}

static void
test_cancel (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnImportBatch) first = first_batch ();
  g_autoptr(CnImportReport) report = import_batch (fixture->store, first);
  g_autoptr(CnImportBatch) batch = big_batch (3000, 5000, 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  CancelData cancel = { cancellable, 0.6, 0, 0.0 };
  CnImportReport *none;

  none = cn_store_import_batch (fixture->store, batch, cancellable, on_progress_cancel, &cancel,
                                &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (cancel.calls, >, 2);
  g_assert_cmpuint (cn_store_count_contacts (fixture->store), ==, 3);
  g_assert_cmpuint (cn_store_count_requests (fixture->store), ==, 2);
  g_clear_object (&fixture->store);
  assert_integrity (fixture->path);
}

/* More requests than the writer puts in one statement (1,024), and a last
 * statement of fewer: each one stored once, created now, found
 * by search under its requester, its contact and its note. */
static void
test_many_requests (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnImportBatch) first = first_batch ();
  g_autoptr(CnImportReport) report = import_batch (fixture->store, first);
  g_autoptr(CnImportBatch) batch = big_batch (40, 2500, 7);
  g_autoptr(CnImportReport) many = import_batch (fixture->store, batch);
  const char *path = fixture->path;

  g_assert_cmpuint (many->requests_added, ==, 2500);
  g_clear_object (&fixture->store);
  g_assert_cmpint (cn_test_query_int (path, "SELECT count(*) FROM requests"), ==, 2502);
  g_assert_cmpint (cn_test_query_int (path, "SELECT max (id) - min (id) FROM requests"), ==, 2501);
  /* Arriving is the request's created_at, not a row of history. */
  g_assert_cmpint (cn_test_query_int (path, "SELECT count(*) FROM events"), ==, 0);
  g_assert_cmpint (cn_test_query_int (path, "SELECT count(*) FROM requests WHERE created_at"
                                            " BETWEEN strftime ('%s', 'now') - 600"
                                            " AND strftime ('%s', 'now')"),
                   ==, 2502);
  g_assert_cmpint (cn_test_query_int (path, "SELECT count(*) FROM requests r WHERE note_to_target"
                                            " <> (SELECT note_to_target FROM request_search"
                                            " WHERE rowid = r.id)"),
                   ==, 0);
  /* The first request, the last of a full statement, the last of all. */
  g_assert_cmpint (cn_test_query_int (path, "SELECT count(*) FROM request_search s"
                                            " JOIN requests r ON r.id = s.rowid WHERE"
                                            " request_search MATCH 'number AND 0'"
                                            " AND r.note_to_target = 'Note number 0 of batch 7'"
                                            " AND s.requester = 'Requester 0'"
                                            " AND s.contact = 'Person 7-0'"),
                   ==, 1);
  g_assert_cmpint (cn_test_query_int (path, "SELECT count(*) FROM request_search s"
                                            " JOIN requests r ON r.id = s.rowid WHERE"
                                            " request_search MATCH 'number AND 1023'"
                                            " AND r.note_to_target = 'Note number 1023 of batch 7'"
                                            " AND s.requester = 'Requester 53'"
                                            " AND s.contact = 'Person 7-23'"),
                   ==, 1);
  g_assert_cmpint (cn_test_query_int (path, "SELECT count(*) FROM request_search s"
                                            " JOIN requests r ON r.id = s.rowid WHERE"
                                            " request_search MATCH 'number AND 2499'"
                                            " AND r.note_to_target = 'Note number 2499 of batch 7'"
                                            " AND s.requester = 'Requester 74'"),
                   ==, 1);
  assert_integrity (path);
}

static void
test_garbage_run (Fixture *fixture, gconstpointer data)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
  g_autofree char *vcard = write_file (fixture, "people.vcf",
                                       "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hugo Bernard\r\n"
                                       "N:Bernard;Hugo;;;\r\nEND:VCARD\r\n",
                                       -1);
  g_autofree char *garbage = write_file (fixture, "photo.csv", png, sizeof png - 1);
  const char *paths[] = { vcard, garbage, NULL };
  g_autoptr(GError) error = NULL;
  CnImportReport *report;

  report = cn_import_run (fixture->store, CN_IMPORT_FORMAT_UNKNOWN, paths, NULL, NULL, NULL,
                          &error);
  g_assert_null (report);
  g_test_message ("%s", error->message);
  g_assert_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED);
  g_assert_nonnull (strstr (error->message, "photo.csv"));
  g_assert_cmpuint (cn_store_count_contacts (fixture->store), ==, 0);
  g_clear_error (&error);

  /* Ten thousand columns; a line of 20 MB: refused quickly, nothing written. */
  {
    g_autoptr(GString) wide = g_string_new ("Name");
    g_autofree char *wide_path = NULL;
    g_autofree char *long_path = NULL;
    g_autofree char *line = g_malloc (20 * 1024 * 1024 + 1);
    gint64 start;

    for (guint i = 0; i < 10000; i++)
      g_string_append_printf (wide, ",Column %u", i);
    g_string_append (wide, "\nAnna Kowalska");
    for (guint i = 0; i < 10000; i++)
      g_string_append (wide, ",x");
    g_string_append_c (wide, '\n');
    wide_path = write_file (fixture, "wide.csv", wide->str, wide->len);
    memset (line, 'a', 20 * 1024 * 1024);
    memcpy (line, "Name,E-mail Address,", 20);
    line[20 * 1024 * 1024] = '\0';
    long_path = write_file (fixture, "long.csv", line, -1);

    for (guint i = 0; i < 2; i++)
      {
        paths[0] = i == 0 ? wide_path : long_path;
        paths[1] = NULL;
        start = g_get_monotonic_time ();
        report = cn_import_run (fixture->store, CN_IMPORT_FORMAT_UNKNOWN, paths, NULL, NULL, NULL,
                                &error);
        g_assert_null (report);
        g_assert_nonnull (error);
        g_test_message ("%s", error->message);
        g_assert_nonnull (strstr (error->message, i == 0 ? "wide.csv" : "long.csv"));
        g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
        g_assert_cmpuint (cn_store_count_contacts (fixture->store), ==, 0);
        g_clear_error (&error);
      }
  }

  /* Claimed as a vCard, still refused. */
  paths[0] = garbage;
  paths[1] = NULL;
  report = cn_import_run (fixture->store, CN_IMPORT_FORMAT_VCARD, paths, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "photo.csv"));
  g_assert_cmpuint (cn_store_count_contacts (fixture->store), ==, 0);
}

/* Asynchronous */

typedef struct
{
  GThread *main_thread;
  guint progress_calls;
  guint reloaded;
  guint contacts_changed;
  CnImportReport *report;
  GError *error;
  gboolean done;
} AsyncData;

static void
on_async_progress (double fraction, gpointer user_data)
{
  AsyncData *data = user_data;

  g_assert_true (g_thread_self () == data->main_thread);
  g_assert_false (data->done);
  data->progress_calls++;
}

static void
on_async_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncData *data = user_data;

  data->report = cn_import_run_finish (result, &data->error);
  data->done = TRUE;
}

static void
test_async (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GString) vcards = g_string_new (NULL);
  g_autofree char *path = NULL;
  const char *paths[2] = { NULL, NULL };
  AsyncData async = { g_thread_self () };

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (vcards,
                            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Contact Number%u\r\n"
                            "N:Number%u;Contact;;;\r\nEMAIL:c%u@example.org\r\nEND:VCARD\r\n",
                            i, i, i);
  path = write_file (fixture, "many.vcf", vcards->str, vcards->len);
  paths[0] = path;
  g_signal_connect (fixture->store, "contacts-changed", G_CALLBACK (count_signal),
                    &async.contacts_changed);
  g_signal_connect (fixture->store, "reloaded", G_CALLBACK (count_signal), &async.reloaded);

  cn_import_run_async (fixture->store, CN_IMPORT_FORMAT_UNKNOWN, paths, NULL, on_async_progress,
                       &async, on_async_done, &async);
  while (!async.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (async.error);
  g_assert_nonnull (async.report);
  g_assert_cmpuint (async.report->contacts_added, ==, 2000);
  g_assert_cmpuint (async.progress_calls, >, 0);
  g_assert_cmpuint (async.reloaded, ==, 1);
  g_assert_cmpuint (async.contacts_changed, ==, 1);
  g_assert_cmpuint (cn_store_count_contacts (fixture->store), ==, 2000);
  cn_import_report_free (async.report);
}

/* A killed process */

static char *
write_big_vcard (Fixture *fixture, guint n)
{
  g_autoptr(GString) vcards = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (vcards,
                            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Killed Person%u\r\n"
                            "N:Person%u;Killed;;;\r\nEMAIL:k%u@example.org\r\n"
                            "ORG:Company %u\r\nTITLE:Position %u\r\nEND:VCARD\r\n",
                            i, i, i, i % 500, i % 50);
  return write_file (fixture, "big.vcf", vcards->str, vcards->len);
}

static GPid
spawn_import (const char *cli, const char *db, const char *file)
{
  const char *argv[] = { cli, "--db", db, "import", "vcard", file, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_spawn_async (NULL, (char **) argv, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  return pid;
}

static void
test_killed (Fixture *fixture, gconstpointer data)
{
  const char *cli = g_getenv ("CONNECTEUR_CLI");
  g_autoptr(CnImportBatch) first = first_batch ();
  g_autoptr(CnImportReport) report = NULL;
  g_autofree char *file = NULL;
  g_autofree char *scratch = g_build_filename (fixture->dir, "scratch.db", NULL);
  g_autofree char *saved = NULL;
  gsize saved_len = 0;
  gint64 start, duration;
  gboolean killed_before_commit = FALSE;
  GPid pid;
  int status = 0;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("CONNECTEUR_CLI is not set to the built connecteur-cli");
      return;
    }

  report = import_batch (fixture->store, first);
  g_clear_object (&fixture->store);
  file = write_big_vcard (fixture, 60000);

  /* How long a whole import takes, on a database of its own. */
  start = g_get_monotonic_time ();
  pid = spawn_import (cli, scratch, file);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  duration = g_get_monotonic_time () - start;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_test_skip ("the vCard reader cannot import the generated file yet");
      return;
    }
  g_assert_cmpint (cn_test_query_int (scratch, "SELECT count(*) FROM contacts"), ==, 60000);

  /* Killed late, while it writes (the reading is the first part). On a busy
   * machine the kill may land after the commit: then the import is whole
   * (never a part of it), and it is tried again, killed earlier. */
  g_assert_true (g_file_get_contents (fixture->path, &saved, &saved_len, NULL));
  for (guint attempt = 0; attempt < 6 && !killed_before_commit; attempt++)
    {
      gint64 contacts;

      pid = spawn_import (cli, fixture->path, file);
      g_usleep (duration * (8 - attempt) / 10);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

      assert_integrity (fixture->path);
      contacts = cn_test_query_int (fixture->path, "SELECT count(*) FROM contacts");
      g_assert_true (contacts == 3 || contacts == 3 + 60000);
      killed_before_commit = WIFSIGNALED (status) && contacts == 3;
      if (!killed_before_commit)
        {
          g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
          g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);

          g_test_message ("The import committed before it was killed: again, earlier");
          g_remove (wal);
          g_remove (shm);
          g_assert_true (g_file_set_contents (fixture->path, saved, saved_len, NULL));
        }
    }
  g_assert_true (killed_before_commit);

  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM contacts"), ==, 3);
  g_assert_cmpint (cn_test_query_int (fixture->path, "SELECT count(*) FROM requests"), ==, 2);
}

/* "Not a Request" is remembered per sender: their next message that names no
 * contact is set aside by the import (archived, kept, with the reason in its
 * history), while one that names a contact still comes in as new. "Show their
 * messages again" brings the set-aside ones back and forgets the choice. */
static void
test_not_a_request_sender (Fixture *fixture, gconstpointer data)
{
  g_autoptr(CnImportBatch) first = first_batch ();
  g_autoptr(CnImportBatch) offer = cn_import_batch_new ();
  g_autoptr(CnImportBatch) later = cn_import_batch_new ();
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnImportReport) second = NULL;
  g_autoptr(CnImportReport) third = NULL;
  g_autoptr(CnRequest) request = NULL;
  g_autoptr(CnRequest) next = NULL;
  g_autoptr(CnRequest) addressed = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  CnStatusChange change;
  gboolean marked = FALSE;
  gint64 id;

  report = import_batch (fixture->store, first);
  cn_import_batch_add_request (offer, request_new ("Rita Recruteuse", NULL,
                                                   "Bonjour, un poste pour vous ?", "offer-1"));
  second = import_batch (fixture->store, offer);
  g_assert_cmpuint (second->requests_added, ==, 1);
  {
    g_autoptr(GArray) ids = cn_store_list_request_ids (fixture->store, NULL);

    id = g_array_index (ids, gint64, 0);
  }
  request = cn_test_get_request (fixture->store, id);
  g_assert_cmpint (cn_request_get_target_id (request), ==, 0);
  g_assert_cmpint (cn_request_get_status (request), ==, CN_REQUEST_STATUS_NEW);

  g_assert_true (cn_store_set_aside_not_a_request (fixture->store, id, &change, &marked, &error));
  g_assert_no_error (error);
  g_assert_true (marked);
  g_assert_true (cn_store_is_set_aside (fixture->store, id));
  g_clear_object (&request);
  request = cn_test_get_request (fixture->store, id);
  g_assert_cmpint (cn_request_get_status (request), ==, CN_REQUEST_STATUS_ARCHIVED);

  /* The next import: to no one, set aside; to a contact, a request. */
  cn_import_batch_add_request (later, request_new ("Rita Recruteuse", NULL,
                                                   "Re-bonjour, toujours ce poste.", "offer-2"));
  cn_import_batch_add_request (later,
                               request_new ("Rita Recruteuse", "elodie@example.org",
                                            "Élodie, pourriez-vous me présenter ?", "offer-3"));
  third = import_batch (fixture->store, later);
  g_assert_cmpuint (third->requests_added, ==, 2);
  {
    g_autoptr(GArray)
                   ids = cn_store_list_requester_request_ids (fixture->store,
                                                              cn_request_get_requester_id (request),
                                                              &error);

    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 3);
    for (guint i = 0; i < ids->len; i++)
      {
        g_autoptr(CnRequest)
                       one = cn_test_get_request (fixture->store, g_array_index (ids, gint64, i));

        if (g_str_equal (cn_request_get_source_ref (one), "offer-2"))
          g_set_object (&next, one);
        else if (g_str_equal (cn_request_get_source_ref (one), "offer-3"))
          g_set_object (&addressed, one);
      }
  }
  g_assert_nonnull (next);
  g_assert_cmpint (cn_request_get_status (next), ==, CN_REQUEST_STATUS_ARCHIVED);
  g_assert_true (cn_store_is_set_aside (fixture->store, cn_request_get_id (next)));
  events = cn_store_list_events (fixture->store, cn_request_get_id (next), &error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (((CnEvent *) events->pdata[1])->action, ==, CN_EVENT_ACTION_NOT_A_REQUEST);
  g_assert_cmpstr (((CnEvent *) events->pdata[1])->text, ==, "automatic");
  g_assert_nonnull (addressed);
  g_assert_cmpint (cn_request_get_status (addressed), ==, CN_REQUEST_STATUS_NEW);
  g_assert_false (cn_store_is_set_aside (fixture->store, cn_request_get_id (addressed)));

  /* Shown again: both set-aside messages are new, and the sender forgotten. */
  g_assert_cmpuint (cn_store_show_messages_again (fixture->store,
                                                  cn_request_get_requester_id (request), &error),
                    ==, 2);
  g_assert_no_error (error);
  g_assert_false (cn_store_is_set_aside (fixture->store, id));
  g_clear_object (&next);
  next = cn_test_get_request (fixture->store, id);
  g_assert_cmpint (cn_request_get_status (next), ==, CN_REQUEST_STATUS_NEW);
  {
    g_autoptr(CnRequesterInfo)
                   info = cn_store_get_requester (fixture->store,
                                                  cn_request_get_requester_id (request), &error);

    g_assert_no_error (error);
    g_assert_false (info->not_requests);
  }
}

/* Undo of "Not a Request": the message is new again and the sender forgotten. */
static void
test_not_a_request_undo (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnRequest) request = NULL;
  g_autoptr(CnRequesterInfo) info = NULL;
  CnStatusChange change;
  gboolean marked = FALSE;
  gint64 id = cn_test_add_request (fixture->store, "Sam Vendeur", 0, 1717000000, "Promo !");

  g_assert_true (cn_store_set_aside_not_a_request (fixture->store, id, &change, &marked, &error));
  g_assert_true (cn_store_restore_statuses (fixture->store, &change, 1, &error));
  request = cn_test_get_request (fixture->store, id);
  g_assert_true (marked);
  g_assert_true (cn_store_set_requester_not_requests (fixture->store,
                                                      cn_request_get_requester_id (request), FALSE,
                                                      &error));
  g_assert_no_error (error);
  g_assert_cmpint (cn_request_get_status (request), ==, CN_REQUEST_STATUS_NEW);
  g_assert_false (cn_store_is_set_aside (fixture->store, id));
  info = cn_store_get_requester (fixture->store, cn_request_get_requester_id (request), &error);
  g_assert_false (info->not_requests);
}

/* A big export, streamed */

/* A capitalised word of its own for each @i below 17,576 ("Aaa", "Baa"…). */
static const char *
letters (guint i)
{
  static char word[4];

  word[0] = 'A' + i % 26;
  word[1] = 'a' + i / 26 % 26;
  word[2] = 'a' + i / 676 % 26;
  return word;
}

/* 5,000 connections (then an invitation's requester and one namesake) and
 * 12,000 messages in 6,000 conversations: more than the batch holds before
 * it hands its records over. */
static char *
write_big_export (Fixture *fixture, gboolean broken)
{
  g_autofree char *export = g_build_filename (fixture->dir, broken ? "broken" : "export", NULL);
  g_autofree char *connections = g_build_filename (export, "Connections.csv", NULL);
  g_autofree char *invitations = g_build_filename (export, "Invitations.csv", NULL);
  g_autofree char *messages = g_build_filename (export, "messages.csv", NULL);
  g_autoptr(GString) out = g_string_new ("First Name,Last Name,URL,Email Address,Company,"
                                          "Position,Connected On\n");

  g_mkdir (export, 0700);
  /* Namesakes from 4,000 on, at another firm. */
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (out,
                            "Person,%s,https://www.linkedin.com/in/p-%u,%s%u%s,Firm %u,Role,"
                            "01 Jun 2024\n",
                            letters (i % 4000), i, i % 3 ? "p" : "", i, i % 3 ? "@example.org" : "",
                            i / 4000);
  g_assert_true (g_file_set_contents (connections, out->str, out->len, NULL));
  g_assert_true (g_file_set_contents (invitations,
                                      "From,To,Sent At,Message,Direction,inviterProfileUrl\n"
                                      "Zoé Petit,Camille Owner,\"6/1/24, 9:00 AM\",Introduce me to "
                                      "Person Number 4001?,INCOMING,\n",
                                      -1, NULL));
  g_string_assign (out, "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
                        "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS\n");
  for (guint i = 0; i < 12000; i++)
    {
      guint conversation = (i * 7) % 6000; /* not grouped in the file */
      gboolean incoming = i < 6000 || conversation % 3 != 0;

      g_string_append_printf (out,
                              "conv-%u,,%s,,%s,,2024-0%u-1%u 10:%02u:00 UTC,,"
                              "\"Could you introduce me to Person %s<br>Thanks %u\",INBOX,\n",
                              conversation, incoming ? "Requester Someone" : "Camille Owner",
                              incoming ? "Camille Owner" : "Requester Someone", 1 + i % 9, i % 10,
                              i % 60, letters (conversation % 4500), i);
    }
  if (broken)
    {
      /* After thousands of records, quotes never closed: a record over
       * the reader's bound. */
      g_string_append (out, "conv-x,,Ann,,Camille Owner,,2024-01-01 10:00:00 UTC,,\"Cut");
      for (guint i = 0; i < 150000; i++)
        g_string_append (out, "blah blah ");
    }
  g_assert_true (g_file_set_contents (messages, out->str, out->len, NULL));
  return g_steal_pointer (&export);
}

/* What an import wrote, but the clock: one line per row. */
static char *
dump_import (const char *db_path)
{
  static const char *const queries[] = {
    "SELECT id, name, email, profile_url, company, position FROM contacts ORDER BY id",
    "SELECT id, name, email, profile_url FROM requesters ORDER BY id",
    "SELECT id, requester_id, target_id, received_at, source, source_ref, note_to_connector,"
    " note_to_target, status FROM requests ORDER BY id",
  };
  GString *dump = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *text = (const char *) sqlite3_column_text (stmt, c);

              g_string_append_printf (dump, "%s|", text != NULL ? text : "NULL");
            }
          g_string_append_c (dump, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_string_free (dump, FALSE);
}

typedef struct
{
  guint calls;
  guint with_requests;
  guint most_held;
} FlushCount;

static gboolean
on_count_flush (CnImportBatch *batch, gboolean no_more_contacts, gpointer user_data, GError **error)
{
  FlushCount *count = user_data;

  count->calls++;
  count->with_requests += no_more_contacts;
  count->most_held = MAX (count->most_held, batch->contacts->len + batch->requests->len);
  /* Taken as the import takes them. */
  g_ptr_array_set_size (batch->contacts, 0);
  if (no_more_contacts)
    g_ptr_array_set_size (batch->requests, 0);
  return TRUE;
}

/* cn_import_run() writes a big export as the reader goes instead of holding
 * it whole, and writes what the batch read whole would have written; a file
 * broken after thousands of records still leaves the database as it was. */
static void
test_streamed (Fixture *fixture, gconstpointer data)
{
  g_autofree char *export = write_big_export (fixture, FALSE);
  g_autofree char *broken = write_big_export (fixture, TRUE);
  g_autofree char *held_path = g_build_filename (fixture->dir, "held.db", NULL);
  g_autofree char *streamed_dump = NULL, *held_dump = NULL;
  g_autoptr(CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr(CnImportReport) streamed = NULL;
  g_autoptr(CnImportReport) held = NULL;
  g_autoptr(CnStore) held_store = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { export, NULL };
  FlushCount count = { 0 };

  /* The reader hands its records over as it goes: contacts first, requests
   * once no contact can follow. */
  batch->flush = on_count_flush;
  batch->flush_data = &count;
  g_assert_true (cn_linkedin_read (export, batch, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count.with_requests, >, 0);
  g_assert_cmpuint (count.calls, >, count.with_requests);
  g_assert_cmpuint (count.most_held, <, 11001 - 2000);
  g_clear_pointer (&batch, cn_import_batch_free);

  /* Broken at the end: nothing written, though contacts were handed over. */
  paths[0] = broken;
  g_assert_null (
      cn_import_run (fixture->store, CN_IMPORT_FORMAT_LINKEDIN, paths, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "messages.csv"));
  g_clear_error (&error);
  g_assert_cmpuint (cn_store_count_contacts (fixture->store), ==, 0);
  g_assert_cmpuint (cn_store_count_requests (fixture->store), ==, 0);

  paths[0] = export;
  streamed = cn_import_run (fixture->store, CN_IMPORT_FORMAT_LINKEDIN, paths, NULL, NULL, NULL,
                            &error);
  g_assert_no_error (error);
  batch = cn_import_batch_new ();
  g_assert_true (cn_linkedin_read (export, batch, NULL, NULL, NULL, &error));
  held_store = cn_store_open (held_path, &error);
  g_assert_no_error (error);
  held = import_batch (held_store, batch);

  g_assert_cmpuint (streamed->contacts_added, ==, 5000);
  g_assert_cmpuint (streamed->contacts_added, ==, held->contacts_added);
  g_assert_cmpuint (streamed->requests_added, ==, 6001);
  g_assert_cmpuint (streamed->requests_added, ==, held->requests_added);
  g_assert_cmpuint (streamed->duplicates->len, >, 0);
  g_assert_cmpuint (streamed->duplicates->len, ==, held->duplicates->len);
  g_assert_cmpuint (streamed->rejections->len, ==, held->rejections->len);
  g_clear_object (&fixture->store);
  g_clear_object (&held_store);
  streamed_dump = dump_import (fixture->path);
  held_dump = dump_import (held_path);
  g_assert_cmpstr (streamed_dump, ==, held_dump);
  /* Some requests found their contact by name. */
  g_assert_cmpint (cn_test_query_int (fixture->path,
                                      "SELECT count(*) FROM requests WHERE target_id IS NOT NULL"),
                   >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/format-strings", test_format_strings);
  g_test_add_func ("/import/detect-shared", test_detect_shared);
#define ADD(path, func)                                                                            \
  g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)
  ADD ("/import/detect", test_detect);
  ADD ("/import/batch-and-reimport", test_import_and_reimport);
  ADD ("/import/newer-export", test_newer_export);
  ADD ("/import/matching", test_matching);
  ADD ("/import/matching-folds", test_matching_folds);
  ADD ("/import/rename-keyless-name", test_rename_keyless_name);
  ADD ("/import/same-person-twice", test_same_person_twice_in_one_import);
  ADD ("/import/same-person-by-two-keys", test_same_person_by_two_keys);
  ADD ("/import/one-address-two-names", test_one_address_two_names);
  ADD ("/import/one-address-two-profiles", test_one_address_two_profiles);
  ADD ("/import/profile-url-any-case", test_profile_url_any_case);
  ADD ("/import/address-known-late", test_address_known_late);
  ADD ("/import/later-card-counts-update", test_later_card_counts_update);
  ADD ("/import/possible-duplicate", test_possible_duplicate);
  ADD ("/import/merge", test_merge);
  ADD ("/import/merge-moves-requests", test_merge_moves_requests);
  ADD ("/import/requesters", test_requesters);
  ADD ("/import/requester-learns-in-batch", test_requester_learns_in_batch);
  ADD ("/import/signals-and-triage", test_signals_and_triage);
  ADD ("/import/other-connection", test_other_connection);
  ADD ("/import/cancel", test_cancel);
  ADD ("/import/many-requests", test_many_requests);
  ADD ("/import/garbage", test_garbage_run);
  ADD ("/import/streamed", test_streamed);
  ADD ("/import/async", test_async);
  ADD ("/import/killed", test_killed);
  ADD ("/import/not-a-request-sender", test_not_a_request_sender);
  ADD ("/import/not-a-request-undo", test_not_a_request_undo);
#undef ADD

  return g_test_run ();
}
