/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cn-csv.h"
#include "cn-test-utils.h"

/* All records of @reader as a "|"-joined line each, "\n"-separated, with
 * the line numbers as "N:" prefixes. */
static char *
dump (CnCsvReader *reader)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *const *fields;
  guint n;

  while (cn_csv_reader_next (reader, &n, &fields, &error))
    {
      g_autofree char *joined = g_strjoinv ("|", (char **) fields);

      g_assert_cmpuint (g_strv_length ((char **) fields), ==, n);
      g_string_append_printf (out, "%u:%s\n", cn_csv_reader_get_line (reader), joined);
    }
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
dump_bytes (const char *data, gsize len, char separator)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCsvReader) reader = cn_csv_reader_new_for_bytes (bytes, separator, &error);

  g_assert_no_error (error);
  return dump (reader);
}

static void
test_quoting (void)
{
  static const char data[] = "a,b,c\n"
                             "\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n"
                             ",,\n"
                             "\"\"\n"
                             "last,no newline";
  g_autofree char *out = dump_bytes (data, strlen (data), 0);

  g_assert_cmpstr (out, ==,
                   "1:a|b|c\n"
                   "2:x, y|say \"hi\"|two\nlines\n"
                   "4:||\n"
                   "5:\n"
                   "6:last|no newline\n");
}

static void
test_line_endings (void)
{
  static const char crlf[] = "a,b\r\n\"1\r\n2\",3\r\n\r\n4,5\r\n";
  static const char cr[] = "a,b\r\"1\r2\",3\r\r4,5\r";
  g_autofree char *out_crlf = dump_bytes (crlf, strlen (crlf), 0);
  g_autofree char *out_cr = dump_bytes (cr, strlen (cr), 0);

  /* Line breaks inside fields come back as \n; blank lines are skipped but
   * counted. */
  g_assert_cmpstr (out_crlf, ==, "1:a|b\n2:1\n2|3\n5:4|5\n");
  g_assert_cmpstr (out_cr, ==, out_crlf);
}

static void
test_lenient_quotes (void)
{
  static const char data[] = "ab\"c,\"quoted\"tail,x\n\"unterminated,y";
  g_autofree char *out = dump_bytes (data, strlen (data), 0);

  g_assert_cmpstr (out, ==, "1:ab\"c|quotedtail|x\n2:unterminated,y\n");
}

static void
test_separator_guess (void)
{
  static const char semi[] = "Name;Company;Note\n\"Dupont, Jean\";Acme;\"a;b\"\n";
  static const char tab[] = "Name\tCompany\n\"Doe, J\"\tAcme, Inc.\n";
  g_autofree char *out_semi = dump_bytes (semi, strlen (semi), 0);
  g_autofree char *out_tab = dump_bytes (tab, strlen (tab), 0);
  g_autofree char *forced = dump_bytes (semi, strlen (semi), ',');

  g_assert_cmpstr (out_semi, ==, "1:Name|Company|Note\n2:Dupont, Jean|Acme|a;b\n");
  g_assert_cmpstr (out_tab, ==, "1:Name|Company\n2:Doe, J|Acme, Inc.\n");
  g_assert_cmpstr (forced, ==, "1:Name;Company;Note\n2:Dupont, Jean;Acme;\"a;b\"\n");
}

