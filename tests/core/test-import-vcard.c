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

  g_assert_true (cn_vcard_read (path, batch, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return batch;
}

static CnImportContact *
find (CnImportBatch *batch, const char *name)
{
  for (guint i = 0; i < batch->contacts->len; i++)
    {
      CnImportContact *contact = batch->contacts->pdata[i];

      if (g_strcmp0 (contact->name, name) == 0)
        return contact;
    }
  g_error ("no contact named “%s”", name);
  return NULL;
}

static void
test_v21_quoted_printable (void)
{
  g_autofree char *path = cn_test_import_fixture ("vcard", "v21-android-qp.vcf");
  g_autoptr (CnImportBatch) batch = read_ok (path);
  CnImportContact *c;
  CnImportRejection *r;

  g_assert_cmpuint (batch->contacts->len, ==, 4);

  /* QP with soft breaks on lines that do not start with a space; the PREF
   * e-mail wins over the first one. */
  c = cn_test_batch_contact (batch, 0);
  g_assert_cmpstr (c->name, ==, "Amélie Lefèvre");
  g_assert_cmpstr (c->email, ==, "amelie.lefevre@cafe-sciences.example");
  g_assert_cmpstr (c->company, ==, "Café des Sciences");
  g_assert_cmpstr (c->position, ==, "Directrice de la rédaction");
  g_assert_cmpstr (c->notes, ==, "Rencontrée à Lyon\nen 2019.");
  g_assert_cmpstr (c->file, ==, "v21-android-qp.vcf");
  g_assert_cmpuint (c->line, ==, 1);

  /* No FN: N's given and family names; ROLE when there is no TITLE. */
  c = cn_test_batch_contact (batch, 1);
  g_assert_cmpstr (c->name, ==, "Chidi Okafor");
  g_assert_cmpstr (c->email, ==, "chidi@example.org");
  g_assert_cmpstr (c->position, ==, "Mentor");
  g_assert_null (c->company);
  g_assert_cmpuint (c->line, ==, 14);

  /* Declared ISO-8859-1 but UTF-8 bytes: UTF-8. */
  c = cn_test_batch_contact (batch, 2);
  g_assert_cmpstr (c->name, ==, "Jérôme Dubois");
  g_assert_cmpstr (c->company, ==, "Éditions du Rhône");

  /* Declared UTF-8 but Latin-1 bytes, and windows-1252's ’; the base64
   * photo ended by a blank line does not hide the e-mail after it. */
  c = cn_test_batch_contact (batch, 3);
  g_assert_cmpstr (c->name, ==, "Zoë Müller");
  g_assert_cmpstr (c->company, ==, "L’Atelier");
  g_assert_cmpstr (c->email, ==, "zoe@atelier.example");
  g_assert_cmpuint (c->line, ==, 33);

  /* A card with an e-mail and a company but no name is refused, at its line. */
  g_assert_cmpuint (batch->rejections->len, ==, 1);
  r = batch->rejections->pdata[0];
  g_assert_cmpstr (r->file, ==, "v21-android-qp.vcf");
  g_assert_cmpuint (r->line, ==, 21);
  g_assert_cmpstr (r->reason, ==, "no name");
}

static void
test_v30_apple (void)
{
  g_autofree char *path = cn_test_import_fixture ("vcard", "v30-apple.vcf");
  g_autoptr (CnImportBatch) batch = read_ok (path);
  CnImportContact *c;

  g_assert_cmpuint (batch->contacts->len, ==, 2);
  g_assert_cmpuint (batch->rejections->len, ==, 0);

  c = find (batch, "Haruki Nakamura");
  g_assert_cmpstr (c->email, ==, "haruki@kaze.example"); /* item2, type=pref */
  g_assert_cmpstr (c->company, ==, "Studio Kaze, Tokyo");
  g_assert_cmpstr (c->position, ==, "Head of design");
  g_assert_cmpstr (c->profile_url, ==, "https://www.linkedin.com/in/haruki-nakamura");
  g_assert_cmpstr (c->notes, ==,
                   "First line\nSecond line, with a comma; a semicolon\\ and a backslash, "
                   "folded with a space and a tab.");
  g_assert_null (c->expertise); /* CATEGORIES are the user's groups: ignored */

  /* TYPE="a,b" lists; a URL labelled LinkedIn wins over the home page;
   * empty TITLE and ORG are absent, ROLE stands in. */
  c = find (batch, "Inès Ferreira");
  g_assert_cmpstr (c->email, ==, "ines@work.example");
  g_assert_cmpstr (c->profile_url, ==, "https://lnkd.in/ines");
  g_assert_cmpstr (c->position, ==, "Board member");
  g_assert_cmpstr (c->notes, ==, "Conseillère municipale"); /* ENCODING=b */
  g_assert_null (c->company);
  g_assert_cmpuint (c->line, ==, 22);
}

static void
test_v40 (void)
{
  g_autofree char *path = cn_test_import_fixture ("vcard", "v40.vcf");
  g_autoptr (CnImportBatch) batch = read_ok (path);
  CnImportContact *c;

  g_assert_cmpuint (batch->contacts->len, ==, 1);
  c = cn_test_batch_contact (batch, 0);
  g_assert_cmpstr (c->name, ==, "Dr. Léa Martin-Rousseau");
  g_assert_cmpstr (c->email, ==, "lea.martin@lab.example"); /* PREF=1 beats PREF=2 */
  g_assert_cmpstr (c->profile_url, ==, "http://www.linkedin.com/in/lea-martin");
  g_assert_cmpstr (c->position, ==, "Research director");
  g_assert_cmpstr (c->company, ==, "Laboratoire Lumière");
  g_assert_cmpstr (c->notes, ==, "Note après un paramètre entre guillemets");
}

static void
test_structure (void)
{
  g_autofree char *path = cn_test_import_fixture ("vcard", "v21-structure.vcf");
  g_autoptr (CnImportBatch) batch = read_ok (path);
  CnImportContact *c;

  /* The AGENT's embedded card is no contact of ours; a card never ended is
   * kept, and so is the last one cut off at the end of the file. */
  g_assert_cmpuint (batch->contacts->len, ==, 4);
  g_assert_cmpuint (batch->rejections->len, ==, 0);
  c = cn_test_batch_contact (batch, 0);
  g_assert_cmpstr (c->name, ==, "Paul Girard");
  g_assert_cmpstr (c->email, ==, "paul@example.com");
  g_assert_cmpstr (c->notes, ==, "Folded in 2.1, keeps its space"); /* 2.1 unfolding */
  c = cn_test_batch_contact (batch, 1);
  g_assert_cmpstr (c->name, ==, "Unclosed One");
  g_assert_cmpuint (c->line, ==, 15);
  c = cn_test_batch_contact (batch, 2);
  g_assert_cmpstr (c->name, ==, "After Unclosed");
  g_assert_cmpuint (c->line, ==, 18);
  c = cn_test_batch_contact (batch, 3);
  g_assert_cmpstr (c->name, ==, "Last Without End");
  g_assert_cmpstr (c->email, ==, "last@example.com");
}

static void
test_latin1_raw (void)
{
  g_autofree char *path = cn_test_import_fixture ("vcard", "latin1-raw.vcf");
  g_autoptr (CnImportBatch) batch = read_ok (path);
  CnImportContact *c;

  g_assert_cmpuint (batch->contacts->len, ==, 1);
  c = cn_test_batch_contact (batch, 0);
  g_assert_cmpstr (c->name, ==, "Françoise Lévêque");
  g_assert_cmpstr (c->company, ==, "Société Générale d'Études");
  g_assert_cmpstr (c->position, ==, "Chargée d'affaires");
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
test_utf16 (void)
{
  static const char card[] = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Søren Ødegård\r\n"
                             "ORG:Bryggen AS\r\nEMAIL:soren@bryggen.example\r\nEND:VCARD\r\n";
  g_autofree char *dir = cn_test_make_tmpdir ();
  const struct
  {
    const char *charset;
    const char *bom;
    gsize bom_len;
  } cases[] = {
    { "UTF-16LE", "\xFF\xFE", 2 },
    { "UTF-16BE", "\xFE\xFF", 2 },
    { "UTF-16LE", "", 0 }, /* no BOM: found from the NUL pattern */
    { "UTF-16BE", "", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = 0;
      g_autofree char *body = g_convert (card, -1, cases[i].charset, "UTF-8", NULL, &len, NULL);
      g_autoptr (GByteArray) data = g_byte_array_new ();
      g_autofree char *path = NULL;
      g_autoptr (CnImportBatch) batch = NULL;
      CnImportContact *c;

      g_byte_array_append (data, (const guint8 *) cases[i].bom, cases[i].bom_len);
      g_byte_array_append (data, (const guint8 *) body, len);
      path = write_temp (dir, "utf16.vcf", data->data, data->len);
      batch = read_ok (path);
      g_assert_cmpuint (batch->contacts->len, ==, 1);
      c = cn_test_batch_contact (batch, 0);
      g_assert_cmpstr (c->name, ==, "Søren Ødegård");
      g_assert_cmpstr (c->company, ==, "Bryggen AS");
      g_assert_cmpstr (c->email, ==, "soren@bryggen.example");
    }
  cn_test_remove_tree (dir);
}

static void
assert_not_recognised (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CnImportBatch) batch = cn_import_batch_new ();

  g_assert_false (cn_vcard_read (path, batch, NULL, NULL, NULL, &error));
  g_assert_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED);
  g_assert_nonnull (strstr (error->message, "vCard"));
  g_assert_cmpuint (batch->contacts->len, ==, 0);
  g_assert_cmpuint (batch->rejections->len, ==, 0);
}

static void
write_big_line (const char *path, const char *prefix, gsize size)
{
  FILE *f = g_fopen (path, "wb");
  g_autofree char *block = g_malloc (1024 * 1024);

  memset (block, 'x', 1024 * 1024);
  fputs (prefix, f);
  for (gsize n = 0; n < size; n += 1024 * 1024)
    g_assert_cmpuint (fwrite (block, 1, 1024 * 1024, f), ==, 1024 * 1024);
  fclose (f);
}

static void
test_garbage (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I',
                                'H',  'D', 'R', 0,   0,    0,    1,    0,    0, 0, 1, 8 };
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "missing.vcf", NULL);
  g_autoptr (GRand) rand = g_rand_new_with_seed (6);
  g_autofree guint8 *noise = g_malloc (64 * 1024);
  g_autoptr (GError) error = NULL;
  g_autoptr (CnImportBatch) batch = cn_import_batch_new ();

  for (guint i = 0; i < 64 * 1024; i++)
    noise[i] = g_rand_int_range (rand, 0, 256);
  {
    g_autofree char *path = write_temp (dir, "noise.vcf", noise, 64 * 1024);
    assert_not_recognised (path);
  }
  {
    g_autofree char *path = write_temp (dir, "image.vcf", png, sizeof png);
    assert_not_recognised (path);
  }
  {
    g_autofree char *path = write_temp (dir, "empty.vcf", "", 0);
    assert_not_recognised (path);
  }
  {
    g_autofree char *path = cn_test_import_fixture ("vcard", "../contacts-csv/google-new.csv");
    assert_not_recognised (path);
  }

  /* Random bytes after a real BEGIN: no crash, no contact. */
  {
    g_autoptr (GByteArray) data = g_byte_array_new ();
    g_autofree char *path = NULL;
    g_autoptr (CnImportBatch) noisy = NULL;

    g_byte_array_append (data, (const guint8 *) "BEGIN:VCARD\r\n", 13);
    g_byte_array_append (data, noise, 64 * 1024);
    path = write_temp (dir, "noisy.vcf", data->data, data->len);
    noisy = read_ok (path);
    g_assert_cmpuint (noisy->contacts->len + noisy->rejections->len, >=, 1);
  }

  g_assert_false (cn_vcard_read (missing, batch, NULL, NULL, NULL, &error));
  g_assert_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "missing.vcf"));

  cn_test_remove_tree (dir);
}

