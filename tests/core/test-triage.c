/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Mass-sent and repeated requests: the fingerprint survives what senders
 * change between copies, campaigns need distinct contacts, repeats follow
 * the requester, and the index reports what each change touched. All notes
 * here were written for these tests. */

#include <string.h>

#include "cn-triage.h"

#define DAY (G_GINT64_CONSTANT (86400))
#define T0 (G_GINT64_CONSTANT (1760000000))

#define TEMPLATE_EN                                                                                \
  "Hello Marc,\n\nI run a small agency that helps industrial firms recruit maintenance "           \
  "technicians in the Rhône valley. I noticed that we share several contacts and I am "           \
  "convinced we could find synergies together. Would you be open to a short exchange "             \
  "next week so that I can present our services?\n\nBest regards,\nJulien Morel"

#define TEMPLATE_FR                                                                                \
  "Bonjour Madame Petitjean,\n\nJe me permets de vous contacter car je développe un réseau "     \
  "d'entrepreneurs engagés dans la transition écologique des PME. Votre parcours m'a "           \
  "interpellé et je serais ravi d'échanger avec vous sur les opportunités de "                  \
  "collaboration entre nos structures.\n\nBien cordialement,\nAnne Lefort"

#define LINKEDIN_INVITATION "I'd like to add you to my professional network on LinkedIn."

static CnFingerprint
fingerprint (const char *note, const char *target_name)
{
  CnFingerprint fp;

  cn_fingerprint_compute (&fp, note, target_name);
  return fp;
}

static void
assert_copies (const char *a, const char *a_target, const char *b, const char *b_target)
{
  CnFingerprint fa = fingerprint (a, a_target);
  CnFingerprint fb = fingerprint (b, b_target);

  if (!cn_fingerprint_matches (&fa, &fb))
    g_error ("should match (similarity %.2f):\n%s\n---\n%s", cn_fingerprint_similarity (&fa, &fb),
             a, b);
}

static void
assert_different (const char *a, const char *b)
{
  CnFingerprint fa = fingerprint (a, NULL);
  CnFingerprint fb = fingerprint (b, NULL);

  if (cn_fingerprint_matches (&fa, &fb))
    g_error ("should not match (similarity %.2f):\n%s\n---\n%s",
             cn_fingerprint_similarity (&fa, &fb), a, b);
}

static void
test_fingerprint_perturbations (void)
{
  /* The target's name inserted, in the greeting and in the text. */
  assert_copies (TEMPLATE_EN, "Marc Blanc",
                 "Hello Sophie,\n\nI run a small agency that helps industrial firms recruit "
                 "maintenance technicians in the Rhône valley. I noticed that we share several "
                 "contacts, Sophie, and I am convinced we could find synergies together. Would "
                 "you be open to a short exchange next week so that I can present our "
                 "services?\n\nBest regards,\nJulien Morel",
                 "Sophie Carrel");
  /* Punctuation, case and accents. */
  assert_copies (TEMPLATE_EN, "Marc Blanc",
                 "HELLO MARC! i run a small agency that helps industrial firms recruit "
                 "maintenance technicians in the Rhone valley; I noticed that we share several "
                 "contacts and I am convinced we could find synergies together... would you be "
                 "open to a short exchange next week so that I can present our services "
                 "Best regards\nJulien Morel",
                 "Marc Blanc");
  /* A word swapped, and one more edited. */
  assert_copies (TEMPLATE_EN, "Marc Blanc",
                 "Hello Marc,\n\nI run a small firm that helps industrial firms recruit "
                 "maintenance technicians in the Rhône valley. I noticed that we share many "
                 "contacts and I am convinced we could find synergies together. Would you be "
                 "open to a short exchange next week so that I can present our services?\n\n"
                 "Best regards,\nJulien Morel",
                 "Marc Blanc");
  /* Another greeting. */
  assert_copies (TEMPLATE_EN, "Marc Blanc",
                 "Dear Mr Blanc,\nI run a small agency that helps industrial firms recruit "
                 "maintenance technicians in the Rhône valley. I noticed that we share several "
                 "contacts and I am convinced we could find synergies together. Would you be "
                 "open to a short exchange next week so that I can present our services?\n\n"
                 "Best regards,\nJulien Morel",
                 "Marc Blanc");
  /* Another signature. */
  assert_copies (TEMPLATE_EN, "Marc Blanc",
                 "Hello Marc,\n\nI run a small agency that helps industrial firms recruit "
                 "maintenance technicians in the Rhône valley. I noticed that we share several "
                 "contacts and I am convinced we could find synergies together. Would you be "
                 "open to a short exchange next week so that I can present our services?\n\n"
                 "Thanks in advance and have a great day!\nJ. Morel\nCEO, TechRecrut",
                 "Marc Blanc");
  /* The same in French, all perturbations at once. */
  assert_copies (TEMPLATE_FR, "Claire Petitjean",
                 "Bonjour Thomas !\nJe me permets de vous contacter car je developpe un reseau "
                 "d'entrepreneurs engages dans la transition ecologique des PME. Votre profil "
                 "m'a interpelle, Thomas, et je serais ravi d'echanger avec vous sur les "
                 "opportunites de collaboration entre nos structures.\nCordialement\nA. Lefort",
                 "Thomas Girard");
}

static void
test_fingerprint_unrelated (void)
{
  /* Notes sharing the common phrases of requests are not copies. */
  assert_different ("Hello, I'd love to connect. I am a nurse in Lille and I am preparing a "
                    "move into hospital management; could you tell me how you made that "
                    "transition? Twenty minutes by phone would help me a lot.",
                    "Hello, I'd love to connect. I am a product designer in Nantes and we are "
                    "hiring a senior illustrator for our children's books; could you tell me "
                    "whether you know someone? Twenty minutes by phone would help me a lot.");
  assert_different ("Je me permets de vous contacter car je prépare un mémoire sur la gestion "
                    "des crues dans les collectivités et votre expérience m'intéresse.",
                    "Je me permets de vous contacter car nous recrutons une cheffe de projet "
                    "pour notre usine de Valence et votre réseau m'intéresse.");

  /* Too short to compare: never a match, even with itself. */
  {
    CnFingerprint a = fingerprint ("Please forward, thanks!", NULL);

    g_assert_false (cn_fingerprint_is_comparable (&a));
    g_assert_false (cn_fingerprint_matches (&a, &a));
  }
}