static void
test_bom_crlf_file (void)
{
  g_autofree char *path = cn_test_import_fixture ("csv-reader", "bom-crlf.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCsvReader) reader = cn_csv_reader_new_for_path (path, 0, &error);
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (cn_csv_reader_get_encoding (reader), ==, "UTF-8");
  out = dump (reader);
  /* The BOM is not part of the first header. */
  g_assert_cmpstr (out, ==,
                   "1:Name|Note|City\n"
                   "2:Léa Martin|Says \"hello\",\nthen leaves|Lyon\n"
                   "5:Zoë Dubois||Orléans\n");
  g_assert_cmpuint (cn_csv_reader_get_offset (reader), ==, cn_csv_reader_get_size (reader));
  g_assert_cmpuint (cn_csv_reader_get_size (reader), ==, 95);
}

static void
test_cp1252_file (void)
{
  g_autofree char *path = cn_test_import_fixture ("csv-reader", "outlook-cp1252.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCsvReader) reader = cn_csv_reader_new_for_path (path, 0, &error);
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (cn_csv_reader_get_encoding (reader), ==, "WINDOWS-1252");
  g_assert_cmpint (cn_csv_reader_get_separator (reader), ==, ';');
  out = dump (reader);
  g_assert_cmpstr (out, ==,
                   "1:Prénom|Nom|Société\n"
                   "2:André|Lefèvre|Café & Co; SARL\n"
                   "3:Œdipe|Roi|Thèbes €\n");
}

static void
test_utf16 (void)
{
  g_autofree char *path = cn_test_import_fixture ("csv-reader", "utf16le.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCsvReader) reader = cn_csv_reader_new_for_path (path, 0, &error);
  g_autofree char *out = NULL;
  static const char text[] = "Nom,Ville\nGaëlle 🐝,Besançon\n";
  g_autofree gunichar2 *utf16 = NULL;
  glong n_units = 0;
  g_autofree guint8 *be = NULL, *le = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (cn_csv_reader_get_encoding (reader), ==, "UTF-16LE");
  out = dump (reader);
  g_assert_cmpstr (out, ==, "1:Name|Email\n2:Jürgen Weiß|jw@example.org\n");

  /* Without a BOM, in both byte orders, with a surrogate pair. */
  utf16 = g_utf8_to_utf16 (text, -1, NULL, &n_units, NULL);
  le = g_malloc (n_units * 2);
  be = g_malloc (n_units * 2);
  for (glong i = 0; i < n_units; i++)
    {
      le[2 * i] = utf16[i] & 0xFF;
      le[2 * i + 1] = utf16[i] >> 8;
      be[2 * i] = utf16[i] >> 8;
      be[2 * i + 1] = utf16[i] & 0xFF;
    }
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (k == 0 ? le : be, n_units * 2);
      g_autoptr(CnCsvReader) r = cn_csv_reader_new_for_bytes (bytes, 0, &error);
      g_autofree char *o = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (cn_csv_reader_get_encoding (r), ==, k == 0 ? "UTF-16LE" : "UTF-16BE");
      o = dump (r);
      g_assert_cmpstr (o, ==, "1:Nom|Ville\n2:Gaëlle 🐝|Besançon\n");
    }
}

/* A file that is UTF-8 for its first chunk and cp1252 later still comes out
 * as valid UTF-8. */
static void
test_late_cp1252 (void)
{
  g_autoptr(GString) data = g_string_new ("name,city\n");
  g_autofree char *out = NULL;
  g_autofree char *last = NULL;
  char *nl;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (data, "Émile %u,Nîmes\n", i);
  g_string_append (data, "Ren\xe9,S\xe8te\n");
  out = dump_bytes (data->str, data->len, 0);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  out[strlen (out) - 1] = '\0';
  nl = strrchr (out, '\n');
  last = g_strdup (nl + 1);
  g_assert_cmpstr (last, ==, "5002:René|Sète");
}

static void
assert_refused (const guint8 *data, gsize len)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCsvReader) reader = cn_csv_reader_new_for_bytes (bytes, 0, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (reader);
}

static void
test_binary (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0,    0,   0,
                                13,   'I', 'H', 'D', 'R',  0,    0,    1,    0,    0,   0,
                                1,    0,   8,   6,   0,    0,    0,    0x1f, 0x15, 0xc4 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree guint8 *noise = g_malloc (100000);
  static const guint8 controls[] = "a,b\x01\x02\x03\x04\x05\x06\n";

  assert_refused (png, sizeof png);
  for (guint i = 0; i < 100000; i++)
    noise[i] = g_rand_int_range (rand, 0, 256);
  assert_refused (noise, 100000);
  assert_refused (controls, sizeof controls - 1);
}

static void
test_too_many_fields (void)
{
  g_autoptr(GString) data = g_string_new ("a,b\n1,2\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCsvReader) reader = NULL;
  guint n = 0;

  for (guint i = 0; i < 10000; i++)
    g_string_append (data, i ? ",x" : "x");
  g_string_append (data, "\n3,4\n");
  bytes = g_string_free_to_bytes (g_steal_pointer (&data));
  reader = cn_csv_reader_new_for_bytes (bytes, 0, &error);
  g_assert_no_error (error);
  g_assert_true (cn_csv_reader_next (reader, &n, NULL, &error));
  g_assert_true (cn_csv_reader_next (reader, &n, NULL, &error));
  g_assert_false (cn_csv_reader_next (reader, &n, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "3"));
  /* It stays stopped rather than read on in the middle of a record. */
  g_clear_error (&error);
  g_assert_false (cn_csv_reader_next (reader, &n, NULL, &error));
  g_assert_no_error (error);
}

/* 200 MB on one line: refused at the first MiB, quickly. */
static void
test_huge_line (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "huge.csv", NULL);
  g_autofree char *chunk = g_malloc (1024 * 1024);
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCsvReader) reader = NULL;
  FILE *f = fopen (path, "wb");
  gint64 start;
  guint n;

  g_assert_nonnull (f);
  memset (chunk, 'a', 1024 * 1024);
  fputs ("header\n", f);
  for (guint i = 0; i < 200; i++)
    g_assert_cmpuint (fwrite (chunk, 1, 1024 * 1024, f), ==, 1024 * 1024);
  fclose (f);

  start = g_get_monotonic_time ();
  reader = cn_csv_reader_new_for_path (path, 0, &error);
  g_assert_no_error (error);
  g_assert_true (cn_csv_reader_next (reader, &n, NULL, &error));
  g_assert_false (cn_csv_reader_next (reader, &n, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "2"));
  g_assert_cmpuint (cn_csv_reader_get_offset (reader), <, 4 * 1024 * 1024);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_clear_pointer (&reader, cn_csv_reader_free);
  cn_test_remove_tree (dir);
}

