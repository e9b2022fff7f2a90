/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cn-import.h"
#include "cn-test-utils.h"

static CnImportBatch *
read_ok (const char *path)
{
  g_autoptr (GError) error = NULL;
  CnImportBatch *batch = cn_import_batch_new ();

  g_assert_true (cn_contacts_csv_read (path, batch, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return batch;
}

static void
assert_rejection (CnImportBatch *batch, guint i, const char *file, guint line, const char *reason)
{
  CnImportRejection *r;

  g_assert_cmpuint (i, <, batch->rejections->len);
  r = batch->rejections->pdata[i];
  g_assert_cmpstr (r->file, ==, file);
  g_assert_cmpuint (r->line, ==, line);
  g_assert_cmpstr (r->reason, ==, reason);
}

static void
test_google_new (void)
{
  g_autofree char *path = cn_test_import_fixture ("contacts-csv", "google-new.csv");
  g_autoptr (CnImportBatch) batch = read_ok (path);
  CnImportContact *c;

  g_assert_cmpuint (batch->contacts->len, ==, 3);

  /* " ::: " multi-values give the first; the LinkedIn website wins over the
   * home page; Labels are ignored. */
  c = cn_test_batch_contact (batch, 0);
  g_assert_cmpstr (c->name, ==, "Amélie Lefèvre");
  g_assert_cmpstr (c->email, ==, "amelie@cafe-sciences.example");
  g_assert_cmpstr (c->company, ==, "Café des Sciences");
  g_assert_cmpstr (c->position, ==, "Directrice de la rédaction");
  g_assert_cmpstr (c->profile_url, ==, "https://www.linkedin.com/in/amelie-lefevre");
  g_assert_cmpstr (c->notes, ==, "Met in Lyon, 2019.\nLikes climbing.");
  g_assert_null (c->expertise);
  g_assert_cmpstr (c->file, ==, "google-new.csv");
  g_assert_cmpuint (c->line, ==, 2);

  /* Middle name kept; the second e-mail column when the first is empty. */
  c = cn_test_batch_contact (batch, 1);
  g_assert_cmpstr (c->name, ==, "Chidi Emeka Okafor");
  g_assert_cmpstr (c->email, ==, "chidi@okafor.example");
  g_assert_cmpstr (c->company, ==, "Okafor & Partners");
  g_assert_cmpstr (c->position, ==, "Partner");
  g_assert_null (c->profile_url);
  g_assert_cmpuint (c->line, ==, 4);

  /* Only a nickname: that is a name. */
  c = cn_test_batch_contact (batch, 2);
  g_assert_cmpstr (c->name, ==, "Kiki");
  g_assert_cmpstr (c->email, ==, "kiki@example.org");
  g_assert_cmpuint (c->line, ==, 7);

  /* A company and an address but no name: rejected (the empty row is not). */
  g_assert_cmpuint (batch->rejections->len, ==, 1);
  assert_rejection (batch, 0, "google-new.csv", 5, "no name");
}

static void
test_outlook_en (void)
{
  g_autofree char *path = cn_test_import_fixture ("contacts-csv", "outlook-en.csv");
  g_autoptr (CnImportBatch) batch = read_ok (path);
  CnImportContact *c;

  g_assert_cmpuint (batch->contacts->len, ==, 2);
  g_assert_cmpuint (batch->rejections->len, ==, 0);

  /* "Title" is Mr./Dr., never the position; "E-mail 2 Address" stands in. */
  c = cn_test_batch_contact (batch, 0);
  g_assert_cmpstr (c->name, ==, "Haruki Nakamura");
  g_assert_cmpstr (c->position, ==, "Head of design");
  g_assert_cmpstr (c->company, ==, "Studio Kaze");
  g_assert_cmpstr (c->email, ==, "haruki@kaze.example");
  g_assert_cmpstr (c->profile_url, ==, "https://kaze.example");

  c = cn_test_batch_contact (batch, 1);
  g_assert_cmpstr (c->name, ==, "Inès Ferreira");
  g_assert_cmpstr (c->company, ==, "Ferreira, Lda");
  g_assert_cmpstr (c->position, ==, "Board member");
  g_assert_cmpstr (c->email, ==, "ines@work.example");
  g_assert_cmpstr (c->notes, ==, "Two\nlines");
  g_assert_cmpuint (c->line, ==, 3);
}

static void
test_outlook_de (void)
{
  g_autofree char *path = cn_test_import_fixture ("contacts-csv", "outlook-de-cp1252.csv");
  g_autoptr (CnImportBatch) batch = read_ok (path);
  CnImportContact *c;

  g_assert_cmpuint (batch->contacts->len, ==, 1);
  g_assert_cmpuint (batch->rejections->len, ==, 0);
  c = cn_test_batch_contact (batch, 0);
  g_assert_cmpstr (c->name, ==, "Jürgen Weißmüller");
  g_assert_cmpstr (c->company, ==, "Bäckerei Größe");
  g_assert_cmpstr (c->position, ==, "Geschäftsführer");
  g_assert_cmpstr (c->email, ==, "j.weiss@baeckerei.example");
  g_assert_cmpstr (c->notes, ==, "Kennt alle Bäcker – wirklich");
  g_assert_null (c->profile_url);
}

static void
test_outlook_fr (void)
{
  g_autofree char *path = cn_test_import_fixture ("contacts-csv", "outlook-fr-cp1252.csv");
  g_autoptr (CnImportBatch) batch = read_ok (path);
  CnImportContact *c;

  g_assert_cmpuint (batch->contacts->len, ==, 1);
  c = cn_test_batch_contact (batch, 0);
  g_assert_cmpstr (c->name, ==, "François Lévêque");
  g_assert_cmpstr (c->company, ==, "Société Générale d'Études");
  g_assert_cmpstr (c->position, ==, "Chargé d'affaires");
  g_assert_cmpstr (c->email, ==, "f.leveque@etudes.example");
  g_assert_cmpstr (c->profile_url, ==, "http://www.linkedin.com/in/francois-leveque");
  g_assert_cmpstr (c->notes, ==, "Rencontré en 2021 – via Zoë");

  /* "Mme" is a courtesy title, not a name. */
  g_assert_cmpuint (batch->rejections->len, ==, 1);
  assert_rejection (batch, 0, "outlook-fr-cp1252.csv", 3, "no name");
}

static char *
write_temp (const char *dir, const char *name, const void *data, gsize len)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

static void
assert_fails (const char *path, gint code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CnImportBatch) batch = cn_import_batch_new ();
  g_autofree char *base = g_path_get_basename (path);

  g_assert_false (cn_contacts_csv_read (path, batch, NULL, NULL, NULL, &error));
  g_assert_error (error, CN_IMPORT_ERROR, code);
  g_assert_nonnull (strstr (error->message, base));
  g_assert_cmpuint (batch->contacts->len, ==, 0);
  g_assert_cmpuint (batch->rejections->len, ==, 0);
}

static void
test_not_contacts (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I',
                                'H',  'D', 'R', 0,   0,    0,    1,    0,    0, 0, 1, 8 };
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *other = cn_test_import_fixture ("contacts-csv", "not-contacts.csv");
  g_autofree char *vcard = NULL;
  g_autofree char *missing = g_build_filename (dir, "missing.csv", NULL);
  g_autofree char *png_path = write_temp (dir, "image.csv", png, sizeof png);
  g_autoptr (GRand) rand = g_rand_new_with_seed (6);
  g_autofree guint8 *noise = g_malloc (64 * 1024);
  g_autofree char *noise_path = NULL;
  g_autoptr (GString) wide = g_string_new ("First Name,Last Name");
  g_autofree char *wide_path = NULL;
  const char *root = g_getenv ("CONNECTEUR_SOURCE_ROOT");

  /* A CSV of something else, a vCard, an image, noise, nothing. */
  assert_fails (other, CN_IMPORT_ERROR_NOT_RECOGNISED);
  vcard = g_build_filename (root, "tests", "fixtures", "import", "vcard", "v40.vcf", NULL);
  assert_fails (vcard, CN_IMPORT_ERROR_NOT_RECOGNISED);
  assert_fails (png_path, CN_IMPORT_ERROR_NOT_RECOGNISED);
  for (guint i = 0; i < 64 * 1024; i++)
    noise[i] = g_rand_int_range (rand, 0, 256);
  noise_path = write_temp (dir, "noise.csv", noise, 64 * 1024);
  assert_fails (noise_path, CN_IMPORT_ERROR_NOT_RECOGNISED);
  assert_fails (missing, CN_IMPORT_ERROR_READ);

  /* 10,000 columns: a clear error, whatever the columns are called. */
  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (wide, ",Column %u", i);
  g_string_append (wide, "\nAda,Lovelace\n");
  wide_path = write_temp (dir, "wide.csv", wide->str, wide->len);
  assert_fails (wide_path, CN_IMPORT_ERROR_NOT_RECOGNISED);

  cn_test_remove_tree (dir);
}