/* 200 MB of one line: refused from its first KiB; and a 200 MB property
 * inside a card: read through with flat memory, the card refused at the
 * property's line. */
static void
test_huge_line (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "huge.vcf", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CnImportBatch) batch = NULL;
  g_autoptr (GTimer) timer = NULL;
  glong rss_before;
  CnImportRejection *r;

  write_big_line (path, "", 200 * 1024 * 1024);
  rss_before = cn_test_max_rss_kib ();
  timer = g_timer_new ();
  assert_not_recognised (path);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 1.0);

  write_big_line (path, "BEGIN:VCARD\nVERSION:3.0\nFN:Huge Note\nNOTE:", 200 * 1024 * 1024);
  g_timer_start (timer);
  batch = read_ok (path);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 20.0);
  g_assert_cmpint (cn_test_max_rss_kib () - rss_before, <, 32 * 1024);
  g_assert_cmpuint (batch->contacts->len, ==, 0);
  g_assert_cmpuint (batch->rejections->len, ==, 1);
  r = batch->rejections->pdata[0];
  /* Named at the property's own line, where the connector must look. */
  g_assert_cmpuint (r->line, ==, 4);
  g_assert_nonnull (strstr (r->reason, "MiB"));

  g_unlink (path);
  cn_test_remove_tree (dir);
}