static void
test_empty (void)
{
  g_autofree char *out = dump_bytes ("", 0, 0);
  g_autofree char *blank = dump_bytes ("\n\r\n\n", 4, 0);

  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (blank, ==, "");
}

static char *
random_field (GRand *rand)
{
  static const char *const pieces[] = { "a",    "Z", " ", ",", ";",    "\t",   "\"", "\n",
                                        "\r\n", "é", "€", "🐝", "x\"y", "\"\"", "0" };
  g_autoptr(GString) field = g_string_new (NULL);
  guint len = g_rand_int_range (rand, 0, 12);

  for (guint i = 0; i < len; i++)
    g_string_append (field, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  return g_string_free (g_steal_pointer (&field), FALSE);
}

static void
write_field (GString *out, const char *field, char sep)
{
  if (*field == '\0' || strpbrk (field, "\"\r\n") != NULL || strchr (field, sep) != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = field; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, field);
}

/* Random fields written with quoting read back identically (with line
 * breaks inside fields as \n), whatever the separator and line ending. */
static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);

  for (guint round = 0; round < 200; round++)
    {
      static const char seps[] = { ',', ';', '\t' };
      char sep = seps[round % 3];
      const char *eol = round % 2 ? "\r\n" : "\n";
      guint n_records = g_rand_int_range (rand, 1, 20);
      guint n_fields = g_rand_int_range (rand, 1, 8);
      g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GString) data = g_string_new (NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(CnCsvReader) reader = NULL;
      const char *const *fields;
      guint n;

      for (guint r = 0; r < n_records; r++)
        for (guint f = 0; f < n_fields; f++)
          {
            char *field = random_field (rand);

            write_field (data, field, sep);
            g_string_append (data, f + 1 < n_fields ? (char[]){ sep, 0 } : eol);
            g_ptr_array_add (expected, field);
          }
      bytes = g_string_free_to_bytes (g_steal_pointer (&data));
      reader = cn_csv_reader_new_for_bytes (bytes, sep, &error);
      g_assert_no_error (error);
      for (guint r = 0; r < n_records; r++)
        {
          g_assert_true (cn_csv_reader_next (reader, &n, &fields, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (n, ==, n_fields);
          for (guint f = 0; f < n_fields; f++)
            {
              g_autoptr(GRegex) crlf = g_regex_new ("\r\n", 0, 0, NULL);
              g_autofree char *want = g_regex_replace_literal (crlf,
                                                               g_ptr_array_index (expected,
                                                                                  r * n_fields + f),
                                                               -1, 0, "\n", 0, NULL);

              g_assert_cmpstr (fields[f], ==, want);
            }
        }
      g_assert_false (cn_csv_reader_next (reader, &n, &fields, &error));
      g_assert_no_error (error);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/quoting", test_quoting);
  g_test_add_func ("/csv/line-endings", test_line_endings);
  g_test_add_func ("/csv/lenient-quotes", test_lenient_quotes);
  g_test_add_func ("/csv/separator-guess", test_separator_guess);
  g_test_add_func ("/csv/bom-crlf-file", test_bom_crlf_file);
  g_test_add_func ("/csv/cp1252-file", test_cp1252_file);
  g_test_add_func ("/csv/utf16", test_utf16);
  g_test_add_func ("/csv/late-cp1252", test_late_cp1252);
  g_test_add_func ("/csv/binary", test_binary);
  g_test_add_func ("/csv/too-many-fields", test_too_many_fields);
  g_test_add_func ("/csv/huge-line", test_huge_line);
  g_test_add_func ("/csv/empty", test_empty);
  g_test_add_func ("/csv/round-trip", test_round_trip);
  return g_test_run ();
}