/* A 200 MB file of one line: refused quickly, memory flat. */
/* What detection calls a contacts CSV, the reader reads: a Dutch export, and
 * a ";" file whose values hold more commas than it has semicolons. */
static void
test_detection_agrees (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *dutch = NULL;
  g_autofree char *semicolons = NULL;
  g_autoptr (CnImportBatch) from_dutch = NULL;
  g_autoptr (CnImportBatch) from_semicolons = NULL;
  g_autoptr (GError) error = NULL;
  static const char dutch_csv[] = "Voornaam,Achternaam,Bedrijf\n"
                                  "Anja,de Vries,Havenbedrijf\n";
  static const char semicolon_csv[] =
      "Name;E-mail Address;Notes\n"
      "Ada Lovelace;ada@example.org;engines, notes, looms, numbers, poems, letters, tea\n";

  dutch = write_temp (dir, "contacten.csv", dutch_csv, sizeof dutch_csv - 1);
  semicolons = write_temp (dir, "contacts.csv", semicolon_csv, sizeof semicolon_csv - 1);

  g_assert_cmpint (cn_import_detect (dutch, &error), ==, CN_IMPORT_FORMAT_CSV);
  g_assert_no_error (error);
  from_dutch = read_ok (dutch);
  g_assert_cmpuint (from_dutch->contacts->len, ==, 1);
  g_assert_cmpstr (((CnImportContact *) from_dutch->contacts->pdata[0])->name, ==, "Anja de Vries");

  g_assert_cmpint (cn_import_detect (semicolons, &error), ==, CN_IMPORT_FORMAT_CSV);
  g_assert_no_error (error);
  from_semicolons = read_ok (semicolons);
  g_assert_cmpuint (from_semicolons->contacts->len, ==, 1);
  g_assert_cmpstr (((CnImportContact *) from_semicolons->contacts->pdata[0])->email, ==,
                   "ada@example.org");
  cn_test_remove_tree (dir);
}

