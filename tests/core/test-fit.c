/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "cn-demo.h"
#include "cn-fit.h"
#include "cn-request.h"
#include "cn-stem.h"
#include "cn-store.h"
#include "cn-test-utils.h"

/* ---- Helpers --------------------------------------------------------------- */

static CnContact *
make_contact (const char *position,
              const char *company,
              const char *const *tags,
              CnRequestKind kinds)
{
  CnContact *contact = cn_contact_new ("Test Contact");

  cn_contact_set_position (contact, position);
  cn_contact_set_company (contact, company);
  if (tags != NULL)
    cn_contact_set_expertise (contact, tags);
  cn_contact_set_accepted_kinds (contact, kinds);
  return contact;
}

/* TRUE when @a and @b share a stem for @lang ("fr", "en", NULL). */
static gboolean
words_meet (const char *a, const char *b, const char *lang)
{
  CnStemmed sa, sb;
  gboolean meet;

  cn_stemmed_init (&sa);
  cn_stemmed_init (&sb);
  cn_stemmed_reset (&sa, a, cn_stem_langs_from_string (lang));
  cn_stemmed_reset (&sb, b, cn_stem_langs_from_string (lang));
  g_assert_cmpuint (sa.n_words, ==, 1);
  g_assert_cmpuint (sb.n_words, ==, 1);
  meet = cn_stem_words_meet (&sa, 0, &sb, 0);
  cn_stemmed_clear (&sa);
  cn_stemmed_clear (&sb);
  return meet;
}

/* The text a match points at in its note, by character offsets. */
static char *
match_text (const CnFitMatch *m, const char *note_to_target, const char *note_to_connector)
{
  const char *note = m->note == CN_NOTE_TO_TARGET ? note_to_target : note_to_connector;

  return g_utf8_substring (note, m->span.start, m->span.end);
}

static const char *
kind_id (CnRequestKind kind)
{
  return cn_request_kind_to_string (kind);
}

/* ---- Stemming -------------------------------------------------------------- */