static void
test_fingerprint_stable (void)
{
  CnFingerprint a = fingerprint (TEMPLATE_FR, "Claire Petitjean");
  CnFingerprint b = fingerprint (TEMPLATE_FR, "Claire Petitjean");

  /* Stored in the database: the same bytes every time. */
  g_assert_cmpmem (a.data, sizeof a.data, b.data, sizeof b.data);
  g_assert_cmpfloat (cn_fingerprint_similarity (&a, &b), ==, 1.0);
}

/* Adding requests */

static void
add (CnTriage *triage,
     gint64 id,
     const char *requester,
     const char *target,
     gint64 at,
     const char *note,
     GArray *changed)
{
  CnTriageItem item = {
    .id = id,
    .requester_key = requester,
    .target_key = target,
    .received_at = at,
    .status = CN_REQUEST_STATUS_NEW,
    .note_to_target = note,
    .target_name = target,
  };

  cn_triage_add (triage, &item, changed);
}

static CnTriageInfo
info (CnTriage *triage, gint64 id)
{
  CnTriageInfo result;

  g_assert_true (cn_triage_get_info (triage, id, &result));
  return result;
}

static gboolean
array_has (GArray *ids, gint64 id)
{
  for (guint i = 0; i < ids->len; i++)
    {
      if (g_array_index (ids, gint64, i) == id)
        return TRUE;
    }
  return FALSE;
}

/* TEMPLATE_EN with the name of target inserted. */
static char *
template_for (const char *first_name)
{
  return g_strdup_printf ("Hello %s,\n\nI run a small agency that helps industrial firms recruit "
                          "maintenance technicians in the Rhône valley. I noticed that we share "
                          "several contacts and I am convinced we could find synergies "
                          "together. Would you be open to a short exchange next week so that "
                          "I can present our services?\n\nBest regards,\nJulien Morel",
                          first_name);
}

static void
test_campaign (void)
{
  g_autoptr(CnTriage) triage = cn_triage_new (3, 30);
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) members = NULL;
  g_autoptr(GArray) campaigns = NULL;
  const char *names[] = { "Marc", "Sophie", "Inès", "Paul" };
  CnTriageInfo i1;

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *note = template_for (names[i]);

      add (triage, i + 1, "julien morel", names[i], T0 + i * DAY, note, NULL);
    }
  /* Two contacts: not yet a campaign. */
  g_assert_false (info (triage, 1).mass_sent);
  g_assert_cmpuint (info (triage, 1).campaign_size, ==, 0);

  {
    g_autofree char *note = template_for (names[2]);

    add (triage, 3, "julien morel", names[2], T0 + 2 * DAY, note, changed);
  }
  /* The third makes all three mass-sent, and all three are reported. */
  for (gint64 id = 1; id <= 3; id++)
    {
      CnTriageInfo in = info (triage, id);

      g_assert_true (in.mass_sent);
      g_assert_cmpuint (in.campaign_size, ==, 3);
      g_assert_cmpint (in.campaign_id, ==, 1);
      g_assert_cmpint (in.campaign_first_at, ==, T0);
      g_assert_cmpint (in.campaign_last_at, ==, T0 + 2 * DAY);
      g_assert_true (array_has (changed, id));
      /* A campaign is not a repeat by itself. */
      g_assert_false (in.repeated);
    }

  /* One more copy to a contact already counted: size in distinct targets. */
  {
    g_autofree char *note = template_for (names[0]);

    add (triage, 4, "someone else", names[0], T0 + 3 * DAY, note, NULL);
  }
  i1 = info (triage, 4);
  g_assert_true (i1.mass_sent);
  g_assert_cmpuint (i1.campaign_size, ==, 3);

  members = cn_triage_list_campaign (triage, 1);
  g_assert_cmpuint (members->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (g_array_index (members, gint64, i), ==, i + 1);
  campaigns = cn_triage_list_campaigns (triage);
  g_assert_cmpuint (campaigns->len, ==, 1);
  g_assert_cmpint (g_array_index (campaigns, gint64, 0), ==, 1);
}

static void
test_same_requester_different_requests (void)
{
  g_autoptr(CnTriage) triage = cn_triage_new (3, 30);

  add (triage, 1, "nadia", "Claire", T0,
       "I am preparing a move from management control into responsible purchasing and I am "
       "running a job survey: could I ask you three questions about your work in outplacement?",
       NULL);
  add (triage, 2, "nadia", "Bruno", T0 + DAY,
       "Your article on supplier audits in the food industry was very useful to me; would you "
       "review the two-page plan of my thesis on the same subject?",
       NULL);
  add (triage, 3, "nadia", "Chloé", T0 + 2 * DAY,
       "We met at the Lille job fair in March. I am now looking for a position in logistics "
       "and I would value twenty minutes of your advice on the regional market.",
       NULL);

  for (gint64 id = 1; id <= 3; id++)
    {
      g_assert_false (info (triage, id).mass_sent);
      g_assert_cmpint (info (triage, id).campaign_id, ==, 0);
      /* Different contacts, no refusal: not repeats either. */
      g_assert_false (info (triage, id).repeated);
    }
}