static void
test_huge_line (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "huge.csv", NULL);
  g_autofree char *block = g_malloc (1024 * 1024);
  g_autoptr (GTimer) timer = NULL;
  glong rss_before;
  FILE *f;

  memset (block, 'x', 1024 * 1024);
  f = g_fopen (path, "wb");
  fputs ("First Name,Last Name,Notes\nAda,Lovelace,", f);
  for (guint i = 0; i < 200; i++)
    g_assert_cmpuint (fwrite (block, 1, 1024 * 1024, f), ==, 1024 * 1024);
  fclose (f);

  rss_before = cn_test_max_rss_kib ();
  timer = g_timer_new ();
  assert_fails (path, CN_IMPORT_ERROR_INVALID);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 5.0);
  g_assert_cmpint (cn_test_max_rss_kib () - rss_before, <, 32 * 1024);

  /* The same line as the header. */
  f = g_fopen (path, "wb");
  for (guint i = 0; i < 200; i++)
    g_assert_cmpuint (fwrite (block, 1, 1024 * 1024, f), ==, 1024 * 1024);
  fclose (f);
  g_timer_start (timer);
  assert_fails (path, CN_IMPORT_ERROR_NOT_RECOGNISED);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 5.0);

  g_unlink (path);
  cn_test_remove_tree (dir);
}