static void
test_stem_inflections (void)
{
  /* Pairs that must meet, whatever the language the note is read in. */
  static const char *const meet_fr[][2] = {
    { "recrutement", "recruteur" },        { "recruteur", "recruter" },
    { "recrutements", "recrute" },         { "recruteuse", "recrutement" },
    { "Cybersécurité", "cybersecurite" },  { "cybersécurité", "CYBERSÉCURITÉ" },
    { "investissement", "investisseur" },  { "investisseurs", "investir" },
    { "journaliste", "journalisme" },      { "journalistes", "journaliste" },
    { "développeur", "développement" },    { "développeuse", "développer" },
    { "fondateur", "fondatrice" },         { "conseiller", "conseillère" },
    { "conseil", "conseiller" },           { "consultante", "consultant" },
    { "formateur", "formation" },          { "financement", "financeur" },
    { "accompagnement", "accompagner" },   { "compétences", "compétence" },
    { "professionnels", "professionnel" }, { "directrice", "directeur" },
  };
  static const char *const meet_en[][2] = {
    { "connections", "connect" },   { "connected", "connect" },
    { "connecting", "connection" }, { "recruiter", "recruiting" },
    { "recruitment", "recruit" },   { "investor", "investment" },
    { "investors", "invest" },      { "journalist", "journalism" },
    { "developer", "development" }, { "mentoring", "mentor" },
    { "hiring", "hire" },           { "engineering", "engineers" },
    { "marketing", "market" },      { "consultants", "consulting" },
  };
  /* Words that must stay apart. */
  static const char *const apart[][2] = {
    { "recrutement", "investissement" },
    { "journaliste", "juriste" },
    { "mentor", "mention" },
    { "cybersécurité", "sécurité" },
    { "connect", "collect" },
    { "outplacement", "placement" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (meet_fr); i++)
    {
      g_test_message ("fr: %s ~ %s", meet_fr[i][0], meet_fr[i][1]);
      g_assert_true (words_meet (meet_fr[i][0], meet_fr[i][1], "fr"));
      g_assert_true (words_meet (meet_fr[i][0], meet_fr[i][1], NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (meet_en); i++)
    {
      g_test_message ("en: %s ~ %s", meet_en[i][0], meet_en[i][1]);
      g_assert_true (words_meet (meet_en[i][0], meet_en[i][1], "en"));
      g_assert_true (words_meet (meet_en[i][0], meet_en[i][1], NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (apart); i++)
    {
      g_test_message ("apart: %s / %s", apart[i][0], apart[i][1]);
      g_assert_false (words_meet (apart[i][0], apart[i][1], NULL));
    }
}

static void
test_stem_words (void)
{
  CnStemmed s;
  const char *text = "L’Équipe de cybersécurité, à Paris : 27001 et 42.";

  cn_stemmed_init (&s);
  cn_stemmed_reset (&s, text, CN_STEM_LANGS_BOTH);
  /* l, equipe, de, cybersecurite, a, paris, 27001, et, 42 */
  g_assert_cmpuint (s.n_words, ==, 9);
  g_assert_true (s.words[0].stop); /* "l": under three letters */
  g_assert_cmpstr (cn_stemmed_folded (&s, 1), ==, "equipe");
  g_assert_false (s.words[1].stop);
  g_assert_true (s.words[2].stop);
  g_assert_cmpstr (cn_stemmed_folded (&s, 3), ==, "cybersecurite");
  g_assert_cmpuint (s.words[3].char_start, ==, 12);
  g_assert_cmpuint (s.words[3].char_end, ==, 25);
  g_assert_true (s.words[6].number);
  g_assert_false (s.words[6].stop);
  g_assert_true (s.words[8].stop); /* "42": too short */

  /* Invalid UTF-8 is read as far as it is valid. */
  cn_stemmed_reset (&s, "recrutement \xff\xfe recruteur", CN_STEM_LANGS_FR);
  g_assert_cmpuint (s.n_words, ==, 1);
  cn_stemmed_reset (&s, NULL, CN_STEM_LANGS_FR);
  g_assert_cmpuint (s.n_words, ==, 0);
  cn_stemmed_clear (&s);
}

static gpointer
stem_in_thread (gpointer data)
{
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *a = cn_stem_word ("recrutements", CN_STEM_FR);
      g_autofree char *b = cn_stem_word ("connections", CN_STEM_EN);

      const char *tags[] = { "recrutement", "marque employeur", NULL };
      g_autoptr(CnContact) contact = make_contact (NULL, NULL, tags, CN_REQUEST_KIND_RECRUITING);
      g_autoptr(CnFit) fit =
              cn_fit_compute ("Je recrute une recruteuse pour travailler notre marque employeur.",
                              NULL, NULL, contact);

      if (g_strcmp0 (a, "recrut") != 0 || g_strcmp0 (b, "connect") != 0)
        return GINT_TO_POINTER (FALSE);
      if (cn_fit_get_level (fit) != CN_FIT_GOOD || cn_fit_get_n_matches (fit) != 4 ||
          cn_fit_get_kind (fit) != CN_REQUEST_KIND_RECRUITING)
        return GINT_TO_POINTER (FALSE);
    }
  return GINT_TO_POINTER (TRUE);
}

static void
test_stem_threads (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("stem", stem_in_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}


/* ---- Kinds ------------------------------------------------------------------- */

typedef struct
{
  const char *lang;
  CnRequestKind kind;
  const char *to_target;
  const char *to_connector;
} KindCase;

/* Short notes written for these tests. */
static const KindCase kind_cases[] = {
  /* Job search */
  { "fr", CN_REQUEST_KIND_JOB_SEARCH,
    "Bonjour, je suis comptable et je cherche un poste dans une PME industrielle de la région. "
    "Auriez-vous dix minutes pour me dire comment votre service embauche ?",
    NULL },
  { "fr", CN_REQUEST_KIND_JOB_SEARCH,
    "Après mon licenciement économique, je suis en recherche d'emploi comme chargée de "
    "communication. Je joins mon CV.",
    "Merci de transmettre à Paul." },
  { "fr", CN_REQUEST_KIND_JOB_SEARCH,
    "Je souhaite postuler chez vous : ma candidature au poste de technicien vous est-elle "
    "parvenue ?",
    NULL },
  { "en", CN_REQUEST_KIND_JOB_SEARCH,
    "Hi Sam, I was laid off last month and I'm looking for a job in supply chain planning. "
    "Could I send you my resume?",
    NULL },
  { "en", CN_REQUEST_KIND_JOB_SEARCH,
    "I'm a nurse hoping to join your team at the clinic. Is my application still open?", NULL },
  { "en", CN_REQUEST_KIND_JOB_SEARCH,
    "Hello, I'm open to work as a junior data analyst and would value a pointer to the "
    "right hiring manager.",
    "She is in the middle of a job search." },
  /* Recruiting */
  { "fr", CN_REQUEST_KIND_RECRUITING,
    "Bonjour, je recrute un chef de chantier pour une entreprise de gros œuvre à Nantes. "
    "Votre profil m'intéresse, seriez-vous ouvert à en parler ?",
    NULL },
  { "fr", CN_REQUEST_KIND_RECRUITING,
    "Nous recrutons deux infirmiers en CDI. Je vous envoie la fiche de poste si vous "
    "connaissez quelqu'un.",
    NULL },
  { "fr", CN_REQUEST_KIND_RECRUITING,
    "Je suis chasseur de têtes pour un cabinet de recrutement : un poste à pourvoir de "
    "directeur financier pourrait vous plaire.",
    NULL },
  { "en", CN_REQUEST_KIND_RECRUITING,
    "Hi Jo, we're hiring a staff engineer for our payments team. Happy to share the job "
    "description and salary range.",
    NULL },
  { "en", CN_REQUEST_KIND_RECRUITING,
    "I'm a recruiter at a logistics firm; we have an open position for a warehouse lead "
    "and your name came up.",
    NULL },
  { "en", CN_REQUEST_KIND_RECRUITING,
    "We need to recruit three candidates with Kotlin experience. Would you know anyone?", NULL },
  /* Business */
  { "fr", CN_REQUEST_KIND_BUSINESS,
    "Bonjour, notre agence aide les hôtels à remplir leurs chambres. Je vous propose une "
    "démo de notre solution la semaine prochaine.",
    NULL },
  { "fr", CN_REQUEST_KIND_BUSINESS,
    "Nous cherchons un distributeur pour nos fromages en Belgique : un partenariat avec "
    "votre réseau de magasins aurait du sens.",
    NULL },
  { "fr", CN_REQUEST_KIND_BUSINESS,
    "Je prospecte les cliniques vétérinaires pour notre logiciel de facturation ; puis-je "
    "vous envoyer un devis ?",
    NULL },
  { "en", CN_REQUEST_KIND_BUSINESS,
    "Hi, our product cuts cloud bills by a third. Could we book a demo with your "
    "procurement team?",
    NULL },
  { "en", CN_REQUEST_KIND_BUSINESS,
    "We are looking for a reseller in Spain and think a partnership with your shops "
    "could work well.",
    NULL },
  { "en", CN_REQUEST_KIND_BUSINESS,
    "I'd like to present our pricing to your customer success lead; we already serve "
    "two clients in your sector.",
    NULL },
  /* Investment */
  { "fr", CN_REQUEST_KIND_INVESTMENT,
    "Bonjour, nous préparons une levée de fonds de 800 k€ pour notre application "
    "agricole et cherchons des business angels.",
    NULL },
  { "fr", CN_REQUEST_KIND_INVESTMENT,
    "Je cherche un investisseur pour le tour de table d'amorçage de ma société de "
    "vélos cargo.",
    NULL },
  { "fr", CN_REQUEST_KIND_INVESTMENT,
    "Votre fonds finance-t-il des projets de santé ? Nous bouclons notre financement "
    "en juin et je peux envoyer le pitch deck.",
    NULL },
  { "en", CN_REQUEST_KIND_INVESTMENT,
    "Hi, we are raising a seed round for a battery-recycling startup and would love "
    "to pitch your fund.",
    NULL },
  { "en", CN_REQUEST_KIND_INVESTMENT,
    "I'm looking for an investor who knows marketplaces; our fundraising closes in "
    "March.",
    NULL },
  { "en", CN_REQUEST_KIND_INVESTMENT,
    "Could you introduce me to Lena? Her firm leads Series A deals in fintech and our "
    "valuation question is urgent.",
    NULL },
  /* Press */
  { "fr", CN_REQUEST_KIND_PRESS,
    "Bonjour, je suis journaliste à un quotidien régional et je prépare un article sur "
    "la pénurie de médecins.",
    NULL },
  { "fr", CN_REQUEST_KIND_PRESS,
    "Accepteriez-vous une interview de vingt minutes pour notre podcast sur "
    "l'entrepreneuriat ?",
    NULL },
  { "fr", CN_REQUEST_KIND_PRESS,
    "Notre rédaction tourne un reportage sur les circuits courts ; votre témoignage "
    "nous aiderait.",
    NULL },
  { "en", CN_REQUEST_KIND_PRESS,
    "Hi, I'm a journalist writing a story on rural broadband and I'd like to quote you.", NULL },
  { "en", CN_REQUEST_KIND_PRESS,
    "We host a podcast about open source; would you join us for an interview next "
    "month?",
    NULL },
  { "en", CN_REQUEST_KIND_PRESS,
    "I'm a reporter at a trade magazine preparing an article on cold-chain logistics.", NULL },
  /* Advice */
  { "fr", CN_REQUEST_KIND_ADVICE,
    "Bonjour, j'hésite entre deux masters en urbanisme et votre avis de praticienne "
    "m'aiderait à choisir.",
    NULL },
  { "fr", CN_REQUEST_KIND_ADVICE,
    "Pourriez-vous me donner quelques conseils pour structurer mon projet d'atelier de "
    "céramique ?",
    NULL },
  { "fr", CN_REQUEST_KIND_ADVICE,
    "Je cherche un mentor pour mes débuts comme indépendante ; un retour d'expérience "
    "sur vos premières années me serait utile.",
    NULL },
  { "en", CN_REQUEST_KIND_ADVICE,
    "Hi, could I get your feedback on my plan to open a bike repair shop?", NULL },
  { "en", CN_REQUEST_KIND_ADVICE,
    "I'm a student writing my thesis on flood insurance and would value your advice on "
    "sources.",
    NULL },
  { "en", CN_REQUEST_KIND_ADVICE,
    "Would you mentor me for a few months as I move from teaching into UX research?", NULL },
  /* Nothing to tell */
  { "fr", CN_REQUEST_KIND_OTHER, "Bonjour, ravi de faire partie de votre réseau.", NULL },
  { "en", CN_REQUEST_KIND_OTHER, "Hi, let's connect!", NULL },
  { "en", CN_REQUEST_KIND_OTHER, "", NULL },
};

static void
test_kinds (void)
{
  guint failures = 0;

  for (guint i = 0; i < G_N_ELEMENTS (kind_cases); i++)
    {
      const KindCase *c = &kind_cases[i];
      CnRequestKind with_lang = cn_request_kind_classify (c->to_target, c->to_connector, c->lang);
      CnRequestKind without = cn_request_kind_classify (c->to_target, c->to_connector, NULL);

      if (with_lang != c->kind || without != c->kind)
        {
          g_test_message ("%s %s: got %s / %s for “%s”", c->lang, kind_id (c->kind),
                          kind_id (with_lang), kind_id (without), c->to_target);
          failures++;
        }
    }
  g_assert_cmpuint (failures, ==, 0);

  /* Exactly one bit, even on nothing. */
  g_assert_cmpint (cn_request_kind_classify (NULL, NULL, NULL), ==, CN_REQUEST_KIND_OTHER);
}

/* ---- Fit ----------------------------------------------------------------------- */

static void
test_fit_levels (void)
{
  const char *tags[] = { "bilan de compétences", "reconversion", "outplacement", NULL };
  g_autoptr(CnContact) contact = make_contact ("Consultante RH", "Passerelles Conseil", tags,
                                                CN_REQUEST_KIND_NONE);
  struct
  {
    const char *note;
    CnFitLevel level;
  } cases[] = {
    /* Two tags, anywhere. */
    { "Je fais un bilan de compétences avant une reconversion.", CN_FIT_GOOD },
    /* One tag word, inside the objective. */
    { "Je suis comptable depuis dix ans. Je prépare ma reconversion vers le paysagisme et "
      "je voudrais savoir comment vous accompagnez ce changement. Auriez-vous 15 minutes "
      "pour un appel la semaine prochaine ?",
      CN_FIT_GOOD },
    /* Only the position meets. */
    { "Bonjour, j'ai vu que vous étiez consultante.", CN_FIT_PARTIAL },
    /* Only the company meets. */
    { "Je connais bien Passerelles, votre cabinet.", CN_FIT_PARTIAL },
    /* Nothing, and the words of asking ("mise en relation") never count. */
    { "Bonjour, pouvez-vous me mettre en relation avec votre réseau ? Merci.", CN_FIT_NONE },
    { "", CN_FIT_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CnFit) fit = cn_fit_compute (cases[i].note, NULL, "fr", contact);

      g_test_message ("%s: %s", cn_fit_level_to_string (cn_fit_get_level (fit)), cases[i].note);
      g_assert_cmpint (cn_fit_get_level (fit), ==, cases[i].level);
      /* Kinds not stated: anything is accepted. */
      g_assert_false (cn_fit_get_kinds_stated (fit));
      g_assert_true (cn_fit_get_kind_accepted (fit));
    }
}

static void
test_fit_one_tag_focus (void)
{
  const char *tags[] = { "paysagisme", "urbanisme", NULL };
  g_autoptr(CnContact) contact = make_contact (NULL, NULL, tags, CN_REQUEST_KIND_NONE);
  /* The tag word where the objective is stated. */
  g_autoptr(CnFit) in_objective = cn_fit_compute (
      "Je suis comptable. Je prépare une reconversion vers le paysagisme et je voudrais "
      "savoir comment débuter. Auriez-vous 15 minutes pour un appel ?",
      NULL, "fr", contact);
  /* The same word only where they say who they are. */
  g_autoptr(CnFit) in_intro = cn_fit_compute ("Je suis paysagiste depuis dix ans. Je voudrais "
                                               "ouvrir une boutique de fleurs à Lyon. "
                                               "Accepteriez-vous un appel de 15 minutes ?",
                                               NULL, "fr", contact);

  g_assert_cmpuint (cn_fit_get_n_matches (in_objective), ==, 1);
  g_assert_cmpint (cn_fit_get_level (in_objective), ==, CN_FIT_GOOD);
  g_assert_cmpuint (cn_fit_get_n_matches (in_intro), ==, 1);
  g_assert_cmpstr (cn_fit_get_match (in_intro, 0)->request_term, ==, "paysagiste");
  g_assert_cmpint (cn_fit_get_level (in_intro), ==, CN_FIT_PARTIAL);
}

static void
test_fit_one_tag_outside_ask (void)
{
  const char *tags[] = { "cybersécurité", "gouvernance", NULL };
  g_autoptr(CnContact) contact = make_contact (NULL, NULL, tags, CN_REQUEST_KIND_NONE);
  /* The tag is met in the note to the connector only: one tag, not in the ask. */
  g_autoptr(CnFit) fit = cn_fit_compute ("Bonjour, pouvons-nous discuter ?",
                                          "Il travaille dans la cybersécurité.", "fr", contact);
  const CnFitMatch *m;

  g_assert_cmpint (cn_fit_get_level (fit), ==, CN_FIT_PARTIAL);
  g_assert_cmpuint (cn_fit_get_n_matches (fit), ==, 1);
  m = cn_fit_get_match (fit, 0);
  g_assert_cmpint (m->note, ==, CN_NOTE_TO_CONNECTOR);
  g_assert_cmpstr (m->request_term, ==, "cybersécurité");
  g_assert_cmpint (m->field, ==, CN_FIT_FIELD_EXPERTISE);
  g_assert_cmpuint (m->field_index, ==, 0);
}

static void
test_fit_spans (void)
{
  const char *tags[] = { "Rust", "bilan de compétences", "Cybersécurité industrielle", NULL };
  g_autoptr(CnContact) contact = make_contact ("Directrice de la recherche", "Ardoise Énergie",
                                                tags, CN_REQUEST_KIND_NONE);
  const char *to_target = "Élodie, vos COMPÉTENCES en cybersecurite et en rust m’intéressent "
                          "(compétences, encore).";
  const char *to_connector = "Elle connaît Ardoise énergie.";
  g_autoptr(CnFit) fit = cn_fit_compute (to_target, to_connector, NULL, contact);
  struct
  {
    CnNote note;
    const char *request_term;
    CnFitField field;
    guint index;
    const char *contact_term;
  } expected[] = {
    { CN_NOTE_TO_TARGET, "COMPÉTENCES", CN_FIT_FIELD_EXPERTISE, 1, "compétences" },
    { CN_NOTE_TO_TARGET, "cybersecurite", CN_FIT_FIELD_EXPERTISE, 2, "Cybersécurité" },
    { CN_NOTE_TO_TARGET, "rust", CN_FIT_FIELD_EXPERTISE, 0, "Rust" },
    { CN_NOTE_TO_TARGET, "compétences", CN_FIT_FIELD_EXPERTISE, 1, "compétences" },
    { CN_NOTE_TO_CONNECTOR, "Ardoise", CN_FIT_FIELD_COMPANY, 0, "Ardoise" },
    { CN_NOTE_TO_CONNECTOR, "énergie", CN_FIT_FIELD_COMPANY, 0, "Énergie" },
  };

  g_assert_cmpint (cn_fit_get_level (fit), ==, CN_FIT_GOOD);
  g_assert_cmpuint (cn_fit_get_n_matches (fit), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const CnFitMatch *m = cn_fit_get_match (fit, i);
      g_autofree char *in_note = match_text (m, to_target, to_connector);
      const char *card_text = m->field == CN_FIT_FIELD_EXPERTISE ? tags[m->field_index]
                              : m->field == CN_FIT_FIELD_POSITION
                                  ? cn_contact_get_position (contact)
                                  : cn_contact_get_company (contact);
      g_autofree char *on_card = g_utf8_substring (card_text, m->card_span.start, m->card_span.end);

      g_assert_cmpint (m->note, ==, expected[i].note);
      g_assert_cmpstr (m->request_term, ==, expected[i].request_term);
      g_assert_cmpstr (in_note, ==, expected[i].request_term);
      g_assert_cmpint (m->field, ==, expected[i].field);
      g_assert_cmpuint (m->field_index, ==, expected[i].index);
      g_assert_cmpstr (m->contact_term, ==, expected[i].contact_term);
      g_assert_cmpstr (on_card, ==, expected[i].contact_term);
    }
}

static void
test_fit_kinds_accepted (void)
{
  const char *tags[] = { "levée de fonds", "amorçage", NULL };
  const char *note = "Nous préparons une levée de fonds d'amorçage et cherchons un investisseur.";
  g_autoptr(CnContact)
                 contact = make_contact ("Associée", "Cap Nord", tags,
                                         CN_REQUEST_KIND_INVESTMENT | CN_REQUEST_KIND_ADVICE);

  {
    g_autoptr(CnFit) fit = cn_fit_compute (note, NULL, "fr", contact);

    g_assert_cmpint (cn_fit_get_kind (fit), ==, CN_REQUEST_KIND_INVESTMENT);
    g_assert_true (cn_fit_get_kinds_stated (fit));
    g_assert_true (cn_fit_get_kind_accepted (fit));
    g_assert_cmpint (cn_fit_get_level (fit), ==, CN_FIT_GOOD);
  }
  cn_contact_set_accepted_kinds (contact, CN_REQUEST_KIND_PRESS);
  {
    g_autoptr(CnFit) fit = cn_fit_compute (note, NULL, "fr", contact);

    g_assert_true (cn_fit_get_kinds_stated (fit));
    g_assert_false (cn_fit_get_kind_accepted (fit));
    /* The level is about the words, whatever the kind. */
    g_assert_cmpint (cn_fit_get_level (fit), ==, CN_FIT_GOOD);
  }
  /* No contact: no level, the kind is still told. */
  {
    g_autoptr(CnFit) fit = cn_fit_compute (note, NULL, NULL, NULL);

    g_assert_cmpint (cn_fit_get_level (fit), ==, CN_FIT_NONE);
    g_assert_cmpint (cn_fit_get_kind (fit), ==, CN_REQUEST_KIND_INVESTMENT);
    g_assert_cmpuint (cn_fit_get_n_matches (fit), ==, 0);
  }
}

static void
test_fit_invalid_utf8 (void)
{
  const char *tags[] = { "recrutement", "\xc3\x28 paie", NULL };
  g_autoptr(CnContact)
                 contact = make_contact ("Recruteuse \xff", NULL, tags, CN_REQUEST_KIND_NONE);
  g_autoptr(CnFit) fit = cn_fit_compute ("Je suis recruteur\xe9\xff et paie", "\x80\x80", NULL,
                                          contact);
  const CnFitMatch *m;

  /* Read as far as valid: "Je suis recruteur" only. */
  g_assert_cmpuint (cn_fit_get_n_matches (fit), ==, 1);
  m = cn_fit_get_match (fit, 0);
  g_assert_cmpstr (m->request_term, ==, "recruteur");
  g_assert_cmpstr (m->contact_term, ==, "recrutement");
  g_assert_true (g_utf8_validate (m->request_term, -1, NULL));
  g_assert_cmpint (cn_request_kind_classify ("\xff\xfe", "\xc3", NULL), ==, CN_REQUEST_KIND_OTHER);
}

/* ---- The example data ------------------------------------------------------ */

static char *
describe_fit (const CnFit *fit, const char *note_to_target, const char *note_to_connector)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%-10s %-8s %-8s", kind_id (cn_fit_get_kind (fit)),
                          cn_fit_level_to_string (cn_fit_get_level (fit)),
                          cn_fit_get_kind_accepted (fit) ? "accepted" : "refused");
  for (guint i = 0; i < cn_fit_get_n_matches (fit); i++)
    {
      const CnFitMatch *m = cn_fit_get_match (fit, i);
      static const char *const fields[] = { "tag", "position", "company" };

      g_string_append_printf (out, " %s%s→%s:%u:%s",
                              m->note == CN_NOTE_TO_TARGET ? "" : "c:", m->request_term,
                              fields[m->field], m->field_index, m->contact_term);
    }
  return g_string_free (out, FALSE);
}

static void
test_demo (void)
{
  g_autofree char *dir = cn_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "connecteur.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = cn_store_open (path, &error);
  g_autoptr(GArray) ids = NULL;
  gboolean outplacement_seen = FALSE;

  g_assert_no_error (error);
  g_assert_cmpint (cn_demo_load (store, &error), >, 0);
  g_assert_no_error (error);
  ids = cn_store_list_request_ids (store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CnRequest)
                     request = cn_store_get_request (store, g_array_index (ids, gint64, i), &error);
      g_autoptr(CnContact) contact = NULL;
      g_autoptr(CnFit) fit = NULL;
      g_autofree char *line = NULL;
      const char *to_target, *to_connector;
      gint64 t0;

      g_assert_no_error (error);
      contact = cn_store_get_contact (store, cn_request_get_target_id (request), &error);
      g_assert_no_error (error);
      to_target = cn_request_get_note_to_target (request);
      to_connector = cn_request_get_note_to_connector (request);
      t0 = g_get_monotonic_time ();
      fit = cn_fit_compute (to_target, to_connector, NULL, contact);
      line = describe_fit (fit, to_target, to_connector);
      g_test_message ("%-16s → %-22s %s (%" G_GINT64_FORMAT " µs)",
                      cn_request_get_requester_name (request), cn_contact_get_name (contact), line,
                      g_get_monotonic_time () - t0);

      /* Every match points at its word. */
      for (guint m = 0; m < cn_fit_get_n_matches (fit); m++)
        {
          const CnFitMatch *match = cn_fit_get_match (fit, m);
          g_autofree char *text = match_text (match, to_target, to_connector);

          g_assert_cmpstr (text, ==, match->request_term);
          /* A word of a note is reported once. */
          for (guint n = 0; n < m; n++)
            {
              const CnFitMatch *other = cn_fit_get_match (fit, n);

              g_assert_false (other->note == match->note && other->span.start == match->span.start);
            }
        }

      if (g_str_equal (cn_contact_get_position (contact), "Consultante en outplacement"))
        {
          g_assert_cmpint (cn_fit_get_level (fit), ==, CN_FIT_GOOD);
          g_assert_true (cn_fit_get_kind_accepted (fit));
          g_assert_true (cn_fit_get_kinds_stated (fit));
          g_assert_true (cn_fit_get_kind (fit) == CN_REQUEST_KIND_JOB_SEARCH ||
                         cn_fit_get_kind (fit) == CN_REQUEST_KIND_ADVICE);
          outplacement_seen = TRUE;
        }
    }
  g_assert_true (outplacement_seen);

  g_clear_object (&store);
  cn_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fit/stem/inflections", test_stem_inflections);
  g_test_add_func ("/fit/stem/words", test_stem_words);
  g_test_add_func ("/fit/threads", test_stem_threads);

  g_test_add_func ("/fit/kinds", test_kinds);
  g_test_add_func ("/fit/levels", test_fit_levels);
  g_test_add_func ("/fit/one-tag-focus", test_fit_one_tag_focus);
  g_test_add_func ("/fit/one-tag-outside-ask", test_fit_one_tag_outside_ask);
  g_test_add_func ("/fit/spans", test_fit_spans);
  g_test_add_func ("/fit/kinds-accepted", test_fit_kinds_accepted);
  g_test_add_func ("/fit/invalid-utf8", test_fit_invalid_utf8);
  g_test_add_func ("/fit/demo", test_demo);

  return g_test_run ();
}