static void
test_same_note_same_contact (void)
{
  g_autoptr(CnTriage) triage = cn_triage_new (3, 30);
  g_autoptr(GArray) earlier = NULL;

  add (triage, 1, "julien morel", "Marc", T0, TEMPLATE_EN, NULL);
  add (triage, 2, "julien morel", "Marc", T0 + 5 * DAY, TEMPLATE_EN, NULL);
  add (triage, 3, "julien morel", "Marc", T0 + 9 * DAY, TEMPLATE_EN, NULL);

  /* The first request is never a repeat; the later ones count the earlier. */
  g_assert_false (info (triage, 1).repeated);
  g_assert_cmpuint (info (triage, 1).repeat_count, ==, 0);
  g_assert_true (info (triage, 2).repeated);
  g_assert_cmpuint (info (triage, 2).repeat_count, ==, 1);
  g_assert_cmpuint (info (triage, 3).repeat_count, ==, 2);
  earlier = cn_triage_list_repeat_of (triage, 3);
  g_assert_cmpuint (earlier->len, ==, 2);
  g_assert_cmpint (g_array_index (earlier, gint64, 0), ==, 1);
  g_assert_cmpint (g_array_index (earlier, gint64, 1), ==, 2);

  /* One contact: not a campaign. */
  for (gint64 id = 1; id <= 3; id++)
    g_assert_false (info (triage, id).mass_sent);
}

static void
test_template_campaign (void)
{
  g_autoptr(CnTriage) triage = cn_triage_new (3, 30);
  char *keys[3];

  keys[0] = cn_triage_requester_key ("Léa Martin", NULL, "https://www.linkedin.com/in/lea-m/");
  keys[1] = cn_triage_requester_key ("Tom Weiss", "Tom.Weiss@Example.org", NULL);
  keys[2] = cn_triage_requester_key ("  Yann  LE GOFF ", NULL, NULL);
  g_assert_cmpstr (keys[0], ==, "linkedin.com/in/lea-m");
  g_assert_cmpstr (keys[1], ==, "tom.weiss@example.org");
  g_assert_cmpstr (keys[2], ==, "yann le goff");

  /* LinkedIn's invitation line, from three people to three contacts, with
   * their own greetings and signatures. */
  add (triage, 1, keys[0], "Marc", T0, "Hi Marc, " LINKEDIN_INVITATION, NULL);
  add (triage, 2, keys[1], "Sophie", T0 + DAY, LINKEDIN_INVITATION "\nTom", NULL);
  add (triage, 3, keys[2], "Paul", T0 + 2 * DAY, "Hello Paul!\n" LINKEDIN_INVITATION, NULL);

  for (gint64 id = 1; id <= 3; id++)
    {
      g_assert_true (info (triage, id).mass_sent);
      g_assert_cmpuint (info (triage, id).campaign_size, ==, 3);
      g_assert_false (info (triage, id).repeated);
    }

  for (guint i = 0; i < 3; i++)
    g_free (keys[i]);
  g_assert_null (cn_triage_requester_key (" ", "", NULL));
}

/* Keys are lowered as g_utf8_strdown() lowers, whatever the letters: ASCII
 * (where a capital I takes the locale's rule), accented, or invalid text,
 * which is passed over for the next way of knowing the requester. */
static void
test_requester_key_case (void)
{
  const char *urls[] = { "https://www.LinkedIn.com/in/Ivan-K/",
                         "HTTP://WWW.LINKEDIN.COM/IN/ÉLODIE-ß?trk=x", " https://x.org/IN/a b " };
  const char *emails[] = { "Ivan.Petrov@Example.ORG", "  ÉLODIE@Exemple.FR ", "TOM@x.org" };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autofree char *key = cn_triage_requester_key ("x", NULL, urls[i]);
      g_autofree char *lower = g_utf8_strdown (urls[i], -1);
      const char *start = g_strstrip (lower);

      if (g_str_has_prefix (start, "https://"))
        start += 8;
      else if (g_str_has_prefix (start, "http://"))
        start += 7;
      if (g_str_has_prefix (start, "www."))
        start += 4;
      g_assert_true (g_str_has_prefix (start, key));
      g_assert_true (strchr ("/?#", start[strlen (key)]) != NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (emails); i++)
    {
      g_autofree char *key = cn_triage_requester_key ("x", emails[i], NULL);
      g_autofree char *lower = g_utf8_strdown (emails[i], -1);

      g_assert_cmpstr (key, ==, g_strstrip (lower));
    }

  {
    g_autofree char *key = cn_triage_requester_key ("Ivan \xc3", "Ivan@x.org\xff", "x.org/\xe9");

    g_assert_null (key);
  }
  {
    g_autofree char *key = cn_triage_requester_key ("Ivan Ô", "Ivan@x.org\xff", "x.org/\xe9");

    g_assert_cmpstr (key, ==, "ivan o");
  }
}

static void
test_short_notes (void)
{
  g_autoptr(CnTriage) triage = cn_triage_new (3, 30);
  const char *targets[] = { "Marc", "Sophie", "Paul", "Inès" };

  /* "Please forward" is the note to the connector, never indexed; an empty
   * or near-empty note to the target never forms a campaign either. */
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *requester = g_strdup_printf ("requester %u", i);

      add (triage, i + 1, requester, targets[i], T0 + i, "Please forward.", NULL);
      add (triage, i + 11, requester, targets[i], T0 + i + 1, "", NULL);
      add (triage, i + 21, requester, targets[i], T0 + i + 2, NULL, NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_assert_false (info (triage, i + 1).mass_sent);
      g_assert_false (info (triage, i + 11).mass_sent);
      g_assert_false (info (triage, i + 21).mass_sent);
    }
}

/* "Decline all" on a campaign: its copies are one message to several
 * contacts, not repeats of each other. A later, other request of the same
 * requester is a repeat of every declined copy. */
