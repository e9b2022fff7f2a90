/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cn-import.h"
#include "cn-linkedin-date.h"
#include "cn-test-utils.h"
#include "cn-zip.h"

/* Internal to cn-import-linkedin.c, tested here. */
#include "cn-linkedin-text.h"

static char *
fixture (const char *name)
{
  const char *root = g_getenv ("CONNECTEUR_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "tests", "fixtures", "import", "linkedin", name, NULL);
}

static gint64
utc (int year, int month, int day, int hour, int minute, int second)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (year, month, day, hour, minute, second);

  return g_date_time_to_unix (time);
}

static CnImportBatch *
read_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  CnImportBatch *batch = cn_import_batch_new ();

  g_assert_true (cn_linkedin_read (path, batch, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return batch;
}

static void
assert_contact (CnImportBatch *batch,
                guint index,
                const char *name,
                const char *email,
                const char *url,
                const char *company,
                const char *position,
                const char *file,
                guint line)
{
  CnImportContact *contact;

  g_assert_cmpuint (index, <, batch->contacts->len);
  contact = g_ptr_array_index (batch->contacts, index);
  g_assert_cmpstr (contact->name, ==, name);
  g_assert_cmpstr (contact->email, ==, email);
  g_assert_cmpstr (contact->profile_url, ==, url);
  g_assert_cmpstr (contact->company, ==, company);
  g_assert_cmpstr (contact->position, ==, position);
  g_assert_cmpstr (contact->file, ==, file);
  g_assert_cmpuint (contact->line, ==, line);
}

static void
assert_request (CnImportBatch *batch,
                guint index,
                const char *requester,
                const char *url,
                gint64 received_at,
                const char *note,
                const char *source_ref,
                const char *file,
                guint line)
{
  CnImportRequest *request;

  g_assert_cmpuint (index, <, batch->requests->len);
  request = g_ptr_array_index (batch->requests, index);
  g_assert_cmpstr (request->requester_name, ==, requester);
  g_assert_cmpstr (request->requester_profile_url, ==, url);
  g_assert_cmpint (request->received_at, ==, received_at);
  g_assert_cmpstr (request->note_to_connector, ==, note);
  g_assert_cmpstr (request->source, ==, "linkedin");
  g_assert_cmpstr (request->source_ref, ==, source_ref);
  g_assert_cmpstr (request->file, ==, file);
  g_assert_cmpuint (request->line, ==, line);
  g_assert_null (request->note_to_target);
}

static void
assert_rejection (
    CnImportBatch *batch, guint index, const char *file, guint line, const char *reason_part)
{
  CnImportRejection *rejection;

  g_assert_cmpuint (index, <, batch->rejections->len);
  rejection = g_ptr_array_index (batch->rejections, index);
  g_assert_cmpstr (rejection->file, ==, file);
  g_assert_cmpuint (rejection->line, ==, line);
  if (strstr (rejection->reason, reason_part) == NULL)
    g_error ("rejection “%s” lacks “%s”", rejection->reason, reason_part);
}

/* Dates and text */

static void
test_dates (void)
{
  g_assert_cmpint (_cn_linkedin_parse_date ("30 May 2024"), ==, utc (2024, 5, 30, 0, 0, 0));
  g_assert_cmpint (_cn_linkedin_parse_date ("03 Feb 2024"), ==, utc (2024, 2, 3, 0, 0, 0));
  g_assert_cmpint (_cn_linkedin_parse_date ("2023-06-11 15:33:58 UTC"), ==,
                   utc (2023, 6, 11, 15, 33, 58));
  g_assert_cmpint (_cn_linkedin_parse_date ("2024-05-30"), ==, utc (2024, 5, 30, 0, 0, 0));
  g_assert_cmpint (_cn_linkedin_parse_date ("2024-05-30T08:01:02Z"), ==,
                   utc (2024, 5, 30, 8, 1, 2));
  /* US order, two-digit year, 12-hour clock. */
  g_assert_cmpint (_cn_linkedin_parse_date ("1/8/18, 6:14 PM"), ==, utc (2018, 1, 8, 18, 14, 0));
  g_assert_cmpint (_cn_linkedin_parse_date ("9/20/26, 10:15 AM"), ==, utc (2026, 9, 20, 10, 15, 0));
  g_assert_cmpint (_cn_linkedin_parse_date ("12/31/2019, 12:05 AM"), ==,
                   utc (2019, 12, 31, 0, 5, 0));
  g_assert_cmpint (_cn_linkedin_parse_date ("1/8/18, 12:00 PM"), ==, utc (2018, 1, 8, 12, 0, 0));
  g_assert_cmpint (_cn_linkedin_parse_date ("01-Jul-25"), ==, utc (2025, 7, 1, 0, 0, 0));
  g_assert_cmpint (_cn_linkedin_parse_date (" 15 January 2024 "), ==, utc (2024, 1, 15, 0, 0, 0));

  /* Unknown or impossible: 0, never a guess. */
  g_assert_cmpint (_cn_linkedin_parse_date (""), ==, 0);
  g_assert_cmpint (_cn_linkedin_parse_date (NULL), ==, 0);
  g_assert_cmpint (_cn_linkedin_parse_date ("yesterday"), ==, 0);
  g_assert_cmpint (_cn_linkedin_parse_date ("31 Feb 2024"), ==, 0);
  g_assert_cmpint (_cn_linkedin_parse_date ("13/40/20, 1:00 PM"), ==, 0);
  g_assert_cmpint (_cn_linkedin_parse_date ("30 Foo 2024"), ==, 0);
  g_assert_cmpint (_cn_linkedin_parse_date ("2024-05-30 nonsense"), ==, 0);
  g_assert_cmpint (_cn_linkedin_parse_date ("1/8/18, 13:00 PM"), ==, 0);
}

static void
test_html (void)
{
  static const struct
  {
    const char *in, *out;
  } cases[] = {
    { "Tom &amp; Jerry", "Tom & Jerry" },
    { "I&#39;d &quot;like&quot; &lt;this&gt;", "I'd \"like\" <this>" },
    { "a&nbsp;b &#x2019; &#8217;", "a b \u2019 \u2019" },
    { "one<br>two<br/>three<BR />four", "one\ntwo\nthree\nfour" },
    { "<p>First</p><p>Second <b>bold</b></p>", "First\n\nSecond bold" },
    { "a < b and c > d, <3", "a < b and c > d, <3" },
    { "keep &unknown; and & alone", "keep &unknown; and & alone" },
    { "  spaced  <br><br><br><br>  out  ", "spaced\n\nout" },
    { "<a href=\"https://example.org\">link</a> text", "link text" },
    { "&#0; &#xD800; &#99999999999;", "\uFFFD \uFFFD &#99999999999;" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = _cn_linkedin_decode_html (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_target_hint (void)
{
  static const struct
  {
    const char *in, *out;
  } cases[] = {
    { "Could you introduce me to Amélie Poulain? Thanks", "Amélie Poulain" },
    { "Would you INTRODUCE ME TO Søren Kierkegaard-Østergaard, please",
      "Søren Kierkegaard-Østergaard" },
    { "Pourriez-vous me mettre en relation avec Charles de Gaulle ?", "Charles de Gaulle" },
    { "an introduction to Zoë.", "Zoë" },
    { "Could you introduce me to your colleague in charge of hiring?", NULL },
    { "Just saying hello", NULL },
    { "put me in touch with de la", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = _cn_linkedin_target_hint (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* Our fixtures */

static void
assert_export (CnImportBatch *batch)
{
  static const char *const conv1 = "Introduction?\n\n"
                                   "Bonjour Claire,\nCould you introduce me to Amélie Poulain?\n\n"
                                   "We build \"smart\" cafés <3\n\n"
                                   "PS: she's at Deux Moulins & Co.";

  /* Connections: Notes preamble of 4 lines, BOM, CRLF, quoted commas,
   * quotes and line breaks (a position is one line: the break becomes a
   * space), a row blank but for a date (skipped), one without a name and one
   * junk row (rejected), a trailing comma. */
  g_assert_cmpuint (batch->contacts->len, ==, 5);
  assert_contact (batch, 0, "Amélie Poulain", "amelie@example.org",
                  "https://www.linkedin.com/in/amelie-poulain", "Deux Moulins, SARL", "Serveuse",
                  "Connections.csv", 6);
  assert_contact (batch, 1, "Søren Kierkegaard-Østergaard", NULL,
                  "https://www.linkedin.com/in/soren-ko", "Høj Consulting", "Partner, Strategy",
                  "Connections.csv", 7);
  assert_contact (batch, 2, "Zoë Ngọc", "zoe@example.net", "https://www.linkedin.com/in/zoe-ngoc",
                  "Nova \"Labs\"", "Head of Research and Teaching", "Connections.csv", 8);
  assert_contact (batch, 3, "Jürgen", NULL, "https://www.linkedin.com/in/jurgen", "Müller GmbH",
                  "CTO", "Connections.csv", 13);
  assert_contact (batch, 4, "Marc Dubois", "marc@example.fr",
                  "https://www.linkedin.com/in/marc-dubois", "Acme", "Ingénieur", "Connections.csv",
                  14);

  /* Invitations first (they name the owner), then one request per
   * conversation with incoming messages, oldest first. */
  g_assert_cmpuint (batch->requests->len, ==, 3);
  assert_request (batch, 0, "Théo Garnier", "https://www.linkedin.com/in/theo-garnier",
                  utc (2018, 1, 8, 18, 14, 0),
                  "Hello Claire, could you put me in touch with Søren? Merci !",
                  "linkedin:invitation:Théo Garnier:1/8/18, 6:14 PM", "Invitations.csv", 2);
  assert_request (batch, 1, "Hugo Lambert", "https://www.linkedin.com/in/hugo-lambert",
                  utc (2024, 6, 11, 15, 33, 58), conv1, "linkedin:conversation:conv-1",
                  "messages.csv", 4);
  assert_request (batch, 2, "Inès Moreau", "https://www.linkedin.com/in/ines-moreau",
                  utc (2023, 1, 8, 12, 0, 0),
                  "Inès Moreau: Multi-line\nmessage, with a comma\n\nPaul Girard: Count me in.",
                  "linkedin:conversation:conv-2", "messages.csv", 6);

  g_assert_cmpstr (((CnImportRequest *) batch->requests->pdata[0])->target_hint, ==, "Søren");
  g_assert_cmpstr (((CnImportRequest *) batch->requests->pdata[1])->target_hint, ==,
                   "Amélie Poulain");
  g_assert_null (((CnImportRequest *) batch->requests->pdata[2])->target_hint);

  g_assert_cmpuint (batch->rejections->len, ==, 5);
  assert_rejection (batch, 0, "Invitations.csv", 6, "neither incoming nor outgoing");
  assert_rejection (batch, 1, "Connections.csv", 11, "no name");
  assert_rejection (batch, 2, "Connections.csv", 12, "2 fields where the header has 7");
  assert_rejection (batch, 3, "messages.csv", 11, "without a sender");
  assert_rejection (batch, 4, "messages.csv", 13, "2 fields where the header has 11");
}

static void
test_folder (void)
{
  g_autofree char *path = fixture ("export");
  g_autoptr(CnImportBatch) batch = read_ok (path);

  assert_export (batch);
}

static void
test_old_export (void)
{
  g_autofree char *path = fixture ("old");
  g_autoptr(CnImportBatch) batch = read_ok (path);

  /* No URL column, 10-column messages, 5-column invitations. */
  g_assert_cmpuint (batch->contacts->len, ==, 2);
  assert_contact (batch, 0, "François Léger", "francois@example.org", NULL, "Atelier Léger, SA",
                  "Peintre", "Connections.csv", 5);
  assert_contact (batch, 1, "Ana Ibáñez", NULL, NULL, "Ibáñez & Hijos", "Directora",
                  "Connections.csv", 6);
  g_assert_cmpuint (batch->requests->len, ==, 2);
  assert_request (batch, 0, "Chloé Martin", NULL, utc (2025, 7, 1, 0, 0, 0),
                  "Ravie de vous rencontrer à Lyon.", "linkedin:invitation:Chloé Martin:01-Jul-25",
                  "Invitations.csv", 2);
  assert_request (batch, 1, "Bruno Keller", "https://www.linkedin.com/in/bruno-keller",
                  utc (2019, 3, 5, 9, 0, 0), "Would you introduce me to Ana Ibáñez?",
                  "linkedin:conversation:old-1", "messages.csv", 2);
  g_assert_cmpstr (((CnImportRequest *) batch->requests->pdata[1])->target_hint, ==, "Ana Ibáñez");
  g_assert_cmpuint (batch->rejections->len, ==, 0);
}

/* Each file alone is recognised by its header; the messages' owner is then
 * guessed from the conversations. */
static void
test_single_files (void)
{
  g_autofree char *connections = fixture ("export/Connections.csv");
  g_autofree char *messages = fixture ("export/messages.csv");
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *renamed = g_build_filename (dir, "whatever.txt", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  {
    g_autoptr(CnImportBatch) batch = read_ok (connections);

    g_assert_cmpuint (batch->contacts->len, ==, 5);
    g_assert_cmpuint (batch->requests->len, ==, 0);
    g_assert_cmpuint (batch->rejections->len, ==, 2);
  }

  /* Recognised by its header, not its name. */
  g_assert_true (g_file_get_contents (messages, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (renamed, contents, len, NULL));
  {
    g_autoptr(CnImportBatch) batch = read_ok (renamed);

    g_assert_cmpuint (batch->contacts->len, ==, 0);
    g_assert_cmpuint (batch->requests->len, ==, 2);
    g_assert_cmpstr (((CnImportRequest *) batch->requests->pdata[0])->requester_name, ==,
                     "Hugo Lambert");
    g_assert_cmpstr (((CnImportRequest *) batch->requests->pdata[0])->file, ==, "whatever.txt");
    g_assert_cmpstr (((CnImportRequest *) batch->requests->pdata[1])->requester_name, ==,
                     "Inès Moreau");
  }
  cn_test_remove_tree (dir);
}

/* Profile.csv names the owner even when the messages would suggest another. */
static void
test_profile_names_owner (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *messages = g_build_filename (dir, "messages.csv", NULL);
  g_autofree char *profile = g_build_filename (dir, "Profile.csv", NULL);
  static const char data[] =
      "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,"
      "FOLDER,ATTACHMENTS\n"
      "x,,Olga Petrova,,Yann Le Gall,2022-02-02 10:00:00 UTC,,Hello Yann,INBOX,\n"
      "x,,Yann Le Gall,,Olga Petrova,2022-02-02 11:00:00 UTC,,Hello Olga,INBOX,\n";

  g_assert_true (g_file_set_contents (messages, data, -1, NULL));
  {
    /* Without a profile: a tie, broken by who is addressed first. */
    g_autoptr(CnImportBatch) batch = read_ok (messages);

    g_assert_cmpuint (batch->requests->len, ==, 1);
    g_assert_cmpstr (((CnImportRequest *) batch->requests->pdata[0])->requester_name, ==,
                     "Olga Petrova");
  }
  g_assert_true (
      g_file_set_contents (profile,
                           "First Name,Last Name,Maiden Name,Headline\nOlga,Petrova,,Engineer\n",
                           -1, NULL));
  {
    g_autoptr(CnImportBatch) batch = read_ok (messages);

    g_assert_cmpuint (batch->requests->len, ==, 1);
    g_assert_cmpstr (((CnImportRequest *) batch->requests->pdata[0])->requester_name, ==,
                     "Yann Le Gall");
    g_assert_cmpstr (((CnImportRequest *) batch->requests->pdata[0])->note_to_connector, ==,
                     "Hello Olga");
  }
  cn_test_remove_tree (dir);
}

/* A conversation's messages need not follow each other in the file: they
 * make one request all the same. */
static void
test_conversation_interleaved (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *messages = g_build_filename (dir, "messages.csv", NULL);
  static const char data[] =
      "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,"
      "FOLDER,ATTACHMENTS\n"
      "a,,Ann Lee,,Olga Petrova,2022-02-02 10:00:00 UTC,,First from Ann,INBOX,\n"
      "b,,Bo Chen,,Olga Petrova,2022-02-02 10:30:00 UTC,,Hello from Bo,INBOX,\n"
      " a ,,Ann Lee,,Olga Petrova,2022-02-02 11:00:00 UTC,,Second from Ann,INBOX,\n";
  g_autoptr(CnImportBatch) batch = NULL;
  CnImportRequest *request;

  g_assert_true (g_file_set_contents (messages, data, -1, NULL));
  batch = read_ok (messages);
  g_assert_cmpuint (batch->requests->len, ==, 2);
  request = batch->requests->pdata[0];
  g_assert_cmpstr (request->requester_name, ==, "Ann Lee");
  g_assert_cmpstr (request->note_to_connector, ==, "First from Ann\n\nSecond from Ann");
  g_assert_cmpstr (request->source_ref, ==, "linkedin:conversation:a");
  request = batch->requests->pdata[1];
  g_assert_cmpstr (request->requester_name, ==, "Bo Chen");
  g_assert_cmpstr (request->note_to_connector, ==, "Hello from Bo");
  cn_test_remove_tree (dir);
}

/* The owner is known by the name's key (cn_text_fold_words()): the
 * messages may write it without its accents, or with "ss" for "ß". */
static void
test_owner_name_folded (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *messages = g_build_filename (dir, "messages.csv", NULL);
  g_autofree char *profile = g_build_filename (dir, "Profile.csv", NULL);
  static const char data[] =
      "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,"
      "FOLDER,ATTACHMENTS\n"
      "x,,JORG STRAUSS,,Olga Petrova,2022-02-02 10:00:00 UTC,,Hello Olga,INBOX,\n"
      "x,,Olga Petrova,,jorg strauss,2022-02-02 11:00:00 UTC,,Hello Jörg,INBOX,\n";
  g_autoptr(CnImportBatch) batch = NULL;

  g_assert_true (g_file_set_contents (messages, data, -1, NULL));
  g_assert_true (
      g_file_set_contents (profile,
                           "First Name,Last Name,Maiden Name,Headline\nJörg,Strauß,,Engineer\n", -1,
                           NULL));
  batch = read_ok (messages);
  g_assert_cmpuint (batch->requests->len, ==, 1);
  g_assert_cmpstr (((CnImportRequest *) batch->requests->pdata[0])->requester_name, ==,
                   "Olga Petrova");
  g_assert_cmpstr (((CnImportRequest *) batch->requests->pdata[0])->note_to_connector, ==,
                   "Hello Jörg");
  cn_test_remove_tree (dir);
}

static gboolean
copy_file (const char *from, const char *to)
{
  g_autofree char *contents = NULL;
  gsize len;

  return g_file_get_contents (from, &contents, &len, NULL) &&
         g_file_set_contents (to, contents, len, NULL);
}

/* Files one folder down, their names in another case, read the same. */
static void
test_nested_folder (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *sub = g_build_filename (dir, "Basic_LinkedInDataExport_06-12-2024", NULL);
  static const char *const names[][2] = { { "Connections.csv", "CONNECTIONS.csv" },
                                          { "messages.csv", "Messages.CSV" },
                                          { "Invitations.csv", "invitations.csv" } };

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *from_dir = fixture ("export");
      g_autofree char *from = g_build_filename (from_dir, names[i][0], NULL);
      g_autofree char *to = g_build_filename (sub, names[i][1], NULL);

      g_assert_true (copy_file (from, to));
    }
  {
    g_autoptr(CnImportBatch) batch = read_ok (dir);

    g_assert_cmpuint (batch->contacts->len, ==, 5);
    g_assert_cmpuint (batch->requests->len, ==, 3);
    g_assert_cmpstr (((CnImportContact *) batch->contacts->pdata[0])->file, ==, "CONNECTIONS.csv");
  }
  cn_test_remove_tree (dir);
}

/* Not LinkedIn: refused as such, and the batch keeps what it had. */
static void
test_not_recognised (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *png = g_build_filename (dir, "Connections.csv", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.csv", NULL);
  g_autofree char *empty_dir = g_build_filename (dir, "empty", NULL);
  g_autofree char *outlook = g_build_filename (dir, "outlook.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.csv", NULL);
  static const guint8 png_bytes[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13,
                                      'I',  'H', 'D', 'R', 0,    0,    1,    0,    0, 0, 1, 0 };
  const char *paths[] = { png, text, empty_dir, outlook };
  g_autoptr(CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (png, (const char *) png_bytes, sizeof png_bytes, NULL));
  g_assert_true (g_file_set_contents (text, "Name,Phone\nAda,123\n", -1, NULL));
  g_assert_true (g_file_set_contents (outlook,
                                      "First Name,Middle Name,Last Name,Company,E-mail Address\n"
                                      "Ada,,Lovelace,Engines,ada@example.org\n",
                                      -1, NULL));
  g_assert_cmpint (g_mkdir (empty_dir, 0700), ==, 0);
  {
    CnImportContact *kept = cn_import_contact_new ();

    kept->name = g_strdup ("Kept Earlier");
    cn_import_batch_add_contact (batch, kept);
  }
  cn_import_batch_reject (batch, "x", 1, "kept");

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_assert_false (cn_linkedin_read (paths[i], batch, NULL, NULL, NULL, &error));
      g_assert_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED);
      g_clear_error (&error);
    }
  g_assert_false (cn_linkedin_read (missing, batch, NULL, NULL, NULL, &error));
  g_assert_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_READ);
  g_clear_error (&error);
  g_assert_cmpuint (batch->contacts->len, ==, 1);
  g_assert_cmpuint (batch->requests->len, ==, 0);
  g_assert_cmpuint (batch->rejections->len, ==, 1);
  cn_test_remove_tree (dir);
}

/* Garbage given as a LinkedIn file: a clear error, quickly, no crash. */
static void
test_garbage (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *random = g_build_filename (dir, "random.csv", NULL);
  g_autofree char *wide = g_build_filename (dir, "wide.csv", NULL);
  g_autofree guint8 *noise = g_malloc (65536);
  g_autoptr(GString) columns = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  g_autoptr(CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 65536; i++)
    noise[i] = g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (random, (const char *) noise, 65536, NULL));
  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (columns, "c%u,", i);
  g_string_append (columns, "\n1,2\n");
  g_assert_true (g_file_set_contents (wide, columns->str, columns->len, NULL));

  g_assert_false (cn_linkedin_read (random, batch, NULL, NULL, NULL, &error));
  g_assert_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED);
  g_clear_error (&error);
  g_assert_false (cn_linkedin_read (wide, batch, NULL, NULL, NULL, &error));
  g_assert_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_TOO_BIG);
  g_assert_nonnull (strstr (error->message, "wide.csv"));
  g_clear_error (&error);
  g_assert_cmpuint (batch->contacts->len + batch->requests->len + batch->rejections->len, ==, 0);
  cn_test_remove_tree (dir);
}

/* A named export file that is not what it claims fails the whole read, and
 * what the other files gave is taken back. */
static void
test_broken_file_in_export (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *connections = g_build_filename (dir, "Connections.csv", NULL);
  g_autofree char *messages = g_build_filename (dir, "messages.csv", NULL);
  g_autofree char *from = fixture ("export/Connections.csv");
  g_autoptr(GString) huge = g_string_new ("CONVERSATION ID,FROM,CONTENT\nc,Ann,\"");
  g_autoptr(CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (copy_file (from, connections));
  g_assert_true (g_file_set_contents (messages, "just some words\nand more\n", -1, NULL));
  g_assert_false (cn_linkedin_read (dir, batch, NULL, NULL, NULL, &error));
  g_assert_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "messages.csv"));
  g_clear_error (&error);
  g_assert_cmpuint (batch->contacts->len, ==, 0);
  g_assert_cmpuint (batch->rejections->len, ==, 0);

  /* A message over 1 MiB: too big, naming file and line. */
  for (guint i = 0; i < 150000; i++)
    g_string_append (huge, "blah blah ");
  g_assert_true (g_file_set_contents (messages, huge->str, huge->len, NULL));
  g_assert_false (cn_linkedin_read (dir, batch, NULL, NULL, NULL, &error));
  g_assert_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_TOO_BIG);
  g_assert_nonnull (strstr (error->message, "messages.csv"));
  g_assert_nonnull (strstr (error->message, "2"));
  g_assert_cmpuint (batch->contacts->len, ==, 0);
  cn_test_remove_tree (dir);
}

static void
on_progress (double fraction, gpointer user_data)
{
  GArray *fractions = user_data;

  g_array_append_val (fractions, fraction);
}

static void
test_progress_and_cancel (void)
{
  g_autofree char *path = fixture ("export");
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (cn_linkedin_read (path, batch, NULL, on_progress, fractions, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fractions->len, >=, 3);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=,
                       g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);

  g_clear_pointer (&batch, cn_import_batch_free);
  batch = cn_import_batch_new ();
  g_cancellable_cancel (cancellable);
  g_assert_false (cn_linkedin_read (path, batch, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (batch->contacts->len + batch->requests->len + batch->rejections->len, ==, 0);
}

/* Many rows: every one read, Cancel honoured mid-file. */
static void
test_many_rows (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "Connections.csv", NULL);
  g_autoptr(GString) data = g_string_new ("First Name,Last Name,URL,Email Address,Company,"
                                           "Position,Connected On\n");
  g_autoptr(CnImportBatch) batch = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (data,
                            "Person,N%u,https://www.linkedin.com/in/p%u,,Co %u,Role,"
                            "01 Jan 2020\n",
                            i, i, i % 7);
  g_assert_true (g_file_set_contents (path, data->str, data->len, NULL));
  batch = read_ok (path);
  g_assert_cmpuint (batch->contacts->len, ==, 20000);
  assert_contact (batch, 19999, "Person N19999", NULL, "https://www.linkedin.com/in/p19999", "Co 0",
                  "Role", "Connections.csv", 20001);
  cn_test_remove_tree (dir);
}

/* Zip */

static gboolean
have_python (void)
{
  g_autofree char *python = g_find_program_in_path ("python3");

  return python != NULL;
}

/* Runs a python3 snippet with @args; FALSE when python3 cannot make zips. */
static void
python (const char *code, const char *arg1, const char *arg2)
{
  const char *argv[] = { "python3", "-c", code, arg1, arg2, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Zips the folder @dir under the prefix "Basic_LinkedInDataExport/". */
#define ZIP_FOLDER                                                                                 \
  "import os, sys, zipfile\n"                                                                      \
  "with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:\n"                           \
  "    z.writestr('Basic_LinkedInDataExport/', '')\n"                                              \
  "    for n in sorted(os.listdir(sys.argv[1])):\n"                                                \
  "        z.write(os.path.join(sys.argv[1], n), 'Basic_LinkedInDataExport/' + n)\n"               \
  "    z.writestr('Basic_LinkedInDataExport/Rich_Media.txt', 'x' * 1000,\n"                        \
  "               compress_type=zipfile.ZIP_STORED)\n"

static void
assert_same_batches (CnImportBatch *a, CnImportBatch *b)
{
  g_assert_cmpuint (a->contacts->len, ==, b->contacts->len);
  g_assert_cmpuint (a->requests->len, ==, b->requests->len);
  g_assert_cmpuint (a->rejections->len, ==, b->rejections->len);
  for (guint i = 0; i < a->contacts->len; i++)
    {
      CnImportContact *x = a->contacts->pdata[i], *y = b->contacts->pdata[i];

      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->email, ==, y->email);
      g_assert_cmpstr (x->company, ==, y->company);
      g_assert_cmpstr (x->file, ==, y->file);
      g_assert_cmpuint (x->line, ==, y->line);
    }
  for (guint i = 0; i < a->requests->len; i++)
    {
      CnImportRequest *x = a->requests->pdata[i], *y = b->requests->pdata[i];

      g_assert_cmpstr (x->requester_name, ==, y->requester_name);
      g_assert_cmpstr (x->note_to_connector, ==, y->note_to_connector);
      g_assert_cmpstr (x->source_ref, ==, y->source_ref);
      g_assert_cmpint (x->received_at, ==, y->received_at);
    }
  for (guint i = 0; i < a->rejections->len; i++)
    {
      CnImportRejection *x = a->rejections->pdata[i], *y = b->rejections->pdata[i];

      g_assert_cmpstr (x->reason, ==, y->reason);
      g_assert_cmpuint (x->line, ==, y->line);
    }
}

static void
test_zip_export (void)
{
  g_autofree char *folder = fixture ("export");
  g_autofree char *dir = NULL;
  g_autofree char *zip_path = NULL;
  g_autoptr(CnImportBatch) from_folder = NULL;
  g_autoptr(CnImportBatch) from_zip = NULL;
  g_autoptr(CnZip) zip = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  int index;

  if (!have_python ())
    {
      g_test_skip ("python3 is needed to write zip files");
      return;
    }
  dir = cn_test_make_tmpdir ();
  zip_path = g_build_filename (dir, "Basic_LinkedInDataExport_06-12-2024.zip", NULL);
  python (ZIP_FOLDER, folder, zip_path);

  zip = cn_zip_open (zip_path, &error);
  g_assert_no_error (error);
  g_assert_true (cn_zip_is_zip (zip_path));
  g_assert_cmpuint (cn_zip_get_n_entries (zip), ==, 5);
  index = cn_zip_find (zip, "CONNECTIONS.CSV");
  g_assert_cmpint (index, >=, 0);
  g_assert_cmpstr (cn_zip_get_name (zip, index), ==, "Basic_LinkedInDataExport/Connections.csv");
  g_assert_cmpint (cn_zip_find (zip, "Basic_LinkedInDataExport"), ==, -1);
  g_assert_cmpint (cn_zip_find (zip, "Profile.csv"), ==, -1);
  bytes = cn_zip_extract (zip, index, 0, &error);
  g_assert_no_error (error);
  {
    g_autofree char *path = fixture ("export/Connections.csv");
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), contents, len);
  }
  g_clear_pointer (&bytes, g_bytes_unref);
  /* The stored entry. */
  index = cn_zip_find (zip, "rich_media.txt");
  bytes = cn_zip_extract (zip, index, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 1000);
  /* A cap below the entry's size. */
  g_assert_null (cn_zip_extract (zip, index, 999, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_clear_error (&error);

  from_folder = read_ok (folder);
  from_zip = read_ok (zip_path);
  assert_export (from_zip);
  assert_same_batches (from_folder, from_zip);
  cn_test_remove_tree (dir);
}

static void
patch_central (const char *path, guint field_offset, guint32 value)
{
  g_autofree char *contents = NULL;
  gsize len;
  char *p;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  p = NULL;
  for (gsize i = 0; p == NULL && i + 4 <= len; i++)
    if (memcmp (contents + i, "PK\1\2", 4) == 0)
      p = contents + i;
  g_assert_nonnull (p);
  for (int i = 0; i < 4; i++)
    p[field_offset + i] = (char) ((value >> (8 * i)) & 0xFF);
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
}

/* Zip bombs and lies stop with an error, in bounded memory. */
static void
test_zip_hostile (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *bomb = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *crc = NULL;
  g_autofree char *junk = NULL;
  g_autofree char *cut = NULL;
  g_autoptr(GError) error = NULL;
  static const char make_zip[] =
      "import sys, zipfile\n"
      "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n"
      "    z.writestr('export/messages.csv', b'\\0' * (8 << 20))\n";

  if (!have_python ())
    {
      g_test_skip ("python3 is needed to write zip files");
      return;
    }
  dir = cn_test_make_tmpdir ();
  bomb = g_build_filename (dir, "bomb.zip", NULL);
  huge = g_build_filename (dir, "huge.zip", NULL);
  crc = g_build_filename (dir, "crc.zip", NULL);
  junk = g_build_filename (dir, "junk.zip", NULL);
  cut = g_build_filename (dir, "cut.zip", NULL);
  for (guint i = 0; i < 3; i++)
    python (make_zip, i == 0 ? bomb : i == 1 ? huge : crc, NULL);

  /* 8 MiB of zeros declared as 1,000 bytes: stops at the declared size. */
  patch_central (bomb, 24, 1000);
  {
    g_autoptr(CnZip) zip = cn_zip_open (bomb, &error);

    g_assert_no_error (error);
    g_assert_null (cn_zip_extract (zip, 0, 0, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
    g_clear_error (&error);
  }
  /* Declared over 512 MiB: refused before inflating anything. */
  patch_central (huge, 24, 0xF0000000);
  {
    g_autoptr(CnZip) zip = cn_zip_open (huge, &error);
    g_autoptr(CnImportBatch) batch = cn_import_batch_new ();

    g_assert_no_error (error);
    g_assert_cmpuint (cn_zip_get_size (zip, 0), ==, 0xF0000000);
    g_assert_null (cn_zip_extract (zip, 0, 0, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
    g_clear_error (&error);
    g_assert_false (cn_linkedin_read (huge, batch, NULL, NULL, NULL, &error));
    g_assert_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_TOO_BIG);
    g_clear_error (&error);
  }
  /* A wrong CRC is corruption. */
  patch_central (crc, 16, 0x12345678);
  {
    g_autoptr(CnZip) zip = cn_zip_open (crc, &error);

    g_assert_no_error (error);
    g_assert_null (cn_zip_extract (zip, 0, 0, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_clear_error (&error);
  }
  /* Starts like a zip, has no directory; and a zip cut in half. */
  g_assert_true (g_file_set_contents (junk, "PK\3\4 and then nothing useful", -1, NULL));
  {
    g_autofree char *contents = NULL;
    gsize len;
    g_autoptr(CnImportBatch) batch = cn_import_batch_new ();

    g_assert_true (g_file_get_contents (crc, &contents, &len, NULL));
    g_assert_true (g_file_set_contents (cut, contents, len / 2, NULL));
    g_assert_null (cn_zip_open (junk, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_clear_error (&error);
    g_assert_null (cn_zip_open (cut, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_clear_error (&error);
    g_assert_false (cn_linkedin_read (junk, batch, NULL, NULL, NULL, &error));
    g_assert_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_NOT_RECOGNISED);
    g_clear_error (&error);
  }
  cn_test_remove_tree (dir);
}

/* An empty file stored in the zip, as `zip -r` writes one (no invitations
 * yet): read as an empty file, not a crash. */
static void
test_zip_empty_entry (void)
{
  g_autofree char *connections = fixture ("export/Connections.csv");
  g_autofree char *dir = NULL;
  g_autofree char *zip_path = NULL;
  g_autoptr(CnZip) zip = NULL;
  g_autoptr(CnImportBatch) batch = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  static const char make_zip[] =
      "import sys, zipfile\n"
      "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_STORED) as z:\n"
      "    z.write(sys.argv[2], 'Export/Connections.csv')\n"
      "    z.writestr('Export/Invitations.csv', b'')\n";

  if (!have_python ())
    {
      g_test_skip ("python3 is needed to write zip files");
      return;
    }
  dir = cn_test_make_tmpdir ();
  zip_path = g_build_filename (dir, "export.zip", NULL);
  python (make_zip, zip_path, connections);

  zip = cn_zip_open (zip_path, &error);
  g_assert_no_error (error);
  bytes = cn_zip_extract (zip, cn_zip_find (zip, "Invitations.csv"), 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);

  batch = read_ok (zip_path);
  g_assert_cmpuint (batch->contacts->len, >, 0);
  g_assert_cmpuint (batch->requests->len, ==, 0);
  cn_test_remove_tree (dir);
}

/* A streamed entry gives the same bytes as an extracted one, read in any
 * step, and its lies are found by its reads. */
static void
test_zip_stream (void)
{
  g_autofree char *folder = fixture ("export");
  g_autofree char *dir = NULL;
  g_autofree char *zip_path = NULL;
  g_autoptr(CnZip) zip = NULL;
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GError) error = NULL;
  static const char make_bomb[] =
      "import sys, zipfile\n"
      "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n"
      "    z.writestr('export/messages.csv', b'a,b\\n' * (2 << 20))\n";

  if (!have_python ())
    {
      g_test_skip ("python3 is needed to write zip files");
      return;
    }
  dir = cn_test_make_tmpdir ();
  zip_path = g_build_filename (dir, "export.zip", NULL);
  python (ZIP_FOLDER, folder, zip_path);
  zip = cn_zip_open (zip_path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cn_zip_get_n_entries (zip); i++)
    {
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GByteArray) read = g_byte_array_new ();
      guint8 buf[7];
      gssize n;

      whole = cn_zip_extract (zip, i, 0, &error);
      g_assert_no_error (error);
      stream = cn_zip_open_entry (zip, i, 0, &error);
      g_assert_no_error (error);
      while ((n = g_input_stream_read (stream, buf, sizeof buf, NULL, &error)) > 0)
        g_byte_array_append (read, buf, n);
      g_assert_no_error (error);
      g_assert_cmpint (n, ==, 0);
      g_assert_cmpmem (read->data, read->len, g_bytes_get_data (whole, NULL),
                       g_bytes_get_size (whole));
      g_clear_pointer (&whole, g_bytes_unref);
    }
  g_clear_pointer (&zip, cn_zip_free);

  /* 8 MiB of rows declared as 4 KiB: the stream stops at 4 KiB. */
  python (make_bomb, zip_path, NULL);
  patch_central (zip_path, 24, 4096);
  zip = cn_zip_open (zip_path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GInputStream) stream = cn_zip_open_entry (zip, 0, 0, &error);
    g_autofree guint8 *buf = g_malloc (1 << 20);
    gsize n = 0;

    g_assert_no_error (error);
    g_assert_false (g_input_stream_read_all (stream, buf, 1 << 20, &n, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
    g_assert_cmpuint (n, <=, 4096);
  }
  cn_test_remove_tree (dir);
}

/* Entries each under the cap but together over it are refused before any is
 * read. */
static void
test_zip_total_cap (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *zip_path = NULL;
  g_autoptr(CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  guint patched = 0;
  static const char make_zip[] =
      "import sys, zipfile\n"
      "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n"
      "    for n in ('Connections.csv', 'messages.csv', 'Invitations.csv'):\n"
      "        z.writestr('export/' + n, b'\\0' * 1000)\n";

  if (!have_python ())
    {
      g_test_skip ("python3 is needed to write zip files");
      return;
    }
  dir = cn_test_make_tmpdir ();
  zip_path = g_build_filename (dir, "bomb.zip", NULL);
  python (make_zip, zip_path, NULL);
  /* Each declares 200 MiB (600 in all), as three real members of a bomb
   * would. */
  g_assert_true (g_file_get_contents (zip_path, &contents, &len, NULL));
  for (gsize i = 0; i + 46 <= len; i++)
    if (memcmp (contents + i, "PK\1\2", 4) == 0)
      {
        guint32 size = 200u << 20;

        for (int b = 0; b < 4; b++)
          contents[i + 24 + b] = (char) ((size >> (8 * b)) & 0xFF);
        patched++;
      }
  g_assert_cmpuint (patched, ==, 3);
  g_assert_true (g_file_set_contents (zip_path, contents, len, NULL));

  g_assert_false (cn_linkedin_read (zip_path, batch, NULL, NULL, NULL, &error));
  g_assert_error (error, CN_IMPORT_ERROR, CN_IMPORT_ERROR_TOO_BIG);
  g_assert_cmpuint (batch->contacts->len + batch->requests->len + batch->rejections->len, ==, 0);
  cn_test_remove_tree (dir);
}

/* Over 65,535 entries: the counts live in the ZIP64 end record. */
static void
test_zip64 (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *zip_path = NULL;
  g_autofree char *invitations = fixture ("old/Invitations.csv");
  g_autoptr(CnZip) zip = NULL;
  g_autoptr(CnImportBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  static const char make_zip[] =
      "import sys, zipfile\n"
      "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_STORED) as z:\n"
      "    for i in range(65600):\n"
      "        z.writestr('media/%d.txt' % i, '')\n"
      "    z.write(sys.argv[2], 'Export/INVITATIONS.CSV')\n";

  if (!have_python ())
    {
      g_test_skip ("python3 is needed to write zip files");
      return;
    }
  dir = cn_test_make_tmpdir ();
  zip_path = g_build_filename (dir, "big.zip", NULL);
  python (make_zip, zip_path, invitations);
  zip = cn_zip_open (zip_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cn_zip_get_n_entries (zip), ==, 65601);
  g_assert_cmpint (cn_zip_find (zip, "Invitations.csv"), ==, 65600);
  batch = read_ok (zip_path);
  g_assert_cmpuint (batch->requests->len, ==, 1);
  g_assert_cmpstr (((CnImportRequest *) batch->requests->pdata[0])->file, ==, "INVITATIONS.CSV");
  cn_test_remove_tree (dir);
}

/* The shared real files (skipped when absent) */

static char *
shared (const char *name)
{
  const char *root = g_getenv ("CONNECTEUR_SHARED");
  g_autofree char *path = NULL;

  if (root == NULL)
    return NULL;
  path = g_build_filename (root, "fixtures", "linkedin", name, NULL);
  return g_file_test (path, G_FILE_TEST_EXISTS) ? g_steal_pointer (&path) : NULL;
}

static void
test_shared_connections (void)
{
  g_autofree char *path = shared ("kawsay_Connections.csv");
  g_autoptr(CnImportBatch) batch = NULL;

  if (path == NULL)
    {
      g_test_skip ("shared fixtures absent");
      return;
    }
  /* BOM before "Notes:", a 3-line preamble, accents, quoted commas, no e-mail. */
  batch = read_ok (path);
  g_assert_cmpuint (batch->contacts->len, ==, 2);
  assert_contact (batch, 0, "José García", NULL, "https://www.linkedin.com/in/josegarcia",
                  "Acme, Inc.", "Senior Engineer", "kawsay_Connections.csv", 5);
  assert_contact (batch, 1, "Æsop Fontaine", "aesop@example.com",
                  "https://www.linkedin.com/in/aesop", "Globex", "Director, Operations",
                  "kawsay_Connections.csv", 6);
  g_assert_cmpuint (batch->requests->len, ==, 0);
  g_assert_cmpuint (batch->rejections->len, ==, 0);
}

static void
test_shared_messages (void)
{
  g_autofree char *path = shared ("tekjobs_messages.csv");
  g_autoptr(CnImportBatch) batch = NULL;

  if (path == NULL)
    {
      g_test_skip ("shared fixtures absent");
      return;
    }
  /* 11 columns; Avery Sample, in both conversations, is the owner: her
   * reply is skipped. */
  batch = read_ok (path);
  g_assert_cmpuint (batch->contacts->len, ==, 0);
  g_assert_cmpuint (batch->requests->len, ==, 2);
  assert_request (batch, 0, "Jane Doe", "https://www.linkedin.com/in/jane-doe-example",
                  utc (2026, 9, 18, 14, 2, 11),
                  "Staff Design Engineer at Northwind\n\n"
                  "Hi Avery, we have a Staff Design Engineer role open. Would you be open to a "
                  "chat this week?",
                  "linkedin:conversation:c-1", "tekjobs_messages.csv", 2);
  assert_request (batch, 1, "Sam Lee", "https://www.linkedin.com/in/sam-lee-example",
                  utc (2021, 3, 5, 9, 0, 0), "Good to connect!", "linkedin:conversation:c-2",
                  "tekjobs_messages.csv", 4);
  g_assert_cmpuint (batch->rejections->len, ==, 0);
}

static void
test_shared_invitations (void)
{
  g_autofree char *path = shared ("tekjobs_Invitations.csv");
  g_autoptr(CnImportBatch) batch = NULL;

  if (path == NULL)
    {
      g_test_skip ("shared fixtures absent");
      return;
    }
  /* 7 columns, a quoted US date with a comma. */
  batch = read_ok (path);
  g_assert_cmpuint (batch->requests->len, ==, 1);
  assert_request (batch, 0, "Mina Park", "https://www.linkedin.com/in/mina-park-example",
                  utc (2026, 9, 20, 10, 15, 0),
                  "Saw your talk on design tokens, would love to connect.",
                  "linkedin:invitation:Mina Park:9/20/26, 10:15 AM", "tekjobs_Invitations.csv", 2);
  g_assert_cmpuint (batch->rejections->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/linkedin/dates", test_dates);
  g_test_add_func ("/linkedin/html", test_html);
  g_test_add_func ("/linkedin/target-hint", test_target_hint);
  g_test_add_func ("/linkedin/folder", test_folder);
  g_test_add_func ("/linkedin/old-export", test_old_export);
  g_test_add_func ("/linkedin/single-files", test_single_files);
  g_test_add_func ("/linkedin/profile-names-owner", test_profile_names_owner);
  g_test_add_func ("/linkedin/conversation-interleaved", test_conversation_interleaved);
  g_test_add_func ("/linkedin/owner-name-folded", test_owner_name_folded);
  g_test_add_func ("/linkedin/nested-folder", test_nested_folder);
  g_test_add_func ("/linkedin/not-recognised", test_not_recognised);
  g_test_add_func ("/linkedin/garbage", test_garbage);
  g_test_add_func ("/linkedin/broken-file-in-export", test_broken_file_in_export);
  g_test_add_func ("/linkedin/progress-and-cancel", test_progress_and_cancel);
  g_test_add_func ("/linkedin/many-rows", test_many_rows);
  g_test_add_func ("/linkedin/zip-export", test_zip_export);
  g_test_add_func ("/linkedin/zip-hostile", test_zip_hostile);
  g_test_add_func ("/linkedin/zip64", test_zip64);
  g_test_add_func ("/linkedin/zip-empty-entry", test_zip_empty_entry);
  g_test_add_func ("/linkedin/zip-stream", test_zip_stream);
  g_test_add_func ("/linkedin/zip-total-cap", test_zip_total_cap);
  g_test_add_func ("/linkedin/shared/connections", test_shared_connections);
  g_test_add_func ("/linkedin/shared/messages", test_shared_messages);
  g_test_add_func ("/linkedin/shared/invitations", test_shared_invitations);
  return g_test_run ();
}