static void
count_progress (double fraction, gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

static void
test_cancel_and_progress (void)
{
  g_autofree char *path = cn_test_import_fixture ("vcard", "v30-apple.vcf");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr (GError) error = NULL;
  double last = 0;

  g_assert_true (cn_vcard_read (path, batch, NULL, count_progress, &last, &error));
  g_assert_cmpfloat (last, ==, 1.0);

  /* Cancelled: an error, and nothing appended. */
  g_cancellable_cancel (cancellable);
  g_assert_false (cn_vcard_read (path, batch, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (batch->contacts->len, ==, 2);
}

/* ---- The shared real-world files --------------------------------------- */

static void
test_shared_android_qp_fr (void)
{
  g_autofree char *path = cn_test_shared_fixture ("vcard", "cozy_android_qp_fr.vcf");
  g_autoptr (CnImportBatch) batch = NULL;
  CnImportContact *c;

  if (path == NULL)
    return;
  batch = read_ok (path);
  g_assert_cmpuint (batch->contacts->len, ==, 1);
  g_assert_cmpuint (batch->rejections->len, ==, 0);
  c = cn_test_batch_contact (batch, 0);
  g_assert_cmpstr (c->name, ==, "Testé de Cozy");
  g_assert_cmpstr (c->email, ==, "cozytest@cozycloud.cc");
  g_assert_cmpstr (c->company, ==, "Société Cozycloud");
  g_assert_cmpstr (c->position, ==, "Tésteur Fou");
  g_assert_cmpstr (c->notes, ==, "Something");
}

static void
test_shared_ios8_fr (void)
{
  g_autofree char *path = cn_test_shared_fixture ("vcard", "cozy_ios8_fr.vcf");
  g_autoptr (CnImportBatch) batch = NULL;
  CnImportContact *c;

  if (path == NULL)
    return;
  batch = read_ok (path);
  g_assert_cmpuint (batch->contacts->len, ==, 1);
  g_assert_cmpuint (batch->rejections->len, ==, 0);
  c = cn_test_batch_contact (batch, 0);
  g_assert_cmpstr (c->name, ==, "Testé de Cozy");
  g_assert_cmpstr (c->email, ==, "testcozy@cozycloud.cc");
  g_assert_cmpstr (c->company, ==, "Société Cozycloud");
  g_assert_cmpstr (c->notes, ==, "46b12,\n3ème étage droite.");
}

static void
test_shared_multiple_versions (void)
{
  g_autofree char *path = cn_test_shared_fixture ("vcard", "nodevcf_multiple_versions.vcf");
  g_autoptr (CnImportBatch) batch = NULL;

  if (path == NULL)
    return;
  batch = read_ok (path);
  g_assert_cmpuint (batch->contacts->len, ==, 3);
  g_assert_cmpuint (batch->rejections->len, ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      CnImportContact *c = cn_test_batch_contact (batch, i);

      g_assert_cmpstr (c->name, ==, "Dr. Erika Mustermann");
      g_assert_cmpstr (c->email, ==, "erika@mustermann.de");
      g_assert_cmpstr (c->company, ==, "Wikimedia");
      g_assert_cmpstr (c->position, ==, "Redaktion & Gestaltung");
    }
  g_assert_cmpuint (cn_test_batch_contact (batch, 1)->line, ==, 16);
  g_assert_cmpstr (cn_test_batch_contact (batch, 2)->profile_url, ==, "http://de.wikipedia.org/");
}

static void
test_shared_aosp_complicated (void)
{
  g_autofree char *path = cn_test_shared_fixture ("vcard", "aosp_v21_complicated.vcf");
  g_autoptr (CnImportBatch) batch = NULL;
  CnImportContact *c;

  if (path == NULL)
    return;
  batch = read_ok (path);
  g_assert_cmpuint (batch->contacts->len, ==, 1);
  g_assert_cmpuint (batch->rejections->len, ==, 0);
  c = cn_test_batch_contact (batch, 0);
  g_assert_cmpstr (c->name, ==, "Joe Due");
  g_assert_cmpstr (c->email, ==, "forrestgump@walladalla.com");
  g_assert_cmpstr (c->company, ==, "Gump Shrimp Co.");
  g_assert_cmpstr (c->position, ==, "Shrimp Man");
  g_assert_cmpstr (c->profile_url, ==, "http://www.example.com/");
  g_assert_cmpstr (c->notes, ==,
                   "The following note is the example from RFC 2045.\n"
                   "Now's the time for all folk to come to the aid of their country.");
}

static void
test_shared_outlook21 (void)
{
  g_autofree char *path = cn_test_shared_fixture ("vcard", "ezvcard_ms_outlook21.vcf");
  g_autoptr (CnImportBatch) batch = NULL;
  CnImportContact *c;

  if (path == NULL)
    return;
  batch = read_ok (path);
  g_assert_cmpuint (batch->contacts->len, ==, 1);
  g_assert_cmpuint (batch->rejections->len, ==, 0);
  c = cn_test_batch_contact (batch, 0);
  g_assert_cmpstr (c->name, ==, "Mr. John Richter James Doe Sr.");
  g_assert_cmpstr (c->email, ==, "john.doe@ibm.cm");
  g_assert_cmpstr (c->company, ==, "IBM");
  g_assert_cmpstr (c->position, ==, "Money Counter");
  g_assert_cmpstr (c->profile_url, ==, "http://www.ibm.com");
  g_assert_true (g_str_has_prefix (c->notes, "THIS SOFTWARE IS PROVIDED BY GEORGE EL-HADDAD"));
}

static void
test_shared_syncevolution (void)
{
  g_autofree char *path = cn_test_shared_fixture ("vcard", "syncevo_vcard21_multi.vcf");
  g_autoptr (CnImportBatch) batch = NULL;
  CnImportContact *c;

  if (path == NULL)
    return;
  batch = read_ok (path);
  g_assert_cmpuint (batch->contacts->len, ==, 16);
  g_assert_cmpuint (batch->rejections->len, ==, 0);

  c = find (batch, "incomplete"); /* EMAIL: empty */
  g_assert_null (c->email);
  g_assert_cmpuint (c->line, ==, 1);
  c = find (batch, "John Doe");
  g_assert_cmpstr (c->email, ==, "john.doe@work.com");
  g_assert_cmpstr (c->company, ==, "Test Inc.");
  g_assert_cmpstr (c->position, ==, "Senior Tester");
  g_assert_cmpstr (c->profile_url, ==, "http://john.doe.com");
  c = find (batch, "Ms. JPG"); /* after its photo */
  g_assert_null (c->position);
  find (batch, "Mr. First ; special ; middle Last");
  find (batch, "Umlaut Ä Ö Ü ß");
  c = find (batch, "line breaks");
  g_assert_true (g_str_has_prefix (c->notes, "This test case uses line breaks. This is line 1.\n"
                                             "Line 2.\n\nLine breaks in vcard 2.1 are encoded "
                                             "as =0D=0A."));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import-vcard/v21-quoted-printable", test_v21_quoted_printable);
  g_test_add_func ("/import-vcard/v30-apple", test_v30_apple);
  g_test_add_func ("/import-vcard/v40", test_v40);
  g_test_add_func ("/import-vcard/structure", test_structure);
  g_test_add_func ("/import-vcard/latin1-raw", test_latin1_raw);
  g_test_add_func ("/import-vcard/utf16", test_utf16);
  g_test_add_func ("/import-vcard/garbage", test_garbage);
  g_test_add_func ("/import-vcard/huge-line", test_huge_line);
  g_test_add_func ("/import-vcard/cancel-and-progress", test_cancel_and_progress);
  g_test_add_func ("/import-vcard/shared/android-qp-fr", test_shared_android_qp_fr);
  g_test_add_func ("/import-vcard/shared/ios8-fr", test_shared_ios8_fr);
  g_test_add_func ("/import-vcard/shared/multiple-versions", test_shared_multiple_versions);
  g_test_add_func ("/import-vcard/shared/aosp-complicated", test_shared_aosp_complicated);
  g_test_add_func ("/import-vcard/shared/outlook21", test_shared_outlook21);
  g_test_add_func ("/import-vcard/shared/syncevolution", test_shared_syncevolution);
  return g_test_run ();
}