static void
test_declined_campaign_copies (void)
{
  g_autoptr(CnTriage) triage = cn_triage_new (3, 30);
  const char *names[] = { "Marc", "Sophie", "Inès" };

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *note = template_for (names[i]);

      add (triage, i + 1, "julien morel", names[i], T0 + i * DAY, note, NULL);
    }
  for (gint64 id = 1; id <= 3; id++)
    cn_triage_set_status (triage, id, CN_REQUEST_STATUS_DECLINED, NULL);
  for (gint64 id = 1; id <= 3; id++)
    {
      g_assert_true (info (triage, id).mass_sent);
      g_assert_false (info (triage, id).repeated);
      g_assert_cmpuint (info (triage, id).repeat_count, ==, 0);
    }

  add (triage, 4, "julien morel", "Paul", T0 + 5 * DAY,
       "Would you review the plan of my thesis on supplier audits?", NULL);
  g_assert_cmpuint (info (triage, 4).repeat_count, ==, 3);

  /* A fourth copy joins the campaign: still not a repeat of the others. */
  {
    g_autofree char *note = template_for ("Léa");

    add (triage, 5, "julien morel", "Léa", T0 + 6 * DAY, note, NULL);
  }
  g_assert_true (info (triage, 5).mass_sent);
  /* Only the other request, which was not declined, is earlier: no repeat. */
  g_assert_false (info (triage, 5).repeated);
}

static void
test_repeat_after_decline_or_ask (void)
{
  CnRequestStatus statuses[] = { CN_REQUEST_STATUS_DECLINED, CN_REQUEST_STATUS_ASKED };

  for (guint s = 0; s < G_N_ELEMENTS (statuses); s++)
    {
      g_autoptr(CnTriage) triage = cn_triage_new (3, 30);
      g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));

      add (triage, 1, "nadia", "Claire", T0,
           "Could you give me twenty minutes of advice on outplacement careers?", NULL);
      /* Another contact, another text, long after: not a repeat... */
      add (triage, 2, "nadia", "Bruno", T0 + 90 * DAY,
           "Would you review the plan of my thesis on supplier audits?", NULL);
      g_assert_false (info (triage, 2).repeated);

      /* ...until the first one is declined or asked to be motivated. */
      cn_triage_set_status (triage, 1, statuses[s], changed);
      g_assert_true (info (triage, 2).repeated);
      g_assert_cmpuint (info (triage, 2).repeat_count, ==, 1);
      g_assert_false (info (triage, 1).repeated);
      g_assert_cmpuint (changed->len, ==, 1);
      g_assert_cmpint (g_array_index (changed, gint64, 0), ==, 2);

      /* Someone else is not concerned. */
      add (triage, 3, "someone", "Bruno", T0 + 91 * DAY,
           "Would you review the plan of my thesis on supplier audits?", NULL);
      g_assert_false (info (triage, 3).repeated);

      /* Back to new: no longer a repeat. */
      g_array_set_size (changed, 0);
      cn_triage_set_status (triage, 1, CN_REQUEST_STATUS_NEW, changed);
      g_assert_false (info (triage, 2).repeated);
      g_assert_true (array_has (changed, 2));
    }
}

static void
test_remove (void)
{
  g_autoptr(CnTriage) triage = cn_triage_new (3, 30);
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *names[] = { "Marc", "Sophie", "Inès", "Paul" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *note = template_for (names[i]);

      add (triage, i + 1, "julien morel", names[i], T0 + i * DAY, note, NULL);
    }
  g_assert_cmpuint (info (triage, 2).campaign_size, ==, 4);
  g_assert_cmpuint (cn_triage_get_n_requests (triage), ==, 4);

  /* The oldest goes: the campaign lives on, named after the next oldest. */
  cn_triage_remove (triage, 1, changed);
  g_assert_false (cn_triage_get_info (triage, 1, &(CnTriageInfo){ 0 }));
  g_assert_true (array_has (changed, 1));
  for (gint64 id = 2; id <= 4; id++)
    {
      g_assert_true (array_has (changed, id));
      g_assert_cmpint (info (triage, id).campaign_id, ==, 2);
      g_assert_cmpuint (info (triage, id).campaign_size, ==, 3);
      g_assert_cmpint (info (triage, id).campaign_first_at, ==, T0 + DAY);
    }

  /* Below three contacts: no longer mass-sent. */
  g_array_set_size (changed, 0);
  cn_triage_remove (triage, 3, changed);
  g_assert_false (info (triage, 2).mass_sent);
  g_assert_false (info (triage, 4).mass_sent);
  g_assert_cmpuint (info (triage, 4).campaign_size, ==, 0);
  g_assert_true (array_has (changed, 2) && array_has (changed, 4));
  {
    g_autoptr(GArray) campaigns = cn_triage_list_campaigns (triage);

    g_assert_cmpuint (campaigns->len, ==, 0);
  }
  g_assert_cmpuint (cn_triage_get_n_requests (triage), ==, 2);

  /* Removing what is not there changes nothing. */
  g_array_set_size (changed, 0);
  cn_triage_remove (triage, 99, changed);
  g_assert_cmpuint (changed->len, ==, 0);
}

/* Many requests of scattered ids (negative, huge, close together) added,
 * removed and added again: each is found while it is there, and only then. */
static void
test_many_ids (void)
{
  g_autoptr(CnTriage) triage = cn_triage_new (3, 30);
  g_autoptr(GHashTable) present = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *ids = g_new (gint64, 6000);
  CnTriageInfo result;

  for (guint i = 0; i < 6000; i++)
    {
      /* Ids that share their low bits, or their high ones, or neither. */
      ids[i] = i % 3 == 0 ? (gint64) i << 32 : i % 3 == 1 ? -(gint64) i * 7919 : G_MAXINT64 - i;
      add (triage, ids[i], NULL, NULL, T0 + i, "Short note", NULL);
      g_hash_table_add (present, &ids[i]);
    }
  for (guint round = 0; round < 3; round++)
    {
      for (guint i = round; i < 6000; i += 2 + round)
        {
          if (g_hash_table_remove (present, &ids[i]))
            cn_triage_remove (triage, ids[i], NULL);
          else
            {
              add (triage, ids[i], NULL, NULL, T0 + i, "Short note", NULL);
              g_hash_table_add (present, &ids[i]);
            }
        }
      g_assert_cmpuint (cn_triage_get_n_requests (triage), ==, g_hash_table_size (present));
      for (guint i = 0; i < 6000; i++)
        g_assert_cmpint (cn_triage_get_info (triage, ids[i], &result), ==,
                         g_hash_table_contains (present, &ids[i]));
    }
}

