/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cn-import-mail-private.h"
#include "cn-import.h"
#include "cn-test-utils.h"

#define NOT_REQUEST "not a request for an introduction"

static char *
fixture (const char *name)
{
  const char *root = g_getenv ("CONNECTEUR_SOURCE_ROOT");
  g_assert_nonnull (root);
  return g_build_filename (root, "tests", "fixtures", "import", "mail", name, NULL);
}

/* Reads @name from our fixtures; asserts it reads without error. */
static CnImportBatch *
read_fixture (const char *name)
{
  g_autofree char *path = fixture (name);
  g_autoptr (GError) error = NULL;
  CnImportBatch *batch = cn_import_batch_new ();

  g_assert_true (cn_mail_read (path, batch, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return batch;
}

static CnImportRequest *
only_request (CnImportBatch *batch)
{
  g_assert_cmpuint (batch->requests->len, ==, 1);
  g_assert_cmpuint (batch->rejections->len, ==, 0);
  return g_ptr_array_index (batch->requests, 0);
}

static void
test_french_qp_windows1252 (void)
{
  g_autoptr (CnImportBatch) batch = read_fixture ("fr-qp-windows1252.eml");
  CnImportRequest *r = only_request (batch);

  g_assert_cmpstr (r->requester_name, ==, "Hélène Garnier");
  g_assert_cmpstr (r->requester_email, ==, "helene.garnier@exemple.fr");
  g_assert_cmpint (r->received_at, ==, 1760425920);
  /* Soft line breaks joined, ’ from byte 0x92, the signature gone. */
  g_assert_cmpstr (r->note_to_connector, ==,
                   "Bonjour Camille,\n\n"
                   "Pourriez-vous me mettre en relation avec François Ledoux ? Je prépare une "
                   "étude sur l’économie circulaire et son avis me serait précieux.\n\n"
                   "Merci d’avance,\nHélène");
  g_assert_null (r->note_to_target);
  g_assert_cmpstr (r->target_hint, ==, "François Ledoux");
  g_assert_cmpstr (r->source, ==, "email");
  g_assert_cmpstr (r->source_ref, ==, "20251014091200.hg42@exemple.fr");
  g_assert_cmpstr (r->file, ==, "fr-qp-windows1252.eml");
  g_assert_cmpuint (r->line, ==, 1);
}

static void
test_french_subject_decoded (void)
{
  g_autofree char *path = fixture ("fr-qp-windows1252.eml");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) messages = _cn_mail_read_messages (path, NULL, &error);
  CnMailMessage *m;

  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  m = g_ptr_array_index (messages, 0);
  g_assert_cmpstr (m->subject, ==, "Demande de mise en relation – économie circulaire");
  g_assert_true (m->is_request);
}

static void
test_english_forwarded (void)
{
  g_autoptr (CnImportBatch) batch = read_fixture ("en-forward.eml");
  CnImportRequest *r = only_request (batch);

  g_assert_cmpstr (r->requester_name, ==, "Tom Whitfield");
  g_assert_cmpstr (r->requester_email, ==, "tom.whitfield@example.com");
  g_assert_cmpint (r->received_at, ==, 1762164930);
  g_assert_cmpstr (r->note_to_connector, ==,
                   "Hi Sam,\n\n"
                   "Would you be willing to forward my note below to your former colleague? She\n"
                   "runs the pilot I mentioned at dinner.\n\n"
                   "Thanks a lot,\nTom");
  /* The forwarded message's own headers are not part of the note. */
  g_assert_cmpstr (r->note_to_target, ==,
                   "Dear Priya,\n\n"
                   "Sam Okafor suggested I write to you. We recycle lithium cells in Leeds and\n"
                   "would like to join your pilot next spring.\n\n"
                   "Best regards,\nTom Whitfield");
  g_assert_cmpstr (r->target_hint, ==, "priya.raman@example.org");
  g_assert_cmpstr (r->source_ref, ==, "CAF0rw4rd-001@mail.example.com");
}

static void
test_alternative_prefers_plain (void)
{
  g_autoptr (CnImportBatch) batch = read_fixture ("alternative.eml");
  CnImportRequest *r = only_request (batch);

  g_assert_cmpstr (r->requester_name, ==, "João Pereira");
  g_assert_cmpstr (r->requester_email, ==, "joao.pereira@example.pt");
  g_assert_cmpint (r->received_at, ==, 1762360800);
  g_assert_cmpstr (r->note_to_connector, ==,
                   "Hello Sam,\n\n"
                   "Could you put me in touch with Ana Costa? We met at the Porto fair and\n"
                   "she asked me to go through you.\n\n"
                   "Cheers,\nJoão");
  g_assert_cmpstr (r->target_hint, ==, "Ana Costa");
}

static void
test_html_only (void)
{
  g_autoptr (CnImportBatch) batch = read_fixture ("html-only.eml");
  CnImportRequest *r = only_request (batch);

  /* Raw UTF-8 in the From header. */
  g_assert_cmpstr (r->requester_name, ==, "Inès Lambert");
  g_assert_cmpstr (r->requester_email, ==, "ines.lambert@exemple.fr");
  g_assert_cmpint (r->received_at, ==, 1762412700);
  /* Entities decoded, paragraphs and <br> kept, style, title and script gone. */
  g_assert_cmpstr (r->note_to_connector, ==,
                   "Bonjour Camille,\n\n"
                   "Pourriez-vous me présenter à Julien Martin ? Nous travaillons tous deux sur "
                   "l’habitat & la rénovation.\n\n"
                   "Merci,\nInès");
  g_assert_cmpstr (r->target_hint, ==, "Julien Martin");
}

static void
test_base64_utf8 (void)
{
  g_autoptr (CnImportBatch) batch = read_fixture ("base64-utf8.eml");
  CnImportRequest *r = only_request (batch);

  g_assert_cmpstr (r->requester_name, ==, "Émile Brunet");
  g_assert_cmpint (r->received_at, ==, 1762522200);
  g_assert_cmpstr (r->note_to_connector, ==,
                   "Bonjour,\n\n"
                   "Pouvez-vous me recommander auprès de Zoé Nguyễn ? Son équipe à Hanoï cherche "
                   "des partenaires 🌱.\n\n"
                   "Bien à vous,\nÉmile");
  g_assert_cmpstr (r->target_hint, ==, "Zoé Nguyễn");
}

static void
test_mbox_three (void)
{
  g_autoptr (CnImportBatch) batch = read_fixture ("three.mbox");
  CnImportRequest *r;
  CnImportRejection *rejection;

  g_assert_cmpuint (batch->requests->len, ==, 2);
  g_assert_cmpuint (batch->rejections->len, ==, 1);

  r = g_ptr_array_index (batch->requests, 0);
  g_assert_cmpstr (r->requester_name, ==, "Marc Petit");
  g_assert_cmpstr (r->requester_email, ==, "marc.petit@exemple.fr");
  g_assert_cmpint (r->received_at, ==, 1762761600);
  g_assert_cmpstr (r->note_to_connector, ==,
                   "Bonjour,\n\nAccepteriez-vous de me présenter à Louise Bernard ?\n\nMarc");
  g_assert_cmpstr (r->target_hint, ==, "Louise Bernard");
  g_assert_cmpstr (r->source_ref, ==, "mbox-1@exemple.fr");
  g_assert_cmpstr (r->file, ==, "three.mbox");
  g_assert_cmpuint (r->line, ==, 1);

  r = g_ptr_array_index (batch->requests, 1);
  g_assert_cmpstr (r->requester_name, ==, "Olivia Hart");
  g_assert_cmpint (r->received_at, ==, 1762774200);
  g_assert_cmpstr (r->note_to_connector, ==,
                   "Hi,\n\nCould you connect me with daniel.eze@example.com? He leads the grant "
                   "panel.\n\nOlivia");
  g_assert_cmpstr (r->target_hint, ==, "daniel.eze@example.com");
  g_assert_cmpuint (r->line, ==, 26);

  rejection = g_ptr_array_index (batch->rejections, 0);
  g_assert_cmpstr (rejection->file, ==, "three.mbox");
  g_assert_cmpuint (rejection->line, ==, 15);
  g_assert_cmpstr (rejection->reason, ==, NOT_REQUEST);
}

/* Unknown and wrong charsets: always valid UTF-8, and the right letters. */
static void
test_charsets (void)
{
  g_autoptr (CnImportBatch) batch = read_fixture ("charsets.mbox");
  CnImportRequest *r;

  g_assert_cmpuint (batch->requests->len, ==, 3);
  g_assert_cmpuint (batch->rejections->len, ==, 0);

  /* An unknown charset over Windows-1252 bytes, and a raw 8-bit From. */
  r = g_ptr_array_index (batch->requests, 0);
  g_assert_cmpstr (r->requester_name, ==, "Annick Lévêque");
  g_assert_cmpstr (r->note_to_connector, ==,
                   "Pourriez-vous me mettre en relation avec Rémi Château ? C’est pour l’été.");
  g_assert_cmpstr (r->target_hint, ==, "Rémi Château");

  /* Declared UTF-8, written in Latin-1. */
  r = g_ptr_array_index (batch->requests, 1);
  g_assert_cmpstr (r->note_to_connector, ==,
                   "Pourriez-vous me présenter à Agnès Perrin ? Merci beaucoup.");
  g_assert_cmpuint (r->line, ==, 11);

  /* Declared Latin-1, with Windows-1252's quote and euro sign. */
  r = g_ptr_array_index (batch->requests, 2);
  g_assert_cmpstr (r->requester_name, ==, "Chloé Simon");
  g_assert_cmpstr (r->note_to_connector, ==,
                   "Pourriez-vous me recommander auprès de Hugo Mercier ? J’ai un budget de "
                   "5 000 €.");
  g_assert_cmpstr (r->target_hint, ==, "Hugo Mercier");
  g_assert_cmpuint (r->line, ==, 21);
}

static void
test_no_sender (void)
{
  g_autoptr (CnImportBatch) batch = read_fixture ("no-from.eml");
  CnImportRejection *rejection;

  g_assert_cmpuint (batch->requests->len, ==, 0);
  g_assert_cmpuint (batch->rejections->len, ==, 1);
  rejection = g_ptr_array_index (batch->rejections, 0);
  g_assert_cmpstr (rejection->file, ==, "no-from.eml");
  g_assert_cmpuint (rejection->line, ==, 1);
  g_assert_cmpstr (rejection->reason, ==, "no sender");
}

static void
test_bad_date (void)
{
  g_autoptr (CnImportBatch) batch = read_fixture ("bad-date.eml");
  CnImportRequest *r = only_request (batch);

  g_assert_cmpstr (r->requester_name, ==, "Paul Girard");
  g_assert_cmpint (r->received_at, ==, 0);
  g_assert_null (r->source_ref); /* no Message-ID: the importer hashes */
  g_assert_cmpstr (r->note_to_connector, ==,
                   "Bonjour Camille,\n\n"
                   "Pourriez-vous transmettre mon message à Claire ? Elle saura quoi en faire.\n\n"
                   "Paul");
}

static void
test_outlook_french_forward (void)
{
  g_autoptr (CnImportBatch) batch = read_fixture ("outlook-fr-forward.eml");
  CnImportRequest *r = only_request (batch);

  g_assert_cmpstr (r->requester_name, ==, "Yann Le Goff");
  g_assert_cmpint (r->received_at, ==, 1763370120);
  g_assert_cmpstr (r->note_to_connector, ==,
                   "Bonjour Camille,\n\n"
                   "Comme convenu au téléphone, pourriez-vous transmettre ce message à Léa "
                   "Fontaine ? Elle dirige le fonds dont nous avons parlé.\n\n"
                   "Bien cordialement,\nYann Le Goff");
  /* After Outlook's rule and its "De :", "Envoyé :", "À :", "Objet :" lines. */
  g_assert_cmpstr (r->note_to_target, ==,
                   "Madame,\n\n"
                   "Notre coopérative de Douarnenez cherche un financement pour deux navires à "
                   "faible consommation. Accepteriez-vous un échange de vingt minutes ?\n\n"
                   "Respectueusement,\nYann Le Goff");
  g_assert_cmpstr (r->target_hint, ==, "lea.fontaine@exemple.fr");
}

static void
test_attached_message (void)
{
  g_autoptr (CnImportBatch) batch = read_fixture ("attached-rfc822.eml");
  CnImportRequest *r = only_request (batch);

  g_assert_cmpstr (r->requester_name, ==, "Raj Mehta");
  g_assert_cmpint (r->received_at, ==, 1762913710);
  g_assert_cmpstr (r->note_to_connector, ==,
                   "Hello Sam,\n\n"
                   "Could you forward the attached message to Lena? I would be grateful.\n\nRaj");
  g_assert_cmpstr (r->note_to_target, ==,
                   "Dear Ms Vogel,\n\n"
                   "I run a small workshop repairing hearing aids in Pune and would value\n"
                   "ten minutes of your time.\n\n"
                   "Kind regards,\nRaj Mehta");
  g_assert_cmpstr (r->target_hint, ==, "lena.vogel@example.de");
}

static void
test_reply_history_dropped (void)
{
  g_autoptr (CnImportBatch) batch = read_fixture ("reply-history.eml");
  CnImportRequest *r = only_request (batch);

  g_assert_cmpstr (r->note_to_connector, ==,
                   "Bonjour,\n\n"
                   "Merci pour votre réponse. Oui, une mise en relation avec Sophie Caron serait "
                   "idéale.\n\nAlice");
  g_assert_null (r->note_to_target);
  g_assert_cmpstr (r->target_hint, ==, "Sophie Caron");
}

static void
test_quoted_message_for_target (void)
{
  g_autoptr (CnImportBatch) batch = read_fixture ("quoted-target.eml");
  CnImportRequest *r = only_request (batch);

  g_assert_cmpstr (r->note_to_connector, ==,
                   "Hi Sam,\n\nCould you pass on my message to Ben Carter? Here it is:\n\n"
                   "Thanks!\nNora");
  g_assert_cmpstr (r->note_to_target, ==,
                   "Dear Ben,\n"
                   "I admire your work on tidal turbines and would love to compare notes.\n"
                   "Best, Nora");
}

static void
test_cues (void)
{
  g_assert_true (_cn_mail_asks_for_introduction ("Mise en relation", ""));
  g_assert_true (_cn_mail_asks_for_introduction (NULL, "Could you introduce me to\nMaya?"));
  g_assert_true (_cn_mail_asks_for_introduction (NULL, "Pourriez-vous me présenter à Éric ?"));
  g_assert_true (_cn_mail_asks_for_introduction (NULL, "Peux-tu transmettre mon message ?"));
  /* Introducing oneself is not asking to be introduced. */
  g_assert_false (_cn_mail_asks_for_introduction ("Hello", "Let me introduce myself: I am Kim."));
  g_assert_false (
      _cn_mail_asks_for_introduction (NULL, "Permettez-moi de me présenter : je suis Léa."));
  g_assert_false (
      _cn_mail_asks_for_introduction ("Réunion", "Le compte rendu est en pièce jointe."));
}

static void
test_html_to_text (void)
{
  g_autofree char *a = _cn_mail_html_to_text ("<p>a&lt;b &amp; c&#x2019;d</p><p>e<br/>f</p>", -1);
  g_autofree char *b = _cn_mail_html_to_text ("x < 3 &unknown; <!-- hidden --> <b>bold</b>", -1);
  g_autofree char *c = _cn_mail_html_to_text ("<a href=\"x>y\">link</a> <STYLE>p{}</STYLE>ok", -1);

  g_assert_cmpstr (a, ==, "a<b & c’d\n\ne\nf");
  g_assert_cmpstr (b, ==, "x < 3 &unknown; bold");
  g_assert_cmpstr (c, ==, "link ok");
}

/* ------------------------------------------------------------------------ */
/* The public test messages of ../shared/fixtures/email (none asks for an
 * introduction): read, decoded, each rejected with its line. */

static GPtrArray *
read_shared (const char *name)
{
  const char *shared = g_getenv ("CONNECTEUR_SHARED");
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CnImportBatch) batch = NULL;
  GPtrArray *messages;

  if (shared == NULL)
    return NULL;
  path = g_build_filename (shared, "fixtures", "email", name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;

  /* Through the reader: no error, only "not a request" rejections. */
  batch = cn_import_batch_new ();
  g_assert_true (cn_mail_read (path, batch, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (batch->requests->len, ==, 0);
  messages = _cn_mail_read_messages (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->rejections->len, ==, messages->len);
  for (guint i = 0; i < messages->len; i++)
    {
      CnImportRejection *rejection = g_ptr_array_index (batch->rejections, i);
      CnMailMessage *m = g_ptr_array_index (messages, i);
      g_assert_cmpstr (rejection->file, ==, name);
      g_assert_cmpuint (rejection->line, ==, m->line);
      g_assert_cmpstr (rejection->reason, ==, NOT_REQUEST);
      g_assert_false (m->is_request);
      g_assert_null (m->rejected);
    }
  return messages;
}

#define SKIP_IF_ABSENT(messages)                                                                   \
  if ((messages) == NULL)                                                                          \
    {                                                                                              \
      g_test_skip ("shared fixtures absent");                                                      \
      return;                                                                                      \
    }

static CnMailMessage *
only_message (GPtrArray *messages)
{
  g_assert_cmpuint (messages->len, ==, 1);
  return g_ptr_array_index (messages, 0);
}

static void
test_shared_win1252_qp (void)
{
  g_autoptr (GPtrArray) messages = read_shared ("hunnysoft_m0010_win1252_qp.eml");
  SKIP_IF_ABSENT (messages);
  CnMailMessage *m = only_message (messages);

  /* The second From header is ignored. */
  g_assert_cmpstr (m->from_name, ==, "Doug Sauder");
  g_assert_cmpstr (m->from_email, ==, "doug@example.com");
  g_assert_cmpstr (m->subject, ==, "Die Hasen und die Frösche (Microsoft Outlook 00)");
  g_assert_cmpint (m->date, ==, 958606220);
  g_assert_cmpstr (m->message_id, ==, "NDBBIAKOPKHFGPLCODIGCEKECHAA.doug@example.com");
  g_assert_true (g_str_has_prefix (m->body, "Die Hasen und die Frösche\n\n"
                                            "Die Hasen klagten einst über ihre mißliche Lage; "
                                            "\"wir leben\", sprach ein Redner, \"in steter"));
  g_assert_nonnull (strstr (m->body, "ärger als der Tod selbst."));
  g_assert_cmpuint (m->line, ==, 1);
}

static void
test_shared_outlook_alternative (void)
{
  g_autoptr (GPtrArray) messages = read_shared ("hunnysoft_m0014_outlook_alt_html.eml");
  SKIP_IF_ABSENT (messages);
  CnMailMessage *m = only_message (messages);

  g_assert_cmpstr (m->from_name, ==, "Doug Sauder");
  g_assert_cmpstr (m->subject, ==, "Test message from Microsoft Outlook 00");
  g_assert_cmpint (m->date, ==, 958606708);
  /* The text/plain alternative, not the HTML one. */
  g_assert_true (g_str_has_prefix (m->body, "The Hare and the Tortoise\n\nA HARE one day"));
  g_assert_true (g_str_has_suffix (m->body, "Slow but steady wins the race."));
  g_assert_null (strstr (m->body, "<"));
  g_assert_null (strstr (m->body, "&nbsp;"));
}

static void
test_shared_pine_base64 (void)
{
  g_autoptr (GPtrArray) messages = read_shared ("hunnysoft_m3004_pine_base64_rfc2231.eml");
  SKIP_IF_ABSENT (messages);
  CnMailMessage *m = only_message (messages);

  g_assert_cmpstr (m->from_name, ==, "Doug Sauder");
  g_assert_cmpstr (m->from_email, ==, "doug@penguin.example.com");
  g_assert_cmpstr (m->subject, ==, "Die Hasen und die Frösche");
  g_assert_cmpint (m->date, ==, 958746372);
  /* The only text is an attachment: not the sender's words. */
  g_assert_cmpstr (m->body, ==, "");
}

static void
test_shared_multiple_content_types (void)
{
  g_autoptr (GPtrArray) messages = read_shared ("mikel_multiple_content_types.eml");
  SKIP_IF_ABSENT (messages);
  CnMailMessage *m = only_message (messages);

  g_assert_null (m->from_name);
  g_assert_cmpstr (m->from_email, ==, "redacted@flashmail.net");
  g_assert_cmpstr (m->subject, ==, "Redacted");
  g_assert_cmpint (m->date, ==, 0);
  g_assert_cmpstr (m->body, ==, "foo");
}

static void
test_shared_french_subject (void)
{
  g_autoptr (GPtrArray) messages = read_shared ("phpmmp_m0001_fr_subject_attach.eml");
  SKIP_IF_ABSENT (messages);
  CnMailMessage *m = only_message (messages);

  /* Starts with an mbox "From " line: the message is the one after it. */
  g_assert_cmpstr (m->from_name, ==, "Name");
  g_assert_cmpstr (m->from_email, ==, "name@company.com");
  g_assert_cmpstr (m->subject, ==, "Mail avec fichier attaché de 1ko");
  g_assert_cmpint (m->date, ==, 1371397812);
  g_assert_cmpstr (m->body, ==, "");
}

static void
test_shared_french_list (void)
{
  g_autoptr (GPtrArray) messages = read_shared ("phpmmp_m0024_fr_rfc2047_filename.eml");
  SKIP_IF_ABSENT (messages);
  CnMailMessage *m = only_message (messages);

  g_assert_cmpstr (m->from_name, ==, "John DOE");
  g_assert_cmpstr (m->from_email, ==, "blablafakeemail@provider.fr");
  g_assert_cmpstr (m->subject, ==, "Persil, abeilles ...");
  g_assert_cmpint (m->date, ==, 1405958221);
  g_assert_cmpstr (m->body, ==, "");
}

static void
test_shared_mbox (void)
{
  static const guint lines[] = { 1, 11, 21 };
  static const char *const bodies[] = { "1234", ">From me", "XXXX" };
  g_autoptr (GPtrArray) messages = read_shared ("roundcube_import_3msgs.mbox");
  SKIP_IF_ABSENT (messages);

  g_assert_cmpuint (messages->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      CnMailMessage *m = g_ptr_array_index (messages, i);
      g_autofree char *email = g_strdup_printf (i == 0 ? "test@rc.net" : "test%u@rc.net", i);
      g_autofree char *subject = g_strdup_printf ("Import %u", i + 1);
      g_assert_cmpuint (m->line, ==, lines[i]);
      g_assert_cmpstr (m->from_email, ==, email);
      g_assert_cmpstr (m->subject, ==, subject);
      g_assert_cmpstr (m->body, ==, bodies[i]);
      g_assert_cmpint (m->date, ==, 1400867090);
    }
}

/* Every file of the folder, including any added later: read without error. */
static void
test_shared_all_read (void)
{
  const char *shared = g_getenv ("CONNECTEUR_SHARED");
  g_autofree char *dir_path = shared ? g_build_filename (shared, "fixtures", "email", NULL) : NULL;
  g_autoptr (GDir) dir = dir_path ? g_dir_open (dir_path, 0, NULL) : NULL;
  const char *name;
  guint n = 0;

  if (dir == NULL)
    {
      g_test_skip ("shared fixtures absent");
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr (CnImportBatch) batch = cn_import_batch_new ();
      g_autoptr (GError) error = NULL;
      g_assert_true (cn_mail_read (path, batch, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (batch->requests->len + batch->rejections->len, >, 0);
      n++;
    }
  g_assert_cmpuint (n, >=, 7);
}

/* ------------------------------------------------------------------------ */
/* Garbage and edge cases */

static char *
write_temp (const char *dir, const char *name, const void *data, gsize len)
{
  char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, data, len, NULL));
  return path;
}

static void
assert_error (const char *path, int code)
{
  g_autoptr (CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* A record already there stays alone: a failing read appends nothing. */
  cn_import_batch_reject (batch, "earlier.csv", 3, "earlier");
  g_assert_false (cn_mail_read (path, batch, NULL, NULL, NULL, &error));
  g_assert_error (error, CN_IMPORT_ERROR, code);
  g_assert_cmpuint (batch->requests->len, ==, 0);
  g_assert_cmpuint (batch->rejections->len, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
test_garbage (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  g_autofree guint8 *noise = g_malloc (1 << 20);
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                                'I',  'H', 'D', 'R', 0,    0,    0,    1,    0, 0, 0, 1 };
  static const char csv[] = "Name,E-mail Address,Notes\nLéa Roux,lea@exemple.fr,Subject: hi\n";
  static const char vcard[] = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Léa Roux\r\nEND:VCARD\r\n";
  static const char text[] = "From here on, nothing is mail.\nSubject: none\n";

  for (gsize i = 0; i < (1 << 20); i++)
    noise[i] = g_rand_int_range (rand, 0, 256);

  g_autofree char *random_path = write_temp (dir, "random.eml", noise, 1 << 20);
  g_autofree char *png_path = write_temp (dir, "image.eml", png, sizeof png);
  g_autofree char *csv_path = write_temp (dir, "contacts.mbox", csv, sizeof csv - 1);
  g_autofree char *vcard_path = write_temp (dir, "card.eml", vcard, sizeof vcard - 1);
  g_autofree char *text_path = write_temp (dir, "notes.mbox", text, sizeof text - 1);
  g_autofree char *empty_path = write_temp (dir, "empty.eml", "", 0);
  g_autofree char *missing_path = g_build_filename (dir, "missing.eml", NULL);

  assert_error (random_path, CN_IMPORT_ERROR_NOT_RECOGNISED);
  assert_error (png_path, CN_IMPORT_ERROR_NOT_RECOGNISED);
  assert_error (csv_path, CN_IMPORT_ERROR_NOT_RECOGNISED);
  assert_error (vcard_path, CN_IMPORT_ERROR_NOT_RECOGNISED);
  assert_error (text_path, CN_IMPORT_ERROR_NOT_RECOGNISED);
  assert_error (empty_path, CN_IMPORT_ERROR_NOT_RECOGNISED);
  assert_error (missing_path, CN_IMPORT_ERROR_READ);

  cn_test_remove_tree (dir);
}

/* A 200 MB file of one line, and a 20 MB one posing as a header: an error
 * quickly and without holding the line in memory. */
static void
test_huge_line (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *plain_path = g_build_filename (dir, "line.eml", NULL);
  g_autofree char *header_path = g_build_filename (dir, "header.eml", NULL);
  g_autofree char *chunk = g_malloc (1 << 20);
  glong rss_before;
  FILE *plain, *header;

  memset (chunk, 'a', 1 << 20);
  plain = fopen (plain_path, "wb");
  header = fopen (header_path, "wb");
  g_assert_nonnull (plain);
  g_assert_nonnull (header);
  fputs ("Subject: ", header);
  for (guint i = 0; i < 200; i++)
    {
      g_assert_cmpuint (fwrite (chunk, 1, 1 << 20, plain), ==, 1 << 20);
      if (i < 20) /* 20 MB are well beyond what a header may take */
        g_assert_cmpuint (fwrite (chunk, 1, 1 << 20, header), ==, 1 << 20);
    }
  fclose (plain);
  fclose (header);

  rss_before = cn_test_max_rss_kib ();
  assert_error (plain_path, CN_IMPORT_ERROR_NOT_RECOGNISED);
  assert_error (header_path, CN_IMPORT_ERROR_TOO_BIG);
  g_assert_cmpint (cn_test_max_rss_kib () - rss_before, <, 64 * 1024);

  cn_test_remove_tree (dir);
}

/* A text part over what is read is named as such, not judged on what is
 * left of the message. */
static void
test_text_part_too_long (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "long-text.eml", NULL);
  g_autoptr (GString) s = g_string_new (NULL);
  g_autoptr (CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr (GError) error = NULL;
  CnImportRejection *rejection;

  g_string_append (s, "From: Lou Marin <lou@example.com>\n"
                      "To: Camille <camille@example.org>\n"
                      "Subject: Hello\n"
                      "Content-Type: text/plain; charset=utf-8\n\n");
  for (guint i = 0; i < 10 * 1024 * 1024 / 64; i++)
    g_string_append (s, "A line of a very long message, repeated to fill ten megabytes.\n");
  g_assert_true (g_file_set_contents (path, s->str, s->len, NULL));

  g_assert_true (cn_mail_read (path, batch, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (batch->requests->len, ==, 0);
  g_assert_cmpuint (batch->rejections->len, ==, 1);
  rejection = g_ptr_array_index (batch->rejections, 0);
  g_assert_nonnull (strstr (rejection->reason, "too long"));
  cn_test_remove_tree (dir);
}

/* A stray NUL in a message: "import auto" takes it as the mail reader does. */
static void
test_nul_detected (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "nul.eml", NULL);
  static const char message[] = "From: Lou Marin <lou@example.com>\n"
                                "To: Camille <camille@example.org>\n"
                                "Subject: Introduction to Maya?\n\n"
                                "Could you introduce me to Maya? I am opening a bakery.\0\n";
  g_autoptr (CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, message, sizeof message - 1, NULL));
  g_assert_true (cn_mail_read (path, batch, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (batch->requests->len, ==, 1);
  g_assert_cmpint (cn_import_detect (path, &error), ==, CN_IMPORT_FORMAT_MAIL);
  g_assert_no_error (error);
  cn_test_remove_tree (dir);
}

/* Display names are one line, whatever RFC 2047 decodes to: a line break
 * or a bidi override in a name never reaches the store. */
static void
test_names_one_line (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "names.mbox", NULL);
  static const char mbox[] = "From a@example.com Mon Nov 10 09:00:00 2025\n"
                             "From: =?utf-8?q?Lou=0D=0AMarin=09?= <lou@example.com>\n"
                             "Subject: Introduction to Maya?\n\n"
                             "Could you introduce me to Maya? I am opening a bakery.\n\n"
                             "From b@example.com Mon Nov 10 10:00:00 2025\n"
                             "From: =?utf-8?b?QWxpY2Ug4oCuZ25wLmV4ZQ==?= <alice@example.com>\n"
                             "Subject: Introduction to Maya?\n\n"
                             "Could you introduce me to Maya? I am opening a bakery.\n";
  g_autoptr (CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, mbox, -1, NULL));
  g_assert_true (cn_mail_read (path, batch, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (batch->requests->len, ==, 2);
  g_assert_cmpstr (((CnImportRequest *) batch->requests->pdata[0])->requester_name, ==,
                   "Lou Marin");
  g_assert_cmpstr (((CnImportRequest *) batch->requests->pdata[1])->requester_name, ==,
                   "Alice gnp.exe");
  cn_test_remove_tree (dir);
}

/* In an mbox, a message whose headers never end is rejected, the others kept. */
static void
test_mbox_long_headers (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "long.mbox", NULL);
  g_autoptr (GString) s = g_string_new (NULL);
  g_autoptr (CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr (GError) error = NULL;
  CnImportRejection *rejection;

  g_string_append (s, "From a@example.com Mon Nov 10 09:00:00 2025\n"
                      "From: Ada <a@example.com>\nSubject: x\n");
  for (guint i = 0; i < 30000; i++)
    g_string_append (s, "X-Padding: 0123456789012345678901234567890123456789\n");
  g_string_append (s, "\nbody\n\n"
                      "From b@example.com Mon Nov 10 09:00:00 2025\n"
                      "From: Bea <b@example.com>\nSubject: Introduction to Carl?\n\n"
                      "Could you introduce me to Carl Lind?\n");
  g_assert_true (g_file_set_contents (path, s->str, s->len, NULL));

  g_assert_true (cn_mail_read (path, batch, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (batch->rejections->len, ==, 1);
  rejection = g_ptr_array_index (batch->rejections, 0);
  g_assert_cmpuint (rejection->line, ==, 1);
  g_assert_cmpstr (rejection->reason, ==, "the message’s headers are too long");
  g_assert_cmpuint (batch->requests->len, ==, 1);
  g_assert_cmpstr (((CnImportRequest *) g_ptr_array_index (batch->requests, 0))->target_hint, ==,
                   "Carl Lind");
  cn_test_remove_tree (dir);
}

static void
record_progress_cb (double fraction, gpointer user_data)
{
  GArray *fractions = user_data;
  g_array_append_val (fractions, fraction);
}

static void
test_progress_and_cancel (void)
{
  g_autofree char *path = fixture ("three.mbox");
  g_autoptr (GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (CnImportBatch) batch = cn_import_batch_new ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (cn_mail_read (path, batch, NULL, record_progress_cb, fractions, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fractions->len, >=, 2);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >,
                       g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);

  g_cancellable_cancel (cancellable);
  g_assert_false (cn_mail_read (path, batch, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (batch->requests->len, ==, 2); /* those of the first read only */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import-mail/french-qp-windows1252", test_french_qp_windows1252);
  g_test_add_func ("/import-mail/french-subject", test_french_subject_decoded);
  g_test_add_func ("/import-mail/english-forwarded", test_english_forwarded);
  g_test_add_func ("/import-mail/alternative", test_alternative_prefers_plain);
  g_test_add_func ("/import-mail/html-only", test_html_only);
  g_test_add_func ("/import-mail/base64-utf8", test_base64_utf8);
  g_test_add_func ("/import-mail/mbox", test_mbox_three);
  g_test_add_func ("/import-mail/charsets", test_charsets);
  g_test_add_func ("/import-mail/no-sender", test_no_sender);
  g_test_add_func ("/import-mail/bad-date", test_bad_date);
  g_test_add_func ("/import-mail/outlook-french-forward", test_outlook_french_forward);
  g_test_add_func ("/import-mail/attached-message", test_attached_message);
  g_test_add_func ("/import-mail/reply-history", test_reply_history_dropped);
  g_test_add_func ("/import-mail/quoted-for-target", test_quoted_message_for_target);
  g_test_add_func ("/import-mail/cues", test_cues);
  g_test_add_func ("/import-mail/html-to-text", test_html_to_text);
  g_test_add_func ("/import-mail/shared/win1252-qp", test_shared_win1252_qp);
  g_test_add_func ("/import-mail/shared/outlook-alternative", test_shared_outlook_alternative);
  g_test_add_func ("/import-mail/shared/pine-base64", test_shared_pine_base64);
  g_test_add_func ("/import-mail/shared/multiple-content-types",
                   test_shared_multiple_content_types);
  g_test_add_func ("/import-mail/shared/french-subject", test_shared_french_subject);
  g_test_add_func ("/import-mail/shared/french-list", test_shared_french_list);
  g_test_add_func ("/import-mail/shared/mbox", test_shared_mbox);
  g_test_add_func ("/import-mail/shared/all", test_shared_all_read);
  g_test_add_func ("/import-mail/garbage", test_garbage);
  g_test_add_func ("/import-mail/huge-line", test_huge_line);
  g_test_add_func ("/import-mail/mbox-long-headers", test_mbox_long_headers);
  g_test_add_func ("/import-mail/text-part-too-long", test_text_part_too_long);
  g_test_add_func ("/import-mail/nul-detected", test_nul_detected);
  g_test_add_func ("/import-mail/names-one-line", test_names_one_line);
  g_test_add_func ("/import-mail/progress-cancel", test_progress_and_cancel);

  return g_test_run ();
}