static void
test_cancel (void)
{
  g_autofree char *path = cn_test_import_fixture ("contacts-csv", "google-new.csv");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr (GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (cn_contacts_csv_read (path, batch, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (batch->contacts->len, ==, 0);
  g_assert_cmpuint (batch->rejections->len, ==, 0);
}

/* ---- The shared real-world files --------------------------------------- */

static void
test_shared_google_legacy (void)
{
  g_autofree char *path = cn_test_shared_fixture ("contacts_csv", "roundcube_google_legacy.csv");
  g_autoptr (CnImportBatch) batch = NULL;
  CnImportContact *c;

  if (path == NULL)
    return;
  batch = read_ok (path);
  g_assert_cmpuint (batch->contacts->len, ==, 1);
  g_assert_cmpuint (batch->rejections->len, ==, 0);
  c = cn_test_batch_contact (batch, 0);
  g_assert_cmpstr (c->name, ==, "Prefix Firstname Middle Lastname Suffix");
  g_assert_cmpstr (c->email, ==, "home@aaa.pl");
  g_assert_cmpstr (c->company, ==, "company");
  g_assert_cmpstr (c->position, ==, "jobtitle");
  g_assert_cmpstr (c->notes, ==, "note\"note");
  g_assert_cmpstr (c->profile_url, ==, "test.com");
  g_assert_cmpuint (c->line, ==, 2);
}

static void
test_shared_outlook_de (void)
{
  g_autofree char *path = cn_test_shared_fixture ("contacts_csv",
                                                  "tine20_outlook2013_de_cp1252.csv");
  g_autoptr (CnImportBatch) batch = NULL;
  CnImportContact *c;

  if (path == NULL)
    return;
  batch = read_ok (path);
  g_assert_cmpuint (batch->contacts->len, ==, 2);
  g_assert_cmpuint (batch->rejections->len, ==, 0);
  c = cn_test_batch_contact (batch, 0);
  g_assert_cmpstr (c->name, ==, "Christian Baumann");
  g_assert_cmpstr (c->company, ==, "unittest");
  g_assert_cmpstr (c->position, ==, "Vertrieb");
  g_assert_cmpstr (c->email, ==, "c.baumann@unittest.de");
  g_assert_null (c->notes); /* a quoted bare CRLF */
  g_assert_cmpuint (c->line, ==, 2);
  c = cn_test_batch_contact (batch, 1);
  g_assert_cmpstr (c->name, ==, "Cornelius Weiß");
  g_assert_cmpstr (c->position, ==, "Softwareengineering");
  g_assert_cmpstr (c->email, ==, "c.weiss@unittest.de");
  g_assert_cmpuint (c->line, ==, 4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import-contacts-csv/google-new", test_google_new);
  g_test_add_func ("/import-contacts-csv/outlook-en", test_outlook_en);
  g_test_add_func ("/import-contacts-csv/outlook-de", test_outlook_de);
  g_test_add_func ("/import-contacts-csv/outlook-fr", test_outlook_fr);
  g_test_add_func ("/import-contacts-csv/not-contacts", test_not_contacts);
  g_test_add_func ("/import-contacts-csv/detection-agrees", test_detection_agrees);
  g_test_add_func ("/import-contacts-csv/huge-line", test_huge_line);
  g_test_add_func ("/import-contacts-csv/cancel", test_cancel);
  g_test_add_func ("/import-contacts-csv/shared/google-legacy", test_shared_google_legacy);
  g_test_add_func ("/import-contacts-csv/shared/outlook-de", test_shared_outlook_de);
  return g_test_run ();
}