static void
test_remove_splits (void)
{
  g_autoptr(CnTriage) triage = cn_triage_new (2, 30);
  /* b is between a and c: a–b and b–c match, a–c do not. Without b, the
   * group falls apart. */
  const char *a = "We are building a cooperative bakery in Grenoble with twelve partners and we "
                  "are looking for people who know the food retail sector, its margins, its "
                  "suppliers and its rules, to help us write a realistic business plan before "
                  "the bank meeting in June.";
  const char *b = "We are opening a cooperative bakery in Grenoble with twelve members and we "
                  "are looking for people who know the organic retail sector, its margins, its "
                  "suppliers and its rules, to help us write a realistic business plan before "
                  "the bank meeting in June.";
  const char *c = "We are opening a cooperative bakery in Grenoble with twelve members and we "
                  "are looking for mentors who know the organic retail sector, its prices, its "
                  "farmers and its rules, to help us write a credible business plan before "
                  "the bank meeting in June.";
  CnFingerprint fa = fingerprint (a, NULL), fb = fingerprint (b, NULL), fc = fingerprint (c, NULL);

  g_assert_true (cn_fingerprint_matches (&fa, &fb));
  g_assert_true (cn_fingerprint_matches (&fb, &fc));
  g_assert_false (cn_fingerprint_matches (&fa, &fc));

  add (triage, 1, "x", "Marc", T0, a, NULL);
  add (triage, 2, "y", "Sophie", T0 + 1, b, NULL);
  add (triage, 3, "z", "Paul", T0 + 2, c, NULL);
  g_assert_cmpuint (info (triage, 1).campaign_size, ==, 3);

  cn_triage_remove (triage, 2, NULL);
  g_assert_false (info (triage, 1).mass_sent);
  g_assert_false (info (triage, 3).mass_sent);
}

static void
test_remove_identical_copies (void)
{
  g_autoptr(CnTriage) triage = cn_triage_new (3, 30);
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *targets[] = { "Marc", "Sophie", "Paul", "Inès" };

  /* The same stock line, word for word, to four contacts. */
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *requester = g_strdup_printf ("requester %u", i);

      add (triage, i + 1, requester, targets[i], T0 + i, LINKEDIN_INVITATION, NULL);
    }
  g_assert_cmpuint (info (triage, 4).campaign_size, ==, 4);

  /* Taking one copy out leaves three contacts, all told. */
  cn_triage_remove (triage, 1, changed);
  for (gint64 id = 2; id <= 4; id++)
    {
      g_assert_true (array_has (changed, id));
      g_assert_cmpuint (info (triage, id).campaign_size, ==, 3);
      g_assert_cmpint (info (triage, id).campaign_id, ==, 2);
    }

  /* Two contacts left: no longer mass-sent. */
  g_array_set_size (changed, 0);
  cn_triage_remove (triage, 3, changed);
  g_assert_false (info (triage, 2).mass_sent);
  g_assert_false (info (triage, 4).mass_sent);
  g_assert_true (array_has (changed, 2) && array_has (changed, 4));

  /* A new copy makes it a campaign again. */
  add (triage, 5, "requester 9", "Chloé", T0 + 9, LINKEDIN_INVITATION, changed);
  g_assert_true (info (triage, 2).mass_sent);
  g_assert_cmpuint (info (triage, 5).campaign_size, ==, 3);
}

static void
test_window (void)
{
  g_autoptr(CnTriage) week = cn_triage_new (3, 7);
  g_autoptr(CnTriage) month = cn_triage_new (3, 30);
  CnTriage *triages[] = { week, month };

  for (guint i = 0; i < G_N_ELEMENTS (triages); i++)
    {
      add (triages[i], 1, "nadia", "Claire", T0,
           "Could you give me twenty minutes of advice on outplacement careers?", NULL);
      add (triages[i], 2, "nadia", "Claire", T0 + 10 * DAY,
           "Could you give me twenty minutes of advice on outplacement careers?", NULL);
      add (triages[i], 3, "nadia", "Claire", T0 + 45 * DAY,
           "Could you give me twenty minutes of advice on outplacement careers?", NULL);
    }

  /* Ten days later: a repeat within a month, not within a week. */
  g_assert_false (info (week, 2).repeated);
  g_assert_true (info (month, 2).repeated);
  /* 45 days after the first, 35 after the second: outside both. */
  g_assert_false (info (week, 3).repeated);
  g_assert_false (info (month, 3).repeated);
}

static void
test_changed_ids (void)
{
  g_autoptr(CnTriage) triage = cn_triage_new (3, 30);
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));

  add (triage, 1, "a", "Marc", T0, TEMPLATE_EN, NULL);
  add (triage, 2, "b", "Sophie", T0 + 1, "Would you review the plan of my thesis?", NULL);

  /* An unrelated request reports itself only. */
  add (triage, 3, "c", "Paul", T0 + 2,
       "I am organising a conference on water management and would like to invite you "
       "to speak for twenty minutes about your work at the agency.",
       changed);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpint (g_array_index (changed, gint64, 0), ==, 3);

  /* A second request of a to the same contact reports itself; the earlier
   * one is unchanged. */
  g_array_set_size (changed, 0);
  add (triage, 4, "a", "Marc", T0 + DAY, "Could we talk about maintenance recruiting soon?",
       changed);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpint (g_array_index (changed, gint64, 0), ==, 4);
  g_assert_true (info (triage, 4).repeated);

  /* An older request of a added afterwards changes the later ones. */
  g_array_set_size (changed, 0);
  add (triage, 5, "a", "Marc", T0 - DAY, "Could we talk about maintenance recruiting soon?",
       changed);
  g_assert_true (array_has (changed, 5));
  g_assert_true (array_has (changed, 1));
  g_assert_true (array_has (changed, 4));
  g_assert_cmpuint (info (triage, 4).repeat_count, ==, 2);
  g_assert_false (info (triage, 5).repeated);

  /* Replacing a request with the same id keeps one entry. */
  g_array_set_size (changed, 0);
  add (triage, 5, "z", "Marc", T0 - DAY, "Could we talk about maintenance recruiting soon?",
       changed);
  g_assert_cmpuint (cn_triage_get_n_requests (triage), ==, 5);
  g_assert_true (array_has (changed, 5));
  g_assert_cmpuint (info (triage, 4).repeat_count, ==, 1);
}

/* Groups hold notes directly similar to one another, never chains. */

static gboolean
campaign_has (CnTriage *triage, gint64 campaign_id, gint64 id)
{
  g_autoptr(GArray) members = cn_triage_list_campaign (triage, campaign_id);

  return array_has (members, id);
}

static void
test_no_chain (void)
{
  g_autoptr(CnTriage) triage = cn_triage_new (2, 30);
  /* b is a with a paragraph of c added: a–b and b–c match, a and c share
   * only their formulas. */
  const char *a = "I hope this message finds you well. I am a project manager in Lyon. We are "
                  "opening a repair workshop for electric cargo bikes near the station, in the "
                  "east of the city, and our first customers are bakeries and florists who "
                  "deliver in the old town. Thank you for your time, I look forward to hearing "
                  "from you.";
  const char *b = "I hope this message finds you well. I am a project manager in Lyon. We are "
                  "opening a repair workshop for electric cargo bikes near the station, in the "
                  "east of the city, and our first customers are bakeries and florists who "
                  "deliver in the old town. My daughter is choosing between medical school and "
                  "a nursing degree this spring, and she wonders how you chose your own path "
                  "after high school and whether you would do it again. Thank you for your "
                  "time, I look forward to hearing from you.";
  const char *c = "I hope this message finds you well. I am a project manager in Lyon. My "
                  "daughter is choosing between medical school and a nursing degree this "
                  "spring, and she wonders how you chose your own path after high school and "
                  "whether you would do it again. Thank you for your time, I look forward to "
                  "hearing from you.";
  CnFingerprint fa = fingerprint (a, NULL), fb = fingerprint (b, NULL), fc = fingerprint (c, NULL);

  g_assert_true (cn_fingerprint_matches (&fa, &fb));
  g_assert_true (cn_fingerprint_matches (&fb, &fc));
  g_assert_cmpfloat (cn_fingerprint_similarity (&fa, &fc), <, 0.3);

  add (triage, 1, "x", "Marc", T0, a, NULL);
  add (triage, 2, "y", "Sophie", T0 + 1, b, NULL);
  add (triage, 3, "z", "Paul", T0 + 2, c, NULL);

  /* a and b are one campaign; c is not pulled in through b. */
  g_assert_true (info (triage, 1).mass_sent);
  g_assert_cmpint (info (triage, 2).campaign_id, ==, 1);
  g_assert_cmpuint (info (triage, 1).campaign_size, ==, 2);
  g_assert_cmpint (info (triage, 3).campaign_id, !=, 1);
  g_assert_false (campaign_has (triage, 1, 3));
}

/* "Bonjour <name>, <opener> <frame> <body> <closer>" */
static char *
french_note (const char *name, const char *body)
{
  return g_strdup_printf ("Bonjour %s,\n\nJe me permets de vous contacter car nous avons "
                          "plusieurs relations en commun. Je suis chef de projet à Nantes depuis "
                          "six ans. %s Merci d'avance pour votre aide, au plaisir de vous lire."
                          "\n\nBien cordialement,\nClaire Dupuis",
                          name, body);
}

#define NURSERY                                                                                    \
  "Nous ouvrons une crèche associative dans le quartier de la gare et nous cherchons des "        \
  "parents prêts à rejoindre le conseil d'administration avant la rentrée de septembre."
#define MARATHON                                                                                   \
  "Je prépare le marathon de Rennes avec une association qui collecte des fonds pour la "         \
  "recherche sur les maladies rares, et chaque don compte, même modeste."

static void
test_campaigns_sharing_formulas (void)
{
  g_autoptr(CnTriage) triage = cn_triage_new (3, 30);
  const char *x_names[] = { "Marc", "Sophie", "Inès" };
  const char *y_names[] = { "Paul", "Chloé", "Hugo" };
  g_autoptr(GArray) campaigns = NULL;
  g_autoptr(GArray) y_members = NULL;

  /* Two campaigns with the same opener, frame and closer; between them, a
   * note that has both bodies and matches both. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *note = french_note (x_names[i], NURSERY);

      add (triage, i + 1, "claire", x_names[i], T0 + i, note, NULL);
    }
  {
    g_autofree char *note = french_note ("Yann", NURSERY " " MARATHON);

    add (triage, 4, "claire", "Yann", T0 + 10, note, NULL);
  }
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *note = french_note (y_names[i], MARATHON);

      add (triage, i + 5, "claire", y_names[i], T0 + 20 + i, note, NULL);
    }

  g_assert_true (info (triage, 1).mass_sent);
  g_assert_true (info (triage, 5).mass_sent);
  g_assert_cmpint (info (triage, 1).campaign_id, !=, info (triage, 5).campaign_id);
  for (gint64 id = 5; id <= 7; id++)
    {
      g_assert_cmpint (info (triage, id).campaign_id, ==, 5);
      g_assert_false (campaign_has (triage, 1, id));
    }
  y_members = cn_triage_list_campaign (triage, 5);
  g_assert_cmpuint (y_members->len, ==, 3);
  campaigns = cn_triage_list_campaigns (triage);
  g_assert_cmpuint (campaigns->len, ==, 2);
}

#define STUDIO_OPENING                                                                             \
  "I hope this finds you well. I noticed that you lead the digital team of your institution."
#define STUDIO_BODY                                                                                \
  "Our studio designs accessible websites for museums and libraries, and we have just "            \
  "finished the new site of a science museum in Grenoble."
#define STUDIO_ASK "Would you be open to a twenty-minute call next week?"
#define STUDIO_ABOUT                                                                               \
  "A word about me: I trained as a sign language interpreter before design, and I still "          \
  "volunteer at a youth club in Lyon."

static void
test_perturbed_campaign (void)
{
  g_autoptr(CnTriage) triage = cn_triage_new (3, 30);
  g_autoptr(GArray) members = NULL;
  const char *copies[] = {
    "Hello Marc,\n" STUDIO_OPENING " " STUDIO_BODY " " STUDIO_ASK "\nBest regards,\nNoé Roux",
    "Hello Sophie, I hope this finds you well! I noticed that you lead the digital team of "
    "your institution! Our studio designs accessible websites for museums and libraries, and "
    "we have just finished the new site of a science museum in Grenoble! Would you be open to "
    "a short call next week?\nNoé",
    "HI PAUL, I HOPE THIS FINDS YOU WELL. I NOTICED THAT YOU LEAD THE DIGITAL TEAM OF YOUR "
    "INSTITUTION. OUR STUDIO DESIGNS ACCESSIBLE WEBSITES FOR MUSEUMS AND LIBRARIES, AND WE HAVE "
    "JUST FINISHED THE NEW SITE OF A SCIENCE MUSEUM IN GRENOBLE. WOULD YOU BE OPEN TO A "
    "TWENTY-MINUTE CALL NEXT WEEK?",
    /* The sender added a word about themselves. */
    "Dear Mr Blanc,\n" STUDIO_OPENING " " STUDIO_BODY " " STUDIO_ABOUT " " STUDIO_ASK
    "\nThanks,\nNoé Roux",
    "Hi Inès, I hope this finds you well, Inès. I noticed that you lead the digital team of "
    "your institution. Our studio designs accessible websites for museums and libraries and we "
    "have just finished the new site of a science museum in Grenoble. Would you be open to a "
    "twenty-minute call next week?",
  };
  const char *targets[] = { "Marc", "Sophie", "Paul", "Blanc", "Inès" };

  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      add (triage, i + 1, "noé roux", targets[i], T0 + i * DAY, copies[i], NULL);
      /* Another note of the same sender, right after the copy with the
       * word about them: it shares that word and the formulas, not the
       * campaign's body. */
      if (i == 3)
        add (triage, 10, "noé roux", "Chloé", T0 + i * DAY + 1,
             "Hello Chloé, " STUDIO_OPENING " " STUDIO_ABOUT " " STUDIO_ASK, NULL);
    }

  members = cn_triage_list_campaign (triage, 1);
  g_assert_cmpuint (members->len, ==, 5);
  for (gint64 id = 1; id <= 5; id++)
    {
      g_assert_cmpint (info (triage, id).campaign_id, ==, 1);
      g_assert_cmpuint (info (triage, id).campaign_size, ==, 5);
    }
  g_assert_false (info (triage, 10).mass_sent);
}

/* A fixed behaviour, whatever the index's inner workings: a generated mix of
 * campaigns (perturbed copies, shared templates, stock lines), repeats,
 * decisions and removals, replayed through the incremental API; every
 * operation's changed ids (counted and summed) and every request's final
 * CnTriageInfo must equal what tests/core/triage-golden.tsv recorded. Set
 * CN_TRIAGE_GOLDEN_WRITE=1 to write that file again after a change meant to
 * alter results. */

#define GOLDEN_N 3000

static guint64 golden_rng;

static guint
golden_below (guint n)
{
  golden_rng ^= golden_rng >> 12;
  golden_rng ^= golden_rng << 25;
  golden_rng ^= golden_rng >> 27;
  return (guint) (((golden_rng * G_GUINT64_CONSTANT (2685821657736338717)) >> 33) % n);
}

static const char *const golden_words[] = {
  "introduce", "purchasing", "survey",  "founder",   "advice",      "funding",   "team",
  "recruit",   "logistics",  "minutes", "call",      "question",    "project",   "market",
  "échanger",  "entreprise", "conseil", "recherche", "stage",       "réseau",    "industrie",
  "marketing", "data",       "design",  "clinical",  "maintenance", "energy",    "school",
  "collègue",  "partenaire", "budget",  "products",  "customers",   "pricing",   "Lyon",
  "Portland",  "engineers",  "thesis",  "article",   "comment",     "portfolio", "hiring",
};

static char *
golden_body (guint n_words)
{
  GString *body = g_string_new (NULL);

  for (guint i = 0; i < n_words; i++)
    {
      if (i > 0)
        g_string_append_c (body, i % 9 == 0 ? '.' : ' ');
      if (i % 9 == 0 && i > 0)
        g_string_append_c (body, ' ');
      g_string_append (body, golden_words[golden_below (G_N_ELEMENTS (golden_words))]);
    }
  return g_string_free (body, FALSE);
}

/* A copy as senders make them: another greeting and name, a word swapped. */
static char *
golden_copy (const char *body, const char *target)
{
  g_autofree char *swapped = g_strdup (body);

  if (golden_below (3) == 0)
    {
      char *space = strchr (swapped + golden_below (strlen (swapped) / 2 + 1), ' ');

      if (space != NULL && space[1] != '\0')
        space[1] = 'z';
    }
  return g_strdup_printf ("%s %s,\n\n%s\n\n%s", golden_below (2) ? "Hello" : "Dear", target,
                          swapped, golden_below (2) ? "Best," : "Thanks!");
}

static void
golden_log_changed (GString *log, guint op, GArray *changed)
{
  gint64 sum = 0;

  for (guint i = 0; i < changed->len; i++)
    sum += g_array_index (changed, gint64, i);
  g_string_append_printf (log, "op\t%u\t%u\t%" G_GINT64_FORMAT "\n", op, changed->len, sum);
  g_array_set_size (changed, 0);
}

static void
test_golden (void)
{
  g_autoptr(CnTriage) triage = cn_triage_new (3, 30);
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  const char *root = g_getenv ("CONNECTEUR_SOURCE_ROOT");
  guint op = 0;

  if (root == NULL)
    {
      g_test_skip ("CONNECTEUR_SOURCE_ROOT is not set");
      return;
    }
  path = g_build_filename (root, "tests", "core", "triage-golden.tsv", NULL);

  golden_rng = G_GUINT64_CONSTANT (0x2545f4914f6cdd1d);
  for (guint i = 0; i < 40; i++)
    g_ptr_array_add (templates, golden_body (6 + golden_below (40)));

  for (gint64 id = 1; id <= GOLDEN_N; id++)
    {
      g_autofree char *requester = NULL;
      g_autofree char *target = NULL;
      g_autofree char *note = NULL;
      g_autofree char *own = NULL;
      guint kind = golden_below (10);
      CnTriageItem item = { 0 };

      requester = g_strdup_printf ("requester-%u", golden_below (400));
      target = g_strdup_printf ("Contact%u", golden_below (600));
      if (kind < 4)
        note = golden_copy (g_ptr_array_index (templates, golden_below (templates->len)), target);
      else if (kind < 5)
        note = golden_body (golden_below (5));
      else
        {
          own = golden_body (8 + golden_below (30));
          note = golden_copy (own, target);
        }

      item.id = id;
      item.requester_key = golden_below (20) == 0 ? NULL : requester;
      item.target_key = golden_below (25) == 0 ? NULL : target;
      /* Mostly in date order, some late arrivals. */
      item.received_at = T0 + id * 3600 - (golden_below (8) == 0 ? golden_below (60) * DAY : 0);
      item.status = golden_below (12) == 0   ? CN_REQUEST_STATUS_DECLINED
                    : golden_below (12) == 0 ? CN_REQUEST_STATUS_ASKED
                                             : CN_REQUEST_STATUS_NEW;
      item.note_to_target = note;
      item.target_name = target;
      item.requester_name = golden_below (2) ? "Julien Morel" : NULL;
      cn_triage_add (triage, &item, changed);
      golden_log_changed (log, op++, changed);

      if (id % 10 == 0)
        {
          gint64 other = 1 + golden_below ((guint) id);

          switch (golden_below (3))
            {
            case 0:
              cn_triage_remove (triage, other, changed);
              break;
            case 1:
              cn_triage_set_status (triage, other,
                                    golden_below (2) ? CN_REQUEST_STATUS_DECLINED
                                                     : CN_REQUEST_STATUS_FORWARDED,
                                    changed);
              break;
            default:
              {
                /* Replaced by a copy of a template. */
                g_autofree char *copy =
                    golden_copy (g_ptr_array_index (templates, golden_below (templates->len)),
                                 target);
                CnTriageItem again = item;

                again.id = other;
                again.note_to_target = copy;
                cn_triage_add (triage, &again, changed);
              }
            }
          golden_log_changed (log, op++, changed);
        }
    }

  for (gint64 id = 1; id <= GOLDEN_N; id++)
    {
      CnTriageInfo info;

      if (!cn_triage_get_info (triage, id, &info))
        {
          g_string_append_printf (log, "%" G_GINT64_FORMAT "\tremoved\n", id);
          continue;
        }
      g_string_append_printf (log,
                              "%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%u\t%" G_GINT64_FORMAT
                              "\t%" G_GINT64_FORMAT "\t%d\t%d\t%u\n",
                              id, info.campaign_id, info.campaign_size, info.campaign_first_at,
                              info.campaign_last_at, info.mass_sent, info.repeated,
                              info.repeat_count);
    }
  {
    g_autoptr(GArray) campaigns = cn_triage_list_campaigns (triage);

    g_string_append (log, "campaigns");
    for (guint i = 0; i < campaigns->len; i++)
      g_string_append_printf (log, "\t%" G_GINT64_FORMAT, g_array_index (campaigns, gint64, i));
    g_string_append_c (log, '\n');
  }

  if (g_getenv ("CN_TRIAGE_GOLDEN_WRITE") != NULL)
    {
      g_assert_true (g_file_set_contents (path, log->str, log->len, NULL));
      return;
    }
  g_assert_true (g_file_get_contents (path, &expected, NULL, NULL));
  {
    /* The first line that differs, not the whole dump. */
    g_auto(GStrv) got_lines = g_strsplit (log->str, "\n", -1);
    g_auto(GStrv) expected_lines = g_strsplit (expected, "\n", -1);

    for (guint i = 0; got_lines[i] != NULL || expected_lines[i] != NULL; i++)
      g_assert_cmpstr (got_lines[i], ==, expected_lines[i]);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/triage/fingerprint/perturbations", test_fingerprint_perturbations);
  g_test_add_func ("/triage/fingerprint/unrelated", test_fingerprint_unrelated);
  g_test_add_func ("/triage/fingerprint/stable", test_fingerprint_stable);
  g_test_add_func ("/triage/campaign", test_campaign);
  g_test_add_func ("/triage/same-requester-different-requests",
                   test_same_requester_different_requests);
  g_test_add_func ("/triage/same-note-same-contact", test_same_note_same_contact);
  g_test_add_func ("/triage/template-campaign", test_template_campaign);
  g_test_add_func ("/triage/requester-key-case", test_requester_key_case);
  g_test_add_func ("/triage/short-notes", test_short_notes);
  g_test_add_func ("/triage/repeat-after-decline-or-ask", test_repeat_after_decline_or_ask);
  g_test_add_func ("/triage/declined-campaign-copies", test_declined_campaign_copies);
  g_test_add_func ("/triage/remove", test_remove);
  g_test_add_func ("/triage/remove-splits", test_remove_splits);
  g_test_add_func ("/triage/many-ids", test_many_ids);
  g_test_add_func ("/triage/remove-identical-copies", test_remove_identical_copies);
  g_test_add_func ("/triage/window", test_window);
  g_test_add_func ("/triage/changed-ids", test_changed_ids);
  g_test_add_func ("/triage/no-chain", test_no_chain);
  g_test_add_func ("/triage/campaigns-sharing-formulas", test_campaigns_sharing_formulas);
  g_test_add_func ("/triage/perturbed-campaign", test_perturbed_campaign);
  g_test_add_func ("/triage/golden", test_golden);

  return g_test_run ();
}
